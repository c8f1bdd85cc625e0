//! Health (DESIGN §4): liveness with a database check, system facts, and the state of each
//! subsystem (for now the storage engine).

mod model;
mod routes;
mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub use model::{Health, ServicesHealth, StorageHealth, SystemHealth};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::health_legacy))
        .routes(routes!(routes::health))
        .routes(routes!(routes::system))
        .routes(routes!(routes::services))
}
