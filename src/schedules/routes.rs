//! Schedule CRUD (seed 000 `/schedules`).

use axum::extract::State;

use super::access::{self, schedule_id};
use super::model::{NewSchedule, Schedule, ScheduleUpdate};
use super::store::{self, ScheduleFields};
use crate::access::perm;
use crate::auth::Member;
use crate::events::{self, Audience};
use crate::http::page::{Page, PageQuery};
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Created, Envelope, Msg};
use crate::ids::{ScheduleId, SmartGroupId, TenantId, UserId};
use crate::state::AppState;

const DETAILS_LIMIT: usize = 16 * 1024;

/// The client's settings for the schedule: a JSON object, or none.
fn details(value: Option<serde_json::Value>) -> ApiResult<Option<String>> {
    let Some(value) = value.filter(|v| !v.is_null()) else { return Ok(None) };
    if !value.is_object() {
        return Err(ApiError::validation("detailsConfig", Msg::FieldWrongType));
    }
    let text = value.to_string();
    if text.len() > DETAILS_LIMIT {
        return Err(ApiError::validation("detailsConfig", Msg::FieldTooLong));
    }
    Ok(Some(text))
}

fn unique<T: Ord>(mut ids: Vec<T>, field: &str, max: usize) -> ApiResult<Vec<T>> {
    if ids.len() > max {
        return Err(ApiError::validation(field, Msg::FieldTooLong));
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// Groups and people must be the tenant's (another tenant's id is not found).
fn check_assignees(
    c: &rusqlite::Connection,
    tenant: &TenantId,
    groups: &[SmartGroupId],
    users: &[UserId],
) -> ApiResult<()> {
    for g in groups {
        crate::groups::store::group_by_id(c, tenant, g)?;
    }
    for u in users {
        crate::users::store::view(c, tenant, u)?;
    }
    Ok(())
}

/// The schedules the caller may see (planners: all), by name.
#[utoipa::path(get, path = "/api/v1/schedules", tag = "schedules", params(PageQuery),
    responses((status = 200, body = Envelope<Page<Schedule>>)), security(("bearer" = [])))]
pub async fn list(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> ApiResult<ApiOk<Page<Schedule>>> {
    let (tenant, user, planner) = (caller.tenant().clone(), caller.user.clone(), access::is_planner(&caller));
    let (limit, offset) = (page.limit(), page.offset());
    let (items, total) = app.db.read(move |c| store::visible(c, &tenant, &user, planner, limit, offset)).await?;
    Ok(ApiOk(Page::new(items, total, &page)))
}

#[utoipa::path(post, path = "/api/v1/schedules", tag = "schedules", request_body = NewSchedule,
    responses((status = 201, body = Envelope<Schedule>),
        (status = 404, description = "the location, a group or a person is not this workplace's")),
    security(("bearer" = [])))]
pub async fn create(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiJson(body): ApiJson<NewSchedule>,
) -> ApiResult<Created<Schedule>> {
    let (tenant, user, now) = (caller.tenant().clone(), caller.user.clone(), app.clock.now());
    let name = crate::http::text::one_line("name", &body.name, 100)?;
    let groups = unique(body.assignee_group_ids.unwrap_or_default(), "assigneeGroupIds", 100)?;
    let users = unique(body.assignee_user_ids.unwrap_or_default(), "assigneeUserIds", 1000)?;
    let config = details(body.details_config)?;
    let (claim, swap) = (body.claim_needs_approval.unwrap_or(false), body.swap_needs_approval.unwrap_or(true));
    let location = body.location_id;
    let id = ScheduleId::generate();
    let saved = app
        .db
        .write(move |tx| {
            let location = match location {
                Some(l) => crate::orgs::store::location_of_tenant(tx, &tenant, &l)?.id,
                None => crate::orgs::store::first_location(tx, &tenant)?.ok_or(ApiError::NotFound)?.id,
            };
            check_assignees(tx, &tenant, &groups, &users)?;
            let fields = ScheduleFields {
                name: &name,
                location_id: &location,
                details_config: config.as_deref(),
                claim_needs_approval: claim,
                swap_needs_approval: swap,
                groups: &groups,
                users: &users,
            };
            store::save(tx, &tenant, &id, &fields, &user, now)?;
            crate::groups::membership::refresh(tx, &tenant, now)?;
            crate::audit::by_user(
                tx,
                &tenant,
                &user,
                "schedule.created",
                serde_json::json!({ "scheduleId": id }),
                now,
            )?;
            store::get(tx, &tenant, &id)
        })
        .await?;
    Ok(Created(saved))
}

/// One schedule: 403 for a member of the workplace who is not on it.
#[utoipa::path(get, path = "/api/v1/schedules/{id}", tag = "schedules", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<Schedule>), (status = 403, description = "not on this schedule")),
    security(("bearer" = [])))]
pub async fn get(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<Schedule>> {
    let id = schedule_id(&id)?;
    let principal = caller.principal.clone();
    let (schedule, _) = app.db.read(move |c| access::open(c, &principal, &id)).await?;
    Ok(ApiOk(schedule))
}

/// Changes a schedule (partial). A new location moves its future shifts' instants with the
/// location's zone; new assignees are expanded in the same transaction.
#[utoipa::path(patch, path = "/api/v1/schedules/{id}", tag = "schedules", params(("id" = String, Path)),
    request_body = ScheduleUpdate, responses((status = 200, body = Envelope<Schedule>)), security(("bearer" = [])))]
pub async fn update(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ScheduleUpdate>,
) -> ApiResult<ApiOk<Schedule>> {
    let (tenant, user, now, id) = (caller.tenant().clone(), caller.user.clone(), app.clock.now(), schedule_id(&id)?);
    let name = body.name.map(|n| crate::http::text::one_line("name", &n, 100)).transpose()?;
    let groups = body.assignee_group_ids.map(|g| unique(g, "assigneeGroupIds", 100)).transpose()?;
    let users = body.assignee_user_ids.map(|u| unique(u, "assigneeUserIds", 1000)).transpose()?;
    let config = body.details_config.map(details).transpose()?;
    let (claim, swap, location) = (body.claim_needs_approval, body.swap_needs_approval, body.location_id);
    let saved = app
        .db
        .write(move |tx| {
            let current = store::get(tx, &tenant, &id)?;
            let location = match location {
                Some(l) => crate::orgs::store::location_of_tenant(tx, &tenant, &l)?.id,
                None => current.location_id.clone(),
            };
            let groups = groups.unwrap_or(current.assignee_group_ids.clone());
            let users = users.unwrap_or(current.assignee_user_ids.clone());
            check_assignees(tx, &tenant, &groups, &users)?;
            let config = match config {
                Some(c) => c,
                None => current.details_config.as_ref().map(|c| c.to_string()),
            };
            let fields = ScheduleFields {
                name: name.as_deref().unwrap_or(&current.name),
                location_id: &location,
                details_config: config.as_deref(),
                claim_needs_approval: claim.unwrap_or(current.claim_needs_approval),
                swap_needs_approval: swap.unwrap_or(current.swap_needs_approval),
                groups: &groups,
                users: &users,
            };
            store::save(tx, &tenant, &id, &fields, &user, now)?;
            if location != current.location_id {
                super::rota::recompute_schedule(tx, &tenant, &id, now)?;
            }
            crate::groups::membership::refresh(tx, &tenant, now)?;
            crate::audit::by_user(
                tx,
                &tenant,
                &user,
                "schedule.updated",
                serde_json::json!({ "scheduleId": id }),
                now,
            )?;
            store::get(tx, &tenant, &id)
        })
        .await?;
    Ok(ApiOk(saved))
}

/// Deletes a schedule and its shifts. Shifts go in chunks, one write job each, so a large
/// schedule never stalls the writer for everyone.
#[utoipa::path(delete, path = "/api/v1/schedules/{id}", tag = "schedules", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<Schedule>)), security(("bearer" = [])))]
pub async fn delete(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<Schedule>> {
    let (tenant, user, now, id) = (caller.tenant().clone(), caller.user.clone(), app.clock.now(), schedule_id(&id)?);
    let current = {
        let (tenant, id) = (tenant.clone(), id.clone());
        app.db.read(move |c| store::get(c, &tenant, &id)).await?
    };
    loop {
        let id = id.clone();
        let gone = app.db.write(move |tx| store::delete_shifts_chunk(tx, &id, 2000)).await?;
        if gone == 0 {
            break;
        }
    }
    let audience: Vec<Audience> = current
        .assignee_user_ids_expanded
        .iter()
        .cloned()
        .map(Audience::User)
        .chain([Audience::ScheduleManagers(id.clone())])
        .collect();
    app.db
        .write(move |tx| {
            store::delete_shifts_chunk(tx, &id, 2000)?;
            store::delete(tx, &tenant, &id)?;
            crate::groups::membership::refresh(tx, &tenant, now)?;
            events::emit(tx, &tenant, "schedule.deleted", &audience, &serde_json::json!({ "scheduleId": id }), now)?;
            crate::audit::by_user(tx, &tenant, &user, "schedule.deleted", serde_json::json!({ "scheduleId": id }), now)
        })
        .await?;
    Ok(ApiOk(current))
}
