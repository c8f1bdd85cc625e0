//! Kiosks on the wire (issue 13).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::ids::{JobId, KioskId, LocationId, ShiftId, UserId};
use crate::timeclock::sequence::{Action, Status};

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Kiosk {
    pub id: KioskId,
    pub location_id: LocationId,
    pub location_name: String,
    pub name: String,
    pub created_at: String,
    pub last_seen_at: Option<String>,
    pub revoked_at: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewKiosk {
    pub location_id: LocationId,
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
}

/// A kiosk just set up: its token is shown this once (the tablet keeps it).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct KioskSetup {
    pub kiosk: Kiosk,
    /// `kiosk_…`: the tablet sends it as `Authorization: Bearer`. Accepted only on `/api/v1/kiosk/…`.
    pub token: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KioskList {
    pub items: Vec<Kiosk>,
    pub total: u64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewPin {
    /// 4 to 8 digits.
    #[schema(pattern = "^[0-9]{4,8}$")]
    pub pin: String,
}

/// Someone the kiosk's location may punch for.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct KioskPerson {
    pub user_id: UserId,
    pub name: String,
    pub status: Status,
    pub has_pin: bool,
    /// Locked on this kiosk after five wrong PINs, until then (RFC 3339).
    pub locked_until: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct KioskPeople {
    pub kiosk: Kiosk,
    pub items: Vec<KioskPerson>,
    pub total: u64,
}

/// A punch at the kiosk: the person, their PIN, and the punch as `POST /api/v1/clock` takes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KioskPunch {
    pub user_id: UserId,
    #[schema(pattern = "^[0-9]{4,8}$")]
    pub pin: String,
    pub action: Action,
    pub job_id: Option<JobId>,
    pub shift_id: Option<ShiftId>,
    #[schema(min_length = 1, max_length = 64, pattern = "^[A-Za-z0-9._:-]+$")]
    pub client_id: String,
    pub offline: Option<bool>,
    pub at: Option<String>,
}
