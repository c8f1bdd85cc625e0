//! Every mail Staffroom sends, in English and Dutch, with the tenant's name. Rendered when the
//! mail is queued, so the outbox holds exactly what will be sent.

use crate::http::Lang;
use crate::ids::UserId;

/// `token_id` names the `one_time_tokens` / `otp_codes` row a mail carries: once that is used or
/// expired, the mail is never sent (an invitation accepted a week before SMTP was set up).
pub enum Template<'a> {
    /// A manager invited someone; `link` accepts the invitation and sets a password.
    Invitation {
        inviter: &'a str,
        link: &'a str,
        token_id: &'a str,
    },
    /// An admin created the account with a temporary password.
    Welcome {
        temporary_password: &'a str,
        link: &'a str,
        user: &'a UserId,
    },
    PasswordReset {
        link: &'a str,
        token_id: &'a str,
    },
    PasswordChanged,
    VerifyEmail {
        link: &'a str,
        token_id: &'a str,
    },
    Otp {
        code: &'a str,
        token_id: &'a str,
    },
    SmtpTest,
    /// To the owners: someone changed the SMTP server the workplace's mail goes through.
    SmtpChanged {
        by: &'a str,
        host: &'a str,
    },
    /// A notification (issue 14), already worded in the reader's language; `link` opens it.
    Notification {
        title: &'a str,
        body: &'a str,
        link: &'a str,
        /// Carries someone's chat message: only its recipient may read it (the outbox
        /// viewer shows it as hidden).
        private: bool,
    },
    /// To the instance owner: a backup could not be written or verified.
    BackupFailed {
        error: &'a str,
        at: &'a str,
    },
}

impl Template<'_> {
    pub fn kind(&self) -> &'static str {
        match self {
            Template::Invitation { .. } => "invitation",
            Template::Welcome { .. } => "welcome",
            Template::PasswordReset { .. } => "password_reset",
            Template::PasswordChanged => "password_changed",
            Template::VerifyEmail { .. } => "verify_email",
            Template::Otp { .. } => "otp",
            Template::SmtpTest => "smtp_test",
            Template::SmtpChanged { .. } => "smtp_changed",
            Template::BackupFailed { .. } => "backup_failed",
            Template::Notification { .. } => "notification",
        }
    }

    /// Carries a credential (sign-in code, reset link, temporary password, verification link):
    /// shown to nobody but its recipient (DESIGN §6).
    /// Shown to nobody but its recipient in the outbox viewer: a credential, or someone's words
    /// to them (a chat message by e-mail).
    pub fn is_private(&self) -> bool {
        self.is_secret() || matches!(self, Template::Notification { private: true, .. })
    }

    pub fn is_secret(&self) -> bool {
        matches!(
            self,
            Template::Welcome { .. }
                | Template::PasswordReset { .. }
                | Template::VerifyEmail { .. }
                | Template::Otp { .. }
        )
    }

    /// The one-time token or code the mail carries.
    pub fn token_id(&self) -> Option<&str> {
        match self {
            Template::Invitation { token_id, .. }
            | Template::PasswordReset { token_id, .. }
            | Template::VerifyEmail { token_id, .. }
            | Template::Otp { token_id, .. } => Some(token_id),
            _ => None,
        }
    }

    /// The account whose temporary password the mail carries.
    pub fn password_of(&self) -> Option<&UserId> {
        match self {
            Template::Welcome { user, .. } => Some(user),
            _ => None,
        }
    }
}

pub struct Rendered {
    pub subject: String,
    pub text: String,
}

/// Subject and plain-text body. Plain text only: it reads well everywhere, and nothing in it
/// can be tracked.
pub fn render(template: &Template<'_>, lang: Lang, tenant: &str) -> Rendered {
    let (subject, body) = match (lang, template) {
        (Lang::En, Template::Invitation { inviter, link, .. }) => (
            format!("You are invited to {tenant} on Staffroom"),
            format!(
                "Hello,\n\n{inviter} invited you to join {tenant} on Staffroom.\n\nAccept the invitation and choose your password:\n{link}\n\nThe link works once \
                 and expires in 7 days."
            ),
        ),
        (Lang::Nl, Template::Invitation { inviter, link, .. }) => (
            format!("Uitnodiging voor {tenant} op Staffroom"),
            format!(
                "Hallo,\n\n{inviter} nodigt je uit voor {tenant} op Staffroom.\n\nAccepteer de uitnodiging en kies je \
                 wachtwoord:\n{link}\n\nDe link werkt één keer en verloopt \
                 na 7 dagen."
            ),
        ),
        (Lang::En, Template::Welcome { temporary_password, link, .. }) => (
            format!("Your Staffroom account at {tenant}"),
            format!(
                "Hello,\n\nAn account was created for you at {tenant} on Staffroom.\n\nTemporary password: \
                 {temporary_password}\nSign in here: {link}\n\nYou will be asked to choose your own password at the \
                 first sign-in."
            ),
        ),
        (Lang::Nl, Template::Welcome { temporary_password, link, .. }) => (
            format!("Je Staffroom-account bij {tenant}"),
            format!(
                "Hallo,\n\nEr is een account voor je aangemaakt bij {tenant} op Staffroom.\n\nTijdelijk wachtwoord: \
                 {temporary_password}\nMeld je hier aan: {link}\n\nBij de eerste aanmelding kies je je eigen wachtwoord."
            ),
        ),
        (Lang::En, Template::PasswordReset { link, .. }) => (
            format!("Reset your {tenant} password"),
            format!(
                "Hello,\n\nSomeone asked to reset the password of your {tenant} account on Staffroom. If that was you, \
                 choose a new password here:\n{link}\n\nThe link works once and expires in 1 hour. If it was not you, \
                 ignore this mail: your password stays as it is."
            ),
        ),
        (Lang::Nl, Template::PasswordReset { link, .. }) => (
            format!("Stel je wachtwoord voor {tenant} opnieuw in"),
            format!(
                "Hallo,\n\nIemand vroeg om het wachtwoord van je account bij {tenant} op Staffroom opnieuw in te stellen. \
                 Was jij dat, kies dan hier een nieuw wachtwoord:\n{link}\n\nDe link werkt één keer en verloopt na 1 uur. \
                 Was jij het niet, negeer dan deze e-mail: je wachtwoord blijft ongewijzigd."
            ),
        ),
        (Lang::En, Template::PasswordChanged) => (
            format!("Your {tenant} password was changed"),
            format!(
                "Hello,\n\nThe password of your {tenant} account on Staffroom was just changed, and every other session \
                 was signed out.\n\nIf you did not do this, contact your manager right away."
            ),
        ),
        (Lang::Nl, Template::PasswordChanged) => (
            format!("Je wachtwoord voor {tenant} is gewijzigd"),
            format!(
                "Hallo,\n\nHet wachtwoord van je account bij {tenant} op Staffroom is zojuist gewijzigd en alle andere \
                 sessies zijn afgemeld.\n\nHeb je dit niet gedaan, neem dan direct contact op met je leidinggevende."
            ),
        ),
        (Lang::En, Template::VerifyEmail { link, .. }) => (
            format!("Confirm your e-mail address for {tenant}"),
            format!(
                "Hello,\n\nConfirm that this address is yours:\n{link}\n\nThe link works once and expires in 24 hours."
            ),
        ),
        (Lang::Nl, Template::VerifyEmail { link, .. }) => (
            format!("Bevestig je e-mailadres voor {tenant}"),
            format!(
                "Hallo,\n\nBevestig dat dit adres van jou is:\n{link}\n\nDe link werkt één keer en verloopt na 24 uur."
            ),
        ),
        (Lang::En, Template::Otp { code, .. }) => (
            format!("Your {tenant} sign-in code"),
            format!("Hello,\n\nYour sign-in code is {code}. It works once and expires in 10 minutes."),
        ),
        (Lang::Nl, Template::Otp { code, .. }) => (
            format!("Je aanmeldcode voor {tenant}"),
            format!("Hallo,\n\nJe aanmeldcode is {code}. De code werkt één keer en verloopt na 10 minuten."),
        ),
        (Lang::En, Template::SmtpTest) => (
            format!("Staffroom test mail for {tenant}"),
            "This test mail shows that Staffroom can send e-mail with these settings.".to_string(),
        ),
        (Lang::Nl, Template::SmtpTest) => (
            format!("Staffroom-testmail voor {tenant}"),
            "Deze testmail laat zien dat Staffroom met deze instellingen e-mail kan versturen.".to_string(),
        ),
        (Lang::En, Template::SmtpChanged { by, host }) => (
            format!("The e-mail server of {tenant} was changed"),
            format!(
                "Hello,\n\n{by} changed the SMTP server that {tenant}'s mail goes through to {host}.\n\nIf you \
                 did not expect this, check Settings → E-mail right away: whoever runs that server can read the mail \
                 sent through it."
            ),
        ),
        (Lang::Nl, Template::SmtpChanged { by, host }) => (
            format!("De e-mailserver van {tenant} is gewijzigd"),
            format!(
                "Hallo,\n\n{by} heeft de SMTP-server waarlangs de e-mail van {tenant} gaat gewijzigd in {host}.\n\n\
                 Had je dit niet verwacht, kijk dan meteen bij Instellingen → E-mail: wie die server beheert, kan de \
                 e-mail lezen die erlangs gaat."
            ),
        ),
        (Lang::En, Template::BackupFailed { error, at }) => (
            "Staffroom backup failed".to_string(),
            format!(
                "Hello,\n\nThe backup of your Staffroom server at {at} (UTC) failed:\n\n{error}\n\nThe data itself is \
                 unharmed; Staffroom tries again within the hour. Check the free space and the backup folder, or start \
                 a backup by hand under Settings → Backups."
            ),
        ),
        (Lang::Nl, Template::BackupFailed { error, at }) => (
            "Staffroom-back-up mislukt".to_string(),
            format!(
                "Hallo,\n\nDe back-up van je Staffroom-server om {at} (UTC) is mislukt:\n\n{error}\n\nDe gegevens zelf \
                 zijn ongedeerd; Staffroom probeert het binnen een uur opnieuw. Controleer de vrije ruimte en de \
                 back-upmap, of start een back-up onder Instellingen → Back-ups."
            ),
        ),
        (Lang::En, Template::Notification { title, body, link, .. }) => (
            title.to_string(),
            format!(
                "{body}\n\nOpen Staffroom:\n{link}\n\nWhich notifications reach you by e-mail: your notification settings in Staffroom."
            ),
        ),
        (Lang::Nl, Template::Notification { title, body, link, .. }) => (
            title.to_string(),
            format!(
                "{body}\n\nOpen Staffroom:\n{link}\n\nWelke meldingen je per e-mail krijgt, kies je bij je meldingsinstellingen in Staffroom."
            ),
        ),
    };
    let footer = match lang {
        Lang::En => format!("\n\n-- \n{tenant} · sent by Staffroom"),
        Lang::Nl => format!("\n\n-- \n{tenant} · verstuurd door Staffroom"),
    };
    Rendered { subject, text: body + &footer }
}

/// The text of a sign-in code sent by SMS.
pub fn otp_sms(code: &str, lang: Lang, tenant: &str) -> String {
    match lang {
        Lang::En => format!("Your {tenant} sign-in code is {code}. It expires in 10 minutes."),
        Lang::Nl => format!("Je aanmeldcode voor {tenant} is {code}. De code verloopt na 10 minuten."),
    }
}

/// The HTML part of a mail, made from its text (one template for both parts): paragraphs at
/// blank lines, links clickable, everything else escaped.
pub fn html(text: &str) -> String {
    let mut out = String::from(
        "<!doctype html><html><body style=\"font-family:-apple-system,'Segoe UI',Roboto,sans-serif;font-size:15px;\
         line-height:1.5;color:#1c2521\">",
    );
    for paragraph in text.split("\n\n") {
        out.push_str("<p>");
        let lines: Vec<String> = paragraph.lines().map(html_line).collect();
        out.push_str(&lines.join("<br>"));
        out.push_str("</p>");
    }
    out.push_str("</body></html>");
    out
}

fn html_line(line: &str) -> String {
    line.split(' ')
        .map(|word| {
            let escaped = escape(word);
            if word.starts_with("https://") || word.starts_with("http://") {
                format!("<a href=\"{escaped}\" style=\"color:#2f6f62\">{escaped}</a>")
            } else {
                escaped
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_html_part_escapes_and_links() {
        let html = html("Hello <b>,\n\nAccept:\nhttps://x.example/a?t=1&u=2\n\n-- \nSalon");
        assert!(html.contains("<p>Hello &lt;b&gt;,</p>"));
        assert!(html.contains("<a href=\"https://x.example/a?t=1&amp;u=2\""));
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn no_code_in_a_subject() {
        let otp = Template::Otp { code: "123456", token_id: "t" };
        for lang in [Lang::En, Lang::Nl] {
            let rendered = render(&otp, lang, "Salon");
            assert!(!rendered.subject.contains("123456"));
            assert!(rendered.text.contains("123456"));
        }
    }
}
