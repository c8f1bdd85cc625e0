//! Time off: ask, see, approve or decline, cancel. Anyone who punches the clock asks for their
//! own; holders of `clock.manage` see everyone's and decide.

use axum::extract::State;

use super::model::{Decision, NewTimeOff, Status, TimeOff, TimeOffQuery};
use super::store::{self, Filter};
use crate::access::perm::{self, Permission as _};
use crate::auth::{Member, Principal};
use crate::events::{self, Audience};
use crate::http::error::FieldProblem;
use crate::http::page::{Page, PageQuery};
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Created, Envelope, Msg};
use crate::ids::TimeOffId;
use crate::schedules::time;
use crate::state::AppState;

/// At most this many days in one request.
const MAX_DAYS: i64 = 366;

fn manages(caller: &Principal) -> bool {
    caller.allows(perm::ClockManage::CODE)
}

fn time_off_id(text: &str) -> ApiResult<TimeOffId> {
    TimeOffId::parse(text).ok_or(ApiError::NotFound)
}

/// What a request covers, checked: its local dates and times, and the same as UTC seconds.
struct Covered {
    start_date: String,
    end_date: String,
    start_time: Option<String>,
    end_time: Option<String>,
    starts_at: i64,
    ends_at: i64,
}

/// The request's stretch in `tz`: whole days from the first midnight to the one after the
/// last day, or the part of the one day between its times.
fn instants(body: &NewTimeOff, tz: &jiff::tz::TimeZone) -> ApiResult<Covered> {
    let start = time::parse_date("startDate", &body.start_date)?;
    let end = match &body.end_date {
        Some(text) => time::parse_date("endDate", text)?,
        None => start,
    };
    if end < start {
        return Err(ApiError::validation("endDate", Msg::RangeBackwards));
    }
    if (end - start).get_days() as i64 >= MAX_DAYS {
        let problem = FieldProblem::with_detail(Msg::FieldInvalid, "at most 366 days in one request");
        return Err(ApiError::validation("endDate", problem));
    }
    match (&body.start_time, &body.end_time) {
        (None, None) => {
            let (from, _) = time::day_instants(tz, start);
            let (_, to) = time::day_instants(tz, end);
            Ok(Covered {
                start_date: start.to_string(),
                end_date: end.to_string(),
                start_time: None,
                end_time: None,
                starts_at: from.as_second(),
                ends_at: to.as_second(),
            })
        }
        (Some(a), Some(b)) => {
            if end != start {
                let problem =
                    FieldProblem::with_detail(Msg::FieldInvalid, "part of a day is one day: leave endDate out");
                return Err(ApiError::validation("endDate", problem));
            }
            let (from_t, to_t) = (time::parse_time("startTime", a)?, time::parse_time("endTime", b)?);
            if to_t <= from_t {
                return Err(ApiError::validation(
                    "endTime",
                    FieldProblem::with_detail(Msg::FieldInvalid, "after startTime"),
                ));
            }
            let (from, to) = (time::instant(tz, start, from_t), time::instant(tz, start, to_t));
            Ok(Covered {
                start_date: start.to_string(),
                end_date: end.to_string(),
                start_time: Some(time::hhmm(from_t)),
                end_time: Some(time::hhmm(to_t)),
                starts_at: from.as_second(),
                ends_at: to.as_second(),
            })
        }
        (None, Some(_)) => Err(ApiError::validation("startTime", Msg::FieldRequired)),
        (Some(_), None) => Err(ApiError::validation("endTime", Msg::FieldRequired)),
    }
}

/// The event of a request or a decision: ids, kind, dates and status — no note or comment.
fn emit(
    tx: &crate::db::Tx<'_>,
    t: &TimeOff,
    kind: &str,
    tenant: &crate::ids::TenantId,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    let payload = serde_json::json!({
        "id": t.id, "userId": t.user_id, "kind": t.kind, "status": t.status,
        "startDate": t.start_date, "endDate": t.end_date, "startTime": t.start_time, "endTime": t.end_time,
    });
    let audience = [Audience::User(t.user_id.clone()), Audience::ClockManagers];
    events::emit(tx, tenant, kind, &audience, &payload, now)
}

/// Asks for time off for oneself (pending until a manager decides).
#[utoipa::path(post, path = "/api/v1/time-off", tag = "time off", request_body = NewTimeOff,
    responses((status = 201, body = Envelope<TimeOff>)), security(("bearer" = [])))]
pub async fn create(
    State(app): State<AppState>,
    caller: Member<perm::ClockPunch>,
    ApiJson(body): ApiJson<NewTimeOff>,
) -> ApiResult<Created<TimeOff>> {
    let note = crate::http::text::optional("note", body.note.clone(), 1000, true)?;
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    let saved = app
        .db
        .write(move |tx| {
            let tenant = principal.tenant();
            let tz = time::person_zone(tx, tenant, &principal.user)?;
            let covered = instants(&body, &tz)?;
            let id = TimeOffId::generate();
            let row = store::NewRow {
                id: &id,
                user: &principal.user,
                kind: body.kind,
                start_date: &covered.start_date,
                end_date: &covered.end_date,
                start_time: covered.start_time.as_deref(),
                end_time: covered.end_time.as_deref(),
                starts_at: covered.starts_at,
                ends_at: covered.ends_at,
                note: note.as_deref(),
            };
            store::insert(tx, tenant, &row, now)?;
            let saved = store::get(tx, tenant, &id)?;
            emit(tx, &saved, "timeoff.requested", tenant, now)?;
            Ok(saved)
        })
        .await?;
    Ok(Created(saved))
}

/// Time off, newest first: managers see everyone's (or one person's with `userId`), anyone else
/// their own.
#[utoipa::path(get, path = "/api/v1/time-off", tag = "time off", params(TimeOffQuery),
    responses((status = 200, body = Envelope<Page<TimeOff>>)), security(("bearer" = [])))]
pub async fn list(
    State(app): State<AppState>,
    caller: Member<perm::ClockPunch>,
    ApiQuery(query): ApiQuery<TimeOffQuery>,
) -> ApiResult<ApiOk<Page<TimeOff>>> {
    let principal = caller.principal.clone();
    let user = match (&query.user_id, manages(&principal)) {
        (Some(u), true) => Some(u.clone()),
        (Some(u), false) if *u == principal.user => Some(u.clone()),
        (Some(_), false) => return Err(ApiError::Forbidden),
        (None, true) => None,
        (None, false) => Some(principal.user.clone()),
    };
    let range = match time::optional_range(query.from.as_deref(), query.to.as_deref(), MAX_DAYS)? {
        Some((f, t)) => (Some(f.to_string()), Some(t.to_string())),
        None => (None, None),
    };
    let page = PageQuery { page: query.page, limit: query.limit };
    let status = query.status;
    let found = app
        .db
        .read(move |c| {
            let filter = Filter { user: user.as_ref(), status, from: range.0.as_deref(), to: range.1.as_deref() };
            let (items, total) = store::page(c, principal.tenant(), &filter, page.limit(), page.offset())?;
            Ok(Page::new(items, total, &page))
        })
        .await?;
    Ok(ApiOk(found))
}

/// One request: one's own, or anyone's for a manager (else not found).
#[utoipa::path(get, path = "/api/v1/time-off/{id}", tag = "time off", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<TimeOff>)), security(("bearer" = [])))]
pub async fn get(
    State(app): State<AppState>,
    caller: Member<perm::ClockPunch>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<TimeOff>> {
    let id = time_off_id(&id)?;
    let principal = caller.principal.clone();
    let found = app.db.read(move |c| visible(c, &principal, &id)).await?;
    Ok(ApiOk(found))
}

fn visible(c: &rusqlite::Connection, caller: &Principal, id: &TimeOffId) -> ApiResult<TimeOff> {
    let found = store::get(c, caller.tenant(), id)?;
    if found.user_id != caller.user && !manages(caller) {
        return Err(ApiError::NotFound);
    }
    Ok(found)
}

async fn decide(app: AppState, caller: Principal, id: String, to: Status, body: Decision) -> ApiResult<TimeOff> {
    let id = time_off_id(&id)?;
    let comment = crate::http::text::optional("comment", body.comment, 1000, true)?;
    let now = app.clock.now();
    app.db.write(move |tx| decide_request(tx, &caller, &id, to, comment.as_deref(), now)).await
}

/// Approves or declines a pending request inside the caller's write job (the routes here and
/// the approval inbox); `comment` is checked by the caller.
pub fn decide_request(
    tx: &crate::db::Tx<'_>,
    caller: &Principal,
    id: &TimeOffId,
    to: Status,
    comment: Option<&str>,
    now: jiff::Timestamp,
) -> ApiResult<TimeOff> {
    let tenant = caller.tenant();
    store::get(tx, tenant, id)?;
    if !store::set_status(tx, id, &[Status::Pending], to, Some((&caller.user, comment)), now)? {
        return Err(ApiError::Conflict(Msg::TimeOffDecided));
    }
    let saved = store::get(tx, tenant, id)?;
    emit(tx, &saved, "timeoff.decided", tenant, now)?;
    Ok(saved)
}

/// Approves a pending request: from now on it is a `time_off` conflict for the scheduler.
#[utoipa::path(post, path = "/api/v1/time-off/{id}/approve", tag = "time off", params(("id" = String, Path)),
    request_body(content = Decision, description = "optional: a comment for the person"),
    responses((status = 200, body = Envelope<TimeOff>), (status = 409, description = "decided already")),
    security(("bearer" = [])))]
pub async fn approve(
    State(app): State<AppState>,
    caller: Member<perm::ClockManage>,
    ApiPath(id): ApiPath<String>,
    crate::http::OptionalJson(body): crate::http::OptionalJson<Decision>,
) -> ApiResult<ApiOk<TimeOff>> {
    Ok(ApiOk(decide(app, caller.principal.clone(), id, Status::Approved, body.unwrap_or_default()).await?))
}

/// Declines a pending request.
#[utoipa::path(post, path = "/api/v1/time-off/{id}/decline", tag = "time off", params(("id" = String, Path)),
    request_body(content = Decision, description = "optional: a comment for the person"),
    responses((status = 200, body = Envelope<TimeOff>), (status = 409, description = "decided already")),
    security(("bearer" = [])))]
pub async fn decline(
    State(app): State<AppState>,
    caller: Member<perm::ClockManage>,
    ApiPath(id): ApiPath<String>,
    crate::http::OptionalJson(body): crate::http::OptionalJson<Decision>,
) -> ApiResult<ApiOk<TimeOff>> {
    Ok(ApiOk(decide(app, caller.principal.clone(), id, Status::Declined, body.unwrap_or_default()).await?))
}

/// Cancels a pending or approved request: one's own, or anyone's for a manager. It stays in
/// the list as `cancelled`.
#[utoipa::path(delete, path = "/api/v1/time-off/{id}", tag = "time off", params(("id" = String, Path)),
    responses((status = 200, description = "cancelled; `data` is null"), (status = 409, description = "declined or cancelled already")),
    security(("bearer" = [])))]
pub async fn cancel(
    State(app): State<AppState>,
    caller: Member<perm::ClockPunch>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<()>> {
    let id = time_off_id(&id)?;
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    app.db
        .write(move |tx| {
            let tenant = principal.tenant();
            visible(tx, &principal, &id)?;
            if !store::set_status(tx, &id, &[Status::Pending, Status::Approved], Status::Cancelled, None, now)? {
                return Err(ApiError::Conflict(Msg::TimeOffDecided));
            }
            let saved = store::get(tx, tenant, &id)?;
            emit(tx, &saved, "timeoff.decided", tenant, now)
        })
        .await?;
    Ok(ApiOk(()))
}
