// The week grid: people down the side with their hours (and, in the week of today, a place for
// who is clocked in now), the week's days across with theirs, open shifts on top, the week's
// totals at the foot. Each cell is a place to add a shift (click it, or Enter), each block a
// shift to open; closed days and unavailability are shaded.
import { el } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { formatMoney } from '../rota-common.js';
import { initials } from '../shell.js';
import { clockSlot } from './clock-mark.js';
import { awayLabel, hoursOfMax, hoursText, moneyShort } from './model.js';
import { paintJob, shiftBlock } from './shift-block.js';
import { dateText, dayLongName, dayNumber, dayShortName, rangeText } from './week.js';

const row = (classes, ...cells) => el('div', { class: `bg-row ${classes}`, role: 'row' }, ...cells);

// Under the day's name: why it is closed; else for planners its hours and cost, for others its opening hours.
function daySummary(day, model, planner) {
  if (day.closed) return day.closure?.note || t('board.closed');
  if (!planner) return day.hours ? rangeText(day.hours.openTime, day.hours.closeTime) : '';
  const cost = model.totals.cost !== null ? ` · ${moneyShort(day.cost, model.totals.currency)}` : '';
  return `${hoursText(day.minutes)}${cost}`;
}

function dayHeader(day, model, planner) {
  return el('div', { class: `bg-day${day.isToday ? ' is-today' : ''}${day.closed ? ' is-closed' : ''}`, role: 'columnheader',
    'data-testid': 'board-day', 'data-date': day.date, title: `${dayLongName(day.date)} ${dateText(day.date)}` },
  el('span', { class: 'bg-day-name' }, `${dayShortName(day.date)} `, el('strong', {}, String(dayNumber(day.date)))),
  el('span', { class: 'bg-day-sub', 'data-testid': 'board-day-total' }, daySummary(day, model, planner)));
}

function personHeader(person, workplace, planner, now) {
  const job = workplace.jobs.get(person.member?.jobIds?.[0]);
  const hours = planner && el('span', { class: `bg-hours${person.over ? ' is-over' : ''}`, 'data-testid': 'person-hours',
    title: person.over ? t('board.overHours') : null },
  person.over && icon('triangle-alert', { size: 'sm', label: t('board.overHours') }), hoursOfMax(person.minutes, person.max));
  return el('div', { class: 'bg-person', role: 'rowheader', 'data-testid': 'board-person', 'data-user': person.id },
    el('span', { class: 'avatar avatar-sm', 'aria-hidden': 'true' }, initials(person.name)),
    el('span', { class: 'bg-person-text' },
      el('span', { class: 'bg-person-name' }, person.name),
      now && clockSlot(person.id),
      el('span', { class: 'bg-person-sub' },
        job && paintJob(el('span', { class: 'job-tone' }, el('span', { class: 'board-job-dot', 'aria-hidden': 'true' }),
          el('span', { class: 'bg-person-job' }, job.name)), job),
        hours)));
}

function openHeader(model, planner, onAddOpen) {
  const add = planner ? el('button', { type: 'button', class: 'bg-add-open', 'data-testid': 'board-add-open',
    'aria-label': t('board.addOpen') }, icon('plus', { size: 'sm' })) : null;
  add?.addEventListener('click', onAddOpen);
  return el('div', { class: 'bg-person bg-person-open', role: 'rowheader' }, add || el('span', { class: 'bg-open-mark' },
    icon('layers', { size: 'sm' })),
  el('span', { class: 'bg-person-text' }, el('span', { class: 'bg-person-name' }, t('board.openShifts')),
    el('span', { class: 'bg-person-sub' }, tn('board.unassigned', model.counts.open))));
}

function awayNote(entry) {
  const allDay = entry.allDay || !entry.startTime;
  // Time off is whole days unless it says its times.
  const when = allDay ? (entry.timeOff ? null : t('board.allDay')) : rangeText(entry.startTime, entry.endTime);
  const title = entry.timeOff ? t('board.timeOff') : t('board.unavailable');
  const what = entry.timeOff ? t(`timeoff.kind.${entry.timeOff}`) : entry.note;
  return el('div', { class: `bg-away${entry.timeOff ? ' is-timeoff' : ''}`, 'data-testid': entry.timeOff ? 'board-timeoff' : 'board-away',
    title: awayLabel(entry) },
  el('span', { class: 'bg-away-title' }, icon(entry.timeOff ? 'sun' : 'x', { size: 'sm' }), title),
  el('span', { class: 'bg-away-sub' }, [what, when].filter(Boolean).join(' · ')));
}

function cell(userId, personName, day, model, ctx) {
  const shifts = model.shiftsOf(userId, day.date);
  const away = userId ? model.awayOf(userId, day.date) : [];
  const reasons = [...new Set(away.map(awayLabel))];
  const label = [personName, `${dayLongName(day.date)} ${dateText(day.date)}`,
    day.closed && t('board.closed'), ...reasons,
    shifts.length ? tn('board.shiftCount', shifts.length) : t('board.noShifts'),
    ctx.planner && t('board.cellAddHint')].filter(Boolean).join(', ');
  return el('div', {
    class: `bg-cell${day.closed ? ' is-closed' : ''}${day.isToday ? ' is-today' : ''}`,
    role: 'gridcell', tabindex: '-1', 'aria-label': label, title: reasons.length ? reasons.join(', ') : null, 'data-nav': 'cell', 'data-testid': 'board-cell',
    'data-user': userId || '', 'data-date': day.date,
  },
  ...away.map(awayNote),
  ...shifts.map((shift) => shiftBlock(shift, { job: ctx.workplace.jobs.get(shift.jobId), personName, planner: ctx.planner })),
  ctx.planner && el('span', { class: 'bg-cell-add', 'aria-hidden': 'true' }, icon('plus', { size: 'sm' }), t('board.addShift')));
}

function footer(model, planner) {
  const { totals, counts } = model;
  const money = planner && totals.cost !== null ? ` · ${t('board.labour', { cost: formatMoney(totals.cost, totals.currency) })}` : '';
  const facts = [tn('board.people', model.rows.length), tn('board.openCount', counts.open)];
  const alerts = planner ? [
    counts.conflicts && el('span', { class: 'board-alert' }, icon('triangle-alert', { size: 'sm' }), tn('board.conflicts', counts.conflicts)),
    counts.over && el('span', { class: 'board-alert' }, tn('board.overCount', counts.over)),
  ].filter(Boolean) : [];
  return row('bg-foot',
    el('div', { class: 'bg-foot-label', role: 'rowheader' }, t('board.weekTotal')),
    el('div', { class: 'bg-foot-body', role: 'gridcell', 'data-testid': 'board-week-total' },
      el('strong', {}, `${hoursText(totals.minutes)}${money}`),
      el('span', { class: 'bg-foot-facts' }, facts.join(' · '),
        ...alerts.flatMap((a) => [' · ', a]))));
}

// `ctx`: {planner, workplace, onAddOpen}.
export function weekGrid(model, ctx) {
  const { planner } = ctx;
  const head = row('bg-head',
    el('div', { class: 'bg-corner', role: 'columnheader' }, t('board.team'), el('span', { class: 'tag' }, String(model.rows.length))),
    ...model.days.map((day) => dayHeader(day, model, planner)));
  const open = row('bg-open', openHeader(model, planner, ctx.onAddOpen),
    ...model.days.map((day) => cell(null, t('board.openShift'), day, model, ctx)));
  const now = model.days.some((day) => day.isToday); // who is clocked in is news of today's week only
  const people = model.rows.map((person) => row('bg-person-row', personHeader(person, ctx.workplace, planner, now),
    ...model.days.map((day) => cell(person.id, person.name, day, model, ctx))));
  return el('div', { class: 'board-grid', role: 'grid', 'aria-label': t('board.gridLabel'), 'data-testid': 'board-grid' },
  head, open, ...people, footer(model, planner));
}
