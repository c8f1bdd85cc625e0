// The e-mail digest card of the notification settings: the e-mails one may turn off come as one
// summary a day or a week, at a local time (and weekday) of one's choosing, instead of one by
// one; what is always sent and changes to one's own shift soon still come at once. Saved with its
// button; the answer says when the next summary goes.
import { authedApi } from '../auth.js';
import { formatDateTime } from '../format.js';
import { busy, el, errorText, field, notice, setError, showFieldErrors, uid } from '../forms.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { loadError, skeleton } from '../ui.js';

const PATH = '/api/v1/notifications/analytics/digest/settings';
const FREQUENCIES = ['off', 'daily', 'weekly'];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

// A weekday's name in the interface language: 2026-02-09 was a Monday.
function weekdayName(n) {
  const day = new Date(Date.UTC(2026, 1, 8 + n));
  return new Intl.DateTimeFormat(document.documentElement.lang || undefined, { weekday: 'long', timeZone: 'UTC' })
    .format(day);
}

export function digestCard() {
  const area = el('div', { 'aria-busy': 'true' }, skeleton({ rows: 2 }));
  const card = el('section', { class: 'card stack', 'data-testid': 'digest-card' },
    el('div', { class: 'notif-dnd-head' }, el('span', { class: 'notif-dnd-icon', 'aria-hidden': 'true' }, icon('mail')),
      el('h2', {}, t('digest.title'))),
    el('p', { class: 'notif-dnd-intro' }, t('digest.intro')),
    area);
  load(area);
  return card;
}

async function load(area) {
  let settings;
  try {
    settings = await authedApi(PATH);
  } catch (e) {
    if (e.status === 401) return;
    area.removeAttribute('aria-busy');
    area.replaceChildren(loadError(e, () => {
      area.replaceChildren(skeleton({ rows: 2 }));
      load(area);
    }, 'digest-error'));
    return;
  }
  area.removeAttribute('aria-busy');
  area.replaceChildren(form(settings));
}

// The instant as the wall clock of `zone` shows it (a Date whose local fields are that clock's, for
// the app's date and time formats), so 17:30 in Amsterdam reads 17:30 on a laptop in London too.
function wallClock(value, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric',
    month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(value))
    .map((p) => [p.type, Number(p.value)]));
  return new Date(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
}

function nextLine(settings) {
  if (settings.frequency === 'off' || !settings.nextAt) return t('digest.isOff');
  let when;
  try {
    when = formatDateTime(wallClock(settings.nextAt, settings.timezone));
  } catch {
    when = formatDateTime(settings.nextAt);
  }
  return t('digest.next', { when, zone: settings.timezone.replace(/_/g, ' ') });
}

function form(settings) {
  const name = uid('digest-frequency');
  const radios = FREQUENCIES.map((value) => {
    const input = el('input', { type: 'radio', name, value, checked: settings.frequency === value,
      'data-testid': `digest-frequency-${value}` });
    return input;
  });
  const choice = el('div', { class: 'segmented', role: 'radiogroup', 'aria-label': t('digest.frequency') },
    ...radios.map((input, i) => el('label', { class: 'segmented-option' }, input, el('span', {}, t(`digest.${FREQUENCIES[i]}`)))));
  const time = field({ name: 'time', label: t('digest.time'), type: 'time', value: settings.time,
    attrs: { step: '60', required: true, 'data-testid': 'digest-time' } });
  const weekday = field({ name: 'weekday', label: t('digest.weekday'), value: String(settings.weekday),
    options: WEEKDAYS.map((n) => [String(n), weekdayName(n)]), attrs: { 'data-testid': 'digest-weekday' } });
  const when = el('div', { class: 'notif-times' }, time.node, weekday.node);
  const next = el('p', { class: 'hint', 'data-testid': 'digest-next' }, nextLine(settings));
  const banner = notice('digest-result');
  const submit = el('button', { type: 'submit', class: 'button', 'data-testid': 'digest-save' }, t('digest.save'));
  const node = el('form', { class: 'notif-dnd', novalidate: true, 'data-testid': 'digest-form' },
    banner, choice, when, next, el('div', { class: 'actions' }, el('span'), submit));

  const chosen = () => radios.find((r) => r.checked)?.value || 'off';
  function paint() {
    const frequency = chosen();
    when.hidden = frequency === 'off';
    weekday.node.hidden = frequency !== 'weekly';
  }
  for (const r of radios) r.addEventListener('change', () => { banner.clear(); paint(); });
  for (const f of [time, weekday]) f.input.addEventListener('input', () => { banner.clear(); setError(f.input, f.line, null); });
  paint();

  node.addEventListener('submit', async (event) => {
    event.preventDefault();
    banner.clear();
    const frequency = chosen();
    if (frequency !== 'off' && !time.input.value) {
      setError(time.input, time.line, t('form.required'));
      time.input.focus();
      return;
    }
    const body = { frequency };
    if (frequency !== 'off') body.time = time.input.value.slice(0, 5);
    if (frequency === 'weekly') body.weekday = Number(weekday.input.value);
    const restore = busy(submit, t('digest.saving'));
    let saved;
    try {
      saved = await authedApi(PATH, { method: 'PUT', body });
    } catch (e) {
      restore();
      if (e.status === 401) return;
      const stray = e.code === 'validation_failed' ? showFieldErrors(e.fields, { time, weekday }) : [];
      if (e.code !== 'validation_failed' || stray.length) banner.say('bad', errorText(e), ...stray.map((s) => ` ${s}`));
      return;
    }
    restore();
    time.input.value = saved.time;
    weekday.input.value = String(saved.weekday);
    next.textContent = nextLine(saved);
    banner.say('ok', saved.frequency === 'off' ? t('digest.savedOff') : t('digest.saved'));
  });
  return node;
}
