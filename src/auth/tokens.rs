//! Access tokens (HS256 JWT, DESIGN §6) and opaque refresh tokens.

use std::time::Duration;

use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::Digest;

use crate::http::ApiError;
use crate::ids::{SessionFamilyId, TenantId, UserId};

const ISSUER: &str = "staffroom";
const AUDIENCE: &str = "staffroom-api";
const ACCESS: &str = "access";
/// Tolerated clock difference for `iat` and `nbf`.
const SKEW_SECS: i64 = 60;

#[derive(Debug, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: UserId,
    pub tid: TenantId,
    /// The session (refresh-token family) the token belongs to: logout ends it.
    pub sid: SessionFamilyId,
    pub ver: i64,
    pub typ: String,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
}

pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl TokenKeys {
    pub fn new(secret: &[u8]) -> TokenKeys {
        // Pinned to HS256: tokens naming any other algorithm, `none` included, are refused.
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is checked below against the app's clock, not the system clock.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.leeway = 0;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["sub", "iss", "aud", "iat", "nbf", "exp"]);
        TokenKeys { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret), validation }
    }

    pub fn issue(
        &self,
        user: &UserId,
        tenant: &TenantId,
        session: &SessionFamilyId,
        version: i64,
        now: jiff::Timestamp,
        ttl: Duration,
    ) -> Result<String, ApiError> {
        let iat = now.as_second();
        let claims = AccessClaims {
            sub: user.clone(),
            tid: tenant.clone(),
            sid: session.clone(),
            ver: version,
            typ: ACCESS.into(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat,
            nbf: iat,
            exp: iat + ttl.as_secs() as i64,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(ApiError::internal)
    }

    /// Every claim checked (DESIGN §6); any problem is 401.
    pub fn verify(&self, token: &str, now: jiff::Timestamp) -> Result<AccessClaims, ApiError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| ApiError::Unauthorized)?;
        if header.typ.as_deref().is_some_and(|t| !t.eq_ignore_ascii_case("JWT")) {
            return Err(ApiError::Unauthorized);
        }
        let claims = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map_err(|_| ApiError::Unauthorized)?
            .claims;
        let now = now.as_second();
        let valid =
            claims.typ == ACCESS && claims.iat <= now + SKEW_SECS && claims.nbf <= now + SKEW_SECS && now < claims.exp;
        if valid { Ok(claims) } else { Err(ApiError::Unauthorized) }
    }
}

/// A new opaque refresh token (256 random bits, URL-safe) and the hash that is stored.
pub fn new_refresh_token() -> Result<(String, String), ApiError> {
    let token = random_token()?;
    let hash = hash_token(&token);
    Ok((token, hash))
}

pub fn random_token() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::internal(format!("randomness: {e}")))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

pub fn hash_token(token: &str) -> String {
    hex::encode(sha2::Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::new(b"0123456789abcdef0123456789abcdef")
    }

    fn at(s: &str) -> jiff::Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn issued_token_verifies_until_it_expires() {
        let (user, tenant, session) = (UserId::generate(), TenantId::generate(), SessionFamilyId::generate());
        let token =
            keys().issue(&user, &tenant, &session, 3, at("2026-02-10T09:00:00Z"), Duration::from_secs(900)).unwrap();
        let claims = keys().verify(&token, at("2026-02-10T09:14:59Z")).unwrap();
        assert_eq!((claims.sub, claims.tid, claims.sid, claims.ver), (user, tenant, session, 3));
        assert!(keys().verify(&token, at("2026-02-10T09:15:00Z")).is_err(), "expired");
        assert!(keys().verify(&token, at("2026-02-10T08:50:00Z")).is_err(), "issued in the future");
        assert!(
            TokenKeys::new(b"another key another key another k").verify(&token, at("2026-02-10T09:01:00Z")).is_err()
        );
    }
}
