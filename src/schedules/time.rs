//! Local dates and times to UTC instants (DESIGN §12): jiff with compatible disambiguation —
//! a time inside the spring gap moves forward by the gap, a repeated autumn time takes the
//! earlier offset. Durations are real elapsed minutes.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use crate::http::{ApiError, ApiResult, Msg};

pub fn parse_time(field: &str, text: &str) -> ApiResult<Time> {
    let minutes = crate::orgs::model::parse_hhmm(text).ok_or_else(|| ApiError::validation(field, Msg::FieldTime))?;
    Ok(Time::constant((minutes / 60) as i8, (minutes % 60) as i8, 0, 0))
}

pub fn parse_date(field: &str, text: &str) -> ApiResult<Date> {
    crate::orgs::model::parse_date(text).ok_or_else(|| ApiError::validation(field, Msg::FieldDate))
}

pub fn hhmm(time: Time) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

pub fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}

/// A person's own time zone, else the workplace's first location's.
pub fn person_zone(
    c: &rusqlite::Connection,
    tenant: &crate::ids::TenantId,
    user: &crate::ids::UserId,
) -> ApiResult<TimeZone> {
    use rusqlite::OptionalExtension as _;
    let own: Option<String> = c
        .prepare_cached("SELECT timezone FROM users WHERE id = ?1")?
        .query_row([user], |r| r.get(0))
        .optional()?
        .flatten();
    let name = match own {
        Some(tz) => tz,
        None => crate::orgs::store::first_location(c, tenant)?.map(|l| l.timezone).unwrap_or_default(),
    };
    Ok(zone(&name))
}

/// The instant of a local date and time in `tz`.
pub fn instant(tz: &TimeZone, date: Date, time: Time) -> Timestamp {
    match tz.to_ambiguous_timestamp(date.to_datetime(time)).compatible() {
        Ok(ts) => ts,
        // Only at the ends of jiff's range, far from any shift.
        Err(_) => Timestamp::UNIX_EPOCH,
    }
}

/// Start and end of a shift: an end at or before the start is on the next day.
pub fn shift_instants(tz: &TimeZone, date: Date, start: Time, end: Time) -> (Timestamp, Timestamp) {
    let end_date = if end <= start { date.tomorrow().unwrap_or(date) } else { date };
    (instant(tz, date, start), instant(tz, end_date, end))
}

/// The whole local day `date` in `tz`, as instants.
pub fn day_instants(tz: &TimeZone, date: Date) -> (Timestamp, Timestamp) {
    (instant(tz, date, Time::midnight()), instant(tz, date.tomorrow().unwrap_or(date), Time::midnight()))
}

/// The first day of the week holding `date`, for weeks starting on `starts_on` (0 = Sunday).
pub fn week_start(date: Date, starts_on: i64) -> Date {
    let weekday = i64::from(date.weekday().to_sunday_zero_offset());
    let back = (weekday - starts_on).rem_euclid(7);
    date.checked_sub(back.days()).unwrap_or(date)
}

/// A range sent as two optional query fields: both ends, or neither.
pub fn optional_range(from: Option<&str>, to: Option<&str>, max_days: i64) -> ApiResult<Option<(Date, Date)>> {
    match (from, to) {
        (Some(from), Some(to)) => Ok(Some(range(from, to, max_days)?)),
        (None, None) => Ok(None),
        (Some(_), None) => Err(ApiError::validation("to", Msg::FieldRequired)),
        (None, Some(_)) => Err(ApiError::validation("from", Msg::FieldRequired)),
    }
}

/// `from`..`to` inclusive as a checked range: `to` not before `from`, at most `max_days`.
pub fn range(from: &str, to: &str, max_days: i64) -> ApiResult<(Date, Date)> {
    let (from, to) = (parse_date("from", from)?, parse_date("to", to)?);
    if to < from {
        return Err(ApiError::validation("range", Msg::RangeBackwards));
    }
    let days = (to - from).get_days() as i64 + 1;
    if days > max_days {
        return Err(ApiError::validation("range", Msg::RangeTooLong));
    }
    Ok((from, to))
}

pub fn add_days(date: Date, days: i64) -> Date {
    date.checked_add(days.days()).unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amsterdam() -> TimeZone {
        TimeZone::get("Europe/Amsterdam").unwrap()
    }

    fn minutes(tz: &TimeZone, date: &str, start: &str, end: &str) -> i64 {
        let (s, e) =
            shift_instants(tz, date.parse().unwrap(), parse_time("s", start).unwrap(), parse_time("e", end).unwrap());
        (e.as_second() - s.as_second()) / 60
    }

    #[test]
    fn nights_last_real_time_across_both_clock_changes() {
        let tz = amsterdam();
        assert_eq!(minutes(&tz, "2026-03-10", "22:00", "06:00"), 8 * 60, "an ordinary night");
        assert_eq!(minutes(&tz, "2026-03-28", "22:00", "06:00"), 7 * 60, "clocks go forward on 29 March");
        assert_eq!(minutes(&tz, "2026-10-24", "22:00", "06:00"), 9 * 60, "clocks go back on 25 October");
    }

    #[test]
    fn a_time_in_the_spring_gap_moves_forward() {
        let tz = amsterdam();
        let ts = instant(&tz, "2026-03-29".parse().unwrap(), parse_time("t", "02:30").unwrap());
        assert_eq!(ts.to_string(), "2026-03-29T01:30:00Z", "02:30 does not exist; it is 03:30 CEST");
        let ts = instant(&tz, "2026-10-25".parse().unwrap(), parse_time("t", "02:30").unwrap());
        assert_eq!(ts.to_string(), "2026-10-25T00:30:00Z", "the earlier 02:30 (CEST)");
    }

    #[test]
    fn weeks_start_on_the_setting() {
        let tuesday: Date = "2026-02-10".parse().unwrap();
        assert_eq!(week_start(tuesday, 1).to_string(), "2026-02-09");
        assert_eq!(week_start(tuesday, 0).to_string(), "2026-02-08");
        assert_eq!(week_start(tuesday, 2).to_string(), "2026-02-10");
        assert_eq!(week_start(tuesday, 3).to_string(), "2026-02-04");
    }

    #[test]
    fn ranges_are_checked() {
        assert!(range("2026-02-01", "2026-04-03", 62).is_ok());
        assert!(range("2026-02-01", "2026-04-04", 62).is_err());
        assert!(range("2026-02-02", "2026-02-01", 62).is_err());
        assert!(range("2026-02-30", "2026-03-01", 62).is_err());
    }
}
