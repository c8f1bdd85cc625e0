// Time off (/time-off): a form to request it (a day, several days, or part of one day) and my
// requests with their answers, page by page, each pending or approved one cancellable. Holders of
// `clock.manage` have a second tab, Requests to review: everyone's requests (pending first; a
// filter shows approved, declined or all), each pending one approved or declined with an optional
// comment. The lists follow timeoff.requested / timeoff.decided events live.
import { authedApi } from '../auth.js';
import { modal } from '../dialog.js';
import { formatRelative } from '../format.js';
import { busy, el, errorText, field, notice, setError, showFieldErrors, uid } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { whenChanged } from '../realtime.js';
import { pageTitle } from '../shell.js';
import { card, emptyState, page, pagedList, toast } from '../ui.js';
import {
  allMembers, allPages, byId, checkField, clearOnInput, dayLabel, daysBetween, fromIso, organizationId, textareaField, timeRange,
} from '../rota-common.js';

export const KINDS = ['vacation', 'sick', 'personal', 'unpaid', 'other'];
const FILTERS = ['pending', 'approved', 'declined', 'all'];
const STATUS_ICON = { pending: 'clock', approved: 'circle-check', declined: 'circle-x', cancelled: 'ban' };
const EVENTS = ['timeoff.requested', 'timeoff.decided'];
const LIMIT = 10;
const send = (path, method, body) => authedApi(path, { method, body });

let view = null;

export function mount(root, { session }) {
  const manager = session.permissions.includes('clock.manage');
  const params = new URLSearchParams(location.search);
  view = { session, me: session.user.id, manager, tab: manager && params.get('tab') === 'review' ? 'review' : 'mine',
    filter: 'pending', people: new Map() };
  const v = view;
  v.mine = mineList();
  v.minePanel = el('div', { class: 'timeoff-grid', 'data-testid': 'timeoff-mine' }, requestForm(),
    card({ title: t('timeoff.mine'), flush: true, testId: 'timeoff-mine-card',
      tools: v.mine.summary }, v.mine.area, el('div', { class: 'card-foot' }, v.mine.pager)));
  const body = [v.minePanel];
  let tabs = null;
  if (manager) {
    v.review = reviewList();
    v.reviewPanel = el('div', { class: 'stack', 'data-testid': 'timeoff-review' },
      card({ title: t('timeoff.tabReview'), flush: true, testId: 'timeoff-review-card', tools: [v.review.summary, filterChoice()] },
        v.review.area, el('div', { class: 'card-foot' }, v.review.pager)));
    tabs = tabBar();
    body.push(v.reviewPanel);
    loadPeople();
  }
  root.replaceChildren(page('wide', pageTitle(t('timeoff.title')),
    el('div', { class: 'timeoff-page stack', 'data-testid': 'timeoff-page' }, tabs, ...body)));
  showTab(v.tab);
  v.stopLive = whenChanged(EVENTS, () => {
    if (view !== v) return;
    v.mine.load();
    v.review?.load();
  });
}

export function unmount() {
  if (!view) return;
  view.stopLive();
  view.mine.stop();
  view.review?.stop();
  view = null;
}

// ---- tabs -----------------------------------------------------------------------------------------

function tabBar() {
  const v = view;
  v.tabButtons = ['mine', 'review'].map((name) => {
    const b = el('button', { type: 'button', role: 'tab', class: 'timeoff-tab', 'data-testid': `timeoff-tab-${name}` },
      t(name === 'mine' ? 'timeoff.tabMine' : 'timeoff.tabReview'));
    b.dataset.tab = name;
    b.addEventListener('click', () => showTab(name));
    return b;
  });
  return el('div', { class: 'segmented timeoff-tabs', role: 'tablist', 'aria-label': t('timeoff.tabs') }, ...v.tabButtons);
}

function showTab(name) {
  const v = view;
  v.tab = name;
  v.minePanel.hidden = name !== 'mine';
  if (v.reviewPanel) v.reviewPanel.hidden = name !== 'review';
  for (const b of v.tabButtons || []) b.setAttribute('aria-selected', String(b.dataset.tab === name));
  if (v.manager) history.replaceState(null, '', name === 'review' ? '/time-off?tab=review' : '/time-off');
  (name === 'review' ? v.review : v.mine).load();
}

// ---- what a request says ----------------------------------------------------------------------------

const kindLabel = (kind) => (KINDS.includes(kind) ? t(`timeoff.kind.${kind}`) : kind);

// "Mon 02-03-2026 – Tue 03-03-2026", or one day.
function whenText(item) {
  return item.endDate && item.endDate !== item.startDate
    ? `${dayLabel(item.startDate)} – ${dayLabel(item.endDate)}` : dayLabel(item.startDate);
}

function lengthText(item) {
  if (item.startTime && item.endTime) return timeRange(item.startTime, item.endTime);
  const days = daysBetween(fromIso(item.startDate), fromIso(item.endDate || item.startDate)) + 1;
  return days > 1 ? tn('timeoff.days', days) : t('timeoff.allDay');
}

function statusPill(status) {
  return el('span', { class: `pill pill-${status}`, 'data-testid': 'timeoff-status', 'data-status': status },
    icon(STATUS_ICON[status] || 'info'), t(`timeoff.status.${status}`));
}

// One request in a list; `who` names its person (the review list), `actions` sit at its foot.
function requestItem(item, { who, actions } = {}) {
  return el('li', { class: 'timeoff-item', 'data-testid': 'timeoff-item', 'data-id': item.id, 'data-status': item.status },
    el('span', { class: `timeoff-icon is-${item.status}`, 'aria-hidden': 'true' }, icon(item.startTime ? 'clock' : 'sun')),
    el('div', { class: 'timeoff-main' },
      el('div', { class: 'timeoff-head' },
        el('div', { class: 'timeoff-title' },
          who && el('span', { class: 'timeoff-who', 'data-testid': 'timeoff-who' }, who),
          el('span', { class: 'timeoff-when', 'data-testid': 'timeoff-when' }, whenText(item))),
        statusPill(item.status)),
      el('span', { class: 'timeoff-meta' }, `${kindLabel(item.kind)} · ${lengthText(item)}`,
        who && el('span', { class: 'muted' }, ` · ${t('timeoff.requestedOn', { when: formatRelative(item.createdAt) })}`)),
      item.note && el('span', { class: 'timeoff-note', 'data-testid': 'timeoff-note' }, item.note),
      item.decisionComment && el('span', { class: 'timeoff-comment', 'data-testid': 'timeoff-comment' },
        el('span', { class: 'timeoff-comment-label' }, icon('message-square', { size: 'sm' }), t('timeoff.comment')),
        el('span', {}, item.decisionComment)),
      actions));
}

// ---- the request form ---------------------------------------------------------------------------------

function requestForm() {
  const f = {
    kind: field({ name: 'kind', label: t('timeoff.kind'), options: KINDS.map((k) => [k, kindLabel(k)]) }),
    startDate: field({ name: 'startDate', label: t('timeoff.startDate'), type: 'date', attrs: { required: true } }),
    endDate: field({ name: 'endDate', label: t('timeoff.endDate'), type: 'date', optional: true, hint: t('timeoff.endDateHint') }),
    partDay: checkField({ name: 'partDay', label: t('timeoff.partDay') }),
    startTime: field({ name: 'startTime', label: t('timeoff.startTime'), type: 'time', value: '09:00' }),
    endTime: field({ name: 'endTime', label: t('timeoff.endTime'), type: 'time', value: '13:00' }),
    note: textareaField({ name: 'note', label: t('timeoff.note'), rows: 2, attrs: { maxlength: '1000' } }),
  };
  clearOnInput(f);
  const times = el('div', { class: 'field-pair', 'data-testid': 'timeoff-times', hidden: true }, f.startTime.node, f.endTime.node);
  const dates = el('div', { class: 'field-pair' }, f.startDate.node, f.endDate.node);
  f.partDay.input.addEventListener('change', () => {
    times.hidden = !f.partDay.input.checked;
    // Part of a day is one date.
    f.endDate.node.hidden = f.partDay.input.checked;
  });
  const problem = notice('timeoff-form-error');
  const submit = el('button', { type: 'submit', class: 'button', 'data-testid': 'timeoff-submit' }, icon('send'),
    el('span', {}, t('timeoff.send')));
  const form = el('form', { class: 'stack', novalidate: true, 'data-testid': 'timeoff-form' },
    f.kind.node, dates, f.partDay.node, times, f.note.node, problem, el('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.clear();
    if (!f.startDate.input.value) {
      setError(f.startDate.input, f.startDate.line, t('timeoff.required'));
      f.startDate.input.focus();
      return;
    }
    const part = f.partDay.input.checked;
    const body = { kind: f.kind.input.value, startDate: f.startDate.input.value };
    if (!part && f.endDate.input.value) body.endDate = f.endDate.input.value;
    if (part) Object.assign(body, { startTime: f.startTime.input.value, endTime: f.endTime.input.value });
    const note = f.note.input.value.trim();
    if (note) body.note = note;
    const restore = busy(submit, t('timeoff.sending'));
    try {
      await send('/api/v1/time-off', 'POST', body);
    } catch (e) {
      restore();
      if (e.status === 401) return;
      const stray = showFieldErrors(e.fields, f);
      if (stray.length || !Object.keys(e.fields).length) problem.say('bad', stray.length ? stray.join('\n') : errorText(e));
      return;
    }
    restore();
    form.reset();
    f.startTime.input.value = '09:00';
    f.endTime.input.value = '13:00';
    times.hidden = true;
    f.endDate.node.hidden = false;
    toast(t('timeoff.sent'), { testId: 'timeoff-toast' });
    view?.mine.load();
  });
  return card({ title: t('timeoff.request'), sub: t('timeoff.requestHint'), testId: 'timeoff-request' }, form);
}

// ---- my requests ------------------------------------------------------------------------------------------

function mineList() {
  const list = pagedList({
    testId: 'timeoff-mine-list',
    summaryTestId: 'timeoff-mine-count',
    errorTestId: 'timeoff-mine-error',
    count: 'timeoff.count',
    fetch: (n) => authedApi(`/api/v1/time-off?${new URLSearchParams({ page: String(n), limit: String(LIMIT),
      userId: view.me })}`),
    render: (items) => el('ul', { class: 'timeoff-list' }, ...items.map((item) => requestItem(item, {
      actions: ['pending', 'approved'].includes(item.status) && el('div', { class: 'timeoff-actions' }, cancelButton(item)) }))),
    empty: () => emptyState({ icon: 'sun', title: t('timeoff.empty'), hint: t('timeoff.emptyHint'), testId: 'timeoff-empty' }),
  });
  return list;
}

function cancelButton(item) {
  const button = el('button', { type: 'button', class: 'button button-ghost button-small button-danger-quiet',
    'data-testid': 'timeoff-cancel', 'aria-label': t('timeoff.cancelAria', { when: whenText(item) }) },
  icon('x', { size: 'sm' }), el('span', {}, t('timeoff.cancel')));
  button.addEventListener('click', async () => {
    const done = await modal({
      title: t('timeoff.cancelTitle'),
      intro: t('timeoff.cancelText', { kind: kindLabel(item.kind), when: whenText(item) }),
      submitLabel: t('timeoff.cancelConfirm'),
      busyLabel: t('timeoff.cancelling'),
      cancelLabel: t('timeoff.cancelKeep'),
      danger: true,
      testId: 'timeoff-cancel-dialog',
      onSubmit: () => send(`/api/v1/time-off/${encodeURIComponent(item.id)}`, 'DELETE'),
    });
    if (!done || !view) return;
    toast(t('timeoff.cancelled'), { testId: 'timeoff-toast' });
    view.mine.load();
    view.review?.load();
  });
  return button;
}

// ---- requests to review ---------------------------------------------------------------------------------

// The team's names, for the review list; without them the list shows what it can.
async function loadPeople() {
  const v = view;
  try {
    // The team's accounts (users.read), else the organization's members.
    const people = await allPages('/api/v1/users').catch(async (e) => {
      const org = e.status === 403 ? await organizationId() : null;
      if (!org) throw e;
      return allMembers(org);
    });
    if (view !== v) return;
    v.people = byId(people);
    v.review.load();
  } catch {
    // the names stay unknown
  }
}

const personName = (userId) => {
  const p = view.people.get(userId);
  return p ? p.name || p.email : t('timeoff.formerMember');
};

function filterChoice() {
  const v = view;
  const name = uid('timeoff-filter');
  const options = FILTERS.map((value) => {
    const input = el('input', { type: 'radio', name, value, checked: value === v.filter, 'data-testid': `timeoff-filter-${value}` });
    input.addEventListener('change', () => {
      v.filter = value;
      v.review.page = 1;
      v.review.load();
    });
    return el('label', { class: 'segmented-option' }, input, el('span', {}, t(`timeoff.filter.${value}`)));
  });
  return el('div', { class: 'segmented', role: 'radiogroup', 'aria-label': t('timeoff.filter') }, ...options);
}

function reviewList() {
  return pagedList({
    testId: 'timeoff-review-list',
    summaryTestId: 'timeoff-review-count',
    errorTestId: 'timeoff-review-error',
    count: 'timeoff.count',
    fetch: (n) => {
      const params = new URLSearchParams({ page: String(n), limit: String(LIMIT) });
      if (view.filter !== 'all') params.set('status', view.filter);
      return authedApi(`/api/v1/time-off?${params}`);
    },
    render: (items) => el('ul', { class: 'timeoff-list' }, ...items.map((item) => requestItem(item, {
      who: personName(item.userId), actions: item.status === 'pending' ? decision(item) : null }))),
    empty: () => emptyState({ icon: 'inbox', title: t(view.filter === 'pending' ? 'timeoff.reviewEmpty' : 'timeoff.listEmpty'),
      hint: view.filter === 'pending' ? t('timeoff.reviewEmptyHint') : null, testId: 'timeoff-review-empty' }),
  });
}

// Approve / Decline with an optional comment, on the item itself.
function decision(item) {
  const comment = field({ name: 'comment', label: t('timeoff.decisionComment'), optional: true,
    attrs: { maxlength: '1000', 'data-testid': 'timeoff-decision-comment' } });
  const problem = notice('timeoff-decision-error');
  const approve = el('button', { type: 'button', class: 'button button-small', 'data-testid': 'timeoff-approve' },
    icon('check', { size: 'sm' }), el('span', {}, t('timeoff.approve')));
  const decline = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': 'timeoff-decline' },
    icon('x', { size: 'sm' }), el('span', {}, t('timeoff.decline')));
  const decide = async (verb) => {
    problem.clear();
    const text = comment.input.value.trim();
    const idle = (on) => {
      approve.disabled = !on;
      decline.disabled = !on;
      comment.input.disabled = !on;
    };
    idle(false);
    try {
      await send(`/api/v1/time-off/${encodeURIComponent(item.id)}/${verb}`, 'POST', text ? { comment: text } : {});
    } catch (e) {
      idle(true);
      if (e.status === 401) return;
      if (e.status === 409) {
        toast(t('timeoff.decidedAlready'), { kind: 'bad', testId: 'timeoff-toast' });
        view?.review.load();
        return;
      }
      if (e.fields?.comment) setError(comment.input, comment.line, e.fields.comment);
      else problem.say('bad', errorText(e));
      return;
    }
    toast(t(verb === 'approve' ? 'timeoff.approved' : 'timeoff.declined', { name: personName(item.userId) }),
      { testId: 'timeoff-toast' });
    view?.review.load();
    view?.mine.load();
  };
  approve.addEventListener('click', () => decide('approve'));
  decline.addEventListener('click', () => decide('decline'));
  comment.input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      decide('approve');
    }
  });
  return el('div', { class: 'timeoff-decision', 'data-testid': 'timeoff-decision' }, comment.node, problem,
    el('div', { class: 'timeoff-actions' }, approve, decline));
}
