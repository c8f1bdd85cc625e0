// The bell: a link to /notifications with the unread count beside it, in the shell's top bar (and
// in chat's header on a desktop, where the page has no top bar). Every bell on the page shows the
// same count; its name says it ("Notifications, 3 unread").
import { el } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { onUnreadNotifications, unreadNotifications } from './store.js';

function paint(link, n) {
  const badge = link.querySelector('.bell-badge');
  badge.hidden = n <= 0;
  badge.textContent = n > 99 ? '99+' : String(n);
  link.dataset.count = String(n);
  link.setAttribute('aria-label', n > 0 ? tn('notif.bellUnread', n) : t('notif.bell'));
}

onUnreadNotifications((n) => {
  for (const link of document.querySelectorAll('a[data-bell]')) paint(link, n);
});

// `testId` names the link; its count is `${testId}-count`.
export function bell({ testId = 'notif-bell', className = '' } = {}) {
  const link = el('a', { href: '/notifications', class: `bell ${className}`.trim(), 'data-bell': '', 'data-testid': testId,
    title: t('notif.bell') },
  icon('bell'), el('span', { class: 'bell-badge', 'aria-hidden': 'true', 'data-testid': `${testId}-count`, hidden: true }));
  paint(link, unreadNotifications());
  return link;
}
