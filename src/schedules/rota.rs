//! Changes to shifts that follow from changes elsewhere: a person leaves the rota or is
//! deactivated (their future shifts become open shifts), a location changes zone or a schedule
//! changes location (future instants move, local times stay). Each runs in the caller's job.

use serde_json::json;

use super::store::{self, ShiftCore, ShiftRow, ShiftWrite};
use super::time;
use crate::db::Tx;
use crate::events::{self, Audience};
use crate::http::ApiResult;
use crate::ids::{LocationId, ScheduleId, TenantId, UserId};

/// The future shifts of `user` become open shifts of one slot, at once and for everyone.
pub fn release_future_shifts(tx: &Tx<'_>, tenant: &TenantId, user: &UserId, now: jiff::Timestamp) -> ApiResult<usize> {
    let rows = store::future_of(tx, tenant, user, now.as_second())?;
    for row in &rows {
        let core = ShiftCore { assigned_user_id: None, slots: 1, ..row.core.clone() };
        let write = ShiftWrite {
            id: &row.id,
            schedule_id: &row.schedule_id,
            core: &core,
            status: row.status,
            published: None,
            origin: row.origin.as_deref(),
            claimed_from: None,
        };
        store::update_shift(tx, tenant, &write, row.version, now)?;
        let payload = json!({
            "shiftId": row.id,
            "scheduleId": row.schedule_id,
            "status": row.status.as_str(),
            "reason": "released",
            "before": super::events::times(row.members_core()),
            "after": super::events::times(&core),
        });
        let mut audience = vec![Audience::ScheduleManagers(row.schedule_id.clone())];
        if row.status == super::model::ShiftStatus::Published {
            audience.push(Audience::User(user.clone()));
        }
        let kind = if row.status == super::model::ShiftStatus::Published { "shift.changed" } else { "shift.updated" };
        events::emit(tx, tenant, kind, &audience, &payload, now)?;
    }
    Ok(rows.len())
}

fn with_zone(core: &ShiftCore, tz: &jiff::tz::TimeZone) -> ShiftCore {
    let (Ok(date), Ok(start), Ok(end)) = (
        time::parse_date("d", &core.shift_date),
        time::parse_time("s", &core.start_time),
        time::parse_time("e", &core.end_time),
    ) else {
        return core.clone();
    };
    let (starts, ends) = time::shift_instants(tz, date, start, end);
    ShiftCore { starts_at: starts.as_second(), ends_at: ends.as_second(), ..core.clone() }
}

fn recompute(
    tx: &Tx<'_>,
    rows: Vec<ShiftRow>,
    tz_of: impl Fn(&ScheduleId) -> ApiResult<jiff::tz::TimeZone>,
) -> ApiResult<()> {
    for row in rows {
        let tz = tz_of(&row.schedule_id)?;
        let core = with_zone(&row.core, &tz);
        let published = row.published.as_ref().map(|p| with_zone(p, &tz));
        store::set_instants(tx, &row.id, core.starts_at, core.ends_at, published.as_ref())?;
    }
    Ok(())
}

/// After a location's zone changed: its schedules' future shifts keep their local times.
pub fn recompute_instants(
    tx: &Tx<'_>,
    tenant: &TenantId,
    location: &LocationId,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    let tz = time::zone(&crate::orgs::store::location_of_tenant(tx, tenant, location)?.timezone);
    recompute(tx, store::future_at(tx, location, now.as_second())?, |_| Ok(tz.clone()))
}

/// After a schedule moved to another location.
pub fn recompute_schedule(
    tx: &Tx<'_>,
    tenant: &TenantId,
    schedule: &ScheduleId,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    let s = store::get(tx, tenant, schedule)?;
    let tz = time::zone(&crate::orgs::store::location_of_tenant(tx, tenant, &s.location_id)?.timezone);
    let rows: Vec<ShiftRow> = store::future_at(tx, &s.location_id, now.as_second())?
        .into_iter()
        .filter(|r| &r.schedule_id == schedule)
        .collect();
    recompute(tx, rows, |_| Ok(tz.clone()))
}

/// At start: future shifts whose stored instants no longer match their local times under the
/// bundled time-zone database (a new release changed a zone's rules) are moved, in chunks.
/// Answers how many moved; nothing moves while the rules stay the same.
pub async fn realign_instants(db: &crate::db::Db, now: jiff::Timestamp) -> ApiResult<usize> {
    let rows = db
        .read(move |c| {
            let mut moved = Vec::new();
            for (shift, zone) in store::future_with_zones(c, now.as_second())? {
                let tz = time::zone(&zone);
                let core = with_zone(&shift.core, &tz);
                let published = shift.published.as_ref().map(|p| with_zone(p, &tz));
                if core != shift.core || published != shift.published {
                    moved.push((shift.id, core.starts_at, core.ends_at, published));
                }
            }
            Ok(moved)
        })
        .await?;
    let count = rows.len();
    for chunk in rows.chunks(1000) {
        let chunk = chunk.to_vec();
        db.write(move |tx| {
            for (id, starts, ends, published) in &chunk {
                store::set_instants(tx, id, *starts, *ends, published.as_ref())?;
            }
            Ok(())
        })
        .await?;
    }
    Ok(count)
}
