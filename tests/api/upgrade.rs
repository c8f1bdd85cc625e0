//! Upgrades: a database of every schema version in `tests/fixtures/` upgrades straight to the
//! newest, with a backup first and every row intact.
//!
//! `cargo test --test api -- --ignored write_schema_fixtures` (re)builds the fixtures of the
//! versions that have none. A fixture is written once, when its version is current, and then
//! kept as it is: it stands for the databases that version left on people's machines.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use staffroom::db::migrate;

use crate::support::{TestApp, data_of, test_config};

/// The fixtures' owner, super admin of the tenant `salon-fixture`.
const FIXTURE_OWNER: &str = "owner@fixture.example";
const FIXTURE_PASSWORD: &str = "fixture password 1";

fn fixture(version: i64) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/schema-v{version}.db"))
}

#[test]
fn every_schema_version_has_a_fixture() {
    for version in 1..=migrate::latest_version() {
        assert!(
            fixture(version).is_file(),
            "no fixture for schema version {version}: run `cargo test --test api -- --ignored write_schema_fixtures`"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_older_database_upgrades_to_the_newest_schema() {
    let latest = migrate::latest_version();
    for version in 1..=latest {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(fixture(version), dir.path().join("staffroom.db")).unwrap();
        let (plan, _) = {
            let conn = Connection::open(dir.path().join("staffroom.db")).unwrap();
            (migrate::plan(&conn).unwrap(), ())
        };
        assert_eq!(plan.current, version, "fixture v{version} is at its version");

        let app = TestApp::spawn_in(dir, test_config()).await;
        let schema: i64 = app
            .state
            .db
            .read(|c| Ok(c.query_row("SELECT max(version) FROM refinery_schema_history", [], |r| r.get(0))?))
            .await
            .unwrap();
        assert_eq!(schema, latest, "v{version} upgraded to v{latest}");
        let backups: Vec<String> = std::fs::read_dir(app.data_dir().join("backups"))
            .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        if version < latest {
            assert!(
                backups.iter().any(|n| n.starts_with(&format!("pre-migrate-v{version}-"))),
                "v{version}: a backup before migrating, found {backups:?}"
            );
        }
        let ok: String =
            app.state.db.read(|c| Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)).await.unwrap();
        assert_eq!(ok, "ok");

        let status = data_of(app.get("/api/v1/auth/setup-status").await).await;
        if version == 1 {
            // Before the identity schema there was nothing to set up with.
            assert_eq!(status["needsSetup"], true, "v1: {status}");
        } else {
            assert_eq!(status["needsSetup"], false, "v{version}: {status}");
            let owner = app.login(FIXTURE_OWNER, FIXTURE_PASSWORD).await;
            let me = app.me(&owner.access).await;
            assert_eq!(me["tenant"]["slug"], "salon-fixture", "v{version}");
            let users =
                data_of(app.client.get(app.url("/api/v1/users")).bearer_auth(&owner.access).send().await.unwrap())
                    .await;
            assert_eq!(users["total"], 3, "v{version}: every user is still there");
        }
        app.stop().await;
    }
}

/// Builds the missing fixtures from the migrations in this tree.
#[tokio::test]
#[ignore = "writes tests/fixtures; run by hand when a migration is added"]
async fn write_schema_fixtures() {
    let hasher = staffroom::auth::password::Hasher::new(1, 1);
    let password = staffroom::auth::password::Password::parse("password", FIXTURE_PASSWORD.into()).unwrap();
    let hash = hasher.hash(password).await.unwrap();
    for version in 1..=migrate::latest_version() {
        let path = fixture(version);
        if path.exists() {
            continue;
        }
        let mut conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA foreign_keys = ON").unwrap();
        for step in 1..=version {
            migrate::apply_up_to(&mut conn, step as i32).unwrap();
            seed(&conn, step, &hash);
        }
        conn.execute_batch("VACUUM").unwrap();
        println!("wrote {}", path.display());
    }
}

/// The rows a database of that age would hold, added when their tables first exist.
fn seed(conn: &Connection, version: i64, owner_hash: &str) {
    let at = "2026-01-05T08:30:00.000Z";
    let sql = match version {
        2 => format!(
            "INSERT INTO instance_settings (key, value, updated_at) VALUES
                 ('setup_completed_at', '{at}', '{at}'), ('setup_origin', 'http://localhost:8080', '{at}');
             INSERT INTO tenants (id, name, slug, created_at, updated_at)
                 VALUES ('0194a000-0000-7000-8000-000000000001', 'Salon Fixture', 'salon-fixture', '{at}', '{at}');
             INSERT INTO organizations (id, tenant_id, name, created_at, updated_at)
                 VALUES ('0194a000-0000-7000-8000-000000000002', '0194a000-0000-7000-8000-000000000001', 'Salon Fixture', '{at}', '{at}');
             INSERT INTO locations (id, tenant_id, organization_id, name, timezone, created_at, updated_at)
                 VALUES ('0194a000-0000-7000-8000-000000000003', '0194a000-0000-7000-8000-000000000001',
                         '0194a000-0000-7000-8000-000000000002', 'Main street', 'Europe/Amsterdam', '{at}', '{at}');
             INSERT INTO users (id, tenant_id, email, email_key, password_hash, first_name, last_name, role, super_admin,
                                status, locale, created_at, updated_at) VALUES
                 ('0194a000-0000-7000-8000-000000000010', '0194a000-0000-7000-8000-000000000001', '{FIXTURE_OWNER}',
                  '{FIXTURE_OWNER}', '{owner_hash}', 'Olga', 'Owner', 'owner', 1, 'active', 'nl', '{at}', '{at}'),
                 ('0194a000-0000-7000-8000-000000000011', '0194a000-0000-7000-8000-000000000001', 'Mia@Fixture.example',
                  'mia@fixture.example', '{owner_hash}', 'Mia', 'Manager', 'manager', 0, 'active', 'en', '{at}', '{at}'),
                 ('0194a000-0000-7000-8000-000000000012', '0194a000-0000-7000-8000-000000000001', 'ivo@fixture.example',
                  'ivo@fixture.example', NULL, 'Ivo', 'Invited', 'user', 0, 'invited', 'en', '{at}', '{at}');
             INSERT INTO audit_log (id, tenant_id, user_id, action, ip, detail, created_at)
                 VALUES ('0194a000-0000-7000-8000-000000000020', '0194a000-0000-7000-8000-000000000001',
                         '0194a000-0000-7000-8000-000000000010', 'setup.completed', '127.0.0.1', '{{}}', '{at}');"
        ),
        3 => format!(
            "INSERT INTO mail_outbox (id, tenant_id, kind, to_address, subject, body_text, status, attempts,
                                      next_attempt_at, created_at, sent_at)
                 VALUES ('0194a000-0000-7000-8000-000000000030', '0194a000-0000-7000-8000-000000000001', 'invitation',
                         'ivo@fixture.example', 'You are invited', 'Hello Ivo', 'sent', 1, '{at}', '{at}', '{at}');"
        ),
        _ => return,
    };
    conn.execute_batch(&sql).unwrap();
}
