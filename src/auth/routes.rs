use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use super::answer::{SessionAnswer, error_clearing_cookies};
use super::model::{
    AuthConfigView, CheckEmailRequest, CheckEmailView, LoginRequest, LogoutRequest, MeView, MyPermissions,
    RefreshRequest, TokenAnswer,
};
use super::principal::Principal;
use super::session::Rotation;
use super::{cookies, store};
use crate::audit;
use crate::http::client::Client;
use crate::http::ratelimit::Scope;
use crate::http::{ApiError, ApiJson, ApiOk, ApiResult, Envelope, OptionalJson};
use crate::state::AppState;
use crate::users::model::email_key;

/// Public facts for the login page.
#[utoipa::path(get, path = "/api/v1/auth/config", tag = "auth",
    responses((status = 200, body = Envelope<AuthConfigView>)))]
pub async fn auth_config(State(app): State<AppState>) -> ApiResult<ApiOk<AuthConfigView>> {
    let tenant_slug = app.db.read(crate::tenants::store::only_slug).await?;
    Ok(ApiOk(AuthConfigView {
        portal: "org",
        login_identifier: "email",
        tenant_slug,
        needs_setup: !app.setup.is_completed(),
        otp_channels: if app.config.sms.webhook_url.is_some() { vec!["email", "phone"] } else { vec!["email"] },
        registration_open: app.config.tenants.allow_registration,
    }))
}

/// Whether an e-mail belongs to a super admin (the super-admin portal); rate limited.
#[utoipa::path(post, path = "/api/v1/auth/check-email", tag = "auth", request_body = CheckEmailRequest,
    responses((status = 200, body = Envelope<CheckEmailView>), (status = 429, description = "rate limited")))]
pub async fn check_email(
    State(app): State<AppState>,
    client: Client,
    ApiJson(body): ApiJson<CheckEmailRequest>,
) -> ApiResult<ApiOk<CheckEmailView>> {
    app.limiter.hit(Scope::CheckEmailPerIp, client.ip, &client.ip.to_string())?;
    let key = email_key(&body.email);
    let exists = app.db.read(move |c| crate::users::store::super_admin_email_exists(c, &key)).await?;
    Ok(ApiOk(CheckEmailView { exists }))
}

/// Sign in with e-mail and password. Unknown e-mail and wrong password answer alike.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = Envelope<TokenAnswer>), (status = 401, description = "wrong credentials"),
        (status = 400, description = "tenant_required"), (status = 429, description = "rate limited")))]
pub async fn login(
    State(app): State<AppState>,
    client: Client,
    headers: HeaderMap,
    ApiJson(body): ApiJson<LoginRequest>,
) -> ApiResult<SessionAnswer> {
    let mobile = cookies::is_mobile(&headers, body.mobile);
    let started = super::service::sign_in(&app, &client, &body.email, body.password, body.tenant_slug, mobile).await?;
    SessionAnswer::build(&app, started, &client, StatusCode::OK)
}

/// Rotates the refresh token and issues a new access token. Web: the `workforce_refresh`
/// cookie plus `X-Refresh-CSRF` equal to the `workforce_refresh_csrf` cookie. Mobile:
/// `{"refreshToken"}` in the body.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body(content = RefreshRequest, description = "optional: mobile clients send their refresh token, web clients none (cookie)"),
    responses((status = 200, body = Envelope<TokenAnswer>), (status = 401, description = "no, expired or revoked session"),
        (status = 403, description = "csrf_failed")))]
pub async fn refresh(
    State(app): State<AppState>,
    client: Client,
    headers: HeaderMap,
    OptionalJson(body): OptionalJson<RefreshRequest>,
) -> Response {
    let body = body.unwrap_or_default();
    let (token, web) = match body.refresh_token {
        Some(token) => (token, false),
        None => match web_refresh_token(&app, &headers, &client) {
            Ok(token) => (token, true),
            Err(error) => return error.into_response(),
        },
    };
    let outcome = super::service::rotate(&app, token).await;
    let fail = |error: ApiError| if web { error_clearing_cookies(error, client.https) } else { error.into_response() };
    match outcome {
        Ok(Rotation::Rotated(mut started)) => {
            // A web session stays a web session whatever the body says.
            started.mobile = !web;
            match SessionAnswer::build(&app, started, &client, StatusCode::OK) {
                Ok(answer) => answer.into_response(),
                Err(error) => error.into_response(),
            }
        }
        Ok(Rotation::Reused { user, .. }) => {
            tracing::warn!(%user, "a spent refresh token was presented again; the session was revoked");
            fail(ApiError::Unauthorized)
        }
        Ok(Rotation::Invalid) => fail(ApiError::Unauthorized),
        Err(error) => error.into_response(),
    }
}

/// The web refresh's checks: the refresh cookie, the CSRF header matching its cookie and
/// signed for this very refresh token, and a same-origin `Origin` when one is sent.
fn web_refresh_token(app: &AppState, headers: &HeaderMap, client: &Client) -> Result<String, ApiError> {
    let token = cookies::get(headers, cookies::REFRESH).ok_or(ApiError::Unauthorized)?;
    let cookie = cookies::get(headers, cookies::CSRF).ok_or(ApiError::CsrfFailed)?;
    let given = headers.get(cookies::CSRF_HEADER).and_then(|v| v.to_str().ok()).ok_or(ApiError::CsrfFailed)?;
    let bound = cookies::csrf_value(&app.secrets.jwt_key, token);
    let matches_cookie = bool::from(given.as_bytes().ct_eq(cookie.as_bytes()));
    let matches_session = bool::from(given.as_bytes().ct_eq(bound.as_bytes()));
    if !(matches_cookie && matches_session) {
        return Err(ApiError::CsrfFailed);
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok())
        && client.origin.as_deref() != Some(origin)
    {
        return Err(ApiError::CsrfFailed);
    }
    Ok(token.to_string())
}

/// Ends this session: its refresh side (cookie or body) is revoked, its access tokens stop
/// working at once (the `sid` claim), and the cookies are cleared.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", request_body(content = LogoutRequest, description = "optional"),
    responses((status = 200, description = "`data: null`"), (status = 401, description = "not signed in")),
    security(("bearer" = [])))]
pub async fn logout(
    State(app): State<AppState>,
    principal: Principal,
    client: Client,
    headers: HeaderMap,
    OptionalJson(body): OptionalJson<LogoutRequest>,
) -> ApiResult<Response> {
    let token =
        body.and_then(|b| b.refresh_token).or_else(|| cookies::get(&headers, cookies::REFRESH).map(String::from));
    let now = app.clock.now();
    let ip = Some(client.ip.to_string());
    let ended = app
        .db
        .write(move |tx| {
            let ended = super::service::end_session(tx, &principal, token.as_deref(), now)?;
            audit::record(
                tx,
                audit::Entry {
                    tenant: Some(&principal.tenant),
                    user: Some(&principal.user),
                    action: "auth.logout",
                    ip,
                    detail: serde_json::json!({}),
                    at: now,
                },
            )?;
            Ok(ended)
        })
        .await?;
    super::service::forget_sessions(&app, ended);
    let mut response = ApiOk(()).into_response();
    for cookie in cookies::clear(client.https) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// Ends every session of the user: all refresh tokens are revoked and every access token
/// already issued stops working on its next request.
#[utoipa::path(post, path = "/api/v1/auth/logout-all", tag = "auth",
    responses((status = 200, description = "`data: null`"), (status = 401, description = "not signed in")),
    security(("bearer" = [])))]
pub async fn logout_all(State(app): State<AppState>, principal: Principal, client: Client) -> ApiResult<Response> {
    let now = app.clock.now();
    let ip = Some(client.ip.to_string());
    let user = principal.user.clone();
    let state = app
        .db
        .write(move |tx| {
            crate::users::store::bump_token_version(tx, &principal.user, now)?;
            let revoked = store::revoke_all_for_user(tx, &principal.user, now)?;
            audit::record(
                tx,
                audit::Entry {
                    tenant: Some(&principal.tenant),
                    user: Some(&principal.user),
                    action: "auth.logout_all",
                    ip,
                    detail: serde_json::json!({ "sessions": revoked }),
                    at: now,
                },
            )?;
            crate::users::store::auth_state(tx, &principal.user)
        })
        .await?;
    match state {
        Some(state) => app.versions.put(user, state),
        None => app.versions.forget(&user),
    }
    let mut response = ApiOk(()).into_response();
    for cookie in cookies::clear(client.https) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

async fn me_view(app: &AppState, principal: Principal) -> ApiResult<ApiOk<MeView>> {
    let (user, tenant) = (principal.user.clone(), principal.tenant.clone());
    let (user, tenant) = app
        .db
        .read(move |c| Ok((crate::users::store::view(c, &tenant, &user)?, crate::tenants::store::get(c, &tenant)?)))
        .await?;
    Ok(ApiOk(MeView { user, tenant, roles: vec![principal.role], permissions: principal.permissions() }))
}

/// The signed-in user, their tenant, role and permissions.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth",
    responses((status = 200, body = Envelope<MeView>), (status = 401, description = "not signed in")), security(("bearer" = [])))]
pub async fn me(State(app): State<AppState>, principal: Principal) -> ApiResult<ApiOk<MeView>> {
    me_view(&app, principal).await
}

/// Same as `/api/v1/auth/me` (seed 000).
#[utoipa::path(get, path = "/api/v1/me", tag = "auth",
    responses((status = 200, body = Envelope<MeView>), (status = 401, description = "not signed in")), security(("bearer" = [])))]
pub async fn me_short(State(app): State<AppState>, principal: Principal) -> ApiResult<ApiOk<MeView>> {
    me_view(&app, principal).await
}

/// Same as `/api/v1/auth/me` (seed 001).
#[utoipa::path(get, path = "/api/v1/users/me", tag = "auth",
    responses((status = 200, body = Envelope<MeView>), (status = 401, description = "not signed in")), security(("bearer" = [])))]
pub async fn users_me(State(app): State<AppState>, principal: Principal) -> ApiResult<ApiOk<MeView>> {
    me_view(&app, principal).await
}

/// The signed-in user's role and permission codes.
#[utoipa::path(get, path = "/api/v1/permissions/me", tag = "auth",
    responses((status = 200, body = Envelope<MyPermissions>), (status = 401, description = "not signed in")), security(("bearer" = [])))]
pub async fn permissions_me(principal: Principal) -> ApiOk<MyPermissions> {
    ApiOk(MyPermissions { role: principal.role, permissions: principal.permissions() })
}
