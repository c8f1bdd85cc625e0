// Accepting an invitation: the link in the invitation mail brings the token; the invited person
// chooses a password and then signs in with their address filled in.
import { api } from '../api.js';
import { busy, el, errorText, newPasswordFields, notice, showFieldErrors } from '../forms.js';
import { t } from '../i18n.js';
import { pageTitle } from '../shell.js';

export function mount(root) {
  const token = new URLSearchParams(location.search).get('token');
  const card = el('section', { class: 'card narrow', 'data-testid': 'accept-page' }, pageTitle(t('accept.title')));
  root.replaceChildren(card);
  if (!token) {
    card.append(el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'accept-error' },
      t('accept.noToken')));
    return;
  }

  const password = newPasswordFields({ label: t('accept.password') });
  const banner = notice('accept-error');
  const submit = el('button', { type: 'submit', class: 'button', 'data-testid': 'accept-submit' }, t('accept.submit'));
  const form = el('form', { novalidate: true, 'data-testid': 'accept-form' },
    el('p', { class: 'intro' }, t('accept.intro')), banner, ...password.nodes,
    el('div', { class: 'actions' }, el('span'), submit));
  card.append(form);
  password.first.input.focus();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    banner.clear();
    if (!password.check()) return;
    const restore = busy(submit, t('accept.submitting'));
    let user;
    try {
      user = await api('/api/v1/users/accept-invitation', { method: 'POST', body: { token, password: password.value() } });
    } catch (e) {
      restore();
      if (e.status === 410) {
        form.replaceWith(el('div', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'accept-gone' },
          t('accept.gone')));
        return;
      }
      const stray = e.code === 'validation_failed' ? showFieldErrors(e.fields, { password: password.first }) : null;
      if (!stray || stray.length) banner.say('bad', errorText(e));
      return;
    }
    form.replaceWith(el('div', { 'data-testid': 'accept-done' },
      el('p', { class: 'banner banner-ok', role: 'status' }, t('accept.done', { name: user.firstName || user.name })),
      el('p', {}, t('accept.next', { email: user.email })),
      el('div', { class: 'actions' }, el('span'),
        el('a', { class: 'button', href: `/login?email=${encodeURIComponent(user.email)}`, 'data-testid': 'accept-login' },
          t('accept.toLogin')))));
  });
}
