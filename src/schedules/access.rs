//! Who sees a schedule (DESIGN §12): its creator, its expanded assignees and holders of
//! `schedules.write`; any other member of the tenant gets 403, another tenant 404.

use rusqlite::Connection;

use super::model::Schedule;
use crate::access::perm::{self, Permission as _};
use crate::auth::Principal;
use crate::http::{ApiError, ApiResult};
use crate::ids::ScheduleId;

/// How the caller sits at a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seat {
    /// Holds `schedules.write`: sees drafts, pay, everyone's conflicts.
    Planner,
    /// Creator or assignee: sees published shifts, their own conflicts.
    Member,
}

impl Seat {
    pub fn plans(self) -> bool {
        self == Seat::Planner
    }
}

pub fn is_planner(caller: &Principal) -> bool {
    caller.allows(perm::SchedulesWrite::CODE)
}

/// The schedule and the caller's seat at it: 404 for another tenant's or an unknown id, 403
/// for a member of the tenant who is not on it.
pub fn open(c: &Connection, caller: &Principal, id: &ScheduleId) -> ApiResult<(Schedule, Seat)> {
    let schedule = super::store::get(c, caller.tenant(), id)?;
    if is_planner(caller) {
        return Ok((schedule, Seat::Planner));
    }
    let mine = schedule.created_by.as_ref() == Some(&caller.user)
        || schedule.assignee_user_ids_expanded.contains(&caller.user);
    if mine { Ok((schedule, Seat::Member)) } else { Err(ApiError::Forbidden) }
}

pub fn schedule_id(text: &str) -> ApiResult<ScheduleId> {
    ScheduleId::parse(text).ok_or(ApiError::NotFound)
}
