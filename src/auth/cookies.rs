//! The web session's cookies (seed 000 names, DESIGN §5): `workforce_refresh` (HttpOnly,
//! Path=/api/v1/auth) and `workforce_refresh_csrf` (readable by scripts, Path=/).

use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue};

pub const REFRESH: &str = "workforce_refresh";
pub const CSRF: &str = "workforce_refresh_csrf";
pub const CSRF_HEADER: &str = "x-refresh-csrf";

/// The CSRF value of a web session: an HMAC of its refresh token (signed double-submit). A
/// script on the page reads it from the cookie and sends it as `X-Refresh-CSRF`; a cookie pair
/// planted by someone else (a sibling subdomain, a network attacker on plain HTTP) does not
/// match the victim's refresh token, which is HttpOnly and unknown to them.
pub fn csrf_value(key: &[u8], refresh_token: &str) -> String {
    crate::secrets::sign(key, &format!("refresh-csrf:{refresh_token}"))
}

/// `Set-Cookie` values that start or continue a web session.
pub fn set(refresh: &str, csrf: &str, secure: bool, max_age: Duration) -> Vec<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    let age = max_age.as_secs();
    [
        format!("{REFRESH}={refresh}; Path=/api/v1/auth; Max-Age={age}; HttpOnly; SameSite=Strict{secure}"),
        format!("{CSRF}={csrf}; Path=/; Max-Age={age}; SameSite=Strict{secure}"),
    ]
    .into_iter()
    .filter_map(|c| HeaderValue::from_str(&c).ok())
    .collect()
}

/// `Set-Cookie` values that end the web session.
pub fn clear(secure: bool) -> Vec<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    [
        format!("{REFRESH}=; Path=/api/v1/auth; Max-Age=0; HttpOnly; SameSite=Strict{secure}"),
        format!("{CSRF}=; Path=/; Max-Age=0; SameSite=Strict{secure}"),
    ]
    .into_iter()
    .filter_map(|c| HeaderValue::from_str(&c).ok())
    .collect()
}

pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    crate::http::client::cookie(headers, name)
}

/// A mobile client (DESIGN §5): `X-Client-Type: mobile`, `"mobile": true`, or a refresh token
/// in the body.
pub fn is_mobile(headers: &HeaderMap, body_says_mobile: bool) -> bool {
    body_says_mobile
        || headers.get("x-client-type").and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("mobile"))
}
