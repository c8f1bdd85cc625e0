// My account: who I am here, the way to my profile and preferences and to my notification
// settings, changing my password (the session continues with the new token the server answers),
// and asking for a link that confirms my e-mail address; for those who punch, the PIN for the
// kiosk (the location's shared tablet).
import { adopt, authedApi } from '../auth.js';
import { busy, el, errorText, field, newPasswordFields, notice, passwordToggle, setError, showFieldErrors } from '../forms.js';
import { t } from '../i18n.js';
import { pageTitle } from '../shell.js';
import { card, linkList, page, skeleton } from '../ui.js';

const ROLES = ['owner', 'tenant_admin', 'manager', 'user'];
let mounted = 0; // which mount an answer belongs to

function row(label, value, testId) {
  return el('div', { class: 'row' }, el('dt', {}, label), el('dd', { 'data-testid': testId }, value));
}

export async function mount(root, { session }) {
  const mine = ++mounted;
  const heading = pageTitle(t('account.title'));
  root.replaceChildren(page('form', heading, card({}, skeleton({ rows: 4 }))));
  // Read afresh: the header's copy may be older than a change made elsewhere, and a session that
  // was ended meanwhile is found out here (authedApi then goes to the sign-in page).
  let me = session;
  try {
    me = await authedApi('/api/v1/auth/me');
  } catch (e) {
    if (mine !== mounted || e.status === 401) return;
    // The page still works with what the header knew.
  }
  if (mine !== mounted) return;
  const { user, tenant } = me;
  const role = ROLES.includes(user.role) ? t(`role.${user.role}`) : user.role;
  root.replaceChildren(page('form', heading,
    card({ title: t('account.aboutTitle'), testId: 'account-page' },
      user.requirePasswordChange && el('p', { class: 'banner banner-warn', role: 'note', 'data-testid': 'account-temporary' },
        t('account.temporary')),
      el('dl', { class: 'facts' },
        row(t('account.name'), user.name, 'account-name'),
        row(t('account.email'), user.email, 'account-email'),
        row(t('home.role'), role, 'account-role'),
        row(t('home.workplace'), tenant.name, 'account-tenant'))),
    el('section', { class: 'card card-flush', 'data-testid': 'account-profile' },
      el('h2', { class: 'sr-only' }, t('account.profileTitle')),
      linkList([{ href: '/account/profile', icon: 'user', title: t('account.profileLink'), text: t('account.profileIntro'),
        testId: 'account-profile-link' },
      { href: '/notifications/settings', icon: 'bell', title: t('notif.accountLink'), text: t('notif.accountIntro'),
        testId: 'account-notifications-link' }])),
    card({ title: t('account.passwordTitle') }, passwordForm()),
    me.permissions.includes('clock.punch') && card({ title: t('pin.title'), testId: 'pin-card' }, pinForm()),
    card({ title: t('account.verifyTitle') }, verifyPart(user))));
}

export function unmount() {
  mounted += 1;
}

function passwordForm() {
  const current = field({ name: 'currentPassword', label: t('account.current'), type: 'password',
    beside: passwordToggle, attrs: { autocomplete: 'current-password', required: true } });
  current.input.addEventListener('input', () => setError(current.input, current.line, null));
  const next = newPasswordFields({ name: 'newPassword' });
  const banner = notice('password-result');
  const submit = el('button', { type: 'submit', class: 'button', 'data-testid': 'password-submit' }, t('account.change'));
  const form = el('form', { novalidate: true, 'data-testid': 'password-form' },
    el('p', { class: 'intro' }, t('account.passwordIntro')), banner, current.node, ...next.nodes,
    el('div', { class: 'actions' }, el('span'), submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    banner.clear();
    const missing = !current.input.value;
    setError(current.input, current.line, missing ? t('form.required') : null);
    if (missing) return current.input.focus();
    if (!next.check()) return;
    const restore = busy(submit, t('account.changing'));
    const mine = mounted;
    try {
      const answer = await authedApi('/api/v1/auth/password/change', { method: 'POST',
        body: { currentPassword: current.input.value, newPassword: next.value() } });
      adopt(answer);
    } catch (e) {
      if (mine !== mounted) return;
      restore();
      if (e.status === 401) {
        // authedApi refreshed once and tried again; a second 401 means the password was wrong.
        setError(current.input, current.line, t('account.wrongCurrent'));
        current.input.select();
        current.input.focus();
        return;
      }
      const stray = e.code === 'validation_failed'
        ? showFieldErrors(e.fields, { currentPassword: current, newPassword: next.first }) : null;
      if (!stray || stray.length) banner.say('bad', errorText(e));
      return;
    }
    if (mine !== mounted) return;
    restore();
    for (const input of form.querySelectorAll('input')) input.value = '';
    banner.say('ok', t('account.changed'));
  });
  return form;
}

// The kiosk PIN: typed twice (a tablet's pad shows no digits), digits only, 4 to 8 of them.
function pinForm() {
  const attrs = { inputmode: 'numeric', autocomplete: 'off', maxlength: 8, pattern: '[0-9]{4,8}', required: true };
  const pin = field({ name: 'pin', label: t('pin.new'), type: 'password', attrs: { ...attrs, 'data-testid': 'pin-new' } });
  const again = field({ name: 'pinRepeat', label: t('pin.repeat'), type: 'password', attrs: { ...attrs, 'data-testid': 'pin-repeat' } });
  const banner = notice('pin-result');
  const submit = el('button', { type: 'submit', class: 'button', 'data-testid': 'pin-submit' }, t('pin.save'));
  const form = el('form', { novalidate: true, 'data-testid': 'pin-form' },
    el('p', { class: 'intro' }, t('pin.intro')), banner, pin.node, again.node, el('div', { class: 'actions' }, el('span'), submit));
  for (const f of [pin, again]) f.input.addEventListener('input', () => setError(f.input, f.line, null));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    banner.clear();
    const value = pin.input.value;
    if (!/^[0-9]{4,8}$/.test(value)) {
      setError(pin.input, pin.line, t('pin.format'));
      return pin.input.focus();
    }
    if (again.input.value !== value) {
      setError(again.input, again.line, t('pin.mismatch'));
      return again.input.focus();
    }
    const restore = busy(submit, t('pin.saving'));
    const mine = mounted;
    try {
      await authedApi('/api/v1/me/clock-pin', { method: 'PUT', body: { pin: value } });
    } catch (e) {
      if (mine !== mounted) return;
      restore();
      const stray = e.code === 'validation_failed' ? showFieldErrors(e.fields, { pin }) : null;
      if ((!stray || stray.length) && e.status !== 401) banner.say('bad', errorText(e));
      return;
    }
    if (mine !== mounted) return;
    restore();
    pin.input.value = '';
    again.input.value = '';
    banner.say('ok', t('pin.saved'));
  });
  return form;
}

function verifyPart(user) {
  const banner = notice('verify-result');
  const button = el('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'verify-send' },
    t('account.verifySend'));
  button.addEventListener('click', async () => {
    banner.clear();
    const restore = busy(button, t('account.verifySending'));
    try {
      await authedApi('/api/v1/auth/me/verify-email', { method: 'POST' });
      banner.say('ok', t('account.verifySent', { email: user.email }));
    } catch (e) {
      if (e.status === 409) banner.say('ok', t('account.verifyAlready'));
      else if (e.status !== 401) banner.say('bad', errorText(e));
    }
    restore();
  });
  return el('div', {}, el('p', { class: 'intro' }, t('account.verifyIntro', { email: user.email })), banner,
    el('div', { class: 'actions' }, button, el('span')));
}
