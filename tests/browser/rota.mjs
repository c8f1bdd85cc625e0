// The rota's lists, set up the way a manager and an owner do it: the job list (add with colour,
// code and rate; edit; a name taken twice; several deleted at once; members read it only), the
// rota facts of two people on the team page, a smart group whose live preview follows its rules,
// and a second location with closures on the business details page.
// usage: node rota.mjs BASE_URL PEOPLE_JSON
//   PEOPLE_JSON: {password, owner: {email, name}, manager: {email, name}, members: [{email, name}, …]}
//   (the JSON or a file holding it) on an instance with those people and no jobs or smart groups yet
// Screenshots: jobs-desktop, jobs-member-phone, member-facts, smart-group-editor,
// smart-group-editor-phone, smart-groups, business-locations, business-locations-phone.
import { base, check, checkProblems, launch, newPage, noOverflow, screenshot, signIn, text } from './lib.mjs';
import { addDays, apiAs, isoDate, readPeople } from './member-flow.mjs';

if (!process.argv[3]) throw new Error('usage: node rota.mjs BASE_URL PEOPLE_JSON');
const people = readPeople(process.argv[3]);
const [lisa, tom] = people.members;
const jobRow = (page, name) => page.locator(`[data-testid="job-row"][data-name="${name}"]`);
const userRow = (page, email) => page.locator(`[data-testid="user-row"][data-email="${email}"]`);
const settled = (page, testId) => page.locator(`[data-testid="${testId}"]:not([aria-busy])`).waitFor();
const quiet = async (page) => {
  for (const close of await page.locator('.toast-close').all()) await close.click();
  await page.evaluate(() => document.activeElement?.blur());
};

async function addJob(page, { name, colour, code, description, rate }) {
  await page.getByTestId('job-new').click();
  const form = page.getByTestId('job-form');
  await form.getByLabel('Name', { exact: true }).fill(name);
  if (colour) await form.getByLabel('Colour', { exact: true }).fill(colour);
  if (code) await form.getByLabel('Code').fill(code);
  if (description) await form.getByLabel('Description').fill(description);
  if (rate) await form.getByLabel('Hourly rate').fill(rate);
  await form.getByTestId('job-save').click();
}

// ---- the job list ---------------------------------------------------------------------------------

async function jobs(browser) {
  const page = await newPage(browser);
  await signIn(page, people.manager.email, people.password);
  await page.goto(`${base}/jobs`);
  await settled(page, 'jobs-list');
  if ((await page.getByTestId('job-row').count()) === 0) {
    check(await page.getByTestId('jobs-empty').isVisible(), 'an empty list says so');
  }

  await addJob(page, { name: 'Colourist', colour: '#8152c7', code: 'CO', description: 'Colour, highlights and toning', rate: '21,50' });
  await jobRow(page, 'Colourist').waitFor();
  check((await jobRow(page, 'Colourist').getByTestId('job-rate').textContent()).includes('21.50'), 'the rate in euros');
  check((await jobRow(page, 'Colourist').getByTestId('job-badge').textContent()) === 'CO', 'its code on the swatch');
  for (const name of ['Nail technician', 'Barber']) {
    await addJob(page, { name });
    await jobRow(page, name).waitFor();
  }
  check((await jobRow(page, 'Barber').getByTestId('job-rate').textContent()) === 'No rate', 'a job without a rate');

  // A name taken already: the server's answer at the field, nothing added.
  const rows = await page.getByTestId('job-row').count();
  await addJob(page, { name: 'Barber' });
  await page.getByTestId('error-name').waitFor();
  check((await text(page, 'error-name')).includes('exists'), `a taken name explained: ${await text(page, 'error-name')}`);
  await page.getByTestId('job-cancel').click();
  check((await page.getByTestId('job-row').count()) === rows, 'nothing added');

  // Edit: the form comes filled in; the rate is sent in cents.
  await jobRow(page, 'Nail technician').getByTestId('job-edit').click();
  const form = page.getByTestId('job-form');
  check((await form.getByLabel('Name', { exact: true }).inputValue()) === 'Nail technician', 'the form is filled in');
  await form.getByLabel('Name', { exact: true }).fill('Nail artist');
  await form.getByLabel('Hourly rate').fill('17');
  let sent = null;
  await page.route('**/api/v1/job-list/*', (route) => {
    if (route.request().method() === 'PATCH') sent = route.request().postDataJSON();
    route.continue();
  });
  await form.getByTestId('job-save').click();
  await jobRow(page, 'Nail artist').waitFor();
  await page.unroute('**/api/v1/job-list/*');
  check(sent?.hourlyRate === 1700 && sent.name === 'Nail artist', `sent in cents: ${JSON.stringify(sent)}`);

  // Two at once: selected, confirmed, gone.
  await jobRow(page, 'Nail artist').getByTestId('job-select').check();
  await jobRow(page, 'Barber').getByTestId('job-select').check();
  check((await text(page, 'jobs-selected')) === '2 selected', 'the selection counted');
  await quiet(page);
  await screenshot(page, 'jobs-desktop');
  await page.getByTestId('jobs-bulk-delete').click();
  const confirm = page.getByTestId('confirm-dialog');
  check((await confirm.locator('h2').textContent()) === 'Delete 2 jobs?', 'the dialog says how many');
  await confirm.getByTestId('dialog-submit').click();
  await confirm.waitFor({ state: 'detached' });
  await jobRow(page, 'Barber').waitFor({ state: 'detached' });
  check((await jobRow(page, 'Nail artist').count()) === 0, 'both deleted');
  check(await jobRow(page, 'Colourist').isVisible(), 'the other job stays');
  checkProblems(page, { 409: 1 }); // the name taken twice
  await page.context().close();

  // A member reads the list: no rates, no ways to change it.
  const phone = await newPage(browser, { mobile: true });
  await signIn(phone, lisa.email, people.password);
  await phone.goto(`${base}/jobs`);
  await jobRow(phone, 'Colourist').waitFor();
  check((await phone.getByTestId('job-new').count()) === 0 && (await phone.getByTestId('job-select').count()) === 0,
    'a member cannot change jobs');
  check((await phone.getByTestId('job-rate').count()) === 0, 'a member sees no rates');
  check(await noOverflow(phone), 'the job list fits a phone');
  await screenshot(phone, 'jobs-member-phone');
  checkProblems(phone);
  await phone.context().close();
}

// ---- rota facts on the team page --------------------------------------------------------------------

async function memberFacts(browser) {
  const api = await apiAs(people.manager.email, people.password);
  const org = (await api('/api/v1/organizations?limit=1')).items[0].id;
  const colourist = (await api('/api/v1/job-list?q=Colourist')).items.find((j) => j.name === 'Colourist');
  const page = await newPage(browser);
  await signIn(page, people.manager.email, people.password);
  await page.goto(`${base}/users`);
  await settled(page, 'users-list');

  await userRow(page, lisa.email).getByTestId('user-facts').click();
  const dialog = page.getByTestId('member-facts-dialog');
  await dialog.waitFor();
  check(await dialog.getByLabel('On the rota').isChecked(), 'on the rota at first');
  await dialog.locator('label', { hasText: 'Colourist' }).getByTestId('facts-job').check();
  await dialog.getByLabel('Hourly rate').fill('15,25');
  await dialog.getByLabel('Max. hours per week').fill('32');
  await dialog.getByLabel('Min. rest hours').fill('11');
  await dialog.getByLabel('Notes').fill('No Saturdays in the school holidays.');
  await quiet(page);
  await screenshot(page, 'member-facts');
  await dialog.getByTestId('dialog-submit').click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('users-notice').waitFor();
  await userRow(page, lisa.email).getByTestId('user-jobs').getByText('Colourist').waitFor();
  const member = (await api(`/api/v1/organizations/${org}/members?limit=100`)).items.find((m) => m.email === lisa.email);
  check(member.jobIds.includes(colourist.id) && member.hourlyRate === 1525 && member.maxHoursPerWeek === 32
    && member.minRestHours === 11 && member.notes === 'No Saturdays in the school holidays.', `saved: ${JSON.stringify(member)}`);

  // Off the rota and back: the row says so while they are off.
  for (const on of [false, true]) {
    await userRow(page, tom.email).getByTestId('user-facts').click();
    await dialog.waitFor();
    await dialog.getByLabel('On the rota').setChecked(on);
    await dialog.getByTestId('dialog-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await userRow(page, tom.email).getByTestId('user-off-rota').waitFor({ state: on ? 'detached' : 'visible' });
  }
  // Whole hours only, checked before anything is sent.
  await userRow(page, tom.email).getByTestId('user-facts').click();
  await dialog.getByLabel('Max. hours per week').fill('200');
  await dialog.getByTestId('dialog-submit').click();
  await dialog.getByTestId('error-maxHoursPerWeek').waitFor();
  await dialog.getByTestId('dialog-cancel').click();
  checkProblems(page);
  await page.context().close();
}

// ---- a smart group, with its live preview -----------------------------------------------------------

const previewCount = (page) => text(page, 'group-preview-count');
const previewNames = (page) => page.getByTestId('group-preview-person').locator('.who-name').allTextContents();
const previewSays = (page, wanted) => page.waitForFunction((w) =>
  document.querySelector('[data-testid="group-preview-count"]')?.textContent === w
  && !document.querySelector('[data-testid="group-preview"]')?.hasAttribute('aria-busy'), wanted);

async function smartGroups(browser) {
  const page = await newPage(browser);
  await signIn(page, people.manager.email, people.password);
  await page.goto(`${base}/smart-groups`);
  await page.locator('[data-testid="segment-new"], [data-testid="groups-empty"]').first().waitFor();
  await page.getByTestId('segment-new').click();
  const dialog = page.getByTestId('segment-dialog');
  await dialog.getByLabel('Segment name').fill('Skills');
  await dialog.getByLabel('Description').fill('Who can do what');
  await dialog.getByTestId('dialog-submit').click();
  await dialog.waitFor({ state: 'detached' });
  const segment = page.locator('[data-testid="segment"][data-name="Skills"]');
  await segment.getByTestId('group-new').click();
  await page.getByTestId('group-editor').waitFor();
  check(new URL(page.url()).searchParams.has('new'), 'the editor has an address');

  // Job is Colourist: Lisa (given the job above).
  await page.getByTestId('group-name').fill('Colourists');
  await page.getByTestId('rule-field').first().selectOption('jobId');
  await page.getByTestId('rule-value').first().selectOption({ label: 'Colourist' });
  await previewSays(page, '1 person');
  check((await previewNames(page)).includes(lisa.name), `the preview names Lisa: ${await previewNames(page)}`);

  // Or role is team member: every member; Tom left out by hand.
  await page.getByTestId('rule-add').click();
  await page.getByTestId('rule-field').nth(1).selectOption('role');
  await page.getByTestId('rule-value').nth(1).selectOption({ label: 'Team member' });
  // "is any of" keeps the value picked so far, as its first chip.
  await page.getByTestId('rule-operator').nth(1).selectOption('in');
  check((await page.getByTestId('rule-values').getByTestId('chip').allTextContents()).join() === 'Team member',
    'the value carried over');
  await page.getByTestId('group-logic-or').check({ force: true });
  await previewSays(page, `${people.members.length} people`);
  await page.getByTestId('group-exclude-add').selectOption({ label: tom.name });
  await previewSays(page, people.members.length - 1 === 1 ? '1 person' : `${people.members.length - 1} people`);
  check(!(await previewNames(page)).includes(tom.name), 'Tom is left out of the preview');
  await quiet(page);
  await screenshot(page, 'smart-group-editor');
  const wanted = await previewCount(page);
  await page.getByTestId('group-save').click();
  const row = page.locator('[data-testid="group-row"][data-name="Colourists"]');
  await row.waitFor();
  check((await row.getByTestId('group-count').textContent()) === wanted, `the group holds what the preview showed: ${wanted}`);
  check((await row.getByTestId('group-rules').textContent()).includes(' or '), 'its rules summed up');
  await quiet(page);
  await screenshot(page, 'smart-groups');

  // Opened again, it holds its rules; Back returns to the list.
  await row.getByTestId('group-edit').click();
  await page.getByTestId('group-editor').waitFor();
  check((await page.getByTestId('rule').count()) === 2, 'both rules kept');
  check(await page.getByTestId('group-logic-or').isChecked(), '"any rule" kept');
  await page.goBack();
  await row.waitFor();
  checkProblems(page);
  await page.context().close();

  const phone = await newPage(browser, { mobile: true });
  await signIn(phone, people.manager.email, people.password);
  await phone.goto(`${base}/smart-groups`);
  await phone.locator('[data-testid="group-row"][data-name="Colourists"]').getByTestId('group-edit').click();
  await phone.getByTestId('group-preview-person').first().waitFor();
  check(await noOverflow(phone), 'the editor fits a phone');
  await quiet(phone);
  await screenshot(phone, 'smart-group-editor-phone');

  // Deleted, with the segment that held it.
  await phone.goto(`${base}/smart-groups`);
  const group = phone.locator('[data-testid="group-row"][data-name="Colourists"]');
  await group.getByTestId('group-delete').click();
  await phone.getByTestId('confirm-dialog').getByTestId('dialog-submit').click();
  await group.waitFor({ state: 'detached' });
  await phone.locator('[data-testid="segment"][data-name="Skills"]').getByTestId('segment-delete').click();
  await phone.getByTestId('confirm-dialog').getByTestId('dialog-submit').click();
  await phone.locator('[data-testid="segment"][data-name="Skills"]').waitFor({ state: 'detached' });
  checkProblems(phone);
  await phone.context().close();
}

// ---- a second location, with closures ----------------------------------------------------------------

async function locations(browser) {
  const api = await apiAs(people.owner.email, people.password);
  const org = (await api('/api/v1/organizations?limit=1')).items[0].id;
  const page = await newPage(browser);
  await signIn(page, people.owner.email, people.password);
  await page.goto(`${base}/settings/business`);
  await page.getByTestId('business-form').waitFor();
  const before = await page.getByTestId('location-row').count();

  const add = async (name, address) => {
    await page.getByTestId('location-add').click();
    const dialog = page.getByTestId('location-dialog');
    await dialog.getByLabel('Location name').fill(name);
    if (address) await dialog.getByLabel('Location address').fill(address);
    await dialog.getByLabel('Time zone').selectOption('Europe/Amsterdam');
    await dialog.getByLabel('Saturday closes').fill('17:00');
    await dialog.getByTestId('dialog-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator(`[data-testid="location-row"][data-name="${name}"][aria-current="true"]`).waitFor();
  };
  await add('Centrum', 'Zijlstraat 5, Haarlem');
  check((await page.getByTestId('location-row').count()) === before + 1, 'a second location');
  const centrum = (await api(`/api/v1/organizations/${org}/locations?limit=100`)).items.find((l) => l.name === 'Centrum');
  check(centrum.openingHours.find((h) => h.dayOfWeek === 6)?.closeTime === '17:00', 'its own opening hours');
  check(new URL(page.url()).searchParams.get('location') === centrum.id, 'the new location is being edited');
  check((await page.getByLabel('Location name').inputValue()) === 'Centrum', 'its name in the form');

  // Two closures, one removed again: the list is replaced as a whole each time.
  const start = addDays(new Date(), 30);
  const closures = [[start, addDays(start, 2), 'Renovation'], [addDays(start, 10), addDays(start, 10), 'Staff outing']];
  for (const [from, to, note] of closures) {
    await page.getByTestId('closure-add').click();
    const dialog = page.getByTestId('closure-dialog');
    await dialog.getByLabel('From').fill(isoDate(from));
    await dialog.getByLabel('To', { exact: true }).fill(isoDate(to));
    await dialog.getByLabel('Note').fill(note);
    await dialog.getByTestId('dialog-submit').click();
    await dialog.waitFor({ state: 'detached' });
  }
  await page.getByTestId('closure-row').nth(1).waitFor();
  await page.getByTestId('closure-row').nth(1).getByTestId('closure-remove').click();
  await page.getByTestId('closure-remove-dialog').getByTestId('dialog-submit').click();
  await page.getByTestId('closure-remove-dialog').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="closure-row"]').length === 1);
  const stored = (await api(`/api/v1/organizations/${org}/locations?limit=100`)).items.find((l) => l.id === centrum.id);
  check(stored.closures.length === 1 && stored.closures[0].note === 'Renovation'
    && stored.closures[0].from === isoDate(start), `one closure stored: ${JSON.stringify(stored.closures)}`);

  // A location added by mistake is deleted again; editing goes back to the first.
  await add('Pop-up');
  await page.locator('[data-testid="location-row"][data-name="Pop-up"]').getByTestId('location-delete').click();
  await page.getByTestId('location-delete-dialog').getByTestId('dialog-submit').click();
  await page.locator('[data-testid="location-row"][data-name="Pop-up"]').waitFor({ state: 'detached' });
  // The list is drawn again from the server after a delete: wait for it, not for one frame of it.
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="location-row"]').length === n, before + 1,
    { timeout: 5000 }).catch(() => {});
  check((await page.getByTestId('location-row').count()) === before + 1, 'back to two locations');

  await page.goto(`${base}/settings/business?location=${centrum.id}`);
  await page.getByTestId('closure-row').waitFor();
  await quiet(page);
  await screenshot(page, 'business-locations');
  checkProblems(page);
  await page.context().close();

  const phone = await newPage(browser, { mobile: true });
  await signIn(phone, people.owner.email, people.password);
  await phone.goto(`${base}/settings/business?location=${centrum.id}`);
  await phone.getByTestId('closure-row').waitFor();
  check(await noOverflow(phone), 'business details fit a phone');
  await screenshot(phone, 'business-locations-phone');
  checkProblems(phone);
  await phone.context().close();
}

const browser = await launch();
try {
  if (!process.env.ONLY) await jobs(browser);
  if (!process.env.ONLY) await memberFacts(browser);
  await smartGroups(browser);
  await locations(browser);
  console.log('rota ok');
} finally {
  await browser.close();
}
