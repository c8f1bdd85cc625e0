// Organization settings, then the owner's profile and preferences.
//   Organization: the week starts on Sunday (saved, still so after a reload); a rounding of 99
//   minutes is refused by the server, whose message sits at the field; a message for the team
//   appears on the home page and is reset to its default.
//   Profile: a picture whose bytes are not an image is refused with why, a real one is uploaded
//   (with its progress) and shows on the page and in the menu, then is removed after a question;
//   a phone number the server refuses, then a good one, a time zone; compact lists; the
//   interface language "nl" reloads the page in Dutch, a reload keeps it, and a fresh browser
//   picks it up at sign-in.
// usage: node preferences.mjs BASE OWNER_EMAIL OWNER_PASSWORD
import { base, launch, newPage, png, screenshot, check, checkProblems, noOverflow, signIn, text, userMenu } from './lib.mjs';

const [ownerEmail, ownerPassword] = process.argv.slice(3);
if (!ownerPassword) throw new Error('usage: node preferences.mjs BASE OWNER_EMAIL OWNER_PASSWORD');
const setting = (page, key) => page.getByTestId(`setting-${key}`);
const teamMessage = 'Questions about the rota? Call Anna on 06 1234 5678.';

const browser = await launch();
try {
  const page = await newPage(browser);
  await signIn(page, ownerEmail, ownerPassword);

  // ---- organization settings ----
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-organization-link').click();
  await page.getByTestId('org-schedule').waitFor();
  const titles = await page.locator('[data-testid^="org-"] > h2').allTextContents();
  check(titles.join(',') === 'General,Schedules,Time clock,Timesheets,Chat,Notifications', `categories: ${titles}`);
  const week = setting(page, 'schedule.week_starts_on');
  check((await week.inputValue()) === '1', 'the week starts on Monday by default');
  check((await week.locator('option').first().textContent()) === 'Monday', 'days by name');
  check(await page.getByTestId('reset-schedule.week_starts_on').isHidden(), 'nothing to reset at the default');
  check(await setting(page, 'chat.enabled').isChecked(), 'a switch for a yes/no setting');
  check((await setting(page, 'notifications.quiet_hours_start').getAttribute('type')) === 'time', 'a time field for a time');
  await screenshot(page, 'organization-desktop');

  await page.getByTestId('org-save-schedule').click();
  check((await text(page, 'org-result-schedule')) === 'Nothing to save: no setting was changed.', 'nothing changed yet');
  await week.selectOption('0');
  await page.getByTestId('org-save-schedule').click();
  await page.getByText('1 setting saved.').waitFor();
  check(await page.getByTestId('reset-schedule.week_starts_on').isVisible(), 'now it can be reset');
  await page.reload();
  await week.waitFor();
  check((await week.inputValue()) === '0', 'Sunday after a reload');
  check((await week.locator('option:checked').textContent()) === 'Sunday', 'shown as Sunday');

  // The server judges the range; its message appears at the field.
  const rounding = setting(page, 'clock.rounding_minutes');
  check((await page.locator('[data-key="clock.rounding_minutes"] .hint').textContent()).includes('From 0 to 30.'), 'range shown');
  await rounding.fill('99');
  await page.getByTestId('org-save-clock').click();
  await page.getByTestId('error-clock.rounding_minutes').waitFor();
  check((await text(page, 'error-clock.rounding_minutes')) === "Value is not valid.", "the server’s message at the field");
  check((await rounding.getAttribute('aria-invalid')) === 'true', 'the field is marked');
  check((await text(page, 'org-result-clock')).startsWith('Some settings were not saved'), 'the form says so too');
  await page.locator('[data-testid="org-clock"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'organization-error');
  await rounding.fill('5');
  await page.getByTestId('org-save-clock').click();
  await page.getByTestId('org-result-clock').getByText('1 setting saved.').waitFor();
  check(await page.getByTestId('error-clock.rounding_minutes').isHidden(), 'the message is gone');

  // A message for the team: on the home page, until it is reset.
  await setting(page, 'general.contact_text').fill(teamMessage);
  await page.getByTestId('org-save-general').click();
  await page.getByTestId('org-result-general').getByText('1 setting saved.').waitFor();
  await page.getByTestId('nav-home').click();
  await page.getByTestId('home-message').waitFor();
  check((await text(page, 'home-message')) === teamMessage, 'the team sees the message');
  await screenshot(page, 'home-message');
  await page.goBack();
  await page.getByTestId('reset-general.contact_text').click();
  await page.getByTestId('org-result-general').getByText('back at its default').waitFor();
  check((await setting(page, 'general.contact_text').inputValue()) === '', 'empty again');
  check(await page.getByTestId('reset-general.contact_text').isHidden(), 'nothing left to reset');

  // ---- profile and preferences ----
  await userMenu(page, 'account');
  await page.getByTestId('account-profile-link').click();
  await page.getByTestId('profile-form').waitFor();

  // The profile picture: initials at first; bytes that are not the image they claim are refused.
  const picture = page.getByTestId('profile-picture');
  const avatarImg = '[data-testid="profile-avatar"] .avatar-img';
  check(await page.locator(avatarImg).count() === 0, 'initials without a picture');
  check(await page.getByTestId('profile-picture-remove').isHidden(), 'nothing to remove yet');
  await page.getByTestId('profile-picture-input').setInputFiles({ name: 'me.png', mimeType: 'image/png',
    buffer: Buffer.from('<html>not a picture</html>') });
  await page.getByTestId('profile-picture-error').getByText('The file’s contents do not match its type.').waitFor();
  await page.getByTestId('profile-picture-input').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png(96, 96) });
  await picture.getByText('Your picture is saved.').waitFor();
  check(await page.getByTestId('profile-picture-error').isHidden(), 'the earlier problem is gone');
  await page.waitForFunction((sel) => document.querySelector(sel)?.naturalWidth === 96, avatarImg);
  await page.waitForFunction(() => document.querySelector('[data-testid="user-menu"] .avatar-img')?.naturalWidth === 96);
  check((await text(page, 'profile-picture-upload')) === 'Change picture', 'now it can be changed');
  await screenshot(page, 'profile-picture');
  await page.getByTestId('profile-picture-remove').click();
  await page.getByTestId('profile-picture-remove-dialog').getByTestId('dialog-submit').click();
  await picture.getByText('Your picture has been removed.').waitFor();
  check(await page.locator(avatarImg).count() === 0, 'initials again');
  check(await page.locator('[data-testid="user-menu"] .avatar-img').count() === 0, 'in the menu too');
  check(await page.getByTestId('profile-picture-remove').isHidden(), 'nothing to remove now');

  check((await page.getByLabel('Time zone').inputValue()) === '', 'the workplace’s time zone at first');
  check((await page.getByLabel('Time zone').locator('option').first().textContent()) === 'The workplace’s time zone', 'named');
  await page.getByLabel('Phone number').fill('call me maybe');
  await page.getByTestId('profile-save').click();
  await page.getByTestId('error-phone').waitFor();
  check((await text(page, 'error-phone')) === "Phone number is not valid.", "the server refuses the phone number at the field");
  await page.getByLabel('Phone number').fill('+31 6 1234 5678');
  await page.getByLabel('Time zone').selectOption('Europe/Lisbon');
  let sent = null;
  await page.route('**/api/v1/auth/me/profile', (route) => {
    if (route.request().method() === 'PUT') sent = route.request().postDataJSON();
    route.continue();
  });
  await page.getByTestId('profile-save').click();
  await page.getByText('Your profile is saved.').waitFor();
  await page.unroute('**/api/v1/auth/me/profile');
  check(JSON.stringify(sent) === '{"phone":"+31 6 1234 5678","timezone":"Europe/Lisbon"}', `only the changes: ${JSON.stringify(sent)}`);

  await page.getByTestId('prefs-compact').check();
  await page.getByTestId('preferences-result').getByText('Saved.').waitFor();
  check(await page.evaluate(() => document.body.classList.contains('compact')), 'compact lists at once');
  await screenshot(page, 'profile-desktop');

  // The interface language: the page reloads in Dutch.
  await Promise.all([page.waitForEvent('load'), page.getByTestId('prefs-language').selectOption('nl')]);
  await page.getByTestId('profile-form').waitFor();
  check((await page.locator('h1').textContent()) === 'Profiel en voorkeuren', 'the page speaks Dutch');
  check(await page.evaluate(() => localStorage.getItem('staffroom.uiLanguage')) === 'nl', 'remembered on this device');
  await page.reload();
  await page.getByTestId('profile-form').waitFor();
  check((await page.locator('h1').textContent()) === 'Profiel en voorkeuren', 'still Dutch after a reload');
  check((await page.evaluate(() => document.documentElement.lang)) === 'nl', 'the document says so');
  check((await text(page, 'nav-settings')) === 'Instellingen', 'the menu too');
  check((await page.getByLabel('Telefoonnummer').inputValue()) === '+31 6 1234 5678', 'phone kept');
  check((await page.getByLabel('Tijdzone').inputValue()) === 'Europe/Lisbon', 'time zone kept');
  check((await page.getByTestId('prefs-language').inputValue()) === 'nl', 'the choice shown');
  check(await page.getByTestId('prefs-compact').isChecked(), 'compact kept');
  check(await page.evaluate(() => document.body.classList.contains('compact')), 'and applied at start');
  await screenshot(page, 'profile-nl');
  checkProblems(page, { 400: 2, 415: 1 });

  // Another browser, speaking English: after sign-in the account's language takes over.
  const other = await newPage(browser, { locale: 'en-US' });
  await signIn(other, ownerEmail, ownerPassword);
  check((await text(other, 'home-greeting')) === 'Welkom bij Staffroom, Anna', 'Dutch after signing in elsewhere');
  check(await other.evaluate(() => document.body.classList.contains('compact')), 'compact lists there too');
  checkProblems(other);

  // The profile page and the organization settings on a phone.
  const phone = await newPage(browser, { mobile: true });
  await signIn(phone, ownerEmail, ownerPassword);
  await phone.goto(`${base}/account/profile`);
  await phone.getByTestId('profile-form').waitFor();
  check(await noOverflow(phone), 'the profile fits a phone');
  await screenshot(phone, 'profile-phone-nl');
  await phone.goto(`${base}/settings/organization`);
  await phone.getByTestId('org-notifications').waitFor();
  check(await noOverflow(phone), 'the settings fit a phone');
  await screenshot(phone, 'organization-phone-nl');
  checkProblems(phone);
  console.log('preferences ok');
} finally {
  await browser.close();
}
