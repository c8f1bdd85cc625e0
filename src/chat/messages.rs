//! Message routes (DESIGN §14): history by `seq` cursor, send (idempotent by `clientId`),
//! edit and delete, reactions, announcements and their acknowledgements. Every change writes
//! its event for the channel in the same write job; the hub fans it out after commit.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::access::{channel_id, member_channel, member_message, message_id, moderates};
use super::model::{
    Acks, Attachment, HistoryQuery, Message, MessageEdit, MessagePage, NewMessage, check_content, check_emoji,
    parse_cursor,
};
use super::store::{self, Direction};
use crate::access::perm::{self, Permission};
use crate::auth::{Member, Principal};
use crate::db::Tx;
use crate::events::{self, Audience};
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Created, Envelope, Msg};
use crate::ids::{ChannelId, MessageId, TenantId, UserId};
use crate::state::AppState;

/// Most distinct emoji one message carries.
const MAX_EMOJI: u32 = 20;

fn emit_message(tx: &Tx<'_>, tenant: &TenantId, kind: &str, message: &Message, now: jiff::Timestamp) -> ApiResult<()> {
    let payload = serde_json::to_value(message).map_err(ApiError::internal)?;
    events::emit(tx, tenant, kind, &[Audience::Channel(message.channel_id.clone())], &payload, now)
}

/// `@name` words that name exactly one member by (the first word of) their first name, plus
/// the ids sent that are members; nobody outside the channel. Reads only the people named, not
/// the whole room (General holds everyone).
fn mentions_in(tx: &Tx<'_>, channel: &ChannelId, content: &str, sent: &[UserId]) -> ApiResult<Vec<UserId>> {
    let mut found = Vec::new();
    for id in sent {
        if store::read_seq(tx, channel, id)?.is_some() {
            found.push(id.clone());
        }
    }
    for word in content.split('@').skip(1).take(20) {
        let name: String = word.chars().take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_').collect();
        if !name.is_empty() {
            found.extend(store::member_by_first_name(tx, channel, &name.to_lowercase())?);
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

/// History, newest first (`cursor` / `before` for older pages), or with `after` oldest first
/// from a cursor: the catch-up after a reconnect.
#[utoipa::path(get, path = "/api/v1/chat/channels/{id}/messages", tag = "chat",
    params(("id" = String, Path), HistoryQuery),
    responses((status = 200, body = Envelope<MessagePage>)), security(("bearer" = [])))]
pub async fn history(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> ApiResult<ApiOk<MessagePage>> {
    let id = channel_id(&id)?;
    let limit = query.limit.unwrap_or(50).clamp(1, 100);
    let older = match (&query.cursor, &query.before) {
        (Some(c), _) => Some(parse_cursor("cursor", c)?),
        (None, Some(b)) => Some(parse_cursor("before", b)?),
        (None, None) => None,
    };
    let direction = match &query.after {
        Some(_) if older.is_some() => {
            let problem =
                crate::http::error::FieldProblem::with_detail(Msg::FieldInvalid, "not together with cursor or before");
            return Err(ApiError::validation("after", problem));
        }
        Some(after) => Direction::Newer(parse_cursor("after", after)?),
        None => Direction::Older(older),
    };
    let principal = caller.principal.clone();
    let items = app
        .db
        .read(move |c| {
            member_channel(c, &principal, &id)?;
            store::history(c, &id, direction, limit)
        })
        .await?;
    let next_cursor = (items.len() == limit as usize).then(|| items.last().map(|m| m.seq.clone())).flatten();
    Ok(ApiOk(MessagePage { items, next_cursor }))
}

/// Sends a message. A retry with the same `clientId` answers the first message (200), never a
/// second one.
#[utoipa::path(post, path = "/api/v1/chat/channels/{id}/messages", tag = "chat",
    params(("id" = String, Path)), request_body = NewMessage,
    responses((status = 201, body = Envelope<Message>), (status = 200, description = "sent before with this clientId", body = Envelope<Message>),
        (status = 404, description = "the channel, or the message replied to, is not there")),
    security(("bearer" = [])))]
pub async fn send(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<NewMessage>,
) -> ApiResult<Response> {
    let id = channel_id(&id)?;
    let files = body.attachments.unwrap_or_default();
    if files.len() > 10 {
        return Err(ApiError::validation("attachments", Msg::FieldTooLong));
    }
    let content = check_content(&body.content, !files.is_empty())?;
    let client_id = body.client_id.map(|key| crate::http::text::one_line("clientId", &key, 100)).transpose()?;
    let requires_ack = body.requires_ack.unwrap_or(false);
    if requires_ack && !caller.allows(perm::ChatManage::CODE) {
        return Err(ApiError::Forbidden);
    }
    let sent_mentions = body.mentions.unwrap_or_default();
    if sent_mentions.len() > 100 {
        return Err(ApiError::validation("mentions", Msg::FieldTooLong));
    }
    let (principal, now, reply_to) = (caller.principal.clone(), app.clock.now(), body.reply_to_id);
    let (message, created) = app
        .db
        .write(move |tx| {
            member_channel(tx, &principal, &id)?;
            if let Some(key) = &client_id
                && let Some(seq) = store::by_client_id(tx, &principal.user, key)?
            {
                return Ok((store::message_at(tx, seq)?, false));
            }
            if let Some(reply) = &reply_to
                && store::message_row(tx, principal.tenant(), reply)?.channel_id != id
            {
                return Err(ApiError::NotFound);
            }
            let mentions = mentions_in(tx, &id, &content, &sent_mentions)?;
            let attachments: Vec<Attachment> =
                crate::files::routes::own_stored(tx, principal.tenant(), &principal.user, &files)?
                    .into_iter()
                    .map(|f| Attachment {
                        file_id: f.id.to_string(),
                        name: f.name,
                        content_type: f.content_type,
                        size: f.size.unwrap_or(0),
                    })
                    .collect();
            let message_id = MessageId::generate();
            let new = store::NewMessage {
                id: &message_id,
                channel_id: &id,
                sender_id: &principal.user,
                content: &content,
                reply_to_id: reply_to.as_ref(),
                mentions: &mentions,
                attachments: &attachments,
                requires_ack,
                client_id: client_id.as_deref(),
            };
            let seq = store::insert_message(tx, principal.tenant(), &new, now)?;
            let message = store::message_at(tx, seq)?;
            emit_message(tx, principal.tenant(), "chat.message", &message, now)?;
            if requires_ack {
                let payload = json!({ "channelId": id, "messageId": message_id, "senderId": principal.user });
                events::emit(
                    tx,
                    principal.tenant(),
                    "chat.ack.requested",
                    &[Audience::Channel(id.clone())],
                    &payload,
                    now,
                )?;
            }
            Ok((message, true))
        })
        .await?;
    Ok(if created { Created(message).into_response() } else { ApiOk(message).into_response() })
}

/// Changes the text of one's own message.
#[utoipa::path(patch, path = "/api/v1/chat/channels/{id}/messages/{messageId}", tag = "chat",
    params(("id" = String, Path), ("messageId" = String, Path)), request_body = MessageEdit,
    responses((status = 200, body = Envelope<Message>), (status = 409, description = "the message was deleted")),
    security(("bearer" = [])))]
pub async fn edit(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiPath((id, message)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<MessageEdit>,
) -> ApiResult<ApiOk<Message>> {
    let (id, message) = (channel_id(&id)?, message_id(&message)?);
    let content = check_content(&body.content, false)?;
    let edited = on_message(&app, &caller, id, message, move |tx, principal, channel, row, now| {
        let id = channel.id;
        if row.sender_id.as_ref() != Some(&principal.user) {
            return Err(ApiError::Forbidden);
        }
        if row.deleted {
            return Err(ApiError::Conflict(Msg::ChatMessageDeleted));
        }
        let mentions = mentions_in(tx, &id, &content, &store::message_at(tx, row.seq)?.mentions)?;
        store::edit_message(tx, row.seq, &content, &mentions, now)?;
        let edited = store::message_at(tx, row.seq)?;
        emit_message(tx, principal.tenant(), "chat.message.updated", &edited, now)?;
        Ok(edited)
    })
    .await?;
    Ok(ApiOk(edited))
}

/// Deletes a message: one's own, or any in a channel one moderates. It keeps its place in
/// the history with empty content.
#[utoipa::path(delete, path = "/api/v1/chat/channels/{id}/messages/{messageId}", tag = "chat",
    params(("id" = String, Path), ("messageId" = String, Path)),
    responses((status = 200, body = Envelope<Message>)), security(("bearer" = [])))]
pub async fn delete(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiPath((id, message)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<Message>> {
    let (id, message) = (channel_id(&id)?, message_id(&message)?);
    let deleted = on_message(&app, &caller, id, message, move |tx, principal, channel, row, now| {
        if row.sender_id.as_ref() != Some(&principal.user) && !moderates(principal, &channel) {
            return Err(ApiError::Forbidden);
        }
        let id = channel.id;
        if row.deleted {
            return store::message_at(tx, row.seq);
        }
        store::delete_message(tx, row.seq, now)?;
        let payload = json!({ "id": row.id, "channelId": id, "seq": row.seq.to_string(), "deletedBy": principal.user });
        events::emit(tx, principal.tenant(), "chat.message.deleted", &[Audience::Channel(id.clone())], &payload, now)?;
        store::message_at(tx, row.seq)
    })
    .await?;
    Ok(ApiOk(deleted))
}

/// One write job on a message of a channel the caller is in (404 and 403 answered first), with
/// the channel, the message and the time; the routes below differ only in `work`.
async fn on_message<T, F>(
    app: &AppState,
    caller: &Principal,
    channel: ChannelId,
    message: MessageId,
    work: F,
) -> ApiResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Tx<'_>, &Principal, super::store::ChannelRow, super::store::MessageRow, jiff::Timestamp) -> ApiResult<T>
        + Send
        + 'static,
{
    let (principal, now) = (caller.clone(), app.clock.now());
    app.db
        .write(move |tx| {
            let (channel, row) = member_message(tx, &principal, &channel, &message)?;
            work(tx, &principal, channel, row, now)
        })
        .await
}

/// The change of a message's reactions, heard by the channel.
fn emit_reactions(tx: &Tx<'_>, principal: &Principal, seq: i64, now: jiff::Timestamp) -> ApiResult<Message> {
    let message = store::message_at(tx, seq)?;
    let payload = json!({
        "messageId": message.id, "channelId": message.channel_id, "userId": principal.user,
        "reactions": message.reactions,
    });
    events::emit(
        tx,
        principal.tenant(),
        "chat.reaction",
        &[Audience::Channel(message.channel_id.clone())],
        &payload,
        now,
    )?;
    Ok(message)
}

/// Adds the caller's reaction (idempotent).
#[utoipa::path(put, path = "/api/v1/chat/channels/{id}/messages/{messageId}/reactions/{emoji}", tag = "chat",
    params(("id" = String, Path), ("messageId" = String, Path), ("emoji" = String, Path, description = "one emoji, URL-encoded")),
    responses((status = 200, body = Envelope<Message>), (status = 400, description = "not one emoji"),
        (status = 409, description = "the message was deleted, or carries 20 different emoji")),
    security(("bearer" = [])))]
pub async fn react(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiPath((id, message, emoji)): ApiPath<(String, String, String)>,
) -> ApiResult<ApiOk<Message>> {
    let (id, message) = (channel_id(&id)?, message_id(&message)?);
    let emoji = check_emoji(&emoji)?;
    let answer = on_message(&app, &caller, id, message, move |tx, principal, _, row, now| {
        if row.deleted {
            return Err(ApiError::Conflict(Msg::ChatMessageDeleted));
        }
        if !store::has_reaction(tx, row.seq, &emoji)? && store::emoji_count(tx, row.seq)? >= MAX_EMOJI {
            return Err(ApiError::Conflict(Msg::ChatTooManyReactions));
        }
        if store::add_reaction(tx, row.seq, &emoji, &principal.user, now)? {
            emit_reactions(tx, principal, row.seq, now)
        } else {
            store::message_at(tx, row.seq)
        }
    })
    .await?;
    Ok(ApiOk(answer))
}

/// Takes the caller's reaction back (idempotent).
#[utoipa::path(delete, path = "/api/v1/chat/channels/{id}/messages/{messageId}/reactions/{emoji}", tag = "chat",
    params(("id" = String, Path), ("messageId" = String, Path), ("emoji" = String, Path, description = "one emoji, URL-encoded")),
    responses((status = 200, body = Envelope<Message>), (status = 400, description = "not one emoji")),
    security(("bearer" = [])))]
pub async fn unreact(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiPath((id, message, emoji)): ApiPath<(String, String, String)>,
) -> ApiResult<ApiOk<Message>> {
    let (id, message) = (channel_id(&id)?, message_id(&message)?);
    let emoji = check_emoji(&emoji)?;
    let answer = on_message(&app, &caller, id, message, move |tx, principal, _, row, now| {
        if store::remove_reaction(tx, row.seq, &emoji, &principal.user)? {
            emit_reactions(tx, principal, row.seq, now)
        } else {
            store::message_at(tx, row.seq)
        }
    })
    .await?;
    Ok(ApiOk(answer))
}

/// Acknowledges an announcement (idempotent).
#[utoipa::path(post, path = "/api/v1/chat/channels/{id}/messages/{messageId}/ack", tag = "chat",
    params(("id" = String, Path), ("messageId" = String, Path)),
    responses((status = 200, body = Envelope<Message>), (status = 409, description = "the message asks for no acknowledgement")),
    security(("bearer" = [])))]
pub async fn ack(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiPath((id, message)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<Message>> {
    let (id, message) = (channel_id(&id)?, message_id(&message)?);
    let answer = on_message(&app, &caller, id, message, move |tx, principal, channel, row, now| {
        let id = channel.id;
        if !row.requires_ack || row.deleted {
            return Err(ApiError::Conflict(Msg::ChatNotAnnouncement));
        }
        if store::add_ack(tx, row.seq, &principal.user, now)? {
            let payload = json!({ "messageId": row.id, "channelId": id, "userId": principal.user });
            events::emit(tx, principal.tenant(), "chat.acked", &[Audience::Channel(id.clone())], &payload, now)?;
        }
        store::message_at(tx, row.seq)
    })
    .await?;
    Ok(ApiOk(answer))
}

/// Who has acknowledged an announcement and who not: for its sender and `chat.manage` holders.
#[utoipa::path(get, path = "/api/v1/chat/channels/{id}/messages/{messageId}/acks", tag = "chat",
    params(("id" = String, Path), ("messageId" = String, Path)),
    responses((status = 200, body = Envelope<Acks>), (status = 409, description = "the message asks for no acknowledgement")),
    security(("bearer" = [])))]
pub async fn acks(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiPath((id, message)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<Acks>> {
    let (id, message) = (channel_id(&id)?, message_id(&message)?);
    let principal = caller.principal.clone();
    let answer = app
        .db
        .read(move |c| {
            let (_, row) = member_message(c, &principal, &id, &message)?;
            if row.sender_id.as_ref() != Some(&principal.user) && !principal.allows(perm::ChatManage::CODE) {
                return Err(ApiError::Forbidden);
            }
            if !row.requires_ack {
                return Err(ApiError::Conflict(Msg::ChatNotAnnouncement));
            }
            let (acknowledged, pending) = store::acks(c, &id, row.seq)?;
            Ok(Acks { message_id: row.id, acknowledged, pending })
        })
        .await?;
    Ok(ApiOk(answer))
}
