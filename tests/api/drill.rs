//! The restore drill, with the real binary: serve, write, back up while serving, stop, wipe
//! the data dir, restore, serve again — and every acknowledged write from before the backup is
//! there, with the same keys (old tokens still work), uploads and config.

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::json;

use crate::support::{OWNER_EMAIL, OWNER_PASSWORD, ServedBinary, bin, data_of, setup_body};

async fn login(client: &reqwest::Client, server: &ServedBinary) -> String {
    let body = json!({"email": OWNER_EMAIL, "password": OWNER_PASSWORD, "mobile": true});
    let data = data_of(client.post(server.url("/api/v1/auth/login")).json(&body).send().await.unwrap()).await;
    data["accessToken"].as_str().unwrap().to_string()
}

async fn user_emails(client: &reqwest::Client, server: &ServedBinary, token: &str) -> Vec<String> {
    let mut emails = Vec::new();
    for page in 1.. {
        let url = server.url(&format!("/api/v1/users?limit=100&page={page}"));
        let data = data_of(client.get(url).bearer_auth(token).send().await.unwrap()).await;
        let items = data["items"].as_array().unwrap();
        emails.extend(items.iter().map(|u| u["email"].as_str().unwrap().to_string()));
        if items.len() < 100 {
            break;
        }
    }
    emails
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_drill() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    std::fs::create_dir_all(data.join("uploads/logos")).unwrap();
    std::fs::write(data.join("uploads/logos/salon.png"), b"\x89PNG fixture bytes").unwrap();
    let config =
        "[auth]\nrequire_setup_code = false\n\n[rate_limits]\nenabled = false\n\n[backup]\ninterval = \"1s\"\n";
    std::fs::write(data.join("staffroom.toml"), config).unwrap();
    let client = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();

    // Serve and write.
    let mut server = ServedBinary::start(&data, &[]);
    let response = client.post(server.url("/api/v1/auth/setup")).json(&setup_body(None)).send().await.unwrap();
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    let token = login(&client, &server).await;
    let (users_url, invite_token) = (server.url("/api/v1/users"), token.clone());
    let invite = {
        let client = client.clone();
        move |n: usize| {
            let (client, url, token) = (client.clone(), users_url.clone(), invite_token.clone());
            async move {
                let body = json!({"email": format!("staff{n:04}@salon.example"), "firstName": "Staff", "lastName": format!("{n}")});
                let response = client.post(url).bearer_auth(&token).json(&body).send().await.unwrap();
                assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
            }
        }
    };
    for n in 0..20 {
        invite(n).await;
    }

    // Back up while writes go on; everything acknowledged before the backup began must come back.
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(std::sync::Mutex::new(Vec::new()));
    let writer = {
        let (stop, acknowledged, invite) = (stop.clone(), acknowledged.clone(), invite.clone());
        tokio::spawn(async move {
            let mut n = 20;
            while !stop.load(Ordering::Relaxed) {
                invite(n).await;
                acknowledged.lock().unwrap().push(n);
                n += 1;
            }
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before_backup = acknowledged.lock().unwrap().len();
    let archive = root.path().join("drill.tar.gz");
    let out = tokio::process::Command::new(bin())
        .arg("backup")
        .arg(&archive)
        .arg("--data-dir")
        .arg(&data)
        .output()
        .await
        .unwrap();
    assert!(out.status.success(), "backup while serving: {}", String::from_utf8_lossy(&out.stderr));
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();
    assert!(before_backup > 0, "writes were going on during the backup");
    // The served binary runs its background tasks: scheduled backups appear beside the data.
    let scheduled = data.join("backups/scheduled");
    for _ in 0..100 {
        let n = std::fs::read_dir(&scheduled).map(|d| d.count()).unwrap_or(0);
        if n > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(std::fs::read_dir(&scheduled).is_ok_and(|mut d| d.next().is_some()), "a scheduled backup was written");
    server.stop();

    // Wipe, restore, serve.
    std::fs::remove_dir_all(&data).unwrap();
    let out = Command::new(bin()).arg("restore").arg(&archive).arg("--data-dir").arg(&data).output().unwrap();
    assert!(out.status.success(), "restore: {}", String::from_utf8_lossy(&out.stderr));
    let mut server = ServedBinary::start(&data, &[]);

    // The old access token still works: the signing key came back with the data.
    let emails = user_emails(&client, &server, &token).await;
    for n in 0..20 + before_backup {
        let email = format!("staff{n:04}@salon.example");
        assert!(emails.contains(&email), "{email} was written before the backup and is missing after the restore");
    }
    assert!(emails.contains(&OWNER_EMAIL.to_string()));
    login(&client, &server).await;
    assert_eq!(std::fs::read(data.join("uploads/logos/salon.png")).unwrap(), b"\x89PNG fixture bytes");
    assert_eq!(std::fs::read_to_string(data.join("staffroom.toml")).unwrap(), config);
    let health = data_of(client.get(server.url("/api/v1/health")).send().await.unwrap()).await;
    assert_eq!(health["database"], "ok");
    server.stop();
}
