use axum::extract::State;

use super::caller::{Scoped, ServiceCaller};
use super::model::{CreatedServiceAccount, NewServiceAccount, ServiceAccountView};
use super::store::{self, NewAccount};
use crate::access::perm;
use crate::audit;
use crate::auth::Member;
use crate::http::error::{FieldErrors, FieldProblem};
use crate::http::page::{Page, PageQuery};
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Created, Envelope, Msg};
use crate::ids::ServiceAccountId;
use crate::state::AppState;

const PREFIX_ALPHABET: &[u8; 32] = b"abcdefghjkmnpqrstvwxyz0123456789";

fn new_key() -> ApiResult<(String, String)> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::internal(format!("randomness: {e}")))?;
    let prefix: String = bytes.iter().map(|b| PREFIX_ALPHABET[(b & 31) as usize] as char).collect();
    let key = format!("sr_{prefix}_{}", crate::auth::tokens::random_token()?);
    Ok((prefix, key))
}

/// The tenant's API keys (the keys themselves are never shown again).
#[utoipa::path(get, path = "/api/v1/service-accounts", tag = "service-accounts", params(PageQuery),
    responses((status = 200, body = Envelope<Page<ServiceAccountView>>), (status = 403, description = "needs settings.manage")),
    security(("bearer" = [])))]
pub async fn list(
    State(app): State<AppState>,
    admin: Member<perm::SettingsManage>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> ApiResult<ApiOk<Page<ServiceAccountView>>> {
    let tenant = admin.tenant().clone();
    let (items, total) = app.db.read(move |c| store::list(c, &tenant, &page)).await?;
    Ok(ApiOk(Page::new(items, total, &page)))
}

/// Creates an API key with scopes; the answer holds the key once.
#[utoipa::path(post, path = "/api/v1/service-accounts", tag = "service-accounts", request_body = NewServiceAccount,
    responses((status = 201, body = Envelope<CreatedServiceAccount>), (status = 400, description = "unknown scope"),
        (status = 403, description = "needs settings.manage, or a scope you do not hold")),
    security(("bearer" = [])))]
pub async fn create(
    State(app): State<AppState>,
    admin: Member<perm::SettingsManage>,
    ApiJson(body): ApiJson<NewServiceAccount>,
) -> ApiResult<Created<CreatedServiceAccount>> {
    let name = crate::http::text::one_line("name", &body.name, 80)?;
    let mut problems = FieldErrors::new();
    let mut scopes: Vec<String> = Vec::new();
    for (i, scope) in body.scopes.iter().enumerate() {
        if !perm::ALL_CODES.contains(&scope.as_str()) {
            problems.insert(format!("scopes[{i}]"), FieldProblem::with_detail(Msg::FieldInvalid, scope.clone()));
        } else if !admin.allows(scope) {
            return Err(ApiError::Forbidden);
        } else if !scopes.contains(scope) {
            scopes.push(scope.clone());
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    let (prefix, key) = new_key()?;
    let key_hash = crate::auth::tokens::hash_token(&key);
    let now = app.clock.now();
    let (tenant, user, id) = (admin.tenant().clone(), admin.user.clone(), ServiceAccountId::generate());
    let account = app
        .db
        .write(move |tx| {
            store::insert(
                tx,
                &tenant,
                &NewAccount {
                    id: &id,
                    name: &name,
                    prefix: &prefix,
                    key_hash: &key_hash,
                    scopes: &scopes,
                    created_by: &user,
                },
                now,
            )?;
            audit::by_user(
                tx,
                &tenant,
                &user,
                "service_account.created",
                serde_json::json!({ "serviceAccountId": id, "scopes": scopes }),
                now,
            )?;
            store::get(tx, &tenant, &id)
        })
        .await?;
    Ok(Created(CreatedServiceAccount { account, key }))
}

/// Revokes a key: it stops working at once.
#[utoipa::path(delete, path = "/api/v1/service-accounts/{id}", tag = "service-accounts", params(("id" = String, Path)),
    responses((status = 200, description = "`data: null`"), (status = 404, description = "not found")), security(("bearer" = [])))]
pub async fn revoke(
    State(app): State<AppState>,
    admin: Member<perm::SettingsManage>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<()>> {
    let id = ServiceAccountId::parse(&id).ok_or(ApiError::NotFound)?;
    let now = app.clock.now();
    let (tenant, user) = (admin.tenant().clone(), admin.user.clone());
    app.db
        .write(move |tx| {
            store::revoke(tx, &tenant, &id, now)?;
            audit::by_user(
                tx,
                &tenant,
                &user,
                "service_account.revoked",
                serde_json::json!({ "serviceAccountId": id }),
                now,
            )
        })
        .await?;
    Ok(ApiOk(()))
}

/// The key's tenant (any valid key).
#[utoipa::path(get, path = "/api/v1/sa/tenant", tag = "service-accounts",
    responses((status = 200, body = Envelope<crate::tenants::model::TenantView>), (status = 401, description = "no valid API key")),
    security(("api_key" = [])))]
pub async fn sa_tenant(
    State(app): State<AppState>,
    caller: ServiceCaller,
) -> ApiResult<ApiOk<crate::tenants::model::TenantView>> {
    Ok(ApiOk(app.db.read(move |c| crate::tenants::store::get(c, &caller.tenant)).await?))
}

/// The tenant's users (scope `users.read`).
#[utoipa::path(get, path = "/api/v1/sa/users", tag = "service-accounts", params(PageQuery),
    responses((status = 200, body = Envelope<Page<crate::users::model::UserView>>), (status = 401, description = "no valid API key"),
        (status = 403, description = "the key lacks users.read")),
    security(("api_key" = [])))]
pub async fn sa_users(
    State(app): State<AppState>,
    scoped: Scoped<perm::UsersRead>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> ApiResult<ApiOk<Page<crate::users::model::UserView>>> {
    let tenant = scoped.caller.tenant.clone();
    let filter =
        crate::users::store::ListFilter { search: None, status: None, limit: page.limit(), offset: page.offset() };
    let (rows, total) = app.db.read(move |c| crate::users::store::list(c, &tenant, &filter)).await?;
    Ok(ApiOk(Page::new(rows.into_iter().map(|r| r.view).collect(), total, &page)))
}
