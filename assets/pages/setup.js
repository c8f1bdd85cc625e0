// First-run wizard: setup code, the business, opening hours, the owner account; one POST at the
// end, which signs the owner in. The code is checked with the server on its own step, so a wrong
// one is found out before the rest is filled in.
import { api } from '../api.js';
import { setup } from '../auth.js';
import { busy, el, errorLine, errorText, field, looksLikeEmail, passwordToggle, setError, uid } from '../forms.js';
import { t } from '../i18n.js';
import { go } from '../nav.js';
import { pageTitle } from '../shell.js';

// Shown Monday first; the API counts days from Sunday = 0.
const WEEK = [1, 2, 3, 4, 5, 6, 0];
const BUSINESS = ['salonName', 'salonEmail', 'salonPhone', 'salonAddress', 'timezone'];
const OWNER = ['adminName', 'adminEmail', 'adminPassword'];
const MIN_PASSWORD = 8;

let state = null;
let root = null;

export function mount(target, { setupStatus }) {
  root = target;
  const code = new URLSearchParams(location.search).get('code') || '';
  state = {
    steps: setupStatus.setupCodeRequired ? ['code', 'business', 'hours', 'owner'] : ['business', 'hours', 'owner'],
    index: 0,
    values: { setupCode: formatCode(code), salonName: '', salonEmail: '', salonPhone: '', salonAddress: '',
      timezone: browserZone(), adminName: '', adminEmail: '', adminPassword: '' },
    hours: WEEK.map((day) => ({ dayOfWeek: day, openTime: day === 6 ? '10:00' : '09:00',
      closeTime: day === 6 ? '16:00' : '17:00', isClosed: day === 0 })),
    errors: {}, // field name (the API's spelling) → message, from us or from the server
    banner: null,
  };
  render();
}

export function unmount() {
  state = null;
  root = null;
}

// Case and dashes do not matter to the server; groups of four are easier to copy from the log.
function formatCode(raw) {
  const chars = raw.toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, 12);
  return chars.match(/.{1,4}/g)?.join('-') ?? '';
}

function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function zones() {
  const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zone = browserZone();
  return list.includes(zone) ? list : [zone, ...list];
}

function stepOf(key) {
  if (key === 'setupCode') return 'code';
  if (BUSINESS.includes(key)) return 'business';
  if (key.startsWith('openingHours')) return 'hours';
  if (OWNER.includes(key)) return 'owner';
  return null;
}

// ---- validation -------------------------------------------------------------------------------

function validate(step) {
  const v = state.values;
  const errors = {};
  const required = (key) => {
    if (!v[key].trim()) errors[key] = t('form.required');
  };
  const email = (key) => {
    if (v[key].trim() && !looksLikeEmail(v[key].trim())) errors[key] = t('form.email');
  };
  if (step === 'code' && v.setupCode.replace(/-/g, '').length !== 12) errors.setupCode = t('setup.code.format');
  if (step === 'business') {
    required('salonName');
    email('salonEmail');
  }
  if (step === 'hours') {
    state.hours.forEach((day, i) => {
      if (day.isClosed) return;
      if (!day.openTime) errors[`openingHours[${i}].openTime`] = t('setup.hours.missing');
      if (!day.closeTime) errors[`openingHours[${i}].closeTime`] = t('setup.hours.missing');
      else if (day.openTime && day.closeTime <= day.openTime) errors[`openingHours[${i}].closeTime`] = t('setup.hours.order');
    });
  }
  if (step === 'owner') {
    required('adminName');
    required('adminEmail');
    email('adminEmail');
    if ([...v.adminPassword].length < MIN_PASSWORD) errors.adminPassword = t('setup.password.short', { min: MIN_PASSWORD });
    else if (new TextEncoder().encode(v.adminPassword).length > 1024) errors.adminPassword = t('setup.password.long');
  }
  return errors;
}

// ---- moving between steps ---------------------------------------------------------------------

async function next() {
  const step = state.steps[state.index];
  const errors = validate(step);
  clearStep(step);
  Object.assign(state.errors, errors);
  state.banner = null;
  if (Object.keys(errors).length) return render('error');
  if (step === 'code' && !(await codeAccepted())) return;
  if (state.index < state.steps.length - 1) {
    state.index += 1;
    return render('heading');
  }
  submit();
}

// Asks the server whether the code is right before moving on; a wrong code or too many tries
// stays on this step, with the reason at the field.
async function codeAccepted() {
  const button = root.querySelector('[data-testid="setup-next"]');
  const restore = busy(button, t('setup.code.checking'));
  const mine = state;
  try {
    await api('/api/v1/auth/setup/check-code', { method: 'POST', body: { setupCode: state.values.setupCode } });
    return state === mine;
  } catch (e) {
    if (state !== mine) return false;
    restore();
    if (e.code === 'setup_code_invalid') state.errors.setupCode = t('setup.code.wrong');
    else if (e.status === 429) {
      state.errors.setupCode = e.retryAfter ? t('setup.code.wait', { time: waitText(e.retryAfter) }) : t('setup.code.waitLater');
    } else serverError(e);
    render(state.errors.setupCode ? 'error' : 'heading');
    return false;
  }
}

// "30 seconds", "2 minutes".
function waitText(seconds) {
  const minutes = Math.ceil(seconds / 60);
  return seconds < 90 ? t('setup.code.seconds', { n: seconds }) : t('setup.code.minutes', { n: minutes });
}

function back() {
  state.banner = null;
  state.index -= 1;
  render('heading');
}

function clearStep(step) {
  for (const key of Object.keys(state.errors)) if (stepOf(key) === step) delete state.errors[key];
}

function body() {
  const v = state.values;
  const out = { adminName: v.adminName.trim(), adminEmail: v.adminEmail.trim(), adminPassword: v.adminPassword,
    salonName: v.salonName.trim() };
  for (const key of ['salonEmail', 'salonPhone', 'salonAddress', 'timezone']) if (v[key].trim()) out[key] = v[key].trim();
  out.openingHours = state.hours.map((day) => ({ ...day }));
  // Without a required code there is nothing to send; an empty string would read as a wrong code.
  if (state.steps.includes('code')) out.setupCode = v.setupCode;
  return out;
}

async function submit() {
  const button = root.querySelector('[data-testid="setup-next"]');
  const restore = busy(button, t('setup.submitting'));
  root.querySelector('[data-testid="setup-back"]')?.setAttribute('disabled', '');
  const mine = state;
  try {
    await setup(body());
    go('/', { replace: true });
    return;
  } catch (e) {
    if (state !== mine) return; // the page was left meanwhile
    restore();
    serverError(e);
  }
  render(Object.keys(state.errors).length ? 'error' : 'heading');
}

function serverError(e) {
  state.banner = { text: errorText(e) };
  if (e.code === 'setup_code_invalid') {
    // Also when the wizard skipped the code: the server's setting is what counts.
    if (!state.steps.includes('code')) state.steps.unshift('code');
    state.errors = { setupCode: e.message };
    state.banner = null;
    state.index = 0;
    return;
  }
  if (e.code === 'setup_done') {
    state.banner = { text: e.message, login: true };
    return;
  }
  if (e.code !== 'validation_failed') return;
  state.errors = {};
  const stray = [];
  for (const [key, message] of Object.entries(e.fields)) {
    if (state.steps.includes(stepOf(key))) state.errors[hoursKey(key)] = message;
    else stray.push(`${key}: ${message}`);
  }
  if (stray.length) state.banner.text += ` (${stray.join('; ')})`;
  const first = state.steps.findIndex((step) => Object.keys(state.errors).some((key) => stepOf(key) === step));
  if (first >= 0) state.index = first;
}

// Opening-hours errors on a time sit beside that time; anything else about a day sits on its row.
function hoursKey(key) {
  if (!key.startsWith('openingHours') || /^openingHours\[\d+\]\.(openTime|closeTime)$/.test(key)) return key;
  const row = key.match(/^openingHours\[\d+\]/);
  return row ? row[0] : 'openingHours';
}

// ---- rendering --------------------------------------------------------------------------------

const TITLES = { code: 'setup.code.title', business: 'setup.business.title', hours: 'setup.hours.title',
  owner: 'setup.owner.title' };
const INTROS = { code: 'setup.code.intro', business: 'setup.business.intro', hours: 'setup.hours.intro',
  owner: 'setup.owner.intro' };

function render(focus) {
  const step = state.steps[state.index];
  const last = state.index === state.steps.length - 1;
  const lines = []; // [input, error line, key] of this step, to show errors and find the first one
  const heading = el('h2', { tabindex: '-1', 'data-testid': 'setup-step-title' }, t(TITLES[step]));
  const banner = state.banner && el('div', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'setup-error' },
    state.banner.text, state.banner.login && ' ', state.banner.login && el('a', { href: '/login' }, t('setup.toLogin')));
  const form = el('form', { novalidate: true, 'data-testid': `setup-step-${step}` },
    el('p', { class: 'wizard-progress', 'data-testid': 'setup-progress' },
      t('setup.progress', { n: state.index + 1, total: state.steps.length })),
    heading, el('p', { class: 'intro' }, t(INTROS[step])), banner,
    ...STEP_VIEWS[step](lines),
    actions(last));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    next();
  });
  root.replaceChildren(el('section', { class: 'card wizard', 'data-testid': 'setup-wizard' },
    pageTitle(t('setup.title')), indicator(), form));
  for (const [input, line, key] of lines) setError(input, line, state.errors[key]);
  const invalid = lines.find(([, , key]) => state.errors[key]);
  if (focus === 'error' && invalid) invalid[0].focus();
  else if (focus) heading.focus();
}

function indicator() {
  return el('ol', { class: 'steps', 'aria-label': t('setup.stepsLabel') }, ...state.steps.map((step, i) =>
    el('li', { class: i < state.index ? 'done' : i === state.index ? 'current' : null,
      'aria-current': i === state.index ? 'step' : null },
    el('span', { class: 'step-number', 'aria-hidden': 'true' }, String(i + 1)),
    el('span', { class: 'step-label' }, t(TITLES[step])))));
}

function actions(last) {
  let backButton = el('span');
  if (state.index > 0) {
    backButton = el('button', { type: 'button', class: 'button button-ghost', 'data-testid': 'setup-back' }, t('setup.back'));
    backButton.addEventListener('click', back);
  }
  return el('div', { class: 'actions' }, backButton,
    el('button', { type: 'submit', class: 'button button-form', 'data-testid': 'setup-next' }, t(last ? 'setup.finish' : 'setup.next')));
}

// A text field bound to state.values[key].
function bound(lines, key, label, options = {}) {
  const f = field({ name: key, label, value: state.values[key], ...options });
  f.input.addEventListener(f.input.tagName === 'SELECT' ? 'change' : 'input', () => {
    state.values[key] = f.input.value;
    setError(f.input, f.line, null);
  });
  lines.push([f.input, f.line, key]);
  return f;
}

const STEP_VIEWS = {
  code(lines) {
    const f = bound(lines, 'setupCode', t('setup.code.label'), { hint: t('setup.code.hint'),
      attrs: { autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', class: 'code-input' } });
    f.input.addEventListener('input', () => {
      // Reformat only while typing at the end, so editing in the middle keeps the caret in place.
      if (f.input.selectionStart === f.input.value.length) f.input.value = formatCode(f.input.value);
      state.values.setupCode = formatCode(f.input.value);
    });
    return [f.node];
  },

  business(lines) {
    return [
      bound(lines, 'salonName', t('setup.salonName'), { attrs: { autocomplete: 'organization', required: true } }).node,
      bound(lines, 'salonEmail', t('setup.salonEmail'), { type: 'email', optional: true,
        attrs: { autocomplete: 'email' } }).node,
      bound(lines, 'salonPhone', t('setup.salonPhone'), { type: 'tel', optional: true,
        attrs: { autocomplete: 'tel' } }).node,
      bound(lines, 'salonAddress', t('setup.salonAddress'), { optional: true,
        attrs: { autocomplete: 'street-address' } }).node,
      bound(lines, 'timezone', t('setup.timezone'), { hint: t('setup.timezoneHint'),
        options: zones().map((z) => [z, z.replace(/_/g, ' ')]) }).node,
    ];
  },

  hours(lines) {
    const whole = errorLine('openingHours');
    const week = el('div', { class: 'week' }, ...state.hours.map((day, i) => dayRow(lines, day, i)));
    lines.push([week, whole, 'openingHours']);
    return [week, whole];
  },

  owner(lines) {
    return [
      bound(lines, 'adminName', t('setup.adminName'), { attrs: { autocomplete: 'name', required: true } }).node,
      bound(lines, 'adminEmail', t('setup.adminEmail'), { type: 'email', hint: t('setup.adminEmailHint'),
        attrs: { autocomplete: 'username', required: true } }).node,
      bound(lines, 'adminPassword', t('setup.adminPassword'), { type: 'password', beside: passwordToggle,
        hint: t('setup.password.rule', { min: MIN_PASSWORD }), attrs: { autocomplete: 'new-password', required: true } }).node,
    ];
  },
};

function dayRow(lines, day, i) {
  const key = `openingHours[${i}]`;
  const dayName = t(`day.${day.dayOfWeek}`);
  const time = (prop, label) => {
    const id = uid();
    const input = el('input', { id, type: 'time', value: day[prop], required: true, disabled: day.isClosed,
      'data-testid': `${key}.${prop}` });
    const line = errorLine(`${key}.${prop}`);
    input.setAttribute('aria-describedby', line.id);
    input.addEventListener('input', () => {
      day[prop] = input.value;
      setError(input, line, null);
    });
    lines.push([input, line, `${key}.${prop}`]);
    // The label ("Monday opens") is for screen readers; on screen the row's day and "09:00 – 17:00" say it.
    return { node: el('span', { class: 'time' }, el('label', { for: id, class: 'sr-only' }, label), input), input, line };
  };
  const open = time('openTime', t('setup.hours.opensOn', { day: dayName }));
  const close = time('closeTime', t('setup.hours.closesOn', { day: dayName }));
  const closedId = uid();
  const closed = el('input', { id: closedId, type: 'checkbox', checked: day.isClosed, 'data-testid': `${key}.isClosed` });
  closed.addEventListener('change', () => {
    day.isClosed = closed.checked;
    open.input.disabled = close.input.disabled = closed.checked;
    if (closed.checked) for (const f of [open, close]) setError(f.input, f.line, null);
  });
  const rowLine = errorLine(key);
  lines.push([closed, rowLine, key]);
  return el('fieldset', { class: 'day', 'data-testid': `day-${day.dayOfWeek}` },
    el('legend', {}, dayName),
    el('div', { class: 'day-times' }, open.node, el('span', { 'aria-hidden': 'true' }, '–'), close.node),
    el('span', { class: 'check' }, closed, el('label', { for: closedId }, t('setup.hours.closed'))),
    open.line, close.line, rowLine);
}
