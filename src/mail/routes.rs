use axum::extract::State;

use super::model::{
    EmailStatus, OutboxClose, OutboxMail, SenderUpdate, SenderView, SmtpSettingsUpdate, SmtpSettingsView,
    SmtpTestRequest, SmtpTestResult, StoredSmtp,
};
use super::{crypto, smtp, store, templates};
use crate::access::perm;
use crate::auth::{Member, Principal};
use crate::clock::format_ts;
use crate::config::SmtpSecurity;
use crate::http::error::{FieldErrors, FieldProblem};
use crate::http::page::{Page, PageQuery};
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Envelope, Lang, Msg, OptionalJson};
use crate::ids::{MailId, TenantId};
use crate::state::AppState;

async fn stored(app: &AppState, tenant: &TenantId) -> ApiResult<Option<StoredSmtp>> {
    let tenant = tenant.clone();
    app.db.read(move |c| store::smtp_settings(c, &tenant)).await
}

fn smtp_view(app: &AppState, stored: Option<&StoredSmtp>) -> SmtpSettingsView {
    match stored.filter(|s| s.host.is_some()) {
        Some(s) => SmtpSettingsView {
            source: "tenant",
            host: s.host.clone(),
            port: s.port,
            security: s.security.clone(),
            username: s.username.clone(),
            password_set: s.password_sealed.is_some(),
        },
        None => {
            let c = &app.config.mail;
            SmtpSettingsView {
                source: if c.smtp_host.is_some() { "config" } else { "none" },
                host: c.smtp_host.clone(),
                port: c.smtp_host.as_ref().map(|_| c.smtp_port),
                security: c.smtp_host.as_ref().map(|_| c.smtp_security.as_str().to_string()),
                username: c.smtp_username.clone(),
                password_set: c.smtp_password.is_some(),
            }
        }
    }
}

/// The SMTP server in effect for this tenant (the password is never returned).
#[utoipa::path(get, path = "/api/v1/settings/email/smtp", tag = "email",
    responses((status = 200, body = Envelope<SmtpSettingsView>), (status = 403, description = "needs settings.manage")),
    security(("bearer" = [])))]
pub async fn get_smtp(
    State(app): State<AppState>,
    admin: Member<perm::SettingsManage>,
) -> ApiResult<ApiOk<SmtpSettingsView>> {
    let stored = stored(&app, admin.tenant()).await?;
    Ok(ApiOk(smtp_view(&app, stored.as_ref())))
}

/// Saves this tenant's own SMTP server (partial update; `host: null` returns to the operator's).
/// Only an owner may: whoever runs the server reads the mail sent through it. Every change is
/// audited and mailed to the owners.
#[utoipa::path(put, path = "/api/v1/settings/email/smtp", tag = "email", request_body = SmtpSettingsUpdate,
    responses((status = 200, body = Envelope<SmtpSettingsView>), (status = 400, description = "validation_failed"),
        (status = 403, description = "needs settings.manage and the owner role")),
    security(("bearer" = [])))]
pub async fn put_smtp(
    State(app): State<AppState>,
    admin: Member<perm::SettingsManage>,
    ApiJson(update): ApiJson<SmtpSettingsUpdate>,
) -> ApiResult<ApiOk<SmtpSettingsView>> {
    if admin.role != crate::access::Role::Owner {
        return Err(ApiError::Forbidden);
    }
    let mut next = stored(&app, admin.tenant()).await?.unwrap_or_default();
    let mut problems = FieldErrors::new();
    if let Some(host) = update.host {
        next.host = host.map(|h| h.trim().to_string()).filter(|h| !h.is_empty());
    }
    if let Some(security) = update.security {
        match security.as_deref().map(SmtpSecurity::parse) {
            Some(None) => {
                problems
                    .insert("security".into(), FieldProblem::with_detail(Msg::FieldInvalid, "none, starttls or tls"));
            }
            _ => next.security = security,
        }
    }
    if let Some(port) = update.port {
        if port == Some(0) {
            problems.insert("port".into(), FieldProblem::new(Msg::FieldInvalid));
        }
        next.port = port;
    }
    if let Some(username) = update.username {
        next.username = username.filter(|u| !u.is_empty());
    }
    if let Some(password) = update.password {
        next.password_sealed = match password.filter(|p| !p.is_empty()) {
            Some(p) => Some(crypto::seal(&app.secrets.storage_key, &p)?),
            None => None,
        };
    }
    if let Some(host) = &next.host {
        let valid_name = host.len() <= 253 && host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
        let security = next.security.as_deref().and_then(SmtpSecurity::parse).unwrap_or(SmtpSecurity::Starttls);
        let port = next.port.unwrap_or(smtp::default_port(security));
        if !valid_name {
            problems.insert("host".into(), FieldProblem::new(Msg::FieldInvalid));
        } else if let Err(refusal) = smtp::check_host(host, port, app.config.mail.allow_private_hosts).await {
            problems.insert("host".into(), refusal.problem());
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    let now = app.clock.now();
    next.updated_at = format_ts(now);
    let (tenant, user) = (admin.tenant().clone(), admin.user.clone());
    let saved = next.clone();
    app.db
        .write(move |tx| {
            store::save_smtp_settings(tx, &tenant, &saved)?;
            // Waiting mails get another try with the new server right away.
            store::retry_now(tx, &tenant, now)?;
            let host = saved.host.clone().unwrap_or_else(|| "the server's own (operator) settings".into());
            crate::audit::by_user(
                tx,
                &tenant,
                &user,
                "email.smtp_changed",
                serde_json::json!({ "host": host, "port": saved.port }),
                now,
            )?;
            let by = crate::users::store::view(tx, &tenant, &user)?;
            let tenant_name = crate::tenants::store::get(tx, &tenant)?.name;
            for owner in crate::users::store::active_owners(tx, &tenant)? {
                let template = templates::Template::SmtpChanged { by: &by.name, host: &host };
                super::queue(
                    tx,
                    Some(&tenant),
                    &tenant_name,
                    Lang::from_code(&owner.locale),
                    &owner.email,
                    &template,
                    now,
                )?;
            }
            Ok(())
        })
        .await?;
    app.mailer.wake();
    Ok(ApiOk(smtp_view(&app, Some(&next))))
}

/// Sends a real test mail with the settings in effect and reports the SMTP server's answer.
#[utoipa::path(post, path = "/api/v1/settings/email/smtp/test", tag = "email", request_body(content = SmtpTestRequest, description = "optional"),
    responses((status = 200, body = Envelope<SmtpTestResult>), (status = 403, description = "needs settings.manage")),
    security(("bearer" = [])))]
pub async fn test_smtp(
    State(app): State<AppState>,
    admin: Member<perm::SettingsManage>,
    lang: Lang,
    OptionalJson(body): OptionalJson<SmtpTestRequest>,
) -> ApiResult<ApiOk<SmtpTestResult>> {
    let (tenant, user) = (admin.tenant().clone(), admin.user.clone());
    let (me, tenant_view) = app
        .db
        .read(move |c| Ok((crate::users::store::view(c, &tenant, &user)?, crate::tenants::store::get(c, &tenant)?)))
        .await?;
    let to = match body.and_then(|b| b.to) {
        Some(to) => crate::users::model::Email::parse("to", &to)?.as_str().to_string(),
        None => me.email,
    };
    let stored = stored(&app, admin.tenant()).await?;
    let Some(target) = smtp::resolve(&app.config.mail, stored.as_ref(), &app.secrets.storage_key, false)? else {
        return Ok(ApiOk(SmtpTestResult { delivered: false, response: "no SMTP server is configured".into() }));
    };
    let rendered = templates::render(&templates::Template::SmtpTest, lang, &tenant_view.name);
    let html = templates::html(&rendered.text);
    let mail = smtp::Outgoing { to: &to, subject: &rendered.subject, text: &rendered.text, html: Some(&html) };
    let result = smtp::send(&target, &mail, app.config.mail.allow_private_hosts).await;
    Ok(ApiOk(match result {
        Ok(response) => SmtpTestResult { delivered: true, response },
        Err(response) => SmtpTestResult { delivered: false, response },
    }))
}

fn sender_view(app: &AppState, stored: Option<&StoredSmtp>) -> SenderView {
    SenderView {
        from_name: stored.and_then(|s| s.from_name.clone()),
        from_email: stored.and_then(|s| s.from_email.clone()),
        reply_to: stored.and_then(|s| s.reply_to.clone()),
        effective_from: smtp::sender(&app.config.mail, stored).to_string(),
    }
}

/// Sender defaults: from name and address, reply-to.
#[utoipa::path(get, path = "/api/v1/settings/email/sender", tag = "email",
    responses((status = 200, body = Envelope<SenderView>), (status = 401, description = "not signed in")),
    security(("bearer" = [])))]
pub async fn get_sender(State(app): State<AppState>, caller: Principal) -> ApiResult<ApiOk<SenderView>> {
    let stored = stored(&app, caller.tenant()).await?;
    Ok(ApiOk(sender_view(&app, stored.as_ref())))
}

/// Updates the sender defaults (partial).
#[utoipa::path(put, path = "/api/v1/settings/email/sender", tag = "email", request_body = SenderUpdate,
    responses((status = 200, body = Envelope<SenderView>), (status = 400, description = "validation_failed"),
        (status = 403, description = "needs settings.manage")),
    security(("bearer" = [])))]
pub async fn put_sender(
    State(app): State<AppState>,
    admin: Member<perm::SettingsManage>,
    ApiJson(update): ApiJson<SenderUpdate>,
) -> ApiResult<ApiOk<SenderView>> {
    let mut next = stored(&app, admin.tenant()).await?.unwrap_or_default();
    // `null` clears an address; an empty string is no address.
    let email = |field: &str, v: Option<String>| -> ApiResult<Option<String>> {
        v.map(|s| crate::users::model::Email::parse(field, &s).map(|e| e.as_str().to_string())).transpose()
    };
    if let Some(name) = update.from_name {
        if name.as_ref().is_some_and(|n| n.chars().count() > 100) {
            return Err(ApiError::validation("fromName", Msg::FieldTooLong));
        }
        let name = name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        let unfit = |n: &String| n.chars().count() > 100 || n.chars().any(|c| "<>\"".contains(c) || c.is_control());
        if name.as_ref().is_some_and(unfit) {
            return Err(ApiError::validation("fromName", Msg::FieldInvalid));
        }
        next.from_name = name;
    }
    if let Some(from) = update.from_email {
        next.from_email = email("fromEmail", from)?;
    }
    if let Some(reply_to) = update.reply_to {
        next.reply_to = email("replyTo", reply_to)?;
    }
    next.updated_at = format_ts(app.clock.now());
    let (tenant, saved) = (admin.tenant().clone(), next.clone());
    app.db.write(move |tx| store::save_smtp_settings(tx, &tenant, &saved)).await?;
    Ok(ApiOk(sender_view(&app, Some(&next))))
}

/// Whether e-mail is ready, and what waits in the outbox.
#[utoipa::path(get, path = "/api/v1/settings/email/status", tag = "email",
    responses((status = 200, body = Envelope<EmailStatus>), (status = 401, description = "not signed in")),
    security(("bearer" = [])))]
pub async fn status(State(app): State<AppState>, caller: Principal) -> ApiResult<ApiOk<EmailStatus>> {
    let stored = stored(&app, caller.tenant()).await?;
    let view = smtp_view(&app, stored.as_ref());
    let tenant = caller.tenant().clone();
    let (pending, last_error) = app.db.read(move |c| store::pending_for(c, &tenant)).await?;
    Ok(ApiOk(EmailStatus {
        configured: view.source != "none",
        source: view.source,
        effective_from: smtp::sender(&app.config.mail, stored.as_ref()).to_string(),
        pending,
        // Delivery errors can name hosts and accounts: only for those who manage the settings.
        last_error: last_error.filter(|_| caller.allows(<perm::SettingsManage as perm::Permission>::CODE)),
    }))
}

/// This tenant's mails, newest first: what was sent, what waits and why. The body of a mail
/// that carries a credential is shown only to its recipient, and the body of a mail whose link
/// was used or expired to nobody (`hidden` says which).
#[utoipa::path(get, path = "/api/v1/settings/email/outbox", tag = "email", params(PageQuery),
    responses((status = 200, body = Envelope<Page<OutboxMail>>), (status = 403, description = "needs settings.manage")),
    security(("bearer" = [])))]
pub async fn outbox(
    State(app): State<AppState>,
    admin: Member<perm::SettingsManage>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> ApiResult<ApiOk<Page<OutboxMail>>> {
    let (tenant, user, now) = (admin.tenant().clone(), admin.user.clone(), app.clock.now());
    let (items, total) = app
        .db
        .read(move |c| {
            let viewer = crate::users::model::email_key(&crate::users::store::view(c, &tenant, &user)?.email);
            store::list(c, &tenant, &viewer, now, &page)
        })
        .await?;
    Ok(ApiOk(Page::new(items, total, &page)))
}

/// Closes a waiting mail so it is never sent: `handled` (passed on another way) or
/// `discarded`. 409 when it is no longer waiting.
#[utoipa::path(post, path = "/api/v1/settings/email/outbox/{id}/close", tag = "email", params(("id" = String, Path)),
    request_body = OutboxClose,
    responses((status = 200, description = "`data: null`"), (status = 404, description = "no such mail"),
        (status = 409, description = "the mail is not waiting"), (status = 403, description = "needs settings.manage")),
    security(("bearer" = [])))]
pub async fn close_mail(
    State(app): State<AppState>,
    admin: Member<perm::SettingsManage>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<OutboxClose>,
) -> ApiResult<ApiOk<()>> {
    let id = MailId::parse(&id).ok_or(ApiError::NotFound)?;
    let (tenant, user, now) = (admin.tenant().clone(), admin.user.clone(), app.clock.now());
    let status = body.status.as_str();
    app.db
        .write(move |tx| {
            if !store::exists(tx, &tenant, &id)? {
                return Err(ApiError::NotFound);
            }
            if !store::close(tx, &tenant, &id, status, &user, now)? {
                return Err(ApiError::Conflict(Msg::MailNotWaiting));
            }
            crate::audit::by_user(
                tx,
                &tenant,
                &user,
                "mail.closed",
                serde_json::json!({ "mailId": id, "status": status }),
                now,
            )
        })
        .await?;
    Ok(ApiOk(()))
}
