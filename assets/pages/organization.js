// Organization settings: the workplace's typed settings, one form per category, each setting with
// the control its type asks for (switch, number, choice, date, time, text), its default, and a way back
// to that default. Saving a category sends the settings that changed, one by one; the server
// judges each value and its refusal appears at the setting.
import { authedApi } from '../auth.js';
import { dateIn, formatDate, noteSetting, timeIn } from '../format.js';
import { busy, el, errorLine, errorText, notice, uid, setError } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { pageTitle } from '../shell.js';
import { card, loadError, page, skeleton } from '../ui.js';

const CATEGORIES = ['general', 'schedule', 'clock', 'timesheets', 'chat', 'notifications'];
// Days of the week as the API counts them (0 = Sunday), listed from Monday.
const DAYS = [1, 2, 3, 4, 5, 6, 0];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

let view = null;

export function mount(root) {
  view = { root, body: el('div', { class: 'stack' }, card({}, skeleton({ rows: 5 }))) };
  root.replaceChildren(page('form', pageTitle(t('org.title')),
    el('a', { href: '/settings', class: 'back-link', 'data-testid': 'org-settings-link' }, icon('chevron-left', { size: 'sm' }),
      t('settings.back')),
    el('p', { class: 'page-intro' }, t('org.intro')),
    view.body));
  load();
}

export function unmount() {
  view = null;
}

async function load() {
  const v = view;
  let answers;
  try {
    answers = await Promise.all(CATEGORIES.map((c) => authedApi(`/api/v1/org-settings/by-category/${c}`)));
  } catch (e) {
    if (view !== v || e.status === 401) return;
    v.body.replaceChildren(card({}, loadError(e, load, 'org-error')));
    return;
  }
  if (view !== v) return;
  v.body.replaceChildren(...CATEGORIES.map((category, i) => categoryCard(category, answers[i])));
}

// ---- values -----------------------------------------------------------------------------------

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function label(setting) {
  const key = `org.${setting.key}`;
  const text = t(key);
  return text === key ? setting.description : text;
}

function hintText(setting) {
  const key = `org.${setting.key}.hint`;
  const text = t(key);
  return text === key ? '' : text;
}

// A value as people read it: "On", "Monday", "Nederlands", "Empty".
function shown(setting, value) {
  if (setting.type === 'boolean') return t(value ? 'org.on' : 'org.off');
  if (setting.key === 'schedule.week_starts_on' && Number.isInteger(value)) return t(`day.${value}`);
  if (setting.key === 'general.default_locale' && ['en', 'nl'].includes(value)) return t(`lang.${value}`);
  if (setting.key === 'timesheets.period' && ['weekly', 'biweekly', 'monthly'].includes(value)) return t(`ts.kind.${value}`);
  if (setting.type === 'date' && typeof value === 'string' && DATE.test(value)) return formatDate(`${value}T12:00:00`);
  // Today in that format, so the choice is seen, not decoded.
  if (setting.key === 'general.date_format' && typeof value === 'string') return `${value} (${dateIn(value)})`;
  if (setting.key === 'general.time_format' && typeof value === 'string') return `${value} (${timeIn(value)})`;
  if (value === '' || value === null) return t('org.empty');
  return String(value);
}

// The control for one setting: {node, input, line, read() → {value} | {problem}, write(value)}.
function control(setting) {
  const id = uid();
  const name = setting.key;
  const attrs = { id, name, 'data-testid': `setting-${name}` };
  let input;
  let read;
  let write = (value) => {
    input.value = value ?? '';
  };
  if (setting.type === 'boolean') {
    input = el('input', { type: 'checkbox', ...attrs });
    read = () => ({ value: input.checked });
    write = (value) => {
      input.checked = value === true;
    };
  } else if (setting.type === 'choice' || setting.key === 'schedule.week_starts_on') {
    const choices = setting.type === 'choice' ? setting.allowed || [] : DAYS;
    input = el('select', attrs, ...choices.map((c) => el('option', { value: String(c) }, shown(setting, c))));
    read = () => ({ value: setting.type === 'choice' ? input.value : Number(input.value) });
    write = (value) => {
      input.value = String(value);
    };
  } else if (setting.type === 'integer') {
    const [min, max] = Array.isArray(setting.allowed) ? setting.allowed : [];
    // No range check here: the server judges the value, and says so at the field.
    input = el('input', { type: 'number', inputmode: 'numeric', step: 1, min, max, ...attrs });
    read = () => {
      const text = input.value.trim();
      return /^-?\d+$/.test(text) ? { value: Number(text) } : { problem: t('org.wholeNumber') };
    };
  } else if (setting.type === 'date') {
    input = el('input', { type: 'date', ...attrs });
    read = () => (DATE.test(input.value) ? { value: input.value } : { problem: t('org.date') });
  } else if (setting.type === 'time') {
    input = el('input', { type: 'time', ...attrs });
    read = () => (TIME.test(input.value) ? { value: input.value } : { problem: t('org.time') });
  } else {
    input = el('textarea', { rows: 3, ...attrs });
    read = () => ({ value: input.value.trim() });
  }
  write(setting.value);
  const line = errorLine(name);
  const facts = [
    hintText(setting),
    setting.type === 'integer' && Array.isArray(setting.allowed) && setting.key !== 'schedule.week_starts_on'
      && t('org.range', { min: setting.allowed[0], max: setting.allowed[1] }),
    t('org.default', { value: shown(setting, setting.default) }),
  ].filter(Boolean).join(' ');
  const hint = el('p', { class: 'hint', id: uid('hint') }, facts);
  input.setAttribute('aria-describedby', `${hint.id} ${line.id}`);
  input.addEventListener('input', () => setError(input, line, null));
  input.addEventListener('change', () => setError(input, line, null));
  const head = setting.type === 'boolean'
    ? el('label', { class: 'check', for: id }, input, label(setting))
    : el('label', { for: id }, label(setting));
  const controlNode = setting.type === 'boolean' ? null : input;
  return { setting, input, line, read, write, head, controlNode, hint };
}

// ---- one category -----------------------------------------------------------------------------

function categoryCard(category, settings) {
  const banner = notice(`org-result-${category}`);
  const title = t(`org.category.${category}`);
  const controls = settings.map(control);

  function resetButton(c) {
    const button = el('button', { type: 'button', class: 'button button-small button-ghost',
      'aria-label': t('org.resetOf', { label: label(c.setting) }), 'data-testid': `reset-${c.setting.key}` }, t('org.reset'));
    const update = () => {
      button.hidden = same(c.setting.value, c.setting.default);
    };
    button.addEventListener('click', async () => {
      banner.clear();
      const was = c.setting.value;
      const restore = busy(button, t('org.saving'));
      try {
        c.setting = await authedApi(`/api/v1/org-settings/${encodeURIComponent(c.setting.key)}`,
          { method: 'PUT', body: { value: c.setting.default } });
        noteSetting(c.setting.key, c.setting.value);
        restore();
        c.write(c.setting.value);
        setError(c.input, c.line, null);
        update();
        banner.say('ok', t('org.resetDone', { label: label(c.setting), value: shown(c.setting, c.setting.value),
          was: shown(c.setting, was) }));
      } catch (e) {
        restore();
        if (e.status !== 401) banner.say('bad', errorText(e));
      }
    });
    c.update = update;
    update();
    return button;
  }

  const save = el('button', { type: 'submit', class: 'button', 'aria-label': t('org.saveOf', { category: title }),
    'data-testid': `org-save-${category}` }, t('org.save'));
  const form = el('form', { novalidate: true, 'data-testid': `org-form-${category}` },
    banner,
    ...controls.map((c) => el('div', { class: 'setting field', 'data-key': c.setting.key },
      c.head, c.controlNode, el('div', { class: 'setting-foot' }, c.hint, resetButton(c)), c.line)),
    el('div', { class: 'actions' }, el('span'), save));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    banner.clear();
    // Our own checks first (a number, a time); then each changed setting in turn.
    const changed = [];
    let first = null;
    for (const c of controls) {
      const { value, problem } = c.read();
      setError(c.input, c.line, problem || null);
      if (problem) first ??= c;
      else if (!same(value, c.setting.value)) changed.push([c, value]);
    }
    if (first) return first.input.focus();
    if (changed.length === 0) return banner.say('ok', t('org.unchanged'));
    const restore = busy(save, t('org.saving'));
    let saved = 0;
    let failed = null;
    for (const [c, value] of changed) {
      try {
        c.setting = await authedApi(`/api/v1/org-settings/${encodeURIComponent(c.setting.key)}`, { method: 'PUT', body: { value } });
        noteSetting(c.setting.key, c.setting.value);
        c.write(c.setting.value);
        c.update();
        saved += 1;
      } catch (e) {
        if (e.status === 401) return restore();
        const message = e.code === 'validation_failed' && e.fields?.value ? e.fields.value : errorText(e);
        setError(c.input, c.line, message);
        failed ??= c;
      }
    }
    restore();
    if (failed) {
      failed.input.focus();
      banner.say('bad', t('org.failed'), saved ? ` ${tn('org.saved', saved)}` : '');
    } else {
      banner.say('ok', tn('org.saved', saved));
    }
  });

  return card({ title, testId: `org-${category}` }, form);
}
