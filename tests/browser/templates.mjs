// Notification templates: the owner, on her laptop, opens Settings → Notification templates. The
// list holds the modules and their 15 notifications, none customized. She opens "A schedule with
// my shifts is published" (shift.published, in the address): the English title is the default and
// so is its preview. A title with an unknown variable {colour} gets the server's word under the
// title field while the last good preview stays (dimmed); she corrects it to "Rota ready:
// {schedule}" with the variable's chip, and the preview reads "Rota ready: Salon floor" (the
// sample). Saved: the list says "Customized: EN", and so after a reload. Unsaved changes are asked
// about before another template, another language or another page takes their place. The manager
// then publishes a schedule for Lisa, who reads English: her notification has the new title. On a
// phone the list and the editor take turns (no sideways scrolling). Reset to default (after a
// confirmation) brings the default title back and the tag goes. Screenshots: templates-desktop
// (1280×800), templates-phone (390×844, the editor).
// usage: node templates.mjs BASE_URL PEOPLE_JSON
import { base, check, checkProblems, launch, newPage, noOverflow, path, screenshot, signIn, text } from './lib.mjs';
import { apiAs } from './member-flow.mjs';

const people = process.argv[3] && JSON.parse(process.argv[3]);
if (!people?.owner || !people.manager || !people.members?.length) {
  throw new Error('usage: node templates.mjs BASE_URL PEOPLE_JSON');
}

const ID = 'shift.published';
const NEW_TITLE = 'Rota ready: {schedule}';
const SCHEDULE = 'Spring rota';
const PAGE = '/settings/notification-templates';
const [lisa] = people.members;
const asOwner = await apiAs(people.owner.email, people.password);
const asMia = await apiAs(people.manager.email, people.password);
const asLisa = await apiAs(lisa.email, people.password);
const lisaId = (await asLisa('/api/v1/auth/me')).user.id;
await asLisa('/api/v1/auth/me/profile', { method: 'PUT', body: { locale: 'en' } });

const catalog = await asOwner('/api/v1/notifications/templates');
const before = await asOwner(`/api/v1/notifications/templates/${ID}`);
const english = before.texts.find((x) => x.lang === 'en');
check(english && !english.customized && english.title === english.defaultTitle,
  `the default to begin with: ${JSON.stringify(english)}`);
const sample = before.variables.find((x) => x.name === 'schedule')?.sample;
check(sample === 'Salon floor', `the schedule's sample: ${JSON.stringify(before.variables)}`);
const defaultPreview = await asOwner(`/api/v1/notifications/templates/${ID}/preview`, { method: 'POST', body: { lang: 'en' } });

const item = (page, id = ID) => page.locator(`[data-testid="tpl-item"][data-id="${id}"]`);
const editorOf = (page, id = ID) => page.locator(`[data-testid="tpl-editor"][data-id="${id}"]`);
const previewReads = (page, title) => page.waitForFunction((want) => {
  const preview = document.querySelector('[data-testid="tpl-preview"]');
  return preview?.dataset.state === 'ok' && preview.querySelector('[data-testid="tpl-preview-title"]').textContent === want;
}, title, { timeout: 15_000 });

const browser = await launch();
try {
  // ---- the laptop: from Settings to the list ---------------------------------------------------------
  const laptop = await newPage(browser);
  const refused = []; // the 400s the page provoked, as the console counts them
  laptop.on('response', (r) => {
    if (r.status() === 400) refused.push(`${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  await signIn(laptop, people.owner.email, people.password);
  await laptop.getByTestId('nav-settings').click();
  await laptop.getByTestId('settings-templates-link').click();
  await laptop.getByTestId('tpl-list').waitFor();
  check(path(laptop) === PAGE, `from Settings: ${laptop.url()}`);
  check((await text(laptop, 'page-title')) === 'Notification templates', 'the title');
  const modules = await laptop.getByTestId('tpl-module').evaluateAll((nodes) => nodes.map((n) => n.dataset.module));
  check(modules.join() === catalog.modules.map((m) => m.module).join() && modules.length === 3, `by module: ${modules}`);
  const headings = await laptop.locator('.tpl-group-name').allTextContents();
  check(headings.join() === 'Schedules,Time and attendance,Chat', `the modules by name: ${headings}`);
  const ids = await laptop.getByTestId('tpl-item').evaluateAll((nodes) => nodes.map((n) => n.dataset.id));
  check(ids.length === 15, `15 templates: ${ids}`);
  const names = await laptop.locator('[data-testid="tpl-item"] .tpl-item-name').allTextContents();
  check(names.every((n) => !n.includes('.')), `a name for every one: ${names}`);
  check((await laptop.getByTestId('tpl-customized').count()) === 0, 'nothing customized yet');
  await laptop.getByTestId('tpl-none').waitFor(); // none chosen yet: the editor says so

  // ---- the editor: the default ----------------------------------------------------------------------
  check((await item(laptop).locator('.tpl-item-name').textContent()) === 'A schedule with my shifts is published', 'by name');
  await item(laptop).click();
  await editorOf(laptop).waitFor();
  check(new URL(laptop.url()).search === `?id=${ID}`, `the template in the address: ${laptop.url()}`);
  check((await item(laptop).getAttribute('aria-current')) === 'true', 'marked in the list');
  check(await laptop.getByTestId('tpl-lang-en').isChecked(), 'English first, the language she reads');
  const title = laptop.getByTestId('tpl-title');
  check((await title.inputValue()) === english.defaultTitle, `the default title: ${await title.inputValue()}`);
  check((await laptop.getByTestId('tpl-body').inputValue()) === english.defaultBody, 'the default body');
  check((await text(laptop, 'tpl-state')) === 'Default', 'said to be the default');
  check(await laptop.getByTestId('tpl-reset').isDisabled(), 'nothing to reset');
  check(await laptop.getByTestId('tpl-save').isDisabled(), 'nothing to save');
  await previewReads(laptop, defaultPreview.title);
  check((await text(laptop, 'tpl-preview-body')) === defaultPreview.body.trim(), 'the preview body');
  const chips = await laptop.getByTestId('tpl-var').evaluateAll((nodes) => nodes.map((n) => n.dataset.name));
  check(chips.join() === before.variables.map((x) => x.name).join(), `a chip per variable: ${chips}`);
  await laptop.locator('[data-testid="tpl-default"] summary').click();
  check((await text(laptop, 'tpl-default-title')) === english.defaultTitle, 'the default text, disclosed');

  // An unknown variable: the server's word under the title; the last good preview stays, dimmed.
  await title.fill('Rota ready: {colour}');
  await laptop.waitForFunction(() => {
    const line = document.querySelector('[data-testid="error-title"]');
    return line && !line.hidden && line.textContent.includes('colour');
  }, null, { timeout: 15_000 });
  check((await title.getAttribute('aria-invalid')) === 'true', 'the title is marked');
  check((await laptop.getByTestId('tpl-preview').getAttribute('data-state')) === 'stale', 'the preview is dimmed');
  check((await text(laptop, 'tpl-preview-title')) === defaultPreview.title, 'the last good preview stays');
  check((await text(laptop, 'tpl-unsaved')) === 'Not saved yet', 'unsaved, and says so');

  // Corrected with the variable's chip, at the cursor.
  await title.fill('Rota ready: ');
  await laptop.locator('[data-testid="tpl-var"][data-name="schedule"]').click();
  check((await title.inputValue()) === NEW_TITLE, `the chip put {schedule} at the cursor: ${await title.inputValue()}`);
  await previewReads(laptop, 'Rota ready: Salon floor');
  check(await laptop.getByTestId('error-title').isHidden(), 'the error is gone');
  check((await title.getAttribute('aria-invalid')) === null, 'the title is no longer marked');

  // Saved: the list says so.
  await laptop.getByTestId('tpl-save').click();
  await laptop.getByTestId('tpl-toast').waitFor();
  check((await text(laptop, 'tpl-toast')).startsWith('Saved'), `saved: ${await text(laptop, 'tpl-toast')}`);
  await item(laptop).getByTestId('tpl-customized').waitFor();
  check((await item(laptop).getByTestId('tpl-customized').textContent()) === 'Customized: EN', 'Customized: EN in the list');
  check((await laptop.getByTestId('tpl-customized').count()) === 1, 'only this one');
  check((await text(laptop, 'tpl-state')) === 'Customized', 'the editor says so');
  check(!(await laptop.getByTestId('tpl-reset').isDisabled()), 'now it can be reset');
  check(await laptop.getByTestId('tpl-save').isDisabled(), 'nothing left to save');
  const saved = (await asOwner(`/api/v1/notifications/templates/${ID}`)).texts.find((x) => x.lang === 'en');
  check(saved.customized && saved.title === NEW_TITLE, `the server has it: ${JSON.stringify(saved)}`);
  check(await noOverflow(laptop), 'fits a laptop');
  await laptop.mouse.move(0, 0);
  await screenshot(laptop, 'templates-desktop');

  // Still so after a reload.
  await laptop.reload();
  await editorOf(laptop).waitFor();
  await item(laptop).getByTestId('tpl-customized').waitFor();
  check((await title.inputValue()) === NEW_TITLE, 'the new title after a reload');
  check((await text(laptop, 'tpl-state')) === 'Customized', 'still customized');

  // Unsaved changes are asked about: another template, another language (kept), another page (given up).
  const body = laptop.getByTestId('tpl-body');
  await body.fill(`${english.defaultBody} Thanks!`);
  await item(laptop, 'shift.changed').click();
  await laptop.getByTestId('tpl-discard-dialog').waitFor();
  await laptop.getByTestId('dialog-cancel').click();
  await laptop.getByTestId('tpl-discard-dialog').waitFor({ state: 'detached' });
  check(new URL(laptop.url()).search === `?id=${ID}` && (await editorOf(laptop).count()) === 1, 'still on the template');
  check((await body.inputValue()).endsWith('Thanks!'), 'the change is kept');
  await laptop.getByTestId('tpl-lang-nl').click();
  await laptop.getByTestId('tpl-discard-dialog').waitFor();
  await laptop.getByTestId('dialog-cancel').click();
  await laptop.getByTestId('tpl-discard-dialog').waitFor({ state: 'detached' });
  check(await laptop.getByTestId('tpl-lang-en').isChecked(), 'still English');
  await laptop.getByTestId('nav-settings').click();
  await laptop.getByTestId('tpl-discard-dialog').waitFor();
  check(path(laptop) === PAGE, 'not gone before she says so');
  await laptop.getByTestId('dialog-submit').click();
  await laptop.getByTestId('settings-page').waitFor();
  check(path(laptop) === '/settings', `gone once she said so: ${laptop.url()}`);
  check((await asOwner(`/api/v1/notifications/templates/${ID}`)).texts.find((x) => x.lang === 'en').body === english.defaultBody,
    'the discarded change was never saved');

  // ---- as the API proves it: Lisa's notification has the new title ---------------------------------------
  const schedule = await asMia('/api/v1/schedules', { method: 'POST', body: { name: SCHEDULE, assigneeUserIds: [lisaId] } });
  await asMia(`/api/v1/schedules/${schedule.id}/shifts`, { method: 'POST',
    body: { assignedUserId: lisaId, shiftDate: '2026-02-16', startTime: '09:00', endTime: '17:00' } });
  await asMia(`/api/v1/schedules/${schedule.id}/publish`, { method: 'POST', body: { from: '2026-02-16', to: '2026-02-22' } });
  let told = [];
  for (let i = 0; i < 150 && told.length === 0; i += 1) {
    told = (await asLisa('/api/v1/notifications')).items.filter((n) => n.eventKey === ID || n.title.includes(SCHEDULE));
    if (told.length === 0) await new Promise((r) => setTimeout(r, 100));
  }
  check(told.length === 1 && told[0].title === `Rota ready: ${SCHEDULE}`,
    `Lisa is told in the new words: ${JSON.stringify(told)}`);

  // ---- the phone: the list, then the editor -------------------------------------------------------------
  const phone = await newPage(browser, { mobile: true });
  await signIn(phone, people.owner.email, people.password);
  await phone.goto(`${base}${PAGE}`);
  await phone.getByTestId('tpl-list').waitFor();
  check(await phone.locator('.tpl-editor-pane').isHidden(), 'the list alone on a phone');
  check(await noOverflow(phone), 'the list fits a phone');
  await item(phone).click();
  await editorOf(phone).waitFor();
  check(await phone.locator('.tpl-list-pane').isHidden(), 'the editor alone on a phone');
  check(new URL(phone.url()).search === `?id=${ID}`, 'the template in the address');
  check((await phone.getByTestId('tpl-title').inputValue()) === NEW_TITLE, 'the saved title');
  await previewReads(phone, 'Rota ready: Salon floor');
  check(await noOverflow(phone), 'the editor fits a phone');
  await phone.mouse.move(0, 0);
  await screenshot(phone, 'templates-phone');
  await phone.getByTestId('tpl-to-list').click();
  await phone.getByTestId('tpl-list').waitFor({ state: 'visible' });
  check(new URL(phone.url()).search === '', `back to the list: ${phone.url()}`);
  check((await item(phone).getByTestId('tpl-customized').textContent()) === 'Customized: EN', 'the tag on a phone');
  checkProblems(phone);

  // ---- reset to default, after confirming ------------------------------------------------------------------
  await laptop.goto(`${base}${PAGE}?id=${ID}`);
  await editorOf(laptop).waitFor();
  await laptop.getByTestId('tpl-reset').click();
  const dialog = laptop.getByTestId('confirm-dialog');
  await dialog.waitFor();
  const asked = await dialog.textContent();
  check(asked.includes('Reset the English text to the default?'), `asked first: ${asked}`);
  await dialog.getByTestId('dialog-submit').click();
  await dialog.waitFor({ state: 'detached' });
  await laptop.waitForFunction((id) => !document.querySelector(`[data-testid="tpl-item"][data-id="${id}"] .tag`), ID,
    { timeout: 15_000 });
  check((await title.inputValue()) === english.defaultTitle, 'the default title is back');
  check((await text(laptop, 'tpl-state')) === 'Default', 'the default again');
  check(await laptop.getByTestId('tpl-reset').isDisabled(), 'nothing left to reset');
  await previewReads(laptop, defaultPreview.title);
  const after = (await asOwner(`/api/v1/notifications/templates/${ID}`)).texts.find((x) => x.lang === 'en');
  check(!after.customized && after.title === english.defaultTitle, `the server has the default: ${JSON.stringify(after)}`);
  check((await laptop.getByTestId('tpl-customized').count()) === 0, 'nothing customized any more');

  // Only the previews of the unknown variable were refused.
  check(refused.length >= 1 && refused.every((r) => r === `POST /api/v1/notifications/templates/${ID}/preview`),
    `the refusals: ${refused}`);
  checkProblems(laptop, { 400: refused.length });
  console.log('templates ok');
} finally {
  await browser.close();
}
