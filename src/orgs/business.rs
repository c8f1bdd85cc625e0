//! The business details after setup (seed 000's organization and location routes): name,
//! contact, address, time zone and opening hours, as the wizard promised ("you can change this
//! later"). Reading needs `schedules.read` (everyone on the rota), changing `tenant.manage`.

use axum::extract::State;

use super::model::{
    Location, LocationUpdate, NewLocation, OpeningHours, Organization, OrganizationUpdate, check_closures,
    check_opening_hours,
};
use super::store::{self, LocationChange, OrganizationChange};
use crate::access::perm;
use crate::auth::Member;
use crate::http::Created;
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
    let phone = body.phone.map(|p| crate::http::text::optional("phone", p, 50, false)).transpose()?;
    let address = body.address.map(|a| crate::http::text::optional("address", a, 500, true)).transpose()?;
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
    let address = body.address.map(|a| crate::http::text::optional("address", a, 500, true)).transpose()?;
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
    let closures = body.closures.map(check_closures).transpose()?;
    let saved = app
        .db
        .write(move |tx| {
            let current = store::location(tx, &tenant, &id, &location)?;
            let zone_changed = timezone.as_ref().is_some_and(|tz| tz != &current.timezone);
            let change = LocationChange {
                name: name.as_deref().unwrap_or(&current.name),
                address: address.as_ref().map_or(current.address.as_deref(), |a| a.as_deref()),
                timezone: timezone.as_deref().unwrap_or(&current.timezone),
                opening_hours: &hours,
            };
            store::update_location(tx, &tenant, &id, &location, &change, now)?;
            if let Some(closures) = &closures {
                store::replace_closures(tx, &tenant, &location, closures)?;
            }
            if zone_changed {
                // Future shifts keep their local times; their instants move with the zone.
                crate::schedules::rota::recompute_instants(tx, &tenant, &location, now)?;
            }
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

/// Adds a location (a second salon, a pop-up). Weekdays not sent are closed.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/locations", tag = "organizations",
    params(("id" = String, Path)), request_body = NewLocation,
    responses((status = 201, body = Envelope<Location>), (status = 403, description = "needs tenant.manage")),
    security(("bearer" = [])))]
pub async fn create_location(
    State(app): State<AppState>,
    caller: Member<perm::TenantManage>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<NewLocation>,
) -> ApiResult<Created<Location>> {
    let (tenant, user, now, id) = (caller.tenant().clone(), caller.user.clone(), app.clock.now(), org_id(&id)?);
    let name = crate::http::text::one_line("name", &body.name, 200)?;
    let address = crate::http::text::optional("address", body.address, 500, true)?;
    let mut problems = FieldErrors::new();
    if let Some(tz) = &body.timezone
        && jiff::tz::TimeZone::get(tz).is_err()
    {
        problems.insert("timezone".into(), FieldProblem::new(crate::http::Msg::FieldTimezone));
    }
    let sent: Vec<OpeningHours> = body.opening_hours.unwrap_or_default();
    check_opening_hours(&sent, &mut |field, key| {
        problems.insert(field.to_string(), FieldProblem::new(key));
    });
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    let hours: Vec<OpeningHours> = (0..7u8)
        .map(|day| {
            sent.iter().find(|h| h.day_of_week == day).cloned().unwrap_or(OpeningHours {
                day_of_week: day,
                open_time: None,
                close_time: None,
                is_closed: true,
            })
        })
        .collect();
    let closures = body.closures.map(check_closures).transpose()?.unwrap_or_default();
    let location = crate::ids::LocationId::generate();
    let saved = app
        .db
        .write(move |tx| {
            store::organization(tx, &tenant, &id)?;
            let timezone = match body.timezone {
                Some(tz) => tz,
                None => store::first_location(tx, &tenant)?.map(|l| l.timezone).unwrap_or_else(|| "UTC".into()),
            };
            let new = store::NewLocation {
                name: &name,
                address: address.as_deref(),
                timezone: &timezone,
                opening_hours: &hours,
            };
            store::insert_location(tx, &tenant, &id, &location, &new, now)?;
            store::replace_closures(tx, &tenant, &location, &closures)?;
            crate::audit::by_user(
                tx,
                &tenant,
                &user,
                "location.created",
                serde_json::json!({ "locationId": location }),
                now,
            )?;
            store::location(tx, &tenant, &id, &location)
        })
        .await?;
    Ok(Created(saved))
}

/// Deletes a location that no schedule uses; the last location stays (409).
#[utoipa::path(delete, path = "/api/v1/organizations/{id}/locations/{locationId}", tag = "organizations",
    params(("id" = String, Path), ("locationId" = String, Path)),
    responses((status = 200, body = Envelope<Location>), (status = 403, description = "needs tenant.manage"),
        (status = 409, description = "the last location, or schedules use it")),
    security(("bearer" = [])))]
pub async fn delete_location(
    State(app): State<AppState>,
    caller: Member<perm::TenantManage>,
    ApiPath((id, location)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<Location>> {
    let (tenant, user, now) = (caller.tenant().clone(), caller.user.clone(), app.clock.now());
    let (id, location) = (org_id(&id)?, location_id(&location)?);
    let gone = app
        .db
        .write(move |tx| {
            let current = store::location(tx, &tenant, &id, &location)?;
            store::delete_location(tx, &tenant, &id, &location)?;
            crate::audit::by_user(
                tx,
                &tenant,
                &user,
                "location.deleted",
                serde_json::json!({ "locationId": location }),
                now,
            )?;
            Ok(current)
        })
        .await?;
    Ok(ApiOk(gone))
}
