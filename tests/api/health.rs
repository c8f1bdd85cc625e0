use serde_json::json;

use crate::support::{TestApp, data_of, error_of};

#[tokio::test]
async fn liveness_on_both_paths() {
    let app = TestApp::spawn().await;
    for path in ["/api/health", "/api/v1/health"] {
        let data = data_of(app.get(path).await).await;
        assert_eq!(data, json!({"status": "ok", "database": "ok"}));
    }
}

#[tokio::test]
async fn system_reports_version() {
    let app = TestApp::spawn().await;
    let data = data_of(app.get("/api/v1/health/system").await).await;
    assert_eq!(data["status"], "ok");
    assert_eq!(data["version"], env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn services_report_storage_counters() {
    let app = TestApp::spawn().await;
    let owner = app.setup_owner().await;
    let services = || app.client.get(app.url("/api/v1/health/services")).bearer_auth(owner.access.clone()).send();
    let before = data_of(services().await.unwrap()).await;
    assert_eq!(before["storage"]["synchronous"], "FULL");
    assert_eq!(before["storage"]["readConnections"], 4);
    app.post_json("/api/v1/test/rows", &json!({"name": "one", "count": 1})).await;
    let after = data_of(services().await.unwrap()).await;
    let committed = |v: &serde_json::Value| v["storage"]["jobsCommitted"].as_u64().unwrap();
    assert_eq!(committed(&after), committed(&before) + 1);
    assert_eq!(after["status"], "ok");
}

#[tokio::test]
async fn openapi_and_schema_come_from_the_handlers() {
    let app = TestApp::spawn().await;
    let spec: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    for path in ["/api/health", "/api/v1/health", "/api/v1/health/system", "/api/v1/health/services"] {
        assert!(spec["paths"][path]["get"].is_object(), "{path} missing from the spec");
    }
    let schemas = data_of(app.get("/api/v1/schema").await).await;
    assert!(schemas["Health"].is_object(), "{schemas}");
    assert_eq!(spec["components"]["schemas"]["Health"], schemas["Health"]);
    let one = data_of(app.get("/api/v1/schema/storagehealth").await).await;
    assert!(one["properties"]["queueDepth"].is_object(), "{one}");
    let (status, code, _) = error_of(app.get("/api/v1/schema/nothing").await).await;
    assert_eq!((status, code.as_str()), (404, "not_found"));

    // Every security scheme a route names is defined.
    let schemes = spec["components"]["securitySchemes"].as_object().expect("securitySchemes");
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for requirement in op["security"].as_array().into_iter().flatten() {
                for name in requirement.as_object().unwrap().keys() {
                    assert!(schemes.contains_key(name), "{method} {path} names the undefined scheme {name}");
                }
            }
        }
    }
    // Two types of one name would share one schema: each route documents its own body.
    let body = |path: &str, method: &str| {
        spec["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"].clone()
    };
    assert_ne!(body("/api/v1/profiles/{id}", "put"), body("/api/v1/auth/me/profile", "put"));
    // Every route documents the answers any route can give, each error with the envelope.
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            let mut expected = vec!["500", "503"];
            if op["requestBody"].is_object() {
                expected.extend(["400", "413", "415"]);
            }
            if op["security"].as_array().is_some_and(|s| !s.is_empty()) {
                expected.push("401");
            }
            for status in expected {
                assert!(responses.contains_key(status), "{method} {path} documents no {status}");
            }
            for (status, response) in responses.iter().filter(|(s, _)| !s.starts_with('2')) {
                assert_eq!(
                    response["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/ErrorEnvelope",
                    "{method} {path} {status}"
                );
            }
        }
    }
    assert_eq!(spec["components"]["schemas"]["ErrorEnvelope"]["required"], serde_json::json!(["success", "error"]));
    // An `Option` flattened into an answer requires none of its fields (a plain answer has none).
    for name in ["UserFormatted", "OwnerFacts"] {
        assert!(spec["components"]["schemas"][name]["required"].is_null(), "{name}");
    }
}
