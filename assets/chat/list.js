// The list of conversations beside the open one (on a phone, a screen of its own): the rooms
// (General, Admins & Owners, smart groups), direct messages with who is connected, and groups;
// each with its unread count and its last message.
import { el } from '../forms.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { emptyState } from '../ui.js';
import { shortWhen } from './message.js';
import { avatar, firstName, fullName } from './people.js';
import { unreadOf } from './unread.js';

const ROOM_ORDER = { general: 0, admins: 1, smart_group: 2 };
const KIND_ICON = { general: 'hash', admins: 'lock', smart_group: 'sparkles', group: 'users' };

const lastActivity = (ch) => ch.lastMessage?.createdAt || ch.updatedAt || ch.createdAt || '';

// Rooms in their fixed order, the others by their latest message.
export function sections(channels) {
  const rooms = channels.filter((ch) => ch.kind in ROOM_ORDER)
    .sort((a, b) => ROOM_ORDER[a.kind] - ROOM_ORDER[b.kind] || a.name.localeCompare(b.name));
  const recent = (a, b) => lastActivity(b).localeCompare(lastActivity(a));
  return {
    rooms,
    direct: channels.filter((ch) => ch.kind === 'direct').sort(recent),
    groups: channels.filter((ch) => ch.kind === 'group').sort(recent),
  };
}

// "You: see you at 9", "Mark: the delivery is in", or in a direct conversation just the text.
function preview(ch, { me, people }) {
  const last = ch.lastMessage;
  if (!last) return t('chat.noMessages');
  const text = last.content ? last.content.replace(/\s+/g, ' ') : last.hasAttachments ? t('chat.attachment') : t('chat.deleted');
  if (last.senderId === me) return t('chat.previewMine', { text });
  if (ch.kind === 'direct' || !last.senderId) return text;
  return t('chat.previewOf', { name: firstName(people.get(last.senderId)), text });
}

function item(ch, current, env) {
  const unread = unreadOf(ch.id);
  const lead = ch.kind === 'direct' && ch.directUser ? avatar(ch.directUser, { presence: true })
    : el('span', { class: 'chat-item-icon' }, icon(KIND_ICON[ch.kind] || 'message-square'));
  const name = ch.kind === 'direct' && ch.directUser ? fullName(ch.directUser) : ch.name;
  return el('li', {}, el('a', { href: `/chat/${encodeURIComponent(ch.id)}`, class: `chat-item${unread ? ' is-unread' : ''}`,
    'aria-current': ch.id === current ? 'page' : null, 'data-testid': 'chat-channel', 'data-id': ch.id, 'data-kind': ch.kind,
    'data-name': name },
  lead,
  el('span', { class: 'chat-item-text' },
    el('span', { class: 'chat-item-top' },
      el('span', { class: 'chat-item-name' }, name),
      ch.kind === 'smart_group' && el('span', { class: 'chat-smart-tag' }, t('chat.smart')),
      ch.lastMessage && el('time', { class: 'chat-item-when', datetime: ch.lastMessage.createdAt }, shortWhen(ch.lastMessage.createdAt))),
    el('span', { class: 'chat-item-preview', 'data-testid': 'chat-channel-preview' }, preview(ch, env))),
  unread > 0 && el('span', { class: 'chat-unread', 'data-testid': 'chat-channel-unread', 'data-count': String(unread) },
    el('span', { 'aria-hidden': 'true' }, unread > 99 ? '99+' : String(unread)),
    el('span', { class: 'sr-only' }, t('nav.unread', { n: unread })))));
}

// `on`: {newDirect, newGroup}. Answers {node, paint(channels, current, env)}; `env` = {me, people}.
export function channelList({ on }) {
  const compose = el('button', { type: 'button', class: 'button button-secondary icon-only', 'aria-label': t('chat.newDirect'),
    title: t('chat.newDirect'), 'data-testid': 'chat-new-direct-open' }, icon('square-pen'));
  compose.addEventListener('click', on.newDirect);
  const filter = el('input', { type: 'search', class: 'chat-filter', placeholder: t('chat.filter'), 'aria-label': t('chat.filter'),
    autocomplete: 'off', 'data-testid': 'chat-filter' });
  const body = el('div', { class: 'chat-list-body' });
  const node = el('aside', { class: 'chat-list', 'aria-label': t('chat.conversations'), 'data-testid': 'chat-list' },
    el('div', { class: 'chat-list-head' }, el('h1', { class: 'chat-list-title' }, t('chat.title')), compose),
    el('div', { class: 'chat-filter-wrap' }, icon('search', { size: 'sm' }), filter),
    body);
  let last = null;

  const add = (label, run, testId) => {
    const b = el('button', { type: 'button', class: 'chat-section-add', 'aria-label': label, title: label, 'data-testid': testId },
      icon('plus', { size: 'sm' }));
    b.addEventListener('click', run);
    return b;
  };

  function section(title, testId, items, current, env, tool, none) {
    return el('section', { class: 'chat-section', 'data-testid': testId },
      el('div', { class: 'chat-section-head' }, el('h2', {}, title), tool),
      items.length ? el('ul', { class: 'chat-items' }, ...items.map((ch) => item(ch, current, env)))
        : none && el('p', { class: 'chat-section-none' }, none));
  }

  function paint(channels, current, env) {
    last = { channels, current, env };
    const focused = document.activeElement?.closest?.('.chat-item')?.dataset.id;
    const needle = filter.value.trim().toLowerCase();
    const shown = needle ? channels.filter((ch) => (ch.kind === 'direct' && ch.directUser ? fullName(ch.directUser) : ch.name)
      .toLowerCase().includes(needle)) : channels;
    const { rooms, direct, groups } = sections(shown);
    if (needle && !shown.length) {
      body.replaceChildren(emptyState({ icon: 'search', title: t('chat.filterNone'), testId: 'chat-filter-none' }));
      return;
    }
    body.replaceChildren(
      rooms.length ? section(t('chat.rooms'), 'chat-rooms', rooms, current, env) : '',
      section(t('chat.direct'), 'chat-directs', direct, current, env,
        add(t('chat.newDirect'), on.newDirect, 'chat-new-direct-add'), needle ? null : t('chat.noDirect')),
      section(t('chat.groups'), 'chat-groups', groups, current, env,
        add(t('chat.newGroup'), on.newGroup, 'chat-new-group-open'), needle ? null : t('chat.noGroups')));
    if (focused) body.querySelector(`.chat-item[data-id="${CSS.escape(focused)}"]`)?.focus();
  }

  filter.addEventListener('input', () => last && paint(last.channels, last.current, last.env));
  return { node, paint };
}
