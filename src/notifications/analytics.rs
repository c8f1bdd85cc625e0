//! Delivery analytics (seed 001's Notification Analytics): how many notifications went out,
//! were delivered, failed, still wait or were read — in all, per channel, per event and per day
//! of the workplace's calendar. Those who manage the settings see the workplace's; everyone
//! else sees their own.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::catalog::{self, Channel};
use super::store::{self, Tally};
use crate::access::perm::{self, Permission as _};
use crate::auth::Principal;
use crate::http::{ApiError, ApiOk, ApiQuery, ApiResult, Envelope, Msg};
use crate::state::AppState;

const DEFAULT_DAYS: i64 = 30;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AnalyticsQuery {
    /// How many days back, today included (7 to 90; 30 when absent).
    #[param(minimum = 7, maximum = 90)]
    pub days: Option<i64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
#[schema(as = DeliveryCounts)]
pub struct Counts {
    /// Every notification made (one per person and channel).
    pub sent: u64,
    pub delivered: u64,
    /// E-mails whose last attempt failed (the outbox may still retry them) or that were discarded.
    pub failed: u64,
    /// E-mails held back by Do Not Disturb or queued.
    pub pending: u64,
    /// In-app notifications read.
    pub read: u64,
}

impl Counts {
    fn add(&mut self, t: &Tally) {
        self.sent += t.count;
        self.read += t.read;
        match t.outcome.as_str() {
            "delivered" => self.delivered += t.count,
            "failed" => self.failed += t.count,
            _ => self.pending += t.count,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChannelStats {
    pub channel: Channel,
    pub counts: Counts,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventStats {
    pub event_key: String,
    pub module: String,
    pub counts: Counts,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DayStats {
    /// A day of the workplace's calendar, `yyyy-mm-dd`.
    pub date: String,
    pub counts: Counts,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = AnalyticsScope)]
pub enum Scope {
    /// Everyone's notifications of the workplace (for those with `settings.manage`).
    Workplace,
    /// The caller's own.
    Mine,
}

impl Scope {
    /// What the caller's figures cover: the workplace for those who manage its settings.
    pub fn of(caller: &Principal) -> Scope {
        if caller.allows(perm::SettingsManage::CODE) { Scope::Workplace } else { Scope::Mine }
    }

    /// Whose notifications to count: none named for the workplace, else the caller.
    pub fn user(self, caller: &Principal) -> Option<&crate::ids::UserId> {
        matches!(self, Scope::Mine).then_some(&caller.user)
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = DeliveryAnalytics)]
pub struct Analytics {
    pub scope: Scope,
    pub from: String,
    pub to: String,
    /// The zone whose days `daily` counts.
    pub timezone: String,
    pub totals: Counts,
    /// Every channel, in the catalog's order.
    pub by_channel: Vec<ChannelStats>,
    /// The events that notified anyone, the most frequent first.
    pub by_event: Vec<EventStats>,
    /// Every day from `from` to `to`, oldest first (days without any with zeros).
    pub daily: Vec<DayStats>,
}

#[utoipa::path(get, path = "/api/v1/notifications/analytics", tag = "notifications", params(AnalyticsQuery),
    responses((status = 200, body = Envelope<Analytics>), (status = 400, description = "`days` outside 7 to 90")),
    security(("bearer" = [])))]
pub async fn analytics(
    State(app): State<AppState>,
    caller: Principal,
    ApiQuery(query): ApiQuery<AnalyticsQuery>,
) -> ApiResult<ApiOk<Analytics>> {
    let days = query.days.unwrap_or(DEFAULT_DAYS);
    if !(7..=90).contains(&days) {
        let problem = crate::http::error::FieldProblem::with_detail(Msg::FieldInvalid, "7 to 90 days");
        return Err(ApiError::validation("days", problem));
    }
    let now = app.clock.now();
    let found = app
        .db
        .read(move |c| {
            let tenant = caller.tenant();
            let scope = Scope::of(&caller);
            let zone_name = crate::orgs::store::first_location(c, tenant)?.map(|l| l.timezone).unwrap_or_default();
            let zone = crate::schedules::time::zone(&zone_name);
            let to = now.to_zoned(zone.clone()).date();
            let from = crate::schedules::time::add_days(to, 1 - days);
            let since = crate::schedules::time::instant(&zone, from, jiff::civil::Time::midnight());
            let tallies = store::tallies(c, tenant, scope.user(&caller), since)?;
            Ok(summarise(&tallies, scope, &zone, from, to, zone.iana_name().unwrap_or("UTC")))
        })
        .await?;
    Ok(ApiOk(found))
}

/// Adds the tallies up per channel, event and local day.
fn summarise(
    tallies: &[Tally],
    scope: Scope,
    zone: &jiff::tz::TimeZone,
    from: jiff::civil::Date,
    to: jiff::civil::Date,
    zone_name: &str,
) -> Analytics {
    let mut totals = Counts::default();
    let mut by_channel: Vec<ChannelStats> =
        Channel::ALL.iter().map(|&channel| ChannelStats { channel, counts: Counts::default() }).collect();
    let mut by_event: Vec<EventStats> = Vec::new();
    let mut daily: Vec<DayStats> = Vec::new();
    let mut day = from;
    while day <= to {
        daily.push(DayStats { date: day.to_string(), counts: Counts::default() });
        day = crate::schedules::time::add_days(day, 1);
    }
    for t in tallies {
        totals.add(t);
        if let Some(row) = by_channel.iter_mut().find(|s| s.channel.as_str() == t.channel) {
            row.counts.add(t);
        }
        match by_event.iter_mut().find(|e| e.event_key == t.event_key) {
            Some(row) => row.counts.add(t),
            None => {
                let module = catalog::find(&t.event_key).map(|d| d.module).unwrap_or("other").to_string();
                let mut counts = Counts::default();
                counts.add(t);
                by_event.push(EventStats { event_key: t.event_key.clone(), module, counts });
            }
        }
        if let Some(date) = local_date(&t.minute, zone) {
            let index = (date - from).get_days();
            if let Some(row) = usize::try_from(index).ok().and_then(|i| daily.get_mut(i)) {
                row.counts.add(t);
            }
        }
    }
    by_event.sort_by(|a, b| b.counts.sent.cmp(&a.counts.sent).then_with(|| a.event_key.cmp(&b.event_key)));
    Analytics {
        scope,
        from: from.to_string(),
        to: to.to_string(),
        timezone: zone_name.to_string(),
        totals,
        by_channel,
        by_event,
        daily,
    }
}

/// `yyyy-mm-ddTHH:MM` (UTC) as a day in `zone`.
fn local_date(minute: &str, zone: &jiff::tz::TimeZone) -> Option<jiff::civil::Date> {
    let at: jiff::Timestamp = format!("{minute}:00Z").parse().ok()?;
    Some(at.to_zoned(zone.clone()).date())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(minute: &str, event: &str, channel: &str, outcome: &str, count: u64, read: u64) -> Tally {
        Tally {
            minute: minute.into(),
            event_key: event.into(),
            channel: channel.into(),
            outcome: outcome.into(),
            count,
            read,
        }
    }

    #[test]
    fn adds_up_per_channel_event_and_local_day() {
        let zone = jiff::tz::TimeZone::get("Europe/Amsterdam").unwrap();
        let (from, to) = (jiff::civil::date(2026, 2, 4), jiff::civil::date(2026, 2, 10));
        let tallies = [
            // 23:30 UTC on the 8th is already the 9th in Amsterdam.
            tally("2026-02-08T23:30", "shift.published", "in_app", "delivered", 3, 2),
            tally("2026-02-08T23:30", "shift.published", "email", "delivered", 2, 0),
            tally("2026-02-08T23:30", "shift.published", "email", "failed", 1, 0),
            tally("2026-02-10T08:00", "chat.direct", "in_app", "delivered", 1, 0),
            tally("2026-02-10T08:00", "timeoff.decided", "email", "pending", 1, 0),
        ];
        let a = summarise(&tallies, Scope::Workplace, &zone, from, to, "Europe/Amsterdam");
        assert_eq!(a.totals, Counts { sent: 8, delivered: 6, failed: 1, pending: 1, read: 2 });
        assert_eq!(a.by_channel[0].counts, Counts { sent: 4, delivered: 4, failed: 0, pending: 0, read: 2 });
        assert_eq!(a.by_channel[1].counts, Counts { sent: 4, delivered: 2, failed: 1, pending: 1, read: 0 });
        assert_eq!(a.by_event[0].event_key, "shift.published");
        assert_eq!(a.by_event[0].counts.sent, 6);
        assert_eq!(a.daily.len(), 7);
        assert_eq!(a.daily[4].date, "2026-02-08");
        assert_eq!(a.daily[4].counts.sent, 0);
        assert_eq!(a.daily[5].counts.sent, 6, "the 9th in Amsterdam");
        assert_eq!(a.daily[6].counts.sent, 2);
    }
}
