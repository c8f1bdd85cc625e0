//! Chat's SQL: channels, members with their read cursors, messages, reactions and acks.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, Row};

use super::model::{
    Acked, Attachment, Channel, ChannelKind, ChannelMember, ChannelUnread, ChatUser, LastMessage, Message, Reaction,
};
use crate::clock::format_ts;
use crate::db::{Tx, json_array};
use crate::http::{ApiError, ApiResult};
use crate::ids::{ChannelId, MessageId, SmartGroupId, TenantId, UserId};

/// A channel's own facts, before the caller's view of it.
#[derive(Debug, Clone)]
pub struct ChannelRow {
    pub id: ChannelId,
    pub kind: ChannelKind,
    pub name: Option<String>,
    pub smart_group_id: Option<SmartGroupId>,
    pub created_by: Option<UserId>,
    pub last_seq: i64,
}

fn kind_of(r: &Row<'_>, i: usize) -> rusqlite::Result<ChannelKind> {
    let text: String = r.get(i)?;
    ChannelKind::parse(&text).ok_or_else(|| rusqlite::Error::InvalidColumnType(i, text, rusqlite::types::Type::Text))
}

fn channel_row(r: &Row<'_>) -> rusqlite::Result<ChannelRow> {
    Ok(ChannelRow {
        id: r.get(0)?,
        kind: kind_of(r, 1)?,
        name: r.get(2)?,
        smart_group_id: r.get(3)?,
        created_by: r.get(4)?,
        last_seq: r.get(5)?,
    })
}

/// The tenant's channel of a fixed kind (General, Admins & Owners), if made yet.
pub fn fixed_channel(c: &Connection, tenant: &TenantId, kind: ChannelKind) -> ApiResult<Option<ChannelId>> {
    Ok(c.prepare_cached("SELECT id FROM chat_channels WHERE tenant_id = ?1 AND kind = ?2")?
        .query_row((tenant, kind.as_str()), |r| r.get(0))
        .optional()?)
}

/// Every smart-group room of the tenant with its group.
pub fn group_rooms(c: &Connection, tenant: &TenantId) -> ApiResult<Vec<(ChannelId, SmartGroupId)>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, smart_group_id FROM chat_channels WHERE tenant_id = ?1 AND kind = 'smart_group' ORDER BY id",
    )?;
    Ok(stmt.query_map([tenant], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?)
}

pub fn room_of_group(c: &Connection, group: &SmartGroupId) -> ApiResult<Option<ChannelId>> {
    Ok(c.prepare_cached("SELECT id FROM chat_channels WHERE smart_group_id = ?1")?
        .query_row([group], |r| r.get(0))
        .optional()?)
}

pub fn direct_channel(c: &Connection, tenant: &TenantId, key: &str) -> ApiResult<Option<ChannelId>> {
    Ok(c.prepare_cached("SELECT id FROM chat_channels WHERE tenant_id = ?1 AND direct_key = ?2")?
        .query_row((tenant, key), |r| r.get(0))
        .optional()?)
}

pub struct NewChannel<'a> {
    pub id: &'a ChannelId,
    pub kind: ChannelKind,
    pub name: Option<&'a str>,
    pub smart_group_id: Option<&'a SmartGroupId>,
    pub direct_key: Option<&'a str>,
    pub created_by: Option<&'a UserId>,
}

pub fn insert_channel(tx: &Tx<'_>, tenant: &TenantId, ch: &NewChannel<'_>, now: jiff::Timestamp) -> ApiResult<()> {
    let now = format_ts(now);
    tx.prepare_cached(
        "INSERT INTO chat_channels (id, tenant_id, kind, name, smart_group_id, direct_key, created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?
    .execute((ch.id, tenant, ch.kind.as_str(), ch.name, ch.smart_group_id, ch.direct_key, ch.created_by, now))?;
    Ok(())
}

pub fn rename(tx: &Tx<'_>, id: &ChannelId, name: &str, now: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached("UPDATE chat_channels SET name = ?2, updated_at = ?3 WHERE id = ?1")?.execute((
        id,
        name,
        format_ts(now),
    ))?;
    Ok(())
}

/// The member ids of a channel, by id.
pub fn member_ids(c: &Connection, channel: &ChannelId) -> ApiResult<Vec<UserId>> {
    let mut stmt = c.prepare_cached("SELECT user_id FROM chat_members WHERE channel_id = ?1 ORDER BY user_id")?;
    Ok(stmt.query_map([channel], |r| r.get(0))?.collect::<Result<_, _>>()?)
}

/// The one member whose first name (its first word) is `name`, lower-cased; none when no
/// member or several are.
pub fn member_by_first_name(c: &Connection, channel: &ChannelId, name: &str) -> ApiResult<Option<UserId>> {
    let mut stmt = c.prepare_cached(
        "SELECT m.user_id FROM chat_members m JOIN users u ON u.id = m.user_id
         WHERE m.channel_id = ?1 AND (lower(u.first_name) = ?2 OR lower(u.first_name) LIKE ?3 ESCAPE '\\') LIMIT 2",
    )?;
    let like = format!("{} %", crate::db::like_pattern(name).trim_matches('%'));
    let named: Vec<UserId> = stmt.query_map((channel, name, like), |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(if named.len() == 1 { named.into_iter().next() } else { None })
}

/// A channel of the tenant with the caller's read cursor (`None`: not a member), in one read.
pub fn channel_and_cursor(
    c: &Connection,
    tenant: &TenantId,
    id: &ChannelId,
    user: &UserId,
) -> ApiResult<(ChannelRow, Option<i64>)> {
    c.prepare_cached(
        "SELECT ch.id, ch.kind, ch.name, ch.smart_group_id, ch.created_by, ch.last_seq, m.read_seq
         FROM chat_channels ch LEFT JOIN chat_members m ON m.channel_id = ch.id AND m.user_id = ?3
         WHERE ch.tenant_id = ?1 AND ch.id = ?2",
    )?
    .query_row((tenant, id, user), |r| Ok((channel_row(r)?, r.get(6)?)))
    .optional()?
    .ok_or(ApiError::NotFound)
}

/// The caller's read cursor in a channel; `None` when not a member.
pub fn read_seq(c: &Connection, channel: &ChannelId, user: &UserId) -> ApiResult<Option<i64>> {
    Ok(c.prepare_cached("SELECT read_seq FROM chat_members WHERE channel_id = ?1 AND user_id = ?2")?
        .query_row((channel, user), |r| r.get(0))
        .optional()?)
}

/// Adds a member whose cursor starts at the newest message (they have nothing to catch up on).
pub fn add_member(
    tx: &Tx<'_>,
    tenant: &TenantId,
    channel: &ChannelId,
    user: &UserId,
    now: jiff::Timestamp,
) -> ApiResult<bool> {
    let added = tx
        .prepare_cached(
            "INSERT INTO chat_members (channel_id, user_id, tenant_id, read_seq, joined_at)
             SELECT id, ?2, ?3, last_seq, ?4 FROM chat_channels WHERE id = ?1
             ON CONFLICT DO NOTHING",
        )?
        .execute((channel, user, tenant, format_ts(now)))?;
    Ok(added > 0)
}

pub fn remove_member(tx: &Tx<'_>, channel: &ChannelId, user: &UserId) -> ApiResult<bool> {
    Ok(tx
        .prepare_cached("DELETE FROM chat_members WHERE channel_id = ?1 AND user_id = ?2")?
        .execute((channel, user))?
        > 0)
}

const USER_COLUMNS: &str = "u.id, u.first_name, u.last_name, u.role, u.avatar_file_id";

fn chat_user(r: &Row<'_>, at: usize) -> rusqlite::Result<ChatUser> {
    Ok(ChatUser {
        id: r.get(at)?,
        first_name: r.get(at + 1)?,
        last_name: r.get(at + 2)?,
        role: r.get(at + 3)?,
        avatar_file_id: r.get(at + 4)?,
        avatar_url: None,
        online: false,
    })
}

/// The tenant's active people by name; `like` filters on first or last name.
pub fn active_users(c: &Connection, tenant: &TenantId, like: Option<&str>) -> ApiResult<Vec<ChatUser>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {USER_COLUMNS} FROM users u WHERE u.tenant_id = ?1 AND u.status = 'active'
           AND (?2 IS NULL OR lower(u.first_name) LIKE ?2 ESCAPE '\\' OR lower(u.last_name) LIKE ?2 ESCAPE '\\'
                OR lower(u.first_name || ' ' || u.last_name) LIKE ?2 ESCAPE '\\')
         ORDER BY lower(u.first_name), lower(u.last_name), u.id"
    ))?;
    Ok(stmt.query_map((tenant, like), |r| chat_user(r, 0))?.collect::<Result<_, _>>()?)
}

/// The active owners and tenant admins (the sidebar of seed 000's rooms).
pub fn admins_and_owners(c: &Connection, tenant: &TenantId) -> ApiResult<Vec<ChatUser>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {USER_COLUMNS} FROM users u WHERE u.tenant_id = ?1 AND u.status = 'active'
           AND u.role IN ('owner', 'tenant_admin')
         ORDER BY lower(u.first_name), lower(u.last_name), u.id"
    ))?;
    Ok(stmt.query_map([tenant], |r| chat_user(r, 0))?.collect::<Result<_, _>>()?)
}

/// Of `ids`, those that are active people of the tenant.
pub fn active_among(c: &Connection, tenant: &TenantId, ids: &[UserId]) -> ApiResult<Vec<UserId>> {
    let mut stmt = c.prepare_cached(
        "SELECT u.id FROM json_each(?2) p JOIN users u ON u.id = p.value
         WHERE u.tenant_id = ?1 AND u.status = 'active' ORDER BY u.id",
    )?;
    Ok(stmt.query_map((tenant, json_array(ids.iter().map(UserId::as_str))), |r| r.get(0))?.collect::<Result<_, _>>()?)
}

pub fn members(c: &Connection, channel: &ChannelId) -> ApiResult<Vec<ChannelMember>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {USER_COLUMNS}, m.read_seq, m.joined_at FROM chat_members m JOIN users u ON u.id = m.user_id
         WHERE m.channel_id = ?1 ORDER BY lower(u.first_name), lower(u.last_name), u.id"
    ))?;
    Ok(stmt
        .query_map([channel], |r| {
            Ok(ChannelMember {
                user: chat_user(r, 0)?,
                read_cursor: r.get::<_, i64>(5)?.to_string(),
                joined_at: r.get(6)?,
            })
        })?
        .collect::<Result<_, _>>()?)
}

const CHANNEL_VIEW: &str = "
    SELECT ch.id, ch.kind, ch.name, ch.smart_group_id, ch.created_by, ch.created_at, ch.updated_at, m.read_seq,
        (SELECT count(*) FROM chat_members x WHERE x.channel_id = ch.id),
        (SELECT count(*) FROM chat_messages g WHERE g.channel_id = ch.id AND g.seq > m.read_seq
            AND g.deleted_at IS NULL AND g.sender_id IS NOT m.user_id),
        lm.id, lm.sender_id, lm.content, lm.attachments <> '[]', lm.created_at,
        du.id, du.first_name, du.last_name, du.role, du.avatar_file_id
    FROM chat_members m JOIN chat_channels ch ON ch.id = m.channel_id
    LEFT JOIN chat_messages lm ON lm.seq = ch.last_seq AND ch.last_seq > 0
    LEFT JOIN chat_members dm ON ch.kind = 'direct' AND dm.channel_id = ch.id AND dm.user_id <> m.user_id
    LEFT JOIN users du ON du.id = dm.user_id
    WHERE m.user_id = ?1 AND m.tenant_id = ?2";

const CHANNEL_ORDER: &str = "ORDER BY CASE ch.kind WHEN 'general' THEN 0 WHEN 'admins' THEN 1 ELSE 2 END,
    coalesce(lm.created_at, ch.created_at) DESC, ch.id";

fn channel_view(r: &Row<'_>) -> rusqlite::Result<Channel> {
    let kind = kind_of(r, 1)?;
    let last_message = match r.get::<_, Option<MessageId>>(10)? {
        Some(id) => Some(LastMessage {
            id,
            sender_id: r.get(11)?,
            content: r.get(12)?,
            has_attachments: r.get(13)?,
            created_at: r.get(14)?,
        }),
        None => None,
    };
    let direct_user = match r.get::<_, Option<UserId>>(15)? {
        Some(_) => Some(chat_user(r, 15)?),
        None => None,
    };
    let name = match (&direct_user, r.get::<_, Option<String>>(2)?) {
        (Some(u), _) => format!("{} {}", u.first_name, u.last_name).trim().to_string(),
        (None, Some(name)) => name,
        (None, None) => String::new(),
    };
    Ok(Channel {
        id: r.get(0)?,
        kind,
        name,
        smart_group_id: r.get(3)?,
        direct_user,
        created_by: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
        read_cursor: r.get::<_, i64>(7)?.to_string(),
        member_count: r.get(8)?,
        unread_count: r.get(9)?,
        last_message,
    })
}

/// The caller's channels: General, Admins & Owners, then by latest activity.
pub fn channels_of(c: &Connection, tenant: &TenantId, user: &UserId) -> ApiResult<Vec<Channel>> {
    let mut stmt = c.prepare_cached(&format!("{CHANNEL_VIEW} {CHANNEL_ORDER}"))?;
    Ok(stmt.query_map((user, tenant), channel_view)?.collect::<Result<_, _>>()?)
}

/// One channel as its member sees it; `None` when the caller is not a member.
pub fn channel_of(c: &Connection, tenant: &TenantId, user: &UserId, id: &ChannelId) -> ApiResult<Option<Channel>> {
    Ok(c.prepare_cached(&format!("{CHANNEL_VIEW} AND ch.id = ?3"))?
        .query_row((user, tenant, id), channel_view)
        .optional()?)
}

/// Unread messages per channel of the caller (channels with none left out).
pub fn unread(c: &Connection, tenant: &TenantId, user: &UserId) -> ApiResult<Vec<ChannelUnread>> {
    let mut stmt = c.prepare_cached(
        "SELECT m.channel_id, (SELECT count(*) FROM chat_messages g WHERE g.channel_id = m.channel_id
              AND g.seq > m.read_seq AND g.deleted_at IS NULL AND g.sender_id IS NOT m.user_id) AS n
         FROM chat_members m JOIN chat_channels ch ON ch.id = m.channel_id
         WHERE m.user_id = ?1 AND m.tenant_id = ?2 AND ch.last_seq > m.read_seq AND n > 0 ORDER BY m.channel_id",
    )?;
    Ok(stmt
        .query_map((user, tenant), |r| Ok(ChannelUnread { channel_id: r.get(0)?, unread_count: r.get(1)? }))?
        .collect::<Result<_, _>>()?)
}

/// Moves a member's cursor to `seq` if that is forward; answers the cursor after.
pub fn move_cursor(tx: &Tx<'_>, channel: &ChannelId, user: &UserId, seq: i64) -> ApiResult<i64> {
    tx.prepare_cached(
        "UPDATE chat_members SET read_seq = ?3 WHERE channel_id = ?1 AND user_id = ?2 AND read_seq < ?3",
    )?
    .execute((channel, user, seq))?;
    Ok(read_seq(tx, channel, user)?.unwrap_or(0))
}

/// Messages of others after `seq` in a channel.
pub fn unread_after(c: &Connection, channel: &ChannelId, user: &UserId, seq: i64) -> ApiResult<u32> {
    Ok(c.prepare_cached(
        "SELECT count(*) FROM chat_messages WHERE channel_id = ?1 AND seq > ?3 AND deleted_at IS NULL
           AND sender_id IS NOT ?2",
    )?
    .query_row((channel, user, seq), |r| r.get(0))?)
}

// Messages.

/// A message's own facts: where it is and who sent it.
#[derive(Debug, Clone)]
pub struct MessageRow {
    pub seq: i64,
    pub id: MessageId,
    pub channel_id: ChannelId,
    pub sender_id: Option<UserId>,
    pub requires_ack: bool,
    pub deleted: bool,
}

/// A message of the tenant by id; 404 for an unknown one or another tenant's.
pub fn message_row(c: &Connection, tenant: &TenantId, id: &MessageId) -> ApiResult<MessageRow> {
    c.prepare_cached(
        "SELECT seq, id, channel_id, sender_id, requires_ack, deleted_at IS NOT NULL FROM chat_messages
         WHERE tenant_id = ?1 AND id = ?2",
    )?
    .query_row((tenant, id), |r| {
        Ok(MessageRow {
            seq: r.get(0)?,
            id: r.get(1)?,
            channel_id: r.get(2)?,
            sender_id: r.get(3)?,
            requires_ack: r.get(4)?,
            deleted: r.get(5)?,
        })
    })
    .optional()?
    .ok_or(ApiError::NotFound)
}

/// The sender's message sent with `client_id`, if any.
pub fn by_client_id(c: &Connection, sender: &UserId, client_id: &str) -> ApiResult<Option<i64>> {
    Ok(c.prepare_cached("SELECT seq FROM chat_messages WHERE sender_id = ?1 AND client_id = ?2")?
        .query_row((sender, client_id), |r| r.get(0))
        .optional()?)
}

pub struct NewMessage<'a> {
    pub id: &'a MessageId,
    pub channel_id: &'a ChannelId,
    pub sender_id: &'a UserId,
    pub content: &'a str,
    pub reply_to_id: Option<&'a MessageId>,
    pub mentions: &'a [UserId],
    pub attachments: &'a [Attachment],
    pub requires_ack: bool,
    pub client_id: Option<&'a str>,
}

/// Writes a message, makes it the channel's newest and moves the sender's cursor past it;
/// answers its `seq`.
pub fn insert_message(tx: &Tx<'_>, tenant: &TenantId, m: &NewMessage<'_>, now: jiff::Timestamp) -> ApiResult<i64> {
    let now = format_ts(now);
    tx.prepare_cached(
        "INSERT INTO chat_messages (id, tenant_id, channel_id, sender_id, content, reply_to_id, mentions, attachments,
            requires_ack, client_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute((
        m.id,
        tenant,
        m.channel_id,
        m.sender_id,
        m.content,
        m.reply_to_id,
        json_array(m.mentions.iter().map(UserId::as_str)),
        serde_json::to_string(m.attachments).unwrap_or_else(|_| "[]".into()),
        m.requires_ack,
        m.client_id,
        &now,
    ))?;
    let seq = tx.last_insert_rowid();
    let mut attach = tx.prepare_cached("INSERT INTO chat_attachments (message_seq, file_id) VALUES (?1, ?2)")?;
    for file in m.attachments {
        attach.execute((seq, &file.file_id))?;
    }
    tx.prepare_cached("UPDATE chat_channels SET last_seq = ?2, updated_at = ?3 WHERE id = ?1")?.execute((
        m.channel_id,
        seq,
        &now,
    ))?;
    move_cursor(tx, m.channel_id, m.sender_id, seq)?;
    Ok(seq)
}

pub fn edit_message(tx: &Tx<'_>, seq: i64, content: &str, mentions: &[UserId], now: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached("UPDATE chat_messages SET content = ?2, mentions = ?3, edited_at = ?4 WHERE seq = ?1")?
        .execute((seq, content, json_array(mentions.iter().map(UserId::as_str)), format_ts(now)))?;
    Ok(())
}

/// Empties a message in its place; its reactions go with its content.
pub fn delete_message(tx: &Tx<'_>, seq: i64, now: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached(
        "UPDATE chat_messages SET content = '', mentions = '[]', attachments = '[]', deleted_at = ?2 WHERE seq = ?1",
    )?
    .execute((seq, format_ts(now)))?;
    tx.prepare_cached("DELETE FROM chat_reactions WHERE message_seq = ?1")?.execute([seq])?;
    Ok(())
}

const MESSAGE_COLUMNS: &str = "seq, id, channel_id, sender_id, content, reply_to_id, mentions, attachments,
    requires_ack, client_id, created_at, edited_at, deleted_at";

fn message(r: &Row<'_>) -> rusqlite::Result<Message> {
    let mentions: String = r.get(6)?;
    let attachments: String = r.get(7)?;
    Ok(Message {
        seq: r.get::<_, i64>(0)?.to_string(),
        id: r.get(1)?,
        channel_id: r.get(2)?,
        sender_id: r.get(3)?,
        content: r.get(4)?,
        reply_to_id: r.get(5)?,
        // Most messages have neither: no parse for an empty list.
        mentions: if mentions == "[]" { Vec::new() } else { serde_json::from_str(&mentions).unwrap_or_default() },
        attachments: if attachments == "[]" {
            Vec::new()
        } else {
            serde_json::from_str(&attachments).unwrap_or_default()
        },
        requires_ack: r.get(8)?,
        client_id: r.get(9)?,
        created_at: r.get(10)?,
        edited_at: r.get(11)?,
        deleted_at: r.get(12)?,
        acked_by: Vec::new(),
        reactions: Vec::new(),
    })
}

/// Which way a page of history runs from its cursor.
#[derive(Debug, Clone, Copy)]
pub enum Direction {
    /// Newest first, older than the cursor (none: from the newest).
    Older(Option<i64>),
    /// Oldest first, newer than the cursor.
    Newer(i64),
}

/// A page of a channel's messages with their reactions and acknowledgements.
pub fn history(c: &Connection, channel: &ChannelId, direction: Direction, limit: u32) -> ApiResult<Vec<Message>> {
    let mut messages: Vec<Message> = match direction {
        Direction::Older(before) => c
            .prepare_cached(&format!(
                "SELECT {MESSAGE_COLUMNS} FROM chat_messages WHERE channel_id = ?1 AND seq < ?2 ORDER BY seq DESC LIMIT ?3"
            ))?
            .query_map((channel, before.unwrap_or(i64::MAX), limit), message)?
            .collect::<Result<_, _>>()?,
        Direction::Newer(after) => c
            .prepare_cached(&format!(
                "SELECT {MESSAGE_COLUMNS} FROM chat_messages WHERE channel_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3"
            ))?
            .query_map((channel, after, limit), message)?
            .collect::<Result<_, _>>()?,
    };
    decorate(c, &mut messages)?;
    Ok(messages)
}

/// One message by `seq`, decorated.
pub fn message_at(c: &Connection, seq: i64) -> ApiResult<Message> {
    let mut found: Vec<Message> = c
        .prepare_cached(&format!("SELECT {MESSAGE_COLUMNS} FROM chat_messages WHERE seq = ?1"))?
        .query_map([seq], message)?
        .collect::<Result<_, _>>()?;
    decorate(c, &mut found)?;
    found.pop().ok_or(ApiError::NotFound)
}

/// Fills in reactions and acknowledgements, two queries for the whole page.
fn decorate(c: &Connection, messages: &mut [Message]) -> ApiResult<()> {
    if messages.is_empty() {
        return Ok(());
    }
    // A page is one stretch of `seq`: one range scan of each primary key (other channels'
    // messages in the stretch find no message here and are left out).
    let seqs: Vec<i64> = messages.iter().map(|m| m.seq.parse().unwrap_or_default()).collect();
    let (low, high) = (seqs.iter().min().copied().unwrap_or(0), seqs.iter().max().copied().unwrap_or(0));
    let mut by_seq: BTreeMap<i64, Vec<Reaction>> = BTreeMap::new();
    let mut stmt = c.prepare_cached(
        "SELECT message_seq, emoji, user_id FROM chat_reactions WHERE message_seq BETWEEN ?1 AND ?2
         ORDER BY message_seq, created_at, user_id",
    )?;
    let rows =
        stmt.query_map([low, high], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, UserId>(2)?)))?;
    for row in rows {
        let (seq, emoji, user) = row?;
        let list = by_seq.entry(seq).or_default();
        match list.iter_mut().find(|x| x.emoji == emoji) {
            Some(reaction) => {
                reaction.count += 1;
                reaction.user_ids.push(user);
            }
            None => list.push(Reaction { emoji, count: 1, user_ids: vec![user] }),
        }
    }
    let mut acks: BTreeMap<i64, Vec<UserId>> = BTreeMap::new();
    if messages.iter().any(|m| m.requires_ack) {
        let mut stmt = c.prepare_cached(
            "SELECT message_seq, user_id FROM chat_acks WHERE message_seq BETWEEN ?1 AND ?2
             ORDER BY message_seq, acked_at, user_id",
        )?;
        for row in stmt.query_map([low, high], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, UserId>(1)?)))? {
            let (seq, user) = row?;
            acks.entry(seq).or_default().push(user);
        }
    }
    for (m, seq) in messages.iter_mut().zip(seqs) {
        m.reactions = by_seq.remove(&seq).unwrap_or_default();
        m.acked_by = acks.remove(&seq).unwrap_or_default();
    }
    Ok(())
}

/// How many different emoji a message carries.
pub fn emoji_count(c: &Connection, seq: i64) -> ApiResult<u32> {
    Ok(c.prepare_cached("SELECT count(DISTINCT emoji) FROM chat_reactions WHERE message_seq = ?1")?
        .query_row([seq], |r| r.get(0))?)
}

pub fn has_reaction(c: &Connection, seq: i64, emoji: &str) -> ApiResult<bool> {
    Ok(c.prepare_cached("SELECT 1 FROM chat_reactions WHERE message_seq = ?1 AND emoji = ?2")?
        .query_row((seq, emoji), |_| Ok(()))
        .optional()?
        .is_some())
}

pub fn add_reaction(tx: &Tx<'_>, seq: i64, emoji: &str, user: &UserId, now: jiff::Timestamp) -> ApiResult<bool> {
    Ok(tx
        .prepare_cached(
            "INSERT INTO chat_reactions (message_seq, emoji, user_id, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT DO NOTHING",
        )?
        .execute((seq, emoji, user, format_ts(now)))?
        > 0)
}

pub fn remove_reaction(tx: &Tx<'_>, seq: i64, emoji: &str, user: &UserId) -> ApiResult<bool> {
    Ok(tx
        .prepare_cached("DELETE FROM chat_reactions WHERE message_seq = ?1 AND emoji = ?2 AND user_id = ?3")?
        .execute((seq, emoji, user))?
        > 0)
}

pub fn add_ack(tx: &Tx<'_>, seq: i64, user: &UserId, now: jiff::Timestamp) -> ApiResult<bool> {
    Ok(tx
        .prepare_cached(
            "INSERT INTO chat_acks (message_seq, user_id, acked_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        )?
        .execute((seq, user, format_ts(now)))?
        > 0)
}

/// Who acknowledged a message, and the channel's members who have not.
pub fn acks(c: &Connection, channel: &ChannelId, seq: i64) -> ApiResult<(Vec<Acked>, Vec<ChatUser>)> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {USER_COLUMNS}, a.acked_at FROM chat_acks a JOIN users u ON u.id = a.user_id
         WHERE a.message_seq = ?1 ORDER BY a.acked_at, u.id"
    ))?;
    let acked = stmt
        .query_map([seq], |r| Ok(Acked { user: chat_user(r, 0)?, acked_at: r.get(5)? }))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {USER_COLUMNS} FROM chat_members m JOIN users u ON u.id = m.user_id
         WHERE m.channel_id = ?1 AND u.status = 'active'
           AND NOT EXISTS (SELECT 1 FROM chat_acks a WHERE a.message_seq = ?2 AND a.user_id = m.user_id)
           AND m.user_id IS NOT (SELECT sender_id FROM chat_messages WHERE seq = ?2)
         ORDER BY lower(u.first_name), lower(u.last_name), u.id"
    ))?;
    let pending = stmt.query_map((channel, seq), |r| chat_user(r, 0))?.collect::<Result<Vec<_>, _>>()?;
    Ok((acked, pending))
}
