//! Segments and smart groups (seed 000 `/smart-groups…`, DESIGN §12): people chosen by rules
//! on their role, jobs, locations and status, plus people added or left out by hand. Members
//! are materialised by [`membership::refresh`] in every write job that could change them, so
//! reads never evaluate rules.

pub mod membership;
pub mod model;
mod routes;
pub mod rules;
pub mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::list, routes::create))
        .routes(routes!(routes::preview))
        .routes(routes!(routes::segments, routes::create_segment))
        .routes(routes!(routes::segment, routes::update_segment, routes::delete_segment))
        .routes(routes!(routes::get, routes::update, routes::delete))
}
