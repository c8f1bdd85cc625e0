// The client router: one module per page, loaded on demand, each route guarded by who may see it.
import { api } from './api.js';
import { currentSession, logout, mayHaveSession, onSessionChange } from './auth.js';
import { el } from './forms.js';
import { t } from './i18n.js';
import { go, NAVIGATE } from './nav.js';

// access: 'public' = anyone, always (the health page helps most while something is wrong);
// 'setup' = only while setup is pending; 'guest' = signed out; 'member' = signed in.
const routes = {
  '/': { access: 'member', load: () => import('./pages/home.js') },
  '/login': { access: 'guest', load: () => import('./pages/login.js') },
  '/setup': { access: 'setup', load: () => import('./pages/setup.js') },
  '/status': { access: 'public', load: () => import('./pages/status.js') },
};

let current = null;
let generation = 0;

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
    if (route && !outcome.redirect) page = await route.load();
  } catch (e) {
    if (mine === generation) show(root, null, failure(e));
    return;
  }
  if (mine !== generation) return; // a newer navigation won
  if (outcome?.redirect) go(outcome.redirect, { replace: true });
  else show(root, page, notFound(), outcome?.context);
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
}

function setUpTopbar() {
  const button = document.getElementById('topbar-logout');
  button.textContent = t('auth.logout');
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
  if (!link || link.getAttribute('href').startsWith('//') || link.target || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  go(link.getAttribute('href'));
});
window.addEventListener('popstate', render);
window.addEventListener(NAVIGATE, render);
setUpTopbar();
render();
