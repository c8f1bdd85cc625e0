//! Sign-in (DESIGN §5, §6): login, refresh-token rotation with reuse detection, web cookies
//! with CSRF, logout, and who-am-I. Access tokens are HS256 JWTs checked on every request
//! against the token-version cache; refresh tokens are opaque and stored hashed.

pub mod answer;
pub mod cookies;
pub mod device;
pub mod model;
pub mod onetime;
mod otp;
pub mod password;
pub mod passwords;
pub mod principal;
pub mod revoked;
mod routes;
pub mod service;
pub mod session;
pub mod store;
pub mod tokens;
pub mod versions;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub use principal::{MaybePrincipal, Member, Principal};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::auth_config))
        .routes(routes!(routes::check_email))
        .routes(routes!(routes::login))
        .routes(routes!(routes::refresh))
        .routes(routes!(routes::logout))
        .routes(routes!(routes::logout_all))
        .routes(routes!(routes::me))
        .routes(routes!(routes::me_short))
        .routes(routes!(routes::users_me))
        .routes(routes!(routes::permissions_me))
        .routes(routes!(otp::start))
        .routes(routes!(otp::verify))
        .routes(routes!(passwords::forgot))
        .routes(routes!(passwords::reset))
        .routes(routes!(passwords::change))
        .routes(routes!(passwords::send_verification))
        .routes(routes!(passwords::verify_email))
}
