//! After setup: the owner's onboarding checklist (seed 001's Setup Hub) and the business details
//! the wizard said could be changed later (seed 000's organization and location routes).

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::support::{TestApp, call, data_of, error_of, test_config};

fn status_of(hub: &Value, code: &str) -> String {
    hub["tasks"].as_array().unwrap().iter().find(|t| t["code"] == code).unwrap()["status"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_checklist_ticks_itself_from_the_data_and_is_dismissed_when_done() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let hub = data_of(call(&app, "GET", "/api/v1/setup-hub", Some(&owner.access), None).await).await;
    let codes: Vec<&str> = hub["tasks"].as_array().unwrap().iter().map(|t| t["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["business_details", "opening_hours", "email", "invite_team", "first_schedule", "publish_week"]);
    assert_eq!((hub["done"].as_u64(), hub["total"].as_u64()), (Some(0), Some(6)));
    assert_eq!(hub["tasks"][4]["link"], "/schedules");
    assert_eq!(hub["tasks"][2]["link"], "/settings/email");

    // Setup gave name, contact, address and hours; no mail server, nobody else yet.
    let hub = data_of(call(&app, "POST", "/api/v1/setup-hub/auto-check", Some(&owner.access), None).await).await;
    assert_eq!(status_of(&hub, "business_details"), "completed");
    assert_eq!(status_of(&hub, "opening_hours"), "completed");
    assert_eq!(status_of(&hub, "email"), "pending");
    assert_eq!(status_of(&hub, "invite_team"), "pending");
    assert_eq!(hub["tasks"][0]["autoDetected"], true);

    let (status, code, _) =
        error_of(call(&app, "PUT", "/api/v1/setup-hub/complete", Some(&owner.access), None).await).await;
    assert_eq!((status, code.as_str()), (409, "conflict"));

    let member = app.add_user(&owner.tenant_id, Role::User, "staff@salon.example").await;
    let hub = data_of(call(&app, "POST", "/api/v1/setup-hub/auto-check", Some(&owner.access), None).await).await;
    assert_eq!(status_of(&hub, "invite_team"), "completed");
    assert_eq!(status_of(&hub, "first_schedule"), "pending");

    // A first schedule ticks one task; publishing a shift the other.
    let schedule = json!({"name": "Salon", "assigneeUserIds": [member.user_id]});
    let schedule = data_of(call(&app, "POST", "/api/v1/schedules", Some(&owner.access), Some(schedule)).await).await;
    let shifts = format!("/api/v1/schedules/{}/shifts", schedule["id"].as_str().unwrap());
    let shift =
        json!({"assignedUserId": member.user_id, "shiftDate": "2026-02-16", "startTime": "09:00", "endTime": "17:00"});
    assert_eq!(call(&app, "POST", &shifts, Some(&owner.access), Some(shift)).await.status(), 201);
    let hub = data_of(call(&app, "POST", "/api/v1/setup-hub/auto-check", Some(&owner.access), None).await).await;
    assert_eq!(
        (status_of(&hub, "first_schedule").as_str(), status_of(&hub, "publish_week").as_str()),
        ("completed", "pending")
    );
    let publish = format!("/api/v1/schedules/{}/publish", schedule["id"].as_str().unwrap());
    let range = json!({"from": "2026-02-16", "to": "2026-02-22"});
    assert_eq!(call(&app, "POST", &publish, Some(&owner.access), Some(range)).await.status(), 200);
    let hub = data_of(call(&app, "POST", "/api/v1/setup-hub/auto-check", Some(&owner.access), None).await).await;
    assert_eq!(status_of(&hub, "publish_week"), "completed");
    // A member may look, not tick.
    assert_eq!(call(&app, "GET", "/api/v1/setup-hub", Some(&member.access), None).await.status(), 200);
    let skip = json!({"status": "skipped"});
    assert_eq!(
        error_of(call(&app, "PUT", "/api/v1/setup-hub/tasks/email", Some(&member.access), Some(skip.clone())).await)
            .await
            .0,
        403
    );
    let hub =
        data_of(call(&app, "PUT", "/api/v1/setup-hub/tasks/email", Some(&owner.access), Some(skip.clone())).await)
            .await;
    assert_eq!(status_of(&hub, "email"), "skipped");
    assert_eq!(hub["tasks"][2]["autoDetected"], false);
    assert_eq!(
        error_of(call(&app, "PUT", "/api/v1/setup-hub/tasks/nonsense", Some(&owner.access), Some(skip)).await).await.0,
        404
    );
    let bad = json!({"status": "finished"});
    assert_eq!(
        error_of(call(&app, "PUT", "/api/v1/setup-hub/tasks/email", Some(&owner.access), Some(bad)).await).await.0,
        400
    );

    let hub = data_of(call(&app, "PUT", "/api/v1/setup-hub/complete", Some(&owner.access), None).await).await;
    assert!(hub["completedAt"].is_string());
    assert_eq!(hub["done"], 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_mail_server_counts_as_e_mail_set_up() {
    let mut config = test_config();
    config.mail.smtp_host = Some("127.0.0.1".into());
    config.mail.smtp_port = 9; // never reached here
    config.mail.smtp_security = staffroom::config::SmtpSecurity::None;
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    let hub = data_of(call(&app, "POST", "/api/v1/setup-hub/auto-check", Some(&owner.access), None).await).await;
    assert_eq!(status_of(&hub, "email"), "completed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn business_details_can_be_changed_after_setup() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let manager = app.add_user(&owner.tenant_id, Role::Manager, "manager@salon.example").await;
    let orgs = data_of(call(&app, "GET", "/api/v1/organizations", Some(&manager.access), None).await).await;
    assert_eq!(orgs["total"], 1);
    let org = orgs["items"][0].clone();
    assert_eq!((org["name"].as_str(), org["email"].as_str()), (Some("Salon Élise"), Some("info@salon.example")));
    let org_id = org["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/organizations/{org_id}");

    let change = json!({"name": "Salon Élise & Co", "phone": null, "address": "Kerkstraat 12, Haarlem"});
    assert_eq!(error_of(call(&app, "PATCH", &path, Some(&manager.access), Some(change.clone())).await).await.0, 403);
    let saved = data_of(call(&app, "PATCH", &path, Some(&owner.access), Some(change)).await).await;
    assert_eq!(saved["name"], "Salon Élise & Co");
    assert_eq!(saved["phone"], Value::Null, "null clears");
    assert_eq!(saved["email"], "info@salon.example", "absent stays");
    let me = app.me(&owner.access).await;
    assert_eq!(me["tenant"]["name"], "Salon Élise & Co", "the workplace's name follows");

    for (body, field) in [
        (json!({"email": "not an address"}), "email"),
        (json!({"name": "  "}), "name"),
        (json!({"phone": "1".repeat(51)}), "phone"),
        (json!({"colour": "red"}), "colour"),
    ] {
        let (status, code, error) = error_of(call(&app, "PATCH", &path, Some(&owner.access), Some(body)).await).await;
        assert_eq!((status, code.as_str()), (400, "validation_failed"), "{error}");
        assert!(error["error"]["fields"][field].is_string(), "{error}");
    }

    let locations = data_of(call(&app, "GET", &format!("{path}/locations"), Some(&manager.access), None).await).await;
    let location = locations["items"][0].clone();
    assert_eq!(location["timezone"], "Europe/Amsterdam");
    let location_path = format!("{path}/locations/{}", location["id"].as_str().unwrap());
    let hours = json!({"timezone": "Europe/Brussels", "openingHours": [
        {"dayOfWeek": 4, "openTime": "09:00", "closeTime": "21:00", "isClosed": false},
        {"dayOfWeek": 1, "isClosed": true}
    ]});
    let saved = data_of(call(&app, "PATCH", &location_path, Some(&owner.access), Some(hours)).await).await;
    assert_eq!(saved["timezone"], "Europe/Brussels");
    let days = saved["openingHours"].as_array().unwrap();
    let day = |n: u64| days.iter().find(|d| d["dayOfWeek"] == n).unwrap().clone();
    assert_eq!((day(4)["closeTime"].as_str(), day(1)["isClosed"].as_bool()), (Some("21:00"), Some(true)));
    assert_eq!(day(6)["openTime"], "10:00", "days not sent stay");

    for body in [
        json!({"timezone": "Mars/Olympus"}),
        json!({"openingHours": [{"dayOfWeek": 2, "openTime": "18:00", "closeTime": "09:00", "isClosed": false}]}),
        json!({"openingHours": [{"dayOfWeek": 9, "isClosed": true}]}),
    ] {
        let (status, _, error) =
            error_of(call(&app, "PATCH", &location_path, Some(&owner.access), Some(body)).await).await;
        assert_eq!(status, 400, "{error}");
    }

    // Another business's owner sees none of it.
    let other = app.add_tenant("elsewhere").await;
    let outsider = app.add_user(&other, Role::Owner, "owner@elsewhere.example").await;
    for (method, target) in [("GET", path.clone()), ("PATCH", path.clone()), ("GET", location_path.clone())] {
        let body = (method == "PATCH").then(|| json!({"name": "Mine now"}));
        assert_eq!(
            error_of(call(&app, method, &target, Some(&outsider.access), body).await).await.0,
            404,
            "{method} {target}"
        );
    }
    assert_eq!(error_of(call(&app, "GET", &path, None, None).await).await.0, 401);
}
