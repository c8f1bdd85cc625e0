// The time clock on a phone: a member with a shift today opens Clock from the tab bar, clocks in,
// starts and ends a break and clocks out (the state after each, the last shift), clocks in again,
// and starts a break with the network gone: the page shows the punch at once, waiting ("Offline —
// will be sent", 1 waiting), and sends it when the network is back, with the moment of the tap
// (the server's open entry says so, to the second). The same person's desktop follows the phone's
// punches live, and so does a manager's schedule board: "In since 10:00" beside the member's name
// (on a phone too, in the day view), then "On a break" once the offline break arrives, without a
// reload. Screenshots: clock-phone-in, clock-phone-offline, clock-phone-break, board-clock-phone
// (390×844), clock-desktop, board-clock-in and board-clock-break (1280×800).
// usage: node clock.mjs BASE_URL PEOPLE_JSON
//   PEOPLE_JSON = {"password", "owner": {email, name}, "manager": {email, name}, "members": [{email, name}, …]}
import { base, check, checkProblems, launch, newPage, noOverflow, screenshot, signIn, text } from './lib.mjs';
import { apiAs } from './member-flow.mjs';

const people = process.argv[3] && JSON.parse(process.argv[3]);
if (!people?.owner || !people.members?.length) throw new Error('usage: node clock.mjs BASE_URL PEOPLE_JSON');

// The test server's clock stands still at this moment (tests/api/support.rs FIXED_NOW), and an
// offline punch may be at most 2 minutes ahead of it: the pages' clocks start there and run on.
const SERVER_NOW = '2026-02-10T09:00:00Z';
const ZONE = 'Europe/Amsterdam'; // the test workplace's location: 09:00 UTC is 10:00 there
const OUT = { status: 'out', text: 'Not clocked in' };
const IN = { status: 'in', text: 'Clocked in' };
const BREAK = { status: 'onBreak', text: 'On a break' };

async function expectStatus(page, wanted) {
  await page.locator(`[data-testid="clock-status"][data-status="${wanted.status}"]`).waitFor();
  const shown = await text(page, 'clock-status');
  check(shown === wanted.text, `status "${shown}", expected "${wanted.text}"`);
}

// The board's mark beside `userId`'s name (the week's people column or the day view's column head).
async function expectMark(page, userId, wanted) {
  const mark = page.locator(`[data-clock-user="${userId}"] [data-testid="board-clock"]`);
  await page.locator(`[data-clock-user="${userId}"] [data-testid="board-clock"][data-status="${wanted.status}"]`).waitFor();
  const shown = (await mark.locator('.board-clock-text').textContent()).trim();
  const title = await mark.getAttribute('title');
  const spoken = (await mark.locator('.sr-only').textContent()).trim();
  check(shown === wanted.text, `the mark says "${shown}", expected "${wanted.text}"`);
  check(title === wanted.title && spoken === wanted.title, `the mark's title "${title}" / label "${spoken}", expected "${wanted.title}"`);
}

// The punches this device still holds, from its storage.
const queuedOn = (page) => page.evaluate(() => Object.keys(localStorage)
  .filter((key) => key.startsWith('staffroom.clock.queue.'))
  .flatMap((key) => JSON.parse(localStorage.getItem(key))));

// Going offline makes Chromium log the requests and the socket it could not make.
function dropOfflineNoise(page) {
  page.problems.splice(0, page.problems.length,
    ...page.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|WebSocket connection/.test(p)));
}

const member = people.members[0];
const asOwner = await apiAs(people.owner.email, people.password);
const asMember = await apiAs(member.email, people.password);
const me = (await asMember('/api/v1/auth/me')).user;
// Today's shift, published: 09:00–17:30 there, with half an hour's break, as a Stylist.
const job = await asOwner('/api/v1/job-list', { method: 'POST', body: { name: 'Stylist', color: '#14958a' } });
const schedule = await asOwner('/api/v1/schedules', { method: 'POST', body: { name: 'Salon floor', assigneeUserIds: [me.id] } });
await asOwner(`/api/v1/schedules/${schedule.id}/shifts`, { method: 'POST', body: {
  assignedUserId: me.id, jobId: job.id, shiftDate: '2026-02-10', startTime: '09:00', endTime: '17:30', breakMinutes: 30,
  status: 'published' } });

const browser = await launch();
try {
  const phone = await newPage(browser, { mobile: true, timezoneId: ZONE });
  await phone.clock.install({ time: new Date(SERVER_NOW) });
  await signIn(phone, member.email, people.password);
  await phone.getByTestId('nav-clock').click();
  await phone.getByTestId('clock-page').waitFor();
  await expectStatus(phone, OUT);
  check((await text(phone, 'page-title')) === 'Time clock', 'the page title');
  await phone.getByTestId('clock-shift-time').waitFor();
  check((await text(phone, 'clock-shift-time')) === '09:00 – 17:30', `today's shift: ${await text(phone, 'clock-shift-time')}`);
  check((await text(phone, 'clock-shift')).includes('Stylist'), 'the shift names its job');

  // A day on the clock, each punch answered before the next.
  await phone.getByTestId('clock-in').click();
  await expectStatus(phone, IN);
  check(await phone.getByTestId('clock-breakStart').isVisible(), 'Start break beside Clock out');
  await phone.getByTestId('clock-breakStart').click();
  await expectStatus(phone, BREAK);
  await phone.getByTestId('clock-breakEnd').click();
  await expectStatus(phone, IN);
  await phone.getByTestId('clock-out').click();
  await expectStatus(phone, OUT);
  const last = await text(phone, 'clock-last-text');
  check((await text(phone, 'clock-last')).startsWith('Last shift') && last === '10:00–10:00 · 0 min worked', `the last entry: ${last}`);

  // The same person at a desktop: clocking in again on the phone shows there live.
  const desktop = await newPage(browser, { timezoneId: ZONE });
  await desktop.clock.install({ time: new Date(await phone.evaluate(() => Date.now())) });
  await signIn(desktop, member.email, people.password);
  await desktop.getByTestId('nav-clock').click();
  await expectStatus(desktop, OUT);
  await desktop.getByTestId('clock-last').waitFor();
  await phone.getByTestId('clock-in').click();
  await expectStatus(phone, IN);
  await expectStatus(desktop, IN);

  // A manager opens the schedule's board: this week, the member's row says they are in.
  const board = await newPage(browser, { timezoneId: ZONE });
  await board.clock.install({ time: new Date(await phone.evaluate(() => Date.now())) });
  await signIn(board, people.manager.email, people.password);
  await board.goto(`${base}/schedules/board?id=${schedule.id}`);
  await board.locator('[data-testid="board-day"][data-date="2026-02-10"]').waitFor();
  const IN_MARK = { status: 'in', text: 'In since 10:00', title: 'Clocked in since 10:00' };
  await expectMark(board, me.id, IN_MARK);
  check((await board.locator(`[data-testid="board-person"][data-user="${me.id}"] [data-testid="board-clock"]`).count()) === 1,
    'the mark is in the member\'s row of the people column');
  check((await board.getByTestId('board-clock').count()) === 1, 'nobody else is marked');
  await board.evaluate(() => { window.sameBoard = true; });
  await board.mouse.move(0, 0);
  await screenshot(board, 'board-clock-in');
  // And on the manager's phone, the day view: under the member's name.
  const boardPhone = await newPage(browser, { mobile: true, timezoneId: ZONE });
  await boardPhone.clock.install({ time: new Date(await phone.evaluate(() => Date.now())) });
  await signIn(boardPhone, people.manager.email, people.password);
  await boardPhone.goto(`${base}/schedules/board?id=${schedule.id}`);
  await boardPhone.locator('[data-testid="day-view"][data-date="2026-02-10"]').waitFor();
  await expectMark(boardPhone, me.id, IN_MARK);
  check(await noOverflow(boardPhone), 'the day view fits a phone');
  await screenshot(boardPhone, 'board-clock-phone');
  checkProblems(boardPhone);
  await boardPhone.context().close();

  // The timer runs from the clock-in.
  const first = await text(phone, 'clock-timer');
  check(/^0:0\d:\d\d$/.test(first), `the timer: ${first}`);
  await phone.waitForFunction((was) => document.querySelector('[data-testid="clock-timer"]').textContent !== was, first);
  check((await text(phone, 'clock-sub')) === 'Worked since 10:00', `under the timer: ${await text(phone, 'clock-sub')}`);
  check(await noOverflow(phone), 'the clock fits a phone');
  await phone.mouse.move(0, 0);
  await screenshot(phone, 'clock-phone-in');

  // No network: the break starts here at once and waits to be sent.
  await phone.context().setOffline(true);
  await phone.getByTestId('clock-breakStart').click();
  await expectStatus(phone, BREAK);
  await phone.getByTestId('clock-queue').waitFor();
  check((await text(phone, 'clock-queue')).startsWith('Offline — will be sent'), `the badge: ${await text(phone, 'clock-queue')}`);
  check((await text(phone, 'clock-queue-count')) === '1 waiting', `the count: ${await text(phone, 'clock-queue-count')}`);
  check((await phone.getByTestId('clock-queued-punch').count()) === 1, 'the waiting punch is listed');
  const [tapped, ...more] = await queuedOn(phone);
  check(tapped?.action === 'breakStart' && /^[0-9a-f-]{36}$/.test(tapped.clientId) && more.length === 0, `kept: ${JSON.stringify(tapped)}`);
  await phone.mouse.move(0, 0);
  await screenshot(phone, 'clock-phone-offline');

  // A couple of seconds later the network is back: the punch goes, with the time of the tap.
  await phone.waitForTimeout(2500);
  const backAt = await phone.evaluate(() => Date.now());
  await phone.context().setOffline(false);
  await phone.getByTestId('clock-queue').waitFor({ state: 'hidden' });
  await expectStatus(phone, BREAK);
  check((await queuedOn(phone)).length === 0, 'nothing left on the device');
  check((await phone.getByTestId('clock-queue-list').count()) === 0, 'the list is gone');
  const state = await asMember('/api/v1/clock');
  check(state.status === 'onBreak', `the server: ${JSON.stringify(state)}`);
  const started = state.entry.breaks.at(-1)?.startedAt;
  const tapSecond = `${tapped.at.slice(0, 19)}Z`;
  check(started === tapSecond, `the break started ${started} at the server, tapped at ${tapped.at}`);
  check(Date.parse(started) < backAt - 2000, `kept from the tap (${started}), not from the sending (${new Date(backAt).toISOString()})`);
  await phone.waitForFunction(() => document.querySelector('[data-testid="clock-sub"]').textContent.startsWith('Break since 10:00'));
  await screenshot(phone, 'clock-phone-break');
  // The desktop heard of it.
  await expectStatus(desktop, BREAK);
  await desktop.mouse.move(0, 0);
  await screenshot(desktop, 'clock-desktop');
  // So did the manager's board, without a reload.
  await expectMark(board, me.id, { status: 'onBreak', text: 'On a break', title: 'On a break since 10:00, clocked in since 10:00' });
  check(await board.evaluate(() => window.sameBoard === true), 'the board was not reloaded');
  await screenshot(board, 'board-clock-break');

  dropOfflineNoise(phone);
  checkProblems(phone);
  checkProblems(desktop);
  checkProblems(board);
  console.log('clock ok');
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await browser.close();
}
