//! The words of every notification, in English and Dutch: a title and a body with `{name}`
//! variables. The in-app text and the e-mail come from the same template (the e-mail's
//! subject is the title). A variable's value is inserted as text: the e-mail's HTML escapes it
//! (`mail::templates::html`), the web page sets it as text, so nothing in a value is markup.

use std::collections::BTreeMap;

use crate::http::Lang;

/// (event key, English title, English body, Dutch title, Dutch body)
const TEMPLATES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "shift.published",
        "New schedule: {schedule}",
        "Your shifts from {from} to {to} are published. Open My shifts to see them.",
        "Nieuw rooster: {schedule}",
        "Je diensten van {from} tot en met {to} staan klaar. Open Mijn diensten om ze te bekijken.",
    ),
    (
        "shift.changed",
        "Your shift on {date} changed",
        "{schedule}: {before} is now {after}.",
        "Je dienst op {date} is gewijzigd",
        "{schedule}: {before} is nu {after}.",
    ),
    (
        "claim.requested",
        "{name} asks for an open shift",
        "{name} wants an open shift on {schedule}. Approve or decline it in the inbox.",
        "{name} vraagt een open dienst",
        "{name} wil een open dienst op {schedule}. Keur het goed of af in de inbox.",
    ),
    (
        "claim.decided",
        "Your request for an open shift: {status}",
        "{schedule}: your request was {status}.",
        "Je aanvraag voor een open dienst: {status}",
        "{schedule}: je aanvraag is {status}.",
    ),
    (
        "swap.offered",
        "{name} offers a shift",
        "{name} offers their shift on {schedule}. Take it on My shifts.",
        "{name} biedt een dienst aan",
        "{name} biedt een dienst aan op {schedule}. Neem hem over via Mijn diensten.",
    ),
    (
        "swap.accepted",
        "{name} takes over a shift",
        "{name} takes over a shift on {schedule}. It waits for a planner's approval in the inbox.",
        "{name} neemt een dienst over",
        "{name} neemt een dienst over op {schedule}. Een planner keurt het goed in de inbox.",
    ),
    (
        "swap.approved",
        "Shift swap approved",
        "The shift swap on {schedule} is approved: the shift is {name}'s now.",
        "Dienstruil goedgekeurd",
        "De dienstruil op {schedule} is goedgekeurd: de dienst is nu van {name}.",
    ),
    (
        "swap.declined",
        "Shift swap declined",
        "The shift swap on {schedule} was declined: the shift stays as it was.",
        "Dienstruil afgewezen",
        "De dienstruil op {schedule} is afgewezen: de dienst blijft zoals hij was.",
    ),
    (
        "timeoff.requested",
        "{name} asks for time off",
        "{name} asks for time off: {dates}. Approve or decline it in the inbox.",
        "{name} vraagt vrij",
        "{name} vraagt vrij: {dates}. Keur het goed of af in de inbox.",
    ),
    (
        "timeoff.decided",
        "Your time off: {status}",
        "Your time off for {dates} was {status}.",
        "Je verlof: {status}",
        "Je verlof voor {dates} is {status}.",
    ),
    (
        "clock.missed_punch",
        "{name} is still clocked in",
        "Clocked in since {time} and the shift is over. Clock out, or ask a manager to correct the entry.",
        "{name} is nog ingeklokt",
        "Ingeklokt sinds {time} en de dienst is voorbij. Klok uit, of vraag een manager de tijd te corrigeren.",
    ),
    (
        "clock.pin_locked",
        "Kiosk locked for {name}",
        "Five wrong PINs on a kiosk: {name} cannot punch there until {time}.",
        "Kiosk vergrendeld voor {name}",
        "Vijf keer een verkeerde pincode op een kiosk: {name} kan daar tot {time} niet klokken.",
    ),
    (
        "timesheet.approved",
        "Your timesheet is approved",
        "Your timesheet from {from} to {to} is approved.",
        "Je urenstaat is goedgekeurd",
        "Je urenstaat van {from} tot en met {to} is goedgekeurd.",
    ),
    ("chat.mention", "{name} mentioned you in {channel}", "{message}", "{name} noemde je in {channel}", "{message}"),
    ("chat.direct", "Message from {name}", "{message}", "Bericht van {name}", "{message}"),
];

pub struct Text {
    pub title: String,
    pub body: String,
}

/// The template's text in `lang` with `vars` filled in; a variable without a value reads as
/// nothing rather than as its name.
pub fn render(key: &str, lang: Lang, vars: &BTreeMap<&'static str, String>) -> Option<Text> {
    let (title, body) = default_text(key, lang)?;
    Some(render_text(title, body, vars))
}

/// A (workplace's own) title and body with `vars` filled in.
pub fn render_text(title: &str, body: &str, vars: &BTreeMap<&'static str, String>) -> Text {
    Text { title: fill(title, vars), body: fill(body, vars) }
}

/// The built-in title and body of an event in `lang`.
pub fn default_text(key: &str, lang: Lang) -> Option<(&'static str, &'static str)> {
    let (_, en_title, en_body, nl_title, nl_body) = TEMPLATES.iter().find(|t| t.0 == key)?;
    Some(match lang {
        Lang::En => (en_title, en_body),
        Lang::Nl => (nl_title, nl_body),
    })
}

/// The variables an event's texts may use: those its built-in texts use, in the order met.
pub fn variables(key: &str) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    let Some((_, a, b, c, d)) = TEMPLATES.iter().find(|t| t.0 == key) else { return names };
    for text in [a, b, c, d] {
        let mut rest: &'static str = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else { break };
            let name = &after[..close];
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
            rest = &after[close + 1..];
        }
    }
    names
}

fn fill(template: &str, vars: &BTreeMap<&'static str, String>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                if let Some(value) = vars.get(&after[..close]) {
                    out.push_str(value);
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// "approved" / "declined" in the reader's language.
pub fn status_word(lang: Lang, status: &str) -> String {
    match (lang, status) {
        (Lang::En, s) => s.to_string(),
        (Lang::Nl, "approved") => "goedgekeurd".into(),
        (Lang::Nl, "declined") => "afgewezen".into(),
        (Lang::Nl, "cancelled") => "geannuleerd".into(),
        (Lang::Nl, s) => s.to_string(),
    }
}

/// A date as the reader says it: "Mon 9 Feb" / "ma 9 feb".
pub fn date_word(lang: Lang, date: jiff::civil::Date) -> String {
    const EN_DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const NL_DAYS: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];
    const EN_MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const NL_MONTHS: [&str; 12] = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
    let day = date.weekday().to_monday_zero_offset() as usize;
    let month = (date.month() - 1) as usize;
    match lang {
        Lang::En => format!("{} {} {}", EN_DAYS[day], date.day(), EN_MONTHS[month]),
        Lang::Nl => format!("{} {} {}", NL_DAYS[day], date.day(), NL_MONTHS[month]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_of_the_catalog_has_words_in_both_languages() {
        for def in super::super::catalog::EVENTS {
            for lang in [Lang::En, Lang::Nl] {
                assert!(render(def.key, lang, &BTreeMap::new()).is_some(), "{}", def.key);
            }
        }
    }

    #[test]
    fn values_are_filled_in_as_they_are_and_unknown_ones_left_out() {
        let vars = BTreeMap::from([("name", "Lisa {schedule} <b>".to_string()), ("schedule", "Floor".to_string())]);
        let text = render("swap.offered", Lang::En, &vars).unwrap();
        assert_eq!(text.title, "Lisa {schedule} <b> offers a shift", "a value is not read as a template");
        assert_eq!(fill("{missing}!", &vars), "!");
        assert_eq!(fill("a { b", &vars), "a { b");
    }

    #[test]
    fn dates_read_in_the_readers_language() {
        let d = jiff::civil::date(2026, 2, 9);
        assert_eq!(date_word(Lang::En, d), "Mon 9 Feb");
        assert_eq!(date_word(Lang::Nl, d), "ma 9 feb");
    }
}
