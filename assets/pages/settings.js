// The settings area: one list of the workplace's settings pages, each shown to those who may
// open it.
import { el } from '../forms.js';
import { t } from '../i18n.js';

const SUPER_ADMIN = Symbol('the instance owner');

const PAGES = [
  ['/settings/email', 'settings.email', 'settings.emailText', 'settings.manage', 'settings-email-link'],
  ['/settings/organization', 'settings.organization', 'settings.organizationText', 'settings.manage', 'settings-organization-link'],
  ['/settings/profiles', 'settings.profiles', 'settings.profilesText', 'users.read', 'settings-profiles-link'],
  ['/settings/service-accounts', 'settings.serviceAccounts', 'settings.serviceAccountsText', 'settings.manage',
    'settings-service-accounts-link'],
  // The whole server's, not the workplace's: only for its owner.
  ['/settings/backups', 'settings.backups', 'settings.backupsText', SUPER_ADMIN, 'settings-backups-link'],
];

export function mount(root, { session }) {
  const may = (permission) => (permission === SUPER_ADMIN ? session.user.superAdmin : session.permissions.includes(permission));
  const pages = PAGES.filter(([, , , permission]) => may(permission));
  root.replaceChildren(el('section', { class: 'card', 'data-testid': 'settings-page' },
    el('h1', {}, t('settings.title')),
    el('p', { class: 'intro' }, t('settings.intro')),
    pages.length === 0 && el('p', { class: 'empty' }, t('forbidden.text')),
    el('ul', { class: 'shortcuts' }, ...pages.map(([href, label, text, , testId]) =>
      el('li', {}, el('a', { href, 'data-testid': testId }, t(label)), el('span', { class: 'muted' }, t(text)))))));
}
