// How many of my notifications wait unread: the bell in the shell (on every page) and the
// notifications page read it here. The server's count (/notifications/unread-count) at start and
// after each (re)connect; in between every `notification.created` and `notification.read` frame
// carries the count that is true after it, so no frame needs counting here.
import { authedApi } from '../auth.js';
import * as realtime from '../realtime.js';

const listeners = new Set();
let owner = null; // the user whose count this is
let count = 0;
let serial = 0; // bumped by every newer word: an answer to an older request is dropped
let reloadTimer = null;
let unsubscribe = [];

// fn(count) after every change; answers the way to unsubscribe.
export function onUnreadNotifications(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export const unreadNotifications = () => count;

function set(n) {
  const next = Math.max(0, Number.isFinite(n) ? n : 0);
  if (next === count) return;
  count = next;
  for (const fn of [...listeners]) fn(count);
}

// A page changed it here (read one, read all, dismissed one): the count at once, before the
// server's frame confirms it.
export function setUnreadNotifications(n) {
  serial += 1;
  set(n);
}

// Asks the server again (soon, once however often asked): after a change that failed.
export function refreshUnreadNotifications(delay = 300) {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(load, delay);
}

async function load() {
  if (!owner) return;
  const mine = ++serial;
  let answer;
  try {
    answer = await authedApi('/api/v1/notifications/unread-count');
  } catch {
    return; // the bell keeps what it had; the next reconnect asks again
  }
  if (mine === serial && owner) set(answer.count);
}

// A frame's `unreadCount`: the server's count after it.
function heard(data) {
  if (typeof data?.unreadCount !== 'number') return;
  serial += 1;
  set(data.unreadCount);
}

// The shell, for each page of someone signed in (null: signed out): the count of whoever that is,
// once per person.
export function watchNotifications(session) {
  const who = session?.user.id || null;
  if (who === owner) return;
  for (const off of unsubscribe) off();
  unsubscribe = [];
  clearTimeout(reloadTimer);
  serial += 1;
  owner = who;
  set(0);
  if (!who) return;
  unsubscribe = [
    realtime.on('notification.created', heard),
    realtime.on('notification.read', heard),
    // Connected (again): what came while the socket was away is in the server's count.
    realtime.on('ready', () => refreshUnreadNotifications(0)),
  ];
  load();
}
