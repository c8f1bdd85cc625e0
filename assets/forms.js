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

export function passwordToggle(input) {
  const button = el('button', { type: 'button', class: 'button button-quiet', 'aria-controls': input.id,
    'data-testid': 'password-toggle' }, t('form.showPassword'));
  button.addEventListener('click', () => {
    const show = input.type === 'password';
    input.type = show ? 'text' : 'password';
    button.textContent = t(show ? 'form.hidePassword' : 'form.showPassword');
  });
  return button;
}

// Disables the button and shows progress text; the returned function undoes it.
export function busy(button, text) {
  const idle = button.textContent;
  button.disabled = true;
  button.textContent = text;
  return () => {
    button.disabled = false;
    button.textContent = idle;
  };
}

export function errorText(error) {
  return error.status === 0 ? t('app.unreachable') : error.message;
}

export const looksLikeEmail = (s) => /^[^\s@]+@[^\s@]+$/.test(s);
