//! Refresh tokens: one row per issued token, chained in families (one family per sign-in).

use rusqlite::{Connection, OptionalExtension};

use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::ApiResult;
use crate::ids::{RefreshTokenId, SessionFamilyId, TenantId, UserId};

pub struct NewRefresh<'a> {
    pub id: &'a RefreshTokenId,
    pub family: &'a SessionFamilyId,
    pub user: &'a UserId,
    pub tenant: &'a TenantId,
    pub token_hash: &'a str,
    pub mobile: bool,
    pub expires_at: jiff::Timestamp,
}

pub fn insert(tx: &Tx<'_>, token: &NewRefresh<'_>, at: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO refresh_tokens (id, family_id, user_id, tenant_id, token_hash, client, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute((
        token.id,
        token.family,
        token.user,
        token.tenant,
        token.token_hash,
        if token.mobile { "mobile" } else { "web" },
        format_ts(at),
        format_ts(token.expires_at),
    ))?;
    Ok(())
}

#[derive(Debug)]
pub struct StoredRefresh {
    pub id: RefreshTokenId,
    pub family: SessionFamilyId,
    pub user: UserId,
    pub tenant: TenantId,
    pub mobile: bool,
    pub expires_at: String,
    pub spent_at: Option<String>,
    pub revoked_at: Option<String>,
}

pub fn find_by_hash(c: &Connection, hash: &str) -> ApiResult<Option<StoredRefresh>> {
    Ok(c.prepare_cached(
        "SELECT id, family_id, user_id, tenant_id, client, expires_at, spent_at, revoked_at
         FROM refresh_tokens WHERE token_hash = ?1",
    )?
    .query_row([hash], |r| {
        Ok(StoredRefresh {
            id: r.get(0)?,
            family: r.get(1)?,
            user: r.get(2)?,
            tenant: r.get(3)?,
            mobile: r.get::<_, String>(4)? == "mobile",
            expires_at: r.get(5)?,
            spent_at: r.get(6)?,
            revoked_at: r.get(7)?,
        })
    })
    .optional()?)
}

pub fn mark_spent(tx: &Tx<'_>, id: &RefreshTokenId, successor: &RefreshTokenId, at: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached("UPDATE refresh_tokens SET spent_at = ?2, successor_id = ?3 WHERE id = ?1")?.execute((
        id,
        format_ts(at),
        successor,
    ))?;
    Ok(())
}

pub fn revoke_family(tx: &Tx<'_>, family: &SessionFamilyId, at: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached("UPDATE refresh_tokens SET revoked_at = ?2 WHERE family_id = ?1 AND revoked_at IS NULL")?
        .execute((family, format_ts(at)))?;
    Ok(())
}

pub fn revoke_all_for_user(tx: &Tx<'_>, user: &UserId, at: jiff::Timestamp) -> ApiResult<usize> {
    Ok(tx
        .prepare_cached("UPDATE refresh_tokens SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL")?
        .execute((user, format_ts(at)))?)
}

/// Whether any token of the family was revoked (a revoked family never comes back).
pub fn family_revoked(c: &Connection, family: &SessionFamilyId) -> ApiResult<bool> {
    Ok(c.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM refresh_tokens WHERE family_id = ?1 AND revoked_at IS NOT NULL)",
    )?
    .query_row([family], |r| r.get(0))?)
}

/// Drops tokens that expired more than a day ago (rows of live sessions stay).
pub fn purge_expired(tx: &Tx<'_>, before: jiff::Timestamp) -> ApiResult<usize> {
    Ok(tx.prepare_cached("DELETE FROM refresh_tokens WHERE expires_at < ?1")?.execute([format_ts(before)])?)
}

/// Sessions revoked since `since`, with the time of their revocation (to rebuild the
/// revoked-sessions set at start).
pub fn revoked_since(c: &Connection, since: jiff::Timestamp) -> ApiResult<Vec<(SessionFamilyId, String)>> {
    let mut stmt =
        c.prepare("SELECT family_id, max(revoked_at) FROM refresh_tokens WHERE revoked_at >= ?1 GROUP BY family_id")?;
    let rows = stmt.query_map([format_ts(since)], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
