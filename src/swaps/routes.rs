//! Shift swaps and hand-overs: a member offers their published shift to one colleague or to
//! everyone on the schedule who may take it; the other accepts (judged by the conflict engine
//! as the shift's new person); a planner approves when the schedule asks for it.

use axum::extract::State;

use super::model::{NewSwap, Status, Swap, SwapList, SwapQuery};
use super::store;
use crate::access::perm;
use crate::auth::{Member, Principal};
use crate::db::Tx;
use crate::events::{self, Audience};
use crate::http::error::FieldProblem;
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Created, Envelope, Lang, Msg};
use crate::ids::{ShiftId, SwapId, TenantId, UserId};
use crate::schedules::conflicts::{self, Engine, Subject};
use crate::schedules::model::{Conflict, Schedule, ShiftStatus};
use crate::schedules::store::{ShiftCore, ShiftRow, ShiftWrite};
use crate::state::AppState;

fn swap_id(text: &str) -> ApiResult<SwapId> {
    SwapId::parse(text).ok_or(ApiError::NotFound)
}

/// What keeps `user` from taking the shift: not on the schedule, or a conflict that keeps one
/// from claiming (overlap, unavailable, time off, rest, hours, qualification, inactive).
pub fn blockers(
    c: &rusqlite::Connection,
    tenant: &TenantId,
    schedule: &Schedule,
    row: &ShiftRow,
    user: &UserId,
    lang: Lang,
) -> ApiResult<Vec<Conflict>> {
    if !schedule.assignee_user_ids_expanded.contains(user) {
        let message = lang.text(Msg::ConflictNotAssignee);
        return Ok(vec![Conflict { code: "not_assignee", message, related_id: None, count: None }]);
    }
    let core = ShiftCore { assigned_user_id: Some(user.clone()), ..row.members_core().clone() };
    let subject = Subject { id: Some(&row.id), schedule: &row.schedule_id, core: &core };
    let found = Engine::default().run(c, tenant, &[subject], lang)?.into_iter().next().unwrap_or_default();
    Ok(found
        .into_iter()
        .filter(|c| conflicts::BLOCK_CLAIM.contains(&c.code))
        .map(|c| Conflict { related_id: None, ..c })
        .collect())
}

/// Gives the published shift to `to`, as members see it at once.
fn hand_over(tx: &Tx<'_>, tenant: &TenantId, row: &ShiftRow, to: &UserId, now: jiff::Timestamp) -> ApiResult<()> {
    let before = row.members_core().clone();
    let core = ShiftCore { assigned_user_id: Some(to.clone()), ..row.core.clone() };
    let published = row.published.clone().map(|p| ShiftCore { assigned_user_id: Some(to.clone()), ..p });
    let write = ShiftWrite {
        id: &row.id,
        schedule_id: &row.schedule_id,
        core: &core,
        status: ShiftStatus::Published,
        published: published.as_ref(),
        origin: row.origin.as_deref(),
        claimed_from: None,
    };
    if !crate::schedules::store::update_shift(tx, tenant, &write, row.version, now)? {
        return Err(ApiError::Conflict(Msg::SwapShiftChanged));
    }
    let after = published.as_ref().unwrap_or(&core);
    crate::schedules::events::published_change(tx, tenant, row, Some(&before), Some(after), now)
}

/// `swap.*` to the people involved and the schedule's planners (an open offer: everyone on it).
fn emit(tx: &Tx<'_>, tenant: &TenantId, kind: &str, s: &Swap, now: jiff::Timestamp) -> ApiResult<()> {
    let mut audience = vec![Audience::User(s.from_user_id.clone()), Audience::ScheduleManagers(s.schedule_id.clone())];
    match (&s.to_user_id, &s.accepted_by) {
        (_, Some(a)) => audience.push(Audience::User(a.clone())),
        (Some(t), None) => audience.push(Audience::User(t.clone())),
        (None, None) => audience.push(Audience::SchedulePublished(s.schedule_id.clone())),
    }
    if let (Some(t), Some(_)) = (&s.to_user_id, &s.accepted_by) {
        audience.push(Audience::User(t.clone()));
    }
    let payload = serde_json::json!({
        "swapId": s.id, "shiftId": s.shift_id, "scheduleId": s.schedule_id, "fromUserId": s.from_user_id,
        "toUserId": s.to_user_id, "acceptedBy": s.accepted_by, "status": s.status,
    });
    events::emit(tx, tenant, kind, &audience, &payload, now)
}

/// Offers one's own published shift, not yet begun, to a colleague (`toUserId`) or to
/// everyone on the schedule who may take it. A named colleague who may not take it: 409 with
/// `error.conflicts`.
#[utoipa::path(post, path = "/api/v1/schedules/{id}/shifts/{shiftId}/swaps", tag = "swaps",
    params(("id" = String, Path), ("shiftId" = String, Path)), request_body = NewSwap,
    responses((status = 201, body = Envelope<Swap>), (status = 403, description = "not the caller's shift"),
        (status = 404, description = "no such shift, or `toUserId` not in the workplace"),
        (status = 409, description = "on offer already, begun, or the colleague may not take it")),
    security(("bearer" = [])))]
pub async fn offer(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    lang: Lang,
    ApiPath((id, shift)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<NewSwap>,
) -> ApiResult<Created<Swap>> {
    let schedule_id = crate::schedules::access::schedule_id(&id)?;
    let shift = ShiftId::parse(&shift).ok_or(ApiError::NotFound)?;
    let note = crate::http::text::optional("note", body.note.clone(), 500, true)?;
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    let saved = app
        .db
        .write(move |tx| {
            let tenant = principal.tenant();
            let (schedule, _) = crate::schedules::access::open(tx, &principal, &schedule_id)?;
            let row = crate::schedules::store::shift_by_id(tx, tenant, &schedule_id, &shift)?;
            let seen = row.members_core();
            if row.status != ShiftStatus::Published {
                return Err(ApiError::NotFound);
            }
            if seen.assigned_user_id.as_ref() != Some(&principal.user) {
                return Err(ApiError::Forbidden);
            }
            if seen.starts_at <= now.as_second() {
                return Err(ApiError::Conflict(Msg::SwapStarted));
            }
            if let Some(to) = &body.to_user_id {
                if *to == principal.user {
                    let problem = FieldProblem::with_detail(Msg::FieldInvalid, "someone else");
                    return Err(ApiError::validation("toUserId", problem));
                }
                crate::timesheets::store::person(tx, tenant, to)?;
                let blocking = blockers(tx, tenant, &schedule, &row, to, lang)?;
                if !blocking.is_empty() {
                    return Err(ApiError::Conflicts(
                        Msg::SwapNotEligible,
                        serde_json::to_value(&blocking).unwrap_or_default(),
                    ));
                }
            }
            let id = SwapId::generate();
            let new = store::NewRow {
                id: &id,
                schedule: &schedule_id,
                shift: &shift,
                from: &principal.user,
                to: body.to_user_id.as_ref(),
                note: note.as_deref(),
            };
            if !store::insert(tx, tenant, &new, now)? {
                return Err(ApiError::Conflict(Msg::SwapPending));
            }
            let saved = store::get(tx, tenant, &id)?;
            emit(tx, tenant, "swap.offered", &saved, now)?;
            Ok(saved)
        })
        .await?;
    Ok(Created(saved))
}

fn planner(p: &Principal) -> bool {
    crate::schedules::access::is_planner(p)
}

/// Swaps: for planners every one of the workplace, for anyone else those they offered, were
/// offered, took, or may take (offered to everyone on their schedules).
#[utoipa::path(get, path = "/api/v1/swaps", tag = "swaps", params(SwapQuery),
    responses((status = 200, body = Envelope<SwapList>)), security(("bearer" = [])))]
pub async fn list(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    ApiQuery(query): ApiQuery<SwapQuery>,
) -> ApiResult<ApiOk<SwapList>> {
    let filter = query.status.unwrap_or_else(|| "open".into());
    if !["open", "done", "all"].contains(&filter.as_str()) {
        return Err(ApiError::validation("status", Msg::FieldInvalid));
    }
    let principal = caller.principal.clone();
    let items = app
        .db
        .read(move |c| {
            let tenant = principal.tenant();
            if planner(&principal) {
                store::all(c, tenant, &filter)
            } else {
                store::concerning(c, tenant, &principal.user, &filter)
            }
        })
        .await?;
    Ok(ApiOk(SwapList { total: items.len() as u64, items }))
}

/// Takes the shift on offer: the caller must be the colleague named, or — for an offer to
/// everyone — on the schedule; the conflict engine judges them as its new person (409 with
/// `error.conflicts`). Without `swapNeedsApproval` the shift is theirs at once; with it, a
/// planner decides.
#[utoipa::path(post, path = "/api/v1/swaps/{id}/accept", tag = "swaps", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<Swap>), (status = 403, description = "offered to someone else"),
        (status = 409, description = "taken or withdrawn, begun, or the caller may not take it")),
    security(("bearer" = [])))]
pub async fn accept(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    lang: Lang,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<Swap>> {
    let id = swap_id(&id)?;
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    let saved = app
        .db
        .write(move |tx| {
            let tenant = principal.tenant();
            let current = store::get(tx, tenant, &id)?;
            let me = &principal.user;
            let schedule = crate::schedules::store::get(tx, tenant, &current.schedule_id)?;
            let for_me = match &current.to_user_id {
                Some(to) => to == me,
                None => schedule.assignee_user_ids_expanded.contains(me),
            };
            if current.from_user_id == *me || !for_me {
                return Err(ApiError::Forbidden);
            }
            if current.status != Status::Offered {
                return Err(ApiError::Conflict(Msg::SwapDecided));
            }
            let row = crate::schedules::store::shift_by_id(tx, tenant, &current.schedule_id, &current.shift_id)?;
            if row.members_core().starts_at <= now.as_second() {
                return Err(ApiError::Conflict(Msg::SwapStarted));
            }
            let blocking = blockers(tx, tenant, &schedule, &row, me, lang)?;
            if !blocking.is_empty() {
                return Err(ApiError::Conflicts(
                    Msg::SwapNotEligible,
                    serde_json::to_value(&blocking).unwrap_or_default(),
                ));
            }
            let (to, kind) = if schedule.swap_needs_approval {
                (Status::Accepted, "swap.accepted")
            } else {
                hand_over(tx, tenant, &row, me, now)?;
                (Status::Approved, "swap.approved")
            };
            if !store::set_status(tx, &id, &[Status::Offered], to, Some(me), None, now)? {
                return Err(ApiError::Conflict(Msg::SwapDecided));
            }
            let saved = store::get(tx, tenant, &id)?;
            emit(tx, tenant, kind, &saved, now)?;
            Ok(saved)
        })
        .await?;
    Ok(ApiOk(saved))
}

/// A planner approves (the shift goes to the colleague who took it) or declines an accepted
/// swap, inside the caller's write job (the routes here and the approval inbox).
pub fn decide_swap(
    tx: &Tx<'_>,
    principal: &Principal,
    id: &SwapId,
    approve: bool,
    now: jiff::Timestamp,
) -> ApiResult<Swap> {
    if !planner(principal) {
        return Err(ApiError::Forbidden);
    }
    let tenant = principal.tenant();
    let current = store::get(tx, tenant, id)?;
    if current.status != Status::Accepted {
        return Err(ApiError::Conflict(Msg::SwapDecided));
    }
    let (to, kind) = if approve {
        let row = crate::schedules::store::shift_by_id(tx, tenant, &current.schedule_id, &current.shift_id)?;
        if row.members_core().assigned_user_id.as_ref() != Some(&current.from_user_id) {
            return Err(ApiError::Conflict(Msg::SwapShiftChanged));
        }
        let taker = current.accepted_by.clone().ok_or(ApiError::Conflict(Msg::SwapDecided))?;
        hand_over(tx, tenant, &row, &taker, now)?;
        (Status::Approved, "swap.approved")
    } else {
        (Status::Declined, "swap.declined")
    };
    if !store::set_status(tx, id, &[Status::Accepted], to, None, Some(&principal.user), now)? {
        return Err(ApiError::Conflict(Msg::SwapDecided));
    }
    let saved = store::get(tx, tenant, id)?;
    emit(tx, tenant, kind, &saved, now)?;
    Ok(saved)
}

/// Approves an accepted swap: the shift is the colleague's from now on.
#[utoipa::path(post, path = "/api/v1/swaps/{id}/approve", tag = "swaps", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<Swap>), (status = 409, description = "not waiting for a planner, or the shift changed hands")),
    security(("bearer" = [])))]
pub async fn approve(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<Swap>> {
    let id = swap_id(&id)?;
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    Ok(ApiOk(app.db.write(move |tx| decide_swap(tx, &principal, &id, true, now)).await?))
}

/// Declines an accepted swap: the shift stays with the one who offered it.
#[utoipa::path(post, path = "/api/v1/swaps/{id}/decline", tag = "swaps", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<Swap>), (status = 409, description = "not waiting for a planner")),
    security(("bearer" = [])))]
pub async fn decline(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<Swap>> {
    let id = swap_id(&id)?;
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    Ok(ApiOk(app.db.write(move |tx| decide_swap(tx, &principal, &id, false, now)).await?))
}

/// Withdraws an offer not yet done: the one who made it, or a planner.
#[utoipa::path(delete, path = "/api/v1/swaps/{id}", tag = "swaps", params(("id" = String, Path)),
    responses((status = 200, description = "withdrawn; `data` is null"), (status = 409, description = "done already")),
    security(("bearer" = [])))]
pub async fn cancel(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<()>> {
    let id = swap_id(&id)?;
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    app.db
        .write(move |tx| {
            let tenant = principal.tenant();
            let current = store::get(tx, tenant, &id)?;
            if current.from_user_id != principal.user && !planner(&principal) {
                return Err(ApiError::NotFound);
            }
            if !store::set_status(tx, &id, &[Status::Offered, Status::Accepted], Status::Cancelled, None, None, now)? {
                return Err(ApiError::Conflict(Msg::SwapDecided));
            }
            let saved = store::get(tx, tenant, &id)?;
            emit(tx, tenant, "swap.cancelled", &saved, now)
        })
        .await?;
    Ok(ApiOk(()))
}
