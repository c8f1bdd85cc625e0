//! The payroll export: one row per entry of a period, as CSV (RFC 4180). A cell a spreadsheet
//! would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is
//! prefixed with `'`.

use std::collections::HashMap;
use std::fmt::Write as _;

use jiff::tz::TimeZone;

use super::model::Timesheet;
use crate::fixed::SecondText;

/// The columns, in order (the API document lists them with their meaning).
pub const COLUMNS: &[&str] = &[
    "period_start",
    "period_end",
    "user_id",
    "name",
    "date",
    "entry_id",
    "clock_in",
    "clock_out",
    "break_minutes",
    "worked_minutes",
    "worked_hours",
    "regular_minutes",
    "overtime_minutes",
    "overtime_hours",
    "job",
    "location",
    "shift_id",
    "edited",
    "status",
];

/// One cell: formula-safe, quoted when it holds a comma, a quote or a line break.
pub fn cell(text: &str) -> String {
    let mut safe = String::with_capacity(text.len() + 1);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        safe.push('\'');
    }
    safe.push_str(text);
    if safe.contains([',', '"', '\n', '\r']) { format!("\"{}\"", safe.replace('"', "\"\"")) } else { safe }
}

fn hours(minutes: i64) -> String {
    format!("{}.{:02}", minutes / 60, (minutes % 60) * 100 / 60)
}

/// An instant as local time with its offset, e.g. `2026-02-10T09:00:00+01:00`.
fn local(at: &SecondText, tz: &TimeZone) -> String {
    match at.as_str().parse::<jiff::Timestamp>() {
        Ok(ts) => ts.to_zoned(tz.clone()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        Err(_) => at.as_str().to_owned(),
    }
}

/// The whole file: the header and every entry of `sheets` (with each person's zone).
pub fn write(sheets: &[(Timesheet, TimeZone)], names: &HashMap<String, String>) -> String {
    let mut out = COLUMNS.join(",");
    out.push_str("\r\n");
    for (sheet, tz) in sheets {
        for e in &sheet.entries {
            let name_of = |id: Option<&str>| id.and_then(|i| names.get(i)).map(String::as_str).unwrap_or("");
            let regular = e.worked_minutes - e.overtime_minutes;
            let date = local(&e.clock_in_at, tz);
            let row = [
                sheet.period.start.clone(),
                sheet.period.end.clone(),
                sheet.user_id.to_string(),
                sheet.name.clone(),
                date.get(..10).unwrap_or("").to_owned(),
                e.id.to_string(),
                date,
                e.clock_out_at.as_ref().map(|o| local(o, tz)).unwrap_or_default(),
                e.break_minutes.to_string(),
                e.worked_minutes.to_string(),
                hours(e.worked_minutes),
                regular.to_string(),
                e.overtime_minutes.to_string(),
                hours(e.overtime_minutes),
                name_of(e.job_id.as_ref().map(|j| j.as_str())).to_owned(),
                name_of(e.location_id.as_ref().map(|l| l.as_str())).to_owned(),
                e.shift_id.as_ref().map(|s| s.to_string()).unwrap_or_default(),
                if e.edits.is_empty() { "no" } else { "yes" }.to_owned(),
                if e.open { "open".to_owned() } else { format!("{:?}", sheet.status).to_lowercase() },
            ];
            let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
            let _ = write!(out, "{}\r\n", cells.join(","));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_defused() {
        assert_eq!(cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(cell("+31 6"), "'+31 6");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Anna, front desk"), "\"Anna, front desk\"");
        assert_eq!(cell("Anna"), "Anna");
    }

    #[test]
    fn hours_have_two_decimals() {
        assert_eq!(hours(450), "7.50");
        assert_eq!(hours(20), "0.33");
        assert_eq!(hours(0), "0.00");
    }
}
