use rusqlite::{Connection, OptionalExtension, Row};

use super::model::{Logic, Rule, Segment, SmartGroup};
use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::{ApiError, ApiResult, Msg};
use crate::ids::{SegmentId, SmartGroupId, TenantId, UserId};

fn segment(r: &Row<'_>) -> rusqlite::Result<Segment> {
    Ok(Segment { id: r.get(0)?, name: r.get(1)?, description: r.get(2)?, created_at: r.get(3)?, updated_at: r.get(4)? })
}

pub fn segments(c: &Connection, tenant: &TenantId) -> ApiResult<Vec<Segment>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, name, description, created_at, updated_at FROM segments WHERE tenant_id = ?1 ORDER BY name_key, id",
    )?;
    Ok(stmt.query_map([tenant], segment)?.collect::<Result<_, _>>()?)
}

pub fn segment_by_id(c: &Connection, tenant: &TenantId, id: &SegmentId) -> ApiResult<Segment> {
    c.prepare_cached(
        "SELECT id, name, description, created_at, updated_at FROM segments WHERE tenant_id = ?1 AND id = ?2",
    )?
    .query_row((tenant, id), segment)
    .optional()?
    .ok_or(ApiError::NotFound)
}

fn segment_taken(e: rusqlite::Error) -> ApiError {
    match ApiError::from(e) {
        ApiError::Conflict(_) => ApiError::Conflict(Msg::SegmentNameTaken),
        other => other,
    }
}

pub fn insert_segment(
    tx: &Tx<'_>,
    tenant: &TenantId,
    id: &SegmentId,
    name: &str,
    description: Option<&str>,
    at: jiff::Timestamp,
) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO segments (id, tenant_id, name, name_key, description, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?
    .execute((id, tenant, name, name.to_lowercase(), description, format_ts(at)))
    .map_err(segment_taken)?;
    Ok(())
}

pub fn update_segment(
    tx: &Tx<'_>,
    tenant: &TenantId,
    id: &SegmentId,
    name: &str,
    description: Option<&str>,
    at: jiff::Timestamp,
) -> ApiResult<()> {
    tx.prepare_cached(
        "UPDATE segments SET name = ?3, name_key = ?4, description = ?5, updated_at = ?6 WHERE tenant_id = ?1 AND id = ?2",
    )?
    .execute((tenant, id, name, name.to_lowercase(), description, format_ts(at)))
    .map_err(segment_taken)?;
    Ok(())
}

/// Deletes an empty segment; one that holds groups is refused (409).
pub fn delete_segment(tx: &Tx<'_>, tenant: &TenantId, id: &SegmentId) -> ApiResult<()> {
    segment_by_id(tx, tenant, id)?;
    if tx.prepare_cached("SELECT 1 FROM smart_groups WHERE segment_id = ?1 LIMIT 1")?.exists([id])? {
        return Err(ApiError::Conflict(Msg::SegmentInUse));
    }
    tx.prepare_cached("DELETE FROM segments WHERE id = ?1")?.execute([id])?;
    Ok(())
}

const GROUP: &str =
    "SELECT id, segment_id, name, logic, rules, include_user_ids, exclude_user_ids, created_at, updated_at
    FROM smart_groups";

fn group(r: &Row<'_>) -> rusqlite::Result<SmartGroup> {
    let logic: String = r.get(3)?;
    let json = |i: usize| -> rusqlite::Result<String> { r.get(i) };
    Ok(SmartGroup {
        id: r.get(0)?,
        segment_id: r.get(1)?,
        name: r.get(2)?,
        logic: if logic == "or" { Logic::Or } else { Logic::And },
        rules: serde_json::from_str(&json(4)?).unwrap_or_default(),
        include_user_ids: serde_json::from_str(&json(5)?).unwrap_or_default(),
        exclude_user_ids: serde_json::from_str(&json(6)?).unwrap_or_default(),
        member_ids: Vec::new(),
        member_count: 0,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

fn with_members(c: &Connection, mut groups: Vec<SmartGroup>) -> ApiResult<Vec<SmartGroup>> {
    let mut stmt = c.prepare_cached(
        "SELECT m.user_id FROM smart_group_members m JOIN users u ON u.id = m.user_id
         WHERE m.group_id = ?1 ORDER BY lower(u.first_name), lower(u.last_name), u.id",
    )?;
    for g in &mut groups {
        g.member_ids = stmt.query_map([&g.id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        g.member_count = g.member_ids.len();
    }
    Ok(groups)
}

pub fn groups(c: &Connection, tenant: &TenantId) -> ApiResult<Vec<SmartGroup>> {
    let mut stmt = c.prepare_cached(&format!("{GROUP} WHERE tenant_id = ?1 ORDER BY name_key, id"))?;
    let groups = stmt.query_map([tenant], group)?.collect::<Result<_, _>>()?;
    with_members(c, groups)
}

pub fn group_by_id(c: &Connection, tenant: &TenantId, id: &SmartGroupId) -> ApiResult<SmartGroup> {
    let found = c
        .prepare_cached(&format!("{GROUP} WHERE tenant_id = ?1 AND id = ?2"))?
        .query_row((tenant, id), group)
        .optional()?
        .ok_or(ApiError::NotFound)?;
    Ok(with_members(c, vec![found])?.remove(0))
}

pub struct GroupFields<'a> {
    pub segment_id: &'a SegmentId,
    pub name: &'a str,
    pub logic: Logic,
    pub rules: &'a [Rule],
    pub include: &'a [UserId],
    pub exclude: &'a [UserId],
}

fn group_taken(e: rusqlite::Error) -> ApiError {
    match ApiError::from(e) {
        ApiError::Conflict(_) => ApiError::Conflict(Msg::GroupNameTaken),
        other => other,
    }
}

fn logic_text(logic: Logic) -> &'static str {
    match logic {
        Logic::And => "and",
        Logic::Or => "or",
    }
}

pub fn save_group(
    tx: &Tx<'_>,
    tenant: &TenantId,
    id: &SmartGroupId,
    g: &GroupFields<'_>,
    at: jiff::Timestamp,
) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO smart_groups (id, tenant_id, segment_id, name, name_key, logic, rules, include_user_ids,
             exclude_user_ids, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
         ON CONFLICT (id) DO UPDATE SET segment_id = ?3, name = ?4, name_key = ?5, logic = ?6, rules = ?7,
             include_user_ids = ?8, exclude_user_ids = ?9, updated_at = ?10",
    )?
    .execute((
        id,
        tenant,
        g.segment_id,
        g.name,
        g.name.to_lowercase(),
        logic_text(g.logic),
        json(g.rules),
        json(g.include),
        json(g.exclude),
        format_ts(at),
    ))
    .map_err(group_taken)?;
    Ok(())
}

/// A stored JSON column.
fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

pub fn delete_group(tx: &Tx<'_>, tenant: &TenantId, id: &SmartGroupId) -> ApiResult<()> {
    let n = tx.prepare_cached("DELETE FROM smart_groups WHERE tenant_id = ?1 AND id = ?2")?.execute((tenant, id))?;
    if n == 0 { Err(ApiError::NotFound) } else { Ok(()) }
}
