// Time-clock punches that have not reached the server yet (pages/clock.js makes them): kept on
// this device per person (localStorage), oldest first, each with the clientId made when it was
// tapped and the moment of the tap; sent as offline punches when the network returns, at start-up
// and every 30 s, wherever in the app the person is. A 200 or 201 takes a punch off the list (200:
// the server already had that clientId, so sending twice counts once); a refusal (a 4xx other than
// 401) takes it off too, with the server's reason in a toast; anything else keeps it for later.
import { authedApi, mayHaveSession, onSessionChange } from './auth.js';
import { formatDateTime, formatTime } from './format.js';
import { t } from './i18n.js';
import { toast } from './ui.js';

const KEY = 'staffroom.clock.queue.'; // + the user's id
const RETRY_MS = 30_000;
const ACTIONS = ['in', 'out', 'breakStart', 'breakEnd'];

let user = null;
let timer = null;
let sending = null;
const listeners = new Set();
const memory = new Map(); // user id → list, when this browser refuses storage

// A new punch's id: a UUID, also without a secure context (crypto.randomUUID needs one; a LAN
// address over plain http is not).
export function newClientId() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function read(who) {
  if (!who) return [];
  try {
    const list = JSON.parse(localStorage.getItem(KEY + who) || '[]');
    return Array.isArray(list) ? list.filter((p) => ACTIONS.includes(p?.action) && typeof p.clientId === 'string'
      && !Number.isNaN(Date.parse(p.at))) : [];
  } catch {
    return memory.get(who) || [];
  }
}

function write(who, list) {
  memory.set(who, list);
  try {
    if (list.length) localStorage.setItem(KEY + who, JSON.stringify(list));
    else localStorage.removeItem(KEY + who);
  } catch {
    // Storage refused: this tab still holds the list (memory) and keeps sending it.
  }
}

// Listeners hear `fn({userId, sent?: {punch, answer}, refused?: {punch, error}})` on every change
// of a person's list.
export function onPunchQueue(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function changed(extra = {}) {
  for (const fn of [...listeners]) {
    try {
      fn({ userId: user, ...extra });
    } catch (e) {
      console.error(e);
    }
  }
}

// `userId`'s punches still to be sent, oldest first.
export const queuedPunches = (userId) => read(userId);

// Keeps `userId`'s `punch` ({action, clientId, at}) until the server has it.
export function queuePunch(userId, punch) {
  user = userId;
  const list = read(userId).filter((p) => p.clientId !== punch.clientId);
  write(userId, [...list, { action: punch.action, clientId: punch.clientId, at: punch.at }]);
  changed();
}

function remove(who, clientId) {
  write(who, read(who).filter((p) => p.clientId !== clientId));
}

// Once signed in (app.js): this person's list is sent now, when the network returns and every 30 s.
export function startPunches(userId) {
  if (user !== userId) memory.clear();
  user = userId;
  timer ??= setInterval(() => flushPunches(), RETRY_MS);
  flushPunches();
}

// Sends the list, oldest first; answers once it is sent or the network failed again. One run at a
// time: a second call waits for the one under way.
export function flushPunches() {
  sending ??= send().finally(() => {
    sending = null;
  });
  return sending;
}

const retryLater = (e) => e.status === 0 || e.status === 401 || e.status === 408 || e.status === 429 || e.status >= 500;

async function send() {
  const who = user;
  while (who && who === user && navigator.onLine !== false && mayHaveSession()) {
    const [punch] = read(who);
    if (!punch) return;
    let answer;
    try {
      answer = await authedApi('/api/v1/clock', {
        method: 'POST',
        body: { action: punch.action, clientId: punch.clientId, offline: true, at: punch.at },
      });
    } catch (e) {
      if (retryLater(e)) return;
      remove(who, punch.clientId);
      refused(punch, e);
      if (who === user) changed({ refused: { punch, error: e } });
      continue;
    }
    remove(who, punch.clientId);
    accepted(punch, answer);
    if (who === user) changed({ sent: { punch, answer } });
  }
}

// "Start break", "09:12" (with the date when it was not today).
const what = (punch) => ({
  action: t(`clock.action.${punch.action}`),
  time: new Date(punch.at).toDateString() === new Date().toDateString() ? formatTime(punch.at) : formatDateTime(punch.at),
});

// The server's reason, with what it says of each field ("at: at most 72 hours ago…").
export function reasonOf(error) {
  const fields = Object.values(error.fields || {});
  return fields.length ? fields.join(' ') : error.message;
}

function refused(punch, error) {
  toast(t('clock.queue.refused', { ...what(punch), message: reasonOf(error) }), { kind: 'bad', testId: 'clock-queue-notice' });
}

// Kept, but the server marked it: not counted (it did not fit), or counted and for the manager to
// look at (made away from the location, without a position, too early).
function accepted(punch, answer) {
  const flags = answer?.punch?.flags || [];
  if (flags.includes('out_of_sequence')) {
    toast(t('clock.queue.notCounted', what(punch)), { kind: 'bad', testId: 'clock-queue-notice' });
  } else if (flags.length) {
    const why = flags.map((f) => t(`clock.flag.${f}`)).join(', ');
    toast(t('clock.queue.review', { ...what(punch), why }), { testId: 'clock-queue-notice' });
  }
}

window.addEventListener('online', () => {
  if (user) flushPunches();
});
// Another tab of this person added or sent punches.
window.addEventListener('storage', (event) => {
  if (user && event.key === KEY + user) changed();
});
// Signed out, or someone else signed in: nothing is sent until app.js names who is signed in
// now (a list waits on this device for its person's next sign-in).
onSessionChange(() => {
  user = null;
});
