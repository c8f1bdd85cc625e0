//! Timesheets on the wire (issue 13).

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::period::Kind;
use crate::fixed::SecondText;
use crate::ids::{JobId, LocationId, PunchId, ShiftId, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = TimesheetStatus)]
pub enum Status {
    /// Not approved: punches and corrections still change it.
    Open,
    /// Approved and locked.
    Approved,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PeriodView {
    pub kind: Kind,
    /// First day, local, inclusive.
    #[schema(format = Date)]
    pub start: String,
    /// Last day, local, inclusive.
    #[schema(format = Date)]
    pub end: String,
}

/// Minutes of a day or of the whole period.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    /// Paid minutes of the person's published shifts starting then.
    pub scheduled_minutes: i64,
    /// Real elapsed minutes worked, breaks taken off.
    pub worked_minutes: i64,
    pub break_minutes: i64,
    /// Worked minus overtime.
    pub regular_minutes: i64,
    /// Over the daily threshold, plus over the weekly one.
    pub overtime_minutes: i64,
    pub daily_overtime_minutes: i64,
    pub weekly_overtime_minutes: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Day {
    #[schema(format = Date)]
    pub date: String,
    #[serde(flatten)]
    pub totals: Totals,
}

/// An entry's times and break total as they stood before or after a correction.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntryTimes {
    #[schema(value_type = String)]
    pub clock_in_at: SecondText,
    #[schema(value_type = Option<String>)]
    pub clock_out_at: Option<SecondText>,
    /// Null: the breaks as taken.
    pub break_minutes: Option<i64>,
}

/// A correction: who, when, why, and the entry before and after.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Edit {
    pub id: String,
    pub edited_by: Option<UserId>,
    pub edited_by_name: Option<String>,
    pub edited_at: String,
    pub reason: String,
    pub before: EntryTimes,
    pub after: EntryTimes,
}

/// An entry as the timesheet counts it, beside what was punched.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SheetEntry {
    pub id: PunchId,
    pub location_id: Option<LocationId>,
    pub job_id: Option<JobId>,
    pub shift_id: Option<ShiftId>,
    /// As it counts: the last correction, else the rounded punch.
    #[schema(value_type = String)]
    pub clock_in_at: SecondText,
    #[schema(value_type = Option<String>)]
    pub clock_out_at: Option<SecondText>,
    pub break_minutes: i64,
    /// Minutes of it inside this period (an entry over the period's edge counts in both).
    pub worked_minutes: i64,
    pub overtime_minutes: i64,
    /// What the clock recorded, unchanged by corrections.
    pub punched: Punched,
    /// Still clocked in: not counted until it ends.
    pub open: bool,
    pub missed_clock_out: bool,
    /// Corrections, oldest first.
    pub edits: Vec<Edit>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PunchedTimes)]
pub struct Punched {
    #[schema(value_type = String)]
    pub clock_in_at: SecondText,
    #[schema(value_type = String)]
    pub clock_in_rounded_at: SecondText,
    #[schema(value_type = Option<String>)]
    pub clock_out_at: Option<SecondText>,
    #[schema(value_type = Option<String>)]
    pub clock_out_rounded_at: Option<SecondText>,
    /// Real minutes of the breaks taken.
    pub break_minutes: i64,
}

/// Who approved a period, and when.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Approval {
    pub approved_by: Option<UserId>,
    pub approved_by_name: Option<String>,
    pub approved_at: String,
}

/// One person's period.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Timesheet {
    pub user_id: UserId,
    pub name: String,
    pub period: PeriodView,
    pub status: Status,
    pub approval: Option<Approval>,
    pub totals: Totals,
    pub days: Vec<Day>,
    pub entries: Vec<SheetEntry>,
    pub open_entries: u32,
    pub missed_clock_outs: u32,
}

/// One person's line of the managers' list.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimesheetSummary {
    pub user_id: UserId,
    pub name: String,
    pub status: Status,
    pub approval: Option<Approval>,
    pub totals: Totals,
    pub entries: u32,
    pub open_entries: u32,
    pub missed_clock_outs: u32,
    pub edited_entries: u32,
}

/// Everyone with time or shifts in a period.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimesheetList {
    pub period: PeriodView,
    pub items: Vec<TimesheetSummary>,
    pub total: u64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// Any day of the period (local); default today.
    #[param(format = Date)]
    pub date: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// Any day of the period (local); default today.
    #[param(format = Date)]
    pub date: Option<String>,
    /// Only this person.
    pub user_id: Option<UserId>,
}

/// Approve or unlock one person's period.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PeriodAction {
    /// The period's first day (`period.start`).
    #[schema(format = Date)]
    pub period_start: String,
    /// Why (unlock: required, kept in the audit log).
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

/// A manager's correction of an entry; only what is sent changes, and `reason` is required.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EntryCorrection {
    /// RFC 3339.
    pub clock_in_at: Option<String>,
    /// RFC 3339, not in the future. On an open entry, clocks the person out then.
    pub clock_out_at: Option<String>,
    /// The break total in minutes; null goes back to the breaks as taken.
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 1440)]
    pub break_minutes: Option<Option<i64>>,
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}
