//! Turning a started session into the token answer of DESIGN §5: the envelope, the
//! `Authorization` response header, and for web clients the two cookies.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::cookies;
use super::model::TokenAnswer;
use super::session::Started;
use crate::http::client::Client;
use crate::http::{ApiError, ApiOk};
use crate::state::AppState;

pub struct SessionAnswer {
    status: StatusCode,
    answer: TokenAnswer,
    cookies: Vec<HeaderValue>,
}

/// A fresh access token for a started session.
pub fn access_token(app: &AppState, started: &Started) -> Result<String, ApiError> {
    access_token_lasting(app, started, app.config.auth.access_token_ttl.0)
}

/// A fresh access token with its own lifetime (the salon dialect's working-day tokens).
pub fn access_token_lasting(app: &AppState, started: &Started, ttl: std::time::Duration) -> Result<String, ApiError> {
    app.tokens.issue(&started.user.id, &started.tenant, &started.session, started.version, app.clock.now(), ttl)
}

impl SessionAnswer {
    pub fn build(
        app: &AppState,
        started: Started,
        client: &Client,
        status: StatusCode,
    ) -> Result<SessionAnswer, ApiError> {
        let auth = &app.config.auth;
        let access_token = access_token(app, &started)?;
        let (refresh_token, cookies) = if started.mobile {
            (Some(started.refresh_token), Vec::new())
        } else {
            let csrf = cookies::csrf_value(&app.secrets.jwt_key, &started.refresh_token);
            let mut cookies = cookies::set(&started.refresh_token, &csrf, client.https, auth.refresh_token_ttl.0);
            // This browser has now proved it knows the account: it keeps getting in while others
            // guess (DESIGN §6). Renewed at every sign-in and refresh.
            let email_key = crate::users::model::email_key(&started.user.email);
            let device = super::device::issue(&app.secrets.jwt_key, &email_key)?;
            cookies.extend(super::device::set_cookie(&device, client.https));
            (None, cookies)
        };
        Ok(SessionAnswer {
            status,
            answer: TokenAnswer {
                access_token,
                token_type: "Bearer",
                expires_in: auth.access_token_ttl.0.as_secs(),
                refresh_token,
                user: started.user,
            },
            cookies,
        })
    }
}

impl IntoResponse for SessionAnswer {
    fn into_response(self) -> Response {
        let bearer = HeaderValue::from_str(&format!("Bearer {}", self.answer.access_token)).ok();
        let mut response = (self.status, ApiOk(self.answer)).into_response();
        let headers = response.headers_mut();
        if let Some(bearer) = bearer {
            headers.insert(header::AUTHORIZATION, bearer);
        }
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        for cookie in self.cookies {
            headers.append(header::SET_COOKIE, cookie);
        }
        response
    }
}

/// An error that also ends the web session's cookies (a refresh that cannot go on).
pub fn error_clearing_cookies(error: ApiError, https: bool) -> Response {
    let mut response = error.into_response();
    for cookie in cookies::clear(https) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}
