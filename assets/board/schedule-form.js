// A schedule's details in a dialog, to make one or change one: its name, its location (when the
// workplace has several), who is on it (people and smart groups, ticked in one searchable list)
// and whether taking an open shift needs a planner's approval.
import { modal } from '../dialog.js';
import { el, field, setError, showFieldErrors, uid } from '../forms.js';
import { lang, t, tn } from '../i18n.js';
import { checkField } from '../rota-common.js';
import * as data from './data.js';

const byName = (a, b) => a.name.localeCompare(b.name, lang);

function pickerItem({ kind, id, name, sub, checked }) {
  const input = el('input', { type: 'checkbox', value: id, 'data-kind': kind });
  input.checked = checked;
  return el('label', { class: 'assignee-picker-item', 'data-testid': `assignee-${kind}`, 'data-id': id, 'data-name': name.toLowerCase() },
    input, el('span', { class: 'assignee-picker-item-text' }, el('span', {}, name), sub && el('span', { class: 'assignee-picker-item-sub' }, sub)));
}

// People and smart groups in one list; `value()` answers {assigneeUserIds, assigneeGroupIds}.
function assigneePicker({ people, segments, chosenPeople, chosenGroups, jobs }) {
  const search = el('input', { type: 'search', class: 'assignee-picker-search', placeholder: t('schedules.searchPeople'),
    'aria-label': t('schedules.searchPeople'), 'data-testid': 'assignee-search' });
  const groupSets = segments.filter((s) => s.groups.length).map((segment) => el('fieldset', { class: 'assignee-picker-group' },
    el('legend', {}, segment.name),
    ...segment.groups.sort(byName).map((g) => pickerItem({ kind: 'group', id: g.id, name: g.name,
      sub: tn('schedules.groupMembers', g.memberCount), checked: chosenGroups.includes(g.id) }))));
  const personSet = el('fieldset', { class: 'assignee-picker-group' }, el('legend', {}, t('schedules.people')),
    ...people.sort(byName).map((p) => pickerItem({ kind: 'person', id: p.id, name: p.name,
      sub: p.jobIds.map((j) => jobs.get(j)?.name).filter(Boolean).join(', ') || t(`role.${p.role}`),
      checked: chosenPeople.includes(p.id) })));
  const list = el('div', { class: 'assignee-picker-list' }, ...groupSets, personSet);
  const count = el('span', { 'data-testid': 'assignee-count', 'aria-live': 'polite' });
  const all = el('button', { type: 'button', class: 'link-button', 'data-testid': 'assignee-all' }, t('schedules.everyone'));
  const boxes = () => [...list.querySelectorAll('input[type="checkbox"]')];
  const groups = new Map(segments.flatMap((s) => s.groups).map((g) => [g.id, g]));

  function value() {
    const ticked = boxes().filter((b) => b.checked);
    return {
      assigneeUserIds: ticked.filter((b) => b.dataset.kind === 'person').map((b) => b.value),
      assigneeGroupIds: ticked.filter((b) => b.dataset.kind === 'group').map((b) => b.value),
    };
  }
  // Everyone the choice reaches: the people ticked and the groups' members, each once.
  function refresh() {
    const chosen = value();
    const reached = new Set([...chosen.assigneeUserIds, ...chosen.assigneeGroupIds.flatMap((id) => groups.get(id)?.memberIds || [])]);
    count.textContent = tn('schedules.reached', reached.size);
  }
  list.addEventListener('change', refresh);
  all.addEventListener('click', () => {
    for (const box of boxes()) if (box.dataset.kind === 'person') box.checked = true;
    refresh();
  });
  search.addEventListener('input', () => {
    const q = search.value.trim().toLowerCase();
    for (const item of list.querySelectorAll('.assignee-picker-item')) item.hidden = Boolean(q) && !item.dataset.name.includes(q);
    for (const set of list.querySelectorAll('.assignee-picker-group')) set.hidden = !set.querySelector('.assignee-picker-item:not([hidden])');
  });
  refresh();

  const labelId = uid('assignees');
  const line = el('p', { class: 'field-error', id: uid('err'), 'data-testid': 'error-assignees', hidden: true });
  const node = el('div', { class: 'field', role: 'group', 'aria-labelledby': labelId, 'aria-describedby': line.id },
    el('label', { id: labelId }, t('schedules.assignees')),
    el('div', { class: 'assignee-picker' }, search, list, el('div', { class: 'assignee-picker-foot' }, count, all)),
    el('p', { class: 'hint' }, t(groupSets.length ? 'schedules.assigneesHint' : 'schedules.noGroupsHint')), line);
  return { node, line, input: search, value };
}

// `workplace` from data.loadWorkplace(); `segments` from data.listSmartGroups(). Resolves with the
// saved schedule, or null when cancelled.
export function scheduleDialog({ schedule = null, workplace, segments }) {
  const name = field({ name: 'name', label: t('schedules.name'), value: schedule?.name || '',
    hint: t('schedules.nameHint'), attrs: { required: true, maxlength: '100', autocomplete: 'off', 'data-testid': 'schedule-name' } });
  const locations = workplace.locationList;
  const place = locations.length > 1 ? field({ name: 'locationId', label: t('schedules.location'),
    value: schedule?.locationId || locations[0].id, options: locations.map((l) => [l.id, l.name]),
    attrs: { 'data-testid': 'schedule-location' } }) : null;
  const people = [...workplace.members.values()].filter((m) => m.onRota && m.status !== 'inactive');
  const picker = assigneePicker({ people, segments, jobs: workplace.jobs,
    chosenPeople: schedule?.assigneeUserIds || [], chosenGroups: schedule?.assigneeGroupIds || [] });
  const approval = checkField({ name: 'claimNeedsApproval', label: t('schedules.approval'), hint: t('schedules.approvalHint'),
    checked: Boolean(schedule?.claimNeedsApproval), attrs: { 'data-testid': 'schedule-approval' } });
  name.input.addEventListener('input', () => setError(name.input, name.line, null));
  const fieldsByName = Object.fromEntries(Object.entries({ name, locationId: place, assigneeUserIds: picker,
    assigneeGroupIds: picker }).filter(([, f]) => f));

  return modal({
    title: schedule ? t('schedules.editTitle', { name: schedule.name }) : t('schedules.newTitle'),
    intro: schedule ? null : t('schedules.newIntro'),
    testId: 'schedule-dialog',
    wide: true,
    content: [name.node, place?.node, picker.node, approval.node],
    submitLabel: schedule ? t('schedules.save') : t('schedules.create'),
    busyLabel: t('schedules.saving'),
    onSubmit: () => {
      const text = name.input.value.trim();
      if (!text) {
        setError(name.input, name.line, t('form.required'));
        name.input.focus();
        return false;
      }
      const body = { name: text, ...picker.value(), claimNeedsApproval: approval.input.checked };
      if (place) body.locationId = place.input.value;
      return schedule ? data.updateSchedule(schedule.id, body) : data.createSchedule(body);
    },
    // The server's refusals beside their fields; anything else in the dialog's banner.
    onError: (e) => Object.keys(e.fields || {}).length > 0 && showFieldErrors(e.fields, fieldsByName).length === 0,
  });
}
