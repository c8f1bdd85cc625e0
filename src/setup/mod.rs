//! First-run setup (DESIGN §5): while no setup has completed, anyone holding the setup code
//! from the server's log can create the owner, the first tenant, organization and location.

pub mod code;
pub mod model;
mod routes;
pub mod service;
pub mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::setup_status))
        .routes(routes!(routes::setup))
        .routes(routes!(routes::check_code))
}
