// Every request of chat (DESIGN §14) in one place: channels and their members, the people to
// start a conversation with, messages with their reactions and acknowledgements, read cursors.
import { authedApi } from '../auth.js';

const CHAT = '/api/v1/chat';
const channelPath = (id, rest = '') => `${CHAT}/channels/${encodeURIComponent(id)}${rest}`;
const messagePath = (id, mid, rest = '') => channelPath(id, `/messages/${encodeURIComponent(mid)}${rest}`);
const send = (method, path, body) => authedApi(path, { method, body });

// ---- channels ---------------------------------------------------------------------------------------

export const listChannels = () => authedApi(`${CHAT}/channels`).then((data) => data.items);
export const getChannel = (id) => authedApi(channelPath(id));
export const openDirect = (userId) => send('POST', `${CHAT}/channels/direct`, { userId });
export const createGroup = (name, memberIds) => send('POST', `${CHAT}/channels/group`, { name, memberIds });
export const renameGroup = (id, name) => send('PATCH', channelPath(id), { name });
export const addMembers = (id, userIds) => send('POST', channelPath(id, '/members'), { userIds });
export const removeMember = (id, userId) => send('DELETE', channelPath(id, `/members/${encodeURIComponent(userId)}`));
export const leaveGroup = (id) => send('POST', channelPath(id, '/leave'));

// The workplace's active people whose name holds `q` (all of them without).
export const findPeople = (q = '') => authedApi(`${CHAT}/users?${new URLSearchParams({ q })}`);

// Moves my read cursor up to `messageId` (the newest without): {channelId, readCursor, unreadCount}.
export const markRead = (id, messageId) => send('POST', channelPath(id, '/read'), messageId ? { messageId } : {});

// ---- messages -----------------------------------------------------------------------------------------

// Newest first, older pages by `cursor`; or with `after` oldest first (the catch-up).
export function history(id, { cursor, after, limit = 50 } = {}) {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  if (after) query.set('after', after);
  return authedApi(channelPath(id, `/messages?${query}`));
}

export const sendMessage = (id, body) => send('POST', channelPath(id, '/messages'), body);
export const editMessage = (id, mid, content) => send('PATCH', messagePath(id, mid), { content });
export const deleteMessage = (id, mid) => send('DELETE', messagePath(id, mid));
export const react = (id, mid, emoji, on) =>
  send(on ? 'PUT' : 'DELETE', messagePath(id, mid, `/reactions/${encodeURIComponent(emoji)}`));
export const acknowledge = (id, mid) => send('POST', messagePath(id, mid, '/ack'));
export const acknowledgements = (id, mid) => authedApi(messagePath(id, mid, '/acks'));
