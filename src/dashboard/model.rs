use serde::Serialize;
use utoipa::ToSchema;

use crate::inbox::model::{Counts, InboxItem};
use crate::schedules::model::Shift;

/// What waits for the caller's decision: how many of each kind, and the oldest few.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Approvals {
    pub total: u64,
    pub counts: Counts,
    /// The oldest first, at most five (the inbox has them all).
    pub items: Vec<InboxItem>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActionItems {
    /// The caller's published shifts that have not ended, soonest first (at most five, four
    /// weeks ahead); empty for those who may not read schedules.
    pub next_shifts: Vec<Shift>,
    /// Open shifts of the caller's schedules they may claim now (at most ten, four weeks ahead),
    /// leaving out those they asked for already.
    pub open_shifts: Vec<Shift>,
    /// Null for those who decide nothing (neither `schedules.write` nor `clock.manage`).
    pub approvals: Option<Approvals>,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnreadCounts {
    pub notifications: u64,
    /// Unread chat messages of others; null without `chat.use`.
    pub chat: Option<u64>,
    /// Requests waiting for the caller's decision; null for those who decide nothing.
    pub approvals: Option<u64>,
    /// The sum of the three.
    pub total: u64,
}
