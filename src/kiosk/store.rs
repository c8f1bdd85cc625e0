//! The SQL of kiosks, PINs and PIN failures.

use rusqlite::{Connection, OptionalExtension};

use super::model::Kiosk;
use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::{ApiError, ApiResult};
use crate::ids::{KioskId, LocationId, TenantId, UserId};

const KIOSK: &str =
    "SELECT k.id, k.location_id, l.name, k.name, k.created_at, k.last_seen_at, k.revoked_at, k.tenant_id
    FROM kiosks k JOIN locations l ON l.id = k.location_id";

fn kiosk(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Kiosk, TenantId)> {
    Ok((
        Kiosk {
            id: r.get(0)?,
            location_id: r.get(1)?,
            location_name: r.get(2)?,
            name: r.get(3)?,
            created_at: r.get(4)?,
            last_seen_at: r.get(5)?,
            revoked_at: r.get(6)?,
        },
        r.get(7)?,
    ))
}

pub fn get(c: &Connection, tenant: &TenantId, id: &KioskId) -> ApiResult<Kiosk> {
    c.prepare_cached(&format!("{KIOSK} WHERE k.id = ?1 AND k.tenant_id = ?2"))?
        .query_row((id, tenant), kiosk)
        .optional()?
        .map(|(k, _)| k)
        .ok_or(ApiError::NotFound)
}

/// The kiosk a token (its SHA-256) belongs to, if not revoked.
pub fn by_token(c: &Connection, hash: &str) -> ApiResult<Option<(Kiosk, TenantId)>> {
    Ok(c.prepare_cached(&format!("{KIOSK} WHERE k.token_hash = ?1 AND k.revoked_at IS NULL"))?
        .query_row([hash], kiosk)
        .optional()?)
}

pub fn list(c: &Connection, tenant: &TenantId) -> ApiResult<Vec<Kiosk>> {
    Ok(c.prepare_cached(&format!(
        "{KIOSK} WHERE k.tenant_id = ?1 ORDER BY k.revoked_at IS NOT NULL, k.created_at LIMIT 500"
    ))?
    .query_map([tenant], kiosk)?
    .map(|r| r.map(|(k, _)| k))
    .collect::<Result<_, _>>()?)
}

pub struct NewRow<'a> {
    pub id: &'a KioskId,
    pub location: &'a LocationId,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub by: &'a UserId,
}

pub fn insert(tx: &Tx<'_>, tenant: &TenantId, k: &NewRow<'_>, now: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO kiosks (id, tenant_id, location_id, name, token_hash, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute((k.id, tenant, k.location, k.name, k.token_hash, k.by, format_ts(now)))?;
    Ok(())
}

/// Revokes the kiosk; false when it was revoked already.
pub fn revoke(tx: &Tx<'_>, id: &KioskId, now: jiff::Timestamp) -> ApiResult<bool> {
    Ok(tx
        .prepare_cached("UPDATE kiosks SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL")?
        .execute((id, format_ts(now)))?
        == 1)
}

pub fn seen(tx: &Tx<'_>, id: &KioskId, now: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached("UPDATE kiosks SET last_seen_at = ?2 WHERE id = ?1")?.execute((id, format_ts(now)))?;
    Ok(())
}

/// Active people of the workplace the location's kiosk punches for: those placed at the
/// location, and those placed nowhere in particular; by name.
pub fn people(c: &Connection, tenant: &TenantId, location: &LocationId) -> ApiResult<Vec<(UserId, String, bool)>> {
    Ok(c.prepare_cached(
        "SELECT u.id, u.first_name || ' ' || u.last_name, p.user_id IS NOT NULL FROM users u
         LEFT JOIN clock_pins p ON p.user_id = u.id
         WHERE u.tenant_id = ?1 AND u.status = 'active'
           AND (EXISTS (SELECT 1 FROM member_locations m WHERE m.user_id = u.id AND m.location_id = ?2)
                OR NOT EXISTS (SELECT 1 FROM member_locations m WHERE m.user_id = u.id))
         ORDER BY u.first_name, u.last_name, u.id LIMIT 1000",
    )?
    .query_map((tenant, location), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
    .collect::<Result<_, _>>()?)
}

pub fn pin_hash(c: &Connection, user: &UserId) -> ApiResult<Option<String>> {
    Ok(c.prepare_cached("SELECT pin_hash FROM clock_pins WHERE user_id = ?1")?
        .query_row([user], |r| r.get(0))
        .optional()?)
}

pub fn set_pin(tx: &Tx<'_>, tenant: &TenantId, user: &UserId, hash: &str, now: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO clock_pins (user_id, tenant_id, pin_hash, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (user_id) DO UPDATE SET pin_hash = ?3, updated_at = ?4",
    )?
    .execute((user, tenant, hash, format_ts(now)))?;
    // A new PIN starts with a clean slate on every kiosk.
    tx.prepare_cached("DELETE FROM kiosk_pin_failures WHERE user_id = ?1")?.execute([user])?;
    Ok(())
}

pub fn clear_pin(tx: &Tx<'_>, user: &UserId) -> ApiResult<bool> {
    tx.prepare_cached("DELETE FROM kiosk_pin_failures WHERE user_id = ?1")?.execute([user])?;
    Ok(tx.prepare_cached("DELETE FROM clock_pins WHERE user_id = ?1")?.execute([user])? == 1)
}

/// (failures so far, locked until) of the person on the kiosk.
pub fn failures(c: &Connection, kiosk: &KioskId, user: &UserId) -> ApiResult<(i64, Option<i64>)> {
    Ok(c.prepare_cached("SELECT failures, locked_until FROM kiosk_pin_failures WHERE kiosk_id = ?1 AND user_id = ?2")?
        .query_row((kiosk, user), |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, None)))
}

pub fn locks(c: &Connection, kiosk: &KioskId, now: i64) -> ApiResult<Vec<(UserId, i64)>> {
    Ok(c.prepare_cached(
        "SELECT user_id, locked_until FROM kiosk_pin_failures WHERE kiosk_id = ?1 AND locked_until > ?2",
    )?
    .query_map((kiosk, now), |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect::<Result<_, _>>()?)
}

pub fn put_failures(
    tx: &Tx<'_>,
    kiosk: &KioskId,
    user: &UserId,
    failures: i64,
    locked_until: Option<i64>,
) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO kiosk_pin_failures (kiosk_id, user_id, failures, locked_until) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (kiosk_id, user_id) DO UPDATE SET failures = ?3, locked_until = ?4",
    )?
    .execute((kiosk, user, failures, locked_until))?;
    Ok(())
}

pub fn forget_failures(tx: &Tx<'_>, kiosk: &KioskId, user: &UserId) -> ApiResult<()> {
    tx.prepare_cached("DELETE FROM kiosk_pin_failures WHERE kiosk_id = ?1 AND user_id = ?2")?.execute((kiosk, user))?;
    Ok(())
}
