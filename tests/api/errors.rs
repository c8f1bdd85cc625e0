//! The error table of DESIGN §4, case by case, through real HTTP.

use serde_json::json;

use crate::support::{TestApp, data_of, error_of, test_config};

#[tokio::test]
async fn unknown_api_route_is_not_found_envelope() {
    let app = TestApp::spawn().await;
    let (status, code, body) = error_of(app.get("/api/v1/no-such-thing").await).await;
    assert_eq!((status, code.as_str()), (404, "not_found"));
    assert_eq!(body["error"]["message"], "Not found.");
    let (status, code, _) = error_of(app.get("/api").await).await;
    assert_eq!((status, code.as_str()), (404, "not_found"));
}

#[tokio::test]
async fn wrong_method_is_method_not_allowed() {
    let app = TestApp::spawn().await;
    let response = app.client.delete(app.url("/api/v1/health")).send().await.unwrap();
    assert!(response.headers().get("allow").is_some());
    let (status, code, _) = error_of(response).await;
    assert_eq!((status, code.as_str()), (405, "method_not_allowed"));
}

#[tokio::test]
async fn malformed_json_is_rejected() {
    let app = TestApp::spawn().await;
    for body in ["{\"name\": ", "not json", "", "{\"name\":\"a\",}"] {
        let response = app
            .client
            .post(app.url("/api/v1/test/probe"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let (status, code, _) = error_of(response).await;
        assert_eq!((status, code.as_str()), (400, "malformed_json"), "body {body:?}");
    }
}

#[tokio::test]
async fn shape_errors_name_the_field() {
    let app = TestApp::spawn().await;
    let cases = [
        (json!({"name": "a", "count": 1, "bogus": true}), "bogus"),
        (json!({"count": 1}), "name"),
        (json!({"name": "a", "count": "many"}), "count"),
        (json!({"name": "a", "count": 300}), "count"),
        (json!({"name": "a", "count": 1, "nested": {"flag": true, "extra": 1}}), "nested.extra"),
        (json!("not an object"), "body"),
        // serde reads a struct from an array by position; no client means that.
        (json!(["a", 1]), "body"),
    ];
    for (body, field) in cases {
        let (status, code, error) = error_of(app.post_json("/api/v1/test/probe", &body).await).await;
        assert_eq!((status, code.as_str()), (400, "validation_failed"), "{body}");
        assert!(error["error"]["fields"][field].is_string(), "field {field} in {error}");
    }
    let ok = data_of(app.post_json("/api/v1/test/probe", &json!({"name": "a", "count": 2})).await).await;
    assert_eq!(ok, json!({"name": "a", "count": 2}));
}

#[tokio::test]
async fn wrong_or_missing_content_type_is_unsupported() {
    let app = TestApp::spawn().await;
    let body = r#"{"name":"a","count":1}"#;
    for content_type in [Some("text/plain"), Some("application/x-www-form-urlencoded"), None] {
        let mut request = app.client.post(app.url("/api/v1/test/probe")).body(body);
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        let (status, code, _) = error_of(request.send().await.unwrap()).await;
        assert_eq!((status, code.as_str()), (415, "unsupported_media_type"), "{content_type:?}");
    }
    let response = app
        .client
        .post(app.url("/api/v1/test/probe"))
        .header("content-type", "application/json; charset=utf-8")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn oversized_body_is_payload_too_large() {
    let app = TestApp::spawn().await;
    let name = "x".repeat(1024 * 1024);
    let body = format!(r#"{{"name":"{name}","count":1}}"#);
    let response = app
        .client
        .post(app.url("/api/v1/test/probe"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    // The unread rest ends the connection, and the answer says so (no request is sent after it).
    assert_eq!(response.headers()["connection"], "close");
    let (status, code, _) = error_of(response).await;
    assert_eq!((status, code.as_str()), (413, "payload_too_large"));
    // Just under the limit is accepted as far as size goes.
    let name = "x".repeat(1024 * 1024 - 40);
    let response = app.post_json("/api/v1/test/probe", &json!({"name": name, "count": 1})).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn messages_follow_accept_language() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(app.url("/api/v1/nope"))
        .header("accept-language", "nl-NL,nl;q=0.9,en;q=0.8")
        .send()
        .await
        .unwrap();
    let (_, _, body) = error_of(response).await;
    assert_eq!(body["error"]["message"], "Niet gevonden.");
    let response = app
        .client
        .post(app.url("/api/v1/test/probe"))
        .header("accept-language", "nl")
        .json(&json!({"count": 1}))
        .send()
        .await
        .unwrap();
    let (_, _, body) = error_of(response).await;
    // A whole sentence that names the field, in the caller's language.
    assert_eq!(body["error"]["fields"]["name"], "Naam is verplicht.");
    let response = app.client.get(app.url("/api/v1/nope")).header("accept-language", "fr").send().await.unwrap();
    let (_, _, body) = error_of(response).await;
    assert_eq!(body["error"]["message"], "Not found.");
}

#[tokio::test]
async fn field_errors_are_sentences_with_the_way_out() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let put = |lang: &'static str| {
        app.client
            .put(app.url("/api/v1/settings/email/smtp"))
            .bearer_auth(&owner.access)
            .header("accept-language", lang)
            .json(&json!({"host": "127.0.0.1", "port": 25, "security": "none"}))
            .send()
    };
    let (status, _, body) = error_of(put("en").await.unwrap()).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["error"]["fields"]["host"],
        "SMTP server is a private address; the server's operator can allow it with `mail.allow_private_hosts` (127.0.0.1)."
    );
    let (_, _, body) = error_of(put("nl").await.unwrap()).await;
    assert!(body["error"]["fields"]["host"].as_str().unwrap().starts_with("SMTP-server is een privéadres"), "{body}");
    let (_, _, body) = error_of(
        app.client
            .post(app.url("/api/v1/users"))
            .bearer_auth(&owner.access)
            .json(&json!({"email": "nope", "firstName": "A", "lastName": "B"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(body["error"]["fields"]["email"], "E-mail address is not valid: it should look like name@example.com.");
}

#[tokio::test]
async fn unique_violation_is_conflict() {
    let app = TestApp::spawn().await;
    let row = json!({"name": "dup", "count": 1});
    assert_eq!(app.post_json("/api/v1/test/rows", &row).await.status(), 201);
    let (status, code, _) = error_of(app.post_json("/api/v1/test/rows", &row).await).await;
    assert_eq!((status, code.as_str()), (409, "conflict"));
}

#[tokio::test]
async fn panicking_handler_is_internal_without_details() {
    let app = TestApp::spawn().await;
    let response = app.get("/api/v1/test/panic").await;
    let request_id = response.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(!request_id.is_empty());
    let (status, code, body) = error_of(response).await;
    assert_eq!((status, code.as_str()), (500, "internal"));
    assert!(!body.to_string().contains("probe panic"), "{body}");
    // The server keeps serving.
    assert_eq!(app.get("/api/v1/health").await.status(), 200);
}

#[tokio::test]
async fn request_timeout_is_unavailable_with_retry_after() {
    let mut config = test_config();
    config.server.request_timeout = staffroom::config::Dur::millis(300);
    let app = TestApp::spawn_with(config).await;
    let response = app.get("/api/v1/test/slow").await;
    assert_eq!(response.headers()["retry-after"], "1");
    let (status, code, _) = error_of(response).await;
    assert_eq!((status, code.as_str()), (503, "unavailable"));
}

#[tokio::test]
async fn request_id_and_security_headers() {
    let app = TestApp::spawn().await;
    let response = app.get("/api/v1/health").await;
    let h = response.headers();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert!(h["content-security-policy"].to_str().unwrap().contains("default-src 'self'"));
    assert_eq!(h["x-request-id"].len(), 32);
    assert!(h.get("strict-transport-security").is_none(), "no HSTS without an https public_url");
    let response =
        app.client.get(app.url("/api/v1/health")).header("x-request-id", "proxy-abc-123").send().await.unwrap();
    assert_eq!(response.headers()["x-request-id"], "proxy-abc-123");
    let response =
        app.client.get(app.url("/api/v1/health")).header("x-request-id", "bad id<script>").send().await.unwrap();
    assert_ne!(response.headers()["x-request-id"], "bad id<script>");
}

#[tokio::test]
async fn hsts_only_behind_an_https_public_url() {
    let mut config = test_config();
    config.server.public_url = Some("https://staff.example.com".into());
    let app = TestApp::spawn_with(config).await;
    let response = app.get("/api/v1/health").await;
    assert_eq!(response.headers()["strict-transport-security"], "max-age=31536000");
}

#[tokio::test]
async fn bad_query_and_path_parameters_use_the_envelope() {
    let app = TestApp::spawn().await;
    assert_eq!(data_of(app.get("/api/v1/test/query?n=5").await).await, 5);
    let (status, code, body) = error_of(app.get("/api/v1/test/query?n=many").await).await;
    assert_eq!((status, code.as_str()), (400, "validation_failed"));
    assert!(body["error"]["fields"]["n"].is_string(), "{body}");
    let (status, code, _) = error_of(app.get("/api/v1/test/query").await).await;
    assert_eq!((status, code.as_str()), (400, "validation_failed"));
    assert_eq!(data_of(app.get("/api/v1/test/items/7").await).await, 7);
    let (status, code, _) = error_of(app.get("/api/v1/test/items/seven").await).await;
    assert_eq!((status, code.as_str()), (404, "not_found"));
}
