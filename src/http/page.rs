//! List pagination (DESIGN §4): `?page=` from 1, `?limit=` default 20, max 100, larger values
//! clamped; answers `{"items", "total", "page", "limit"}`.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page number, from 1.
    #[serde(default, deserialize_with = "page_number")]
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    /// Items per page: default 20, at most 100 (larger values are clamped).
    #[serde(default, deserialize_with = "page_number")]
    #[param(minimum = 1, maximum = 2147483647)]
    pub limit: Option<u32>,
}

/// `page` and `limit` as the API document declares them: 1 to 2³¹−1.
pub fn page_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let n = <Option<u32> as Deserialize>::deserialize(d)?;
    match n {
        Some(0) => Err(serde::de::Error::custom("must be at least 1")),
        Some(n) if n > i32::MAX as u32 => Err(serde::de::Error::custom("must be at most 2147483647")),
        other => Ok(other),
    }
}

impl PageQuery {
    pub fn page(&self) -> u32 {
        self.page.unwrap_or(1).max(1)
    }

    pub fn limit(&self) -> u32 {
        self.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page() - 1) * i64::from(self.limit())
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u32,
    pub limit: u32,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: u64, query: &PageQuery) -> Page<T> {
        Page { items, total, page: query.page(), limit: query.limit() }
    }
}
