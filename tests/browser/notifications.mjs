// Notifications: Lisa, who reads Dutch (her locale is nl, and so is her phone), has My shifts open
// when the manager publishes the schedule with her new shift: the bell in the top bar turns to 1
// by itself. On /notifications the notification reads "Nieuw rooster: Salon floor", unread, just
// now; a second schedule published meanwhile arrives live at the top. Opening the first follows
// its link to My shifts and reads it; "Mark all as read" clears the bell; × dismisses one (the
// server no longer lists it). Home lists what waits for her (the open shift of the second
// schedule, which she may take; nothing unread). On her laptop, from My account, she turns off e-mail for new
// schedules (it stays off after a reload; "your shift changed" is always sent and cannot be
// turned off) and sets Do Not Disturb: the zone starts as her laptop's, a lead time of 999 minutes
// is refused next to its field, 90 is saved and stays. From the settings she opens the delivery
// analytics: her own (scope "mine"), the figures the server counts, which are what this test caused
// (two schedules, each in the app, both read, and by e-mail), today's bar holding them all; 7 days
// puts ?days=7 in the address and draws 7 bars. The owner, who manages the settings, sees the whole
// workplace. Screenshots: notifications-phone (390×844), notification-settings-desktop (1280×800),
// notification-analytics-desktop, notification-analytics-phone, and notifications-desktop,
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
  // Push on this device: this browser (a secure context: 127.0.0.1) can, and has not subscribed.
  await laptop.getByTestId('push-card').waitFor();
  await laptop.locator('[data-testid="push-state"]:not(:empty)').waitFor();
  const pushState = await text(laptop, 'push-state');
  check(pushState === 'Push is off for this device.', `push: ${pushState}`);
  check((await text(laptop, 'push-toggle')) === 'Turn on', 'the way to turn it on');

  // The e-mail digest: one by one at first; weekly on Friday at 17:30 in her zone (Amsterdam,
  // 16:30 UTC; shown as 17:30 on the laptop in London too), kept after a reload.
  const digest = laptop.getByTestId('digest-form');
  await digest.waitFor();
  check(await laptop.getByTestId('digest-frequency-off').isChecked(), 'one by one at first');
  check(await laptop.getByTestId('digest-time').isHidden(), 'no time while off');
  check((await text(laptop, 'digest-next')) === 'No digest: each e-mail comes by itself.', 'says so');
  await laptop.getByTestId('digest-frequency-weekly').check();
  await laptop.getByTestId('digest-time').fill('17:30');
  await laptop.getByTestId('digest-weekday').selectOption('5');
  await laptop.getByTestId('digest-save').click();
  await laptop.locator('[data-testid="digest-result"].banner-ok').waitFor();
  check((await text(laptop, 'digest-result')) === 'The digest is saved.', 'saved');
  const nextSummary = await text(laptop, 'digest-next');
  check(nextSummary.startsWith('Next summary:') && nextSummary.includes('17:30'), `when: ${nextSummary}`);
  const digestKept = await asLisa('/api/v1/notifications/analytics/digest/settings');
  check(digestKept.frequency === 'weekly' && digestKept.weekday === 5 && digestKept.time === '17:30'
    && digestKept.nextAt === '2026-02-13T16:30:00.000Z', `the server has it: ${JSON.stringify(digestKept)}`);
  await laptop.reload();
  await laptop.getByTestId('digest-form').waitFor();
  check(await laptop.getByTestId('digest-frequency-weekly').isChecked(), 'weekly after a reload');
  check((await laptop.getByTestId('digest-weekday').inputValue()) === '5', 'on Friday');
  check(await noOverflow(laptop), 'the settings fit a laptop');
  await laptop.mouse.move(0, 0);
  await screenshot(laptop, 'notification-settings-desktop');

  // ---- how her notifications fared: the delivery analytics, from the settings ---------------------------
  await laptop.getByTestId('notif-analytics-link').click();
  await laptop.getByTestId('analytics-chart').waitFor();
  check(path(laptop) === '/notifications/analytics', `the link leads to the analytics: ${laptop.url()}`);
  check((await text(laptop, 'page-title')) === 'Notification analytics', 'the analytics title');
  check((await laptop.getByTestId('analytics-days-30').isChecked()), '30 days to begin with');
  const scope = laptop.getByTestId('analytics-scope');
  check((await scope.getAttribute('data-scope')) === 'mine', `her own: ${await scope.getAttribute('data-scope')}`);
  const mine = await text(laptop, 'analytics-scope');
  check(mine === 'Your own notifications', `says so: ${mine}`);

  // The page shows what the server counts ...
  const stats = await asLisa('/api/v1/notifications/analytics?days=30');
  check(stats.scope === 'mine' && stats.from === '2026-01-12' && stats.to === '2026-02-10' && stats.daily.length === 30,
    `the server's period: ${JSON.stringify({ ...stats, daily: stats.daily.length })}`);
  const tile = async (page, key) => {
    const node = page.getByTestId(`analytics-${key}`);
    const shown = (await node.locator('.analytics-value').textContent()).trim();
    return { value: Number(await node.getAttribute('data-value')), shown };
  };
  for (const key of ['sent', 'delivered', 'failed', 'read']) {
    const { value, shown } = await tile(laptop, key);
    check(value === stats.totals[key] && shown === String(stats.totals[key]),
      `${key}: the page says ${value} (${shown}), the server ${stats.totals[key]}`);
  }
  // ... which is what this test made: two schedules, each to her in the app (both read by "mark all
  // as read"; the dismissed one still counts) and by e-mail (still on then), nothing else.
  const inApp = stats.byChannel.find((c) => c.channel === 'in_app')?.counts;
  const email = stats.byChannel.find((c) => c.channel === 'email')?.counts;
  check(JSON.stringify(inApp) === JSON.stringify({ sent: 2, delivered: 2, failed: 0, pending: 0, read: 2 }),
    `in the app: ${JSON.stringify(inApp)}`);
  check(email?.sent === 2 && email.read === 0 && email.delivered + email.failed + email.pending === 2,
    `by e-mail: ${JSON.stringify(email)}`);
  check(stats.totals.sent === 4 && stats.totals.read === 2, `in all: ${JSON.stringify(stats.totals)}`);
  check(stats.byEvent.length === 1 && stats.byEvent[0].eventKey === 'shift.published' && stats.byEvent[0].counts.sent === 4,
    `one event: ${JSON.stringify(stats.byEvent)}`);
  check((await text(laptop, 'analytics-read')).includes('100% of 2 in-app'), `all read: ${await text(laptop, 'analytics-read')}`);
  const cell = async (row, column) => (await row.locator(`td[data-col="${column}"]`).textContent()).trim();
  const appRow = laptop.getByTestId('analytics-channel-in_app');
  const mailRow = laptop.getByTestId('analytics-channel-email');
  check((await cell(appRow, 'sent')) === '2' && (await cell(appRow, 'delivered')) === '2' && (await cell(appRow, 'read')) === '2',
    'the in-app row');
  check((await cell(mailRow, 'sent')) === '2' && (await cell(mailRow, 'failed')) === String(email.failed)
    && (await cell(mailRow, 'read')) === '–', 'the e-mail row: reading an e-mail is not counted');
  const eventRows = laptop.getByTestId('analytics-event');
  check((await eventRows.count()) === 1 && (await eventRows.first().getAttribute('data-event')) === 'shift.published',
    'one event row');
  const eventName = (await eventRows.first().locator('th').textContent()).trim();
  check(eventName === 'A schedule with my shifts is published', `the event by name: ${eventName}`);

  // A bar a day, the last one today's, holding all of them.
  const bars = laptop.getByTestId('analytics-bar');
  check((await bars.count()) === 30, `30 bars: ${await bars.count()}`);
  check((await bars.last().getAttribute('data-date')) === '2026-02-10', 'today last');
  const today = stats.daily.find((d) => d.date === '2026-02-10');
  const todayBar = laptop.locator('[data-testid="analytics-bar"][data-date="2026-02-10"]');
  check(Number(await todayBar.getAttribute('data-sent')) === today.counts.sent && today.counts.sent === 4,
    `today's bar: ${await todayBar.getAttribute('data-sent')}, the server ${JSON.stringify(today)}`);
  const sentPerBar = await bars.evaluateAll((nodes) => nodes.map((n) => Number(n.dataset.sent)));
  check(sentPerBar.reduce((a, b) => a + b, 0) === stats.totals.sent, `the bars add up: ${sentPerBar}`);
  const tip = await todayBar.locator('title').textContent();
  check(tip.startsWith('Tue 10-02-2026: 4 sent, ') && tip.includes('delivered'), `today's tooltip: ${tip}`);
  const chartLabel = await laptop.getByTestId('analytics-chart').getAttribute('aria-label');
  check(chartLabel.includes('4 sent') && (await laptop.getByTestId('analytics-chart').getAttribute('role')) === 'img',
    `the chart is named: ${chartLabel}`);
  check(await noOverflow(laptop), 'the analytics fit a laptop');
  await laptop.mouse.move(0, 0);
  await screenshot(laptop, 'notification-analytics-desktop');

  // A week: in the address, seven bars, and so after a reload.
  await laptop.getByTestId('analytics-days-7').check();
  await laptop.waitForFunction(() => document.querySelectorAll('[data-testid="analytics-bar"]').length === 7, null,
    { timeout: 15_000 });
  check(new URL(laptop.url()).search === '?days=7', `the period in the address: ${laptop.url()}`);
  check((await bars.first().getAttribute('data-date')) === '2026-02-04', 'a week back from today');
  await laptop.reload();
  await laptop.getByTestId('analytics-chart').waitFor();
  check((await bars.count()) === 7 && (await laptop.getByTestId('analytics-days-7').isChecked()),
    'still a week after a reload');

  // On her phone, in Dutch, without sideways scrolling, for a week and for a quarter.
  await phone.goto(`${base}/notifications/settings`);
  await phone.getByTestId('notif-analytics-link').click();
  await phone.getByTestId('analytics-chart').waitFor();
  check((await text(phone, 'page-title')) === 'Meldingsanalyse', 'the analytics in Dutch');
  check((await text(phone, 'analytics-scope')) === 'Je eigen meldingen', 'her own, in Dutch');
  check((await phone.getByTestId('analytics-bar').count()) === 30, '30 bars on a phone');
  check(await noOverflow(phone), 'the analytics fit a phone');
  await phone.mouse.move(0, 0);
  await screenshot(phone, 'notification-analytics-phone');
  await phone.getByTestId('analytics-days-90').check();
  await phone.waitForFunction(() => document.querySelectorAll('[data-testid="analytics-bar"]').length === 90, null,
    { timeout: 15_000 });
  check(await noOverflow(phone), '90 days fit a phone');
  checkProblems(phone);

  // The owner manages the settings: she sees the whole workplace, Lisa's notifications among them. A
  // manager does not (no settings.manage): her own.
  const owner = await newPage(browser);
  await owner.clock.install({ time: new Date(SERVER_NOW) });
  await signIn(owner, people.owner.email, people.password);
  await owner.goto(`${base}/notifications/analytics`);
  await owner.locator('[data-testid="analytics-scope"][data-scope]').waitFor();
  const asOwner = await apiAs(people.owner.email, people.password);
  const workplace = (await asOwner('/api/v1/auth/me')).tenant.name;
  const everyone = await asOwner('/api/v1/notifications/analytics?days=30');
  const ownerScope = await owner.getByTestId('analytics-scope').getAttribute('data-scope');
  check(ownerScope === 'workplace' && everyone.scope === 'workplace', `the owner sees the workplace: ${ownerScope}`);
  const everyoneIn = await text(owner, 'analytics-scope');
  check(everyoneIn === `Everyone in ${workplace}`, `says so: ${everyoneIn}`);
  const ownerSent = (await tile(owner, 'sent')).value;
  check(ownerSent === everyone.totals.sent && ownerSent >= stats.totals.sent,
    `the workplace sent ${ownerSent}, Lisa got ${stats.totals.sent}`);
  check((await asMia('/api/v1/notifications/analytics')).scope === 'mine', 'a manager sees her own');
  checkProblems(owner);

  // Tom was told nothing: no chart, but a word that there is nothing.
  const tom = await newPage(browser);
  await tom.clock.install({ time: new Date(SERVER_NOW) });
  await signIn(tom, people.members[1].email, people.password);
  await tom.goto(`${base}/notifications/analytics`);
  await tom.getByTestId('analytics-empty').waitFor();
  check((await text(tom, 'analytics-empty')) === 'No notifications in this period', 'nothing in this period');
  const tomSent = await tom.getByTestId('analytics-sent').getAttribute('data-value');
  check(!(await tom.getByTestId('analytics-chart').count()) && tomSent === '0', `no chart, nothing sent: ${tomSent}`);
  checkProblems(tom);
  checkProblems(laptop, { 400: 1 }); // the lead time of 999 minutes
  console.log('notifications ok');
} finally {
  await browser.close();
}
