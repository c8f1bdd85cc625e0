//! The time clock (issue 13): the in → break → out sequence, late offline punches rebuilt in
//! the order they happened and counted once, the location's rules (geofence, early, rounding),
//! forgotten clock-outs, what its events carry, and its bad input.

use std::time::Duration;

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::support::{FIXED_NOW, Session, TestApp, call, data_of, error_of, test_config};

struct Clock {
    app: TestApp,
    owner: Session,
    user: Session,
    location: String,
}

async fn clock() -> Clock {
    // Tokens that outlive the hours the tests move the clock on.
    let mut config = test_config();
    config.auth.access_token_ttl.0 = Duration::from_secs(7 * 24 * 3600);
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    let user = app.add_user(&owner.tenant_id, Role::User, "kim@salon.example").await;
    let org = data_of(call(&app, "GET", "/api/v1/organizations", Some(&owner.access), None).await).await;
    let org = org["items"][0]["id"].as_str().unwrap().to_string();
    let locations =
        data_of(call(&app, "GET", &format!("/api/v1/organizations/{org}/locations"), Some(&owner.access), None).await)
            .await;
    let location = locations["items"][0]["id"].as_str().unwrap().to_string();
    Clock { app, owner, user, location }
}

impl Clock {
    async fn punch(&self, who: &Session, body: Value) -> reqwest::Response {
        call(&self.app, "POST", "/api/v1/clock", Some(&who.access), Some(body)).await
    }

    async fn punched(&self, body: Value) -> Value {
        let response = self.punch(&self.user, body.clone()).await;
        assert_eq!(response.status(), 201, "{body}");
        data_of(response).await
    }

    async fn state(&self) -> Value {
        data_of(call(&self.app, "GET", "/api/v1/clock", Some(&self.user.access), None).await).await
    }

    fn advance(&self, minutes: u64) {
        self.app.state.clock.advance(Duration::from_secs(minutes * 60));
    }

    async fn set_rules(&self, body: Value) -> reqwest::Response {
        let path = format!("/api/v1/clock/locations/{}/settings", self.location);
        call(&self.app, "PATCH", &path, Some(&self.owner.access), Some(body)).await
    }

    /// The kinds, audiences and payloads of the clock's events, oldest first.
    async fn events(&self) -> Vec<(String, Value, Value)> {
        self.app
            .state
            .db
            .read(|c| {
                let mut stmt =
                    c.prepare("SELECT kind, audience, payload FROM events WHERE kind LIKE 'clock.%' ORDER BY seq")?;
                let rows = stmt.query_map([], |r| {
                    let (kind, audience, payload): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
                    Ok((kind, serde_json::from_str(&audience).unwrap(), serde_json::from_str(&payload).unwrap()))
                })?;
                Ok(rows.collect::<Result<Vec<_>, _>>()?)
            })
            .await
            .unwrap()
    }

    async fn punch_count(&self) -> i64 {
        self.app
            .state
            .db
            .read(|c| Ok(c.query_row("SELECT count(*) FROM clock_punches", [], |r| r.get::<_, i64>(0))?))
            .await
            .unwrap()
    }
}

/// `minutes` after the tests' fixed start, as RFC 3339 (whole seconds).
fn at(minutes: i64) -> String {
    let start: jiff::Timestamp = FIXED_NOW.parse().unwrap();
    (start + jiff::SignedDuration::from_secs(minutes * 60)).to_string()
}

#[tokio::test]
async fn a_day_on_the_clock_with_a_break_rounded_to_a_quarter() {
    let t = clock().await;
    assert_eq!(t.set_rules(json!({"roundMinutes": 15})).await.status(), 200);
    assert_eq!(t.state().await["status"], "out");

    t.advance(7); // 09:07 → 09:00
    let first = t.punched(json!({"action": "in", "clientId": "p-1"})).await;
    assert_eq!(first["replayed"], false);
    assert_eq!(first["state"]["status"], "in");
    let entry = &first["state"]["entry"];
    assert_eq!(entry["clockInAt"], at(7));
    assert_eq!(entry["clockInRoundedAt"], at(0));
    assert_eq!(entry["locationId"], t.location.as_str(), "the first location when no shift says otherwise");
    assert_eq!(entry["id"], first["punch"]["id"], "an entry is known by the punch that opened it");

    // The managers see who is in (the board), and another workplace does not.
    let active = data_of(call(&t.app, "GET", "/api/v1/clock/active", Some(&t.owner.access), None).await).await;
    assert_eq!(active["total"], 1);
    assert_eq!(active["items"][0]["userId"], t.user.user_id.as_str());
    assert_eq!(active["items"][0]["status"], "in");
    assert_eq!(active["items"][0]["clockInAt"], at(7));
    let other = t.app.add_tenant("elsewhere").await;
    let outsider = t.app.add_user(&other, Role::TenantAdmin, "admin@elsewhere.example").await;
    let theirs = data_of(call(&t.app, "GET", "/api/v1/clock/active", Some(&outsider.access), None).await).await;
    assert_eq!(theirs["total"], 0);

    t.advance(180);
    assert_eq!(t.punched(json!({"action": "breakStart", "clientId": "p-2"})).await["state"]["status"], "onBreak");
    let active = data_of(call(&t.app, "GET", "/api/v1/clock/active", Some(&t.owner.access), None).await).await;
    assert_eq!(active["items"][0]["status"], "onBreak");
    assert_eq!(active["items"][0]["onBreakSince"], at(187));
    // Nothing but the break's end or clocking out follows a break start.
    let (status, code, _) = error_of(t.punch(&t.user, json!({"action": "breakStart", "clientId": "p-x"})).await).await;
    assert_eq!((status, code.as_str()), (409, "conflict"));
    t.advance(30);
    assert_eq!(t.punched(json!({"action": "breakEnd", "clientId": "p-3"})).await["state"]["status"], "in");
    t.advance(291); // 17:28 → 17:30
    let out = t.punched(json!({"action": "out", "clientId": "p-4"})).await;
    assert_eq!(out["state"]["status"], "out");
    assert!(out["state"]["entry"].is_null());
    let last = &out["state"]["lastEntry"];
    assert_eq!(last["clockOutAt"], at(508));
    assert_eq!(last["clockOutRoundedAt"], at(510));
    assert_eq!(last["breaks"], json!([{"startedAt": at(187), "endedAt": at(217)}]));
    assert_eq!(last["breakMinutes"], 30);
    // 09:00 to 17:30 rounded, less the break.
    assert_eq!(last["workedMinutes"], 8 * 60 + 30 - 30);
    assert_eq!(t.punch_count().await, 4, "the refused punch was not stored");
    let active = data_of(call(&t.app, "GET", "/api/v1/clock/active", Some(&t.owner.access), None).await).await;
    assert_eq!(active["total"], 0);

    let (status, code, _) = error_of(t.punch(&t.user, json!({"action": "out", "clientId": "p-5"})).await).await;
    assert_eq!((status, code.as_str()), (409, "conflict"));
}

#[tokio::test]
async fn late_offline_punches_are_rebuilt_in_the_order_they_happened_and_count_once() {
    let t = clock().await;
    t.punched(json!({"action": "in", "clientId": "on-in"})).await;
    t.advance(8 * 60);
    t.punched(json!({"action": "out", "clientId": "on-out"})).await;
    // The break was punched on a phone without network at 12:00 and 12:30, and sent now.
    let start = json!({"action": "breakStart", "clientId": "off-1", "offline": true, "at": at(180)});
    let sent = t.punched(start.clone()).await;
    assert_eq!(sent["punch"]["offline"], true);
    assert_eq!(sent["punch"]["at"], at(180));
    assert_eq!(sent["punch"]["flags"], json!([]));
    t.punched(json!({"action": "breakEnd", "clientId": "off-2", "offline": true, "at": at(210)})).await;
    let state = t.state().await;
    assert_eq!(state["status"], "out");
    assert_eq!(state["lastEntry"]["breaks"], json!([{"startedAt": at(180), "endedAt": at(210)}]));
    assert_eq!(state["lastEntry"]["workedMinutes"], 8 * 60 - 30);

    // Sent again (the phone did not hear the answer): the same punch, nothing new.
    let count = t.punch_count().await;
    let again = t.punch(&t.user, start).await;
    assert_eq!(again.status(), 200);
    let again = data_of(again).await;
    assert_eq!(again["replayed"], true);
    assert_eq!(again["punch"]["id"], sent["punch"]["id"]);
    assert_eq!(t.punch_count().await, count);

    // An offline clock-in while the entry was open does not fit: kept, flagged, not counted.
    let stray = t.punched(json!({"action": "in", "clientId": "off-3", "offline": true, "at": at(240)})).await;
    assert_eq!(stray["punch"]["flags"], json!(["out_of_sequence"]));
    assert!(stray["punch"]["entryId"].is_null());
    assert_eq!(t.state().await["lastEntry"]["workedMinutes"], 8 * 60 - 30);

    // Offline punches that arrive before the online ones they precede rebuild the entry too:
    // clocked in at 18:00 offline, out online now.
    t.advance(60);
    t.punched(json!({"action": "in", "clientId": "off-4", "offline": true, "at": at(8 * 60 + 30)})).await;
    let out = t.punched(json!({"action": "out", "clientId": "on-out-2"})).await;
    assert_eq!(out["state"]["lastEntry"]["clockInAt"], at(8 * 60 + 30));
    assert_eq!(out["state"]["lastEntry"]["workedMinutes"], 30);
}

#[tokio::test]
async fn offline_times_are_checked() {
    let t = clock().await;
    let cases = [
        (json!({"action": "in", "clientId": "a", "at": at(0)}), "at"),
        (json!({"action": "in", "clientId": "a", "offline": true}), "at"),
        (json!({"action": "in", "clientId": "a", "offline": true, "at": at(-73 * 60)}), "at"),
        (json!({"action": "in", "clientId": "a", "offline": true, "at": at(3)}), "at"),
        (json!({"action": "in", "clientId": "a", "offline": true, "at": "yesterday-ish"}), "at"),
        (json!({"action": "in", "clientId": "not ok!"}), "clientId"),
        (json!({"action": "in", "clientId": ""}), "clientId"),
        (json!({"action": "in", "clientId": "a".repeat(65)}), "clientId"),
        (json!({"action": "in", "clientId": "a", "geo": {"latitude": 91.0, "longitude": 0.0}}), "geo.latitude"),
        (
            json!({"action": "in", "clientId": "a", "geo": {"latitude": 1.0, "longitude": 0.0, "accuracy": -1.0}}),
            "geo.accuracy",
        ),
        (json!({"action": "in", "clientId": "a", "clockId": "x".repeat(101)}), "clockId"),
    ];
    for (body, field) in cases {
        let (status, code, error) = error_of(t.punch(&t.user, body.clone()).await).await;
        assert_eq!((status, code.as_str()), (400, "validation_failed"), "{body}");
        assert!(error["error"]["fields"].get(field).is_some(), "{body}: {error}");
    }
    for body in [
        json!({"action": "lunch", "clientId": "a"}),
        json!({"clientId": "a"}),
        json!({"action": "in"}),
        json!({"action": "in", "clientId": "a", "extra": 1}),
    ] {
        let (status, code, _) = error_of(t.punch(&t.user, body.clone()).await).await;
        assert_eq!((status, code.as_str()), (400, "validation_failed"), "{body}");
    }
    let malformed = t
        .app
        .client
        .post(t.app.url("/api/v1/clock"))
        .bearer_auth(&t.user.access)
        .header("content-type", "application/json")
        .body("{\"action\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(malformed).await.1, "malformed_json");
    let huge = json!({"action": "in", "clientId": "a", "clockId": "x".repeat(2 * 1024 * 1024)});
    assert_eq!(t.punch(&t.user, huge).await.status(), 413);
    // Another tenant's location or job, an unknown shift: not found, nothing stored.
    let other = t.app.add_tenant("elsewhere").await;
    let outsider = t.app.add_user(&other, Role::TenantAdmin, "admin@elsewhere.example").await;
    let response = t.punch(&outsider, json!({"action": "in", "clientId": "o", "locationId": t.location})).await;
    assert_eq!(response.status(), 404);
    let fake = "01900000-0000-7000-8000-000000000000";
    for field in ["jobId", "shiftId", "locationId"] {
        let response = t.punch(&t.user, json!({"action": "in", "clientId": "f", field: fake})).await;
        assert_eq!(response.status(), 404, "{field}");
    }
    assert_eq!(t.punch_count().await, 0);
    assert_eq!(
        call(&t.app, "POST", "/api/v1/clock", None, Some(json!({"action": "in", "clientId": "n"}))).await.status(),
        401
    );
}

#[tokio::test]
async fn the_geofence_and_the_early_rule_refuse_online_punches_and_flag_offline_ones() {
    let t = clock().await;
    // A geofence needs its centre and radius together.
    let (status, _, error) = error_of(t.set_rules(json!({"geofenceMeters": 100})).await).await;
    assert_eq!(status, 400);
    assert!(error["error"]["fields"].get("geofenceMeters").is_some());
    for bad in [json!({"roundMinutes": 7}), json!({"earlyMinutes": -1}), json!({"latitude": 120.0}), json!({"nope": 1})]
    {
        assert_eq!(t.set_rules(bad.clone()).await.status(), 400, "{bad}");
    }
    // A member may not change the rules.
    let path = format!("/api/v1/clock/locations/{}/settings", t.location);
    let forbidden = call(&t.app, "PATCH", &path, Some(&t.user.access), Some(json!({"earlyMinutes": 0}))).await;
    assert_eq!(forbidden.status(), 403);
    let rules = data_of(
        t.set_rules(json!({"latitude": 52.3731, "longitude": 4.8926, "geofenceMeters": 150, "earlyMinutes": 10})).await,
    )
    .await;
    assert_eq!(rules["geofenceMeters"], 150);

    let (status, _, error) = error_of(t.punch(&t.user, json!({"action": "in", "clientId": "g-0"})).await).await;
    assert_eq!(status, 400, "the position is needed");
    assert!(error["error"]["fields"].get("geo").is_some());
    let far = json!({"latitude": 52.3791, "longitude": 4.9003, "accuracy": 20.0});
    let (status, code, _) =
        error_of(t.punch(&t.user, json!({"action": "in", "clientId": "g-1", "geo": far})).await).await;
    assert_eq!((status, code.as_str()), (409, "conflict"));
    // Offline from the same place: kept, counted, flagged for the manager.
    let offline = json!({"action": "in", "clientId": "g-2", "geo": far, "offline": true, "at": at(0)});
    let kept = t.punched(offline).await;
    assert_eq!(kept["punch"]["flags"], json!(["outside_geofence"]));
    assert_eq!(kept["state"]["status"], "in");
    // Breaks may be taken anywhere; clocking out must be at the location.
    t.punched(json!({"action": "breakStart", "clientId": "g-3"})).await;
    t.punched(json!({"action": "breakEnd", "clientId": "g-4"})).await;
    let near = json!({"latitude": 52.3733, "longitude": 4.8929, "accuracy": 10.0});
    t.punched(json!({"action": "out", "clientId": "g-5", "geo": near})).await;

    // A published shift at 13:00 local (12:00 UTC): too early at 10:00, fine ten minutes before.
    assert_eq!(t.set_rules(json!({"latitude": null, "longitude": null, "geofenceMeters": null})).await.status(), 200);
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
    let shift = json!({"assignedUserId": t.user.user_id, "shiftDate": "2026-02-10", "startTime": "13:00",
        "endTime": "18:00", "status": "published"});
    let path = format!("/api/v1/schedules/{}/shifts", schedule["id"].as_str().unwrap());
    let shift = data_of(call(&t.app, "POST", &path, Some(&t.owner.access), Some(shift)).await).await;
    t.advance(60); // 10:00 UTC
    let (status, code, _) = error_of(t.punch(&t.user, json!({"action": "in", "clientId": "e-1"})).await).await;
    assert_eq!((status, code.as_str()), (409, "conflict"));
    t.advance(110); // 11:50 UTC, ten minutes before
    let punched = t.punched(json!({"action": "in", "clientId": "e-2"})).await;
    assert_eq!(punched["state"]["entry"]["shiftId"], shift["id"]);
    assert_eq!(punched["punch"]["shiftId"], shift["id"]);
    // Someone else's shift cannot be named.
    let colleague = t.app.add_user(&t.owner.tenant_id, Role::User, "lee@salon.example").await;
    let response = t.punch(&colleague, json!({"action": "in", "clientId": "c-1", "shiftId": shift["id"]})).await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn a_forgotten_clock_out_is_flagged_once_and_events_carry_no_position() {
    let t = clock().await;
    assert_eq!(
        t.set_rules(json!({"latitude": 52.3731, "longitude": 4.8926, "geofenceMeters": 150})).await.status(),
        200
    );
    let here = json!({"latitude": 52.3731, "longitude": 4.8926, "accuracy": 5.0});
    t.punched(json!({"action": "in", "clientId": "m-1", "geo": here})).await;
    let (db, clock) = (&t.app.state.db, &t.app.state.clock);
    assert_eq!(staffroom::timeclock::check_missed(db, clock).await.unwrap(), 0);
    t.advance(13 * 60 + 1); // no shift: 12 hours and the hour of grace
    assert_eq!(staffroom::timeclock::check_missed(db, clock).await.unwrap(), 1);
    assert_eq!(staffroom::timeclock::check_missed(db, clock).await.unwrap(), 0, "once");
    assert_eq!(t.state().await["entry"]["missedClockOut"], true);
    // Clocking out late keeps the flag on the entry for the manager.
    t.punched(json!({"action": "out", "clientId": "m-2", "geo": here})).await;
    assert_eq!(t.state().await["lastEntry"]["missedClockOut"], true);

    let events = t.events().await;
    let kinds: Vec<&str> = events.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(kinds, ["clock.punched", "clock.missed_punch", "clock.punched"]);
    for (kind, audience, payload) in &events {
        assert_eq!(audience, &json!(["clock:managers", format!("user:{}", t.user.user_id)]), "{kind}");
        let text = payload.to_string();
        assert!(!text.contains("52.37") && !text.contains("latitude") && !text.contains("accuracy"), "{text}");
    }
    assert_eq!(events[0].2["action"], "in");
    assert_eq!(events[0].2["status"], "in");
}
