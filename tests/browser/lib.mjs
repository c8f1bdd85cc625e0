// Shared launcher: Debian's Chromium, headless, no network beyond loopback.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

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

// `timezoneId`: the browser's time zone (the system's when left out); `viewport` another size than
// the phone's or the laptop's (a tablet), with touch.
export async function newPage(browser, { locale = 'en-US', mobile = false, timezoneId, viewport } = {}) {
  const context = await browser.newContext({
    locale,
    ...(timezoneId ? { timezoneId } : {}),
    viewport: viewport || (mobile ? { width: 390, height: 844 } : { width: 1280, height: 800 }),
    ...(viewport ? { hasTouch: true } : {}),
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

// A real PNG of `width` × `height` (a colour gradient), for uploads.
export function png(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const at = y * (width * 3 + 1);
    for (let x = 0; x < width; x += 1) {
      rows.set([47 + Math.round((x / width) * 160), 111 + Math.round((y / height) * 100), 98], at + 1 + x * 3);
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
