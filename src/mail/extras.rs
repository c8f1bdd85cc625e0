//! The rest of seed 001's e-mail settings: tracking (which Staffroom does not do), compliance
//! details and a footer (both added to every mail), and deliverability guidance for the
//! sender's domain. Stored as JSON values in `org_settings` under `email.*` keys.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::access::perm;
use crate::auth::{Member, Principal};
use crate::http::{ApiError, ApiJson, ApiOk, ApiResult, Envelope, Msg};
use crate::ids::TenantId;
use crate::state::AppState;

async fn load<T: for<'de> Deserialize<'de> + Default + Send + 'static>(
    app: &AppState,
    tenant: &TenantId,
    key: &'static str,
) -> ApiResult<T> {
    let tenant = tenant.clone();
    app.db.read(move |c| stored(c, &tenant, key)).await
}

pub fn stored<T: for<'de> Deserialize<'de> + Default>(
    c: &rusqlite::Connection,
    tenant: &TenantId,
    key: &str,
) -> ApiResult<T> {
    Ok(crate::orgs::store::stored_settings(c, tenant)?
        .remove(key)
        .and_then(|(value, _)| serde_json::from_value(value).ok())
        .unwrap_or_default())
}

async fn save<T: Serialize>(app: &AppState, caller: &Principal, key: &'static str, value: &T) -> ApiResult<()> {
    let value = serde_json::to_value(value).map_err(ApiError::internal)?;
    let (tenant, user, now) = (caller.tenant.clone(), caller.user.clone(), app.clock.now());
    app.db.write(move |tx| crate::orgs::store::save_setting(tx, &tenant, key, &value, &user, now)).await
}

/// Open and click tracking. Staffroom sends plain-text mail without pixels or rewritten links,
/// so both are always off.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Tracking {
    /// Always `false`: Staffroom does not track opens.
    #[schema(schema_with = crate::http::schema::always_false)]
    pub open_tracking: bool,
    /// Always `false`: Staffroom does not track clicks.
    #[schema(schema_with = crate::http::schema::always_false)]
    pub click_tracking: bool,
}

#[utoipa::path(get, path = "/api/v1/settings/email/tracking", tag = "email",
    responses((status = 200, body = Envelope<Tracking>)), security(("bearer" = [])))]
pub async fn get_tracking(_caller: Principal) -> ApiOk<Tracking> {
    ApiOk(Tracking::default())
}

/// Accepts only `false`: tracking people's mail is not something Staffroom does.
#[utoipa::path(put, path = "/api/v1/settings/email/tracking", tag = "email", request_body = Tracking,
    responses((status = 200, body = Envelope<Tracking>), (status = 400, description = "tracking cannot be turned on")), security(("bearer" = [])))]
pub async fn put_tracking(
    _admin: Member<perm::SettingsManage>,
    ApiJson(body): ApiJson<Tracking>,
) -> ApiResult<ApiOk<Tracking>> {
    if body.open_tracking {
        return Err(ApiError::validation("openTracking", Msg::TrackingUnsupported));
    }
    if body.click_tracking {
        return Err(ApiError::validation("clickTracking", Msg::TrackingUnsupported));
    }
    Ok(ApiOk(Tracking::default()))
}

/// Who sends the mail, by law (CAN-SPAM, GDPR): shown under every mail.
#[derive(Debug, Default, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Compliance {
    /// The business's legal name.
    #[schema(max_length = 200)]
    pub legal_name: Option<String>,
    #[schema(max_length = 300)]
    pub postal_address: Option<String>,
    /// Link to the privacy statement (`http://` or `https://`); empty clears it.
    #[schema(max_length = 300, pattern = "^(\\s*|\\s*https?://.*)$")]
    pub privacy_url: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/settings/email/compliance", tag = "email",
    responses((status = 200, body = Envelope<Compliance>)), security(("bearer" = [])))]
pub async fn get_compliance(State(app): State<AppState>, caller: Principal) -> ApiResult<ApiOk<Compliance>> {
    Ok(ApiOk(load(&app, &caller.tenant, "email.compliance").await?))
}

#[utoipa::path(put, path = "/api/v1/settings/email/compliance", tag = "email", request_body = Compliance,
    responses((status = 200, body = Envelope<Compliance>), (status = 400, description = "validation_failed")), security(("bearer" = [])))]
pub async fn put_compliance(
    State(app): State<AppState>,
    admin: Member<perm::SettingsManage>,
    ApiJson(body): ApiJson<Compliance>,
) -> ApiResult<ApiOk<Compliance>> {
    // Lengths count what was sent (the document's `maxLength`), then the text is trimmed.
    let clean = |field: &str, v: Option<String>, max: usize| -> ApiResult<Option<String>> {
        if v.as_ref().is_some_and(|s| s.chars().count() > max) {
            return Err(ApiError::validation(field, Msg::FieldTooLong));
        }
        Ok(v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
    };
    let privacy_url = clean("privacyUrl", body.privacy_url, 300)?;
    if privacy_url.as_ref().is_some_and(|u| !u.starts_with("https://") && !u.starts_with("http://")) {
        return Err(ApiError::validation("privacyUrl", Msg::FieldInvalid));
    }
    let value = Compliance {
        legal_name: clean("legalName", body.legal_name, 200)?,
        postal_address: clean("postalAddress", body.postal_address, 300)?,
        privacy_url,
    };
    save(&app, &admin, "email.compliance", &value).await?;
    Ok(ApiOk(value))
}

/// A few lines added to the end of every mail.
#[derive(Debug, Default, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Footer {
    #[schema(max_length = 1000)]
    pub text: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/settings/email/footer", tag = "email",
    responses((status = 200, body = Envelope<Footer>)), security(("bearer" = [])))]
pub async fn get_footer(State(app): State<AppState>, caller: Principal) -> ApiResult<ApiOk<Footer>> {
    Ok(ApiOk(load(&app, &caller.tenant, "email.footer").await?))
}

#[utoipa::path(put, path = "/api/v1/settings/email/footer", tag = "email", request_body = Footer,
    responses((status = 200, body = Envelope<Footer>), (status = 400, description = "too long")), security(("bearer" = [])))]
pub async fn put_footer(
    State(app): State<AppState>,
    admin: Member<perm::SettingsManage>,
    ApiJson(body): ApiJson<Footer>,
) -> ApiResult<ApiOk<Footer>> {
    if body.text.as_ref().is_some_and(|t| t.chars().count() > 1000) {
        return Err(ApiError::validation("text", Msg::FieldTooLong));
    }
    let text = body.text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    let value = Footer { text };
    save(&app, &admin, "email.footer", &value).await?;
    Ok(ApiOk(value))
}

/// What the sender's domain needs so mail is not marked as spam.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Deliverability {
    /// The domain of the effective `From:` address.
    pub domain: String,
    /// A TXT record for the domain, allowing the SMTP server to send for it.
    pub spf: String,
    /// A TXT record at `_dmarc.<domain>`.
    pub dmarc: String,
    /// DKIM keys come from the SMTP provider; this is the selector the tenant noted, if any.
    pub dkim_selector: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeliverabilityUpdate {
    #[schema(min_length = 1, max_length = 63, pattern = "^[A-Za-z0-9-]+$")]
    pub dkim_selector: Option<String>,
    #[schema(max_length = 2000)]
    pub notes: Option<String>,
}

async fn deliverability(app: &AppState, tenant: &TenantId, saved: DeliverabilityUpdate) -> ApiResult<Deliverability> {
    let t = tenant.clone();
    let stored = app.db.read(move |c| super::store::smtp_settings(c, &t)).await?;
    let from = super::smtp::sender(&app.config.mail, stored.as_ref());
    let domain = from.email.domain().to_string();
    let relay = stored.as_ref().and_then(|s| s.host.clone()).or_else(|| app.config.mail.smtp_host.clone());
    let spf = match relay {
        Some(host) => format!("v=spf1 a:{host} ~all"),
        None => "v=spf1 ~all".to_string(),
    };
    Ok(Deliverability {
        dmarc: format!("v=DMARC1; p=none; rua=mailto:postmaster@{domain}"),
        domain,
        spf,
        dkim_selector: saved.dkim_selector,
        notes: saved.notes,
    })
}

#[utoipa::path(get, path = "/api/v1/settings/email/deliverability", tag = "email",
    responses((status = 200, body = Envelope<Deliverability>)), security(("bearer" = [])))]
pub async fn get_deliverability(State(app): State<AppState>, caller: Principal) -> ApiResult<ApiOk<Deliverability>> {
    let saved = load(&app, &caller.tenant, "email.deliverability").await?;
    Ok(ApiOk(deliverability(&app, &caller.tenant, saved).await?))
}

#[utoipa::path(put, path = "/api/v1/settings/email/deliverability", tag = "email", request_body = DeliverabilityUpdate,
    responses((status = 200, body = Envelope<Deliverability>), (status = 400, description = "validation_failed")), security(("bearer" = [])))]
pub async fn put_deliverability(
    State(app): State<AppState>,
    admin: Member<perm::SettingsManage>,
    ApiJson(body): ApiJson<DeliverabilityUpdate>,
) -> ApiResult<ApiOk<Deliverability>> {
    if body
        .dkim_selector
        .as_ref()
        .is_some_and(|s| s.is_empty() || s.len() > 63 || !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    {
        return Err(ApiError::validation("dkimSelector", Msg::FieldInvalid));
    }
    if body.notes.as_ref().is_some_and(|n| n.chars().count() > 2000) {
        return Err(ApiError::validation("notes", Msg::FieldTooLong));
    }
    save(&app, &admin, "email.deliverability", &body).await?;
    Ok(ApiOk(deliverability(&app, admin.tenant(), body).await?))
}
