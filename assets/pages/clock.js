// The time clock (/clock), phone first: one big button — Clock in; once in, Clock out with Start
// break beside it; on a break, End break with Clock out — the state and a live timer (worked
// since clocking in, less the breaks; the break's own time while on one), today's shift and the
// last finished entry. Every punch gets its clientId at the tap. One that cannot reach the server
// waits on this device with the moment of the tap (punches.js), shows at once marked "will be
// sent", and goes when the network is back. A punch made on another device arrives as a
// clock.punched event and is shown too. Without a network at all the page starts from what this
// device remembers (offline.js: the last state and today's shift), says so, and asks the server
// again once the network is back.
import { authedApi } from '../auth.js';
import { formatDate, formatRelative, formatTime } from '../format.js';
import { el, errorText, notice } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { rememberClock, rememberedClock } from '../offline.js';
import { flushPunches, newClientId, onPunchQueue, queuedPunches, queuePunch, reasonOf, startPunches } from '../punches.js';
import { whenChanged } from '../realtime.js';
import { pageTitle } from '../shell.js';
import { loadError, page, skeleton } from '../ui.js';
import { allJobs, allLocations, byId, isoDate, jobChip, organizationId, timeRange, today, weekday } from '../rota-common.js';

const TICK_MS = 1000;
const SOON_MS = 12 * 3600 * 1000; // "in 25 min" from this close on
const GEO = { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 };

// What each state offers, the big button first; and which punches fit after it.
const CHOICES = { out: ['in'], in: ['out', 'breakStart'], onBreak: ['breakEnd', 'out'] };
const FITS = { out: ['in'], in: ['breakStart', 'out'], onBreak: ['breakEnd', 'out'] };
const BIG_ICON = { in: 'clock', out: 'log-out', breakEnd: 'timer' };
const SMALL_ICON = { breakStart: 'timer', out: 'log-out' };

let view = null;

export function mount(root, { session }) {
  view = {
    root,
    session,
    me: session.user.id,
    server: null, // the last ClockState the server answered
    serial: 0, // answers to reads older than the newest state are dropped
    pending: null, // the action on its way, if any
    flagged: null, // a punch sent from the list that did not count
    shift: undefined, // today's shift: undefined while unknown, null for none
    jobs: new Map(),
    locations: new Map(),
    hero: el('p', { class: 'clock-hero', 'data-testid': 'clock-timer' }),
    sub: el('p', { class: 'clock-sub', 'data-testid': 'clock-sub' }),
    place: el('p', { class: 'clock-place' }),
    status: el('p', { class: 'clock-status', role: 'status', 'data-testid': 'clock-status' }),
    badge: el('span', { class: 'pill pill-queued', 'data-testid': 'clock-queue', hidden: true }),
    actions: el('div', { class: 'clock-actions' }),
    problem: notice('clock-error'),
    note: el('div', { class: 'banner banner-warn clock-note', role: 'note', 'data-testid': 'clock-note', hidden: true }),
    stale: null, // when the state shown is the one remembered on this device: since when
    staleNote: el('p', { class: 'banner banner-note clock-note', role: 'note', 'data-testid': 'clock-offline', hidden: true }),
    shiftSlot: el('div', { class: 'clock-shift-slot' }),
    lastSlot: el('div', { class: 'clock-last-slot' }),
    queueSlot: el('div', { class: 'clock-queue-slot' }),
  };
  const v = view;
  v.body = el('div', { class: 'clock-page', 'data-testid': 'clock-page' },
    el('section', { class: 'clock-panel', 'aria-label': t('clock.title') },
      el('div', { class: 'clock-face' }, v.place, v.hero, v.sub),
      el('div', { class: 'clock-controls' },
        el('div', { class: 'clock-state-row' }, v.status, v.badge),
        v.actions, v.problem, v.note, v.staleNote)),
    el('div', { class: 'clock-side' }, v.shiftSlot, v.lastSlot, v.queueSlot));
  root.replaceChildren(page('wide', pageTitle(t('clock.title')), v.body));
  v.actions.replaceChildren(skeleton({ rows: 2 }));
  paintPlace();
  paintClock();
  v.timer = setInterval(paintClock, TICK_MS);
  // My punches from another device (or this one), and after a reconnect: the state again.
  v.stopLive = whenChanged(['clock.punched'], () => refresh(), { accept: (kind, data) => data?.userId === v.me });
  v.stopQueue = onPunchQueue(queueChanged);
  v.onNetwork = () => {
    if (navigator.onLine && v.stale) load();
    else render();
  };
  window.addEventListener('online', v.onNetwork);
  window.addEventListener('offline', v.onNetwork);
  startPunches(v.me);
  load();
}

export function unmount() {
  const v = view;
  if (!v) return;
  clearInterval(v.timer);
  v.stopLive();
  v.stopQueue();
  window.removeEventListener('online', v.onNetwork);
  window.removeEventListener('offline', v.onNetwork);
  view = null;
}

// ---- loading -----------------------------------------------------------------------------------

async function load() {
  const v = view;
  const quiet = (promise) => promise.catch((e) => (e.status === 401 ? Promise.reject(e) : null));
  const shifts = v.session.permissions.includes('schedules.read') ? quiet(todaysShift()) : Promise.resolve(null);
  const places = quiet(locations());
  try {
    await refresh({ fail: true });
  } catch (e) {
    if (view !== v || e.status === 401) return;
    if (e.status === 0 && fromDevice(v)) return;
    v.actions.replaceChildren(loadError(e, () => {
      v.actions.replaceChildren(skeleton({ rows: 2 }));
      load();
    }, 'clock-load-error'));
    return;
  }
  const [shift, found] = await Promise.all([shifts, places]).catch(() => [null, null]);
  if (view !== v) return;
  v.shift = shift;
  rememberClock(v.me, v.server, shift);
  if (found) v.locations = found;
  paintPlace();
  render();
}

// No network: the state (and today's shift) last seen on this device, if any.
function fromDevice(v) {
  const kept = rememberedClock(v.me);
  if (!kept) return false;
  v.server = kept.state;
  v.stale = kept.savedAt;
  v.shift = kept.shift && kept.shift.shiftDate === isoDate(today()) ? kept.shift : undefined;
  render();
  return true;
}

// The state as the server has it now; a failure is the caller's (`fail`) or passes quietly (the
// page keeps what it shows; the next event or punch brings it up to date).
async function refresh({ fail = false } = {}) {
  const v = view;
  const ticket = ++v.serial;
  let state;
  try {
    state = await authedApi('/api/v1/clock');
  } catch (e) {
    if (fail) throw e;
    return;
  }
  if (view !== v || (ticket !== v.serial && v.server)) return;
  adopt(state);
  render();
}

// A state that came with a punch: newer than any read still on its way.
function adopt(state) {
  const v = view;
  v.serial += 1;
  v.server = state;
  v.stale = null;
  rememberClock(v.me, state);
}

// Today's shifts (the API's days are the workplace's; today is this device's), with their jobs:
// the one on now or next, else the last one of the day.
async function todaysShift() {
  const day = isoDate(today());
  const [mine, jobs] = await Promise.all([
    authedApi(`/api/v1/me/shifts?${new URLSearchParams({ from: day, to: day })}`),
    allJobs().catch(() => []),
  ]);
  view.jobs = byId(jobs);
  const items = mine.items.filter((s) => s.shiftDate === day).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return items.find((s) => Date.parse(s.endsAt) > Date.now()) || items.at(-1) || null;
}

async function locations() {
  const org = await organizationId();
  return org ? byId(await allLocations(org)) : null;
}

// ---- what is shown ---------------------------------------------------------------------------------

// The server's state with this device's waiting punches played on top of it.
function shown() {
  const v = view;
  return project(v.server, queuedPunches(v.me));
}

const openBreak = (entry) => entry?.breaks.findLast((b) => !b.endedAt) || null;

function project(state, queue) {
  let { status, entry, lastEntry } = state;
  entry = entry && { ...entry, breaks: entry.breaks.map((b) => ({ ...b })) };
  for (const p of queue) {
    if (!FITS[status]?.includes(p.action)) continue; // the server will say it does not fit
    if (p.action === 'in') {
      entry = { clockInAt: p.at, breaks: [], locationId: null };
      status = 'in';
    } else if (p.action === 'breakStart') {
      entry.breaks.push({ startedAt: p.at, endedAt: null });
      status = 'onBreak';
    } else if (p.action === 'breakEnd') {
      openBreak(entry).endedAt = p.at;
      status = 'in';
    } else {
      const running = openBreak(entry);
      if (running) running.endedAt = p.at;
      lastEntry = { ...entry, clockOutAt: p.at, workedMinutes: null, breakMinutes: null };
      entry = null;
      status = 'out';
    }
  }
  return { status, entry, lastEntry };
}

const at = (iso) => Date.parse(iso);

// Milliseconds of an entry's breaks up to `end`, and worked from clocking in to `end`.
function breakMs(entry, end) {
  return entry.breaks.reduce((sum, b) => sum + Math.max(0, Math.min(b.endedAt ? at(b.endedAt) : end, end) - at(b.startedAt)), 0);
}

function workedMs(entry, end = entry.clockOutAt ? at(entry.clockOutAt) : Date.now()) {
  return Math.max(0, end - at(entry.clockInAt) - breakMs(entry, end));
}

const pad = (n) => String(n).padStart(2, '0');

// A running time: "1:05:09".
function stopwatch(ms) {
  const s = Math.floor(Math.max(0, ms) / 1000);
  return `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

// A length of work: "45 min", "8 h", "8 h 05".
function minutesText(minutes) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return t('clock.minutes', { m });
  return m ? t('clock.hoursMinutes', { h, mm: pad(m) }) : t('clock.hours', { h });
}

const dayOf = (date) => `${weekday(date, 'long')} ${formatDate(date)}`;

// The big figure: the time of day while clocked out, the time worked while in, the break's own
// time while on one; every second.
function paintClock() {
  const v = view;
  if (!v) return;
  const now = Date.now();
  const state = v.server && shown();
  const entry = state?.entry;
  if (!entry || state.status === 'out') {
    v.hero.dataset.kind = 'time';
    v.hero.textContent = formatTime(new Date(now));
    v.sub.textContent = dayOf(new Date(now));
    return;
  }
  if (state.status === 'onBreak') {
    const running = openBreak(entry);
    v.hero.dataset.kind = 'break';
    v.hero.textContent = stopwatch(now - at(running.startedAt));
    v.sub.textContent = t('clock.breakSince', { time: formatTime(running.startedAt), worked: stopwatch(workedMs(entry, now)) });
    return;
  }
  v.hero.dataset.kind = 'worked';
  v.hero.textContent = stopwatch(workedMs(entry, now));
  v.sub.textContent = t('clock.workedSince', { time: formatTime(entry.clockInAt) });
}

function paintPlace() {
  const v = view;
  const state = v.server && shown();
  const id = state?.entry?.locationId || v.shift?.locationId || (v.locations.size === 1 ? [...v.locations.keys()][0] : null);
  const name = id && v.locations.get(id)?.name;
  const workplace = v.session.tenant.name;
  v.place.replaceChildren(icon('map-pin', { size: 'sm' }),
    el('span', {}, name && name !== workplace ? `${workplace} · ${name}` : workplace));
}

function render() {
  const v = view;
  if (!v?.server) return;
  const state = shown();
  const queue = queuedPunches(v.me);
  const hadFocus = v.actions.contains(document.activeElement);
  // Said again only when it changes (the status line is read out).
  if (v.status.dataset.status !== state.status) {
    v.status.dataset.status = state.status;
    v.status.replaceChildren(el('span', { class: 'clock-dot', 'aria-hidden': 'true' }), t(`clock.status.${state.status}`));
  }
  paintBadge(queue);
  v.actions.replaceChildren(...CHOICES[state.status].map((action, i) => punchButton(action, i === 0)));
  if (hadFocus) v.actions.querySelector('button')?.focus();
  paintNote(state);
  paintStale();
  paintShift();
  paintLast(state.lastEntry);
  paintQueue(queue);
  paintPlace();
  paintClock();
}

function punchButton(action, big) {
  const v = view;
  const sending = v.pending === action;
  const label = t(sending ? `clock.sending.${action}` : `clock.action.${action}`);
  const button = el('button', { type: 'button', class: big ? 'clock-button' : 'button button-secondary clock-second',
    'data-testid': `clock-${action}`, 'data-action': action, disabled: v.pending !== null, 'aria-busy': sending ? 'true' : null },
  icon((big ? BIG_ICON : SMALL_ICON)[action] || 'clock', { size: big ? 'lg' : undefined }), el('span', {}, label));
  button.addEventListener('click', () => punch(action));
  return button;
}

// "Offline — will be sent · 1 waiting" while punches wait on this device.
function paintBadge(queue) {
  const v = view;
  v.badge.hidden = queue.length === 0;
  v.badge.dataset.count = String(queue.length);
  if (!queue.length) return;
  v.badge.replaceChildren(icon('wifi-off', { size: 'sm' }),
    el('span', {}, t(navigator.onLine ? 'clock.queue.notSent' : 'clock.queue.offline')),
    el('span', { class: 'pill-count', 'data-testid': 'clock-queue-count' }, tn('clock.queue.count', queue.length)));
}

// A forgotten clock-out the server flagged, or a punch from the list that did not count.
function paintNote(state) {
  const v = view;
  const text = state.entry?.missedClockOut ? t('clock.missed', { time: formatTime(state.entry.clockInAt) })
    : v.flagged ? t('clock.queue.notCounted', v.flagged) : '';
  v.note.textContent = text;
  v.note.hidden = !text;
}

// "No connection — this is where you stood at 08:58, as this device remembers it."
function paintStale() {
  const v = view;
  v.staleNote.hidden = !v.stale;
  if (v.stale) v.staleNote.textContent = t('clock.offlineStart', { time: formatTime(v.stale) });
}

function paintShift() {
  const v = view;
  if (v.shift === undefined) {
    v.shiftSlot.replaceChildren();
    return;
  }
  const s = v.shift;
  const tile = el('span', { class: 'clock-tile', 'aria-hidden': 'true' }, icon('calendar'));
  if (!s) {
    v.shiftSlot.replaceChildren(el('section', { class: 'card clock-card', 'data-testid': 'clock-shift' }, tile,
      el('div', { class: 'clock-card-text' }, el('p', { class: 'clock-card-label' }, t('clock.todayShift')),
        el('p', { class: 'clock-card-main is-none', 'data-testid': 'clock-no-shift' }, t('clock.noShift')))));
    return;
  }
  const start = at(s.startsAt);
  const now = Date.now();
  const when = at(s.endsAt) <= now ? el('span', { class: 'pill pill-ended' }, t('clock.shiftEnded'))
    : start <= now ? el('span', { class: 'pill pill-now' }, t('myShifts.onNow'))
      : start - now < SOON_MS ? el('span', { class: 'pill pill-soon' }, formatRelative(s.startsAt)) : null;
  v.shiftSlot.replaceChildren(el('section', { class: 'card clock-card', 'data-testid': 'clock-shift' }, tile,
    el('div', { class: 'clock-card-text' },
      el('p', { class: 'clock-card-label' }, t('clock.todayShift')),
      el('p', { class: 'clock-card-main', 'data-testid': 'clock-shift-time' }, timeRange(s.startTime, s.endTime)),
      (s.jobId || s.breakMinutes > 0) && el('p', { class: 'shift-meta' }, s.jobId && jobChip(v.jobs.get(s.jobId)),
        s.breakMinutes > 0 && el('span', { class: 'meta-item' }, icon('clock-4', { size: 'sm' }),
          t('myShifts.break', { n: s.breakMinutes })))),
    when));
}

// "Last shift" (with its day when that was not today), "09:00–17:30 · 8 h worked".
function paintLast(last) {
  const v = view;
  if (!last?.clockOutAt) {
    v.lastSlot.replaceChildren();
    return;
  }
  const minutes = last.workedMinutes ?? Math.floor(workedMs(last) / 60000);
  const pause = last.breakMinutes ?? Math.floor(breakMs(last, at(last.clockOutAt)) / 60000);
  const range = `${formatTime(last.clockInAt)}–${formatTime(last.clockOutAt)}`;
  const day = isoDate(new Date(last.clockInAt)) === isoDate(today()) ? null : dayOf(new Date(last.clockInAt));
  v.lastSlot.replaceChildren(el('section', { class: 'card clock-card', 'data-testid': 'clock-last' },
    el('span', { class: 'clock-tile is-quiet', 'aria-hidden': 'true' }, icon('check')),
    el('div', { class: 'clock-card-text' },
      el('p', { class: 'clock-card-label' }, day ? t('clock.lastOn', { day }) : t('clock.last')),
      el('p', { class: 'clock-card-line', 'data-testid': 'clock-last-text' },
        t('clock.lastWorked', { range, worked: minutesText(minutes) })),
      pause >= 1 && el('p', { class: 'clock-card-label' }, t('clock.lastBreaks', { minutes: minutesText(pause) })))));
}

// The punches waiting on this device, each with the time it was made.
function paintQueue(queue) {
  const v = view;
  if (!queue.length) {
    v.queueSlot.replaceChildren();
    return;
  }
  v.queueSlot.replaceChildren(el('section', { class: 'card clock-queue', 'data-testid': 'clock-queue-list' },
    el('h2', {}, t('clock.queue.title')),
    el('ul', {}, ...queue.map((p) => el('li', { 'data-testid': 'clock-queued-punch' },
      icon('wifi-off', { size: 'sm' }), el('span', {}, t('clock.queue.item', { action: t(`clock.action.${p.action}`),
        time: formatTime(p.at, { seconds: true }) }))))),
    el('p', { class: 'muted' }, t('clock.queue.hint'))));
}

// ---- punching --------------------------------------------------------------------------------------

async function punch(action) {
  const v = view;
  if (v.pending) return;
  // Made now, once: the same punch keeps its id and its moment however often it is sent.
  const made = { action, clientId: newClientId(), at: new Date().toISOString() };
  v.pending = action;
  v.flagged = null;
  v.problem.clear();
  render();
  // Punches still waiting go first, so this one follows them at the server too.
  if (navigator.onLine && queuedPunches(v.me).length) await flushPunches();
  if (!navigator.onLine || queuedPunches(v.me).length) {
    keep(v, made);
    return;
  }
  let answer;
  try {
    answer = await send(v, made);
  } catch (e) {
    // No answer, or a server in trouble: the punch waits here (sending it again is safe), also
    // when the page was left meanwhile.
    if (e.status === 0 || e.status === 408 || e.status === 429 || e.status >= 500) {
      keep(v, made);
      return;
    }
    if (view !== v) return;
    v.pending = null;
    if (e.status !== 401) v.problem.say('bad', e.code === 'validation_failed' ? reasonOf(e) : errorText(e));
    render();
    // Refused as out of step: another device may have punched; show where things stand.
    if (e.status === 409) refresh();
    return;
  }
  if (view !== v) return;
  v.pending = null;
  if (answer.punch?.flags?.includes('out_of_sequence')) v.flagged = flagOf(made);
  adopt(answer.state);
  render();
}

const flagOf = (made) => ({ action: t(`clock.action.${made.action}`), time: formatTime(made.at) });

function keep(v, made) {
  queuePunch(v.me, made);
  v.pending = null;
  if (view === v) render();
}

// An online punch; when the location's clock wants the position (400 with `geo`), once more
// with it.
async function send(v, made) {
  const body = { action: made.action, clientId: made.clientId };
  try {
    return await authedApi('/api/v1/clock', { method: 'POST', body });
  } catch (e) {
    if (e.status !== 400 || !e.fields?.geo) throw e;
  }
  v.problem.say('note', t('clock.geoAsking'));
  try {
    return await authedApi('/api/v1/clock', { method: 'POST', body: { ...body, geo: await position() } });
  } finally {
    v.problem.clear();
  }
}

// This device's position, asked only when the server needs it; a refusal becomes the message.
function position() {
  return new Promise((resolve, reject) => {
    const fail = (key) => reject(Object.assign(new Error(t(key)), { status: 400, code: 'geo', fields: {} }));
    if (!navigator.geolocation) {
      fail('clock.geoNeeded');
      return;
    }
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => resolve({ latitude: coords.latitude, longitude: coords.longitude,
        accuracy: Number.isFinite(coords.accuracy) ? Math.min(coords.accuracy, 100000) : undefined }),
      (error) => fail(error.code === error.PERMISSION_DENIED ? 'clock.geoNeeded' : 'clock.geoFailed'),
      GEO);
  });
}

// The list changed: a punch from it reached the server (its state is the newest), was refused
// (punches.js said why), or another tab added one.
function queueChanged(event) {
  const v = view;
  if (!v || event.userId !== v.me) return;
  if (event.sent?.answer?.state) adopt(event.sent.answer.state);
  if (event.sent?.answer?.punch?.flags?.includes('out_of_sequence')) {
    v.flagged = flagOf(event.sent.punch);
  }
  render();
  if (event.refused) refresh();
}
