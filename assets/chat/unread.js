// How many chat messages wait unread, per channel and in all: the shell's badge on every page and
// the chat page's channel list read it here. The server's count (/chat/unread-count) at start and
// after each (re)connect; in between every `chat.message` of someone else adds one, unless its
// conversation is on screen (the chat page marks that read and reports the server's answer).
import { authedApi } from '../auth.js';
import * as realtime from '../realtime.js';

const counts = new Map(); // channelId → unread
const listeners = new Set();
let owner = null; // the user whose counts these are
let viewing = null; // the channel whose conversation is on screen
let serial = 0;
let refetchTimer = null;
let unsubscribe = [];

// fn(total) after every change; answers the way to unsubscribe.
export function onUnread(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export const total = () => [...counts.values()].reduce((sum, n) => sum + n, 0);
export const unreadOf = (channelId) => counts.get(channelId) || 0;

function changed() {
  const sum = total();
  for (const fn of [...listeners]) fn(sum);
}

// The server's count for one channel (the answer of POST …/read, or a channel list).
export function setUnread(channelId, n) {
  if ((counts.get(channelId) || 0) === n) return;
  if (n > 0) counts.set(channelId, n);
  else counts.delete(channelId);
  changed();
}

// The conversation on screen (null: none): its new messages are read as they arrive.
export function setViewing(channelId) {
  viewing = channelId;
}

const seen = (channelId) => viewing === channelId && document.visibilityState === 'visible';

// Asks the server again (soon, once however often asked).
export function refreshUnread(delay = 300) {
  clearTimeout(refetchTimer);
  refetchTimer = setTimeout(load, delay);
}

async function load() {
  if (!owner) return;
  const mine = ++serial;
  let answer;
  try {
    answer = await authedApi('/api/v1/chat/unread-count');
  } catch {
    return; // the badge keeps what it had; the next reconnect asks again
  }
  if (mine !== serial || !owner) return;
  counts.clear();
  for (const c of answer.channels) if (c.unreadCount > 0) counts.set(c.channelId, c.unreadCount);
  changed();
}

// The shell, for each page of someone signed in: counts for whoever that is (once per person).
export function watchUnread(session) {
  const who = session?.permissions.includes('chat.use') ? session.user.id : null;
  if (who === owner) return;
  for (const off of unsubscribe) off();
  unsubscribe = [];
  counts.clear();
  serial += 1;
  owner = who;
  changed();
  if (!who) return;
  unsubscribe = [
    realtime.on('chat.message', (m) => {
      if (m.senderId === owner || seen(m.channelId)) return;
      counts.set(m.channelId, (counts.get(m.channelId) || 0) + 1);
      changed();
    }),
    realtime.on('chat.message.deleted', () => refreshUnread()),
    realtime.on('chat.members.changed', () => refreshUnread()),
    // Read on another device or tab.
    realtime.on('chat.read', (frame) => {
      if (frame.userId === owner) refreshUnread();
    }),
    // Connected (again): what came while the socket was away is in the server's count.
    realtime.on('ready', () => refreshUnread(0)),
  ];
  load();
}
