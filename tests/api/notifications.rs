//! Notifications (issue 14) end to end over HTTP, a real WebSocket and a real SMTP server on
//! loopback: a publish reaches each person in their language in the inbox, live and by e-mail;
//! preferences, Do Not Disturb (a window and the quiet outside one's shifts) and critical
//! changes decide what goes when; the inbox's routes and their bad cases; nothing is stored
//! or sent twice when the pipeline reads the same events again after a restart.

use std::time::Duration;

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::realtime::Socket;
use crate::smtp_server::SmtpServer;
use crate::support::{Session, TestApp, call, data_of, error_of, test_config};

/// The test config with mail through `smtp` (also the templates' test).
pub fn config_with_smtp(smtp: &SmtpServer) -> staffroom::config::Config {
    let mut config = test_config();
    config.mail.smtp_host = Some(smtp.addr.ip().to_string());
    config.mail.smtp_port = smtp.addr.port();
    config.mail.smtp_security = staffroom::config::SmtpSecurity::None;
    config.mail.from = "Salon Mail <mail@salon.example>".into();
    config.mail.allow_private_hosts = true;
    config
}

struct Salon {
    app: TestApp,
    owner: Session,
    lisa: Session,
    tom: Session,
    schedule: String,
}

impl Salon {
    async fn new(config: staffroom::config::Config) -> Salon {
        let app = TestApp::spawn_with(config).await;
        Salon::on(app).await
    }

    async fn on(app: TestApp) -> Salon {
        let owner = app.setup_owner().await;
        let lisa = app.add_user(&owner.tenant_id, Role::User, "lisa@salon.example").await;
        let tom = app.add_user(&owner.tenant_id, Role::User, "tom@salon.example").await;
        let r = call(&app, "PUT", "/api/v1/auth/me/profile", Some(&lisa.access), Some(json!({"locale": "nl"}))).await;
        assert_eq!(r.status(), 200);
        let name = json!({"firstName": "Lisa", "lastName": "Bakker"});
        let r = call(&app, "PUT", &format!("/api/v1/users/{}", lisa.user_id), Some(&owner.access), Some(name)).await;
        assert_eq!(r.status(), 200);
        let body = json!({"name": "Salon", "assigneeUserIds": [lisa.user_id, tom.user_id]});
        let schedule = data_of(call(&app, "POST", "/api/v1/schedules", Some(&owner.access), Some(body)).await).await;
        let schedule = schedule["id"].as_str().unwrap().to_string();
        Salon { app, owner, lisa, tom, schedule }
    }

    async fn ok(&self, who: &Session, method: &str, path: &str, body: Option<Value>) -> Value {
        crate::support::ok(&self.app, who, method, path, body).await
    }

    /// A draft shift of `who` on `day`; its id.
    async fn shift(&self, who: &Session, day: &str, start: &str, end: &str) -> String {
        let body = json!({"assignedUserId": who.user_id, "shiftDate": day, "startTime": start, "endTime": end});
        let made =
            self.ok(&self.owner, "POST", &format!("/api/v1/schedules/{}/shifts", self.schedule), Some(body)).await;
        made["id"].as_str().unwrap().to_string()
    }

    async fn publish(&self, from: &str, to: &str) {
        let path = format!("/api/v1/schedules/{}/publish", self.schedule);
        self.ok(&self.owner, "POST", &path, Some(json!({"from": from, "to": to}))).await;
    }

    async fn inbox(&self, who: &Session) -> Value {
        self.ok(who, "GET", "/api/v1/notifications", None).await
    }

    /// Waits (up to 10 s) until `who` has `n` notifications in the inbox.
    async fn inbox_of(&self, who: &Session, n: u64) -> Value {
        for _ in 0..200 {
            let inbox = self.inbox(who).await;
            if inbox["total"].as_u64() >= Some(n) {
                return inbox;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{} never had {n} notifications: {}", who.user_id, self.inbox(who).await);
    }

    /// The outbox's notification mails to `to`.
    async fn mails_to(&self, to: &str) -> Vec<Value> {
        let outbox = self.ok(&self.owner, "GET", "/api/v1/settings/email/outbox?limit=100", None).await;
        outbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["to"] == to && m["kind"] == "notification")
            .cloned()
            .collect()
    }

    async fn settle(&self) {
        crate::support::notifications_settled(&self.app).await;
    }

    /// Signs everyone in again (after the clock moved past their tokens' lifetime).
    async fn sign_in_again(&mut self) {
        self.owner = self.app.login_in(crate::support::OWNER_EMAIL, None).await;
        self.lisa = self.app.login_in("lisa@salon.example", None).await;
        self.tom = self.app.login_in("tom@salon.example", None).await;
    }

    /// Wakes the pipeline with an event (a draft shift only planners hear of).
    async fn nudge(&self) {
        let body = json!({"shiftDate": "2026-06-01", "startTime": "09:00", "endTime": "10:00"});
        self.ok(&self.owner, "POST", &format!("/api/v1/schedules/{}/shifts", self.schedule), Some(body)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_publish_reaches_each_person_live_in_the_inbox_and_by_email_in_their_language() {
    let smtp = SmtpServer::start().await;
    let s = Salon::new(config_with_smtp(&smtp)).await;
    let (mut socket, _) = Socket::ready(&s.app, &s.lisa).await;
    s.shift(&s.lisa, "2026-02-16", "09:00", "17:00").await;
    s.shift(&s.tom, "2026-02-17", "10:00", "18:00").await;
    s.publish("2026-02-16", "2026-02-22").await;

    // Live: the frame carries the words and the count.
    let frame = socket.next_of("notification.created").await.expect("a live notification");
    assert_eq!(frame["data"]["title"], "Nieuw rooster: Salon", "{frame}");
    assert_eq!(frame["data"]["eventKey"], "shift.published");
    assert_eq!(frame["data"]["unreadCount"], 1);
    let lisa = s.inbox_of(&s.lisa, 1).await;
    let item = &lisa["items"][0];
    assert_eq!(
        item["body"],
        "Je diensten van ma 16 feb tot en met zo 22 feb staan klaar. Open Mijn diensten om ze te bekijken."
    );
    assert_eq!((item["link"].as_str(), item["readAt"].as_null()), (Some("/my-shifts"), Some(())));
    let tom = s.inbox_of(&s.tom, 1).await;
    assert_eq!(tom["items"][0]["title"], "New schedule: Salon");
    assert_eq!(s.inbox(&s.owner).await["total"], 0, "the one who published is not told");

    // E-mail: one each, in their language, linking into the app.
    let mails = smtp.wait_for(2).await;
    let to_lisa = mails.iter().find(|m| m.to.iter().any(|r| r.contains("lisa@"))).expect("Lisa's mail");
    assert_eq!(to_lisa.subject(), "Nieuw rooster: Salon");
    assert!(to_lisa.body().contains("Je diensten van ma 16 feb"), "{}", to_lisa.body());
    assert!(to_lisa.body().contains("/my-shifts"), "{}", to_lisa.body());
    let to_tom = mails.iter().find(|m| m.to.iter().any(|r| r.contains("tom@"))).expect("Tom's mail");
    assert_eq!(to_tom.subject(), "New schedule: Salon");
    assert_eq!(mails.len(), 2);

    // Read, unread filter, count, and the frame that tells other tabs.
    let id = item["id"].as_str().unwrap().to_string();
    assert_eq!(s.ok(&s.lisa, "GET", "/api/v1/notifications/unread-count", None).await["count"], 1);
    let read = s.ok(&s.lisa, "PATCH", &format!("/api/v1/notifications/{id}/read"), None).await;
    assert!(read["readAt"].is_string());
    let frame = socket.next_of("notification.read").await.expect("the read frame");
    assert_eq!((frame["data"]["ids"][0].as_str(), frame["data"]["unreadCount"].as_u64()), (Some(id.as_str()), Some(0)));
    assert_eq!(s.ok(&s.lisa, "GET", "/api/v1/notifications/unread-count", None).await["count"], 0);
    assert_eq!(s.ok(&s.lisa, "GET", "/api/v1/notifications?unread=true", None).await["total"], 0);
    let again = s.ok(&s.lisa, "PATCH", &format!("/api/v1/notifications/{id}/read"), None).await;
    assert_eq!(again["readAt"], read["readAt"], "reading twice keeps the first time");

    // Someone else's notification is not there for them, in this tenant or another.
    let outsider_tenant = s.app.add_tenant("elsewhere").await;
    let outsider = s.app.add_user(&outsider_tenant, Role::TenantAdmin, "admin@elsewhere.example").await;
    for who in [&s.tom, &s.owner, &outsider] {
        let r = call(&s.app, "PATCH", &format!("/api/v1/notifications/{id}/read"), Some(&who.access), None).await;
        assert_eq!(error_of(r).await.0, 404);
        let r = call(&s.app, "DELETE", &format!("/api/v1/notifications/{id}"), Some(&who.access), None).await;
        assert_eq!(error_of(r).await.0, 404);
    }
    for path in
        ["/api/v1/notifications/not-an-id/read", "/api/v1/notifications/0190d5a0-0000-7000-8000-000000000000/read"]
    {
        assert_eq!(error_of(call(&s.app, "PATCH", path, Some(&s.lisa.access), None).await).await.0, 404);
    }

    // Mark all, dismiss.
    assert_eq!(s.ok(&s.tom, "POST", "/api/v1/notifications/mark-all-read", None).await["updated"], 1);
    assert_eq!(s.ok(&s.tom, "POST", "/api/v1/notifications/mark-all-read", None).await["updated"], 0);
    assert!(s.ok(&s.lisa, "DELETE", &format!("/api/v1/notifications/{id}"), None).await.is_null());
    assert_eq!(s.inbox(&s.lisa).await["total"], 0);
    let r = call(&s.app, "DELETE", &format!("/api/v1/notifications/{id}"), Some(&s.lisa.access), None).await;
    assert_eq!(error_of(r).await.0, 404, "dismissed is gone");

    // Bad cases of the inbox's routes.
    for path in ["/api/v1/notifications", "/api/v1/notifications/unread-count"] {
        assert_eq!(error_of(call(&s.app, "GET", path, None, None).await).await.0, 401);
    }
    for query in ["?unread=maybe", "?page=0", "?limit=-1", "?colour=red"] {
        let r = call(&s.app, "GET", &format!("/api/v1/notifications{query}"), Some(&s.lisa.access), None).await;
        assert_eq!(error_of(r).await.0, 400, "{query}");
    }
    let paged = s.ok(&s.tom, "GET", "/api/v1/notifications?page=1&limit=500", None).await;
    assert_eq!((paged["limit"].as_u64(), paged["total"].as_u64()), (Some(100), Some(1)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn direct_messages_and_mentions_notify_the_people_they_are_for() {
    let smtp = SmtpServer::start().await;
    let s = Salon::new(config_with_smtp(&smtp)).await;
    let direct = json!({"userId": s.lisa.user_id});
    let channel = s.ok(&s.tom, "POST", "/api/v1/chat/channels/direct", Some(direct)).await;
    let path = format!("/api/v1/chat/channels/{}/messages", channel["id"].as_str().unwrap());
    s.ok(&s.tom, "POST", &path, Some(json!({"content": "Can you take <b>Friday</b>?"}))).await;
    let lisa = s.inbox_of(&s.lisa, 1).await;
    assert_eq!(lisa["items"][0]["eventKey"], "chat.direct");
    assert_eq!(lisa["items"][0]["title"], "Bericht van Test user");
    assert_eq!(lisa["items"][0]["body"], "Can you take <b>Friday</b>?", "stored as text; pages set it as text");
    // A mention in General: only the one mentioned, never the sender.
    let channels = s.ok(&s.tom, "GET", "/api/v1/chat/channels", None).await;
    let general = channels["items"].as_array().unwrap().iter().find(|c| c["kind"] == "general").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/api/v1/chat/channels/{general}/messages");
    s.ok(&s.lisa, "POST", &path, Some(json!({"content": "Yes! @Test thanks", "mentions": [s.tom.user_id]}))).await;
    let tom = s.inbox_of(&s.tom, 1).await;
    assert_eq!(tom["items"][0]["eventKey"], "chat.mention");
    assert_eq!(tom["items"][0]["title"], "Lisa Bakker mentioned you in General");
    s.settle().await;
    assert_eq!(s.inbox(&s.lisa).await["total"], 1, "no notification of one's own message");
    // Chat e-mails are off by default.
    assert!(s.mails_to("lisa@salon.example").await.is_empty());
    assert!(s.mails_to("tom@salon.example").await.is_empty());

    // Lisa wants direct messages by e-mail: hers carries Tom's words; the owner's outbox viewer
    // lists the mail but not what it says.
    let on = json!({"eventKey": "chat.direct", "channel": "email", "enabled": true});
    s.ok(&s.lisa, "POST", "/api/v1/notifications/preferences", Some(on)).await;
    let path = format!("/api/v1/chat/channels/{}/messages", channel["id"].as_str().unwrap());
    s.ok(&s.tom, "POST", &path, Some(json!({"content": "Only for Lisa: the code is 4711"}))).await;
    let mail = &smtp.wait_for(1).await[0];
    assert!(mail.to.iter().any(|r| r.contains("lisa@")));
    assert!(mail.body().contains("Only for Lisa: the code is 4711"), "{}", mail.body());
    let listed = s.mails_to("lisa@salon.example").await;
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0]["hidden"].as_str(), listed[0]["body"].as_null()),
        (Some("secret"), Some(())),
        "{}",
        listed[0]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preferences_decide_what_is_delivered() {
    let smtp = SmtpServer::start().await;
    let s = Salon::new(config_with_smtp(&smtp)).await;
    let catalog = s.ok(&s.lisa, "GET", "/api/v1/notifications/preferences/catalog", None).await;
    assert_eq!(catalog["channels"], json!(["in_app", "email", "push"]));
    let modules: Vec<&str> =
        catalog["modules"].as_array().unwrap().iter().map(|m| m["module"].as_str().unwrap()).collect();
    assert_eq!(modules, ["schedules", "time", "chat"]);
    let changed = catalog["modules"][0]["events"].as_array().unwrap().iter().find(|e| e["eventKey"] == "shift.changed");
    assert_eq!(changed.unwrap()["optional"], false);

    let off = json!({"eventKey": "shift.published", "channel": "email", "enabled": false});
    let saved = s.ok(&s.lisa, "POST", "/api/v1/notifications/preferences", Some(off)).await;
    assert_eq!((saved["enabled"].as_bool(), saved["custom"].as_bool()), (Some(false), Some(true)));
    let mine = s.ok(&s.lisa, "GET", "/api/v1/notifications/preferences", None).await;
    let items = mine["items"].as_array().unwrap();
    assert_eq!(items.len(), 15 * 3);
    let find = |key: &str, channel: &str| {
        items.iter().find(|i| i["eventKey"] == key && i["channel"] == channel).unwrap().clone()
    };
    assert_eq!(find("shift.published", "email")["enabled"], false);
    assert_eq!(
        (find("shift.published", "in_app")["enabled"].as_bool(), find("shift.published", "in_app")["custom"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(find("chat.direct", "email")["enabled"], false, "chat e-mail is off by default");
    // Bad cases.
    for (body, field) in [
        (json!({"eventKey": "sales.lead_assigned", "channel": "email", "enabled": false}), "eventKey"),
        (json!({"eventKey": "shift.published", "channel": "sms", "enabled": false}), "channel"),
        (json!({"eventKey": "shift.changed", "channel": "email", "enabled": false}), "enabled"),
        (json!({"eventKey": "shift.published", "channel": "email", "enabled": "no"}), "enabled"),
        (json!({"eventKey": "shift.published", "channel": "email", "enabled": false, "colour": 1}), "colour"),
        (json!({"eventKey": "shift.published", "channel": "email"}), "enabled"),
    ] {
        let r =
            call(&s.app, "POST", "/api/v1/notifications/preferences", Some(&s.lisa.access), Some(body.clone())).await;
        let (status, code, error) = error_of(r).await;
        assert_eq!((status, code.as_str()), (400, "validation_failed"), "{body}");
        assert!(error["error"]["fields"][field].is_string(), "{body}: {error}");
    }
    let r = s
        .app
        .client
        .post(s.app.url("/api/v1/notifications/preferences"))
        .bearer_auth(&s.lisa.access)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await.1, "malformed_json");
    let big = json!({"eventKey": "x".repeat(2 * 1024 * 1024), "channel": "email", "enabled": true});
    let r = call(&s.app, "POST", "/api/v1/notifications/preferences", Some(&s.lisa.access), Some(big)).await;
    assert_eq!(error_of(r).await.0, 413);
    let r = call(&s.app, "POST", "/api/v1/notifications/preferences", None, Some(json!({}))).await;
    assert_eq!(error_of(r).await.0, 401);

    // In-app off for Tom, e-mail off for Lisa: each gets only the other channel.
    let off = json!({"eventKey": "shift.published", "channel": "in_app", "enabled": false});
    s.ok(&s.tom, "POST", "/api/v1/notifications/preferences", Some(off)).await;
    s.shift(&s.lisa, "2026-02-16", "09:00", "17:00").await;
    s.shift(&s.tom, "2026-02-17", "10:00", "18:00").await;
    s.publish("2026-02-16", "2026-02-22").await;
    s.inbox_of(&s.lisa, 1).await;
    let mails = smtp.wait_for(1).await;
    s.settle().await;
    assert_eq!(s.inbox(&s.tom).await["total"], 0);
    assert_eq!(s.mails_to("lisa@salon.example").await.len(), 0);
    assert_eq!(s.mails_to("tom@salon.example").await.len(), 1);
    assert_eq!(mails.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn do_not_disturb_holds_email_until_it_ends_and_a_change_within_a_day_passes() {
    let smtp = SmtpServer::start().await;
    let mut s = Salon::new(config_with_smtp(&smtp)).await;
    // Now is 10:00 in Amsterdam. Lisa is in DND until 12:00; Tom is quiet outside his shifts.
    let dnd = s.ok(&s.lisa, "GET", "/api/v1/notifications/preferences/dnd", None).await;
    assert_eq!(
        dnd,
        json!({"enabled": false, "startTime": "22:00", "endTime": "07:00", "timezone": "Europe/Amsterdam",
        "quietOutsideShifts": false, "leadMinutes": 60})
    );
    let window = json!({"enabled": true, "startTime": "09:00", "endTime": "12:00"});
    let saved = s.ok(&s.lisa, "PUT", "/api/v1/notifications/preferences/dnd", Some(window)).await;
    assert_eq!(
        (saved["enabled"].as_bool(), saved["endTime"].as_str(), saved["leadMinutes"].as_i64()),
        (Some(true), Some("12:00"), Some(60))
    );
    let quiet = json!({"enabled": true, "startTime": "00:00", "endTime": "00:00", "quietOutsideShifts": true});
    s.ok(&s.tom, "PUT", "/api/v1/notifications/preferences/dnd", Some(quiet)).await;
    for (body, field) in [
        (json!({"startTime": "25:00"}), "startTime"),
        (json!({"endTime": "7:00"}), "endTime"),
        (json!({"timezone": "Mars/Olympus"}), "timezone"),
        (json!({"leadMinutes": 1000}), "leadMinutes"),
        (json!({"enabled": "yes"}), "enabled"),
        (json!({"snooze": true}), "snooze"),
    ] {
        let r = call(&s.app, "PUT", "/api/v1/notifications/preferences/dnd", Some(&s.lisa.access), Some(body.clone()))
            .await;
        let (status, _, error) = error_of(r).await;
        assert_eq!(status, 400, "{body}");
        assert!(error["error"]["fields"][field].is_string(), "{body}: {error}");
    }
    assert_eq!(error_of(call(&s.app, "GET", "/api/v1/notifications/preferences/dnd", None, None).await).await.0, 401);

    // A publish: in-app at once, the e-mails wait.
    let lisas = s.shift(&s.lisa, "2026-02-10", "20:00", "22:00").await;
    s.shift(&s.tom, "2026-02-11", "10:00", "18:00").await;
    s.publish("2026-02-10", "2026-02-16").await;
    s.inbox_of(&s.lisa, 1).await;
    s.inbox_of(&s.tom, 1).await;
    s.settle().await;
    assert!(s.mails_to("lisa@salon.example").await.is_empty(), "held by DND");
    assert!(s.mails_to("tom@salon.example").await.is_empty(), "held outside his shifts");

    // Her shift tonight moves: critical, through DND at once.
    let path = format!("/api/v1/schedules/{}/shifts/{lisas}", s.schedule);
    s.ok(&s.owner, "PATCH", &path, Some(json!({"startTime": "19:00", "status": "published"}))).await;
    s.inbox_of(&s.lisa, 2).await;
    let first = smtp.wait_for(1).await;
    assert_eq!(first[0].subject(), "Je dienst op di 10 feb is gewijzigd");
    assert!(first[0].body().contains("di 10 feb 20:00–22:00 is nu di 10 feb 19:00–22:00"), "{}", first[0].body());
    assert_eq!(s.inbox(&s.lisa).await["items"][0]["critical"], true);

    // 12:01: Lisa's window is over; Tom's quiet lasts until 08:00 tomorrow (his shift is at 10:00).
    s.app.state.clock.advance(Duration::from_secs(2 * 3600 + 60));
    s.sign_in_again().await;
    s.nudge().await;
    let mails = smtp.wait_for(2).await;
    assert_eq!(mails[1].subject(), "Nieuw rooster: Salon");
    s.settle().await;
    assert!(s.mails_to("tom@salon.example").await.is_empty());
    s.app.state.clock.advance(Duration::from_secs(20 * 3600));
    s.sign_in_again().await;
    s.nudge().await;
    let mails = smtp.wait_for(3).await;
    assert!(mails[2].to.iter().any(|r| r.contains("tom@")), "released at 08:00");
    assert_eq!(mails.len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_the_same_events_again_after_a_restart_stores_and_sends_nothing_twice() {
    let smtp = SmtpServer::start().await;
    let config = config_with_smtp(&smtp);
    let s = Salon::new(config.clone()).await;
    s.shift(&s.lisa, "2026-02-16", "09:00", "17:00").await;
    s.shift(&s.tom, "2026-02-17", "10:00", "18:00").await;
    s.publish("2026-02-16", "2026-02-22").await;
    s.inbox_of(&s.lisa, 1).await;
    smtp.wait_for(2).await;
    s.settle().await;
    let Salon { app, lisa, tom, owner, schedule } = s;
    let dir = app.stop().await;
    // As if the server had died before its cursor moved: the pipeline reads everything again.
    let db = dir.path().join("staffroom.db");
    rusqlite::Connection::open(&db).unwrap().execute("UPDATE notification_cursor SET seq = 0", []).unwrap();
    let app = TestApp::spawn_in(dir, config).await;
    let s = Salon { app, lisa, tom, owner, schedule };
    s.nudge().await;
    s.settle().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(s.inbox(&s.lisa).await["total"], 1);
    assert_eq!(s.inbox(&s.tom).await["total"], 1);
    assert_eq!(s.mails_to("lisa@salon.example").await.len(), 1);
    assert_eq!(smtp.messages().len(), 2, "no mail twice");
    let c = rusqlite::Connection::open(s.app.data_dir().join("staffroom.db")).unwrap();
    let rows: i64 = c.query_row("SELECT count(*) FROM notifications", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 4, "two people × in-app and e-mail");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn analytics_count_exactly_the_deliveries_made() {
    let mut smtp = SmtpServer::start().await;
    let s = Salon::new(config_with_smtp(&smtp)).await;
    // Now is 10:00 in Amsterdam: Tom's e-mails wait until noon.
    let window = json!({"enabled": true, "startTime": "09:00", "endTime": "12:00"});
    s.ok(&s.tom, "PUT", "/api/v1/notifications/preferences/dnd", Some(window)).await;
    let lisas = s.shift(&s.lisa, "2026-02-12", "09:00", "17:00").await;
    s.shift(&s.tom, "2026-02-13", "09:00", "17:00").await;
    s.publish("2026-02-09", "2026-02-15").await;
    s.inbox_of(&s.lisa, 1).await;
    s.inbox_of(&s.tom, 1).await;
    smtp.wait_for(1).await;
    let analytics = |who: &Session| {
        let access = who.access.clone();
        let app = &s.app;
        async move { data_of(call(app, "GET", "/api/v1/notifications/analytics", Some(&access), None).await).await }
    };
    // Until the outbox has marked Lisa's mail sent.
    let mut seen = Value::Null;
    for _ in 0..200 {
        seen = analytics(&s.owner).await;
        if seen["totals"]["delivered"] == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(seen["totals"], json!({"sent": 4, "delivered": 3, "failed": 0, "pending": 1, "read": 0}), "{seen}");

    // The mail server goes away; Lisa's shift changes: the e-mail fails, in-app arrives. She
    // reads the first notification.
    smtp.stop();
    let path = format!("/api/v1/schedules/{}/shifts/{lisas}", s.schedule);
    s.ok(&s.owner, "PATCH", &path, Some(json!({"startTime": "10:00", "status": "published"}))).await;
    let inbox = s.inbox_of(&s.lisa, 2).await;
    let first = inbox["items"][1]["id"].as_str().unwrap().to_string();
    s.ok(&s.lisa, "PATCH", &format!("/api/v1/notifications/{first}/read"), None).await;
    for _ in 0..200 {
        seen = analytics(&s.owner).await;
        if seen["totals"]["failed"] == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(seen["scope"], "workplace");
    assert_eq!(seen["totals"], json!({"sent": 6, "delivered": 4, "failed": 1, "pending": 1, "read": 1}), "{seen}");
    assert_eq!(
        seen["byChannel"],
        json!([
            {"channel": "in_app", "counts": {"sent": 3, "delivered": 3, "failed": 0, "pending": 0, "read": 1}},
            {"channel": "email", "counts": {"sent": 3, "delivered": 1, "failed": 1, "pending": 1, "read": 0}},
            {"channel": "push", "counts": {"sent": 0, "delivered": 0, "failed": 0, "pending": 0, "read": 0}},
        ])
    );
    let events: Vec<(&str, u64)> = seen["byEvent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["eventKey"].as_str().unwrap(), e["counts"]["sent"].as_u64().unwrap()))
        .collect();
    assert_eq!(events, [("shift.published", 4), ("shift.changed", 2)]);
    assert_eq!(seen["byEvent"][1]["module"], "schedules");
    let daily = seen["daily"].as_array().unwrap();
    assert_eq!((daily.len(), seen["from"].as_str(), seen["to"].as_str()), (30, Some("2026-01-12"), Some("2026-02-10")));
    assert_eq!(daily[29]["date"], "2026-02-10");
    assert_eq!(daily[29]["counts"], seen["totals"], "all of it today");
    assert!(daily[..29].iter().all(|d| d["counts"]["sent"] == 0));
    assert_eq!(seen["timezone"], "Europe/Amsterdam");

    // A member sees their own.
    let mine = analytics(&s.lisa).await;
    assert_eq!(mine["scope"], "mine");
    assert_eq!(mine["totals"], json!({"sent": 4, "delivered": 3, "failed": 1, "pending": 0, "read": 1}), "{mine}");
    let week =
        data_of(call(&s.app, "GET", "/api/v1/notifications/analytics?days=7", Some(&s.tom.access), None).await).await;
    assert_eq!((week["daily"].as_array().unwrap().len(), week["from"].as_str()), (7, Some("2026-02-04")));
    assert_eq!(week["totals"], json!({"sent": 2, "delivered": 1, "failed": 0, "pending": 1, "read": 0}));

    // Another workplace sees none of it; bad periods and strangers are refused.
    let other = s.app.add_tenant("elsewhere").await;
    let outsider = s.app.add_user(&other, Role::TenantAdmin, "admin@elsewhere.example").await;
    let theirs = analytics(&outsider).await;
    assert_eq!((theirs["scope"].as_str(), theirs["totals"]["sent"].as_u64()), (Some("workplace"), Some(0)));
    assert_eq!(theirs["byEvent"], json!([]));
    for query in ["?days=6", "?days=91", "?days=week", "?days=", "?from=2026-01-01"] {
        let path = format!("/api/v1/notifications/analytics{query}");
        let (status, code, _) = error_of(call(&s.app, "GET", &path, Some(&s.lisa.access), None).await).await;
        assert_eq!((status, code.as_str()), (400, "validation_failed"), "{query}");
    }
    let r = call(&s.app, "GET", "/api/v1/notifications/analytics", None, None).await;
    assert_eq!(error_of(r).await.0, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_digest_collects_the_optional_emails_and_goes_out_at_its_time() {
    let smtp = SmtpServer::start().await;
    let mut s = Salon::new(config_with_smtp(&smtp)).await;
    let path = "/api/v1/notifications/analytics/digest/settings";
    let start = s.ok(&s.lisa, "GET", path, None).await;
    assert_eq!(
        start,
        json!({"frequency": "off", "time": "08:00", "weekday": 1, "timezone": "Europe/Amsterdam", "nextAt": null})
    );
    // Now is Tuesday 10:00 in Amsterdam: her daily digest goes at 18:00.
    let daily = s.ok(&s.lisa, "PUT", path, Some(json!({"frequency": "daily", "time": "18:00"}))).await;
    assert_eq!((daily["frequency"].as_str(), daily["time"].as_str()), (Some("daily"), Some("18:00")));
    assert_eq!(daily["nextAt"], "2026-02-10T17:00:00.000Z");
    assert_eq!(s.ok(&s.lisa, "GET", path, None).await, daily, "kept");
    for (body, field) in [
        (json!({"frequency": "hourly"}), "frequency"),
        (json!({"time": "18:00"}), "frequency"),
        (json!({"frequency": "daily", "time": "7:00"}), "time"),
        (json!({"frequency": "weekly", "weekday": 0}), "weekday"),
        (json!({"frequency": "weekly", "weekday": 8}), "weekday"),
        (json!({"frequency": "daily", "timezone": "Mars/Olympus"}), "timezone"),
        (json!({"frequency": "daily", "colour": "red"}), "colour"),
    ] {
        let (status, _, error) =
            error_of(call(&s.app, "PUT", path, Some(&s.lisa.access), Some(body.clone())).await).await;
        assert_eq!(status, 400, "{body}");
        assert!(error["error"]["fields"][field].is_string(), "{body}: {error}");
    }
    for (method, route) in [("GET", path), ("PUT", path), ("GET", "/api/v1/notifications/analytics/digest")] {
        let r = call(&s.app, method, route, None, Some(json!({"frequency": "off"}))).await;
        assert_eq!(error_of(r).await.0, 401, "{method} {route}");
    }

    // Two publishes: in-app at once; Lisa's e-mails wait for the digest, Tom's go.
    let lisas = s.shift(&s.lisa, "2026-02-16", "09:00", "17:00").await;
    s.shift(&s.tom, "2026-02-17", "09:00", "17:00").await;
    s.publish("2026-02-16", "2026-02-22").await;
    s.shift(&s.lisa, "2026-02-23", "09:00", "17:00").await;
    s.publish("2026-02-23", "2026-03-01").await;
    s.inbox_of(&s.lisa, 2).await;
    smtp.wait_for(1).await;
    s.settle().await;
    assert!(s.mails_to("lisa@salon.example").await.is_empty(), "waiting for the digest");
    // What is always sent does not wait: her shift changes.
    let change = format!("/api/v1/schedules/{}/shifts/{lisas}", s.schedule);
    s.ok(&s.owner, "PATCH", &change, Some(json!({"startTime": "10:00", "status": "published"}))).await;
    let mails = smtp.wait_for(2).await;
    assert!(mails[1].to.iter().any(|r| r.contains("lisa@")), "the change, at once");
    let stats = s.ok(&s.lisa, "GET", "/api/v1/notifications/analytics/digest", None).await;
    assert_eq!(
        stats,
        json!({"scope": "mine", "digestsSent": 0, "notificationsCollected": 0, "waiting": 2, "people": null})
    );
    let workplace = s.ok(&s.owner, "GET", "/api/v1/notifications/analytics/digest", None).await;
    assert_eq!(workplace["people"], json!({"off": 2, "daily": 1, "weekly": 0}));
    assert_eq!(workplace["waiting"], 2);
    let analytics = s.ok(&s.lisa, "GET", "/api/v1/notifications/analytics", None).await;
    let email = &analytics["byChannel"][1]["counts"];
    assert_eq!((email["sent"].as_u64(), email["pending"].as_u64()), (Some(3), Some(2)), "{analytics}");

    // 18:01: one e-mail with both, in Dutch; the next digest is tomorrow's.
    s.app.state.clock.advance(Duration::from_secs(8 * 3600 + 60));
    s.sign_in_again().await;
    s.nudge().await;
    let mails = smtp.wait_for(3).await;
    let digest = &mails[2];
    assert!(digest.to.iter().any(|r| r.contains("lisa@")));
    assert_eq!(digest.subject(), "Je overzicht van Staffroom: 2 meldingen");
    let text = digest.body();
    assert!(text.contains("Je diensten van ma 16 feb") && text.contains("Je diensten van ma 23 feb"), "{text}");
    assert!(text.contains("/notifications"), "{text}");
    s.settle().await;
    let stats = s.ok(&s.lisa, "GET", "/api/v1/notifications/analytics/digest", None).await;
    assert_eq!((stats["digestsSent"].as_u64(), stats["notificationsCollected"].as_u64()), (Some(1), Some(2)));
    assert_eq!(stats["waiting"], 0);
    assert_eq!(s.ok(&s.lisa, "GET", path, None).await["nextAt"], "2026-02-11T17:00:00.000Z");
    // Nothing new: tomorrow's digest is not sent empty.
    s.app.state.clock.advance(Duration::from_secs(24 * 3600));
    s.sign_in_again().await;
    s.nudge().await;
    s.settle().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.messages().len(), 3, "no empty digest");
    assert_eq!(s.ok(&s.lisa, "GET", path, None).await["nextAt"], "2026-02-12T17:00:00.000Z");
    // Off again with one waiting: it goes at once as a last digest; then nothing is collected.
    s.shift(&s.lisa, "2026-03-02", "09:00", "17:00").await;
    s.publish("2026-03-02", "2026-03-08").await;
    s.inbox_of(&s.lisa, 4).await;
    s.settle().await;
    assert_eq!(s.ok(&s.lisa, "GET", "/api/v1/notifications/analytics/digest", None).await["waiting"], 1);
    let off = s.ok(&s.lisa, "PUT", path, Some(json!({"frequency": "off"}))).await;
    assert_eq!((off["frequency"].as_str(), off["time"].as_str()), (Some("off"), Some("18:00")));
    assert!(off["nextAt"].is_string(), "a last digest, now: {off}");
    s.nudge().await;
    let mails = smtp.wait_for(4).await;
    assert_eq!(mails[3].subject(), "Je overzicht van Staffroom: 1 melding");
    s.settle().await;
    assert_eq!(s.ok(&s.lisa, "GET", path, None).await["nextAt"], Value::Null);
    s.shift(&s.lisa, "2026-03-09", "09:00", "17:00").await;
    s.publish("2026-03-09", "2026-03-15").await;
    let mails = smtp.wait_for(5).await;
    assert_eq!(mails[4].subject(), "Nieuw rooster: Salon", "one by one again");
}
