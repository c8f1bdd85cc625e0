//! The conflict engine (DESIGN §12): one module for every write — run on the write job's own
//! transaction, so it sees the jobs before it in the same batch — and for every list, on a read
//! connection. It loads what the shifts at hand need in a few queries and decides in memory.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt, HashSet};

use rusqlite::Connection;

use super::model::{Conflict, Schedule};
use super::store::{self, Busy, ShiftCore, ShiftRow};
use super::time;
use crate::fixed::DateText;
use crate::http::{ApiResult, Lang, Msg};
use crate::ids::{ScheduleId, ShiftId, TenantId, UserId};
use crate::members::store::RotaFacts;
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
    starts_at: i64,
    ends_at: i64,
}

/// A schedule as the engine weighs it: its location and who is on it — all of its assignees
/// when the caller handed the schedule over, else those among the people asked about so far.
struct Place {
    location: Location,
    assignees: HashSet<UserId>,
    asked: Option<HashSet<UserId>>,
}

impl Place {
    /// A location whose schedule's assignees the engine asks about as it needs them.
    fn asking(location: Location) -> Place {
        Place { location, assignees: HashSet::default(), asked: Some(HashSet::default()) }
    }
}

/// The workplace's rules the engine applies.
#[derive(Clone, Copy)]
struct Rules {
    week_starts_on: i64,
    min_rest_hours: i64,
}

/// The live shifts of one schedule dated `from..=to`, all of them, already read by the caller:
/// the engine takes these from memory and reads only the rest of the window.
struct Listed<'a> {
    schedule: &'a ScheduleId,
    from: &'a str,
    to: &'a str,
    rows: &'a [ShiftRow],
}

/// The conflict engine for one job or one list. What it reads once — the workplace's rules,
/// schedules with their locations, people's facts — it keeps, so a job that checks many shifts
/// (a week copied) reads them once; the shifts around the subjects it reads on every run, so
/// each check sees the writes before it in the same transaction.
#[derive(Default)]
pub struct Engine<'a> {
    rules: Option<Rules>,
    places: HashMap<ScheduleId, Place>,
    facts: HashMap<UserId, Option<RotaFacts>>,
    listed: Option<Listed<'a>>,
}

/// Computes the conflicts of each subject, in the order given (a fresh engine).
pub fn compute(
    c: &Connection,
    tenant: &TenantId,
    subjects: &[Subject<'_>],
    lang: Lang,
) -> ApiResult<Vec<Vec<Conflict>>> {
    Engine::default().run(c, tenant, subjects, lang)
}

impl<'a> Engine<'a> {
    /// A schedule the caller has read, with its location, so the engine does not read them again.
    pub fn knowing(mut self, schedule: &Schedule, location: Location) -> Self {
        let assignees = schedule.assignee_user_ids_expanded.iter().cloned().collect();
        self.places.insert(schedule.id.clone(), Place { location, assignees, asked: None });
        self
    }

    /// A schedule's location the caller has read; who is on the schedule the engine asks as it
    /// needs to, about the people of its subjects only.
    pub fn placing(mut self, schedule: &ScheduleId, location: Location) -> Self {
        self.places.insert(schedule.clone(), Place::asking(location));
        self
    }

    /// The live shifts of `schedule` dated `from..=to` — every one of them — as the caller read
    /// them for a planner's list.
    pub fn listing(mut self, schedule: &'a ScheduleId, from: &'a str, to: &'a str, rows: &'a [ShiftRow]) -> Self {
        self.listed = Some(Listed { schedule, from, to, rows });
        self
    }

    fn rules(&mut self, c: &Connection, tenant: &TenantId) -> ApiResult<Rules> {
        if let Some(rules) = self.rules {
            return Ok(rules);
        }
        let stored =
            crate::orgs::store::stored_ints(c, tenant, &["schedule.week_starts_on", "schedule.min_rest_hours"])?;
        let rules = Rules {
            week_starts_on: stored.get("schedule.week_starts_on").copied().unwrap_or(1),
            min_rest_hours: stored.get("schedule.min_rest_hours").copied().unwrap_or(11),
        };
        self.rules = Some(rules);
        Ok(rules)
    }

    fn load_places(&mut self, c: &Connection, tenant: &TenantId, subjects: &[Subject<'_>]) -> ApiResult<()> {
        for s in subjects {
            if self.places.contains_key(s.schedule) {
                continue;
            }
            let location_id = store::location_id_of(c, tenant, s.schedule)?;
            let location = match self.places.values().find(|p| p.location.id == location_id) {
                Some(p) => p.location.clone(),
                None => crate::orgs::store::location_of_tenant(c, tenant, &location_id)?,
            };
            self.places.insert(s.schedule.clone(), Place::asking(location));
        }
        Ok(())
    }

    /// Which of `people` are on each schedule read by the engine itself.
    fn load_assignees(&mut self, c: &Connection, people: &[&UserId]) -> ApiResult<()> {
        for (id, place) in &mut self.places {
            let Some(asked) = &mut place.asked else { continue };
            let new: Vec<&UserId> = people.iter().copied().filter(|p| !asked.contains(*p)).collect();
            if new.is_empty() {
                continue;
            }
            place.assignees.extend(store::assignees_among(c, id, &new)?);
            asked.extend(new.into_iter().cloned());
        }
        Ok(())
    }

    fn load_facts(&mut self, c: &Connection, tenant: &TenantId, people: &[&UserId]) -> ApiResult<()> {
        let missing: Vec<&UserId> = people.iter().copied().filter(|p| !self.facts.contains_key(*p)).collect();
        if missing.is_empty() {
            return Ok(());
        }
        let mut found = crate::members::store::rota_facts(c, tenant, &missing)?;
        for person in missing {
            self.facts.insert(person.clone(), found.remove(person));
        }
        Ok(())
    }

    /// Computes the conflicts of each subject, in the order given.
    pub fn run(
        &mut self,
        c: &Connection,
        tenant: &TenantId,
        subjects: &[Subject<'_>],
        lang: Lang,
    ) -> ApiResult<Vec<Vec<Conflict>>> {
        if subjects.is_empty() {
            return Ok(Vec::new());
        }
        let rules = self.rules(c, tenant)?;
        self.load_places(c, tenant, subjects)?;
        // Every person asked about has a list of their other shifts, so rows of anyone else
        // find none; the people are its keys (hashed once each, not sorted).
        let mut by_person: HashMap<&UserId, Vec<Busy>> = HashMap::new();
        for user in subjects.iter().filter_map(|s| s.core.assigned_user_id.as_ref()) {
            by_person.entry(user).or_default();
        }
        let people: Vec<&UserId> = by_person.keys().copied().collect();
        self.load_facts(c, tenant, &people)?;
        self.load_assignees(c, &people)?;

        // The people's other shifts around these: a day either side for overlap and rest,
        // whole weeks for hours.
        let day = 24 * 3600;
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        let mut weeks: HashMap<DateText, (DateText, DateText)> = HashMap::new();
        for s in subjects.iter().filter(|s| s.core.assigned_user_id.is_some()) {
            lo = lo.min(s.core.starts_at - 2 * day);
            hi = hi.max(s.core.ends_at + 2 * day);
            if weeks.contains_key(&s.core.shift_date) {
                continue;
            }
            if let Some(date) = s.core.shift_date.date() {
                let tz = time::zone(&self.places[s.schedule].location.timezone);
                let start = time::week_start(date, rules.week_starts_on);
                let end = time::add_days(start, 7);
                lo = lo.min(time::instant(&tz, start, jiff::civil::Time::midnight()).as_second() - 2 * day);
                hi = hi.max(time::instant(&tz, end, jiff::civil::Time::midnight()).as_second() + 2 * day);
                weeks.insert(s.core.shift_date, (DateText::of(start), DateText::of(time::add_days(start, 6))));
            }
        }
        let mut unavailable: HashMap<UserId, Vec<Unavailable>> = HashMap::new();
        // Approved time off, as the same kind of stretch.
        let mut time_off: HashMap<UserId, Vec<Unavailable>> = HashMap::new();
        if !people.is_empty() {
            let except = self.listed.as_ref().map(|l| (l.schedule, l.from, l.to));
            let listed = self.listed.as_ref().map(|l| l.rows).unwrap_or_default();
            for row in listed.iter().filter(|r| r.core.starts_at >= lo && r.core.starts_at < hi) {
                if let Some(list) = row.core.assigned_user_id.as_ref().and_then(|u| by_person.get_mut(u))
                    && let Some(busy) = Busy::of(row)
                {
                    list.push(busy);
                }
            }
            for busy in store::busy_of(c, tenant, &people, lo, hi, except)? {
                if let Some(list) = by_person.get_mut(&busy.user) {
                    list.push(busy);
                }
            }
            for (user, entry) in unavailable_of(c, tenant, &people, lo, hi)? {
                unavailable.entry(user).or_default().push(entry);
            }
            for (user, id, starts_at, ends_at) in crate::timeoff::store::approved_among(c, tenant, &people, lo, hi)? {
                time_off.entry(user).or_default().push(Unavailable { id, starts_at, ends_at });
            }
        }

        let mut out = Vec::with_capacity(subjects.len());
        for s in subjects {
            let place = &self.places[s.schedule];
            let mut found: Vec<Conflict> = Vec::new();
            let mut add = |code: &'static str, msg: Msg, related: Option<String>| {
                found.push(Conflict { code, message: lang.text(msg), related_id: related, count: None });
            };
            let core = s.core;
            // The location: closures and opening hours.
            if let Some(closure) =
                place.location.closures.iter().find(|cl| {
                    cl.from.as_str() <= core.shift_date.as_str() && core.shift_date.as_str() <= cl.to.as_str()
                })
            {
                add("closed", Msg::ConflictClosed, Some(closure.id.to_string()));
            } else if outside_hours(&place.location, core) {
                add("outside_hours", Msg::ConflictOutsideHours, None);
            }
            let Some(user) = &core.assigned_user_id else {
                out.push(capped(found, lang));
                continue;
            };
            let facts = self.facts.get(user).and_then(Option::as_ref);
            // A stored subject is among them, maybe as it was before this write: by id.
            let mine = by_person.get(user).map(Vec::as_slice).unwrap_or_default();
            let others = || mine.iter().filter(|o| Some(&o.id) != s.id);
            let overlaps = |o: &Busy| o.starts_at < core.ends_at && core.starts_at < o.ends_at;
            for o in others().filter(|o| overlaps(o)) {
                add("overlap", Msg::ConflictOverlap, Some(o.id.to_string()));
            }
            for u in unavailable.get(user).into_iter().flatten() {
                if u.starts_at < core.ends_at && core.starts_at < u.ends_at {
                    add("unavailable", Msg::ConflictUnavailable, Some(u.id.clone()));
                }
            }
            for t in time_off.get(user).into_iter().flatten() {
                if t.starts_at < core.ends_at && core.starts_at < t.ends_at {
                    add("time_off", Msg::ConflictTimeOff, Some(t.id.clone()));
                }
            }
            let rest_hours = facts.and_then(|m| m.min_rest_hours).unwrap_or(rules.min_rest_hours);
            if rest_hours > 0 {
                let rest = rest_hours * 3600;
                for o in others().filter(|o| !overlaps(o)) {
                    let gap = if o.ends_at <= core.starts_at {
                        core.starts_at - o.ends_at
                    } else {
                        o.starts_at - core.ends_at
                    };
                    if gap < rest {
                        add("min_rest", Msg::ConflictMinRest, Some(o.id.to_string()));
                    }
                }
            }
            if let (Some(max), Some((first, last))) =
                (facts.and_then(|m| m.max_hours_per_week), weeks.get(&core.shift_date))
            {
                let in_week = |d: &DateText| first <= d && d <= last;
                let minutes: i64 = others().filter(|o| in_week(&o.shift_date)).map(|o| o.paid_minutes).sum::<i64>()
                    + core.paid_minutes();
                if minutes > max * 60 {
                    add("max_hours", Msg::ConflictMaxHours, None);
                }
            }
            if let (Some(m), Some(job)) = (facts, &core.job_id)
                && !m.job_ids.is_empty()
                && !m.job_ids.contains(job)
            {
                add("not_qualified", Msg::ConflictNotQualified, None);
            }
            if !place.assignees.contains(user) {
                add("not_assignee", Msg::ConflictNotAssignee, None);
            }
            if facts.is_none_or(|m| m.status != UserStatus::Active || !m.on_rota) {
                add("inactive", Msg::ConflictInactive, None);
            }
            out.push(capped(found, lang));
        }
        Ok(out)
    }
}

/// Unavailability of these people overlapping `[lo, hi)`; an entry lasts at most a day and a
/// bit, so those starting from two days before `lo` on.
fn unavailable_of(
    c: &Connection,
    tenant: &TenantId,
    people: &[&UserId],
    lo: i64,
    hi: i64,
) -> ApiResult<Vec<(UserId, Unavailable)>> {
    let from = lo - 2 * 24 * 3600;
    let row = |r: &rusqlite::Row<'_>| {
        Ok((r.get::<_, UserId>(1)?, Unavailable { id: r.get(0)?, starts_at: r.get(2)?, ends_at: r.get(3)? }))
    };
    let mut out = Vec::new();
    if people.len() > 3 {
        let wanted: HashSet<&UserId> = people.iter().copied().collect();
        let mut stmt = c.prepare_cached(
            "SELECT id, user_id, starts_at, ends_at FROM unavailabilities
             WHERE tenant_id = ?1 AND starts_at >= ?2 AND starts_at < ?3 AND ends_at > ?4",
        )?;
        for found in stmt.query_map((tenant, from, hi, lo), row)? {
            let found = found?;
            if wanted.contains(&found.0) {
                out.push(found);
            }
        }
    } else {
        let mut stmt = c.prepare_cached(
            "SELECT id, user_id, starts_at, ends_at FROM unavailabilities
             WHERE user_id = ?1 AND starts_at >= ?2 AND starts_at < ?3 AND ends_at > ?4 AND +tenant_id = ?5",
        )?;
        for person in people {
            for found in stmt.query_map((person, from, hi, lo, tenant), row)? {
                out.push(found?);
            }
        }
    }
    Ok(out)
}

fn capped(mut found: Vec<Conflict>, lang: Lang) -> Vec<Conflict> {
    if found.len() > CAP {
        let more = found.len() - CAP;
        found.truncate(CAP);
        found.push(Conflict {
            code: "more",
            message: lang.text(Msg::ConflictMore),
            related_id: None,
            count: Some(more),
        });
    }
    found
}

/// Whether the shift falls outside its weekday's opening hours (a closed weekday counts too).
fn outside_hours(location: &Location, core: &ShiftCore) -> bool {
    let Some(date) = core.shift_date.date() else { return false };
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
