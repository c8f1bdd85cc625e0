// Confirming an e-mail address with the link from the confirmation mail: one call, then the
// outcome.
import { api } from '../api.js';
import { mayHaveSession } from '../auth.js';
import { el, errorText } from '../forms.js';
import { t } from '../i18n.js';
import { pageTitle } from '../shell.js';

let mounted = 0; // which mount an answer belongs to

export async function mount(root) {
  const mine = ++mounted;
  const token = new URLSearchParams(location.search).get('token');
  const card = el('section', { class: 'card narrow', 'data-testid': 'verify-page' }, pageTitle(t('verify.title')));
  const status = el('p', { class: 'muted', role: 'status', 'data-testid': 'verify-progress' }, t('verify.working'));
  card.append(status);
  root.replaceChildren(card);
  const onward = () => (mayHaveSession()
    ? el('a', { href: '/account', 'data-testid': 'verify-account' }, t('verify.toAccount'))
    : el('a', { href: '/login', 'data-testid': 'verify-login' }, t('verify.toLogin')));
  if (!token) {
    status.replaceWith(el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'verify-gone' }, t('verify.gone')),
      onward());
    return;
  }
  try {
    await api(`/api/v1/auth/verify-email/${encodeURIComponent(token)}`);
  } catch (e) {
    if (mine !== mounted) return;
    const text = e.status === 410 || e.status === 404 ? t('verify.gone') : errorText(e);
    status.replaceWith(el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'verify-gone' }, text), onward());
    return;
  }
  if (mine !== mounted) return;
  status.replaceWith(el('p', { class: 'banner banner-ok', role: 'status', 'data-testid': 'verify-done' }, t('verify.done')),
    onward());
}

export function unmount() {
  mounted += 1;
}
