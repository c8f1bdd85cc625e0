use rusqlite::{Connection, OptionalExtension};

use super::model::{OutboxMail, StoredSmtp};
use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::ApiResult;
use crate::http::page::PageQuery;
use crate::ids::{MailId, TenantId, UserId};

pub struct NewMail<'a> {
    pub tenant: Option<&'a TenantId>,
    pub kind: &'a str,
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: &'a str,
    pub secret: bool,
    pub token_id: Option<&'a str>,
    pub password_of: Option<&'a UserId>,
    pub operator_smtp: bool,
}

pub fn enqueue(tx: &Tx<'_>, mail: &NewMail<'_>, at: jiff::Timestamp) -> ApiResult<MailId> {
    let id = MailId::generate();
    let at = format_ts(at);
    tx.prepare_cached(
        "INSERT INTO mail_outbox (id, tenant_id, kind, to_address, subject, body_text, body_html, status, next_attempt_at,
                                  created_at, secret, token_id, password_of, operator_smtp)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', ?8, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(rusqlite::params![
        &id,
        mail.tenant,
        mail.kind,
        mail.to,
        mail.subject,
        mail.text,
        mail.html,
        &at,
        mail.secret,
        mail.token_id,
        mail.password_of,
        mail.operator_smtp
    ])?;
    Ok(id)
}

/// Whether `to` is an owner (or the instance owner) of the tenant.
pub fn recipient_is_owner(c: &Connection, tenant: &TenantId, to: &str) -> ApiResult<bool> {
    Ok(c.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM users WHERE tenant_id = ?1 AND email_key = ?2 AND (role = 'owner' OR super_admin = 1))",
    )?
    .query_row((tenant, crate::users::model::email_key(to)), |r| r.get(0))?)
}

/// SQL: whether the outbox row `m` still carries something worth sending — its token or code
/// unused and unexpired (`?1` = now), its temporary password not yet replaced.
const ALIVE: &str = "(m.token_id IS NULL
      OR EXISTS (SELECT 1 FROM one_time_tokens t WHERE t.id = m.token_id AND t.used_at IS NULL AND t.expires_at > ?1)
      OR EXISTS (SELECT 1 FROM otp_codes o WHERE o.id = m.token_id AND o.used_at IS NULL AND o.expires_at > ?1))
  AND (m.password_of IS NULL
      OR EXISTS (SELECT 1 FROM users u WHERE u.id = m.password_of AND u.require_password_change = 1 AND u.status = 'active'))";

/// A mail the sender picks up.
#[derive(Debug, Clone)]
pub struct DueMail {
    pub id: MailId,
    pub tenant: Option<TenantId>,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub attempts: i64,
    /// Through the operator's SMTP server when one is configured.
    pub operator_smtp: bool,
    /// False when its token was used or expired meanwhile: it is cancelled, not sent.
    pub alive: bool,
}

pub fn due(c: &Connection, now: jiff::Timestamp, limit: u32) -> ApiResult<Vec<DueMail>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT m.id, m.tenant_id, m.to_address, m.subject, m.body_text, m.body_html, m.attempts, m.operator_smtp, {ALIVE}
         FROM mail_outbox m WHERE m.status = 'pending' AND m.next_attempt_at <= ?1 ORDER BY m.next_attempt_at LIMIT ?2"
    ))?;
    let rows = stmt.query_map((format_ts(now), limit), |r| {
        Ok(DueMail {
            id: r.get(0)?,
            tenant: r.get(1)?,
            to: r.get(2)?,
            subject: r.get(3)?,
            text: r.get(4)?,
            html: r.get(5)?,
            attempts: r.get(6)?,
            operator_smtp: r.get(7)?,
            alive: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A pending mail whose token died before it went out.
pub fn mark_cancelled(tx: &Tx<'_>, id: &MailId, at: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached(
        "UPDATE mail_outbox SET status = 'cancelled', closed_at = ?2 WHERE id = ?1 AND status = 'pending'",
    )?
    .execute((id, format_ts(at)))?;
    Ok(())
}

/// An admin closes a waiting mail: `handled` (they passed it on another way) or `discarded`.
/// False when the tenant has no such pending mail.
pub fn close(
    tx: &Tx<'_>,
    tenant: &TenantId,
    id: &MailId,
    status: &str,
    by: &UserId,
    at: jiff::Timestamp,
) -> ApiResult<bool> {
    let changed = tx
        .prepare_cached(
            "UPDATE mail_outbox SET status = ?3, closed_at = ?4, closed_by = ?5
             WHERE id = ?1 AND tenant_id = ?2 AND status = 'pending'",
        )?
        .execute((id, tenant, status, format_ts(at), by))?;
    Ok(changed == 1)
}

/// Whether the tenant has this mail at all (to tell 404 from 409).
pub fn exists(c: &Connection, tenant: &TenantId, id: &MailId) -> ApiResult<bool> {
    Ok(c.prepare_cached("SELECT EXISTS (SELECT 1 FROM mail_outbox WHERE id = ?1 AND tenant_id = ?2)")?
        .query_row((id, tenant), |r| r.get(0))?)
}

pub fn mark_sent(tx: &Tx<'_>, id: &MailId, at: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached(
        "UPDATE mail_outbox SET status = 'sent', sent_at = ?2, attempts = attempts + 1, last_error = NULL WHERE id = ?1",
    )?
    .execute((id, format_ts(at)))?;
    Ok(())
}

pub fn mark_retry(tx: &Tx<'_>, id: &MailId, error: &str, next: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached(
        "UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3 WHERE id = ?1",
    )?
    .execute((id, error, format_ts(next)))?;
    Ok(())
}

/// Pending mails of everyone, and the newest delivery error (for /health/services).
pub fn depth(c: &Connection) -> ApiResult<(u64, Option<String>)> {
    let (n, error): (i64, Option<String>) = c
        .prepare_cached(
            "SELECT (SELECT count(*) FROM mail_outbox WHERE status = 'pending'),
                    (SELECT last_error FROM mail_outbox WHERE status = 'pending' AND last_error IS NOT NULL
                     ORDER BY next_attempt_at DESC LIMIT 1)",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok((n as u64, error))
}

/// One tenant's pending mails and their newest delivery error.
pub fn pending_for(c: &Connection, tenant: &TenantId) -> ApiResult<(u64, Option<String>)> {
    let (n, error): (i64, Option<String>) = c
        .prepare_cached(
            "SELECT (SELECT count(*) FROM mail_outbox WHERE tenant_id = ?1 AND status = 'pending'),
                    (SELECT last_error FROM mail_outbox WHERE tenant_id = ?1 AND status = 'pending'
                     AND last_error IS NOT NULL ORDER BY next_attempt_at DESC LIMIT 1)",
        )?
        .query_row([tenant], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok((n as u64, error))
}

/// A tenant's outbox, newest first, as `viewer` (an e-mail key) may see it: the body of a mail
/// carrying a credential only when the viewer is its recipient, and the body of any mail with a
/// token only while that token is alive (a spent invitation link is of no use to anyone).
pub fn list(
    c: &Connection,
    tenant: &TenantId,
    viewer: &str,
    now: jiff::Timestamp,
    page: &PageQuery,
) -> ApiResult<(Vec<OutboxMail>, u64)> {
    let total: i64 =
        c.prepare_cached("SELECT count(*) FROM mail_outbox WHERE tenant_id = ?1")?.query_row([tenant], |r| r.get(0))?;
    let mut stmt = c.prepare_cached(&format!(
        "SELECT m.id, m.kind, m.to_address, m.subject, m.body_text, m.status, m.attempts, m.last_error, m.created_at,
                m.sent_at, m.next_attempt_at, m.secret, {ALIVE}, m.closed_at
         FROM mail_outbox m WHERE m.tenant_id = ?2 ORDER BY m.created_at DESC, m.id DESC LIMIT ?3 OFFSET ?4"
    ))?;
    let rows = stmt.query_map((format_ts(now), tenant, page.limit(), page.offset()), |r| {
        let to: String = r.get(2)?;
        let secret: bool = r.get(11)?;
        let alive: bool = r.get(12)?;
        let hidden = if secret && crate::users::model::email_key(&to) != viewer {
            Some("secret")
        } else if !alive {
            Some("spent")
        } else {
            None
        };
        let body: String = r.get(4)?;
        Ok(OutboxMail {
            id: r.get(0)?,
            kind: r.get(1)?,
            to,
            subject: r.get(3)?,
            body: if hidden.is_some() { None } else { Some(body) },
            hidden,
            status: r.get(5)?,
            attempts: r.get(6)?,
            last_error: r.get(7)?,
            created_at: r.get(8)?,
            sent_at: r.get(9)?,
            next_attempt_at: r.get(10)?,
            closed_at: r.get(13)?,
        })
    })?;
    Ok((rows.collect::<Result<_, _>>()?, total as u64))
}

/// The tenant's e-mail settings with its business name and address (the default sender).
/// `None` only for an unknown tenant.
pub fn smtp_settings(c: &Connection, tenant: &TenantId) -> ApiResult<Option<StoredSmtp>> {
    Ok(c.prepare_cached(
        "SELECT e.smtp_host, e.smtp_port, e.smtp_security, e.smtp_username, e.smtp_password_enc, e.from_name, e.from_email,
                e.reply_to, e.updated_at, o.name, o.email
         FROM tenants t
         LEFT JOIN email_settings e ON e.tenant_id = t.id
         LEFT JOIN organizations o ON o.id = (SELECT id FROM organizations WHERE tenant_id = t.id ORDER BY created_at, id LIMIT 1)
         WHERE t.id = ?1",
    )?
    .query_row([tenant], |r| {
        Ok(StoredSmtp {
            host: r.get(0)?,
            port: r.get(1)?,
            security: r.get(2)?,
            username: r.get(3)?,
            password_sealed: r.get(4)?,
            from_name: r.get(5)?,
            from_email: r.get(6)?,
            reply_to: r.get(7)?,
            updated_at: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
            business_name: r.get(9)?,
            business_email: r.get(10)?,
        })
    })
    .optional()?)
}

pub fn save_smtp_settings(tx: &Tx<'_>, tenant: &TenantId, s: &StoredSmtp) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO email_settings (tenant_id, smtp_host, smtp_port, smtp_security, smtp_username, smtp_password_enc,
                                     from_name, from_email, reply_to, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (tenant_id) DO UPDATE SET smtp_host = ?2, smtp_port = ?3, smtp_security = ?4, smtp_username = ?5,
             smtp_password_enc = ?6, from_name = ?7, from_email = ?8, reply_to = ?9, updated_at = ?10",
    )?
    .execute(rusqlite::params![
        tenant,
        s.host,
        s.port,
        s.security,
        s.username,
        s.password_sealed,
        s.from_name,
        s.from_email,
        s.reply_to,
        s.updated_at
    ])?;
    Ok(())
}

/// Every waiting mail of the tenant is due now (after its SMTP settings changed).
pub fn retry_now(tx: &Tx<'_>, tenant: &TenantId, now: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached("UPDATE mail_outbox SET next_attempt_at = ?2 WHERE tenant_id = ?1 AND status = 'pending'")?
        .execute((tenant, format_ts(now)))?;
    Ok(())
}
