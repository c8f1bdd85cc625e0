use axum::extract::State;

use super::model::{NewProfile, PermissionView, ProfileChoice, ProfileUpdate, ProfileView};
use super::{Role, perm, store};
use crate::audit;
use crate::auth::{Member, Principal};
use crate::http::error::{FieldErrors, FieldProblem};
use crate::http::page::{Page, PageQuery};
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Created, Envelope, Msg};
use crate::ids::ProfileId;
use crate::state::AppState;

fn profile_id(text: &str) -> ApiResult<ProfileId> {
    ProfileId::parse(text).ok_or(ApiError::NotFound)
}

/// Known codes, each at most once, and none the caller does not hold themselves (no one hands
/// out more than they have).
fn check_codes(caller: &Principal, codes: &[String]) -> ApiResult<Vec<String>> {
    let mut problems = FieldErrors::new();
    let mut clean: Vec<String> = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        if !perm::ALL_CODES.contains(&code.as_str()) {
            problems.insert(format!("permissions[{i}]"), FieldProblem::with_detail(Msg::FieldInvalid, code.clone()));
        } else if !caller.allows(code) {
            return Err(ApiError::Forbidden);
        } else if !clean.contains(code) {
            clean.push(code.clone());
        }
    }
    if problems.is_empty() { Ok(clean) } else { Err(ApiError::Validation(problems)) }
}

fn clean_name(name: &str) -> ApiResult<String> {
    crate::http::text::one_line("name", name, 80)
}

fn clean_description(text: &str) -> ApiResult<String> {
    if text.chars().count() > 500 {
        Err(ApiError::validation("description", Msg::FieldTooLong))
    } else {
        Ok(text.trim().to_string())
    }
}

fn renamed_conflict(error: ApiError) -> ApiError {
    match error {
        ApiError::Conflict(_) => ApiError::Conflict(Msg::ProfileNameTaken),
        other => other,
    }
}

/// The permission catalog, with the roles that hold each permission by default.
#[utoipa::path(get, path = "/api/v1/profiles/permissions", tag = "profiles",
    responses((status = 200, body = Envelope<Vec<PermissionView>>), (status = 401, description = "not signed in")), security(("bearer" = [])))]
pub async fn catalog(_caller: Principal) -> ApiOk<Vec<PermissionView>> {
    ApiOk(
        perm::CATALOG
            .iter()
            .map(|(code, description)| PermissionView {
                id: code,
                code,
                description,
                roles: [Role::Owner, Role::TenantAdmin, Role::Manager, Role::User]
                    .into_iter()
                    .filter(|r| r.allows(code))
                    .collect(),
            })
            .collect(),
    )
}

/// The tenant's custom profiles with their user counts.
#[utoipa::path(get, path = "/api/v1/profiles", tag = "profiles", params(PageQuery),
    responses((status = 200, body = Envelope<Page<ProfileView>>), (status = 403, description = "needs users.read")), security(("bearer" = [])))]
pub async fn list(
    State(app): State<AppState>,
    caller: Member<perm::UsersRead>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> ApiResult<ApiOk<Page<ProfileView>>> {
    let tenant = caller.tenant().clone();
    let (items, total) = app.db.read(move |c| store::list_profiles(c, &tenant, &page)).await?;
    Ok(ApiOk(Page::new(items, total, &page)))
}

/// Active profiles to choose from when inviting or editing a user.
#[utoipa::path(get, path = "/api/v1/users/profiles", tag = "profiles",
    responses((status = 200, body = Envelope<Vec<ProfileChoice>>), (status = 403, description = "needs users.read")), security(("bearer" = [])))]
pub async fn choices(
    State(app): State<AppState>,
    caller: Member<perm::UsersRead>,
) -> ApiResult<ApiOk<Vec<ProfileChoice>>> {
    let tenant = caller.tenant().clone();
    Ok(ApiOk(app.db.read(move |c| store::active_choices(c, &tenant)).await?))
}

/// One profile with its permission codes.
#[utoipa::path(get, path = "/api/v1/profiles/{id}", tag = "profiles", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<ProfileView>), (status = 404, description = "not found")), security(("bearer" = [])))]
pub async fn get(
    State(app): State<AppState>,
    caller: Member<perm::UsersRead>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<ProfileView>> {
    let (tenant, id) = (caller.tenant().clone(), profile_id(&id)?);
    Ok(ApiOk(app.db.read(move |c| store::profile(c, &tenant, &id)).await?))
}

/// Creates a custom profile.
#[utoipa::path(post, path = "/api/v1/profiles", tag = "profiles", request_body = NewProfile,
    responses((status = 201, body = Envelope<ProfileView>), (status = 400, description = "unknown permission code"),
        (status = 403, description = "needs profiles.manage, or a permission you do not hold"), (status = 409, description = "name taken")),
    security(("bearer" = [])))]
pub async fn create(
    State(app): State<AppState>,
    caller: Member<perm::ProfilesManage>,
    ApiJson(body): ApiJson<NewProfile>,
) -> ApiResult<Created<ProfileView>> {
    let name = clean_name(&body.name)?;
    let description = clean_description(body.description.as_deref().unwrap_or(""))?;
    let codes = check_codes(&caller, &body.permissions)?;
    let now = app.clock.now();
    let (tenant, user, id) = (caller.tenant().clone(), caller.user.clone(), ProfileId::generate());
    let view = app
        .db
        .write(move |tx| {
            store::insert_profile(tx, &tenant, &id, &name, &description, &codes, now).map_err(renamed_conflict)?;
            audit::by_user(
                tx,
                &tenant,
                &user,
                "profile.created",
                serde_json::json!({ "profileId": id, "permissions": codes }),
                now,
            )?;
            store::profile(tx, &tenant, &id)
        })
        .await?;
    Ok(Created(view))
}

/// Changes a profile's name, description or permissions (partial). Its users get the new
/// permissions on their next request.
#[utoipa::path(put, path = "/api/v1/profiles/{id}", tag = "profiles", params(("id" = String, Path)), request_body = ProfileUpdate,
    responses((status = 200, body = Envelope<ProfileView>), (status = 404, description = "not found"), (status = 409, description = "name taken")),
    security(("bearer" = [])))]
pub async fn update(
    State(app): State<AppState>,
    caller: Member<perm::ProfilesManage>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ProfileUpdate>,
) -> ApiResult<ApiOk<ProfileView>> {
    let id = profile_id(&id)?;
    let name = body.name.as_deref().map(clean_name).transpose()?;
    let description = body.description.as_deref().map(clean_description).transpose()?;
    let codes = body.permissions.as_deref().map(|c| check_codes(&caller, c)).transpose()?;
    let now = app.clock.now();
    let (tenant, user) = (caller.tenant().clone(), caller.user.clone());
    let view = app
        .db
        .write(move |tx| {
            store::update_profile(tx, &tenant, &id, name.as_deref(), description.as_deref(), codes.as_deref(), now)
                .map_err(renamed_conflict)?;
            audit::by_user(
                tx,
                &tenant,
                &user,
                "profile.changed",
                serde_json::json!({ "profileId": id, "permissions": codes }),
                now,
            )?;
            store::profile(tx, &tenant, &id)
        })
        .await?;
    app.versions.clear();
    Ok(ApiOk(view))
}

async fn set_status(
    app: &AppState,
    caller: &Member<perm::ProfilesManage>,
    id: &str,
    active: bool,
) -> ApiResult<ProfileView> {
    let id = profile_id(id)?;
    let now = app.clock.now();
    let (tenant, user) = (caller.tenant().clone(), caller.user.clone());
    let view = app
        .db
        .write(move |tx| {
            store::set_profile_status(tx, &tenant, &id, active, now)?;
            audit::by_user(
                tx,
                &tenant,
                &user,
                if active { "profile.activated" } else { "profile.deactivated" },
                serde_json::json!({ "profileId": id }),
                now,
            )?;
            store::profile(tx, &tenant, &id)
        })
        .await?;
    app.versions.clear();
    Ok(view)
}

/// Deactivates a profile (soft delete): its users fall back to their role's defaults.
#[utoipa::path(delete, path = "/api/v1/profiles/{id}", tag = "profiles", params(("id" = String, Path)),
    responses((status = 200, description = "`data: null`"), (status = 404, description = "not found")), security(("bearer" = [])))]
pub async fn deactivate(
    State(app): State<AppState>,
    caller: Member<perm::ProfilesManage>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<()>> {
    set_status(&app, &caller, &id, false).await?;
    Ok(ApiOk(()))
}

/// Reactivates a profile.
#[utoipa::path(post, path = "/api/v1/profiles/{id}/activate", tag = "profiles", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<ProfileView>), (status = 404, description = "not found")), security(("bearer" = [])))]
pub async fn activate(
    State(app): State<AppState>,
    caller: Member<perm::ProfilesManage>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<ProfileView>> {
    Ok(ApiOk(set_status(&app, &caller, &id, true).await?))
}
