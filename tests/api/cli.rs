//! The `staffroom` binary as an operator uses it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::bin;

fn run(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(bin()).args(args).arg("--data-dir").arg(dir).env_remove("RUST_LOG").output().expect("runs")
}

#[test]
fn version_and_openapi() {
    let out = Command::new(bin()).arg("version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with(&format!("staffroom {}", env!("CARGO_PKG_VERSION"))));
    let out = Command::new(bin()).arg("openapi").output().unwrap();
    let spec: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(spec["paths"]["/api/v1/health"].is_object());
}

#[test]
fn config_check_shows_the_effective_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("staffroom.toml"), "[storage]\nread_connections = 3\n").unwrap();
    let out = Command::new(bin())
        .args(["config", "check", "--data-dir"])
        .arg(dir.path())
        .env("STAFFROOM_STORAGE__SYNCHRONOUS", "NORMAL")
        .env("STAFFROOM_LISTEN", "127.0.0.1:9999")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("read_connections = 3"), "{text}");
    assert!(text.contains("synchronous = \"NORMAL\""), "{text}");
    assert!(text.contains("listen = \"127.0.0.1:9999\""), "{text}");
    assert!(text.contains("staffroom.toml"), "{text}");

    let out = Command::new(bin())
        .args(["config", "check", "--data-dir"])
        .arg(dir.path())
        .env("STAFFROOM_SERVER__LISTN", "x")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("STAFFROOM_SERVER__LISTN"));
}

#[test]
fn migrate_dry_run_then_migrate() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["migrate", "--dry-run"], dir.path());
    assert!(out.status.success());
    assert!(!dir.path().join("staffroom.db").exists(), "dry run wrote nothing");
    let out = run(&["migrate"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(&["migrate", "--dry-run"], dir.path());
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing to migrate"));
}

/// The real binary: starts, answers `healthcheck`, stops cleanly on SIGTERM.
#[test]
fn serve_healthcheck_and_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(bin())
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .env("STAFFROOM_LOG__FORMAT", "text")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let addr = loop {
        let line = rx.recv_timeout(Duration::from_secs(20)).expect("server logs its address");
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    let out = Command::new(bin())
        .arg("healthcheck")
        .arg("--data-dir")
        .arg(dir.path())
        .env("STAFFROOM_LISTEN", &addr)
        .output()
        .unwrap();
    assert!(out.status.success(), "healthcheck: {}", String::from_utf8_lossy(&out.stderr));

    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "clean exit on SIGTERM, got {exit:?}");
    assert!(rx.iter().any(|line| line.contains("stopped")));
    // The lock is released: the data dir can be used again.
    assert!(run(&["migrate", "--dry-run"], dir.path()).status.success());
    let out = Command::new(bin())
        .arg("healthcheck")
        .env("STAFFROOM_LISTEN", &addr)
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success(), "healthcheck fails when nothing listens");
}
