//! The `staffroom` command line. Everything else lives in the library.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use staffroom::clock::Clock;
use staffroom::config::{Config, LogFormat, Overrides};
use staffroom::db;

#[cfg(target_env = "musl")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "staffroom", version, about = "Self-hosted workplace hub: schedules, time clock, chat — one binary.")]
struct Cli {
    /// Where the database, secrets, uploads and backups live.
    #[arg(long, global = true, env = "STAFFROOM_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// A TOML config file (default: <data dir>/staffroom.toml when present).
    #[arg(long, global = true, env = "STAFFROOM_CONFIG")]
    config: Option<PathBuf>,
    /// HOST:PORT the server listens on (default 0.0.0.0:8080); `healthcheck` asks there.
    #[arg(long, global = true)]
    listen: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default).
    Serve,
    /// Apply pending database migrations (a backup is written first).
    Migrate {
        /// Only show what would be applied.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write a .tar.gz archive of the database, secrets, uploads and config; safe while serving.
    Backup { file: PathBuf },
    /// Replace the data dir's contents with an archive (the server must be stopped).
    Restore { file: PathBuf },
    /// Configuration tools.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Administrator tools (run with the server stopped).
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Exit 0 when the local server answers /api/health.
    Healthcheck,
    /// Print the version.
    Version,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Give an account a temporary password (printed) that must be changed at the next sign-in,
    /// and end its sessions.
    ResetPassword {
        email: String,
        /// The tenant's slug, when the address is used in several tenants.
        #[arg(long)]
        tenant: Option<String>,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Print the effective configuration, secrets redacted.
    Check,
}

fn main() -> ExitCode {
    let started = Instant::now();
    tune_allocator();
    tune_sqlite();
    let cli = Cli::parse();
    match run(cli, started) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli, started: Instant) -> Result<(), String> {
    let command = cli.command.unwrap_or(Command::Serve);
    match &command {
        Command::Version => {
            println!("staffroom {} (schema version {})", staffroom::VERSION, db::migrate::latest_version());
            return Ok(());
        }
        Command::Openapi => {
            println!("{}", staffroom::app::openapi().to_pretty_json().map_err(|e| e.to_string())?);
            return Ok(());
        }
        _ => {}
    }
    let data_dir = staffroom::paths::data_dir(cli.data_dir, std::env::var("STATE_DIRECTORY").ok())
        .ok_or("no data dir: pass --data-dir or set STAFFROOM_DATA_DIR")?;
    let config_file = staffroom::paths::config_file(cli.config, &data_dir);
    let config = Config::load(config_file.as_deref(), std::env::vars(), &Overrides { listen: cli.listen })
        .map_err(|e| e.to_string())?;

    match command {
        Command::Serve => serve(config, data_dir, config_file, started),
        Command::Migrate { dry_run } => migrate(&config, &data_dir, dry_run),
        Command::Backup { file } => {
            db::backup::create_archive(&data_dir, config_file.as_deref(), &file)
                .map_err(|e| format!("backup failed: {e}"))?;
            println!("backup written to {}", file.display());
            Ok(())
        }
        Command::Restore { file } => {
            let _lock = staffroom::lock::InstanceLock::acquire(&data_dir).map_err(|e| e.to_string())?;
            let restored =
                db::backup::restore_archive(&file, &data_dir, &stamp()).map_err(|e| format!("restore failed: {e}"))?;
            println!("restored {} into {}", file.display(), data_dir.display());
            if let Some(previous) = restored.previous_moved_to {
                println!("the previous data was moved to {}", previous.display());
            }
            if let Some(config) = restored.config {
                println!("the archive's config file is at {}", config.display());
            }
            Ok(())
        }
        Command::Config { command: ConfigCommand::Check } => {
            println!("# data dir: {}", data_dir.display());
            match &config_file {
                Some(file) => println!("# config file: {}", file.display()),
                None => println!("# config file: none (defaults and environment)"),
            }
            print!("{}", config.redacted_toml());
            Ok(())
        }
        Command::Healthcheck => healthcheck(&config),
        Command::Admin { command: AdminCommand::ResetPassword { email, tenant } } => {
            let temporary = staffroom::users::admin::reset_password(
                &data_dir,
                &config,
                &email,
                tenant.as_deref(),
                Clock::System.now(),
            )?;
            println!("temporary password for {email}: {temporary}");
            println!("it must be changed at the next sign-in; every session of this account has ended");
            Ok(())
        }
        Command::Version | Command::Openapi => Ok(()),
    }
}

fn stamp() -> String {
    Clock::System.now().strftime("%Y%m%dT%H%M%SZ").to_string()
}

fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_new(&config.log.level)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Colours only on a terminal: journald and `docker logs` would show the escape codes.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
    match config.log.format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

fn serve(config: Config, data_dir: PathBuf, config_file: Option<PathBuf>, started: Instant) -> Result<(), String> {
    init_logging(&config);
    let mut instance = staffroom::Instance::open(&data_dir, config, Clock::System).map_err(|e| e.to_string())?;
    instance.state.config_file = config_file.map(std::sync::Arc::new);
    // Blocking threads run SQLite reads and password hashes, both bounded by their own
    // semaphores; a small cap keeps idle threads (and their stacks) few.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(16)
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let state = instance.state.clone();
        let server = &state.config.server;
        let listener = tokio::net::TcpListener::bind(&server.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", server.listen))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        // Before anything says we are up: a SIGTERM from then on stops us cleanly.
        let signalled = staffroom::server::shutdown_signal();
        announce_setup(&state, addr);
        tracing::info!(
            version = staffroom::VERSION,
            data_dir = %data_dir.display(),
            ready_ms = started.elapsed().as_millis() as u64,
            "Staffroom is listening on http://{addr}"
        );
        let limits = staffroom::server::ServeLimits {
            header_read_timeout: server.header_read_timeout.0,
            shutdown_grace: server.shutdown_grace.0,
        };
        let background = staffroom::app::start_background(&state);
        staffroom::notify::systemd(&format!("READY=1\nSTATUS=listening on {addr}"));
        let hub = state.hub.clone();
        let shutdown = async move {
            signalled.await;
            staffroom::notify::systemd("STOPPING=1");
            // Open sockets would hold the graceful shutdown until its grace ends.
            hub.close_all();
        };
        let app = staffroom::app(state.clone());
        release_startup_memory();
        staffroom::server::serve(listener, app, limits, shutdown).await;
        background.abort();
        state.db.close().await;
        tracing::info!("stopped");
        drop(instance.lock);
        Ok(())
    })
}

/// While setup is pending, the log tells the owner where to go and the code to use.
fn announce_setup(state: &staffroom::AppState, addr: SocketAddr) {
    if state.setup.is_completed() {
        return;
    }
    let base = match &state.config.server.public_url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None if addr.ip().is_unspecified() => format!("http://localhost:{}", addr.port()),
        None => format!("http://{addr}"),
    };
    match state.setup.display_code() {
        Some(code) => tracing::warn!(
            "setup is pending: open {base}/setup?code={} and finish the wizard (setup code {code}; also in {})",
            code.replace('-', ""),
            state.data_dir.join("setup-code").display()
        ),
        None => tracing::warn!("setup is pending: open {base}/setup and finish the wizard"),
    }
}

/// glibc raises its mmap threshold after large frees, after which argon2's 19 MiB blocks come
/// from the heap and stay resident. A fixed threshold keeps them mmapped, so they go back to
/// the OS as soon as a hash is done. Free memory at the top of the heap is kept up to 4 MiB:
/// at the default 128 KiB every large answer (a week of shifts is ~280 KB) was handed back
/// with `brk` and faulted in again by the next request, a tenth of the week list's time.
#[cfg(target_env = "gnu")]
#[allow(unsafe_code)]
fn tune_allocator() {
    // SAFETY: mallopt only sets allocator parameters; called before any other thread exists.
    // A few arenas instead of eight per core: each blocking thread otherwise keeps its own
    // arena's freed memory resident.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 4 << 20);
        libc::mallopt(libc::M_ARENA_MAX, 4);
    }
}

/// mimalloc, as tuned for a small server that must give memory back:
/// - it commits each new arena in full on Linux (memory is overcommitted there), which left
///   ~12 MiB resident that an idle server never touches: commit on demand instead;
/// - it purges freed memory after a delay, and argon2's 19 MiB blocks (two hashes at once)
///   stayed resident: 79 MiB five seconds after ten logins, 17.9 MiB with immediate purging.
#[cfg(target_env = "musl")]
#[allow(unsafe_code)]
fn tune_allocator() {
    // Positions in mimalloc.h's `mi_option_e` (v3; libmimalloc-sys does not export these two).
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets allocator options; called at the start of main, before other threads.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}

#[cfg(not(any(target_env = "gnu", target_env = "musl")))]
fn tune_allocator() {}

/// Building the route map and its OpenAPI document (a few MiB of short-lived objects) leaves
/// freed heap pages behind; hand them back before serving, so an idle server stays small.
#[cfg(target_env = "gnu")]
#[allow(unsafe_code)]
fn release_startup_memory() {
    // SAFETY: malloc_trim only returns free heap pages to the OS; safe at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(target_env = "musl")]
#[allow(unsafe_code)]
fn release_startup_memory() {
    // SAFETY: asks mimalloc to return freed memory now; safe at any time.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
}

#[cfg(not(any(target_env = "gnu", target_env = "musl")))]
fn release_startup_memory() {}

/// SQLite's process-wide settings; they must be made before anything opens a database.
/// - No memory statistics (which nothing reads): with them every `sqlite3_malloc` takes one
///   global mutex, which all read connections contend for.
/// - In musl builds SQLite allocates from mimalloc as Rust does, not from musl's malloc, which
///   made the team list (many small allocations per row) a third slower than the glibc build.
#[allow(unsafe_code)]
fn tune_sqlite() {
    use rusqlite::ffi;
    // SAFETY: sqlite3_config is called once at the start of main, before SQLite initialises
    // and before other threads exist; the methods struct is copied by SQLite.
    let memstatus = unsafe { ffi::sqlite3_config(ffi::SQLITE_CONFIG_MEMSTATUS, 0 as std::ffi::c_int) };
    warn_unless_ok("SQLITE_CONFIG_MEMSTATUS", memstatus);
    #[cfg(target_env = "musl")]
    {
        let methods = sqlite_on_mimalloc::methods();
        // SAFETY: as above.
        let malloc =
            unsafe { ffi::sqlite3_config(ffi::SQLITE_CONFIG_MALLOC, &methods as *const ffi::sqlite3_mem_methods) };
        warn_unless_ok("SQLITE_CONFIG_MALLOC", malloc);
    }
}

/// Logging starts later; a refused setting only costs speed, so it is a warning on stderr.
fn warn_unless_ok(option: &str, code: std::ffi::c_int) {
    if code != rusqlite::ffi::SQLITE_OK {
        eprintln!("warning: SQLite refused {option} (code {code})");
    }
}

/// SQLite's allocator interface over mimalloc (`sqlite3_mem_methods`). Sizes come as `int`;
/// SQLite never asks for zero or negative sizes here (`sqlite3Malloc` handles those itself).
#[cfg(target_env = "musl")]
#[allow(unsafe_code)]
mod sqlite_on_mimalloc {
    use std::ffi::{c_int, c_void};

    use libmimalloc_sys as mi;
    use rusqlite::ffi;

    unsafe extern "C" fn malloc(n: c_int) -> *mut c_void {
        // SAFETY: mimalloc's malloc takes any size.
        unsafe { mi::mi_malloc(n as usize) }
    }
    unsafe extern "C" fn free(p: *mut c_void) {
        // SAFETY: SQLite frees only what `malloc`/`realloc` here gave it.
        unsafe { mi::mi_free(p) }
    }
    unsafe extern "C" fn realloc(p: *mut c_void, n: c_int) -> *mut c_void {
        // SAFETY: as for free.
        unsafe { mi::mi_realloc(p, n as usize) }
    }
    unsafe extern "C" fn size(p: *mut c_void) -> c_int {
        // SAFETY: as for free; the usable size is at least what was asked, as SQLite expects.
        unsafe { mi::mi_usable_size(p) as c_int }
    }
    unsafe extern "C" fn roundup(n: c_int) -> c_int {
        // SAFETY: pure computation on a size.
        unsafe { mi::mi_good_size(n as usize) as c_int }
    }
    unsafe extern "C" fn init(_: *mut c_void) -> c_int {
        ffi::SQLITE_OK
    }
    unsafe extern "C" fn shutdown(_: *mut c_void) {}

    pub fn methods() -> ffi::sqlite3_mem_methods {
        ffi::sqlite3_mem_methods {
            xMalloc: Some(malloc),
            xFree: Some(free),
            xRealloc: Some(realloc),
            xSize: Some(size),
            xRoundup: Some(roundup),
            xInit: Some(init),
            xShutdown: Some(shutdown),
            pAppData: std::ptr::null_mut(),
        }
    }
}

fn migrate(config: &Config, data_dir: &std::path::Path, dry_run: bool) -> Result<(), String> {
    let path = data_dir.join(db::backup::DB_FILE);
    if dry_run {
        if !path.exists() {
            println!(
                "no database yet at {}; every migration up to v{} would be applied",
                path.display(),
                db::migrate::latest_version()
            );
            return Ok(());
        }
        let conn = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| e.to_string())?;
        let plan = db::migrate::plan(&conn).map_err(|e| e.to_string())?;
        print_plan(&plan);
        return Ok(());
    }
    let _lock = staffroom::lock::InstanceLock::acquire(data_dir).map_err(|e| e.to_string())?;
    let mut conn =
        db::conn::open(&path, config.storage.synchronous, db::conn::Role::Writer).map_err(|e| e.to_string())?;
    let (plan, backup) =
        db::migrate::apply(&mut conn, &data_dir.join("backups"), &stamp()).map_err(|e| e.to_string())?;
    print_plan(&plan);
    if let Some(backup) = backup {
        println!("a backup of the previous database is at {}", backup.display());
    }
    Ok(())
}

fn print_plan(plan: &db::migrate::Plan) {
    println!("schema version {} (this binary knows up to {})", plan.current, plan.latest);
    if plan.pending.is_empty() {
        println!("nothing to migrate");
    }
    for (version, name) in &plan.pending {
        println!("pending: V{version}__{name}");
    }
}

/// A plain HTTP/1.1 GET on loopback, so the check needs no client library and works in a
/// scratch container.
fn healthcheck(config: &Config) -> Result<(), String> {
    let mut addr: SocketAddr = config.server.listen.parse().map_err(|_| "bad listen address")?;
    if addr.ip().is_unspecified() {
        addr.set_ip(if addr.is_ipv4() { [127, 0, 0, 1].into() } else { std::net::Ipv6Addr::LOCALHOST.into() });
    }
    let timeout = Duration::from_secs(3);
    let mut stream = TcpStream::connect_timeout(&addr, timeout).map_err(|e| format!("{addr}: {e}"))?;
    stream.set_read_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    stream
        .write_all(format!("GET /api/health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes())
        .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).map_err(|e| e.to_string())?;
    if answer.starts_with("HTTP/1.1 200") && answer.contains("\"success\":true") {
        println!("ok");
        Ok(())
    } else {
        Err(format!("unhealthy: {}", answer.lines().next().unwrap_or("no answer")))
    }
}
