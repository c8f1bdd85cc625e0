//! Scheduling (issue 11): job list, members, smart groups, schedules, shifts, publish, claims,
//! unavailability, copy week and templates, labor, and the events they write. The conflict
//! engine has its own module (`conflicts.rs`).

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::support::{Session, TestApp, call, data_of, error_of, test_config};

/// A salon with an owner, a manager and two members on one schedule.
pub struct Salon {
    pub app: TestApp,
    pub owner: Session,
    pub manager: Session,
    pub ann: Session,
    pub bob: Session,
    pub org: String,
    pub location: String,
}

impl Salon {
    pub async fn open() -> Salon {
        Salon::open_with(test_config()).await
    }

    pub async fn open_with(mut config: staffroom::config::Config) -> Salon {
        config.rate_limits.allowlist = vec!["127.0.0.1".into()];
        let app = TestApp::spawn_with(config).await;
        let owner = app.setup_owner().await;
        let manager = app.add_user(&owner.tenant_id, Role::Manager, "manager@salon.example").await;
        let ann = app.add_user(&owner.tenant_id, Role::User, "ann@salon.example").await;
        let bob = app.add_user(&owner.tenant_id, Role::User, "bob@salon.example").await;
        let org = data_of(call(&app, "GET", "/api/v1/organizations", Some(&owner.access), None).await).await["items"]
            [0]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let location = data_of(
            call(&app, "GET", &format!("/api/v1/organizations/{org}/locations"), Some(&owner.access), None).await,
        )
        .await["items"][0]["id"]
            .as_str()
            .unwrap()
            .to_string();
        // Open every day 07:00–23:00, so only the tests that mean it meet `outside_hours`.
        let week: Vec<Value> = (0..7)
            .map(|d| json!({"dayOfWeek": d, "openTime": "07:00", "closeTime": "23:00", "isClosed": false}))
            .collect();
        let r = call(
            &app,
            "PATCH",
            &format!("/api/v1/organizations/{org}/locations/{location}"),
            Some(&owner.access),
            Some(json!({"openingHours": week})),
        )
        .await;
        assert_eq!(r.status(), 200);
        Salon { app, owner, manager, ann, bob, org, location }
    }

    pub async fn send(&self, who: &Session, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let r = call(&self.app, method, path, Some(&who.access), body).await;
        let status = r.status().as_u16();
        let body: Value = r.json().await.unwrap_or(Value::Null);
        (status, body)
    }

    pub async fn ok(&self, who: &Session, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, body) = self.send(who, method, path, body).await;
        assert!((200..300).contains(&status), "{method} {path}: {status} {body}");
        body["data"].clone()
    }

    /// A schedule with Ann and Bob on it.
    pub async fn schedule(&self) -> String {
        let body = json!({"name": "Salon", "assigneeUserIds": [self.ann.user_id, self.bob.user_id]});
        self.ok(&self.manager, "POST", "/api/v1/schedules", Some(body)).await["id"].as_str().unwrap().to_string()
    }

    pub async fn job(&self, name: &str) -> String {
        self.ok(&self.manager, "POST", "/api/v1/job-list", Some(json!({"name": name}))).await["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Creates a shift as the manager; answers (status, data or error).
    pub async fn shift(&self, schedule: &str, body: Value) -> (u16, Value) {
        let (status, body) =
            self.send(&self.manager, "POST", &format!("/api/v1/schedules/{schedule}/shifts"), Some(body)).await;
        (status, if status < 300 { body["data"].clone() } else { body["error"].clone() })
    }

    pub fn member_path(&self, user: &Session) -> String {
        format!("/api/v1/organizations/{}/members/{}", self.org, user.user_id)
    }

    /// Every event row, oldest first.
    pub async fn events(&self) -> Vec<(String, Vec<String>, Value, String)> {
        self.app
            .state
            .db
            .read(|c| {
                // Scheduling's own events; the notification pipeline's are another feature's.
                let mut stmt = c.prepare(
                    "SELECT kind, audience, payload, tenant_id FROM events
                     WHERE kind NOT LIKE 'notification.%' ORDER BY seq",
                )?;
                let rows = stmt
                    .query_map([], |r| {
                        let (a, p): (String, String) = (r.get(1)?, r.get(2)?);
                        Ok((r.get(0)?, serde_json::from_str(&a).unwrap(), serde_json::from_str(&p).unwrap(), r.get(3)?))
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(rows)
            })
            .await
            .unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_job_list_validates_hides_pay_and_deletes_all_or_nothing() {
    let s = Salon::open().await;
    let front = s
        .ok(
            &s.manager,
            "POST",
            "/api/v1/job-list",
            Some(json!({"name": "Front desk", "code": "FD", "color": "#3B82F6", "hourlyRate": 1450})),
        )
        .await;
    assert_eq!(front["color"], "#3b82f6");
    assert_eq!(front["hourlyRate"], 1450);
    let stylist = s.job("Stylist").await;
    // Colours are validated; names are unique per workplace.
    for bad in [json!({"name": "X", "color": "blue"}), json!({"name": "X", "color": "#12345"}), json!({"name": " "})] {
        let (status, body) = s.send(&s.manager, "POST", "/api/v1/job-list", Some(bad)).await;
        assert_eq!(status, 400, "{body}");
    }
    let (status, body) = s.send(&s.manager, "POST", "/api/v1/job-list", Some(json!({"name": "front DESK"}))).await;
    assert_eq!((status, body["error"]["code"].as_str()), (409, Some("conflict")));
    let (status, _) = s.send(&s.manager, "POST", "/api/v1/job-list", Some(json!({"name": "X", "wage": 1}))).await;
    assert_eq!(status, 400, "unknown fields are refused");
    // Members read the list without pay; they cannot change it.
    let seen = s.ok(&s.ann, "GET", "/api/v1/job-list", None).await;
    assert_eq!(seen["total"], 2);
    assert!(seen["items"].as_array().unwrap().iter().all(|j| j.get("hourlyRate").is_none()), "{seen}");
    let (status, _) = s.send(&s.ann, "POST", "/api/v1/job-list", Some(json!({"name": "Mine"}))).await;
    assert_eq!(status, 403);
    let filtered = s.ok(&s.manager, "GET", "/api/v1/job-list?q=sty&limit=1", None).await;
    assert_eq!((filtered["total"].as_u64(), filtered["items"][0]["name"].as_str()), (Some(1), Some("Stylist")));
    // Another tenant's id makes the whole bulk delete fail: nothing is deleted.
    let other = s.app.add_tenant("elsewhere").await;
    let outsider = s.app.add_user(&other, Role::TenantAdmin, "admin@elsewhere.example").await;
    let foreign = s.ok(&outsider, "POST", "/api/v1/job-list", Some(json!({"name": "Theirs"}))).await["id"].clone();
    let front_id = front["id"].as_str().unwrap();
    let (status, _) =
        s.send(&s.manager, "POST", "/api/v1/job-list/bulk", Some(json!({"ids": [front_id, stylist, foreign]}))).await;
    assert_eq!(status, 404);
    assert_eq!(s.ok(&s.manager, "GET", "/api/v1/job-list", None).await["total"], 2, "rolled back entirely");
    let (status, _) = s.send(&outsider, "GET", &format!("/api/v1/job-list/{front_id}"), None).await;
    assert_eq!(status, 404, "another tenant's job is not found");
    // A job a shift uses is deactivated, not deleted.
    let schedule = s.schedule().await;
    let (status, _) = s
        .shift(
            &schedule,
            json!({"jobId": stylist, "shiftDate": "2026-02-16", "startTime": "09:00", "endTime": "17:00"}),
        )
        .await;
    assert_eq!(status, 201);
    let (status, body) =
        s.send(&s.manager, "POST", "/api/v1/job-list/bulk", Some(json!({"ids": [front_id, stylist]}))).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(s.ok(&s.manager, "GET", "/api/v1/job-list", None).await["total"], 2, "nothing deleted");
    let off = s.ok(&s.manager, "PATCH", &format!("/api/v1/job-list/{stylist}"), Some(json!({"active": false}))).await;
    assert_eq!(off["active"], false);
    let deleted = s.ok(&s.manager, "POST", "/api/v1/job-list/bulk", Some(json!({"ids": [front_id]}))).await;
    assert_eq!(deleted["deleted"], 1);
    let (status, _) = s.send(&s.manager, "POST", "/api/v1/job-list/bulk", Some(json!({"ids": []}))).await;
    assert_eq!(status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_carry_rota_facts_that_only_planners_see() {
    let s = Salon::open().await;
    let job = s.job("Stylist").await;
    let facts = json!({"jobIds": [job], "jobRates": {job.clone(): 1800}, "hourlyRate": 1500, "maxHoursPerWeek": 32,
        "minRestHours": 10, "notes": "Prefers mornings"});
    let saved = s.ok(&s.manager, "PATCH", &s.member_path(&s.ann), Some(facts)).await;
    assert_eq!((saved["hourlyRate"].as_i64(), saved["maxHoursPerWeek"].as_i64()), (Some(1500), Some(32)));
    assert_eq!(saved["jobRates"][&job], 1800);
    // A member sees names and jobs, never pay, notes, limits or e-mail.
    let list = s.ok(&s.bob, "GET", &format!("/api/v1/organizations/{}/members", s.org), None).await;
    let ann = list["items"].as_array().unwrap().iter().find(|m| m["id"] == s.ann.user_id.as_str()).unwrap().clone();
    assert_eq!(ann["jobIds"], json!([job]));
    for hidden in ["hourlyRate", "jobRates", "notes", "maxHoursPerWeek", "email"] {
        assert!(ann.get(hidden).is_none(), "{hidden} shown to a member: {ann}");
    }
    let seen_by_manager = s.ok(&s.manager, "GET", &s.member_path(&s.ann), None).await;
    assert_eq!(seen_by_manager["email"], "ann@salon.example");
    assert_eq!(seen_by_manager["notes"], "Prefers mornings");
    // Members cannot change facts; bad values and rates for jobs they do not work are refused.
    let (status, _) = s.send(&s.bob, "PATCH", &s.member_path(&s.ann), Some(json!({"hourlyRate": 1}))).await;
    assert_eq!(status, 403);
    for bad in [
        json!({"maxHoursPerWeek": 200}),
        json!({"hourlyRate": -1}),
        json!({"pay": 1}),
        json!({"jobRates": {uuid(): 100}}),
        json!({"jobIds": ["nope"]}),
    ] {
        let (status, body) = s.send(&s.manager, "PATCH", &s.member_path(&s.ann), Some(bad)).await;
        assert_eq!(status, 400, "{body}");
    }
    let (status, _) = s.send(&s.manager, "PATCH", &s.member_path(&s.ann), Some(json!({"jobIds": [uuid()]}))).await;
    assert_eq!(status, 404, "an unknown job is not found");
    let (status, _) =
        s.send(&s.manager, "GET", &format!("/api/v1/organizations/{}/members/{}", uuid(), s.ann.user_id), None).await;
    assert_eq!(status, 404);
    // `null` clears.
    let cleared =
        s.ok(&s.manager, "PATCH", &s.member_path(&s.ann), Some(json!({"notes": null, "hourlyRate": null}))).await;
    assert_eq!((cleared["notes"].clone(), cleared["hourlyRate"].clone()), (Value::Null, Value::Null));
    let rota =
        s.ok(&s.manager, "GET", &format!("/api/v1/organizations/{}/members?onRota=true&q=vries", s.org), None).await;
    assert_eq!(rota["total"], 1, "the owner, Anna de Vries");
}

pub fn uuid() -> String {
    staffroom::ids::JobId::generate().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaving_the_rota_or_the_workplace_turns_future_shifts_into_open_shifts() {
    let s = Salon::open().await;
    let schedule = s.schedule().await;
    let path = format!("/api/v1/schedules/{schedule}/shifts");
    let mut made = Vec::new();
    for (who, date) in [(&s.ann, "2026-02-16"), (&s.ann, "2026-02-17"), (&s.bob, "2026-02-18")] {
        let (status, shift) = s
            .shift(&schedule, json!({"assignedUserId": who.user_id, "shiftDate": date, "startTime": "09:00", "endTime": "17:00", "status": "published"}))
            .await;
        assert_eq!(status, 201, "{shift}");
        made.push(shift["id"].as_str().unwrap().to_string());
    }
    let gone = s.ok(&s.manager, "DELETE", &s.member_path(&s.ann), None).await;
    assert_eq!(gone["onRota"], false);
    let week = s.ok(&s.manager, "GET", &format!("{path}?from=2026-02-16&to=2026-02-22"), None).await;
    let open: Vec<&Value> = week["items"].as_array().unwrap().iter().filter(|i| i["isOpenShift"] == true).collect();
    assert_eq!(open.len(), 2, "Ann's two shifts are open now: {week}");
    let mine = s.ok(&s.ann, "GET", "/api/v1/me/shifts?from=2026-02-16&to=2026-02-22", None).await;
    assert_eq!(mine["total"], 0);
    let back = s.ok(&s.manager, "PATCH", &s.member_path(&s.ann), Some(json!({"onRota": true}))).await;
    assert_eq!(back["onRota"], true);
    // Deactivating Bob opens his shift too, in the same job.
    let r = call(&s.app, "DELETE", &format!("/api/v1/users/{}", s.bob.user_id), Some(&s.owner.access), None).await;
    assert_eq!(r.status(), 200);
    let bobs = s.ok(&s.manager, "GET", &format!("{path}/{}", made[2]), None).await;
    assert_eq!(bobs["assignedUserId"], Value::Null);
    let kinds: Vec<String> = s.events().await.into_iter().map(|e| e.0).collect();
    assert!(kinds.iter().filter(|k| *k == "shift.changed").count() >= 3, "{kinds:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smart_groups_follow_their_rules_and_keep_schedules_assignees_right() {
    let s = Salon::open().await;
    let stylist = s.job("Stylist").await;
    let segment = s.ok(&s.manager, "POST", "/api/v1/smart-groups/segments", Some(json!({"name": "Teams"}))).await;
    let segment = segment["id"].as_str().unwrap();
    s.ok(&s.manager, "PATCH", &s.member_path(&s.ann), Some(json!({"jobIds": [stylist]}))).await;
    let rules = json!({"logic": "and", "rules": [
        {"field": "role", "operator": "is", "value": "user"},
        {"field": "jobId", "operator": "is", "value": stylist}]});
    let preview = s.ok(&s.manager, "POST", "/api/v1/smart-groups/preview", Some(rules.clone())).await;
    assert_eq!(preview["total"], 1);
    assert_eq!(preview["items"][0]["id"], s.ann.user_id.as_str());
    let mut body = rules.clone();
    body["segmentId"] = json!(segment);
    body["name"] = json!("Stylists");
    let group = s.ok(&s.manager, "POST", "/api/v1/smart-groups", Some(body)).await;
    let group_id = group["id"].as_str().unwrap().to_string();
    assert_eq!(group["memberIds"], json!([s.ann.user_id]));
    // A schedule for the group expands to its members.
    let schedule = s
        .ok(&s.manager, "POST", "/api/v1/schedules", Some(json!({"name": "Stylists", "assigneeGroupIds": [group_id]})))
        .await;
    let sid = schedule["id"].as_str().unwrap().to_string();
    assert_eq!(schedule["assigneeUserIdsExpanded"], json!([s.ann.user_id]));
    // Bob learns the job: the group and the schedule take him in, in the same write.
    s.ok(&s.manager, "PATCH", &s.member_path(&s.bob), Some(json!({"jobIds": [stylist]}))).await;
    let group = s.ok(&s.bob, "GET", &format!("/api/v1/smart-groups/{group_id}"), None).await;
    assert_eq!(group["memberCount"], 2);
    let seen = s.ok(&s.bob, "GET", &format!("/api/v1/schedules/{sid}"), None).await;
    assert_eq!(seen["assigneeUserIdsExpanded"].as_array().unwrap().len(), 2);
    // or-logic, exclusions and inclusions.
    let patched = s
        .ok(
            &s.manager,
            "PATCH",
            &format!("/api/v1/smart-groups/{group_id}"),
            Some(json!({"logic": "or", "excludeUserIds": [s.bob.user_id], "includeUserIds": [s.manager.user_id]})),
        )
        .await;
    let mut members: Vec<String> =
        patched["memberIds"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().into()).collect();
    members.sort();
    let mut want = vec![s.ann.user_id.clone(), s.manager.user_id.clone()];
    want.sort();
    // or: role user OR stylist — Ann; Bob excluded; the manager included.
    assert_eq!(members, want);
    // Deactivating Ann takes her out everywhere.
    call(&s.app, "DELETE", &format!("/api/v1/users/{}", s.ann.user_id), Some(&s.owner.access), None).await;
    let group = s.ok(&s.manager, "GET", &format!("/api/v1/smart-groups/{group_id}"), None).await;
    assert_eq!(group["memberIds"], json!([s.manager.user_id]));
    // Listing: segments with groups; bad rules are refused.
    let all = s.ok(&s.bob, "GET", "/api/v1/smart-groups", None).await;
    assert_eq!(all[0]["groups"][0]["name"], "Stylists");
    for bad in [
        json!({"rules": [{"field": "role", "operator": "in", "value": "user"}]}),
        json!({"rules": [{"field": "role", "operator": "is", "value": "king"}]}),
        json!({"rules": [{"field": "shoe", "operator": "is", "value": "x"}]}),
        json!({"logic": "xor"}),
    ] {
        let (status, body) = s.send(&s.manager, "POST", "/api/v1/smart-groups/preview", Some(bad)).await;
        assert_eq!(status, 400, "{body}");
    }
    let (status, _) = s
        .send(
            &s.manager,
            "POST",
            "/api/v1/smart-groups/preview",
            Some(json!({"rules": [{"field": "jobId", "operator": "is", "value": uuid()}]})),
        )
        .await;
    assert_eq!(status, 404, "an unknown job in a rule");
    let (status, _) = s.send(&s.manager, "DELETE", &format!("/api/v1/smart-groups/segments/{segment}"), None).await;
    assert_eq!(status, 409, "a segment holding groups stays");
    s.ok(&s.manager, "DELETE", &format!("/api/v1/smart-groups/{group_id}"), None).await;
    s.ok(&s.manager, "DELETE", &format!("/api/v1/smart-groups/segments/{segment}"), None).await;
    // Every membership change was an event for the person, carrying only ids.
    let changes: Vec<_> = s.events().await.into_iter().filter(|e| e.0 == "membership.changed").collect();
    assert!(changes.iter().any(|e| e.1 == vec![format!("user:{}", s.bob.user_id)]), "{changes:?}");
    for (_, _, payload, _) in &changes {
        let keys: Vec<&String> = payload.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 5, "{payload}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schedules_are_seen_by_their_people_and_planners_only() {
    let s = Salon::open().await;
    let carol = s.app.add_user(&s.owner.tenant_id, Role::User, "carol@salon.example").await;
    let other = s.app.add_tenant("elsewhere").await;
    let outsider = s.app.add_user(&other, Role::TenantAdmin, "admin@elsewhere.example").await;
    let schedule = s.schedule().await;
    let path = format!("/api/v1/schedules/{schedule}");
    assert_eq!(s.send(&s.ann, "GET", &path, None).await.0, 200);
    assert_eq!(s.send(&carol, "GET", &path, None).await.0, 403, "a member outside the schedule");
    assert_eq!(s.send(&carol, "GET", &format!("{path}/shifts"), None).await.0, 403);
    assert_eq!(s.send(&outsider, "GET", &path, None).await.0, 404, "another tenant");
    assert_eq!(s.send(&outsider, "PATCH", &path, Some(json!({"name": "x"}))).await.0, 404);
    let listed = s.ok(&carol, "GET", "/api/v1/schedules", None).await;
    assert_eq!(listed["total"], 0);
    assert_eq!(s.ok(&s.ann, "GET", "/api/v1/schedules", None).await["total"], 1);
    assert_eq!(s.send(&s.ann, "POST", "/api/v1/schedules", Some(json!({"name": "Mine"}))).await.0, 403);
    // Bad bodies.
    for bad in [
        json!({}),
        json!({"name": ""}),
        json!({"name": "x", "colour": 1}),
        json!({"name": "x", "assigneeUserIds": ["x"]}),
        json!({"name": "x", "detailsConfig": {"blob": "a".repeat(17 * 1024)}}),
    ] {
        let (status, body) = s.send(&s.manager, "POST", "/api/v1/schedules", Some(bad)).await;
        assert!(status == 400 || status == 413, "{status} {body}");
    }
    let (status, _) = s
        .send(
            &s.manager,
            "POST",
            "/api/v1/schedules",
            Some(json!({"name": "x", "assigneeUserIds": [outsider.user_id]})),
        )
        .await;
    assert_eq!(status, 404, "another tenant's person");
    // The config is kept as sent; a rename keeps the assignees.
    let patched =
        s.ok(&s.manager, "PATCH", &path, Some(json!({"name": "Front", "detailsConfig": {"view": "week"}}))).await;
    assert_eq!((patched["name"].as_str(), patched["detailsConfig"]["view"].as_str()), (Some("Front"), Some("week")));
    assert_eq!(patched["assigneeUserIdsExpanded"].as_array().unwrap().len(), 2);
    // Deleting removes its shifts.
    s.shift(&schedule, json!({"shiftDate": "2026-02-16", "startTime": "09:00", "endTime": "12:00"})).await;
    s.ok(&s.manager, "DELETE", &path, None).await;
    assert_eq!(s.send(&s.manager, "GET", &path, None).await.0, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drafts_publish_and_unpublished_changes_are_seen_as_designed() {
    let s = Salon::open().await;
    let schedule = s.schedule().await;
    let path = format!("/api/v1/schedules/{schedule}/shifts");
    let (status, draft) = s
        .shift(
            &schedule,
            json!({"assignedUserId": s.ann.user_id, "shiftDate": "2026-02-16", "startTime": "09:00",
            "endTime": "17:00", "breakMinutes": 30, "title": "Colour day", "isOpenShift": false}),
        )
        .await;
    assert_eq!(status, 201, "{draft}");
    assert_eq!((draft["status"].as_str(), draft["durationMinutes"].as_i64()), (Some("draft"), Some(450)));
    assert_eq!(
        (draft["startsAt"].as_str(), draft["endsAt"].as_str()),
        (Some("2026-02-16T08:00:00Z"), Some("2026-02-16T16:00:00Z"))
    );
    let id = draft["id"].as_str().unwrap().to_string();
    let week_path = format!("{path}?from=2026-02-16&to=2026-02-22");
    assert_eq!(s.ok(&s.ann, "GET", &week_path, None).await["total"], 0, "members do not see drafts");
    assert_eq!(s.send(&s.ann, "GET", &format!("{path}/{id}"), None).await.0, 404);
    assert_eq!(s.ok(&s.manager, "GET", &week_path, None).await["total"], 1);
    let published = s
        .ok(
            &s.manager,
            "POST",
            &format!("/api/v1/schedules/{schedule}/publish"),
            Some(json!({"from": "2026-02-16", "to": "2026-02-22"})),
        )
        .await;
    assert_eq!(published["published"], 1);
    let mine = s.ok(&s.ann, "GET", "/api/v1/me/shifts?from=2026-02-16&to=2026-02-22", None).await;
    assert_eq!(mine["items"][0]["id"], id.as_str());
    // A change to a published shift waits for the next publish; members keep the old version.
    let changed =
        s.ok(&s.manager, "PATCH", &format!("{path}/{id}"), Some(json!({"startTime": "10:00", "version": 2}))).await;
    assert_eq!((changed["hasUnpublishedChanges"].as_bool(), changed["version"].as_i64()), (Some(true), Some(3)));
    let seen = s.ok(&s.ann, "GET", &week_path, None).await["items"][0].clone();
    assert_eq!(
        (seen["startTime"].as_str(), seen.get("hasUnpublishedChanges").and_then(Value::as_bool)),
        (Some("09:00"), Some(false))
    );
    // A stale version is refused, nothing is overwritten.
    let (status, body) =
        s.send(&s.manager, "PATCH", &format!("{path}/{id}"), Some(json!({"startTime": "11:00", "version": 2}))).await;
    assert_eq!((status, body["error"]["code"].as_str()), (409, Some("conflict")));
    // Moving it to Bob as an unpublished change: Ann still sees it, Bob not yet.
    s.ok(&s.manager, "PATCH", &format!("{path}/{id}"), Some(json!({"assignedUserId": s.bob.user_id}))).await;
    assert_eq!(s.ok(&s.ann, "GET", "/api/v1/me/shifts?from=2026-02-16&to=2026-02-22", None).await["total"], 1);
    assert_eq!(s.ok(&s.bob, "GET", "/api/v1/me/shifts?from=2026-02-16&to=2026-02-22", None).await["total"], 0);
    let again = s
        .ok(
            &s.manager,
            "POST",
            &format!("/api/v1/schedules/{schedule}/publish"),
            Some(json!({"from": "2026-02-16", "to": "2026-02-16"})),
        )
        .await;
    assert_eq!(again["published"], 1);
    assert_eq!(s.ok(&s.ann, "GET", "/api/v1/me/shifts?from=2026-02-16&to=2026-02-22", None).await["total"], 0);
    let bobs = s.ok(&s.bob, "GET", "/api/v1/me/shifts?from=2026-02-16&to=2026-02-22", None).await;
    assert_eq!(bobs["items"][0]["startTime"], "10:00");
    // Events: drafts reach planners only; published changes the people concerned; no payload
    // carries pay, notes, instructions or conflicts.
    let events = s.events().await;
    let created = events.iter().find(|e| e.0 == "shift.created").unwrap();
    assert_eq!(created.1, vec![format!("schedule:{schedule}:managers")]);
    let published = events.iter().find(|e| e.0 == "shift.published").unwrap();
    assert!(published.1.contains(&format!("user:{}", s.ann.user_id)), "{published:?}");
    let moved = events.iter().rfind(|e| e.0 == "shift.published" || e.0 == "shift.changed").unwrap();
    assert!(moved.1.contains(&format!("user:{}", s.bob.user_id)));
    for (_, _, payload, tenant) in &events {
        assert_eq!(tenant, &s.owner.tenant_id);
        let text = payload.to_string();
        for secret in ["hourlyRate", "notes", "instructions", "conflicts", "Colour day"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    // Ranges: both ends, forwards, at most 62 days.
    for bad in [
        "from=2026-02-16",
        "from=2026-02-16&to=2026-02-01",
        "from=2026-01-01&to=2026-03-31",
        "from=16-02-2026&to=2026-02-20",
        "include=pay",
    ] {
        let (status, body) = s.send(&s.manager, "GET", &format!("{path}?{bad}"), None).await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
    assert_eq!(
        s.send(&s.ann, "GET", &format!("{path}?from=2026-02-16&to=2026-02-22&include=labor"), None).await.0,
        403
    );
    // Without a range the list pages.
    let paged = s.ok(&s.manager, "GET", &format!("{path}?limit=1"), None).await;
    assert_eq!((paged["total"].as_u64(), paged["limit"].as_u64()), (Some(1), Some(1)));
    // Soft delete: gone from lists, the members concerned hear of it.
    s.ok(&s.manager, "DELETE", &format!("{path}/{id}"), None).await;
    assert_eq!(s.ok(&s.manager, "GET", &week_path, None).await["total"], 0);
    assert_eq!(s.send(&s.manager, "GET", &format!("{path}/{id}"), None).await.0, 404);
    let last = s.events().await.pop().unwrap();
    assert_eq!(last.0, "shift.changed");
    assert!(last.1.contains(&format!("user:{}", s.bob.user_id)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shift_bodies_are_checked() {
    let s = Salon::open().await;
    let schedule = s.schedule().await;
    let base = json!({"shiftDate": "2026-02-16", "startTime": "09:00", "endTime": "17:00"});
    let with = |extra: Value| {
        let mut b = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    for bad in [
        with(json!({"isOpenShift": false})),
        with(json!({"assignedUserId": s.ann.user_id, "isOpenShift": true})),
        with(json!({"shiftDate": "2026-02-30"})),
        with(json!({"startTime": "9:00"})),
        with(json!({"endTime": "24:00"})),
        with(json!({"breakMinutes": 480})),
        with(json!({"slots": 0})),
        with(json!({"assignedUserId": s.ann.user_id, "slots": 2})),
        with(json!({"status": "final"})),
        with(json!({"title": "a\nb"})),
        with(json!({"color": "red"})),
        json!({"startTime": "09:00", "endTime": "10:00"}),
    ] {
        let (status, body) = s.shift(&schedule, bad.clone()).await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
    let (status, _) = s.shift(&schedule, with(json!({"jobId": uuid()}))).await;
    assert_eq!(status, 404, "an unknown job");
    let (status, _) = s.shift(&schedule, with(json!({"assignedUserId": uuid()}))).await;
    assert_eq!(status, 404, "an unknown person");
    let (status, open) = s.shift(&schedule, with(json!({"slots": 3}))).await;
    assert_eq!((status, open["isOpenShift"].as_bool(), open["slots"].as_i64()), (201, Some(true), Some(3)));
    let r = call(&s.app, "POST", &format!("/api/v1/schedules/{schedule}/shifts"), None, Some(base.clone())).await;
    assert_eq!(r.status(), 401);
    let (status, _) = s.send(&s.ann, "POST", &format!("/api/v1/schedules/{schedule}/shifts"), Some(base.clone())).await;
    assert_eq!(status, 403);
    let (status, _) = s.send(&s.manager, "POST", &format!("/api/v1/schedules/{}/shifts", uuid()), Some(base)).await;
    assert_eq!(status, 404);
    let r = s
        .app
        .client
        .post(s.app.url(&format!("/api/v1/schedules/{schedule}/shifts")))
        .bearer_auth(&s.manager.access)
        .header("content-type", "application/json")
        .body("{\"shiftDate\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await.1, "malformed_json");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_shifts_are_claimed_at_once_or_by_request() {
    let s = Salon::open().await;
    let schedule = s.schedule().await;
    let path = format!("/api/v1/schedules/{schedule}");
    let (_, open) = s
        .shift(&schedule, json!({"shiftDate": "2026-02-17", "startTime": "12:00", "endTime": "18:00", "slots": 2, "status": "published"}))
        .await;
    let open_id = open["id"].as_str().unwrap().to_string();
    let listed = s.ok(&s.ann, "GET", &format!("{path}/shifts?from=2026-02-16&to=2026-02-22"), None).await;
    assert_eq!(listed["items"][0]["claimable"], true);
    let claim = s.ok(&s.ann, "POST", &format!("{path}/shifts/{open_id}/claim"), None).await;
    assert_eq!(claim["claim"]["status"], "approved");
    assert_eq!(claim["shift"]["assignedUserId"], s.ann.user_id.as_str());
    // Ann cannot take a second place: it would overlap her new shift.
    let (status, body) = s.send(&s.ann, "POST", &format!("{path}/shifts/{open_id}/claim"), None).await;
    assert_eq!(status, 409, "{body}");
    assert!(body["error"]["conflicts"].as_array().unwrap().iter().any(|c| c["code"] == "overlap"), "{body}");
    assert!(body["error"]["conflicts"][0].get("relatedId").is_none(), "no ids of others' entries");
    let bob = s.ok(&s.bob, "POST", &format!("{path}/shifts/{open_id}/claim"), None).await;
    assert_eq!(bob["claim"]["status"], "approved");
    let full = s.ok(&s.manager, "GET", &format!("{path}/shifts/{open_id}"), None).await;
    assert_eq!(full["claimed"], 2);
    let carol = s.app.add_user(&s.owner.tenant_id, Role::User, "carol@salon.example").await;
    assert_eq!(s.send(&carol, "POST", &format!("{path}/shifts/{open_id}/claim"), None).await.0, 403);
    // With approval: requests wait; approving fills the slot and declines the rest.
    s.ok(&s.manager, "PATCH", &path, Some(json!({"claimNeedsApproval": true}))).await;
    let (_, one) = s
        .shift(
            &schedule,
            json!({"shiftDate": "2026-02-19", "startTime": "12:00", "endTime": "18:00", "status": "published"}),
        )
        .await;
    let one_id = one["id"].as_str().unwrap().to_string();
    let asked = s.ok(&s.ann, "POST", &format!("{path}/shifts/{one_id}/claim"), None).await;
    assert_eq!((asked["claim"]["status"].as_str(), asked["shift"].clone()), (Some("pending"), Value::Null));
    let (status, _) = s.send(&s.ann, "POST", &format!("{path}/shifts/{one_id}/claim"), None).await;
    assert_eq!(status, 409, "one request per person and shift");
    s.ok(&s.bob, "POST", &format!("{path}/shifts/{one_id}/claim"), None).await;
    let pending = s.ok(&s.manager, "GET", &format!("{path}/claims"), None).await;
    assert_eq!(pending["total"], 2);
    assert_eq!(s.send(&s.ann, "GET", &format!("{path}/claims"), None).await.0, 403);
    let ann_claim = asked["claim"]["id"].as_str().unwrap();
    let approved = s.ok(&s.manager, "POST", &format!("{path}/claims/{ann_claim}/approve"), None).await;
    assert_eq!(approved["status"], "approved");
    let all = s.ok(&s.manager, "GET", &format!("{path}/claims?status=all"), None).await;
    let bobs = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["userId"] == s.bob.user_id.as_str() && c["shiftId"] == one_id.as_str())
        .unwrap();
    assert_eq!(bobs["status"], "declined", "the shift is full");
    let (status, _) = s.send(&s.manager, "POST", &format!("{path}/claims/{ann_claim}/decline"), None).await;
    assert_eq!(status, 409, "decided already");
    let kinds: Vec<String> = s.events().await.into_iter().map(|e| e.0).collect();
    for kind in ["shift.claimed", "claim.requested", "claim.decided"] {
        assert!(kinds.contains(&kind.to_string()), "{kind} in {kinds:?}");
    }
    // A draft or past open shift is not claimable.
    let (_, draft) =
        s.shift(&schedule, json!({"shiftDate": "2026-02-20", "startTime": "12:00", "endTime": "18:00"})).await;
    assert_eq!(
        s.send(&s.ann, "POST", &format!("{path}/shifts/{}/claim", draft["id"].as_str().unwrap()), None).await.0,
        404
    );
    let (_, past) = s
        .shift(
            &schedule,
            json!({"shiftDate": "2026-02-09", "startTime": "12:00", "endTime": "18:00", "status": "published"}),
        )
        .await;
    assert_eq!(
        s.send(&s.ann, "POST", &format!("{path}/shifts/{}/claim", past["id"].as_str().unwrap()), None).await.0,
        409
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_claim_race_and_two_strict_creates_in_one_batch_have_one_winner_each() {
    // A batch may run long here (debug build, a busy machine): it is closed by the queue running
    // dry, not by the clock, so the four requests share the blocker's batch.
    let mut config = test_config();
    config.storage.batch_max_time = staffroom::config::Dur::millis(5000);
    let s = Salon::open_with(config).await;
    let schedule = s.schedule().await;
    let (_, open) = s
        .shift(
            &schedule,
            json!({"shiftDate": "2026-02-17", "startTime": "12:00", "endTime": "18:00", "status": "published"}),
        )
        .await;
    let claim = format!("/api/v1/schedules/{schedule}/shifts/{}/claim", open["id"].as_str().unwrap());
    let strict = format!("/api/v1/schedules/{schedule}/shifts?strict=true");
    let body =
        json!({"assignedUserId": s.bob.user_id, "shiftDate": "2026-02-18", "startTime": "09:00", "endTime": "17:00"});
    let later =
        json!({"assignedUserId": s.bob.user_id, "shiftDate": "2026-02-18", "startTime": "12:00", "endTime": "20:00"});
    // Hold the writer until the four requests wait in its queue: they then join its batch. The
    // notification pipeline has read the published shift first, so none of its jobs joins in.
    crate::support::notifications_settled(&s.app).await;
    let stats = s.app.state.db.writer_stats();
    let (release, held) = std::sync::mpsc::channel::<()>();
    let running = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = running.clone();
    let db = s.app.state.db.clone();
    let blocker = tokio::spawn(async move {
        db.write(move |_| {
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
            let _ = held.recv_timeout(std::time::Duration::from_secs(20));
            Ok(())
        })
        .await
    });
    while !running.load(std::sync::atomic::Ordering::SeqCst) {
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    let db = s.app.state.db.clone();
    let opener = async move {
        while db.queue_depth() < 4 {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        let before = db.writer_stats().batches.load(std::sync::atomic::Ordering::Relaxed);
        release.send(()).unwrap();
        before
    };
    let (before, a, b, c, d) = tokio::join!(
        opener,
        s.send(&s.ann, "POST", &claim, None),
        s.send(&s.bob, "POST", &claim, None),
        s.send(&s.manager, "POST", &strict, Some(body)),
        s.send(&s.manager, "POST", &strict, Some(later)),
    );
    blocker.await.unwrap().unwrap();
    let after = stats.batches.load(std::sync::atomic::Ordering::Relaxed);
    let last = stats.last_batch_jobs.load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!((after - before, last), (1, 5), "the four requests committed in the blocker's batch");
    let mut claims = [a.0, b.0];
    claims.sort();
    assert_eq!(claims, [200, 409], "exactly one claim wins: {a:?} {b:?}");
    let mut creates = [c.0, d.0];
    creates.sort();
    assert_eq!(creates, [201, 409], "exactly one strict create wins: {c:?} {d:?}");
    let loser = if c.0 == 409 { &c.1 } else { &d.1 };
    assert_eq!(loser["error"]["conflicts"][0]["code"], "overlap", "{loser}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unavailability_repeats_deletes_by_series_and_keeps_notes_private() {
    let s = Salon::open().await;
    let schedule = s.schedule().await;
    let path = format!("/api/v1/schedules/{schedule}/unavailabilities");
    let weekly = s
        .ok(
            &s.ann,
            "POST",
            &path,
            Some(json!({"unavailabilityDate": "2026-02-16", "startTime": "09:00", "endTime": "13:00",
            "note": "School run", "repeat": {"frequency": "weekly", "until": "2026-03-09"}})),
        )
        .await;
    assert_eq!(weekly["total"], 4, "16 Feb, 23 Feb, 2 Mar, 9 Mar");
    let series: Vec<&str> =
        weekly["items"].as_array().unwrap().iter().map(|i| i["seriesId"].as_str().unwrap()).collect();
    assert!(series.windows(2).all(|w| w[0] == w[1]));
    let extra = s
        .ok(
            &s.bob,
            "POST",
            &path,
            Some(json!({"unavailabilityDate": "2026-02-18", "allDay": true,
            "repeatEntries": [{"unavailabilityDate": "2026-02-20", "allDay": true}]})),
        )
        .await;
    assert_eq!(extra["total"], 2);
    assert_eq!(
        (extra["items"][0]["startsAt"].as_str(), extra["items"][0]["endsAt"].as_str()),
        (Some("2026-02-17T23:00:00Z"), Some("2026-02-18T23:00:00Z"))
    );
    let both = json!({"unavailabilityDate": "2026-02-16", "allDay": true, "repeatEntries": [], "repeat": {"frequency": "weekly", "until": "2026-03-01"}});
    assert_eq!(s.send(&s.ann, "POST", &path, Some(both)).await.0, 400, "repeat and repeatEntries at once");
    let far = json!({"unavailabilityDate": "2026-02-16", "allDay": true, "repeat": {"frequency": "biweekly", "until": "2027-06-01"}});
    assert_eq!(s.send(&s.ann, "POST", &path, Some(far)).await.0, 400, "at most a year ahead");
    let half = json!({"unavailabilityDate": "2026-02-16", "startTime": "09:00"});
    assert_eq!(s.send(&s.ann, "POST", &path, Some(half)).await.0, 400);
    // Bob sees Ann's entries without her note; the manager and Ann see it.
    let range = format!("{path}?from=2026-02-16&to=2026-02-22");
    let seen = s.ok(&s.bob, "GET", &range, None).await;
    let anns: Vec<&Value> =
        seen["items"].as_array().unwrap().iter().filter(|i| i["userId"] == s.ann.user_id.as_str()).collect();
    assert!(anns[0].get("note").is_none(), "{seen}");
    let managers = s.ok(&s.manager, "GET", &range, None).await;
    assert!(managers["items"].as_array().unwrap().iter().any(|i| i["note"] == "School run"));
    // Own only; the series goes from this entry on.
    let second = weekly["items"][1]["id"].as_str().unwrap();
    assert_eq!(s.send(&s.bob, "DELETE", &format!("{path}/{second}"), None).await.0, 403);
    let gone = s.ok(&s.ann, "DELETE", &format!("{path}/{second}?series=true"), None).await;
    assert_eq!(gone["deleted"], 3);
    let left = s.ok(&s.ann, "GET", &format!("{path}?from=2026-02-16&to=2026-03-15"), None).await;
    assert_eq!(left["items"].as_array().unwrap().iter().filter(|i| i["userId"] == s.ann.user_id.as_str()).count(), 1);
    assert_eq!(s.send(&s.ann, "GET", &format!("{path}?from=2026-02-16"), None).await.0, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weeks_copy_and_templates_apply_as_drafts() {
    let s = Salon::open().await;
    let schedule = s.schedule().await;
    let base = format!("/api/v1/schedules/{schedule}");
    for (who, date) in [(&s.ann, "2026-02-16"), (&s.bob, "2026-02-18")] {
        s.shift(&schedule, json!({"assignedUserId": who.user_id, "shiftDate": date, "startTime": "09:00", "endTime": "17:00", "status": "published"})).await;
    }
    let copy = json!({"fromWeekStart": "2026-02-16", "toWeekStart": "2026-02-23"});
    let copied = s.ok(&s.manager, "POST", &format!("{base}/copy-week"), Some(copy.clone())).await;
    assert_eq!(copied["created"], 2);
    assert_eq!(copied["items"][0]["status"], "draft");
    assert_eq!(copied["items"][0]["shiftDate"], "2026-02-23");
    let (status, _) = s.send(&s.manager, "POST", &format!("{base}/copy-week"), Some(copy.clone())).await;
    assert_eq!(status, 409, "the week holds copies already");
    let mut replace = copy.clone();
    replace["replace"] = json!(true);
    let replaced = s.ok(&s.manager, "POST", &format!("{base}/copy-week"), Some(replace)).await;
    assert_eq!((replaced["created"].as_u64(), replaced["replaced"].as_u64()), (Some(2), Some(2)));
    let week = s.ok(&s.manager, "GET", &format!("{base}/shifts?from=2026-02-23&to=2026-03-01"), None).await;
    assert_eq!(week["total"], 2);
    // Templates.
    let template = s
        .ok(
            &s.manager,
            "POST",
            &format!("{base}/templates"),
            Some(json!({"name": "Normal week", "weekStart": "2026-02-16"})),
        )
        .await;
    assert_eq!(template["shifts"].as_array().unwrap().len(), 2);
    let tid = template["id"].as_str().unwrap();
    let applied = s
        .ok(&s.manager, "POST", &format!("{base}/templates/{tid}/apply"), Some(json!({"weekStart": "2026-03-02"})))
        .await;
    assert_eq!(applied["items"][1]["shiftDate"], "2026-03-04");
    assert_eq!(s.ok(&s.manager, "GET", &format!("{base}/templates"), None).await["total"], 1);
    assert_eq!(s.send(&s.ann, "GET", &format!("{base}/templates"), None).await.0, 403);
    s.ok(&s.manager, "DELETE", &format!("{base}/templates/{tid}"), None).await;
    assert_eq!(
        s.send(&s.manager, "POST", &format!("{base}/templates/{tid}/apply"), Some(json!({"weekStart": "2026-03-09"})))
            .await
            .0,
        404
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn labor_adds_hours_and_cost_by_the_most_specific_rate() {
    let s = Salon::open().await;
    let schedule = s.schedule().await;
    let colour =
        s.ok(&s.manager, "POST", "/api/v1/job-list", Some(json!({"name": "Colour", "hourlyRate": 2000}))).await["id"]
            .as_str()
            .unwrap()
            .to_string();
    let desk =
        s.ok(&s.manager, "POST", "/api/v1/job-list", Some(json!({"name": "Desk", "hourlyRate": 1200}))).await["id"]
            .as_str()
            .unwrap()
            .to_string();
    s.ok(
        &s.manager,
        "PATCH",
        &s.member_path(&s.ann),
        Some(json!({"jobIds": [colour, desk], "jobRates": {colour.clone(): 2500}, "hourlyRate": 1500})),
    )
    .await;
    // Ann: 8 h colour at her job rate 25.00 + 4 h desk at her hourly 15.00; Bob: 6 h desk at the job's 12.00.
    for (who, job, start, end, date) in [
        (&s.ann, &colour, "09:00", "17:00", "2026-02-16"),
        (&s.ann, &desk, "09:00", "13:00", "2026-02-17"),
        (&s.bob, &desk, "10:00", "16:00", "2026-02-17"),
    ] {
        let (status, body) = s.shift(&schedule, json!({"assignedUserId": who.user_id, "jobId": job, "shiftDate": date, "startTime": start, "endTime": end})).await;
        assert_eq!(status, 201, "{body}");
    }
    s.shift(&schedule, json!({"shiftDate": "2026-02-18", "startTime": "10:00", "endTime": "12:00", "slots": 2})).await;
    let list = s
        .ok(
            &s.manager,
            "GET",
            &format!("/api/v1/schedules/{schedule}/shifts?from=2026-02-16&to=2026-02-22&include=labor"),
            None,
        )
        .await;
    let labor = &list["labor"];
    assert_eq!(labor["currency"], "EUR");
    let person = |id: &str| labor["people"].as_array().unwrap().iter().find(|p| p["userId"] == id).unwrap().clone();
    assert_eq!(
        (person(&s.ann.user_id)["minutes"].as_i64(), person(&s.ann.user_id)["cost"].as_i64()),
        (Some(720), Some(26000))
    );
    assert_eq!(
        (person(&s.bob.user_id)["minutes"].as_i64(), person(&s.bob.user_id)["cost"].as_i64()),
        (Some(360), Some(7200))
    );
    assert_eq!(
        (labor["totalMinutes"].as_i64(), labor["totalCost"].as_i64(), labor["openMinutes"].as_i64()),
        (Some(1080), Some(33200), Some(240))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn locations_come_and_go_and_a_new_zone_moves_future_shifts() {
    let s = Salon::open().await;
    let schedule = s.schedule().await;
    let locations = format!("/api/v1/organizations/{}/locations", s.org);
    let (_, shift) =
        s.shift(&schedule, json!({"shiftDate": "2026-02-16", "startTime": "09:00", "endTime": "17:00"})).await;
    assert_eq!(shift["startsAt"], "2026-02-16T08:00:00Z");
    let second = s
        .ok(
            &s.owner,
            "POST",
            &locations,
            Some(json!({"name": "Studio Noord", "timezone": "Europe/London",
            "openingHours": [{"dayOfWeek": 1, "openTime": "09:00", "closeTime": "17:00"}],
            "closures": [{"from": "2026-12-24", "to": "2026-12-26", "note": "Christmas"}]})),
        )
        .await;
    assert_eq!(second["closures"][0]["note"], "Christmas");
    assert_eq!(second["openingHours"].as_array().unwrap().len(), 7);
    assert_eq!(s.send(&s.manager, "POST", &locations, Some(json!({"name": "X"}))).await.0, 403, "needs tenant.manage");
    let bad = json!({"name": "X", "closures": [{"from": "2026-12-26", "to": "2026-12-24"}]});
    assert_eq!(s.send(&s.owner, "POST", &locations, Some(bad)).await.0, 400);
    // Moving the schedule to London moves its future instants; local times stay.
    s.ok(&s.manager, "PATCH", &format!("/api/v1/schedules/{schedule}"), Some(json!({"locationId": second["id"]})))
        .await;
    let moved = s
        .ok(&s.manager, "GET", &format!("/api/v1/schedules/{schedule}/shifts/{}", shift["id"].as_str().unwrap()), None)
        .await;
    assert_eq!(
        (moved["startTime"].as_str(), moved["startsAt"].as_str()),
        (Some("09:00"), Some("2026-02-16T09:00:00Z"))
    );
    // And a zone change of the location does the same.
    let loc = format!("{locations}/{}", second["id"].as_str().unwrap());
    s.ok(&s.owner, "PATCH", &loc, Some(json!({"timezone": "America/New_York"}))).await;
    let moved = s
        .ok(&s.manager, "GET", &format!("/api/v1/schedules/{schedule}/shifts/{}", shift["id"].as_str().unwrap()), None)
        .await;
    assert_eq!(moved["startsAt"], "2026-02-16T14:00:00Z");
    assert_eq!(s.send(&s.owner, "DELETE", &loc, None).await.0, 409, "a schedule uses it");
    s.ok(&s.manager, "PATCH", &format!("/api/v1/schedules/{schedule}"), Some(json!({"locationId": s.location}))).await;
    s.ok(&s.owner, "DELETE", &loc, None).await;
    let first = format!("{locations}/{}", s.location);
    assert_eq!(s.send(&s.owner, "DELETE", &first, None).await.0, 409, "the last location stays");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn committed_events_are_handed_on_in_seq_order() {
    let s = Salon::open().await;
    let mut events = s.app.state.db.subscribe_events();
    let schedule = s.schedule().await;
    for day in ["2026-02-16", "2026-02-17", "2026-02-18"] {
        s.shift(
            &schedule,
            json!({"assignedUserId": s.ann.user_id, "shiftDate": day, "startTime": "09:00", "endTime": "12:00"}),
        )
        .await;
    }
    // A refused write leaves no event behind.
    let (status, _) =
        s.shift(&schedule, json!({"shiftDate": "2026-02-31", "startTime": "09:00", "endTime": "12:00"})).await;
    assert_eq!(status, 400);
    let mut seen = Vec::new();
    while let Ok(Ok(event)) = tokio::time::timeout(std::time::Duration::from_millis(300), events.recv()).await {
        seen.push(event);
    }
    let seqs: Vec<i64> = seen.iter().map(|e| e.seq).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    let created = seen.iter().filter(|e| e.kind == "shift.created").count();
    assert_eq!(created, 3);
    assert!(seen.iter().all(|e| e.tenant_id == s.owner.tenant_id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleted_shifts_and_events_go_after_ninety_days() {
    let s = Salon::open().await;
    let schedule = s.schedule().await;
    s.shift(&schedule, json!({"shiftDate": "2026-02-16", "startTime": "09:00", "endTime": "12:00"})).await;
    let (_, gone) =
        s.shift(&schedule, json!({"shiftDate": "2026-02-17", "startTime": "09:00", "endTime": "12:00"})).await;
    s.ok(&s.manager, "DELETE", &format!("/api/v1/schedules/{schedule}/shifts/{}", gone["id"].as_str().unwrap()), None)
        .await;
    let count = |sql: &'static str| {
        let db = s.app.state.db.clone();
        async move { db.read(move |c| Ok(c.query_row(sql, [], |r| r.get::<_, i64>(0))?)).await.unwrap() }
    };
    assert_eq!(
        staffroom::schedules::retention::prune(&s.app.state.db, &s.app.state.clock).await,
        0,
        "nothing is old yet"
    );
    s.app.state.clock.advance(std::time::Duration::from_secs(91 * 24 * 3600));
    let removed = staffroom::schedules::retention::prune(&s.app.state.db, &s.app.state.clock).await;
    assert!(removed > 1, "{removed}");
    assert_eq!(count("SELECT count(*) FROM events").await, 0);
    assert_eq!(count("SELECT count(*) FROM shifts").await, 1, "the live shift stays");
    assert_eq!(count("SELECT count(*) FROM shifts WHERE deleted_at IS NULL").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn future_shifts_follow_new_time_zone_rules_at_start() {
    let s = Salon::open().await;
    let schedule = s.schedule().await;
    let (_, shift) =
        s.shift(&schedule, json!({"shiftDate": "2026-03-02", "startTime": "09:00", "endTime": "17:00"})).await;
    let id = shift["id"].as_str().unwrap().to_string();
    // As if an older time-zone database had put Amsterdam an hour off.
    let stale = id.clone();
    s.app
        .state
        .db
        .write(move |tx| {
            Ok(tx.execute(
                "UPDATE shifts SET starts_at = starts_at + 3600, ends_at = ends_at + 3600 WHERE id = ?1",
                [&stale],
            )?)
        })
        .await
        .unwrap();
    let now = s.app.state.clock.now();
    assert_eq!(staffroom::schedules::rota::realign_instants(&s.app.state.db, now).await.unwrap(), 1);
    assert_eq!(
        staffroom::schedules::rota::realign_instants(&s.app.state.db, now).await.unwrap(),
        0,
        "nothing left to move"
    );
    let fixed = s.ok(&s.manager, "GET", &format!("/api/v1/schedules/{schedule}/shifts/{id}"), None).await;
    assert_eq!(fixed["startsAt"], "2026-03-02T08:00:00Z");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn range_errors_are_sentences_about_the_range() {
    let s = Salon::open().await;
    let schedule = s.schedule().await;
    let (status, body) = s
        .send(&s.manager, "GET", &format!("/api/v1/schedules/{schedule}/shifts?from=2026-01-01&to=2026-03-31"), None)
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["fields"]["range"], "Date range may span at most 62 days.");
    let (_, body) = s
        .send(&s.manager, "GET", &format!("/api/v1/schedules/{schedule}/shifts?from=2026-02-02&to=2026-02-01"), None)
        .await;
    assert_eq!(body["error"]["fields"]["range"], "Date range ends before it starts.");
}
