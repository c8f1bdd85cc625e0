// Passwords and the account page, in stages with mails read in between (by the Rust test):
//   node passwords.mjs BASE forgot EMAIL
//     "Forgot your password?" from the login page, with the address carried over;
//   node passwords.mjs BASE reset LINK EMAIL OLD_PASSWORD
//     a new password through the reset link, sign-in with it, then on the account page a wrong and
//     a right password change (the session continues) and a request to confirm the address;
//   node passwords.mjs BASE verify LINK EMAIL
//     the confirmation link works once; the account page then says the address is confirmed.
import { base, launch, newPage, screenshot, check, checkProblems, path, signIn, text, userMenu } from './lib.mjs';

const [stage, ...args] = process.argv.slice(3);
const RESET_PASSWORD = 'a brand new password';
const FINAL_PASSWORD = 'and another one after that';

async function forgot(email) {
  const browser = await launch();
  try {
    const page = await newPage(browser);
    await page.goto(`${base}/login`);
    await page.getByTestId('login-page').waitFor();
    await page.getByLabel('E-mail address', { exact: true }).fill(email);
    await screenshot(page, 'login-forgot-link');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByTestId('forgot-page').waitFor();
    check(path(page) === '/forgot-password', 'forgot-password page');
    check((await page.getByLabel('E-mail address').inputValue()) === email, 'address carried over from the login page');
    await screenshot(page, 'forgot-desktop');
    await page.getByTestId('forgot-submit').click();
    await page.getByTestId('forgot-sent').waitFor();
    check((await text(page, 'forgot-sent')) === `If an account exists for ${email}, an e-mail with a link is on its way.`,
      'the same answer for every address');
    await screenshot(page, 'forgot-done');
    checkProblems(page);
    console.log('forgot ok');
  } finally {
    await browser.close();
  }
}

async function reset(link, email, oldPassword) {
  const browser = await launch();
  try {
    const page = await newPage(browser);
    await page.goto(link);
    await page.getByTestId('reset-form').waitFor();
    await page.getByLabel('New password', { exact: true }).fill(RESET_PASSWORD);
    await page.getByLabel('Repeat the new password').fill(RESET_PASSWORD);
    await screenshot(page, 'reset-desktop');
    await page.getByTestId('reset-submit').click();
    await page.getByTestId('reset-done').waitFor();
    await screenshot(page, 'reset-done');
    await page.getByTestId('reset-login').click();
    await page.getByTestId('login-page').waitFor();
    // The old password is gone.
    await page.getByLabel('E-mail address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(oldPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    await page.getByLabel('Password', { exact: true }).fill(RESET_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home-greeting').waitFor();

    await userMenu(page, 'account');
    await page.getByTestId('account-page').waitFor();
    check((await text(page, 'account-email')) === email, 'address shown');
    check((await text(page, 'account-name')) === 'Anna de Vries', 'name shown');
    check((await text(page, 'account-role')) === 'Owner', 'role shown');

    // A wrong current password: authedApi refreshes once and retries, then the page says so and
    // the session goes on.
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill(FINAL_PASSWORD);
    await page.getByLabel('Repeat the new password').fill(FINAL_PASSWORD);
    await page.getByTestId('password-submit').click();
    await page.getByTestId('error-currentPassword').waitFor();
    check((await text(page, 'error-currentPassword')) === 'This is not your current password.', 'wrong password explained');
    check(path(page) === '/account' && (await page.getByTestId('user-menu').isVisible()), 'still signed in');
    await screenshot(page, 'account-wrong-password');

    await page.getByLabel('Current password').fill(RESET_PASSWORD);
    await page.getByTestId('password-submit').click();
    await page.getByTestId('password-result').waitFor();
    check((await text(page, 'password-result')) === 'Your password has been changed.', 'password changed');
    check((await page.getByLabel('Current password').inputValue()) === '', 'form emptied');
    // The answer's token and the new cookies carry the session on: a call and a reload work.
    await page.getByTestId('verify-send').click();
    await page.getByTestId('verify-result').waitFor();
    check((await text(page, 'verify-result')).startsWith(`An e-mail is on its way to ${email}.`), 'confirmation mail sent');
    await screenshot(page, 'account-desktop');
    await page.reload();
    await page.getByTestId('account-page').waitFor();

    await userMenu(page, 'logout');
    await page.getByTestId('login-page').waitFor();
    await page.getByLabel('E-mail address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(FINAL_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home-greeting').waitFor();
    // The wrong old password at sign-in, and the wrong current password twice (first try and retry).
    checkProblems(page, { 401: 3 });
    console.log('reset ok');
  } finally {
    await browser.close();
  }
}

async function verify(link, email) {
  const browser = await launch();
  try {
    const page = await newPage(browser);
    await page.goto(link);
    await page.getByTestId('verify-done').waitFor();
    check((await text(page, 'verify-done')) === 'Thank you, your e-mail address is confirmed.', 'address confirmed');
    check(await page.getByTestId('verify-login').isVisible(), 'signed out: on to sign in');
    await screenshot(page, 'verify-done');
    await page.goto(link);
    await page.getByTestId('verify-gone').waitFor();
    check((await text(page, 'verify-gone')).startsWith('This link was already used or has expired.'), 'used link explained');
    await screenshot(page, 'verify-gone');

    await signIn(page, email, FINAL_PASSWORD);
    await userMenu(page, 'account');
    await page.getByTestId('verify-send').click();
    await page.getByTestId('verify-result').waitFor();
    check((await text(page, 'verify-result')) === 'Your e-mail address is already confirmed.', 'already confirmed');
    checkProblems(page, { 410: 1, 409: 1 });
    console.log('verify ok');
  } finally {
    await browser.close();
  }
}

if (stage === 'forgot') await forgot(...args);
else if (stage === 'reset') await reset(...args);
else if (stage === 'verify') await verify(...args);
else throw new Error('usage: node passwords.mjs BASE forgot EMAIL | reset LINK EMAIL OLD_PASSWORD | verify LINK EMAIL');
