//! Who may do what in a channel: another tenant's channel (or an unknown one) is 404, a
//! channel of the caller's tenant they are not in is 403 (Chat issue), and moderation belongs
//! to `chat.manage` holders outside direct conversations and to a group's creator.

use rusqlite::Connection;

use super::model::ChannelKind;
use super::store::{self, ChannelRow, MessageRow};
use crate::access::perm::{self, Permission};
use crate::auth::Principal;
use crate::http::{ApiError, ApiResult};
use crate::ids::{ChannelId, MessageId};

pub fn channel_id(text: &str) -> ApiResult<ChannelId> {
    ChannelId::parse(text).ok_or(ApiError::NotFound)
}

pub fn message_id(text: &str) -> ApiResult<MessageId> {
    MessageId::parse(text).ok_or(ApiError::NotFound)
}

/// A channel the caller is a member of, with their read cursor.
pub fn member_channel(c: &Connection, caller: &Principal, id: &ChannelId) -> ApiResult<(ChannelRow, i64)> {
    let (channel, cursor) = store::channel_and_cursor(c, caller.tenant(), id, &caller.user)?;
    Ok((channel, cursor.ok_or(ApiError::Forbidden)?))
}

/// A message of a channel the caller is a member of; 404 when the message is in another
/// channel than the path says.
pub fn member_message(
    c: &Connection,
    caller: &Principal,
    channel: &ChannelId,
    message: &MessageId,
) -> ApiResult<(ChannelRow, MessageRow)> {
    let (channel, _) = member_channel(c, caller, channel)?;
    let message = store::message_row(c, caller.tenant(), message)?;
    if message.channel_id != channel.id {
        return Err(ApiError::NotFound);
    }
    Ok((channel, message))
}

/// May delete others' messages and change a group's members.
pub fn moderates(caller: &Principal, channel: &ChannelRow) -> bool {
    match channel.kind {
        ChannelKind::Direct => false,
        ChannelKind::Group => {
            caller.allows(perm::ChatManage::CODE) || channel.created_by.as_ref() == Some(&caller.user)
        }
        _ => caller.allows(perm::ChatManage::CODE),
    }
}
