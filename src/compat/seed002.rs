//! Seed 002: `/api/auth/…`, snake_case bodies, bare JSON answers, `token` and `refresh_token`,
//! roles `admin` / `manager` / `staff`.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

use crate::access::{Role, perm};
use crate::auth::answer::access_token_lasting;
use crate::auth::session::{Rotation, Started};
use crate::auth::{Member, Principal};
use crate::http::client::Client;
use crate::http::{ApiError, ApiJson, ApiResult, Lang, OptionalJson};
use crate::orgs::model::OpeningHours;
use crate::state::AppState;
use crate::users::model::UserView;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/auth/login", post(login))
        .route("/api/auth/refresh", post(refresh))
        .route("/api/auth/logout", post(logout))
        .route("/api/auth/register", post(register))
        .route("/api/auth/forgot-password", post(forgot_password))
        .route("/api/auth/reset-password", post(reset_password))
        .route("/api/auth/change-password", post(change_password))
        .route("/api/auth/users", get(users))
        .route("/api/auth/device", post(add_device).delete(remove_device))
        .route("/api/auth/setup-status", get(setup_status))
        .route("/api/auth/setup", post(setup))
}

fn salon_role(role: Role) -> &'static str {
    match role {
        Role::Owner | Role::TenantAdmin => "admin",
        Role::Manager => "manager",
        Role::User => "staff",
    }
}

fn role_from_salon(text: &str) -> ApiResult<Role> {
    match text {
        "admin" => Ok(Role::TenantAdmin),
        "manager" => Ok(Role::Manager),
        "staff" => Ok(Role::User),
        _ => Err(ApiError::validation("role", crate::http::Msg::FieldInvalid)),
    }
}

#[derive(Serialize)]
struct SalonUser {
    id: String,
    name: String,
    email: String,
    role: &'static str,
    require_password_change: bool,
}

impl From<UserView> for SalonUser {
    fn from(u: UserView) -> SalonUser {
        SalonUser {
            id: u.id.to_string(),
            name: u.name,
            email: u.email,
            role: salon_role(u.role),
            require_password_change: u.require_password_change,
        }
    }
}

#[derive(Serialize)]
struct TokenReply {
    token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
    user: SalonUser,
}

/// This dialect's tokens last `auth.salon_access_token_ttl` (8 h): its web clients get no refresh token.
fn reply(app: &AppState, started: Started, with_refresh: bool) -> ApiResult<Json<TokenReply>> {
    let token = access_token_lasting(app, &started, app.config.auth.salon_access_token_ttl.0)?;
    Ok(Json(TokenReply {
        token,
        refresh_token: with_refresh.then_some(started.refresh_token),
        user: started.user.into(),
    }))
}

#[derive(Deserialize)]
struct Login {
    email: String,
    password: String,
    #[serde(default)]
    mobile: bool,
}

/// The refresh token comes back only with `mobile: true`; the others sign in per access token.
async fn login(
    State(app): State<AppState>,
    client: Client,
    ApiJson(body): ApiJson<Login>,
) -> ApiResult<Json<TokenReply>> {
    let started = crate::auth::service::sign_in(&app, &client, &body.email, body.password, None, true).await?;
    reply(&app, started, body.mobile)
}

#[derive(Deserialize)]
struct Refresh {
    refresh_token: String,
}

async fn refresh(State(app): State<AppState>, ApiJson(body): ApiJson<Refresh>) -> ApiResult<Json<TokenReply>> {
    match crate::auth::service::rotate(&app, body.refresh_token).await? {
        Rotation::Rotated(started) => reply(&app, started, true),
        Rotation::Reused { .. } | Rotation::Invalid => Err(ApiError::Unauthorized),
    }
}

#[derive(Deserialize, Default)]
struct Logout {
    refresh_token: Option<String>,
    device_token: Option<String>,
}

#[derive(Serialize)]
struct Done {
    success: bool,
}

async fn logout(
    State(app): State<AppState>,
    principal: Principal,
    OptionalJson(body): OptionalJson<Logout>,
) -> ApiResult<Json<Done>> {
    let body = body.unwrap_or_default();
    let now = app.clock.now();
    let p = principal.clone();
    let ended = app
        .db
        .write(move |tx| {
            let ended = crate::auth::service::end_session(tx, &p, body.refresh_token.as_deref(), now)?;
            if let Some(device) = body.device_token {
                tx.prepare_cached("DELETE FROM device_tokens WHERE token = ?1 AND user_id = ?2")?
                    .execute((&device, &p.user))?;
            }
            Ok(ended)
        })
        .await?;
    crate::auth::service::forget_sessions(&app, ended);
    Ok(Json(Done { success: true }))
}

#[derive(Deserialize)]
struct Register {
    email: String,
    name: String,
    role: Option<String>,
}

#[derive(Serialize)]
struct Registered {
    id: String,
    email: String,
    role: &'static str,
    name: String,
}

async fn register(
    State(app): State<AppState>,
    caller: Member<perm::UsersWrite>,
    lang: Lang,
    ApiJson(body): ApiJson<Register>,
) -> ApiResult<Json<Registered>> {
    let role = body.role.as_deref().map(role_from_salon).transpose()?;
    let id = crate::users::routes::register_account(&app, &caller, lang, &body.email, &body.name, role).await?;
    let tenant = caller.tenant().clone();
    let user = app.db.read(move |c| crate::users::store::view(c, &tenant, &id)).await?;
    Ok(Json(Registered { id: user.id.to_string(), email: user.email, role: salon_role(user.role), name: user.name }))
}

#[derive(Deserialize)]
struct Forgot {
    email: String,
}

#[derive(Serialize)]
struct Message {
    message: &'static str,
}

async fn forgot_password(
    State(app): State<AppState>,
    client: Client,
    lang: Lang,
    ApiJson(body): ApiJson<Forgot>,
) -> ApiResult<Json<Message>> {
    crate::auth::passwords::send_reset_link(&app, &client, lang, &body.email, None).await?;
    Ok(Json(Message { message: "If the address belongs to an account, a reset link is on its way." }))
}

#[derive(Deserialize)]
struct Reset {
    email: String,
    token: String,
    password: String,
}

/// Seed 002 answers a bad token with 400, not 410.
async fn reset_password(
    State(app): State<AppState>,
    lang: Lang,
    ApiJson(body): ApiJson<Reset>,
) -> ApiResult<Json<Message>> {
    crate::auth::passwords::reset_with_token(&app, lang, body.token, body.password, Some(body.email)).await.map_err(
        |e| match e {
            ApiError::Gone => ApiError::validation("token", crate::http::Msg::Gone),
            other => other,
        },
    )?;
    Ok(Json(Message { message: "Password changed." }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Change {
    email: String,
    current_password: String,
    new_password: String,
    confirm_password: String,
}

/// Seed 002 checks e-mail and current password, without a token.
async fn change_password(
    State(app): State<AppState>,
    client: Client,
    lang: Lang,
    ApiJson(body): ApiJson<Change>,
) -> ApiResult<Json<Message>> {
    if body.new_password != body.confirm_password {
        return Err(ApiError::validation("confirmPassword", crate::http::Msg::PasswordsDiffer));
    }
    let new = crate::auth::password::Password::parse("newPassword", body.new_password)?;
    let started = crate::auth::service::sign_in(&app, &client, &body.email, body.current_password, None, true).await?;
    let hash = app.hasher.hash(new).await?;
    let now = app.clock.now();
    let (tenant, user) = (started.tenant.clone(), started.user.id.clone());
    app.db
        .write(move |tx| {
            crate::users::store::set_password(tx, &user, &hash, false, now)?;
            let view = crate::users::store::view(tx, &tenant, &user)?;
            crate::auth::passwords::confirm_change(tx, &tenant, &view, lang, now)
        })
        .await?;
    app.versions.forget(&started.user.id);
    app.mailer.wake();
    Ok(Json(Message { message: "Password changed." }))
}

#[derive(Serialize)]
struct ListedUser {
    id: String,
    name: String,
    email: String,
    role: &'static str,
}

async fn users(State(app): State<AppState>, caller: Member<perm::UsersWrite>) -> ApiResult<Json<Vec<ListedUser>>> {
    let tenant = caller.tenant().clone();
    let filter = crate::users::store::ListFilter { search: None, status: None, limit: 10_000, offset: 0 };
    let (rows, _) = app.db.read(move |c| crate::users::store::list(c, &tenant, &filter)).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| ListedUser {
                id: r.view.id.to_string(),
                name: r.view.name,
                email: r.view.email,
                role: salon_role(r.view.role),
            })
            .collect(),
    ))
}

#[derive(Deserialize)]
struct Device {
    token: String,
    platform: String,
}

fn salon_platform(text: &str) -> ApiResult<crate::users::me::Platform> {
    use crate::users::me::Platform;
    match text {
        "ios" => Ok(Platform::Ios),
        "android" => Ok(Platform::Android),
        "web" => Ok(Platform::Web),
        _ => Err(ApiError::validation("platform", crate::http::Msg::FieldInvalid)),
    }
}

async fn add_device(
    State(app): State<AppState>,
    caller: Principal,
    ApiJson(body): ApiJson<Device>,
) -> ApiResult<Json<Done>> {
    crate::users::me::save_device(
        &app,
        caller,
        crate::users::me::DeviceRequest { token: body.token, platform: salon_platform(&body.platform)? },
    )
    .await?;
    Ok(Json(Done { success: true }))
}

#[derive(Deserialize)]
struct DeviceToken {
    token: String,
}

async fn remove_device(
    State(app): State<AppState>,
    caller: Principal,
    ApiJson(body): ApiJson<DeviceToken>,
) -> ApiResult<Json<Done>> {
    crate::users::me::drop_device(&app, caller, body.token).await?;
    Ok(Json(Done { success: true }))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SetupStatus {
    needs_setup: bool,
}

async fn setup_status(State(app): State<AppState>) -> Json<SetupStatus> {
    Json(SetupStatus { needs_setup: !app.setup.is_completed() })
}

#[derive(Deserialize)]
struct SalonHours {
    day_of_week: u8,
    open_time: Option<String>,
    close_time: Option<String>,
    #[serde(default)]
    is_closed: bool,
}

#[derive(Deserialize)]
struct SalonSetup {
    admin_name: String,
    admin_email: String,
    admin_password: String,
    salon_name: String,
    salon_email: Option<String>,
    salon_phone: Option<String>,
    salon_address: Option<String>,
    opening_hours: Option<Vec<SalonHours>>,
    timezone: Option<String>,
    /// DESIGN §5: the setup code guards this path too.
    setup_code: Option<String>,
}

#[derive(Serialize)]
struct SetupUser {
    id: String,
    name: String,
    role: &'static str,
}

#[derive(Serialize)]
struct SetupReply {
    token: String,
    user: SetupUser,
}

async fn setup(
    State(app): State<AppState>,
    client: Client,
    lang: Lang,
    ApiJson(body): ApiJson<SalonSetup>,
) -> ApiResult<(StatusCode, Json<SetupReply>)> {
    let request = crate::setup::model::SetupRequest {
        admin_name: body.admin_name,
        admin_email: body.admin_email,
        admin_password: body.admin_password,
        salon_name: body.salon_name,
        salon_email: body.salon_email,
        salon_phone: body.salon_phone,
        salon_address: body.salon_address,
        timezone: body.timezone,
        opening_hours: body.opening_hours.map(|hours| {
            hours
                .into_iter()
                .map(|h| OpeningHours {
                    day_of_week: h.day_of_week,
                    open_time: h.open_time,
                    close_time: h.close_time,
                    is_closed: h.is_closed,
                })
                .collect()
        }),
        setup_code: body.setup_code,
    };
    let started = crate::setup::service::run(&app, &client, lang, request, true).await?;
    let token = access_token_lasting(&app, &started, app.config.auth.salon_access_token_ttl.0)?;
    let user =
        SetupUser { id: started.user.id.to_string(), name: started.user.name, role: salon_role(started.user.role) };
    Ok((StatusCode::CREATED, Json(SetupReply { token, user })))
}
