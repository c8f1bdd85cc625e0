// Business details: the organization's name (also the workplace's name in the sidebar), e-mail,
// phone and address; the first location's time zone and weekly opening hours. One Save sends what
// changed; the server's refusals appear at their fields.
import { authedApi, currentSession, forgetSession } from '../auth.js';
import { busy, el, errorLine, errorText, field, looksLikeEmail, notice, setError, showFieldErrors, uid } from '../forms.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { pageTitle, setWorkplace } from '../shell.js';
import { card, emptyState, loadError, page, skeleton, toast } from '../ui.js';
import { timeZones, WEEK } from '../hours.js';

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
  let org, location;
  try {
    const orgs = await authedApi('/api/v1/organizations?limit=1');
    org = orgs.items[0] || null;
    if (org) {
      const locations = await authedApi(`/api/v1/organizations/${encodeURIComponent(org.id)}/locations?limit=1`);
      location = locations.items[0] || null;
    }
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
  v.location = location;
  render();
}

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
  const zone = location?.timezone || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const timezone = location && field({ name: 'timezone', label: t('business.timezone'), value: zone,
    hint: t('business.timezoneHint'), options: timeZones(zone).map((z) => [z, z.replace(/_/g, ' ')]) });
  const week = location ? weekFields(location.openingHours) : null;
  const all = { ...fields, ...(timezone ? { timezone } : {}), ...(week?.byName || {}) };
  for (const f of Object.values(all)) {
    f.input.addEventListener(f.input.tagName === 'SELECT' ? 'change' : 'input', () => setError(f.input, f.line, null));
  }

  const banner = notice('business-result');
  const save = el('button', { type: 'submit', class: 'button button-form', 'data-testid': 'business-save' }, t('business.save'));
  const form = el('form', { novalidate: true, 'data-testid': 'business-form' },
    el('div', { class: 'stack' },
      card({ title: t('business.detailsTitle'), sub: t('business.detailsSub'), testId: 'business-details' },
        el('div', {}, ...Object.values(fields).map((f) => f.node))),
      location
        ? card({ title: t('business.hoursTitle'), sub: t('business.hoursSub', { location: location.name }), testId: 'business-hours' },
          el('div', {}, timezone.node, week.node))
        : card({}, emptyState({ icon: 'clock', title: t('business.noLocation') }))),
    banner,
    el('div', { class: 'actions form-actions' }, el('span'), save));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    banner.clear();
    if (!check(fields, week)) return;
    const orgBody = changes(org, {
      name: fields.name.input.value.trim(),
      email: orNull(fields.email.input.value),
      phone: orNull(fields.phone.input.value),
      address: orNull(fields.address.input.value),
    });
    let locationBody = {};
    if (location) {
      locationBody = changes(location, { timezone: timezone.input.value });
      const hours = week.value();
      if (JSON.stringify(hours) !== JSON.stringify(week.initial)) locationBody.openingHours = hours;
      // The location's address follows the business's while they are the same (one salon).
      if ('address' in orgBody && location.address === org.address) locationBody.address = orgBody.address;
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
        v.location = await authedApi(`/api/v1/organizations/${encodeURIComponent(org.id)}/locations/${encodeURIComponent(location.id)}`,
          { method: 'PATCH', body: locationBody });
      }
    } catch (e) {
      failed = shown(e, banner, { ...(timezone ? { timezone } : {}), ...(week?.byName || {}), address: fields.address });
    }
    if (view !== v) return;
    restore();
    if (failed) return;
    if ('name' in orgBody) renamed(v.org.name);
    toast(t('business.saved'), { testId: 'business-toast' });
    render();
  });
  v.body.replaceChildren(form);
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

function check(fields, week) {
  const problems = [];
  const name = fields.name.input.value.trim();
  if (!name) problems.push([fields.name, t('form.required')]);
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
