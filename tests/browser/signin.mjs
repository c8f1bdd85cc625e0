// Sign-in: the first-run wizard creates the owner, who then logs out, fails and succeeds to log in,
// and stays signed in across a reload through the refresh cookie.
// usage: node signin.mjs BASE_URL SETUP_CODE (on a fresh instance whose setup is pending)
import { base, launch, newPage, screenshot, check } from './lib.mjs';

const code = process.argv[3];
if (!code) throw new Error('usage: node signin.mjs BASE_URL SETUP_CODE');
const shown = code.toUpperCase().replace(/[^0-9A-Z]/g, '').match(/.{1,4}/g).join('-');
const owner = { name: 'Anna de Vries', email: 'anna@salon.test', password: 'correct horse battery' };
const business = 'Salon Anna';

const text = async (page, testId) => (await page.getByTestId(testId).textContent()).trim();
const path = (page) => new URL(page.url()).pathname;
const next = (page) => page.getByTestId('setup-next').click();
const noOverflow = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

const browser = await launch();
try {
  // The wizard on a phone, looked at but not submitted.
  const phone = await newPage(browser, { mobile: true });
  await phone.goto(`${base}/setup?code=${encodeURIComponent(code)}`);
  await phone.getByTestId('setup-step-code').waitFor();
  await screenshot(phone, 'setup-phone-code');
  check(await noOverflow(phone), 'code step fits a phone');
  await next(phone);
  await phone.getByLabel('Business name').fill(business);
  await next(phone);
  await phone.getByTestId('setup-step-hours').waitFor();
  check(await noOverflow(phone), 'opening hours fit a phone');
  await screenshot(phone, 'setup-phone-hours');
  check(phone.problems.length === 0, phone.problems.join('\n'));

  const page = await newPage(browser);
  await page.goto(`${base}/?code=${encodeURIComponent(code)}`);
  await page.getByTestId('setup-step-code').waitFor();
  check(path(page) === '/setup', `sent to the wizard, not ${page.url()}`);
  check((await page.getByLabel('Setup code').inputValue()) === shown, 'setup code prefilled');
  await screenshot(page, 'setup-1-code');
  // A wrong code is checked with the server on its own step, before anything else is asked.
  await page.getByLabel('Setup code').fill('ZZZZ-ZZZZ-ZZZZ');
  await next(page);
  await page.getByTestId('error-setupCode').waitFor();
  check((await text(page, 'error-setupCode')).startsWith('That setup code is not right.'), 'wrong setup code explained');
  check((await page.getByTestId('setup-step-code').count()) === 1, 'still on the code step');
  await page.getByLabel('Setup code').fill(shown);
  await next(page);

  await page.getByTestId('setup-step-business').waitFor();
  await next(page);
  check((await text(page, 'error-salonName')) === 'Please fill this in.', 'business name is required');
  await page.getByLabel('Business name').fill(business);
  await page.getByLabel('Business e-mail').fill('info@salon.test');
  await page.getByLabel('Phone number').fill('+31 20 123 4567');
  await page.getByLabel('Address').fill('Kerkstraat 1, Amsterdam');
  const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  check((await page.getByLabel('Time zone').inputValue()) === zone, 'browser time zone preselected');
  await page.getByLabel('Time zone').selectOption('Europe/Amsterdam');
  await screenshot(page, 'setup-2-business');
  await next(page);

  await page.getByTestId('setup-step-hours').waitFor();
  const sunday = page.getByRole('group', { name: 'Sunday' });
  check(await sunday.getByLabel('Closed').isChecked(), 'Sunday closed by default');
  check((await page.getByRole('group', { name: 'Saturday' }).getByLabel('Opens').inputValue()) === '10:00', 'Saturday opens at ten');
  await page.getByRole('group', { name: 'Wednesday' }).getByLabel('Closed').check();
  const monday = page.getByRole('group', { name: 'Monday' });
  await monday.getByLabel('Closes').fill('08:00');
  await next(page);
  check((await text(page, 'error-openingHours[0].closeTime')) === 'Closing time must be after opening time.', 'hours checked');
  await monday.getByLabel('Closes').fill('18:30');
  await screenshot(page, 'setup-3-hours');
  await next(page);

  await page.getByTestId('setup-step-owner').waitFor();
  await page.getByLabel('Your name').fill(owner.name);
  await page.getByLabel('Your e-mail address').fill(owner.email);
  const password = page.getByLabel('Password', { exact: true });
  await password.fill('short');
  await next(page);
  check((await text(page, 'error-adminPassword')) === 'Use at least 8 characters.', 'password length checked');
  await password.fill(owner.password);
  await page.getByRole('button', { name: 'Show' }).click();
  check((await password.getAttribute('type')) === 'text', 'password can be shown');
  await screenshot(page, 'setup-4-owner');
  await page.getByTestId('setup-back').click();
  await page.getByTestId('setup-step-hours').waitFor();
  await next(page);
  check((await page.getByLabel('Your name').inputValue()) === owner.name, 'answers kept across steps');
  // Hold the request until the busy button has been seen, and read what the wizard sends.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  let sent = null;
  let seen;
  const requested = new Promise((resolve) => { seen = resolve; });
  await page.route('**/api/v1/auth/setup', async (route) => {
    sent = route.request().postDataJSON();
    seen();
    await held;
    await route.continue();
  });
  await next(page);
  await page.getByRole('button', { name: 'Setting up…' }).waitFor();
  check(await page.getByTestId('setup-next').isDisabled(), 'no second submit while the first runs');
  // The busy button can show before the route handler has run: wait for the request itself.
  await requested;
  release();
  const day = (n) => sent.openingHours.find((h) => h.dayOfWeek === n);
  check(sent.openingHours.length === 7 && day(0).isClosed && day(3).isClosed && !day(6).isClosed, 'closed days sent, Sunday = 0');
  check(day(1).closeTime === '18:30' && day(1).openTime === '09:00', 'changed time sent');
  check(sent.timezone === 'Europe/Amsterdam' && sent.salonName === business, 'business sent');

  await page.getByTestId('home-greeting').waitFor();
  check(path(page) === '/', 'home after setup');
  check((await text(page, 'home-greeting')) === 'Welcome to Staffroom, Anna', 'owner greeted by name');
  await page.getByTestId('checklist').waitFor();
  check((await page.getByTestId('checklist').locator('h2').textContent()) === `Get ${business} ready`, 'checklist for the workplace');
  check((await text(page, 'user-menu-name')) === owner.name, 'name in the menu');
  check((await page.title()) === `Home · ${business}`, 'window title names page and workplace');
  check((await page.getByTestId('insecure-notice').count()) === 0, 'no plain-HTTP notice on loopback');
  await screenshot(page, 'home-desktop');

  await page.getByTestId('user-menu').click();
  await page.getByTestId('user-menu-logout').click();
  await page.getByTestId('login-page').waitFor();
  check(path(page) === '/login', 'logged out to the login page');
  check(await page.getByTestId('user-menu').isHidden(), 'the shell forgets the user');

  await page.getByLabel('E-mail address', { exact: true }).fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill('not the password');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('login-error').waitFor();
  check((await text(page, 'login-error')) === 'The e-mail address or password is wrong.', 'wrong password explained');
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('home-greeting').waitFor();

  await page.reload();
  await page.getByTestId('home-greeting').waitFor();
  check((await text(page, 'home-greeting')) === 'Welcome to Staffroom, Anna', 'still signed in after a reload');

  // The owner sees the server in plain words on the status page, the figures behind "Details".
  await page.getByTestId('home-status-link').click();
  await page.getByTestId('check-backups').waitFor();
  check((await text(page, 'db-size')).startsWith('healthy, '), `database in plain words: ${await text(page, 'db-size')}`);
  check(/ free$/.test(await text(page, 'free-disk')), 'free disk space');
  check((await text(page, 'last-backup')).length > 0, 'last backup');
  check(await page.getByTestId('synchronous').isHidden(), 'engine figures folded away');
  await page.getByTestId('status-details-toggle').click();
  await page.getByTestId('synchronous').waitFor();
  check((await text(page, 'synchronous')) === 'FULL', 'storage figures for the owner');
  check(/^\d+$/.test(await text(page, 'schema-version')), 'schema version for the owner');
  check((await page.getByTestId('status-signin-hint').count()) === 0, 'no sign-in hint when signed in');
  await screenshot(page, 'status-owner');

  // Chromium logs every refused request; exactly the two refusals above are expected.
  const refused = page.problems.filter((p) => /status of (401|403)/.test(p));
  const others = page.problems.filter((p) => !refused.includes(p));
  check(refused.length === 2 && others.length === 0, page.problems.join('\n'));

  // A stranger after setup: /login stays, /setup is closed.
  const stranger = await newPage(browser);
  await stranger.goto(`${base}/login`);
  await stranger.getByTestId('login-page').waitFor();
  check(path(stranger) === '/login', 'login page stays');
  await stranger.goto(`${base}/setup?code=${encodeURIComponent(code)}`);
  await stranger.getByTestId('login-page').waitFor();
  check(path(stranger) === '/login', 'setup closed after it is done');
  check(stranger.problems.length === 0, stranger.problems.join('\n'));
  console.log('sign-in ok');
} finally {
  await browser.close();
}
