// Screenshots of the main screens for review: home (the owner's checklist), team, settings and
// status, each at 1280×800 and 390×844, into SCREENSHOT_DIR/product/ (the README's copies live
// in docs/screenshots/) as home-desktop.png, home-phone.png,
// team-desktop.png, team-phone.png, settings-desktop.png, settings-phone.png, status-desktop.png,
// status-phone.png. A few people are invited first (through the API) so the team page is not
// empty; running it twice on one instance is fine.
// usage: node screens.mjs BASE_URL OWNER_EMAIL OWNER_PASSWORD
//   (an instance whose setup is done, e.g. TestApp::setup_owner(); SMTP optional)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { base, launch, newPage, check, checkProblems, noOverflow, signIn } from './lib.mjs';

const [ownerEmail, ownerPassword] = process.argv.slice(3);
if (!ownerEmail || !ownerPassword) throw new Error('usage: node screens.mjs BASE_URL OWNER_EMAIL OWNER_PASSWORD');
// Its own folder: other scripts running at the same time write pictures of the same names.
const shots = join(process.env.SCREENSHOT_DIR || 'screenshots', 'product');
mkdirSync(shots, { recursive: true });
const team = [
  ['Bo', 'Jansen', 'bo@salon.example', 'manager'],
  ['Cas', 'Bakker', 'cas@salon.example', 'user'],
  ['Daan', 'de Boer', 'daan@salon.example', 'user'],
  ['Eva', 'Visser', 'eva@salon.example', 'user'],
];

async function call(path, { method = 'GET', body, token } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

// The owner's token, then the team invited (an address already there answers 409: fine).
const login = await call('/api/v1/auth/login', { method: 'POST', body: { email: ownerEmail, password: ownerPassword, mobile: true } });
check(login.status === 200, `owner signs in through the API: ${JSON.stringify(login.body)}`);
const token = login.body.data.accessToken;
for (const [firstName, lastName, email, role] of team) {
  const answer = await call('/api/v1/users', { method: 'POST', token, body: { firstName, lastName, email, role } });
  check(answer.status === 200 || answer.status === 201 || answer.status === 409, `invite ${email}: ${JSON.stringify(answer.body)}`);
}

const screens = [
  ['home', '/', async (page) => {
    await page.locator('[data-testid="checklist"], [data-testid="home-account"]').first().waitFor();
    await page.getByTestId('home-hours').waitFor();
  }],
  ['team', '/users', async (page) => {
    await page.locator('[data-testid="users-list"]:not([aria-busy])').waitFor();
    await page.locator('[data-testid="user-row"]').nth(team.length).waitFor();
  }],
  ['settings', '/settings', (page) => page.getByTestId('settings-page').waitFor()],
  ['status', '/status', (page) => page.getByTestId('status-checks').waitFor()],
];

const browser = await launch();
try {
  for (const [device, mobile] of [['desktop', false], ['phone', true]]) {
    const page = await newPage(browser, { mobile });
    await signIn(page, ownerEmail, ownerPassword);
    for (const [name, path, ready] of screens) {
      await page.goto(`${base}${path}`);
      await ready(page);
      // Fonts and the last answers settle; no toast or focus ring in the picture.
      await page.evaluate(() => document.activeElement?.blur());
      await page.waitForTimeout(300);
      check(await noOverflow(page), `${name} fits the ${device}`);
      await page.screenshot({ path: join(shots, `${name}-${device}.png`) });
    }
    checkProblems(page);
  }
  console.log('screens ok');
} finally {
  await browser.close();
}
