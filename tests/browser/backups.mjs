// Backups, the instance owner's page.
//   node backups.mjs BASE ok OWNER_EMAIL OWNER_PASSWORD ADMIN_EMAIL ADMIN_PASSWORD
//     (a fresh instance, scheduled backups on) the owner finds Backups under Settings, sees that
//     there is no backup yet, backs up by hand (the button shows progress meanwhile) and sees the
//     verified archive in the history; the page fits a phone in Dutch. A workplace administrator
//     has no Backups link and gets the forbidden page.
//   node backups.mjs BASE failed OWNER_EMAIL OWNER_PASSWORD
//     (scheduled backups off, the backup folder is a file) the backup by hand fails: the error is
//     shown at once and in the history, and after a reload as the last backup's failure.
import fs from 'node:fs/promises';
import { base, launch, newPage, screenshot, check, checkProblems, noOverflow, signIn, text } from './lib.mjs';

const [stage, ownerEmail, ownerPassword, adminEmail, adminPassword] = process.argv.slice(3);
const usage = 'usage: node backups.mjs BASE ok OWNER_EMAIL OWNER_PASSWORD ADMIN_EMAIL ADMIN_PASSWORD | failed OWNER_EMAIL OWNER_PASSWORD';

async function openBackups(page) {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-page').waitFor();
  await page.getByTestId('settings-backups-link').click();
  await page.getByTestId('backups-last-good').waitFor();
  await page.locator('[data-testid="backups-list"]:not([aria-busy])').waitFor();
}

async function ok() {
  const browser = await launch();
  try {
    const page = await newPage(browser);
    await signIn(page, ownerEmail, ownerPassword);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-page').waitFor();
    const links = await page.locator('[data-testid="settings-page"] .shortcut-title').allTextContents();
    check(links.at(-1) === 'Backups', `the owner sees Backups last: ${links}`);
    await openBackups(page);
    check((await page.getByTestId('nav-settings').getAttribute('aria-current')) === 'page', 'settings marked in the menu');
    check((await text(page, 'backups-intro')).includes('copy them to another disk'), 'the page explains itself');
    check((await page.getByText('staffroom restore FILE').count()) === 1, 'how to restore');
    check((await text(page, 'backups-never')).startsWith('There is no good backup yet.'), 'no backup yet: a warning');
    check((await text(page, 'backups-last-good')) === 'Never', 'last good backup: never');
    check(!/false|undefined|null/.test(await text(page, 'backups-status')), 'no stray values in the summary');
    check((await text(page, 'backups-schedule')) === 'Every day, keeps the newest 7', `schedule: ${await text(page, 'backups-schedule')}`);
    check((await text(page, 'backups-next')) !== '–', 'the first scheduled backup is planned');
    check((await text(page, 'backups-folder')).endsWith('backups/scheduled'), `folder: ${await text(page, 'backups-folder')}`);
    check((await text(page, 'backups-empty')) === 'No backups yet.', 'empty history');
    await screenshot(page, 'backups-never');

    // Back up now; the answer is held back until the button's progress state has been seen.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/api/v1/super-admin/backups', async (route) => {
      if (route.request().method() === 'POST') await held;
      await route.continue();
    });
    const start = page.getByTestId('backups-start');
    await start.click();
    check(await start.isDisabled(), 'the button is disabled while backing up');
    check((await start.textContent()) === 'Backing up…', 'progress on the button');
    check((await text(page, 'backups-notice')).startsWith('The backup is being written and checked.'), 'progress explained');
    release();
    await page.locator('[data-testid="backups-notice"].banner-ok').waitFor();
    const done = await text(page, 'backups-notice');
    check(/^The backup is written and checked: staffroom-backup-\S+\.tar\.gz \([\d.,]+ (B|KiB|MiB)\)\.$/.test(done), `success: ${done}`);
    check(!(await start.isDisabled()) && (await start.textContent()) === 'Back up now', 'the button is back');

    const row = page.getByTestId('backup-row');
    await row.waitFor();
    check((await row.count()) === 1, 'one run in the history');
    check((await row.getAttribute('data-status')) === 'ok', 'the run is ok');
    check((await row.getByTestId('backup-status').textContent()) === 'Verified', 'status tag');
    check((await row.getByTestId('backup-trigger').textContent()) === 'By hand', 'trigger');
    check((await row.getByTestId('backup-file').textContent()).startsWith('staffroom-backup-'), 'file name');
    check(/^[\d.,]+ (B|KiB|MiB)$/.test(await row.getByTestId('backup-details').textContent()), 'size in human units');
    check((await row.getByTestId('backup-error').count()) === 0, 'no error');
    // The download link gives the archive with the session cookie.
    const download = page.waitForEvent('download');
    await row.getByTestId('backup-download').click();
    const file = await download;
    check(file.suggestedFilename() === await row.getByTestId('backup-file').textContent(), 'downloaded under its name');
    const bytes = await fs.readFile(await file.path());
    check(bytes[0] === 0x1f && bytes[1] === 0x8b, 'a gzip archive arrived');
    check((await text(page, 'backups-total')) === '1 backup', 'counted');
    await page.waitForFunction(() => document.querySelector('[data-testid="backups-last-good"]').textContent !== 'Never');
    check((await page.getByTestId('backups-never').count()) === 0, 'the warning is gone');
    await screenshot(page, 'backups-desktop');
    checkProblems(page);

    const phone = await newPage(browser, { mobile: true, locale: 'nl-NL' });
    await signIn(phone, ownerEmail, ownerPassword);
    await openBackups(phone);
    await phone.getByTestId('backup-row').waitFor();
    check((await text(phone, 'backups-start')) === 'Nu een back-up maken', 'Dutch page');
    check((await text(phone, 'backups-schedule')) === 'Elke dag, bewaart de nieuwste 7', 'Dutch schedule');
    check((await phone.getByTestId('backup-status').textContent()) === 'Gecontroleerd', 'Dutch status');
    check(await noOverflow(phone), 'backups fit a phone');
    await screenshot(phone, 'backups-phone-nl');
    checkProblems(phone);

    // A workplace administrator may change the settings, but the server's backups are not theirs.
    const admin = await newPage(browser);
    await signIn(admin, adminEmail, adminPassword);
    await admin.getByTestId('nav-settings').click();
    await admin.getByTestId('settings-email-link').waitFor();
    check((await admin.getByTestId('settings-backups-link').count()) === 0, 'no Backups link for an administrator');
    await admin.goto(`${base}/settings/backups`);
    await admin.getByTestId('forbidden-page').waitFor();
    check((await admin.getByTestId('backups-page').count()) === 0, 'the page is not shown');
    checkProblems(admin);
    console.log('backups ok');
  } finally {
    await browser.close();
  }
}

async function failed() {
  const browser = await launch();
  try {
    const page = await newPage(browser);
    await signIn(page, ownerEmail, ownerPassword);
    await openBackups(page);
    check((await text(page, 'backups-schedule')).startsWith('Scheduled backups are off'), 'schedule off');
    check((await page.getByTestId('backups-next').count()) === 0, 'no next run');
    await page.getByTestId('backups-start').click();
    await page.locator('[data-testid="backups-notice"].banner-bad').waitFor();
    const said = await text(page, 'backups-notice');
    const [, error] = said.split('The error: ');
    check(said.startsWith('The backup failed. The owner of this server is e-mailed about it as well.') && error,
      `failure with the error: ${said}`);
    const row = page.locator('[data-testid="backup-row"][data-status="failed"]');
    await row.waitFor();
    check((await row.getByTestId('backup-status').textContent()) === 'Failed', 'status tag');
    check((await row.getByTestId('backup-error').textContent()).length > 0, 'the error in the history');
    check((await row.getByTestId('backup-file').count()) === 0, 'no archive');
    check((await page.getByTestId('backups-never').count()) === 1, 'still no good backup');
    check((await page.getByTestId('backups-last-failed').count()) === 0, 'the failure is told once');
    await screenshot(page, 'backups-failed');

    await page.reload();
    await page.getByTestId('backups-last-failed').waitFor();
    check((await text(page, 'backups-last-failed')).startsWith('The last backup ('), 'the failure is shown on return');
    checkProblems(page);
    console.log('backups failed ok');
  } finally {
    await browser.close();
  }
}

if (stage === 'ok' && adminPassword) await ok();
else if (stage === 'failed' && ownerPassword) await failed();
else throw new Error(usage);
