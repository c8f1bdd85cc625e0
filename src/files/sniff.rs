//! What a file is, by its first bytes (DESIGN §6): the declared type must be what the bytes
//! say, so an HTML page named `.png` is refused.

/// The built-in types, and whether a browser may show them inline.
pub const IMAGE_TYPES: &[&str] = &["image/png", "image/jpeg", "image/webp", "image/gif"];
pub const BUILT_IN: &[&str] = &["image/png", "image/jpeg", "image/webp", "image/gif", "application/pdf", "text/plain"];

/// The type the first bytes show, of the built-in ones; `text/plain` is decided later over the
/// whole file.
pub fn detect(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if head.starts_with(b"\xff\xd8\xff") {
        Some("image/jpeg")
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some("image/webp")
    } else if head.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

/// Plain text: UTF-8 without NUL bytes that does not open like markup.
pub fn is_plain_text(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else { return false };
    let start = text.trim_start().to_ascii_lowercase();
    !text.contains('\0') && !start.starts_with('<') && detect(bytes).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_built_in_types_by_their_bytes() {
        assert_eq!(detect(b"\x89PNG\r\n\x1a\n\0\0"), Some("image/png"));
        assert_eq!(detect(b"\xff\xd8\xff\xe0"), Some("image/jpeg"));
        assert_eq!(detect(b"GIF89a.."), Some("image/gif"));
        assert_eq!(detect(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(detect(b"%PDF-1.7"), Some("application/pdf"));
        assert_eq!(detect(b"<html><script>"), None);
        assert!(is_plain_text("Opening hours: 9–17\n".as_bytes()));
        assert!(!is_plain_text(b"  <!doctype html><p>hi"));
        assert!(!is_plain_text(b"a\0b"));
        assert!(!is_plain_text(b"\xff\xfe"));
    }
}
