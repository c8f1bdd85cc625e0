// What this device remembers so the time clock opens without a network (the service worker,
// sw.js, keeps the app's files): who was signed in last — the /auth/me answer: names, workplace,
// permissions, never a token — and, per person, the clock state and today's shift the server
// last answered. Signing out, or the server refusing the session, forgets the person; their
// punches still waiting (punches.js) are kept apart and go once they sign in again.
const SESSION_KEY = 'staffroom.offline.session';
const CLOCK_KEY = 'staffroom.offline.clock.'; // + the user's id

function read(key) {
  try {
    const value = JSON.parse(localStorage.getItem(key) || 'null');
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage refused (private mode, full): the app works, only not offline.
  }
}

export function rememberSession(session) {
  if (session?.user?.id && Array.isArray(session.permissions)) write(SESSION_KEY, session);
}

// The last signed-in person's session answer, or null.
export function rememberedSession() {
  const s = read(SESSION_KEY);
  return s?.user?.id && s.tenant && Array.isArray(s.permissions) ? s : null;
}

// Signed out (or refused): nothing of the person stays for the next one on this device.
export function forgetSessionOnDevice() {
  const s = read(SESSION_KEY);
  write(SESSION_KEY, null);
  if (s?.user?.id) write(CLOCK_KEY + s.user.id, null);
}

// `state`: the ClockState; `shift`: today's shift (undefined when not known).
export function rememberClock(userId, state, shift) {
  const before = read(CLOCK_KEY + userId);
  write(CLOCK_KEY + userId, { state, shift: shift === undefined ? before?.shift ?? null : shift, savedAt: new Date().toISOString() });
}

// {state, shift, savedAt} as last remembered for `userId`, or null.
export function rememberedClock(userId) {
  const c = read(CLOCK_KEY + userId);
  return c?.state?.status && c.savedAt ? c : null;
}
