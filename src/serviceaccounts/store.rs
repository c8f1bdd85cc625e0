use rusqlite::{Connection, OptionalExtension};

use super::model::ServiceAccountView;
use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::page::PageQuery;
use crate::http::{ApiError, ApiResult};
use crate::ids::{ServiceAccountId, TenantId, UserId};

pub struct NewAccount<'a> {
    pub id: &'a ServiceAccountId,
    pub name: &'a str,
    pub prefix: &'a str,
    pub key_hash: &'a str,
    pub scopes: &'a [String],
    pub created_by: &'a UserId,
}

pub fn insert(tx: &Tx<'_>, tenant: &TenantId, a: &NewAccount<'_>, at: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO service_accounts (id, tenant_id, name, prefix, key_hash, scopes, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute((
        a.id,
        tenant,
        a.name,
        a.prefix,
        a.key_hash,
        serde_json::json!(a.scopes).to_string(),
        a.created_by,
        format_ts(at),
    ))?;
    Ok(())
}

const COLUMNS: &str = "id, name, prefix, scopes, created_at, last_used_at, revoked_at";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ServiceAccountView> {
    let scopes: String = r.get(3)?;
    Ok(ServiceAccountView {
        id: r.get(0)?,
        name: r.get(1)?,
        prefix: r.get(2)?,
        scopes: serde_json::from_str(&scopes).unwrap_or_default(),
        created_at: r.get(4)?,
        last_used_at: r.get(5)?,
        revoked_at: r.get(6)?,
    })
}

pub fn list(c: &Connection, tenant: &TenantId, page: &PageQuery) -> ApiResult<(Vec<ServiceAccountView>, u64)> {
    let total: i64 = c
        .prepare_cached("SELECT count(*) FROM service_accounts WHERE tenant_id = ?1")?
        .query_row([tenant], |r| r.get(0))?;
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM service_accounts WHERE tenant_id = ?1 ORDER BY created_at DESC, id LIMIT ?2 OFFSET ?3"
    ))?;
    let rows = stmt.query_map((tenant, page.limit(), page.offset()), from_row)?;
    Ok((rows.collect::<Result<_, _>>()?, total as u64))
}

pub fn get(c: &Connection, tenant: &TenantId, id: &ServiceAccountId) -> ApiResult<ServiceAccountView> {
    Ok(c.prepare_cached(&format!("SELECT {COLUMNS} FROM service_accounts WHERE id = ?1 AND tenant_id = ?2"))?
        .query_row((id, tenant), from_row)?)
}

pub fn revoke(tx: &Tx<'_>, tenant: &TenantId, id: &ServiceAccountId, at: jiff::Timestamp) -> ApiResult<()> {
    let n = tx
        .prepare_cached(
            "UPDATE service_accounts SET revoked_at = coalesce(revoked_at, ?3) WHERE id = ?1 AND tenant_id = ?2",
        )?
        .execute((id, tenant, format_ts(at)))?;
    if n == 0 { Err(ApiError::NotFound) } else { Ok(()) }
}

/// What a presented key resolves to, when its prefix exists.
pub struct KeyRecord {
    pub id: ServiceAccountId,
    pub tenant: TenantId,
    pub key_hash: String,
    pub scopes: Vec<String>,
    pub revoked: bool,
}

pub fn by_prefix(c: &Connection, prefix: &str) -> ApiResult<Option<KeyRecord>> {
    Ok(c.prepare_cached(
        "SELECT id, tenant_id, key_hash, scopes, revoked_at IS NOT NULL FROM service_accounts WHERE prefix = ?1",
    )?
    .query_row([prefix], |r| {
        let scopes: String = r.get(3)?;
        Ok(KeyRecord {
            id: r.get(0)?,
            tenant: r.get(1)?,
            key_hash: r.get(2)?,
            scopes: serde_json::from_str(&scopes).unwrap_or_default(),
            revoked: r.get(4)?,
        })
    })
    .optional()?)
}

pub fn touch(tx: &Tx<'_>, id: &ServiceAccountId, at: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached("UPDATE service_accounts SET last_used_at = ?2 WHERE id = ?1")?.execute((id, format_ts(at)))?;
    Ok(())
}
