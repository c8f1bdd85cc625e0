//! Completing the first-run setup: tenant, organization, location with opening hours and the
//! owner account, in one write job. Exactly one setup can win.

use crate::audit;
use crate::auth::session::{self, Started};
use crate::db::Tx;
use crate::http::{ApiError, ApiResult};
use crate::tenants::service::{NewTenant, Slug};

use super::model::ValidSetup;

pub struct SetupContext {
    pub password_hash: String,
    pub locale: &'static str,
    pub origin: Option<String>,
    pub mobile: bool,
    pub ip: String,
    pub now: jiff::Timestamp,
    pub refresh_ttl: std::time::Duration,
}

pub fn complete(tx: &Tx<'_>, setup: &ValidSetup, ctx: &SetupContext) -> ApiResult<Started> {
    if !super::store::mark_setup_completed(tx, ctx.origin.as_deref(), ctx.now)? {
        return Err(ApiError::SetupDone);
    }
    let created = crate::tenants::service::create(
        tx,
        &NewTenant {
            name: &setup.salon_name,
            slug: Slug::FromName,
            email: setup.salon_email.as_deref(),
            phone: setup.salon_phone.as_deref(),
            address: setup.salon_address.as_deref(),
            timezone: &setup.timezone,
            opening_hours: &setup.opening_hours,
            owner_email: &setup.email,
            owner_first_name: &setup.first_name,
            owner_last_name: &setup.last_name,
            owner_password_hash: &ctx.password_hash,
            owner_locale: ctx.locale,
            owner_super_admin: true,
        },
        ctx.now,
    )?;
    let (tenant, owner, slug) = (created.tenant, created.owner, created.slug);
    audit::record(
        tx,
        audit::Entry {
            tenant: Some(&tenant),
            user: Some(&owner),
            action: "setup.completed",
            ip: Some(ctx.ip.clone()),
            detail: serde_json::json!({ "tenantSlug": slug }),
            at: ctx.now,
        },
    )?;
    session::start(tx, &owner, &tenant, ctx.mobile, ctx.now, ctx.refresh_ttl)
}

/// The setup code check, rate limited per IP (10 wrong codes a minute): the wizard's first step
/// and the setup itself.
pub fn check_code(
    app: &crate::state::AppState,
    client: &crate::http::client::Client,
    code: Option<&str>,
) -> ApiResult<()> {
    use crate::http::ratelimit::Scope;
    if app.setup.is_completed() {
        return Err(ApiError::SetupDone);
    }
    let ip = client.ip.to_string();
    app.limiter.check(Scope::SetupCodeFailuresPerIp, client.ip, &ip)?;
    if !app.setup.accepts(code) {
        app.limiter.hit(Scope::SetupCodeFailuresPerIp, client.ip, &ip)?;
        tracing::warn!(%ip, "setup attempted with a wrong setup code");
        return Err(ApiError::SetupCodeInvalid);
    }
    Ok(())
}

/// The whole setup: the code check (rate limited), validation, hashing, then the one write
/// job. Shared by `/api/v1/auth/setup` and seed 002's `/api/auth/setup`.
pub async fn run(
    app: &crate::state::AppState,
    client: &crate::http::client::Client,
    lang: crate::http::Lang,
    body: super::model::SetupRequest,
    mobile: bool,
) -> ApiResult<Started> {
    check_code(app, client, body.setup_code.as_deref())?;
    let ip = client.ip.to_string();
    let (valid, password) = ValidSetup::parse(body)?;
    let password_hash = app.hasher.hash(password).await?;
    let ctx = SetupContext {
        password_hash,
        locale: lang.code(),
        origin: client.origin.clone(),
        mobile,
        ip,
        now: app.clock.now(),
        refresh_ttl: app.config.auth.refresh_token_ttl.0,
    };
    let started = app.db.write(move |tx| complete(tx, &valid, &ctx)).await?;
    app.setup.complete();
    tracing::info!("setup completed: the owner account and the first tenant exist");
    Ok(started)
}
