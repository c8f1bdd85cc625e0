// The invitation flow, in two stages with the invitation mail read in between (by the Rust test):
//   node invite.mjs BASE invite OWNER_EMAIL OWNER_PASSWORD
//     the owner signs in, opens the team page, invites Bo Jansen as manager and sees him invited;
//   node invite.mjs BASE accept LINK
//     Bo opens the link from the mail (the page names the workplace and his address), chooses a
//     password and is signed in at once; the link then is used up and gets no form.
import { base, launch, newPage, screenshot, check, checkProblems, noOverflow, path, signIn, text } from './lib.mjs';

const [stage, ...args] = process.argv.slice(3);
const bo = { first: 'Bo', last: 'Jansen', email: 'bo@salon.example', password: 'bo kiest een wachtwoord' };
const row = (page, email) => page.locator(`[data-testid="user-row"][data-email="${email}"]`);

async function invite(ownerEmail, ownerPassword) {
  const browser = await launch();
  try {
    const page = await newPage(browser);
    await signIn(page, ownerEmail, ownerPassword);
    check(await page.getByTestId('home-users-link').isVisible(), 'the owner sees the team link on the home page');
    await page.getByTestId('nav-users').click();
    await page.getByTestId('users-page').waitFor();
    await row(page, ownerEmail).waitFor();
    check(path(page) === '/users', 'team page');
    check((await page.getByTestId('nav-users').getAttribute('aria-current')) === 'page', 'current page marked in the menu');
    check((await row(page, ownerEmail).getByTestId('user-role').textContent()) === 'Owner', 'role translated');
    check((await row(page, ownerEmail).getByTestId('user-status').textContent()) === 'Active', 'status translated');
    check((await row(page, ownerEmail).getByTestId('user-deactivate').count()) === 0, 'nobody deactivates themselves');
    check((await text(page, 'users-total')) === '1 person', 'total shown');
    check(await page.getByTestId('users-mail-warning').isHidden(), 'no mail warning while SMTP is configured');

    // The invite dialog checks its fields before sending and offers every role to an owner.
    await page.getByTestId('users-invite').click();
    const dialog = page.getByTestId('invite-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('dialog-submit').click();
    check((await dialog.getByTestId('error-firstName').textContent()) === 'Please fill this in.', 'first name required');
    const roles = await dialog.getByLabel('Role').locator('option').allTextContents();
    check(roles.join(',') === 'Team member,Manager,Administrator,Owner', `roles offered to an owner: ${roles}`);
    // An address already in the team is refused by the server; the message sits at the field.
    await dialog.getByLabel('First name').fill('Anna');
    await dialog.getByLabel('Last name').fill('Again');
    await dialog.getByLabel('E-mail address').fill(ownerEmail.toUpperCase());
    await dialog.getByTestId('dialog-submit').click();
    await dialog.getByTestId('error-email').waitFor();
    check((await dialog.getByTestId('error-email').textContent()).length > 0, 'taken address explained at the field');
    await dialog.getByLabel('First name').fill(bo.first);
    await dialog.getByLabel('Last name').fill(bo.last);
    await dialog.getByLabel('E-mail address').fill(bo.email);
    await dialog.getByLabel('Role').selectOption('manager');
    await screenshot(page, 'users-invite-dialog');
    await dialog.getByTestId('dialog-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('users-notice').waitFor();
    check((await text(page, 'users-notice')) === `Invitation sent to Bo Jansen (${bo.email}).`, 'invitation confirmed');
    await row(page, bo.email).waitFor();
    check((await row(page, bo.email).getByTestId('user-status').textContent()) === 'Invited', 'Bo is invited');
    check((await row(page, bo.email).getByTestId('user-role').textContent()) === 'Manager', 'Bo is a manager');
    check((await row(page, bo.email).getByTestId('user-resend').count()) === 1, 'invitation can be resent');
    check((await text(page, 'users-total')) === '2 people', 'total counts Bo');
    await screenshot(page, 'users-desktop');

    // A new invitation replaces the first (the Rust test uses the second mail's link).
    await row(page, bo.email).getByRole('button', { name: 'Resend the invitation to Bo Jansen' }).click();
    await page.getByText(`A new invitation was sent to ${bo.email}.`, { exact: false }).waitFor();

    // Editing sends only what changed; the row follows.
    await row(page, bo.email).getByTestId('user-edit').click();
    const edit = page.getByTestId('edit-dialog');
    await edit.waitFor();
    check((await edit.getByLabel('Last name').inputValue()) === bo.last, 'edit form filled in');
    check((await edit.getByLabel('Role').inputValue()) === 'manager', 'current role selected');
    await edit.getByLabel('Last name').fill('');
    await edit.getByTestId('dialog-submit').click();
    check((await edit.getByTestId('error-lastName').textContent()) === 'Please fill this in.', 'last name required');
    let sent = null;
    await page.route('**/api/v1/users/*', (route) => {
      if (route.request().method() === 'PUT') sent = route.request().postDataJSON();
      route.continue();
    });
    await edit.getByLabel('Last name').fill('Jansen-Smit');
    await edit.getByTestId('dialog-submit').click();
    await edit.waitFor({ state: 'detached' });
    check(JSON.stringify(sent) === '{"lastName":"Jansen-Smit"}', `only the change is sent: ${JSON.stringify(sent)}`);
    await page.getByText('The changes to Bo Jansen-Smit are saved.').waitFor();
    await row(page, bo.email).getByText('Bo Jansen-Smit').waitFor();
    await row(page, bo.email).getByTestId('user-edit').click();
    await edit.getByLabel('Last name').fill(bo.last);
    await edit.getByTestId('dialog-submit').click();
    await edit.waitFor({ state: 'detached' });
    await row(page, bo.email).getByText('Bo Jansen', { exact: true }).waitFor();
    await page.unroute('**/api/v1/users/*');

    // Search (debounced) and the status filter, kept in the address.
    await page.getByTestId('users-search').fill('jans');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="user-row"]').length === 1);
    check((await page.getByTestId('user-email').textContent()) === bo.email, 'search finds Bo');
    check(new URL(page.url()).searchParams.get('search') === 'jans', 'search kept in the address');
    await page.getByTestId('users-search').fill('');
    await page.getByTestId('users-status-filter').selectOption('inactive');
    await page.getByTestId('users-empty').waitFor();
    check((await text(page, 'users-empty')).startsWith('Nobody matches this filter.'), 'empty state for a filter');
    await screenshot(page, 'users-empty');
    await page.getByTestId('users-clear').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="user-row"]').length === 2);
    check(path(page) === '/users' && new URL(page.url()).search === '', 'filters cleared');
    checkProblems(page, { 409: 1 });

    // The same page on a phone, with the dialog open.
    const phone = await newPage(browser, { mobile: true });
    await signIn(phone, ownerEmail, ownerPassword);
    await phone.goto(`${base}/users`);
    await row(phone, bo.email).waitFor();
    check(await noOverflow(phone), 'team page fits a phone');
    await screenshot(phone, 'users-phone');
    await phone.getByTestId('users-invite').click();
    await phone.getByTestId('invite-dialog').waitFor();
    check(await noOverflow(phone), 'invite dialog fits a phone');
    await screenshot(phone, 'users-phone-invite');
    await phone.getByTestId('dialog-cancel').click();
    await phone.getByTestId('invite-dialog').waitFor({ state: 'detached' });
    checkProblems(phone);
    console.log('invite ok');
  } finally {
    await browser.close();
  }
}

async function accept(link) {
  const browser = await launch();
  try {
    const phone = await newPage(browser, { mobile: true, locale: 'nl-NL' });
    await phone.goto(link);
    await phone.getByTestId('accept-form').waitFor();
    check((await phone.locator('h1').textContent()) === 'Word lid van Salon Élise', 'Dutch invitation page');
    check((await text(phone, 'accept-email')) === `Je logt in als ${bo.email}`, 'the address shown');
    check(await noOverflow(phone), 'invitation page fits a phone');
    await screenshot(phone, 'accept-phone-nl');
    checkProblems(phone);

    const page = await newPage(browser);
    await page.goto(link);
    await page.getByTestId('accept-form').waitFor();
    const password = page.getByLabel('Choose a password');
    const repeat = page.getByLabel('Repeat the new password');
    await password.fill('short');
    await page.getByTestId('accept-submit').click();
    check((await text(page, 'error-password')) === 'Use at least 8 characters.', 'length checked before sending');
    await password.fill(bo.password);
    await repeat.fill(`${bo.password}!`);
    await page.getByTestId('accept-submit').click();
    check((await text(page, 'error-passwordRepeat')) === 'The two passwords are not the same.', 'repetition checked');
    await page.getByTestId('password-toggle').click();
    check((await password.getAttribute('type')) === 'text' && (await repeat.getAttribute('type')) === 'text',
      'one button shows both passwords');
    await repeat.fill(bo.password);
    await screenshot(page, 'accept-desktop');
    // Accepting signs Bo in: straight on to home.
    await page.getByTestId('accept-submit').click();
    await page.getByTestId('home-greeting').waitFor();
    check(path(page) === '/', 'home after accepting');
    check((await text(page, 'home-greeting')) === 'Hello, Bo', 'Bo is greeted');
    check((await page.getByTestId('checklist').count()) === 0, 'no setup checklist for a manager');
    await screenshot(page, 'accept-done');
    check((await text(page, 'home-role')) === 'Manager', 'as a manager');
    check(await page.getByTestId('nav-users').isVisible(), 'a manager sees the team');
    // Of the settings only what a manager runs: the kiosks (and, to read, the profiles).
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-kiosks-link').waitFor();
    const links = await page.locator('[data-testid$="-link"][href^="/settings/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    check(links.join() === '/settings/profiles,/settings/kiosks', `a manager's settings: ${links}`);
    await page.goto(`${base}/settings/email`);
    await page.getByTestId('forbidden-page').waitFor();
    checkProblems(page);

    // The link works once.
    // The link works once: opened again, the page says so straight away.
    const again = await newPage(browser);
    await again.goto(link);
    await again.getByTestId('accept-gone').waitFor();
    check((await text(again, 'accept-gone')).startsWith('This link was already used or has expired.'), 'used link explained');
    check((await again.getByTestId('accept-form').count()) === 0, 'no form for a used link');
    await screenshot(again, 'accept-gone');
    checkProblems(again, { 410: 1 });
    console.log('accept ok');
  } finally {
    await browser.close();
  }
}

if (stage === 'invite') await invite(...args);
else if (stage === 'accept') await accept(...args);
else throw new Error('usage: node invite.mjs BASE invite OWNER_EMAIL OWNER_PASSWORD | accept LINK');
