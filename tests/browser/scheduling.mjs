// Scheduling end to end: a manager builds and publishes a week (board-flow.mjs), then a member
// sees it, says when they cannot work and takes the open shift (member-flow.mjs).
// usage: node scheduling.mjs BASE_URL PEOPLE_JSON
//   PEOPLE_JSON = {"password", "owner": {email, name}, "manager": {email, name}, "members": [{email, name}, …]}:
//   active accounts of a workplace with no jobs and no schedules yet.
import { launch } from './lib.mjs';
import { managerFlow } from './board-flow.mjs';
import { memberFlow } from './member-flow.mjs';

const people = process.argv[3] && JSON.parse(process.argv[3]);
if (!people?.manager || !people.members?.length) throw new Error('usage: node scheduling.mjs BASE_URL PEOPLE_JSON');

const browser = await launch();
try {
  const result = await managerFlow(browser, people);
  await memberFlow(browser, people, result);
  console.log('scheduling ok');
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await browser.close();
}
