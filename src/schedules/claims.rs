//! Claims of open shifts (DESIGN §12): at once, or as a request a planner approves or declines.
//! The slot is taken by `store::take_slot`, an `UPDATE … WHERE filled < slots` checked by its
//! row count, so two claims in one group-commit batch cannot both win.

use axum::extract::State;
use rusqlite::{OptionalExtension, Row};

use super::access::{self, Seat, schedule_id};
use super::conflicts::Engine;
use super::model::{Claim, ClaimResult, ClaimStatus, ShiftStatus};
use super::store::{self, ShiftCore, ShiftRow, ShiftWrite};
use super::{shifts, view};
use crate::access::perm;
use crate::auth::Member;
use crate::clock::format_ts;
use crate::db::Tx;
use crate::events::{self, Audience};
use crate::http::{ApiError, ApiOk, ApiPath, ApiQuery, ApiResult, Envelope, Lang, Msg};
use crate::ids::{ClaimId, ScheduleId, ShiftId, TenantId, UserId};
use crate::state::AppState;

const CLAIM: &str = "SELECT id, shift_id, user_id, status, result_shift_id, created_at, decided_at FROM shift_claims";

fn claim(r: &Row<'_>) -> rusqlite::Result<Claim> {
    let status: String = r.get(3)?;
    Ok(Claim {
        id: r.get(0)?,
        shift_id: r.get(1)?,
        user_id: r.get(2)?,
        status: match status.as_str() {
            "approved" => ClaimStatus::Approved,
            "declined" => ClaimStatus::Declined,
            _ => ClaimStatus::Pending,
        },
        result_shift_id: r.get(4)?,
        created_at: r.get(5)?,
        decided_at: r.get(6)?,
    })
}

fn claim_by_id(c: &rusqlite::Connection, tenant: &TenantId, id: &ClaimId) -> ApiResult<Claim> {
    c.prepare_cached(&format!("{CLAIM} WHERE tenant_id = ?1 AND id = ?2"))?
        .query_row((tenant, id), claim)
        .optional()?
        .ok_or(ApiError::NotFound)
}

/// Gives `user` a place on the open shift: takes a slot (or fails with 409) and creates their
/// own published shift from the open one.
fn assign_slot(
    tx: &Tx<'_>,
    tenant: &TenantId,
    open: &ShiftRow,
    user: &UserId,
    by: &UserId,
    now: jiff::Timestamp,
) -> ApiResult<ShiftId> {
    if !store::take_slot(tx, &open.id, now)? {
        return Err(ApiError::Conflict(Msg::SlotTaken));
    }
    let core = ShiftCore { assigned_user_id: Some(user.clone()), slots: 1, ..open.members_core().clone() };
    let id = ShiftId::generate();
    let write = ShiftWrite {
        id: &id,
        schedule_id: &open.schedule_id,
        core: &core,
        status: ShiftStatus::Published,
        published: None,
        origin: None,
        claimed_from: Some(&open.id),
    };
    store::insert_shift(tx, tenant, &write, by, now)?;
    Ok(id)
}

fn claim_event(
    tx: &Tx<'_>,
    tenant: &TenantId,
    kind: &str,
    schedule: &ScheduleId,
    c: &Claim,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    let payload = serde_json::json!({
        "claimId": c.id,
        "shiftId": c.shift_id,
        "scheduleId": schedule,
        "userId": c.user_id,
        "status": c.status,
        "resultShiftId": c.result_shift_id,
    });
    let audience = [Audience::User(c.user_id.clone()), Audience::ScheduleManagers(schedule.clone())];
    events::emit(tx, tenant, kind, &audience, &payload, now)
}

/// Claims a place on an open shift. Without approval it assigns at once; with
/// `claimNeedsApproval` it asks (one request per person and shift). An ineligible caller gets
/// 409 with `error.conflicts`; a full shift 409.
#[utoipa::path(post, path = "/api/v1/schedules/{id}/shifts/{shiftId}/claim", tag = "shifts",
    params(("id" = String, Path), ("shiftId" = String, Path)),
    responses((status = 200, body = Envelope<ClaimResult>), (status = 409, description = "not claimable, full, or asked already")),
    security(("bearer" = [])))]
pub async fn claim_shift(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    lang: Lang,
    ApiPath((id, shift)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<ClaimResult>> {
    let id = schedule_id(&id)?;
    let shift = ShiftId::parse(&shift).ok_or(ApiError::NotFound)?;
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    let result = app
        .db
        .write(move |tx| {
            let tenant = principal.tenant();
            let (schedule, _) = access::open(tx, &principal, &id)?;
            let open = store::shift_by_id(tx, tenant, &id, &shift)?;
            if open.status != ShiftStatus::Published {
                return Err(ApiError::NotFound);
            }
            let mut engine = Engine::default();
            let at = now.as_second();
            if let Err(blocking) =
                shifts::claim_blockers(tx, tenant, &mut engine, &schedule, &open, &principal.user, at, lang)?
            {
                if blocking.is_empty() && open.filled >= open.members_core().slots {
                    return Err(ApiError::Conflict(Msg::SlotTaken));
                }
                return Err(ApiError::Conflicts(Msg::NotClaimable, serde_json::to_value(&blocking).unwrap_or_default()));
            }
            let claim_id = ClaimId::generate();
            let (status, result) = if schedule.claim_needs_approval {
                (ClaimStatus::Pending, None)
            } else {
                (ClaimStatus::Approved, Some(assign_slot(tx, tenant, &open, &principal.user, &principal.user, now)?))
            };
            tx.prepare_cached(
                "INSERT INTO shift_claims (id, tenant_id, shift_id, user_id, status, result_shift_id, created_at, decided_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute((
                &claim_id,
                tenant,
                &shift,
                &principal.user,
                if status == ClaimStatus::Pending { "pending" } else { "approved" },
                &result,
                format_ts(now),
                (status == ClaimStatus::Approved).then(|| format_ts(now)),
            ))
            .map_err(|e| match ApiError::from(e) {
                ApiError::Conflict(_) => ApiError::Conflict(Msg::ClaimPending),
                other => other,
            })?;
            let saved = claim_by_id(tx, tenant, &claim_id)?;
            let kind = if status == ClaimStatus::Pending { "claim.requested" } else { "shift.claimed" };
            claim_event(tx, tenant, kind, &id, &saved, now)?;
            let shift = match &result {
                Some(new) => {
                    let row = store::shift_by_id(tx, tenant, &id, new)?;
                    let one = std::slice::from_ref(&row);
                    Some(view::shifts(tx, tenant, &mut Engine::default(), one, Seat::Member, &principal.user, lang)?.remove(0))
                }
                None => None,
            };
            Ok(ClaimResult { claim: saved, shift })
        })
        .await?;
    Ok(ApiOk(result))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ClaimQuery {
    /// `pending` (default), `approved`, `declined` or `all`.
    #[param(pattern = "^(pending|approved|declined|all)$")]
    pub status: Option<String>,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ClaimList {
    pub items: Vec<Claim>,
    pub total: u64,
}

/// The schedule's claims (planners), newest first, at most 500.
#[utoipa::path(get, path = "/api/v1/schedules/{id}/claims", tag = "shifts", params(("id" = String, Path), ClaimQuery),
    responses((status = 200, body = Envelope<ClaimList>)), security(("bearer" = [])))]
pub async fn list(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ClaimQuery>,
) -> ApiResult<ApiOk<ClaimList>> {
    let id = schedule_id(&id)?;
    let status = query.status.unwrap_or_else(|| "pending".into());
    if !["pending", "approved", "declined", "all"].contains(&status.as_str()) {
        return Err(ApiError::validation("status", Msg::FieldInvalid));
    }
    let principal = caller.principal.clone();
    let items = app
        .db
        .read(move |c| {
            access::open(c, &principal, &id)?;
            let rows = c
                .prepare_cached(&format!(
                    "{CLAIM} WHERE shift_id IN (SELECT id FROM shifts WHERE schedule_id = ?1) AND (?2 = 'all' OR status = ?2)
                     ORDER BY created_at DESC, id DESC LIMIT 500"
                ))?
                .query_map((&id, &status), claim)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await?;
    Ok(ApiOk(ClaimList { total: items.len() as u64, items }))
}

async fn decide(
    app: AppState,
    caller: Member<perm::SchedulesWrite>,
    id: String,
    claim_text: String,
    approve: bool,
) -> ApiResult<Claim> {
    let id = schedule_id(&id)?;
    let claim_id = ClaimId::parse(&claim_text).ok_or(ApiError::NotFound)?;
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    app.db.write(move |tx| decide_claim(tx, &principal, &id, &claim_id, approve, now)).await
}

/// Approves (assigning the slot, and declining the rest once the shift is full) or declines a
/// pending claim, inside the caller's write job: the claim routes and the approval inbox.
pub fn decide_claim(
    tx: &Tx<'_>,
    principal: &crate::auth::Principal,
    id: &ScheduleId,
    claim_id: &ClaimId,
    approve: bool,
    now: jiff::Timestamp,
) -> ApiResult<Claim> {
    let tenant = principal.tenant();
    access::open(tx, principal, id)?;
    let current = claim_by_id(tx, tenant, claim_id)?;
    let open = store::shift_by_id(tx, tenant, id, &current.shift_id)?;
    if current.status != ClaimStatus::Pending {
        return Err(ApiError::Conflict(Msg::ClaimDecided));
    }
    let result =
        if approve { Some(assign_slot(tx, tenant, &open, &current.user_id, &principal.user, now)?) } else { None };
    let mut decide = tx.prepare_cached(
        "UPDATE shift_claims SET status = ?2, result_shift_id = ?3, decided_at = ?4, decided_by = ?5 WHERE id = ?1",
    )?;
    decide.execute((
        claim_id,
        if approve { "approved" } else { "declined" },
        &result,
        format_ts(now),
        &principal.user,
    ))?;
    let decided = claim_by_id(tx, tenant, claim_id)?;
    claim_event(tx, tenant, "claim.decided", id, &decided, now)?;
    // A full shift declines the requests still waiting, in the same job.
    let full = store::shift_by_id(tx, tenant, id, &open.id)?;
    if approve && full.filled >= full.members_core().slots {
        let waiting: Vec<Claim> = tx
            .prepare_cached(&format!("{CLAIM} WHERE shift_id = ?1 AND status = 'pending'"))?
            .query_map([&open.id], claim)?
            .collect::<Result<_, _>>()?;
        for w in waiting {
            decide.execute((&w.id, "declined", None::<ShiftId>, format_ts(now), &principal.user))?;
            claim_event(tx, tenant, "claim.decided", id, &claim_by_id(tx, tenant, &w.id)?, now)?;
        }
    }
    Ok(decided)
}

/// A pending claim of the workplace with its schedule, oldest first; at most `limit`.
pub fn pending(c: &rusqlite::Connection, tenant: &TenantId, limit: u32) -> ApiResult<Vec<(ScheduleId, Claim)>> {
    Ok(c.prepare_cached(
        "SELECT s.schedule_id, c.id, c.shift_id, c.user_id, c.status, c.result_shift_id, c.created_at, c.decided_at
         FROM shift_claims c JOIN shifts s ON s.id = c.shift_id
         WHERE c.tenant_id = ?1 AND c.status = 'pending' AND s.deleted_at IS NULL
         ORDER BY c.created_at, c.id LIMIT ?2",
    )?
    .query_map((tenant, limit), |r| {
        let schedule: ScheduleId = r.get(0)?;
        let status: String = r.get(4)?;
        Ok((
            schedule,
            Claim {
                id: r.get(1)?,
                shift_id: r.get(2)?,
                user_id: r.get(3)?,
                status: if status == "pending" { ClaimStatus::Pending } else { ClaimStatus::Declined },
                result_shift_id: r.get(5)?,
                created_at: r.get(6)?,
                decided_at: r.get(7)?,
            },
        ))
    })?
    .collect::<Result<_, _>>()?)
}

/// Whether `user` has asked for the open shift already (a claim waiting for a decision).
pub fn asked(c: &rusqlite::Connection, shift: &ShiftId, user: &UserId) -> ApiResult<bool> {
    Ok(c.prepare_cached("SELECT 1 FROM shift_claims WHERE shift_id = ?1 AND user_id = ?2 AND status = 'pending'")?
        .exists((shift, user))?)
}

/// The schedule a claim's shift belongs to (the workplace's claims only).
pub fn schedule_of(c: &rusqlite::Connection, tenant: &TenantId, claim: &ClaimId) -> ApiResult<ScheduleId> {
    c.prepare_cached(
        "SELECT s.schedule_id FROM shift_claims c JOIN shifts s ON s.id = c.shift_id WHERE c.id = ?1 AND c.tenant_id = ?2",
    )?
    .query_row((claim, tenant), |r| r.get(0))
    .optional()?
    .ok_or(ApiError::NotFound)
}

/// Approves a request: assigns the slot, and declines the rest once the shift is full.
#[utoipa::path(post, path = "/api/v1/schedules/{id}/claims/{claimId}/approve", tag = "shifts",
    params(("id" = String, Path), ("claimId" = String, Path)),
    responses((status = 200, body = Envelope<Claim>), (status = 409, description = "decided already, or the shift is full")),
    security(("bearer" = [])))]
pub async fn approve(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath((id, claim)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<Claim>> {
    Ok(ApiOk(decide(app, caller, id, claim, true).await?))
}

#[utoipa::path(post, path = "/api/v1/schedules/{id}/claims/{claimId}/decline", tag = "shifts",
    params(("id" = String, Path), ("claimId" = String, Path)),
    responses((status = 200, body = Envelope<Claim>), (status = 409, description = "decided already")),
    security(("bearer" = [])))]
pub async fn decline(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath((id, claim)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<Claim>> {
    Ok(ApiOk(decide(app, caller, id, claim, false).await?))
}
