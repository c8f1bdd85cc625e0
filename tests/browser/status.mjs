// The status page shows the server's health figures, in English and Dutch, on desktop and phone.
import { base, launch, newPage, screenshot, check } from './lib.mjs';

const browser = await launch();
try {
  const page = await newPage(browser);
  await page.goto(`${base}/status`);
  await page.getByTestId('status-banner').waitFor();
  check((await page.getByTestId('status-banner').textContent()) === 'Everything is running', 'banner says ok');
  check(/^\d+\.\d+\.\d+$/.test(await page.getByTestId('version').textContent()), 'version shown');
  // Signed out: the public part only, and a hint to sign in for the storage figures.
  await page.getByTestId('status-signin-hint').waitFor();
  check((await page.getByTestId('synchronous').count()) === 0, 'storage figures need a sign-in');
  await screenshot(page, 'status-desktop');

  // Unknown client route: the shell answers and the router shows its not-found page; the start
  // page of a fresh instance is the setup wizard.
  await page.goto(`${base}/no/such/page`);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await page.getByRole('link', { name: 'Back to the start page' }).click();
  await page.getByTestId('setup-wizard').waitFor();
  check(new URL(page.url()).pathname === '/setup', 'start page of a fresh instance is the wizard');
  check(page.problems.length === 0, page.problems.join('\n'));

  const nl = await newPage(browser, { locale: 'nl-NL', mobile: true });
  await nl.goto(`${base}/status`);
  await nl.getByTestId('status-banner').waitFor();
  check((await nl.getByTestId('status-banner').textContent()) === 'Alles draait', 'Dutch banner');
  const overflow = await nl.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  check(!overflow, 'no horizontal scrolling on a phone');
  await screenshot(nl, 'status-phone-nl');
  check(nl.problems.length === 0, nl.problems.join('\n'));
  console.log('status page ok');
} finally {
  await browser.close();
}
