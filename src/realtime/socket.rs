//! One WebSocket connection (DESIGN §8): the auth frame within 5 s, then events out and a few
//! client frames in (`auth` to refresh the token, `ping`, `typing`), with a heartbeat, an idle
//! timeout and a cap on frames per minute.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{Duration, Instant};

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket};
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::json;

use super::hub::{Outbound, Refusal, SocketAuth, frame};
use crate::access::perm::{self, Permission};
use crate::auth::Principal;
use crate::ids::ChannelId;
use crate::state::AppState;

pub const AUTH_WITHIN: Duration = Duration::from_secs(5);
const HEARTBEAT: Duration = Duration::from_secs(25);
/// No frame at all (pongs count) for this long: the peer is gone.
const IDLE: Duration = Duration::from_secs(70);
/// Most queued frames written together.
const BATCH: usize = 64;
/// At most one `typing` per channel a socket passes on in this time.
const TYPING_EVERY: Duration = Duration::from_secs(2);

pub mod close {
    pub const GOING_AWAY: u16 = 1001;
    pub const UNSUPPORTED: u16 = 1003;
    pub const POLICY: u16 = 1008;
    pub const TOO_BIG: u16 = 1009;
    pub const TRY_LATER: u16 = 1013;
    pub const UNAUTHORIZED: u16 = 4001;
    pub const FORBIDDEN: u16 = 4003;
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
enum ClientFrame {
    Auth {
        token: String,
    },
    Ping,
    Typing {
        #[serde(rename = "channelId")]
        channel_id: ChannelId,
    },
}

async fn close_with(mut socket: WebSocket, code: u16, reason: &'static str) {
    let _ = socket.send(close_frame(code, reason)).await;
}

/// Waits for the first frame: an `auth` frame with a valid access token.
async fn authenticate(app: &AppState, socket: &mut WebSocket) -> Option<crate::auth::principal::CheckedToken> {
    let first = tokio::time::timeout(AUTH_WITHIN, socket.recv()).await.ok()??.ok()?;
    let Message::Text(text) = first else { return None };
    match serde_json::from_str::<ClientFrame>(&text).ok()? {
        ClientFrame::Auth { token } => Principal::checked_token(app, &token).await.ok(),
        _ => None,
    }
}

/// Who is online goes in frames of at most this many ids: the write buffer keeps the capacity
/// of the largest frame it ever held, and 1,000 people online would be 38 KiB per socket.
const PRESENCE_BATCH: usize = 64;

/// `ready` with the first people online, then `presence` frames with the rest.
async fn send_ready(
    socket: &mut WebSocket,
    hub: &super::Hub,
    tenant: &crate::ids::TenantId,
    user: &crate::ids::UserId,
) -> bool {
    let mut online: Vec<String> = hub.online(tenant).into_iter().map(|u| u.to_string()).collect();
    online.sort();
    let mut batches = online.chunks(PRESENCE_BATCH);
    let first = batches.next().unwrap_or_default();
    let more = online.len() > first.len();
    let ready = frame(&json!({"type": "ready", "userId": user, "tenantId": tenant, "online": first, "more": more}));
    if socket.send(Message::Text(ready)).await.is_err() {
        return false;
    }
    for batch in batches {
        let presence = frame(&json!({"type": "presence", "online": true, "userIds": batch}));
        if socket.send(Message::Text(presence)).await.is_err() {
            return false;
        }
    }
    true
}

/// Runs one connection to its end.
pub async fn serve(app: AppState, mut socket: WebSocket) {
    let Some(checked) = authenticate(&app, &mut socket).await else {
        return close_with(socket, close::UNAUTHORIZED, "unauthorized").await;
    };
    let principal = checked.principal;
    let (tenant, user) = (principal.tenant.clone(), principal.user.clone());
    let auth = Arc::new(SocketAuth {
        session: principal.session.clone(),
        version: checked.version,
        expires_at: AtomicI64::new(checked.expires_at),
        manages_schedules: AtomicBool::new(principal.allows(perm::SchedulesWrite::CODE)),
        manages_clock: AtomicBool::new(principal.allows(perm::ClockManage::CODE)),
    });
    let hub = Arc::clone(&app.hub);
    let registered = match hub.register(&tenant, &user, Arc::clone(&auth)) {
        Ok(r) => r,
        Err(Refusal::TooManyForUser) => return close_with(socket, close::POLICY, "too many connections").await,
        Err(Refusal::Full) => return close_with(socket, close::TRY_LATER, "server full").await,
    };
    if send_ready(&mut socket, &hub, &tenant, &user).await {
        let (sink, stream) = socket.split();
        let (control, control_rx) = tokio::sync::mpsc::channel(8);
        // Two tasks: the writer wakes only for frames to send, the reader only for frames
        // that come in and the heartbeat (one room's message wakes every socket's writer).
        let mut writer = tokio::spawn(write_loop(sink, registered.rx, control_rx));
        tokio::select! {
            _ = read_loop(&app, stream, &control, &auth, &principal) => {
                // The writer sends the closing frame the reader queued, then ends.
                drop(control);
                let _ = tokio::time::timeout(Duration::from_secs(2), &mut writer).await;
                writer.abort();
            }
            _ = &mut writer => {}
        }
    }
    hub.unregister(&tenant, &user, registered.id);
}

/// What the reader asks the writer to send.
enum Control {
    Frame(Message),
    Close(u16, &'static str),
}

fn close_frame(code: u16, reason: &'static str) -> Message {
    Message::Close(Some(CloseFrame { code, reason: Utf8Bytes::from_static(reason) }))
}

/// Sends the hub's frames (several queued ones in one write) and the reader's answers; ends
/// at a close, when the hub lets go of the socket (too slow), or when the reader is gone.
async fn write_loop(
    mut sink: futures_util::stream::SplitSink<WebSocket, Message>,
    mut rx: tokio::sync::mpsc::Receiver<Outbound>,
    mut control: tokio::sync::mpsc::Receiver<Control>,
) {
    loop {
        tokio::select! {
            biased;
            asked = control.recv() => match asked {
                Some(Control::Frame(m)) => {
                    if sink.send(m).await.is_err() {
                        return;
                    }
                }
                Some(Control::Close(code, reason)) => {
                    let _ = sink.send(close_frame(code, reason)).await;
                    return;
                }
                None => return,
            },
            out = rx.recv() => match out {
                Some(Outbound::Frame(text)) => {
                    if sink.feed(Message::Text(text)).await.is_err() {
                        return;
                    }
                    let mut closing = None;
                    for _ in 0..BATCH {
                        match rx.try_recv() {
                            Ok(Outbound::Frame(text)) => {
                                if sink.feed(Message::Text(text)).await.is_err() {
                                    return;
                                }
                            }
                            Ok(Outbound::Close(code, reason)) => {
                                closing = Some((code, reason));
                                break;
                            }
                            Err(_) => break,
                        }
                    }
                    if sink.flush().await.is_err() {
                        return;
                    }
                    if let Some((code, reason)) = closing {
                        let _ = sink.send(close_frame(code, reason)).await;
                        return;
                    }
                }
                Some(Outbound::Close(code, reason)) => {
                    let _ = sink.send(close_frame(code, reason)).await;
                    return;
                }
                // The hub let go of this socket: it could not keep up.
                None => {
                    let _ = sink.send(close_frame(close::POLICY, "too slow")).await;
                    return;
                }
            },
        }
    }
}

/// Reads the client's frames with the heartbeat, idle timeout and frame cap; returns when the
/// connection should end (having queued its closing frame, if any).
async fn read_loop(
    app: &AppState,
    mut stream: futures_util::stream::SplitStream<WebSocket>,
    control: &tokio::sync::mpsc::Sender<Control>,
    auth: &SocketAuth,
    principal: &Principal,
) {
    let limits = app.hub.limits().clone();
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.tick().await;
    let mut last_heard = Instant::now();
    let (mut window_start, mut frames_in_window) = (Instant::now(), 0u32);
    let mut typed: Vec<(ChannelId, Instant)> = Vec::new();
    let say = |m: Message| control.send(Control::Frame(m));
    let end = |code, reason| control.send(Control::Close(code, reason));
    loop {
        tokio::select! {
            incoming = stream.next() => {
                let message = match incoming {
                    None => return,
                    Some(Ok(m)) => m,
                    Some(Err(e)) => {
                        // tungstenite refuses a message over the size limit before reading it.
                        if e.to_string().to_ascii_lowercase().contains("too long") {
                            let _ = end(close::TOO_BIG, "message too big").await;
                        }
                        return;
                    }
                };
                last_heard = Instant::now();
                if window_start.elapsed() >= Duration::from_secs(60) {
                    (window_start, frames_in_window) = (Instant::now(), 0);
                }
                frames_in_window += 1;
                if frames_in_window > limits.frames_per_minute {
                    let _ = end(close::POLICY, "too many frames").await;
                    return;
                }
                match message {
                    Message::Text(text) => {
                        let Ok(client) = serde_json::from_str::<ClientFrame>(&text) else {
                            let error = frame(&json!({"type": "error", "error": "unknown frame"}));
                            if say(Message::Text(error)).await.is_err() {
                                return;
                            }
                            continue;
                        };
                        match client {
                            ClientFrame::Ping => {
                                if say(Message::Text(Utf8Bytes::from_static("{\"type\":\"pong\"}"))).await.is_err() {
                                    return;
                                }
                            }
                            ClientFrame::Auth { token } => match Principal::checked_token(app, &token).await {
                                Ok(fresh) if fresh.principal.user == principal.user
                                    && fresh.principal.session == principal.session
                                    && fresh.version == auth.version => {
                                    auth.expires_at.store(fresh.expires_at, Ordering::Relaxed);
                                }
                                Ok(_) => {
                                    let _ = end(close::FORBIDDEN, "another account").await;
                                    return;
                                }
                                Err(_) => {
                                    let _ = end(close::UNAUTHORIZED, "unauthorized").await;
                                    return;
                                }
                            },
                            ClientFrame::Typing { channel_id } => {
                                typed.retain(|(_, at)| at.elapsed() < TYPING_EVERY);
                                if !typed.iter().any(|(c, _)| c == &channel_id) {
                                    typed.push((channel_id.clone(), Instant::now()));
                                    app.hub.typing(&principal.tenant, &principal.user, &channel_id).await;
                                }
                            }
                        }
                    }
                    Message::Binary(_) => {
                        let _ = end(close::UNSUPPORTED, "text frames only").await;
                        return;
                    }
                    Message::Close(_) => return,
                    Message::Ping(_) | Message::Pong(_) => {}
                }
            }
            _ = heartbeat.tick() => {
                if last_heard.elapsed() >= IDLE {
                    let _ = end(close::GOING_AWAY, "idle").await;
                    return;
                }
                if say(Message::Ping(Default::default())).await.is_err() {
                    return;
                }
            }
        }
    }
}
