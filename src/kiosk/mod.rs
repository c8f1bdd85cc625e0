//! Kiosks (issue 13): a location's shared tablet as its own principal — a revocable device
//! token scoped to one location, accepted only on `/api/v1/kiosk/…` — where staff pick their
//! name and enter a personal PIN to punch. Five wrong PINs lock that person on that kiosk for
//! five minutes and tell the clock's managers (`clock.pin_locked`).

mod device;
pub mod model;
mod routes;
pub mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::list, routes::create))
        .routes(routes!(routes::revoke))
        .routes(routes!(routes::set_pin))
        .routes(routes!(routes::clear_pin))
        .routes(routes!(routes::me))
        .routes(routes!(routes::people))
        .routes(routes!(routes::punch))
}
