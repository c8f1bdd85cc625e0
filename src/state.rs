//! The shared application state every feature's handlers receive, and opening a data dir into
//! it. This module sits at the bottom of the house: features import it, it imports no router
//! (the route map in `app.rs` stands on top and imports every feature).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::auth::password::Hasher;
use crate::auth::revoked::RevokedSessions;
use crate::auth::tokens::TokenKeys;
use crate::auth::versions::TokenVersions;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
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
    /// Sessions ended before their access tokens expire (logout, a reused refresh token).
    pub revoked: Arc<RevokedSessions>,
    pub hasher: Arc<Hasher>,
    pub limiter: Arc<RateLimiter>,
    pub setup: Arc<SetupGate>,
    pub trusted_proxies: Arc<Vec<ipnet::IpNet>>,
    pub mailer: Mailer,
    pub key_use: Arc<crate::serviceaccounts::KeyUse>,
    pub backups: Arc<crate::backups::Runner>,
    pub http_metrics: Arc<crate::metrics::HttpMetrics>,
    /// The real-time hub: open sockets and the fan-out of events.
    pub hub: Arc<crate::realtime::Hub>,
    /// The config file in use, if any: it goes into every backup archive.
    pub config_file: Option<Arc<PathBuf>>,
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
    #[error("reading the database at start: {0}")]
    SetupState(String),
}

impl Instance {
    pub fn open(data_dir: &Path, config: Config, clock: Clock) -> Result<Instance, StartError> {
        let started = Instant::now();
        let lock = InstanceLock::acquire(data_dir)?;
        crate::paths::warn_if_unreliable(data_dir);
        crate::files::clear_scratch(data_dir);
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
        let revoked = RevokedSessions::default();
        let longest = config.auth.longest_access_ttl();
        let since =
            clock.now().checked_sub(jiff::SignedDuration::try_from(longest).unwrap_or_default()).unwrap_or(clock.now());
        let recent = crate::db::conn::open(&db.path, config.storage.synchronous, crate::db::conn::Role::Reader)
            .map_err(|e| StartError::SetupState(e.to_string()))
            .and_then(|c| {
                crate::auth::store::revoked_since(&c, since).map_err(|e| StartError::SetupState(e.to_string()))
            })?;
        for (session, at) in recent {
            revoked.revoke(session, at.parse().unwrap_or(clock.now()), longest);
        }
        let trusted_proxies =
            config.server.trusted_proxies.iter().filter_map(|n| crate::config::parse_net(n)).collect();
        let state = AppState {
            tokens: Arc::new(TokenKeys::new(&secrets.jwt_key)),
            versions: Arc::new(TokenVersions::default()),
            revoked: Arc::new(revoked),
            hasher: Arc::new(Hasher::for_this_machine()),
            limiter: Arc::new(RateLimiter::new(&config.rate_limits)),
            setup: Arc::new(setup),
            trusted_proxies: Arc::new(trusted_proxies),
            mailer: Mailer::default(),
            key_use: Arc::default(),
            backups: Arc::default(),
            http_metrics: Arc::default(),
            hub: Arc::new(crate::realtime::Hub::new(db.clone(), config.realtime.clone())),
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
