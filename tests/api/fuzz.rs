//! The API document holds the server to its word: schemathesis (PyPI) generates requests from
//! `/api/v1/openapi.json` and checks every answer with all its checks — valid requests accepted,
//! invalid ones refused, every status and body as documented, no 5xx. Bounded (fixed seed, a few
//! minutes) and run as the owner and as a member, so every route added later is held to its own
//! document. `scripts/test` installs the pinned schemathesis into `target/schemathesis`.

use std::path::PathBuf;
use std::process::Command;

use staffroom::access::Role;

use crate::support::{TestApp, test_config};

fn schemathesis() -> PathBuf {
    if let Some(path) = std::env::var_os("SCHEMATHESIS") {
        return PathBuf::from(path);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let st = root.join("target/schemathesis/bin/st");
    assert!(st.is_file(), "schemathesis is not installed: run scripts/test (it installs it into target/schemathesis)");
    st
}

/// Routes that would end the token the run uses, or write backups to disk again and again.
const EXCLUDED: &str = "/(auth/logout|auth/logout-all|auth/password/change|super-admin/backups)";

fn run(st: &PathBuf, base: &str, token: &str, who: &str) {
    let (mut ok, mut stdout, mut stderr) = run_once(st, base, token);
    // Schemathesis' own coverage generator is not always repeatable with two workers: it can
    // report "Inconsistent results" for a case it generated (a Runtime Error of the tool, seen
    // on `PUT /org-settings/{key}`), with no answer of ours in question. Such a run is repeated
    // once; a failure of a check, or the same error twice, still fails.
    if !ok && tool_flake_only(&stdout) {
        println!("schemathesis as {who}: its generator was not repeatable; running once more");
        (ok, stdout, stderr) = run_once(st, base, token);
    }
    assert!(ok, "schemathesis as {who} found the API and its document disagree:\n{stdout}\n{stderr}");
    let summary = stdout.lines().rev().find(|l| l.contains("generated")).unwrap_or("");
    println!("schemathesis as {who}: {summary}");
}

/// Errors of the tool only: no check failed, and every error is its "Inconsistent results".
fn tool_flake_only(stdout: &str) -> bool {
    let errors = stdout.matches("Runtime Error").count();
    errors > 0 && !stdout.contains("FAILURES") && stdout.matches("Inconsistent results").count() >= errors
}

fn run_once(st: &PathBuf, base: &str, token: &str) -> (bool, String, String) {
    // Fixed, so CI is repeatable; `FUZZ_SEED=n` explores further by hand.
    let seed = std::env::var("FUZZ_SEED").unwrap_or_else(|_| "1".into());
    let config = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/schemathesis.toml");
    let out = Command::new(st)
        .arg("--config-file")
        .arg(&config)
        .args(["run", &format!("{base}/api/v1/openapi.json"), "--checks", "all"])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--exclude-path-regex", EXCLUDED])
        .args(["--seed", &seed, "--max-examples", "20", "--phases", "examples,coverage,fuzzing"])
        .args(["--workers", "2", "--max-failures", "20", "--no-color"])
        .env("SCHEMATHESIS_HOOKS", "")
        .output()
        .expect("schemathesis runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_does_what_its_document_says() {
    let st = schemathesis();
    let mut config = test_config();
    config.rate_limits.allowlist = vec!["127.0.0.1".into()];
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    let member = app.add_user(&owner.tenant_id, Role::User, "staff@salon.example").await;
    let base = app.base.clone();
    tokio::task::spawn_blocking(move || {
        run(&st, &base, &owner.access, "the owner");
        run(&st, &base, &member.access, "a member");
    })
    .await
    .unwrap();
}
