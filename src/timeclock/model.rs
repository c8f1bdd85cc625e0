//! The time clock on the wire (seed 000 `POST /api/v1/clock`, issue 13).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::sequence::{Action, Status};
use crate::fixed::SecondText;
use crate::ids::{JobId, LocationId, PunchId, ShiftId};

/// A punch: clock in or out, start or end a break.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewPunch {
    pub action: Action,
    /// The job worked; by default the matched shift's.
    pub job_id: Option<JobId>,
    /// The shift worked; when left out, the caller's published shift around now is found.
    pub shift_id: Option<ShiftId>,
    /// Where; by default the shift's location, else the open entry's, else the first.
    pub location_id: Option<LocationId>,
    /// The punching device (seed 000), as the client names it.
    #[schema(max_length = 100, pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$")]
    pub clock_id: Option<String>,
    /// The client's own id of this punch: sending it again counts once.
    #[schema(min_length = 1, max_length = 64, pattern = "^[A-Za-z0-9._:-]+$")]
    pub client_id: String,
    /// Where the device is; needed where the location has a geofence. Never shown to others.
    pub geo: Option<Geo>,
    /// A punch made without network and sent later, with `at`.
    pub offline: Option<bool>,
    /// When an offline punch happened: RFC 3339, at most 72 hours ago and 2 minutes ahead.
    pub at: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Geo {
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: f64,
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: f64,
    /// Metres.
    #[schema(minimum = 0, maximum = 100000)]
    pub accuracy: Option<f64>,
}

/// A stored punch, as its owner sees it (no position).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Punch {
    pub id: PunchId,
    pub action: Action,
    /// When it happened (UTC, RFC 3339).
    #[schema(value_type = String)]
    pub at: SecondText,
    pub received_at: String,
    pub offline: bool,
    pub client_id: String,
    pub location_id: Option<LocationId>,
    pub job_id: Option<JobId>,
    pub shift_id: Option<ShiftId>,
    pub clock_id: Option<String>,
    /// What did not fit: `out_of_sequence` (kept, not counted), `outside_geofence`, `no_position`
    /// or `too_early` (an offline punch the rules would have refused; counted, for review).
    pub flags: Vec<String>,
    /// The entry it belongs to; none when out of sequence.
    pub entry_id: Option<PunchId>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Break {
    #[schema(value_type = String)]
    pub started_at: SecondText,
    #[schema(value_type = Option<String>)]
    pub ended_at: Option<SecondText>,
}

/// A time entry: from clock-in to clock-out, with its breaks; raw and rounded times.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimeEntry {
    /// The id of the punch that opened it.
    pub id: PunchId,
    pub location_id: Option<LocationId>,
    pub job_id: Option<JobId>,
    pub shift_id: Option<ShiftId>,
    #[schema(value_type = String)]
    pub clock_in_at: SecondText,
    /// As the location's rounding makes it; pay uses this one.
    #[schema(value_type = String)]
    pub clock_in_rounded_at: SecondText,
    #[schema(value_type = Option<String>)]
    pub clock_out_at: Option<SecondText>,
    #[schema(value_type = Option<String>)]
    pub clock_out_rounded_at: Option<SecondText>,
    pub breaks: Vec<Break>,
    /// Real elapsed minutes of the breaks (until now for one running).
    pub break_minutes: i64,
    /// Rounded in to rounded out (or now) minus the breaks.
    pub worked_minutes: i64,
    /// Still open past its shift's end and the grace: flagged for the manager.
    pub missed_clock_out: bool,
}

/// Where the caller stands.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClockState {
    pub status: Status,
    /// The open entry; none when clocked out.
    pub entry: Option<TimeEntry>,
    /// The last entry closed, for "you worked 7 h 30 today".
    pub last_entry: Option<TimeEntry>,
}

/// The answer to a punch: the punch as stored and where the caller stands now.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Punched {
    pub punch: Punch,
    pub state: ClockState,
    /// True when this `clientId` was sent before: nothing new was stored.
    pub replayed: bool,
}

/// A location's clock rules.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClockSettings {
    pub location_id: LocationId,
    /// The geofence's centre; with `geofenceMeters`, online punches must come from inside.
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub geofence_meters: Option<i64>,
    /// How early before a shift's start one may clock in.
    pub early_minutes: i64,
    /// Clock-in and clock-out rounded to the nearest this many minutes; 0 = not rounded.
    pub round_minutes: i64,
    /// An open entry is flagged as a missed clock-out this long after its shift's end.
    pub missed_grace_minutes: i64,
}

/// A partial update of a location's clock rules; `null` clears the geofence fields.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClockSettingsUpdate {
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<f64>, minimum = -90, maximum = 90)]
    pub latitude: Option<Option<f64>>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<f64>, minimum = -180, maximum = 180)]
    pub longitude: Option<Option<f64>>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<i64>, minimum = 10, maximum = 100000)]
    pub geofence_meters: Option<Option<i64>>,
    #[schema(minimum = 0, maximum = 720)]
    pub early_minutes: Option<i64>,
    /// 0, 5, 6, 10, 15 or 30.
    pub round_minutes: Option<i64>,
    #[schema(minimum = 0, maximum = 1440)]
    pub missed_grace_minutes: Option<i64>,
}

/// Someone clocked in now, for the board and the managers' view.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClockedIn {
    pub user_id: crate::ids::UserId,
    pub status: Status,
    /// The open entry.
    pub entry_id: PunchId,
    #[schema(value_type = String)]
    pub clock_in_at: SecondText,
    #[schema(value_type = Option<String>)]
    pub on_break_since: Option<SecondText>,
    pub location_id: Option<LocationId>,
    pub shift_id: Option<ShiftId>,
    /// Past its shift's end and the grace without clocking out.
    pub missed_clock_out: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClockedInList {
    pub items: Vec<ClockedIn>,
    pub total: u64,
}
