// Delivery analytics of notifications (/notifications/analytics, reached from the notification
// settings): over the last 7, 30 or 90 days (?days=N) how many notifications were sent,
// delivered, failed or read — everyone's in the workplace for those who manage its settings, else
// my own (the server decides, and says which). Four figures, a stacked bar per day (delivered,
// pending, failed: an SVG drawn here at the card's width, its numbers also in a table for screen
// readers), and the counts per channel and per event.
import { authedApi } from '../auth.js';
import { formatDate, formatDayMonth } from '../format.js';
import { el, uid } from '../forms.js';
import { lang, t } from '../i18n.js';
import { icon } from '../icons.js';
import { pageTitle } from '../shell.js';
import { card, emptyState, loadError, page, skeleton } from '../ui.js';

const PERIODS = [7, 30, 90];
const DEFAULT_DAYS = 30;
const COLUMNS = ['sent', 'delivered', 'failed', 'pending', 'read'];
// A bar's parts from the bottom up; their colours are in notifications.css.
const SEGMENTS = ['delivered', 'pending', 'failed'];
const CHANNEL_ICON = { in_app: 'bell', email: 'mail', push: 'smartphone' };
const SVG = 'http://www.w3.org/2000/svg';
const CHART = { height: 200, top: 10, right: 4, bottom: 26, labelGap: 8, font: 11 };

const numbers = new Intl.NumberFormat(lang);
const percents = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
const weekday = new Intl.DateTimeFormat(lang, { weekday: 'short' });

let view = null;

const known = (key) => t(key) !== key;
const eventName = (key) => (known(`notif.event.${key}`) ? t(`notif.event.${key}`) : key);
const channelName = (key) => (known(`notif.channel.${key}`) ? t(`notif.channel.${key}`) : key);
const number = (n) => numbers.format(n);
// A day of the workplace's calendar ("2026-02-10") as that day here, not as UTC midnight.
const day = (iso) => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d);
};
const dayName = (iso) => `${weekday.format(day(iso))} ${formatDate(day(iso))}`;
const countsOf = (list, field, value) => list.find((row) => row[field] === value)?.counts;

export function mount(root, { session }) {
  const asked = Number(new URLSearchParams(location.search).get('days'));
  const v = {
    session,
    days: PERIODS.includes(asked) ? asked : DEFAULT_DAYS,
    data: null,
    weekStartsOn: null, // read once, for the chart's labels
    serial: 0,
    chart: null, // the box the SVG is drawn into
    drawnWidth: 0, // the box's width it was drawn for
  };
  view = v;

  const name = uid('analytics-days');
  v.radios = PERIODS.map((n) => {
    const input = el('input', { type: 'radio', name, value: String(n), checked: n === v.days,
      'data-testid': `analytics-days-${n}` });
    input.addEventListener('change', () => setDays(n));
    return input;
  });
  const periods = el('div', { class: 'segmented analytics-periods', role: 'radiogroup', 'aria-label': t('analytics.period') },
    ...v.radios.map((input, i) => el('label', { class: 'segmented-option' }, input,
      el('span', {}, t('analytics.days', { n: PERIODS[i] })))));
  v.scope = el('p', { class: 'analytics-scope', 'data-testid': 'analytics-scope' });
  v.area = el('div', { class: 'analytics-body', 'aria-busy': 'true' }, skeleton({ rows: 4 }));
  const back = el('a', { href: '/notifications/settings', class: 'back-link', 'data-testid': 'analytics-back' },
    icon('arrow-left', { size: 'sm' }), t('analytics.back'));

  root.replaceChildren(page('wide', pageTitle(t('analytics.title')),
    el('div', { class: 'analytics-page', 'data-testid': 'analytics-page' },
      back,
      el('div', { class: 'analytics-toolbar' }, v.scope, periods),
      v.area)));
  // Drawn at the card's own width, so the labels keep their size on a phone.
  v.resize = new ResizeObserver(() => draw());
  load();
}

export function unmount() {
  if (!view) return;
  view.resize.disconnect();
  view.serial += 1;
  view = null;
}

// ---- loading --------------------------------------------------------------------------------------

async function load() {
  const v = view;
  const mine = ++v.serial;
  v.area.setAttribute('aria-busy', 'true');
  let data;
  try {
    [data] = await Promise.all([authedApi(`/api/v1/notifications/analytics?days=${v.days}`), readWeekStart(v)]);
  } catch (e) {
    if (view !== v || mine !== v.serial || e.status === 401) return; // 401: already on the way to sign-in
    v.area.removeAttribute('aria-busy');
    v.resize.disconnect();
    v.chart = null;
    v.area.replaceChildren(loadError(e, () => {
      v.area.replaceChildren(skeleton({ rows: 4 }));
      load();
    }, 'analytics-error'));
    return;
  }
  if (view !== v || mine !== v.serial) return;
  v.data = data;
  render();
}

// The workplace's first day of the week, where the chart's weekly labels fall (Monday without it).
async function readWeekStart(v) {
  if (v.weekStartsOn !== null) return;
  const settings = await authedApi('/api/v1/org-settings').catch(() => null);
  const n = Number(settings?.['schedule.week_starts_on']);
  v.weekStartsOn = Number.isInteger(n) && n >= 0 && n <= 6 ? n : 1;
}

function setDays(n) {
  const v = view;
  if (v.days === n) return;
  v.days = n;
  for (const input of v.radios) input.checked = Number(input.value) === n;
  history.replaceState(null, '', `/notifications/analytics?days=${n}`);
  load();
}

// ---- the page -------------------------------------------------------------------------------------

function render() {
  const v = view;
  const d = v.data;
  v.area.removeAttribute('aria-busy');
  v.scope.dataset.scope = d.scope;
  v.scope.textContent = d.scope === 'workplace' ? t('analytics.scope.workplace', { workplace: v.session.tenant.name })
    : t('analytics.scope.mine');
  v.resize.disconnect();
  v.chart = d.totals.sent ? el('div', { class: 'analytics-chart' }) : null;
  v.drawnWidth = 0;
  v.area.replaceChildren(tiles(d), trend(d), ...(d.totals.sent ? [channels(d), events(d)] : []));
  if (v.chart) {
    draw();
    v.resize.observe(v.chart);
  }
}

function tiles(d) {
  const { totals } = d;
  const inApp = countsOf(d.byChannel, 'channel', 'in_app') || { sent: 0, delivered: 0 };
  const email = countsOf(d.byChannel, 'channel', 'email') || { sent: 0 };
  const some = totals.sent > 0;
  const ofSent = (n) => t('analytics.ofSent', { percent: percents.format(n / totals.sent) });
  const pending = totals.pending ? `, ${t('analytics.stillPending', { n: number(totals.pending) })}` : '';
  // Each part whole on its line: "e-mail" is not broken at its hyphen in a narrow tile.
  const channels = [el('span', { class: 'analytics-nowrap' }, `${t('analytics.sentInApp', { n: number(inApp.sent) })},`), ' ',
    el('span', { class: 'analytics-nowrap' }, t('analytics.sentEmail', { n: number(email.sent) }))];
  const read = inApp.delivered
    ? t('analytics.ofInApp', { percent: percents.format(totals.read / inApp.delivered), n: number(inApp.delivered) }) : '';
  return el('dl', { class: 'analytics-tiles' },
    tile('sent', totals.sent, some && channels),
    tile('delivered', totals.delivered, some && ofSent(totals.delivered)),
    tile('failed', totals.failed, some && `${ofSent(totals.failed)}${pending}`),
    tile('read', totals.read, read));
}

function tile(key, value, sub) {
  const swatch = SEGMENTS.includes(key) && el('span', { class: `analytics-swatch is-${key}`, 'aria-hidden': 'true' });
  return el('div', { class: 'analytics-tile', 'data-testid': `analytics-${key}`, 'data-value': String(value) },
    el('dt', {}, swatch, t(`analytics.${key}`)),
    el('dd', { class: 'analytics-value' }, number(value)),
    sub ? el('dd', { class: 'analytics-sub' }, ...[sub].flat()) : null);
}

function trend(d) {
  const v = view;
  const sub = t('analytics.range', { from: formatDate(day(d.from)), to: formatDate(day(d.to)) });
  if (!v.chart) {
    return card({ title: t('analytics.trend'), sub, testId: 'analytics-trend' },
      emptyState({ icon: 'activity', title: t('analytics.empty'), hint: t('analytics.emptyHint'), testId: 'analytics-empty' }));
  }
  const legend = el('ul', { class: 'analytics-legend', 'aria-hidden': 'true' },
    ...SEGMENTS.map((key) => el('li', {}, el('span', { class: `analytics-swatch is-${key}` }), t(`analytics.${key}`))));
  return card({ title: t('analytics.trend'), sub, tools: legend, testId: 'analytics-trend' }, v.chart, dayTable(d));
}

// The chart's numbers for screen readers (in a box: a table will not shrink to sr-only's 1 px).
function dayTable(d) {
  const columns = ['sent', ...SEGMENTS];
  return el('div', { class: 'sr-only' }, el('table', {},
    el('caption', {}, t('analytics.tableCaption')),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('analytics.date')),
      ...columns.map((c) => el('th', { scope: 'col' }, t(`analytics.${c}`))))),
    el('tbody', {}, ...d.daily.map((row) => el('tr', {}, el('th', { scope: 'row' }, dayName(row.date)),
      ...columns.map((c) => el('td', {}, number(row.counts[c]))))))));
}

function channels(d) {
  const rows = d.byChannel.map((row) => countsRow(row.counts, {
    name: el('span', { class: 'analytics-channel' }, icon(CHANNEL_ICON[row.channel] || 'bell', { size: 'sm' }),
      el('span', {}, channelName(row.channel))),
    // E-mails are not known to be read: no number rather than a 0 that looks like one.
    noRead: row.channel === 'email',
    attrs: { 'data-testid': `analytics-channel-${row.channel}`, 'data-channel': row.channel },
  }));
  return card({ title: t('analytics.channels'), sub: t('analytics.channelsSub'), flush: true, testId: 'analytics-channels' },
    countsTable(t('analytics.channel'), rows));
}

function events(d) {
  const rows = d.byEvent.map((row) => countsRow(row.counts, {
    name: el('span', { class: 'analytics-event-name' }, eventName(row.eventKey)),
    attrs: { 'data-testid': 'analytics-event', 'data-event': row.eventKey },
  }));
  return card({ title: t('analytics.events'), sub: t('analytics.eventsSub'), flush: true, testId: 'analytics-events' },
    countsTable(t('analytics.event'), rows));
}

function countsTable(first, rows) {
  return el('table', { class: 'table analytics-table' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, first),
      ...COLUMNS.map((c) => el('th', { scope: 'col', class: 'analytics-num' }, t(`analytics.${c}`))))),
    el('tbody', {}, ...rows));
}

function countsRow(counts, { name, noRead = false, attrs }) {
  return el('tr', attrs, el('th', { scope: 'row' }, name),
    ...COLUMNS.map((c) => {
      const none = noRead && c === 'read';
      return el('td', { class: 'analytics-num', 'data-col': c, 'data-label': t(`analytics.${c}`),
        title: none ? t('analytics.notCounted') : null }, none ? '–' : number(counts[c]));
    }));
}

// ---- the chart ------------------------------------------------------------------------------------

// Gridlines at round numbers: 3 or 4 of them, 0 included, the highest at or above the busiest day.
function yScale(max) {
  const raw = Math.max(max, 1) / 3;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw - 1e-9));
  const top = Math.max(2, Math.ceil(max / step)) * step;
  return { step, top };
}

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, value] of Object.entries(attrs)) if (value !== null && value !== undefined) node.setAttribute(k, String(value));
  node.append(...children.filter(Boolean));
  return node;
}

const round = (n) => Math.round(n * 10) / 10;

// Draws the chart for the holder's width (again only when that changed).
function draw() {
  const v = view;
  if (!v?.chart || !v.data) return;
  const width = Math.round(v.chart.clientWidth) || 640;
  if (width === v.drawnWidth) return;
  v.drawnWidth = width;
  v.chart.replaceChildren(chart(v.data, width, v.weekStartsOn ?? 1));
}

function chart(d, width, weekStartsOn) {
  const { daily, totals } = d;
  const { height, top, right, bottom, labelGap, font } = CHART;
  const busiest = daily.reduce((best, row) => (row.counts.sent > best.counts.sent ? row : best), daily[0]);
  const { step, top: most } = yScale(busiest.counts.sent);
  const charWidth = font * 0.62;
  const left = Math.ceil(number(most).length * charWidth) + labelGap + 2;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const y = (n) => top + plotHeight * (1 - n / most);
  const slot = plotWidth / daily.length;
  const barWidth = Math.max(1, Math.min(28, slot * (slot > 6 ? 0.64 : 0.75)));

  const grid = [];
  for (let n = 0; n <= most; n += step) {
    grid.push(svg('line', { class: n ? 'analytics-grid' : 'analytics-axis', x1: left, x2: width - right, y1: round(y(n)),
      y2: round(y(n)) }));
    grid.push(svg('text', { class: 'analytics-label', x: left - labelGap, y: round(y(n)), 'text-anchor': 'end',
      'dominant-baseline': 'middle' }, number(n)));
  }

  const bars = daily.map((row, i) => {
    const { counts } = row;
    const center = left + slot * (i + 0.5);
    let base = 0;
    const parts = SEGMENTS.filter((key) => counts[key] > 0).map((key) => {
      const from = base;
      base += counts[key];
      return svg('rect', { class: `analytics-segment is-${key}`, x: round(center - barWidth / 2), width: round(barWidth),
        y: round(y(base)), height: round(y(from) - y(base)) });
    });
    const pending = counts.pending ? t('analytics.barPending', { n: number(counts.pending) }) : '';
    const title = `${t('analytics.barTitle', { day: dayName(row.date), sent: number(counts.sent),
      delivered: number(counts.delivered), failed: number(counts.failed) })}${pending}`;
    return svg('g', { class: 'analytics-bar', 'data-testid': 'analytics-bar', 'data-date': row.date, 'data-sent': counts.sent },
      svg('title', {}, title),
      // The whole column answers the pointer, not only the bar.
      svg('rect', { class: 'analytics-hit', x: round(left + slot * i), width: round(slot), y: top, height: plotHeight }),
      ...parts);
  });

  // Under every day when they fit, else every other day (or fewer) of a short period, else under
  // the weeks' first days (every other one, or fewer).
  const labelWidth = formatDayMonth(day(daily[0].date)).length * charWidth + 4;
  const weekly = slot < labelWidth && daily.length > 14;
  const every = Math.ceil(labelWidth / ((weekly ? 7 : 1) * slot));
  let week = -1;
  let free = 0; // where the next label may begin: none overlaps the one before it
  const labels = daily.flatMap((row, i) => {
    if (weekly) {
      if (day(row.date).getDay() !== weekStartsOn) return [];
      week += 1;
      if (week % every) return [];
    } else if ((daily.length - 1 - i) % every) return []; // today always has its label
    const center = left + slot * (i + 0.5);
    const anchor = center - labelWidth / 2 < 0 ? 'start' : center + labelWidth / 2 > width ? 'end' : 'middle';
    const x = anchor === 'start' ? center - barWidth / 2 : anchor === 'end' ? center + barWidth / 2 : center;
    const start = anchor === 'start' ? x : anchor === 'end' ? x - labelWidth : x - labelWidth / 2;
    if (start < free) return [];
    free = start + labelWidth + 4;
    return [svg('text', { class: 'analytics-label', x: round(x), y: height - bottom + 17, 'text-anchor': anchor },
      formatDayMonth(day(row.date)))];
  });

  const label = t('analytics.chartLabel', { from: formatDate(day(d.from)), to: formatDate(day(d.to)), sent: number(totals.sent),
    delivered: number(totals.delivered), pending: number(totals.pending), failed: number(totals.failed),
    busiest: dayName(busiest.date), most: number(busiest.counts.sent) });
  return svg('svg', { class: 'analytics-svg', viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-label': label,
    'data-testid': 'analytics-chart', 'data-days': daily.length },
  svg('g', { 'aria-hidden': 'true' }, ...grid, ...labels), ...bars);
}
