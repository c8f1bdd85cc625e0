//! The wire shapes of chat (DESIGN §14): channels, members, messages and their requests.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::http::{ApiError, ApiResult, Msg};
use crate::ids::{ChannelId, MessageId, SmartGroupId, UserId};

/// What a channel is. General and Admins & Owners exist once per tenant; a smart-group room
/// follows its group; a direct channel is unique per pair; a group is made by its members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    General,
    Admins,
    SmartGroup,
    Direct,
    Group,
}

impl ChannelKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::General => "general",
            ChannelKind::Admins => "admins",
            ChannelKind::SmartGroup => "smart_group",
            ChannelKind::Direct => "direct",
            ChannelKind::Group => "group",
        }
    }

    pub fn parse(text: &str) -> Option<ChannelKind> {
        Some(match text {
            "general" => ChannelKind::General,
            "admins" => ChannelKind::Admins,
            "smart_group" => ChannelKind::SmartGroup,
            "direct" => ChannelKind::Direct,
            "group" => ChannelKind::Group,
            _ => return None,
        })
    }

    /// Rooms of seed 000: the tenant's own and the smart groups'; members come from data,
    /// never from a request.
    pub fn is_room(self) -> bool {
        matches!(self, ChannelKind::General | ChannelKind::Admins | ChannelKind::SmartGroup)
    }
}

/// A person as chat shows them.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatUser {
    pub id: UserId,
    pub first_name: String,
    pub last_name: String,
    /// `owner`, `tenant_admin`, `manager` or `user`.
    pub role: String,
    #[serde(skip)]
    pub avatar_file_id: Option<crate::ids::FileId>,
    /// A signed link to their picture (an `<img>` can use it for a day), if they set one.
    pub avatar_url: Option<String>,
    /// Has an open connection to the real-time hub now.
    pub online: bool,
}

/// The newest message of a channel, for the channel list.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LastMessage {
    pub id: MessageId,
    pub sender_id: Option<UserId>,
    /// Empty when deleted.
    pub content: String,
    pub has_attachments: bool,
    pub created_at: String,
}

/// A channel as the caller sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Channel {
    pub id: ChannelId,
    pub kind: ChannelKind,
    /// The room's or group's name; for a direct channel the other person's name.
    pub name: String,
    pub smart_group_id: Option<SmartGroupId>,
    /// For a direct channel: the other person.
    pub direct_user: Option<ChatUser>,
    pub member_count: u32,
    pub created_by: Option<UserId>,
    /// The caller's read cursor (`"0"`: nothing read).
    pub read_cursor: String,
    /// Messages of others after the caller's cursor.
    pub unread_count: u32,
    pub last_message: Option<LastMessage>,
    pub created_at: String,
    pub updated_at: String,
}

/// A member of a channel with their read cursor: a message is "seen by" every member whose
/// cursor is at or after its `seq`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChannelMember {
    #[serde(flatten)]
    pub user: ChatUser,
    pub read_cursor: String,
    pub joined_at: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChannelDetail {
    #[serde(flatten)]
    pub channel: Channel,
    pub members: Vec<ChannelMember>,
}

/// `GET /chat/rooms` (seed 000): the caller's rooms and the admins and owners for the sidebar.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Rooms {
    pub items: Vec<Channel>,
    pub admins_and_owners: Vec<ChatUser>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Channels {
    pub items: Vec<Channel>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoomSyncEntry {
    pub smart_group_id: SmartGroupId,
    /// The room's name; the group's name when left out.
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: Option<String>,
    /// Ignored: a room's members are its group's (DESIGN §14).
    #[schema(max_items = 1000)]
    pub member_ids: Option<Vec<serde_json::Value>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoomSync {
    #[schema(max_items = 100)]
    pub smart_groups: Vec<RoomSyncEntry>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewDirect {
    pub user_id: UserId,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewGroupChat {
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: String,
    /// The other members; the creator is always one.
    #[schema(min_items = 1, max_items = 100)]
    pub member_ids: Vec<UserId>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupRename {
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddMembers {
    #[schema(min_items = 1, max_items = 100)]
    pub user_ids: Vec<UserId>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UsersQuery {
    /// Part of a first or last name.
    #[param(max_length = 100)]
    pub q: Option<String>,
}

/// One reaction of a message: who reacted with it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Reaction {
    pub emoji: String,
    pub count: u32,
    pub user_ids: Vec<UserId>,
}

/// A file sent with a message.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub file_id: String,
    pub name: String,
    pub content_type: String,
    pub size: u64,
}

/// A message (DESIGN §14). A deleted one keeps its place with empty content.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub id: MessageId,
    /// The message's cursor: opaque, compare by position in lists.
    pub seq: String,
    pub channel_id: ChannelId,
    pub sender_id: Option<UserId>,
    pub content: String,
    pub reply_to_id: Option<MessageId>,
    pub mentions: Vec<UserId>,
    pub attachments: Vec<Attachment>,
    pub requires_ack: bool,
    /// Who has acknowledged an announcement (empty otherwise).
    pub acked_by: Vec<UserId>,
    pub reactions: Vec<Reaction>,
    pub client_id: Option<String>,
    pub created_at: String,
    pub edited_at: Option<String>,
    pub deleted_at: Option<String>,
}

/// A page of history: newest first with `nextCursor` for older messages, or with `after`
/// oldest first with `nextCursor` for newer ones.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessagePage {
    pub items: Vec<Message>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    /// 1 to 100, default 50.
    #[serde(default, deserialize_with = "crate::http::page::page_number")]
    #[param(minimum = 1, maximum = 2147483647)]
    pub limit: Option<u32>,
    /// Older than this cursor (a message's `seq` or a page's `nextCursor`).
    #[param(pattern = "^[0-9]{1,18}$")]
    pub cursor: Option<String>,
    /// The same as `cursor` (seed 000).
    #[param(pattern = "^[0-9]{1,18}$")]
    pub before: Option<String>,
    /// Newer than this cursor, oldest first: the catch-up after a reconnect.
    #[param(pattern = "^[0-9]{1,18}$")]
    pub after: Option<String>,
}

/// Reads a cursor of the wire: the decimal `seq`.
pub fn parse_cursor(field: &str, text: &str) -> ApiResult<i64> {
    let ok = !text.is_empty() && text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| text.parse().ok()).flatten().ok_or_else(|| ApiError::validation(field, Msg::FieldInvalid))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewMessage {
    /// Plain text, rendered as text; line breaks kept. May be empty when files go along.
    #[serde(default)]
    #[schema(max_length = 4000, pattern = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$")]
    pub content: String,
    /// Files uploaded by the sender (`POST /api/v1/files/presign`), at most 10.
    #[schema(max_items = 10)]
    pub attachments: Option<Vec<crate::ids::FileId>>,
    pub reply_to_id: Option<MessageId>,
    /// People to notify; only members of the channel are kept.
    #[schema(max_items = 100)]
    pub mentions: Option<Vec<UserId>>,
    /// An announcement that members acknowledge (needs `chat.manage`).
    pub requires_ack: Option<bool>,
    /// The sender's idempotency key: a retried send answers the first message.
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub client_id: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MessageEdit {
    #[schema(
        min_length = 1,
        max_length = 4000,
        pattern = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$"
    )]
    pub content: String,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReadUpTo {
    /// A message of the channel; the newest when left out. The cursor never moves back.
    pub message_id: Option<MessageId>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReadState {
    pub channel_id: ChannelId,
    pub read_cursor: String,
    pub unread_count: u32,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChannelUnread {
    pub channel_id: ChannelId,
    pub unread_count: u32,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnreadCount {
    /// Messages of others after the caller's cursors, over every channel.
    pub count: u32,
    pub channels: Vec<ChannelUnread>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Acked {
    pub user: ChatUser,
    pub acked_at: String,
}

/// Who has acknowledged an announcement and who has not.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Acks {
    pub message_id: MessageId,
    pub acknowledged: Vec<Acked>,
    pub pending: Vec<ChatUser>,
}

/// Content as sent: at most 4,000 characters, not blank (unless `may_be_empty`: files go
/// along), no control characters but line breaks and tabs.
pub fn check_content(text: &str, may_be_empty: bool) -> ApiResult<String> {
    if text.chars().count() > 4000 {
        return Err(ApiError::validation("content", Msg::FieldTooLong));
    }
    let trimmed = text.trim();
    if trimmed.is_empty() && !may_be_empty {
        return Err(ApiError::validation("content", Msg::FieldBlank));
    }
    if trimmed.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(ApiError::validation("content", Msg::FieldInvalid));
    }
    Ok(trimmed.to_string())
}

/// An emoji as a path segment: one short symbol, no letters, digits, spaces or controls.
pub fn check_emoji(text: &str) -> ApiResult<String> {
    let chars = text.chars().count();
    let plain = text.chars().any(|c| c.is_ascii_alphanumeric() || c.is_whitespace() || c.is_control());
    if chars == 0 || chars > 8 || text.len() > 32 || plain || text.is_ascii() {
        return Err(ApiError::validation("emoji", Msg::FieldInvalid));
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_are_decimal_sequence_numbers() {
        assert_eq!(parse_cursor("cursor", "42").ok(), Some(42));
        for bad in ["", "-1", "1e3", "abc", "1234567890123456789", " 1"] {
            assert!(parse_cursor("cursor", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn content_keeps_lines_and_refuses_blank_long_and_controls() {
        assert_eq!(check_content("  hi\nthere ", false).ok().as_deref(), Some("hi\nthere"));
        assert!(check_content(" \n ", false).is_err());
        assert!(check_content(" ", true).is_ok());
        assert!(check_content(&"x".repeat(4001), true).is_err());
        assert!(check_content(&"é".repeat(4000), false).is_ok(), "characters, not bytes");
        assert!(check_content("a\u{1b}[31m", true).is_err());
    }

    #[test]
    fn emoji_are_short_symbols() {
        for good in ["👍", "❤️", "🎉", "👩‍🔬"] {
            assert!(check_emoji(good).is_ok(), "{good}");
        }
        for bad in ["", "a", "ok", ":)", "👍 ", "👍👍👍👍👍👍👍👍👍"] {
            assert!(check_emoji(bad).is_err(), "{bad:?}");
        }
    }
}
