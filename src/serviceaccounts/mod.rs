//! Service accounts (seed 003): API keys `sr_<prefix>_<secret>` that an admin creates with
//! scopes; shown once, stored hashed, accepted only on `/api/v1/sa/…` routes.

pub mod caller;
pub mod model;
mod routes;
pub mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub use caller::KeyUse;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::list, routes::create))
        .routes(routes!(routes::revoke))
        .routes(routes!(routes::sa_tenant))
        .routes(routes!(routes::sa_users))
}
