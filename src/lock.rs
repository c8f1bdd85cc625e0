//! One process per data dir: an OS file lock on `<data dir>/staffroom.lock` (DESIGN §1).
//! The kernel releases it when the process dies, so a crash never leaves a stale lock.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct InstanceLock {
    _file: File,
    pub path: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "another Staffroom process is using the data dir {dir} (it holds {lock}); stop it first, or choose another --data-dir"
    )]
    Held { dir: String, lock: String },
    #[error("cannot create the lock file {lock}: {source}")]
    Io { lock: String, source: std::io::Error },
}

impl InstanceLock {
    pub fn acquire(data_dir: &Path) -> Result<InstanceLock, LockError> {
        let path = data_dir.join("staffroom.lock");
        let io = |source| LockError::Io { lock: path.display().to_string(), source };
        std::fs::create_dir_all(data_dir).map_err(io)?;
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(io)?;
        match file.try_lock() {
            Ok(()) => Ok(InstanceLock { _file: file, path }),
            Err(TryLockError::WouldBlock) => {
                Err(LockError::Held { dir: data_dir.display().to_string(), lock: path.display().to_string() })
            }
            Err(TryLockError::Error(e)) => Err(io(e)),
        }
    }
}
