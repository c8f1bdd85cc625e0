// Session handling. The access token lives in this module only (never in storage, so a script
// injected into another page or a shared computer's disk cannot read it); a reload restores the
// session through the HttpOnly refresh cookie.
import { api, ApiError } from './api.js';
import { go } from './nav.js';
import { forgetSessionOnDevice, rememberSession } from './offline.js';

const CSRF_COOKIE = 'workforce_refresh_csrf';
// Refresh a little before the server would refuse the token, so a normal session sees no 401s.
const EARLY_MS = 30_000;

let token = null;
let refreshAt = 0;
let session = null; // promise of the /auth/me answer, shared by the header and the pages
let refreshing = null; // the one refresh in flight; concurrent 401s wait for it
const listeners = new Set();

export function onSessionChange(listener) {
  listeners.add(listener);
}

function changed() {
  for (const listener of listeners) listener();
}

function accept(answer) {
  token = answer.accessToken;
  const lifetime = answer.expiresIn * 1000;
  refreshAt = Date.now() + lifetime - Math.min(EARLY_MS, lifetime / 2);
  return answer;
}

function clear() {
  const had = token !== null || session !== null;
  token = null;
  refreshAt = 0;
  session = null;
  if (had) changed();
}

function csrfCookie() {
  const match = document.cookie.match(new RegExp(`(?:^|;\\s*)${CSRF_COOKIE}=([^;]*)`));
  return match ? match[1] || null : null;
}

// Once the server has refused the session (or we signed out without reaching it), forget the CSRF
// cookie: without it no later page load tries a refresh that can only fail.
function forgetCookie() {
  document.cookie = `${CSRF_COOKIE}=; Max-Age=0; Path=/`;
}

// Without the readable CSRF cookie there is no refresh cookie either: asking would only earn a 401.
export function mayHaveSession() {
  return token !== null || csrfCookie() !== null;
}

export function refresh() {
  refreshing ??= (async () => {
    const csrf = csrfCookie();
    if (!csrf) throw new ApiError(401, 'unauthorized', 'no session');
    try {
      return accept(await api('/api/v1/auth/refresh', { method: 'POST', headers: { 'X-Refresh-CSRF': csrf } }));
    } catch (e) {
      // A refused session is over; a network error or a busy server is not.
      if (e.status === 401 || e.status === 403) {
        forgetCookie();
        forgetSessionOnDevice();
        clear();
      }
      throw e;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export async function login(email, password, tenantSlug) {
  const body = { email, password };
  if (tenantSlug) body.tenantSlug = tenantSlug;
  forgetSessionOnDevice();
  clear();
  accept(await api('/api/v1/auth/login', { method: 'POST', body }));
  changed();
}

export async function setup(body) {
  clear();
  accept(await api('/api/v1/auth/setup', { method: 'POST', body }));
  changed();
}

// A token answer from a call other than login (a password change starts a fresh session and ends
// the old one): use its token from now on, and read the user again (requirePasswordChange changed).
export function adopt(answer) {
  accept(answer);
  session = null;
  changed();
}

// Something the session answer holds changed (the workplace's name): the next currentSession()
// asks the server again.
export function forgetSession() {
  session = null;
}

export async function logout() {
  try {
    if (csrfCookie() !== null && (token === null || Date.now() > refreshAt)) await refresh();
    if (token !== null) await api('/api/v1/auth/logout', withBearer({ method: 'POST' }, token));
  } catch {
    // Signing out here still matters when the server cannot be told.
  } finally {
    forgetCookie();
    forgetSessionOnDevice();
    clear();
  }
}

// The signed-in user's {user, tenant, roles, permissions}, or null when nobody is signed in.
export async function currentSession() {
  if (!mayHaveSession()) return null;
  if (token === null) {
    try {
      await refresh();
    } catch (e) {
      if (e.status === 401 || e.status === 403) return null;
      throw e;
    }
  }
  session ??= authedApi('/api/v1/auth/me').then((answer) => {
    rememberSession(answer);
    return answer;
  }, (e) => {
    session = null;
    throw e;
  });
  return session;
}

function withBearer(opts, bearer) {
  return { ...opts, headers: { ...opts.headers, Authorization: `Bearer ${bearer}` } };
}

// The sign-in page, with the way back to where the visitor was (a same-origin path only; see
// login.js nextPath()).
export function loginPath(target = location.pathname + location.search) {
  return target && target !== '/' && !target.startsWith('/login') ? `/login?next=${encodeURIComponent(target)}` : '/login';
}

async function refreshOrSignOut() {
  try {
    await refresh();
  } catch (e) {
    if (e.status === 401 || e.status === 403) {
      clear();
      go(loginPath());
    }
    throw e;
  }
}

// For a connection that carries the token itself (the real-time socket, realtime.js): the access
// token, refreshed first when it is due (`force`: even before, the server refused it), and when
// it is due next.
export async function accessToken({ force = false } = {}) {
  if (force || token === null || Date.now() > refreshAt) await refreshOrSignOut();
  return { token, refreshAt };
}

// api() with the access token; on a 401 one silent refresh, then one retry.
export async function authedApi(path, opts = {}) {
  if (token === null || Date.now() > refreshAt) await refreshOrSignOut();
  const used = token;
  try {
    return await api(path, withBearer(opts, used));
  } catch (e) {
    if (e.status !== 401) throw e;
    // Another request may already have refreshed while this one was on its way.
    if (token === used) await refreshOrSignOut();
    return api(path, withBearer(opts, token));
  }
}
