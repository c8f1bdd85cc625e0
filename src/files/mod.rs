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
