use rusqlite::{Connection, OptionalExtension};

use super::model::TenantView;
use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::ApiResult;
use crate::ids::TenantId;

/// Inserts a tenant with `slug`, or `slug-2`, `slug-3` … when taken. Returns the slug used.
pub fn insert(tx: &Tx<'_>, id: &TenantId, name: &str, slug: &str, at: jiff::Timestamp) -> ApiResult<String> {
    let mut candidate = slug.to_string();
    let mut n = 1;
    while slug_taken(tx, &candidate)? {
        n += 1;
        candidate = format!("{slug}-{n}");
    }
    let at = format_ts(at);
    tx.prepare_cached("INSERT INTO tenants (id, name, slug, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)")?
        .execute((id, name, &candidate, &at))?;
    Ok(candidate)
}

pub fn slug_taken(c: &Connection, slug: &str) -> ApiResult<bool> {
    Ok(c.prepare_cached("SELECT EXISTS (SELECT 1 FROM tenants WHERE slug = ?1)")?.query_row([slug], |r| r.get(0))?)
}

pub fn get(c: &Connection, id: &TenantId) -> ApiResult<TenantView> {
    Ok(c.prepare_cached("SELECT id, name, slug FROM tenants WHERE id = ?1")?
        .query_row([id], |r| Ok(TenantView { id: r.get(0)?, name: r.get(1)?, slug: r.get(2)? }))?)
}

/// The slug when exactly one tenant exists (the login page then needs no tenant field).
pub fn only_slug(c: &Connection) -> ApiResult<Option<String>> {
    let slugs: Vec<String> =
        c.prepare_cached("SELECT slug FROM tenants LIMIT 2")?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(if slugs.len() == 1 { slugs.into_iter().next() } else { None })
}

pub fn id_by_slug(c: &Connection, slug: &str) -> ApiResult<Option<TenantId>> {
    Ok(c.prepare_cached("SELECT id FROM tenants WHERE slug = ?1")?.query_row([slug], |r| r.get(0)).optional()?)
}

/// The tenant's time zone: its first location's.
pub fn timezone(c: &Connection, tenant: &TenantId) -> ApiResult<jiff::tz::TimeZone> {
    let name: Option<String> = c
        .prepare_cached("SELECT timezone FROM locations WHERE tenant_id = ?1 ORDER BY created_at LIMIT 1")?
        .query_row([tenant], |r| r.get(0))
        .optional()?;
    Ok(name.and_then(|n| jiff::tz::TimeZone::get(&n).ok()).unwrap_or(jiff::tz::TimeZone::UTC))
}
