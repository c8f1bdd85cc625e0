// The schedule board (/schedules/board?id=SCHEDULE&week=YYYY-MM-DD): a week of shifts, people
// by days, for planners to build and publish; members see the published week, read-only. On a
// phone it is one day at a time. For holders of `clock.manage` it marks who is clocked in now.
// The parts live in assets/board/: the grid, the day view, the clock marks, the editor, dragging,
// the toolbar and the week's actions; this page loads the data and ties them.
import { confirmAction } from '../dialog.js';
import { el, errorText } from '../forms.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { SCHEDULING_EVENTS, whenChanged } from '../realtime.js';
import { pageTitle } from '../shell.js';
import { emptyState, iconButton, loadError, skeleton, toast } from '../ui.js';
import * as data from '../board/data.js';
import { paintClock } from '../board/clock-mark.js';
import { dayView } from '../board/day-view.js';
import { shiftDragging } from '../board/drag.js';
import { openShiftEditor } from '../board/editor.js';
import { weekGrid } from '../board/grid.js';
import { findByKey, gridKeys, keyOf } from '../board/keys.js';
import { weekModel } from '../board/model.js';
import { boardToolbar } from '../board/toolbar.js';
import { conflictTooltip } from '../board/tooltip.js';
import { copyPreviousWeek, publishWeek, templatesDialog } from '../board/week-actions.js';
import { addDays, DAYS_IN_WEEK, daysBetween, dayText, isIsoDate, rangeText, todayIso, weekEnd, weekOf } from '../board/week.js';

const PHONE = window.matchMedia('(max-width: 899.98px)');
const CLOCK_EVENTS = ['clock.punched', 'clock.missed_punch'];

let view = null;

export function mount(root, { session }) {
  const params = new URLSearchParams(location.search);
  view = {
    root,
    planner: session.permissions.includes('schedules.write'),
    scheduleId: params.get('id'),
    asked: isIsoDate(params.get('week')) ? params.get('week') : todayIso(),
    jobFilter: params.get('job') || '',
    serial: 0, // answers to older requests are dropped
    week: null, // {weekStart, shifts, labor, unavailable}: the week on screen
    focusKey: null, // the grid's focus stop, kept across redraws
    refocus: false,
    editor: null,
    own: new Map(), // shifts this board just wrote itself: id → when
    ownBulkAt: 0, // when it last wrote a whole week (publish, copy, template)
    clock: session.permissions.includes('clock.manage') ? new Map() : null, // who is clocked in: userId → entry
    clockSerial: 0,
    timeOff: session.permissions.includes('clock.manage'), // approved time off shades the cells
  };
  view.onPhone = () => render();
  PHONE.addEventListener('change', view.onPhone);
  // Someone else changed this schedule: the week on screen is read again.
  view.stopLive = whenChanged(SCHEDULING_EVENTS, liveReload, { accept: (kind, data) => concernsBoard(data) });
  // Someone punched: who is clocked in is read again (the events' payloads are not patched in).
  view.stopClock = view.clock ? whenChanged(CLOCK_EVENTS, () => loadClock()) : () => {};
  // Time off approved or cancelled: the week again.
  view.stopTimeOff = view.timeOff ? whenChanged(['timeoff.decided'], () => reload()) : () => {};
  pageTitle(t('board.title'));
  start();
}

export function unmount() {
  if (!view) return;
  PHONE.removeEventListener('change', view.onPhone);
  view.stopLive();
  view.stopClock();
  view.stopTimeOff();
  view.tooltip?.remove();
  view.editor?.close();
  view.fab?.remove();
  view = null;
}

// ---- loading ------------------------------------------------------------------------------------------

async function start() {
  const v = view;
  v.root.replaceChildren(el('div', { class: 'board-page' }, el('section', { class: 'card' }, skeleton({ rows: 6, avatar: true }))));
  if (!v.scheduleId) {
    v.root.replaceChildren(missing(t('board.noSchedule')));
    return;
  }
  let schedule;
  let workplace;
  try {
    [schedule, workplace] = await Promise.all([data.getSchedule(v.scheduleId), data.loadWorkplace()]);
  } catch (e) {
    if (view !== v || e.status === 401) return;
    v.root.replaceChildren(e.status === 404 || e.status === 403 ? missing(t('board.notFound'))
      : el('div', { class: 'board-page' }, el('section', { class: 'card' }, loadError(e, start, 'board-error'))));
    return;
  }
  if (view !== v) return;
  Object.assign(v, { schedule, workplace });
  if (!workplace.jobs.has(v.jobFilter)) v.jobFilter = '';
  v.weekStart = weekOf(v.asked, workplace.settings.weekStartsOn);
  // The phone's day: today when it is in the week asked for, else the date asked for.
  v.day = weekOf(todayIso(), workplace.settings.weekStartsOn) === v.weekStart ? todayIso() : v.asked;
  pageTitle(schedule.name);
  build();
  loadWeek();
  loadClock();
}

function missing(text) {
  const back = el('a', { href: '/schedules', class: 'button button-secondary' }, t('board.toSchedules'));
  return el('div', { class: 'page' }, el('section', { class: 'card' },
    emptyState({ icon: 'calendar-x', title: text, action: back, testId: 'board-missing' })));
}

// The week `view.weekStart`; the board keeps showing the week before until it arrives.
async function loadWeek() {
  const v = view;
  const mine = ++v.serial;
  const from = v.weekStart;
  syncAddress();
  if (v.week?.weekStart !== from) v.toolbar.update({ weekStart: from, pending: null, jobFilter: v.jobFilter });
  v.area.setAttribute('aria-busy', 'true');
  if (!v.week) v.area.replaceChildren(el('section', { class: 'card' }, skeleton({ rows: 7, avatar: true })));
  let week;
  try {
    week = await data.loadWeek(v.scheduleId, from, weekEnd(from), { labor: v.planner, timeOff: v.timeOff });
  } catch (e) {
    if (view !== v || mine !== v.serial || e.status === 401) return;
    v.area.removeAttribute('aria-busy');
    v.week = null;
    v.area.replaceChildren(el('section', { class: 'card' }, loadError(e, loadWeek, 'board-error')));
    return;
  }
  if (view !== v || mine !== v.serial) return;
  v.area.removeAttribute('aria-busy');
  v.week = { ...week, weekStart: from };
  render();
}

const reload = () => view && loadWeek();

// Who is clocked in now, for the marks beside the names. Refused (403: no `clock.manage` after
// all), the board shows none and stops asking; another failure keeps the marks until the next punch.
async function loadClock() {
  const v = view;
  if (!v?.clock) return;
  const mine = ++v.clockSerial;
  let items;
  try {
    items = await data.clockedIn();
  } catch (e) {
    if (view !== v || mine !== v.clockSerial || e.status !== 403) return;
    v.stopClock();
    v.clock = null;
    paintMarks();
    return;
  }
  if (view !== v || mine !== v.clockSerial) return;
  v.clock = new Map(items.map((entry) => [entry.userId, entry]));
  paintMarks();
}

function paintMarks() {
  const v = view;
  if (!v?.area) return;
  paintClock(v.area, v.clock || new Map(), { locationId: v.schedule.locationId, locations: v.workplace.locations });
}

// An event names its schedule (`scheduleId`), or the schedules someone joined or left.
function concernsBoard(data) {
  const id = view?.scheduleId;
  if (!id || !data) return false;
  if (data.scheduleId) return data.scheduleId === id;
  return [...(data.schedulesAdded || []), ...(data.schedulesRemoved || [])].includes(id);
}

// The board reads the week again after each of its own writes: the events of those bring
// nothing new (and a redraw then could pull a shift from under the pointer).
const OWN_WRITE_MS = 3000;

function noteOwn(shiftId) {
  if (view && shiftId) view.own.set(shiftId, Date.now());
}

function isOwn(v, { kind, data }, now) {
  if (kind === 'reconnected') return false;
  if (now - v.ownBulkAt < OWN_WRITE_MS) return true;
  const at = data?.shiftId && v.own.get(data.shiftId);
  return Boolean(at && now - at < OWN_WRITE_MS);
}

// Someone else's change: the week again, but not while a shift is being dragged.
function liveReload(kinds, events) {
  const v = view;
  if (!v?.week) return;
  const now = Date.now();
  for (const [id, at] of v.own) if (now - at >= OWN_WRITE_MS) v.own.delete(id);
  if (events.every((e) => isOwn(v, e, now))) return;
  if (v.area.querySelector('.is-dragging')) {
    setTimeout(() => view === v && liveReload(kinds, [{ kind: 'reconnected', data: null }]), 1000);
    return;
  }
  loadWeek();
}

function syncAddress() {
  const params = new URLSearchParams({ id: view.scheduleId, week: view.weekStart });
  if (view.jobFilter) params.set('job', view.jobFilter);
  history.replaceState(null, '', `/schedules/board?${params}`);
}

// ---- the page's frame ------------------------------------------------------------------------------------

function build() {
  const v = view;
  const location = v.workplace.locations.get(v.schedule.locationId) || null;
  const jobs = [...v.workplace.jobs.values()].sort((a, b) => a.name.localeCompare(b.name));
  v.toolbar = boardToolbar({
    planner: v.planner,
    location,
    jobs,
    on: {
      week: (delta) => goToWeek(addDays(v.weekStart, delta * DAYS_IN_WEEK)),
      today: () => goToDay(todayIso()),
      date: (iso) => goToDay(iso),
      job: (id) => {
        v.jobFilter = id;
        syncAddress();
        render();
      },
      publish: () => publishWeek(weekActions()),
      copy: (event) => copyPreviousWeek(weekActions(), event.currentTarget),
      templates: (event) => templatesDialog(weekActions(), event.currentTarget),
    },
  });
  v.area = el('div', { class: 'board-area', 'data-testid': 'board' });
  v.notice = el('div', { class: 'board-notice' });
  v.tooltip = conflictTooltip(v.area, (id) => v.model?.shiftById.get(id));
  const back = el('a', { href: '/schedules', class: 'back-link', 'data-testid': 'board-back' },
    icon('chevron-left', { size: 'sm' }), t('board.allSchedules'));
  const legend = el('p', { class: 'board-legend' },
    el('span', { class: 'board-legend-swatch', 'aria-hidden': 'true' }), t('board.state.published'),
    v.planner && el('span', { class: 'board-legend-swatch board-legend-draft', 'aria-hidden': 'true' }),
    v.planner && t('board.draft'),
    el('span', { class: 'board-legend-swatch board-legend-open', 'aria-hidden': 'true' }), t('board.open'),
    v.planner && el('span', { class: 'board-legend-hint' }, t('board.dragHint')));
  v.root.replaceChildren(el('div', { class: 'board-page' },
    el('div', { class: 'board-top' }, back, v.toolbar.actions), v.toolbar.tools, v.notice, v.area, legend));
  if (v.planner) {
    v.fab = el('button', { type: 'button', class: 'board-fab', 'aria-label': t('board.addShift'), 'data-testid': 'board-fab' },
      icon('plus', { size: 'lg' }));
    v.fab.addEventListener('click', () => openEditor({ draft: { userId: null, date: v.day } }));
    document.body.append(v.fab);
  }
}

function weekActions() {
  const bulkReload = () => {
    if (view) view.ownBulkAt = Date.now();
    reload();
  };
  return { scheduleId: view.scheduleId, weekStart: view.weekStart, pending: view.model?.counts.pending || 0, reload: bulkReload };
}

function goToWeek(start) {
  const v = view;
  const offset = Math.max(0, daysBetween(v.weekStart, v.day));
  v.weekStart = start;
  v.day = addDays(start, Math.min(offset, DAYS_IN_WEEK - 1));
  loadWeek();
}

function goToDay(iso) {
  const v = view;
  const start = weekOf(iso, v.workplace.settings.weekStartsOn);
  v.day = iso;
  if (start === v.weekStart) render();
  else {
    v.weekStart = start;
    loadWeek();
  }
}

// ---- drawing ------------------------------------------------------------------------------------------------

function render() {
  const v = view;
  if (!v?.week) return;
  v.model = weekModel({ today: todayIso(), schedule: v.schedule, workplace: v.workplace, ...v.week, jobFilter: v.jobFilter });
  v.toolbar.update({ weekStart: v.weekStart, pending: v.model.counts.pending, jobFilter: v.jobFilter });
  v.notice.replaceChildren(emptyWeek(v.model) || '');
  v.tooltip.hide();
  if (v.fab) v.fab.hidden = !PHONE.matches;
  if (PHONE.matches) {
    v.area.replaceChildren(dayView(v.model, v.day, { planner: v.planner, workplace: v.workplace,
      onAdd: (userId, date) => openEditor({ draft: { userId, date } }),
      onOpen: (id) => openEditor({ shiftId: id }),
      onDay: (iso) => goToDay(iso),
      onStep: (delta) => goToDay(addDays(v.day, delta)) }));
    paintMarks();
    return;
  }
  const grid = weekGrid(v.model, { planner: v.planner, workplace: v.workplace,
    onAddOpen: () => openEditor({ draft: { userId: null, date: firstOpenDay(v.model) } }) });
  wireGrid(grid);
  v.area.replaceChildren(el('div', { class: 'board-scroll card' }, grid));
  paintMarks();
  v.keys.settle(v.focusKey, { focus: v.refocus });
  v.refocus = false;
}

function emptyWeek(model) {
  if (model.counts.shifts > 0) return null;
  const copy = view.planner ? iconButton('copy', t('board.copyWeek'), { kind: 'button-secondary button-small',
    testId: 'board-empty-copy' }) : null;
  copy?.addEventListener('click', (event) => copyPreviousWeek(weekActions(), event.currentTarget));
  return el('div', { class: 'board-empty', 'data-testid': 'board-empty' },
    icon('calendar-plus'), el('span', {}, view.planner ? t('board.emptyWeek') : t('board.emptyWeekMember')), copy);
}

const firstOpenDay = (model) => (model.days.find((d) => d.isToday && !d.closed) || model.days.find((d) => !d.closed)
  || model.days[0]).date;

function wireGrid(grid) {
  const v = view;
  v.keys = gridKeys(grid, {
    onActivate: (item) => activate(item),
    onDelete: (item) => v.planner && askDelete(v.model.shiftById.get(item.dataset.shiftId)),
  });
  grid.addEventListener('click', (event) => {
    const item = event.target.closest('[data-nav]');
    if (item) activate(item);
  });
  if (v.planner) shiftDragging(grid, { onDrop: move });
}

function activate(item) {
  if (!view.planner) return;
  view.focusKey = keyOf(item);
  if (item.dataset.nav === 'shift') openEditor({ shiftId: item.dataset.shiftId });
  else openEditor({ draft: { userId: item.dataset.user || null, date: item.dataset.date } });
}

// ---- changing shifts ---------------------------------------------------------------------------------------

function openEditor({ shiftId = null, draft = null }) {
  const v = view;
  if (!v.planner || v.editor) return;
  const shift = shiftId ? v.model.shiftById.get(shiftId) : null;
  if (shiftId && !shift) return;
  v.editor = openShiftEditor({
    shift,
    draft,
    board: { model: v.model, workplace: v.workplace, scheduleName: v.schedule.name },
    save: async (body, before) => {
      noteOwn(before?.id);
      const saved = before ? await data.updateShift(v.scheduleId, before, body) : await data.createShift(v.scheduleId, body);
      noteOwn(saved.id);
      v.focusKey = `shift:${saved.id}`;
      reload();
      return saved;
    },
    remove: async (gone) => {
      noteOwn(gone.id);
      await data.deleteShift(v.scheduleId, gone);
      v.focusKey = `cell:${gone.assignedUserId || ''}|${gone.shiftDate}`;
      reload();
    },
    reload,
    openOther: (id) => openEditor({ shiftId: id }),
    onClose: () => {
      if (view !== v) return;
      v.editor = null;
      v.refocus = true;
      const item = findByKey(v.area, v.focusKey);
      if (item && !v.area.hasAttribute('aria-busy')) {
        item.focus();
        v.refocus = false;
      }
    },
  });
}

async function askDelete(shift) {
  if (!shift) return;
  const v = view;
  const gone = await confirmAction({ title: t('board.deleteTitle'), text: `${dayText(shift.shiftDate)} · ${rangeText(shift.startTime, shift.endTime)}`,
    confirmLabel: t('board.delete'), busyLabel: t('board.deleting'), testId: 'shift-delete-dialog',
    action: () => {
      noteOwn(shift.id);
      return data.deleteShift(v.scheduleId, shift);
    } });
  if (!gone || view !== v) return;
  v.focusKey = `cell:${shift.assignedUserId || ''}|${shift.shiftDate}`;
  v.refocus = true;
  toast(t('board.deleted'), { testId: 'board-toast' });
  reload();
}

// A drop: the block moves at once, the server is told, and the week is read again (hours,
// totals and conflicts follow from the server's answer).
async function move({ shiftId, userId, date, copy, block, cell }) {
  const v = view;
  const shift = v.model.shiftById.get(shiftId);
  if (!shift) return;
  if (!copy) cell.insertBefore(block, cell.querySelector('.bg-cell-add'));
  v.focusKey = copy ? v.focusKey : `shift:${shiftId}`;
  if (!copy) noteOwn(shiftId);
  try {
    const saved = copy ? await data.createShift(v.scheduleId, data.copyOf(shift, { assignedUserId: userId, shiftDate: date }))
      : await data.updateShift(v.scheduleId, shift, { assignedUserId: userId, shiftDate: date });
    noteOwn(saved.id);
    const where = dayText(date);
    const text = copy ? t('board.copiedTo', { day: where }) : t('board.movedTo', { day: where });
    toast(saved.conflicts.length ? `${text} ${t('board.withConflicts', { reasons: saved.conflicts.map((c) => c.message).join(' ') })}`
      : text, { testId: 'board-toast' });
  } catch (e) {
    if (e.status === 401) return;
    toast(data.isStale(e) ? t('board.stale') : errorText(e), { kind: 'bad', testId: 'board-toast' });
  }
  reload();
}
