//! Schema migrations: refinery, embedded, `abort_missing` (DESIGN §2). A database written by
//! a newer Staffroom is refused with a clear message; before new migrations touch an
//! existing database, a backup goes to `<data dir>/backups/`.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

refinery::embed_migrations!("migrations");

#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error(
        "this database was written by a newer Staffroom (schema version {found}; this binary knows up to {known}). \
         Install that newer version again, or restore a backup made by this version. Nothing was changed."
    )]
    NewerSchema { found: i64, known: i64 },
    #[error("reading the schema history: {0}")]
    History(#[from] rusqlite::Error),
    #[error("pre-migration backup failed, nothing was migrated: {0}")]
    Backup(String),
    #[error("migration failed: {0}")]
    Refinery(#[from] refinery::Error),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Highest applied version, 0 for a new database.
    pub current: i64,
    /// Highest version this binary knows.
    pub latest: i64,
    /// Versions and names still to apply, in order.
    pub pending: Vec<(i64, String)>,
}

/// The embedded migrations' highest version.
pub fn latest_version() -> i64 {
    migrations::runner().get_migrations().iter().map(|m| i64::from(m.version())).max().unwrap_or(0)
}

/// Reads what is applied without writing anything (also for `migrate --dry-run`).
pub fn plan(conn: &Connection) -> Result<Plan, MigrateError> {
    let has_history: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'refinery_schema_history')",
        [],
        |r| r.get(0),
    )?;
    let applied: Vec<i64> = if has_history {
        let mut stmt = conn.prepare("SELECT version FROM refinery_schema_history ORDER BY version")?;
        stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?
    } else {
        Vec::new()
    };
    let current = applied.iter().copied().max().unwrap_or(0);
    let latest = latest_version();
    if current > latest {
        return Err(MigrateError::NewerSchema { found: current, known: latest });
    }
    let mut pending: Vec<(i64, String)> = migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| (i64::from(m.version()), m.name().to_string()))
        .filter(|(v, _)| !applied.contains(v))
        .collect();
    pending.sort();
    Ok(Plan { current, latest, pending })
}

/// Applies the migrations up to `version` only, without a backup: for building the fixture
/// databases of older schema versions that the upgrade test starts from.
#[doc(hidden)]
pub fn apply_up_to(conn: &mut Connection, version: i32) -> Result<(), MigrateError> {
    migrations::runner().set_target(refinery::Target::Version(version)).run(conn)?;
    Ok(())
}

/// Applies pending migrations, backing up an existing database first. Returns the plan that
/// was carried out and the backup's path, if one was written.
pub fn apply(conn: &mut Connection, backups_dir: &Path, stamp: &str) -> Result<(Plan, Option<PathBuf>), MigrateError> {
    let plan = plan(conn)?;
    if plan.pending.is_empty() {
        return Ok((plan, None));
    }
    let mut backup = None;
    if plan.current > 0 {
        let path = backups_dir.join(format!("pre-migrate-v{}-{stamp}.db", plan.current));
        super::backup::snapshot(conn, &path).map_err(|e| MigrateError::Backup(e.to_string()))?;
        tracing::info!(backup = %path.display(), "backed up the database before migrating");
        backup = Some(path);
    }
    migrations::runner().set_abort_missing(true).set_abort_divergent(true).run(conn)?;
    for (version, name) in &plan.pending {
        tracing::info!(version, name, "applied migration");
    }
    Ok((plan, backup))
}
