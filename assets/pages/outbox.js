// The outbox: every mail the workplace sent or is about to send, newest first. Without a mail
// server mails wait here, and an admin can read one and pass it on by hand, then mark it handled
// (or discard it): either way it is not sent later. Bodies are plain text and are only ever set as
// text, never parsed as HTML; a body the server holds back (a sign-in secret, or a link already
// used) is explained instead.
import { authedApi } from '../auth.js';
import { formatDateTime } from '../format.js';
import { el, notice } from '../forms.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { pageTitle } from '../shell.js';
import { confirmButton, emptyState, page, pagedList, toast } from '../ui.js';

const LIMIT = 20;
const KINDS = ['invitation', 'welcome', 'password_reset', 'password_changed', 'verify_email', 'otp', 'smtp_test'];
const STATUSES = { pending: 'tag-invited', sent: 'tag-active', handled: 'tag-active', cancelled: '', discarded: 'tag-inactive' };
const HIDDEN = ['secret', 'spent'];

let view = null;

export function mount(root) {
  const start = Math.max(1, Number.parseInt(new URLSearchParams(location.search).get('page'), 10) || 1);
  view = { root };
  view.mail = notice('outbox-mail-state');
  view.list = pagedList({
    testId: 'outbox-list',
    summaryTestId: 'outbox-total',
    errorTestId: 'outbox-error',
    count: 'outbox.count',
    page: start,
    address: (n) => (n > 1 ? `/settings/email/outbox?page=${n}` : '/settings/email/outbox'),
    fetch: (n) => authedApi(`/api/v1/settings/email/outbox?page=${n}&limit=${LIMIT}`),
    render: (items) => el('ul', { class: 'mails' }, ...items.map(item)),
    empty: () => emptyState({ icon: 'inbox', title: t('outbox.empty'), hint: t('outbox.emptyHint'), testId: 'outbox-empty' }),
  });
  root.replaceChildren(page('wide', pageTitle(t('outbox.title')),
    el('a', { href: '/settings/email', class: 'back-link', 'data-testid': 'outbox-settings-link' },
      icon('chevron-left', { size: 'sm' }), t('outbox.settings')),
    el('p', { class: 'page-intro', 'data-testid': 'outbox-intro' }, t('outbox.intro')),
    view.mail,
    el('section', { class: 'card card-flush', 'data-testid': 'outbox-page' },
      el('div', { class: 'list-head' }, el('h2', { class: 'sr-only' }, t('outbox.title')), view.list.summary),
      view.list.area, view.list.pager)));
  view.list.load();
  mailState();
}

export function unmount() {
  view?.list.stop();
  view = null;
}

async function mailState() {
  const v = view;
  try {
    const status = await authedApi('/api/v1/settings/email/status');
    if (view !== v) return;
    if (!status.configured) {
      v.mail.say('warn', t('outbox.notConfigured'), ' ', el('a', { href: '/settings/email' }, t('outbox.configure')));
    } else if (status.lastError) {
      v.mail.say('warn', t('outbox.failing', { error: status.lastError }));
    }
  } catch {
    // The list below reports an unreachable server.
  }
}

function fact(label, value, testId) {
  return el('div', { class: 'row' }, el('dt', {}, label), el('dd', { 'data-testid': testId }, value));
}

function item(mail) {
  const kind = KINDS.includes(mail.kind) ? t(`outbox.kind.${mail.kind}`) : mail.kind;
  const sent = mail.status === 'sent';
  const pending = mail.status === 'pending';
  const status = Object.hasOwn(STATUSES, mail.status) ? mail.status : null;
  const readable = typeof mail.body === 'string';
  let body;
  if (readable) {
    body = el('pre', { class: 'mail-body', 'data-testid': 'outbox-body' });
    body.textContent = mail.body;
  } else {
    const why = HIDDEN.includes(mail.hidden) ? t(`outbox.hidden.${mail.hidden}`) : t('outbox.hidden.other');
    body = el('p', { class: 'mail-hidden', 'data-testid': 'outbox-hidden', 'data-hidden': mail.hidden || '' },
      icon(mail.hidden === 'secret' ? 'eye-off' : 'ban', { size: 'sm' }), el('span', {}, why));
  }
  const actions = el('div', { class: 'button-row' });
  if (readable && pending) {
    actions.append(el('a', { class: 'button button-secondary button-small', 'data-testid': 'outbox-mailto',
      href: `mailto:${encodeURIComponent(mail.to)}?subject=${encodeURIComponent(mail.subject)}&body=${encodeURIComponent(mail.body)}` },
    t('outbox.forward')));
    if (navigator.clipboard) {
      // Only on HTTPS or localhost; elsewhere the text can still be selected in the box above.
      const copy = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': 'outbox-copy' },
        t('outbox.copy'));
      copy.addEventListener('click', async () => {
        try {
          await navigator.clipboard.writeText(mail.body);
          copy.textContent = t('outbox.copied');
        } catch {
          copy.textContent = t('outbox.copyFailed');
        }
      });
      actions.append(copy);
    }
  }
  if (pending) actions.append(...closeButtons(mail));
  return el('li', { class: 'mail', 'data-testid': 'outbox-item', 'data-kind': mail.kind, 'data-status': mail.status },
    el('details', {},
      el('summary', {},
        el('span', { class: 'mail-subject', 'data-testid': 'outbox-subject' }, mail.subject),
        el('span', { class: 'mail-to', 'data-testid': 'outbox-to' }, t('outbox.to', { to: mail.to })),
        el('span', { class: 'mail-tags' },
          el('span', { class: 'tag' }, kind),
          el('span', { class: `tag ${status ? STATUSES[status] : ''}`.trim(), 'data-testid': 'outbox-status' },
            status ? t(`outbox.status.${status}`) : mail.status),
          el('span', { class: 'muted' }, formatDateTime(mail.createdAt)))),
      el('div', { class: 'mail-details' },
        el('dl', { class: 'facts' },
          fact(t('outbox.createdAt'), formatDateTime(mail.createdAt), 'outbox-created'),
          sent && fact(t('outbox.sentAt'), formatDateTime(mail.sentAt), 'outbox-sent-at'),
          pending && fact(t('outbox.nextAttempt'), formatDateTime(mail.nextAttemptAt), 'outbox-next'),
          !pending && !sent && mail.closedAt && fact(t('outbox.closedAt'), formatDateTime(mail.closedAt), 'outbox-closed-at'),
          fact(t('outbox.attempts'), String(mail.attempts), 'outbox-attempts'),
          pending && mail.lastError && fact(t('outbox.lastError'), mail.lastError, 'outbox-last-error')),
        body, actions.childElementCount ? actions : null)));
}

// A waiting mail passed on by hand ("handled") or not wanted ("discarded"): closed, never sent.
function closeButtons(mail) {
  const close = (status, kind) => confirmButton({
    label: t(`outbox.${status}.action`),
    testId: `outbox-${status}`,
    kind,
    confirm: {
      title: t(`outbox.${status}.title`),
      text: t(`outbox.${status}.text`, { to: mail.to }),
      confirmLabel: t(`outbox.${status}.action`),
      busyLabel: t('outbox.closing'),
      danger: status === 'discarded',
      testId: 'outbox-confirm',
    },
    action: () => authedApi(`/api/v1/settings/email/outbox/${encodeURIComponent(mail.id)}/close`,
      { method: 'POST', body: { status } }),
    done: () => {
      if (!view) return;
      toast(t(`outbox.${status}.done`, { to: mail.to }), { testId: 'outbox-notice' });
      view.list.load();
    },
  });
  return [close('handled', 'button-secondary button-small'), close('discarded', 'button-ghost button-small button-danger-quiet')];
}
