// Chat between two people in two browsers: the owner writes in General and a member sees it live
// (the menu's unread badge on another page, then the message beside the owner's picture, the
// typing line while the owner types, "seen by", a reaction both ways); the member goes offline
// while three messages come and has each exactly once when back, sees what changed meanwhile in
// the messages already read (an edit, a deletion, a reaction) with the unchanged ones not drawn
// again, and a message written offline goes when the connection is; an announcement is acknowledged and counted, a direct
// conversation starts from the dialog, a deleted message shows as such; the owner attaches a
// picture (its chip shows the upload under way and Send waits for it), a file of a refused type
// (the chip says why), a pasted picture and a dropped file, and a PDF; the member sees the
// picture, opens it large and downloads the PDF. Screenshots at 1280×800 and 390×844.
// usage: node chat.mjs BASE_URL PEOPLE_JSON
//   PEOPLE_JSON = {"password", "owner": {email, name}, "manager": {email, name}, "members": [{email, name}, …]}
import { base, check, checkProblems, launch, newPage, noOverflow, path, png, screenshot, signIn, text } from './lib.mjs';

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

// A message's actions show on hover (and while one has the focus), in a bar just above it. The
// focus keeps it showing when the list moves under the pointer before the click (a message that
// arrives, the "seen by" line growing) or the click has to scroll it into view.
async function hoverMessage(row) {
  await row.hover();
  await row.getByTestId('chat-react').focus();
}

// Each text once, in this order, and no message twice.
async function exactlyOnce(page, contents) {
  const rows = await page.locator('[data-testid="chat-message"]').evaluateAll((nodes) => nodes.map((n) => ({
    id: n.dataset.id, text: n.querySelector('[data-testid="chat-message-text"]')?.textContent || '',
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

  // The owner has a profile picture: the others see it beside her messages.
  await owner.goto(`${base}/account/profile`);
  await owner.getByTestId('profile-picture-input').setInputFiles({ name: 'anna.png', mimeType: 'image/png', buffer: png(96, 96) });
  await owner.getByTestId('profile-picture').getByText('Your picture is saved.').waitFor();

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
  const face = message(member, 'Good morning, everyone!').locator('.chat-msg-gutter .avatar-img');
  await member.waitForFunction((img) => img.complete && img.naturalWidth > 0, await face.elementHandle());

  // Typing shows on the other side, and goes with the message. (A typist says so at most every
  // 2 s: typing for longer than that is sure to be heard.)
  // Watched while the owner types, not after: the line shows only a few seconds past the last
  // typing frame, which a loaded machine can let go by before a later wait starts.
  const typingSeen = member.getByTestId('chat-typing').getByText(`${ownerFirst} is typing…`).waitFor();
  await owner.getByTestId('chat-input').pressSequentially('Coffee is ready in the back room', { delay: 80 });
  await typingSeen;
  await owner.getByTestId('chat-input').press('Enter');
  await message(member, 'Coffee is ready').waitFor();
  await member.getByTestId('chat-typing').getByText(`${ownerFirst} is typing…`).waitFor({ state: 'detached' });
  await owner.getByTestId('chat-seen-by').getByText(memberFirst).waitFor();

  // A reaction goes both ways; mine is highlighted and a second click takes it back.
  const coffee = message(member, 'Coffee is ready');
  await hoverMessage(coffee);
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
  await hoverMessage(coffee);
  await coffee.getByTestId('chat-reply').click();
  await member.getByTestId('chat-compose-context').waitFor();
  await send(member, 'On my way!');
  await message(owner, 'On my way!').getByTestId('chat-reply-quote').getByText('Coffee is ready').waitFor();

  // Offline: three messages come while the member is away, and each is there once when back.
  // The owner also edits, deletes and reacts to messages the member has read: that shows when
  // back too, and a message nothing happened to keeps its row (marked here to see it is the same).
  const coffeeId = await coffee.getAttribute('data-id');
  await message(member, 'colour delivery').evaluate((row) => { row.dataset.probe = 'kept'; });
  await member.context().setOffline(true);
  await member.getByTestId('chat-offline').waitFor();
  const away = ['While you were away 1', 'While you were away 2', 'While you were away 3'];
  for (const content of away) await send(owner, content);
  const morning = message(owner, 'Good morning, everyone!');
  await hoverMessage(morning);
  await morning.getByTestId('chat-edit').click();
  await owner.getByTestId('chat-input').fill('Good morning, everyone! Doors open at nine.');
  await owner.getByTestId('chat-input').press('Enter');
  await message(owner, 'Doors open at nine').getByText('(edited)').waitFor();
  await hoverMessage(ownerCoffee);
  await ownerCoffee.getByTestId('chat-delete').click();
  await owner.getByTestId('chat-delete-dialog').getByTestId('dialog-submit').click();
  await owner.locator(`[data-testid="chat-message"][data-id="${coffeeId}"].is-deleted`).waitFor();
  const ownerOnMyWay = message(owner, 'On my way!');
  await hoverMessage(ownerOnMyWay);
  await ownerOnMyWay.getByTestId('chat-react').click();
  await owner.getByTestId('chat-emoji-menu').locator('[data-emoji="🎉"]').click();
  await ownerOnMyWay.locator('[data-testid="chat-reaction"][data-emoji="🎉"][aria-pressed="true"]').waitFor();
  // Written offline: it waits, and goes when the connection is back.
  await member.getByTestId('chat-input').fill('Sorry, I was offline');
  await member.getByTestId('chat-input').press('Enter');
  await message(member, 'Sorry, I was offline').locator('[data-state="waiting"], [data-testid="chat-send-state"]').first().waitFor();
  await screenshot(member, 'chat-offline');
  await member.context().setOffline(false);
  await member.getByTestId('chat-offline').waitFor({ state: 'hidden' });
  await message(member, away[2]).waitFor();
  await message(member, 'Doors open at nine').getByText('(edited)').waitFor();
  await member.locator(`[data-testid="chat-message"][data-id="${coffeeId}"].is-deleted`).getByText('Message deleted').waitFor();
  const onMyWay = message(member, 'On my way!');
  await onMyWay.getByTestId('chat-reply-quote').getByText('Message deleted').waitFor();
  await onMyWay.locator('[data-testid="chat-reaction"][data-emoji="🎉"][aria-pressed="false"]').getByText('1').waitFor();
  await member.locator('[data-testid="chat-message"][data-state="sent"]', { hasText: 'Sorry, I was offline' }).waitFor();
  await message(owner, 'Sorry, I was offline').waitFor();
  check(await message(member, 'colour delivery').getAttribute('data-probe') === 'kept', 'an unchanged message was drawn again');
  const all = ['Good morning, everyone! Doors open at nine.', 'colour delivery', 'Message deleted', 'On my way!', ...away,
    'Sorry, I was offline'];
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
  await hoverMessage(mine);
  await mine.getByTestId('chat-edit').click();
  await owner.getByTestId('chat-input').fill('While you were away 2 (fixed)');
  await owner.getByTestId('chat-input').press('Enter');
  await message(member, 'While you were away 2 (fixed)').getByText('(edited)').waitFor();
  const gone = message(owner, 'While you were away 1');
  const goneId = await gone.getAttribute('data-id');
  await hoverMessage(gone);
  await gone.getByTestId('chat-delete').click();
  await owner.getByTestId('chat-delete-dialog').getByTestId('dialog-submit').click();
  await member.locator(`[data-testid="chat-message"][data-id="${goneId}"].is-deleted`).getByText('Message deleted').waitFor();

  // Files. A picture: its chip shows the upload under way (held back here until seen) and Send
  // waits for it; then it goes with a caption, and the member sees it live and opens it large.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const isUpload = (url) => url.pathname.endsWith('/upload');
  await owner.route(isUpload, async (route) => {
    await held;
    await route.continue();
  });
  await owner.getByTestId('chat-file-input').setInputFiles({ name: 'window-display.png', mimeType: 'image/png', buffer: png(480, 320) });
  const picture = owner.locator('[data-testid="chat-file"][data-name="window-display.png"]');
  await picture.and(owner.locator('[data-state="uploading"]')).waitFor();
  check(await picture.getByTestId('chat-file-progress').isVisible(), 'a progress bar while it uploads');
  check(await owner.getByTestId('chat-send').isDisabled(), 'Send waits for the upload');
  await screenshot(owner, 'chat-uploading');
  release();
  await picture.and(owner.locator('[data-state="done"]')).waitFor();
  check(await picture.getByTestId('chat-file-progress').isHidden(), 'no progress bar once uploaded');
  check(/KiB/.test(await picture.getByTestId('chat-file-meta').textContent()), 'the size shows');
  check(await owner.getByTestId('chat-send').isEnabled(), 'Send again');
  await owner.unroute(isUpload);
  await send(owner, 'The new window display');
  await owner.getByTestId('chat-files').waitFor({ state: 'hidden' });
  const ownImage = message(owner, 'The new window display').getByTestId('chat-image');
  await owner.waitForFunction((img) => img.complete && img.naturalWidth > 0, await ownImage.elementHandle());
  const seen = message(member, 'The new window display').getByTestId('chat-image');
  await seen.waitFor();
  await member.waitForFunction((img) => img.complete && img.naturalWidth > 0, await seen.elementHandle());
  const box = await seen.boundingBox();
  check(box.width <= 281 && box.height <= 241 && Math.abs(box.width / box.height - 1.5) < 0.05,
    `the preview keeps its shape within 280 × 240: ${JSON.stringify(box)}`);
  await message(member, 'The new window display').getByTestId('chat-attachment-image').click();
  const lightbox = member.getByTestId('chat-lightbox');
  await member.waitForFunction(() => document.querySelector('.chat-lightbox-img')?.naturalWidth === 480);
  check((await lightbox.getByTestId('chat-lightbox-download').getAttribute('href')).includes('/raw?'), 'a download link');
  await screenshot(member, 'chat-lightbox');
  await member.keyboard.press('Escape');
  await lightbox.waitFor({ state: 'detached' });

  // A file the server does not take: the chip says why, and goes with its ×.
  await owner.getByTestId('chat-file-input').setInputFiles({ name: 'setup.exe', mimeType: 'application/x-msdownload',
    buffer: Buffer.from('MZ not really a program') });
  const refused = owner.locator('[data-testid="chat-file"][data-name="setup.exe"][data-state="error"]');
  await refused.getByText('This kind of file cannot be sent').waitFor();
  await screenshot(owner, 'chat-file-refused');
  await refused.getByTestId('chat-file-remove').click();
  await owner.getByTestId('chat-files').waitFor({ state: 'hidden' });

  // A picture pasted into the box, and a file dropped on the conversation, become chips too.
  await owner.getByTestId('chat-input').evaluate((input, bytes) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], 'pasted.png', { type: 'image/png' }));
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, [...png(32, 32)]);
  await owner.locator('[data-testid="chat-file"][data-name="pasted.png"][data-state="done"]').waitFor();
  const drag = (type) => owner.getByTestId('chat-conversation').evaluate((node, kind) => {
    const data = new DataTransfer();
    data.items.add(new File(['Opening hours: 9–17\n'], 'hours.txt', { type: 'text/plain' }));
    node.dispatchEvent(new DragEvent(kind, { dataTransfer: data, bubbles: true, cancelable: true }));
  }, type);
  await drag('dragenter');
  await owner.getByTestId('chat-drop').waitFor();
  await screenshot(owner, 'chat-drop');
  await drag('dragover');
  await drag('drop');
  await owner.getByTestId('chat-drop').waitFor({ state: 'hidden' });
  await owner.locator('[data-testid="chat-file"][data-name="hours.txt"][data-state="done"]').waitFor();
  for (const name of ['pasted.png', 'hours.txt']) {
    await owner.locator(`[data-testid="chat-file"][data-name="${name}"]`).getByTestId('chat-file-remove').click();
  }
  await owner.getByTestId('chat-files').waitFor({ state: 'hidden' });

  // A PDF and no text: a file chip for the member, which downloads it.
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  await owner.getByTestId('chat-file-input').setInputFiles({ name: 'rota-week-3.pdf', mimeType: 'application/pdf', buffer: pdf });
  await owner.locator('[data-testid="chat-file"][data-name="rota-week-3.pdf"][data-state="done"]').waitFor();
  await owner.getByTestId('chat-input').press('Enter');
  const chipOf = (page) => page.locator('[data-testid="chat-message"][data-state="sent"] [data-testid="chat-attachment-file"]',
    { hasText: 'rota-week-3.pdf' });
  await chipOf(owner).waitFor();
  const fileChip = chipOf(member);
  await fileChip.getByText(/^\d+ B$/).waitFor();
  const [download] = await Promise.all([member.waitForEvent('download'), fileChip.click()]);
  check(download.suggestedFilename() === 'rota-week-3.pdf', `downloaded as ${download.suggestedFilename()}`);
  await member.locator('[data-testid="chat-channel"]', { hasText: 'General' }).getByText('Attachment').waitFor();
  check(await noOverflow(member), 'no sideways scrolling with pictures');
  await screenshot(member, 'chat-attachments');

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
  // The picture and the file at the bottom, and a chip in the composer, on a phone.
  const phoneImage = message(phone, 'The new window display').getByTestId('chat-image');
  await phone.getByTestId('chat-scroll').evaluate((s) => { s.scrollTop = s.scrollHeight; });
  await phone.waitForFunction((img) => img.complete && img.naturalWidth > 0, await phoneImage.elementHandle());
  await phone.getByTestId('chat-file-input').setInputFiles({ name: 'opening-hours-saturday-february.png', mimeType: 'image/png',
    buffer: png(64, 48) });
  await phone.locator('[data-testid="chat-file"][data-state="done"]').waitFor();
  check(await noOverflow(phone), 'no sideways scrolling with a picture and a chip on a phone');
  await phone.mouse.move(200, 28);
  await screenshot(phone, 'chat-phone-attachments');
  await phone.getByTestId('chat-file-remove').click();
  await phone.getByTestId('chat-files').waitFor({ state: 'hidden' });
  await phone.getByTestId('chat-back').click();
  await phone.getByTestId('chat-list').waitFor();
  check(path(phone) === '/chat', `back to the list, not ${phone.url()}`);

  dropOfflineNoise(member);
  checkProblems(owner, { 415: 1 });
  checkProblems(member);
  checkProblems(phone);
  console.log('chat ok');
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await browser.close();
}
