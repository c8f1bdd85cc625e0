// The schedule lobby (/schedules): the schedules the signed-in person may see, each with its
// location, its people and (for planners) this week's shifts and changes waiting to be
// published; a card opens the board. Planners make, change and delete schedules here, and find
// the jobs and smart groups a schedule is built from.
import { confirmAction } from '../dialog.js';
import { el } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { go } from '../nav.js';
import { pageTitle } from '../shell.js';
import { card, emptyState, iconButton, linkList, loadError, page, skeleton, toast } from '../ui.js';
import * as data from '../board/data.js';
import { isPending } from '../board/model.js';
import { scheduleDialog } from '../board/schedule-form.js';
import { todayIso, weekEnd, weekOf } from '../board/week.js';

let view = null;

export function mount(root, { session }) {
  view = { root, planner: session.permissions.includes('schedules.write'), list: el('div', { 'data-testid': 'schedules-list' }),
    tools: el('div', { class: 'head-tools' }) };
  const heading = pageTitle(t('schedules.title'));
  root.replaceChildren(page('wide', heading,
    el('div', { class: 'page-head' }, el('p', { class: 'page-intro' }, t(view.planner ? 'schedules.intro' : 'schedules.introMember')),
      view.tools),
    view.list,
    view.planner ? card({ title: t('schedules.buildingBlocks'), flush: true }, linkList([
      { href: '/jobs', icon: 'briefcase', title: t('schedules.jobs'), text: t('schedules.jobsText'), testId: 'schedules-jobs-link' },
      { href: '/smart-groups', icon: 'users', title: t('schedules.groups'), text: t('schedules.groupsText'),
        testId: 'schedules-groups-link' },
    ])) : card({ flush: true }, linkList([
      { href: '/my-shifts', icon: 'calendar-check', title: t('schedules.myShifts'), text: t('schedules.myShiftsText'),
        testId: 'schedules-my-shifts-link' },
    ]))));
  load();
}

export function unmount() {
  view = null;
}

async function load() {
  const v = view;
  v.list.replaceChildren(card({}, skeleton({ rows: 3, avatar: true })));
  let schedules;
  try {
    [schedules, v.workplace] = await Promise.all([data.listSchedules(), data.loadWorkplace()]);
  } catch (e) {
    if (view !== v || e.status === 401) return;
    v.list.replaceChildren(card({}, loadError(e, load, 'schedules-error')));
    return;
  }
  if (view !== v) return;
  v.schedules = schedules;
  render();
}

// "New schedule" sits in the empty state while there is none, else above the list.
function render() {
  const v = view;
  const empty = v.schedules.length === 0;
  v.tools.replaceChildren(...(v.planner && !empty ? [newButton()] : []));
  if (empty) {
    v.list.replaceChildren(card({}, emptyState({ icon: 'calendar-days', title: t(v.planner ? 'schedules.empty' : 'schedules.emptyMember'),
      hint: t(v.planner ? 'schedules.emptyHint' : 'schedules.emptyHintMember'), testId: 'schedules-empty',
      action: v.planner ? newButton() : null })));
    return;
  }
  const week = weekOf(todayIso(), v.workplace.settings.weekStartsOn);
  v.list.replaceChildren(el('ul', { class: 'schedule-cards' }, ...v.schedules.map((s) => el('li', {}, scheduleCard(s, week)))));
}

function newButton() {
  const button = iconButton('calendar-plus', t('schedules.new'), { testId: 'schedule-new' });
  button.addEventListener('click', () => newSchedule(button));
  return button;
}

const boardPath = (schedule, week) => `/schedules/board?${new URLSearchParams({ id: schedule.id, ...(week ? { week } : {}) })}`;

function scheduleCard(schedule, week) {
  const v = view;
  const location = v.workplace.locations.get(schedule.locationId);
  const people = schedule.assigneeUserIdsExpanded.length;
  const thisWeek = el('span', { class: 'schedule-card-week', 'data-testid': 'schedule-week' });
  const facts = el('div', { class: 'schedule-card-facts' },
    location && el('span', {}, icon('map-pin', { size: 'sm' }), location.name),
    el('span', { 'data-testid': 'schedule-people' }, icon('users', { size: 'sm' }), tn('schedules.peopleCount', people)),
    schedule.assigneeGroupIds.length > 0 && el('span', {}, icon('layers', { size: 'sm' }),
      tn('schedules.groupCount', schedule.assigneeGroupIds.length)));
  const tools = v.planner && el('div', { class: 'schedule-card-tools' }, editButton(schedule), deleteButton(schedule));
  if (v.planner) weekSummary(schedule, week, thisWeek);
  return el('article', { class: 'schedule-card', 'data-testid': 'schedule-card', 'data-id': schedule.id },
    el('div', { class: 'schedule-card-head' },
      el('span', { class: 'schedule-card-icon' }, icon('calendar-days')),
      el('div', { class: 'schedule-card-title' },
        el('a', { href: boardPath(schedule, week), 'data-testid': 'schedule-open' }, schedule.name)),
      tools),
    facts,
    el('div', { class: 'schedule-card-foot' }, v.planner ? thisWeek : el('span'),
      el('span', { class: 'button button-secondary button-small', 'aria-hidden': 'true' }, t('schedules.open'),
        icon('chevron-right', { size: 'sm' }))));
}

// "12 shifts this week · 3 to publish", filled in once the week is read.
async function weekSummary(schedule, week, node) {
  const v = view;
  try {
    const { shifts } = await data.loadWeek(schedule.id, week, weekEnd(week), { labor: false });
    if (view !== v) return;
    const pending = shifts.filter(isPending).length;
    node.replaceChildren(icon('calendar', { size: 'sm' }), [tn('schedules.weekShifts', shifts.length),
      pending ? tn('schedules.toPublish', pending) : null].filter(Boolean).join(' · '));
  } catch {
    node.remove(); // the card stays useful without it
  }
}

function editButton(schedule) {
  const button = el('button', { type: 'button', class: 'button button-ghost button-small', 'data-testid': 'schedule-edit',
    'aria-label': t('schedules.edit', { name: schedule.name }) }, icon('pencil', { size: 'sm' }));
  button.addEventListener('click', async () => {
    const segments = await smartGroups();
    if (!segments) return;
    const saved = await scheduleDialog({ schedule, workplace: view.workplace, segments });
    if (!saved || !view) return;
    toast(t('schedules.saved', { name: saved.name }), { testId: 'schedules-toast' });
    load();
  });
  return button;
}

function deleteButton(schedule) {
  const button = el('button', { type: 'button', class: 'button button-ghost button-small button-danger-quiet',
    'data-testid': 'schedule-delete', 'aria-label': t('schedules.delete', { name: schedule.name }) }, icon('trash-2', { size: 'sm' }));
  button.addEventListener('click', async () => {
    const gone = await confirmAction({ title: t('schedules.deleteTitle', { name: schedule.name }), text: t('schedules.deleteText'),
      confirmLabel: t('schedules.deleteConfirm'), busyLabel: t('schedules.deleting'), testId: 'schedule-delete-dialog',
      action: () => data.deleteSchedule(schedule.id) });
    if (!gone || !view) return;
    toast(t('schedules.deleted', { name: schedule.name }), { testId: 'schedules-toast' });
    load();
  });
  return button;
}

// Smart groups for the assignee picker; a failure says so and answers null.
async function smartGroups() {
  try {
    return await data.listSmartGroups();
  } catch (e) {
    if (e.status !== 401) toast(t('schedules.groupsFailed'), { kind: 'bad', testId: 'schedules-toast' });
    return null;
  }
}

async function newSchedule(button) {
  const v = view;
  button.disabled = true;
  const segments = await smartGroups();
  button.disabled = false;
  if (!segments || view !== v) return;
  const saved = await scheduleDialog({ workplace: view.workplace, segments });
  if (saved && view) go(boardPath(saved));
}
