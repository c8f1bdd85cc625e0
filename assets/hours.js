// Opening hours as people read them: the week Monday first, a one-line summary ("Open 6 days ·
// closed on Sunday"), the week grouped for a card ("Mon – Wed 09:00 – 18:00"), and whether a
// location is open right now in its own time zone. Hours come from the API as
// [{dayOfWeek 0 = Sunday … 6, openTime "HH:mm" | null, closeTime, isClosed}].
import { formatTime } from './format.js';
import { lang, t } from './i18n.js';

// Shown Monday first; the API counts days from Sunday = 0.
export const WEEK = [1, 2, 3, 4, 5, 6, 0];

// Every IANA zone this browser knows, with `current` in it even when the browser does not list it.
export function timeZones(current) {
  const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return current && !list.includes(current) ? [current, ...list] : list;
}

// 3 January 2027 was a Sunday: day n of the API's week is the 3rd + n.
const sample = (day) => new Date(2027, 0, 3 + day);
export const dayShort = (day) => new Intl.DateTimeFormat(lang, { weekday: 'short' }).format(sample(day));
export const dayName = (day) => t(`day.${day}`);

// "09:00" in the workplace's time format ("9:00 AM").
export function hm(value) {
  const [h, m] = String(value || '').split(':').map(Number);
  return Number.isInteger(h) && Number.isInteger(m) ? formatTime(new Date(2027, 0, 4, h, m)) : '–';
}

// The day's entry; a day the API does not list counts as closed.
export function dayHours(hours, day) {
  const h = (hours || []).find((x) => x.dayOfWeek === day);
  return h && !h.isClosed && h.openTime && h.closeTime ? h : null;
}

const list = (names) => (names.length < 2 ? names.join('')
  : new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(names));

// Runs of neighbouring days, Monday first: "Mon – Fri", "Mon, Wed – Fri".
function runs(days) {
  const groups = [];
  for (const d of WEEK.filter((x) => days.includes(x))) {
    const last = groups.at(-1);
    if (last && WEEK.indexOf(last.at(-1)) === WEEK.indexOf(d) - 1) last.push(d);
    else groups.push([d]);
  }
  return groups.map((g) => (g.length === 1 ? dayShort(g[0]) : g.length === 2 ? `${dayShort(g[0])}, ${dayShort(g[1])}`
    : `${dayShort(g[0])} – ${dayShort(g.at(-1))}`)).join(', ');
}

// "Open 6 days · closed on Sunday"; "Open every day"; for a short week the open days themselves
// ("Open 2 days · Mon, Sat"); null when no day is open.
export function hoursSummary(hours) {
  const open = WEEK.filter((d) => dayHours(hours, d));
  if (open.length === 0) return null;
  if (open.length === 7) return t('hours.everyDay');
  const count = t(open.length === 1 ? 'hours.openDays.one' : 'hours.openDays.other', { n: open.length });
  const closed = WEEK.filter((d) => !open.includes(d));
  if (closed.length <= 2) return `${count} · ${t('hours.closedOn', { days: list(closed.map(dayName)) })}`;
  return `${count} · ${runs(open)}`;
}

// What the clock says in `zone` now: {day 0–6, time "HH:mm"}.
export function nowIn(zone, now = new Date()) {
  let parts;
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone: zone || undefined, weekday: 'short', hour: '2-digit',
      minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  } catch {
    parts = new Intl.DateTimeFormat('en-US', { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(now);
  }
  const get = (type) => parts.find((p) => p.type === type)?.value;
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { day, time: `${get('hour').padStart(2, '0')}:${get('minute')}` };
}

export function openNow(hours, zone, now = new Date()) {
  const { day, time } = nowIn(zone, now);
  const h = dayHours(hours, day);
  return Boolean(h && h.openTime <= time && time < h.closeTime);
}

// The week in rows for a card, Monday first: neighbouring days with the same hours share a row,
// except `today`, which stands alone. [{days: [d…], label, hours: "09:00 – 18:00" | null, today}]
export function weekRows(hours, today) {
  const key = (d) => {
    const h = dayHours(hours, d);
    return h ? `${h.openTime}-${h.closeTime}` : 'closed';
  };
  const rows = [];
  for (const d of WEEK) {
    const last = rows.at(-1);
    if (last && !last.today && d !== today && key(last.days.at(-1)) === key(d)) last.days.push(d);
    else rows.push({ days: [d], today: d === today });
  }
  return rows.map((row) => {
    const h = dayHours(hours, row.days[0]);
    const first = row.days[0];
    const last = row.days.at(-1);
    const label = row.days.length === 1 ? dayName(first) : row.days.length === 2
      ? `${dayShort(first)}, ${dayShort(last)}` : `${dayShort(first)} – ${dayShort(last)}`;
    return { ...row, label, hours: h ? `${hm(h.openTime)} – ${hm(h.closeTime)}` : null };
  });
}
