use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::http::{ApiError, ApiResult, Msg};
use crate::ids::JobId;

/// A job of the job list. `hourlyRate` is shown only to holders of `schedules.write`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    pub id: JobId,
    pub name: String,
    pub code: Option<String>,
    pub description: Option<String>,
    /// `#rrggbb`: the colour of its shifts on the board.
    pub color: String,
    /// Minor units of the workplace's currency per hour; absent for callers without
    /// `schedules.write`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hourly_rate: Option<i64>,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewJob {
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: String,
    /// A short code for tight cells (`FD`).
    #[schema(max_length = 20, pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$")]
    pub code: Option<String>,
    #[schema(max_length = 1000, pattern = "^[^\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f]*$")]
    pub description: Option<String>,
    /// `#rrggbb`; a colour of the palette when left out.
    #[schema(pattern = "^#[0-9a-fA-F]{6}$")]
    pub color: Option<String>,
    /// Minor units per hour.
    #[schema(minimum = 0, maximum = 100000000)]
    pub hourly_rate: Option<i64>,
    pub active: Option<bool>,
}

/// A partial update; `null` clears `code`, `description` or `hourlyRate`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JobUpdate {
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>, max_length = 20, pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$")]
    pub code: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>, max_length = 1000, pattern = "^[^\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f]*$")]
    pub description: Option<Option<String>>,
    #[schema(pattern = "^#[0-9a-fA-F]{6}$")]
    pub color: Option<String>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 100000000)]
    pub hourly_rate: Option<Option<i64>>,
    pub active: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BulkDelete {
    /// Every one is deleted, or none (one unknown id: 404; one in use: 409).
    #[schema(min_items = 1, max_items = 100)]
    pub ids: Vec<JobId>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BulkDeleted {
    pub deleted: usize,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct JobQuery {
    #[serde(default, deserialize_with = "crate::http::page::page_number")]
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    #[serde(default, deserialize_with = "crate::http::page::page_number")]
    #[param(minimum = 1, maximum = 2147483647)]
    pub limit: Option<u32>,
    /// Only active (`true`) or only inactive (`false`) jobs.
    pub active: Option<bool>,
    /// Part of the name or code.
    #[param(max_length = 100)]
    pub q: Option<String>,
}

/// The colours new jobs take in turn when none is given.
pub const PALETTE: &[&str] =
    &["#3b82f6", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#ec4899", "#14b8a6", "#f97316", "#6366f1", "#84cc16"];

/// `#rrggbb`, stored lower-case.
pub fn parse_color(field: &str, text: &str) -> ApiResult<String> {
    let ok = text.len() == 7 && text.starts_with('#') && text[1..].chars().all(|c| c.is_ascii_hexdigit());
    if ok {
        Ok(text.to_ascii_lowercase())
    } else {
        Err(ApiError::validation(field, crate::http::error::FieldProblem::with_detail(Msg::FieldInvalid, "#rrggbb")))
    }
}

pub const MAX_RATE: i64 = 100_000_000;

pub fn check_rate(field: &str, rate: Option<i64>) -> ApiResult<Option<i64>> {
    match rate {
        Some(r) if !(0..=MAX_RATE).contains(&r) => Err(ApiError::validation(field, Msg::FieldInvalid)),
        other => Ok(other),
    }
}
