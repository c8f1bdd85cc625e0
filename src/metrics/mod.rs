//! Prometheus metrics at `/metrics` (Packaging issue): requests by route and status, a latency
//! histogram, the storage engine, the mail outbox, backups and the process. Open with the
//! `metrics.token` as a bearer token, or without one from loopback only.

mod routes;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

pub use crate::http::metrics::{HttpMetrics, RouteLabel, label_route};

/// Not in the OpenAPI document: Prometheus text, not the JSON API.
pub fn router() -> Router<AppState> {
    Router::new().route("/metrics", get(routes::scrape))
}
