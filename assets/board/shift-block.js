// One shift as a block, the same on the week grid and in the phone's day view: tinted in its
// job's colours with a stripe, hatched with a "Draft" tag while members cannot see it yet, a
// dashed outline with its free places when open, and a red marker when it has conflicts (their
// reasons in the tooltip and the label a screen reader reads).
import { el } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { jobTones } from '../rota-common.js';
import { isPending } from './model.js';
import { dayShortName, dayNumber, rangeText, timeText } from './week.js';

const NO_JOB_COLOR = '#7b847f';

// Hands the job's colours to schedule.css as custom properties on `node`. Through the CSSOM: the
// app's Content-Security-Policy refuses style attributes.
export function paintJob(node, job) {
  const tones = jobTones(job?.color || NO_JOB_COLOR);
  node.style.setProperty('--job', tones.stripe);
  node.style.setProperty('--job-tint', tones.tint);
  node.style.setProperty('--job-text', tones.text);
  return node;
}

// "Stylist · Late desk", "Stylist", the title alone, or "Shift" when it has neither.
export function shiftName(shift, job) {
  const parts = [job?.name, shift.title].filter(Boolean);
  return parts.length ? parts.join(' · ') : t('board.shift');
}

// "1 slot", "2 slots", or "1 of 2 free" once a place is taken.
export function slotsText(shift) {
  const free = Math.max(0, shift.slots - shift.claimed);
  return shift.claimed ? t('board.slotsFree', { n: free, m: shift.slots }) : tn('board.slots', shift.slots);
}

export function stateText(shift) {
  if (shift.status === 'draft') return t('board.state.draft');
  return shift.hasUnpublishedChanges ? t('board.state.changed') : t('board.state.published');
}

// What a screen reader says: "Lisa Bakker, Stylist, Mon 7, 09:00–17:00, draft, 1 conflict: …".
export function shiftLabel(shift, { personName, job, planner }) {
  const who = shift.assignedUserId ? personName : `${t('board.openShift')}, ${slotsText(shift)}`;
  const conflicts = shift.conflicts.length
    ? `${tn('board.conflicts', shift.conflicts.length)}: ${shift.conflicts.map((c) => c.message).join('; ')}` : null;
  return [who, shiftName(shift, job), `${dayShortName(shift.shiftDate)} ${dayNumber(shift.shiftDate)}`,
    rangeText(shift.startTime, shift.endTime), planner ? stateText(shift) : null, conflicts].filter(Boolean).join(', ');
}

// `navigable`: a focus stop of the grid's arrow-key navigation; `draggable`: planners move it.
export function shiftBlock(shift, { job, personName, planner, compact = false }) {
  const pending = planner && isPending(shift);
  const conflicted = planner && shift.conflicts.length > 0;
  const classes = ['board-shift', shift.assignedUserId ? '' : 'is-open', pending ? 'is-draft' : '',
    conflicted ? 'is-conflict' : '', compact ? 'is-compact' : ''].filter(Boolean).join(' ');
  // The end goes below the start when the two do not fit side by side (a 12-hour clock in a
  // narrow day; always in the phone's tall, narrow blocks).
  const time = el('span', { class: 'board-shift-time' }, el('span', {}, timeText(shift.startTime)),
    el('span', { class: 'board-shift-end' }, `${compact ? '' : '–'}${timeText(shift.endTime)}`));
  const marker = conflicted && el('span', { class: 'board-shift-marker', 'data-testid': 'shift-conflict-marker' },
    icon('triangle-alert', { size: 'sm' }));
  const rest = shift.breakMinutes > 0 && el('span', { class: 'board-shift-break', title: t('board.breakOf', { n: shift.breakMinutes }) },
    icon('clock', { size: 'sm' }), t('board.minutesShort', { n: shift.breakMinutes }));
  const badge = !shift.assignedUserId ? el('span', { class: 'board-shift-tag', 'data-testid': 'shift-slots' }, slotsText(shift))
    : pending ? el('span', { class: 'board-shift-tag', 'data-testid': 'shift-draft-tag' },
      shift.status === 'draft' ? t('board.draft') : t('board.changed')) : null;
  return paintJob(el('div', {
    class: classes,
    role: planner ? 'button' : 'group',
    tabindex: '-1',
    'aria-label': shiftLabel(shift, { personName, job, planner }),
    draggable: planner && !compact ? 'true' : null,
    'data-nav': 'shift',
    'data-testid': 'shift-block',
    'data-shift-id': shift.id,
    'data-status': pending ? 'pending' : 'published',
    'data-date': shift.shiftDate,
    'data-user': shift.assignedUserId || '',
    'data-conflicts': String(planner ? shift.conflicts.length : 0),
  },
  marker,
  el('span', { class: 'board-shift-line' }, time, !compact && rest),
  el('span', { class: 'board-shift-line' }, el('span', { class: 'board-shift-name' }, shiftName(shift, job)), badge)), job);
}
