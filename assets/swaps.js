// Shift swaps on My shifts: "Offer" on one of my coming shifts (to everyone on its schedule or to
// one colleague, with a note), and the Swaps section: offers I may take (Accept; the server's
// conflict engine judges me) and my own offers with where they stand (Withdraw after confirming).
// A planner approves an accepted swap in the inbox when the schedule asks for it.
import { authedApi } from './auth.js';
import { confirmAction, modal } from './dialog.js';
import { busy, el, errorText, uid } from './forms.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { whenChanged } from './realtime.js';
import { dayLabel, timeRange } from './rota-common.js';
import { emptyState, loadError, skeleton, toast } from './ui.js';

export const SWAP_EVENTS = ['swap.offered', 'swap.accepted', 'swap.approved', 'swap.declined', 'swap.cancelled'];

// The section, which keeps itself current; `changed()` runs after a swap moved a shift (the
// shift lists read again). Answers { node, offered(shiftId), offer(shift), refresh(), stop() }.
export function swapsSection({ me, mayReadTeam, head, changed }) {
  const s = { me, mayReadTeam, items: [], node: el('div', { class: 'my-section', 'data-testid': 'swaps-section' }), head, changed };
  const stopLive = whenChanged(SWAP_EVENTS, () => refresh(s, { quiet: true }));
  refresh(s);
  return {
    node: s.node,
    offered: (shiftId) => s.items.some((w) => w.shiftId === shiftId && w.fromUserId === s.me),
    offer: (shift, schedule) => offerDialog(s, shift, schedule),
    refresh: () => refresh(s, { quiet: true }),
    stop: stopLive,
  };
}

async function refresh(s, { quiet = false } = {}) {
  if (!quiet) s.node.replaceChildren(s.head(t('swaps.title')), el('div', { class: 'card' }, skeleton({ rows: 2 })));
  try {
    s.items = (await authedApi('/api/v1/swaps?status=open')).items;
  } catch (e) {
    if (e.status === 401) return;
    s.node.replaceChildren(s.head(t('swaps.title')), el('section', { class: 'card' }, loadError(e, () => refresh(s), 'swaps-error')));
    return;
  }
  render(s);
  s.changed({ quiet: true });
}

function render(s) {
  const items = [...s.items].sort((a, b) => a.shift.startsAt.localeCompare(b.shift.startsAt));
  if (!items.length) {
    s.node.replaceChildren(s.head(t('swaps.title')), el('section', { class: 'card' }, emptyState({ icon: 'users',
      title: t('swaps.none'), hint: t('swaps.noneHint'), testId: 'swaps-empty' })));
    return;
  }
  s.node.replaceChildren(s.head(t('swaps.title'), items.length), el('ul', { class: 'shift-list' }, ...items.map((w) => swapCard(s, w))));
}

const when = (w) => `${dayLabel(w.shift.shiftDate)} · ${timeRange(w.shift.startTime, w.shift.endTime)}`;

function swapCard(s, w) {
  const mine = w.fromUserId === s.me;
  const problem = el('div', { class: 'banner banner-bad open-problem', role: 'alert', 'data-testid': 'swap-error', hidden: true });
  let who;
  if (mine) who = w.status === 'accepted' ? t('swaps.takenBy', { name: w.acceptedByName || '' }) : t(w.toUserId ? 'swaps.offeredOne' : 'swaps.offeredAll');
  else who = t(w.status === 'accepted' ? 'swaps.youTook' : 'swaps.from', { name: w.fromName });
  const pill = w.status === 'accepted'
    ? el('span', { class: 'pill pill-requested', 'data-testid': 'swap-status' }, icon('clock', { size: 'sm' }), t('swaps.waitingApproval'))
    : el('span', { class: 'pill', 'data-testid': 'swap-status' }, t('swaps.onOffer'));
  let action = null;
  if (mine) action = withdrawButton(s, w, problem);
  else if (w.status === 'offered') action = acceptButton(s, w, problem);
  return el('li', { class: 'shift-card open-card', 'data-testid': 'swap-item', 'data-id': w.id, 'data-shift-id': w.shiftId,
    'data-status': w.status, 'data-mine': String(mine) },
  el('div', { class: 'open-body' },
    el('div', { class: 'shift-top' }, el('span', { class: 'shift-day' }, dayLabel(w.shift.shiftDate)), pill),
    el('p', { class: 'shift-time' }, timeRange(w.shift.startTime, w.shift.endTime)),
    w.shift.title && el('p', { class: 'shift-title' }, w.shift.title),
    el('p', { class: 'shift-meta', 'data-testid': 'swap-who' }, icon('users', { size: 'sm' }), who),
    w.note && el('p', { class: 'shift-note' }, icon('message-square', { size: 'sm' }), el('span', {}, w.note))),
  el('div', { class: 'open-action' }, action),
  problem);
}

function showProblem(problem, e) {
  const reasons = (e.conflicts || []).map((c) => c.message).filter(Boolean);
  problem.replaceChildren(el('p', {}, errorText(e)), ...(reasons.length ? [el('ul', {}, ...reasons.map((r) => el('li', {}, r)))] : []));
  problem.hidden = false;
}

function acceptButton(s, w, problem) {
  const button = el('button', { type: 'button', class: 'button claim-button', 'data-testid': 'swap-accept',
    'aria-label': t('swaps.acceptOf', { when: when(w) }) }, t('swaps.accept'));
  button.addEventListener('click', async () => {
    problem.hidden = true;
    const restore = busy(button, t('swaps.accepting'));
    let answer;
    try {
      answer = await authedApi(`/api/v1/swaps/${encodeURIComponent(w.id)}/accept`, { method: 'POST', body: {} });
    } catch (e) {
      if (e.status === 401) return;
      restore();
      showProblem(problem, e);
      return;
    }
    toast(t(answer.status === 'approved' ? 'swaps.acceptedYours' : 'swaps.acceptedWaiting', { when: when(w) }),
      { testId: 'my-shifts-notice' });
    await refresh(s, { quiet: true });
    s.changed();
  });
  return button;
}

function withdrawButton(s, w, problem) {
  const button = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': 'swap-withdraw' },
    t('swaps.withdraw'));
  button.addEventListener('click', async () => {
    problem.hidden = true;
    const done = await confirmAction({ title: t('swaps.withdrawTitle'), text: t('swaps.withdrawText', { when: when(w) }),
      confirmLabel: t('swaps.withdraw'), busyLabel: t('swaps.withdrawing'), testId: 'swap-withdraw-dialog',
      action: () => authedApi(`/api/v1/swaps/${encodeURIComponent(w.id)}`, { method: 'DELETE' }) });
    if (!done) return;
    toast(t('swaps.withdrawn'), { testId: 'my-shifts-notice' });
    await refresh(s, { quiet: true });
    s.changed();
  });
  return button;
}

// Colleagues on the shift's schedule by name, when I may read the team; else "everyone" only.
async function colleagues(s, schedule) {
  const ids = new Set((schedule?.assigneeUserIdsExpanded || []).filter((id) => id !== s.me));
  if (!ids.size || !s.mayReadTeam) return [];
  try {
    const answer = await authedApi(`/api/v1/users?${new URLSearchParams({ limit: '100' })}`);
    return answer.items.filter((u) => ids.has(u.id))
      .map((u) => ({ id: u.id, name: [u.firstName, u.lastName].filter(Boolean).join(' ') || u.email }))
      .sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return [];
  }
}

async function offerDialog(s, shift, schedule) {
  const people = await colleagues(s, schedule);
  const toId = uid('swap');
  const noteId = uid('swap');
  const to = el('select', { id: toId, name: 'toUserId', 'data-testid': 'swap-to' },
    el('option', { value: '' }, t('swaps.everyone')), ...people.map((p) => el('option', { value: p.id }, p.name)));
  const note = el('textarea', { id: noteId, name: 'note', rows: 2, maxlength: 500, 'data-testid': 'swap-note',
    placeholder: t('swaps.notePlaceholder') });
  const answer = await modal({
    title: t('swaps.offerTitle'), intro: t('swaps.offerIntro', { when: `${dayLabel(shift.shiftDate)} · ${timeRange(shift.startTime, shift.endTime)}` }),
    content: [el('div', { class: 'field' }, el('label', { for: toId }, t('swaps.to')), to),
      el('div', { class: 'field' }, el('label', { for: noteId }, t('swaps.note')), note)],
    submitLabel: t('swaps.offer'), busyLabel: t('swaps.offering'), testId: 'swap-offer-dialog',
    onSubmit: () => authedApi(`/api/v1/schedules/${encodeURIComponent(shift.scheduleId)}/shifts/${encodeURIComponent(shift.id)}/swaps`,
      { method: 'POST', body: { toUserId: to.value || null, note: note.value.trim() || null } }),
  });
  if (!answer || answer === true) return false;
  toast(t('swaps.offered', { when: dayLabel(shift.shiftDate) }), { testId: 'my-shifts-notice' });
  await refresh(s, { quiet: true });
  return true;
}
