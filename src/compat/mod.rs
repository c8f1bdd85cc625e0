//! Compatibility routes (DESIGN §4): seed 002's salon dialect at `/api/auth/…` and seed 003's
//! `/api/login` and `/api/token/refresh`, field by field as those documents spell them, for
//! clients written against them. They call the same services as v1 — no logic of their own
//! beyond translating names — and ignore unknown fields.

mod seed002;
mod seed003;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    seed002::router().merge(seed003::router())
}
