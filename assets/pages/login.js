// Sign-in: e-mail and password; the workplace field appears only when the server asks for it
// (the same e-mail address exists in several workplaces). `?email=` fills in the address (the
// link after accepting an invitation or choosing a new password). The second way in is a
// one-time code by e-mail (or by text message, when the server has an SMS provider): ask for a
// code, or say "I already have a code", then enter its 6 digits.
import { adopt, login } from '../auth.js';
import { api } from '../api.js';
import { busy, el, errorText, field, passwordToggle, setError, showFieldErrors, uid } from '../forms.js';
import { t } from '../i18n.js';
import { go, nextPath } from '../nav.js';
import { loadPreferences } from '../prefs.js';
import { pageTitle, setTitle } from '../shell.js';

const CODE = /^\d{6}$/;

let view = null;

export function mount(root) {
  const given = new URLSearchParams(location.search).get('email') || '';
  const email = field({ name: 'email', label: t('login.email'), type: 'email', value: given,
    attrs: { autocomplete: 'username', required: true } });
  const password = field({ name: 'password', label: t('login.password'), type: 'password', beside: passwordToggle,
    attrs: { autocomplete: 'current-password', required: true } });
  const workplace = field({ name: 'tenantSlug', label: t('login.workplace'), hint: t('login.workplaceHint'),
    attrs: { autocomplete: 'organization', autocapitalize: 'none', spellcheck: 'false' } });
  workplace.node.hidden = true;
  const banner = el('p', { class: 'banner', role: 'alert', 'data-testid': 'login-error', hidden: true });
  const submit = el('button', { type: 'submit', class: 'button button-form', 'data-testid': 'login-submit' }, t('login.submit'));
  // Carries the address typed so far, so the next page need not ask for it again.
  const forgot = el('a', { href: '/forgot-password', 'data-testid': 'login-forgot' }, t('login.forgot'));
  const forgotHref = () => {
    const typed = email.input.value.trim();
    forgot.setAttribute('href', typed ? `/forgot-password?email=${encodeURIComponent(typed)}` : '/forgot-password');
  };
  email.input.addEventListener('input', forgotHref);
  forgotHref();
  for (const f of [email, password, workplace]) f.input.addEventListener('input', () => setError(f.input, f.line, null));

  view = { root, email, password, workplace, banner, submit, forgot, mode: 'password', channels: ['email'] };
  const v = view;
  v.heading = pageTitle(t('login.title'));
  v.intro = el('p', { class: 'intro', hidden: true });
  v.code = codePart();
  v.passwordPart = el('div', {}, password.node);
  v.passwordActions = el('div', { class: 'actions' }, forgot, submit);
  v.otpButton = el('button', { type: 'button', class: 'button button-secondary button-wide button-form', 'data-testid': 'login-otp' },
    t('login.otpStart'));
  v.otpButton.addEventListener('click', () => switchTo('code'));
  v.alternative = el('div', { class: 'login-alternative' },
    el('p', { class: 'divider' }, el('span', {}, t('login.or'))), v.otpButton);

  const form = el('form', { novalidate: true, 'data-testid': 'login-form' },
    v.intro, banner, v.code.channelNode, email.node, v.code.phone.node, workplace.node, v.passwordPart,
    v.code.codeNode, v.passwordActions, v.code.actions);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (v.mode === 'password') signIn();
    else if (v.code.stage === 'request') sendCode();
    else verifyCode();
  });

  root.replaceChildren(el('section', { class: 'card narrow', 'data-testid': 'login-page' }, v.heading, form, v.alternative));
  (given ? password : email).input.focus();
  learnChannels();
}

export function unmount() {
  view = null;
}

function say(kind, text) {
  view.banner.className = `banner banner-${kind}`;
  view.banner.setAttribute('role', kind === 'bad' ? 'alert' : 'status');
  view.banner.textContent = text || '';
  view.banner.hidden = !text;
}

// After either way in: take over the user's interface preferences, then on to the page a deep
// link pointed at (`?next=`, same-origin paths only) or home. A language other than the one this
// page speaks needs a fresh page load, which the refresh cookie survives.
async function enter() {
  const target = nextPath() || '/';
  if (await loadPreferences()) location.replace(target);
  else go(target, { replace: true });
}

async function signIn() {
  const v = view;
  say('bad', null);
  const required = [v.email, v.password, ...(v.workplace.node.hidden ? [] : [v.workplace])];
  for (const f of required) setError(f.input, f.line, f.input.value.trim() ? null : t('form.required'));
  const empty = required.find((f) => !f.input.value.trim());
  if (empty) return empty.input.focus();

  const restore = busy(v.submit, t('login.submitting'));
  try {
    await login(v.email.input.value.trim(), v.password.input.value, slug());
    await enter();
  } catch (e) {
    if (view !== v) return;
    restore();
    // A 401 here is the server's "The e-mail address or password is wrong.", in this language.
    say('bad', errorText(e));
    if (e.code === 'tenant_required') {
      v.workplace.node.hidden = false;
      v.workplace.input.focus();
    } else if (e.status === 401) {
      v.password.input.select();
      v.password.input.focus();
    }
  }
}

const slug = () => (view.workplace.node.hidden ? undefined : view.workplace.input.value.trim() || undefined);

// ---- sign-in code -----------------------------------------------------------------------------

// Which channels the server offers; without an answer, e-mail (always offered).
async function learnChannels() {
  const v = view;
  let config = null;
  try {
    config = await api('/api/v1/auth/config');
  } catch {
    return;
  }
  if (view !== v || !Array.isArray(config?.otpChannels)) return;
  v.channels = config.otpChannels.filter((c) => c === 'email' || c === 'phone');
  v.alternative.hidden = v.channels.length === 0;
  if (v.channels.includes('phone')) {
    v.otpButton.textContent = t('login.otpStartAny');
    v.code.channelNode.hidden = v.mode !== 'code';
  }
}

function codePart() {
  const name = uid('channel');
  const radios = ['email', 'phone'].map((channel) => {
    const input = el('input', { type: 'radio', name, value: channel, id: uid('radio'), 'data-testid': `otp-channel-${channel}` });
    input.checked = channel === 'email';
    input.addEventListener('change', () => showChannel());
    return { channel, input, node: el('label', { class: 'check', for: input.id }, input, t(`login.channel.${channel}`)) };
  });
  const channelNode = el('fieldset', { class: 'field choice-row', hidden: true },
    el('legend', {}, t('login.channel')), ...radios.map((r) => r.node));
  const phone = field({ name: 'phone', label: t('login.phone'), type: 'tel', hint: t('login.phoneHint'),
    attrs: { autocomplete: 'tel', inputmode: 'tel' } });
  phone.node.hidden = true;
  const code = field({ name: 'otp', label: t('login.otpCode'), hint: t('login.otpCodeHint'),
    attrs: { autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 6, pattern: '[0-9]{6}',
      class: 'code-input otp-input', 'data-testid': 'otp-code' } });
  for (const f of [phone, code]) f.input.addEventListener('input', () => setError(f.input, f.line, null));
  const codeNode = el('div', { hidden: true }, code.node);

  const send = el('button', { type: 'submit', class: 'button button-form', 'data-testid': 'otp-submit' }, t('login.otpSend'));
  const have = el('button', { type: 'button', class: 'link-button', 'data-testid': 'otp-have-code' }, t('login.otpHave'));
  have.addEventListener('click', () => toStage('verify'));
  const resend = el('button', { type: 'button', class: 'link-button', 'data-testid': 'otp-resend', hidden: true },
    t('login.otpResend'));
  resend.addEventListener('click', () => sendCode({ again: true }));
  const back = el('button', { type: 'button', class: 'link-button', 'data-testid': 'otp-password' }, t('login.otpPassword'));
  back.addEventListener('click', () => switchTo('password'));
  const actions = el('div', { hidden: true },
    el('div', { class: 'actions' }, el('div', { class: 'link-stack' }, have, resend), send),
    el('p', { class: 'login-back' }, back));
  return { stage: 'request', radios, channelNode, phone, code, codeNode, send, have, resend, actions };
}

const channel = () => view.code.radios.find((r) => r.input.checked)?.channel || 'email';
const destinationField = () => (channel() === 'phone' ? view.code.phone : view.email);

function showChannel() {
  const v = view;
  const phone = channel() === 'phone';
  v.code.phone.node.hidden = !phone;
  v.email.node.hidden = phone;
  destinationField().input.focus();
}

function switchTo(mode) {
  const v = view;
  v.mode = mode;
  const code = mode === 'code';
  say('bad', null);
  v.heading.textContent = t(code ? 'login.otpTitle' : 'login.title');
  setTitle(v.heading.textContent);
  v.intro.textContent = t(v.channels.includes('phone') ? 'login.otpIntroPhone' : 'login.otpIntro');
  v.intro.hidden = !code;
  v.passwordPart.hidden = code;
  v.passwordActions.hidden = code;
  v.alternative.hidden = code || v.channels.length === 0;
  v.code.actions.hidden = !code;
  v.code.channelNode.hidden = !code || !v.channels.includes('phone');
  if (code) {
    toStage('request');
    showChannel();
  } else {
    v.code.phone.node.hidden = true;
    v.email.node.hidden = false;
    v.code.codeNode.hidden = true;
    v.email.input.focus();
  }
}

// 'request': where to send a code; 'verify': the code field too, with "send a new code".
function toStage(stage) {
  const c = view.code;
  c.stage = stage;
  const verify = stage === 'verify';
  c.codeNode.hidden = !verify;
  c.have.hidden = verify;
  c.resend.hidden = !verify;
  c.send.textContent = t(verify ? 'login.submit' : 'login.otpSend');
  if (verify) c.code.input.focus();
}

function checkDestination() {
  const f = destinationField();
  const problem = f.input.value.trim() ? null : t('form.required');
  setError(f.input, f.line, problem);
  if (problem) f.input.focus();
  return !problem;
}

function otpBody(extra = {}) {
  const body = { channel: channel(), destination: destinationField().input.value.trim(), ...extra };
  const tenantSlug = slug();
  if (tenantSlug) body.tenantSlug = tenantSlug;
  return body;
}

// The server's own words: 429 says when to try again, 400 names the field.
function showOtpError(e) {
  const c = view.code;
  const fields = { destination: destinationField(), otp: c.code, tenantSlug: view.workplace };
  const stray = e.code === 'validation_failed' ? showFieldErrors(e.fields, fields) : null;
  if (!stray || stray.length) say('bad', errorText(e));
}

async function sendCode({ again = false } = {}) {
  const v = view;
  const c = v.code;
  say('bad', null);
  if (!checkDestination()) return;
  const button = again ? c.resend : c.send;
  const restore = busy(button, t('login.otpSending'));
  try {
    const started = await api('/api/v1/auth/otp/start', { method: 'POST', body: otpBody() });
    if (view !== v) return;
    restore();
    const destination = destinationField().input.value.trim();
    const minutes = Math.round((started.expiresIn || 600) / 60);
    say('ok', again ? t('login.otpResent', { destination }) : t('login.otpSent', { destination, minutes }));
    c.code.input.value = '';
    setError(c.code.input, c.code.line, null);
    toStage('verify');
  } catch (e) {
    if (view !== v) return;
    restore();
    showOtpError(e);
  }
}

async function verifyCode() {
  const v = view;
  const c = v.code;
  say('bad', null);
  if (!checkDestination()) return;
  const otp = c.code.input.value.replace(/\s/g, '');
  const problem = !otp ? t('form.required') : CODE.test(otp) ? null : t('login.otpCodeFormat');
  setError(c.code.input, c.code.line, problem);
  if (problem) return c.code.input.focus();
  const restore = busy(c.send, t('login.submitting'));
  try {
    adopt(await api('/api/v1/auth/otp/verify', { method: 'POST', body: otpBody({ otp }) }));
    await enter();
  } catch (e) {
    if (view !== v) return;
    restore();
    if (e.status === 401) {
      setError(c.code.input, c.code.line, t('login.otpWrong'));
      c.code.input.select();
      c.code.input.focus();
      return;
    }
    showOtpError(e);
  }
}
