//! Service accounts: keys shown once, stored hashed, scoped, accepted only on /api/v1/sa/….

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::support::{TestApp, call, data_of, error_of};

#[tokio::test]
async fn keys_work_only_on_sa_routes_within_their_scopes() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let created = call(
        &app,
        "POST",
        "/api/v1/service-accounts",
        Some(&owner.access),
        Some(json!({"name": "Payroll export", "scopes": ["users.read"]})),
    )
    .await;
    assert_eq!(created.status(), 201);
    let created = data_of(created).await;
    let key = created["key"].as_str().unwrap().to_string();
    assert!(key.starts_with(&format!("sr_{}_", created["prefix"].as_str().unwrap())), "{key}");
    let listed = data_of(call(&app, "GET", "/api/v1/service-accounts", Some(&owner.access), None).await).await;
    assert_eq!(listed["total"], 1);
    assert!(!listed.to_string().contains(&key), "the key is shown once");
    let stored: String = app
        .state
        .db
        .read(|c| Ok(c.query_row("SELECT key_hash FROM service_accounts", [], |r| r.get(0))?))
        .await
        .unwrap();
    assert!(!stored.contains(&key[12..]), "stored hashed");

    let users = data_of(call(&app, "GET", "/api/v1/sa/users", Some(&key), None).await).await;
    assert_eq!(users["items"][0]["email"], "anna@salon.example");
    let tenant = data_of(call(&app, "GET", "/api/v1/sa/tenant", Some(&key), None).await).await;
    assert_eq!(tenant["slug"], "salon-elise");
    // Not a user token, and user tokens are no keys.
    assert_eq!(error_of(call(&app, "GET", "/api/v1/users", Some(&key), None).await).await.0, 401);
    assert_eq!(error_of(call(&app, "GET", "/api/v1/sa/users", Some(&owner.access), None).await).await.0, 401);
    assert_eq!(error_of(call(&app, "GET", "/api/v1/sa/users", None, None).await).await.0, 401);
    let forged = format!("{}x", &key[..key.len() - 1]);
    assert_eq!(error_of(call(&app, "GET", "/api/v1/sa/users", Some(&forged), None).await).await.0, 401);
    assert_eq!(error_of(call(&app, "GET", "/api/v1/sa/users", Some("sr_nonsense"), None).await).await.0, 401);

    // A key without the scope.
    let narrow = data_of(
        call(
            &app,
            "POST",
            "/api/v1/service-accounts",
            Some(&owner.access),
            Some(json!({"name": "Status board", "scopes": []})),
        )
        .await,
    )
    .await;
    let narrow_key = narrow["key"].as_str().unwrap();
    assert_eq!(call(&app, "GET", "/api/v1/sa/tenant", Some(narrow_key), None).await.status(), 200);
    assert_eq!(error_of(call(&app, "GET", "/api/v1/sa/users", Some(narrow_key), None).await).await.1, "forbidden");

    // Use is recorded; revocation is immediate.
    let used = data_of(call(&app, "GET", "/api/v1/service-accounts", Some(&owner.access), None).await).await;
    assert!(used["items"].as_array().unwrap().iter().any(|a| a["lastUsedAt"].is_string()));
    assert!(app.audit_actions().await.contains(&"service_account.used".to_string()));
    let id = created["id"].as_str().unwrap();
    assert_eq!(
        data_of(call(&app, "DELETE", &format!("/api/v1/service-accounts/{id}"), Some(&owner.access), None).await).await,
        Value::Null
    );
    assert_eq!(error_of(call(&app, "GET", "/api/v1/sa/users", Some(&key), None).await).await.0, 401);
}

#[tokio::test]
async fn managing_keys_is_for_admins_of_the_tenant() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let manager = app.add_user(&owner.tenant_id, Role::Manager, "manager@salon.example").await;
    let other = app.add_tenant("elsewhere").await;
    let outsider = app.add_user(&other, Role::TenantAdmin, "admin@elsewhere.example").await;
    let body = json!({"name": "Export", "scopes": ["users.read"]});
    assert_eq!(error_of(call(&app, "POST", "/api/v1/service-accounts", None, Some(body.clone())).await).await.0, 401);
    assert_eq!(
        error_of(call(&app, "POST", "/api/v1/service-accounts", Some(&manager.access), Some(body.clone())).await)
            .await
            .0,
        403
    );
    assert_eq!(error_of(call(&app, "GET", "/api/v1/service-accounts", Some(&manager.access), None).await).await.0, 403);
    let created = data_of(call(&app, "POST", "/api/v1/service-accounts", Some(&owner.access), Some(body)).await).await;
    let id = created["id"].as_str().unwrap();
    assert_eq!(
        error_of(call(&app, "DELETE", &format!("/api/v1/service-accounts/{id}"), Some(&outsider.access), None).await)
            .await
            .0,
        404
    );
    assert_eq!(
        data_of(call(&app, "GET", "/api/v1/service-accounts", Some(&outsider.access), None).await).await["total"],
        0
    );
    // The outsider's key sees only their tenant.
    let theirs = data_of(
        call(
            &app,
            "POST",
            "/api/v1/service-accounts",
            Some(&outsider.access),
            Some(json!({"name": "Theirs", "scopes": ["users.read"]})),
        )
        .await,
    )
    .await;
    let users = data_of(call(&app, "GET", "/api/v1/sa/users", Some(theirs["key"].as_str().unwrap()), None).await).await;
    assert_eq!(users["total"], 1);
    assert_eq!(users["items"][0]["email"], "admin@elsewhere.example");
    let (status, _, error) = error_of(
        call(
            &app,
            "POST",
            "/api/v1/service-accounts",
            Some(&owner.access),
            Some(json!({"name": "X", "scopes": ["launch.rockets"]})),
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(error["error"]["fields"]["scopes[0]"].is_string());
    assert_eq!(
        error_of(
            call(
                &app,
                "POST",
                "/api/v1/service-accounts",
                Some(&owner.access),
                Some(json!({"name": "", "scopes": []}))
            )
            .await
        )
        .await
        .0,
        400
    );
    assert_eq!(
        error_of(call(&app, "DELETE", "/api/v1/service-accounts/not-an-id", Some(&owner.access), None).await).await.0,
        404
    );
}
