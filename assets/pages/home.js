// Home. For those who run the workplace (tenant.manage), until they dismiss it: the onboarding
// checklist from the setup hub — what the data shows is done is ticked when the page opens, the
// first open task is "Up next", each task can be skipped or marked done — and beside it today's
// opening hours. For everyone else (and for owners once the checklist is gone): a greeting, their
// account, the workplace's note for the team, the opening hours and the pages they may open.
// Whoever is on a schedule also sees today's shift and the next one; everyone, what waits for them
// (requests to decide, open shifts to take, unread notifications and chat).
import { authedApi } from '../auth.js';
import { confirmAction } from '../dialog.js';
import { busy, el, errorText } from '../forms.js';
import { hoursSummary, nowIn, openNow, weekRows } from '../hours.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { pageTitle } from '../shell.js';
import { card, linkList, loadError, page, skeleton, toast } from '../ui.js';
import {
  addDays, allJobs, allSchedules, byId, hoursText, isoDate, jobChip, notOver, paintJob, shiftDay, timeRange, today,
} from '../rota-common.js';

const SHIFT_DAYS = 27; // the shifts card looks four weeks ahead, like My shifts' default

const ROLES = ['owner', 'tenant_admin', 'manager', 'user'];
const LOCAL_HOSTS = ['localhost', '127.0.0.1', '::1', '[::1]'];
const TASKS = {
  business_details: { icon: 'store', action: 'hub.business.action' },
  opening_hours: { icon: 'clock', action: 'hub.hours.action' },
  email: { icon: 'mail', action: 'hub.email.action' },
  invite_team: { icon: 'user-plus', action: 'hub.team.action' },
  first_schedule: { icon: 'calendar-plus', action: 'hub.schedule.action' },
  publish_week: { icon: 'calendar-check', action: 'hub.publish.action' },
};

let view = null;

// Only the owner can do something about it (put a TLS reverse proxy in front); on this machine
// itself nothing crosses a network.
function insecure(user) {
  return user.role === 'owner' && location.protocol === 'http:' && !LOCAL_HOSTS.includes(location.hostname);
}

// "Anna" of "Anna de Vries": the greeting uses the first word of the first name.
function firstName(user) {
  const name = (user.firstName || user.name || '').trim();
  return name ? name.split(/\s+/)[0] : user.email;
}

export function mount(root, { session }) {
  const may = (code) => session.permissions.includes(code);
  view = { root, session, may, manage: may('tenant.manage'), hub: null, org: null, location: null, mail: null, people: null };
  const v = view;
  v.heading = pageTitle(t('nav.home'));
  v.greeting = el('h2', { class: 'hero', 'data-testid': 'home-greeting' });
  v.sub = el('p', { class: 'hero-sub' });
  v.main = el('div', { class: 'home-main' });
  v.side = el('div', { class: 'home-side' });
  const { user } = session;
  root.replaceChildren(page('wide',
    el('div', { 'data-testid': 'home-page' }, v.heading, v.greeting, v.sub),
    insecure(user) && el('div', { class: 'banner banner-warn', role: 'note', 'data-testid': 'insecure-notice' },
      el('strong', {}, t('home.insecureTitle')), ' ', t('home.insecureText')),
    user.requirePasswordChange && el('p', { class: 'banner banner-warn', role: 'note', 'data-testid': 'home-temporary' },
      t('home.temporary'), ' ', el('a', { href: '/account' }, t('home.temporaryLink'))),
    el('div', { class: 'home-grid' }, v.main, v.side)));
  // What depends on the session alone is there at once; the rest arrives with its answers.
  const hours = card({ title: t('home.hoursTitle') }, skeleton({ rows: 3 }));
  const shortcuts = shortcutsCard();
  if (v.manage) {
    greet('checklist');
    v.main.replaceChildren(el('section', { class: 'card card-flush', 'data-testid': 'checklist-loading' },
      skeleton({ rows: 4, avatar: true })));
    v.side.replaceChildren(...[hours, shortcuts].filter(Boolean));
  } else {
    greet('member');
    v.main.replaceChildren(...[accountCard(), shortcuts].filter(Boolean));
    v.side.replaceChildren(hours);
  }
  load();
}

export function unmount() {
  view = null;
}

function greet(kind) {
  const { session, greeting, sub } = view;
  const name = firstName(session.user);
  greeting.textContent = kind === 'checklist' ? t('hub.welcome', { name }) : t('home.greeting', { name });
  sub.textContent = kind === 'checklist' ? t('hub.welcomeSub', { workplace: session.tenant.name })
    : t('home.heroSub', { workplace: session.tenant.name });
}

// ---- loading ------------------------------------------------------------------------------------

// Everything the page shows, in parallel; only the checklist is essential for a manager, and
// for a member nothing is (the page is complete without the hours or the note).
async function load() {
  const v = view;
  const quiet = (promise) => promise.catch((e) => (e.status === 401 ? Promise.reject(e) : null));
  const hub = v.manage ? authedApi('/api/v1/setup-hub/auto-check', { method: 'POST' }) : null;
  const place = quiet(firstLocation());
  const note = quiet(authedApi('/api/v1/org-settings/general.contact_text'));
  const mail = v.manage && v.may('settings.manage') ? quiet(authedApi('/api/v1/settings/email/status')) : null;
  const people = v.manage && v.may('users.read') ? quiet(authedApi('/api/v1/users?limit=1')) : null;
  const shifts = v.may('schedules.read') ? quiet(upcomingShifts()) : null;
  const actions = quiet(Promise.all([authedApi('/api/v1/me/action-items'), authedApi('/api/v1/me/unread-counts')]));
  let answers;
  try {
    answers = await Promise.all([hub, place, note, mail, people, shifts, actions]);
  } catch (e) {
    if (view !== v || e.status === 401) return;
    v.main.replaceChildren(el('section', { class: 'card' }, loadError(e, () => {
      v.main.replaceChildren(el('section', { class: 'card card-flush' }, skeleton({ rows: 4, avatar: true })));
      load();
    }, 'checklist-error')));
    return;
  }
  if (view !== v) return;
  const [hubAnswer, placeAnswer, noteAnswer, mailAnswer, peopleAnswer, shiftsAnswer, actionsAnswer] = answers;
  v.shifts = shiftsAnswer;
  v.actions = actionsAnswer && { items: actionsAnswer[0], unread: actionsAnswer[1] };
  v.hub = hubAnswer;
  v.org = placeAnswer?.org || null;
  v.location = placeAnswer?.location || null;
  v.note = typeof noteAnswer?.value === 'string' ? noteAnswer.value.trim() : '';
  v.mail = mailAnswer;
  v.people = peopleAnswer?.total ?? null;
  render();
}

async function firstLocation() {
  const orgs = await authedApi('/api/v1/organizations?limit=1');
  const org = orgs.items[0];
  if (!org) return null;
  const locations = await authedApi(`/api/v1/organizations/${encodeURIComponent(org.id)}/locations?limit=1`);
  return { org, location: locations.items[0] || null };
}

function render() {
  const v = view;
  const checklist = v.manage && v.hub && !v.hub.completedAt;
  greet(checklist ? 'checklist' : 'member');
  const note = noteCard();
  const shifts = shiftsCard();
  const actions = actionsCard();
  if (checklist) {
    v.main.replaceChildren(checklistCard());
    v.side.replaceChildren(...[actions, shifts, hoursCard(), note, shortcutsCard()].filter(Boolean));
  } else {
    v.main.replaceChildren(...[actions, shifts, note, accountCard(), shortcutsCard()].filter(Boolean));
    v.side.replaceChildren(hoursCard());
  }
}

// ---- my next shifts -----------------------------------------------------------------------------

// The person's shifts still to come in the next four weeks, with the jobs they are for; null
// when they are on no schedule (then the page says nothing about shifts).
async function upcomingShifts() {
  const me = view.session.user.id;
  const schedules = await allSchedules();
  const from = today();
  const query = new URLSearchParams({ from: isoDate(from), to: isoDate(addDays(from, SHIFT_DAYS)) });
  const [mine, jobs] = await Promise.all([authedApi(`/api/v1/me/shifts?${query}`), allJobs()]);
  const onSchedule = schedules.some((s) => (s.assigneeUserIdsExpanded || []).includes(me));
  if (!onSchedule && !mine.items.length) return null;
  const items = mine.items.filter(notOver).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return { items, jobs: byId(jobs) };
}

function shiftRow(shift, label, testId) {
  const job = view.shifts.jobs.get(shift.jobId);
  return paintJob(el('div', { class: 'home-shift', 'data-testid': testId },
    el('span', { class: 'home-shift-label' }, label),
    el('span', { class: 'home-shift-time' }, timeRange(shift.startTime, shift.endTime),
      el('span', { class: 'shift-length' }, hoursText(shift.durationMinutes))),
    el('span', { class: 'home-shift-meta' }, jobChip(job), shift.breakMinutes > 0 && ` · ${t('myShifts.break', { n: shift.breakMinutes })}`)),
  job?.color);
}

// Today's shift (when there is one) and the next after it, with the way to all of them.
function shiftsCard() {
  const v = view;
  if (!v.shifts) return null;
  const now = isoDate(today());
  const todays = v.shifts.items.find((s) => s.shiftDate === now);
  const next = v.shifts.items.find((s) => s !== todays);
  const link = el('a', { href: '/my-shifts', class: 'card-link', 'data-testid': 'home-my-shifts-link' }, t('home.myShiftsLink'));
  const rows = [
    todays ? shiftRow(todays, shiftDay(todays.shiftDate), 'home-shift-today')
      : el('p', { class: 'muted', 'data-testid': 'home-no-shift-today' }, t('home.noShiftToday')),
    next && shiftRow(next, t('home.nextShift', { day: shiftDay(next.shiftDate) }), 'home-shift-next'),
    !todays && !next && el('p', { class: 'muted' }, t('home.noShiftsSoon')),
  ].filter(Boolean);
  return card({ title: t('home.shiftsTitle'), tools: link, testId: 'home-shifts' }, el('div', { class: 'home-shifts' }, ...rows));
}

// ---- what waits for me (GET /me/action-items and /me/unread-counts) ----------------------------------

// Requests to decide, open shifts to take, unread notifications and chat: one line each, to the
// page where it is done; a quiet line when nothing waits.
function actionsCard() {
  const v = view;
  if (!v.actions) return null;
  const { items, unread } = v.actions;
  const rows = [];
  if (items.approvals?.total > 0) {
    const kinds = Object.entries(items.approvals.counts).filter(([, n]) => n > 0)
      .map(([kind, n]) => `${t(`dash.kind.${kind}`)}: ${n}`);
    rows.push({ href: '/inbox', icon: 'inbox', testId: 'home-action-approvals',
      title: tn('dash.approvals', items.approvals.total), text: kinds.join(' · ') });
  }
  if (items.openShifts.length > 0) {
    const first = items.openShifts[0];
    rows.push({ href: '/my-shifts', icon: 'hand', testId: 'home-action-open',
      title: tn('dash.open', items.openShifts.length),
      text: t('dash.openFirst', { day: shiftDay(first.shiftDate), time: timeRange(first.startTime, first.endTime) }) });
  }
  if (unread.notifications > 0) {
    rows.push({ href: '/notifications', icon: 'bell', testId: 'home-action-notifications',
      title: tn('dash.unread', unread.notifications), text: t('dash.unreadHint') });
  }
  if (unread.chat > 0) {
    rows.push({ href: '/chat', icon: 'message-square', testId: 'home-action-chat',
      title: tn('dash.chat', unread.chat), text: t('dash.chatHint') });
  }
  const body = rows.length ? linkList(rows)
    : el('p', { class: 'muted', 'data-testid': 'home-actions-none' }, t('dash.nothing'));
  return card({ title: t('dash.title'), flush: rows.length > 0, testId: 'home-actions' }, body);
}

// ---- the checklist ------------------------------------------------------------------------------

const isDone = (task) => task.status !== 'pending';

function checklistCard() {
  const v = view;
  const { tasks } = v.hub;
  const done = tasks.filter(isDone).length;
  const next = tasks.find((task) => !isDone(task));
  const progress = el('progress', { class: 'progress', max: String(tasks.length), value: String(done),
    'aria-label': t('hub.progressLabel') });
  const head = el('div', { class: 'checklist-head' },
    el('div', {},
      el('h2', {}, t('hub.title', { workplace: v.session.tenant.name })),
      el('p', { class: 'card-sub' }, t('hub.sub'))),
    el('div', { class: 'checklist-progress' },
      el('p', { 'data-testid': 'checklist-count' }, el('strong', {}, t('hub.count', { done, total: tasks.length })), ' ',
        t('hub.countDone')),
      progress));
  const list = el('ol', { class: 'tasks' }, ...tasks.map((task) => taskRow(task, task === next)));
  const foot = !next && el('div', { class: 'checklist-foot', 'data-testid': 'checklist-all-done' },
    el('p', {}, icon('circle-check-big'), el('span', {}, t('hub.allDone', { workplace: v.session.tenant.name }))),
    dismissButton());
  return el('section', { class: 'card card-flush checklist', 'data-testid': 'checklist' }, head, list, foot);
}

function taskRow(task, upNext) {
  const meta = TASKS[task.code] || { icon: 'circle-check', action: 'hub.open' };
  const title = tOr(`hub.task.${task.code}`, task.code);
  const done = task.status === 'completed';
  const skipped = task.status === 'skipped';
  const state = el('span', { class: 'task-state', 'aria-hidden': 'true' }, done ? icon('check', { size: 'sm' }) : '');
  const tag = done ? el('span', { class: 'tag tag-active', 'data-testid': 'task-tag' }, t('hub.done'))
    : skipped ? el('span', { class: 'tag', 'data-testid': 'task-tag' }, t('hub.skipped'))
      : upNext ? el('span', { class: 'tag tag-next', 'data-testid': 'task-tag' }, t('hub.upNext')) : null;
  // The state in words for screen readers, the circle being decoration.
  const said = el('span', { class: 'sr-only' }, ` (${t(done ? 'hub.done' : skipped ? 'hub.skipped' : 'hub.open')})`);
  const link = el('a', { href: task.link, 'data-testid': 'task-action',
    class: done || skipped ? 'button button-ghost button-small' : upNext ? 'button' : 'button button-secondary' },
  el('span', {}, done ? t('hub.edit') : t(meta.action)),
  upNext && icon('arrow-right', { size: 'sm' }),
  el('span', { class: 'sr-only' }, `: ${title}`));
  const controls = el('div', { class: 'task-controls' });
  if (!done && !skipped) {
    controls.append(
      setButton(task, 'completed', t('hub.markDone'), t('hub.markDoneOf', { task: title }), 'task-mark-done'),
      setButton(task, 'skipped', t('hub.skip'), t('hub.skipOf', { task: title }), 'task-skip'));
  } else if (skipped || !task.autoDetected) {
    controls.append(setButton(task, 'pending', t('hub.undo'), t('hub.undoOf', { task: title }), 'task-undo'));
  }
  return el('li', { class: `task${upNext ? ' task-next' : ''}`, 'data-code': task.code, 'data-status': task.status,
    'data-testid': `task-${task.code}` },
  state,
  el('span', { class: 'task-icon', 'aria-hidden': 'true' }, icon(meta.icon)),
  el('div', { class: 'task-text' },
    el('div', { class: 'task-title-row' }, el('h3', { class: 'task-title' }, title, said), tag),
    el('p', { class: 'task-sub', 'data-testid': 'task-sub' }, describe(task)),
    controls.childElementCount ? controls : null),
  el('div', { class: 'task-actions' }, link));
}

function tOr(key, fallback) {
  const text = t(key);
  return text === key ? fallback : text;
}

// The one line under a task: what is there, or what to do.
function describe(task) {
  const v = view;
  const { org, location } = v;
  switch (task.code) {
    case 'business_details': {
      const complete = org && (org.email || org.phone) && org.address;
      const facts = [org?.name, org?.address, location?.timezone?.replace(/_/g, ' ')].filter(Boolean).join(' · ');
      return task.status === 'pending' && !complete ? t('hub.business.todo') : facts || t('hub.business.todo');
    }
    case 'opening_hours':
      return (location && hoursSummary(location.openingHours)) || t('hub.hours.todo');
    case 'email':
      if (v.mail?.configured) return t('hub.email.done', { from: v.mail.effectiveFrom });
      if (task.status === 'skipped') return t('hub.email.skipped');
      // The mail server is the owner's to choose (whoever runs it reads the mail).
      return v.session.user.role === 'owner' ? t('hub.email.todo') : t('hub.email.ownerOnly');
    case 'invite_team':
      return v.people > 1 ? tn('hub.team.count', v.people) : t('hub.team.todo');
    case 'first_schedule':
      return t(task.status === 'completed' ? 'hub.schedule.done' : 'hub.schedule.todo');
    case 'publish_week':
      return t(task.status === 'completed' ? 'hub.publish.done' : 'hub.publish.todo');
    default:
      return '';
  }
}

function setButton(task, status, label, aria, testId) {
  const button = el('button', { type: 'button', class: 'link-button task-control', 'aria-label': aria, 'data-testid': testId },
    label);
  button.addEventListener('click', async () => {
    const v = view;
    const restore = busy(button, t('hub.saving'));
    try {
      v.hub = await authedApi(`/api/v1/setup-hub/tasks/${encodeURIComponent(task.code)}`, { method: 'PUT', body: { status } });
    } catch (e) {
      restore();
      if (e.status !== 401) toast(errorText(e), { kind: 'bad', testId: 'checklist-notice' });
      return;
    }
    if (view !== v) return;
    render();
    // Keep the place: the focus goes to the same task's row.
    v.main.querySelector(`[data-code="${CSS.escape(task.code)}"] a, [data-code="${CSS.escape(task.code)}"] button`)?.focus();
  });
  return button;
}

function dismissButton() {
  const button = el('button', { type: 'button', class: 'button', 'data-testid': 'checklist-dismiss' }, t('hub.dismiss'));
  button.addEventListener('click', async () => {
    const v = view;
    const hub = await confirmAction({
      title: t('hub.dismissTitle'),
      text: t('hub.dismissText'),
      confirmLabel: t('hub.dismiss'),
      busyLabel: t('hub.saving'),
      danger: false,
      testId: 'checklist-dismiss-dialog',
      action: () => authedApi('/api/v1/setup-hub/complete', { method: 'PUT' }),
    });
    if (!hub || view !== v) return;
    v.hub = hub === true ? { ...v.hub, completedAt: new Date().toISOString() } : hub;
    render();
    toast(t('hub.dismissed'), { testId: 'checklist-notice' });
    v.greeting.setAttribute('tabindex', '-1');
    v.greeting.focus();
  });
  return button;
}

// ---- the other cards ----------------------------------------------------------------------------

function fact(label, value, testId) {
  return el('div', { class: 'row' }, el('dt', {}, label), el('dd', { 'data-testid': testId }, value));
}

function accountCard() {
  const { user, tenant } = view.session;
  const role = ROLES.includes(user.role) ? t(`role.${user.role}`) : user.role;
  return card({ title: t('home.accountTitle'), testId: 'home-account' },
    el('dl', { class: 'facts' },
      fact(t('home.name'), user.name || '–', 'home-name'),
      fact(t('home.email'), user.email, 'home-email'),
      fact(t('home.role'), role, 'home-role'),
      fact(t('home.workplace'), tenant.name, 'home-tenant')),
    el('div', { class: 'button-row' },
      el('a', { href: '/account', class: 'button button-secondary', 'data-testid': 'home-account-link' }, icon('user'),
        t('home.accountLink'))));
}

// The organization setting general.contact_text, when the workplace wrote one.
function noteCard() {
  const v = view;
  if (!v.note) return null;
  return card({ title: t('home.messageTitle', { workplace: v.session.tenant.name }), testId: 'home-message-card' },
    el('p', { class: 'note-text', 'data-testid': 'home-message' }, v.note));
}

// The pages this person may open beyond their own account (which has its own card, or the
// checklist's owner finds it in the menu).
function shortcutsCard() {
  const { may, session } = view;
  const items = [
    may('users.read') && ['/users', 'users', 'home.team', 'home.teamText', 'home-users-link'],
    may('schedules.write') && ['/jobs', 'briefcase', 'home.jobs', 'home.jobsText', 'home-jobs-link'],
    may('schedules.write') && ['/smart-groups', 'layers', 'home.groups', 'home.groupsText', 'home-groups-link'],
    (may('settings.manage') || may('profiles.manage'))
      && ['/settings', 'settings', 'home.settings', 'home.settingsText', 'home-settings-link'],
    (session.user.superAdmin || may('health.read'))
      && ['/status', 'activity', 'home.status', 'home.statusText', 'home-status-link'],
  ].filter(Boolean);
  if (!items.length) return null;
  return card({ title: t('home.shortcutsTitle'), flush: true, testId: 'home-shortcuts' },
    linkList(items.map(([href, name, label, text, testId]) => ({ href, icon: name, title: t(label), text: t(text), testId }))));
}

// The first location's week, today picked out, and whether it is open now in its time zone.
function hoursCard() {
  const v = view;
  const { location } = v;
  const edit = v.manage && el('a', { href: '/settings/business', class: 'card-link', 'data-testid': 'home-hours-edit' },
    t('home.hoursEdit'));
  const hours = location?.openingHours || [];
  if (!location || !hoursSummary(hours)) {
    return card({ title: t('home.hoursTitle'), testId: 'home-hours' },
      el('p', { class: 'muted', 'data-testid': 'home-hours-none' }, t(v.manage ? 'home.hoursNoneManage' : 'home.hoursNone')),
      edit || null);
  }
  const zone = location.timezone;
  const { day } = nowIn(zone);
  const open = openNow(hours, zone);
  const badge = el('span', { class: `status-dot ${open ? 'is-open' : 'is-closed'}`, 'data-testid': 'home-open-now' },
    t(open ? 'home.openNow' : 'home.closedNow'));
  const rows = weekRows(hours, day).map((row) => el('div', { class: row.today ? 'row is-today' : 'row',
    'data-testid': row.today ? 'home-hours-today' : null },
  el('dt', {}, row.today ? t('home.today', { day: row.label }) : row.label),
  el('dd', {}, row.hours || t('home.closed'))));
  const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const foot = [zone && zone !== local && el('span', { class: 'muted' }, t('home.hoursZone', { zone: zone.replace(/_/g, ' ') })),
    edit].filter(Boolean);
  return card({ title: t('home.hoursTitle'), tools: badge, testId: 'home-hours' },
    el('dl', { class: 'facts hours-list' }, ...rows),
    foot.length > 0 && el('div', { class: 'card-foot' }, ...foot));
}
