use axum::extract::State;

use super::model::{BulkDelete, BulkDeleted, Job, JobQuery, JobUpdate, NewJob, PALETTE, check_rate, parse_color};
use super::store::{self, Filter, JobFields};
use crate::access::perm;
use crate::auth::{Member, Principal};
use crate::http::page::{Page, PageQuery};
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Created, Envelope, Msg};
use crate::ids::JobId;
use crate::state::AppState;

fn job_id(text: &str) -> ApiResult<JobId> {
    JobId::parse(text).ok_or(ApiError::NotFound)
}

/// Pay is shown only to those who plan it (DESIGN §12).
fn shown_to(caller: &Principal, mut job: Job) -> Job {
    if !caller.allows(perm::SchedulesWrite::CODE) {
        job.hourly_rate = None;
    }
    job
}

use crate::access::perm::Permission as _;

/// The tenant's jobs by name, paged; `active` and `q` filter.
#[utoipa::path(get, path = "/api/v1/job-list", tag = "jobs", params(JobQuery),
    responses((status = 200, body = Envelope<Page<Job>>)), security(("bearer" = [])))]
pub async fn list(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    ApiQuery(query): ApiQuery<JobQuery>,
) -> ApiResult<ApiOk<Page<Job>>> {
    let page = PageQuery { page: query.page, limit: query.limit };
    if query.q.as_ref().is_some_and(|q| q.chars().count() > 100) {
        return Err(ApiError::validation("q", Msg::FieldTooLong));
    }
    let tenant = caller.tenant().clone();
    let text = query.q.map(|q| q.trim().to_string()).filter(|q| !q.is_empty());
    let active = query.active;
    let (limit, offset) = (page.limit(), page.offset());
    let (items, total) =
        app.db.read(move |c| store::page(c, &tenant, &Filter { active, text: text.as_deref() }, limit, offset)).await?;
    let items = items.into_iter().map(|j| shown_to(&caller, j)).collect();
    Ok(ApiOk(Page::new(items, total, &page)))
}

#[utoipa::path(post, path = "/api/v1/job-list", tag = "jobs", request_body = NewJob,
    responses((status = 201, body = Envelope<Job>), (status = 409, description = "a job of that name exists")),
    security(("bearer" = [])))]
pub async fn create(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiJson(body): ApiJson<NewJob>,
) -> ApiResult<Created<Job>> {
    let (tenant, user, now) = (caller.tenant().clone(), caller.user.clone(), app.clock.now());
    let name = crate::http::text::one_line("name", &body.name, 100)?;
    let code = crate::http::text::optional("code", body.code, 20, false)?;
    let description = crate::http::text::optional("description", body.description, 1000, true)?;
    let color = body.color.map(|c| parse_color("color", &c)).transpose()?;
    let hourly_rate = check_rate("hourlyRate", body.hourly_rate)?;
    let active = body.active.unwrap_or(true);
    let id = JobId::generate();
    let saved = app
        .db
        .write(move |tx| {
            let color = match color {
                Some(c) => c,
                None => PALETTE[(store::count(tx, &tenant)? as usize) % PALETTE.len()].to_string(),
            };
            let fields = JobFields {
                name: &name,
                code: code.as_deref(),
                description: description.as_deref(),
                color: &color,
                hourly_rate,
                active,
            };
            store::insert(tx, &tenant, &id, &fields, now)?;
            crate::audit::by_user(
                tx,
                &tenant,
                &user,
                "job.created",
                serde_json::json!({ "jobId": id, "name": name }),
                now,
            )?;
            store::get(tx, &tenant, &id)
        })
        .await?;
    Ok(Created(shown_to(&caller, saved)))
}

#[utoipa::path(get, path = "/api/v1/job-list/{id}", tag = "jobs", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<Job>)), security(("bearer" = [])))]
pub async fn get(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<Job>> {
    let (tenant, id) = (caller.tenant().clone(), job_id(&id)?);
    let job = app.db.read(move |c| store::get(c, &tenant, &id)).await?;
    Ok(ApiOk(shown_to(&caller, job)))
}

/// Changes a job (partial). `active: false` takes it off the shift form; its shifts keep it.
#[utoipa::path(patch, path = "/api/v1/job-list/{id}", tag = "jobs", params(("id" = String, Path)),
    request_body = JobUpdate,
    responses((status = 200, body = Envelope<Job>), (status = 409, description = "a job of that name exists")),
    security(("bearer" = [])))]
pub async fn update(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<JobUpdate>,
) -> ApiResult<ApiOk<Job>> {
    let (tenant, user, now, id) = (caller.tenant().clone(), caller.user.clone(), app.clock.now(), job_id(&id)?);
    let name = body.name.map(|n| crate::http::text::one_line("name", &n, 100)).transpose()?;
    let code = body.code.map(|c| crate::http::text::optional("code", c, 20, false)).transpose()?;
    let description =
        body.description.map(|d| crate::http::text::optional("description", d, 1000, true)).transpose()?;
    let color = body.color.map(|c| parse_color("color", &c)).transpose()?;
    let hourly_rate = body.hourly_rate.map(|r| check_rate("hourlyRate", r)).transpose()?;
    let active = body.active;
    let saved = app
        .db
        .write(move |tx| {
            let current = store::get(tx, &tenant, &id)?;
            let fields = JobFields {
                name: name.as_deref().unwrap_or(&current.name),
                code: code.as_ref().map_or(current.code.as_deref(), |c| c.as_deref()),
                description: description.as_ref().map_or(current.description.as_deref(), |d| d.as_deref()),
                color: color.as_deref().unwrap_or(&current.color),
                hourly_rate: hourly_rate.unwrap_or(current.hourly_rate),
                active: active.unwrap_or(current.active),
            };
            store::update(tx, &tenant, &id, &fields, now)?;
            crate::audit::by_user(tx, &tenant, &user, "job.updated", serde_json::json!({ "jobId": id }), now)?;
            store::get(tx, &tenant, &id)
        })
        .await?;
    Ok(ApiOk(shown_to(&caller, saved)))
}

/// Deletes a job no shift uses; one in use answers 409 (deactivate it instead).
#[utoipa::path(delete, path = "/api/v1/job-list/{id}", tag = "jobs", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<BulkDeleted>), (status = 409, description = "shifts use this job: deactivate it")),
    security(("bearer" = [])))]
pub async fn delete(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<BulkDeleted>> {
    let (tenant, user, now, id) = (caller.tenant().clone(), caller.user.clone(), app.clock.now(), job_id(&id)?);
    app.db
        .write(move |tx| {
            store::delete(tx, &tenant, &id)?;
            crate::audit::by_user(tx, &tenant, &user, "job.deleted", serde_json::json!({ "jobId": id }), now)
        })
        .await?;
    Ok(ApiOk(BulkDeleted { deleted: 1 }))
}

/// Deletes several jobs in one transaction: all of them, or none.
#[utoipa::path(post, path = "/api/v1/job-list/bulk", tag = "jobs", request_body = BulkDelete,
    responses((status = 200, body = Envelope<BulkDeleted>), (status = 404, description = "an id is not a job of this workplace; nothing was deleted"),
        (status = 409, description = "shifts use one of the jobs; nothing was deleted")),
    security(("bearer" = [])))]
pub async fn bulk_delete(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiJson(body): ApiJson<BulkDelete>,
) -> ApiResult<ApiOk<BulkDeleted>> {
    if body.ids.is_empty() {
        return Err(ApiError::validation("ids", Msg::FieldRequired));
    }
    if body.ids.len() > 100 {
        return Err(ApiError::validation("ids", Msg::FieldTooLong));
    }
    let (tenant, user, now) = (caller.tenant().clone(), caller.user.clone(), app.clock.now());
    let mut ids = body.ids;
    ids.sort();
    ids.dedup();
    let deleted = app
        .db
        .write(move |tx| {
            for id in &ids {
                store::delete(tx, &tenant, id)?;
            }
            crate::audit::by_user(tx, &tenant, &user, "job.bulk_deleted", serde_json::json!({ "jobIds": ids }), now)?;
            Ok(ids.len())
        })
        .await?;
    Ok(ApiOk(BulkDeleted { deleted }))
}
