//! Who is calling: the client IP (from the socket, or `X-Forwarded-For` only when the peer is
//! a trusted proxy), whether the request arrived over HTTPS, and our own origin.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;

use crate::state::AppState;

/// The device cookie's name (see `auth::device`): read here with the rest of who is calling.
pub const DEVICE_COOKIE: &str = "staffroom_device";

/// The value of cookie `name`, when the request carries a non-empty one.
pub fn cookie<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

#[derive(Debug, Clone)]
pub struct Client {
    pub ip: IpAddr,
    pub https: bool,
    /// `scheme://host[:port]` the browser should be on: `public_url`'s origin, else the Host.
    pub origin: Option<String>,
    /// The device cookie, when the browser has one (checked against an account at sign-in).
    pub device: Option<String>,
}

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let peer =
            parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()).unwrap_or(IpAddr::from([127, 0, 0, 1]));
        let trusted = |ip: &IpAddr| app.trusted_proxies.iter().any(|net| net.contains(ip));
        let header_text = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());

        let mut ip = peer;
        if trusted(&peer)
            && let Some(chain) = header_text("x-forwarded-for")
        {
            // Walk from the nearest hop back; the first address not a trusted proxy is the client.
            for hop in chain.rsplit(',').map(str::trim) {
                match hop.parse::<IpAddr>() {
                    Ok(addr) if trusted(&addr) => ip = addr,
                    Ok(addr) => {
                        ip = addr;
                        break;
                    }
                    Err(_) => break,
                }
            }
        }
        let public = app.config.server.public_url.as_deref();
        let forwarded_https =
            trusted(&peer) && header_text("x-forwarded-proto").is_some_and(|p| p.eq_ignore_ascii_case("https"));
        let https = public.is_some_and(|u| u.starts_with("https://")) || forwarded_https;
        let origin = match public {
            Some(url) => Some(origin_of(url)),
            None => parts
                .headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .map(|host| format!("{}://{host}", if https { "https" } else { "http" })),
        };
        let device = cookie(&parts.headers, DEVICE_COOKIE).map(String::from);
        Ok(Client { ip, https, origin, device })
    }
}

/// `https://staff.example.com/path` → `https://staff.example.com`.
pub fn origin_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    let host = rest.split('/').next().unwrap_or(rest);
    format!("{scheme}://{host}")
}
