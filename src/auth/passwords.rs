//! Forgot / reset / change password and e-mail verification (seeds 001 and 002).

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::answer::SessionAnswer;
use super::onetime::{self, Purpose};
use super::password::Password;
use super::principal::Principal;
use super::session;
use crate::audit;
use crate::http::client::Client;
use crate::http::ratelimit::Scope;
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiResult, Envelope, Lang, Msg};
use crate::mail::{self, Template};
use crate::state::AppState;
use crate::users::model::{UserStatus, email_key};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForgotRequest {
    pub email: String,
    pub tenant_slug: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResetRequest {
    /// From the reset mail's link.
    #[schema(min_length = 1)]
    pub token: String,
    #[schema(min_length = 8, max_length = 1024)]
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangeRequest {
    #[schema(max_length = 1024)]
    pub current_password: String,
    #[schema(min_length = 8, max_length = 1024)]
    pub new_password: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Verified {
    pub verified: bool,
}

/// Reset mails per address: one a minute, five an hour.
const THROTTLE_SECS: i64 = 60;
const PER_HOUR: i64 = 5;

/// Sends a reset link when the address belongs to an active account. Always 200, so it reveals
/// nothing.
#[utoipa::path(post, path = "/api/v1/auth/password/forgot", tag = "auth", request_body = ForgotRequest,
    responses((status = 200, description = "`data: null`, whether or not the address exists"), (status = 429, description = "rate limited")))]
pub async fn forgot(
    State(app): State<AppState>,
    client: Client,
    lang: Lang,
    ApiJson(body): ApiJson<ForgotRequest>,
) -> ApiResult<ApiOk<()>> {
    send_reset_link(&app, &client, lang, &body.email, body.tenant_slug).await?;
    Ok(ApiOk(()))
}

/// Queues reset links for the address's active accounts, throttled; reveals nothing.
pub async fn send_reset_link(
    app: &AppState,
    client: &Client,
    lang: Lang,
    email: &str,
    slug: Option<String>,
) -> ApiResult<()> {
    app.limiter.hit(Scope::ForgotPerIp, client.ip, &client.ip.to_string())?;
    let key = email_key(email);
    let slug = slug.filter(|s| !s.trim().is_empty());
    let link_base = mail::link_base(app).await?;
    let now = app.clock.now();
    let queued = app
        .db
        .write(move |tx| {
            let hour_ago = now.checked_sub(jiff::SignedDuration::from_hours(1)).unwrap_or(now);
            let (recent, last) = onetime::issued_since(tx, &key, Purpose::PasswordReset, hour_ago)?;
            let too_soon = last
                .and_then(|l| l.parse::<jiff::Timestamp>().ok())
                .is_some_and(|l| now.duration_since(l).as_secs() < THROTTLE_SECS);
            if too_soon || recent >= PER_HOUR {
                return Ok(false);
            }
            let mut queued = false;
            for account in crate::users::store::login_candidates(tx, &key, slug.as_deref())? {
                if account.status != UserStatus::Active {
                    continue;
                }
                let user = crate::users::store::view(tx, &account.tenant, &account.user)?;
                let (token, token_id) =
                    onetime::issue(tx, &account.tenant, &account.user, &key, Purpose::PasswordReset, now)?;
                let tenant_name = crate::tenants::store::get(tx, &account.tenant)?.name;
                let link = format!("{link_base}/reset-password?token={token}");
                let user_lang = if user.locale.starts_with("nl") { Lang::Nl } else { lang };
                mail::queue(
                    tx,
                    Some(&account.tenant),
                    &tenant_name,
                    user_lang,
                    &user.email,
                    &Template::PasswordReset { link: &link, token_id: &token_id },
                    now,
                )?;
                queued = true;
            }
            Ok(queued)
        })
        .await?;
    if queued {
        app.mailer.wake();
    }
    Ok(())
}

/// Sets a new password with the reset mail's token; every session of the account ends and a
/// confirmation mail goes out.
#[utoipa::path(post, path = "/api/v1/auth/password/reset", tag = "auth", request_body = ResetRequest,
    responses((status = 200, description = "`data: null`"), (status = 410, description = "used or expired link"),
        (status = 400, description = "validation_failed")))]
pub async fn reset(
    State(app): State<AppState>,
    lang: Lang,
    ApiJson(body): ApiJson<ResetRequest>,
) -> ApiResult<ApiOk<()>> {
    reset_with_token(&app, lang, body.token, body.password, None).await?;
    Ok(ApiOk(()))
}

/// Spends a reset token and sets the password; with `email`, the token must belong to that
/// address (seed 002 sends both).
pub async fn reset_with_token(
    app: &AppState,
    lang: Lang,
    token: String,
    password: String,
    email: Option<String>,
) -> ApiResult<()> {
    let hash = app.hasher.hash(Password::parse("password", password)?).await?;
    let now = app.clock.now();
    let user = app
        .db
        .write(move |tx| {
            let (tenant, user) = onetime::redeem(tx, &token, Purpose::PasswordReset, now)?;
            let view = crate::users::store::view(tx, &tenant, &user)?;
            if view.status != UserStatus::Active || email.is_some_and(|e| email_key(&e) != email_key(&view.email)) {
                return Err(ApiError::Gone);
            }
            crate::users::store::set_password(tx, &user, &hash, false, now)?;
            confirm_change(tx, &tenant, &view, lang, now)?;
            Ok(user)
        })
        .await?;
    app.versions.forget(&user);
    app.mailer.wake();
    Ok(())
}

pub fn confirm_change(
    tx: &crate::db::Tx<'_>,
    tenant: &crate::ids::TenantId,
    user: &crate::users::model::UserView,
    lang: Lang,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    let tenant_name = crate::tenants::store::get(tx, tenant)?.name;
    let user_lang = if user.locale.starts_with("nl") { Lang::Nl } else { lang };
    mail::queue(tx, Some(tenant), &tenant_name, user_lang, &user.email, &Template::PasswordChanged, now)?;
    audit::by_user(tx, tenant, &user.id, "auth.password_changed", serde_json::json!({}), now)
}

/// Changes the signed-in user's password. Every session ends; this one continues with the
/// fresh tokens in the answer.
#[utoipa::path(post, path = "/api/v1/auth/password/change", tag = "auth", request_body = ChangeRequest,
    responses((status = 200, body = Envelope<super::model::TokenAnswer>), (status = 401, description = "wrong current password"),
        (status = 400, description = "validation_failed")),
    security(("bearer" = [])))]
pub async fn change(
    State(app): State<AppState>,
    principal: Principal,
    client: Client,
    lang: Lang,
    headers: axum::http::HeaderMap,
    ApiJson(body): ApiJson<ChangeRequest>,
) -> ApiResult<SessionAnswer> {
    let new_password = Password::parse("newPassword", body.new_password)?;
    let user = principal.user.clone();
    let stored: Option<String> = app
        .db
        .read(move |c| {
            Ok(c.prepare_cached("SELECT password_hash FROM users WHERE id = ?1")?.query_row([&user], |r| r.get(0))?)
        })
        .await?;
    if !app.hasher.verify(body.current_password, stored).await? {
        return Err(ApiError::Unauthorized);
    }
    let hash = app.hasher.hash(new_password).await?;
    let now = app.clock.now();
    let mobile = super::cookies::is_mobile(&headers, false);
    let ttl = app.config.auth.refresh_token_ttl.0;
    let p = principal.clone();
    let started = app
        .db
        .write(move |tx| {
            crate::users::store::set_password(tx, &p.user, &hash, false, now)?;
            let view = crate::users::store::view(tx, &p.tenant, &p.user)?;
            confirm_change(tx, &p.tenant, &view, lang, now)?;
            session::start(tx, &p.user, &p.tenant, mobile, now, ttl)
        })
        .await?;
    app.versions.forget(&principal.user);
    app.mailer.wake();
    SessionAnswer::build(&app, started, &client, StatusCode::OK)
}

/// Sends the signed-in user a link that confirms their e-mail address.
#[utoipa::path(post, path = "/api/v1/auth/me/verify-email", tag = "auth",
    responses((status = 200, description = "`data: null`; the mail is queued"), (status = 409, description = "already verified")),
    security(("bearer" = [])))]
pub async fn send_verification(State(app): State<AppState>, principal: Principal, lang: Lang) -> ApiResult<ApiOk<()>> {
    let link_base = mail::link_base(&app).await?;
    let now = app.clock.now();
    app.db
        .write(move |tx| {
            let row = crate::users::store::row(tx, &principal.tenant, &principal.user)?;
            if row.email_verified {
                return Err(ApiError::Conflict(Msg::AlreadyVerified));
            }
            let key = email_key(&row.view.email);
            let (token, token_id) =
                onetime::issue(tx, &principal.tenant, &principal.user, &key, Purpose::VerifyEmail, now)?;
            let tenant_name = crate::tenants::store::get(tx, &principal.tenant)?.name;
            let link = format!("{link_base}/verify-email?token={token}");
            mail::queue(
                tx,
                Some(&principal.tenant),
                &tenant_name,
                lang,
                &row.view.email,
                &Template::VerifyEmail { link: &link, token_id: &token_id },
                now,
            )?;
            Ok(())
        })
        .await?;
    app.mailer.wake();
    Ok(ApiOk(()))
}

/// Confirms an e-mail address with the token from the verification mail. Public.
#[utoipa::path(get, path = "/api/v1/auth/verify-email/{token}", tag = "auth", params(("token" = String, Path)),
    responses((status = 200, body = Envelope<Verified>), (status = 410, description = "used or expired link")))]
pub async fn verify_email(State(app): State<AppState>, ApiPath(token): ApiPath<String>) -> ApiResult<ApiOk<Verified>> {
    let now = app.clock.now();
    app.db
        .write(move |tx| {
            let (_, user) = onetime::redeem(tx, &token, Purpose::VerifyEmail, now)?;
            tx.prepare_cached("UPDATE users SET email_verified_at = ?2, updated_at = ?2 WHERE id = ?1")?
                .execute((&user, crate::clock::format_ts(now)))?;
            Ok(())
        })
        .await?;
    Ok(ApiOk(Verified { verified: true }))
}
