//! THE route map: one line per feature. This is the top floor: it imports every feature's
//! router, and no feature imports it (the shared state lives in `state.rs`).

use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::http::middleware::{self, HttpLimits};
use crate::state::AppState;

/// Every feature's routes with their OpenAPI entries.
fn feature_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(crate::openapi::ApiDoc::openapi())
        .merge(crate::health::router())
        .merge(crate::setup::router())
        .merge(crate::auth::router())
        .merge(crate::mail::router())
        .merge(crate::users::router())
        .merge(crate::tenants::router())
        .merge(crate::superadmin::router())
        .merge(crate::backups::router())
        .merge(crate::orgs::router())
        .merge(crate::access::router())
        .merge(crate::serviceaccounts::router())
        .merge(crate::setuphub::router())
        .merge(crate::jobs::router())
        .merge(crate::members::router())
        .merge(crate::groups::router())
        .merge(crate::schedules::router())
        .merge(crate::chat::router())
        .merge(crate::files::router())
        .merge(crate::timeclock::router())
        .merge(crate::timeoff::router())
        .merge(crate::timesheets::router())
        .merge(crate::inbox::router())
        .merge(crate::calendar::router())
        .merge(crate::swaps::router())
        .merge(crate::notifications::router())
        .merge(crate::dashboard::router())
        .merge(crate::kiosk::router())
}

/// The OpenAPI document, built from the same annotations as the handlers.
pub fn openapi() -> utoipa::openapi::OpenApi {
    routes_and_spec().1
}

/// The feature routes and their OpenAPI document, completed with the common answers.
fn routes_and_spec() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (routes, mut spec) = feature_routes().split_for_parts();
    crate::openapi::complete(&mut spec);
    (routes, spec)
}

/// The whole HTTP application. Tests build it through here too.
pub fn app(state: AppState) -> Router {
    app_with(state, Router::new())
}

/// The application with `extra` routes mounted under the same middleware; the integration
/// tests mount probe routes here to exercise the extractors and the error pipeline.
pub fn app_with(state: AppState, extra: Router<AppState>) -> Router {
    let (api_routes, mut spec) = routes_and_spec();
    crate::openapi::fit_to(&mut spec, &state.config);
    let hsts = state.config.server.public_url.as_deref().is_some_and(|u| u.starts_with("https://"));
    let limits = HttpLimits {
        request_timeout: state.config.server.request_timeout.0,
        hsts,
        metrics: state.http_metrics.clone(),
    };
    api_routes
        .merge(crate::openapi::router(spec))
        .merge(crate::compat::router())
        .merge(crate::ui::router())
        .merge(crate::metrics::router())
        .merge(crate::realtime::router())
        .merge(extra)
        .route_layer(axum::middleware::from_fn(crate::metrics::label_route))
        .fallback(crate::ui::fallback)
        .layer(axum::extract::DefaultBodyLimit::max(crate::http::json::JSON_LIMIT))
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(limits, middleware::observe))
}

/// Starts the background tasks: the mail sender, scheduled backups, the daily database
/// maintenance and the pruning of old events and deleted shifts. Aborting the handle stops them all.
pub fn start_background(state: &AppState) -> tokio::task::JoinHandle<()> {
    let state = state.clone();
    tokio::spawn(async move {
        let every = state.config.storage.maintenance_interval.0;
        match crate::schedules::rota::realign_instants(&state.db, state.clock.now()).await {
            Ok(0) => {}
            Ok(moved) => tracing::info!(moved, "time-zone rules changed: future shifts moved to their new instants"),
            Err(e) => tracing::warn!("checking future shifts against the time-zone rules: {e}"),
        }
        tokio::join!(
            crate::mail::sender::run(state.clone()),
            crate::backups::schedule(state.clone()),
            crate::db::maintenance(state.db.clone(), every),
            crate::schedules::retention::run(state.db.clone(), state.clock.clone(), every),
            crate::realtime::run(state.clone()),
            crate::timeclock::run_missed_check(state.db.clone(), state.clock.clone()),
            crate::notifications::pipeline::run(state.clone()),
        );
    })
}
