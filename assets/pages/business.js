// Business details: the organization's name (also the workplace's name in the sidebar), e-mail,
// phone and address; its locations (a salon with a second shop has two), and for the location
// being edited its time zone, weekly opening hours and closures (holidays). One Save sends what
// changed in the form; adding or deleting a location or a closure is saved at once. The server's
// refusals appear at their fields. /settings/business?location=ID edits that location.
import { authedApi, currentSession, forgetSession } from '../auth.js';
import { confirmAction, modal } from '../dialog.js';
import { formatDate } from '../format.js';
import { busy, el, errorLine, errorText, field, looksLikeEmail, notice, setError, showFieldErrors, uid } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { go } from '../nav.js';
import { pageTitle, setWorkplace } from '../shell.js';
import { card, emptyState, iconButton, loadError, page, skeleton, toast } from '../ui.js';
import { hoursSummary, timeZones, WEEK } from '../hours.js';
import { allLocations, clearOnInput, fromIso, isoDate, orgPath, today } from '../rota-common.js';

let view = null;

export function mount(root) {
  view = { root, body: el('div', { class: 'stack' }, card({}, skeleton({ rows: 4 })), card({}, skeleton({ rows: 7 }))) };
  root.replaceChildren(page('form', pageTitle(t('business.title')),
    el('a', { href: '/settings', class: 'back-link', 'data-testid': 'business-settings-link' },
      icon('chevron-left', { size: 'sm' }), t('settings.back')),
    el('p', { class: 'page-intro' }, t('business.intro')),
    view.body));
  load();
}

export function unmount() {
  view = null;
}

async function load() {
  const v = view;
  let org, locations;
  try {
    const orgs = await authedApi('/api/v1/organizations?limit=1');
    org = orgs.items[0] || null;
    locations = org ? await allLocations(org.id) : [];
  } catch (e) {
    if (view !== v || e.status === 401) return;
    v.body.replaceChildren(card({}, loadError(e, load, 'business-error')));
    return;
  }
  if (view !== v) return;
  if (!org) {
    v.body.replaceChildren(card({}, emptyState({ icon: 'store', title: t('business.none'), testId: 'business-empty' })));
    return;
  }
  v.org = org;
  v.locations = locations;
  const wanted = new URLSearchParams(window.location.search).get('location');
  v.location = locations.find((l) => l.id === wanted) || locations[0] || null;
  render();
}

const locationPath = (id) => orgPath(view.org.id, `/locations/${encodeURIComponent(id)}`);

// ---- the form -------------------------------------------------------------------------------------

const text = (value) => value ?? '';
const orNull = (value) => value.trim() || null;

function render() {
  const v = view;
  const { org, location } = v;
  const fields = {
    name: field({ name: 'name', label: t('business.name'), value: text(org.name), hint: t('business.nameHint'),
      attrs: { autocomplete: 'organization', required: true } }),
    email: field({ name: 'email', label: t('business.email'), type: 'email', value: text(org.email), optional: true,
      attrs: { autocomplete: 'email' } }),
    phone: field({ name: 'phone', label: t('business.phone'), type: 'tel', value: text(org.phone), optional: true,
      attrs: { autocomplete: 'tel' } }),
    address: field({ name: 'address', label: t('business.address'), value: text(org.address), optional: true,
      attrs: { autocomplete: 'street-address' } }),
  };
  const timezone = location && zoneField(location.timezone);
  const week = location ? weekFields(location.openingHours) : null;
  // Names and addresses of their own only once there is more than one place to tell apart.
  const place = location && v.locations.length > 1 ? placeFields(location) : null;
  const all = { ...fields, ...(place || {}), ...(timezone ? { timezone } : {}), ...(week?.byName || {}) };
  clearOnInput(all);

  const banner = notice('business-result');
  const save = el('button', { type: 'submit', class: 'button button-form', 'data-testid': 'business-save' }, t('business.save'));
  const form = el('form', { novalidate: true, 'data-testid': 'business-form' },
    el('div', { class: 'stack' },
      card({ title: t('business.detailsTitle'), sub: t('business.detailsSub'), testId: 'business-details' },
        el('div', {}, ...Object.values(fields).map((f) => f.node))),
      locationsCard(),
      location
        ? card({ title: v.locations.length > 1 ? location.name : t('business.hoursTitle'),
          sub: t('business.hoursSub', { location: location.name }), testId: 'business-hours' },
        el('div', {}, ...(place ? [place.locationName.node, place.locationAddress.node] : []), timezone.node, week.node))
        : card({}, emptyState({ icon: 'clock', title: t('business.noLocation') }))),
    banner,
    el('div', { class: 'actions form-actions' }, el('span'), save));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    banner.clear();
    if (!check(fields, week, place)) return;
    const orgBody = changes(org, {
      name: fields.name.input.value.trim(),
      email: orNull(fields.email.input.value),
      phone: orNull(fields.phone.input.value),
      address: orNull(fields.address.input.value),
    });
    let locationBody = {};
    if (location) {
      locationBody = changes(location, { timezone: timezone.input.value, ...(place ? {
        name: place.locationName.input.value.trim(), address: orNull(place.locationAddress.input.value) } : {}) });
      const hours = week.value();
      if (JSON.stringify(hours) !== JSON.stringify(week.initial)) locationBody.openingHours = hours;
      // The location's address follows the business's while they are the same (one salon).
      if (!place && 'address' in orgBody && location.address === org.address) locationBody.address = orgBody.address;
    }
    if (!Object.keys(orgBody).length && !Object.keys(locationBody).length) {
      toast(t('business.unchanged'), { testId: 'business-toast' });
      return;
    }
    const restore = busy(save, t('business.saving'));
    let failed = false;
    try {
      if (Object.keys(orgBody).length) {
        v.org = await authedApi(`/api/v1/organizations/${encodeURIComponent(org.id)}`, { method: 'PATCH', body: orgBody });
      }
    } catch (e) {
      failed = shown(e, banner, fields);
    }
    try {
      if (!failed && Object.keys(locationBody).length) {
        v.location = await authedApi(locationPath(location.id), { method: 'PATCH', body: locationBody });
        v.locations = v.locations.map((l) => (l.id === v.location.id ? v.location : l));
      }
    } catch (e) {
      failed = shown(e, banner, { ...(timezone ? { timezone } : {}), ...(week?.byName || {}),
        ...(place ? { name: place.locationName, address: place.locationAddress } : { address: fields.address }) });
    }
    if (view !== v) return;
    restore();
    if (failed) return;
    if ('name' in orgBody) renamed(v.org.name);
    toast(t('business.saved'), { testId: 'business-toast' });
    render();
  });
  // Closures are saved one by one as they are added, so they sit below the form's Save.
  v.body.replaceChildren(form, ...(location ? [closuresCard(location)] : []));
}

// What differs from `current`, as a PATCH body.
function changes(current, wanted) {
  return Object.fromEntries(Object.entries(wanted).filter(([key, value]) => (current[key] ?? null) !== value));
}

// The server's refusal: at its field when it names one. Answers true (the save stopped).
function shown(e, banner, fields) {
  if (e.status === 401) return true;
  const stray = e.code === 'validation_failed' ? showFieldErrors(e.fields, fields) : null;
  if (!stray || stray.length) banner.say('bad', errorText(e), stray?.length ? ` (${stray.join('; ')})` : '');
  return true;
}

// The sidebar shows the workplace's name: read the session again so every page agrees.
async function renamed(name) {
  setWorkplace(name);
  forgetSession();
  try {
    const session = await currentSession();
    if (session) setWorkplace(session.tenant.name);
  } catch {
    // The new name shows after the next page load.
  }
}

function check(fields, week, place) {
  const problems = [];
  const name = fields.name.input.value.trim();
  if (!name) problems.push([fields.name, t('form.required')]);
  if (place && !place.locationName.input.value.trim()) problems.push([place.locationName, t('form.required')]);
  const email = fields.email.input.value.trim();
  if (email && !looksLikeEmail(email)) problems.push([fields.email, t('form.email')]);
  if (week) problems.push(...week.check());
  for (const [f, message] of problems) setError(f.input, f.line, message);
  problems[0]?.[0].input.focus();
  return problems.length === 0;
}

// ---- opening hours, Monday first --------------------------------------------------------------------

// Seven rows in WEEK order; what the API sends for a day it does not know is "closed". `byName`
// maps the API's field names (openingHours[i].openTime, for the array this form sends) to fields.
function weekFields(openingHours) {
  const known = new Map((openingHours || []).map((h) => [h.dayOfWeek, h]));
  const days = WEEK.map((day) => {
    const h = known.get(day);
    return { dayOfWeek: day, openTime: h?.openTime || '09:00', closeTime: h?.closeTime || '17:00', isClosed: h ? h.isClosed : true };
  });
  const initial = days.map((d) => ({ ...d, openTime: d.isClosed ? null : d.openTime, closeTime: d.isClosed ? null : d.closeTime }));
  const byName = {};
  const rows = days.map((day, i) => dayRow(day, i, byName));
  const whole = errorLine('openingHours');
  byName.openingHours = { input: rows[0].open.input, line: whole };
  return {
    node: el('fieldset', { class: 'field' }, el('legend', {}, t('business.hoursLegend')),
      el('div', { class: 'week', 'data-testid': 'business-week' }, ...rows.map((r) => r.node)), whole),
    byName,
    initial,
    value: () => days.map((d) => ({ dayOfWeek: d.dayOfWeek, openTime: d.isClosed ? null : d.openTime,
      closeTime: d.isClosed ? null : d.closeTime, isClosed: d.isClosed })),
    check: () => rows.flatMap((r) => r.check()),
  };
}

function dayRow(day, i, byName) {
  const key = `openingHours[${i}]`;
  const dayName = t(`day.${day.dayOfWeek}`);
  const time = (prop, label) => {
    const id = uid();
    const input = el('input', { id, type: 'time', value: day[prop], required: true, disabled: day.isClosed,
      'data-testid': `hours-${day.dayOfWeek}-${prop}` });
    const line = errorLine(`${key}.${prop}`);
    input.setAttribute('aria-describedby', line.id);
    input.addEventListener('input', () => {
      day[prop] = input.value;
    });
    byName[`${key}.${prop}`] = { input, line };
    return { node: el('span', { class: 'time' }, el('label', { for: id, class: 'sr-only' }, label), input), input, line };
  };
  const open = time('openTime', t('business.opensOn', { day: dayName }));
  const close = time('closeTime', t('business.closesOn', { day: dayName }));
  const closedId = uid();
  const closed = el('input', { id: closedId, type: 'checkbox', checked: day.isClosed, 'data-testid': `hours-${day.dayOfWeek}-closed`,
    'aria-label': t('business.closedOn', { day: dayName }) });
  closed.addEventListener('change', () => {
    day.isClosed = closed.checked;
    open.input.disabled = close.input.disabled = closed.checked;
    if (closed.checked) for (const f of [open, close]) setError(f.input, f.line, null);
  });
  const rowLine = errorLine(key);
  byName[key] = { input: closed, line: rowLine };
  return {
    open,
    node: el('fieldset', { class: 'day', 'data-testid': `day-${day.dayOfWeek}` },
      el('legend', {}, dayName),
      el('div', { class: 'day-times' }, open.node, el('span', { 'aria-hidden': 'true' }, '–'), close.node),
      el('span', { class: 'check' }, closed, el('label', { for: closedId, 'aria-hidden': 'true' }, t('business.closed'))),
      open.line, close.line, rowLine),
    check() {
      if (day.isClosed) return [];
      const problems = [];
      if (!day.openTime) problems.push([open, t('business.timeMissing')]);
      if (!day.closeTime) problems.push([close, t('business.timeMissing')]);
      else if (day.openTime && day.closeTime <= day.openTime) problems.push([close, t('business.timeOrder')]);
      return problems;
    },
  };
}

// ---- locations ------------------------------------------------------------------------------------

function zoneField(current) {
  const zone = current || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return field({ name: 'timezone', label: t('business.timezone'), value: zone, hint: t('business.timezoneHint'),
    options: timeZones(zone).map((z) => [z, z.replace(/_/g, ' ')]) });
}

function placeFields(location = {}) {
  return {
    locationName: field({ name: 'name', label: t('locations.name'), value: text(location.name),
      attrs: { required: true, maxlength: '200', autocomplete: 'off', 'data-testid': 'location-name' } }),
    locationAddress: field({ name: 'address', label: t('locations.address'), value: text(location.address), optional: true,
      attrs: { maxlength: '500', autocomplete: 'off', 'data-testid': 'location-address' } }),
  };
}

// Every location, the one being edited marked; a way to add one and to delete each.
function locationsCard() {
  const v = view;
  const add = iconButton('plus', t('locations.add'), { kind: 'button-secondary button-small', testId: 'location-add' });
  add.addEventListener('click', addLocationDialog);
  const rows = v.locations.map((location) => {
    const current = v.locations.length > 1 && location.id === v.location?.id;
    const facts = [location.address, location.timezone.replace(/_/g, ' ')].filter(Boolean).join(' · ');
    const closures = location.closures.filter((c) => c.to >= isoDate(today())).length;
    const remove = el('button', { type: 'button', class: 'button button-ghost button-small button-danger-quiet icon-only',
      'data-testid': 'location-delete', 'aria-label': t('locations.deleteOf', { name: location.name }) }, icon('trash-2', { size: 'sm' }));
    remove.addEventListener('click', () => deleteLocation(location));
    const edit = current
      ? el('span', { class: 'tag tag-active' }, t('locations.editing'))
      : el('a', { href: `/settings/business?location=${encodeURIComponent(location.id)}`, class: 'button button-ghost button-small',
        'data-testid': 'location-edit', 'aria-label': t('locations.editOf', { name: location.name }) },
      icon('pencil', { size: 'sm' }), el('span', {}, t('locations.edit')));
    return el('li', { class: `location-row${current ? ' is-current' : ''}`, 'data-testid': 'location-row', 'data-id': location.id,
      'data-name': location.name, 'aria-current': current ? 'true' : null },
    el('span', { class: 'location-icon', 'aria-hidden': 'true' }, icon('map-pin')),
    el('div', { class: 'location-main' },
      el('span', { class: 'location-name' }, location.name),
      facts && el('span', { class: 'location-sub' }, facts),
      el('span', { class: 'location-sub' }, hoursSummary(location.openingHours) || t('locations.noHours'),
        closures > 0 ? ` · ${tn('locations.closures', closures)}` : '')),
    v.locations.length > 1 && el('div', { class: 'row-actions' }, edit, remove));
  });
  return card({ title: t('locations.title'), sub: t('locations.sub'), tools: add, flush: true, testId: 'business-locations' },
    el('ul', { class: 'location-list' }, ...rows));
}

async function addLocationDialog() {
  const v = view;
  const fields = { ...placeFields(), timezone: zoneField(v.location?.timezone) };
  const week = weekFields(v.location?.openingHours);
  clearOnInput({ ...fields, ...week.byName });
  const created = await modal({
    title: t('locations.addTitle'),
    intro: t('locations.addIntro'),
    content: [fields.locationName.node, fields.locationAddress.node, fields.timezone.node, week.node],
    submitLabel: t('locations.create'),
    busyLabel: t('business.saving'),
    wide: true,
    testId: 'location-dialog',
    onSubmit: () => {
      const problems = week.check();
      if (!fields.locationName.input.value.trim()) problems.unshift([fields.locationName, t('form.required')]);
      for (const [f, message] of problems) setError(f.input, f.line, message);
      if (problems.length) {
        problems[0][0].input.focus();
        return false;
      }
      return authedApi(orgPath(v.org.id, '/locations'), { method: 'POST', body: {
        name: fields.locationName.input.value.trim(),
        address: orNull(fields.locationAddress.input.value),
        timezone: fields.timezone.input.value,
        openingHours: week.value(),
      } });
    },
    onError: (e) => e.code === 'validation_failed' && showFieldErrors(e.fields,
      { name: fields.locationName, address: fields.locationAddress, timezone: fields.timezone, ...week.byName }).length === 0,
  });
  if (!created || view !== v) return;
  toast(t('locations.created', { name: created.name }), { testId: 'business-toast' });
  go(`/settings/business?location=${encodeURIComponent(created.id)}`);
}

// The server refuses the last location and one a schedule still uses; the dialog then says why.
async function deleteLocation(location) {
  const v = view;
  const done = await confirmAction({
    title: t('locations.deleteTitle', { name: location.name }),
    text: t('locations.deleteText'),
    confirmLabel: t('locations.delete'),
    busyLabel: t('locations.deleting'),
    testId: 'location-delete-dialog',
    action: () => authedApi(locationPath(location.id), { method: 'DELETE' }),
  });
  if (!done || view !== v) return;
  toast(t('locations.deleted', { name: location.name }), { testId: 'business-toast' });
  if (location.id === v.location?.id) go('/settings/business', { replace: true });
  else load();
}

// ---- closures: days a location is closed, saved at once -------------------------------------------------

function closureDates(c) {
  return c.from === c.to ? formatDate(fromIso(c.from)) : `${formatDate(fromIso(c.from))} – ${formatDate(fromIso(c.to))}`;
}

function closuresCard(location) {
  const slot = el('div');
  const add = iconButton('plus', t('closures.add'), { kind: 'button-secondary button-small', testId: 'closure-add' });
  add.addEventListener('click', () => addClosureDialog(location, paint));
  function paint() {
    const now = isoDate(today());
    const closures = [...view.location.closures].sort((a, b) => a.from.localeCompare(b.from));
    slot.replaceChildren(closures.length
      ? el('ul', { class: 'closure-list' }, ...closures.map((c) => {
        const remove = el('button', { type: 'button', class: 'button button-ghost button-small button-danger-quiet icon-only',
          'data-testid': 'closure-remove', 'aria-label': t('closures.removeOf', { dates: closureDates(c) }) },
        icon('trash-2', { size: 'sm' }));
        remove.addEventListener('click', () => removeClosure(c, paint));
        return el('li', { class: `closure-row${c.to < now ? ' is-past' : ''}`, 'data-testid': 'closure-row' },
          el('span', { class: 'location-icon', 'aria-hidden': 'true' }, icon('calendar-x')),
          el('div', { class: 'location-main' },
            el('span', { class: 'location-name' }, closureDates(c), c.to < now && el('span', { class: 'muted' }, ` · ${t('closures.past')}`)),
            c.note && el('span', { class: 'location-sub' }, c.note)),
          remove);
      }))
      : emptyState({ icon: 'calendar-check', title: t('closures.none'), hint: t('closures.noneHint'), testId: 'closures-empty' }));
  }
  paint();
  return card({ title: t('closures.title'), sub: t('closures.sub', { location: location.name }), tools: add, flush: true,
    testId: 'business-closures' }, slot);
}

// The whole list goes to the server (PATCH replaces it); the answer is the location as stored.
async function saveClosures(closures) {
  const v = view;
  const body = { closures: closures.map(({ from, to, note }) => ({ from, to, note: note || null })) };
  const saved = await authedApi(locationPath(v.location.id), { method: 'PATCH', body });
  if (view === v) {
    v.location = { ...v.location, closures: saved.closures };
    v.locations = v.locations.map((l) => (l.id === saved.id ? { ...l, closures: saved.closures } : l));
  }
  return saved;
}

async function addClosureDialog(location, paint) {
  const v = view;
  const start = isoDate(today());
  const fields = {
    from: field({ name: 'from', label: t('closures.from'), type: 'date', value: start,
      attrs: { required: true, 'data-testid': 'closure-from' } }),
    to: field({ name: 'to', label: t('closures.to'), type: 'date', value: start, hint: t('closures.toHint'),
      attrs: { required: true, 'data-testid': 'closure-to' } }),
    note: field({ name: 'note', label: t('closures.note'), optional: true, hint: t('closures.noteHint'),
      attrs: { maxlength: '200', autocomplete: 'off', 'data-testid': 'closure-note' } }),
  };
  clearOnInput(fields);
  // A later start moves the end along, so a one-day closure needs one date.
  fields.from.input.addEventListener('change', () => {
    if (!fields.to.input.value || fields.to.input.value < fields.from.input.value) fields.to.input.value = fields.from.input.value;
  });
  const saved = await modal({
    title: t('closures.addTitle', { location: location.name }),
    content: [el('div', { class: 'field-pair' }, fields.from.node, fields.to.node), fields.note.node],
    submitLabel: t('closures.save'),
    busyLabel: t('business.saving'),
    testId: 'closure-dialog',
    onSubmit: () => {
      const [from, to] = [fields.from.input.value, fields.to.input.value];
      const problems = [];
      if (!from) problems.push([fields.from, t('form.required')]);
      if (!to) problems.push([fields.to, t('form.required')]);
      else if (from && to < from) problems.push([fields.to, t('closures.order')]);
      for (const [f, message] of problems) setError(f.input, f.line, message);
      if (problems.length) {
        problems[0][0].input.focus();
        return false;
      }
      return saveClosures([...v.location.closures, { from, to, note: fields.note.input.value.trim() }]);
    },
    onError: (e) => e.code === 'validation_failed' && Object.keys(e.fields || {}).some((name) => {
      const f = fields[name.split('.').pop()];
      if (f) setError(f.input, f.line, e.fields[name]);
      return Boolean(f);
    }),
  });
  if (!saved || view !== v) return;
  toast(t('closures.added'), { testId: 'business-toast' });
  paint();
}

async function removeClosure(closure, paint) {
  const v = view;
  const done = await confirmAction({
    title: t('closures.removeTitle'),
    text: t('closures.removeText', { dates: closureDates(closure), note: closure.note || t('closures.noNote') }),
    confirmLabel: t('closures.remove'),
    busyLabel: t('business.saving'),
    testId: 'closure-remove-dialog',
    action: () => saveClosures(v.location.closures.filter((c) => c.id !== closure.id)),
  });
  if (!done || view !== v) return;
  toast(t('closures.removed'), { testId: 'business-toast' });
  paint();
}
