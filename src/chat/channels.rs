//! Channel routes: seed 000's rooms and room sync, seed 001's channels, direct and group
//! conversations, members, read cursors and unread counts.

use std::collections::BTreeSet;

use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::access::{self, channel_id, member_channel};
use super::membership;
use super::model::{
    AddMembers, Channel, ChannelDetail, ChannelKind, Channels, ChatUser, GroupRename, NewDirect, NewGroupChat,
    ReadState, ReadUpTo, RoomSync, Rooms, UnreadCount, UsersQuery,
};
use super::store::{self, NewChannel};
use crate::access::perm;
use crate::auth::{Member, Principal};
use crate::http::OptionalJson;
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Created, Envelope, Msg};
use crate::ids::{ChannelId, UserId};
use crate::state::AppState;

/// Marks who is online now, with a link to each one's picture.
fn with_presence(app: &AppState, caller: &Principal, users: &mut [ChatUser]) {
    let online = app.hub.online(caller.tenant());
    for user in users {
        decorate(app, caller, &online, user);
    }
}

fn decorate(app: &AppState, caller: &Principal, online: &std::collections::HashSet<UserId>, user: &mut ChatUser) {
    user.online = online.contains(&user.id);
    user.avatar_url = user.avatar_file_id.as_ref().map(|f| crate::files::routes::image_url(app, caller.tenant(), f));
}

fn channels_with_presence(app: &AppState, caller: &Principal, channels: &mut [Channel]) {
    let online = app.hub.online(caller.tenant());
    for channel in channels {
        if let Some(user) = channel.direct_user.as_mut() {
            decorate(app, caller, &online, user);
        }
    }
}

async fn view_of(app: &AppState, caller: &Principal, id: ChannelId) -> ApiResult<ChannelDetail> {
    let (tenant, user) = (caller.tenant().clone(), caller.user.clone());
    let (channel, members) = app
        .db
        .read(move |c| {
            // 404 for another tenant's channel, 403 for one of this tenant the caller is not in.
            store::channel_and_cursor(c, &tenant, &id, &user)?.1.ok_or(ApiError::Forbidden)?;
            let channel = store::channel_of(c, &tenant, &user, &id)?.ok_or(ApiError::Forbidden)?;
            Ok((channel, store::members(c, &id)?))
        })
        .await?;
    let mut detail = ChannelDetail { channel, members };
    channels_with_presence(app, caller, std::slice::from_mut(&mut detail.channel));
    let online = app.hub.online(caller.tenant());
    for m in &mut detail.members {
        decorate(app, caller, &online, &mut m.user);
    }
    Ok(detail)
}

/// The caller's rooms (General, Admins & Owners, smart-group rooms) and the admins and owners
/// for the sidebar (seed 000).
#[utoipa::path(get, path = "/api/v1/chat/rooms", tag = "chat",
    responses((status = 200, body = Envelope<Rooms>)), security(("bearer" = [])))]
pub async fn rooms(State(app): State<AppState>, caller: Member<perm::ChatUse>) -> ApiResult<ApiOk<Rooms>> {
    Ok(ApiOk(rooms_of(&app, &caller).await?))
}

async fn rooms_of(app: &AppState, caller: &Principal) -> ApiResult<Rooms> {
    let (tenant, user) = (caller.tenant().clone(), caller.user.clone());
    let (items, admins) = app
        .db
        .read(move |c| {
            let items: Vec<Channel> =
                store::channels_of(c, &tenant, &user)?.into_iter().filter(|ch| ch.kind.is_room()).collect();
            Ok((items, store::admins_and_owners(c, &tenant)?))
        })
        .await?;
    let mut rooms = Rooms { items, admins_and_owners: admins };
    with_presence(app, caller, &mut rooms.admins_and_owners);
    Ok(rooms)
}

/// Makes a room for each smart group named (or renames it). Members come from the group and
/// follow it; `memberIds` is ignored (DESIGN §14). Answers the caller's rooms.
#[utoipa::path(post, path = "/api/v1/chat/rooms/sync", tag = "chat", request_body = RoomSync,
    responses((status = 200, body = Envelope<Rooms>), (status = 404, description = "a smart group is not this workplace's; nothing was changed")),
    security(("bearer" = [])))]
pub async fn sync_rooms(
    State(app): State<AppState>,
    caller: Member<perm::ChatManage>,
    ApiJson(body): ApiJson<RoomSync>,
) -> ApiResult<ApiOk<Rooms>> {
    if body.smart_groups.len() > 100 {
        return Err(ApiError::validation("smartGroups", Msg::FieldTooLong));
    }
    let mut entries = Vec::with_capacity(body.smart_groups.len());
    for (i, entry) in body.smart_groups.into_iter().enumerate() {
        let name =
            entry.name.map(|n| crate::http::text::one_line(&format!("smartGroups[{i}].name"), &n, 100)).transpose()?;
        entries.push((entry.smart_group_id, name));
    }
    let (tenant, user, now) = (caller.tenant().clone(), caller.user.clone(), app.clock.now());
    app.db
        .write(move |tx| {
            for (group, name) in &entries {
                let found = crate::groups::store::group_by_id(tx, &tenant, group)?;
                let name = name.clone().unwrap_or(found.name);
                let channel = match store::room_of_group(tx, group)? {
                    Some(id) => {
                        store::rename(tx, &id, &name, now)?;
                        id
                    }
                    None => {
                        let id = ChannelId::generate();
                        let new = NewChannel {
                            id: &id,
                            kind: ChannelKind::SmartGroup,
                            name: Some(&name),
                            smart_group_id: Some(group),
                            direct_key: None,
                            created_by: Some(&user),
                        };
                        store::insert_channel(tx, &tenant, &new, now)?;
                        id
                    }
                };
                membership::sync(tx, &tenant, &channel, &membership::group_members(tx, group)?, now)?;
            }
            crate::audit::by_user(
                tx,
                &tenant,
                &user,
                "chat.rooms_synced",
                serde_json::json!({ "smartGroupIds": entries.iter().map(|(g, _)| g).collect::<Vec<_>>() }),
                now,
            )
        })
        .await?;
    Ok(ApiOk(rooms_of(&app, &caller).await?))
}

/// Every channel the caller is in, with unread counts and the newest message.
#[utoipa::path(get, path = "/api/v1/chat/channels", tag = "chat",
    responses((status = 200, body = Envelope<Channels>)), security(("bearer" = [])))]
pub async fn list(State(app): State<AppState>, caller: Member<perm::ChatUse>) -> ApiResult<ApiOk<Channels>> {
    let (tenant, user) = (caller.tenant().clone(), caller.user.clone());
    let mut items = app.db.read(move |c| store::channels_of(c, &tenant, &user)).await?;
    channels_with_presence(&app, &caller, &mut items);
    Ok(ApiOk(Channels { items }))
}

/// One channel with its members and their read cursors ("seen by").
#[utoipa::path(get, path = "/api/v1/chat/channels/{id}", tag = "chat", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<ChannelDetail>)), security(("bearer" = [])))]
pub async fn get(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<ChannelDetail>> {
    Ok(ApiOk(view_of(&app, &caller, channel_id(&id)?).await?))
}

/// Starts a direct conversation with someone, or resumes the one there is (200).
#[utoipa::path(post, path = "/api/v1/chat/channels/direct", tag = "chat", request_body = NewDirect,
    responses((status = 201, body = Envelope<ChannelDetail>), (status = 200, description = "the conversation there was", body = Envelope<ChannelDetail>),
        (status = 404, description = "no active person of this workplace has that id")),
    security(("bearer" = [])))]
pub async fn direct(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiJson(body): ApiJson<NewDirect>,
) -> ApiResult<Response> {
    if body.user_id == caller.user {
        return Err(ApiError::validation("userId", Msg::ChatDirectSelf));
    }
    let (tenant, me, other, now) = (caller.tenant().clone(), caller.user.clone(), body.user_id, app.clock.now());
    let (low, high) = if me < other { (&me, &other) } else { (&other, &me) };
    let key = format!("{low}:{high}");
    let (id, created) = app
        .db
        .write(move |tx| {
            if store::active_among(tx, &tenant, std::slice::from_ref(&other))?.is_empty() {
                return Err(ApiError::NotFound);
            }
            if let Some(id) = store::direct_channel(tx, &tenant, &key)? {
                // Someone who left it comes back in.
                for user in [&me, &other] {
                    if store::add_member(tx, &tenant, &id, user, now)? {
                        membership::announce(tx, &tenant, &id, std::slice::from_ref(user), &[], now)?;
                    }
                }
                return Ok((id, false));
            }
            let id = ChannelId::generate();
            let new = NewChannel {
                id: &id,
                kind: ChannelKind::Direct,
                name: None,
                smart_group_id: None,
                direct_key: Some(&key),
                created_by: Some(&me),
            };
            store::insert_channel(tx, &tenant, &new, now)?;
            let members = [me.clone(), other.clone()];
            for user in &members {
                store::add_member(tx, &tenant, &id, user, now)?;
            }
            membership::announce(tx, &tenant, &id, &members, &[], now)?;
            Ok((id, true))
        })
        .await?;
    let detail = view_of(&app, &caller, id).await?;
    Ok(if created { Created(detail).into_response() } else { ApiOk(detail).into_response() })
}

/// Makes a group conversation of the caller and the people named.
#[utoipa::path(post, path = "/api/v1/chat/channels/group", tag = "chat", request_body = NewGroupChat,
    responses((status = 201, body = Envelope<ChannelDetail>), (status = 404, description = "someone named is not an active person of this workplace")),
    security(("bearer" = [])))]
pub async fn group(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiJson(body): ApiJson<NewGroupChat>,
) -> ApiResult<Created<ChannelDetail>> {
    let name = crate::http::text::one_line("name", &body.name, 100)?;
    let mut people: BTreeSet<UserId> = body.member_ids.into_iter().collect();
    people.remove(&caller.user);
    if people.is_empty() {
        return Err(ApiError::validation("memberIds", Msg::FieldRequired));
    }
    if people.len() > 100 {
        return Err(ApiError::validation("memberIds", Msg::FieldTooLong));
    }
    let (tenant, me, now) = (caller.tenant().clone(), caller.user.clone(), app.clock.now());
    let id = ChannelId::generate();
    let made = id.clone();
    app.db
        .write(move |tx| {
            let wanted: Vec<UserId> = people.into_iter().collect();
            if store::active_among(tx, &tenant, &wanted)?.len() != wanted.len() {
                return Err(ApiError::NotFound);
            }
            let new = NewChannel {
                id: &made,
                kind: ChannelKind::Group,
                name: Some(&name),
                smart_group_id: None,
                direct_key: None,
                created_by: Some(&me),
            };
            store::insert_channel(tx, &tenant, &new, now)?;
            let mut members = wanted;
            members.push(me.clone());
            for user in &members {
                store::add_member(tx, &tenant, &made, user, now)?;
            }
            membership::announce(tx, &tenant, &made, &members, &[], now)
        })
        .await?;
    Ok(Created(view_of(&app, &caller, id).await?))
}

/// A group channel the caller is in; other kinds answer 409.
fn group_channel(c: &rusqlite::Connection, caller: &Principal, id: &ChannelId) -> ApiResult<store::ChannelRow> {
    let (channel, _) = member_channel(c, caller, id)?;
    if channel.kind != ChannelKind::Group {
        return Err(ApiError::Conflict(Msg::ChatNotGroup));
    }
    Ok(channel)
}

/// Renames a group conversation (any member may).
#[utoipa::path(patch, path = "/api/v1/chat/channels/{id}", tag = "chat", params(("id" = String, Path)),
    request_body = GroupRename,
    responses((status = 200, body = Envelope<ChannelDetail>), (status = 409, description = "not a group conversation")),
    security(("bearer" = [])))]
pub async fn rename(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<GroupRename>,
) -> ApiResult<ApiOk<ChannelDetail>> {
    let id = channel_id(&id)?;
    let name = crate::http::text::one_line("name", &body.name, 100)?;
    let (principal, now, target) = (caller.principal.clone(), app.clock.now(), id.clone());
    app.db
        .write(move |tx| {
            group_channel(tx, &principal, &target)?;
            store::rename(tx, &target, &name, now)?;
            let payload = serde_json::json!({ "channelId": target, "name": name });
            crate::events::emit(
                tx,
                principal.tenant(),
                "chat.channel.updated",
                &[crate::events::Audience::Channel(target.clone())],
                &payload,
                now,
            )
        })
        .await?;
    Ok(ApiOk(view_of(&app, &caller, id).await?))
}

/// Adds people to a group conversation (any member may).
#[utoipa::path(post, path = "/api/v1/chat/channels/{id}/members", tag = "chat", params(("id" = String, Path)),
    request_body = AddMembers,
    responses((status = 200, body = Envelope<ChannelDetail>), (status = 404, description = "someone named is not an active person of this workplace"),
        (status = 409, description = "not a group conversation")),
    security(("bearer" = [])))]
pub async fn add_members(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<AddMembers>,
) -> ApiResult<ApiOk<ChannelDetail>> {
    let id = channel_id(&id)?;
    let people: BTreeSet<UserId> = body.user_ids.into_iter().collect();
    if people.is_empty() {
        return Err(ApiError::validation("userIds", Msg::FieldRequired));
    }
    if people.len() > 100 {
        return Err(ApiError::validation("userIds", Msg::FieldTooLong));
    }
    let (principal, now, target) = (caller.principal.clone(), app.clock.now(), id.clone());
    app.db
        .write(move |tx| {
            group_channel(tx, &principal, &target)?;
            let wanted: Vec<UserId> = people.into_iter().collect();
            if store::active_among(tx, principal.tenant(), &wanted)?.len() != wanted.len() {
                return Err(ApiError::NotFound);
            }
            let mut added = Vec::new();
            for user in wanted {
                if store::add_member(tx, principal.tenant(), &target, &user, now)? {
                    added.push(user);
                }
            }
            membership::announce(tx, principal.tenant(), &target, &added, &[], now)
        })
        .await?;
    Ok(ApiOk(view_of(&app, &caller, id).await?))
}

/// Takes someone out of a group conversation: its creator or a `chat.manage` holder may, and
/// anyone may take themselves out (leave).
#[utoipa::path(delete, path = "/api/v1/chat/channels/{id}/members/{userId}", tag = "chat",
    params(("id" = String, Path), ("userId" = String, Path)),
    responses((status = 200, body = Envelope<ChannelDetail>), (status = 409, description = "not a group conversation")),
    security(("bearer" = [])))]
pub async fn remove_member(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiPath((id, user)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<ChannelDetail>> {
    let id = channel_id(&id)?;
    let user = UserId::parse(&user).ok_or(ApiError::NotFound)?;
    if user == caller.user {
        return leave_channel(&app, &caller, id).await.map(ApiOk);
    }
    let (principal, now, target) = (caller.principal.clone(), app.clock.now(), id.clone());
    app.db
        .write(move |tx| {
            let channel = group_channel(tx, &principal, &target)?;
            if !access::moderates(&principal, &channel) {
                return Err(ApiError::Forbidden);
            }
            if !store::remove_member(tx, &target, &user)? {
                return Err(ApiError::Conflict(Msg::ChatNotMember));
            }
            membership::announce(tx, principal.tenant(), &target, &[], &[user], now)
        })
        .await?;
    Ok(ApiOk(view_of(&app, &caller, id).await?))
}

async fn leave_channel(app: &AppState, caller: &Principal, id: ChannelId) -> ApiResult<ChannelDetail> {
    let (principal, now, target) = (caller.clone(), app.clock.now(), id.clone());
    app.db
        .write(move |tx| {
            group_channel(tx, &principal, &target)?;
            // Described as the caller last saw it, minus themselves.
            let mut channel =
                store::channel_of(tx, principal.tenant(), &principal.user, &target)?.ok_or(ApiError::Forbidden)?;
            store::remove_member(tx, &target, &principal.user)?;
            membership::announce(tx, principal.tenant(), &target, &[], std::slice::from_ref(&principal.user), now)?;
            let members = store::members(tx, &target)?;
            channel.member_count = members.len() as u32;
            channel.unread_count = 0;
            Ok(ChannelDetail { channel, members })
        })
        .await
}

/// Leaves a group conversation.
#[utoipa::path(post, path = "/api/v1/chat/channels/{id}/leave", tag = "chat", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<ChannelDetail>), (status = 409, description = "not a group conversation")),
    security(("bearer" = [])))]
pub async fn leave(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<ChannelDetail>> {
    let id = channel_id(&id)?;
    Ok(ApiOk(leave_channel(&app, &caller, id).await?))
}

/// The workplace's active people for the chat user picker (seed 001), with presence.
#[utoipa::path(get, path = "/api/v1/chat/users", tag = "chat", params(UsersQuery),
    responses((status = 200, body = Envelope<Vec<ChatUser>>)), security(("bearer" = [])))]
pub async fn users(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiQuery(query): ApiQuery<UsersQuery>,
) -> ApiResult<ApiOk<Vec<ChatUser>>> {
    if query.q.as_ref().is_some_and(|q| q.chars().count() > 100) {
        return Err(ApiError::validation("q", Msg::FieldTooLong));
    }
    let like = query.q.map(|q| q.trim().to_lowercase()).filter(|q| !q.is_empty()).map(|q| crate::db::like_pattern(&q));
    let tenant = caller.tenant().clone();
    let mut people = app.db.read(move |c| store::active_users(c, &tenant, like.as_deref())).await?;
    with_presence(&app, &caller, &mut people);
    Ok(ApiOk(people))
}

/// Unread messages over every channel of the caller, and per channel.
#[utoipa::path(get, path = "/api/v1/chat/unread-count", tag = "chat",
    responses((status = 200, body = Envelope<UnreadCount>)), security(("bearer" = [])))]
pub async fn unread_count(State(app): State<AppState>, caller: Member<perm::ChatUse>) -> ApiResult<ApiOk<UnreadCount>> {
    let (tenant, user) = (caller.tenant().clone(), caller.user.clone());
    let channels = app.db.read(move |c| store::unread(c, &tenant, &user)).await?;
    Ok(ApiOk(UnreadCount { count: channels.iter().map(|c| c.unread_count).sum(), channels }))
}

/// Moves the caller's read cursor forward: to a message, or to the newest (never back).
#[utoipa::path(post, path = "/api/v1/chat/channels/{id}/read", tag = "chat", params(("id" = String, Path)),
    request_body(content = Option<ReadUpTo>, description = "optional: without a body, up to the newest"),
    responses((status = 200, body = Envelope<ReadState>)), security(("bearer" = [])))]
pub async fn read(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiPath(id): ApiPath<String>,
    OptionalJson(body): OptionalJson<Option<ReadUpTo>>,
) -> ApiResult<ApiOk<ReadState>> {
    let id = channel_id(&id)?;
    let target = body.flatten().and_then(|b| b.message_id);
    let (principal, channel) = (caller.principal.clone(), id.clone());
    let (before, after, unread) = app
        .db
        .write(move |tx| {
            let (row, before) = member_channel(tx, &principal, &channel)?;
            let seq = match &target {
                Some(message) => {
                    let m = store::message_row(tx, principal.tenant(), message)?;
                    if m.channel_id != channel {
                        return Err(ApiError::NotFound);
                    }
                    m.seq
                }
                None => row.last_seq,
            };
            let after = store::move_cursor(tx, &channel, &principal.user, seq)?;
            Ok((before, after, store::unread_after(tx, &channel, &principal.user, after)?))
        })
        .await?;
    if after > before {
        app.hub.read_moved(caller.tenant(), &id, &caller.user, after);
    }
    Ok(ApiOk(ReadState { channel_id: id, read_cursor: after.to_string(), unread_count: unread }))
}
