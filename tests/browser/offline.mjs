// The time clock opens without a network: a member signs in on her phone and clocks in at the
// salon (the app's files are now kept by the service worker). The Wi-Fi dies; she reopens the
// clock — the page comes from this phone alone (every request to the server, the service
// worker's own included, is refused) and shows her clocked in since 10:00, as the phone
// remembers it, saying so. She clocks out: the punch waits on the phone. The network returns and
// the punch reaches the server with the moment of the tap. Once she signs out, the phone no longer
// opens the clock for her offline: nothing of her stays behind. Screenshot: clock-phone-cold-start.
// usage: node offline.mjs BASE_URL PEOPLE_JSON
import { base, check, checkProblems, launch, newPage, screenshot, signIn, text, userMenu } from './lib.mjs';
import { apiAs } from './member-flow.mjs';

const people = process.argv[3] && JSON.parse(process.argv[3]);
if (!people?.members?.length) throw new Error('usage: node offline.mjs BASE_URL PEOPLE_JSON');

const SERVER_NOW = '2026-02-10T09:00:00Z'; // tests/api/support.rs FIXED_NOW: 10:00 in the salon
const ZONE = 'Europe/Amsterdam';
const member = people.members[0];
const asMember = await apiAs(member.email, people.password);

async function expectStatus(page, status) {
  await page.locator(`[data-testid="clock-status"][data-status="${status}"]`).waitFor();
}

// No network at all: the page's requests and the service worker's fail alike (counted, so the
// test knows the worker asked and got nothing: what it showed came from its cache).
const refused = { page: 0, worker: 0 };
async function cut(context) {
  await context.setOffline(true);
  await context.route('**/*', (route) => {
    refused[route.request().serviceWorker() ? 'worker' : 'page'] += 1;
    return route.abort('internetdisconnected');
  });
}

async function restore(context) {
  await context.unroute('**/*');
  await context.setOffline(false);
}

const offlineNoise = /ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|ERR_FAILED|WebSocket connection|Failed to fetch|net::/;

const browser = await launch();
try {
  const phone = await newPage(browser, { mobile: true, timezoneId: ZONE });
  const context = phone.context();
  await phone.clock.install({ time: new Date(SERVER_NOW) });
  await signIn(phone, member.email, people.password);
  await phone.goto(`${base}/clock`);
  await expectStatus(phone, 'out');
  // The service worker has taken the page and kept the app's files.
  await phone.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 15_000 })
    .catch(async () => {
      await phone.reload();
      await phone.waitForFunction(() => navigator.serviceWorker?.controller, null, { timeout: 15_000 });
    });
  await phone.waitForFunction(async () => {
    const names = await caches.keys();
    const cache = names.length && await caches.open(names[0]);
    return cache && (await cache.keys()).some((r) => new URL(r.url).pathname === '/assets/pages/clock.js');
  }, null, { timeout: 15_000 });
  await phone.getByTestId('clock-in').click();
  await expectStatus(phone, 'in');

  // The Wi-Fi dies; she opens the clock again from nothing but the phone.
  await cut(context);
  await phone.goto(`${base}/clock`);
  await expectStatus(phone, 'in');
  check((await text(phone, 'clock-status')) === 'Clocked in', 'clocked in, as the phone remembers');
  check((await text(phone, 'clock-sub')).startsWith('Worked since 10:00'), `since 10:00: ${await text(phone, 'clock-sub')}`);
  const note = await text(phone, 'clock-offline');
  check(note.startsWith('No connection: this is where you stood at 10:00'), `the page says where it stands: ${note}`);
  check(await phone.getByTestId('app-error').count() === 0, 'no error page');
  check(refused.worker > 0, `the service worker found no network either: ${JSON.stringify(refused)}`);
  await phone.waitForTimeout(3000);
  const tappedAt = await phone.evaluate(() => new Date().toISOString());
  await phone.getByTestId('clock-out').click();
  await expectStatus(phone, 'out');
  await phone.getByTestId('clock-queue').waitFor();
  check((await text(phone, 'clock-queue-count')) === '1 waiting', 'the punch waits on the phone');
  await phone.mouse.move(0, 0);
  await screenshot(phone, 'clock-phone-cold-start');
  check((await asMember('/api/v1/clock')).status === 'in', 'the server has not heard of it yet');

  // The network is back: the punch goes with the moment of the tap.
  await phone.waitForTimeout(2500);
  await restore(context);
  await phone.getByTestId('clock-queue').waitFor({ state: 'hidden', timeout: 15_000 });
  await phone.getByTestId('clock-offline').waitFor({ state: 'hidden' });
  const state = await asMember('/api/v1/clock');
  check(state.status === 'out', `the server: ${JSON.stringify(state)}`);
  const out = state.lastEntry?.clockOutAt;
  const gap = Date.parse(out) - Date.parse(tappedAt);
  check(gap >= -1000 && gap <= 1000, `clocked out at ${out}, tapped at ${tappedAt}`);

  // Signed out, the phone keeps nothing of her: offline, the app cannot open the clock.
  await userMenu(phone, 'logout');
  await phone.waitForURL(/\/login/);
  check(await phone.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('staffroom.offline.')).length) === 0,
    'nothing of her is remembered');
  await cut(context);
  await phone.goto(`${base}/clock`);
  await phone.getByTestId('app-error').waitFor();
  check(await phone.getByTestId('app-offline-clock').count() === 0, 'no way to the clock without her');
  await restore(context);

  phone.problems.splice(0, phone.problems.length, ...phone.problems.filter((p) => !offlineNoise.test(p)));
  checkProblems(phone);
} finally {
  await browser.close();
}
