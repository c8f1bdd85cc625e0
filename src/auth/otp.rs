//! Sign-in with a one-time code (seed 000): by e-mail, or by text message through the
//! operator's SMS webhook. 6 digits, 10 minutes, 5 attempts, single use. Starting never
//! reveals whether an account exists.

use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use subtle::ConstantTimeEq;
use utoipa::ToSchema;

use super::answer::SessionAnswer;
use super::session;
use crate::audit;
use crate::clock::format_ts;
use crate::http::client::Client;
use crate::http::ratelimit::Scope;
use crate::http::{ApiError, ApiJson, ApiOk, ApiResult, Envelope, Lang, Msg};
use crate::ids::{TenantId, UserId};
use crate::mail::{self, Template};
use crate::state::AppState;
use crate::users::model::{UserStatus, email_key};

const LIFETIME: Duration = Duration::from_secs(600);
const MAX_ATTEMPTS: i64 = 5;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OtpStart {
    /// `email`, or `phone` when the server has an SMS provider (`GET /api/v1/auth/config`).
    #[schema(value_type = OtpChannel)]
    pub channel: String,
    /// The e-mail address or phone number: not blank (what the server trims — Unicode white
    /// space, U+0085 too — leaves something).
    #[schema(min_length = 1, max_length = 254, pattern = "[^\\s\\u0085]|\\ufeff")]
    pub destination: String,
    pub tenant_slug: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OtpVerify {
    #[schema(value_type = OtpChannel)]
    pub channel: String,
    #[schema(min_length = 1, max_length = 254, pattern = "[^\\s\\u0085]|\\ufeff")]
    pub destination: String,
    /// The 6-digit code.
    #[schema(pattern = "^[0-9]{6}$")]
    pub otp: String,
    pub tenant_slug: Option<String>,
    #[serde(default)]
    pub mobile: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OtpStarted {
    pub channel: String,
    /// Seconds the code stays valid, if one was sent.
    pub expires_in: u64,
}

/// How a one-time code travels. The document a server serves lists `phone` only when it has
/// an SMS provider.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum OtpChannel {
    Email,
    Phone,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Channel {
    Email,
    Phone,
}

/// An address or number at all: not blank, at most 254 characters.
fn check_destination(text: &str) -> ApiResult<()> {
    if text.trim().is_empty() {
        Err(ApiError::validation("destination", crate::http::Msg::FieldRequired))
    } else if text.chars().count() > 254 {
        Err(ApiError::validation("destination", crate::http::Msg::FieldTooLong))
    } else {
        Ok(())
    }
}

fn channel(app: &AppState, text: &str) -> ApiResult<Channel> {
    match text {
        "email" => Ok(Channel::Email),
        "phone" if app.config.sms.webhook_url.is_some() => Ok(Channel::Phone),
        "phone" => Err(ApiError::validation("channel", Msg::SmsNotConfigured)),
        _ => Err(ApiError::validation("channel", Msg::FieldInvalid)),
    }
}

fn destination_key(channel: Channel, destination: &str) -> String {
    match channel {
        Channel::Email => email_key(destination),
        Channel::Phone => crate::users::me::phone_key(destination),
    }
}

fn code_hash(id: &str, code: &str) -> String {
    hex::encode(sha2::Sha256::digest(format!("{id}:{code}").as_bytes()))
}

fn find_accounts(
    c: &rusqlite::Connection,
    channel: Channel,
    key: &str,
    slug: Option<&str>,
) -> ApiResult<Vec<(TenantId, UserId, String)>> {
    let column = if channel == Channel::Email { "u.email_key" } else { "u.phone_key" };
    let mut stmt = c.prepare_cached(&format!(
        "SELECT u.tenant_id, u.id, u.email FROM users u JOIN tenants t ON t.id = u.tenant_id
         WHERE {column} = ?1 AND u.status = 'active' AND (?2 IS NULL OR t.slug = ?2)"
    ))?;
    Ok(stmt.query_map((key, slug), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?)
}

/// Sends a sign-in code when the destination belongs to one active account.
#[utoipa::path(post, path = "/api/v1/auth/otp/start", tag = "auth", request_body = OtpStart,
    responses((status = 200, body = Envelope<OtpStarted>), (status = 400, description = "unknown channel, or SMS not configured"),
        (status = 429, description = "rate limited")))]
pub async fn start(
    State(app): State<AppState>,
    client: Client,
    lang: Lang,
    ApiJson(body): ApiJson<OtpStart>,
) -> ApiResult<ApiOk<OtpStarted>> {
    let channel = channel(&app, &body.channel)?;
    check_destination(&body.destination)?;
    app.limiter.hit(Scope::LoginPerIp, client.ip, &client.ip.to_string())?;
    let key = destination_key(channel, &body.destination);
    app.limiter.hit(Scope::LoginFailuresPerAccount, client.ip, &format!("otp:{key}"))?;
    let slug = body.tenant_slug.filter(|s| !s.trim().is_empty());
    let now = app.clock.now();
    let sent = app
        .db
        .write(move |tx| {
            let accounts = find_accounts(tx, channel, &key, slug.as_deref())?;
            let [(tenant, user, email)] = accounts.as_slice() else {
                return Ok(None);
            };
            let mut digits = [0u8; 4];
            getrandom::fill(&mut digits).map_err(|e| ApiError::internal(format!("randomness: {e}")))?;
            let code = format!("{:06}", u32::from_le_bytes(digits) % 1_000_000);
            let id = uuid::Uuid::now_v7().to_string();
            let expires = now.checked_add(jiff::SignedDuration::try_from(LIFETIME).unwrap_or_default()).unwrap_or(now);
            tx.prepare_cached(
                "INSERT INTO otp_codes (id, tenant_id, user_id, channel, destination_key, code_hash, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute((&id, tenant, user, if channel == Channel::Email { "email" } else { "phone" }, &key, code_hash(&id, &code), format_ts(now), format_ts(expires)))?;
            let tenant_name = crate::tenants::store::get(tx, tenant)?.name;
            if channel == Channel::Email {
                let template = Template::Otp { code: &code, token_id: &id };
                mail::queue(tx, Some(tenant), &tenant_name, lang, email, &template, now)?;
            }
            Ok(Some((code, tenant_name)))
        })
        .await?;
    if let Some((code, tenant_name)) = sent {
        match channel {
            Channel::Email => app.mailer.wake(),
            Channel::Phone => {
                send_sms(&app, &body.destination, &mail::templates::otp_sms(&code, lang, &tenant_name)).await?
            }
        }
    }
    Ok(ApiOk(OtpStarted { channel: body.channel, expires_in: LIFETIME.as_secs() }))
}

/// Hands a text message to the operator's SMS webhook.
async fn send_sms(app: &AppState, to: &str, message: &str) -> ApiResult<()> {
    let Some(url) = &app.config.sms.webhook_url else { return Ok(()) };
    let mut request = reqwest::Client::new()
        .post(url)
        .timeout(Duration::from_secs(10))
        .json(&serde_json::json!({ "to": crate::users::me::phone_key(to), "message": message }));
    if let Some((name, value)) = app.config.sms.webhook_auth_header.as_deref().and_then(|h| h.split_once(':')) {
        request = request.header(name.trim(), value.trim());
    }
    match request.send().await {
        Ok(response) if response.status().is_success() => Ok(()),
        Ok(response) => Err(ApiError::unavailable(format!("SMS webhook answered {}", response.status()))),
        Err(e) => Err(ApiError::unavailable(format!("SMS webhook unreachable: {e}"))),
    }
}

enum Checked {
    Ok(TenantId, UserId),
    Wrong,
}

/// Signs in with a code from `otp/start`.
#[utoipa::path(post, path = "/api/v1/auth/otp/verify", tag = "auth", request_body = OtpVerify,
    responses((status = 200, body = Envelope<super::model::TokenAnswer>), (status = 401, description = "wrong, used or expired code"),
        (status = 429, description = "rate limited")))]
pub async fn verify(
    State(app): State<AppState>,
    client: Client,
    headers: HeaderMap,
    ApiJson(body): ApiJson<OtpVerify>,
) -> ApiResult<SessionAnswer> {
    let channel = channel(&app, &body.channel)?;
    check_destination(&body.destination)?;
    app.limiter.hit(Scope::LoginPerIp, client.ip, &client.ip.to_string())?;
    let key = destination_key(channel, &body.destination);
    let slug = body.tenant_slug.filter(|s| !s.trim().is_empty());
    let now = app.clock.now();
    let code = body.otp;
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::validation("otp", crate::http::Msg::FieldInvalid));
    }
    let checked = app
        .db
        .write(move |tx| {
            let found: Option<(String, TenantId, UserId, String, i64)> = tx
                .prepare_cached(
                    "SELECT o.id, o.tenant_id, o.user_id, o.code_hash, o.attempts FROM otp_codes o JOIN tenants t ON t.id = o.tenant_id
                     WHERE o.destination_key = ?1 AND o.used_at IS NULL AND o.expires_at > ?2 AND (?3 IS NULL OR t.slug = ?3)
                     ORDER BY o.created_at DESC, o.id DESC LIMIT 1",
                )?
                .query_row((&key, format_ts(now), &slug), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
                .ok();
            let Some((id, tenant, user, hash, attempts)) = found else { return Ok(Checked::Wrong) };
            if attempts >= MAX_ATTEMPTS {
                return Ok(Checked::Wrong);
            }
            if !bool::from(code_hash(&id, &code).as_bytes().ct_eq(hash.as_bytes())) {
                // Counted even though the request fails: the job succeeds and says "wrong".
                tx.prepare_cached("UPDATE otp_codes SET attempts = attempts + 1 WHERE id = ?1")?.execute([&id])?;
                return Ok(Checked::Wrong);
            }
            tx.prepare_cached("UPDATE otp_codes SET used_at = ?2 WHERE id = ?1")?.execute((&id, format_ts(now)))?;
            Ok(Checked::Ok(tenant, user))
        })
        .await?;
    let Checked::Ok(tenant, user) = checked else {
        return Err(ApiError::Unauthorized);
    };
    let mobile = super::cookies::is_mobile(&headers, body.mobile);
    let ttl = app.config.auth.refresh_token_ttl.0;
    let ip = client.ip.to_string();
    let started = app
        .db
        .write(move |tx| {
            if crate::users::store::view(tx, &tenant, &user)?.status != UserStatus::Active {
                return Err(ApiError::Unauthorized);
            }
            audit::record(
                tx,
                audit::Entry {
                    tenant: Some(&tenant),
                    user: Some(&user),
                    action: "auth.login",
                    ip: Some(ip),
                    detail: serde_json::json!({ "method": "otp" }),
                    at: now,
                },
            )?;
            session::start(tx, &user, &tenant, mobile, now, ttl)
        })
        .await?;
    SessionAnswer::build(&app, started, &client, StatusCode::OK)
}
