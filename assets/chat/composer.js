// Writing a message: a text box that grows with its text (Enter sends, Shift+Enter breaks the
// line), @ to mention someone of the channel (a list to pick from, by keyboard or pointer), the
// message answered or edited above it, and for managers the switch that makes it an
// announcement everyone acknowledges.
import { el, uid } from '../forms.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { avatar, firstName, fullName } from './people.js';

const MAX_LENGTH = 4000;
const MAX_SUGGESTIONS = 6;
const MENTION_AT_CARET = /(^|\s)@([\p{L}\p{N}_-]*)$/u;

// `members()`: the channel's people (to mention); `onSubmit(text, {mentions, requiresAck})`
// answers false when the text must stay (an edit refused); `onTyping()` on each keystroke;
// `onEditLast()` for ArrowUp in an empty box (answers whether it found one).
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
  const announce = canAnnounce ? el('button', { type: 'button', class: 'chat-tool chat-tool-announce', 'aria-pressed': 'false',
    'data-testid': 'chat-announce-toggle', title: t('chat.announceToggle') }, icon('megaphone'),
  el('span', { class: 'chat-tool-label' }, t('chat.announceShort'))) : null;
  const announceNote = el('p', { class: 'chat-announce-note', hidden: true }, icon('megaphone', { size: 'sm' }), t('chat.announceNote'));
  const form = el('form', { class: 'chat-composer', novalidate: true, 'data-testid': 'chat-composer' },
    contextLine, announceNote, suggestions, input,
    el('div', { class: 'chat-compose-bar' },
      el('div', { class: 'chat-tools' }, mentionButton, announce),
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
    if (!text || sending) return;
    sending = true;
    const extra = { mentions: mentions(text), requiresAck: announcing() };
    const kept = context;
    // The box empties at once: a message on its way shows in the list, not here.
    if (context?.kind !== 'edit') reset();
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
    focus: () => input.focus(),
    context: () => context,
    setPlaceholder: (text) => input.setAttribute('placeholder', text),
    replyTo(message, name) {
      if (context?.kind === 'edit') reset();
      showContext('reply', message, t('chat.replyingTo', { name }), message.content);
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
