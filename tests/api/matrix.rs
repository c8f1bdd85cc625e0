//! The authorization matrix of the Identity routes: each route × {anonymous, user, manager,
//! tenant admin, owner, an admin of another tenant}. Ids in paths belong to the owner's tenant,
//! so the other tenant's admin must get 404 (never data).

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::support::{TestApp, call, data_of, test_config};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identity_routes_answer_each_caller_as_designed() {
    let mut config = test_config();
    config.rate_limits.allowlist = vec!["127.0.0.1".into()];
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    let admin = app.add_user(&owner.tenant_id, Role::TenantAdmin, "admin@salon.example").await;
    let manager = app.add_user(&owner.tenant_id, Role::Manager, "manager@salon.example").await;
    let user = app.add_user(&owner.tenant_id, Role::User, "user@salon.example").await;
    let other = app.add_tenant("elsewhere").await;
    let outsider = app.add_user(&other, Role::TenantAdmin, "admin@elsewhere.example").await;

    let profile = data_of(
        call(
            &app,
            "POST",
            "/api/v1/profiles",
            Some(&owner.access),
            Some(json!({"name": "Base", "permissions": ["users.read"]})),
        )
        .await,
    )
    .await;
    let profile = profile["id"].as_str().unwrap().to_string();
    let key = data_of(
        call(&app, "POST", "/api/v1/service-accounts", Some(&owner.access), Some(json!({"name": "K", "scopes": []})))
            .await,
    )
    .await;
    let key = key["id"].as_str().unwrap().to_string();
    let org = data_of(call(&app, "GET", "/api/v1/organizations", Some(&owner.access), None).await).await;
    let org = org["items"][0]["id"].as_str().unwrap().to_string();
    let location =
        data_of(call(&app, "GET", &format!("/api/v1/organizations/{org}/locations"), Some(&owner.access), None).await)
            .await;
    let location = location["items"][0]["id"].as_str().unwrap().to_string();
    let invite = json!({"email": "waiting@salon.example", "firstName": "W", "lastName": "Aiting"});
    data_of(call(&app, "POST", "/api/v1/users", Some(&owner.access), Some(invite)).await).await;
    let mail = data_of(call(&app, "GET", "/api/v1/settings/email/outbox", Some(&owner.access), None).await).await;
    let mail = mail["items"][0]["id"].as_str().unwrap().to_string();

    let callers = [
        None,
        Some(&user.access),
        Some(&manager.access),
        Some(&admin.access),
        Some(&owner.access),
        Some(&outsider.access),
    ];
    // (method, path, body, expected statuses for the callers above)
    let rows: Vec<(&str, String, Option<Value>, [u16; 6])> = vec![
        ("GET", "/api/v1/auth/me".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/permissions/me".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/tenants/me".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/auth/me/profile".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/auth/me/preferences".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/profiles/permissions".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/profiles".into(), None, [401, 403, 200, 200, 200, 200]),
        ("GET", format!("/api/v1/profiles/{profile}"), None, [401, 403, 200, 200, 200, 404]),
        (
            "PUT",
            format!("/api/v1/profiles/{profile}"),
            Some(json!({"description": "x"})),
            [401, 403, 403, 200, 200, 404],
        ),
        ("POST", format!("/api/v1/profiles/{profile}/activate"), None, [401, 403, 403, 200, 200, 404]),
        ("GET", "/api/v1/users/profiles".into(), None, [401, 403, 200, 200, 200, 200]),
        ("GET", "/api/v1/service-accounts".into(), None, [401, 403, 403, 200, 200, 200]),
        ("DELETE", format!("/api/v1/service-accounts/{key}"), None, [401, 403, 403, 200, 200, 404]),
        ("GET", "/api/v1/settings/email/smtp".into(), None, [401, 403, 403, 200, 200, 200]),
        (
            "PUT",
            "/api/v1/settings/email/sender".into(),
            Some(json!({"fromName": "Salon"})),
            [401, 403, 403, 200, 200, 200],
        ),
        ("GET", "/api/v1/settings/email/sender".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/settings/email/status".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/settings/email/outbox".into(), None, [401, 403, 403, 200, 200, 200]),
        // The admin closes it; it is then no longer waiting for the owner; the outsider finds none.
        (
            "POST",
            format!("/api/v1/settings/email/outbox/{mail}/close"),
            Some(json!({"status": "handled"})),
            [401, 403, 403, 200, 409, 404],
        ),
        // Only an owner points the workplace's mail at another server.
        ("PUT", "/api/v1/settings/email/smtp".into(), Some(json!({"host": null})), [401, 403, 403, 403, 200, 403]),
        ("GET", "/api/v1/setup-hub".into(), None, [401, 200, 200, 200, 200, 200]),
        (
            "PUT",
            "/api/v1/setup-hub/tasks/email".into(),
            Some(json!({"status": "skipped"})),
            [401, 403, 403, 200, 200, 200],
        ),
        ("POST", "/api/v1/setup-hub/auto-check".into(), None, [401, 403, 403, 200, 200, 200]),
        // Every task is done or skipped by now in this tenant; not in the other one.
        ("PUT", "/api/v1/setup-hub/complete".into(), None, [401, 403, 403, 200, 200, 409]),
        ("GET", "/api/v1/organizations".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", format!("/api/v1/organizations/{org}"), None, [401, 200, 200, 200, 200, 404]),
        (
            "PATCH",
            format!("/api/v1/organizations/{org}"),
            Some(json!({"phone": "+31 20 765 4321"})),
            [401, 403, 403, 200, 200, 404],
        ),
        ("GET", format!("/api/v1/organizations/{org}/locations"), None, [401, 200, 200, 200, 200, 404]),
        ("GET", format!("/api/v1/organizations/{org}/locations/{location}"), None, [401, 200, 200, 200, 200, 404]),
        (
            "PATCH",
            format!("/api/v1/organizations/{org}/locations/{location}"),
            Some(json!({"name": "Main"})),
            [401, 403, 403, 200, 200, 404],
        ),
        // Public, and over once setup is done.
        (
            "POST",
            "/api/v1/auth/setup/check-code".into(),
            Some(json!({"setupCode": "x"})),
            [400, 400, 400, 400, 400, 400],
        ),
        (
            "POST",
            "/api/v1/users/accept-invitation/check".into(),
            Some(json!({"token": "made-up"})),
            [410, 410, 410, 410, 410, 410],
        ),
        ("PUT", "/api/v1/settings/email/footer".into(), Some(json!({"text": "Hi"})), [401, 403, 403, 200, 200, 200]),
        ("GET", "/api/v1/settings/email/deliverability".into(), None, [401, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/org-settings".into(), None, [401, 200, 200, 200, 200, 200]),
        (
            "PUT",
            "/api/v1/org-settings/chat.enabled".into(),
            Some(json!({"value": true})),
            [401, 403, 403, 200, 200, 200],
        ),
        ("GET", "/api/v1/super-admin/users".into(), None, [401, 403, 403, 403, 200, 403]),
        ("GET", "/api/v1/super-admin/tenants".into(), None, [401, 403, 403, 403, 200, 403]),
        ("GET", "/api/v1/super-admin/backups".into(), None, [401, 403, 403, 403, 200, 403]),
        ("GET", "/api/v1/super-admin/backups/status".into(), None, [401, 403, 403, 403, 200, 403]),
        ("POST", "/api/v1/super-admin/backups".into(), None, [401, 403, 403, 403, 201, 403]),
        ("GET", "/api/v1/health/services".into(), None, [401, 403, 200, 200, 200, 200]),
        ("GET", format!("/api/v1/users/{}", user.user_id), None, [401, 403, 200, 200, 200, 404]),
        ("POST", "/api/v1/auth/logout-all".into(), None, [401, 200, 200, 200, 200, 200]),
    ];
    for (method, path, body, expected) in rows {
        for (who, token) in callers.iter().enumerate() {
            let response = call(&app, method, &path, token.map(String::as_str), body.clone()).await;
            assert_eq!(response.status().as_u16(), expected[who], "{method} {path} as caller #{who}");
        }
    }
}
