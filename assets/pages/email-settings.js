// E-mail settings: is mail going out and through which server, this workplace's own SMTP server
// (the password is write-only), a test mail, and the sender address.
import { authedApi } from '../auth.js';
import { confirmAction } from '../dialog.js';
import { busy, el, errorText, field, looksLikeEmail, notice, passwordToggle, setError, showFieldErrors } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { pageTitle } from '../shell.js';
import { card, loadError, page, skeleton } from '../ui.js';

const SECURITY = ['starttls', 'tls', 'none'];
const DEFAULT_PORT = { none: 25, starttls: 587, tls: 465 };

let view = null;

function row(label, value, testId) {
  return el('div', { class: 'row' }, el('dt', {}, label), el('dd', { 'data-testid': testId }, value));
}

export function mount(root, { session }) {
  view = { root, session, body: el('div', { class: 'stack' }, card({}, skeleton({ rows: 4 }))) };
  const outbox = el('a', { href: '/settings/email/outbox', class: 'button button-secondary', 'data-testid': 'email-outbox-link' },
    icon('inbox'), t('email.outboxLink'));
  root.replaceChildren(page('form', pageTitle(t('email.title')),
    el('div', { class: 'page-head' },
      el('a', { href: '/settings', class: 'back-link' }, icon('chevron-left', { size: 'sm' }), t('settings.back')), outbox),
    view.body));
  load();
}

export function unmount() {
  view = null;
}

async function load() {
  const v = view;
  let smtp, sender, status;
  try {
    [smtp, sender, status] = await Promise.all([
      authedApi('/api/v1/settings/email/smtp'),
      authedApi('/api/v1/settings/email/sender'),
      authedApi('/api/v1/settings/email/status'),
    ]);
  } catch (e) {
    if (view !== v || e.status === 401) return;
    v.body.replaceChildren(card({}, loadError(e, load, 'email-error')));
    return;
  }
  if (view !== v) return;
  Object.assign(v, { smtp, sender, status });
  v.statusCard = el('section', { class: 'card stack', 'data-testid': 'email-status' });
  v.smtpCard = el('section', { class: 'card stack', 'data-testid': 'email-smtp' });
  v.senderCard = el('section', { class: 'card stack', 'data-testid': 'email-sender' });
  renderStatus();
  renderSmtp();
  renderSender();
  v.body.replaceChildren(v.statusCard, v.smtpCard, testCard(), v.senderCard);
}

// Status, sender and SMTP answers change together; read the status again after each save.
async function reloadStatus() {
  const v = view;
  try {
    const status = await authedApi('/api/v1/settings/email/status');
    if (view !== v) return;
    v.status = status;
    renderStatus();
  } catch {
    // The save itself went through; the old status stays until the next visit.
  }
}

function sourceLabel(source) {
  return t(`email.source.${['tenant', 'config', 'none'].includes(source) ? source : 'none'}`);
}

function renderStatus() {
  const { status } = view;
  const banner = !status.configured
    ? el('p', { class: 'banner banner-warn', 'data-testid': 'email-state' }, t('email.state.none'))
    : status.lastError
      ? el('p', { class: 'banner banner-warn', 'data-testid': 'email-state' }, t('email.state.failing'))
      : el('p', { class: 'banner banner-ok', 'data-testid': 'email-state' }, t('email.state.ok'));
  view.statusCard.replaceChildren(
    el('h2', {}, t('email.statusTitle')), banner,
    el('dl', { class: 'facts' },
      row(t('email.source'), sourceLabel(status.source), 'email-source'),
      row(t('email.from'), status.effectiveFrom, 'email-effective-from'),
      row(t('email.pending'), el('a', { href: '/settings/email/outbox' }, tn('email.pendingCount', status.pending)),
        'email-pending'),
      status.lastError && row(t('email.lastError'), status.lastError, 'email-last-error')));
}

// ---- SMTP server ------------------------------------------------------------------------------

// Whoever runs the mail server can read the mail: only an owner may choose it (the server
// refuses others with 403). Everyone else sees it, read-only, and keeps the sender and the test.
const isOwner = (session) => session.user.role === 'owner' || session.roles?.includes('owner');

function renderSmtp() {
  const { smtp } = view;
  const card = view.smtpCard;
  card.replaceChildren(el('h2', {}, t('email.smtpTitle')));
  if (!isOwner(view.session)) {
    const none = smtp.source === 'none' || !smtp.host;
    card.append(
      el('p', { class: 'banner banner-note', role: 'note', 'data-testid': 'smtp-owner-only' }, t('email.ownerOnly')),
      none ? el('p', { class: 'muted', 'data-testid': 'smtp-readonly-none' }, t('email.readOnlyNone'))
        : el('dl', { class: 'facts', 'data-testid': 'smtp-readonly' },
          row(t('email.host'), smtp.host || '–', 'smtp-config-host'),
          row(t('email.port'), String(smtp.port ?? '–'), 'smtp-config-port'),
          row(t('email.security'), smtp.security ? t(`email.security.${smtp.security}`) : '–', 'smtp-config-security'),
          row(t('email.username'), smtp.username || '–', 'smtp-config-username')));
    return;
  }
  if (smtp.source === 'config' && !view.overrideConfig) {
    // The operator's server: shown, not edited (its password is not ours to see or change).
    const own = el('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'smtp-override' },
      t('email.override'));
    own.addEventListener('click', () => {
      view.overrideConfig = true;
      renderSmtp();
      card.querySelector('input')?.focus();
    });
    card.append(el('p', { class: 'intro' }, t('email.configIntro')), notice('smtp-result'),
      el('dl', { class: 'facts' },
        row(t('email.host'), smtp.host || '–', 'smtp-config-host'),
        row(t('email.port'), String(smtp.port ?? '–'), 'smtp-config-port'),
        row(t('email.security'), smtp.security ? t(`email.security.${smtp.security}`) : '–', 'smtp-config-security'),
        row(t('email.username'), smtp.username || '–', 'smtp-config-username')),
      el('div', { class: 'actions' }, own, el('span')));
    return;
  }
  card.append(smtpForm(smtp));
}

function smtpForm(smtp) {
  const ours = smtp.source === 'tenant';
  const security = field({ name: 'security', label: t('email.security'), value: ours ? smtp.security || 'starttls' : 'starttls',
    options: SECURITY.map((s) => [s, t(`email.security.${s}`)]) });
  const fields = {
    host: field({ name: 'host', label: t('email.host'), value: ours ? smtp.host || '' : '', hint: t('email.hostHint'),
      attrs: { autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', placeholder: 'smtp.example.com' } }),
    port: field({ name: 'port', label: t('email.port'), type: 'number', value: ours && smtp.port ? String(smtp.port) : '',
      optional: true, attrs: { inputmode: 'numeric', min: 1, max: 65535 } }),
    security,
    username: field({ name: 'username', label: t('email.username'), value: ours ? smtp.username || '' : '', optional: true,
      attrs: { autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' } }),
    // new-password keeps the browser from filling in the admin's own sign-in password.
    password: field({ name: 'password', label: t('email.password'), type: 'password', optional: true,
      hint: ours && smtp.passwordSet ? t('email.passwordKept') : t('email.passwordNone'),
      beside: passwordToggle, attrs: { autocomplete: 'new-password' } }),
  };
  const portHint = () => {
    fields.port.input.placeholder = String(DEFAULT_PORT[security.input.value]);
  };
  security.input.addEventListener('change', portHint);
  portHint();
  for (const f of Object.values(fields)) f.input.addEventListener('input', () => setError(f.input, f.line, null));

  const banner = notice('smtp-result');
  const save = el('button', { type: 'submit', class: 'button', 'data-testid': 'smtp-save' }, t('email.save'));
  const extra = [];
  if (ours && smtp.passwordSet) {
    const forget = el('button', { type: 'button', class: 'button button-secondary button-danger-quiet',
      'data-testid': 'smtp-remove-password' }, t('email.removePassword'));
    forget.addEventListener('click', () => removeSettings({
      title: t('email.removePasswordTitle'), text: t('email.removePasswordText'), label: t('email.removePassword'),
      body: { password: null }, done: t('email.passwordRemoved'),
    }));
    extra.push(forget);
  }
  if (ours) {
    const stop = el('button', { type: 'button', class: 'button button-secondary button-danger-quiet', 'data-testid': 'smtp-remove' },
      t('email.removeServer'));
    stop.addEventListener('click', () => removeSettings({
      title: t('email.removeServerTitle'), text: t('email.removeServerText'), label: t('email.removeServer'),
      body: { host: null, port: null, security: null, username: null, password: null }, done: t('email.serverRemoved'),
    }));
    extra.push(stop);
  }
  if (smtp.source === 'config') {
    const back = el('button', { type: 'button', class: 'button button-secondary' }, t('email.keepConfig'));
    back.addEventListener('click', () => {
      view.overrideConfig = false;
      renderSmtp();
    });
    extra.push(back);
  }

  const form = el('form', { novalidate: true, 'data-testid': 'smtp-form' },
    el('p', { class: 'intro' }, t(ours ? 'email.tenantIntro' : smtp.source === 'config' ? 'email.overrideIntro' : 'email.noneIntro')),
    banner, ...Object.values(fields).map((f) => f.node),
    el('div', { class: 'actions' }, el('div', { class: 'button-row' }, ...extra), save));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    banner.clear();
    const host = fields.host.input.value.trim();
    const portText = fields.port.input.value.trim();
    const port = Number(portText);
    const hostProblem = !host ? t('form.required') : null;
    const portProblem = portText && !(Number.isInteger(port) && port >= 1 && port <= 65535) ? t('email.portRange') : null;
    setError(fields.host.input, fields.host.line, hostProblem);
    setError(fields.port.input, fields.port.line, portProblem);
    if (hostProblem || portProblem) return (hostProblem ? fields.host : fields.port).input.focus();
    const body = {
      host,
      port: portText ? port : null,
      security: security.input.value,
      username: fields.username.input.value.trim() || null,
    };
    // Empty = keep the stored password; removing it is its own button.
    if (fields.password.input.value) body.password = fields.password.input.value;
    const restore = busy(save, t('email.saving'));
    try {
      const saved = await authedApi('/api/v1/settings/email/smtp', { method: 'PUT', body });
      if (!view) return;
      view.smtp = saved;
      view.overrideConfig = false;
      renderSmtp();
      view.smtpCard.querySelector('[data-testid="smtp-result"]').say('ok', t('email.saved'));
      reloadStatus();
    } catch (e) {
      restore();
      if (e.status === 401) return;
      const stray = e.code === 'validation_failed' ? showFieldErrors(e.fields, fields) : null;
      if (!stray || stray.length) banner.say('bad', errorText(e), stray?.length ? ` (${stray.join('; ')})` : '');
    }
  });
  return form;
}

async function removeSettings({ title, text, label, body, done }) {
  const saved = await confirmAction({
    title, text, confirmLabel: label, busyLabel: t('email.saving'), testId: 'smtp-confirm',
    action: () => authedApi('/api/v1/settings/email/smtp', { method: 'PUT', body }),
  });
  if (!saved || !view) return;
  view.smtp = saved;
  renderSmtp();
  view.smtpCard.querySelector('[data-testid="smtp-result"]').say('ok', done);
  reloadStatus();
}

// ---- test mail --------------------------------------------------------------------------------

function testCard() {
  const to = field({ name: 'to', label: t('email.testTo'), type: 'email', optional: true,
    hint: t('email.testToHint', { email: view.session.user.email }),
    attrs: { autocomplete: 'email', placeholder: view.session.user.email } });
  to.input.addEventListener('input', () => setError(to.input, to.line, null));
  const result = notice('smtp-test-result');
  const send = el('button', { type: 'submit', class: 'button', 'data-testid': 'smtp-test' }, t('email.test'));
  const form = el('form', { novalidate: true, 'data-testid': 'smtp-test-form' },
    el('p', { class: 'intro' }, t('email.testIntro')), to.node, result,
    el('div', { class: 'actions' }, el('span'), send));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    result.clear();
    const address = to.input.value.trim();
    if (address && !looksLikeEmail(address)) {
      setError(to.input, to.line, t('form.email'));
      return to.input.focus();
    }
    const restore = busy(send, t('email.testing'));
    try {
      const answer = await authedApi('/api/v1/settings/email/smtp/test', { method: 'POST',
        body: address ? { to: address } : {} });
      const reply = el('code', { 'data-testid': 'smtp-test-response' }, answer.response);
      if (answer.delivered) result.say('ok', t('email.testDelivered', { email: address || view.session.user.email }), ' ', reply);
      else result.say('bad', t('email.testFailed'), ' ', reply);
    } catch (e) {
      if (e.status === 401) return;
      const stray = e.code === 'validation_failed' ? showFieldErrors(e.fields, { to }) : null;
      if (!stray || stray.length) result.say('bad', errorText(e));
    } finally {
      restore();
    }
  });
  return el('section', { class: 'card stack', 'data-testid': 'email-test' }, el('h2', {}, t('email.testTitle')), form);
}

// ---- sender -----------------------------------------------------------------------------------

function renderSender() {
  const { sender } = view;
  const fields = {
    fromName: field({ name: 'fromName', label: t('email.fromName'), value: sender.fromName || '', optional: true,
      hint: t('email.fromNameHint'), attrs: { autocomplete: 'off' } }),
    fromEmail: field({ name: 'fromEmail', label: t('email.fromEmail'), type: 'email', value: sender.fromEmail || '',
      optional: true, attrs: { autocomplete: 'off' } }),
    replyTo: field({ name: 'replyTo', label: t('email.replyTo'), type: 'email', value: sender.replyTo || '', optional: true,
      hint: t('email.replyToHint'), attrs: { autocomplete: 'off' } }),
  };
  for (const f of Object.values(fields)) f.input.addEventListener('input', () => setError(f.input, f.line, null));
  const banner = notice('sender-result');
  const save = el('button', { type: 'submit', class: 'button', 'data-testid': 'sender-save' }, t('email.save'));
  const form = el('form', { novalidate: true, 'data-testid': 'sender-form' },
    el('p', { class: 'intro' }, t('email.senderIntro')),
    el('p', { class: 'intro' }, t('email.effectiveFrom'), ' ', el('strong', { 'data-testid': 'sender-effective' }, sender.effectiveFrom)),
    banner, ...Object.values(fields).map((f) => f.node),
    el('div', { class: 'actions' }, el('span'), save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    banner.clear();
    let first = null;
    for (const f of [fields.fromEmail, fields.replyTo]) {
      const value = f.input.value.trim();
      const problem = value && !looksLikeEmail(value) ? t('form.email') : null;
      setError(f.input, f.line, problem);
      first ??= problem ? f : null;
    }
    if (first) return first.input.focus();
    const value = (f) => f.input.value.trim() || null;
    const restore = busy(save, t('email.saving'));
    try {
      const saved = await authedApi('/api/v1/settings/email/sender', { method: 'PUT', body: {
        fromName: value(fields.fromName), fromEmail: value(fields.fromEmail), replyTo: value(fields.replyTo) } });
      if (!view) return;
      view.sender = saved;
      renderSender();
      view.senderCard.querySelector('[data-testid="sender-result"]').say('ok', t('email.saved'));
      reloadStatus();
    } catch (e) {
      restore();
      if (e.status === 401) return;
      const stray = e.code === 'validation_failed' ? showFieldErrors(e.fields, fields) : null;
      if (!stray || stray.length) banner.say('bad', errorText(e));
    }
  });
  view.senderCard.replaceChildren(el('h2', {}, t('email.senderTitle')), form);
}
