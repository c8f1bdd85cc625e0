// Settings → Kiosks: the workplace's shared tablets. A clock manager sets one up for a location,
// sees its address (with the kiosk's key) once, to open on the tablet or to turn this very device
// into the kiosk, and revokes one (after confirming) when a tablet is lost or replaced.
import { authedApi, logout } from '../auth.js';
import { modal } from '../dialog.js';
import { formatDateTime } from '../format.js';
import { el, errorText, field, setError, showFieldErrors, uid } from '../forms.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { go } from '../nav.js';
import { allLocations, organizationId } from '../rota-common.js';
import { pageTitle } from '../shell.js';
import { card, confirmButton, emptyState, loadError, page, skeleton, toast } from '../ui.js';
import { KIOSK_TOKEN } from './kiosk.js';

let view = null;

export function mount(root) {
  view = { root, locations: [], area: el('div', { class: 'list-area', 'data-testid': 'kiosks-list' }, skeleton({ rows: 2 })) };
  view.formSlot = el('div');
  root.replaceChildren(page('wide', pageTitle(t('kiosks.title')),
    el('a', { href: '/settings', class: 'back-link' }, icon('chevron-left', { size: 'sm' }), t('settings.back')),
    el('p', { class: 'page-intro' }, t('kiosks.intro')),
    card({ title: t('kiosks.listTitle'), flush: true, testId: 'kiosks-card' }, view.area),
    view.formSlot));
  load();
}

export function unmount() {
  view = null;
}

async function load() {
  const v = view;
  v.area.setAttribute('aria-busy', 'true');
  let kiosks;
  let locations;
  try {
    const org = await organizationId();
    [kiosks, locations] = await Promise.all([authedApi('/api/v1/kiosks'), org ? allLocations(org) : []]);
  } catch (e) {
    if (view === v && e.status !== 401) v.area.replaceChildren(loadError(e, load, 'kiosks-error'));
    return;
  }
  if (view !== v) return;
  v.area.removeAttribute('aria-busy');
  v.locations = locations;
  v.area.replaceChildren(kiosks.items.length
    ? el('ul', { class: 'entries' }, ...kiosks.items.map(row))
    : emptyState({ icon: 'clock', title: t('kiosks.none'), hint: t('kiosks.noneHint'), testId: 'kiosks-empty' }));
  if (!v.formSlot.firstChild) v.formSlot.replaceChildren(createForm());
}

function row(kiosk) {
  const revoked = Boolean(kiosk.revokedAt);
  const when = revoked ? t('kiosks.revokedOn', { when: formatDateTime(kiosk.revokedAt) })
    : kiosk.lastSeenAt ? t('kiosks.lastSeen', { when: formatDateTime(kiosk.lastSeenAt) }) : t('kiosks.neverSeen');
  const revoke = !revoked && confirmButton({
    label: t('kiosks.revoke'),
    aria: `${t('kiosks.revoke')} ${kiosk.name}`,
    testId: 'kiosk-revoke',
    kind: 'button-small button-ghost button-danger-quiet',
    confirm: { title: t('kiosks.revokeTitle', { name: kiosk.name }), text: t('kiosks.revokeText'),
      confirmLabel: t('kiosks.revoke'), busyLabel: t('kiosks.revoking') },
    action: () => authedApi(`/api/v1/kiosks/${encodeURIComponent(kiosk.id)}`, { method: 'DELETE' }),
    done: async () => {
      await load();
      if (view) toast(t('kiosks.revokedToast'), { testId: 'kiosks-notice' });
    },
  });
  return el('li', { class: 'entry', 'data-testid': 'kiosk-row', 'data-name': kiosk.name },
    el('div', { class: 'entry-main' },
      el('span', { class: 'entry-name' }, kiosk.name),
      el('span', { class: 'entry-sub' }, icon('map-pin', { size: 'sm' }), ` ${kiosk.locationName}`)),
    el('div', { class: 'entry-tags' },
      el('span', { class: `tag ${revoked ? 'tag-inactive' : 'tag-active'}`, 'data-testid': 'kiosk-status' },
        t(revoked ? 'kiosks.revoked' : 'kiosks.active'))),
    revoke && el('div', { class: 'entry-actions' }, revoke),
    el('p', { class: 'entry-more muted' }, when));
}

function createForm() {
  const v = view;
  if (!v.locations.length) {
    return card({ title: t('kiosks.newTitle') }, el('p', { class: 'banner banner-warn', 'data-testid': 'kiosks-no-location' },
      t('kiosks.noLocation')));
  }
  const name = field({ name: 'name', label: t('kiosks.name'), hint: t('kiosks.nameHint'), value: t('kiosks.defaultName'),
    attrs: { required: true, maxlength: 100, autocomplete: 'off', 'data-testid': 'kiosk-new-name' } });
  const location = field({ name: 'locationId', label: t('kiosks.location'), value: v.locations[0].id,
    options: v.locations.map((l) => [l.id, l.name]), attrs: { 'data-testid': 'kiosk-new-location' } });
  const submit = el('button', { type: 'submit', class: 'button', 'data-testid': 'kiosk-create' }, t('kiosks.create'));
  const problem = el('p', { class: 'banner banner-bad', role: 'alert', hidden: true, 'data-testid': 'kiosks-create-error' });
  const form = el('form', { class: 'stack', novalidate: true }, problem, name.node, location.node, el('div', { class: 'actions' }, submit));
  name.input.addEventListener('input', () => setError(name.input, name.line, null));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.hidden = true;
    const text = name.input.value.trim();
    setError(name.input, name.line, text ? null : t('form.required'));
    if (!text) {
      name.input.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('kiosks.creating');
    let created;
    try {
      created = await authedApi('/api/v1/kiosks', { method: 'POST', body: { name: text, locationId: location.input.value } });
    } catch (e) {
      if (e.code !== 'validation_failed' || showFieldErrors(e.fields, { name, locationId: location }).length) {
        problem.textContent = errorText(e);
        problem.hidden = false;
      }
      return;
    } finally {
      submit.disabled = false;
      submit.textContent = t('kiosks.create');
    }
    if (!view) return;
    name.input.value = t('kiosks.defaultName');
    await load();
    await ready(created);
  });
  return card({ title: t('kiosks.newTitle'), testId: 'kiosks-new' }, form);
}

// The kiosk's address, once: to copy to the tablet, or to make this device the kiosk (which signs
// the manager out here first, so no session stays behind on a shared tablet).
function ready({ kiosk, token }) {
  const address = `${location.origin}/kiosk#${token}`;
  const result = el('p', { class: 'hint', id: uid('hint'), role: 'status', 'data-testid': 'kiosk-copy-result' });
  const input = el('textarea', { id: uid('address'), readonly: true, rows: 2, class: 'key-input', spellcheck: 'false',
    'aria-describedby': result.id, 'data-testid': 'kiosk-address' });
  input.value = address;
  input.addEventListener('focus', () => input.select());
  let copy = null;
  if (navigator.clipboard) {
    copy = el('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'kiosk-copy' },
      icon('copy', { size: 'sm' }), t('kiosks.copy'));
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(address);
        result.textContent = t('kiosks.copied');
      } catch {
        input.select();
      }
    });
  }
  const here = el('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'kiosk-use-here' },
    t('kiosks.useHere'));
  here.addEventListener('click', async () => {
    here.disabled = true;
    await logout();
    try {
      localStorage.setItem(KIOSK_TOKEN, token);
    } catch {
      // Storage refused: the address carries the key instead.
      location.assign(address);
      return;
    }
    document.querySelector('dialog[open]')?.close();
    go('/kiosk');
  });
  return modal({
    title: t('kiosks.readyTitle', { name: kiosk.name }),
    content: [el('p', { class: 'banner banner-warn', role: 'alert' }, t('kiosks.readyIntro')),
      el('div', { class: 'field' }, el('label', { for: input.id }, t('kiosks.address')),
        el('div', { class: 'with-beside' }, input, copy), result),
      el('div', { class: 'stack' }, el('p', { class: 'hint' }, t('kiosks.useHereText')), el('div', {}, here))],
    submitLabel: t('kiosks.close'),
    busyLabel: t('kiosks.close'),
    testId: 'kiosk-ready',
    cancelLabel: null,
    sticky: true,
    onSubmit: () => true,
  });
}
