//! `backup_runs`: the history of backups.

use rusqlite::{Connection, OptionalExtension, Row};

use super::model::BackupRun;
use crate::db::Tx;
use crate::http::ApiResult;
use crate::http::page::PageQuery;
use crate::ids::BackupRunId;

const COLUMNS: &str = "id, trigger, started_at, finished_at, status, file_name, bytes, error, pruned_at";

fn run(r: &Row<'_>) -> rusqlite::Result<BackupRun> {
    Ok(BackupRun {
        id: r.get(0)?,
        trigger: r.get(1)?,
        started_at: r.get(2)?,
        finished_at: r.get(3)?,
        status: r.get(4)?,
        file_name: r.get(5)?,
        bytes: r.get(6)?,
        error: r.get(7)?,
        pruned_at: r.get(8)?,
    })
}

pub fn insert(tx: &Tx<'_>, r: &BackupRun) -> ApiResult<()> {
    tx.prepare_cached(&format!("INSERT INTO backup_runs ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL)"))?
        .execute((&r.id, &r.trigger, &r.started_at, &r.finished_at, &r.status, &r.file_name, r.bytes, &r.error))?;
    Ok(())
}

/// Newest first.
pub fn list(c: &Connection, page: &PageQuery) -> ApiResult<(Vec<BackupRun>, u64)> {
    let total: i64 = c.prepare_cached("SELECT count(*) FROM backup_runs")?.query_row([], |r| r.get(0))?;
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM backup_runs ORDER BY started_at DESC, id DESC LIMIT ?1 OFFSET ?2"
    ))?;
    let rows = stmt.query_map((page.limit(), page.offset()), run)?;
    Ok((rows.collect::<Result<_, _>>()?, total as u64))
}

pub fn get(c: &Connection, id: &BackupRunId) -> ApiResult<Option<BackupRun>> {
    Ok(c.prepare_cached(&format!("SELECT {COLUMNS} FROM backup_runs WHERE id = ?1"))?
        .query_row([id], run)
        .optional()?)
}

pub fn latest(c: &Connection) -> ApiResult<Option<BackupRun>> {
    Ok(c.prepare_cached(&format!("SELECT {COLUMNS} FROM backup_runs ORDER BY started_at DESC, id DESC LIMIT 1"))?
        .query_row([], run)
        .optional()?)
}

/// Finish time of the newest verified backup.
pub fn last_good(c: &Connection) -> ApiResult<Option<String>> {
    Ok(c.prepare_cached("SELECT max(finished_at) FROM backup_runs WHERE status = 'ok'")?.query_row([], |r| r.get(0))?)
}

/// Good runs whose archive is still on disk, beyond the newest `keep`: retention deletes them.
pub fn beyond_retention(c: &Connection, keep: u32) -> ApiResult<Vec<(BackupRunId, String)>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, file_name FROM backup_runs WHERE status = 'ok' AND pruned_at IS NULL AND file_name IS NOT NULL
         ORDER BY started_at DESC, id DESC LIMIT -1 OFFSET ?1",
    )?;
    let rows = stmt.query_map([keep], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn mark_pruned(tx: &Tx<'_>, ids: &[BackupRunId], at: &str) -> ApiResult<()> {
    let mut stmt = tx.prepare_cached("UPDATE backup_runs SET pruned_at = ?2 WHERE id = ?1")?;
    for id in ids {
        stmt.execute((id, at))?;
    }
    Ok(())
}
