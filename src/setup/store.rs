//! Instance-wide facts in `instance_settings`.

use rusqlite::{Connection, OptionalExtension};

use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::ApiResult;

const SETUP_COMPLETED_AT: &str = "setup_completed_at";
const SETUP_ORIGIN: &str = "setup_origin";

pub fn setup_completed(c: &Connection) -> ApiResult<bool> {
    Ok(c.prepare_cached("SELECT EXISTS (SELECT 1 FROM instance_settings WHERE key = ?1)")?
        .query_row([SETUP_COMPLETED_AT], |r| r.get(0))?)
}

/// Marks setup done; returns false when it already was (the caller lost the race).
pub fn mark_setup_completed(tx: &Tx<'_>, origin: Option<&str>, at: jiff::Timestamp) -> ApiResult<bool> {
    let at = format_ts(at);
    let inserted = tx
        .prepare_cached("INSERT OR IGNORE INTO instance_settings (key, value, updated_at) VALUES (?1, ?2, ?2)")?
        .execute((SETUP_COMPLETED_AT, &at))?;
    if inserted == 1
        && let Some(origin) = origin
    {
        tx.prepare_cached("INSERT OR REPLACE INTO instance_settings (key, value, updated_at) VALUES (?1, ?2, ?3)")?
            .execute((SETUP_ORIGIN, origin, &at))?;
    }
    Ok(inserted == 1)
}

/// The origin the owner used during setup: the default for links in e-mails (DESIGN §6).
pub fn setup_origin(c: &Connection) -> ApiResult<Option<String>> {
    Ok(c.prepare_cached("SELECT value FROM instance_settings WHERE key = ?1")?
        .query_row([SETUP_ORIGIN], |r| r.get(0))
        .optional()?)
}
