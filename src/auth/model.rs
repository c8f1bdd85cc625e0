use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::access::Role;
use crate::tenants::model::TenantView;
use crate::users::model::UserView;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    #[schema(max_length = 1024)]
    pub password: String,
    /// Needed only when the e-mail is used in several tenants.
    pub tenant_slug: Option<String>,
    /// Return the refresh token in the body instead of cookies.
    #[serde(default)]
    pub mobile: bool,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RefreshRequest {
    /// Mobile clients send their refresh token here; web clients send none (cookie).
    pub refresh_token: Option<String>,
    #[serde(default)]
    pub mobile: bool,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogoutRequest {
    /// The mobile session's refresh token to revoke (web sessions use the cookie).
    pub refresh_token: Option<String>,
}

/// The answer of login, setup and refresh (DESIGN §5).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TokenAnswer {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Only for mobile clients; web clients get the `workforce_refresh` cookie.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub user: UserView,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MeView {
    pub user: UserView,
    pub tenant: TenantView,
    pub roles: Vec<Role>,
    pub permissions: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MyPermissions {
    pub role: Role,
    pub permissions: Vec<String>,
}

/// Public facts the login page needs (DESIGN §5).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthConfigView {
    /// Always `org`.
    pub portal: &'static str,
    /// Always `email`.
    pub login_identifier: &'static str,
    /// The only tenant's slug, or null when there are none or several.
    pub tenant_slug: Option<String>,
    pub needs_setup: bool,
    /// Channels for one-time-code login: `email`, and `phone` when an SMS webhook is configured.
    pub otp_channels: Vec<&'static str>,
    /// Whether new tenants may register.
    pub registration_open: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckEmailRequest {
    pub email: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CheckEmailView {
    /// True only for a super admin's e-mail, so it reveals nothing about staff.
    pub exists: bool,
}
