// Permission profiles: the owner makes "Floor manager" (only users.read and schedules.read) and
// gives it to a manager on the team page; in the manager's own browser the team page still works
// but inviting is gone. The owner deactivates the profile and, after a reload, the manager can
// invite again. The manager sees the profiles read-only; the pages fit a phone.
// usage: node profiles.mjs BASE OWNER_EMAIL OWNER_PASSWORD MANAGER_EMAIL MANAGER_PASSWORD
import { base, launch, newPage, screenshot, check, checkProblems, noOverflow, path, signIn, text } from './lib.mjs';

const [ownerEmail, ownerPassword, managerEmail, managerPassword] = process.argv.slice(3);
if (!managerPassword) throw new Error('usage: node profiles.mjs BASE OWNER_EMAIL OWNER_PASSWORD MANAGER_EMAIL MANAGER_PASSWORD');
const managerName = 'Test manager'; // what the Rust test's add_user names a manager
const profile = 'Floor manager';
const profileRow = (page) => page.locator(`[data-testid="profile-row"][data-name="${profile}"]`);
const userRow = (page, email) => page.locator(`[data-testid="user-row"][data-email="${email}"]`);

const browser = await launch();
try {
  const owner = await newPage(browser);
  await signIn(owner, ownerEmail, ownerPassword);
  await owner.getByTestId('nav-settings').click();
  await owner.getByTestId('settings-page').waitFor();
  const links = await owner.locator('[data-testid="settings-page"] .shortcut-title').allTextContents();
  check(links.join(',')
    === 'Business details,E-mail,Organization,Permission profiles,Service accounts,Kiosks,Notification analytics,'
      + 'Notification templates,Backups',
    `settings pages: ${links}`);
  await screenshot(owner, 'settings-desktop');
  await owner.getByTestId('settings-profiles-link').click();
  await owner.getByTestId('profiles-empty').waitFor();
  check((await text(owner, 'profiles-empty')).startsWith('No profiles yet'), 'empty state');
  check((await owner.getByTestId('nav-settings').getAttribute('aria-current')) === 'page', 'settings marked in the menu');
  await screenshot(owner, 'profiles-empty');

  // The editor: grouped permissions with descriptions and the roles that have them.
  await owner.getByTestId('profiles-new').click();
  const dialog = owner.getByTestId('profile-dialog');
  await dialog.waitFor();
  const groups = await dialog.locator('.perm-group > legend').allTextContents();
  for (const g of ['Team', 'Schedules', 'Time clock', 'Chat']) check(groups.includes(g), `group ${g} in ${groups}`);
  const usersRead = dialog.locator('.perm').filter({ has: owner.getByTestId('perm-users.read') });
  check((await usersRead.textContent()).includes('See the team’s accounts'), 'described');
  check((await usersRead.textContent()).includes('Comes with: Owner, Administrator, Manager'), 'roles that have it');
  await dialog.getByTestId('dialog-submit').click();
  check((await dialog.getByTestId('error-name').textContent()) === 'Please fill this in.', 'name required');
  // Start from the manager's permissions, then keep only two.
  await dialog.getByLabel('Tick the permissions of a role').selectOption('manager');
  check(await dialog.getByTestId('perm-users.invite').isChecked(), 'the manager role invites');
  check(!(await dialog.getByTestId('perm-users.write').isChecked()), 'but does not change every account');
  while (await dialog.locator('.perm input:checked').count()) await dialog.locator('.perm input:checked').first().uncheck();
  await dialog.getByLabel('Name', { exact: true }).fill(profile);
  await dialog.getByLabel('Description').fill('Runs the shop floor; sees the team but invites nobody');
  await dialog.getByTestId('perm-users.read').check();
  await dialog.getByTestId('perm-schedules.read').check();
  await dialog.evaluate((d) => { d.scrollTop = 0; });
  await screenshot(owner, 'profiles-editor');
  let sent = null;
  await owner.route('**/api/v1/profiles', (route) => {
    if (route.request().method() === 'POST') sent = route.request().postDataJSON();
    route.continue();
  });
  await dialog.getByTestId('dialog-submit').click();
  await dialog.waitFor({ state: 'detached' });
  await owner.unroute('**/api/v1/profiles');
  check(JSON.stringify(sent.permissions) === '["users.read","schedules.read"]', `permissions sent: ${JSON.stringify(sent)}`);
  await owner.getByText(`The profile ${profile} is created.`, { exact: false }).waitFor();
  await profileRow(owner).waitFor();
  check((await profileRow(owner).getByTestId('profile-status').textContent()) === 'Active', 'active');
  check((await profileRow(owner).getByTestId('profile-people').textContent()) === '0 people', 'nobody yet');
  await profileRow(owner).getByTestId('profile-permissions-toggle').click();
  const listed = await profileRow(owner).locator('[data-testid="permission-list"] li').allTextContents();
  check(listed.join('|') === 'See the team’s accounts|See schedules and shifts', `permissions listed: ${listed}`);

  // A name in use is refused by the server; the message sits at the field.
  await owner.getByTestId('profiles-new').click();
  await dialog.waitFor();
  await dialog.getByLabel('Name', { exact: true }).fill(profile);
  await dialog.getByTestId('perm-users.read').check();
  await dialog.getByTestId('dialog-submit').click();
  await dialog.getByTestId('error-name').waitFor();
  check((await dialog.getByTestId('error-name').textContent()) === 'A profile with this name exists already.', 'name taken');
  await dialog.getByTestId('dialog-cancel').click();
  await dialog.waitFor({ state: 'detached' });
  await screenshot(owner, 'profiles-desktop');

  // The manager, in their own browser, invites people before the profile…
  const manager = await newPage(browser);
  await signIn(manager, managerEmail, managerPassword);
  await manager.getByTestId('nav-users').click();
  await userRow(manager, ownerEmail).waitFor();
  check(await manager.getByTestId('users-invite').isVisible(), 'a manager invites by default');

  // …the owner gives them the profile on the team page…
  await owner.getByTestId('nav-users').click();
  await userRow(owner, managerEmail).waitFor();
  await userRow(owner, managerEmail).getByTestId('user-edit').click();
  const edit = owner.getByTestId('edit-dialog');
  await edit.waitFor();
  const select = edit.getByLabel('Permission profile');
  check((await select.inputValue()) === '', 'the role’s default permissions at first');
  check((await select.locator('option').allTextContents()).join('|') === `The role’s default permissions|${profile}`, 'choices');
  await select.selectOption({ label: profile });
  await screenshot(owner, 'users-profile-select');
  await edit.getByTestId('dialog-submit').click();
  await edit.waitFor({ state: 'detached' });
  await owner.getByText(`The changes to ${managerName} are saved.`).waitFor();
  await userRow(owner, managerEmail).getByTestId('user-profile').waitFor();
  check((await userRow(owner, managerEmail).getByTestId('user-profile').textContent()) === profile, 'the row shows the profile');

  // …and after a reload the team page still works, without inviting or editing.
  await manager.reload();
  await userRow(manager, ownerEmail).waitFor();
  check(path(manager) === '/users', 'the team page still opens');
  check((await manager.getByTestId('users-invite').count()) === 0, 'no invite button with the profile');
  check((await manager.getByTestId('user-edit').count()) === 0, 'no edit buttons either');
  await screenshot(manager, 'users-with-profile');

  // The owner deactivates the profile, after a confirmation that says what happens.
  await owner.getByTestId('nav-settings').click();
  await owner.getByTestId('settings-profiles-link').click();
  await profileRow(owner).waitFor();
  check((await profileRow(owner).getByTestId('profile-people').textContent()) === '1 person', 'one person has it');
  await profileRow(owner).getByTestId('profile-deactivate').click();
  const confirm = owner.getByTestId('confirm-dialog');
  await confirm.waitFor();
  check((await confirm.locator('h2').textContent()) === `Deactivate ${profile}?`, 'names the profile');
  check((await confirm.textContent()).includes('Its 1 person falls back to the permissions of their role'), 'says who is affected');
  check(await confirm.getByTestId('dialog-cancel').evaluate((b) => b === document.activeElement), 'focus on Cancel');
  await screenshot(owner, 'profiles-confirm-deactivate');
  await confirm.getByTestId('dialog-submit').click();
  await confirm.waitFor({ state: 'detached' });
  await profileRow(owner).getByTestId('profile-activate').waitFor();
  check((await profileRow(owner).getByTestId('profile-status').textContent()) === 'Inactive', 'inactive');
  check((await text(owner, 'profiles-notice')) === `${profile} is deactivated.`, 'confirmed');

  await manager.reload();
  await userRow(manager, ownerEmail).waitFor();
  await manager.getByTestId('users-invite').waitFor();
  check(await manager.getByTestId('users-invite').isVisible(), 'inviting is back');

  // The manager may look at the profiles (from the team page), not change them.
  await manager.getByTestId('users-profiles-link').click();
  await profileRow(manager).waitFor();
  check(await manager.getByTestId('profiles-read-only').isVisible(), 'read-only note');
  check((await manager.getByTestId('profiles-new').count()) === 0, 'no new profile button');
  check((await manager.getByTestId('profile-edit').count()) === 0, 'no edit button');
  await screenshot(manager, 'profiles-read-only');

  // The user's edit form keeps the deactivated profile as it is, and says what it means.
  await owner.getByTestId('nav-users').click();
  await userRow(owner, managerEmail).getByTestId('user-edit').click();
  await edit.waitFor();
  check((await select.locator('option:checked').textContent()) === 'An inactive profile (the role’s permissions apply)',
    'an inactive profile shown for what it is');
  await edit.getByTestId('dialog-cancel').click();
  await edit.waitFor({ state: 'detached' });

  checkProblems(owner, { 409: 1 });
  checkProblems(manager);

  // On a phone: the list and the editor.
  const phone = await newPage(browser, { mobile: true });
  await signIn(phone, ownerEmail, ownerPassword);
  await phone.goto(`${base}/settings/profiles`);
  await profileRow(phone).waitFor();
  await profileRow(phone).getByTestId('profile-permissions-toggle').click();
  check(await noOverflow(phone), 'profiles fit a phone');
  await screenshot(phone, 'profiles-phone');
  await profileRow(phone).getByTestId('profile-edit').click();
  await phone.getByTestId('profile-dialog').waitFor();
  check(await noOverflow(phone), 'the editor fits a phone');
  await screenshot(phone, 'profiles-phone-editor');
  await phone.getByTestId('dialog-cancel').click();
  await phone.getByTestId('profile-dialog').waitFor({ state: 'detached' });
  checkProblems(phone);
  console.log('profiles ok');
} finally {
  await browser.close();
}
