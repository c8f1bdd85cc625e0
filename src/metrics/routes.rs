use std::fmt::Write;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;

use axum::extract::{ConnectInfo, State};
use axum::http::{Extensions, HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use crate::http::{ApiError, ApiResult};
use crate::state::AppState;

/// With `metrics.token`: the bearer token must match. Without: the peer must be loopback and
/// no proxy may have forwarded the request (a proxy on the same host is loopback too).
fn allowed(app: &AppState, peer: Option<SocketAddr>, headers: &HeaderMap) -> ApiResult<()> {
    if !app.config.metrics.enabled {
        return Err(ApiError::NotFound);
    }
    match &app.config.metrics.token {
        Some(token) => {
            let given = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .unwrap_or_default();
            if given.as_bytes().ct_eq(token.as_bytes()).into() { Ok(()) } else { Err(ApiError::Unauthorized) }
        }
        None => {
            let forwarded = ["x-forwarded-for", "forwarded", "x-real-ip"].iter().any(|h| headers.contains_key(*h));
            if peer.is_some_and(|p| p.ip().is_loopback()) && !forwarded { Ok(()) } else { Err(ApiError::Forbidden) }
        }
    }
}

pub async fn scrape(State(app): State<AppState>, extensions: Extensions, headers: HeaderMap) -> ApiResult<Response> {
    let peer = extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    allowed(&app, peer, &headers)?;
    let (outbox, last_good) =
        app.db.read(|c| Ok((crate::mail::store::depth(c)?.0, crate::backups::last_good(c)?))).await?;
    let mut out = String::with_capacity(16 * 1024);
    app.http_metrics.write(&mut out);
    crate::realtime::write_metrics(&app.hub, &mut out);

    let stats = app.db.writer_stats();
    let mut metric = |name: &str, kind: &str, help: &str, value: f64| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}");
    };
    metric("staffroom_db_read_connections", "gauge", "Read connections in the pool.", app.db.read_pool_size() as f64);
    metric("staffroom_db_read_connections_idle", "gauge", "Idle read connections.", app.db.read_pool_idle() as f64);
    metric(
        "staffroom_db_write_queue_depth",
        "gauge",
        "Write jobs waiting for the writer.",
        app.db.queue_depth() as f64,
    );
    let counter = |c: &std::sync::atomic::AtomicU64| c.load(Ordering::Relaxed) as f64;
    metric("staffroom_db_group_commits_total", "counter", "Group commits.", counter(&stats.batches));
    metric("staffroom_db_jobs_committed_total", "counter", "Write jobs committed.", counter(&stats.jobs_committed));
    metric("staffroom_db_jobs_failed_total", "counter", "Write jobs that failed.", counter(&stats.jobs_failed));
    metric(
        "staffroom_db_batches_aborted_total",
        "counter",
        "Group commits SQLite aborted as a whole.",
        counter(&stats.batches_aborted),
    );
    metric(
        "staffroom_db_maintenance_runs_total",
        "counter",
        "WAL checkpoints with PRAGMA optimize.",
        counter(&stats.maintenance_runs),
    );
    let db_bytes = ["", "-wal"]
        .iter()
        .map(|suffix| {
            let mut path = app.db.path.clone().into_os_string();
            path.push(suffix);
            std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
        })
        .sum::<u64>();
    metric("staffroom_db_size_bytes", "gauge", "Database file plus its write-ahead log.", db_bytes as f64);
    metric("staffroom_mail_outbox_depth", "gauge", "Mails waiting to be sent.", outbox as f64);
    let last_good =
        last_good.and_then(|t| t.parse::<jiff::Timestamp>().ok()).map(|t| t.as_millisecond() as f64 / 1000.0);
    metric(
        "staffroom_backup_last_good_timestamp_seconds",
        "gauge",
        "Finish time of the newest verified backup (0: none yet).",
        last_good.unwrap_or(0.0),
    );
    metric("staffroom_uptime_seconds", "gauge", "Seconds since start.", app.started.elapsed().as_secs_f64());
    if let Some(rss) = resident_bytes() {
        metric("staffroom_process_resident_memory_bytes", "gauge", "Resident memory.", rss as f64);
    }
    let _ = writeln!(
        out,
        "# HELP staffroom_build_info The running version.\n# TYPE staffroom_build_info gauge\n\
         staffroom_build_info{{version=\"{}\"}} 1",
        crate::VERSION
    );
    let mut response = out.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    Ok(response)
}

/// Resident set size from `/proc/self/statm` (pages × page size).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * rustix::param::page_size() as u64)
}
