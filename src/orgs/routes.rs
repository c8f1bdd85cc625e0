use std::collections::BTreeMap;

use axum::extract::State;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::settings::{self, SettingView};
use crate::access::perm;
use crate::auth::{Member, Principal};
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiResult, Envelope};
use crate::state::AppState;

async fn all(app: &AppState, caller: &Principal) -> ApiResult<Vec<SettingView>> {
    let tenant = caller.tenant.clone();
    let mut stored = app.db.read(move |c| super::store::stored_settings(c, &tenant)).await?;
    Ok(settings::CATALOG.iter().map(|s| s.view(stored.remove(s.key))).collect())
}

/// Every setting as a `key → value` map (defaults included).
#[utoipa::path(get, path = "/api/v1/org-settings", tag = "org-settings",
    responses((status = 200, body = Envelope<Object>), (status = 401, description = "not signed in")), security(("bearer" = [])))]
pub async fn list(State(app): State<AppState>, caller: Principal) -> ApiResult<ApiOk<BTreeMap<&'static str, Value>>> {
    Ok(ApiOk(all(&app, &caller).await?.into_iter().map(|s| (s.key, s.value)).collect()))
}

/// The settings of one category, with types, defaults and descriptions.
#[utoipa::path(get, path = "/api/v1/org-settings/by-category/{category}", tag = "org-settings", params(("category" = String, Path)),
    responses((status = 200, body = Envelope<Vec<SettingView>>), (status = 404, description = "no such category")), security(("bearer" = [])))]
pub async fn by_category(
    State(app): State<AppState>,
    caller: Principal,
    ApiPath(category): ApiPath<String>,
) -> ApiResult<ApiOk<Vec<SettingView>>> {
    let views: Vec<SettingView> = all(&app, &caller).await?.into_iter().filter(|s| s.category == category).collect();
    if views.is_empty() { Err(ApiError::NotFound) } else { Ok(ApiOk(views)) }
}

/// One setting.
#[utoipa::path(get, path = "/api/v1/org-settings/{key}", tag = "org-settings", params(("key" = String, Path)),
    responses((status = 200, body = Envelope<SettingView>), (status = 404, description = "no such setting")), security(("bearer" = [])))]
pub async fn get(
    State(app): State<AppState>,
    caller: Principal,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<ApiOk<SettingView>> {
    let view = all(&app, &caller).await?.into_iter().find(|s| s.key == key).ok_or(ApiError::NotFound)?;
    Ok(ApiOk(view))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingUpdate {
    /// A value of the setting's type.
    pub value: Value,
}

/// Changes one setting (validated against its type).
#[utoipa::path(put, path = "/api/v1/org-settings/{key}", tag = "org-settings", params(("key" = String, Path)), request_body = SettingUpdate,
    responses((status = 200, body = Envelope<SettingView>), (status = 400, description = "wrong type or out of range"),
        (status = 403, description = "needs settings.manage"), (status = 404, description = "no such setting")),
    security(("bearer" = [])))]
pub async fn put(
    State(app): State<AppState>,
    caller: Member<perm::SettingsManage>,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<SettingUpdate>,
) -> ApiResult<ApiOk<SettingView>> {
    let setting = settings::find(&key).ok_or(ApiError::NotFound)?;
    setting.validate(&body.value)?;
    let now = app.clock.now();
    let (tenant, user, value) = (caller.tenant.clone(), caller.user.clone(), body.value.clone());
    app.db
        .write(move |tx| {
            super::store::save_setting(tx, &tenant, setting.key, &value, &user, now)?;
            crate::audit::by_user(
                tx,
                &tenant,
                &user,
                "settings.changed",
                serde_json::json!({ "key": setting.key, "value": value }),
                now,
            )
        })
        .await?;
    Ok(ApiOk(setting.view(Some((body.value, crate::clock::format_ts(now))))))
}
