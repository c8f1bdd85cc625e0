// Permission profiles: sets of permissions given to people instead of their role's. Everyone who
// sees the team may look at them (with each profile's permissions, grouped); those who manage
// profiles create, edit, deactivate and activate them. People get a profile on the team page.
import { authedApi } from '../auth.js';
import { confirmAction, modal } from '../dialog.js';
import { el, errorText, field, notice, pager, setError, showFieldErrors } from '../forms.js';
import { t, tn } from '../i18n.js';
import { permissionCatalog, permissionList, permissionPicker } from '../permissions.js';

const LIMIT = 20;
const STATUSES = ['active', 'inactive'];

let view = null;

export function mount(root, { session }) {
  const page = Math.max(1, Number.parseInt(new URLSearchParams(location.search).get('page'), 10) || 1);
  view = { root, session, page, serial: 0, catalog: [] };
  build();
  load();
}

export function unmount() {
  view = null;
}

const may = (code) => view.session.permissions.includes(code);

function build() {
  const v = view;
  v.notice = notice('profiles-notice');
  v.summary = el('p', { class: 'muted', 'data-testid': 'profiles-total' });
  v.list = el('div', { class: 'list-area', 'data-testid': 'profiles-list' }, el('p', { class: 'muted' }, t('profiles.loading')));
  v.pager = el('div');
  const header = el('div', { class: 'page-head' }, el('h1', {}, t('profiles.title')));
  if (may('profiles.manage')) {
    const create = el('button', { type: 'button', class: 'button', 'data-testid': 'profiles-new' }, t('profiles.new'));
    create.addEventListener('click', () => editor(null));
    header.append(create);
  }
  v.root.replaceChildren(el('section', { class: 'card', 'data-testid': 'profiles-page' },
    header,
    el('p', { class: 'intro' }, t('profiles.intro')),
    !may('profiles.manage') && el('p', { class: 'banner banner-warn', role: 'note', 'data-testid': 'profiles-read-only' },
      t('profiles.readOnly')),
    v.notice, v.summary, v.list, v.pager));
}

async function load() {
  const v = view;
  const mine = ++v.serial;
  history.replaceState(null, '', v.page > 1 ? `/settings/profiles?page=${v.page}` : '/settings/profiles');
  v.list.setAttribute('aria-busy', 'true');
  let data;
  try {
    [data, v.catalog] = await Promise.all([
      authedApi(`/api/v1/profiles?page=${v.page}&limit=${LIMIT}`),
      permissionCatalog(),
    ]);
  } catch (e) {
    if (view !== v || mine !== v.serial || e.status === 401) return;
    v.list.removeAttribute('aria-busy');
    const retry = el('button', { type: 'button', class: 'button' }, t('app.retry'));
    retry.addEventListener('click', load);
    v.list.replaceChildren(el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'profiles-error' },
      errorText(e)), retry);
    return;
  }
  if (view !== v || mine !== v.serial) return;
  const pages = Math.max(1, Math.ceil(data.total / LIMIT));
  if (data.items.length === 0 && v.page > pages) {
    v.page = pages;
    load();
    return;
  }
  v.list.removeAttribute('aria-busy');
  v.summary.textContent = data.total ? tn('profiles.count', data.total) : '';
  v.list.replaceChildren(data.items.length
    ? el('ul', { class: 'entries' }, ...data.items.map(row))
    : el('p', { class: 'empty', 'data-testid': 'profiles-empty' }, t('profiles.empty')));
  v.pager.replaceChildren(data.total > LIMIT || v.page > 1 ? pager(data, (page) => {
    v.page = page;
    load();
  }) : '');
}

function row(profile) {
  const { name } = profile;
  const buttons = [];
  const button = (label, aria, testId, onClick, extra = '') => {
    const b = el('button', { type: 'button', class: `button button-small button-quiet ${extra}`.trim(), 'aria-label': aria,
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
  view?.notice.say(kind, text);
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
  said('ok', t(profile ? 'profiles.saved' : 'profiles.created', { name: saved.name }));
  load();
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
  said('ok', t('profiles.deactivated', { name }));
  load();
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
  said('ok', t('profiles.activated', { name }));
  load();
}
