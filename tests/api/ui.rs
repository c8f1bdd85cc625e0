use crate::support::{TestApp, error_of};

#[tokio::test]
async fn index_is_served_with_headers() {
    let app = TestApp::spawn().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let h = response.headers().clone();
    assert_eq!(h["content-type"], "text/html; charset=utf-8");
    assert_eq!(h["cache-control"], "no-cache");
    assert!(h["etag"].to_str().unwrap().starts_with('"'));
    let csp = h["content-security-policy"].to_str().unwrap();
    for part in
        ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]
    {
        assert!(csp.contains(part), "{csp}");
    }
    let html = response.text().await.unwrap();
    assert!(html.contains("/assets/app.js"));
    assert!(!html.contains("<script>"), "no inline scripts");
}

#[tokio::test]
async fn modules_have_exact_mime_types_and_etags() {
    let app = TestApp::spawn().await;
    let response = app.get("/assets/app.js").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/javascript; charset=utf-8");
    let etag = response.headers()["etag"].clone();
    let css = app.get("/assets/style.css").await;
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    let again = app.client.get(app.url("/assets/app.js")).header("if-none-match", etag.clone()).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"], etag);
}

#[tokio::test]
async fn client_routes_fall_back_to_the_shell_but_assets_and_api_do_not() {
    let app = TestApp::spawn().await;
    let response = app.get("/status").await;
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("<main id=\"app\""));
    let response = app.get("/some/deep/client/route").await;
    assert_eq!(response.status(), 200);
    let (status, code, _) = error_of(app.get("/assets/missing.js").await).await;
    assert_eq!((status, code.as_str()), (404, "not_found"));
    let (status, code, _) = error_of(app.get("/api/whatever").await).await;
    assert_eq!((status, code.as_str()), (404, "not_found"));
    let (status, _, _) = error_of(app.client.post(app.url("/status")).send().await.unwrap()).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_service_worker_lists_every_asset_to_cache_under_a_version() {
    let app = TestApp::spawn().await;
    let response = app.get("/sw.js").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(response.headers()["cache-control"], "no-cache");
    let text = response.text().await.unwrap();
    let version = text.lines().next().unwrap();
    assert!(
        version.starts_with("const VERSION = \"") && version.len() == "const VERSION = \"0123456789abcdef\";".len()
    );
    let assets = text.lines().nth(1).unwrap().strip_prefix("const ASSETS = ").unwrap().trim_end_matches(';');
    let assets: Vec<String> = serde_json::from_str(assets).unwrap();
    for needed in ["/", "/assets/app.js", "/assets/pages/clock.js", "/assets/punches.js", "/assets/style.css"] {
        assert!(assets.iter().any(|a| a == needed), "{needed}");
    }
    assert!(!assets.iter().any(|a| a.ends_with("sw.js") || a.ends_with("index.html")));
    // Each listed asset is served (a worker caching a 404 would open a broken app offline).
    for asset in assets.iter().filter(|a| a.ends_with(".js")).take(20) {
        assert_eq!(app.get(asset).await.status(), 200, "{asset}");
    }
    assert!(text.contains("addEventListener('fetch'"));
}
