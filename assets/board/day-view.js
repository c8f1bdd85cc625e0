// The board on a phone: one day at a time. The day's tabs and arrows on top, its figures, then a
// timeline with a column per person on shift (and the open shifts; today, who is clocked in under
// their name), each shift placed at its hours; a tap on a shift opens it, a tap in a column adds
// one there. The columns scroll sideways inside their card when there are many, never the page.
import { el } from '../forms.js';
import { nowIn } from '../hours.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { initials } from '../shell.js';
import { emptyState } from '../ui.js';
import { clockSlot } from './clock-mark.js';
import { awayLabel, hoursText, moneyShort } from './model.js';
import { shiftBlock } from './shift-block.js';
import { clockTime, dateText, dayLongName, dayNumber, dayShortName, minutesOf, rangeText, spanMinutes, timeText } from './week.js';

const HOUR_PX = 44;
const DEFAULT_RANGE = [8 * 60, 18 * 60];

const firstName = (name) => String(name).split(/\s+/)[0];
const px = (minutes) => `${(minutes / 60) * HOUR_PX}px`;

// Positions and sizes through the CSSOM: the app's Content-Security-Policy refuses style attributes.
function styled(node, styles) {
  for (const [name, value] of Object.entries(styles)) node.style.setProperty(name, value);
  return node;
}

// The hours the timeline shows: the opening hours and every shift of the day, in whole hours.
function timeRange(day, shifts) {
  let [from, to] = day.hours ? [minutesOf(day.hours.openTime), minutesOf(day.hours.closeTime)] : DEFAULT_RANGE;
  for (const s of shifts) {
    const start = minutesOf(s.startTime);
    from = Math.min(from, start);
    to = Math.max(to, Math.min(24 * 60, start + spanMinutes(s.startTime, s.endTime)));
  }
  return [Math.floor(from / 60) * 60, Math.ceil(to / 60) * 60];
}

// A column splits into lanes side by side when its shifts overlap: each takes the first lane free
// at its start, and all share the column's width.
function lanes(shifts) {
  const ends = [];
  return shifts.map((s) => {
    const start = minutesOf(s.startTime);
    let lane = ends.findIndex((end) => end <= start);
    if (lane < 0) lane = ends.length;
    ends[lane] = start + spanMinutes(s.startTime, s.endTime);
    return { shift: s, lane };
  }).map((x, _, all) => ({ ...x, of: Math.max(...all.map((y) => y.lane)) + 1 }));
}

function dayTabs(model, current, onDay) {
  return el('div', { class: 'dv-tabs', role: 'group', 'aria-label': t('board.days') }, ...model.days.map((day) => {
    const count = model.rows.reduce((n, r) => n + model.shiftsOf(r.id, day.date).length, 0)
      + model.shiftsOf(null, day.date).length;
    const tab = el('button', { type: 'button', class: `dv-tab${day.isToday ? ' is-today' : ''}${day.closed ? ' is-closed' : ''}`,
      'aria-pressed': String(day.date === current), 'data-testid': 'day-tab', 'data-date': day.date,
      'aria-label': `${dayLongName(day.date)} ${dateText(day.date)}, ${tn('board.shiftCount', count)}` },
    el('span', { class: 'dv-tab-name' }, dayShortName(day.date)),
    el('span', { class: 'dv-tab-number' }, String(dayNumber(day.date))),
    el('span', { class: `dv-tab-dot${count ? '' : ' is-empty'}`, 'aria-hidden': 'true' }));
    tab.addEventListener('click', () => onDay(day.date));
    return tab;
  }));
}

function dayFigures(model, day, people, planner) {
  const open = model.shiftsOf(null, day.date).length;
  const money = planner && model.totals.cost !== null ? ` · ${moneyShort(day.cost, model.totals.currency)}` : '';
  return el('div', { class: 'dv-figures', 'data-testid': 'day-figures' },
    el('span', { class: 'tag' }, tn('board.onShift', people)),
    el('span', { class: 'tag' }, tn('board.openCount', open)),
    el('span', { class: 'tag' }, `${hoursText(day.minutes)}${money}`));
}

function column({ userId, name, shifts, away, range, ctx, date }) {
  const [from, to] = range;
  const body = styled(el('div', { class: 'tl-column', 'data-user': userId || '', 'data-date': date,
    'data-testid': 'day-column' }), { height: px(to - from) });
  for (const entry of away) {
    const start = entry.allDay || !entry.startTime ? from : minutesOf(entry.startTime);
    const end = entry.allDay || !entry.endTime ? to : start + spanMinutes(entry.startTime, entry.endTime);
    body.append(styled(el('div', { class: `tl-away${entry.timeOff ? ' is-timeoff' : ''}`, title: awayLabel(entry) }),
      { top: px(start - from), height: px(end - start) }));
  }
  for (const { shift, lane, of } of lanes(shifts)) {
    const start = minutesOf(shift.startTime);
    const length = Math.min(spanMinutes(shift.startTime, shift.endTime), to - start);
    const block = shiftBlock(shift, { job: ctx.workplace.jobs.get(shift.jobId), personName: name, planner: ctx.planner, compact: true });
    styled(block, { top: px(start - from), height: `${Math.max(28, (length / 60) * HOUR_PX - 2)}px`,
      left: `calc(${(lane / of) * 100}% + 2px)`, width: `calc(${100 / of}% - 4px)` });
    block.tabIndex = 0;
    body.append(block);
  }
  return body;
}

function timeline(model, day, columns, ctx) {
  const all = columns.flatMap((c) => c.shifts);
  const range = timeRange(day, all);
  const hours = [];
  for (let m = range[0]; m <= range[1]; m += 60) hours.push(m);
  const labels = hours.map((m) => timeText(clockTime(m)));
  const axis = el('div', { class: 'tl-axis', 'aria-hidden': 'true' }, ...labels.map((label, i) =>
    styled(el('span', {}, label), { top: px(hours[i] - range[0]) })));
  const heads = columns.map((c) => el('div', { class: 'tl-head' },
    c.userId ? el('span', { class: 'avatar avatar-sm', 'aria-hidden': 'true' }, initials(c.name))
      : el('span', { class: 'tl-open-mark', 'aria-hidden': 'true' }, icon('layers', { size: 'sm' })),
    el('span', { class: 'tl-name' }, c.userId ? firstName(c.name) : t('board.open')),
    c.userId && day.isToday && clockSlot(c.userId, { compact: true })));
  const bodies = columns.map((c) => column({ ...c, range, ctx, date: day.date }));
  const grid = styled(el('div', { class: 'tl-grid' }, el('div', { class: 'tl-corner' }), ...heads, axis, ...bodies),
    // A 12-hour clock's labels ("10:00 AM") need a wider axis than "10:00".
    { '--cols': String(columns.length), '--hour': `${HOUR_PX}px`, '--axis': labels.some((l) => l.length > 5) ? '60px' : '44px' });
  if (day.isToday && model.location) {
    const now = minutesOf(nowIn(model.location.timezone).time);
    if (now >= range[0] && now <= range[1]) {
      grid.append(styled(el('div', { class: 'tl-now', 'aria-hidden': 'true' }), { top: `calc(var(--tl-head) + ${px(now - range[0])})` }));
    }
  }
  return el('div', { class: 'tl-scroll' }, grid);
}

function awayList(model, day) {
  const names = model.rows.flatMap((r) => model.awayOf(r.id, day.date).map((entry) =>
    `${r.name} (${[entry.timeOff && awayLabel(entry),
      entry.allDay || !entry.startTime ? t('board.allDay') : rangeText(entry.startTime, entry.endTime)].filter(Boolean).join(', ')})`));
  return names.length ? el('p', { class: 'dv-away', 'data-testid': 'day-away' }, icon('calendar-x', { size: 'sm' }),
    el('span', {}, `${t('board.unavailable')}: ${names.join(', ')}`)) : null;
}

// `ctx`: {planner, workplace, onAdd(userId, date), onOpen(shiftId), onDay(date), onStep(±1)}; `date`
// is the day shown.
export function dayView(model, date, ctx) {
  const day = model.days.find((d) => d.date === date) || model.days[0];
  const columns = model.rows.map((r) => ({ userId: r.id, name: r.name, shifts: model.shiftsOf(r.id, day.date),
    away: model.awayOf(r.id, day.date) })).filter((c) => c.shifts.length);
  const onShift = columns.length;
  const open = model.shiftsOf(null, day.date);
  if (open.length || ctx.planner) columns.push({ userId: null, name: t('board.openShift'), shifts: open, away: [] });
  const sub = [day.isToday && t('board.today'), day.closed ? (day.closure?.note || t('board.closed'))
    : day.hours && t('board.openFromTo', { hours: rangeText(day.hours.openTime, day.hours.closeTime) })].filter(Boolean).join(' · ');

  const prev = el('button', { type: 'button', class: 'button button-secondary dv-step', 'aria-label': t('board.prevDay'),
    'data-testid': 'day-prev' }, icon('chevron-left'));
  const next = el('button', { type: 'button', class: 'button button-secondary dv-step', 'aria-label': t('board.nextDay'),
    'data-testid': 'day-next' }, icon('chevron-right'));
  prev.addEventListener('click', () => ctx.onStep(-1));
  next.addEventListener('click', () => ctx.onStep(1));

  const hasShifts = onShift > 0 || open.length > 0;
  const add = ctx.planner ? el('button', { type: 'button', class: 'button', 'data-testid': 'day-empty-add' },
    icon('plus', { size: 'sm' }), t('board.addShift')) : null;
  add?.addEventListener('click', () => ctx.onAdd(null, day.date));
  const node = el('div', { class: 'dv-view', 'data-testid': 'day-view', 'data-date': day.date },
    el('div', { class: 'dv-head' }, prev,
      el('div', { class: 'dv-title' }, el('h2', { 'data-testid': 'day-title' }, `${dayLongName(day.date)} ${dateText(day.date)}`),
        sub && el('p', { class: 'muted' }, sub)),
      next),
    dayTabs(model, day.date, ctx.onDay),
    dayFigures(model, day, onShift, ctx.planner),
    awayList(model, day),
    el('section', { class: `card card-flush dv-card${day.closed ? ' is-closed' : ''}` },
      hasShifts ? timeline(model, day, columns, ctx)
        : emptyState({ icon: 'calendar', title: t('board.dayEmpty'), action: add || null, testId: 'day-empty' })));

  node.addEventListener('click', (event) => {
    const block = event.target.closest('.board-shift');
    if (block) {
      ctx.onOpen(block.dataset.shiftId);
      return;
    }
    const col = event.target.closest('.tl-column');
    if (col && ctx.planner) ctx.onAdd(col.dataset.user || null, col.dataset.date);
  });
  node.addEventListener('keydown', (event) => {
    const block = event.target.closest('.board-shift');
    if (block && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      ctx.onOpen(block.dataset.shiftId);
    }
  });
  return node;
}
