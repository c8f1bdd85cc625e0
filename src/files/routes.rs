//! File routes: presign, the signed upload, metadata, content (with the bearer token or a
//! signed link) and delete.

use std::path::PathBuf;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::model::{Deleted, FileView, Presign, Presigned, Signature, SignedLink, UploadHeaders, file_name};
use super::sign;
use super::sniff::{self, BUILT_IN, IMAGE_TYPES};
use super::store::{self, FileRow, NewFile};
use super::thumbnail;
use crate::access::perm::{self, Permission};
use crate::auth::{Member, Principal};
use crate::clock::format_ts;
use crate::http::{ApiError, ApiJson, ApiOk, ApiPath, ApiQuery, ApiResult, Created, Envelope, Msg};
use crate::ids::FileId;
use crate::state::AppState;

/// How long a presigned upload URL works.
const UPLOAD_TTL: i64 = 15 * 60;
/// A signed link to a file that is not an image.
const DOWNLOAD_TTL: i64 = 60;
/// A signed link to an image: a day, counted from the start of the hour.
const IMAGE_TTL: i64 = 24 * 3600;

fn file_id(text: &str) -> ApiResult<FileId> {
    FileId::parse(text).ok_or(ApiError::NotFound)
}

/// Where a stored file's bytes are: under the data dir, at a path made of two ids only.
fn stored_path(app: &AppState, file: &FileRow) -> PathBuf {
    app.data_dir.join("uploads").join(file.tenant_id.as_str()).join(file.view.id.as_str())
}

fn allowed_type(app: &AppState, content_type: &str) -> bool {
    BUILT_IN.contains(&content_type)
        || app.config.files.extra_types.iter().any(|t| t.eq_ignore_ascii_case(content_type))
}

fn upload_parts(file: &FileRow, expires: i64) -> [String; 6] {
    [
        "PUT".into(),
        file.view.id.to_string(),
        file.tenant_id.to_string(),
        file.max_size.to_string(),
        file.view.content_type.clone(),
        expires.to_string(),
    ]
}

/// What a signed `GET` link gives: the file's bytes, or its thumbnail.
#[derive(Clone, Copy)]
enum Read {
    Raw,
    Thumbnail,
}

impl Read {
    fn method(self) -> &'static str {
        match self {
            Read::Raw => "GET",
            Read::Thumbnail => "GET thumbnail",
        }
    }

    fn route(self) -> &'static str {
        match self {
            Read::Raw => "raw",
            Read::Thumbnail => "thumbnail",
        }
    }
}

fn download_parts(read: Read, tenant: &crate::ids::TenantId, id: &FileId, expires: i64) -> [String; 4] {
    [read.method().into(), id.to_string(), tenant.to_string(), expires.to_string()]
}

/// A signed URL for a file's bytes or thumbnail until `expires` (unix seconds).
fn signed_url(app: &AppState, read: Read, tenant: &crate::ids::TenantId, id: &FileId, expires: i64) -> String {
    let signature = signed(app, &download_parts(read, tenant, id, expires));
    format!("/api/v1/files/{id}/{}?expires={expires}&signature={signature}", read.route())
}

/// An image link's expiry: a day from the start of the hour, so the same URL is handed out
/// all hour and browsers cache it.
fn image_expiry(app: &AppState) -> i64 {
    let now = app.clock.now().as_second();
    now - now.rem_euclid(3600) + IMAGE_TTL
}

fn signed(app: &AppState, parts: &[String]) -> String {
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    sign::sign(&app.secrets.jwt_key, &parts)
}

fn check_signature(app: &AppState, parts: &[String], query: &Signature) -> ApiResult<()> {
    let list: Vec<&str> = parts.iter().map(String::as_str).collect();
    if !sign::verify(&app.secrets.jwt_key, &list, &query.signature) || query.expires < app.clock.now().as_second() {
        return Err(ApiError::Forbidden);
    }
    Ok(())
}

fn timestamp(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds).map(format_ts).unwrap_or_default()
}

/// Announces an upload and answers a signed `PUT` URL on this server for its bytes (seed 000's
/// presign, local in place of S3).
#[utoipa::path(post, path = "/api/v1/files/presign", tag = "files", request_body = Presign,
    responses((status = 201, body = Envelope<Presigned>), (status = 413, description = "larger than the upload limit"),
        (status = 415, description = "a content type that is not accepted")),
    security(("bearer" = [])))]
pub async fn presign(
    State(app): State<AppState>,
    caller: Member<perm::FilesUpload>,
    ApiJson(body): ApiJson<Presign>,
) -> ApiResult<Created<Presigned>> {
    let name = file_name(&body.key).ok_or_else(|| ApiError::validation("key", Msg::FieldInvalid))?;
    let content_type = body.content_type.trim().to_ascii_lowercase();
    if !allowed_type(&app, &content_type) {
        return Err(ApiError::UnsupportedMediaType(Msg::FileTypeRefused));
    }
    let max_size = app.config.files.max_upload_bytes;
    if body.size.is_some_and(|s| s > max_size) {
        return Err(ApiError::PayloadTooLarge);
    }
    let (tenant, user, now, id) = (caller.tenant().clone(), caller.user.clone(), app.clock.now(), FileId::generate());
    let file = app
        .db
        .write(move |tx| {
            store::prune_pending(tx, now)?;
            let new = NewFile { id: &id, uploaded_by: &user, name: &name, content_type: &content_type, max_size };
            store::insert(tx, &tenant, &new, now)?;
            store::get(tx, &tenant, &id)
        })
        .await?;
    let expires = app.clock.now().as_second() + UPLOAD_TTL;
    let signature = signed(&app, &upload_parts(&file, expires));
    let id = file.view.id.clone();
    Ok(Created(Presigned {
        key: format!("{}/{}", file.tenant_id, id),
        upload_url: format!("/api/v1/files/{id}/upload?expires={expires}&signature={signature}"),
        method: "PUT".into(),
        headers: UploadHeaders { content_type: file.view.content_type.clone() },
        max_size,
        expires_at: timestamp(expires),
        file_id: id,
        file: file.view,
    }))
}

/// Removes a half-written upload when dropped (an error, a dropped connection).
struct TempFile(Option<PathBuf>);

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The bytes of a presigned upload, streamed to disk: over the limit 413 (nothing kept), bytes
/// that are not the declared type 415, an expired or changed URL 403.
#[utoipa::path(put, path = "/api/v1/files/{id}/upload", tag = "files", params(("id" = String, Path), Signature),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the raw bytes, with the presigned Content-Type"),
    responses((status = 200, body = Envelope<FileView>), (status = 403, description = "the URL expired or was changed"),
        (status = 409, description = "already uploaded, or the workplace's storage is full"),
        (status = 413, description = "larger than the upload limit"), (status = 415, description = "the bytes are not of the declared type")))]
pub async fn upload(
    State(app): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<Signature>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<ApiOk<FileView>> {
    let id = file_id(&id)?;
    let file = app.db.read(move |c| store::get_any(c, &id)).await?;
    check_signature(&app, &upload_parts(&file, query.expires), &query)?;
    if file.view.status != "pending" {
        return Err(ApiError::Conflict(Msg::FileStored));
    }
    let sent_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let sent_type = sent_type.split(';').next().unwrap_or_default().trim();
    if !sent_type.eq_ignore_ascii_case(&file.view.content_type) {
        return Err(ApiError::UnsupportedMediaType(Msg::FileTypeHeader));
    }
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > file.max_size) {
        return Err(ApiError::PayloadTooLarge);
    }

    let work = app.data_dir.join(super::SCRATCH_DIR);
    tokio::fs::create_dir_all(&work).await.map_err(ApiError::internal)?;
    let temp_path = work.join(format!("{}-{}", file.view.id, FileId::generate()));
    let temp = TempFile(Some(temp_path.clone()));
    let mut out = tokio::fs::File::create(&temp_path).await.map_err(ApiError::internal)?;
    let (mut size, mut hasher, mut head) = (0u64, Sha256::new(), Vec::with_capacity(16));
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| ApiError::validation("body", Msg::FieldInvalid))?;
        size += chunk.len() as u64;
        if size > file.max_size {
            return Err(ApiError::PayloadTooLarge);
        }
        if head.len() < 16 {
            head.extend_from_slice(&chunk[..chunk.len().min(16 - head.len())]);
        }
        hasher.update(&chunk);
        out.write_all(&chunk).await.map_err(ApiError::internal)?;
    }
    out.sync_all().await.map_err(ApiError::internal)?;
    drop(out);
    let kind = file.view.content_type.as_str();
    let matches = match kind {
        "text/plain" => sniff::is_plain_text(&tokio::fs::read(&temp_path).await.map_err(ApiError::internal)?),
        k if BUILT_IN.contains(&k) => sniff::detect(&head) == Some(k),
        // Operator-added types are taken as sent and only ever served as downloads.
        _ => true,
    };
    if !matches {
        return Err(ApiError::UnsupportedMediaType(Msg::FileBytesNotType));
    }
    let sha256 = hex::encode(hasher.finalize());
    let target = stored_path(&app, &file);
    if let Some(dir) = target.parent() {
        tokio::fs::create_dir_all(dir).await.map_err(ApiError::internal)?;
    }
    tokio::fs::rename(&temp_path, &target).await.map_err(ApiError::internal)?;
    let mut temp = temp;
    temp.0 = Some(target.clone());
    let (tenant, id, now, quota) =
        (file.tenant_id.clone(), file.view.id.clone(), app.clock.now(), app.config.files.tenant_quota_bytes);
    let stored = app
        .db
        .write(move |tx| {
            if store::stored_bytes(tx, &tenant)? + size > quota {
                return Err(ApiError::Conflict(Msg::FileQuotaFull));
            }
            if !store::mark_stored(tx, &id, size, &sha256, now)? {
                return Err(ApiError::Conflict(Msg::FileStored));
            }
            store::get(tx, &tenant, &id)
        })
        .await?;
    // Committed: the bytes stay.
    temp.0 = None;
    if thumbnail::SHRUNK.contains(&stored.view.content_type.as_str())
        && let Err(e) = thumbnail::make(target).await
    {
        // The picture stays readable as it is; it just has no smaller copy.
        tracing::info!("no thumbnail for an uploaded image: {e}");
    }
    Ok(ApiOk(stored.view))
}

/// A stored file of the caller's tenant they may read (uploaded it, or it is in a channel of
/// theirs); another tenant's 404, a colleague's private one 403.
async fn readable(app: &AppState, caller: &Principal, id: &str) -> ApiResult<FileRow> {
    let (id, tenant, user) = (file_id(id)?, caller.tenant().clone(), caller.user.clone());
    app.db
        .read(move |c| {
            let file = store::get(c, &tenant, &id)?;
            if !store::readable_by(c, &id, &user)? {
                return Err(ApiError::Forbidden);
            }
            Ok(file)
        })
        .await
}

#[utoipa::path(get, path = "/api/v1/files/{id}", tag = "files", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<FileView>)), security(("bearer" = [])))]
pub async fn get(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<FileView>> {
    Ok(ApiOk(readable(&app, &caller, &id).await?.view))
}

/// The bytes, as a browser may safely take them: the stored type, `nosniff`, images inline and
/// everything else as a sandboxed download.
async fn serve(app: &AppState, file: &FileRow, cache: HeaderValue) -> ApiResult<Response> {
    if file.view.status != "stored" {
        return Err(ApiError::NotFound);
    }
    let handle = tokio::fs::File::open(stored_path(app, file)).await.map_err(|_| ApiError::NotFound)?;
    respond(handle, &file.view.content_type, file.view.size, &file.view.name, cache)
}

/// An image's thumbnail, or the image itself when it has none (it is small already).
async fn serve_thumbnail(app: &AppState, file: &FileRow, cache: HeaderValue) -> ApiResult<Response> {
    if file.view.status != "stored" || !IMAGE_TYPES.contains(&file.view.content_type.as_str()) {
        return Err(ApiError::NotFound);
    }
    let path = thumbnail::path_for(&stored_path(app, file));
    let Ok(mut handle) = tokio::fs::File::open(&path).await else {
        return serve(app, file, cache).await;
    };
    use tokio::io::{AsyncReadExt, AsyncSeekExt};
    let mut head = [0u8; 8];
    let read = handle.read(&mut head).await.map_err(ApiError::internal)?;
    handle.rewind().await.map_err(ApiError::internal)?;
    let size = handle.metadata().await.map_err(ApiError::internal)?.len();
    // A thumbnail is a PNG or a JPEG, as it was written.
    let kind = sniff::detect(&head[..read]).unwrap_or("image/jpeg");
    respond(handle, kind, Some(size), &file.view.name, cache)
}

fn respond(
    handle: tokio::fs::File,
    content_type: &str,
    size: Option<u64>,
    name: &str,
    cache: HeaderValue,
) -> ApiResult<Response> {
    let stream = futures_util::stream::unfold(handle, |mut handle| async move {
        use tokio::io::AsyncReadExt;
        let mut buf = vec![0u8; 64 * 1024];
        match handle.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(axum::body::Bytes::from(buf)), handle))
            }
            Err(e) => Some((Err(e), handle)),
        }
    });
    let image = IMAGE_TYPES.contains(&content_type);
    let encoded: String = form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>().replace('+', "%20");
    let disposition = format!("{}; filename*=UTF-8''{encoded}", if image { "inline" } else { "attachment" });
    let mut response = Response::new(Body::from_stream(stream));
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_str(content_type).map_err(ApiError::internal)?);
    if let Some(size) = size {
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    }
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(ApiError::internal)?);
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CACHE_CONTROL, cache);
    if !image {
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'"));
    }
    Ok(response)
}

/// The bytes, with the bearer token.
#[utoipa::path(get, path = "/api/v1/files/{id}/content", tag = "files", params(("id" = String, Path)),
    responses((status = 200, description = "the file's bytes", content_type = "application/octet-stream")),
    security(("bearer" = [])))]
pub async fn content(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let file = readable(&app, &caller, &id).await?;
    serve(&app, &file, HeaderValue::from_static("private, no-cache")).await
}

/// A signed link an `<img>` (or a download) can use without the bearer token.
#[utoipa::path(get, path = "/api/v1/files/{id}/link", tag = "files", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<SignedLink>)), security(("bearer" = [])))]
pub async fn link(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<SignedLink>> {
    let file = readable(&app, &caller, &id).await?;
    if file.view.status != "stored" {
        return Err(ApiError::NotFound);
    }
    let (tenant, id) = (&file.tenant_id, &file.view.id);
    let image = IMAGE_TYPES.contains(&file.view.content_type.as_str());
    let expires = if image { image_expiry(&app) } else { app.clock.now().as_second() + DOWNLOAD_TTL };
    Ok(ApiOk(SignedLink {
        url: signed_url(&app, Read::Raw, tenant, id, expires),
        thumbnail_url: image.then(|| signed_url(&app, Read::Thumbnail, tenant, id, expires)),
        expires_at: timestamp(expires),
    }))
}

/// A signed link to an image's thumbnail (an avatar): valid a day from the start of the hour,
/// so the same URL is handed out all hour and browsers cache it.
pub fn image_url(app: &AppState, tenant: &crate::ids::TenantId, id: &FileId) -> String {
    signed_url(app, Read::Thumbnail, tenant, id, image_expiry(app))
}

/// For a profile picture: a stored image the caller uploaded; 404 otherwise.
pub fn own_image(
    c: &rusqlite::Connection,
    tenant: &crate::ids::TenantId,
    user: &crate::ids::UserId,
    id: &FileId,
) -> ApiResult<()> {
    let file = own_stored(c, tenant, user, std::slice::from_ref(id))?.remove(0);
    if !IMAGE_TYPES.contains(&file.content_type.as_str()) {
        return Err(ApiError::validation("avatarFileId", Msg::FieldInvalid));
    }
    Ok(())
}

/// The bytes through a signed link; images may be cached until the link expires.
#[utoipa::path(get, path = "/api/v1/files/{id}/raw", tag = "files", params(("id" = String, Path), Signature),
    responses((status = 200, description = "the file's bytes", content_type = "application/octet-stream"),
        (status = 403, description = "the link expired or was changed")))]
pub async fn raw(
    State(app): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<Signature>,
) -> ApiResult<Response> {
    let (file, cache) = signed_read(&app, Read::Raw, &id, &query).await?;
    serve(&app, &file, cache).await
}

/// An image's thumbnail through a signed link (the image itself when it is small already);
/// cached until the link expires.
#[utoipa::path(get, path = "/api/v1/files/{id}/thumbnail", tag = "files", params(("id" = String, Path), Signature),
    responses((status = 200, description = "a JPEG or PNG of at most 560 px a side", content_type = "image/jpeg"),
        (status = 403, description = "the link expired or was changed"), (status = 404, description = "not an image, or not there")))]
pub async fn thumbnail(
    State(app): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<Signature>,
) -> ApiResult<Response> {
    let (file, cache) = signed_read(&app, Read::Thumbnail, &id, &query).await?;
    serve_thumbnail(&app, &file, cache).await
}

/// The file a signed link names, once its signature and expiry hold, and how long it may be cached.
async fn signed_read(app: &AppState, read: Read, id: &str, query: &Signature) -> ApiResult<(FileRow, HeaderValue)> {
    let id = file_id(id)?;
    let file = app.db.read(move |c| store::get_any(c, &id)).await?;
    check_signature(app, &download_parts(read, &file.tenant_id, &file.view.id, query.expires), query)?;
    let left = (query.expires - app.clock.now().as_second()).max(0);
    let cache = HeaderValue::from_str(&format!("private, max-age={left}, immutable")).map_err(ApiError::internal)?;
    Ok((file, cache))
}

/// Deletes a file and its bytes: its uploader, or a `tenant.manage` holder. Messages that
/// carried it no longer do.
#[utoipa::path(delete, path = "/api/v1/files/{id}", tag = "files", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<Deleted>)), security(("bearer" = [])))]
pub async fn delete(
    State(app): State<AppState>,
    caller: Member<perm::ChatUse>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<ApiOk<Deleted>> {
    let (id, principal) = (file_id(&id)?, caller.principal.clone());
    let file = app
        .db
        .write(move |tx| {
            let file = store::get(tx, principal.tenant(), &id)?;
            let own = file.view.uploaded_by.as_ref() == Some(&principal.user);
            if !own && !principal.allows(perm::TenantManage::CODE) {
                return Err(ApiError::Forbidden);
            }
            store::delete(tx, &id)?;
            Ok(file)
        })
        .await?;
    // After commit: a failed removal leaves bytes nobody can reach, never a row without them.
    let bytes = stored_path(&app, &file);
    for path in [thumbnail::path_for(&bytes), bytes] {
        if let Err(e) = tokio::fs::remove_file(path).await
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!("removing the bytes of a deleted file: {e}");
        }
    }
    Ok(ApiOk(Deleted { deleted: true }))
}

/// For chat: the stored files of `ids`, each uploaded by `user` in `tenant`; 404 otherwise.
pub fn own_stored(
    c: &rusqlite::Connection,
    tenant: &crate::ids::TenantId,
    user: &crate::ids::UserId,
    ids: &[FileId],
) -> ApiResult<Vec<FileView>> {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        let file = store::get(c, tenant, id)?;
        if file.view.status != "stored" || file.view.uploaded_by.as_ref() != Some(user) {
            return Err(ApiError::NotFound);
        }
        found.push(file.view);
    }
    Ok(found)
}
