//! The writer thread: owns the only write connection and commits jobs in groups
//! (DESIGN §2). One fsync serves every job of a batch.
//!
//! Rules that keep a batch sound:
//! - each job runs in its own SAVEPOINT; a failing job rolls back to it and fails alone;
//! - after every job, `is_autocommit()` tells whether SQLite aborted the whole transaction
//!   (FULL, IOERR, BUSY, NOMEM, `RAISE(ROLLBACK)`); then every job of the batch is answered
//!   503 and none is reported committed; a failed COMMIT does the same;
//! - a panicking job is caught and fails alone;
//! - jobs are answered only after COMMIT, so side effects that callers run after `.await`
//!   happen after the data is durable.

use std::cell::Cell;
use std::ops::Deref;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use tokio::sync::{mpsc, oneshot};

use super::events::EventRelay;
use crate::http::ApiError;

/// The connection as a write job sees it: inside the batch's transaction, in the job's
/// savepoint. Store functions that write take `&Tx`, so they cannot be handed a read
/// connection by mistake; `Tx` derefs to `Connection`, so every read function works too.
pub struct Tx<'a> {
    conn: &'a Connection,
    wrote_events: &'a Cell<bool>,
}

impl Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Tx<'_> {
    /// Says that this job wrote into `events`: after COMMIT the writer hands the new rows on.
    pub fn wrote_event(&self) {
        self.wrote_events.set(true);
    }
}

trait Job: Send {
    fn run(&mut self, tx: &Tx<'_>);
    fn succeeded(&self) -> bool;
    /// Answers the caller: its own result when the batch committed, else `batch_error`.
    fn finish(self: Box<Self>, batch_error: Option<ApiError>);
}

struct TypedJob<T, F> {
    work: Option<F>,
    result: Option<Result<T, ApiError>>,
    reply: oneshot::Sender<Result<T, ApiError>>,
}

impl<T, F> Job for TypedJob<T, F>
where
    T: Send,
    F: FnOnce(&Tx<'_>) -> Result<T, ApiError> + Send,
{
    fn run(&mut self, tx: &Tx<'_>) {
        let Some(work) = self.work.take() else { return };
        self.result = Some(match catch_unwind(AssertUnwindSafe(|| work(tx))) {
            Ok(result) => result,
            Err(panic) => Err(ApiError::internal(format!("write job panicked: {}", panic_message(&panic)))),
        });
    }

    fn succeeded(&self) -> bool {
        matches!(self.result, Some(Ok(_)))
    }

    fn finish(self: Box<Self>, batch_error: Option<ApiError>) {
        let answer = match batch_error {
            Some(error) => Err(error),
            None => self.result.unwrap_or_else(|| Err(ApiError::internal("write job did not run"))),
        };
        let _ = self.reply.send(answer);
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

enum Message {
    Job(Box<dyn Job>),
    Maintain(oneshot::Sender<Result<Maintenance, ApiError>>),
    Stop(oneshot::Sender<()>),
}

/// What one maintenance pass did.
#[derive(Debug, Clone, Copy)]
pub struct Maintenance {
    /// Pages the WAL held before the checkpoint.
    pub wal_pages: i64,
    /// Whether a reader kept the checkpoint from finishing (it is retried next time).
    pub busy: bool,
}

/// Counters shown by `/api/v1/health/services`.
#[derive(Default, Debug)]
pub struct WriterStats {
    pub batches: AtomicU64,
    pub jobs_committed: AtomicU64,
    pub jobs_failed: AtomicU64,
    pub batches_aborted: AtomicU64,
    pub last_batch_jobs: AtomicU64,
    pub maintenance_runs: AtomicU64,
}

#[derive(Clone, Copy, Debug)]
pub struct BatchLimits {
    pub max_jobs: usize,
    pub max_time: Duration,
}

const QUEUE: usize = 4096;

#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<Message>,
    pub stats: Arc<WriterStats>,
}

impl Writer {
    pub fn start(conn: Connection, limits: BatchLimits, relay: EventRelay) -> std::io::Result<Writer> {
        let (queue, rx) = mpsc::channel(QUEUE);
        let stats = Arc::new(WriterStats::default());
        let thread_stats = stats.clone();
        std::thread::Builder::new()
            .name("staffroom-writer".into())
            .spawn(move || run(conn, rx, limits, &thread_stats, relay))?;
        Ok(Writer { queue, stats })
    }

    pub async fn write<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Tx<'_>) -> Result<T, ApiError> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job = Box::new(TypedJob { work: Some(work), result: None, reply });
        self.queue.send(Message::Job(job)).await.map_err(|_| ApiError::unavailable("the writer has stopped"))?;
        answer.await.map_err(|_| ApiError::unavailable("the writer has stopped"))?
    }

    /// Jobs waiting for the writer.
    pub fn queue_depth(&self) -> usize {
        QUEUE - self.queue.capacity()
    }

    /// Between two group commits: checkpoints the WAL and truncates it, then `PRAGMA optimize`.
    /// Neither can run inside the batch transaction, so this is a message of its own.
    pub async fn maintain(&self) -> Result<Maintenance, ApiError> {
        let (reply, answer) = oneshot::channel();
        self.queue.send(Message::Maintain(reply)).await.map_err(|_| ApiError::unavailable("the writer has stopped"))?;
        answer.await.map_err(|_| ApiError::unavailable("the writer has stopped"))?
    }

    /// Finishes the queued jobs, then closes the connection (which checkpoints the WAL).
    pub async fn stop(&self) {
        let (done, wait) = oneshot::channel();
        if self.queue.send(Message::Stop(done)).await.is_ok() {
            let _ = wait.await;
        }
    }
}

fn run(
    conn: Connection,
    mut rx: mpsc::Receiver<Message>,
    limits: BatchLimits,
    stats: &WriterStats,
    mut relay: EventRelay,
) {
    let mut stop_reply = None;
    let wrote_events = Cell::new(false);
    let mut maintain_reply: Option<oneshot::Sender<Result<Maintenance, ApiError>>> = None;
    while stop_reply.is_none() {
        if let Some(reply) = maintain_reply.take() {
            let _ = reply.send(maintain(&conn, stats));
        }
        let first = match rx.blocking_recv() {
            Some(Message::Job(job)) => job,
            Some(Message::Maintain(reply)) => {
                maintain_reply = Some(reply);
                continue;
            }
            Some(Message::Stop(reply)) => {
                stop_reply = Some(reply);
                break;
            }
            None => break,
        };
        let mut batch: Vec<Box<dyn Job>> = Vec::with_capacity(16);
        let started = Instant::now();
        let mut aborted = conn.execute_batch("BEGIN IMMEDIATE").err().map(ApiError::from);
        let mut next = Some(first);
        while let Some(mut job) = next.take() {
            if aborted.is_none() {
                aborted = run_job(&conn, job.as_mut(), &wrote_events).err();
            }
            batch.push(job);
            if aborted.is_some() || batch.len() >= limits.max_jobs || started.elapsed() >= limits.max_time {
                break;
            }
            match rx.try_recv() {
                Ok(Message::Job(job)) => next = Some(job),
                // Runs right after this batch commits.
                Ok(Message::Maintain(reply)) => maintain_reply = Some(reply),
                Ok(Message::Stop(reply)) => stop_reply = Some(reply),
                Err(_) => {}
            }
            if maintain_reply.is_some() {
                break;
            }
        }
        let outcome = match aborted {
            None => conn.execute_batch("COMMIT").map_err(ApiError::from),
            Some(error) => Err(error),
        };
        stats.batches.fetch_add(1, Ordering::Relaxed);
        stats.last_batch_jobs.store(batch.len() as u64, Ordering::Relaxed);
        match outcome {
            Ok(()) => {
                // Events go on after COMMIT, in `seq` order, before anyone hears of the batch.
                if wrote_events.replace(false) {
                    relay.hand_on(&conn);
                }
                for job in batch {
                    let counter = if job.succeeded() { &stats.jobs_committed } else { &stats.jobs_failed };
                    counter.fetch_add(1, Ordering::Relaxed);
                    job.finish(None);
                }
            }
            Err(error) => {
                wrote_events.set(false);
                if !conn.is_autocommit() {
                    let _ = conn.execute_batch("ROLLBACK");
                }
                tracing::error!(jobs = batch.len(), "group commit aborted, every job of the batch fails: {error}");
                stats.batches_aborted.fetch_add(1, Ordering::Relaxed);
                stats.jobs_failed.fetch_add(batch.len() as u64, Ordering::Relaxed);
                for job in batch {
                    job.finish(Some(ApiError::unavailable("the batch of writes was aborted")));
                }
            }
        }
    }
    // Answer whatever is still queued so no caller waits forever.
    rx.close();
    if let Some(reply) = maintain_reply.take() {
        let _ = reply.send(maintain(&conn, stats));
    }
    while let Ok(message) = rx.try_recv() {
        match message {
            Message::Job(job) => job.finish(Some(ApiError::unavailable("the writer has stopped"))),
            Message::Maintain(reply) => {
                let _ = reply.send(Err(ApiError::unavailable("the writer has stopped")));
            }
            Message::Stop(_) => {}
        }
    }
    if let Err((_, e)) = conn.close() {
        tracing::error!("closing the write connection: {e}");
    }
    if let Some(reply) = stop_reply {
        let _ = reply.send(());
    }
}

fn maintain(conn: &Connection, stats: &WriterStats) -> Result<Maintenance, ApiError> {
    let (busy, wal_pages): (i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    conn.execute_batch("PRAGMA optimize")?;
    stats.maintenance_runs.fetch_add(1, Ordering::Relaxed);
    Ok(Maintenance { wal_pages, busy: busy != 0 })
}

/// Runs one job in its savepoint. `Err` means the whole transaction is lost.
fn run_job(conn: &Connection, job: &mut dyn Job, wrote_events: &Cell<bool>) -> Result<(), ApiError> {
    conn.execute_batch("SAVEPOINT job")?;
    job.run(&Tx { conn, wrote_events });
    if conn.is_autocommit() {
        return Err(ApiError::unavailable("SQLite aborted the transaction"));
    }
    if job.succeeded() {
        conn.execute_batch("RELEASE job")?;
    } else {
        conn.execute_batch("ROLLBACK TO job; RELEASE job")?;
    }
    Ok(())
}
