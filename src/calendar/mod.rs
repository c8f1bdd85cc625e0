//! Calendar feeds (issue 13): per person a secret, revocable iCalendar URL with their published
//! shifts, the open shifts they may claim and their approved time off; per planner and
//! schedule one with the schedule's shifts. Deleted shifts (kept 90 days) are sent as
//! `STATUS:CANCELLED`, a shift's `version` is its `SEQUENCE`, times are UTC.

mod ics;
mod routes;
pub mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub use routes::FeedUrl;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::mine))
        .routes(routes!(routes::regenerate_mine))
        .routes(routes!(routes::schedule))
        .routes(routes!(routes::regenerate_schedule))
        .routes(routes!(routes::feed))
}

/// The request path as the access log may show it: a feed's secret is cut.
pub fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    const FEEDS: &str = "/api/v1/calendar/";
    match path.strip_prefix(FEEDS) {
        Some(rest) if !rest.is_empty() => std::borrow::Cow::Owned(format!("{FEEDS}…")),
        _ => std::borrow::Cow::Borrowed(path),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_feeds_secret_never_reaches_the_log() {
        assert_eq!(super::loggable_path("/api/v1/calendar/0123abcd.ics"), "/api/v1/calendar/…");
        assert_eq!(super::loggable_path("/api/v1/me/calendar"), "/api/v1/me/calendar");
    }
}
