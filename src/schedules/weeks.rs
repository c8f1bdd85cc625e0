//! Whole weeks (DESIGN §12): copy one week onto another, save a week as a template and apply it.
//! Copies are drafts with their conflicts computed; a week that already holds copies is 409
//! unless `replace: true`.

use axum::extract::State;
use rusqlite::{OptionalExtension, Row};

use super::access::{self, Seat, schedule_id};
use super::model::{ApplyTemplate, Copied, CopyWeek, Deleted, NewTemplate, ShiftStatus, Template, TemplateShift};
use super::shifts::{self, Fields};
use super::store::{self, ShiftWrite};
use super::{time, view};
use crate::access::perm;
use crate::auth::{Member, Principal};
use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiResult, Created, Envelope, Lang, Msg};
use crate::ids::{ScheduleId, ShiftId, TemplateId, TenantId};
use crate::state::AppState;

fn week(date: jiff::civil::Date) -> (String, String) {
    (date.to_string(), time::add_days(date, 6).to_string())
}

/// Shifts to place in the week starting `start`, made by `origin` (`copy`, `template`).
struct Placement {
    start: jiff::civil::Date,
    shifts: Vec<TemplateShift>,
    replace: bool,
    origin: &'static str,
}

/// Creates the placement's shifts as drafts, after removing (with `replace`) or refusing the
/// copies already in that week.
fn place(
    tx: &Tx<'_>,
    principal: &Principal,
    schedule: &ScheduleId,
    placement: Placement,
    lang: Lang,
    now: jiff::Timestamp,
) -> ApiResult<Copied> {
    let Placement { start, shifts: shifts_in, replace, origin } = placement;
    let tenant = principal.tenant();
    let (s, _) = access::open(tx, principal, schedule)?;
    let (tz, mut engine) = shifts::engine_for(tx, tenant, &s)?;
    let (first, last) = week(start);
    let existing = store::copies_in(tx, schedule, &first, &last)?;
    if !existing.is_empty() && !replace {
        return Err(ApiError::Conflict(Msg::WeekHasCopies));
    }
    for row in &existing {
        store::soft_delete(tx, tenant, &row.id, now)?;
        if row.status == ShiftStatus::Published {
            super::events::published_change(tx, tenant, row, Some(row.members_core()), None, now)?;
        } else {
            super::events::draft_change(tx, tenant, "shift.deleted", row, &row.core, now)?;
        }
    }
    let mut items = Vec::with_capacity(shifts_in.len());
    for t in shifts_in {
        let fields = Fields {
            assigned_user_id: t.assigned_user_id,
            slots: Some(t.slots),
            job_id: t.job_id,
            shift_date: time::add_days(start, t.day_offset).to_string(),
            start_time: t.start_time,
            end_time: t.end_time,
            break_minutes: t.break_minutes,
            title: t.title,
            instructions: t.instructions,
        };
        let mut core = shifts::build(fields, &tz)?;
        // A person or job removed since is dropped, not an error: the copy stays useful.
        if core.job_id.as_ref().is_some_and(|j| crate::jobs::store::get(tx, tenant, j).is_err()) {
            core.job_id = None;
        }
        if core.assigned_user_id.as_ref().is_some_and(|u| crate::users::store::view(tx, tenant, u).is_err()) {
            core.assigned_user_id = None;
        }
        let found = shifts::conflicts_of(tx, tenant, &mut engine, None, schedule, &core, false, lang)?;
        let id = ShiftId::generate();
        let write = ShiftWrite {
            id: &id,
            schedule_id: schedule,
            core: &core,
            status: ShiftStatus::Draft,
            published: None,
            origin: Some(origin),
            claimed_from: None,
        };
        store::insert_shift(tx, tenant, &write, &principal.user, now)?;
        let row = store::shift_by_id(tx, tenant, schedule, &id)?;
        super::events::draft_change(tx, tenant, "shift.created", &row, &core, now)?;
        items.push(view::shift(&row, Seat::Planner, &principal.user, found));
    }
    Ok(Copied { created: items.len(), replaced: existing.len(), items })
}

/// The live shifts of a week as template entries (dates relative to the week's start).
fn as_template(
    tx: &rusqlite::Connection,
    schedule: &ScheduleId,
    start: jiff::civil::Date,
) -> ApiResult<Vec<TemplateShift>> {
    let (first, last) = week(start);
    let rows = store::in_range(tx, schedule, &first, &last, shifts::RANGE_CAP)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let date = time::parse_date("d", &r.core.shift_date).ok()?;
            Some(TemplateShift {
                day_offset: (date - start).get_days() as i64,
                start_time: r.core.start_time.to_string(),
                end_time: r.core.end_time.to_string(),
                break_minutes: r.core.break_minutes,
                job_id: r.core.job_id,
                assigned_user_id: r.core.assigned_user_id,
                slots: r.core.slots,
                title: r.core.title,
                instructions: r.core.instructions,
            })
        })
        .collect())
}

/// Copies one week's shifts (drafts and published, as planned now) onto another as drafts.
#[utoipa::path(post, path = "/api/v1/schedules/{id}/copy-week", tag = "shifts", params(("id" = String, Path)),
    request_body = CopyWeek,
    responses((status = 201, body = Envelope<Copied>), (status = 409, description = "the target week holds copies; send replace: true")),
    security(("bearer" = [])))]
pub async fn copy_week(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    lang: Lang,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<CopyWeek>,
) -> ApiResult<Created<Copied>> {
    let id = schedule_id(&id)?;
    let from = time::parse_date("fromWeekStart", &body.from_week_start)?;
    let to = time::parse_date("toWeekStart", &body.to_week_start)?;
    if from == to {
        return Err(ApiError::validation("toWeekStart", Msg::FieldInvalid));
    }
    let (principal, now, replace) = (caller.principal.clone(), app.clock.now(), body.replace.unwrap_or(false));
    let copied = app
        .db
        .write(move |tx| {
            access::open(tx, &principal, &id)?;
            let source = as_template(tx, &id, from)?;
            place(tx, &principal, &id, Placement { start: to, shifts: source, replace, origin: "copy" }, lang, now)
        })
        .await?;
    Ok(Created(copied))
}

const TEMPLATE: &str = "SELECT id, schedule_id, name, shifts, created_at FROM week_templates";

fn template(r: &Row<'_>) -> rusqlite::Result<Template> {
    let shifts: String = r.get(3)?;
    Ok(Template {
        id: r.get(0)?,
        schedule_id: r.get(1)?,
        name: r.get(2)?,
        shifts: serde_json::from_str(&shifts).unwrap_or_default(),
        created_at: r.get(4)?,
    })
}

fn template_by_id(
    c: &rusqlite::Connection,
    tenant: &TenantId,
    schedule: &ScheduleId,
    id: &TemplateId,
) -> ApiResult<Template> {
    c.prepare_cached(&format!("{TEMPLATE} WHERE tenant_id = ?1 AND schedule_id = ?2 AND id = ?3"))?
        .query_row((tenant, schedule, id), template)
        .optional()?
        .ok_or(ApiError::NotFound)
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct TemplateList {
    pub items: Vec<Template>,
    pub total: u64,
}

/// The schedule's week templates by name.
#[utoipa::path(get, path = "/api/v1/schedules/{id}/templates", tag = "shifts", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<TemplateList>)), security(("bearer" = [])))]
pub async fn templates(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<TemplateList>> {
    let id = schedule_id(&id)?;
    let principal = caller.principal.clone();
    let items = app
        .db
        .read(move |c| {
            access::open(c, &principal, &id)?;
            Ok(c.prepare_cached(&format!("{TEMPLATE} WHERE schedule_id = ?1 ORDER BY lower(name), id LIMIT 200"))?
                .query_map([&id], template)?
                .collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(ApiOk(TemplateList { total: items.len() as u64, items }))
}

/// Saves the week starting `weekStart` as a template.
#[utoipa::path(post, path = "/api/v1/schedules/{id}/templates", tag = "shifts", params(("id" = String, Path)),
    request_body = NewTemplate, responses((status = 201, body = Envelope<Template>)), security(("bearer" = [])))]
pub async fn save_template(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<NewTemplate>,
) -> ApiResult<Created<Template>> {
    let id = schedule_id(&id)?;
    let name = crate::http::text::one_line("name", &body.name, 100)?;
    let start = time::parse_date("weekStart", &body.week_start)?;
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    let template_id = TemplateId::generate();
    let saved = app
        .db
        .write(move |tx| {
            let tenant = principal.tenant();
            access::open(tx, &principal, &id)?;
            let shifts = as_template(tx, &id, start)?;
            tx.prepare_cached(
                "INSERT INTO week_templates (id, tenant_id, schedule_id, name, shifts, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute((&template_id, tenant, &id, &name, serde_json::to_string(&shifts).unwrap_or_default(), format_ts(now)))?;
            template_by_id(tx, tenant, &id, &template_id)
        })
        .await?;
    Ok(Created(saved))
}

/// Places a template's shifts in the week starting `weekStart`, as drafts.
#[utoipa::path(post, path = "/api/v1/schedules/{id}/templates/{templateId}/apply", tag = "shifts",
    params(("id" = String, Path), ("templateId" = String, Path)), request_body = ApplyTemplate,
    responses((status = 201, body = Envelope<Copied>), (status = 409, description = "the week holds copies; send replace: true")),
    security(("bearer" = [])))]
pub async fn apply_template(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    lang: Lang,
    ApiPath((id, template)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<ApplyTemplate>,
) -> ApiResult<Created<Copied>> {
    let id = schedule_id(&id)?;
    let template = TemplateId::parse(&template).ok_or(ApiError::NotFound)?;
    let start = time::parse_date("weekStart", &body.week_start)?;
    let (principal, now, replace) = (caller.principal.clone(), app.clock.now(), body.replace.unwrap_or(false));
    let copied = app
        .db
        .write(move |tx| {
            access::open(tx, &principal, &id)?;
            let t = template_by_id(tx, principal.tenant(), &id, &template)?;
            place(tx, &principal, &id, Placement { start, shifts: t.shifts, replace, origin: "template" }, lang, now)
        })
        .await?;
    Ok(Created(copied))
}

#[utoipa::path(delete, path = "/api/v1/schedules/{id}/templates/{templateId}", tag = "shifts",
    params(("id" = String, Path), ("templateId" = String, Path)),
    responses((status = 200, body = Envelope<Deleted>)), security(("bearer" = [])))]
pub async fn delete_template(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesWrite>,
    ApiPath((id, template)): ApiPath<(String, String)>,
) -> ApiResult<ApiOk<Deleted>> {
    let id = schedule_id(&id)?;
    let template = TemplateId::parse(&template).ok_or(ApiError::NotFound)?;
    let principal = caller.principal.clone();
    let deleted = app
        .db
        .write(move |tx| {
            access::open(tx, &principal, &id)?;
            template_by_id(tx, principal.tenant(), &id, &template)?;
            Ok(tx.prepare_cached("DELETE FROM week_templates WHERE id = ?1")?.execute([&template])?)
        })
        .await?;
    Ok(ApiOk(Deleted { deleted }))
}
