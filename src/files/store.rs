//! Files' SQL.

use rusqlite::{Connection, OptionalExtension, Row};

use super::model::FileView;
use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::{ApiError, ApiResult};
use crate::ids::{FileId, TenantId, UserId};

/// A file's row with the facts its checks need.
#[derive(Debug, Clone)]
pub struct FileRow {
    pub view: FileView,
    pub tenant_id: TenantId,
    pub max_size: u64,
}

const COLUMNS: &str =
    "id, name, content_type, size, sha256, status, uploaded_by, created_at, stored_at, tenant_id, max_size";

fn row(r: &Row<'_>) -> rusqlite::Result<FileRow> {
    Ok(FileRow {
        view: FileView {
            id: r.get(0)?,
            name: r.get(1)?,
            content_type: r.get(2)?,
            size: r.get::<_, Option<i64>>(3)?.map(|n| n.max(0) as u64),
            sha256: r.get(4)?,
            status: r.get(5)?,
            uploaded_by: r.get(6)?,
            created_at: r.get(7)?,
            stored_at: r.get(8)?,
        },
        tenant_id: r.get(9)?,
        max_size: r.get::<_, i64>(10)?.max(0) as u64,
    })
}

/// Any tenant's file (signed URLs carry their tenant in the signature).
pub fn get_any(c: &Connection, id: &FileId) -> ApiResult<FileRow> {
    c.prepare_cached(&format!("SELECT {COLUMNS} FROM files WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?
        .ok_or(ApiError::NotFound)
}

/// A file of the tenant; 404 for another tenant's.
pub fn get(c: &Connection, tenant: &TenantId, id: &FileId) -> ApiResult<FileRow> {
    let file = get_any(c, id)?;
    if &file.tenant_id != tenant {
        return Err(ApiError::NotFound);
    }
    Ok(file)
}

pub struct NewFile<'a> {
    pub id: &'a FileId,
    pub uploaded_by: &'a UserId,
    pub name: &'a str,
    pub content_type: &'a str,
    pub max_size: u64,
}

pub fn insert(tx: &Tx<'_>, tenant: &TenantId, f: &NewFile<'_>, now: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO files (id, tenant_id, uploaded_by, name, content_type, max_size, status, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7)",
    )?
    .execute((f.id, tenant, f.uploaded_by, f.name, f.content_type, f.max_size as i64, format_ts(now)))?;
    Ok(())
}

/// Forgets uploads that were announced and never sent (their URLs expired long ago).
pub fn prune_pending(tx: &Tx<'_>, now: jiff::Timestamp) -> ApiResult<usize> {
    let cutoff = format_ts(now - jiff::SignedDuration::from_hours(24));
    Ok(tx.prepare_cached("DELETE FROM files WHERE status = 'pending' AND created_at < ?1")?.execute([cutoff])?)
}

/// Bytes the tenant stores now.
pub fn stored_bytes(c: &Connection, tenant: &TenantId) -> ApiResult<u64> {
    Ok(c.prepare_cached("SELECT coalesce(sum(size), 0) FROM files WHERE tenant_id = ?1 AND status = 'stored'")?
        .query_row([tenant], |r| r.get::<_, i64>(0))?
        .max(0) as u64)
}

pub fn mark_stored(tx: &Tx<'_>, id: &FileId, size: u64, sha256: &str, now: jiff::Timestamp) -> ApiResult<bool> {
    Ok(tx
        .prepare_cached(
            "UPDATE files SET status = 'stored', size = ?2, sha256 = ?3, stored_at = ?4 WHERE id = ?1 AND status = 'pending'",
        )?
        .execute((id, size as i64, sha256, format_ts(now)))?
        == 1)
}

/// May `user` read the file: they uploaded it, it is someone's picture in their workplace, or
/// it is attached to a message of a channel they are in.
pub fn readable_by(c: &Connection, file: &FileId, user: &UserId) -> ApiResult<bool> {
    Ok(c.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM files WHERE id = ?1 AND uploaded_by = ?2)
             OR EXISTS (SELECT 1 FROM users u JOIN users me ON me.id = ?2 AND me.tenant_id = u.tenant_id
                        WHERE u.avatar_file_id = ?1)
             OR EXISTS (SELECT 1 FROM chat_attachments a JOIN chat_messages m ON m.seq = a.message_seq
                        JOIN chat_members cm ON cm.channel_id = m.channel_id AND cm.user_id = ?2
                        WHERE a.file_id = ?1)",
    )?
    .query_row((file, user), |r| r.get(0))?)
}

/// Deletes the row; messages that carried the file lose it from their attachments.
pub fn delete(tx: &Tx<'_>, id: &FileId) -> ApiResult<()> {
    tx.prepare_cached(
        "UPDATE chat_messages SET attachments = coalesce((SELECT json_group_array(json(j.value)) FROM json_each(attachments) j
             WHERE json_extract(j.value, '$.fileId') <> ?1), '[]')
         WHERE seq IN (SELECT message_seq FROM chat_attachments WHERE file_id = ?1)",
    )?
    .execute([id])?;
    tx.prepare_cached("DELETE FROM files WHERE id = ?1")?.execute([id])?;
    Ok(())
}
