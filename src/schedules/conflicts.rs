//! The conflict engine (DESIGN §12): one module for every write — run on the write job's own
//! transaction, so it sees the jobs before it in the same batch — and for every list, on a read
//! connection. It loads what the shifts at hand need in a few queries and decides in memory.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::Connection;

use super::model::Conflict;
use super::store::{self, ShiftCore};
use super::time;
use crate::http::{ApiResult, Lang, Msg};
use crate::ids::{LocationId, ScheduleId, ShiftId, TenantId, UserId};
use crate::members::model::Member;
use crate::orgs::model::{Location, parse_hhmm};
use crate::users::model::UserStatus;

/// At most this many conflicts per shift; the rest are counted in one `more` after them.
pub const CAP: usize = 10;

/// A shift to check: its id (absent for one not yet stored), schedule and what it would be.
pub struct Subject<'a> {
    pub id: Option<&'a ShiftId>,
    pub schedule: &'a ScheduleId,
    pub core: &'a ShiftCore,
}

/// The codes that keep a person from claiming an open shift.
pub const BLOCK_CLAIM: &[&str] =
    &["overlap", "unavailable", "time_off", "min_rest", "max_hours", "not_qualified", "inactive"];

struct Unavailable {
    id: String,
    user: UserId,
    starts_at: i64,
    ends_at: i64,
}

struct Place {
    location: Location,
    assignees: BTreeSet<UserId>,
}

/// Computes the conflicts of each subject, in the order given.
pub fn compute(
    c: &Connection,
    tenant: &TenantId,
    subjects: &[Subject<'_>],
    lang: Lang,
) -> ApiResult<Vec<Vec<Conflict>>> {
    if subjects.is_empty() {
        return Ok(Vec::new());
    }
    let settings = crate::orgs::store::stored_settings(c, tenant)?;
    let setting = |key: &str, default: i64| settings.get(key).and_then(|(v, _)| v.as_i64()).unwrap_or(default);
    let week_starts_on = setting("schedule.week_starts_on", 1);
    let org_rest_hours = setting("schedule.min_rest_hours", 11);

    // Schedules and their locations.
    let mut places: HashMap<ScheduleId, Place> = HashMap::new();
    let mut locations: HashMap<LocationId, Location> = HashMap::new();
    for s in subjects {
        if places.contains_key(s.schedule) {
            continue;
        }
        let schedule = store::get(c, tenant, s.schedule)?;
        let location = match locations.get(&schedule.location_id) {
            Some(l) => l.clone(),
            None => {
                let l = crate::orgs::store::location_of_tenant(c, tenant, &schedule.location_id)?;
                locations.insert(l.id.clone(), l.clone());
                l
            }
        };
        let assignees = schedule.assignee_user_ids_expanded.into_iter().collect();
        places.insert(s.schedule.clone(), Place { location, assignees });
    }

    // The people on these shifts, with their facts.
    let people: Vec<UserId> =
        subjects.iter().filter_map(|s| s.core.assigned_user_id.clone()).collect::<BTreeSet<_>>().into_iter().collect();
    let members: HashMap<UserId, Member> =
        crate::members::store::some(c, tenant, &people)?.into_iter().map(|m| (m.id.clone(), m)).collect();

    // Their other shifts around these: a day either side for overlap and rest, whole weeks for hours.
    let day = 24 * 3600;
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    for s in subjects.iter().filter(|s| s.core.assigned_user_id.is_some()) {
        let tz = time::zone(&places[s.schedule].location.timezone);
        if let Ok(date) = time::parse_date("shiftDate", &s.core.shift_date) {
            let start = time::week_start(date, week_starts_on);
            lo = lo.min(time::instant(&tz, start, jiff::civil::Time::midnight()).as_second() - 2 * day);
            let end = time::add_days(start, 7);
            hi = hi.max(time::instant(&tz, end, jiff::civil::Time::midnight()).as_second() + 2 * day);
        }
        lo = lo.min(s.core.starts_at - 2 * day);
        hi = hi.max(s.core.ends_at + 2 * day);
    }
    let mut by_person: HashMap<UserId, Vec<store::ShiftRow>> = HashMap::new();
    let mut unavailable: HashMap<UserId, Vec<Unavailable>> = HashMap::new();
    if !people.is_empty() {
        for row in store::of_people(c, tenant, &people, lo, hi)? {
            if let Some(user) = row.core.assigned_user_id.clone() {
                by_person.entry(user).or_default().push(row);
            }
        }
        // An entry lasts at most a day and a bit: those starting from a day before `lo` on.
        let mut stmt = c.prepare_cached(
            "SELECT id, user_id, starts_at, ends_at FROM unavailabilities
             WHERE tenant_id = ?1 AND starts_at >= ?2 AND starts_at < ?3 AND ends_at > ?4",
        )?;
        let wanted: BTreeSet<&UserId> = people.iter().collect();
        for row in stmt.query_map((tenant, lo - 2 * day, hi, lo), |r| {
            Ok(Unavailable { id: r.get(0)?, user: r.get(1)?, starts_at: r.get(2)?, ends_at: r.get(3)? })
        })? {
            let u = row?;
            if wanted.contains(&u.user) {
                unavailable.entry(u.user.clone()).or_default().push(u);
            }
        }
    }

    let mut out = Vec::with_capacity(subjects.len());
    for s in subjects {
        let place = &places[s.schedule];
        let mut found: Vec<Conflict> = Vec::new();
        let mut add = |code: &'static str, msg: Msg, related: Option<String>| {
            found.push(Conflict { code, message: lang.text(msg).to_string(), related_id: related, count: None });
        };
        let core = s.core;
        // The location: closures and opening hours.
        if let Some(closure) = place
            .location
            .closures
            .iter()
            .find(|cl| cl.from.as_str() <= core.shift_date.as_str() && core.shift_date.as_str() <= cl.to.as_str())
        {
            add("closed", Msg::ConflictClosed, Some(closure.id.to_string()));
        } else if outside_hours(&place.location, core) {
            add("outside_hours", Msg::ConflictOutsideHours, None);
        }
        if let Some(user) = &core.assigned_user_id {
            let member = members.get(user);
            let others: Vec<&store::ShiftRow> =
                by_person.get(user).into_iter().flatten().filter(|o| Some(&o.id) != s.id).collect();
            let mut overlapping = BTreeSet::new();
            for o in &others {
                if o.core.starts_at < core.ends_at && core.starts_at < o.core.ends_at {
                    overlapping.insert(o.id.clone());
                    add("overlap", Msg::ConflictOverlap, Some(o.id.to_string()));
                }
            }
            for u in unavailable.get(user).into_iter().flatten() {
                if u.starts_at < core.ends_at && core.starts_at < u.ends_at {
                    add("unavailable", Msg::ConflictUnavailable, Some(u.id.clone()));
                }
            }
            let rest_hours = member.and_then(|m| m.min_rest_hours).unwrap_or(org_rest_hours);
            if rest_hours > 0 {
                let rest = rest_hours * 3600;
                for o in others.iter().filter(|o| !overlapping.contains(&o.id)) {
                    let gap = if o.core.ends_at <= core.starts_at {
                        core.starts_at - o.core.ends_at
                    } else {
                        o.core.starts_at - core.ends_at
                    };
                    if gap < rest {
                        add("min_rest", Msg::ConflictMinRest, Some(o.id.to_string()));
                    }
                }
            }
            if let (Some(max), Ok(date)) =
                (member.and_then(|m| m.max_hours_per_week), time::parse_date("d", &core.shift_date))
            {
                let start = time::week_start(date, week_starts_on);
                let (first, last) = (start.to_string(), time::add_days(start, 6).to_string());
                let in_week = |d: &str| first.as_str() <= d && d <= last.as_str();
                let minutes: i64 =
                    others.iter().filter(|o| in_week(&o.core.shift_date)).map(|o| o.core.paid_minutes()).sum::<i64>()
                        + core.paid_minutes();
                if minutes > max * 60 {
                    add("max_hours", Msg::ConflictMaxHours, None);
                }
            }
            if let (Some(m), Some(job)) = (member, &core.job_id)
                && !m.job_ids.is_empty()
                && !m.job_ids.contains(job)
            {
                add("not_qualified", Msg::ConflictNotQualified, None);
            }
            if !place.assignees.contains(user) {
                add("not_assignee", Msg::ConflictNotAssignee, None);
            }
            if member.is_none_or(|m| m.status != UserStatus::Active || !m.on_rota) {
                add("inactive", Msg::ConflictInactive, None);
            }
        }
        out.push(capped(found, lang));
    }
    Ok(out)
}

fn capped(mut found: Vec<Conflict>, lang: Lang) -> Vec<Conflict> {
    if found.len() > CAP {
        let more = found.len() - CAP;
        found.truncate(CAP);
        found.push(Conflict {
            code: "more",
            message: lang.text(Msg::ConflictMore).to_string(),
            related_id: None,
            count: Some(more),
        });
    }
    found
}

/// Whether the shift falls outside its weekday's opening hours (a closed weekday counts too).
fn outside_hours(location: &Location, core: &ShiftCore) -> bool {
    let Ok(date) = time::parse_date("d", &core.shift_date) else { return false };
    let weekday = date.weekday().to_sunday_zero_offset() as u8;
    let Some(day) = location.opening_hours.iter().find(|h| h.day_of_week == weekday) else { return false };
    if day.is_closed {
        return true;
    }
    let (Some(open), Some(close)) =
        (day.open_time.as_deref().and_then(parse_hhmm), day.close_time.as_deref().and_then(parse_hhmm))
    else {
        return false;
    };
    let (Some(start), Some(end)) = (parse_hhmm(&core.start_time), parse_hhmm(&core.end_time)) else { return false };
    end <= start || start < open || end > close
}

/// The conflicts a caller may see (DESIGN §12): planners everything; anyone else only their
/// own shifts' codes, without the related ids that would point at other people's entries.
pub fn shown_to(conflicts: Vec<Conflict>, planner: bool, own: bool) -> Vec<Conflict> {
    if planner {
        return conflicts;
    }
    if !own {
        return Vec::new();
    }
    conflicts.into_iter().map(|c| Conflict { related_id: None, ..c }).collect()
}

/// Codes only, for tests and strict checks.
pub fn codes(conflicts: &[Conflict]) -> BTreeMap<&'static str, usize> {
    let mut map = BTreeMap::new();
    for c in conflicts {
        *map.entry(c.code).or_insert(0) += 1;
    }
    map
}
