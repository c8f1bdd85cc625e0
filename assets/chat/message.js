// One conversation's messages as the reader sees them: day separators, consecutive messages of one
// sender grouped under one name, replies quoting what they answer, the files they carry
// (attachments.js), reactions, announcements with their acknowledgements, "seen by" under my
// newest message, and my messages still on their way.
// Text is always set as text, never parsed as HTML.
import { formatDate, formatTime } from '../format.js';
import { el } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { addDays, isoDate, today, weekday } from '../rota-common.js';
import { attachmentList } from './attachments.js';
import { avatar, firstName, fullName, roleTag } from './people.js';

// The few reactions offered at a click; others that arrive are shown all the same.
export const QUICK_EMOJI = ['👍', '❤️', '😂', '🎉', '😮', '🙏'];
const GROUP_WITHIN_MS = 5 * 60 * 1000;

// Cursors are decimal integers on the wire: compared as such (a string compare puts 9 after 10).
export const seqCompare = (a, b) => {
  const x = BigInt(a || 0);
  const y = BigInt(b || 0);
  return x < y ? -1 : x > y ? 1 : 0;
};

const dayOf = (iso) => isoDate(new Date(iso));

// "Today", "Yesterday", or "Monday 11-01-2027".
export function dayName(day) {
  const now = today();
  if (day === isoDate(now)) return t('chat.today');
  if (day === isoDate(addDays(now, -1))) return t('chat.yesterday');
  const date = new Date(`${day}T12:00:00`);
  return `${weekday(date, 'long')} ${formatDate(date)}`;
}

// The channel list's time of a last message: the time today, "Yesterday", the weekday this week,
// else the date.
export function shortWhen(iso) {
  const day = dayOf(iso);
  const now = today();
  if (day === isoDate(now)) return formatTime(iso);
  if (day === isoDate(addDays(now, -1))) return t('chat.yesterday');
  if (day > isoDate(addDays(now, -7))) return weekday(new Date(iso));
  return formatDate(iso);
}

// The rows of the list in order: {kind: 'day' | 'unread' | 'message', …}. `items` are sorted,
// confirmed messages first, mine on their way last.
export function timeline(items, { firstUnreadId }) {
  const rows = [];
  let previous = null;
  for (const m of items) {
    const day = dayOf(m.createdAt);
    const newDay = !previous || dayOf(previous.createdAt) !== day;
    if (newDay) rows.push({ kind: 'day', key: `day:${day}`, day });
    const marker = m.id === firstUnreadId;
    if (marker) rows.push({ kind: 'unread', key: 'unread' });
    const grouped = Boolean(previous) && !newDay && !marker && previous.senderId === m.senderId
      && !m.requiresAck && !previous.requiresAck && !m.replyToId && !previous.deletedAt && !m.deletedAt
      && new Date(m.createdAt) - new Date(previous.createdAt) < GROUP_WITHIN_MS;
    rows.push({ kind: 'message', key: m.id, message: m, grouped });
    previous = m;
  }
  return rows;
}

export function dayRow(day) {
  return el('li', { class: 'chat-day', 'data-testid': 'chat-day' }, el('span', {}, dayName(day)));
}

export function unreadRow() {
  return el('li', { class: 'chat-new-marker', 'data-testid': 'chat-unread-marker' }, el('span', {}, t('chat.newMessages')));
}

const seenFor = (m, ctx) => (m.id && ctx.seenBy?.id === m.id ? ctx.seenBy.text : null);

// What a message row depends on, so an unchanged one is not drawn again.
export function messageKey(m, row, ctx) {
  const parent = m.replyToId ? ctx.byId.get(m.replyToId) : null;
  const sender = ctx.people.get(m.senderId);
  // Deleted or not, and who acknowledged in any order: the server's copy of a message read again
  // matches what the live events made of it.
  return JSON.stringify([m.content, m.editedAt, Boolean(m.deletedAt), m.reactions, [...(m.ackedBy || [])].sort(), m.state,
    m.error, row.grouped, seenFor(m, ctx), parent?.content, Boolean(parent?.deletedAt), ackTotal(m, ctx),
    (m.attachments || []).map((a) => a.fileId),
    fullName(sender), sender?.avatarUrl]);
}

// ---- one message ----------------------------------------------------------------------------------------

// `ctx`: {me, manage, moderates, people, byId, seenBy, members, actions}.
export function messageRow(m, { grouped }, ctx) {
  const mine = m.senderId === ctx.me;
  const sender = ctx.people.get(m.senderId);
  const deleted = Boolean(m.deletedAt);
  const confirmed = !m.state;
  const announcement = m.requiresAck && !deleted;
  const mentionsMe = !deleted && !mine && (m.mentions || []).includes(ctx.me);
  const cls = ['chat-msg', grouped && 'is-grouped', mine && 'is-mine', m.state && `is-${m.state}`, announcement && 'is-announcement',
    deleted && 'is-deleted', mentionsMe && 'is-mention'].filter(Boolean).join(' ');
  const time = el('time', { class: 'chat-msg-time', datetime: m.createdAt }, formatTime(m.createdAt));

  const gutter = el('div', { class: 'chat-msg-gutter' },
    grouped ? el('time', { class: 'chat-msg-hover-time', datetime: m.createdAt, 'aria-hidden': 'true' }, formatTime(m.createdAt))
      : avatar(sender || { id: m.senderId }, { size: 'md' }));
  const head = grouped ? el('span', { class: 'sr-only' }, `${fullName(sender)} ${formatTime(m.createdAt)}`)
    : el('div', { class: 'chat-msg-head' },
      el('span', { class: 'chat-msg-author', 'data-testid': 'chat-message-author' }, fullName(sender)),
      roleTag(sender), time,
      announcement && el('span', { class: 'chat-announce-label' }, icon('megaphone', { size: 'sm' }), t('chat.announcement')));

  const body = el('div', { class: 'chat-msg-body' }, head,
    m.replyToId && quote(m, ctx),
    deleted ? el('p', { class: 'chat-msg-text chat-msg-gone', 'data-testid': 'chat-message-text' }, t('chat.deleted'))
      : (m.content || !m.attachments?.length) && el('p', { class: 'chat-msg-text', 'data-testid': 'chat-message-text' },
        ...withMentions(m, ctx), m.editedAt && el('span', { class: 'chat-msg-edited' }, ` ${t('chat.edited')}`)),
    !deleted && attachmentList(m.attachments),
    announcement && confirmed && ackFooter(m, ctx),
    !deleted && confirmed && reactionsRow(m, ctx),
    m.state && sendState(m, ctx),
    seenFor(m, ctx) && el('p', { class: 'chat-seen', 'data-testid': 'chat-seen-by' },
      icon('check-check', { size: 'sm' }), seenFor(m, ctx)));

  const li = el('li', { class: cls, 'data-testid': 'chat-message', 'data-id': m.id || '', 'data-client-id': m.clientId || '',
    'data-seq': m.seq || '', 'data-state': m.state || 'sent', tabindex: '-1' }, gutter, body,
  confirmed && !deleted && actionsBar(m, ctx, mine));
  return li;
}

// The text with each @name of someone mentioned marked (mine stronger).
function withMentions(m, ctx) {
  const named = new Map();
  for (const id of m.mentions || []) {
    const user = ctx.people.get(id);
    if (user) named.set(firstName(user).toLowerCase(), user);
  }
  if (!named.size) return [m.content];
  const parts = [];
  let last = 0;
  for (const match of m.content.matchAll(/@([\p{L}\p{N}_-]+)/gu)) {
    const user = named.get(match[1].toLowerCase());
    if (!user) continue;
    parts.push(m.content.slice(last, match.index),
      el('span', { class: user.id === ctx.me ? 'mention mention-me' : 'mention' }, match[0]));
    last = match.index + match[0].length;
  }
  parts.push(m.content.slice(last));
  return parts;
}

// The message answered: who and the start of what; a click brings it into view.
function quote(m, ctx) {
  const parent = ctx.byId.get(m.replyToId);
  const text = !parent ? t('chat.replyEarlier') : parent.deletedAt ? t('chat.deleted') : parent.content || t('chat.attachment');
  const button = el('button', { type: 'button', class: 'chat-quote', 'data-testid': 'chat-reply-quote',
    'aria-label': t('chat.showReplied') },
  icon('reply', { size: 'sm' }),
  parent && el('span', { class: 'chat-quote-author' }, fullName(ctx.people.get(parent.senderId))),
  el('span', { class: 'chat-quote-text' }, text));
  button.addEventListener('click', () => ctx.actions.jumpTo(m.replyToId));
  return button;
}

function reactionsRow(m, ctx) {
  const chips = (m.reactions || []).filter((r) => r.count > 0).map((r) => {
    const mine = r.userIds.includes(ctx.me);
    const who = r.userIds.map((id) => (id === ctx.me ? t('chat.you') : fullName(ctx.people.get(id)))).join(', ');
    const chip = el('button', { type: 'button', class: `chat-reaction${mine ? ' is-mine' : ''}`, 'aria-pressed': String(mine),
      'data-testid': 'chat-reaction', 'data-emoji': r.emoji, title: who,
      'aria-label': t('chat.reactionOf', { emoji: r.emoji, n: r.count, who }) },
    el('span', { class: 'chat-reaction-emoji', 'aria-hidden': 'true' }, r.emoji),
    el('span', { class: 'chat-reaction-count', 'aria-hidden': 'true' }, String(r.count)));
    chip.addEventListener('click', () => ctx.actions.react(m, r.emoji, !mine));
    return chip;
  });
  if (!chips.length) return null;
  const add = el('button', { type: 'button', class: 'chat-reaction chat-reaction-add', 'aria-label': t('chat.react'),
    'aria-haspopup': 'true' }, icon('smile-plus', { size: 'sm' }));
  add.addEventListener('click', () => emojiMenu(add, m, ctx));
  return el('div', { class: 'chat-reactions' }, ...chips, add);
}

// Reply, react, edit and delete: on hover and focus beside the message (a tap on a phone).
function actionsBar(m, ctx, mine) {
  const button = (name, label, testId, run) => {
    const b = el('button', { type: 'button', class: 'chat-action', 'aria-label': label, title: label, 'data-testid': testId },
      icon(name, { size: 'sm' }));
    b.addEventListener('click', (event) => run(event.currentTarget));
    return b;
  };
  return el('div', { class: 'chat-actions', role: 'toolbar', 'aria-label': t('chat.actions') },
    button('smile-plus', t('chat.react'), 'chat-react', (b) => emojiMenu(b, m, ctx)),
    button('reply', t('chat.reply'), 'chat-reply', () => ctx.actions.reply(m)),
    mine && m.content && button('pencil', t('chat.edit'), 'chat-edit', () => ctx.actions.edit(m)),
    (mine || ctx.moderates) && button('trash-2', t('chat.delete'), 'chat-delete', () => ctx.actions.remove(m)));
}

// A small row of emoji under `anchor`; a pick toggles my reaction.
function emojiMenu(anchor, m, ctx) {
  document.querySelector('.chat-emoji-menu')?.remove();
  const mineOf = (emoji) => (m.reactions || []).some((r) => r.emoji === emoji && r.userIds.includes(ctx.me));
  const menu = el('div', { class: 'chat-emoji-menu', role: 'menu', 'aria-label': t('chat.react'), 'data-testid': 'chat-emoji-menu' },
    ...QUICK_EMOJI.map((emoji) => {
      const b = el('button', { type: 'button', role: 'menuitemcheckbox', 'aria-checked': String(mineOf(emoji)),
        'data-emoji': emoji, 'aria-label': emoji }, emoji);
      b.addEventListener('click', () => {
        close();
        ctx.actions.react(m, emoji, !mineOf(emoji));
      });
      return b;
    }));
  const close = () => {
    menu.remove();
    document.removeEventListener('pointerdown', outside, true);
  };
  const outside = (event) => {
    if (!menu.contains(event.target) && !anchor.contains(event.target)) close();
  };
  menu.addEventListener('keydown', (event) => {
    const items = [...menu.querySelectorAll('button')];
    const i = items.indexOf(document.activeElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
      anchor.focus();
    } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      items[(i + (event.key === 'ArrowRight' ? 1 : items.length - 1)) % items.length].focus();
    }
  });
  anchor.closest('.chat-msg').append(menu);
  const box = anchor.getBoundingClientRect();
  const host = anchor.closest('.chat-msg').getBoundingClientRect();
  menu.style.top = `${box.bottom - host.top + 4}px`;
  menu.style.left = `${Math.max(0, Math.min(box.left - host.left, host.width - menu.offsetWidth))}px`;
  document.addEventListener('pointerdown', outside, true);
  menu.querySelector('button').focus();
}

// How many of the channel were asked: everyone in it but the sender.
export function ackTotal(m, ctx) {
  if (!m.requiresAck || !ctx.members) return 0;
  const others = ctx.members.filter((u) => u.id !== m.senderId).length;
  return Math.max(others, (m.ackedBy || []).length);
}

// An announcement's foot: my Acknowledge (or that I did), and for its sender and managers how
// many did, which opens who.
function ackFooter(m, ctx) {
  const mine = m.senderId === ctx.me;
  const acked = (m.ackedBy || []).includes(ctx.me);
  const parts = [];
  if (!mine && !acked) {
    const b = el('button', { type: 'button', class: 'button button-small', 'data-testid': 'chat-ack' }, icon('check'), t('chat.acknowledge'));
    b.addEventListener('click', () => ctx.actions.ack(m, b));
    parts.push(b);
  } else if (acked) {
    parts.push(el('span', { class: 'tag tag-active', 'data-testid': 'chat-acked' }, icon('check', { size: 'sm' }), t('chat.acknowledged')));
  }
  if (mine || ctx.manage) {
    const done = (m.ackedBy || []).length;
    const all = ackTotal(m, ctx);
    const progress = el('span', { class: 'chat-ack-bar', 'aria-hidden': 'true' }, el('span', { class: 'chat-ack-fill' }));
    progress.firstChild.style.width = `${all ? Math.round((done / all) * 100) : 0}%`;
    const count = el('button', { type: 'button', class: 'chat-ack-count', 'data-testid': 'chat-ack-count' },
      el('span', {}, el('strong', {}, t('chat.ackOf', { done, all })), ' ', t('chat.ackedWord')), progress);
    count.addEventListener('click', () => ctx.actions.showAcks(m));
    parts.push(count);
  }
  return parts.length ? el('div', { class: 'chat-ack-foot' }, ...parts) : null;
}

// Mine on the way: sending, waiting for the connection, or refused (with why, and what next).
function sendState(m, ctx) {
  if (m.state === 'sending') return el('p', { class: 'chat-send-state', 'data-testid': 'chat-send-state' }, t('chat.sending'));
  const retry = el('button', { type: 'button', class: 'link-button', 'data-testid': 'chat-retry' }, t('chat.retry'));
  retry.addEventListener('click', () => ctx.actions.retry(m));
  const discard = el('button', { type: 'button', class: 'link-button', 'data-testid': 'chat-discard' }, t('chat.discard'));
  discard.addEventListener('click', () => ctx.actions.discard(m));
  const why = m.state === 'waiting' ? t('chat.waiting') : t('chat.notSent', { reason: m.error || '' });
  return el('p', { class: `chat-send-state${m.state === 'failed' ? ' is-bad' : ''}`, 'data-testid': 'chat-send-state',
    role: m.state === 'failed' ? 'alert' : null }, icon(m.state === 'failed' ? 'circle-alert' : 'clock', { size: 'sm' }),
  el('span', {}, why), retry, discard);
}

// "Seen by Anna and Mark", "Seen by everyone", or for two people just "Seen".
export function seenText(message, ctx, direct) {
  const others = (ctx.members || []).filter((u) => u.id !== ctx.me);
  const seen = others.filter((u) => seqCompare(u.readCursor, message.seq) >= 0);
  if (!seen.length) return null;
  if (direct) return t('chat.seen');
  if (seen.length === others.length && others.length > 1) return t('chat.seenByAll');
  const names = seen.map(firstName);
  if (names.length <= 3) return t('chat.seenBy', { names: listOf(names) });
  return tn('chat.seenByMany', names.length - 2, { names: names.slice(0, 2).join(', ') });
}

export function listOf(names) {
  if (names.length < 2) return names.join('');
  return t('chat.and', { first: names.slice(0, -1).join(', '), last: names.at(-1) });
}
