// The job list: the roles a shift can be for (stylist, front desk), each with its colour on the
// board, a short code and, for planners, an hourly rate in the workplace's currency. Planners
// (schedules.write) add, edit, deactivate and delete jobs, one at a time or several at once;
// everyone else reads the list.
import { authedApi } from '../auth.js';
import { confirmAction } from '../dialog.js';
import { busy, el, field, setError, showFieldErrors } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { pageTitle } from '../shell.js';
import { card, emptyState, iconButton, loadError, page, skeleton, toast } from '../ui.js';
import {
  allJobs, checkField, clearOnInput, currencySymbol, formatMoney, moneyInput, paintJob, parseMoney, rotaSettings,
  textareaField,
} from '../rota-common.js';

// Colours offered for a new job; the first one no job has yet is chosen for it.
// Named so a swatch's label says what it is (and no label but the field's says "Colour").
const PALETTE = [['#14958a', 'teal'], ['#8152c7', 'violet'], ['#3272d9', 'blue'], ['#d38b0f', 'amber'],
  ['#c2410c', 'orange'], ['#be185d', 'pink'], ['#4d7c0f', 'green'], ['#0369a1', 'ocean']];

let view = null;

export function mount(root, { session }) {
  view = {
    root,
    planner: session.permissions.includes('schedules.write'),
    jobs: [],
    currency: 'EUR',
    selected: new Set(),
    formSlot: el('div'),
    list: el('div', { class: 'list-area', 'data-testid': 'jobs-list' }, skeleton({ rows: 4, avatar: true })),
    summary: el('p', { class: 'muted', 'data-testid': 'jobs-total' }),
    bulk: el('div', { class: 'bulk-bar', hidden: true }),
  };
  const v = view;
  const add = v.planner ? iconButton('plus', t('jobs.new'), { testId: 'job-new' }) : null;
  add?.addEventListener('click', () => openForm(null));
  v.add = add;
  root.replaceChildren(page('wide', pageTitle(t('jobs.title')),
    el('div', { class: 'page-head' },
      el('p', { class: 'page-intro' }, t(v.planner ? 'jobs.intro' : 'jobs.introMember')),
      add && el('div', { class: 'head-tools' }, add)),
    v.formSlot,
    el('section', { class: 'card card-flush', 'data-testid': 'jobs-page' },
      el('div', { class: 'list-head list-head-show' }, v.summary, v.bulk), v.list)));
  load();
}

export function unmount() {
  view = null;
}

async function load() {
  const v = view;
  v.list.setAttribute('aria-busy', 'true');
  try {
    const [jobs, settings] = await Promise.all([allJobs(), rotaSettings()]);
    if (view !== v) return;
    v.jobs = jobs;
    v.currency = settings.currency;
  } catch (e) {
    if (view !== v || e.status === 401) return;
    v.list.removeAttribute('aria-busy');
    v.list.replaceChildren(loadError(e, load, 'jobs-error'));
    return;
  }
  v.list.removeAttribute('aria-busy');
  // What was ticked and is gone (deleted elsewhere) is no longer selected.
  for (const id of v.selected) if (!v.jobs.some((j) => j.id === id)) v.selected.delete(id);
  renderList();
}

// ---- the list ------------------------------------------------------------------------------------

function renderList() {
  const v = view;
  v.summary.textContent = v.jobs.length ? tn('jobs.count', v.jobs.length) : '';
  renderBulk();
  if (!v.jobs.length) {
    const action = v.planner ? iconButton('plus', t('jobs.new')) : null;
    action?.addEventListener('click', () => openForm(null));
    v.list.replaceChildren(emptyState({ icon: 'briefcase', title: t('jobs.empty'),
      hint: t(v.planner ? 'jobs.emptyHint' : 'jobs.emptyMember'), action, testId: 'jobs-empty' }));
    return;
  }
  v.list.replaceChildren(el('ul', { class: 'job-list' }, ...v.jobs.map(jobRow)));
}

function jobRow(job) {
  const v = view;

  const select = v.planner && el('input', { type: 'checkbox', class: 'job-select', 'data-testid': 'job-select',
    'aria-label': t('jobs.selectOf', { name: job.name }) });
  if (select) {
    select.checked = v.selected.has(job.id);
    select.addEventListener('change', () => {
      if (select.checked) v.selected.add(job.id);
      else v.selected.delete(job.id);
      renderBulk();
    });
  }
  return paintJob(el('li', { class: `job-row${job.active ? '' : ' is-inactive'}`, 'data-testid': 'job-row', 'data-id': job.id,
    'data-name': job.name },
  select || null,
  el('span', { class: 'job-swatch', 'aria-hidden': 'true', 'data-testid': 'job-badge' }, badgeLetters(job)),
  el('div', { class: 'job-main' },
    el('span', { class: 'job-name', 'data-testid': 'job-name' }, job.name),
    job.description && el('span', { class: 'job-sub' }, job.description)),
  v.planner && el('span', { class: 'job-rate', 'data-testid': 'job-rate' },
    job.hourlyRate === null || job.hourlyRate === undefined ? el('span', { class: 'muted' }, t('jobs.noRate'))
      : t('jobs.perHour', { amount: formatMoney(job.hourlyRate, v.currency) })),
  // Only the exception is marked: a list of "Active" tags says nothing.
  !job.active && el('span', { class: 'tag tag-inactive', 'data-testid': 'job-status' }, t('jobs.inactive')),
  v.planner && el('div', { class: 'row-actions' }, editButton(job), deleteButton(job))), job.color);
}

// What the swatch shows: the job's code, or the first letters of its name ("FD" for Front desk).
function badgeLetters(job) {
  if (job.code) return job.code.slice(0, 3);
  const words = job.name.trim().split(/\s+/);
  return (words.length > 1 ? words[0][0] + words[1][0] : job.name.slice(0, 2)).toUpperCase();
}

function editButton(job) {
  const button = el('button', { type: 'button', class: 'button button-ghost button-small', 'data-testid': 'job-edit',
    'aria-label': t('jobs.editOf', { name: job.name }) }, icon('pencil', { size: 'sm' }), el('span', {}, t('jobs.edit')));
  button.addEventListener('click', () => openForm(job));
  return button;
}

function deleteButton(job) {
  const button = el('button', { type: 'button', class: 'button button-ghost button-small button-danger-quiet',
    'data-testid': 'job-delete', 'aria-label': t('jobs.deleteOf', { name: job.name }) },
  icon('trash-2', { size: 'sm' }), el('span', {}, t('jobs.delete')));
  button.addEventListener('click', () => deleteJobs([job]));
  return button;
}

// "2 selected" with the way to delete them, while anything is ticked.
function renderBulk() {
  const v = view;
  const chosen = v.jobs.filter((j) => v.selected.has(j.id));
  v.bulk.hidden = chosen.length === 0;
  if (!chosen.length) return;
  const clear = el('button', { type: 'button', class: 'button button-ghost button-small', 'data-testid': 'jobs-clear-selection' },
    t('jobs.clearSelection'));
  clear.addEventListener('click', () => {
    v.selected.clear();
    renderList();
  });
  const remove = iconButton('trash-2', t('jobs.deleteSelected'), { kind: 'button-danger button-small', testId: 'jobs-bulk-delete' });
  remove.addEventListener('click', () => deleteJobs(chosen));
  v.bulk.replaceChildren(el('span', { class: 'bulk-count', 'data-testid': 'jobs-selected' }, tn('jobs.selected', chosen.length)),
    clear, remove);
}

// ---- deleting, or deactivating what shifts still use ------------------------------------------------

async function deleteJobs(jobs) {
  const v = view;
  const one = jobs.length === 1;
  const outcome = await confirmAction({
    title: one ? t('jobs.deleteTitle', { name: jobs[0].name }) : tn('jobs.deleteManyTitle', jobs.length),
    text: one ? t('jobs.deleteText') : t('jobs.deleteManyText', { names: jobs.map((j) => j.name).join(', ') }),
    confirmLabel: t('jobs.delete'),
    busyLabel: t('jobs.deleting'),
    action: async () => {
      try {
        if (one) await authedApi(`/api/v1/job-list/${encodeURIComponent(jobs[0].id)}`, { method: 'DELETE' });
        else await authedApi('/api/v1/job-list/bulk', { method: 'POST', body: { ids: jobs.map((j) => j.id) } });
        return 'deleted';
      } catch (e) {
        if (e.status === 409) return 'in use'; // shifts have (one of) them
        throw e;
      }
    },
  });
  if (!outcome || view !== v) return;
  if (outcome === 'deleted') {
    for (const j of jobs) v.selected.delete(j.id);
    toast(one ? t('jobs.deleted', { name: jobs[0].name }) : tn('jobs.deletedMany', jobs.length), { testId: 'jobs-notice' });
    await load();
    return;
  }
  offerDeactivation(jobs);
}

// Shifts keep their job: a job in use can only be taken out of the choices for new shifts.
async function offerDeactivation(jobs) {
  const v = view;
  const active = jobs.filter((j) => j.active);
  if (!active.length) {
    toast(t(jobs.length === 1 ? 'jobs.inUseInactive' : 'jobs.inUseManyInactive'), { kind: 'bad', testId: 'jobs-notice' });
    return;
  }
  const done = await confirmAction({
    title: t('jobs.inUseTitle'),
    text: jobs.length === 1 ? t('jobs.inUseText', { name: jobs[0].name }) : t('jobs.inUseManyText'),
    confirmLabel: jobs.length === 1 ? t('jobs.deactivate') : tn('jobs.deactivateMany', active.length),
    busyLabel: t('jobs.saving'),
    danger: false,
    testId: 'job-deactivate-dialog',
    action: () => Promise.all(active.map((j) => authedApi(`/api/v1/job-list/${encodeURIComponent(j.id)}`,
      { method: 'PATCH', body: { active: false } }))),
  });
  if (!done || view !== v) return;
  for (const j of jobs) v.selected.delete(j.id);
  toast(jobs.length === 1 ? t('jobs.deactivated', { name: jobs[0].name }) : tn('jobs.deactivatedMany', active.length),
    { testId: 'jobs-notice' });
  await load();
}

// ---- the form: a new job, or one being edited ----------------------------------------------------------

function freeColour() {
  const used = new Set(view.jobs.map((j) => j.color.toLowerCase()));
  return (PALETTE.find(([c]) => !used.has(c)) || PALETTE[view.jobs.length % PALETTE.length])[0];
}

function colourField(value) {
  const f = field({ name: 'color', label: t('jobs.colour'), type: 'color', value, attrs: { 'data-testid': 'job-colour' } });
  const swatches = el('div', { class: 'palette', role: 'group', 'aria-label': t('jobs.palette') },
    ...PALETTE.map(([color, name]) => {
      const b = paintJob(el('button', { type: 'button', class: 'palette-swatch',
        'aria-label': t(`jobs.swatch.${name}`), title: t(`jobs.swatch.${name}`) }), color);
      b.addEventListener('click', () => {
        f.input.value = color;
        f.input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      return b;
    }));
  f.input.classList.add('colour-input');
  f.input.after(swatches);
  return f;
}

function jobFields(job) {
  const v = view;
  return {
    name: field({ name: 'name', label: t('jobs.name'), value: job?.name || '',
      attrs: { required: true, maxlength: '100', autocomplete: 'off', 'data-testid': 'job-name-input' } }),
    color: colourField(job?.color || freeColour()),
    code: field({ name: 'code', label: t('jobs.code'), value: job?.code || '', optional: true, hint: t('jobs.codeHint'),
      attrs: { maxlength: '20', autocomplete: 'off', class: 'input-short' } }),
    description: textareaField({ name: 'description', label: t('jobs.description'), value: job?.description || '',
      attrs: { maxlength: '1000' } }),
    hourlyRate: field({ name: 'hourlyRate', label: t('jobs.rate'), value: moneyInput(job?.hourlyRate, v.currency),
      optional: true, hint: t('jobs.rateHint', { currency: v.currency }),
      beside: () => el('span', { class: 'input-affix', 'aria-hidden': 'true' }, currencySymbol(v.currency)),
      attrs: { inputmode: 'decimal', autocomplete: 'off', class: 'input-short' } }),
    active: job && checkField({ name: 'active', label: t('jobs.activeLabel'), checked: job.active,
      hint: t('jobs.activeHint') }),
  };
}

function openForm(job) {
  const v = view;
  const fields = jobFields(job);
  clearOnInput(fields);
  const save = el('button', { type: 'submit', class: 'button button-form', 'data-testid': 'job-save' },
    icon('save'), el('span', {}, t(job ? 'jobs.saveChanges' : 'jobs.create')));
  const cancel = el('button', { type: 'button', class: 'button button-secondary button-form', 'data-testid': 'job-cancel' },
    t('dialog.cancel'));
  const banner = el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'job-error', hidden: true });
  const preview = el('div', { class: 'job-preview', 'aria-hidden': 'true' });
  const showPreview = () => {
    paintJob(preview, fields.color.input.value);
    preview.replaceChildren(el('span', { class: 'job-preview-name' }, fields.name.input.value.trim() || t('jobs.name')),
      el('span', { class: 'job-preview-code' }, fields.code.input.value.trim()));
  };
  for (const f of [fields.name, fields.color, fields.code]) f.input.addEventListener('input', showPreview);
  showPreview();

  const form = el('form', { novalidate: true, class: 'job-form', 'data-testid': 'job-form' },
    el('div', { class: 'job-form-grid' },
      el('div', {}, fields.name.node, fields.code.node, fields.description.node),
      el('div', {}, fields.color.node, el('p', { class: 'hint' }, t('jobs.previewLabel')), preview,
        fields.hourlyRate.node, fields.active?.node)),
    banner,
    el('div', { class: 'actions' }, cancel, save));
  const close = () => {
    v.formSlot.replaceChildren();
    v.add?.removeAttribute('hidden');
  };
  cancel.addEventListener('click', () => {
    close();
    v.add?.focus();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    banner.hidden = true;
    const body = formBody(fields, job);
    if (!body) return;
    const restore = busy(save, t('jobs.saving'));
    try {
      const path = job ? `/api/v1/job-list/${encodeURIComponent(job.id)}` : '/api/v1/job-list';
      const saved = await authedApi(path, { method: job ? 'PATCH' : 'POST', body });
      if (view !== v) return;
      close();
      toast(t(job ? 'jobs.saved' : 'jobs.created', { name: saved.name }), { testId: 'jobs-notice' });
      await load();
    } catch (e) {
      if (view !== v || e.status === 401) return;
      restore();
      if (e.code === 'conflict') {
        setError(fields.name.input, fields.name.line, e.message);
        fields.name.input.focus();
      } else {
        const stray = e.code === 'validation_failed' ? showFieldErrors(e.fields, fields) : null;
        if (!stray || stray.length) {
          banner.textContent = stray?.length ? `${e.message} (${stray.join('; ')})` : e.message;
          banner.hidden = false;
        }
      }
    }
  });
  v.add?.setAttribute('hidden', '');
  v.formSlot.replaceChildren(card({ title: job ? t('jobs.editTitle', { name: job.name }) : t('jobs.newTitle'),
    testId: job ? 'job-edit-card' : 'job-new-card' }, form));
  fields.name.input.focus();
}

// The fields as the API wants them (null clears code, description and rate), or null when a
// field is not right (its message is shown beside it).
function formBody(fields, job) {
  const v = view;
  const name = fields.name.input.value.trim();
  const rate = parseMoney(fields.hourlyRate.input.value, v.currency);
  const problems = [];
  if (!name) problems.push([fields.name, t('form.required')]);
  if (Number.isNaN(rate)) problems.push([fields.hourlyRate, t('jobs.rateInvalid')]);
  for (const [f, message] of problems) setError(f.input, f.line, message);
  if (problems.length) {
    problems[0][0].input.focus();
    return null;
  }
  const body = {
    name,
    color: fields.color.input.value,
    code: fields.code.input.value.trim() || null,
    description: fields.description.input.value.trim() || null,
    hourlyRate: rate,
  };
  if (fields.active) body.active = fields.active.input.checked;
  if (!job) {
    for (const key of ['code', 'description', 'hourlyRate']) if (body[key] === null) delete body[key];
  }
  return body;
}
