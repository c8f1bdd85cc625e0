//! Which SMTP server a tenant's mail goes through, and handing a mail to it with lettre.

use std::net::IpAddr;
use std::str::FromStr;
use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::model::StoredSmtp;
use crate::config::{MailConfig, SmtpSecurity};
use crate::http::ApiError;

/// An SMTP server and sender, ready to use.
#[derive(Clone)]
pub struct SmtpTarget {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<String>,
    pub from: Mailbox,
    pub reply_to: Option<Mailbox>,
    /// Set by a tenant admin (so private addresses are refused unless the operator allows them).
    pub from_tenant: bool,
}

/// The `From:` for a tenant: its own sender settings, else the operator's `mail.from` when they
/// set one, else the business name and address given at setup.
pub fn sender(config: &MailConfig, stored: Option<&StoredSmtp>) -> Mailbox {
    // `mail.from` is checked when the config loads.
    let operator = Mailbox::from_str(&config.from).unwrap_or_else(|_| {
        Mailbox::new(None, lettre::Address::new("staffroom", "localhost").expect("constant address"))
    });
    let business = (config.from == crate::config::DEFAULT_MAIL_FROM)
        .then(|| stored.and_then(|s| s.business_email.as_deref()).and_then(|e| e.parse::<lettre::Address>().ok()))
        .flatten()
        .map(|address| Mailbox::new(stored.and_then(|s| s.business_name.clone()), address));
    let fallback = business.unwrap_or(operator);
    match stored.and_then(|s| s.from_email.as_deref()).and_then(|e| e.parse().ok()) {
        Some(address) => Mailbox::new(stored.and_then(|s| s.from_name.clone()).or(fallback.name.clone()), address),
        None => match stored.and_then(|s| s.from_name.clone()) {
            Some(name) => Mailbox::new(Some(name), fallback.email),
            None => fallback,
        },
    }
}

/// The tenant's SMTP server when it saved one, else the operator's; `None` when neither exists.
/// `prefer_operator` (an owner's credential mail) takes the operator's server whenever one is
/// configured.
pub fn resolve(
    config: &MailConfig,
    stored: Option<&StoredSmtp>,
    storage_key: &[u8],
    prefer_operator: bool,
) -> Result<Option<SmtpTarget>, ApiError> {
    let from = sender(config, stored);
    let reply_to = stored.and_then(|s| s.reply_to.as_deref()).and_then(|r| r.parse().ok());
    let tenant_server = stored.filter(|s| s.host.is_some() && !(prefer_operator && config.smtp_host.is_some()));
    if let Some(s) = tenant_server {
        let password = s.password_sealed.as_deref().map(|p| super::crypto::open(storage_key, p)).transpose()?;
        let security = s.security.as_deref().and_then(SmtpSecurity::parse).unwrap_or(SmtpSecurity::Starttls);
        return Ok(Some(SmtpTarget {
            host: s.host.clone().unwrap_or_default(),
            port: s.port.unwrap_or(default_port(security)),
            security,
            username: s.username.clone(),
            password,
            from,
            reply_to,
            from_tenant: true,
        }));
    }
    Ok(config.smtp_host.as_ref().map(|host| SmtpTarget {
        host: host.clone(),
        port: config.smtp_port,
        security: config.smtp_security,
        username: config.smtp_username.clone(),
        password: config.smtp_password.clone(),
        from,
        reply_to,
        from_tenant: false,
    }))
}

pub fn default_port(security: SmtpSecurity) -> u16 {
    match security {
        SmtpSecurity::None => 25,
        SmtpSecurity::Starttls => 587,
        SmtpSecurity::Tls => 465,
    }
}

/// Loopback, private, link-local and other non-public addresses.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.octets()[0] == 100 && (v4.octets()[1] & 0xC0) == 64 // carrier-grade NAT
        }
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                || (v6.segments()[0] & 0xfe00) == 0xfc00 // unique local
                || (v6.segments()[0] & 0xffc0) == 0xfe80 // link-local
                || v6.to_ipv4_mapped().is_some_and(|v4| is_private(IpAddr::V4(v4)))
        }
    }
}

/// Why a tenant-set host is refused.
#[derive(Debug)]
pub enum HostRefusal {
    Unresolvable { host: String, error: String },
    Private { host: String, ip: IpAddr },
}

impl std::fmt::Display for HostRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HostRefusal::Unresolvable { host, error } => write!(f, "cannot resolve {host}: {error}"),
            HostRefusal::Private { host, ip } => write!(
                f,
                "{host} resolves to the private address {ip}; the operator can allow it with mail.allow_private_hosts"
            ),
        }
    }
}

impl HostRefusal {
    /// The field problem for the settings form, translated, with the way out.
    pub fn problem(&self) -> crate::http::error::FieldProblem {
        use crate::http::{Msg, error::FieldProblem};
        match self {
            HostRefusal::Unresolvable { host, .. } => FieldProblem::with_detail(Msg::FieldUnresolvable, host.clone()),
            HostRefusal::Private { host, ip } if host == &ip.to_string() => {
                FieldProblem::with_detail(Msg::FieldPrivateHost, host.clone())
            }
            HostRefusal::Private { host, ip } => {
                FieldProblem::with_detail(Msg::FieldPrivateHost, format!("{host} → {ip}"))
            }
        }
    }
}

/// Refuses a tenant-set host that resolves to a private address (DESIGN §6).
pub async fn check_host(host: &str, port: u16, allow_private: bool) -> Result<(), HostRefusal> {
    if allow_private {
        return Ok(());
    }
    let addrs = tokio::net::lookup_host((host, port))
        .await
        .map_err(|e| HostRefusal::Unresolvable { host: host.to_string(), error: e.to_string() })?;
    for addr in addrs {
        if is_private(addr.ip()) {
            return Err(HostRefusal::Private { host: host.to_string(), ip: addr.ip() });
        }
    }
    Ok(())
}

/// One mail to hand over.
pub struct Outgoing<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    /// The HTML part made from the same template; without it the mail is plain text only.
    pub html: Option<&'a str>,
}

/// A proper MIME message: `Date`, `Message-ID` (at the sender's domain), `MIME-Version`, and
/// text plus HTML as `multipart/alternative` when there is HTML.
pub fn message(target: &SmtpTarget, mail: &Outgoing<'_>) -> Result<Message, String> {
    let to: Mailbox = mail.to.parse().map_err(|e| format!("bad recipient {}: {e}", mail.to))?;
    let domain = target.from.email.domain().to_string();
    let mut id_bytes = [0u8; 16];
    getrandom::fill(&mut id_bytes).map_err(|e| format!("randomness: {e}"))?;
    let mut builder = Message::builder()
        .from(target.from.clone())
        .to(to)
        .subject(mail.subject)
        .date_now()
        .message_id(Some(format!("<{}@{domain}>", hex::encode(id_bytes))));
    if let Some(reply_to) = &target.reply_to {
        builder = builder.reply_to(reply_to.clone());
    }
    let built = match mail.html {
        Some(html) => builder
            .multipart(lettre::message::MultiPart::alternative_plain_html(mail.text.to_string(), html.to_string())),
        None => builder.header(ContentType::TEXT_PLAIN).body(mail.text.to_string()),
    };
    built.map_err(|e| e.to_string())
}

/// Sends one mail; `Ok` carries the server's reply.
pub async fn send(target: &SmtpTarget, mail: &Outgoing<'_>, allow_private: bool) -> Result<String, String> {
    if target.from_tenant {
        check_host(&target.host, target.port, allow_private).await.map_err(|e| e.to_string())?;
    }
    let message = message(target, mail)?;
    let builder = match target.security {
        SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&target.host),
        SmtpSecurity::Starttls => {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&target.host).map_err(|e| e.to_string())?
        }
        SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&target.host).map_err(|e| e.to_string())?,
    };
    let mut builder = builder.port(target.port).timeout(Some(Duration::from_secs(20)));
    if let (Some(user), Some(password)) = (&target.username, &target.password) {
        builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
    }
    let transport = builder.build();
    let response = transport.send(message).await.map_err(|e| e.to_string())?;
    Ok(format!("{} {}", response.code(), response.message().collect::<Vec<_>>().join(" ")))
}
