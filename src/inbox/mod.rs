//! One approval inbox (issue 13): open-shift claims, time off and timesheets waiting for a
//! manager, each with its conflicts and overtime; decided one by one or in bulk.

pub mod model;
mod routes;

pub use routes::waiting;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(routes::inbox)).routes(routes!(routes::decide))
}
