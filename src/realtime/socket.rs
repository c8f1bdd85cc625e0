//! One WebSocket connection (DESIGN §8): the auth frame within 5 s, then events out and a few
//! client frames in (`auth` to refresh the token, `ping`, `typing`), with a heartbeat, an idle
//! timeout and a cap on frames per minute.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{Duration, Instant};

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket};
use futures_util::SinkExt;
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
    let _ = socket.send(Message::Close(Some(CloseFrame { code, reason: Utf8Bytes::from_static(reason) }))).await;
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
    });
    let hub = Arc::clone(&app.hub);
    let registered = match hub.register(&tenant, &user, Arc::clone(&auth)) {
        Ok(r) => r,
        Err(Refusal::TooManyForUser) => return close_with(socket, close::POLICY, "too many connections").await,
        Err(Refusal::Full) => return close_with(socket, close::TRY_LATER, "server full").await,
    };
    if send_ready(&mut socket, &hub, &tenant, &user).await {
        run(&app, &mut socket, registered.rx, &auth, &principal).await;
    }
    hub.unregister(&tenant, &user, registered.id);
}

async fn run(
    app: &AppState,
    socket: &mut WebSocket,
    mut rx: tokio::sync::mpsc::Receiver<Outbound>,
    auth: &SocketAuth,
    principal: &Principal,
) {
    let limits = app.hub.limits().clone();
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.tick().await;
    let mut last_heard = Instant::now();
    let (mut window_start, mut frames_in_window) = (Instant::now(), 0u32);
    let mut typed: Vec<(ChannelId, Instant)> = Vec::new();
    let end = |code, reason| Message::Close(Some(CloseFrame { code, reason: Utf8Bytes::from_static(reason) }));
    loop {
        tokio::select! {
            out = rx.recv() => match out {
                Some(Outbound::Frame(text)) => {
                    // What else is queued goes out with it in one write: under a burst (a busy
                    // room) that is one syscall and one wake-up for many frames.
                    if socket.feed(Message::Text(text)).await.is_err() {
                        return;
                    }
                    let mut closing = None;
                    for _ in 0..BATCH {
                        match rx.try_recv() {
                            Ok(Outbound::Frame(text)) => {
                                if socket.feed(Message::Text(text)).await.is_err() {
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
                    if socket.flush().await.is_err() {
                        return;
                    }
                    if let Some((code, reason)) = closing {
                        let _ = socket.send(end(code, reason)).await;
                        return;
                    }
                }
                Some(Outbound::Close(code, reason)) => {
                    let _ = socket.send(end(code, reason)).await;
                    return;
                }
                // The hub let go of this socket: it could not keep up.
                None => {
                    let _ = socket.send(end(close::POLICY, "too slow")).await;
                    return;
                }
            },
            incoming = socket.recv() => {
                let message = match incoming {
                    None => return,
                    Some(Ok(m)) => m,
                    Some(Err(e)) => {
                        // tungstenite refuses a message over the size limit before reading it.
                        if e.to_string().to_ascii_lowercase().contains("too long") {
                            let _ = socket.send(end(close::TOO_BIG, "message too big")).await;
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
                    let _ = socket.send(end(close::POLICY, "too many frames")).await;
                    return;
                }
                match message {
                    Message::Text(text) => {
                        let Ok(client) = serde_json::from_str::<ClientFrame>(&text) else {
                            let error = frame(&json!({"type": "error", "error": "unknown frame"}));
                            if socket.send(Message::Text(error)).await.is_err() {
                                return;
                            }
                            continue;
                        };
                        match client {
                            ClientFrame::Ping => {
                                if socket.send(Message::Text(Utf8Bytes::from_static("{\"type\":\"pong\"}"))).await.is_err() {
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
                                    let _ = socket.send(end(close::FORBIDDEN, "another account")).await;
                                    return;
                                }
                                Err(_) => {
                                    let _ = socket.send(end(close::UNAUTHORIZED, "unauthorized")).await;
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
                        let _ = socket.send(end(close::UNSUPPORTED, "text frames only")).await;
                        return;
                    }
                    Message::Close(_) => return,
                    Message::Ping(_) | Message::Pong(_) => {}
                }
            }
            _ = heartbeat.tick() => {
                if last_heard.elapsed() >= IDLE {
                    let _ = socket.send(end(close::GOING_AWAY, "idle")).await;
                    return;
                }
                if socket.send(Message::Ping(Default::default())).await.is_err() {
                    return;
                }
            }
        }
    }
}
