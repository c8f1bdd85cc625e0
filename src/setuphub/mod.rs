//! The owner's onboarding checklist (seed 001's Setup Hub): set up e-mail, add the team, check
//! the business details and opening hours. Auto-check ticks tasks from the data; the owner can
//! tick or skip them by hand, and dismiss the list once every task is done. Later features add
//! their tasks (first schedule, first published week) to `TaskCode` when they land.

pub mod model;
mod routes;
pub mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::get))
        .routes(routes!(routes::update_task))
        .routes(routes!(routes::auto_check))
        .routes(routes!(routes::complete))
}
