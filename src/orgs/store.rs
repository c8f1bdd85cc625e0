use super::model::OpeningHours;
use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::ApiResult;
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
