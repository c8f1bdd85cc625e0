//! Roles, the permission catalog, the default permissions of each role, and the one check
//! every route goes through (`Member<P>` in auth/principal.rs). DESIGN §3.

pub mod perm;
mod store;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use store::ensure_not_last_owner;

/// A user's role in their tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    TenantAdmin,
    Manager,
    User,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::TenantAdmin => "tenant_admin",
            Role::Manager => "manager",
            Role::User => "user",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "owner" => Some(Role::Owner),
            "tenant_admin" => Some(Role::TenantAdmin),
            "manager" => Some(Role::Manager),
            "user" => Some(Role::User),
            _ => None,
        }
    }

    /// The role's default permission profile.
    pub fn default_permissions(self) -> &'static [&'static str] {
        match self {
            Role::Owner => perm::ALL_CODES,
            Role::TenantAdmin => perm::TENANT_ADMIN,
            Role::Manager => perm::MANAGER,
            Role::User => perm::USER,
        }
    }

    pub fn allows(self, code: &str) -> bool {
        self.default_permissions().contains(&code)
    }
}

impl rusqlite::types::FromSql for Role {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let text = value.as_str()?;
        Role::parse(text).ok_or_else(|| rusqlite::types::FromSqlError::Other(format!("unknown role {text}").into()))
    }
}

impl rusqlite::ToSql for Role {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}
