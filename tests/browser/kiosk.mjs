// The kiosk: the owner sets up the front desk's tablet under Settings → Kiosks and sees its
// address once; Lisa chooses her PIN on My account (a mismatch and a too-short one are refused
// first); the tablet (1024×768, touch) opens the address, which it keeps while the address bar
// forgets it, and shows the location's people. Tom has no PIN yet and is told so; Lisa types a
// wrong PIN (4 tries left), then hers, and is clocked in (the server agrees), then starts a break.
// Tom sets a PIN and types five wrong ones: the fifth locks him on this kiosk, his tile says so;
// the owner resets his PIN on the team page.
// A phone shows the same kiosk without sideways scrolling. The owner revokes the tablet: it says
// it was switched off and forgets its key. Finally "Use this device" signs the owner out and turns
// her laptop into a second kiosk. Screenshots: kiosks-settings, kiosk-tablet, kiosk-tablet-pin,
// kiosk-tablet-done, kiosk-phone.
// usage: node kiosk.mjs BASE_URL PEOPLE_JSON
import { base, check, checkProblems, launch, newPage, noOverflow, path, screenshot, signIn, text } from './lib.mjs';
import { apiAs } from './member-flow.mjs';

const people = process.argv[3] && JSON.parse(process.argv[3]);
if (!people?.owner || people.members?.length < 2) throw new Error('usage: node kiosk.mjs BASE_URL PEOPLE_JSON');

const SERVER_NOW = '2026-02-10T09:00:00Z'; // the test server's clock (a lock lasts until then + 5 min)
const [lisa, tom] = people.members;
const asLisa = await apiAs(lisa.email, people.password);
const asTom = await apiAs(tom.email, people.password);
const lisaId = (await asLisa('/api/v1/auth/me')).user.id;
const tomId = (await asTom('/api/v1/auth/me')).user.id;

const tile = (page, userId) => page.locator(`[data-testid="kiosk-person"][data-user-id="${userId}"]`);

async function typePin(page, pin) {
  for (const digit of pin) await page.getByTestId(`kiosk-key-${digit}`).tap();
  await page.getByTestId('kiosk-dots').and(page.locator(`[data-length="${pin.length}"]`)).waitFor();
  await page.getByTestId('kiosk-ok').tap();
}

const browser = await launch();
try {
  // ---- the owner sets up the tablet -------------------------------------------------------------
  const owner = await newPage(browser);
  await signIn(owner, people.owner.email, people.password);
  await owner.goto(`${base}/settings`);
  await owner.getByTestId('settings-kiosks-link').click();
  await owner.getByTestId('kiosks-empty').waitFor();
  check(await owner.getByTestId('kiosk-new-name').inputValue() === 'Front desk tablet', 'a name is suggested');
  await owner.getByTestId('kiosk-new-name').fill('');
  await owner.getByTestId('kiosk-create').click();
  await owner.getByTestId('error-name').getByText('Please fill this in.').waitFor();
  await owner.getByTestId('kiosk-new-name').fill('Front desk');
  const locationName = await owner.getByTestId('kiosk-new-location').locator('option:checked').textContent();
  await owner.getByTestId('kiosk-create').click();
  await owner.getByTestId('kiosk-ready').waitFor();
  const address = await owner.getByTestId('kiosk-address').inputValue();
  check(new RegExp(`^${base}/kiosk#kiosk_[A-Za-z0-9_-]+$`).test(address), `the address: ${address}`);
  await owner.keyboard.press('Escape'); // the key is shown once: Escape does not lose it
  check(await owner.getByTestId('kiosk-ready').isVisible(), 'the address stays until Close');
  await owner.getByTestId('kiosk-ready').getByTestId('dialog-submit').click();
  await owner.getByTestId('kiosk-row').and(owner.locator('[data-name="Front desk"]')).waitFor();
  check(await text(owner, 'kiosk-status') === 'Active', 'the new kiosk is active');
  check(!(await owner.getByTestId('kiosks-list').textContent()).includes('kiosk_'), 'the list never shows the key');
  await screenshot(owner, 'kiosks-settings');

  // ---- Lisa chooses her PIN ---------------------------------------------------------------------
  const lisaPhone = await newPage(browser, { mobile: true });
  await signIn(lisaPhone, lisa.email, people.password);
  await lisaPhone.goto(`${base}/account`);
  await lisaPhone.getByTestId('pin-card').waitFor();
  await lisaPhone.getByTestId('pin-new').fill('12');
  await lisaPhone.getByTestId('pin-repeat').fill('12');
  await lisaPhone.getByTestId('pin-submit').click();
  await lisaPhone.getByText('Use 4 to 8 digits.').waitFor();
  await lisaPhone.getByTestId('pin-new').fill('2468');
  await lisaPhone.getByTestId('pin-repeat').fill('2469');
  await lisaPhone.getByTestId('pin-submit').click();
  await lisaPhone.getByText('The two PINs differ.').waitFor();
  await lisaPhone.getByTestId('pin-repeat').fill('2468');
  await lisaPhone.getByTestId('pin-submit').click();
  await lisaPhone.getByTestId('pin-result').getByText('Your PIN is saved').waitFor();
  check(await lisaPhone.getByTestId('pin-new').inputValue() === '', 'the PIN is not left in the form');
  checkProblems(lisaPhone);

  // ---- the tablet -----------------------------------------------------------------------------------
  const tablet = await newPage(browser, { viewport: { width: 1024, height: 768 } });
  await tablet.clock.install({ time: SERVER_NOW });
  await tablet.goto(address);
  await tablet.getByTestId('kiosk-people').waitFor();
  await tile(tablet, lisaId).waitFor();
  check(!tablet.url().includes('#'), `the address bar forgot the key: ${tablet.url()}`);
  check(await tablet.evaluate(() => localStorage.getItem('staffroom.kiosk.token')) === address.split('#')[1], 'the tablet keeps its key');
  check((await text(tablet, 'kiosk-place')).includes(`${locationName.trim()} · Front desk`), 'the kiosk says where it is');
  check(await tablet.locator('.topbar, .sidebar').filter({ visible: true }).count() === 0, 'no menu on the kiosk');
  check(await tile(tablet, lisaId).getAttribute('data-status') === 'out', 'Lisa is out');
  await screenshot(tablet, 'kiosk-tablet');

  // Tom has no PIN yet.
  await tile(tablet, tomId).tap();
  await tablet.getByTestId('kiosk-message').getByText('No PIN yet').waitFor();
  await tablet.getByTestId('kiosk-message-done').tap();

  // Lisa: one wrong PIN, then hers.
  await tile(tablet, lisaId).tap();
  check(await text(tablet, 'kiosk-who') === lisa.name, 'her name on the pad');
  check(await tablet.getByTestId('kiosk-action-in').getAttribute('aria-pressed') === 'true', 'out: Clock in is the one choice');
  check(await tablet.getByTestId('kiosk-ok').isDisabled(), 'OK waits for four digits');
  await typePin(tablet, '1111');
  const problem = tablet.getByTestId('kiosk-problem');
  await problem.getByText('4 more tries').waitFor();
  await tablet.getByTestId('kiosk-key-9').tap();
  await tablet.getByTestId('kiosk-erase').tap();
  check(await tablet.getByTestId('kiosk-dots').getAttribute('data-length') === '0', 'erased');
  await tablet.getByTestId('kiosk-key-2').tap();
  await tablet.getByTestId('kiosk-key-4').tap();
  await screenshot(tablet, 'kiosk-tablet-pin');
  await tablet.keyboard.press('6'); // a keyboard works too
  await tablet.keyboard.press('8');
  await tablet.keyboard.press('Enter');
  await tablet.getByTestId('kiosk-done').getByText('Clocked in. Have a good shift, Lisa!').waitFor();
  await screenshot(tablet, 'kiosk-tablet-done');
  check((await asLisa('/api/v1/clock')).status === 'in', 'the server has Lisa in');
  await tablet.getByTestId('kiosk-message-done').tap();
  await tile(tablet, lisaId).and(tablet.locator('[data-status="in"]')).waitFor();

  // In: she chooses between a break and clocking out.
  await tile(tablet, lisaId).tap();
  check(await tablet.getByTestId('kiosk-ok').count() === 0, 'nothing to type before she chooses');
  await tablet.getByTestId('kiosk-action-breakStart').tap();
  await typePin(tablet, '2468');
  await tablet.getByTestId('kiosk-done').getByText('Enjoy your break, Lisa.').waitFor();
  check((await asLisa('/api/v1/clock')).status === 'onBreak', 'the server has Lisa on her break');

  // Tom sets a PIN meanwhile; five wrong ones lock him on this kiosk.
  await asTom('/api/v1/me/clock-pin', { method: 'PUT', body: { pin: '1357' } });
  await tablet.getByTestId('kiosk-message-done').tap();
  await tile(tablet, lisaId).and(tablet.locator('[data-status="onBreak"]')).waitFor();
  await tile(tablet, tomId).tap();
  for (let left = 4; left >= 1; left -= 1) {
    await typePin(tablet, '0000');
    await problem.getByText(left === 1 ? '1 more try' : `${left} more tries`).waitFor();
  }
  await typePin(tablet, '0000');
  await tablet.getByTestId('kiosk-message').getByText('Locked on this kiosk').waitFor();
  await tablet.getByTestId('kiosk-message-done').tap();
  await tile(tablet, tomId).getByText('Locked').waitFor();
  await tile(tablet, tomId).tap();
  await tablet.getByTestId('kiosk-message').getByText('Locked on this kiosk').waitFor();
  check(await tablet.getByTestId('kiosk-ok').count() === 0, 'no pad while locked');
  check((await asTom('/api/v1/clock')).status === 'out', 'Tom was never punched');
  await tablet.getByTestId('kiosk-message-done').tap();

  // The same kiosk on a phone.
  const phone = await newPage(browser, { mobile: true });
  await phone.goto(address);
  await tile(phone, lisaId).waitFor();
  check(await noOverflow(phone), 'the kiosk fits a phone');
  await tile(phone, lisaId).click();
  await phone.getByTestId('kiosk-action-out').waitFor();
  await phone.getByTestId('kiosk-action-breakEnd').click();
  check(await noOverflow(phone), 'the pad fits a phone');
  await screenshot(phone, 'kiosk-phone');
  checkProblems(phone);

  // ---- a manager resets Tom's PIN (he is to choose a new one) --------------------------------------
  await owner.goto(`${base}/users`);
  const tomRow = owner.locator(`[data-testid="user-row"][data-email="${tom.email}"]`);
  for (const told of [`The kiosk PIN of ${tom.name} was reset.`, `${tom.name} has no kiosk PIN.`]) {
    await tomRow.getByTestId('user-clear-pin').click();
    await owner.getByTestId('confirm-dialog').getByTestId('dialog-submit').click();
    await owner.getByTestId('users-notice').getByText(told).waitFor();
  }
  const token = address.split('#')[1];
  const listed = await (await fetch(`${base}/api/v1/kiosk/people`, { headers: { Authorization: `Bearer ${token}` } })).json();
  check(listed.data.items.find((p) => p.userId === tomId).hasPin === false, 'Tom has no PIN now');
  check(listed.data.items.find((p) => p.userId === lisaId).hasPin === true, 'Lisa keeps hers');
  await owner.goto(`${base}/settings/kiosks`);
  await owner.getByTestId('kiosk-row').first().waitFor();

  // ---- the owner revokes the tablet ---------------------------------------------------------------
  await owner.getByTestId('kiosk-revoke').click();
  await owner.getByTestId('confirm-dialog').getByTestId('dialog-submit').click();
  await owner.getByTestId('kiosks-notice').waitFor();
  check(await text(owner, 'kiosk-status') === 'Revoked', 'revoked in the list');
  check(await owner.getByTestId('kiosk-revoke').count() === 0, 'nothing more to revoke');
  await tablet.reload();
  await tablet.getByTestId('kiosk-revoked').waitFor();
  check(await tablet.evaluate(() => localStorage.getItem('staffroom.kiosk.token')) === null, 'the tablet forgot its key');
  await tablet.reload();
  await tablet.getByTestId('kiosk-not-set-up').waitFor();
  // Lisa's 1 wrong PIN and Tom's 4 (400), his lock (429), the revoked key (401).
  checkProblems(tablet, { 400: 5, 429: 1, 401: 1 });

  // ---- "Use this device": the owner's laptop becomes a kiosk, signed out --------------------------
  await owner.getByTestId('kiosk-new-name').fill('Back office');
  await owner.getByTestId('kiosk-create').click();
  await owner.getByTestId('kiosk-use-here').click();
  await owner.getByTestId('kiosk-people').waitFor();
  check(path(owner) === '/kiosk', `on the kiosk: ${owner.url()}`);
  check((await text(owner, 'kiosk-place')).includes('Back office'), 'the second kiosk');
  await owner.goto(`${base}/`);
  await owner.getByTestId('login-page').waitFor();
  checkProblems(owner, { 404: 1 }); // the second reset: Tom had no PIN any more
} finally {
  await browser.close();
}
