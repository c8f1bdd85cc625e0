//! The SQL of shift swaps.

use rusqlite::{Connection, OptionalExtension, Row};

use super::model::{Status, Swap, SwapShift};
use crate::clock::format_ts;
use crate::db::Tx;
use crate::fixed::SecondText;
use crate::http::{ApiError, ApiResult};
use crate::ids::{ScheduleId, ShiftId, SwapId, TenantId, UserId};
use crate::schedules::store::ShiftCore;

const SWAP: &str = "SELECT w.id, w.schedule_id, w.shift_id, w.from_user_id, f.first_name || ' ' || f.last_name,
    w.to_user_id, w.accepted_by, a.first_name || ' ' || a.last_name, w.status, w.note, w.decided_by, w.decided_at,
    w.created_at, w.updated_at, s.shift_date, s.start_time, s.end_time, s.starts_at, s.ends_at, s.title, s.job_id,
    s.published
    FROM shift_swaps w JOIN shifts s ON s.id = w.shift_id
    JOIN users f ON f.id = w.from_user_id LEFT JOIN users a ON a.id = w.accepted_by";

fn swap(r: &Row<'_>) -> rusqlite::Result<Swap> {
    let status: String = r.get(8)?;
    let published: Option<String> = r.get(21)?;
    let seen: Option<ShiftCore> = published.and_then(|p| serde_json::from_str(&p).ok());
    let shift = match seen {
        Some(core) => SwapShift {
            shift_date: core.shift_date.to_string(),
            start_time: core.start_time.to_string(),
            end_time: core.end_time.to_string(),
            starts_at: SecondText::utc(core.starts_at).to_string(),
            ends_at: SecondText::utc(core.ends_at).to_string(),
            title: core.title,
            job_id: core.job_id,
        },
        None => SwapShift {
            shift_date: r.get(14)?,
            start_time: r.get(15)?,
            end_time: r.get(16)?,
            starts_at: SecondText::utc(r.get(17)?).to_string(),
            ends_at: SecondText::utc(r.get(18)?).to_string(),
            title: r.get(19)?,
            job_id: r.get(20)?,
        },
    };
    Ok(Swap {
        id: r.get(0)?,
        schedule_id: r.get(1)?,
        shift_id: r.get(2)?,
        from_user_id: r.get(3)?,
        from_name: r.get(4)?,
        to_user_id: r.get(5)?,
        accepted_by: r.get(6)?,
        accepted_by_name: r.get(7)?,
        status: Status::parse(&status).unwrap_or(Status::Cancelled),
        note: r.get(9)?,
        decided_by: r.get(10)?,
        decided_at: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        shift,
    })
}

pub fn get(c: &Connection, tenant: &TenantId, id: &SwapId) -> ApiResult<Swap> {
    c.prepare_cached(&format!("{SWAP} WHERE w.id = ?1 AND w.tenant_id = ?2"))?
        .query_row((id, tenant), swap)
        .optional()?
        .ok_or(ApiError::NotFound)
}

/// `open`: offered or accepted; `done`: the rest; `all`.
fn statuses(filter: &str) -> &'static [&'static str] {
    match filter {
        "done" => &["approved", "declined", "cancelled"],
        "all" => &["offered", "accepted", "approved", "declined", "cancelled"],
        _ => &["offered", "accepted"],
    }
}

/// The workplace's swaps (planners), newest first; at most 500.
pub fn all(c: &Connection, tenant: &TenantId, filter: &str) -> ApiResult<Vec<Swap>> {
    let wanted = crate::db::json_array(statuses(filter).iter().copied());
    Ok(c.prepare_cached(&format!(
        "{SWAP} WHERE w.tenant_id = ?1 AND w.status IN (SELECT value FROM json_each(?2))
         ORDER BY w.created_at DESC, w.id DESC LIMIT 500"
    ))?
    .query_map((tenant, wanted), swap)?
    .collect::<Result<_, _>>()?)
}

/// The swaps that concern a member: theirs, offered to them, or offered to everyone on a
/// schedule they are on; newest first, at most 500.
pub fn concerning(c: &Connection, tenant: &TenantId, user: &UserId, filter: &str) -> ApiResult<Vec<Swap>> {
    let wanted = crate::db::json_array(statuses(filter).iter().copied());
    Ok(c.prepare_cached(&format!(
        "{SWAP} WHERE w.tenant_id = ?1 AND w.status IN (SELECT value FROM json_each(?3))
           AND (w.from_user_id = ?2 OR w.to_user_id = ?2 OR w.accepted_by = ?2
                OR (w.to_user_id IS NULL AND w.status = 'offered'
                    AND w.schedule_id IN (SELECT schedule_id FROM schedule_assignees WHERE user_id = ?2)))
         ORDER BY w.created_at DESC, w.id DESC LIMIT 500"
    ))?
    .query_map((tenant, user, wanted), swap)?
    .collect::<Result<_, _>>()?)
}

/// Accepted swaps waiting for a planner, oldest first.
pub fn waiting(c: &Connection, tenant: &TenantId, limit: u32) -> ApiResult<Vec<Swap>> {
    Ok(c.prepare_cached(&format!(
        "{SWAP} WHERE w.tenant_id = ?1 AND w.status = 'accepted' ORDER BY w.updated_at, w.id LIMIT ?2"
    ))?
    .query_map((tenant, limit), swap)?
    .collect::<Result<_, _>>()?)
}

pub struct NewRow<'a> {
    pub id: &'a SwapId,
    pub schedule: &'a ScheduleId,
    pub shift: &'a ShiftId,
    pub from: &'a UserId,
    pub to: Option<&'a UserId>,
    pub note: Option<&'a str>,
}

/// Stores an offer; false when the shift has a live one already.
pub fn insert(tx: &Tx<'_>, tenant: &TenantId, w: &NewRow<'_>, now: jiff::Timestamp) -> ApiResult<bool> {
    let stamp = format_ts(now);
    Ok(tx
        .prepare_cached(
            "INSERT INTO shift_swaps (id, tenant_id, schedule_id, shift_id, from_user_id, to_user_id, status, note,
                 created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'offered', ?7, ?8, ?8) ON CONFLICT DO NOTHING",
        )?
        .execute((w.id, tenant, w.schedule, w.shift, w.from, w.to, w.note, &stamp))?
        == 1)
}

/// Moves a swap from one of `from` to `to`; false when it was in none of them (decided meanwhile).
pub fn set_status(
    tx: &Tx<'_>,
    id: &SwapId,
    from: &[Status],
    to: Status,
    accepted_by: Option<&UserId>,
    decided_by: Option<&UserId>,
    now: jiff::Timestamp,
) -> ApiResult<bool> {
    let allowed = crate::db::json_array(from.iter().map(|s| s.as_str()));
    let stamp = format_ts(now);
    Ok(tx
        .prepare_cached(
            "UPDATE shift_swaps SET status = ?3, accepted_by = coalesce(?4, accepted_by),
                 decided_by = coalesce(?5, decided_by), decided_at = CASE WHEN ?5 IS NULL THEN decided_at ELSE ?6 END,
                 updated_at = ?6
             WHERE id = ?1 AND status IN (SELECT value FROM json_each(?2))",
        )?
        .execute((id, allowed, to.as_str(), accepted_by, decided_by, &stamp))?
        == 1)
}
