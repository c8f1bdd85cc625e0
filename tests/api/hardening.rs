//! The Hardening issue's security items, each reproducing what a security review found: the
//! outbox leaking another account's sign-in code, cached API answers, an attacker locking the
//! owner out, a planted CSRF cookie pair, access tokens outliving logout, huge headers, and the
//! salon API's short-lived tokens.

use std::time::Duration;

use base64::Engine;
use serde_json::{Value, json};
use staffroom::access::Role;

use crate::smtp_server::SmtpServer;
use crate::support::{
    OWNER_EMAIL, OWNER_PASSWORD, TestApp, call, cookie_value, data_of, error_of, set_cookies, test_config,
};

async fn outbox(app: &TestApp, token: &str) -> Vec<Value> {
    let page = data_of(call(app, "GET", "/api/v1/settings/email/outbox?limit=100", Some(token), None).await).await;
    page["items"].as_array().unwrap().clone()
}

fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

// ---- 1. secrets in the outbox, and who changes the SMTP server ---------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_cannot_read_the_owners_sign_in_code_or_reset_link() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let admin = app.add_user(&owner.tenant_id, Role::TenantAdmin, "admin@salon.example").await;
    // The attack: start an e-mail sign-in and a password reset for the owner, then read them.
    let started =
        app.post_json("/api/v1/auth/otp/start", &json!({"channel": "email", "destination": OWNER_EMAIL})).await;
    assert_eq!(started.status(), 200);
    assert_eq!(app.post_json("/api/v1/auth/password/forgot", &json!({"email": OWNER_EMAIL})).await.status(), 200);

    let seen_by_admin = outbox(&app, &admin.access).await;
    let secret: Vec<&Value> =
        seen_by_admin.iter().filter(|m| m["kind"] == "otp" || m["kind"] == "password_reset").collect();
    assert_eq!(secret.len(), 2, "{seen_by_admin:?}");
    for mail in secret {
        assert_eq!(mail["body"], Value::Null, "{mail}");
        assert_eq!(mail["hidden"], "secret");
        let subject = mail["subject"].as_str().unwrap();
        assert!(!subject.chars().any(|c| c.is_ascii_digit()), "no code in the subject: {subject}");
        assert!(!mail.to_string().contains("token="), "{mail}");
    }
    // The code itself is nowhere in what the admin got.
    let code = app
        .state
        .db
        .read(|c| {
            Ok(c.query_row("SELECT body_text FROM mail_outbox WHERE kind = 'otp'", [], |r| r.get::<_, String>(0))?)
        })
        .await
        .unwrap();
    let digits: String = code.split("code is ").nth(1).unwrap().chars().take(6).collect();
    assert!(!serde_json::to_string(&seen_by_admin).unwrap().contains(&digits));

    // The recipient sees their own.
    let seen_by_owner = outbox(&app, &owner.access).await;
    let otp = seen_by_owner.iter().find(|m| m["kind"] == "otp").unwrap();
    assert!(otp["body"].as_str().unwrap().contains(&digits));
    assert_eq!(otp["hidden"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitation_links_show_only_while_the_invitation_is_pending() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let admin = app.add_user(&owner.tenant_id, Role::TenantAdmin, "admin@salon.example").await;
    let invite = json!({"email": "bo@salon.example", "firstName": "Bo", "lastName": "Jansen"});
    assert_eq!(call(&app, "POST", "/api/v1/users", Some(&owner.access), Some(invite)).await.status(), 201);
    let mails = outbox(&app, &admin.access).await;
    let invitation = mails.iter().find(|m| m["kind"] == "invitation").unwrap();
    let body = invitation["body"].as_str().expect("an inviter may read a pending invitation");
    let token = body.split("token=").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
    let accepted = app
        .post_json("/api/v1/users/accept-invitation", &json!({"token": token, "password": "bo's own password"}))
        .await;
    assert_eq!(accepted.status(), 200);
    let mails = outbox(&app, &admin.access).await;
    let invitation = mails.iter().find(|m| m["kind"] == "invitation").unwrap();
    assert_eq!((invitation["body"].clone(), invitation["hidden"].clone()), (Value::Null, json!("spent")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_an_owner_changes_the_smtp_server_and_the_owners_hear_of_it() {
    let mut config = test_config();
    config.mail.allow_private_hosts = true;
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    let admin = app.add_user(&owner.tenant_id, Role::TenantAdmin, "admin@salon.example").await;
    let evil = json!({"host": "127.0.0.1", "port": 2525, "security": "none"});
    let (status, code, _) =
        error_of(call(&app, "PUT", "/api/v1/settings/email/smtp", Some(&admin.access), Some(evil.clone())).await).await;
    assert_eq!((status, code.as_str()), (403, "forbidden"));
    assert_eq!(call(&app, "PUT", "/api/v1/settings/email/smtp", Some(&owner.access), Some(evil)).await.status(), 200);
    assert!(app.audit_actions().await.contains(&"email.smtp_changed".to_string()));
    let notice = outbox(&app, &owner.access).await.into_iter().find(|m| m["kind"] == "smtp_changed").expect("notice");
    assert_eq!(notice["to"], OWNER_EMAIL);
    assert!(notice["body"].as_str().unwrap().contains("127.0.0.1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owners_credential_mail_goes_through_the_operators_server() {
    let operator = SmtpServer::start().await;
    let tenant_server = SmtpServer::start().await;
    let mut config = test_config();
    config.mail.smtp_host = Some("127.0.0.1".into());
    config.mail.smtp_port = operator.addr.port();
    config.mail.smtp_security = staffroom::config::SmtpSecurity::None;
    config.mail.allow_private_hosts = true;
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    app.add_user(&owner.tenant_id, Role::User, "staff@salon.example").await;
    let own = json!({"host": "127.0.0.1", "port": tenant_server.addr.port(), "security": "none"});
    assert_eq!(call(&app, "PUT", "/api/v1/settings/email/smtp", Some(&owner.access), Some(own)).await.status(), 200);
    operator.wait_for(1).await; // the notice that the server changed

    assert_eq!(app.post_json("/api/v1/auth/password/forgot", &json!({"email": OWNER_EMAIL})).await.status(), 200);
    assert_eq!(
        app.post_json("/api/v1/auth/password/forgot", &json!({"email": "staff@salon.example"})).await.status(),
        200
    );
    let at_operator = operator.wait_for(2).await;
    assert!(at_operator[1].to[0].contains(OWNER_EMAIL) && at_operator[1].body().contains("reset-password"));
    let at_tenant = tenant_server.wait_for(1).await;
    assert!(at_tenant[0].to[0].contains("staff@salon.example"), "staff mail through the tenant's own server");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(tenant_server.messages().len(), 1, "the owner's link never went through the tenant's server");
}

// ---- 8. dead links are never sent; admins close waiting mail -----------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mails_with_spent_links_are_never_sent_later() {
    let smtp = SmtpServer::start().await;
    let mut config = test_config();
    config.mail.allow_private_hosts = true;
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    // No SMTP yet: two invitations wait. One is accepted (the link was handed over in person), one
    // closed by the admin, and one more just waits.
    for who in ["bo", "cas", "dee"] {
        let body = json!({"email": format!("{who}@salon.example"), "firstName": who, "lastName": "X"});
        assert_eq!(call(&app, "POST", "/api/v1/users", Some(&owner.access), Some(body)).await.status(), 201);
    }
    let mails = outbox(&app, &owner.access).await;
    let for_whom = |who: &str| mails.iter().find(|m| m["to"] == format!("{who}@salon.example")).unwrap().clone();
    let token = for_whom("bo")["body"]
        .as_str()
        .unwrap()
        .split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let accepted =
        app.post_json("/api/v1/users/accept-invitation", &json!({"token": token, "password": "bo's password"})).await;
    assert_eq!(accepted.status(), 200);
    let cas = for_whom("cas")["id"].as_str().unwrap().to_string();
    let close = |id: &str, status: &str| {
        let (path, body) = (format!("/api/v1/settings/email/outbox/{id}/close"), json!({"status": status}));
        let (app, token) = (&app, owner.access.clone());
        async move { call(app, "POST", &path, Some(&token), Some(body)).await }
    };
    assert_eq!(close(&cas, "discarded").await.status(), 200);
    assert_eq!(error_of(close(&cas, "handled").await).await.0, 409, "closed once");
    assert_eq!(error_of(close(&cas, "sent").await).await.0, 400, "not a way to close");
    assert_eq!(error_of(close("0190b2a4-0000-7000-8000-000000000001", "handled").await).await.0, 404);

    // A week later the owner sets up e-mail: only the live invitation goes out.
    let put = json!({"host": "127.0.0.1", "port": smtp.addr.port(), "security": "none"});
    assert_eq!(call(&app, "PUT", "/api/v1/settings/email/smtp", Some(&owner.access), Some(put)).await.status(), 200);
    let sent = smtp.wait_for(2).await; // dee's invitation and the owner's notice
    tokio::time::sleep(Duration::from_millis(500)).await;
    let to: Vec<String> = smtp.messages().iter().map(|m| m.to[0].clone()).collect();
    assert_eq!(sent.len(), 2);
    assert!(to.iter().any(|t| t.contains("dee@")), "{to:?}");
    assert!(!to.iter().any(|t| t.contains("bo@") || t.contains("cas@")), "{to:?}");
    let statuses: Vec<(String, String)> = outbox(&app, &owner.access)
        .await
        .iter()
        .map(|m| (m["to"].as_str().unwrap().to_string(), m["status"].as_str().unwrap().to_string()))
        .collect();
    assert!(statuses.contains(&("bo@salon.example".into(), "cancelled".into())), "{statuses:?}");
    assert!(statuses.contains(&("cas@salon.example".into(), "discarded".into())), "{statuses:?}");
}

// ---- 2. no-store; 6. header cap; 7. salon tokens ---------------------------------------------

#[tokio::test]
async fn api_answers_are_never_cached_and_ui_files_keep_their_etag() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let key =
        call(&app, "POST", "/api/v1/service-accounts", Some(&owner.access), Some(json!({"name": "K", "scopes": []})))
            .await;
    let outbox = call(&app, "GET", "/api/v1/settings/email/outbox", Some(&owner.access), None).await;
    let salon = app.post_json("/api/auth/login", &json!({"email": OWNER_EMAIL, "password": OWNER_PASSWORD})).await;
    let health = app.get("/api/v1/health").await;
    let missing = app.get("/api/v1/no-such-route").await;
    for response in [key, outbox, salon, health, missing] {
        assert_eq!(response.headers()["cache-control"], "no-store", "{}", response.url());
    }
    let script = app.get("/assets/app.js").await;
    assert_eq!(script.headers()["cache-control"], "no-cache");
    assert!(script.headers().contains_key("etag"));
}

#[tokio::test]
async fn huge_request_headers_are_refused() {
    let app = TestApp::spawn().await;
    let big = "a".repeat(200 * 1024);
    let response = app.client.get(app.url("/api/v1/health")).header("x-padding", big).send().await;
    match response {
        Ok(response) => assert_eq!(response.status(), 431),
        // hyper may close the connection right after its 431; either way nothing was served.
        Err(e) => assert!(!e.is_status(), "{e}"),
    }
    assert_eq!(
        app.client.get(app.url("/api/v1/health")).header("x-padding", "a".repeat(4096)).send().await.unwrap().status(),
        200
    );
}

#[tokio::test]
async fn salon_api_tokens_last_a_working_day() {
    let app = TestApp::spawn().await;
    app.setup_owner().await;
    let reply = app.post_json("/api/auth/login", &json!({"email": OWNER_EMAIL, "password": OWNER_PASSWORD})).await;
    let body: Value = reply.json().await.unwrap();
    let claims = claims_of(body["token"].as_str().unwrap());
    assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 8 * 3600);
    let v1 =
        data_of(app.post_json("/api/v1/auth/login", &json!({"email": OWNER_EMAIL, "password": OWNER_PASSWORD})).await)
            .await;
    let claims = claims_of(v1["accessToken"].as_str().unwrap());
    assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 15 * 60);
}

// ---- 3. no attacker-triggered lockout ------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_passwords_from_elsewhere_do_not_lock_out_a_known_browser() {
    let mut config = test_config();
    config.server.trusted_proxies = vec!["127.0.0.1".into()];
    config.rate_limits.login_failures_per_account = 3;
    let app = TestApp::spawn_with(config).await;
    app.setup_owner().await;
    let login = |from: String, password: &str, device: Option<&str>| {
        let mut request = app
            .client
            .post(app.url("/api/v1/auth/login"))
            .header("x-forwarded-for", from)
            .json(&json!({"email": OWNER_EMAIL, "password": password}));
        if let Some(device) = device {
            request = request.header("cookie", format!("staffroom_device={device}"));
        }
        request.send()
    };
    // The owner's browser signed in before and carries a device cookie.
    let first = login("198.51.100.1".into(), OWNER_PASSWORD, None).await.unwrap();
    assert_eq!(first.status(), 200);
    let device = cookie_value(&set_cookies(&first), "staffroom_device").expect("device cookie");
    let raw = set_cookies(&first).into_iter().find(|c| c.starts_with("staffroom_device=")).unwrap();
    assert!(raw.contains("HttpOnly") && raw.contains("SameSite=Strict") && raw.contains("Path=/api"), "{raw}");

    // Ten wrong passwords from ten addresses.
    let mut answers = Vec::new();
    for i in 0..10 {
        let response = login(format!("203.0.113.{i}"), "guess", None).await.unwrap();
        answers.push(response.status().as_u16());
    }
    assert_eq!(&answers[..3], &[401, 401, 401]);
    assert!(answers[3..].iter().all(|s| *s == 429), "{answers:?}");
    // The account waits (a second, doubling), told how long — no 15-minute lockout, no sleeping.
    let throttled = login("203.0.113.99".into(), OWNER_PASSWORD, None).await.unwrap();
    assert_eq!(throttled.status(), 429);
    assert_eq!(throttled.headers()["retry-after"], "1");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(login("203.0.113.98".into(), "guess again", None).await.unwrap().status(), 401);
    let longer = login("203.0.113.97".into(), "guess", None).await.unwrap();
    assert_eq!(longer.headers()["retry-after"], "2", "the wait grows");

    // The owner's known browser gets straight in, with the right password.
    let owner = login("198.51.100.1".into(), OWNER_PASSWORD, Some(&device)).await.unwrap();
    assert_eq!(owner.status(), 200);
    // A forged or borrowed cookie does not help.
    let forged = format!("{}.{}", device.split('.').next().unwrap(), "0".repeat(64));
    assert_eq!(login("203.0.113.50".into(), OWNER_PASSWORD, Some(&forged)).await.unwrap().status(), 429);
}

#[tokio::test]
async fn a_wrong_password_says_so() {
    let app = TestApp::spawn().await;
    app.setup_owner().await;
    let wrong = json!({"email": OWNER_EMAIL, "password": "not it"});
    let (status, code, body) = error_of(app.post_json("/api/v1/auth/login", &wrong).await).await;
    assert_eq!((status, code.as_str()), (401, "unauthorized"));
    assert_eq!(body["error"]["message"], "The e-mail address or password is wrong.");
    let dutch = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("accept-language", "nl")
        .json(&wrong)
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(dutch).await.2["error"]["message"], "Het e-mailadres of wachtwoord klopt niet.");
    // Without a token it is still "not signed in".
    let (_, _, body) = error_of(app.get("/api/v1/auth/me").await).await;
    assert!(body["error"]["message"].as_str().unwrap().contains("not signed in"));
}

// ---- 4. CSRF bound to the session ---------------------------------------------------------------

#[tokio::test]
async fn a_planted_csrf_cookie_pair_does_not_pass() {
    let app = TestApp::spawn().await;
    app.setup_owner().await;
    let response =
        app.post_json("/api/v1/auth/login", &json!({"email": OWNER_EMAIL, "password": OWNER_PASSWORD})).await;
    let cookies = set_cookies(&response);
    let refresh = cookie_value(&cookies, "workforce_refresh").unwrap();
    let csrf = cookie_value(&cookies, "workforce_refresh_csrf").unwrap();
    let attempt = |csrf_cookie: &str, header: &str| {
        app.client
            .post(app.url("/api/v1/auth/refresh"))
            .header("cookie", format!("workforce_refresh={refresh}; workforce_refresh_csrf={csrf_cookie}"))
            .header("x-refresh-csrf", header.to_string())
            .send()
    };
    // An attacker who can set cookies (a sibling subdomain, plain HTTP) plants a pair of their own.
    let planted = attempt("attacker-chosen", "attacker-chosen").await.unwrap();
    assert_eq!(error_of(planted).await.1, "csrf_failed");
    let real = attempt(&csrf, &csrf).await.unwrap();
    assert_eq!(real.status(), 200);
    // The rotated session has a new CSRF value; the old one no longer fits.
    let next = set_cookies(&real);
    assert_ne!(cookie_value(&next, "workforce_refresh_csrf").unwrap(), csrf);
}

// ---- 5. logout ends the access token -----------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_ends_the_access_token_too_and_a_restart_remembers() {
    let app = TestApp::spawn().await;
    app.setup_owner().await;
    let session = app.login(OWNER_EMAIL, OWNER_PASSWORD).await;
    let other = app.login(OWNER_EMAIL, OWNER_PASSWORD).await;
    let me = |token: String| app.client.get(app.url("/api/v1/auth/me")).bearer_auth(token).send();
    assert_eq!(me(session.access.clone()).await.unwrap().status(), 200);
    assert_eq!(call(&app, "POST", "/api/v1/auth/logout", Some(&session.access), None).await.status(), 200);
    assert_eq!(me(session.access.clone()).await.unwrap().status(), 401, "the access token died with its session");
    assert_eq!(me(other.access.clone()).await.unwrap().status(), 200, "the other session goes on");
    let refreshed = app.post_json("/api/v1/auth/refresh", &json!({"refreshToken": session.refresh})).await;
    assert_eq!(refreshed.status(), 401);

    // The salon API's logout too.
    let salon: Value = app
        .post_json("/api/auth/login", &json!({"email": OWNER_EMAIL, "password": OWNER_PASSWORD}))
        .await
        .json()
        .await
        .unwrap();
    let salon_token = salon["token"].as_str().unwrap().to_string();
    assert_eq!(call(&app, "POST", "/api/auth/logout", Some(&salon_token), Some(json!({}))).await.status(), 200);
    assert_eq!(me(salon_token.clone()).await.unwrap().status(), 401);

    let config = app.state.config.as_ref().clone();
    let dir = app.stop().await;
    let app = TestApp::spawn_in(dir, config).await;
    let me = |token: String| app.client.get(app.url("/api/v1/auth/me")).bearer_auth(token).send();
    assert_eq!(me(session.access).await.unwrap().status(), 401, "rebuilt at start");
    assert_eq!(me(salon_token).await.unwrap().status(), 401);
    assert_eq!(me(other.access).await.unwrap().status(), 200);
}

// ---- 11. the setup code on the wizard's first step ---------------------------------------------

#[tokio::test]
async fn the_setup_code_is_checked_on_its_own() {
    let app = TestApp::spawn().await;
    let code = app.setup_code().unwrap();
    let check = |code: &str| {
        let (app, body) = (&app, json!({"setupCode": code}));
        async move { app.post_json("/api/v1/auth/setup/check-code", &body).await }
    };
    assert_eq!(check(&code.to_lowercase().replace('-', "")).await.status(), 200, "case and dashes ignored");
    let (status, error, _) = error_of(check("AAAA-BBBB-CCCC").await).await;
    assert_eq!((status, error.as_str()), (403, "setup_code_invalid"));
    for _ in 0..9 {
        check("AAAA-BBBB-CCCC").await;
    }
    assert_eq!(error_of(check(&code).await).await.0, 429, "the same limit as setup: 10 wrong a minute");
    let missing = app.post_json("/api/v1/auth/setup/check-code", &json!({})).await;
    assert_eq!(error_of(missing).await.0, 400);
}

// ---- 14. proper MIME mail from the business address -------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_is_proper_mime_from_the_business_address() {
    let smtp = SmtpServer::start().await;
    let mut config = test_config();
    config.mail.smtp_host = Some("127.0.0.1".into());
    config.mail.smtp_port = smtp.addr.port();
    config.mail.smtp_security = staffroom::config::SmtpSecurity::None;
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    let invite = json!({"email": "bo@salon.example", "firstName": "Bo", "lastName": "Jansen", "locale": "en"});
    assert_eq!(call(&app, "POST", "/api/v1/users", Some(&owner.access), Some(invite)).await.status(), 201);
    let mail = &smtp.wait_for(1).await[0];
    assert!(mail.from.contains("info@salon.example"), "the business address from setup: {}", mail.from);
    assert!(mail.header("From").unwrap().contains("info@salon.example"));
    assert!(mail.header("Message-ID").unwrap().ends_with("@salon.example>"));
    assert!(mail.header("Date").is_some());
    assert_eq!(mail.header("MIME-Version").as_deref(), Some("1.0"));
    assert!(mail.header("Content-Type").unwrap().starts_with("multipart/alternative"));
    assert!(mail.body().contains("accept-invitation?token="));
    assert!(mail.html().contains("<a href=\"http"), "{}", mail.html());
    assert!(!mail.body().contains("time clock"), "the invitation promises only what exists");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitations_speak_the_workplaces_language() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let setting = json!({"value": "nl"});
    assert_eq!(
        call(&app, "PUT", "/api/v1/org-settings/general.default_locale", Some(&owner.access), Some(setting))
            .await
            .status(),
        200
    );
    let invite = json!({"email": "bo@salon.example", "firstName": "Bo", "lastName": "Jansen"});
    assert_eq!(call(&app, "POST", "/api/v1/users", Some(&owner.access), Some(invite)).await.status(), 201);
    let mail = outbox(&app, &owner.access).await.into_iter().find(|m| m["kind"] == "invitation").unwrap();
    assert!(mail["subject"].as_str().unwrap().starts_with("Uitnodiging"), "{mail}");
    assert!(mail["body"].as_str().unwrap().contains("nodigt je uit"), "informal Dutch: {mail}");
    let users = data_of(call(&app, "GET", "/api/v1/users?search=bo", Some(&owner.access), None).await).await;
    assert_eq!(users["items"][0]["locale"], "nl");
}

// ---- 13. invitation links say what they are before the form ------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_link_is_checked_before_its_form() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let invite = json!({"email": "bo@salon.example", "firstName": "Bo", "lastName": "Jansen"});
    assert_eq!(call(&app, "POST", "/api/v1/users", Some(&owner.access), Some(invite)).await.status(), 201);
    let body = outbox(&app, &owner.access).await.into_iter().find(|m| m["kind"] == "invitation").unwrap()["body"]
        .as_str()
        .unwrap()
        .to_string();
    let token = body.split("token=").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
    let check = |token: &str| {
        let (app, body) = (&app, json!({"token": token}));
        async move { app.post_json("/api/v1/users/accept-invitation/check", &body).await }
    };
    let preview = data_of(check(&token).await).await;
    assert_eq!(preview, json!({"workplace": "Salon Élise", "email": "bo@salon.example", "firstName": "Bo"}));
    assert_eq!(error_of(check("made-up").await).await.1, "gone");
    let accepted =
        app.post_json("/api/v1/users/accept-invitation", &json!({"token": token, "password": "bo's password"})).await;
    assert_eq!(accepted.status(), 200);
    assert_eq!(error_of(check(&token).await).await.0, 410, "used");
}
