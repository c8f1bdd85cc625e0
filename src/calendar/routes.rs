//! Calendar feeds: the caller's feed URL (made on first ask) and its regeneration, a
//! planner's feed per schedule, and the public `.ics` answer the URL serves.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use subtle::ConstantTimeEq as _;
use utoipa::ToSchema;

use super::ics::{self, Item, Status, When};
use super::store::{self, Feed};
use crate::access::perm;
use crate::auth::Member;
use crate::http::{ApiError, ApiOk, ApiPath, ApiResult, Envelope, Lang};
use crate::ids::{FeedId, ScheduleId, TenantId, UserId};
use crate::schedules::conflicts::Engine;
use crate::state::AppState;

/// What the feed shows: from 30 days back to a year ahead.
const BACK: i64 = 30 * 86_400;
const AHEAD: i64 = 366 * 86_400;

/// A feed's URL and a QR code of it for the phone.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FeedUrl {
    /// Secret: whoever has it sees the feed. `POST …/regenerate` replaces it.
    pub url: String,
    /// The same URL as `webcal://`, which phones open in their calendar app.
    pub webcal_url: String,
    /// An SVG QR code of `url`.
    pub qr_svg: String,
    pub created_at: String,
}

/// The URL's secret: the feed's id (32 hex digits) and an HMAC of it (32 more).
fn token(key: &[u8], id: &FeedId) -> String {
    let simple = id.as_str().replace('-', "");
    let mac = crate::secrets::sign(key, &format!("calendar-feed:{simple}"));
    format!("{simple}{}", &mac[..32])
}

fn feed_of_token(key: &[u8], text: &str) -> Option<FeedId> {
    let text = text.strip_suffix(".ics").unwrap_or(text);
    if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let id = FeedId::parse(&text[..32])?;
    bool::from(token(key, &id).as_bytes().ct_eq(text.as_bytes())).then_some(id)
}

async fn answer(app: &AppState, feed: &Feed) -> ApiResult<FeedUrl> {
    let url = format!(
        "{}/api/v1/calendar/{}.ics",
        crate::mail::link_base(app).await?,
        token(&app.secrets.upload_key, &feed.id)
    );
    let webcal_url = url.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1);
    let qr = qrcode::QrCode::new(url.as_bytes()).map_err(ApiError::internal)?;
    let qr_svg = qr.render::<qrcode::render::svg::Color<'_>>().min_dimensions(200, 200).quiet_zone(true).build();
    Ok(FeedUrl { url, webcal_url, qr_svg, created_at: feed.created_at.clone() })
}

/// The caller's feed, made on the first ask.
async fn own(
    app: &AppState,
    tenant: TenantId,
    user: UserId,
    schedule: Option<ScheduleId>,
    fresh: bool,
) -> ApiResult<Feed> {
    let now = app.clock.now();
    app.db
        .write(move |tx| match store::of(tx, &user, schedule.as_ref())? {
            Some(feed) if !fresh => Ok(feed),
            _ => store::replace(tx, &tenant, &user, schedule.as_ref(), now),
        })
        .await
}

/// The caller's calendar feed: their published shifts, the open shifts they may claim and
/// their approved time off, for any calendar app. Made on the first ask.
#[utoipa::path(get, path = "/api/v1/me/calendar", tag = "calendar",
    responses((status = 200, body = Envelope<FeedUrl>)), security(("bearer" = [])))]
pub async fn mine(State(app): State<AppState>, caller: Member<perm::SchedulesRead>) -> ApiResult<ApiOk<FeedUrl>> {
    let p = caller.principal.clone();
    let feed = own(&app, p.tenant().clone(), p.user.clone(), None, false).await?;
    Ok(ApiOk(answer(&app, &feed).await?))
}

/// Replaces the caller's feed URL: the old one answers 404 at once.
#[utoipa::path(post, path = "/api/v1/me/calendar/regenerate", tag = "calendar",
    responses((status = 200, body = Envelope<FeedUrl>)), security(("bearer" = [])))]
pub async fn regenerate_mine(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
) -> ApiResult<ApiOk<FeedUrl>> {
    let p = caller.principal.clone();
    let feed = own(&app, p.tenant().clone(), p.user.clone(), None, true).await?;
    Ok(ApiOk(answer(&app, &feed).await?))
}

async fn schedule_feed(app: AppState, caller: &crate::auth::Principal, id: String, fresh: bool) -> ApiResult<FeedUrl> {
    let id = crate::schedules::access::schedule_id(&id)?;
    let (probe, check) = (caller.clone(), id.clone());
    app.db.read(move |c| crate::schedules::store::get(c, probe.tenant(), &check).map(|_| ())).await?;
    let feed = own(&app, caller.tenant().clone(), caller.user.clone(), Some(id), fresh).await?;
    answer(&app, &feed).await
}

/// A planner's feed of every published shift of one schedule.
#[utoipa::path(get, path = "/api/v1/schedules/{id}/calendar", tag = "calendar", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<FeedUrl>)), security(("bearer" = [])))]
pub async fn schedule(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<FeedUrl>> {
    Ok(ApiOk(schedule_feed(app, &caller.principal, id, false).await?))
}

/// Replaces the planner's feed URL of the schedule.
#[utoipa::path(post, path = "/api/v1/schedules/{id}/calendar/regenerate", tag = "calendar", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<FeedUrl>)), security(("bearer" = [])))]
pub async fn regenerate_schedule(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<FeedUrl>> {
    Ok(ApiOk(schedule_feed(app, &caller.principal, id, true).await?))
}

fn stamp(text: &str) -> i64 {
    text.parse::<jiff::Timestamp>().map(|t| t.as_second()).unwrap_or_default()
}

fn shift_item(s: store::FeedShift, with_person: bool) -> Item {
    let what = s.core.title.clone().or_else(|| s.job_name.clone()).unwrap_or_else(|| "Shift".to_owned());
    let summary = match (&s.person, with_person) {
        (Some(p), true) => format!("{p}: {what}"),
        (None, true) => format!("Open shift: {what}"),
        _ => format!("{what} ({})", s.schedule_name),
    };
    Item {
        uid: format!("shift-{}", s.id),
        sequence: s.version.max(0) as u32,
        summary,
        description: s.core.instructions.clone(),
        location: s.location.clone(),
        when: When::Timed { start: s.core.starts_at, end: s.core.ends_at },
        status: if s.deleted { Status::Cancelled } else { Status::Confirmed },
        modified: stamp(&s.updated_at),
    }
}

fn person_items(c: &rusqlite::Connection, feed: &Feed, now: i64, lang: Lang) -> ApiResult<Vec<Item>> {
    let (tenant, user) = (&feed.tenant, &feed.user);
    let since = crate::clock::format_ts(jiff::Timestamp::from_second(now - 90 * 86_400).unwrap_or_default());
    let mut items: Vec<Item> = store::shifts(c, tenant, Some(user), None, now - BACK, now + AHEAD, &since)?
        .into_iter()
        .map(|s| shift_item(s, false))
        .collect();
    // Open shifts the claim rules let the person take.
    let mut engine = Engine::default();
    for (schedule_id, shift_id) in store::open_candidates(c, tenant, user, now, now + AHEAD)? {
        let schedule = crate::schedules::store::get(c, tenant, &schedule_id)?;
        let row = crate::schedules::store::shift_by_id(c, tenant, &schedule_id, &shift_id)?;
        let verdict =
            crate::schedules::shifts::claim_blockers(c, tenant, &mut engine, &schedule, &row, user, now, lang)?;
        if verdict.is_err() {
            continue;
        }
        let core = row.members_core();
        let what = core.title.clone().unwrap_or_else(|| schedule.name.clone());
        items.push(Item {
            uid: format!("open-{}", row.id),
            sequence: row.version.max(0) as u32,
            summary: format!("Open shift: {what}"),
            description: core.instructions.clone(),
            location: None,
            when: When::Timed { start: core.starts_at, end: core.ends_at },
            status: Status::Tentative,
            modified: stamp(row.updated_at.as_str()),
        });
    }
    for t in store::time_off(c, user, now - BACK)? {
        let kind = crate::timeoff::model::Kind::parse(&t.kind).map_or("other", |k| k.as_str());
        let when = match (t.part_of_day, t.start_date.parse(), t.end_date.parse()) {
            (false, Ok(first), Ok(last)) => When::Days { first, last },
            _ => When::Timed { start: t.starts_at, end: t.ends_at },
        };
        items.push(Item {
            uid: format!("timeoff-{}", t.id),
            sequence: 0,
            summary: format!("Time off ({kind})"),
            description: None,
            location: None,
            when,
            status: if t.cancelled { Status::Cancelled } else { Status::Confirmed },
            modified: stamp(&t.updated_at),
        });
    }
    Ok(items)
}

/// A calendar feed (`text/calendar`): the URL is the secret; an unknown, replaced or
/// deactivated person's URL answers 404. Public: calendar apps send no credentials.
#[utoipa::path(get, path = "/api/v1/calendar/{feed}", tag = "calendar", params(("feed" = String, Path, description = "the secret of the URL, with `.ics`")),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, description = "no such feed")))]
pub async fn feed(State(app): State<AppState>, lang: Lang, ApiPath(text): ApiPath<String>) -> ApiResult<Response> {
    let id = feed_of_token(&app.secrets.upload_key, &text).ok_or(ApiError::NotFound)?;
    let now = app.clock.now().as_second();
    let body = app
        .db
        .read(move |c| {
            let feed = store::by_id(c, &id)?.ok_or(ApiError::NotFound)?;
            // A deactivated person's feeds go quiet, and a schedule's once its owner no longer plans.
            let state = crate::users::store::auth_state(c, &feed.user)?.ok_or(ApiError::NotFound)?;
            let plans = state.grants.allows(<perm::SchedulesWrite as crate::access::perm::Permission>::CODE);
            if !state.active || (feed.schedule.is_some() && !plans) {
                return Err(ApiError::NotFound);
            }
            let workplace = crate::tenants::store::get(c, &feed.tenant)?.name;
            let (name, items) = match &feed.schedule {
                Some(schedule) => {
                    let s = crate::schedules::store::get(c, &feed.tenant, schedule)?;
                    let since =
                        crate::clock::format_ts(jiff::Timestamp::from_second(now - 90 * 86_400).unwrap_or_default());
                    let shifts = store::shifts(c, &feed.tenant, None, Some(schedule), now - BACK, now + AHEAD, &since)?;
                    (format!("{} — {workplace}", s.name), shifts.into_iter().map(|s| shift_item(s, true)).collect())
                }
                None => (format!("My shifts — {workplace}"), person_items(c, &feed, now, lang)?),
            };
            Ok(ics::calendar(&name, &items, now))
        })
        .await?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=300"));
    Ok(response)
}
