// Notifications: Lisa, who reads Dutch (her locale is nl, and so is her phone), has My shifts open
// when the manager publishes the schedule with her new shift: the bell in the top bar turns to 1
// by itself. On /notifications the notification reads "Nieuw rooster: Salon floor", unread, just
// now; a second schedule published meanwhile arrives live at the top. Opening the first follows
// its link to My shifts and reads it; "Mark all as read" clears the bell; × dismisses one (the
// server no longer lists it). Home lists what waits for her (the open shift of the second
// schedule, which she may take; nothing unread). On her laptop, from My account, she turns off e-mail for new
// schedules (it stays off after a reload; "your shift changed" is always sent and cannot be
// turned off) and sets Do Not Disturb: the zone starts as her laptop's, a lead time of 999 minutes
// is refused next to its field, 90 is saved and stays. Screenshots: notifications-phone
// (390×844), notification-settings-desktop (1280×800), and notifications-desktop,
// notification-settings-phone, home-actions-phone.
// usage: node notifications.mjs BASE_URL PEOPLE_JSON
import { base, check, checkProblems, launch, newPage, noOverflow, path, screenshot, signIn, text } from './lib.mjs';
import { apiAs } from './member-flow.mjs';

const people = process.argv[3] && JSON.parse(process.argv[3]);
if (!people?.manager || !people.members?.length) throw new Error('usage: node notifications.mjs BASE_URL PEOPLE_JSON');

const SERVER_NOW = '2026-02-10T09:00:00Z'; // tests/api/support.rs FIXED_NOW
const ZONE = 'Europe/Amsterdam';
const LAPTOP_ZONE = 'Europe/London'; // she is away: Do Not Disturb starts in the laptop's zone
const [lisa] = people.members;
const asMia = await apiAs(people.manager.email, people.password);
const asLisa = await apiAs(lisa.email, people.password);
const lisaId = (await asLisa('/api/v1/auth/me')).user.id;
await asLisa('/api/v1/auth/me/profile', { method: 'PUT', body: { locale: 'nl' } });

// The manager plans a week for Lisa and publishes it.
async function publishWeek(name, from, to, day, openDay) {
  const schedule = await asMia('/api/v1/schedules', { method: 'POST', body: { name, assigneeUserIds: [lisaId] } });
  await asMia(`/api/v1/schedules/${schedule.id}/shifts`, { method: 'POST',
    body: { assignedUserId: lisaId, shiftDate: day, startTime: '09:00', endTime: '17:00' } });
  if (openDay) {
    await asMia(`/api/v1/schedules/${schedule.id}/shifts`, { method: 'POST',
      body: { shiftDate: openDay, startTime: '10:00', endTime: '14:00' } });
  }
  await asMia(`/api/v1/schedules/${schedule.id}/publish`, { method: 'POST', body: { from, to } });
}

const bellCount = (page) => page.evaluate(() => {
  const bell = document.querySelector('[data-testid="notif-bell"]');
  return bell && !bell.querySelector('.bell-badge').hidden ? Number(bell.dataset.count) : 0;
});
const waitBell = (page, n) => page.waitForFunction((want) => {
  const bell = document.querySelector('[data-testid="notif-bell"]');
  const badge = bell?.querySelector('.bell-badge');
  return !!badge && bell.dataset.count === String(want) && badge.hidden === (want === 0);
}, n, { timeout: 15_000 });
const items = (page) => page.locator('[data-testid="notif-list"] [data-testid="notif-item"]');
const waitItems = (page, n) => page.waitForFunction((want) =>
  document.querySelectorAll('[data-testid="notif-list"] [data-testid="notif-item"]').length === want, n, { timeout: 15_000 });
const box = (page, eventKey, channel) => page.getByTestId(`pref-${eventKey}-${channel}`);

const browser = await launch();
try {
  // ---- her phone, on My shifts, hears of the new schedule -----------------------------------------
  const phone = await newPage(browser, { mobile: true, locale: 'nl-NL', timezoneId: ZONE });
  await phone.clock.install({ time: new Date(SERVER_NOW) });
  await signIn(phone, lisa.email, people.password);
  await phone.goto(`${base}/my-shifts`);
  await phone.getByTestId('page-title').waitFor();
  const bell = phone.getByTestId('notif-bell');
  check(await bell.isVisible(), 'the bell is in the top bar');
  check((await bell.getAttribute('aria-label')) === 'Meldingen', `no count, no number: ${await bell.getAttribute('aria-label')}`);
  check((await bellCount(phone)) === 0, 'nothing unread yet');

  await publishWeek('Salon floor', '2026-02-16', '2026-02-22', '2026-02-16');
  await waitBell(phone, 1);
  check(path(phone) === '/my-shifts', 'no reload, no navigation');
  check((await bell.getAttribute('aria-label')) === 'Meldingen, 1 ongelezen', `the count in its name: ${await bell.getAttribute('aria-label')}`);
  check((await text(phone, 'notif-bell-count')) === '1', 'the badge says 1');

  // ---- the list ---------------------------------------------------------------------------------
  await bell.click();
  await phone.getByTestId('notif-page').waitFor();
  check(path(phone) === '/notifications', `the bell leads to the list: ${phone.url()}`);
  check((await text(phone, 'page-title')) === 'Meldingen', 'the page title in Dutch');
  check((await bell.getAttribute('aria-current')) === 'page', 'the bell marks where she is');
  await waitItems(phone, 1);
  const first = items(phone).first();
  const title = await first.getByTestId('notif-title').textContent();
  check(title === 'Nieuw rooster: Salon floor', `the title, in Dutch: ${title}`);
  const body = await first.getByTestId('notif-body').textContent();
  check(body.startsWith('Je diensten van'), `the body, in Dutch: ${body}`);
  check((await first.getAttribute('data-unread')) === 'true', 'unread');
  check((await text(phone, 'notif-time')) === 'zojuist', 'just now');
  check((await first.getByTestId('notif-open').getAttribute('href')) === '/my-shifts', 'it leads to My shifts');
  check((await text(phone, 'notif-unread-count')) === '1', 'the Unread filter counts 1');

  // A second schedule arrives while the list is open: at the top, live.
  await publishWeek('Front desk', '2026-02-23', '2026-03-01', '2026-02-24', '2026-02-26');
  await waitItems(phone, 2);
  await waitBell(phone, 2);
  check((await items(phone).first().getByTestId('notif-title').textContent()) === 'Nieuw rooster: Front desk', 'the new one on top');
  check((await text(phone, 'notif-unread-count')) === '2', 'two unread');
  check(await noOverflow(phone), 'the list fits a phone');
  await phone.mouse.move(0, 0);
  await screenshot(phone, 'notifications-phone');

  // Only the unread; then all again.
  await phone.getByTestId('notif-filter-unread').check();
  await waitItems(phone, 2);
  check(new URL(phone.url()).search === '?filter=unread', 'the filter in the address');
  await phone.getByTestId('notif-filter-all').check();
  await waitItems(phone, 2);

  // Opening one follows its link and reads it.
  const salon = items(phone).filter({ hasText: 'Salon floor' });
  await salon.getByTestId('notif-open').click();
  await phone.waitForURL(`${base}/my-shifts`);
  await waitBell(phone, 1);
  const answer = await asLisa('/api/v1/notifications');
  const salonRead = answer.items.find((n) => n.title === 'Nieuw rooster: Salon floor');
  check(answer.total === 2 && salonRead?.readAt, `the server has it read: ${JSON.stringify(answer)}`);
  check(answer.items[0].title === 'Nieuw rooster: Front desk', `newest first on the server too: ${answer.items.map((n) => n.title)}`);

  await bell.click();
  await waitItems(phone, 2);
  check((await items(phone).filter({ hasText: 'Salon floor' }).getAttribute('data-unread')) === 'false', 'shown as read');
  check((await items(phone).first().getByTestId('notif-title').textContent()) === 'Nieuw rooster: Front desk', 'still newest first');

  // Everything read at once: the bell goes quiet.
  await phone.getByTestId('notif-mark-all').click();
  await waitBell(phone, 0);
  await phone.getByTestId('notif-toast').waitFor();
  check((await bell.getAttribute('aria-label')) === 'Meldingen', 'no count in the name');
  check(await phone.getByTestId('notif-mark-all').isDisabled(), 'nothing left to mark');
  check((await items(phone).evaluateAll((nodes) => nodes.map((n) => n.dataset.unread))).every((u) => u === 'false'), 'all read');

  // × dismisses one: gone here and on the server, no question asked.
  await items(phone).filter({ hasText: 'Front desk' }).getByTestId('notif-dismiss').click();
  await waitItems(phone, 1);
  for (let i = 0; i < 50; i += 1) {
    if ((await asLisa('/api/v1/notifications')).total === 1) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  check((await asLisa('/api/v1/notifications')).total === 1, 'the server no longer lists it');
  await phone.reload();
  await waitItems(phone, 1);

  // The unread filter with nothing unread says so.
  await phone.getByTestId('notif-filter-unread').check();
  await phone.getByTestId('notif-empty').waitFor();
  check((await text(phone, 'notif-empty')) === 'Je bent helemaal bij', 'all caught up');
  await phone.getByTestId('notif-show-all').click();
  await waitItems(phone, 1);

  // Home says what waits for her: the open shift she may take; nothing unread any more.
  await phone.goto(`${base}/`);
  const actions = phone.getByTestId('home-actions');
  await actions.waitFor();
  await phone.getByTestId('home-action-open').waitFor();
  const open = await text(phone, 'home-action-open');
  check(open.includes('1 open dienst die je kunt nemen') && open.includes('10:00'), `the open shift: ${open}`);
  check(!(await phone.getByTestId('home-action-notifications').count()), 'nothing unread: no line for it');
  await phone.mouse.move(0, 0);
  await screenshot(phone, 'home-actions-phone');
  await phone.getByTestId('home-action-open').click();
  await phone.waitForURL(`${base}/my-shifts`);
  await phone.goto(`${base}/notifications`);
  await waitItems(phone, 1);

  // The way to the settings, on a phone too.
  await phone.getByTestId('notif-settings-link').click();
  await phone.getByTestId('pref-matrix').waitFor();
  await phone.getByTestId('dnd-form').waitFor();
  check(await noOverflow(phone), 'the settings fit a phone');
  check((await text(phone, 'page-title')) === 'Meldingsinstellingen', 'the settings in Dutch');
  await phone.mouse.move(0, 0);
  await screenshot(phone, 'notification-settings-phone');
  checkProblems(phone);

  // ---- her laptop: the settings, from My account --------------------------------------------------
  const laptop = await newPage(browser, { timezoneId: LAPTOP_ZONE });
  await laptop.clock.install({ time: new Date(SERVER_NOW) });
  await signIn(laptop, lisa.email, people.password);
  await laptop.goto(`${base}/notifications`);
  await waitItems(laptop, 1);
  check(await laptop.getByTestId('notif-bell').isVisible(), 'the bell on a laptop');
  await laptop.mouse.move(0, 0);
  await screenshot(laptop, 'notifications-desktop');

  await laptop.goto(`${base}/account`);
  await laptop.getByTestId('account-notifications-link').click();
  await laptop.getByTestId('pref-matrix').waitFor();
  check(path(laptop) === '/notifications/settings', `from My account: ${laptop.url()}`);
  check((await text(laptop, 'page-title')) === 'Notification settings', 'the title');
  const modules = await laptop.locator('[data-testid="pref-matrix"] tbody').evaluateAll((nodes) => nodes.map((n) => n.dataset.module));
  check(modules.join() === 'schedules,time,chat', `grouped by module: ${modules}`);
  const names = await laptop.locator('[data-testid="pref-matrix"] tbody th.notif-event-col .notif-event').allTextContents();
  check(names.length === 15 && !names.some((n) => n.includes('.')), `a name for every event: ${names}`);
  check(names[0] === 'A schedule with my shifts is published', `shift.published by name: ${names[0]}`);

  // Always sent: checked, and not to be changed.
  for (const channel of ['in_app', 'email']) {
    check(await box(laptop, 'shift.changed', channel).isChecked(), `shift.changed ${channel} is on`);
    check(await box(laptop, 'shift.changed', channel).isDisabled(), `shift.changed ${channel} cannot be changed`);
  }
  const changedRow = laptop.locator('tr[data-event="shift.changed"]');
  check((await changedRow.textContent()).includes('Always sent'), 'says it is always sent');

  // E-mail for new schedules off: saved at once, and still off after a reload.
  const mail = box(laptop, 'shift.published', 'email');
  check(await mail.isChecked(), 'e-mail for new schedules is on by default');
  const [saved] = await Promise.all([
    laptop.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/notifications/preferences')),
    mail.uncheck(),
  ]);
  check(saved.ok(), `saved: ${saved.status()}`);
  await laptop.locator('[data-testid="pref-status"][data-state="saved"]').waitFor();
  check((await text(laptop, 'pref-status')) === 'Saved', 'says saved');
  check(await box(laptop, 'shift.published', 'in_app').isChecked(), 'in-app stays on');
  await laptop.reload();
  await laptop.getByTestId('pref-matrix').waitFor();
  check(!(await box(laptop, 'shift.published', 'email').isChecked()), 'still off after a reload');
  const prefs = await asLisa('/api/v1/notifications/preferences');
  const stored = prefs.items.find((p) => p.eventKey === 'shift.published' && p.channel === 'email');
  check(stored && stored.enabled === false && stored.custom === true, `the server has it: ${JSON.stringify(stored)}`);

  // Do Not Disturb: off at first, in the laptop's zone.
  const dnd = laptop.getByTestId('dnd-form');
  await dnd.waitFor();
  check(!(await laptop.getByTestId('dnd-enabled').isChecked()), 'off at first');
  check(await laptop.getByTestId('dnd-start').isDisabled(), 'the hours wait until it is on');
  check((await laptop.getByTestId('dnd-timezone').inputValue()) === LAPTOP_ZONE, 'the laptop’s zone to begin with');
  await laptop.getByTestId('dnd-enabled').check();
  await laptop.getByTestId('dnd-start').fill('21:30');
  await laptop.getByTestId('dnd-end').fill('06:45');
  check(await laptop.getByTestId('dnd-lead').isDisabled(), 'the lead time waits for quiet outside shifts');
  await laptop.getByTestId('dnd-quietOutsideShifts').check();
  await laptop.getByTestId('dnd-lead').fill('999');
  await laptop.getByTestId('dnd-save').click();
  const leadError = laptop.getByTestId('error-leadMinutes');
  await leadError.waitFor();
  check((await leadError.textContent()).length > 0, 'the server’s word on the lead time, next to it');
  check((await laptop.getByTestId('dnd-lead').getAttribute('aria-invalid')) === 'true', 'the field is marked');
  await laptop.getByTestId('dnd-lead').fill('90');
  check(await leadError.isHidden(), 'the error leaves as she types');
  await laptop.getByTestId('dnd-save').click();
  await laptop.locator('[data-testid="dnd-result"].banner-ok').waitFor();
  check((await text(laptop, 'dnd-result')) === 'Do not disturb is saved.', 'saved');
  const kept = await asLisa('/api/v1/notifications/preferences/dnd');
  check(kept.enabled && kept.startTime === '21:30' && kept.endTime === '06:45' && kept.timezone === LAPTOP_ZONE
    && kept.quietOutsideShifts && kept.leadMinutes === 90, `the server has it: ${JSON.stringify(kept)}`);
  await laptop.reload();
  await laptop.getByTestId('dnd-form').waitFor();
  check(await laptop.getByTestId('dnd-enabled').isChecked(), 'on after a reload');
  check((await laptop.getByTestId('dnd-start').inputValue()) === '21:30', 'from 21:30');
  check((await laptop.getByTestId('dnd-lead').inputValue()) === '90', '90 minutes');
  check(await noOverflow(laptop), 'the settings fit a laptop');
  await laptop.mouse.move(0, 0);
  await screenshot(laptop, 'notification-settings-desktop');
  checkProblems(laptop, { 400: 1 }); // the lead time of 999 minutes
  console.log('notifications ok');
} finally {
  await browser.close();
}
