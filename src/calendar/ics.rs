//! The iCalendar text of a feed (RFC 5545), through the `icalendar` crate, which folds lines
//! and escapes text. Every time is UTC (`Z`); an all-day time off is a `DATE` range with the
//! day after its last as the (exclusive) end.

use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};

/// One event of a feed.
pub struct Item {
    /// Stable across fetches: `shift-<id>`, `open-<id>`, `timeoff-<id>`.
    pub uid: String,
    pub sequence: u32,
    pub summary: String,
    pub description: Option<String>,
    pub location: Option<String>,
    pub when: When,
    pub status: Status,
    /// UTC seconds of the last change.
    pub modified: i64,
}

pub enum When {
    /// UTC seconds.
    Timed { start: i64, end: i64 },
    /// Local dates, the end inclusive.
    Days { first: jiff::civil::Date, last: jiff::civil::Date },
}

#[derive(Clone, Copy)]
pub enum Status {
    Confirmed,
    /// An open shift one may claim.
    Tentative,
    /// Deleted or cancelled: calendars remove it.
    Cancelled,
}

/// `20260210T090000Z`.
pub fn utc(seconds: i64) -> String {
    let ts = jiff::Timestamp::from_second(seconds).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    ts.strftime("%Y%m%dT%H%M%SZ").to_string()
}

fn date(d: jiff::civil::Date) -> String {
    d.strftime("%Y%m%d").to_string()
}

pub fn calendar(name: &str, items: &[Item], now: i64) -> String {
    let mut cal = Calendar::new();
    cal.name(name);
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    // Ask calendar apps to fetch again within the hour.
    cal.append_property(Property::new("REFRESH-INTERVAL", "PT1H").add_parameter("VALUE", "DURATION").done());
    cal.append_property(Property::new("X-PUBLISHED-TTL", "PT1H"));
    for item in items {
        let mut event = Event::new();
        event.uid(&format!("{}@staffroom", item.uid));
        event.add_property("DTSTAMP", utc(now));
        event.add_property("LAST-MODIFIED", utc(item.modified));
        event.sequence(item.sequence);
        event.summary(&item.summary);
        if let Some(d) = &item.description {
            event.description(d);
        }
        if let Some(l) = &item.location {
            event.location(l);
        }
        match item.when {
            When::Timed { start, end } => {
                event.add_property("DTSTART", utc(start));
                event.add_property("DTEND", utc(end));
            }
            When::Days { first, last } => {
                let after = last.tomorrow().unwrap_or(last);
                event.append_property(Property::new("DTSTART", date(first)).add_parameter("VALUE", "DATE").done());
                event.append_property(Property::new("DTEND", date(after)).add_parameter("VALUE", "DATE").done());
            }
        }
        match item.status {
            Status::Confirmed => event.status(EventStatus::Confirmed),
            Status::Tentative => event.status(EventStatus::Tentative).add_property("TRANSP", "TRANSPARENT"),
            Status::Cancelled => event.status(EventStatus::Cancelled),
        };
        cal.push(event.done());
    }
    cal.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_long_lines_folded() {
        let item = Item {
            uid: "shift-1".into(),
            sequence: 3,
            summary: "Front desk, colour; cuts".into(),
            description: Some(format!("Line one\nline two {}", "x".repeat(120))),
            location: None,
            when: When::Timed { start: 1_770_714_000, end: 1_770_742_800 },
            status: Status::Cancelled,
            modified: 1_770_714_000,
        };
        let text = calendar("Shifts", &[item], 1_770_714_000);
        assert!(text.contains("SUMMARY:Front desk\\, colour\\; cuts\r\n"), "{text}");
        assert!(text.contains("DTSTART:20260210T090000Z\r\n"));
        assert!(text.contains("SEQUENCE:3\r\n") && text.contains("STATUS:CANCELLED\r\n"));
        assert!(text.lines().all(|l| l.len() <= 75), "folded at 75 octets");
        assert!(text.contains("UID:shift-1@staffroom\r\n"));
    }
}
