//! Calendar feeds (issue 13): the `.ics` parses with an existing iCalendar parser (the `ical`
//! crate), its times equal the shifts' `startsAt`/`endsAt`, UIDs are stable, `SEQUENCE` follows
//! a shift's `version`, deleted shifts come as `CANCELLED`; the URL is a secret that a
//! regeneration revokes at once.

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::support::{Session, TestApp, call, data_of};

/// The events of a feed as (UID → property name → value, with `;VALUE=DATE` kept in the name).
fn events(text: &str) -> std::collections::HashMap<String, std::collections::HashMap<String, String>> {
    let parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendars: Vec<_> = parser.collect::<Result<_, _>>().expect("the feed parses");
    assert_eq!(calendars.len(), 1);
    calendars[0]
        .events
        .iter()
        .map(|e| {
            let props: std::collections::HashMap<String, String> = e
                .properties
                .iter()
                .map(|p| {
                    let dated = p.params.iter().flatten().any(|(k, v)| k == "VALUE" && v.iter().any(|v| v == "DATE"));
                    let name = if dated { format!("{};DATE", p.name) } else { p.name.clone() };
                    (name, p.value.clone().unwrap_or_default())
                })
                .collect();
            (props["UID"].clone(), props)
        })
        .collect()
}

fn ics_time(rfc3339: &Value) -> String {
    rfc3339.as_str().unwrap().replace(['-', ':'], "")
}

async fn fetch(app: &TestApp, url: &str) -> reqwest::Response {
    let path = &url[url.find("/api/v1/calendar/").unwrap()..];
    app.client.get(app.url(path)).send().await.unwrap()
}

async fn post(app: &TestApp, who: &Session, path: &str, body: Value) -> Value {
    let response = call(app, "POST", path, Some(&who.access), Some(body.clone())).await;
    assert!(response.status().is_success(), "{path} {body}: {}", response.status());
    data_of(response).await
}

#[tokio::test]
async fn a_persons_feed_has_their_shifts_open_shifts_and_time_off_and_its_url_can_be_replaced() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let user = app.add_user(&owner.tenant_id, Role::User, "kim@salon.example").await;
    let schedule =
        post(&app, &owner, "/api/v1/schedules", json!({"name": "Salon floor", "assigneeUserIds": [user.user_id]}))
            .await;
    let sid = schedule["id"].as_str().unwrap().to_string();
    let shifts = format!("/api/v1/schedules/{sid}/shifts");
    let mine = post(
        &app,
        &owner,
        &shifts,
        json!({"assignedUserId": user.user_id, "shiftDate": "2026-02-11", "startTime": "09:00", "endTime": "17:00",
            "title": "Front desk, colour; cuts", "status": "published"}),
    )
    .await;
    let gone = post(
        &app,
        &owner,
        &shifts,
        json!({"assignedUserId": user.user_id, "shiftDate": "2026-02-13", "startTime": "22:00", "endTime": "06:00",
            "status": "published"}),
    )
    .await;
    let draft = post(
        &app,
        &owner,
        &shifts,
        json!({"assignedUserId": user.user_id, "shiftDate": "2026-02-14", "startTime": "09:00", "endTime": "12:00"}),
    )
    .await;
    let open = post(
        &app,
        &owner,
        &shifts,
        json!({"shiftDate": "2026-02-12", "startTime": "10:00", "endTime": "14:00", "status": "published"}),
    )
    .await;
    let path = format!("{shifts}/{}", gone["id"].as_str().unwrap());
    assert_eq!(call(&app, "DELETE", &path, Some(&owner.access), None).await.status(), 200);
    let off = post(
        &app,
        &user,
        "/api/v1/time-off",
        json!({"kind": "vacation", "startDate": "2026-03-02", "endDate": "2026-03-03"}),
    )
    .await;
    post(&app, &owner, &format!("/api/v1/time-off/{}/approve", off["id"].as_str().unwrap()), json!({})).await;

    let feed = data_of(call(&app, "GET", "/api/v1/me/calendar", Some(&user.access), None).await).await;
    let url = feed["url"].as_str().unwrap().to_string();
    assert!(feed["webcalUrl"].as_str().unwrap().starts_with("webcal://"));
    assert!(feed["qrSvg"].as_str().unwrap().starts_with("<?xml") || feed["qrSvg"].as_str().unwrap().contains("<svg"));
    let again = data_of(call(&app, "GET", "/api/v1/me/calendar", Some(&user.access), None).await).await;
    assert_eq!(again["url"], url.as_str(), "the same URL until it is replaced");

    let response = fetch(&app, &url).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/calendar; charset=utf-8");
    let text = response.text().await.unwrap();
    let found = events(&text);
    let shift = &found[&format!("shift-{}@staffroom", mine["id"].as_str().unwrap())];
    assert_eq!(shift["DTSTART"], ics_time(&mine["startsAt"]), "{text}");
    assert_eq!(shift["DTEND"], ics_time(&mine["endsAt"]));
    assert_eq!(shift["DTSTART"], "20260211T080000Z", "09:00 in Amsterdam, as UTC");
    assert_eq!(shift["SEQUENCE"], mine["version"].to_string());
    assert_eq!(shift["STATUS"], "CONFIRMED");
    assert!(shift["SUMMARY"].starts_with("Front desk\\, colour\\; cuts"), "escaped in the text: {}", shift["SUMMARY"]);
    let deleted = &found[&format!("shift-{}@staffroom", gone["id"].as_str().unwrap())];
    assert_eq!(deleted["STATUS"], "CANCELLED", "a deleted shift leaves the calendar");
    assert!(!found.contains_key(&format!("shift-{}@staffroom", draft["id"].as_str().unwrap())), "drafts are not sent");
    let claimable = &found[&format!("open-{}@staffroom", open["id"].as_str().unwrap())];
    assert_eq!((claimable["STATUS"].as_str(), claimable["DTSTART"].as_str()), ("TENTATIVE", "20260212T090000Z"));
    let days = &found[&format!("timeoff-{}@staffroom", off["id"].as_str().unwrap())];
    assert_eq!((days["DTSTART;DATE"].as_str(), days["DTEND;DATE"].as_str()), ("20260302", "20260304"));

    // A published change raises the SEQUENCE; the UID stays.
    let path = format!("{shifts}/{}", mine["id"].as_str().unwrap());
    let changed = json!({"startTime": "10:00", "version": mine["version"], "status": "published"});
    let changed = data_of(call(&app, "PATCH", &path, Some(&owner.access), Some(changed)).await).await;
    let found = events(&fetch(&app, &url).await.text().await.unwrap());
    let shift = &found[&format!("shift-{}@staffroom", mine["id"].as_str().unwrap())];
    assert_eq!(shift["SEQUENCE"], changed["version"].to_string());
    assert_eq!(shift["DTSTART"], ics_time(&changed["startsAt"]));
    assert!(changed["version"].as_i64() > mine["version"].as_i64());

    // Regenerating: the old URL is gone at once; a forged or truncated one never worked.
    let fresh = data_of(call(&app, "POST", "/api/v1/me/calendar/regenerate", Some(&user.access), None).await).await;
    let fresh = fresh["url"].as_str().unwrap().to_string();
    assert_ne!(fresh, url);
    assert_eq!(fetch(&app, &url).await.status(), 404);
    assert_eq!(fetch(&app, &fresh).await.status(), 200);
    let mut forged = fresh.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == '0' { '1' } else { '0' });
    assert_eq!(fetch(&app, &forged.replace(".ics", "")).await.status(), 404);
    assert_eq!(fetch(&app, "/api/v1/calendar/nothing.ics").await.status(), 404);
    assert_eq!(call(&app, "GET", "/api/v1/me/calendar", None, None).await.status(), 401);

    // A deactivated person's feed goes quiet.
    let path = format!("/api/v1/users/{}", user.user_id);
    assert!(call(&app, "DELETE", &path, Some(&owner.access), None).await.status().is_success());
    assert_eq!(fetch(&app, &fresh).await.status(), 404);
}

#[tokio::test]
async fn a_planners_feed_shows_the_schedule_with_names_and_is_theirs_alone() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let user = app.add_user(&owner.tenant_id, Role::User, "kim@salon.example").await;
    let path = format!("/api/v1/users/{}", user.user_id);
    let named = json!({"firstName": "Kim", "lastName": "Jansen"});
    assert_eq!(call(&app, "PUT", &path, Some(&owner.access), Some(named)).await.status(), 200);
    let schedule =
        post(&app, &owner, "/api/v1/schedules", json!({"name": "Salon floor", "assigneeUserIds": [user.user_id]}))
            .await;
    let sid = schedule["id"].as_str().unwrap().to_string();
    let shift = post(
        &app,
        &owner,
        &format!("/api/v1/schedules/{sid}/shifts"),
        json!({"assignedUserId": user.user_id, "shiftDate": "2026-02-11", "startTime": "09:00", "endTime": "17:00",
            "status": "published"}),
    )
    .await;
    let feed =
        data_of(call(&app, "GET", &format!("/api/v1/schedules/{sid}/calendar"), Some(&owner.access), None).await).await;
    let text = fetch(&app, feed["url"].as_str().unwrap()).await.text().await.unwrap();
    let found = events(&text);
    let event = &found[&format!("shift-{}@staffroom", shift["id"].as_str().unwrap())];
    assert!(event["SUMMARY"].starts_with("Kim Jansen"), "{}", event["SUMMARY"]);
    assert_eq!(event["DTSTART"], ics_time(&shift["startsAt"]));

    assert_eq!(
        call(&app, "GET", &format!("/api/v1/schedules/{sid}/calendar"), Some(&user.access), None).await.status(),
        403
    );
    let other = app.add_tenant("other").await;
    let stranger = app.add_user(&other, Role::TenantAdmin, "boss@other.example").await;
    let theirs = call(&app, "GET", &format!("/api/v1/schedules/{sid}/calendar"), Some(&stranger.access), None).await;
    assert_eq!(theirs.status(), 404);
    let regenerate = format!("/api/v1/schedules/{sid}/calendar/regenerate");
    let fresh = data_of(call(&app, "POST", &regenerate, Some(&owner.access), None).await).await;
    assert_eq!(fetch(&app, feed["url"].as_str().unwrap()).await.status(), 404);
    assert_eq!(fetch(&app, fresh["url"].as_str().unwrap()).await.status(), 200);
    // A planner's schedule feed stops when they no longer plan.
    let manager = app.add_user(&owner.tenant_id, Role::Manager, "mo@salon.example").await;
    let theirs =
        data_of(call(&app, "GET", &format!("/api/v1/schedules/{sid}/calendar"), Some(&manager.access), None).await)
            .await;
    assert_eq!(fetch(&app, theirs["url"].as_str().unwrap()).await.status(), 200);
    let path = format!("/api/v1/users/{}", manager.user_id);
    assert_eq!(call(&app, "PUT", &path, Some(&owner.access), Some(json!({"role": "user"}))).await.status(), 200);
    assert_eq!(fetch(&app, theirs["url"].as_str().unwrap()).await.status(), 404);
    // The person's own feed is another URL, untouched by the planner's.
    let own = data_of(call(&app, "GET", "/api/v1/me/calendar", Some(&owner.access), None).await).await;
    assert_ne!(own["url"], fresh["url"]);
}
