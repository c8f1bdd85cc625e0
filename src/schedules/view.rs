//! A stored shift as a caller sees it.

use super::access::Seat;
use super::conflicts::{self, Subject};
use super::model::{Conflict, Shift, ShiftStatus};
use super::store::{ShiftCore, ShiftRow};
use crate::http::{ApiResult, Lang};
use crate::ids::{TenantId, UserId};

fn rfc3339(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds).map(|t| t.to_string()).unwrap_or_default()
}

/// The version a seat sees: planners the live one, members the published one.
pub fn core_for(row: &ShiftRow, seat: Seat) -> &ShiftCore {
    if seat.plans() { &row.core } else { row.members_core() }
}

pub fn shift(row: &ShiftRow, seat: Seat, viewer: &UserId, conflicts: Vec<Conflict>) -> Shift {
    let core = core_for(row, seat);
    let own = core.assigned_user_id.as_ref() == Some(viewer);
    Shift {
        id: row.id.clone(),
        schedule_id: row.schedule_id.clone(),
        assigned_user_id: core.assigned_user_id.clone(),
        is_open_shift: core.assigned_user_id.is_none(),
        slots: core.slots,
        claimed: row.filled,
        job_id: core.job_id.clone(),
        shift_date: core.shift_date.clone(),
        start_time: core.start_time.clone(),
        end_time: core.end_time.clone(),
        break_minutes: core.break_minutes,
        title: core.title.clone(),
        instructions: core.instructions.clone(),
        status: if seat.plans() { row.status } else { ShiftStatus::Published },
        version: row.version,
        has_unpublished_changes: seat.plans() && row.has_unpublished_changes(),
        starts_at: rfc3339(core.starts_at),
        ends_at: rfc3339(core.ends_at),
        duration_minutes: core.paid_minutes(),
        conflicts: conflicts::shown_to(conflicts, seat.plans(), own),
        claimable: None,
        created_at: row.created_at.clone(),
        updated_at: row.updated_at.clone(),
    }
}

/// Many rows with their conflicts computed in one pass.
pub fn shifts(
    c: &rusqlite::Connection,
    tenant: &TenantId,
    rows: &[ShiftRow],
    seat: Seat,
    viewer: &UserId,
    lang: Lang,
) -> ApiResult<Vec<Shift>> {
    // Members see conflicts of their own shifts only: compute just those.
    let wanted: Vec<&ShiftRow> =
        rows.iter().filter(|r| seat.plans() || core_for(r, seat).assigned_user_id.as_ref() == Some(viewer)).collect();
    let subjects: Vec<Subject<'_>> =
        wanted.iter().map(|r| Subject { id: Some(&r.id), schedule: &r.schedule_id, core: core_for(r, seat) }).collect();
    let mut found: std::collections::HashMap<_, _> =
        wanted.iter().map(|r| r.id.clone()).zip(conflicts::compute(c, tenant, &subjects, lang)?).collect();
    Ok(rows.iter().map(|r| shift(r, seat, viewer, found.remove(&r.id).unwrap_or_default())).collect())
}
