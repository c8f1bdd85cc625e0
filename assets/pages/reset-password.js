// Choosing a new password with the link from a reset mail. Every session of the account ends, so
// the next step is signing in with the new password.
import { api } from '../api.js';
import { busy, el, errorText, newPasswordFields, notice, showFieldErrors } from '../forms.js';
import { t } from '../i18n.js';
import { pageTitle } from '../shell.js';

function gone() {
  return el('div', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'reset-gone' },
    t('reset.gone'), ' ', el('a', { href: '/forgot-password', 'data-testid': 'reset-again' }, t('reset.again')));
}

export function mount(root) {
  const token = new URLSearchParams(location.search).get('token');
  const card = el('section', { class: 'card narrow', 'data-testid': 'reset-page' }, pageTitle(t('reset.title')));
  root.replaceChildren(card);
  if (!token) {
    card.append(gone());
    return;
  }

  const password = newPasswordFields();
  const banner = notice('reset-error');
  const submit = el('button', { type: 'submit', class: 'button', 'data-testid': 'reset-submit' }, t('reset.submit'));
  const form = el('form', { novalidate: true, 'data-testid': 'reset-form' },
    el('p', { class: 'intro' }, t('reset.intro')), banner, ...password.nodes,
    el('div', { class: 'actions' }, el('span'), submit));
  card.append(form);
  password.first.input.focus();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    banner.clear();
    if (!password.check()) return;
    const restore = busy(submit, t('reset.submitting'));
    try {
      await api('/api/v1/auth/password/reset', { method: 'POST', body: { token, password: password.value() } });
    } catch (e) {
      restore();
      if (e.status === 410) {
        form.replaceWith(gone());
        return;
      }
      const stray = e.code === 'validation_failed' ? showFieldErrors(e.fields, { password: password.first }) : null;
      if (!stray || stray.length) banner.say('bad', errorText(e));
      return;
    }
    form.replaceWith(el('div', { 'data-testid': 'reset-done' },
      el('p', { class: 'banner banner-ok', role: 'status' }, t('reset.done')),
      el('div', { class: 'actions' }, el('span'),
        el('a', { class: 'button', href: '/login', 'data-testid': 'reset-login' }, t('reset.toLogin')))));
  });
}
