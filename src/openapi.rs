//! `/api/v1/openapi.json` and `/api/v1/schema[/{resource}]`, both from the utoipa derives on
//! the handlers and types (DESIGN §4): the docs cannot drift from the code.

use std::sync::Arc;

use axum::Router;
use axum::extract::Path;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use utoipa::OpenApi;

use crate::app::AppState;
use crate::http::{ApiError, ApiOk, ApiResult};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Staffroom API",
        description = "Self-hosted workplace hub. Every answer is `{\"success\": true, \"data\": …}` or \
                       `{\"success\": false, \"error\": {\"code\", \"message\", \"fields\"?}}`; messages follow \
                       `Accept-Language` (en, nl)."
    ),
    tags((name = "health", description = "Liveness and subsystem state")),
    modifiers(&SecuritySchemes)
)]
pub struct ApiDoc;

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
