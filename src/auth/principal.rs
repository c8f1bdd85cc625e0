//! The authenticated caller, and the one place that checks a route's permission.

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use crate::access::perm::Permission;
use crate::access::{Grants, Role};
use crate::http::ApiError;
use crate::ids::{SessionFamilyId, TenantId, UserId};
use crate::state::AppState;
use crate::users::store::AuthState;

/// A signed-in user whose access token is valid, unexpired and not revoked.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user: UserId,
    pub tenant: TenantId,
    /// The session the access token belongs to (`sid`).
    pub session: SessionFamilyId,
    pub role: Role,
    pub super_admin: bool,
    pub grants: Grants,
}

fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    #[tracing::instrument(skip_all)]
    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let token = bearer(parts).ok_or(ApiError::Unauthorized)?;
        Principal::from_token(app, token).await
    }
}

impl Principal {
    pub fn tenant(&self) -> &TenantId {
        &self.tenant
    }

    pub fn allows(&self, code: &str) -> bool {
        self.grants.allows(code)
    }

    pub fn permissions(&self) -> Vec<String> {
        self.grants.codes()
    }

    /// Checks an access token: signature and claims, revoked session, token version, status.
    pub async fn from_token(app: &AppState, token: &str) -> Result<Principal, ApiError> {
        Ok(Principal::checked_token(app, token).await?.principal)
    }

    /// [`Principal::from_token`] with what a long-lived connection re-checks later: the
    /// token's version and expiry (the real-time hub, DESIGN §8).
    pub async fn checked_token(app: &AppState, token: &str) -> Result<CheckedToken, ApiError> {
        let claims = app.tokens.verify(token, app.clock.now())?;
        if app.revoked.is_revoked(&claims.sid) {
            return Err(ApiError::Unauthorized);
        }
        let state = Principal::auth_state(app, &claims.sub).await?.ok_or(ApiError::Unauthorized)?;
        if !state.active || state.version != claims.ver || state.tenant != claims.tid {
            return Err(ApiError::Unauthorized);
        }
        Ok(CheckedToken {
            version: claims.ver,
            expires_at: claims.exp,
            principal: Principal {
                user: claims.sub,
                tenant: claims.tid,
                session: claims.sid,
                role: state.role,
                super_admin: state.super_admin,
                grants: state.grants,
            },
        })
    }

    /// The user's current auth state for a connection that outlives its first check: `None`
    /// when the user is gone, inactive, moved or signed out everywhere since `version`.
    pub async fn recheck(app: &AppState, user: &UserId, tenant: &TenantId, version: i64) -> Option<AuthState> {
        let state = Principal::auth_state(app, user).await.ok()??;
        (state.active && state.version == version && &state.tenant == tenant).then_some(state)
    }

    /// The user's token version, role and grants: from the cache, or read once into it.
    async fn auth_state(app: &AppState, user: &UserId) -> Result<Option<AuthState>, ApiError> {
        if let Some(state) = app.versions.get(user) {
            return Ok(Some(state));
        }
        let id = user.clone();
        let state = app.db.read(move |c| crate::users::store::auth_state(c, &id)).await?;
        if let Some(state) = &state {
            app.versions.put(user.clone(), state.clone());
        }
        Ok(state)
    }
}

/// A token that passed every check, with the facts a connection re-checks later.
pub struct CheckedToken {
    pub principal: Principal,
    pub version: i64,
    /// Unix seconds.
    pub expires_at: i64,
}

/// A principal when the request carries a valid token; `None` otherwise (public routes with
/// extra detail for signed-in callers).
pub struct MaybePrincipal(pub Option<Principal>);

impl FromRequestParts<AppState> for MaybePrincipal {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        Ok(MaybePrincipal(Principal::from_request_parts(parts, app).await.ok()))
    }
}

/// A principal whose role grants permission `P`: 401 without a valid token, 403 without the
/// permission. Every protected route names its permission through this type.
pub struct Member<P: Permission> {
    pub principal: Principal,
    _permission: PhantomData<P>,
}

impl<P: Permission> std::ops::Deref for Member<P> {
    type Target = Principal;
    fn deref(&self) -> &Principal {
        &self.principal
    }
}

impl<P: Permission> FromRequestParts<AppState> for Member<P> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let principal = Principal::from_request_parts(parts, app).await?;
        if !principal.allows(P::CODE) {
            return Err(ApiError::Forbidden);
        }
        Ok(Member { principal, _permission: PhantomData })
    }
}
