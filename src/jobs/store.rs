use rusqlite::{Connection, OptionalExtension, Row};

use super::model::Job;
use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::{ApiError, ApiResult, Msg};
use crate::ids::{JobId, TenantId};

const COLUMNS: &str = "id, name, code, description, color, hourly_rate, active, created_at, updated_at";

fn job(r: &Row<'_>) -> rusqlite::Result<Job> {
    Ok(Job {
        id: r.get(0)?,
        name: r.get(1)?,
        code: r.get(2)?,
        description: r.get(3)?,
        color: r.get(4)?,
        hourly_rate: r.get(5)?,
        active: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

pub struct Filter<'a> {
    pub active: Option<bool>,
    pub text: Option<&'a str>,
}

/// One page of the tenant's jobs by name, and how many match in all.
pub fn page(
    c: &Connection,
    tenant: &TenantId,
    filter: &Filter<'_>,
    limit: u32,
    offset: i64,
) -> ApiResult<(Vec<Job>, u64)> {
    let like = filter.text.map(crate::db::like_pattern);
    let condition = "tenant_id = ?1 AND (?2 IS NULL OR active = ?2)
         AND (?3 IS NULL OR name_key LIKE ?3 ESCAPE '\\' OR lower(coalesce(code, '')) LIKE ?3 ESCAPE '\\')";
    let total: i64 = c
        .prepare_cached(&format!("SELECT count(*) FROM jobs WHERE {condition}"))?
        .query_row((tenant, filter.active, &like), |r| r.get(0))?;
    let total = total as u64;
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM jobs WHERE {condition} ORDER BY name_key, id LIMIT ?4 OFFSET ?5"
    ))?;
    let items = stmt.query_map((tenant, filter.active, &like, limit, offset), job)?.collect::<Result<_, _>>()?;
    Ok((items, total))
}

pub fn get(c: &Connection, tenant: &TenantId, id: &JobId) -> ApiResult<Job> {
    c.prepare_cached(&format!("SELECT {COLUMNS} FROM jobs WHERE tenant_id = ?1 AND id = ?2"))?
        .query_row((tenant, id), job)
        .optional()?
        .ok_or(ApiError::NotFound)
}

/// Every job of the tenant, active or not (the board colours old shifts too).
pub fn all(c: &Connection, tenant: &TenantId) -> ApiResult<Vec<Job>> {
    let mut stmt =
        c.prepare_cached(&format!("SELECT {COLUMNS} FROM jobs WHERE tenant_id = ?1 ORDER BY name_key, id"))?;
    Ok(stmt.query_map([tenant], job)?.collect::<Result<_, _>>()?)
}

pub fn count(c: &Connection, tenant: &TenantId) -> ApiResult<u64> {
    let n: i64 =
        c.prepare_cached("SELECT count(*) FROM jobs WHERE tenant_id = ?1")?.query_row([tenant], |r| r.get(0))?;
    Ok(n as u64)
}

/// Whether every id is a job of the tenant.
pub fn all_exist(c: &Connection, tenant: &TenantId, ids: &[JobId]) -> ApiResult<bool> {
    let mut stmt = c.prepare_cached("SELECT 1 FROM jobs WHERE tenant_id = ?1 AND id = ?2")?;
    for id in ids {
        if !stmt.exists((tenant, id))? {
            return Ok(false);
        }
    }
    Ok(true)
}

pub struct JobFields<'a> {
    pub name: &'a str,
    pub code: Option<&'a str>,
    pub description: Option<&'a str>,
    pub color: &'a str,
    pub hourly_rate: Option<i64>,
    pub active: bool,
}

fn name_taken(error: ApiError) -> ApiError {
    match error {
        ApiError::Conflict(_) => ApiError::Conflict(Msg::JobNameTaken),
        other => other,
    }
}

pub fn insert(tx: &Tx<'_>, tenant: &TenantId, id: &JobId, job: &JobFields<'_>, at: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO jobs (id, tenant_id, name, name_key, code, description, color, hourly_rate, active, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )?
    .execute((
        id,
        tenant,
        job.name,
        job.name.to_lowercase(),
        job.code,
        job.description,
        job.color,
        job.hourly_rate,
        job.active,
        format_ts(at),
    ))
    .map_err(|e| name_taken(e.into()))?;
    Ok(())
}

pub fn update(tx: &Tx<'_>, tenant: &TenantId, id: &JobId, job: &JobFields<'_>, at: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached(
        "UPDATE jobs SET name = ?3, name_key = ?4, code = ?5, description = ?6, color = ?7, hourly_rate = ?8,
                active = ?9, updated_at = ?10
         WHERE tenant_id = ?1 AND id = ?2",
    )?
    .execute((
        tenant,
        id,
        job.name,
        job.name.to_lowercase(),
        job.code,
        job.description,
        job.color,
        job.hourly_rate,
        job.active,
        format_ts(at),
    ))
    .map_err(|e| name_taken(e.into()))?;
    Ok(())
}

/// Whether any shift (deleted ones too: they are kept for history) names the job.
pub fn in_use(c: &Connection, id: &JobId) -> ApiResult<bool> {
    Ok(c.prepare_cached("SELECT 1 FROM shifts WHERE job_id = ?1 LIMIT 1")?.exists([id])?)
}

/// Deletes the job; a job that shifts name is refused with 409.
pub fn delete(tx: &Tx<'_>, tenant: &TenantId, id: &JobId) -> ApiResult<()> {
    get(tx, tenant, id)?;
    if in_use(tx, id)? {
        return Err(ApiError::Conflict(Msg::JobInUse));
    }
    tx.prepare_cached("DELETE FROM jobs WHERE tenant_id = ?1 AND id = ?2")?.execute((tenant, id))?;
    Ok(())
}
