//! Writing, verifying and pruning backups, and the schedule that runs them.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use super::model::{BackupRun, BackupStatus};
use super::store;
use crate::clock::format_ts;
use crate::db::backup;
use crate::http::{ApiError, ApiResult, Lang, Msg};
use crate::ids::BackupRunId;
use crate::mail::Template;
use crate::state::AppState;

/// The first scheduled backup after a start with none on record waits at most this long, so
/// a fresh install is protected the same day without slowing its start.
const FIRST_RUN_DELAY: Duration = Duration::from_secs(5 * 60);
/// After a failure the scheduler tries again this soon (or at the interval, if shorter).
const RETRY_AFTER: Duration = Duration::from_secs(3600);

/// One backup at a time; the scheduler's next run, for the status page.
#[derive(Default)]
pub struct Runner {
    running: tokio::sync::Mutex<()>,
    next_run_at: Mutex<Option<jiff::Timestamp>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Schedule,
    Manual,
}

impl Trigger {
    fn as_str(self) -> &'static str {
        match self {
            Trigger::Schedule => "schedule",
            Trigger::Manual => "manual",
        }
    }
}

/// The folder archives go to.
pub fn folder(app: &AppState) -> PathBuf {
    app.config.backup.dir.clone().unwrap_or_else(|| app.data_dir.join("backups").join("scheduled"))
}

/// Writes one archive, reads it back to verify it, prunes old ones and records the run. A
/// failure is recorded too, and mailed to the instance owner. Refused while another runs.
pub async fn run_once(app: &AppState, trigger: Trigger) -> ApiResult<BackupRun> {
    let _running = app.backups.running.try_lock().map_err(|_| ApiError::Conflict(Msg::ConflictBackupRunning))?;
    let id = BackupRunId::generate();
    let started = app.clock.now();
    // The run id keeps names unique when two backups start within the same second.
    let file_name = format!("staffroom-backup-{}-{}.tar.gz", started.strftime("%Y%m%dT%H%M%SZ"), &id.as_str()[24..]);
    let dir = folder(app);
    let (data_dir, config_file, target) =
        (app.data_dir.as_ref().clone(), app.config_file.as_deref().cloned(), dir.join(&file_name));
    let written = tokio::task::spawn_blocking(move || write_verified(&data_dir, config_file.as_deref(), &target))
        .await
        .map_err(|e| ApiError::internal(format!("backup task: {e}")))?;
    let finished = app.clock.now();
    let mut run = BackupRun {
        id,
        trigger: trigger.as_str().into(),
        started_at: format_ts(started),
        finished_at: format_ts(finished),
        status: "ok".into(),
        file_name: None,
        bytes: None,
        error: None,
        pruned_at: None,
    };
    match written {
        Ok(bytes) => {
            run.file_name = Some(file_name);
            run.bytes = Some(bytes as i64);
            let record = run.clone();
            app.db.write(move |tx| store::insert(tx, &record)).await?;
            tracing::info!(file = %dir.join(run.file_name.as_deref().unwrap_or_default()).display(), bytes, "backup written and verified");
            prune(app, &dir).await;
        }
        Err(error) => {
            tracing::error!(dir = %dir.display(), "backup failed: {error}");
            run.status = "failed".into();
            run.error = Some(error);
            let record = run.clone();
            app.db
                .write(move |tx| {
                    store::insert(tx, &record)?;
                    notify_owners(tx, &record, finished)
                })
                .await?;
            app.mailer.wake();
        }
    }
    Ok(run)
}

/// The archive's size once it is written and read back.
fn write_verified(data_dir: &Path, config_file: Option<&Path>, target: &Path) -> Result<u64, String> {
    let result = (|| {
        backup::create_archive(data_dir, config_file, target)?;
        let work = target.parent().unwrap_or(data_dir);
        backup::verify_archive(target, work)?;
        Ok::<_, backup::BackupError>(std::fs::metadata(target)?.len())
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(target);
        e.to_string()
    })
}

/// Deletes the archives of good runs beyond `backup.keep`. Only files this scheduler wrote
/// and recorded are ever deleted.
async fn prune(app: &AppState, dir: &Path) {
    let keep = app.config.backup.keep;
    let old = match app.db.read(move |c| store::beyond_retention(c, keep)).await {
        Ok(old) => old,
        Err(e) => return tracing::warn!("backup retention: {e}"),
    };
    let mut pruned = Vec::new();
    for (id, name) in old {
        match std::fs::remove_file(dir.join(&name)) {
            Ok(()) => pruned.push(id),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => pruned.push(id),
            Err(e) => tracing::warn!(file = name, "backup retention could not delete: {e}"),
        }
    }
    if pruned.is_empty() {
        return;
    }
    let at = format_ts(app.clock.now());
    if let Err(e) = app.db.write(move |tx| store::mark_pruned(tx, &pruned, &at)).await {
        tracing::warn!("backup retention: {e}");
    }
}

fn notify_owners(tx: &crate::db::Tx<'_>, run: &BackupRun, now: jiff::Timestamp) -> ApiResult<()> {
    let error = run.error.as_deref().unwrap_or_default();
    for owner in crate::users::store::active_super_admins(tx)? {
        let template = Template::BackupFailed { error, at: &run.finished_at };
        let lang = Lang::from_accept_language(&owner.locale);
        crate::mail::queue(tx, Some(&owner.tenant_id), &owner.tenant_name, lang, &owner.email, &template, now)?;
    }
    Ok(())
}

pub async fn status(app: &AppState) -> ApiResult<BackupStatus> {
    let (last_good, last_run) = app.db.read(|c| Ok((store::last_good(c)?, store::latest(c)?))).await?;
    let next = *app.backups.next_run_at.lock().unwrap_or_else(|p| p.into_inner());
    let config = &app.config.backup;
    Ok(BackupStatus {
        enabled: config.enabled,
        interval_seconds: config.interval.0.as_secs(),
        keep: config.keep,
        directory: folder(app).display().to_string(),
        last_good_backup: last_good,
        last_run,
        next_run_at: next.filter(|_| config.enabled).map(format_ts),
        running: app.backups.running.try_lock().is_err(),
    })
}

/// The schedule: runs for the life of the server when `backup.enabled`.
pub async fn schedule(app: AppState) {
    if !app.config.backup.enabled {
        return;
    }
    let interval = app.config.backup.interval.0;
    let now = app.clock.now();
    let mut wait = match app.db.read(store::last_good).await {
        Ok(Some(last)) => last
            .parse::<jiff::Timestamp>()
            .ok()
            .and_then(|last| Duration::try_from(last.duration_until(now)).ok())
            .map(|since| interval.saturating_sub(since))
            .unwrap_or(Duration::ZERO),
        _ => interval.min(FIRST_RUN_DELAY),
    };
    loop {
        set_next(&app, wait);
        tokio::time::sleep(wait).await;
        wait = match run_once(&app, Trigger::Schedule).await {
            Ok(run) if run.status == "ok" => interval,
            Ok(_) => interval.min(RETRY_AFTER),
            // Another backup is being written (started by hand): the next slot is soon enough.
            Err(ApiError::Conflict(_)) => interval,
            Err(e) => {
                tracing::error!("backup could not be recorded: {e}");
                interval.min(RETRY_AFTER)
            }
        };
    }
}

fn set_next(app: &AppState, wait: Duration) {
    let next = jiff::SignedDuration::try_from(wait).ok().and_then(|d| app.clock.now().checked_add(d).ok());
    *app.backups.next_run_at.lock().unwrap_or_else(|p| p.into_inner()) = next;
}
