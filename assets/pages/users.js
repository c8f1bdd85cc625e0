// Team: the workplace's accounts, searched, filtered and paged; invite people, change names,
// roles and permission profiles, deactivate, activate, delete, resend invitations — each offered
// only to who may do it.
// Search, filter and page live in the address, so a reload or a shared link shows the same list.
import { authedApi } from '../auth.js';
import { confirmAction, modal } from '../dialog.js';
import { busy, el, errorText, field, looksLikeEmail, notice, setError, showFieldErrors } from '../forms.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { initials, pageTitle } from '../shell.js';
import { emptyState, iconButton, page, pagedList, toast } from '../ui.js';

// The server's order of rank (src/users/service.rs may_assign): nobody hands out a role above
// their own, and roles above manager need users.write.
const RANK = { user: 1, manager: 2, tenant_admin: 3, owner: 4 };
const ROLES = ['user', 'manager', 'tenant_admin', 'owner'];
const STATUSES = ['', 'active', 'invited', 'inactive'];
const LIMITS = [10, 20, 50, 100];
const DEFAULT_LIMIT = 20;
const SEARCH_DELAY_MS = 300;

let view = null;

export function mount(root, { session }) {
  const params = new URLSearchParams(location.search);
  const limit = Number(params.get('limit'));
  view = {
    root,
    session,
    search: params.get('search') || '',
    status: STATUSES.includes(params.get('status')) ? params.get('status') : '',
    page: Math.max(1, Number.parseInt(params.get('page'), 10) || 1),
    limit: LIMITS.includes(limit) ? limit : DEFAULT_LIMIT,
    serial: 0, // answers to older requests are dropped
    timer: null,
    profiles: [], // active permission profiles [{id, name, description}]
  };
  view.profileChoices = profileChoices(); // once per visit: this page does not change them
  view.heading = pageTitle(t('users.title'));
  build();
  load();
  mailWarning();
}

export function unmount() {
  if (view) {
    clearTimeout(view.timer);
    view.list.stop();
  }
  view = null;
}

// ---- permissions ------------------------------------------------------------------------------

const may = (code) => view.session.permissions.includes(code);

function mayAssign(role) {
  const mine = RANK[view.session.user.role] ?? 0;
  return RANK[role] <= mine && (RANK[role] <= RANK.manager || may('users.write'));
}

const roleLabel = (role) => t(`role.${role}`);
const statusLabel = (status) => t(`users.status.${status}`);

// ---- the page ---------------------------------------------------------------------------------

function build() {
  const v = view;
  v.mail = notice('users-mail-warning');
  v.list = pagedList({
    testId: 'users-list',
    summaryTestId: 'users-total',
    errorTestId: 'users-error',
    count: 'users.count',
    page: v.page,
    avatar: true,
    address: syncAddress,
    fetch: async (page) => {
      v.page = page;
      const params = new URLSearchParams({ page: String(page), limit: String(v.limit), format: 'true' });
      if (v.search) params.set('search', v.search);
      if (v.status) params.set('status', v.status);
      const [data, profiles] = await Promise.all([authedApi(`/api/v1/users?${params}`), v.profileChoices]);
      v.profiles = profiles;
      return data;
    },
    render: (items) => el('table', { class: 'table table-stack' },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col' }, t('users.colName')),
        el('th', { scope: 'col' }, t('users.colRole')),
        el('th', { scope: 'col' }, t('users.colStatus')),
        el('th', { scope: 'col', class: 'col-actions' }, el('span', { class: 'sr-only' }, t('users.colActions'))))),
      el('tbody', {}, ...items.map(row))),
    empty,
    extra: limitChoice,
  });
  const load = () => {
    v.list.page = v.page;
    return v.list.load();
  };
  v.reload = load;

  const search = field({ name: 'search', label: t('users.search'), type: 'search', value: v.search,
    attrs: { autocomplete: 'off', spellcheck: 'false', 'data-testid': 'users-search', placeholder: t('users.search') } });
  search.input.addEventListener('input', () => {
    clearTimeout(v.timer);
    v.timer = setTimeout(() => {
      v.search = search.input.value.trim();
      v.page = 1;
      load();
    }, SEARCH_DELAY_MS);
  });
  const status = field({ name: 'status', label: t('users.filter'), value: v.status,
    options: STATUSES.map((s) => [s, s ? statusLabel(s) : t('users.status.all')]),
    attrs: { 'data-testid': 'users-status-filter' } });
  status.input.addEventListener('change', () => {
    clearTimeout(v.timer); // a search still being typed counts too
    v.search = search.input.value.trim();
    v.status = status.input.value;
    v.page = 1;
    load();
  });
  v.searchInput = search.input;
  v.statusInput = status.input;

  const tools = [el('a', { href: '/settings/profiles', class: 'button button-secondary', 'data-testid': 'users-profiles-link' },
    icon('shield-check'), t('users.profilesLink'))];
  if (may('users.invite')) {
    const invite = iconButton('user-plus', t('users.invite'), { testId: 'users-invite' });
    invite.addEventListener('click', inviteDialog);
    tools.push(invite);
  }
  v.root.replaceChildren(page('wide', v.heading,
    el('div', { class: 'page-head' }, el('div', { class: 'toolbar', role: 'search' }, search.node, status.node),
      el('div', { class: 'head-tools' }, ...tools)),
    v.mail,
    el('section', { class: 'card card-flush', 'data-testid': 'users-page' },
      el('div', { class: 'list-head' }, el('h2', { class: 'sr-only' }, t('users.title')), v.list.summary),
      v.list.area, v.list.pager)));
}

// Without a mail server invitations wait in the outbox; say so before someone waits for one.
async function mailWarning() {
  const mine = view;
  let status;
  try {
    status = await authedApi('/api/v1/settings/email/status');
  } catch {
    return; // the list says what is wrong with the server
  }
  if (view !== mine) return;
  mine.mailConfigured = status.configured;
  if (!status.configured) showNoMail();
}

// Without a mail server: where the invitations are, and who can pass them on.
function showNoMail(invited) {
  const v = view;
  const lead = invited ? t('users.waitingFor', { name: invited.name, email: invited.email }) : t('users.noMail');
  v.mail.say('warn', lead, ' ', may('settings.manage')
    ? el('a', { href: '/settings/email/outbox', 'data-testid': 'users-outbox-link' }, t('users.noMailOutbox'))
    : t('users.noMailAsk'));
}

// Whether mail goes out; asked again when the page has no answer yet (null: unknown).
async function mailConfigured() {
  const v = view;
  if (v.mailConfigured !== undefined) return v.mailConfigured;
  try {
    v.mailConfigured = (await authedApi('/api/v1/settings/email/status')).configured;
  } catch {
    return null;
  }
  return v.mailConfigured;
}

function syncAddress(page) {
  const v = view;
  const params = new URLSearchParams();
  if (v.search) params.set('search', v.search);
  if (v.status) params.set('status', v.status);
  if (page > 1) params.set('page', String(page));
  if (v.limit !== DEFAULT_LIMIT) params.set('limit', String(v.limit));
  const query = params.toString();
  return query ? `/users?${query}` : '/users';
}

const load = () => view?.reload();

function limitChoice() {
  const v = view;
  const limit = field({ name: 'limit', label: t('pager.limit'), value: String(v.limit),
    options: LIMITS.map((n) => [String(n), String(n)]) });
  limit.node.classList.add('field-inline');
  limit.input.addEventListener('change', () => {
    v.limit = Number(limit.input.value);
    v.page = 1;
    load();
  });
  return limit.node;
}

function empty() {
  const v = view;
  if (!v.search && !v.status) {
    return emptyState({ icon: 'users', title: t('users.emptyAll'), testId: 'users-empty' });
  }
  const clear = el('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'users-clear' },
    t('users.clearFilters'));
  clear.addEventListener('click', () => {
    v.search = '';
    v.status = '';
    v.page = 1;
    v.searchInput.value = '';
    v.statusInput.value = '';
    load();
  });
  return emptyState({ icon: 'search', testId: 'users-empty',
    title: v.search ? t('users.emptySearch', { search: v.search }) : t('users.emptyFilter'), action: clear });
}

function row(user) {
  const name = user.name || user.email;
  const self = user.id === view.session.user.id;
  const manage = mayAssign(user.role);
  const buttons = [];
  const button = (label, aria, testId, onClick, extra = '') => {
    const b = el('button', { type: 'button', class: `button button-ghost button-small ${extra}`.trim(), 'aria-label': aria,
      'data-testid': testId }, label);
    b.addEventListener('click', () => onClick(user, b));
    buttons.push(b);
  };
  if (manage && may('users.invite')) {
    if (user.status === 'invited') {
      button(t('users.resend'), t('users.resendOf', { name }), 'user-resend', resend);
    }
    button(t('users.edit'), t('users.editOf', { name }), 'user-edit', editDialog);
  }
  if (manage && may('users.write')) {
    if (user.status === 'active' && !self) {
      button(t('users.deactivate'), t('users.deactivateOf', { name }), 'user-deactivate', deactivate);
    }
    if (user.status === 'inactive') {
      button(t('users.activate'), t('users.activateOf', { name }), 'user-activate', activate);
    }
    if (!self) button(t('users.delete'), t('users.deleteOf', { name }), 'user-delete', remove, 'button-danger-quiet');
  }
  return el('tr', { 'data-testid': 'user-row', 'data-email': user.email },
    el('td', { class: 'col-main' }, el('div', { class: 'who' },
      el('span', { class: 'avatar avatar-sm', 'aria-hidden': 'true' }, initials(name)),
      el('span', { class: 'who-text' },
        el('span', { class: 'who-name ellipsis', 'data-testid': 'user-name', title: name }, name,
          self && el('span', { class: 'muted' }, ` (${t('users.you')})`)),
        el('span', { class: 'who-sub ellipsis', 'data-testid': 'user-email', title: user.email }, user.email)))),
    // Our own labels, so a row reads like the role select and the filter beside it; the
    // server's formatted text only for a value this UI does not know yet.
    el('td', { class: 'col-fit' }, el('div', { class: 'tags' },
      el('span', { class: 'tag', 'data-testid': 'user-role' },
        ROLES.includes(user.role) ? roleLabel(user.role) : user.roleFormatted || user.role),
      profileTag(user.profileId))),
    el('td', { class: 'col-fit' },
      el('span', { class: `tag tag-${user.status}`, 'data-testid': 'user-status' },
        STATUSES.includes(user.status) ? statusLabel(user.status) : user.statusFormatted || user.status)),
    el('td', { class: 'col-actions' }, buttons.length > 0 && el('div', { class: 'row-actions' }, ...buttons)));
}

// ---- actions ----------------------------------------------------------------------------------

function said(kind, text) {
  if (view) toast(text, { kind, testId: 'users-notice' });
}

function nameFields(user = {}) {
  return {
    firstName: field({ name: 'firstName', label: t('users.firstName'), value: user.firstName || '',
      attrs: { autocomplete: 'off', required: true } }),
    lastName: field({ name: 'lastName', label: t('users.lastName'), value: user.lastName || '',
      attrs: { autocomplete: 'off', required: true } }),
  };
}

// The active profiles to choose from; the list works without them.
async function profileChoices() {
  try {
    return await authedApi('/api/v1/users/profiles');
  } catch {
    return [];
  }
}

function profileTag(id) {
  const profile = id && view.profiles.find((p) => p.id === id);
  return profile ? el('span', { class: 'tag tag-profile', title: t('users.profileTag', { name: profile.name }),
    'data-testid': 'user-profile' }, profile.name) : null;
}

// "The role's own permissions" (null) or an active profile; a deactivated one the user still
// points to stays selected, so saving other changes does not touch it.
function profileField(current) {
  const options = [['', t('users.profileDefault')], ...view.profiles.map((p) => [p.id, p.name])];
  if (current && !view.profiles.some((p) => p.id === current)) options.push([current, t('users.profileInactive')]);
  return field({ name: 'profileId', label: t('users.profile'), value: current || '', hint: t('users.profileHint'),
    options, attrs: { 'data-testid': 'user-profile-select' } });
}

function roleField(current) {
  const roles = ROLES.filter(mayAssign);
  return field({ name: 'role', label: t('users.role'), value: current, hint: t('users.roleHint'),
    options: roles.map((r) => [r, roleLabel(r)]) });
}

// Required fields filled, e-mail shaped like one; the first problem gets the focus.
function checkFields(fields, { email } = {}) {
  let first = null;
  for (const f of Object.values(fields)) {
    if (f.input.tagName === 'SELECT') continue;
    const value = f.input.value.trim();
    const problem = !value ? t('form.required') : f === email && !looksLikeEmail(value) ? t('form.email') : null;
    setError(f.input, f.line, problem);
    if (problem && !first) first = f;
  }
  first?.input.focus();
  return !first;
}

async function inviteDialog() {
  const fields = { ...nameFields(), email: field({ name: 'email', label: t('users.email'), type: 'email',
    attrs: { autocomplete: 'off', required: true } }), role: roleField('user') };
  if (view.profiles.length) fields.profileId = profileField(null);
  for (const f of Object.values(fields)) f.input.addEventListener('input', () => setError(f.input, f.line, null));
  const invited = await modal({
    title: t('users.inviteTitle'),
    intro: t('users.inviteIntro'),
    content: Object.values(fields).map((f) => f.node),
    submitLabel: t('users.inviteSubmit'),
    busyLabel: t('users.inviting'),
    testId: 'invite-dialog',
    onSubmit: async () => {
      if (!checkFields(fields, { email: fields.email })) return false;
      return authedApi('/api/v1/users', { method: 'POST', body: {
        firstName: fields.firstName.input.value.trim(),
        lastName: fields.lastName.input.value.trim(),
        email: fields.email.input.value.trim(),
        role: fields.role.input.value,
        ...(fields.profileId?.input.value ? { profileId: fields.profileId.input.value } : {}),
      } });
    },
    onError: (e) => {
      if (e.code === 'conflict') {
        setError(fields.email.input, fields.email.line, e.message);
        fields.email.input.focus();
        return true;
      }
      return e.code === 'validation_failed' && showFieldErrors(e.fields, fields).length === 0;
    },
  });
  if (!invited || !view) return;
  const [, configured] = await Promise.all([load(), mailConfigured()]);
  if (!view) return;
  // Only "sent" when a mail server takes it; otherwise it waits in the outbox.
  if (configured === false) {
    said('ok', t('users.invitedWaiting', { name: invited.name }));
    showNoMail(invited);
  } else {
    said('ok', t('users.invited', { name: invited.name, email: invited.email }));
  }
}

async function editDialog(user) {
  const fields = { ...nameFields(user), role: roleField(user.role) };
  if (view.profiles.length || user.profileId) fields.profileId = profileField(user.profileId);
  for (const f of Object.values(fields)) f.input.addEventListener('input', () => setError(f.input, f.line, null));
  const saved = await modal({
    title: t('users.editTitle', { name: user.name || user.email }),
    content: [el('p', { class: 'muted' }, user.email), ...Object.values(fields).map((f) => f.node)],
    submitLabel: t('users.save'),
    busyLabel: t('users.saving'),
    testId: 'edit-dialog',
    onSubmit: async () => {
      if (!checkFields(fields)) return false;
      // Only what changed: a role left alone needs no right to hand it out again.
      const body = {};
      for (const key of ['firstName', 'lastName']) {
        const value = fields[key].input.value.trim();
        if (value !== user[key]) body[key] = value;
      }
      if (fields.role.input.value !== user.role) body.role = fields.role.input.value;
      const profileId = fields.profileId?.input.value || null;
      if (fields.profileId && profileId !== (user.profileId || null)) body.profileId = profileId;
      if (Object.keys(body).length === 0) return 'unchanged';
      return authedApi(`/api/v1/users/${encodeURIComponent(user.id)}`, { method: 'PUT', body });
    },
    onError: (e) => e.code === 'validation_failed' && showFieldErrors(e.fields, fields).length === 0,
  });
  if (!saved || saved === 'unchanged' || !view) return;
  await load();
  said('ok', t('users.saved', { name: saved.name }));
}

async function deactivate(user) {
  const name = user.name || user.email;
  const done = await confirmAction({
    title: t('users.deactivateTitle', { name }),
    text: t('users.deactivateText', { name }),
    confirmLabel: t('users.deactivate'),
    busyLabel: t('users.working'),
    action: () => authedApi(`/api/v1/users/${encodeURIComponent(user.id)}`, { method: 'DELETE' }),
  });
  if (!done || !view) return;
  await load();
  said('ok', t('users.deactivated', { name }));
}

async function activate(user) {
  const name = user.name || user.email;
  const done = await confirmAction({
    title: t('users.activateTitle', { name }),
    text: t('users.activateText', { name }),
    confirmLabel: t('users.activate'),
    busyLabel: t('users.working'),
    danger: false,
    action: () => authedApi(`/api/v1/users/${encodeURIComponent(user.id)}/activate`, { method: 'POST' }),
  });
  if (!done || !view) return;
  await load();
  said('ok', t('users.activated', { name }));
}

async function remove(user) {
  const name = user.name || user.email;
  const done = await confirmAction({
    title: t('users.deleteTitle', { name }),
    text: t(user.status === 'invited' ? 'users.deleteInvitedText' : 'users.deleteText', { name }),
    confirmLabel: t('users.deleteConfirm'),
    busyLabel: t('users.working'),
    action: () => authedApi(`/api/v1/users/${encodeURIComponent(user.id)}/permanent`, { method: 'DELETE' }),
  });
  if (!done || !view) return;
  await load();
  said('ok', t('users.deleted', { name }));
}

async function resend(user, button) {
  const restore = busy(button, t('users.resending'));
  try {
    await authedApi(`/api/v1/users/${encodeURIComponent(user.id)}/resend-invitation`, { method: 'POST' });
    const configured = await mailConfigured();
    if (configured === false) {
      said('ok', t('users.resentWaiting', { email: user.email }));
      showNoMail({ name: user.name || user.email, email: user.email });
    } else {
      said('ok', t('users.resent', { email: user.email }));
    }
  } catch (e) {
    if (e.status !== 401) said('bad', errorText(e));
  }
  restore();
}
