//! Organizations and their locations (DESIGN §3), and the organization settings. Setup creates
//! the first organization and location; `business.rs` lets the owner change them afterwards.

mod business;
pub mod model;
mod routes;
pub mod settings;
pub mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::list))
        .routes(routes!(routes::by_category))
        .routes(routes!(routes::get, routes::put))
        .routes(routes!(business::list))
        .routes(routes!(business::get, business::update))
        .routes(routes!(business::locations, business::create_location))
        .routes(routes!(business::location, business::update_location, business::delete_location))
}
