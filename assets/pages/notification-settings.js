// Notification settings (/notifications/settings, also reached from My account): which events
// reach me in the app and by e-mail — one row per event, grouped by module, each change saved at
// once (an event that is always sent shows checked and cannot be changed) — and Do Not Disturb:
// quiet hours in a time zone, and quiet outside my shifts until some minutes before the next one,
// saved together, with the server's word on a field next to that field; the e-mail digest
// (notifications/digest-card.js) and push on this device (notifications/push-card.js). A link at the top leads to the delivery analytics.
import { authedApi } from '../auth.js';
import { busy, el, errorText, field, notice, setError, showFieldErrors, uid } from '../forms.js';
import { timeZones } from '../hours.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { digestCard } from '../notifications/digest-card.js';
import { pushCard } from '../notifications/push-card.js';
import { pageTitle } from '../shell.js';
import { loadError, page, skeleton, toast } from '../ui.js';

const MODULE_ICON = { schedules: 'calendar-days', time: 'clock', chat: 'message-square' };
const CHANNEL_ICON = { in_app: 'bell', email: 'mail', push: 'smartphone' };
// The server's defaults: a DND that was never saved answers these (and the person's zone).
const UNTOUCHED = { enabled: false, startTime: '22:00', endTime: '07:00', quietOutsideShifts: false, leadMinutes: 60 };

let mounted = 0; // which mount an answer belongs to

const known = (key) => t(key) !== key;
const eventName = (key) => (known(`notif.event.${key}`) ? t(`notif.event.${key}`) : key);
const moduleName = (key) => (known(`notif.module.${key}`) ? t(`notif.module.${key}`) : key);
const channelName = (key) => (known(`notif.channel.${key}`) ? t(`notif.channel.${key}`) : key);
const deviceZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
};

export function mount(root) {
  const mine = ++mounted;
  const status = el('span', { class: 'notif-save-status', role: 'status', 'data-testid': 'pref-status' });
  const matrixArea = el('div', { class: 'list-area', 'aria-busy': 'true' }, skeleton({ rows: 6 }));
  const dndArea = el('div', { 'aria-busy': 'true' }, skeleton({ rows: 3 }));
  const back = el('a', { href: '/notifications', class: 'back-link', 'data-testid': 'notif-back' },
    icon('arrow-left', { size: 'sm' }), t('notif.back'));
  const analytics = el('a', { href: '/notifications/analytics', class: 'notif-analytics-link',
    'data-testid': 'notif-analytics-link' }, icon('activity', { size: 'sm' }), t('analytics.link'));
  root.replaceChildren(page('form', pageTitle(t('notif.settingsTitle')),
    el('div', { class: 'notif-settings', 'data-testid': 'notif-settings-page' },
      el('div', { class: 'notif-settings-top' }, back, analytics),
      el('p', { class: 'page-intro' }, t('notif.settingsIntro')),
      el('section', { class: 'card card-flush', 'data-testid': 'pref-card' },
        el('div', { class: 'card-head' },
          el('div', {}, el('h2', {}, t('notif.matrixTitle')), el('p', { class: 'card-sub' }, t('notif.matrixSub'))), status),
        matrixArea),
      el('section', { class: 'card stack', 'data-testid': 'dnd-card' },
        el('div', { class: 'notif-dnd-head' }, el('span', { class: 'notif-dnd-icon', 'aria-hidden': 'true' }, icon('moon')),
          el('h2', {}, t('notif.dnd.title'))),
        el('p', { class: 'notif-dnd-intro' }, t('notif.dnd.intro')),
        dndArea),
      pushCard(),
      digestCard())));
  loadMatrix(mine, matrixArea, status);
  loadDnd(mine, dndArea);
}

export function unmount() {
  mounted += 1;
}

// ---- events × channels ------------------------------------------------------------------------------

async function loadMatrix(mine, area, status) {
  let catalog;
  let preferences;
  try {
    [catalog, preferences] = await Promise.all([authedApi('/api/v1/notifications/preferences/catalog'),
      authedApi('/api/v1/notifications/preferences')]);
  } catch (e) {
    if (mine !== mounted || e.status === 401) return;
    area.removeAttribute('aria-busy');
    area.replaceChildren(loadError(e, () => {
      area.replaceChildren(skeleton({ rows: 6 }));
      loadMatrix(mine, area, status);
    }, 'pref-error'));
    return;
  }
  if (mine !== mounted) return;
  area.removeAttribute('aria-busy');
  area.replaceChildren(matrix(catalog, preferences, saver(status)));
}

function matrix(catalog, preferences, save) {
  const chosen = new Map(preferences.items.map((p) => [`${p.eventKey} ${p.channel}`, p]));
  const channels = catalog.channels;
  const head = el('thead', {}, el('tr', {},
    el('th', { scope: 'col', class: 'notif-event-col' }, t('notif.colEvent')),
    ...channels.map((c) => el('th', { scope: 'col', class: 'notif-channel-col' },
      el('span', { class: 'notif-channel' }, icon(CHANNEL_ICON[c] || 'bell', { size: 'sm' }), el('span', {}, channelName(c)))))));
  const groups = catalog.modules.map((m) => el('tbody', { 'data-module': m.module },
    el('tr', { class: 'notif-group' }, el('th', { scope: 'rowgroup', colspan: String(channels.length + 1) },
      el('span', { class: 'notif-group-name' }, icon(MODULE_ICON[m.module] || 'bell', { size: 'sm' }), moduleName(m.module)))),
    ...m.events.map((event) => row(event, channels, chosen, save))));
  return el('table', { class: 'table notif-matrix', 'data-testid': 'pref-matrix' }, head, ...groups);
}

function row(event, channels, chosen, save) {
  const name = eventName(event.eventKey);
  const always = !event.optional && el('span', { class: 'notif-always', id: uid('always') },
    icon('lock', { size: 'sm' }), t('notif.alwaysSent'));
  const cells = channels.map((channel) => {
    const had = chosen.get(`${event.eventKey} ${channel}`);
    const box = el('input', { type: 'checkbox', 'data-testid': `pref-${event.eventKey}-${channel}`,
      'aria-label': t('notif.channelOf', { event: name, channel: channelName(channel) }),
      'aria-describedby': always ? always.id : null, disabled: !event.optional });
    box.checked = !event.optional || (had ? had.enabled : event.defaults?.[channel] !== false);
    if (event.optional) box.addEventListener('change', () => save(event.eventKey, channel, box));
    // The whole cell takes the tap, not only the box.
    return el('td', { class: 'notif-channel-col' }, el('label', { class: 'notif-box' }, box));
  });
  return el('tr', { 'data-event': event.eventKey, class: event.optional ? null : 'is-always' },
    el('th', { scope: 'row', class: 'notif-event-col' }, el('span', { class: 'notif-event' }, name), always), ...cells);
}

// One saving line for the whole card: "Saving…" while any change is on its way, then "Saved".
function saver(status) {
  let pending = 0;
  const paint = (state) => {
    status.dataset.state = state;
    status.replaceChildren(...(state === 'saved' ? [icon('check', { size: 'sm' }), t('notif.saved')]
      : state === 'saving' ? [t('notif.saving')] : []));
  };
  return async (eventKey, channel, box) => {
    const wanted = box.checked;
    const mine = mounted;
    box.disabled = true;
    pending += 1;
    paint('saving');
    let failed = null;
    try {
      const answer = await authedApi('/api/v1/notifications/preferences', { method: 'POST',
        body: { eventKey, channel, enabled: wanted } });
      box.checked = answer.enabled;
    } catch (e) {
      box.checked = !wanted;
      failed = e;
    }
    box.disabled = false;
    pending -= 1;
    if (mine !== mounted) return;
    if (failed) {
      if (!pending) paint('');
      if (failed.status !== 401) {
        const why = Object.values(failed.fields || {})[0] || errorText(failed);
        toast(t('notif.saveFailed', { message: why }), { kind: 'bad', testId: 'pref-toast-bad' });
      }
    } else if (!pending) paint('saved');
  };
}

// ---- Do Not Disturb -----------------------------------------------------------------------------------

async function loadDnd(mine, area) {
  let dnd;
  try {
    dnd = await authedApi('/api/v1/notifications/preferences/dnd');
  } catch (e) {
    if (mine !== mounted || e.status === 401) return;
    area.removeAttribute('aria-busy');
    area.replaceChildren(loadError(e, () => {
      area.replaceChildren(skeleton({ rows: 3 }));
      loadDnd(mine, area);
    }, 'dnd-error'));
    return;
  }
  if (mine !== mounted) return;
  area.removeAttribute('aria-busy');
  area.replaceChildren(dndForm(dnd));
}

// A checkbox with its label and a line about it.
function option({ name, label, hint, checked }) {
  const id = uid(name);
  const hintNode = hint && el('p', { class: 'hint', id: uid('hint') }, hint);
  const input = el('input', { type: 'checkbox', id, name, 'aria-describedby': hintNode?.id, 'data-testid': `dnd-${name}` });
  input.checked = checked;
  const node = el('div', { class: 'notif-option' }, input,
    el('div', { class: 'notif-option-text' }, el('label', { for: id }, label), hintNode));
  return { node, input };
}

function dndForm(dnd) {
  const device = deviceZone();
  // Never saved: the zone of this device, which is where the person is now.
  const untouched = Object.entries(UNTOUCHED).every(([k, value]) => dnd[k] === value);
  const zone = (untouched && device) || dnd.timezone || device || 'UTC';

  const enabled = option({ name: 'enabled', label: t('notif.dnd.enabled'), checked: dnd.enabled });
  const from = field({ name: 'startTime', label: t('notif.dnd.from'), type: 'time', value: dnd.startTime,
    attrs: { step: '60', required: true, 'data-testid': 'dnd-start' } });
  const to = field({ name: 'endTime', label: t('notif.dnd.to'), type: 'time', value: dnd.endTime,
    attrs: { step: '60', required: true, 'data-testid': 'dnd-end' } });
  const zones = timeZones(zone);
  if (device && !zones.includes(device)) zones.unshift(device);
  const timezone = field({ name: 'timezone', label: t('notif.dnd.timezone'), value: zone,
    options: zones.map((z) => [z, z.replace(/_/g, ' ')]), attrs: { 'data-testid': 'dnd-timezone' } });
  // The device's zone, one tap away, when another one is chosen.
  const useDevice = el('button', { type: 'button', class: 'link-button', 'data-testid': 'dnd-use-device' }, t('notif.dnd.useDevice'));
  const deviceLine = el('p', { class: 'hint notif-device', 'data-testid': 'dnd-device' },
    t('notif.dnd.device', { zone: String(device).replace(/_/g, ' ') }), ' ', useDevice);
  timezone.node.insertBefore(deviceLine, timezone.line);
  useDevice.addEventListener('click', () => {
    timezone.input.value = device;
    setError(timezone.input, timezone.line, null);
    paint();
    timezone.input.focus();
  });
  const shifts = option({ name: 'quietOutsideShifts', label: t('notif.dnd.shifts'), hint: t('notif.dnd.shiftsHint'),
    checked: dnd.quietOutsideShifts });
  const lead = field({ name: 'leadMinutes', label: t('notif.dnd.lead'), type: 'number', value: String(dnd.leadMinutes),
    hint: t('notif.dnd.leadHint'), attrs: { min: '0', max: '720', step: '5', inputmode: 'numeric', 'data-testid': 'dnd-lead' } });
  lead.node.classList.add('notif-lead');

  const windowLabel = uid('dnd-window');
  const details = el('fieldset', { class: 'notif-dnd-details', 'data-testid': 'dnd-details' },
    el('legend', { class: 'sr-only' }, t('notif.dnd.title')),
    el('div', { class: 'notif-window', role: 'group', 'aria-labelledby': windowLabel },
      el('p', { class: 'notif-window-label', id: windowLabel }, t('notif.dnd.window')),
      el('div', { class: 'notif-times' }, from.node, to.node),
      el('p', { class: 'hint notif-window-hint' }, t('notif.dnd.windowHint'))),
    timezone.node,
    shifts.node,
    lead.node);
  const banner = notice('dnd-result');
  const submit = el('button', { type: 'submit', class: 'button', 'data-testid': 'dnd-save' }, t('notif.dnd.save'));
  const form = el('form', { class: 'notif-dnd', novalidate: true, 'data-testid': 'dnd-form' },
    banner, enabled.node, details, el('div', { class: 'actions' }, el('span'), submit));

  const fields = { startTime: from, endTime: to, timezone, leadMinutes: lead };
  function paint() {
    details.disabled = !enabled.input.checked;
    lead.input.disabled = !shifts.input.checked;
    lead.node.classList.toggle('is-off', !shifts.input.checked);
    deviceLine.hidden = !device || timezone.input.value === device;
  }
  for (const f of Object.values(fields)) {
    for (const kind of ['input', 'change']) f.input.addEventListener(kind, () => setError(f.input, f.line, null));
  }
  for (const input of [enabled.input, shifts.input, timezone.input]) input.addEventListener('change', paint);
  for (const input of form.querySelectorAll('input, select')) input.addEventListener('change', () => banner.clear());
  paint();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    banner.clear();
    // Only what the server cannot be asked: an empty field. The ranges are its word.
    const missing = [from, to, lead].filter((f) => !f.input.value.trim());
    for (const f of [from, to, lead]) setError(f.input, f.line, missing.includes(f) ? t('form.required') : null);
    if (missing.length) {
      if (!details.disabled) missing[0].input.focus();
      else banner.say('bad', t('form.required'));
      return;
    }
    const minutes = Number(lead.input.value);
    const body = {
      enabled: enabled.input.checked,
      startTime: from.input.value.slice(0, 5),
      endTime: to.input.value.slice(0, 5),
      timezone: timezone.input.value,
      quietOutsideShifts: shifts.input.checked,
      leadMinutes: Number.isFinite(minutes) ? minutes : lead.input.value,
    };
    const mine = mounted;
    const restore = busy(submit, t('notif.dnd.saving'));
    let saved;
    try {
      saved = await authedApi('/api/v1/notifications/preferences/dnd', { method: 'PUT', body });
    } catch (e) {
      if (mine !== mounted) return;
      restore();
      if (e.status === 401) return;
      if (e.code === 'validation_failed') {
        // A field that is greyed out cannot be corrected: open it first.
        if (Object.keys(e.fields).length && details.disabled) {
          enabled.input.checked = true;
          paint();
        }
        if (e.fields.leadMinutes && lead.input.disabled) {
          shifts.input.checked = true;
          paint();
        }
        const stray = showFieldErrors(e.fields, fields);
        if (stray.length || !Object.keys(e.fields).length) banner.say('bad', errorText(e), ...stray.map((s) => ` ${s}`));
      } else banner.say('bad', errorText(e));
      return;
    }
    if (mine !== mounted) return;
    restore();
    enabled.input.checked = saved.enabled;
    from.input.value = saved.startTime;
    to.input.value = saved.endTime;
    if (![...timezone.input.options].some((o) => o.value === saved.timezone)) {
      timezone.input.prepend(el('option', { value: saved.timezone }, saved.timezone.replace(/_/g, ' ')));
    }
    timezone.input.value = saved.timezone;
    shifts.input.checked = saved.quietOutsideShifts;
    lead.input.value = String(saved.leadMinutes);
    paint();
    banner.say('ok', t('notif.dnd.saved'));
  });
  return form;
}
