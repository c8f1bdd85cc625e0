// Smart groups: people chosen by rules (role, job, location, status, the person), kept in
// segments (folders). A schedule's assignees can be a smart group, so whoever later gets the
// job or the role is on the schedule without anyone adding them. Planners (schedules.write)
// make segments and groups; the editor shows, beside the rules, who the group holds right now.
// The editor lives at /smart-groups?group=ID (or ?new=SEGMENT_ID), so Back returns to the list.
import { authedApi } from '../auth.js';
import { confirmAction, modal } from '../dialog.js';
import { busy, el, errorText, field, setError, showFieldErrors, uid } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { go } from '../nav.js';
import { initials, pageTitle } from '../shell.js';
import { card, emptyState, iconButton, loadError, page, skeleton, toast } from '../ui.js';
import { allJobs, allLocations, allMembers, byId, clearOnInput, organizationId, textareaField } from '../rota-common.js';

const ROLES = ['user', 'manager', 'tenant_admin', 'owner'];
const STATUSES = ['active', 'invited', 'inactive'];
const FIELDS = ['role', 'jobId', 'locationId', 'status', 'userId'];
const OPERATORS = ['is', 'isNot', 'in', 'notIn'];
const MANY = new Set(['in', 'notIn']);
const PREVIEW_DELAY_MS = 300;
const NAMES_SHOWN = 3;

let view = null;

export function mount(root, { session }) {
  const params = new URLSearchParams(location.search);
  view = {
    root,
    planner: session.permissions.includes('schedules.write'),
    groupId: params.get('group'),
    newIn: params.get('new'),
    body: el('div', { class: 'stack' }, card({}, skeleton({ rows: 4 }))),
  };
  root.replaceChildren(page('wide', pageTitle(t('groups.title')), view.body));
  load();
}

export function unmount() {
  if (view) clearTimeout(view.previewTimer);
  view = null;
}

async function load() {
  const v = view;
  try {
    const org = await organizationId();
    const [segments, members, jobs, locations] = await Promise.all([authedApi('/api/v1/smart-groups'),
      org ? allMembers(org) : [], allJobs(), org ? allLocations(org) : []]);
    if (view !== v) return;
    Object.assign(v, { segments, members, jobs, locations, people: byId(members) });
  } catch (e) {
    if (view !== v || e.status === 401) return;
    v.body.replaceChildren(card({}, loadError(e, load, 'groups-error')));
    return;
  }
  const group = v.groupId && v.segments.flatMap((s) => s.groups).find((g) => g.id === v.groupId);
  if (v.planner && group) editor(group);
  else if (v.planner && v.newIn && v.segments.some((s) => s.id === v.newIn)) editor(null, v.newIn);
  else list();
}

// ---- the words for fields, operators and values ------------------------------------------------------

// [value, label] pairs a rule on `fieldName` can compare with.
function choices(fieldName) {
  const v = view;
  switch (fieldName) {
    case 'role': return ROLES.map((r) => [r, t(`role.${r}`)]);
    case 'status': return STATUSES.map((s) => [s, t(`users.status.${s}`)]);
    case 'jobId': return v.jobs.map((j) => [j.id, j.active ? j.name : t('groups.inactiveJob', { name: j.name })]);
    case 'locationId': return v.locations.map((l) => [l.id, l.name]);
    case 'userId': return v.members.map((m) => [m.id, m.name]);
    default: return [];
  }
}

function valueLabel(fieldName, value) {
  return choices(fieldName).find(([id]) => id === value)?.[1] || t('groups.unknownValue');
}

// "Role is Manager", "Job is any of Stylist or Colourist".
function ruleText(rule) {
  const values = [rule.value].flat().map((x) => valueLabel(rule.field, x));
  return t('groups.ruleText', { field: t(`groups.field.${rule.field}`), operator: t(`groups.op.${rule.operator}`),
    values: values.join(', ') });
}

function groupSummary(group) {
  const parts = [];
  if (group.rules.length) parts.push(group.rules.map(ruleText).join(t(group.logic === 'or' ? 'groups.joinOr' : 'groups.joinAnd')));
  if (group.includeUserIds.length) parts.push(tn('groups.plusPeople', group.includeUserIds.length));
  if (group.excludeUserIds.length) parts.push(tn('groups.minusPeople', group.excludeUserIds.length));
  return parts.join(' · ') || t('groups.noRules');
}

// "Lisa, Tom and 3 others".
function someNames(ids) {
  const names = ids.map((id) => view.people.get(id)?.name).filter(Boolean);
  if (names.length <= NAMES_SHOWN) return names.join(', ');
  return t('groups.andOthers', { names: names.slice(0, NAMES_SHOWN).join(', '), n: names.length - NAMES_SHOWN });
}

// ---- the list: segments with their groups --------------------------------------------------------------

function list() {
  const v = view;
  const add = v.planner ? iconButton('plus', t('groups.newSegment'), { kind: 'button-secondary', testId: 'segment-new' }) : null;
  add?.addEventListener('click', () => segmentDialog(null));
  const head = el('div', { class: 'page-head' }, el('p', { class: 'page-intro' }, t(v.planner ? 'groups.intro' : 'groups.introMember')),
    add && el('div', { class: 'head-tools' }, add));
  if (!v.segments.length) {
    const action = v.planner ? iconButton('plus', t('groups.newSegment')) : null;
    action?.addEventListener('click', () => segmentDialog(null));
    v.body.replaceChildren(head, card({}, emptyState({ icon: 'layers', title: t('groups.empty'),
      hint: t(v.planner ? 'groups.emptyHint' : 'groups.emptyMember'), action, testId: 'groups-empty' })));
    return;
  }
  v.body.replaceChildren(head, ...v.segments.map(segmentCard));
}

function segmentCard(segment) {
  const v = view;
  const tools = [];
  if (v.planner) {
    const add = iconButton('plus', t('groups.newGroup'), { kind: 'button-small', testId: 'group-new' });
    add.addEventListener('click', () => go(`/smart-groups?new=${encodeURIComponent(segment.id)}`));
    const edit = iconButton('pencil', t('groups.edit'), { kind: 'button-ghost button-small', testId: 'segment-edit',
      aria: t('groups.editSegmentOf', { name: segment.name }) });
    edit.addEventListener('click', () => segmentDialog(segment));
    const remove = iconButton('trash-2', t('groups.delete'), { kind: 'button-ghost button-small button-danger-quiet',
      testId: 'segment-delete', aria: t('groups.deleteSegmentOf', { name: segment.name }) });
    remove.addEventListener('click', () => deleteSegment(segment));
    tools.push(edit, remove, add);
  }
  const body = segment.groups.length
    ? el('ul', { class: 'group-list' }, ...segment.groups.map(groupRow))
    : el('p', { class: 'muted group-none' }, t(v.planner ? 'groups.segmentEmpty' : 'groups.segmentEmptyMember'));
  const section = card({ title: segment.name, sub: segment.description || null, tools, flush: true, testId: 'segment' }, body);
  section.dataset.id = segment.id;
  section.dataset.name = segment.name;
  return section;
}

function groupRow(group) {
  const v = view;
  const names = someNames(group.memberIds);
  const actions = [];
  if (v.planner) {
    const edit = el('a', { href: `/smart-groups?group=${encodeURIComponent(group.id)}`, class: 'button button-ghost button-small',
      'data-testid': 'group-edit', 'aria-label': t('groups.editOf', { name: group.name }) }, icon('pencil', { size: 'sm' }),
    el('span', {}, t('groups.edit')));
    const remove = el('button', { type: 'button', class: 'button button-ghost button-small button-danger-quiet',
      'data-testid': 'group-delete', 'aria-label': t('groups.deleteOf', { name: group.name }) }, icon('trash-2', { size: 'sm' }),
    el('span', {}, t('groups.delete')));
    remove.addEventListener('click', () => deleteGroup(group));
    actions.push(edit, remove);
  }
  return el('li', { class: 'group-row', 'data-testid': 'group-row', 'data-id': group.id, 'data-name': group.name },
    el('span', { class: 'group-icon', 'aria-hidden': 'true' }, icon('users')),
    el('div', { class: 'group-main' },
      el('span', { class: 'group-name' }, group.name),
      el('span', { class: 'group-rules', 'data-testid': 'group-rules' }, groupSummary(group)),
      names && el('span', { class: 'group-names' }, names)),
    el('span', { class: 'tag', 'data-testid': 'group-count' }, tn('groups.people', group.memberCount)),
    actions.length > 0 && el('div', { class: 'row-actions' }, ...actions));
}

async function segmentDialog(segment) {
  const v = view;
  const fields = {
    name: field({ name: 'name', label: t('groups.segmentName'), value: segment?.name || '',
      hint: t('groups.segmentNameHint'), attrs: { required: true, maxlength: '100', autocomplete: 'off' } }),
    description: textareaField({ name: 'description', label: t('groups.segmentDescription'), value: segment?.description || '',
      rows: 2, attrs: { maxlength: '500' } }),
  };
  clearOnInput(fields);
  const saved = await modal({
    title: segment ? t('groups.editSegmentTitle') : t('groups.newSegmentTitle'),
    intro: segment ? null : t('groups.newSegmentIntro'),
    content: Object.values(fields).map((f) => f.node),
    submitLabel: segment ? t('groups.save') : t('groups.createSegment'),
    busyLabel: t('groups.saving'),
    testId: 'segment-dialog',
    onSubmit: () => {
      const name = fields.name.input.value.trim();
      if (!name) {
        setError(fields.name.input, fields.name.line, t('form.required'));
        fields.name.input.focus();
        return false;
      }
      const body = { name, description: fields.description.input.value.trim() || null };
      return segment
        ? authedApi(`/api/v1/smart-groups/segments/${encodeURIComponent(segment.id)}`, { method: 'PATCH', body })
        : authedApi('/api/v1/smart-groups/segments', { method: 'POST', body });
    },
    onError: (e) => {
      if (e.code === 'conflict') {
        setError(fields.name.input, fields.name.line, e.message);
        return true;
      }
      return e.code === 'validation_failed' && showFieldErrors(e.fields, fields).length === 0;
    },
  });
  if (!saved || view !== v) return;
  toast(t(segment ? 'groups.segmentSaved' : 'groups.segmentCreated', { name: saved.name }), { testId: 'groups-notice' });
  load();
}

async function deleteSegment(segment) {
  const v = view;
  const done = await confirmAction({
    title: t('groups.deleteSegmentTitle', { name: segment.name }),
    text: segment.groups.length ? tn('groups.deleteSegmentFull', segment.groups.length) : t('groups.deleteSegmentText'),
    confirmLabel: t('groups.delete'),
    busyLabel: t('groups.deleting'),
    action: () => authedApi(`/api/v1/smart-groups/segments/${encodeURIComponent(segment.id)}`, { method: 'DELETE' }),
  });
  if (!done || view !== v) return;
  toast(t('groups.segmentDeleted', { name: segment.name }), { testId: 'groups-notice' });
  load();
}

async function deleteGroup(group) {
  const v = view;
  const done = await confirmAction({
    title: t('groups.deleteTitle', { name: group.name }),
    text: t('groups.deleteText'),
    confirmLabel: t('groups.delete'),
    busyLabel: t('groups.deleting'),
    action: () => authedApi(`/api/v1/smart-groups/${encodeURIComponent(group.id)}`, { method: 'DELETE' }),
  });
  if (!done || view !== v) return;
  toast(t('groups.deleted', { name: group.name }), { testId: 'groups-notice' });
  load();
}

// ---- the editor: rules on the left, who they choose on the right ---------------------------------------

function editor(group, segmentId = group?.segmentId) {
  const v = view;
  v.draft = {
    name: group?.name || '',
    segmentId,
    logic: group?.logic || 'and',
    rules: (group?.rules || []).map((r) => ({ ...r, value: structuredClone(r.value) })),
    include: [...(group?.includeUserIds || [])],
    exclude: [...(group?.excludeUserIds || [])],
  };
  if (!group) v.draft.rules.push(blankRule('role'));
  const fields = {
    name: field({ name: 'name', label: t('groups.name'), value: v.draft.name,
      attrs: { required: true, maxlength: '100', autocomplete: 'off', 'data-testid': 'group-name' } }),
    segmentId: field({ name: 'segmentId', label: t('groups.segment'), value: segmentId,
      options: v.segments.map((s) => [s.id, s.name]), attrs: { 'data-testid': 'group-segment' } }),
  };
  clearOnInput(fields);
  fields.name.input.addEventListener('input', () => { v.draft.name = fields.name.input.value; });
  fields.segmentId.input.addEventListener('change', () => { v.draft.segmentId = fields.segmentId.input.value; });

  v.rulesSlot = el('div', { class: 'rules', 'data-testid': 'group-rules-editor' });
  v.includeSlot = el('div');
  v.excludeSlot = el('div');
  v.preview = el('div', { class: 'preview-body', 'data-testid': 'group-preview', 'aria-live': 'polite' }, skeleton({ rows: 3, avatar: true }));
  v.previewCount = el('span', { class: 'tag', 'data-testid': 'group-preview-count' });
  // On a phone the preview sits below the form: its count also stands beside Save.
  v.previewCountNear = el('span', { class: 'preview-near muted', 'aria-hidden': 'true' });
  const banner = el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'group-error', hidden: true });
  const save = el('button', { type: 'submit', class: 'button button-form', 'data-testid': 'group-save' }, icon('save'),
    el('span', {}, t(group ? 'groups.save' : 'groups.createGroup')));
  const cancel = el('a', { href: '/smart-groups', class: 'button button-secondary button-form', 'data-testid': 'group-cancel' },
    t('dialog.cancel'));

  const form = el('form', { novalidate: true, class: 'group-editor', 'data-testid': 'group-editor' },
    card({ title: group ? t('groups.editTitle', { name: group.name }) : t('groups.newTitle') },
      el('div', { class: 'field-pair field-pair-wide' }, fields.name.node, fields.segmentId.node),
      logicField(),
      v.rulesSlot,
      el('div', { class: 'people-pickers' }, v.includeSlot, v.excludeSlot),
      banner,
      el('div', { class: 'actions' }, v.previewCountNear, el('div', { class: 'button-row' }, cancel, save))),
    el('aside', { class: 'card preview-card', 'aria-label': t('groups.previewTitle') },
      el('div', { class: 'preview-head' }, el('h2', {}, t('groups.previewTitle')), v.previewCount),
      el('p', { class: 'card-sub' }, t('groups.previewSub')),
      v.preview));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    saveGroup(group, fields, banner, save);
  });
  v.body.replaceChildren(
    el('a', { href: '/smart-groups', class: 'back-link', 'data-testid': 'groups-back' }, icon('chevron-left', { size: 'sm' }),
      t('groups.back')),
    form);
  renderRules();
  renderPeople();
  previewNow();
  fields.name.input.focus();
}

function logicField() {
  const v = view;
  const name = uid('logic');
  const option = (value) => {
    const input = el('input', { type: 'radio', name, value, checked: v.draft.logic === value, 'data-testid': `group-logic-${value}` });
    input.addEventListener('change', () => {
      v.draft.logic = value;
      renderRules(); // the words between the rules follow
      changed();
    });
    return el('label', { class: 'segmented-option' }, input, el('span', {}, t(`groups.logic.${value}`)));
  };
  return el('fieldset', { class: 'field logic-field' }, el('legend', {}, t('groups.logicLegend')),
    el('div', { class: 'segmented' }, option('and'), option('or')));
}

const blankRule = (fieldName) => ({ field: fieldName, operator: 'is', value: choices(fieldName)[0]?.[0] || '' });

function renderRules() {
  const v = view;
  const add = iconButton('plus', t('groups.addRule'), { kind: 'button-secondary button-small', testId: 'rule-add' });
  add.addEventListener('click', () => {
    v.draft.rules.push(blankRule('role'));
    renderRules();
    changed();
    v.rulesSlot.querySelectorAll('[data-testid="rule-field"]').item(v.draft.rules.length - 1)?.focus();
  });
  const joiner = t(v.draft.logic === 'or' ? 'groups.or' : 'groups.and');
  v.rulesSlot.replaceChildren(
    el('h3', { class: 'rules-title' }, t('groups.rulesTitle')),
    v.draft.rules.length
      ? el('ol', { class: 'rule-list' }, ...v.draft.rules.map((rule, i) => ruleRow(rule, i, joiner)))
      : el('p', { class: 'muted' }, t('groups.noRulesHint')),
    add);
}

function select(label, options, value, testId) {
  const s = el('select', { 'aria-label': label, 'data-testid': testId }, ...options.map(([id, text]) => el('option', { value: id }, text)));
  s.value = value;
  return s;
}

function ruleRow(rule, index, joiner) {
  const v = view;
  const n = index + 1;
  const fieldSelect = select(t('groups.ruleField', { n }), FIELDS.map((f) => [f, t(`groups.field.${f}`)]), rule.field, 'rule-field');
  fieldSelect.addEventListener('change', () => {
    Object.assign(rule, blankRule(fieldSelect.value), { operator: rule.operator });
    if (MANY.has(rule.operator)) rule.value = rule.value ? [rule.value] : [];
    renderRules();
    changed();
  });
  const opSelect = select(t('groups.ruleOperator', { n }), OPERATORS.map((o) => [o, t(`groups.op.${o}`)]), rule.operator, 'rule-operator');
  opSelect.addEventListener('change', () => {
    const many = MANY.has(opSelect.value);
    if (many && !Array.isArray(rule.value)) rule.value = rule.value ? [rule.value] : [];
    if (!many && Array.isArray(rule.value)) rule.value = rule.value[0] || choices(rule.field)[0]?.[0] || '';
    rule.operator = opSelect.value;
    renderRules();
    changed();
  });
  const remove = el('button', { type: 'button', class: 'button button-ghost button-small icon-only', 'data-testid': 'rule-remove',
    'aria-label': t('groups.removeRule', { n }) }, icon('x', { size: 'sm' }));
  remove.addEventListener('click', () => {
    v.draft.rules.splice(index, 1);
    renderRules();
    changed();
  });
  return el('li', { class: 'rule-row', 'data-testid': 'rule' },
    index > 0 && el('span', { class: 'rule-joiner', 'aria-hidden': 'true' }, joiner),
    el('div', { class: 'rule-controls' }, fieldSelect, opSelect, valuePicker(rule, n), remove));
}

function valuePicker(rule, n) {
  const options = choices(rule.field);
  const label = t('groups.ruleValue', { n });
  if (!MANY.has(rule.operator)) {
    if (!options.length) return el('span', { class: 'muted rule-novalue' }, t('groups.nothingToPick'));
    const s = select(label, options, rule.value, 'rule-value');
    s.addEventListener('change', () => {
      rule.value = s.value;
      changed();
    });
    return s;
  }
  return chipPicker({ label, options, chosen: rule.value, testId: 'rule-values', onChange: changed });
}

// Several values: the chosen ones as chips (each removable), and a select to add one more.
// `chosen` is changed in place.
function chipPicker({ label, options, chosen, testId, onChange, empty = t('groups.pickSome') }) {
  const node = el('div', { class: 'chip-picker', 'data-testid': testId, role: 'group', 'aria-label': label });
  const render = () => {
    const left = options.filter(([id]) => !chosen.includes(id));
    const adder = el('select', { 'aria-label': t('groups.addValue', { label }), 'data-testid': `${testId}-add` },
      el('option', { value: '' }, left.length ? t('groups.addOne') : t('groups.allPicked')),
      ...left.map(([id, text]) => el('option', { value: id }, text)));
    adder.disabled = left.length === 0;
    adder.addEventListener('change', () => {
      if (!adder.value) return;
      chosen.push(adder.value);
      render();
      onChange();
      node.querySelector('select')?.focus();
    });
    const chips = chosen.map((id) => {
      const text = options.find(([o]) => o === id)?.[1] || t('groups.unknownValue');
      const x = el('button', { type: 'button', class: 'chip-remove', 'aria-label': t('groups.removeValue', { value: text }) },
        icon('x', { size: 'sm' }));
      x.addEventListener('click', () => {
        chosen.splice(chosen.indexOf(id), 1);
        render();
        onChange();
        node.querySelector('select')?.focus();
      });
      return el('span', { class: 'chip', 'data-testid': 'chip' }, el('span', {}, text), x);
    });
    node.replaceChildren(...chips, ...(chips.length ? [] : [el('span', { class: 'chip-empty' }, empty)]), adder);
  };
  render();
  return node;
}

function renderPeople() {
  const v = view;
  const people = v.members.map((m) => [m.id, m.name]);
  const picker = (slot, key, testId, title, hint) => slot.replaceChildren(el('div', { class: 'field' },
    el('h3', { class: 'rules-title' }, title),
    el('p', { class: 'hint' }, hint),
    chipPicker({ label: title, options: people, chosen: v.draft[key], testId, onChange: changed, empty: t('groups.nobody') })));
  picker(v.includeSlot, 'include', 'group-include', t('groups.include'), t('groups.includeHint'));
  picker(v.excludeSlot, 'exclude', 'group-exclude', t('groups.exclude'), t('groups.excludeHint'));
}

// ---- the live preview ------------------------------------------------------------------------------------

// A rule with nothing picked yet cannot be asked about; the preview leaves it out until it has.
const complete = (rule) => (Array.isArray(rule.value) ? rule.value.length > 0 : Boolean(rule.value));

function draftBody() {
  const d = view.draft;
  return { logic: d.logic, rules: d.rules.filter(complete).map(({ field: f, operator, value }) => ({ field: f, operator, value })),
    includeUserIds: d.include, excludeUserIds: d.exclude };
}

function changed() {
  const v = view;
  if (!v) return;
  clearTimeout(v.previewTimer);
  v.previewTimer = setTimeout(previewNow, PREVIEW_DELAY_MS);
}

async function previewNow() {
  const v = view;
  const mine = (v.previewSerial = (v.previewSerial || 0) + 1);
  v.preview.setAttribute('aria-busy', 'true');
  let answer;
  try {
    answer = await authedApi('/api/v1/smart-groups/preview', { method: 'POST', body: draftBody() });
  } catch (e) {
    if (view !== v || mine !== v.previewSerial || e.status === 401) return;
    v.preview.removeAttribute('aria-busy');
    v.previewCount.textContent = '';
    v.previewCountNear.textContent = '';
    v.preview.replaceChildren(el('p', { class: 'banner banner-bad', role: 'alert' }, errorText(e)));
    return;
  }
  if (view !== v || mine !== v.previewSerial) return;
  v.preview.removeAttribute('aria-busy');
  v.previewCount.textContent = tn('groups.people', answer.total);
  v.previewCountNear.textContent = t('groups.holdsNow', { people: tn('groups.people', answer.total) });
  if (!answer.items.length) {
    v.preview.replaceChildren(emptyState({ icon: 'users', title: t('groups.previewNone'), hint: t('groups.previewNoneHint'),
      testId: 'group-preview-empty' }));
    return;
  }
  v.preview.replaceChildren(el('ul', { class: 'people-list' }, ...answer.items.map((p) => el('li', { class: 'who',
    'data-testid': 'group-preview-person' },
  el('span', { class: 'avatar avatar-sm', 'aria-hidden': 'true' }, initials(p.name)),
  el('span', { class: 'who-text' }, el('span', { class: 'who-name' }, p.name),
    el('span', { class: 'who-sub' }, ROLES.includes(p.role) ? t(`role.${p.role}`) : p.role))))));
}

// ---- saving -------------------------------------------------------------------------------------------

async function saveGroup(group, fields, banner, save) {
  const v = view;
  banner.hidden = true;
  const name = fields.name.input.value.trim();
  if (!name) {
    setError(fields.name.input, fields.name.line, t('form.required'));
    fields.name.input.focus();
    return;
  }
  const open = v.draft.rules.findIndex((r) => !complete(r));
  if (open >= 0) {
    banner.textContent = t('groups.ruleIncomplete', { n: open + 1 });
    banner.hidden = false;
    v.rulesSlot.querySelectorAll('[data-testid="rule"]').item(open)?.querySelector('select:last-of-type')?.focus();
    return;
  }
  const body = { name, segmentId: v.draft.segmentId, ...draftBody() };
  const restore = busy(save, t('groups.saving'));
  try {
    const saved = group
      ? await authedApi(`/api/v1/smart-groups/${encodeURIComponent(group.id)}`, { method: 'PATCH', body })
      : await authedApi('/api/v1/smart-groups', { method: 'POST', body });
    if (view !== v) return;
    toast(t(group ? 'groups.saved' : 'groups.created', { name: saved.name, n: saved.memberCount }), { testId: 'groups-notice' });
    go('/smart-groups');
  } catch (e) {
    if (view !== v || e.status === 401) return;
    restore();
    if (e.code === 'conflict') {
      setError(fields.name.input, fields.name.line, e.message);
      fields.name.input.focus();
      return;
    }
    const stray = e.code === 'validation_failed' ? showFieldErrors(e.fields, fields) : null;
    if (!stray || stray.length) {
      banner.textContent = stray?.length ? `${errorText(e)} (${stray.join('; ')})` : errorText(e);
      banner.hidden = false;
    }
  }
}
