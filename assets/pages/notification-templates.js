// Notification templates (/settings/notification-templates), for those who manage the settings: how
// every notification reads, its title (also the e-mail's subject) and its message, in English and
// Dutch. The list, grouped by module, marks what this workplace changed; the editor puts the
// template's variables at the cursor, previews the text with sample values while it is typed (the
// server's word on a mistake under its field, the last good preview kept dimmed), saves it, and
// resets a language to the default after asking. Unsaved changes are asked about before another
// template, another language or another page replaces them. The chosen template is in the address
// (?id=shift.published); on a phone the list and the editor take turns.
import { authedApi } from '../auth.js';
import { confirmAction } from '../dialog.js';
import { busy, el, errorLine, errorText, field, notice, setError, showFieldErrors, uid } from '../forms.js';
import { lang as uiLang, t } from '../i18n.js';
import { icon } from '../icons.js';
import { go } from '../nav.js';
import { pageTitle } from '../shell.js';
import { card, emptyState, loadError, page, skeleton, toast } from '../ui.js';

const PATH = '/settings/notification-templates';
const API = '/api/v1/notifications/templates';
const LANGS = ['en', 'nl'];
const MODULE_ICON = { schedules: 'calendar-days', time: 'clock', chat: 'message-square' };
const PREVIEW_MS = 300; // the pause in typing after which the preview is asked for

let view = null;

const known = (key) => t(key) !== key;
const eventName = (key) => (known(`notif.event.${key}`) ? t(`notif.event.${key}`) : key);
const moduleName = (key) => (known(`notif.module.${key}`) ? t(`notif.module.${key}`) : key);
const langName = (code) => t(`tpl.lang.${code}`);
const templatePath = (id) => `${API}/${encodeURIComponent(id)}`;
const textOf = (detail, code) => detail.texts.find((text) => text.lang === code)
  || { lang: code, title: '', body: '', defaultTitle: '', defaultBody: '', customized: false };
const customizedOf = (detail) => LANGS.filter((code) => textOf(detail, code).customized);

export function mount(root) {
  const id = new URLSearchParams(location.search).get('id');
  const v = {
    id,
    lang: LANGS.includes(uiLang) ? uiLang : 'en',
    detail: null, // the open template, as the server last answered
    editor: null, // its fields
    items: new Map(), // id → the list's link and tag
    serial: 0, // which template load an answer belongs to
    previewSerial: 0, // which preview an answer belongs to
    timer: 0,
  };
  view = v;
  v.listArea = el('div', { class: 'tpl-list-area', 'aria-busy': 'true' }, skeleton({ rows: 8 }));
  v.editorArea = el('div', { class: 'tpl-editor-area' });
  v.layout = el('div', { class: 'tpl-layout', 'data-pane': id ? 'editor' : 'list' },
    el('nav', { class: 'card card-flush tpl-list-pane', 'aria-label': t('tpl.listLabel') }, v.listArea),
    el('div', { class: 'tpl-editor-pane' }, v.editorArea));
  const back = el('a', { href: '/settings', class: 'back-link', 'data-testid': 'tpl-back' },
    icon('arrow-left', { size: 'sm' }), t('tpl.back'));
  root.replaceChildren(page('wide', pageTitle(t('tpl.title')),
    el('div', { class: 'tpl-page', 'data-testid': 'tpl-page' },
      back,
      el('p', { class: 'page-intro' }, t('tpl.intro')),
      v.layout)));

  // Leaving with unsaved changes: asked first, for the app's own links and for the browser's reload.
  v.onClick = (event) => guardLink(event);
  v.onUnload = (event) => {
    if (!dirty()) return;
    event.preventDefault();
    event.returnValue = '';
  };
  document.addEventListener('click', v.onClick, true);
  window.addEventListener('beforeunload', v.onUnload);

  loadList();
  if (id) loadTemplate(id);
  else showNone();
}

export function unmount() {
  if (!view) return;
  clearTimeout(view.timer);
  document.removeEventListener('click', view.onClick, true);
  window.removeEventListener('beforeunload', view.onUnload);
  view = null;
}

// ---- the list ---------------------------------------------------------------------------------------

async function loadList() {
  const v = view;
  let data;
  try {
    data = await authedApi(API);
  } catch (e) {
    if (view !== v || e.status === 401) return; // 401: already on the way to sign-in
    v.listArea.removeAttribute('aria-busy');
    v.listArea.replaceChildren(loadError(e, () => {
      v.listArea.setAttribute('aria-busy', 'true');
      v.listArea.replaceChildren(skeleton({ rows: 8 }));
      loadList();
    }, 'tpl-list-error'));
    return;
  }
  if (view !== v) return;
  v.listArea.removeAttribute('aria-busy');
  v.items.clear();
  v.listArea.replaceChildren(el('div', { class: 'tpl-list', 'data-testid': 'tpl-list' }, ...data.modules.map(group)));
  // What a save answered meanwhile is newer than this list.
  if (v.detail) paintCustomized(v.detail.id, customizedOf(v.detail));
}

function group(m) {
  const heading = uid('tpl-module');
  return el('section', { class: 'tpl-group', 'data-testid': 'tpl-module', 'data-module': m.module, 'aria-labelledby': heading },
    el('h2', { class: 'tpl-group-name', id: heading }, icon(MODULE_ICON[m.module] || 'bell', { size: 'sm' }),
      moduleName(m.module)),
    el('ul', { class: 'tpl-items' }, ...m.templates.map((template) => el('li', {}, item(template)))));
}

function item(template) {
  const v = view;
  const tag = el('span', { class: 'tpl-item-tag' });
  const link = el('a', { href: `${PATH}?id=${encodeURIComponent(template.id)}`, class: 'tpl-item', 'data-testid': 'tpl-item',
    'data-id': template.id, 'aria-current': template.id === v.id ? 'true' : null },
  el('span', { class: 'tpl-item-text' }, el('span', { class: 'tpl-item-name' }, eventName(template.id)), tag),
  icon('chevron-right', { size: 'sm' }));
  link.addEventListener('click', (event) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey) return; // a new tab: the browser's
    event.preventDefault();
    event.stopPropagation(); // not the router's: the page stays, the editor changes
    open(template.id);
  });
  v.items.set(template.id, { link, tag });
  paintCustomized(template.id, template.customized);
  return link;
}

function paintCustomized(id, langs) {
  const entry = view.items.get(id);
  if (!entry) return;
  const names = langs.map((code) => code.toUpperCase()).join(', ');
  entry.tag.replaceChildren(...(langs.length
    ? [el('span', { class: 'tag tag-active', 'data-testid': 'tpl-customized' }, t('tpl.customizedIn', { langs: names }))] : []));
}

function markCurrent() {
  for (const [id, { link }] of view.items) {
    if (id === view.id) link.setAttribute('aria-current', 'true');
    else link.removeAttribute('aria-current');
  }
}

// ---- moving between templates, languages and pages ---------------------------------------------------

function dirty() {
  const v = view;
  if (!v?.editor || !v.detail) return false;
  const saved = textOf(v.detail, v.lang);
  return v.editor.title.input.value !== saved.title || v.editor.body.input.value !== saved.body;
}

// True when there is nothing unsaved, or its loss is confirmed.
async function mayDiscard() {
  if (!dirty()) return true;
  const answer = await confirmAction({ title: t('tpl.discardTitle'), text: t('tpl.discardText'), confirmLabel: t('tpl.discard'),
    busyLabel: t('tpl.discard'), testId: 'tpl-discard-dialog', action: () => true });
  return answer === true;
}

async function open(id) {
  const v = view;
  if (id === v.id && v.detail?.id === id) {
    v.layout.dataset.pane = 'editor'; // on a phone: back to the editor that was left
    return;
  }
  if (!(await mayDiscard()) || view !== v) return;
  v.id = id;
  history.replaceState(null, '', `${PATH}?id=${encodeURIComponent(id)}`);
  markCurrent();
  v.layout.dataset.pane = 'editor';
  if (v.layout.getBoundingClientRect().top < 0) window.scrollTo(0, 0);
  loadTemplate(id);
}

// A phone's way back from the editor to the list.
async function backToList() {
  const v = view;
  if (!(await mayDiscard()) || view !== v) return;
  if (v.editor && v.detail) fill();
  history.replaceState(null, '', PATH);
  v.layout.dataset.pane = 'list';
  window.scrollTo(0, 0);
  v.items.get(v.id)?.link.focus();
}

async function switchLang(code) {
  const v = view;
  const e = v.editor;
  // The tab stays where it was until the unsaved text is given up.
  for (const radio of e.radios) radio.checked = radio.value === v.lang;
  if (code === v.lang || !(await mayDiscard()) || view !== v || v.editor !== e) return;
  v.lang = code;
  fill();
}

// Another page, through any of the app's links, while the text is unsaved: asked first.
async function guardLink(event) {
  const link = event.target.closest?.('a[href^="/"]');
  if (!link || link.closest('.tpl-list') || link.getAttribute('href').startsWith('//') || link.target
    || link.hasAttribute('download') || event.metaKey || event.ctrlKey || event.shiftKey || !dirty()) return;
  event.preventDefault();
  event.stopPropagation();
  if (await mayDiscard()) go(link.getAttribute('href'));
}

// ---- the editor -----------------------------------------------------------------------------------------

function showNone() {
  const v = view;
  v.editorArea.replaceChildren(card({ testId: 'tpl-none' },
    emptyState({ icon: 'file-text', title: t('tpl.choose'), hint: t('tpl.chooseHint') })));
}

function backButton() {
  const button = el('button', { type: 'button', class: 'back-link link-button tpl-to-list', 'data-testid': 'tpl-to-list' },
    icon('arrow-left', { size: 'sm' }), t('tpl.allTemplates'));
  button.addEventListener('click', backToList);
  return button;
}

async function loadTemplate(id) {
  const v = view;
  const mine = ++v.serial;
  clearTimeout(v.timer);
  v.editor = null;
  v.detail = null;
  v.editorArea.setAttribute('aria-busy', 'true');
  v.editorArea.replaceChildren(el('section', { class: 'card stack' }, backButton(), skeleton({ rows: 5 })));
  let detail;
  try {
    detail = await authedApi(templatePath(id));
  } catch (e) {
    if (view !== v || mine !== v.serial || e.status === 401) return;
    v.editorArea.removeAttribute('aria-busy');
    v.editorArea.replaceChildren(el('section', { class: 'card stack' }, backButton(),
      loadError(e, () => loadTemplate(id), 'tpl-error')));
    return;
  }
  if (view !== v || mine !== v.serial) return;
  v.detail = detail;
  v.editor = editor(detail);
  v.editorArea.removeAttribute('aria-busy');
  v.editorArea.replaceChildren(v.editor.node);
  fill();
}

// A labelled textarea, tied to its hint and error line like forms.js's field().
function textArea({ name, label, hint, attrs = {} }) {
  const id = uid();
  const input = el('textarea', { id, name, ...attrs });
  const line = errorLine(name);
  const hintNode = el('p', { class: 'hint', id: uid('hint') }, hint);
  input.setAttribute('aria-describedby', `${hintNode.id} ${line.id}`);
  return { node: el('div', { class: 'field' }, el('label', { for: id }, label), input, hintNode, line), input, line };
}

function editor(detail) {
  const radioName = uid('tpl-lang');
  const radios = LANGS.map((code) => el('input', { type: 'radio', name: radioName, value: code,
    'data-testid': `tpl-lang-${code}` }));
  const langs = el('div', { class: 'segmented tpl-langs', role: 'radiogroup', 'aria-label': t('tpl.language') },
    ...radios.map((radio) => el('label', { class: 'segmented-option' }, radio,
      el('span', { 'aria-hidden': 'true' }, radio.value.toUpperCase(), el('span', { class: 'tpl-lang-dot' })))));
  for (const radio of radios) radio.addEventListener('change', () => switchLang(radio.value));

  const title = field({ name: 'title', label: t('tpl.titleLabel'), hint: t('tpl.titleHint'),
    attrs: { maxlength: '200', autocomplete: 'off', 'data-testid': 'tpl-title' } });
  const body = textArea({ name: 'body', label: t('tpl.bodyLabel'), hint: t('tpl.bodyHint'),
    attrs: { rows: '6', maxlength: '2000', 'data-testid': 'tpl-body' } });

  const varsLabel = uid('tpl-vars');
  const chips = detail.variables.map((variable) => {
    const chip = el('button', { type: 'button', class: 'tpl-var', 'data-testid': 'tpl-var', 'data-name': variable.name,
      'aria-label': t('tpl.insert', { name: variable.name, sample: variable.sample }) },
    el('code', {}, `{${variable.name}}`), el('span', { class: 'tpl-var-sample' }, variable.sample));
    chip.addEventListener('click', () => insert(variable.name));
    return chip;
  });
  const variables = el('div', { class: 'tpl-vars', role: 'group', 'aria-labelledby': varsLabel },
    el('p', { class: 'tpl-vars-label', id: varsLabel }, t('tpl.variables')),
    chips.length ? el('div', { class: 'tpl-var-list' }, ...chips) : el('p', { class: 'hint' }, t('tpl.noVariables')),
    chips.length ? el('p', { class: 'hint' }, t('tpl.variablesHint')) : null);

  const previewHeading = uid('tpl-preview');
  const previewTitle = el('p', { class: 'tpl-preview-title', 'data-testid': 'tpl-preview-title' });
  const previewBody = el('p', { class: 'tpl-preview-body', 'data-testid': 'tpl-preview-body' });
  const previewNote = el('p', { class: 'hint tpl-preview-note', 'data-testid': 'tpl-preview-note', hidden: true });
  const preview = el('section', { class: 'tpl-preview', 'aria-labelledby': previewHeading, 'data-testid': 'tpl-preview',
    'data-state': 'loading' },
  el('div', { class: 'tpl-preview-head' }, el('h3', { id: previewHeading }, t('tpl.preview')),
    el('p', { class: 'card-sub' }, t('tpl.previewSub'))),
  el('div', { class: 'tpl-preview-card', 'aria-live': 'polite' },
    el('span', { class: 'tpl-preview-icon', 'aria-hidden': 'true' }, icon('bell')),
    el('div', { class: 'tpl-preview-text' }, previewTitle, previewBody)),
  previewNote);

  const defaultTitle = el('dd', { 'data-testid': 'tpl-default-title' });
  const defaultBody = el('dd', { class: 'tpl-default-body', 'data-testid': 'tpl-default-body' });
  const defaults = el('details', { class: 'tpl-default', 'data-testid': 'tpl-default' },
    el('summary', {}, t('tpl.defaultText')),
    el('dl', {}, el('dt', {}, t('tpl.titleLabel')), defaultTitle, el('dt', {}, t('tpl.bodyLabel')), defaultBody));

  const state = el('span', { class: 'tag', 'data-testid': 'tpl-state' });
  const unsaved = el('span', { class: 'tpl-unsaved', role: 'status', 'data-testid': 'tpl-unsaved' });
  const reset = el('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'tpl-reset' }, t('tpl.reset'));
  const save = el('button', { type: 'submit', class: 'button', 'data-testid': 'tpl-save' }, t('tpl.save'));
  const banner = notice('tpl-result');

  const form = el('form', { class: 'card tpl-editor', novalidate: true, 'data-testid': 'tpl-editor', 'data-id': detail.id },
    backButton(),
    el('div', { class: 'tpl-editor-head' },
      el('div', { class: 'tpl-editor-name' }, el('h2', { 'data-testid': 'tpl-name' }, eventName(detail.id)),
        el('p', { class: 'card-sub' }, moduleName(detail.module))),
      el('div', { class: 'tpl-editor-tools' }, state, langs)),
    banner,
    title.node,
    body.node,
    variables,
    preview,
    defaults,
    el('div', { class: 'actions tpl-actions' }, reset, el('div', { class: 'tpl-save-row' }, unsaved, save)));

  const e = { node: form, radios, title, body, chips, preview, previewTitle, previewBody, previewNote, defaultTitle, defaultBody,
    state, unsaved, reset, save, banner, last: body.input };
  for (const f of [title, body]) {
    f.input.addEventListener('focus', () => {
      e.last = f.input;
    });
    f.input.addEventListener('input', () => {
      banner.clear();
      paintState();
      schedulePreview();
    });
  }
  reset.addEventListener('click', () => resetText(e));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    saveText(e);
  });
  return e;
}

// The open template's text in the chosen language, into the fields, and its preview.
function fill() {
  const v = view;
  const e = v.editor;
  const text = textOf(v.detail, v.lang);
  for (const radio of e.radios) radio.checked = radio.value === v.lang;
  e.title.input.value = text.title;
  e.body.input.value = text.body;
  for (const f of [e.title, e.body]) setError(f.input, f.line, null);
  e.banner.clear();
  e.defaultTitle.textContent = text.defaultTitle;
  e.defaultBody.textContent = text.defaultBody;
  e.previewNote.hidden = true;
  paintState();
  clearTimeout(v.timer);
  runPreview();
}

function paintState() {
  const v = view;
  const e = v.editor;
  const text = textOf(v.detail, v.lang);
  const changed = dirty();
  e.state.className = text.customized ? 'tag tag-active' : 'tag';
  e.state.textContent = text.customized ? t('tpl.customized') : t('tpl.isDefault');
  for (const radio of e.radios) {
    const customized = textOf(v.detail, radio.value).customized;
    radio.closest('.segmented-option').classList.toggle('is-customized', customized);
    const name = langName(radio.value);
    radio.setAttribute('aria-label', customized ? t('tpl.langCustomized', { lang: name }) : name);
  }
  e.reset.disabled = !text.customized;
  e.save.disabled = !changed;
  e.unsaved.textContent = changed ? t('tpl.unsaved') : '';
}

// `{name}` where the cursor was in the title or the message, whichever was focused last.
function insert(name) {
  const e = view.editor;
  const input = e.last;
  const start = input.selectionStart ?? input.value.length;
  const end = input.selectionEnd ?? start;
  input.focus();
  input.setRangeText(`{${name}}`, start, end, 'end');
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

// ---- preview, save, reset ---------------------------------------------------------------------------------

function schedulePreview() {
  const v = view;
  clearTimeout(v.timer);
  v.previewSerial += 1; // an answer on its way is for older text
  v.timer = setTimeout(runPreview, PREVIEW_MS);
}

// The server's word on a field next to it; a field it does not name is clear.
function showProblems(e, fields) {
  for (const [name, f] of [['title', e.title], ['body', e.body]]) setError(f.input, f.line, fields[name] || null);
}

async function runPreview() {
  const v = view;
  const e = v?.editor;
  if (!e) return;
  const mine = ++v.previewSerial;
  const body = { lang: v.lang, title: e.title.input.value, body: e.body.input.value };
  e.preview.setAttribute('aria-busy', 'true');
  let answer;
  try {
    answer = await authedApi(`${templatePath(v.id)}/preview`, { method: 'POST', body });
  } catch (err) {
    if (view !== v || v.editor !== e || mine !== v.previewSerial || err.status === 401) return;
    e.preview.removeAttribute('aria-busy');
    const fields = err.code === 'validation_failed' ? err.fields : {};
    showProblems(e, fields);
    const named = Object.keys(fields).some((name) => name === 'title' || name === 'body');
    e.preview.dataset.state = 'stale';
    e.previewNote.textContent = named ? t('tpl.previewStale') : t('tpl.previewFailed', { message: errorText(err) });
    e.previewNote.hidden = false;
    return;
  }
  if (view !== v || v.editor !== e || mine !== v.previewSerial) return;
  e.preview.removeAttribute('aria-busy');
  showProblems(e, {});
  e.previewTitle.textContent = answer.title;
  e.previewBody.textContent = answer.body;
  e.preview.dataset.state = 'ok';
  e.previewNote.hidden = true;
}

async function saveText(e) {
  const v = view;
  if (!dirty()) return;
  clearTimeout(v.timer);
  v.previewSerial += 1;
  e.banner.clear();
  const code = v.lang;
  const body = { lang: code, title: e.title.input.value, body: e.body.input.value };
  const restore = busy(e.save, t('tpl.saving'));
  let detail;
  try {
    detail = await authedApi(`${templatePath(v.id)}/customize`, { method: 'POST', body });
  } catch (err) {
    if (view !== v || v.editor !== e) return;
    restore();
    paintState();
    if (err.status === 401) return;
    if (err.code === 'validation_failed') {
      const stray = showFieldErrors(err.fields, { title: e.title, body: e.body });
      if (stray.length || !Object.keys(err.fields).length) e.banner.say('bad', errorText(err), ...stray.map((s) => ` ${s}`));
    } else e.banner.say('bad', errorText(err));
    return;
  }
  if (view !== v || v.editor !== e) return;
  restore();
  v.detail = detail;
  paintCustomized(detail.id, customizedOf(detail));
  fill();
  toast(t('tpl.saved'), { testId: 'tpl-toast' });
}

async function resetText(e) {
  const v = view;
  const code = v.lang;
  const detail = await confirmAction({ title: t('tpl.resetTitle', { lang: langName(code) }), text: t('tpl.resetText'),
    confirmLabel: t('tpl.reset'), busyLabel: t('tpl.resetting'),
    action: () => authedApi(`${templatePath(v.id)}/override?lang=${code}`, { method: 'DELETE' }) });
  if (!detail || view !== v || v.editor !== e) return;
  v.detail = detail;
  paintCustomized(detail.id, customizedOf(detail));
  if (v.lang === code) fill();
  else paintState();
  toast(t('tpl.resetDone'), { testId: 'tpl-toast' });
}
