//! The real-time hub over a real WebSocket (DESIGN §8): auth in the first frame, Origin,
//! events only to those allowed (members, managers, never another tenant), removal and
//! revocation at once, oversized and flooding clients closed without harming others, and
//! catch-up from history after a reconnect with no loss and no duplicate.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::chat::Team;
use crate::support::{Session, TestApp, call, test_config};

type Stream = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub struct Socket {
    stream: Stream,
}

/// What the server ended a socket with.
#[derive(Debug, PartialEq)]
pub enum End {
    Closed(u16),
    Dropped,
}

fn ws_url(app: &TestApp) -> String {
    app.url("/api/v1/ws").replacen("http://", "ws://", 1)
}

impl Socket {
    pub async fn open(app: &TestApp) -> Socket {
        let (stream, _) = tokio_tungstenite::connect_async(ws_url(app)).await.expect("connect");
        Socket { stream }
    }

    /// Opened and authenticated; answers after the `ready` frame.
    pub async fn ready(app: &TestApp, who: &Session) -> (Socket, Value) {
        let mut socket = Socket::open(app).await;
        socket.send(json!({"type": "auth", "token": who.access})).await;
        let ready = socket.next().await.expect("a frame");
        assert_eq!(ready["type"], "ready", "{ready}");
        (socket, ready)
    }

    pub async fn send(&mut self, frame: Value) {
        self.stream.send(Message::Text(frame.to_string().into())).await.expect("send");
    }

    /// The next JSON frame within 3 s; `None` when none came or the socket ended.
    pub async fn next(&mut self) -> Option<Value> {
        self.next_within(Duration::from_secs(3)).await
    }

    pub async fn next_within(&mut self, wait: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.checked_duration_since(tokio::time::Instant::now())?;
            match tokio::time::timeout(left, self.stream.next()).await.ok()?? {
                Ok(Message::Text(text)) => return Some(serde_json::from_str(&text).expect("JSON frame")),
                Ok(Message::Close(_)) | Err(_) => return None,
                Ok(_) => continue,
            }
        }
    }

    /// The next frame of `kind`, skipping others (presence, typing).
    pub async fn next_of(&mut self, kind: &str) -> Option<Value> {
        loop {
            let frame = self.next().await?;
            if frame["type"] == kind {
                return Some(frame);
            }
        }
    }

    /// No frame of `kind` within `wait`.
    pub async fn quiet_of(&mut self, kind: &str, wait: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let Some(left) = deadline.checked_duration_since(tokio::time::Instant::now()) else { return true };
            match self.next_within(left).await {
                None => return true,
                Some(f) if f["type"] == kind => return false,
                Some(_) => continue,
            }
        }
    }

    /// Reads until the server ends the socket (skipping frames); its close code.
    pub async fn end(&mut self) -> End {
        loop {
            match tokio::time::timeout(Duration::from_secs(8), self.stream.next()).await {
                Err(_) => panic!("the socket stayed open"),
                Ok(None) | Ok(Some(Err(_))) => return End::Dropped,
                Ok(Some(Ok(Message::Close(frame)))) => {
                    return frame.map_or(End::Dropped, |f| End::Closed(u16::from(f.code)));
                }
                Ok(Some(Ok(_))) => continue,
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_frame_must_authenticate() {
    let t = Team::new().await;
    let mut socket = Socket::open(&t.app).await;
    socket.send(json!({"type": "auth", "token": "not.a.token"})).await;
    assert_eq!(socket.end().await, End::Closed(4001));
    let mut socket = Socket::open(&t.app).await;
    socket.send(json!({"type": "ping"})).await;
    assert_eq!(socket.end().await, End::Closed(4001), "anything else first");
    let mut silent = Socket::open(&t.app).await;
    assert_eq!(silent.end().await, End::Closed(4001), "nothing within 5 s");

    let (mut socket, ready) = Socket::ready(&t.app, &t.user).await;
    assert_eq!(ready["userId"], t.user.user_id.as_str());
    assert!(ready["online"].as_array().unwrap().iter().any(|u| u == t.user.user_id.as_str()));
    socket.send(json!({"type": "ping"})).await;
    assert_eq!(socket.next().await.unwrap()["type"], "pong");
    socket.send(json!({"type": "shout"})).await;
    assert_eq!(socket.next().await.unwrap()["type"], "error", "an unknown frame is answered, not fatal");

    // Origin: none is fine (native clients), this server's is fine, another is refused.
    let mut request = ws_url(&t.app).into_client_request().unwrap();
    request.headers_mut().insert("origin", "https://evil.example".parse().unwrap());
    let refused = tokio_tungstenite::connect_async(request).await;
    match refused {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => assert_eq!(response.status(), 403),
        other => panic!("a foreign origin was let in: {:?}", other.map(|_| ())),
    }
    let mut request = ws_url(&t.app).into_client_request().unwrap();
    let own = t.app.url("").trim_end_matches('/').to_string();
    request.headers_mut().insert("origin", own.parse().unwrap());
    assert!(tokio_tungstenite::connect_async(request).await.is_ok(), "own origin {own}");
    // A plain GET is an error in the envelope.
    let plain = call(&t.app, "GET", "/api/v1/ws", None, None).await;
    assert_eq!(plain.status(), 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_reach_exactly_the_members() {
    let t = Team::new().await;
    let general = t.room(&t.owner, "general").await;
    let admins = t.room(&t.owner, "admins").await;
    let (mut user, _) = Socket::ready(&t.app, &t.user).await;
    let (mut admin, _) = Socket::ready(&t.app, &t.admin).await;
    let (mut outsider, _) = Socket::ready(&t.app, &t.outsider).await;

    let sent = t.send(&t.owner, &general, "morning all").await;
    let got = user.next_of("chat.message").await.expect("the user hears General");
    assert_eq!(got["data"]["id"], sent["id"]);
    assert_eq!(got["data"]["content"], "morning all");
    assert!(got["seq"].as_i64().unwrap() > 0);
    assert_eq!(admin.next_of("chat.message").await.unwrap()["data"]["id"], sent["id"]);

    t.send(&t.owner, &admins, "leaders only").await;
    let leaders = admin.next_of("chat.message").await.unwrap();
    assert_eq!(leaders["data"]["content"], "leaders only");
    assert!(user.quiet_of("chat.message", Duration::from_millis(700)).await, "a non-member hears nothing");
    assert!(outsider.quiet_of("chat.message", Duration::from_millis(300)).await, "another tenant hears nothing");

    // Edit and delete are seen live.
    let path = format!("/api/v1/chat/channels/{general}/messages/{}", sent["id"].as_str().unwrap());
    t.ok(&t.owner, "PATCH", &path, Some(json!({"content": "morning everyone"}))).await;
    let updated = user.next_of("chat.message.updated").await.unwrap();
    assert_eq!(updated["data"]["content"], "morning everyone");
    t.ok(&t.owner, "DELETE", &path, None).await;
    let deleted = user.next_of("chat.message.deleted").await.unwrap();
    assert_eq!(deleted["data"]["id"], sent["id"]);

    // Typing and read cursors go to the channel's other members only.
    let (mut owner, _) = Socket::ready(&t.app, &t.owner).await;
    user.send(json!({"type": "typing", "channelId": general})).await;
    let typing = owner.next_of("chat.typing").await.unwrap();
    assert_eq!(typing["userId"], t.user.user_id.as_str());
    user.send(json!({"type": "typing", "channelId": admins})).await;
    assert!(owner.quiet_of("chat.typing", Duration::from_millis(500)).await, "no typing into a room one is not in");
    t.ok(&t.user, "POST", &format!("/api/v1/chat/channels/{general}/read"), None).await;
    let read = owner.next_of("chat.read").await.unwrap();
    assert_eq!(read["userId"], t.user.user_id.as_str());
    assert!(outsider.quiet_of("chat.read", Duration::from_millis(300)).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removal_filters_at_once_and_revocation_closes_the_socket() {
    let t = Team::new().await;
    let body = json!({"name": "Colour", "memberIds": [t.user.user_id]});
    let group = t.ok(&t.manager, "POST", "/api/v1/chat/channels/group", Some(body)).await;
    let gid = group["id"].as_str().unwrap().to_string();
    let (mut user, _) = Socket::ready(&t.app, &t.user).await;
    t.send(&t.manager, &gid, "first").await;
    assert!(user.next_of("chat.message").await.is_some());
    t.ok(&t.manager, "DELETE", &format!("/api/v1/chat/channels/{gid}/members/{}", t.user.user_id), None).await;
    let changed = user.next_of("chat.members.changed").await.expect("the removed person hears it");
    assert_eq!(changed["data"]["removed"], json!([t.user.user_id]));
    t.send(&t.manager, &gid, "after you left").await;
    assert!(user.quiet_of("chat.message", Duration::from_millis(700)).await, "nothing after removal");

    // Signing out ends the socket with 1008 within the second's check; others stay.
    let (mut manager, _) = Socket::ready(&t.app, &t.manager).await;
    let started = std::time::Instant::now();
    assert_eq!(call(&t.app, "POST", "/api/v1/auth/logout-all", Some(&t.user.access), None).await.status(), 200);
    assert_eq!(user.end().await, End::Closed(1008));
    assert!(started.elapsed() < Duration::from_secs(3), "closed at once: {:?}", started.elapsed());
    t.send(&t.manager, &gid, "still here").await;
    assert!(manager.next_of("chat.message").await.is_some(), "the others are unharmed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_and_flooding_sockets_are_closed_without_harming_others() {
    let mut config = test_config();
    config.realtime.frames_per_minute = 30;
    config.realtime.max_connections_per_user = 3;
    let t = Team::with(config).await;
    let general = t.room(&t.owner, "general").await;
    let (mut bystander, _) = Socket::ready(&t.app, &t.owner).await;

    let (mut big, _) = Socket::ready(&t.app, &t.user).await;
    big.send(json!({"type": "ping", "pad": "x".repeat(70 * 1024)})).await;
    assert_eq!(big.end().await, End::Closed(1009));

    let (mut flood, _) = Socket::ready(&t.app, &t.manager).await;
    for _ in 0..40 {
        flood.send(json!({"type": "ping"})).await;
    }
    assert_eq!(flood.end().await, End::Closed(1008));

    // A fourth socket of one person is refused; the three before it stay.
    let mut mine = Vec::new();
    for _ in 0..3 {
        mine.push(Socket::ready(&t.app, &t.admin).await.0);
    }
    let mut fourth = Socket::open(&t.app).await;
    fourth.send(json!({"type": "auth", "token": t.admin.access})).await;
    assert_eq!(fourth.end().await, End::Closed(1008));

    t.send(&t.user, &general, "still working").await;
    assert!(bystander.next_of("chat.message").await.is_some(), "the bystander is unharmed");
    for socket in &mut mine {
        assert!(socket.next_of("chat.message").await.is_some());
    }
    let metrics = t.app.client.get(t.app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(
        metrics.contains("staffroom_ws_connections 4"),
        "{}",
        metrics.lines().filter(|l| l.contains("ws_")).collect::<Vec<_>>().join("\n")
    );
    assert!(metrics.contains("staffroom_ws_refused_total 1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reconnecting_client_catches_up_with_no_loss_and_no_duplicate() {
    let t = Team::new().await;
    let general = t.room(&t.owner, "general").await;
    let (mut user, _) = Socket::ready(&t.app, &t.user).await;
    t.send(&t.owner, &general, "before").await;
    let last = user.next_of("chat.message").await.unwrap();
    let cursor = last["data"]["seq"].as_str().unwrap().to_string();
    drop(user);

    let mut sent = Vec::new();
    for i in 0..7 {
        sent.push(t.send(&t.owner, &general, &format!("while away {i}")).await["id"].clone());
    }
    let (mut user, _) = Socket::ready(&t.app, &t.user).await;
    t.send(&t.owner, &general, "after").await;
    let live = user.next_of("chat.message").await.unwrap();
    // The gap from history, in pages of 3, oldest first.
    let mut caught = Vec::new();
    let mut from = cursor;
    loop {
        let path = format!("/api/v1/chat/channels/{general}/messages?after={from}&limit=3");
        let page = t.ok(&t.user, "GET", &path, None).await;
        for m in page["items"].as_array().unwrap() {
            caught.push(m["id"].clone());
        }
        match page["nextCursor"].as_str() {
            Some(next) => from = next.to_string(),
            None => break,
        }
    }
    // The live message is in history too: the client keeps one of each id.
    let mut seen: Vec<Value> = Vec::new();
    for id in caught.into_iter().chain([live["data"]["id"].clone()]) {
        if !seen.contains(&id) {
            seen.push(id);
        }
    }
    let mut want = sent.clone();
    want.push(live["data"]["id"].clone());
    assert_eq!(seen, want, "every message once, in order");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schedule_events_reach_managers_and_the_people_concerned() {
    let t = Team::new().await;
    let (mut manager, _) = Socket::ready(&t.app, &t.manager).await;
    let (mut user, _) = Socket::ready(&t.app, &t.user).await;
    let (mut outsider, _) = Socket::ready(&t.app, &t.outsider).await;
    let schedule = t
        .ok(&t.owner, "POST", "/api/v1/schedules", Some(json!({"name": "Main", "assigneeUserIds": [t.user.user_id]})))
        .await;
    let path = format!("/api/v1/schedules/{}/shifts", schedule["id"].as_str().unwrap());
    let shift =
        json!({"assignedUserId": t.user.user_id, "shiftDate": "2026-02-16", "startTime": "09:00", "endTime": "12:00"});
    let draft = t.ok(&t.owner, "POST", &path, Some(shift)).await;
    let heard = manager.next_of("shift.created").await.expect("a planner hears a draft");
    assert_eq!(heard["data"]["shiftId"], draft["id"]);
    assert!(user.quiet_of("shift.created", Duration::from_millis(600)).await, "a draft is the planners' business");
    let publish = format!("/api/v1/schedules/{}/publish", schedule["id"].as_str().unwrap());
    t.ok(&t.owner, "POST", &publish, Some(json!({"from": "2026-02-16", "to": "2026-02-22"}))).await;
    let published = user.next_of("shift.published").await.expect("the person on the shift hears the publish");
    assert!(!published["data"].to_string().contains("hourlyRate"));
    assert!(outsider.quiet_of("shift.published", Duration::from_millis(300)).await);
}
