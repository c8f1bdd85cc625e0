// Service accounts: the owner creates an API key with scope users.read; the dialog shows the key
// once (no Cancel, Escape does not lose it). The key, read from the page, reads the team on
// /api/v1/sa/users; once revoked on the page (after confirming) the same call is refused.
// usage: node service-accounts.mjs BASE OWNER_EMAIL OWNER_PASSWORD
import { base, launch, newPage, screenshot, check, checkProblems, noOverflow, signIn, text } from './lib.mjs';

const [ownerEmail, ownerPassword] = process.argv.slice(3);
if (!ownerPassword) throw new Error('usage: node service-accounts.mjs BASE OWNER_EMAIL OWNER_PASSWORD');
const name = 'Payroll export';
const row = (page, n = name) => page.locator(`[data-testid="sa-row"][data-name="${n}"]`);

// A call as the program would make it: only the key, no session.
const callWithKey = (page, key) => page.evaluate(async (k) => {
  const response = await fetch('/api/v1/sa/users', { headers: { Authorization: `Bearer ${k}` }, credentials: 'omit' });
  return { status: response.status, body: await response.json() };
}, key);

async function createKey(page, keyName, scopes = null) {
  await page.getByTestId('sa-new').click();
  const dialog = page.getByTestId('sa-dialog');
  await dialog.waitFor();
  await dialog.getByLabel('Name', { exact: true }).fill(keyName);
  if (scopes) for (const s of scopes) await dialog.getByTestId(`perm-${s}`).check();
  await dialog.getByTestId('dialog-submit').click();
  await page.getByTestId('sa-key-dialog').waitFor();
  return page.getByTestId('sa-key').inputValue();
}

const browser = await launch();
try {
  const page = await newPage(browser);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await signIn(page, ownerEmail, ownerPassword);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-service-accounts-link').click();
  await page.getByTestId('sa-empty').waitFor();
  check((await text(page, 'sa-empty')) === 'No API keys yet.', 'empty state');
  check((await text(page, 'sa-header-example')) === 'Authorization: Bearer sr_…', 'how a key is sent');
  const usage = await text(page, 'sa-usage');
  check(usage.includes(`GET ${base}/api/v1/sa/users`) && usage.includes(`GET ${base}/api/v1/sa/tenant`), `endpoints: ${usage}`);
  await screenshot(page, 'service-accounts-empty');

  // The form: a name and at least one scope; users.read comes ticked.
  await page.getByTestId('sa-new').click();
  const dialog = page.getByTestId('sa-dialog');
  await dialog.waitFor();
  check(await dialog.getByTestId('perm-users.read').isChecked(), 'users.read ticked to begin with');
  await dialog.getByTestId('perm-users.read').uncheck();
  await dialog.getByTestId('dialog-submit').click();
  check((await dialog.getByTestId('error-name').textContent()) === 'Please fill this in.', 'name required');
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByTestId('dialog-submit').click();
  check((await dialog.getByTestId('error-scopes').textContent()) === 'Tick at least one scope.', 'a scope required');
  await dialog.getByTestId('perm-users.read').check();
  await dialog.evaluate((d) => { d.scrollTop = 0; });
  await screenshot(page, 'service-accounts-create');
  await dialog.getByTestId('dialog-submit').click();

  // The key, once.
  const shown = page.getByTestId('sa-key-dialog');
  await shown.waitFor();
  const key = await page.getByTestId('sa-key').inputValue();
  check(/^sr_[a-z0-9]{8}_.{20,}$/.test(key), `a key: ${key}`);
  check((await text(page, 'sa-key-warning')).includes('It is not shown again'), 'warned');
  check((await shown.getByTestId('dialog-cancel').count()) === 0, 'no Cancel to lose the key by');
  await page.keyboard.press('Escape');
  check(await shown.isVisible(), 'Escape does not close it');
  await page.getByTestId('sa-copy').click();
  await page.getByTestId('sa-copy').getByText('Copied').waitFor();
  check((await page.evaluate(() => navigator.clipboard.readText())) === key, 'copied to the clipboard');
  await screenshot(page, 'service-accounts-key');
  await shown.getByTestId('dialog-submit').click();
  await shown.waitFor({ state: 'detached' });
  await row(page).waitFor();
  check((await text(page, 'sa-notice')) === `The key ${name} is ready to use.`, 'confirmed');
  check((await row(page).getByTestId('sa-prefix').textContent()) === `sr_${key.slice(3, 11)}_…`, 'only the prefix listed');
  check((await row(page).getByTestId('sa-status').textContent()) === 'Active', 'active');
  check((await row(page).getByTestId('sa-scope').allTextContents()).join(',') === 'users.read', 'its scope');
  check((await row(page).getByTestId('sa-dates').textContent()).includes('Never used'), 'not used yet');
  check(!(await page.content()).includes(key), 'the key is gone from the page');

  // The program's call with the key.
  const ok = await callWithKey(page, key);
  check(ok.status === 200, `the key works: ${JSON.stringify(ok)}`);
  check(ok.body.data.items.some((u) => u.email === ownerEmail), 'and reads the team');
  await page.reload();
  await row(page).waitFor();
  check((await row(page).getByTestId('sa-dates').textContent()).includes('Last used'), 'its use is shown');
  await screenshot(page, 'service-accounts-desktop');

  // Revoking asks first, then the key stops working at once.
  await row(page).getByRole('button', { name: `Revoke the key ${name}` }).click();
  const confirm = page.getByTestId('confirm-dialog');
  await confirm.waitFor();
  check((await confirm.locator('h2').textContent()) === `Revoke the key ${name}?`, 'names the key');
  check((await confirm.textContent()).includes('This cannot be undone'), 'says it is final');
  await screenshot(page, 'service-accounts-confirm-revoke');
  await confirm.getByTestId('dialog-submit').click();
  await confirm.waitFor({ state: 'detached' });
  await page.getByText(`The key ${name} is revoked.`).waitFor();
  check((await row(page).getByTestId('sa-status').textContent()) === 'Revoked', 'shown as revoked');
  check((await row(page).getByTestId('sa-revoke').count()) === 0, 'nothing left to revoke');
  const refused = await callWithKey(page, key);
  check(refused.status === 401, `the key is refused: ${JSON.stringify(refused)}`);
  checkProblems(page, { 401: 1 });

  // On a phone: the list and a new key's dialog.
  const phone = await newPage(browser, { mobile: true });
  await signIn(phone, ownerEmail, ownerPassword);
  await phone.goto(`${base}/settings/service-accounts`);
  await row(phone).waitFor();
  check(await noOverflow(phone), 'the list fits a phone');
  await screenshot(phone, 'service-accounts-phone');
  await phone.getByTestId('sa-new').click();
  await phone.getByTestId('sa-dialog').waitFor();
  check(await noOverflow(phone), 'the form fits a phone');
  await screenshot(phone, 'service-accounts-phone-create');
  await phone.getByTestId('dialog-cancel').click();
  await phone.getByTestId('sa-dialog').waitFor({ state: 'detached' });
  const second = await createKey(phone, 'Rota display');
  check(second.startsWith('sr_'), 'a second key');
  check(await noOverflow(phone), 'the key fits a phone');
  await screenshot(phone, 'service-accounts-phone-key');
  await phone.getByTestId('sa-key-dialog').getByTestId('dialog-submit').click();
  await row(phone, 'Rota display').waitFor();
  checkProblems(phone);
  console.log('service accounts ok');
} finally {
  await browser.close();
}
