//! Permissions core: the route check, role defaults, the last-owner rule, owner-only detail,
//! and the bounded password hasher.

use staffroom::access::Role;
use staffroom::auth::password::{Hasher, Password};
use staffroom::http::ApiError;
use staffroom::ids::{TenantId, UserId};

use crate::support::{TestApp, data_of, error_of};

#[tokio::test]
async fn services_health_needs_the_health_permission() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let manager = app.add_user(&owner.tenant_id, Role::Manager, "manager@salon.example").await;
    let user = app.add_user(&owner.tenant_id, Role::User, "user@salon.example").await;
    let admin = app.add_user(&owner.tenant_id, Role::TenantAdmin, "admin@salon.example").await;
    let other_tenant = app.add_tenant("elsewhere").await;
    let outsider = app.add_user(&other_tenant, Role::Manager, "outsider@elsewhere.example").await;

    assert_eq!(error_of(app.get("/api/v1/health/services").await).await.0, 401);
    let get = |token: &str| app.client.get(app.url("/api/v1/health/services")).bearer_auth(token.to_string()).send();
    let (status, code, _) = error_of(get(&user.access).await.unwrap()).await;
    assert_eq!((status, code.as_str()), (403, "forbidden"));
    for session in [&owner, &admin, &manager, &outsider] {
        let data = data_of(get(&session.access).await.unwrap()).await;
        assert_eq!(data["storage"]["status"], "ok");
    }
}

#[tokio::test]
async fn role_defaults_show_in_permissions_me() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let user = app.add_user(&owner.tenant_id, Role::User, "user@salon.example").await;
    let perms =
        data_of(app.client.get(app.url("/api/v1/permissions/me")).bearer_auth(&user.access).send().await.unwrap())
            .await;
    assert_eq!(perms["role"], "user");
    let codes: Vec<&str> = perms["permissions"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(codes.contains(&"clock.punch") && codes.contains(&"schedules.read"));
    assert!(!codes.contains(&"users.write") && !codes.contains(&"health.read"));
}

#[tokio::test]
async fn system_health_shows_details_to_an_owner_only() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let manager = app.add_user(&owner.tenant_id, Role::Manager, "manager@salon.example").await;
    let public = data_of(app.get("/api/v1/health/system").await).await;
    assert!(public.get("schemaVersion").is_none(), "{public}");
    let as_manager =
        data_of(app.client.get(app.url("/api/v1/health/system")).bearer_auth(&manager.access).send().await.unwrap())
            .await;
    assert_eq!(as_manager, public);
    let as_owner =
        data_of(app.client.get(app.url("/api/v1/health/system")).bearer_auth(&owner.access).send().await.unwrap())
            .await;
    assert_eq!(as_owner["schemaVersion"], staffroom::db::migrate::latest_version());
    assert!(as_owner["sqliteVersion"].as_str().unwrap().starts_with("3."));
    assert!(as_owner["databaseBytes"].as_u64().unwrap() > 0);
    assert!(as_owner["freeDiskBytes"].as_u64().unwrap() > 0);
    assert!(as_owner.get("uptimeSeconds").is_some());
    assert!(as_owner["lastGoodBackup"].is_null());

    // The owner of a tenant registered later is not the instance's owner: no host facts.
    let other = app.add_tenant("elsewhere").await;
    let their_owner = app.add_user(&other, Role::Owner, "owner@elsewhere.example").await;
    let as_their_owner = data_of(
        app.client.get(app.url("/api/v1/health/system")).bearer_auth(&their_owner.access).send().await.unwrap(),
    )
    .await;
    assert_eq!(as_their_owner, public);
}

#[tokio::test]
async fn the_mail_outbox_in_services_health_is_the_callers_tenant() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let other = app.add_tenant("elsewhere").await;
    let their_owner = app.add_user(&other, Role::Owner, "owner@elsewhere.example").await;
    // Two invitations wait in the first tenant's outbox (no SMTP in the tests).
    for email in ["a@salon.example", "b@salon.example"] {
        let body = serde_json::json!({"email": email, "firstName": "A", "lastName": "B"});
        let response =
            app.client.post(app.url("/api/v1/users")).bearer_auth(&owner.access).json(&body).send().await.unwrap();
        assert_eq!(response.status(), 201);
    }
    let depth = async |token: &str| {
        data_of(app.client.get(app.url("/api/v1/health/services")).bearer_auth(token.to_string()).send().await.unwrap())
            .await["mail"]["outboxDepth"]
            .as_u64()
    };
    assert_eq!(depth(&owner.access).await, Some(2), "the instance owner sees every tenant's");
    assert_eq!(depth(&their_owner.access).await, Some(0), "another tenant sees only its own");
}

#[tokio::test]
async fn the_last_active_owner_is_protected() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let tenant = TenantId::parse(&owner.tenant_id).unwrap();
    let owner_id = UserId::parse(&owner.user_id).unwrap();
    let check = |tenant: TenantId, user: UserId| {
        app.state.db.read(move |c| staffroom::access::ensure_not_last_owner(c, &tenant, &user))
    };
    assert!(matches!(check(tenant.clone(), owner_id.clone()).await, Err(ApiError::Conflict(_))));
    let second = app.add_user(&owner.tenant_id, Role::Owner, "second@salon.example").await;
    assert!(check(tenant.clone(), owner_id.clone()).await.is_ok(), "another active owner exists");
    let manager = app.add_user(&owner.tenant_id, Role::Manager, "m@salon.example").await;
    assert!(check(tenant.clone(), UserId::parse(&manager.user_id).unwrap()).await.is_ok(), "not an owner");
    // Deactivate the second owner: the first is the last again.
    let second_id = UserId::parse(&second.user_id).unwrap();
    app.state
        .db
        .write(move |tx| {
            tx.execute("UPDATE users SET status = 'inactive' WHERE id = ?1", [&second_id])?;
            Ok(())
        })
        .await
        .unwrap();
    assert!(check(tenant, owner_id).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_hashing_queue_answers_503() {
    let hasher = std::sync::Arc::new(Hasher::new(1, 1));
    let jobs: Vec<_> = (0..6)
        .map(|_| {
            let hasher = hasher.clone();
            tokio::spawn(async move { hasher.hash(Password::parse("p", "long enough password".into()).unwrap()).await })
        })
        .collect();
    let mut busy = 0;
    let mut hashed = 0;
    for job in jobs {
        match job.await.unwrap() {
            Ok(phc) => {
                assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
                hashed += 1;
            }
            Err(ApiError::Unavailable { .. }) => busy += 1,
            Err(other) => panic!("{other:?}"),
        }
    }
    assert!(hashed >= 2 && busy >= 1, "hashed {hashed}, refused {busy}");
    let good = hasher.hash(Password::parse("p", "another password".into()).unwrap()).await.unwrap();
    assert!(hasher.verify("another password".into(), Some(good.clone())).await.unwrap());
    assert!(!hasher.verify("wrong password".into(), Some(good)).await.unwrap());
    assert!(!hasher.verify("anything".into(), None).await.unwrap(), "no stored hash never verifies");
}
