//! Permission profiles: the catalog, CRUD, and that a profile really changes what its users
//! may do.

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::support::{TestApp, call, data_of, error_of};

#[tokio::test]
async fn catalog_lists_codes_with_their_default_roles() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let catalog = data_of(call(&app, "GET", "/api/v1/profiles/permissions", Some(&owner.access), None).await).await;
    let users_write = catalog.as_array().unwrap().iter().find(|p| p["code"] == "users.write").unwrap();
    assert_eq!(users_write["roles"], json!(["owner", "tenant_admin"]));
    assert_eq!(users_write["id"], "users.write");
    assert_eq!(error_of(call(&app, "GET", "/api/v1/profiles/permissions", None, None).await).await.0, 401);
}

#[tokio::test]
async fn a_profile_changes_what_its_users_may_do() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let manager = app.add_user(&owner.tenant_id, Role::Manager, "manager@salon.example").await;
    let staff = app.add_user(&owner.tenant_id, Role::User, "staff@salon.example").await;
    let services =
        async |token: &str| call(&app, "GET", "/api/v1/health/services", Some(token), None).await.status().as_u16();
    assert_eq!(services(&manager.access).await, 200);

    // A narrower manager profile without health.read.
    let created = call(&app, "POST", "/api/v1/profiles", Some(&owner.access), Some(json!({"name": "Floor manager", "description": "No system pages", "permissions": ["users.read", "schedules.read", "schedules.write"]}))).await;
    assert_eq!(created.status(), 201);
    let profile = data_of(created).await;
    let id = profile["id"].as_str().unwrap().to_string();
    assert_eq!((profile["status"].as_str(), profile["userCount"].as_i64()), (Some("active"), Some(0)));
    let assigned = data_of(
        call(
            &app,
            "PUT",
            &format!("/api/v1/users/{}", manager.user_id),
            Some(&owner.access),
            Some(json!({"profileId": id})),
        )
        .await,
    )
    .await;
    assert_eq!(assigned["profileId"], id.as_str());
    assert_eq!(services(&manager.access).await, 403, "the profile took health.read away at once");
    let perms = data_of(call(&app, "GET", "/api/v1/permissions/me", Some(&manager.access), None).await).await;
    assert_eq!(perms["permissions"], json!(["schedules.read", "schedules.write", "users.read"]));
    assert_eq!(
        data_of(call(&app, "GET", &format!("/api/v1/profiles/{id}"), Some(&owner.access), None).await).await["userCount"],
        1
    );

    // Editing the profile applies on the next request.
    call(
        &app,
        "PUT",
        &format!("/api/v1/profiles/{id}"),
        Some(&owner.access),
        Some(json!({"permissions": ["users.read", "health.read"]})),
    )
    .await;
    assert_eq!(services(&manager.access).await, 200);
    // Deactivating it: back to the role's defaults.
    assert_eq!(
        data_of(call(&app, "DELETE", &format!("/api/v1/profiles/{id}"), Some(&owner.access), None).await).await,
        Value::Null
    );
    let perms = data_of(call(&app, "GET", "/api/v1/permissions/me", Some(&manager.access), None).await).await;
    assert!(perms["permissions"].as_array().unwrap().contains(&json!("users.invite")), "manager defaults again");
    let choices = data_of(call(&app, "GET", "/api/v1/users/profiles", Some(&owner.access), None).await).await;
    assert_eq!(choices, json!([]), "inactive profiles are not offered");
    let reactivated =
        data_of(call(&app, "POST", &format!("/api/v1/profiles/{id}/activate"), Some(&owner.access), None).await).await;
    assert_eq!(reactivated["status"], "active");

    // A staff member given users.write may now deactivate other staff (but nobody above).
    let powers = data_of(
        call(
            &app,
            "POST",
            "/api/v1/profiles",
            Some(&owner.access),
            Some(json!({"name": "Staff lead", "permissions": ["users.read", "users.write"]})),
        )
        .await,
    )
    .await;
    call(
        &app,
        "PUT",
        &format!("/api/v1/users/{}", staff.user_id),
        Some(&owner.access),
        Some(json!({"profileId": powers["id"]})),
    )
    .await;
    let other = app.add_user(&owner.tenant_id, Role::User, "other@salon.example").await;
    assert_eq!(
        call(&app, "DELETE", &format!("/api/v1/users/{}", other.user_id), Some(&staff.access), None).await.status(),
        200
    );
    assert_eq!(
        call(&app, "DELETE", &format!("/api/v1/users/{}", manager.user_id), Some(&staff.access), None).await.status(),
        403
    );
    // Clearing the profile.
    let cleared = data_of(
        call(
            &app,
            "PUT",
            &format!("/api/v1/users/{}", staff.user_id),
            Some(&owner.access),
            Some(json!({"profileId": null})),
        )
        .await,
    )
    .await;
    assert!(cleared["profileId"].is_null());
    assert_eq!(call(&app, "GET", "/api/v1/users", Some(&staff.access), None).await.status(), 403);

    // Owners keep every permission whatever profile they get.
    call(&app, "PUT", &format!("/api/v1/users/{}", owner.user_id), Some(&owner.access), Some(json!({"profileId": id})))
        .await;
    assert_eq!(call(&app, "GET", "/api/v1/settings/email/smtp", Some(&owner.access), None).await.status(), 200);
}

#[tokio::test]
async fn profiles_are_validated_and_guarded() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let admin = app.add_user(&owner.tenant_id, Role::TenantAdmin, "admin@salon.example").await;
    let manager = app.add_user(&owner.tenant_id, Role::Manager, "manager@salon.example").await;
    let other = app.add_tenant("elsewhere").await;
    let outsider = app.add_user(&other, Role::TenantAdmin, "admin@elsewhere.example").await;
    let post = async |token: &str, body: Value| call(&app, "POST", "/api/v1/profiles", Some(token), Some(body)).await;
    let (status, _, error) =
        error_of(post(&owner.access, json!({"name": "X", "permissions": ["users.read", "rockets.launch"]})).await)
            .await;
    assert_eq!(status, 400);
    assert!(error["error"]["fields"]["permissions[1]"].is_string(), "{error}");
    assert_eq!(error_of(post(&owner.access, json!({"name": " ", "permissions": []})).await).await.0, 400);
    assert_eq!(error_of(post(&owner.access, json!({"name": "X", "permissions": [], "extra": 1})).await).await.0, 400);
    assert_eq!(post(&owner.access, json!({"name": "Cashier", "permissions": ["clock.punch"]})).await.status(), 201);
    assert_eq!(
        error_of(post(&admin.access, json!({"name": "cashier", "permissions": []})).await).await.0,
        409,
        "names are unique, case-insensitively"
    );
    assert_eq!(error_of(post(&manager.access, json!({"name": "Mine", "permissions": []})).await).await.0, 403);
    assert_eq!(
        error_of(call(&app, "POST", "/api/v1/profiles", None, Some(json!({"name": "A", "permissions": []}))).await)
            .await
            .0,
        401
    );

    let list = data_of(call(&app, "GET", "/api/v1/profiles", Some(&manager.access), None).await).await;
    assert_eq!(list["total"], 1);
    let id = list["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        error_of(call(&app, "GET", &format!("/api/v1/profiles/{id}"), Some(&outsider.access), None).await).await.0,
        404
    );
    assert_eq!(
        error_of(
            call(
                &app,
                "PUT",
                &format!("/api/v1/profiles/{id}"),
                Some(&outsider.access),
                Some(json!({"name": "Mine now"}))
            )
            .await
        )
        .await
        .0,
        404
    );
    assert_eq!(
        error_of(call(&app, "DELETE", &format!("/api/v1/profiles/{id}"), Some(&outsider.access), None).await).await.0,
        404
    );
    assert_eq!(
        error_of(call(&app, "DELETE", &format!("/api/v1/profiles/{id}"), Some(&manager.access), None).await).await.0,
        403
    );
    assert_eq!(data_of(call(&app, "GET", "/api/v1/profiles", Some(&outsider.access), None).await).await["total"], 0);
    // Another tenant's profile cannot be given to one's own users.
    let theirs = data_of(
        call(
            &app,
            "POST",
            "/api/v1/profiles",
            Some(&outsider.access),
            Some(json!({"name": "Theirs", "permissions": []})),
        )
        .await,
    )
    .await;
    let response = call(
        &app,
        "PUT",
        &format!("/api/v1/users/{}", manager.user_id),
        Some(&owner.access),
        Some(json!({"profileId": theirs["id"]})),
    )
    .await;
    assert_eq!(error_of(response).await.0, 404, "another tenant's profile is not found");
    // A manager cannot hand out a profile with more than they hold.
    let big = data_of(post(&owner.access, json!({"name": "Big", "permissions": ["users.write"]})).await).await;
    let staff = app.add_user(&owner.tenant_id, Role::User, "staff@salon.example").await;
    let response = call(
        &app,
        "PUT",
        &format!("/api/v1/users/{}", staff.user_id),
        Some(&manager.access),
        Some(json!({"profileId": big["id"]})),
    )
    .await;
    assert_eq!(error_of(response).await.0, 403);

    // Inviting with a profile: checked the same way, and kept.
    let invite = async |token: &str, email: &str, profile: &Value| {
        let body = json!({"email": email, "firstName": "New", "lastName": "Person", "profileId": profile});
        call(&app, "POST", "/api/v1/users", Some(token), Some(body)).await
    };
    let created = invite(&owner.access, "lead@salon.example", &big["id"]).await;
    assert_eq!(created.status(), 201);
    let invited = data_of(created).await;
    assert_eq!(invited["profileId"], big["id"], "{invited}");
    let fetched = data_of(
        call(&app, "GET", &format!("/api/v1/users/{}", invited["id"].as_str().unwrap()), Some(&owner.access), None)
            .await,
    )
    .await;
    assert_eq!(fetched["profileId"], big["id"]);
    for (profile, why) in [
        (theirs["id"].clone(), "another tenant's profile"),
        (json!("0196f0c8-0000-7000-8000-000000000000"), "no such profile"),
    ] {
        // Not found, like any id of another tenant (DESIGN §3).
        let (status, _, error) = error_of(invite(&owner.access, "x@salon.example", &profile).await).await;
        assert_eq!(status, 404, "{why}: {error}");
    }
    assert_eq!(error_of(invite(&manager.access, "y@salon.example", &big["id"]).await).await.0, 403);
    let users =
        data_of(call(&app, "GET", "/api/v1/users?search=salon.example&limit=100", Some(&owner.access), None).await)
            .await;
    let emails: Vec<&str> = users["items"].as_array().unwrap().iter().filter_map(|u| u["email"].as_str()).collect();
    assert!(
        !emails.contains(&"x@salon.example") && !emails.contains(&"y@salon.example"),
        "nothing half-written: {emails:?}"
    );
}

#[tokio::test]
async fn updates_ignore_read_only_fields() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let created = data_of(
        call(&app, "POST", "/api/v1/profiles", Some(&owner.access), Some(json!({"name": "Desk", "permissions": []})))
            .await,
    )
    .await;
    let id = created["id"].as_str().unwrap();
    // A client sends back what it read, with one change.
    let mut sent = created.clone();
    sent["name"] = json!("Front desk");
    sent["createdAt"] = json!("2001-01-01T00:00:00.000Z");
    sent["updatedBy"] = json!("someone");
    sent.as_object_mut()
        .unwrap()
        .retain(|k, _| ["id", "name", "description", "createdAt", "updatedBy"].contains(&k.as_str()));
    let updated =
        data_of(call(&app, "PUT", &format!("/api/v1/profiles/{id}"), Some(&owner.access), Some(sent)).await).await;
    assert_eq!((updated["id"].as_str(), updated["name"].as_str()), (Some(id), Some("Front desk")));
    assert_eq!(updated["createdAt"], created["createdAt"], "read-only fields are ignored, not applied");
    let (status, _, error) = error_of(
        call(&app, "PUT", &format!("/api/v1/profiles/{id}"), Some(&owner.access), Some(json!({"nmae": "typo"}))).await,
    )
    .await;
    assert_eq!(status, 400, "other unknown fields are still refused");
    assert!(error["error"]["fields"]["nmae"].is_string(), "{error}");
    // A creation still refuses them.
    let (status, _, _) = error_of(
        call(
            &app,
            "POST",
            "/api/v1/profiles",
            Some(&owner.access),
            Some(json!({"id": id, "name": "B", "permissions": []})),
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
}
