//! Keys the instance needs, generated at first start into `<data dir>/secrets/` (mode 0600,
//! folder 0700) and kept across restarts and backups.

use std::fmt;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use sha2::Digest;

/// A hex HMAC-SHA256 of `message` under `key`, for values the server hands out and checks later
/// (download links, CSRF values, device cookies). Each use prefixes its own purpose.
pub fn sign(key: &[u8], message: &str) -> String {
    hex::encode(hmac_sha256(key, message.as_bytes()))
}

/// RFC 2104 over SHA-256 (the `hmac` crate in the tree is built on another `sha2` major).
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > block.len() {
        block[..32].copy_from_slice(&sha2::Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = sha2::Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    inner.update(message);
    let mut outer = sha2::Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

pub struct Secrets {
    /// Signs access tokens (HS256).
    pub jwt_key: Vec<u8>,
    /// Signs upload URLs.
    pub upload_key: Vec<u8>,
    /// Encrypts stored SMTP passwords.
    pub storage_key: Vec<u8>,
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secrets(<redacted>)")
    }
}

impl Secrets {
    pub fn load_or_create(data_dir: &Path) -> std::io::Result<Secrets> {
        let dir = data_dir.join("secrets");
        if !dir.exists() {
            std::fs::DirBuilder::new().recursive(true).mode(0o700).create(&dir)?;
        }
        Ok(Secrets {
            jwt_key: key(&dir.join("jwt.key"))?,
            upload_key: key(&dir.join("upload.key"))?,
            storage_key: key(&dir.join("storage.key"))?,
        })
    }
}

/// Reads a 32-byte hex key, creating it first if missing.
fn key(path: &Path) -> std::io::Result<Vec<u8>> {
    if !path.exists() {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
        file.write_all(hex::encode(bytes).as_bytes())?;
        file.sync_all()?;
    }
    let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        tracing::warn!(file = %path.display(), "secret file was readable by others; setting mode 0600");
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    let text = std::fs::read_to_string(path)?;
    hex::decode(text.trim())
        .ok()
        .filter(|k| k.len() >= 32)
        .ok_or_else(|| std::io::Error::other(format!("{} is not a 32-byte hex key", path.display())))
}
