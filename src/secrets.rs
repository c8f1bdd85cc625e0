//! Keys the instance needs, generated at first start into `<data dir>/secrets/` (mode 0600,
//! folder 0700) and kept across restarts and backups.

use std::fmt;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

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
