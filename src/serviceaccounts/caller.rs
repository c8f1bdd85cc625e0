//! The caller of an `/api/v1/sa/…` route: a service account's API key, checked in one place.
//! JWTs are not accepted there, and API keys are not accepted anywhere else.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use subtle::ConstantTimeEq;

use crate::access::perm::Permission;
use crate::http::ApiError;
use crate::ids::{ServiceAccountId, TenantId};
use crate::state::AppState;

/// A valid, unrevoked API key.
#[derive(Debug, Clone)]
pub struct ServiceCaller {
    pub account: ServiceAccountId,
    pub tenant: TenantId,
    pub scopes: Vec<String>,
}

/// When each key was last recorded as used: `last_used_at` and the audit entry are written at
/// most once a minute per key, not on every request.
#[derive(Default)]
pub struct KeyUse {
    recorded: Mutex<HashMap<ServiceAccountId, Instant>>,
}

impl KeyUse {
    fn due(&self, id: &ServiceAccountId) -> bool {
        let mut recorded = self.recorded.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        match recorded.get(id) {
            Some(at) if now.duration_since(*at) < Duration::from_secs(60) => false,
            _ => {
                recorded.insert(id.clone(), now);
                true
            }
        }
    }
}

/// `sr_<prefix>_<secret>` → (prefix, the whole key).
fn split_key(key: &str) -> Option<&str> {
    let rest = key.strip_prefix("sr_")?;
    let prefix = rest.get(..8)?;
    (rest.as_bytes().get(8) == Some(&b'_') && rest.len() > 9).then_some(prefix)
}

impl FromRequestParts<AppState> for ServiceCaller {
    type Rejection = ApiError;

    #[tracing::instrument(skip_all)]
    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let value =
            parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).ok_or(ApiError::Unauthorized)?;
        let key = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .ok_or(ApiError::Unauthorized)?
            .trim();
        let prefix = split_key(key).ok_or(ApiError::Unauthorized)?.to_string();
        let record = app.db.read(move |c| super::store::by_prefix(c, &prefix)).await?.ok_or(ApiError::Unauthorized)?;
        let presented = crate::auth::tokens::hash_token(key);
        if record.revoked || !bool::from(presented.as_bytes().ct_eq(record.key_hash.as_bytes())) {
            return Err(ApiError::Unauthorized);
        }
        if app.key_use.due(&record.id) {
            let (id, tenant, now) = (record.id.clone(), record.tenant.clone(), app.clock.now());
            let path = parts.uri.path().to_string();
            app.db
                .write(move |tx| {
                    super::store::touch(tx, &id, now)?;
                    crate::audit::record(
                        tx,
                        crate::audit::Entry {
                            tenant: Some(&tenant),
                            user: None,
                            action: "service_account.used",
                            ip: None,
                            detail: serde_json::json!({ "serviceAccountId": id, "path": path }),
                            at: now,
                        },
                    )
                })
                .await?;
        }
        Ok(ServiceCaller { account: record.id, tenant: record.tenant, scopes: record.scopes })
    }
}

/// A service caller whose key carries scope `P`: 401 without a valid key, 403 without the scope.
pub struct Scoped<P: Permission> {
    pub caller: ServiceCaller,
    _scope: PhantomData<P>,
}

impl<P: Permission> FromRequestParts<AppState> for Scoped<P> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let caller = ServiceCaller::from_request_parts(parts, app).await?;
        if caller.scopes.iter().any(|s| s == P::CODE) {
            Ok(Scoped { caller, _scope: PhantomData })
        } else {
            Err(ApiError::Forbidden)
        }
    }
}
