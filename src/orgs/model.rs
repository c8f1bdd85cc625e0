use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Opening hours of one weekday. `dayOfWeek` 0 is Sunday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OpeningHours {
    /// 0 (Sunday) to 6 (Saturday).
    #[schema(minimum = 0, maximum = 6)]
    pub day_of_week: u8,
    /// `HH:mm`, local to the location's time zone.
    #[schema(example = "09:00")]
    pub open_time: Option<String>,
    /// `HH:mm`, after `openTime`.
    #[schema(example = "17:00")]
    pub close_time: Option<String>,
    #[serde(default)]
    pub is_closed: bool,
}

/// Parses `HH:mm` (24-hour) into minutes after midnight.
pub fn parse_hhmm(text: &str) -> Option<u16> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}
