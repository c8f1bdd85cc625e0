// People as chat shows them: their name, their picture or else round initials in a colour of
// their own, and a dot for who is connected right now.
import { el } from '../forms.js';
import { t } from '../i18n.js';
import * as realtime from '../realtime.js';
import { initials } from '../shell.js';
import { withPicture } from '../ui.js';

const TONES = 6;

export const fullName = (user) => (user ? `${user.firstName || ''} ${user.lastName || ''}`.trim() : '') || t('chat.someone');
export const firstName = (user) => (user?.firstName || '').trim().split(/\s+/)[0] || fullName(user);

// The same person always gets the same colour.
function tone(id) {
  let h = 0;
  for (const ch of String(id || '')) h = (h * 31 + ch.charCodeAt(0)) % 9973;
  return h % TONES;
}

// Connected now: the socket's word when it is up, else what the server said when asked.
export const isOnline = (user) => (realtime.status() === 'connected' ? realtime.isOnline(user.id) : Boolean(user.online));

// `size` 'sm' (28 px), 'md' (36 px, messages) or 'xs' (22 px, stacks); `presence` adds the dot.
export function avatar(user, { size = 'sm', presence = false } = {}) {
  const node = withPicture(el('span', { class: `chat-avatar chat-avatar-${size} tone-${tone(user?.id)}`, 'aria-hidden': 'true' },
    initials(fullName(user))), user?.avatarUrl);
  if (presence && user) {
    node.append(el('span', { class: `presence${isOnline(user) ? ' is-online' : ''}`, 'data-presence': user.id }));
  }
  return node;
}

// Every presence dot of `root` follows the socket's news.
export function paintPresence(root, userId, online) {
  for (const dot of root.querySelectorAll(`[data-presence="${CSS.escape(userId)}"]`)) dot.classList.toggle('is-online', online);
}

const ROLES = ['owner', 'tenant_admin', 'manager'];

// "Owner", "Manager": beside a name in chat; nothing for a team member.
export const roleTag = (user) => (user && ROLES.includes(user.role)
  ? el('span', { class: `chat-role chat-role-${user.role}` }, t(`role.${user.role}`)) : null);
