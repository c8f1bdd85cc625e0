//! The personal dashboard of seed 001 (issue 14): what the caller has to do next — their coming
//! shifts, the open shifts they may take, the requests waiting for their decision — and what
//! waits unread for them, in one answer each, for the home page.

mod model;
mod routes;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(routes::action_items)).routes(routes!(routes::unread_counts))
}
