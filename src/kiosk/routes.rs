//! Kiosks: set up, listed and revoked by clock managers; the kiosk's own routes list the
//! location's people and punch for them after their PIN. PINs are set by each person.

use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::device::{Device, TOKEN_PREFIX};
use super::model::{Kiosk, KioskList, KioskPeople, KioskPerson, KioskPunch, KioskSetup, NewKiosk, NewPin};
use super::store;
use crate::access::perm;
use crate::auth::Member;
use crate::events::{self, Audience};
use crate::fixed::SecondText;
use crate::http::error::FieldProblem;
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiResult, Created, Envelope, Msg};
use crate::ids::{KioskId, UserId};
use crate::state::AppState;
use crate::timeclock::model::{NewPunch, Punched};
use crate::timeclock::sequence::Status;

/// Wrong PINs before a person is locked on a kiosk, and for how long.
const MAX_FAILURES: i64 = 5;
const LOCK_SECONDS: i64 = 5 * 60;

fn kiosk_id(text: &str) -> ApiResult<KioskId> {
    KioskId::parse(text).ok_or(ApiError::NotFound)
}

/// Sets up a kiosk for a location: the answer holds its token, shown this once.
#[utoipa::path(post, path = "/api/v1/kiosks", tag = "kiosk", request_body = NewKiosk,
    responses((status = 201, body = Envelope<KioskSetup>), (status = 404, description = "no such location")),
    security(("bearer" = [])))]
pub async fn create(
    State(app): State<AppState>,
    caller: Member<perm::ClockManage>,
    ApiJson(body): ApiJson<NewKiosk>,
) -> ApiResult<Created<KioskSetup>> {
    let name = crate::http::text::one_line("name", &body.name, 100)?;
    let token = format!("{TOKEN_PREFIX}{}", crate::auth::tokens::random_token()?);
    let hash = crate::auth::tokens::hash_token(&token);
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    let kiosk = app
        .db
        .write(move |tx| {
            let tenant = principal.tenant();
            let location = crate::orgs::store::location_of_tenant(tx, tenant, &body.location_id)?.id;
            let id = KioskId::generate();
            let row =
                store::NewRow { id: &id, location: &location, name: &name, token_hash: &hash, by: &principal.user };
            store::insert(tx, tenant, &row, now)?;
            let facts = serde_json::json!({"kioskId": id, "locationId": location});
            crate::audit::by_user(tx, tenant, &principal.user, "kiosk.created", facts, now)?;
            store::get(tx, tenant, &id)
        })
        .await?;
    Ok(Created(KioskSetup { kiosk, token }))
}

/// The workplace's kiosks, revoked ones last.
#[utoipa::path(get, path = "/api/v1/kiosks", tag = "kiosk",
    responses((status = 200, body = Envelope<KioskList>)), security(("bearer" = [])))]
pub async fn list(State(app): State<AppState>, caller: Member<perm::ClockManage>) -> ApiResult<ApiOk<KioskList>> {
    let tenant = caller.principal.tenant().clone();
    let items = app.db.read(move |c| store::list(c, &tenant)).await?;
    Ok(ApiOk(KioskList { total: items.len() as u64, items }))
}

/// Revokes a kiosk: its token stops working at once.
#[utoipa::path(delete, path = "/api/v1/kiosks/{id}", tag = "kiosk", params(("id" = String, Path)),
    responses((status = 200, description = "revoked; `data` is null"), (status = 409, description = "revoked already")),
    security(("bearer" = [])))]
pub async fn revoke(
    State(app): State<AppState>,
    caller: Member<perm::ClockManage>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<()>> {
    let id = kiosk_id(&id)?;
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    app.db
        .write(move |tx| {
            let tenant = principal.tenant();
            store::get(tx, tenant, &id)?;
            if !store::revoke(tx, &id, now)? {
                return Err(ApiError::Conflict(Msg::KioskRevoked));
            }
            crate::audit::by_user(tx, tenant, &principal.user, "kiosk.revoked", serde_json::json!({"kioskId": id}), now)
        })
        .await?;
    Ok(ApiOk(()))
}

fn check_pin(field: &str, pin: &str) -> ApiResult<()> {
    if !(4..=8).contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::validation(field, FieldProblem::with_detail(Msg::FieldInvalid, "4 to 8 digits")));
    }
    Ok(())
}

/// Sets the caller's kiosk PIN (4–8 digits; it need not differ from a colleague's).
#[utoipa::path(put, path = "/api/v1/me/clock-pin", tag = "kiosk", request_body = NewPin,
    responses((status = 200, description = "set; `data` is null")), security(("bearer" = [])))]
pub async fn set_pin(
    State(app): State<AppState>,
    caller: Member<perm::ClockPunch>,
    ApiJson(body): ApiJson<NewPin>,
) -> ApiResult<ApiOk<()>> {
    check_pin("pin", &body.pin)?;
    let hash = app.hasher.hash_pin(body.pin).await?;
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    app.db.write(move |tx| store::set_pin(tx, principal.tenant(), &principal.user, &hash, now)).await?;
    Ok(ApiOk(()))
}

/// Removes a person's PIN (they set a new one), and any lock it caused.
#[utoipa::path(delete, path = "/api/v1/users/{id}/clock-pin", tag = "kiosk", params(("id" = String, Path)),
    responses((status = 200, description = "removed; `data` is null"), (status = 404, description = "no such person, or no PIN")),
    security(("bearer" = [])))]
pub async fn clear_pin(
    State(app): State<AppState>,
    caller: Member<perm::ClockManage>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<()>> {
    let user = UserId::parse(&id).ok_or(ApiError::NotFound)?;
    let principal = caller.principal.clone();
    app.db
        .write(move |tx| {
            crate::timesheets::store::person(tx, principal.tenant(), &user)?;
            if !store::clear_pin(tx, &user)? {
                return Err(ApiError::NotFound);
            }
            Ok(())
        })
        .await?;
    Ok(ApiOk(()))
}

fn people_of(c: &rusqlite::Connection, device: &Device, now: i64) -> ApiResult<Vec<KioskPerson>> {
    let locks = store::locks(c, &device.kiosk.id, now)?;
    let mut out = Vec::new();
    for (user, name, has_pin) in store::people(c, &device.tenant, &device.kiosk.location_id)? {
        let status = match crate::timeclock::store::open_entry(c, &user, now)? {
            None => Status::Out,
            Some(e) if e.breaks.last().is_some_and(|b| b.ended_at.is_none()) => Status::OnBreak,
            Some(_) => Status::In,
        };
        let locked_until = locks.iter().find(|(u, _)| *u == user).map(|(_, t)| SecondText::utc(*t).to_string());
        out.push(KioskPerson { user_id: user, name, status, has_pin, locked_until });
    }
    Ok(out)
}

/// The kiosk itself and the people it punches for, with where each stands.
#[utoipa::path(get, path = "/api/v1/kiosk/people", tag = "kiosk",
    responses((status = 200, body = Envelope<KioskPeople>), (status = 401, description = "not a kiosk's token, or revoked")),
    security(("bearer" = [])))]
pub async fn people(State(app): State<AppState>, device: Device) -> ApiResult<ApiOk<KioskPeople>> {
    let now = app.clock.now();
    let id = device.kiosk.id.clone();
    app.db.write(move |tx| store::seen(tx, &id, now)).await?;
    let kiosk = device.kiosk.clone();
    let items = app.db.read(move |c| people_of(c, &device, now.as_second())).await?;
    Ok(ApiOk(KioskPeople { kiosk, total: items.len() as u64, items }))
}

/// Punches for a person of the kiosk's location after their PIN. Five wrong PINs lock that
/// person on this kiosk for five minutes (429) and tell the clock's managers.
#[utoipa::path(post, path = "/api/v1/kiosk/punch", tag = "kiosk", request_body = KioskPunch,
    responses((status = 201, body = Envelope<Punched>), (status = 200, body = Envelope<Punched>, description = "this clientId was sent before"),
        (status = 400, description = "a wrong PIN (`fields.pin`) or bad input"),
        (status = 404, description = "not a person of this kiosk's location"),
        (status = 409, description = "no PIN set, or the punch does not fit (as `POST /api/v1/clock`)"),
        (status = 429, description = "locked after five wrong PINs")),
    security(("bearer" = [])))]
pub async fn punch(
    State(app): State<AppState>,
    device: Device,
    ApiJson(body): ApiJson<KioskPunch>,
) -> ApiResult<Response> {
    check_pin("pin", &body.pin)?;
    crate::timeclock::check_client_id(&body.client_id)?;
    let offline = body.offline.unwrap_or(false);
    let now = app.clock.now();
    let at = crate::timeclock::punch_time(offline, body.at.as_deref(), now.as_second())?;
    let (tenant, kiosk, user) = (device.tenant.clone(), device.kiosk.clone(), body.user_id.clone());

    let (probe_tenant, probe_kiosk, probe_user) = (tenant.clone(), kiosk.clone(), user.clone());
    let (stored, (_, locked)) = app
        .db
        .read(move |c| {
            let people = store::people(c, &probe_tenant, &probe_kiosk.location_id)?;
            if !people.iter().any(|(u, _, _)| *u == probe_user) {
                return Err(ApiError::NotFound);
            }
            Ok((store::pin_hash(c, &probe_user)?, store::failures(c, &probe_kiosk.id, &probe_user)?))
        })
        .await?;
    if let Some(until) = locked.filter(|t| *t > now.as_second()) {
        return Err(ApiError::RateLimited(std::time::Duration::from_secs((until - now.as_second()) as u64)));
    }
    let Some(stored) = stored else { return Err(ApiError::Conflict(Msg::KioskNoPin)) };
    let right = app.hasher.verify(body.pin.clone(), Some(stored)).await?;
    if !right {
        let (kiosk_id, location) = (kiosk.id.clone(), kiosk.location_id.clone());
        let left = app
            .db
            .write(move |tx| {
                let (failures, _) = store::failures(tx, &kiosk_id, &user)?;
                let failures = failures + 1;
                if failures < MAX_FAILURES {
                    store::put_failures(tx, &kiosk_id, &user, failures, None)?;
                    return Ok(MAX_FAILURES - failures);
                }
                let until = now.as_second() + LOCK_SECONDS;
                store::put_failures(tx, &kiosk_id, &user, 0, Some(until))?;
                let payload = serde_json::json!({
                    "userId": user, "kioskId": kiosk_id, "locationId": location, "lockedUntil": SecondText::utc(until),
                });
                let audience = [Audience::User(user.clone()), Audience::ClockManagers];
                events::emit(tx, &tenant, "clock.pin_locked", &audience, &payload, now)?;
                Ok(0)
            })
            .await?;
        if left == 0 {
            return Err(ApiError::RateLimited(std::time::Duration::from_secs(LOCK_SECONDS as u64)));
        }
        let detail = format!("wrong PIN; {left} more tries before a five-minute lock");
        return Err(ApiError::validation("pin", FieldProblem::with_detail(Msg::FieldInvalid, detail)));
    }
    let clock_id = format!("kiosk:{}", kiosk.id);
    let (created, answer) = app
        .db
        .write(move |tx| {
            store::forget_failures(tx, &kiosk.id, &user)?;
            let punch = NewPunch {
                action: body.action,
                job_id: body.job_id.clone(),
                shift_id: body.shift_id.clone(),
                location_id: None,
                clock_id: None,
                client_id: body.client_id.clone(),
                geo: None,
                offline: body.offline,
                at: body.at.clone(),
            };
            let how = crate::timeclock::How {
                at,
                offline,
                clock_id: Some(&clock_id),
                kiosk_location: Some(&kiosk.location_id),
            };
            crate::timeclock::record(tx, &tenant, &user, &punch, &how, now)
        })
        .await?;
    Ok(if created { Created(answer).into_response() } else { ApiOk(answer).into_response() })
}

/// The kiosk's own facts: for the tablet to show where it is.
#[utoipa::path(get, path = "/api/v1/kiosk/me", tag = "kiosk",
    responses((status = 200, body = Envelope<Kiosk>), (status = 401, description = "not a kiosk's token, or revoked")),
    security(("bearer" = [])))]
pub async fn me(device: Device) -> ApiResult<ApiOk<Kiosk>> {
    Ok(ApiOk(device.kiosk))
}
