// My profile and preferences: my picture (uploaded and saved at once, or removed), phone number,
// time zone and e-mail language (saved together, only what changed), and the two preferences the
// interface honours itself — its language (the page reloads to speak it) and compact lists —
// which apply as soon as they are changed.
import { authedApi } from '../auth.js';
import { aborted, IMAGE_TYPES, uploadFile, uploadProblem } from '../files.js';
import { busy, el, errorText, field, notice, setError, showFieldErrors, uid } from '../forms.js';
import { t, uiLanguage } from '../i18n.js';
import { icon } from '../icons.js';
import { adoptPreferences, applyCompact, UI_LANGUAGES } from '../prefs.js';
import { initials, pageTitle, showMyPicture } from '../shell.js';
import { card, confirmButton, iconButton, loadError, page, progressBar, skeleton, withPicture } from '../ui.js';

const LOCALES = ['en', 'nl'];

let view = null;

export function mount(root, { session }) {
  view = { root, session, heading: pageTitle(t('profile.title')) };
  view.body = el('div', { class: 'stack' }, card({}, skeleton({ rows: 3 })));
  root.replaceChildren(page('form', view.heading,
    el('a', { href: '/account', class: 'back-link', 'data-testid': 'profile-back' }, icon('chevron-left', { size: 'sm' }),
      t('profile.back')),
    view.body));
  load();
}

export function unmount() {
  view?.upload?.abort();
  view = null;
}

async function load() {
  const v = view;
  let profile, preferences;
  try {
    [profile, preferences] = await Promise.all([
      authedApi('/api/v1/auth/me/profile'),
      authedApi('/api/v1/auth/me/preferences'),
    ]);
  } catch (e) {
    if (view !== v || e.status === 401) return;
    v.body.replaceChildren(card({}, loadError(e, load, 'profile-error')));
    return;
  }
  if (view !== v) return;
  // This device follows what the account says (set elsewhere meanwhile); the language takes
  // effect with the next page load rather than by surprise now.
  adoptPreferences(preferences);
  v.body.replaceChildren(
    card({ title: t('profile.profileTitle'), testId: 'profile-card' }, pictureControl(profile, v), profileForm(profile)),
    card({ title: t('prefs.title'), testId: 'preferences-card' }, preferencesForm(preferences)));
}

// ---- picture ----------------------------------------------------------------------------------

// My picture or initials, "Upload picture" (an image goes up with its progress shown, then is
// saved as mine at once) and "Remove picture" (after asking).
function pictureControl(profile, v) {
  const who = v.session.user.name || v.session.user.email;
  const face = el('span', { class: 'avatar avatar-lg', 'aria-hidden': 'true', 'data-testid': 'profile-avatar' }, initials(who));
  const picker = el('input', { type: 'file', accept: IMAGE_TYPES.join(','), hidden: true, 'data-testid': 'profile-picture-input' });
  const choose = iconButton('upload', '', { kind: 'button-secondary', testId: 'profile-picture-upload' });
  const bar = progressBar({ label: t('profile.pictureProgress'), testId: 'profile-picture-progress' });
  const status = el('p', { class: 'hint', 'data-testid': 'profile-picture-status', 'aria-live': 'polite' });
  const problem = el('p', { class: 'field-error', role: 'alert', 'data-testid': 'profile-picture-error', hidden: true });
  const remove = confirmButton({
    label: t('profile.pictureRemove'),
    testId: 'profile-picture-remove',
    kind: 'button-ghost',
    confirm: { title: t('profile.pictureRemoveTitle'), text: t('profile.pictureRemoveText'), confirmLabel: t('profile.pictureRemove'),
      busyLabel: t('profile.pictureRemoving'), testId: 'profile-picture-remove-dialog' },
    action: () => authedApi('/api/v1/auth/me/profile', { method: 'PUT', body: { avatarFileId: null } }),
    done: (saved) => show(saved, t('profile.pictureRemoved')),
  });

  function show(saved, said = '') {
    withPicture(face, saved.avatar);
    showMyPicture(saved.avatar);
    choose.lastChild.textContent = t(saved.avatarFileId ? 'profile.pictureChange' : 'profile.pictureUpload');
    remove.hidden = !saved.avatarFileId;
    bar.hidden = true;
    status.textContent = said || t('profile.pictureHint');
  }

  choose.addEventListener('click', () => picker.click());
  picker.addEventListener('change', async () => {
    const file = picker.files[0];
    picker.value = '';
    if (!file || v.upload) return;
    problem.hidden = true;
    const restore = busy(choose, t('profile.pictureUploading', { percent: 0 }));
    remove.disabled = true;
    bar.set(0);
    bar.hidden = false;
    v.upload = new AbortController();
    try {
      const stored = await uploadFile(file, { signal: v.upload.signal, onProgress: (fraction) => {
        bar.set(fraction);
        choose.textContent = t('profile.pictureUploading', { percent: Math.round(fraction * 100) });
      } });
      const saved = await authedApi('/api/v1/auth/me/profile', { method: 'PUT', body: { avatarFileId: stored.fileId } });
      if (view !== v) return;
      restore();
      show(saved, t('profile.pictureSaved'));
    } catch (e) {
      if (view !== v || aborted(e)) return;
      restore();
      bar.hidden = true;
      if (e.status === 401) return;
      problem.textContent = uploadProblem(e, { imagesOnly: true });
      problem.hidden = false;
    } finally {
      remove.disabled = false;
      v.upload = null;
    }
  });

  show(profile);
  const labelId = uid('picture');
  return el('div', { class: 'picture-field', role: 'group', 'aria-labelledby': labelId, 'data-testid': 'profile-picture' },
    el('p', { class: 'picture-label', id: labelId }, t('profile.picture')),
    el('div', { class: 'picture-row' }, face,
      el('div', { class: 'picture-body' },
        el('div', { class: 'picture-actions' }, choose, remove, picker), bar, status, problem)));
}

// ---- profile ----------------------------------------------------------------------------------

function zones(current) {
  const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return current && !list.includes(current) ? [current, ...list] : list;
}

function profileForm(profile) {
  const locales = LOCALES.includes(profile.locale) ? LOCALES : [...LOCALES, profile.locale];
  const fields = {
    phone: field({ name: 'phone', label: t('profile.phone'), type: 'tel', value: profile.phone || '', optional: true,
      hint: t('profile.phoneHint'), attrs: { autocomplete: 'tel', inputmode: 'tel' } }),
    timezone: field({ name: 'timezone', label: t('profile.timezone'), value: profile.timezone || '',
      hint: t('profile.timezoneHint'),
      options: [['', t('profile.timezoneWorkplace')], ...zones(profile.timezone).map((z) => [z, z.replace(/_/g, ' ')])] }),
    locale: field({ name: 'locale', label: t('profile.locale'), value: profile.locale, hint: t('profile.localeHint'),
      // A regional form (nl-BE) the server may hold reads as its language.
      options: locales.map((l) => [l, t(`lang.${l.slice(0, 2)}`) + (l.length > 2 ? ` (${l})` : '')]) }),
  };
  for (const f of Object.values(fields)) {
    f.input.addEventListener('input', () => setError(f.input, f.line, null));
    f.input.addEventListener('change', () => setError(f.input, f.line, null));
  }
  const banner = notice('profile-result');
  const save = el('button', { type: 'submit', class: 'button', 'data-testid': 'profile-save' }, t('profile.save'));
  const form = el('form', { novalidate: true, 'data-testid': 'profile-form' },
    banner, ...Object.values(fields).map((f) => f.node), el('div', { class: 'actions' }, el('span'), save));
  let saved = profile;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    banner.clear();
    // Only what changed; empty phone or the workplace's time zone clear the value (null).
    const body = {};
    const phone = fields.phone.input.value.trim() || null;
    if (phone !== (saved.phone || null)) body.phone = phone;
    const timezone = fields.timezone.input.value || null;
    if (timezone !== (saved.timezone || null)) body.timezone = timezone;
    if (fields.locale.input.value !== saved.locale) body.locale = fields.locale.input.value;
    if (Object.keys(body).length === 0) return banner.say('ok', t('profile.unchanged'));
    const restore = busy(save, t('profile.saving'));
    try {
      saved = await authedApi('/api/v1/auth/me/profile', { method: 'PUT', body });
      restore();
      fields.phone.input.value = saved.phone || '';
      fields.timezone.input.value = saved.timezone || '';
      banner.say('ok', t('profile.saved'));
    } catch (e) {
      restore();
      if (e.status === 401) return;
      const stray = e.code === 'validation_failed' ? showFieldErrors(e.fields, fields) : null;
      if (!stray || stray.length) banner.say('bad', errorText(e), stray?.length ? ` (${stray.join('; ')})` : '');
    }
  });
  return form;
}

// ---- preferences ------------------------------------------------------------------------------

function preferencesForm(preferences) {
  const banner = notice('preferences-result');
  const chosen = UI_LANGUAGES.includes(preferences.uiLanguage) ? preferences.uiLanguage : uiLanguage();
  const language = field({ name: 'uiLanguage', label: t('prefs.language'), value: chosen, hint: t('prefs.languageHint'),
    options: UI_LANGUAGES.map((l) => [l, l === 'auto' ? t('prefs.languageAuto') : t(`lang.${l}`)]),
    attrs: { 'data-testid': 'prefs-language' } });
  const compactId = uid('prefs');
  const compactHint = el('p', { class: 'hint', id: uid('hint') }, t('prefs.compactHint'));
  const compactBox = el('input', { type: 'checkbox', id: compactId, name: 'compactTables',
    'aria-describedby': compactHint.id, 'data-testid': 'prefs-compact' });
  compactBox.checked = preferences.compactTables === true;

  // Each change is saved at once; a refusal puts the control back. Answers whether it was saved.
  async function store(change, control, previous) {
    banner.say('ok', t('prefs.saving'));
    control.disabled = true;
    try {
      const merged = await authedApi('/api/v1/auth/me/preferences', { method: 'PUT', body: change });
      control.disabled = false;
      if (adoptPreferences(merged)) {
        banner.say('ok', t('prefs.reloading'));
        location.reload();
      } else {
        banner.say('ok', t('prefs.saved'));
      }
      return true;
    } catch (e) {
      control.disabled = false;
      if (control.type === 'checkbox') control.checked = previous;
      else control.value = previous;
      if (e.status === 401) banner.clear();
      else banner.say('bad', errorText(e));
      return false;
    }
  }

  let lastLanguage = chosen;
  language.input.addEventListener('change', async () => {
    const previous = lastLanguage;
    lastLanguage = language.input.value;
    if (!(await store({ uiLanguage: language.input.value }, language.input, previous))) lastLanguage = previous;
  });
  compactBox.addEventListener('change', async () => {
    applyCompact(compactBox.checked); // shown at once, taken back if the server refuses
    if (!(await store({ compactTables: compactBox.checked }, compactBox, !compactBox.checked))) applyCompact(compactBox.checked);
  });

  return el('div', { 'data-testid': 'preferences-form' },
    el('p', { class: 'intro' }, t('prefs.intro')), banner, language.node,
    el('div', { class: 'field' }, el('label', { class: 'check', for: compactId }, compactBox, t('prefs.compact')), compactHint));
}
