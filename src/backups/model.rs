use serde::Serialize;
use utoipa::ToSchema;

use crate::ids::BackupRunId;

/// One backup run.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BackupRun {
    pub id: BackupRunId,
    /// `schedule` or `manual`.
    pub trigger: String,
    pub started_at: String,
    pub finished_at: String,
    /// `ok` (written and verified) or `failed`.
    pub status: String,
    /// The archive's name in the backup folder.
    pub file_name: Option<String>,
    pub bytes: Option<i64>,
    pub error: Option<String>,
    /// When retention deleted the archive.
    pub pruned_at: Option<String>,
}

/// The schedule and how it went.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BackupStatus {
    pub enabled: bool,
    /// Seconds between scheduled backups.
    pub interval_seconds: u64,
    /// Archives kept.
    pub keep: u32,
    /// The folder archives go to.
    pub directory: String,
    /// Finish time of the newest verified backup.
    pub last_good_backup: Option<String>,
    pub last_run: Option<BackupRun>,
    /// When the scheduler runs next; null when scheduled backups are off.
    pub next_run_at: Option<String>,
    /// Whether a backup is being written right now.
    pub running: bool,
}

/// A link that downloads one archive without a bearer token, for a minute.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DownloadLink {
    /// Path and query, on this server.
    pub url: String,
    pub expires_at: String,
}
