//! Sign-in with one-time codes: by e-mail through a real SMTP server, by phone through an SMS
//! webhook on loopback.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::smtp_server::SmtpServer;
use crate::support::{OWNER_EMAIL, TestApp, data_of, error_of, test_config};

fn code_in(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_codes_sign_in_once() {
    let smtp = SmtpServer::start().await;
    let mut config = test_config();
    config.mail.smtp_host = Some("127.0.0.1".into());
    config.mail.smtp_port = smtp.addr.port();
    config.mail.smtp_security = staffroom::config::SmtpSecurity::None;
    let app = TestApp::spawn_with(config).await;
    app.setup_owner().await;
    let start = json!({"channel": "email", "destination": "Anna@salon.example"});
    let started = data_of(app.post_json("/api/v1/auth/otp/start", &start).await).await;
    assert_eq!(started, json!({"channel": "email", "expiresIn": 600}));
    let code = code_in(&smtp.wait_for(1).await[0].body());
    let verify = |otp: &str| {
        let body = json!({"channel": "email", "destination": OWNER_EMAIL, "otp": otp, "mobile": true});
        let app = &app;
        async move { app.post_json("/api/v1/auth/otp/verify", &body).await }
    };
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(error_of(verify(wrong).await).await.0, 401);
    let data = data_of(verify(&code).await).await;
    assert_eq!(data["user"]["email"], OWNER_EMAIL);
    assert!(data["refreshToken"].is_string());
    assert_eq!(error_of(verify(&code).await).await.0, 401, "single use");

    // Unknown addresses get the same answer and no mail.
    let unknown = data_of(
        app.post_json("/api/v1/auth/otp/start", &json!({"channel": "email", "destination": "nobody@x.example"})).await,
    )
    .await;
    assert_eq!(unknown["expiresIn"], 600);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.messages().len(), 1);

    // Five wrong tries kill the code; expiry after 10 minutes.
    app.post_json("/api/v1/auth/otp/start", &start).await;
    let code = code_in(&smtp.wait_for(2).await[1].body());
    for _ in 0..5 {
        assert_eq!(error_of(verify(wrong).await).await.0, 401);
    }
    assert_eq!(error_of(verify(&code).await).await.0, 401, "dead after 5 attempts");
    app.post_json("/api/v1/auth/otp/start", &start).await;
    let code = code_in(&smtp.wait_for(3).await[2].body());
    app.state.clock.advance(Duration::from_secs(601));
    assert_eq!(error_of(verify(&code).await).await.0, 401, "expired");
}

#[tokio::test]
async fn phone_needs_an_sms_webhook() {
    let app = TestApp::spawn().await;
    let (status, code, error) = error_of(
        app.post_json("/api/v1/auth/otp/start", &json!({"channel": "phone", "destination": "+31612345678"})).await,
    )
    .await;
    assert_eq!((status, code.as_str()), (400, "validation_failed"));
    assert!(error["error"]["fields"]["channel"].as_str().unwrap().contains("SMS"), "{error}");
    let (status, _, _) =
        error_of(app.post_json("/api/v1/auth/otp/start", &json!({"channel": "pigeon", "destination": "x"})).await)
            .await;
    assert_eq!(status, 400);
    let (status, _, _) = error_of(app.post_json("/api/v1/auth/otp/start", &json!({"channel": "email"})).await).await;
    assert_eq!(status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone_codes_go_through_the_webhook() {
    // The SMS provider: a webhook on loopback that keeps what it receives.
    type Inbox = Arc<Mutex<Vec<(Option<String>, Value)>>>;
    let received: Inbox = Arc::default();
    let sink = received.clone();
    let webhook = axum::Router::new().route(
        "/send",
        axum::routing::post(move |headers: axum::http::HeaderMap, axum::Json(body): axum::Json<Value>| {
            let sink = sink.clone();
            async move {
                let auth = headers.get("x-api-key").and_then(|v| v.to_str().ok()).map(String::from);
                sink.lock().unwrap().push((auth, body));
                "queued"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, webhook).await.unwrap() });

    let mut config = test_config();
    config.sms.webhook_url = Some(format!("http://{addr}/send"));
    config.sms.webhook_auth_header = Some("X-Api-Key: sms-secret".into());
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    assert_eq!(data_of(app.get("/api/v1/auth/config").await).await["otpChannels"], json!(["email", "phone"]));
    let staff = app.add_user(&owner.tenant_id, Role::User, "staff@salon.example").await;
    app.client
        .put(app.url("/api/v1/auth/me/profile"))
        .bearer_auth(&staff.access)
        .json(&json!({"phone": "+31 6 1234 5678"}))
        .send()
        .await
        .unwrap();
    let start = json!({"channel": "phone", "destination": "+31 6-1234 5678"});
    assert_eq!(app.post_json("/api/v1/auth/otp/start", &start).await.status(), 200);
    let (auth, sms) = received.lock().unwrap()[0].clone();
    assert_eq!(auth.as_deref(), Some("sms-secret"));
    assert_eq!(sms["to"], "+31612345678");
    let code = code_in(sms["message"].as_str().unwrap());
    let verify = json!({"channel": "phone", "destination": "+31612345678", "otp": code, "mobile": true});
    let data = data_of(app.post_json("/api/v1/auth/otp/verify", &verify).await).await;
    assert_eq!(data["user"]["email"], "staff@salon.example");
}
