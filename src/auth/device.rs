//! Device cookies (OWASP's answer to attacker-triggered lockouts): a browser that signed in to an
//! account gets a signed cookie naming that account. Its later sign-ins are throttled on the
//! cookie's own failure count instead of the account's, so wrong passwords sent from elsewhere
//! never keep the real person out.

use axum::http::HeaderValue;
use subtle::ConstantTimeEq;

pub use crate::http::client::DEVICE_COOKIE as COOKIE;
/// A year: the browser stays known as long as it is used now and then.
const MAX_AGE_SECS: u64 = 365 * 24 * 3600;

fn signature(key: &[u8], email_key: &str, nonce: &str) -> String {
    crate::secrets::sign(key, &format!("device:{email_key}:{nonce}"))
}

/// A new cookie value for the account `email_key`: `nonce.signature`.
pub fn issue(key: &[u8], email_key: &str) -> Result<String, crate::http::ApiError> {
    let nonce = super::tokens::random_token()?;
    let sig = signature(key, email_key, &nonce);
    Ok(format!("{nonce}.{sig}"))
}

/// The throttle key of a presented cookie when it was issued for this account.
pub fn throttle_key(key: &[u8], email_key: &str, cookie: &str) -> Option<String> {
    let (nonce, sig) = cookie.split_once('.')?;
    let expected = signature(key, email_key, nonce);
    bool::from(expected.as_bytes().ct_eq(sig.as_bytes())).then(|| format!("device:{nonce}"))
}

pub fn set_cookie(value: &str, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={value}; Path=/api; Max-Age={MAX_AGE_SECS}; HttpOnly; SameSite=Strict{secure}"
    ))
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_speaks_for_its_own_account_only() {
        let key = b"0123456789abcdef0123456789abcdef";
        let cookie = issue(key, "anna@salon.example").unwrap();
        assert!(throttle_key(key, "anna@salon.example", &cookie).is_some());
        assert!(throttle_key(key, "other@salon.example", &cookie).is_none());
        assert!(throttle_key(b"another key another key another k", "anna@salon.example", &cookie).is_none());
        let forged = format!("{}.{}", cookie.split('.').next().unwrap(), "00".repeat(32));
        assert!(throttle_key(key, "anna@salon.example", &forged).is_none());
    }
}
