// Who is clocked in now, under their name on the board (the week's people column, the phone's
// day view): a green dot and "In since 09:02", an amber one and "On a break", a red "Missed
// clock-out"; the whole sentence in the title and for screen readers. The grid and the day view
// leave an empty slot per person (clockSlot) when the days on screen hold today; board.js fills
// the slots (paintClock) when /api/v1/clock/active answers and again after every punch, without
// drawing the board anew.
import { formatDate, formatTime } from '../format.js';
import { el } from '../forms.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';

// `compact`: a narrow column's head, where the mark falls back to a word or the time.
export const clockSlot = (userId, { compact = false } = {}) =>
  el('span', { class: 'board-clock-slot', 'data-clock-user': userId, 'data-compact': compact || null });

// "09:02" today; with the date when the clock-in was on another day (a forgotten clock-out).
function since(at) {
  const when = new Date(at);
  return when.toDateString() === new Date().toDateString() ? formatTime(at) : `${formatDate(at)} ${formatTime(at)}`;
}

function texts(entry) {
  const time = since(entry.clockInAt);
  if (entry.missedClockOut) {
    return { status: 'missed', text: t('board.clock.missed'), short: t('board.clock.missedShort'),
      full: t('board.clock.missedFull', { time }) };
  }
  if (entry.status === 'onBreak') {
    return { status: 'onBreak', text: t('board.clock.break'), short: t('board.clock.breakShort'),
      full: t('board.clock.breakFull', { time, since: since(entry.onBreakSince) }) };
  }
  return { status: 'in', text: t('board.clock.in', { time }), short: formatTime(entry.clockInAt), full: t('board.clock.inFull', { time }) };
}

// `place`: {locationId, locations}: the board's location, and where another one is named.
function clockMark(entry, { compact, place }) {
  const { status, text, short, full } = texts(entry);
  const elsewhere = entry.locationId && entry.locationId !== place.locationId ? place.locations.get(entry.locationId)?.name : null;
  const sentence = elsewhere ? `${full} · ${elsewhere}` : full;
  return el('span', { class: 'board-clock', 'data-status': status, 'data-testid': 'board-clock', title: sentence },
    status === 'missed' ? icon('triangle-alert', { size: 'sm' }) : el('span', { class: 'board-clock-dot', 'aria-hidden': 'true' }),
    el('span', { class: 'board-clock-text', 'aria-hidden': 'true' }, text),
    compact && el('span', { class: 'board-clock-short', 'aria-hidden': 'true' }, short),
    el('span', { class: 'sr-only' }, sentence));
}

// Fills every slot under `root` from `entries` (userId → entry of /api/v1/clock/active); empties
// the slots of people not clocked in.
export function paintClock(root, entries, place) {
  for (const slot of root.querySelectorAll('[data-clock-user]')) {
    const entry = entries.get(slot.dataset.clockUser);
    slot.replaceChildren(...(entry ? [clockMark(entry, { compact: slot.hasAttribute('data-compact'), place })] : []));
  }
}
