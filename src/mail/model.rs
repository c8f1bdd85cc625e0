use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::ids::MailId;

/// A mail as the outbox viewer shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OutboxMail {
    pub id: MailId,
    /// `invitation`, `welcome`, `password_reset`, `password_changed`, `verify_email`, `otp`,
    /// `smtp_changed`, `backup_failed`.
    pub kind: String,
    pub to: String,
    pub subject: String,
    /// The plain-text body, as it is (or will be) sent; `null` when it is hidden (see `hidden`).
    pub body: Option<String>,
    /// Why the body is not shown: `secret` (it carries a sign-in code, reset link, temporary
    /// password or verification link, shown only to its recipient) or `spent` (its link or code
    /// was used or expired, so it is of no use and will not be sent).
    #[schema(value_type = Option<String>)]
    pub hidden: Option<&'static str>,
    /// `pending`, `sent`, `cancelled` (its link was used or expired before it went out),
    /// `handled` or `discarded` (closed by an admin).
    pub status: String,
    pub attempts: i64,
    /// The SMTP server's last refusal or the connection error.
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub next_attempt_at: String,
    /// When it was cancelled, handled or discarded.
    pub closed_at: Option<String>,
}

/// How an admin closes a waiting mail.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OutboxClose {
    /// `handled`: passed on another way (the link given in person); `discarded`: not to be sent.
    pub status: OutboxCloseStatus,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum OutboxCloseStatus {
    Handled,
    Discarded,
}

impl OutboxCloseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxCloseStatus::Handled => "handled",
            OutboxCloseStatus::Discarded => "discarded",
        }
    }
}

/// A tenant's stored e-mail settings (the password sealed).
#[derive(Debug, Clone, Default)]
pub struct StoredSmtp {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub security: Option<String>,
    pub username: Option<String>,
    pub password_sealed: Option<String>,
    pub from_name: Option<String>,
    pub from_email: Option<String>,
    pub reply_to: Option<String>,
    pub updated_at: String,
    /// The business name and address from setup (read only): the sender when no one set another.
    pub business_name: Option<String>,
    pub business_email: Option<String>,
}

/// The SMTP settings in effect for the tenant. The password is never returned.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SmtpSettingsView {
    /// `tenant` (saved here), `config` (the operator's config file), or `none` (mails wait in the outbox).
    pub source: &'static str,
    pub host: Option<String>,
    pub port: Option<u16>,
    /// `none`, `starttls` or `tls`.
    pub security: Option<String>,
    pub username: Option<String>,
    /// Whether a password is stored (it is write-only).
    pub password_set: bool,
}

/// A partial update of the tenant's SMTP settings. `host: null` goes back to the operator's config.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SmtpSettingsUpdate {
    /// A host name or IP address that resolves to a public address (unless the operator allows
    /// private ones).
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>, max_length = 253, pattern = "^[A-Za-z0-9.:\\[\\]-]*$")]
    pub host: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<u16>, minimum = 1, maximum = 65535)]
    pub port: Option<Option<u16>>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<crate::config::SmtpSecurity>)]
    pub security: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>)]
    pub username: Option<Option<String>>,
    /// Write-only. `null` removes it.
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>, write_only)]
    pub password: Option<Option<String>>,
}

/// Sender defaults.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SenderView {
    pub from_name: Option<String>,
    pub from_email: Option<String>,
    pub reply_to: Option<String>,
    /// The `From:` header mails go out with.
    pub effective_from: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SenderUpdate {
    /// Empty or `null` clears it. No `<`, `>`, `"` or line breaks.
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>, max_length = 100, pattern = "^[^<>\"\\u0000-\\u001f\\u007f-\\u009f]*$")]
    pub from_name: Option<Option<String>>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>, format = Email, max_length = 254)]
    pub from_email: Option<Option<String>>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "crate::http::json::double_option")]
    #[schema(value_type = Option<String>, format = Email, max_length = 254)]
    pub reply_to: Option<Option<String>>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SmtpTestRequest {
    /// Where the test mail goes; default the caller's own address.
    #[schema(format = Email, max_length = 254)]
    pub to: Option<String>,
}

/// What the SMTP server said to the test mail.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SmtpTestResult {
    pub delivered: bool,
    /// The server's reply, or the connection error.
    pub response: String,
}

/// Readiness of e-mail for the tenant.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailStatus {
    /// An SMTP server is configured (here or in the operator's config).
    pub configured: bool,
    pub source: &'static str,
    pub effective_from: String,
    /// This tenant's mails waiting in the outbox.
    pub pending: u64,
    /// The newest delivery error; only shown to holders of `settings.manage`.
    pub last_error: Option<String>,
}
