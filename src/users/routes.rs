use axum::extract::State;
use axum::http::StatusCode;

use super::model::{
    AcceptInvitation, Email, InvitationCheck, InvitationPreview, NewUserRequest, RegisterRequest, UserFormatted,
    UserItem, UserListQuery, UserStatus, UserUpdate, UserView, split_name,
};
use super::service::{self, Invite};
use super::store::{self, Changes, ListFilter, UserRow};
use crate::access::{Role, perm};
use crate::audit;
use crate::auth::Member;
use crate::auth::onetime::{self, Purpose};
use crate::auth::password::Password;
use crate::http::i18n::format_datetime;
use crate::http::page::{Page, PageQuery};
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Created, Envelope, Lang, Msg};
use crate::ids::{TenantId, UserId};
use crate::mail::{self, Template};
use crate::state::AppState;

fn user_id(text: &str) -> ApiResult<UserId> {
    UserId::parse(text).ok_or(ApiError::NotFound)
}

fn clean_name(field: &str, text: &str) -> ApiResult<String> {
    crate::http::text::one_line(field, text, 100)
}

fn role_label(role: Role, lang: Lang) -> String {
    lang.text(match role {
        Role::Owner => Msg::RoleOwner,
        Role::TenantAdmin => Msg::RoleTenantAdmin,
        Role::Manager => Msg::RoleManager,
        Role::User => Msg::RoleUser,
    })
    .to_string()
}

fn status_label(status: UserStatus, lang: Lang) -> String {
    lang.text(match status {
        UserStatus::Active => Msg::StatusActive,
        UserStatus::Invited => Msg::StatusInvited,
        UserStatus::Inactive => Msg::StatusInactive,
    })
    .to_string()
}

/// Builds the answer's item; `extended` and `format` add what the query asked for.
async fn items(
    app: &AppState,
    tenant: &TenantId,
    rows: Vec<UserRow>,
    extended: bool,
    format: bool,
    lang: Lang,
) -> ApiResult<Vec<UserItem>> {
    let t = tenant.clone();
    let (tenant_view, tz) =
        app.db.read(move |c| Ok((crate::tenants::store::get(c, &t)?, crate::tenants::store::timezone(c, &t)?))).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let formatted = format.then(|| UserFormatted {
                role_formatted: role_label(row.view.role, lang),
                status_formatted: status_label(row.view.status, lang),
                created_at_formatted: row
                    .created_at
                    .parse::<jiff::Timestamp>()
                    .map(|ts| format_datetime(ts, &tz, lang))
                    .unwrap_or_else(|_| row.created_at.clone()),
            });
            UserItem {
                user: row.view,
                created_at: row.created_at,
                updated_at: row.updated_at,
                email_verified: row.email_verified,
                profile_id: row.profile_id,
                tenant: extended.then(|| tenant_view.clone()),
                formatted,
            }
        })
        .collect())
}

async fn one(app: &AppState, tenant: &TenantId, user: &UserId, lang: Lang) -> ApiResult<UserItem> {
    let (t, u) = (tenant.clone(), user.clone());
    let row = app.db.read(move |c| store::row(c, &t, &u)).await?;
    Ok(items(app, tenant, vec![row], false, false, lang).await?.remove(0))
}

/// The team, with search, status filter and pages.
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(UserListQuery),
    responses((status = 200, body = Envelope<Page<UserItem>>), (status = 403, description = "needs users.read")),
    security(("bearer" = [])))]
pub async fn list(
    State(app): State<AppState>,
    caller: Member<perm::UsersRead>,
    lang: Lang,
    ApiQuery(q): ApiQuery<UserListQuery>,
) -> ApiResult<ApiOk<Page<UserItem>>> {
    let page = PageQuery { page: q.page, limit: q.limit };
    let status = q.status;
    let filter = ListFilter {
        search: q.search.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
        status,
        limit: page.limit(),
        offset: page.offset(),
    };
    let tenant = caller.tenant().clone();
    let (rows, total) = app.db.read(move |c| store::list(c, &tenant, &filter)).await?;
    let items = items(&app, caller.tenant(), rows, q.extended, q.format, lang).await?;
    Ok(ApiOk(Page::new(items, total, &page)))
}

/// Invites someone: an invited account and an invitation mail with a single-use link.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = NewUserRequest,
    responses((status = 201, body = Envelope<UserItem>), (status = 403, description = "needs users.invite, or a role above yours"),
        (status = 404, description = "no such permission profile in this tenant"), (status = 409, description = "e-mail taken")),
    security(("bearer" = [])))]
pub async fn create(
    State(app): State<AppState>,
    caller: Member<perm::UsersInvite>,
    lang: Lang,
    ApiJson(body): ApiJson<NewUserRequest>,
) -> ApiResult<Created<UserItem>> {
    let email = Email::parse("email", &body.email)?;
    let first_name = clean_name("firstName", &body.first_name)?;
    let last_name = clean_name("lastName", &body.last_name)?;
    let role = body.role.unwrap_or(Role::User);
    if !service::may_assign(&caller, role) {
        return Err(ApiError::Forbidden);
    }
    let link_base = mail::link_base(&app).await?;
    let now = app.clock.now();
    let principal = caller.principal.clone();
    let profile = body.profile_id;
    let locale = body.locale;
    let id = app
        .db
        .write(move |tx| {
            let inviter = store::view(tx, principal.tenant(), &principal.user)?.name;
            // The invitee's language: as asked, else the workplace's default — not the inviter's browser.
            let invitee_lang = match locale {
                Some(locale) => locale.into(),
                None => crate::orgs::settings::default_lang(tx, principal.tenant())?,
            };
            let invite = Invite {
                email: &email,
                first_name: &first_name,
                last_name: &last_name,
                role,
                lang: invitee_lang,
                link_base: &link_base,
                inviter: &inviter,
                profile: profile.as_ref(),
            };
            service::invite(tx, &principal, &invite, now)
        })
        .await?;
    app.mailer.wake();
    Ok(Created(one(&app, caller.tenant(), &id, lang).await?))
}

/// One user of this tenant (another tenant's id is 404).
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<UserItem>), (status = 404, description = "not found")),
    security(("bearer" = [])))]
pub async fn get(
    State(app): State<AppState>,
    caller: Member<perm::UsersRead>,
    lang: Lang,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<UserItem>> {
    Ok(ApiOk(one(&app, caller.tenant(), &user_id(&id)?, lang).await?))
}

/// Changes name, role or status (partial).
#[utoipa::path(put, path = "/api/v1/users/{id}", tag = "users", params(("id" = String, Path)), request_body = UserUpdate,
    responses((status = 200, body = Envelope<UserItem>), (status = 403, description = "role above yours"),
        (status = 404, description = "not found"), (status = 409, description = "last owner")),
    security(("bearer" = [])))]
pub async fn update(
    State(app): State<AppState>,
    caller: Member<perm::UsersInvite>,
    lang: Lang,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<UserUpdate>,
) -> ApiResult<ApiOk<UserItem>> {
    let target = user_id(&id)?;
    let first_name = body.first_name.as_deref().map(|n| clean_name("firstName", n)).transpose()?;
    let last_name = body.last_name.as_deref().map(|n| clean_name("lastName", n)).transpose()?;
    let status = match body.status {
        None => None,
        Some(crate::users::model::StatusChange::Active) => Some(UserStatus::Active),
        Some(crate::users::model::StatusChange::Inactive) => Some(UserStatus::Inactive),
    };
    if status.is_some() && !caller.allows(<perm::UsersWrite as perm::Permission>::CODE) {
        return Err(ApiError::Forbidden);
    }
    let now = app.clock.now();
    let principal = caller.principal.clone();
    let role = body.role;
    let profile = body.profile_id;
    let (t, u) = (principal.tenant().clone(), target.clone());
    app.db
        .write(move |tx| {
            let current = store::view(tx, &t, &u)?;
            if !service::may_manage(&principal, current.role) {
                return Err(ApiError::Forbidden);
            }
            if let Some(role) = role.filter(|r| *r != current.role) {
                if !service::may_assign(&principal, role) {
                    return Err(ApiError::Forbidden);
                }
                if current.role == Role::Owner {
                    crate::access::ensure_not_last_owner(tx, &t, &u)?;
                }
                audit::by_user(
                    tx,
                    &t,
                    &principal.user,
                    "user.role_changed",
                    serde_json::json!({ "userId": u, "from": current.role, "to": role }),
                    now,
                )?;
            }
            store::update(
                tx,
                &t,
                &u,
                &Changes { first_name: first_name.as_deref(), last_name: last_name.as_deref(), role },
                now,
            )?;
            if let Some(profile) = &profile {
                if let Some(p) = profile {
                    service::check_profile(tx, &principal, p)?;
                }
                store::set_profile(tx, &t, &u, profile.as_ref(), now)?;
                audit::by_user(
                    tx,
                    &t,
                    &principal.user,
                    "user.profile_changed",
                    serde_json::json!({ "userId": u, "profileId": profile }),
                    now,
                )?;
            }
            if let Some(status) = status.filter(|s| *s != current.status) {
                service::set_status(tx, &principal, &u, status, now)?;
            }
            // A new role can change who is in which smart group and schedule.
            crate::groups::membership::refresh(tx, &t, now)?;
            Ok(())
        })
        .await?;
    app.versions.forget(&target);
    Ok(ApiOk(one(&app, caller.tenant(), &target, lang).await?))
}

async fn change_status(
    app: &AppState,
    caller: &Member<perm::UsersWrite>,
    id: &str,
    status: UserStatus,
) -> ApiResult<()> {
    let target = user_id(id)?;
    let now = app.clock.now();
    let (principal, t) = (caller.principal.clone(), target.clone());
    app.db.write(move |tx| service::set_status(tx, &principal, &t, status, now)).await?;
    app.versions.forget(&target);
    Ok(())
}

/// Deactivates an account (soft delete): it cannot sign in and its sessions end at once.
#[utoipa::path(delete, path = "/api/v1/users/{id}", tag = "users", params(("id" = String, Path)),
    responses((status = 200, description = "`data: null`"), (status = 404, description = "not found"),
        (status = 409, description = "last owner, or yourself")),
    security(("bearer" = [])))]
pub async fn deactivate(
    State(app): State<AppState>,
    caller: Member<perm::UsersWrite>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<()>> {
    change_status(&app, &caller, &id, UserStatus::Inactive).await?;
    Ok(ApiOk(()))
}

/// Reactivates a deactivated account.
#[utoipa::path(post, path = "/api/v1/users/{id}/activate", tag = "users", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<UserItem>), (status = 404, description = "not found"),
        (status = 409, description = "invitation not accepted yet")),
    security(("bearer" = [])))]
pub async fn activate(
    State(app): State<AppState>,
    caller: Member<perm::UsersWrite>,
    lang: Lang,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<UserItem>> {
    change_status(&app, &caller, &id, UserStatus::Active).await?;
    Ok(ApiOk(one(&app, caller.tenant(), &user_id(&id)?, lang).await?))
}

/// Sends a new invitation link; the old one stops working.
#[utoipa::path(post, path = "/api/v1/users/{id}/resend-invitation", tag = "users", params(("id" = String, Path)),
    responses((status = 200, description = "`data: null`"), (status = 404, description = "not found"),
        (status = 409, description = "not an invited account")),
    security(("bearer" = [])))]
pub async fn resend_invitation(
    State(app): State<AppState>,
    caller: Member<perm::UsersInvite>,
    lang: Lang,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<()>> {
    let target = user_id(&id)?;
    let link_base = mail::link_base(&app).await?;
    let now = app.clock.now();
    let principal = caller.principal.clone();
    app.db
        .write(move |tx| {
            let user = store::view(tx, principal.tenant(), &target)?;
            if !service::may_manage(&principal, user.role) {
                return Err(ApiError::Forbidden);
            }
            if user.status != UserStatus::Invited {
                return Err(ApiError::Conflict(Msg::NotInvited));
            }
            let inviter = store::view(tx, principal.tenant(), &principal.user)?.name;
            let key = super::model::email_key(&user.email);
            service::send_invitation(
                tx,
                principal.tenant(),
                &target,
                &key,
                &user.email,
                &inviter,
                lang,
                &link_base,
                now,
            )
        })
        .await?;
    app.mailer.wake();
    Ok(ApiOk(()))
}

/// What an invitation link is for, before its form is shown: the workplace, the address, the
/// name. 410 when the link was used, replaced or expired. Public; the token travels in the body,
/// never in a path the logs could keep.
#[utoipa::path(post, path = "/api/v1/users/accept-invitation/check", tag = "users", request_body = InvitationCheck,
    responses((status = 200, body = Envelope<InvitationPreview>), (status = 410, description = "used or expired link")))]
pub async fn check_invitation(
    State(app): State<AppState>,
    ApiJson(body): ApiJson<InvitationCheck>,
) -> ApiResult<ApiOk<InvitationPreview>> {
    let now = app.clock.now();
    let preview = app
        .db
        .read(move |c| {
            let (tenant, user) = onetime::peek(c, &body.token, Purpose::Invitation, now)?;
            let view = store::view(c, &tenant, &user)?;
            if view.status != UserStatus::Invited {
                return Err(ApiError::Gone);
            }
            let workplace = crate::tenants::store::get(c, &tenant)?.name;
            Ok(InvitationPreview { workplace, email: view.email, first_name: view.first_name })
        })
        .await?;
    Ok(ApiOk(preview))
}

/// Accepts an invitation with the token from its mail and sets the password. Public.
#[utoipa::path(post, path = "/api/v1/users/accept-invitation", tag = "users", request_body = AcceptInvitation,
    responses((status = 200, body = Envelope<UserView>), (status = 410, description = "used or expired link"),
        (status = 400, description = "validation_failed")))]
pub async fn accept_invitation(
    State(app): State<AppState>,
    ApiJson(body): ApiJson<AcceptInvitation>,
) -> ApiResult<ApiOk<UserView>> {
    let password = Password::parse("password", body.password)?;
    let hash = app.hasher.hash(password).await?;
    let now = app.clock.now();
    let (tenant, user) = app
        .db
        .write(move |tx| {
            let (tenant, user) = onetime::redeem(tx, &body.token, Purpose::Invitation, now)?;
            if store::view(tx, &tenant, &user)?.status != UserStatus::Invited {
                return Err(ApiError::Gone);
            }
            store::activate_with_password(tx, &user, &hash, now)?;
            crate::groups::membership::refresh(tx, &tenant, now)?;
            audit::by_user(tx, &tenant, &user, "user.invitation_accepted", serde_json::json!({}), now)?;
            Ok((tenant, user))
        })
        .await?;
    app.versions.forget(&user);
    let view = app.db.read(move |c| store::view(c, &tenant, &user)).await?;
    Ok(ApiOk(view))
}

/// Deletes an account for good, with everything that is only theirs. Irreversible.
#[utoipa::path(delete, path = "/api/v1/users/{id}/permanent", tag = "users", params(("id" = String, Path)),
    responses((status = 200, description = "`data: null`"), (status = 404, description = "not found"),
        (status = 409, description = "last owner, or yourself")),
    security(("bearer" = [])))]
pub async fn delete_permanently(
    State(app): State<AppState>,
    caller: Member<perm::UsersWrite>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<()>> {
    let target = user_id(&id)?;
    let now = app.clock.now();
    let (principal, t) = (caller.principal.clone(), target.clone());
    app.db
        .write(move |tx| {
            let user = store::view(tx, principal.tenant(), &t)?;
            if !service::may_manage(&principal, user.role) {
                return Err(ApiError::Forbidden);
            }
            if principal.user == t {
                return Err(ApiError::Conflict(Msg::NotYourself));
            }
            crate::access::ensure_not_last_owner(tx, principal.tenant(), &t)?;
            crate::schedules::rota::release_future_shifts(tx, principal.tenant(), &t, now)?;
            store::delete(tx, principal.tenant(), &t)?;
            crate::groups::membership::refresh(tx, principal.tenant(), now)?;
            audit::by_user(
                tx,
                principal.tenant(),
                &principal.user,
                "user.deleted",
                serde_json::json!({ "userId": t, "email": user.email }),
                now,
            )
        })
        .await?;
    app.versions.forget(&target);
    Ok(ApiOk(()))
}

/// Seed 002's admin-created account: active at once with a temporary password sent in a
/// welcome mail, to be changed at the first sign-in.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "users", request_body = RegisterRequest,
    responses((status = 201, body = Envelope<UserItem>), (status = 409, description = "e-mail taken")),
    security(("bearer" = [])))]
pub async fn register(
    State(app): State<AppState>,
    caller: Member<perm::UsersWrite>,
    lang: Lang,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> ApiResult<(StatusCode, ApiOk<UserItem>)> {
    let id = register_account(&app, &caller, lang, &body.email, &body.name, body.role).await?;
    Ok((StatusCode::CREATED, ApiOk(one(&app, caller.tenant(), &id, lang).await?)))
}

/// Creates an active account with a temporary password and mails it (seed 002's register).
pub async fn register_account(
    app: &AppState,
    caller: &Member<perm::UsersWrite>,
    lang: Lang,
    email: &str,
    name: &str,
    role: Option<Role>,
) -> ApiResult<UserId> {
    let email = Email::parse("email", email)?;
    let name = crate::http::text::one_line("name", name, 200)?;
    let (first_name, last_name) = split_name(&name);
    if last_name.is_empty() {
        return Err(ApiError::validation("name", Msg::FieldBlank));
    }
    let role = role.unwrap_or(Role::User);
    if !service::may_assign(caller, role) {
        return Err(ApiError::Forbidden);
    }
    let temporary = crate::auth::tokens::random_token()?[..12].to_string();
    let hash = app.hasher.hash(Password::parse("password", temporary.clone())?).await?;
    let link_base = mail::link_base(app).await?;
    let now = app.clock.now();
    let principal = caller.principal.clone();
    let id = app
        .db
        .write(move |tx| {
            let id = UserId::generate();
            store::insert(
                tx,
                principal.tenant(),
                &store::NewUser {
                    id: &id,
                    email: email.as_str(),
                    email_key: &email.key(),
                    password_hash: Some(&hash),
                    first_name: &first_name,
                    last_name: &last_name,
                    role,
                    super_admin: false,
                    status: UserStatus::Active,
                    locale: lang.code(),
                    timezone: None,
                },
                now,
            )
            .map_err(service::email_taken)?;
            tx.execute("UPDATE users SET require_password_change = 1 WHERE id = ?1", [&id])?;
            crate::groups::membership::refresh(tx, principal.tenant(), now)?;
            let tenant_name = crate::tenants::store::get(tx, principal.tenant())?.name;
            let link = format!("{link_base}/login");
            mail::queue(
                tx,
                Some(principal.tenant()),
                &tenant_name,
                lang,
                email.as_str(),
                &Template::Welcome { temporary_password: &temporary, link: &link, user: &id },
                now,
            )?;
            audit::by_user(
                tx,
                principal.tenant(),
                &principal.user,
                "user.registered",
                serde_json::json!({ "userId": id, "role": role }),
                now,
            )?;
            Ok(id)
        })
        .await?;
    app.mailer.wake();
    Ok(id)
}
