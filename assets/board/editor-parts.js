// The parts of the shift editor's form that field() does not make: the lists of days, times and
// people, the job chips, the length of a shift, and the list of its conflicts.
import { el, uid } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { hoursOfMax, hoursText } from './model.js';
import { paintJob } from './shift-block.js';
import { clockTime, dayText, endsNextDay, spanMinutes, timeText } from './week.js';

const TIME_STEP = 15; // minutes between the times offered
const CONFLICT_ICONS = { overlap: 'layers', unavailable: 'calendar-x', time_off: 'calendar-x', closed: 'moon',
  outside_hours: 'sun', min_rest: 'clock-4', max_hours: 'clock', not_qualified: 'user', not_assignee: 'users',
  inactive: 'user' };

// The days of the week shown ("Mon 07-12-2026"), and the shift's own day should it lie elsewhere.
export function dayOptions(board, chosen) {
  const days = board.model.days.map((d) => d.date);
  if (chosen && !days.includes(chosen)) days.push(chosen);
  return days.sort().map((d) => [d, dayText(d)]);
}

// Times of day in steps of a quarter, in the workplace's time format, and the shift's own time
// when it lies between them. A list instead of a time field: the browser would show its own
// locale's format, not the workplace's.
export function timeOptions(chosen) {
  const times = Array.from({ length: (24 * 60) / TIME_STEP }, (_, i) => clockTime(i * TIME_STEP));
  if (chosen && !times.includes(chosen)) times.push(chosen);
  return times.sort().map((time) => [time, timeText(time)]);
}

// "Open shift" first, then the board's people with their hours this week (and the shift's person,
// should they no longer be on the board).
export function personOptions(board, chosen) {
  const people = [...board.model.rows];
  if (chosen && !people.some((p) => p.id === chosen)) people.push(board.model.people.get(chosen));
  return [['', t('board.openShiftChoice')],
    ...people.filter(Boolean).map((p) => [p.id, p.max !== null || p.minutes
      ? `${p.name} — ${t('board.thisWeek', { hours: hoursOfMax(p.minutes, p.max) })}` : p.name])];
}

// The job as a row of chips, each in its colour, "No job" last.
export function jobChoice(board, chosen) {
  const jobs = [...board.workplace.jobs.values()].filter((j) => j.active !== false || j.id === chosen)
    .sort((a, b) => a.name.localeCompare(b.name));
  const name = uid('job');
  const line = el('p', { class: 'field-error', id: uid('err'), 'data-testid': 'error-jobId', hidden: true });
  const chip = (id, label, job) => {
    const input = el('input', { type: 'radio', name, value: id, class: 'sr-only' });
    input.checked = (chosen || '') === id;
    const node = el('label', { class: 'board-job-choice', 'data-testid': 'editor-job' }, input,
      job && el('span', { class: 'board-job-dot', 'aria-hidden': 'true' }), el('span', {}, label));
    return job ? paintJob(node, job) : node;
  };
  const node = el('fieldset', { class: 'field', 'aria-describedby': line.id },
    el('legend', {}, t('board.job')),
    el('div', { class: 'board-job-choices' }, ...jobs.map((j) => chip(j.id, j.name, j)), chip('', t('board.noJob'), null)),
    line);
  const value = () => node.querySelector('input:checked')?.value || null;
  const input = { focus: () => node.querySelector('input')?.focus(), setAttribute: () => {}, removeAttribute: () => {} };
  return { node, input, line, value, set: (id) => {
    const radio = node.querySelector(`input[value="${CSS.escape(id || '')}"]`);
    if (radio) radio.checked = true;
  } };
}

export function conflictList(shift, board, openOther) {
  const items = shift.conflicts.map((c) => {
    const other = c.relatedId && board.model.shiftById.get(c.relatedId);
    const show = other ? el('button', { type: 'button', class: 'button button-ghost button-small' }, t('board.showShift')) : null;
    show?.addEventListener('click', () => openOther(other.id));
    return el('li', { class: 'board-conflict', 'data-testid': 'editor-conflict', 'data-code': c.code },
      icon(CONFLICT_ICONS[c.code] || 'triangle-alert', { size: 'sm' }), el('span', { class: 'board-conflict-text' }, c.message), show);
  });
  return el('section', { class: 'board-conflicts', 'data-testid': 'editor-conflicts', tabindex: '-1' },
    el('h3', {}, icon('triangle-alert', { size: 'sm' }), tn('board.conflictsCanSave', shift.conflicts.length)),
    el('ul', {}, ...items));
}

export function durationText(start, end, rest) {
  const span = spanMinutes(start, end);
  const parts = [t('board.shiftLength', { hours: hoursText(span) })];
  if (rest > 0) parts.push(t('board.paidAfterBreak', { hours: hoursText(Math.max(0, span - rest)) }));
  if (endsNextDay(start, end)) parts.push(t('board.endsNextDay'));
  return parts.join(' · ');
}

// Selects `time` in a list of times, adding it first when it is not on the list.
export function choose(select, time) {
  if (![...select.options].some((o) => o.value === time)) select.add(new Option(timeText(time), time));
  select.value = time;
}
