// The one real-time connection of this tab (DESIGN §8): a WebSocket to /api/v1/ws that signs in
// with the access token as its first frame, signs in again before the token runs out, and comes
// back by itself after the network, the server or the laptop's lid went away. Pages listen with
// on(kind, fn): the server's event kinds (chat.message, shift.changed, …), the ephemeral ones
// (presence, chat.typing, chat.read), and this module's own `status` (connected, connecting,
// offline) and `reconnected` (the socket is back: fill the gap from history).
import { accessToken, authedApi, mayHaveSession, onSessionChange } from './auth.js';

const PING_EVERY_MS = 20_000;
const PONG_WITHIN_MS = 10_000;
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 15_000;
const TYPING_EVERY_MS = 2_000;

const CLOSE = { policy: 1008, unauthorized: 4001, forbidden: 4003 };

const listeners = new Map(); // kind → Set of functions
let running = false;
let socket = null;
let state = 'offline';
let attempt = 0; // reconnects since the last good connection, for the backoff
let readyOnce = false; // a `ready` was seen since start(): the next one is a reconnect
let me = null;
const online = new Set();
const typedAt = new Map(); // channelId → when this tab last said "typing" there
const timers = { retry: null, ping: null, pong: null, reauth: null };

// Subscribes `fn(data, frame)` to one kind; answers the way to unsubscribe.
export function on(kind, fn) {
  if (!listeners.has(kind)) listeners.set(kind, new Set());
  listeners.get(kind).add(fn);
  return () => listeners.get(kind)?.delete(fn);
}

function emit(kind, data, frame) {
  for (const fn of [...(listeners.get(kind) || [])]) {
    try {
      fn(data, frame);
    } catch (e) {
      console.error(e); // one page's mistake must not starve the others
    }
  }
}

// 'connected' | 'connecting' | 'offline'.
export const status = () => state;

// The signed-in user as the socket knows them (after the first `ready`), or null.
export const userId = () => me;

export const isOnline = (id) => online.has(id);

function setStatus(next) {
  if (state === next) return;
  state = next;
  emit('status', next);
}

function clearTimer(name) {
  clearTimeout(timers[name]);
  timers[name] = null;
}

// Once signed in (app.js after each page whose visitor is signed in): connects, unless already.
export function start() {
  if (running) return;
  running = true;
  readyOnce = false;
  attempt = 0;
  connect();
}

// Signed out: closes and forgets everything.
export function stop() {
  if (!running) return;
  running = false;
  for (const name of Object.keys(timers)) clearTimer(name);
  drop();
  me = null;
  online.clear();
  typedAt.clear();
  setStatus('offline');
}

// "I am typing in this channel": at most one frame every 2 s per channel.
export function typing(channelId) {
  const now = Date.now();
  if (now - (typedAt.get(channelId) || 0) < TYPING_EVERY_MS) return;
  if (send({ type: 'typing', channelId })) typedAt.set(channelId, now);
}

function send(frame) {
  if (socket?.readyState !== WebSocket.OPEN || state !== 'connected') return false;
  socket.send(JSON.stringify(frame));
  return true;
}

// Closes the current socket without reacting to its close.
function drop() {
  clearTimer('ping');
  clearTimer('pong');
  clearTimer('reauth');
  if (!socket) return;
  const old = socket;
  socket = null;
  old.onopen = old.onmessage = old.onclose = old.onerror = null;
  if (old.readyState === WebSocket.OPEN || old.readyState === WebSocket.CONNECTING) old.close(1000);
}

const url = () => `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/v1/ws`;

async function connect({ fresh = false } = {}) {
  clearTimer('retry');
  if (!running) return;
  drop();
  if (!navigator.onLine) {
    setStatus('offline');
    return; // the `online` event brings us back
  }
  setStatus('connecting');
  let auth;
  try {
    auth = await accessToken({ force: fresh });
  } catch (e) {
    if (e.status === 401 || e.status === 403) stop(); // signed out (auth.js goes to sign-in)
    else retryLater();
    return;
  }
  if (!running || socket) return;
  const ws = new WebSocket(url());
  socket = ws;
  ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token: auth.token }));
  ws.onmessage = (event) => heard(ws, event, auth.refreshAt);
  ws.onclose = (event) => closed(ws, event.code);
}

function heard(ws, event, refreshAt) {
  if (ws !== socket) return;
  let frame;
  try {
    frame = JSON.parse(event.data);
  } catch {
    return;
  }
  clearTimer('pong'); // any frame shows the line is alive
  if (frame.type === 'ready') {
    me = frame.userId;
    online.clear();
    for (const id of frame.online || []) online.add(id);
    attempt = 0;
    setStatus('connected');
    schedulePing();
    scheduleReauth(refreshAt);
    emit('ready', frame);
    if (readyOnce) emit('reconnected', frame);
    readyOnce = true;
    return;
  }
  if (frame.type === 'pong') return;
  if (frame.type === 'presence') {
    // One person's change, or (after `ready`) a batch of the people online: `userIds` either way.
    for (const id of frame.userIds || [frame.userId]) {
      if (frame.online) online.add(id);
      else online.delete(id);
      emit('presence', { ...frame, userId: id });
    }
    return;
  }
  // Committed events carry their payload in `data`; ephemeral frames are the payload.
  emit(frame.type, frame.data ?? frame, frame);
}

function closed(ws, code) {
  if (ws !== socket) return;
  socket = null;
  clearTimer('ping');
  clearTimer('pong');
  clearTimer('reauth');
  if (!running) return;
  setStatus(navigator.onLine ? 'connecting' : 'offline');
  if (code === CLOSE.unauthorized || code === CLOSE.forbidden) {
    // The token ran out or belongs to someone else now: a fresh one, then again at once (once;
    // after that with the backoff, so a server that keeps refusing is not hammered).
    if (attempt === 0) {
      attempt = 1;
      connect({ fresh: true });
    } else retryLater({ fresh: true });
    return;
  }
  if (code === CLOSE.policy) {
    // Revoked, removed, too slow or too many sockets: ask whether the session still stands (a
    // 401 there signs out through auth.js), then come back with the backoff.
    authedApi('/api/v1/auth/me').then(() => retryLater(), (e) => {
      if (e.status === 401 || e.status === 403) stop();
      else retryLater();
    });
    return;
  }
  retryLater();
}

function retryLater(options) {
  if (!running) return;
  clearTimer('retry');
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** attempt);
  attempt += 1;
  // Jitter: half fixed, half random, so a restarted server is not met by every tab at once.
  const delay = ceiling / 2 + Math.random() * (ceiling / 2);
  timers.retry = setTimeout(() => connect(options), delay);
}

// A ping now and then: a connection that died without a word (a network switch, a laptop that
// slept) shows itself by the missing pong, and is given up for a new one.
function ping() {
  if (!send({ type: 'ping' }) || timers.pong) return;
  timers.pong = setTimeout(() => {
    timers.pong = null;
    const ws = socket;
    if (!ws) return;
    ws.close(4000);
    closed(ws, 1006);
  }, PONG_WITHIN_MS);
}

function schedulePing() {
  clearTimer('ping');
  timers.ping = setTimeout(() => {
    ping();
    schedulePing();
  }, PING_EVERY_MS);
}

// Before the token the socket signed in with runs out, a fresh one in an `auth` frame.
function scheduleReauth(refreshAt) {
  clearTimer('reauth');
  const wait = Math.max(5_000, refreshAt - Date.now() + 1_000);
  timers.reauth = setTimeout(async () => {
    let auth;
    try {
      auth = await accessToken();
    } catch {
      return; // the server closes with 4001 at the expiry and closed() takes it from there
    }
    if (send({ type: 'auth', token: auth.token })) scheduleReauth(auth.refreshAt);
  }, wait);
}

// Back at once when the network or the tab is: no waiting out the backoff.
function wake() {
  if (!running) return;
  if (state === 'connected') ping();
  else {
    attempt = 0;
    connect();
  }
}

window.addEventListener('online', wake);
window.addEventListener('offline', () => {
  if (!running) return;
  clearTimer('retry');
  drop();
  setStatus('offline');
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') wake();
});

// Signed out (or the session ended): stop; another session in this tab: a socket of its own.
onSessionChange(() => {
  if (!running) return;
  if (!mayHaveSession()) stop();
  else {
    attempt = 0;
    connect();
  }
});

// Scheduling's event kinds (DESIGN §13): a page that shows shifts reads its data again on them.
export const SCHEDULING_EVENTS = ['shift.created', 'shift.updated', 'shift.deleted', 'shift.published', 'shift.changed',
  'shift.claimed', 'claim.requested', 'claim.decided', 'membership.changed', 'unavailability.changed', 'schedule.deleted'];

// Calls `fn(kinds, events)` once things settle (`wait` ms after the last) when events of `kinds`
// arrive that `accept(kind, data)` takes, and after every reconnect (kinds then holds
// 'reconnected'); `events` are the [{kind, data}] heard meanwhile. Answers the way to stop.
export function whenChanged(kinds, fn, { accept = () => true, wait = 300 } = {}) {
  let timer = null;
  let heard = [];
  const fire = (kind, data) => {
    heard.push({ kind, data });
    clearTimeout(timer);
    timer = setTimeout(() => {
      const events = heard;
      heard = [];
      fn(new Set(events.map((e) => e.kind)), events);
    }, wait);
  };
  const offs = kinds.map((kind) => on(kind, (data) => {
    if (accept(kind, data)) fire(kind, data);
  }));
  offs.push(on('reconnected', () => fire('reconnected', null)));
  return () => {
    clearTimeout(timer);
    for (const off of offs) off();
  };
}
