// The permission catalog for the pages that hand out permissions (profiles, API key scopes):
// checkboxes grouped by the code's prefix (users, schedules, clock, …), each with its description
// and, for orientation, the roles that hold it by default. Only codes the signed-in user holds
// can be ticked: nobody hands out more than they have (the server refuses that with 403).
import { authedApi } from './auth.js';
import { el, errorLine, field, uid } from './forms.js';
import { t } from './i18n.js';

const ROLES = ['owner', 'tenant_admin', 'manager', 'user'];
// The roles whose defaults can be copied into a selection (an owner's are simply "everything").
const TEMPLATE_ROLES = ['user', 'manager', 'tenant_admin'];

let catalog = null;

// [{code, description, roles}], read once per page load (it only changes with an upgrade).
export function permissionCatalog() {
  catalog ??= authedApi('/api/v1/profiles/permissions').catch((e) => {
    catalog = null;
    throw e;
  });
  return catalog;
}

// Our translation, or the server's (English) description for a code this UI does not know yet.
export function permissionLabel(permission) {
  const key = `perm.${permission.code}`;
  const text = t(key);
  return text === key ? permission.description : text;
}

function groupLabel(prefix) {
  const key = `permgroup.${prefix}`;
  const text = t(key);
  return text === key ? prefix : text;
}

const roleLabel = (role) => (ROLES.includes(role) ? t(`role.${role}`) : role);

// The catalog in groups, in catalog order: [[prefix, [permission]]].
export function grouped(permissions) {
  const groups = new Map();
  for (const p of permissions) {
    const prefix = p.code.split('.')[0];
    if (!groups.has(prefix)) groups.set(prefix, []);
    groups.get(prefix).push(p);
  }
  return [...groups];
}

// A read-only list of `codes`, grouped like the picker.
export function permissionList(permissions, codes) {
  const chosen = permissions.filter((p) => codes.includes(p.code));
  const unknown = codes.filter((c) => !permissions.some((p) => p.code === c));
  return el('div', { class: 'perm-list', 'data-testid': 'permission-list' },
    ...grouped(chosen).map(([prefix, items]) => el('div', { class: 'perm-list-group' },
      el('h4', {}, groupLabel(prefix)),
      el('ul', {}, ...items.map((p) => el('li', { 'data-code': p.code }, permissionLabel(p)))))),
    unknown.length > 0 && el('ul', {}, ...unknown.map((c) => el('li', {}, el('code', {}, c)))));
}

// Checkboxes for `permissions`; `held` = the signed-in user's codes, `selected` = ticked at first.
// A code not held is offered only when already selected (an existing profile), and then cannot be
// changed. `locked` disables everything. Returns {node, input, line, value(), focus()} so
// showFieldErrors() can put the server's message next to it.
export function permissionPicker({ permissions, held, selected = [], name = 'permissions', label, hint, locked = false,
  templates = true }) {
  const boxes = [];
  const offered = permissions.filter((p) => held.includes(p.code) || selected.includes(p.code));
  const line = errorLine(name);
  const hintNode = hint ? el('p', { class: 'hint', id: uid('hint') }, hint) : null;

  const groups = grouped(offered).map(([prefix, items]) => el('fieldset', { class: 'perm-group', 'data-group': prefix },
    el('legend', {}, groupLabel(prefix)),
    ...items.map((p) => {
      const mine = held.includes(p.code);
      const id = uid('perm');
      const meta = uid('perm-meta');
      const box = el('input', { type: 'checkbox', id, name, value: p.code, 'aria-describedby': meta,
        disabled: locked || !mine, 'data-testid': `perm-${p.code}` });
      box.checked = selected.includes(p.code);
      boxes.push(box);
      const roles = p.roles.length ? t('perm.defaultFor', { roles: p.roles.map(roleLabel).join(', ') }) : t('perm.defaultForNone');
      return el('div', { class: 'perm' }, box,
        el('label', { for: id },
          el('span', { class: 'perm-name' }, permissionLabel(p)),
          el('span', { class: 'perm-meta', id: meta }, el('code', {}, p.code), ' · ', roles,
            !mine && el('span', { class: 'perm-not-held' }, ` ${t('perm.notHeld')}`))));
    })));

  let fill = null;
  if (templates && !locked) {
    // Start from what a role gets, then adjust: the usual way to make a profile.
    fill = field({ name: `${name}-template`, label: t('perm.fromRole'), optional: true,
      options: [['', t('perm.fromRoleNone')], ...TEMPLATE_ROLES.map((r) => [r, roleLabel(r)])] });
    fill.input.addEventListener('change', () => {
      const role = fill.input.value;
      if (!role) return;
      for (const box of boxes) {
        if (box.disabled) continue;
        box.checked = permissions.find((p) => p.code === box.value).roles.includes(role);
      }
    });
  }

  const first = () => boxes.find((b) => !b.disabled);
  const node = el('fieldset', { class: 'field perm-picker', 'aria-describedby': [hintNode?.id, line.id].filter(Boolean).join(' ') },
    el('legend', {}, label), hintNode, fill?.node, el('div', { class: 'perm-groups' }, ...groups), line);
  // What showFieldErrors() needs of a field: something to mark and focus.
  const input = { focus: () => first()?.focus(), setAttribute: () => {}, removeAttribute: () => {} };
  return {
    node,
    input,
    line,
    value: () => boxes.filter((b) => b.checked).map((b) => b.value),
  };
}
