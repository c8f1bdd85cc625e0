// Every request of the schedule lobby and the board, in one place: the workplace around a
// schedule (people, jobs, locations, settings), a week of shifts with their labour and the
// team's unavailability, who is clocked in now, and the writes (shifts, publishing, copying
// weeks, templates).
import { authedApi } from '../auth.js';
import { allJobs, allLocations, allMembers, allSchedules, byId, organizationId, rotaSettings } from '../rota-common.js';

const schedulePath = (id, rest = '') => `/api/v1/schedules/${encodeURIComponent(id)}${rest}`;
const send = (method, path, body) => authedApi(path, { method, body });

// ---- the workplace ------------------------------------------------------------------------------

// People, jobs and locations by id, the settings, and the organization they belong to.
export async function loadWorkplace() {
  const org = await organizationId();
  const [settings, members, jobs, locations] = await Promise.all([
    rotaSettings(),
    org ? allMembers(org) : [],
    allJobs(),
    org ? allLocations(org) : [],
  ]);
  return { org, settings, members: byId(members), jobs: byId(jobs), locations: byId(locations), locationList: locations };
}

// ---- schedules ------------------------------------------------------------------------------------

export const listSchedules = allSchedules;
export const getSchedule = (id) => authedApi(schedulePath(id));
// The server keeps `detailsConfig` for clients; the board stores nothing in it yet.
export const createSchedule = (body) => send('POST', '/api/v1/schedules', { detailsConfig: {}, ...body });
export const updateSchedule = (id, body) => send('PATCH', schedulePath(id), body);
export const deleteSchedule = (id) => send('DELETE', schedulePath(id));
export const listSmartGroups = () => authedApi('/api/v1/smart-groups');

// ---- a week -------------------------------------------------------------------------------------------

// The shifts of `from..=to` (with labour for planners), the unavailability of the same days and,
// for holders of `clock.manage` (`timeOff`), the approved time off touching them.
export async function loadWeek(scheduleId, from, to, { labor, timeOff = false }) {
  const range = new URLSearchParams({ from, to });
  const shiftQuery = new URLSearchParams(range);
  if (labor) shiftQuery.set('include', 'labor');
  const [shifts, unavailable, away] = await Promise.all([
    authedApi(schedulePath(scheduleId, `/shifts?${shiftQuery}`)),
    authedApi(schedulePath(scheduleId, `/unavailabilities?${range}`)),
    timeOff ? approvedTimeOff(from, to) : [],
  ]);
  return { shifts: shifts.items, labor: shifts.labor || null, unavailable: unavailable.items, timeOff: away };
}

// Approved time off touching `from..=to`; refused (403: no `clock.manage` after all), none.
export async function approvedTimeOff(from, to) {
  try {
    const query = new URLSearchParams({ status: 'approved', from, to, limit: '100' });
    return (await authedApi(`/api/v1/time-off?${query}`)).items;
  } catch (e) {
    if (e.status === 403) return [];
    throw e;
  }
}

// ---- the time clock ------------------------------------------------------------------------------

// Who is clocked in now, for holders of `clock.manage`: [{userId, status ('in' | 'onBreak'), clockInAt,
// onBreakSince, locationId, missedClockOut, …}].
export const clockedIn = async () => (await authedApi('/api/v1/clock/active')).items;

// ---- shifts ----------------------------------------------------------------------------------------------

export const createShift = (scheduleId, body) => send('POST', schedulePath(scheduleId, '/shifts'), body);
export const updateShift = (scheduleId, shift, changes) =>
  send('PATCH', schedulePath(scheduleId, `/shifts/${encodeURIComponent(shift.id)}`), { ...changes, version: shift.version });
export const deleteShift = (scheduleId, shift) =>
  send('DELETE', schedulePath(scheduleId, `/shifts/${encodeURIComponent(shift.id)}`));

// What a copy of `shift` on another person or day is made of.
export function copyOf(shift, { assignedUserId, shiftDate }) {
  const open = assignedUserId === null;
  return {
    assignedUserId,
    shiftDate,
    slots: open ? shift.slots : undefined,
    jobId: shift.jobId,
    startTime: shift.startTime,
    endTime: shift.endTime,
    breakMinutes: shift.breakMinutes,
    title: shift.title,
    instructions: shift.instructions,
  };
}

// A lost update: someone changed the shift since it was read.
export const isStale = (error) => error.status === 409 && error.code === 'conflict';

// ---- whole weeks --------------------------------------------------------------------------------------

export const publishRange = (scheduleId, from, to) => send('POST', schedulePath(scheduleId, '/publish'), { from, to });
export const copyWeek = (scheduleId, fromWeekStart, toWeekStart, replace = false) =>
  send('POST', schedulePath(scheduleId, '/copy-week'), { fromWeekStart, toWeekStart, replace });

export const listTemplates = async (scheduleId) => (await authedApi(schedulePath(scheduleId, '/templates'))).items;
export const saveTemplate = (scheduleId, name, weekStart) =>
  send('POST', schedulePath(scheduleId, '/templates'), { name, weekStart });
export const applyTemplate = (scheduleId, templateId, weekStart, replace = false) =>
  send('POST', schedulePath(scheduleId, `/templates/${encodeURIComponent(templateId)}/apply`), { weekStart, replace });
export const deleteTemplate = (scheduleId, templateId) =>
  send('DELETE', schedulePath(scheduleId, `/templates/${encodeURIComponent(templateId)}`));

// The week already holds copied shifts (copy-week, apply template): ask before replacing them.
export const holdsCopies = (error) => error.status === 409;
