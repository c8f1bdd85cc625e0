// Writing a message: a text box that grows with its text (Enter sends, Shift+Enter breaks the
// line), @ to mention someone of the channel (a list to pick from, by keyboard or pointer), the
// message answered or edited above it, files to send along (picked, dropped or pasted; each
// uploads at once and shows as a chip with its progress), and for managers the switch that makes
// it an announcement everyone acknowledges.
import { aborted, FILE_TYPES, isImage, uploadFile, uploadProblem } from '../files.js';
import { el, uid } from '../forms.js';
import { byteSize, t } from '../i18n.js';
import { icon } from '../icons.js';
import { progressBar, toast } from '../ui.js';
import { avatar, firstName, fullName } from './people.js';

const MAX_LENGTH = 4000;
const MAX_SUGGESTIONS = 6;
const MAX_FILES = 10;
const MENTION_AT_CARET = /(^|\s)@([\p{L}\p{N}_-]*)$/u;

// `members()`: the channel's people (to mention); `onSubmit(text, {mentions, requiresAck,
// attachments}, context)` answers false when the text must stay (an edit refused); `onTyping()`
// on each keystroke; `onEditLast()` for ArrowUp in an empty box (answers whether it found one).
export function composer({ canAnnounce, members, onSubmit, onTyping, onEditLast }) {
  const listId = uid('mentions');
  const input = el('textarea', { class: 'chat-input', rows: '1', maxlength: String(MAX_LENGTH), 'data-testid': 'chat-input',
    'aria-label': t('chat.messageLabel'), autocomplete: 'off', 'aria-autocomplete': 'list', 'aria-controls': listId,
    'aria-expanded': 'false', enterkeyhint: 'send' });
  const suggestions = el('ul', { class: 'chat-mentions', id: listId, role: 'listbox', 'aria-label': t('chat.mentionList'),
    'data-testid': 'chat-mentions', hidden: true });
  const contextLine = el('div', { class: 'chat-compose-context', 'data-testid': 'chat-compose-context', hidden: true });
  const send = el('button', { type: 'submit', class: 'button chat-send', 'aria-label': t('chat.send'), 'data-testid': 'chat-send',
    title: t('chat.send') }, icon('send'));
  const mentionButton = el('button', { type: 'button', class: 'chat-tool', 'aria-label': t('chat.mention'), title: t('chat.mention') },
    icon('at-sign'));
  const picker = el('input', { type: 'file', multiple: true, hidden: true, accept: FILE_TYPES.join(','),
    'data-testid': 'chat-file-input' });
  const attachButton = el('button', { type: 'button', class: 'chat-tool', 'aria-label': t('chat.attach'), title: t('chat.attach'),
    'data-testid': 'chat-attach' }, icon('paperclip'));
  const tray = el('ul', { class: 'chat-files', 'aria-label': t('chat.files'), 'data-testid': 'chat-files', hidden: true });
  const announce = canAnnounce ? el('button', { type: 'button', class: 'chat-tool chat-tool-announce', 'aria-pressed': 'false',
    'data-testid': 'chat-announce-toggle', title: t('chat.announceToggle') }, icon('megaphone'),
  el('span', { class: 'chat-tool-label' }, t('chat.announceShort'))) : null;
  const announceNote = el('p', { class: 'chat-announce-note', hidden: true }, icon('megaphone', { size: 'sm' }), t('chat.announceNote'));
  const form = el('form', { class: 'chat-composer', novalidate: true, 'data-testid': 'chat-composer' },
    contextLine, announceNote, suggestions, tray, input,
    el('div', { class: 'chat-compose-bar' },
      el('div', { class: 'chat-tools' }, attachButton, picker, mentionButton, announce),
      el('span', { class: 'chat-compose-hint' }, t('chat.enterHint')), send));

  let picked = new Map(); // first name (lower case) → user, as chosen from the list
  let options = [];
  let active = 0;
  let context = null; // {kind: 'reply' | 'edit', message}
  let sending = false;

  const grow = () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 180)}px`;
  };
  const announcing = () => announce?.getAttribute('aria-pressed') === 'true';
  const setAnnounce = (on) => {
    if (!announce) return;
    announce.setAttribute('aria-pressed', String(on));
    announceNote.hidden = !on;
    form.classList.toggle('is-announcing', on);
  };
  announce?.addEventListener('click', () => {
    setAnnounce(!announcing());
    input.focus();
  });

  // ---- @mentions ----------------------------------------------------------------------------------

  function query() {
    const before = input.value.slice(0, input.selectionStart);
    return input.selectionStart === input.selectionEnd ? before.match(MENTION_AT_CARET)?.[2] ?? null : null;
  }

  function closeSuggestions() {
    suggestions.hidden = true;
    options = [];
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function showSuggestions() {
    const q = query();
    if (q === null) return closeSuggestions();
    const needle = q.toLowerCase();
    options = members().filter((u) => !needle || u.firstName.toLowerCase().startsWith(needle)
      || u.lastName.toLowerCase().startsWith(needle) || fullName(u).toLowerCase().startsWith(needle))
      .slice(0, MAX_SUGGESTIONS);
    if (!options.length) return closeSuggestions();
    active = Math.min(active, options.length - 1);
    suggestions.replaceChildren(...options.map((u, i) => {
      const li = el('li', { id: `${listId}-${i}`, role: 'option', class: 'chat-mention-option', 'aria-selected': String(i === active),
        'data-testid': 'chat-mention-option' }, avatar(u, { size: 'xs' }), el('span', {}, fullName(u)));
      // Before the text box loses focus to the click.
      li.addEventListener('pointerdown', (event) => {
        event.preventDefault();
        choose(u);
      });
      return li;
    }));
    suggestions.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    input.setAttribute('aria-activedescendant', `${listId}-${active}`);
  }

  function choose(user) {
    const caret = input.selectionStart;
    const before = input.value.slice(0, caret);
    const match = before.match(MENTION_AT_CARET);
    if (!match) return;
    const start = caret - match[2].length - 1;
    const name = firstName(user);
    input.setRangeText(`@${name} `, start, caret, 'end');
    picked.set(name.toLowerCase(), user);
    closeSuggestions();
    grow();
    input.focus();
  }

  // The people picked whose @name is still in the text.
  function mentions(text) {
    const ids = new Set();
    for (const match of text.matchAll(/@([\p{L}\p{N}_-]+)/gu)) {
      const user = picked.get(match[1].toLowerCase());
      if (user) ids.add(user.id);
    }
    return [...ids];
  }

  mentionButton.addEventListener('click', () => {
    const caret = input.selectionStart;
    const before = input.value.slice(0, caret);
    const gap = before && !/\s$/.test(before) ? ' ' : '';
    input.setRangeText(`${gap}@`, caret, input.selectionEnd, 'end');
    input.focus();
    showSuggestions();
  });

  // ---- files ----------------------------------------------------------------------------------------

  let files = []; // {key, file, state: 'uploading' | 'done' | 'error', progress, stored, problem, stop, node}

  const uploading = () => files.some((f) => f.state === 'uploading');

  function paintSend() {
    const wait = uploading();
    send.disabled = wait;
    send.title = wait ? t('chat.waitForUploads') : t('chat.send');
    tray.hidden = files.length === 0;
  }

  // Each starts uploading at once; past ten per message the rest are left out (and it says so).
  function addFiles(list) {
    const chosen = [...list];
    if (!chosen.length) return;
    const room = MAX_FILES - files.length;
    if (chosen.length > room) toast(t('chat.tooManyFiles', { max: MAX_FILES }), { kind: 'bad', testId: 'chat-toast' });
    for (const file of chosen.slice(0, Math.max(0, room))) start(file);
    paintSend();
    input.focus();
  }

  function start(file) {
    const stop = new AbortController();
    const item = { key: uid('file'), file, state: 'uploading', progress: 0, stored: null, problem: null, stop };
    item.node = chip(item);
    files.push(item);
    tray.append(item.node);
    uploadFile(file, { signal: stop.signal, onProgress: (fraction) => {
      item.progress = fraction;
      paintChip(item);
    } }).then((stored) => {
      item.state = 'done';
      item.stored = stored;
    }, (error) => {
      if (aborted(error)) return;
      item.state = 'error';
      item.problem = uploadProblem(error);
    }).finally(() => {
      if (!files.includes(item)) return;
      paintChip(item);
      paintSend();
    });
  }

  function chip(item) {
    const remove = el('button', { type: 'button', class: 'chat-action chat-file-remove', 'data-testid': 'chat-file-remove',
      'aria-label': t('chat.removeFile', { name: item.file.name }), title: t('chat.removeFile', { name: item.file.name }) },
    icon('x', { size: 'sm' }));
    remove.addEventListener('click', () => {
      item.stop.abort();
      files = files.filter((f) => f !== item);
      item.node.remove();
      paintSend();
      input.focus();
    });
    const node = el('li', { class: 'chat-file', 'data-testid': 'chat-file', 'data-name': item.file.name },
      el('span', { class: 'chat-file-icon' }, icon(isImage(item.file.type) ? 'image' : 'file-text')),
      el('span', { class: 'chat-file-text' },
        el('span', { class: 'chat-file-name', title: item.file.name }, item.file.name),
        el('span', { class: 'chat-file-meta', 'data-testid': 'chat-file-meta' }),
        progressBar({ label: t('chat.uploadOf', { name: item.file.name }), testId: 'chat-file-progress' })),
      remove);
    paintChip(item, node);
    return node;
  }

  function paintChip(item, node = item.node) {
    const percent = Math.round(item.progress * 100);
    node.dataset.state = item.state;
    node.classList.toggle('is-bad', item.state === 'error');
    const meta = node.querySelector('.chat-file-meta');
    const bar = node.querySelector('.progress');
    bar.hidden = item.state !== 'uploading';
    bar.set(item.progress);
    meta.toggleAttribute('role', false);
    if (item.state === 'error') {
      meta.setAttribute('role', 'alert');
      meta.textContent = item.problem;
    } else {
      meta.textContent = item.state === 'uploading' ? t('chat.uploading', { size: byteSize(item.file.size), percent })
        : byteSize(item.stored?.size ?? item.file.size);
    }
  }

  function clearFiles() {
    for (const f of files) f.stop.abort();
    files = [];
    tray.replaceChildren();
    paintSend();
  }

  attachButton.addEventListener('click', () => picker.click());
  picker.addEventListener('change', () => {
    addFiles(picker.files);
    picker.value = '';
  });
  // A picture copied elsewhere: pasted as a file; text pastes as ever.
  input.addEventListener('paste', (event) => {
    const pasted = [...(event.clipboardData?.files || [])];
    if (!pasted.length) return;
    event.preventDefault();
    addFiles(pasted);
  });

  // ---- typing and sending -------------------------------------------------------------------------

  input.addEventListener('input', () => {
    grow();
    showSuggestions();
    if (input.value.trim() && context?.kind !== 'edit') onTyping();
  });
  input.addEventListener('click', showSuggestions);
  input.addEventListener('blur', () => setTimeout(closeSuggestions, 100));
  input.addEventListener('keydown', (event) => {
    if (!suggestions.hidden && options.length) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        active = (active + (event.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length;
        showSuggestions();
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        choose(options[active]);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        closeSuggestions();
        return;
      }
    }
    if (event.key === 'Escape' && context) {
      event.preventDefault();
      api.clearContext();
      return;
    }
    if (event.key === 'ArrowUp' && !input.value && !context && onEditLast()) {
      event.preventDefault();
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    const editing = context?.kind === 'edit';
    // An edit changes the text only; the files wait for the next message.
    const attachments = editing ? [] : files.filter((f) => f.state === 'done').map((f) => f.stored);
    if ((!text && (editing || !attachments.length)) || sending || (!editing && uploading())) return;
    sending = true;
    const extra = { mentions: mentions(text), requiresAck: announcing(), attachments };
    const kept = context;
    // The box empties at once: a message on its way shows in the list, not here.
    if (!editing) {
      reset();
      clearFiles();
    }
    const outcome = await onSubmit(text, extra, kept);
    sending = false;
    if (outcome === false) return;
    if (kept?.kind === 'edit') reset();
  });

  function reset() {
    input.value = '';
    picked = new Map();
    setAnnounce(false);
    api.clearContext();
    grow();
  }

  function showContext(kind, message, label, text) {
    context = { kind, message };
    const close = el('button', { type: 'button', class: 'chat-action', 'aria-label': t('chat.cancel'),
      'data-testid': 'chat-context-cancel' }, icon('x', { size: 'sm' }));
    close.addEventListener('click', () => {
      api.clearContext();
      input.focus();
    });
    contextLine.replaceChildren(icon(kind === 'edit' ? 'pencil' : 'reply', { size: 'sm' }),
      el('span', { class: 'chat-compose-context-text' }, el('strong', {}, label), ' ', el('span', {}, text)), close);
    contextLine.hidden = false;
  }

  const api = {
    node: form,
    input,
    addFiles,
    destroy: clearFiles,
    focus: () => input.focus(),
    context: () => context,
    setPlaceholder: (text) => input.setAttribute('placeholder', text),
    replyTo(message, name) {
      if (context?.kind === 'edit') reset();
      showContext('reply', message, t('chat.replyingTo', { name }), message.content || t('chat.attachment'));
      input.focus();
    },
    edit(message) {
      showContext('edit', message, t('chat.editing'), '');
      input.value = message.content;
      picked = new Map();
      for (const id of message.mentions || []) {
        const user = members().find((u) => u.id === id);
        if (user) picked.set(firstName(user).toLowerCase(), user);
      }
      grow();
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    },
    clearContext() {
      const was = context;
      context = null;
      contextLine.hidden = true;
      contextLine.replaceChildren();
      if (was?.kind === 'edit') {
        input.value = '';
        grow();
      }
    },
  };
  return api;
}
