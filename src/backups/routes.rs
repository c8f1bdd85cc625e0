use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use serde::Deserialize;
use utoipa::IntoParams;

use super::link;
use super::model::{BackupRun, BackupStatus, DownloadLink};
use super::service::{self, Trigger};
use super::store;
use crate::auth::MaybePrincipal;
use crate::http::page::{Page, PageQuery};
use crate::http::{ApiError, ApiOk, ApiPath, ApiQuery, ApiResult, Created, Envelope};
use crate::ids::BackupRunId;
use crate::state::AppState;
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

/// The query of a signed download link.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LinkQuery {
    /// Unix seconds after which the link stops working.
    pub expires: Option<i64>,
    pub signature: Option<String>,
}

/// The archive of a good run that retention has not deleted, as a download: the way to keep a
/// copy on another computer. It holds the server's keys, so only the instance owner gets it:
/// with a bearer token, or through a link from `POST …/archive-link`.
#[utoipa::path(get, path = "/api/v1/super-admin/backups/{id}/archive", tag = "super-admin",
    params(("id" = String, Path), LinkQuery),
    responses((status = 200, description = "the .tar.gz archive", content_type = "application/gzip"),
        (status = 401, description = "no token and no valid link"),
        (status = 403, description = "not the instance owner"),
        (status = 404, description = "no such run, or its archive is gone")),
    security(("bearer" = [])))]
pub async fn download(
    State(app): State<AppState>,
    MaybePrincipal(caller): MaybePrincipal,
    ApiPath(id): ApiPath<String>,
    ApiQuery(link): ApiQuery<LinkQuery>,
) -> ApiResult<Response> {
    let id = BackupRunId::parse(&id).ok_or(ApiError::NotFound)?;
    match (&link.expires, &link.signature, &caller) {
        (Some(expires), Some(signature), _) => {
            let now = app.clock.now().as_second();
            if !link::verify(&app.secrets.upload_key, &id, *expires, signature, now) {
                return Err(ApiError::Gone);
            }
        }
        (_, _, Some(caller)) if caller.super_admin => {}
        (_, _, Some(_)) => return Err(ApiError::Forbidden),
        (_, _, None) => return Err(ApiError::Unauthorized),
    }
    let name = archive_name(&app, &id).await?;
    let file = tokio::fs::File::open(service::folder(&app).join(&name)).await.map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ApiError::NotFound,
        _ => ApiError::internal(format!("opening {name}: {e}")),
    })?;
    let length = file.metadata().await.map_err(ApiError::internal)?.len();
    let mut response = Body::from_stream(chunks(file)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/gzip"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    // The name is ours (letters, digits, dashes, dots), safe inside the quotes.
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// A link that downloads the archive for the next minute, without a bearer token (for the
/// browser's own download, which shows progress and does not hold the file in memory).
#[utoipa::path(post, path = "/api/v1/super-admin/backups/{id}/archive-link", tag = "super-admin",
    params(("id" = String, Path)),
    responses((status = 200, body = Envelope<DownloadLink>), (status = 403, description = "not the instance owner"),
        (status = 404, description = "no such run, or its archive is gone")),
    security(("bearer" = [])))]
pub async fn download_link(
    State(app): State<AppState>,
    _: SuperAdmin,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<DownloadLink>> {
    let id = BackupRunId::parse(&id).ok_or(ApiError::NotFound)?;
    archive_name(&app, &id).await?;
    let now = app.clock.now();
    let expires = now.as_second() + link::LIFETIME_SECONDS;
    let signature = link::signature(&app.secrets.upload_key, &id, expires);
    let expires_at = jiff::Timestamp::from_second(expires).map_err(ApiError::internal)?;
    Ok(ApiOk(DownloadLink {
        url: format!("/api/v1/super-admin/backups/{id}/archive?expires={expires}&signature={signature}"),
        expires_at: crate::clock::format_ts(expires_at),
    }))
}

/// The file name of a good run whose archive retention has not deleted.
async fn archive_name(app: &AppState, id: &BackupRunId) -> ApiResult<String> {
    let id = id.clone();
    let run = app.db.read(move |c| store::get(c, &id)).await?.ok_or(ApiError::NotFound)?;
    run.file_name.filter(|_| run.status == "ok" && run.pruned_at.is_none()).ok_or(ApiError::NotFound)
}

/// The file in 64 KiB pieces, so a large archive is never read into memory whole.
fn chunks(file: tokio::fs::File) -> impl futures_util::Stream<Item = std::io::Result<Vec<u8>>> {
    futures_util::stream::unfold(Some(file), |file| async move {
        use tokio::io::AsyncReadExt;
        let mut file = file?;
        let mut buf = vec![0; 64 * 1024];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(buf), Some(file)))
            }
            Err(e) => Some((Err(e), None)),
        }
    })
}
