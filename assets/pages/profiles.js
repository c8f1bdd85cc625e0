// Permission profiles: sets of permissions given to people instead of their role's. Everyone who
// sees the team may look at them (with each profile's permissions, grouped); those who manage
// profiles create, edit, deactivate and activate them. People get a profile on the team page.
import { authedApi } from '../auth.js';
import { confirmAction, modal } from '../dialog.js';
import { el, field, setError, showFieldErrors } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { pageTitle } from '../shell.js';
import { emptyState, iconButton, page, pagedList, toast } from '../ui.js';
import { permissionCatalog, permissionList, permissionPicker } from '../permissions.js';

const LIMIT = 20;
const STATUSES = ['active', 'inactive'];

let view = null;

export function mount(root, { session }) {
  const start = Math.max(1, Number.parseInt(new URLSearchParams(location.search).get('page'), 10) || 1);
  view = { root, session, catalog: [] };
  view.list = pagedList({
    testId: 'profiles-list',
    summaryTestId: 'profiles-total',
    errorTestId: 'profiles-error',
    count: 'profiles.count',
    page: start,
    address: (n) => (n > 1 ? `/settings/profiles?page=${n}` : '/settings/profiles'),
    fetch: async (n) => {
      const [data, catalog] = await Promise.all([authedApi(`/api/v1/profiles?page=${n}&limit=${LIMIT}`), permissionCatalog()]);
      if (view) view.catalog = catalog;
      return data;
    },
    render: (items) => el('ul', { class: 'entries' }, ...items.map(row)),
    empty: () => emptyState({ icon: 'shield-check', title: t('profiles.empty'), testId: 'profiles-empty',
      action: may('profiles.manage') && newButton('profiles-empty-new') }),
  });
  build();
  load();
}

export function unmount() {
  view?.list.stop();
  view = null;
}

const may = (code) => view.session.permissions.includes(code);
const load = () => view?.list.load();

function newButton(testId) {
  const create = iconButton('plus', t('profiles.new'), { testId });
  create.addEventListener('click', () => editor(null));
  return create;
}

function build() {
  const v = view;
  v.root.replaceChildren(page('wide', pageTitle(t('profiles.title')),
    el('a', { href: '/settings', class: 'back-link' }, icon('chevron-left', { size: 'sm' }), t('settings.back')),
    el('div', { class: 'page-head' }, el('p', { class: 'page-intro' }, t('profiles.intro')),
      may('profiles.manage') && newButton('profiles-new')),
    !may('profiles.manage') && el('p', { class: 'banner banner-warn', role: 'note', 'data-testid': 'profiles-read-only' },
      t('profiles.readOnly')),
    el('section', { class: 'card card-flush', 'data-testid': 'profiles-page' },
      el('div', { class: 'list-head' }, el('h2', { class: 'sr-only' }, t('profiles.title')), v.list.summary),
      v.list.area, v.list.pager)));
}

function row(profile) {
  const { name } = profile;
  const buttons = [];
  const button = (label, aria, testId, onClick, extra = '') => {
    const b = el('button', { type: 'button', class: `button button-small button-ghost ${extra}`.trim(), 'aria-label': aria,
      'data-testid': testId }, label);
    b.addEventListener('click', () => onClick(profile));
    buttons.push(b);
  };
  if (may('profiles.manage')) {
    button(t('profiles.edit'), t('profiles.editOf', { name }), 'profile-edit', editor);
    if (profile.status === 'active') {
      button(t('profiles.deactivate'), t('profiles.deactivateOf', { name }), 'profile-deactivate', deactivate, 'button-danger-quiet');
    } else {
      button(t('profiles.activate'), t('profiles.activateOf', { name }), 'profile-activate', activate);
    }
  }
  const status = STATUSES.includes(profile.status) ? t(`profiles.status.${profile.status}`) : profile.status;
  return el('li', { class: 'entry', 'data-testid': 'profile-row', 'data-name': name },
    el('div', { class: 'entry-main' },
      el('span', { class: 'entry-name', 'data-testid': 'profile-name' }, name),
      profile.description && el('span', { class: 'entry-sub', 'data-testid': 'profile-description' }, profile.description)),
    el('div', { class: 'entry-tags' },
      el('span', { class: `tag tag-${profile.status}`, 'data-testid': 'profile-status' }, status),
      el('span', { class: 'tag', 'data-testid': 'profile-people' }, tn('profiles.people', profile.userCount))),
    buttons.length > 0 && el('div', { class: 'entry-actions' }, ...buttons),
    el('details', { class: 'entry-more' },
      el('summary', { 'data-testid': 'profile-permissions-toggle' }, tn('profiles.permCount', profile.permissions.length)),
      permissionList(view.catalog, profile.permissions)));
}

function said(kind, text) {
  if (view) toast(text, { kind, testId: 'profiles-notice' });
}

const sameCodes = (a, b) => a.length === b.length && a.every((c) => b.includes(c));

// Create (profile null) or edit. Sends only what changed.
async function editor(profile) {
  const held = view.session.permissions;
  const locked = Boolean(profile) && profile.permissions.some((code) => !held.includes(code));
  const fields = {
    name: field({ name: 'name', label: t('profiles.name'), value: profile?.name || '', hint: t('profiles.nameHint'),
      attrs: { autocomplete: 'off', required: true, maxlength: 80 } }),
    description: field({ name: 'description', label: t('profiles.description'), value: profile?.description || '',
      optional: true, attrs: { autocomplete: 'off', maxlength: 500 } }),
  };
  for (const f of Object.values(fields)) f.input.addEventListener('input', () => setError(f.input, f.line, null));
  const picker = permissionPicker({ permissions: view.catalog, held, selected: profile?.permissions || [],
    label: t('profiles.permissions'), hint: t(locked ? 'profiles.locked' : 'profiles.permissionsHint'), locked });
  const saved = await modal({
    title: profile ? t('profiles.editTitle', { name: profile.name }) : t('profiles.createTitle'),
    content: [fields.name.node, fields.description.node, picker.node],
    submitLabel: t(profile ? 'profiles.save' : 'profiles.createSubmit'),
    busyLabel: t(profile ? 'profiles.saving' : 'profiles.creating'),
    testId: 'profile-dialog',
    wide: true,
    onSubmit: async () => {
      const name = fields.name.input.value.trim();
      setError(fields.name.input, fields.name.line, name ? null : t('form.required'));
      if (!name) {
        fields.name.input.focus();
        return false;
      }
      const description = fields.description.input.value.trim();
      const permissions = picker.value();
      if (!profile) {
        return authedApi('/api/v1/profiles', { method: 'POST', body: { name, description, permissions } });
      }
      const body = {};
      if (name !== profile.name) body.name = name;
      if (description !== profile.description) body.description = description;
      if (!locked && !sameCodes(permissions, profile.permissions)) body.permissions = permissions;
      if (Object.keys(body).length === 0) return 'unchanged';
      return authedApi(`/api/v1/profiles/${encodeURIComponent(profile.id)}`, { method: 'PUT', body });
    },
    onError: (e) => {
      if (e.status === 409) {
        setError(fields.name.input, fields.name.line, e.message);
        fields.name.input.focus();
        return true;
      }
      if (e.code !== 'validation_failed') return false;
      // `permissions[3]` → the picker.
      const byField = {};
      for (const [key, message] of Object.entries(e.fields)) byField[key.replace(/\[\d+\]$/, '')] = message;
      return showFieldErrors(byField, { ...fields, permissions: picker }).length === 0;
    },
  });
  if (!saved || saved === 'unchanged' || !view) return;
  await load();
  said('ok', t(profile ? 'profiles.saved' : 'profiles.created', { name: saved.name }));
}

async function deactivate(profile) {
  const { name } = profile;
  const done = await confirmAction({
    title: t('profiles.deactivateTitle', { name }),
    text: profile.userCount ? tn('profiles.deactivateText', profile.userCount) : t('profiles.deactivateTextNone'),
    confirmLabel: t('profiles.deactivate'),
    busyLabel: t('profiles.working'),
    action: () => authedApi(`/api/v1/profiles/${encodeURIComponent(profile.id)}`, { method: 'DELETE' }),
  });
  if (!done || !view) return;
  await load();
  said('ok', t('profiles.deactivated', { name }));
}

async function activate(profile) {
  const { name } = profile;
  const done = await confirmAction({
    title: t('profiles.activateTitle', { name }),
    text: profile.userCount ? tn('profiles.activateText', profile.userCount) : t('profiles.activateTextNone'),
    confirmLabel: t('profiles.activate'),
    busyLabel: t('profiles.working'),
    danger: false,
    action: () => authedApi(`/api/v1/profiles/${encodeURIComponent(profile.id)}/activate`, { method: 'POST' }),
  });
  if (!done || !view) return;
  await load();
  said('ok', t('profiles.activated', { name }));
}
