//! Timesheets (issue 13): a pay period's scheduled and worked time, breaks and overtime split at
//! local midnight; managers' corrections kept beside the punches (a forgotten clock-out fixed);
//! approval locking the period against punches and corrections, and the audited unlock; the
//! payroll CSV, formula-safe; who may see what.

use std::time::Duration;

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::support::{Session, TestApp, call, data_of, error_of, test_config};

struct Team {
    app: TestApp,
    owner: Session,
    manager: Session,
    user: Session,
    colleague: Session,
}

async fn team() -> Team {
    // Tokens that outlive the hours the tests move the clock on.
    let mut config = test_config();
    config.auth.access_token_ttl.0 = Duration::from_secs(7 * 24 * 3600);
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    let manager = app.add_user(&owner.tenant_id, Role::Manager, "mo@salon.example").await;
    let user = app.add_user(&owner.tenant_id, Role::User, "kim@salon.example").await;
    let colleague = app.add_user(&owner.tenant_id, Role::User, "lee@salon.example").await;
    Team { app, owner, manager, user, colleague }
}

impl Team {
    /// An offline punch of `who` at a UTC time.
    async fn punch(&self, who: &Session, action: &str, at: &str) -> reqwest::Response {
        let body = json!({"action": action, "clientId": format!("{action}-{at}"), "offline": true, "at": at});
        call(&self.app, "POST", "/api/v1/clock", Some(&who.access), Some(body)).await
    }

    async fn punched(&self, who: &Session, steps: &[(&str, &str)]) {
        for (action, at) in steps {
            let response = self.punch(who, action, at).await;
            assert_eq!(response.status(), 201, "{action} at {at}");
        }
    }

    async fn setting(&self, key: &str, value: Value) {
        let path = format!("/api/v1/org-settings/{key}");
        let response = call(&self.app, "PUT", &path, Some(&self.owner.access), Some(json!({"value": value}))).await;
        assert_eq!(response.status(), 200, "{key}");
    }

    async fn sheet(&self, who: &Session, user: &Session, query: &str) -> reqwest::Response {
        let path = format!("/api/v1/timesheets/{}{query}", user.user_id);
        call(&self.app, "GET", &path, Some(&who.access), None).await
    }

    async fn sheet_of(&self, user: &Session) -> Value {
        let response = self.sheet(&self.manager, user, "").await;
        assert_eq!(response.status(), 200);
        data_of(response).await
    }

    async fn correct(&self, who: &Session, entry: &str, body: Value) -> reqwest::Response {
        call(&self.app, "PATCH", &format!("/api/v1/time-entries/{entry}"), Some(&who.access), Some(body)).await
    }

    async fn approve(&self, who: &Session, user: &Session, start: &str) -> reqwest::Response {
        let path = format!("/api/v1/timesheets/{}/approve", user.user_id);
        call(&self.app, "POST", &path, Some(&who.access), Some(json!({"periodStart": start}))).await
    }

    async fn unlock(&self, who: &Session, body: Value) -> reqwest::Response {
        let path = format!("/api/v1/timesheets/{}/unlock", self.user.user_id);
        call(&self.app, "POST", &path, Some(&who.access), Some(body)).await
    }

    fn advance(&self, minutes: u64) {
        self.app.state.clock.advance(Duration::from_secs(minutes * 60));
    }
}

fn day<'a>(sheet: &'a Value, date: &str) -> &'a Value {
    sheet["days"].as_array().unwrap().iter().find(|d| d["date"] == date).unwrap()
}

#[tokio::test]
async fn a_period_counts_scheduled_and_worked_time_breaks_and_overtime_by_local_day() {
    let t = team().await;
    t.setting("timesheets.daily_overtime_minutes", json!(480)).await;
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
    let shifts = format!("/api/v1/schedules/{}/shifts", schedule["id"].as_str().unwrap());
    let shift = json!({"assignedUserId": t.user.user_id, "shiftDate": "2026-02-09", "startTime": "09:00",
        "endTime": "17:30", "breakMinutes": 30, "status": "published"});
    assert_eq!(call(&t.app, "POST", &shifts, Some(&t.owner.access), Some(shift)).await.status(), 201);

    // A night from Saturday 22:00 to Sunday 06:00 (Amsterdam), and a long Monday with a break.
    t.punched(
        &t.user,
        &[
            ("in", "2026-02-07T21:00:00Z"),
            ("out", "2026-02-08T05:00:00Z"),
            ("in", "2026-02-09T07:55:00Z"),
            ("breakStart", "2026-02-09T11:00:00Z"),
            ("breakEnd", "2026-02-09T11:30:00Z"),
            ("out", "2026-02-09T17:00:00Z"),
        ],
    )
    .await;
    let sheet = t.sheet_of(&t.user).await;
    assert_eq!(sheet["period"], json!({"kind": "biweekly", "start": "2026-02-02", "end": "2026-02-15"}));
    assert_eq!(sheet["status"], "open");
    assert_eq!(sheet["days"].as_array().unwrap().len(), 14);
    assert_eq!(day(&sheet, "2026-02-07")["workedMinutes"], 120, "Saturday until midnight");
    assert_eq!(day(&sheet, "2026-02-08")["workedMinutes"], 360, "Sunday from midnight");
    let monday = day(&sheet, "2026-02-09");
    assert_eq!(
        (&monday["scheduledMinutes"], &monday["workedMinutes"], &monday["breakMinutes"], &monday["overtimeMinutes"]),
        (&json!(480), &json!(515), &json!(30), &json!(35)),
        "08:55–18:00 less half an hour: 35 minutes over eight hours"
    );
    let totals = &sheet["totals"];
    assert_eq!(totals["workedMinutes"], 995);
    assert_eq!(totals["regularMinutes"], 960);
    assert_eq!(totals["dailyOvertimeMinutes"], 35);
    assert_eq!(totals["weeklyOvertimeMinutes"], 0);
    let entries = sheet["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!((&entries[1]["workedMinutes"], &entries[1]["overtimeMinutes"]), (&json!(515), &json!(35)));
    assert_eq!(entries[1]["punched"]["breakMinutes"], 30);

    // The person sees their own; a colleague is refused; another workplace's person and an
    // unknown id are not found.
    assert_eq!(t.sheet(&t.user, &t.user, "").await.status(), 200);
    assert_eq!(t.sheet(&t.colleague, &t.user, "").await.status(), 403);
    let other = t.app.add_tenant("other").await;
    let stranger = t.app.add_user(&other, Role::Owner, "boss@other.example").await;
    assert_eq!(t.sheet(&stranger, &t.user, "").await.status(), 404);
    assert_eq!(t.sheet(&t.manager, &stranger, "").await.status(), 404);
    let unknown = call(&t.app, "GET", "/api/v1/timesheets/not-an-id", Some(&t.manager.access), None).await;
    assert_eq!(unknown.status(), 404);

    // The managers' list: the period's people, with totals; members may not list.
    let list =
        data_of(call(&t.app, "GET", "/api/v1/timesheets?date=2026-02-10", Some(&t.manager.access), None).await).await;
    assert_eq!(list["total"], 1, "only Kim has time or shifts");
    assert_eq!(list["items"][0]["userId"], t.user.user_id.as_str());
    assert_eq!(list["items"][0]["totals"]["workedMinutes"], 995);
    assert_eq!(list["items"][0]["entries"], 2);
    assert_eq!(call(&t.app, "GET", "/api/v1/timesheets", Some(&t.user.access), None).await.status(), 403);
    let earlier =
        data_of(call(&t.app, "GET", "/api/v1/timesheets?date=2026-02-01", Some(&t.manager.access), None).await).await;
    assert_eq!((earlier["period"]["start"].as_str(), earlier["total"].as_u64()), (Some("2026-01-19"), Some(0)));
    let (status, code, _) =
        error_of(call(&t.app, "GET", "/api/v1/timesheets?date=10-02-2026", Some(&t.manager.access), None).await).await;
    assert_eq!((status, code.as_str()), (400, "validation_failed"));

    // Weekly overtime over a lowered threshold; monthly periods.
    t.setting("timesheets.weekly_overtime_minutes", json!(300)).await;
    let sheet = t.sheet_of(&t.user).await;
    assert_eq!(day(&sheet, "2026-02-08")["weeklyOvertimeMinutes"], 180, "480 minutes in the week to Sunday");
    assert_eq!(day(&sheet, "2026-02-09")["weeklyOvertimeMinutes"], 180, "480 regular minutes on Monday");
    assert_eq!(sheet["totals"]["overtimeMinutes"], 35 + 360);
    t.setting("timesheets.period", json!("monthly")).await;
    t.setting("timesheets.period_start", json!("2026-01-01")).await;
    let sheet = t.sheet_of(&t.user).await;
    assert_eq!(sheet["period"], json!({"kind": "monthly", "start": "2026-02-01", "end": "2026-02-28"}));
    assert_eq!(sheet["totals"]["workedMinutes"], 995);
    let path = "/api/v1/org-settings/timesheets.period_start";
    let bad = call(&t.app, "PUT", path, Some(&t.owner.access), Some(json!({"value": "2026-13-01"}))).await;
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn a_correction_keeps_the_punches_and_fixes_a_forgotten_clock_out() {
    let t = team().await;
    let body = json!({"action": "in", "clientId": "morning"});
    assert_eq!(call(&t.app, "POST", "/api/v1/clock", Some(&t.user.access), Some(body)).await.status(), 201);
    t.advance(10 * 60);
    let sheet = t.sheet_of(&t.user).await;
    let entry = &sheet["entries"][0];
    assert_eq!((&entry["open"], &sheet["openEntries"]), (&json!(true), &json!(1)));
    let id = entry["id"].as_str().unwrap().to_string();

    let (status, _, body) =
        error_of(t.correct(&t.manager, &id, json!({"clockOutAt": "2026-02-10T17:00:00Z"})).await).await;
    assert_eq!((status, body["error"]["fields"]["reason"].is_string()), (400, true), "{body}");
    let (status, _, body) = error_of(t.correct(&t.manager, &id, json!({"reason": "Forgot"})).await).await;
    assert!(status == 400 && body["error"]["fields"]["clockOutAt"].is_string(), "an open entry needs its end: {body}");
    for (fields, field) in [
        (json!({"clockOutAt": "2026-02-10T20:00:00Z"}), "clockOutAt"),
        (json!({"clockOutAt": "2026-02-10T08:00:00Z"}), "clockOutAt"),
        (json!({"clockOutAt": "tomorrow"}), "clockOutAt"),
        (json!({"clockInAt": "2026-02-07T08:00:00Z", "clockOutAt": "2026-02-10T17:00:00Z"}), "clockInAt"),
        (json!({"clockOutAt": "2026-02-10T17:00:00Z", "breakMinutes": 600}), "breakMinutes"),
        (json!({"clockOutAt": "2026-02-10T17:00:00Z", "breakMinutes": -5}), "breakMinutes"),
    ] {
        let mut body = fields.clone();
        body["reason"] = json!("Forgot");
        let (status, _, answer) = error_of(t.correct(&t.manager, &id, body).await).await;
        assert!(status == 400 && answer["error"]["fields"][field].is_string(), "{fields}: {answer}");
    }
    assert_eq!(
        t.correct(&t.user, &id, json!({"clockOutAt": "2026-02-10T17:00:00Z", "reason": "Me"})).await.status(),
        403,
        "a member does not correct"
    );
    let unknown = "0190d5a0-0000-7000-8000-000000000000";
    assert_eq!(
        t.correct(&t.manager, unknown, json!({"clockOutAt": "2026-02-10T17:00:00Z", "reason": "x"})).await.status(),
        404
    );

    let fixed = t
        .correct(&t.manager, &id, json!({"clockOutAt": "2026-02-10T17:00:00Z", "reason": "Forgot to clock out"}))
        .await;
    assert_eq!(fixed.status(), 200);
    let sheet = data_of(fixed).await;
    let entry = &sheet["entries"][0];
    assert_eq!(
        (&entry["open"], &entry["clockOutAt"], &entry["workedMinutes"]),
        (&json!(false), &json!("2026-02-10T17:00:00Z"), &json!(480))
    );
    assert_eq!(entry["punched"]["clockInAt"], "2026-02-10T09:00:00Z", "the punch stays");
    let edit = &entry["edits"][0];
    assert_eq!(edit["reason"], "Forgot to clock out");
    assert_eq!(edit["editedBy"], t.manager.user_id.as_str());
    assert!(edit["before"]["clockOutAt"].is_null());
    assert_eq!(edit["after"]["clockOutAt"], "2026-02-10T17:00:00Z");
    let state = data_of(call(&t.app, "GET", "/api/v1/clock", Some(&t.user.access), None).await).await;
    assert_eq!(state["status"], "out", "the correction clocked Kim out");

    // A second correction: the break total; the history keeps both.
    let sheet = data_of(t.correct(&t.manager, &id, json!({"breakMinutes": 30, "reason": "Lunch"})).await).await;
    let entry = &sheet["entries"][0];
    assert_eq!((&entry["breakMinutes"], &entry["workedMinutes"]), (&json!(30), &json!(450)));
    assert_eq!(entry["edits"].as_array().unwrap().len(), 2);
    assert_eq!(entry["punched"]["breakMinutes"], 0);
    let (status, _, _) =
        error_of(t.correct(&t.manager, &id, json!({"breakMinutes": 30, "reason": "Again"})).await).await;
    assert_eq!(status, 400, "nothing changes");

    // Another entry later that day may not be stretched over this one.
    t.punched(&t.user, &[("in", "2026-02-10T18:00:00Z"), ("out", "2026-02-10T18:30:00Z")]).await;
    let sheet = t.sheet_of(&t.user).await;
    let later = sheet["entries"][1]["id"].as_str().unwrap().to_string();
    let (status, code, _) =
        error_of(t.correct(&t.manager, &later, json!({"clockInAt": "2026-02-10T16:00:00Z", "reason": "x"})).await)
            .await;
    assert_eq!((status, code.as_str()), (409, "conflict"));

    // Another workplace's manager finds no such entry.
    let other = t.app.add_tenant("other").await;
    let stranger = t.app.add_user(&other, Role::Owner, "boss@other.example").await;
    assert_eq!(t.correct(&stranger, &id, json!({"breakMinutes": 10, "reason": "x"})).await.status(), 404);
}

#[tokio::test]
async fn approval_locks_the_period_and_an_audited_unlock_opens_it() {
    let t = team().await;
    t.punched(
        &t.user,
        &[("in", "2026-02-09T08:00:00Z"), ("out", "2026-02-09T16:00:00Z"), ("in", "2026-02-10T08:00:00Z")],
    )
    .await;
    let (status, _, body) = error_of(t.approve(&t.manager, &t.user, "2026-02-03").await).await;
    assert_eq!(status, 400, "not a period's first day");
    assert!(body["error"]["fields"]["periodStart"].as_str().unwrap().contains("2026-02-02"), "{body}");
    assert_eq!(error_of(t.approve(&t.manager, &t.user, "2026-02-16").await).await.0, 400, "not begun");
    let (status, code, _) = error_of(t.approve(&t.manager, &t.user, "2026-02-02").await).await;
    assert_eq!((status, code.as_str()), (409, "conflict"), "Kim is still clocked in");
    assert_eq!(t.approve(&t.user, &t.user, "2026-02-02").await.status(), 403);

    t.punched(&t.user, &[("out", "2026-02-10T08:45:00Z")]).await;
    let approved = t.approve(&t.manager, &t.user, "2026-02-02").await;
    assert_eq!(approved.status(), 200);
    let sheet = data_of(approved).await;
    assert_eq!(sheet["status"], "approved");
    assert_eq!(sheet["approval"]["approvedBy"], t.manager.user_id.as_str());
    assert_eq!(t.approve(&t.manager, &t.user, "2026-02-02").await.status(), 409, "approved already");

    // Locked: no correction, no punch into it (not even an offline one), online or late.
    let entry = sheet["entries"][0]["id"].as_str().unwrap().to_string();
    let (status, code, _) =
        error_of(t.correct(&t.manager, &entry, json!({"breakMinutes": 15, "reason": "x"})).await).await;
    assert_eq!((status, code.as_str()), (409, "conflict"));
    assert_eq!(t.punch(&t.user, "in", "2026-02-09T18:00:00Z").await.status(), 409);
    let online =
        call(&t.app, "POST", "/api/v1/clock", Some(&t.user.access), Some(json!({"action": "in", "clientId": "now"})));
    assert_eq!(online.await.status(), 409, "today is in the approved period");
    // A colleague's time is not locked by Kim's approval.
    assert_eq!(t.punch(&t.colleague, "in", "2026-02-09T18:00:00Z").await.status(), 201);

    // Unlocking needs timesheets.unlock (owners and admins) and a reason, and is audited.
    assert_eq!(t.unlock(&t.manager, json!({"periodStart": "2026-02-02", "reason": "x"})).await.status(), 403);
    let (status, _, body) = error_of(t.unlock(&t.owner, json!({"periodStart": "2026-02-02"})).await).await;
    assert!(status == 400 && body["error"]["fields"]["reason"].is_string());
    let opened = t.unlock(&t.owner, json!({"periodStart": "2026-02-02", "reason": "Missed a sick day"})).await;
    assert_eq!(opened.status(), 200);
    assert_eq!(data_of(opened).await["status"], "open");
    assert_eq!(t.unlock(&t.owner, json!({"periodStart": "2026-02-02", "reason": "again"})).await.status(), 409);
    let actions = t.app.audit_actions().await;
    assert!(actions.contains(&"timesheet.approved".to_string()) && actions.contains(&"timesheet.unlocked".to_string()));
    assert_eq!(
        t.correct(&t.manager, &entry, json!({"breakMinutes": 15, "reason": "Lunch"})).await.status(),
        200,
        "open again"
    );

    // The events name people, dates and status; the reason stays in the audit log.
    let events: Vec<(String, String, String)> = t
        .app
        .state
        .db
        .read(|c| {
            let mut stmt =
                c.prepare("SELECT kind, audience, payload FROM events WHERE kind LIKE 'timesheet.%' ORDER BY seq")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
        .unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(kinds, ["timesheet.approved", "timesheet.unlocked", "timesheet.corrected"]);
    for (_, audience, payload) in &events {
        assert!(
            audience.contains(&format!("user:{}", t.user.user_id)) && audience.contains("clock:managers"),
            "{audience}"
        );
        assert!(!payload.contains("Missed a sick day") && !payload.contains("Lunch"), "{payload}");
    }
}

#[tokio::test]
async fn the_csv_export_has_a_row_per_entry_and_defuses_formulas() {
    let t = team().await;
    let path = format!("/api/v1/users/{}", t.user.user_id);
    let rename = json!({"firstName": "=HYPERLINK(\"http://evil.example\")", "lastName": "Kim"});
    assert_eq!(call(&t.app, "PUT", &path, Some(&t.owner.access), Some(rename)).await.status(), 200);
    t.punched(&t.user, &[("in", "2026-02-09T08:00:00Z"), ("out", "2026-02-09T15:30:00Z")]).await;
    t.punched(&t.colleague, &[("in", "2026-02-09T12:00:00Z"), ("out", "2026-02-09T13:00:00Z")]).await;

    let response =
        call(&t.app, "GET", "/api/v1/timesheets/export?date=2026-02-09", Some(&t.manager.access), None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"timesheets-2026-02-02-2026-02-15.csv\""
    );
    let text = response.text().await.unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[0],
        "period_start,period_end,user_id,name,date,entry_id,clock_in,clock_out,break_minutes,worked_minutes,\
         worked_hours,regular_minutes,overtime_minutes,overtime_hours,job,location,shift_id,edited,status"
    );
    let kim = lines.iter().find(|l| l.contains(t.user.user_id.as_str())).unwrap();
    assert!(kim.contains("\"'=HYPERLINK(\"\"http://evil.example\"\") Kim\""), "{kim}");
    assert!(kim.contains(",2026-02-09,"), "{kim}");
    assert!(kim.contains(",2026-02-09T09:00:00+01:00,2026-02-09T16:30:00+01:00,0,450,7.50,450,0,0.00,"), "{kim}");

    let only = format!("/api/v1/timesheets/export?date=2026-02-09&userId={}", t.colleague.user_id);
    let text = call(&t.app, "GET", &only, Some(&t.manager.access), None).await.text().await.unwrap();
    assert_eq!(text.split("\r\n").filter(|l| !l.is_empty()).count(), 2);
    assert!(!text.contains(t.user.user_id.as_str()));

    assert_eq!(call(&t.app, "GET", "/api/v1/timesheets/export", Some(&t.user.access), None).await.status(), 403);
    let other = t.app.add_tenant("other").await;
    let stranger = t.app.add_user(&other, Role::Owner, "boss@other.example").await;
    let theirs = call(&t.app, "GET", "/api/v1/timesheets/export?date=2026-02-09", Some(&stranger.access), None).await;
    let theirs = theirs.text().await.unwrap();
    assert_eq!(theirs.split("\r\n").filter(|l| !l.is_empty()).count(), 1, "another workplace's export is empty");
    let foreign = format!("/api/v1/timesheets/export?userId={}", t.user.user_id);
    assert_eq!(call(&t.app, "GET", &foreign, Some(&stranger.access), None).await.status(), 404);
}

#[tokio::test]
async fn bodies_and_queries_are_checked() {
    let t = team().await;
    let approve = format!("/api/v1/timesheets/{}/approve", t.user.user_id);
    for body in [json!({"periodStart": "2026-02-02", "extra": 1}), json!({}), json!({"periodStart": 5})] {
        let (status, _, _) = error_of(call(&t.app, "POST", &approve, Some(&t.manager.access), Some(body)).await).await;
        assert_eq!(status, 400);
    }
    let response = t
        .app
        .client
        .post(t.app.url(&approve))
        .bearer_auth(&t.manager.access)
        .header("content-type", "application/json")
        .body("{\"periodStart\":")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let response = t
        .app
        .client
        .post(t.app.url(&approve))
        .bearer_auth(&t.manager.access)
        .header("content-type", "application/json")
        .body(format!("{{\"periodStart\":\"2026-02-02\",\"reason\":\"{}\"}}", "x".repeat(2 << 20)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let entry = "/api/v1/time-entries/0190d5a0-0000-7000-8000-000000000000";
    let (status, _, _) = error_of(
        call(&t.app, "PATCH", entry, Some(&t.manager.access), Some(json!({"reason": "x", "clockIn": "now"}))).await,
    )
    .await;
    assert_eq!(status, 400, "unknown field");
    assert_eq!(
        call(&t.app, "GET", "/api/v1/timesheets?day=2026-02-02", Some(&t.manager.access), None).await.status(),
        400
    );
    assert_eq!(call(&t.app, "GET", "/api/v1/timesheets", None, None).await.status(), 401);
    let path = format!("/api/v1/timesheets/{}", t.user.user_id);
    assert_eq!(call(&t.app, "GET", &path, None, None).await.status(), 401);
}
