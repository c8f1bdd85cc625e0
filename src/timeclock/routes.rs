//! `POST /api/v1/clock` (seed 000), the caller's clock state, and a location's clock rules.

use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::model::{
    ClockSettings, ClockSettingsUpdate, ClockState, ClockedIn, ClockedInList, Geo, NewPunch, Punched, TimeEntry,
};
use super::sequence::{self, Action, Status};
use super::{rules, store};
use crate::access::perm;
use crate::auth::Member;
use crate::db::Tx;
use crate::events::{self, Audience};
use crate::fixed::SecondText;
use crate::http::error::FieldProblem;
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiResult, Created, Envelope, Msg};
use crate::ids::{LocationId, PunchId, TenantId, UserId};
use crate::state::AppState;

/// How old an offline punch may be, and how far ahead of the server's clock.
const OFFLINE_MAX_AGE: i64 = 72 * 3600;
const OFFLINE_MAX_AHEAD: i64 = 120;

fn status_of(entry: Option<&TimeEntry>) -> Status {
    match entry {
        None => Status::Out,
        Some(e) if e.breaks.last().is_some_and(|b| b.ended_at.is_none()) => Status::OnBreak,
        Some(_) => Status::In,
    }
}

fn state_of(c: &rusqlite::Connection, user: &UserId, now: i64) -> ApiResult<ClockState> {
    let entry = store::open_entry(c, user, now)?;
    Ok(ClockState { status: status_of(entry.as_ref()), entry, last_entry: store::last_closed(c, user, now)? })
}

pub fn check_client_id(text: &str) -> ApiResult<()> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-');
    if text.is_empty() || text.len() > 64 || !text.chars().all(allowed) {
        let problem = FieldProblem::with_detail(Msg::FieldInvalid, "1 to 64 of A–Z, a–z, 0–9, '.', '_', ':', '-'");
        return Err(ApiError::validation("clientId", problem));
    }
    Ok(())
}

fn check_geo(geo: Option<Geo>) -> ApiResult<()> {
    let Some(g) = geo else { return Ok(()) };
    let in_range = |v: f64, limit: f64| v.is_finite() && v.abs() <= limit;
    if !in_range(g.latitude, 90.0) {
        return Err(ApiError::validation("geo.latitude", Msg::FieldInvalid));
    }
    if !in_range(g.longitude, 180.0) {
        return Err(ApiError::validation("geo.longitude", Msg::FieldInvalid));
    }
    if g.accuracy.is_some_and(|a| !(a.is_finite() && (0.0..=100_000.0).contains(&a))) {
        return Err(ApiError::validation("geo.accuracy", Msg::FieldInvalid));
    }
    Ok(())
}

/// When the punch happened: now, or an offline punch's own `at` within its window.
pub fn punch_time(offline: bool, at: Option<&str>, now: i64) -> ApiResult<i64> {
    match (offline, at) {
        (false, None) => Ok(now),
        (false, Some(_)) => {
            Err(ApiError::validation("at", FieldProblem::with_detail(Msg::FieldInvalid, "only with offline: true")))
        }
        (true, None) => Err(ApiError::validation("at", Msg::FieldRequired)),
        (true, Some(text)) => {
            let Ok(ts) = text.parse::<jiff::Timestamp>() else {
                return Err(ApiError::validation("at", FieldProblem::with_detail(Msg::FieldInvalid, "RFC 3339")));
            };
            let at = ts.as_second();
            if at < now - OFFLINE_MAX_AGE || at > now + OFFLINE_MAX_AHEAD {
                let problem = FieldProblem::with_detail(Msg::FieldInvalid, "at most 72 hours ago and 2 minutes ahead");
                return Err(ApiError::validation("at", problem));
            }
            Ok(at)
        }
    }
}

/// Clocks the caller in or out, or starts or ends a break. An online punch must follow the
/// last one and meet the location's rules (409 otherwise, nothing stored); an offline punch is
/// always kept — rules it breaks and a place in the sequence it does not fit are flagged.
/// A `clientId` sent before answers 200 with the stored punch.
#[utoipa::path(post, path = "/api/v1/clock", tag = "clock", request_body = NewPunch,
    responses((status = 201, body = Envelope<Punched>), (status = 200, body = Envelope<Punched>, description = "this clientId was sent before"),
        (status = 404, description = "`jobId`, `shiftId` (of the caller's published shifts) or `locationId` not found in the caller's tenant"),
        (status = 409, description = "out of sequence, too early for the shift, outside the geofence, or in an approved timesheet period (offline punches too)")),
    security(("bearer" = [])))]
pub async fn punch(
    State(app): State<AppState>,
    caller: Member<perm::ClockPunch>,
    ApiJson(body): ApiJson<NewPunch>,
) -> ApiResult<Response> {
    check_client_id(&body.client_id)?;
    check_geo(body.geo)?;
    let clock_id = crate::http::text::optional("clockId", body.clock_id.clone(), 100, false)?;
    let offline = body.offline.unwrap_or(false);
    let now = app.clock.now();
    let at = punch_time(offline, body.at.as_deref(), now.as_second())?;
    let principal = caller.principal.clone();
    let (created, answer) = app
        .db
        .write(move |tx| {
            let how = How { at, offline, clock_id: clock_id.as_deref(), kiosk_location: None };
            record(tx, principal.tenant(), &principal.user, &body, &how, now)
        })
        .await?;
    Ok(if created { Created(answer).into_response() } else { ApiOk(answer).into_response() })
}

/// How a punch came: when it happened, whether offline, the device, and — from a kiosk — the
/// kiosk's location (which stands in for the geofence: the tablet is there).
pub struct How<'a> {
    pub at: i64,
    pub offline: bool,
    pub clock_id: Option<&'a str>,
    pub kiosk_location: Option<&'a LocationId>,
}

/// Records a punch of `user` inside the caller's write job (the clock route and the kiosk):
/// a `clientId` sent before answers the stored punch (`false`); an online punch out of
/// sequence or against a rule is refused, an offline one kept and flagged.
pub fn record(
    tx: &Tx<'_>,
    tenant: &TenantId,
    user: &UserId,
    body: &NewPunch,
    how: &How<'_>,
    now: jiff::Timestamp,
) -> ApiResult<(bool, Punched)> {
    let (at, offline) = (how.at, how.offline);
    if let Some(punch) = store::punch_by_client(tx, user, &body.client_id)? {
        let state = state_of(tx, user, now.as_second())?;
        return Ok((false, Punched { punch, state, replayed: true }));
    }
    let open = store::open_entry(tx, user, now.as_second())?;
    let shift = match &body.shift_id {
        Some(id) => Some(store::own_shift(tx, tenant, user, id)?),
        None if body.action == Action::In => store::shift_around(tx, tenant, user, at)?,
        None => None,
    };
    let location = match (how.kiosk_location, &body.location_id) {
        (Some(kiosk), _) => Some(kiosk.clone()),
        (None, Some(id)) => Some(crate::orgs::store::location_of_tenant(tx, tenant, id)?.id),
        (None, None) => match (&shift, &open) {
            (Some(s), _) => Some(s.location_id.clone()),
            (None, Some(e)) if body.action != Action::In => e.location_id.clone(),
            _ => crate::orgs::store::first_location(tx, tenant)?.map(|l| l.id),
        },
    };
    let job = match &body.job_id {
        Some(id) => Some(crate::jobs::store::get(tx, tenant, id)?.id),
        None => match (&shift, &open) {
            (Some(s), _) => s.job_id.clone(),
            (None, Some(e)) if body.action != Action::In => e.job_id.clone(),
            _ => None,
        },
    };
    let shift_id = shift
        .as_ref()
        .map(|s| s.id.clone())
        .or_else(|| open.as_ref().filter(|_| body.action != Action::In).and_then(|e| e.shift_id.clone()));
    let rule_flag = match &location {
        Some(l) => broken_rule(&store::settings(tx, l)?, body, shift.as_ref(), at, how.kiosk_location.is_none())?,
        None => None,
    };
    let rule_flag = match rule_flag {
        Some((_, msg)) if !offline => return Err(msg),
        found => found.map(|(flag, _)| flag),
    };
    if !offline && !sequence::fits(status_of(open.as_ref()), body.action) {
        return Err(ApiError::Conflict(Msg::ClockOutOfSequence));
    }
    crate::timesheets::sheet::check_unlocked(tx, tenant, user, at, at)?;
    let id = PunchId::generate();
    let row = store::NewPunchRow {
        id: &id,
        user,
        client_id: &body.client_id,
        action: body.action,
        at,
        offline,
        location_id: location.as_ref(),
        job_id: job.as_ref(),
        shift_id: shift_id.as_ref(),
        clock_id: how.clock_id,
        geo: body.geo,
        rule_flag,
    };
    let seq = store::insert_punch(tx, tenant, &row, now)?;
    store::rebuild(tx, tenant, user, at, seq, now)?;
    let punch = store::punch_by_id(tx, &id)?;
    let state = state_of(tx, user, now.as_second())?;
    emit_punched(tx, tenant, user, &punch, state.status, now)?;
    Ok((true, Punched { punch, state, replayed: false }))
}

/// The first of the location's rules the punch breaks: its flag and the refusal an online
/// punch gets. The geofence judges clocking in and out (not at a kiosk, which is at the
/// location); breaks may be taken anywhere.
fn broken_rule(
    settings: &ClockSettings,
    body: &NewPunch,
    shift: Option<&store::WorkedShift>,
    at: i64,
    fenced: bool,
) -> ApiResult<Option<(&'static str, ApiError)>> {
    if let (true, Some(lat), Some(lng), Some(radius), Action::In | Action::Out) =
        (fenced, settings.latitude, settings.longitude, settings.geofence_meters, body.action)
    {
        match body.geo {
            None => {
                let problem = FieldProblem::with_detail(Msg::FieldRequired, "this location's clock needs the position");
                return Ok(Some(("no_position", ApiError::validation("geo", problem))));
            }
            Some(g) if !rules::inside((lat, lng), radius as f64, (g.latitude, g.longitude), g.accuracy) => {
                return Ok(Some(("outside_geofence", ApiError::Conflict(Msg::ClockOutsideGeofence))));
            }
            Some(_) => {}
        }
    }
    if let (Action::In, Some(s)) = (body.action, shift)
        && at < rules::earliest_in(s.starts_at, settings.early_minutes)
    {
        return Ok(Some(("too_early", ApiError::Conflict(Msg::ClockTooEarly))));
    }
    Ok(None)
}

/// `clock.punched` to the person and the clock's managers (DESIGN §13): no position.
pub fn emit_punched(
    tx: &Tx<'_>,
    tenant: &TenantId,
    user: &UserId,
    punch: &super::model::Punch,
    status: Status,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    let payload = serde_json::json!({
        "userId": user,
        "punchId": punch.id,
        "action": punch.action,
        "at": punch.at,
        "offline": punch.offline,
        "entryId": punch.entry_id,
        "locationId": punch.location_id,
        "status": status,
        "flags": punch.flags,
    });
    let audience = [Audience::User(user.clone()), Audience::ClockManagers];
    events::emit(tx, tenant, "clock.punched", &audience, &payload, now)
}

/// Where the caller stands: clocked out, in, or on a break, with the open entry and the last
/// closed one.
#[utoipa::path(get, path = "/api/v1/clock", tag = "clock",
    responses((status = 200, body = Envelope<ClockState>)), security(("bearer" = [])))]
pub async fn state(State(app): State<AppState>, caller: Member<perm::ClockPunch>) -> ApiResult<ApiOk<ClockState>> {
    let (user, now) = (caller.principal.user.clone(), app.clock.now().as_second());
    Ok(ApiOk(app.db.read(move |c| state_of(c, &user, now)).await?))
}

/// At most this many people clocked in at once are listed (a workplace, not a factory).
const ACTIVE_LIMIT: u32 = 1000;

/// Who is clocked in now (earliest first), with breaks and missed clock-outs: for the board.
#[utoipa::path(get, path = "/api/v1/clock/active", tag = "clock",
    responses((status = 200, body = Envelope<ClockedInList>)), security(("bearer" = [])))]
pub async fn active(State(app): State<AppState>, caller: Member<perm::ClockManage>) -> ApiResult<ApiOk<ClockedInList>> {
    let tenant = caller.principal.tenant().clone();
    let rows = app.db.read(move |c| store::active(c, &tenant, ACTIVE_LIMIT)).await?;
    let items: Vec<ClockedIn> = rows
        .into_iter()
        .map(|a| ClockedIn {
            user_id: a.user,
            status: if a.on_break_since.is_some() { Status::OnBreak } else { Status::In },
            entry_id: a.entry,
            clock_in_at: SecondText::utc(a.clock_in_at),
            on_break_since: a.on_break_since.map(SecondText::utc),
            location_id: a.location_id,
            shift_id: a.shift_id,
            missed_clock_out: a.missed_out,
        })
        .collect();
    Ok(ApiOk(ClockedInList { total: items.len() as u64, items }))
}

fn location_id(text: &str) -> ApiResult<LocationId> {
    LocationId::parse(text).ok_or(ApiError::NotFound)
}

/// A location's clock rules (the defaults until set).
#[utoipa::path(get, path = "/api/v1/clock/locations/{id}/settings", tag = "clock", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<ClockSettings>)), security(("bearer" = [])))]
pub async fn settings(
    State(app): State<AppState>,
    caller: Member<perm::ClockManage>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<ClockSettings>> {
    let id = location_id(&id)?;
    let principal = caller.principal.clone();
    let found = app
        .db
        .read(move |c| {
            crate::orgs::store::location_of_tenant(c, principal.tenant(), &id)?;
            store::settings(c, &id)
        })
        .await?;
    Ok(ApiOk(found))
}

/// Changes a location's clock rules; only the fields sent change. A geofence needs all three
/// of `latitude`, `longitude` and `geofenceMeters`, or none.
#[utoipa::path(patch, path = "/api/v1/clock/locations/{id}/settings", tag = "clock", params(("id" = String, Path)),
    request_body = ClockSettingsUpdate, responses((status = 200, body = Envelope<ClockSettings>)),
    security(("bearer" = [])))]
pub async fn update_settings(
    State(app): State<AppState>,
    caller: Member<perm::ClockManage>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ClockSettingsUpdate>,
) -> ApiResult<ApiOk<ClockSettings>> {
    let id = location_id(&id)?;
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    let saved = app
        .db
        .write(move |tx| {
            crate::orgs::store::location_of_tenant(tx, principal.tenant(), &id)?;
            let mut s = store::settings(tx, &id)?;
            if let Some(v) = body.latitude {
                s.latitude = v;
            }
            if let Some(v) = body.longitude {
                s.longitude = v;
            }
            if let Some(v) = body.geofence_meters {
                s.geofence_meters = v;
            }
            s.early_minutes = body.early_minutes.unwrap_or(s.early_minutes);
            s.round_minutes = body.round_minutes.unwrap_or(s.round_minutes);
            s.missed_grace_minutes = body.missed_grace_minutes.unwrap_or(s.missed_grace_minutes);
            check_settings(&s)?;
            store::put_settings(tx, principal.tenant(), &s, now)?;
            Ok(s)
        })
        .await?;
    Ok(ApiOk(saved))
}

fn check_settings(s: &ClockSettings) -> ApiResult<()> {
    let invalid = |field: &str| Err(ApiError::validation(field, Msg::FieldInvalid));
    if s.latitude.is_some_and(|v| !(v.is_finite() && v.abs() <= 90.0)) {
        return invalid("latitude");
    }
    if s.longitude.is_some_and(|v| !(v.is_finite() && v.abs() <= 180.0)) {
        return invalid("longitude");
    }
    if s.geofence_meters.is_some_and(|v| !(10..=100_000).contains(&v)) {
        return invalid("geofenceMeters");
    }
    let parts = [s.latitude.is_some(), s.longitude.is_some(), s.geofence_meters.is_some()];
    if parts.iter().any(|p| *p) && !parts.iter().all(|p| *p) {
        let problem =
            FieldProblem::with_detail(Msg::FieldInvalid, "latitude, longitude and geofenceMeters go together");
        return Err(ApiError::validation("geofenceMeters", problem));
    }
    if !(0..=720).contains(&s.early_minutes) {
        return invalid("earlyMinutes");
    }
    if ![0, 5, 6, 10, 15, 30].contains(&s.round_minutes) {
        return invalid("roundMinutes");
    }
    if !(0..=1440).contains(&s.missed_grace_minutes) {
        return invalid("missedGraceMinutes");
    }
    Ok(())
}
