//! Shift swaps and hand-overs (issue 13): offered by the shift's person to one colleague or to
//! everyone on the schedule who may take it, accepted by the other (the conflict engine judges
//! them as the new assignee), approved by a planner when the schedule's `swapNeedsApproval`
//! asks for it. The hand-over is published at once.

pub mod model;
mod routes;
pub mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub use routes::{blockers, decide_swap};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::offer))
        .routes(routes!(routes::list))
        .routes(routes!(routes::accept))
        .routes(routes!(routes::approve))
        .routes(routes!(routes::decline))
        .routes(routes!(routes::cancel))
}
