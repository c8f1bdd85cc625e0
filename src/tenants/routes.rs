use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::TenantView;
use super::service::{NewTenant, Slug};
use crate::audit;
use crate::auth::Principal;
use crate::auth::answer::SessionAnswer;
use crate::auth::password::Password;
use crate::auth::session;
use crate::http::client::Client;
use crate::http::ratelimit::Scope;
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiResult, Envelope, Lang, Msg};
use crate::state::AppState;
use crate::users::model::Email;

const RESERVED: &[&str] = &["api", "admin", "assets", "setup", "login", "www", "staffroom", "super-admin", "static"];

/// 3 to 48 lower-case letters, digits and dashes, starting and ending with a letter or digit.
pub fn slug_is_valid(slug: &str) -> bool {
    (3..=48).contains(&slug.len())
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && !RESERVED.contains(&slug)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegisterTenant {
    pub company_name: String,
    pub slug: String,
    pub admin_email: String,
    pub admin_password: String,
    pub admin_first_name: String,
    pub admin_last_name: String,
    /// IANA time zone of the first location; default UTC.
    pub timezone: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SlugCheck {
    pub slug: String,
    pub valid: bool,
    pub available: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicTenant {
    pub name: String,
    pub slug: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MyTenant {
    #[serde(flatten)]
    pub tenant: TenantView,
    /// The first location's time zone.
    pub timezone: String,
}

/// Registers another business with its owner, when the operator opened registration
/// (`tenants.allow_registration`). The owner is signed in.
#[utoipa::path(post, path = "/api/v1/tenants/register", tag = "tenants", request_body = RegisterTenant,
    responses((status = 201, body = Envelope<crate::auth::model::TokenAnswer>), (status = 403, description = "registration closed"),
        (status = 409, description = "slug taken"), (status = 400, description = "validation_failed")))]
pub async fn register(
    State(app): State<AppState>,
    client: Client,
    lang: Lang,
    headers: axum::http::HeaderMap,
    ApiJson(body): ApiJson<RegisterTenant>,
) -> ApiResult<SessionAnswer> {
    if !app.config.tenants.allow_registration {
        return Err(ApiError::Forbidden);
    }
    app.limiter.hit(Scope::CheckEmailPerIp, client.ip, &client.ip.to_string())?;
    let name = crate::http::text::one_line("companyName", &body.company_name, 200)?;
    let slug = body.slug.trim().to_string();
    if !slug_is_valid(&slug) {
        return Err(ApiError::validation("slug", Msg::FieldInvalid));
    }
    let email = Email::parse("adminEmail", &body.admin_email)?;
    let first = body.admin_first_name.trim().to_string();
    let last = body.admin_last_name.trim().to_string();
    if last.is_empty() {
        return Err(ApiError::validation("adminLastName", Msg::FieldBlank));
    }
    let timezone = body.timezone.filter(|t| !t.is_empty()).unwrap_or_else(|| "UTC".into());
    if jiff::tz::TimeZone::get(&timezone).is_err() {
        return Err(ApiError::validation("timezone", Msg::FieldTimezone));
    }
    let hash = app.hasher.hash(Password::parse("adminPassword", body.admin_password)?).await?;
    let now = app.clock.now();
    let mobile = crate::auth::cookies::is_mobile(&headers, false);
    let ttl = app.config.auth.refresh_token_ttl.0;
    let ip = client.ip.to_string();
    let started = app
        .db
        .write(move |tx| {
            let created = super::service::create(
                tx,
                &NewTenant {
                    name: &name,
                    slug: Slug::Exact(&slug),
                    email: None,
                    phone: None,
                    address: None,
                    timezone: &timezone,
                    opening_hours: &[],
                    owner_email: &email,
                    owner_first_name: &first,
                    owner_last_name: &last,
                    owner_password_hash: &hash,
                    owner_locale: lang.code(),
                    owner_super_admin: false,
                },
                now,
            )?;
            audit::record(
                tx,
                audit::Entry {
                    tenant: Some(&created.tenant),
                    user: Some(&created.owner),
                    action: "tenant.registered",
                    ip: Some(ip),
                    detail: serde_json::json!({ "slug": created.slug }),
                    at: now,
                },
            )?;
            session::start(tx, &created.owner, &created.tenant, mobile, now, ttl)
        })
        .await?;
    SessionAnswer::build(&app, started, &client, StatusCode::CREATED)
}

/// The caller's tenant.
#[utoipa::path(get, path = "/api/v1/tenants/me", tag = "tenants",
    responses((status = 200, body = Envelope<MyTenant>), (status = 401, description = "not signed in")), security(("bearer" = [])))]
pub async fn me(State(app): State<AppState>, caller: Principal) -> ApiResult<ApiOk<MyTenant>> {
    let tenant = caller.tenant.clone();
    let (tenant, tz) =
        app.db.read(move |c| Ok((super::store::get(c, &tenant)?, super::store::timezone(c, &tenant)?))).await?;
    Ok(ApiOk(MyTenant { tenant, timezone: tz.iana_name().unwrap_or("UTC").to_string() }))
}

/// A tenant's public name, for a login page that shows whose it is.
#[utoipa::path(get, path = "/api/v1/tenants/by-slug/{slug}", tag = "tenants", params(("slug" = String, Path)),
    responses((status = 200, body = Envelope<PublicTenant>), (status = 404, description = "no such tenant")))]
pub async fn by_slug(State(app): State<AppState>, ApiPath(slug): ApiPath<String>) -> ApiResult<ApiOk<PublicTenant>> {
    let tenant = app
        .db
        .read(move |c| {
            let id = super::store::id_by_slug(c, &slug)?.ok_or(ApiError::NotFound)?;
            super::store::get(c, &id)
        })
        .await?;
    Ok(ApiOk(PublicTenant { name: tenant.name, slug: tenant.slug }))
}

/// Whether a slug is well-formed and free.
#[utoipa::path(get, path = "/api/v1/tenants/check-slug/{slug}", tag = "tenants", params(("slug" = String, Path)),
    responses((status = 200, body = Envelope<SlugCheck>)))]
pub async fn check_slug(State(app): State<AppState>, ApiPath(slug): ApiPath<String>) -> ApiResult<ApiOk<SlugCheck>> {
    let valid = slug_is_valid(&slug);
    let s = slug.clone();
    let taken = valid && app.db.read(move |c| super::store::slug_taken(c, &s)).await?;
    Ok(ApiOk(SlugCheck { slug, valid, available: valid && !taken }))
}
