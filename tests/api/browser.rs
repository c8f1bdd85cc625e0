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

// ---- identity pages: team, invitations, passwords, account, e-mail settings --------------------

use crate::smtp_server::{Received, SmtpServer};
use crate::support::{OWNER_EMAIL, OWNER_PASSWORD, data_of, test_config};

/// A test instance whose mail goes to `smtp` (none: mails stay in the outbox); no rate limits for
/// the browser's many sign-ins from loopback.
fn identity_config(smtp: Option<&SmtpServer>) -> staffroom::config::Config {
    let mut config = test_config();
    if let Some(smtp) = smtp {
        config.mail.smtp_host = Some("127.0.0.1".into());
        config.mail.smtp_port = smtp.addr.port();
        config.mail.smtp_security = staffroom::config::SmtpSecurity::None;
    }
    config.rate_limits.allowlist = vec!["127.0.0.1".into()];
    config
}

/// Runs a browser script off the async threads, so the app and the SMTP server keep serving.
async fn browse(script: &'static str, base: &str, args: &[&str]) {
    let base = base.to_string();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_script(script, &base, &args)
    })
    .await
    .unwrap();
}

/// The first `n` mails whose body holds `needle`, waiting up to 10 s for them.
async fn mails_with(smtp: &SmtpServer, needle: &str, n: usize) -> Vec<Received> {
    for _ in 0..200 {
        let found: Vec<Received> = smtp.messages().into_iter().filter(|m| m.body().contains(needle)).collect();
        if found.len() >= n {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("expected {n} mails with {needle}: {:?}", smtp.messages());
}

async fn mail_with(smtp: &SmtpServer, needle: &str) -> Received {
    mails_with(smtp, needle, 1).await.remove(0)
}

/// A link from a mail, moved onto the test server: without `public_url` links carry the origin
/// recorded at setup, which need not be the address the test server listens on.
fn on_app(link: &str, base: &str) -> String {
    let url = reqwest::Url::parse(link).unwrap();
    match url.query() {
        Some(query) => format!("{base}{}?{query}", url.path()),
        None => format!("{base}{}", url.path()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitation_from_team_page_to_first_sign_in() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(identity_config(Some(&smtp))).await;
    app.setup_owner().await;
    browse("invite.mjs", &app.base, &["invite", OWNER_EMAIL, OWNER_PASSWORD]).await;
    // The page resent the invitation, so only the second mail's link still works.
    let mails = mails_with(&smtp, "accept-invitation", 2).await;
    assert_eq!(mails.len(), 2, "the invitation and the resent one");
    let mail = &mails[1];
    assert!(mail.to[0].contains("bo@salon.example"), "{:?}", mail.to);
    let link = on_app(&mail.link("accept-invitation"), &app.base);
    browse("invite.mjs", &app.base, &["accept", &link]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgotten_password_reset_change_and_confirm_address() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(identity_config(Some(&smtp))).await;
    app.setup_owner().await;
    browse("passwords.mjs", &app.base, &["forgot", OWNER_EMAIL]).await;
    let reset = on_app(&mail_with(&smtp, "reset-password").await.link("reset-password"), &app.base);
    browse("passwords.mjs", &app.base, &["reset", &reset, OWNER_EMAIL, OWNER_PASSWORD]).await;
    let verify = on_app(&mail_with(&smtp, "verify-email").await.link("verify-email"), &app.base);
    browse("passwords.mjs", &app.base, &["verify", &verify, OWNER_EMAIL]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deactivated_staff_member_is_signed_out() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(identity_config(Some(&smtp))).await;
    let owner = app.setup_owner().await;
    let staff = "staff@salon.example";
    app.add_user(&owner.tenant_id, staffroom::access::Role::User, staff).await;
    browse("deactivate.mjs", &app.base, &[OWNER_EMAIL, OWNER_PASSWORD, staff, OWNER_PASSWORD]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_settings_test_mail_and_outbox() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(identity_config(Some(&smtp))).await;
    app.setup_owner().await;
    browse("email.mjs", &app.base, &["settings", OWNER_EMAIL, OWNER_PASSWORD]).await;
    let test = mail_with(&smtp, "Staffroom can send e-mail").await;
    assert!(test.to[0].contains(OWNER_EMAIL), "{:?}", test.to);

    // Without a mail server the invitation waits in the outbox, readable there, until the page
    // sets up the workplace's own server (private hosts allowed, so it can be the test server).
    let mut config = identity_config(None);
    config.mail.allow_private_hosts = true;
    let offline = TestApp::spawn_with(config).await;
    let owner = offline.setup_owner().await;
    let invite = serde_json::json!({"email": "cas@salon.example", "firstName": "Cas", "lastName": "Bakker"});
    let response = offline
        .client
        .post(offline.url("/api/v1/users"))
        .bearer_auth(&owner.access)
        .json(&invite)
        .send()
        .await
        .unwrap();
    data_of(response).await;
    let port = smtp.addr.port().to_string();
    browse("email.mjs", &offline.base, &["outbox", OWNER_EMAIL, OWNER_PASSWORD, &port]).await;
    let invitation = mail_with(&smtp, "accept-invitation").await;
    assert!(invitation.to[0].contains("cas@salon.example"), "{:?}", invitation.to);
}

// ---- identity pages, part two: sign-in codes, profiles, service accounts, preferences, settings --

/// The 6 digits after "Your sign-in code is" in the mail's body.
fn sign_in_code(body: &str) -> String {
    let rest = body.split("Your sign-in code is ").nth(1).unwrap_or_else(|| panic!("no code in {body}"));
    let code: String = rest.chars().take_while(char::is_ascii_digit).collect();
    assert_eq!(code.len(), 6, "{body}");
    code
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_with_a_code_by_email() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(identity_config(Some(&smtp))).await;
    app.setup_owner().await;
    browse("otp.mjs", &app.base, &["request", OWNER_EMAIL]).await;
    let mail = mail_with(&smtp, "Your sign-in code is").await;
    assert!(mail.to[0].contains(OWNER_EMAIL), "{:?}", mail.to);
    let code = sign_in_code(&mail.body());
    browse("otp.mjs", &app.base, &["verify", OWNER_EMAIL, &code]).await;
    assert_eq!(
        smtp.messages().iter().filter(|m| m.body().contains("Your sign-in code is")).count(),
        1,
        "one code sent"
    );

    // With an SMS provider configured the page offers text messages too (nothing is sent here).
    let mut config = identity_config(None);
    config.sms.webhook_url = Some("http://127.0.0.1:9/sms".into());
    let sms = TestApp::spawn_with(config).await;
    sms.setup_owner().await;
    browse("otp.mjs", &sms.base, &["phone"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permission_profile_takes_inviting_away_until_deactivated() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(identity_config(Some(&smtp))).await;
    let owner = app.setup_owner().await;
    let manager = "floor@salon.example";
    app.add_user(&owner.tenant_id, staffroom::access::Role::Manager, manager).await;
    browse("profiles.mjs", &app.base, &[OWNER_EMAIL, OWNER_PASSWORD, manager, OWNER_PASSWORD]).await;
    let actions = app.audit_actions().await;
    for action in ["profile.created", "user.profile_changed", "profile.deactivated"] {
        assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_account_key_is_shown_once_and_works_until_revoked() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(identity_config(Some(&smtp))).await;
    app.setup_owner().await;
    browse("service-accounts.mjs", &app.base, &[OWNER_EMAIL, OWNER_PASSWORD]).await;
    let actions = app.audit_actions().await;
    for action in ["service_account.created", "service_account.used", "service_account.revoked"] {
        assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organization_settings_profile_and_preferences() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(identity_config(Some(&smtp))).await;
    let owner = app.setup_owner().await;
    browse("preferences.mjs", &app.base, &[OWNER_EMAIL, OWNER_PASSWORD]).await;

    // What the pages saved, as the API sees it.
    let get = |path: &'static str| crate::support::call(&app, "GET", path, Some(&owner.access), None);
    let settings = data_of(get("/api/v1/org-settings").await).await;
    assert_eq!(settings["schedule.week_starts_on"], 0, "{settings}");
    assert_eq!(settings["clock.rounding_minutes"], 5, "{settings}");
    assert_eq!(settings["general.contact_text"], "", "{settings}");
    let profile = data_of(get("/api/v1/auth/me/profile").await).await;
    assert_eq!(profile["phone"], "+31 6 1234 5678", "{profile}");
    assert_eq!(profile["timezone"], "Europe/Lisbon", "{profile}");
    let preferences = data_of(get("/api/v1/auth/me/preferences").await).await;
    assert_eq!(preferences, serde_json::json!({"uiLanguage": "nl", "compactTables": true}));
}

// ---- instance operations: backups -----------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_page_backs_up_by_hand_for_the_instance_owner_only() {
    let app = TestApp::spawn_with(identity_config(None)).await;
    let owner = app.setup_owner().await;
    let admin = "admin@salon.example";
    app.add_user(&owner.tenant_id, staffroom::access::Role::TenantAdmin, admin).await;
    browse("backups.mjs", &app.base, &["ok", OWNER_EMAIL, OWNER_PASSWORD, admin, OWNER_PASSWORD]).await;
    // The backup the page made, as the API sees it: by hand, verified, on disk.
    let response =
        app.client.get(app.url("/api/v1/super-admin/backups")).bearer_auth(&owner.access).send().await.unwrap();
    let runs = data_of(response).await;
    assert_eq!(runs["total"], 1, "{runs}");
    let run = &runs["items"][0];
    assert_eq!((run["trigger"].as_str(), run["status"].as_str()), (Some("manual"), Some("ok")), "{run}");
    assert!(app.data_dir().join("backups/scheduled").join(run["fileName"].as_str().unwrap()).is_file());

    // Scheduled backups off and a backup folder that is a file: the page reports the failure.
    let blocker = tempfile::NamedTempFile::new().unwrap();
    let mut config = identity_config(None);
    config.backup.enabled = false;
    config.backup.dir = Some(blocker.path().to_path_buf());
    let broken = TestApp::spawn_with(config).await;
    broken.setup_owner().await;
    browse("backups.mjs", &broken.base, &["failed", OWNER_EMAIL, OWNER_PASSWORD]).await;
}

// ---- onboarding: the owner's checklist, and the product's screens ------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owner_walks_the_onboarding_checklist() {
    let app = TestApp::spawn_with(identity_config(None)).await;
    let code = app.setup_code().expect("setup pending");
    browse("checklist.mjs", &app.base, &[&code]).await;
}

/// Home, team, settings and status at 1280×800 and 390×844 (copied into docs/screenshots/ for
/// the README).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screens_of_the_product() {
    let app = TestApp::spawn_with(identity_config(None)).await;
    app.setup_owner().await;
    browse("screens.mjs", &app.base, &[OWNER_EMAIL, OWNER_PASSWORD]).await;
}

/// The organization's date and time formats reach the pages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_follow_the_workplaces_date_and_time_format() {
    let app = TestApp::spawn_with(identity_config(None)).await;
    app.setup_owner().await;
    browse("formats.mjs", &app.base, &[OWNER_EMAIL, OWNER_PASSWORD]).await;
}

// ---- scheduling: the board, a member's shifts, jobs, smart groups, locations, member facts -----

/// A workplace with an owner, a manager and two members, named as people are, and no jobs or
/// schedules yet; answers the people as the browser scripts take them (`PEOPLE_JSON`).
async fn salon_team(app: &TestApp) -> String {
    use staffroom::access::Role;
    let owner = app.setup_owner().await;
    let mut people = Vec::new();
    for (email, first, last, role) in [
        ("mia@salon.example", "Mia", "Jansen", Role::Manager),
        ("lisa@salon.example", "Lisa", "Bakker", Role::User),
        ("tom@salon.example", "Tom", "Visser", Role::User),
    ] {
        let person = app.add_user(&owner.tenant_id, role, email).await;
        let path = format!("/api/v1/users/{}", person.user_id);
        let named = crate::support::call(
            app,
            "PUT",
            &path,
            Some(&owner.access),
            Some(serde_json::json!({"firstName": first, "lastName": last})),
        )
        .await;
        assert_eq!(named.status(), 200);
        people.push(serde_json::json!({"email": email, "name": format!("{first} {last}")}));
    }
    serde_json::json!({
        "password": OWNER_PASSWORD,
        "owner": {"email": OWNER_EMAIL, "name": "Anna de Vries"},
        "manager": people[0],
        "members": [people[1], people[2]],
    })
    .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_builds_and_publishes_a_week_and_a_member_claims_a_shift() {
    let app = TestApp::spawn_with(identity_config(None)).await;
    let people = salon_team(&app).await;
    browse("scheduling.mjs", &app.base, &[&people]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_smart_groups_member_facts_and_locations() {
    let app = TestApp::spawn_with(identity_config(None)).await;
    let people = salon_team(&app).await;
    browse("rota.mjs", &app.base, &[&people]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_people_chat_live_and_catch_up_after_going_offline() {
    let app = TestApp::spawn_with(identity_config(None)).await;
    let people = salon_team(&app).await;
    browse("chat.mjs", &app.base, &[&people]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_clock_opens_without_a_network_and_its_punch_arrives_later() {
    let app = TestApp::spawn_with(identity_config(None)).await;
    let people = salon_team(&app).await;
    browse("offline.mjs", &app.base, &[&people]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kiosk_is_set_up_staff_punch_with_their_pin_and_it_is_revoked() {
    let app = TestApp::spawn_with(identity_config(None)).await;
    let people = salon_team(&app).await;
    browse("kiosk.mjs", &app.base, &[&people]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_clocks_in_takes_a_break_and_punches_offline() {
    let app = TestApp::spawn_with(identity_config(None)).await;
    let people = salon_team(&app).await;
    browse("clock.mjs", &app.base, &[&people]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_requests_time_off_a_manager_approves_it_and_the_member_cancels_another() {
    let app = TestApp::spawn_with(identity_config(None)).await;
    let people = salon_team(&app).await;
    browse("timeoff.mjs", &app.base, &[&people]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_decides_a_claim_time_off_and_a_timesheet_from_the_inbox() {
    let app = TestApp::spawn_with(identity_config(None)).await;
    let people = salon_team(&app).await;
    browse("inbox.mjs", &app.base, &[&people]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_subscribes_to_her_calendar_and_makes_a_new_address() {
    let app = TestApp::spawn_with(identity_config(None)).await;
    let people = salon_team(&app).await;
    browse("calendar.mjs", &app.base, &[&people]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_offers_a_shift_a_colleague_takes_it_and_the_manager_approves() {
    let app = TestApp::spawn_with(identity_config(None)).await;
    let people = salon_team(&app).await;
    browse("swap.mjs", &app.base, &[&people]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_hears_of_her_new_schedule_by_the_bell_and_chooses_her_notifications() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(identity_config(Some(&smtp))).await;
    let people = salon_team(&app).await;
    browse("notifications.mjs", &app.base, &[&people]).await;
    // What the bell showed her live came by e-mail too, in Dutch (her language), through the
    // SMTP server on loopback.
    let mut subjects = Vec::new();
    for _ in 0..100 {
        subjects = smtp
            .messages()
            .iter()
            .filter(|m| m.to.iter().any(|r| r.contains("lisa@salon.example")))
            .map(|m| m.subject())
            .filter(|s| s.contains("rooster"))
            .collect();
        if subjects.len() >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    subjects.sort();
    assert_eq!(subjects, ["Nieuw rooster: Front desk", "Nieuw rooster: Salon floor"], "her e-mails");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_rewords_a_notification_and_resets_it() {
    let app = TestApp::spawn_with(identity_config(None)).await;
    let people = salon_team(&app).await;
    browse("templates.mjs", &app.base, &[&people]).await;
}
