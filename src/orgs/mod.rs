//! Organizations and their locations (DESIGN §3), and the organization settings. Setup creates
//! the first organization and location; their management routes come with a later issue.

pub mod model;
mod routes;
pub mod settings;
pub mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::app::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::list))
        .routes(routes!(routes::by_category))
        .routes(routes!(routes::get, routes::put))
}
