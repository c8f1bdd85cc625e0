//! Storage (DESIGN §2): one SQLite file, one writer thread with group commit, a read pool.
//! `db.read(..)` and `db.write(..)` run the store functions off the async threads.

pub mod backup;
pub mod conn;
pub mod events;
pub mod migrate;
pub mod pool;
pub mod writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::Connection;

pub use writer::{BatchLimits, Maintenance, Tx, WriterStats};

use crate::config::{StorageConfig, Synchronous};
use crate::http::ApiError;

#[derive(Clone)]
pub struct Db {
    writer: writer::Writer,
    readers: Arc<pool::ReadPool>,
    events: tokio::sync::broadcast::Sender<Arc<events::CommittedEvent>>,
    pub path: PathBuf,
    pub synchronous: Synchronous,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Open(#[from] conn::OpenError),
    #[error(transparent)]
    Migrate(#[from] migrate::MigrateError),
    #[error("starting the writer thread: {0}")]
    Thread(#[from] std::io::Error),
}

impl Db {
    /// Opens (or creates) `<data_dir>/staffroom.db`, applies migrations, starts the writer and
    /// the read pool. `stamp` names a pre-migration backup.
    pub fn open(data_dir: &Path, config: &StorageConfig, stamp: &str) -> Result<Db, DbError> {
        let path = data_dir.join(backup::DB_FILE);
        let mut write_conn = conn::open(&path, config.synchronous, conn::Role::Writer)?;
        migrate::apply(&mut write_conn, &data_dir.join("backups"), stamp)?;
        let readers = (0..config.read_connections)
            .map(|_| conn::open(&path, config.synchronous, conn::Role::Reader))
            .collect::<Result<Vec<_>, _>>()?;
        let limits = BatchLimits { max_jobs: config.batch_max_jobs as usize, max_time: config.batch_max_time.0 };
        let (relay, events) = events::EventRelay::new(&write_conn)
            .map_err(|source| conn::OpenError::Open { path: path.display().to_string(), source })?;
        Ok(Db {
            writer: writer::Writer::start(write_conn, limits, relay)?,
            readers: pool::ReadPool::new(readers),
            events,
            path,
            synchronous: config.synchronous,
        })
    }

    /// Runs `work` on a read connection.
    pub async fn read<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, ApiError> + Send + 'static,
    {
        self.readers.read(work).await
    }

    /// Runs `work` in the next group commit; resolves after COMMIT.
    pub async fn write<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Tx<'_>) -> Result<T, ApiError> + Send + 'static,
    {
        self.writer.write(work).await
    }

    /// Committed events from now on, in `seq` order (DESIGN §13).
    pub fn subscribe_events(&self) -> tokio::sync::broadcast::Receiver<Arc<events::CommittedEvent>> {
        self.events.subscribe()
    }

    /// WAL checkpoint (truncating) and `PRAGMA optimize`, between two group commits.
    pub async fn maintain(&self) -> Result<Maintenance, ApiError> {
        self.writer.maintain().await
    }

    pub fn writer_stats(&self) -> &WriterStats {
        &self.writer.stats
    }

    pub fn queue_depth(&self) -> usize {
        self.writer.queue_depth()
    }

    pub fn read_pool_size(&self) -> usize {
        self.readers.size()
    }

    pub fn read_pool_idle(&self) -> usize {
        self.readers.idle()
    }

    /// Drains the writer and closes every connection.
    pub async fn close(&self) {
        self.writer.stop().await;
        self.readers.close();
    }
}

/// `%text%` for `LIKE … ESCAPE '\'`, lower-cased, with the wildcards of the text escaped.
pub fn like_pattern(text: &str) -> String {
    format!("%{}%", text.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}

/// The items as a JSON array, for `IN (SELECT value FROM json_each(?))`: one statement for any
/// number of ids or keys.
pub fn json_array<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    serde_json::to_string(&items.into_iter().collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into())
}

/// Every `every`: checkpoint and truncate the WAL, then `PRAGMA optimize` (DESIGN §2). Runs for
/// the life of the server.
pub async fn maintenance(db: Db, every: std::time::Duration) {
    loop {
        tokio::time::sleep(every).await;
        match db.maintain().await {
            Ok(done) if done.busy => {
                tracing::info!(wal_pages = done.wal_pages, "database maintenance: a reader held the checkpoint back")
            }
            Ok(done) => tracing::info!(wal_pages = done.wal_pages, "database maintenance: WAL checkpointed, optimized"),
            Err(e) => tracing::warn!("database maintenance failed: {e}"),
        }
    }
}
