// A manager plans a week: a job made on the Jobs page, a schedule for the two members made in the
// lobby, then on the board (next week, so every shift lies ahead) three shifts and an open shift
// added by clicking empty cells, one shift dragged to another day, two made to overlap (the
// conflict shows on the block with its reason), and the week published. Screenshots of the week
// on a desktop and of a day on a phone.
// Used by scheduling.mjs; `people` = {password, owner, manager, members: [{email, name}, …]} of a
// workplace with no jobs and no schedules yet.
import { base, check, checkProblems, newPage, noOverflow, screenshot, signIn, text } from './lib.mjs';

const JOB = { name: 'Stylist', colour: '#14958a' };
const SCHEDULE = 'Salon floor';

const isShiftWrite = (method) => (response) => response.request().method() === method
  && /\/api\/v1\/schedules\/[^/]+\/shifts(\/[^/?]+)?$/.test(new URL(response.url()).pathname);

const cell = (page, userId, date) =>
  page.locator(`[data-testid="board-cell"][data-user="${userId}"][data-date="${date}"]`);
const block = (page, shiftId) => page.locator(`[data-testid="shift-block"][data-shift-id="${shiftId}"]`);

// The board has read the week again after a change: nothing on its way any more.
const settled = (page) => page.waitForFunction(() => !document.querySelector('[data-testid="board"]')?.hasAttribute('aria-busy'));

// The board has drawn the week whose first day is `first`, with nothing on its way.
async function boardShows(page, first) {
  await page.locator(`[data-testid="board-day"][data-date="${first}"]`).waitFor();
  await settled(page);
}

// Saves the open editor; answers the shift the server stored. A shift with conflicts keeps the
// editor open to show them: `keepOpen` leaves it so, else it is closed.
async function saveEditor(page, { method, keepOpen = false }) {
  const editor = page.getByTestId('shift-editor');
  const [response] = await Promise.all([page.waitForResponse(isShiftWrite(method)), editor.getByTestId('editor-save').click()]);
  check(response.ok(), `shift ${method}: ${response.status()} ${await response.text()}`);
  const shift = (await response.json()).data;
  if (shift.conflicts.length) {
    await editor.getByTestId('editor-saved').waitFor();
    if (!keepOpen) await editor.getByTestId('editor-cancel').click();
  }
  if (!keepOpen || !shift.conflicts.length) await editor.waitFor({ state: 'detached' });
  return shift;
}

// Clicks the empty cell of `userId` (null: the open shifts row) on `date`, fills the editor.
async function addShift(page, { userId, date, start, end, slots }) {
  const target = cell(page, userId || '', date);
  check((await target.getByTestId('shift-block').count()) === 0, `the cell of ${date} is empty`);
  await target.click();
  const editor = page.getByTestId('shift-editor');
  await editor.waitFor();
  check((await editor.getByTestId('editor-person').inputValue()) === (userId || ''), 'the editor starts with the cell\'s person');
  check((await editor.getByTestId('editor-date').inputValue()) === date, 'and the cell\'s day');
  await editor.getByTestId('editor-job').filter({ hasText: JOB.name }).click();
  await editor.getByTestId('editor-start').selectOption(start);
  await editor.getByTestId('editor-end').selectOption(end);
  if (slots) await editor.getByTestId('editor-slots').fill(String(slots));
  const shift = await saveEditor(page, { method: 'POST' });
  await settled(page);
  await cell(page, userId || '', date).locator(`[data-shift-id="${shift.id}"]`).waitFor();
  return shift;
}

async function makeJob(page) {
  await page.goto(`${base}/jobs`);
  await page.getByTestId('job-new').click();
  await page.getByLabel('Name', { exact: true }).fill(JOB.name);
  await page.getByLabel('Colour', { exact: true }).fill(JOB.colour);
  await page.getByTestId('job-save').click();
  await page.getByTestId('job-row').filter({ hasText: JOB.name }).waitFor();
}

async function makeSchedule(page, members) {
  await page.getByTestId('nav-schedules').click();
  await page.getByTestId('schedules-empty').waitFor();
  await page.getByTestId('schedule-new').click();
  const dialog = page.getByTestId('schedule-dialog');
  await dialog.getByLabel('Name', { exact: true }).fill(SCHEDULE);
  for (const member of members) {
    await dialog.getByTestId('assignee-person').filter({ hasText: member.name }).locator('input').check();
  }
  check((await text(page, 'assignee-count')) === `${members.length} people on this schedule`, 'the people counted');
  await dialog.getByTestId('dialog-submit').click();
  await page.getByTestId('board-grid').waitFor();
  check((await text(page, 'page-title')) === SCHEDULE, 'the board of the new schedule');
  return new URL(page.url()).searchParams.get('id');
}

export async function managerFlow(browser, people) {
  const page = await newPage(browser);
  await signIn(page, people.manager.email, people.password);
  await makeJob(page);
  const scheduleId = await makeSchedule(page, people.members);

  // ---- next week: every shift in it lies ahead, whatever the server's clock says ----
  await page.getByTestId('board-empty').waitFor();
  const firstShown = await page.getByTestId('board-day').first().getAttribute('data-date');
  await page.getByTestId('board-next').click();
  await page.waitForFunction((before) => document.querySelector('[data-testid="board-day"]').dataset.date !== before, firstShown);
  const days = await page.getByTestId('board-day').evaluateAll((heads) => heads.map((h) => h.dataset.date));
  check(days.length === 7, `seven days: ${days}`);
  const weekStart = days[0];
  await boardShows(page, weekStart);
  check(new URL(page.url()).searchParams.get('week') === weekStart, 'the week is in the address');
  const [first, second] = await Promise.all(people.members.slice(0, 2).map((m) =>
    page.getByTestId('board-person').filter({ hasText: m.name }).getAttribute('data-user')));
  check(first && second, 'both members have a row');

  // ---- three shifts and an open one, each by clicking an empty cell ----
  const early = await addShift(page, { userId: first, date: days[0], start: '09:00', end: '13:00' });
  const late = await addShift(page, { userId: first, date: days[2], start: '12:00', end: '17:00' });
  await addShift(page, { userId: second, date: days[1], start: '10:00', end: '16:00' });
  const open = await addShift(page, { userId: null, date: days[4], start: '10:00', end: '14:00', slots: 1 });
  check(!open.assignedUserId && open.slots === 1, 'an open shift with one place');
  check((await block(page, open.id).getByTestId('shift-slots').textContent()) === '1 slot', 'its free place shown');
  check((await block(page, early.id).getAttribute('data-status')) === 'pending', 'a new shift is a draft');
  await block(page, early.id).getByTestId('shift-draft-tag').waitFor();
  check((await page.getByTestId('board-publish').getAttribute('data-count')) === '4', 'four changes to publish');
  const hoursOf = (name) => page.getByTestId('board-person').filter({ hasText: name }).getByTestId('person-hours').textContent();
  check((await hoursOf(people.members[0].name)) === '9 h', `the first member's week: ${await hoursOf(people.members[0].name)}`);
  check((await hoursOf(people.members[1].name)) === '6 h', 'the second member\'s week');

  // ---- drag the first member's afternoon to the next day ----
  const [moved] = await Promise.all([page.waitForResponse(isShiftWrite('PATCH')),
    block(page, late.id).dragTo(cell(page, first, days[3]), { targetPosition: { x: 30, y: 40 } })]);
  check(moved.ok(), `drag saved: ${moved.status()}`);
  check((await moved.json()).data.shiftDate === days[3], 'the server has the new day');
  await boardShows(page, weekStart);
  await cell(page, first, days[3]).locator(`[data-shift-id="${late.id}"]`).waitFor();
  check((await cell(page, first, days[2]).getByTestId('shift-block').count()) === 0, 'the old day is empty');

  // ---- move the morning onto the same day in the editor: the two overlap ----
  await block(page, early.id).click();
  const editor = page.getByTestId('shift-editor');
  await editor.waitFor();
  check((await editor.getByTestId('editor-state').textContent()) === 'Draft', 'the editor says draft');
  await editor.getByTestId('editor-date').selectOption(days[3]);
  const overlapping = await saveEditor(page, { method: 'PATCH', keepOpen: true });
  const overlap = overlapping.conflicts.find((c) => c.code === 'overlap');
  check(overlap, `an overlap reported: ${JSON.stringify(overlapping.conflicts)}`);
  await editor.locator('[data-testid="editor-conflict"][data-code="overlap"]').waitFor();
  check((await editor.getByTestId('editor-conflicts').textContent()).includes(overlap.message), 'the editor gives the reason');
  await editor.getByTestId('editor-cancel').click();
  await editor.waitFor({ state: 'detached' });
  await boardShows(page, weekStart);
  const warned = block(page, early.id);
  await warned.getByTestId('shift-conflict-marker').waitFor();
  check(Number(await warned.getAttribute('data-conflicts')) >= 1, 'the block counts its conflict');
  check((await warned.getAttribute('aria-label')).includes(overlap.message), 'the block\'s label gives the reason');
  await warned.hover();
  const tip = page.getByTestId('board-tooltip');
  await tip.waitFor();
  check((await tip.textContent()).includes(overlap.message), 'the tooltip gives the reason');
  check(Number(await block(page, late.id).getAttribute('data-conflicts')) >= 1, 'the other shift is marked too');
  await page.mouse.move(0, 0);
  await screenshot(page, 'board-week-conflict');

  // ---- publish: nothing left waiting ----
  await page.getByTestId('board-publish').click();
  const confirm = page.getByTestId('publish-dialog');
  await confirm.waitFor();
  const [published] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/schedules/${scheduleId}/publish`)),
    confirm.getByTestId('dialog-submit').click()]);
  check(published.ok() && (await published.json()).data.published === 4, 'four shifts published');
  await page.locator('[data-testid="board-publish"][data-count="0"]').waitFor();
  await boardShows(page, weekStart);
  check((await page.locator('[data-testid="shift-block"][data-status="pending"]').count()) === 0, 'no drafts left');
  check((await page.getByTestId('shift-draft-tag').count()) === 0, 'no draft tags left');
  await screenshot(page, 'board-week');
  checkProblems(page);

  // ---- a phone: one day at a time ----
  const phone = await newPage(browser, { mobile: true });
  await signIn(phone, people.manager.email, people.password);
  await phone.goto(`${base}/schedules/board?id=${encodeURIComponent(scheduleId)}&week=${weekStart}`);
  await phone.getByTestId('day-view').waitFor();
  await phone.locator(`[data-testid="day-tab"][data-date="${days[3]}"]`).click();
  await phone.locator(`[data-testid="day-view"][data-date="${days[3]}"]`).waitFor();
  check((await phone.getByTestId('shift-block').count()) === 2, 'the day\'s two shifts');
  check(await noOverflow(phone), 'the day view fits the phone');
  await phone.getByTestId('board-fab').waitFor();
  await screenshot(phone, 'board-day-phone');
  checkProblems(phone);
  await phone.context().close();
  await page.context().close();

  return { scheduleId, scheduleName: SCHEDULE, weekStart, openShiftDate: days[4] };
}
