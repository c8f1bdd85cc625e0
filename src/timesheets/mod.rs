//! Timesheets (issue 13): a person's worked time per pay period (`period.rs`) — scheduled vs
//! worked, breaks, daily and weekly overtime (`hours.rs`, pure) — with managers' corrections
//! kept beside the punches, approval that locks the period, an audited unlock, and the payroll
//! CSV (`csv.rs`).

mod csv;
pub mod hours;
pub mod model;
pub mod period;
mod routes;

pub use routes::{approve_period, everyone};
pub mod sheet;
pub mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::list))
        .routes(routes!(routes::export))
        .routes(routes!(routes::get))
        .routes(routes!(routes::approve))
        .routes(routes!(routes::unlock))
        .routes(routes!(routes::correct))
}
