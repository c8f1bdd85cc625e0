//! Chat fan-out benchmark (the README's benchmark command runs it, Chat issue): many WebSocket
//! clients in one room and one sender at a fixed rate; every message is committed before the
//! hub fans it out. Reports delivery latency (from just before the sender's POST to receipt),
//! lost and duplicated deliveries, and the server's RSS before and after the clients connect.
//!
//! `chat_bench seed <data dir> <people>`: with the server stopped, adds active people to the
//! first workplace and to its General room, straight into the database (no argon2 logins).
//! `chat_bench run <data dir> <base url> <server pid> [clients] [seconds] [rate]`: mints the
//! tokens with the instance's key, connects, sends and prints one JSON line.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use rusqlite::Connection;
use staffroom::ids::{SessionFamilyId, TenantId, UserId};
use tokio_tungstenite::tungstenite::Message;

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn seed(data_dir: &Path, people: usize) {
    let db = Connection::open(data_dir.join("staffroom.db")).unwrap();
    let (tenant, general): (String, String) = db
        .query_row(
            "SELECT tenant_id, id FROM chat_channels WHERE kind = 'general' ORDER BY created_at LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let now = staffroom::clock::Clock::System.now().strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    db.execute_batch("BEGIN").unwrap();
    for i in 0..people {
        let id = UserId::generate();
        let email = format!("chat{i:04}@bench.example");
        db.execute(
            "INSERT INTO users (id, tenant_id, email, email_key, first_name, last_name, role, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?3, ?4, 'Bench', 'user', 'active', ?5, ?5)",
            (&id, &tenant, &email, format!("Chat{i:04}"), &now),
        )
        .unwrap();
        db.execute(
            "INSERT INTO chat_members (channel_id, user_id, tenant_id, read_seq, joined_at)
             SELECT id, ?2, tenant_id, last_seq, ?3 FROM chat_channels WHERE id = ?1",
            (&general, &id, &now),
        )
        .unwrap();
    }
    db.execute_batch("COMMIT").unwrap();
}

struct Setup {
    tenant: TenantId,
    general: String,
    owner: UserId,
    people: Vec<UserId>,
}

fn read_setup(data_dir: &Path) -> Setup {
    let db = Connection::open(data_dir.join("staffroom.db")).unwrap();
    let (tenant, general): (TenantId, String) = db
        .query_row(
            "SELECT tenant_id, id FROM chat_channels WHERE kind = 'general' ORDER BY created_at LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let owner: UserId = db
        .query_row("SELECT id FROM users WHERE tenant_id = ?1 AND role = 'owner' LIMIT 1", [&tenant], |r| r.get(0))
        .unwrap();
    let mut stmt = db
        .prepare("SELECT id FROM users WHERE tenant_id = ?1 AND email LIKE 'chat%@bench.example' ORDER BY email")
        .unwrap();
    let people = stmt.query_map([&tenant], |r| r.get(0)).unwrap().collect::<Result<Vec<UserId>, _>>().unwrap();
    Setup { tenant, general, owner, people }
}

/// The number after `"clientId":"b` in a frame: the sender's message index.
fn message_index(frame: &str) -> Option<usize> {
    let at = frame.find("\"clientId\":\"b")? + 13;
    let digits: String = frame[at..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

struct Client {
    received: Vec<u8>,
    /// By message index: the first delivery's latency (0 when none came).
    latencies_us: Vec<u32>,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("seed") => seed(Path::new(&args[2]), args[3].parse().unwrap()),
        Some("run") => run(&args[2..]).await,
        _ => eprintln!(
            "usage: chat_bench seed <data dir> <people> | run <data dir> <base url> <pid> [clients] [seconds] [rate]"
        ),
    }
}

async fn run(args: &[String]) {
    let data_dir = Path::new(&args[0]);
    let base = args[1].trim_end_matches('/').to_string();
    let pid: u32 = args[2].parse().unwrap();
    let clients: usize = args.get(3).map_or(1000, |a| a.parse().unwrap());
    let seconds: u64 = args.get(4).map_or(10, |a| a.parse().unwrap());
    let rate: u64 = args.get(5).map_or(100, |a| a.parse().unwrap());
    let messages = (seconds * rate) as usize;

    let setup = read_setup(data_dir);
    assert!(setup.people.len() >= clients, "seed {clients} people first");
    let secrets = staffroom::secrets::Secrets::load_or_create(data_dir).unwrap();
    let keys = staffroom::auth::tokens::TokenKeys::new(&secrets.jwt_key);
    let mint = |user: &UserId| {
        keys.issue(
            user,
            &setup.tenant,
            &SessionFamilyId::generate(),
            1,
            staffroom::clock::Clock::System.now(),
            Duration::from_secs(7200),
        )
        .unwrap()
    };
    let rss_before = rss_kib(pid);

    let ws_url = format!("{}/api/v1/ws", base.replacen("http://", "ws://", 1));
    let start = Instant::now();
    let sent_at: Arc<Vec<AtomicU64>> = Arc::new((0..messages).map(|_| AtomicU64::new(0)).collect());
    let mut tasks = Vec::with_capacity(clients);
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel::<()>(clients);
    let connecting = Arc::new(tokio::sync::Semaphore::new(64));
    for user in setup.people.iter().take(clients) {
        let (token, url, sent_at, ready, gate) =
            (mint(user), ws_url.clone(), Arc::clone(&sent_at), ready_tx.clone(), Arc::clone(&connecting));
        tasks.push(tokio::spawn(async move {
            let permit = gate.acquire_owned().await.unwrap();
            let (mut socket, _) = tokio_tungstenite::connect_async(&url).await.expect("connect");
            let auth = format!("{{\"type\":\"auth\",\"token\":\"{token}\"}}");
            socket.send(Message::Text(auth.into())).await.unwrap();
            loop {
                match socket.next().await {
                    Some(Ok(Message::Text(t))) if t.contains("\"type\":\"ready\"") => break,
                    Some(Ok(_)) => continue,
                    other => panic!("no ready frame: {other:?}"),
                }
            }
            drop(permit);
            ready.send(()).await.unwrap();
            let mut client = Client { received: vec![0; messages], latencies_us: vec![0; messages] };
            let mut seen = 0;
            while let Ok(Some(frame)) = tokio::time::timeout(Duration::from_secs(seconds + 8), socket.next()).await {
                let Ok(Message::Text(text)) = frame else { continue };
                if !text.contains("\"type\":\"chat.message\"") {
                    continue;
                }
                let Some(i) = message_index(&text) else { continue };
                let now = start.elapsed().as_micros() as u64;
                let sent = sent_at[i].load(Ordering::Acquire);
                if client.received[i] == 0 {
                    client.latencies_us[i] = now.saturating_sub(sent).max(1) as u32;
                }
                client.received[i] = client.received[i].saturating_add(1);
                seen += 1;
                if seen == messages {
                    break;
                }
            }
            client
        }));
    }
    drop(ready_tx);
    for _ in 0..clients {
        ready_rx.recv().await.expect("every client ready");
    }
    let connect_seconds = start.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_connected = rss_kib(pid);

    let http = reqwest::Client::new();
    let owner = mint(&setup.owner);
    let post_url = format!("{base}/api/v1/chat/channels/{}/messages", setup.general);
    let every = Duration::from_micros(1_000_000 / rate);
    let run = staffroom::clock::Clock::System.now().as_millisecond();
    let send_start = tokio::time::Instant::now();
    let mut sends = Vec::with_capacity(messages);
    for i in 0..messages {
        tokio::time::sleep_until(send_start + every * i as u32).await;
        let (http, url, token, sent_at) = (http.clone(), post_url.clone(), owner.clone(), Arc::clone(&sent_at));
        sends.push(tokio::spawn(async move {
            sent_at[i].store(start.elapsed().as_micros() as u64, Ordering::Release);
            // Unique per run: a clientId sent before would answer the first message (200).
            let body = serde_json::json!({"content": format!("bench message {i}"), "clientId": format!("b{i}-{run}")});
            let response = http.post(&url).bearer_auth(&token).json(&body).send().await.expect("post");
            assert_eq!(response.status(), 201, "{}", response.text().await.unwrap_or_default());
        }));
    }
    for s in sends {
        s.await.unwrap();
    }
    let mut latencies = Vec::with_capacity(clients * messages);
    let (mut lost, mut duplicated) = (0usize, 0usize);
    // Per message, its slowest delivery: a stall of the server shows as a few slow messages,
    // a saturated machine as every message's fan-out spreading out.
    let mut slowest = vec![0u32; messages];
    for task in tasks {
        let client = task.await.unwrap();
        lost += client.received.iter().filter(|n| **n == 0).count();
        duplicated += client.received.iter().map(|n| (*n as usize).saturating_sub(1)).sum::<usize>();
        for (i, l) in client.latencies_us.iter().enumerate().filter(|(_, l)| **l > 0) {
            slowest[i] = slowest[i].max(*l);
            latencies.push(*l);
        }
    }
    slowest.sort_unstable();
    let slowest_p50 = slowest.get(messages / 2).map_or(0.0, |v| *v as f64 / 1000.0);
    latencies.sort_unstable();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |v| *v as f64 / 1000.0)
    };
    println!(
        "{}",
        serde_json::json!({
            "clients": clients, "messages": messages, "deliveries": latencies.len(),
            "lost": lost, "duplicated": duplicated,
            "p50_ms": pct(0.50), "p99_ms": pct(0.99), "max_ms": pct(1.0),
            "message_spread_p50_ms": slowest_p50,
            "connect_s": connect_seconds,
            "rss_before_kib": rss_before, "rss_connected_kib": rss_connected, "rss_after_kib": rss_kib(pid),
        })
    );
}
