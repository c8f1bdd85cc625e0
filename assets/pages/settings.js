// The settings area: one list of the workplace's settings pages, each shown to those who may
// open it.
import { el } from '../forms.js';
import { t } from '../i18n.js';
import { pageTitle } from '../shell.js';
import { card, emptyState, linkList, page } from '../ui.js';

const SUPER_ADMIN = Symbol('the instance owner');

const PAGES = [
  ['/settings/business', 'store', 'settings.business', 'settings.businessText', 'tenant.manage', 'settings-business-link'],
  ['/settings/email', 'mail', 'settings.email', 'settings.emailText', 'settings.manage', 'settings-email-link'],
  ['/settings/organization', 'building-2', 'settings.organization', 'settings.organizationText', 'settings.manage',
    'settings-organization-link'],
  ['/settings/profiles', 'shield-check', 'settings.profiles', 'settings.profilesText', 'users.read', 'settings-profiles-link'],
  ['/settings/service-accounts', 'key-round', 'settings.serviceAccounts', 'settings.serviceAccountsText', 'settings.manage',
    'settings-service-accounts-link'],
  ['/settings/kiosks', 'clock', 'settings.kiosks', 'settings.kiosksText', 'clock.manage', 'settings-kiosks-link'],
  ['/notifications/analytics', 'activity', 'settings.analytics', 'settings.analyticsText', 'settings.manage',
    'settings-analytics-link'],
  ['/settings/notification-templates', 'file-text', 'settings.templates', 'settings.templatesText', 'settings.manage',
    'settings-templates-link'],
  // The whole server's, not the workplace's: only for its owner.
  ['/settings/backups', 'archive', 'settings.backups', 'settings.backupsText', SUPER_ADMIN, 'settings-backups-link'],
];

export function mount(root, { session }) {
  const may = (permission) => (permission === SUPER_ADMIN ? session.user.superAdmin : session.permissions.includes(permission));
  const pages = PAGES.filter(([, , , , permission]) => may(permission));
  root.replaceChildren(page('form', pageTitle(t('settings.title')),
    el('p', { class: 'page-intro' }, t('settings.intro')),
    card({ flush: true, testId: 'settings-page' },
      pages.length === 0 ? emptyState({ icon: 'settings', title: t('forbidden.text') })
        : linkList(pages.map(([href, name, label, text, , testId]) =>
          ({ href, icon: name, title: t(label), text: t(text), testId }))))));
}
