//! The SQL of schedules and shifts.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::model::{Schedule, ShiftStatus};
use crate::clock::format_ts;
use crate::db::Tx;
use crate::fixed::{DateText, StampText, TimeText};
use crate::http::{ApiError, ApiResult};
use crate::ids::{JobId, LocationId, ScheduleId, ShiftId, SmartGroupId, TenantId, UserId};

// ---- schedules -------------------------------------------------------------------------------

const SCHEDULE: &str = "SELECT id, name, location_id, details_config, claim_needs_approval, swap_needs_approval,
    created_by, created_at, updated_at FROM schedules";

fn schedule(r: &Row<'_>) -> rusqlite::Result<Schedule> {
    let config: Option<String> = r.get(3)?;
    Ok(Schedule {
        id: r.get(0)?,
        name: r.get(1)?,
        location_id: r.get(2)?,
        details_config: config.and_then(|c| serde_json::from_str(&c).ok()),
        claim_needs_approval: r.get(4)?,
        swap_needs_approval: r.get(5)?,
        created_by: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
        assignee_group_ids: Vec::new(),
        assignee_user_ids: Vec::new(),
        assignee_user_ids_expanded: Vec::new(),
    })
}

fn with_assignees(c: &Connection, mut s: Schedule) -> ApiResult<Schedule> {
    s.assignee_group_ids = c
        .prepare_cached("SELECT group_id FROM schedule_groups WHERE schedule_id = ?1 ORDER BY group_id")?
        .query_map([&s.id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    s.assignee_user_ids = c
        .prepare_cached("SELECT user_id FROM schedule_users WHERE schedule_id = ?1 ORDER BY user_id")?
        .query_map([&s.id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    s.assignee_user_ids_expanded = assignees(c, &s.id)?.into_iter().collect();
    Ok(s)
}

pub fn get(c: &Connection, tenant: &TenantId, id: &ScheduleId) -> ApiResult<Schedule> {
    let found = c
        .prepare_cached(&format!("{SCHEDULE} WHERE tenant_id = ?1 AND id = ?2"))?
        .query_row((tenant, id), schedule)
        .optional()?
        .ok_or(ApiError::NotFound)?;
    with_assignees(c, found)
}

/// The schedules `user` may see, by name: all of them for planners, else those they made or are
/// an assignee of.
pub fn visible(
    c: &Connection,
    tenant: &TenantId,
    user: &UserId,
    planner: bool,
    limit: u32,
    offset: i64,
) -> ApiResult<(Vec<Schedule>, u64)> {
    let condition = "tenant_id = ?1 AND (?2 OR created_by = ?3
        OR EXISTS (SELECT 1 FROM schedule_assignees a WHERE a.schedule_id = schedules.id AND a.user_id = ?3))";
    let total: i64 = c
        .prepare_cached(&format!("SELECT count(*) FROM schedules WHERE {condition}"))?
        .query_row((tenant, planner, user), |r| r.get(0))?;
    let rows: Vec<Schedule> = c
        .prepare_cached(&format!("{SCHEDULE} WHERE {condition} ORDER BY lower(name), id LIMIT ?4 OFFSET ?5"))?
        .query_map((tenant, planner, user, limit, offset), schedule)?
        .collect::<Result<_, _>>()?;
    let items = rows.into_iter().map(|s| with_assignees(c, s)).collect::<ApiResult<_>>()?;
    Ok((items, total as u64))
}

pub fn count(c: &Connection, tenant: &TenantId) -> ApiResult<u64> {
    let n: i64 =
        c.prepare_cached("SELECT count(*) FROM schedules WHERE tenant_id = ?1")?.query_row([tenant], |r| r.get(0))?;
    Ok(n as u64)
}

pub fn assignees(c: &Connection, schedule: &ScheduleId) -> ApiResult<BTreeSet<UserId>> {
    Ok(c.prepare_cached("SELECT user_id FROM schedule_assignees WHERE schedule_id = ?1")?
        .query_map([schedule], |r| r.get(0))?
        .collect::<Result<_, _>>()?)
}

/// The schedule's location, for the conflict engine.
pub fn location_id_of(c: &Connection, tenant: &TenantId, id: &ScheduleId) -> ApiResult<LocationId> {
    c.prepare_cached("SELECT location_id FROM schedules WHERE tenant_id = ?1 AND id = ?2")?
        .query_row((tenant, id), |r| r.get(0))
        .optional()?
        .ok_or(ApiError::NotFound)
}

/// Which of `people` are expanded assignees of the schedule.
pub fn assignees_among(c: &Connection, schedule: &ScheduleId, people: &[&UserId]) -> ApiResult<BTreeSet<UserId>> {
    let list = crate::db::json_array(people.iter().map(|p| p.as_str()));
    Ok(c.prepare_cached(
        "SELECT a.user_id FROM json_each(?2) p CROSS JOIN schedule_assignees a
         ON a.schedule_id = ?1 AND a.user_id = p.value",
    )?
    .query_map((schedule, list), |r| r.get(0))?
    .collect::<Result<_, _>>()?)
}

pub fn is_assignee(c: &Connection, schedule: &ScheduleId, user: &UserId) -> ApiResult<bool> {
    Ok(c.prepare_cached("SELECT 1 FROM schedule_assignees WHERE schedule_id = ?1 AND user_id = ?2")?
        .exists((schedule, user))?)
}

/// For `groups::membership::refresh`: each schedule's groups, listed people and stored
/// expanded assignees.
pub type AssigneeSources = (ScheduleId, Vec<SmartGroupId>, Vec<UserId>, BTreeSet<UserId>);

pub fn assignee_sources(c: &Connection, tenant: &TenantId) -> ApiResult<Vec<AssigneeSources>> {
    let ids: Vec<ScheduleId> = c
        .prepare_cached("SELECT id FROM schedules WHERE tenant_id = ?1 ORDER BY id")?
        .query_map([tenant], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut groups = c.prepare_cached("SELECT group_id FROM schedule_groups WHERE schedule_id = ?1")?;
    let mut users = c.prepare_cached("SELECT user_id FROM schedule_users WHERE schedule_id = ?1")?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let g = groups.query_map([&id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        let u = users.query_map([&id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        let stored = assignees(c, &id)?;
        out.push((id, g, u, stored));
    }
    Ok(out)
}

pub struct ScheduleFields<'a> {
    pub name: &'a str,
    pub location_id: &'a LocationId,
    pub details_config: Option<&'a str>,
    pub claim_needs_approval: bool,
    pub swap_needs_approval: bool,
    pub groups: &'a [SmartGroupId],
    pub users: &'a [UserId],
}

pub fn save(
    tx: &Tx<'_>,
    tenant: &TenantId,
    id: &ScheduleId,
    s: &ScheduleFields<'_>,
    by: &UserId,
    at: jiff::Timestamp,
) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO schedules (id, tenant_id, name, location_id, created_by, details_config, claim_needs_approval,
             swap_needs_approval, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
         ON CONFLICT (id) DO UPDATE SET name = ?3, location_id = ?4, details_config = ?6, claim_needs_approval = ?7,
             swap_needs_approval = ?8, updated_at = ?9",
    )?
    .execute((
        id,
        tenant,
        s.name,
        s.location_id,
        by,
        s.details_config,
        s.claim_needs_approval,
        s.swap_needs_approval,
        format_ts(at),
    ))?;
    tx.prepare_cached("DELETE FROM schedule_groups WHERE schedule_id = ?1")?.execute([id])?;
    let mut g = tx.prepare_cached("INSERT INTO schedule_groups (schedule_id, group_id) VALUES (?1, ?2)")?;
    for group in s.groups {
        g.execute((id, group))?;
    }
    tx.prepare_cached("DELETE FROM schedule_users WHERE schedule_id = ?1")?.execute([id])?;
    let mut u = tx.prepare_cached("INSERT INTO schedule_users (schedule_id, user_id) VALUES (?1, ?2)")?;
    for user in s.users {
        u.execute((id, user))?;
    }
    Ok(())
}

/// Deletes up to `chunk` shifts of the schedule; answers how many went.
pub fn delete_shifts_chunk(tx: &Tx<'_>, schedule: &ScheduleId, chunk: u32) -> ApiResult<usize> {
    Ok(tx
        .prepare_cached("DELETE FROM shifts WHERE id IN (SELECT id FROM shifts WHERE schedule_id = ?1 LIMIT ?2)")?
        .execute((schedule, chunk))?)
}

pub fn delete(tx: &Tx<'_>, tenant: &TenantId, id: &ScheduleId) -> ApiResult<()> {
    let n = tx.prepare_cached("DELETE FROM schedules WHERE tenant_id = ?1 AND id = ?2")?.execute((tenant, id))?;
    if n == 0 { Err(ApiError::NotFound) } else { Ok(()) }
}

// ---- shifts ----------------------------------------------------------------------------------

/// What defines a shift, as planners edit it and as members last saw it published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShiftCore {
    pub assigned_user_id: Option<UserId>,
    pub slots: i64,
    pub job_id: Option<JobId>,
    pub shift_date: DateText,
    pub start_time: TimeText,
    pub end_time: TimeText,
    pub break_minutes: i64,
    pub title: Option<String>,
    pub instructions: Option<String>,
    /// UTC seconds.
    pub starts_at: i64,
    pub ends_at: i64,
}

impl ShiftCore {
    /// Real minutes minus the break.
    pub fn paid_minutes(&self) -> i64 {
        ((self.ends_at - self.starts_at) / 60 - self.break_minutes).max(0)
    }
}

#[derive(Debug, Clone)]
pub struct ShiftRow {
    pub id: ShiftId,
    pub schedule_id: ScheduleId,
    pub core: ShiftCore,
    pub filled: i64,
    pub status: ShiftStatus,
    pub version: i64,
    /// What members see while a published shift has unpublished changes.
    pub published: Option<ShiftCore>,
    pub origin: Option<String>,
    pub created_at: StampText,
    pub updated_at: StampText,
}

impl ShiftRow {
    pub fn has_unpublished_changes(&self) -> bool {
        self.published.is_some()
    }

    /// The shift as members see it: the published version.
    pub fn members_core(&self) -> &ShiftCore {
        self.published.as_ref().unwrap_or(&self.core)
    }
}

const SHIFT: &str = "SELECT id, schedule_id, assigned_user_id, slots, job_id, shift_date, start_time, end_time,
    break_minutes, title, instructions, starts_at, ends_at, filled, status, version, published, origin, created_at,
    updated_at FROM shifts";

fn shift(r: &Row<'_>) -> rusqlite::Result<ShiftRow> {
    let published_status = r.get_ref(14)?.as_str()? == "published";
    let published: Option<String> = r.get(16)?;
    Ok(ShiftRow {
        id: r.get(0)?,
        schedule_id: r.get(1)?,
        core: ShiftCore {
            assigned_user_id: r.get(2)?,
            slots: r.get(3)?,
            job_id: r.get(4)?,
            shift_date: r.get(5)?,
            start_time: r.get(6)?,
            end_time: r.get(7)?,
            break_minutes: r.get(8)?,
            title: r.get(9)?,
            instructions: r.get(10)?,
            starts_at: r.get(11)?,
            ends_at: r.get(12)?,
        },
        filled: r.get(13)?,
        status: if published_status { ShiftStatus::Published } else { ShiftStatus::Draft },
        version: r.get(15)?,
        published: published.and_then(|p| serde_json::from_str(&p).ok()),
        origin: r.get(17)?,
        created_at: r.get(18)?,
        updated_at: r.get(19)?,
    })
}

pub fn shift_by_id(c: &Connection, tenant: &TenantId, schedule: &ScheduleId, id: &ShiftId) -> ApiResult<ShiftRow> {
    c.prepare_cached(&format!("{SHIFT} WHERE tenant_id = ?1 AND schedule_id = ?2 AND id = ?3 AND deleted_at IS NULL"))?
        .query_row((tenant, schedule, id), shift)
        .optional()?
        .ok_or(ApiError::NotFound)
}

/// Every live shift of the schedule whose local date is in `from..=to` (planners' view), by
/// start. At most `cap + 1` rows are read, so the caller can refuse an oversized range.
pub fn in_range(c: &Connection, schedule: &ScheduleId, from: &str, to: &str, cap: u32) -> ApiResult<Vec<ShiftRow>> {
    // Sorted here rather than by SQLite, which would copy every row into a temporary b-tree.
    let mut rows: Vec<ShiftRow> = c
        .prepare_cached(&format!(
            "{SHIFT} WHERE schedule_id = ?1 AND shift_date BETWEEN ?2 AND ?3 AND deleted_at IS NULL LIMIT ?4"
        ))?
        .query_map((schedule, from, to, cap + 1), shift)?
        .collect::<Result<_, _>>()?;
    by_start(&mut rows);
    Ok(rows)
}

fn by_start(rows: &mut [ShiftRow]) {
    rows.sort_unstable_by(|a, b| (a.core.starts_at, &a.id).cmp(&(b.core.starts_at, &b.id)));
}

/// The published shifts of the schedule as members see them, in `from..=to`.
pub fn published_in_range(
    c: &Connection,
    schedule: &ScheduleId,
    from: &str,
    to: &str,
    cap: u32,
) -> ApiResult<Vec<ShiftRow>> {
    let mut rows: Vec<ShiftRow> = c
        .prepare_cached(&format!(
            "{SHIFT} WHERE schedule_id = ?1 AND status = 'published' AND published_date BETWEEN ?2 AND ?3
                 AND deleted_at IS NULL LIMIT ?4"
        ))?
        .query_map((schedule, from, to, cap + 1), shift)?
        .collect::<Result<_, _>>()?;
    by_start(&mut rows);
    Ok(rows)
}

/// A page of the schedule's shifts by start (planners: all; others: the published ones).
pub fn page(
    c: &Connection,
    schedule: &ScheduleId,
    published_only: bool,
    limit: u32,
    offset: i64,
) -> ApiResult<(Vec<ShiftRow>, u64)> {
    let condition = "schedule_id = ?1 AND deleted_at IS NULL AND (?2 = 0 OR status = 'published')";
    let total: i64 = c
        .prepare_cached(&format!("SELECT count(*) FROM shifts WHERE {condition}"))?
        .query_row((schedule, published_only), |r| r.get(0))?;
    let rows = c
        .prepare_cached(&format!("{SHIFT} WHERE {condition} ORDER BY starts_at, id LIMIT ?3 OFFSET ?4"))?
        .query_map((schedule, published_only, limit, offset), shift)?
        .collect::<Result<_, _>>()?;
    Ok((rows, total as u64))
}

/// The caller's own published shifts across schedules, as published, in `from..=to`.
pub fn mine(
    c: &Connection,
    tenant: &TenantId,
    user: &UserId,
    from: &str,
    to: &str,
    cap: u32,
) -> ApiResult<Vec<ShiftRow>> {
    let mut rows: Vec<ShiftRow> = c
        .prepare_cached(&format!(
            "{SHIFT} WHERE published_user_id = ?2 AND published_date BETWEEN ?3 AND ?4 AND tenant_id = ?1
                 AND status = 'published' AND deleted_at IS NULL LIMIT ?5"
        ))?
        .query_map((tenant, user, from, to, cap + 1), shift)?
        .collect::<Result<_, _>>()?;
    by_start(&mut rows);
    Ok(rows)
}

/// Another shift of a person, as the conflict engine weighs it.
pub struct Busy {
    pub id: ShiftId,
    pub user: UserId,
    pub shift_date: DateText,
    pub starts_at: i64,
    pub ends_at: i64,
    pub paid_minutes: i64,
}

impl Busy {
    /// A live row already read (its planners' version); none for an open shift.
    pub fn of(row: &ShiftRow) -> Option<Busy> {
        Some(Busy {
            id: row.id.clone(),
            user: row.core.assigned_user_id.clone()?,
            shift_date: row.core.shift_date,
            starts_at: row.core.starts_at,
            ends_at: row.core.ends_at,
            paid_minutes: row.core.paid_minutes(),
        })
    }
}

const BUSY: &str = "SELECT id, assigned_user_id, shift_date, starts_at, ends_at, break_minutes FROM shifts";

fn busy(r: &Row<'_>) -> rusqlite::Result<Busy> {
    let (starts_at, ends_at, break_minutes): (i64, i64, i64) = (r.get(3)?, r.get(4)?, r.get(5)?);
    Ok(Busy {
        id: r.get(0)?,
        user: r.get(1)?,
        shift_date: r.get(2)?,
        starts_at,
        ends_at,
        paid_minutes: ((ends_at - starts_at) / 60 - break_minutes).max(0),
    })
}

/// Live assigned shifts of these people starting in `[from, to)` (UTC seconds), any schedule,
/// for the conflict engine — leaving out those of `except` (a schedule and a date range the
/// caller holds already). One range scan of the tenant's shifts for a board's people, one
/// lookup per person for a single write.
pub fn busy_of(
    c: &Connection,
    tenant: &TenantId,
    people: &[&UserId],
    from: i64,
    to: i64,
    except: Option<(&ScheduleId, &str, &str)>,
) -> ApiResult<Vec<Busy>> {
    let (schedule, first, last) = match except {
        Some((s, f, l)) => (Some(s), Some(f), Some(l)),
        None => (None, None, None),
    };
    let outside = "(?4 IS NULL OR schedule_id <> ?4 OR shift_date < ?5 OR shift_date > ?6)";
    let mut out = Vec::new();
    if people.len() > 3 {
        let wanted: BTreeSet<&UserId> = people.iter().copied().collect();
        let mut stmt = c.prepare_cached(&format!(
            "{BUSY} WHERE tenant_id = ?1 AND starts_at >= ?2 AND starts_at < ?3 AND deleted_at IS NULL
                 AND assigned_user_id IS NOT NULL AND {outside}"
        ))?;
        for row in stmt.query_map((tenant, from, to, schedule, first, last), busy)? {
            let row = row?;
            if wanted.contains(&row.user) {
                out.push(row);
            }
        }
        return Ok(out);
    }
    let mut stmt = c.prepare_cached(&format!(
        "{BUSY} WHERE assigned_user_id = ?7 AND starts_at >= ?2 AND starts_at < ?3 AND deleted_at IS NULL
             AND +tenant_id = ?1 AND {outside}"
    ))?;
    for person in people {
        for row in stmt.query_map((tenant, from, to, schedule, first, last, person), busy)? {
            out.push(row?);
        }
    }
    Ok(out)
}

/// The open shifts of a schedule as members see them, published, from `from` on.
pub fn open_published(c: &Connection, schedule: &ScheduleId, from: &str, to: &str) -> ApiResult<Vec<ShiftRow>> {
    Ok(c.prepare_cached(&format!(
        "{SHIFT} WHERE schedule_id = ?1 AND status = 'published' AND published_user_id IS NULL
             AND published_date BETWEEN ?2 AND ?3 AND deleted_at IS NULL
         ORDER BY starts_at, id LIMIT 500"
    ))?
    .query_map((schedule, from, to), shift)?
    .collect::<Result<_, _>>()?)
}

pub struct ShiftWrite<'a> {
    pub id: &'a ShiftId,
    pub schedule_id: &'a ScheduleId,
    pub core: &'a ShiftCore,
    pub status: ShiftStatus,
    pub published: Option<&'a ShiftCore>,
    pub origin: Option<&'a str>,
    pub claimed_from: Option<&'a ShiftId>,
}

/// Who and when members see the shift: the published version's assignee and date.
fn members_see<'a>(w: &'a ShiftWrite<'_>) -> (Option<&'a UserId>, Option<&'a str>) {
    match (w.status, w.published) {
        (ShiftStatus::Draft, _) => (None, None),
        (ShiftStatus::Published, Some(p)) => (p.assigned_user_id.as_ref(), Some(p.shift_date.as_str())),
        (ShiftStatus::Published, None) => (w.core.assigned_user_id.as_ref(), Some(w.core.shift_date.as_str())),
    }
}

pub fn insert_shift(
    tx: &Tx<'_>,
    tenant: &TenantId,
    w: &ShiftWrite<'_>,
    by: &UserId,
    at: jiff::Timestamp,
) -> ApiResult<()> {
    let (seen_user, seen_date) = members_see(w);
    let c = w.core;
    tx.prepare_cached(
        "INSERT INTO shifts (id, tenant_id, schedule_id, assigned_user_id, slots, job_id, shift_date, start_time, end_time,
             break_minutes, title, instructions, status, starts_at, ends_at, published, published_user_id, published_date,
             origin, claimed_from, created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?22)",
    )?
    .execute(rusqlite::params![
        w.id,
        tenant,
        w.schedule_id,
        c.assigned_user_id,
        c.slots,
        c.job_id,
        c.shift_date,
        c.start_time,
        c.end_time,
        c.break_minutes,
        c.title,
        c.instructions,
        w.status.as_str(),
        c.starts_at,
        c.ends_at,
        w.published.map(|p| serde_json::to_string(p).unwrap_or_default()),
        seen_user,
        seen_date,
        w.origin,
        w.claimed_from,
        by,
        format_ts(at),
    ])?;
    Ok(())
}

/// Writes a change if the row is still at `version` (raising it); false when it moved on.
pub fn update_shift(
    tx: &Tx<'_>,
    tenant: &TenantId,
    w: &ShiftWrite<'_>,
    version: i64,
    at: jiff::Timestamp,
) -> ApiResult<bool> {
    let (seen_user, seen_date) = members_see(w);
    let c = w.core;
    let n = tx
        .prepare_cached(
            "UPDATE shifts SET assigned_user_id = ?4, slots = ?5, job_id = ?6, shift_date = ?7, start_time = ?8,
                 end_time = ?9, break_minutes = ?10, title = ?11, instructions = ?12, status = ?13, starts_at = ?14,
                 ends_at = ?15, published = ?16, published_user_id = ?17, published_date = ?18,
                 version = version + 1, updated_at = ?19
             WHERE tenant_id = ?1 AND id = ?2 AND version = ?3 AND deleted_at IS NULL",
        )?
        .execute(rusqlite::params![
            tenant,
            w.id,
            version,
            c.assigned_user_id,
            c.slots,
            c.job_id,
            c.shift_date,
            c.start_time,
            c.end_time,
            c.break_minutes,
            c.title,
            c.instructions,
            w.status.as_str(),
            c.starts_at,
            c.ends_at,
            w.published.map(|p| serde_json::to_string(p).unwrap_or_default()),
            seen_user,
            seen_date,
            format_ts(at),
        ])?;
    Ok(n == 1)
}

/// Soft delete: kept 90 days for history and calendar feeds, left out of every list.
pub fn soft_delete(tx: &Tx<'_>, tenant: &TenantId, id: &ShiftId, at: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached(
        "UPDATE shifts SET deleted_at = ?3, version = version + 1, updated_at = ?3 WHERE tenant_id = ?1 AND id = ?2",
    )?
    .execute((tenant, id, format_ts(at)))?;
    Ok(())
}

/// Takes one place of an open shift if one is free (the claim race is decided here: a second
/// claim in the same batch sees the first one's update).
pub fn take_slot(tx: &Tx<'_>, id: &ShiftId, at: jiff::Timestamp) -> ApiResult<bool> {
    let n = tx
        .prepare_cached(
            "UPDATE shifts SET filled = filled + 1, version = version + 1, updated_at = ?2
             WHERE id = ?1 AND filled < slots AND deleted_at IS NULL",
        )?
        .execute((id, format_ts(at)))?;
    Ok(n == 1)
}

/// Publishes the drafts and unpublished changes of `from..=to`; answers the shifts it published.
pub fn publish(
    tx: &Tx<'_>,
    schedule: &ScheduleId,
    from: &str,
    to: &str,
    at: jiff::Timestamp,
) -> ApiResult<Vec<ShiftRow>> {
    let rows: Vec<ShiftRow> = tx
        .prepare_cached(&format!(
            "{SHIFT} WHERE schedule_id = ?1 AND shift_date BETWEEN ?2 AND ?3 AND deleted_at IS NULL
                 AND (status = 'draft' OR published IS NOT NULL)"
        ))?
        .query_map((schedule, from, to), shift)?
        .collect::<Result<_, _>>()?;
    let mut stmt = tx.prepare_cached(
        "UPDATE shifts SET status = 'published', published = NULL, published_user_id = assigned_user_id,
             published_date = shift_date, version = version + 1, updated_at = ?2
         WHERE id = ?1",
    )?;
    for row in &rows {
        stmt.execute((&row.id, format_ts(at)))?;
    }
    Ok(rows)
}

/// Copied or templated drafts of `from..=to` (what `replace: true` removes).
pub fn copies_in(c: &Connection, schedule: &ScheduleId, from: &str, to: &str) -> ApiResult<Vec<ShiftRow>> {
    Ok(c.prepare_cached(&format!(
        "{SHIFT} WHERE schedule_id = ?1 AND shift_date BETWEEN ?2 AND ?3 AND deleted_at IS NULL AND origin IS NOT NULL"
    ))?
    .query_map((schedule, from, to), shift)?
    .collect::<Result<_, _>>()?)
}

/// Future live shifts of a person, any schedule.
pub fn future_of(c: &Connection, tenant: &TenantId, user: &UserId, now: i64) -> ApiResult<Vec<ShiftRow>> {
    Ok(c.prepare_cached(&format!(
        "{SHIFT} WHERE +tenant_id = ?1 AND assigned_user_id = ?2 AND starts_at > ?3 AND deleted_at IS NULL"
    ))?
    .query_map((tenant, user, now), shift)?
    .collect::<Result<_, _>>()?)
}

/// Future live shifts of schedules at a location.
pub fn future_at(c: &Connection, location: &LocationId, now: i64) -> ApiResult<Vec<ShiftRow>> {
    Ok(c.prepare_cached(&format!(
        "{SHIFT} WHERE schedule_id IN (SELECT id FROM schedules WHERE location_id = ?1) AND ends_at > ?2
             AND deleted_at IS NULL"
    ))?
    .query_map((location, now), shift)?
    .collect::<Result<_, _>>()?)
}

/// Sets stored instants directly (a zone change moves them; nothing else changes).
pub fn set_instants(
    tx: &Tx<'_>,
    id: &ShiftId,
    starts_at: i64,
    ends_at: i64,
    published: Option<&ShiftCore>,
) -> ApiResult<()> {
    tx.prepare_cached("UPDATE shifts SET starts_at = ?2, ends_at = ?3, published = ?4 WHERE id = ?1")?.execute((
        id,
        starts_at,
        ends_at,
        published.map(|p| serde_json::to_string(p).unwrap_or_default()),
    ))?;
    Ok(())
}

/// Removes shifts deleted more than 90 days ago, at most `chunk` per call.
pub fn purge_deleted(tx: &Tx<'_>, now: jiff::Timestamp, chunk: u32) -> ApiResult<usize> {
    let cutoff = format_ts(now - jiff::SignedDuration::from_hours(90 * 24));
    Ok(tx
        .prepare_cached(
            "DELETE FROM shifts WHERE id IN (SELECT id FROM shifts WHERE deleted_at IS NOT NULL AND deleted_at < ?1 LIMIT ?2)",
        )?
        .execute((cutoff, chunk))?)
}

/// Every live shift not yet over, with the time zone of its schedule's location.
pub fn future_with_zones(c: &Connection, now: i64) -> ApiResult<Vec<(ShiftRow, String)>> {
    let sql = format!(
        "SELECT * FROM ({SHIFT} WHERE ends_at > ?1 AND deleted_at IS NULL) s
         JOIN (SELECT sc.id AS sid, l.timezone AS zone FROM schedules sc JOIN locations l ON l.id = sc.location_id) z
           ON z.sid = s.schedule_id"
    );
    let mut stmt = c.prepare(&sql)?;
    let rows = stmt.query_map([now], |r| Ok((shift(r)?, r.get::<_, String>("zone")?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
