// A shift swap: Lisa, on her phone, offers her Wednesday shift to everyone on the schedule with a note (My shifts →
// Offer); it shows under Swaps as on offer and the shift has no Offer button any more. Tom, on his
// phone, sees the offer live with Lisa's name and note and takes it: it waits for approval (the
// schedule asks for it). The manager approves it from the inbox; the shift is Tom's (his My shifts
// lists it, live) and leaves Lisa's. Screenshot: swap-phone (390×844).
// usage: node swap.mjs BASE_URL PEOPLE_JSON
import { base, check, checkProblems, launch, newPage, noOverflow, screenshot, signIn, text } from './lib.mjs';
import { apiAs } from './member-flow.mjs';

const people = process.argv[3] && JSON.parse(process.argv[3]);
if (!people?.manager || people.members?.length < 2) throw new Error('usage: node swap.mjs BASE_URL PEOPLE_JSON');

const SERVER_NOW = '2026-02-10T09:00:00Z'; // tests/api/support.rs FIXED_NOW
const ZONE = 'Europe/Amsterdam';
const [lisa, tom] = people.members;
const asOwner = await apiAs(people.owner.email, people.password);
const asLisa = await apiAs(lisa.email, people.password);
const asTom = await apiAs(tom.email, people.password);
const lisaId = (await asLisa('/api/v1/auth/me')).user.id;
const tomId = (await asTom('/api/v1/auth/me')).user.id;
const schedule = await asOwner('/api/v1/schedules', { method: 'POST',
  body: { name: 'Salon floor', assigneeUserIds: [lisaId, tomId], swapNeedsApproval: true } });
const shift = await asOwner(`/api/v1/schedules/${schedule.id}/shifts`, { method: 'POST', body: { assignedUserId: lisaId,
  shiftDate: '2026-02-11', startTime: '09:00', endTime: '17:00', status: 'published' } });

const myShift = (page) => page.locator(`[data-testid="my-shift"][data-id="${shift.id}"]`);
const swapItem = (page) => page.locator(`[data-testid="swap-item"][data-shift-id="${shift.id}"]`);

const browser = await launch();
try {
  const lisaPhone = await newPage(browser, { mobile: true, timezoneId: ZONE });
  await lisaPhone.clock.install({ time: new Date(SERVER_NOW) });
  await signIn(lisaPhone, lisa.email, people.password);
  await lisaPhone.goto(`${base}/my-shifts`);
  await myShift(lisaPhone).getByTestId('swap-offer').click();
  const dialog = lisaPhone.getByTestId('swap-offer-dialog');
  await dialog.waitFor();
  const choices = await dialog.getByTestId('swap-to').locator('option').allTextContents();
  check(choices[0] === 'Everyone on this schedule', `everyone comes first: ${choices}`);
  // A member does not read the team by default, so she offers it to everyone on the schedule.
  check(choices.length === 1, `no colleague list without users.read: ${choices}`);
  await dialog.getByTestId('swap-note').fill('Dentist, sorry');
  await dialog.getByTestId('dialog-submit').click();
  await lisaPhone.getByTestId('my-shifts-notice').waitFor();
  await swapItem(lisaPhone).waitFor();
  check((await swapItem(lisaPhone).getAttribute('data-status')) === 'offered', 'on offer');
  check((await swapItem(lisaPhone).getByTestId('swap-withdraw').count()) === 1, 'she may withdraw it');
  check((await myShift(lisaPhone).getByTestId('swap-offer').count()) === 0, 'no second offer of the shift');

  // Tom takes it on his phone; the conflict engine finds nothing against him.
  const tomPhone = await newPage(browser, { mobile: true, timezoneId: ZONE });
  await tomPhone.clock.install({ time: new Date(SERVER_NOW) });
  await signIn(tomPhone, tom.email, people.password);
  await tomPhone.goto(`${base}/my-shifts`);
  await swapItem(tomPhone).waitFor();
  const who = await swapItem(tomPhone).getByTestId('swap-who').textContent();
  check(who.includes(lisa.name), `from Lisa: ${who}`);
  check((await swapItem(tomPhone).textContent()).includes('Dentist, sorry'), 'her note');
  await swapItem(tomPhone).scrollIntoViewIfNeeded();
  await screenshot(tomPhone, 'swap-phone');
  check(await noOverflow(tomPhone), 'nothing wider than the phone');
  await swapItem(tomPhone).getByTestId('swap-accept').click();
  await tomPhone.waitForFunction((id) => document.querySelector(`[data-testid="swap-item"][data-shift-id="${id}"]`)
    ?.dataset.status === 'accepted', shift.id, { timeout: 10_000 });
  check((await text(tomPhone, 'my-shifts-notice')).includes('once a manager approves'), 'it waits for a manager');
  // Lisa's phone follows live.
  await lisaPhone.waitForFunction((id) => document.querySelector(`[data-testid="swap-item"][data-shift-id="${id}"]`)
    ?.dataset.status === 'accepted', shift.id, { timeout: 10_000 });

  // The manager approves it in the inbox.
  const desk = await newPage(browser, { timezoneId: ZONE });
  await desk.clock.install({ time: new Date(SERVER_NOW) });
  await signIn(desk, people.manager.email, people.password);
  await desk.goto(`${base}/inbox`);
  const card = desk.locator('[data-testid="inbox-item"][data-kind="swap"]');
  await card.waitFor();
  check((await card.textContent()).includes(tom.name), 'the inbox names who takes it');
  await card.getByTestId('inbox-approve').click();
  await desk.getByTestId('inbox-empty').waitFor();

  // Tom has the shift (live); Lisa no longer has it, nor the offer.
  await myShift(tomPhone).waitFor({ timeout: 10_000 });
  await swapItem(tomPhone).waitFor({ state: 'detached', timeout: 10_000 });
  await myShift(lisaPhone).waitFor({ state: 'detached', timeout: 10_000 });
  await swapItem(lisaPhone).waitFor({ state: 'detached', timeout: 10_000 });
  const after = await asOwner(`/api/v1/schedules/${schedule.id}/shifts?from=2026-02-11&to=2026-02-11`);
  check(after.items.find((s) => s.id === shift.id)?.assignedUserId === tomId, 'the server agrees: Tom’s shift');

  checkProblems(lisaPhone);
  checkProblems(tomPhone);
  checkProblems(desk);
  console.log('swap ok');
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await browser.close();
}
