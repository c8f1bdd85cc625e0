//! Notifications (issue 14): one pipeline from every feature's events (DESIGN §13) to the
//! in-app inbox (live over the WebSocket) and e-mail (through the outbox), with each person's
//! preferences, language and Do Not Disturb — which may follow their published shifts.

pub mod analytics;
pub mod catalog;
pub mod digest;
pub mod model;
pub mod pipeline;
pub mod push;
pub mod quiet;
mod routes;
pub mod store;
pub mod templates;
pub mod texts;
pub mod webpush;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::list))
        .routes(routes!(routes::unread_count))
        .routes(routes!(routes::mark_read))
        .routes(routes!(routes::mark_all_read))
        .routes(routes!(routes::dismiss))
        .routes(routes!(routes::preference_catalog))
        .routes(routes!(routes::preferences, routes::set_preference))
        .routes(routes!(routes::get_dnd, routes::put_dnd))
        .routes(routes!(analytics::analytics))
        .routes(routes!(digest::stats))
        .routes(routes!(digest::get_settings, digest::put_settings))
        .routes(routes!(push::vapid_key))
        .routes(routes!(push::list, push::subscribe))
        .routes(routes!(push::unsubscribe))
        .routes(routes!(templates::list))
        .routes(routes!(templates::get))
        .routes(routes!(templates::customize))
        .routes(routes!(templates::preview))
        .routes(routes!(templates::reset))
}
