//! The business details after setup (seed 000's organization and location routes): name,
//! contact, address, time zone and opening hours, as the wizard promised ("you can change this
//! later"). Reading needs `schedules.read` (everyone on the rota), changing `tenant.manage`.

use axum::extract::State;

use super::model::{Location, LocationUpdate, OpeningHours, Organization, OrganizationUpdate, check_opening_hours};
use super::store::{self, LocationChange, OrganizationChange};
use crate::access::perm;
use crate::auth::Member;
use crate::http::error::{FieldErrors, FieldProblem};
use crate::http::page::{Page, PageQuery};
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Envelope};
use crate::ids::{LocationId, OrganizationId};
use crate::state::AppState;

fn org_id(text: &str) -> ApiResult<OrganizationId> {
    OrganizationId::parse(text).ok_or(ApiError::NotFound)
}

fn location_id(text: &str) -> ApiResult<LocationId> {
    LocationId::parse(text).ok_or(ApiError::NotFound)
}

/// A trimmed optional text: blank clears it, longer than `max` characters is refused.
fn optional_text(field: &str, value: Option<String>, max: usize, allow_lines: bool) -> ApiResult<Option<String>> {
    if value.as_ref().is_some_and(|v| v.chars().count() > max) {
        return Err(ApiError::validation(field, crate::http::Msg::FieldTooLong));
    }
    match value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) {
        Some(v) if v.chars().any(|c| c.is_control() && !(allow_lines && c == '\n')) => {
            Err(ApiError::validation(field, crate::http::Msg::FieldInvalid))
        }
        other => Ok(other),
    }
}

/// The tenant's organizations (one, made at setup, for most businesses).
#[utoipa::path(get, path = "/api/v1/organizations", tag = "organizations", params(PageQuery),
    responses((status = 200, body = Envelope<Page<Organization>>)), security(("bearer" = [])))]
pub async fn list(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> ApiResult<ApiOk<Page<Organization>>> {
    let tenant = caller.tenant().clone();
    let all = app.db.read(move |c| store::organizations(c, &tenant)).await?;
    let total = all.len() as u64;
    let items = all.into_iter().skip(page.offset() as usize).take(page.limit() as usize).collect();
    Ok(ApiOk(Page::new(items, total, &page)))
}

#[utoipa::path(get, path = "/api/v1/organizations/{id}", tag = "organizations", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<Organization>)), security(("bearer" = [])))]
pub async fn get(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<Organization>> {
    let (tenant, id) = (caller.tenant().clone(), org_id(&id)?);
    Ok(ApiOk(app.db.read(move |c| store::organization(c, &tenant, &id)).await?))
}

/// Changes the business details (partial). The name is also the workplace's name.
#[utoipa::path(patch, path = "/api/v1/organizations/{id}", tag = "organizations", params(("id" = String, Path)),
    request_body = OrganizationUpdate,
    responses((status = 200, body = Envelope<Organization>), (status = 403, description = "needs tenant.manage")),
    security(("bearer" = [])))]
pub async fn update(
    State(app): State<AppState>,
    caller: Member<perm::TenantManage>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<OrganizationUpdate>,
) -> ApiResult<ApiOk<Organization>> {
    let (tenant, user, id, now) = (caller.tenant().clone(), caller.user.clone(), org_id(&id)?, app.clock.now());
    let name = body.name.map(|n| crate::http::text::one_line("name", &n, 200)).transpose()?;
    // `null` clears the address; an empty string is no address.
    let email = match body.email {
        Some(Some(e)) => Some(Some(crate::users::model::Email::parse("email", &e)?.as_str().to_string())),
        Some(None) => Some(None),
        None => None,
    };
    let phone = body.phone.map(|p| optional_text("phone", p, 50, false)).transpose()?;
    let address = body.address.map(|a| optional_text("address", a, 500, true)).transpose()?;
    let saved = app
        .db
        .write(move |tx| {
            let current = store::organization(tx, &tenant, &id)?;
            let change = OrganizationChange {
                name: name.as_deref().unwrap_or(&current.name),
                email: email.as_ref().map_or(current.email.as_deref(), |e| e.as_deref()),
                phone: phone.as_ref().map_or(current.phone.as_deref(), |p| p.as_deref()),
                address: address.as_ref().map_or(current.address.as_deref(), |a| a.as_deref()),
            };
            store::update_organization(tx, &tenant, &id, &change, now)?;
            crate::audit::by_user(
                tx,
                &tenant,
                &user,
                "organization.updated",
                serde_json::json!({ "organizationId": id }),
                now,
            )?;
            store::organization(tx, &tenant, &id)
        })
        .await?;
    Ok(ApiOk(saved))
}

/// The organization's locations with their time zones and opening hours.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/locations", tag = "organizations",
    params(("id" = String, Path), PageQuery),
    responses((status = 200, body = Envelope<Page<Location>>)), security(("bearer" = [])))]
pub async fn locations(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> ApiResult<ApiOk<Page<Location>>> {
    let (tenant, id) = (caller.tenant().clone(), org_id(&id)?);
    let all = app
        .db
        .read(move |c| {
            store::organization(c, &tenant, &id)?;
            store::locations(c, &tenant, &id)
        })
        .await?;
    let total = all.len() as u64;
    let items = all.into_iter().skip(page.offset() as usize).take(page.limit() as usize).collect();
    Ok(ApiOk(Page::new(items, total, &page)))
}

#[utoipa::path(get, path = "/api/v1/organizations/{id}/locations/{locationId}", tag = "organizations",
    params(("id" = String, Path), ("locationId" = String, Path)),
    responses((status = 200, body = Envelope<Location>)), security(("bearer" = [])))]
pub async fn location(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    ApiPath((id, location)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<Location>> {
    let (tenant, id, location) = (caller.tenant().clone(), org_id(&id)?, location_id(&location)?);
    Ok(ApiOk(app.db.read(move |c| store::location(c, &tenant, &id, &location)).await?))
}

/// Changes a location (partial): name, address, time zone, and the weekdays of `openingHours`
/// that are sent.
#[utoipa::path(patch, path = "/api/v1/organizations/{id}/locations/{locationId}", tag = "organizations",
    params(("id" = String, Path), ("locationId" = String, Path)), request_body = LocationUpdate,
    responses((status = 200, body = Envelope<Location>), (status = 403, description = "needs tenant.manage")),
    security(("bearer" = [])))]
pub async fn update_location(
    State(app): State<AppState>,
    caller: Member<perm::TenantManage>,
    ApiPath((id, location)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<LocationUpdate>,
) -> ApiResult<ApiOk<Location>> {
    let (tenant, user, now) = (caller.tenant().clone(), caller.user.clone(), app.clock.now());
    let (id, location) = (org_id(&id)?, location_id(&location)?);
    let name = body.name.map(|n| crate::http::text::one_line("name", &n, 200)).transpose()?;
    let address = body.address.map(|a| optional_text("address", a, 500, true)).transpose()?;
    let mut problems = FieldErrors::new();
    if let Some(tz) = &body.timezone
        && jiff::tz::TimeZone::get(tz).is_err()
    {
        problems.insert("timezone".into(), FieldProblem::new(crate::http::Msg::FieldTimezone));
    }
    let hours: Vec<OpeningHours> = body.opening_hours.unwrap_or_default();
    check_opening_hours(&hours, &mut |field, key| {
        problems.insert(field.to_string(), FieldProblem::new(key));
    });
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    let timezone = body.timezone;
    let saved = app
        .db
        .write(move |tx| {
            let current = store::location(tx, &tenant, &id, &location)?;
            let change = LocationChange {
                name: name.as_deref().unwrap_or(&current.name),
                address: address.as_ref().map_or(current.address.as_deref(), |a| a.as_deref()),
                timezone: timezone.as_deref().unwrap_or(&current.timezone),
                opening_hours: &hours,
            };
            store::update_location(tx, &tenant, &id, &location, &change, now)?;
            crate::audit::by_user(
                tx,
                &tenant,
                &user,
                "location.updated",
                serde_json::json!({ "locationId": location }),
                now,
            )?;
            store::location(tx, &tenant, &id, &location)
        })
        .await?;
    Ok(ApiOk(saved))
}
