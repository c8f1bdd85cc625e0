// Service accounts: API keys with scopes for other programs (payroll, HR), used on /api/v1/sa/….
// A new key is shown once, in a dialog that says so and offers to copy it; the list shows only
// each key's public prefix. Revoking (after confirming) stops a key at once.
import { authedApi } from '../auth.js';
import { confirmAction, modal } from '../dialog.js';
import { formatDateTime } from '../format.js';
import { el, errorText, field, setError, showFieldErrors, uid } from '../forms.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { pageTitle } from '../shell.js';
import { card, emptyState, iconButton, page, pagedList, toast } from '../ui.js';
import { permissionCatalog, permissionLabel, permissionPicker } from '../permissions.js';

const LIMIT = 20;
// What the /api/v1/sa routes read today; a new key starts with it ticked.
const USERS_SCOPE = 'users.read';

let view = null;

export function mount(root, { session }) {
  const start = Math.max(1, Number.parseInt(new URLSearchParams(location.search).get('page'), 10) || 1);
  view = { root, session, catalog: [] };
  view.list = pagedList({
    testId: 'sa-list',
    summaryTestId: 'sa-total',
    errorTestId: 'sa-error',
    count: 'sa.count',
    page: start,
    address: (n) => (n > 1 ? `/settings/service-accounts?page=${n}` : '/settings/service-accounts'),
    fetch: async (n) => {
      const [data, catalog] = await Promise.all([
        authedApi(`/api/v1/service-accounts?page=${n}&limit=${LIMIT}`),
        permissionCatalog(),
      ]);
      if (view) {
        view.catalog = catalog;
        usage();
      }
      return data;
    },
    render: (items) => el('ul', { class: 'entries' }, ...items.map(row)),
    empty: () => emptyState({ icon: 'key-round', title: t('sa.empty'), hint: t('sa.emptyHint'), testId: 'sa-empty',
      action: newButton('sa-empty-new') }),
  });
  build();
  view.list.load();
}

export function unmount() {
  view?.list.stop();
  view = null;
}

const load = () => view?.list.load();

function newButton(testId) {
  const create = iconButton('plus', t('sa.new'), { testId });
  create.addEventListener('click', createDialog);
  return create;
}

function build() {
  const v = view;
  v.usage = card({ title: t('sa.howTitle'), testId: 'sa-usage' });
  v.usageBody = el('div', { class: 'stack' });
  v.usage.append(v.usageBody);
  usage();
  v.root.replaceChildren(page('wide', pageTitle(t('sa.title')),
    el('a', { href: '/settings', class: 'back-link' }, icon('chevron-left', { size: 'sm' }), t('settings.back')),
    el('div', { class: 'page-head' }, el('p', { class: 'page-intro' }, t('sa.intro')), newButton('sa-new')),
    el('section', { class: 'card card-flush', 'data-testid': 'sa-page' },
      el('div', { class: 'list-head' }, el('h2', { class: 'sr-only' }, t('sa.title')), v.list.summary),
      v.list.area, v.list.pager),
    v.usage));
}

// How a program presents its key, with this server's address in the examples.
function usage() {
  const scope = view.catalog.find((p) => p.code === USERS_SCOPE);
  // Line breaks only after a slash, so a phone does not split a word of the address.
  const breakable = (url) => url.split('/').flatMap((part, i) => (i ? [el('wbr'), `/${part}`] : [part]));
  const endpoint = (path, text) => el('li', {},
    el('code', { class: 'endpoint' }, 'GET ', ...breakable(`${location.origin}${path}`)), el('span', { class: 'muted' }, text));
  view.usageBody.replaceChildren(
    el('p', { class: 'page-intro' }, t('sa.howText')),
    el('pre', { class: 'code-block', 'data-testid': 'sa-header-example' }, 'Authorization: Bearer sr_…'),
    el('ul', { class: 'endpoints' },
      endpoint('/api/v1/sa/users', t('sa.howUsers', { scope: scope ? permissionLabel(scope) : USERS_SCOPE })),
      endpoint('/api/v1/sa/tenant', t('sa.howTenant'))));
}

function scopeTitle(code) {
  const permission = view.catalog.find((p) => p.code === code);
  return permission ? permissionLabel(permission) : code;
}

function row(account) {
  const revoked = Boolean(account.revokedAt);
  let actions = null;
  if (!revoked) {
    const revoke = el('button', { type: 'button', class: 'button button-small button-ghost button-danger-quiet',
      'aria-label': t('sa.revokeOf', { name: account.name }), 'data-testid': 'sa-revoke' }, t('sa.revoke'));
    revoke.addEventListener('click', () => revokeKey(account));
    actions = el('div', { class: 'entry-actions' }, revoke);
  }
  const when = [
    t('sa.createdAt', { date: formatDateTime(account.createdAt) }),
    account.lastUsedAt ? t('sa.lastUsed', { date: formatDateTime(account.lastUsedAt) }) : t('sa.neverUsed'),
    revoked && t('sa.revokedAt', { date: formatDateTime(account.revokedAt) }),
  ].filter(Boolean).join(' · ');
  return el('li', { class: 'entry', 'data-testid': 'sa-row', 'data-name': account.name },
    el('div', { class: 'entry-main' },
      el('span', { class: 'entry-name', 'data-testid': 'sa-name' }, account.name),
      el('code', { class: 'entry-sub', 'data-testid': 'sa-prefix' }, `sr_${account.prefix}_…`)),
    el('div', { class: 'entry-tags' },
      el('span', { class: `tag ${revoked ? 'tag-inactive' : 'tag-active'}`, 'data-testid': 'sa-status' },
        t(revoked ? 'sa.status.revoked' : 'sa.status.active')),
      ...account.scopes.map((code) => el('span', { class: 'tag', title: scopeTitle(code), 'data-testid': 'sa-scope' },
        el('code', {}, code)))),
    actions,
    el('p', { class: 'entry-more muted', 'data-testid': 'sa-dates' }, when));
}

function said(kind, text) {
  if (view) toast(text, { kind, testId: 'sa-notice' });
}

async function createDialog() {
  let catalog;
  try {
    catalog = await permissionCatalog();
  } catch (e) {
    if (e.status !== 401) said('bad', errorText(e));
    return;
  }
  if (!view) return;
  const held = view.session.permissions;
  const name = field({ name: 'name', label: t('sa.name'), hint: t('sa.nameHint'),
    attrs: { autocomplete: 'off', required: true, maxlength: 80 } });
  name.input.addEventListener('input', () => setError(name.input, name.line, null));
  const scopes = permissionPicker({ permissions: catalog, held, selected: held.includes(USERS_SCOPE) ? [USERS_SCOPE] : [],
    name: 'scopes', label: t('sa.scopes'), hint: t('sa.scopesHint'), templates: false });
  const created = await modal({
    title: t('sa.createTitle'),
    content: [name.node, scopes.node],
    submitLabel: t('sa.createSubmit'),
    busyLabel: t('sa.creating'),
    testId: 'sa-dialog',
    wide: true,
    onSubmit: async () => {
      const text = name.input.value.trim();
      setError(name.input, name.line, text ? null : t('form.required'));
      setError(scopes.input, scopes.line, scopes.value().length ? null : t('sa.scopesNone'));
      if (!text) {
        name.input.focus();
        return false;
      }
      if (!scopes.value().length) {
        scopes.input.focus();
        return false;
      }
      return authedApi('/api/v1/service-accounts', { method: 'POST', body: { name: text, scopes: scopes.value() } });
    },
    onError: (e) => {
      if (e.code !== 'validation_failed') return false;
      const byField = {};
      for (const [key, message] of Object.entries(e.fields)) byField[key.replace(/\[\d+\]$/, '')] = message;
      return showFieldErrors(byField, { name, scopes }).length === 0;
    },
  });
  if (!created) return;
  await showKey(created);
  if (!view) return;
  await load();
  said('ok', t('sa.created', { name: created.name }));
}

// The key, once: a warning, the key to select or copy, and no Cancel or Escape to lose it by.
function showKey(created) {
  const result = el('p', { class: 'hint', id: uid('hint'), role: 'status', 'data-testid': 'sa-copy-result' });
  // A text area, so the whole key is visible (and selectable) even on a phone.
  const input = el('textarea', { id: uid('key'), readonly: true, rows: 2, class: 'key-input', spellcheck: 'false',
    'aria-describedby': result.id, 'data-testid': 'sa-key' });
  input.value = created.key;
  input.addEventListener('focus', () => input.select());
  let copy = null;
  if (navigator.clipboard) { // HTTPS or localhost only; elsewhere the key can still be selected
    copy = el('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'sa-copy' }, t('sa.copy'));
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(input.value);
        copy.textContent = t('sa.copied');
        result.textContent = '';
      } catch {
        input.select();
        result.textContent = t('sa.copyFailed');
      }
    });
  }
  const key = el('div', { class: 'field' }, el('label', { for: input.id }, t('sa.keyLabel')),
    el('div', { class: 'with-beside' }, input, copy), result);
  return modal({
    title: t('sa.keyTitle', { name: created.name }),
    content: [el('p', { class: 'banner banner-warn', role: 'alert', 'data-testid': 'sa-key-warning' }, t('sa.keyWarning')),
      key],
    submitLabel: t('sa.done'),
    busyLabel: t('sa.done'),
    testId: 'sa-key-dialog',
    cancelLabel: null,
    sticky: true,
    onSubmit: () => true,
  });
}

async function revokeKey(account) {
  const { name } = account;
  const done = await confirmAction({
    title: t('sa.revokeTitle', { name }),
    text: t('sa.revokeText'),
    confirmLabel: t('sa.revoke'),
    busyLabel: t('sa.working'),
    action: () => authedApi(`/api/v1/service-accounts/${encodeURIComponent(account.id)}`, { method: 'DELETE' }),
  });
  if (!done || !view) return;
  await load();
  said('ok', t('sa.revoked', { name }));
}
