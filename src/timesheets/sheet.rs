//! One person's timesheet of a period, put together from their entries and shifts with the
//! arithmetic of `hours.rs`; and the lock an approval puts on a period.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use rusqlite::Connection;

use super::hours::{self, Rules, Worked};
use super::model::{
    Approval, Day, Edit, EntryTimes, PeriodView, Punched, SheetEntry, Status, Timesheet, TimesheetSummary, Totals,
};
use super::period::{Kind, Period};
use super::store::{self, ApprovalRow, EntryRow, Person, Scheduled};
use crate::fixed::SecondText;
use crate::http::{ApiError, ApiResult, Msg};
use crate::ids::{TenantId, UserId};
use crate::schedules::time;

/// The org's pay period and overtime settings.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub kind: Kind,
    pub anchor: Date,
    pub rules: Rules,
}

pub fn settings(c: &Connection, tenant: &TenantId) -> ApiResult<Settings> {
    let stored = crate::orgs::store::stored_settings(c, tenant)?;
    let text = |key: &str, default: &'static str| -> String {
        stored.get(key).and_then(|(v, _)| v.as_str().map(str::to_owned)).unwrap_or_else(|| default.to_owned())
    };
    let int = |key: &str, default: i64| stored.get(key).and_then(|(v, _)| v.as_i64()).unwrap_or(default);
    Ok(Settings {
        kind: Kind::parse(&text("timesheets.period", "biweekly")).unwrap_or(Kind::Biweekly),
        anchor: text("timesheets.period_start", DEFAULT_ANCHOR).parse().unwrap_or(Date::constant(2026, 1, 5)),
        rules: Rules {
            daily_overtime: int("timesheets.daily_overtime_minutes", 0),
            weekly_overtime: int("timesheets.weekly_overtime_minutes", 40 * 60),
            week_starts_on: int("schedule.week_starts_on", 1),
        },
    })
}

/// A Monday: biweekly periods from the first full week of 2026.
pub const DEFAULT_ANCHOR: &str = "2026-01-05";

impl Settings {
    pub fn period_of(&self, date: Date) -> Period {
        Period::holding(self.kind, self.anchor, date)
    }
}

pub fn view(p: &Period) -> PeriodView {
    PeriodView { kind: p.kind, start: p.start.to_string(), end: p.end.to_string() }
}

pub fn local_date(tz: &TimeZone, second: i64) -> Date {
    Timestamp::from_second(second).unwrap_or(Timestamp::UNIX_EPOCH).to_zoned(tz.clone()).date()
}

/// The instants (UTC seconds) of the whole local days `first`..=`last`.
pub fn span(tz: &TimeZone, first: Date, last: Date) -> (i64, i64) {
    (time::day_instants(tz, first).0.as_second(), time::day_instants(tz, last).1.as_second())
}

/// Today's date for the person or the workplace, or the one asked for.
pub fn date_or_today(asked: Option<&str>, tz: &TimeZone, now: i64) -> ApiResult<Date> {
    match asked {
        Some(text) => time::parse_date("date", text),
        None => Ok(local_date(tz, now)),
    }
}

pub fn zone_of(person: &Person, fallback: &TimeZone) -> TimeZone {
    person.timezone.as_deref().map(time::zone).unwrap_or_else(|| fallback.clone())
}

fn approval(row: Option<&ApprovalRow>) -> Option<Approval> {
    row.map(|a| Approval {
        approved_by: a.approved_by.clone(),
        approved_by_name: a.approved_by_name.clone(),
        approved_at: a.approved_at.clone(),
    })
}

fn times((in_at, out, brk): (i64, Option<i64>, Option<i64>)) -> EntryTimes {
    EntryTimes { clock_in_at: SecondText::utc(in_at), clock_out_at: out.map(SecondText::utc), break_minutes: brk }
}

/// What a timesheet is made of, for one person.
pub struct Inputs<'a> {
    pub person: &'a Person,
    pub tz: &'a TimeZone,
    pub entries: Vec<&'a EntryRow>,
    pub scheduled: Vec<&'a Scheduled>,
    pub approval: Option<&'a ApprovalRow>,
}

pub fn build(settings: &Settings, period: &Period, input: &Inputs<'_>, now: i64) -> Timesheet {
    let (from, to) = span(input.tz, period.start, period.end);
    let closed: Vec<(&EntryRow, Worked)> = input
        .entries
        .iter()
        .filter_map(|e| {
            let (start, end, break_override) = e.effective();
            let end = end?;
            let breaks = e.breaks.iter().map(|(s, b)| (*s, b.unwrap_or(end))).collect();
            Some((*e, Worked { start, end, breaks, break_override }))
        })
        .collect();
    let worked: Vec<Worked> = closed.iter().map(|(_, w)| w.clone()).collect();
    let sheet = hours::compute(input.tz, period, &settings.rules, &worked);

    let mut days: Vec<Day> = sheet
        .days
        .iter()
        .map(|d| Day {
            date: d.date.to_string(),
            totals: Totals {
                scheduled_minutes: 0,
                worked_minutes: d.worked,
                break_minutes: d.breaks,
                regular_minutes: d.worked - d.daily_overtime - d.weekly_overtime,
                overtime_minutes: d.daily_overtime + d.weekly_overtime,
                daily_overtime_minutes: d.daily_overtime,
                weekly_overtime_minutes: d.weekly_overtime,
            },
        })
        .collect();
    for s in &input.scheduled {
        let date = local_date(input.tz, s.starts_at);
        if period.contains(date) {
            let index = (date - period.start).get_days() as usize;
            if let Some(day) = days.get_mut(index) {
                day.totals.scheduled_minutes += s.paid_minutes;
            }
        }
    }
    let mut totals = Totals::default();
    for d in &days {
        let t = &d.totals;
        totals.scheduled_minutes += t.scheduled_minutes;
        totals.worked_minutes += t.worked_minutes;
        totals.break_minutes += t.break_minutes;
        totals.regular_minutes += t.regular_minutes;
        totals.overtime_minutes += t.overtime_minutes;
        totals.daily_overtime_minutes += t.daily_overtime_minutes;
        totals.weekly_overtime_minutes += t.weekly_overtime_minutes;
    }

    let mut entries = Vec::new();
    let (mut open_entries, mut missed) = (0, 0);
    for e in &input.entries {
        let (start, end, break_override) = e.effective();
        if start >= to || end.unwrap_or(now) <= from {
            continue;
        }
        let share = closed.iter().position(|(c, _)| c.id == e.id).map(|i| sheet.entries[i].clone()).unwrap_or_default();
        let open = end.is_none();
        open_entries += u32::from(open);
        missed += u32::from(e.missed && open);
        let taken = e.break_seconds_taken(end.unwrap_or(now)) / 60;
        entries.push(SheetEntry {
            id: e.id.clone(),
            location_id: e.location_id.clone(),
            job_id: e.job_id.clone(),
            shift_id: e.shift_id.clone(),
            clock_in_at: SecondText::utc(start),
            clock_out_at: end.map(SecondText::utc),
            break_minutes: if open { taken } else { break_override.unwrap_or(share.breaks) },
            worked_minutes: share.worked,
            overtime_minutes: share.overtime,
            punched: Punched {
                clock_in_at: SecondText::utc(e.clock_in_at),
                clock_in_rounded_at: SecondText::utc(e.clock_in_rounded),
                clock_out_at: e.clock_out_at.map(SecondText::utc),
                clock_out_rounded_at: e.clock_out_rounded.map(SecondText::utc),
                break_minutes: taken,
            },
            open,
            missed_clock_out: e.missed && open,
            edits: e
                .edits
                .iter()
                .map(|x| Edit {
                    id: x.id.to_string(),
                    edited_by: x.edited_by.clone(),
                    edited_by_name: x.edited_by_name.clone(),
                    edited_at: x.edited_at.clone(),
                    reason: x.reason.clone(),
                    before: times(x.before),
                    after: times((x.after.0, Some(x.after.1), x.after.2)),
                })
                .collect(),
        });
    }
    Timesheet {
        user_id: input.person.id.clone(),
        name: input.person.name.clone(),
        period: view(period),
        status: if input.approval.is_some() { Status::Approved } else { Status::Open },
        approval: approval(input.approval),
        totals,
        days,
        entries,
        open_entries,
        missed_clock_outs: missed,
    }
}

pub fn summary(sheet: Timesheet) -> TimesheetSummary {
    TimesheetSummary {
        edited_entries: sheet.entries.iter().filter(|e| !e.edits.is_empty()).count() as u32,
        entries: sheet.entries.len() as u32,
        user_id: sheet.user_id,
        name: sheet.name,
        status: sheet.status,
        approval: sheet.approval,
        totals: sheet.totals,
        open_entries: sheet.open_entries,
        missed_clock_outs: sheet.missed_clock_outs,
    }
}

/// One person's timesheet of the period holding `date`.
pub fn of_person(
    c: &Connection,
    tenant: &TenantId,
    user: &UserId,
    date: Option<&str>,
    now: i64,
) -> ApiResult<Timesheet> {
    let person = store::person(c, tenant, user)?;
    let tz = time::person_zone(c, tenant, user)?;
    let settings = settings(c, tenant)?;
    let period = settings.period_of(date_or_today(date, &tz, now)?);
    of_period(c, tenant, &person, &tz, &settings, &period, now)
}

pub fn of_period(
    c: &Connection,
    tenant: &TenantId,
    person: &Person,
    tz: &TimeZone,
    settings: &Settings,
    period: &Period,
    now: i64,
) -> ApiResult<Timesheet> {
    let (first, last) = hours::load_range(period, settings.rules.week_starts_on);
    let (from, to) = span(tz, first, last);
    let entries = store::entries_around(c, tenant, Some(&person.id), from, to)?;
    let (pf, pt) = span(tz, period.start, period.end);
    let scheduled = store::scheduled(c, tenant, Some(&person.id), pf, pt)?;
    let (start, end) = (period.start.to_string(), period.end.to_string());
    let approvals = store::approvals(c, tenant, Some(&person.id), &start, &end)?;
    let input = Inputs {
        person,
        tz,
        entries: entries.iter().collect(),
        scheduled: scheduled.iter().collect(),
        approval: approvals.first(),
    };
    Ok(build(settings, period, &input, now))
}

/// Refuses (409) a change to the person's time between `from` and `to` (UTC seconds) when an
/// approved period holds any of its days.
pub fn check_unlocked(c: &Connection, tenant: &TenantId, user: &UserId, from: i64, to: i64) -> ApiResult<()> {
    let Some(last) = store::last_locked_day(c, user)? else { return Ok(()) };
    let tz = time::person_zone(c, tenant, user)?;
    let (first_day, last_day) = (local_date(&tz, from).to_string(), local_date(&tz, to.max(from)).to_string());
    if last < first_day {
        return Ok(());
    }
    if store::locked(c, user, &first_day, &last_day)? {
        return Err(ApiError::Conflict(Msg::TimesheetLocked));
    }
    Ok(())
}
