// Timesheets (/timesheets): one pay period at a time (the server says which period holds a date;
// arrows step to the one before or after). My timesheet: the totals, day by day, and the clock
// entries with their corrections (who, when, why, before → after; the punched times stay shown).
// Holders of `clock.manage` have a second tab, Team: the period's people with what needs a look,
// each approvable (after confirming) and openable as their own sheet, whose entries can be
// corrected; the period downloads as CSV. Approved sheets name who approved them; holders of
// `timesheets.unlock` may open them again. Everything follows the timesheet and punch events live.
import { accessToken, authedApi } from '../auth.js';
import { confirmAction, modal } from '../dialog.js';
import { formatDate, formatDateTime, formatTime } from '../format.js';
import { busy, el, errorText, field, setError, showFieldErrors } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { whenChanged } from '../realtime.js';
import { pageTitle } from '../shell.js';
import { card, emptyState, loadError, page, skeleton, toast } from '../ui.js';
import { addDays, dayLabel, fromIso, isoDate, textareaField } from '../rota-common.js';

const EVENTS = ['timesheet.approved', 'timesheet.unlocked', 'timesheet.corrected', 'clock.punched'];
const send = (path, method, body) => authedApi(path, { method, body });
const pad = (n) => String(n).padStart(2, '0');

let view = null;

export function mount(root, { session }) {
  const permissions = session.permissions;
  const manager = permissions.includes('clock.manage');
  const params = new URLSearchParams(location.search);
  view = { me: session.user.id, manager, unlocker: permissions.includes('timesheets.unlock'),
    tab: manager && params.get('tab') === 'team' ? 'team' : 'mine', date: null, person: null, serial: 0 };
  const v = view;
  v.range = el('span', { class: 'ts-range', 'data-testid': 'ts-period' });
  v.kind = el('span', { class: 'muted', 'data-testid': 'ts-period-kind' });
  const prev = el('button', { type: 'button', class: 'button button-secondary button-icon', 'aria-label': t('ts.prev'),
    title: t('ts.prev'), 'data-testid': 'ts-prev' }, icon('chevron-left'));
  const next = el('button', { type: 'button', class: 'button button-secondary button-icon', 'aria-label': t('ts.next'),
    title: t('ts.next'), 'data-testid': 'ts-next' }, icon('chevron-right'));
  prev.addEventListener('click', () => step(-1));
  next.addEventListener('click', () => step(1));
  v.body = el('div', { class: 'stack', 'data-testid': 'ts-body' });
  root.replaceChildren(page('wide', pageTitle(t('ts.title')),
    el('div', { class: 'ts-page stack', 'data-testid': 'ts-page' },
      el('div', { class: 'ts-bar' }, manager ? tabBar() : null,
        el('div', { class: 'ts-period' }, prev, el('div', { class: 'ts-period-text' }, v.range, v.kind), next)),
      v.body)));
  showTab(v.tab);
  v.stopLive = whenChanged(EVENTS, () => {
    if (view === v) load({ quiet: true });
  });
}

export function unmount() {
  view?.stopLive();
  view = null;
}

// ---- tabs and the period ------------------------------------------------------------------------

function tabBar() {
  const v = view;
  v.tabButtons = ['mine', 'team'].map((name) => {
    const b = el('button', { type: 'button', role: 'tab', class: 'timeoff-tab', 'data-testid': `ts-tab-${name}` },
      t(name === 'mine' ? 'ts.tabMine' : 'ts.tabTeam'));
    b.dataset.tab = name;
    b.addEventListener('click', () => {
      v.person = null;
      showTab(name);
    });
    return b;
  });
  return el('div', { class: 'segmented timeoff-tabs', role: 'tablist', 'aria-label': t('ts.tabs') }, ...v.tabButtons);
}

function showTab(name) {
  const v = view;
  v.tab = name;
  for (const b of v.tabButtons || []) b.setAttribute('aria-selected', String(b.dataset.tab === name));
  if (v.manager) window.history.replaceState(null, '', name === 'team' ? '/timesheets?tab=team' : '/timesheets');
  load();
}

function step(direction) {
  const v = view;
  if (!v.period) return;
  v.date = isoDate(addDays(fromIso(direction < 0 ? v.period.start : v.period.end), direction));
  load();
}

const periodText = (period) => `${dayLabel(period.start)} – ${dayLabel(period.end)}`;

function showPeriod(period) {
  const v = view;
  v.period = period;
  v.range.textContent = periodText(period);
  v.kind.textContent = t(`ts.kind.${period.kind}`);
}

// What the tab shows: my sheet, the team, or one person's sheet. `quiet`: no skeleton (a live update).
async function load({ quiet = false } = {}) {
  const v = view;
  const mine = ++v.serial;
  const query = v.date ? `?${new URLSearchParams({ date: v.date })}` : '';
  const who = v.tab === 'mine' ? v.me : v.person;
  if (!quiet) v.body.replaceChildren(card({}, skeleton({ rows: 4 })));
  let answer;
  try {
    answer = await authedApi(who ? `/api/v1/timesheets/${encodeURIComponent(who)}${query}` : `/api/v1/timesheets${query}`);
  } catch (e) {
    if (view !== v || mine !== v.serial || e.status === 401) return;
    v.body.replaceChildren(card({}, loadError(e, () => load(), 'ts-error')));
    return;
  }
  if (view !== v || mine !== v.serial) return;
  showPeriod(answer.period);
  if (!v.date) v.date = answer.period.start;
  v.body.replaceChildren(...(who ? sheetView(answer, { manage: v.tab === 'team' }) : teamView(answer)));
}

// ---- what a sheet says ----------------------------------------------------------------------------

// 450 → "7:30"
export const hm = (minutes) => {
  const m = Math.max(0, Math.round(minutes || 0));
  return `${Math.floor(m / 60)}:${pad(m % 60)}`;
};

function statusPill(status) {
  return el('span', { class: `pill pill-${status === 'approved' ? 'approved' : 'pending'}`, 'data-testid': 'ts-status',
    'data-status': status }, icon(status === 'approved' ? 'lock' : 'clock'), t(`ts.status.${status}`));
}

function totalsCards(totals) {
  const items = [
    ['worked', 'ts.worked', totals.workedMinutes],
    ['scheduled', 'ts.scheduled', totals.scheduledMinutes],
    ['breaks', 'ts.breaks', totals.breakMinutes],
    ['overtime', 'ts.overtime', totals.overtimeMinutes],
  ];
  return el('div', { class: 'ts-totals', 'data-testid': 'ts-totals' }, ...items.map(([name, label, minutes]) =>
    el('div', { class: `ts-total${name === 'overtime' && minutes > 0 ? ' is-over' : ''}` },
      el('span', { class: 'ts-total-label' }, t(label)),
      el('span', { class: 'ts-total-value', 'data-testid': `ts-total-${name}` }, hm(minutes)))));
}

function daysTable(days) {
  const head = el('tr', {}, ...['ts.date', 'ts.scheduled', 'ts.worked', 'ts.breaks', 'ts.overtime'].map((k, i) =>
    el('th', { scope: 'col', class: i ? 'num' : null }, t(k))));
  const rows = days.map((d) => el('tr', { 'data-testid': 'ts-day', 'data-date': d.date, class: d.workedMinutes ? null : 'is-idle' },
    el('td', { class: 'ts-day-date' }, dayLabel(d.date)),
    el('td', { class: 'num' }, d.scheduledMinutes ? hm(d.scheduledMinutes) : '–'),
    el('td', { class: 'num', 'data-testid': 'ts-day-worked' }, d.workedMinutes ? hm(d.workedMinutes) : '–'),
    el('td', { class: 'num' }, d.breakMinutes ? hm(d.breakMinutes) : '–'),
    el('td', { class: 'num' }, d.overtimeMinutes ? hm(d.overtimeMinutes) : '–')));
  return card({ title: t('ts.days'), flush: true, testId: 'ts-days' },
    el('div', { class: 'table-wrap' }, el('table', { class: 'table ts-table' }, el('thead', {}, head), el('tbody', {}, ...rows))));
}

const range = (from, until) => `${formatTime(from)} – ${until ? formatTime(until) : t('ts.stillIn')}`;

function shownValues(values) {
  const parts = [`${formatDateTime(values.clockInAt)} – ${values.clockOutAt ? formatDateTime(values.clockOutAt) : t('ts.stillIn')}`];
  parts.push(values.breakMinutes === null || values.breakMinutes === undefined ? t('ts.breakAsTaken')
    : t('ts.breakValue', { n: values.breakMinutes }));
  return parts.join(', ');
}

function history(entry) {
  const edits = entry.edits || [];
  if (!edits.length) return null;
  const list = el('ol', { class: 'ts-history-list' }, ...edits.map((edit) => el('li', { 'data-testid': 'ts-edit' },
    el('span', { class: 'ts-edit-who' }, t('ts.editBy', { name: edit.editedByName || t('ts.formerMember'),
      when: formatDateTime(edit.editedAt) })),
    el('span', { class: 'ts-edit-reason', 'data-testid': 'ts-edit-reason' }, edit.reason),
    el('span', { class: 'ts-edit-change' },
      el('span', { class: 'muted' }, `${t('ts.before')}: `), shownValues(edit.before)),
    el('span', { class: 'ts-edit-change' },
      el('span', { class: 'muted' }, `${t('ts.after')}: `), shownValues(edit.after)))));
  return el('details', { class: 'ts-history', 'data-testid': 'ts-history' },
    el('summary', {}, t('ts.history')), list);
}

function entryItem(entry, sheet, { manage }) {
  const edited = (entry.edits || []).length > 0;
  const p = entry.punched || {};
  const punchedRange = p.clockInAt ? range(p.clockInRoundedAt || p.clockInAt, p.clockOutRoundedAt || p.clockOutAt) : null;
  const showPunched = edited && punchedRange;
  const badges = [
    entry.open && el('span', { class: 'pill pill-pending', 'data-testid': 'ts-entry-open' }, icon('clock'), t('ts.openEntry')),
    entry.missedClockOut && el('span', { class: 'pill pill-declined', 'data-testid': 'ts-entry-missed' },
      icon('triangle-alert'), t('ts.missed')),
    edited && el('span', { class: 'pill pill-cancelled', 'data-testid': 'ts-corrected' }, icon('pencil'), t('ts.corrected')),
  ].filter(Boolean);
  let correct = null;
  if (manage && sheet.status !== 'approved') {
    correct = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': 'ts-correct',
      'aria-label': t('ts.correctAria', { when: formatDateTime(entry.clockInAt) }) }, icon('square-pen', { size: 'sm' }),
    el('span', {}, t('ts.correct')));
    correct.addEventListener('click', () => correctEntry(entry, sheet));
  }
  return el('li', { class: 'ts-entry', 'data-testid': 'ts-entry', 'data-id': entry.id, 'data-open': String(!!entry.open) },
    el('div', { class: 'ts-entry-head' },
      el('div', { class: 'ts-entry-when' },
        el('span', { class: 'ts-entry-day' }, formatDate(entry.clockInAt)),
        el('span', { class: 'ts-entry-range', 'data-testid': 'ts-entry-range' }, range(entry.clockInAt, entry.clockOutAt))),
      el('div', { class: 'ts-entry-worked' },
        el('span', { 'data-testid': 'ts-entry-worked' }, hm(entry.workedMinutes)),
        el('span', { class: 'muted' }, t('ts.breakMin', { n: entry.breakMinutes || 0 })))),
    (badges.length || correct) && el('div', { class: 'ts-entry-tags' }, ...badges, correct && el('span', { class: 'ts-spacer' }), correct),
    showPunched && el('span', { class: 'ts-punched muted', 'data-testid': 'ts-punched' },
      t('ts.punched', { range: punchedRange })),
    history(entry));
}

// The parts of one person's sheet, for My timesheet and for a manager's look at someone's.
function sheetView(sheet, { manage }) {
  const v = view;
  const approval = sheet.approval && el('span', { class: 'muted', 'data-testid': 'ts-approval' },
    t('ts.approvedBy', { name: sheet.approval.approvedByName || t('ts.formerMember'), when: formatDateTime(sheet.approval.approvedAt) }));
  const actions = [];
  if (manage && sheet.status === 'open') actions.push(approveButton(sheet));
  if (sheet.status === 'approved' && v.unlocker && v.tab === 'team') actions.push(unlockButton(sheet));
  const back = manage ? el('button', { type: 'button', class: 'back-link ts-back', 'data-testid': 'ts-back' },
    icon('chevron-left', { size: 'sm' }), t('ts.back')) : null;
  back?.addEventListener('click', () => {
    v.person = null;
    load();
  });
  const head = el('section', { class: 'card ts-head', 'data-testid': 'ts-sheet-head' },
    el('div', { class: 'ts-head-main' },
      el('div', { class: 'ts-head-title' }, el('h2', { 'data-testid': 'ts-name' }, sheet.name || t('ts.formerMember')),
        statusPill(sheet.status)),
      approval),
    actions.length ? el('div', { class: 'ts-head-actions' }, ...actions) : null);
  const entries = sheet.entries || [];
  const list = entries.length
    ? el('ul', { class: 'ts-entries', 'data-testid': 'ts-entries' }, ...entries.map((e) => entryItem(e, sheet, { manage })))
    : emptyState({ icon: 'clock', title: t('ts.empty'), hint: t('ts.emptyHint'), testId: 'ts-empty' });
  return [back, el('div', { class: 'stack', 'data-testid': manage ? 'ts-person' : 'ts-mine', 'data-user': sheet.userId }, head,
    totalsCards(sheet.totals),
    el('div', { class: 'ts-grid' },
      card({ title: t('ts.entries'), flush: true, testId: 'ts-entries-card',
        tools: el('span', { class: 'muted' }, tn('ts.entriesCount', entries.length)) }, list),
      entries.length ? daysTable(sheet.days || []) : null))].filter(Boolean);
}

// ---- the team -------------------------------------------------------------------------------------

function flags(item) {
  const out = [];
  if (item.openEntries) out.push(el('span', { class: 'pill pill-pending', 'data-testid': 'ts-flag-open' }, icon('clock'),
    tn('ts.flag.open', item.openEntries)));
  if (item.missedClockOuts) out.push(el('span', { class: 'pill pill-declined', 'data-testid': 'ts-flag-missed' },
    icon('triangle-alert'), tn('ts.flag.missed', item.missedClockOuts)));
  if (item.editedEntries) out.push(el('span', { class: 'pill pill-cancelled', 'data-testid': 'ts-flag-edited' }, icon('pencil'),
    tn('ts.flag.edited', item.editedEntries)));
  return out;
}

function teamView(answer) {
  const v = view;
  const items = answer.items || [];
  const download = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': 'ts-download' },
    icon('download', { size: 'sm' }), el('span', {}, t('ts.download')));
  download.addEventListener('click', () => downloadCsv(download));
  const head = el('tr', {}, el('th', { scope: 'col' }, t('ts.name')),
    el('th', { scope: 'col', class: 'num ts-wide' }, t('ts.scheduled')),
    el('th', { scope: 'col', class: 'num' }, t('ts.worked')),
    el('th', { scope: 'col', class: 'num ts-wide' }, t('ts.overtime')),
    el('th', { scope: 'col', class: 'ts-wide' }, t('ts.flags')),
    el('th', { scope: 'col' }, t('ts.status')),
    el('th', { scope: 'col', class: 'col-actions' }, el('span', { class: 'sr-only' }, t('ts.approve'))));
  const rows = items.map((item) => {
    const open = el('button', { type: 'button', class: 'ts-person-link', 'data-testid': 'ts-person-open',
      'aria-label': t('ts.open', { name: item.name }) }, item.name || t('ts.formerMember'));
    open.addEventListener('click', () => {
      v.person = item.userId;
      load();
    });
    const itemFlags = flags(item);
    return el('tr', { 'data-testid': 'ts-row', 'data-user': item.userId, 'data-status': item.status },
      el('td', { class: 'ts-who' }, open, itemFlags.length ? el('div', { class: 'ts-flags ts-narrow' }, ...flags(item)) : null),
      el('td', { class: 'num ts-wide' }, hm(item.totals.scheduledMinutes)),
      el('td', { class: 'num', 'data-testid': 'ts-row-worked' }, hm(item.totals.workedMinutes)),
      el('td', { class: 'num ts-wide' }, item.totals.overtimeMinutes ? hm(item.totals.overtimeMinutes) : '–'),
      el('td', { class: 'ts-wide' }, el('div', { class: 'ts-flags' }, ...itemFlags)),
      el('td', {}, statusPill(item.status)),
      el('td', { class: 'col-actions' }, item.status === 'open' ? approveButton(item, { small: true }) : null));
  });
  const body = items.length
    ? el('div', { class: 'table-wrap' }, el('table', { class: 'table ts-table ts-team' }, el('thead', {}, head), el('tbody', {}, ...rows)))
    : emptyState({ icon: 'users', title: t('ts.teamEmpty'), testId: 'ts-team-empty' });
  return [card({ title: t('ts.team'), flush: true, testId: 'ts-team',
    tools: [el('span', { class: 'muted', 'data-testid': 'ts-team-count' }, tn('ts.people', answer.total ?? items.length)), download] },
  body)];
}

// ---- acting on a sheet ------------------------------------------------------------------------------

function approveButton(sheet, { small = false } = {}) {
  const button = el('button', { type: 'button', class: small ? 'button button-small' : 'button', 'data-testid': 'ts-approve',
    'aria-label': t('ts.approveAria', { name: sheet.name }) }, icon('check', { size: 'sm' }), el('span', {}, t('ts.approve')));
  button.addEventListener('click', async () => {
    const period = view.period;
    const done = await confirmAction({
      title: t('ts.approveTitle'),
      text: t('ts.approveText', { name: sheet.name, period: periodText(period) }),
      confirmLabel: t('ts.approve'),
      busyLabel: t('ts.approving'),
      danger: false,
      testId: 'ts-approve-dialog',
      action: () => send(`/api/v1/timesheets/${encodeURIComponent(sheet.userId)}/approve`, 'POST', { periodStart: period.start }),
    });
    if (!done || !view) return;
    toast(t('ts.approved', { name: sheet.name }), { testId: 'ts-toast' });
    load({ quiet: true });
  });
  return button;
}

function unlockButton(sheet) {
  const button = el('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'ts-unlock' },
    icon('lock', { size: 'sm' }), el('span', {}, t('ts.unlock')));
  button.addEventListener('click', async () => {
    const period = view.period;
    const reason = textareaField({ name: 'reason', label: t('ts.reason'), optional: false, rows: 2,
      attrs: { maxlength: '500', 'data-testid': 'ts-unlock-reason' } });
    reason.input.addEventListener('input', () => setError(reason.input, reason.line, null));
    const done = await modal({
      title: t('ts.unlockTitle'),
      intro: t('ts.unlockText', { name: sheet.name, period: periodText(period) }),
      content: [reason.node],
      submitLabel: t('ts.unlock'),
      busyLabel: t('ts.unlocking'),
      testId: 'ts-unlock-dialog',
      onSubmit: () => send(`/api/v1/timesheets/${encodeURIComponent(sheet.userId)}/unlock`, 'POST',
        { periodStart: period.start, reason: reason.input.value.trim() }),
      onError: (e) => showFieldErrors(e.fields, { reason }).length === 0 && Object.keys(e.fields).length > 0,
    });
    if (!done || !view) return;
    toast(t('ts.unlocked', { name: sheet.name }), { testId: 'ts-toast' });
    load({ quiet: true });
  });
  return button;
}

// Local date and time inputs of an instant, and back.
const localDate = (iso) => (iso ? isoDate(new Date(iso)) : '');
const localTime = (iso) => {
  if (!iso) return '';
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
const instant = (date, time) => new Date(`${date}T${time}`).toISOString();

function correctEntry(entry, sheet) {
  const lastBreak = (entry.edits || []).at(-1)?.after?.breakMinutes ?? null;
  const f = {
    inDate: field({ name: 'clockInDate', label: t('ts.clockInDate'), type: 'date', value: localDate(entry.clockInAt) }),
    inTime: field({ name: 'clockInAt', label: t('ts.clockInTime'), type: 'time', value: localTime(entry.clockInAt) }),
    outDate: field({ name: 'clockOutDate', label: t('ts.clockOutDate'), type: 'date',
      value: localDate(entry.clockOutAt || entry.clockInAt) }),
    outTime: field({ name: 'clockOutAt', label: t('ts.clockOutTime'), type: 'time', value: localTime(entry.clockOutAt) }),
    breakMinutes: field({ name: 'breakMinutes', label: t('ts.breakMinutes'), type: 'number', optional: true,
      value: lastBreak === null ? '' : String(lastBreak), hint: t('ts.breakHint'),
      attrs: { inputmode: 'numeric', min: '0', step: '1' } }),
    reason: textareaField({ name: 'reason', label: t('ts.reason'), optional: false, rows: 2, hint: t('ts.reasonHint'),
      attrs: { maxlength: '500', 'data-testid': 'ts-correct-reason' } }),
  };
  for (const x of Object.values(f)) x.input.addEventListener('input', () => setError(x.input, x.line, null));
  // The server names clockInAt / clockOutAt; their errors sit at the time, under both inputs.
  const byName = { clockInAt: f.inTime, clockOutAt: f.outTime, breakMinutes: f.breakMinutes, reason: f.reason };
  return modal({
    title: t('ts.correctTitle'),
    intro: t('ts.correctIntro'),
    content: [el('div', { class: 'field-pair' }, f.inDate.node, f.inTime.node),
      el('div', { class: 'field-pair' }, f.outDate.node, f.outTime.node), f.breakMinutes.node, f.reason.node],
    submitLabel: t('ts.save'),
    busyLabel: t('ts.saving'),
    testId: 'ts-correct-dialog',
    onSubmit: async () => {
      const body = { reason: f.reason.input.value.trim() };
      let ok = true;
      const pairs = [['clockInAt', f.inDate, f.inTime, entry.clockInAt], ['clockOutAt', f.outDate, f.outTime, entry.clockOutAt]];
      for (const [name, date, time, was] of pairs) {
        const d = date.input.value;
        const tm = time.input.value;
        if (!tm && (name === 'clockOutAt' && !was)) continue; // an open entry stays open
        if (!d || !tm) {
          setError(time.input, time.line, t('ts.incomplete'));
          ok = false;
          continue;
        }
        const at = instant(d, tm);
        if (!was || new Date(was).getTime() !== new Date(at).getTime()) body[name] = at;
      }
      const breakText = f.breakMinutes.input.value.trim();
      if (breakText) {
        if (!/^\d+$/.test(breakText)) {
          setError(f.breakMinutes.input, f.breakMinutes.line, t('ts.wholeNumber'));
          ok = false;
        } else if (Number(breakText) !== lastBreak) body.breakMinutes = Number(breakText);
      } else if (lastBreak !== null) body.breakMinutes = null;
      if (!ok) return false;
      await send(`/api/v1/time-entries/${encodeURIComponent(entry.id)}`, 'PATCH', body);
      return true;
    },
    onError: (e) => Object.keys(e.fields || {}).length > 0 && showFieldErrors(e.fields, byName).length === 0,
  }).then((done) => {
    if (!done || !view) return;
    toast(t('ts.savedCorrection'), { testId: 'ts-toast' });
    load({ quiet: true });
  });
}

// The period as CSV: fetched with the token, then saved under the server's file name.
async function downloadCsv(button) {
  const v = view;
  const restore = busy(button, t('ts.downloading'));
  try {
    const { token } = await accessToken();
    const query = new URLSearchParams(v.date ? { date: v.date } : {});
    const response = await fetch(`/api/v1/timesheets/export?${query}`, { headers: { Authorization: `Bearer ${token}` },
      credentials: 'same-origin' });
    if (!response.ok) {
      const answer = await response.json().catch(() => null);
      throw new Error(answer?.error?.message || response.statusText);
    }
    const name = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') || '')?.[1]
      || `timesheets-${v.period?.start}-${v.period?.end}.csv`;
    const url = URL.createObjectURL(await response.blob());
    const a = el('a', { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    toast(t('ts.downloaded'), { testId: 'ts-toast' });
  } catch (e) {
    toast(errorText(e.status === undefined && e.message ? { status: 1, message: e.message } : e), { kind: 'bad', testId: 'ts-toast' });
  } finally {
    restore();
  }
}
