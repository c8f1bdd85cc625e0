//! Organization settings (seed 001): a fixed catalog of typed keys in categories; a tenant
//! stores only what it changed, everything else reads as the default.

use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::http::{ApiError, Msg};

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Bool,
    /// Whole number in an inclusive range.
    Int(i64, i64),
    /// One of these strings.
    Choice(&'static [&'static str]),
    /// `HH:mm`.
    Time,
    /// Free text up to this many characters.
    Text(usize),
    /// `YYYY-MM-DD`.
    Date,
}

pub struct Setting {
    pub key: &'static str,
    pub category: &'static str,
    pub kind: Kind,
    pub default: fn() -> Value,
    pub description: &'static str,
}

pub const CATALOG: &[Setting] = &[
    Setting {
        key: "general.date_format",
        category: "general",
        kind: Kind::Choice(&["dd-MM-yyyy", "yyyy-MM-dd", "MM/dd/yyyy"]),
        default: || json!("dd-MM-yyyy"),
        description: "How dates are shown",
    },
    Setting {
        key: "general.time_format",
        category: "general",
        kind: Kind::Choice(&["HH:mm", "h:mm a"]),
        default: || json!("HH:mm"),
        description: "How times are shown (24-hour or 12-hour clock)",
    },
    Setting {
        key: "general.default_locale",
        category: "general",
        kind: Kind::Choice(&["en", "nl"]),
        default: || json!("nl"),
        description: "Language of new accounts and mails",
    },
    Setting {
        key: "general.currency",
        category: "general",
        kind: Kind::Choice(&[
            "EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RON", "AUD", "CAD", "NZD", "ZAR",
        ]),
        default: || json!("EUR"),
        description: "Currency of pay rates and labor cost",
    },
    Setting {
        key: "general.contact_text",
        category: "general",
        kind: Kind::Text(500),
        default: || json!(""),
        description: "Shown to staff on the home page",
    },
    Setting {
        key: "schedule.week_starts_on",
        category: "schedule",
        kind: Kind::Int(0, 6),
        default: || json!(1),
        description: "First day of the week, 0 = Sunday",
    },
    Setting {
        key: "schedule.min_rest_hours",
        category: "schedule",
        kind: Kind::Int(0, 24),
        default: || json!(11),
        description: "Warn when shifts leave less rest than this",
    },
    Setting {
        key: "schedule.publish_notice_days",
        category: "schedule",
        kind: Kind::Int(0, 60),
        default: || json!(14),
        description: "Publish schedules this many days ahead",
    },
    Setting {
        key: "clock.rounding_minutes",
        category: "clock",
        kind: Kind::Int(0, 30),
        default: || json!(0),
        description: "Round punches to this many minutes (0 = exact)",
    },
    Setting {
        key: "clock.allow_early_minutes",
        category: "clock",
        kind: Kind::Int(0, 120),
        default: || json!(15),
        description: "How early before a shift staff may clock in",
    },
    Setting {
        key: "timesheets.period",
        category: "timesheets",
        kind: Kind::Choice(&["weekly", "biweekly", "monthly"]),
        default: || json!("biweekly"),
        description: "Pay period of timesheets",
    },
    Setting {
        key: "timesheets.period_start",
        category: "timesheets",
        kind: Kind::Date,
        default: || json!(crate::timesheets::sheet::DEFAULT_ANCHOR),
        description: "First day of one pay period; the others follow from it (monthly: its day of the month)",
    },
    Setting {
        key: "timesheets.daily_overtime_minutes",
        category: "timesheets",
        kind: Kind::Int(0, 1440),
        default: || json!(0),
        description: "Minutes a day after which time is overtime (0 = none)",
    },
    Setting {
        key: "timesheets.weekly_overtime_minutes",
        category: "timesheets",
        kind: Kind::Int(0, 10080),
        default: || json!(2400),
        description: "Minutes a week after which time is overtime (0 = none)",
    },
    Setting {
        key: "chat.enabled",
        category: "chat",
        kind: Kind::Bool,
        default: || json!(true),
        description: "Team chat is on",
    },
    Setting {
        key: "notifications.quiet_hours_start",
        category: "notifications",
        kind: Kind::Time,
        default: || json!("22:00"),
        description: "No push notifications from",
    },
    Setting {
        key: "notifications.quiet_hours_end",
        category: "notifications",
        kind: Kind::Time,
        default: || json!("07:00"),
        description: "No push notifications until",
    },
];

pub fn find(key: &str) -> Option<&'static Setting> {
    CATALOG.iter().find(|s| s.key == key)
}

/// The tenant's language for new accounts and their mails (`general.default_locale`).
pub fn default_lang(
    c: &rusqlite::Connection,
    tenant: &crate::ids::TenantId,
) -> crate::http::ApiResult<crate::http::Lang> {
    let stored = super::store::stored_settings(c, tenant)?;
    let value = stored.get("general.default_locale").map(|(v, _)| v.clone()).unwrap_or_else(|| json!("nl"));
    Ok(crate::http::Lang::from_code(value.as_str().unwrap_or("nl")))
}

/// A setting with its current value.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SettingView {
    pub key: &'static str,
    pub category: &'static str,
    /// `boolean`, `integer`, `choice`, `time`, `text`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub value: Value,
    pub default: Value,
    /// For `choice`: the allowed values; for `integer`: `[min, max]`.
    pub allowed: Option<Value>,
    pub description: &'static str,
    /// Null while the default applies.
    pub updated_at: Option<String>,
}

impl Setting {
    pub fn view(&'static self, stored: Option<(Value, String)>) -> SettingView {
        let (kind, allowed) = match self.kind {
            Kind::Bool => ("boolean", None),
            Kind::Int(min, max) => ("integer", Some(json!([min, max]))),
            Kind::Choice(values) => ("choice", Some(json!(values))),
            Kind::Time => ("time", None),
            Kind::Text(_) => ("text", None),
            Kind::Date => ("date", None),
        };
        let (value, updated_at) = match stored {
            Some((value, at)) => (value, Some(at)),
            None => ((self.default)(), None),
        };
        SettingView {
            key: self.key,
            category: self.category,
            kind,
            value,
            default: (self.default)(),
            allowed,
            description: self.description,
            updated_at,
        }
    }

    /// Checks a new value against the setting's type.
    pub fn validate(&self, value: &Value) -> Result<(), ApiError> {
        let ok = match self.kind {
            Kind::Bool => value.is_boolean(),
            Kind::Int(min, max) => value.as_i64().is_some_and(|n| (min..=max).contains(&n)),
            Kind::Choice(values) => value.as_str().is_some_and(|v| values.contains(&v)),
            Kind::Time => value.as_str().and_then(crate::orgs::model::parse_hhmm).is_some(),
            Kind::Text(max) => value.as_str().is_some_and(|t| t.chars().count() <= max),
            Kind::Date => value.as_str().and_then(crate::orgs::model::parse_date).is_some(),
        };
        if ok { Ok(()) } else { Err(ApiError::validation("value", Msg::FieldInvalid)) }
    }
}
