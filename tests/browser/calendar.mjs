// Subscribe to my calendar: a member opens My shifts on a phone and finds her calendar address
// (an https URL ending in .ics, a webcal:// link, a QR code image). The address answers an
// iCalendar file with her approved time off. She makes a new address after confirming: the page
// shows the new one, the old one answers 404 at once, the new one answers the calendar.
// Screenshot: calendar-feed-phone (390×844).
// usage: node calendar.mjs BASE_URL PEOPLE_JSON
import { base, check, checkProblems, launch, newPage, noOverflow, screenshot, signIn } from './lib.mjs';
import { apiAs } from './member-flow.mjs';

const people = process.argv[3] && JSON.parse(process.argv[3]);
if (!people?.members?.length) throw new Error('usage: node calendar.mjs BASE_URL PEOPLE_JSON');

const SERVER_NOW = '2026-02-10T09:00:00Z'; // tests/api/support.rs FIXED_NOW
const member = people.members[0];
const asOwner = await apiAs(people.owner.email, people.password);
const asMember = await apiAs(member.email, people.password);
const me = (await asMember('/api/v1/auth/me')).user;
await asOwner('/api/v1/schedules', { method: 'POST', body: { name: 'Salon floor', assigneeUserIds: [me.id] } });
const off = await asMember('/api/v1/time-off', { method: 'POST', body: { kind: 'vacation', startDate: '2026-03-02',
  endDate: '2026-03-04', note: 'Family visit' } });
await asOwner(`/api/v1/time-off/${off.id}/approve`, { method: 'POST', body: {} });

const ics = async (url) => {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type') || '', body: await response.text() };
};

const browser = await launch();
try {
  const phone = await newPage(browser, { mobile: true, timezoneId: 'Europe/Amsterdam' });
  await phone.clock.install({ time: new Date(SERVER_NOW) });
  await signIn(phone, member.email, people.password);
  await phone.goto(`${base}/my-shifts`);
  const urlBox = phone.getByTestId('feed-url');
  await urlBox.waitFor();
  const first = await urlBox.inputValue();
  check(first.startsWith(base) && first.endsWith('.ics'), `the address: ${first}`);
  const webcal = await phone.getByTestId('feed-webcal').getAttribute('href');
  check(webcal === first.replace(/^https?:\/\//, 'webcal://'), `the webcal link: ${webcal}`);
  const qr = phone.getByTestId('feed-qr');
  await qr.scrollIntoViewIfNeeded();
  check(await qr.evaluate((box) => box.querySelector('svg')?.getBoundingClientRect().width > 100
    && box.querySelectorAll('svg path, svg rect').length > 0), 'the QR code draws');

  const feed = await ics(first);
  check(feed.status === 200 && feed.type.startsWith('text/calendar'), `the feed answers: ${feed.status} ${feed.type}`);
  check(feed.body.startsWith('BEGIN:VCALENDAR') && feed.body.includes('20260302'), `her time off is in it: ${feed.body.slice(0, 400)}`);
  check(await noOverflow(phone), 'nothing wider than the phone');
  await phone.getByTestId('feed-card').scrollIntoViewIfNeeded();
  await screenshot(phone, 'calendar-feed-phone');

  // A new address, after confirming; cancelling first keeps the old one.
  await phone.getByTestId('feed-regenerate').click();
  const dialog = phone.getByTestId('feed-regenerate-dialog');
  await dialog.waitFor();
  await dialog.getByTestId('dialog-cancel').click();
  await dialog.waitFor({ state: 'detached' });
  check((await urlBox.inputValue()) === first, 'cancelled: the same address');
  await phone.getByTestId('feed-regenerate').click();
  await dialog.getByTestId('dialog-submit').click();
  await phone.getByTestId('feed-notice').waitFor();
  await phone.waitForFunction((old) => document.querySelector('[data-testid="feed-url"]')?.value !== old, first);
  const second = await phone.getByTestId('feed-url').inputValue();
  check(second.endsWith('.ics') && second !== first, `a new address: ${second}`);
  check((await ics(first)).status === 404, 'the old address answers 404');
  check((await ics(second)).status === 200, 'the new one answers');
  check((await asMember('/api/v1/me/calendar')).url === second, 'the server agrees');

  checkProblems(phone);
  console.log('calendar ok');
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await browser.close();
}
