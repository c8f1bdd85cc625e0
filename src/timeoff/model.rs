//! Time off on the wire (issue 13).

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::fixed::SecondText;
use crate::ids::{TimeOffId, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = TimeOffKind)]
pub enum Kind {
    Vacation,
    Sick,
    Personal,
    Unpaid,
    Other,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Vacation => "vacation",
            Kind::Sick => "sick",
            Kind::Personal => "personal",
            Kind::Unpaid => "unpaid",
            Kind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        [Kind::Vacation, Kind::Sick, Kind::Personal, Kind::Unpaid, Kind::Other].into_iter().find(|k| k.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = TimeOffStatus)]
pub enum Status {
    Pending,
    Approved,
    Declined,
    Cancelled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Declined => "declined",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        [Status::Pending, Status::Approved, Status::Declined, Status::Cancelled]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// A request for time off: whole days `startDate..=endDate`, or part of one day with
/// `startTime` and `endTime`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewTimeOff {
    pub kind: Kind,
    #[schema(format = Date)]
    pub start_date: String,
    /// Inclusive; the start date when left out.
    #[schema(format = Date)]
    pub end_date: Option<String>,
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub start_time: Option<String>,
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub end_time: Option<String>,
    /// Seen by the person and the managers only.
    #[schema(max_length = 1000, pattern = "^[^\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f]*$")]
    pub note: Option<String>,
}

/// A manager's answer.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Decision {
    #[schema(max_length = 1000, pattern = "^[^\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f]*$")]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimeOff {
    pub id: TimeOffId,
    pub user_id: UserId,
    pub kind: Kind,
    pub start_date: String,
    pub end_date: String,
    /// Part of a day: its times; whole days: none.
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    /// UTC, RFC 3339, in the person's zone.
    #[schema(value_type = String)]
    pub starts_at: SecondText,
    #[schema(value_type = String)]
    pub ends_at: SecondText,
    pub note: Option<String>,
    pub status: Status,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<String>,
    pub decision_comment: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TimeOffQuery {
    /// Only these (managers see everyone's; anyone else only their own).
    pub status: Option<Status>,
    /// One person's (managers only, or oneself).
    pub user_id: Option<UserId>,
    /// Time off overlapping `from..=to` (local dates).
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
}
