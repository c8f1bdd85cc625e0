// The board's one place for week math. Dates are the API's calendar days ("yyyy-MM-dd") and times
// its wall-clock times ("HH:mm", local to the schedule's location); both are handled as strings
// and counted in days and minutes, so no time zone of this device moves a shift. The calendar
// itself (local midnight, adding days, a week's first day) comes from rota-common.js, shared with
// the other rota pages.
import { formatDate } from '../format.js';
import { hm } from '../hours.js';
import { lang } from '../i18n.js';
import { addDays as addDaysTo, fromIso, isoDate, weekStart } from '../rota-common.js';

export const DAYS_IN_WEEK = 7;
const MINUTES_IN_DAY = 24 * 60;

export const isIsoDate = (text) => /^\d{4}-\d{2}-\d{2}$/.test(text || '') && isoDate(fromIso(text)) === text;

export const todayIso = () => isoDate(new Date());
export const addDays = (iso, n) => isoDate(addDaysTo(fromIso(iso), n));
export const dayOfWeek = (iso) => fromIso(iso).getDay();

// The first day of the week holding `iso`, the week starting on `startsOn` (0 = Sunday).
export const weekOf = (iso, startsOn) => isoDate(weekStart(fromIso(iso), startsOn));

// The week's seven days, first to last.
export const weekDays = (start) => Array.from({ length: DAYS_IN_WEEK }, (_, i) => addDays(start, i));

export const weekEnd = (start) => addDays(start, DAYS_IN_WEEK - 1);

// Whole days from `a` to `b` (negative when `b` comes first); rounded, as a clock change makes a
// day 23 or 25 hours long.
export const daysBetween = (a, b) => Math.round((fromIso(b) - fromIso(a)) / 86_400_000);

// ---- times of day --------------------------------------------------------------------------------

export function minutesOf(time) {
  const [h, m] = String(time || '').split(':').map(Number);
  return Number.isInteger(h) && Number.isInteger(m) ? h * 60 + m : null;
}

export const clockTime = (minutes) => {
  const m = ((minutes % MINUTES_IN_DAY) + MINUTES_IN_DAY) % MINUTES_IN_DAY;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

// How long start → end lasts; an end at or before the start is on the next day (the API's rule).
export function spanMinutes(start, end) {
  const a = minutesOf(start);
  const b = minutesOf(end);
  if (a === null || b === null) return 0;
  return b > a ? b - a : b + MINUTES_IN_DAY - a;
}

export const endsNextDay = (start, end) => minutesOf(end) !== null && minutesOf(end) <= minutesOf(start);

// Two shifts of one day overlap when their minute ranges do (an overnight one runs past 24:00).
export function overlaps(a, b) {
  const aStart = minutesOf(a.startTime);
  const bStart = minutesOf(b.startTime);
  return aStart < bStart + spanMinutes(b.startTime, b.endTime) && bStart < aStart + spanMinutes(a.startTime, a.endTime);
}

// ---- as people read them ------------------------------------------------------------------------

const weekdayShort = new Intl.DateTimeFormat(lang, { weekday: 'short' });
const weekdayLong = new Intl.DateTimeFormat(lang, { weekday: 'long' });

export const dayShortName = (iso) => weekdayShort.format(fromIso(iso));
export const dayLongName = (iso) => weekdayLong.format(fromIso(iso));
export const dayNumber = (iso) => fromIso(iso).getDate();

// "07-12-2026" in the workplace's date format.
export const dateText = (iso) => formatDate(fromIso(iso));

// "Mon 07-12-2026".
export const dayText = (iso) => `${dayShortName(iso)} ${dateText(iso)}`;

// "07-12-2026 – 13-12-2026".
export const weekText = (start) => `${dateText(start)} – ${dateText(weekEnd(start))}`;

// "09:00–17:00" in the workplace's time format.
export const timeText = (time) => hm(time);
export const rangeText = (start, end) => `${hm(start)}–${hm(end)}`;
