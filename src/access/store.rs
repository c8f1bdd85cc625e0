use rusqlite::Connection;

use crate::http::{ApiError, ApiResult, Msg};
use crate::ids::{TenantId, UserId};

/// The last active owner of a tenant cannot be deactivated, demoted or deleted (DESIGN §3).
/// Call inside the write job that makes the change, before making it.
pub fn ensure_not_last_owner(c: &Connection, tenant: &TenantId, user: &UserId) -> ApiResult<()> {
    let (is_active_owner, active_owners): (bool, i64) = c
        .prepare_cached(
            "SELECT
                EXISTS (SELECT 1 FROM users WHERE id = ?2 AND tenant_id = ?1 AND role = 'owner' AND status = 'active'),
                (SELECT count(*) FROM users WHERE tenant_id = ?1 AND role = 'owner' AND status = 'active')",
        )?
        .query_row((tenant, user), |r| Ok((r.get(0)?, r.get(1)?)))?;
    if is_active_owner && active_owners <= 1 {
        return Err(ApiError::Conflict(Msg::LastOwner));
    }
    Ok(())
}
