//! The authorization matrix: every operation of `/api/v1/openapi.json` × {anonymous, user,
//! manager, tenant admin, owner, an admin of another tenant}. Ids in paths belong to the owner's
//! tenant, so the other tenant's admin must get 404 (never data). The test enumerates the API
//! document and fails for an operation no row exercises, so no route added later slips past it.

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::support::{TestApp, call, data_of, test_config};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_each_caller_as_designed() {
    let mut config = test_config();
    config.rate_limits.allowlist = vec!["127.0.0.1".into()];
    // The upload row sends its bytes the way `call` sends any body: as JSON.
    config.files.extra_types = vec!["application/json".into()];
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    let admin = app.add_user(&owner.tenant_id, Role::TenantAdmin, "admin@salon.example").await;
    let manager = app.add_user(&owner.tenant_id, Role::Manager, "manager@salon.example").await;
    let user = app.add_user(&owner.tenant_id, Role::User, "user@salon.example").await;
    let other = app.add_tenant("elsewhere").await;
    let outsider = app.add_user(&other, Role::TenantAdmin, "admin@elsewhere.example").await;

    let profile = data_of(
        call(
            &app,
            "POST",
            "/api/v1/profiles",
            Some(&owner.access),
            Some(json!({"name": "Base", "permissions": ["users.read"]})),
        )
        .await,
    )
    .await;
    let profile = profile["id"].as_str().unwrap().to_string();
    let key = data_of(
        call(&app, "POST", "/api/v1/service-accounts", Some(&owner.access), Some(json!({"name": "K", "scopes": []})))
            .await,
    )
    .await;
    let key = key["id"].as_str().unwrap().to_string();
    let org = data_of(call(&app, "GET", "/api/v1/organizations", Some(&owner.access), None).await).await;
    let org = org["items"][0]["id"].as_str().unwrap().to_string();
    let location =
        data_of(call(&app, "GET", &format!("/api/v1/organizations/{org}/locations"), Some(&owner.access), None).await)
            .await;
    let location = location["items"][0]["id"].as_str().unwrap().to_string();
    // Three requests for time off by the member: to approve, to decline, to cancel.
    let mut time_off = Vec::new();
    for day in ["2026-03-02", "2026-03-03", "2026-03-04"] {
        let body = json!({"kind": "vacation", "startDate": day});
        let made = data_of(call(&app, "POST", "/api/v1/time-off", Some(&user.access), Some(body)).await).await;
        time_off.push(made["id"].as_str().unwrap().to_string());
    }
    // A closed entry of the member, to correct.
    let mut entry = String::new();
    for (action, at) in [("in", "2026-02-09T08:00:00Z"), ("out", "2026-02-09T16:00:00Z")] {
        let body = json!({"action": action, "clientId": format!("matrix-entry-{action}"), "offline": true, "at": at});
        let punched = data_of(call(&app, "POST", "/api/v1/clock", Some(&user.access), Some(body)).await).await;
        entry = punched["punch"]["entryId"].as_str().unwrap().to_string();
    }
    // Swaps: the member's four shifts on a rota of the member and the manager that asks for
    // approval — one to offer in a row, one offered to accept and approve, one accepted to
    // decline, one offered to withdraw.
    let rota = json!({"name": "Swaps", "assigneeUserIds": [user.user_id, manager.user_id], "swapNeedsApproval": true});
    let rota = data_of(call(&app, "POST", "/api/v1/schedules", Some(&owner.access), Some(rota)).await).await;
    let rota = rota["id"].as_str().unwrap().to_string();
    let mut swap_shifts = Vec::new();
    for day in ["2026-04-06", "2026-04-08", "2026-04-10", "2026-04-12"] {
        let body = json!({"assignedUserId": user.user_id, "shiftDate": day, "startTime": "09:00", "endTime": "12:00",
            "status": "published"});
        let made = data_of(
            call(&app, "POST", &format!("/api/v1/schedules/{rota}/shifts"), Some(&owner.access), Some(body)).await,
        )
        .await;
        swap_shifts.push(made["id"].as_str().unwrap().to_string());
    }
    let mut swaps = Vec::new();
    for shift in &swap_shifts[1..] {
        let path = format!("/api/v1/schedules/{rota}/shifts/{shift}/swaps");
        let made = data_of(call(&app, "POST", &path, Some(&user.access), Some(json!({}))).await).await;
        swaps.push(made["id"].as_str().unwrap().to_string());
    }
    let accept = format!("/api/v1/swaps/{}/accept", swaps[1]);
    assert_eq!(call(&app, "POST", &accept, Some(&manager.access), None).await.status(), 200);
    // A kiosk to revoke, and the member's PIN to clear.
    let tablet = json!({"locationId": location, "name": "Tablet"});
    let tablet = data_of(call(&app, "POST", "/api/v1/kiosks", Some(&owner.access), Some(tablet)).await).await;
    let tablet = tablet["kiosk"]["id"].as_str().unwrap().to_string();
    let pin = call(&app, "PUT", "/api/v1/me/clock-pin", Some(&user.access), Some(json!({"pin": "2468"}))).await;
    assert_eq!(pin.status(), 200);
    let invite = json!({"email": "waiting@salon.example", "firstName": "W", "lastName": "Aiting"});
    data_of(call(&app, "POST", "/api/v1/users", Some(&owner.access), Some(invite)).await).await;
    let mail = data_of(call(&app, "GET", "/api/v1/settings/email/outbox", Some(&owner.access), None).await).await;
    let mail = mail["items"][0]["id"].as_str().unwrap().to_string();
    // The member's notification of a published shift (the pipeline stores it soon after).
    let mut note = String::new();
    for _ in 0..200 {
        let inbox = data_of(call(&app, "GET", "/api/v1/notifications", Some(&user.access), None).await).await;
        if let Some(id) = inbox["items"][0]["id"].as_str() {
            note = id.to_string();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(!note.is_empty(), "the member was notified");

    let callers = [
        None,
        Some(&user.access),
        Some(&manager.access),
        Some(&admin.access),
        Some(&owner.access),
        Some(&outsider.access),
    ];
    let sched = scheduling_fixture(&app, &owner, &user).await;
    let chat = chat_rows(&app, [&owner, &admin, &manager, &user], &sched.group).await;
    // (method, path, body, expected statuses for the callers above)
    let mut rows: Vec<Row> = vec![
        ("GET", "/api/v1/auth/me".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/permissions/me".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/tenants/me".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/auth/me/profile".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/auth/me/preferences".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/profiles/permissions".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/profiles".into(), None, [401, 403, 200, 200, 200, 200]),
        ("GET", format!("/api/v1/profiles/{profile}"), None, [401, 403, 200, 200, 200, 404]),
        (
            "PUT",
            format!("/api/v1/profiles/{profile}"),
            Some(json!({"description": "x"})),
            [401, 403, 403, 200, 200, 404],
        ),
        ("POST", format!("/api/v1/profiles/{profile}/activate"), None, [401, 403, 403, 200, 200, 404]),
        ("GET", "/api/v1/users/profiles".into(), None, [401, 403, 200, 200, 200, 200]),
        ("GET", "/api/v1/service-accounts".into(), None, [401, 403, 403, 200, 200, 200]),
        ("DELETE", format!("/api/v1/service-accounts/{key}"), None, [401, 403, 403, 200, 200, 404]),
        ("GET", "/api/v1/settings/email/smtp".into(), None, [401, 403, 403, 200, 200, 200]),
        (
            "PUT",
            "/api/v1/settings/email/sender".into(),
            Some(json!({"fromName": "Salon"})),
            [401, 403, 403, 200, 200, 200],
        ),
        ("GET", "/api/v1/settings/email/sender".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/settings/email/status".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/settings/email/outbox".into(), None, [401, 403, 403, 200, 200, 200]),
        // The admin closes it; it is then no longer waiting for the owner; the outsider finds none.
        (
            "POST",
            format!("/api/v1/settings/email/outbox/{mail}/close"),
            Some(json!({"status": "handled"})),
            [401, 403, 403, 200, 409, 404],
        ),
        // Only an owner points the workplace's mail at another server.
        ("PUT", "/api/v1/settings/email/smtp".into(), Some(json!({"host": null})), [401, 403, 403, 403, 200, 403]),
        ("GET", "/api/v1/setup-hub".into(), None, [401, 200, 200, 200, 200, 200]),
        (
            "PUT",
            "/api/v1/setup-hub/tasks/email".into(),
            Some(json!({"status": "skipped"})),
            [401, 403, 403, 200, 200, 200],
        ),
        ("POST", "/api/v1/setup-hub/auto-check".into(), None, [401, 403, 403, 200, 200, 200]),
        // Every task is done or skipped by now in this tenant; not in the other one.
        ("PUT", "/api/v1/setup-hub/complete".into(), None, [401, 403, 403, 200, 200, 409]),
        ("GET", "/api/v1/organizations".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", format!("/api/v1/organizations/{org}"), None, [401, 200, 200, 200, 200, 404]),
        (
            "PATCH",
            format!("/api/v1/organizations/{org}"),
            Some(json!({"phone": "+31 20 765 4321"})),
            [401, 403, 403, 200, 200, 404],
        ),
        ("GET", format!("/api/v1/organizations/{org}/locations"), None, [401, 200, 200, 200, 200, 404]),
        ("GET", format!("/api/v1/organizations/{org}/locations/{location}"), None, [401, 200, 200, 200, 200, 404]),
        (
            "PATCH",
            format!("/api/v1/organizations/{org}/locations/{location}"),
            Some(json!({"name": "Main"})),
            [401, 403, 403, 200, 200, 404],
        ),
        // Everyone punches their own clock; the rules are the clock managers'.
        ("GET", "/api/v1/clock".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/clock/active".into(), None, [401, 403, 200, 200, 200, 200]),
        // Time off: everyone asks for their own; managers decide, and see everyone's.
        (
            "POST",
            "/api/v1/time-off".into(),
            Some(json!({"kind": "personal", "startDate": "2026-04-01"})),
            [401, 201, 201, 201, 201, 201],
        ),
        ("GET", "/api/v1/time-off".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", format!("/api/v1/time-off/{}", time_off[0]), None, [401, 200, 200, 200, 200, 404]),
        ("POST", format!("/api/v1/time-off/{}/approve", time_off[0]), None, [401, 403, 200, 409, 409, 404]),
        ("POST", format!("/api/v1/time-off/{}/decline", time_off[1]), None, [401, 403, 200, 409, 409, 404]),
        ("DELETE", format!("/api/v1/time-off/{}", time_off[2]), None, [401, 200, 409, 409, 409, 404]),
        // Timesheets: everyone's for clock managers, one's own for anyone; the member's period is
        // corrected, approved and unlocked (admins) before anyone clocks in below.
        // Swaps: one's own shift is offered; who is on the rota accepts; planners decide.
        (
            "POST",
            format!("/api/v1/schedules/{rota}/shifts/{}/swaps", swap_shifts[0]),
            Some(json!({})),
            [401, 201, 403, 403, 403, 404],
        ),
        ("GET", "/api/v1/swaps".into(), None, [401, 200, 200, 200, 200, 200]),
        ("POST", format!("/api/v1/swaps/{}/accept", swaps[0]), None, [401, 403, 200, 403, 403, 404]),
        ("POST", format!("/api/v1/swaps/{}/approve", swaps[0]), None, [401, 403, 200, 409, 409, 404]),
        ("POST", format!("/api/v1/swaps/{}/decline", swaps[1]), None, [401, 403, 200, 409, 409, 404]),
        ("DELETE", format!("/api/v1/swaps/{}", swaps[2]), None, [401, 200, 409, 409, 409, 404]),
        // Kiosks: clock managers set them up; the kiosk routes take a kiosk's token, no one's session.
        ("GET", "/api/v1/kiosks".into(), None, [401, 403, 200, 200, 200, 200]),
        (
            "POST",
            "/api/v1/kiosks".into(),
            Some(json!({"locationId": location, "name": "Back office"})),
            [401, 403, 201, 201, 201, 404],
        ),
        ("DELETE", format!("/api/v1/kiosks/{tablet}"), None, [401, 403, 200, 409, 409, 404]),
        ("DELETE", format!("/api/v1/users/{}/clock-pin", user.user_id), None, [401, 403, 200, 404, 404, 404]),
        ("PUT", "/api/v1/me/clock-pin".into(), Some(json!({"pin": "1357"})), [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/kiosk/me".into(), None, [401, 401, 401, 401, 401, 401]),
        ("GET", "/api/v1/kiosk/people".into(), None, [401, 401, 401, 401, 401, 401]),
        (
            "POST",
            "/api/v1/kiosk/punch".into(),
            Some(json!({"userId": user.user_id, "pin": "1357", "action": "in", "clientId": "kiosk-in"})),
            [401, 401, 401, 401, 401, 401],
        ),
        // Notifications: everyone's own; another's id is 404.
        ("GET", "/api/v1/notifications?unread=true".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/notifications/unread-count".into(), None, [401, 200, 200, 200, 200, 200]),
        ("PATCH", format!("/api/v1/notifications/{note}/read"), None, [401, 200, 404, 404, 404, 404]),
        ("POST", "/api/v1/notifications/mark-all-read".into(), None, [401, 200, 200, 200, 200, 200]),
        ("DELETE", format!("/api/v1/notifications/{note}"), None, [401, 200, 404, 404, 404, 404]),
        ("GET", "/api/v1/notifications/preferences/catalog".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/notifications/preferences".into(), None, [401, 200, 200, 200, 200, 200]),
        (
            "POST",
            "/api/v1/notifications/preferences".into(),
            Some(json!({"eventKey": "swap.offered", "channel": "email", "enabled": true})),
            [401, 200, 200, 200, 200, 200],
        ),
        ("GET", "/api/v1/notifications/preferences/dnd".into(), None, [401, 200, 200, 200, 200, 200]),
        (
            "PUT",
            "/api/v1/notifications/preferences/dnd".into(),
            Some(json!({"enabled": true, "startTime": "22:00", "endTime": "07:00"})),
            [401, 200, 200, 200, 200, 200],
        ),
        ("GET", "/api/v1/notifications/analytics?days=7".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/notifications/analytics/digest".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/notifications/analytics/digest/settings".into(), None, [401, 200, 200, 200, 200, 200]),
        (
            "PUT",
            "/api/v1/notifications/analytics/digest/settings".into(),
            Some(json!({"frequency": "weekly", "time": "17:30", "weekday": 5})),
            [401, 200, 200, 200, 200, 200],
        ),
        ("GET", "/api/v1/notifications/templates".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/notifications/templates/swap.offered".into(), None, [401, 200, 200, 200, 200, 200]),
        (
            "POST",
            "/api/v1/notifications/templates/swap.offered/preview".into(),
            Some(json!({"lang": "nl", "title": "{name} ruilt"})),
            [401, 200, 200, 200, 200, 200],
        ),
        // A workplace's wording: for those who manage its settings (the outsider, their own).
        (
            "POST",
            "/api/v1/notifications/templates/swap.offered/customize".into(),
            Some(json!({"lang": "en", "title": "{name} offers a shift", "body": "On {schedule}."})),
            [401, 403, 403, 200, 200, 200],
        ),
        (
            "DELETE",
            "/api/v1/notifications/templates/swap.offered/override".into(),
            None,
            [401, 403, 403, 200, 200, 200],
        ),
        // Web Push: one's own browsers (the endpoint here is not https: 400 for everyone signed in).
        ("GET", "/api/v1/notifications/push/vapid-key".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/notifications/push/subscriptions".into(), None, [401, 200, 200, 200, 200, 200]),
        (
            "POST",
            "/api/v1/notifications/push/subscriptions".into(),
            Some(json!({"endpoint": "http://push.example.com/x", "keys": {"p256dh": "a", "auth": "b"}})),
            [401, 400, 400, 400, 400, 400],
        ),
        (
            "DELETE",
            "/api/v1/notifications/push/subscriptions/0190d5a0-0000-7000-8000-000000000000".into(),
            None,
            [401, 404, 404, 404, 404, 404],
        ),
        // The personal dashboard: everyone's own.
        ("GET", "/api/v1/me/action-items".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/me/unread-counts".into(), None, [401, 200, 200, 200, 200, 200]),
        // The approval inbox: for whoever decides claims, time off or timesheets.
        ("GET", "/api/v1/inbox".into(), None, [401, 403, 200, 200, 200, 200]),
        (
            "POST",
            "/api/v1/inbox/decisions".into(),
            Some(
                json!({"decisions": [{"kind": "timeOff", "id": "0190d5a0-0000-7000-8000-000000000000", "decision": "approve"}]}),
            ),
            [401, 403, 200, 200, 200, 200],
        ),
        ("GET", "/api/v1/timesheets".into(), None, [401, 403, 200, 200, 200, 200]),
        ("GET", "/api/v1/timesheets/export".into(), None, [401, 403, 200, 200, 200, 200]),
        ("GET", format!("/api/v1/timesheets/{}", user.user_id), None, [401, 200, 200, 200, 200, 404]),
        (
            "PATCH",
            format!("/api/v1/time-entries/{entry}"),
            Some(json!({"breakMinutes": 10, "reason": "Lunch"})),
            [401, 403, 200, 400, 400, 404],
        ),
        (
            "POST",
            format!("/api/v1/timesheets/{}/approve", user.user_id),
            Some(json!({"periodStart": "2026-02-02"})),
            [401, 403, 200, 409, 409, 404],
        ),
        (
            "POST",
            format!("/api/v1/timesheets/{}/unlock", user.user_id),
            Some(json!({"periodStart": "2026-02-02", "reason": "Matrix"})),
            [401, 403, 403, 200, 409, 404],
        ),
        (
            "POST",
            "/api/v1/clock".into(),
            Some(json!({"action": "in", "clientId": "matrix-in"})),
            [401, 201, 201, 201, 201, 201],
        ),
        ("GET", format!("/api/v1/clock/locations/{location}/settings"), None, [401, 403, 200, 200, 200, 404]),
        (
            "PATCH",
            format!("/api/v1/clock/locations/{location}/settings"),
            Some(json!({"earlyMinutes": 20})),
            [401, 403, 200, 200, 200, 404],
        ),
        // Public, and over once setup is done.
        (
            "POST",
            "/api/v1/auth/setup/check-code".into(),
            Some(json!({"setupCode": "x"})),
            [400, 400, 400, 400, 400, 400],
        ),
        (
            "POST",
            "/api/v1/users/accept-invitation/check".into(),
            Some(json!({"token": "made-up"})),
            [410, 410, 410, 410, 410, 410],
        ),
        ("PUT", "/api/v1/settings/email/footer".into(), Some(json!({"text": "Hi"})), [401, 403, 403, 200, 200, 200]),
        ("GET", "/api/v1/settings/email/deliverability".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/org-settings".into(), None, [401, 200, 200, 200, 200, 200]),
        (
            "PUT",
            "/api/v1/org-settings/chat.enabled".into(),
            Some(json!({"value": true})),
            [401, 403, 403, 200, 200, 200],
        ),
        ("GET", "/api/v1/super-admin/users".into(), None, [401, 403, 403, 403, 200, 403]),
        ("GET", "/api/v1/super-admin/tenants".into(), None, [401, 403, 403, 403, 200, 403]),
        ("GET", "/api/v1/super-admin/backups".into(), None, [401, 403, 403, 403, 200, 403]),
        ("GET", "/api/v1/super-admin/backups/status".into(), None, [401, 403, 403, 403, 200, 403]),
        ("POST", "/api/v1/super-admin/backups".into(), None, [401, 403, 403, 403, 201, 403]),
        ("GET", "/api/v1/health/services".into(), None, [401, 403, 200, 200, 200, 200]),
        ("GET", format!("/api/v1/users/{}", user.user_id), None, [401, 403, 200, 200, 200, 404]),
    ];
    rows.extend(more_identity_rows(&owner, &user));
    rows.extend(scheduling_rows(&sched, &user));
    rows.extend(chat);
    // Last: these end every session the callers hold.
    rows.push(("POST", "/api/v1/auth/logout-all".into(), None, [401, 200, 200, 200, 200, 200]));
    rows.push(("POST", "/api/v1/auth/logout".into(), None, [401, 401, 401, 401, 401, 401]));
    let mut wrong = Vec::new();
    for (method, path, body, expected) in &rows {
        for (who, token) in callers.iter().enumerate() {
            let response = call(&app, method, path, token.map(String::as_str), body.clone()).await;
            let got = response.status().as_u16();
            if got != expected[who] {
                let text = response.text().await.unwrap_or_default();
                wrong.push(format!("{method} {path} as caller #{who}: {got}, expected {}: {text}", expected[who]));
            }
        }
    }
    assert!(wrong.is_empty(), "{} answers differ:\n{}", wrong.len(), wrong.join("\n"));
    // The check itself can fail: one row leaves almost every operation uncovered.
    assert!(uncovered(&rows[..1]).len() > 100);
    assert!(!matches_template("/api/v1/job-list/{id}", "/api/v1/job-list"));
    let missing = uncovered(&rows);
    assert!(missing.is_empty(), "operations of the API document no row exercises:\n{}", missing.join("\n"));
}

type Row = (&'static str, String, Option<Value>, [u16; 6]);

/// The operations of the API document that no row's method and path match.
fn uncovered(rows: &[Row]) -> Vec<String> {
    let spec = serde_json::to_value(staffroom::app::openapi()).unwrap();
    let mut missing = Vec::new();
    for (template, item) in spec["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let method = method.to_uppercase();
            if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
                continue;
            }
            let hit = rows.iter().any(|(m, path, _, _)| *m == method && matches_template(template, path));
            if !hit {
                missing.push(format!("{method} {template}"));
            }
        }
    }
    missing.sort();
    missing
}

fn matches_template(template: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter().zip(&p).all(|(t, p)| (t.starts_with('{') && t.ends_with('}') && !p.is_empty()) || t == p)
}

fn id() -> String {
    staffroom::ids::JobId::generate().to_string()
}

/// Identity routes the rows above leave out: public ones (same answer for everyone) and the
/// rest of the account, team and settings routes.
fn more_identity_rows(owner: &crate::support::Session, user: &crate::support::Session) -> Vec<Row> {
    let (any, nobody) = (id(), "nobody@nowhere.example");
    vec![
        ("GET", "/api/health".into(), None, [200; 6]),
        ("GET", "/api/v1/health".into(), None, [200; 6]),
        ("GET", "/api/v1/health/system".into(), None, [200; 6]),
        ("GET", "/api/v1/auth/config".into(), None, [200; 6]),
        ("GET", "/api/v1/auth/setup-status".into(), None, [200; 6]),
        ("POST", "/api/v1/auth/check-email".into(), Some(json!({"email": nobody})), [200; 6]),
        ("POST", "/api/v1/auth/login".into(), Some(json!({"email": nobody, "password": "not-the-password"})), [401; 6]),
        ("POST", "/api/v1/auth/refresh".into(), Some(json!({"refreshToken": "made-up"})), [401; 6]),
        ("POST", "/api/v1/auth/otp/start".into(), Some(json!({"channel": "email", "destination": nobody})), [200; 6]),
        (
            "POST",
            "/api/v1/auth/otp/verify".into(),
            Some(json!({"channel": "email", "destination": nobody, "otp": "000000"})),
            [401; 6],
        ),
        ("POST", "/api/v1/auth/password/forgot".into(), Some(json!({"email": nobody})), [200; 6]),
        (
            "POST",
            "/api/v1/auth/password/reset".into(),
            Some(json!({"token": "made-up", "password": "a-new-password"})),
            [410; 6],
        ),
        ("GET", "/api/v1/auth/verify-email/made-up".into(), None, [410; 6]),
        ("POST", "/api/v1/auth/setup".into(), Some(crate::support::setup_body(None)), [400; 6]),
        ("GET", "/api/v1/tenants/by-slug/nope-nope".into(), None, [404; 6]),
        ("GET", "/api/v1/tenants/check-slug/free-slug".into(), None, [200; 6]),
        (
            "POST",
            "/api/v1/tenants/register".into(),
            Some(json!({"companyName": "New", "slug": "brand-new", "adminEmail": "new@new.example",
                "adminPassword": "a-long-password", "adminFirstName": "N", "adminLastName": "Ew"})),
            [403; 6],
        ),
        (
            "POST",
            "/api/v1/users/accept-invitation".into(),
            Some(json!({"token": "made-up", "password": "a-long-password"})),
            [410; 6],
        ),
        // Service-account routes take an API key, not a person's token.
        ("GET", "/api/v1/sa/tenant".into(), None, [401; 6]),
        ("GET", "/api/v1/sa/users".into(), None, [401; 6]),
        // The caller's own account.
        ("GET", "/api/v1/me".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/users/me".into(), None, [401, 200, 200, 200, 200, 200]),
        ("PUT", "/api/v1/auth/me/preferences".into(), Some(json!({})), [401, 200, 200, 200, 200, 200]),
        ("PUT", "/api/v1/auth/me/profile".into(), Some(json!({})), [401, 200, 200, 200, 200, 200]),
        ("POST", "/api/v1/auth/me/verify-email".into(), None, [401, 200, 200, 200, 200, 200]),
        (
            "POST",
            "/api/v1/auth/device".into(),
            Some(json!({"token": "push-token", "platform": "android"})),
            [401, 200, 200, 200, 200, 200],
        ),
        // A push token belongs to the device's latest account: the outsider registered it last.
        ("DELETE", "/api/v1/auth/device".into(), Some(json!({"token": "push-token"})), [401, 404, 404, 404, 404, 200]),
        (
            "POST",
            "/api/v1/auth/password/change".into(),
            Some(json!({"currentPassword": "not-the-password", "newPassword": "a-new-password"})),
            [401; 6],
        ),
        // Team.
        ("GET", "/api/v1/users".into(), None, [401, 403, 200, 200, 200, 200]),
        (
            "POST",
            "/api/v1/users".into(),
            Some(json!({"email": "invitee@salon.example", "firstName": "In", "lastName": "Vitee"})),
            [401, 403, 201, 409, 409, 201],
        ),
        (
            "POST",
            "/api/v1/auth/register".into(),
            Some(json!({"email": "registered@salon.example", "name": "Reg Istered"})),
            [401, 403, 403, 201, 409, 201],
        ),
        (
            "PUT",
            format!("/api/v1/users/{}", user.user_id),
            Some(json!({"firstName": "Test"})),
            [401, 403, 200, 200, 200, 404],
        ),
        ("POST", format!("/api/v1/users/{}/resend-invitation", user.user_id), None, [401, 403, 409, 409, 409, 404]),
        ("POST", format!("/api/v1/users/{}/activate", user.user_id), None, [401, 403, 403, 200, 200, 404]),
        ("DELETE", format!("/api/v1/users/{}", owner.user_id), None, [401, 403, 403, 403, 409, 404]),
        ("DELETE", format!("/api/v1/users/{any}/permanent"), None, [401, 403, 403, 404, 404, 404]),
        // Profiles, keys and settings.
        (
            "POST",
            "/api/v1/profiles".into(),
            Some(json!({"name": "Second", "permissions": []})),
            [401, 403, 403, 201, 409, 201],
        ),
        ("DELETE", format!("/api/v1/profiles/{any}"), None, [401, 403, 403, 404, 404, 404]),
        (
            "POST",
            "/api/v1/service-accounts".into(),
            Some(json!({"name": "Key", "scopes": []})),
            [401, 403, 403, 201, 201, 201],
        ),
        ("GET", "/api/v1/org-settings/by-category/general".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/org-settings/general.currency".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/settings/email/compliance".into(), None, [401, 200, 200, 200, 200, 200]),
        ("PUT", "/api/v1/settings/email/compliance".into(), Some(json!({})), [401, 403, 403, 200, 200, 200]),
        ("PUT", "/api/v1/settings/email/deliverability".into(), Some(json!({})), [401, 403, 403, 200, 200, 200]),
        ("GET", "/api/v1/settings/email/footer".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/settings/email/tracking".into(), None, [401, 200, 200, 200, 200, 200]),
        (
            "PUT",
            "/api/v1/settings/email/tracking".into(),
            Some(json!({"openTracking": false, "clickTracking": false})),
            [401, 403, 403, 200, 200, 200],
        ),
        // No server configured: the answer says so (`delivered: false`).
        (
            "POST",
            "/api/v1/settings/email/smtp/test".into(),
            Some(json!({"to": nobody})),
            [401, 403, 403, 200, 200, 200],
        ),
        (
            "PUT",
            "/api/v1/setup-hub/tasks/opening_hours".into(),
            Some(json!({"status": "completed"})),
            [401, 403, 403, 200, 200, 200],
        ),
        // The instance owner's backups.
        ("GET", format!("/api/v1/super-admin/backups/{any}/archive"), None, [401, 403, 403, 403, 404, 403]),
        ("POST", format!("/api/v1/super-admin/backups/{any}/archive-link"), None, [401, 403, 403, 403, 404, 403]),
    ]
}

/// Ids of the owner's tenant for the scheduling rows; `user` is on the main schedule.
struct Sched {
    org: String,
    job: String,
    job_bulk: String,
    job_delete: String,
    location_delete: String,
    segment: String,
    segment_delete: String,
    group: String,
    group_delete: String,
    schedule: String,
    hidden: String,
    schedule_delete: String,
    shift: String,
    shift_delete: String,
    open: String,
    approval: String,
    claim_decline: String,
    claim_approve: String,
    template: String,
    unavailability: String,
}

async fn scheduling_fixture(app: &TestApp, owner: &crate::support::Session, user: &crate::support::Session) -> Sched {
    let post = |path: &str, body: Value| {
        let path = path.to_string();
        async move {
            let r = call(app, "POST", &path, Some(&owner.access), Some(body)).await;
            let data = data_of(r).await;
            data["id"]
                .as_str()
                .map(String::from)
                .unwrap_or_else(|| data["claim"]["id"].as_str().unwrap_or("").to_string())
        }
    };
    let org =
        data_of(call(app, "GET", "/api/v1/organizations", Some(&owner.access), None).await).await["items"][0]["id"]
            .as_str()
            .unwrap()
            .to_string();
    let job = post("/api/v1/job-list", json!({"name": "Cut"})).await;
    let job_bulk = post("/api/v1/job-list", json!({"name": "Bulk"})).await;
    let job_delete = post("/api/v1/job-list", json!({"name": "Spare"})).await;
    let location_delete = post(&format!("/api/v1/organizations/{org}/locations"), json!({"name": "Pop-up"})).await;
    let segment = post("/api/v1/smart-groups/segments", json!({"name": "Teams"})).await;
    let segment_delete = post("/api/v1/smart-groups/segments", json!({"name": "Empty"})).await;
    let rules = json!([{"field": "role", "operator": "is", "value": "user"}]);
    let group = post("/api/v1/smart-groups", json!({"segmentId": segment, "name": "Users", "rules": rules})).await;
    let group_delete = post("/api/v1/smart-groups", json!({"segmentId": segment, "name": "Old"})).await;
    let schedule = post("/api/v1/schedules", json!({"name": "Main", "assigneeUserIds": [user.user_id]})).await;
    let hidden = post("/api/v1/schedules", json!({"name": "Hidden"})).await;
    let schedule_delete = post("/api/v1/schedules", json!({"name": "Gone"})).await;
    let approval = post(
        "/api/v1/schedules",
        json!({"name": "Approval", "assigneeUserIds": [user.user_id], "claimNeedsApproval": true}),
    )
    .await;
    let shifts = format!("/api/v1/schedules/{schedule}/shifts");
    let at = |date: &str| json!({"assignedUserId": user.user_id, "shiftDate": date, "startTime": "09:00", "endTime": "12:00"});
    let shift = post(&shifts, at("2026-02-16")).await;
    let shift_delete = post(&shifts, at("2026-02-17")).await;
    let open = post(
        &shifts,
        json!({"shiftDate": "2026-02-20", "startTime": "13:00", "endTime": "17:00", "status": "published"}),
    )
    .await;
    let approval_shifts = format!("/api/v1/schedules/{approval}/shifts");
    let asked =
        |date: &str| json!({"shiftDate": date, "startTime": "18:00", "endTime": "20:00", "status": "published"});
    let first = post(&approval_shifts, asked("2026-02-23")).await;
    let second = post(&approval_shifts, asked("2026-02-24")).await;
    let claim = |shift: String| {
        let path = format!("/api/v1/schedules/{approval}/shifts/{shift}/claim");
        async move {
            data_of(call(app, "POST", &path, Some(&user.access), None).await).await["claim"]["id"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let claim_decline = claim(first).await;
    let claim_approve = claim(second).await;
    let template =
        post(&format!("/api/v1/schedules/{schedule}/templates"), json!({"name": "Week", "weekStart": "2026-02-16"}))
            .await;
    let unavailability = data_of(
        call(
            app,
            "POST",
            &format!("/api/v1/schedules/{schedule}/unavailabilities"),
            Some(&owner.access),
            Some(json!({"unavailabilityDate": "2026-02-18", "allDay": true})),
        )
        .await,
    )
    .await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    Sched {
        org,
        job,
        job_bulk,
        job_delete,
        location_delete,
        segment,
        segment_delete,
        group,
        group_delete,
        schedule,
        hidden,
        schedule_delete,
        shift,
        shift_delete,
        open,
        approval,
        claim_decline,
        claim_approve,
        template,
        unavailability,
    }
}

/// Scheduling: reading needs `schedules.read` (everyone), planning `schedules.write` (manager
/// and up), locations `tenant.manage`; a member outside a schedule gets 403.
fn scheduling_rows(s: &Sched, user: &crate::support::Session) -> Vec<Row> {
    let (org, sch) = (&s.org, &s.schedule);
    let week = "from=2026-02-16&to=2026-02-22";
    vec![
        ("GET", "/api/v1/job-list".into(), None, [401, 200, 200, 200, 200, 200]),
        ("POST", "/api/v1/job-list".into(), Some(json!({"name": "Colour"})), [401, 403, 201, 409, 409, 201]),
        ("GET", format!("/api/v1/job-list/{}", s.job), None, [401, 200, 200, 200, 200, 404]),
        ("PATCH", format!("/api/v1/job-list/{}", s.job), Some(json!({"code": "C"})), [401, 403, 200, 200, 200, 404]),
        ("POST", "/api/v1/job-list/bulk".into(), Some(json!({"ids": [s.job_bulk]})), [401, 403, 200, 404, 404, 404]),
        ("DELETE", format!("/api/v1/job-list/{}", s.job_delete), None, [401, 403, 200, 404, 404, 404]),
        ("GET", format!("/api/v1/organizations/{org}/members"), None, [401, 200, 200, 200, 200, 404]),
        ("GET", format!("/api/v1/organizations/{org}/members/{}", user.user_id), None, [401, 200, 200, 200, 200, 404]),
        (
            "PATCH",
            format!("/api/v1/organizations/{org}/members/{}", user.user_id),
            Some(json!({"minRestHours": 10})),
            [401, 403, 200, 200, 200, 404],
        ),
        (
            "POST",
            format!("/api/v1/organizations/{org}/locations"),
            Some(json!({"name": "Second"})),
            [401, 403, 403, 201, 201, 404],
        ),
        (
            "DELETE",
            format!("/api/v1/organizations/{org}/locations/{}", s.location_delete),
            None,
            [401, 403, 403, 200, 404, 404],
        ),
        ("GET", "/api/v1/smart-groups".into(), None, [401, 200, 200, 200, 200, 200]),
        (
            "POST",
            "/api/v1/smart-groups".into(),
            Some(json!({"segmentId": s.segment, "name": "Evenings"})),
            [401, 403, 201, 409, 409, 404],
        ),
        ("POST", "/api/v1/smart-groups/preview".into(), Some(json!({"rules": []})), [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/smart-groups/segments".into(), None, [401, 200, 200, 200, 200, 200]),
        (
            "POST",
            "/api/v1/smart-groups/segments".into(),
            Some(json!({"name": "Shifts"})),
            [401, 403, 201, 409, 409, 201],
        ),
        ("GET", format!("/api/v1/smart-groups/segments/{}", s.segment), None, [401, 200, 200, 200, 200, 404]),
        (
            "PATCH",
            format!("/api/v1/smart-groups/segments/{}", s.segment),
            Some(json!({"description": "By team"})),
            [401, 403, 200, 200, 200, 404],
        ),
        ("DELETE", format!("/api/v1/smart-groups/segments/{}", s.segment_delete), None, [401, 403, 200, 404, 404, 404]),
        ("GET", format!("/api/v1/smart-groups/{}", s.group), None, [401, 200, 200, 200, 200, 404]),
        (
            "PATCH",
            format!("/api/v1/smart-groups/{}", s.group),
            Some(json!({"logic": "or"})),
            [401, 403, 200, 200, 200, 404],
        ),
        ("DELETE", format!("/api/v1/smart-groups/{}", s.group_delete), None, [401, 403, 200, 404, 404, 404]),
        ("GET", "/api/v1/schedules".into(), None, [401, 200, 200, 200, 200, 200]),
        // The other tenant has no location for a schedule to belong to.
        ("POST", "/api/v1/schedules".into(), Some(json!({"name": "New"})), [401, 403, 201, 201, 201, 404]),
        ("GET", format!("/api/v1/schedules/{sch}"), None, [401, 200, 200, 200, 200, 404]),
        ("GET", format!("/api/v1/schedules/{}", s.hidden), None, [401, 403, 200, 200, 200, 404]),
        // Calendar feeds: one's own for anyone, a schedule's for planners; the feed itself is public
        // and answers only its secret.
        ("GET", format!("/api/v1/schedules/{sch}/calendar"), None, [401, 403, 200, 200, 200, 404]),
        ("POST", format!("/api/v1/schedules/{sch}/calendar/regenerate"), None, [401, 403, 200, 200, 200, 404]),
        ("GET", "/api/v1/me/calendar".into(), None, [401, 200, 200, 200, 200, 200]),
        ("POST", "/api/v1/me/calendar/regenerate".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", format!("/api/v1/calendar/{}.ics", "0".repeat(64)), None, [404, 404, 404, 404, 404, 404]),
        ("GET", format!("/api/v1/schedules/{}/shifts?{week}", s.hidden), None, [401, 403, 200, 200, 200, 404]),
        ("PATCH", format!("/api/v1/schedules/{sch}"), Some(json!({"name": "Main"})), [401, 403, 200, 200, 200, 404]),
        ("DELETE", format!("/api/v1/schedules/{}", s.schedule_delete), None, [401, 403, 200, 404, 404, 404]),
        ("GET", format!("/api/v1/schedules/{sch}/shifts?{week}"), None, [401, 200, 200, 200, 200, 404]),
        (
            "POST",
            format!("/api/v1/schedules/{sch}/shifts"),
            Some(json!({"shiftDate": "2026-03-02", "startTime": "09:00", "endTime": "12:00"})),
            [401, 403, 201, 201, 201, 404],
        ),
        // A draft is the planners' until it is published.
        ("GET", format!("/api/v1/schedules/{sch}/shifts/{}", s.shift), None, [401, 404, 200, 200, 200, 404]),
        (
            "PATCH",
            format!("/api/v1/schedules/{sch}/shifts/{}", s.shift),
            Some(json!({"title": "Cut"})),
            [401, 403, 200, 200, 200, 404],
        ),
        ("DELETE", format!("/api/v1/schedules/{sch}/shifts/{}", s.shift_delete), None, [401, 403, 200, 404, 404, 404]),
        // The member on the schedule takes the one place; the others are not on it, or too late.
        ("POST", format!("/api/v1/schedules/{sch}/shifts/{}/claim", s.open), None, [401, 200, 409, 409, 409, 404]),
        ("GET", format!("/api/v1/schedules/{}/claims", s.approval), None, [401, 403, 200, 200, 200, 404]),
        (
            "POST",
            format!("/api/v1/schedules/{}/claims/{}/decline", s.approval, s.claim_decline),
            None,
            [401, 403, 200, 409, 409, 404],
        ),
        (
            "POST",
            format!("/api/v1/schedules/{}/claims/{}/approve", s.approval, s.claim_approve),
            None,
            [401, 403, 200, 409, 409, 404],
        ),
        (
            "POST",
            format!("/api/v1/schedules/{sch}/publish"),
            Some(json!({"from": "2026-02-16", "to": "2026-02-22"})),
            [401, 403, 200, 200, 200, 404],
        ),
        (
            "POST",
            format!("/api/v1/schedules/{sch}/copy-week"),
            Some(json!({"fromWeekStart": "2026-02-16", "toWeekStart": "2026-03-09"})),
            [401, 403, 201, 409, 409, 404],
        ),
        ("GET", format!("/api/v1/schedules/{sch}/templates"), None, [401, 403, 200, 200, 200, 404]),
        (
            "POST",
            format!("/api/v1/schedules/{sch}/templates"),
            Some(json!({"name": "Busy week", "weekStart": "2026-02-16"})),
            [401, 403, 201, 201, 201, 404],
        ),
        (
            "POST",
            format!("/api/v1/schedules/{sch}/templates/{}/apply", s.template),
            Some(json!({"weekStart": "2026-03-16"})),
            [401, 403, 201, 409, 409, 404],
        ),
        ("DELETE", format!("/api/v1/schedules/{sch}/templates/{}", s.template), None, [401, 403, 200, 404, 404, 404]),
        ("GET", format!("/api/v1/schedules/{sch}/unavailabilities?{week}"), None, [401, 200, 200, 200, 200, 404]),
        (
            "POST",
            format!("/api/v1/schedules/{sch}/unavailabilities"),
            Some(json!({"unavailabilityDate": "2026-03-03", "allDay": true})),
            [401, 201, 201, 201, 201, 404],
        ),
        // Only its person deletes an entry (the owner's here).
        (
            "DELETE",
            format!("/api/v1/schedules/{sch}/unavailabilities/{}", s.unavailability),
            None,
            [401, 403, 403, 403, 200, 404],
        ),
        ("GET", format!("/api/v1/me/shifts?{week}"), None, [401, 200, 200, 200, 200, 200]),
        (
            "DELETE",
            format!("/api/v1/organizations/{org}/members/{}", user.user_id),
            None,
            [401, 403, 200, 200, 200, 404],
        ),
    ]
}

/// Chat (DESIGN §14): a channel of the owner's tenant is 404 for the other tenant's admin and
/// 403 for someone of the tenant who is not in it.
async fn chat_rows(app: &TestApp, people: [&crate::support::Session; 4], group: &str) -> Vec<Row> {
    let [owner, admin, manager, user] = people;
    let ok = |method: &'static str, path: String, who: &crate::support::Session, body: Option<Value>| {
        let token = who.access.clone();
        async move { data_of(call(app, method, &path, Some(&token), body).await).await }
    };
    let rooms = ok("GET", "/api/v1/chat/rooms".into(), owner, None).await;
    let room = |kind: &str| {
        rooms["items"].as_array().unwrap().iter().find(|r| r["kind"] == kind).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (general, admins) = (room("general"), room("admins"));
    let make_group = |members: Vec<&String>| {
        let body = json!({"name": "Team", "memberIds": members});
        async move {
            ok("POST", "/api/v1/chat/channels/group".into(), owner, Some(body)).await["id"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let pair = make_group(vec![&manager.user_id]).await;
    let trio = make_group(vec![&manager.user_id, &admin.user_id]).await;
    let everyone = make_group(vec![&manager.user_id, &admin.user_id, &user.user_id]).await;
    let messages = format!("/api/v1/chat/channels/{general}/messages");
    let send = |who: &crate::support::Session, body: Value| {
        let path = messages.clone();
        let who = who.clone();
        async move { ok("POST", path, &who, Some(body)).await["id"].as_str().unwrap().to_string() }
    };
    let by_owner = send(owner, json!({"content": "owner's"})).await;
    let by_admin = send(admin, json!({"content": "admin's"})).await;
    let notice = send(owner, json!({"content": "read this", "requiresAck": true})).await;
    let thumbs = "%F0%9F%91%8D";
    let presign = |content_type: &'static str| {
        let body = json!({"key": "menu.txt", "contentType": content_type});
        async move { ok("POST", "/api/v1/files/presign".into(), owner, Some(body)).await }
    };
    let upload = |signed: Value| async move {
        let url = signed["uploadUrl"].as_str().unwrap().to_string();
        let put = app.client.put(app.url(&url)).header("content-type", "text/plain").body("menu");
        data_of(put.send().await.unwrap()).await["id"].as_str().unwrap().to_string()
    };
    let shared = upload(presign("text/plain").await).await;
    send(owner, json!({"content": "the menu", "attachments": [shared]})).await;
    let private = upload(presign("text/plain").await).await;
    let pending = presign("application/json").await;
    let raw = ok("GET", format!("/api/v1/files/{shared}/link"), owner, None).await["url"].as_str().unwrap().to_string();
    let photo =
        ok("POST", "/api/v1/files/presign".into(), owner, Some(json!({"key": "a.png", "contentType": "image/png"})))
            .await["uploadUrl"]
            .as_str()
            .unwrap()
            .to_string();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let photo =
        data_of(app.client.put(app.url(&photo)).header("content-type", "image/png").body(png).send().await.unwrap())
            .await["id"]
            .as_str()
            .unwrap()
            .to_string();
    send(owner, json!({"content": "the shop", "attachments": [photo]})).await;
    let thumbnail = ok("GET", format!("/api/v1/files/{photo}/link"), owner, None).await["thumbnailUrl"]
        .as_str()
        .unwrap()
        .to_string();
    let files = vec![
        (
            "POST",
            "/api/v1/files/presign".to_string(),
            Some(json!({"key": "a.png", "contentType": "image/png"})),
            [401, 201, 201, 201, 201, 201],
        ),
        // Signed: the URL is the credential, the first caller uploads, the rest find it done.
        (
            "PUT",
            pending["uploadUrl"].as_str().unwrap().to_string(),
            Some(json!({"menu": 1})),
            [200, 409, 409, 409, 409, 409],
        ),
        ("GET", format!("/api/v1/files/{shared}"), None, [401, 200, 200, 200, 200, 404]),
        ("GET", format!("/api/v1/files/{shared}/content"), None, [401, 200, 200, 200, 200, 404]),
        ("GET", format!("/api/v1/files/{shared}/link"), None, [401, 200, 200, 200, 200, 404]),
        ("GET", raw, None, [200, 200, 200, 200, 200, 200]),
        ("GET", thumbnail, None, [200, 200, 200, 200, 200, 200]),
        ("GET", format!("/api/v1/files/{private}"), None, [401, 403, 403, 403, 200, 404]),
        ("DELETE", format!("/api/v1/files/{private}"), None, [401, 403, 403, 200, 404, 404]),
    ];
    let mut rows: Vec<Row> = files;
    rows.extend(vec![
        ("GET", "/api/v1/chat/rooms".into(), None, [401, 200, 200, 200, 200, 200]),
        (
            "POST",
            "/api/v1/chat/rooms/sync".into(),
            Some(json!({"smartGroups": [{"smartGroupId": group}]})),
            [401, 403, 200, 200, 200, 404],
        ),
        ("GET", "/api/v1/chat/channels".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", format!("/api/v1/chat/channels/{general}"), None, [401, 200, 200, 200, 200, 404]),
        ("GET", format!("/api/v1/chat/channels/{admins}"), None, [401, 403, 403, 200, 200, 404]),
        (
            "PATCH",
            format!("/api/v1/chat/channels/{pair}"),
            Some(json!({"name": "Two"})),
            [401, 403, 200, 403, 200, 404],
        ),
        (
            "POST",
            "/api/v1/chat/channels/direct".into(),
            Some(json!({"userId": owner.user_id})),
            [401, 201, 201, 201, 400, 404],
        ),
        (
            "POST",
            "/api/v1/chat/channels/group".into(),
            Some(json!({"name": "Mine", "memberIds": [owner.user_id]})),
            [401, 201, 201, 201, 400, 404],
        ),
        (
            "POST",
            format!("/api/v1/chat/channels/{pair}/members"),
            Some(json!({"userIds": [manager.user_id]})),
            [401, 403, 200, 403, 200, 404],
        ),
        (
            "DELETE",
            format!("/api/v1/chat/channels/{trio}/members/{}", admin.user_id),
            None,
            [401, 403, 200, 403, 409, 404],
        ),
        ("POST", format!("/api/v1/chat/channels/{everyone}/leave"), None, [401, 200, 200, 200, 200, 404]),
        ("GET", "/api/v1/chat/users".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/chat/unread-count".into(), None, [401, 200, 200, 200, 200, 200]),
        ("POST", format!("/api/v1/chat/channels/{general}/read"), None, [401, 200, 200, 200, 200, 404]),
        ("GET", messages.clone(), None, [401, 200, 200, 200, 200, 404]),
        ("GET", format!("/api/v1/chat/channels/{admins}/messages"), None, [401, 403, 403, 200, 200, 404]),
        ("POST", messages.clone(), Some(json!({"content": "hi"})), [401, 201, 201, 201, 201, 404]),
        ("PATCH", format!("{messages}/{by_owner}"), Some(json!({"content": "edited"})), [401, 403, 403, 403, 200, 404]),
        ("PUT", format!("{messages}/{by_owner}/reactions/{thumbs}"), None, [401, 200, 200, 200, 200, 404]),
        ("DELETE", format!("{messages}/{by_owner}/reactions/{thumbs}"), None, [401, 200, 200, 200, 200, 404]),
        ("POST", format!("{messages}/{notice}/ack"), None, [401, 200, 200, 200, 200, 404]),
        ("GET", format!("{messages}/{notice}/acks"), None, [401, 403, 200, 200, 200, 404]),
        ("DELETE", format!("{messages}/{by_admin}"), None, [401, 403, 200, 200, 200, 404]),
    ]);
    rows
}
