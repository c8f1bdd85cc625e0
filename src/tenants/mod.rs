//! Tenants: one business each (DESIGN §3). The first comes from setup; more register here when
//! the operator allows it.

pub mod model;
mod routes;
pub mod service;
pub mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub use routes::slug_is_valid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::register))
        .routes(routes!(routes::me))
        .routes(routes!(routes::by_slug))
        .routes(routes!(routes::check_slug))
}
