//! `ApiJson<T>`: the JSON body extractor whose every rejection is an [`ApiError`], and the
//! success envelope `{"success": true, "data": …}` (DESIGN §4).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{ApiError, FieldErrors, FieldProblem};
use super::i18n::Msg;

/// Largest JSON body accepted (DESIGN §4).
pub const JSON_LIMIT: usize = 1024 * 1024;

pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType(Msg::UnsupportedMediaType));
        }
        let update = is_update(req.method());
        let bytes = read_body(req, state).await?;
        parse_body(&bytes, update).map(ApiJson)
    }
}

/// A JSON body that may be absent: an empty body is `None`, anything else must be JSON.
pub struct OptionalJson<T>(pub Option<T>);

impl<T, S> FromRequest<S> for OptionalJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = is_json(req.headers());
        let update = is_update(req.method());
        let bytes = read_body(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(None));
        }
        if !json {
            return Err(ApiError::UnsupportedMediaType(Msg::UnsupportedMediaType));
        }
        parse_body(&bytes, update).map(|v| OptionalJson(Some(v)))
    }
}

/// The whole body, within the JSON limit (DefaultBodyLimit).
async fn read_body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::MalformedJson(rejection.body_text())
        }
    })
}

fn is_json(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Fields every object has and no client sets (DESIGN §4): an update ignores them, so a client
/// may send back what it read. Other read-only fields are declared on their update types.
const READ_ONLY_FIELDS: [&str; 5] = ["id", "createdAt", "createdBy", "updatedAt", "updatedBy"];

/// PUT and PATCH are updates (DESIGN §4).
fn is_update(method: &axum::http::Method) -> bool {
    method == axum::http::Method::PUT || method == axum::http::Method::PATCH
}

/// Syntax errors are `malformed_json`; well-formed JSON of the wrong shape is
/// `validation_failed` with the offending field named.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    parse_body(bytes, false)
}

/// [`parse`], and for an update without [`READ_ONLY_FIELDS`] at the top level.
fn parse_body<T: DeserializeOwned>(bytes: &[u8], update: bool) -> Result<T, ApiError> {
    // Every body is a JSON object (a list goes in a field of one). serde would read a struct
    // from an array by position — `["a@b.c", "secret"]` as a login — which no client means.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        let problem = FieldProblem::with_detail(Msg::FieldWrongType, "expected a JSON object");
        return Err(ApiError::validation("body", problem));
    }
    if update {
        let mut value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| ApiError::MalformedJson(e.to_string()))?;
        if let Some(object) = value.as_object_mut() {
            for field in READ_ONLY_FIELDS {
                object.remove(field);
            }
        }
        integral_numbers_as_integers(&mut value);
        return deserialize(value);
    }
    match deserialize(&mut serde_json::Deserializer::from_slice(bytes)) {
        // `1450.0` where an integer belongs: read again with integral numbers as integers.
        Err(ApiError::Validation(_)) if has_integral_float(bytes) => {
            let mut value: serde_json::Value =
                serde_json::from_slice(bytes).map_err(|e| ApiError::MalformedJson(e.to_string()))?;
            integral_numbers_as_integers(&mut value);
            deserialize(value)
        }
        other => other,
    }
}

/// Whether the body holds a number like `25.0` (cheap: a digit, a dot, zeros, then no digit).
fn has_integral_float(bytes: &[u8]) -> bool {
    bytes.windows(2).enumerate().any(|(i, w)| {
        w[0].is_ascii_digit() && w[1] == b'.' && {
            let rest = &bytes[i + 2..];
            let zeros = rest.iter().take_while(|b| **b == b'0').count();
            zeros > 0 && !rest.get(zeros).is_some_and(|b| b.is_ascii_digit())
        }
    })
}

/// JSON Schema's `integer` is any number without a fraction (`1450.0` too), and the API
/// document says `integer`: such numbers are read as the integers they are.
fn integral_numbers_as_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f.abs() < 9.0e15
            {
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_numbers_as_integers),
        Value::Object(map) => map.values_mut().for_each(integral_numbers_as_integers),
        _ => {}
    }
}

fn deserialize<'de, T, D>(de: D) -> Result<T, ApiError>
where
    T: DeserializeOwned,
    D: serde::Deserializer<'de, Error = serde_json::Error>,
{
    match serde_path_to_error::deserialize(de) {
        Ok(value) => Ok(value),
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            match inner.classify() {
                serde_json::error::Category::Data => {
                    Err(ApiError::Validation(field_problem(&path, &inner.to_string())))
                }
                _ => Err(ApiError::MalformedJson(inner.to_string())),
            }
        }
    }
}

/// Turns serde's message into a field name and a catalog key. Custom validation errors in
/// domain types are written as `invalid: <detail>` so they keep their detail.
pub(crate) fn field_problem(path: &str, message: &str) -> FieldErrors {
    let message = message.split(" at line ").next().unwrap_or(message);
    // serde_path_to_error's path ends at the struct for a missing field, at the field itself
    // for an unknown one.
    let join = |name: &str| {
        if path.is_empty() || path == "." {
            name.to_string()
        } else if path == name || path.ends_with(&format!(".{name}")) {
            path.to_string()
        } else {
            format!("{path}.{name}")
        }
    };
    let quoted = message.split('`').nth(1).unwrap_or("");
    let (field, problem) = if message.starts_with("unknown field") {
        (join(quoted), FieldProblem::new(Msg::FieldUnknown))
    } else if message.starts_with("missing field") {
        (join(quoted), FieldProblem::new(Msg::FieldRequired))
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let expected = message.split("expected ").nth(1).unwrap_or("").to_string();
        (path.to_string(), FieldProblem::with_detail(Msg::FieldWrongType, format!("expected {expected}")))
    } else if let Some(detail) = message.strip_prefix("too long: ") {
        (path.to_string(), FieldProblem::with_detail(Msg::FieldTooLong, detail))
    } else if let Some(detail) = message.strip_prefix("too short: ") {
        (path.to_string(), FieldProblem::with_detail(Msg::FieldTooShort, detail))
    } else {
        let detail = message.strip_prefix("invalid: ").unwrap_or(message);
        (path.to_string(), FieldProblem::with_detail(Msg::FieldInvalid, detail))
    };
    let field = if field.is_empty() || field == "." { "body".to_string() } else { field };
    FieldErrors::from([(field, problem)])
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Envelope<T> {
    /// Always `true` on success.
    pub success: bool,
    pub data: T,
}

/// 200 with the success envelope.
pub struct ApiOk<T>(pub T);

impl<T: Serialize> IntoResponse for ApiOk<T> {
    fn into_response(self) -> Response {
        // Into a plain Vec, not axum::Json's BytesMut writer: serde_json writes every key and
        // comma separately, and the Vec takes them inline (a week of shifts is ~280 KB of
        // small writes; the BytesMut path spent a tenth of the request copying them).
        let mut body = Vec::with_capacity(4096);
        match serde_json::to_writer(&mut body, &Envelope { success: true, data: self.0 }) {
            Ok(()) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
            Err(e) => ApiError::internal(format!("serialising an answer: {e}")).into_response(),
        }
    }
}

/// 201 with the created object in the envelope.
pub struct Created<T>(pub T);

impl<T: Serialize> IntoResponse for Created<T> {
    fn into_response(self) -> Response {
        (StatusCode::CREATED, ApiOk(self.0)).into_response()
    }
}

/// For partial updates: an absent field is `None` (unchanged), `null` is `Some(None)` (cleared).
/// Use with `#[serde(default, deserialize_with = "crate::http::json::double_option")]`.
pub fn double_option<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integral_floats_are_integers_as_the_schema_says() {
        #[derive(serde::Deserialize, Debug)]
        struct Rate {
            rate: i64,
            list: Vec<u16>,
        }
        let read: Rate = parse(br#"{"rate": 1450.0, "list": [25.0, 2]}"#).unwrap();
        assert_eq!((read.rate, read.list), (1450, vec![25, 2]));
        assert!(parse::<Rate>(br#"{"rate": 14.5, "list": []}"#).is_err(), "a fraction stays a fraction");
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Probe {
        first_name: String,
        age: Option<u8>,
        inner: Option<Inner>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        x: u8,
    }

    fn fields(err: ApiError) -> Vec<(String, Msg)> {
        match err {
            ApiError::Validation(f) => f.into_iter().map(|(k, v)| (k, v.key)).collect(),
            other => panic!("expected validation error, got {other:?}"),
        }
    }

    #[test]
    fn classifies_shape_errors_per_field() {
        assert_eq!(fields(parse::<Probe>(br#"{}"#).unwrap_err()), vec![("firstName".into(), Msg::FieldRequired)]);
        assert_eq!(
            fields(parse::<Probe>(br#"{"firstName":"a","bogus":1}"#).unwrap_err()),
            vec![("bogus".into(), Msg::FieldUnknown)]
        );
        assert_eq!(
            fields(parse::<Probe>(br#"{"firstName":"a","age":"x"}"#).unwrap_err()),
            vec![("age".into(), Msg::FieldWrongType)]
        );
        assert_eq!(
            fields(parse::<Probe>(br#"{"firstName":"a","inner":{"y":1}}"#).unwrap_err()),
            vec![("inner.y".into(), Msg::FieldUnknown)]
        );
        assert_eq!(
            fields(parse::<Probe>(br#" ["a", 1, null]"#).unwrap_err()),
            vec![("body".into(), Msg::FieldWrongType)]
        );
        assert!(matches!(parse::<Probe>(b"{nope").unwrap_err(), ApiError::MalformedJson(_)));
        assert!(matches!(parse::<Probe>(b"").unwrap_err(), ApiError::MalformedJson(_)));
    }

    #[test]
    fn an_update_ignores_read_only_fields_and_nothing_else() {
        let sent = br#"{"firstName":"a","id":"x","createdAt":"2020-01-01","updatedBy":"y"}"#;
        assert_eq!(parse_body::<Probe>(sent, true).map(|p| p.first_name).ok(), Some("a".to_string()));
        assert_eq!(fields(parse_body::<Probe>(sent, false).unwrap_err()), vec![("id".into(), Msg::FieldUnknown)]);
        assert_eq!(
            fields(parse_body::<Probe>(br#"{"firstName":"a","bogus":1}"#, true).unwrap_err()),
            vec![("bogus".into(), Msg::FieldUnknown)]
        );
        assert_eq!(
            fields(parse_body::<Probe>(br#"{"firstName":"a","age":"x"}"#, true).unwrap_err()),
            vec![("age".into(), Msg::FieldWrongType)]
        );
        assert!(matches!(parse_body::<Probe>(b"{nope", true).unwrap_err(), ApiError::MalformedJson(_)));
    }
}
