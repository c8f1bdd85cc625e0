// The status page shows the server's health figures, in English and Dutch, on desktop and phone.
import { base, launch, newPage, screenshot, check } from './lib.mjs';

const browser = await launch();
try {
  const page = await newPage(browser);
  await page.goto(`${base}/`);
  await page.getByTestId('status-banner').waitFor();
  check((await page.getByTestId('status-banner').textContent()) === 'Everything is running', 'banner says ok');
  check(/^\d+\.\d+\.\d+$/.test(await page.getByTestId('version').textContent()), 'version shown');
  check((await page.getByTestId('synchronous').textContent()) === 'FULL', 'synchronous shown');
  check(/^\d+ \/ \d+$/.test(await page.getByTestId('readers').textContent()), 'read pool shown');
  await screenshot(page, 'status-desktop');

  // Unknown client route: the shell answers and the router shows its not-found page.
  await page.goto(`${base}/no/such/page`);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await page.getByRole('link', { name: 'Back to the start page' }).click();
  await page.getByTestId('status-banner').waitFor();
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
