// Small DOM and form helpers shared by the pages: labelled fields whose hint and error line are
// tied to the input (aria-describedby), so errors are read out and sit next to their field.
import { t } from './i18n.js';

let serial = 0;
export const uid = (prefix = 'f') => `${prefix}-${++serial}`;

// Attributes with null/undefined/false values are left out; true sets an empty attribute.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

export function errorLine(name) {
  return el('p', { class: 'field-error', id: uid('err'), 'data-testid': `error-${name}`, hidden: true });
}

export function setError(input, line, message) {
  line.textContent = message || '';
  line.hidden = !message;
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

// A labelled input (or select, when options are given); `beside` sits on the input's line (a
// show-password button). Returns {node, input, line}.
export function field({ name, label, type = 'text', value = '', hint, optional, options, beside, attrs = {} }) {
  const id = uid();
  const input = options
    ? el('select', { id, name, ...attrs }, ...options.map(([v, text]) => el('option', { value: v }, text)))
    : el('input', { id, name, type, ...attrs });
  input.value = value;
  const line = errorLine(name);
  const hintNode = hint ? el('p', { class: 'hint', id: uid('hint') }, hint) : null;
  input.setAttribute('aria-describedby', [hintNode?.id, line.id].filter(Boolean).join(' '));
  const control = beside ? el('div', { class: 'with-beside' }, input, beside(input)) : input;
  const node = el('div', { class: 'field' },
    el('label', { for: id }, label, optional && el('span', { class: 'optional' }, ` (${t('form.optional')})`)),
    control, hintNode, line);
  return { node, input, line };
}

// Shows or hides `input`, and with it the `also` inputs (a "repeat password" field).
export function passwordToggle(input, also = []) {
  const button = el('button', { type: 'button', class: 'button button-secondary', 'aria-controls': input.id,
    'data-testid': 'password-toggle' }, t('form.showPassword'));
  button.addEventListener('click', () => {
    const show = input.type === 'password';
    for (const i of [input, ...also]) i.type = show ? 'text' : 'password';
    button.textContent = t(show ? 'form.hidePassword' : 'form.showPassword');
  });
  return button;
}

// Disables the button and shows progress text; the returned function undoes it.
export function busy(button, text) {
  const idle = [...button.childNodes];
  button.disabled = true;
  button.textContent = text;
  return () => {
    button.disabled = false;
    button.replaceChildren(...idle);
  };
}

export function errorText(error) {
  return error.status === 0 ? t('app.unreachable') : error.message;
}

export const looksLikeEmail = (s) => /^[^\s@]+@[^\s@]+$/.test(s);

// The server's password rules (DESIGN §6): at least 8 characters, at most 1,024 bytes.
export const MIN_PASSWORD = 8;
const MAX_PASSWORD_BYTES = 1024;

// A new password and its repetition, with one show/hide button for both. `check()` puts the
// problems next to the fields and answers whether the pair may be sent.
export function newPasswordFields({ name = 'password', label = t('password.new'), repeatLabel = t('password.repeat') } = {}) {
  const repeat = field({ name: `${name}Repeat`, label: repeatLabel, type: 'password',
    attrs: { autocomplete: 'new-password', required: true } });
  const first = field({ name, label, type: 'password', hint: t('password.rule', { min: MIN_PASSWORD }),
    beside: (input) => passwordToggle(input, [repeat.input]), attrs: { autocomplete: 'new-password', required: true } });
  for (const f of [first, repeat]) f.input.addEventListener('input', () => setError(f.input, f.line, null));
  function check() {
    const value = first.input.value;
    let problem = null;
    if (!value) problem = t('form.required');
    else if ([...value].length < MIN_PASSWORD) problem = t('password.short', { min: MIN_PASSWORD });
    else if (new TextEncoder().encode(value).length > MAX_PASSWORD_BYTES) problem = t('password.long');
    setError(first.input, first.line, problem);
    const mismatch = !problem && repeat.input.value !== value ? t('password.mismatch') : null;
    setError(repeat.input, repeat.line, mismatch);
    if (problem) first.input.focus();
    else if (mismatch) repeat.input.focus();
    return !problem && !mismatch;
  }
  return { first, repeat, nodes: [first.node, repeat.node], check, value: () => first.input.value };
}

// Puts the server's `error.fields` next to the fields named in `byName` ({apiName: field()});
// answers the messages that found no field, as "name: message".
export function showFieldErrors(fields, byName) {
  const stray = [];
  let focused = false;
  for (const [name, message] of Object.entries(fields || {})) {
    const f = byName[name];
    if (!f) {
      stray.push(`${name}: ${message}`);
      continue;
    }
    setError(f.input, f.line, message);
    if (!focused) f.input.focus();
    focused = true;
  }
  return stray;
}

// A status line ("banner") that can be set to a message or hidden.
export function notice(testId) {
  const node = el('div', { class: 'banner', 'data-testid': testId, hidden: true });
  node.say = (kind, ...content) => {
    node.className = `banner banner-${kind}`;
    node.setAttribute('role', kind === 'bad' ? 'alert' : 'status');
    node.replaceChildren(...content.filter((c) => c !== null && c !== undefined && c !== false));
    node.hidden = content.length === 0;
  };
  node.clear = () => {
    node.replaceChildren();
    node.hidden = true;
  };
  return node;
}

// Previous / next for a `{total, page, limit}` list answer; `onPage(n)` loads page n.
export function pager({ total, page, limit }, onPage) {
  const pages = Math.max(1, Math.ceil(total / limit));
  const prev = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': 'pager-prev',
    disabled: page <= 1 }, t('pager.prev'));
  const next = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': 'pager-next',
    disabled: page >= pages }, t('pager.next'));
  prev.addEventListener('click', () => onPage(page - 1));
  next.addEventListener('click', () => onPage(page + 1));
  return el('nav', { class: 'pager', 'aria-label': t('pager.label') }, prev,
    el('span', { class: 'muted', 'data-testid': 'pager-info' }, t('pager.info', { page, pages })), next);
}
