//! The job list (seed 000 `/job-list`, DESIGN §12): the kinds of work on the rota — front
//! desk, stylist, colourist — each with a colour for the board and an optional hourly rate in
//! minor units. A job that shifts use is deactivated, not deleted.

pub mod model;
mod routes;
pub mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::list, routes::create))
        .routes(routes!(routes::get, routes::update, routes::delete))
        .routes(routes!(routes::bulk_delete))
}
