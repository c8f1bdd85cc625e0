//! Roles, the permission catalog, the default permissions of each role, and the one check
//! every route goes through (`Member<P>` in auth/principal.rs). DESIGN §3.

pub mod model;
pub mod perm;
mod routes;
pub mod store;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use store::ensure_not_last_owner;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::catalog))
        .routes(routes!(routes::list, routes::create))
        .routes(routes!(routes::choices))
        .routes(routes!(routes::get, routes::update, routes::deactivate))
        .routes(routes!(routes::activate))
}

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

/// What a principal may do: their role's defaults, or a custom profile's codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grants {
    Role(Role),
    Profile(std::sync::Arc<Vec<String>>),
}

impl Grants {
    pub fn allows(&self, code: &str) -> bool {
        match self {
            Grants::Role(role) => role.allows(code),
            Grants::Profile(codes) => codes.iter().any(|c| c == code),
        }
    }

    pub fn codes(&self) -> Vec<String> {
        match self {
            Grants::Role(role) => role.default_permissions().iter().map(|c| c.to_string()).collect(),
            Grants::Profile(codes) => codes.as_ref().clone(),
        }
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
