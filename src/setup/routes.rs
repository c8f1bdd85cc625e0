use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

use super::model::{SetupCodeCheck, SetupRequest, SetupStatus};
use super::service;
use crate::auth::answer::SessionAnswer;
use crate::auth::cookies;
use crate::auth::model::TokenAnswer;
use crate::http::client::Client;
use crate::http::{ApiError, ApiJson, ApiOk, ApiResult, Envelope, Lang};
use crate::state::AppState;

/// Whether the first-run setup is still to be done.
#[utoipa::path(get, path = "/api/v1/auth/setup-status", tag = "setup",
    responses((status = 200, body = Envelope<SetupStatus>)))]
pub async fn setup_status(State(app): State<AppState>) -> ApiOk<SetupStatus> {
    let needs_setup = !app.setup.is_completed();
    ApiOk(SetupStatus { needs_setup, setup_code_required: needs_setup && app.setup.code_required() })
}

/// Checks a setup code before the wizard asks for anything else (the same rate limit as setup).
#[utoipa::path(post, path = "/api/v1/auth/setup/check-code", tag = "setup", request_body = SetupCodeCheck,
    responses((status = 200, description = "`data: null`: the code is right"), (status = 400, description = "setup_done"),
        (status = 403, description = "setup_code_invalid"), (status = 429, description = "too many wrong codes")))]
pub async fn check_code(
    State(app): State<AppState>,
    client: Client,
    ApiJson(body): ApiJson<SetupCodeCheck>,
) -> ApiResult<ApiOk<()>> {
    service::check_code(&app, &client, Some(&body.setup_code))?;
    Ok(ApiOk(()))
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
    let started = service::run(&app, &client, lang, body, cookies::is_mobile(&headers, false)).await?;
    SessionAnswer::build(&app, started, &client, StatusCode::CREATED)
}
