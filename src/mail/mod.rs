//! E-mail (Identity issue): a durable outbox, a background sender with retries, SMTP settings
//! from the operator's config or each tenant's e-mail settings, and the mail templates.

pub mod crypto;
mod extras;
pub mod model;
mod routes;
pub mod sender;
pub mod smtp;
pub mod store;
pub mod templates;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::db::Tx;
use crate::http::{ApiResult, Lang};
use crate::ids::{MailId, TenantId};
use crate::state::AppState;

pub use sender::Mailer;
pub use templates::Template;

/// Renders and queues a mail inside a write job. Call `app.mailer.wake()` after the job
/// commits.
pub fn queue(
    tx: &Tx<'_>,
    tenant: Option<&TenantId>,
    tenant_name: &str,
    lang: Lang,
    to: &str,
    template: &Template<'_>,
    now: jiff::Timestamp,
) -> ApiResult<MailId> {
    let rendered = templates::render(template, lang, tenant_name);
    let mut text = rendered.text;
    if let Some(tenant) = tenant {
        let footer: extras::Footer = extras::stored(tx, tenant, "email.footer")?;
        let compliance: extras::Compliance = extras::stored(tx, tenant, "email.compliance")?;
        let lines: Vec<String> =
            [footer.text, compliance.legal_name, compliance.postal_address, compliance.privacy_url]
                .into_iter()
                .flatten()
                .collect();
        if !lines.is_empty() {
            text = format!("{text}\n{}", lines.join("\n"));
        }
    }
    let secret = template.is_secret();
    // An owner's credential never travels through a server a tenant admin could have pointed
    // at their own machine (DESIGN §6); nor does the notice that the server changed.
    let operator_smtp = matches!(template, Template::SmtpChanged { .. })
        || (secret && tenant.map(|t| store::recipient_is_owner(tx, t, to)).transpose()?.unwrap_or(true));
    let html = templates::html(&text);
    store::enqueue(
        tx,
        &store::NewMail {
            tenant,
            kind: template.kind(),
            to,
            subject: &rendered.subject,
            text: &text,
            html: &html,
            // The viewer hides what is private; only credentials change the route above.
            secret: template.is_private(),
            token_id: template.token_id(),
            password_of: template.password_of(),
            operator_smtp,
        },
        now,
    )
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::get_smtp, routes::put_smtp))
        .routes(routes!(routes::test_smtp))
        .routes(routes!(routes::get_sender, routes::put_sender))
        .routes(routes!(routes::status))
        .routes(routes!(routes::outbox))
        .routes(routes!(routes::close_mail))
        .routes(routes!(extras::get_tracking, extras::put_tracking))
        .routes(routes!(extras::get_compliance, extras::put_compliance))
        .routes(routes!(extras::get_footer, extras::put_footer))
        .routes(routes!(extras::get_deliverability, extras::put_deliverability))
}

/// The origin links in e-mails point at: `server.public_url`, else the origin the owner used
/// during setup — never the request's Host header (DESIGN §6).
pub async fn link_base(app: &AppState) -> ApiResult<String> {
    if let Some(url) = &app.config.server.public_url {
        return Ok(url.trim_end_matches('/').to_string());
    }
    let origin = app.db.read(crate::setup::store::setup_origin).await?;
    Ok(origin.unwrap_or_else(|| {
        format!("http://localhost:{}", app.config.server.listen.rsplit(':').next().unwrap_or("8080"))
    }))
}
