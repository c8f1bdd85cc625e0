//! Seed 003 ("themanagement"): `/api/login` and `/api/token/refresh`. The access token comes in
//! the `Authorization` response header and the body; the refresh token in the
//! `themanagement_refresh_token` cookie (HttpOnly, SameSite=Strict, 30 days).

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;

use crate::auth::answer::SessionAnswer;
use crate::auth::session::{Rotation, Started};
use crate::http::client::Client;
use crate::http::{ApiError, ApiJson, ApiResult};
use crate::state::AppState;

const COOKIE: &str = "themanagement_refresh_token";

pub fn router() -> Router<AppState> {
    Router::new().route("/api/login", post(login)).route("/api/token/refresh", post(refresh))
}

fn with_cookie(app: &AppState, started: Started, client: &Client) -> ApiResult<Response> {
    let refresh = started.refresh_token.clone();
    let mut mobile = started;
    // The body carries the access token only; the refresh token travels in this seed's cookie.
    mobile.mobile = true;
    let mut response = SessionAnswer::build(app, mobile, client, StatusCode::OK)?.into_response();
    let secure = if client.https { "; Secure" } else { "" };
    let age = app.config.auth.refresh_token_ttl.0.as_secs();
    let cookie = format!("{COOKIE}={refresh}; Path=/api/token; Max-Age={age}; HttpOnly; SameSite=Strict{secure}");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

#[derive(Deserialize)]
struct Login {
    email: String,
    password: String,
}

async fn login(State(app): State<AppState>, client: Client, ApiJson(body): ApiJson<Login>) -> ApiResult<Response> {
    let started = crate::auth::service::sign_in(&app, &client, &body.email, body.password, None, true).await?;
    strip_body_refresh(with_cookie(&app, started, &client)?).await
}

async fn refresh(State(app): State<AppState>, client: Client, headers: HeaderMap) -> ApiResult<Response> {
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok())
        && client.origin.as_deref() != Some(origin)
    {
        return Err(ApiError::CsrfFailed);
    }
    let token = crate::auth::cookies::get(&headers, COOKIE).ok_or(ApiError::Unauthorized)?.to_string();
    match crate::auth::service::rotate(&app, token).await? {
        Rotation::Rotated(started) => strip_body_refresh(with_cookie(&app, started, &client)?).await,
        Rotation::Reused { .. } | Rotation::Invalid => Err(ApiError::Unauthorized),
    }
}

/// Removes `refreshToken` from the JSON body: in this dialect it lives in the cookie only.
async fn strip_body_refresh(response: Response) -> ApiResult<Response> {
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20).await.map_err(ApiError::internal)?;
    let mut json: serde_json::Value = serde_json::from_slice(&bytes).map_err(ApiError::internal)?;
    if let Some(data) = json.get_mut("data").and_then(|d| d.as_object_mut()) {
        data.remove("refreshToken");
    }
    let mut response = Response::from_parts(parts, axum::body::Body::from(json.to_string()));
    response.headers_mut().remove(header::CONTENT_LENGTH);
    Ok(response)
}
