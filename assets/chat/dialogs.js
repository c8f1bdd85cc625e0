// Chat's dialogs: starting a direct conversation or a group (a people picker with search), adding
// people to a group, and who has acknowledged an announcement.
import { modal } from '../dialog.js';
import { el, errorText, field, setError, uid } from '../forms.js';
import { t, tn } from '../i18n.js';
import { formatDateTime } from '../format.js';
import { emptyState, skeleton } from '../ui.js';
import * as chat from './api.js';
import { avatar, fullName, roleTag } from './people.js';

const SEARCH_WAIT_MS = 200;

// The workplace's people to pick from, found by name: one (radio buttons) or several
// (checkboxes, the chosen shown above the list). `exclude`: ids not offered (me, members).
export function peoplePicker({ multiple = false, exclude = new Set() } = {}) {
  const name = uid('people');
  const search = el('input', { type: 'search', class: 'chat-people-search', placeholder: t('chat.searchPeople'),
    'aria-label': t('chat.searchPeople'), autocomplete: 'off', 'data-testid': 'chat-people-search' });
  const chosen = el('div', { class: 'chat-chosen', 'aria-live': 'polite', hidden: true });
  const list = el('div', { class: 'chat-people', role: multiple ? 'group' : 'radiogroup', 'aria-label': t('chat.people'),
    'data-testid': 'chat-people' }, skeleton({ rows: 3, avatar: true }));
  const line = el('p', { class: 'field-error', 'data-testid': 'chat-people-error', hidden: true });
  const selected = new Map();
  let serial = 0;
  let timer = null;

  function paintChosen() {
    chosen.hidden = !multiple || selected.size === 0;
    chosen.replaceChildren(...[...selected.values()].map((u) => {
      const b = el('button', { type: 'button', class: 'chat-chip', 'aria-label': t('chat.unpick', { name: fullName(u) }) },
        fullName(u), el('span', { 'aria-hidden': 'true' }, '×'));
      b.addEventListener('click', () => {
        selected.delete(u.id);
        const box = list.querySelector(`input[value="${CSS.escape(u.id)}"]`);
        if (box) box.checked = false;
        paintChosen();
      });
      return b;
    }));
  }

  async function find() {
    const mine = ++serial;
    let people;
    try {
      people = await chat.findPeople(search.value.trim());
    } catch (e) {
      if (mine !== serial) return;
      list.replaceChildren(el('p', { class: 'banner banner-bad', role: 'alert' }, errorText(e)));
      return;
    }
    if (mine !== serial) return;
    const offered = people.filter((u) => !exclude.has(u.id));
    if (!offered.length) {
      list.replaceChildren(emptyState({ icon: 'search', title: t('chat.nobodyFound'), testId: 'chat-people-empty' }));
      return;
    }
    list.replaceChildren(...offered.map((u) => {
      const input = el('input', { type: multiple ? 'checkbox' : 'radio', name, value: u.id, checked: selected.has(u.id) });
      input.addEventListener('change', () => {
        if (!multiple) selected.clear();
        if (input.checked) selected.set(u.id, u);
        else selected.delete(u.id);
        line.hidden = true;
        paintChosen();
      });
      return el('label', { class: 'chat-person', 'data-testid': 'chat-person', 'data-name': fullName(u) }, input,
        avatar(u, { presence: true }), el('span', { class: 'chat-person-name' }, fullName(u)), roleTag(u));
    }));
  }

  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(find, SEARCH_WAIT_MS);
  });
  // Enter in the search box picks nobody; it must not send the dialog's form.
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') event.preventDefault();
  });
  find();
  queueMicrotask(() => search.focus());
  return {
    node: el('div', { class: 'chat-picker' }, search, chosen, list, line),
    selected: () => [...selected.values()],
    problem(text) {
      line.textContent = text;
      line.hidden = false;
      search.focus();
    },
  };
}

// Resolves with the conversation (its detail), or null when cancelled.
export function newDirectDialog({ me }) {
  const picker = peoplePicker({ exclude: new Set([me]) });
  return modal({
    title: t('chat.newDirect'),
    intro: t('chat.newDirectIntro'),
    content: [picker.node],
    submitLabel: t('chat.openConversation'),
    busyLabel: t('chat.opening'),
    testId: 'chat-new-direct',
    onSubmit: async () => {
      const [person] = picker.selected();
      if (!person) {
        picker.problem(t('chat.pickSomeone'));
        return false;
      }
      return chat.openDirect(person.id);
    },
  });
}

export function newGroupDialog({ me }) {
  const name = field({ name: 'name', label: t('chat.groupName'), attrs: { maxlength: '100', required: true, autocomplete: 'off',
    'data-testid': 'chat-group-name' } });
  name.input.addEventListener('input', () => setError(name.input, name.line, null));
  const picker = peoplePicker({ multiple: true, exclude: new Set([me]) });
  return modal({
    title: t('chat.newGroup'),
    intro: t('chat.newGroupIntro'),
    content: [name.node, el('p', { class: 'chat-picker-label' }, t('chat.groupMembers')), picker.node],
    submitLabel: t('chat.createGroup'),
    busyLabel: t('chat.creating'),
    testId: 'chat-new-group',
    onSubmit: async () => {
      const text = name.input.value.trim();
      if (!text) {
        setError(name.input, name.line, t('form.required'));
        name.input.focus();
        return false;
      }
      const people = picker.selected();
      if (!people.length) {
        picker.problem(t('chat.pickPeople'));
        return false;
      }
      return chat.createGroup(text, people.map((u) => u.id));
    },
    onError: (e) => {
      if (!e.fields?.name) return false;
      setError(name.input, name.line, e.fields.name);
      return true;
    },
  });
}

// Resolves with the group's new detail, or null.
export function addPeopleDialog(channel) {
  const picker = peoplePicker({ multiple: true, exclude: new Set(channel.members.map((m) => m.id)) });
  return modal({
    title: t('chat.addPeopleTo', { name: channel.name }),
    content: [picker.node],
    submitLabel: t('chat.add'),
    busyLabel: t('chat.adding'),
    testId: 'chat-add-people',
    onSubmit: async () => {
      const people = picker.selected();
      if (!people.length) {
        picker.problem(t('chat.pickPeople'));
        return false;
      }
      return chat.addMembers(channel.id, people.map((u) => u.id));
    },
  });
}

// Who acknowledged an announcement (and when), and who not yet.
export function acksDialog(channelId, message) {
  const area = el('div', { class: 'chat-acks', 'data-testid': 'chat-acks' }, skeleton({ rows: 3, avatar: true }));
  const person = (user, when) => el('li', { class: 'chat-person' }, avatar(user, { presence: true }),
    el('span', { class: 'chat-person-name' }, fullName(user)),
    when && el('span', { class: 'chat-person-when' }, formatDateTime(when)));
  chat.acknowledgements(channelId, message.id).then((answer) => {
    area.replaceChildren(
      el('h3', { class: 'chat-acks-title' }, tn('chat.acksDone', answer.acknowledged.length)),
      answer.acknowledged.length ? el('ul', { class: 'chat-people', 'data-testid': 'chat-acks-done' },
        ...answer.acknowledged.map((a) => person(a.user, a.ackedAt))) : el('p', { class: 'muted' }, t('chat.acksNoneYet')),
      el('h3', { class: 'chat-acks-title' }, tn('chat.acksPending', answer.pending.length)),
      answer.pending.length ? el('ul', { class: 'chat-people', 'data-testid': 'chat-acks-pending' },
        ...answer.pending.map((u) => person(u, null))) : el('p', { class: 'muted' }, t('chat.acksAll')));
  }, (e) => {
    area.replaceChildren(el('p', { class: 'banner banner-bad', role: 'alert' }, errorText(e)));
  });
  return modal({
    title: t('chat.acksTitle'),
    intro: message.content.length > 140 ? `${message.content.slice(0, 140)}…` : message.content,
    content: [area],
    submitLabel: t('chat.close'),
    cancelLabel: null,
    testId: 'chat-acks-dialog',
    onSubmit: () => true,
  });
}
