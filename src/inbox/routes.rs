//! `GET /api/v1/inbox`: what the caller may decide — claims and swaps (`schedules.write`), time off and
//! timesheets (`clock.manage`) — each with its conflicts; `POST /api/v1/inbox/decisions` decides
//! one or many, each on its own (a savepoint per decision inside one write job).

use axum::extract::State;

use super::model::{
    ClaimedShift, Counts, Decision, Decisions, Inbox, InboxItem, Kind, Outcome, Outcomes, PendingTimesheet, Verdict,
};
use crate::access::perm::{self, Permission as _};
use crate::auth::{Member, Principal};
use crate::db::Tx;
use crate::http::error::FieldProblem;
use crate::http::{ApiError, ApiJson, ApiOk, ApiResult, Envelope, Lang, Msg};
use crate::ids::{ClaimId, TenantId, TimeOffId, UserId};
use crate::schedules::conflicts::Engine;
use crate::schedules::model::Conflict;
use crate::state::AppState;

/// At most this many items of each kind.
const LIMIT: u32 = 200;

fn may_schedule(p: &Principal) -> bool {
    p.allows(perm::SchedulesWrite::CODE)
}

fn may_clock(p: &Principal) -> bool {
    p.allows(perm::ClockManage::CODE)
}

fn name_of(c: &rusqlite::Connection, tenant: &TenantId, user: &UserId) -> ApiResult<String> {
    Ok(crate::timesheets::store::person(c, tenant, user).map(|p| p.name).unwrap_or_default())
}

fn claims(c: &rusqlite::Connection, caller: &Principal, now: i64, lang: Lang) -> ApiResult<Vec<InboxItem>> {
    let tenant = caller.tenant();
    let mut items = Vec::new();
    for (schedule_id, claim) in crate::schedules::claims::pending(c, tenant, LIMIT)? {
        let (schedule, _) = crate::schedules::access::open(c, caller, &schedule_id)?;
        let Ok(shift) = crate::schedules::store::shift_by_id(c, tenant, &schedule_id, &claim.shift_id) else {
            continue;
        };
        let mut engine = Engine::default();
        let conflicts = match crate::schedules::shifts::claim_blockers(
            c,
            tenant,
            &mut engine,
            &schedule,
            &shift,
            &claim.user_id,
            now,
            lang,
        )? {
            Ok(()) => Vec::new(),
            Err(blocking) => blocking,
        };
        let core = shift.members_core();
        items.push(InboxItem {
            kind: Kind::Claim,
            id: claim.id.to_string(),
            user_name: name_of(c, tenant, &claim.user_id)?,
            user_id: claim.user_id.clone(),
            created_at: claim.created_at.clone(),
            claim: Some(ClaimedShift {
                schedule_id,
                shift_id: shift.id.clone(),
                shift_date: core.shift_date.to_string(),
                start_time: core.start_time.to_string(),
                end_time: core.end_time.to_string(),
                starts_at: crate::fixed::SecondText::utc(core.starts_at).to_string(),
                ends_at: crate::fixed::SecondText::utc(core.ends_at).to_string(),
                job_id: core.job_id.clone(),
                title: core.title.clone(),
            }),
            time_off: None,
            timesheet: None,
            swap: None,
            conflicts,
            overtime_minutes: None,
        });
    }
    Ok(items)
}

fn time_off(c: &rusqlite::Connection, tenant: &TenantId, lang: Lang) -> ApiResult<Vec<InboxItem>> {
    let mut items = Vec::new();
    for request in crate::timeoff::store::pending(c, tenant, LIMIT)? {
        let (from, to) = (
            request.starts_at.as_str().parse::<jiff::Timestamp>(),
            request.ends_at.as_str().parse::<jiff::Timestamp>(),
        );
        let (Ok(from), Ok(to)) = (from, to) else { continue };
        let conflicts =
            crate::timeoff::store::shifts_during(c, tenant, &request.user_id, from.as_second(), to.as_second())?
                .into_iter()
                .map(|shift| Conflict {
                    code: "scheduled",
                    message: lang.text(Msg::InboxScheduled),
                    related_id: Some(shift.to_string()),
                    count: None,
                })
                .collect();
        items.push(InboxItem {
            kind: Kind::TimeOff,
            id: request.id.to_string(),
            user_name: name_of(c, tenant, &request.user_id)?,
            user_id: request.user_id.clone(),
            created_at: request.created_at.clone(),
            claim: None,
            time_off: Some(request),
            timesheet: None,
            swap: None,
            conflicts,
            overtime_minutes: None,
        });
    }
    Ok(items)
}

fn swaps(c: &rusqlite::Connection, tenant: &TenantId, lang: Lang) -> ApiResult<Vec<InboxItem>> {
    let mut items = Vec::new();
    for swap in crate::swaps::store::waiting(c, tenant, LIMIT)? {
        let Some(taker) = swap.accepted_by.clone() else { continue };
        let schedule = crate::schedules::store::get(c, tenant, &swap.schedule_id)?;
        let Ok(row) = crate::schedules::store::shift_by_id(c, tenant, &swap.schedule_id, &swap.shift_id) else {
            continue;
        };
        let conflicts = crate::swaps::blockers(c, tenant, &schedule, &row, &taker, lang)?;
        items.push(InboxItem {
            kind: Kind::Swap,
            id: swap.id.to_string(),
            user_name: swap.accepted_by_name.clone().unwrap_or_default(),
            user_id: taker,
            created_at: swap.updated_at.clone(),
            claim: None,
            time_off: None,
            timesheet: None,
            swap: Some(swap),
            conflicts,
            overtime_minutes: None,
        });
    }
    Ok(items)
}

/// The timesheets of the last pay period that ended, with time in them and not approved.
fn timesheets(c: &rusqlite::Connection, tenant: &TenantId, now: i64, lang: Lang) -> ApiResult<Vec<InboxItem>> {
    let workplace = crate::tenants::store::timezone(c, tenant)?;
    let settings = crate::timesheets::sheet::settings(c, tenant)?;
    let today = crate::timesheets::sheet::local_date(&workplace, now);
    let current = settings.period_of(today);
    let last = crate::schedules::time::add_days(current.start, -1).to_string();
    let (period, sheets) = crate::timesheets::everyone(c, tenant, Some(&last), None, now)?;
    let ended = crate::timesheets::sheet::span(&workplace, period.end, period.end).1;
    let mut items = Vec::new();
    for (sheet, _) in sheets {
        if sheet.status == crate::timesheets::model::Status::Approved || sheet.entries.is_empty() {
            continue;
        }
        let conflicts = if sheet.open_entries > 0 {
            vec![Conflict {
                code: "open_entry",
                message: lang.text(Msg::TimesheetOpenEntries),
                related_id: None,
                count: None,
            }]
        } else {
            Vec::new()
        };
        let summary = crate::timesheets::sheet::summary(sheet);
        items.push(InboxItem {
            kind: Kind::Timesheet,
            id: format!("{}/{}", summary.user_id, period.start),
            user_id: summary.user_id.clone(),
            user_name: summary.name.clone(),
            created_at: crate::clock::format_ts(jiff::Timestamp::from_second(ended).unwrap_or_default()),
            claim: None,
            time_off: None,
            swap: None,
            overtime_minutes: Some(summary.totals.overtime_minutes),
            timesheet: Some(PendingTimesheet { period: crate::timesheets::sheet::view(&period), summary }),
            conflicts,
        });
    }
    Ok(items)
}

/// What waits for the caller's decision, oldest first: open-shift claims for planners, time
/// off and the last ended period's timesheets for clock managers; with counts per kind (the
/// navigation's badge). Anyone else gets 403.
#[utoipa::path(get, path = "/api/v1/inbox", tag = "inbox",
    responses((status = 200, body = Envelope<Inbox>), (status = 403, description = "neither schedules.write nor clock.manage")),
    security(("bearer" = [])))]
pub async fn inbox(
    State(app): State<AppState>,
    caller: Member<perm::ClockPunch>,
    lang: Lang,
) -> ApiResult<ApiOk<Inbox>> {
    let principal = caller.principal.clone();
    let now = app.clock.now().as_second();
    let found = app.db.read(move |c| waiting(c, &principal, now, lang)).await?;
    found.map(ApiOk).ok_or(ApiError::Forbidden)
}

/// What waits for `caller`'s decision, oldest first; none for those who decide nothing.
pub fn waiting(c: &rusqlite::Connection, caller: &Principal, now: i64, lang: Lang) -> ApiResult<Option<Inbox>> {
    if !may_schedule(caller) && !may_clock(caller) {
        return Ok(None);
    }
    let tenant = caller.tenant();
    let mut items = Vec::new();
    let mut counts = Counts::default();
    if may_schedule(caller) {
        let found = claims(c, caller, now, lang)?;
        counts.claim = found.len() as u64;
        items.extend(found);
        let found = swaps(c, tenant, lang)?;
        counts.swap = found.len() as u64;
        items.extend(found);
    }
    if may_clock(caller) {
        let found = time_off(c, tenant, lang)?;
        counts.time_off = found.len() as u64;
        items.extend(found);
        let found = timesheets(c, tenant, now, lang)?;
        counts.timesheet = found.len() as u64;
        items.extend(found);
    }
    items.sort_by(|a, b| a.created_at.cmp(&b.created_at));
    Ok(Some(Inbox { total: items.len() as u64, items, counts }))
}

/// One decision, checked and applied in the caller's job.
fn apply(tx: &Tx<'_>, caller: &Principal, d: &Decision, comment: Option<&str>, now: jiff::Timestamp) -> ApiResult<()> {
    let approve = d.decision == Verdict::Approve;
    match d.kind {
        Kind::Claim => {
            if !may_schedule(caller) {
                return Err(ApiError::Forbidden);
            }
            let id = ClaimId::parse(&d.id).ok_or(ApiError::NotFound)?;
            let schedule = crate::schedules::claims::schedule_of(tx, caller.tenant(), &id)?;
            crate::schedules::claims::decide_claim(tx, caller, &schedule, &id, approve, now).map(|_| ())
        }
        Kind::Swap => {
            let id = crate::ids::SwapId::parse(&d.id).ok_or(ApiError::NotFound)?;
            crate::swaps::decide_swap(tx, caller, &id, approve, now).map(|_| ())
        }
        Kind::TimeOff => {
            if !may_clock(caller) {
                return Err(ApiError::Forbidden);
            }
            let id = TimeOffId::parse(&d.id).ok_or(ApiError::NotFound)?;
            let to =
                if approve { crate::timeoff::model::Status::Approved } else { crate::timeoff::model::Status::Declined };
            crate::timeoff::decide_request(tx, caller, &id, to, comment, now).map(|_| ())
        }
        Kind::Timesheet => {
            if !may_clock(caller) {
                return Err(ApiError::Forbidden);
            }
            if !approve {
                let problem =
                    FieldProblem::with_detail(Msg::FieldInvalid, "a timesheet is approved, or corrected and left open");
                return Err(ApiError::validation("decision", problem));
            }
            let (user, start) = d.id.split_once('/').ok_or(ApiError::NotFound)?;
            let user = UserId::parse(user).ok_or(ApiError::NotFound)?;
            crate::timesheets::approve_period(tx, caller, &user, start, now).map(|_| ())
        }
    }
}

/// Decides one to 100 items: `approve` or `decline` (time off with an optional comment). Each
/// decision stands alone — one that fails (decided meanwhile, not found, not allowed) changes
/// nothing and is answered with its status and error beside the others.
#[utoipa::path(post, path = "/api/v1/inbox/decisions", tag = "inbox", request_body = Decisions,
    responses((status = 200, body = Envelope<Outcomes>)), security(("bearer" = [])))]
pub async fn decide(
    State(app): State<AppState>,
    caller: Member<perm::ClockPunch>,
    lang: Lang,
    ApiJson(body): ApiJson<Decisions>,
) -> ApiResult<ApiOk<Outcomes>> {
    let principal = caller.principal.clone();
    if !may_schedule(&principal) && !may_clock(&principal) {
        return Err(ApiError::Forbidden);
    }
    if body.decisions.is_empty() || body.decisions.len() > 100 {
        let problem = FieldProblem::with_detail(Msg::FieldInvalid, "1 to 100 decisions");
        return Err(ApiError::validation("decisions", problem));
    }
    let mut comments = Vec::with_capacity(body.decisions.len());
    for (i, d) in body.decisions.iter().enumerate() {
        if d.id.chars().count() > 100 {
            return Err(ApiError::validation(format!("decisions[{i}].id"), Msg::FieldTooLong));
        }
        comments.push(crate::http::text::optional(&format!("decisions[{i}].comment"), d.comment.clone(), 1000, true)?);
    }
    let now = app.clock.now();
    let answer = app
        .db
        .write(move |tx| {
            let mut results = Vec::with_capacity(body.decisions.len());
            let (mut decided, mut failed) = (0, 0);
            for (d, comment) in body.decisions.iter().zip(&comments) {
                tx.execute_batch("SAVEPOINT inbox_decision")?;
                let outcome = apply(tx, &principal, d, comment.as_deref(), now);
                let error = match outcome {
                    Ok(()) => {
                        tx.execute_batch("RELEASE inbox_decision")?;
                        decided += 1;
                        None
                    }
                    Err(e) => {
                        tx.execute_batch("ROLLBACK TO inbox_decision; RELEASE inbox_decision")?;
                        failed += 1;
                        Some(e)
                    }
                };
                results.push(Outcome {
                    kind: d.kind,
                    id: d.id.clone(),
                    status: error.as_ref().map_or(200, |e| e.status().as_u16()),
                    error: error.map(|e| e.body(lang)["error"].clone()),
                });
            }
            Ok(Outcomes { results, decided, failed })
        })
        .await?;
    Ok(ApiOk(answer))
}
