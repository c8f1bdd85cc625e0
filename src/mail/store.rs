use rusqlite::{Connection, OptionalExtension};

use super::model::{OutboxMail, StoredSmtp};
use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::ApiResult;
use crate::http::page::PageQuery;
use crate::ids::{MailId, TenantId};

pub struct NewMail<'a> {
    pub tenant: Option<&'a TenantId>,
    pub kind: &'a str,
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
}

pub fn enqueue(tx: &Tx<'_>, mail: &NewMail<'_>, at: jiff::Timestamp) -> ApiResult<MailId> {
    let id = MailId::generate();
    let at = format_ts(at);
    tx.prepare_cached(
        "INSERT INTO mail_outbox (id, tenant_id, kind, to_address, subject, body_text, status, next_attempt_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?7)",
    )?
    .execute((&id, mail.tenant, mail.kind, mail.to, mail.subject, mail.text, &at))?;
    Ok(id)
}

/// A mail the sender picks up.
#[derive(Debug, Clone)]
pub struct DueMail {
    pub id: MailId,
    pub tenant: Option<TenantId>,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub attempts: i64,
}

pub fn due(c: &Connection, now: jiff::Timestamp, limit: u32) -> ApiResult<Vec<DueMail>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, tenant_id, to_address, subject, body_text, attempts FROM mail_outbox
         WHERE status = 'pending' AND next_attempt_at <= ?1 ORDER BY next_attempt_at LIMIT ?2",
    )?;
    let rows = stmt.query_map((format_ts(now), limit), |r| {
        Ok(DueMail {
            id: r.get(0)?,
            tenant: r.get(1)?,
            to: r.get(2)?,
            subject: r.get(3)?,
            text: r.get(4)?,
            attempts: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
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

/// A tenant's outbox, newest first.
pub fn list(c: &Connection, tenant: &TenantId, page: &PageQuery) -> ApiResult<(Vec<OutboxMail>, u64)> {
    let total: i64 =
        c.prepare_cached("SELECT count(*) FROM mail_outbox WHERE tenant_id = ?1")?.query_row([tenant], |r| r.get(0))?;
    let mut stmt = c.prepare_cached(
        "SELECT id, kind, to_address, subject, body_text, status, attempts, last_error, created_at, sent_at, next_attempt_at
         FROM mail_outbox WHERE tenant_id = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3",
    )?;
    let rows = stmt.query_map((tenant, page.limit(), page.offset()), |r| {
        Ok(OutboxMail {
            id: r.get(0)?,
            kind: r.get(1)?,
            to: r.get(2)?,
            subject: r.get(3)?,
            body: r.get(4)?,
            status: r.get(5)?,
            attempts: r.get(6)?,
            last_error: r.get(7)?,
            created_at: r.get(8)?,
            sent_at: r.get(9)?,
            next_attempt_at: r.get(10)?,
        })
    })?;
    Ok((rows.collect::<Result<_, _>>()?, total as u64))
}

pub fn smtp_settings(c: &Connection, tenant: &TenantId) -> ApiResult<Option<StoredSmtp>> {
    Ok(c.prepare_cached(
        "SELECT smtp_host, smtp_port, smtp_security, smtp_username, smtp_password_enc, from_name, from_email, reply_to, updated_at
         FROM email_settings WHERE tenant_id = ?1",
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
            updated_at: r.get(8)?,
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
