//! The SQL of notifications: the pipeline's cursor and rows, the inbox, preferences and DND.

use rusqlite::{Connection, OptionalExtension};

use super::catalog::Channel;
use super::model::{Dnd, Notification};
use crate::clock::format_ts;
use crate::db::Tx;
use crate::db::events::CommittedEvent;
use crate::http::ApiResult;
use crate::ids::{NotificationId, TenantId, UserId};

pub fn cursor(c: &Connection) -> ApiResult<i64> {
    Ok(c.prepare_cached("SELECT seq FROM notification_cursor WHERE id = 1")?.query_row([], |r| r.get(0))?)
}

/// What the pipeline has to do now.
#[derive(Debug, Clone, Copy, Default)]
pub struct Work {
    /// Events after the cursor other than its own.
    pub events: bool,
    /// Held e-mails that are due.
    pub held: bool,
    /// Digests that are due.
    pub digests: bool,
    /// Push notifications to hand over (or to try again).
    pub push: bool,
}

/// A push notification is tried this often before it counts as failed for good.
pub const PUSH_ATTEMPTS: i64 = 3;

/// Read first, so an idle pipeline takes no turn of the writer.
pub fn work_waiting(c: &Connection, now: jiff::Timestamp) -> ApiResult<Work> {
    Ok(c.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM events WHERE seq > (SELECT seq FROM notification_cursor WHERE id = 1)
                  AND kind NOT LIKE 'notification.%'),
                EXISTS (SELECT 1 FROM notifications
                  WHERE held_until IS NOT NULL AND mail_id IS NULL AND held_until <= ?1),
                EXISTS (SELECT 1 FROM notification_digests WHERE next_at IS NOT NULL AND next_at <= ?1),
                EXISTS (SELECT 1 FROM notifications WHERE channel = 'push' AND push_sent_at IS NULL
                  AND held_until IS NULL AND push_attempts < ?2)",
    )?
    .query_row((format_ts(now), PUSH_ATTEMPTS), |r| {
        Ok(Work { events: r.get(0)?, held: r.get(1)?, digests: r.get(2)?, push: r.get(3)? })
    })?)
}

/// Moves the cursor from `from` to `to`; false when another job moved it first.
pub fn advance(tx: &Tx<'_>, from: i64, to: i64) -> ApiResult<bool> {
    Ok(tx.prepare_cached("UPDATE notification_cursor SET seq = ?2 WHERE id = 1 AND seq = ?1")?.execute((from, to))?
        == 1)
}

/// At most `limit` events after `seq`, oldest first.
pub fn events_after(c: &Connection, seq: i64, limit: u32) -> ApiResult<Vec<CommittedEvent>> {
    Ok(crate::db::events::committed_after(c, seq, i64::from(limit))?)
}

/// The active people of the tenant who hold `code` (by their role, or their custom profile;
/// owners hold everything).
pub fn holders(c: &Connection, tenant: &TenantId, code: &str) -> ApiResult<Vec<UserId>> {
    use crate::access::Role;
    let roles: Vec<&str> = [Role::Owner, Role::TenantAdmin, Role::Manager, Role::User]
        .into_iter()
        .filter(|r| r.allows(code))
        .map(Role::as_str)
        .collect();
    let mut stmt = c.prepare_cached(
        "SELECT u.id FROM users u LEFT JOIN permission_profiles p ON p.id = u.profile_id AND p.status = 'active'
         WHERE u.tenant_id = ?1 AND u.status = 'active'
           AND (u.role = 'owner'
                OR (p.id IS NULL AND u.role IN (SELECT value FROM json_each(?2)))
                OR (p.id IS NOT NULL AND EXISTS (SELECT 1 FROM profile_permissions pp
                                                 WHERE pp.profile_id = p.id AND pp.code = ?3)))
         ORDER BY u.id",
    )?;
    let roles = serde_json::to_string(&roles).unwrap_or_else(|_| "[]".into());
    Ok(stmt.query_map((tenant, roles, code), |r| r.get(0))?.collect::<Result<_, _>>()?)
}

/// The members of a direct conversation; `None` for any other channel.
pub fn direct_members(c: &Connection, channel: &str) -> ApiResult<Option<Vec<String>>> {
    let kind: Option<String> = c
        .prepare_cached("SELECT kind FROM chat_channels WHERE id = ?1")?
        .query_row([channel], |r| r.get(0))
        .optional()?;
    if kind.as_deref() != Some("direct") {
        return Ok(None);
    }
    let mut stmt = c.prepare_cached("SELECT user_id FROM chat_members WHERE channel_id = ?1 ORDER BY user_id")?;
    Ok(Some(stmt.query_map([channel], |r| r.get(0))?.collect::<Result<_, _>>()?))
}

/// Whom a notification is for: an active person of the tenant.
pub struct Recipient {
    pub id: UserId,
    pub email: String,
    pub locale: String,
}

pub fn recipient(c: &Connection, tenant: &TenantId, user: &str) -> ApiResult<Option<Recipient>> {
    Ok(c.prepare_cached("SELECT id, email, locale FROM users WHERE id = ?1 AND tenant_id = ?2 AND status = 'active'")?
        .query_row((user, tenant), |r| Ok(Recipient { id: r.get(0)?, email: r.get(1)?, locale: r.get(2)? }))
        .optional()?)
}

/// "First Last" of a person of the tenant, or `None`.
pub fn person_name(c: &Connection, tenant: &TenantId, user: &str) -> ApiResult<Option<String>> {
    Ok(c.prepare_cached("SELECT first_name || ' ' || last_name FROM users WHERE id = ?1 AND tenant_id = ?2")?
        .query_row((user, tenant), |r| r.get(0))
        .optional()?)
}

pub fn schedule_name(c: &Connection, tenant: &TenantId, schedule: &str) -> ApiResult<Option<String>> {
    Ok(c.prepare_cached("SELECT name FROM schedules WHERE id = ?1 AND tenant_id = ?2")?
        .query_row((schedule, tenant), |r| r.get(0))
        .optional()?)
}

pub fn channel_name(c: &Connection, tenant: &TenantId, channel: &str) -> ApiResult<Option<String>> {
    Ok(c.prepare_cached("SELECT name FROM chat_channels WHERE id = ?1 AND tenant_id = ?2")?
        .query_row((channel, tenant), |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// A person's choice for one event and channel, if they made one.
pub fn preference(c: &Connection, user: &UserId, key: &str, channel: Channel) -> ApiResult<Option<bool>> {
    Ok(c.prepare_cached(
        "SELECT enabled FROM notification_preferences WHERE user_id = ?1 AND event_key = ?2 AND channel = ?3",
    )?
    .query_row((user, key, channel.as_str()), |r| r.get(0))
    .optional()?)
}

/// Every choice of a person: (event key, channel, enabled).
pub fn preferences(c: &Connection, user: &UserId) -> ApiResult<Vec<(String, String, bool)>> {
    let mut stmt =
        c.prepare_cached("SELECT event_key, channel, enabled FROM notification_preferences WHERE user_id = ?1")?;
    Ok(stmt.query_map([user], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?)
}

pub fn put_preference(
    tx: &Tx<'_>,
    user: &UserId,
    key: &str,
    channel: Channel,
    enabled: bool,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO notification_preferences (user_id, event_key, channel, enabled, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (user_id, event_key, channel) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at",
    )?
    .execute((user, key, channel.as_str(), enabled, format_ts(now)))?;
    Ok(())
}

/// A notification about to be stored.
pub struct NewRow<'a> {
    pub tenant: &'a TenantId,
    pub user: &'a UserId,
    pub event_seq: i64,
    pub event_key: &'a str,
    pub channel: Channel,
    pub title: &'a str,
    pub body: &'a str,
    pub link: &'a str,
    pub critical: bool,
    /// An e-mail held back by DND until then.
    pub held_until: Option<jiff::Timestamp>,
    /// An e-mail that waits for the person's digest.
    pub in_digest: bool,
}

/// Stores the row once: `None` when this (event, person, channel) was stored before.
pub fn insert(tx: &Tx<'_>, row: &NewRow<'_>, now: jiff::Timestamp) -> ApiResult<Option<NotificationId>> {
    let id = NotificationId::generate();
    let inserted = tx
        .prepare_cached(
            "INSERT INTO notifications (id, tenant_id, user_id, event_seq, event_key, channel, title, body, link,
                                        critical, held_until, in_digest, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
             ON CONFLICT (event_seq, user_id, channel) DO NOTHING",
        )?
        .execute(rusqlite::params![
            &id,
            row.tenant,
            row.user,
            row.event_seq,
            row.event_key,
            row.channel.as_str(),
            row.title,
            row.body,
            row.link,
            row.critical,
            row.held_until.map(format_ts),
            row.in_digest,
            format_ts(now),
        ])?;
    Ok((inserted == 1).then_some(id))
}

pub fn set_mail(tx: &Tx<'_>, id: &NotificationId, mail: &crate::ids::MailId) -> ApiResult<()> {
    tx.prepare_cached("UPDATE notifications SET mail_id = ?2 WHERE id = ?1")?.execute((id, mail))?;
    Ok(())
}

/// An e-mail whose DND hold is over.
pub struct Held {
    pub id: NotificationId,
    pub tenant: TenantId,
    pub user: UserId,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub channel: String,
    pub event_key: String,
}

pub fn held_due(c: &Connection, now: jiff::Timestamp, limit: u32) -> ApiResult<Vec<Held>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, tenant_id, user_id, title, body, link, channel, event_key FROM notifications
         WHERE held_until IS NOT NULL AND mail_id IS NULL AND held_until <= ?1 ORDER BY held_until LIMIT ?2",
    )?;
    let rows = stmt.query_map((format_ts(now), limit), |r| {
        Ok(Held {
            id: r.get(0)?,
            tenant: r.get(1)?,
            user: r.get(2)?,
            title: r.get(3)?,
            body: r.get(4)?,
            link: r.get(5)?,
            channel: r.get(6)?,
            event_key: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The earliest instant a held e-mail is due, to sleep until then.
pub fn next_held(c: &Connection) -> ApiResult<Option<String>> {
    Ok(c.prepare_cached("SELECT min(held_until) FROM notifications WHERE held_until IS NOT NULL AND mail_id IS NULL")?
        .query_row([], |r| r.get(0))?)
}

/// A held e-mail that no longer has anyone to go to is closed without a mail.
pub fn drop_held(tx: &Tx<'_>, id: &NotificationId) -> ApiResult<()> {
    tx.prepare_cached("UPDATE notifications SET held_until = NULL WHERE id = ?1")?.execute([id])?;
    Ok(())
}

const INBOX_COLUMNS: &str = "id, event_key, title, body, link, critical, created_at, read_at";

fn inbox_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Notification> {
    Ok(Notification {
        id: r.get(0)?,
        event_key: r.get(1)?,
        title: r.get(2)?,
        body: r.get(3)?,
        link: r.get(4)?,
        critical: r.get(5)?,
        created_at: r.get(6)?,
        read_at: r.get(7)?,
    })
}

/// A person's in-app notifications, newest first, not dismissed.
pub fn inbox(
    c: &Connection,
    user: &UserId,
    unread: bool,
    limit: u32,
    offset: i64,
) -> ApiResult<(Vec<Notification>, u64)> {
    let filter = "user_id = ?1 AND channel = 'in_app' AND dismissed_at IS NULL AND (?2 = 0 OR read_at IS NULL)";
    let total: i64 = c
        .prepare_cached(&format!("SELECT count(*) FROM notifications WHERE {filter}"))?
        .query_row((user, unread), |r| r.get(0))?;
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {INBOX_COLUMNS} FROM notifications WHERE {filter} ORDER BY created_at DESC, id DESC LIMIT ?3 OFFSET ?4"
    ))?;
    let items = stmt.query_map((user, unread, limit, offset), inbox_row)?.collect::<Result<_, _>>()?;
    Ok((items, total as u64))
}

pub fn unread_count(c: &Connection, user: &UserId) -> ApiResult<u64> {
    let count: i64 = c
        .prepare_cached(
            "SELECT count(*) FROM notifications
         WHERE user_id = ?1 AND channel = 'in_app' AND dismissed_at IS NULL AND read_at IS NULL",
        )?
        .query_row([user], |r| r.get(0))?;
    Ok(count as u64)
}

/// One of the person's own in-app notifications (not dismissed).
pub fn own(c: &Connection, tenant: &TenantId, user: &UserId, id: &NotificationId) -> ApiResult<Option<Notification>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {INBOX_COLUMNS} FROM notifications
         WHERE id = ?1 AND user_id = ?2 AND tenant_id = ?3 AND channel = 'in_app' AND dismissed_at IS NULL"
    ))?
    .query_row((id, user, tenant), inbox_row)
    .optional()?)
}

pub fn mark_read(tx: &Tx<'_>, id: &NotificationId, now: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached("UPDATE notifications SET read_at = coalesce(read_at, ?2) WHERE id = ?1")?
        .execute((id, format_ts(now)))?;
    Ok(())
}

pub fn mark_all_read(tx: &Tx<'_>, user: &UserId, now: jiff::Timestamp) -> ApiResult<u64> {
    Ok(tx
        .prepare_cached(
            "UPDATE notifications SET read_at = ?2
             WHERE user_id = ?1 AND channel = 'in_app' AND dismissed_at IS NULL AND read_at IS NULL",
        )?
        .execute((user, format_ts(now)))? as u64)
}

pub fn dismiss(tx: &Tx<'_>, id: &NotificationId, now: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached("UPDATE notifications SET dismissed_at = ?2, read_at = coalesce(read_at, ?2) WHERE id = ?1")?
        .execute((id, format_ts(now)))?;
    Ok(())
}

/// A person's stored DND settings, if they saved any.
pub fn dnd(c: &Connection, user: &UserId) -> ApiResult<Option<Dnd>> {
    Ok(c.prepare_cached(
        "SELECT enabled, start_time, end_time, timezone, quiet_outside_shifts, lead_minutes
         FROM notification_dnd WHERE user_id = ?1",
    )?
    .query_row([user], |r| {
        Ok(Dnd {
            enabled: r.get(0)?,
            start_time: r.get(1)?,
            end_time: r.get(2)?,
            timezone: r.get(3)?,
            quiet_outside_shifts: r.get(4)?,
            lead_minutes: r.get(5)?,
        })
    })
    .optional()?)
}

pub fn put_dnd(tx: &Tx<'_>, user: &UserId, dnd: &Dnd, now: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO notification_dnd (user_id, enabled, start_time, end_time, timezone, quiet_outside_shifts,
                                       lead_minutes, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (user_id) DO UPDATE SET enabled = excluded.enabled, start_time = excluded.start_time,
             end_time = excluded.end_time, timezone = excluded.timezone,
             quiet_outside_shifts = excluded.quiet_outside_shifts, lead_minutes = excluded.lead_minutes,
             updated_at = excluded.updated_at",
    )?
    .execute(rusqlite::params![
        user,
        dnd.enabled,
        dnd.start_time,
        dnd.end_time,
        dnd.timezone,
        dnd.quiet_outside_shifts,
        dnd.lead_minutes,
        format_ts(now)
    ])?;
    Ok(())
}

/// A person's published shifts (UTC seconds, start and end) that end after `from` and start
/// before `to`.
pub fn published_shifts(c: &Connection, user: &UserId, from: i64, to: i64) -> ApiResult<Vec<(i64, i64)>> {
    let mut stmt = c.prepare_cached(
        "SELECT starts_at, ends_at FROM shifts
         WHERE assigned_user_id = ?1 AND published_user_id = ?1 AND status = 'published' AND deleted_at IS NULL
           AND ends_at > ?2 AND starts_at < ?3
         ORDER BY starts_at",
    )?;
    Ok(stmt.query_map((user, from, to), |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?)
}

/// One cell of the delivery analytics: how many notifications of a minute (UTC, `yyyy-mm-ddTHH:MM`),
/// event and channel ended how (`delivered`, `failed`, `pending`), and how many were read.
pub struct Tally {
    pub minute: String,
    pub event_key: String,
    pub channel: String,
    pub outcome: String,
    pub count: u64,
    pub read: u64,
}

/// The tallies of the workplace (or of one person) since `since`. An in-app notification is
/// delivered when stored (and pushed live); an e-mail when the outbox handed it over, failed
/// while its last attempt failed (it may still be retried) or it was discarded, pending while
/// it waits (held by Do Not Disturb, or queued).
pub fn tallies(
    c: &Connection,
    tenant: &TenantId,
    user: Option<&UserId>,
    since: jiff::Timestamp,
) -> ApiResult<Vec<Tally>> {
    let mut stmt = c.prepare_cached(
        "SELECT substr(n.created_at, 1, 16) AS minute, n.event_key, n.channel,
                CASE WHEN n.channel = 'in_app' THEN 'delivered'
                     WHEN n.channel = 'push' AND n.push_sent_at IS NOT NULL THEN 'delivered'
                     WHEN n.channel = 'push' AND n.push_error IS NOT NULL THEN 'failed'
                     WHEN n.channel = 'push' THEN 'pending'
                     WHEN n.mail_id IS NULL AND (n.held_until IS NOT NULL OR n.in_digest = 1) THEN 'pending'
                     WHEN n.mail_id IS NULL THEN 'failed'
                     WHEN m.status = 'sent' THEN 'delivered'
                     WHEN m.status IN ('cancelled', 'handled', 'discarded') THEN 'failed'
                     WHEN m.last_error IS NOT NULL THEN 'failed'
                     ELSE 'pending' END AS outcome,
                count(*), count(n.read_at)
         FROM notifications n LEFT JOIN mail_outbox m ON m.id = n.mail_id
         WHERE n.tenant_id = ?1 AND (?2 IS NULL OR n.user_id = ?2) AND n.created_at >= ?3
         GROUP BY minute, n.event_key, n.channel, outcome",
    )?;
    let rows = stmt.query_map((tenant, user, format_ts(since)), |r| {
        Ok(Tally {
            minute: r.get(0)?,
            event_key: r.get(1)?,
            channel: r.get(2)?,
            outcome: r.get(3)?,
            count: r.get::<_, i64>(4)? as u64,
            read: r.get::<_, i64>(5)? as u64,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A person's digest settings as stored.
pub struct DigestRow {
    pub frequency: String,
    pub send_time: String,
    pub weekday: i64,
    pub timezone: String,
    pub next_at: Option<String>,
}

pub fn digest(c: &Connection, user: &UserId) -> ApiResult<Option<DigestRow>> {
    Ok(c.prepare_cached(
        "SELECT frequency, send_time, weekday, timezone, next_at FROM notification_digests WHERE user_id = ?1",
    )?
    .query_row([user], |r| {
        Ok(DigestRow {
            frequency: r.get(0)?,
            send_time: r.get(1)?,
            weekday: r.get(2)?,
            timezone: r.get(3)?,
            next_at: r.get(4)?,
        })
    })
    .optional()?)
}

/// Whether the person collects their optional e-mails into a digest.
pub fn collects_digest(c: &Connection, user: &UserId) -> ApiResult<bool> {
    Ok(c.prepare_cached("SELECT 1 FROM notification_digests WHERE user_id = ?1 AND frequency <> 'off'")?
        .exists([user])?)
}

pub fn put_digest(
    tx: &Tx<'_>,
    tenant: &TenantId,
    user: &UserId,
    row: &DigestRow,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO notification_digests (user_id, tenant_id, frequency, send_time, weekday, timezone, next_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (user_id) DO UPDATE SET frequency = excluded.frequency, send_time = excluded.send_time,
             weekday = excluded.weekday, timezone = excluded.timezone, next_at = excluded.next_at,
             updated_at = excluded.updated_at",
    )?
    .execute(rusqlite::params![
        user,
        tenant,
        row.frequency,
        row.send_time,
        row.weekday,
        row.timezone,
        row.next_at,
        format_ts(now)
    ])?;
    Ok(())
}

/// The people whose digest is due, the longest waiting first.
pub fn digests_due(c: &Connection, now: jiff::Timestamp, limit: u32) -> ApiResult<Vec<(TenantId, UserId)>> {
    let mut stmt = c.prepare_cached(
        "SELECT tenant_id, user_id FROM notification_digests WHERE next_at IS NOT NULL AND next_at <= ?1
         ORDER BY next_at LIMIT ?2",
    )?;
    let rows = stmt.query_map((format_ts(now), limit), |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn set_digest_next(tx: &Tx<'_>, user: &UserId, next_at: Option<String>) -> ApiResult<()> {
    tx.prepare_cached("UPDATE notification_digests SET next_at = ?2 WHERE user_id = ?1")?.execute((user, next_at))?;
    Ok(())
}

/// What waits for a person's digest, oldest first: (id, event key, title, body).
pub fn digest_waiting(
    c: &Connection,
    user: &UserId,
    limit: u32,
) -> ApiResult<Vec<(NotificationId, String, String, String)>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, event_key, title, body FROM notifications WHERE user_id = ?1 AND in_digest = 1 AND mail_id IS NULL
         ORDER BY created_at, id LIMIT ?2",
    )?;
    let rows = stmt.query_map((user, limit), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Digest statistics since `since`: digests sent, notifications they collected, and how many
/// wait for the next one now (the workplace's, or one person's).
pub fn digest_stats(
    c: &Connection,
    tenant: &TenantId,
    user: Option<&UserId>,
    since: jiff::Timestamp,
) -> ApiResult<(u64, u64, u64)> {
    Ok(c.prepare_cached(
        "SELECT count(DISTINCT CASE WHEN mail_id IS NOT NULL AND created_at >= ?3 THEN mail_id END),
                count(CASE WHEN mail_id IS NOT NULL AND created_at >= ?3 THEN 1 END),
                count(CASE WHEN mail_id IS NULL THEN 1 END)
         FROM notifications WHERE tenant_id = ?1 AND (?2 IS NULL OR user_id = ?2) AND in_digest = 1",
    )?
    .query_row((tenant, user, format_ts(since)), |r| {
        Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64, r.get::<_, i64>(2)? as u64))
    })?)
}

/// How many of the workplace's active people chose each frequency (no row: off).
pub fn digest_frequencies(c: &Connection, tenant: &TenantId) -> ApiResult<(u64, u64, u64)> {
    Ok(c.prepare_cached(
        "SELECT count(CASE WHEN coalesce(d.frequency, 'off') = 'off' THEN 1 END),
                count(CASE WHEN d.frequency = 'daily' THEN 1 END),
                count(CASE WHEN d.frequency = 'weekly' THEN 1 END)
         FROM users u LEFT JOIN notification_digests d ON d.user_id = u.id
         WHERE u.tenant_id = ?1 AND u.status = 'active'",
    )?
    .query_row([tenant], |r| {
        Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64, r.get::<_, i64>(2)? as u64))
    })?)
}

/// A workplace's own wording of an event in one language: (title, body, updated_at).
pub fn template(
    c: &Connection,
    tenant: &TenantId,
    key: &str,
    lang: &str,
) -> ApiResult<Option<(String, String, String)>> {
    Ok(c.prepare_cached(
        "SELECT title, body, updated_at FROM notification_templates WHERE tenant_id = ?1 AND event_key = ?2 AND lang = ?3",
    )?
    .query_row((tenant, key, lang), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .optional()?)
}

/// Every (event key, language) the workplace has its own wording for.
pub fn customized_templates(c: &Connection, tenant: &TenantId) -> ApiResult<Vec<(String, String)>> {
    let mut stmt = c.prepare_cached(
        "SELECT event_key, lang FROM notification_templates WHERE tenant_id = ?1 ORDER BY event_key, lang",
    )?;
    let rows = stmt.query_map([tenant], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[allow(clippy::too_many_arguments)]
pub fn put_template(
    tx: &Tx<'_>,
    tenant: &TenantId,
    key: &str,
    lang: &str,
    title: &str,
    body: &str,
    by: &UserId,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO notification_templates (tenant_id, event_key, lang, title, body, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (tenant_id, event_key, lang) DO UPDATE SET title = excluded.title, body = excluded.body,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )?
    .execute(rusqlite::params![tenant, key, lang, title, body, format_ts(now), by])?;
    Ok(())
}

/// Removes the workplace's wording (one language, or both); answers how many went.
pub fn reset_template(tx: &Tx<'_>, tenant: &TenantId, key: &str, lang: Option<&str>) -> ApiResult<usize> {
    Ok(tx
        .prepare_cached(
            "DELETE FROM notification_templates WHERE tenant_id = ?1 AND event_key = ?2 AND (?3 IS NULL OR lang = ?3)",
        )?
        .execute((tenant, key, lang))?)
}

/// A browser's push subscription.
#[derive(Debug, Clone)]
pub struct PushSubscription {
    pub id: String,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub created_at: String,
    pub last_sent_at: Option<String>,
}

fn push_subscription(r: &rusqlite::Row<'_>) -> rusqlite::Result<PushSubscription> {
    Ok(PushSubscription {
        id: r.get(0)?,
        endpoint: r.get(1)?,
        p256dh: r.get(2)?,
        auth: r.get(3)?,
        created_at: r.get(4)?,
        last_sent_at: r.get(5)?,
    })
}

pub fn push_subscriptions(c: &Connection, user: &UserId) -> ApiResult<Vec<PushSubscription>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, endpoint, p256dh, auth, created_at, last_sent_at FROM push_subscriptions WHERE user_id = ?1
         ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([user], push_subscription)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn has_push(c: &Connection, user: &UserId) -> ApiResult<bool> {
    Ok(c.prepare_cached("SELECT 1 FROM push_subscriptions WHERE user_id = ?1")?.exists([user])?)
}

/// Stores the browser's subscription for the caller (a browser that subscribed for someone
/// else before is theirs now); answers its id.
pub fn put_push_subscription(
    tx: &Tx<'_>,
    tenant: &TenantId,
    user: &UserId,
    endpoint: &str,
    p256dh: &str,
    auth: &str,
    now: jiff::Timestamp,
) -> ApiResult<String> {
    let id = uuid::Uuid::now_v7().to_string();
    Ok(tx
        .prepare_cached(
            "INSERT INTO push_subscriptions (id, tenant_id, user_id, endpoint, p256dh, auth, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (endpoint) DO UPDATE SET tenant_id = excluded.tenant_id, user_id = excluded.user_id,
                 p256dh = excluded.p256dh, auth = excluded.auth
             RETURNING id",
        )?
        .query_row(rusqlite::params![id, tenant, user, endpoint, p256dh, auth, format_ts(now)], |r| r.get(0))?)
}

/// Removes one of the caller's subscriptions; false when it is not theirs.
pub fn delete_push_subscription(tx: &Tx<'_>, user: &UserId, id: &str) -> ApiResult<bool> {
    Ok(tx.prepare_cached("DELETE FROM push_subscriptions WHERE id = ?1 AND user_id = ?2")?.execute((id, user))? == 1)
}

/// A push service said the subscription is gone (404, 410).
pub fn drop_push_endpoint(tx: &Tx<'_>, endpoint: &str) -> ApiResult<()> {
    tx.prepare_cached("DELETE FROM push_subscriptions WHERE endpoint = ?1")?.execute([endpoint])?;
    Ok(())
}

pub fn push_sent_to(tx: &Tx<'_>, endpoint: &str, now: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached("UPDATE push_subscriptions SET last_sent_at = ?2 WHERE endpoint = ?1")?
        .execute((endpoint, format_ts(now)))?;
    Ok(())
}

/// A push notification waiting to be handed over.
pub struct PendingPush {
    pub id: NotificationId,
    pub user: UserId,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub critical: bool,
    pub attempts: i64,
}

/// Push notifications not handed over yet and not held, fewer than `max_attempts` tried.
pub fn pending_push(c: &Connection, max_attempts: i64, limit: u32) -> ApiResult<Vec<PendingPush>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, user_id, title, body, link, critical, push_attempts FROM notifications
         WHERE channel = 'push' AND push_sent_at IS NULL AND held_until IS NULL AND push_attempts < ?1
         ORDER BY created_at LIMIT ?2",
    )?;
    let rows = stmt.query_map((max_attempts, limit), |r| {
        Ok(PendingPush {
            id: r.get(0)?,
            user: r.get(1)?,
            title: r.get(2)?,
            body: r.get(3)?,
            link: r.get(4)?,
            critical: r.get(5)?,
            attempts: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What became of a push notification: handed over, or the last attempt's error.
pub fn push_outcome(tx: &Tx<'_>, id: &NotificationId, error: Option<&str>, now: jiff::Timestamp) -> ApiResult<()> {
    match error {
        None => tx
            .prepare_cached("UPDATE notifications SET push_sent_at = ?2, push_error = NULL, push_attempts = push_attempts + 1 WHERE id = ?1")?
            .execute((id, format_ts(now)))?,
        Some(e) => tx
            .prepare_cached("UPDATE notifications SET push_error = ?2, push_attempts = push_attempts + 1 WHERE id = ?1")?
            .execute((id, e))?,
    };
    Ok(())
}

/// A held push notification whose hold ended: it waits for the sender now.
pub fn release_push(tx: &Tx<'_>, id: &NotificationId) -> ApiResult<()> {
    tx.prepare_cached("UPDATE notifications SET held_until = NULL WHERE id = ?1")?.execute([id])?;
    Ok(())
}
