//! The `staffroom` binary as an operator uses it.

use std::process::Command;
use std::time::Duration;

use crate::support::{ServedBinary, bin};

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
    // systemd's side of Type=notify.
    let notify_path = dir.path().join("notify.sock");
    let notify = std::os::unix::net::UnixDatagram::bind(&notify_path).unwrap();
    notify.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut server = ServedBinary::start(dir.path(), &[("NOTIFY_SOCKET", notify_path.as_os_str())]);
    let addr = server.addr.clone();
    let mut datagram = [0u8; 256];
    let n = notify.recv(&mut datagram).expect("READY=1 for systemd");
    let ready = String::from_utf8_lossy(&datagram[..n]).into_owned();
    assert!(ready.starts_with("READY=1\n") && ready.contains(&addr), "{ready}");
    let out = Command::new(bin())
        .arg("healthcheck")
        .arg("--data-dir")
        .arg(dir.path())
        .env("STAFFROOM_LISTEN", &addr)
        .output()
        .unwrap();
    assert!(out.status.success(), "healthcheck: {}", String::from_utf8_lossy(&out.stderr));

    server.stop();
    let n = notify.recv(&mut datagram).expect("STOPPING=1 for systemd");
    assert_eq!(&datagram[..n], b"STOPPING=1");
    assert!(server.log.iter().any(|line| line.contains("stopped")));
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

#[tokio::test]
async fn admin_reset_password_gives_a_temporary_password() {
    use crate::support::{OWNER_EMAIL, OWNER_PASSWORD, TestApp, error_of};
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    // Refused while the server runs.
    let out = Command::new(bin())
        .args(["admin", "reset-password", OWNER_EMAIL, "--data-dir"])
        .arg(app.data_dir())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("another Staffroom process"));
    let dir = app.stop().await;

    let out = Command::new(bin())
        .args(["admin", "reset-password", "nobody@x.example", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no account"));
    let out = Command::new(bin())
        .args(["admin", "reset-password", "ANNA@salon.example", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let temporary = stdout.lines().next().unwrap().rsplit(": ").next().unwrap().to_string();
    assert_eq!(temporary.len(), 16);

    let app = TestApp::spawn_in(dir, crate::support::test_config()).await;
    let login = |password: &str| {
        let body = serde_json::json!({"email": OWNER_EMAIL, "password": password, "mobile": true});
        let app = &app;
        async move { app.post_json("/api/v1/auth/login", &body).await }
    };
    assert_eq!(error_of(login(OWNER_PASSWORD).await).await.0, 401, "old password gone");
    let response = app.post_json("/api/v1/auth/refresh", &serde_json::json!({"refreshToken": owner.refresh})).await;
    assert_eq!(error_of(response).await.0, 401, "old sessions ended");
    let data = crate::support::data_of(login(&temporary).await).await;
    assert_eq!(data["user"]["requirePasswordChange"], true);
}
