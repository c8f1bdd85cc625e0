// The board's toolbars: the week (back, forward, today, a date to jump to), the job filter and the
// schedule's location; and for planners the week's actions: copy the previous week, templates,
// and publishing with the number of changes waiting.
import { el, uid } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { iconButton } from '../ui.js';
import { weekText } from './week.js';

function stepButton(name, label, testId, onClick) {
  const button = el('button', { type: 'button', class: 'button button-secondary board-week-step', 'aria-label': label,
    'data-testid': testId }, icon(name));
  button.addEventListener('click', onClick);
  return button;
}

// The week's dates on a button that opens the browser's date picker; the date chosen picks the week.
function weekPicker(onDate) {
  const input = el('input', { type: 'date', class: 'board-week-date', tabindex: '-1', 'aria-hidden': 'true',
    'data-testid': 'board-date' });
  const text = el('span', { 'data-testid': 'board-week-label' });
  const button = el('button', { type: 'button', class: 'button button-secondary board-week-range', 'aria-haspopup': 'dialog' },
    icon('calendar-days', { size: 'sm' }), text);
  button.addEventListener('click', () => {
    try {
      input.showPicker();
    } catch {
      input.focus(); // a browser without showPicker(): the field itself takes the date
    }
  });
  input.addEventListener('change', () => {
    if (input.value) onDate(input.value);
  });
  return { node: el('span', { class: 'board-week-picker' }, button, input), input, text, button };
}

function jobFilter(jobs, onJob) {
  const id = uid('jobs');
  const select = el('select', { id, class: 'board-select', 'data-testid': 'board-job-filter' },
    el('option', { value: '' }, t('board.allJobs')),
    ...jobs.map((job) => el('option', { value: job.id }, job.name)));
  select.addEventListener('change', () => onJob(select.value));
  return { node: el('span', { class: 'board-filter' }, el('label', { for: id, class: 'sr-only' }, t('board.filterJob')),
    icon('funnel', { size: 'sm' }), select), select };
}

// `on`: {week(delta), today(), date(iso), job(id), publish(), copy(), templates()}.
export function boardToolbar({ planner, location, jobs, on }) {
  const picker = weekPicker(on.date);
  const today = el('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'board-today' }, t('board.today'));
  today.addEventListener('click', on.today);
  const filter = jobFilter(jobs, on.job);
  const place = location && el('span', { class: 'board-location', 'data-testid': 'board-location' },
    icon('store', { size: 'sm' }), el('span', { class: 'muted' }, `${t('board.location')}:`), el('strong', {}, location.name));

  const actions = [];
  let publish = null;
  if (planner) {
    const copy = iconButton('copy', t('board.copyWeek'), { kind: 'button-secondary', testId: 'board-copy-week' });
    copy.addEventListener('click', on.copy);
    const templates = iconButton('layers', t('board.templates'), { kind: 'button-secondary', testId: 'board-templates' });
    templates.addEventListener('click', on.templates);
    publish = el('button', { type: 'button', class: 'button', 'data-testid': 'board-publish' });
    publish.addEventListener('click', on.publish);
    actions.push(copy, templates, publish);
  }
  const tools = el('div', { class: 'board-tools', role: 'toolbar', 'aria-label': t('board.toolbar') },
    el('span', { class: 'board-week-nav' }, stepButton('chevron-left', t('board.prevWeek'), 'board-prev', () => on.week(-1)),
      picker.node, stepButton('chevron-right', t('board.nextWeek'), 'board-next', () => on.week(1))),
    today, filter.node, place);

  return {
    tools,
    actions: actions.length ? el('div', { class: 'board-actions', role: 'toolbar', 'aria-label': t('board.weekActions') }, ...actions)
      : null,
    // The week shown, and how many changes wait for publishing (null: not known while it loads).
    update({ weekStart, pending, jobFilter: chosen }) {
      picker.text.textContent = weekText(weekStart);
      picker.input.value = weekStart;
      picker.button.setAttribute('aria-label', t('board.weekOf', { week: weekText(weekStart) }));
      filter.select.value = chosen;
      if (publish && pending === null) {
        publish.disabled = true;
        publish.replaceChildren(icon('send', { size: 'sm' }), el('span', {}, t('board.publish')));
      } else if (publish) {
        publish.dataset.count = String(pending);
        publish.disabled = pending === 0;
        publish.replaceChildren(icon(pending ? 'send' : 'check', { size: 'sm' }),
          pending ? el('span', {}, t('board.publishPrefix'), ' ', el('span', { class: 'board-publish-count', 'data-testid': 'board-publish-count' },
            String(pending)), ' ', tn('board.publishChanges', pending)) : el('span', {}, t('board.allPublished')));
      }
    },
  };
}
