//! The SQL of timesheets: a period's entries with their breaks and corrections, the shifts
//! scheduled, approvals and the lock they make.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

use crate::clock::format_ts;
use crate::db::{Tx, json_array};
use crate::http::{ApiError, ApiResult};
use crate::ids::{EntryEditId, JobId, LocationId, PunchId, ShiftId, TenantId, UserId};

/// How long before a period an entry it counts may have started: entries are at most this
/// long (a correction keeps them under a day; a forgotten clock-out is flagged long before).
pub const LOOKBACK: i64 = 7 * 86_400;

/// A correction as stored: the entry's (in, out, break override) before and after.
#[derive(Debug, Clone)]
pub struct EditRow {
    pub id: EntryEditId,
    pub edited_by: Option<UserId>,
    pub edited_by_name: Option<String>,
    pub edited_at: String,
    pub reason: String,
    pub before: (i64, Option<i64>, Option<i64>),
    pub after: (i64, i64, Option<i64>),
}

#[derive(Debug, Clone)]
pub struct EntryRow {
    pub id: PunchId,
    pub user: UserId,
    pub location_id: Option<LocationId>,
    pub job_id: Option<JobId>,
    pub shift_id: Option<ShiftId>,
    pub clock_in_at: i64,
    pub clock_in_rounded: i64,
    pub clock_out_at: Option<i64>,
    pub clock_out_rounded: Option<i64>,
    pub missed: bool,
    pub breaks: Vec<(i64, Option<i64>)>,
    pub edits: Vec<EditRow>,
}

impl EntryRow {
    /// (in, out, break override) as the entry counts: its last correction, else the rounded punches.
    pub fn effective(&self) -> (i64, Option<i64>, Option<i64>) {
        match self.edits.last() {
            Some(e) => (e.after.0, Some(e.after.1), e.after.2),
            None => (self.clock_in_rounded, self.clock_out_rounded, None),
        }
    }

    /// Real seconds of the breaks taken (open ones until the entry's end or `now`).
    pub fn break_seconds_taken(&self, now: i64) -> i64 {
        self.breaks.iter().map(|(s, e)| e.unwrap_or(now).max(*s) - s).sum()
    }
}

const ENTRY: &str = "SELECT id, user_id, location_id, job_id, shift_id, clock_in_at, clock_in_rounded, clock_out_at,
    clock_out_rounded, missed_out_at IS NOT NULL FROM time_entries";

fn entry_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EntryRow> {
    Ok(EntryRow {
        id: r.get(0)?,
        user: r.get(1)?,
        location_id: r.get(2)?,
        job_id: r.get(3)?,
        shift_id: r.get(4)?,
        clock_in_at: r.get(5)?,
        clock_in_rounded: r.get(6)?,
        clock_out_at: r.get(7)?,
        clock_out_rounded: r.get(8)?,
        missed: r.get(9)?,
        breaks: Vec::new(),
        edits: Vec::new(),
    })
}

/// Fills in the breaks and corrections of `entries`, two queries for all of them.
fn complete(c: &Connection, entries: &mut [EntryRow]) -> ApiResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let ids = json_array(entries.iter().map(|e| e.id.as_str()));
    let index: HashMap<PunchId, usize> = entries.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
    let mut stmt = c.prepare_cached(
        "SELECT entry_id, started_at, ended_at FROM time_breaks
         WHERE entry_id IN (SELECT value FROM json_each(?1)) ORDER BY started_at",
    )?;
    let mut rows = stmt.query([&ids])?;
    while let Some(r) = rows.next()? {
        let id: PunchId = r.get(0)?;
        if let Some(&i) = index.get(&id) {
            entries[i].breaks.push((r.get(1)?, r.get(2)?));
        }
    }
    let mut stmt = c.prepare_cached(
        "SELECT e.entry_id, e.id, e.edited_by, u.first_name || ' ' || u.last_name, e.edited_at, e.reason,
             e.before_in, e.before_out, e.before_break, e.after_in, e.after_out, e.after_break
         FROM time_entry_edits e LEFT JOIN users u ON u.id = e.edited_by
         WHERE e.entry_id IN (SELECT value FROM json_each(?1)) ORDER BY e.seq",
    )?;
    let mut rows = stmt.query([&ids])?;
    while let Some(r) = rows.next()? {
        let id: PunchId = r.get(0)?;
        if let Some(&i) = index.get(&id) {
            entries[i].edits.push(EditRow {
                id: r.get(1)?,
                edited_by: r.get(2)?,
                edited_by_name: r.get(3)?,
                edited_at: r.get(4)?,
                reason: r.get(5)?,
                before: (r.get(6)?, r.get(7)?, r.get(8)?),
                after: (r.get(9)?, r.get(10)?, r.get(11)?),
            });
        }
    }
    Ok(())
}

/// The entries that may touch `from`..`to` (UTC seconds): started in the range or up to
/// `LOOKBACK` before it, or still open — of one person, or of the whole workplace.
pub fn entries_around(
    c: &Connection,
    tenant: &TenantId,
    user: Option<&UserId>,
    from: i64,
    to: i64,
) -> ApiResult<Vec<EntryRow>> {
    let mut found: Vec<EntryRow> = match user {
        Some(u) => c
            .prepare_cached(&format!(
                "{ENTRY} WHERE user_id = ?1 AND tenant_id = ?2 AND clock_in_at >= ?3 AND clock_in_at < ?4
                 UNION ALL {ENTRY} WHERE user_id = ?1 AND tenant_id = ?2 AND clock_out_at IS NULL AND clock_in_at < ?3"
            ))?
            .query_map((u, tenant, from - LOOKBACK, to), entry_row)?
            .collect::<Result<_, _>>()?,
        None => c
            .prepare_cached(&format!(
                "{ENTRY} WHERE tenant_id = ?1 AND clock_in_at >= ?2 AND clock_in_at < ?3
                 UNION ALL {ENTRY} WHERE tenant_id = ?1 AND clock_out_at IS NULL AND clock_in_at < ?2"
            ))?
            .query_map((tenant, from - LOOKBACK, to), entry_row)?
            .collect::<Result<_, _>>()?,
    };
    complete(c, &mut found)?;
    found.sort_by_key(|e| (e.effective().0, e.clock_in_at));
    Ok(found)
}

/// One entry of the workplace.
pub fn entry(c: &Connection, tenant: &TenantId, id: &PunchId) -> ApiResult<EntryRow> {
    let mut found = c
        .prepare_cached(&format!("{ENTRY} WHERE id = ?1 AND tenant_id = ?2"))?
        .query_row((id, tenant), entry_row)
        .optional()?
        .ok_or(ApiError::NotFound)?;
    complete(c, std::slice::from_mut(&mut found))?;
    Ok(found)
}

/// A published shift as the timesheet counts it.
pub struct Scheduled {
    pub user: UserId,
    pub starts_at: i64,
    pub paid_minutes: i64,
}

/// Published shifts starting in `from`..`to`, of one person or everyone.
pub fn scheduled(
    c: &Connection,
    tenant: &TenantId,
    user: Option<&UserId>,
    from: i64,
    to: i64,
) -> ApiResult<Vec<Scheduled>> {
    let mut stmt = c.prepare_cached(
        "SELECT published_user_id, starts_at, (ends_at - starts_at) / 60 - break_minutes FROM shifts
         WHERE tenant_id = ?1 AND starts_at >= ?2 AND starts_at < ?3 AND deleted_at IS NULL
           AND status = 'published' AND published_user_id IS NOT NULL AND (?4 IS NULL OR published_user_id = ?4)",
    )?;
    Ok(stmt
        .query_map((tenant, from, to, user), |r| {
            Ok(Scheduled { user: r.get(0)?, starts_at: r.get(1)?, paid_minutes: r.get::<_, i64>(2)?.max(0) })
        })?
        .collect::<Result<_, _>>()?)
}

/// A person of the workplace: name and own time zone.
pub struct Person {
    pub id: UserId,
    pub name: String,
    pub timezone: Option<String>,
}

pub fn people(c: &Connection, tenant: &TenantId, ids: &[&UserId]) -> ApiResult<Vec<Person>> {
    let ids = json_array(ids.iter().map(|u| u.as_str()));
    Ok(c.prepare_cached(
        "SELECT id, first_name || ' ' || last_name, timezone FROM users
         WHERE tenant_id = ?1 AND id IN (SELECT value FROM json_each(?2)) ORDER BY first_name, last_name, id",
    )?
    .query_map((tenant, ids), |r| Ok(Person { id: r.get(0)?, name: r.get(1)?, timezone: r.get(2)? }))?
    .collect::<Result<_, _>>()?)
}

pub fn person(c: &Connection, tenant: &TenantId, id: &UserId) -> ApiResult<Person> {
    people(c, tenant, &[id])?.into_iter().next().ok_or(ApiError::NotFound)
}

/// An approval as stored.
#[derive(Debug, Clone)]
pub struct ApprovalRow {
    pub user: UserId,
    pub approved_by: Option<UserId>,
    pub approved_by_name: Option<String>,
    pub approved_at: String,
}

/// The approvals of exactly this period, of one person or everyone.
pub fn approvals(
    c: &Connection,
    tenant: &TenantId,
    user: Option<&UserId>,
    start: &str,
    end: &str,
) -> ApiResult<Vec<ApprovalRow>> {
    Ok(c.prepare_cached(
        "SELECT a.user_id, a.approved_by, u.first_name || ' ' || u.last_name, a.approved_at
         FROM timesheet_approvals a LEFT JOIN users u ON u.id = a.approved_by
         WHERE a.tenant_id = ?1 AND a.period_start = ?2 AND a.period_end = ?3 AND (?4 IS NULL OR a.user_id = ?4)",
    )?
    .query_map((tenant, start, end, user), |r| {
        Ok(ApprovalRow { user: r.get(0)?, approved_by: r.get(1)?, approved_by_name: r.get(2)?, approved_at: r.get(3)? })
    })?
    .collect::<Result<_, _>>()?)
}

/// Whether an approved period of the person holds any local date in `from`..=`to`.
pub fn locked(c: &Connection, user: &UserId, from: &str, to: &str) -> ApiResult<bool> {
    Ok(c.prepare_cached(
        "SELECT 1 FROM timesheet_approvals WHERE user_id = ?1 AND period_start <= ?3 AND period_end >= ?2 LIMIT 1",
    )?
    .query_row((user, from, to), |_| Ok(()))
    .optional()?
    .is_some())
}

/// The last day of the person's latest approved period, if any: a punch after it is never
/// locked, so the clock needs no time-zone arithmetic for the common case.
pub fn last_locked_day(c: &Connection, user: &UserId) -> ApiResult<Option<String>> {
    Ok(c.prepare_cached("SELECT max(period_end) FROM timesheet_approvals WHERE user_id = ?1")?
        .query_row([user], |r| r.get(0))?)
}

pub struct NewApproval<'a> {
    pub user: &'a UserId,
    pub start: &'a str,
    pub end: &'a str,
    pub by: &'a UserId,
    pub worked: i64,
    pub overtime: i64,
}

/// Records the approval; false when the period is approved already.
pub fn approve(tx: &Tx<'_>, tenant: &TenantId, a: &NewApproval<'_>, now: jiff::Timestamp) -> ApiResult<bool> {
    Ok(tx
        .prepare_cached(
            "INSERT INTO timesheet_approvals (tenant_id, user_id, period_start, period_end, approved_by, approved_at,
                 worked_minutes, overtime_minutes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
        )?
        .execute((tenant, a.user, a.start, a.end, a.by, format_ts(now), a.worked, a.overtime))?
        == 1)
}

/// Removes the approval; false when there was none.
pub fn unlock(tx: &Tx<'_>, tenant: &TenantId, user: &UserId, start: &str) -> ApiResult<bool> {
    Ok(tx
        .prepare_cached("DELETE FROM timesheet_approvals WHERE tenant_id = ?1 AND user_id = ?2 AND period_start = ?3")?
        .execute((tenant, user, start))?
        == 1)
}

pub struct NewEdit<'a> {
    pub id: &'a EntryEditId,
    pub entry: &'a EntryRow,
    pub by: &'a UserId,
    pub reason: &'a str,
    pub before: (i64, Option<i64>, Option<i64>),
    pub after: (i64, i64, Option<i64>),
}

pub fn insert_edit(tx: &Tx<'_>, tenant: &TenantId, e: &NewEdit<'_>, now: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO time_entry_edits (id, tenant_id, entry_id, user_id, edited_by, edited_at, reason,
             before_in, before_out, before_break, after_in, after_out, after_break)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(rusqlite::params![
        e.id,
        tenant,
        e.entry.id,
        e.entry.user,
        e.by,
        format_ts(now),
        e.reason,
        e.before.0,
        e.before.1,
        e.before.2,
        e.after.0,
        e.after.1,
        e.after.2,
    ])?;
    Ok(())
}

/// Names of jobs and locations, for the export.
pub fn names(c: &Connection, tenant: &TenantId) -> ApiResult<HashMap<String, String>> {
    let mut out = HashMap::new();
    for sql in ["SELECT id, name FROM jobs WHERE tenant_id = ?1", "SELECT id, name FROM locations WHERE tenant_id = ?1"]
    {
        let mut stmt = c.prepare_cached(sql)?;
        let rows = stmt.query_map([tenant], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, name) = row?;
            out.insert(id, name);
        }
    }
    Ok(out)
}
