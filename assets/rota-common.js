// What the rota pages share (my shifts, jobs, smart groups, locations, member facts): the
// organization and its settings, whole lists read page by page, money in the workplace's
// currency, calendar dates counted in the browser's days, and a job's colours.
import { authedApi } from './auth.js';
import { formatDate } from './format.js';
import { el, errorLine, setError, uid } from './forms.js';
import { hm } from './hours.js';
import { lang, t } from './i18n.js';

const PAGE_LIMIT = 100; // the API's largest page

// ---- the organization ------------------------------------------------------------------------------

export async function organizationId() {
  const orgs = await authedApi('/api/v1/organizations?limit=1');
  return orgs.items[0]?.id || null;
}

export const orgPath = (org, rest = '') => `/api/v1/organizations/${encodeURIComponent(org)}${rest}`;

// The settings the rota pages read, with the API's defaults when a key is missing.
export async function rotaSettings() {
  const settings = await authedApi('/api/v1/org-settings');
  const weekStart = Number(settings?.['schedule.week_starts_on']);
  const rest = Number(settings?.['schedule.min_rest_hours']);
  return {
    currency: typeof settings?.['general.currency'] === 'string' ? settings['general.currency'] : 'EUR',
    weekStartsOn: Number.isInteger(weekStart) && weekStart >= 0 && weekStart <= 6 ? weekStart : 1,
    minRestHours: Number.isFinite(rest) ? rest : 11,
  };
}

// Every item of a paged list (jobs, members, locations), 100 at a time.
export async function allPages(path, params = {}) {
  const items = [];
  for (let page = 1; ; page += 1) {
    const query = new URLSearchParams({ ...params, page: String(page), limit: String(PAGE_LIMIT) });
    const data = await authedApi(`${path}?${query}`);
    items.push(...data.items);
    if (data.items.length === 0 || items.length >= data.total) return items;
  }
}

export const allJobs = (params) => allPages('/api/v1/job-list', params);
export const allMembers = (org, params) => allPages(orgPath(org, '/members'), params);
export const allLocations = (org) => allPages(orgPath(org, '/locations'));
export const allSchedules = () => allPages('/api/v1/schedules');

// ---- money ---------------------------------------------------------------------------------------------

// How many minor units a major unit has: 2 for EUR (cents), 0 for JPY.
export function minorDigits(currency) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}

// Integer minor units as people read them ("€ 18,50"); '–' for none.
export function formatMoney(minor, currency) {
  if (minor === null || minor === undefined) return '–';
  const digits = minorDigits(currency);
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(minor / 10 ** digits);
  } catch {
    return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`;
  }
}

// Minor units as the input shows them, in major units ("18.50"); '' for none.
export function moneyInput(minor, currency) {
  return minor === null || minor === undefined ? '' : (minor / 10 ** minorDigits(currency)).toFixed(minorDigits(currency));
}

// What someone typed in major units ("18,50", "18.5", "18") → integer minor units; null for
// empty, NaN for something that is no amount.
export function parseMoney(text, currency) {
  const value = String(text).trim().replace(/\s/g, '').replace(',', '.');
  if (!value) return null;
  if (!/^\d+(\.\d*)?$/.test(value)) return Number.NaN;
  return Math.round(Number(value) * 10 ** minorDigits(currency));
}

// The currency's symbol for beside an amount field ("€").
export function currencySymbol(currency) {
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' })
      .formatToParts(0).find((p) => p.type === 'currency')?.value || currency;
  } catch {
    return currency;
  }
}

// ---- calendar days -----------------------------------------------------------------------------------
// A date of the API (yyyy-MM-dd) is a calendar day, not an instant: it is read as local midnight
// and counted in days, so no time zone moves it to the day before.

const pad = (n) => String(n).padStart(2, '0');

export const isoDate = (date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

export function fromIso(text) {
  const [y, m, d] = String(text).split('-').map(Number);
  return new Date(y, m - 1, d);
}

export function addDays(date, n) {
  const next = new Date(date);
  next.setDate(next.getDate() + n);
  return next;
}

export const today = () => fromIso(isoDate(new Date()));

// Whole days from `a` to `b` (rounded: a day with a clock change is 23 or 25 hours long).
export const daysBetween = (a, b) => Math.round((b - a) / 86400000);

// The first day of `date`'s week, the week starting on `startsOn` (0 = Sunday).
export function weekStart(date, startsOn) {
  const day = fromIso(isoDate(date));
  return addDays(day, -((day.getDay() - startsOn + 7) % 7));
}

export const weekday = (date, style = 'short') => new Intl.DateTimeFormat(lang, { weekday: style }).format(date);

// "Thu 14-01-2027": the weekday, then the date in the workplace's format.
export const dayLabel = (iso) => `${weekday(fromIso(iso))} ${formatDate(fromIso(iso))}`;

// "Today", "Tomorrow", or the day itself.
export function relativeDay(iso) {
  const now = today();
  if (iso === isoDate(now)) return t('rota.today');
  if (iso === isoDate(addDays(now, 1))) return t('rota.tomorrow');
  return null;
}

// "Today · Wed 02-12-2026", or just the day when it is neither today nor tomorrow.
export function shiftDay(iso) {
  const rel = relativeDay(iso);
  return rel ? `${rel} · ${dayLabel(iso)}` : dayLabel(iso);
}

// Not over yet (still on, or to come).
export const notOver = (shift) => new Date(shift.endsAt).getTime() > Date.now();

// "09:00 – 17:00" in the workplace's time format (times are local to the shift's location).
export const timeRange = (start, end) => `${hm(start)} – ${hm(end)}`;

const hoursNumber = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });

// Minutes as hours: "7.5 h".
export const hoursText = (minutes) => t('rota.hours', { n: hoursNumber.format(minutes / 60) });

// ---- a job's colours --------------------------------------------------------------------------------

function rgb(hex) {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex || '');
  const n = m ? Number.parseInt(m[1], 16) : 0x5f6964;
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const toHex = (channels) => `#${channels.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

function luminance(channels) {
  const [r, g, b] = channels.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const contrast = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

// A job's own colour for the stripe, a pale tint of it for the background and a dark shade of
// it for text on that tint, dark enough to read (at least 4.5:1).
export function jobTones(color) {
  const base = rgb(color);
  const tint = base.map((c) => c * 0.12 + 255 * 0.88);
  let factor = 0.66;
  let text = base.map((c) => c * factor);
  while (contrast(text, tint) < 4.5 && factor > 0.2) {
    factor -= 0.04;
    text = base.map((c) => c * factor);
  }
  return { stripe: toHex(base), tint: toHex(tint), text: toHex(text) };
}

const NO_JOB_COLOUR = '#8a938e';

// Hands a job's colours to rota.css (--job, --job-tint, --job-text) on `node`, and answers it.
// Through the CSSOM: the Content-Security-Policy refuses style attributes.
export function paintJob(node, color) {
  const tones = jobTones(color || NO_JOB_COLOUR);
  node.style.setProperty('--job', tones.stripe);
  node.style.setProperty('--job-tint', tones.tint);
  node.style.setProperty('--job-text', tones.text);
  return node;
}

// A small round swatch of the job's colour, with its name beside it.
export function jobChip(job) {
  return paintJob(el('span', { class: 'job-chip' },
    el('span', { class: 'job-dot', 'aria-hidden': 'true' }),
    el('span', { class: 'job-chip-name' }, job?.name || t('rota.noJob'))), job?.color);
}

// Ids → things, for looking up a shift's job or location.
export const byId = (items) => new Map(items.map((item) => [item.id, item]));

// ---- form parts field() does not make ------------------------------------------------------------

// A labelled textarea, shaped like field()'s answer ({node, input, line}).
export function textareaField({ name, label, value = '', hint, optional = true, rows = 3, attrs = {} }) {
  const id = uid();
  const input = el('textarea', { id, name, rows: String(rows), ...attrs });
  input.value = value;
  const line = errorLine(name);
  const hintNode = hint ? el('p', { class: 'hint', id: uid('hint') }, hint) : null;
  input.setAttribute('aria-describedby', [hintNode?.id, line.id].filter(Boolean).join(' '));
  const node = el('div', { class: 'field' },
    el('label', { for: id }, label, optional && el('span', { class: 'optional' }, ` (${t('form.optional')})`)),
    input, hintNode, line);
  return { node, input, line };
}

// A checkbox with its label beside it ({node, input, line}).
export function checkField({ name, label, checked = false, hint, attrs = {} }) {
  const id = uid();
  const input = el('input', { id, name, type: 'checkbox', ...attrs });
  input.checked = checked;
  const line = errorLine(name);
  const hintNode = hint ? el('p', { class: 'hint', id: uid('hint') }, hint) : null;
  input.setAttribute('aria-describedby', [hintNode?.id, line.id].filter(Boolean).join(' '));
  const node = el('div', { class: 'field' }, el('label', { class: 'check', for: id }, input, el('span', {}, label)),
    hintNode, line);
  return { node, input, line };
}

// Clears a field's error as soon as it is changed.
export function clearOnInput(fields) {
  for (const f of Object.values(fields)) {
    if (!f?.input?.addEventListener) continue;
    f.input.addEventListener(f.input.tagName === 'SELECT' || f.input.type === 'checkbox' ? 'change' : 'input',
      () => setError(f.input, f.line, null));
  }
}
