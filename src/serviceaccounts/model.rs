use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::ids::ServiceAccountId;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServiceAccountView {
    pub id: ServiceAccountId,
    pub name: String,
    /// The key's public part (`sr_<prefix>_…`), to recognise it.
    pub prefix: String,
    /// Permission codes the key may use on `/api/v1/sa/…`.
    pub scopes: Vec<String>,
    #[schema(read_only)]
    pub created_at: String,
    pub last_used_at: Option<String>,
    /// Set once revoked; the key no longer works.
    pub revoked_at: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewServiceAccount {
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: String,
    /// Permission codes; each must be one the creator holds.
    #[schema(schema_with = crate::access::perm::permission_codes)]
    pub scopes: Vec<String>,
}

/// The answer to creating a key: the key itself appears here once and never again.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedServiceAccount {
    #[serde(flatten)]
    pub account: ServiceAccountView,
    /// `sr_<prefix>_<secret>`: store it now, it is not shown again.
    pub key: String,
}
