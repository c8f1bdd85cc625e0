//! Scheduled online backups (Packaging issue): every `backup.interval` one verified archive of
//! the database, secrets, uploads and config goes to the backup folder; the newest
//! `backup.keep` are kept; a failure e-mails the instance owner. The super admin sees the runs
//! and can start one.

mod link;
mod model;
mod routes;
pub mod service;
mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub use model::{BackupRun, BackupStatus, DownloadLink};
pub use service::{Runner, schedule};
pub use store::last_good;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::list, routes::start))
        .routes(routes!(routes::status))
        .routes(routes!(routes::download))
        .routes(routes!(routes::download_link))
}
