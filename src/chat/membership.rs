//! Who is in which room (DESIGN §14): General holds every active member, Admins & Owners the
//! active owners and tenant admins, a smart-group room its group's materialised members.
//! [`refresh`] runs inside `groups::membership::refresh`, the one place every write job that
//! changes a user, a role or a group calls before it commits. Direct and group channels keep
//! the members their people chose.

use std::collections::BTreeSet;

use serde_json::json;

use super::model::ChannelKind;
use super::store::{self, NewChannel};
use crate::db::Tx;
use crate::events::{self, Audience};
use crate::http::ApiResult;
use crate::ids::{ChannelId, SmartGroupId, TenantId, UserId};

pub const GENERAL_NAME: &str = "General";
pub const ADMINS_NAME: &str = "Admins & Owners";

/// Makes the tenant's fixed rooms if missing and brings every room's members up to date.
pub fn refresh(tx: &Tx<'_>, tenant: &TenantId, now: jiff::Timestamp) -> ApiResult<()> {
    let general = ensure_fixed(tx, tenant, ChannelKind::General, GENERAL_NAME, now)?;
    let admins = ensure_fixed(tx, tenant, ChannelKind::Admins, ADMINS_NAME, now)?;
    let mut stmt = tx.prepare_cached("SELECT id, role FROM users WHERE tenant_id = ?1 AND status = 'active'")?;
    let people = stmt
        .query_map([tenant], |r| Ok((r.get::<_, UserId>(0)?, r.get::<_, String>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    let everyone: BTreeSet<UserId> = people.iter().map(|(id, _)| id.clone()).collect();
    let leaders: BTreeSet<UserId> =
        people.iter().filter(|(_, role)| role == "owner" || role == "tenant_admin").map(|(id, _)| id.clone()).collect();
    sync(tx, tenant, &general, &everyone, now)?;
    sync(tx, tenant, &admins, &leaders, now)?;
    for (channel, group) in store::group_rooms(tx, tenant)? {
        sync(tx, tenant, &channel, &group_members(tx, &group)?, now)?;
    }
    Ok(())
}

/// The active members of a smart group, as materialised.
pub fn group_members(tx: &Tx<'_>, group: &SmartGroupId) -> ApiResult<BTreeSet<UserId>> {
    let mut stmt = tx.prepare_cached(
        "SELECT g.user_id FROM smart_group_members g JOIN users u ON u.id = g.user_id
         WHERE g.group_id = ?1 AND u.status = 'active'",
    )?;
    Ok(stmt.query_map([group], |r| r.get(0))?.collect::<Result<_, _>>()?)
}

fn ensure_fixed(
    tx: &Tx<'_>,
    tenant: &TenantId,
    kind: ChannelKind,
    name: &str,
    now: jiff::Timestamp,
) -> ApiResult<ChannelId> {
    if let Some(id) = store::fixed_channel(tx, tenant, kind)? {
        return Ok(id);
    }
    let id = ChannelId::generate();
    let channel =
        NewChannel { id: &id, kind, name: Some(name), smart_group_id: None, direct_key: None, created_by: None };
    store::insert_channel(tx, tenant, &channel, now)?;
    Ok(id)
}

/// Makes a channel's members exactly `wanted`, announcing any difference.
pub fn sync(
    tx: &Tx<'_>,
    tenant: &TenantId,
    channel: &ChannelId,
    wanted: &BTreeSet<UserId>,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    let stored: BTreeSet<UserId> = store::member_ids(tx, channel)?.into_iter().collect();
    let added: Vec<UserId> = wanted.difference(&stored).cloned().collect();
    let removed: Vec<UserId> = stored.difference(wanted).cloned().collect();
    for user in &added {
        store::add_member(tx, tenant, channel, user, now)?;
    }
    for user in &removed {
        store::remove_member(tx, channel, user)?;
    }
    announce(tx, tenant, channel, &added, &removed, now)
}

/// A `chat.members.changed` event, heard by the channel and by those removed from it (the
/// real-time hub drops its view of the channel's members on it, so removal filters at once).
pub fn announce(
    tx: &Tx<'_>,
    tenant: &TenantId,
    channel: &ChannelId,
    added: &[UserId],
    removed: &[UserId],
    now: jiff::Timestamp,
) -> ApiResult<()> {
    if added.is_empty() && removed.is_empty() {
        return Ok(());
    }
    let mut audience = vec![Audience::Channel(channel.clone())];
    audience.extend(removed.iter().cloned().map(Audience::User));
    let payload = json!({ "channelId": channel, "added": added, "removed": removed });
    events::emit(tx, tenant, "chat.members.changed", &audience, &payload, now)
}
