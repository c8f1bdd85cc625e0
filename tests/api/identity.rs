//! Tenants, the caller's profile, preferences and devices, super admin, organization settings.

use serde_json::{Value, json};
use staffroom::access::Role;

use crate::support::{TestApp, call, data_of, error_of, test_config};

fn registration(slug: &str) -> Value {
    json!({"companyName": "Bakkerij Bol", "slug": slug, "adminEmail": "bol@bakkerij.example", "adminPassword": "bread and butter",
           "adminFirstName": "Bert", "adminLastName": "Bol", "timezone": "Europe/Brussels"})
}

#[tokio::test]
async fn tenant_registration_only_when_open() {
    let app = TestApp::spawn().await;
    app.setup_owner().await;
    let (status, code, _) =
        error_of(app.post_json("/api/v1/tenants/register", &registration("bakkerij-bol")).await).await;
    assert_eq!((status, code.as_str()), (403, "forbidden"));
    assert_eq!(data_of(app.get("/api/v1/auth/config").await).await["registrationOpen"], false);

    let mut config = test_config();
    config.tenants.allow_registration = true;
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    assert_eq!(data_of(app.get("/api/v1/auth/config").await).await["registrationOpen"], true);
    assert_eq!(
        data_of(app.get("/api/v1/tenants/check-slug/bakkerij-bol").await).await,
        json!({"slug": "bakkerij-bol", "valid": true, "available": true})
    );
    assert_eq!(data_of(app.get("/api/v1/tenants/check-slug/salon-elise").await).await["available"], false);
    assert_eq!(data_of(app.get("/api/v1/tenants/check-slug/Bad_Slug").await).await["valid"], false);
    assert_eq!(data_of(app.get("/api/v1/tenants/check-slug/api").await).await["valid"], false, "reserved");

    let response = app
        .client
        .post(app.url("/api/v1/tenants/register"))
        .header("x-client-type", "mobile")
        .json(&registration("bakkerij-bol"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let data = data_of(response).await;
    assert_eq!((data["user"]["role"].as_str(), data["user"]["superAdmin"].as_bool()), (Some("owner"), Some(false)));
    let token = data["accessToken"].as_str().unwrap();
    let mine = data_of(call(&app, "GET", "/api/v1/tenants/me", Some(token), None).await).await;
    assert_eq!((mine["slug"].as_str(), mine["timezone"].as_str()), (Some("bakkerij-bol"), Some("Europe/Brussels")));
    let public = data_of(app.get("/api/v1/tenants/by-slug/bakkerij-bol").await).await;
    assert_eq!(public, json!({"name": "Bakkerij Bol", "slug": "bakkerij-bol"}));
    assert_eq!(error_of(app.get("/api/v1/tenants/by-slug/nobody-here").await).await.0, 404);

    let (status, code, _) =
        error_of(app.post_json("/api/v1/tenants/register", &registration("bakkerij-bol")).await).await;
    assert_eq!((status, code.as_str()), (409, "conflict"));
    let (status, _, error) = error_of(app.post_json("/api/v1/tenants/register", &registration("-x-")).await).await;
    assert_eq!(status, 400);
    assert!(error["error"]["fields"]["slug"].is_string());
    // The two businesses do not see each other.
    let users = data_of(call(&app, "GET", "/api/v1/users", Some(token), None).await).await;
    assert_eq!(users["total"], 1);
    let anna =
        data_of(call(&app, "GET", &format!("/api/v1/users/{}", owner.user_id), Some(&owner.access), None).await).await;
    assert_eq!(
        error_of(
            call(&app, "GET", &format!("/api/v1/users/{}", anna["id"].as_str().unwrap()), Some(token), None).await
        )
        .await
        .0,
        404
    );
    assert_eq!(error_of(app.get("/api/v1/tenants/me").await).await.0, 401);
}

#[tokio::test]
async fn profile_preferences_and_devices() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let staff = app.add_user(&owner.tenant_id, Role::User, "staff@salon.example").await;
    let t = Some(owner.access.as_str());
    let profile = data_of(call(&app, "GET", "/api/v1/auth/me/profile", t, None).await).await;
    assert_eq!(profile, json!({"phone": null, "avatar": null, "avatarFileId": null, "timezone": null, "locale": "en"}));
    let updated = data_of(
        call(
            &app,
            "PUT",
            "/api/v1/auth/me/profile",
            t,
            Some(json!({"phone": "+31 6 1234 5678", "timezone": "Europe/Amsterdam", "locale": "nl-NL"})),
        )
        .await,
    )
    .await;
    assert_eq!(updated["locale"], "nl-NL");
    let cleared = data_of(call(&app, "PUT", "/api/v1/auth/me/profile", t, Some(json!({"phone": null}))).await).await;
    assert_eq!((cleared["phone"].is_null(), cleared["timezone"].as_str()), (true, Some("Europe/Amsterdam")));
    for (body, field) in [
        (json!({"timezone": "Moon/Base"}), "timezone"),
        (json!({"locale": "fr"}), "locale"),
        (json!({"phone": "call me"}), "phone"),
        (json!({"avatar": "x"}), "avatar"),
    ] {
        let (status, _, error) = error_of(call(&app, "PUT", "/api/v1/auth/me/profile", t, Some(body)).await).await;
        assert_eq!(status, 400);
        assert!(error["error"]["fields"][field].is_string(), "{field}: {error}");
    }
    assert_eq!(error_of(call(&app, "GET", "/api/v1/auth/me/profile", None, None).await).await.0, 401);

    assert_eq!(data_of(call(&app, "GET", "/api/v1/auth/me/preferences", t, None).await).await, json!({}));
    let merged = data_of(
        call(&app, "PUT", "/api/v1/auth/me/preferences", t, Some(json!({"theme": "dark", "compact": true}))).await,
    )
    .await;
    assert_eq!(merged, json!({"theme": "dark", "compact": true}));
    let merged = data_of(
        call(&app, "PUT", "/api/v1/auth/me/preferences", t, Some(json!({"compact": null, "weekView": "grid"}))).await,
    )
    .await;
    assert_eq!(merged, json!({"theme": "dark", "weekView": "grid"}));
    assert_eq!(error_of(call(&app, "PUT", "/api/v1/auth/me/preferences", t, Some(json!([1, 2]))).await).await.0, 400);
    let huge = json!({"blob": "x".repeat(20_000)});
    assert_eq!(error_of(call(&app, "PUT", "/api/v1/auth/me/preferences", t, Some(huge)).await).await.0, 400);
    // Preferences are per user.
    assert_eq!(
        data_of(call(&app, "GET", "/api/v1/auth/me/preferences", Some(&staff.access), None).await).await,
        json!({})
    );

    let device = json!({"token": "push-token-1", "platform": "ios"});
    assert_eq!(call(&app, "POST", "/api/v1/auth/device", t, Some(device.clone())).await.status(), 200);
    // The same device signs in as someone else: the token moves.
    assert_eq!(call(&app, "POST", "/api/v1/auth/device", Some(&staff.access), Some(device)).await.status(), 200);
    let owner_of: String = app
        .state
        .db
        .read(|c| Ok(c.query_row("SELECT user_id FROM device_tokens WHERE token = 'push-token-1'", [], |r| r.get(0))?))
        .await
        .unwrap();
    assert_eq!(owner_of, staff.user_id);
    assert_eq!(
        error_of(call(&app, "DELETE", "/api/v1/auth/device", t, Some(json!({"token": "push-token-1"}))).await).await.0,
        404,
        "not the owner's any more"
    );
    assert_eq!(
        call(&app, "DELETE", "/api/v1/auth/device", Some(&staff.access), Some(json!({"token": "push-token-1"})))
            .await
            .status(),
        200
    );
    let (status, _, error) = error_of(
        call(&app, "POST", "/api/v1/auth/device", t, Some(json!({"token": "x", "platform": "blackberry"}))).await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(error["error"]["fields"]["platform"].is_string());
    let long = json!({"token": "x".repeat(513), "platform": "web"});
    assert_eq!(error_of(call(&app, "POST", "/api/v1/auth/device", t, Some(long)).await).await.0, 400);
}

#[tokio::test]
async fn super_admin_sees_every_tenant() {
    let mut config = test_config();
    config.tenants.allow_registration = true;
    let app = TestApp::spawn_with(config).await;
    let owner = app.setup_owner().await;
    let admin = app.add_user(&owner.tenant_id, Role::TenantAdmin, "admin@salon.example").await;
    let registered = data_of(
        app.client
            .post(app.url("/api/v1/tenants/register"))
            .header("x-client-type", "mobile")
            .json(&registration("bakkerij-bol"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let other_owner = registered["accessToken"].as_str().unwrap();

    for path in ["/api/v1/super-admin/users", "/api/v1/super-admin/tenants"] {
        assert_eq!(error_of(call(&app, "GET", path, None, None).await).await.0, 401);
        assert_eq!(error_of(call(&app, "GET", path, Some(&admin.access), None).await).await.0, 403);
        assert_eq!(
            error_of(call(&app, "GET", path, Some(other_owner), None).await).await.0,
            403,
            "another tenant's owner is no super admin"
        );
    }
    let users = data_of(call(&app, "GET", "/api/v1/super-admin/users", Some(&owner.access), None).await).await;
    assert_eq!(users["total"], 3);
    let slugs: Vec<&str> =
        users["items"].as_array().unwrap().iter().map(|u| u["tenantSlug"].as_str().unwrap()).collect();
    assert!(slugs.contains(&"bakkerij-bol") && slugs.contains(&"salon-elise"));
    let found =
        data_of(call(&app, "GET", "/api/v1/super-admin/users?search=bakkerij", Some(&owner.access), None).await).await;
    assert_eq!(found["total"], 1);
    let tenants = data_of(call(&app, "GET", "/api/v1/super-admin/tenants", Some(&owner.access), None).await).await;
    assert_eq!(tenants["total"], 2);
    assert_eq!(tenants["items"][0]["users"], 2);
    assert_eq!(tenants["items"][1]["activeUsers"], 1);
}

#[tokio::test]
async fn organization_settings_are_typed() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let manager = app.add_user(&owner.tenant_id, Role::Manager, "manager@salon.example").await;
    let other = app.add_tenant("elsewhere").await;
    let outsider = app.add_user(&other, Role::TenantAdmin, "admin@elsewhere.example").await;
    let all = data_of(call(&app, "GET", "/api/v1/org-settings", Some(&manager.access), None).await).await;
    assert_eq!(all["schedule.week_starts_on"], 1);
    assert_eq!(all["chat.enabled"], true);
    let schedule =
        data_of(call(&app, "GET", "/api/v1/org-settings/by-category/schedule", Some(&manager.access), None).await)
            .await;
    assert!(schedule.as_array().unwrap().iter().all(|s| s["category"] == "schedule"));
    assert_eq!(
        error_of(call(&app, "GET", "/api/v1/org-settings/by-category/nothing", Some(&manager.access), None).await)
            .await
            .0,
        404
    );
    let one =
        data_of(call(&app, "GET", "/api/v1/org-settings/clock.rounding_minutes", Some(&manager.access), None).await)
            .await;
    assert_eq!((one["type"].as_str(), one["allowed"].clone()), (Some("integer"), json!([0, 30])));
    assert!(one["updatedAt"].is_null());

    let put = async |token: &str, key: &str, value: Value| {
        call(&app, "PUT", &format!("/api/v1/org-settings/{key}"), Some(token), Some(json!({"value": value}))).await
    };
    assert_eq!(error_of(put(&manager.access, "chat.enabled", json!(false)).await).await.0, 403);
    assert_eq!(
        error_of(call(&app, "PUT", "/api/v1/org-settings/chat.enabled", None, Some(json!({"value": false}))).await)
            .await
            .0,
        401
    );
    let saved = data_of(put(&owner.access, "chat.enabled", json!(false)).await).await;
    assert_eq!((saved["value"].as_bool(), saved["updatedAt"].is_string()), (Some(false), true));
    for (key, value) in [
        ("chat.enabled", json!("no")),
        ("clock.rounding_minutes", json!(31)),
        ("general.date_format", json!("yy")),
        ("notifications.quiet_hours_start", json!("25:00")),
        ("general.contact_text", json!("x".repeat(501))),
    ] {
        assert_eq!(error_of(put(&owner.access, key, value).await).await.1, "validation_failed", "{key}");
    }
    assert_eq!(error_of(put(&owner.access, "no.such", json!(1)).await).await.0, 404);
    let bad_body = call(
        &app,
        "PUT",
        "/api/v1/org-settings/chat.enabled",
        Some(&owner.access),
        Some(json!({"value": true, "extra": 1})),
    )
    .await;
    assert_eq!(error_of(bad_body).await.0, 400);
    // Per tenant.
    let theirs = data_of(call(&app, "GET", "/api/v1/org-settings", Some(&outsider.access), None).await).await;
    assert_eq!(theirs["chat.enabled"], true);
    let ours = data_of(call(&app, "GET", "/api/v1/org-settings", Some(&manager.access), None).await).await;
    assert_eq!(ours["chat.enabled"], false);
}
