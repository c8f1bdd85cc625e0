use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::access::Role;
use crate::http::{ApiError, Msg};
use crate::ids::UserId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum UserStatus {
    Active,
    Invited,
    Inactive,
}

impl UserStatus {
    pub fn parse(text: &str) -> Option<UserStatus> {
        match text {
            "active" => Some(UserStatus::Active),
            "invited" => Some(UserStatus::Invited),
            "inactive" => Some(UserStatus::Inactive),
            _ => None,
        }
    }
}

impl rusqlite::types::FromSql for UserStatus {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let text = value.as_str()?;
        UserStatus::parse(text)
            .ok_or_else(|| rusqlite::types::FromSqlError::Other(format!("unknown status {text}").into()))
    }
}

/// The `user` object of every auth answer (DESIGN §5).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    pub id: UserId,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// `firstName lastName`.
    pub name: String,
    pub role: Role,
    /// The instance owner.
    pub super_admin: bool,
    pub status: UserStatus,
    pub locale: String,
    /// IANA time zone, or null for the location's.
    pub timezone: Option<String>,
    pub require_password_change: bool,
}

/// A syntactically plausible e-mail address, trimmed; compared lower-cased.
#[derive(Debug, Clone)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, text: &str) -> Result<Email, ApiError> {
        let text = text.trim();
        let valid = text.len() <= 254
            && text.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && local.len() <= 64
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
            })
            && !text.chars().any(|c| c.is_whitespace() || c.is_control())
            && text.matches('@').count() == 1;
        if valid { Ok(Email(text.to_string())) } else { Err(ApiError::validation(field, Msg::FieldEmail)) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The lower-cased form e-mails are matched by.
    pub fn key(&self) -> String {
        email_key(&self.0)
    }
}

pub fn email_key(text: &str) -> String {
    text.trim().to_lowercase()
}

/// Splits one `name` into first and last name: the last word becomes `lastName`, the rest
/// `firstName` (DESIGN §5).
pub fn split_name(name: &str) -> (String, String) {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.split_last() {
        Some((last, rest)) => (rest.join(" "), (*last).to_string()),
        None => (String::new(), String::new()),
    }
}

pub fn full_name(first: &str, last: &str) -> String {
    format!("{first} {last}").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_on_the_last_word() {
        assert_eq!(split_name("Anna de Vries"), ("Anna de".into(), "Vries".into()));
        assert_eq!(split_name("  Admin "), ("".into(), "Admin".into()));
        assert_eq!(full_name("", "Admin"), "Admin");
    }

    #[test]
    fn emails() {
        assert!(Email::parse("e", "anna@salon.nl").is_ok());
        assert_eq!(Email::parse("e", " Anna@Salon.NL ").unwrap().key(), "anna@salon.nl");
        for bad in ["anna", "anna@", "@salon.nl", "anna@salon", "an na@salon.nl", "a@b@c.nl", "anna@.nl"] {
            assert!(Email::parse("e", bad).is_err(), "{bad}");
        }
    }
}

/// Where a role stands: a caller may only hand out and manage roles up to their own.
pub fn rank(role: Role) -> u8 {
    match role {
        Role::User => 0,
        Role::Manager => 1,
        Role::TenantAdmin => 2,
        Role::Owner => 3,
    }
}

/// A user in lists and detail answers (`/api/v1/schema/user`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = User)]
pub struct UserItem {
    #[serde(flatten)]
    pub user: UserView,
    /// Read-only.
    #[schema(read_only)]
    pub created_at: String,
    /// Read-only.
    #[schema(read_only)]
    pub updated_at: String,
    pub email_verified: bool,
    /// A custom permission profile in place of the role's defaults.
    pub profile_id: Option<crate::ids::ProfileId>,
    /// With `?extended=true`: the user's tenant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant: Option<crate::tenants::model::TenantView>,
    /// With `?format=true`: display forms in the caller's language and the tenant's time zone.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub formatted: Option<UserFormatted>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
// Flattened as an `Option`: its fields are all present or all absent, so none is `required` in
// the schema (a client validating a plain answer must not look for them).
pub struct UserFormatted {
    #[schema(required = false)]
    pub role_formatted: String,
    #[schema(required = false)]
    pub status_formatted: String,
    #[schema(required = false)]
    pub created_at_formatted: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewUserRequest {
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub first_name: String,
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub last_name: String,
    /// Default `user`.
    pub role: Option<Role>,
    /// A custom permission profile (`GET /api/v1/users/profiles`).
    pub profile_id: Option<crate::ids::ProfileId>,
    /// The account's language, and the invitation's; default the organization's
    /// `general.default_locale`.
    pub locale: Option<crate::users::model::Locale>,
}

/// A language Staffroom speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    En,
    Nl,
}

impl From<Locale> for crate::http::Lang {
    fn from(locale: Locale) -> Self {
        match locale {
            Locale::En => crate::http::Lang::En,
            Locale::Nl => crate::http::Lang::Nl,
        }
    }
}

/// A partial update; read-only fields are ignored, unknown fields refused.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserUpdate {
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub first_name: Option<String>,
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub last_name: Option<String>,
    pub role: Option<Role>,
    /// `active` or `inactive` (same as activate / deactivate).
    pub status: Option<StatusChange>,
    /// A profile id, or `null` for the role's defaults.
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub profile_id: Option<Option<crate::ids::ProfileId>>,
    /// Read-only here (ignored); `id`, `createdAt` … are ignored by every update.
    #[serde(default, skip_serializing)]
    #[schema(read_only)]
    pub email: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AcceptInvitation {
    #[schema(min_length = 1)]
    pub token: String,
    #[schema(min_length = 8, max_length = 1024)]
    pub password: String,
}

/// What `PUT /users/{id}` may set the status to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum StatusChange {
    Active,
    Inactive,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InvitationCheck {
    #[schema(min_length = 1)]
    pub token: String,
}

/// Who an invitation is for and where.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InvitationPreview {
    /// The workplace's name.
    pub workplace: String,
    /// The address the invitation was sent to (the sign-in name).
    pub email: String,
    pub first_name: String,
}

/// Seed 002's admin-created account: a welcome mail with a temporary password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegisterRequest {
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    /// Full name; the last word becomes the last name.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: String,
    /// Default `user`.
    pub role: Option<Role>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct UserListQuery {
    /// Page number, from 1.
    #[serde(default, deserialize_with = "crate::http::page::page_number")]
    #[param(minimum = 1, maximum = 2147483647)]
    pub page: Option<u32>,
    /// Items per page: default 20, at most 100 (larger values are clamped).
    #[serde(default, deserialize_with = "crate::http::page::page_number")]
    #[param(minimum = 1, maximum = 2147483647)]
    pub limit: Option<u32>,
    /// Part of a name or e-mail address.
    pub search: Option<String>,
    pub status: Option<UserStatus>,
    /// Embed the tenant.
    #[serde(default)]
    pub extended: bool,
    /// Add `roleFormatted`, `statusFormatted`, `createdAtFormatted`.
    #[serde(default)]
    pub format: bool,
}
