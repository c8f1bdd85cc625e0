use rusqlite::{Connection, OptionalExtension};

use super::model::{Closure, Location, OpeningHours, Organization};
use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::{ApiError, ApiResult};
use crate::ids::{LocationId, OrganizationId, TenantId};

pub struct NewOrganization<'a> {
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub address: Option<&'a str>,
}

pub fn insert_organization(
    tx: &Tx<'_>,
    tenant: &TenantId,
    id: &OrganizationId,
    org: &NewOrganization<'_>,
    at: jiff::Timestamp,
) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO organizations (id, tenant_id, name, email, phone, address, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?
    .execute((id, tenant, org.name, org.email, org.phone, org.address, format_ts(at)))?;
    Ok(())
}

pub struct NewLocation<'a> {
    pub name: &'a str,
    pub address: Option<&'a str>,
    pub timezone: &'a str,
    pub opening_hours: &'a [OpeningHours],
}

pub fn insert_location(
    tx: &Tx<'_>,
    tenant: &TenantId,
    org: &OrganizationId,
    id: &LocationId,
    location: &NewLocation<'_>,
    at: jiff::Timestamp,
) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO locations (id, tenant_id, organization_id, name, address, timezone, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?
    .execute((id, tenant, org, location.name, location.address, location.timezone, format_ts(at)))?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO opening_hours (location_id, tenant_id, day_of_week, open_time, close_time, is_closed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for day in location.opening_hours {
        let (open, close) =
            if day.is_closed { (None, None) } else { (day.open_time.as_deref(), day.close_time.as_deref()) };
        insert.execute((id, tenant, day.day_of_week, open, close, day.is_closed))?;
    }
    Ok(())
}

/// The tenant's stored setting values with their update times.
pub fn stored_settings(
    c: &rusqlite::Connection,
    tenant: &TenantId,
) -> ApiResult<std::collections::HashMap<String, (serde_json::Value, String)>> {
    let mut stmt = c.prepare_cached("SELECT key, value, updated_at FROM org_settings WHERE tenant_id = ?1")?;
    let rows =
        stmt.query_map([tenant], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    let mut map = std::collections::HashMap::new();
    for row in rows {
        let (key, value, at) = row?;
        if let Ok(value) = serde_json::from_str(&value) {
            map.insert(key, (value, at));
        }
    }
    Ok(map)
}

/// The stored integer settings among `keys` (the rest take their defaults at the caller).
pub fn stored_ints(
    c: &rusqlite::Connection,
    tenant: &TenantId,
    keys: &[&str],
) -> ApiResult<std::collections::HashMap<String, i64>> {
    let keys = crate::db::json_array(keys.iter().copied());
    let mut stmt = c.prepare_cached(
        "SELECT key, value FROM org_settings WHERE tenant_id = ?1 AND key IN (SELECT value FROM json_each(?2))",
    )?;
    let rows = stmt.query_map((tenant, keys), |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut map = std::collections::HashMap::new();
    for row in rows {
        let (key, value) = row?;
        if let Ok(n) = value.trim().parse::<i64>() {
            map.insert(key, n);
        }
    }
    Ok(map)
}

pub fn save_setting(
    tx: &Tx<'_>,
    tenant: &TenantId,
    key: &str,
    value: &serde_json::Value,
    by: &crate::ids::UserId,
    at: jiff::Timestamp,
) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO org_settings (tenant_id, key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (tenant_id, key) DO UPDATE SET value = ?3, updated_at = ?4, updated_by = ?5",
    )?
    .execute((tenant, key, value.to_string(), format_ts(at), by))?;
    Ok(())
}

fn organization_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Organization> {
    Ok(Organization {
        id: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
        phone: r.get(3)?,
        address: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

const ORGANIZATION: &str = "SELECT id, name, email, phone, address, created_at, updated_at FROM organizations";

pub fn organizations(c: &Connection, tenant: &TenantId) -> ApiResult<Vec<Organization>> {
    let mut stmt = c.prepare_cached(&format!("{ORGANIZATION} WHERE tenant_id = ?1 ORDER BY created_at, id"))?;
    let rows = stmt.query_map([tenant], organization_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One of the tenant's organizations; another tenant's is not found.
pub fn organization(c: &Connection, tenant: &TenantId, id: &OrganizationId) -> ApiResult<Organization> {
    c.prepare_cached(&format!("{ORGANIZATION} WHERE tenant_id = ?1 AND id = ?2"))?
        .query_row((tenant, id), organization_row)
        .optional()?
        .ok_or(ApiError::NotFound)
}

pub struct OrganizationChange<'a> {
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub address: Option<&'a str>,
}

/// Saves the business details. The first organization's name is also the workplace's name.
pub fn update_organization(
    tx: &Tx<'_>,
    tenant: &TenantId,
    id: &OrganizationId,
    change: &OrganizationChange<'_>,
    at: jiff::Timestamp,
) -> ApiResult<()> {
    let at = format_ts(at);
    let n = tx
        .prepare_cached(
            "UPDATE organizations SET name = ?3, email = ?4, phone = ?5, address = ?6, updated_at = ?7
             WHERE tenant_id = ?1 AND id = ?2",
        )?
        .execute((tenant, id, change.name, change.email, change.phone, change.address, &at))?;
    if n == 0 {
        return Err(ApiError::NotFound);
    }
    let first: OrganizationId = tx
        .prepare_cached("SELECT id FROM organizations WHERE tenant_id = ?1 ORDER BY created_at, id LIMIT 1")?
        .query_row([tenant], |r| r.get(0))?;
    if &first == id {
        tx.prepare_cached("UPDATE tenants SET name = ?2, updated_at = ?3 WHERE id = ?1")?.execute((
            tenant,
            change.name,
            &at,
        ))?;
    }
    Ok(())
}

fn hours_of(c: &Connection, location: &LocationId) -> ApiResult<Vec<OpeningHours>> {
    let mut stmt = c.prepare_cached(
        "SELECT day_of_week, open_time, close_time, is_closed FROM opening_hours WHERE location_id = ?1 ORDER BY day_of_week",
    )?;
    let rows = stmt.query_map([location], |r| {
        Ok(OpeningHours { day_of_week: r.get(0)?, open_time: r.get(1)?, close_time: r.get(2)?, is_closed: r.get(3)? })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

const LOCATION: &str = "SELECT id, organization_id, name, address, timezone, created_at, updated_at FROM locations";

fn location_rows(c: &Connection, sql: &str, params: impl rusqlite::Params) -> ApiResult<Vec<Location>> {
    let mut stmt = c.prepare_cached(sql)?;
    let rows = stmt.query_map(params, |r| {
        Ok(Location {
            id: r.get(0)?,
            organization_id: r.get(1)?,
            name: r.get(2)?,
            address: r.get(3)?,
            timezone: r.get(4)?,
            opening_hours: Vec::new(),
            closures: Vec::new(),
            created_at: r.get(5)?,
            updated_at: r.get(6)?,
        })
    })?;
    let mut locations: Vec<Location> = rows.collect::<Result<_, _>>()?;
    for location in &mut locations {
        location.opening_hours = hours_of(c, &location.id)?;
        location.closures = closures_of(c, &location.id)?;
    }
    Ok(locations)
}

/// The organization's locations, oldest first (the first is the tenant's home location).
pub fn locations(c: &Connection, tenant: &TenantId, org: &OrganizationId) -> ApiResult<Vec<Location>> {
    location_rows(
        c,
        &format!("{LOCATION} WHERE tenant_id = ?1 AND organization_id = ?2 ORDER BY created_at, id"),
        (tenant, org),
    )
}

pub fn location(c: &Connection, tenant: &TenantId, org: &OrganizationId, id: &LocationId) -> ApiResult<Location> {
    location_rows(
        c,
        &format!("{LOCATION} WHERE tenant_id = ?1 AND organization_id = ?2 AND id = ?3"),
        (tenant, org, id),
    )?
    .into_iter()
    .next()
    .ok_or(ApiError::NotFound)
}

/// The tenant's first location (the one setup made): its zone is the tenant's.
pub fn first_location(c: &Connection, tenant: &TenantId) -> ApiResult<Option<Location>> {
    Ok(location_rows(c, &format!("{LOCATION} WHERE tenant_id = ?1 ORDER BY created_at, id LIMIT 1"), [tenant])?
        .into_iter()
        .next())
}

pub struct LocationChange<'a> {
    pub name: &'a str,
    pub address: Option<&'a str>,
    pub timezone: &'a str,
    /// The weekdays to replace.
    pub opening_hours: &'a [OpeningHours],
}

pub fn update_location(
    tx: &Tx<'_>,
    tenant: &TenantId,
    org: &OrganizationId,
    id: &LocationId,
    change: &LocationChange<'_>,
    at: jiff::Timestamp,
) -> ApiResult<()> {
    let n = tx
        .prepare_cached(
            "UPDATE locations SET name = ?4, address = ?5, timezone = ?6, updated_at = ?7
             WHERE tenant_id = ?1 AND organization_id = ?2 AND id = ?3",
        )?
        .execute((tenant, org, id, change.name, change.address, change.timezone, format_ts(at)))?;
    if n == 0 {
        return Err(ApiError::NotFound);
    }
    let mut upsert = tx.prepare_cached(
        "INSERT INTO opening_hours (location_id, tenant_id, day_of_week, open_time, close_time, is_closed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (location_id, day_of_week) DO UPDATE SET open_time = ?4, close_time = ?5, is_closed = ?6",
    )?;
    for day in change.opening_hours {
        let (open, close) =
            if day.is_closed { (None, None) } else { (day.open_time.as_deref(), day.close_time.as_deref()) };
        upsert.execute((id, tenant, day.day_of_week, open, close, day.is_closed))?;
    }
    Ok(())
}

fn closures_of(c: &Connection, location: &LocationId) -> ApiResult<Vec<Closure>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, from_date, to_date, note FROM location_closures WHERE location_id = ?1 ORDER BY from_date, id",
    )?;
    let rows =
        stmt.query_map([location], |r| Ok(Closure { id: r.get(0)?, from: r.get(1)?, to: r.get(2)?, note: r.get(3)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Replaces a location's closures.
pub fn replace_closures(tx: &Tx<'_>, tenant: &TenantId, location: &LocationId, closures: &[Closure]) -> ApiResult<()> {
    tx.prepare_cached("DELETE FROM location_closures WHERE location_id = ?1")?.execute([location])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO location_closures (id, tenant_id, location_id, from_date, to_date, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for closure in closures {
        insert.execute((&closure.id, tenant, location, &closure.from, &closure.to, &closure.note))?;
    }
    Ok(())
}

/// A location of the tenant, whatever its organization.
pub fn location_of_tenant(c: &Connection, tenant: &TenantId, id: &LocationId) -> ApiResult<Location> {
    location_rows(c, &format!("{LOCATION} WHERE tenant_id = ?1 AND id = ?2"), (tenant, id))?
        .into_iter()
        .next()
        .ok_or(ApiError::NotFound)
}

/// Every location of the tenant, oldest first.
pub fn tenant_locations(c: &Connection, tenant: &TenantId) -> ApiResult<Vec<Location>> {
    location_rows(c, &format!("{LOCATION} WHERE tenant_id = ?1 ORDER BY created_at, id"), [tenant])
}

/// Deletes a location no schedule uses; the last one stays.
pub fn delete_location(tx: &Tx<'_>, tenant: &TenantId, org: &OrganizationId, id: &LocationId) -> ApiResult<()> {
    location(tx, tenant, org, id)?;
    let count: i64 =
        tx.prepare_cached("SELECT count(*) FROM locations WHERE tenant_id = ?1")?.query_row([tenant], |r| r.get(0))?;
    if count <= 1 {
        return Err(ApiError::Conflict(crate::http::Msg::LastLocation));
    }
    if tx.prepare_cached("SELECT 1 FROM schedules WHERE location_id = ?1 LIMIT 1")?.exists([id])? {
        return Err(ApiError::Conflict(crate::http::Msg::LocationInUse));
    }
    tx.prepare_cached("DELETE FROM locations WHERE id = ?1")?.execute([id])?;
    Ok(())
}
