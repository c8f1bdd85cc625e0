use axum::extract::State;

use super::model::{MemberQuery, MemberUpdate, MemberView};
use super::store::{self, Filter};
use crate::access::perm;
use crate::auth::Member;
use crate::http::page::{Page, PageQuery};
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Envelope, Msg};
use crate::ids::{OrganizationId, TenantId, UserId};
use crate::state::AppState;

fn org_id(org: &str) -> ApiResult<OrganizationId> {
    OrganizationId::parse(org).ok_or(ApiError::NotFound)
}

fn org_and_user(org: &str, user: &str) -> ApiResult<(OrganizationId, UserId)> {
    Ok((org_id(org)?, UserId::parse(user).ok_or(ApiError::NotFound)?))
}

/// The organization must be the caller's (another tenant's is not found).
fn check_org(c: &rusqlite::Connection, tenant: &TenantId, org: &OrganizationId) -> ApiResult<()> {
    crate::orgs::store::organization(c, tenant, org).map(|_| ())
}

/// The active people of the workplace by name, paged, with their scheduling facts.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/members", tag = "members",
    params(("id" = String, Path), MemberQuery),
    responses((status = 200, body = Envelope<Page<MemberView>>)), security(("bearer" = [])))]
pub async fn list(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    ApiPath(org): ApiPath<String>,
    ApiQuery(query): ApiQuery<MemberQuery>,
) -> ApiResult<ApiOk<Page<MemberView>>> {
    let org = org_id(&org)?;
    if query.q.as_ref().is_some_and(|q| q.chars().count() > 100) {
        return Err(ApiError::validation("q", Msg::FieldTooLong));
    }
    let page = PageQuery { page: query.page, limit: query.limit };
    let tenant = caller.tenant().clone();
    let text = query.q.map(|q| q.trim().to_string()).filter(|q| !q.is_empty());
    let on_rota = query.on_rota;
    let (limit, offset) = (page.limit(), page.offset());
    let (items, total) = app
        .db
        .read(move |c| {
            check_org(c, &tenant, &org)?;
            store::page(c, &tenant, &Filter { on_rota, text: text.as_deref() }, limit, offset)
        })
        .await?;
    let items = items.into_iter().map(|m| m.shown_to(&caller)).collect();
    Ok(ApiOk(Page::new(items, total, &page)))
}

#[utoipa::path(get, path = "/api/v1/organizations/{id}/members/{userId}", tag = "members",
    params(("id" = String, Path), ("userId" = String, Path)),
    responses((status = 200, body = Envelope<MemberView>)), security(("bearer" = [])))]
pub async fn get(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    ApiPath((org, user)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<MemberView>> {
    let (org, user) = org_and_user(&org, &user)?;
    let tenant = caller.tenant().clone();
    let member = app
        .db
        .read(move |c| {
            check_org(c, &tenant, &org)?;
            store::get(c, &tenant, &user)
        })
        .await?;
    Ok(ApiOk(member.shown_to(&caller)))
}

/// Changes a member's scheduling facts (partial). `onRota: false` takes them off the rota and
/// turns their future shifts into open shifts.
#[utoipa::path(patch, path = "/api/v1/organizations/{id}/members/{userId}", tag = "members",
    params(("id" = String, Path), ("userId" = String, Path)), request_body = MemberUpdate,
    responses((status = 200, body = Envelope<MemberView>), (status = 403, description = "needs schedules.write")),
    security(("bearer" = [])))]
pub async fn update(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath((org, user)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<MemberUpdate>,
) -> ApiResult<ApiOk<MemberView>> {
    let (org, user) = org_and_user(&org, &user)?;
    let (tenant, by, now) = (caller.tenant().clone(), caller.user.clone(), app.clock.now());
    check_update(&body)?;
    let notes = body.notes.clone().map(|n| crate::http::text::optional("notes", n, 2000, true)).transpose()?;
    let saved = app
        .db
        .write(move |tx| {
            check_org(tx, &tenant, &org)?;
            let mut member = store::get(tx, &tenant, &user)?;
            let was_on_rota = member.on_rota;
            if let Some(jobs) = &body.job_ids {
                let mut jobs = jobs.clone();
                jobs.sort();
                jobs.dedup();
                if !crate::jobs::store::all_exist(tx, &tenant, &jobs)? {
                    return Err(ApiError::NotFound);
                }
                member.job_ids = jobs;
                member.job_rates.retain(|job, _| member.job_ids.contains(job));
            }
            if let Some(rates) = &body.job_rates {
                if let Some(job) = rates.keys().find(|j| !member.job_ids.contains(j)) {
                    let detail = format!("{job} is not one of the member's jobIds");
                    let problem = crate::http::error::FieldProblem::with_detail(Msg::FieldInvalid, detail);
                    return Err(ApiError::validation("jobRates", problem));
                }
                member.job_rates = rates.clone();
            }
            if let Some(places) = &body.location_ids {
                let mut places = places.clone();
                places.sort();
                places.dedup();
                for place in &places {
                    crate::orgs::store::location_of_tenant(tx, &tenant, place)?;
                }
                member.location_ids = places;
            }
            if let Some(on) = body.on_rota {
                member.on_rota = on;
            }
            if let Some(rate) = body.hourly_rate {
                member.hourly_rate = rate;
            }
            if let Some(max) = body.max_hours_per_week {
                member.max_hours_per_week = max;
            }
            if let Some(rest) = body.min_rest_hours {
                member.min_rest_hours = rest;
            }
            if let Some(notes) = notes {
                member.notes = notes;
            }
            store::save_facts(tx, &tenant, &member, now)?;
            if was_on_rota && !member.on_rota {
                crate::schedules::rota::release_future_shifts(tx, &tenant, &user, now)?;
            }
            crate::groups::membership::refresh(tx, &tenant, now)?;
            crate::audit::by_user(tx, &tenant, &by, "member.updated", serde_json::json!({ "userId": user }), now)?;
            store::get(tx, &tenant, &user)
        })
        .await?;
    Ok(ApiOk(saved.shown_to(&caller)))
}

fn check_update(body: &MemberUpdate) -> ApiResult<()> {
    let too_many = |list: Option<usize>| list.is_some_and(|n| n > 200);
    if too_many(body.job_ids.as_ref().map(Vec::len)) {
        return Err(ApiError::validation("jobIds", Msg::FieldTooLong));
    }
    if too_many(body.location_ids.as_ref().map(Vec::len)) {
        return Err(ApiError::validation("locationIds", Msg::FieldTooLong));
    }
    let bad = |value: Option<Option<i64>>, max: i64| value.flatten().is_some_and(|v| !(0..=max).contains(&v));
    if bad(body.hourly_rate, crate::jobs::model::MAX_RATE) {
        return Err(ApiError::validation("hourlyRate", Msg::FieldInvalid));
    }
    if body.job_rates.as_ref().is_some_and(|r| r.values().any(|v| !(0..=crate::jobs::model::MAX_RATE).contains(v))) {
        return Err(ApiError::validation("jobRates", Msg::FieldInvalid));
    }
    if bad(body.max_hours_per_week, 168) {
        return Err(ApiError::validation("maxHoursPerWeek", Msg::FieldInvalid));
    }
    if bad(body.min_rest_hours, 24) {
        return Err(ApiError::validation("minRestHours", Msg::FieldInvalid));
    }
    Ok(())
}

/// Takes the person off the rota (seed 000 has no "remove from the workplace": that is
/// deactivating the account). Their future shifts become open shifts in the same job.
#[utoipa::path(delete, path = "/api/v1/organizations/{id}/members/{userId}", tag = "members",
    params(("id" = String, Path), ("userId" = String, Path)),
    responses((status = 200, body = Envelope<MemberView>), (status = 403, description = "needs schedules.write")),
    security(("bearer" = [])))]
pub async fn remove(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath((org, user)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<MemberView>> {
    let (org, user) = org_and_user(&org, &user)?;
    let (tenant, by, now) = (caller.tenant().clone(), caller.user.clone(), app.clock.now());
    let saved = app
        .db
        .write(move |tx| {
            check_org(tx, &tenant, &org)?;
            let mut member = store::get(tx, &tenant, &user)?;
            if member.on_rota {
                member.on_rota = false;
                store::save_facts(tx, &tenant, &member, now)?;
                crate::schedules::rota::release_future_shifts(tx, &tenant, &user, now)?;
                crate::groups::membership::refresh(tx, &tenant, now)?;
                crate::audit::by_user(tx, &tenant, &by, "member.off_rota", serde_json::json!({ "userId": user }), now)?;
            }
            store::get(tx, &tenant, &user)
        })
        .await?;
    Ok(ApiOk(saved.shown_to(&caller)))
}
