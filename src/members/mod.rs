//! Members (seed 000 `/organizations/{id}/members`, DESIGN §12): every active user of the
//! tenant, with the facts the rota needs — the jobs they can work and at what pay, where they
//! work, their weekly hour limit and rest, and whether they are on the rota at all. Who sees
//! which fact is decided in one place, [`model::MemberView::shown_to`].

pub mod model;
mod routes;
pub mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(routes::list)).routes(routes!(routes::get, routes::update, routes::remove))
}
