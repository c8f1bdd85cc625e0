//! Shift swaps on the wire (issue 13).

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::ids::{ScheduleId, ShiftId, SwapId, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = SwapStatus)]
pub enum Status {
    /// Waiting for a colleague.
    Offered,
    /// Taken by a colleague; waiting for a planner (the schedule's `swapNeedsApproval`).
    Accepted,
    /// Done: the shift is the new person's.
    Approved,
    /// A planner said no; the shift stays with the one who offered it.
    Declined,
    Cancelled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Offered => "offered",
            Status::Accepted => "accepted",
            Status::Approved => "approved",
            Status::Declined => "declined",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        [Status::Offered, Status::Accepted, Status::Approved, Status::Declined, Status::Cancelled]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// The shift on offer, as members see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SwapShift {
    pub shift_date: String,
    pub start_time: String,
    pub end_time: String,
    pub starts_at: String,
    pub ends_at: String,
    pub title: Option<String>,
    pub job_id: Option<crate::ids::JobId>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Swap {
    pub id: SwapId,
    pub schedule_id: ScheduleId,
    pub shift_id: ShiftId,
    pub shift: SwapShift,
    pub from_user_id: UserId,
    pub from_name: String,
    /// Offered to this person; null: to everyone on the schedule who may take it.
    pub to_user_id: Option<UserId>,
    pub accepted_by: Option<UserId>,
    pub accepted_by_name: Option<String>,
    pub status: Status,
    pub note: Option<String>,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewSwap {
    /// One colleague; leave out to offer it to everyone on the schedule who may take it.
    pub to_user_id: Option<UserId>,
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SwapQuery {
    /// `open` (offered or accepted, the default), `done` (approved, declined, cancelled) or `all`.
    #[param(pattern = "^(open|done|all)$")]
    pub status: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SwapList {
    pub items: Vec<Swap>,
    pub total: u64,
}
