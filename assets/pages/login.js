// Sign-in: e-mail and password; the workplace field appears only when the server asks for it
// (the same e-mail address exists in several workplaces). `?email=` fills in the address (the
// link after accepting an invitation or choosing a new password).
import { login } from '../auth.js';
import { busy, el, errorText, field, passwordToggle, setError } from '../forms.js';
import { t } from '../i18n.js';
import { go } from '../nav.js';

export function mount(root) {
  const given = new URLSearchParams(location.search).get('email') || '';
  const email = field({ name: 'email', label: t('login.email'), type: 'email', value: given,
    attrs: { autocomplete: 'username', required: true } });
  const password = field({ name: 'password', label: t('login.password'), type: 'password', beside: passwordToggle,
    attrs: { autocomplete: 'current-password', required: true } });
  const workplace = field({ name: 'tenantSlug', label: t('login.workplace'), hint: t('login.workplaceHint'),
    attrs: { autocomplete: 'organization', autocapitalize: 'none', spellcheck: 'false' } });
  workplace.node.hidden = true;
  const banner = el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'login-error', hidden: true });
  const submit = el('button', { type: 'submit', class: 'button', 'data-testid': 'login-submit' }, t('login.submit'));
  // Carries the address typed so far, so the next page need not ask for it again.
  const forgot = el('a', { href: '/forgot-password', 'data-testid': 'login-forgot' }, t('login.forgot'));
  const forgotHref = () => {
    const typed = email.input.value.trim();
    forgot.setAttribute('href', typed ? `/forgot-password?email=${encodeURIComponent(typed)}` : '/forgot-password');
  };
  email.input.addEventListener('input', forgotHref);
  forgotHref();
  const form = el('form', { novalidate: true, 'data-testid': 'login-form' },
    banner, email.node, password.node, workplace.node, el('div', { class: 'actions' }, forgot, submit));

  const say = (text) => {
    banner.textContent = text || '';
    banner.hidden = !text;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    say(null);
    const required = [email, password, ...(workplace.node.hidden ? [] : [workplace])];
    for (const f of required) setError(f.input, f.line, f.input.value.trim() ? null : t('form.required'));
    const empty = required.find((f) => !f.input.value.trim());
    if (empty) return empty.input.focus();

    const restore = busy(submit, t('login.submitting'));
    try {
      await login(email.input.value.trim(), password.input.value, workplace.node.hidden ? undefined : workplace.input.value.trim());
      go('/', { replace: true });
    } catch (e) {
      restore();
      say(errorText(e));
      if (e.code === 'tenant_required') {
        workplace.node.hidden = false;
        workplace.input.focus();
      } else if (e.status === 401) {
        password.input.select();
        password.input.focus();
      }
    }
  });

  root.replaceChildren(el('section', { class: 'card narrow', 'data-testid': 'login-page' },
    el('h1', {}, t('login.title')), form));
  (given ? password : email).input.focus();
}
