use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Role;
use crate::ids::ProfileId;

/// A permission of the catalog.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PermissionView {
    /// The same as `code`: profiles list permissions by code.
    pub id: &'static str,
    pub code: &'static str,
    pub description: &'static str,
    /// Roles that hold it by default.
    pub roles: Vec<Role>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProfileView {
    pub id: ProfileId,
    pub name: String,
    pub description: String,
    /// `active` or `inactive`; users of an inactive profile fall back to their role's defaults.
    pub status: String,
    pub permissions: Vec<String>,
    pub user_count: i64,
    #[schema(read_only)]
    pub created_at: String,
    #[schema(read_only)]
    pub updated_at: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewProfile {
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: String,
    #[schema(max_length = 500)]
    pub description: Option<String>,
    /// Permission codes (`GET /api/v1/profiles/permissions`).
    #[schema(schema_with = crate::access::perm::permission_codes)]
    pub permissions: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProfileUpdate {
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: Option<String>,
    #[schema(max_length = 500)]
    pub description: Option<String>,
    #[schema(schema_with = crate::access::perm::permission_codes_or_null)]
    pub permissions: Option<Vec<String>>,
}

/// A profile as the user form offers it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProfileChoice {
    pub id: ProfileId,
    pub name: String,
    pub description: String,
}
