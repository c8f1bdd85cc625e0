use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::ApiResult;
use crate::ids::{AuditId, TenantId, UserId};

/// One event. `detail` is a small JSON object of non-secret facts.
pub struct Entry<'a> {
    pub tenant: Option<&'a TenantId>,
    pub user: Option<&'a UserId>,
    pub action: &'static str,
    pub ip: Option<String>,
    pub detail: serde_json::Value,
    pub at: jiff::Timestamp,
}

pub fn record(tx: &Tx<'_>, entry: Entry<'_>) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO audit_log (id, tenant_id, user_id, action, ip, detail, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute((
        AuditId::generate(),
        entry.tenant,
        entry.user,
        entry.action,
        entry.ip,
        entry.detail.to_string(),
        format_ts(entry.at),
    ))?;
    Ok(())
}

/// An action a signed-in user took inside their tenant (no client address): the common entry.
pub fn by_user(
    tx: &Tx<'_>,
    tenant: &TenantId,
    user: &UserId,
    action: &'static str,
    detail: serde_json::Value,
    at: jiff::Timestamp,
) -> ApiResult<()> {
    record(tx, Entry { tenant: Some(tenant), user: Some(user), action, ip: None, detail, at })
}
