//! Serves the web UI from `assets/`, embedded in the binary (DESIGN §7): exact MIME types,
//! ETag + `no-cache` so an upgrade never serves stale modules, client routes fall back to
//! `index.html`, missing assets and unknown `/api/…` paths answer 404.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rust_embed::RustEmbed;
use sha2::Digest as _;

use crate::http::ApiError;
use crate::state::AppState;

#[derive(RustEmbed)]
#[folder = "$CARGO_MANIFEST_DIR/assets/"]
struct Assets;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(|headers: HeaderMap| async move { serve("index.html", &headers) }))
        .route("/sw.js", get(service_worker))
        .route(
            "/assets/{*path}",
            get(|Path(path): Path<String>, headers: HeaderMap| async move { serve(&path, &headers) }),
        )
}

/// The service worker at the root (its scope is the whole app): `assets/sw.js` with the list
/// of every embedded asset to cache and a version from their hashes, so a new binary's worker
/// replaces the old cache.
async fn service_worker() -> Response {
    let Some(body) = Assets::get("sw.js") else {
        return ApiError::NotFound.into_response();
    };
    let mut files: Vec<String> = Assets::iter().filter(|p| p != "sw.js").map(|p| p.into_owned()).collect();
    files.sort();
    let mut digest = sha2::Sha256::new();
    for f in &files {
        if let Some(file) = Assets::get(f) {
            sha2::Digest::update(&mut digest, file.metadata.sha256_hash());
        }
    }
    let version = hex::encode(&sha2::Digest::finalize(digest)[..8]);
    let mut urls: Vec<String> = vec!["/".to_owned()];
    urls.extend(files.iter().filter(|f| *f != "index.html").map(|f| format!("/assets/{f}")));
    let script = format!(
        "const VERSION = {};\nconst ASSETS = {};\n{}",
        serde_json::Value::String(version),
        serde_json::to_string(&urls).unwrap_or_else(|_| "[]".into()),
        String::from_utf8_lossy(&body.data)
    );
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        script,
    )
        .into_response()
}

/// Unknown paths: client routes get the app shell; API and asset paths get 404.
pub async fn fallback(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path();
    let is_api = path == "/api" || path.starts_with("/api/");
    let is_asset = path.starts_with("/assets/");
    if is_api || is_asset || (method != Method::GET && method != Method::HEAD) {
        return ApiError::NotFound.into_response();
    }
    serve("index.html", &headers)
}

fn serve(path: &str, headers: &HeaderMap) -> Response {
    let Some(file) = Assets::get(path) else {
        return ApiError::NotFound.into_response();
    };
    let etag = format!("\"{}\"", hex::encode(&file.metadata.sha256_hash()[..12]));
    let cache = [(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))];
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag));
    let etag = HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""));
    if matches {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)], cache).into_response();
    }
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(mime_type(path))), (header::ETAG, etag)],
        cache,
        file.data.into_owned(),
    )
        .into_response()
}

fn mime_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "webmanifest" => "application/manifest+json",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
