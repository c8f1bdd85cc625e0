// The client router: one module per page, loaded on demand, each route guarded by who may see it.
import { api } from './api.js';
import { currentSession, logout, mayHaveSession, onSessionChange } from './auth.js';
import { el } from './forms.js';
import { t } from './i18n.js';
import { go, NAVIGATE } from './nav.js';
import { applyStoredPreferences } from './prefs.js';

// Who sees the settings area: those who may change something there (profiles can also be looked
// at from the team page).
const SETTINGS = ['settings.manage', 'profiles.manage'];

// access: 'public' = anyone, always (the health page helps most while something is wrong; the
// pages behind a link in an e-mail need no session); 'setup' = only while setup is pending;
// 'guest' = signed out; 'member' = signed in, and holding `permission` when one is named (a list:
// any one of them), and the instance owner when `superAdmin` is set.
const routes = {
  '/': { access: 'member', load: () => import('./pages/home.js') },
  '/login': { access: 'guest', load: () => import('./pages/login.js') },
  '/setup': { access: 'setup', load: () => import('./pages/setup.js') },
  '/status': { access: 'public', load: () => import('./pages/status.js') },
  '/users': { access: 'member', permission: 'users.read', load: () => import('./pages/users.js') },
  '/account': { access: 'member', load: () => import('./pages/account.js') },
  '/account/profile': { access: 'member', load: () => import('./pages/profile.js') },
  '/settings': { access: 'member', permission: SETTINGS, load: () => import('./pages/settings.js') },
  '/settings/organization': { access: 'member', permission: 'settings.manage', load: () => import('./pages/organization.js') },
  '/settings/profiles': { access: 'member', permission: 'users.read', load: () => import('./pages/profiles.js') },
  '/settings/service-accounts': { access: 'member', permission: 'settings.manage',
    load: () => import('./pages/service-accounts.js') },
  '/settings/email': { access: 'member', permission: 'settings.manage', load: () => import('./pages/email-settings.js') },
  '/settings/email/outbox': { access: 'member', permission: 'settings.manage', load: () => import('./pages/outbox.js') },
  '/settings/backups': { access: 'member', superAdmin: true, load: () => import('./pages/backups.js') },
  '/accept-invitation': { access: 'public', load: () => import('./pages/accept-invitation.js') },
  '/forgot-password': { access: 'public', load: () => import('./pages/forgot-password.js') },
  '/reset-password': { access: 'public', load: () => import('./pages/reset-password.js') },
  '/verify-email': { access: 'public', load: () => import('./pages/verify-email.js') },
};

// The top bar's links, each shown to those who may open it.
const NAV = [
  { path: '/', label: 'nav.home' },
  { path: '/users', label: 'nav.team', permission: 'users.read' },
  { path: '/settings', label: 'nav.settings', permission: SETTINGS },
  { path: '/account', label: 'nav.account' },
];

let current = null;
let generation = 0;

const allowed = (session, permission) =>
  !permission || [permission].flat().some((code) => session.permissions.includes(code));

function setupPath() {
  const code = new URLSearchParams(location.search).get('code');
  return code ? `/setup?code=${encodeURIComponent(code)}` : '/setup';
}

// Where this route sends the visitor instead, or the context the page mounts with.
async function guard(route) {
  if (route.access === 'public') return { context: {} };
  const setupStatus = await api('/api/v1/auth/setup-status');
  if (setupStatus.needsSetup) return route.access === 'setup' ? { context: { setupStatus } } : { redirect: setupPath() };
  if (route.access === 'setup') return { redirect: '/' };
  const session = await currentSession();
  if (route.access === 'member' && !session) return { redirect: '/login' };
  if (route.access === 'guest' && session) return { redirect: '/' };
  if (!allowed(session, route.permission) || (route.superAdmin && !session.user.superAdmin)) return { forbidden: true };
  return { context: { session } };
}

async function render() {
  const mine = ++generation;
  const root = document.getElementById('app');
  const route = routes[location.pathname];
  let outcome = null;
  let page = null;
  try {
    outcome = route ? await guard(route) : null;
    if (route && !outcome.redirect && !outcome.forbidden) page = await route.load();
  } catch (e) {
    if (mine === generation) show(root, null, failure(e));
    return;
  }
  if (mine !== generation) return; // a newer navigation won
  if (outcome?.redirect) go(outcome.redirect, { replace: true });
  else show(root, page, outcome?.forbidden ? forbidden() : notFound(), outcome?.context);
}

function show(root, page, fallback, context) {
  if (current?.unmount) current.unmount();
  current = page;
  if (page) page.mount(root, context);
  else root.replaceChildren(fallback);
  updateTopbar();
}

function failure(error) {
  const retry = el('button', { type: 'button', class: 'button' }, t('app.retry'));
  retry.addEventListener('click', render);
  const text = error.status === 0 ? t('app.unreachable') : t('app.problem', { message: error.message });
  return el('section', { class: 'card' },
    el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'app-error' }, text), retry);
}

function forbidden() {
  return el('section', { class: 'card', 'data-testid': 'forbidden-page' }, el('h1', {}, t('forbidden.title')),
    el('p', {}, t('forbidden.text')), el('a', { href: '/' }, t('notfound.back')));
}

function notFound() {
  return el('section', { class: 'card' }, el('h1', {}, t('notfound.title')), el('a', { href: '/' }, t('notfound.back')));
}

async function updateTopbar() {
  const box = document.getElementById('topbar-user');
  let session = null;
  try {
    if (mayHaveSession()) session = await currentSession();
  } catch {
    // The page itself reports an unreachable server; the header just stays empty.
  }
  box.hidden = !session;
  document.getElementById('topbar-name').textContent = session ? session.user.name || session.user.email : '';
  const nav = document.getElementById('topnav');
  nav.hidden = !session;
  const here = location.pathname;
  nav.replaceChildren(...(session ? NAV : [])
    .filter((item) => allowed(session, item.permission))
    .map((item) => {
      const current = here === item.path || (item.path !== '/' && here.startsWith(`${item.path}/`));
      return el('a', { href: item.path, 'aria-current': current ? 'page' : null,
        'data-testid': `nav-${item.path.split('/').pop() || 'home'}` }, t(item.label));
    }));
}

function setUpTopbar() {
  const button = document.getElementById('topbar-logout');
  button.textContent = t('auth.logout');
  document.getElementById('topnav').setAttribute('aria-label', t('nav.label'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    await logout();
    button.disabled = false;
    go('/login');
  });
  onSessionChange(updateTopbar);
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
applyStoredPreferences();
setUpTopbar();
render();
