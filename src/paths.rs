//! Where the data dir and config file are (DESIGN §1).

use std::path::{Path, PathBuf};

/// `--data-dir` / `STAFFROOM_DATA_DIR` (given as `flag`), else `$STATE_DIRECTORY` (systemd),
/// else the platform's data dir.
pub fn data_dir(flag: Option<PathBuf>, state_directory: Option<String>) -> Option<PathBuf> {
    if let Some(dir) = flag {
        return Some(dir);
    }
    if let Some(dirs) = state_directory.filter(|s| !s.is_empty()) {
        // systemd passes a colon-separated list when several StateDirectory= are set.
        return dirs.split(':').next().map(PathBuf::from);
    }
    directories::ProjectDirs::from("", "", "staffroom").map(|p| p.data_dir().to_path_buf())
}

/// `--config` / `STAFFROOM_CONFIG`, else `<data dir>/staffroom.toml` when it exists.
pub fn config_file(flag: Option<PathBuf>, data_dir: &Path) -> Option<PathBuf> {
    flag.or_else(|| Some(data_dir.join(crate::db::backup::CONFIG_FILE)).filter(|p| p.is_file()))
}

/// Names a file system whose locking SQLite cannot rely on (network shares, exFAT), from
/// `statfs`'s magic number.
pub fn unreliable_fs(magic: i64) -> Option<&'static str> {
    match magic {
        0x6969 => Some("NFS"),
        0x517B => Some("SMB"),
        0xFF53_4D42 => Some("CIFS"),
        0xFE53_4D42 => Some("SMB2"),
        0x2011_BAB0 => Some("exFAT"),
        0x6573_5546 => Some("FUSE"),
        _ => None,
    }
}

/// Logs a warning when the data dir sits on a file system where SQLite's locking is unreliable.
// `f_type` is i64 on glibc and another width on musl: the cast is needed there.
#[allow(clippy::unnecessary_cast)]
pub fn warn_if_unreliable(data_dir: &Path) {
    if let Ok(stat) = rustix::fs::statfs(data_dir)
        && let Some(name) = unreliable_fs(stat.f_type as i64)
    {
        tracing::warn!(
            data_dir = %data_dir.display(),
            "the data dir is on {name}, where SQLite's file locking is unreliable: a database can be corrupted. \
             Put the data dir on a local disk."
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    #[allow(clippy::unnecessary_cast)]
    fn recognises_network_and_exfat_file_systems() {
        assert_eq!(super::unreliable_fs(0x6969), Some("NFS"));
        assert_eq!(super::unreliable_fs(0x2011_BAB0), Some("exFAT"));
        assert_eq!(super::unreliable_fs(0xEF53), None, "ext4 is fine");
        let dir = tempfile::tempdir().unwrap();
        let magic = rustix::fs::statfs(dir.path()).unwrap().f_type as i64;
        assert_eq!(super::unreliable_fs(magic), None, "the test machine's temp dir is local");
    }
}
