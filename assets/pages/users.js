// Team: the workplace's accounts, searched, filtered and paged; invite people, change names,
// roles and permission profiles, deactivate, activate, delete, resend invitations — each offered
// only to who may do it. Planners (schedules.write) also see each person's jobs and set their
// rota facts: on the rota or not, the jobs they can work, pay, hours and rest, notes.
// Search, filter and page live in the address, so a reload or a shared link shows the same list.
import { authedApi } from '../auth.js';
import { confirmAction, modal } from '../dialog.js';
import { busy, el, errorText, field, looksLikeEmail, notice, setError, showFieldErrors } from '../forms.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { initials, pageTitle } from '../shell.js';
import { emptyState, iconButton, page, pagedList, toast } from '../ui.js';
import {
  allJobs, allMembers, byId, checkField, clearOnInput, currencySymbol, jobChip, moneyInput, organizationId, orgPath,
  parseMoney, rotaSettings, textareaField,
} from '../rota-common.js';

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
  view.planner = may('schedules.write');
  view.rota = view.planner ? rotaFacts() : Promise.resolve(null);
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
      const [data, profiles, rota] = await Promise.all([authedApi(`/api/v1/users?${params}`), v.profileChoices, v.rota]);
      v.profiles = profiles;
      v.rotaFacts = rota;
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
  if (view.planner && view.rotaFacts && user.status !== 'inactive') {
    button(t('facts.open'), t('facts.openOf', { name }), 'user-facts', factsDialog);
  }
  if (may('clock.manage') && user.status === 'active') {
    button(t('users.clearPin'), t('users.clearPinOf', { name }), 'user-clear-pin', clearPin);
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
        el('span', { class: 'who-sub ellipsis', 'data-testid': 'user-email', title: user.email }, user.email),
        jobLine(user.id)))),
    // Our own labels, so a row reads like the role select and the filter beside it; the
    // server's formatted text only for a value this UI does not know yet.
    el('td', { class: 'col-fit' }, el('div', { class: 'tags' },
      el('span', { class: 'tag', 'data-testid': 'user-role' },
        ROLES.includes(user.role) ? roleLabel(user.role) : user.roleFormatted || user.role),
      profileTag(user.profileId), ...rotaTags(user.id))),
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

// A forgotten (or overheard) kiosk PIN: the person chooses a new one under My account.
async function clearPin(user) {
  const name = user.name || user.email;
  const done = await confirmAction({
    title: t('users.clearPinTitle', { name }),
    text: t('users.clearPinText', { name }),
    confirmLabel: t('users.clearPin'),
    busyLabel: t('users.working'),
    action: async () => {
      try {
        await authedApi(`/api/v1/users/${encodeURIComponent(user.id)}/clock-pin`, { method: 'DELETE' });
        return 'cleared';
      } catch (e) {
        if (e.status === 404) return 'none'; // no PIN to reset
        throw e;
      }
    },
  });
  if (done && view) said('ok', t(done === 'none' ? 'users.noPin' : 'users.pinCleared', { name }));
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

// ---- rota facts (planners) -----------------------------------------------------------------------

// What the facts dialog and the rows need, read once per visit; the page works without it.
async function rotaFacts() {
  try {
    const org = await organizationId();
    if (!org) return null;
    const [members, jobs, settings] = await Promise.all([allMembers(org), allJobs(), rotaSettings()]);
    return { org, members: byId(members), jobs, currency: settings.currency, minRestHours: settings.minRestHours };
  } catch {
    return null;
  }
}

// "Not on the rota" beside the role when the person is off it.
function rotaTags(userId) {
  const member = view.rotaFacts?.members.get(userId);
  return member && !member.onRota ? [el('span', { class: 'tag tag-invited', 'data-testid': 'user-off-rota' }, t('facts.offRota'))] : [];
}

// The jobs the person can work, as a line of coloured chips under their name.
function jobLine(userId) {
  const facts = view.rotaFacts;
  const member = facts?.members.get(userId);
  if (!member?.jobIds.length) return null;
  const jobs = byId(facts.jobs);
  return el('span', { class: 'who-jobs', 'data-testid': 'user-jobs' },
    ...member.jobIds.map((id) => jobs.get(id)).filter(Boolean).map(jobChip));
}

const numberOrNull = (input) => (input.value.trim() === '' ? null : Number(input.value));

function factsFields(member, facts) {
  const currency = facts.currency;
  // Active jobs, and an inactive one only while the person still has it.
  const jobs = facts.jobs.filter((j) => j.active || member.jobIds.includes(j.id));
  const boxes = jobs.map((job) => {
    const box = el('input', { type: 'checkbox', value: job.id, 'data-testid': 'facts-job' });
    box.checked = member.jobIds.includes(job.id);
    return { box, node: el('label', { class: 'check job-check' }, box, jobChip(job)) };
  });
  const jobLine = el('p', { class: 'field-error', hidden: true, 'data-testid': 'error-jobIds' });
  return {
    onRota: checkField({ name: 'onRota', label: t('facts.onRota'), checked: member.onRota, hint: t('facts.onRotaHint'),
      attrs: { 'data-testid': 'facts-on-rota' } }),
    jobIds: {
      node: el('fieldset', { class: 'field' }, el('legend', {}, t('facts.jobs')),
        el('p', { class: 'hint facts-hint' }, t('facts.jobsHint')),
        jobs.length ? el('div', { class: 'job-checks' }, ...boxes.map((b) => b.node))
          : el('p', { class: 'muted' }, t('facts.noJobs'), ' ', el('a', { href: '/jobs' }, t('facts.jobsLink'))),
        jobLine),
      input: { focus: () => boxes[0]?.box.focus(), setAttribute() {}, removeAttribute() {} },
      line: jobLine,
      value: () => boxes.filter((b) => b.box.checked).map((b) => b.box.value),
    },
    hourlyRate: field({ name: 'hourlyRate', label: t('facts.rate'), value: moneyInput(member.hourlyRate, currency), optional: true,
      hint: t('facts.rateHint'), beside: () => el('span', { class: 'input-affix', 'aria-hidden': 'true' }, currencySymbol(currency)),
      attrs: { inputmode: 'decimal', autocomplete: 'off', class: 'input-short', 'data-testid': 'facts-rate' } }),
    maxHoursPerWeek: field({ name: 'maxHoursPerWeek', label: t('facts.maxHours'), type: 'number',
      value: member.maxHoursPerWeek ?? '', optional: true, hint: t('facts.maxHoursHint'),
      attrs: { min: '0', max: '168', step: '1', inputmode: 'numeric', class: 'input-short', 'data-testid': 'facts-max-hours' } }),
    minRestHours: field({ name: 'minRestHours', label: t('facts.minRest'), type: 'number', value: member.minRestHours ?? '',
      optional: true, hint: t('facts.minRestHint', { n: facts.minRestHours }),
      attrs: { min: '0', max: '24', step: '1', inputmode: 'numeric', class: 'input-short', 'data-testid': 'facts-min-rest' } }),
    notes: textareaField({ name: 'notes', label: t('facts.notes'), value: member.notes || '', hint: t('facts.notesHint'),
      attrs: { maxlength: '2000', 'data-testid': 'facts-notes' } }),
  };
}

// The changed facts as a PATCH body, or null with the problems at their fields.
function factsBody(fields, member, currency) {
  const problems = [];
  const rate = parseMoney(fields.hourlyRate.input.value, currency);
  if (Number.isNaN(rate)) problems.push([fields.hourlyRate, t('facts.rateInvalid')]);
  for (const [key, max] of [['maxHoursPerWeek', 168], ['minRestHours', 24]]) {
    const n = numberOrNull(fields[key].input);
    if (n !== null && !(Number.isInteger(n) && n >= 0 && n <= max)) problems.push([fields[key], t('facts.wholeHours', { max })]);
  }
  for (const [f, message] of problems) setError(f.input, f.line, message);
  if (problems.length) {
    problems[0][0].input.focus();
    return null;
  }
  const wanted = {
    onRota: fields.onRota.input.checked,
    jobIds: fields.jobIds.value(),
    hourlyRate: rate,
    maxHoursPerWeek: numberOrNull(fields.maxHoursPerWeek.input),
    minRestHours: numberOrNull(fields.minRestHours.input),
    notes: fields.notes.input.value.trim() || null,
  };
  const same = (key) => JSON.stringify(key === 'jobIds' ? [...wanted.jobIds].sort() : wanted[key])
    === JSON.stringify(key === 'jobIds' ? [...member.jobIds].sort() : member[key] ?? null);
  const body = Object.fromEntries(Object.entries(wanted).filter(([key]) => !same(key)));
  // Pay per job belongs to jobs the person still has.
  if (body.jobIds && member.jobRates) {
    const rates = Object.fromEntries(Object.entries(member.jobRates).filter(([id]) => body.jobIds.includes(id)));
    if (Object.keys(rates).length !== Object.keys(member.jobRates).length) body.jobRates = rates;
  }
  return body;
}

async function factsDialog(user, button) {
  const v = view;
  const facts = v.rotaFacts;
  const name = user.name || user.email;
  const restore = busy(button, t('users.working'));
  let member;
  try {
    member = await authedApi(orgPath(facts.org, `/members/${encodeURIComponent(user.id)}`));
  } catch (e) {
    restore();
    if (e.status !== 401) said('bad', errorText(e));
    return;
  }
  restore();
  if (view !== v) return;
  const fields = factsFields(member, facts);
  clearOnInput(fields);
  const saved = await modal({
    title: t('facts.title', { name }),
    intro: t('facts.intro'),
    content: [fields.onRota.node, fields.jobIds.node, fields.hourlyRate.node,
      el('div', { class: 'field-pair' }, fields.maxHoursPerWeek.node, fields.minRestHours.node),
      fields.notes.node],
    submitLabel: t('users.save'),
    busyLabel: t('users.saving'),
    testId: 'member-facts-dialog',
    onSubmit: () => {
      const body = factsBody(fields, member, facts.currency);
      if (!body) return false;
      if (!Object.keys(body).length) return 'unchanged';
      return authedApi(orgPath(facts.org, `/members/${encodeURIComponent(user.id)}`), { method: 'PATCH', body });
    },
    onError: (e) => e.code === 'validation_failed' && showFieldErrors(e.fields, fields).length === 0,
  });
  if (!saved || !view || view !== v) return;
  if (saved === 'unchanged') return;
  facts.members.set(saved.id, saved);
  await load();
  said('ok', t('facts.saved', { name }));
}
