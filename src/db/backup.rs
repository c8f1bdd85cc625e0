//! Online backups and restore (DESIGN §2). A snapshot is `VACUUM INTO` from a read
//! connection — consistent while writers go on — checked with `integrity_check`, fsynced and
//! renamed into place. An archive is a `.tar.gz` of the snapshot, `secrets/`, `uploads/` and
//! the config file.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::config::Synchronous;

pub const DB_FILE: &str = "staffroom.db";
pub const CONFIG_FILE: &str = "staffroom.toml";
const ARCHIVE_DIRS: &[&str] = &["secrets", "uploads"];

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("integrity check of the copy failed: {0}")]
    Integrity(String),
    #[error("{0}")]
    Invalid(String),
    /// An I/O step that names what it did and where, so the owner can act on it.
    #[error("{step} {}: {source}", path.display())]
    Step { step: &'static str, path: PathBuf, source: io::Error },
}

/// Maps an I/O error to a [`BackupError::Step`] naming the step and its path.
fn step(step: &'static str, path: &Path) -> impl FnOnce(io::Error) -> BackupError {
    let path = path.to_path_buf();
    move |source| BackupError::Step { step, path, source }
}

/// Writes a consistent copy of `conn`'s database to `dest` (which must not exist).
pub fn snapshot(conn: &Connection, dest: &Path) -> Result<(), BackupError> {
    let dir = dest.parent().ok_or_else(|| BackupError::Invalid("destination has no folder".into()))?;
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{}.partial", dest.file_name().and_then(|n| n.to_str()).unwrap_or("snapshot")));
    let _ = std::fs::remove_file(&tmp);
    let result = (|| {
        conn.execute("VACUUM INTO ?1", [tmp.to_string_lossy()])?;
        check_integrity(&tmp)?;
        File::open(&tmp)?.sync_all()?;
        std::fs::rename(&tmp, dest)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Runs `PRAGMA integrity_check` on a database file.
pub fn check_integrity(path: &Path) -> Result<(), BackupError> {
    let copy = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let verdict: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if verdict == "ok" { Ok(()) } else { Err(BackupError::Integrity(verdict)) }
}

fn sync_dir(dir: &Path) -> Result<(), BackupError> {
    File::open(dir)?.sync_all()?;
    Ok(())
}

/// `staffroom backup FILE`: works while a server runs on the same data dir.
pub fn create_archive(data_dir: &Path, config_file: Option<&Path>, out: &Path) -> Result<(), BackupError> {
    let db_path = data_dir.join(DB_FILE);
    if !db_path.exists() {
        return Err(BackupError::Invalid(format!("no database at {}", db_path.display())));
    }
    let conn = super::conn::open(&db_path, Synchronous::Full, super::conn::Role::Snapshot)
        .map_err(|e| BackupError::Invalid(e.to_string()))?;
    let work = tempfile::Builder::new()
        .prefix(".backup-")
        .tempdir_in(data_dir)
        .map_err(step("cannot write in the data dir", data_dir))?;
    let snap = work.path().join(DB_FILE);
    snapshot(&conn, &snap)?;
    drop(conn);

    let out_dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&out_dir).map_err(step("cannot create the backup folder", &out_dir))?;
    let partial = tempfile::Builder::new()
        .prefix(".staffroom-backup-")
        .tempfile_in(&out_dir)
        .map_err(step("cannot write in the backup folder", &out_dir))?;
    let written = (|| {
        let gz = flate2::write::GzEncoder::new(partial.as_file(), flate2::Compression::default());
        let mut tar = tar::Builder::new(gz);
        tar.follow_symlinks(false);
        tar.append_path_with_name(&snap, DB_FILE)?;
        for dir in ARCHIVE_DIRS {
            let path = data_dir.join(dir);
            if path.is_dir() {
                tar.append_dir_all(dir, &path)?;
            }
        }
        if let Some(config) = config_file.filter(|c| c.is_file()) {
            tar.append_path_with_name(config, CONFIG_FILE)?;
        }
        tar.into_inner()?.finish()?;
        partial.as_file().sync_all()
    })();
    written.map_err(step("cannot write the archive", out))?;
    partial.persist(out).map_err(|e| step("cannot rename the archive to", out)(e.error))?;
    sync_dir(&out_dir)?;
    Ok(())
}

/// Reads an archive back: it must decompress, hold a `staffroom.db` that passes
/// `integrity_check` and carries a schema this binary knows. `work` is a folder for the copy.
pub fn verify_archive(archive: &Path, work: &Path) -> Result<(), BackupError> {
    let scratch = tempfile::Builder::new().prefix(".verify-").tempdir_in(work)?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(File::open(archive)?));
    let mut found = false;
    for entry in tar.entries()? {
        let mut entry = entry?;
        if entry.path()?.as_os_str() == DB_FILE {
            entry.unpack(scratch.path().join(DB_FILE))?;
            found = true;
        } else {
            // Reading every entry to its end checks the whole compressed stream.
            io::copy(&mut entry, &mut io::sink())?;
        }
    }
    if !found {
        return Err(BackupError::Invalid("the archive holds no staffroom.db".into()));
    }
    let db = scratch.path().join(DB_FILE);
    check_integrity(&db)?;
    let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    super::migrate::plan(&conn).map_err(|e| BackupError::Invalid(e.to_string()))?;
    Ok(())
}

/// What `restore` did, for the operator.
#[derive(Debug)]
pub struct Restored {
    pub previous_moved_to: Option<PathBuf>,
    pub config: Option<PathBuf>,
}

/// `staffroom restore FILE`. The caller holds the instance lock. The current database,
/// secrets and uploads are moved aside (never deleted) before the archive's take their place.
pub fn restore_archive(archive: &Path, data_dir: &Path, stamp: &str) -> Result<Restored, BackupError> {
    std::fs::create_dir_all(data_dir)?;
    let staging = tempfile::Builder::new().prefix(".restore-").tempdir_in(data_dir)?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(File::open(archive)?));
    for entry in tar.entries()? {
        let mut entry = entry?;
        let path = entry.path()?.into_owned();
        let top = path.components().next().and_then(|c| c.as_os_str().to_str()).unwrap_or("");
        if top != DB_FILE && top != CONFIG_FILE && !ARCHIVE_DIRS.contains(&top) {
            return Err(BackupError::Invalid(format!("unexpected entry {} in the archive", path.display())));
        }
        // unpack_in refuses paths that would escape the staging folder.
        if !entry.unpack_in(staging.path())? {
            return Err(BackupError::Invalid(format!("unsafe path {} in the archive", path.display())));
        }
    }
    let new_db = staging.path().join(DB_FILE);
    if !new_db.is_file() {
        return Err(BackupError::Invalid("the archive holds no staffroom.db".into()));
    }
    check_integrity(&new_db)?;
    {
        let conn = Connection::open_with_flags(&new_db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        super::migrate::plan(&conn).map_err(|e| BackupError::Invalid(e.to_string()))?;
    }

    let aside = data_dir.join("backups").join(format!("pre-restore-{stamp}"));
    let mut moved = false;
    for name in [DB_FILE, "staffroom.db-wal", "staffroom.db-shm", "secrets", "uploads"] {
        let current = data_dir.join(name);
        if current.exists() {
            std::fs::create_dir_all(&aside)?;
            std::fs::rename(&current, aside.join(name))?;
            moved = true;
        }
    }
    for name in [DB_FILE, "secrets", "uploads"] {
        let incoming = staging.path().join(name);
        if incoming.exists() {
            std::fs::rename(&incoming, data_dir.join(name))?;
        }
    }
    let mut config = None;
    let incoming_config = staging.path().join(CONFIG_FILE);
    if incoming_config.is_file() {
        let target = if data_dir.join(CONFIG_FILE).exists() {
            data_dir.join(format!("{CONFIG_FILE}.restored"))
        } else {
            data_dir.join(CONFIG_FILE)
        };
        std::fs::rename(&incoming_config, &target)?;
        config = Some(target);
    }
    sync_dir(data_dir)?;
    Ok(Restored { previous_moved_to: moved.then_some(aside), config })
}
