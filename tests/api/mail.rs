//! E-mail: settings, the real SMTP path, and the durable outbox.

use std::time::Duration;

use serde_json::json;
use staffroom::access::Role;
use staffroom::http::Lang;
use staffroom::ids::TenantId;
use staffroom::mail::Template;

use crate::smtp_server::SmtpServer;
use crate::support::{TestApp, data_of, error_of, test_config};

fn config_with_smtp(smtp: &SmtpServer) -> staffroom::config::Config {
    let mut config = test_config();
    config.mail.smtp_host = Some(smtp.addr.ip().to_string());
    config.mail.smtp_port = smtp.addr.port();
    config.mail.smtp_security = staffroom::config::SmtpSecurity::None;
    config.mail.from = "Salon Mail <mail@salon.example>".into();
    config
}

async fn queue(app: &TestApp, tenant: &str, to: &str) {
    let (tenant, to, now) = (TenantId::parse(tenant).unwrap(), to.to_string(), app.state.clock.now());
    app.state
        .db
        .write(move |tx| {
            staffroom::mail::queue(tx, Some(&tenant), "Salon Élise", Lang::En, &to, &Template::PasswordChanged, now)
        })
        .await
        .unwrap();
    app.state.mailer.wake();
}

async fn outbox(app: &TestApp, token: &str) -> serde_json::Value {
    data_of(app.client.get(app.url("/api/v1/settings/email/outbox")).bearer_auth(token).send().await.unwrap()).await
}

async fn wait_until(mut check: impl AsyncFnMut() -> bool) {
    for _ in 0..200 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("condition not reached");
}

#[tokio::test]
async fn email_settings_need_the_settings_permission() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let admin = app.add_user(&owner.tenant_id, Role::TenantAdmin, "admin@salon.example").await;
    let manager = app.add_user(&owner.tenant_id, Role::Manager, "manager@salon.example").await;
    let user = app.add_user(&owner.tenant_id, Role::User, "user@salon.example").await;
    for path in ["/api/v1/settings/email/smtp", "/api/v1/settings/email/outbox"] {
        assert_eq!(error_of(app.get(path).await).await.0, 401, "{path}");
        for session in [&manager, &user] {
            let response = app.client.get(app.url(path)).bearer_auth(&session.access).send().await.unwrap();
            assert_eq!(error_of(response).await.1, "forbidden", "{path}");
        }
        for session in [&owner, &admin] {
            assert_eq!(app.client.get(app.url(path)).bearer_auth(&session.access).send().await.unwrap().status(), 200);
        }
    }
    let put =
        app.client.put(app.url("/api/v1/settings/email/smtp")).bearer_auth(&user.access).json(&json!({"host": null}));
    assert_eq!(error_of(put.send().await.unwrap()).await.1, "forbidden");
    // Everyone signed in may read the sender and the status.
    for path in ["/api/v1/settings/email/sender", "/api/v1/settings/email/status"] {
        assert_eq!(app.client.get(app.url(path)).bearer_auth(&user.access).send().await.unwrap().status(), 200);
        assert_eq!(error_of(app.get(path).await).await.0, 401);
    }
}

#[tokio::test]
async fn tenant_smtp_settings_are_validated_and_the_password_is_write_only() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let put = |body: serde_json::Value| {
        app.client.put(app.url("/api/v1/settings/email/smtp")).bearer_auth(&owner.access).json(&body).send()
    };

    let (status, code, error) = error_of(put(json!({"host": "127.0.0.1", "port": 2525})).await.unwrap()).await;
    assert_eq!((status, code.as_str()), (400, "validation_failed"));
    assert!(error["error"]["fields"]["host"].as_str().unwrap().contains("private"), "{error}");
    let (_, code, error) = error_of(put(json!({"security": "ssl"})).await.unwrap()).await;
    assert_eq!(code, "validation_failed");
    assert!(error["error"]["fields"]["security"].is_string());
    let (_, code, _) = error_of(put(json!({"hostname": "x"})).await.unwrap()).await;
    assert_eq!(code, "validation_failed", "unknown field");

    let view = data_of(
        app.client.get(app.url("/api/v1/settings/email/smtp")).bearer_auth(&owner.access).send().await.unwrap(),
    )
    .await;
    assert_eq!(view["source"], "none");

    // Where the operator allows private hosts, a relay on the local network can be saved.
    let mut config = test_config();
    config.mail.allow_private_hosts = true;
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    let put = |body: serde_json::Value| {
        app.client.put(app.url("/api/v1/settings/email/smtp")).bearer_auth(&owner.access).json(&body).send()
    };
    let body =
        json!({"host": "127.0.0.1", "port": 2525, "security": "none", "username": "mailer", "password": "s3cret-smtp"});
    let saved = data_of(put(body).await.unwrap()).await;
    assert_eq!((saved["source"].as_str(), saved["port"].as_u64()), (Some("tenant"), Some(2525)));
    assert_eq!(saved["passwordSet"], true);
    assert!(!saved.to_string().contains("s3cret-smtp"));
    let sealed: String = app
        .state
        .db
        .read(|c| Ok(c.query_row("SELECT smtp_password_enc FROM email_settings", [], |r| r.get(0))?))
        .await
        .unwrap();
    assert!(!sealed.contains("s3cret-smtp"), "stored sealed");
    let cleared = data_of(put(json!({"password": null})).await.unwrap()).await;
    assert_eq!(cleared["passwordSet"], false);
}

#[tokio::test]
async fn test_mail_goes_through_a_real_smtp_server() {
    let smtp = SmtpServer::start().await;
    let mut config = config_with_smtp(&smtp);
    config.mail.allow_private_hosts = true;
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    let view = data_of(
        app.client.get(app.url("/api/v1/settings/email/smtp")).bearer_auth(&owner.access).send().await.unwrap(),
    )
    .await;
    assert_eq!(view["source"], "config");
    let result = data_of(
        app.client.post(app.url("/api/v1/settings/email/smtp/test")).bearer_auth(&owner.access).send().await.unwrap(),
    )
    .await;
    assert_eq!(result["delivered"], true, "{result}");
    assert!(result["response"].as_str().unwrap().starts_with("250"), "{result}");
    let mail = &smtp.wait_for(1).await[0];
    assert!(mail.to[0].contains("anna@salon.example"));
    assert!(mail.from.contains("mail@salon.example"));
    assert!(mail.subject().contains("test mail"), "{}", mail.subject());
    assert!(mail.body().contains("Staffroom can send e-mail"), "{}", mail.body());

    // A tenant's own server (allowed to be private here) takes over, with its own sender.
    let mut other = SmtpServer::start().await;
    let put = json!({"host": "127.0.0.1", "port": other.addr.port(), "security": "none"});
    let saved = data_of(
        app.client
            .put(app.url("/api/v1/settings/email/smtp"))
            .bearer_auth(&owner.access)
            .json(&put)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(saved["source"], "tenant");
    let sender = json!({"fromName": "Salon Élise", "fromEmail": "hello@salon.example"});
    let view = data_of(
        app.client
            .put(app.url("/api/v1/settings/email/sender"))
            .bearer_auth(&owner.access)
            .json(&sender)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(view["effectiveFrom"].as_str().unwrap().contains("hello@salon.example"));
    let result = data_of(
        app.client
            .post(app.url("/api/v1/settings/email/smtp/test"))
            .bearer_auth(&owner.access)
            .json(&json!({"to": "check@salon.example"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(result["delivered"], true);
    let mail = &other.wait_for(1).await[0];
    assert!(mail.from.contains("hello@salon.example") && mail.to[0].contains("check@salon.example"));
    // The config server got one more: the notice to the owner that the server changed, which
    // never travels through the new (possibly hostile) server.
    let notices = smtp.wait_for(2).await;
    assert_eq!(notices.len(), 2);
    assert!(notices[1].body().contains("changed the SMTP server"), "{}", notices[1].body());
    assert_eq!(other.messages().len(), 1, "the tenant's server got only the test mail");

    // A server that is down is reported, not hidden.
    other.stop();
    let result = data_of(
        app.client.post(app.url("/api/v1/settings/email/smtp/test")).bearer_auth(&owner.access).send().await.unwrap(),
    )
    .await;
    assert_eq!(result["delivered"], false);
    assert!(!result["response"].as_str().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mails_wait_while_smtp_is_down_and_go_out_once_after() {
    let mut smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(config_with_smtp(&smtp)).await;
    let owner = app.setup_owner().await;
    smtp.stop();
    for i in 0..3 {
        queue(&app, &owner.tenant_id, &format!("staff{i}@salon.example")).await;
    }
    wait_until(async || {
        let items = outbox(&app, &owner.access).await["items"].as_array().unwrap().clone();
        items.len() == 3 && items.iter().all(|m| m["attempts"] == 1 && m["lastError"].is_string())
    })
    .await;
    let services =
        data_of(app.client.get(app.url("/api/v1/health/services")).bearer_auth(&owner.access).send().await.unwrap())
            .await;
    assert_eq!(services["mail"]["status"], "waiting");
    assert_eq!(services["mail"]["outboxDepth"], 3);

    // A restart keeps them.
    let dir = app.stop().await;
    let mut config = config_with_smtp(&smtp);
    config.mail.smtp_port = smtp.addr.port();
    let app = TestApp::spawn_in(dir, config).await;
    let owner = app.login(crate::support::OWNER_EMAIL, crate::support::OWNER_PASSWORD).await;
    assert_eq!(outbox(&app, &owner.access).await["total"], 3);

    smtp.restart().await;
    app.state.clock.advance(Duration::from_secs(31));
    app.state.mailer.wake();
    let received = smtp.wait_for(3).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.state.mailer.wake();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.messages().len(), 3, "none sent twice");
    let mut to: Vec<String> = received.iter().map(|m| m.to[0].clone()).collect();
    to.sort();
    assert_eq!(to, vec!["<staff0@salon.example>", "<staff1@salon.example>", "<staff2@salon.example>"]);
    let listed = outbox(&app, &owner.access).await;
    assert!(listed["items"].as_array().unwrap().iter().all(|m| m["status"] == "sent" && m["sentAt"].is_string()));
    let services =
        data_of(app.client.get(app.url("/api/v1/health/services")).bearer_auth(&owner.access).send().await.unwrap())
            .await;
    assert_eq!(services["mail"]["outboxDepth"], 0);
}

#[tokio::test]
async fn without_smtp_mails_wait_and_admins_can_read_them() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    queue(&app, &owner.tenant_id, "staff@salon.example").await;
    let other = app.add_tenant("elsewhere").await;
    queue(&app, &other, "someone@elsewhere.example").await;
    wait_until(async || outbox(&app, &owner.access).await["items"][0]["attempts"] == 1).await;
    let listed = outbox(&app, &owner.access).await;
    assert_eq!(listed["total"], 1, "only this tenant's mails");
    let mail = &listed["items"][0];
    assert_eq!(mail["status"], "pending");
    assert!(mail["lastError"].as_str().unwrap().contains("no SMTP server"));
    assert!(mail["body"].as_str().unwrap().contains("Salon Élise"));
    let status = data_of(
        app.client.get(app.url("/api/v1/settings/email/status")).bearer_auth(&owner.access).send().await.unwrap(),
    )
    .await;
    assert_eq!((status["configured"].as_bool(), status["pending"].as_u64()), (Some(false), Some(1)));
    assert!(status["lastError"].is_string());
    let staff = app.add_user(&owner.tenant_id, Role::User, "staff@salon.example").await;
    let status = crate::support::call(&app, "GET", "/api/v1/settings/email/status", Some(&staff.access), None).await;
    assert!(data_of(status).await["lastError"].is_null(), "staff do not see delivery errors");
    let page = data_of(
        app.client
            .get(app.url("/api/v1/settings/email/outbox?page=2&limit=500"))
            .bearer_auth(&owner.access)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (page["page"].as_u64(), page["limit"].as_u64(), page["items"].as_array().unwrap().len()),
        (Some(2), Some(100), 0)
    );
}

#[tokio::test]
async fn footer_compliance_tracking_and_deliverability() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let user = app.add_user(&owner.tenant_id, Role::User, "user@salon.example").await;
    let put = async |path: &str, token: &str, body: serde_json::Value| {
        app.client.put(app.url(path)).bearer_auth(token).json(&body).send().await.unwrap()
    };
    let get = async |path: &str, token: &str| app.client.get(app.url(path)).bearer_auth(token).send().await.unwrap();

    assert_eq!(
        data_of(get("/api/v1/settings/email/tracking", &user.access).await).await,
        json!({"openTracking": false, "clickTracking": false})
    );
    let (status, _, error) = error_of(
        put("/api/v1/settings/email/tracking", &owner.access, json!({"openTracking": true, "clickTracking": false}))
            .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(error["error"]["fields"]["openTracking"].as_str().unwrap().contains("does not track"));

    assert_eq!(error_of(put("/api/v1/settings/email/footer", &user.access, json!({"text": "x"})).await).await.0, 403);
    data_of(
        put("/api/v1/settings/email/footer", &owner.access, json!({"text": "Kapsalon Élise · altijd welkom"})).await,
    )
    .await;
    let (status, _, _) = error_of(
        put("/api/v1/settings/email/compliance", &owner.access, json!({"privacyUrl": "javascript:alert(1)"})).await,
    )
    .await;
    assert_eq!(status, 400);
    let compliance = json!({"legalName": "Élise Haarmode B.V.", "postalAddress": "Kerkstraat 1, Amsterdam", "privacyUrl": "https://salon.example/privacy"});
    assert_eq!(
        data_of(put("/api/v1/settings/email/compliance", &owner.access, compliance.clone()).await).await,
        compliance
    );
    assert_eq!(data_of(get("/api/v1/settings/email/compliance", &user.access).await).await, compliance);
    queue(&app, &owner.tenant_id, "staff@salon.example").await;
    let mail = outbox(&app, &owner.access).await["items"][0].clone();
    let body = mail["body"].as_str().unwrap();
    for line in [
        "Kapsalon Élise · altijd welkom",
        "Élise Haarmode B.V.",
        "Kerkstraat 1, Amsterdam",
        "https://salon.example/privacy",
    ] {
        assert!(body.contains(line), "{line} missing from {body}");
    }

    let advice = data_of(get("/api/v1/settings/email/deliverability", &owner.access).await).await;
    // No operator `mail.from`: mail goes out from the business address given at setup.
    assert_eq!(advice["domain"], "salon.example");
    assert!(advice["dmarc"].as_str().unwrap().starts_with("v=DMARC1"));
    let saved =
        data_of(put("/api/v1/settings/email/deliverability", &owner.access, json!({"dkimSelector": "mail2026"})).await)
            .await;
    assert_eq!(saved["dkimSelector"], "mail2026");
    assert_eq!(
        error_of(
            put("/api/v1/settings/email/deliverability", &owner.access, json!({"dkimSelector": "bad selector"})).await
        )
        .await
        .0,
        400
    );
    assert_eq!(
        error_of(put("/api/v1/settings/email/deliverability", &owner.access, json!({"spf": "x"})).await).await.0,
        400
    );
}

/// Without any SMTP server, a round of undeliverable mails costs one commit per batch of the
/// sender, not one per mail (a fresh install that invites its team would otherwise spend an
/// fsync per invitation on every retry).
#[tokio::test]
async fn undeliverable_mails_are_recorded_together() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let (tenant, now) = (TenantId::parse(&owner.tenant_id).unwrap(), app.state.clock.now());
    app.state
        .db
        .write(move |tx| {
            for n in 0..45 {
                let to = format!("staff{n}@salon.example");
                staffroom::mail::queue(tx, Some(&tenant), "Salon", Lang::En, &to, &Template::PasswordChanged, now)?;
            }
            Ok(())
        })
        .await
        .unwrap();
    let stats = app.state.db.writer_stats();
    let before = stats.jobs_committed.load(std::sync::atomic::Ordering::Relaxed);
    app.state.mailer.wake();
    wait_until(async || {
        let waiting: i64 = app
            .state
            .db
            .read(|c| Ok(c.query_row("SELECT count(*) FROM mail_outbox WHERE attempts = 0", [], |r| r.get(0))?))
            .await
            .unwrap();
        waiting == 0
    })
    .await;
    let jobs = stats.jobs_committed.load(std::sync::atomic::Ordering::Relaxed) - before;
    // 45 mails in batches of 20: three write jobs.
    assert!(jobs <= 4, "{jobs} write jobs for one round of 45 undeliverable mails");
}
