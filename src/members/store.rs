use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, OptionalExtension, Row};

use super::model::Member;
use crate::access::Role;
use crate::clock::format_ts;
use crate::db::{Tx, json_array};
use crate::http::{ApiError, ApiResult};
use crate::ids::{JobId, LocationId, TenantId, UserId};
use crate::users::model::UserStatus;

const COLUMNS: &str = "u.id, u.first_name, u.last_name, u.email, u.role, u.status, coalesce(f.on_rota, 1),
    f.hourly_rate, f.max_hours_per_week, f.min_rest_hours, f.notes";
const FROM: &str = "users u LEFT JOIN member_facts f ON f.user_id = u.id";

fn member(r: &Row<'_>) -> rusqlite::Result<Member> {
    let role: String = r.get(4)?;
    let status: String = r.get(5)?;
    Ok(Member {
        id: r.get(0)?,
        first_name: r.get(1)?,
        last_name: r.get(2)?,
        email: r.get(3)?,
        role: Role::parse(&role).unwrap_or(Role::User),
        status: UserStatus::parse(&status).unwrap_or(UserStatus::Inactive),
        on_rota: r.get(6)?,
        hourly_rate: r.get(7)?,
        max_hours_per_week: r.get(8)?,
        min_rest_hours: r.get(9)?,
        notes: r.get(10)?,
        job_ids: Vec::new(),
        job_rates: BTreeMap::new(),
        location_ids: Vec::new(),
    })
}

/// Fills in the jobs and locations of `members` (two queries for the whole list).
fn with_lists(c: &Connection, mut members: Vec<Member>) -> ApiResult<Vec<Member>> {
    if members.is_empty() {
        return Ok(members);
    }
    let index: HashMap<UserId, usize> = members.iter().enumerate().map(|(i, m)| (m.id.clone(), i)).collect();
    let ids = json_array(members.iter().map(|m| m.id.as_str()));
    let mut jobs = c.prepare_cached(
        "SELECT user_id, job_id, rate FROM member_jobs WHERE user_id IN (SELECT value FROM json_each(?1))
         ORDER BY user_id, job_id",
    )?;
    for row in
        jobs.query_map([&ids], |r| Ok((r.get::<_, UserId>(0)?, r.get::<_, JobId>(1)?, r.get::<_, Option<i64>>(2)?)))?
    {
        let (user, job, rate) = row?;
        if let Some(&i) = index.get(&user) {
            if let Some(rate) = rate {
                members[i].job_rates.insert(job.clone(), rate);
            }
            members[i].job_ids.push(job);
        }
    }
    let mut places = c.prepare_cached(
        "SELECT user_id, location_id FROM member_locations WHERE user_id IN (SELECT value FROM json_each(?1))
         ORDER BY user_id, location_id",
    )?;
    for row in places.query_map([&ids], |r| Ok((r.get::<_, UserId>(0)?, r.get::<_, LocationId>(1)?)))? {
        let (user, location) = row?;
        if let Some(&i) = index.get(&user) {
            members[i].location_ids.push(location);
        }
    }
    Ok(members)
}

/// What the conflict engine needs of a person.
pub struct RotaFacts {
    pub status: UserStatus,
    pub on_rota: bool,
    pub max_hours_per_week: Option<i64>,
    pub min_rest_hours: Option<i64>,
    pub job_ids: Vec<JobId>,
}

/// The rota facts of these people who are the tenant's (any status), by id.
pub fn rota_facts(c: &Connection, tenant: &TenantId, ids: &[&UserId]) -> ApiResult<HashMap<UserId, RotaFacts>> {
    let list = json_array(ids.iter().map(|id| id.as_str()));
    let mut out = HashMap::with_capacity(ids.len());
    let mut stmt = c.prepare_cached(
        "SELECT u.id, u.status, coalesce(f.on_rota, 1), f.max_hours_per_week, f.min_rest_hours
         FROM json_each(?2) p CROSS JOIN users u ON u.id = p.value LEFT JOIN member_facts f ON f.user_id = u.id
         WHERE u.tenant_id = ?1",
    )?;
    let rows = stmt.query_map((tenant, &list), |r| {
        let status: String = r.get(1)?;
        Ok((
            r.get::<_, UserId>(0)?,
            RotaFacts {
                status: UserStatus::parse(&status).unwrap_or(UserStatus::Inactive),
                on_rota: r.get(2)?,
                max_hours_per_week: r.get(3)?,
                min_rest_hours: r.get(4)?,
                job_ids: Vec::new(),
            },
        ))
    })?;
    for row in rows {
        let (id, facts) = row?;
        out.insert(id, facts);
    }
    let mut jobs =
        c.prepare_cached("SELECT user_id, job_id FROM member_jobs WHERE user_id IN (SELECT value FROM json_each(?1))")?;
    for row in jobs.query_map([&list], |r| Ok((r.get::<_, UserId>(0)?, r.get::<_, JobId>(1)?)))? {
        let (user, job) = row?;
        if let Some(facts) = out.get_mut(&user) {
            facts.job_ids.push(job);
        }
    }
    Ok(out)
}

pub struct Filter<'a> {
    pub on_rota: Option<bool>,
    pub text: Option<&'a str>,
}

/// A page of the tenant's active users by name.
pub fn page(
    c: &Connection,
    tenant: &TenantId,
    f: &Filter<'_>,
    limit: u32,
    offset: i64,
) -> ApiResult<(Vec<Member>, u64)> {
    let like = f.text.map(crate::db::like_pattern);
    let condition = "u.tenant_id = ?1 AND u.status = 'active' AND (?2 IS NULL OR coalesce(f.on_rota, 1) = ?2)
        AND (?3 IS NULL OR lower(u.first_name || ' ' || u.last_name) LIKE ?3 ESCAPE '\\')";
    let total: i64 = c
        .prepare_cached(&format!("SELECT count(*) FROM {FROM} WHERE {condition}"))?
        .query_row((tenant, f.on_rota, &like), |r| r.get(0))?;
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE {condition}
         ORDER BY lower(u.first_name), lower(u.last_name), u.id LIMIT ?4 OFFSET ?5"
    ))?;
    let members = stmt.query_map((tenant, f.on_rota, &like, limit, offset), member)?.collect::<Result<Vec<_>, _>>()?;
    Ok((with_lists(c, members)?, total as u64))
}

/// Every active user of the tenant with their facts (the board's rows, the rules' input).
pub fn all_active(c: &Connection, tenant: &TenantId) -> ApiResult<Vec<Member>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE u.tenant_id = ?1 AND u.status = 'active'
         ORDER BY lower(u.first_name), lower(u.last_name), u.id"
    ))?;
    let members = stmt.query_map([tenant], member)?.collect::<Result<Vec<_>, _>>()?;
    with_lists(c, members)
}

/// The given people with their facts, any status (a shift can name someone since deactivated),
/// by id.
pub fn some(c: &Connection, tenant: &TenantId, ids: &[UserId]) -> ApiResult<Vec<Member>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM json_each(?2) p CROSS JOIN users u ON u.id = p.value
             LEFT JOIN member_facts f ON f.user_id = u.id
         WHERE u.tenant_id = ?1 ORDER BY u.id"
    ))?;
    let members =
        stmt.query_map((tenant, json_array(ids.iter().map(UserId::as_str))), member)?.collect::<Result<Vec<_>, _>>()?;
    with_lists(c, members)
}

/// One user of the tenant as a member (any status: an invited person can be prepared).
pub fn get(c: &Connection, tenant: &TenantId, id: &UserId) -> ApiResult<Member> {
    let found = c
        .prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE u.tenant_id = ?1 AND u.id = ?2"))?
        .query_row((tenant, id), member)
        .optional()?
        .ok_or(ApiError::NotFound)?;
    Ok(with_lists(c, vec![found])?.remove(0))
}

pub fn save_facts(tx: &Tx<'_>, tenant: &TenantId, m: &Member, at: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO member_facts (user_id, tenant_id, on_rota, hourly_rate, max_hours_per_week, min_rest_hours, notes, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (user_id) DO UPDATE SET on_rota = ?3, hourly_rate = ?4, max_hours_per_week = ?5,
             min_rest_hours = ?6, notes = ?7, updated_at = ?8",
    )?
    .execute((&m.id, tenant, m.on_rota, m.hourly_rate, m.max_hours_per_week, m.min_rest_hours, &m.notes, format_ts(at)))?;
    tx.prepare_cached("DELETE FROM member_jobs WHERE user_id = ?1")?.execute([&m.id])?;
    let mut job =
        tx.prepare_cached("INSERT INTO member_jobs (user_id, job_id, tenant_id, rate) VALUES (?1, ?2, ?3, ?4)")?;
    for id in &m.job_ids {
        job.execute((&m.id, id, tenant, m.job_rates.get(id)))?;
    }
    tx.prepare_cached("DELETE FROM member_locations WHERE user_id = ?1")?.execute([&m.id])?;
    let mut place =
        tx.prepare_cached("INSERT INTO member_locations (user_id, location_id, tenant_id) VALUES (?1, ?2, ?3)")?;
    for id in &m.location_ids {
        place.execute((&m.id, id, tenant))?;
    }
    Ok(())
}

/// The users of the tenant who hold `schedules.write` (through their role or profile).
pub fn planners(c: &Connection, tenant: &TenantId) -> ApiResult<Vec<UserId>> {
    let mut stmt = c.prepare_cached(
        "SELECT u.id, u.role, u.profile_id FROM users u WHERE u.tenant_id = ?1 AND u.status = 'active' ORDER BY u.id",
    )?;
    let rows = stmt
        .query_map([tenant], |r| Ok((r.get::<_, UserId>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut codes =
        c.prepare_cached("SELECT 1 FROM profile_permissions WHERE profile_id = ?1 AND code = 'schedules.write'")?;
    let mut out = Vec::new();
    for (id, role, profile) in rows {
        let allowed = match profile {
            Some(p) => codes.exists([p])?,
            None => Role::parse(&role).is_some_and(|r| r.allows("schedules.write")),
        };
        if allowed {
            out.push(id);
        }
    }
    Ok(out)
}
