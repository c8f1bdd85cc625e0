//! Users: invitations through a real SMTP server, the team list, changes, deactivation, the
//! authorization matrix.

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::smtp_server::SmtpServer;
use crate::support::{OWNER_EMAIL, OWNER_PASSWORD, Session, TestApp, call, data_of, error_of, test_config};

fn with_smtp(smtp: &SmtpServer) -> staffroom::config::Config {
    let mut config = test_config();
    config.mail.smtp_host = Some("127.0.0.1".into());
    config.mail.smtp_port = smtp.addr.port();
    config.mail.smtp_security = staffroom::config::SmtpSecurity::None;
    config.server.public_url = Some("http://staff.example.test".into());
    config
}

fn token_from(link: &str) -> String {
    link.split("token=").nth(1).unwrap().split('&').next().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitation_accept_and_sign_in_through_the_mail() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(with_smtp(&smtp)).await;
    let owner = app.setup_owner().await;
    let invited = data_of(
        call(
            &app,
            "POST",
            "/api/v1/users",
            Some(&owner.access),
            Some(json!({"email": "Bo@Salon.example", "firstName": "Bo", "lastName": "Jansen", "role": "manager"})),
        )
        .await,
    )
    .await;
    assert_eq!((invited["status"].as_str(), invited["role"].as_str()), (Some("invited"), Some("manager")));
    let mail = &smtp.wait_for(1).await[0];
    assert!(mail.to[0].contains("Bo@Salon.example"));
    assert!(mail.subject().contains("Salon Élise"), "{}", mail.subject());
    let link = mail.link("accept-invitation");
    assert!(link.starts_with("http://staff.example.test/accept-invitation?token="), "links use public_url: {link}");
    let token = token_from(&link);

    // An invited account cannot sign in yet.
    let login = json!({"email": "bo@salon.example", "password": "bo's new password", "mobile": true});
    assert_eq!(error_of(app.post_json("/api/v1/auth/login", &login).await).await.0, 401);
    let (status, code, _) =
        error_of(app.post_json("/api/v1/users/accept-invitation", &json!({"token": token, "password": "short"})).await)
            .await;
    assert_eq!((status, code.as_str()), (400, "validation_failed"));

    let accepted = data_of(
        app.post_json("/api/v1/users/accept-invitation", &json!({"token": token, "password": "bo's new password"}))
            .await,
    )
    .await;
    assert_eq!(accepted["status"], "active");
    let data = data_of(app.post_json("/api/v1/auth/login", &login).await).await;
    assert_eq!(data["user"]["role"], "manager");
    // Single use.
    let again = app
        .post_json("/api/v1/users/accept-invitation", &json!({"token": token, "password": "another password"}))
        .await;
    assert_eq!(error_of(again).await.1, "gone");
    let unknown = app
        .post_json("/api/v1/users/accept-invitation", &json!({"token": "made-up", "password": "another password"}))
        .await;
    assert_eq!(error_of(unknown).await.0, 410);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resent_invitations_replace_the_old_link_and_links_expire() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(with_smtp(&smtp)).await;
    let owner = app.setup_owner().await;
    let invited = data_of(
        call(
            &app,
            "POST",
            "/api/v1/users",
            Some(&owner.access),
            Some(json!({"email": "cas@salon.example", "firstName": "Cas", "lastName": "Bakker"})),
        )
        .await,
    )
    .await;
    let id = invited["id"].as_str().unwrap();
    let first = token_from(&smtp.wait_for(1).await[0].link("token="));
    assert_eq!(
        call(&app, "POST", &format!("/api/v1/users/{id}/resend-invitation"), Some(&owner.access), None).await.status(),
        200
    );
    let second = token_from(&smtp.wait_for(2).await[1].link("token="));
    assert_ne!(first, second);
    let accept = async |token: &str| {
        app.post_json("/api/v1/users/accept-invitation", &json!({"token": token, "password": "a fine password"})).await
    };
    assert_eq!(error_of(accept(&first).await).await.1, "gone", "the resent link replaced the first");
    app.state.clock.advance(std::time::Duration::from_secs(8 * 24 * 3600));
    assert_eq!(error_of(accept(&second).await).await.1, "gone", "expired after 7 days");
    // Resending to an active account is a conflict.
    let owner = app.login(OWNER_EMAIL, OWNER_PASSWORD).await;
    let response =
        call(&app, "POST", &format!("/api/v1/users/{}/resend-invitation", owner.user_id), Some(&owner.access), None)
            .await;
    assert_eq!(error_of(response).await.0, 409);
}

#[tokio::test]
async fn invitations_are_validated() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let post = |body: Value| call(&app, "POST", "/api/v1/users", Some(&owner.access), Some(body));
    for (body, field) in [
        (json!({"email": "nope", "firstName": "A", "lastName": "B"}), "email"),
        (json!({"email": "a@b.example", "firstName": " ", "lastName": "B"}), "firstName"),
        (json!({"email": "a@b.example", "firstName": "A"}), "lastName"),
        (json!({"email": "a@b.example", "firstName": "A", "lastName": "B\u{1b}[31m"}), "lastName"),
        (json!({"email": "a@b.example", "firstName": "A\nBcc: x@y.example", "lastName": "B"}), "firstName"),
        (json!({"email": "a@b.example", "firstName": "A", "lastName": "B", "role": "boss"}), "role"),
        (json!({"email": "a@b.example", "firstName": "A", "lastName": "B", "age": 3}), "age"),
    ] {
        let (status, code, error) = error_of(post(body.clone()).await).await;
        assert_eq!((status, code.as_str()), (400, "validation_failed"), "{body}");
        assert!(error["error"]["fields"][field].is_string(), "{field}: {error}");
    }
    let (status, code, _) =
        error_of(post(json!({"email": "ANNA@salon.example", "firstName": "A", "lastName": "B"})).await).await;
    assert_eq!((status, code.as_str()), (409, "conflict"), "e-mail is unique per tenant, case-insensitively");
    let oversized = json!({"email": "a@b.example", "firstName": "x".repeat(1_100_000), "lastName": "B"});
    assert_eq!(error_of(post(oversized).await).await.0, 413);
}

/// One account of each role in the owner's tenant, plus an admin of another tenant.
struct Cast {
    owner: Session,
    admin: Session,
    manager: Session,
    user: Session,
    outsider: Session,
}

async fn cast(app: &TestApp) -> Cast {
    let owner = app.setup_owner().await;
    let admin = app.add_user(&owner.tenant_id, Role::TenantAdmin, "admin@salon.example").await;
    let manager = app.add_user(&owner.tenant_id, Role::Manager, "manager@salon.example").await;
    let user = app.add_user(&owner.tenant_id, Role::User, "user@salon.example").await;
    let other = app.add_tenant("elsewhere").await;
    let outsider = app.add_user(&other, Role::TenantAdmin, "admin@elsewhere.example").await;
    Cast { owner, admin, manager, user, outsider }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorization_matrix() {
    let mut config = test_config();
    config.rate_limits.allowlist = vec!["127.0.0.1".into()];
    let app = TestApp::spawn_with(config).await;
    let c = cast(&app).await;
    let mut n = 0;
    // A fresh staff account to act on, per call, so one call's change does not affect the next.
    let mut target = async |status: &str| {
        n += 1;
        let email = format!("target{n}@salon.example");
        let s = app.add_user(&c.owner.tenant_id, Role::User, &email).await;
        if status == "invited" {
            app.state
                .db
                .write({
                    let id = staffroom::ids::UserId::parse(&s.user_id).unwrap();
                    move |tx| {
                        tx.execute("UPDATE users SET status = 'invited', password_hash = NULL WHERE id = ?1", [&id])?;
                        Ok(())
                    }
                })
                .await
                .unwrap();
        }
        if status == "inactive" {
            app.state
                .db
                .write({
                    let id = staffroom::ids::UserId::parse(&s.user_id).unwrap();
                    move |tx| {
                        tx.execute("UPDATE users SET status = 'inactive' WHERE id = ?1", [&id])?;
                        Ok(())
                    }
                })
                .await
                .unwrap();
        }
        s.user_id
    };
    // (method, path with {id}, target status, body, expected for anonymous, user, manager, admin, owner, outsider)
    type Case<'a> = (&'a str, &'a str, &'a str, Option<Value>, [u16; 6]);
    let cases: Vec<Case> = vec![
        ("GET", "/api/v1/users", "", None, [401, 403, 200, 200, 200, 200]),
        ("GET", "/api/v1/users/{id}", "active", None, [401, 403, 200, 200, 200, 404]),
        ("PUT", "/api/v1/users/{id}", "active", Some(json!({"firstName": "Renamed"})), [401, 403, 200, 200, 200, 404]),
        ("DELETE", "/api/v1/users/{id}", "active", None, [401, 403, 403, 200, 200, 404]),
        ("POST", "/api/v1/users/{id}/activate", "inactive", None, [401, 403, 403, 200, 200, 404]),
        ("POST", "/api/v1/users/{id}/resend-invitation", "invited", None, [401, 403, 200, 200, 200, 404]),
        ("DELETE", "/api/v1/users/{id}/permanent", "active", None, [401, 403, 403, 200, 200, 404]),
    ];
    let tokens = [
        None,
        Some(&c.user.access),
        Some(&c.manager.access),
        Some(&c.admin.access),
        Some(&c.owner.access),
        Some(&c.outsider.access),
    ];
    for (method, path, status, body, expected) in cases {
        for (who, token) in tokens.iter().enumerate() {
            let path =
                if path.contains("{id}") { path.replace("{id}", &target(status).await) } else { path.to_string() };
            let response = call(&app, method, &path, token.map(String::as_str), body.clone()).await;
            assert_eq!(response.status().as_u16(), expected[who], "{method} {path} as caller #{who}");
        }
    }
    // Creating: managers may invite staff and managers, not admins.
    let invite = |role: &str, i: usize| json!({"email": format!("new{role}{i}@salon.example"), "firstName": "N", "lastName": "M", "role": role});
    for (who, token, expected) in [
        (0, None, 401),
        (1, Some(&c.user.access), 403),
        (2, Some(&c.manager.access), 201),
        (3, Some(&c.admin.access), 201),
        (4, Some(&c.owner.access), 201),
        (5, Some(&c.outsider.access), 201),
    ] {
        let response = call(&app, "POST", "/api/v1/users", token.map(String::as_str), Some(invite("user", who))).await;
        assert_eq!(response.status().as_u16(), expected, "invite as #{who}");
    }
    assert_eq!(
        call(&app, "POST", "/api/v1/users", Some(&c.manager.access), Some(invite("tenant_admin", 9))).await.status(),
        403
    );
    assert_eq!(
        call(&app, "POST", "/api/v1/users", Some(&c.admin.access), Some(invite("owner", 9))).await.status(),
        403
    );
    assert_eq!(
        call(&app, "POST", "/api/v1/users", Some(&c.owner.access), Some(invite("owner", 9))).await.status(),
        201
    );
    // Register (seed 002): admins only.
    let register = |i: usize| json!({"email": format!("reg{i}@salon.example"), "name": "Reg Istered"});
    for (who, token, expected) in [
        (0, None, 401),
        (1, Some(&c.user.access), 403),
        (2, Some(&c.manager.access), 403),
        (3, Some(&c.admin.access), 201),
        (4, Some(&c.owner.access), 201),
    ] {
        assert_eq!(
            call(&app, "POST", "/api/v1/auth/register", token.map(String::as_str), Some(register(who)))
                .await
                .status()
                .as_u16(),
            expected,
            "register as #{who}"
        );
    }
    // The outsider's list shows none of this tenant's people.
    let list = data_of(call(&app, "GET", "/api/v1/users?limit=100", Some(&c.outsider.access), None).await).await;
    let emails: Vec<&str> = list["items"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap()).collect();
    for ours in [OWNER_EMAIL, "admin@salon.example", "manager@salon.example", "user@salon.example"] {
        assert!(!emails.contains(&ours), "{ours} leaked into another tenant's list: {emails:?}");
    }
    // A manager cannot touch an admin, an admin cannot touch the owner.
    let put = json!({"firstName": "X"});
    assert_eq!(
        call(&app, "PUT", &format!("/api/v1/users/{}", c.admin.user_id), Some(&c.manager.access), Some(put.clone()))
            .await
            .status(),
        403
    );
    assert_eq!(
        call(&app, "PUT", &format!("/api/v1/users/{}", c.owner.user_id), Some(&c.admin.access), Some(put.clone()))
            .await
            .status(),
        403
    );
    assert_eq!(
        call(&app, "DELETE", &format!("/api/v1/users/{}", c.owner.user_id), Some(&c.admin.access), None).await.status(),
        403
    );
    assert_eq!(call(&app, "PUT", "/api/v1/users/not-a-uuid", Some(&c.owner.access), Some(put)).await.status(), 404);
}

#[tokio::test]
async fn deactivation_ends_sessions_at_once() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let me = async |token: &str| call(&app, "GET", "/api/v1/auth/me", Some(token), None).await;
    assert_eq!(me(&c.user.access).await.status(), 200);
    let response =
        call(&app, "DELETE", &format!("/api/v1/users/{}", c.user.user_id), Some(&c.admin.access), None).await;
    assert_eq!(data_of(response).await, Value::Null);
    assert_eq!(error_of(me(&c.user.access).await).await.0, 401, "the open session stops at once");
    let refresh = app.post_json("/api/v1/auth/refresh", &json!({"refreshToken": c.user.refresh})).await;
    assert_eq!(error_of(refresh).await.0, 401);
    let login = json!({"email": "user@salon.example", "password": OWNER_PASSWORD});
    assert_eq!(error_of(app.post_json("/api/v1/auth/login", &login).await).await.0, 401);
    let detail =
        data_of(call(&app, "GET", &format!("/api/v1/users/{}", c.user.user_id), Some(&c.admin.access), None).await)
            .await;
    assert_eq!(detail["status"], "inactive");
    let activated = data_of(
        call(&app, "POST", &format!("/api/v1/users/{}/activate", c.user.user_id), Some(&c.admin.access), None).await,
    )
    .await;
    assert_eq!(activated["status"], "active");
    assert_eq!(app.post_json("/api/v1/auth/login", &login).await.status(), 200);
    // The same through PUT status.
    let response = call(
        &app,
        "PUT",
        &format!("/api/v1/users/{}", c.user.user_id),
        Some(&c.admin.access),
        Some(json!({"status": "inactive"})),
    )
    .await;
    assert_eq!(data_of(response).await["status"], "inactive");
    assert_eq!(error_of(app.post_json("/api/v1/auth/login", &login).await).await.0, 401);
}

#[tokio::test]
async fn the_last_owner_and_yourself_are_protected() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let owner_path = format!("/api/v1/users/{}", c.owner.user_id);
    let (status, code, _) = error_of(call(&app, "DELETE", &owner_path, Some(&c.owner.access), None).await).await;
    assert_eq!((status, code.as_str()), (409, "conflict"), "not yourself");
    let (status, _, _) =
        error_of(call(&app, "PUT", &owner_path, Some(&c.owner.access), Some(json!({"role": "manager"}))).await).await;
    assert_eq!(status, 409, "the last owner cannot be demoted");
    let (status, _, _) =
        error_of(call(&app, "DELETE", &format!("{owner_path}/permanent"), Some(&c.owner.access), None).await).await;
    assert_eq!(status, 409);
    // With a second owner, the first may step down.
    let second = data_of(
        call(
            &app,
            "PUT",
            &format!("/api/v1/users/{}", c.admin.user_id),
            Some(&c.owner.access),
            Some(json!({"role": "owner"})),
        )
        .await,
    )
    .await;
    assert_eq!(second["role"], "owner");
    let demoted =
        data_of(call(&app, "PUT", &owner_path, Some(&c.owner.access), Some(json!({"role": "tenant_admin"}))).await)
            .await;
    assert_eq!(demoted["role"], "tenant_admin");
    assert!(app.audit_actions().await.contains(&"user.role_changed".to_string()));
    // Role changes apply to the next request: the demoted owner's token now carries tenant_admin rights.
    let perms = data_of(call(&app, "GET", "/api/v1/permissions/me", Some(&c.owner.access), None).await).await;
    assert_eq!(perms["role"], "tenant_admin");
}

#[tokio::test]
async fn permanent_delete_removes_the_account() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let path = format!("/api/v1/users/{}", c.user.user_id);
    assert_eq!(
        data_of(call(&app, "DELETE", &format!("{path}/permanent"), Some(&c.admin.access), None).await).await,
        Value::Null
    );
    assert_eq!(error_of(call(&app, "GET", &path, Some(&c.admin.access), None).await).await.0, 404);
    assert_eq!(error_of(call(&app, "GET", "/api/v1/auth/me", Some(&c.user.access), None).await).await.0, 401);
    // The address is free again.
    let invite = json!({"email": "user@salon.example", "firstName": "New", "lastName": "Person"});
    assert_eq!(call(&app, "POST", "/api/v1/users", Some(&c.admin.access), Some(invite)).await.status(), 201);
}

#[tokio::test]
async fn list_searches_filters_pages_and_formats() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    for i in 0..25 {
        let body = json!({"email": format!("staff{i:02}@salon.example"), "firstName": format!("Staff{i:02}"), "lastName": "Member"});
        assert_eq!(call(&app, "POST", "/api/v1/users", Some(&c.owner.access), Some(body)).await.status(), 201);
    }
    let get =
        async |query: &str| call(&app, "GET", &format!("/api/v1/users{query}"), Some(&c.manager.access), None).await;
    let page = data_of(get("").await).await;
    assert_eq!((page["total"].as_u64(), page["page"].as_u64(), page["limit"].as_u64()), (Some(29), Some(1), Some(20)));
    assert_eq!(page["items"].as_array().unwrap().len(), 20);
    let second = data_of(get("?page=2&limit=20").await).await;
    assert_eq!(second["items"].as_array().unwrap().len(), 9);
    assert_eq!(data_of(get("?limit=1000").await).await["limit"], 100);
    let invited = data_of(get("?status=invited").await).await;
    assert_eq!(invited["total"], 25);
    let found = data_of(get("?search=STAFF07").await).await;
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["email"], "staff07@salon.example");
    let by_mail = data_of(get("?search=manager%40salon").await).await;
    assert_eq!(by_mail["total"], 1);
    assert_eq!(data_of(get("?search=%25").await).await["total"], 0, "% is literal");
    let (status, code, _) = error_of(get("?status=sleeping").await).await;
    assert_eq!((status, code.as_str()), (400, "validation_failed"));
    let (status, _, _) = error_of(get("?page=abc").await).await;
    assert_eq!(status, 400);

    let plain = &page["items"][0];
    assert!(plain.get("tenant").is_none() && plain.get("roleFormatted").is_none());
    let rich = data_of(
        app.client
            .get(app.url("/api/v1/users?extended=true&format=true&search=anna"))
            .bearer_auth(&c.owner.access)
            .header("accept-language", "nl")
            .send()
            .await
            .unwrap(),
    )
    .await;
    let anna = &rich["items"][0];
    assert_eq!(anna["tenant"]["slug"], "salon-elise");
    assert_eq!((anna["roleFormatted"].as_str(), anna["statusFormatted"].as_str()), (Some("Eigenaar"), Some("Actief")));
    assert_eq!(anna["createdAtFormatted"], "10 feb 2026, 10:00", "Amsterdam time, Dutch month");
    let schema = data_of(app.get("/api/v1/schema/user").await).await;
    assert!(schema.to_string().contains("createdAt"), "{schema}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registered_accounts_get_a_temporary_password_by_mail() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with(with_smtp(&smtp)).await;
    let owner = app.setup_owner().await;
    let created = data_of(
        call(
            &app,
            "POST",
            "/api/v1/auth/register",
            Some(&owner.access),
            Some(json!({"email": "dirk@salon.example", "name": "Dirk van Dam", "role": "manager"})),
        )
        .await,
    )
    .await;
    assert_eq!((created["firstName"].as_str(), created["lastName"].as_str()), (Some("Dirk van"), Some("Dam")));
    assert_eq!(created["requirePasswordChange"], true);
    let mail = &smtp.wait_for(1).await[0];
    let body = mail.body();
    let temporary = body.lines().find_map(|l| l.strip_prefix("Temporary password: ")).unwrap().trim().to_string();
    let data = data_of(
        app.post_json("/api/v1/auth/login", &json!({"email": "dirk@salon.example", "password": temporary})).await,
    )
    .await;
    assert_eq!(data["user"]["requirePasswordChange"], true);
}
