use axum::extract::State;

use super::model::{BackupRun, BackupStatus};
use super::service::{self, Trigger};
use super::store;
use crate::app::AppState;
use crate::http::page::{Page, PageQuery};
use crate::http::{ApiOk, ApiQuery, ApiResult, Created, Envelope};
use crate::superadmin::SuperAdmin;

/// The backup history, newest first.
#[utoipa::path(get, path = "/api/v1/super-admin/backups", tag = "super-admin", params(PageQuery),
    responses((status = 200, body = Envelope<Page<BackupRun>>), (status = 403, description = "not the instance owner")),
    security(("bearer" = [])))]
pub async fn list(
    State(app): State<AppState>,
    _: SuperAdmin,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> ApiResult<ApiOk<Page<BackupRun>>> {
    let (items, total) = app.db.read(move |c| store::list(c, &page)).await?;
    Ok(ApiOk(Page::new(items, total, &page)))
}

/// Writes a backup now, verifies it and prunes old ones. Answers the run, also when it failed
/// (`status: "failed"` with the error; the owner is e-mailed as for a scheduled run); 409
/// while another backup is being written.
#[utoipa::path(post, path = "/api/v1/super-admin/backups", tag = "super-admin",
    responses((status = 201, body = Envelope<BackupRun>), (status = 403, description = "not the instance owner"),
        (status = 409, description = "a backup is being written")),
    security(("bearer" = [])))]
pub async fn start(State(app): State<AppState>, _: SuperAdmin) -> ApiResult<Created<BackupRun>> {
    Ok(Created(service::run_once(&app, Trigger::Manual).await?))
}

/// The schedule, the last good backup and the next run.
#[utoipa::path(get, path = "/api/v1/super-admin/backups/status", tag = "super-admin",
    responses((status = 200, body = Envelope<BackupStatus>), (status = 403, description = "not the instance owner")),
    security(("bearer" = [])))]
pub async fn status(State(app): State<AppState>, _: SuperAdmin) -> ApiResult<ApiOk<BackupStatus>> {
    Ok(ApiOk(service::status(&app).await?))
}
