//! First-run setup: the code, validation, exactly-once, and what it creates.

use serde_json::json;

use crate::support::{OWNER_EMAIL, TestApp, data_of, error_of, setup_body, test_config};

#[tokio::test]
async fn fresh_instance_needs_setup_with_a_code() {
    let app = TestApp::spawn().await;
    let status = data_of(app.get("/api/v1/auth/setup-status").await).await;
    assert_eq!(status, json!({"needsSetup": true, "setupCodeRequired": true}));
    let config = data_of(app.get("/api/v1/auth/config").await).await;
    assert_eq!(
        config,
        json!({"portal": "org", "loginIdentifier": "email", "tenantSlug": null, "needsSetup": true, "otpChannels": ["email"], "registrationOpen": false})
    );
    let code = app.setup_code().unwrap();
    let file = std::fs::read_to_string(app.data_dir().join("setup-code")).unwrap();
    assert_eq!(file.trim(), code);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(app.data_dir().join("setup-code")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[tokio::test]
async fn setup_without_or_with_a_wrong_code_is_refused() {
    let app = TestApp::spawn().await;
    for code in [None, Some("AAAA-BBBB-CCCC".to_string())] {
        let (status, error, _) = error_of(app.post_json("/api/v1/auth/setup", &setup_body(code)).await).await;
        assert_eq!((status, error.as_str()), (403, "setup_code_invalid"));
    }
    // Case and dashes do not matter.
    let code = app.setup_code().unwrap().replace('-', "").to_lowercase();
    assert_eq!(app.post_json("/api/v1/auth/setup", &setup_body(Some(code))).await.status(), 201);
}

#[tokio::test]
async fn ten_wrong_codes_a_minute_then_rate_limited() {
    let app = TestApp::spawn().await;
    for _ in 0..10 {
        let (status, _, _) =
            error_of(app.post_json("/api/v1/auth/setup", &setup_body(Some("WRONG".into()))).await).await;
        assert_eq!(status, 403);
    }
    let response = app.post_json("/api/v1/auth/setup", &setup_body(app.setup_code())).await;
    let retry: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    let (status, code, _) = error_of(response).await;
    assert_eq!((status, code.as_str()), (429, "rate_limited"));
}

#[tokio::test]
async fn invalid_fields_are_all_named() {
    let app = TestApp::spawn().await;
    let mut body = setup_body(app.setup_code());
    body["adminEmail"] = json!("not-an-email");
    body["adminPassword"] = json!("short");
    body["salonName"] = json!("  ");
    body["timezone"] = json!("Mars/Olympus");
    body["openingHours"] = json!([
        {"dayOfWeek": 1, "openTime": "09:00", "closeTime": "08:00", "isClosed": false},
        {"dayOfWeek": 1, "openTime": "9am", "closeTime": "17:00", "isClosed": false},
        {"dayOfWeek": 7, "isClosed": true}
    ]);
    let (status, code, error) = error_of(app.post_json("/api/v1/auth/setup", &body).await).await;
    assert_eq!((status, code.as_str()), (400, "validation_failed"));
    let fields = error["error"]["fields"].as_object().unwrap();
    for field in [
        "adminEmail",
        "adminPassword",
        "salonName",
        "timezone",
        "openingHours[0].closeTime",
        "openingHours[1].dayOfWeek",
        "openingHours[1].openTime",
        "openingHours[2].dayOfWeek",
    ] {
        assert!(fields.contains_key(field), "{field} missing in {error}");
    }
    // Nothing was created and setup is still open.
    assert_eq!(data_of(app.get("/api/v1/auth/setup-status").await).await["needsSetup"], true);

    let mut body = setup_body(app.setup_code());
    body["favouriteColour"] = json!("green");
    let (status, code, error) = error_of(app.post_json("/api/v1/auth/setup", &body).await).await;
    assert_eq!((status, code.as_str()), (400, "validation_failed"));
    assert!(error["error"]["fields"]["favouriteColour"].is_string());
    let response = app
        .client
        .post(app.url("/api/v1/auth/setup"))
        .body("{")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(response).await.1, "malformed_json");
}

#[tokio::test]
async fn setup_creates_the_owner_and_signs_in_once() {
    let app = TestApp::spawn().await;
    let response = app.post_json("/api/v1/auth/setup", &setup_body(app.setup_code())).await;
    assert_eq!(response.status(), 201);
    let bearer = response.headers()["authorization"].to_str().unwrap().to_string();
    let cookies: Vec<String> =
        response.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    let data = data_of(response).await;
    assert_eq!(bearer, format!("Bearer {}", data["accessToken"].as_str().unwrap()));
    assert_eq!(data["tokenType"], "Bearer");
    assert_eq!(data["expiresIn"], 900);
    assert!(data.get("refreshToken").is_none(), "web clients get cookies, not a body token");
    let user = &data["user"];
    assert_eq!(user["email"], OWNER_EMAIL);
    assert_eq!((user["firstName"].as_str(), user["lastName"].as_str()), (Some("Anna de"), Some("Vries")));
    assert_eq!(user["name"], "Anna de Vries");
    assert_eq!((user["role"].as_str(), user["superAdmin"].as_bool()), (Some("owner"), Some(true)));
    assert_eq!(user["status"], "active");
    assert_eq!(user["requirePasswordChange"], false);
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("workforce_refresh=") && c.contains("HttpOnly") && c.contains("Path=/api/v1/auth"))
    );
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("workforce_refresh_csrf=") && !c.contains("HttpOnly") && c.contains("Path=/;"))
    );

    let me = app.me(data["accessToken"].as_str().unwrap()).await;
    assert_eq!(me["tenant"]["slug"], "salon-elise");
    assert_eq!(me["tenant"]["name"], "Salon Élise");
    assert_eq!(me["roles"], json!(["owner"]));

    // The location got its time zone and opening hours.
    let (tz, hours): (String, i64) = app
        .state
        .db
        .read(|c| {
            Ok(c.query_row("SELECT l.timezone, (SELECT count(*) FROM opening_hours) FROM locations l", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?)
        })
        .await
        .unwrap();
    assert_eq!((tz.as_str(), hours), ("Europe/Amsterdam", 3));

    assert!(!app.data_dir().join("setup-code").exists(), "the code file is deleted");
    assert_eq!(
        data_of(app.get("/api/v1/auth/setup-status").await).await,
        json!({"needsSetup": false, "setupCodeRequired": false})
    );
    assert_eq!(data_of(app.get("/api/v1/auth/config").await).await["tenantSlug"], "salon-elise");
    let (status, code, _) = error_of(app.post_json("/api/v1/auth/setup", &setup_body(Some("ANY".into()))).await).await;
    assert_eq!((status, code.as_str()), (400, "setup_done"));
    assert!(app.audit_actions().await.contains(&"setup.completed".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_setups_exactly_one_wins() {
    let app = TestApp::spawn().await;
    let code = app.setup_code();
    let attempts: Vec<_> = (0..4)
        .map(|i| {
            let (client, url) = (app.client.clone(), app.url("/api/v1/auth/setup"));
            let mut body = setup_body(code.clone());
            body["adminEmail"] = json!(format!("owner{i}@salon.example"));
            tokio::spawn(async move { client.post(url).json(&body).send().await.unwrap() })
        })
        .collect();
    let mut created = 0;
    for attempt in attempts {
        let response = attempt.await.unwrap();
        match response.status().as_u16() {
            201 => created += 1,
            _ => assert_eq!(error_of(response).await.1, "setup_done"),
        }
    }
    assert_eq!(created, 1);
    let (users, tenants): (i64, i64) = app
        .state
        .db
        .read(|c| {
            Ok(c.query_row("SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM tenants)", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?)
        })
        .await
        .unwrap();
    assert_eq!((users, tenants), (1, 1));
}

#[tokio::test]
async fn setup_code_can_be_turned_off_and_setup_survives_restart() {
    let mut config = test_config();
    config.auth.require_setup_code = false;
    let app = TestApp::spawn_with(config).await;
    assert_eq!(data_of(app.get("/api/v1/auth/setup-status").await).await["setupCodeRequired"], false);
    assert!(!app.data_dir().join("setup-code").exists());
    assert_eq!(app.post_json("/api/v1/auth/setup", &setup_body(None)).await.status(), 201);
    // After a restart setup stays done and no new code appears.
    let dir = app.stop().await;
    let app = TestApp::spawn_in(dir, test_config()).await;
    assert_eq!(data_of(app.get("/api/v1/auth/setup-status").await).await["needsSetup"], false);
    assert!(app.setup_code().is_none());
    assert!(!app.data_dir().join("setup-code").exists());
}

#[tokio::test]
async fn a_new_code_at_every_start_while_pending() {
    let app = TestApp::spawn().await;
    let first = app.setup_code().unwrap();
    let dir = app.stop().await;
    let app = TestApp::spawn_in(dir, test_config()).await;
    let second = app.setup_code().unwrap();
    assert_ne!(first, second);
    let (status, _, _) = error_of(app.post_json("/api/v1/auth/setup", &setup_body(Some(first))).await).await;
    assert_eq!(status, 403);
}
