// The approval inbox as this tab knows it: the server's latest answer of GET /api/v1/inbox, for
// the shell's count beside Inbox (on every page) and for the inbox page itself, so both show the
// same and one request serves them. Read at start, again (debounced) on every event that adds or
// settles something to decide, after each reconnect, and when a page asks (after deciding).
import { authedApi } from '../auth.js';
import { whenChanged } from '../realtime.js';

// Who decides anything here (the route and the menu entry use the same list).
export const DECIDERS = ['schedules.write', 'clock.manage'];

export const EVENTS = ['claim.requested', 'claim.decided', 'timeoff.requested', 'timeoff.decided', 'timesheet.approved',
  'timesheet.unlocked', 'timesheet.corrected', 'clock.punched', 'swap.accepted', 'swap.approved', 'swap.declined',
  'swap.cancelled'];

const listeners = new Set();
let owner = null; // the user whose inbox this is
let answer = null;
let serial = 0;
let running = null; // the request under way: {serial, promise}
let stopLive = null;

// fn(answer) after every answer; answers the way to unsubscribe.
export function onInbox(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export const inboxTotal = () => answer?.total ?? 0;
export const latestInbox = () => answer;

function publish(next) {
  answer = next;
  for (const fn of [...listeners]) fn(next);
}

// The server's inbox now. `fresh`: not the answer to a request sent before (a decision was made
// since). Rejects with the ApiError (the badge keeps what it had; the page shows it).
export function reloadInbox({ fresh = false } = {}) {
  if (!owner) return Promise.reject(new Error('no inbox'));
  if (running && !fresh) return running.promise;
  const mine = ++serial;
  const who = owner;
  const promise = authedApi('/api/v1/inbox').then((next) => {
    if (mine === serial && who === owner) publish(next);
    return next;
  }).finally(() => {
    if (running?.serial === mine) running = null;
  });
  running = { serial: mine, promise };
  return promise;
}

// Decided here (`keys`: kind:id): out of the answer at once, for the count and the page, before
// the server's next answer confirms it. Answers whether there was an answer to change.
export function settleInbox(keys) {
  if (!answer) return false;
  const gone = new Set(keys);
  const items = answer.items.filter((item) => !gone.has(`${item.kind}:${item.id}`));
  const counts = { ...answer.counts };
  for (const item of answer.items) if (gone.has(`${item.kind}:${item.id}`) && counts[item.kind] > 0) counts[item.kind] -= 1;
  publish({ ...answer, items, total: Math.max(0, answer.total - (answer.items.length - items.length)), counts });
  return true;
}

const quietly = () => reloadInbox({ fresh: true }).catch(() => {});

// The shell, for each page of someone signed in: the inbox of whoever that is (once per person);
// null, or someone who decides nothing: none.
export function watchInbox(session) {
  const permissions = session?.permissions || [];
  const who = DECIDERS.some((code) => permissions.includes(code)) ? session.user.id : null;
  if (who === owner) return;
  stopLive?.();
  stopLive = null;
  owner = who;
  serial += 1;
  running = null;
  publish(null);
  if (!who) return;
  // A clock-in anywhere may change a timesheet's open entries: give a burst of punches a second.
  stopLive = whenChanged(EVENTS, quietly, { wait: 600 });
  quietly();
}
