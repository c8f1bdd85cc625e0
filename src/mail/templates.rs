//! Every mail Staffroom sends, in English and Dutch, with the tenant's name. Rendered when the
//! mail is queued, so the outbox holds exactly what will be sent.

use crate::http::Lang;

pub enum Template<'a> {
    /// A manager invited someone; `link` accepts the invitation and sets a password.
    Invitation {
        inviter: &'a str,
        link: &'a str,
    },
    /// An admin created the account with a temporary password.
    Welcome {
        temporary_password: &'a str,
        link: &'a str,
    },
    PasswordReset {
        link: &'a str,
    },
    PasswordChanged,
    VerifyEmail {
        link: &'a str,
    },
    Otp {
        code: &'a str,
    },
    SmtpTest,
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
            Template::BackupFailed { .. } => "backup_failed",
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
        (Lang::En, Template::Invitation { inviter, link }) => (
            format!("You are invited to {tenant} on Staffroom"),
            format!(
                "Hello,\n\n{inviter} invited you to join {tenant} on Staffroom, where the team finds its schedules, \
                 time clock and chat.\n\nAccept the invitation and choose your password:\n{link}\n\nThe link works once \
                 and expires in 7 days."
            ),
        ),
        (Lang::Nl, Template::Invitation { inviter, link }) => (
            format!("Uitnodiging voor {tenant} op Staffroom"),
            format!(
                "Hallo,\n\n{inviter} nodigt u uit voor {tenant} op Staffroom, waar het team roosters, prikklok en chat \
                 vindt.\n\nAccepteer de uitnodiging en kies uw wachtwoord:\n{link}\n\nDe link werkt één keer en verloopt \
                 na 7 dagen."
            ),
        ),
        (Lang::En, Template::Welcome { temporary_password, link }) => (
            format!("Your Staffroom account at {tenant}"),
            format!(
                "Hello,\n\nAn account was created for you at {tenant} on Staffroom.\n\nTemporary password: \
                 {temporary_password}\nSign in here: {link}\n\nYou will be asked to choose your own password at the \
                 first sign-in."
            ),
        ),
        (Lang::Nl, Template::Welcome { temporary_password, link }) => (
            format!("Uw Staffroom-account bij {tenant}"),
            format!(
                "Hallo,\n\nEr is een account voor u aangemaakt bij {tenant} op Staffroom.\n\nTijdelijk wachtwoord: \
                 {temporary_password}\nMeld u hier aan: {link}\n\nBij de eerste aanmelding kiest u uw eigen wachtwoord."
            ),
        ),
        (Lang::En, Template::PasswordReset { link }) => (
            format!("Reset your {tenant} password"),
            format!(
                "Hello,\n\nSomeone asked to reset the password of your {tenant} account on Staffroom. If that was you, \
                 choose a new password here:\n{link}\n\nThe link works once and expires in 1 hour. If it was not you, \
                 ignore this mail: your password stays as it is."
            ),
        ),
        (Lang::Nl, Template::PasswordReset { link }) => (
            format!("Stel uw wachtwoord voor {tenant} opnieuw in"),
            format!(
                "Hallo,\n\nIemand vroeg om het wachtwoord van uw account bij {tenant} op Staffroom opnieuw in te stellen. \
                 Was u dat, kies dan hier een nieuw wachtwoord:\n{link}\n\nDe link werkt één keer en verloopt na 1 uur. \
                 Was u het niet, negeer dan deze e-mail: uw wachtwoord blijft ongewijzigd."
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
            format!("Uw wachtwoord voor {tenant} is gewijzigd"),
            format!(
                "Hallo,\n\nHet wachtwoord van uw account bij {tenant} op Staffroom is zojuist gewijzigd en alle andere \
                 sessies zijn afgemeld.\n\nHeeft u dit niet gedaan, neem dan direct contact op met uw leidinggevende."
            ),
        ),
        (Lang::En, Template::VerifyEmail { link }) => (
            format!("Confirm your e-mail address for {tenant}"),
            format!(
                "Hello,\n\nConfirm that this address is yours:\n{link}\n\nThe link works once and expires in 24 hours."
            ),
        ),
        (Lang::Nl, Template::VerifyEmail { link }) => (
            format!("Bevestig uw e-mailadres voor {tenant}"),
            format!(
                "Hallo,\n\nBevestig dat dit adres van u is:\n{link}\n\nDe link werkt één keer en verloopt na 24 uur."
            ),
        ),
        (Lang::En, Template::Otp { code }) => (
            format!("Your {tenant} sign-in code: {code}"),
            format!("Hello,\n\nYour sign-in code is {code}. It works once and expires in 10 minutes."),
        ),
        (Lang::Nl, Template::Otp { code }) => (
            format!("Uw aanmeldcode voor {tenant}: {code}"),
            format!("Hallo,\n\nUw aanmeldcode is {code}. De code werkt één keer en verloopt na 10 minuten."),
        ),
        (Lang::En, Template::SmtpTest) => (
            format!("Staffroom test mail for {tenant}"),
            "This test mail shows that Staffroom can send e-mail with these settings.".to_string(),
        ),
        (Lang::Nl, Template::SmtpTest) => (
            format!("Staffroom-testmail voor {tenant}"),
            "Deze testmail laat zien dat Staffroom met deze instellingen e-mail kan versturen.".to_string(),
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
                "Hallo,\n\nDe back-up van uw Staffroom-server om {at} (UTC) is mislukt:\n\n{error}\n\nDe gegevens zelf \
                 zijn ongedeerd; Staffroom probeert het binnen een uur opnieuw. Controleer de vrije ruimte en de \
                 back-upmap, of start een back-up onder Instellingen → Back-ups."
            ),
        ),
    };
    let footer = match lang {
        Lang::En => format!("\n\n-- \n{tenant} · sent by Staffroom"),
        Lang::Nl => format!("\n\n-- \n{tenant} · verstuurd door Staffroom"),
    };
    Rendered { subject, text: body + &footer }
}
