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
