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
