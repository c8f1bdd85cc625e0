use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::access::Role;
use crate::access::perm::{self, Permission as _};
use crate::auth::Principal;
use crate::ids::{JobId, LocationId, UserId};
use crate::users::model::UserStatus;

/// A member as stored, with every fact.
#[derive(Debug, Clone)]
pub struct Member {
    pub id: UserId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub role: Role,
    pub status: UserStatus,
    pub on_rota: bool,
    pub job_ids: Vec<JobId>,
    pub job_rates: BTreeMap<JobId, i64>,
    pub location_ids: Vec<LocationId>,
    pub hourly_rate: Option<i64>,
    pub max_hours_per_week: Option<i64>,
    pub min_rest_hours: Option<i64>,
    pub notes: Option<String>,
}

impl Member {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_string()
    }

    /// What `caller` may see: e-mail needs `users.read`; pay, notes and the hour limit need
    /// `schedules.write` (absent otherwise, not null).
    pub fn shown_to(self, caller: &Principal) -> MemberView {
        let planner = caller.allows(perm::SchedulesWrite::CODE);
        let name = self.name();
        MemberView {
            email: caller.allows(perm::UsersRead::CODE).then_some(self.email),
            hourly_rate: planner.then_some(self.hourly_rate),
            job_rates: planner.then_some(self.job_rates),
            max_hours_per_week: planner.then_some(self.max_hours_per_week),
            notes: planner.then_some(self.notes),
            id: self.id,
            name,
            first_name: self.first_name,
            last_name: self.last_name,
            role: self.role,
            status: self.status,
            on_rota: self.on_rota,
            job_ids: self.job_ids,
            location_ids: self.location_ids,
            min_rest_hours: self.min_rest_hours,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberView {
    pub id: UserId,
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    /// Only for holders of `users.read`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub role: Role,
    pub status: UserStatus,
    /// Whether the person is scheduled at all.
    pub on_rota: bool,
    /// The jobs they can work; none means any.
    pub job_ids: Vec<JobId>,
    /// Pay per job in minor units per hour; only for holders of `schedules.write`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<BTreeMap<String, i64>>)]
    pub job_rates: Option<BTreeMap<JobId, i64>>,
    pub location_ids: Vec<LocationId>,
    /// Minor units per hour; only for holders of `schedules.write`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<i64>)]
    pub hourly_rate: Option<Option<i64>>,
    /// Only for holders of `schedules.write`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<i64>)]
    pub max_hours_per_week: Option<Option<i64>>,
    /// The rest they need between shifts; the workplace's `schedule.min_rest_hours` when null.
    pub min_rest_hours: Option<i64>,
    /// Only for holders of `schedules.write`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
}

/// A partial update of the scheduling facts; `null` clears a number or the notes.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberUpdate {
    pub on_rota: Option<bool>,
    /// Replaces the list.
    #[schema(max_items = 200)]
    pub job_ids: Option<Vec<JobId>>,
    /// Replaces the map; every key must be one of `jobIds`.
    #[schema(schema_with = crate::http::schema::amounts_by_id)]
    pub job_rates: Option<BTreeMap<JobId, i64>>,
    #[schema(max_items = 200)]
    pub location_ids: Option<Vec<LocationId>>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 100000000)]
    pub hourly_rate: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 168)]
    pub max_hours_per_week: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 24)]
    pub min_rest_hours: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>, max_length = 2000, pattern = "^[^\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f]*$")]
    pub notes: Option<Option<String>>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MemberQuery {
    #[serde(default, deserialize_with = "crate::http::page::page_number")]
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    #[serde(default, deserialize_with = "crate::http::page::page_number")]
    #[param(minimum = 1, maximum = 2147483647)]
    pub limit: Option<u32>,
    /// Only people on (`true`) or off (`false`) the rota.
    pub on_rota: Option<bool>,
    /// Part of the name.
    #[param(max_length = 100)]
    pub q: Option<String>,
}
