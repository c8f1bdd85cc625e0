//! The wire shapes of files.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::ids::{FileId, UserId};

/// An uploaded file (or one waiting for its bytes).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FileView {
    pub id: FileId,
    pub name: String,
    pub content_type: String,
    /// Bytes; absent until uploaded.
    pub size: Option<u64>,
    /// Hex SHA-256 of the bytes; absent until uploaded.
    pub sha256: Option<String>,
    /// `pending` (waiting for its upload) or `stored`.
    pub status: String,
    pub uploaded_by: Option<UserId>,
    pub created_at: String,
    pub stored_at: Option<String>,
}

/// Seed 000's presign request: `key` is the client's name for the file (a path's last part is
/// kept as its name); the server chooses where the bytes go.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Presign {
    #[schema(
        min_length = 1,
        max_length = 255,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s/\\\\\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub key: String,
    /// `image/png`, `image/jpeg`, `image/webp`, `image/gif`, `application/pdf`, `text/plain`
    /// (and what the operator added).
    #[schema(min_length = 1, max_length = 100)]
    pub content_type: String,
    /// The size the client will send, when known: refused at once when over the limit.
    #[schema(minimum = 0)]
    pub size: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UploadHeaders {
    #[serde(rename = "Content-Type")]
    pub content_type: String,
}

/// Where and how to send the bytes: one `PUT` of the raw bytes to `uploadUrl`, before
/// `expiresAt`, with the headers given.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Presigned {
    pub file_id: FileId,
    /// The server's key for the bytes.
    pub key: String,
    pub upload_url: String,
    pub method: String,
    pub headers: UploadHeaders,
    pub max_size: u64,
    pub expires_at: String,
    pub file: FileView,
}

/// A link that works without the bearer token until `expiresAt`: 24 hours for images (the
/// same URL within the hour, so browsers cache it), one minute for other files.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SignedLink {
    pub url: String,
    /// For images: a signed link to a copy of at most 560 px a side (the image itself when it
    /// is that small), for previews.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbnail_url: Option<String>,
    pub expires_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Unix seconds.
    pub expires: i64,
    #[param(pattern = "^[0-9a-f]{64}$")]
    pub signature: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Deleted {
    pub deleted: bool,
}

/// The name a file is shown and downloaded under: the last part of the client's key.
pub fn file_name(key: &str) -> Option<String> {
    let name = key.rsplit(['/', '\\']).next().unwrap_or(key).trim();
    let ok = !name.is_empty() && name != "." && name != ".." && !name.chars().any(char::is_control);
    ok.then(|| name.chars().take(200).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gives_only_a_name() {
        assert_eq!(file_name("uploads/file.pdf").as_deref(), Some("file.pdf"));
        assert_eq!(file_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(file_name("C:\\x\\photo.png").as_deref(), Some("photo.png"));
        assert_eq!(file_name("dir/"), None);
        assert_eq!(file_name(".."), None);
        assert_eq!(file_name("a\nb"), None);
    }
}
