use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use crate::ids::MailId;

/// A mail as the outbox viewer shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OutboxMail {
    pub id: MailId,
    /// `invitation`, `welcome`, `password_reset`, `password_changed`, `verify_email`, `otp`, `smtp_test`.
    pub kind: String,
    pub to: String,
    pub subject: String,
    /// The plain-text body, as it is (or will be) sent.
    pub body: String,
    /// `pending` or `sent`.
    pub status: String,
    pub attempts: i64,
    /// The SMTP server's last refusal or the connection error.
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub next_attempt_at: String,
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

/// Absent: unchanged; `null`: cleared.
fn double_option<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// A partial update of the tenant's SMTP settings. `host: null` goes back to the operator's config.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SmtpSettingsUpdate {
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub host: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<u16>)]
    pub port: Option<Option<u16>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub security: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub username: Option<Option<String>>,
    /// Write-only. `null` removes it.
    #[serde(default, deserialize_with = "double_option")]
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
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub from_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub from_email: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub reply_to: Option<Option<String>>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SmtpTestRequest {
    /// Where the test mail goes; default the caller's own address.
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
