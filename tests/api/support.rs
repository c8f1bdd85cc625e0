//! `TestApp::spawn()`: the real application on 127.0.0.1:0 with a temporary data dir, a real
//! SQLite file and a fixed clock.

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use serde::Deserialize;
use staffroom::clock::Clock;
use staffroom::config::Config;
use staffroom::http::{ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Created};
use staffroom::state::AppState;
use tokio::sync::oneshot;

pub const FIXED_NOW: &str = "2026-02-10T09:00:00Z";

pub struct TestApp {
    pub base: String,
    pub addr: std::net::SocketAddr,
    pub state: AppState,
    pub client: reqwest::Client,
    pub dir: tempfile::TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
}

pub fn test_config() -> Config {
    let mut config = Config::default();
    config.server.listen = "127.0.0.1:0".into();
    config
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(test_config()).await
    }

    pub async fn spawn_with(config: Config) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        Self::spawn_in(dir, config).await
    }

    pub async fn spawn_in(dir: tempfile::TempDir, config: Config) -> TestApp {
        let clock = Clock::fixed(FIXED_NOW.parse().expect("fixed time"));
        let instance = staffroom::Instance::open(dir.path(), config, clock).expect("instance opens");
        let state = instance.state.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let limits = staffroom::server::ServeLimits {
            header_read_timeout: state.config.server.header_read_timeout.0,
            shutdown_grace: state.config.server.shutdown_grace.0,
        };
        let app = staffroom::app::app_with(state.clone(), probe_routes());
        let (tx, rx) = oneshot::channel::<()>();
        let db = state.db.clone();
        let background = staffroom::app::start_background(&state);
        let server = tokio::spawn(async move {
            staffroom::server::serve(listener, app, limits, async {
                let _ = rx.await;
            })
            .await;
            background.abort();
            db.close().await;
            drop(instance.lock);
        });
        TestApp {
            base: format!("http://{addr}"),
            addr,
            state,
            client: reqwest::Client::builder().timeout(Duration::from_secs(30)).build().expect("client"),
            dir,
            shutdown: Some(tx),
            server: Some(server),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client.post(self.url(path)).json(body).send().await.expect("request")
    }

    /// Starts graceful shutdown and waits until the server and database are closed.
    pub async fn stop(mut self) -> tempfile::TempDir {
        self.begin_stop();
        if let Some(server) = self.server.take() {
            server.await.expect("server task");
        }
        self.dir
    }

    /// Sends the shutdown signal without waiting.
    pub fn begin_stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }

    pub async fn wait_stopped(&mut self) {
        if let Some(server) = self.server.take() {
            server.await.expect("server task");
        }
    }
}

/// `{"success": false, "error": {...}}` → (status, code, whole body).
pub async fn error_of(response: reqwest::Response) -> (u16, String, serde_json::Value) {
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.expect("JSON error body");
    assert_eq!(body["success"], false, "{body}");
    let code = body["error"]["code"].as_str().expect("error code").to_string();
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    (status, code, body)
}

pub async fn data_of(response: reqwest::Response) -> serde_json::Value {
    let status = response.status();
    let body: serde_json::Value = response.json().await.expect("JSON body");
    assert!(status.is_success(), "{status}: {body}");
    assert_eq!(body["success"], true, "{body}");
    body["data"].clone()
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_staffroom"))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ProbeBody {
    name: String,
    count: u8,
    #[allow(dead_code)]
    nested: Option<ProbeNested>,
}

#[derive(Deserialize)]
struct ProbeQuery {
    n: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProbeNested {
    #[allow(dead_code)]
    flag: bool,
}

/// Routes that exist only in tests, mounted under the real middleware.
fn probe_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/test/probe",
            post(|ApiJson(body): ApiJson<ProbeBody>| async move {
                ApiOk(serde_json::json!({ "name": body.name, "count": body.count }))
            }),
        )
        .route(
            "/api/v1/test/rows",
            post(|axum::extract::State(app): axum::extract::State<AppState>, ApiJson(body): ApiJson<ProbeBody>| async move {
                let row = app
                    .db
                    .write(move |tx| {
                        tx.execute("CREATE TABLE IF NOT EXISTS probe_rows (name TEXT PRIMARY KEY, count INTEGER)", [])?;
                        tx.execute("INSERT INTO probe_rows (name, count) VALUES (?1, ?2)", (&body.name, body.count))?;
                        Ok(serde_json::json!({ "name": body.name }))
                    })
                    .await?;
                ApiResult::Ok(Created(row))
            }),
        )
        .route(
            "/api/v1/test/query",
            get(|ApiQuery(q): ApiQuery<ProbeQuery>| async move { ApiOk(q.n) }),
        )
        .route(
            "/api/v1/test/items/{n}",
            get(|ApiPath(n): ApiPath<u32>| async move { ApiOk(n) }),
        )
        .route(
            "/api/v1/test/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(1500)).await;
                ApiOk("done")
            }),
        )
        .route(
            "/api/v1/test/panic",
            get(|| async {
                if std::hint::black_box(true) {
                    panic!("probe panic");
                }
                ApiOk("unreachable")
            }),
        )
}

/// The owner created by [`TestApp::setup_owner`].
pub const OWNER_EMAIL: &str = "anna@salon.example";
pub const OWNER_PASSWORD: &str = "correct horse battery";

/// A signed-in account for tests.
#[derive(Debug, Clone)]
pub struct Session {
    pub access: String,
    pub refresh: Option<String>,
    pub user_id: String,
    pub tenant_id: String,
}

pub fn setup_body(code: Option<String>) -> serde_json::Value {
    serde_json::json!({
        "adminName": "Anna de Vries",
        "adminEmail": OWNER_EMAIL,
        "adminPassword": OWNER_PASSWORD,
        "salonName": "Salon Élise",
        "salonEmail": "info@salon.example",
        "salonPhone": "+31 20 123 4567",
        "salonAddress": "Kerkstraat 1, Amsterdam",
        "timezone": "Europe/Amsterdam",
        "openingHours": [
            {"dayOfWeek": 0, "isClosed": true},
            {"dayOfWeek": 1, "openTime": "09:00", "closeTime": "17:30", "isClosed": false},
            {"dayOfWeek": 6, "openTime": "10:00", "closeTime": "16:00", "isClosed": false}
        ],
        "setupCode": code,
    })
}

impl TestApp {
    pub fn setup_code(&self) -> Option<String> {
        self.state.setup.display_code()
    }

    /// Completes setup as a mobile client; returns the owner's session.
    pub async fn setup_owner(&self) -> Session {
        let response = self
            .client
            .post(self.url("/api/v1/auth/setup"))
            .header("x-client-type", "mobile")
            .json(&setup_body(self.setup_code()))
            .send()
            .await
            .expect("setup");
        assert_eq!(response.status(), 201);
        let data = data_of(response).await;
        let me = self.me(data["accessToken"].as_str().expect("token")).await;
        Session {
            access: data["accessToken"].as_str().expect("token").to_string(),
            refresh: data["refreshToken"].as_str().map(String::from),
            user_id: me["user"]["id"].as_str().expect("id").to_string(),
            tenant_id: me["tenant"]["id"].as_str().expect("tenant").to_string(),
        }
    }

    pub async fn me(&self, access: &str) -> serde_json::Value {
        data_of(self.client.get(self.url("/api/v1/auth/me")).bearer_auth(access).send().await.expect("me")).await
    }

    /// Logs in as a mobile client.
    pub async fn login(&self, email: &str, password: &str) -> Session {
        self.sign_in(serde_json::json!({"email": email, "password": password, "mobile": true})).await
    }

    async fn sign_in(&self, body: serde_json::Value) -> Session {
        let response = self.client.post(self.url("/api/v1/auth/login")).json(&body).send().await.expect("login");
        let data = data_of(response).await;
        let access = data["accessToken"].as_str().expect("token").to_string();
        let me = self.me(&access).await;
        Session {
            access,
            refresh: data["refreshToken"].as_str().map(String::from),
            user_id: me["user"]["id"].as_str().expect("id").to_string(),
            tenant_id: me["tenant"]["id"].as_str().expect("tenant").to_string(),
        }
    }

    /// Adds an active account directly through the store (the invitation flow is another
    /// feature's); returns its session.
    pub async fn add_user(&self, tenant_id: &str, role: staffroom::access::Role, email: &str) -> Session {
        use staffroom::ids::{TenantId, UserId};
        use staffroom::users::model::{UserStatus, email_key};
        let hash = self
            .state
            .hasher
            .hash(staffroom::auth::password::Password::parse("p", OWNER_PASSWORD.into()).expect("password"))
            .await
            .expect("hash");
        let tenant = TenantId::parse(tenant_id).expect("tenant id");
        let (email_owned, now) = (email.to_string(), self.state.clock.now());
        self.state
            .db
            .write(move |tx| {
                staffroom::users::store::insert(
                    tx,
                    &tenant,
                    &staffroom::users::store::NewUser {
                        id: &UserId::generate(),
                        email: &email_owned,
                        email_key: &email_key(&email_owned),
                        password_hash: Some(&hash),
                        first_name: "Test",
                        last_name: role.as_str(),
                        role,
                        super_admin: false,
                        status: UserStatus::Active,
                        locale: "en",
                        timezone: None,
                    },
                    now,
                )?;
                // As every real way in (invitation, admin-made account) does.
                staffroom::groups::membership::refresh(tx, &tenant, now)
            })
            .await
            .expect("insert user");
        self.login_in(email, None).await
    }

    pub async fn login_in(&self, email: &str, tenant_slug: Option<&str>) -> Session {
        self.sign_in(
            serde_json::json!({"email": email, "password": OWNER_PASSWORD, "mobile": true, "tenantSlug": tenant_slug}),
        )
        .await
    }

    /// A second tenant with one user of `role`, as another business on the same instance.
    pub async fn add_tenant(&self, slug: &str) -> String {
        use staffroom::ids::TenantId;
        let tenant = TenantId::generate();
        let (id, slug, now) = (tenant.clone(), slug.to_string(), self.state.clock.now());
        self.state
            .db
            .write(move |tx| staffroom::tenants::store::insert(tx, &id, "Other business", &slug, now))
            .await
            .expect("tenant");
        tenant.to_string()
    }

    pub async fn audit_actions(&self) -> Vec<String> {
        self.state
            .db
            .read(|c| {
                let mut stmt = c.prepare("SELECT action FROM audit_log ORDER BY rowid")?;
                let rows = stmt.query_map([], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
                Ok(rows)
            })
            .await
            .expect("audit")
    }

    /// The instance's JWT key, to forge tokens in tests.
    pub fn jwt_key(&self) -> Vec<u8> {
        hex::decode(std::fs::read_to_string(self.data_dir().join("secrets/jwt.key")).expect("key").trim()).expect("hex")
    }
}

/// The value of cookie `name` among a response's `Set-Cookie` lines.
pub fn cookie_value(set_cookies: &[String], name: &str) -> Option<String> {
    set_cookies
        .iter()
        .find_map(|c| c.strip_prefix(&format!("{name}=")))
        .map(|rest| rest.split(';').next().unwrap_or("").to_string())
}

/// A response's `Set-Cookie` lines.
pub fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect()
}

/// One request as `token`'s holder (or anonymous), with an optional JSON body.
pub async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<serde_json::Value>,
) -> reqwest::Response {
    let mut request = app.client.request(method.parse().expect("method"), app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.expect("request")
}

/// The real `staffroom serve` in a child process, on a free loopback port.
pub struct ServedBinary {
    pub child: std::process::Child,
    pub addr: String,
    /// The server's log lines, as they come.
    pub log: std::sync::mpsc::Receiver<String>,
}

impl ServedBinary {
    pub fn start(data_dir: &Path, env: &[(&str, &std::ffi::OsStr)]) -> ServedBinary {
        use std::io::BufRead;
        let mut child = std::process::Command::new(bin())
            .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir)
            .env("STAFFROOM_LOG__FORMAT", "text")
            .envs(env.iter().copied())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("staffroom serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, log) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let addr = loop {
            let line = log.recv_timeout(Duration::from_secs(20)).expect("server logs its address");
            if let Some(rest) = line.split("listening on http://").nth(1) {
                break rest.split_whitespace().next().expect("address").to_string();
            }
        };
        ServedBinary { child, addr, log }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// SIGTERM, then waits for a clean exit.
    pub fn stop(&mut self) {
        let status =
            std::process::Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().expect("kill");
        assert!(status.success());
        let exit = self.child.wait().expect("wait");
        assert!(exit.success(), "clean exit on SIGTERM, got {exit:?}");
    }
}

/// Waits (up to 10 s) until the notification pipeline has read every committed event of the
/// other features (its own `notification.*` events do not wake it).
pub async fn notifications_settled(app: &TestApp) {
    let db = app.data_dir().join("staffroom.db");
    for _ in 0..200 {
        let c = rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let (cursor, last): (i64, i64) = c
            .query_row(
                "SELECT (SELECT seq FROM notification_cursor), (SELECT coalesce(max(seq), 0) FROM events
                   WHERE kind NOT LIKE 'notification.%')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        if cursor >= last {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the pipeline did not catch up");
}

/// `call` that must succeed: its `data`.
pub async fn ok(
    app: &TestApp,
    who: &Session,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> serde_json::Value {
    let r = call(app, method, path, Some(&who.access), body).await;
    assert!(r.status().is_success(), "{method} {path}: {}", r.status());
    data_of(r).await
}
