// My shifts, phone first: the week at a glance (days with a shift marked, the week's hours), my
// published shifts from today on, week by week, each with its job, place, break and
// instructions; the open shifts of my schedules I may take (claim); and the times I cannot work
// (unavailability), which I add and remove myself.
import { authedApi } from '../auth.js';
import { calendarFeedCard } from '../calendar-feed.js';
import { swapsSection } from '../swaps.js';
import { modal } from '../dialog.js';
import { formatDate, formatRelative } from '../format.js';
import { busy, el, errorText, field, setError } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { SCHEDULING_EVENTS, whenChanged } from '../realtime.js';
import { pageTitle } from '../shell.js';
import { emptyState, iconButton, loadError, page, skeleton, toast } from '../ui.js';
import {
  addDays, allJobs, allLocations, allSchedules, byId, checkField, clearOnInput, dayLabel, daysBetween, fromIso, hoursText, isoDate,
  jobChip, notOver, organizationId, paintJob, rotaSettings, shiftDay, timeRange, today, weekday, weekStart,
} from '../rota-common.js';

const WEEKS = 5; // this week and the four after it
const UNAVAILABILITY_DAYS = 60; // the API answers at most 62 days at a time
const SOON_MS = 12 * 3600 * 1000; // "Starts in 3 h" from this close on
const DEFAULT_REPEAT_WEEKS = 8;

let view = null;

export function mount(root, { session }) {
  view = {
    root,
    me: session.user.id,
    week: 0, // the week the strip shows: 0 = this week
    requested: new Set(), // open shifts asked for, waiting for a manager's yes
    weekSlot: el('div'),
    shiftsSlot: el('div', { class: 'my-section' }),
    openSlot: el('div', { class: 'my-section' }),
    awaySlot: el('div', { class: 'my-section' }),
  };
  view.body = el('div', { class: 'my-shifts', 'data-testid': 'my-shifts-page' });
  // My offers decide which shifts show "Offer"; a swap that moved a shift reads my shifts again.
  view.swaps = swapsSection({ me: view.me, mayReadTeam: session.permissions.includes('users.read'), head: (title, count = null) => sectionHead(title, count), changed: swapsChanged });
  root.replaceChildren(page('wide', pageTitle(t('myShifts.title')), view.body));
  // The server sends only what concerns me: any scheduling event reads my week again.
  view.stopLive = whenChanged(SCHEDULING_EVENTS, liveReload);
  start();
}

// The four parts in their places, each loading; again after a failed load.
function start() {
  const v = view;
  v.body.replaceChildren(el('div', { class: 'my-grid' },
    el('div', { class: 'my-main' }, v.weekSlot, v.shiftsSlot),
    el('div', { class: 'my-side' }, v.openSlot, v.swaps.node, v.awaySlot, el('div', { class: 'my-section' }, calendarFeedCard()))));
  showLoading();
  load();
}

export function unmount() {
  view?.stopLive();
  view?.swaps.stop();
  view = null;
}

// A published week, a claim decided, a schedule joined: the lists again, quietly, keeping the
// week the strip shows. New schedules mean a fresh start.
async function liveReload(kinds) {
  const v = view;
  if (!v?.shifts) return;
  if (kinds.has('membership.changed') || kinds.has('schedule.deleted')) {
    load();
    return;
  }
  try {
    await loadShifts();
  } catch {
    return; // the page keeps what it shows; the next event tries again
  }
  if (view !== v) return;
  v.week = Math.min(v.week, WEEKS - 1);
  renderShifts();
  loadOpenShifts({ quiet: true });
  if (kinds.has('unavailability.changed') || kinds.has('reconnected')) loadUnavailability();
}

function showLoading() {
  const v = view;
  v.weekSlot.replaceChildren(el('section', { class: 'card week-card' }, skeleton({ rows: 2 })));
  v.shiftsSlot.replaceChildren(sectionHead(t('myShifts.upcoming')), el('div', { class: 'card' }, skeleton({ rows: 3 })));
  v.openSlot.replaceChildren(sectionHead(t('myShifts.open')), el('div', { class: 'card' }, skeleton({ rows: 2 })));
  v.awaySlot.replaceChildren();
}

// ---- loading ------------------------------------------------------------------------------------

// The range every list covers: from this week's first day, five weeks on, in the browser's days.
function range() {
  const start = weekStart(today(), view.weekStartsOn);
  return { start, end: addDays(start, WEEKS * 7 - 1) };
}

async function load() {
  const v = view;
  try {
    const [settings, schedules, jobs, org] = await Promise.all([rotaSettings(), allSchedules(), allJobs(), organizationId()]);
    if (view !== v) return;
    v.weekStartsOn = settings.weekStartsOn;
    v.jobs = byId(jobs);
    v.schedules = schedules;
    v.mine = schedules.filter((s) => (s.assigneeUserIdsExpanded || []).includes(v.me));
    const locations = org ? await allLocations(org) : [];
    if (view !== v) return;
    v.locations = byId(locations);
    await loadShifts();
  } catch (e) {
    if (view !== v || e.status === 401) return;
    v.body.replaceChildren(el('section', { class: 'card' }, loadError(e, start, 'my-shifts-error')));
    return;
  }
  if (view !== v) return;
  if (!v.mine.length && !v.shifts.length) {
    v.body.replaceChildren(el('section', { class: 'card' }, emptyState({ icon: 'calendar-x', title: t('myShifts.noSchedule'),
      hint: t('myShifts.noScheduleHint'), testId: 'my-shifts-no-schedule' })));
    return;
  }
  v.week = firstBusyWeek();
  renderShifts();
  loadOpenShifts();
  loadUnavailability();
}

// The strip opens on this week, unless it holds no shift and a later week does.
function firstBusyWeek() {
  const thisWeek = weekDays(0).some((d) => shiftsOn(isoDate(d)).length);
  const next = view.shifts.find(notOver);
  return thisWeek || !next ? 0 : weekIndex(next.shiftDate);
}

// Which of the weeks shown a date falls in: 0 = this week.
const weekIndex = (iso) => Math.floor(daysBetween(range().start, fromIso(iso)) / 7);

async function loadShifts() {
  const v = view;
  const { start, end } = range();
  const data = await authedApi(`/api/v1/me/shifts?${new URLSearchParams({ from: isoDate(start), to: isoDate(end) })}`);
  if (view !== v) return;
  v.shifts = data.items.slice().sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

// ---- the week strip ---------------------------------------------------------------------------------

function weekDays(index) {
  const first = addDays(range().start, index * 7);
  return Array.from({ length: 7 }, (_, i) => addDays(first, i));
}

const paidMinutes = (shifts) => shifts.reduce((sum, s) => sum + (s.durationMinutes || 0), 0);

function shiftsOn(iso) {
  return view.shifts.filter((s) => s.shiftDate === iso);
}

function weekName(index, first) {
  if (index === 0) return t('myShifts.thisWeek');
  if (index === 1) return t('myShifts.nextWeek');
  return t('myShifts.weekOf', { date: formatDate(first) });
}

function renderWeek() {
  const v = view;
  const days = weekDays(v.week);
  const now = isoDate(today());
  const inWeek = days.flatMap((d) => shiftsOn(isoDate(d)));
  const step = (delta, name, label) => {
    const target = v.week + delta;
    const b = el('button', { type: 'button', class: 'button button-secondary icon-only', 'aria-label': label,
      'data-testid': `week-${delta < 0 ? 'prev' : 'next'}`, disabled: target < 0 || target >= WEEKS }, icon(name));
    b.addEventListener('click', () => {
      v.week = target;
      renderWeek();
      // Focus stays on the arrow, or moves to the other one at the end of the range.
      const steps = [...v.weekSlot.querySelectorAll('.week-steps .button')];
      (delta < 0 ? steps : steps.reverse()).find((x) => !x.disabled)?.focus();
    });
    return b;
  };
  const cells = days.map((d) => dayCell(d, now));
  v.weekSlot.replaceChildren(el('section', { class: 'card week-card', 'data-testid': 'my-week', 'aria-label': t('myShifts.weekLabel') },
    el('div', { class: 'week-head' },
      el('div', {},
        el('h2', { class: 'week-title', 'data-testid': 'my-week-title' }, weekName(v.week, days[0])),
        el('p', { class: 'week-range' }, `${formatDate(days[0])} – ${formatDate(days[6])}`)),
      el('div', { class: 'week-steps' }, step(-1, 'chevron-left', t('myShifts.prevWeek')),
        step(1, 'chevron-right', t('myShifts.nextWeek')))),
    el('ol', { class: 'week-days' }, ...cells),
    el('p', { class: 'week-foot', 'data-testid': 'my-week-summary' },
      el('span', {}, t('myShifts.planned')),
      el('span', {}, el('strong', {}, tn('myShifts.shiftCount', inWeek.length)), inWeek.length > 0 && ' · ',
        inWeek.length > 0 && el('strong', {}, hoursText(paidMinutes(inWeek)))))));
}

// One day of the strip: its letter and number, today ringed, a dot per shift (in the job's
// colour); a day with an upcoming shift is a button that brings its card into view.
function dayCell(date, now) {
  const iso = isoDate(date);
  const shifts = shiftsOn(iso);
  const target = shifts.find((s) => notOver(s));
  const past = iso < now;
  const dots = el('span', { class: 'day-dots', 'aria-hidden': 'true' },
    ...shifts.slice(0, 3).map((s) => paintJob(el('span', { class: 'job-dot' }), view.jobs.get(s.jobId)?.color)));
  const label = [weekday(date, 'long'), formatDate(date),
    shifts.length ? tn('myShifts.shiftCount', shifts.length) : t('myShifts.free')].join(', ');
  const inner = [el('span', { class: 'day-letter', 'aria-hidden': 'true' }, weekday(date, 'narrow')),
    el('span', { class: 'day-number', 'aria-hidden': 'true' }, String(date.getDate())), dots];
  const cls = `week-day${iso === now ? ' is-today' : ''}${past ? ' is-past' : ''}${shifts.length ? ' has-shift' : ''}`;
  if (!target) {
    return el('li', { class: cls }, el('span', { class: 'day-inner', role: 'img', 'aria-label': label }, ...inner));
  }
  const button = el('button', { type: 'button', class: 'day-inner', 'aria-label': label, 'data-testid': 'week-day' }, ...inner);
  button.addEventListener('click', () => {
    const card = view.shiftsSlot.querySelector(`[data-id="${CSS.escape(target.id)}"]`);
    card?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    card?.focus({ preventScroll: true });
  });
  return el('li', { class: cls }, button);
}

// ---- my shifts, week by week ----------------------------------------------------------------------------

function renderShifts() {
  const v = view;
  renderWeek();
  const upcoming = v.shifts.filter(notOver);
  const head = sectionHead(t('myShifts.upcoming'), upcoming.length ? upcoming.length : null,
    el('a', { href: fullSchedule(), class: 'card-link', 'data-testid': 'my-shifts-full' }, t('myShifts.fullSchedule')));
  if (!upcoming.length) {
    v.shiftsSlot.replaceChildren(head, el('section', { class: 'card' }, emptyState({ icon: 'calendar',
      title: t('myShifts.none'), hint: t('myShifts.noneHint'), testId: 'my-shifts-empty' })));
    return;
  }
  const first = range().start;
  const groups = new Map();
  for (const s of upcoming) {
    const index = weekIndex(s.shiftDate);
    if (!groups.has(index)) groups.set(index, []);
    groups.get(index).push(s);
  }
  v.shiftsSlot.replaceChildren(head, ...[...groups].map(([index, shifts]) => el('div', { class: 'shift-group' },
    el('h3', { class: 'group-title' }, weekName(index, addDays(first, index * 7)),
      el('span', { class: 'group-sum' }, hoursText(paidMinutes(shifts)))),
    el('ul', { class: 'shift-list' }, ...shifts.map(shiftCard)))));
}

// The whole team's week: the board of my one schedule, or the list when I am on several.
function fullSchedule() {
  const { mine } = view;
  return mine.length === 1 ? `/schedules/board?${new URLSearchParams({ id: mine[0].id })}` : '/schedules';
}

function sectionHead(title, count = null, tool = null) {
  return el('div', { class: 'section-head' },
    el('h2', {}, title, count !== null && el('span', { class: 'count-badge' }, String(count))), tool);
}

function scheduleOf(shift) {
  return view.schedules.find((s) => s.id === shift.scheduleId);
}

// Where and what: the job, the place (the schedule's location, or the schedule when I am on
// several) and the break.
function shiftMeta(shift, { slots = false } = {}) {
  const v = view;
  const schedule = scheduleOf(shift);
  const location = schedule?.locationId && v.locations.get(schedule.locationId);
  const place = v.mine.length > 1 || !location ? schedule?.name : location.name;
  return el('p', { class: 'shift-meta' },
    jobChip(v.jobs.get(shift.jobId)),
    place && el('span', { class: 'meta-item' }, icon('map-pin', { size: 'sm' }), place),
    shift.breakMinutes > 0 && el('span', { class: 'meta-item' }, icon('clock-4', { size: 'sm' }),
      t('myShifts.break', { n: shift.breakMinutes })),
    slots && el('span', { class: 'meta-item', 'data-testid': 'open-shift-slots' }, icon('users', { size: 'sm' }),
      tn('myShifts.slotsFree', Math.max(0, shift.slots - shift.claimed))));
}

// "On now", "Starts in 25 min" or "Published".
function shiftState(shift) {
  const start = new Date(shift.startsAt).getTime();
  const now = Date.now();
  if (start <= now) return el('span', { class: 'pill pill-now' }, t('myShifts.onNow'));
  if (start - now < SOON_MS) return el('span', { class: 'pill pill-soon' }, t('myShifts.startsIn', { when: formatRelative(shift.startsAt) }));
  return el('span', { class: 'pill' }, icon('check', { size: 'sm' }), t('myShifts.published'));
}

function shiftCard(shift) {
  const isToday = shift.shiftDate === isoDate(today());
  return paintJob(el('li', { class: `shift-card${isToday ? ' is-today' : ''}`, tabindex: '-1', 'data-testid': 'my-shift',
    'data-id': shift.id, 'data-status': shift.status, 'data-date': shift.shiftDate },
  el('div', { class: 'shift-top' }, el('span', { class: 'shift-day' }, shiftDay(shift.shiftDate)), shiftState(shift)),
  el('p', { class: 'shift-time' }, el('span', { 'data-testid': 'my-shift-time' }, timeRange(shift.startTime, shift.endTime)),
    el('span', { class: 'shift-length' }, hoursText(shift.durationMinutes))),
  shift.title && el('p', { class: 'shift-title' }, shift.title),
  shiftMeta(shift),
  shift.instructions && el('p', { class: 'shift-note' }, icon('info', { size: 'sm' }), el('span', {}, shift.instructions)),
  shift.isOpenShift ? null : el('div', { class: 'shift-actions' }, offerButton(shift))),
  view.jobs.get(shift.jobId)?.color);
}

// After my swaps were read (`quiet`: only the Offer buttons follow) or a swap moved a shift.
async function swapsChanged({ quiet = false } = {}) {
  const v = view;
  if (!v?.shifts) return;
  if (!quiet) {
    try {
      await loadShifts();
    } catch {
      return;
    }
    if (view !== v) return;
  }
  renderShifts();
}

function offerButton(shift) {
  const v = view;
  if (new Date(shift.startsAt).getTime() <= Date.now() || v.swaps.offered(shift.id)) return null;
  const button = el('button', { type: 'button', class: 'button button-ghost button-small', 'data-testid': 'swap-offer',
    'aria-label': t('swaps.offerOf', { when: `${dayLabel(shift.shiftDate)} ${timeRange(shift.startTime, shift.endTime)}` }) },
  icon('users', { size: 'sm' }), t('swaps.offer'));
  button.addEventListener('click', async () => {
    if (await v.swaps.offer(shift, scheduleOf(shift)) && view === v) renderShifts();
  });
  return button;
}

// ---- open shifts I may take -------------------------------------------------------------------------

async function loadOpenShifts({ quiet = false } = {}) {
  const v = view;
  const from = isoDate(today());
  const to = isoDate(range().end);
  if (!quiet || !v.open) v.openSlot.replaceChildren(sectionHead(t('myShifts.open')), el('div', { class: 'card' }, skeleton({ rows: 2 })));
  let lists;
  try {
    lists = await Promise.all(v.mine.map((s) => authedApi(`/api/v1/schedules/${encodeURIComponent(s.id)}/shifts?${
      new URLSearchParams({ from, to })}`)));
  } catch (e) {
    if (view !== v || e.status === 401) return;
    v.openSlot.replaceChildren(sectionHead(t('myShifts.open')), el('section', { class: 'card' },
      loadError(e, loadOpenShifts, 'open-shifts-error')));
    return;
  }
  if (view !== v) return;
  v.open = lists.flatMap((l) => l.items)
    .filter((s) => s.isOpenShift && s.status === 'published' && (s.claimable || v.requested.has(s.id)))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  renderOpenShifts();
}

function renderOpenShifts() {
  const v = view;
  const head = sectionHead(t('myShifts.open'), v.open.length || null);
  if (!v.open.length) {
    v.openSlot.replaceChildren(head, el('section', { class: 'card' }, emptyState({ icon: 'hand', title: t('myShifts.openNone'),
      hint: t('myShifts.openNoneHint'), testId: 'open-shifts-empty' })));
    return;
  }
  v.openSlot.replaceChildren(head, el('ul', { class: 'shift-list' }, ...v.open.map(openCard)));
}

function openCard(shift) {
  const problem = el('div', { class: 'banner banner-bad open-problem', role: 'alert', 'data-testid': 'claim-error', hidden: true });
  const action = view.requested.has(shift.id) ? requestedTag() : claimButton(shift, problem);
  return paintJob(el('li', { class: 'shift-card open-card', 'data-testid': 'open-shift', 'data-id': shift.id },
    el('div', { class: 'open-body' },
      el('span', { class: 'shift-day' }, shiftDay(shift.shiftDate)),
      el('p', { class: 'shift-time' }, timeRange(shift.startTime, shift.endTime),
        el('span', { class: 'shift-length' }, hoursText(shift.durationMinutes))),
      shift.title && el('p', { class: 'shift-title' }, shift.title),
      shiftMeta(shift, { slots: true })),
    el('div', { class: 'open-action' }, action),
    problem), view.jobs.get(shift.jobId)?.color);
}

function claimButton(shift, problem) {
  const button = el('button', { type: 'button', class: 'button claim-button', 'data-testid': 'claim-shift',
    'aria-label': t('myShifts.claimOf', { when: `${dayLabel(shift.shiftDate)} ${timeRange(shift.startTime, shift.endTime)}` }) },
  t('myShifts.claim'));
  button.addEventListener('click', () => claim(shift, button, problem));
  return button;
}

const requestedTag = () => el('span', { class: 'pill pill-requested', 'data-testid': 'claim-requested' },
  icon('clock', { size: 'sm' }), t('myShifts.requested'));

async function claim(shift, button, problem) {
  const v = view;
  problem.hidden = true;
  const restore = busy(button, t('myShifts.claiming'));
  let answer;
  try {
    answer = await authedApi(`/api/v1/schedules/${encodeURIComponent(shift.scheduleId)}/shifts/${encodeURIComponent(shift.id)}/claim`,
      { method: 'POST' });
  } catch (e) {
    if (view !== v || e.status === 401) return;
    restore();
    // Why not: the server's reason, and each conflict that stands in the way.
    const reasons = (e.conflicts || []).map((c) => c.message).filter(Boolean);
    problem.replaceChildren(el('p', {}, errorText(e)), ...(reasons.length ? [el('ul', {}, ...reasons.map((r) => el('li', {}, r)))] : []));
    problem.hidden = false;
    return;
  }
  if (view !== v) return;
  if (answer.claim.status === 'pending') {
    v.requested.add(shift.id);
    button.replaceWith(requestedTag());
    toast(t('myShifts.claimPending'), { testId: 'my-shifts-notice' });
    return;
  }
  if (answer.claim.status === 'declined') {
    restore();
    problem.replaceChildren(el('p', {}, t('myShifts.claimDeclined')));
    problem.hidden = false;
    return;
  }
  toast(t('myShifts.claimed', { when: dayLabel(shift.shiftDate) }), { testId: 'my-shifts-notice' });
  try {
    await loadShifts();
  } catch (e) {
    if (e.status !== 401) toast(errorText(e), { kind: 'bad', testId: 'my-shifts-notice' });
  }
  if (view !== v) return;
  renderShifts();
  loadOpenShifts();
}

// ---- when I cannot work ---------------------------------------------------------------------------

// Unavailability hangs under a schedule; it is the person's own, so the first of theirs will do.
const awaySchedule = () => view.mine[0] || null;

async function loadUnavailability() {
  const v = view;
  const schedule = awaySchedule();
  if (!schedule) {
    v.awaySlot.replaceChildren(sectionHead(t('away.title')), el('section', { class: 'card' },
      emptyState({ icon: 'calendar-x', title: t('away.noSchedule'), hint: t('away.noScheduleHint'), testId: 'unavailability-none' })));
    return;
  }
  const from = today();
  v.awayEnd = addDays(from, UNAVAILABILITY_DAYS);
  const query = new URLSearchParams({ from: isoDate(from), to: isoDate(v.awayEnd) });
  let data;
  try {
    data = await authedApi(`/api/v1/schedules/${encodeURIComponent(schedule.id)}/unavailabilities?${query}`);
  } catch (e) {
    if (view !== v || e.status === 401) return;
    v.awaySlot.replaceChildren(sectionHead(t('away.title')), el('section', { class: 'card' },
      loadError(e, loadUnavailability, 'unavailability-error')));
    return;
  }
  if (view !== v) return;
  v.away = data.items.filter((u) => u.userId === v.me)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  renderUnavailability();
}

// A repeated entry is one row: its next date and how it repeats. [{first, entries}] in date order.
function awayGroups() {
  const groups = new Map();
  for (const u of view.away) {
    const key = u.seriesId || u.id;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(u);
  }
  return [...groups.values()].map((entries) => ({ first: entries[0], entries }));
}

function renderUnavailability() {
  const v = view;
  const add = iconButton('plus', t('away.add'), { kind: 'button-secondary button-small', testId: 'unavailability-add' });
  const formSlot = el('div');
  add.addEventListener('click', () => {
    add.hidden = true;
    formSlot.replaceChildren(awayForm(() => {
      formSlot.replaceChildren();
      add.hidden = false;
      add.focus();
    }));
  });
  const groups = awayGroups();
  const list = groups.length
    ? el('ul', { class: 'away-list' }, ...groups.map(awayItem))
    : emptyState({ icon: 'moon', title: t('away.none'), hint: t('away.noneHint'), testId: 'unavailability-empty' });
  v.awaySlot.replaceChildren(sectionHead(t('away.title'), null, add),
    el('section', { class: 'card card-flush away-card', 'data-testid': 'unavailability' }, formSlot, list));
}

// How a series repeats: ["Every Tuesday", "until 26-01-2027"]; the end only when it lies inside
// the range read (a later one may follow outside it).
function repeatText(entries, rangeEnd) {
  const days = entries.map((u) => fromIso(u.unavailabilityDate));
  const gaps = days.slice(1).map((d, i) => daysBetween(days[i], d));
  const name = weekday(days[0], 'long');
  const gap = gaps.every((g) => g === gaps[0]) ? gaps[0] : null;
  const how = gap === 7 ? t('away.everyWeek', { day: name }) : gap === 14 ? t('away.everyOtherWeek', { day: name })
    : tn('away.dates', entries.length);
  const last = days.at(-1);
  const ends = gap === null || addDays(last, gap) <= rangeEnd;
  return [how, ends && t('away.until', { date: formatDate(last) })].filter(Boolean);
}

function awayTimes(u) {
  return u.allDay || !u.startTime ? t('away.allDay') : timeRange(u.startTime, u.endTime);
}

function awayItem({ first, entries }) {
  const series = entries.length > 1;
  const remove = el('button', { type: 'button', class: 'button button-ghost button-small button-danger-quiet icon-only',
    'data-testid': 'unavailability-delete', 'aria-label': t('away.deleteOf', { date: dayLabel(first.unavailabilityDate) }) },
  icon('trash-2', { size: 'sm' }));
  remove.addEventListener('click', () => removeAway(first, series));
  return el('li', { class: 'away-item', 'data-testid': 'unavailability-item', 'data-id': first.id, 'data-series': series ? 'true' : null },
    el('span', { class: 'away-icon', 'aria-hidden': 'true' }, icon(first.allDay ? 'calendar-x' : 'clock')),
    el('div', { class: 'away-main' },
      el('span', { class: 'away-date' }, dayLabel(first.unavailabilityDate), el('span', { class: 'away-times' }, ` · ${awayTimes(first)}`)),
      series && el('span', { class: 'away-repeat', 'data-testid': 'unavailability-repeat' }, icon('calendar', { size: 'sm' }),
        ...repeatText(entries, view.awayEnd).map((part, i) => el('span', { class: 'nowrap' }, i ? ` · ${part}` : part))),
      first.note && el('span', { class: 'away-note' }, first.note)),
    remove);
}

// One entry, or (for a series) this one and the later ones: the person picks in the dialog.
async function removeAway(entry, series) {
  const v = view;
  let choice = null;
  const content = [];
  if (series) {
    const name = `away-scope-${entry.id}`;
    const option = (value, label, checked) => {
      const input = el('input', { type: 'radio', name, value, checked, 'data-testid': `unavailability-scope-${value}` });
      return { input, node: el('label', { class: 'check' }, input, el('span', {}, label)) };
    };
    const one = option('one', t('away.deleteOne', { date: dayLabel(entry.unavailabilityDate) }), true);
    const later = option('series', t('away.deleteSeries'), false);
    choice = () => (later.input.checked ? 'series' : 'one');
    content.push(el('fieldset', { class: 'field' }, el('legend', {}, t('away.deleteWhich')), one.node, later.node));
  }
  const done = await modal({
    title: t('away.deleteTitle'),
    intro: t('away.deleteText', { date: dayLabel(entry.unavailabilityDate), times: awayTimes(entry) }),
    content,
    submitLabel: t('away.delete'),
    busyLabel: t('away.deleting'),
    danger: true,
    testId: 'unavailability-delete-dialog',
    onSubmit: () => {
      const all = choice?.() === 'series';
      return authedApi(`/api/v1/schedules/${encodeURIComponent(awaySchedule().id)}/unavailabilities/${
        encodeURIComponent(entry.id)}${all ? '?series=true' : ''}`, { method: 'DELETE' });
    },
  });
  if (!done || view !== v) return;
  toast(t('away.deleted'), { testId: 'my-shifts-notice' });
  loadUnavailability();
}

// ---- adding a time I cannot work ------------------------------------------------------------------------

function awayFields() {
  const start = addDays(today(), 1);
  return {
    date: field({ name: 'unavailabilityDate', label: t('away.date'), type: 'date', value: isoDate(start),
      attrs: { required: true, min: isoDate(today()), 'data-testid': 'unavailability-date' } }),
    allDay: checkField({ name: 'allDay', label: t('away.allDayLabel'), checked: true, attrs: { 'data-testid': 'unavailability-all-day' } }),
    startTime: field({ name: 'startTime', label: t('away.from'), type: 'time', value: '09:00',
      attrs: { 'data-testid': 'unavailability-from' } }),
    endTime: field({ name: 'endTime', label: t('away.to'), type: 'time', value: '17:00', attrs: { 'data-testid': 'unavailability-to' } }),
    note: field({ name: 'note', label: t('away.note'), optional: true, hint: t('away.noteHint'),
      attrs: { maxlength: '500', autocomplete: 'off', 'data-testid': 'unavailability-note' } }),
    repeat: checkField({ name: 'repeat', label: t('away.repeat'), attrs: { 'data-testid': 'unavailability-repeat-weekly' } }),
    until: field({ name: 'until', label: t('away.repeatUntil'), type: 'date',
      value: isoDate(addDays(start, DEFAULT_REPEAT_WEEKS * 7)), attrs: { 'data-testid': 'unavailability-until' } }),
  };
}

function awayForm(close) {
  const v = view;
  const f = awayFields();
  clearOnInput(f);
  const times = el('div', { class: 'field-pair', hidden: true }, f.startTime.node, f.endTime.node);
  const until = el('div', { class: 'field-indent', hidden: true }, f.until.node);
  f.allDay.input.addEventListener('change', () => {
    times.hidden = f.allDay.input.checked;
  });
  f.repeat.input.addEventListener('change', () => {
    until.hidden = !f.repeat.input.checked;
  });
  const banner = el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'unavailability-error', hidden: true });
  const save = el('button', { type: 'submit', class: 'button', 'data-testid': 'unavailability-save' }, t('away.save'));
  const cancel = el('button', { type: 'button', class: 'button button-secondary' }, t('dialog.cancel'));
  cancel.addEventListener('click', close);
  const form = el('form', { class: 'away-form', novalidate: true, 'data-testid': 'unavailability-form' },
    el('h3', {}, t('away.addTitle')),
    f.date.node, f.allDay.node, times, f.note.node, f.repeat.node, until, banner,
    el('div', { class: 'actions' }, cancel, save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    banner.hidden = true;
    const body = awayBody(f);
    if (!body) return;
    const restore = busy(save, t('away.saving'));
    try {
      await authedApi(`/api/v1/schedules/${encodeURIComponent(awaySchedule().id)}/unavailabilities`, { method: 'POST', body });
    } catch (e) {
      if (view !== v || e.status === 401) return;
      restore();
      const named = { unavailabilityDate: f.date, startTime: f.startTime, endTime: f.endTime, note: f.note, 'repeat.until': f.until };
      let shown = false;
      for (const [name, message] of Object.entries(e.fields || {})) {
        if (named[name]) {
          setError(named[name].input, named[name].line, message);
          shown = true;
        }
      }
      if (!shown) {
        banner.textContent = errorText(e);
        banner.hidden = false;
      }
      return;
    }
    if (view !== v) return;
    toast(body.repeat ? t('away.savedSeries') : t('away.saved'), { testId: 'my-shifts-notice' });
    loadUnavailability();
  });
  queueMicrotask(() => f.date.input.focus());
  return form;
}

// The form as the API wants it, or null with the problems shown at their fields.
function awayBody(f) {
  const problems = [];
  const date = f.date.input.value;
  const allDay = f.allDay.input.checked;
  const repeat = f.repeat.input.checked;
  if (!date) problems.push([f.date, t('form.required')]);
  if (!allDay) {
    if (!f.startTime.input.value) problems.push([f.startTime, t('form.required')]);
    if (!f.endTime.input.value) problems.push([f.endTime, t('form.required')]);
    else if (f.startTime.input.value && f.endTime.input.value <= f.startTime.input.value) {
      problems.push([f.endTime, t('away.timeOrder')]);
    }
  }
  if (repeat && (!f.until.input.value || f.until.input.value <= date)) problems.push([f.until, t('away.untilOrder')]);
  for (const [target, message] of problems) setError(target.input, target.line, message);
  if (problems.length) {
    problems[0][0].input.focus();
    return null;
  }
  const body = { unavailabilityDate: date, allDay };
  if (!allDay) Object.assign(body, { startTime: f.startTime.input.value, endTime: f.endTime.input.value });
  const note = f.note.input.value.trim();
  if (note) body.note = note;
  if (repeat) body.repeat = { frequency: 'weekly', until: f.until.input.value };
  return body;
}
