// The panel beside a conversation: what it is, who is in it (and who is connected), and for a
// group its name, adding and removing people, and leaving.
import { confirmAction } from '../dialog.js';
import { busy, el, errorText, field, setError } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { iconButton, toast } from '../ui.js';
import * as chat from './api.js';
import { addPeopleDialog } from './dialogs.js';
import { avatar, fullName, isOnline, roleTag } from './people.js';

// A line about the channel: "Everyone at Salon Bella", "5 members", "Manager · online".
export function channelAbout(channel, workplace) {
  if (channel.kind === 'general') return t('chat.aboutGeneral', { workplace });
  if (channel.kind === 'admins') return t('chat.aboutAdmins');
  if (channel.kind === 'direct') {
    const other = channel.directUser;
    if (!other) return '';
    const role = ['owner', 'tenant_admin', 'manager', 'user'].includes(other.role) ? t(`role.${other.role}`) : '';
    return [role, isOnline(other) ? t('chat.online') : t('chat.offline')].filter(Boolean).join(' · ');
  }
  const count = tn('chat.memberCount', channel.memberCount);
  return channel.kind === 'smart_group' ? `${t('chat.smartGroup')} · ${count}` : count;
}

// `moderates`: may take others out (the group's creator, chat.manage). `on`: {close, changed(detail), left()}.
export function infoPanel(detail, { me, moderates, workplace, on }) {
  const close = el('button', { type: 'button', class: 'button button-ghost icon-only', 'aria-label': t('chat.closeInfo'),
    'data-testid': 'chat-info-close' }, icon('x'));
  close.addEventListener('click', on.close);
  const group = detail.kind === 'group';
  const members = [...detail.members].sort((a, b) => (b.id === me) - (a.id === me) || fullName(a).localeCompare(fullName(b)));

  const rename = group ? renameForm(detail, on) : null;
  const add = group ? iconButton('user-plus', t('chat.addPeople'), { kind: 'button-secondary button-small', testId: 'chat-add-people-open' })
    : null;
  add?.addEventListener('click', async () => {
    const answer = await addPeopleDialog(detail);
    if (answer) on.changed(answer);
  });
  const leave = group ? iconButton('log-out', t('chat.leave'), { kind: 'button-secondary button-small button-danger-quiet',
    testId: 'chat-leave' }) : null;
  leave?.addEventListener('click', async () => {
    const done = await confirmAction({ title: t('chat.leaveTitle', { name: detail.name }), text: t('chat.leaveText'),
      confirmLabel: t('chat.leave'), busyLabel: t('chat.leaving'), testId: 'chat-leave-dialog',
      action: () => chat.leaveGroup(detail.id) });
    if (done) on.left();
  });

  const list = el('ul', { class: 'chat-members', 'data-testid': 'chat-members' }, ...members.map((m) => {
    const remove = group && moderates && m.id !== me
      ? el('button', { type: 'button', class: 'button button-ghost button-small icon-only button-danger-quiet',
        'aria-label': t('chat.removeOf', { name: fullName(m) }), 'data-testid': 'chat-remove-member' }, icon('user-minus', { size: 'sm' }))
      : null;
    remove?.addEventListener('click', async () => {
      const answer = await confirmAction({ title: t('chat.removeTitle', { name: fullName(m) }), text: t('chat.removeText', { group: detail.name }),
        confirmLabel: t('chat.remove'), busyLabel: t('chat.removing'), testId: 'chat-remove-dialog',
        action: () => chat.removeMember(detail.id, m.id) });
      if (answer) on.changed(answer);
    });
    return el('li', { class: 'chat-person', 'data-testid': 'chat-member', 'data-id': m.id },
      avatar(m, { presence: true }),
      el('span', { class: 'chat-person-name' }, fullName(m), m.id === me && el('span', { class: 'muted' }, ` (${t('chat.you')})`)),
      roleTag(m), remove);
  }));

  return el('aside', { class: 'chat-info', 'aria-label': t('chat.info'), 'data-testid': 'chat-info' },
    el('div', { class: 'chat-info-head' }, el('h2', {}, t('chat.info')), close),
    el('div', { class: 'chat-info-body' },
      el('div', { class: 'chat-info-about' },
        el('p', { class: 'chat-info-name', 'data-testid': 'chat-info-name' }, detail.name),
        el('p', { class: 'muted' }, channelAbout(detail, workplace))),
      rename,
      el('div', { class: 'chat-info-section' },
        el('div', { class: 'chat-info-row' }, el('h3', {}, tn('chat.memberCount', detail.members.length)), add),
        list),
      leave && el('div', { class: 'chat-info-section' }, leave)));
}

function renameForm(detail, on) {
  const name = field({ name: 'name', label: t('chat.groupName'), value: detail.name,
    attrs: { maxlength: '100', required: true, autocomplete: 'off', 'data-testid': 'chat-rename-input' } });
  const save = el('button', { type: 'submit', class: 'button button-secondary', 'data-testid': 'chat-rename-save' },
    t('chat.rename'));
  const form = el('form', { class: 'chat-info-section chat-rename', novalidate: true }, name.node, save);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = name.input.value.trim();
    if (!text) {
      setError(name.input, name.line, t('form.required'));
      return;
    }
    if (text === detail.name) return;
    const restore = busy(save, t('chat.renaming'));
    try {
      on.changed(await chat.renameGroup(detail.id, text));
      toast(t('chat.renamed'), { testId: 'chat-toast' });
    } catch (e) {
      restore();
      if (e.status !== 401) setError(name.input, name.line, e.fields?.name || errorText(e));
    }
  });
  return form;
}
