use std::sync::atomic::Ordering;

use axum::extract::State;

use super::model::{Health, ServicesHealth, StorageHealth, SystemHealth};
use super::store;
use crate::app::AppState;
use crate::config::Synchronous;
use crate::http::{ApiOk, ApiResult, Envelope};

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

/// Status and version.
#[utoipa::path(get, path = "/api/v1/health/system", tag = "health",
    responses((status = 200, body = Envelope<SystemHealth>)))]
pub async fn system(State(_app): State<AppState>) -> ApiOk<SystemHealth> {
    ApiOk(SystemHealth { status: "ok", version: crate::VERSION })
}

/// The state of each subsystem.
#[utoipa::path(get, path = "/api/v1/health/services", tag = "health",
    responses((status = 200, body = Envelope<ServicesHealth>)))]
pub async fn services(State(app): State<AppState>) -> ApiOk<ServicesHealth> {
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
    };
    ApiOk(ServicesHealth { status, storage })
}
