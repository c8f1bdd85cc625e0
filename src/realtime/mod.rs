//! Real time (DESIGN §8): one WebSocket endpoint, `/api/v1/ws`, that carries the committed
//! events of every feature (§13) to exactly the sockets allowed to see them, plus the
//! ephemeral `presence`, `chat.typing` and `chat.read` frames. Not in the OpenAPI document
//! (it is not a JSON route); docs/API.md describes its frames.

pub mod hub;
pub mod socket;

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast::error::RecvError;

use crate::access::perm::{self, Permission};
use crate::auth::Principal;
use crate::http::client::Client;
use crate::http::{ApiError, Msg};
use crate::state::AppState;
pub use hub::Hub;

/// A client frame (and so a message) larger than this closes the socket with 1009.
pub const MAX_MESSAGE: usize = 64 * 1024;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/ws", get(upgrade))
}

/// A present `Origin` must be this server's (a page elsewhere cannot open a socket with a
/// victim's token it does not have, but may not even try); none is allowed (native clients).
fn origin_allowed(headers: &HeaderMap, client: &Client) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else { return true };
    let Ok(origin) = origin.to_str() else { return false };
    client.origin.as_deref().is_some_and(|own| own.eq_ignore_ascii_case(origin))
}

async fn upgrade(
    State(app): State<AppState>,
    client: Client,
    headers: HeaderMap,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    if !origin_allowed(&headers, &client) {
        return ApiError::Forbidden.into_response();
    }
    let Ok(upgrade) = upgrade else {
        let problem =
            crate::http::error::FieldProblem::with_detail(Msg::FieldInvalid, "a WebSocket upgrade is expected");
        return ApiError::validation("upgrade", problem).into_response();
    };
    upgrade
        .read_buffer_size(4 * 1024)
        .write_buffer_size(4 * 1024)
        .max_write_buffer_size(MAX_MESSAGE * 4)
        .max_message_size(MAX_MESSAGE)
        .max_frame_size(MAX_MESSAGE)
        .on_upgrade(move |ws| socket::serve(app, ws))
}

/// Hands committed events to the hub, in `seq` order, and checks every socket's token once a
/// second: revoked sessions and raised token versions close with 1008 at once, an expired
/// token with 4001, and a changed role changes what the socket hears.
pub async fn run(app: AppState) {
    let mut events = app.db.subscribe_events();
    let mut last_seq = 0i64;
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    loop {
        tokio::select! {
            received = events.recv() => match received {
                Ok(event) => {
                    last_seq = event.seq;
                    app.hub.deliver(&event).await;
                }
                Err(RecvError::Lagged(_)) => {
                    // Fell behind the writer: read what was missed from the table itself.
                    let from = last_seq;
                    let missed = app.db.read(move |c| Ok(crate::db::events::committed_since(c, from)?)).await;
                    for event in missed.unwrap_or_default() {
                        last_seq = event.seq;
                        app.hub.deliver(&event).await;
                    }
                }
                Err(RecvError::Closed) => return,
            },
            _ = tick.tick() => check_sockets(&app).await,
        }
    }
}

async fn check_sockets(app: &AppState) {
    let now = app.clock.now().as_second();
    let mut states = HashMap::new();
    for (tenant, user, id, auth) in app.hub.sockets() {
        if app.revoked.is_revoked(&auth.session) {
            app.hub.close(&tenant, &user, id, socket::close::POLICY, "session ended");
            continue;
        }
        if auth.expires_at.load(std::sync::atomic::Ordering::Relaxed) <= now {
            app.hub.close(&tenant, &user, id, socket::close::UNAUTHORIZED, "token expired");
            continue;
        }
        let key = (user.clone(), auth.version);
        if !states.contains_key(&key) {
            let state = Principal::recheck(app, &user, &tenant, auth.version).await;
            states.insert(key.clone(), state);
        }
        match states.get(&key).and_then(Option::as_ref) {
            None => app.hub.close(&tenant, &user, id, socket::close::POLICY, "access changed"),
            Some(state) => {
                let manages = state.grants.allows(perm::SchedulesWrite::CODE);
                auth.manages_schedules.store(manages, std::sync::atomic::Ordering::Relaxed);
                let clock = state.grants.allows(perm::ClockManage::CODE);
                auth.manages_clock.store(clock, std::sync::atomic::Ordering::Relaxed);
            }
        }
    }
}

/// The hub's figures for `/metrics`.
pub fn write_metrics(hub: &Arc<Hub>, out: &mut String) {
    use std::fmt::Write;
    use std::sync::atomic::Ordering::Relaxed;
    let m = &hub.metrics;
    let mut metric = |name: &str, kind: &str, help: &str, value: f64| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}");
    };
    metric("staffroom_ws_connections", "gauge", "Open real-time sockets.", m.connections.load(Relaxed) as f64);
    metric("staffroom_ws_events_total", "counter", "Committed events fanned out.", m.events.load(Relaxed) as f64);
    metric("staffroom_ws_deliveries_total", "counter", "Frames queued to sockets.", m.deliveries.load(Relaxed) as f64);
    metric(
        "staffroom_ws_dropped_slow_total",
        "counter",
        "Sockets dropped for not keeping up.",
        m.dropped_slow.load(Relaxed) as f64,
    );
    metric("staffroom_ws_refused_total", "counter", "Sockets refused by a cap.", m.refused.load(Relaxed) as f64);
    metric(
        "staffroom_ws_closed_policy_total",
        "counter",
        "Sockets closed by the hub (revoked, expired, access changed).",
        m.closed_policy.load(Relaxed) as f64,
    );
}
