//! The time clock (issue 13, seed 000 `POST /api/v1/clock`): punches are the record, kept in
//! the order they happened; a person's entries and breaks are rebuilt from them
//! (`sequence.rs`, pure) whenever one arrives — late offline punches too. Per-location rules
//! (`rules.rs`): geofence, how early before a shift, rounding. Forgotten clock-outs are
//! flagged by `missed.rs`.

mod missed;
pub mod model;
mod routes;
pub mod rules;
pub mod sequence;
pub mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub use missed::{check_missed, run as run_missed_check};
pub use routes::{How, check_client_id, emit_punched, punch_time, record};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::punch, routes::state))
        .routes(routes!(routes::active))
        .routes(routes!(routes::settings, routes::update_settings))
}
