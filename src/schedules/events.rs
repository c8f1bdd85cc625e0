//! The payloads of scheduling events (DESIGN §13): ids, status and times — never pay, notes,
//! instructions or conflicts — so one serialisation fits every recipient.

use serde_json::{Value, json};

use super::model::ShiftStatus;
use super::store::{ShiftCore, ShiftRow};
use crate::db::Tx;
use crate::events::{self, Audience};
use crate::http::ApiResult;
use crate::ids::TenantId;

/// The facts of one version of a shift that anyone on the schedule may read.
pub fn times(core: &ShiftCore) -> Value {
    json!({
        "assignedUserId": core.assigned_user_id,
        "jobId": core.job_id,
        "shiftDate": core.shift_date,
        "startTime": core.start_time,
        "endTime": core.end_time,
        "startsAt": jiff::Timestamp::from_second(core.starts_at).map(|t| t.to_string()).ok(),
        "endsAt": jiff::Timestamp::from_second(core.ends_at).map(|t| t.to_string()).ok(),
    })
}

/// A draft or an unpublished change: only planners hear of it.
pub fn draft_change(
    tx: &Tx<'_>,
    tenant: &TenantId,
    kind: &str,
    row: &ShiftRow,
    core: &ShiftCore,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    let payload = json!({
        "shiftId": row.id,
        "scheduleId": row.schedule_id,
        "status": row.status.as_str(),
        "after": times(core),
    });
    events::emit(tx, tenant, kind, &[Audience::ScheduleManagers(row.schedule_id.clone())], &payload, now)
}

/// A change members see: the old and the new assignee and planners hear of it.
pub fn published_change(
    tx: &Tx<'_>,
    tenant: &TenantId,
    row: &ShiftRow,
    before: Option<&ShiftCore>,
    after: Option<&ShiftCore>,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    let mut audience = vec![Audience::ScheduleManagers(row.schedule_id.clone())];
    for core in [before, after].into_iter().flatten() {
        match &core.assigned_user_id {
            Some(user) => audience.push(Audience::User(user.clone())),
            // An open shift concerns everyone on the schedule.
            None => audience.push(Audience::SchedulePublished(row.schedule_id.clone())),
        }
    }
    let (kind, status) = match (before, after) {
        (None, Some(_)) => ("shift.published", ShiftStatus::Published.as_str()),
        (_, None) => ("shift.changed", "deleted"),
        _ => ("shift.changed", ShiftStatus::Published.as_str()),
    };
    let payload = json!({
        "shiftId": row.id,
        "scheduleId": row.schedule_id,
        "status": status,
        "before": before.map(times),
        "after": after.map(times),
    });
    events::emit(tx, tenant, kind, &audience, &payload, now)
}
