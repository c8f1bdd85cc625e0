//! Pay periods: weekly, biweekly or monthly, anchored by the org setting
//! `timesheets.period_start` (a date: the first day of one period; for monthly periods its day
//! of the month, moved to a short month's last day).

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PayPeriodKind)]
pub enum Kind {
    Weekly,
    Biweekly,
    Monthly,
}

impl Kind {
    pub fn parse(text: &str) -> Option<Kind> {
        match text {
            "weekly" => Some(Kind::Weekly),
            "biweekly" => Some(Kind::Biweekly),
            "monthly" => Some(Kind::Monthly),
            _ => None,
        }
    }
}

/// One pay period: local dates, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub kind: Kind,
    pub start: Date,
    pub end: Date,
}

/// `day` of the month of `year`/`month`, or the month's last day when it is shorter.
fn day_in_month(year: i16, month: i8, day: i8) -> Date {
    let first = Date::new(year, month, 1).unwrap_or_default();
    first.checked_add((i64::from(day.min(first.days_in_month())) - 1).days()).unwrap_or(first)
}

fn month_after(date: Date, months: i64) -> (i16, i8) {
    let index = i64::from(date.year()) * 12 + i64::from(date.month() - 1) + months;
    ((index.div_euclid(12)) as i16, (index.rem_euclid(12) + 1) as i8)
}

impl Period {
    /// The period holding `date`.
    pub fn holding(kind: Kind, anchor: Date, date: Date) -> Period {
        match kind {
            Kind::Weekly | Kind::Biweekly => {
                let length: i64 = if kind == Kind::Weekly { 7 } else { 14 };
                let since = (date - anchor).get_days() as i64;
                let start = anchor.checked_add((since.div_euclid(length) * length).days()).unwrap_or(date);
                Period { kind, start, end: start.checked_add((length - 1).days()).unwrap_or(start) }
            }
            Kind::Monthly => {
                let this = day_in_month(date.year(), date.month(), anchor.day());
                let start = if this <= date {
                    this
                } else {
                    let (y, m) = month_after(date, -1);
                    day_in_month(y, m, anchor.day())
                };
                let (y, m) = month_after(start, 1);
                let next = day_in_month(y, m, anchor.day());
                Period { kind, start, end: next.yesterday().unwrap_or(next) }
            }
        }
    }

    pub fn days(&self) -> impl Iterator<Item = Date> + '_ {
        let count = (self.end - self.start).get_days() as i64 + 1;
        (0..count).filter_map(|i| self.start.checked_add(i.days()).ok())
    }

    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn period(kind: Kind, anchor: &str, date: &str) -> (String, String) {
        let p = Period::holding(kind, d(anchor), d(date));
        (p.start.to_string(), p.end.to_string())
    }

    #[test]
    fn weekly_and_biweekly_periods_count_from_the_anchor_both_ways() {
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(period(Kind::Weekly, "2026-01-05", "2026-02-11"), s("2026-02-09", "2026-02-15"));
        assert_eq!(period(Kind::Biweekly, "2026-01-05", "2026-02-11"), s("2026-02-02", "2026-02-15"));
        assert_eq!(period(Kind::Biweekly, "2026-01-05", "2026-02-16"), s("2026-02-16", "2026-03-01"));
        assert_eq!(period(Kind::Biweekly, "2026-01-05", "2026-01-04"), s("2025-12-22", "2026-01-04"), "before it");
        assert_eq!(period(Kind::Biweekly, "2026-01-05", "2026-01-05"), s("2026-01-05", "2026-01-18"));
    }

    #[test]
    fn monthly_periods_keep_the_anchors_day_and_shrink_in_short_months() {
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(period(Kind::Monthly, "2026-01-01", "2026-02-10"), s("2026-02-01", "2026-02-28"));
        assert_eq!(period(Kind::Monthly, "2026-01-15", "2026-02-10"), s("2026-01-15", "2026-02-14"));
        assert_eq!(period(Kind::Monthly, "2026-01-15", "2026-02-15"), s("2026-02-15", "2026-03-14"));
        assert_eq!(period(Kind::Monthly, "2025-12-31", "2026-02-10"), s("2026-01-31", "2026-02-27"));
        assert_eq!(period(Kind::Monthly, "2025-12-31", "2026-02-28"), s("2026-02-28", "2026-03-30"));
        assert_eq!(period(Kind::Monthly, "2026-01-01", "2026-12-31"), s("2026-12-01", "2026-12-31"));
        assert_eq!(period(Kind::Monthly, "2026-01-01", "2027-01-01"), s("2027-01-01", "2027-01-31"));
    }
}
