//! The storage engine: group commit and its failure rules, migrations, the instance lock,
//! backup while writing and restore.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use staffroom::clock::Clock;
use staffroom::config::StorageConfig;
use staffroom::db::Db;
use staffroom::http::ApiError;

use crate::support::{TestApp, bin, test_config};

fn open_db(dir: &std::path::Path) -> Db {
    Db::open(dir, &StorageConfig::default(), "test").expect("db opens")
}

async fn setup_table(db: &Db) {
    db.write(|tx| {
        tx.execute_batch(
            "CREATE TABLE t (v TEXT PRIMARY KEY);
             CREATE TRIGGER t_abort BEFORE INSERT ON t WHEN NEW.v = 'abort'
             BEGIN SELECT RAISE(ROLLBACK, 'aborted by trigger'); END;",
        )?;
        Ok(())
    })
    .await
    .unwrap();
}

async fn rows(db: &Db) -> Vec<String> {
    db.read(|c| {
        let mut stmt = c.prepare("SELECT v FROM t ORDER BY v")?;
        let rows = stmt.query_map([], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
        Ok(rows)
    })
    .await
    .unwrap()
}

fn insert(db: &Db, v: &'static str) -> tokio::task::JoinHandle<Result<(), ApiError>> {
    let db = db.clone();
    tokio::spawn(async move {
        db.write(move |tx| {
            tx.execute("INSERT INTO t (v) VALUES (?1)", [v])?;
            Ok(())
        })
        .await
    })
}

/// Holds the writer busy so that the jobs sent meanwhile form one batch.
fn hold_writer(db: &Db) -> tokio::task::JoinHandle<Result<(), ApiError>> {
    let db = db.clone();
    tokio::spawn(async move {
        db.write(|_| {
            std::thread::sleep(Duration::from_millis(300));
            Ok(())
        })
        .await
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writes_share_commits() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_db(dir.path());
    setup_table(&db).await;
    let before = db.writer_stats().batches.load(Ordering::Relaxed);
    let jobs: Vec<_> = (0..64)
        .map(|i| {
            let db = db.clone();
            tokio::spawn(async move {
                db.write(move |tx| {
                    tx.execute("INSERT INTO t (v) VALUES (?1)", [format!("row{i:02}")])?;
                    Ok(i)
                })
                .await
            })
        })
        .collect();
    for (i, job) in jobs.into_iter().enumerate() {
        assert_eq!(job.await.unwrap().unwrap(), i);
    }
    assert_eq!(rows(&db).await.len(), 64);
    let batches = db.writer_stats().batches.load(Ordering::Relaxed) - before;
    assert!(batches < 64, "64 concurrent jobs took {batches} commits");
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_job_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_db(dir.path());
    setup_table(&db).await;
    insert(&db, "taken").await.unwrap().unwrap();
    let hold = hold_writer(&db);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let a = insert(&db, "a");
    let dup = insert(&db, "taken");
    let b = insert(&db, "b");
    hold.await.unwrap().unwrap();
    assert!(a.await.unwrap().is_ok());
    assert!(matches!(dup.await.unwrap(), Err(ApiError::Conflict(_))));
    assert!(b.await.unwrap().is_ok());
    assert_eq!(db.writer_stats().last_batch_jobs.load(Ordering::Relaxed), 3, "the three jobs shared a batch");
    assert_eq!(rows(&db).await, vec!["a", "b", "taken"]);
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_aborting_error_fails_the_whole_batch() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_db(dir.path());
    setup_table(&db).await;
    let hold = hold_writer(&db);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let a = insert(&db, "a");
    tokio::time::sleep(Duration::from_millis(10)).await;
    let abort = insert(&db, "abort");
    tokio::time::sleep(Duration::from_millis(10)).await;
    let b = insert(&db, "b");
    hold.await.unwrap().unwrap();
    for job in [a, abort] {
        let result = job.await.unwrap();
        assert!(matches!(result, Err(ApiError::Unavailable { .. })), "{result:?}");
    }
    // "b" came after the abort: it went into the next batch, which committed.
    assert!(b.await.unwrap().is_ok());
    assert_eq!(rows(&db).await, vec!["b"], "nothing of the aborted batch was committed");
    assert_eq!(db.writer_stats().batches_aborted.load(Ordering::Relaxed), 1);
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_job_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_db(dir.path());
    setup_table(&db).await;
    let hold = hold_writer(&db);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let a = insert(&db, "a");
    let panicking = {
        let db = db.clone();
        tokio::spawn(async move {
            db.write(|tx| -> Result<(), ApiError> {
                tx.execute("INSERT INTO t (v) VALUES ('from-panic')", [])?;
                panic!("job panic");
            })
            .await
        })
    };
    let b = insert(&db, "b");
    hold.await.unwrap().unwrap();
    assert!(a.await.unwrap().is_ok());
    assert!(matches!(panicking.await.unwrap(), Err(ApiError::Internal(_))));
    assert!(b.await.unwrap().is_ok());
    assert_eq!(rows(&db).await, vec!["a", "b"], "the panicking job's insert was rolled back");
    db.close().await;
}

#[tokio::test]
async fn a_database_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_db(dir.path());
    db.write(|tx| {
        tx.execute(
            "INSERT INTO refinery_schema_history (version, name, applied_on, checksum) VALUES (999, 'future', '2030-01-01', '0')",
            [],
        )?;
        Ok(())
    })
    .await
    .unwrap();
    db.close().await;
    let err = match staffroom::Instance::open(dir.path(), test_config(), Clock::System) {
        Ok(_) => panic!("a newer schema must be refused"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("newer Staffroom") && err.contains("999"), "{err}");
    // The database is untouched: the future row is still there.
    let conn = rusqlite::Connection::open(dir.path().join("staffroom.db")).unwrap();
    let n: i64 =
        conn.query_row("SELECT count(*) FROM refinery_schema_history WHERE version = 999", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 1);
    // The CLI says the same and exits non-zero.
    let out = std::process::Command::new(bin())
        .args(["migrate", "--dry-run", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer Staffroom"));
}

#[tokio::test]
async fn pragmas_are_set() {
    let app = TestApp::spawn().await;
    let (journal, fk, sync, busy) = app
        .state
        .db
        .read(|c| {
            let get = |p: &str| c.query_row(&format!("PRAGMA {p}"), [], |r| r.get::<_, rusqlite::types::Value>(0));
            Ok((get("journal_mode")?, get("foreign_keys")?, get("synchronous")?, get("busy_timeout")?))
        })
        .await
        .unwrap();
    assert_eq!(journal, rusqlite::types::Value::Text("wal".into()));
    assert_eq!(fk, rusqlite::types::Value::Integer(1));
    assert_eq!(sync, rusqlite::types::Value::Integer(2));
    assert_eq!(busy, rusqlite::types::Value::Integer(5000));
    // Secrets were generated with mode 0600.
    use std::os::unix::fs::PermissionsExt;
    for key in ["jwt.key", "upload.key", "storage.key"] {
        let meta = std::fs::metadata(app.data_dir().join("secrets").join(key)).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{key}");
    }
}

#[tokio::test]
async fn two_servers_cannot_share_a_data_dir() {
    let app = TestApp::spawn().await;
    let err = match staffroom::Instance::open(app.data_dir(), test_config(), Clock::System) {
        Ok(_) => panic!("second instance must be refused"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("another Staffroom process"), "{err}");
    // And as a separate process, with a clear message.
    let out = std::process::Command::new(bin())
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(app.data_dir())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("another Staffroom process"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_while_writing_then_restore() {
    let app = TestApp::spawn().await;
    let db = app.state.db.clone();
    setup_table(&db).await;
    let counter = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (db, counter, stop) = (db.clone(), counter.clone(), stop.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let n = counter.load(Ordering::Relaxed);
                db.write(move |tx| {
                    tx.execute("INSERT INTO t (v) VALUES (?1)", [format!("w{n:08}")])?;
                    Ok(())
                })
                .await
                .unwrap();
                counter.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let committed_before = counter.load(Ordering::Relaxed);
    assert!(committed_before > 0);
    let archive = app.data_dir().join("..").join(format!("backup-{}.tar.gz", std::process::id()));
    let out = tokio::process::Command::new(bin())
        .args(["backup"])
        .arg(&archive)
        .arg("--data-dir")
        .arg(app.data_dir())
        .output()
        .await
        .unwrap();
    assert!(out.status.success(), "backup: {}", String::from_utf8_lossy(&out.stderr));
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();
    let committed_total = counter.load(Ordering::Relaxed);

    // Restore refuses while the server holds the lock.
    let out = std::process::Command::new(bin())
        .arg("restore")
        .arg(&archive)
        .arg("--data-dir")
        .arg(app.data_dir())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("another Staffroom process"));

    let old_dir = app.stop().await;
    let jwt_key = std::fs::read(old_dir.path().join("secrets/jwt.key")).unwrap();

    // Restore into a fresh data dir.
    let target = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(bin())
        .arg("restore")
        .arg(&archive)
        .arg("--data-dir")
        .arg(target.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "restore: {}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_file(&archive).unwrap();
    assert_eq!(
        std::fs::read(target.path().join("secrets/jwt.key")).unwrap(),
        jwt_key,
        "secrets travel with the backup"
    );

    let restored = TestApp::spawn_in(target, test_config()).await;
    let n = rows(&restored.state.db).await.len() as u64;
    assert!(n >= committed_before, "restored {n} rows, {committed_before} were committed before the backup began");
    assert!(n <= committed_total);
    let ok: String =
        restored.state.db.read(|c| Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)).await.unwrap();
    assert_eq!(ok, "ok");
    // Restoring over existing data moves that data aside instead of deleting it.
    let dir = restored.stop().await;
    let second = dir.path().join("..").join(format!("backup2-{}.tar.gz", std::process::id()));
    let out = std::process::Command::new(bin())
        .arg("backup")
        .arg(&second)
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = std::process::Command::new(bin())
        .arg("restore")
        .arg(&second)
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_file(&second).unwrap();
    let aside: Vec<_> =
        std::fs::read_dir(dir.path().join("backups")).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(aside.iter().any(|n| n.to_string_lossy().starts_with("pre-restore-")), "{aside:?}");
}

#[tokio::test]
async fn restore_rejects_a_foreign_archive() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("evil.tar.gz");
    {
        let gz =
            flate2::write::GzEncoder::new(std::fs::File::create(&archive).unwrap(), flate2::Compression::default());
        let mut tar = tar::Builder::new(gz);
        let data = b"hello";
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, "etc/passwd", &data[..]).unwrap();
        tar.into_inner().unwrap().finish().unwrap();
    }
    let target = dir.path().join("data");
    let out =
        std::process::Command::new(bin()).arg("restore").arg(&archive).arg("--data-dir").arg(&target).output().unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("unexpected entry"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!target.join("staffroom.db").exists());
}

/// A caller that gives up mid-query (a client that hung up) must not let the next reader in
/// before its connection is back in the pool.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abandoned_read_keeps_its_connection_until_done() {
    let dir = tempfile::tempdir().unwrap();
    let config = StorageConfig { read_connections: 1, ..StorageConfig::default() };
    let db = Db::open(dir.path(), &config, "test").unwrap();
    let slow = db.read(|c| {
        std::thread::sleep(Duration::from_millis(300));
        Ok(c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?)
    });
    assert!(tokio::time::timeout(Duration::from_millis(50), slow).await.is_err(), "the slow read was abandoned");
    assert_eq!(db.read_pool_idle(), 0, "the abandoned query still holds the connection");
    let next = db.read(|c| Ok(c.query_row("SELECT 2", [], |r| r.get::<_, i64>(0))?)).await;
    assert_eq!(next.unwrap(), 2, "the next reader waits for the connection instead of failing");
    assert_eq!(db.read_pool_idle(), 1);
    db.close().await;
}
