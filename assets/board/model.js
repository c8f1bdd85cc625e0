// What the board shows for a week, worked out once from the loaded data and shared by the week
// grid, the phone's day view and the toolbar: the rows (people), the days (opening hours,
// closures, hours and cost), the shifts by cell, and the counts (changes to publish, conflicts,
// people over their hours).
import { dayHours } from '../hours.js';
import { lang, t } from '../i18n.js';
import { minorDigits } from '../rota-common.js';
import { addDays, dayOfWeek, minutesOf, weekDays } from './week.js';

export const OPEN_ROW = 'open';
export const cellKey = (userId, date) => `${userId || OPEN_ROW}|${date}`;

// A change members do not see yet: a draft, or a published shift changed since.
export const isPending = (shift) => shift.status === 'draft' || shift.hasUnpublishedChanges;

const byStart = (a, b) => minutesOf(a.startTime) - minutesOf(b.startTime) || a.id.localeCompare(b.id);

// The rate a shift is paid at, as the server counts labour (src/schedules/labor.rs): the member's
// rate for the job, else their hourly rate, else the job's rate. Only planners get rates, so
// only they see costs.
function rateOf(shift, member, job) {
  return (shift.jobId && member?.jobRates?.[shift.jobId]) ?? member?.hourlyRate ?? job?.hourlyRate ?? 0;
}

// Minor units, rounded to the nearest one per shift like the server does.
const shiftCost = (shift, member, job) => Math.floor((shift.durationMinutes * rateOf(shift, member, job) + 30) / 60);

function closureOn(location, date) {
  return (location?.closures || []).find((c) => c.from <= date && date <= c.to) || null;
}

function dayInfo(date, location, today) {
  const closure = closureOn(location, date);
  const hours = location ? dayHours(location.openingHours, dayOfWeek(date)) : null;
  // A location without opening hours at all is not "closed every day": it just has no hours.
  const knowsHours = (location?.openingHours || []).length > 0;
  return {
    date,
    isToday: date === today,
    closure,
    closed: Boolean(closure) || (knowsHours && !hours),
    hours,
    minutes: 0,
    cost: 0,
    shifts: 0,
  };
}

// `data`: {weekStart, today, schedule, workplace, shifts, labor, unavailable, timeOff, jobFilter}.
export function weekModel(data) {
  const { schedule, workplace, shifts, labor, unavailable, jobFilter } = data;
  const location = workplace.locations.get(schedule.locationId) || null;
  const days = weekDays(data.weekStart).map((date) => dayInfo(date, location, data.today));
  const dayIndex = new Map(days.map((d, i) => [d.date, i]));
  const cells = new Map();
  const people = new Map();
  const person = (id) => {
    if (!people.has(id)) {
      const member = workplace.members.get(id) || null;
      people.set(id, { id, member, name: member?.name || t('board.formerMember'), minutes: 0,
        max: member?.maxHoursPerWeek ?? null, shifts: 0 });
    }
    return people.get(id);
  };
  for (const id of schedule.assigneeUserIdsExpanded || []) person(id);
  for (const entry of labor?.people || []) {
    if (entry.maxHoursPerWeek != null) person(entry.userId).max = entry.maxHoursPerWeek;
  }

  const counts = { pending: 0, conflicts: 0, open: 0, openSlots: 0, shifts: 0 };
  for (const shift of shifts) {
    const day = days[dayIndex.get(shift.shiftDate)];
    if (!day) continue;
    counts.shifts += 1;
    if (isPending(shift)) counts.pending += 1;
    if (shift.conflicts.length) counts.conflicts += 1;
    if (shift.assignedUserId) {
      const who = person(shift.assignedUserId);
      who.minutes += shift.durationMinutes;
      who.shifts += 1;
      day.minutes += shift.durationMinutes;
      day.cost += shiftCost(shift, who.member, workplace.jobs.get(shift.jobId));
      day.shifts += 1;
    } else {
      counts.open += 1;
      counts.openSlots += Math.max(0, shift.slots - shift.claimed);
    }
    if (jobFilter && shift.jobId !== jobFilter) continue;
    const key = cellKey(shift.assignedUserId, shift.shiftDate);
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key).push(shift);
  }
  for (const list of cells.values()) list.sort(byStart);

  const away = new Map();
  for (const entry of unavailable) {
    const key = cellKey(entry.userId, entry.unavailabilityDate);
    if (!away.has(key)) away.set(key, []);
    away.get(key).push(entry);
  }
  // Approved time off shades each of its days like unavailability, marked `timeOff` (its kind).
  const first = days[0].date;
  const last = days.at(-1).date;
  for (const entry of data.timeOff || []) {
    const end = entry.endDate || entry.startDate;
    for (let date = entry.startDate > first ? entry.startDate : first; date <= end && date <= last; date = addDays(date, 1)) {
      const key = cellKey(entry.userId, date);
      if (!away.has(key)) away.set(key, []);
      away.get(key).push({ id: entry.id, userId: entry.userId, timeOff: entry.kind, allDay: !entry.startTime,
        startTime: entry.startTime, endTime: entry.endTime, note: null });
    }
  }

  const rows = [...people.values()].sort((a, b) => a.name.localeCompare(b.name, lang));
  for (const row of rows) row.over = row.max !== null && row.minutes > row.max * 60;
  return {
    weekStart: data.weekStart,
    location,
    days,
    rows,
    people,
    cells,
    away,
    shiftsOf: (userId, date) => cells.get(cellKey(userId, date)) || [],
    awayOf: (userId, date) => away.get(cellKey(userId, date)) || [],
    shiftById: new Map(shifts.map((s) => [s.id, s])),
    counts: { ...counts, over: rows.filter((r) => r.over).length },
    totals: {
      minutes: labor?.totalMinutes ?? days.reduce((sum, d) => sum + d.minutes, 0),
      // Without any rates the cost is nought everywhere: then it is left out rather than shown as €0.
      cost: labor?.totalCost || null,
      openMinutes: labor?.openMinutes ?? 0,
      currency: labor?.currency || workplace.settings.currency,
    },
  };
}

// "Time off (Vacation)" or "Unavailable": what shades a cell.
export const awayLabel = (entry) => (entry.timeOff
  ? `${t('board.timeOff')} (${t(`timeoff.kind.${entry.timeOff}`)})` : t('board.unavailable'));

// ---- numbers as people read them ----------------------------------------------------------------

const hoursNumber = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });

// "37.5 h".
export const hoursText = (minutes) => t('board.hours', { n: hoursNumber.format(minutes / 60) });

// "24 h / 32": worked against the most someone may work.
export const hoursOfMax = (minutes, max) => (max === null ? hoursText(minutes)
  : t('board.hoursOfMax', { n: hoursNumber.format(minutes / 60), max: hoursNumber.format(max) }));

// "€690" for the day headers: whole units, no cents.
export function moneyShort(minor, currency) {
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency, maximumFractionDigits: 0 })
      .format(minor / 10 ** minorDigits(currency));
  } catch {
    return `${Math.round(minor / 10 ** minorDigits(currency))} ${currency}`;
  }
}
