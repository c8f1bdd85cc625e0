//! Shifts (seed 000 `/schedules/{id}/shifts…`, DESIGN §12): create, list a range for the board,
//! change with a version guard, soft delete, publish, and the caller's own week.

use axum::extract::State;

use super::access::{self, Seat, schedule_id};
use super::conflicts::{self, Engine, Subject};
use super::model::{
    Conflict, NewShift, PublishRange, Published, Shift, ShiftList, ShiftQuery, ShiftStatus, ShiftUpdate, StrictQuery,
};
use super::store::{self, ShiftCore, ShiftRow, ShiftWrite};
use super::{time, view};
use crate::access::perm;
use crate::auth::{Member, Principal};
use crate::db::Tx;
use crate::fixed::{DateText, TimeText};
use crate::http::error::FieldProblem;
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Created, Envelope, Lang, Msg};
use crate::ids::{JobId, ScheduleId, ShiftId, TenantId, UserId};
use crate::state::AppState;

/// A range answers at most this many shifts (a board needs the whole week, unpaged).
pub const RANGE_CAP: u32 = 2000;
pub const MAX_RANGE_DAYS: i64 = 62;

/// `from` and `to` together (a checked range of at most 62 days), or neither.
fn optional_range(from: Option<&str>, to: Option<&str>) -> ApiResult<Option<(jiff::civil::Date, jiff::civil::Date)>> {
    time::optional_range(from, to, MAX_RANGE_DAYS)
}

fn shift_id(text: &str) -> ApiResult<ShiftId> {
    ShiftId::parse(text).ok_or(ApiError::NotFound)
}

/// The fields of a shift as sent, merged over the current ones for a PATCH.
pub struct Fields {
    pub assigned_user_id: Option<UserId>,
    pub slots: Option<i64>,
    pub job_id: Option<JobId>,
    pub shift_date: String,
    pub start_time: String,
    pub end_time: String,
    pub break_minutes: i64,
    pub title: Option<String>,
    pub instructions: Option<String>,
}

/// Checks the fields and computes the instants in the location's zone.
pub fn build(f: Fields, tz: &jiff::tz::TimeZone) -> ApiResult<ShiftCore> {
    let date = time::parse_date("shiftDate", &f.shift_date)?;
    let start = time::parse_time("startTime", &f.start_time)?;
    let end = time::parse_time("endTime", &f.end_time)?;
    let slots = match (&f.assigned_user_id, f.slots) {
        (Some(_), Some(n)) if n != 1 => {
            let problem = FieldProblem::with_detail(Msg::FieldInvalid, "only an open shift has more than one slot");
            return Err(ApiError::validation("slots", problem));
        }
        (_, Some(n)) if !(1..=100).contains(&n) => return Err(ApiError::validation("slots", Msg::FieldInvalid)),
        (_, n) => n.unwrap_or(1),
    };
    let (starts, ends) = time::shift_instants(tz, date, start, end);
    let minutes = (ends.as_second() - starts.as_second()) / 60;
    if !(0..minutes).contains(&f.break_minutes) {
        let problem = FieldProblem::with_detail(Msg::FieldInvalid, "the break must be shorter than the shift");
        return Err(ApiError::validation("breakMinutes", problem));
    }
    Ok(ShiftCore {
        assigned_user_id: f.assigned_user_id,
        slots,
        job_id: f.job_id,
        shift_date: DateText::of(date),
        start_time: TimeText::of(start),
        end_time: TimeText::of(end),
        break_minutes: f.break_minutes,
        title: crate::http::text::optional("title", f.title, 200, false)?,
        instructions: crate::http::text::optional("instructions", f.instructions, 2000, true)?,
        starts_at: starts.as_second(),
        ends_at: ends.as_second(),
    })
}

fn check_open_flag(is_open: Option<bool>, assigned: &Option<UserId>) -> ApiResult<()> {
    match is_open {
        Some(open) if open != assigned.is_none() => {
            let problem = FieldProblem::with_detail(Msg::FieldInvalid, "must equal assignedUserId == null");
            Err(ApiError::validation("isOpenShift", problem))
        }
        _ => Ok(()),
    }
}

/// For a planner's write to one shift: the zone of the schedule's location and an engine that
/// knows the location and asks only about the people at hand (not every assignee); another
/// tenant's schedule is not found. The route's `schedules.write` makes the caller a planner.
pub fn engine_to_plan<'a>(
    c: &rusqlite::Connection,
    tenant: &TenantId,
    schedule: &ScheduleId,
) -> ApiResult<(jiff::tz::TimeZone, Engine<'a>)> {
    let location = crate::orgs::store::location_of_tenant(c, tenant, &store::location_id_of(c, tenant, schedule)?)?;
    Ok((time::zone(&location.timezone), Engine::default().placing(schedule, location)))
}

/// The zone of the schedule's location and an engine that knows the schedule (read already).
pub fn engine_for<'a>(
    c: &rusqlite::Connection,
    tenant: &TenantId,
    schedule: &super::model::Schedule,
) -> ApiResult<(jiff::tz::TimeZone, Engine<'a>)> {
    let location = crate::orgs::store::location_of_tenant(c, tenant, &schedule.location_id)?;
    Ok((time::zone(&location.timezone), Engine::default().knowing(schedule, location)))
}

/// Job and person must be the tenant's: another tenant's is not found.
pub fn check_refs(c: &rusqlite::Connection, tenant: &TenantId, core: &ShiftCore) -> ApiResult<()> {
    if let Some(job) = &core.job_id {
        crate::jobs::store::get(c, tenant, job)?;
    }
    if let Some(user) = &core.assigned_user_id {
        crate::users::store::view(c, tenant, user)?;
    }
    Ok(())
}

/// The conflicts of one shift as it would be written, on the write job's transaction.
#[allow(clippy::too_many_arguments)]
pub fn conflicts_of(
    tx: &Tx<'_>,
    tenant: &TenantId,
    engine: &mut Engine<'_>,
    id: Option<&ShiftId>,
    schedule: &ScheduleId,
    core: &ShiftCore,
    strict: bool,
    lang: Lang,
) -> ApiResult<Vec<Conflict>> {
    let found = engine.run(tx, tenant, &[Subject { id, schedule, core }], lang)?.remove(0);
    if strict && !found.is_empty() {
        return Err(ApiError::Conflicts(Msg::ShiftConflicts, serde_json::to_value(&found).unwrap_or_default()));
    }
    Ok(found)
}

/// Shifts of a schedule. With `from` and `to` (≤ 62 days): every shift of the range unpaged,
/// at most 2,000; without: paged. Planners see drafts and the live version; everyone else the
/// published version. `include=labor` adds hours and cost (planners only).
#[utoipa::path(get, path = "/api/v1/schedules/{id}/shifts", tag = "shifts", params(("id" = String, Path), ShiftQuery),
    responses((status = 200, body = Envelope<ShiftList>), (status = 403, description = "not on this schedule")),
    security(("bearer" = [])))]
pub async fn list(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    lang: Lang,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ShiftQuery>,
) -> ApiResult<ApiOk<ShiftList>> {
    let id = schedule_id(&id)?;
    let labor = match query.include.as_deref() {
        None => false,
        Some("labor") => true,
        Some(_) => return Err(ApiError::validation("include", Msg::FieldInvalid)),
    };
    let range = optional_range(query.from.as_deref(), query.to.as_deref())?;
    let page = crate::http::page::PageQuery { page: query.page, limit: query.limit };
    let principal = caller.principal.clone();
    let now = app.clock.now().as_second();
    let list = app
        .db
        .read(move |c| {
            let (schedule, seat) = access::open(c, &principal, &id)?;
            if labor && !seat.plans() {
                return Err(ApiError::Forbidden);
            }
            let tenant = principal.tenant();
            let range = range.map(|(from, to)| (from.to_string(), to.to_string()));
            let (rows, total, paged) = match &range {
                Some((from, to)) => {
                    let rows = if seat.plans() {
                        store::in_range(c, &id, from, to, RANGE_CAP)?
                    } else {
                        store::published_in_range(c, &id, from, to, RANGE_CAP)?
                    };
                    if rows.len() > RANGE_CAP as usize {
                        return Err(ApiError::validation("range", Msg::RangeTooManyShifts));
                    }
                    let total = rows.len() as u64;
                    (rows, total, false)
                }
                None => {
                    let (rows, total) = store::page(c, &id, !seat.plans(), page.limit(), page.offset())?;
                    (rows, total, true)
                }
            };
            let (_, mut engine) = engine_for(c, tenant, &schedule)?;
            if let (Some((from, to)), true) = (&range, seat.plans()) {
                // A planner's range holds every live shift of those days: the engine reads only the rest.
                engine = engine.listing(&id, from, to, &rows);
            }
            let found = view::conflicts(c, tenant, &mut engine, &rows, seat, &principal.user, lang)?;
            let claimable = if seat.plans() {
                Vec::new()
            } else {
                claimable(c, &mut engine, &principal, &schedule, &rows, now, lang)?
            };
            drop(engine);
            let labor = if labor { Some(super::labor::of(c, tenant, &rows)?) } else { None };
            let mut items: Vec<Shift> =
                rows.into_iter().zip(found).map(|(r, f)| view::owned(r, seat, &principal.user, f)).collect();
            for (item, verdict) in items.iter_mut().zip(claimable) {
                item.claimable = verdict;
            }
            Ok(ShiftList { items, total, page: paged.then(|| page.page()), limit: paged.then(|| page.limit()), labor })
        })
        .await?;
    Ok(ApiOk(list))
}

/// Whether `user` may claim the open shift `row` now (DESIGN §12): published, in the future,
/// a free slot, an assignee, and none of the blocking conflicts.
#[allow(clippy::too_many_arguments)]
pub fn claim_blockers(
    c: &rusqlite::Connection,
    tenant: &TenantId,
    engine: &mut Engine<'_>,
    schedule: &super::model::Schedule,
    row: &ShiftRow,
    user: &UserId,
    now: i64,
    lang: Lang,
) -> ApiResult<Result<(), Vec<Conflict>>> {
    Ok(claims_blocked(c, tenant, engine, schedule, &[row], user, now, lang)?.remove(0))
}

/// `claim_blockers` for many open shifts in one engine pass.
#[allow(clippy::too_many_arguments)]
fn claims_blocked(
    c: &rusqlite::Connection,
    tenant: &TenantId,
    engine: &mut Engine<'_>,
    schedule: &super::model::Schedule,
    rows: &[&ShiftRow],
    user: &UserId,
    now: i64,
    lang: Lang,
) -> ApiResult<Vec<Result<(), Vec<Conflict>>>> {
    let on_it = schedule.assignee_user_ids_expanded.contains(user);
    let claimable = |row: &ShiftRow| {
        let seen = row.members_core();
        let open = row.status == ShiftStatus::Published && seen.assigned_user_id.is_none();
        open && seen.starts_at > now && row.filled < seen.slots && on_it
    };
    // Each open shift as it would be with the caller on it.
    let cores: Vec<(usize, ShiftCore)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| claimable(r))
        .map(|(i, r)| (i, ShiftCore { assigned_user_id: Some(user.clone()), slots: 1, ..r.members_core().clone() }))
        .collect();
    let subjects: Vec<Subject<'_>> = cores
        .iter()
        .map(|(i, core)| Subject { id: Some(&rows[*i].id), schedule: &rows[*i].schedule_id, core })
        .collect();
    let mut found = engine.run(c, tenant, &subjects, lang)?.into_iter();
    let mut out: Vec<Result<(), Vec<Conflict>>> = rows.iter().map(|_| Err(Vec::new())).collect();
    for (i, _) in &cores {
        let blocking: Vec<Conflict> = found
            .next()
            .unwrap_or_default()
            .into_iter()
            .filter(|c| conflicts::BLOCK_CLAIM.contains(&c.code))
            .map(|c| Conflict { related_id: None, ..c })
            .collect();
        out[*i] = if blocking.is_empty() { Ok(()) } else { Err(blocking) };
    }
    Ok(out)
}

/// For each row: whether the caller may claim it, for open shifts; none for the rest.
fn claimable(
    c: &rusqlite::Connection,
    engine: &mut Engine<'_>,
    caller: &Principal,
    schedule: &super::model::Schedule,
    rows: &[ShiftRow],
    now: i64,
    lang: Lang,
) -> ApiResult<Vec<Option<bool>>> {
    let is_open = |r: &ShiftRow| r.members_core().assigned_user_id.is_none();
    let open: Vec<&ShiftRow> = rows.iter().filter(|r| is_open(r)).collect();
    let mut verdicts =
        claims_blocked(c, caller.tenant(), engine, schedule, &open, &caller.user, now, lang)?.into_iter();
    Ok(rows.iter().map(|r| if is_open(r) { verdicts.next().map(|v| v.is_ok()) } else { None }).collect())
}

/// Creates a shift (a draft unless `status: published`). Conflicts are warnings in the answer;
/// `?strict=true` refuses a shift that has any (409 with `error.conflicts`).
#[utoipa::path(post, path = "/api/v1/schedules/{id}/shifts", tag = "shifts", params(("id" = String, Path), StrictQuery),
    request_body = NewShift,
    responses((status = 201, body = Envelope<Shift>), (status = 409, description = "strict: the shift has conflicts")),
    security(("bearer" = [])))]
pub async fn create(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    lang: Lang,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<StrictQuery>,
    ApiJson(body): ApiJson<NewShift>,
) -> ApiResult<Created<Shift>> {
    let id = schedule_id(&id)?;
    check_open_flag(body.is_open_shift, &body.assigned_user_id)?;
    let (principal, now, strict) = (caller.principal.clone(), app.clock.now(), query.strict.unwrap_or(false));
    let status = body.status.unwrap_or(ShiftStatus::Draft);
    let fields = Fields {
        assigned_user_id: body.assigned_user_id,
        slots: body.slots,
        job_id: body.job_id,
        shift_date: body.shift_date,
        start_time: body.start_time,
        end_time: body.end_time,
        break_minutes: body.break_minutes.unwrap_or(0),
        title: body.title,
        instructions: body.instructions,
    };
    let shift_id = ShiftId::generate();
    let saved = app
        .db
        .write(move |tx| {
            let tenant = principal.tenant();
            let (zone, mut engine) = engine_to_plan(tx, tenant, &id)?;
            let core = build(fields, &zone)?;
            check_refs(tx, tenant, &core)?;
            let found = conflicts_of(tx, tenant, &mut engine, None, &id, &core, strict, lang)?;
            let write = ShiftWrite {
                id: &shift_id,
                schedule_id: &id,
                core: &core,
                status,
                published: None,
                origin: None,
                claimed_from: None,
            };
            store::insert_shift(tx, tenant, &write, &principal.user, now)?;
            let row = store::shift_by_id(tx, tenant, &id, &shift_id)?;
            match status {
                ShiftStatus::Draft => super::events::draft_change(tx, tenant, "shift.created", &row, &core, now)?,
                ShiftStatus::Published => super::events::published_change(tx, tenant, &row, None, Some(&core), now)?,
            }
            Ok(view::shift(&row, Seat::Planner, &principal.user, found))
        })
        .await?;
    Ok(Created(saved))
}

/// One shift: planners see any; others a published one of a schedule they are on, or their
/// own published shift wherever it is.
#[utoipa::path(get, path = "/api/v1/schedules/{id}/shifts/{shiftId}", tag = "shifts",
    params(("id" = String, Path), ("shiftId" = String, Path)),
    responses((status = 200, body = Envelope<Shift>), (status = 403, description = "not on this schedule")),
    security(("bearer" = [])))]
pub async fn get(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    lang: Lang,
    ApiPath((id, shift)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<Shift>> {
    let (id, shift) = (schedule_id(&id)?, shift_id(&shift)?);
    let principal = caller.principal.clone();
    let now = app.clock.now().as_second();
    let found = app
        .db
        .read(move |c| {
            let tenant = principal.tenant();
            let schedule = store::get(c, tenant, &id)?;
            let row = store::shift_by_id(c, tenant, &id, &shift)?;
            let seat = match access::open(c, &principal, &id) {
                Ok((_, seat)) => seat,
                // A person always sees the published shifts assigned to them.
                Err(ApiError::Forbidden)
                    if row.status == ShiftStatus::Published
                        && row.members_core().assigned_user_id.as_ref() == Some(&principal.user) =>
                {
                    Seat::Member
                }
                Err(e) => return Err(e),
            };
            if !seat.plans() && row.status != ShiftStatus::Published {
                return Err(ApiError::NotFound);
            }
            let (_, mut engine) = engine_for(c, tenant, &schedule)?;
            let mut items =
                view::shifts(c, tenant, &mut engine, std::slice::from_ref(&row), seat, &principal.user, lang)?;
            if !seat.plans() {
                let rows = std::slice::from_ref(&row);
                items[0].claimable = claimable(c, &mut engine, &principal, &schedule, rows, now, lang)?[0];
            }
            Ok(items.remove(0))
        })
        .await?;
    Ok(ApiOk(found))
}

/// Changes a shift (partial). Send `version` to guard against lost updates (stale: 409). A
/// change to a published shift stays unpublished — members keep seeing the published version
/// — until the next publish, or at once with `status: published`.
#[utoipa::path(patch, path = "/api/v1/schedules/{id}/shifts/{shiftId}", tag = "shifts",
    params(("id" = String, Path), ("shiftId" = String, Path), StrictQuery), request_body = ShiftUpdate,
    responses((status = 200, body = Envelope<Shift>), (status = 409, description = "a stale version, or strict and the shift has conflicts")),
    security(("bearer" = [])))]
pub async fn update(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    lang: Lang,
    ApiPath((id, shift)): ApiPath<(String, String)>,
    ApiQuery(query): ApiQuery<StrictQuery>,
    ApiJson(body): ApiJson<ShiftUpdate>,
) -> ApiResult<ApiOk<Shift>> {
    let (id, shift) = (schedule_id(&id)?, shift_id(&shift)?);
    if body.version.is_some_and(|v| v < 1) {
        return Err(ApiError::validation("version", Msg::FieldInvalid));
    }
    let (principal, now, strict) = (caller.principal.clone(), app.clock.now(), query.strict.unwrap_or(false));
    let saved = app
        .db
        .write(move |tx| {
            let tenant = principal.tenant();
            let (zone, mut engine) = engine_to_plan(tx, tenant, &id)?;
            let row = store::shift_by_id(tx, tenant, &id, &shift)?;
            if body.version.is_some_and(|v| v != row.version) {
                return Err(ApiError::Conflict(Msg::StaleVersion));
            }
            let current = &row.core;
            let assigned = body.assigned_user_id.clone().unwrap_or(current.assigned_user_id.clone());
            check_open_flag(body.is_open_shift, &assigned)?;
            let slots = match (&assigned, body.slots) {
                (Some(_), None) => Some(1),
                (None, None) => Some(current.slots),
                (_, sent) => sent,
            };
            let fields = Fields {
                assigned_user_id: assigned,
                slots,
                job_id: body.job_id.clone().unwrap_or(current.job_id.clone()),
                shift_date: body.shift_date.clone().unwrap_or_else(|| current.shift_date.to_string()),
                start_time: body.start_time.clone().unwrap_or_else(|| current.start_time.to_string()),
                end_time: body.end_time.clone().unwrap_or_else(|| current.end_time.to_string()),
                break_minutes: body.break_minutes.unwrap_or(current.break_minutes),
                title: body.title.clone().unwrap_or(current.title.clone()),
                instructions: body.instructions.clone().unwrap_or(current.instructions.clone()),
            };
            let core = build(fields, &zone)?;
            check_refs(tx, tenant, &core)?;
            let found = conflicts_of(tx, tenant, &mut engine, Some(&row.id), &id, &core, strict, lang)?;
            let status = body.status.unwrap_or(row.status);
            // What members saw before this change (none while it was a draft).
            let seen_before = (row.status == ShiftStatus::Published).then(|| row.members_core().clone());
            let published = match status {
                ShiftStatus::Published if body.status == Some(ShiftStatus::Published) => None,
                ShiftStatus::Published => seen_before.clone().filter(|seen| seen != &core),
                ShiftStatus::Draft => None,
            };
            let write = ShiftWrite {
                id: &row.id,
                schedule_id: &id,
                core: &core,
                status,
                published: published.as_ref(),
                origin: row.origin.as_deref(),
                claimed_from: None,
            };
            if !store::update_shift(tx, tenant, &write, row.version, now)? {
                return Err(ApiError::Conflict(Msg::StaleVersion));
            }
            let saved = store::shift_by_id(tx, tenant, &id, &shift)?;
            let seen_after = (status == ShiftStatus::Published).then(|| saved.members_core().clone());
            if seen_before != seen_after {
                super::events::published_change(tx, tenant, &saved, seen_before.as_ref(), seen_after.as_ref(), now)?;
            } else {
                super::events::draft_change(tx, tenant, "shift.updated", &saved, &core, now)?;
            }
            Ok(view::shift(&saved, Seat::Planner, &principal.user, found))
        })
        .await?;
    Ok(ApiOk(saved))
}

/// Deletes a shift (kept 90 days for history, left out of every list).
#[utoipa::path(delete, path = "/api/v1/schedules/{id}/shifts/{shiftId}", tag = "shifts",
    params(("id" = String, Path), ("shiftId" = String, Path)),
    responses((status = 200, body = Envelope<Shift>)), security(("bearer" = [])))]
pub async fn delete(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath((id, shift)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<Shift>> {
    let (id, shift) = (schedule_id(&id)?, shift_id(&shift)?);
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    let gone = app
        .db
        .write(move |tx| {
            let tenant = principal.tenant();
            access::open(tx, &principal, &id)?;
            let row = store::shift_by_id(tx, tenant, &id, &shift)?;
            store::soft_delete(tx, tenant, &row.id, now)?;
            if row.status == ShiftStatus::Published {
                super::events::published_change(tx, tenant, &row, Some(row.members_core()), None, now)?;
            } else {
                super::events::draft_change(tx, tenant, "shift.deleted", &row, &row.core, now)?;
            }
            Ok(view::shift(&row, Seat::Planner, &principal.user, Vec::new()))
        })
        .await?;
    Ok(ApiOk(gone))
}

/// Publishes the drafts and unpublished changes whose date is in `from..=to` (≤ 62 days).
#[utoipa::path(post, path = "/api/v1/schedules/{id}/publish", tag = "shifts", params(("id" = String, Path)),
    request_body = PublishRange, responses((status = 200, body = Envelope<Published>)), security(("bearer" = [])))]
pub async fn publish(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<PublishRange>,
) -> ApiResult<ApiOk<Published>> {
    let id = schedule_id(&id)?;
    let (from, to) = time::range(&body.from, &body.to, MAX_RANGE_DAYS)?;
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    let published = app
        .db
        .write(move |tx| {
            let tenant = principal.tenant();
            access::open(tx, &principal, &id)?;
            let (from, to) = (from.to_string(), to.to_string());
            let rows = store::publish(tx, &id, &from, &to, now)?;
            if !rows.is_empty() {
                let mut people: Vec<UserId> = rows
                    .iter()
                    .flat_map(|r| {
                        [r.core.assigned_user_id.clone(), r.published.as_ref().and_then(|p| p.assigned_user_id.clone())]
                    })
                    .flatten()
                    .collect();
                people.sort();
                people.dedup();
                let mut audience: Vec<crate::events::Audience> =
                    people.iter().cloned().map(crate::events::Audience::User).collect();
                audience.push(crate::events::Audience::ScheduleManagers(id.clone()));
                if rows.iter().any(|r| r.core.assigned_user_id.is_none()) {
                    audience.push(crate::events::Audience::SchedulePublished(id.clone()));
                }
                let payload = serde_json::json!({
                    "scheduleId": id,
                    "from": from,
                    "to": to,
                    "count": rows.len(),
                    "shiftIds": rows.iter().map(|r| &r.id).collect::<Vec<_>>(),
                    "userIds": people,
                });
                crate::events::emit(tx, tenant, "shift.published", &audience, &payload, now)?;
            }
            crate::audit::by_user(
                tx,
                tenant,
                &principal.user,
                "schedule.published",
                serde_json::json!({ "scheduleId": id, "from": from, "to": to, "count": rows.len() }),
                now,
            )?;
            Ok(rows.len())
        })
        .await?;
    Ok(ApiOk(Published { published }))
}

/// The caller's own published shifts across schedules, `from..=to` (default: today and the
/// next 27 days in the workplace's zone).
#[utoipa::path(get, path = "/api/v1/me/shifts", tag = "shifts", params(MyShiftsQuery),
    responses((status = 200, body = Envelope<ShiftList>)), security(("bearer" = [])))]
pub async fn mine(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    lang: Lang,
    ApiQuery(query): ApiQuery<MyShiftsQuery>,
) -> ApiResult<ApiOk<ShiftList>> {
    let principal = caller.principal.clone();
    let now = app.clock.now();
    let list = app
        .db
        .read(move |c| {
            let tenant = principal.tenant();
            let (from, to) = match optional_range(query.from.as_deref(), query.to.as_deref())? {
                Some(range) => range,
                None => {
                    let zone = crate::orgs::store::first_location(c, tenant)?.map(|l| l.timezone).unwrap_or_default();
                    let today = now.to_zoned(time::zone(&zone)).date();
                    (today, time::add_days(today, 27))
                }
            };
            let rows = store::mine(c, tenant, &principal.user, &from.to_string(), &to.to_string(), RANGE_CAP)?;
            if rows.len() > RANGE_CAP as usize {
                return Err(ApiError::validation("range", Msg::RangeTooManyShifts));
            }
            let items = view::shifts(c, tenant, &mut Engine::default(), &rows, Seat::Member, &principal.user, lang)?;
            Ok(ShiftList { total: items.len() as u64, items, page: None, limit: None, labor: None })
        })
        .await?;
    Ok(ApiOk(list))
}

/// For the caller's dashboard: their published shifts that have not ended (at most `mine_max`),
/// and the open shifts of their schedules they may claim now and have not asked for (at most
/// `open_max`), both soonest first, from yesterday (a night shift still on) to `days` ahead.
pub fn coming_for(
    c: &rusqlite::Connection,
    caller: &Principal,
    now: jiff::Timestamp,
    days: i64,
    mine_max: usize,
    open_max: usize,
    lang: Lang,
) -> ApiResult<(Vec<Shift>, Vec<Shift>)> {
    let (tenant, user, at) = (caller.tenant(), &caller.user, now.as_second());
    let zone = crate::orgs::store::first_location(c, tenant)?.map(|l| l.timezone).unwrap_or_default();
    let today = now.to_zoned(time::zone(&zone)).date();
    let (from, to) = (time::add_days(today, -1).to_string(), time::add_days(today, days).to_string());

    let mut rows = store::mine(c, tenant, user, &from, &to, RANGE_CAP)?;
    rows.retain(|r| r.members_core().ends_at > at);
    rows.truncate(mine_max);
    let mine = view::shifts(c, tenant, &mut Engine::default(), &rows, Seat::Member, user, lang)?;

    let mut open = Vec::new();
    let (schedules, _) = store::visible(c, tenant, user, false, 200, 0)?;
    for schedule in schedules.iter().filter(|s| s.assignee_user_ids_expanded.contains(user)) {
        let rows = store::open_published(c, &schedule.id, &from, &to)?;
        let mut fresh = Vec::with_capacity(rows.len());
        for row in rows {
            if !super::claims::asked(c, &row.id, user)? {
                fresh.push(row);
            }
        }
        let refs: Vec<&ShiftRow> = fresh.iter().collect();
        let (_, mut engine) = engine_for(c, tenant, schedule)?;
        let verdicts = claims_blocked(c, tenant, &mut engine, schedule, &refs, user, at, lang)?;
        let free: Vec<ShiftRow> = fresh.into_iter().zip(verdicts).filter(|(_, v)| v.is_ok()).map(|(r, _)| r).collect();
        let starts: Vec<i64> = free.iter().map(|r| r.members_core().starts_at).collect();
        for (start, mut item) in
            starts.into_iter().zip(view::shifts(c, tenant, &mut engine, &free, Seat::Member, user, lang)?)
        {
            item.claimable = Some(true);
            open.push((start, item));
        }
    }
    open.sort_by(|a, b| (a.0, a.1.id.as_str()).cmp(&(b.0, b.1.id.as_str())));
    Ok((mine, open.into_iter().take(open_max).map(|(_, item)| item).collect()))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MyShiftsQuery {
    #[param(format = Date)]
    pub from: Option<String>,
    #[param(format = Date)]
    pub to: Option<String>,
}
