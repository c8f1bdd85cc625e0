//! Time off (issue 13): a person asks for whole days or part of one, a manager approves or
//! declines with a comment, either may cancel. Approved time off is the conflict engine's
//! `time_off` (`schedules::conflicts`), and blocks claiming an open shift.

pub mod model;
mod routes;

pub use routes::decide_request;
pub mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::list, routes::create))
        .routes(routes!(routes::get, routes::cancel))
        .routes(routes!(routes::approve))
        .routes(routes!(routes::decline))
}
