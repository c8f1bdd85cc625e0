//! Shift swaps and hand-overs (issue 13): offered to everyone or to one colleague, accepted by
//! someone the conflict engine lets take the shift (time off and overlaps keep one from it),
//! approved by a planner where the schedule asks for it; withdrawn; refused once begun.

use std::time::Duration;

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::support::{Session, TestApp, call, data_of, error_of, test_config};

struct Team {
    app: TestApp,
    owner: Session,
    kim: Session,
    lee: Session,
    sam: Session,
}

async fn team() -> Team {
    let mut config = test_config();
    config.auth.access_token_ttl.0 = Duration::from_secs(7 * 24 * 3600);
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    let kim = app.add_user(&owner.tenant_id, Role::User, "kim@salon.example").await;
    let lee = app.add_user(&owner.tenant_id, Role::User, "lee@salon.example").await;
    let sam = app.add_user(&owner.tenant_id, Role::User, "sam@salon.example").await;
    Team { app, owner, kim, lee, sam }
}

impl Team {
    async fn post(&self, who: &Session, path: &str, body: Value) -> reqwest::Response {
        call(&self.app, "POST", path, Some(&who.access), Some(body)).await
    }

    async fn ok(&self, who: &Session, path: &str, body: Value) -> Value {
        let response = self.post(who, path, body.clone()).await;
        assert!(response.status().is_success(), "{path} {body}: {}", response.status());
        data_of(response).await
    }

    /// A schedule of the three with Kim's published shift on 12 February, 09:00–17:00.
    async fn rota(&self, approval: bool) -> (String, String) {
        let people = [&self.kim.user_id, &self.lee.user_id, &self.sam.user_id];
        let body = json!({"name": "Rota", "assigneeUserIds": people, "swapNeedsApproval": approval});
        let schedule = self.ok(&self.owner, "/api/v1/schedules", body).await["id"].as_str().unwrap().to_string();
        let shift = json!({"assignedUserId": self.kim.user_id, "shiftDate": "2026-02-12", "startTime": "09:00",
            "endTime": "17:00", "status": "published"});
        let shift = self.ok(&self.owner, &format!("/api/v1/schedules/{schedule}/shifts"), shift).await;
        (schedule, shift["id"].as_str().unwrap().to_string())
    }

    async fn mine(&self, who: &Session) -> Vec<String> {
        let path = "/api/v1/me/shifts?from=2026-02-09&to=2026-02-15";
        let week = data_of(call(&self.app, "GET", path, Some(&who.access), None).await).await;
        week["items"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_string()).collect()
    }
}

#[tokio::test]
async fn an_offer_to_everyone_is_taken_at_once_without_approval() {
    let t = team().await;
    let (schedule, shift) = t.rota(false).await;
    let offers = format!("/api/v1/schedules/{schedule}/shifts/{shift}/swaps");
    assert_eq!(t.post(&t.lee, &offers, json!({})).await.status(), 403, "not Lee's shift");
    let offer = t.ok(&t.kim, &offers, json!({"note": "Dentist"})).await;
    assert_eq!((offer["status"].as_str(), offer["toUserId"].as_str()), (Some("offered"), None));
    assert_eq!(offer["shift"]["startTime"], "09:00");
    let (status, code, _) = error_of(t.post(&t.kim, &offers, json!({})).await).await;
    assert_eq!((status, code.as_str()), (409, "conflict"), "one live offer per shift");

    for who in [&t.lee, &t.sam] {
        let list = data_of(call(&t.app, "GET", "/api/v1/swaps", Some(&who.access), None).await).await;
        assert_eq!(list["total"], 1, "everyone on the schedule sees the offer");
    }
    let id = offer["id"].as_str().unwrap().to_string();
    assert_eq!(t.post(&t.kim, &format!("/api/v1/swaps/{id}/accept"), json!({})).await.status(), 403, "not one's own");
    let taken = t.ok(&t.lee, &format!("/api/v1/swaps/{id}/accept"), json!({})).await;
    assert_eq!(
        (taken["status"].as_str(), taken["acceptedBy"].as_str()),
        (Some("approved"), Some(t.lee.user_id.as_str()))
    );
    assert!(t.mine(&t.lee).await.contains(&shift), "the shift is Lee's, published at once");
    assert!(!t.mine(&t.kim).await.contains(&shift));
    let (status, _, _) = error_of(t.post(&t.sam, &format!("/api/v1/swaps/{id}/accept"), json!({})).await).await;
    assert_eq!(status, 409, "taken already");

    // The hand-over is a published change for Kim, Lee and the planners.
    let kinds: Vec<(String, String)> = t
        .app
        .state
        .db
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT kind, audience FROM events WHERE kind LIKE 'swap.%' OR kind = 'shift.changed' ORDER BY seq",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
        .unwrap();
    let names: Vec<&str> = kinds.iter().map(|k| k.0.as_str()).collect();
    assert_eq!(names, ["swap.offered", "shift.changed", "swap.approved"]);
    assert!(kinds[0].1.contains(&format!("schedule:{schedule}:published")), "an open offer reaches the schedule");
    assert!(kinds[1].1.contains(&t.kim.user_id) && kinds[1].1.contains(&t.lee.user_id));
}

#[tokio::test]
async fn a_named_colleague_is_judged_by_the_conflict_engine_and_a_planner_approves() {
    let t = team().await;
    let (schedule, shift) = t.rota(true).await;
    // Sam has approved time off that day; Lee is free.
    let off = t.ok(&t.sam, "/api/v1/time-off", json!({"kind": "vacation", "startDate": "2026-02-12"})).await;
    t.ok(&t.owner, &format!("/api/v1/time-off/{}/approve", off["id"].as_str().unwrap()), json!({})).await;
    let offers = format!("/api/v1/schedules/{schedule}/shifts/{shift}/swaps");
    let (status, _, body) = error_of(t.post(&t.kim, &offers, json!({"toUserId": t.sam.user_id})).await).await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["conflicts"][0]["code"], "time_off", "{body}");
    let (status, _, body) = error_of(t.post(&t.kim, &offers, json!({"toUserId": t.kim.user_id})).await).await;
    assert!(status == 400 && body["error"]["fields"]["toUserId"].is_string());
    let stranger = "0190d5a0-0000-7000-8000-000000000000";
    assert_eq!(t.post(&t.kim, &offers, json!({"toUserId": stranger})).await.status(), 404);

    let offer = t.ok(&t.kim, &offers, json!({"toUserId": t.lee.user_id})).await;
    let id = offer["id"].as_str().unwrap().to_string();
    let sam_sees = data_of(call(&t.app, "GET", "/api/v1/swaps", Some(&t.sam.access), None).await).await;
    assert_eq!(sam_sees["total"], 0, "offered to Lee alone");
    assert_eq!(t.post(&t.sam, &format!("/api/v1/swaps/{id}/accept"), json!({})).await.status(), 403);
    let accepted = t.ok(&t.lee, &format!("/api/v1/swaps/{id}/accept"), json!({})).await;
    assert_eq!(accepted["status"], "accepted");
    assert!(t.mine(&t.kim).await.contains(&shift), "still Kim's until a planner approves");

    // The planner's inbox holds it; members may not decide.
    let inbox = data_of(call(&t.app, "GET", "/api/v1/inbox", Some(&t.owner.access), None).await).await;
    assert_eq!(inbox["counts"]["swap"], 1);
    let item = inbox["items"].as_array().unwrap().iter().find(|i| i["kind"] == "swap").unwrap().clone();
    assert_eq!((item["id"].as_str(), item["userId"].as_str()), (Some(id.as_str()), Some(t.lee.user_id.as_str())));
    assert_eq!(t.post(&t.lee, &format!("/api/v1/swaps/{id}/approve"), json!({})).await.status(), 403);
    let decided = t
        .ok(
            &t.owner,
            "/api/v1/inbox/decisions",
            json!({"decisions": [{"kind": "swap", "id": id, "decision": "approve"}]}),
        )
        .await;
    assert_eq!(decided["results"][0]["status"], 200, "{decided}");
    assert!(t.mine(&t.lee).await.contains(&shift));
    assert_eq!(t.post(&t.owner, &format!("/api/v1/swaps/{id}/decline"), json!({})).await.status(), 409);

    // Lee offers it on, Kim takes it back, the planner declines: it stays Lee's.
    let again = t.ok(&t.lee, &offers, json!({"toUserId": t.kim.user_id})).await;
    let again = again["id"].as_str().unwrap().to_string();
    t.ok(&t.kim, &format!("/api/v1/swaps/{again}/accept"), json!({})).await;
    let declined = t.ok(&t.owner, &format!("/api/v1/swaps/{again}/decline"), json!({})).await;
    assert_eq!(declined["status"], "declined");
    assert!(t.mine(&t.lee).await.contains(&shift));
}

#[tokio::test]
async fn offers_are_withdrawn_and_refused_once_the_shift_begins() {
    let t = team().await;
    let (schedule, shift) = t.rota(false).await;
    let offers = format!("/api/v1/schedules/{schedule}/shifts/{shift}/swaps");
    let offer = t.ok(&t.kim, &offers, json!({})).await;
    let id = offer["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/swaps/{id}");
    assert_eq!(call(&t.app, "DELETE", &path, Some(&t.lee.access), None).await.status(), 404, "not Lee's offer");
    assert_eq!(call(&t.app, "DELETE", &path, Some(&t.kim.access), None).await.status(), 200);
    assert_eq!(call(&t.app, "DELETE", &path, Some(&t.kim.access), None).await.status(), 409);
    assert_eq!(t.post(&t.lee, &format!("{path}/accept"), json!({})).await.status(), 409, "withdrawn");

    let offer = t.ok(&t.kim, &offers, json!({})).await;
    let id = offer["id"].as_str().unwrap().to_string();
    // 12 February 09:00 in Amsterdam has come.
    t.app.state.clock.advance(Duration::from_secs(2 * 86_400));
    let (status, _, _) = error_of(t.post(&t.lee, &format!("/api/v1/swaps/{id}/accept"), json!({})).await).await;
    assert_eq!(status, 409);
    call(&t.app, "DELETE", &format!("/api/v1/swaps/{id}"), Some(&t.owner.access), None).await;
    assert_eq!(t.post(&t.kim, &offers, json!({})).await.status(), 409, "begun");

    // Another workplace sees nothing; bodies are checked.
    let other = t.app.add_tenant("other").await;
    let stranger = t.app.add_user(&other, Role::TenantAdmin, "boss@other.example").await;
    assert_eq!(t.post(&stranger, &format!("/api/v1/swaps/{id}/accept"), json!({})).await.status(), 404);
    assert_eq!(
        data_of(call(&t.app, "GET", "/api/v1/swaps?status=all", Some(&stranger.access), None).await).await["total"],
        0
    );
    assert_eq!(t.post(&t.kim, &offers, json!({"to": t.lee.user_id})).await.status(), 400);
    assert_eq!(call(&t.app, "GET", "/api/v1/swaps?status=later", Some(&t.kim.access), None).await.status(), 400);
    assert_eq!(call(&t.app, "GET", "/api/v1/swaps", None, None).await.status(), 401);
}
