//! The personal dashboard of seed 001 (issue 14): `GET /api/v1/me/action-items` (my coming
//! shifts, the open shifts I may take, what waits for my decision) and
//! `GET /api/v1/me/unread-counts` (notifications, chat, approvals), each for the caller only.

use std::time::Duration;

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::support::{Session, TestApp, call, error_of, ok, test_config};

fn ids(list: &Value) -> Vec<&str> {
    list.as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect()
}

/// Waits (up to 10 s) until the pipeline has given `who` `n` unread notifications.
async fn unread_at_least(app: &TestApp, who: &Session, n: u64) -> Value {
    for _ in 0..200 {
        let counts = ok(app, who, "GET", "/api/v1/me/unread-counts", None).await;
        if counts["notifications"].as_u64() >= Some(n) {
            return counts;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{} never had {n} unread notifications", who.user_id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn my_coming_shifts_the_open_shifts_i_may_take_and_what_waits_for_me() {
    // FIXED_NOW is Tuesday 10 February 2026, 09:00 UTC (10:00 in Amsterdam).
    let app = TestApp::spawn_with(test_config()).await;
    let owner = app.setup_owner().await;
    let lisa = app.add_user(&owner.tenant_id, Role::User, "lisa@salon.example").await;
    let tom = app.add_user(&owner.tenant_id, Role::User, "tom@salon.example").await;
    let body = json!({"name": "Salon", "assigneeUserIds": [lisa.user_id, tom.user_id], "claimNeedsApproval": true});
    let schedule = ok(&app, &owner, "POST", "/api/v1/schedules", Some(body)).await;
    let shifts = format!("/api/v1/schedules/{}/shifts", schedule["id"].as_str().unwrap());
    let shift = |who: Option<&Session>, day: &str, start: &str, end: &str| {
        let mut body = json!({"shiftDate": day, "startTime": start, "endTime": end, "status": "published"});
        if let Some(who) = who {
            body["assignedUserId"] = json!(who.user_id);
        }
        body
    };
    let over = ok(&app, &owner, "POST", &shifts, Some(shift(Some(&lisa), "2026-02-10", "06:00", "09:00"))).await;
    let later = ok(&app, &owner, "POST", &shifts, Some(shift(Some(&lisa), "2026-02-12", "09:00", "17:00"))).await;
    let on_now = ok(&app, &owner, "POST", &shifts, Some(shift(Some(&lisa), "2026-02-10", "09:00", "17:00"))).await;
    let open = ok(&app, &owner, "POST", &shifts, Some(shift(None, "2026-02-13", "10:00", "14:00"))).await;
    let clash = ok(&app, &owner, "POST", &shifts, Some(shift(None, "2026-02-12", "12:00", "16:00"))).await;
    let past = ok(&app, &owner, "POST", &shifts, Some(shift(None, "2026-02-09", "10:00", "14:00"))).await;
    let draft = json!({"shiftDate": "2026-02-14", "startTime": "10:00", "endTime": "14:00"});
    let draft = ok(&app, &owner, "POST", &shifts, Some(draft)).await;

    let items = ok(&app, &lisa, "GET", "/api/v1/me/action-items", None).await;
    assert_eq!(
        ids(&items["nextShifts"]),
        [on_now["id"].as_str().unwrap(), later["id"].as_str().unwrap()],
        "the one still on, then the next; not the one over"
    );
    assert_ne!(ids(&items["nextShifts"]), [over["id"].as_str().unwrap()]);
    assert_eq!(items["nextShifts"][0]["startTime"], "09:00");
    assert_eq!(
        ids(&items["openShifts"]),
        [open["id"].as_str().unwrap()],
        "not the one that overlaps her shift, not the past one, not the draft ({clash}, {past}, {draft})"
    );
    assert_eq!(items["openShifts"][0]["claimable"], true);
    assert_eq!(items["approvals"], Value::Null, "a member decides nothing");
    let tom_items = ok(&app, &tom, "GET", "/api/v1/me/action-items", None).await;
    assert_eq!(tom_items["nextShifts"], json!([]), "only her own shifts are hers");
    assert_eq!(tom_items["openShifts"].as_array().unwrap().len(), 2, "Tom is free for both");

    // She asks for the open shift: it leaves her list and waits in the manager's.
    ok(&app, &lisa, "POST", &format!("{shifts}/{}/claim", open["id"].as_str().unwrap()), Some(json!({}))).await;
    let items = ok(&app, &lisa, "GET", "/api/v1/me/action-items", None).await;
    assert_eq!(items["openShifts"], json!([]), "asked for already");
    let mine = ok(&app, &owner, "GET", "/api/v1/me/action-items", None).await;
    let approvals = &mine["approvals"];
    assert_eq!(approvals["total"], 1);
    assert_eq!(approvals["counts"]["claim"], 1);
    assert_eq!(approvals["items"][0]["kind"], "claim");
    assert_eq!(approvals["items"][0]["userId"], lisa.user_id.as_str());
    let inbox = ok(&app, &owner, "GET", "/api/v1/inbox", None).await;
    assert_eq!(inbox["total"], approvals["total"], "the same as the inbox");

    // Unread: the claim reached the owner as a notification; Tom writes in General.
    let rooms = ok(&app, &tom, "GET", "/api/v1/chat/rooms", None).await;
    let general = rooms["items"].as_array().unwrap().iter().find(|r| r["kind"] == "general").unwrap()["id"].clone();
    let path = format!("/api/v1/chat/channels/{}/messages", general.as_str().unwrap());
    for text in ["Who has the keys?", "Found them"] {
        ok(&app, &tom, "POST", &path, Some(json!({"content": text}))).await;
    }
    let counts = unread_at_least(&app, &owner, 1).await;
    let notifications = ok(&app, &owner, "GET", "/api/v1/notifications/unread-count", None).await;
    assert_eq!(counts["notifications"], notifications["count"]);
    assert_eq!(counts["chat"], 2);
    assert_eq!(counts["approvals"], 1);
    let sum = counts["notifications"].as_u64().unwrap() + 2 + 1;
    assert_eq!(counts["total"], sum);
    let theirs = ok(&app, &tom, "GET", "/api/v1/me/unread-counts", None).await;
    assert_eq!(theirs["chat"], 0, "his own messages are not unread for him");
    assert_eq!(theirs["approvals"], Value::Null);
    assert_eq!(theirs["total"], theirs["notifications"]);

    // Reading the channel lowers it.
    let read = format!("/api/v1/chat/channels/{}/read", general.as_str().unwrap());
    ok(&app, &owner, "POST", &read, None).await;
    let counts = ok(&app, &owner, "GET", "/api/v1/me/unread-counts", None).await;
    assert_eq!(counts["chat"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_needs_a_session_and_shows_nothing_of_another_workplace() {
    let app = TestApp::spawn_with(test_config()).await;
    let owner = app.setup_owner().await;
    for path in ["/api/v1/me/action-items", "/api/v1/me/unread-counts"] {
        let (status, code, _) = error_of(call(&app, "GET", path, None, None).await).await;
        assert_eq!((status, code.as_str()), (401, "unauthorized"), "{path}");
        let (status, _, _) = error_of(call(&app, "GET", path, Some("not-a-token"), None).await).await;
        assert_eq!(status, 401, "{path}");
        let (status, _, _) = error_of(call(&app, "POST", path, Some(&owner.access), Some(json!({}))).await).await;
        assert_eq!(status, 405, "{path}: read only");
    }

    // This workplace's open shift and pending claim stay here: a stranger's dashboard is empty.
    let worker = app.add_user(&owner.tenant_id, Role::User, "worker@salon.example").await;
    let body = json!({"name": "Salon", "assigneeUserIds": [worker.user_id], "claimNeedsApproval": true});
    let schedule = ok(&app, &owner, "POST", "/api/v1/schedules", Some(body)).await;
    let shifts = format!("/api/v1/schedules/{}/shifts", schedule["id"].as_str().unwrap());
    let body = json!({"shiftDate": "2026-02-13", "startTime": "10:00", "endTime": "14:00", "status": "published"});
    let open = ok(&app, &owner, "POST", &shifts, Some(body)).await;
    let body = json!({"assignedUserId": worker.user_id, "shiftDate": "2026-02-12", "startTime": "09:00",
        "endTime": "12:00", "status": "published"});
    ok(&app, &owner, "POST", &shifts, Some(body)).await;
    ok(&app, &worker, "POST", &format!("{shifts}/{}/claim", open["id"].as_str().unwrap()), Some(json!({}))).await;
    assert_eq!(ok(&app, &owner, "GET", "/api/v1/me/action-items", None).await["approvals"]["total"], 1);
    unread_at_least(&app, &owner, 1).await;

    let other = app.add_tenant("barber").await;
    let stranger = app.add_user(&other, Role::TenantAdmin, "boss@barber.example").await;
    let theirs = ok(&app, &stranger, "GET", "/api/v1/me/action-items", None).await;
    assert_eq!(theirs["openShifts"], json!([]));
    assert_eq!(theirs["nextShifts"], json!([]));
    assert_eq!(theirs["approvals"]["total"], 0, "{theirs}");
    assert_eq!(theirs["approvals"]["items"], json!([]));
    let counts = ok(&app, &stranger, "GET", "/api/v1/me/unread-counts", None).await;
    assert_eq!((counts["notifications"].as_u64(), counts["approvals"].as_u64()), (Some(0), Some(0)), "{counts}");
    assert_eq!(counts["total"], counts["chat"]);
}
