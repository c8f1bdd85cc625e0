//! Do Not Disturb, decided: whether a notification's e-mail goes now or waits, and until when.
//! Pure: the person's settings, zone and published shifts come in, an instant goes out.
//!
//! Two kinds of quiet time: the daily window (22:00 → 07:00 in a zone; it may pass midnight),
//! and "quiet outside my shifts" — any time not within a published shift or the lead time
//! before one. What the window holds goes when it ends; what the shifts' quiet holds goes at
//! the next local 08:00 or at the lead time before the next shift, whichever comes first. With
//! both, the later of the two ends. A critical notification passes both.

use jiff::civil::Time;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan as _};

use super::model::Dnd;

/// How far ahead the shifts' quiet looks for the next shift.
pub const LOOKAHEAD_DAYS: i64 = 14;
/// Held back by the shifts' quiet, a message goes at the latest at this local time.
const MORNING: Time = Time::constant(8, 0, 0, 0);

pub fn parse_time(text: &str) -> Option<Time> {
    if text.len() != 5 || text.as_bytes()[2] != b':' {
        return None;
    }
    let (h, m) = (text[..2].parse::<i8>().ok()?, text[3..].parse::<i8>().ok()?);
    Time::new(h, m, 0, 0).ok()
}

/// The first instant after `now` whose local time in `zone` is `at`.
pub fn next_local(zone: &TimeZone, now: Timestamp, at: Time) -> Timestamp {
    let today = now.to_zoned(zone.clone()).date();
    for days in 0..3 {
        let Ok(day) = today.checked_add(days.days()) else { break };
        let candidate = crate::schedules::time::instant(zone, day, at);
        if candidate > now {
            return candidate;
        }
    }
    now + SignedDuration::from_hours(24)
}

/// When the daily window holds `now`, the instant it ends.
fn window_end(dnd: &Dnd, zone: &TimeZone, now: Timestamp) -> Option<Timestamp> {
    let (start, end) = (parse_time(&dnd.start_time)?, parse_time(&dnd.end_time)?);
    if start == end {
        return None;
    }
    let local = now.to_zoned(zone.clone()).time();
    let inside = if start < end { local >= start && local < end } else { local >= start || local < end };
    inside.then(|| next_local(zone, now, end))
}

/// When `now` is outside every published shift (and the lead time before it), the instant the
/// quiet ends for what it holds: the next local morning or the lead time before the next shift.
fn shifts_end(dnd: &Dnd, zone: &TimeZone, shifts: &[(i64, i64)], now: Timestamp) -> Option<Timestamp> {
    let lead = dnd.lead_minutes.clamp(0, 720) * 60;
    let t = now.as_second();
    if shifts.iter().any(|&(start, end)| t >= start - lead && t < end) {
        return None;
    }
    let morning = next_local(zone, now, MORNING);
    let next_shift = shifts
        .iter()
        .map(|&(start, _)| start - lead)
        .filter(|&s| s > t)
        .min()
        .and_then(|s| Timestamp::from_second(s).ok());
    Some(next_shift.map_or(morning, |s| s.min(morning)))
}

/// `None`: deliver now. `Some(t)`: hold the e-mail until `t`.
pub fn release_at(
    dnd: &Dnd,
    zone: &TimeZone,
    shifts: &[(i64, i64)],
    critical: bool,
    now: Timestamp,
) -> Option<Timestamp> {
    if critical || !dnd.enabled {
        return None;
    }
    let window = window_end(dnd, zone, now);
    let outside = if dnd.quiet_outside_shifts { shifts_end(dnd, zone, shifts, now) } else { None };
    match (window, outside) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dnd(start: &str, end: &str, quiet: bool) -> Dnd {
        Dnd {
            enabled: true,
            start_time: start.into(),
            end_time: end.into(),
            timezone: "Europe/Amsterdam".into(),
            quiet_outside_shifts: quiet,
            lead_minutes: 60,
        }
    }

    fn ts(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn ams() -> TimeZone {
        TimeZone::get("Europe/Amsterdam").unwrap()
    }

    #[test]
    fn a_window_over_midnight_holds_until_its_end() {
        let d = dnd("22:00", "07:00", false);
        // 03:00 local (UTC+1 in February) → held until 07:00 local.
        assert_eq!(release_at(&d, &ams(), &[], false, ts("2026-02-10T02:00:00Z")), Some(ts("2026-02-10T06:00:00Z")));
        // 23:30 local → until 07:00 the next morning.
        assert_eq!(release_at(&d, &ams(), &[], false, ts("2026-02-10T22:30:00Z")), Some(ts("2026-02-11T06:00:00Z")));
        // 12:00 local: outside the window.
        assert_eq!(release_at(&d, &ams(), &[], false, ts("2026-02-10T11:00:00Z")), None);
    }

    #[test]
    fn a_daytime_window_and_an_empty_one() {
        let d = dnd("12:00", "13:00", false);
        assert_eq!(release_at(&d, &ams(), &[], false, ts("2026-02-10T11:30:00Z")), Some(ts("2026-02-10T12:00:00Z")));
        assert_eq!(release_at(&d, &ams(), &[], false, ts("2026-02-10T12:00:00Z")), None, "the end is outside");
        assert_eq!(release_at(&dnd("09:00", "09:00", false), &ams(), &[], false, ts("2026-02-10T08:30:00Z")), None);
    }

    #[test]
    fn critical_and_disabled_pass() {
        let d = dnd("22:00", "07:00", true);
        assert_eq!(release_at(&d, &ams(), &[], true, ts("2026-02-10T02:00:00Z")), None);
        let off = Dnd { enabled: false, ..d };
        assert_eq!(release_at(&off, &ams(), &[], false, ts("2026-02-10T02:00:00Z")), None);
    }

    #[test]
    fn outside_shifts_holds_until_morning_or_the_lead_before_the_next_shift() {
        let d = dnd("00:00", "00:00", true);
        // A shift 2026-02-10 10:00–18:00 local = 09:00–17:00 UTC.
        let shift = [(ts("2026-02-10T09:00:00Z").as_second(), ts("2026-02-10T17:00:00Z").as_second())];
        // 03:00 local: quiet; 08:00 local comes before 09:00 (the lead before 10:00).
        assert_eq!(release_at(&d, &ams(), &shift, false, ts("2026-02-10T02:00:00Z")), Some(ts("2026-02-10T07:00:00Z")));
        // 08:30 local: quiet; the lead before the shift (09:00 local) comes before tomorrow 08:00.
        assert_eq!(release_at(&d, &ams(), &shift, false, ts("2026-02-10T07:30:00Z")), Some(ts("2026-02-10T08:00:00Z")));
        // 09:30 local: within the lead time; 15:00 local: on the shift.
        assert_eq!(release_at(&d, &ams(), &shift, false, ts("2026-02-10T08:30:00Z")), None);
        assert_eq!(release_at(&d, &ams(), &shift, false, ts("2026-02-10T14:00:00Z")), None);
        // 20:00 local after the shift, none tomorrow: tomorrow 08:00.
        assert_eq!(release_at(&d, &ams(), &shift, false, ts("2026-02-10T19:00:00Z")), Some(ts("2026-02-11T07:00:00Z")));
    }

    #[test]
    fn with_both_the_later_end_counts() {
        let d = dnd("22:00", "09:30", true);
        // 03:00 local: the window ends 09:30, the shifts' quiet at 08:00: 09:30 it is.
        assert_eq!(release_at(&d, &ams(), &[], false, ts("2026-02-10T02:00:00Z")), Some(ts("2026-02-10T08:30:00Z")));
    }

    #[test]
    fn times_are_hh_mm() {
        assert_eq!(parse_time("07:05"), Some(Time::constant(7, 5, 0, 0)));
        for bad in ["7:05", "24:00", "07:60", "0705", "07:5a", ""] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }
}
