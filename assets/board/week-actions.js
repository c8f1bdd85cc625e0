// What planners do to a whole week: publish its changes, copy the week before onto it, and save
// it as a template or fill it from one. Copies land as drafts; a week that already holds copies
// is only replaced after asking.
import { confirmAction, modal } from '../dialog.js';
import { busy, el, errorText, field, setError } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { toast } from '../ui.js';
import * as data from './data.js';
import { addDays, dateText, DAYS_IN_WEEK, weekEnd, weekText } from './week.js';

// `board`: {scheduleId, weekStart, pending, reload()}.
export async function publishWeek(board) {
  const done = await confirmAction({
    title: t('board.publishTitle', { week: weekText(board.weekStart) }),
    text: tn('board.publishText', board.pending),
    confirmLabel: t('board.publish'),
    busyLabel: t('board.publishing'),
    danger: false,
    testId: 'publish-dialog',
    action: () => data.publishRange(board.scheduleId, board.weekStart, weekEnd(board.weekStart)),
  });
  if (!done) return;
  toast(tn('board.published', done.published), { testId: 'board-toast' });
  board.reload();
}

// Runs `place(replace)`; when the week already holds copies, asks whether to replace them.
async function placeWeek(place, { testId }) {
  try {
    return await place(false);
  } catch (e) {
    if (!data.holdsCopies(e)) throw e;
  }
  return confirmAction({ title: t('board.replaceTitle'), text: t('board.replaceText'), confirmLabel: t('board.replace'),
    busyLabel: t('board.replacing'), testId, action: () => place(true) });
}

function placedToast(result) {
  if (!result) return;
  const text = result.created === 0 ? t('board.nothingCopied')
    : result.replaced ? t('board.copiedReplaced', { n: result.created, m: result.replaced }) : tn('board.copied', result.created);
  toast(text, { testId: 'board-toast' });
}

export async function copyPreviousWeek(board, button) {
  const restore = busy(button, t('board.copying'));
  let result;
  try {
    result = await placeWeek((replace) => data.copyWeek(board.scheduleId, addDays(board.weekStart, -DAYS_IN_WEEK),
      board.weekStart, replace), { testId: 'copy-replace-dialog' });
  } catch (e) {
    if (e.status !== 401) toast(errorText(e), { kind: 'bad', testId: 'board-toast' });
    return;
  } finally {
    restore();
  }
  placedToast(result);
  if (result) board.reload();
}

// ---- templates ---------------------------------------------------------------------------------------

function templateRow(template, board, closeList) {
  const apply = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': 'template-apply' },
    icon('calendar-plus', { size: 'sm' }), t('board.applyTemplate'));
  const remove = el('button', { type: 'button', class: 'button button-ghost button-small', 'data-testid': 'template-delete',
    'aria-label': t('board.deleteTemplate', { name: template.name }) }, icon('trash-2', { size: 'sm' }));
  const row = el('li', { class: 'entry', 'data-testid': 'template-row' },
    el('div', { class: 'entry-main' }, el('span', { class: 'entry-name' }, template.name),
      el('span', { class: 'entry-sub' }, `${tn('board.templateShifts', template.shifts.length)} · ${dateText(template.createdAt.slice(0, 10))}`)),
    el('div', { class: 'entry-actions' }, apply, remove));
  apply.addEventListener('click', async () => {
    const restore = busy(apply, t('board.applying'));
    let result;
    try {
      result = await placeWeek((replace) => data.applyTemplate(board.scheduleId, template.id, board.weekStart, replace),
        { testId: 'template-replace-dialog' });
    } catch (e) {
      restore();
      if (e.status !== 401) toast(errorText(e), { kind: 'bad', testId: 'board-toast' });
      return;
    }
    restore();
    if (!result) return;
    placedToast(result);
    closeList();
    board.reload();
  });
  remove.addEventListener('click', async () => {
    const gone = await confirmAction({ title: t('board.deleteTemplateTitle', { name: template.name }),
      text: t('board.deleteTemplateText'), confirmLabel: t('board.delete'), busyLabel: t('board.deleting'),
      testId: 'template-delete-dialog', action: () => data.deleteTemplate(board.scheduleId, template.id) });
    if (gone) row.remove();
  });
  return row;
}

export async function templatesDialog(board, button) {
  const restore = busy(button, t('app.loading'));
  let templates;
  try {
    templates = await data.listTemplates(board.scheduleId);
  } catch (e) {
    if (e.status !== 401) toast(errorText(e), { kind: 'bad', testId: 'board-toast' });
    return;
  } finally {
    restore();
  }
  const name = field({ name: 'name', label: t('board.templateName'), hint: t('board.templateNameHint'),
    attrs: { maxlength: '100', 'data-testid': 'template-name' } });
  name.input.addEventListener('input', () => setError(name.input, name.line, null));
  const closeList = () => name.node.closest('dialog')?.close();
  const list = templates.length
    ? el('ul', { class: 'entries template-list' }, ...templates.map((tpl) => templateRow(tpl, board, closeList)))
    : el('p', { class: 'muted', 'data-testid': 'templates-empty' }, t('board.noTemplates'));
  const saved = await modal({
    title: t('board.templates'),
    testId: 'templates-dialog',
    wide: true,
    content: [
      el('h3', { class: 'section-title' }, t('board.applyTo', { week: weekText(board.weekStart) })), list,
      el('h3', { class: 'section-title' }, t('board.saveAsTemplate')), name.node,
    ],
    submitLabel: t('board.saveTemplate'),
    busyLabel: t('board.saving'),
    onSubmit: async () => {
      const text = name.input.value.trim();
      if (!text) {
        setError(name.input, name.line, t('form.required'));
        name.input.focus();
        return false;
      }
      return data.saveTemplate(board.scheduleId, text, board.weekStart);
    },
    onError: (e) => {
      if (!e.fields?.name) return false;
      setError(name.input, name.line, e.fields.name);
      return true;
    },
  });
  if (saved) toast(t('board.templateSaved', { name: saved.name }), { testId: 'board-toast' });
}
