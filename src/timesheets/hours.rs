//! The arithmetic of a timesheet, pure: worked time split at local midnight into days, breaks,
//! daily overtime (over the org's daily threshold) and weekly overtime (over the weekly one, in
//! the weeks of DESIGN §12), in real elapsed minutes — a night across a clock change is as long
//! as it really was.
//!
//! Weekly overtime counts what is not daily overtime already, and falls on the days where the
//! week's running total passes the threshold; a week straddling the period counts its days
//! outside the period too (they are loaded), but only the period's days are answered. Within a
//! day, overtime falls on the last minutes worked, so on the day's latest entries.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::period::Period;
use crate::schedules::time;

/// The org's overtime thresholds in minutes (0 = none) and its first day of the week.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    pub daily_overtime: i64,
    pub weekly_overtime: i64,
    pub week_starts_on: i64,
}

/// A closed entry as it counts: its start and end (UTC seconds) and breaks — the breaks as
/// taken, or a manager's total in their stead (then placed in the middle of the entry).
#[derive(Debug, Clone, Default)]
pub struct Worked {
    pub start: i64,
    pub end: i64,
    pub breaks: Vec<(i64, i64)>,
    pub break_override: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayHours {
    pub date: Date,
    pub worked: i64,
    pub breaks: i64,
    pub daily_overtime: i64,
    pub weekly_overtime: i64,
}

/// An entry's share of the period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryHours {
    pub worked: i64,
    pub breaks: i64,
    pub overtime: i64,
}

#[derive(Debug, Clone)]
pub struct Sheet {
    /// The period's days, in order.
    pub days: Vec<DayHours>,
    /// One per entry given, in the same order.
    pub entries: Vec<EntryHours>,
}

/// The local days whose time is needed for `period`: whole weeks around it.
pub fn load_range(period: &Period, week_starts_on: i64) -> (Date, Date) {
    let first = time::week_start(period.start, week_starts_on);
    let last = time::add_days(time::week_start(period.end, week_starts_on), 6);
    (first, last)
}

/// Minutes since the epoch, down to the minute: all arithmetic is in whole minutes, so a day's
/// total is the sum of its entries' shares.
fn minute(second: i64) -> i64 {
    second.div_euclid(60)
}

/// `[start, end)` minus the sorted, disjoint `cuts`.
fn subtract(start: i64, end: i64, cuts: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    let mut from = start;
    for &(s, e) in cuts {
        if s > from {
            out.push((from, s.min(end)));
        }
        from = from.max(e);
    }
    if from < end {
        out.push((from, end));
    }
    out.retain(|(s, e)| e > s);
    out
}

/// The entry's breaks in minutes, inside it, sorted and merged.
fn breaks_of(w: &Worked, start: i64, end: i64) -> Vec<(i64, i64)> {
    let mut cuts: Vec<(i64, i64)> = match w.break_override {
        Some(total) => {
            let total = total.clamp(0, end - start);
            let from = start + (end - start - total) / 2;
            vec![(from, from + total)]
        }
        None => w.breaks.iter().map(|&(s, e)| (minute(s).max(start), minute(e).min(end))).collect(),
    };
    cuts.retain(|(s, e)| e > s);
    cuts.sort();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(cuts.len());
    for (s, e) in cuts {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// A stretch cut at the day boundaries: (day index, minutes, start) per day it touches.
fn per_day(bounds: &[i64], (start, end): (i64, i64), mut each: impl FnMut(usize, i64, i64)) {
    let mut day = bounds.partition_point(|&b| b <= start).saturating_sub(1);
    let mut from = start;
    while from < end && day + 1 < bounds.len() {
        let to = end.min(bounds[day + 1]);
        if to > from && from >= bounds[day] {
            each(day, to - from, from);
        }
        from = to.max(from);
        day += 1;
    }
}

pub fn compute(tz: &TimeZone, period: &Period, rules: &Rules, entries: &[Worked]) -> Sheet {
    let (first, last) = load_range(period, rules.week_starts_on);
    let count = (last - first).get_days() as usize + 1;
    let dates: Vec<Date> = (0..count as i64).map(|i| time::add_days(first, i)).collect();
    let mut bounds: Vec<i64> = dates.iter().map(|d| minute(time::day_instants(tz, *d).0.as_second())).collect();
    bounds.push(minute(time::day_instants(tz, last).1.as_second()));

    let mut worked = vec![0i64; count];
    let mut breaks = vec![0i64; count];
    // (day, start, entry, minutes) of every piece of work
    let mut pieces: Vec<(usize, i64, usize, i64)> = Vec::new();
    let mut shares = vec![EntryHours::default(); entries.len()];
    let in_period = |day: usize| period.contains(dates[day]);
    for (i, w) in entries.iter().enumerate() {
        let (start, end) = (minute(w.start), minute(w.end));
        if end <= start {
            continue;
        }
        let cuts = breaks_of(w, start, end);
        for &cut in &cuts {
            per_day(&bounds, cut, |day, minutes, _| {
                breaks[day] += minutes;
                if in_period(day) {
                    shares[i].breaks += minutes;
                }
            });
        }
        for stretch in subtract(start, end, &cuts) {
            per_day(&bounds, stretch, |day, minutes, from| {
                worked[day] += minutes;
                pieces.push((day, from, i, minutes));
                if in_period(day) {
                    shares[i].worked += minutes;
                }
            });
        }
    }

    let daily: Vec<i64> =
        worked.iter().map(|&w| if rules.daily_overtime > 0 { (w - rules.daily_overtime).max(0) } else { 0 }).collect();
    let mut weekly = vec![0i64; count];
    if rules.weekly_overtime > 0 {
        for week in (0..count).step_by(7) {
            let mut running = 0;
            for day in week..(week + 7).min(count) {
                let before = running;
                running += worked[day] - daily[day];
                weekly[day] = (running - rules.weekly_overtime).max(0) - (before - rules.weekly_overtime).max(0);
            }
        }
    }

    // A day's overtime falls on its last minutes worked.
    pieces.sort_by_key(|&(day, from, _, _)| (day, std::cmp::Reverse(from)));
    let mut left: Vec<i64> = (0..count).map(|d| daily[d] + weekly[d]).collect();
    for &(day, _, entry, minutes) in &pieces {
        let take = left[day].min(minutes);
        left[day] -= take;
        if in_period(day) {
            shares[entry].overtime += take;
        }
    }

    let days = (0..count)
        .filter(|&d| in_period(d))
        .map(|d| DayHours {
            date: dates[d],
            worked: worked[d],
            breaks: breaks[d],
            daily_overtime: daily[d],
            weekly_overtime: weekly[d],
        })
        .collect();
    Sheet { days, entries: shares }
}

#[cfg(test)]
mod tests {
    use super::super::period::Kind;
    use super::*;

    fn amsterdam() -> TimeZone {
        TimeZone::get("Europe/Amsterdam").unwrap()
    }

    fn at(local: &str) -> i64 {
        let dt: jiff::civil::DateTime = local.parse().unwrap();
        amsterdam().to_ambiguous_timestamp(dt).compatible().unwrap().as_second()
    }

    fn entry(from: &str, to: &str) -> Worked {
        Worked { start: at(from), end: at(to), ..Worked::default() }
    }

    fn week(start: &str) -> Period {
        let start: Date = start.parse().unwrap();
        Period { kind: Kind::Weekly, start, end: time::add_days(start, 6) }
    }

    const NONE: Rules = Rules { daily_overtime: 0, weekly_overtime: 0, week_starts_on: 1 };

    fn day<'a>(sheet: &'a Sheet, date: &str) -> &'a DayHours {
        sheet.days.iter().find(|d| d.date.to_string() == date).unwrap()
    }

    #[test]
    fn a_night_is_split_at_midnight_and_its_break_with_it() {
        let mut night = entry("2026-02-09T22:00", "2026-02-10T06:00");
        night.breaks = vec![(at("2026-02-09T23:30"), at("2026-02-10T00:30"))];
        let sheet = compute(&amsterdam(), &week("2026-02-09"), &NONE, &[night]);
        assert_eq!((day(&sheet, "2026-02-09").worked, day(&sheet, "2026-02-09").breaks), (90, 30));
        assert_eq!((day(&sheet, "2026-02-10").worked, day(&sheet, "2026-02-10").breaks), (330, 30));
        assert_eq!(sheet.entries[0], EntryHours { worked: 420, breaks: 60, overtime: 0 });
    }

    #[test]
    fn nights_across_the_clock_changes_count_real_minutes() {
        let spring =
            compute(&amsterdam(), &week("2026-03-23"), &NONE, &[entry("2026-03-28T22:00", "2026-03-29T06:00")]);
        assert_eq!(day(&spring, "2026-03-28").worked, 120);
        assert_eq!(day(&spring, "2026-03-29").worked, 300, "midnight to 06:00 CEST is five real hours");
        let autumn =
            compute(&amsterdam(), &week("2026-10-19"), &NONE, &[entry("2026-10-24T22:00", "2026-10-25T06:00")]);
        assert_eq!(day(&autumn, "2026-10-24").worked, 120);
        assert_eq!(day(&autumn, "2026-10-25").worked, 420, "midnight to 06:00 CET is seven real hours");
        assert_eq!(autumn.entries[0].worked, 540);
    }

    #[test]
    fn daily_overtime_is_judged_per_local_day_and_falls_on_the_last_entry() {
        let rules = Rules { daily_overtime: 8 * 60, ..NONE };
        let entries = [entry("2026-02-09T20:00", "2026-02-10T06:00"), entry("2026-02-10T14:00", "2026-02-10T19:00")];
        let sheet = compute(&amsterdam(), &week("2026-02-09"), &rules, &entries);
        assert_eq!(day(&sheet, "2026-02-09").daily_overtime, 0, "4 h on Monday");
        assert_eq!(day(&sheet, "2026-02-10").worked, 660);
        assert_eq!(day(&sheet, "2026-02-10").daily_overtime, 180, "6 + 5 h on Tuesday");
        assert_eq!(sheet.entries[0].overtime, 0);
        assert_eq!(sheet.entries[1].overtime, 180);
    }

    #[test]
    fn weekly_overtime_counts_what_daily_overtime_did_not() {
        let days = ["09", "10", "11", "12", "13"];
        let nine_hours: Vec<Worked> =
            days.iter().map(|d| entry(&format!("2026-02-{d}T08:00"), &format!("2026-02-{d}T17:00"))).collect();
        let weekly_only = Rules { weekly_overtime: 40 * 60, ..NONE };
        let sheet = compute(&amsterdam(), &week("2026-02-09"), &weekly_only, &nine_hours);
        let overtime: Vec<i64> = sheet.days.iter().map(|d| d.weekly_overtime).collect();
        assert_eq!(overtime, [0, 0, 0, 0, 300, 0, 0], "45 h: the Friday passes 40");

        let both = Rules { daily_overtime: 8 * 60, weekly_overtime: 40 * 60, ..NONE };
        let mut six = nine_hours.clone();
        six.push(entry("2026-02-14T10:00", "2026-02-14T14:00"));
        let sheet = compute(&amsterdam(), &week("2026-02-09"), &both, &six);
        assert_eq!(sheet.days.iter().map(|d| d.daily_overtime).sum::<i64>(), 300);
        assert_eq!(day(&sheet, "2026-02-14").weekly_overtime, 240, "40 regular hours by Friday");
        assert_eq!(sheet.entries.iter().map(|e| e.overtime).sum::<i64>(), 540);
    }

    #[test]
    fn a_week_straddling_the_period_counts_its_days_before_it() {
        // A period from Thursday: the week's Monday–Wednesday come before it.
        let period =
            Period { kind: Kind::Weekly, start: "2026-02-12".parse().unwrap(), end: "2026-02-18".parse().unwrap() };
        let rules = Rules { weekly_overtime: 20 * 60, ..NONE };
        let entries: Vec<Worked> = ["09", "10", "11", "12"]
            .iter()
            .map(|d| entry(&format!("2026-02-{d}T08:00"), &format!("2026-02-{d}T16:00")))
            .collect();
        let sheet = compute(&amsterdam(), &period, &rules, &entries);
        assert_eq!(sheet.days.len(), 7);
        assert_eq!(
            day(&sheet, "2026-02-12").weekly_overtime,
            8 * 60,
            "20 h were passed on Wednesday, before the period"
        );
        assert_eq!(sheet.entries[0], EntryHours::default(), "Monday is not in the period");
        assert_eq!(sheet.entries[3].worked, 480);
    }

    #[test]
    fn a_managers_break_total_replaces_the_breaks_taken() {
        let mut e = entry("2026-02-09T09:00", "2026-02-09T17:00");
        e.breaks = vec![(at("2026-02-09T12:00"), at("2026-02-09T12:10"))];
        e.break_override = Some(30);
        let sheet = compute(&amsterdam(), &week("2026-02-09"), &NONE, &[e]);
        assert_eq!(sheet.entries[0], EntryHours { worked: 450, breaks: 30, overtime: 0 });
    }

    #[test]
    fn work_past_the_periods_end_belongs_to_the_next_period() {
        let sheet = compute(&amsterdam(), &week("2026-02-09"), &NONE, &[entry("2026-02-15T20:00", "2026-02-16T04:00")]);
        assert_eq!(sheet.entries[0].worked, 240, "Sunday's four hours; Monday's are the next week's");
        assert_eq!(sheet.days.iter().map(|d| d.worked).sum::<i64>(), 240);
    }
}
