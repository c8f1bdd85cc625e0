use axum::extract::State;

use super::model::{SetupHub, TaskCode, TaskStatus, TaskUpdate};
use super::store;
use crate::access::perm;
use crate::auth::{Member, Principal};
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiResult, Envelope, Msg};
use crate::state::AppState;

/// The tenant's checklist and how far it is.
#[utoipa::path(get, path = "/api/v1/setup-hub", tag = "setup-hub",
    responses((status = 200, body = Envelope<SetupHub>)), security(("bearer" = [])))]
pub async fn get(State(app): State<AppState>, caller: Principal) -> ApiResult<ApiOk<SetupHub>> {
    let tenant = caller.tenant().clone();
    Ok(ApiOk(app.db.read(move |c| store::hub(c, &tenant)).await?))
}

/// Ticks, skips or reopens one task.
#[utoipa::path(put, path = "/api/v1/setup-hub/tasks/{taskCode}", tag = "setup-hub",
    params(("taskCode" = TaskCode, Path)), request_body = TaskUpdate,
    responses((status = 200, body = Envelope<SetupHub>), (status = 403, description = "needs tenant.manage")),
    security(("bearer" = [])))]
pub async fn update_task(
    State(app): State<AppState>,
    caller: Member<perm::TenantManage>,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<TaskUpdate>,
) -> ApiResult<ApiOk<SetupHub>> {
    let code = TaskCode::parse(&code).ok_or(ApiError::NotFound)?;
    let (tenant, user, now) = (caller.tenant().clone(), caller.user.clone(), app.clock.now());
    let hub = app
        .db
        .write(move |tx| {
            store::set_task(tx, &tenant, code, body.status, Some(&user), now)?;
            store::hub(tx, &tenant)
        })
        .await?;
    Ok(ApiOk(hub))
}

/// Ticks every task the data shows is done (pending tasks only: what a person set stays).
#[utoipa::path(post, path = "/api/v1/setup-hub/auto-check", tag = "setup-hub",
    responses((status = 200, body = Envelope<SetupHub>), (status = 403, description = "needs tenant.manage")),
    security(("bearer" = [])))]
pub async fn auto_check(State(app): State<AppState>, caller: Member<perm::TenantManage>) -> ApiResult<ApiOk<SetupHub>> {
    let tenant = caller.tenant().clone();
    let now = app.clock.now();
    let operator_mail = app.config.mail.smtp_host.is_some();
    let reader = tenant.clone();
    let (hub, detected) = app
        .db
        .read(move |c| {
            let tenant_mail = crate::mail::store::smtp_settings(c, &reader)?.is_some_and(|s| s.host.is_some());
            Ok((store::hub(c, &reader)?, store::detect(c, &reader, operator_mail || tenant_mail)?))
        })
        .await?;
    let newly: Vec<TaskCode> = hub
        .tasks
        .iter()
        .filter(|t| t.status == TaskStatus::Pending && detected.contains(&t.code))
        .map(|t| t.code)
        .collect();
    if newly.is_empty() {
        return Ok(ApiOk(hub));
    }
    let hub = app
        .db
        .write(move |tx| {
            // Re-checked on the write job's own view: a person may have set a task meanwhile.
            let current = store::hub(tx, &tenant)?;
            let still_pending =
                |code: &TaskCode| current.tasks.iter().any(|t| t.code == *code && t.status == TaskStatus::Pending);
            for code in newly.iter().filter(|c| still_pending(c)) {
                store::set_task(tx, &tenant, *code, TaskStatus::Completed, None, now)?;
            }
            store::hub(tx, &tenant)
        })
        .await?;
    Ok(ApiOk(hub))
}

/// Dismisses the checklist. 409 while a task is still pending (complete or skip it first).
#[utoipa::path(put, path = "/api/v1/setup-hub/complete", tag = "setup-hub",
    responses((status = 200, body = Envelope<SetupHub>), (status = 409, description = "a task is still pending"),
        (status = 403, description = "needs tenant.manage")),
    security(("bearer" = [])))]
pub async fn complete(State(app): State<AppState>, caller: Member<perm::TenantManage>) -> ApiResult<ApiOk<SetupHub>> {
    let (tenant, user, now) = (caller.tenant().clone(), caller.user.clone(), app.clock.now());
    let hub = app
        .db
        .write(move |tx| {
            if store::hub(tx, &tenant)?.tasks.iter().any(|t| t.status == TaskStatus::Pending) {
                return Err(ApiError::Conflict(Msg::SetupTasksOpen));
            }
            store::complete(tx, &tenant, &user, now)?;
            store::hub(tx, &tenant)
        })
        .await?;
    Ok(ApiOk(hub))
}
