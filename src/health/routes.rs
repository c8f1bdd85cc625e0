use std::sync::atomic::Ordering;

use axum::extract::State;

use super::model::{Health, MailHealth, OwnerFacts, ServicesHealth, StorageHealth, SystemHealth};
use super::store;
use crate::access::{Role, perm};
use crate::auth::{MaybePrincipal, Member};
use crate::config::Synchronous;
use crate::http::{ApiOk, ApiResult, Envelope};
use crate::state::AppState;

async fn check(app: &AppState) -> ApiResult<ApiOk<Health>> {
    app.db.read(store::ping).await?;
    Ok(ApiOk(Health { status: "ok", database: "ok" }))
}

/// Liveness for uptime checks (seed 000 path).
#[utoipa::path(get, path = "/api/health", tag = "health",
    responses((status = 200, body = Envelope<Health>), (status = 503, description = "database unavailable")))]
pub async fn health_legacy(State(app): State<AppState>) -> ApiResult<ApiOk<Health>> {
    check(&app).await
}

/// Liveness with a database check.
#[utoipa::path(get, path = "/api/v1/health", tag = "health",
    responses((status = 200, body = Envelope<Health>), (status = 503, description = "database unavailable")))]
pub async fn health(State(app): State<AppState>) -> ApiResult<ApiOk<Health>> {
    check(&app).await
}

/// Status and version; with the instance owner's token (the owner who ran the setup, a super
/// admin) also uptime, schema and SQLite versions, database size, free disk and the last good
/// backup. The owner of a tenant registered later learns nothing about the host.
#[utoipa::path(get, path = "/api/v1/health/system", tag = "health",
    responses((status = 200, body = Envelope<SystemHealth>)))]
pub async fn system(
    State(app): State<AppState>,
    MaybePrincipal(caller): MaybePrincipal,
) -> ApiResult<ApiOk<SystemHealth>> {
    let owner = match caller {
        Some(p) if p.role == Role::Owner && p.super_admin => Some(owner_facts(&app).await?),
        _ => None,
    };
    Ok(ApiOk(SystemHealth { status: "ok", version: crate::VERSION, owner }))
}

async fn owner_facts(app: &AppState) -> ApiResult<OwnerFacts> {
    let (schema_version, last_good_backup) =
        app.db.read(|c| Ok((store::schema_version(c)?, crate::backups::last_good(c)?))).await?;
    let file_size = |suffix: &str| {
        let mut path = app.db.path.clone().into_os_string();
        path.push(suffix);
        std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
    };
    let free_disk_bytes = rustix::fs::statvfs(app.data_dir.as_path()).ok().map(|s| s.f_bavail * s.f_frsize);
    Ok(OwnerFacts {
        uptime_seconds: app.started.elapsed().as_secs(),
        schema_version,
        sqlite_version: rusqlite::version(),
        database_bytes: file_size("") + file_size("-wal"),
        free_disk_bytes,
        last_good_backup,
    })
}

/// The state of each subsystem (signed-in users with `health.read`). The mail outbox counts the
/// caller's tenant, or every tenant for a super admin.
#[utoipa::path(get, path = "/api/v1/health/services", tag = "health",
    responses((status = 200, body = Envelope<ServicesHealth>), (status = 401, description = "not signed in"),
        (status = 403, description = "no health.read permission")),
    security(("bearer" = [])))]
pub async fn services(State(app): State<AppState>, caller: Member<perm::HealthRead>) -> ApiOk<ServicesHealth> {
    let status = match app.db.read(store::ping).await {
        Ok(()) => "ok",
        Err(_) => "error",
    };
    let stats = app.db.writer_stats();
    let storage = StorageHealth {
        status,
        synchronous: match app.db.synchronous {
            Synchronous::Full => "FULL",
            Synchronous::Normal => "NORMAL",
        },
        queue_depth: app.db.queue_depth() as u64,
        batches: stats.batches.load(Ordering::Relaxed),
        last_batch_jobs: stats.last_batch_jobs.load(Ordering::Relaxed),
        jobs_committed: stats.jobs_committed.load(Ordering::Relaxed),
        jobs_failed: stats.jobs_failed.load(Ordering::Relaxed),
        batches_aborted: stats.batches_aborted.load(Ordering::Relaxed),
        read_connections: app.db.read_pool_size() as u64,
        read_connections_idle: app.db.read_pool_idle() as u64,
        maintenance_runs: stats.maintenance_runs.load(Ordering::Relaxed),
    };
    let (everyone, tenant) = (caller.super_admin, caller.tenant().clone());
    let (outbox_depth, last_error) = app
        .db
        .read(
            move |c| if everyone { crate::mail::store::depth(c) } else { crate::mail::store::pending_for(c, &tenant) },
        )
        .await
        .unwrap_or((0, None));
    let mail = MailHealth {
        status: if last_error.is_some() { "waiting" } else { "ok" },
        outbox_depth,
        last_error,
        smtp_configured: app.config.mail.smtp_host.is_some(),
    };
    ApiOk(ServicesHealth { status, storage, mail })
}
