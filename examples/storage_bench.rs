//! Storage benchmark (the README's benchmark command runs it): 64 concurrent write jobs under
//! synchronous=FULL, with group commit and with one commit per job.
//!
//! `cargo run --release --example storage_bench [seconds]`

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use staffroom::config::{Dur, StorageConfig, Synchronous};
use staffroom::db::Db;

const WRITERS: usize = 64;

async fn measure(batch_max_jobs: u32, seconds: f64) -> f64 {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = StorageConfig {
        synchronous: Synchronous::Full,
        batch_max_jobs,
        batch_max_time: Dur::millis(10),
        ..StorageConfig::default()
    };
    let db = Db::open(dir.path(), &config, "bench").expect("db");
    db.write(|tx| {
        tx.execute_batch(
            "CREATE TABLE bench (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL, body TEXT NOT NULL, at TEXT NOT NULL)",
        )?;
        Ok(())
    })
    .await
    .expect("table");
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let tasks: Vec<_> =
        (0..WRITERS)
            .map(|w| {
                let (db, done, stop) = (db.clone(), done.clone(), stop.clone());
                tokio::spawn(async move {
                    while !stop.load(Ordering::Relaxed) {
                        db.write(move |tx| {
                            tx.prepare_cached("INSERT INTO bench (writer, body, at) VALUES (?1, ?2, ?3)")?
                                .execute((w as i64, "a shift was changed by someone", "2026-02-10T09:00:00.000Z"))?;
                            Ok(())
                        })
                        .await
                        .expect("write");
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                })
            })
            .collect();
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await.expect("task");
    }
    let rate = done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
    db.close().await;
    rate
}

#[tokio::main]
async fn main() {
    let seconds: f64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(5.0);
    let grouped = measure(256, seconds).await;
    let single = measure(1, seconds).await;
    println!("storage benchmark: {WRITERS} concurrent write jobs, synchronous=FULL, {seconds}s each");
    println!("group commit:         {grouped:>9.0} jobs/s");
    println!("one commit per job:   {single:>9.0} jobs/s");
}
