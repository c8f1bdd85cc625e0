//! HTTP conventions shared by every feature: the error type and envelope, extractors,
//! languages and the request middleware (DESIGN §4).

pub mod client;
pub mod error;
pub mod extract;
pub mod fields;
pub mod i18n;
pub mod json;
pub mod metrics;
pub mod middleware;
pub mod page;
pub mod ratelimit;
pub mod schema;
pub mod text;

pub use error::{ApiError, ApiResult};
pub use extract::{ApiPath, ApiQuery};
pub use i18n::{Lang, Msg};
pub use json::{ApiJson, ApiOk, Created, Envelope, OptionalJson};
