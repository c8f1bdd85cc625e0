// Home: who is signed in, where, and in which role; the workplace's message for the team; the
// pages this person may open.
import { authedApi, logout } from '../auth.js';
import { el } from '../forms.js';
import { t } from '../i18n.js';
import { go } from '../nav.js';

const ROLES = ['owner', 'tenant_admin', 'manager', 'user'];
const LOCAL_HOSTS = ['localhost', '127.0.0.1', '::1', '[::1]'];

function row(label, value, testId) {
  return el('div', { class: 'row' }, el('dt', {}, label), el('dd', { 'data-testid': testId }, value));
}

// Only the owner can do something about it (put a TLS reverse proxy in front); on this machine
// itself nothing crosses a network.
function insecure(user) {
  return user.role === 'owner' && location.protocol === 'http:' && !LOCAL_HOSTS.includes(location.hostname);
}

export function mount(root, { session }) {
  const { user, tenant } = session;
  const role = ROLES.includes(user.role) ? t(`role.${user.role}`) : user.role;
  const signOut = el('button', { type: 'button', class: 'button button-quiet', 'data-testid': 'home-logout' },
    t('auth.logout'));
  signOut.addEventListener('click', async () => {
    signOut.disabled = true;
    await logout();
    go('/login');
  });
  const may = (code) => session.permissions.includes(code);
  const shortcuts = [
    may('users.read') && ['/users', 'home.team', 'home.teamText', 'home-users-link'],
    (may('settings.manage') || may('profiles.manage')) && ['/settings', 'home.settings', 'home.settingsText', 'home-settings-link'],
    ['/account', 'home.account', 'home.accountText', 'home-account-link'],
  ].filter(Boolean);
  const message = el('p', { class: 'banner banner-note', role: 'note', 'data-testid': 'home-message', hidden: true });
  root.replaceChildren(el('section', { class: 'card', 'data-testid': 'home-page' },
    el('h1', { 'data-testid': 'home-greeting' }, t('home.greeting', { name: user.name || user.email })),
    message,
    insecure(user) && el('div', { class: 'banner banner-warn', role: 'note', 'data-testid': 'insecure-notice' },
      el('strong', {}, t('home.insecureTitle')), ' ', t('home.insecureText')),
    user.requirePasswordChange && el('p', { class: 'banner banner-warn', role: 'note', 'data-testid': 'home-temporary' },
      t('home.temporary'), ' ', el('a', { href: '/account' }, t('home.temporaryLink'))),
    el('dl', { class: 'facts' },
      row(t('home.workplace'), tenant.name, 'home-tenant'),
      row(t('home.role'), role, 'home-role')),
    el('ul', { class: 'shortcuts' }, ...shortcuts.map(([href, label, text, testId]) =>
      el('li', {}, el('a', { href, 'data-testid': testId }, t(label)), el('span', { class: 'muted' }, t(text))))),
    el('div', { class: 'actions' }, el('a', { href: '/status', 'data-testid': 'home-status-link' }, t('home.status')),
      signOut)));
  showMessage(message);
}

// The organization setting general.contact_text, when the workplace wrote one. Without an answer
// the page is complete anyway.
async function showMessage(node) {
  try {
    const setting = await authedApi('/api/v1/org-settings/general.contact_text');
    const text = typeof setting.value === 'string' ? setting.value.trim() : '';
    if (!text || !node.isConnected) return;
    node.textContent = text;
    node.hidden = false;
  } catch {
    // Not essential.
  }
}
