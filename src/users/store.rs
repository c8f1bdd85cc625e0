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
    pub grants: crate::access::Grants,
}

pub fn auth_state(c: &Connection, user: &UserId) -> ApiResult<Option<AuthState>> {
    let found: Option<(TenantId, i64, Role, UserStatus, bool, Option<String>)> = c
        .prepare_cached(
            "SELECT u.tenant_id, u.token_version, u.role, u.status, u.super_admin, p.id
             FROM users u LEFT JOIN permission_profiles p ON p.id = u.profile_id AND p.status = 'active'
             WHERE u.id = ?1",
        )?
        .query_row([user], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .optional()?;
    let Some((tenant, version, role, status, super_admin, profile)) = found else { return Ok(None) };
    // Owners always hold every permission, so no profile can lock a tenant out.
    let grants = match profile.filter(|_| role != Role::Owner) {
        Some(profile) => {
            let codes: Vec<String> = c
                .prepare_cached("SELECT code FROM profile_permissions WHERE profile_id = ?1 ORDER BY code")?
                .query_map([profile], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            crate::access::Grants::Profile(std::sync::Arc::new(codes))
        }
        None => crate::access::Grants::Role(role),
    };
    Ok(Some(AuthState { tenant, version, role, active: status == UserStatus::Active, super_admin, grants }))
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
    // Pending reset links die with the old password.
    tx.prepare_cached(
        "UPDATE one_time_tokens SET used_at = ?2 WHERE user_id = ?1 AND purpose = 'password_reset' AND used_at IS NULL",
    )?
    .execute((user, &ts))?;
    Ok(())
}

pub struct UserRow {
    pub view: UserView,
    pub created_at: String,
    pub updated_at: String,
    pub email_verified: bool,
    pub profile_id: Option<crate::ids::ProfileId>,
}

const ROW_COLUMNS: &str = "id, email, first_name, last_name, role, super_admin, status, locale, timezone, \
                           require_password_change, created_at, updated_at, email_verified_at IS NOT NULL, profile_id";

fn row_from(r: &Row<'_>) -> rusqlite::Result<UserRow> {
    Ok(UserRow {
        view: view_from_row(r)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
        email_verified: r.get(12)?,
        profile_id: r.get(13)?,
    })
}

pub fn row(c: &Connection, tenant: &TenantId, user: &UserId) -> ApiResult<UserRow> {
    Ok(c.prepare_cached(&format!("SELECT {ROW_COLUMNS} FROM users WHERE id = ?1 AND tenant_id = ?2"))?
        .query_row((user, tenant), row_from)?)
}

pub struct ListFilter {
    pub search: Option<String>,
    pub status: Option<UserStatus>,
    pub limit: u32,
    pub offset: i64,
}

pub fn list(c: &Connection, tenant: &TenantId, f: &ListFilter) -> ApiResult<(Vec<UserRow>, u64)> {
    let pattern = f.search.as_deref().map(crate::db::like_pattern);
    let status = f.status.map(status_text);
    let filter = "tenant_id = ?1 AND (?2 IS NULL OR email_key LIKE ?2 ESCAPE '\\' \
                  OR lower(first_name || ' ' || last_name) LIKE ?2 ESCAPE '\\') AND (?3 IS NULL OR status = ?3)";
    let total: i64 = c
        .prepare_cached(&format!("SELECT count(*) FROM users WHERE {filter}"))?
        .query_row((tenant, &pattern, &status), |r| r.get(0))?;
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS} FROM users WHERE {filter} ORDER BY lower(last_name), lower(first_name), id LIMIT ?4 OFFSET ?5"
    ))?;
    let rows = stmt.query_map((tenant, &pattern, &status, f.limit, f.offset), row_from)?;
    Ok((rows.collect::<Result<_, _>>()?, total as u64))
}

pub fn status_text(status: UserStatus) -> &'static str {
    match status {
        UserStatus::Active => "active",
        UserStatus::Invited => "invited",
        UserStatus::Inactive => "inactive",
    }
}

pub struct Changes<'a> {
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    pub role: Option<Role>,
}

pub fn update(tx: &Tx<'_>, tenant: &TenantId, user: &UserId, ch: &Changes<'_>, at: jiff::Timestamp) -> ApiResult<()> {
    let n = tx
        .prepare_cached(
            "UPDATE users SET first_name = coalesce(?3, first_name), last_name = coalesce(?4, last_name),
                              role = coalesce(?5, role), updated_at = ?6
             WHERE id = ?1 AND tenant_id = ?2",
        )?
        .execute(rusqlite::params![user, tenant, ch.first_name, ch.last_name, ch.role, format_ts(at)])?;
    if n == 0 { Err(ApiError::NotFound) } else { Ok(()) }
}

/// Activates or deactivates; deactivation also ends every session (token version + refresh tokens).
pub fn set_status(
    tx: &Tx<'_>,
    tenant: &TenantId,
    user: &UserId,
    status: UserStatus,
    at: jiff::Timestamp,
) -> ApiResult<()> {
    let ts = format_ts(at);
    let n = tx
        .prepare_cached(
            "UPDATE users SET status = ?3, token_version = token_version + (?3 = 'inactive'), updated_at = ?4
             WHERE id = ?1 AND tenant_id = ?2",
        )?
        .execute((user, tenant, status_text(status), &ts))?;
    if n == 0 {
        return Err(ApiError::NotFound);
    }
    if status == UserStatus::Inactive {
        tx.prepare_cached("UPDATE refresh_tokens SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL")?
            .execute((user, &ts))?;
    }
    Ok(())
}

pub fn delete(tx: &Tx<'_>, tenant: &TenantId, user: &UserId) -> ApiResult<()> {
    let n = tx.prepare_cached("DELETE FROM users WHERE id = ?1 AND tenant_id = ?2")?.execute((user, tenant))?;
    if n == 0 { Err(ApiError::NotFound) } else { Ok(()) }
}

/// Accepting an invitation: the password is set and the account becomes active.
pub fn activate_with_password(tx: &Tx<'_>, user: &UserId, hash: &str, at: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached(
        "UPDATE users SET password_hash = ?2, status = 'active', require_password_change = 0,
                          email_verified_at = coalesce(email_verified_at, ?3), updated_at = ?3 WHERE id = ?1",
    )?
    .execute((user, hash, format_ts(at)))?;
    Ok(())
}

/// Gives the user a permission profile, or takes it away (role defaults apply again).
pub fn set_profile(
    tx: &Tx<'_>,
    tenant: &TenantId,
    user: &UserId,
    profile: Option<&crate::ids::ProfileId>,
    at: jiff::Timestamp,
) -> ApiResult<()> {
    let n = tx
        .prepare_cached("UPDATE users SET profile_id = ?3, updated_at = ?4 WHERE id = ?1 AND tenant_id = ?2")?
        .execute((user, tenant, profile, format_ts(at)))?;
    if n == 0 { Err(ApiError::NotFound) } else { Ok(()) }
}

/// An instance owner to tell about instance matters (a failed backup).
pub struct SuperAdminContact {
    pub tenant_id: TenantId,
    pub tenant_name: String,
    pub email: String,
    pub locale: String,
}

pub fn active_super_admins(c: &Connection) -> ApiResult<Vec<SuperAdminContact>> {
    let mut stmt = c.prepare_cached(
        "SELECT u.tenant_id, t.name, u.email, u.locale FROM users u JOIN tenants t ON t.id = u.tenant_id
         WHERE u.super_admin = 1 AND u.status = 'active' ORDER BY u.created_at",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(SuperAdminContact { tenant_id: r.get(0)?, tenant_name: r.get(1)?, email: r.get(2)?, locale: r.get(3)? })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Someone to tell about a tenant matter (its mail server changed).
pub struct Contact {
    pub email: String,
    pub locale: String,
}

/// The tenant's active owners.
pub fn active_owners(c: &Connection, tenant: &TenantId) -> ApiResult<Vec<Contact>> {
    let mut stmt = c.prepare_cached(
        "SELECT email, locale FROM users WHERE tenant_id = ?1 AND role = 'owner' AND status = 'active' ORDER BY created_at",
    )?;
    let rows = stmt.query_map([tenant], |r| Ok(Contact { email: r.get(0)?, locale: r.get(1)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
