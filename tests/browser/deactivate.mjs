// Deactivation ends a session at once: a staff member and the owner are signed in in two browser
// contexts; the owner deactivates the staff member (after confirming), whose open page lands on the
// sign-in page at once. Then activation lets them back in, and permanent deletion removes the row.
// usage: node deactivate.mjs BASE OWNER_EMAIL OWNER_PASSWORD STAFF_EMAIL STAFF_PASSWORD
import { base, launch, newPage, screenshot, check, checkProblems, path, signIn, text } from './lib.mjs';

const [ownerEmail, ownerPassword, staffEmail, staffPassword] = process.argv.slice(3);
if (!staffPassword) throw new Error('usage: node deactivate.mjs BASE OWNER_EMAIL OWNER_PASSWORD STAFF_EMAIL STAFF_PASSWORD');
const staffName = 'Test user'; // what the Rust test's add_user names an account of role user

const browser = await launch();
try {
  const staff = await newPage(browser);
  // Every 401 the staff member's browser gets: when the session ends, whatever the open page had
  // in flight is refused too (how much depends on timing), so the check below counts them.
  const refused = [];
  staff.on('response', (r) => { if (r.status() === 401) refused.push(new URL(r.url()).pathname); });
  await signIn(staff, staffEmail, staffPassword);
  // Home has loaded all it shows (the last card comes with the dashboard's answers): no request
  // of it is still under way when the session ends.
  await staff.getByTestId('home-actions').waitFor();
  check((await staff.getByTestId('nav-users').count()) === 0, 'a team member has no team link');
  check((await staff.getByTestId('home-users-link').count()) === 0, 'nor on the home page');
  await staff.goto(`${base}/users`);
  await staff.getByTestId('forbidden-page').waitFor();
  await screenshot(staff, 'forbidden');
  await staff.goto(`${base}/`);
  await staff.getByTestId('home-greeting').waitFor();

  const owner = await newPage(browser);
  await signIn(owner, ownerEmail, ownerPassword);
  await owner.getByTestId('nav-users').click();
  const row = owner.locator(`[data-testid="user-row"][data-email="${staffEmail}"]`);
  await row.waitFor();
  check((await row.getByTestId('user-role').textContent()) === 'Team member', 'staff role');

  // Cancel changes nothing.
  await row.getByRole('button', { name: `Deactivate ${staffName}` }).click();
  const dialog = owner.getByTestId('confirm-dialog');
  await dialog.waitFor();
  check((await dialog.locator('h2').textContent()) === `Deactivate ${staffName}?`, 'the dialog names who');
  check(await dialog.getByTestId('dialog-cancel').evaluate((b) => b === document.activeElement), 'focus starts on Cancel');
  await screenshot(owner, 'users-confirm-deactivate');
  await dialog.getByTestId('dialog-cancel').click();
  await dialog.waitFor({ state: 'detached' });
  check((await row.getByTestId('user-status').textContent()) === 'Active', 'still active after cancel');

  await row.getByTestId('user-deactivate').click();
  await dialog.getByTestId('dialog-submit').click();
  await dialog.waitFor({ state: 'detached' });
  await owner.getByText(`${staffName} is deactivated.`).waitFor();
  await row.getByTestId('user-activate').waitFor();
  check((await row.getByTestId('user-status').textContent()) === 'Deactivated', 'shown as deactivated');

  // The staff member's open page learns it at once (the server closes its real-time socket):
  // it lands on the sign-in page by itself, and the shell forgets the user.
  await staff.getByTestId('login-page').waitFor({ timeout: 10000 });
  check(path(staff) === '/login', `signed out to the login page, not ${staff.url()}`);
  check(await staff.getByTestId('user-menu').isHidden(), 'the shell forgets the user');
  // A deep link while signed out asks for the sign-in, and survives it.
  await staff.goto(`${base}/account`);
  await staff.getByTestId('login-page').waitFor();
  await staff.getByLabel('E-mail address', { exact: true }).fill(staffEmail);
  await staff.getByLabel('Password', { exact: true }).fill(staffPassword);
  await staff.getByTestId('login-submit').click();
  await staff.getByTestId('login-error').waitFor();

  // Activated again, they can sign in.
  await row.getByTestId('user-activate').click();
  await dialog.getByTestId('dialog-submit').click();
  await dialog.waitFor({ state: 'detached' });
  await row.getByTestId('user-deactivate').waitFor();
  check((await row.getByTestId('user-status').textContent()) === 'Active', 'active again');
  await staff.getByTestId('login-submit').click();
  // Back where they were going when the session ended (the deep link survives the sign-in).
  await staff.getByTestId('account-profile').waitFor();
  check(path(staff) === '/account', `back on the account page, not ${staff.url()}`);

  // Deleting for good needs its own, red, confirmation.
  await row.getByTestId('user-delete').click();
  await dialog.waitFor();
  check((await dialog.getByTestId('dialog-submit').textContent()) === 'Delete permanently', 'delete says what it does');
  await screenshot(owner, 'users-confirm-delete');
  await dialog.getByTestId('dialog-submit').click();
  await dialog.waitFor({ state: 'detached' });
  await row.waitFor({ state: 'detached' });
  check((await text(owner, 'users-total')) === '1 person', 'one person left');
  check((await text(owner, 'users-notice')) === `${staffName} is deleted.`, 'deletion confirmed');
  checkProblems(owner);
  // /auth/me and the refresh after the deactivation, the refused sign-in, and whatever the page
  // had in flight: all of them the API's.
  check(refused.length >= 3 && refused.every((p) => p.startsWith('/api/')), `refused: ${refused}`);
  check(refused.includes('/api/v1/auth/login') && refused.includes('/api/v1/auth/refresh'), `refused: ${refused}`);
  checkProblems(staff, { 401: refused.length });
  console.log('deactivate ok');
} finally {
  await browser.close();
}
