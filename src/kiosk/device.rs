//! The kiosk as a principal: a `kiosk_…` bearer token, accepted only by the `/api/v1/kiosk/…`
//! routes (the user extractor reads it as a malformed access token: 401 elsewhere).

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use super::model::Kiosk;
use crate::http::ApiError;
use crate::ids::TenantId;
use crate::state::AppState;

pub const TOKEN_PREFIX: &str = "kiosk_";

/// A kiosk whose token is valid and not revoked.
pub struct Device {
    pub kiosk: Kiosk,
    pub tenant: TenantId,
}

impl FromRequestParts<AppState> for Device {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let value =
            parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).ok_or(ApiError::Unauthorized)?;
        let (scheme, token) = value.split_once(' ').ok_or(ApiError::Unauthorized)?;
        let token = token.trim();
        if !scheme.eq_ignore_ascii_case("bearer") || !token.starts_with(TOKEN_PREFIX) {
            return Err(ApiError::Unauthorized);
        }
        let hash = crate::auth::tokens::hash_token(token);
        let found = app.db.read(move |c| super::store::by_token(c, &hash)).await?;
        let (kiosk, tenant) = found.ok_or(ApiError::Unauthorized)?;
        Ok(Device { kiosk, tenant })
    }
}
