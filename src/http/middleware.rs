//! The one middleware every request passes: request id, whole-request timeout, error
//! rendering in the caller's language, security headers and the access log line.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;

use super::error::{ApiError, PendingError};
use super::i18n::Lang;
use super::metrics::{HttpMetrics, RouteLabel};

pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The request's id, in the request extensions for handlers and in the response header.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

#[derive(Clone)]
pub struct HttpLimits {
    pub request_timeout: Duration,
    /// Send `Strict-Transport-Security`: only when `server.public_url` is https.
    pub hsts: bool,
    /// Every answered request is counted here, by route and status.
    pub metrics: Arc<HttpMetrics>,
}

const CSP: &str = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

pub async fn observe(State(limits): State<HttpLimits>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = incoming_request_id(&req).unwrap_or_else(|| uuid::Uuid::now_v7().simple().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let lang = Lang::from_headers(req.headers());
    let method = req.method().clone();
    // The path only: query strings may carry codes and tokens, which never reach the logs.
    // A calendar feed's secret is its path: cut it too.
    let path = crate::calendar::loggable_path(req.uri().path()).into_owned();

    // A panicking handler answers 500 instead of dropping the connection.
    let handled = AssertUnwindSafe(next.run(req)).catch_unwind();
    let mut response = match tokio::time::timeout(limits.request_timeout, handled).await {
        Ok(Ok(response)) => response,
        Ok(Err(_)) => ApiError::internal("handler panicked").into_response(),
        Err(_) => ApiError::unavailable("request timed out").into_response(),
    };
    // Taken now: rendering an error below builds a new response without the extensions.
    let route = response.extensions_mut().remove::<RouteLabel>();
    if response.status() == StatusCode::METHOD_NOT_ALLOWED && response.extensions().get::<PendingError>().is_none() {
        let allow = response.headers().get(header::ALLOW).cloned();
        response = ApiError::MethodNotAllowed.into_response();
        if let Some(allow) = allow {
            response.headers_mut().insert(header::ALLOW, allow);
        }
    }
    if let Some(PendingError(error)) = response.extensions_mut().remove::<PendingError>() {
        if let ApiError::Internal(detail) | ApiError::Unavailable { reason: detail, .. } = &error {
            tracing::error!(request_id = %id, %method, %path, status = error.status().as_u16(), "{detail}");
        }
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = if method == Method::HEAD {
            axum::body::Body::empty()
        } else {
            axum::Json(error.body(lang)).into_response().into_body()
        };
        response = Response::new(body);
        *response.status_mut() = status;
        *response.headers_mut() = headers;
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }

    let headers = response.headers_mut();
    // API answers hold tokens, keys, codes and people's data: no cache (a shared computer's
    // browser, a proxy) keeps them, unless the route chose its own rule (a signed image link
    // a browser may keep until it expires). Static UI files keep their ETag + no-cache rule.
    if path.starts_with("/api/") && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        headers.insert(X_REQUEST_ID.clone(), value);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // A route may set a stricter policy (downloads of uploaded files are sandboxed).
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    }
    if limits.hsts {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    headers.insert(HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin"));
    // The position only for our own pages: the time clock asks for it where a location has a
    // geofence.
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(self)"),
    );

    let route = match &route {
        Some(RouteLabel(route)) => route.as_str(),
        None if path.starts_with("/api/") => "unmatched",
        None => "ui",
    };
    limits.metrics.record(method_label(&method), route, response.status().as_u16(), started.elapsed());

    tracing::debug!(
        request_id = %id, %method, %path,
        status = response.status().as_u16(),
        micros = started.elapsed().as_micros() as u64,
        "request"
    );
    response
}

/// Standard methods by name; anything else is one label, so a client cannot invent labels.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Accepts a proxy's request id when it is short and plain, so one id follows a request
/// across hops; anything else is replaced.
fn incoming_request_id(req: &Request) -> Option<String> {
    let value = req.headers().get(&X_REQUEST_ID)?.to_str().ok()?;
    let plain = !value.is_empty()
        && value.len() <= 64
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    plain.then(|| value.to_string())
}

/// Fallback for paths no router knows.
pub async fn not_found() -> ApiError {
    ApiError::NotFound
}
