//! The approval inbox on the wire (issue 13).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::ids::{JobId, ScheduleId, ShiftId, UserId};
use crate::schedules::model::Conflict;
use crate::timeoff::model::TimeOff;
use crate::timesheets::model::{PeriodView, TimesheetSummary};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = InboxKind)]
pub enum Kind {
    /// A request to take an open shift (`schedules.write` decides).
    Claim,
    /// A request for time off (`clock.manage`).
    TimeOff,
    /// A person's timesheet of the last pay period that ended, not approved yet (`clock.manage`).
    Timesheet,
    /// A shift a colleague took from another, waiting for a planner (`schedules.write`).
    Swap,
}

/// The open shift a claim asks for.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClaimedShift {
    pub schedule_id: ScheduleId,
    pub shift_id: ShiftId,
    pub shift_date: String,
    pub start_time: String,
    pub end_time: String,
    pub starts_at: String,
    pub ends_at: String,
    pub job_id: Option<JobId>,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PendingTimesheet {
    pub period: PeriodView,
    pub summary: TimesheetSummary,
}

/// One thing waiting for a decision, with what deciding it would clash with.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InboxItem {
    pub kind: Kind,
    /// What a decision names: the claim's, the time-off request's or the swap's id, or
    /// `userId/periodStart` for a timesheet.
    pub id: String,
    /// Whose request or timesheet it is (a swap: who took the shift).
    pub user_id: UserId,
    pub user_name: String,
    /// When it was asked (a timesheet: when its period ended).
    pub created_at: String,
    pub claim: Option<ClaimedShift>,
    pub time_off: Option<TimeOff>,
    pub timesheet: Option<PendingTimesheet>,
    pub swap: Option<crate::swaps::model::Swap>,
    /// A claim or a swap: the (new) person's conflicts on the shift: the claimant's conflicts on the shift (`overlap`, `max_hours` …); time off: the
    /// person's published shifts in it (`scheduled`); a timesheet: `open_entry` while someone is
    /// clocked in in it.
    pub conflicts: Vec<Conflict>,
    /// A timesheet's overtime in the period; a claim's minutes over the person's weekly limit
    /// show as its `max_hours` conflict.
    pub overtime_minutes: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub claim: u64,
    pub time_off: u64,
    pub timesheet: u64,
    pub swap: u64,
}

/// Everything the caller may decide, oldest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Inbox {
    pub items: Vec<InboxItem>,
    pub total: u64,
    pub counts: Counts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = InboxVerdict)]
pub enum Verdict {
    Approve,
    /// Not for timesheets (they are approved, or left open and corrected).
    Decline,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Decision {
    pub kind: Kind,
    #[schema(max_length = 100)]
    pub id: String,
    pub decision: Verdict,
    /// For the person (time off only).
    #[schema(max_length = 1000)]
    pub comment: Option<String>,
}

/// One to 100 decisions, each applied on its own: one that fails changes nothing and does
/// not stop the others.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Decisions {
    #[schema(min_items = 1, max_items = 100)]
    pub decisions: Vec<Decision>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub kind: Kind,
    pub id: String,
    /// The HTTP status the decision alone would have had: 200, or 400/403/404/409.
    pub status: u16,
    /// The error as the API's envelope would carry it (`code`, `message`, `fields`?).
    #[schema(value_type = Option<Object>)]
    pub error: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Outcomes {
    pub results: Vec<Outcome>,
    pub decided: u32,
    pub failed: u32,
}
