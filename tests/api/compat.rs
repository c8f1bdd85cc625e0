//! The seed-dialect compatibility routes: seed 002 at /api/auth/…, seed 003's /api/login and
//! /api/token/refresh.

use serde_json::{Value, json};

use crate::support::{TestApp, call, data_of, error_of};

async fn bare(response: reqwest::Response) -> (u16, Value) {
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn seed_002_salon_dialect() {
    let app = TestApp::spawn().await;
    assert_eq!(bare(app.get("/api/auth/setup-status").await).await, (200, json!({"needsSetup": true})));
    let setup = json!({
        "admin_name": "Admin", "admin_email": "admin@salon.nl", "admin_password": "salon password",
        "salon_name": "Salon Noord", "salon_phone": "+31 20 1234567",
        "opening_hours": [{"day_of_week": 1, "open_time": "09:00", "close_time": "18:00", "is_closed": false}],
        "setup_code": app.setup_code(), "some_future_field": 1
    });
    let (status, body) = bare(app.post_json("/api/auth/setup", &setup).await).await;
    assert_eq!(status, 201, "{body}");
    assert!(body["token"].is_string());
    assert_eq!((body["user"]["name"].as_str(), body["user"]["role"].as_str()), (Some("Admin"), Some("admin")));
    assert_eq!(bare(app.post_json("/api/auth/setup", &setup).await).await.0, 400, "setup works once");

    let (status, body) = bare(
        app.post_json(
            "/api/auth/login",
            &json!({"email": "admin@salon.nl", "password": "salon password", "mobile": true, "device": "x"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);
    let token = body["token"].as_str().unwrap().to_string();
    let refresh = body["refresh_token"].as_str().unwrap().to_string();
    assert_eq!(body["user"]["require_password_change"], false);
    let (_, web) =
        bare(app.post_json("/api/auth/login", &json!({"email": "admin@salon.nl", "password": "salon password"})).await)
            .await;
    assert!(web.get("refresh_token").is_none(), "only with mobile: true");
    assert_eq!(
        error_of(app.post_json("/api/auth/login", &json!({"email": "admin@salon.nl", "password": "nope"})).await)
            .await
            .0,
        401
    );

    let (status, rotated) = bare(app.post_json("/api/auth/refresh", &json!({"refresh_token": refresh})).await).await;
    assert_eq!(status, 200);
    assert_ne!(rotated["refresh_token"], refresh);

    let (status, created) = bare(
        call(
            &app,
            "POST",
            "/api/auth/register",
            Some(&token),
            Some(json!({"email": "staff@salon.nl", "name": "Sam Staff"})),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!((created["role"].as_str(), created["name"].as_str()), (Some("staff"), Some("Sam Staff")));
    assert_eq!(
        bare(
            call(
                &app,
                "POST",
                "/api/auth/register",
                Some(&token),
                Some(json!({"email": "staff@salon.nl", "name": "Sam Staff"}))
            )
            .await
        )
        .await
        .0,
        409
    );
    let (_, users) = bare(call(&app, "GET", "/api/auth/users", Some(&token), None).await).await;
    assert_eq!(users.as_array().unwrap().len(), 2);
    assert!(users.as_array().unwrap().iter().any(|u| u["role"] == "staff" && u["email"] == "staff@salon.nl"));

    assert_eq!(
        bare(
            call(&app, "POST", "/api/auth/device", Some(&token), Some(json!({"token": "apns-1", "platform": "ios"})))
                .await
        )
        .await,
        (200, json!({"success": true}))
    );
    assert_eq!(
        bare(call(&app, "DELETE", "/api/auth/device", Some(&token), Some(json!({"token": "apns-1"}))).await).await.0,
        200
    );

    assert_eq!(
        bare(app.post_json("/api/auth/forgot-password", &json!({"email": "admin@salon.nl"})).await).await.0,
        200
    );
    let bad = json!({"email": "admin@salon.nl", "token": "wrong", "password": "new salon password"});
    assert_eq!(bare(app.post_json("/api/auth/reset-password", &bad).await).await.0, 400, "seed 002 says 400");

    let change = |current: &str, new: &str, confirm: &str| json!({"email": "admin@salon.nl", "currentPassword": current, "newPassword": new, "confirmPassword": confirm});
    assert_eq!(
        bare(app.post_json("/api/auth/change-password", &change("salon password", "another one!", "different")).await)
            .await
            .0,
        400
    );
    assert_eq!(
        bare(app.post_json("/api/auth/change-password", &change("wrong", "another one!", "another one!")).await)
            .await
            .0,
        401
    );
    assert_eq!(
        bare(
            app.post_json("/api/auth/change-password", &change("salon password", "another one!", "another one!")).await
        )
        .await
        .0,
        200
    );
    assert_eq!(
        bare(app.post_json("/api/auth/login", &json!({"email": "admin@salon.nl", "password": "another one!"})).await)
            .await
            .0,
        200
    );

    let (_, fresh) = bare(
        app.post_json(
            "/api/auth/login",
            &json!({"email": "admin@salon.nl", "password": "another one!", "mobile": true}),
        )
        .await,
    )
    .await;
    let fresh_token = fresh["token"].as_str().unwrap();
    let logout = call(
        &app,
        "POST",
        "/api/auth/logout",
        Some(fresh_token),
        Some(json!({"refresh_token": fresh["refresh_token"]})),
    )
    .await;
    assert_eq!(bare(logout).await, (200, json!({"success": true})));
    assert_eq!(
        bare(app.post_json("/api/auth/refresh", &json!({"refresh_token": fresh["refresh_token"]})).await).await.0,
        401
    );
    assert_eq!(bare(call(&app, "GET", "/api/auth/users", None, None).await).await.0, 401);
}

#[tokio::test]
async fn seed_003_login_and_cookie_refresh() {
    let app = TestApp::spawn().await;
    app.setup_owner().await;
    let response =
        app.post_json("/api/login", &json!({"email": "anna@salon.example", "password": "correct horse battery"})).await;
    assert_eq!(response.status(), 200);
    let header = response.headers()["authorization"].to_str().unwrap().to_string();
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("themanagement_refresh_token="))
        .unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("Path=/api/token"));
    let data = data_of(response).await;
    assert_eq!(header, format!("Bearer {}", data["accessToken"].as_str().unwrap()));
    assert!(data.get("refreshToken").is_none(), "the refresh token lives in the cookie");
    let value = cookie.split(';').next().unwrap().to_string();
    let refreshed = app.client.post(app.url("/api/token/refresh")).header("cookie", &value).send().await.unwrap();
    assert_eq!(refreshed.status(), 200);
    assert!(refreshed.headers()["authorization"].to_str().unwrap().starts_with("Bearer "));
    assert_eq!(error_of(app.client.post(app.url("/api/token/refresh")).send().await.unwrap()).await.0, 401);
    let evil = app
        .client
        .post(app.url("/api/token/refresh"))
        .header("cookie", &value)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(evil).await.0, 403);
}
