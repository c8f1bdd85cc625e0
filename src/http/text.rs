//! One line of text a person typed: a name, a title.

use super::error::{ApiError, ApiResult, FieldProblem};
use super::i18n::Msg;

/// `text` trimmed, refused when blank, longer than `max_chars` characters (as sent, before
/// trimming: the API document's `maxLength`), or holding control characters: a line break or an
/// escape code in a name would end up in mail headers, lists and logs.
pub fn one_line(field: &str, text: &str, max_chars: usize) -> ApiResult<String> {
    if text.chars().count() > max_chars {
        return Err(ApiError::validation(field, Msg::FieldTooLong));
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(ApiError::validation(field, Msg::FieldBlank));
    }
    if text.chars().any(char::is_control) {
        let problem = FieldProblem::with_detail(Msg::FieldInvalid, "control characters are not allowed");
        return Err(ApiError::validation(field, problem));
    }
    Ok(text.to_string())
}

/// A trimmed optional text: blank is none, longer than `max` characters (as sent) is refused, and
/// control characters are refused except line breaks where `allow_lines`.
pub fn optional(field: &str, value: Option<String>, max: usize, allow_lines: bool) -> ApiResult<Option<String>> {
    if value.as_ref().is_some_and(|v| v.chars().count() > max) {
        return Err(ApiError::validation(field, Msg::FieldTooLong));
    }
    match value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) {
        Some(v) if v.chars().any(|c| c.is_control() && !(allow_lines && c == '\n')) => {
            Err(ApiError::validation(field, Msg::FieldInvalid))
        }
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> Option<Msg> {
        match one_line("name", text, 5) {
            Err(ApiError::Validation(fields)) => fields.get("name").map(|p| p.key),
            _ => None,
        }
    }

    #[test]
    fn trims_and_refuses_blank_long_and_control_characters() {
        assert_eq!(one_line("name", " Ann ", 5).ok().as_deref(), Some("Ann"));
        assert_eq!(refused("  Ann "), Some(Msg::FieldTooLong), "the length as sent, as the API document says");
        assert_eq!(one_line("name", "Zoë Ö", 5).ok().as_deref(), Some("Zoë Ö"), "characters, not bytes");
        assert_eq!(refused(" \t "), Some(Msg::FieldBlank));
        assert_eq!(refused("Annabel"), Some(Msg::FieldTooLong));
        for bad in ["a\nb", "a\u{1b}[m", "a\u{7f}", "a\u{0}"] {
            assert_eq!(refused(bad), Some(Msg::FieldInvalid), "{bad:?}");
        }
    }
}
