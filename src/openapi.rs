//! `/api/v1/openapi.json` and `/api/v1/schema[/{resource}]`, both from the utoipa derives on
//! the handlers and types (DESIGN §4): the docs cannot drift from the code.

use std::sync::Arc;

use axum::Router;
use axum::extract::Path;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use utoipa::OpenApi;

use crate::http::{ApiError, ApiOk, ApiResult};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Staffroom API",
        description = "Self-hosted workplace hub. Every answer is `{\"success\": true, \"data\": …}` or \
                       `{\"success\": false, \"error\": {\"code\", \"message\", \"fields\"?}}`; messages follow \
                       `Accept-Language` (en, nl).\n\n\
                       Real time: seed 000 names Socket.IO; Staffroom serves one plain WebSocket at `/api/v1/ws` \
                       (DESIGN §8). The first frame is `{\"type\": \"auth\", \"token\": <access token>}` within 5 s; \
                       the server answers `{\"type\": \"ready\", \"userId\", \"tenantId\", \"online\"}` or closes with 4001. \
                       Then it sends the committed events the socket may see as `{\"type\": <kind>, \"seq\", \"data\", \
                       \"createdAt\"}` (`chat.message`, `chat.message.updated`, `chat.message.deleted`, `chat.reaction`, \
                       `chat.acked`, `chat.ack.requested`, `chat.members.changed`, `chat.channel.updated`, `shift.*`, \
                       `claim.*`, `membership.changed`, `unavailability.changed`, `schedule.deleted`, `clock.punched`, \
                       `clock.missed_punch`, `timeoff.requested`, `timeoff.decided`, `timesheet.approved`, \
                       `timesheet.unlocked`, `timesheet.corrected`, `swap.offered`, `swap.accepted`, `swap.approved`, \
                       `swap.declined`, `swap.cancelled`, `clock.pin_locked`) and the ephemeral \
                       `presence`, `chat.typing` and `chat.read`. Client frames: `auth` (a fresh token before `exp`), \
                       `ping`, `{\"type\": \"typing\", \"channelId\"}`. Close codes: 1001 server stopping or idle, 1003 \
                       binary frame, 1008 policy (revoked, too slow, too many frames or connections), 1009 frame over \
                       64 KiB, 1013 server full, 4001 unauthorized or token expired, 4003 another account. After a \
                       reconnect, catch up with `GET /api/v1/chat/channels/{id}/messages?after=<seq>`."
    ),
    tags((name = "health", description = "Liveness and subsystem state")),
    components(schemas(crate::http::error::ErrorEnvelope, crate::http::error::ErrorDetail)),
    modifiers(&SecuritySchemes)
)]
pub struct ApiDoc;

/// Adds to every operation the answers any route can give besides its own (DESIGN §4), and the
/// error envelope as the body of every error answer:
/// - with a JSON body or query parameters: 400 (`validation_failed`, `malformed_json`);
/// - with a JSON body: 413 and 415;
/// - with a path parameter: 404 (also for another tenant's id);
/// - with a security requirement: 401 and 403;
/// - always: 500 and 503.
pub fn complete(spec: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::{Content, Ref, RefOr, Response};

    for item in spec.paths.paths.values_mut() {
        let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
        for operation in operations.into_iter().flatten() {
            // A body documented as "optional…" (an `OptionalJson` handler) may be left out.
            if let Some(body) = operation.request_body.as_mut()
                && body.description.as_deref().is_some_and(|d| d.starts_with("optional"))
            {
                body.required = Some(utoipa::openapi::Required::False);
            }
            let has_body = operation.request_body.is_some();
            let has_param = |place: ParameterIn| operation.parameters.iter().flatten().any(|p| p.parameter_in == place);
            let (has_path_param, has_query) = (has_param(ParameterIn::Path), has_param(ParameterIn::Query));
            let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
            let common = [
                (
                    has_body || has_query,
                    "400",
                    "invalid input: `validation_failed` names the fields (`malformed_json`: the body is no JSON)",
                ),
                (has_body, "413", "body over 1 MiB"),
                (has_body, "415", "body is not `Content-Type: application/json`"),
                (has_path_param, "404", "no such object in the caller's tenant"),
                (secured, "401", "no, bad, expired or revoked credentials"),
                (secured, "403", "signed in, but without the permission this needs (`forbidden`)"),
                (true, "500", "internal error (logged with the request id)"),
                (true, "503", "busy (database or password hashing); retry after `Retry-After`"),
            ];
            let responses = &mut operation.responses.responses;
            for (applies, status, description) in common {
                if applies {
                    responses.entry(status.to_string()).or_insert_with(|| RefOr::T(Response::new(description)));
                }
            }
            for (status, response) in responses.iter_mut() {
                if let (false, RefOr::T(response)) = (status.starts_with('2'), response)
                    && response.content.is_empty()
                {
                    let envelope = Content::new(Some(Ref::from_schema_name("ErrorEnvelope")));
                    response.content.insert("application/json".to_string(), envelope);
                }
            }
        }
    }
}

/// Fits the document to this server's configuration: the one-time-code channels list `phone`
/// only when an SMS provider is configured.
pub fn fit_to(spec: &mut utoipa::openapi::OpenApi, config: &crate::config::Config) {
    use utoipa::openapi::{RefOr, Schema};
    if config.sms.webhook_url.is_some() {
        return;
    }
    if let Some(RefOr::T(Schema::Object(channel))) =
        spec.components.as_mut().and_then(|c| c.schemas.get_mut("OtpChannel"))
    {
        channel.enum_values = Some(vec![serde_json::json!("email")]);
    }
}

/// The two schemes routes name in `security(…)`: a user's access token (JWT from sign-in) and a
/// service account's API key (`sr_…`, only on `/api/v1/sa/…`), both as bearer tokens.
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, spec: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = spec.components.get_or_insert_with(Default::default);
        let bearer = Http::builder()
            .scheme(HttpAuthScheme::Bearer)
            .bearer_format("JWT")
            .description(Some("Access token from sign-in (15 minutes; refresh with /api/v1/auth/refresh)."))
            .build();
        components.add_security_scheme("bearer", SecurityScheme::Http(bearer));
        let api_key = Http::builder()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some("A service account's API key `sr_<prefix>_<secret>`, only on /api/v1/sa/… routes."))
            .build();
        components.add_security_scheme("api_key", SecurityScheme::Http(api_key));
    }
}

pub fn router(spec: utoipa::openapi::OpenApi) -> Router<AppState> {
    let json: Arc<str> = spec.to_json().unwrap_or_else(|_| "{}".into()).into();
    let schemas = Arc::new(spec.components.map(|c| c.schemas).unwrap_or_default());
    let all = schemas.clone();
    Router::new()
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let json = json.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], json.to_string()).into_response() }
            }),
        )
        .route(
            "/api/v1/schema",
            get(move || {
                let all = all.clone();
                async move { ApiOk(all.as_ref().clone()) }
            }),
        )
        .route(
            "/api/v1/schema/{resource}",
            get(move |Path(resource): Path<String>| {
                let schemas = schemas.clone();
                async move { one_schema(&schemas, &resource) }
            }),
        )
}

/// A resource's schema by name, matched case-insensitively (`user` finds `User`).
fn one_schema(
    schemas: &std::collections::BTreeMap<String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>>,
    resource: &str,
) -> ApiResult<ApiOk<utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>>> {
    schemas
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(resource))
        .map(|(_, schema)| ApiOk(schema.clone()))
        .ok_or(ApiError::NotFound)
}
