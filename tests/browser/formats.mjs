// The organization's date and time formats are honoured on the pages: the owner sets
// yyyy-MM-dd and the 12-hour clock, and the status page's "running since" follows; back to the
// defaults, it reads dd-MM-yyyy HH:mm again.
// usage: node formats.mjs BASE OWNER_EMAIL OWNER_PASSWORD
import { base, launch, newPage, check, checkProblems, signIn, text } from './lib.mjs';

const [email, password] = process.argv.slice(3);
if (!password) throw new Error('usage: node formats.mjs BASE OWNER_EMAIL OWNER_PASSWORD');

async function put(token, key, value) {
  const response = await fetch(`${base}/api/v1/org-settings/${key}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ value }),
  });
  check(response.ok, `PUT ${key}: ${response.status}`);
}

const login = await fetch(`${base}/api/v1/auth/login`, {
  method: 'POST', headers: { 'content-type': 'application/json', 'x-client-type': 'mobile' },
  body: JSON.stringify({ email, password }),
});
const token = (await login.json()).data.accessToken;

const browser = await launch();
try {
  await put(token, 'general.date_format', 'yyyy-MM-dd');
  await put(token, 'general.time_format', 'h:mm a');
  const page = await newPage(browser);
  await signIn(page, email, password);
  await page.goto(`${base}/status`);
  await page.getByTestId('running-since').waitFor();
  const twelveHour = await text(page, 'running-since');
  check(/^\d{4}-\d{2}-\d{2},? \d{1,2}:\d{2} ?(AM|PM)$/i.test(twelveHour), `yyyy-MM-dd and the 12-hour clock: ${twelveHour}`);

  await put(token, 'general.date_format', 'dd-MM-yyyy');
  await put(token, 'general.time_format', 'HH:mm');
  const fresh = await newPage(browser);
  await signIn(fresh, email, password);
  await fresh.goto(`${base}/status`);
  await fresh.getByTestId('running-since').waitFor();
  const defaults = await text(fresh, 'running-since');
  check(/^\d{2}-\d{2}-\d{4},? \d{2}:\d{2}$/.test(defaults), `dd-MM-yyyy HH:mm: ${defaults}`);
  checkProblems(page);
  checkProblems(fresh);
  console.log('formats ok');
} finally {
  await browser.close();
}
