//! Kiosks (issue 13): a location's tablet with its own revocable token, accepted only on the
//! kiosk routes; staff punch with their PIN; five wrong PINs lock that person on that kiosk for
//! five minutes and tell the managers.

use std::time::Duration;

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::support::{Session, TestApp, call, data_of, error_of, test_config};

async fn as_kiosk(app: &TestApp, token: &str, method: &str, path: &str, body: Option<Value>) -> reqwest::Response {
    let mut request = app.client.request(method.parse().unwrap(), app.url(path)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

async fn location(app: &TestApp, owner: &Session) -> String {
    let org = data_of(call(app, "GET", "/api/v1/organizations", Some(&owner.access), None).await).await;
    let org = org["items"][0]["id"].as_str().unwrap().to_string();
    let found =
        data_of(call(app, "GET", &format!("/api/v1/organizations/{org}/locations"), Some(&owner.access), None).await)
            .await;
    found["items"][0]["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_kiosk_punches_with_a_pin_and_locks_a_person_after_five_wrong_ones() {
    let mut config = test_config();
    config.auth.access_token_ttl.0 = Duration::from_secs(7 * 24 * 3600);
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    let manager = app.add_user(&owner.tenant_id, Role::Manager, "mo@salon.example").await;
    let kim = app.add_user(&owner.tenant_id, Role::User, "kim@salon.example").await;
    let lee = app.add_user(&owner.tenant_id, Role::User, "lee@salon.example").await;
    let place = location(&app, &owner).await;

    let body = json!({"locationId": place, "name": "Front desk tablet"});
    assert_eq!(call(&app, "POST", "/api/v1/kiosks", Some(&kim.access), Some(body.clone())).await.status(), 403);
    let made = call(&app, "POST", "/api/v1/kiosks", Some(&manager.access), Some(body)).await;
    assert_eq!(made.status(), 201);
    let made = data_of(made).await;
    let token = made["token"].as_str().unwrap().to_string();
    let kiosk = made["kiosk"]["id"].as_str().unwrap().to_string();
    assert!(token.starts_with("kiosk_"));
    let listed = data_of(call(&app, "GET", "/api/v1/kiosks", Some(&manager.access), None).await).await;
    assert_eq!(listed["total"], 1);
    assert!(!listed.to_string().contains(&token), "the token is shown once");

    // The kiosk's token is no one's session; a person's token is no kiosk.
    for path in ["/api/v1/auth/me", "/api/v1/clock", "/api/v1/timesheets"] {
        assert_eq!(as_kiosk(&app, &token, "GET", path, None).await.status(), 401, "{path}");
    }
    assert_eq!(call(&app, "GET", "/api/v1/kiosk/people", Some(&kim.access), None).await.status(), 401);
    let me = data_of(as_kiosk(&app, &token, "GET", "/api/v1/kiosk/me", None).await).await;
    assert_eq!(me["locationId"], place.as_str());

    // PINs: 4 to 8 digits.
    for pin in ["123", "123456789", "12a4", ""] {
        let response = call(&app, "PUT", "/api/v1/me/clock-pin", Some(&kim.access), Some(json!({"pin": pin}))).await;
        assert_eq!(response.status(), 400, "{pin}");
    }
    assert_eq!(
        call(&app, "PUT", "/api/v1/me/clock-pin", Some(&kim.access), Some(json!({"pin": "2468"}))).await.status(),
        200
    );

    let people = data_of(as_kiosk(&app, &token, "GET", "/api/v1/kiosk/people", None).await).await;
    let find = |id: &str| people["items"].as_array().unwrap().iter().find(|p| p["userId"] == id).unwrap().clone();
    assert_eq!(
        (find(&kim.user_id)["hasPin"].as_bool(), find(&kim.user_id)["status"].as_str()),
        (Some(true), Some("out"))
    );
    assert_eq!(find(&lee.user_id)["hasPin"], false);

    let punch = |user: &str, pin: &str, action: &str, client: &str| json!({"userId": user, "pin": pin, "action": action, "clientId": client});
    let punched =
        as_kiosk(&app, &token, "POST", "/api/v1/kiosk/punch", Some(punch(&kim.user_id, "2468", "in", "k1"))).await;
    assert_eq!(punched.status(), 201);
    let punched = data_of(punched).await;
    assert_eq!(punched["state"]["status"], "in");
    assert_eq!(punched["punch"]["clockId"], format!("kiosk:{kiosk}"));
    assert_eq!(punched["punch"]["locationId"], place.as_str());
    let state = data_of(call(&app, "GET", "/api/v1/clock", Some(&kim.access), None).await).await;
    assert_eq!(state["status"], "in", "the kiosk's punch is Kim's own");
    let (status, code, _) = error_of(
        as_kiosk(&app, &token, "POST", "/api/v1/kiosk/punch", Some(punch(&lee.user_id, "1111", "in", "l1"))).await,
    )
    .await;
    assert_eq!((status, code.as_str()), (409, "conflict"), "Lee has no PIN yet");

    // Four wrong PINs say how many tries are left; the fifth locks Kim on this kiosk.
    for n in 1..=4 {
        let (status, _, body) = error_of(
            as_kiosk(
                &app,
                &token,
                "POST",
                "/api/v1/kiosk/punch",
                Some(punch(&kim.user_id, "0000", "out", &format!("w{n}"))),
            )
            .await,
        )
        .await;
        assert_eq!(status, 400);
        assert!(body["error"]["fields"]["pin"].as_str().unwrap().contains(&format!("{}", 5 - n)), "{body}");
    }
    let locked =
        as_kiosk(&app, &token, "POST", "/api/v1/kiosk/punch", Some(punch(&kim.user_id, "0000", "out", "w5"))).await;
    assert_eq!(locked.status(), 429);
    let right =
        as_kiosk(&app, &token, "POST", "/api/v1/kiosk/punch", Some(punch(&kim.user_id, "2468", "out", "k2"))).await;
    assert_eq!(right.status(), 429, "locked, even with the right PIN");
    let people = data_of(as_kiosk(&app, &token, "GET", "/api/v1/kiosk/people", None).await).await;
    let kim_row =
        people["items"].as_array().unwrap().iter().find(|p| p["userId"] == kim.user_id.as_str()).unwrap().clone();
    assert!(kim_row["lockedUntil"].is_string());
    let told: Vec<String> = app
        .state
        .db
        .read(|c| {
            let mut stmt = c.prepare("SELECT audience || payload FROM events WHERE kind = 'clock.pin_locked'")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
        .unwrap();
    assert_eq!(told.len(), 1);
    assert!(told[0].contains("clock:managers") && !told[0].contains("2468") && !told[0].contains("0000"));

    app.state.clock.advance(Duration::from_secs(5 * 60 + 1));
    let right =
        as_kiosk(&app, &token, "POST", "/api/v1/kiosk/punch", Some(punch(&kim.user_id, "2468", "out", "k3"))).await;
    assert_eq!(right.status(), 201, "five minutes on");

    // Another workplace's person is not the kiosk's; a revoked kiosk is no one.
    let other = app.add_tenant("other").await;
    let stranger = app.add_user(&other, Role::TenantAdmin, "boss@other.example").await;
    let theirs =
        as_kiosk(&app, &token, "POST", "/api/v1/kiosk/punch", Some(punch(&stranger.user_id, "2468", "in", "s1"))).await;
    assert_eq!(theirs.status(), 404);
    let path = format!("/api/v1/kiosks/{kiosk}");
    assert_eq!(call(&app, "DELETE", &path, Some(&stranger.access), None).await.status(), 404);
    assert_eq!(call(&app, "DELETE", &path, Some(&manager.access), None).await.status(), 200);
    assert_eq!(call(&app, "DELETE", &path, Some(&manager.access), None).await.status(), 409);
    assert_eq!(as_kiosk(&app, &token, "GET", "/api/v1/kiosk/people", None).await.status(), 401, "revoked at once");

    // A manager clears a PIN.
    let pin_path = format!("/api/v1/users/{}/clock-pin", kim.user_id);
    assert_eq!(call(&app, "DELETE", &pin_path, Some(&kim.access), None).await.status(), 403);
    assert_eq!(call(&app, "DELETE", &pin_path, Some(&manager.access), None).await.status(), 200);
    assert_eq!(call(&app, "DELETE", &pin_path, Some(&manager.access), None).await.status(), 404);
}
