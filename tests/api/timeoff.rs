//! Time off (issue 13): asked for by the person, decided by a manager, private to both; an
//! approved request is a `time_off` conflict and keeps the person from claiming open shifts.

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::support::{Session, TestApp, call, data_of, error_of};

struct Team {
    app: TestApp,
    owner: Session,
    manager: Session,
    user: Session,
    colleague: Session,
}

async fn team() -> Team {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let manager = app.add_user(&owner.tenant_id, Role::Manager, "mo@salon.example").await;
    let user = app.add_user(&owner.tenant_id, Role::User, "kim@salon.example").await;
    let colleague = app.add_user(&owner.tenant_id, Role::User, "lee@salon.example").await;
    Team { app, owner, manager, user, colleague }
}

impl Team {
    async fn ask(&self, who: &Session, body: Value) -> reqwest::Response {
        call(&self.app, "POST", "/api/v1/time-off", Some(&who.access), Some(body)).await
    }

    async fn asked(&self, body: Value) -> Value {
        let response = self.ask(&self.user, body.clone()).await;
        assert_eq!(response.status(), 201, "{body}");
        data_of(response).await
    }

    async fn list(&self, who: &Session, query: &str) -> Value {
        data_of(call(&self.app, "GET", &format!("/api/v1/time-off{query}"), Some(&who.access), None).await).await
    }
}

#[tokio::test]
async fn time_off_is_asked_for_decided_and_kept_between_the_person_and_the_managers() {
    let t = team().await;
    let days = t
        .asked(json!({"kind": "vacation", "startDate": "2026-02-16", "endDate": "2026-02-18", "note": "Family"}))
        .await;
    assert_eq!(days["status"], "pending");
    assert_eq!(days["startsAt"], "2026-02-15T23:00:00Z", "from midnight in Amsterdam");
    assert_eq!(days["endsAt"], "2026-02-18T23:00:00Z", "to the midnight after the last day");
    assert!(days["startTime"].is_null());
    let part =
        t.asked(json!({"kind": "personal", "startDate": "2026-02-20", "startTime": "13:00", "endTime": "17:00"})).await;
    assert_eq!(
        (part["startsAt"].as_str(), part["endsAt"].as_str()),
        (Some("2026-02-20T12:00:00Z"), Some("2026-02-20T16:00:00Z"))
    );
    assert_eq!(part["endDate"], "2026-02-20");

    // A colleague sees none of it.
    assert_eq!(t.list(&t.colleague, "").await["total"], 0);
    let path = format!("/api/v1/time-off/{}", days["id"].as_str().unwrap());
    assert_eq!(call(&t.app, "GET", &path, Some(&t.colleague.access), None).await.status(), 404);
    let theirs = format!("/api/v1/time-off?userId={}", t.user.user_id);
    assert_eq!(call(&t.app, "GET", &theirs, Some(&t.colleague.access), None).await.status(), 403);
    assert_eq!(t.list(&t.user, "").await["total"], 2);
    // The managers see everyone's, filtered.
    assert_eq!(t.list(&t.manager, "").await["total"], 2);
    assert_eq!(t.list(&t.manager, "?status=pending").await["total"], 2);
    assert_eq!(t.list(&t.manager, "?from=2026-02-19&to=2026-02-21").await["items"][0]["id"], part["id"]);
    assert_eq!(t.list(&t.manager, &format!("?userId={}", t.colleague.user_id)).await["total"], 0);
    assert_eq!(data_of(call(&t.app, "GET", &path, Some(&t.manager.access), None).await).await["note"], "Family");

    // Only a manager decides, once.
    let approve = format!("{path}/approve");
    assert_eq!(call(&t.app, "POST", &approve, Some(&t.user.access), None).await.status(), 403);
    let approved =
        data_of(call(&t.app, "POST", &approve, Some(&t.manager.access), Some(json!({"comment": "Enjoy"}))).await).await;
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["decidedBy"], t.manager.user_id.as_str());
    assert_eq!(approved["decisionComment"], "Enjoy");
    let (status, code, _) = error_of(call(&t.app, "POST", &approve, Some(&t.owner.access), None).await).await;
    assert_eq!((status, code.as_str()), (409, "conflict"));
    let decline = format!("/api/v1/time-off/{}/decline", part["id"].as_str().unwrap());
    assert_eq!(data_of(call(&t.app, "POST", &decline, Some(&t.owner.access), None).await).await["status"], "declined");
    let cancel = format!("/api/v1/time-off/{}", part["id"].as_str().unwrap());
    assert_eq!(call(&t.app, "DELETE", &cancel, Some(&t.user.access), None).await.status(), 409, "declined already");
    assert_eq!(t.list(&t.manager, "?status=approved").await["total"], 1);

    // Its events say who and when, never the note or the comment.
    let events = t
        .app
        .state
        .db
        .read(|c| {
            let mut stmt =
                c.prepare("SELECT kind, audience, payload FROM events WHERE kind LIKE 'timeoff.%' ORDER BY seq")?;
            let rows =
                stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
        .unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(kinds, ["timeoff.requested", "timeoff.requested", "timeoff.decided", "timeoff.decided"]);
    for (_, audience, payload) in &events {
        assert_eq!(audience, &format!("[\"clock:managers\",\"user:{}\"]", t.user.user_id));
        assert!(!payload.contains("Family") && !payload.contains("Enjoy"), "{payload}");
    }
}

#[tokio::test]
async fn bad_requests_for_time_off_are_refused_with_their_field() {
    let t = team().await;
    let cases = [
        (json!({"kind": "vacation", "startDate": "2026-02-18", "endDate": "2026-02-16"}), "endDate"),
        (json!({"kind": "vacation", "startDate": "2026-02-18", "endDate": "2027-02-20"}), "endDate"),
        (
            json!({"kind": "vacation", "startDate": "2026-02-18", "endDate": "2026-02-19", "startTime": "09:00", "endTime": "12:00"}),
            "endDate",
        ),
        (json!({"kind": "vacation", "startDate": "2026-02-18", "startTime": "09:00"}), "endTime"),
        (json!({"kind": "vacation", "startDate": "2026-02-18", "endTime": "09:00"}), "startTime"),
        (json!({"kind": "vacation", "startDate": "2026-02-18", "startTime": "12:00", "endTime": "09:00"}), "endTime"),
        (json!({"kind": "vacation", "startDate": "2026-02-18", "startTime": "9:00", "endTime": "12:00"}), "startTime"),
        (json!({"kind": "vacation", "startDate": "18-02-2026"}), "startDate"),
        (json!({"kind": "vacation", "startDate": "2026-02-18", "note": "x".repeat(1001)}), "note"),
        (json!({"kind": "holiday", "startDate": "2026-02-18"}), "kind"),
        (json!({"kind": "vacation", "startDate": "2026-02-18", "extra": true}), "extra"),
        (json!({"kind": "vacation"}), "startDate"),
    ];
    for (body, field) in cases {
        let (status, code, error) = error_of(t.ask(&t.user, body.clone()).await).await;
        assert_eq!((status, code.as_str()), (400, "validation_failed"), "{body}");
        assert!(error["error"]["fields"].get(field).is_some(), "{body}: {error}");
    }
    assert_eq!(
        call(&t.app, "POST", "/api/v1/time-off", None, Some(json!({"kind": "sick", "startDate": "2026-02-18"})))
            .await
            .status(),
        401
    );
    for query in ["?from=2026-02-01", "?from=2026-02-10&to=2026-02-01", "?status=maybe", "?userId=nope", "?limit=0"] {
        let response = call(&t.app, "GET", &format!("/api/v1/time-off{query}"), Some(&t.manager.access), None).await;
        assert_eq!(response.status(), 400, "{query}");
    }
    // Another workplace's request is not found, whoever asks.
    let mine = t.asked(json!({"kind": "sick", "startDate": "2026-02-18"})).await;
    let other = t.app.add_tenant("elsewhere").await;
    let outsider = t.app.add_user(&other, Role::TenantAdmin, "admin@elsewhere.example").await;
    let path = format!("/api/v1/time-off/{}", mine["id"].as_str().unwrap());
    for (method, path) in [("GET", path.clone()), ("POST", format!("{path}/approve")), ("DELETE", path.clone())] {
        assert_eq!(call(&t.app, method, &path, Some(&outsider.access), None).await.status(), 404, "{method} {path}");
    }
    let response =
        call(&t.app, "POST", &format!("{path}/approve"), Some(&t.manager.access), Some(json!({"comment": 5}))).await;
    assert_eq!(response.status(), 400);
    assert_eq!(call(&t.app, "GET", "/api/v1/time-off/not-an-id", Some(&t.manager.access), None).await.status(), 404);
}

#[tokio::test]
async fn approved_time_off_is_a_conflict_and_keeps_the_person_from_claiming() {
    let t = team().await;
    let schedule = data_of(
        call(
            &t.app,
            "POST",
            "/api/v1/schedules",
            Some(&t.owner.access),
            Some(json!({"name": "Rota", "assigneeUserIds": [t.user.user_id]})),
        )
        .await,
    )
    .await;
    let schedule = schedule["id"].as_str().unwrap().to_string();
    let shifts = format!("/api/v1/schedules/{schedule}/shifts");
    let mine = json!({"assignedUserId": t.user.user_id, "shiftDate": "2026-02-17", "startTime": "09:00",
        "endTime": "17:00", "status": "published"});
    let mine = data_of(call(&t.app, "POST", &shifts, Some(&t.owner.access), Some(mine)).await).await;
    let open = json!({"shiftDate": "2026-02-18", "startTime": "10:00", "endTime": "14:00", "status": "published"});
    let open = data_of(call(&t.app, "POST", &shifts, Some(&t.owner.access), Some(open)).await).await;
    let week = "from=2026-02-16&to=2026-02-22";
    let codes = |shift: &Value| -> Vec<String> {
        shift["conflicts"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap().to_string()).collect()
    };
    let board = |who: &Session| {
        let (app, path, token) = (&t.app, format!("{shifts}?{week}"), who.access.clone());
        async move { data_of(call(app, "GET", &path, Some(&token), None).await).await }
    };
    assert!(!codes(&board(&t.owner).await["items"][0]).contains(&"time_off".to_string()));

    let off = t.asked(json!({"kind": "vacation", "startDate": "2026-02-17", "endDate": "2026-02-18"})).await;
    let id = off["id"].as_str().unwrap().to_string();
    assert!(!codes(&board(&t.owner).await["items"][0]).contains(&"time_off".to_string()), "not while pending");
    let approve = format!("/api/v1/time-off/{id}/approve");
    assert_eq!(call(&t.app, "POST", &approve, Some(&t.manager.access), None).await.status(), 200);

    let planner = board(&t.owner).await;
    let shift = planner["items"].as_array().unwrap().iter().find(|s| s["id"] == mine["id"]).unwrap().clone();
    let conflict = shift["conflicts"].as_array().unwrap().iter().find(|c| c["code"] == "time_off").unwrap().clone();
    assert_eq!(conflict["relatedId"], id.as_str(), "planners see which request");
    // The person sees the code on their own shift, without the id.
    let own =
        data_of(call(&t.app, "GET", &format!("/api/v1/me/shifts?{week}"), Some(&t.user.access), None).await).await;
    let own_conflict =
        own["items"][0]["conflicts"].as_array().unwrap().iter().find(|c| c["code"] == "time_off").unwrap().clone();
    assert!(own_conflict.get("relatedId").is_none());
    // …and may not claim an open shift during it.
    let member_view = board(&t.user).await;
    let listed = member_view["items"].as_array().unwrap().iter().find(|s| s["id"] == open["id"]).unwrap().clone();
    assert_eq!(listed["claimable"], false);
    let claim = format!("{shifts}/{}/claim", open["id"].as_str().unwrap());
    assert_eq!(call(&t.app, "POST", &claim, Some(&t.user.access), None).await.status(), 409);

    // Cancelled, it is no conflict any more.
    let cancel = format!("/api/v1/time-off/{id}");
    assert_eq!(call(&t.app, "DELETE", &cancel, Some(&t.user.access), None).await.status(), 200);
    let planner = board(&t.owner).await;
    assert!(planner["items"].as_array().unwrap().iter().all(|s| !codes(s).contains(&"time_off".to_string())));
    assert_eq!(
        board(&t.user).await["items"].as_array().unwrap().iter().find(|s| s["id"] == open["id"]).unwrap()["claimable"],
        true
    );
}
