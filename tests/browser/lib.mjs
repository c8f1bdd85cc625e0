// Shared launcher: Debian's Chromium, headless, no network beyond loopback.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const base = process.argv[2];
if (!base) throw new Error('usage: node <script> BASE_URL');
const shots = process.env.SCREENSHOT_DIR || 'screenshots';
mkdirSync(shots, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

export async function newPage(browser, { locale = 'en-US', mobile = false } = {}) {
  const context = await browser.newContext({
    locale,
    viewport: mobile ? { width: 390, height: 844 } : { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.problems = problems;
  return page;
}

export function screenshot(page, name) {
  return page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

export const text = async (page, testId) => (await page.getByTestId(testId).first().textContent()).trim();
export const path = (page) => new URL(page.url()).pathname;
export const noOverflow = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

// Signs in through the login page (in any language) and waits for the home page.
export async function signIn(page, email, password) {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-page').waitFor();
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('home-greeting').waitFor();
}

// The person's menu in the app shell (the sidebar's foot, or the top bar on a phone).
export async function userMenu(page, item) {
  await page.getByTestId('user-menu').click();
  await page.getByTestId(`user-menu-${item}`).click();
}

// Chromium logs every refused request as a console error. A test names the refusals it provoked
// (status → how many); anything else on the console fails it.
export function checkProblems(page, expected = {}) {
  const counts = {};
  const others = [];
  for (const p of page.problems) {
    const status = p.match(/status of (\d{3})/)?.[1];
    if (status && status in expected) counts[status] = (counts[status] || 0) + 1;
    else others.push(p);
  }
  const wrong = Object.entries(expected).filter(([status, n]) => (counts[status] || 0) !== n);
  check(others.length === 0 && wrong.length === 0,
    `console problems (expected ${JSON.stringify(expected)}, got ${JSON.stringify(counts)}):\n${page.problems.join('\n')}`);
}
