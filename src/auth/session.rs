//! Sessions: starting one at sign-in, rotating its refresh token, ending it. These run inside
//! write jobs; the caller turns the outcome into an answer after COMMIT.

use std::time::Duration;

use super::store::{self, NewRefresh};
use super::tokens;
use crate::audit;
use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::ApiResult;
use crate::ids::{RefreshTokenId, SessionFamilyId, TenantId, UserId};
use crate::users::model::UserView;

/// What a token answer is built from.
pub struct Started {
    pub user: UserView,
    pub tenant: TenantId,
    /// The refresh-token family: the `sid` of its access tokens.
    pub session: SessionFamilyId,
    pub version: i64,
    pub refresh_token: String,
    pub mobile: bool,
}

#[allow(clippy::too_many_arguments)]
fn issue_refresh(
    tx: &Tx<'_>,
    id: &RefreshTokenId,
    family: &SessionFamilyId,
    user: &UserId,
    tenant: &TenantId,
    mobile: bool,
    now: jiff::Timestamp,
    ttl: Duration,
) -> ApiResult<String> {
    let (token, hash) = tokens::new_refresh_token()?;
    let expires_at =
        now.checked_add(jiff::SignedDuration::try_from(ttl).unwrap_or(jiff::SignedDuration::ZERO)).unwrap_or(now);
    store::insert(tx, &NewRefresh { id, family, user, tenant, token_hash: &hash, mobile, expires_at }, now)?;
    Ok(token)
}

fn version_of(tx: &Tx<'_>, user: &UserId) -> ApiResult<i64> {
    Ok(tx.prepare_cached("SELECT token_version FROM users WHERE id = ?1")?.query_row([user], |r| r.get(0))?)
}

/// Starts a new session (a new family) for a user who just proved who they are.
pub fn start(
    tx: &Tx<'_>,
    user: &UserId,
    tenant: &TenantId,
    mobile: bool,
    now: jiff::Timestamp,
    ttl: Duration,
) -> ApiResult<Started> {
    let family = SessionFamilyId::generate();
    let refresh_token = issue_refresh(tx, &RefreshTokenId::generate(), &family, user, tenant, mobile, now, ttl)?;
    Ok(Started {
        user: crate::users::store::view(tx, tenant, user)?,
        tenant: tenant.clone(),
        session: family,
        version: version_of(tx, user)?,
        refresh_token,
        mobile,
    })
}

pub enum Rotation {
    Rotated(Started),
    /// A spent token came back outside the grace window: the family is now revoked.
    Reused {
        user: UserId,
        tenant: TenantId,
        session: SessionFamilyId,
    },
    Invalid,
}

/// Spends a refresh token and issues its successor (DESIGN §5 rotation).
pub fn rotate(tx: &Tx<'_>, token: &str, now: jiff::Timestamp, ttl: Duration, grace: Duration) -> ApiResult<Rotation> {
    let Some(stored) = store::find_by_hash(tx, &tokens::hash_token(token))? else {
        return Ok(Rotation::Invalid);
    };
    let now_text = format_ts(now);
    if stored.revoked_at.is_some() || stored.expires_at <= now_text || store::family_revoked(tx, &stored.family)? {
        return Ok(Rotation::Invalid);
    }
    let state = crate::users::store::auth_state(tx, &stored.user)?;
    if !state.is_some_and(|s| s.active && s.tenant == stored.tenant) {
        return Ok(Rotation::Invalid);
    }
    if let Some(spent_at) = &stored.spent_at {
        let spent: jiff::Timestamp = spent_at.parse().unwrap_or(now);
        let within_grace = now.duration_since(spent).as_secs_f64() <= grace.as_secs_f64();
        if !within_grace {
            store::revoke_family(tx, &stored.family, now)?;
            audit::by_user(
                tx,
                &stored.tenant,
                &stored.user,
                "auth.refresh_reused",
                serde_json::json!({ "family": stored.family }),
                now,
            )?;
            return Ok(Rotation::Reused { user: stored.user, tenant: stored.tenant, session: stored.family });
        }
    }
    let successor = RefreshTokenId::generate();
    let refresh_token =
        issue_refresh(tx, &successor, &stored.family, &stored.user, &stored.tenant, stored.mobile, now, ttl)?;
    if stored.spent_at.is_none() {
        store::mark_spent(tx, &stored.id, &successor, now)?;
    }
    Ok(Rotation::Rotated(Started {
        user: crate::users::store::view(tx, &stored.tenant, &stored.user)?,
        tenant: stored.tenant,
        session: stored.family,
        version: version_of(tx, &stored.user)?,
        refresh_token,
        mobile: stored.mobile,
    }))
}
