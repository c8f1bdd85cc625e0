// Chat (/chat, /chat/CHANNEL): the conversations beside the open one; on a phone two screens,
// the list and the conversation with a way back. The parts live in assets/chat/: the list, the
// conversation, its messages, the composer, the dialogs and the info panel; this page loads the
// channels, follows the address, and hands the real-time events to the part they concern.
import { go } from '../nav.js';
import { t } from '../i18n.js';
import { el } from '../forms.js';
import { icon } from '../icons.js';
import * as realtime from '../realtime.js';
import { fullBleed, pageTitle, showMyPicture } from '../shell.js';
import { emptyState, loadError, skeleton, toast } from '../ui.js';
import * as chat from '../chat/api.js';
import { openConversation } from '../chat/conversation.js';
import { newDirectDialog, newGroupDialog } from '../chat/dialogs.js';
import { channelList, sections } from '../chat/list.js';
import { paintPresence } from '../chat/people.js';
import { onUnread, refreshUnread, setUnread, setViewing } from '../chat/unread.js';

const PHONE = window.matchMedia('(max-width: 899.98px)');
const OFFLINE_AFTER_MS = 1500; // a socket that is back within this shows no banner

let view = null;

const pathChannel = () => decodeURIComponent(location.pathname.split('/')[2] || '') || null;

export function mount(root, { session }) {
  fullBleed(true);
  pageTitle(t('chat.title'));
  view = {
    root,
    me: session.user.id,
    manage: session.permissions.includes('chat.manage'),
    workplace: session.tenant.name,
    people: new Map(), // everyone chat has named, by id
    channels: new Map(),
    loaded: false,
    conv: null,
    offlineTimer: null,
    listTimer: null,
    offs: [],
  };
  const v = view;
  v.list = channelList({ on: { newDirect: startDirect, newGroup: startGroup } });
  v.main = el('div', { class: 'chat-main' }, el('div', { class: 'chat-conv' }, skeleton({ rows: 6, avatar: true })));
  v.banner = el('div', { class: 'chat-banner', role: 'status', 'data-testid': 'chat-offline', hidden: true });
  v.node = el('div', { class: 'chat', 'data-testid': 'chat-page' }, v.banner, v.list.node, v.main);
  root.replaceChildren(v.node);
  v.onPhone = () => place();
  PHONE.addEventListener('change', v.onPhone);
  v.onVisible = () => {
    if (document.visibilityState === 'visible') v.conv?.shown();
  };
  document.addEventListener('visibilitychange', v.onVisible);
  listen();
  paintStatus(realtime.status());
  start();
}

export function update() {
  if (!view) return;
  pageTitle(t('chat.title'));
  select(pathChannel());
}

export function unmount() {
  const v = view;
  if (!v) return;
  view = null;
  fullBleed(false);
  setViewing(null);
  PHONE.removeEventListener('change', v.onPhone);
  document.removeEventListener('visibilitychange', v.onVisible);
  clearTimeout(v.offlineTimer);
  clearTimeout(v.listTimer);
  for (const off of v.offs) off();
  v.conv?.destroy();
}

// ---- loading ------------------------------------------------------------------------------------------

async function start() {
  const v = view;
  try {
    const [channels, people] = await Promise.all([chat.listChannels(), chat.findPeople()]);
    if (view !== v) return;
    for (const u of people) v.people.set(u.id, u);
    if (v.people.has(v.me)) showMyPicture(v.people.get(v.me).avatarUrl);
    adoptChannels(channels);
  } catch (e) {
    if (view !== v || e.status === 401) return;
    v.main.replaceChildren(el('section', { class: 'chat-conv' }, loadError(e, start, 'chat-error')));
    return;
  }
  v.loaded = true;
  select(pathChannel(), { replace: true });
}

function adoptChannels(channels) {
  const v = view;
  v.channels = new Map(channels.map((ch) => [ch.id, ch]));
  for (const ch of channels) {
    if (ch.directUser) v.people.set(ch.directUser.id, { ...v.people.get(ch.directUser.id), ...ch.directUser });
    // The open conversation reads itself; the others' counts are the server's.
    if (ch.id !== v.conv?.id) setUnread(ch.id, ch.unreadCount);
  }
  paintList();
}

// The list again from the server (a conversation appeared or went), soon and once.
function reloadList(delay = 250) {
  const v = view;
  clearTimeout(v.listTimer);
  v.listTimer = setTimeout(async () => {
    try {
      const channels = await chat.listChannels();
      if (view !== v) return;
      adoptChannels(channels);
      if (v.conv && !v.channels.has(v.conv.id)) left();
    } catch {
      // Kept as it was; the next reconnect asks again.
    }
  }, delay);
}

function paintList() {
  const v = view;
  v.list.paint([...v.channels.values()], v.conv?.id || null, { me: v.me, people: v.people });
}

// ---- which conversation is open ----------------------------------------------------------------------

function select(id, { replace = false } = {}) {
  const v = view;
  if (!v.loaded) return;
  if (!id && !PHONE.matches) {
    // A desktop always shows a conversation: the first of the list.
    const { rooms, direct, groups } = sections([...v.channels.values()]);
    const first = rooms[0] || direct[0] || groups[0];
    if (first) {
      history.replaceState(null, '', `/chat/${encodeURIComponent(first.id)}`);
      id = first.id;
    }
  }
  if (v.conv?.id === id && id) {
    place();
    return;
  }
  v.fromList = PHONE.matches && !v.conv && !replace && v.listShown === true;
  v.conv?.destroy();
  v.conv = null;
  setViewing(null);
  v.listShown = !id;
  if (!id) {
    v.main.replaceChildren(el('section', { class: 'chat-conv' }, emptyState({ icon: 'message-square', title: t('chat.none'),
      hint: t('chat.noneHint'), testId: 'chat-none' })));
  } else {
    const channel = v.channels.get(id) || { id, kind: 'group', name: '', readCursor: '0', memberCount: 0 };
    v.conv = openConversation(channel, {
      me: v.me,
      manage: v.manage,
      workplace: v.workplace,
      people: v.people,
      shown: () => view === v && (!PHONE.matches || v.node.classList.contains('show-conversation')),
      on: {
        // Back where the reader came from when that was the list (the browser's Back agrees).
        back: () => (v.fromList ? history.back() : go('/chat')),
        changed: (ch) => {
          if (!v.channels.has(ch.id)) return;
          v.channels.set(ch.id, { ...v.channels.get(ch.id), ...ch });
          paintList();
        },
        left: (ch) => left(ch),
      },
    });
    v.main.replaceChildren(v.conv.node);
    setViewing(id);
    if (!replace && !PHONE.matches) v.conv.focus();
  }
  place();
  paintList();
}

// Two screens on a phone: the list, or the open conversation.
function place() {
  const v = view;
  const open = Boolean(v.conv);
  v.node.classList.toggle('show-conversation', open);
  setViewing(open ? v.conv.id : null);
  if (open) v.conv.shown();
}

// I left the conversation, or was taken out of it: back to the list.
function left(channel) {
  const v = view;
  const id = channel?.id || v.conv?.id;
  const name = channel?.name || v.channels.get(id)?.name || '';
  if (id) {
    v.channels.delete(id);
    setUnread(id, 0);
  }
  if (id && v.conv?.id === id) {
    toast(t('chat.leftConversation', { name }), { testId: 'chat-toast' });
    v.conv.destroy();
    v.conv = null;
    go('/chat', { replace: true });
  }
  paintList();
}

async function startDirect() {
  const v = view;
  const detail = await newDirectDialog({ me: v.me });
  if (!detail || view !== v) return;
  openCreated(detail);
}

async function startGroup() {
  const v = view;
  const detail = await newGroupDialog({ me: v.me });
  if (!detail || view !== v) return;
  openCreated(detail);
}

function openCreated(detail) {
  const v = view;
  const { members, ...channel } = detail;
  for (const m of members) if (!v.people.has(m.id)) v.people.set(m.id, m);
  v.channels.set(channel.id, { ...v.channels.get(channel.id), ...channel });
  go(`/chat/${encodeURIComponent(channel.id)}`);
}

// ---- the connection ----------------------------------------------------------------------------------------

// Offline (or reconnecting) for more than a moment: a quiet line says so.
function paintStatus(status) {
  const v = view;
  clearTimeout(v.offlineTimer);
  if (status === 'connected') {
    v.banner.hidden = true;
    v.node.classList.remove('is-offline');
    return;
  }
  v.offlineTimer = setTimeout(() => {
    if (view !== v) return;
    v.banner.replaceChildren(icon(status === 'offline' ? 'wifi-off' : 'clock', { size: 'sm' }),
      el('span', {}, status === 'offline' ? t('chat.offlineBanner') : t('chat.reconnecting')));
    v.banner.dataset.status = status;
    v.banner.hidden = false;
    v.node.classList.add('is-offline');
  }, OFFLINE_AFTER_MS);
}

function listen() {
  const v = view;
  const forOpen = (channelId, run) => {
    if (v.conv?.id === channelId) run(v.conv);
  };
  const lastOf = (channelId, change) => {
    const ch = v.channels.get(channelId);
    if (ch) {
      v.channels.set(channelId, change(ch));
      paintList();
    }
  };
  const sub = (kind, fn) => v.offs.push(realtime.on(kind, (data) => {
    if (view === v) fn(data);
  }));

  sub('status', paintStatus);
  sub('chat.message', (m) => {
    if (!v.channels.has(m.channelId)) reloadList(); // a conversation someone just started with me
    lastOf(m.channelId, (ch) => ({ ...ch, lastMessage: { id: m.id, senderId: m.senderId, content: m.content,
      hasAttachments: (m.attachments || []).length > 0, createdAt: m.createdAt }, updatedAt: m.createdAt }));
    forOpen(m.channelId, (conv) => conv.message(m));
  });
  sub('chat.message.updated', (m) => {
    lastOf(m.channelId, (ch) => (ch.lastMessage?.id === m.id ? { ...ch, lastMessage: { ...ch.lastMessage, content: m.content } } : ch));
    forOpen(m.channelId, (conv) => conv.updated(m));
  });
  sub('chat.message.deleted', (d) => {
    lastOf(d.channelId, (ch) => (ch.lastMessage?.id === d.id ? { ...ch, lastMessage: { ...ch.lastMessage, content: '' } } : ch));
    forOpen(d.channelId, (conv) => conv.deleted(d));
  });
  sub('chat.reaction', (d) => forOpen(d.channelId, (conv) => conv.reaction(d)));
  sub('chat.acked', (d) => forOpen(d.channelId, (conv) => conv.acked(d)));
  sub('chat.typing', (f) => forOpen(f.channelId, (conv) => conv.typing(f)));
  sub('chat.read', (f) => forOpen(f.channelId, (conv) => conv.read(f)));
  sub('chat.members.changed', (d) => {
    if ((d.removed || []).includes(v.me)) {
      left(v.channels.get(d.channelId) || { id: d.channelId });
      return;
    }
    reloadList();
    forOpen(d.channelId, (conv) => conv.membersChanged());
  });
  sub('chat.channel.updated', (d) => {
    lastOf(d.channelId, (ch) => ({ ...ch, name: d.name }));
    forOpen(d.channelId, (conv) => conv.renamed(d.name));
  });
  sub('presence', (f) => {
    const person = v.people.get(f.userId);
    if (person) person.online = f.online;
    paintPresence(v.node, f.userId, f.online);
    v.conv?.presence();
  });
  sub('reconnected', () => {
    reloadList(0);
    refreshUnread(0);
    v.conv?.reconnected();
  });
  v.offs.push(onUnread(() => {
    if (view === v) paintList();
  }));
}
