//! How a field is named in an error sentence ("E-mail address is not valid."), in English and
//! Dutch. The API's field keys are camelCase paths (`openingHours[2].closeTime`); a key not in
//! the catalog is spelled out from its camelCase words.

use super::i18n::Lang;

/// Labels of the fields people meet in the web UI's forms.
const LABELS: &[(&str, &str, &str)] = &[
    ("name", "Name", "Naam"),
    ("firstName", "First name", "Voornaam"),
    ("lastName", "Last name", "Achternaam"),
    ("email", "E-mail address", "E-mailadres"),
    ("adminName", "Your name", "Je naam"),
    ("adminEmail", "Your e-mail address", "Je e-mailadres"),
    ("adminPassword", "Password", "Wachtwoord"),
    ("password", "Password", "Wachtwoord"),
    ("newPassword", "New password", "Nieuw wachtwoord"),
    ("currentPassword", "Current password", "Huidig wachtwoord"),
    ("confirmPassword", "Password confirmation", "Wachtwoordbevestiging"),
    ("salonName", "Business name", "Bedrijfsnaam"),
    ("salonEmail", "Business e-mail address", "E-mailadres van het bedrijf"),
    ("salonPhone", "Business phone number", "Telefoonnummer van het bedrijf"),
    ("salonAddress", "Business address", "Adres van het bedrijf"),
    ("phone", "Phone number", "Telefoonnummer"),
    ("address", "Address", "Adres"),
    ("timezone", "Time zone", "Tijdzone"),
    ("openTime", "Opening time", "Openingstijd"),
    ("closeTime", "Closing time", "Sluitingstijd"),
    ("dayOfWeek", "Weekday", "Weekdag"),
    ("openingHours", "Opening hours", "Openingstijden"),
    ("role", "Role", "Rol"),
    ("status", "Status", "Status"),
    ("locale", "Language", "Taal"),
    ("host", "SMTP server", "SMTP-server"),
    ("port", "Port", "Poort"),
    ("security", "Encryption", "Versleuteling"),
    ("username", "User name", "Gebruikersnaam"),
    ("fromName", "Sender name", "Naam afzender"),
    ("fromEmail", "Sender address", "Adres afzender"),
    ("replyTo", "Reply-to address", "Antwoordadres"),
    ("to", "Recipient", "Ontvanger"),
    ("range", "Date range", "Datumbereik"),
    ("closures", "Closure", "Sluiting"),
    ("token", "Link", "Link"),
    ("setupCode", "Setup code", "Installatiecode"),
    ("slug", "Web address", "Webadres"),
    ("channel", "Channel", "Kanaal"),
    ("destination", "Address or phone number", "Adres of telefoonnummer"),
    ("code", "Code", "Code"),
    ("profileId", "Permission profile", "Rechtenprofiel"),
    ("description", "Description", "Omschrijving"),
    ("permissions", "Permissions", "Rechten"),
    ("scopes", "Scopes", "Bereik"),
    ("value", "Value", "Waarde"),
    ("text", "Text", "Tekst"),
    ("title", "Title", "Titel"),
    ("body", "The request", "Het verzoek"),
    ("page", "Page", "Pagina"),
    ("limit", "Page size", "Paginagrootte"),
];

/// The name of `field` for a sentence: `openingHours[2].closeTime` → "Closing time (opening
/// hours, row 3)".
pub fn label(field: &str, lang: Lang) -> String {
    let mut segments: Vec<&str> = field.split('.').collect();
    let last = segments.pop().unwrap_or(field);
    let (last_name, last_index) = split_index(last);
    let mut text = named(last_name, lang);
    let mut context: Vec<String> = Vec::new();
    if let Some(i) = last_index {
        context.push(row(i, lang));
    }
    for segment in segments.iter().rev() {
        let (name, index) = split_index(segment);
        let mut part = named(name, lang).to_lowercase();
        if let Some(i) = index {
            part = format!("{part}, {}", row(i, lang));
        }
        context.push(part);
    }
    if !context.is_empty() {
        text = format!("{text} ({})", context.join("; "));
    }
    text
}

fn row(index: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("row {}", index + 1),
        Lang::Nl => format!("rij {}", index + 1),
    }
}

fn split_index(segment: &str) -> (&str, Option<usize>) {
    match segment.split_once('[') {
        Some((name, rest)) => (name, rest.trim_end_matches(']').parse().ok()),
        None => (segment, None),
    }
}

fn named(name: &str, lang: Lang) -> String {
    if let Some((_, en, nl)) = LABELS.iter().find(|(key, _, _)| *key == name) {
        return if lang == Lang::Nl { nl } else { en }.to_string();
    }
    spelled_out(name)
}

/// `openingHours` → "Opening hours".
fn spelled_out(name: &str) -> String {
    let mut words = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            words.push(' ');
            words.extend(c.to_lowercase());
        } else if c == '_' {
            words.push(' ');
        } else if i == 0 {
            words.extend(c.to_uppercase());
        } else {
            words.push(c);
        }
    }
    words
}

/// The whole sentence for a field problem: label, the catalog's fragment, the detail, a full stop.
pub fn sentence(field: &str, fragment: &str, detail: Option<&str>, lang: Lang) -> String {
    sentence_as(&label(field, lang), fragment, detail)
}

/// The sentence with the field named `label`.
pub fn sentence_as(label: &str, fragment: &str, detail: Option<&str>) -> String {
    match detail {
        Some(detail) => format!("{label} {fragment} ({detail})."),
        None => format!("{label} {fragment}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fields_in_both_languages() {
        assert_eq!(sentence("email", "is required", None, Lang::En), "E-mail address is required.");
        assert_eq!(label("openingHours[2].closeTime", Lang::En), "Closing time (opening hours, row 3)");
        assert_eq!(label("openingHours[2].closeTime", Lang::Nl), "Sluitingstijd (openingstijden, rij 3)");
        assert_eq!(label("dkimSelector", Lang::En), "Dkim selector");
        assert_eq!(sentence("port", "is not valid", Some("1–65535"), Lang::En), "Port is not valid (1–65535).");
    }
}
