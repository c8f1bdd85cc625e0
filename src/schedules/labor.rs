//! Scheduled hours and cost (DESIGN §12): minutes × the member's rate for the job, else their
//! hourly rate, else the job's rate; money in minor units of the workplace's currency.

use std::collections::{BTreeMap, HashMap};

use rusqlite::Connection;

use super::model::{Labor, PersonLabor};
use super::store::ShiftRow;
use crate::http::ApiResult;
use crate::ids::{JobId, TenantId, UserId};

pub fn currency(c: &Connection, tenant: &TenantId) -> ApiResult<String> {
    let stored = crate::orgs::store::stored_settings(c, tenant)?;
    Ok(stored.get("general.currency").and_then(|(v, _)| v.as_str().map(str::to_string)).unwrap_or_else(|| "EUR".into()))
}

/// Cost of `minutes` at `rate` per hour, rounded to the nearest minor unit.
fn cost(minutes: i64, rate: i64) -> i64 {
    (minutes * rate + 30) / 60
}

pub fn of(c: &Connection, tenant: &TenantId, rows: &[ShiftRow]) -> ApiResult<Labor> {
    let people: Vec<UserId> = {
        let mut p: Vec<UserId> = rows.iter().filter_map(|r| r.core.assigned_user_id.clone()).collect();
        p.sort();
        p.dedup();
        p
    };
    let members: HashMap<UserId, crate::members::model::Member> =
        crate::members::store::some(c, tenant, &people)?.into_iter().map(|m| (m.id.clone(), m)).collect();
    let job_rates: HashMap<JobId, Option<i64>> =
        crate::jobs::store::all(c, tenant)?.into_iter().map(|j| (j.id, j.hourly_rate)).collect();
    let mut per: BTreeMap<UserId, (i64, i64)> = BTreeMap::new();
    let mut open_minutes = 0;
    for row in rows {
        let minutes = row.core.paid_minutes();
        let Some(user) = &row.core.assigned_user_id else {
            open_minutes += minutes * row.core.slots;
            continue;
        };
        let member = members.get(user);
        let job_rate = row.core.job_id.as_ref().and_then(|j| job_rates.get(j).copied().flatten());
        let rate = row
            .core
            .job_id
            .as_ref()
            .and_then(|j| member.and_then(|m| m.job_rates.get(j).copied()))
            .or_else(|| member.and_then(|m| m.hourly_rate))
            .or(job_rate)
            .unwrap_or(0);
        let entry = per.entry(user.clone()).or_default();
        entry.0 += minutes;
        entry.1 += cost(minutes, rate);
    }
    let people: Vec<PersonLabor> = per
        .into_iter()
        .map(|(user, (minutes, cost))| PersonLabor {
            max_hours_per_week: members.get(&user).and_then(|m| m.max_hours_per_week),
            user_id: user,
            minutes,
            cost,
        })
        .collect();
    Ok(Labor {
        currency: currency(c, tenant)?,
        total_minutes: people.iter().map(|p| p.minutes).sum(),
        total_cost: people.iter().map(|p| p.cost).sum(),
        open_minutes,
        people,
    })
}
