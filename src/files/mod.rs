//! Files, local in place of S3 (DESIGN §6, seed 000's presign): a signed, expiring `PUT` URL
//! on this server, bytes streamed to `<data dir>/uploads/<tenant>/<id>` (a server-chosen key)
//! with their checksum, the type checked by magic bytes, a per-tenant quota, and reading with
//! the bearer token or a signed link, and a thumbnail of each image. Chat attachments and
//! profile pictures use them.

mod model;
pub mod routes;
mod sign;
pub mod sniff;
mod store;
mod thumbnail;

pub use model::FileView;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

/// Where uploads are written until their bytes are complete and checked.
pub const SCRATCH_DIR: &str = ".upload-tmp";

/// Removes what uploads cut off by a crash or power loss left in the scratch directory. Called
/// with the data dir's lock held, so no upload of this instance is running.
pub fn clear_scratch(data_dir: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(data_dir.join(SCRATCH_DIR)) else { return };
    let mut removed = 0;
    for entry in entries.flatten() {
        if entry.file_type().is_ok_and(|t| t.is_file()) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    if removed > 0 {
        tracing::info!(removed, "removed the partial uploads of an earlier run");
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::presign))
        .routes(routes!(routes::upload))
        .routes(routes!(routes::get, routes::delete))
        .routes(routes!(routes::content))
        .routes(routes!(routes::link))
        .routes(routes!(routes::raw))
        .routes(routes!(routes::thumbnail))
}
