// Home: who is signed in, where, and in which role; the workplace's message for the team; the
// pages this person may open.
import { authedApi } from '../auth.js';
import { el } from '../forms.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { pageTitle } from '../shell.js';
import { card, linkList, page } from '../ui.js';

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
  const heading = pageTitle(t('nav.home'));
  const may = (code) => session.permissions.includes(code);
  const shortcuts = [
    may('users.read') && ['/users', 'users', 'home.team', 'home.teamText', 'home-users-link'],
    (may('settings.manage') || may('profiles.manage'))
      && ['/settings', 'settings', 'home.settings', 'home.settingsText', 'home-settings-link'],
    ['/account', 'user', 'home.account', 'home.accountText', 'home-account-link'],
  ].filter(Boolean);
  const message = el('p', { class: 'banner banner-note', role: 'note', 'data-testid': 'home-message', hidden: true });
  root.replaceChildren(page('wide',
    el('div', { 'data-testid': 'home-page' }, heading,
      el('h2', { class: 'hero', 'data-testid': 'home-greeting' }, t('home.greeting', { name: user.name || user.email })),
      el('p', { class: 'hero-sub' }, t('home.heroSub', { workplace: tenant.name }))),
    message,
    insecure(user) && el('div', { class: 'banner banner-warn', role: 'note', 'data-testid': 'insecure-notice' },
      el('strong', {}, t('home.insecureTitle')), ' ', t('home.insecureText')),
    user.requirePasswordChange && el('p', { class: 'banner banner-warn', role: 'note', 'data-testid': 'home-temporary' },
      t('home.temporary'), ' ', el('a', { href: '/account' }, t('home.temporaryLink'))),
    el('div', { class: 'home-grid' },
      card({ title: t('home.shortcutsTitle'), flush: true },
        linkList(shortcuts.map(([href, name, label, text, testId]) =>
          ({ href, icon: name, title: t(label), text: t(text), testId })))),
      card({ title: t('home.workplaceTitle') },
        el('dl', { class: 'facts' },
          row(t('home.workplace'), tenant.name, 'home-tenant'),
          row(t('home.role'), role, 'home-role')),
        el('a', { href: '/status', class: 'back-link', 'data-testid': 'home-status-link' }, icon('activity', { size: 'sm' }),
          t('home.status'))))));
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
