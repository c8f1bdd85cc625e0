//! Forgot, reset and change password; e-mail verification — through a real SMTP server.

use std::time::Duration;

use serde_json::json;

use crate::smtp_server::SmtpServer;
use crate::support::{OWNER_EMAIL, OWNER_PASSWORD, TestApp, data_of, error_of, test_config};

async fn app_with_smtp() -> (SmtpServer, TestApp) {
    let smtp = SmtpServer::start().await;
    let mut config = test_config();
    config.mail.smtp_host = Some("127.0.0.1".into());
    config.mail.smtp_port = smtp.addr.port();
    config.mail.smtp_security = staffroom::config::SmtpSecurity::None;
    (smtp, TestApp::spawn_with(config).await)
}

fn token_from(link: &str) -> String {
    link.split("token=").nth(1).unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgot_then_reset_ends_every_session() {
    let (smtp, app) = app_with_smtp().await;
    let owner = app.setup_owner().await;
    let forgot = app.post_json("/api/v1/auth/password/forgot", &json!({"email": "anna@SALON.example"})).await;
    assert_eq!(data_of(forgot).await, serde_json::Value::Null);
    let mail = &smtp.wait_for(1).await[0];
    assert!(mail.subject().contains("Reset"), "{}", mail.subject());
    let token = token_from(&mail.link("reset-password"));

    let reset = |password: &str| {
        let body = json!({"token": token, "password": password});
        let app = &app;
        async move { app.post_json("/api/v1/auth/password/reset", &body).await }
    };
    assert_eq!(error_of(reset("short").await).await.1, "validation_failed");
    assert_eq!(data_of(reset("a brand new password").await).await, serde_json::Value::Null);
    assert_eq!(error_of(reset("yet another password").await).await.1, "gone", "single use");

    let confirmation = &smtp.wait_for(2).await[1];
    assert!(confirmation.subject().contains("changed"), "{}", confirmation.subject());
    let refresh = app.post_json("/api/v1/auth/refresh", &json!({"refreshToken": owner.refresh})).await;
    assert_eq!(error_of(refresh).await.0, 401, "sessions ended");
    let me = app.client.get(app.url("/api/v1/auth/me")).bearer_auth(&owner.access).send().await.unwrap();
    assert_eq!(error_of(me).await.0, 401);
    let old = app.post_json("/api/v1/auth/login", &json!({"email": OWNER_EMAIL, "password": OWNER_PASSWORD})).await;
    assert_eq!(error_of(old).await.0, 401);
    app.login(OWNER_EMAIL, "a brand new password").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgot_reveals_nothing_and_is_throttled() {
    let (smtp, app) = app_with_smtp().await;
    app.setup_owner().await;
    let forgot = |email: &str| {
        let body = json!({"email": email});
        let app = &app;
        async move { app.post_json("/api/v1/auth/password/forgot", &body).await }
    };
    assert_eq!(forgot("nobody@salon.example").await.status(), 200);
    assert_eq!(forgot(OWNER_EMAIL).await.status(), 200);
    smtp.wait_for(1).await;
    assert_eq!(forgot(OWNER_EMAIL).await.status(), 200, "within 60 s: same answer");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(smtp.messages().len(), 1, "but no second mail");
    // Each new link voids the one before, whose mail is then never sent: wait for each to go out.
    for i in 0..6 {
        app.state.clock.advance(Duration::from_secs(61));
        assert_eq!(forgot(OWNER_EMAIL).await.status(), 200, "request {i}");
        if i < 4 {
            smtp.wait_for(i + 2).await;
        }
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(smtp.messages().len(), 5, "at most 5 an hour");
    let (status, code, _) =
        error_of(app.post_json("/api/v1/auth/password/forgot", &json!({"mail": OWNER_EMAIL})).await).await;
    assert_eq!((status, code.as_str()), (400, "validation_failed"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_links_expire_after_an_hour() {
    let (smtp, app) = app_with_smtp().await;
    app.setup_owner().await;
    app.post_json("/api/v1/auth/password/forgot", &json!({"email": OWNER_EMAIL})).await;
    let token = token_from(&smtp.wait_for(1).await[0].link("reset-password"));
    app.state.clock.advance(Duration::from_secs(3601));
    let reset = app
        .post_json("/api/v1/auth/password/reset", &json!({"token": token, "password": "a brand new password"}))
        .await;
    assert_eq!(error_of(reset).await.0, 410);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn change_password_keeps_this_session_only() {
    let (smtp, app) = app_with_smtp().await;
    let owner = app.setup_owner().await;
    let other = app.login(OWNER_EMAIL, OWNER_PASSWORD).await;
    let change = |current: &str, new: &str| {
        let body = json!({"currentPassword": current, "newPassword": new});
        let (app, token) = (&app, owner.access.clone());
        async move {
            app.client
                .post(app.url("/api/v1/auth/password/change"))
                .bearer_auth(token)
                .header("x-client-type", "mobile")
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(error_of(change("wrong password", "a fine new password").await).await.0, 401);
    assert_eq!(error_of(change(OWNER_PASSWORD, "short").await).await.1, "validation_failed");
    let unauth =
        app.post_json("/api/v1/auth/password/change", &json!({"currentPassword": "x", "newPassword": "y"})).await;
    assert_eq!(error_of(unauth).await.0, 401);

    let answer = data_of(change(OWNER_PASSWORD, "a fine new password").await).await;
    let fresh = answer["accessToken"].as_str().unwrap();
    assert_eq!(app.me(fresh).await["user"]["email"], OWNER_EMAIL);
    for stale in [&owner.access, &other.access] {
        let me = app.client.get(app.url("/api/v1/auth/me")).bearer_auth(stale).send().await.unwrap();
        assert_eq!(error_of(me).await.0, 401);
    }
    let refresh = app.post_json("/api/v1/auth/refresh", &json!({"refreshToken": answer["refreshToken"]})).await;
    assert_eq!(refresh.status(), 200, "the new session refreshes");
    assert!(smtp.wait_for(1).await[0].subject().contains("changed"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_verification_link() {
    let (smtp, app) = app_with_smtp().await;
    let owner = app.setup_owner().await;
    let send = || app.client.post(app.url("/api/v1/auth/me/verify-email")).bearer_auth(&owner.access).send();
    assert_eq!(send().await.unwrap().status(), 200);
    let token = token_from(&smtp.wait_for(1).await[0].link("verify-email"));
    assert_eq!(data_of(app.get(&format!("/api/v1/auth/verify-email/{token}")).await).await, json!({"verified": true}));
    assert_eq!(error_of(app.get(&format!("/api/v1/auth/verify-email/{token}")).await).await.0, 410);
    assert_eq!(error_of(send().await.unwrap()).await.0, 409, "already verified");
    let user = data_of(
        app.client
            .get(app.url(&format!("/api/v1/users/{}", owner.user_id)))
            .bearer_auth(&owner.access)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(user["emailVerified"], true);
}
