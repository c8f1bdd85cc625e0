//! The approval inbox (issue 13): claims, time off and the last period's timesheets in one list
//! with their conflicts, for whoever may decide them; decided in bulk, each decision on its own.

use std::time::Duration;

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::support::{Session, TestApp, call, data_of, error_of, test_config};

async fn post(app: &TestApp, who: &Session, path: &str, body: Value) -> Value {
    let response = call(app, "POST", path, Some(&who.access), Some(body.clone())).await;
    assert!(response.status().is_success(), "{path} {body}: {}", response.status());
    data_of(response).await
}

#[tokio::test]
async fn claims_time_off_and_timesheets_wait_in_one_inbox_and_are_decided_in_bulk() {
    let mut config = test_config();
    config.auth.access_token_ttl.0 = Duration::from_secs(7 * 24 * 3600);
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    let manager = app.add_user(&owner.tenant_id, Role::Manager, "mo@salon.example").await;
    let user = app.add_user(&owner.tenant_id, Role::User, "kim@salon.example").await;
    // Weekly periods from Monday 9 February: the last one ended on Sunday the 8th.
    for (key, value) in [("timesheets.period", json!("weekly")), ("timesheets.period_start", json!("2026-02-09"))] {
        let path = format!("/api/v1/org-settings/{key}");
        assert_eq!(call(&app, "PUT", &path, Some(&owner.access), Some(json!({"value": value}))).await.status(), 200);
    }

    let schedule = post(
        &app,
        &owner,
        "/api/v1/schedules",
        json!({"name": "Rota", "assigneeUserIds": [user.user_id], "claimNeedsApproval": true}),
    )
    .await;
    let shifts = format!("/api/v1/schedules/{}/shifts", schedule["id"].as_str().unwrap());
    let mine = post(
        &app,
        &owner,
        &shifts,
        json!({"assignedUserId": user.user_id, "shiftDate": "2026-02-11", "startTime": "09:00", "endTime": "17:00",
            "status": "published"}),
    )
    .await;
    let open = post(
        &app,
        &owner,
        &shifts,
        json!({"shiftDate": "2026-02-12", "startTime": "10:00", "endTime": "14:00", "status": "published"}),
    )
    .await;
    let claim = post(&app, &user, &format!("{shifts}/{}/claim", open["id"].as_str().unwrap()), json!({})).await;
    let claim = claim["claim"]["id"].as_str().unwrap().to_string();
    let request = post(&app, &user, "/api/v1/time-off", json!({"kind": "sick", "startDate": "2026-02-11"})).await;
    let request = request["id"].as_str().unwrap().to_string();
    for (action, at) in [("in", "2026-02-08T09:00:00Z"), ("out", "2026-02-08T12:00:00Z")] {
        let body = json!({"action": action, "clientId": action, "offline": true, "at": at});
        post(&app, &user, "/api/v1/clock", body).await;
    }

    let inbox = data_of(call(&app, "GET", "/api/v1/inbox", Some(&manager.access), None).await).await;
    assert_eq!(inbox["counts"], json!({"claim": 1, "timeOff": 1, "timesheet": 1, "swap": 0}));
    assert_eq!(inbox["total"], 3);
    let item = |kind: &str| inbox["items"].as_array().unwrap().iter().find(|i| i["kind"] == kind).unwrap().clone();
    let off = item("timeOff");
    assert_eq!((off["id"].as_str(), off["userId"].as_str()), (Some(request.as_str()), Some(user.user_id.as_str())));
    assert_eq!(off["conflicts"][0]["code"], "scheduled");
    assert_eq!(off["conflicts"][0]["relatedId"], mine["id"], "the shift Kim would miss");
    let asked = item("claim");
    assert_eq!(asked["claim"]["shiftId"], open["id"]);
    assert_eq!(asked["claim"]["startTime"], "10:00");
    let sheet = item("timesheet");
    let sheet_id = format!("{}/2026-02-02", user.user_id);
    assert_eq!(sheet["id"], sheet_id.as_str());
    assert_eq!(sheet["timesheet"]["summary"]["totals"]["workedMinutes"], 180);
    assert_eq!(sheet["overtimeMinutes"], 0);

    // Members have no inbox.
    assert_eq!(call(&app, "GET", "/api/v1/inbox", Some(&user.access), None).await.status(), 403);
    let decisions = json!({"decisions": [{"kind": "claim", "id": claim, "decision": "approve"}]});
    assert_eq!(call(&app, "POST", "/api/v1/inbox/decisions", Some(&user.access), Some(decisions)).await.status(), 403);

    // Another workplace's admin finds none of these.
    let other = app.add_tenant("other").await;
    let stranger = app.add_user(&other, Role::TenantAdmin, "boss@other.example").await;
    let theirs = data_of(call(&app, "GET", "/api/v1/inbox", Some(&stranger.access), None).await).await;
    assert_eq!(theirs["total"], 0);
    let tried = post(
        &app,
        &stranger,
        "/api/v1/inbox/decisions",
        json!({"decisions": [
            {"kind": "claim", "id": claim, "decision": "approve"},
            {"kind": "timeOff", "id": request, "decision": "decline"},
            {"kind": "timesheet", "id": sheet_id, "decision": "approve"}]}),
    )
    .await;
    let statuses: Vec<u64> =
        tried["results"].as_array().unwrap().iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [404, 404, 404]);

    // In bulk: the three, an unknown request, and a timesheet "declined".
    let answer = post(
        &app,
        &manager,
        "/api/v1/inbox/decisions",
        json!({"decisions": [
            {"kind": "claim", "id": claim, "decision": "approve"},
            {"kind": "timeOff", "id": request, "decision": "approve", "comment": "Get well"},
            {"kind": "timesheet", "id": sheet_id, "decision": "approve"},
            {"kind": "timeOff", "id": "0190d5a0-0000-7000-8000-000000000000", "decision": "approve"},
            {"kind": "timesheet", "id": sheet_id, "decision": "decline"}]}),
    )
    .await;
    let statuses: Vec<u64> =
        answer["results"].as_array().unwrap().iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [200, 200, 200, 404, 400]);
    assert_eq!((answer["decided"].as_u64(), answer["failed"].as_u64()), (Some(3), Some(2)));
    assert_eq!(answer["results"][3]["error"]["code"], "not_found");
    assert!(answer["results"][4]["error"]["fields"]["decision"].is_string());

    let inbox = data_of(call(&app, "GET", "/api/v1/inbox", Some(&manager.access), None).await).await;
    assert_eq!(inbox["total"], 0, "{inbox}");
    let decided =
        data_of(call(&app, "GET", &format!("/api/v1/time-off/{request}"), Some(&user.access), None).await).await;
    assert_eq!((decided["status"].as_str(), decided["decisionComment"].as_str()), (Some("approved"), Some("Get well")));
    let path = format!("/api/v1/timesheets/{}?date=2026-02-05", user.user_id);
    let sheet = data_of(call(&app, "GET", &path, Some(&user.access), None).await).await;
    assert_eq!(sheet["status"], "approved");

    // Deciding again: each is 409 on its own, and the answer is still 200.
    let again = post(
        &app,
        &manager,
        "/api/v1/inbox/decisions",
        json!({"decisions": [{"kind": "claim", "id": claim, "decision": "decline"},
            {"kind": "timeOff", "id": request, "decision": "decline"}]}),
    )
    .await;
    let statuses: Vec<u64> =
        again["results"].as_array().unwrap().iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [409, 409]);
}

#[tokio::test]
async fn decision_bodies_are_checked() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let one = json!({"kind": "claim", "id": "x", "decision": "approve"});
    for body in [
        json!({"decisions": []}),
        json!({"decisions": vec![one.clone(); 101]}),
        json!({"decisions": [one.clone()], "more": true}),
        json!({"decisions": [{"kind": "trade", "id": "x", "decision": "approve"}]}),
        json!({"decisions": [{"kind": "claim", "id": "x", "decision": "maybe"}]}),
        json!({"decisions": [{"kind": "claim", "id": "x".repeat(101), "decision": "approve"}]}),
        json!({"decisions": [{"kind": "timeOff", "id": "x", "decision": "approve", "comment": "c".repeat(1001)}]}),
    ] {
        let (status, code, _) =
            error_of(call(&app, "POST", "/api/v1/inbox/decisions", Some(&owner.access), Some(body.clone())).await)
                .await;
        assert_eq!((status, code.as_str()), (400, "validation_failed"), "{body}");
    }
    assert_eq!(call(&app, "GET", "/api/v1/inbox", None, None).await.status(), 401);
}
