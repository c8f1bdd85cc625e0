//! Settings: TOML file < environment < flags, each layer over the embedded defaults
//! (DESIGN §1). Works with no file at all. `config.example.toml` lists every key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub server: ServerConfig,
    pub storage: StorageConfig,
    pub auth: AuthConfig,
    pub mail: MailConfig,
    pub tenants: TenantsConfig,
    pub sms: SmsConfig,
    pub rate_limits: RateLimitConfig,
    pub backup: BackupConfig,
    pub metrics: MetricsConfig,
    pub realtime: RealtimeConfig,
    pub files: FilesConfig,
    pub log: LogConfig,
}

/// `mail.from` when the operator set none; mails then go out from the business address of setup.
pub const DEFAULT_MAIL_FROM: &str = "Staffroom <staffroom@localhost>";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Address to listen on.
    pub listen: String,
    /// The origin users reach the server at (`https://staff.example.com`); links in e-mails
    /// and the `Secure` cookie flag follow it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
    /// Reverse proxies (IPs or CIDRs) whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed.
    pub trusted_proxies: Vec<String>,
    /// Time a client has to send a request's headers; also how long an idle keep-alive
    /// connection stays open.
    pub header_read_timeout: Dur,
    /// Longest time one request (body read and handler) may take.
    pub request_timeout: Dur,
    /// On SIGTERM / Ctrl-C, how long in-flight requests get to finish.
    pub shutdown_grace: Dur,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: "0.0.0.0:8080".into(),
            public_url: None,
            trusted_proxies: Vec::new(),
            header_read_timeout: Dur::secs(10),
            request_timeout: Dur::secs(30),
            shutdown_grace: Dur::secs(20),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Synchronous {
    Full,
    Normal,
}

impl Synchronous {
    pub fn pragma_value(self) -> i64 {
        match self {
            Synchronous::Full => 2,
            Synchronous::Normal => 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StorageConfig {
    /// FULL: an acknowledged write survives power loss. NORMAL: faster, may lose the last
    /// commits on power loss (never corrupts).
    pub synchronous: Synchronous,
    /// Read connections in the pool.
    pub read_connections: u32,
    /// Most jobs one group commit takes.
    pub batch_max_jobs: u32,
    /// Longest time the writer keeps adding jobs to one group commit.
    pub batch_max_time: Dur,
    /// How often the WAL is checkpointed (truncated) and `PRAGMA optimize` runs.
    pub maintenance_interval: Dur,
}

impl Default for StorageConfig {
    fn default() -> Self {
        Self {
            synchronous: Synchronous::Full,
            read_connections: 4,
            batch_max_jobs: 256,
            batch_max_time: Dur::millis(10),
            maintenance_interval: Dur::secs(24 * 3600),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthConfig {
    /// Lifetime of an access token (JWT).
    pub access_token_ttl: Dur,
    /// Lifetime of a refresh token; every refresh issues a new one, so this is also the idle expiry.
    pub refresh_token_ttl: Dur,
    /// A just-spent refresh token presented again within this window (a lost answer, a second
    /// tab) gets another successor instead of revoking the session.
    pub refresh_reuse_grace: Dur,
    /// Lifetime of the access tokens the salon API (`/api/auth/…`, seed 002) issues: its web
    /// clients get no refresh token, so their token lasts a working day.
    pub salon_access_token_ttl: Dur,
    /// Setup needs the code printed at start. Turn off only for automated installs.
    pub require_setup_code: bool,
}

impl AuthConfig {
    /// The longest an access token of any dialect lives (how long a revoked session is remembered).
    pub fn longest_access_ttl(&self) -> std::time::Duration {
        self.access_token_ttl.0.max(self.salon_access_token_ttl.0)
    }
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            access_token_ttl: Dur::secs(15 * 60),
            refresh_token_ttl: Dur::secs(30 * 24 * 3600),
            refresh_reuse_grace: Dur::secs(10),
            salon_access_token_ttl: Dur::secs(8 * 3600),
            require_setup_code: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain SMTP (a relay on the same machine or network).
    None,
    /// SMTP, upgraded with STARTTLS (port 587).
    Starttls,
    /// SMTP over TLS from the first byte (port 465).
    Tls,
}

impl SmtpSecurity {
    pub fn parse(text: &str) -> Option<SmtpSecurity> {
        match text {
            "none" => Some(SmtpSecurity::None),
            "starttls" => Some(SmtpSecurity::Starttls),
            "tls" => Some(SmtpSecurity::Tls),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SmtpSecurity::None => "none",
            SmtpSecurity::Starttls => "starttls",
            SmtpSecurity::Tls => "tls",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailConfig {
    /// The SMTP server for every tenant without SMTP settings of its own. Unset: mails wait in
    /// the outbox, where admins can read them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smtp_host: Option<String>,
    pub smtp_port: u16,
    pub smtp_security: SmtpSecurity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smtp_username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smtp_password: Option<String>,
    /// Sender address, `Name <address>` or `address`.
    pub from: String,
    /// Let tenant admins point SMTP at loopback or private addresses.
    pub allow_private_hosts: bool,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            smtp_host: None,
            smtp_port: 587,
            smtp_security: SmtpSecurity::Starttls,
            smtp_username: None,
            smtp_password: None,
            from: DEFAULT_MAIL_FROM.into(),
            allow_private_hosts: false,
        }
    }
}

/// Text messages (sign-in codes by phone) go to a webhook of the operator's SMS provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct SmsConfig {
    /// Receives `POST {"to": "+31…", "message": "…"}`. Unset: no codes by phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
    /// A header sent with each call, `Name: value` (e.g. `Authorization: Bearer …`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_auth_header: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct TenantsConfig {
    /// Let anyone register another tenant (another business) on this instance.
    pub allow_registration: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimitConfig {
    /// Off only for benchmarks on a closed machine.
    pub enabled: bool,
    /// Client IPs (or CIDRs) never limited, e.g. a load generator on loopback.
    pub allowlist: Vec<String>,
    /// Login attempts per client IP per minute.
    pub login_per_ip_per_minute: u32,
    /// Failed sign-ins of an account before each further try must wait (1 s, doubling, at most
    /// 15 minutes). A browser that signed in to the account before has its own count.
    pub login_failures_per_account: u32,
    /// Wrong setup codes per client IP per minute.
    pub setup_code_failures_per_ip_per_minute: u32,
    /// `check-email` calls per client IP per minute.
    pub check_email_per_ip_per_minute: u32,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            allowlist: Vec::new(),
            login_per_ip_per_minute: 30,
            login_failures_per_account: 10,
            setup_code_failures_per_ip_per_minute: 10,
            check_email_per_ip_per_minute: 20,
        }
    }
}

/// Scheduled online backups: one archive (database, secrets, uploads, config) every `interval`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BackupConfig {
    pub enabled: bool,
    pub interval: Dur,
    /// Archives kept; older ones are deleted after a new one is verified.
    pub keep: u32,
    /// Where archives go. Unset: `<data dir>/backups/scheduled`. Better on another disk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dir: Option<PathBuf>,
}

impl Default for BackupConfig {
    fn default() -> Self {
        Self { enabled: true, interval: Dur::secs(24 * 3600), keep: 7, dir: None }
    }
}

/// Prometheus metrics at `/metrics`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsConfig {
    pub enabled: bool,
    /// Scrapers send `Authorization: Bearer <token>`. Unset: only clients on loopback get in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

impl Default for MetricsConfig {
    fn default() -> Self {
        Self { enabled: true, token: None }
    }
}

/// Uploads (DESIGN §6): chat attachments and avatars, stored under `<data dir>/uploads`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FilesConfig {
    /// Largest upload in bytes.
    pub max_upload_bytes: u64,
    /// Bytes one workplace may store in all.
    pub tenant_quota_bytes: u64,
    /// Content types accepted beyond png, jpeg, webp, gif, pdf and plain text; they are only
    /// ever served as downloads (`attachment`, sandboxed).
    pub extra_types: Vec<String>,
}

impl Default for FilesConfig {
    fn default() -> Self {
        Self { max_upload_bytes: 25 * 1024 * 1024, tenant_quota_bytes: 2 * 1024 * 1024 * 1024, extra_types: Vec::new() }
    }
}

/// The real-time hub at `/api/v1/ws` (DESIGN §8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RealtimeConfig {
    /// Open sockets one person may hold (tabs, phones); one more is refused with 1008.
    pub max_connections_per_user: u32,
    /// Open sockets in all; one more is refused with 1013 (try again later).
    pub max_connections: u32,
    /// Frames a client may send in a minute; more close the socket with 1008.
    pub frames_per_minute: u32,
}

impl Default for RealtimeConfig {
    fn default() -> Self {
        Self { max_connections_per_user: 10, max_connections: 10_000, frames_per_minute: 240 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// A tracing filter: `info`, `debug` (one line per request), `staffroom=debug,warn` …
    pub level: String,
    pub format: LogFormat,
}

impl Default for LogConfig {
    fn default() -> Self {
        Self { level: "info".into(), format: LogFormat::Text }
    }
}

/// A duration written as `"15m"`, `"30d"`, `"500ms"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dur(pub Duration);

impl Dur {
    pub const fn secs(s: u64) -> Dur {
        Dur(Duration::from_secs(s))
    }
    pub const fn millis(ms: u64) -> Dur {
        Dur(Duration::from_millis(ms))
    }
}

impl Serialize for Dur {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&humantime::format_duration(self.0).to_string())
    }
}

impl<'de> Deserialize<'de> for Dur {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        humantime::parse_duration(&text)
            .map(Dur)
            .map_err(|e| serde::de::Error::custom(format!("`{text}` is not a duration like \"15m\" or \"30d\": {e}")))
    }
}

/// How an environment value is turned into a TOML value.
#[derive(Clone, Copy)]
enum Kind {
    Str,
    Int,
    Bool,
    /// Comma-separated.
    List,
}

/// Every key, its type for environment parsing, and whether it is a secret (redacted by
/// `config check`). A test checks this list against the struct and config.example.toml.
const KEYS: &[(&str, &str, Kind, bool)] = &[
    ("server", "listen", Kind::Str, false),
    ("server", "public_url", Kind::Str, false),
    ("server", "trusted_proxies", Kind::List, false),
    ("server", "header_read_timeout", Kind::Str, false),
    ("server", "request_timeout", Kind::Str, false),
    ("server", "shutdown_grace", Kind::Str, false),
    ("storage", "synchronous", Kind::Str, false),
    ("storage", "read_connections", Kind::Int, false),
    ("storage", "batch_max_jobs", Kind::Int, false),
    ("storage", "batch_max_time", Kind::Str, false),
    ("storage", "maintenance_interval", Kind::Str, false),
    ("auth", "access_token_ttl", Kind::Str, false),
    ("auth", "refresh_token_ttl", Kind::Str, false),
    ("auth", "refresh_reuse_grace", Kind::Str, false),
    ("auth", "salon_access_token_ttl", Kind::Str, false),
    ("auth", "require_setup_code", Kind::Bool, false),
    ("mail", "smtp_host", Kind::Str, false),
    ("mail", "smtp_port", Kind::Int, false),
    ("mail", "smtp_security", Kind::Str, false),
    ("mail", "smtp_username", Kind::Str, false),
    ("mail", "smtp_password", Kind::Str, true),
    ("mail", "from", Kind::Str, false),
    ("mail", "allow_private_hosts", Kind::Bool, false),
    ("tenants", "allow_registration", Kind::Bool, false),
    ("sms", "webhook_url", Kind::Str, false),
    ("sms", "webhook_auth_header", Kind::Str, true),
    ("rate_limits", "enabled", Kind::Bool, false),
    ("rate_limits", "allowlist", Kind::List, false),
    ("rate_limits", "login_per_ip_per_minute", Kind::Int, false),
    ("rate_limits", "login_failures_per_account", Kind::Int, false),
    ("rate_limits", "setup_code_failures_per_ip_per_minute", Kind::Int, false),
    ("rate_limits", "check_email_per_ip_per_minute", Kind::Int, false),
    ("backup", "enabled", Kind::Bool, false),
    ("backup", "interval", Kind::Str, false),
    ("backup", "keep", Kind::Int, false),
    ("backup", "dir", Kind::Str, false),
    ("metrics", "enabled", Kind::Bool, false),
    ("metrics", "token", Kind::Str, true),
    ("realtime", "max_connections_per_user", Kind::Int, false),
    ("realtime", "max_connections", Kind::Int, false),
    ("realtime", "frames_per_minute", Kind::Int, false),
    ("files", "max_upload_bytes", Kind::Int, false),
    ("files", "tenant_quota_bytes", Kind::Int, false),
    ("files", "extra_types", Kind::List, false),
    ("log", "level", Kind::Str, false),
    ("log", "format", Kind::Str, false),
];

/// The keys as `section.key`, for tests and docs.
pub fn keys() -> impl Iterator<Item = String> {
    KEYS.iter().map(|(s, k, _, _)| format!("{s}.{k}"))
}

/// Values given on the command line (highest precedence).
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub listen: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("config file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("environment variable {name}: {message}")]
    Env { name: String, message: String },
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

impl Config {
    /// Loads the effective configuration from an optional file, the environment and flags.
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
        flags: &Overrides,
    ) -> Result<Config, ConfigError> {
        let mut table = match file {
            Some(path) => {
                let text =
                    std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.into(), source })?;
                toml::from_str::<toml::Table>(&text)
                    .map_err(|e| ConfigError::Parse { path: path.into(), message: e.message().to_string() })?
            }
            None => toml::Table::new(),
        };
        let file_label = file.map(|p| p.display().to_string()).unwrap_or_else(|| "(none)".into());

        let mut env: BTreeMap<String, String> = env.into_iter().collect();
        if let Some(listen) = env.remove("STAFFROOM_LISTEN") {
            env.insert("STAFFROOM_SERVER__LISTEN".into(), listen);
        }
        for (name, value) in &env {
            let Some(rest) = name.strip_prefix("STAFFROOM_") else { continue };
            let Some((section, key)) = rest.split_once("__") else { continue };
            let (section, mut key) = (section.to_ascii_lowercase(), key.to_ascii_lowercase());
            let mut value = value.clone();
            if !KEYS.iter().any(|(s, k, _, _)| *s == section && *k == key)
                && let Some(base) = key.strip_suffix("_file")
            {
                value = std::fs::read_to_string(&value)
                    .map_err(|e| ConfigError::Env { name: name.clone(), message: format!("cannot read {value}: {e}") })?
                    .trim_end_matches(['\n', '\r'])
                    .to_string();
                key = base.to_string();
            }
            let Some((_, _, kind, _)) = KEYS.iter().find(|(s, k, _, _)| *s == section && *k == key) else {
                return Err(ConfigError::Env { name: name.clone(), message: "unknown setting".into() });
            };
            let parsed = match kind {
                Kind::Str => toml::Value::String(value),
                Kind::Int => value.trim().parse::<i64>().map(toml::Value::Integer).map_err(|_| ConfigError::Env {
                    name: name.clone(),
                    message: format!("`{value}` is not a whole number"),
                })?,
                Kind::Bool => match value.trim().to_ascii_lowercase().as_str() {
                    "true" | "1" | "yes" | "on" => toml::Value::Boolean(true),
                    "false" | "0" | "no" | "off" => toml::Value::Boolean(false),
                    _ => {
                        return Err(ConfigError::Env {
                            name: name.clone(),
                            message: format!("`{value}` is not true or false"),
                        });
                    }
                },
                Kind::List => toml::Value::Array(
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| toml::Value::String(s.into()))
                        .collect(),
                ),
            };
            set(&mut table, &section, &key, parsed);
        }
        if let Some(listen) = &flags.listen {
            set(&mut table, "server", "listen", toml::Value::String(listen.clone()));
        }
        let config: Config = table.try_into().map_err(|e: toml::de::Error| ConfigError::Parse {
            path: file_label.into(),
            message: e.message().to_string(),
        })?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if self.server.listen.parse::<std::net::SocketAddr>().is_err() {
            return Err(ConfigError::Invalid(format!("server.listen `{}` is not HOST:PORT", self.server.listen)));
        }
        if let Some(url) = &self.server.public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(ConfigError::Invalid(format!("server.public_url `{url}` must start with http:// or https://")));
        }
        if self.storage.read_connections == 0 || self.storage.read_connections > 64 {
            return Err(ConfigError::Invalid("storage.read_connections must be between 1 and 64".into()));
        }
        if self.storage.batch_max_jobs == 0 {
            return Err(ConfigError::Invalid("storage.batch_max_jobs must be at least 1".into()));
        }
        for net in self.server.trusted_proxies.iter().chain(&self.rate_limits.allowlist) {
            if parse_net(net).is_none() {
                return Err(ConfigError::Invalid(format!("`{net}` is not an IP address or CIDR")));
            }
        }
        if let Some(url) = &self.sms.webhook_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(ConfigError::Invalid(format!("sms.webhook_url `{url}` must start with http:// or https://")));
        }
        if self.sms.webhook_auth_header.as_ref().is_some_and(|h| !h.contains(':')) {
            return Err(ConfigError::Invalid("sms.webhook_auth_header must look like `Name: value`".into()));
        }
        if lettre::message::Mailbox::from_str(&self.mail.from).is_err() {
            return Err(ConfigError::Invalid(format!(
                "mail.from `{}` is not an address like \"Name <a@b.example>\"",
                self.mail.from
            )));
        }
        if self.auth.access_token_ttl.0.as_secs() < 60 || self.auth.refresh_token_ttl.0 <= self.auth.access_token_ttl.0
        {
            return Err(ConfigError::Invalid(
                "auth.access_token_ttl must be at least 1m and shorter than auth.refresh_token_ttl".into(),
            ));
        }
        if self.backup.enabled && (self.backup.interval.0.is_zero() || self.backup.keep == 0) {
            return Err(ConfigError::Invalid("backup.interval must be above 0s and backup.keep at least 1".into()));
        }
        if self.storage.maintenance_interval.0.is_zero() {
            return Err(ConfigError::Invalid("storage.maintenance_interval must be above 0s".into()));
        }
        if self.metrics.token.as_ref().is_some_and(|t| t.len() < 16) {
            return Err(ConfigError::Invalid("metrics.token must be at least 16 characters".into()));
        }
        if tracing_subscriber::EnvFilter::try_new(&self.log.level).is_err() {
            return Err(ConfigError::Invalid(format!("log.level `{}` is not a valid filter", self.log.level)));
        }
        Ok(())
    }

    /// The effective configuration as TOML, secrets replaced by `<redacted>`.
    pub fn redacted_toml(&self) -> String {
        let mut table = toml::Table::try_from(self).unwrap_or_default();
        for (section, key, _, secret) in KEYS {
            if *secret
                && let Some(toml::Value::Table(t)) = table.get_mut(*section)
                && t.contains_key(*key)
            {
                t.insert((*key).into(), toml::Value::String("<redacted>".into()));
            }
        }
        toml::to_string_pretty(&table).unwrap_or_default()
    }
}

/// An IP address or CIDR (`10.0.0.0/8`, `::1`).
pub fn parse_net(text: &str) -> Option<ipnet::IpNet> {
    text.parse::<ipnet::IpNet>().ok().or_else(|| text.parse::<std::net::IpAddr>().ok().map(ipnet::IpNet::from))
}

fn set(table: &mut toml::Table, section: &str, key: &str, value: toml::Value) {
    let entry = table.entry(section.to_string()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
    if let toml::Value::Table(t) = entry {
        t.insert(key.to_string(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults_without_file() {
        let c = Config::load(None, vec![], &Overrides::default()).unwrap();
        assert_eq!(c, Config::default());
    }

    #[test]
    fn precedence_flag_over_env_over_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.toml");
        std::fs::write(
            &file,
            "[server]\nlisten = \"127.0.0.1:1\"\nrequest_timeout = \"5s\"\n[storage]\nread_connections = 2\n",
        )
        .unwrap();
        let c = Config::load(Some(&file), env(&[("STAFFROOM_SERVER__LISTEN", "127.0.0.1:2")]), &Overrides::default())
            .unwrap();
        assert_eq!(c.server.listen, "127.0.0.1:2");
        assert_eq!(c.server.request_timeout, Dur::secs(5));
        assert_eq!(c.storage.read_connections, 2);
        let flags = Overrides { listen: Some("127.0.0.1:3".into()) };
        let c = Config::load(Some(&file), env(&[("STAFFROOM_LISTEN", "127.0.0.1:2")]), &flags).unwrap();
        assert_eq!(c.server.listen, "127.0.0.1:3");
    }

    #[test]
    fn env_file_values_and_errors() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("url");
        std::fs::write(&secret, "https://staff.example.com\n").unwrap();
        let c = Config::load(
            None,
            env(&[
                ("STAFFROOM_SERVER__PUBLIC_URL_FILE", secret.to_str().unwrap()),
                ("STAFFROOM_STORAGE__SYNCHRONOUS", "NORMAL"),
            ]),
            &Overrides::default(),
        )
        .unwrap();
        assert_eq!(c.server.public_url.as_deref(), Some("https://staff.example.com"));
        assert_eq!(c.storage.synchronous, Synchronous::Normal);
        assert!(matches!(
            Config::load(None, env(&[("STAFFROOM_SERVER__NOPE", "1")]), &Overrides::default()),
            Err(ConfigError::Env { .. })
        ));
        assert!(
            Config::load(None, env(&[("STAFFROOM_STORAGE__READ_CONNECTIONS", "x")]), &Overrides::default()).is_err()
        );
        assert!(
            Config::load(None, env(&[("STAFFROOM_SERVER__REQUEST_TIMEOUT", "soon")]), &Overrides::default()).is_err()
        );
    }

    #[test]
    fn unknown_file_key_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.toml");
        std::fs::write(&file, "[server]\nlisen = \"127.0.0.1:1\"\n").unwrap();
        let err = Config::load(Some(&file), vec![], &Overrides::default()).unwrap_err().to_string();
        assert!(err.contains("lisen"), "{err}");
    }

    #[test]
    fn example_file_lists_every_key_with_its_default() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let table: toml::Table = toml::from_str(&text).unwrap();
        let parsed: Config = table.clone().try_into().unwrap();
        assert_eq!(parsed, Config::default(), "config.example.toml must show the defaults");
        for key in keys() {
            let (section, name) = key.split_once('.').unwrap();
            let present =
                table.get(section).and_then(|s| s.get(name)).is_some() || text.contains(&format!("# {name} ="));
            assert!(present, "config.example.toml misses {key}");
        }
        let defaults = toml::Table::try_from(Config::default()).unwrap();
        for (section, value) in &defaults {
            for key in value.as_table().unwrap().keys() {
                assert!(KEYS.iter().any(|(s, k, _, _)| s == section && k == key), "KEYS misses {section}.{key}");
            }
        }
    }
}
