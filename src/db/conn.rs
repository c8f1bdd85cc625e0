//! Opening a connection with the pragmas of DESIGN §2, set and then checked.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::config::Synchronous;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Writer,
    Reader,
    /// Reads for `VACUUM INTO`, which `query_only` would refuse.
    Snapshot,
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot open database {path}: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error("database {path}: pragma {pragma} is {actual}, expected {expected}")]
    Pragma { path: String, pragma: &'static str, actual: String, expected: String },
}

pub fn open(path: &Path, sync: Synchronous, role: Role) -> Result<Connection, OpenError> {
    let label = path.display().to_string();
    let wrap = |source| OpenError::Open { path: label.clone(), source };
    let flags = match role {
        Role::Writer => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        Role::Reader | Role::Snapshot => OpenFlags::SQLITE_OPEN_READ_WRITE,
    } | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags).map_err(wrap)?;
    conn.busy_timeout(std::time::Duration::from_millis(5000)).map_err(wrap)?;
    if role == Role::Writer {
        conn.pragma_update(None, "journal_mode", "WAL").map_err(wrap)?;
        // The writer checks every shift against the person's others, spread over the file by
        // date: with SQLite's 2 MB default most of those pages came from the OS each time.
        // Pages are cached as they are read, so an idle or small workplace never fills it.
        conn.pragma_update(None, "cache_size", -16 * 1024).map_err(wrap)?;
        // Each job of a group commit runs in its own savepoint, whose journal of the pages it
        // changes went to a temporary file: a write per page per job. In memory instead.
        conn.pragma_update(None, "temp_store", "MEMORY").map_err(wrap)?;
        // Checkpoint every 16 MB of WAL rather than 4: the pages a busy hour rewrites over and
        // over (index pages, the events table) reach the database file once per checkpoint.
        conn.pragma_update(None, "wal_autocheckpoint", 4000).map_err(wrap)?;
    }
    conn.pragma_update(None, "foreign_keys", true).map_err(wrap)?;
    conn.pragma_update(None, "synchronous", sync.pragma_value()).map_err(wrap)?;
    if role == Role::Reader {
        conn.pragma_update(None, "query_only", true).map_err(wrap)?;
    }
    conn.set_prepared_statement_cache_capacity(64);
    // The same plan whatever the values bound: without it SQLite 3.54 re-prepares a cached
    // statement on every new `LIMIT ?` (and some other) value, which cost a paged list a
    // tenth of its time in parsing.
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true).map_err(wrap)?;

    let check = |pragma: &'static str, expected: String| -> Result<(), OpenError> {
        let actual: String = conn
            .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get::<_, rusqlite::types::Value>(0))
            .map(|v| match v {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Text(t) => t.to_ascii_lowercase(),
                other => format!("{other:?}"),
            })
            .map_err(wrap)?;
        if actual == expected {
            Ok(())
        } else {
            Err(OpenError::Pragma { path: label.clone(), pragma, actual, expected })
        }
    };
    check("journal_mode", "wal".into())?;
    check("foreign_keys", "1".into())?;
    check("busy_timeout", "5000".into())?;
    check("synchronous", sync.pragma_value().to_string())?;
    Ok(conn)
}
