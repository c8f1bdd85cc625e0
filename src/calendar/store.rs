//! The SQL of calendar feeds: the feed rows, and what a feed lists.

use rusqlite::{Connection, OptionalExtension};

use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::ApiResult;
use crate::ids::{FeedId, ScheduleId, ShiftId, TenantId, UserId};
use crate::schedules::store::ShiftCore;

#[derive(Debug, Clone)]
pub struct Feed {
    pub id: FeedId,
    pub tenant: TenantId,
    pub user: UserId,
    pub schedule: Option<ScheduleId>,
    pub created_at: String,
}

const FEED: &str = "SELECT id, tenant_id, user_id, schedule_id, created_at FROM calendar_feeds";

fn feed(r: &rusqlite::Row<'_>) -> rusqlite::Result<Feed> {
    Ok(Feed { id: r.get(0)?, tenant: r.get(1)?, user: r.get(2)?, schedule: r.get(3)?, created_at: r.get(4)? })
}

pub fn by_id(c: &Connection, id: &FeedId) -> ApiResult<Option<Feed>> {
    Ok(c.prepare_cached(&format!("{FEED} WHERE id = ?1"))?.query_row([id], feed).optional()?)
}

pub fn of(c: &Connection, user: &UserId, schedule: Option<&ScheduleId>) -> ApiResult<Option<Feed>> {
    Ok(c.prepare_cached(&format!("{FEED} WHERE user_id = ?1 AND coalesce(schedule_id, '') = coalesce(?2, '')"))?
        .query_row((user, schedule), feed)
        .optional()?)
}

/// A new feed in place of the person's old one (whose URL stops working).
pub fn replace(
    tx: &Tx<'_>,
    tenant: &TenantId,
    user: &UserId,
    schedule: Option<&ScheduleId>,
    now: jiff::Timestamp,
) -> ApiResult<Feed> {
    tx.prepare_cached(
        "DELETE FROM calendar_feeds WHERE user_id = ?1 AND coalesce(schedule_id, '') = coalesce(?2, '')",
    )?
    .execute((user, schedule))?;
    let id = FeedId::generate();
    tx.prepare_cached(
        "INSERT INTO calendar_feeds (id, tenant_id, user_id, schedule_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute((&id, tenant, user, schedule, format_ts(now)))?;
    Ok(Feed { id, tenant: tenant.clone(), user: user.clone(), schedule: schedule.cloned(), created_at: format_ts(now) })
}

/// A published shift as a feed shows it: the version members see.
pub struct FeedShift {
    pub id: ShiftId,
    pub schedule_name: String,
    pub core: ShiftCore,
    pub version: i64,
    pub job_name: Option<String>,
    pub person: Option<String>,
    pub location: Option<String>,
    pub deleted: bool,
    pub updated_at: String,
}

/// Published shifts starting in `from`..`to` (UTC seconds), deleted ones of the last 90 days
/// too: one person's (`published_user_id`) or one schedule's.
pub fn shifts(
    c: &Connection,
    tenant: &TenantId,
    user: Option<&UserId>,
    schedule: Option<&ScheduleId>,
    from: i64,
    to: i64,
    deleted_since: &str,
) -> ApiResult<Vec<FeedShift>> {
    let mut stmt = c.prepare_cached(
        "SELECT s.id, sc.name, s.assigned_user_id, s.slots, s.job_id, s.shift_date, s.start_time, s.end_time,
             s.break_minutes, s.title, s.instructions, s.starts_at, s.ends_at, s.published, s.version,
             s.deleted_at IS NOT NULL, s.updated_at, j.name, u.first_name || ' ' || u.last_name, l.name
         FROM shifts s JOIN schedules sc ON sc.id = s.schedule_id
         LEFT JOIN jobs j ON j.id = s.job_id
         LEFT JOIN users u ON u.id = s.published_user_id
         LEFT JOIN locations l ON l.id = sc.location_id
         WHERE s.tenant_id = ?1 AND s.status = 'published' AND s.starts_at >= ?2 AND s.starts_at < ?3
           AND (?4 IS NULL OR s.published_user_id = ?4) AND (?5 IS NULL OR s.schedule_id = ?5)
           AND (s.deleted_at IS NULL OR s.deleted_at >= ?6)
         ORDER BY s.starts_at LIMIT 5000",
    )?;
    let rows = stmt.query_map((tenant, from, to, user, schedule, deleted_since), |r| {
        let live = ShiftCore {
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
        };
        let published: Option<String> = r.get(13)?;
        let core = published.and_then(|p| serde_json::from_str(&p).ok()).unwrap_or(live);
        Ok(FeedShift {
            id: r.get(0)?,
            schedule_name: r.get(1)?,
            core,
            version: r.get(14)?,
            deleted: r.get(15)?,
            updated_at: r.get(16)?,
            job_name: r.get(17)?,
            person: r.get(18)?,
            location: r.get(19)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Open shifts with a free place, starting after `now`, on the schedules the person is an
/// assignee of: the candidates the claim rules then judge.
pub fn open_candidates(
    c: &Connection,
    tenant: &TenantId,
    user: &UserId,
    now: i64,
    to: i64,
) -> ApiResult<Vec<(ScheduleId, ShiftId)>> {
    Ok(c.prepare_cached(
        "SELECT s.schedule_id, s.id FROM shifts s
         WHERE s.tenant_id = ?1 AND s.status = 'published' AND s.deleted_at IS NULL AND s.assigned_user_id IS NULL
           AND s.published_user_id IS NULL AND s.filled < s.slots AND s.starts_at > ?3 AND s.starts_at < ?4
           AND s.schedule_id IN (SELECT schedule_id FROM schedule_assignees WHERE user_id = ?2)
         ORDER BY s.starts_at LIMIT 200",
    )?
    .query_map((tenant, user, now, to), |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect::<Result<_, _>>()?)
}

/// Time off of the person, approved or cancelled (a cancelled one leaves calendars), ending
/// after `from`.
pub struct FeedTimeOff {
    pub id: crate::ids::TimeOffId,
    pub kind: String,
    pub start_date: String,
    pub end_date: String,
    pub part_of_day: bool,
    pub starts_at: i64,
    pub ends_at: i64,
    pub cancelled: bool,
    pub updated_at: String,
}

pub fn time_off(c: &Connection, user: &UserId, from: i64) -> ApiResult<Vec<FeedTimeOff>> {
    Ok(c.prepare_cached(
        "SELECT id, kind, start_date, end_date, start_time IS NOT NULL, starts_at, ends_at, status = 'cancelled', updated_at
         FROM time_off WHERE user_id = ?1 AND ends_at > ?2
           AND (status = 'approved' OR (status = 'cancelled' AND decided_by IS NOT NULL))
         ORDER BY starts_at LIMIT 1000",
    )?
    .query_map((user, from), |r| {
        Ok(FeedTimeOff {
            id: r.get(0)?,
            kind: r.get(1)?,
            start_date: r.get(2)?,
            end_date: r.get(3)?,
            part_of_day: r.get(4)?,
            starts_at: r.get(5)?,
            ends_at: r.get(6)?,
            cancelled: r.get(7)?,
            updated_at: r.get(8)?,
        })
    })?
    .collect::<Result<_, _>>()?)
}
