// The client router: one module per page, loaded on demand, each route guarded by who may see it,
// and shown inside the app shell (shell.js).
import { api } from './api.js';
import { currentSession, loginPath, mayHaveSession } from './auth.js';
import { forgetFormats, loadFormats } from './format.js';
import { el } from './forms.js';
import { t } from './i18n.js';
import { DECIDERS as INBOX_PERMISSIONS } from './inbox/store.js';
import { go, NAVIGATE, nextPath } from './nav.js';
import { rememberedSession } from './offline.js';
import { applyStoredPreferences } from './prefs.js';
import { startPunches } from './punches.js';
import { start as startRealtime } from './realtime.js';
import { allowed, mountShell, pageTitle, SETTINGS_PERMISSIONS, showShell } from './shell.js';
import { emptyState, page } from './ui.js';

// access: 'public' = anyone, always (the health page helps most while something is wrong; the
// pages behind a link in an e-mail need no session); 'setup' = only while setup is pending;
// 'guest' = signed out; 'member' = signed in, and holding `permission` when one is named (a list:
// any one of them), and the instance owner when `superAdmin` is set. `bare`: shown without the
// menu even to someone signed in (the pages one reaches from a mail or before signing in).
// `offline`: opens without a network too (see guard). `nested`: the route also answers the paths
// below it (/chat/ID), and a page that exports update() is told of a move between them instead of
// being mounted again.
const routes = {
  '/': { access: 'member', load: () => import('./pages/home.js') },
  '/login': { access: 'guest', bare: true, load: () => import('./pages/login.js'), next: () => nextPath() },
  '/setup': { access: 'setup', bare: true, load: () => import('./pages/setup.js') },
  '/status': { access: 'public', load: () => import('./pages/status.js') },
  '/users': { access: 'member', permission: 'users.read', load: () => import('./pages/users.js') },
  '/schedules': { access: 'member', permission: 'schedules.read', load: () => import('./pages/schedules.js') },
  '/schedules/board': { access: 'member', permission: 'schedules.read', load: () => import('./pages/board.js') },
  '/my-shifts': { access: 'member', permission: 'schedules.read', load: () => import('./pages/my-shifts.js') },
  '/clock': { access: 'member', permission: 'clock.punch', offline: true, load: () => import('./pages/clock.js') },
  '/time-off': { access: 'member', permission: 'clock.punch', load: () => import('./pages/time-off.js') },
  '/timesheets': { access: 'member', permission: 'clock.punch', load: () => import('./pages/timesheets.js') },
  '/inbox': { access: 'member', permission: INBOX_PERMISSIONS, load: () => import('./pages/inbox.js') },
  '/chat': { access: 'member', permission: 'chat.use', nested: true, load: () => import('./pages/chat.js') },
  '/jobs': { access: 'member', permission: 'schedules.read', load: () => import('./pages/jobs.js') },
  '/smart-groups': { access: 'member', permission: 'schedules.read', load: () => import('./pages/smart-groups.js') },
  '/account': { access: 'member', load: () => import('./pages/account.js') },
  '/account/profile': { access: 'member', load: () => import('./pages/profile.js') },
  '/notifications': { access: 'member', load: () => import('./pages/notifications.js') },
  '/notifications/settings': { access: 'member', load: () => import('./pages/notification-settings.js') },
  '/notifications/analytics': { access: 'member', load: () => import('./pages/notification-analytics.js') },
  '/settings': { access: 'member', permission: SETTINGS_PERMISSIONS, load: () => import('./pages/settings.js') },
  '/settings/business': { access: 'member', permission: 'tenant.manage', load: () => import('./pages/business.js') },
  '/settings/organization': { access: 'member', permission: 'settings.manage', load: () => import('./pages/organization.js') },
  '/settings/profiles': { access: 'member', permission: 'users.read', load: () => import('./pages/profiles.js') },
  '/settings/service-accounts': { access: 'member', permission: 'settings.manage',
    load: () => import('./pages/service-accounts.js') },
  '/settings/email': { access: 'member', permission: 'settings.manage', load: () => import('./pages/email-settings.js') },
  '/settings/email/outbox': { access: 'member', permission: 'settings.manage', load: () => import('./pages/outbox.js') },
  '/settings/kiosks': { access: 'member', permission: 'clock.manage', load: () => import('./pages/kiosks.js') },
  '/settings/notification-templates': { access: 'member', permission: 'settings.manage',
    load: () => import('./pages/notification-templates.js') },
  '/settings/backups': { access: 'member', superAdmin: true, load: () => import('./pages/backups.js') },
  '/accept-invitation': { access: 'public', bare: true, load: () => import('./pages/accept-invitation.js') },
  '/forgot-password': { access: 'public', bare: true, load: () => import('./pages/forgot-password.js') },
  '/reset-password': { access: 'public', bare: true, load: () => import('./pages/reset-password.js') },
  '/verify-email': { access: 'public', bare: true, load: () => import('./pages/verify-email.js') },
  // The shared tablet: no one's session, the kiosk's own key (pages/kiosk.js).
  '/kiosk': { access: 'public', bare: true, load: () => import('./pages/kiosk.js') },
};

let current = null;
let generation = 0;
let formatsOf = null; // the workplace whose date and time formats are loaded

function routeFor(path) {
  if (Object.hasOwn(routes, path)) return routes[path];
  const parent = path.slice(0, path.lastIndexOf('/'));
  return routes[parent]?.nested ? routes[parent] : undefined;
}

function setupPath() {
  const code = new URLSearchParams(location.search).get('code');
  return code ? `/setup?code=${encodeURIComponent(code)}` : '/setup';
}

// Whoever is signed in, if anyone, for a page that does not need it (the menu around it).
async function optionalSession() {
  try {
    return mayHaveSession() ? await currentSession() : null;
  } catch {
    return null; // the page itself reports an unreachable server
  }
}

// Where this route sends the visitor instead, or the context the page mounts with. Without a
// network an `offline` route opens for whoever was signed in last on this device (offline.js);
// the page knows it started so (`offline` in its context).
async function guard(route) {
  try {
    return await onlineGuard(route);
  } catch (e) {
    const session = e.status === 0 && route.offline ? rememberedSession() : null;
    if (!session || !allowed(session, route.permission)) throw e;
    return { context: { session, offline: true }, session };
  }
}

async function onlineGuard(route) {
  if (route.access === 'public') return { context: {}, session: route.bare ? null : await optionalSession() };
  const setupStatus = await api('/api/v1/auth/setup-status');
  if (setupStatus.needsSetup) return route.access === 'setup' ? { context: { setupStatus } } : { redirect: setupPath() };
  if (route.access === 'setup') return { redirect: '/' };
  const session = await currentSession();
  // Signed out on a deep link: sign in first, then on to where the link pointed (login.js).
  if (route.access === 'member' && !session) return { redirect: loginPath() };
  if (route.access === 'guest' && session) return { redirect: route.next?.() || '/' };
  if (!allowed(session, route.permission) || (route.superAdmin && !session.user.superAdmin)) {
    return { forbidden: true, session };
  }
  return { context: { session }, session };
}

// Dates and times in the workplace's formats, read once per workplace.
async function formatsFor(session) {
  if (!session || formatsOf === session.tenant.id) return;
  forgetFormats();
  formatsOf = session.tenant.id;
  await loadFormats();
}

async function render() {
  const mine = ++generation;
  const root = document.getElementById('app');
  const route = routeFor(location.pathname);
  let outcome = null;
  let page = null;
  try {
    outcome = route ? await guard(route) : { session: await optionalSession() };
    if (route && !outcome.redirect && !outcome.forbidden) page = await route.load();
    await formatsFor(outcome.session);
  } catch (e) {
    if (mine === generation) show(root, null, () => failure(e), { bare: true });
    return;
  }
  if (mine !== generation) return; // a newer navigation won
  // Signed in: the real-time connection runs (it stops by itself at sign-out), and time-clock
  // punches made without a network are sent.
  if (outcome.session) {
    startRealtime();
    startPunches(outcome.session.user.id);
  }
  if (outcome.redirect) go(outcome.redirect, { replace: true });
  else {
    show(root, page, outcome.forbidden ? forbidden : notFound, { ...outcome.context },
      { session: outcome.session, bare: route?.bare });
  }
}

function show(root, page, fallback, context, shell = { bare: true }) {
  // Within one page's own paths (/chat → /chat/ID): the page follows, nothing is mounted anew.
  if (page && page === current && page.update) {
    showShell({ session: shell.session, bare: shell.bare, path: location.pathname });
    page.update(context);
    return;
  }
  if (current?.unmount) current.unmount();
  current = page;
  showShell({ session: shell.session, bare: shell.bare, path: location.pathname });
  if (page) page.mount(root, context);
  else root.replaceChildren(fallback());
  window.scrollTo(0, 0);
}

function failure(error) {
  const retry = el('button', { type: 'button', class: 'button' }, t('app.retry'));
  retry.addEventListener('click', render);
  const text = error.status === 0 ? t('app.unreachable') : t('app.problem', { message: error.message });
  // Without a network the time clock still works for whoever was signed in here last.
  const last = error.status === 0 ? rememberedSession() : null;
  const clock = last && allowed(last, routes['/clock'].permission)
    && el('a', { href: '/clock', class: 'button button-secondary', 'data-testid': 'app-offline-clock' }, t('app.offlineClock'));
  return page('form', el('section', { class: 'card narrow stack' }, pageTitle(t('app.errorTitle')),
    el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'app-error' }, text),
    el('div', { class: 'actions' }, retry, clock)));
}

function forbidden() {
  const home = el('a', { href: '/', class: 'button button-secondary' }, t('notfound.back'));
  const heading = pageTitle(t('forbidden.title'));
  return page('form', el('section', { class: 'card', 'data-testid': 'forbidden-page' }, heading,
    emptyState({ icon: 'shield-check', title: heading ? null : t('forbidden.title'), hint: t('forbidden.text'), action: home })));
}

function notFound() {
  const home = el('a', { href: '/', class: 'button button-secondary' }, t('notfound.back'));
  const heading = pageTitle(t('notfound.title'));
  return page('form', el('section', { class: 'card' }, heading,
    emptyState({ icon: 'search', title: heading ? null : t('notfound.title'), hint: t('notfound.text'), action: home })));
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href^="/"]');
  // Links to other sites, new tabs and downloads are the browser's.
  if (!link || link.getAttribute('href').startsWith('//') || link.target || link.hasAttribute('download')
    || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  go(link.getAttribute('href'));
});
window.addEventListener('popstate', render);
window.addEventListener(NAVIGATE, render);
// The app's files for a start without a network (sw.js). Browsers allow it on https and on
// localhost only; elsewhere the app simply needs the network to open.
if (window.isSecureContext && navigator.serviceWorker) {
  navigator.serviceWorker.register('/sw.js').catch(() => {});
}
applyStoredPreferences();
mountShell();
render();
