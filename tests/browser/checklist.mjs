// The owner's first day: the wizard (its setup code checked on the first step), then the onboarding
// checklist on home — business details and opening hours ticked by auto-check, business details
// edited from the checklist, e-mail skipped, the team invited (the invitation waits in the outbox,
// and the page says so), the schedule's two tasks skipped, the checklist dismissed for good. Then the invited member accepts through
// the outbox's link, is signed in at once and sees a member's home. A deep link survives signing in.
// usage: node checklist.mjs BASE_URL SETUP_CODE
//   (a fresh instance whose setup is pending, with a setup code; no SMTP server; no rate limits
//   for loopback)
import { base, launch, newPage, screenshot, check, checkProblems, noOverflow, path, text } from './lib.mjs';

const code = process.argv[3];
if (!code) throw new Error('usage: node checklist.mjs BASE_URL SETUP_CODE');
const owner = { name: 'Anna de Vries', email: 'anna@salon.example', password: 'correct horse battery' };
const member = { first: 'Bo', last: 'Jansen', email: 'bo@salon.example', password: 'bo kiest een wachtwoord' };
const business = 'Salon Bella';
const note = 'Questions about your hours? Call Anna on 06 1234 5678.';

const next = (page) => page.getByTestId('setup-next').click();
const task = (page, name) => page.getByTestId(`task-${name}`);
const count = (page) => text(page, 'checklist-count');

// Home after auto-check: the checklist's count once the page has settled.
async function home(page) {
  await page.getByTestId('nav-home').click();
  await page.getByTestId('checklist').waitFor();
}

const browser = await launch();
try {
  const page = await newPage(browser);

  // ---- the wizard: a wrong code is refused on its own step, before anything else is asked ----
  await page.goto(`${base}/setup`);
  await page.getByTestId('setup-step-code').waitFor();
  await page.getByLabel('Setup code').fill('ZZZZ-ZZZZ-ZZZZ');
  await next(page);
  await page.getByTestId('error-setupCode').waitFor();
  check((await text(page, 'error-setupCode')).startsWith('That setup code is not right.'), 'wrong code explained at once');
  check((await page.getByTestId('setup-step-code').count()) === 1, 'still on the code step');
  await page.getByLabel('Setup code').fill(code);
  await next(page);
  await page.getByTestId('setup-step-business').waitFor();
  await page.getByLabel('Business name').fill(business);
  await page.getByLabel('Business e-mail').fill('info@salon.example');
  await page.getByLabel('Address').fill('Kerkstraat 12, Haarlem');
  await page.getByLabel('Time zone').selectOption('Europe/Amsterdam');
  await next(page);
  await page.getByTestId('setup-step-hours').waitFor();
  await next(page);
  await page.getByTestId('setup-step-owner').waitFor();
  await page.getByLabel('Your name').fill(owner.name);
  await page.getByLabel('Your e-mail address').fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await next(page);

  // ---- the checklist: auto-check ticked what the wizard filled in ----
  await page.getByTestId('checklist').waitFor();
  check(path(page) === '/', 'home after setup');
  check((await text(page, 'home-greeting')) === 'Welcome to Staffroom, Anna', `owner welcomed: ${await text(page, 'home-greeting')}`);
  check((await count(page)) === '2 of 6 done', `2 of 6 after auto-check: ${await count(page)}`);
  check((await task(page, 'business_details').getAttribute('data-status')) === 'completed', 'business details done');
  check((await task(page, 'opening_hours').getAttribute('data-status')) === 'completed', 'opening hours done');
  check((await task(page, 'email').getAttribute('class')).includes('task-next'), 'e-mail is up next');
  check((await task(page, 'email').getByTestId('task-tag').textContent()) === 'Up next', 'marked "Up next"');
  check((await task(page, 'business_details').getByTestId('task-sub').textContent())
    === 'Salon Bella · Kerkstraat 12, Haarlem · Europe/Amsterdam', 'business details summed up');
  check((await task(page, 'opening_hours').getByTestId('task-sub').textContent()) === 'Open 6 days · closed on Sunday',
    `hours summed up: ${await task(page, 'opening_hours').getByTestId('task-sub').textContent()}`);
  check((await page.locator('progress').getAttribute('value')) === '2', 'progress bar');
  check((await page.getByTestId('checklist-dismiss').count()) === 0, 'nothing to dismiss yet');
  await page.getByTestId('home-hours').waitFor();
  check(['Open now', 'Closed now'].includes(await text(page, 'home-open-now')), 'open or closed now');
  check((await page.getByTestId('home-hours-today').count()) === 1, 'today picked out');
  await screenshot(page, 'checklist-start');

  // ---- business details, opened from the checklist ----
  await task(page, 'business_details').getByTestId('task-action').click();
  await page.getByTestId('business-form').waitFor();
  check(path(page) === '/settings/business', 'business details page');
  check((await page.getByLabel('Business name').inputValue()) === business, 'name filled in');
  check((await page.getByLabel('Time zone').inputValue()) === 'Europe/Amsterdam', 'time zone filled in');
  check((await page.getByLabel('Sunday opens').isDisabled()), 'a closed day has no times');
  await page.getByLabel('Phone number').fill('+31 23 123 4567');
  // A closing time before the opening time is caught at the field.
  await page.getByLabel('Thursday opens').fill('09:00');
  await page.getByLabel('Thursday closes').fill('08:00');
  await page.getByTestId('business-save').click();
  await page.getByTestId('error-openingHours[3].closeTime').waitFor();
  check((await text(page, 'error-openingHours[3].closeTime')) === 'Closing time must be after opening time.', 'order checked');
  await page.getByLabel('Thursday closes').fill('21:00');
  let sent = [];
  await page.route('**/api/v1/organizations/**', (route) => {
    if (route.request().method() === 'PATCH') sent.push(route.request().postDataJSON());
    route.continue();
  });
  await page.getByTestId('business-save').click();
  await page.getByTestId('business-toast').waitFor();
  check((await text(page, 'business-toast')) === 'Business details saved.', 'saved');
  check(JSON.stringify(sent[0]) === '{"phone":"+31 23 123 4567"}', `only the phone sent: ${JSON.stringify(sent[0])}`);
  const thursday = sent[1]?.openingHours?.find((h) => h.dayOfWeek === 4);
  check(thursday?.closeTime === '21:00' && thursday.openTime === '09:00', `Thursday sent: ${JSON.stringify(sent[1])}`);
  await page.unroute('**/api/v1/organizations/**');
  await screenshot(page, 'business-desktop');
  await page.reload();
  await page.getByTestId('business-form').waitFor();
  check((await page.getByLabel('Phone number').inputValue()) === '+31 23 123 4567', 'phone kept');
  check((await page.getByLabel('Thursday closes').inputValue()) === '21:00', 'Thursday kept');

  // A new name is the workplace's name in the sidebar at once.
  await page.getByLabel('Business name').fill('Salon Bella Haarlem');
  await page.getByTestId('business-save').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="workplace-name"]').textContent === 'Salon Bella Haarlem');
  await page.getByLabel('Business name').fill(business);
  await page.getByTestId('business-save').click();
  await page.waitForFunction((name) => document.querySelector('[data-testid="workplace-name"]').textContent === name, business);

  // ---- back home: skip e-mail ----
  await home(page);
  check((await count(page)) === '2 of 6 done', 'still 2 of 6');
  await task(page, 'email').getByTestId('task-skip').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="task-email"]')?.dataset.status === 'skipped');
  check((await count(page)) === '3 of 6 done', '3 of 6 after skipping');
  check((await task(page, 'invite_team').getByTestId('task-tag').textContent()) === 'Up next', 'the team is up next');
  check((await task(page, 'email').getByTestId('task-sub').textContent()).includes('wait in the outbox'), 'skipping explained');

  // ---- the team page, from the checklist: the invitation waits in the outbox ----
  await task(page, 'invite_team').getByTestId('task-action').click();
  await page.getByTestId('users-page').waitFor();
  check(path(page) === '/users', 'team page');
  await page.getByTestId('users-invite').click();
  const dialog = page.getByTestId('invite-dialog');
  await dialog.getByLabel('First name').fill(member.first);
  await dialog.getByLabel('Last name').fill(member.last);
  await dialog.getByLabel('E-mail address').fill(member.email);
  await dialog.getByTestId('dialog-submit').click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('users-notice').waitFor();
  const said = await text(page, 'users-notice');
  check(said.includes('waits in the outbox') && !said.includes('sent'), `no "sent" without a mail server: ${said}`);
  await page.getByTestId('users-mail-warning').getByText('Bo Jansen').waitFor();
  check((await page.getByTestId('users-outbox-link').count()) === 1, 'a way to the outbox');
  await screenshot(page, 'checklist-invited');

  // ---- all done: dismiss the checklist, for good ----
  await home(page);
  check((await count(page)) === '4 of 6 done', `4 of 6: ${await count(page)}`);
  check((await task(page, 'invite_team').getByTestId('task-sub').textContent()) === '2 people in your team', 'team counted');
  // The schedule's two tasks (scheduling has its own tests): skipped here, one after the other.
  check((await task(page, 'first_schedule').getByTestId('task-tag').textContent()) === 'Up next', 'a schedule is up next');
  check((await task(page, 'first_schedule').getByTestId('task-action').getAttribute('href')) === '/schedules', 'to the schedules');
  for (const [code, done] of [['first_schedule', '5 of 6 done'], ['publish_week', '6 of 6 done']]) {
    await task(page, code).getByTestId('task-skip').click();
    await page.waitForFunction((c) => document.querySelector(`[data-testid="task-${c}"]`)?.dataset.status === 'skipped', code);
    check((await count(page)) === done, `${done}: ${await count(page)}`);
  }
  await page.getByTestId('checklist-all-done').waitFor();
  await screenshot(page, 'checklist-done');
  await page.getByTestId('checklist-dismiss').click();
  const confirm = page.getByTestId('checklist-dismiss-dialog');
  await confirm.waitFor();
  await confirm.getByTestId('dialog-submit').click();
  await confirm.waitFor({ state: 'detached' });
  await page.getByTestId('home-account').waitFor();
  check((await page.getByTestId('checklist').count()) === 0, 'the checklist is gone');
  check((await text(page, 'home-greeting')) === 'Hello, Anna', 'a plain greeting now');
  await page.reload();
  await page.getByTestId('home-account').waitFor();
  check((await page.getByTestId('checklist').count()) === 0, 'and stays gone');
  check(await page.getByTestId('home-users-link').isVisible(), 'the owner keeps the shortcuts');

  // A note for the team, shown on everyone's home.
  await page.goto(`${base}/settings/organization`);
  await page.getByTestId('setting-general.contact_text').fill(note);
  await page.getByTestId('org-save-general').click();
  await page.getByTestId('org-result-general').getByText('1 setting saved.').waitFor();

  // ---- the outbox: the invitation's link, to pass on by hand ----
  await page.goto(`${base}/settings/email/outbox`);
  const mail = page.locator('[data-testid="outbox-item"][data-kind="invitation"]');
  await mail.waitFor();
  check((await mail.getByTestId('outbox-status').textContent()) === 'Waiting', 'waiting');
  await mail.locator('summary').click();
  const body = await mail.getByTestId('outbox-body').textContent();
  const link = body.match(/https?:\/\/\S+\/accept-invitation\?token=\S+/)?.[0];
  check(link, `an invitation link in ${body}`);
  check((await mail.getByTestId('outbox-handled').count()) === 1 && (await mail.getByTestId('outbox-discarded').count()) === 1,
    'a waiting mail can be closed by hand');
  checkProblems(page, { 403: 1 }); // the wrong setup code

  // ---- the member accepts, is signed in at once, and sees a member's home ----
  const bo = await newPage(browser);
  const accept = `${base}${new URL(link).pathname}${new URL(link).search}`;
  await bo.goto(accept);
  await bo.getByTestId('accept-form').waitFor();
  check((await bo.locator('h1').textContent()) === `Join ${business}`, 'the workplace is named');
  check((await text(bo, 'accept-email')).includes(member.email), 'the address shown');
  await bo.getByLabel('Choose a password').fill(member.password);
  await bo.getByLabel('Repeat the new password').fill(member.password);
  await screenshot(bo, 'accept-join');
  await bo.getByTestId('accept-submit').click();
  await bo.getByTestId('home-greeting').waitFor();
  check(path(bo) === '/', 'home after accepting');
  check((await text(bo, 'home-greeting')) === 'Hello, Bo', `member greeted: ${await text(bo, 'home-greeting')}`);
  check((await bo.getByTestId('checklist').count()) === 0, 'no checklist for a member');
  check((await text(bo, 'home-role')) === 'Team member', 'role shown');
  check((await text(bo, 'home-email')) === member.email, 'address shown');
  await bo.getByTestId('home-message').waitFor();
  check((await text(bo, 'home-message')) === note, 'the workplace\'s note');
  await bo.getByTestId('home-hours').waitFor();
  check((await bo.getByTestId('home-hours-edit').count()) === 0, 'a member cannot change the hours');
  check(!/schedule|shift|clock|chat/i.test(await bo.locator('main').textContent()), 'no promises of missing features');
  await screenshot(bo, 'home-member');
  checkProblems(bo);

  // The used link: no form, a way to sign in.
  const again = await newPage(browser);
  await again.goto(accept);
  await again.getByTestId('accept-gone').waitFor();
  check((await again.getByTestId('accept-form').count()) === 0, 'no form for a used link');
  check((await again.getByTestId('accept-login').getAttribute('href')) === '/login', 'a way to sign in');
  checkProblems(again, { 410: 1 });

  // The outbox no longer shows the spent link's text.
  await page.goto(`${base}/settings/email/outbox`);
  await mail.waitFor();
  await mail.locator('summary').click();
  await mail.getByTestId('outbox-hidden').waitFor();
  check((await mail.getByTestId('outbox-body').count()) === 0, 'a spent link is not shown');
  await screenshot(page, 'outbox-spent');

  // ---- a deep link survives signing in; a foreign one does not ----
  const deep = await newPage(browser);
  await deep.goto(`${base}/settings/email`);
  await deep.getByTestId('login-page').waitFor();
  check(new URL(deep.url()).searchParams.get('next') === '/settings/email', `next kept: ${deep.url()}`);
  await deep.locator('input[name="email"]').fill(owner.email);
  await deep.locator('input[name="password"]').fill(owner.password);
  await deep.getByTestId('login-submit').click();
  await deep.getByTestId('email-status').waitFor();
  check(path(deep) === '/settings/email', 'back on the page the link pointed at');
  // Only an owner may change the mail server; the page says why to others (see email.mjs).
  check((await deep.getByTestId('smtp-owner-only').count()) === 0, 'the owner edits the mail server');
  await deep.getByTestId('user-menu').click();
  await deep.getByTestId('user-menu-logout').click();
  await deep.getByTestId('login-page').waitFor();
  await deep.goto(`${base}/login?next=${encodeURIComponent('//evil.example/x')}`);
  await deep.locator('input[name="email"]').fill(owner.email);
  await deep.locator('input[name="password"]').fill(owner.password);
  await deep.getByTestId('login-submit').click();
  await deep.getByTestId('home-greeting').waitFor();
  check(new URL(deep.url()).origin === new URL(base).origin && path(deep) === '/', 'a foreign next is ignored');
  checkProblems(deep);

  // ---- phones ----
  const phone = await newPage(browser, { mobile: true });
  await phone.goto(`${base}/login`);
  await phone.locator('input[name="email"]').fill(member.email);
  await phone.locator('input[name="password"]').fill(member.password);
  await phone.getByTestId('login-submit').click();
  await phone.getByTestId('home-account').waitFor();
  check(await noOverflow(phone), 'a member\'s home fits a phone');
  await screenshot(phone, 'home-member-phone');
  await phone.goto(`${base}/settings/business`);
  await phone.getByTestId('forbidden-page').waitFor();
  checkProblems(phone);
  console.log('checklist ok');
} finally {
  await browser.close();
}
