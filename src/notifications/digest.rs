//! Digests (issue 14, Novu's anchor): a person may take their optional e-mails as one summary a
//! day or a week, at a local time of their choosing; the pipeline collects them
//! (`notifications.in_digest`) and its tick sends what is due. What is always sent, and what is
//! critical, never waits for a digest.

use axum::extract::State;
use jiff::civil::{Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan as _};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::analytics::Scope;
use super::{quiet, store};
use crate::auth::Principal;
use crate::db::Tx;
use crate::http::{ApiError, ApiJson, ApiOk, ApiResult, Envelope, Lang, Msg};
use crate::state::AppState;

/// People whose digest goes out per write job.
const DUE_BATCH: u32 = 50;
/// Notifications in one digest at most (the rest go in the next).
const DIGEST_MAX: u32 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = DigestFrequency)]
pub enum Frequency {
    Off,
    Daily,
    Weekly,
}

impl Frequency {
    fn as_str(self) -> &'static str {
        match self {
            Frequency::Off => "off",
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
        }
    }

    fn parse(text: &str) -> Frequency {
        match text {
            "daily" => Frequency::Daily,
            "weekly" => Frequency::Weekly,
            _ => Frequency::Off,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DigestSettings {
    pub frequency: Frequency,
    /// `HH:MM`, local to `timezone`.
    pub time: String,
    /// For weekly digests: 1 = Monday … 7 = Sunday.
    pub weekday: i64,
    pub timezone: String,
    /// When the next digest goes out; null while off (once turned off with e-mails still
    /// waiting: now, for a last one).
    pub next_at: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DigestUpdate {
    pub frequency: Frequency,
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub time: Option<String>,
    #[schema(minimum = 1, maximum = 7)]
    pub weekday: Option<i64>,
    #[schema(schema_with = crate::http::schema::timezone_or_unchanged)]
    pub timezone: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PeopleByFrequency {
    pub off: u64,
    pub daily: u64,
    pub weekly: u64,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DigestStats {
    pub scope: Scope,
    /// Digests sent in the last 30 days.
    pub digests_sent: u64,
    /// Notifications those digests carried.
    pub notifications_collected: u64,
    /// Notifications waiting for the next digest now.
    pub waiting: u64,
    /// The workplace's active people by their choice (workplace scope only).
    pub people: Option<PeopleByFrequency>,
}

/// The first instant after `now` at `time` in `zone` (on `weekday` for weekly ones).
pub fn next_at(frequency: Frequency, time: Time, weekday: i64, zone: &TimeZone, now: Timestamp) -> Option<Timestamp> {
    match frequency {
        Frequency::Off => None,
        Frequency::Daily => Some(quiet::next_local(zone, now, time)),
        Frequency::Weekly => {
            let today = now.to_zoned(zone.clone()).date();
            (0..=7).find_map(|days: i64| {
                let day = today.checked_add(days.days()).ok()?;
                let at = crate::schedules::time::instant(zone, day, time);
                (day.weekday().to_monday_one_offset() as i64 == weekday && at > now).then_some(at)
            })
        }
    }
}

fn settings_of(c: &rusqlite::Connection, caller: &Principal) -> ApiResult<DigestSettings> {
    if let Some(row) = store::digest(c, &caller.user)? {
        return Ok(DigestSettings {
            frequency: Frequency::parse(&row.frequency),
            time: row.send_time,
            weekday: row.weekday,
            timezone: row.timezone,
            next_at: row.next_at,
        });
    }
    let zone = crate::schedules::time::person_zone(c, caller.tenant(), &caller.user)?;
    Ok(DigestSettings {
        frequency: Frequency::Off,
        time: "08:00".into(),
        weekday: Weekday::Monday.to_monday_one_offset().into(),
        timezone: zone.iana_name().unwrap_or("UTC").to_string(),
        next_at: None,
    })
}

#[utoipa::path(get, path = "/api/v1/notifications/analytics/digest/settings", tag = "notifications",
    responses((status = 200, body = Envelope<DigestSettings>)), security(("bearer" = [])))]
pub async fn get_settings(State(app): State<AppState>, caller: Principal) -> ApiResult<ApiOk<DigestSettings>> {
    Ok(ApiOk(app.db.read(move |c| settings_of(c, &caller)).await?))
}

/// Chooses the digest: off, daily or weekly, at a local time (and weekday). Fields left out keep
/// their value.
#[utoipa::path(put, path = "/api/v1/notifications/analytics/digest/settings", tag = "notifications",
    request_body = DigestUpdate,
    responses((status = 200, body = Envelope<DigestSettings>), (status = 400, description = "a time, weekday or zone is not valid")),
    security(("bearer" = [])))]
pub async fn put_settings(
    State(app): State<AppState>,
    caller: Principal,
    ApiJson(body): ApiJson<DigestUpdate>,
) -> ApiResult<ApiOk<DigestSettings>> {
    if body.time.as_deref().is_some_and(|t| quiet::parse_time(t).is_none()) {
        return Err(ApiError::validation("time", Msg::FieldTime));
    }
    if body.weekday.is_some_and(|d| !(1..=7).contains(&d)) {
        let problem = crate::http::error::FieldProblem::with_detail(Msg::FieldInvalid, "1 (Monday) to 7 (Sunday)");
        return Err(ApiError::validation("weekday", problem));
    }
    if let Some(tz) = &body.timezone
        && TimeZone::get(tz).is_err()
    {
        return Err(ApiError::validation("timezone", Msg::FieldTimezone));
    }
    let now = app.clock.now();
    let saved = app
        .db
        .write(move |tx| {
            let mut settings = settings_of(tx, &caller)?;
            settings.frequency = body.frequency;
            if let Some(time) = body.time {
                settings.time = time;
            }
            if let Some(day) = body.weekday {
                settings.weekday = day;
            }
            if let Some(tz) = body.timezone {
                settings.timezone = tz;
            }
            let zone = crate::schedules::time::zone(&settings.timezone);
            let time = quiet::parse_time(&settings.time).unwrap_or(Time::midnight());
            settings.next_at =
                next_at(settings.frequency, time, settings.weekday, &zone, now).map(crate::clock::format_ts);
            // Turned off with e-mails still waiting: they go now, as a last digest.
            if settings.frequency == Frequency::Off && !store::digest_waiting(tx, &caller.user, 1)?.is_empty() {
                settings.next_at = Some(crate::clock::format_ts(now));
            }
            let row = store::DigestRow {
                frequency: settings.frequency.as_str().to_string(),
                send_time: settings.time.clone(),
                weekday: settings.weekday,
                timezone: settings.timezone.clone(),
                next_at: settings.next_at.clone(),
            };
            store::put_digest(tx, caller.tenant(), &caller.user, &row, now)?;
            Ok(settings)
        })
        .await?;
    Ok(ApiOk(saved))
}

/// Digest statistics: the workplace's for those who manage the settings, else one's own.
#[utoipa::path(get, path = "/api/v1/notifications/analytics/digest", tag = "notifications",
    responses((status = 200, body = Envelope<DigestStats>)), security(("bearer" = [])))]
pub async fn stats(State(app): State<AppState>, caller: Principal) -> ApiResult<ApiOk<DigestStats>> {
    let since = app.clock.now() - jiff::SignedDuration::from_hours(30 * 24);
    let found = app
        .db
        .read(move |c| {
            let tenant = caller.tenant();
            let scope = Scope::of(&caller);
            let (digests_sent, notifications_collected, waiting) =
                store::digest_stats(c, tenant, scope.user(&caller), since)?;
            let people = match scope {
                Scope::Workplace => {
                    let (off, daily, weekly) = store::digest_frequencies(c, tenant)?;
                    Some(PeopleByFrequency { off, daily, weekly })
                }
                Scope::Mine => None,
            };
            Ok(DigestStats { scope, digests_sent, notifications_collected, waiting, people })
        })
        .await?;
    Ok(ApiOk(found))
}

/// Sends the digests that are due (one e-mail each with what it collected; none when nothing
/// waits) and sets the next time. Answers how many e-mails were queued.
pub fn send_due(tx: &Tx<'_>, link_base: &str, now: Timestamp) -> ApiResult<usize> {
    let mut queued = 0;
    let mut names = super::pipeline::TenantNames::default();
    for (tenant, user) in store::digests_due(tx, now, DUE_BATCH)? {
        let Some(row) = store::digest(tx, &user)? else { continue };
        let zone = crate::schedules::time::zone(&row.timezone);
        let time = quiet::parse_time(&row.send_time).unwrap_or(Time::midnight());
        let next = next_at(Frequency::parse(&row.frequency), time, row.weekday, &zone, now);
        store::set_digest_next(tx, &user, next.map(crate::clock::format_ts))?;
        let items = store::digest_waiting(tx, &user, DIGEST_MAX)?;
        let Some(person) = store::recipient(tx, &tenant, user.as_str())? else { continue };
        if items.is_empty() {
            continue;
        }
        let lang = Lang::from_code(&person.locale);
        let title = match lang {
            Lang::En => format!(
                "Your Staffroom summary: {} notification{}",
                items.len(),
                if items.len() == 1 { "" } else { "s" }
            ),
            Lang::Nl => format!(
                "Je overzicht van Staffroom: {} melding{}",
                items.len(),
                if items.len() == 1 { "" } else { "en" }
            ),
        };
        let body: Vec<String> = items.iter().map(|(_, _, t, b)| format!("• {t}\n  {b}")).collect();
        let body = body.join("\n\n");
        let carries: Vec<(&crate::ids::NotificationId, &str)> =
            items.iter().map(|(id, key, _, _)| (id, key.as_str())).collect();
        let words = (title.as_str(), body.as_str(), "/notifications");
        super::pipeline::queue_mail(tx, &mut names, link_base, &tenant, lang, &person.email, words, &carries, now)?;
        queued += 1;
    }
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_digest_is_the_next_local_time_or_weekday() {
        let zone = TimeZone::get("Europe/Amsterdam").unwrap();
        // Tuesday 10 February 2026, 10:00 in Amsterdam.
        let now: Timestamp = "2026-02-10T09:00:00Z".parse().unwrap();
        let at = |t: &str| -> Timestamp { t.parse().unwrap() };
        let time = |h, m| Time::new(h, m, 0, 0).unwrap();
        assert_eq!(next_at(Frequency::Off, time(8, 0), 1, &zone, now), None);
        assert_eq!(next_at(Frequency::Daily, time(18, 0), 1, &zone, now), Some(at("2026-02-10T17:00:00Z")));
        assert_eq!(next_at(Frequency::Daily, time(8, 0), 1, &zone, now), Some(at("2026-02-11T07:00:00Z")));
        // Weekly on Monday: next week's; on Tuesday at 08:00 (passed today): a week on.
        assert_eq!(next_at(Frequency::Weekly, time(8, 0), 1, &zone, now), Some(at("2026-02-16T07:00:00Z")));
        assert_eq!(next_at(Frequency::Weekly, time(8, 0), 2, &zone, now), Some(at("2026-02-17T07:00:00Z")));
        assert_eq!(next_at(Frequency::Weekly, time(12, 0), 2, &zone, now), Some(at("2026-02-10T11:00:00Z")));
        // Summer time: the same local hour.
        let july: Timestamp = "2026-07-01T12:00:00Z".parse().unwrap();
        assert_eq!(next_at(Frequency::Daily, time(8, 0), 1, &zone, july), Some(at("2026-07-02T06:00:00Z")));
    }
}
