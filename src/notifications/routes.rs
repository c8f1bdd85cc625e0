//! The notification routes of seed 001: the inbox, preferences and Do Not Disturb. Everyone
//! signed in has them, for their own notifications only (another's id answers 404).

use axum::extract::State;
use serde_json::json;

use super::catalog::{self, Channel};
use super::model::{
    Catalog, CatalogEvent, CatalogModule, ChannelDefaults, Dnd, DndUpdate, InboxQuery, Notification, Preference,
    PreferenceUpdate, Preferences, UnreadCount, Updated,
};
use super::{quiet, store};
use crate::auth::Principal;
use crate::db::Tx;
use crate::events::Audience;
use crate::http::page::{Page, PageQuery};
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Envelope, Msg};
use crate::ids::{NotificationId, TenantId, UserId};
use crate::state::AppState;

fn notification_id(text: &str) -> ApiResult<NotificationId> {
    NotificationId::parse(text).ok_or(ApiError::NotFound)
}

/// Tells the person's other tabs and devices what was read, with the count left.
fn emit_read(
    tx: &Tx<'_>,
    tenant: &TenantId,
    user: &UserId,
    what: serde_json::Value,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    let mut payload = what;
    payload["unreadCount"] = json!(store::unread_count(tx, user)?);
    crate::events::emit(tx, tenant, "notification.read", &[Audience::User(user.clone())], &payload, now)
}

/// The caller's in-app notifications, newest first (dismissed ones are gone).
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", params(InboxQuery),
    responses((status = 200, body = Envelope<Page<Notification>>)), security(("bearer" = [])))]
pub async fn list(
    State(app): State<AppState>,
    caller: Principal,
    ApiQuery(query): ApiQuery<InboxQuery>,
) -> ApiResult<ApiOk<Page<Notification>>> {
    let page = PageQuery { page: query.page, limit: query.limit };
    let (limit, offset, unread) = (page.limit(), page.offset(), query.unread.unwrap_or(false));
    let user = caller.user.clone();
    let (items, total) = app.db.read(move |c| store::inbox(c, &user, unread, limit, offset)).await?;
    Ok(ApiOk(Page::new(items, total, &page)))
}

#[utoipa::path(get, path = "/api/v1/notifications/unread-count", tag = "notifications",
    responses((status = 200, body = Envelope<UnreadCount>)), security(("bearer" = [])))]
pub async fn unread_count(State(app): State<AppState>, caller: Principal) -> ApiResult<ApiOk<UnreadCount>> {
    let user = caller.user.clone();
    let count = app.db.read(move |c| store::unread_count(c, &user)).await?;
    Ok(ApiOk(UnreadCount { count }))
}

#[utoipa::path(patch, path = "/api/v1/notifications/{id}/read", tag = "notifications", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<Notification>), (status = 404, description = "not one of the caller's")),
    security(("bearer" = [])))]
pub async fn mark_read(
    State(app): State<AppState>,
    caller: Principal,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<Notification>> {
    let id = notification_id(&id)?;
    let (principal, now) = (caller, app.clock.now());
    let read = app
        .db
        .write(move |tx| {
            let (tenant, user) = (principal.tenant(), &principal.user);
            let found = store::own(tx, tenant, user, &id)?.ok_or(ApiError::NotFound)?;
            if found.read_at.is_none() {
                store::mark_read(tx, &id, now)?;
                emit_read(tx, tenant, user, json!({ "ids": [id] }), now)?;
            }
            store::own(tx, tenant, user, &id)?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(ApiOk(read))
}

#[utoipa::path(post, path = "/api/v1/notifications/mark-all-read", tag = "notifications",
    responses((status = 200, body = Envelope<Updated>)), security(("bearer" = [])))]
pub async fn mark_all_read(State(app): State<AppState>, caller: Principal) -> ApiResult<ApiOk<Updated>> {
    let (principal, now) = (caller, app.clock.now());
    let updated = app
        .db
        .write(move |tx| {
            let updated = store::mark_all_read(tx, &principal.user, now)?;
            if updated > 0 {
                emit_read(tx, principal.tenant(), &principal.user, json!({ "all": true }), now)?;
            }
            Ok(updated)
        })
        .await?;
    Ok(ApiOk(Updated { updated }))
}

/// Dismisses one: it leaves the inbox (and counts as read).
#[utoipa::path(delete, path = "/api/v1/notifications/{id}", tag = "notifications", params(("id" = String, Path)),
    responses((status = 200, description = "dismissed; `data` is null"), (status = 404, description = "not one of the caller's")),
    security(("bearer" = [])))]
pub async fn dismiss(
    State(app): State<AppState>,
    caller: Principal,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<()>> {
    let id = notification_id(&id)?;
    let (principal, now) = (caller, app.clock.now());
    app.db
        .write(move |tx| {
            let (tenant, user) = (principal.tenant(), &principal.user);
            let found = store::own(tx, tenant, user, &id)?.ok_or(ApiError::NotFound)?;
            store::dismiss(tx, &id, now)?;
            if found.read_at.is_none() {
                emit_read(tx, tenant, user, json!({ "ids": [id] }), now)?;
            }
            Ok(())
        })
        .await?;
    Ok(ApiOk(()))
}

/// Every event that notifies, grouped by module, with its defaults and whether one may turn
/// it off.
#[utoipa::path(get, path = "/api/v1/notifications/preferences/catalog", tag = "notifications",
    responses((status = 200, body = Envelope<Catalog>)), security(("bearer" = [])))]
pub async fn preference_catalog(_caller: Principal) -> ApiResult<ApiOk<Catalog>> {
    let mut modules: Vec<CatalogModule> = Vec::new();
    for def in catalog::EVENTS {
        let event = CatalogEvent {
            event_key: def.key,
            optional: def.optional,
            defaults: ChannelDefaults {
                in_app: def.default_on(Channel::InApp),
                email: def.default_on(Channel::Email),
                push: def.default_on(Channel::Push),
            },
        };
        match modules.iter_mut().find(|m| m.module == def.module) {
            Some(m) => m.events.push(event),
            None => modules.push(CatalogModule { module: def.module, events: vec![event] }),
        }
    }
    Ok(ApiOk(Catalog { channels: Channel::ALL.to_vec(), modules }))
}

fn merged(def: &'static catalog::EventDef, channel: Channel, chosen: Option<bool>) -> Preference {
    let default = def.default_on(channel);
    let custom = def.optional && chosen.is_some();
    Preference {
        event_key: def.key,
        module: def.module,
        channel,
        enabled: !def.optional || chosen.unwrap_or(default),
        optional: def.optional,
        custom,
    }
}

/// The caller's choices merged with the defaults: one item per event and channel.
#[utoipa::path(get, path = "/api/v1/notifications/preferences", tag = "notifications",
    responses((status = 200, body = Envelope<Preferences>)), security(("bearer" = [])))]
pub async fn preferences(State(app): State<AppState>, caller: Principal) -> ApiResult<ApiOk<Preferences>> {
    let user = caller.user.clone();
    let chosen = app.db.read(move |c| store::preferences(c, &user)).await?;
    let mut items = Vec::with_capacity(catalog::EVENTS.len() * Channel::ALL.len());
    for def in catalog::EVENTS {
        for channel in Channel::ALL {
            let mine = chosen.iter().find(|(k, ch, _)| k == def.key && ch == channel.as_str()).map(|c| c.2);
            items.push(merged(def, channel, mine));
        }
    }
    Ok(ApiOk(Preferences { items }))
}

/// Turns one event on or off on one channel (an event that is always sent cannot be turned off).
#[utoipa::path(post, path = "/api/v1/notifications/preferences", tag = "notifications", request_body = PreferenceUpdate,
    responses((status = 200, body = Envelope<Preference>),
        (status = 400, description = "unknown `eventKey` or `channel`, or an event that cannot be turned off")),
    security(("bearer" = [])))]
pub async fn set_preference(
    State(app): State<AppState>,
    caller: Principal,
    ApiJson(body): ApiJson<PreferenceUpdate>,
) -> ApiResult<ApiOk<Preference>> {
    let def = catalog::find(&body.event_key).ok_or_else(|| ApiError::validation("eventKey", Msg::FieldInvalid))?;
    let channel = Channel::ALL
        .into_iter()
        .find(|c| c.as_str() == body.channel)
        .ok_or_else(|| ApiError::validation("channel", Msg::FieldInvalid))?;
    if !def.optional && !body.enabled {
        return Err(ApiError::validation("enabled", Msg::FieldAlwaysSent));
    }
    let (user, now, enabled) = (caller.user.clone(), app.clock.now(), body.enabled);
    app.db.write(move |tx| store::put_preference(tx, &user, def.key, channel, enabled, now)).await?;
    Ok(ApiOk(merged(def, channel, Some(enabled))))
}

/// DND as stored, else the defaults (off, 22:00 → 07:00 in the person's zone).
fn dnd_or_default(c: &rusqlite::Connection, principal: &Principal) -> ApiResult<Dnd> {
    if let Some(dnd) = store::dnd(c, &principal.user)? {
        return Ok(dnd);
    }
    let zone = crate::schedules::time::person_zone(c, principal.tenant(), &principal.user)?;
    Ok(Dnd {
        enabled: false,
        start_time: "22:00".into(),
        end_time: "07:00".into(),
        timezone: zone.iana_name().unwrap_or("UTC").to_string(),
        quiet_outside_shifts: false,
        lead_minutes: 60,
    })
}

#[utoipa::path(get, path = "/api/v1/notifications/preferences/dnd", tag = "notifications",
    responses((status = 200, body = Envelope<Dnd>)), security(("bearer" = [])))]
pub async fn get_dnd(State(app): State<AppState>, caller: Principal) -> ApiResult<ApiOk<Dnd>> {
    Ok(ApiOk(app.db.read(move |c| dnd_or_default(c, &caller)).await?))
}

/// Changes Do Not Disturb (only the fields sent). While it holds, e-mails wait; in-app
/// notifications arrive; a change to one's own shift within 24 hours passes.
#[utoipa::path(put, path = "/api/v1/notifications/preferences/dnd", tag = "notifications", request_body = DndUpdate,
    responses((status = 200, body = Envelope<Dnd>), (status = 400, description = "a time, the zone or the lead time is not valid")),
    security(("bearer" = [])))]
pub async fn put_dnd(
    State(app): State<AppState>,
    caller: Principal,
    ApiJson(body): ApiJson<DndUpdate>,
) -> ApiResult<ApiOk<Dnd>> {
    for (field, value) in [("startTime", &body.start_time), ("endTime", &body.end_time)] {
        if value.as_deref().is_some_and(|t| quiet::parse_time(t).is_none()) {
            return Err(ApiError::validation(field, Msg::FieldTime));
        }
    }
    if let Some(tz) = &body.timezone
        && jiff::tz::TimeZone::get(tz).is_err()
    {
        return Err(ApiError::validation("timezone", Msg::FieldTimezone));
    }
    if body.lead_minutes.is_some_and(|m| !(0..=720).contains(&m)) {
        let problem = crate::http::error::FieldProblem::with_detail(Msg::FieldInvalid, "0 to 720 minutes");
        return Err(ApiError::validation("leadMinutes", problem));
    }
    let now = app.clock.now();
    let saved = app
        .db
        .write(move |tx| {
            let mut dnd = dnd_or_default(tx, &caller)?;
            if let Some(v) = body.enabled {
                dnd.enabled = v;
            }
            if let Some(v) = body.start_time {
                dnd.start_time = v;
            }
            if let Some(v) = body.end_time {
                dnd.end_time = v;
            }
            if let Some(v) = body.timezone {
                dnd.timezone = v;
            }
            if let Some(v) = body.quiet_outside_shifts {
                dnd.quiet_outside_shifts = v;
            }
            if let Some(v) = body.lead_minutes {
                dnd.lead_minutes = v;
            }
            store::put_dnd(tx, &caller.user, &dnd, now)?;
            Ok(dnd)
        })
        .await?;
    Ok(ApiOk(saved))
}
