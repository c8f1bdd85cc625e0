//! Timesheets: the managers' list of a period, one person's sheet, corrections, approval (which
//! locks the period), the audited unlock, and the payroll CSV.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use jiff::tz::TimeZone;

use super::model::{EntryCorrection, ExportQuery, PeriodAction, PeriodQuery, Status, Timesheet, TimesheetList};
use super::period::Period;
use super::sheet::{self, Inputs, Settings};
use super::store::{self, EntryRow};
use crate::access::perm::{self, Permission as _};
use crate::auth::Member;
use crate::db::Tx;
use crate::events::{self, Audience};
use crate::http::error::FieldProblem;
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Envelope, Msg};
use crate::ids::{EntryEditId, PunchId, TenantId, UserId};
use crate::state::AppState;
use crate::timeclock::sequence::Action;

fn user_id(text: &str) -> ApiResult<UserId> {
    UserId::parse(text).ok_or(ApiError::NotFound)
}

/// Everyone's timesheet of the period holding `date` (UTC seconds `now` for open entries):
/// the people with entries, shifts or an approval in it, by name.
pub fn everyone(
    c: &rusqlite::Connection,
    tenant: &TenantId,
    date: Option<&str>,
    only: Option<&UserId>,
    now: i64,
) -> ApiResult<(Period, Vec<(Timesheet, TimeZone)>)> {
    let workplace = crate::tenants::store::timezone(c, tenant)?;
    let settings = sheet::settings(c, tenant)?;
    let period = settings.period_of(sheet::date_or_today(date, &workplace, now)?);
    let (first, last) = super::hours::load_range(&period, settings.rules.week_starts_on);
    // A day's slack each side: people may live in other zones than the workplace.
    let (from, to) = sheet::span(&workplace, first, last);
    let entries = store::entries_around(c, tenant, only, from - 86_400, to + 86_400)?;
    let (pf, pt) = sheet::span(&workplace, period.start, period.end);
    let scheduled = store::scheduled(c, tenant, only, pf - 86_400, pt + 86_400)?;
    let (start, end) = (period.start.to_string(), period.end.to_string());
    let approvals = store::approvals(c, tenant, only, &start, &end)?;

    let mut by_user: HashMap<&UserId, Vec<&EntryRow>> = HashMap::new();
    for e in &entries {
        by_user.entry(&e.user).or_default().push(e);
    }
    let mut ids: Vec<&UserId> = by_user.keys().copied().collect();
    ids.extend(scheduled.iter().map(|s| &s.user));
    ids.extend(approvals.iter().map(|a| &a.user));
    ids.sort();
    ids.dedup();
    let mut sheets = Vec::new();
    for person in store::people(c, tenant, &ids)? {
        let tz = sheet::zone_of(&person, &workplace);
        let input = Inputs {
            person: &person,
            tz: &tz,
            entries: by_user.remove(&person.id).unwrap_or_default(),
            scheduled: scheduled.iter().filter(|s| s.user == person.id).collect(),
            approval: approvals.iter().find(|a| a.user == person.id),
        };
        let built = sheet::build(&settings, &period, &input, now);
        if !built.entries.is_empty() || built.totals.scheduled_minutes > 0 || built.approval.is_some() {
            sheets.push((built, tz));
        }
    }
    Ok((period, sheets))
}

/// Everyone's timesheet of a pay period (the one holding `date`, default today): totals,
/// approval, and what needs a look (open entries, missed clock-outs, corrections).
#[utoipa::path(get, path = "/api/v1/timesheets", tag = "timesheets", params(PeriodQuery),
    responses((status = 200, body = Envelope<TimesheetList>)), security(("bearer" = [])))]
pub async fn list(
    State(app): State<AppState>,
    caller: Member<perm::ClockManage>,
    ApiQuery(query): ApiQuery<PeriodQuery>,
) -> ApiResult<ApiOk<TimesheetList>> {
    let (tenant, now) = (caller.principal.tenant().clone(), app.clock.now().as_second());
    let (period, sheets) = app.db.read(move |c| everyone(c, &tenant, query.date.as_deref(), None, now)).await?;
    let items: Vec<_> = sheets.into_iter().map(|(s, _)| sheet::summary(s)).collect();
    Ok(ApiOk(TimesheetList { period: sheet::view(&period), total: items.len() as u64, items }))
}

/// One person's timesheet of a pay period: days (scheduled, worked, breaks, overtime) and
/// entries with what was punched and every correction. One's own, or anyone's with
/// `clock.manage`.
#[utoipa::path(get, path = "/api/v1/timesheets/{userId}", tag = "timesheets",
    params(("userId" = String, Path), PeriodQuery),
    responses((status = 200, body = Envelope<Timesheet>), (status = 403, description = "someone else's, without clock.manage")),
    security(("bearer" = [])))]
pub async fn get(
    State(app): State<AppState>,
    caller: Member<perm::ClockPunch>,
    ApiPath(user): ApiPath<String>,
    ApiQuery(query): ApiQuery<PeriodQuery>,
) -> ApiResult<ApiOk<Timesheet>> {
    let user = user_id(&user)?;
    let (principal, now) = (caller.principal.clone(), app.clock.now().as_second());
    let found = app
        .db
        .read(move |c| {
            let tenant = principal.tenant();
            store::person(c, tenant, &user)?;
            if user != principal.user && !principal.allows(perm::ClockManage::CODE) {
                return Err(ApiError::Forbidden);
            }
            sheet::of_person(c, tenant, &user, query.date.as_deref(), now)
        })
        .await?;
    Ok(ApiOk(found))
}

/// The period starting on `periodStart`, checked to be one.
fn period_starting(settings: &Settings, text: &str) -> ApiResult<Period> {
    let start = crate::schedules::time::parse_date("periodStart", text)?;
    let period = settings.period_of(start);
    if period.start != start {
        let detail = format!("not the first day of a pay period; that one starts {}", period.start);
        return Err(ApiError::validation("periodStart", FieldProblem::with_detail(Msg::FieldInvalid, detail)));
    }
    Ok(period)
}

/// `timesheet.*` to the person and the clock's managers: ids, dates and status only.
fn emit(
    tx: &Tx<'_>,
    tenant: &TenantId,
    kind: &str,
    user: &UserId,
    payload: serde_json::Value,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    let audience = [Audience::User(user.clone()), Audience::ClockManagers];
    events::emit(tx, tenant, kind, &audience, &payload, now)
}

/// Approves a person's period: it is locked against punches and corrections from then on.
/// A period with an entry still open cannot be approved; nor one that has not begun.
#[utoipa::path(post, path = "/api/v1/timesheets/{userId}/approve", tag = "timesheets",
    params(("userId" = String, Path)), request_body = PeriodAction,
    responses((status = 200, body = Envelope<Timesheet>),
        (status = 409, description = "approved already, or an entry is still open")),
    security(("bearer" = [])))]
pub async fn approve(
    State(app): State<AppState>,
    caller: Member<perm::ClockManage>,
    ApiPath(user): ApiPath<String>,
    ApiJson(body): ApiJson<PeriodAction>,
) -> ApiResult<ApiOk<Timesheet>> {
    let user = user_id(&user)?;
    crate::http::text::optional("reason", body.reason.clone(), 500, true)?;
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    let saved = app.db.write(move |tx| approve_period(tx, &principal, &user, &body.period_start, now)).await?;
    Ok(ApiOk(saved))
}

/// Approves the person's period starting `period_start` inside the caller's write job (the
/// route above and the approval inbox).
pub fn approve_period(
    tx: &Tx<'_>,
    principal: &crate::auth::Principal,
    user: &UserId,
    period_start: &str,
    now: jiff::Timestamp,
) -> ApiResult<Timesheet> {
    let tenant = principal.tenant();
    let person = store::person(tx, tenant, user)?;
    let settings = sheet::settings(tx, tenant)?;
    let period = period_starting(&settings, period_start)?;
    let tz = crate::schedules::time::person_zone(tx, tenant, user)?;
    if sheet::local_date(&tz, now.as_second()) < period.start {
        let problem = FieldProblem::with_detail(Msg::FieldInvalid, "this period has not begun");
        return Err(ApiError::validation("periodStart", problem));
    }
    let current = sheet::of_period(tx, tenant, &person, &tz, &settings, &period, now.as_second())?;
    if current.status == Status::Approved {
        return Err(ApiError::Conflict(Msg::TimesheetApproved));
    }
    if current.open_entries > 0 {
        return Err(ApiError::Conflict(Msg::TimesheetOpenEntries));
    }
    let (start, end) = (period.start.to_string(), period.end.to_string());
    let approval = store::NewApproval {
        user,
        start: &start,
        end: &end,
        by: &principal.user,
        worked: current.totals.worked_minutes,
        overtime: current.totals.overtime_minutes,
    };
    if !store::approve(tx, tenant, &approval, now)? {
        return Err(ApiError::Conflict(Msg::TimesheetApproved));
    }
    let facts = serde_json::json!({"userId": user, "periodStart": start, "periodEnd": end, "status": "approved"});
    crate::audit::by_user(tx, tenant, &principal.user, "timesheet.approved", facts.clone(), now)?;
    emit(tx, tenant, "timesheet.approved", user, facts, now)?;
    sheet::of_period(tx, tenant, &person, &tz, &settings, &period, now.as_second())
}

/// Unlocks an approved period (admins: `timesheets.unlock`); the reason goes into the audit log.
#[utoipa::path(post, path = "/api/v1/timesheets/{userId}/unlock", tag = "timesheets",
    params(("userId" = String, Path)), request_body = PeriodAction,
    responses((status = 200, body = Envelope<Timesheet>), (status = 409, description = "not approved")),
    security(("bearer" = [])))]
pub async fn unlock(
    State(app): State<AppState>,
    caller: Member<perm::TimesheetsUnlock>,
    ApiPath(user): ApiPath<String>,
    ApiJson(body): ApiJson<PeriodAction>,
) -> ApiResult<ApiOk<Timesheet>> {
    let user = user_id(&user)?;
    let reason = crate::http::text::optional("reason", body.reason.clone(), 500, true)?
        .ok_or_else(|| ApiError::validation("reason", Msg::FieldRequired))?;
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    let saved = app
        .db
        .write(move |tx| {
            let tenant = principal.tenant();
            let person = store::person(tx, tenant, &user)?;
            let settings = sheet::settings(tx, tenant)?;
            let period = period_starting(&settings, &body.period_start)?;
            let start = period.start.to_string();
            if !store::unlock(tx, tenant, &user, &start)? {
                return Err(ApiError::Conflict(Msg::TimesheetNotApproved));
            }
            let end = period.end.to_string();
            let facts = serde_json::json!({"userId": user, "periodStart": start, "periodEnd": end, "reason": reason});
            crate::audit::by_user(tx, tenant, &principal.user, "timesheet.unlocked", facts, now)?;
            let payload = serde_json::json!({"userId": user, "periodStart": start, "periodEnd": end, "status": "open"});
            emit(tx, tenant, "timesheet.unlocked", &user, payload, now)?;
            let tz = crate::schedules::time::person_zone(tx, tenant, &user)?;
            sheet::of_period(tx, tenant, &person, &tz, &settings, &period, now.as_second())
        })
        .await?;
    Ok(ApiOk(saved))
}

/// How far a correction may move an entry's start from what was punched.
const MAX_SHIFT: i64 = 48 * 3600;
/// How long a corrected entry may be.
const MAX_LENGTH: i64 = 24 * 3600;

fn instant(field: &str, text: &str) -> ApiResult<i64> {
    text.parse::<jiff::Timestamp>()
        .map(|t| t.as_second())
        .map_err(|_| ApiError::validation(field, FieldProblem::with_detail(Msg::FieldInvalid, "RFC 3339")))
}

fn invalid(field: &str, detail: &str) -> ApiError {
    ApiError::validation(field, FieldProblem::with_detail(Msg::FieldInvalid, detail.to_owned()))
}

/// Corrects an entry's clock-in, clock-out or break total, with a reason; the punches stay as
/// they were, and the correction is kept with who and when. An open entry corrected with a
/// `clockOutAt` is clocked out then (a forgotten clock-out). Answers the person's timesheet of
/// the period the entry starts in.
#[utoipa::path(patch, path = "/api/v1/time-entries/{id}", tag = "timesheets", params(("id" = String, Path)),
    request_body = EntryCorrection,
    responses((status = 200, body = Envelope<Timesheet>),
        (status = 409, description = "the period is approved, or the entry would overlap another")),
    security(("bearer" = [])))]
pub async fn correct(
    State(app): State<AppState>,
    caller: Member<perm::ClockManage>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<EntryCorrection>,
) -> ApiResult<ApiOk<Timesheet>> {
    let id = PunchId::parse(&id).ok_or(ApiError::NotFound)?;
    let reason = crate::http::text::one_line("reason", &body.reason, 500)?;
    let asked_in = body.clock_in_at.as_deref().map(|t| instant("clockInAt", t)).transpose()?;
    let asked_out = body.clock_out_at.as_deref().map(|t| instant("clockOutAt", t)).transpose()?;
    if let Some(Some(b)) = body.break_minutes
        && !(0..=1440).contains(&b)
    {
        return Err(invalid("breakMinutes", "0 to 1440"));
    }
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    let saved = app
        .db
        .write(move |tx| {
            let tenant = principal.tenant();
            let entry = store::entry(tx, tenant, &id)?;
            let before = entry.effective();
            let clock_in = asked_in.unwrap_or(before.0);
            let clock_out = asked_out.or(before.1).ok_or_else(|| {
                let problem = FieldProblem::with_detail(Msg::FieldRequired, "the entry is open: send when it ended");
                ApiError::validation("clockOutAt", problem)
            })?;
            let breaks = body.break_minutes.unwrap_or(before.2);
            let after = (clock_in, clock_out, breaks);
            check_correction(&entry, before, after, now.as_second())?;
            let user = &entry.user;
            let from = before.0.min(clock_in);
            sheet::check_unlocked(tx, tenant, user, from, before.1.unwrap_or(clock_out).max(clock_out))?;
            let others = store::entries_around(tx, tenant, Some(user), clock_in - 86_400, clock_out + 86_400)?;
            let overlaps = others.iter().filter(|o| o.id != entry.id).any(|o| {
                let (s, e, _) = o.effective();
                s < clock_out && e.unwrap_or(now.as_second()) > clock_in
            });
            if overlaps {
                return Err(ApiError::Conflict(Msg::TimesheetOverlap));
            }
            let edit = EntryEditId::generate();
            if entry.clock_out_at.is_none() {
                clock_out_forgotten(tx, tenant, &entry, clock_out, &edit, now)?;
            }
            let row = store::NewEdit { id: &edit, entry: &entry, by: &principal.user, reason: &reason, before, after };
            store::insert_edit(tx, tenant, &row, now)?;
            let payload = serde_json::json!({"userId": user, "entryId": entry.id, "editId": edit});
            emit(tx, tenant, "timesheet.corrected", user, payload, now)?;
            let tz = crate::schedules::time::person_zone(tx, tenant, user)?;
            let date = sheet::local_date(&tz, clock_in).to_string();
            sheet::of_person(tx, tenant, user, Some(&date), now.as_second())
        })
        .await?;
    Ok(ApiOk(saved))
}

fn check_correction(
    entry: &EntryRow,
    before: (i64, Option<i64>, Option<i64>),
    (clock_in, clock_out, breaks): (i64, i64, Option<i64>),
    now: i64,
) -> ApiResult<()> {
    if (clock_in, Some(clock_out), breaks) == before {
        return Err(invalid("reason", "the correction changes nothing"));
    }
    if (clock_in - entry.clock_in_at).abs() > MAX_SHIFT {
        return Err(invalid("clockInAt", "within 48 hours of the punched clock-in"));
    }
    if clock_out <= clock_in {
        return Err(invalid("clockOutAt", "after clockInAt"));
    }
    if clock_out - clock_in > MAX_LENGTH {
        return Err(invalid("clockOutAt", "at most 24 hours after clockInAt"));
    }
    if clock_out > now {
        return Err(invalid("clockOutAt", "not in the future"));
    }
    if breaks.is_some_and(|b| b * 60 > clock_out - clock_in) {
        return Err(invalid("breakMinutes", "no longer than the entry"));
    }
    if entry.clock_out_at.is_none() {
        let last = entry.breaks.iter().flat_map(|(s, e)| [Some(*s), *e]).flatten().max().unwrap_or(entry.clock_in_at);
        if clock_out < last {
            return Err(invalid("clockOutAt", "not before the entry's last punch"));
        }
    }
    Ok(())
}

/// Clocks the person out of an open entry at `at`, as a punch of the correction: the clock
/// then knows they are out, and the board sees it.
fn clock_out_forgotten(
    tx: &Tx<'_>,
    tenant: &TenantId,
    entry: &EntryRow,
    at: i64,
    edit: &EntryEditId,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    let punch = PunchId::generate();
    let client_id = format!("correction:{edit}");
    let row = crate::timeclock::store::NewPunchRow {
        id: &punch,
        user: &entry.user,
        client_id: &client_id,
        action: Action::Out,
        at,
        offline: false,
        location_id: entry.location_id.as_ref(),
        job_id: entry.job_id.as_ref(),
        shift_id: entry.shift_id.as_ref(),
        clock_id: Some("timesheet"),
        geo: None,
        rule_flag: None,
    };
    let seq = crate::timeclock::store::insert_punch(tx, tenant, &row, now)?;
    crate::timeclock::store::rebuild(tx, tenant, &entry.user, at, seq, now)?;
    let stored = crate::timeclock::store::punch_by_id(tx, &punch)?;
    crate::timeclock::emit_punched(tx, tenant, &entry.user, &stored, crate::timeclock::sequence::Status::Out, now)
}

/// The payroll export of a period as CSV, one row per entry (columns: `period_start`,
/// `period_end`, `user_id`, `name`, `date` (local, of the clock-in), `entry_id`, `clock_in`,
/// `clock_out` (local with offset), `break_minutes`, `worked_minutes`, `worked_hours`,
/// `regular_minutes`, `overtime_minutes`, `overtime_hours`, `job`, `location`, `shift_id`,
/// `edited` (yes/no), `status` (open, approved, or open for an entry still running)). Minutes
/// are the entry's share of the period; hours have two decimals.
#[utoipa::path(get, path = "/api/v1/timesheets/export", tag = "timesheets", params(ExportQuery),
    responses((status = 200, content_type = "text/csv", body = String),
        (status = 404, description = "`userId` is not a person of the caller's workplace")),
    security(("bearer" = [])))]
pub async fn export(
    State(app): State<AppState>,
    caller: Member<perm::ClockManage>,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> ApiResult<Response> {
    let (tenant, now) = (caller.principal.tenant().clone(), app.clock.now().as_second());
    let (period, text) = app
        .db
        .read(move |c| {
            if let Some(u) = &query.user_id {
                store::person(c, &tenant, u)?;
            }
            let (period, sheets) = everyone(c, &tenant, query.date.as_deref(), query.user_id.as_ref(), now)?;
            let names = store::names(c, &tenant)?;
            Ok((period, super::csv::write(&sheets, &names)))
        })
        .await?;
    let mut response = text.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    let name = format!("attachment; filename=\"timesheets-{}-{}.csv\"", period.start, period.end);
    if let Ok(value) = HeaderValue::from_str(&name) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
