//! Events between features (DESIGN §13): a write job that changes something others care
//! about writes its event here, in the same transaction, with the audience computed while the
//! facts are at hand. The writer hands committed rows on (`db::events`); handlers never
//! publish events themselves.

use serde_json::Value;

use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::ApiResult;
use crate::ids::{ChannelId, EventId, ScheduleId, TenantId, UserId};

/// Who may receive an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    User(UserId),
    /// Holders of `schedules.write`.
    ScheduleManagers(ScheduleId),
    /// The schedule's assignees and the people on the shift.
    SchedulePublished(ScheduleId),
    /// The members of a chat channel.
    Channel(ChannelId),
    /// Holders of `clock.manage`.
    ClockManagers,
    Tenant,
}

impl Audience {
    pub fn key(&self) -> String {
        match self {
            Audience::User(id) => format!("user:{id}"),
            Audience::ScheduleManagers(id) => format!("schedule:{id}:managers"),
            Audience::SchedulePublished(id) => format!("schedule:{id}:published"),
            Audience::Channel(id) => format!("channel:{id}"),
            Audience::ClockManagers => "clock:managers".into(),
            Audience::Tenant => "tenant".into(),
        }
    }
}

/// Writes one event row. The payload is serialised once for every recipient: it must hold
/// nothing the audience may not read (no pay, notes, conflicts or positions).
pub fn emit(
    tx: &Tx<'_>,
    tenant: &TenantId,
    kind: &str,
    audience: &[Audience],
    payload: &Value,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    let mut keys: Vec<String> = audience.iter().map(Audience::key).collect();
    keys.sort();
    keys.dedup();
    tx.prepare_cached(
        "INSERT INTO events (id, tenant_id, kind, audience, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute((
        EventId::generate(),
        tenant,
        kind,
        serde_json::to_string(&keys).unwrap_or_else(|_| "[]".into()),
        payload.to_string(),
        format_ts(now),
    ))?;
    tx.wrote_event();
    Ok(())
}

/// Removes events older than 90 days, at most `chunk` rows per call; answers how many went.
pub fn prune(tx: &Tx<'_>, now: jiff::Timestamp, chunk: u32) -> ApiResult<usize> {
    let cutoff = format_ts(now - jiff::SignedDuration::from_hours(90 * 24));
    Ok(tx
        .prepare_cached(
            "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE created_at < ?1 ORDER BY seq LIMIT ?2)",
        )?
        .execute((cutoff, chunk))?)
}
