use rusqlite::{Connection, OptionalExtension};

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

use super::model::{ProfileChoice, ProfileView};
use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::page::PageQuery;
use crate::ids::ProfileId;

fn codes(c: &Connection, profile: &ProfileId) -> ApiResult<Vec<String>> {
    Ok(c.prepare_cached("SELECT code FROM profile_permissions WHERE profile_id = ?1 ORDER BY code")?
        .query_map([profile], |r| r.get(0))?
        .collect::<Result<_, _>>()?)
}

const PROFILE_COLUMNS: &str = "p.id, p.name, p.description, p.status, p.created_at, p.updated_at,
    (SELECT count(*) FROM users u WHERE u.profile_id = p.id)";

fn profile_from(c: &Connection, r: &rusqlite::Row<'_>) -> rusqlite::Result<ProfileView> {
    let id: ProfileId = r.get(0)?;
    Ok(ProfileView {
        permissions: codes(c, &id).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?,
        id,
        name: r.get(1)?,
        description: r.get(2)?,
        status: r.get(3)?,
        created_at: r.get(4)?,
        updated_at: r.get(5)?,
        user_count: r.get(6)?,
    })
}

pub fn list_profiles(c: &Connection, tenant: &TenantId, page: &PageQuery) -> ApiResult<(Vec<ProfileView>, u64)> {
    let total: i64 = c
        .prepare_cached("SELECT count(*) FROM permission_profiles WHERE tenant_id = ?1")?
        .query_row([tenant], |r| r.get(0))?;
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {PROFILE_COLUMNS} FROM permission_profiles p WHERE p.tenant_id = ?1 ORDER BY p.name_key LIMIT ?2 OFFSET ?3"
    ))?;
    let rows = stmt.query_map((tenant, page.limit(), page.offset()), |r| profile_from(c, r))?;
    Ok((rows.collect::<Result<_, _>>()?, total as u64))
}

pub fn profile(c: &Connection, tenant: &TenantId, id: &ProfileId) -> ApiResult<ProfileView> {
    Ok(c.prepare_cached(&format!(
        "SELECT {PROFILE_COLUMNS} FROM permission_profiles p WHERE p.id = ?1 AND p.tenant_id = ?2"
    ))?
    .query_row((id, tenant), |r| profile_from(c, r))?)
}

pub fn active_choices(c: &Connection, tenant: &TenantId) -> ApiResult<Vec<ProfileChoice>> {
    Ok(c.prepare_cached(
        "SELECT id, name, description FROM permission_profiles WHERE tenant_id = ?1 AND status = 'active' ORDER BY name_key",
    )?
    .query_map([tenant], |r| Ok(ProfileChoice { id: r.get(0)?, name: r.get(1)?, description: r.get(2)? }))?
    .collect::<Result<_, _>>()?)
}

pub fn insert_profile(
    tx: &Tx<'_>,
    tenant: &TenantId,
    id: &ProfileId,
    name: &str,
    description: &str,
    permissions: &[String],
    at: jiff::Timestamp,
) -> ApiResult<()> {
    let ts = format_ts(at);
    tx.prepare_cached(
        "INSERT INTO permission_profiles (id, tenant_id, name, name_key, description, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'active', ?6, ?6)",
    )?
    .execute((id, tenant, name, name.to_lowercase(), description, &ts))?;
    set_codes(tx, id, permissions)
}

fn set_codes(tx: &Tx<'_>, id: &ProfileId, permissions: &[String]) -> ApiResult<()> {
    tx.prepare_cached("DELETE FROM profile_permissions WHERE profile_id = ?1")?.execute([id])?;
    let mut insert =
        tx.prepare_cached("INSERT OR IGNORE INTO profile_permissions (profile_id, code) VALUES (?1, ?2)")?;
    for code in permissions {
        insert.execute((id, code))?;
    }
    Ok(())
}

pub fn update_profile(
    tx: &Tx<'_>,
    tenant: &TenantId,
    id: &ProfileId,
    name: Option<&str>,
    description: Option<&str>,
    permissions: Option<&[String]>,
    at: jiff::Timestamp,
) -> ApiResult<()> {
    let n = tx
        .prepare_cached(
            "UPDATE permission_profiles SET name = coalesce(?3, name), name_key = coalesce(lower(?3), name_key),
                    description = coalesce(?4, description), updated_at = ?5 WHERE id = ?1 AND tenant_id = ?2",
        )?
        .execute((id, tenant, name, description, format_ts(at)))?;
    if n == 0 {
        return Err(ApiError::NotFound);
    }
    if let Some(permissions) = permissions {
        set_codes(tx, id, permissions)?;
    }
    Ok(())
}

pub fn set_profile_status(
    tx: &Tx<'_>,
    tenant: &TenantId,
    id: &ProfileId,
    active: bool,
    at: jiff::Timestamp,
) -> ApiResult<()> {
    let n = tx
        .prepare_cached("UPDATE permission_profiles SET status = ?3, updated_at = ?4 WHERE id = ?1 AND tenant_id = ?2")?
        .execute((id, tenant, if active { "active" } else { "inactive" }, format_ts(at)))?;
    if n == 0 { Err(ApiError::NotFound) } else { Ok(()) }
}

/// Whether an active profile with this id exists in the tenant.
pub fn profile_codes_if_active(c: &Connection, tenant: &TenantId, id: &ProfileId) -> ApiResult<Option<Vec<String>>> {
    let active: Option<bool> = c
        .prepare_cached("SELECT status = 'active' FROM permission_profiles WHERE id = ?1 AND tenant_id = ?2")?
        .query_row((id, tenant), |r| r.get(0))
        .optional()?;
    match active {
        Some(true) => Ok(Some(codes(c, id)?)),
        _ => Ok(None),
    }
}
