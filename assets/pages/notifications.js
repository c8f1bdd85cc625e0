// My notifications (/notifications), newest first: each with its title and body (worded by the
// server in my language, and set as text), how long ago, and a dot while unread. Opening one
// follows its link and marks it read; × dismisses it (it only leaves this list, so no asking
// first). All or only the unread, everything read at once, more on request. New ones arrive live
// at the top, and what is read on another device or tab follows. The bell's count
// (notifications/store.js) moves at once with what is done here; the server's frames confirm it.
import { authedApi } from '../auth.js';
import { formatDateTime, formatRelative } from '../format.js';
import { busy, el, errorText, uid } from '../forms.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import {
  onUnreadNotifications, refreshUnreadNotifications, setUnreadNotifications, unreadNotifications,
} from '../notifications/store.js';
import * as realtime from '../realtime.js';
import { pageTitle } from '../shell.js';
import { emptyState, loadError, page, skeleton, toast } from '../ui.js';

const LIMIT = 20;
const FILTERS = ['all', 'unread'];
// The first part of an event key says what it is about.
const ICONS = { shift: 'calendar-days', claim: 'hand', swap: 'users', timeoff: 'sun', clock: 'clock', timesheet: 'file-text',
  chat: 'message-square' };

let view = null;

const iconFor = (eventKey) => ICONS[String(eventKey || '').split('.')[0]] || 'bell';

// A path inside this app ("/my-shifts"), else null: a notification never leads to another site.
function inApp(link) {
  return typeof link === 'string' && link.startsWith('/') && !link.startsWith('//') && !link.includes('\\') ? link : null;
}

// In the list now: all of them, or the unread ones (one read here leaves the server's unread list
// but stays on screen, read, until the list is loaded again).
const matches = (v, item) => v.filter === 'all' || !item.readAt;

export function mount(root) {
  const filter = new URLSearchParams(location.search).get('filter') === 'unread' ? 'unread' : 'all';
  const v = {
    filter,
    items: [],
    nodes: new Map(), // id → {node, sig}
    live: [], // arrived while a fresh list was being read
    reading: false,
    loaded: false,
    more: false,
    serial: 0,
    marking: false,
  };
  view = v;

  v.unreadCount = el('span', { class: 'notif-count', 'data-testid': 'notif-unread-count', hidden: true });
  const name = uid('notif-filter');
  v.radios = FILTERS.map((value) => {
    const input = el('input', { type: 'radio', name, value, checked: value === filter, 'data-testid': `notif-filter-${value}` });
    input.addEventListener('change', () => setFilter(value));
    return input;
  });
  const filters = el('div', { class: 'segmented notif-filters', role: 'radiogroup', 'aria-label': t('notif.filter') },
    ...v.radios.map((input, i) => el('label', { class: 'segmented-option' }, input,
      el('span', {}, t(`notif.filter.${FILTERS[i]}`), FILTERS[i] === 'unread' ? v.unreadCount : null))));
  v.markAll = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': 'notif-mark-all' },
    icon('check-check', { size: 'sm' }), el('span', {}, t('notif.markAll')));
  v.markAll.addEventListener('click', markAll);
  const settings = el('a', { href: '/notifications/settings', class: 'button button-ghost button-small notif-settings-link',
    'aria-label': t('notif.settingsLabel'), title: t('notif.settingsLabel'), 'data-testid': 'notif-settings-link' },
  icon('settings', { size: 'sm' }), el('span', { class: 'notif-settings-text' }, t('notif.settings')));

  v.list = el('ul', { class: 'notif-list', 'data-testid': 'notif-list', 'aria-label': t('notif.listLabel') });
  v.area = el('div', { class: 'list-area', 'aria-busy': 'true', 'data-testid': 'notif-area' }, skeleton({ rows: 4, avatar: true }));
  v.moreButton = el('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'notif-more' }, t('notif.loadMore'));
  v.moreButton.addEventListener('click', () => load({ more: true }));
  v.foot = el('div', { class: 'notif-foot', hidden: true }, v.moreButton);
  v.announcer = el('p', { class: 'sr-only', 'aria-live': 'polite', 'data-testid': 'notif-announcer' });

  root.replaceChildren(page('form', pageTitle(t('notif.title')),
    el('div', { class: 'notif-page', 'data-testid': 'notif-page' },
      el('div', { class: 'notif-toolbar' }, filters, el('div', { class: 'notif-tools' }, v.markAll, settings)),
      el('section', { class: 'card card-flush notif-card', 'data-testid': 'notif-card' }, v.area, v.foot),
      v.announcer)));

  v.offs = [
    onUnreadNotifications(paintCount),
    realtime.on('notification.created', arrived),
    realtime.on('notification.read', readElsewhere),
    // Back after the socket was away: what happened meanwhile is in a fresh list.
    realtime.on('reconnected', () => load()),
  ];
  // "5 min ago" stays true while the page is open.
  v.ticker = setInterval(() => {
    for (const node of v.list.querySelectorAll('time[datetime]')) node.textContent = formatRelative(node.dateTime);
  }, 60_000);
  paintCount();
  load();
}

export function unmount() {
  if (!view) return;
  for (const off of view.offs) off();
  clearInterval(view.ticker);
  view = null;
}

// ---- loading ------------------------------------------------------------------------------------

// The first page afresh, or (`more`) the pages after what is shown. Counting what is shown gives
// the page: the next one not shown sits at that place in the server's list, whatever arrived or
// was dismissed meanwhile. A page that overlaps is answered twice in part (those are dropped), so
// while one brings few new ones the next is read too.
async function load({ more = false } = {}) {
  const v = view;
  const mine = ++v.serial;
  const refocus = more && document.activeElement === v.moreButton;
  const restore = more ? busy(v.moreButton, t('notif.loadingMore')) : null;
  if (!more) {
    v.live = [];
    v.reading = true;
    if (v.loaded) v.area.setAttribute('aria-busy', 'true');
  }
  const first = more ? v.items.length : 0;
  let number = more ? Math.floor(v.items.filter((item) => matches(v, item)).length / LIMIT) + 1 : 1;
  for (let pages = 0; ; pages += 1) {
    const query = new URLSearchParams({ page: String(number), limit: String(LIMIT) });
    if (v.filter === 'unread') query.set('unread', 'true');
    let data;
    try {
      data = await authedApi(`/api/v1/notifications?${query}`);
    } catch (e) {
      if (view !== v) return;
      restore?.();
      if (mine !== v.serial || e.status === 401) return; // 401: already on the way to sign-in
      v.reading = false;
      v.area.removeAttribute('aria-busy');
      if (v.loaded) toast(errorText(e), { kind: 'bad', testId: 'notif-toast-bad' });
      else {
        v.area.replaceChildren(loadError(e, () => {
          v.area.replaceChildren(skeleton({ rows: 4, avatar: true }));
          load();
        }, 'notif-error'));
      }
      if (more && v.items.length > first) render();
      return;
    }
    if (view !== v || mine !== v.serial) {
      if (view === v) restore?.();
      return;
    }
    if (more) {
      const shown = new Set(v.items.map((item) => item.id));
      v.items.push(...data.items.filter((item) => !shown.has(item.id)));
    } else {
      // What arrived live while this was read stays on top, once.
      const listed = new Set(data.items.map((item) => item.id));
      v.items = [...v.live.filter((item) => !listed.has(item.id)), ...data.items];
      v.live = [];
      v.reading = false;
    }
    v.more = data.total > (number - 1) * data.limit + data.items.length;
    if (!more || !v.more || v.items.length - first >= LIMIT / 2 || pages >= 2) break;
    number += 1;
  }
  restore?.();
  v.loaded = true;
  render();
  // After "Load more" the keyboard goes on with the first one it brought.
  if (refocus && v.items.length > first) v.nodes.get(v.items[first].id)?.node.querySelector('.notif-open')?.focus();
  else if (refocus && !v.foot.hidden) v.moreButton.focus();
}

function setFilter(value) {
  const v = view;
  if (v.filter === value) return;
  v.filter = value;
  for (const input of v.radios) input.checked = input.value === value;
  history.replaceState(null, '', value === 'unread' ? '/notifications?filter=unread' : '/notifications');
  v.items = [];
  v.loaded = false;
  v.foot.hidden = true;
  v.area.setAttribute('aria-busy', 'true');
  v.area.replaceChildren(skeleton({ rows: 4, avatar: true }));
  load();
}

// ---- the list -----------------------------------------------------------------------------------

function render() {
  const v = view;
  v.area.removeAttribute('aria-busy');
  const used = new Set(v.items.map((item) => item.id));
  for (const id of [...v.nodes.keys()]) if (!used.has(id)) v.nodes.delete(id);
  if (!v.items.length) {
    v.list.replaceChildren();
    v.area.replaceChildren(v.filter === 'unread' ? noneUnread() : emptyState({ icon: 'bell', title: t('notif.empty'),
      hint: t('notif.emptyHint'), testId: 'notif-empty' }));
  } else {
    // Items that stay keep their place in the document (and the focus).
    v.items.map(nodeFor).forEach((node, i) => {
      if (v.list.children[i] !== node) v.list.insertBefore(node, v.list.children[i] || null);
    });
    while (v.list.children.length > v.items.length) v.list.lastElementChild.remove();
    if (v.area.firstChild !== v.list) v.area.replaceChildren(v.list);
  }
  v.foot.hidden = !v.more || !v.items.length;
}

function noneUnread() {
  const all = el('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'notif-show-all' }, t('notif.showAll'));
  all.addEventListener('click', () => setFilter('all'));
  return emptyState({ icon: 'check-check', title: t('notif.noneUnread'), hint: t('notif.noneUnreadHint'), action: all,
    testId: 'notif-empty' });
}

function nodeFor(item) {
  const v = view;
  const sig = JSON.stringify([item.title, item.body, item.link, item.critical, item.createdAt, item.eventKey]);
  let entry = v.nodes.get(item.id);
  if (entry?.sig !== sig) {
    const node = build(item);
    entry?.node.replaceWith(node);
    entry = { node, sig };
    v.nodes.set(item.id, entry);
  }
  paintRead(entry.node, item);
  return entry.node;
}

// Read or not changes the dot and the weight, not the item: a click on it is still under way.
function paintRead(node, item) {
  const unread = !item.readAt;
  node.dataset.unread = String(unread);
  node.querySelector('.notif-unread').hidden = !unread;
}

function build(item) {
  const link = inApp(item.link);
  const title = el('span', { class: 'notif-title', 'data-testid': 'notif-title' });
  title.textContent = item.title;
  const body = el('span', { class: 'notif-body', 'data-testid': 'notif-body' });
  body.textContent = item.body;
  const when = el('time', { class: 'notif-time', datetime: item.createdAt, title: formatDateTime(item.createdAt),
    'data-testid': 'notif-time' });
  when.textContent = formatRelative(item.createdAt);
  const critical = item.critical && el('span', { class: 'tag tag-inactive notif-critical' }, t('notif.critical'));
  const content = [
    el('span', { class: 'sr-only notif-unread' }, `${t('notif.unread')}: `),
    el('span', { class: 'notif-head' }, title, critical, when),
    body,
  ];
  // With a link: the router follows it and this marks it read. Without one: a click reads it.
  const open = link
    ? el('a', { href: link, class: 'notif-open', 'data-testid': 'notif-open' }, ...content)
    : el('button', { type: 'button', class: 'notif-open', 'data-testid': 'notif-open' }, ...content);
  open.addEventListener('click', () => markRead(item.id));
  open.addEventListener('auxclick', (event) => {
    if (event.button === 1) markRead(item.id);
  });
  const dismissButton = el('button', { type: 'button', class: 'button button-ghost notif-dismiss',
    'aria-label': t('notif.dismiss', { title: item.title }), title: t('notif.dismiss', { title: item.title }),
    'data-testid': 'notif-dismiss' }, icon('x', { size: 'sm' }));
  dismissButton.addEventListener('click', () => dismiss(item.id));
  return el('li', { class: 'notif-item', 'data-id': item.id, 'data-event': item.eventKey, 'data-testid': 'notif-item' },
    el('span', { class: 'notif-dot', 'aria-hidden': 'true' }),
    el('span', { class: 'notif-icon', 'aria-hidden': 'true' }, icon(iconFor(item.eventKey))),
    open, dismissButton);
}

function paintCount() {
  const v = view;
  if (!v) return;
  const n = unreadNotifications();
  v.unreadCount.hidden = n <= 0;
  v.unreadCount.textContent = n > 99 ? '99+' : String(n);
  if (!v.marking) v.markAll.disabled = n <= 0;
}

// ---- reading and dismissing ------------------------------------------------------------------------

async function markRead(id) {
  const v = view;
  const item = v?.items.find((i) => i.id === id);
  if (!item || item.readAt) return;
  item.readAt = new Date().toISOString();
  setUnreadNotifications(unreadNotifications() - 1);
  render();
  try {
    const answer = await authedApi(`/api/v1/notifications/${encodeURIComponent(id)}/read`, { method: 'PATCH' });
    item.readAt = answer?.readAt || item.readAt;
  } catch (e) {
    refreshUnreadNotifications();
    if (view !== v || e.status === 401) return;
    if (e.status === 404) v.items = v.items.filter((i) => i.id !== id); // gone meanwhile (dismissed elsewhere)
    else {
      item.readAt = null;
      toast(errorText(e), { kind: 'bad', testId: 'notif-toast-bad' });
    }
    render();
  }
}

async function dismiss(id) {
  const v = view;
  const at = v.items.findIndex((i) => i.id === id);
  if (at < 0) return;
  const [item] = v.items.splice(at, 1);
  const hadFocus = v.nodes.get(id)?.node.contains(document.activeElement);
  if (!item.readAt) setUnreadNotifications(unreadNotifications() - 1);
  render();
  // The keyboard goes on with the next one (or the one before, or the filter).
  if (hadFocus) {
    const next = v.items[at] || v.items[at - 1];
    (next ? v.nodes.get(next.id)?.node.querySelector('.notif-dismiss') : v.radios.find((r) => r.checked))?.focus();
  }
  try {
    await authedApi(`/api/v1/notifications/${encodeURIComponent(id)}`, { method: 'DELETE' });
  } catch (e) {
    refreshUnreadNotifications();
    if (view !== v || e.status === 401 || e.status === 404) return; // 404: gone already
    v.items.splice(Math.min(at, v.items.length), 0, item);
    render();
    toast(errorText(e), { kind: 'bad', testId: 'notif-toast-bad' });
  }
}

async function markAll() {
  const v = view;
  v.marking = true;
  const restore = busy(v.markAll, t('notif.markingAll'));
  try {
    await authedApi('/api/v1/notifications/mark-all-read', { method: 'POST', body: {} });
  } catch (e) {
    if (view !== v) return;
    v.marking = false;
    restore();
    paintCount();
    if (e.status !== 401) toast(errorText(e), { kind: 'bad', testId: 'notif-toast-bad' });
    return;
  }
  if (view !== v) return;
  const now = new Date().toISOString();
  for (const item of v.items) item.readAt ??= now;
  v.marking = false;
  restore();
  setUnreadNotifications(0);
  paintCount();
  render();
  toast(t('notif.allRead'), { testId: 'notif-toast' });
}

// ---- live -----------------------------------------------------------------------------------------

function arrived(data) {
  const v = view;
  if (!v || !data?.id || v.items.some((i) => i.id === data.id)) return;
  const item = { ...data };
  delete item.unreadCount;
  if (v.reading) v.live.unshift(item); // the list being read may not have it yet
  if (!v.loaded) return;
  v.items.unshift(item);
  render();
  v.announcer.textContent = t('notif.arrived', { title: item.title });
}

// Read on another device or tab (or here: then nothing changes).
function readElsewhere(data) {
  const v = view;
  if (!v) return;
  const ids = data?.all ? null : new Set(data?.ids || []);
  const now = new Date().toISOString();
  let changed = false;
  for (const item of v.items) {
    if (!item.readAt && (!ids || ids.has(item.id))) {
      item.readAt = now;
      changed = true;
    }
  }
  if (changed) render();
}
