// Chat between two people in two browsers: the owner writes in General and a member sees it live
// (the menu's unread badge on another page, then the message, the typing line while the owner
// types, "seen by", a reaction both ways); the member goes offline while three messages come and
// has each exactly once when back, and a message written offline goes when the connection is;
// an announcement is acknowledged and counted, a direct conversation starts from the dialog, a
// deleted message shows as such. Screenshots at 1280×800 and 390×844.
// usage: node chat.mjs BASE_URL PEOPLE_JSON
//   PEOPLE_JSON = {"password", "owner": {email, name}, "manager": {email, name}, "members": [{email, name}, …]}
import { check, checkProblems, launch, newPage, noOverflow, path, screenshot, signIn, text } from './lib.mjs';

const people = process.argv[3] && JSON.parse(process.argv[3]);
if (!people?.owner || people.members?.length < 2) throw new Error('usage: node chat.mjs BASE_URL PEOPLE_JSON');
const first = (name) => name.split(' ')[0];

const message = (page, content) => page.locator('[data-testid="chat-message"]', {
  has: page.locator('[data-testid="chat-message-text"]', { hasText: content }),
});

// Writes and sends; answers when the server has it (the row is no longer "sending").
async function send(page, content) {
  const input = page.getByTestId('chat-input');
  await input.fill(content);
  await input.press('Enter');
  await page.locator('[data-testid="chat-message"][data-state="sent"]', {
    has: page.locator('[data-testid="chat-message-text"]', { hasText: content }),
  }).waitFor();
}

// Each text once, in this order, and no message twice.
async function exactlyOnce(page, contents) {
  const rows = await page.locator('[data-testid="chat-message"]').evaluateAll((nodes) => nodes.map((n) => ({
    id: n.dataset.id, text: n.querySelector('[data-testid="chat-message-text"]').textContent,
  })));
  const ids = rows.map((r) => r.id);
  check(new Set(ids).size === ids.length, `a message shows twice: ${JSON.stringify(rows)}`);
  let at = -1;
  for (const content of contents) {
    const found = rows.filter((r) => r.text.includes(content));
    check(found.length === 1, `"${content}" shows ${found.length} times`);
    const index = rows.indexOf(found[0]);
    check(index > at, `"${content}" is out of order`);
    at = index;
  }
}

// Going offline makes Chromium log the requests and the socket it could not make.
function dropOfflineNoise(page) {
  page.problems.splice(0, page.problems.length,
    ...page.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|WebSocket connection/.test(p)));
}

const browser = await launch();
try {
  const owner = await newPage(browser);
  const member = await newPage(browser);
  await signIn(owner, people.owner.email, people.password);
  await signIn(member, people.members[0].email, people.password);
  const ownerFirst = first(people.owner.name);
  const memberFirst = first(people.members[0].name);

  // The owner opens chat: General comes first, empty.
  await owner.getByTestId('nav-chat').click();
  await owner.getByTestId('chat-conversation').waitFor();
  check(path(owner).startsWith('/chat/'), `a conversation has its address, not ${owner.url()}`);
  check((await text(owner, 'chat-conv-name')) === 'General', 'General opens first');
  await owner.getByTestId('chat-empty').waitFor();
  const rooms = await owner.getByTestId('chat-rooms').getByTestId('chat-channel').allTextContents();
  check(rooms[0].includes('General') && rooms[1].includes('Admins & Owners'), `rooms in order: ${rooms}`);

  // The member is on the home page: the menu's badge counts the owner's message.
  await send(owner, 'Good morning, everyone!');
  await member.locator('[data-testid="nav-chat-badge"][data-count="1"]').waitFor();
  await send(owner, `@${memberFirst} the new colour delivery is in.`);
  await member.locator('[data-testid="nav-chat-badge"][data-count="2"]').waitFor();

  // Opening the conversation reads it: the badge goes; the mention is marked.
  await member.getByTestId('nav-chat').click();
  await message(member, 'Good morning, everyone!').waitFor();
  await member.getByTestId('nav-chat-badge').waitFor({ state: 'hidden' });
  await message(member, 'colour delivery').locator('.mention-me').waitFor();
  await member.getByTestId('chat-unread-marker').waitFor();

  // Typing shows on the other side, and goes with the message. (A typist says so at most every
  // 2 s: typing for longer than that is sure to be heard.)
  await owner.getByTestId('chat-input').pressSequentially('Coffee is ready in the back room', { delay: 80 });
  await member.getByTestId('chat-typing').getByText(`${ownerFirst} is typing…`).waitFor();
  await owner.getByTestId('chat-input').press('Enter');
  await message(member, 'Coffee is ready').waitFor();
  await member.getByTestId('chat-typing').getByText(`${ownerFirst} is typing…`).waitFor({ state: 'detached' });
  await owner.getByTestId('chat-seen-by').getByText(memberFirst).waitFor();

  // A reaction goes both ways; mine is highlighted and a second click takes it back.
  const coffee = message(member, 'Coffee is ready');
  await coffee.hover();
  await coffee.getByTestId('chat-react').click();
  await member.getByTestId('chat-emoji-menu').locator('[data-emoji="👍"]').click();
  await coffee.locator('[data-testid="chat-reaction"][data-emoji="👍"][aria-pressed="true"]').waitFor();
  const ownerCoffee = message(owner, 'Coffee is ready');
  const thumbs = ownerCoffee.locator('[data-testid="chat-reaction"][data-emoji="👍"]');
  await thumbs.waitFor();
  check((await thumbs.getAttribute('aria-pressed')) === 'false', 'not mine on the other side');
  await thumbs.click();
  await ownerCoffee.locator('[data-testid="chat-reaction"][data-emoji="👍"][aria-pressed="true"]').getByText('2').waitFor();
  await coffee.locator('[data-testid="chat-reaction"][data-emoji="👍"]').getByText('2').waitFor();

  // A reply quotes what it answers.
  await coffee.hover();
  await coffee.getByTestId('chat-reply').click();
  await member.getByTestId('chat-compose-context').waitFor();
  await send(member, 'On my way!');
  await message(owner, 'On my way!').getByTestId('chat-reply-quote').getByText('Coffee is ready').waitFor();

  // Offline: three messages come while the member is away, and each is there once when back.
  await member.context().setOffline(true);
  await member.getByTestId('chat-offline').waitFor();
  const away = ['While you were away 1', 'While you were away 2', 'While you were away 3'];
  for (const content of away) await send(owner, content);
  // Written offline: it waits, and goes when the connection is back.
  await member.getByTestId('chat-input').fill('Sorry, I was offline');
  await member.getByTestId('chat-input').press('Enter');
  await message(member, 'Sorry, I was offline').locator('[data-state="waiting"], [data-testid="chat-send-state"]').first().waitFor();
  await screenshot(member, 'chat-offline');
  await member.context().setOffline(false);
  await member.getByTestId('chat-offline').waitFor({ state: 'hidden' });
  await message(member, away[2]).waitFor();
  await member.locator('[data-testid="chat-message"][data-state="sent"]', { hasText: 'Sorry, I was offline' }).waitFor();
  await message(owner, 'Sorry, I was offline').waitFor();
  const all = ['Good morning, everyone!', 'colour delivery', 'Coffee is ready', 'On my way!', ...away, 'Sorry, I was offline'];
  await exactlyOnce(member, all);
  await exactlyOnce(owner, all);
  // After a reload too: the server kept one of each.
  await member.reload();
  await message(member, 'Sorry, I was offline').waitFor();
  await exactlyOnce(member, all);

  // An announcement: the member acknowledges, the owner sees the count and who.
  await owner.getByTestId('chat-announce-toggle').click();
  await send(owner, 'Saturdays open at 08:30 from 6 February.');
  const notice = message(member, 'Saturdays open at 08:30');
  await notice.getByTestId('chat-ack').click();
  await notice.getByTestId('chat-acked').waitFor();
  const count = message(owner, 'Saturdays open at 08:30').getByTestId('chat-ack-count');
  await count.getByText(/^1 of \d+$/).waitFor();
  await count.click();
  const acks = owner.getByTestId('chat-acks-dialog');
  await acks.getByTestId('chat-acks-done').getByText(people.members[0].name).waitFor();
  await acks.getByTestId('dialog-submit').click();
  await acks.waitFor({ state: 'detached' });

  // Edit and delete my own message (the delete asks first).
  const mine = message(owner, 'While you were away 2');
  await mine.hover();
  await mine.getByTestId('chat-edit').click();
  await owner.getByTestId('chat-input').fill('While you were away 2 (fixed)');
  await owner.getByTestId('chat-input').press('Enter');
  await message(member, 'While you were away 2 (fixed)').getByText('(edited)').waitFor();
  const gone = message(owner, 'While you were away 1');
  await gone.hover();
  await gone.getByTestId('chat-delete').click();
  await owner.getByTestId('chat-delete-dialog').getByTestId('dialog-submit').click();
  await member.locator('[data-testid="chat-message"].is-deleted').getByText('Message deleted').waitFor();

  // A direct conversation from the dialog: the owner sees it appear with its unread count.
  await member.getByTestId('chat-new-direct-open').click();
  const dialog = member.getByTestId('chat-new-direct');
  await dialog.getByTestId('chat-people-search').fill(ownerFirst);
  await dialog.locator(`[data-testid="chat-person"][data-name="${people.owner.name}"]`).click();
  await dialog.getByTestId('dialog-submit').click();
  await dialog.waitFor({ state: 'detached' });
  await member.getByTestId('chat-conv-name').getByText(people.owner.name, { exact: true }).waitFor();
  await member.getByTestId('chat-empty').waitFor();
  await send(member, 'Can I swap Saturday?');
  const direct = owner.locator('[data-testid="chat-directs"] [data-testid="chat-channel"]', { hasText: people.members[0].name });
  await direct.locator('[data-testid="chat-channel-unread"][data-count="1"]').waitFor();
  await direct.getByText('Can I swap Saturday?').waitFor();
  await owner.locator('[data-testid="nav-chat-badge"][data-count="1"]').waitFor();
  await direct.click();
  await message(owner, 'Can I swap Saturday?').waitFor();
  await owner.getByTestId('nav-chat-badge').waitFor({ state: 'hidden' });
  await send(owner, 'Sure, ask Tom too.');
  await owner.getByTestId('chat-seen-by').getByText('Seen').waitFor();
  await owner.locator('[data-testid="chat-channel"]', { hasText: 'General' }).click();
  await message(owner, 'Saturdays open at 08:30').waitFor();
  check(await noOverflow(owner), 'no sideways scrolling on a desktop');
  await screenshot(owner, 'chat-desktop');

  // A phone: the list, then the conversation with a way back.
  const phone = await newPage(browser, { mobile: true });
  await signIn(phone, people.members[1].email, people.password);
  await phone.getByTestId('nav-chat').click();
  await phone.getByTestId('chat-list').waitFor();
  check(await phone.getByTestId('chat-conversation').count() === 0, 'a phone shows the list first');
  await screenshot(phone, 'chat-phone-list');
  await phone.locator('[data-testid="chat-channel"]', { hasText: 'General' }).click();
  await message(phone, 'Saturdays open at 08:30').waitFor();
  check(await phone.getByTestId('chat-list').isHidden(), 'the conversation has the screen');
  await phone.getByTestId('nav-chat-badge').waitFor({ state: 'hidden' });
  check(await noOverflow(phone), 'no sideways scrolling on a phone');
  await phone.mouse.move(200, 28); // the tap's pointer would keep a message's actions showing
  await screenshot(phone, 'chat-phone');
  await phone.getByTestId('chat-back').click();
  await phone.getByTestId('chat-list').waitFor();
  check(path(phone) === '/chat', `back to the list, not ${phone.url()}`);

  dropOfflineNoise(member);
  checkProblems(owner);
  checkProblems(member);
  checkProblems(phone);
  console.log('chat ok');
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await browser.close();
}
