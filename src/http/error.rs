//! The one error type of the API and the only place that knows an error's wire format
//! (DESIGN §4): `{"success": false, "error": {"code", "message", "fields"?}}`.
//!
//! Handlers return [`ApiError`]; `into_response` only records it in the response's
//! extensions. The `render_errors` middleware then writes the body in the caller's language,
//! because the language lives in the request, which `IntoResponse` cannot see.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::i18n::{Lang, Msg};

pub type ApiResult<T> = Result<T, ApiError>;

/// Field name → message key (translated when rendered).
pub type FieldErrors = BTreeMap<String, FieldProblem>;

/// Why one field was refused: a catalog key, plus a detail that is shown untranslated
/// (the expected type from serde, a limit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub key: Msg,
    pub detail: Option<String>,
    /// The field's name in the sentence (English, Dutch) when the catalog's would mislead: a
    /// template's `body` is its text, not the request.
    pub label: Option<(&'static str, &'static str)>,
}

impl FieldProblem {
    pub fn new(key: Msg) -> Self {
        Self { key, detail: None, label: None }
    }
    pub fn with_detail(key: Msg, detail: impl Into<String>) -> Self {
        Self { key, detail: Some(detail.into()), label: None }
    }
    pub fn labelled(self, en: &'static str, nl: &'static str) -> Self {
        Self { label: Some((en, nl)), ..self }
    }
}

impl From<Msg> for FieldProblem {
    fn from(key: Msg) -> Self {
        FieldProblem::new(key)
    }
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    #[error("validation failed: {0:?}")]
    Validation(FieldErrors),
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    #[error("setup already completed")]
    SetupDone,
    #[error("tenant required")]
    TenantRequired,
    #[error("unauthorized")]
    Unauthorized,
    /// A sign-in with a wrong e-mail or password: 401 `unauthorized`, saying so.
    #[error("wrong credentials")]
    WrongCredentials,
    #[error("forbidden")]
    Forbidden,
    #[error("CSRF check failed")]
    CsrfFailed,
    #[error("setup code invalid")]
    SetupCodeInvalid,
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("conflict: {0:?}")]
    Conflict(Msg),
    /// 409 `conflict` with the list of scheduling conflicts in `error.conflicts`.
    #[error("scheduling conflicts: {0:?}")]
    Conflicts(Msg, serde_json::Value),
    #[error("gone")]
    Gone,
    #[error("payload too large")]
    PayloadTooLarge,
    /// 415 with what was wrong: the body is not JSON, or a file is not of an accepted type.
    #[error("unsupported media type")]
    UnsupportedMediaType(Msg),
    #[error("rate limited for {0:?}")]
    RateLimited(Duration),
    #[error("unavailable: {reason}")]
    Unavailable { reason: String, retry_after: Duration },
    /// Logged with the request id, never shown.
    #[error("internal: {0}")]
    Internal(String),
}

impl ApiError {
    /// `validation_failed` on one field: a catalog key, or a [`FieldProblem`] with a detail.
    pub fn validation(field: impl Into<String>, problem: impl Into<FieldProblem>) -> Self {
        ApiError::Validation(FieldErrors::from([(field.into(), problem.into())]))
    }

    pub fn unavailable(reason: impl Into<String>) -> Self {
        ApiError::Unavailable { reason: reason.into(), retry_after: Duration::from_secs(1) }
    }

    pub fn internal(reason: impl std::fmt::Display) -> Self {
        ApiError::Internal(reason.to_string())
    }

    pub fn status(&self) -> StatusCode {
        use ApiError::*;
        match self {
            Validation(_) | MalformedJson(_) | SetupDone | TenantRequired => StatusCode::BAD_REQUEST,
            Unauthorized | WrongCredentials => StatusCode::UNAUTHORIZED,
            Forbidden | CsrfFailed | SetupCodeInvalid => StatusCode::FORBIDDEN,
            NotFound => StatusCode::NOT_FOUND,
            MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Conflict(_) | Conflicts(..) => StatusCode::CONFLICT,
            Gone => StatusCode::GONE,
            PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        use ApiError::*;
        match self {
            Validation(_) => "validation_failed",
            MalformedJson(_) => "malformed_json",
            SetupDone => "setup_done",
            TenantRequired => "tenant_required",
            Unauthorized | WrongCredentials => "unauthorized",
            Forbidden => "forbidden",
            CsrfFailed => "csrf_failed",
            SetupCodeInvalid => "setup_code_invalid",
            NotFound => "not_found",
            MethodNotAllowed => "method_not_allowed",
            Conflict(_) | Conflicts(..) => "conflict",
            Gone => "gone",
            PayloadTooLarge => "payload_too_large",
            UnsupportedMediaType(_) => "unsupported_media_type",
            RateLimited(_) => "rate_limited",
            Unavailable { .. } => "unavailable",
            Internal(_) => "internal",
        }
    }

    fn message_key(&self) -> Msg {
        use ApiError::*;
        match self {
            Validation(_) => Msg::ValidationFailed,
            MalformedJson(_) => Msg::MalformedJson,
            SetupDone => Msg::SetupDone,
            TenantRequired => Msg::TenantRequired,
            Unauthorized => Msg::Unauthorized,
            WrongCredentials => Msg::WrongCredentials,
            Forbidden => Msg::Forbidden,
            CsrfFailed => Msg::CsrfFailed,
            SetupCodeInvalid => Msg::SetupCodeInvalid,
            NotFound => Msg::NotFound,
            MethodNotAllowed => Msg::MethodNotAllowed,
            Conflict(key) | Conflicts(key, _) => *key,
            Gone => Msg::Gone,
            PayloadTooLarge => Msg::PayloadTooLarge,
            UnsupportedMediaType(key) => *key,
            RateLimited(_) => Msg::RateLimited,
            Unavailable { .. } => Msg::Unavailable,
            Internal(_) => Msg::Internal,
        }
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            ApiError::RateLimited(d) => Some(*d),
            ApiError::Unavailable { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }

    /// The JSON body in `lang`. Only this function knows the error envelope.
    pub fn body(&self, lang: Lang) -> serde_json::Value {
        let mut error = serde_json::json!({
            "code": self.code(),
            "message": lang.text(self.message_key()),
        });
        if let ApiError::Validation(fields) = self {
            let fields: serde_json::Map<String, serde_json::Value> = fields
                .iter()
                .map(|(name, problem)| {
                    let fragment = lang.text(problem.key);
                    let text = match (problem.label, lang) {
                        (Some((en, _)), Lang::En) => {
                            super::fields::sentence_as(en, fragment, problem.detail.as_deref())
                        }
                        (Some((_, nl)), Lang::Nl) => {
                            super::fields::sentence_as(nl, fragment, problem.detail.as_deref())
                        }
                        (None, _) => super::fields::sentence(name, fragment, problem.detail.as_deref(), lang),
                    };
                    (name.clone(), serde_json::Value::String(text))
                })
                .collect();
            error["fields"] = serde_json::Value::Object(fields);
        }
        if let ApiError::Conflicts(_, conflicts) = self {
            error["conflicts"] = conflicts.clone();
        }
        serde_json::json!({ "success": false, "error": error })
    }
}

// What `ApiError::body` writes, for the OpenAPI document.
/// The body of every error answer.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ErrorEnvelope {
    /// Always `false` on an error.
    success: bool,
    error: ErrorDetail,
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ErrorDetail {
    /// `validation_failed`, `malformed_json`, `unauthorized`, `forbidden`, `not_found`,
    /// `conflict`, `gone`, `payload_too_large`, `unsupported_media_type`, `rate_limited`,
    /// `unavailable`, `internal`, … (DESIGN §4).
    code: String,
    /// In the language of `Accept-Language` (en, nl).
    message: String,
    /// With `validation_failed`: each offending field (`body` for the body as a whole) and what
    /// is wrong with it.
    fields: Option<std::collections::BTreeMap<String, String>>,
    /// With a refused scheduling write (`?strict=true`, a claim): the conflicts,
    /// `[{"code", "message", "relatedId"?}]`.
    #[schema(value_type = Option<Vec<Object>>)]
    conflicts: Option<serde_json::Value>,
}

/// Marker the error renderer looks for in a response's extensions.
#[derive(Clone)]
pub struct PendingError(pub ApiError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        if let Some(after) = self.retry_after() {
            let secs = after.as_secs().max(1).to_string();
            if let Ok(value) = HeaderValue::from_str(&secs) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        if matches!(self, ApiError::PayloadTooLarge) {
            // The rest of the body is not read, so the connection ends with this answer: saying
            // so keeps a client from sending its next request on it (and losing that one).
            response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response.extensions_mut().insert(PendingError(self));
        response
    }
}

impl From<rusqlite::Error> for ApiError {
    /// The one place that maps SQLite failures onto the error table (STYLE §3).
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match &err {
            rusqlite::Error::QueryReturnedNoRows => ApiError::NotFound,
            rusqlite::Error::SqliteFailure(e, _) => match e.code {
                ErrorCode::ConstraintViolation => match e.extended_code {
                    rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                        ApiError::Conflict(Msg::ConflictTaken)
                    }
                    rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY => ApiError::NotFound,
                    _ => ApiError::internal(err),
                },
                ErrorCode::DatabaseBusy
                | ErrorCode::DatabaseLocked
                | ErrorCode::DiskFull
                | ErrorCode::SystemIoFailure
                | ErrorCode::OutOfMemory => ApiError::unavailable(err.to_string()),
                _ => ApiError::internal(err),
            },
            _ => ApiError::internal(err),
        }
    }
}
