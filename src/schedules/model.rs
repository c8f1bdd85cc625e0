use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::fixed::{DateText, SecondText, StampText, TimeText};
use crate::ids::{
    ClaimId, JobId, LocationId, ScheduleId, SeriesId, ShiftId, SmartGroupId, TemplateId, UnavailabilityId, UserId,
};

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Schedule {
    pub id: ScheduleId,
    pub name: String,
    pub location_id: LocationId,
    pub assignee_group_ids: Vec<SmartGroupId>,
    pub assignee_user_ids: Vec<UserId>,
    /// Active people of the groups ∪ the listed people (materialised).
    pub assignee_user_ids_expanded: Vec<UserId>,
    /// Kept as the client sent it.
    #[schema(value_type = Option<Object>)]
    pub details_config: Option<serde_json::Value>,
    pub claim_needs_approval: bool,
    pub swap_needs_approval: bool,
    pub created_by: Option<UserId>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewSchedule {
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: String,
    /// The first location when left out.
    pub location_id: Option<LocationId>,
    #[schema(max_items = 100)]
    pub assignee_group_ids: Option<Vec<SmartGroupId>>,
    #[schema(max_items = 1000)]
    pub assignee_user_ids: Option<Vec<UserId>>,
    /// Seed 000 lets clients send it; it is computed, so it is ignored.
    #[schema(max_items = 1000)]
    pub assignee_user_ids_expanded: Option<Vec<UserId>>,
    /// Client JSON (an object), at most 16 KiB.
    #[schema(value_type = Option<Object>)]
    pub details_config: Option<serde_json::Value>,
    pub claim_needs_approval: Option<bool>,
    pub swap_needs_approval: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScheduleUpdate {
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: Option<String>,
    pub location_id: Option<LocationId>,
    #[schema(max_items = 100)]
    pub assignee_group_ids: Option<Vec<SmartGroupId>>,
    #[schema(max_items = 1000)]
    pub assignee_user_ids: Option<Vec<UserId>>,
    /// Computed; ignored.
    #[schema(max_items = 1000)]
    pub assignee_user_ids_expanded: Option<Vec<UserId>>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<Object>)]
    pub details_config: Option<Option<serde_json::Value>>,
    pub claim_needs_approval: Option<bool>,
    pub swap_needs_approval: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ShiftStatus {
    Draft,
    Published,
}

impl ShiftStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ShiftStatus::Draft => "draft",
            ShiftStatus::Published => "published",
        }
    }
}

/// A conflict of a shift: a warning, unless the write asked for `?strict=true`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    /// `overlap`, `unavailable`, `time_off`, `closed`, `outside_hours`, `min_rest`, `max_hours`,
    /// `not_qualified`, `not_assignee`, `inactive`, or `more` (with `count`).
    pub code: &'static str,
    pub message: &'static str,
    /// The other shift or the unavailability entry; only for holders of `schedules.write`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_id: Option<String>,
    /// With `more`: how many were left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Shift {
    pub id: ShiftId,
    pub schedule_id: ScheduleId,
    /// Null for an open shift.
    pub assigned_user_id: Option<UserId>,
    pub is_open_shift: bool,
    /// Open shifts: how many people may claim it.
    pub slots: i64,
    /// Open shifts: how many places are taken.
    pub claimed: i64,
    pub job_id: Option<JobId>,
    /// `yyyy-MM-dd`, local: the day the shift starts.
    #[schema(value_type = String)]
    pub shift_date: DateText,
    /// `HH:mm`, local to the schedule's location.
    #[schema(value_type = String)]
    pub start_time: TimeText,
    /// `HH:mm`; at or before `startTime` means the next day.
    #[schema(value_type = String)]
    pub end_time: TimeText,
    pub break_minutes: i64,
    pub title: Option<String>,
    pub instructions: Option<String>,
    pub status: ShiftStatus,
    /// Raised by every change; send it back on PATCH to guard against lost updates.
    pub version: i64,
    /// A published shift changed since its last publish (only shown to planners).
    pub has_unpublished_changes: bool,
    /// UTC, RFC 3339.
    #[schema(value_type = String)]
    pub starts_at: SecondText,
    #[schema(value_type = String)]
    pub ends_at: SecondText,
    /// Real elapsed minutes (across a clock change too) minus the break.
    pub duration_minutes: i64,
    pub conflicts: Vec<Conflict>,
    /// Open shifts: whether the caller may claim it now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimable: Option<bool>,
    #[schema(value_type = String)]
    pub created_at: StampText,
    #[schema(value_type = String)]
    pub updated_at: StampText,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewShift {
    /// Null or left out: an open shift.
    pub assigned_user_id: Option<UserId>,
    /// If sent, it must equal `assignedUserId == null`.
    pub is_open_shift: Option<bool>,
    #[schema(minimum = 1, maximum = 100)]
    pub slots: Option<i64>,
    pub job_id: Option<JobId>,
    #[schema(format = Date)]
    pub shift_date: String,
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub start_time: String,
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub end_time: String,
    #[schema(minimum = 0, maximum = 1440)]
    pub break_minutes: Option<i64>,
    #[schema(max_length = 200, pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$")]
    pub title: Option<String>,
    #[schema(max_length = 2000, pattern = "^[^\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f]*$")]
    pub instructions: Option<String>,
    /// `draft` when left out.
    pub status: Option<ShiftStatus>,
}

/// A partial update; `null` makes it open (`assignedUserId`) or clears a text.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ShiftUpdate {
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<UserId>)]
    pub assigned_user_id: Option<Option<UserId>>,
    pub is_open_shift: Option<bool>,
    #[schema(minimum = 1, maximum = 100)]
    pub slots: Option<i64>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<JobId>)]
    pub job_id: Option<Option<JobId>>,
    #[schema(format = Date)]
    pub shift_date: Option<String>,
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub start_time: Option<String>,
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub end_time: Option<String>,
    #[schema(minimum = 0, maximum = 1440)]
    pub break_minutes: Option<i64>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>, max_length = 200, pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$")]
    pub title: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>, max_length = 2000, pattern = "^[^\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f]*$")]
    pub instructions: Option<Option<String>>,
    /// `published` publishes this change at once.
    pub status: Option<ShiftStatus>,
    /// The version this change is based on; a stale one is 409.
    #[schema(minimum = 1)]
    pub version: Option<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ShiftQuery {
    /// `yyyy-MM-dd`; with `to`, every shift of the range unpaged.
    #[param(format = Date)]
    pub from: Option<String>,
    #[param(format = Date)]
    pub to: Option<String>,
    #[serde(default, deserialize_with = "crate::http::page::page_number")]
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    #[serde(default, deserialize_with = "crate::http::page::page_number")]
    #[param(minimum = 1, maximum = 2147483647)]
    pub limit: Option<u32>,
    /// `labor`: scheduled hours and cost per person (needs `schedules.write`).
    #[param(pattern = "^labor$")]
    pub include: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StrictQuery {
    /// Refuse the write (409) when the shift has conflicts.
    pub strict: Option<bool>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RangeQuery {
    #[param(format = Date)]
    pub from: String,
    #[param(format = Date)]
    pub to: String,
}

/// A week's shifts with labor figures when asked for.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ShiftList {
    pub items: Vec<Shift>,
    pub total: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labor: Option<Labor>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Labor {
    /// ISO 4217, the org setting `general.currency`.
    pub currency: String,
    pub people: Vec<PersonLabor>,
    pub total_minutes: i64,
    /// Minor units.
    pub total_cost: i64,
    /// Open shifts' minutes (no cost: nobody is paid yet).
    pub open_minutes: i64,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PersonLabor {
    pub user_id: UserId,
    pub minutes: i64,
    /// Minor units.
    pub cost: i64,
    pub max_hours_per_week: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishRange {
    #[schema(format = Date)]
    pub from: String,
    #[schema(format = Date)]
    pub to: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Published {
    pub published: usize,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Deleted {
    pub deleted: usize,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CopyWeek {
    #[schema(format = Date)]
    pub from_week_start: String,
    #[schema(format = Date)]
    pub to_week_start: String,
    /// Replace the copied shifts the target week holds.
    pub replace: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Copied {
    pub created: usize,
    pub replaced: usize,
    pub items: Vec<Shift>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TemplateShift {
    /// 0 = the week's first day.
    pub day_offset: i64,
    pub start_time: String,
    pub end_time: String,
    pub break_minutes: i64,
    pub job_id: Option<JobId>,
    pub assigned_user_id: Option<UserId>,
    pub slots: i64,
    pub title: Option<String>,
    pub instructions: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    pub id: TemplateId,
    pub schedule_id: ScheduleId,
    pub name: String,
    pub shifts: Vec<TemplateShift>,
    pub created_at: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewTemplate {
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: String,
    /// The first day of the week to save.
    #[schema(format = Date)]
    pub week_start: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApplyTemplate {
    #[schema(format = Date)]
    pub week_start: String,
    pub replace: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ClaimStatus {
    Pending,
    Approved,
    Declined,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Claim {
    pub id: ClaimId,
    pub shift_id: ShiftId,
    pub user_id: UserId,
    pub status: ClaimStatus,
    /// The shift the claim gave the person (once approved).
    pub result_shift_id: Option<ShiftId>,
    pub created_at: String,
    pub decided_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClaimResult {
    pub claim: Claim,
    /// The caller's new shift when the claim assigned at once.
    pub shift: Option<Shift>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Unavailability {
    pub id: UnavailabilityId,
    pub user_id: UserId,
    pub series_id: SeriesId,
    /// `yyyy-MM-dd`, local to the person's time zone.
    pub unavailability_date: String,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub all_day: bool,
    /// Only the person and holders of `schedules.write` see it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub note: Option<Option<String>>,
    pub starts_at: String,
    pub ends_at: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UnavailabilityEntry {
    #[schema(format = Date)]
    pub unavailability_date: String,
    /// Needed unless `allDay`.
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub start_time: Option<String>,
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub end_time: Option<String>,
    pub all_day: Option<bool>,
    #[schema(max_length = 500, pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    Weekly,
    Biweekly,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Repeat {
    pub frequency: Frequency,
    /// Inclusive, at most a year ahead.
    #[schema(format = Date)]
    pub until: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewUnavailability {
    #[schema(format = Date)]
    pub unavailability_date: String,
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub start_time: Option<String>,
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub end_time: Option<String>,
    pub all_day: Option<bool>,
    #[schema(max_length = 500, pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$")]
    pub note: Option<String>,
    /// Further entries made together (at most 100).
    #[schema(max_items = 100)]
    pub repeat_entries: Option<Vec<UnavailabilityEntry>>,
    /// Or let the server repeat this entry.
    pub repeat: Option<Repeat>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SeriesQuery {
    /// Also delete the later entries of the same series.
    pub series: Option<bool>,
}
