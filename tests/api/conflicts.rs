//! The conflict engine (DESIGN §12): every code but `time_off`, midnight and both clock changes,
//! strict mode, the cap, and what a member may see of conflicts.

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::scheduling::Salon;

fn codes(shift: &Value) -> Vec<String> {
    let mut codes: Vec<String> =
        shift["conflicts"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap().to_string()).collect();
    codes.sort();
    codes
}

fn at(who: &str, date: &str, start: &str, end: &str) -> Value {
    json!({"assignedUserId": who, "shiftDate": date, "startTime": start, "endTime": end})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_conflict_code_is_found_and_only_warns_unless_strict() {
    let s = Salon::open().await;
    let schedule = s.schedule().await;
    let ann = s.ann.user_id.clone();
    // overlap, across midnight: Sunday night into Monday morning.
    let (_, night) = s.shift(&schedule, at(&ann, "2026-02-15", "22:00", "06:00")).await;
    assert_eq!(
        (night["endsAt"].as_str(), night["durationMinutes"].as_i64()),
        (Some("2026-02-16T05:00:00Z"), Some(480))
    );
    let (status, morning) = s.shift(&schedule, at(&ann, "2026-02-16", "05:00", "09:00")).await;
    assert_eq!(status, 201);
    let overlap = morning["conflicts"].as_array().unwrap().iter().find(|c| c["code"] == "overlap").unwrap().clone();
    assert_eq!(overlap["relatedId"], night["id"], "{morning}");
    // overlap with a shift of another schedule counts too.
    let other =
        s.ok(&s.manager, "POST", "/api/v1/schedules", Some(json!({"name": "Other", "assigneeUserIds": [ann]}))).await;
    let (_, elsewhere) = s.shift(other["id"].as_str().unwrap(), at(&ann, "2026-02-16", "08:00", "10:00")).await;
    assert!(codes(&elsewhere).contains(&"overlap".to_string()));
    // strict refuses, with the conflicts; nothing is written.
    let (status, refused) = s
        .send(
            &s.manager,
            "POST",
            &format!("/api/v1/schedules/{schedule}/shifts?strict=true"),
            Some(at(&ann, "2026-02-16", "07:00", "08:00")),
        )
        .await;
    assert_eq!(status, 409, "{refused}");
    assert!(!refused["error"]["conflicts"].as_array().unwrap().is_empty());
    let week = s
        .ok(&s.manager, "GET", &format!("/api/v1/schedules/{schedule}/shifts?from=2026-02-15&to=2026-02-16"), None)
        .await;
    assert_eq!(week["total"], 2);
    // min_rest: 23:00 end, 07:00 start (8 h < the default 11 h).
    let bob = s.bob.user_id.clone();
    s.shift(&schedule, at(&bob, "2026-02-17", "15:00", "23:00")).await;
    let (_, early) = s.shift(&schedule, at(&bob, "2026-02-18", "07:00", "10:00")).await;
    assert_eq!(codes(&early), vec!["min_rest"]);
    // The member's own minimum applies before the workplace's.
    s.ok(&s.manager, "PATCH", &s.member_path(&s.bob), Some(json!({"minRestHours": 6}))).await;
    s.shift(&schedule, at(&bob, "2026-02-18", "17:00", "23:00")).await;
    let (_, fine) = s.shift(&schedule, at(&bob, "2026-02-19", "07:00", "10:00")).await;
    assert_eq!(codes(&fine), Vec::<String>::new(), "{fine}");
    // max_hours: 10 h a week, two 6 h shifts (the week counts every schedule).
    s.ok(&s.manager, "PATCH", &s.member_path(&s.bob), Some(json!({"maxHoursPerWeek": 10, "minRestHours": 0}))).await;
    let (_, over) = s.shift(&schedule, at(&bob, "2026-02-20", "09:00", "15:00")).await;
    assert!(codes(&over).contains(&"max_hours".to_string()), "{over}");
    // unavailable.
    s.ok(
        &s.ann,
        "POST",
        &format!("/api/v1/schedules/{schedule}/unavailabilities"),
        Some(json!({"unavailabilityDate": "2026-02-24", "startTime": "12:00", "endTime": "18:00"})),
    )
    .await;
    let (_, busy) = s.shift(&schedule, at(&ann, "2026-02-24", "16:00", "20:00")).await;
    assert_eq!(codes(&busy), vec!["unavailable"]);
    // closed, outside_hours.
    s.ok(
        &s.owner,
        "PATCH",
        &format!("/api/v1/organizations/{}/locations/{}", s.org, s.location),
        Some(json!({"closures": [{"from": "2026-02-25", "to": "2026-02-25", "note": "Inventory"}],
            "openingHours": [{"dayOfWeek": 4, "openTime": "09:00", "closeTime": "17:00"}]})),
    )
    .await;
    let (_, shut) =
        s.shift(&schedule, json!({"shiftDate": "2026-02-25", "startTime": "09:00", "endTime": "12:00"})).await;
    assert_eq!(codes(&shut), vec!["closed"]);
    let (_, late) =
        s.shift(&schedule, json!({"shiftDate": "2026-02-26", "startTime": "15:00", "endTime": "19:00"})).await;
    assert_eq!(codes(&late), vec!["outside_hours"]);
    // not_qualified.
    let colour = s.job("Colour").await;
    let desk = s.job("Desk").await;
    s.ok(&s.manager, "PATCH", &s.member_path(&s.ann), Some(json!({"jobIds": [colour]}))).await;
    let mut unskilled = at(&ann, "2026-03-02", "09:00", "12:00");
    unskilled["jobId"] = json!(desk);
    let (_, unskilled) = s.shift(&schedule, unskilled).await;
    assert_eq!(codes(&unskilled), vec!["not_qualified"]);
    // not_assignee: allowed, with the conflict.
    let carol = s.app.add_user(&s.owner.tenant_id, Role::User, "carol@salon.example").await;
    let (status, stranger) = s.shift(&schedule, at(&carol.user_id, "2026-03-03", "09:00", "12:00")).await;
    assert_eq!(status, 201);
    assert_eq!(codes(&stranger), vec!["not_assignee"]);
    // inactive: off the rota.
    s.ok(&s.manager, "PATCH", &s.member_path(&s.ann), Some(json!({"onRota": false, "jobIds": []}))).await;
    let (_, off) = s.shift(&schedule, at(&ann, "2026-03-04", "09:00", "12:00")).await;
    assert_eq!(codes(&off), vec!["inactive"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nights_across_both_clock_changes_last_real_time() {
    let s = Salon::open().await;
    let schedule = s.schedule().await;
    let ann = s.ann.user_id.clone();
    let (_, spring) = s.shift(&schedule, at(&ann, "2026-03-28", "22:00", "06:00")).await;
    assert_eq!(spring["durationMinutes"], 420, "7 h: the clocks go forward");
    assert_eq!(
        (spring["startsAt"].as_str(), spring["endsAt"].as_str()),
        (Some("2026-03-28T21:00:00Z"), Some("2026-03-29T04:00:00Z"))
    );
    let (_, autumn) = s.shift(&schedule, at(&ann, "2026-10-24", "22:00", "06:00")).await;
    assert_eq!(autumn["durationMinutes"], 540, "9 h: the clocks go back");
    let (_, gap) = s.shift(&schedule, at(&s.bob.user_id, "2026-03-29", "02:30", "10:00")).await;
    assert_eq!(gap["startsAt"], "2026-03-29T01:30:00Z", "02:30 does not exist: it moves forward by the gap");
    assert_eq!(gap["durationMinutes"], 390);
    // The spring night and a morning shift after it: 04:00Z end, 07:00 local (05:00Z) start.
    let (_, after) = s.shift(&schedule, at(&ann, "2026-03-29", "07:00", "12:00")).await;
    assert_eq!(codes(&after), vec!["min_rest"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conflicts_are_capped_localised_and_private() {
    let s = Salon::open().await;
    let schedule = s.schedule().await;
    let ann = s.ann.user_id.clone();
    for hour in 0..11 {
        let start = format!("{:02}:00", 8 + hour);
        s.shift(&schedule, at(&ann, "2026-02-16", &start, "23:00")).await;
    }
    let (_, twelfth) = s.shift(&schedule, at(&ann, "2026-02-16", "07:00", "23:00")).await;
    let list = twelfth["conflicts"].as_array().unwrap();
    assert_eq!(list.len(), 11, "ten, then `more`");
    assert_eq!((list[10]["code"].as_str(), list[10]["count"].as_u64()), (Some("more"), Some(1)));
    // Dutch with Accept-Language.
    let r = s
        .app
        .client
        .post(s.app.url(&format!("/api/v1/schedules/{schedule}/shifts")))
        .bearer_auth(&s.manager.access)
        .header("accept-language", "nl")
        .json(&at(&ann, "2026-02-16", "06:00", "09:00"))
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    let messages: Vec<&str> =
        body["data"]["conflicts"].as_array().unwrap().iter().map(|c| c["message"].as_str().unwrap()).collect();
    assert!(messages.contains(&"Overlapt met een andere dienst van deze persoon."), "{body}");
    // Publish; Ann sees codes on her own shifts, without ids; Bob sees none on hers.
    s.ok(
        &s.manager,
        "POST",
        &format!("/api/v1/schedules/{schedule}/publish"),
        Some(json!({"from": "2026-02-16", "to": "2026-02-16"})),
    )
    .await;
    let mine = s.ok(&s.ann, "GET", "/api/v1/me/shifts?from=2026-02-16&to=2026-02-16", None).await;
    let first = &mine["items"][0]["conflicts"];
    assert!(!first.as_array().unwrap().is_empty());
    assert!(first.as_array().unwrap().iter().all(|c| c.get("relatedId").is_none()), "{first}");
    let bobs_view =
        s.ok(&s.bob, "GET", &format!("/api/v1/schedules/{schedule}/shifts?from=2026-02-16&to=2026-02-16"), None).await;
    assert!(bobs_view["items"].as_array().unwrap().iter().all(|i| i["conflicts"].as_array().unwrap().is_empty()));
    assert!(
        bobs_view["items"].as_array().unwrap().iter().all(|i| i.get("hasUnpublishedChanges") == Some(&json!(false)))
    );
}
