//! The pipeline (issue 14): reads `events` by its own `seq` cursor and, in ONE write job per
//! batch, stores each (event, recipient, channel) once (`UNIQUE (event_seq, user_id,
//! channel)`), queues the e-mails in the outbox and moves the cursor. A crash anywhere in the
//! batch rolls all of it back, so a restart does the batch again and nothing twice; the outbox
//! sends at least once, under one Message-ID.
//!
//! Per recipient: their preferences (defaults from the catalog), their language, their zone
//! for dates and times, their Do Not Disturb (an e-mail waits; in-app always arrives).

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;
use serde_json::{Value, json};
use tokio::sync::broadcast::error::RecvError;

use super::catalog::{self, Channel, EventDef, Target};
use super::texts::{date_word, status_word};
use super::{quiet, store};
use crate::access::perm::{self, Permission};
use crate::db::Tx;
use crate::db::events::CommittedEvent;
use crate::events::Audience;
use crate::http::{ApiError, ApiResult, Lang};
use crate::ids::{NotificationId, TenantId, UserId};
use crate::mail::templates::Template;
use crate::state::AppState;

/// Events per write job: 100 events of 50 recipients stay well under DESIGN §12's bound.
const BATCH: u32 = 100;
/// Held e-mails per write job.
const HELD_BATCH: u32 = 200;
/// How often the pipeline looks without being woken (held e-mails, a missed wake-up).
const TICK: std::time::Duration = std::time::Duration::from_secs(30);

pub async fn run(app: AppState) {
    let mut events = app.db.subscribe_events();
    loop {
        if let Err(e) = catch_up(&app).await {
            tracing::warn!("notifications: {e}");
        }
        // Woken by another feature's event (the table is the source: whatever else arrived is
        // read from it in one go), or by the tick; never by the pipeline's own events.
        let mut woken = false;
        while !woken {
            tokio::select! {
                received = events.recv() => match received {
                    Err(RecvError::Closed) => return,
                    Err(RecvError::Lagged(_)) => woken = true,
                    Ok(event) => woken = !own(&event.kind),
                },
                () = tokio::time::sleep(TICK) => woken = true,
            }
        }
        while events.try_recv().is_ok() {}
    }
}

/// `notification.created` and `notification.read`: the pipeline's and the inbox's own events.
fn own(kind: &str) -> bool {
    kind.starts_with("notification.")
}

/// Works through every event after the cursor, then the held e-mails and the digests that are due.
pub async fn catch_up(app: &AppState) -> ApiResult<()> {
    let now = app.clock.now();
    let work = app.db.read(move |c| store::work_waiting(c, now)).await?;
    if !work.events && !work.held && !work.digests && !work.push {
        return Ok(());
    }
    let base = crate::mail::link_base(app).await?;
    let mut push = work.push || work.held;
    if work.events {
        loop {
            let (now, link) = (app.clock.now(), base.clone());
            let done = app.db.write(move |tx| batch(tx, &link, now)).await?;
            if done.mails > 0 {
                app.mailer.wake();
            }
            push |= done.pushes > 0;
            if done.events < BATCH as usize {
                break;
            }
        }
    }
    if work.held {
        let (now, link) = (app.clock.now(), base.clone());
        if app.db.write(move |tx| release_held(tx, &link, now)).await? > 0 {
            app.mailer.wake();
        }
    }
    if work.digests {
        let (now, link) = (app.clock.now(), base);
        if app.db.write(move |tx| super::digest::send_due(tx, &link, now)).await? > 0 {
            app.mailer.wake();
        }
    }
    if push {
        super::push::deliver(app).await?;
    }
    Ok(())
}

#[derive(Default)]
pub struct Done {
    pub events: usize,
    pub mails: usize,
    pub pushes: usize,
}

/// The workplaces' names (a mail's signature), each read once per write job.
#[derive(Default)]
pub struct TenantNames(HashMap<TenantId, String>);

impl TenantNames {
    fn get(&mut self, tx: &Tx<'_>, tenant: &TenantId) -> ApiResult<String> {
        if let Some(name) = self.0.get(tenant) {
            return Ok(name.clone());
        }
        let name = crate::tenants::store::get(tx, tenant)?.name;
        self.0.insert(tenant.clone(), name.clone());
        Ok(name)
    }
}

/// A notification's words as one e-mail to `to` in the outbox, linking to `link` in the app;
/// the notifications it carries (with their event keys) name it (`mail_id`).
#[allow(clippy::too_many_arguments)]
pub fn queue_mail(
    tx: &Tx<'_>,
    names: &mut TenantNames,
    link_base: &str,
    tenant: &TenantId,
    lang: Lang,
    to: &str,
    words: (&str, &str, &str),
    carries: &[(&NotificationId, &str)],
    now: Timestamp,
) -> ApiResult<()> {
    let (title, body, link) = words;
    let name = names.get(tx, tenant)?;
    let link = format!("{link_base}{link}");
    let private = carries.iter().any(|(_, event)| catalog::carries_message(event));
    let template = Template::Notification { title, body, link: &link, private };
    let mail = crate::mail::queue(tx, Some(tenant), &name, lang, to, &template, now)?;
    for (id, _) in carries {
        store::set_mail(tx, id, &mail)?;
    }
    Ok(())
}

/// Facts read once per batch.
struct Batch<'a> {
    link_base: &'a str,
    now: Timestamp,
    names: TenantNames,
    mails: usize,
    pushes: usize,
}

/// One batch: the events after the cursor, each in its own savepoint (one that cannot be
/// delivered is logged and passed over, not retried for ever), then the cursor moves.
pub fn batch(tx: &Tx<'_>, link_base: &str, now: Timestamp) -> ApiResult<Done> {
    let from = store::cursor(tx)?;
    let events = store::events_after(tx, from, BATCH)?;
    let Some(last) = events.last().map(|e| e.seq) else { return Ok(Done::default()) };
    let mut batch = Batch { link_base, now, names: TenantNames::default(), mails: 0, pushes: 0 };
    for event in &events {
        tx.execute_batch("SAVEPOINT notify_event")?;
        match deliver(tx, &mut batch, event) {
            Ok(()) => tx.execute_batch("RELEASE notify_event")?,
            Err(e) => {
                tracing::warn!(seq = event.seq, kind = %event.kind, "notifying of an event: {e}");
                tx.execute_batch("ROLLBACK TO notify_event; RELEASE notify_event")?;
            }
        }
    }
    if !store::advance(tx, from, last)? {
        return Err(ApiError::internal("the notifications cursor moved under the pipeline"));
    }
    Ok(Done { events: events.len(), mails: batch.mails, pushes: batch.pushes })
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn deliver(tx: &Tx<'_>, batch: &mut Batch<'_>, event: &CommittedEvent) -> ApiResult<()> {
    let Some(tenant) = TenantId::parse(&event.tenant_id) else { return Ok(()) };
    let direct = match (event.kind.as_str(), text(&event.payload, "channelId")) {
        ("chat.message", Some(channel)) => store::direct_members(tx, channel)?,
        _ => None,
    };
    let Some((def, targets, actor)) = catalog::route(event, direct.as_deref()) else { return Ok(()) };
    for person in recipients(tx, &tenant, &targets, actor.as_deref())? {
        notify(tx, batch, &tenant, event, def, &person)?;
    }
    Ok(())
}

/// The targets as people, each once, without the one who acted.
fn recipients(tx: &Tx<'_>, tenant: &TenantId, targets: &[Target], actor: Option<&str>) -> ApiResult<Vec<String>> {
    let mut people = Vec::new();
    for target in targets {
        match target {
            Target::User(id) => people.push(id.clone()),
            Target::ScheduleManagers => {
                people.extend(
                    store::holders(tx, tenant, <perm::SchedulesWrite as Permission>::CODE)?
                        .iter()
                        .map(|u| u.to_string()),
                );
            }
            Target::ClockManagers => {
                people.extend(
                    store::holders(tx, tenant, <perm::ClockManage as Permission>::CODE)?.iter().map(|u| u.to_string()),
                );
            }
            Target::ScheduleMembers(schedule) => {
                if let Some(id) = crate::ids::ScheduleId::parse(schedule) {
                    people.extend(crate::schedules::store::assignees(tx, &id)?.iter().map(|u| u.to_string()));
                }
            }
        }
    }
    people.sort();
    people.dedup();
    people.retain(|p| Some(p.as_str()) != actor);
    Ok(people)
}

fn enabled(tx: &Tx<'_>, user: &UserId, def: &EventDef, channel: Channel) -> ApiResult<bool> {
    if !def.optional {
        return Ok(true);
    }
    Ok(store::preference(tx, user, def.key, channel)?.unwrap_or(def.default_on(channel)))
}

fn notify(
    tx: &Tx<'_>,
    batch: &mut Batch<'_>,
    tenant: &TenantId,
    event: &CommittedEvent,
    def: &'static EventDef,
    person: &str,
) -> ApiResult<()> {
    let Some(r) = store::recipient(tx, tenant, person)? else { return Ok(()) };
    let lang = Lang::from_code(&r.locale);
    let zone = crate::schedules::time::person_zone(tx, tenant, &r.id)?;
    let vars = variables(tx, tenant, event, def, &r.id, lang, &zone)?;
    let Some(words) = super::templates::words(tx, tenant, def.key, lang, &vars)? else { return Ok(()) };
    let critical = is_critical(event, &r.id, batch.now);
    let now = batch.now;
    for channel in Channel::ALL {
        if !enabled(tx, &r.id, def, channel)? || (channel == Channel::Push && !store::has_push(tx, &r.id)?) {
            continue;
        }
        // An optional e-mail of someone who reads digests waits for the digest; the rest may
        // wait for Do Not Disturb to end.
        let in_digest = channel == Channel::Email && def.optional && !critical && store::collects_digest(tx, &r.id)?;
        let held_until = match channel {
            Channel::InApp => None,
            Channel::Email if in_digest => None,
            Channel::Email | Channel::Push => hold(tx, &r.id, critical, now)?,
        };
        let row = store::NewRow {
            tenant,
            user: &r.id,
            event_seq: event.seq,
            event_key: def.key,
            channel,
            title: &words.title,
            body: &words.body,
            link: def.link,
            critical,
            held_until,
            in_digest,
        };
        let Some(id) = store::insert(tx, &row, now)? else { continue };
        match channel {
            Channel::InApp => {
                let unread = store::unread_count(tx, &r.id)?;
                let payload = json!({
                    "id": id, "eventKey": def.key, "title": words.title, "body": words.body, "link": def.link,
                    "critical": critical, "createdAt": crate::clock::format_ts(now), "readAt": null,
                    "unreadCount": unread,
                });
                crate::events::emit(
                    tx,
                    tenant,
                    "notification.created",
                    &[Audience::User(r.id.clone())],
                    &payload,
                    now,
                )?;
            }
            Channel::Email if held_until.is_none() && !in_digest => {
                let words = (words.title.as_str(), words.body.as_str(), def.link);
                queue_mail(
                    tx,
                    &mut batch.names,
                    batch.link_base,
                    tenant,
                    lang,
                    &r.email,
                    words,
                    &[(&id, def.key)],
                    now,
                )?;
                batch.mails += 1;
            }
            Channel::Email => {}
            // The push sender hands it over after the commit (`push::deliver`).
            Channel::Push => batch.pushes += usize::from(held_until.is_none()),
        }
    }
    Ok(())
}

/// Until when Do Not Disturb holds this person's e-mail, if it does.
fn hold(tx: &Tx<'_>, user: &UserId, critical: bool, now: Timestamp) -> ApiResult<Option<Timestamp>> {
    let Some(dnd) = store::dnd(tx, user)? else { return Ok(None) };
    if !dnd.enabled || critical {
        return Ok(None);
    }
    let zone = crate::schedules::time::zone(&dnd.timezone);
    let shifts = if dnd.quiet_outside_shifts {
        let t = now.as_second();
        store::published_shifts(tx, user, t - 86_400, t + quiet::LOOKAHEAD_DAYS * 86_400)?
    } else {
        Vec::new()
    };
    Ok(quiet::release_at(&dnd, &zone, &shifts, critical, now))
}

/// A change to the recipient's own shift that starts within 24 hours.
fn is_critical(event: &CommittedEvent, user: &UserId, now: Timestamp) -> bool {
    if event.kind != "shift.changed" {
        return false;
    }
    let soon = |side: &str| {
        let Some(v) = event.payload.get(side).filter(|v| !v.is_null()) else { return false };
        let mine = text(v, "assignedUserId") == Some(user.as_str());
        let starts = text(v, "startsAt").and_then(|s| s.parse::<Timestamp>().ok());
        mine && starts.is_some_and(|s| s > now && s <= now + jiff::SignedDuration::from_hours(24))
    };
    soon("before") || soon("after")
}

fn day(lang: Lang, text: Option<&str>) -> String {
    text.and_then(|t| t.get(..10)).and_then(|t| t.parse().ok()).map(|d| date_word(lang, d)).unwrap_or_default()
}

fn local_time(zone: &jiff::tz::TimeZone, instant: Option<&str>) -> String {
    instant
        .and_then(|t| t.parse::<Timestamp>().ok())
        .map(|t| t.to_zoned(zone.clone()).strftime("%H:%M").to_string())
        .unwrap_or_default()
}

/// "ma 9 feb 09:00–17:00" of one side of a shift change, as the recipient reads it.
fn shift_words(lang: Lang, side: Option<&Value>, user: &UserId) -> String {
    let Some(v) = side.filter(|v| !v.is_null()) else {
        return match lang {
            Lang::En => "cancelled".into(),
            Lang::Nl => "geschrapt".into(),
        };
    };
    if text(v, "assignedUserId") != Some(user.as_str()) {
        return match lang {
            Lang::En => "someone else's".into(),
            Lang::Nl => "van iemand anders".into(),
        };
    }
    let (start, end) = (text(v, "startTime").unwrap_or_default(), text(v, "endTime").unwrap_or_default());
    format!("{} {start}–{end}", day(lang, text(v, "shiftDate")))
}

fn dates(lang: Lang, from: Option<&str>, to: Option<&str>) -> String {
    let (a, b) = (day(lang, from), day(lang, to));
    if b.is_empty() || a == b { a } else { format!("{a} – {b}") }
}

/// The template's variables for this recipient.
fn variables(
    tx: &Tx<'_>,
    tenant: &TenantId,
    event: &CommittedEvent,
    def: &EventDef,
    user: &UserId,
    lang: Lang,
    zone: &jiff::tz::TimeZone,
) -> ApiResult<BTreeMap<&'static str, String>> {
    let p = &event.payload;
    let mut vars = BTreeMap::new();
    let name_of = |key: &str| -> ApiResult<Option<String>> {
        match text(p, key) {
            Some(id) => store::person_name(tx, tenant, id),
            None => Ok(None),
        }
    };
    if let Some(schedule) = text(p, "scheduleId") {
        vars.insert("schedule", store::schedule_name(tx, tenant, schedule)?.unwrap_or_default());
    }
    if let Some(status) = text(p, "status") {
        vars.insert("status", status_word(lang, status));
    }
    match def.key {
        "shift.published" => {
            let after = p.get("after");
            let first = text(p, "from").or_else(|| after.and_then(|a| text(a, "shiftDate")));
            let last = text(p, "to").or(first);
            vars.insert("from", day(lang, first));
            vars.insert("to", day(lang, last));
        }
        "shift.changed" => {
            let (before, after) = (p.get("before"), p.get("after"));
            let date = before.and_then(|b| text(b, "shiftDate")).or_else(|| after.and_then(|a| text(a, "shiftDate")));
            vars.insert("date", day(lang, date));
            vars.insert("before", shift_words(lang, before, user));
            vars.insert("after", shift_words(lang, after, user));
        }
        "claim.requested" | "timeoff.requested" | "clock.pin_locked" => {
            vars.insert("name", name_of("userId")?.unwrap_or_default());
        }
        "clock.missed_punch" => {
            vars.insert("name", name_of("userId")?.unwrap_or_default());
            vars.insert("time", local_time(zone, text(p, "clockInAt")));
        }
        "swap.offered" => {
            vars.insert("name", name_of("fromUserId")?.unwrap_or_default());
        }
        "swap.accepted" | "swap.approved" => {
            vars.insert("name", name_of("acceptedBy")?.unwrap_or_default());
        }
        "chat.mention" | "chat.direct" => {
            vars.insert("name", name_of("senderId")?.unwrap_or_default());
            if let Some(channel) = text(p, "channelId") {
                vars.insert("channel", store::channel_name(tx, tenant, channel)?.unwrap_or_default());
            }
            let content = text(p, "content").unwrap_or_default();
            let mut message: String = content.chars().take(200).collect();
            if content.chars().count() > 200 {
                message.push('…');
            }
            vars.insert("message", message);
        }
        _ => {}
    }
    if def.key == "clock.pin_locked" {
        vars.insert("time", local_time(zone, text(p, "lockedUntil")));
    }
    if def.key.starts_with("timeoff.") {
        vars.insert("dates", dates(lang, text(p, "startDate"), text(p, "endDate")));
    }
    if def.key == "timesheet.approved" {
        vars.insert("from", day(lang, text(p, "periodStart")));
        vars.insert("to", day(lang, text(p, "periodEnd")));
    }
    Ok(vars)
}

/// Queues the e-mails whose DND hold is over, in the words stored when they were made.
pub fn release_held(tx: &Tx<'_>, link_base: &str, now: Timestamp) -> ApiResult<usize> {
    let due = store::held_due(tx, now, HELD_BATCH)?;
    let mut names = TenantNames::default();
    let mut queued = 0;
    for held in due {
        if held.channel == Channel::Push.as_str() {
            store::release_push(tx, &held.id)?;
            continue;
        }
        let Some(r) = store::recipient(tx, &held.tenant, held.user.as_str())? else {
            store::drop_held(tx, &held.id)?;
            continue;
        };
        let words = (held.title.as_str(), held.body.as_str(), held.link.as_deref().unwrap_or("/"));
        let lang = Lang::from_code(&r.locale);
        queue_mail(
            tx,
            &mut names,
            link_base,
            &held.tenant,
            lang,
            &r.email,
            words,
            &[(&held.id, &held.event_key)],
            now,
        )?;
        queued += 1;
    }
    Ok(queued)
}
