// The approval inbox: Tom claims an open shift, Lisa asks for a sick day on which she works, and
// Lisa's timesheet of the week that ended waits. The manager's menu counts 3; the inbox lists the
// three with who, what and since when, the sick day with its "Scheduled to work then" conflict and
// the shift, the timesheet with its worked time. The timesheet's CSV downloads (Lisa's 3 hours);
// one click approves the timesheet (the count drops to 2, the manager's phone follows live); the
// other two are selected and approved in bulk after confirming, with a comment for the time off:
// "Nothing waiting for you", no count. A new request arrives live; someone else decides it just
// before the manager does: the card keeps the server's reason until dismissed. Members have no
// inbox. Screenshots: inbox-desktop (1280×800, the three), inbox-phone (390×844).
// usage: node inbox.mjs BASE_URL PEOPLE_JSON
import { readFile } from 'node:fs/promises';
import { base, check, checkProblems, launch, newPage, noOverflow, screenshot, signIn, text } from './lib.mjs';
import { apiAs } from './member-flow.mjs';

const people = process.argv[3] && JSON.parse(process.argv[3]);
if (!people?.manager || people.members?.length < 2) throw new Error('usage: node inbox.mjs BASE_URL PEOPLE_JSON');

const SERVER_NOW = '2026-02-10T09:00:00Z'; // tests/api/support.rs FIXED_NOW
const ZONE = 'Europe/Amsterdam';
const [lisa, tom] = people.members;
const asOwner = await apiAs(people.owner.email, people.password);
const asLisa = await apiAs(lisa.email, people.password);
const asTom = await apiAs(tom.email, people.password);
const lisaId = (await asLisa('/api/v1/auth/me')).user.id;
const tomId = (await asTom('/api/v1/auth/me')).user.id;

// Weekly pay periods from Monday 9 February: the one of 2–8 February has ended.
for (const [key, value] of [['timesheets.period', 'weekly'], ['timesheets.period_start', '2026-02-09']]) {
  await asOwner(`/api/v1/org-settings/${key}`, { method: 'PUT', body: { value } });
}
const schedule = await asOwner('/api/v1/schedules', { method: 'POST',
  body: { name: 'Salon floor', assigneeUserIds: [lisaId, tomId], claimNeedsApproval: true } });
const shifts = `/api/v1/schedules/${schedule.id}/shifts`;
const lisaShift = await asOwner(shifts, { method: 'POST', body: { assignedUserId: lisaId, shiftDate: '2026-02-11',
  startTime: '09:00', endTime: '17:00', status: 'published' } });
const open = await asOwner(shifts, { method: 'POST', body: { shiftDate: '2026-02-12', startTime: '10:00', endTime: '14:00',
  title: 'Colour clinic', status: 'published' } });
const claim = (await asTom(`${shifts}/${open.id}/claim`, { method: 'POST', body: {} })).claim;
const sick = await asLisa('/api/v1/time-off', { method: 'POST', body: { kind: 'sick', startDate: '2026-02-11', note: 'Flu, sorry' } });
for (const [action, at] of [['in', '2026-02-08T09:00:00Z'], ['out', '2026-02-08T12:00:00Z']]) {
  await asLisa('/api/v1/clock', { method: 'POST', body: { action, clientId: `inbox-${action}`, offline: true, at } });
}

const items = (page) => page.locator('[data-testid="inbox-list"] [data-testid="inbox-item"]:visible');
const card = (page, kind) => page.locator(`[data-testid="inbox-item"][data-kind="${kind}"]`);
const count = (page) => page.evaluate(() => {
  const badge = document.querySelector('[data-testid="nav-inbox-count"]');
  return badge && !badge.hidden ? Number(badge.dataset.count) : 0;
});
const waitCount = (page, n) => page.waitForFunction((want) => {
  const badge = document.querySelector('[data-testid="nav-inbox-count"]');
  return want === 0 ? !!badge && badge.hidden : !!badge && !badge.hidden && badge.dataset.count === String(want);
}, n, { timeout: 10_000 });
const waitItems = (page, n) => page.waitForFunction((want) =>
  document.querySelectorAll('[data-testid="inbox-list"] [data-testid="inbox-item"]').length === want, n, { timeout: 10_000 });

const browser = await launch();
try {
  // The manager, at a desktop.
  const desk = await newPage(browser, { timezoneId: ZONE });
  await desk.clock.install({ time: new Date(SERVER_NOW) });
  await signIn(desk, people.manager.email, people.password);
  await waitCount(desk, 3);
  check(await desk.getByTestId('nav-inbox').isVisible(), 'the menu has the inbox');
  await desk.getByTestId('nav-inbox').click();
  await desk.getByTestId('inbox-page').waitFor();
  check((await text(desk, 'page-title')) === 'Inbox', 'the page title');
  await waitItems(desk, 3);
  const chip = async (kind) => (await desk.getByTestId(`inbox-filter-${kind}`).getByTestId('inbox-filter-count').textContent()).trim();
  check((await chip('all')) === '3' && (await chip('claim')) === '1' && (await chip('timeOff')) === '1' && (await chip('timesheet')) === '1',
    'the counts per kind');
  check((await desk.getByTestId('inbox-filter-swap').count()) === 0, 'no swaps, no swap filter');

  // Oldest first: the timesheet's period ended on Sunday night, the requests came this morning.
  check((await items(desk).first().getAttribute('data-kind')) === 'timesheet', 'the timesheet comes first');
  const claimCard = card(desk, 'claim');
  check((await claimCard.getByTestId('inbox-who').textContent()) === tom.name, 'Tom claims');
  const claimWhat = await claimCard.getByTestId('inbox-what').textContent();
  check(claimWhat.includes('Thu 12-02-2026') && claimWhat.includes('10:00 – 14:00') && claimWhat.includes('Colour clinic'),
    `the claimed shift: ${claimWhat}`);
  check((await claimCard.getByTestId('inbox-asked').textContent()) === 'Asked just now', 'asked when');

  const sickCard = card(desk, 'timeOff');
  check((await sickCard.getByTestId('inbox-who').textContent()) === lisa.name, 'Lisa asks for time off');
  const sickWhat = await sickCard.getByTestId('inbox-what').textContent();
  check(sickWhat.includes('Sick') && sickWhat.includes('Wed 11-02-2026') && sickWhat.includes('All day'), `the time off: ${sickWhat}`);
  check((await sickCard.getByTestId('inbox-note').textContent()) === 'Flu, sorry', 'her note');
  const clash = sickCard.locator('[data-testid="inbox-conflict"][data-code="scheduled"]');
  await desk.waitForFunction(() => document.querySelector('[data-testid="inbox-item"][data-kind="timeOff"] [data-code="scheduled"]')
    ?.textContent.includes('11-02-2026'), null, { timeout: 10_000 });
  const clashText = await clash.textContent();
  check(clashText.startsWith('Scheduled to work then') && clashText.includes('09:00 – 17:00'), `the conflict names the shift: ${clashText}`);
  check((await clash.getAttribute('data-related')) === lisaShift.id, 'the shift she would miss');
  check((await sickCard.getByTestId('inbox-decline').count()) === 1, 'time off can be declined');

  const sheetCard = card(desk, 'timesheet');
  check((await sheetCard.getByTestId('inbox-who').textContent()) === lisa.name, 'Lisa’s timesheet');
  const sheetWhat = await sheetCard.getByTestId('inbox-what').textContent();
  check(sheetWhat.includes('Mon 02-02-2026') && sheetWhat.includes('Sun 08-02-2026'), `the period: ${sheetWhat}`);
  check((await sheetCard.getByTestId('inbox-worked').textContent()) === '3:00', 'worked 3:00');
  check((await sheetCard.getByTestId('inbox-overtime').textContent()) === '0:00', 'no overtime');
  check((await sheetCard.getByTestId('inbox-entries').textContent()) === '1', 'one entry');
  check((await sheetCard.getByTestId('inbox-decline').count()) === 0, 'a timesheet is not declined');
  check((await sheetCard.getByTestId('inbox-timesheet-link').getAttribute('href')).startsWith('/timesheets'), 'the way to the timesheet');

  // A filter shows one kind.
  await desk.getByTestId('inbox-filter-timeOff').click();
  check((await items(desk).count()) === 1 && (await items(desk).first().getAttribute('data-kind')) === 'timeOff', 'only time off');
  check((await desk.getByTestId('inbox-filter-timeOff').getAttribute('aria-pressed')) === 'true', 'the filter is on');
  await desk.getByTestId('inbox-filter-all').click();
  check((await items(desk).count()) === 3, 'all three again');
  check(await noOverflow(desk), 'the desktop page fits');
  await desk.mouse.move(0, 0);
  await screenshot(desk, 'inbox-desktop');

  // The manager's phone shows the same.
  const phone = await newPage(browser, { mobile: true, timezoneId: ZONE });
  await phone.clock.install({ time: new Date(SERVER_NOW) });
  await signIn(phone, people.manager.email, people.password);
  await waitCount(phone, 3);
  await phone.getByTestId('nav-inbox').click();
  await waitItems(phone, 3);
  await phone.waitForFunction(() => document.querySelector('[data-code="scheduled"]')?.textContent.includes('11-02-2026'));
  check(await noOverflow(phone), 'the inbox fits a phone');
  await phone.mouse.move(0, 0);
  await screenshot(phone, 'inbox-phone');

  // The timesheet's CSV: the header and Lisa's entry of 180 minutes.
  const [download] = await Promise.all([desk.waitForEvent('download'), sheetCard.getByTestId('inbox-csv').click()]);
  check(download.suggestedFilename() === 'timesheets-2026-02-02-2026-02-08.csv', `the file's name: ${download.suggestedFilename()}`);
  const csv = (await readFile(await download.path(), 'utf8')).trim().split(/\r?\n/);
  const header = csv[0].split(',');
  check(header[0] === 'period_start' && header.includes('worked_minutes'), `the header: ${csv[0]}`);
  const rows = csv.slice(1).map((line) => line.split(','));
  check(rows.length === 1 && rows[0][header.indexOf('user_id')] === lisaId, `only Lisa's entry: ${csv.join('\n')}`);
  check(rows[0][header.indexOf('worked_minutes')] === '180', `180 minutes worked: ${csv[1]}`);

  // One click approves the timesheet: it leaves, the count drops, the phone follows.
  await sheetCard.getByTestId('inbox-approve').click();
  await waitItems(desk, 2);
  check((await desk.getByTestId('inbox-toast').textContent()).includes(`Approved: ${lisa.name}’s timesheet`), 'the note');
  await waitCount(desk, 2);
  check((await chip('all')) === '2' && (await chip('timesheet')) === '0', 'the counts follow');
  await waitItems(phone, 2);
  await waitCount(phone, 2);

  // The other two, in bulk, after confirming; the time off gets a comment.
  await claimCard.getByTestId('inbox-select').check();
  check(await desk.getByTestId('inbox-bulk').isVisible(), 'the bulk bar shows');
  check((await text(desk, 'inbox-bulk-count')) === '1 selected', 'one selected');
  await sickCard.getByTestId('inbox-select').check();
  check((await text(desk, 'inbox-bulk-count')) === '2 selected', 'two selected');
  check(await desk.getByTestId('inbox-select-all').isChecked(), 'all are selected');
  await desk.getByTestId('inbox-bulk-approve').click();
  const dialog = desk.getByTestId('inbox-bulk-dialog');
  await dialog.waitFor();
  const summary = await dialog.getByTestId('inbox-bulk-summary').textContent();
  check(summary.includes('1 shift claim') && summary.includes('1 time-off request'), `what is approved: ${summary}`);
  check((await dialog.locator('h2').textContent()) === 'Approve 2 items?', 'the question');
  await dialog.getByTestId('inbox-bulk-comment').fill('Get well soon');
  await dialog.getByTestId('dialog-submit').click();
  await desk.getByTestId('inbox-empty').waitFor();
  check((await text(desk, 'inbox-empty')) === 'Nothing waiting for you', 'nothing waits');
  check((await desk.getByTestId('inbox-toast').textContent()).includes('2 items approved'), 'the bulk note');
  check(await desk.getByTestId('inbox-bulk').isHidden(), 'no selection left');
  await waitCount(desk, 0);
  check((await count(desk)) === 0 && await desk.getByTestId('nav-inbox-count').isHidden(), 'the count is hidden');
  await phone.getByTestId('inbox-empty').waitFor({ timeout: 10_000 });
  await waitCount(phone, 0);

  // The server agrees.
  const timeOff = await asLisa(`/api/v1/time-off/${sick.id}`);
  check(timeOff.status === 'approved' && timeOff.decisionComment === 'Get well soon', `the time off: ${JSON.stringify(timeOff)}`);
  const claims = await asOwner(`/api/v1/schedules/${schedule.id}/claims?status=all`);
  const decided = claims.items.find((c) => c.id === claim.id);
  check(decided?.status === 'approved', `the claim: ${JSON.stringify(decided)}`);
  const sheet = await asLisa(`/api/v1/timesheets/${lisaId}?date=2026-02-05`);
  check(sheet.status === 'approved', `the timesheet: ${sheet.status}`);

  // A new request shows up live; someone else decides it just before the manager does.
  const later = await asTom('/api/v1/time-off', { method: 'POST', body: { kind: 'vacation', startDate: '2026-03-02',
    endDate: '2026-03-06', note: 'Family visit' } });
  await waitItems(desk, 1);
  await waitCount(desk, 1);
  const laterCard = desk.locator(`[data-testid="inbox-item"][data-id="${later.id}"]`);
  check((await laterCard.getByTestId('inbox-what').textContent()).includes('5 days'), 'five days off');
  await desk.route('**/api/v1/inbox/decisions', async (route) => {
    await asOwner(`/api/v1/time-off/${later.id}/approve`, { method: 'POST', body: {} });
    await route.continue();
  });
  await laterCard.getByTestId('inbox-comment-toggle').click();
  await laterCard.getByTestId('inbox-comment').fill('Have fun');
  await laterCard.getByTestId('inbox-decline').click();
  await laterCard.getByTestId('inbox-item-error').waitFor();
  const refusal = await laterCard.getByTestId('inbox-item-error').textContent();
  check(refusal.length > 5, `the server's reason: ${refusal}`);
  check((await desk.getByTestId('inbox-toast-bad').textContent()).includes('could not be decided'), 'the failure is said');
  await desk.unroute('**/api/v1/inbox/decisions');
  await waitCount(desk, 0);
  await laterCard.getByTestId('inbox-dismiss').waitFor();
  check((await laterCard.getByTestId('inbox-approve').count()) === 0, 'nothing left to decide on it');
  check(await laterCard.getByTestId('inbox-item-error').isVisible(), 'the reason stays');
  await laterCard.getByTestId('inbox-dismiss').click();
  await desk.getByTestId('inbox-empty').waitFor();
  check((await asTom(`/api/v1/time-off/${later.id}`)).status === 'approved', 'the owner’s answer stands');

  // Members have no inbox.
  const member = await newPage(browser, { mobile: true, timezoneId: ZONE });
  await member.clock.install({ time: new Date(SERVER_NOW) });
  await signIn(member, lisa.email, people.password);
  check((await member.getByTestId('nav-inbox').count()) === 0, 'no inbox in a member’s menu');
  await member.goto(`${base}/inbox`);
  await member.getByTestId('forbidden-page').waitFor();

  // The approved timesheet on Lisa's own page: last week, 3 hours, approved.
  await member.goto(`${base}/timesheets`);
  await member.getByTestId('ts-page').waitFor();
  await member.getByTestId('ts-prev').click();
  await member.waitForFunction(() => document.querySelector('[data-testid="ts-status"]')?.textContent.length > 0
    && document.querySelector('[data-testid="ts-total-worked"]')?.textContent === '3:00', null, { timeout: 10_000 });
  check((await member.getByTestId('ts-entry').count()) === 1, 'her one entry');
  await screenshot(member, 'timesheet-phone');
  // The manager's view of the team's timesheets.
  await desk.goto(`${base}/timesheets?tab=team`);
  await desk.getByTestId('ts-page').waitFor();
  await desk.waitForTimeout(500);
  await screenshot(desk, 'timesheets-team-desktop');

  checkProblems(desk);
  checkProblems(phone);
  checkProblems(member);
  console.log('inbox ok');
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await browser.close();
}
