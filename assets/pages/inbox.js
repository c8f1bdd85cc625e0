// The approval inbox (/inbox): everything waiting for the signed-in manager's decision in one list,
// oldest first — open-shift claims and swaps (schedules.write), time off and the last ended
// period's timesheets (clock.manage) — each with who asks, what, since when, and what deciding it
// would clash with. One click approves or declines (time off with an optional comment; a
// timesheet is only approved, or downloaded, or opened on the timesheets page); a selection is
// decided in bulk after confirming. Decided items leave the list; a failure stays beside its item
// with the server's reason, also when someone else decided it meanwhile. The list is the shared
// inbox of inbox/store.js, which follows the events live and feeds the menu's count.
import { authedApi } from '../auth.js';
import { modal } from '../dialog.js';
import { downloadFile } from '../download.js';
import { formatDateTime, formatRelative } from '../format.js';
import { busy, el, errorText, field, uid } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { latestInbox, onInbox, reloadInbox, settleInbox } from '../inbox/store.js';
import { initials, pageTitle } from '../shell.js';
import { emptyState, loadError, skeleton, page, toast } from '../ui.js';
import { allSchedules, dayLabel, daysBetween, fromIso, timeRange } from '../rota-common.js';

const KIND_ICON = { claim: 'hand', swap: 'users', timeOff: 'sun', timesheet: 'file-text' };
const TIME_OFF_KINDS = ['vacation', 'sick', 'personal', 'unpaid', 'other'];
const BATCH = 100; // the most decisions one request takes
const pad = (n) => String(n).padStart(2, '0');

let view = null;

export const key = (item) => `${item.kind}:${item.id}`;

export function mount(root, { session }) {
  const held = session.permissions;
  const schedules = held.includes('schedules.write');
  const clock = held.includes('clock.manage');
  view = {
    // The kinds this person decides, in the order of the filter.
    kinds: [...(schedules ? ['claim', 'swap'] : []), ...(clock ? ['timeOff', 'timesheet'] : [])],
    readsSchedules: held.includes('schedules.read'),
    filter: 'all',
    items: [],
    loaded: false,
    cards: new Map(), // key → {node, sig, comment}
    selected: new Set(),
    failed: new Map(), // key → {item, error}: a decision the server refused
    working: new Set(), // keys being decided
    shifts: new Map(), // shiftId → shift, for time off that clashes with one
    schedules: null, // id → schedule, once read
    unnamed: new Set(), // schedule ids not among them when last read
    asked: new Set(), // schedule/from/to already read for shifts
    lookups: 0, // bumped when names or shifts arrive: the cards show them
  };
  const v = view;
  v.chipBox = el('div', { class: 'inbox-filters', role: 'group', 'aria-label': t('inbox.filter'), 'data-testid': 'inbox-filters' });
  v.chips = new Map();
  v.bulk = bulkBar();
  v.selectAll = el('input', { type: 'checkbox', id: uid('inbox-all'), 'data-testid': 'inbox-select-all' });
  v.selectAll.addEventListener('change', () => selectVisible(v.selectAll.checked));
  v.summary = el('span', { class: 'muted', 'data-testid': 'inbox-count' });
  v.head = el('div', { class: 'inbox-head', hidden: true },
    el('label', { class: 'check inbox-all', for: v.selectAll.id }, v.selectAll, el('span', {}, t('inbox.selectAll'))), v.summary);
  v.list = el('ul', { class: 'inbox-list', 'data-testid': 'inbox-list', 'aria-label': t('inbox.listLabel') });
  v.noneHere = el('div', { hidden: true });
  v.area = el('div', { class: 'list-area', 'data-testid': 'inbox-area', 'aria-busy': 'true' }, skeleton({ rows: 3, avatar: true }));
  root.replaceChildren(page('wide', pageTitle(t('inbox.title')),
    el('div', { class: 'inbox-page', 'data-testid': 'inbox-page' },
      el('p', { class: 'page-intro' }, t('inbox.intro')),
      v.chipBox, v.bulk.node,
      el('section', { class: 'card card-flush inbox-card', 'data-testid': 'inbox-card' }, v.head, v.area))));
  v.off = onInbox((answer) => {
    if (view === v && answer) show(answer);
  });
  // "2 h ago" stays true while the page is open.
  v.ticker = setInterval(() => {
    for (const node of v.list.querySelectorAll('[data-testid="inbox-asked"]')) node.textContent = askedText(node.item);
  }, 60_000);
  if (latestInbox()) show(latestInbox());
  load();
}

export function unmount() {
  if (!view) return;
  view.off();
  clearInterval(view.ticker);
  view = null;
}

async function load() {
  const v = view;
  try {
    await reloadInbox(); // the answer arrives through onInbox
  } catch (e) {
    if (view !== v || e.status === 401) return;
    if (v.loaded) toast(errorText(e), { kind: 'bad', testId: 'inbox-toast' });
    else {
      v.area.removeAttribute('aria-busy');
      v.area.replaceChildren(loadError(e, () => {
        v.area.replaceChildren(skeleton({ rows: 3, avatar: true }));
        load();
      }, 'inbox-error'));
    }
  }
}

// ---- the list -------------------------------------------------------------------------------------

function show(answer) {
  const v = view;
  v.loaded = true;
  const present = new Set(answer.items.map(key));
  // A refused decision whose item the server no longer lists (decided meanwhile) stays, with its
  // reason, until it is dismissed.
  const gone = [...v.failed.values()].filter((f) => !present.has(key(f.item))).map((f) => ({ ...f.item, gone: true }));
  v.items = [...answer.items, ...gone];
  const selectable = new Set(answer.items.map(key));
  for (const k of [...v.selected]) if (!selectable.has(k)) v.selected.delete(k);
  render();
  lookUp(answer.items);
}

function render() {
  const v = view;
  const nodes = v.items.map(cardFor);
  const used = new Set(v.items.map(key));
  for (const k of [...v.cards.keys()]) if (!used.has(k)) v.cards.delete(k);
  // Cards that stay keep their place in the document (and the focus, and a comment being typed).
  nodes.forEach((node, i) => {
    if (v.list.children[i] !== node) v.list.insertBefore(node, v.list.children[i] || null);
  });
  while (v.list.children.length > nodes.length) v.list.lastElementChild.remove();
  v.area.removeAttribute('aria-busy');
  if (!v.items.length) {
    v.area.replaceChildren(emptyState({ icon: 'inbox', title: t('inbox.empty'), hint: t('inbox.emptyHint'), testId: 'inbox-empty' }));
  } else if (v.area.firstChild !== v.list) v.area.replaceChildren(v.list, v.noneHere);
  v.head.hidden = !v.items.length;
  paintChips();
  applyFilter();
}

const waiting = () => view.items.filter((item) => !item.gone);

function paintChips() {
  const v = view;
  const counts = new Map(v.kinds.map((kind) => [kind, 0]));
  for (const item of waiting()) counts.set(item.kind, (counts.get(item.kind) || 0) + 1);
  // Swaps only when there are some: most workplaces never see one.
  const shown = ['all', ...v.kinds.filter((kind) => kind !== 'swap' || counts.get('swap') > 0 || v.filter === 'swap')];
  if (shown.join() !== [...v.chips.keys()].join()) {
    v.chips.clear();
    v.chipBox.replaceChildren(...shown.map((kind) => {
      const count = el('span', { class: 'inbox-chip-count', 'data-testid': 'inbox-filter-count' });
      const button = el('button', { type: 'button', class: 'inbox-chip', 'data-testid': `inbox-filter-${kind}`, 'data-kind': kind },
        kind === 'all' ? null : icon(KIND_ICON[kind], { size: 'sm' }), el('span', {}, t(`inbox.filter.${kind}`)), count);
      button.addEventListener('click', () => setFilter(kind));
      v.chips.set(kind, { button, count });
      return button;
    }));
  }
  for (const [kind, chip] of v.chips) {
    const n = kind === 'all' ? waiting().length : counts.get(kind) || 0;
    chip.count.textContent = String(n);
    chip.button.setAttribute('aria-pressed', String(v.filter === kind));
    chip.button.classList.toggle('is-empty', n === 0);
  }
}

function setFilter(kind) {
  const v = view;
  v.filter = kind;
  // What is selected is what one sees: bulk actions never reach hidden items.
  for (const item of v.items) if (!visible(item)) v.selected.delete(key(item));
  for (const card of v.cards.values()) card.box.checked = v.selected.has(card.key);
  paintChips();
  applyFilter();
}

const visible = (item) => view.filter === 'all' || item.kind === view.filter;

function applyFilter() {
  const v = view;
  let shown = 0;
  for (const item of v.items) {
    const card = v.cards.get(key(item));
    card.node.hidden = !visible(item);
    if (!card.node.hidden) shown += 1;
  }
  const open = waiting().filter(visible).length;
  v.summary.textContent = tn('inbox.waiting', open);
  if (v.items.length && shown === 0) {
    const all = el('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'inbox-show-all' }, t('inbox.showAll'));
    all.addEventListener('click', () => setFilter('all'));
    v.noneHere.replaceChildren(emptyState({ icon: KIND_ICON[v.filter] || 'inbox', title: t(`inbox.none.${v.filter}`), action: all,
      testId: 'inbox-filter-empty' }));
    v.noneHere.hidden = false;
  } else v.noneHere.hidden = true;
  paintSelection();
}

// ---- selection and the bulk bar ------------------------------------------------------------------------

function selectVisible(on) {
  const v = view;
  for (const item of waiting().filter(visible)) {
    if (on) v.selected.add(key(item));
    else v.selected.delete(key(item));
  }
  for (const card of v.cards.values()) card.box.checked = v.selected.has(card.key);
  paintSelection();
}

function paintSelection() {
  const v = view;
  const candidates = waiting().filter(visible);
  const chosen = candidates.filter((item) => v.selected.has(key(item)));
  v.selectAll.checked = candidates.length > 0 && chosen.length === candidates.length;
  v.selectAll.indeterminate = chosen.length > 0 && chosen.length < candidates.length;
  v.selectAll.disabled = candidates.length === 0;
  for (const card of v.cards.values()) card.node.classList.toggle('is-selected', v.selected.has(card.key));
  const b = v.bulk;
  b.node.hidden = chosen.length === 0;
  b.count.textContent = tn('inbox.selected', chosen.length);
  const busyNow = chosen.some((item) => v.working.has(key(item)));
  b.approve.disabled = busyNow;
  // A timesheet is approved, or corrected and left open: never declined.
  b.decline.disabled = busyNow || chosen.every((item) => item.kind === 'timesheet');
}

function bulkBar() {
  const count = el('span', { class: 'inbox-bulk-count', 'data-testid': 'inbox-bulk-count', 'aria-live': 'polite' });
  const approve = el('button', { type: 'button', class: 'button button-small', 'data-testid': 'inbox-bulk-approve' },
    icon('check-check', { size: 'sm' }), el('span', {}, t('inbox.approveAll')));
  const decline = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': 'inbox-bulk-decline' },
    icon('x', { size: 'sm' }), el('span', {}, t('inbox.declineAll')));
  const clear = el('button', { type: 'button', class: 'button button-ghost button-small', 'data-testid': 'inbox-bulk-clear' },
    t('inbox.clearSelection'));
  approve.addEventListener('click', () => decideSelected('approve'));
  decline.addEventListener('click', () => decideSelected('decline'));
  clear.addEventListener('click', () => selectVisible(false));
  const node = el('div', { class: 'inbox-bulk', role: 'region', 'aria-label': t('inbox.bulkLabel'), 'data-testid': 'inbox-bulk',
    hidden: true }, count, el('div', { class: 'inbox-bulk-actions' }, approve, decline, clear));
  return { node, count, approve, decline };
}

async function decideSelected(verdict) {
  const v = view;
  const chosen = waiting().filter((item) => visible(item) && v.selected.has(key(item)));
  const skipped = verdict === 'decline' ? chosen.filter((item) => item.kind === 'timesheet') : [];
  const acting = chosen.filter((item) => !skipped.includes(item));
  if (!acting.length) return;
  const byKind = v.kinds.map((kind) => [kind, acting.filter((item) => item.kind === kind).length]).filter(([, n]) => n > 0);
  const comment = acting.some((item) => item.kind === 'timeOff')
    ? field({ name: 'comment', label: t('inbox.bulkComment'), optional: true, hint: t('inbox.bulkCommentHint'),
      attrs: { maxlength: '1000', 'data-testid': 'inbox-bulk-comment' } })
    : null;
  const approve = verdict === 'approve';
  let outcome = null;
  await modal({
    title: tn(approve ? 'inbox.bulkApproveTitle' : 'inbox.bulkDeclineTitle', acting.length),
    intro: t(approve ? 'inbox.bulkApproveText' : 'inbox.bulkDeclineText'),
    content: [
      el('ul', { class: 'inbox-bulk-list', 'data-testid': 'inbox-bulk-summary' },
        ...byKind.map(([kind, n]) => el('li', {}, icon(KIND_ICON[kind], { size: 'sm' }), tn(`inbox.count.${kind}`, n)))),
      skipped.length > 0 && el('p', { class: 'banner banner-note' }, tn('inbox.bulkSkipsTimesheets', skipped.length)),
      comment?.node,
    ],
    submitLabel: t(approve ? 'inbox.approveAll' : 'inbox.declineAll'),
    busyLabel: t('inbox.deciding'),
    danger: !approve,
    testId: 'inbox-bulk-dialog',
    onSubmit: async () => {
      const text = comment?.input.value.trim();
      outcome = await decide(acting.map((item) => ({ item, decision: verdict, comment: text })));
    },
  });
  if (outcome) report(outcome, verdict);
}

// ---- deciding ---------------------------------------------------------------------------------------------

// Sends the decisions (100 to a request); the decided leave the list at once, the refused keep
// their reason. Throws when a request as a whole failed (nothing of it was decided).
async function decide(list) {
  const v = view;
  const keys = list.map((d) => key(d.item));
  for (const k of keys) v.working.add(k);
  paintWorking();
  const results = [];
  try {
    for (let at = 0; at < list.length; at += BATCH) {
      const part = list.slice(at, at + BATCH);
      const answer = await authedApi('/api/v1/inbox/decisions', { method: 'POST', body: { decisions: part.map((d) => ({
        kind: d.item.kind, id: d.item.id, decision: d.decision,
        ...(d.comment && d.item.kind === 'timeOff' ? { comment: d.comment } : {}) })) } });
      answer.results.forEach((r, i) => results.push({ ...r, item: part[i].item }));
    }
  } finally {
    for (const k of keys) v.working.delete(k);
    if (view === v) paintWorking();
  }
  const decided = results.filter((r) => !r.error);
  const refused = results.filter((r) => r.error);
  if (view === v) {
    for (const r of decided) {
      v.failed.delete(key(r.item));
      v.selected.delete(key(r.item));
    }
    for (const r of refused) v.failed.set(key(r.item), { item: stripGone(r.item), error: r.error });
  }
  // The menu's count and this list drop the decided at once; the server's word follows.
  if (!settleInbox(decided.map((r) => key(r.item))) && view === v) render();
  reloadInbox({ fresh: true }).catch(() => {});
  return { decided, refused };
}

function stripGone(item) {
  const { gone, ...rest } = item;
  return rest;
}

function paintWorking() {
  const v = view;
  for (const card of v.cards.values()) {
    const on = v.working.has(card.key);
    card.node.setAttribute('aria-busy', String(on));
    for (const b of card.node.querySelectorAll('.inbox-actions button, .inbox-check')) b.disabled = on;
  }
  paintSelection();
}

function report({ decided, refused }, verdict) {
  if (decided.length === 1 && !refused.length) {
    toast(t(verdict === 'approve' ? 'inbox.approvedOne' : 'inbox.declinedOne', { what: itemName(decided[0].item) }),
      { testId: 'inbox-toast' });
  } else if (decided.length) {
    toast(tn(verdict === 'approve' ? 'inbox.approvedMany' : 'inbox.declinedMany', decided.length), { testId: 'inbox-toast' });
  }
  if (refused.length) toast(tn('inbox.refused', refused.length), { kind: 'bad', testId: 'inbox-toast-bad' });
}

async function decideOne(item, verdict, card) {
  const v = view;
  const comment = card.comment?.value.trim();
  const at = [...v.list.children].indexOf(card.node);
  v.failed.delete(key(item));
  let outcome;
  try {
    outcome = await decide([{ item, decision: verdict, comment }]);
  } catch (e) {
    if (view !== v || e.status === 401) return;
    v.failed.set(key(item), { item, error: { message: errorText(e) } });
    render();
    return;
  }
  if (view !== v) return;
  report(outcome, verdict);
  // The keyboard goes on with the next item (or what stands in the card now).
  if (outcome.decided.length && !card.node.isConnected) {
    const next = [...v.list.children].slice(Math.max(0, at)).find((node) => !node.hidden)
      || [...v.list.children].reverse().find((node) => !node.hidden);
    (next?.querySelector('.inbox-actions button') || v.area.querySelector('button') || v.area).focus?.();
  }
}

// "Lisa Bakker's timesheet", for the note after deciding.
const itemName = (item) => t(`inbox.name.${item.kind}`, { name: item.userName || t('inbox.formerMember') });

// ---- one card ------------------------------------------------------------------------------------------------

function cardFor(item) {
  const v = view;
  const k = key(item);
  const error = v.failed.get(k)?.error || null;
  const sig = JSON.stringify([item, error, v.lookups]);
  const had = v.cards.get(k);
  if (had?.sig === sig) return had.node;
  const card = buildCard(item, error);
  card.sig = sig;
  // A comment being typed survives the card being drawn anew (a live update).
  if (had?.comment && card.comment) {
    card.comment.value = had.comment.value;
    card.commentBox.hidden = had.commentBox.hidden;
    card.commentToggle.hidden = had.commentToggle.hidden;
  }
  if (had) had.node.replaceWith(card.node);
  v.cards.set(k, card);
  return card.node;
}

function buildCard(item, error) {
  const v = view;
  const k = key(item);
  const card = { key: k };
  const name = item.userName || t('inbox.formerMember');
  card.box = el('input', { type: 'checkbox', class: 'inbox-check', 'data-testid': 'inbox-select',
    'aria-label': t('inbox.selectOne', { what: itemName(item) }), disabled: item.gone || v.working.has(k) });
  card.box.checked = v.selected.has(k);
  card.box.addEventListener('change', () => {
    if (card.box.checked) v.selected.add(k);
    else v.selected.delete(k);
    paintSelection();
  });
  const asked = el('time', { class: 'inbox-asked', datetime: item.createdAt, title: formatDateTime(item.createdAt),
    'data-testid': 'inbox-asked' }, askedText(item));
  asked.item = item;
  const head = el('div', { class: 'inbox-item-head' },
    el('span', { class: 'inbox-name', 'data-testid': 'inbox-who' }, name),
    el('span', { class: `tag inbox-kind is-${item.kind}`, 'data-testid': 'inbox-kind' }, icon(KIND_ICON[item.kind] || 'info', { size: 'sm' }),
      t(`inbox.kind.${item.kind}`)),
    asked);
  const main = el('div', { class: 'inbox-main' }, head, ...what(item));
  if (item.conflicts?.length) {
    main.append(el('ul', { class: 'inbox-conflicts', 'data-testid': 'inbox-conflicts', 'aria-label': t('inbox.conflicts') },
      ...item.conflicts.map((c) => conflictChip(c))));
  }
  if (item.kind === 'timeOff' && !item.gone) {
    card.comment = el('input', { type: 'text', id: uid('inbox-comment'), name: 'comment', maxlength: '1000',
      'data-testid': 'inbox-comment', placeholder: t('inbox.commentPlaceholder', { name }) });
    card.comment.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        decideOne(item, 'approve', card);
      }
    });
    card.commentBox = el('div', { class: 'inbox-comment', hidden: true },
      el('label', { for: card.comment.id }, t('inbox.comment'), el('span', { class: 'optional' }, ` (${t('form.optional')})`)),
      card.comment);
    main.append(card.commentBox);
  }
  if (error) {
    main.append(el('p', { class: 'banner banner-bad inbox-error', role: 'alert', 'data-testid': 'inbox-item-error' },
      icon('circle-alert', { size: 'sm' }), el('span', {}, problemText(error))));
  }
  card.node = el('li', { class: `inbox-item${item.gone ? ' is-gone' : ''}`, 'data-testid': 'inbox-item', 'data-kind': item.kind,
    'data-id': item.id, 'aria-busy': String(v.working.has(k)) },
  el('div', { class: 'inbox-pick' }, card.box),
  el('span', { class: 'avatar inbox-avatar', 'aria-hidden': 'true' }, initials(name)),
  main,
  el('div', { class: 'inbox-actions' }, ...actions(item, card)));
  return card;
}

function askedText(item) {
  return t(item.kind === 'timesheet' ? 'inbox.periodEnded' : 'inbox.asked', { when: formatRelative(item.createdAt) });
}

function problemText(error) {
  const details = Object.values(error.fields || {}).filter((m) => m && m !== error.message);
  return [error.message, ...details].filter(Boolean).join(' ');
}

// 450 → "7:30"
const hours = (minutes) => {
  const m = Math.max(0, Math.round(minutes || 0));
  return `${Math.floor(m / 60)}:${pad(m % 60)}`;
};

const timeOffKind = (kind) => (TIME_OFF_KINDS.includes(kind) ? t(`timeoff.kind.${kind}`) : kind);

function timeOffWhen(o) {
  const days = o.endDate && o.endDate !== o.startDate ? `${dayLabel(o.startDate)} – ${dayLabel(o.endDate)}` : dayLabel(o.startDate);
  if (o.startTime && o.endTime) return `${days} · ${timeRange(o.startTime, o.endTime)}`;
  const n = daysBetween(fromIso(o.startDate), fromIso(o.endDate || o.startDate)) + 1;
  return `${days} · ${n > 1 ? tn('timeoff.days', n) : t('timeoff.allDay')}`;
}

function shiftLine(s) {
  const where = s.scheduleId && view.schedules?.get(s.scheduleId)?.name;
  return [dayLabel(s.shiftDate), timeRange(s.startTime, s.endTime), s.title, where].filter(Boolean).join(' · ');
}

// What is asked, in a line or two.
function what(item) {
  if (item.kind === 'claim' && item.claim) {
    return [el('p', { class: 'inbox-what', 'data-testid': 'inbox-what' }, el('span', { class: 'inbox-lead' }, t('inbox.claim.what')),
      ' ', shiftLine(item.claim))];
  }
  if (item.kind === 'swap' && item.swap) {
    const s = item.swap;
    return [el('p', { class: 'inbox-what', 'data-testid': 'inbox-what' },
      el('span', { class: 'inbox-lead' }, t('inbox.swap.what', { name: s.fromName || t('inbox.formerMember') })), ' ',
      shiftLine({ ...s.shift, scheduleId: s.scheduleId })),
    s.note && el('p', { class: 'inbox-note', 'data-testid': 'inbox-note' }, s.note)];
  }
  if (item.kind === 'timeOff' && item.timeOff) {
    const o = item.timeOff;
    return [el('p', { class: 'inbox-what', 'data-testid': 'inbox-what' },
      el('span', { class: 'inbox-lead' }, timeOffKind(o.kind)), ' · ', timeOffWhen(o)),
    o.note && el('p', { class: 'inbox-note', 'data-testid': 'inbox-note' }, icon('message-square', { size: 'sm' }), el('span', {}, o.note))];
  }
  if (item.kind === 'timesheet' && item.timesheet) {
    const { period, summary } = item.timesheet;
    const totals = summary.totals || {};
    const overtime = item.overtimeMinutes ?? totals.overtimeMinutes ?? 0;
    const fact = (label, value, testId, warn = false) => el('span', { class: `inbox-fact${warn ? ' is-warn' : ''}` },
      el('span', { class: 'inbox-fact-label' }, label), el('span', { class: 'inbox-fact-value', 'data-testid': testId }, value));
    return [
      el('p', { class: 'inbox-what', 'data-testid': 'inbox-what' }, el('span', { class: 'inbox-lead' }, t('inbox.timesheet.what')), ' ',
        `${dayLabel(period.start)} – ${dayLabel(period.end)}`),
      el('div', { class: 'inbox-facts' },
        fact(t('inbox.timesheet.worked'), hours(totals.workedMinutes), 'inbox-worked'),
        fact(t('inbox.timesheet.overtime'), hours(overtime), 'inbox-overtime', overtime > 0),
        totals.scheduledMinutes > 0 && fact(t('inbox.timesheet.scheduled'), hours(totals.scheduledMinutes), 'inbox-scheduled'),
        fact(t('inbox.timesheet.entries'), String(summary.entries ?? 0), 'inbox-entries')),
      (summary.missedClockOuts > 0 || summary.editedEntries > 0) && el('div', { class: 'tags' },
        summary.missedClockOuts > 0 && el('span', { class: 'tag tag-invited', 'data-testid': 'inbox-missed' },
          tn('inbox.timesheet.missed', summary.missedClockOuts)),
        summary.editedEntries > 0 && el('span', { class: 'tag', 'data-testid': 'inbox-edited' },
          tn('inbox.timesheet.edited', summary.editedEntries))),
    ];
  }
  return [];
}

// A warning: the server's reason, in the reader's language; time off that meets a shift names it.
function conflictChip(c) {
  const shift = c.code === 'scheduled' && c.relatedId ? view.shifts.get(c.relatedId) : null;
  let text = c.message;
  if (c.code === 'scheduled') text = shift ? t('inbox.conflict.scheduledAt', { shift: shiftLine(shift) }) : t('inbox.conflict.scheduled');
  return el('li', { class: 'inbox-conflict', 'data-testid': 'inbox-conflict', 'data-code': c.code,
    'data-related': c.relatedId || null, title: c.message },
    icon('triangle-alert', { size: 'sm' }), el('span', {}, text));
}

function actions(item, card) {
  if (item.gone) {
    const dismiss = el('button', { type: 'button', class: 'button button-ghost button-small', 'data-testid': 'inbox-dismiss' },
      icon('x', { size: 'sm' }), el('span', {}, t('inbox.dismiss')));
    dismiss.addEventListener('click', () => {
      view.failed.delete(key(item));
      view.items = view.items.filter((i) => key(i) !== key(item));
      render();
    });
    return [dismiss];
  }
  const name = itemName(item);
  const approve = el('button', { type: 'button', class: 'button button-small', 'data-testid': 'inbox-approve',
    'aria-label': t('inbox.approveAria', { what: name }) }, icon('check', { size: 'sm' }), el('span', {}, t('inbox.approve')));
  approve.addEventListener('click', () => decideOne(item, 'approve', card));
  const out = [approve];
  if (item.kind !== 'timesheet') {
    const decline = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': 'inbox-decline',
      'aria-label': t('inbox.declineAria', { what: name }) }, icon('x', { size: 'sm' }), el('span', {}, t('inbox.decline')));
    decline.addEventListener('click', () => decideOne(item, 'decline', card));
    out.push(decline);
  }
  if (item.kind === 'timeOff') {
    card.commentToggle = el('button', { type: 'button', class: 'button button-ghost button-small', 'data-testid': 'inbox-comment-toggle' },
      icon('message-square', { size: 'sm' }), el('span', {}, t('inbox.addComment')));
    card.commentToggle.addEventListener('click', () => {
      card.commentBox.hidden = false;
      card.commentToggle.hidden = true;
      card.comment.focus();
    });
    out.push(card.commentToggle);
  }
  if (item.kind === 'timesheet' && item.timesheet) {
    const csv = el('button', { type: 'button', class: 'button button-ghost button-small', 'data-testid': 'inbox-csv',
      'aria-label': t('inbox.csvAria', { name: item.userName }) }, icon('download', { size: 'sm' }), el('span', {}, t('inbox.csv')));
    csv.addEventListener('click', () => downloadCsv(item, csv));
    const open = el('a', { href: '/timesheets?tab=team', class: 'button button-ghost button-small', 'data-testid': 'inbox-timesheet-link' },
      icon('file-text', { size: 'sm' }), el('span', {}, t('inbox.openTimesheets')));
    out.push(csv, open);
  }
  return out;
}

async function downloadCsv(item, button) {
  const { period } = item.timesheet;
  const restore = busy(button, t('inbox.downloading'));
  try {
    const query = new URLSearchParams({ date: period.start, userId: item.userId });
    const name = await downloadFile(`/api/v1/timesheets/export?${query}`, `timesheets-${period.start}-${period.end}.csv`);
    toast(t('inbox.downloaded', { name }), { testId: 'inbox-toast' });
  } catch (e) {
    if (e.status !== 401) toast(errorText(e), { kind: 'bad', testId: 'inbox-toast-bad' });
  } finally {
    restore();
  }
}

// ---- names and shifts ---------------------------------------------------------------------------------------------

// The schedules' names (for claims) and the shifts time off would clash with (the answer names
// only their ids): read once each, shown when they arrive; without them the cards say less.
async function lookUp(items) {
  const v = view;
  if (!v.readsSchedules) return;
  const offs = items.filter((i) => i.kind === 'timeOff' && i.timeOff
    && i.conflicts.some((c) => c.code === 'scheduled' && c.relatedId && !v.shifts.has(c.relatedId)));
  // A schedule made since the names were read: read them again (once for each such id).
  const unnamed = items.map((i) => i.claim?.scheduleId || i.swap?.scheduleId)
    .filter((id) => id && v.schedules && !v.schedules.has(id) && !v.unnamed.has(id));
  const wanted = (!v.schedules && items.some((i) => i.kind === 'claim' || i.kind === 'swap')) || unnamed.length > 0 || offs.length > 0;
  if (!wanted) return;
  for (const id of unnamed) v.unnamed.add(id);
  try {
    if (!v.schedules || unnamed.length) {
      v.schedules = new Map((await allSchedules()).map((s) => [s.id, s]));
      if (view !== v) return;
      v.lookups += 1;
    }
    const reads = [];
    for (const o of offs) {
      const from = o.timeOff.startDate;
      const to = o.timeOff.endDate || from;
      for (const id of v.schedules.keys()) {
        const ask = `${id}/${from}/${to}`;
        if (v.asked.has(ask)) continue;
        v.asked.add(ask);
        reads.push(authedApi(`/api/v1/schedules/${encodeURIComponent(id)}/shifts?${new URLSearchParams({ from, to })}`)
          .then((answer) => {
            for (const s of answer.items) v.shifts.set(s.id, s);
          }));
      }
    }
    await Promise.allSettled(reads);
    if (view !== v) return;
    if (reads.length) v.lookups += 1;
    render();
  } catch {
    // the cards show what the inbox said
  }
}
