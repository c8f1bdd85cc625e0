//! Login, refresh rotation, cookies and CSRF, token checks, logout.

use std::time::{Duration, Instant};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::json;
use staffroom::access::Role;

use crate::support::{OWNER_EMAIL, OWNER_PASSWORD, TestApp, cookie_value, data_of, error_of, set_cookies, test_config};

#[tokio::test]
async fn login_as_web_and_as_mobile() {
    let app = TestApp::spawn().await;
    app.setup_owner().await;
    let response =
        app.post_json("/api/v1/auth/login", &json!({"email": "ANNA@salon.example", "password": OWNER_PASSWORD})).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["authorization"].to_str().unwrap().starts_with("Bearer "));
    let cookies = set_cookies(&response);
    let data = data_of(response).await;
    assert!(data.get("refreshToken").is_none());
    assert!(cookie_value(&cookies, "workforce_refresh").is_some());
    let refresh_cookie = cookies.iter().find(|c| c.starts_with("workforce_refresh=")).unwrap();
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/auth", "Max-Age=2592000"] {
        assert!(refresh_cookie.contains(attr), "{refresh_cookie}");
    }
    assert!(!refresh_cookie.contains("Secure"), "plain HTTP without public_url: no Secure flag");

    for request in [
        app.client
            .post(app.url("/api/v1/auth/login"))
            .header("x-client-type", "mobile")
            .json(&json!({"email": OWNER_EMAIL, "password": OWNER_PASSWORD})),
        app.client
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": OWNER_EMAIL, "password": OWNER_PASSWORD, "mobile": true})),
    ] {
        let response = request.send().await.unwrap();
        assert!(set_cookies(&response).is_empty());
        let data = data_of(response).await;
        assert!(data["refreshToken"].as_str().is_some_and(|t| t.len() >= 40));
    }
    let actions = app.audit_actions().await;
    assert_eq!(actions.iter().filter(|a| *a == "auth.login").count(), 3);
}

#[tokio::test]
async fn cookies_are_secure_behind_https() {
    let mut config = test_config();
    config.server.public_url = Some("https://staff.example.com".into());
    let app = TestApp::spawn_with(config).await;
    app.setup_owner().await;
    let response =
        app.post_json("/api/v1/auth/login", &json!({"email": OWNER_EMAIL, "password": OWNER_PASSWORD})).await;
    assert!(set_cookies(&response).iter().all(|c| c.contains("; Secure")));
}

#[tokio::test]
async fn wrong_password_and_unknown_email_look_the_same() {
    let app = TestApp::spawn().await;
    app.setup_owner().await;
    let started = Instant::now();
    let wrong = app.post_json("/api/v1/auth/login", &json!({"email": OWNER_EMAIL, "password": "wrong password"})).await;
    let wrong_time = started.elapsed();
    let started = Instant::now();
    let unknown = app
        .post_json("/api/v1/auth/login", &json!({"email": "nobody@salon.example", "password": "wrong password"}))
        .await;
    let unknown_time = started.elapsed();
    let (a, b) = (error_of(wrong).await, error_of(unknown).await);
    assert_eq!((a.0, a.1.as_str()), (401, "unauthorized"));
    assert_eq!(a.2, b.2, "same answer");
    // Both paths run one argon2 verification.
    assert!(unknown_time * 3 > wrong_time && wrong_time * 3 > unknown_time, "{wrong_time:?} vs {unknown_time:?}");
    assert!(app.audit_actions().await.iter().filter(|a| *a == "auth.login_failed").count() == 2);
}

#[tokio::test]
async fn login_rejects_bad_bodies() {
    let app = TestApp::spawn().await;
    let (status, code, _) = error_of(app.post_json("/api/v1/auth/login", &json!({"email": OWNER_EMAIL})).await).await;
    assert_eq!((status, code.as_str()), (400, "validation_failed"));
    let (status, code, _) = error_of(
        app.post_json("/api/v1/auth/login", &json!({"email": OWNER_EMAIL, "password": "x", "remember": true})).await,
    )
    .await;
    assert_eq!((status, code.as_str()), (400, "validation_failed"));
    let response = app.client.post(app.url("/api/v1/auth/login")).body("email=a").send().await.unwrap();
    assert_eq!(error_of(response).await.0, 415);
}

#[tokio::test]
async fn the_same_email_in_two_tenants_needs_a_slug() {
    let app = TestApp::spawn().await;
    app.setup_owner().await;
    let other = app.add_tenant("other-shop").await;
    app.add_user(&other, Role::User, "shared@salon.example").await;
    let owner_tenant = app.login(OWNER_EMAIL, OWNER_PASSWORD).await.tenant_id;
    // The same address in the first tenant too.
    let login = json!({"email": "shared@salon.example", "password": OWNER_PASSWORD});
    assert_eq!(app.post_json("/api/v1/auth/login", &login).await.status(), 200, "one tenant: no slug needed");
    app.state
        .db
        .write({
            let tenant = staffroom::ids::TenantId::parse(&owner_tenant).unwrap();
            move |tx| {
                tx.execute(
                    "INSERT INTO users (id, tenant_id, email, email_key, password_hash, first_name, last_name, role, status, created_at, updated_at)
                     SELECT ?1, ?2, email, email_key, password_hash, 'Dup', 'User', 'user', 'active', created_at, updated_at
                     FROM users WHERE email_key = 'shared@salon.example'",
                    (staffroom::ids::UserId::generate(), &tenant),
                )?;
                Ok(())
            }
        })
        .await
        .unwrap();
    let (status, code, _) = error_of(app.post_json("/api/v1/auth/login", &login).await).await;
    assert_eq!((status, code.as_str()), (400, "tenant_required"));
    let session = app.login_in("shared@salon.example", Some("other-shop")).await;
    assert_eq!(session.tenant_id, other);
    let session = app.login_in("shared@salon.example", Some("salon-elise")).await;
    assert_eq!(session.tenant_id, owner_tenant);
}

#[tokio::test]
async fn login_rate_limits_per_ip_and_per_account() {
    let mut config = test_config();
    config.rate_limits.login_per_ip_per_minute = 5;
    config.rate_limits.login_failures_per_account = 2;
    let app = TestApp::spawn_with(config).await;
    app.setup_owner().await;
    let wrong = json!({"email": OWNER_EMAIL, "password": "not the password"});
    for _ in 0..2 {
        assert_eq!(error_of(app.post_json("/api/v1/auth/login", &wrong).await).await.0, 401);
    }
    // The account is now locked for a while, even with the right password.
    let right = json!({"email": OWNER_EMAIL, "password": OWNER_PASSWORD});
    let response = app.post_json("/api/v1/auth/login", &right).await;
    assert!(response.headers().get("retry-after").is_some());
    assert_eq!(error_of(response).await.1, "rate_limited");
    // Other accounts from this IP still work until the per-IP limit.
    let other = json!({"email": "nobody@salon.example", "password": "x"});
    for _ in 0..2 {
        assert_eq!(error_of(app.post_json("/api/v1/auth/login", &other).await).await.0, 401);
    }
    assert_eq!(error_of(app.post_json("/api/v1/auth/login", &other).await).await.0, 429, "5 per IP per minute");
}

#[tokio::test]
async fn rate_limit_allowlist_exempts_an_ip() {
    let mut config = test_config();
    config.rate_limits.login_per_ip_per_minute = 1;
    config.rate_limits.allowlist = vec!["127.0.0.0/8".into()];
    let app = TestApp::spawn_with(config).await;
    let other = json!({"email": "nobody@salon.example", "password": "x"});
    for _ in 0..3 {
        assert_eq!(error_of(app.post_json("/api/v1/auth/login", &other).await).await.0, 401);
    }
}

#[tokio::test]
async fn mobile_refresh_rotates_and_detects_reuse() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let first = owner.refresh.clone().unwrap();
    let refresh = |token: &str| {
        let body = json!({"refreshToken": token});
        let app = &app;
        async move { app.post_json("/api/v1/auth/refresh", &body).await }
    };
    let data = data_of(refresh(&first).await).await;
    let second = data["refreshToken"].as_str().unwrap().to_string();
    assert_ne!(second, first);
    assert_eq!(app.me(data["accessToken"].as_str().unwrap()).await["user"]["id"], owner.user_id);

    // The spent token again inside the grace window (a lost answer): another successor.
    let data = data_of(refresh(&first).await).await;
    let sibling = data["refreshToken"].as_str().unwrap().to_string();
    assert_ne!(sibling, second);

    // Outside the window: reuse. The whole family is revoked.
    app.state.clock.advance(Duration::from_secs(11));
    assert_eq!(error_of(refresh(&first).await).await.0, 401);
    assert_eq!(error_of(refresh(&second).await).await.0, 401, "family revoked");
    assert_eq!(error_of(refresh(&sibling).await).await.0, 401, "family revoked");
    assert!(app.audit_actions().await.contains(&"auth.refresh_reused".to_string()));

    // Another session of the same user is untouched.
    let other = app.login(OWNER_EMAIL, OWNER_PASSWORD).await;
    assert_eq!(refresh(other.refresh.as_deref().unwrap()).await.status(), 200);
}

#[tokio::test]
async fn refresh_tokens_expire() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    app.state.clock.advance(Duration::from_secs(31 * 24 * 3600));
    let response = app.post_json("/api/v1/auth/refresh", &json!({"refreshToken": owner.refresh.unwrap()})).await;
    assert_eq!(error_of(response).await.0, 401);
    let response = app.post_json("/api/v1/auth/refresh", &json!({"refreshToken": "made-up"})).await;
    assert_eq!(error_of(response).await.0, 401);
}

/// Logs in as a web client; returns (refresh cookie, csrf cookie).
async fn web_login(app: &TestApp) -> (String, String) {
    let response =
        app.post_json("/api/v1/auth/login", &json!({"email": OWNER_EMAIL, "password": OWNER_PASSWORD})).await;
    let cookies = set_cookies(&response);
    (cookie_value(&cookies, "workforce_refresh").unwrap(), cookie_value(&cookies, "workforce_refresh_csrf").unwrap())
}

#[tokio::test]
async fn web_refresh_needs_the_csrf_header_and_same_origin() {
    let app = TestApp::spawn().await;
    app.setup_owner().await;
    let (refresh, csrf) = web_login(&app).await;
    let cookie = format!("workforce_refresh={refresh}; workforce_refresh_csrf={csrf}");
    let post = || app.client.post(app.url("/api/v1/auth/refresh")).header("cookie", cookie.clone());

    let (status, code, _) = error_of(post().send().await.unwrap()).await;
    assert_eq!((status, code.as_str()), (403, "csrf_failed"), "no header");
    let (status, code, _) = error_of(post().header("x-refresh-csrf", "forged").send().await.unwrap()).await;
    assert_eq!((status, code.as_str()), (403, "csrf_failed"), "wrong header");
    let evil = post().header("x-refresh-csrf", &csrf).header("origin", "https://evil.example").send().await.unwrap();
    let (status, code, _) = error_of(evil).await;
    assert_eq!((status, code.as_str()), (403, "csrf_failed"), "another origin");
    let only_cookie = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .header("cookie", format!("workforce_refresh={refresh}"))
        .header("x-refresh-csrf", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(only_cookie).await.1, "csrf_failed", "header without its cookie");

    let ok = post().header("x-refresh-csrf", &csrf).header("origin", app.base.clone()).send().await.unwrap();
    assert_eq!(ok.status(), 200);
    let cookies = set_cookies(&ok);
    let new_refresh = cookie_value(&cookies, "workforce_refresh").unwrap();
    assert_ne!(new_refresh, refresh);
    assert!(cookie_value(&cookies, "workforce_refresh_csrf").is_some());
    assert!(data_of(ok).await.get("refreshToken").is_none());

    let none = app.client.post(app.url("/api/v1/auth/refresh")).send().await.unwrap();
    assert_eq!(error_of(none).await.0, 401, "no session at all");
}

#[tokio::test]
async fn body_refresh_ignores_cookies() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .header("cookie", "workforce_refresh=garbage; workforce_refresh_csrf=x")
        .json(&json!({"refreshToken": owner.refresh.unwrap()}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

fn forge(key: &[u8], header: Header, claims: serde_json::Value) -> String {
    jsonwebtoken::encode(&header, &claims, &EncodingKey::from_secret(key)).unwrap()
}

#[tokio::test]
async fn access_tokens_are_checked_strictly() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let key = app.jwt_key();
    let now = app.state.clock.now().as_second();
    let claims = |typ: &str, exp: i64| {
        json!({"sub": owner.user_id, "tid": owner.tenant_id, "sid": "0190b2a4-0000-7000-8000-000000000001", "ver": 1,
               "typ": typ, "iss": "staffroom",
               "aud": "staffroom-api", "iat": now, "nbf": now, "exp": exp})
    };
    let get_me = |token: String| app.client.get(app.url("/api/v1/auth/me")).bearer_auth(token).send();

    assert_eq!(
        get_me(forge(&key, Header::new(Algorithm::HS256), claims("access", now + 60))).await.unwrap().status(),
        200
    );
    let cases = [
        ("wrong typ claim", forge(&key, Header::new(Algorithm::HS256), claims("refresh", now + 60))),
        ("expired", forge(&key, Header::new(Algorithm::HS256), claims("access", now - 1))),
        (
            "wrong key",
            forge(b"not the instance key at all......", Header::new(Algorithm::HS256), claims("access", now + 60)),
        ),
        ("HS512", forge(&key, Header::new(Algorithm::HS512), claims("access", now + 60))),
        ("wrong header typ", {
            let mut h = Header::new(Algorithm::HS256);
            h.typ = Some("at+jwt-refresh".into());
            forge(&key, h, claims("access", now + 60))
        }),
        ("alg none", {
            use base64::Engine;
            let b64 = |v: serde_json::Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
            format!("{}.{}.", b64(json!({"alg": "none", "typ": "JWT"})), b64(claims("access", now + 60)))
        }),
        ("tampered", {
            let token = owner.access.clone();
            let mut parts: Vec<String> = token.split('.').map(String::from).collect();
            let forged = forge(&key, Header::new(Algorithm::HS256), json!({"sub": "someone-else"}));
            parts[1] = forged.split('.').nth(1).unwrap().to_string();
            parts.join(".")
        }),
        ("refresh token as access token", owner.refresh.clone().unwrap()),
        ("garbage", "abc.def.ghi".to_string()),
    ];
    for (name, token) in cases {
        let (status, code, _) = error_of(get_me(token).await.unwrap()).await;
        assert_eq!((status, code.as_str()), (401, "unauthorized"), "{name}");
    }
    let (status, _, _) = error_of(app.get("/api/v1/auth/me").await).await;
    assert_eq!(status, 401, "no token");

    // The real token expires after 15 minutes on the app's clock.
    app.state.clock.advance(Duration::from_secs(15 * 60));
    assert_eq!(error_of(get_me(owner.access.clone()).await.unwrap()).await.0, 401);
}

#[tokio::test]
async fn me_answers_on_three_paths() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let mut answers = Vec::new();
    for path in ["/api/v1/auth/me", "/api/v1/me", "/api/v1/users/me"] {
        answers.push(data_of(app.client.get(app.url(path)).bearer_auth(&owner.access).send().await.unwrap()).await);
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]));
    let me = &answers[0];
    assert_eq!(me["tenant"]["slug"], "salon-elise");
    assert!(me["permissions"].as_array().unwrap().iter().any(|p| p == "users.write"));
    let keys: Vec<&str> = me["user"].as_object().unwrap().keys().map(String::as_str).collect();
    for key in [
        "id",
        "email",
        "firstName",
        "lastName",
        "name",
        "role",
        "superAdmin",
        "status",
        "locale",
        "timezone",
        "requirePasswordChange",
    ] {
        assert!(keys.contains(&key), "user.{key}");
    }
    let perms =
        data_of(app.client.get(app.url("/api/v1/permissions/me")).bearer_auth(&owner.access).send().await.unwrap())
            .await;
    assert_eq!(perms["role"], "owner");
    assert_eq!(perms["permissions"], me["permissions"]);
}

#[tokio::test]
async fn logout_all_ends_other_sessions_on_their_next_request() {
    let app = TestApp::spawn().await;
    let a = app.setup_owner().await;
    let b = app.login(OWNER_EMAIL, OWNER_PASSWORD).await;
    assert_eq!(app.client.get(app.url("/api/v1/auth/me")).bearer_auth(&b.access).send().await.unwrap().status(), 200);
    let response = app.client.post(app.url("/api/v1/auth/logout-all")).bearer_auth(&a.access).send().await.unwrap();
    assert_eq!(data_of(response).await, json!(null));
    for session in [&a, &b] {
        let response = app.client.get(app.url("/api/v1/auth/me")).bearer_auth(&session.access).send().await.unwrap();
        assert_eq!(error_of(response).await.0, 401);
        let response = app.post_json("/api/v1/auth/refresh", &json!({"refreshToken": session.refresh})).await;
        assert_eq!(error_of(response).await.0, 401);
    }
    // Signing in again works.
    app.login(OWNER_EMAIL, OWNER_PASSWORD).await;
    assert!(app.audit_actions().await.contains(&"auth.logout_all".to_string()));
}

#[tokio::test]
async fn logout_revokes_this_session_and_clears_cookies() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let other = app.login(OWNER_EMAIL, OWNER_PASSWORD).await;
    let (status, _, _) = error_of(app.post_json("/api/v1/auth/logout", &json!({})).await).await;
    assert_eq!(status, 401, "logout needs a token");
    let response = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .bearer_auth(&owner.access)
        .json(&json!({"refreshToken": owner.refresh}))
        .send()
        .await
        .unwrap();
    let cookies = set_cookies(&response);
    assert!(cookies.iter().any(|c| c.starts_with("workforce_refresh=;") && c.contains("Max-Age=0")));
    assert_eq!(data_of(response).await, json!(null));
    let response = app.post_json("/api/v1/auth/refresh", &json!({"refreshToken": owner.refresh})).await;
    assert_eq!(error_of(response).await.0, 401);
    let response = app.post_json("/api/v1/auth/refresh", &json!({"refreshToken": other.refresh})).await;
    assert_eq!(response.status(), 200, "the other session lives on");
}

#[tokio::test]
async fn check_email_reveals_only_super_admins() {
    let mut config = test_config();
    config.rate_limits.check_email_per_ip_per_minute = 3;
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    app.add_user(&owner.tenant_id, Role::User, "staff@salon.example").await;
    let check = |email: &str| {
        let body = json!({"email": email});
        let app = &app;
        async move { app.post_json("/api/v1/auth/check-email", &body).await }
    };
    assert_eq!(data_of(check("Anna@Salon.example").await).await, json!({"exists": true}));
    assert_eq!(data_of(check("staff@salon.example").await).await, json!({"exists": false}));
    assert_eq!(data_of(check("nobody@salon.example").await).await, json!({"exists": false}));
    assert_eq!(error_of(check(OWNER_EMAIL).await).await.1, "rate_limited");
}

#[tokio::test]
async fn forwarded_client_ips_count_only_behind_a_trusted_proxy() {
    let login = json!({"email": "nobody@salon.example", "password": "x"});
    let attempt = |app: &TestApp, client_ip: &'static str| {
        app.client.post(app.url("/api/v1/auth/login")).header("x-forwarded-for", client_ip).json(&login).send()
    };
    let mut config = test_config();
    config.rate_limits.login_per_ip_per_minute = 1;
    config.server.trusted_proxies = vec!["127.0.0.1".into()];
    let app = TestApp::spawn_with(config.clone()).await;
    assert_eq!(error_of(attempt(&app, "203.0.113.7").await.unwrap()).await.0, 401);
    assert_eq!(error_of(attempt(&app, "203.0.113.8").await.unwrap()).await.0, 401, "another client behind the proxy");
    assert_eq!(error_of(attempt(&app, "203.0.113.7").await.unwrap()).await.0, 429);

    config.server.trusted_proxies = Vec::new();
    let app = TestApp::spawn_with(config).await;
    assert_eq!(error_of(attempt(&app, "203.0.113.7").await.unwrap()).await.0, 401);
    assert_eq!(
        error_of(attempt(&app, "203.0.113.8").await.unwrap()).await.0,
        429,
        "untrusted header ignored: one peer"
    );
}
