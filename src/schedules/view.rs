//! A stored shift as a caller sees it.

use super::access::Seat;
use super::conflicts::{self, Engine, Subject};
use super::model::{Conflict, Shift, ShiftStatus};
use super::store::{ShiftCore, ShiftRow};
use crate::fixed::SecondText;
use crate::http::{ApiResult, Lang};
use crate::ids::{TenantId, UserId};

/// The version a seat sees: planners the live one, members the published one.
pub fn core_for(row: &ShiftRow, seat: Seat) -> &ShiftCore {
    if seat.plans() { &row.core } else { row.members_core() }
}

pub fn shift(row: &ShiftRow, seat: Seat, viewer: &UserId, conflicts: Vec<Conflict>) -> Shift {
    owned(row.clone(), seat, viewer, conflicts)
}

/// `shift` for a row the caller is done with: its strings move into the answer.
pub fn owned(row: ShiftRow, seat: Seat, viewer: &UserId, conflicts: Vec<Conflict>) -> Shift {
    let has_unpublished_changes = seat.plans() && row.has_unpublished_changes();
    let status = if seat.plans() { row.status } else { ShiftStatus::Published };
    let core = if seat.plans() { row.core } else { row.published.unwrap_or(row.core) };
    let own = core.assigned_user_id.as_ref() == Some(viewer);
    Shift {
        id: row.id,
        schedule_id: row.schedule_id,
        is_open_shift: core.assigned_user_id.is_none(),
        assigned_user_id: core.assigned_user_id,
        slots: core.slots,
        claimed: row.filled,
        job_id: core.job_id,
        duration_minutes: ((core.ends_at - core.starts_at) / 60 - core.break_minutes).max(0),
        shift_date: core.shift_date,
        start_time: core.start_time,
        end_time: core.end_time,
        break_minutes: core.break_minutes,
        title: core.title,
        instructions: core.instructions,
        status,
        version: row.version,
        has_unpublished_changes,
        starts_at: SecondText::utc(core.starts_at),
        ends_at: SecondText::utc(core.ends_at),
        conflicts: conflicts::shown_to(conflicts, seat.plans(), own),
        claimable: None,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

/// The conflicts of each row, in order, computed in one pass of `engine`: every row for
/// planners, only the viewer's own for anyone else (the rest get none).
pub fn conflicts(
    c: &rusqlite::Connection,
    tenant: &TenantId,
    engine: &mut Engine<'_>,
    rows: &[ShiftRow],
    seat: Seat,
    viewer: &UserId,
    lang: Lang,
) -> ApiResult<Vec<Vec<Conflict>>> {
    let wanted: Vec<usize> = (0..rows.len())
        .filter(|&i| seat.plans() || core_for(&rows[i], seat).assigned_user_id.as_ref() == Some(viewer))
        .collect();
    let subjects: Vec<Subject<'_>> = wanted
        .iter()
        .map(|&i| Subject { id: Some(&rows[i].id), schedule: &rows[i].schedule_id, core: core_for(&rows[i], seat) })
        .collect();
    let mut out: Vec<Vec<Conflict>> = rows.iter().map(|_| Vec::new()).collect();
    for (i, found) in wanted.into_iter().zip(engine.run(c, tenant, &subjects, lang)?) {
        out[i] = found;
    }
    Ok(out)
}

/// Many rows with their conflicts computed in one pass of `engine`.
pub fn shifts(
    c: &rusqlite::Connection,
    tenant: &TenantId,
    engine: &mut Engine<'_>,
    rows: &[ShiftRow],
    seat: Seat,
    viewer: &UserId,
    lang: Lang,
) -> ApiResult<Vec<Shift>> {
    let found = conflicts(c, tenant, engine, rows, seat, viewer, lang)?;
    Ok(rows.iter().zip(found).map(|(r, f)| shift(r, seat, viewer, f)).collect())
}
