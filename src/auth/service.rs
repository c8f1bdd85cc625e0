//! Sign-in as a service, so the v1 routes and the seed-dialect compatibility routes share it.

use super::session::{self, Started};
use crate::app::AppState;
use crate::audit;
use crate::http::client::Client;
use crate::http::ratelimit::Scope;
use crate::http::{ApiError, ApiResult};
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
    app.limiter.check(Scope::LoginFailuresPerAccount, client.ip, &key)?;
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
        app.limiter.hit(Scope::LoginFailuresPerAccount, client.ip, &key)?;
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
        return Err(ApiError::Unauthorized);
    };
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

/// Spends a refresh token (rotation with the reuse grace).
pub async fn rotate(app: &AppState, token: String) -> ApiResult<session::Rotation> {
    let now = app.clock.now();
    let auth = app.config.auth.clone();
    app.db.write(move |tx| session::rotate(tx, &token, now, auth.refresh_token_ttl.0, auth.refresh_reuse_grace.0)).await
}
