// Time off: a member asks on a phone for two days off with a note (after the server put a
// backwards end date next to its field) and for a morning off; both show pending. A manager opens
// Requests to review at a desktop, sees both with the member's name, approves the two days with a
// comment (the request leaves the pending list and shows under Approved); the member's phone shows
// it approved with the comment, live. The member cancels the morning after confirming. The
// manager's schedule board shades the two days in the member's cells, titled "Time off (Vacation)".
// Screenshots: timeoff-phone (390×844), timeoff-review-desktop (1280×800), board-timeoff.
// usage: node timeoff.mjs BASE_URL PEOPLE_JSON
import { base, check, checkProblems, launch, newPage, noOverflow, screenshot, signIn, text } from './lib.mjs';
import { apiAs } from './member-flow.mjs';

const people = process.argv[3] && JSON.parse(process.argv[3]);
if (!people?.manager || !people.members?.length) throw new Error('usage: node timeoff.mjs BASE_URL PEOPLE_JSON');

const SERVER_NOW = '2026-02-10T09:00:00Z'; // tests/api/support.rs FIXED_NOW
const ZONE = 'Europe/Amsterdam';
const member = people.members[0];
const asOwner = await apiAs(people.owner.email, people.password);
const asMember = await apiAs(member.email, people.password);
const me = (await asMember('/api/v1/auth/me')).user;
const schedule = await asOwner('/api/v1/schedules', { method: 'POST', body: { name: 'Salon floor', assigneeUserIds: [me.id] } });

const item = (page, list, status) => page.locator(`[data-testid="${list}"] [data-testid="timeoff-item"]${status ? `[data-status="${status}"]` : ''}`);

async function request(page, { kind, start, end, from, until, note }) {
  const form = page.getByTestId('timeoff-form');
  await form.locator('select[name="kind"]').selectOption(kind);
  await form.locator('input[name="startDate"]').fill(start);
  if (end !== undefined) await form.locator('input[name="endDate"]').fill(end);
  if (from) {
    await form.locator('input[name="partDay"]').check();
    await page.getByTestId('timeoff-times').waitFor();
    await form.locator('input[name="startTime"]').fill(from);
    await form.locator('input[name="endTime"]').fill(until);
  }
  if (note) await form.locator('textarea[name="note"]').fill(note);
  await page.getByTestId('timeoff-submit').click();
}

const browser = await launch();
try {
  // The member, on a phone.
  const phone = await newPage(browser, { mobile: true, timezoneId: ZONE });
  await phone.clock.install({ time: new Date(SERVER_NOW) });
  await signIn(phone, member.email, people.password);
  await phone.getByTestId('nav-time-off').click();
  await phone.getByTestId('timeoff-page').waitFor();
  check((await text(phone, 'page-title')) === 'Time off', 'the page title');
  check((await phone.getByTestId('timeoff-tab-review').count()) === 0, 'a member has nothing to review');
  await phone.getByTestId('timeoff-empty').waitFor();

  // A backwards range: the server's word sits at the last day.
  await request(phone, { kind: 'vacation', start: '2026-03-03', end: '2026-03-02' });
  await phone.getByTestId('error-endDate').waitFor();
  check(await phone.locator('input[name="endDate"]').getAttribute('aria-invalid') === 'true', 'the end date is marked');

  await request(phone, { kind: 'vacation', start: '2026-03-02', end: '2026-03-03', note: 'Family wedding in Utrecht' });
  await item(phone, 'timeoff-mine-list', 'pending').waitFor();
  check(await phone.getByTestId('error-endDate').isHidden(), 'the error is gone');
  const first = item(phone, 'timeoff-mine-list', 'pending').first();
  check((await first.getByTestId('timeoff-when').textContent()) === 'Mon 02-03-2026 – Tue 03-03-2026',
    `the dates: ${await first.getByTestId('timeoff-when').textContent()}`);
  check((await first.textContent()).includes('Vacation · 2 days'), `the kind and length: ${await first.textContent()}`);
  check((await first.getByTestId('timeoff-note').textContent()) === 'Family wedding in Utrecht', 'the note');
  check((await first.getByTestId('timeoff-status').textContent()).trim() === 'Pending', 'pending');

  // A morning off.
  await request(phone, { kind: 'personal', start: '2026-03-20', from: '09:00', until: '12:00', note: 'Dentist' });
  await phone.waitForFunction(() => document.querySelectorAll('[data-testid="timeoff-mine-list"] [data-testid="timeoff-item"]').length === 2);
  const morning = phone.locator('[data-testid="timeoff-mine-list"] [data-testid="timeoff-item"]', { hasText: 'Dentist' });
  check((await morning.textContent()).includes('Personal · 09:00 – 12:00'), `the morning: ${await morning.textContent()}`);
  check((await phone.getByTestId('timeoff-times').isHidden()), 'the form is reset');
  check(await noOverflow(phone), 'the page fits a phone');

  // The manager, at a desktop: Requests to review.
  const desk = await newPage(browser, { timezoneId: ZONE });
  await desk.clock.install({ time: new Date(SERVER_NOW) });
  await signIn(desk, people.manager.email, people.password);
  await desk.getByTestId('nav-time-off').click();
  await desk.getByTestId('timeoff-tab-review').click();
  await desk.waitForFunction(() => document.querySelectorAll('[data-testid="timeoff-review-list"] [data-testid="timeoff-item"][data-status="pending"]').length === 2);
  const wedding = desk.locator('[data-testid="timeoff-review-list"] [data-testid="timeoff-item"]', { hasText: 'Family wedding' });
  await wedding.locator('[data-testid="timeoff-who"]', { hasText: member.name }).waitFor();
  await wedding.getByTestId('timeoff-decision-comment').fill('Enjoy the wedding!');
  await desk.mouse.move(0, 0);
  await screenshot(desk, 'timeoff-review-desktop');
  await wedding.getByTestId('timeoff-approve').click();
  await desk.getByTestId('timeoff-toast').waitFor();
  await desk.waitForFunction(() => document.querySelectorAll('[data-testid="timeoff-review-list"] [data-testid="timeoff-item"]').length === 1);
  check((await desk.locator('[data-testid="timeoff-review-list"]').textContent()).includes('Dentist'), 'the morning still waits');
  await desk.getByTestId('timeoff-filter-approved').check({ force: true });
  const approved = item(desk, 'timeoff-review-list', 'approved');
  await approved.getByTestId('timeoff-comment').waitFor();
  check((await approved.count()) === 1 && (await approved.textContent()).includes('Enjoy the wedding!'), 'approved, with the comment');

  // The member's phone follows, live.
  const done = item(phone, 'timeoff-mine-list', 'approved');
  await done.waitFor({ timeout: 10_000 });
  check((await done.getByTestId('timeoff-comment').textContent()).includes('Enjoy the wedding!'), 'the member sees the comment');
  check((await done.getByTestId('timeoff-status').textContent()).trim() === 'Approved', 'approved');

  // The member cancels the morning, after confirming.
  await morning.getByTestId('timeoff-cancel').click();
  const dialog = phone.getByTestId('timeoff-cancel-dialog');
  await dialog.waitFor();
  check((await dialog.textContent()).includes('Personal, Fri 20-03-2026'), `the question: ${await dialog.textContent()}`);
  await dialog.getByTestId('dialog-submit').click();
  await item(phone, 'timeoff-mine-list', 'cancelled').waitFor();
  check((await item(phone, 'timeoff-mine-list', 'cancelled').getByTestId('timeoff-cancel').count()) === 0, 'nothing left to cancel');
  const server = await asMember(`/api/v1/time-off?userId=${me.id}`);
  check(server.items.map((r) => r.status).sort().join() === 'approved,cancelled', `the server: ${JSON.stringify(server.items)}`);
  for (const close of await phone.locator('.toast-close').all()) await close.click();
  await phone.evaluate(() => window.scrollTo(0, 0));
  await phone.mouse.move(0, 0);
  await screenshot(phone, 'timeoff-phone');

  // The manager's board shades the two days.
  await desk.goto(`${base}/schedules/board?id=${schedule.id}&week=2026-03-02`);
  await desk.locator('[data-testid="board-day"][data-date="2026-03-02"]').waitFor();
  for (const date of ['2026-03-02', '2026-03-03']) {
    const cell = desk.locator(`[data-testid="board-cell"][data-user="${me.id}"][data-date="${date}"]`);
    await cell.getByTestId('board-timeoff').waitFor();
    check((await cell.getAttribute('title')) === 'Time off (Vacation)', `the cell's title on ${date}: ${await cell.getAttribute('title')}`);
  }
  check((await desk.getByTestId('board-timeoff').count()) === 2, 'only those two days');
  await desk.mouse.move(0, 0);
  await screenshot(desk, 'board-timeoff');

  checkProblems(phone, { 400: 1 });
  checkProblems(desk);
  console.log('timeoff ok');
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await browser.close();
}
