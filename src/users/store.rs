use rusqlite::{Connection, OptionalExtension, Row};

use super::model::{UserStatus, UserView, full_name};
use crate::access::Role;
use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::{ApiError, ApiResult};
use crate::ids::{TenantId, UserId};

pub struct NewUser<'a> {
    pub id: &'a UserId,
    pub email: &'a str,
    pub email_key: &'a str,
    pub password_hash: Option<&'a str>,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub role: Role,
    pub super_admin: bool,
    pub status: UserStatus,
    pub locale: &'a str,
    pub timezone: Option<&'a str>,
}

pub fn insert(tx: &Tx<'_>, tenant: &TenantId, user: &NewUser<'_>, at: jiff::Timestamp) -> ApiResult<()> {
    let status = match user.status {
        UserStatus::Active => "active",
        UserStatus::Invited => "invited",
        UserStatus::Inactive => "inactive",
    };
    tx.prepare_cached(
        "INSERT INTO users (id, tenant_id, email, email_key, password_hash, first_name, last_name, role, super_admin,
                            status, locale, timezone, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
    )?
    .execute(rusqlite::params![
        user.id,
        tenant,
        user.email,
        user.email_key,
        user.password_hash,
        user.first_name,
        user.last_name,
        user.role,
        user.super_admin,
        status,
        user.locale,
        user.timezone,
        format_ts(at)
    ])?;
    Ok(())
}

const VIEW_COLUMNS: &str =
    "id, email, first_name, last_name, role, super_admin, status, locale, timezone, require_password_change";

fn view_from_row(r: &Row<'_>) -> rusqlite::Result<UserView> {
    let (first, last): (String, String) = (r.get(2)?, r.get(3)?);
    Ok(UserView {
        id: r.get(0)?,
        email: r.get(1)?,
        name: full_name(&first, &last),
        first_name: first,
        last_name: last,
        role: r.get(4)?,
        super_admin: r.get(5)?,
        status: r.get(6)?,
        locale: r.get(7)?,
        timezone: r.get(8)?,
        require_password_change: r.get(9)?,
    })
}

/// A user of `tenant`; another tenant's id is 404.
pub fn view(c: &Connection, tenant: &TenantId, user: &UserId) -> ApiResult<UserView> {
    Ok(c.prepare_cached(&format!("SELECT {VIEW_COLUMNS} FROM users WHERE id = ?1 AND tenant_id = ?2"))?
        .query_row((user, tenant), view_from_row)?)
}

/// What every authenticated request checks against its token (cached in auth::versions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthState {
    pub tenant: TenantId,
    pub version: i64,
    pub role: Role,
    pub active: bool,
    pub super_admin: bool,
}

pub fn auth_state(c: &Connection, user: &UserId) -> ApiResult<Option<AuthState>> {
    Ok(c.prepare_cached("SELECT tenant_id, token_version, role, status, super_admin FROM users WHERE id = ?1")?
        .query_row([user], |r| {
            Ok(AuthState {
                tenant: r.get(0)?,
                version: r.get(1)?,
                role: r.get(2)?,
                active: r.get::<_, UserStatus>(3)? == UserStatus::Active,
                super_admin: r.get(4)?,
            })
        })
        .optional()?)
}

/// An account that may be signing in.
#[derive(Debug, Clone)]
pub struct LoginCandidate {
    pub user: UserId,
    pub tenant: TenantId,
    pub status: UserStatus,
    pub password_hash: Option<String>,
}

/// Accounts with this e-mail, in the tenant with `slug` when given, else in every tenant.
pub fn login_candidates(c: &Connection, email_key: &str, slug: Option<&str>) -> ApiResult<Vec<LoginCandidate>> {
    let mut stmt = c.prepare_cached(
        "SELECT u.id, u.tenant_id, u.status, u.password_hash FROM users u JOIN tenants t ON t.id = u.tenant_id
         WHERE u.email_key = ?1 AND (?2 IS NULL OR t.slug = ?2) ORDER BY u.created_at",
    )?;
    let rows = stmt.query_map((email_key, slug), |r| {
        Ok(LoginCandidate { user: r.get(0)?, tenant: r.get(1)?, status: r.get(2)?, password_hash: r.get(3)? })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Raises the user's token version: every access token issued before stops working.
pub fn bump_token_version(tx: &Tx<'_>, user: &UserId, at: jiff::Timestamp) -> ApiResult<i64> {
    tx.prepare_cached(
        "UPDATE users SET token_version = token_version + 1, updated_at = ?2 WHERE id = ?1 RETURNING token_version",
    )?
    .query_row((user, format_ts(at)), |r| r.get(0))
    .map_err(ApiError::from)
}

pub fn super_admin_email_exists(c: &Connection, email_key: &str) -> ApiResult<bool> {
    Ok(c.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM users WHERE email_key = ?1 AND super_admin = 1 AND status = 'active')",
    )?
    .query_row([email_key], |r| r.get(0))?)
}

/// Sets a new password hash, ends every session of the user (token version and refresh tokens)
/// and optionally asks for a change at the next sign-in.
pub fn set_password(
    tx: &Tx<'_>,
    user: &UserId,
    hash: &str,
    require_change: bool,
    at: jiff::Timestamp,
) -> ApiResult<()> {
    let ts = format_ts(at);
    tx.prepare_cached(
        "UPDATE users SET password_hash = ?2, require_password_change = ?3, token_version = token_version + 1,
                          updated_at = ?4 WHERE id = ?1",
    )?
    .execute((user, hash, require_change, &ts))?;
    tx.prepare_cached("UPDATE refresh_tokens SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL")?
        .execute((user, &ts))?;
    Ok(())
}
