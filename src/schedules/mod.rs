//! Scheduling (seed 000 `/schedules…`, DESIGN §12): schedules with materialised assignees,
//! shifts with DST-correct instants and a version guard, draft → publish, open shifts and
//! claims, unavailability, copy week and templates, labor — and one conflict engine
//! (`conflicts.rs`) that every write and every list goes through.

pub mod access;
pub mod claims;
pub mod conflicts;
pub mod events;
mod labor;
pub mod model;
pub mod retention;
pub mod rota;
mod routes;
pub mod shifts;
pub mod store;
pub mod time;
mod unavailability;
mod view;
mod weeks;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::list, routes::create))
        .routes(routes!(routes::get, routes::update, routes::delete))
        .routes(routes!(shifts::list, shifts::create))
        .routes(routes!(shifts::get, shifts::update, shifts::delete))
        .routes(routes!(shifts::publish))
        .routes(routes!(shifts::mine))
        .routes(routes!(claims::claim_shift))
        .routes(routes!(claims::list))
        .routes(routes!(claims::approve))
        .routes(routes!(claims::decline))
        .routes(routes!(unavailability::list, unavailability::create))
        .routes(routes!(unavailability::delete))
        .routes(routes!(weeks::copy_week))
        .routes(routes!(weeks::templates, weeks::save_template))
        .routes(routes!(weeks::apply_template))
        .routes(routes!(weeks::delete_template))
}
