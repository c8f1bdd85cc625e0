//! User accounts: invitations and their acceptance, the team list, changes of name, role and
//! status, deactivation (sessions end at once), permanent deletion, and seed 002's
//! admin-created accounts with a temporary password.

pub mod admin;
pub mod me;
pub mod model;
pub mod routes;
pub mod service;
pub mod store;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::list, routes::create))
        .routes(routes!(routes::accept_invitation))
        .routes(routes!(routes::check_invitation))
        .routes(routes!(routes::get, routes::update, routes::deactivate))
        .routes(routes!(routes::activate))
        .routes(routes!(routes::resend_invitation))
        .routes(routes!(routes::delete_permanently))
        .routes(routes!(routes::register))
        .routes(routes!(me::get_profile, me::put_profile))
        .routes(routes!(me::get_preferences, me::put_preferences))
        .routes(routes!(me::register_device, me::remove_device))
}
