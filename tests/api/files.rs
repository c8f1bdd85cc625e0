//! Files (DESIGN §6): presign, the signed upload streamed to disk, type by magic bytes, size
//! limit and quota with nothing left behind, signed links, who may read, and delete.

use serde_json::{Value, json};

use crate::chat::Team;
use crate::support::{Session, call, data_of, test_config};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

async fn presign(t: &Team, who: &Session, key: &str, content_type: &str) -> Value {
    t.ok(who, "POST", "/api/v1/files/presign", Some(json!({"key": key, "contentType": content_type}))).await
}

async fn put(t: &Team, url: &str, content_type: &str, bytes: Vec<u8>) -> reqwest::Response {
    t.app.client.put(t.app.url(url)).header("content-type", content_type).body(bytes).send().await.unwrap()
}

/// A PUT with a chunked body (no Content-Length), over a plain socket: the server learns the
/// size only as the bytes come.
async fn put_chunked(t: &Team, url: &str, content_type: &str, chunks: &[&[u8]]) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = t.app.url("").trim_start_matches("http://").trim_end_matches('/').to_string();
    let mut socket = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "PUT {url} HTTP/1.1\r\nHost: {address}\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    for chunk in chunks {
        // The server may answer and close before the last chunk: that is the point.
        if socket.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).await.is_err()
            || socket.write_all(chunk).await.is_err()
            || socket.write_all(b"\r\n").await.is_err()
        {
            break;
        }
    }
    let _ = socket.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = socket.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer).to_string();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, text)
}

/// Files under the data dir's uploads and upload scratch space.
fn files_on_disk(t: &Team) -> Vec<String> {
    let mut found = Vec::new();
    for dir in ["uploads", ".upload-tmp"] {
        let root = t.app.data_dir().join(dir);
        let mut stack = vec![root];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                if entry.path().is_dir() {
                    stack.push(entry.path());
                } else {
                    found.push(entry.path().display().to_string());
                }
            }
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_goes_up_through_a_signed_url_and_comes_back_safely() {
    let t = Team::new().await;
    let signed = presign(&t, &t.user, "../../etc/photo.png", "image/png").await;
    assert_eq!(signed["method"], "PUT");
    assert_eq!(signed["headers"]["Content-Type"], "image/png");
    assert_eq!(signed["file"]["name"], "photo.png", "a path in the key is not a path on disk");
    assert_eq!(signed["key"], format!("{}/{}", t.user.tenant_id, signed["fileId"].as_str().unwrap()));
    let url = signed["uploadUrl"].as_str().unwrap();

    // A changed URL (another size, another file) or the wrong type header is refused.
    let tampered = url.replace("signature=", "signature=0");
    assert_eq!(put(&t, &tampered, "image/png", PNG.to_vec()).await.status(), 403);
    let forged = format!("{}{}", &url[..url.len() - 1], if url.ends_with('0') { "1" } else { "0" });
    assert_eq!(put(&t, &forged, "image/png", PNG.to_vec()).await.status(), 403);
    assert_eq!(put(&t, url, "image/gif", PNG.to_vec()).await.status(), 415);

    let stored = data_of(put(&t, url, "image/png", PNG.to_vec()).await).await;
    assert_eq!(stored["status"], "stored");
    assert_eq!(stored["size"], PNG.len());
    assert_eq!(stored["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(put(&t, url, "image/png", PNG.to_vec()).await.status(), 409, "once");
    let on_disk = files_on_disk(&t);
    assert_eq!(on_disk.len(), 1);
    assert!(on_disk[0].ends_with(&format!("uploads/{}/{}", t.user.tenant_id, stored["id"].as_str().unwrap())));

    let id = stored["id"].as_str().unwrap();
    let content = call(&t.app, "GET", &format!("/api/v1/files/{id}/content"), Some(&t.user.access), None).await;
    assert_eq!(content.status(), 200);
    assert_eq!(content.headers()["content-type"], "image/png");
    assert_eq!(content.headers()["x-content-type-options"], "nosniff");
    assert!(
        content.headers()["content-disposition"].to_str().unwrap().starts_with("inline; filename*=UTF-8''photo.png")
    );
    assert_eq!(content.bytes().await.unwrap().as_ref(), PNG);

    let link = t.ok(&t.user, "GET", &format!("/api/v1/files/{id}/link"), None).await;
    let again = t.ok(&t.user, "GET", &format!("/api/v1/files/{id}/link"), None).await;
    assert_eq!(link["url"], again["url"], "the same URL within the hour, so browsers cache it");
    let raw = t.app.client.get(t.app.url(link["url"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(raw.status(), 200);
    assert!(raw.headers()["cache-control"].to_str().unwrap().contains("max-age="));
    // Fifteen minutes on, an unused URL has expired.
    let late = presign(&t, &t.user, "late.png", "image/png").await;
    t.app.state.clock.advance(std::time::Duration::from_secs(16 * 60));
    assert_eq!(put(&t, late["uploadUrl"].as_str().unwrap(), "image/png", PNG.to_vec()).await.status(), 403);
    // A day later the link is dead.
    t.app.state.clock.advance(std::time::Duration::from_secs(25 * 3600));
    let late = t.app.client.get(t.app.url(link["url"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(late.status(), 403);
}

/// A real PNG photo of `width` × `height`, opaque or with transparency.
fn picture(width: u32, height: u32, transparent: bool) -> Vec<u8> {
    use image::{DynamicImage, ImageFormat, Rgba, RgbaImage};
    let pixels = RgbaImage::from_fn(width, height, |x, y| {
        Rgba([(x % 256) as u8, (y % 256) as u8, 90, if transparent && x < width / 2 { 0 } else { 255 }])
    });
    let picture = if transparent {
        DynamicImage::ImageRgba8(pixels)
    } else {
        DynamicImage::ImageRgb8(DynamicImage::ImageRgba8(pixels).to_rgb8())
    };
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn upload(t: &Team, who: &Session, name: &str, content_type: &str, bytes: Vec<u8>) -> Value {
    let signed = presign(t, who, name, content_type).await;
    data_of(put(t, signed["uploadUrl"].as_str().unwrap(), content_type, bytes).await).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_gets_a_small_thumbnail_behind_its_own_signed_link() {
    let t = Team::new().await;
    let photo = upload(&t, &t.user, "photo.png", "image/png", picture(1600, 1200, false)).await;
    let id = photo["id"].as_str().unwrap();
    let link = t.ok(&t.user, "GET", &format!("/api/v1/files/{id}/link"), None).await;
    let thumb_url = link["thumbnailUrl"].as_str().expect("an image's link has a thumbnail");
    assert!(thumb_url.starts_with(&format!("/api/v1/files/{id}/thumbnail?expires=")), "{thumb_url}");
    let thumb = t.app.client.get(t.app.url(thumb_url)).send().await.unwrap();
    assert_eq!(thumb.status(), 200);
    assert_eq!(thumb.headers()["content-type"], "image/jpeg", "an opaque picture becomes a JPEG");
    assert_eq!(thumb.headers()["x-content-type-options"], "nosniff");
    assert!(thumb.headers()["cache-control"].to_str().unwrap().contains("max-age="));
    let bytes = thumb.bytes().await.unwrap();
    let small = image::load_from_memory(&bytes).unwrap();
    assert_eq!((small.width(), small.height()), (560, 420), "the longer side fits, the shape is kept");

    // Each link opens only what it was signed for: the raw link's signature does not open
    // the thumbnail, nor the other way round, and a changed one opens nothing.
    let raw_url = link["url"].as_str().unwrap();
    let raw_query = raw_url.split_once('?').unwrap().1;
    let thumb_query = thumb_url.split_once('?').unwrap().1;
    let swapped = format!("/api/v1/files/{id}/thumbnail?{raw_query}");
    assert_eq!(t.app.client.get(t.app.url(&swapped)).send().await.unwrap().status(), 403);
    let swapped = format!("/api/v1/files/{id}/raw?{thumb_query}");
    assert_eq!(t.app.client.get(t.app.url(&swapped)).send().await.unwrap().status(), 403);
    let tampered = thumb_url.replace("signature=", "signature=0");
    assert_eq!(t.app.client.get(t.app.url(&tampered)).send().await.unwrap().status(), 403);

    // Transparency is kept as a PNG; a picture already small is its own thumbnail; a PDF has
    // neither a thumbnail link nor a thumbnail.
    let logo = upload(&t, &t.user, "logo.png", "image/png", picture(1200, 300, true)).await;
    let logo_link = t.ok(&t.user, "GET", &format!("/api/v1/files/{}/link", logo["id"].as_str().unwrap()), None).await;
    let logo_thumb = t.app.client.get(t.app.url(logo_link["thumbnailUrl"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(logo_thumb.headers()["content-type"], "image/png");
    let icon_bytes = picture(100, 80, false);
    let icon = upload(&t, &t.user, "icon.png", "image/png", icon_bytes.clone()).await;
    let icon_link = t.ok(&t.user, "GET", &format!("/api/v1/files/{}/link", icon["id"].as_str().unwrap()), None).await;
    let icon_thumb = t.app.client.get(t.app.url(icon_link["thumbnailUrl"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(icon_thumb.headers()["content-type"], "image/png");
    assert_eq!(icon_thumb.bytes().await.unwrap().as_ref(), icon_bytes.as_slice());
    let pdf = upload(&t, &t.user, "cv.pdf", "application/pdf", b"%PDF-1.4".to_vec()).await;
    let pdf_link = t.ok(&t.user, "GET", &format!("/api/v1/files/{}/link", pdf["id"].as_str().unwrap()), None).await;
    assert!(pdf_link.get("thumbnailUrl").is_none());

    // The thumbnail lives beside the bytes and goes with them.
    let thumbs = |t: &Team| files_on_disk(t).into_iter().filter(|f| f.ends_with(".thumb")).count();
    assert_eq!(thumbs(&t), 2, "the photo and the logo; the icon needs none");
    t.ok(&t.user, "DELETE", &format!("/api/v1/files/{id}"), None).await;
    assert_eq!(thumbs(&t), 1);
    assert_eq!(t.app.client.get(t.app.url(thumb_url)).send().await.unwrap().status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_big_wrong_type_and_over_quota_leave_nothing_on_disk() {
    let mut config = test_config();
    config.files.max_upload_bytes = 1000;
    config.files.tenant_quota_bytes = 1500;
    let t = Team::with(config).await;
    let body = json!({"key": "big.pdf", "contentType": "application/pdf", "size": 5000});
    assert_eq!(t.status(&t.user, "POST", "/api/v1/files/presign", Some(body)).await, 413);
    for bad_type in ["text/html", "image/svg+xml", "application/x-msdownload"] {
        let body = json!({"key": "x", "contentType": bad_type});
        assert_eq!(t.status(&t.user, "POST", "/api/v1/files/presign", Some(body)).await, 415, "{bad_type}");
    }
    for bad_key in ["", "dir/", "..", "a\nb"] {
        let body = json!({"key": bad_key, "contentType": "text/plain"});
        assert_eq!(t.status(&t.user, "POST", "/api/v1/files/presign", Some(body)).await, 400, "{bad_key:?}");
    }
    let body = json!({"key": "x.png", "contentType": "image/png", "extra": 1});
    assert_eq!(t.status(&t.user, "POST", "/api/v1/files/presign", Some(body)).await, 400);
    let anonymous =
        call(&t.app, "POST", "/api/v1/files/presign", None, Some(json!({"key": "x", "contentType": "text/plain"})));
    assert_eq!(anonymous.await.status(), 401);

    // Over the limit, sent without a length: refused midway, nothing kept.
    let signed = presign(&t, &t.user, "big.pdf", "application/pdf").await;
    let url = signed["uploadUrl"].as_str().unwrap().to_string();
    let (status, body) = put_chunked(&t, &url, "application/pdf", &[b"%PDF-1.7 ", &[b'x'; 600], &[b'x'; 600]]).await;
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("payload_too_large"), "{body}");
    assert!(files_on_disk(&t).is_empty(), "{:?}", files_on_disk(&t));

    // HTML named .png: refused by its bytes.
    let signed = presign(&t, &t.user, "cat.png", "image/png").await;
    let html = b"<html><script>alert(1)</script></html>".to_vec();
    let refused = put(&t, signed["uploadUrl"].as_str().unwrap(), "image/png", html.clone()).await;
    assert_eq!(refused.status(), 415);
    let refused: Value = refused.json().await.unwrap();
    assert_eq!(refused["error"]["code"], "unsupported_media_type");
    assert_eq!(refused["error"]["message"], "The file's contents do not match its type.");
    let signed = presign(&t, &t.user, "notes.txt", "text/plain").await;
    assert_eq!(put(&t, signed["uploadUrl"].as_str().unwrap(), "text/plain", html).await.status(), 415);
    assert!(files_on_disk(&t).is_empty());

    // The quota: 900 bytes fit, 900 more do not.
    let first = presign(&t, &t.user, "a.txt", "text/plain").await;
    assert_eq!(put(&t, first["uploadUrl"].as_str().unwrap(), "text/plain", vec![b'a'; 900]).await.status(), 200);
    let second = presign(&t, &t.manager, "b.txt", "text/plain").await;
    let response = put(&t, second["uploadUrl"].as_str().unwrap(), "text/plain", vec![b'b'; 900]).await;
    assert_eq!(response.status(), 409);
    assert_eq!(files_on_disk(&t).len(), 1, "the refused one is not kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_may_read_and_delete_and_attachments_in_chat() {
    let t = Team::new().await;
    let signed = presign(&t, &t.user, "menu.pdf", "application/pdf").await;
    let file =
        data_of(put(&t, signed["uploadUrl"].as_str().unwrap(), "application/pdf", b"%PDF-1.4 menu".to_vec()).await)
            .await;
    let id = file["id"].as_str().unwrap().to_string();
    let meta = format!("/api/v1/files/{id}");
    assert_eq!(t.status(&t.outsider, "GET", &meta, None).await, 404, "another tenant's file");
    assert_eq!(t.status(&t.outsider, "GET", &format!("{meta}/content"), None).await, 404);
    assert_eq!(t.status(&t.outsider, "DELETE", &meta, None).await, 404);
    assert_eq!(t.status(&t.manager, "GET", &meta, None).await, 403, "not shared with them yet");
    assert_eq!(t.status(&t.manager, "GET", &format!("{meta}/link"), None).await, 403);
    assert_eq!(call(&t.app, "GET", &meta, None, None).await.status(), 401);

    // Sent in General: every member may read it; a PDF is a sandboxed download.
    let general = t.room(&t.user, "general").await;
    let path = format!("/api/v1/chat/channels/{general}/messages");
    let stranger_file = json!({"attachments": [id]});
    assert_eq!(t.status(&t.manager, "POST", &path, Some(stranger_file)).await, 404, "only one's own uploads");
    let sent = t.ok(&t.user, "POST", &path, Some(json!({"content": " ", "attachments": [id]}))).await;
    assert_eq!(sent["attachments"][0]["fileId"], id.as_str());
    assert_eq!(sent["attachments"][0]["name"], "menu.pdf");
    assert_eq!(t.status(&t.user, "POST", &path, Some(json!({"content": " "}))).await, 400, "blank without files");
    let content = call(&t.app, "GET", &format!("{meta}/content"), Some(&t.manager.access), None).await;
    assert_eq!(content.status(), 200);
    assert!(content.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    assert_eq!(content.headers()["content-security-policy"], "sandbox; default-src 'none'");
    let link = t.ok(&t.manager, "GET", &format!("{meta}/link"), None).await;
    let expires: i64 =
        link["url"].as_str().unwrap().split("expires=").nth(1).unwrap().split('&').next().unwrap().parse().unwrap();
    assert_eq!(expires - t.app.state.clock.now().as_second(), 60, "a minute for what is not an image");

    // Only the uploader (or tenant.manage) deletes; the bytes and the attachment go with it.
    assert_eq!(t.status(&t.manager, "DELETE", &meta, None).await, 403);
    t.ok(&t.user, "DELETE", &meta, None).await;
    assert_eq!(t.status(&t.user, "GET", &meta, None).await, 404);
    assert!(files_on_disk(&t).is_empty());
    let history = t.ok(&t.manager, "GET", &path, None).await;
    assert_eq!(history["items"][0]["attachments"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_picture_is_an_uploaded_image_everyone_at_work_sees() {
    let t = Team::new().await;
    let signed = presign(&t, &t.user, "me.png", "image/png").await;
    let picture = data_of(put(&t, signed["uploadUrl"].as_str().unwrap(), "image/png", PNG.to_vec()).await).await;
    let id = picture["id"].as_str().unwrap();
    let profile = t.ok(&t.user, "PUT", "/api/v1/auth/me/profile", Some(json!({"avatarFileId": id}))).await;
    assert_eq!(profile["avatarFileId"], id);
    let url = profile["avatar"].as_str().unwrap().to_string();
    assert!(url.starts_with(&format!("/api/v1/files/{id}/thumbnail?expires=")), "{url}");
    assert_eq!(t.app.client.get(t.app.url(&url)).send().await.unwrap().status(), 200);
    // Colleagues see it in the chat picker and may read it; another workplace may not.
    let people = t.ok(&t.manager, "GET", "/api/v1/chat/users", None).await;
    let me = people.as_array().unwrap().iter().find(|u| u["id"] == t.user.user_id.as_str()).unwrap().clone();
    assert_eq!(me["avatarUrl"].as_str(), Some(url.as_str()));
    assert!(me.get("avatarFileId").is_none());
    assert_eq!(t.status(&t.manager, "GET", &format!("/api/v1/files/{id}"), None).await, 200);
    assert_eq!(t.status(&t.outsider, "GET", &format!("/api/v1/files/{id}"), None).await, 404);

    // Only one's own image: a PDF is not a picture, a colleague's file is not there.
    let signed = presign(&t, &t.user, "cv.pdf", "application/pdf").await;
    let pdf =
        data_of(put(&t, signed["uploadUrl"].as_str().unwrap(), "application/pdf", b"%PDF-1.4".to_vec()).await).await;
    assert_eq!(
        t.status(&t.user, "PUT", "/api/v1/auth/me/profile", Some(json!({"avatarFileId": pdf["id"]}))).await,
        400
    );
    assert_eq!(t.status(&t.manager, "PUT", "/api/v1/auth/me/profile", Some(json!({"avatarFileId": id}))).await, 404);
    let cleared = t.ok(&t.user, "PUT", "/api/v1/auth/me/profile", Some(json!({"avatarFileId": null}))).await;
    assert!(cleared["avatar"].is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partial_uploads_a_crash_left_behind_are_removed_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let scratch = dir.path().join(".upload-tmp");
    std::fs::create_dir_all(&scratch).unwrap();
    std::fs::write(scratch.join("cut-off"), b"half a photo").unwrap();
    let app = crate::support::TestApp::spawn_in(dir, test_config()).await;
    assert_eq!(std::fs::read_dir(app.data_dir().join(".upload-tmp")).unwrap().count(), 0);
}
