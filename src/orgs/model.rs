use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::http::Msg;
use crate::ids::{ClosureId, LocationId, OrganizationId};

/// Opening hours of one weekday. `dayOfWeek` 0 is Sunday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OpeningHours {
    /// 0 (Sunday) to 6 (Saturday).
    #[schema(minimum = 0, maximum = 6)]
    pub day_of_week: u8,
    /// `HH:mm`, local to the location's time zone; needed unless `isClosed`.
    #[schema(example = "09:00", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub open_time: Option<String>,
    /// `HH:mm`, after `openTime`; needed unless `isClosed`.
    #[schema(example = "17:00", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub close_time: Option<String>,
    #[serde(default)]
    pub is_closed: bool,
}

/// Checks a week of opening hours (each weekday at most once, times `HH:mm`, closing after
/// opening), telling `note` each problem by field (`openingHours[2].closeTime`).
pub fn check_opening_hours(hours: &[OpeningHours], note: &mut impl FnMut(&str, Msg)) {
    let mut seen = [false; 7];
    for (i, day) in hours.iter().enumerate() {
        let field = |name: &str| format!("openingHours[{i}].{name}");
        match seen.get_mut(day.day_of_week as usize) {
            None => note(&field("dayOfWeek"), Msg::FieldInvalid),
            Some(true) => note(&field("dayOfWeek"), Msg::FieldDuplicate),
            Some(slot) => *slot = true,
        }
        if day.is_closed {
            continue;
        }
        let open = day.open_time.as_deref().and_then(parse_hhmm);
        let close = day.close_time.as_deref().and_then(parse_hhmm);
        if open.is_none() {
            note(&field("openTime"), Msg::FieldTime);
        }
        if close.is_none() {
            note(&field("closeTime"), Msg::FieldTime);
        }
        if let (Some(open), Some(close)) = (open, close)
            && close <= open
        {
            note(&field("closeTime"), Msg::FieldCloseBeforeOpen);
        }
    }
}

/// An organization: the business (seed 000).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: OrganizationId,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A partial update of the business details; `null` clears an optional field.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrganizationUpdate {
    /// Also the workplace's name everyone sees.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: Option<String>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>, format = Email, max_length = 254)]
    pub email: Option<Option<String>>,
    /// Empty or `null` clears it.
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>, max_length = 50, pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$")]
    pub phone: Option<Option<String>>,
    /// May span lines; empty or `null` clears it.
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>, max_length = 500, pattern = "^[^\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f]*$")]
    pub address: Option<Option<String>>,
}

/// A location of the organization, with its time zone and weekly opening hours.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub id: LocationId,
    pub organization_id: OrganizationId,
    pub name: String,
    pub address: Option<String>,
    /// IANA time zone; shift times at this location are local to it.
    pub timezone: String,
    /// One entry per weekday, Sunday (0) first.
    pub opening_hours: Vec<OpeningHours>,
    /// Days the location is closed (holidays), dates inclusive.
    pub closures: Vec<Closure>,
    pub created_at: String,
    pub updated_at: String,
}

/// A partial update of a location.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LocationUpdate {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>, max_length = 500, pattern = "^[^\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f]*$")]
    pub address: Option<Option<String>>,
    /// IANA time zone, e.g. `Europe/Amsterdam`.
    #[schema(schema_with = crate::http::schema::timezone_or_unchanged)]
    pub timezone: Option<String>,
    /// The whole week: every weekday sent replaces its stored hours; days not sent stay.
    pub opening_hours: Option<Vec<OpeningHours>>,
    /// Replaces the list of closures.
    #[schema(max_items = 200)]
    pub closures: Option<Vec<NewClosure>>,
}

/// A new location of the organization.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewLocation {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: String,
    #[schema(max_length = 500, pattern = "^[^\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f]*$")]
    pub address: Option<String>,
    /// IANA time zone; the first location's when left out.
    #[schema(schema_with = crate::http::schema::timezone_or_unchanged)]
    pub timezone: Option<String>,
    /// Weekdays not sent are closed.
    pub opening_hours: Option<Vec<OpeningHours>>,
    #[schema(max_items = 200)]
    pub closures: Option<Vec<NewClosure>>,
}

/// A closure of a location: `from`..`to` inclusive.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Closure {
    pub id: ClosureId,
    /// `yyyy-MM-dd`.
    pub from: String,
    /// `yyyy-MM-dd`, on or after `from`.
    pub to: String,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewClosure {
    #[schema(format = Date)]
    pub from: String,
    #[schema(format = Date)]
    pub to: String,
    #[schema(max_length = 200, pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$")]
    pub note: Option<String>,
}

/// Checks closures (dates, order, at most a year and a half long) and gives them ids.
pub fn check_closures(closures: Vec<NewClosure>) -> crate::http::ApiResult<Vec<Closure>> {
    use crate::http::ApiError;
    if closures.len() > 200 {
        return Err(ApiError::validation("closures", Msg::FieldTooLong));
    }
    let mut out = Vec::with_capacity(closures.len());
    for (i, c) in closures.into_iter().enumerate() {
        let from =
            parse_date(&c.from).ok_or_else(|| ApiError::validation(format!("closures[{i}].from"), Msg::FieldDate))?;
        let to = parse_date(&c.to).ok_or_else(|| ApiError::validation(format!("closures[{i}].to"), Msg::FieldDate))?;
        if to < from {
            return Err(ApiError::validation(format!("closures[{i}]"), Msg::RangeBackwards));
        }
        let note = crate::http::text::optional(&format!("closures[{i}].note"), c.note, 200, false)?;
        out.push(Closure { id: ClosureId::generate(), from: from.to_string(), to: to.to_string(), note });
    }
    Ok(out)
}

/// Parses `yyyy-MM-dd`.
pub fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    if text.len() != 10 {
        return None;
    }
    text.parse::<jiff::civil::Date>().ok()
}

/// Parses `HH:mm` (24-hour) into minutes after midnight: two digits, a colon, two digits.
pub fn parse_hhmm(text: &str) -> Option<u16> {
    let &[h1, h2, b':', m1, m2] = text.as_bytes() else { return None };
    let digit = |b: u8| b.is_ascii_digit().then(|| u16::from(b - b'0'));
    let (h, m) = (digit(h1)? * 10 + digit(h2)?, digit(m1)? * 10 + digit(m2)?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}
