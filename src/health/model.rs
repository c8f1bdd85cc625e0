use serde::Serialize;
use utoipa::ToSchema;

/// Liveness: the process answers and the database reads.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    /// `ok` when every check passed.
    pub status: &'static str,
    /// `ok` when a query on a read connection succeeded.
    pub database: &'static str,
}

/// Facts about the running instance.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SystemHealth {
    pub status: &'static str,
    /// The server's version.
    pub version: &'static str,
    /// Shown only to the instance owner.
    #[serde(flatten)]
    pub owner: Option<OwnerFacts>,
}

/// The part of `/api/v1/health/system` only the instance owner sees. Flattened as an `Option`:
/// all present or all absent, so none is `required` in the schema.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OwnerFacts {
    #[schema(required = false)]
    pub uptime_seconds: u64,
    /// Highest applied migration.
    #[schema(required = false)]
    pub schema_version: i64,
    #[schema(required = false)]
    pub sqlite_version: &'static str,
    /// Database file plus its write-ahead log.
    #[schema(required = false)]
    pub database_bytes: u64,
    /// Free space for the data dir.
    #[schema(required = false)]
    pub free_disk_bytes: Option<u64>,
    /// Finish time of the newest verified backup (scheduled or started in the UI); null before
    /// the first.
    #[schema(required = false)]
    pub last_good_backup: Option<String>,
}

/// Each subsystem's state.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServicesHealth {
    /// `ok` when every subsystem is `ok`.
    pub status: &'static str,
    pub storage: StorageHealth,
    pub mail: MailHealth,
}

/// The mail outbox.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MailHealth {
    /// `ok`, or `waiting` when mails are pending with a delivery error.
    pub status: &'static str,
    /// Mails waiting to be sent, all tenants.
    pub outbox_depth: u64,
    pub last_error: Option<String>,
    /// Whether the operator's config names an SMTP server (tenants may have their own).
    pub smtp_configured: bool,
}

/// The storage engine: writer queue, group commits, read pool.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StorageHealth {
    pub status: &'static str,
    /// `FULL` or `NORMAL`.
    pub synchronous: &'static str,
    /// Write jobs waiting for the writer thread.
    pub queue_depth: u64,
    /// Group commits since start.
    pub batches: u64,
    /// Jobs in the most recent group commit.
    pub last_batch_jobs: u64,
    pub jobs_committed: u64,
    pub jobs_failed: u64,
    /// Group commits that SQLite aborted as a whole.
    pub batches_aborted: u64,
    pub read_connections: u64,
    pub read_connections_idle: u64,
    /// WAL checkpoints with `PRAGMA optimize` since start (daily by default).
    pub maintenance_runs: u64,
}
