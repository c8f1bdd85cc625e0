//! Operations: scheduled backups with retention and verification, failure mails, database
//! maintenance and Prometheus metrics.

use std::time::Duration;

use staffroom::access::Role;

use crate::smtp_server::SmtpServer;
use crate::support::{TestApp, data_of, error_of, test_config};

async fn wait_for<T>(mut probe: impl AsyncFnMut() -> Option<T>) -> T {
    for _ in 0..300 {
        if let Some(value) = probe().await {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("condition not reached in 15 s");
}

async fn backup_status(app: &TestApp, token: &str) -> serde_json::Value {
    data_of(app.client.get(app.url("/api/v1/super-admin/backups/status")).bearer_auth(token).send().await.unwrap())
        .await
}

async fn runs(app: &TestApp, token: &str) -> Vec<serde_json::Value> {
    let page = data_of(
        app.client.get(app.url("/api/v1/super-admin/backups?limit=100")).bearer_auth(token).send().await.unwrap(),
    )
    .await;
    page["items"].as_array().unwrap().clone()
}

fn archives(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.retain(|n| n.starts_with("staffroom-backup-") && n.ends_with(".tar.gz"));
    names.sort();
    names
}

#[tokio::test]
async fn scheduled_backups_are_verified_kept_and_pruned() {
    let mut config = test_config();
    config.backup.interval = staffroom::config::Dur::millis(300);
    config.backup.keep = 2;
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    let folder = app.data_dir().join("backups/scheduled");

    // Several runs: only the newest two archives stay, the others are marked pruned.
    let all = wait_for(async || {
        let runs = runs(&app, &owner.access).await;
        (runs.iter().filter(|r| r["status"] == "ok").count() >= 4).then_some(runs)
    })
    .await;
    assert!(all.iter().all(|r| r["trigger"] == "schedule" && r["status"] == "ok"), "{all:?}");
    let kept = archives(&folder);
    assert!(kept.len() <= 3, "retention keeps 2 (a third may be being written): {kept:?}");
    let pruned: Vec<_> = all.iter().filter(|r| !r["prunedAt"].is_null()).collect();
    assert!(!pruned.is_empty(), "{all:?}");
    for run in &pruned {
        assert!(!folder.join(run["fileName"].as_str().unwrap()).exists(), "pruned archive is gone");
        let url = app.url(&format!("/api/v1/super-admin/backups/{}/archive", run["id"].as_str().unwrap()));
        let response = app.client.get(url).bearer_auth(&owner.access).send().await.unwrap();
        assert_eq!(error_of(response).await.0, 404, "a pruned archive cannot be downloaded");
    }
    let newest = &all[0];
    assert!(newest["bytes"].as_i64().unwrap() > 1000);

    // The newest archive restores into a working data dir.
    let archive = folder.join(newest["fileName"].as_str().unwrap());
    let target = tempfile::tempdir().unwrap();
    staffroom::db::backup::verify_archive(&archive, target.path()).unwrap();

    // The owner sees the last good backup in the status and in /health/system.
    let status = backup_status(&app, &owner.access).await;
    assert_eq!(status["enabled"], true);
    assert_eq!(status["keep"], 2);
    assert!(status["lastGoodBackup"].is_string(), "{status}");
    assert!(status["nextRunAt"].is_string(), "{status}");
    let system =
        data_of(app.client.get(app.url("/api/v1/health/system")).bearer_auth(&owner.access).send().await.unwrap())
            .await;
    assert!(system["lastGoodBackup"].is_string(), "{system}");
}

#[tokio::test]
async fn a_backup_by_hand_and_who_may_start_one() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let admin = app.add_user(&owner.tenant_id, Role::TenantAdmin, "admin@salon.example").await;

    let (status, code, _) =
        error_of(app.client.post(app.url("/api/v1/super-admin/backups")).send().await.unwrap()).await;
    assert_eq!((status, code.as_str()), (401, "unauthorized"));
    for path in ["/api/v1/super-admin/backups", "/api/v1/super-admin/backups/status"] {
        let response = app.client.get(app.url(path)).bearer_auth(&admin.access).send().await.unwrap();
        assert_eq!(error_of(response).await.0, 403, "{path}: only the instance owner");
    }
    let response =
        app.client.post(app.url("/api/v1/super-admin/backups")).bearer_auth(&admin.access).send().await.unwrap();
    assert_eq!(error_of(response).await.0, 403);

    let response =
        app.client.post(app.url("/api/v1/super-admin/backups")).bearer_auth(&owner.access).send().await.unwrap();
    assert_eq!(response.status(), 201);
    let run = data_of(response).await;
    assert_eq!((run["status"].as_str(), run["trigger"].as_str()), (Some("ok"), Some("manual")));
    let file = app.data_dir().join("backups/scheduled").join(run["fileName"].as_str().unwrap());
    assert!(file.is_file());
    // The archive downloads, byte for byte, for the instance owner only.
    let archive = format!("/api/v1/super-admin/backups/{}/archive", run["id"].as_str().unwrap());
    let response = app.client.get(app.url(&archive)).bearer_auth(&owner.access).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/gzip");
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.contains(run["fileName"].as_str().unwrap()), "{disposition}");
    assert_eq!(response.bytes().await.unwrap().as_ref(), std::fs::read(&file).unwrap().as_slice());
    assert_eq!(error_of(app.get(&archive).await).await.0, 401);
    let response = app.client.get(app.url(&archive)).bearer_auth(&admin.access).send().await.unwrap();
    assert_eq!(error_of(response).await.0, 403);
    // A signed link works without a token, for this archive only, and not once tampered with.
    let link_path = format!("/api/v1/super-admin/backups/{}/archive-link", run["id"].as_str().unwrap());
    let response = app.client.post(app.url(&link_path)).bearer_auth(&admin.access).send().await.unwrap();
    assert_eq!(error_of(response).await.0, 403);
    let link = data_of(app.client.post(app.url(&link_path)).bearer_auth(&owner.access).send().await.unwrap()).await;
    let url = link["url"].as_str().unwrap();
    assert!(link["expiresAt"].is_string());
    let response = app.get(url).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.unwrap().as_ref(), std::fs::read(&file).unwrap().as_slice());
    let tampered = url.replace("signature=", "signature=0");
    assert_eq!(error_of(app.get(&tampered).await).await.0, 410);
    let later = url.replace("expires=", "expires=9");
    assert_eq!(error_of(app.get(&later).await).await.0, 410, "the expiry is signed too");
    for missing in ["not-an-id", "0191b1a0-0000-7000-8000-000000000000"] {
        let url = app.url(&format!("/api/v1/super-admin/backups/{missing}/archive"));
        let response = app.client.get(url).bearer_auth(&owner.access).send().await.unwrap();
        assert_eq!(error_of(response).await.0, 404, "{missing}");
    }

    let status = backup_status(&app, &owner.access).await;
    assert_eq!(status["lastGoodBackup"], run["finishedAt"]);
    assert_eq!(status["lastRun"]["id"], run["id"]);
    assert_eq!(status["running"], false);

    // Pages.
    app.client.post(app.url("/api/v1/super-admin/backups")).bearer_auth(&owner.access).send().await.unwrap();
    let page = data_of(
        app.client.get(app.url("/api/v1/super-admin/backups?limit=1")).bearer_auth(&owner.access).send().await.unwrap(),
    )
    .await;
    assert_eq!((page["total"].as_u64(), page["items"].as_array().unwrap().len()), (Some(2), 1));
    let response = app
        .client
        .get(app.url("/api/v1/super-admin/backups?limit=ten"))
        .bearer_auth(&owner.access)
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(response).await.0, 400);
}

#[tokio::test]
async fn a_failed_backup_is_recorded_and_mailed_to_the_owner() {
    let smtp = SmtpServer::start().await;
    let mut config = test_config();
    config.mail.smtp_host = Some(smtp.addr.ip().to_string());
    config.mail.smtp_port = smtp.addr.port();
    config.mail.smtp_security = staffroom::config::SmtpSecurity::None;
    let blocker = tempfile::NamedTempFile::new().unwrap();
    // The backup folder is a file: every backup fails.
    config.backup.dir = Some(blocker.path().to_path_buf());
    config.backup.interval = staffroom::config::Dur::millis(200);
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;

    let failed = wait_for(async || runs(&app, &owner.access).await.into_iter().find(|r| r["status"] == "failed")).await;
    let error = failed["error"].as_str().unwrap_or_default();
    let folder = blocker.path().display().to_string();
    assert!(
        error.starts_with("cannot create the backup folder") && error.contains(&folder),
        "the error names the step and the folder: {failed}"
    );
    assert!(failed["fileName"].is_null());
    let mails = smtp.wait_for(1).await;
    let mail = &mails[0];
    assert!(mail.subject().contains("backup failed"), "{}", mail.subject());
    assert!(mail.body().contains(failed["error"].as_str().unwrap()), "{}", mail.body());
    assert!(mail.to.iter().any(|r| r.contains(crate::support::OWNER_EMAIL)), "{:?}", mail.to);
    let status = backup_status(&app, &owner.access).await;
    assert!(status["lastGoodBackup"].is_null());
    assert_eq!(status["lastRun"]["status"], "failed");
}

#[tokio::test]
async fn maintenance_checkpoints_the_wal() {
    let mut config = test_config();
    config.storage.maintenance_interval = staffroom::config::Dur::millis(200);
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    let services = wait_for(async || {
        let services = data_of(
            app.client.get(app.url("/api/v1/health/services")).bearer_auth(&owner.access).send().await.unwrap(),
        )
        .await;
        (services["storage"]["maintenanceRuns"].as_u64() >= Some(1)).then_some(services)
    })
    .await;
    assert_eq!(services["storage"]["status"], "ok");
    // A checkpoint by hand right after writes leaves an empty (truncated) WAL.
    app.state.db.maintain().await.unwrap();
    let wal = std::fs::metadata(app.data_dir().join("staffroom.db-wal")).map(|m| m.len()).unwrap_or(0);
    assert_eq!(wal, 0);
}

#[tokio::test]
async fn metrics_from_loopback_count_requests_by_route() {
    let app = TestApp::spawn().await;
    for _ in 0..3 {
        app.get("/api/v1/health").await;
    }
    app.get("/api/v1/users/0191b1a0-0000-7000-8000-000000000000").await;
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let text = response.text().await.unwrap();
    assert!(
        text.contains("staffroom_http_requests_total{method=\"GET\",route=\"/api/v1/health\",status=\"200\"} 3"),
        "{text}"
    );
    assert!(text.contains("route=\"/api/v1/users/{id}\",status=\"401\"} 1"), "route templates, not paths: {text}");
    assert!(text.contains("staffroom_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/health\"} 3"));
    for name in [
        "staffroom_db_read_connections 4",
        "staffroom_db_write_queue_depth ",
        "staffroom_mail_outbox_depth 0",
        "staffroom_backup_last_good_timestamp_seconds 0",
        "staffroom_process_resident_memory_bytes ",
        "staffroom_build_info{version=",
    ] {
        assert!(text.contains(name), "{name} missing");
    }
    // Through a proxy on the same host: refused, since the proxy is loopback too.
    let response = app.client.get(app.url("/metrics")).header("x-forwarded-for", "203.0.113.9").send().await.unwrap();
    assert_eq!(error_of(response).await.0, 403);
}

#[tokio::test]
async fn metrics_with_a_token_or_turned_off() {
    let mut config = test_config();
    config.metrics.token = Some("scrape-token-0123456789".into());
    let app = TestApp::spawn_with(config).await;
    assert_eq!(error_of(app.get("/metrics").await).await.0, 401);
    let wrong = app.client.get(app.url("/metrics")).bearer_auth("scrape-token-0000000000").send().await.unwrap();
    assert_eq!(error_of(wrong).await.0, 401);
    let right = app.client.get(app.url("/metrics")).bearer_auth("scrape-token-0123456789").send().await.unwrap();
    assert_eq!(right.status(), 200);

    let mut config = test_config();
    config.metrics.enabled = false;
    let off = TestApp::spawn_with(config).await;
    assert_eq!(error_of(off.get("/metrics").await).await.0, 404);
}
