//! The signed-in user's own profile, preferences and push device tokens (seeds 001, 002).

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::clock::format_ts;
use crate::http::{ApiError, ApiJson, ApiOk, ApiResult, Envelope, Msg};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub phone: Option<String>,
    /// A signed link to the picture (an `<img>` can use it for a day); null without one.
    pub avatar: Option<String>,
    /// The picture's file (`POST /api/v1/files/presign`, an image).
    pub avatar_file_id: Option<crate::ids::FileId>,
    pub timezone: Option<String>,
    pub locale: String,
}

/// Partial; `null` clears phone or timezone.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = MyProfileUpdate)]
pub struct ProfileUpdate {
    /// Digits, spaces and `+-().`; empty or `null` clears it.
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>, max_length = 32, pattern = "^[0-9 +\\-().]*$")]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(schema_with = crate::http::schema::timezone_or_null)]
    pub timezone: Option<Option<String>>,
    /// `en`, `nl`, or with a region (`en-US`, `nl-BE`).
    #[schema(pattern = "^(en|nl)(-[A-Z]{2})?$")]
    pub locale: Option<String>,
    /// An image the caller uploaded; `null` takes the picture away.
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub avatar_file_id: Option<Option<crate::ids::FileId>>,
}

fn read_profile(c: &rusqlite::Connection, p: &Principal) -> ApiResult<Profile> {
    Ok(c.prepare_cached("SELECT phone, timezone, locale, avatar_file_id FROM users WHERE id = ?1 AND tenant_id = ?2")?
        .query_row((&p.user, &p.tenant), |r| {
            Ok(Profile {
                phone: r.get(0)?,
                avatar: None,
                avatar_file_id: r.get(3)?,
                timezone: r.get(1)?,
                locale: r.get(2)?,
            })
        })?)
}

fn with_avatar(app: &AppState, caller: &Principal, mut profile: Profile) -> Profile {
    profile.avatar = profile.avatar_file_id.as_ref().map(|f| crate::files::routes::image_url(app, caller.tenant(), f));
    profile
}

/// Phone, avatar, time zone and language.
#[utoipa::path(get, path = "/api/v1/auth/me/profile", tag = "me",
    responses((status = 200, body = Envelope<Profile>), (status = 401, description = "not signed in")), security(("bearer" = [])))]
pub async fn get_profile(State(app): State<AppState>, caller: Principal) -> ApiResult<ApiOk<Profile>> {
    let who = caller.clone();
    let profile = app.db.read(move |c| read_profile(c, &who)).await?;
    Ok(ApiOk(with_avatar(&app, &caller, profile)))
}

/// `+31 6 1234-5678` → `+31612345678`: how phone numbers are matched. Numbers match in their
/// international form; a national form (`06 …`) is not rewritten.
pub fn phone_key(text: &str) -> String {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    format!("+{}", digits.trim_start_matches('0'))
}

fn valid_locale(text: &str) -> bool {
    let (lang, region) = text.split_once('-').map_or((text, None), |(l, r)| (l, Some(r)));
    matches!(lang, "en" | "nl") && region.is_none_or(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()))
}

#[utoipa::path(put, path = "/api/v1/auth/me/profile", tag = "me", request_body = ProfileUpdate,
    responses((status = 200, body = Envelope<Profile>), (status = 400, description = "validation_failed"),
        (status = 404, description = "`avatarFileId` is not a stored file the caller uploaded")),
    security(("bearer" = [])))]
pub async fn put_profile(
    State(app): State<AppState>,
    caller: Principal,
    ApiJson(body): ApiJson<ProfileUpdate>,
) -> ApiResult<ApiOk<Profile>> {
    let phone = body.phone.map(|p| p.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()));
    if let Some(Some(p)) = &phone
        && (p.len() > 32 || !p.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)))
    {
        return Err(ApiError::validation("phone", Msg::FieldInvalid));
    }
    if let Some(Some(tz)) = &body.timezone
        && jiff::tz::TimeZone::get(tz).is_err()
    {
        return Err(ApiError::validation("timezone", Msg::FieldTimezone));
    }
    if let Some(locale) = &body.locale
        && !valid_locale(locale)
    {
        return Err(ApiError::validation("locale", Msg::FieldInvalid));
    }
    let now = format_ts(app.clock.now());
    let who = caller.clone();
    let avatar = body.avatar_file_id;
    let profile = app
        .db
        .write(move |tx| {
            let caller = who;
            if let Some(picture) = &avatar {
                if let Some(file) = picture {
                    crate::files::routes::own_image(tx, &caller.tenant, &caller.user, file)?;
                }
                tx.prepare_cached("UPDATE users SET avatar_file_id = ?3 WHERE id = ?1 AND tenant_id = ?2")?
                    .execute((&caller.user, &caller.tenant, picture))?;
            }
            tx.prepare_cached(
                "UPDATE users SET phone = CASE WHEN ?3 THEN ?4 ELSE phone END,
                                  phone_key = CASE WHEN ?3 THEN ?9 ELSE phone_key END,
                                  timezone = CASE WHEN ?5 THEN ?6 ELSE timezone END,
                                  locale = coalesce(?7, locale), updated_at = ?8
                 WHERE id = ?1 AND tenant_id = ?2",
            )?
            .execute(rusqlite::params![
                caller.user,
                caller.tenant,
                phone.is_some(),
                phone.clone().flatten(),
                body.timezone.is_some(),
                body.timezone.clone().flatten(),
                body.locale,
                now,
                phone.clone().flatten().map(|p| phone_key(&p))
            ])?;
            read_profile(tx, &caller)
        })
        .await?;
    Ok(ApiOk(with_avatar(&app, &caller, profile)))
}

/// Preferences: a JSON object of the user's UI and notification settings.
#[utoipa::path(get, path = "/api/v1/auth/me/preferences", tag = "me",
    responses((status = 200, body = Envelope<Object>), (status = 401, description = "not signed in")), security(("bearer" = [])))]
pub async fn get_preferences(State(app): State<AppState>, caller: Principal) -> ApiResult<ApiOk<serde_json::Value>> {
    let text: String = app
        .db
        .read(move |c| {
            Ok(c.prepare_cached("SELECT preferences FROM users WHERE id = ?1")?
                .query_row([&caller.user], |r| r.get(0))?)
        })
        .await?;
    Ok(ApiOk(serde_json::from_str(&text).unwrap_or_else(|_| serde_json::json!({}))))
}

const PREFERENCES_LIMIT: usize = 16 * 1024;

/// Merges the given keys into the preferences (`null` removes a key). At most 16 KiB.
#[utoipa::path(put, path = "/api/v1/auth/me/preferences", tag = "me", request_body = Object,
    responses((status = 200, body = Envelope<Object>), (status = 400, description = "validation_failed")), security(("bearer" = [])))]
pub async fn put_preferences(
    State(app): State<AppState>,
    caller: Principal,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> ApiResult<ApiOk<serde_json::Value>> {
    let serde_json::Value::Object(changes) = body else {
        return Err(ApiError::validation("body", Msg::FieldWrongType));
    };
    let now = format_ts(app.clock.now());
    let merged = app
        .db
        .write(move |tx| {
            let text: String = tx
                .prepare_cached("SELECT preferences FROM users WHERE id = ?1")?
                .query_row([&caller.user], |r| r.get(0))?;
            let mut current = match serde_json::from_str(&text) {
                Ok(serde_json::Value::Object(map)) => map,
                _ => serde_json::Map::new(),
            };
            for (key, value) in changes {
                if value.is_null() {
                    current.remove(&key);
                } else {
                    current.insert(key, value);
                }
            }
            let text = serde_json::Value::Object(current.clone()).to_string();
            if text.len() > PREFERENCES_LIMIT {
                return Err(ApiError::validation("body", Msg::FieldTooLong));
            }
            tx.prepare_cached("UPDATE users SET preferences = ?2, updated_at = ?3 WHERE id = ?1")?.execute((
                &caller.user,
                &text,
                &now,
            ))?;
            Ok(serde_json::Value::Object(current))
        })
        .await?;
    Ok(ApiOk(merged))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeviceRequest {
    /// The push token.
    #[schema(min_length = 1, max_length = 512)]
    pub token: String,
    pub platform: Platform,
}

/// Where a push token comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Ios,
    Android,
    Web,
}

impl Platform {
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Ios => "ios",
            Platform::Android => "android",
            Platform::Web => "web",
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeviceRemoval {
    #[schema(min_length = 1, max_length = 512)]
    pub token: String,
}

/// Registers a push device token for the caller; a token another user registered before moves
/// to the caller (one device, one person).
#[utoipa::path(post, path = "/api/v1/auth/device", tag = "me", request_body = DeviceRequest,
    responses((status = 200, description = "`data: null`"), (status = 400, description = "validation_failed")), security(("bearer" = [])))]
pub async fn register_device(
    State(app): State<AppState>,
    caller: Principal,
    ApiJson(body): ApiJson<DeviceRequest>,
) -> ApiResult<ApiOk<()>> {
    save_device(&app, caller, body).await?;
    Ok(ApiOk(()))
}

/// Stores the device token for `caller`, taking it over from whoever had it.
pub async fn save_device(app: &AppState, caller: Principal, body: DeviceRequest) -> ApiResult<()> {
    if body.token.is_empty() || body.token.chars().count() > 512 {
        return Err(ApiError::validation("token", Msg::FieldInvalid));
    }
    let now = format_ts(app.clock.now());
    app.db
        .write(move |tx| {
            tx.prepare_cached(
                "INSERT INTO device_tokens (token, user_id, tenant_id, platform, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)
                 ON CONFLICT (token) DO UPDATE SET user_id = ?2, tenant_id = ?3, platform = ?4, updated_at = ?5",
            )?
            .execute((&body.token, &caller.user, &caller.tenant, body.platform.as_str(), &now))?;
            Ok(())
        })
        .await
}

/// Removes one of the caller's device tokens.
#[utoipa::path(delete, path = "/api/v1/auth/device", tag = "me", request_body = DeviceRemoval,
    responses((status = 200, description = "`data: null`"), (status = 404, description = "not the caller's token")), security(("bearer" = [])))]
pub async fn remove_device(
    State(app): State<AppState>,
    caller: Principal,
    ApiJson(body): ApiJson<DeviceRemoval>,
) -> ApiResult<ApiOk<()>> {
    drop_device(&app, caller, body.token).await?;
    Ok(ApiOk(()))
}

/// Removes one of `caller`'s device tokens (404 when it is not theirs).
pub async fn drop_device(app: &AppState, caller: Principal, token: String) -> ApiResult<()> {
    app.db
        .write(move |tx| {
            let n = tx
                .prepare_cached("DELETE FROM device_tokens WHERE token = ?1 AND user_id = ?2")?
                .execute((&token, &caller.user))?;
            if n == 0 { Err(ApiError::NotFound) } else { Ok(()) }
        })
        .await
}
