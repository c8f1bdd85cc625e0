// Accepting an invitation: the link in the invitation mail brings the token. The page first asks
// the server whether the link still works — a used, replaced or expired one gets no form, only the
// way to sign in and a hint to ask for a new invitation — and then shows which workplace and
// address it is for. After choosing a password the person is signed in and lands on home.
import { api } from '../api.js';
import { login } from '../auth.js';
import { busy, el, errorText, newPasswordFields, notice, showFieldErrors } from '../forms.js';
import { t } from '../i18n.js';
import { go } from '../nav.js';
import { loadPreferences } from '../prefs.js';
import { pageTitle, setTitle } from '../shell.js';
import { loadError, skeleton } from '../ui.js';

let view = null;

export function mount(root) {
  const token = new URLSearchParams(location.search).get('token');
  const heading = pageTitle(t('accept.title'));
  const body = el('div', {});
  view = { token, heading, body };
  root.replaceChildren(el('section', { class: 'card narrow', 'data-testid': 'accept-page' }, heading, body));
  if (!token) {
    body.append(el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'accept-error' }, t('accept.noToken')));
    return;
  }
  check();
}

export function unmount() {
  view = null;
}

async function check() {
  const v = view;
  v.body.replaceChildren(skeleton({ rows: 2 }));
  let invitation;
  try {
    invitation = await api('/api/v1/users/accept-invitation/check', { method: 'POST', body: { token: v.token } });
  } catch (e) {
    if (view !== v) return;
    if (e.status === 410) return gone();
    v.body.replaceChildren(loadError(e, check, 'accept-error'));
    return;
  }
  if (view !== v) return;
  form(invitation);
}

// Used, replaced by a newer invitation, or expired: nothing to fill in.
function gone() {
  const v = view;
  v.heading.textContent = t('accept.goneTitle');
  setTitle(t('accept.goneTitle'));
  v.body.replaceChildren(
    el('p', { class: 'banner banner-warn', role: 'alert', 'data-testid': 'accept-gone' }, t('accept.gone')),
    el('p', { class: 'muted' }, t('accept.goneHint')),
    el('div', { class: 'actions' }, el('span'),
      el('a', { href: '/login', class: 'button button-form', 'data-testid': 'accept-login' }, t('accept.toLogin'))));
}

function form(invitation) {
  const v = view;
  const title = t('accept.join', { workplace: invitation.workplace });
  v.heading.textContent = title;
  setTitle(title);
  const password = newPasswordFields({ label: t('accept.password') });
  const banner = notice('accept-error');
  const submit = el('button', { type: 'submit', class: 'button button-form', 'data-testid': 'accept-submit' }, t('accept.submit'));
  const node = el('form', { novalidate: true, 'data-testid': 'accept-form' },
    el('p', { class: 'intro' }, invitation.firstName ? t('accept.introNamed', { name: invitation.firstName }) : t('accept.intro')),
    el('p', { class: 'accept-as', 'data-testid': 'accept-email' }, t('accept.signInAs'), ' ', el('strong', {}, invitation.email)),
    // The address for the browser's password manager, which files the new password under it.
    el('input', { type: 'email', name: 'username', autocomplete: 'username', value: invitation.email, hidden: true,
      readonly: true, tabindex: '-1', 'aria-hidden': 'true' }),
    banner, ...password.nodes,
    el('div', { class: 'actions' }, el('span'), submit));
  v.body.replaceChildren(node);
  password.first.input.focus();

  node.addEventListener('submit', async (event) => {
    event.preventDefault();
    banner.clear();
    if (!password.check()) return;
    const restore = busy(submit, t('accept.submitting'));
    let user;
    try {
      user = await api('/api/v1/users/accept-invitation', { method: 'POST', body: { token: v.token, password: password.value() } });
    } catch (e) {
      if (view !== v) return;
      restore();
      if (e.status === 410) return gone();
      const stray = e.code === 'validation_failed' ? showFieldErrors(e.fields, { password: password.first }) : null;
      if (!stray || stray.length) banner.say('bad', errorText(e));
      return;
    }
    // Accepting does not sign in by itself: sign in with the new password, then home.
    submit.textContent = t('accept.signingIn');
    try {
      await login(user.email, password.value());
      if (await loadPreferences()) location.replace('/');
      else go('/', { replace: true });
    } catch {
      // Signing in needs more (the address is in several workplaces): the sign-in page asks.
      if (view !== v) return;
      done(user);
    }
  });
}

function done(user) {
  view.body.replaceChildren(el('div', { 'data-testid': 'accept-done' },
    el('p', { class: 'banner banner-ok', role: 'status' }, t('accept.done', { name: user.firstName || user.name })),
    el('p', {}, t('accept.next', { email: user.email })),
    el('div', { class: 'actions' }, el('span'),
      el('a', { class: 'button button-form', href: `/login?email=${encodeURIComponent(user.email)}`, 'data-testid': 'accept-login' },
        t('accept.toLogin')))));
}
