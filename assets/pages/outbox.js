// The outbox: every mail the workplace sent or is about to send, newest first. Without a mail
// server mails wait here, and an admin can read one and pass it on by hand. Bodies are plain
// text and are only ever set as text, never parsed as HTML.
import { authedApi } from '../auth.js';
import { el, errorText, notice, pager } from '../forms.js';
import { dateTime, t, tn } from '../i18n.js';

const LIMIT = 20;
const KINDS = ['invitation', 'welcome', 'password_reset', 'password_changed', 'verify_email', 'otp', 'smtp_test'];

let view = null;

export function mount(root) {
  const page = Math.max(1, Number.parseInt(new URLSearchParams(location.search).get('page'), 10) || 1);
  view = { root, page, serial: 0 };
  view.mail = notice('outbox-mail-state');
  view.list = el('div', { class: 'list-area', 'data-testid': 'outbox-list' }, el('p', { class: 'muted' }, t('outbox.loading')));
  view.summary = el('p', { class: 'muted', 'data-testid': 'outbox-total' });
  view.pager = el('div');
  root.replaceChildren(el('section', { class: 'card', 'data-testid': 'outbox-page' },
    el('div', { class: 'page-head' }, el('h1', {}, t('outbox.title')),
      el('a', { href: '/settings/email', 'data-testid': 'outbox-settings-link' }, t('outbox.settings'))),
    el('p', { class: 'intro', 'data-testid': 'outbox-intro' }, t('outbox.intro')),
    view.mail, view.summary, view.list, view.pager));
  load();
  mailState();
}

export function unmount() {
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

async function load() {
  const v = view;
  const mine = ++v.serial;
  history.replaceState(null, '', v.page > 1 ? `/settings/email/outbox?page=${v.page}` : '/settings/email/outbox');
  v.list.setAttribute('aria-busy', 'true');
  let data;
  try {
    data = await authedApi(`/api/v1/settings/email/outbox?page=${v.page}&limit=${LIMIT}`);
  } catch (e) {
    if (view !== v || mine !== v.serial || e.status === 401) return;
    v.list.removeAttribute('aria-busy');
    const retry = el('button', { type: 'button', class: 'button' }, t('app.retry'));
    retry.addEventListener('click', load);
    v.list.replaceChildren(el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'outbox-error' },
      errorText(e)), retry);
    return;
  }
  if (view !== v || mine !== v.serial) return;
  v.list.removeAttribute('aria-busy');
  v.summary.textContent = data.total ? tn('outbox.count', data.total) : '';
  v.list.replaceChildren(data.items.length
    ? el('ul', { class: 'mails' }, ...data.items.map(item))
    : el('p', { class: 'empty', 'data-testid': 'outbox-empty' }, t('outbox.empty')));
  v.pager.replaceChildren(data.total > LIMIT || v.page > 1 ? pager(data, (page) => {
    v.page = page;
    load();
  }) : '');
}

function fact(label, value, testId) {
  return el('div', { class: 'row' }, el('dt', {}, label), el('dd', { 'data-testid': testId }, value));
}

function item(mail) {
  const kind = KINDS.includes(mail.kind) ? t(`outbox.kind.${mail.kind}`) : mail.kind;
  const sent = mail.status === 'sent';
  const body = el('pre', { class: 'mail-body', 'data-testid': 'outbox-body' });
  body.textContent = mail.body;
  const write = el('a', { class: 'button button-quiet button-small', 'data-testid': 'outbox-mailto',
    href: `mailto:${encodeURIComponent(mail.to)}?subject=${encodeURIComponent(mail.subject)}&body=${encodeURIComponent(mail.body)}` },
  t('outbox.forward'));
  const actions = el('div', { class: 'button-row' }, write);
  if (navigator.clipboard) {
    // Only on HTTPS or localhost; elsewhere the text can still be selected in the box above.
    const copy = el('button', { type: 'button', class: 'button button-quiet button-small', 'data-testid': 'outbox-copy' },
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
  return el('li', { class: 'mail', 'data-testid': 'outbox-item', 'data-kind': mail.kind },
    el('details', {},
      el('summary', {},
        el('span', { class: 'mail-subject', 'data-testid': 'outbox-subject' }, mail.subject),
        el('span', { class: 'mail-to', 'data-testid': 'outbox-to' }, t('outbox.to', { to: mail.to })),
        el('span', { class: 'mail-tags' },
          el('span', { class: 'tag' }, kind),
          el('span', { class: `tag ${sent ? 'tag-active' : 'tag-invited'}`, 'data-testid': 'outbox-status' },
            t(sent ? 'outbox.sent' : 'outbox.pending')),
          el('span', { class: 'muted' }, dateTime(mail.createdAt)))),
      el('div', { class: 'mail-details' },
        el('dl', { class: 'facts' },
          fact(t('outbox.createdAt'), dateTime(mail.createdAt), 'outbox-created'),
          sent && fact(t('outbox.sentAt'), dateTime(mail.sentAt), 'outbox-sent-at'),
          !sent && fact(t('outbox.nextAttempt'), dateTime(mail.nextAttemptAt), 'outbox-next'),
          fact(t('outbox.attempts'), String(mail.attempts), 'outbox-attempts'),
          mail.lastError && fact(t('outbox.lastError'), mail.lastError, 'outbox-last-error')),
        body, actions)));
}
