// E-mail settings and the outbox.
//   node email.mjs BASE settings OWNER_EMAIL OWNER_PASSWORD   (an instance with SMTP in its config)
//     the page shows the configured server, a test mail is delivered, a private host is refused
//     next to its field, the sender is saved;
//   node email.mjs BASE outbox OWNER_EMAIL OWNER_PASSWORD SMTP_PORT
//     (no SMTP in the config, private hosts allowed; one invitation queued) the team page warns,
//     the outbox explains itself and shows the waiting invitation's text; then the workplace's own
//     server (on SMTP_PORT) is saved, its password removed, the invitation goes out, and the
//     server is removed again.
import { base, launch, newPage, screenshot, check, checkProblems, noOverflow, signIn, text } from './lib.mjs';

const [stage, ownerEmail, ownerPassword, smtpPort] = process.argv.slice(3);

async function settings() {
  const browser = await launch();
  try {
    const page = await newPage(browser);
    await signIn(page, ownerEmail, ownerPassword);
    check(await page.getByTestId('home-settings-link').isVisible(), 'the owner sees the settings link');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-page').waitFor();
    await page.getByTestId('settings-email-link').click();
    await page.getByTestId('email-status').waitFor();
    check((await page.getByTestId('nav-settings').getAttribute('aria-current')) === 'page', 'settings marked in the menu');
    check((await text(page, 'email-state')) === 'E-mail is being sent.', 'configured');
    check((await text(page, 'email-source')).startsWith('The server configuration'), 'source: the config file');
    check((await text(page, 'smtp-config-host')) === '127.0.0.1', 'configured host shown');
    check((await text(page, 'smtp-config-security')) === 'None (unencrypted)', 'security translated');
    check((await page.getByTestId('smtp-form').count()) === 0, 'the operator\'s server is not edited here');
    await screenshot(page, 'email-settings-desktop');

    await page.getByTestId('smtp-test').click();
    await page.getByTestId('smtp-test-result').waitFor();
    const result = await text(page, 'smtp-test-result');
    check(result.startsWith(`The mail server accepted the test mail for ${ownerEmail}.`), `test delivered: ${result}`);
    const reply = await text(page, 'smtp-test-response');
    check(reply.startsWith('250') && reply.includes('queued as TEST1'), `server reply shown: ${reply}`);
    await screenshot(page, 'email-test-delivered');

    // An own server on a private address is refused by the server; the reason sits at the field.
    await page.getByTestId('smtp-override').click();
    await page.getByTestId('smtp-form').waitFor();
    await page.getByLabel('Server address').fill('127.0.0.1');
    await page.getByLabel('Security').selectOption('none');
    check((await page.getByLabel('Port').getAttribute('placeholder')) === '25', 'default port follows the security');
    await page.getByLabel('Port').fill('2525');
    await page.getByTestId('smtp-save').click();
    await page.getByTestId('error-host').waitFor();
    check((await text(page, 'error-host')).includes('private'), `private host refused: ${await text(page, 'error-host')}`);
    await screenshot(page, 'email-smtp-refused');
    await page.getByRole('button', { name: 'Keep using the configured server' }).click();
    await page.getByTestId('smtp-config-host').waitFor();

    await page.getByLabel('Sender name').fill('Salon Élise');
    await page.getByLabel('Sender address').fill('hello@salon.example');
    await page.getByTestId('sender-save').click();
    await page.getByTestId('sender-result').waitFor();
    check((await text(page, 'sender-effective')).includes('hello@salon.example'), 'sender saved');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="email-effective-from"]').textContent.includes('hello@salon.example'));
    checkProblems(page, { 400: 1 });

    const phone = await newPage(browser, { mobile: true, locale: 'nl-NL' });
    await signIn(phone, ownerEmail, ownerPassword);
    await phone.goto(`${base}/settings/email`);
    await phone.getByTestId('email-status').waitFor();
    check((await text(phone, 'email-state')) === 'E-mail wordt verstuurd.', 'Dutch settings page');
    check(await noOverflow(phone), 'settings fit a phone');
    await screenshot(phone, 'email-settings-phone-nl');
    checkProblems(phone);
    console.log('email settings ok');
  } finally {
    await browser.close();
  }
}

async function outbox() {
  const browser = await launch();
  try {
    const page = await newPage(browser);
    await signIn(page, ownerEmail, ownerPassword);
    await page.getByTestId('nav-users').click();
    await page.getByTestId('users-mail-warning').waitFor();
    await page.getByTestId('users-mail-warning').getByRole('link').click();

    await page.getByTestId('outbox-page').waitFor();
    check((await text(page, 'outbox-intro')).includes('wait here'), 'the outbox explains itself');
    await page.getByTestId('outbox-mail-state').waitFor();
    check((await text(page, 'outbox-mail-state')).startsWith('No mail server is set up'), 'not configured');
    const mail = page.locator('[data-testid="outbox-item"][data-kind="invitation"]');
    await mail.waitFor();
    check((await mail.getByTestId('outbox-to').textContent()).includes('cas@salon.example'), 'addressee shown');
    check((await mail.getByTestId('outbox-status').textContent()) === 'Waiting', 'waiting');
    check(await mail.getByTestId('outbox-body').isHidden(), 'body folded away');
    await mail.locator('summary').click();
    await mail.getByTestId('outbox-body').waitFor();
    const body = await mail.getByTestId('outbox-body').textContent();
    check(body.includes('/accept-invitation?token='), 'the invitation link can be read and passed on');
    check((await mail.getByTestId('outbox-body').evaluate((pre) => pre.childElementCount)) === 0, 'body is plain text');
    check((await mail.getByTestId('outbox-mailto').getAttribute('href')).startsWith('mailto:cas%40salon.example?'),
      'can be written in a mail program');
    await screenshot(page, 'outbox-desktop');

    await page.getByTestId('outbox-settings-link').click();
    await page.getByTestId('email-status').waitFor();
    check((await text(page, 'email-source')) === 'None', 'no mail server');
    check((await text(page, 'email-pending')) === '1 e-mail', 'one mail waiting');
    await page.getByTestId('smtp-form').waitFor();
    await screenshot(page, 'email-settings-none');

    // The workplace's own server; the password is write-only.
    await page.getByLabel('Server address').fill('127.0.0.1');
    await page.getByLabel('Security').selectOption('none');
    await page.getByLabel('Port').fill(smtpPort);
    await page.locator('input[name="password"]').fill('smtp secret');
    await page.getByTestId('smtp-save').click();
    await page.getByText('Saved.').waitFor();
    check((await page.locator('input[name="password"]').inputValue()) === '', 'the password is not shown again');
    await page.getByText('A password is stored. Leave this empty to keep it.').waitFor();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="email-source"]').textContent === 'This workplace’s own server');
    await screenshot(page, 'email-settings-tenant');
    await page.getByTestId('smtp-remove-password').click();
    const confirm = page.getByTestId('smtp-confirm');
    await confirm.waitFor();
    await confirm.getByTestId('dialog-submit').click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('The password is removed.').waitFor();
    check((await page.getByTestId('smtp-remove-password').count()) === 0, 'nothing left to remove');
    await page.getByText('No password is stored.').waitFor();

    // Saving woke the outbox: the waiting invitation goes out through the new server.
    for (let i = 0; ; i++) {
      await page.goto(`${base}/settings/email/outbox`);
      const status = page.locator('[data-testid="outbox-item"][data-kind="invitation"] [data-testid="outbox-status"]');
      await status.waitFor();
      if ((await status.textContent()) === 'Sent') break;
      check(i < 20, 'the invitation was sent once a server was set up');
      await page.waitForTimeout(500);
    }
    await screenshot(page, 'outbox-sent');

    await page.getByTestId('outbox-settings-link').click();
    await page.getByTestId('smtp-remove').click();
    await confirm.waitFor();
    await confirm.getByTestId('dialog-submit').click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('The mail server settings are removed.').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="email-source"]').textContent === 'None');
    checkProblems(page);

    const phone = await newPage(browser, { mobile: true });
    await signIn(phone, ownerEmail, ownerPassword);
    await phone.goto(`${base}/settings/email/outbox`);
    await phone.locator('[data-testid="outbox-item"] summary').first().click();
    await phone.getByTestId('outbox-body').first().waitFor();
    check(await noOverflow(phone), 'outbox fits a phone');
    await screenshot(phone, 'outbox-phone');
    checkProblems(phone);
    console.log('outbox ok');
  } finally {
    await browser.close();
  }
}

if (stage === 'settings') await settings();
else if (stage === 'outbox') await outbox();
else throw new Error('usage: node email.mjs BASE settings OWNER_EMAIL OWNER_PASSWORD | outbox OWNER_EMAIL OWNER_PASSWORD SMTP_PORT');
