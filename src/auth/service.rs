//! Sign-in as a service, so the v1 routes and the seed-dialect compatibility routes share it.

use super::principal::Principal;
use super::session::{self, Started};
use super::store;
use crate::audit;
use crate::db::Tx;
use crate::http::client::Client;
use crate::http::ratelimit::Scope;
use crate::http::{ApiError, ApiResult};
use crate::ids::SessionFamilyId;
use crate::state::AppState;
use crate::users::model::{UserStatus, email_key};

/// Checks e-mail and password (rate limited per IP and per account; unknown e-mail and wrong
/// password answer alike and take as long) and starts a session.
pub async fn sign_in(
    app: &AppState,
    client: &Client,
    email: &str,
    password: String,
    tenant_slug: Option<String>,
    mobile: bool,
) -> ApiResult<Started> {
    app.limiter.hit(Scope::LoginPerIp, client.ip, &client.ip.to_string())?;
    let key = email_key(email);
    let throttle = client
        .device
        .as_deref()
        .and_then(|cookie| super::device::throttle_key(&app.secrets.jwt_key, &key, cookie))
        .unwrap_or_else(|| format!("account:{key}"));
    app.limiter.check_failures(client.ip, &throttle)?;
    let slug = tenant_slug.filter(|s| !s.trim().is_empty());
    let lookup_key = key.clone();
    let candidates =
        app.db.read(move |c| crate::users::store::login_candidates(c, &lookup_key, slug.as_deref())).await?;
    if candidates.len() > 1 {
        return Err(ApiError::TenantRequired);
    }
    let candidate = candidates.into_iter().next();
    let stored_hash =
        candidate.as_ref().filter(|c| c.status == UserStatus::Active).and_then(|c| c.password_hash.clone());
    let verified = app.hasher.verify(password, stored_hash).await?;
    let now = app.clock.now();
    let ip = Some(client.ip.to_string());
    let Some(candidate) = candidate.filter(|_| verified) else {
        app.limiter.record_failure(client.ip, &throttle);
        app.db
            .write(move |tx| {
                audit::record(
                    tx,
                    audit::Entry {
                        tenant: None,
                        user: None,
                        action: "auth.login_failed",
                        ip,
                        detail: serde_json::json!({ "email": key }),
                        at: now,
                    },
                )
            })
            .await?;
        return Err(ApiError::WrongCredentials);
    };
    app.limiter.clear_failures(&throttle);
    let ttl = app.config.auth.refresh_token_ttl.0;
    app.db
        .write(move |tx| {
            let started = session::start(tx, &candidate.user, &candidate.tenant, mobile, now, ttl)?;
            audit::record(
                tx,
                audit::Entry {
                    tenant: Some(&candidate.tenant),
                    user: Some(&candidate.user),
                    action: "auth.login",
                    ip,
                    detail: serde_json::json!({ "client": if mobile { "mobile" } else { "web" } }),
                    at: now,
                },
            )?;
            Ok(started)
        })
        .await
}

/// Spends a refresh token (rotation with the reuse grace). A reused token ends its session,
/// access tokens included.
pub async fn rotate(app: &AppState, token: String) -> ApiResult<session::Rotation> {
    let now = app.clock.now();
    let auth = app.config.auth.clone();
    let rotation = app
        .db
        .write(move |tx| session::rotate(tx, &token, now, auth.refresh_token_ttl.0, auth.refresh_reuse_grace.0))
        .await?;
    if let session::Rotation::Reused { session, .. } = &rotation {
        forget_sessions(app, vec![session.clone()]);
    }
    Ok(rotation)
}

/// Inside a write job: ends the caller's own session (the one its access token names) and the
/// session of `refresh_token` when it is theirs. Returns the sessions ended, for
/// [`forget_sessions`] after COMMIT.
pub fn end_session(
    tx: &Tx<'_>,
    principal: &Principal,
    refresh_token: Option<&str>,
    now: jiff::Timestamp,
) -> ApiResult<Vec<SessionFamilyId>> {
    let mut ended = vec![principal.session.clone()];
    if let Some(token) = refresh_token
        && let Some(stored) = store::find_by_hash(tx, &super::tokens::hash_token(token))?
        && stored.user == principal.user
        && stored.family != principal.session
    {
        ended.push(stored.family);
    }
    for family in &ended {
        store::revoke_family(tx, family, now)?;
    }
    Ok(ended)
}

/// After COMMIT: the access tokens of these sessions stop working at once.
pub fn forget_sessions(app: &AppState, sessions: Vec<SessionFamilyId>) {
    let now = app.clock.now();
    let longest = app.config.auth.longest_access_ttl();
    for session in sessions {
        app.revoked.revoke(session, now, longest);
    }
}
