//! Pages in real headless Chromium, driven by playwright-core (tests/browser/*.mjs).

use std::path::Path;
use std::process::Command;

use crate::support::TestApp;

/// Runs one browser script against `base`; screenshots land in tests/browser/screenshots/.
pub fn run_script(script: &str, base: &str, args: &[&str]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        root.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed: run `npm ci --prefix tests/browser` (scripts/test does this)"
    );
    let out = Command::new("node")
        .arg(root.join(script))
        .arg(base)
        .args(args)
        .env("SCREENSHOT_DIR", root.join("screenshots"))
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{script} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_page_shows_health_figures() {
    let app = TestApp::spawn().await;
    let base = app.base.clone();
    tokio::task::spawn_blocking(move || run_script("status.mjs", &base, &[])).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn setup_wizard_login_logout_and_reload() {
    let app = TestApp::spawn().await;
    let base = app.base.clone();
    let code = app.setup_code().expect("setup pending");
    tokio::task::spawn_blocking(move || run_script("signin.mjs", &base, &[&code])).await.unwrap();
}
