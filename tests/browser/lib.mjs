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
