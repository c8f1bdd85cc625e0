//! The SQL of the time clock: settings, punches, and the entries rebuilt from the punches.

use rusqlite::{Connection, OptionalExtension, Row};

use super::model::{Break, ClockSettings, Punch, TimeEntry};
use super::rules;
use super::sequence::{self, Action, Fate, Step};
use crate::clock::format_ts;
use crate::db::Tx;
use crate::fixed::SecondText;
use crate::http::{ApiError, ApiResult};
use crate::ids::{JobId, LocationId, PunchId, ShiftId, TenantId, UserId};

// ---- settings --------------------------------------------------------------------------------

pub fn defaults(location: &LocationId) -> ClockSettings {
    ClockSettings {
        location_id: location.clone(),
        latitude: None,
        longitude: None,
        geofence_meters: None,
        early_minutes: 15,
        round_minutes: 0,
        missed_grace_minutes: 60,
    }
}

/// The location's rules (the defaults until a manager sets them).
pub fn settings(c: &Connection, location: &LocationId) -> ApiResult<ClockSettings> {
    Ok(c.prepare_cached(
        "SELECT latitude, longitude, geofence_meters, early_minutes, round_minutes, missed_grace_minutes
         FROM clock_settings WHERE location_id = ?1",
    )?
    .query_row([location], |r| {
        Ok(ClockSettings {
            location_id: location.clone(),
            latitude: r.get(0)?,
            longitude: r.get(1)?,
            geofence_meters: r.get(2)?,
            early_minutes: r.get(3)?,
            round_minutes: r.get(4)?,
            missed_grace_minutes: r.get(5)?,
        })
    })
    .optional()?
    .unwrap_or_else(|| defaults(location)))
}

pub fn put_settings(tx: &Tx<'_>, tenant: &TenantId, s: &ClockSettings, now: jiff::Timestamp) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO clock_settings (location_id, tenant_id, latitude, longitude, geofence_meters, early_minutes,
             round_minutes, missed_grace_minutes, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (location_id) DO UPDATE SET latitude = ?3, longitude = ?4, geofence_meters = ?5,
             early_minutes = ?6, round_minutes = ?7, missed_grace_minutes = ?8, updated_at = ?9",
    )?
    .execute((
        &s.location_id,
        tenant,
        s.latitude,
        s.longitude,
        s.geofence_meters,
        s.early_minutes,
        s.round_minutes,
        s.missed_grace_minutes,
        format_ts(now),
    ))?;
    Ok(())
}

// ---- shifts the clock matches ---------------------------------------------------------------

/// A published shift of the person, as the clock needs it.
#[derive(Debug, Clone)]
pub struct WorkedShift {
    pub id: ShiftId,
    pub starts_at: i64,
    pub ends_at: i64,
    pub location_id: LocationId,
    pub job_id: Option<JobId>,
}

const WORKED: &str = "SELECT s.id, s.starts_at, s.ends_at, sc.location_id, s.job_id
    FROM shifts s JOIN schedules sc ON sc.id = s.schedule_id";

fn worked(r: &Row<'_>) -> rusqlite::Result<WorkedShift> {
    Ok(WorkedShift {
        id: r.get(0)?,
        starts_at: r.get(1)?,
        ends_at: r.get(2)?,
        location_id: r.get(3)?,
        job_id: r.get(4)?,
    })
}

/// How long before a shift's start a clock-in is still matched to it (the early rule then
/// decides whether it is allowed).
const MATCH_BEFORE: i64 = 4 * 3600;

/// The person's published shift around `at`: started (or starting within four hours) and not
/// ended; the one starting nearest to `at`.
pub fn shift_around(c: &Connection, tenant: &TenantId, user: &UserId, at: i64) -> ApiResult<Option<WorkedShift>> {
    Ok(c.prepare_cached(&format!(
        "{WORKED} WHERE s.published_user_id = ?1 AND s.tenant_id = ?2 AND s.status = 'published'
             AND s.deleted_at IS NULL AND s.starts_at <= ?3 + ?4 AND s.ends_at > ?3
         ORDER BY abs(s.starts_at - ?3), s.id LIMIT 1"
    ))?
    .query_row((user, tenant, at, MATCH_BEFORE), worked)
    .optional()?)
}

/// One of the person's own published shifts; anyone else's (or another tenant's) is not found.
pub fn own_shift(c: &Connection, tenant: &TenantId, user: &UserId, id: &ShiftId) -> ApiResult<WorkedShift> {
    c.prepare_cached(&format!(
        "{WORKED} WHERE s.id = ?1 AND s.tenant_id = ?2 AND s.published_user_id = ?3 AND s.status = 'published'
             AND s.deleted_at IS NULL"
    ))?
    .query_row((id, tenant, user), worked)
    .optional()?
    .ok_or(ApiError::NotFound)
}

// ---- punches ---------------------------------------------------------------------------------

pub struct NewPunchRow<'a> {
    pub id: &'a PunchId,
    pub user: &'a UserId,
    pub client_id: &'a str,
    pub action: Action,
    pub at: i64,
    pub offline: bool,
    pub location_id: Option<&'a LocationId>,
    pub job_id: Option<&'a JobId>,
    pub shift_id: Option<&'a ShiftId>,
    pub clock_id: Option<&'a str>,
    pub geo: Option<super::model::Geo>,
    pub rule_flag: Option<&'static str>,
}

/// Stores a punch; answers its `seq` (its place among punches of the same second).
pub fn insert_punch(tx: &Tx<'_>, tenant: &TenantId, p: &NewPunchRow<'_>, now: jiff::Timestamp) -> ApiResult<i64> {
    tx.prepare_cached(
        "INSERT INTO clock_punches (id, tenant_id, user_id, client_id, action, at, received_at, offline, location_id,
             job_id, shift_id, clock_id, latitude, longitude, accuracy, rule_flag)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(rusqlite::params![
        p.id,
        tenant,
        p.user,
        p.client_id,
        p.action.as_str(),
        p.at,
        format_ts(now),
        p.offline,
        p.location_id,
        p.job_id,
        p.shift_id,
        p.clock_id,
        p.geo.map(|g| g.latitude),
        p.geo.map(|g| g.longitude),
        p.geo.and_then(|g| g.accuracy),
        p.rule_flag,
    ])?;
    Ok(tx.last_insert_rowid())
}

const PUNCH: &str = "SELECT id, action, at, received_at, offline, client_id, location_id, job_id, shift_id, clock_id,
    rule_flag, sequence_flag, entry_id FROM clock_punches";

fn punch(r: &Row<'_>) -> rusqlite::Result<Punch> {
    let action: String = r.get(1)?;
    let flags = [r.get::<_, Option<String>>(10)?, r.get::<_, Option<String>>(11)?].into_iter().flatten().collect();
    Ok(Punch {
        id: r.get(0)?,
        action: Action::parse(&action).unwrap_or(Action::In),
        at: SecondText::utc(r.get(2)?),
        received_at: r.get(3)?,
        offline: r.get(4)?,
        client_id: r.get(5)?,
        location_id: r.get(6)?,
        job_id: r.get(7)?,
        shift_id: r.get(8)?,
        clock_id: r.get(9)?,
        flags,
        entry_id: r.get(12)?,
    })
}

/// The person's punch with this client id, if they sent it before.
pub fn punch_by_client(c: &Connection, user: &UserId, client_id: &str) -> ApiResult<Option<Punch>> {
    Ok(c.prepare_cached(&format!("{PUNCH} WHERE user_id = ?1 AND client_id = ?2"))?
        .query_row((user, client_id), punch)
        .optional()?)
}

pub fn punch_by_id(c: &Connection, id: &PunchId) -> ApiResult<Punch> {
    c.prepare_cached(&format!("{PUNCH} WHERE id = ?1"))?.query_row([id], punch).optional()?.ok_or(ApiError::NotFound)
}

// ---- entries ---------------------------------------------------------------------------------

const ENTRY: &str = "SELECT id, location_id, job_id, shift_id, clock_in_at, clock_in_rounded, clock_out_at,
    clock_out_rounded, missed_out_at FROM time_entries";

fn entry_at(c: &Connection, r: &Row<'_>, now: i64) -> ApiResult<TimeEntry> {
    let id: PunchId = r.get(0)?;
    let breaks: Vec<(i64, Option<i64>)> = c
        .prepare_cached("SELECT started_at, ended_at FROM time_breaks WHERE entry_id = ?1 ORDER BY started_at")?
        .query_map([&id], |b| Ok((b.get(0)?, b.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let (in_rounded, out_rounded): (i64, Option<i64>) = (r.get(5)?, r.get(7)?);
    let break_seconds: i64 = breaks.iter().map(|(s, e)| e.unwrap_or(now).max(*s) - s).sum();
    let worked = (out_rounded.unwrap_or(now) - in_rounded - break_seconds).max(0);
    Ok(TimeEntry {
        id,
        location_id: r.get(1)?,
        job_id: r.get(2)?,
        shift_id: r.get(3)?,
        clock_in_at: SecondText::utc(r.get(4)?),
        clock_in_rounded_at: SecondText::utc(in_rounded),
        clock_out_at: r.get::<_, Option<i64>>(6)?.map(SecondText::utc),
        clock_out_rounded_at: out_rounded.map(SecondText::utc),
        breaks: breaks
            .iter()
            .map(|(s, e)| Break { started_at: SecondText::utc(*s), ended_at: e.map(SecondText::utc) })
            .collect(),
        break_minutes: break_seconds / 60,
        worked_minutes: worked / 60,
        missed_clock_out: r.get::<_, Option<String>>(8)?.is_some(),
    })
}

fn one_entry(c: &Connection, sql: &str, user: &UserId, now: i64) -> ApiResult<Option<TimeEntry>> {
    let mut stmt = c.prepare_cached(sql)?;
    let mut rows = stmt.query([user])?;
    match rows.next()? {
        Some(r) => Ok(Some(entry_at(c, r, now)?)),
        None => Ok(None),
    }
}

/// The person's open entry, if clocked in.
pub fn open_entry(c: &Connection, user: &UserId, now: i64) -> ApiResult<Option<TimeEntry>> {
    one_entry(
        c,
        &format!("{ENTRY} WHERE user_id = ?1 AND clock_out_at IS NULL ORDER BY clock_in_at DESC LIMIT 1"),
        user,
        now,
    )
}

/// The person's last closed entry.
pub fn last_closed(c: &Connection, user: &UserId, now: i64) -> ApiResult<Option<TimeEntry>> {
    one_entry(
        c,
        &format!("{ENTRY} WHERE user_id = ?1 AND clock_out_at IS NOT NULL ORDER BY clock_in_at DESC LIMIT 1"),
        user,
        now,
    )
}

struct Replayed {
    seq: i64,
    id: PunchId,
    location_id: Option<LocationId>,
    job_id: Option<JobId>,
    shift_id: Option<ShiftId>,
}

/// The (clock-in, seq) of the person's first entry, in punch order, not finished by the punch
/// (`at`, `seq`): entries do not overlap, so it is the last one opened before that punch if
/// that one is still open then, else the next one. Two index lookups, however long the history.
fn first_unfinished(tx: &Tx<'_>, user: &UserId, at: i64, seq: i64) -> ApiResult<Option<(i64, i64)>> {
    let before: Option<(i64, i64, Option<i64>)> = tx
        .prepare_cached(
            "SELECT clock_in_at, in_seq, clock_out_at FROM time_entries
             WHERE user_id = ?1 AND (clock_in_at, in_seq) < (?2, ?3) ORDER BY clock_in_at DESC, in_seq DESC LIMIT 1",
        )?
        .query_row((user, at, seq), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    if let Some((in_at, in_seq, out)) = before
        && out.is_none_or(|o| o > at)
    {
        return Ok(Some((in_at, in_seq)));
    }
    Ok(tx
        .prepare_cached(
            "SELECT clock_in_at, in_seq FROM time_entries
             WHERE user_id = ?1 AND (clock_in_at, in_seq) >= (?2, ?3) ORDER BY clock_in_at, in_seq LIMIT 1",
        )?
        .query_row((user, at, seq), |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Rebuilds the person's entries from the punch (`at`, `seq`) on: from the first entry not
/// finished by then, or from that punch when there is none. Everything before stands as it
/// is — those entries are closed and none overlaps — so replaying starts clocked out.
pub fn rebuild(
    tx: &Tx<'_>,
    tenant: &TenantId,
    user: &UserId,
    at: i64,
    seq: i64,
    now: jiff::Timestamp,
) -> ApiResult<()> {
    let (from_at, from_seq) = first_unfinished(tx, user, at, seq)?.map_or((at, seq), |f| f.min((at, seq)));
    let after = "user_id = ?1 AND (at, seq) >= (?2, ?3)";

    let mut steps = Vec::new();
    let mut replayed = Vec::new();
    {
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT seq, id, action, at, location_id, job_id, shift_id FROM clock_punches WHERE {after} ORDER BY at, seq"
        ))?;
        let mut rows = stmt.query((user, from_at, from_seq))?;
        while let Some(r) = rows.next()? {
            let action: String = r.get(2)?;
            let Some(action) = Action::parse(&action) else { continue };
            steps.push(Step { key: replayed.len(), action, at: r.get(3)? });
            replayed.push(Replayed {
                seq: r.get(0)?,
                id: r.get(1)?,
                location_id: r.get(4)?,
                job_id: r.get(5)?,
                shift_id: r.get(6)?,
            });
        }
    }
    // The entries opened in the window, with what a rebuild keeps of them.
    let old: Vec<(PunchId, Option<String>, String)> = tx
        .prepare_cached(&format!(
            "SELECT e.id, e.missed_out_at, e.created_at FROM time_entries e
             WHERE e.id IN (SELECT id FROM clock_punches WHERE {after})"
        ))?
        .query_map((user, from_at, from_seq), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (id, _, _) in &old {
        tx.prepare_cached("DELETE FROM time_entries WHERE id = ?1")?.execute([id])?;
    }

    let (entries, fates) = sequence::replay(&steps);
    let stamp = format_ts(now);
    for built in &entries {
        let opener = &replayed[built.opened_by];
        let round = match &opener.location_id {
            Some(l) => settings(tx, l)?.round_minutes,
            None => 0,
        };
        let kept = old.iter().find(|(id, _, _)| *id == opener.id);
        tx.prepare_cached(
            "INSERT INTO time_entries (id, tenant_id, user_id, location_id, job_id, shift_id, clock_in_at,
                 clock_in_rounded, clock_out_at, clock_out_rounded, missed_out_at, created_at, updated_at, in_seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?
        .execute(rusqlite::params![
            opener.id,
            tenant,
            user,
            opener.location_id,
            opener.job_id,
            opener.shift_id,
            built.clock_in,
            rules::rounded(built.clock_in, round),
            built.clock_out,
            built.clock_out.map(|o| rules::rounded(o, round)),
            kept.and_then(|k| k.1.clone()),
            kept.map_or(stamp.as_str(), |k| k.2.as_str()),
            stamp,
            opener.seq,
        ])?;
        let mut insert =
            tx.prepare_cached("INSERT INTO time_breaks (entry_id, started_at, ended_at) VALUES (?1, ?2, ?3)")?;
        for (start, end) in &built.breaks {
            insert.execute((&opener.id, start, end))?;
        }
    }
    let mut mark = tx.prepare_cached("UPDATE clock_punches SET sequence_flag = ?2, entry_id = ?3 WHERE seq = ?1")?;
    for (step, fate) in replayed.iter().zip(&fates) {
        match fate {
            Fate::Entry(k) => mark.execute((step.seq, None::<&str>, &replayed[*k].id))?,
            Fate::OutOfSequence => mark.execute((step.seq, Some("out_of_sequence"), None::<&PunchId>))?,
        };
    }
    Ok(())
}

// ---- who is in ------------------------------------------------------------------------------

/// Someone clocked in now.
pub struct Active {
    pub user: UserId,
    pub entry: PunchId,
    pub clock_in_at: i64,
    pub on_break_since: Option<i64>,
    pub location_id: Option<LocationId>,
    pub shift_id: Option<ShiftId>,
    pub missed_out: bool,
}

/// The tenant's open entries, earliest clock-in first; at most `limit`.
pub fn active(c: &Connection, tenant: &TenantId, limit: u32) -> ApiResult<Vec<Active>> {
    Ok(c.prepare_cached(
        "SELECT e.user_id, e.id, e.clock_in_at, e.location_id, e.shift_id, e.missed_out_at IS NOT NULL,
             (SELECT b.started_at FROM time_breaks b WHERE b.entry_id = e.id AND b.ended_at IS NULL)
         FROM time_entries e WHERE e.clock_out_at IS NULL AND e.tenant_id = ?1
         ORDER BY e.clock_in_at, e.id LIMIT ?2",
    )?
    .query_map((tenant, limit), |r| {
        Ok(Active {
            user: r.get(0)?,
            entry: r.get(1)?,
            clock_in_at: r.get(2)?,
            location_id: r.get(3)?,
            shift_id: r.get(4)?,
            missed_out: r.get(5)?,
            on_break_since: r.get(6)?,
        })
    })?
    .collect::<Result<_, _>>()?)
}

// ---- missed clock-outs -----------------------------------------------------------------------

/// An open entry past its shift's end and the grace (or 12 hours and the grace without a shift).
pub struct Missed {
    pub id: PunchId,
    pub tenant: TenantId,
    pub user: UserId,
    pub shift_id: Option<ShiftId>,
    pub clock_in_at: i64,
}

/// Without a shift, an entry counts as forgotten this long after clocking in (plus the grace).
const UNSCHEDULED_LENGTH: i64 = 12 * 3600;

/// Open entries not yet flagged whose clock-out is overdue at `now`; at most `limit`.
pub fn overdue(c: &Connection, now: i64, limit: u32) -> ApiResult<Vec<Missed>> {
    Ok(c.prepare_cached(
        "SELECT e.id, e.tenant_id, e.user_id, e.shift_id, e.clock_in_at FROM time_entries e
         LEFT JOIN shifts s ON s.id = e.shift_id AND s.deleted_at IS NULL
         LEFT JOIN clock_settings cs ON cs.location_id = e.location_id
         WHERE e.clock_out_at IS NULL AND e.missed_out_at IS NULL
           AND coalesce(s.ends_at, e.clock_in_at + ?2) + 60 * coalesce(cs.missed_grace_minutes, 60) < ?1
         LIMIT ?3",
    )?
    .query_map((now, UNSCHEDULED_LENGTH, limit), |r| {
        Ok(Missed { id: r.get(0)?, tenant: r.get(1)?, user: r.get(2)?, shift_id: r.get(3)?, clock_in_at: r.get(4)? })
    })?
    .collect::<Result<_, _>>()?)
}

/// Flags the entry (once); answers whether it was still open and unflagged.
pub fn flag_missed(tx: &Tx<'_>, id: &PunchId, now: jiff::Timestamp) -> ApiResult<bool> {
    Ok(tx
        .prepare_cached(
            "UPDATE time_entries SET missed_out_at = ?2 WHERE id = ?1 AND clock_out_at IS NULL AND missed_out_at IS NULL",
        )?
        .execute((id, format_ts(now)))?
        == 1)
}
