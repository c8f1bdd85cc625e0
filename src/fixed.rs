//! Short texts of one fixed length — a local date, a clock time, a timestamp — held inline, as
//! the ids are (src/ids.rs): a week of shifts carries seven of them a row, and a heap
//! allocation (and free) for each was a sixth of the week list's time.

use std::fmt;
use std::ops::Deref;

use jiff::civil::{Date, Time};

/// Exactly `N` ASCII bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fixed<const N: usize>([u8; N]);

/// A local date, `yyyy-MM-dd`.
pub type DateText = Fixed<10>;
/// A local clock time, `HH:mm`.
pub type TimeText = Fixed<5>;
/// A stored instant, `yyyy-MM-ddTHH:mm:ss.sssZ` (`crate::clock::format_ts`).
pub type StampText = Fixed<24>;
/// A whole-second UTC instant in RFC 3339, `yyyy-MM-ddTHH:mm:ssZ`.
pub type SecondText = Fixed<20>;

impl<const N: usize> Fixed<N> {
    /// The text if it is exactly `N` bytes long and ASCII.
    pub fn new(text: &str) -> Option<Self> {
        let bytes: [u8; N] = text.as_bytes().try_into().ok()?;
        bytes.is_ascii().then_some(Self(bytes))
    }

    pub fn as_str(&self) -> &str {
        // Always ASCII: checked by `new` and `column_result`, or written as digits below.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// Writes `value` as `width` decimal digits at `at`.
fn digits(out: &mut [u8], at: usize, width: usize, value: u32) {
    let mut v = value;
    for i in (at..at + width).rev() {
        out[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

fn put_date(out: &mut [u8], date: Date) {
    // A date parsed from ten characters has a year of four digits; arithmetic stays in 0..=9999.
    digits(out, 0, 4, date.year().clamp(0, 9999) as u32);
    out[4] = b'-';
    digits(out, 5, 2, date.month() as u32);
    out[7] = b'-';
    digits(out, 8, 2, date.day() as u32);
}

/// The number the digits `text` spell; none if one is not a digit.
fn number(text: &[u8]) -> Option<i16> {
    text.iter().try_fold(0i16, |n, b| b.is_ascii_digit().then(|| n * 10 + i16::from(b - b'0')))
}

impl DateText {
    pub fn of(date: Date) -> Self {
        let mut out = [0u8; 10];
        put_date(&mut out, date);
        Self(out)
    }

    /// The date it spells, read without jiff's general parser (the conflict engine reads
    /// one per shift); none unless `yyyy-MM-dd` of a real day.
    pub fn date(&self) -> Option<Date> {
        let b = &self.0;
        if b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Date::new(number(&b[0..4])?, number(&b[5..7])? as i8, number(&b[8..10])? as i8).ok()
    }
}

impl TimeText {
    pub fn of(time: Time) -> Self {
        let mut out = *b"00:00";
        digits(&mut out, 0, 2, time.hour() as u32);
        digits(&mut out, 3, 2, time.minute() as u32);
        Self(out)
    }
}

impl SecondText {
    /// UTC seconds since the epoch; outside jiff's range (never a shift's), the epoch.
    pub fn utc(seconds: i64) -> Self {
        let ts = jiff::Timestamp::from_second(seconds).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let at = jiff::tz::Offset::UTC.to_datetime(ts);
        let mut out = *b"0000-00-00T00:00:00Z";
        put_date(&mut out, at.date());
        digits(&mut out, 11, 2, at.hour() as u32);
        digits(&mut out, 14, 2, at.minute() as u32);
        digits(&mut out, 17, 2, at.second() as u32);
        Self(out)
    }
}

impl<const N: usize> Deref for Fixed<N> {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl<const N: usize> PartialEq<str> for Fixed<N> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl<const N: usize> PartialEq<&str> for Fixed<N> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl<const N: usize> fmt::Display for Fixed<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<const N: usize> fmt::Debug for Fixed<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<const N: usize> serde::Serialize for Fixed<N> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de, const N: usize> serde::Deserialize<'de> for Fixed<N> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::new(&text).ok_or_else(|| serde::de::Error::custom(format!("expected {N} characters")))
    }
}

impl<const N: usize> rusqlite::ToSql for Fixed<N> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::Borrowed(rusqlite::types::ValueRef::Text(&self.0)))
    }
}

impl<const N: usize> rusqlite::types::FromSql for Fixed<N> {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let bytes: [u8; N] = value.as_bytes()?.try_into().map_err(|_| rusqlite::types::FromSqlError::InvalidType)?;
        if !bytes.is_ascii() {
            return Err(rusqlite::types::FromSqlError::InvalidType);
        }
        Ok(Self(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_dates_times_and_instants_as_jiff_does() {
        let date = jiff::civil::date(2026, 3, 29);
        assert_eq!(DateText::of(date).as_str(), date.to_string());
        assert_eq!(TimeText::of(jiff::civil::time(7, 5, 0, 0)).as_str(), "07:05");
        for seconds in [0, 1_774_746_000, 1_774_746_059, 4_102_444_799] {
            let ts = jiff::Timestamp::from_second(seconds).unwrap();
            assert_eq!(SecondText::utc(seconds).as_str(), ts.to_string());
        }
    }

    #[test]
    fn reads_dates_back() {
        for text in ["2026-12-07", "2028-02-29", "0001-01-01", "9999-12-31"] {
            let date = DateText::new(text).unwrap().date().unwrap();
            assert_eq!(DateText::of(date).as_str(), text);
            assert_eq!(Some(date), crate::orgs::model::parse_date(text));
        }
        for text in ["2027-02-29", "2026-13-01", "2026-12-00", "2026/12/07", "2026-1a-07", "+026-12-07"] {
            assert_eq!(DateText::new(text).unwrap().date(), None, "{text}");
        }
    }

    #[test]
    fn takes_only_texts_of_its_length() {
        assert!(DateText::new("2026-12-07").is_some());
        assert!(DateText::new("2026-12-7").is_none());
        assert!(TimeText::new("07:000").is_none());
        assert!(TimeText::new("07:é").is_none());
        let back: DateText = serde_json::from_str("\"2026-12-07\"").unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), "\"2026-12-07\"");
        assert!(serde_json::from_str::<TimeText>("\"7:00\"").is_err());
    }
}
