// Forgot password: one e-mail field. The answer is the same whether or not the address has an
// account, so the page cannot be used to find out who works where.
import { api } from '../api.js';
import { busy, el, errorText, field, looksLikeEmail, notice, setError } from '../forms.js';
import { t } from '../i18n.js';
import { pageTitle } from '../shell.js';

export function mount(root) {
  const given = new URLSearchParams(location.search).get('email') || '';
  const email = field({ name: 'email', label: t('login.email'), type: 'email', value: given,
    attrs: { autocomplete: 'username', required: true } });
  email.input.addEventListener('input', () => setError(email.input, email.line, null));
  const banner = notice('forgot-error');
  const submit = el('button', { type: 'submit', class: 'button', 'data-testid': 'forgot-submit' }, t('forgot.submit'));
  const form = el('form', { novalidate: true, 'data-testid': 'forgot-form' },
    el('p', { class: 'intro' }, t('forgot.intro')), banner, email.node,
    el('div', { class: 'actions' }, el('a', { href: '/login' }, t('forgot.back')), submit));
  const card = el('section', { class: 'card narrow', 'data-testid': 'forgot-page' }, pageTitle(t('forgot.title')), form);
  root.replaceChildren(card);
  email.input.focus();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    banner.clear();
    const address = email.input.value.trim();
    const problem = !address ? t('form.required') : looksLikeEmail(address) ? null : t('form.email');
    setError(email.input, email.line, problem);
    if (problem) return email.input.focus();
    const restore = busy(submit, t('forgot.submitting'));
    try {
      await api('/api/v1/auth/password/forgot', { method: 'POST', body: { email: address } });
    } catch (e) {
      restore();
      banner.say('bad', errorText(e));
      return;
    }
    form.replaceWith(el('div', { 'data-testid': 'forgot-done' },
      el('p', { class: 'banner banner-ok', role: 'status', 'data-testid': 'forgot-sent' }, t('forgot.sent', { email: address })),
      el('p', { class: 'muted' }, t('forgot.sentHint')),
      el('div', { class: 'actions' }, el('a', { href: `/login?email=${encodeURIComponent(address)}` }, t('forgot.back')))));
  });
}
