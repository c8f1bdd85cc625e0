//! The instance owner's view across tenants (seed 000): every user and every tenant. Only a
//! user with `superAdmin` (the owner created by the first-run setup) gets in.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::Principal;
use crate::http::page::{Page, PageQuery};
use crate::http::{ApiError, ApiOk, ApiQuery, ApiResult, Envelope};
use crate::ids::{TenantId, UserId};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(users)).routes(routes!(tenants))
}

/// A signed-in super admin; everyone else gets 403.
pub struct SuperAdmin(pub Principal);

impl FromRequestParts<AppState> for SuperAdmin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let principal = Principal::from_request_parts(parts, app).await?;
        if principal.super_admin { Ok(SuperAdmin(principal)) } else { Err(ApiError::Forbidden) }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InstanceUser {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub role: crate::access::Role,
    pub status: String,
    pub tenant_id: TenantId,
    pub tenant_slug: String,
    pub created_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InstanceTenant {
    pub id: TenantId,
    pub name: String,
    pub slug: String,
    pub users: i64,
    pub active_users: i64,
    pub created_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Page number, from 1.
    #[serde(default, deserialize_with = "crate::http::page::page_number")]
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    /// Items per page: default 20, at most 100 (larger values are clamped).
    #[serde(default, deserialize_with = "crate::http::page::page_number")]
    #[param(minimum = 1, maximum = 2147483647)]
    pub limit: Option<u32>,
    /// Part of a name, e-mail address or tenant slug.
    pub search: Option<String>,
}

fn pattern(search: &Option<String>) -> Option<String> {
    search.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(crate::db::like_pattern)
}

fn list_users(c: &Connection, search: Option<String>, page: &PageQuery) -> ApiResult<(Vec<InstanceUser>, u64)> {
    let filter = "(?1 IS NULL OR u.email_key LIKE ?1 ESCAPE '\\' OR lower(u.first_name || ' ' || u.last_name) LIKE ?1 ESCAPE '\\'
                   OR t.slug LIKE ?1 ESCAPE '\\')";
    let total: i64 = c
        .prepare_cached(&format!("SELECT count(*) FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE {filter}"))?
        .query_row([&search], |r| r.get(0))?;
    let mut stmt = c.prepare_cached(&format!(
        "SELECT u.id, u.email, u.first_name, u.last_name, u.role, u.status, u.tenant_id, t.slug, u.created_at
         FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE {filter}
         ORDER BY t.slug, lower(u.last_name), u.id LIMIT ?2 OFFSET ?3"
    ))?;
    let rows = stmt.query_map((&search, page.limit(), page.offset()), |r| {
        let (first, last): (String, String) = (r.get(2)?, r.get(3)?);
        Ok(InstanceUser {
            id: r.get(0)?,
            email: r.get(1)?,
            name: crate::users::model::full_name(&first, &last),
            role: r.get(4)?,
            status: r.get(5)?,
            tenant_id: r.get(6)?,
            tenant_slug: r.get(7)?,
            created_at: r.get(8)?,
        })
    })?;
    Ok((rows.collect::<Result<_, _>>()?, total as u64))
}

/// Every user of every tenant.
#[utoipa::path(get, path = "/api/v1/super-admin/users", tag = "super-admin", params(SearchQuery),
    responses((status = 200, body = Envelope<Page<InstanceUser>>), (status = 403, description = "not the instance owner")),
    security(("bearer" = [])))]
pub async fn users(
    State(app): State<AppState>,
    _: SuperAdmin,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> ApiResult<ApiOk<Page<InstanceUser>>> {
    let page = PageQuery { page: q.page, limit: q.limit };
    let search = pattern(&q.search);
    let (items, total) = app.db.read(move |c| list_users(c, search, &page)).await?;
    Ok(ApiOk(Page::new(items, total, &page)))
}

fn list_tenants(c: &Connection, search: Option<String>, page: &PageQuery) -> ApiResult<(Vec<InstanceTenant>, u64)> {
    let filter = "(?1 IS NULL OR t.slug LIKE ?1 ESCAPE '\\' OR lower(t.name) LIKE ?1 ESCAPE '\\')";
    let total: i64 = c
        .prepare_cached(&format!("SELECT count(*) FROM tenants t WHERE {filter}"))?
        .query_row([&search], |r| r.get(0))?;
    let mut stmt = c.prepare_cached(&format!(
        "SELECT t.id, t.name, t.slug, t.created_at,
                (SELECT count(*) FROM users u WHERE u.tenant_id = t.id),
                (SELECT count(*) FROM users u WHERE u.tenant_id = t.id AND u.status = 'active')
         FROM tenants t WHERE {filter} ORDER BY t.created_at, t.id LIMIT ?2 OFFSET ?3"
    ))?;
    let rows = stmt.query_map((&search, page.limit(), page.offset()), |r| {
        Ok(InstanceTenant {
            id: r.get(0)?,
            name: r.get(1)?,
            slug: r.get(2)?,
            created_at: r.get(3)?,
            users: r.get(4)?,
            active_users: r.get(5)?,
        })
    })?;
    Ok((rows.collect::<Result<_, _>>()?, total as u64))
}

/// Every tenant with its user counts.
#[utoipa::path(get, path = "/api/v1/super-admin/tenants", tag = "super-admin", params(SearchQuery),
    responses((status = 200, body = Envelope<Page<InstanceTenant>>), (status = 403, description = "not the instance owner")),
    security(("bearer" = [])))]
pub async fn tenants(
    State(app): State<AppState>,
    _: SuperAdmin,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> ApiResult<ApiOk<Page<InstanceTenant>>> {
    let page = PageQuery { page: q.page, limit: q.limit };
    let search = pattern(&q.search);
    let (items, total) = app.db.read(move |c| list_tenants(c, search, &page)).await?;
    Ok(ApiOk(Page::new(items, total, &page)))
}
