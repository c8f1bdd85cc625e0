// The shift editor: a panel at the window's right edge on a desktop, a sheet from the bottom on a
// phone (a modal <dialog>: focus stays inside, Escape closes it). It adds a shift or changes
// one: person or open shift with its places, job, day, times, break, title and instructions, and
// lists the shift's conflicts. Conflicts are warnings: a save succeeds with them, and the panel
// then stays open to show what the server found.
import { confirmAction } from '../dialog.js';
import { busy, el, errorText, field, notice, setError, showFieldErrors, uid } from '../forms.js';
import { dayHours } from '../hours.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { textareaField } from '../rota-common.js';
import { toast } from '../ui.js';
import { isStale } from './data.js';
import { choose, conflictList, dayOptions, durationText, jobChoice, personOptions, timeOptions } from './editor-parts.js';
import { stateText } from './shift-block.js';
import { dayOfWeek, dayText, rangeText } from './week.js';

const BREAKS = [0, 15, 30, 45, 60, 90, 120];
const FALLBACK_TIMES = { startTime: '09:00', endTime: '17:00' };

// The times, break and job of the last shift saved in this visit: the next new one starts from them.
let lastUsed = null;

// `board`: {model, workplace, scheduleName}; `save(body, shift|null)` answers the saved shift;
// `remove(shift)`; `reload()` after a lost update; `openOther(shiftId)` for a conflict's other
// shift; `onClose()` when the panel is gone.
export function openShiftEditor({ shift = null, draft = null, board, save, remove, reload, openOther, onClose }) {
  const dialog = el('dialog', { class: 'board-sheet', 'data-testid': 'shift-editor' });
  const state = { shift, working: false, next: null };
  dialog.addEventListener('cancel', (event) => {
    if (state.working) event.preventDefault();
  });
  // A conflict's other shift opens once this panel is gone (the board holds one editor at a time).
  dialog.addEventListener('close', () => {
    dialog.remove();
    onClose?.();
    if (state.next) openOther(state.next);
  });
  const close = () => dialog.close();

  function render({ saved = false } = {}) {
    const form = editorForm({ state, draft, board, saved, close,
      onSave: async (body) => {
        const before = state.shift;
        const result = await save(body, before);
        lastUsed = { startTime: result.startTime, endTime: result.endTime, breakMinutes: result.breakMinutes, jobId: result.jobId };
        if (result.conflicts.length === 0) {
          toast(before ? t('board.saved') : t('board.added'), { testId: 'board-toast' });
          close();
          return;
        }
        state.shift = result;
        render({ saved: true });
      },
      onDelete: async () => {
        const gone = await confirmAction({ title: t('board.deleteTitle'), text: t('board.deleteText'),
          confirmLabel: t('board.delete'), busyLabel: t('board.deleting'), testId: 'shift-delete-dialog',
          action: () => remove(state.shift) });
        if (!gone) return;
        toast(t('board.deleted'), { testId: 'board-toast' });
        close();
      },
      onStale: () => {
        toast(t('board.stale'), { kind: 'bad', testId: 'board-toast' });
        close();
        reload();
      },
      openOther: (id) => {
        state.next = id;
        close();
      },
    });
    dialog.replaceChildren(form);
    dialog.setAttribute('aria-labelledby', form.querySelector('h2').id);
  }
  render();
  document.body.append(dialog);
  dialog.showModal();
  return { close };
}

// ---- the form -----------------------------------------------------------------------------------------

function defaultsFor(draft, board) {
  const person = draft.userId ? board.model.people.get(draft.userId) : null;
  const hours = board.model.location ? dayHours(board.model.location.openingHours, dayOfWeek(draft.date)) : null;
  const times = lastUsed || (hours ? { startTime: hours.openTime, endTime: hours.closeTime } : FALLBACK_TIMES);
  const activeJob = (id) => Boolean(id) && board.workplace.jobs.has(id) && board.workplace.jobs.get(id).active !== false;
  const jobId = [person?.member?.jobIds?.[0], lastUsed?.jobId].find(activeJob) || null;
  return { assignedUserId: draft.userId, slots: 1, jobId, shiftDate: draft.date, startTime: times.startTime,
    endTime: times.endTime, breakMinutes: lastUsed?.breakMinutes ?? 0, title: null, instructions: null };
}

function editorForm({ state, draft, board, saved, close, onSave, onDelete, onStale, openOther }) {
  const shift = state.shift;
  const start = shift || defaultsFor(draft, board);
  const isOpen = () => !person.input.value;

  const person = field({ name: 'assignedUserId', label: t('board.person'), value: start.assignedUserId || '',
    options: personOptions(board, start.assignedUserId), attrs: { 'data-testid': 'editor-person', autofocus: true } });
  const slots = field({ name: 'slots', label: t('board.slotsLabel'), type: 'number', value: String(start.slots || 1),
    hint: t('board.slotsHint'), attrs: { min: '1', max: '100', 'data-testid': 'editor-slots', inputmode: 'numeric' } });
  const job = jobChoice(board, start.jobId);
  const date = field({ name: 'shiftDate', label: t('board.date'), value: start.shiftDate,
    options: dayOptions(board, start.shiftDate), attrs: { 'data-testid': 'editor-date' } });
  const from = field({ name: 'startTime', label: t('board.start'), value: start.startTime,
    options: timeOptions(start.startTime), attrs: { 'data-testid': 'editor-start' } });
  const to = field({ name: 'endTime', label: t('board.end'), value: start.endTime,
    options: timeOptions(start.endTime), attrs: { 'data-testid': 'editor-end' } });
  const breakChoices = BREAKS.includes(start.breakMinutes) ? BREAKS : [...BREAKS, start.breakMinutes].sort((a, b) => a - b);
  const rest = field({ name: 'breakMinutes', label: t('board.break'), value: String(start.breakMinutes),
    options: breakChoices.map((n) => [String(n), n ? t('board.minutes', { n }) : t('board.noBreak')]),
    attrs: { 'data-testid': 'editor-break' } });
  const title = field({ name: 'title', label: t('board.titleLabel'), value: start.title || '', optional: true,
    attrs: { maxlength: '200', 'data-testid': 'editor-title' } });
  const notes = textareaField({ name: 'instructions', label: t('board.instructions'), value: start.instructions || '',
    attrs: { maxlength: '2000', 'data-testid': 'editor-instructions' } });
  const byName = { assignedUserId: person, slots, jobId: job, shiftDate: date, startTime: from, endTime: to,
    breakMinutes: rest, title, instructions: notes };

  const duration = el('p', { class: 'hint board-editor-duration', 'data-testid': 'editor-duration' });
  const quick = el('div', { class: 'board-editor-quick' });
  const banner = notice('editor-result');
  let jobTouched = Boolean(shift);

  function refresh() {
    slots.node.hidden = !isOpen();
    duration.replaceChildren(icon('clock', { size: 'sm' }), durationText(from.input.value, to.input.value, Number(rest.input.value)));
    quick.replaceChildren(...quickTimes(board, date.input.value, from, to, refresh));
  }
  person.input.addEventListener('change', () => {
    if (!jobTouched) job.set(board.model.people.get(person.input.value)?.member?.jobIds?.[0] || null);
    refresh();
  });
  job.node.addEventListener('change', () => {
    jobTouched = true;
  });
  for (const f of [date, from, to, rest]) f.input.addEventListener('input', refresh);
  for (const f of Object.values(byName)) {
    f.input.addEventListener?.('input', () => setError(f.input, f.line, null));
  }
  refresh();

  function collect() {
    const open = isOpen();
    return {
      assignedUserId: person.input.value || null,
      slots: open ? Number(slots.input.value) : undefined,
      jobId: job.value(),
      shiftDate: date.input.value,
      startTime: from.input.value,
      endTime: to.input.value,
      breakMinutes: Number(rest.input.value),
      title: title.input.value.trim() || null,
      instructions: notes.input.value.trim() || null,
    };
  }

  // What the browser can tell before asking the server: an open shift's places.
  function check(body) {
    const places = body.slots;
    if (places === undefined || (Number.isInteger(places) && places >= 1 && places <= 100)) return true;
    setError(slots.input, slots.line, t('board.slotsRange'));
    slots.input.focus();
    return false;
  }

  const saveButton = el('button', { type: 'submit', class: 'button button-form', 'data-testid': 'editor-save' },
    icon('check', { size: 'sm' }), t('board.save'));
  const cancel = el('button', { type: 'button', class: 'button button-secondary button-form', 'data-testid': 'editor-cancel' },
    saved ? t('board.done') : t('dialog.cancel'));
  cancel.addEventListener('click', close);
  const del = shift ? el('button', { type: 'button', class: 'button button-ghost button-danger-quiet', 'data-testid': 'editor-delete' },
    icon('trash-2', { size: 'sm' }), t('board.delete')) : null;
  del?.addEventListener('click', onDelete);

  const form = el('form', { class: 'board-sheet-form', novalidate: true });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (state.working) return;
    banner.clear();
    const body = collect();
    if (!check(body)) return;
    const changes = shift ? changedFields(body, shift) : body;
    if (shift && Object.keys(changes).length === 0) {
      close();
      return;
    }
    state.working = true;
    const restore = busy(saveButton, t('board.saving'));
    try {
      await onSave(changes);
    } catch (e) {
      restore();
      if (isStale(e)) onStale();
      else if (e.status !== 401) {
        const stray = showFieldErrors(e.fields, byName);
        if (stray.length || !Object.keys(e.fields || {}).length) banner.say('bad', errorText(e));
      }
    } finally {
      state.working = false;
    }
  });

  const heading = el('h2', { id: uid('sheet') }, shift ? t('board.editShift') : t('board.newShift'),
    shift && el('span', { class: 'tag', 'data-testid': 'editor-state' }, stateText(shift)));
  const sub = el('p', { class: 'board-sheet-sub' }, [dayText(start.shiftDate), board.scheduleName,
    shift ? rangeText(shift.startTime, shift.endTime) : null].filter(Boolean).join(' · '));
  const x = el('button', { type: 'button', class: 'button button-ghost board-sheet-close', 'aria-label': t('board.close'),
    'data-testid': 'editor-close' }, icon('x'));
  x.addEventListener('click', close);
  const savedNote = saved && el('p', { class: 'banner banner-warn', role: 'status', 'data-testid': 'editor-saved' },
    t('board.savedWithConflicts'));

  form.append(
    el('header', { class: 'board-sheet-head' }, el('div', {}, heading, sub), x),
    el('div', { class: 'board-sheet-body' }, savedNote, banner,
      shift?.conflicts.length ? conflictList(shift, board, openOther) : null,
      person.node, slots.node, job.node,
      el('div', { class: 'board-editor-times' }, date.node, from.node, to.node), duration, quick,
      el('div', { class: 'board-editor-pair' }, rest.node, title.node), notes.node),
    el('footer', { class: 'board-sheet-foot' }, del || el('span'), el('div', { class: 'button-row' }, cancel, saveButton)));
  if (saved) queueMicrotask(() => form.querySelector('.board-conflicts')?.focus());
  return form;
}

// One-tap times: the day's opening hours and the last times used, when they differ from now.
function quickTimes(board, date, from, to, refresh) {
  const hours = board.model.location && date ? dayHours(board.model.location.openingHours, dayOfWeek(date)) : null;
  const choices = [];
  if (hours) choices.push([t('board.openingHours'), hours.openTime, hours.closeTime]);
  if (lastUsed && !(hours && lastUsed.startTime === hours.openTime && lastUsed.endTime === hours.closeTime)) {
    choices.push([t('board.lastUsed'), lastUsed.startTime, lastUsed.endTime]);
  }
  return choices.filter(([, a, b]) => a !== from.input.value || b !== to.input.value).map(([label, a, b]) => {
    const button = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': 'editor-quick-time' },
      `${label}: ${rangeText(a, b)}`);
    button.addEventListener('click', () => {
      choose(from.input, a);
      choose(to.input, b);
      refresh();
    });
    return button;
  });
}

// Only what changed goes to the server, with the shift's version (data.js adds it).
function changedFields(body, shift) {
  const changes = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    if ((shift[key] ?? null) !== value) changes[key] = value;
  }
  return changes;
}
