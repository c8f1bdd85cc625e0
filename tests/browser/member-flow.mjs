// A member's week on a phone, after the manager published it: the first member signs in, opens
// My shifts and sees their published shifts only (the page shows what GET /api/v1/me/shifts
// answers, and none of the manager's drafts), says when they cannot work (every week, in the
// evening), claims the open shift with a free place and then finds it among their shifts.
// Screenshot: my-shifts-phone.
//   import { memberFlow } from './member-flow.mjs';
//   await memberFlow(browser, people, { scheduleName });
// people = {password, owner: {email, name}, manager: {email, name}, members: [{email, name}, …]}.
// Or on its own: node member-flow.mjs BASE_URL PEOPLE_JSON SCHEDULE_NAME
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { base, check, checkProblems, launch, newPage, noOverflow, screenshot, signIn } from './lib.mjs';

const WEEKS = 5; // My shifts reads this week and the four after it

// The API as `email`: call(path, {method, body}) → data; throws with the answer on a refusal.
export async function apiAs(email, password) {
  const call = async (path, { method = 'GET', body, token } = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await response.json().catch(() => null);
    if (!answer?.success) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer.data;
  };
  const { accessToken } = await call('/api/v1/auth/login', { method: 'POST', body: { email, password, mobile: true } });
  return (path, options = {}) => call(path, { ...options, token: accessToken });
}

// PEOPLE_JSON on the command line: the JSON itself, or the path of a file holding it.
export const readPeople = (arg) => JSON.parse(arg.trim().startsWith('{') ? arg : readFileSync(arg, 'utf8'));

const pad = (n) => String(n).padStart(2, '0');
export const isoDate = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
export const addDays = (d, n) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);

// The first day of this week in the browser's days (the test runs where the browser runs).
function thisWeekStart(startsOn) {
  const now = new Date();
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  return addDays(day, -((day.getDay() - startsOn + 7) % 7));
}

const shownIds = (page, testId) => page.getByTestId(testId).evaluateAll((nodes) => nodes.map((n) => n.dataset.id));

export async function memberFlow(browser, people, { scheduleName }) {
  const member = people.members[0];
  const asMember = await apiAs(member.email, people.password);
  const asManager = await apiAs(people.manager.email, people.password);
  const settings = await asMember('/api/v1/org-settings');
  const start = thisWeekStart(Number(settings['schedule.week_starts_on'] ?? 1));
  const range = new URLSearchParams({ from: isoDate(start), to: isoDate(addDays(start, WEEKS * 7 - 1)) });
  const schedule = (await asManager('/api/v1/schedules?limit=100')).items.find((s) => s.name === scheduleName);
  check(schedule, `the schedule ${scheduleName} exists`);

  const page = await newPage(browser, { mobile: true });
  try {
    await signIn(page, member.email, people.password);
    await page.getByTestId('nav-my-shifts').click();
    await page.getByTestId('my-shifts-page').waitFor();
    await page.getByTestId('my-week').waitFor();
    await page.getByTestId('unavailability').waitFor();

    // ---- only published shifts, the same the API gives the member ----
    const mine = await asMember(`/api/v1/me/shifts?${range}`);
    check(mine.items.every((s) => s.status === 'published'), 'the API gives a member published shifts only');
    const upcoming = mine.items.filter((s) => new Date(s.endsAt) > new Date()).map((s) => s.id);
    check(upcoming.length > 0, 'the manager published shifts for the member');
    const shown = await shownIds(page, 'my-shift');
    check(shown.length === upcoming.length && upcoming.every((id) => shown.includes(id)),
      `the page shows the member's ${upcoming.length} shifts: ${shown.length}`);
    const statuses = await page.getByTestId('my-shift').evaluateAll((nodes) => nodes.map((n) => n.dataset.status));
    check(statuses.every((s) => s === 'published'), `every shown shift is published: ${statuses}`);
    const planned = await asManager(`/api/v1/schedules/${schedule.id}/shifts?${range}`);
    const me = (await asMember('/api/v1/auth/me')).user.id;
    const drafts = planned.items.filter((s) => s.assignedUserId === me && s.status === 'draft').map((s) => s.id);
    check(drafts.every((id) => !shown.includes(id)), 'no draft of the manager is shown');
    check(!/\bdraft\b/i.test(await page.getByTestId('my-shifts-page').textContent()), 'nothing on the page says draft');

    // ---- every week, one evening: a repeated unavailability, on a day of next week without shifts ----
    const nextWeek = Array.from({ length: 7 }, (_, i) => addDays(start, 7 + 6 - i));
    const day = nextWeek.find((d) => !planned.items.some((s) => s.shiftDate === isoDate(d))) || nextWeek[0];
    await page.getByTestId('unavailability-add').click();
    await page.getByTestId('unavailability-date').fill(isoDate(day));
    await page.getByTestId('unavailability-all-day').uncheck();
    await page.getByTestId('unavailability-from').fill('18:00');
    await page.getByTestId('unavailability-to').fill('21:00');
    await page.getByTestId('unavailability-note').fill('Evening class');
    await page.getByTestId('unavailability-repeat-weekly').check();
    await page.getByTestId('unavailability-until').fill(isoDate(addDays(day, 28)));
    await page.getByTestId('unavailability-save').click();
    const series = page.locator('[data-testid="unavailability-item"][data-series="true"]');
    await series.waitFor();
    check((await series.getByTestId('unavailability-repeat').textContent()).startsWith('Every '), 'said to repeat weekly');
    const away = await asMember(`/api/v1/schedules/${schedule.id}/unavailabilities?${new URLSearchParams({
      from: isoDate(day), to: isoDate(addDays(day, 28)) })}`);
    const entries = away.items.filter((u) => u.userId === me && u.note === 'Evening class');
    check(entries.length === 5 && new Set(entries.map((u) => u.seriesId)).size === 1, `five weekly entries in one series: ${entries.length}`);

    // ---- the open shift: claimed, then among the member's shifts ----
    const open = page.getByTestId('open-shift').first();
    await open.waitFor();
    const openId = await open.getAttribute('data-id');
    const openShift = planned.items.find((s) => s.id === openId);
    check(openShift?.isOpenShift, 'an open shift of the schedule is offered');
    // Refused (here faked, as when the shift filled up meanwhile): the reasons beside the shift.
    const refusal = { success: false, error: { code: 'conflict', message: 'You cannot take this shift.',
      conflicts: [{ code: 'overlap', message: 'Overlaps another shift of yours.' }] } };
    await page.route('**/claim', (route) => route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify(refusal) }));
    await open.getByTestId('claim-shift').click();
    await open.getByTestId('claim-error').waitFor();
    const reasons = await open.getByTestId('claim-error').textContent();
    check(reasons.includes('You cannot take this shift.') && reasons.includes('Overlaps another shift of yours.'),
      `the refusal and its conflicts shown: ${reasons}`);
    await page.unroute('**/claim');
    await open.getByTestId('claim-shift').click();
    await page.getByTestId('my-shifts-notice').waitFor();
    if (schedule.claimNeedsApproval) {
      await open.getByTestId('claim-requested').waitFor();
    } else {
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="my-shift"]').length === n, upcoming.length + 1);
      const claimed = page.locator(`[data-testid="my-shift"][data-date="${openShift.shiftDate}"]`);
      check(await claimed.count() >= 1, 'the claimed shift is among the member\'s shifts');
      const after = await asMember(`/api/v1/me/shifts?${range}`);
      check(after.items.some((s) => s.shiftDate === openShift.shiftDate && s.startTime === openShift.startTime),
        'the API has the claimed shift too');
      check(!(await shownIds(page, 'open-shift')).includes(openId), 'the claimed open shift is no longer offered to them');
    }
    // The picture from the top, without the toast or a focus ring.
    for (const close of await page.locator('.toast-close').all()) await close.click();
    await page.evaluate(() => {
      document.activeElement?.blur();
      window.scrollTo(0, 0);
    });
    check(await noOverflow(page), 'My shifts fits a phone');
    await screenshot(page, 'my-shifts-phone');
    checkProblems(page, { 409: 1 }); // the faked refusal
  } finally {
    await page.context().close();
  }
}

// On its own: node member-flow.mjs BASE_URL PEOPLE_JSON SCHEDULE_NAME
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [people, scheduleName] = process.argv.slice(3);
  if (!people || !scheduleName) throw new Error('usage: node member-flow.mjs BASE_URL PEOPLE_JSON SCHEDULE_NAME');
  const browser = await launch();
  try {
    await memberFlow(browser, readPeople(people), { scheduleName });
    console.log('member flow ok');
  } finally {
    await browser.close();
  }
}
