// The one formatter for dates and times on every page: dates in the workplace's
// `general.date_format` (dd-MM-yyyy, yyyy-MM-dd or MM/dd/yyyy), times in its `general.time_format`
// ("HH:mm" or "h:mm a"), both read once from /api/v1/org-settings after sign-in; and relative
// times ("2 h ago") and durations ("3d 4h"). Times are shown in this device's time zone.
import { authedApi } from './auth.js';
import { t } from './i18n.js';

export const DATE_FORMATS = ['dd-MM-yyyy', 'yyyy-MM-dd', 'MM/dd/yyyy'];
export const TIME_FORMATS = ['HH:mm', 'h:mm a'];
const DEFAULTS = { date: 'dd-MM-yyyy', time: 'HH:mm' };

let formats = { ...DEFAULTS };
let loading = null;

// After sign-in (the router calls it before a signed-in page mounts). Without an answer the
// defaults stay, and the next page asks again.
export function loadFormats() {
  loading ??= authedApi('/api/v1/org-settings').then((settings) => {
    noteSetting('general.date_format', settings?.['general.date_format']);
    noteSetting('general.time_format', settings?.['general.time_format']);
  }).catch(() => {
    loading = null;
  });
  return loading;
}

// Signed out, or someone else signed in: read the next workplace's settings afresh.
export function forgetFormats() {
  formats = { ...DEFAULTS };
  loading = null;
}

// A setting just saved on the organization page applies at once.
export function noteSetting(key, value) {
  if (key === 'general.date_format' && DATE_FORMATS.includes(value)) formats.date = value;
  if (key === 'general.time_format' && TIME_FORMATS.includes(value)) formats.time = value;
}

function toDate(value) {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

// A date in `format` (one of DATE_FORMATS); the organization page shows its choices with it.
export function dateIn(format, value = new Date()) {
  const date = toDate(value);
  if (!date) return '–';
  const parts = { dd: pad(date.getDate()), MM: pad(date.getMonth() + 1), yyyy: pad(date.getFullYear(), 4) };
  return format.replace(/dd|MM|yyyy/g, (p) => parts[p]);
}

// A time in `format` (one of TIME_FORMATS); `seconds` adds them (a clock that ticks).
export function timeIn(format, value = new Date(), { seconds = false } = {}) {
  const date = toDate(value);
  if (!date) return '–';
  const s = seconds ? `:${pad(date.getSeconds())}` : '';
  if (format === 'h:mm a') {
    const h = date.getHours();
    return `${h % 12 || 12}:${pad(date.getMinutes())}${s} ${h < 12 ? 'AM' : 'PM'}`;
  }
  return `${pad(date.getHours())}:${pad(date.getMinutes())}${s}`;
}

// An RFC 3339 time (or Date) from the API; '–' for none. An unreadable value is shown as it came.
export function formatDate(value) {
  return toDate(value) ? dateIn(formats.date, value) : value ? String(value) : '–';
}

// A day without its year, in the workplace's order ("10-02", "02-10", "02/10"): a chart's axis.
export function formatDayMonth(value) {
  return toDate(value) ? dateIn(formats.date.replace(/[-/]?yyyy[-/]?/, ''), value) : value ? String(value) : '–';
}

export function formatTime(value, options) {
  return toDate(value) ? timeIn(formats.time, value, options) : value ? String(value) : '–';
}

export function formatDateTime(value) {
  return toDate(value) ? `${formatDate(value)} ${formatTime(value)}` : value ? String(value) : '–';
}

// "just now", "5 min ago", "2 h ago", "3 d ago" (or "in 5 min" ahead); past a week the date.
export function formatRelative(value, now = Date.now()) {
  const date = toDate(value);
  if (!date) return value ? String(value) : '–';
  const seconds = Math.round((now - date.getTime()) / 1000);
  const ahead = seconds < 0;
  const s = Math.abs(seconds);
  if (s < 45) return t('time.now');
  const [unit, n] = s < 3600 ? ['min', Math.round(s / 60)] : s < 86400 ? ['h', Math.round(s / 3600)]
    : s < 7 * 86400 ? ['d', Math.round(s / 86400)] : [null, 0];
  if (!unit) return formatDate(date);
  return t(ahead ? `time.in.${unit}` : `time.ago.${unit}`, { n });
}

// A length of time in seconds: "3d 4h", "2h 5m", "4m 10s".
export function formatDuration(seconds) {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d ? t('time.dh', { d, h }) : h ? t('time.hm', { h, m }) : t('time.ms', { m, s: seconds % 60 });
}
