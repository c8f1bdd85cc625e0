//! The SQL of time off.

use rusqlite::{Connection, OptionalExtension, Row};

use super::model::{Kind, Status, TimeOff};
use crate::clock::format_ts;
use crate::db::Tx;
use crate::fixed::SecondText;
use crate::http::{ApiError, ApiResult};
use crate::ids::{TenantId, TimeOffId, UserId};

const COLUMNS: &str = "id, user_id, kind, start_date, end_date, start_time, end_time, starts_at, ends_at, note,
    status, decided_by, decided_at, decision_comment, created_at, updated_at";

fn row(r: &Row<'_>) -> rusqlite::Result<TimeOff> {
    let (kind, status): (String, String) = (r.get(2)?, r.get(10)?);
    Ok(TimeOff {
        id: r.get(0)?,
        user_id: r.get(1)?,
        kind: Kind::parse(&kind).unwrap_or(Kind::Other),
        start_date: r.get(3)?,
        end_date: r.get(4)?,
        start_time: r.get(5)?,
        end_time: r.get(6)?,
        starts_at: SecondText::utc(r.get(7)?),
        ends_at: SecondText::utc(r.get(8)?),
        note: r.get(9)?,
        status: Status::parse(&status).unwrap_or(Status::Cancelled),
        decided_by: r.get(11)?,
        decided_at: r.get(12)?,
        decision_comment: r.get(13)?,
        created_at: r.get(14)?,
        updated_at: r.get(15)?,
    })
}

pub struct NewRow<'a> {
    pub id: &'a TimeOffId,
    pub user: &'a UserId,
    pub kind: Kind,
    pub start_date: &'a str,
    pub end_date: &'a str,
    pub start_time: Option<&'a str>,
    pub end_time: Option<&'a str>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub note: Option<&'a str>,
}

pub fn insert(tx: &Tx<'_>, tenant: &TenantId, n: &NewRow<'_>, now: jiff::Timestamp) -> ApiResult<()> {
    let stamp = format_ts(now);
    tx.prepare_cached(
        "INSERT INTO time_off (id, tenant_id, user_id, kind, start_date, end_date, start_time, end_time, starts_at,
             ends_at, note, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'pending', ?12, ?12)",
    )?
    .execute(rusqlite::params![
        n.id,
        tenant,
        n.user,
        n.kind.as_str(),
        n.start_date,
        n.end_date,
        n.start_time,
        n.end_time,
        n.starts_at,
        n.ends_at,
        n.note,
        stamp
    ])?;
    Ok(())
}

pub fn get(c: &Connection, tenant: &TenantId, id: &TimeOffId) -> ApiResult<TimeOff> {
    c.prepare_cached(&format!("SELECT {COLUMNS} FROM time_off WHERE tenant_id = ?1 AND id = ?2"))?
        .query_row((tenant, id), row)
        .optional()?
        .ok_or(ApiError::NotFound)
}

pub struct Filter<'a> {
    pub user: Option<&'a UserId>,
    pub status: Option<Status>,
    /// Local dates, inclusive.
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
}

/// A page of the tenant's time off, newest start first.
pub fn page(
    c: &Connection,
    tenant: &TenantId,
    f: &Filter<'_>,
    limit: u32,
    offset: i64,
) -> ApiResult<(Vec<TimeOff>, u64)> {
    let condition = "tenant_id = ?1 AND (?2 IS NULL OR user_id = ?2) AND (?3 IS NULL OR status = ?3)
        AND (?4 IS NULL OR end_date >= ?4) AND (?5 IS NULL OR start_date <= ?5)";
    let status = f.status.map(Status::as_str);
    let total: i64 = c
        .prepare_cached(&format!("SELECT count(*) FROM time_off WHERE {condition}"))?
        .query_row((tenant, f.user, status, f.from, f.to), |r| r.get(0))?;
    let items = c
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM time_off WHERE {condition} ORDER BY start_date DESC, id DESC LIMIT ?6 OFFSET ?7"
        ))?
        .query_map((tenant, f.user, status, f.from, f.to, limit, offset), row)?
        .collect::<Result<_, _>>()?;
    Ok((items, total as u64))
}

/// Moves a request from `from` (one of them) to `to`; answers whether it was in one of them.
pub fn set_status(
    tx: &Tx<'_>,
    id: &TimeOffId,
    from: &[Status],
    to: Status,
    decided: Option<(&UserId, Option<&str>)>,
    now: jiff::Timestamp,
) -> ApiResult<bool> {
    let from: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    let stamp = format_ts(now);
    let n = tx
        .prepare_cached(
            "UPDATE time_off SET status = ?2, updated_at = ?3,
                 decided_by = coalesce(?4, decided_by), decided_at = CASE WHEN ?4 IS NULL THEN decided_at ELSE ?3 END,
                 decision_comment = CASE WHEN ?4 IS NULL THEN decision_comment ELSE ?5 END
             WHERE id = ?1 AND status IN (SELECT value FROM json_each(?6))",
        )?
        .execute(rusqlite::params![
            id,
            to.as_str(),
            stamp,
            decided.map(|d| d.0),
            decided.and_then(|d| d.1),
            serde_json::to_string(&from).unwrap_or_default(),
        ])?;
    Ok(n == 1)
}

/// Approved time off of these people overlapping `[lo, hi)` (UTC seconds), for the conflict
/// engine: (person, id, start, end).
pub fn approved_among(
    c: &Connection,
    tenant: &TenantId,
    people: &[&UserId],
    lo: i64,
    hi: i64,
) -> ApiResult<Vec<(UserId, String, i64, i64)>> {
    let list = crate::db::json_array(people.iter().map(|p| p.as_str()));
    Ok(c.prepare_cached(
        "SELECT t.user_id, t.id, t.starts_at, t.ends_at FROM json_each(?2) p CROSS JOIN time_off t
         ON t.user_id = p.value AND t.ends_at > ?3
         WHERE t.starts_at < ?4 AND t.status = 'approved' AND t.tenant_id = ?1",
    )?
    .query_map((tenant, list, lo, hi), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
    .collect::<Result<_, _>>()?)
}

/// The workplace's pending requests, oldest first; at most `limit`.
pub fn pending(c: &Connection, tenant: &TenantId, limit: u32) -> ApiResult<Vec<TimeOff>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM time_off WHERE tenant_id = ?1 AND status = 'pending' ORDER BY created_at, id LIMIT ?2"
    ))?
    .query_map((tenant, limit), row)?
    .collect::<Result<_, _>>()?)
}

/// The person's published shifts overlapping `from`..`to` (UTC seconds): what approving time
/// off would leave uncovered.
pub fn shifts_during(
    c: &Connection,
    tenant: &TenantId,
    user: &UserId,
    from: i64,
    to: i64,
) -> ApiResult<Vec<crate::ids::ShiftId>> {
    Ok(c.prepare_cached(
        "SELECT id FROM shifts WHERE tenant_id = ?1 AND published_user_id = ?2 AND status = 'published'
             AND deleted_at IS NULL AND starts_at < ?4 AND ends_at > ?3 ORDER BY starts_at LIMIT 50",
    )?
    .query_map((tenant, user, from, to), |r| r.get(0))?
    .collect::<Result<_, _>>()?)
}
