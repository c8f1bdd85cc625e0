use serde::Serialize;
use utoipa::ToSchema;

use crate::access::Role;
use crate::http::{ApiError, Msg};
use crate::ids::UserId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
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
