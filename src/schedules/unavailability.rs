//! Unavailability (seed 000 `/schedules/{id}/unavailabilities`, DESIGN §12): a person's own
//! entries, listed for the schedule's assignees; repeats by `repeatEntries` or `repeat`.

use axum::extract::State;
use rusqlite::{OptionalExtension, Row};

use super::access::{self, schedule_id};
use super::model::{Frequency, NewUnavailability, RangeQuery, SeriesQuery, Unavailability, UnavailabilityEntry};
use super::time;
use crate::access::perm;
use crate::auth::Member;
use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::error::FieldProblem;
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Created, Envelope, Msg};
use crate::ids::{SeriesId, TenantId, UnavailabilityId, UserId};
use crate::state::AppState;

struct StoredEntry {
    entry: Unavailability,
    note: Option<String>,
}

fn row(r: &Row<'_>) -> rusqlite::Result<StoredEntry> {
    let ts = |s: i64| jiff::Timestamp::from_second(s).map(|t| t.to_string()).unwrap_or_default();
    let note: Option<String> = r.get(7)?;
    Ok(StoredEntry {
        entry: Unavailability {
            id: r.get(0)?,
            user_id: r.get(1)?,
            series_id: r.get(2)?,
            unavailability_date: r.get(3)?,
            start_time: r.get(4)?,
            end_time: r.get(5)?,
            all_day: r.get(6)?,
            note: None,
            starts_at: ts(r.get(8)?),
            ends_at: ts(r.get(9)?),
        },
        note,
    })
}

const COLUMNS: &str = "id, user_id, series_id, date, start_time, end_time, all_day, note, starts_at, ends_at";

/// A checked entry with its instants.
struct Entry {
    date: jiff::civil::Date,
    start: Option<String>,
    end: Option<String>,
    all_day: bool,
    note: Option<String>,
    starts_at: i64,
    ends_at: i64,
}

fn check(prefix: &str, e: UnavailabilityEntry, tz: &jiff::tz::TimeZone) -> ApiResult<Entry> {
    let field = |name: &str| format!("{prefix}{name}");
    let date = time::parse_date(&field("unavailabilityDate"), &e.unavailability_date)?;
    let all_day = e.all_day.unwrap_or(e.start_time.is_none() && e.end_time.is_none());
    let note = crate::http::text::optional(&field("note"), e.note, 500, false)?;
    if all_day {
        let (s, en) = time::day_instants(tz, date);
        return Ok(Entry {
            date,
            start: None,
            end: None,
            all_day,
            note,
            starts_at: s.as_second(),
            ends_at: en.as_second(),
        });
    }
    let start = time::parse_time(&field("startTime"), e.start_time.as_deref().unwrap_or(""))?;
    let end = time::parse_time(&field("endTime"), e.end_time.as_deref().unwrap_or(""))?;
    let (s, en) = time::shift_instants(tz, date, start, end);
    Ok(Entry {
        date,
        start: Some(time::hhmm(start)),
        end: Some(time::hhmm(end)),
        all_day,
        note,
        starts_at: s.as_second(),
        ends_at: en.as_second(),
    })
}

/// Entries of the schedule's assignees (and the caller's own) in `from..=to`. Others' notes
/// are only shown to planners.
#[utoipa::path(get, path = "/api/v1/schedules/{id}/unavailabilities", tag = "unavailability",
    params(("id" = String, Path), RangeQuery),
    responses((status = 200, body = Envelope<Listed>), (status = 403, description = "not on this schedule")),
    security(("bearer" = [])))]
pub async fn list(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<RangeQuery>,
) -> ApiResult<ApiOk<Listed>> {
    let id = schedule_id(&id)?;
    let (from, to) = time::range(&query.from, &query.to, super::shifts::MAX_RANGE_DAYS)?;
    let principal = caller.principal.clone();
    let items = app
        .db
        .read(move |c| {
            let (schedule, seat) = access::open(c, &principal, &id)?;
            let mut people = schedule.assignee_user_ids_expanded.clone();
            people.push(principal.user.clone());
            people.sort();
            people.dedup();
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM unavailabilities WHERE user_id = ?1 AND date BETWEEN ?2 AND ?3 AND +tenant_id = ?4
                 ORDER BY date, starts_at, id"
            ))?;
            let mut out = Vec::new();
            for person in &people {
                for r in stmt.query_map((person, from.to_string(), to.to_string(), principal.tenant()), row)? {
                    let StoredEntry { mut entry, note } = r?;
                    if seat.plans() || entry.user_id == principal.user {
                        entry.note = Some(note);
                    }
                    out.push(entry);
                }
            }
            out.sort_by(|a, b| (&a.unavailability_date, &a.starts_at).cmp(&(&b.unavailability_date, &b.starts_at)));
            Ok(out)
        })
        .await?;
    Ok(ApiOk(Listed { total: items.len() as u64, items }))
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Listed {
    pub items: Vec<Unavailability>,
    pub total: u64,
}

/// Creates the caller's own entry, with `repeatEntries` (further entries) or `repeat` (the
/// server expands it weekly or biweekly, at most a year ahead); all made together share a
/// `seriesId`.
#[utoipa::path(post, path = "/api/v1/schedules/{id}/unavailabilities", tag = "unavailability",
    params(("id" = String, Path)), request_body = NewUnavailability,
    responses((status = 201, body = Envelope<Listed>), (status = 403, description = "not on this schedule")),
    security(("bearer" = [])))]
pub async fn create(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<NewUnavailability>,
) -> ApiResult<Created<Listed>> {
    let id = schedule_id(&id)?;
    if body.repeat.is_some() && body.repeat_entries.is_some() {
        let problem = FieldProblem::with_detail(Msg::FieldInvalid, "send repeat or repeatEntries, not both");
        return Err(ApiError::validation("repeat", problem));
    }
    if body.repeat_entries.as_ref().is_some_and(|e| e.len() > 100) {
        return Err(ApiError::validation("repeatEntries", Msg::FieldTooLong));
    }
    let (principal, now) = (caller.principal.clone(), app.clock.now());
    let saved = app
        .db
        .write(move |tx| {
            let tenant = principal.tenant();
            access::open(tx, &principal, &id)?;
            let tz = time::person_zone(tx, tenant, &principal.user)?;
            let first = UnavailabilityEntry {
                unavailability_date: body.unavailability_date,
                start_time: body.start_time,
                end_time: body.end_time,
                all_day: body.all_day,
                note: body.note,
            };
            let mut entries = vec![check("", first.clone(), &tz)?];
            for (i, e) in body.repeat_entries.unwrap_or_default().into_iter().enumerate() {
                entries.push(check(&format!("repeatEntries[{i}]."), e, &tz)?);
            }
            if let Some(repeat) = body.repeat {
                let until = time::parse_date("repeat.until", &repeat.until)?;
                let start = entries[0].date;
                if until < start || until > time::add_days(start, 366) {
                    let problem = FieldProblem::with_detail(
                        Msg::FieldInvalid,
                        "on or after the first entry, at most a year ahead",
                    );
                    return Err(ApiError::validation("repeat.until", problem));
                }
                let step = match repeat.frequency {
                    Frequency::Weekly => 7,
                    Frequency::Biweekly => 14,
                };
                let mut date = time::add_days(start, step);
                while date <= until {
                    let e = UnavailabilityEntry { unavailability_date: date.to_string(), ..first.clone() };
                    entries.push(check("", e, &tz)?);
                    date = time::add_days(date, step);
                }
            }
            let series = SeriesId::generate();
            let mut ids = Vec::with_capacity(entries.len());
            for e in &entries {
                let uid = UnavailabilityId::generate();
                insert(tx, tenant, &uid, &principal.user, &series, e, now)?;
                ids.push(uid);
            }
            let payload = serde_json::json!({ "userId": principal.user, "seriesId": series, "count": ids.len() });
            let audience = [
                crate::events::Audience::User(principal.user.clone()),
                crate::events::Audience::ScheduleManagers(id.clone()),
            ];
            crate::events::emit(tx, tenant, "unavailability.changed", &audience, &payload, now)?;
            let mut stmt = tx.prepare_cached(&format!("SELECT {COLUMNS} FROM unavailabilities WHERE id = ?1"))?;
            let mut items = Vec::with_capacity(ids.len());
            for uid in &ids {
                let StoredEntry { mut entry, note } = stmt.query_row([uid], row)?;
                entry.note = Some(note);
                items.push(entry);
            }
            Ok(Listed { total: items.len() as u64, items })
        })
        .await?;
    Ok(Created(saved))
}

fn insert(
    tx: &Tx<'_>,
    tenant: &TenantId,
    id: &UnavailabilityId,
    user: &UserId,
    series: &SeriesId,
    e: &Entry,
    at: jiff::Timestamp,
) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO unavailabilities (id, tenant_id, user_id, series_id, date, start_time, end_time, all_day, note,
             starts_at, ends_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(rusqlite::params![
        id,
        tenant,
        user,
        series,
        e.date.to_string(),
        e.start,
        e.end,
        e.all_day,
        e.note,
        e.starts_at,
        e.ends_at,
        format_ts(at)
    ])?;
    Ok(())
}

/// Deletes one of the caller's own entries; `?series=true` also the later ones of its series.
#[utoipa::path(delete, path = "/api/v1/schedules/{id}/unavailabilities/{uaId}", tag = "unavailability",
    params(("id" = String, Path), ("uaId" = String, Path), SeriesQuery),
    responses((status = 200, body = Envelope<super::model::Deleted>), (status = 403, description = "someone else's entry")),
    security(("bearer" = [])))]
pub async fn delete(
    State(app): State<AppState>,
    caller: Member<perm::SchedulesRead>,
    ApiPath((id, ua)): ApiPath<(String, String)>,
    ApiQuery(query): ApiQuery<SeriesQuery>,
) -> ApiResult<ApiOk<super::model::Deleted>> {
    let id = schedule_id(&id)?;
    let ua = UnavailabilityId::parse(&ua).ok_or(ApiError::NotFound)?;
    let (principal, now, series) = (caller.principal.clone(), app.clock.now(), query.series.unwrap_or(false));
    let deleted = app
        .db
        .write(move |tx| {
            let tenant = principal.tenant();
            access::open(tx, &principal, &id)?;
            let found: Option<(UserId, SeriesId, String)> = tx
                .prepare_cached(
                    "SELECT user_id, series_id, date FROM unavailabilities WHERE id = ?1 AND tenant_id = ?2",
                )?
                .query_row((&ua, tenant), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            let (owner, series_id, date) = found.ok_or(ApiError::NotFound)?;
            if owner != principal.user {
                return Err(ApiError::Forbidden);
            }
            let n = if series {
                tx.prepare_cached("DELETE FROM unavailabilities WHERE series_id = ?1 AND date >= ?2 AND user_id = ?3")?
                    .execute((&series_id, &date, &owner))?
            } else {
                tx.prepare_cached("DELETE FROM unavailabilities WHERE id = ?1")?.execute([&ua])?
            };
            let payload = serde_json::json!({ "userId": owner, "seriesId": series_id, "deleted": n });
            let audience =
                [crate::events::Audience::User(owner.clone()), crate::events::Audience::ScheduleManagers(id.clone())];
            crate::events::emit(tx, tenant, "unavailability.changed", &audience, &payload, now)?;
            Ok(n)
        })
        .await?;
    Ok(ApiOk(super::model::Deleted { deleted }))
}
