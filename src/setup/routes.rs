use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

use super::model::{SetupRequest, SetupStatus, ValidSetup};
use super::service::{self, SetupContext};
use crate::app::AppState;
use crate::auth::answer::SessionAnswer;
use crate::auth::cookies;
use crate::auth::model::TokenAnswer;
use crate::http::client::Client;
use crate::http::ratelimit::Scope;
use crate::http::{ApiError, ApiJson, ApiOk, Envelope, Lang};

/// Whether the first-run setup is still to be done.
#[utoipa::path(get, path = "/api/v1/auth/setup-status", tag = "setup",
    responses((status = 200, body = Envelope<SetupStatus>)))]
pub async fn setup_status(State(app): State<AppState>) -> ApiOk<SetupStatus> {
    let needs_setup = !app.setup.is_completed();
    ApiOk(SetupStatus { needs_setup, setup_code_required: needs_setup && app.setup.code_required() })
}

/// Completes the first-run setup: creates the owner, the tenant, its organization and first
/// location, and signs the owner in. Works once.
#[utoipa::path(post, path = "/api/v1/auth/setup", tag = "setup", request_body = SetupRequest,
    responses((status = 201, body = Envelope<TokenAnswer>), (status = 400, description = "setup_done or validation_failed"),
        (status = 403, description = "setup_code_invalid"), (status = 429, description = "too many wrong codes")))]
pub async fn setup(
    State(app): State<AppState>,
    client: Client,
    lang: Lang,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SetupRequest>,
) -> Result<SessionAnswer, ApiError> {
    if app.setup.is_completed() {
        return Err(ApiError::SetupDone);
    }
    let ip = client.ip.to_string();
    app.limiter.check(Scope::SetupCodeFailuresPerIp, client.ip, &ip)?;
    if !app.setup.accepts(body.setup_code.as_deref()) {
        app.limiter.hit(Scope::SetupCodeFailuresPerIp, client.ip, &ip)?;
        tracing::warn!(%ip, "setup attempted with a wrong setup code");
        return Err(ApiError::SetupCodeInvalid);
    }
    let (valid, password) = ValidSetup::parse(body)?;
    let password_hash = app.hasher.hash(password).await?;
    let ctx = SetupContext {
        password_hash,
        locale: lang.code(),
        origin: client.origin.clone(),
        mobile: cookies::is_mobile(&headers, false),
        ip,
        now: app.clock.now(),
        refresh_ttl: app.config.auth.refresh_token_ttl.0,
    };
    let started = app.db.write(move |tx| service::complete(tx, &valid, &ctx)).await?;
    app.setup.complete();
    tracing::info!("setup completed: the owner account and the first tenant exist");
    SessionAnswer::build(&app, started, &client, StatusCode::CREATED)
}
