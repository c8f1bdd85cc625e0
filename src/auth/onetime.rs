//! Single-use tokens sent by e-mail (invitation, password reset, e-mail verification): random,
//! stored hashed, bound to user, tenant and address, expiring. A used, expired or unknown
//! token is `410 gone`.

use std::time::Duration;

use rusqlite::OptionalExtension;

use super::tokens;
use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::{ApiError, ApiResult};
use crate::ids::{TenantId, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Invitation,
    PasswordReset,
    VerifyEmail,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Invitation => "invitation",
            Purpose::PasswordReset => "password_reset",
            Purpose::VerifyEmail => "verify_email",
        }
    }

    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::Invitation => Duration::from_secs(7 * 24 * 3600),
            Purpose::PasswordReset => Duration::from_secs(3600),
            Purpose::VerifyEmail => Duration::from_secs(24 * 3600),
        }
    }
}

/// Issues a token, voiding the user's earlier unused ones of the same purpose. Returns the
/// token for the link and the row's id (the outbox checks it before sending).
pub fn issue(
    tx: &Tx<'_>,
    tenant: &TenantId,
    user: &UserId,
    email_key: &str,
    purpose: Purpose,
    now: jiff::Timestamp,
) -> ApiResult<(String, String)> {
    let (token, hash) = tokens::new_refresh_token()?;
    let id = uuid::Uuid::now_v7().to_string();
    let expires =
        now.checked_add(jiff::SignedDuration::try_from(purpose.lifetime()).unwrap_or_default()).unwrap_or(now);
    let ts = format_ts(now);
    tx.prepare_cached(
        "UPDATE one_time_tokens SET used_at = ?3 WHERE user_id = ?1 AND purpose = ?2 AND used_at IS NULL",
    )?
    .execute((user, purpose.as_str(), &ts))?;
    tx.prepare_cached(
        "INSERT INTO one_time_tokens (id, tenant_id, user_id, email_key, purpose, token_hash, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute((&id, tenant, user, email_key, purpose.as_str(), hash, &ts, format_ts(expires)))?;
    Ok((token, id))
}

/// Spends a token: the user it belongs to, or `gone` when it is unknown, used, expired, or the
/// account's address changed since it was sent.
pub fn redeem(tx: &Tx<'_>, token: &str, purpose: Purpose, now: jiff::Timestamp) -> ApiResult<(TenantId, UserId)> {
    require(token)?;
    let found: Option<(String, TenantId, UserId, String, String, Option<String>)> = tx
        .prepare_cached(
            "SELECT t.id, t.tenant_id, t.user_id, t.email_key, t.expires_at, t.used_at FROM one_time_tokens t
             JOIN users u ON u.id = t.user_id AND u.tenant_id = t.tenant_id AND u.email_key = t.email_key
             WHERE t.token_hash = ?1 AND t.purpose = ?2",
        )?
        .query_row((tokens::hash_token(token), purpose.as_str()), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })
        .optional()?;
    let ts = format_ts(now);
    match found {
        Some((id, tenant, user, _, expires, None)) if expires > ts => {
            tx.prepare_cached("UPDATE one_time_tokens SET used_at = ?2 WHERE id = ?1")?.execute((&id, &ts))?;
            Ok((tenant, user))
        }
        _ => Err(ApiError::Gone),
    }
}

/// An empty token is missing input (400), not an unknown link (410).
fn require(token: &str) -> ApiResult<()> {
    if token.is_empty() { Err(ApiError::validation("token", crate::http::Msg::FieldRequired)) } else { Ok(()) }
}

/// Looks a token up without spending it: its tenant and user while it can still be redeemed,
/// `gone` otherwise (the page behind an e-mailed link says so before showing its form).
pub fn peek(
    c: &rusqlite::Connection,
    token: &str,
    purpose: Purpose,
    now: jiff::Timestamp,
) -> ApiResult<(TenantId, UserId)> {
    require(token)?;
    c.prepare_cached(
        "SELECT t.tenant_id, t.user_id FROM one_time_tokens t
         JOIN users u ON u.id = t.user_id AND u.tenant_id = t.tenant_id AND u.email_key = t.email_key
         WHERE t.token_hash = ?1 AND t.purpose = ?2 AND t.used_at IS NULL AND t.expires_at > ?3",
    )?
    .query_row((tokens::hash_token(token), purpose.as_str(), format_ts(now)), |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()?
    .ok_or(ApiError::Gone)
}

/// How many tokens of `purpose` were issued for the address since `since` (for throttling).
pub fn issued_since(
    c: &rusqlite::Connection,
    email_key: &str,
    purpose: Purpose,
    since: jiff::Timestamp,
) -> ApiResult<(i64, Option<String>)> {
    Ok(c.prepare_cached(
        "SELECT count(*), max(created_at) FROM one_time_tokens WHERE email_key = ?1 AND purpose = ?2 AND created_at >= ?3",
    )?
    .query_row((email_key, purpose.as_str(), format_ts(since)), |r| Ok((r.get(0)?, r.get(1)?)))?)
}
