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
    pub name: String,
    pub description: Option<String>,
    /// Permission codes (`GET /api/v1/profiles/permissions`).
    pub permissions: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProfileUpdate {
    pub name: Option<String>,
    pub description: Option<String>,
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
