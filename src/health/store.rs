use rusqlite::Connection;

use crate::http::ApiResult;

pub fn ping(c: &Connection) -> ApiResult<()> {
    c.prepare_cached("SELECT 1")?.query_row([], |_| Ok(()))?;
    Ok(())
}

pub fn schema_version(c: &Connection) -> ApiResult<i64> {
    Ok(c.prepare_cached("SELECT coalesce(max(version), 0) FROM refinery_schema_history")?
        .query_row([], |r| r.get(0))?)
}
