use rusqlite::Connection;

use crate::http::ApiResult;

pub fn ping(c: &Connection) -> ApiResult<()> {
    c.prepare_cached("SELECT 1")?.query_row([], |_| Ok(()))?;
    Ok(())
}
