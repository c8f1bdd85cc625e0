use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

use super::model::{SetupHub, SetupTask, TaskCode, TaskStatus};
use crate::clock::format_ts;
use crate::db::Tx;
use crate::http::ApiResult;
use crate::ids::{TenantId, UserId};

pub fn hub(c: &Connection, tenant: &TenantId) -> ApiResult<SetupHub> {
    let mut stmt =
        c.prepare_cached("SELECT code, status, auto, updated_at FROM setup_hub_tasks WHERE tenant_id = ?1")?;
    let rows = stmt.query_map([tenant], |r| {
        Ok((r.get::<_, String>(0)?, (r.get::<_, String>(1)?, r.get::<_, bool>(2)?, r.get::<_, String>(3)?)))
    })?;
    let stored: HashMap<String, (String, bool, String)> = rows.collect::<Result<_, _>>()?;
    let tasks: Vec<SetupTask> = TaskCode::ALL
        .into_iter()
        .map(|code| {
            let row = stored.get(code.as_str());
            SetupTask {
                code,
                status: row.map_or(TaskStatus::Pending, |(s, _, _)| TaskStatus::parse(s)),
                auto_detected: row.is_some_and(|(_, auto, _)| *auto),
                updated_at: row.map(|(_, _, at)| at.clone()),
                link: code.link(),
            }
        })
        .collect();
    let completed_at: Option<String> = c
        .prepare_cached("SELECT completed_at FROM setup_hub WHERE tenant_id = ?1")?
        .query_row([tenant], |r| r.get(0))
        .optional()?;
    Ok(SetupHub {
        done: tasks.iter().filter(|t| t.status != TaskStatus::Pending).count(),
        total: tasks.len(),
        tasks,
        completed_at,
    })
}

/// Sets a task's status. `by` is `None` for auto-check.
pub fn set_task(
    tx: &Tx<'_>,
    tenant: &TenantId,
    code: TaskCode,
    status: TaskStatus,
    by: Option<&UserId>,
    at: jiff::Timestamp,
) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO setup_hub_tasks (tenant_id, code, status, auto, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (tenant_id, code) DO UPDATE SET status = ?3, auto = ?4, updated_at = ?5, updated_by = ?6",
    )?
    .execute((tenant, code.as_str(), status.as_str(), by.is_none(), format_ts(at), by))?;
    Ok(())
}

pub fn complete(tx: &Tx<'_>, tenant: &TenantId, by: &UserId, at: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO setup_hub (tenant_id, completed_at, completed_by) VALUES (?1, ?2, ?3)
         ON CONFLICT (tenant_id) DO NOTHING",
    )?
    .execute((tenant, format_ts(at), by))?;
    Ok(())
}

/// What the data says is done, task by task (auto-check). `mail_configured` comes from the
/// caller: the operator's config is not in the database.
pub fn detect(c: &Connection, tenant: &TenantId, mail_configured: bool) -> ApiResult<Vec<TaskCode>> {
    let (details, hours, people, schedule, published): (bool, bool, i64, bool, bool) = c
        .prepare_cached(
            "SELECT
               EXISTS (SELECT 1 FROM organizations WHERE tenant_id = ?1 AND name <> ''
                       AND (email IS NOT NULL OR phone IS NOT NULL) AND address IS NOT NULL),
               EXISTS (SELECT 1 FROM opening_hours WHERE tenant_id = ?1 AND is_closed = 0),
               (SELECT count(*) FROM users WHERE tenant_id = ?1 AND status <> 'inactive'),
               EXISTS (SELECT 1 FROM schedules WHERE tenant_id = ?1),
               EXISTS (SELECT 1 FROM shifts WHERE tenant_id = ?1 AND status = 'published')",
        )?
        .query_row([tenant], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
    let mut done = Vec::new();
    if details {
        done.push(TaskCode::BusinessDetails);
    }
    if hours {
        done.push(TaskCode::OpeningHours);
    }
    if mail_configured {
        done.push(TaskCode::Email);
    }
    if people > 1 {
        done.push(TaskCode::InviteTeam);
    }
    if schedule {
        done.push(TaskCode::FirstSchedule);
    }
    if published {
        done.push(TaskCode::PublishWeek);
    }
    Ok(done)
}
