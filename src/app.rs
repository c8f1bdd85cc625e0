//! The application state and THE route map: one line per feature.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::auth::password::Hasher;
use crate::auth::tokens::TokenKeys;
use crate::auth::versions::TokenVersions;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::http::middleware::{self, HttpLimits};
use crate::http::ratelimit::RateLimiter;
use crate::lock::InstanceLock;
use crate::mail::Mailer;
use crate::secrets::Secrets;
use crate::setup::code::SetupGate;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub clock: Clock,
    pub secrets: Arc<Secrets>,
    pub data_dir: Arc<PathBuf>,
    pub started: Instant,
    pub tokens: Arc<TokenKeys>,
    pub versions: Arc<TokenVersions>,
    pub hasher: Arc<Hasher>,
    pub limiter: Arc<RateLimiter>,
    pub setup: Arc<SetupGate>,
    pub trusted_proxies: Arc<Vec<ipnet::IpNet>>,
    pub mailer: Mailer,
    pub key_use: Arc<crate::serviceaccounts::KeyUse>,
    pub backups: Arc<crate::backups::Runner>,
    pub http_metrics: Arc<crate::metrics::HttpMetrics>,
    /// The config file in use, if any: it goes into every backup archive.
    pub config_file: Option<Arc<PathBuf>>,
}

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
    let (api_routes, spec) = routes_and_spec();
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
        .merge(extra)
        .route_layer(axum::middleware::from_fn(crate::metrics::label_route))
        .fallback(crate::ui::fallback)
        .layer(axum::extract::DefaultBodyLimit::max(crate::http::json::JSON_LIMIT))
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(limits, middleware::observe))
}

/// Starts the background tasks: the mail sender, scheduled backups, the daily database
/// maintenance. Aborting the handle stops them all.
pub fn start_background(state: &AppState) -> tokio::task::JoinHandle<()> {
    let state = state.clone();
    tokio::spawn(async move {
        let every = state.config.storage.maintenance_interval.0;
        tokio::join!(
            crate::mail::sender::run(state.clone()),
            crate::backups::schedule(state.clone()),
            crate::db::maintenance(state.db.clone(), every),
        );
    })
}

/// A data dir opened for serving: locked, secrets loaded, database migrated.
pub struct Instance {
    pub state: AppState,
    pub lock: InstanceLock,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Lock(#[from] crate::lock::LockError),
    #[error("secrets: {0}")]
    Secrets(std::io::Error),
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    #[error("reading the setup state: {0}")]
    SetupState(String),
}

impl Instance {
    pub fn open(data_dir: &Path, config: Config, clock: Clock) -> Result<Instance, StartError> {
        let started = Instant::now();
        let lock = InstanceLock::acquire(data_dir)?;
        crate::paths::warn_if_unreliable(data_dir);
        let secrets = Secrets::load_or_create(data_dir).map_err(StartError::Secrets)?;
        let stamp = clock.now().strftime("%Y%m%dT%H%M%SZ").to_string();
        let db = Db::open(data_dir, &config.storage, &stamp)?;
        let completed = crate::db::conn::open(&db.path, config.storage.synchronous, crate::db::conn::Role::Reader)
            .map_err(|e| StartError::SetupState(e.to_string()))
            .and_then(|c| {
                crate::setup::store::setup_completed(&c).map_err(|e| StartError::SetupState(e.to_string()))
            })?;
        let setup = SetupGate::open(data_dir, completed, config.auth.require_setup_code)
            .map_err(|e| StartError::SetupState(e.to_string()))?;
        let trusted_proxies =
            config.server.trusted_proxies.iter().filter_map(|n| crate::config::parse_net(n)).collect();
        let state = AppState {
            tokens: Arc::new(TokenKeys::new(&secrets.jwt_key)),
            versions: Arc::new(TokenVersions::default()),
            hasher: Arc::new(Hasher::for_this_machine()),
            limiter: Arc::new(RateLimiter::new(&config.rate_limits)),
            setup: Arc::new(setup),
            trusted_proxies: Arc::new(trusted_proxies),
            mailer: Mailer::default(),
            key_use: Arc::default(),
            backups: Arc::default(),
            http_metrics: Arc::default(),
            config_file: None,
            config: Arc::new(config),
            db,
            clock,
            secrets: Arc::new(secrets),
            data_dir: Arc::new(data_dir.to_path_buf()),
            started,
        };
        Ok(Instance { state, lock })
    }
}
