// One open conversation: its header, the messages (history page by page as the reader scrolls up,
// new ones as the socket brings them, the gap filled after a reconnect), who is typing, and the
// composer. Messages are kept by id, so one never shows twice however it arrives (the send's
// answer, the socket, a catch-up page); mine show at once and settle when the server has them.
// A change to one on screen (an edit, a deletion, a reaction, an acknowledgement) comes in one
// way, whether the socket brought it or a page read again after a reconnect.
import { confirmAction } from '../dialog.js';
import { busy, el, errorText } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { bell } from '../notifications/bell.js';
import * as realtime from '../realtime.js';
import { emptyState, loadError, skeleton, toast } from '../ui.js';
import * as chat from './api.js';
import { composer } from './composer.js';
import { acksDialog } from './dialogs.js';
import { channelAbout, infoPanel } from './info.js';
import { dayRow, listOf, messageKey, messageRow, seenText, seqCompare, timeline, unreadRow } from './message.js';
import { avatar, firstName, fullName } from './people.js';
import { setUnread } from './unread.js';

const PAGE = 50;
const CATCH_UP_PAGE = 100;
const REREAD_PAGES = 2;
const LOAD_OLDER_WITHIN_PX = 300;
const NEAR_BOTTOM_PX = 80;
const TYPING_SHOWN_MS = 5000;
const READ_WAIT_MS = 300;
const JUMP_PAGES = 20;

// Random, and possible without a secure context (crypto.randomUUID needs one; a LAN address over
// plain http is not).
function newClientId() {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// Keeps `parent`'s children in the order of `nodes`, moving as few as it can (a focused button
// in a message that stays keeps its focus).
function syncChildren(parent, nodes) {
  let cursor = parent.firstChild;
  for (const node of nodes) {
    if (node === cursor) {
      cursor = cursor.nextSibling;
      continue;
    }
    parent.insertBefore(node, cursor);
  }
  while (cursor) {
    const next = cursor.nextSibling;
    cursor.remove();
    cursor = next;
  }
}

// `env`: {me, manage, workplace, people (Map id → user), shown() (on screen now), on: {back,
// changed(channel), left()}}.
export function openConversation(channel, env) {
  const c = {
    id: channel.id,
    channel, // the list's entry; `detail` adds the members once loaded
    detail: null,
    messages: new Map(),
    changes: 0, // counts the changes to messages I show …
    changedAt: new Map(), // … and message id → the count at its latest
    pending: new Map(), // clientId → my message on its way
    older: null, // the cursor of the next older page
    hasOlder: false,
    loadingOlder: false,
    loaded: false,
    firstUnreadId: null,
    unreadFrom: channel.readCursor || '0', // my cursor when the conversation opened
    readCursor: channel.readCursor || '0',
    typing: new Map(), // userId → timer
    cache: new Map(), // row key → {sig, node}
    infoOpen: false,
    destroyed: false,
    readTimer: null,
  };

  // ---- the frame ---------------------------------------------------------------------------------------

  const back = el('button', { type: 'button', class: 'button button-ghost icon-only chat-back', 'aria-label': t('chat.back'),
    'data-testid': 'chat-back' }, icon('arrow-left'));
  back.addEventListener('click', env.on.back);
  const headIcon = el('span', { class: 'chat-conv-icon' });
  const title = el('h2', { class: 'chat-conv-name', 'data-testid': 'chat-conv-name' });
  const about = el('p', { class: 'chat-conv-about', 'data-testid': 'chat-conv-about' });
  const stack = el('button', { type: 'button', class: 'chat-stack', 'data-testid': 'chat-members-stack', hidden: true });
  const infoButton = el('button', { type: 'button', class: 'button button-ghost icon-only', 'aria-label': t('chat.info'),
    'aria-expanded': 'false', 'data-testid': 'chat-info-open', title: t('chat.info') }, icon('info'));
  for (const b of [stack, infoButton]) b.addEventListener('click', () => toggleInfo());
  // On a desktop chat has no top bar: the bell sits here instead.
  const head = el('header', { class: 'chat-conv-head' }, back, headIcon,
    el('div', { class: 'chat-conv-title' }, title, about),
    el('div', { class: 'chat-conv-tools' }, stack, infoButton, bell({ testId: 'chat-notif-bell', className: 'chat-bell' })));

  const top = el('div', { class: 'chat-history-top', 'data-testid': 'chat-history-top' });
  const list = el('ol', { class: 'chat-messages', 'data-testid': 'chat-messages' });
  const scroller = el('div', { class: 'chat-scroll', tabindex: '0', 'aria-label': t('chat.messages'), 'data-testid': 'chat-scroll' },
    top, list);
  const jump = el('button', { type: 'button', class: 'chat-jump', 'data-testid': 'chat-jump', hidden: true },
    icon('chevron-down', { size: 'sm' }), t('chat.jumpToNew'));
  jump.addEventListener('click', () => scrollToBottom(true));
  const typingLine = el('div', { class: 'chat-typing', 'aria-live': 'polite', 'data-testid': 'chat-typing' });
  const announcer = el('div', { class: 'sr-only', 'aria-live': 'polite' });
  const box = composer({
    canAnnounce: env.manage,
    members: () => (c.detail?.members || []).filter((m) => m.id !== env.me),
    onSubmit: submit,
    onTyping: () => realtime.typing(c.id),
    onEditLast: editLast,
  });
  const infoSlot = el('div', { class: 'chat-info-slot' });
  const dropZone = el('div', { class: 'chat-drop', 'aria-hidden': 'true', 'data-testid': 'chat-drop' },
    el('span', { class: 'chat-drop-text' }, icon('paperclip'), t('chat.dropFiles')));
  const node = el('section', { class: 'chat-conv', 'data-testid': 'chat-conversation', 'data-channel': c.id },
    head, el('div', { class: 'chat-conv-body' }, scroller, jump), typingLine, box.node, announcer, infoSlot, dropZone);

  scroller.addEventListener('scroll', () => {
    if (scroller.scrollTop < LOAD_OLDER_WITHIN_PX) loadOlder();
    if (nearBottom()) jump.hidden = true;
  });
  // A reader at the newest message stays there when something grows after it was drawn (a
  // picture that loaded) or the composer takes more room (files to send): judged by where the
  // bottom was before, as last measured.
  let measured = { height: 0, view: 0 };
  const measure = () => {
    measured = { height: scroller.scrollHeight, view: scroller.clientHeight };
  };
  const resized = new ResizeObserver(() => {
    if (measured.height - scroller.scrollTop - measured.view < NEAR_BOTTOM_PX) scroller.scrollTop = scroller.scrollHeight;
    measure();
  });
  resized.observe(list);
  resized.observe(scroller);

  // Files dropped anywhere on the conversation go to the composer.
  let dragDepth = 0;
  const carriesFiles = (event) => [...(event.dataTransfer?.types || [])].includes('Files');
  const dropping = (on) => node.classList.toggle('is-dropping', on);
  node.addEventListener('dragenter', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    dragDepth += 1;
    dropping(true);
  });
  node.addEventListener('dragover', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  node.addEventListener('dragleave', (event) => {
    if (!carriesFiles(event)) return;
    dragDepth = Math.max(0, dragDepth - 1);
    if (!dragDepth) dropping(false);
  });
  node.addEventListener('drop', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    dragDepth = 0;
    dropping(false);
    box.addFiles(event.dataTransfer.files);
  });
  // A tap on a message shows its actions on a touch screen (there is no hover there).
  list.addEventListener('click', (event) => {
    const row = event.target.closest('.chat-msg');
    if (!row || event.target.closest('button, a')) return;
    for (const other of list.querySelectorAll('.chat-msg.is-active')) if (other !== row) other.classList.remove('is-active');
    row.classList.toggle('is-active');
  });

  paintHead();
  showLoading();
  load();

  // ---- the header and the info panel -------------------------------------------------------------------

  function paintHead() {
    const ch = c.detail || c.channel;
    title.textContent = ch.name;
    about.textContent = channelAbout(ch, env.workplace);
    const kindIcon = { general: 'hash', admins: 'lock', smart_group: 'sparkles', group: 'users' }[ch.kind];
    headIcon.replaceChildren(ch.kind === 'direct' && ch.directUser ? avatar(ch.directUser, { presence: true }) : icon(kindIcon));
    headIcon.className = `chat-conv-icon${ch.kind === 'direct' ? ' is-person' : ''}`;
    box.setPlaceholder(ch.kind === 'direct' ? t('chat.placeholderDirect', { name: firstName(ch.directUser) })
      : t('chat.placeholder', { name: ch.name }));
    const members = c.detail?.members || [];
    stack.hidden = ch.kind === 'direct' || members.length === 0;
    if (!stack.hidden) {
      const others = members.filter((m) => m.id !== env.me);
      const shown = others.slice(0, 3);
      const rest = others.length - shown.length;
      stack.setAttribute('aria-label', tn('chat.membersButton', members.length));
      stack.replaceChildren(...shown.map((m) => avatar(m, { size: 'xs' })),
        rest > 0 ? el('span', { class: 'chat-avatar chat-avatar-xs chat-stack-more', 'aria-hidden': 'true' }, `+${rest}`) : '');
    }
    if (c.infoOpen) paintInfo();
  }

  function moderates() {
    const ch = c.detail || c.channel;
    if (ch.kind === 'direct') return false;
    return env.manage || (ch.kind === 'group' && ch.createdBy === env.me);
  }

  function paintInfo() {
    if (!c.detail) return;
    infoSlot.replaceChildren(infoPanel(c.detail, { me: env.me, moderates: moderates(), workplace: env.workplace, on: {
      close: () => toggleInfo(false),
      changed: (detail) => adoptDetail(detail),
      left: () => env.on.left(c.detail),
    } }));
  }

  infoSlot.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && c.infoOpen && !event.defaultPrevented) {
      event.preventDefault();
      toggleInfo(false);
    }
  });

  function toggleInfo(open = !c.infoOpen) {
    c.infoOpen = open && Boolean(c.detail);
    infoButton.setAttribute('aria-expanded', String(c.infoOpen));
    node.classList.toggle('has-info', c.infoOpen);
    if (c.infoOpen) {
      paintInfo();
      infoSlot.querySelector('[data-testid="chat-info-close"]')?.focus();
    } else {
      infoSlot.replaceChildren();
      infoButton.focus();
    }
  }

  function adoptDetail(detail) {
    const { members, ...rest } = detail;
    c.detail = detail;
    c.channel = { ...c.channel, ...rest };
    env.on.changed(c.channel);
    paintHead();
    render();
  }

  // ---- loading -------------------------------------------------------------------------------------------

  function showLoading() {
    c.topKey = null;
    top.replaceChildren(skeleton({ rows: 4, avatar: true }));
  }

  async function load() {
    let detail;
    let page;
    try {
      [detail, page] = await Promise.all([chat.getChannel(c.id), chat.history(c.id, { limit: PAGE })]);
    } catch (e) {
      if (c.destroyed || e.status === 401) return;
      top.replaceChildren(e.status === 403 || e.status === 404
        ? emptyState({ icon: 'message-square', title: t('chat.notFound'), hint: t('chat.notFoundHint'), testId: 'chat-not-found' })
        : loadError(e, () => {
          showLoading();
          load();
        }, 'chat-error'));
      return;
    }
    if (c.destroyed) return;
    c.detail = detail;
    c.readCursor = detail.readCursor;
    c.unreadFrom = detail.readCursor;
    for (const m of page.items) keep(m);
    c.older = page.nextCursor;
    c.hasOlder = Boolean(page.nextCursor);
    c.loaded = true;
    // The first message of someone else after my cursor when I came in gets the "New" line.
    const firstNew = [...c.messages.values()].sort((a, b) => seqCompare(a.seq, b.seq))
      .find((m) => m.senderId !== env.me && seqCompare(m.seq, c.unreadFrom) > 0);
    c.firstUnreadId = firstNew?.id || null;
    paintHead();
    render({ stick: true });
    const marker = list.querySelector('.chat-new-marker');
    if (marker && marker.offsetTop < scroller.scrollHeight - scroller.clientHeight) scroller.scrollTop = marker.offsetTop - 24;
    fillScreen();
    markReadSoon();
  }

  // A first page shorter than the window leaves nothing to scroll: the next one at once.
  function fillScreen() {
    if (c.hasOlder && scroller.scrollHeight <= scroller.clientHeight + LOAD_OLDER_WITHIN_PX) loadOlder();
  }

  async function loadOlder() {
    if (!c.loaded || !c.hasOlder || c.loadingOlder) return false;
    c.loadingOlder = true;
    paintTop();
    let page;
    try {
      page = await chat.history(c.id, { cursor: c.older, limit: PAGE });
    } catch (e) {
      c.loadingOlder = false;
      if (c.destroyed || e.status === 401) return false;
      paintTop(e);
      return false;
    }
    if (c.destroyed) return false;
    c.loadingOlder = false;
    const fromBottom = scroller.scrollHeight - scroller.scrollTop;
    for (const m of page.items) keep(m);
    c.older = page.nextCursor;
    c.hasOlder = Boolean(page.nextCursor);
    render({ stick: false });
    // Keep what the reader looked at where it was.
    scroller.scrollTop = scroller.scrollHeight - fromBottom;
    fillScreen();
    return true;
  }

  function paintTop(error = null) {
    if (!c.loaded) return;
    const ch = c.detail || c.channel;
    const empty = c.messages.size === 0 && c.pending.size === 0;
    // Drawn again only when what it says changes.
    const key = error ? null : `${c.loadingOlder}|${c.hasOlder}|${empty}|${ch.name}`;
    if (key && key === c.topKey) return;
    c.topKey = key;
    if (error) {
      top.replaceChildren(loadError(error, loadOlder, 'chat-older-error'));
      return;
    }
    if (c.loadingOlder) {
      top.replaceChildren(el('p', { class: 'chat-older-loading', role: 'status', 'data-testid': 'chat-older-loading' },
        el('span', { class: 'chat-spinner', 'aria-hidden': 'true' }), t('chat.loadingOlder')));
      return;
    }
    if (c.hasOlder) {
      top.replaceChildren();
      return;
    }
    const text = ch.kind === 'direct' ? t('chat.startDirect', { name: fullName(ch.directUser) }) : t('chat.startRoom', { name: ch.name });
    top.replaceChildren(el('div', { class: 'chat-start', 'data-testid': empty ? 'chat-empty' : 'chat-start' },
      el('span', { class: 'empty-icon' }, ch.kind === 'direct' && ch.directUser ? avatar(ch.directUser, { size: 'md' })
        : icon({ general: 'hash', admins: 'lock', smart_group: 'sparkles', group: 'users' }[ch.kind] || 'message-square', { size: 'lg' })),
      el('p', { class: 'empty-title' }, text),
      empty && el('p', { class: 'empty-hint' }, t('chat.emptyHint'))));
  }

  // After the socket was away: everything after the newest message I have, page by page, what
  // changed meanwhile in the messages I had, and the members' cursors again; then my messages
  // that waited for the connection.
  async function catchUp() {
    if (!c.loaded) {
      showLoading();
      load();
      return;
    }
    const stay = nearBottom();
    let after = newestSeq();
    try {
      if (after) {
        while (after && !c.destroyed) {
          const page = await chat.history(c.id, { after, limit: CATCH_UP_PAGE });
          for (const m of page.items) keep(m);
          after = page.nextCursor;
        }
        await reread();
      } else {
        const page = await chat.history(c.id, { limit: PAGE });
        for (const m of page.items) keep(m);
        c.older = page.nextCursor;
        c.hasOlder = Boolean(page.nextCursor);
      }
      const detail = await chat.getChannel(c.id);
      if (c.destroyed) return;
      c.detail = detail;
      paintHead();
    } catch (e) {
      if (c.destroyed || e.status === 401) return;
      if (e.status === 403 || e.status === 404) {
        env.on.left(c.detail || c.channel);
        return;
      }
      // The next reconnect (or a message) tries again.
    }
    if (c.destroyed) return;
    render({ stick: stay });
    for (const item of c.pending.values()) if (item.state === 'waiting') deliver(item);
    markReadSoon();
  }

  // The newest pages again, as far back as I show (two at most): what they say of a message I
  // show is its state now, unless a change of it came while the page was on its way.
  async function reread() {
    const oldest = oldestSeq();
    let cursor = null;
    for (let pages = 0; pages < REREAD_PAGES && !c.destroyed; pages += 1) {
      const since = c.changes;
      const page = await chat.history(c.id, { cursor, limit: PAGE });
      for (const m of page.items) if ((c.changedAt.get(m.id) || 0) <= since) revise(m.id, () => m);
      cursor = page.nextCursor;
      if (!cursor || !page.items.length || seqCompare(page.items.at(-1).seq, oldest) <= 0) return;
    }
  }

  // ---- the message list --------------------------------------------------------------------------------

  // The seq of the newest message I have (way 1) or the oldest (way -1), null for none.
  function edgeSeq(way) {
    let edge = null;
    for (const m of c.messages.values()) if (!edge || seqCompare(m.seq, edge) * way > 0) edge = m.seq;
    return edge;
  }
  const newestSeq = () => edgeSeq(1);
  const oldestSeq = () => edgeSeq(-1);

  // One message from anywhere; mine that was on its way settles.
  function keep(m) {
    if (m.channelId && m.channelId !== c.id) return;
    if (m.clientId && m.senderId === env.me) c.pending.delete(m.clientId);
    const had = c.messages.get(m.id);
    // A late copy from before a deletion does not bring the text back.
    if (had?.deletedAt && !m.deletedAt) return;
    c.messages.set(m.id, m);
  }

  // A message I show changed: `next(old)` is what it is now. Answers whether I show it (the
  // caller draws it).
  function revise(id, next) {
    const m = c.messages.get(id);
    if (!m) return false;
    keep(next(m));
    c.changes += 1;
    c.changedAt.set(id, c.changes);
    return true;
  }

  const nearBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_BOTTOM_PX;

  function scrollToBottom(smooth = false) {
    scroller.scrollTo({ top: scroller.scrollHeight, behavior: smooth ? 'smooth' : 'auto' });
    jump.hidden = true;
  }

  function sorted() {
    return [...c.messages.values()].sort((a, b) => seqCompare(a.seq, b.seq)).concat([...c.pending.values()]);
  }

  function context(items) {
    const ch = c.detail || c.channel;
    const mineSent = items.filter((m) => m.senderId === env.me && !m.state && !m.deletedAt).at(-1);
    const ctx = {
      me: env.me,
      manage: env.manage,
      moderates: moderates(),
      people: env.people,
      members: c.detail?.members || null,
      byId: c.messages,
      seenBy: null,
      actions,
    };
    // "Seen by" under my newest message, when nobody answered after it.
    if (mineSent && items.filter((m) => !m.state).at(-1) === mineSent) {
      const text = seenText(mineSent, ctx, ch.kind === 'direct');
      if (text) ctx.seenBy = { id: mineSent.id, text };
    }
    return ctx;
  }

  function render({ stick } = {}) {
    if (c.destroyed) return;
    const stay = stick ?? nearBottom();
    for (const m of c.detail?.members || []) if (!env.people.has(m.id)) env.people.set(m.id, m);
    const items = sorted();
    const ctx = context(items);
    const rows = timeline(items, { firstUnreadId: c.firstUnreadId });
    const used = new Set();
    const nodes = rows.map((row) => {
      const key = row.kind === 'message' ? row.message.id || `pending:${row.message.clientId}` : row.key;
      used.add(key);
      const sig = row.kind === 'message' ? messageKey(row.message, row, ctx) : row.key;
      const cached = c.cache.get(key);
      if (cached && cached.sig === sig) return cached.node;
      const built = row.kind === 'day' ? dayRow(row.day) : row.kind === 'unread' ? unreadRow() : messageRow(row.message, row, ctx);
      c.cache.set(key, { sig, node: built });
      return built;
    });
    for (const key of c.cache.keys()) if (!used.has(key)) c.cache.delete(key);
    syncChildren(list, nodes);
    paintTop();
    if (stay) scrollToBottom();
    measure();
  }

  // ---- what the reader does ---------------------------------------------------------------------------

  const actions = {
    react: async (m, emoji, on) => {
      try {
        const answer = await chat.react(c.id, m.id, emoji, on);
        revise(m.id, () => answer);
        render();
      } catch (e) {
        if (e.status !== 401) toast(errorText(e), { kind: 'bad', testId: 'chat-toast' });
      }
    },
    reply: (m) => box.replyTo(m, fullName(env.people.get(m.senderId))),
    edit: (m) => box.edit(m),
    remove: async (m) => {
      const gone = await confirmAction({ title: t('chat.deleteTitle'), text: t('chat.deleteText'), confirmLabel: t('chat.delete'),
        busyLabel: t('chat.deleting'), testId: 'chat-delete-dialog', action: () => chat.deleteMessage(c.id, m.id) });
      if (!gone || c.destroyed) return;
      if (gone !== true) revise(m.id, () => gone);
      render();
    },
    ack: async (m, button) => {
      const restore = busy(button, t('chat.acknowledging'));
      try {
        const answer = await chat.acknowledge(c.id, m.id);
        revise(m.id, () => answer);
        render();
      } catch (e) {
        restore();
        if (e.status !== 401) toast(errorText(e), { kind: 'bad', testId: 'chat-toast' });
      }
    },
    showAcks: (m) => acksDialog(c.id, m),
    jumpTo: (id) => jumpTo(id),
    retry: (m) => deliver(m),
    discard: (m) => {
      c.pending.delete(m.clientId);
      render();
    },
  };

  async function jumpTo(id) {
    for (let pages = 0; !c.messages.has(id) && pages < JUMP_PAGES; pages += 1) {
      if (!(await loadOlder())) break;
    }
    const row = list.querySelector(`.chat-msg[data-id="${CSS.escape(id)}"]`);
    if (!row) {
      toast(t('chat.replyGone'), { testId: 'chat-toast' });
      return;
    }
    row.scrollIntoView({ block: 'center', behavior: 'smooth' });
    row.classList.remove('is-flash');
    void row.offsetWidth; // restart the highlight
    row.classList.add('is-flash');
    row.focus({ preventScroll: true });
  }

  function editLast() {
    const mine = sorted().filter((m) => m.senderId === env.me && !m.state && !m.deletedAt && m.content).at(-1);
    if (!mine) return false;
    box.edit(mine);
    return true;
  }

  async function submit(text, { mentions, requiresAck, attachments }, kept) {
    if (kept?.kind === 'edit') {
      try {
        const answer = await chat.editMessage(c.id, kept.message.id, text);
        revise(answer.id, () => answer);
        render();
        return true;
      } catch (e) {
        if (e.status !== 401) toast(errorText(e), { kind: 'bad', testId: 'chat-toast' });
        return false;
      }
    }
    const item = {
      clientId: newClientId(),
      channelId: c.id,
      senderId: env.me,
      content: text,
      replyToId: kept?.kind === 'reply' ? kept.message.id : null,
      mentions,
      requiresAck,
      attachments,
      reactions: [],
      ackedBy: [],
      createdAt: new Date().toISOString(),
      state: 'sending',
    };
    c.pending.set(item.clientId, item);
    render({ stick: true });
    deliver(item);
    return true;
  }

  // Sends (or sends again: the same clientId, so the server never keeps two).
  async function deliver(item) {
    if (!c.pending.has(item.clientId)) return;
    item.state = 'sending';
    item.error = null;
    render();
    const body = { content: item.content, clientId: item.clientId };
    if (item.replyToId) body.replyToId = item.replyToId;
    if (item.mentions?.length) body.mentions = item.mentions;
    if (item.requiresAck) body.requiresAck = true;
    if (item.attachments?.length) body.attachments = item.attachments.map((a) => a.fileId);
    try {
      keep(await chat.sendMessage(c.id, body));
    } catch (e) {
      if (c.destroyed || e.status === 401 || !c.pending.has(item.clientId)) return;
      // No connection or a server in trouble: it goes as soon as the socket is back.
      item.state = e.status === 0 || e.status >= 500 ? 'waiting' : 'failed';
      item.error = errorText(e);
    }
    render();
  }

  // ---- reading ------------------------------------------------------------------------------------------

  const onScreen = () => !c.destroyed && env.shown() && document.visibilityState === 'visible';

  // What is on screen counts as read (the cursor only moves forward).
  function markReadSoon() {
    clearTimeout(c.readTimer);
    c.readTimer = setTimeout(markRead, READ_WAIT_MS);
  }

  async function markRead() {
    if (!onScreen() || !c.loaded) return;
    const newest = sorted().filter((m) => !m.state).at(-1);
    if (!newest || seqCompare(newest.seq, c.readCursor) <= 0) {
      setUnread(c.id, 0);
      return;
    }
    let answer;
    try {
      answer = await chat.markRead(c.id, newest.id);
    } catch {
      return; // still unread; the next message or visit tries again
    }
    if (c.destroyed) return;
    c.readCursor = answer.readCursor;
    setUnread(c.id, answer.unreadCount);
    env.on.changed({ ...c.channel, readCursor: answer.readCursor, unreadCount: answer.unreadCount });
  }

  // ---- who is typing ------------------------------------------------------------------------------------

  function paintTyping() {
    const names = [...c.typing.keys()].map((id) => firstName(env.people.get(id)));
    typingLine.replaceChildren(...(names.length ? [
      el('span', { class: 'chat-typing-dots', 'aria-hidden': 'true' }, el('span'), el('span'), el('span')),
      el('span', {}, names.length > 2 ? t('chat.typingMany') : names.length === 2
        ? t('chat.typingTwo', { names: listOf(names) }) : t('chat.typingOne', { name: names[0] })),
    ] : []));
  }

  function stopTyping(userId) {
    if (!c.typing.has(userId)) return;
    clearTimeout(c.typing.get(userId));
    c.typing.delete(userId);
    paintTyping();
  }

  // ---- what the page tells it ---------------------------------------------------------------------------

  return {
    id: c.id,
    node,
    focus: () => box.focus(),
    message(m) {
      if (!c.loaded) return;
      const stay = nearBottom();
      const known = c.messages.has(m.id);
      keep(m);
      if (m.senderId !== env.me) {
        stopTyping(m.senderId);
        if (!known) announcer.textContent = `${fullName(env.people.get(m.senderId))}: ${m.content || t('chat.attachment')}`;
      }
      render({ stick: stay || m.senderId === env.me });
      if (m.senderId === env.me) return; // my own need no reading
      if (!stay && !known) jump.hidden = false;
      markReadSoon();
    },
    updated(m) {
      if (revise(m.id, () => m)) render();
    },
    deleted(data) {
      if (revise(data.id, (m) => ({ ...m, content: '', mentions: [], attachments: [], reactions: [],
        deletedAt: m.deletedAt || new Date().toISOString() }))) render();
    },
    reaction(data) {
      if (revise(data.messageId, (m) => ({ ...m, reactions: data.reactions }))) render();
    },
    acked(data) {
      if (revise(data.messageId, (m) => ((m.ackedBy || []).includes(data.userId) ? m
        : { ...m, ackedBy: [...(m.ackedBy || []), data.userId] }))) render();
    },
    typing(frame) {
      if (frame.userId === env.me) return;
      clearTimeout(c.typing.get(frame.userId));
      c.typing.set(frame.userId, setTimeout(() => stopTyping(frame.userId), TYPING_SHOWN_MS));
      paintTyping();
    },
    read(frame) {
      if (frame.userId === env.me && seqCompare(frame.readCursor, c.readCursor) > 0) c.readCursor = frame.readCursor;
      const member = c.detail?.members.find((m) => m.id === frame.userId);
      if (!member || seqCompare(frame.readCursor, member.readCursor) <= 0) return;
      member.readCursor = frame.readCursor;
      render();
    },
    async membersChanged() {
      try {
        const detail = await chat.getChannel(c.id);
        if (!c.destroyed) adoptDetail(detail);
      } catch {
        // The page hears of my own removal by itself.
      }
    },
    renamed(name) {
      c.channel = { ...c.channel, name };
      if (c.detail) c.detail = { ...c.detail, name };
      paintHead();
    },
    presence() {
      paintHead();
    },
    reconnected: catchUp,
    // Back on screen (the tab, or the conversation on a phone): what came meanwhile is read.
    shown: markReadSoon,
    destroy() {
      c.destroyed = true;
      resized.disconnect();
      box.destroy();
      clearTimeout(c.readTimer);
      for (const timer of c.typing.values()) clearTimeout(timer);
      document.querySelector('.chat-emoji-menu')?.remove();
    },
  };
}
