// The parts every page is built from, so no page invents its own: the page column, toasts, the
// empty state, skeletons while loading, a person's picture, a progress bar, a button that
// confirms before it acts, and a list loaded page by page. Form fields live in forms.js, dialogs
// in dialog.js, the shell in shell.js.
import { confirmAction } from './dialog.js';
import { el, errorText, pager } from './forms.js';
import { icon } from './icons.js';
import { t, tn } from './i18n.js';

// The content column: 'wide' for tables and lists, 'form' for a readable column of forms.
export function page(width, ...children) {
  return el('div', { class: width === 'form' ? 'page-form' : 'page' }, ...children);
}

// A card; `head` (a title and tools) sits above the content, `flush` lets a list run edge to edge.
export function card({ title, sub, tools, flush = false, testId } = {}, ...children) {
  const heading = title && el('h2', {}, title);
  const subline = sub && el('p', { class: 'card-sub' }, sub);
  const head = tools || flush
    ? (title || tools) && el('div', { class: 'card-head' }, el('div', {}, heading, subline),
      tools && el('div', { class: 'head-tools' }, ...[tools].flat()))
    : heading && subline ? el('div', {}, heading, subline) : heading;
  return el('section', { class: flush ? 'card card-flush' : 'card stack', 'data-testid': testId }, head, ...children);
}

// A button with an icon in front of its label.
export function iconButton(name, label, { kind = '', testId, type = 'button', aria } = {}) {
  return el('button', { type, class: `button ${kind}`.trim(), 'data-testid': testId, 'aria-label': aria },
    icon(name), el('span', {}, label));
}

// A person's picture over the initials already in `node` (an avatar): the initials show while it
// loads, and stay when there is none or it cannot be loaded. Answers `node`.
export function withPicture(node, url) {
  const had = node.querySelector(':scope > .avatar-img');
  if (had && url && had.getAttribute('src') === url) return node;
  had?.remove();
  node.classList.remove('has-picture');
  if (!url) return node;
  const img = el('img', { class: 'avatar-img', src: url, alt: '', decoding: 'async', 'data-testid': 'avatar-img' });
  img.addEventListener('load', () => node.classList.add('has-picture'));
  img.addEventListener('error', () => {
    img.remove();
    node.classList.remove('has-picture');
  });
  node.prepend(img);
  return node;
}

// A thin bar for work under way (an upload); `node.set(fraction)` moves it.
export function progressBar({ label, testId } = {}) {
  const fill = el('span', { class: 'progress-fill' });
  const node = el('span', { class: 'progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100',
    'aria-valuenow': '0', 'aria-label': label, 'data-testid': testId }, fill);
  node.set = (fraction) => {
    const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
    node.setAttribute('aria-valuenow', String(percent));
    fill.style.width = `${percent}%`;
  };
  return node;
}

// Links to other pages, one row each with an icon, a title and a line about it:
// [{href, icon, title, text, testId}].
export function linkList(items) {
  return el('ul', { class: 'shortcuts' }, ...items.map((item) => el('li', {},
    el('a', { href: item.href, class: 'shortcut', 'data-testid': item.testId },
      el('span', { class: 'shortcut-icon' }, icon(item.icon)),
      el('span', { class: 'shortcut-text' }, el('span', { class: 'shortcut-title' }, item.title),
        item.text && el('span', { class: 'shortcut-sub' }, item.text)),
      icon('chevron-right', { size: 'sm' })))));
}

// ---- toasts --------------------------------------------------------------------------------------

const TOAST_MS = { ok: 5000, bad: 10000 };

// "Saved", "Could not save": a short message at the bottom of the window, read out politely. One
// with the same `testId` replaces the one before it.
export function toast(text, { kind = 'ok', testId } = {}) {
  const region = document.getElementById('toasts');
  if (testId) region.querySelector(`[data-testid="${CSS.escape(testId)}"]`)?.remove();
  const close = el('button', { type: 'button', class: 'toast-close', 'aria-label': t('toast.close') }, icon('x', { size: 'sm' }));
  const node = el('div', { class: `toast toast-${kind}`, 'data-testid': testId },
    icon(kind === 'bad' ? 'circle-alert' : 'circle-check'), el('span', { class: 'toast-text' }, text), close);
  const timer = setTimeout(() => node.remove(), TOAST_MS[kind] ?? TOAST_MS.ok);
  close.addEventListener('click', () => {
    clearTimeout(timer);
    node.remove();
  });
  region.append(node);
  return node;
}

// ---- empty state and loading ------------------------------------------------------------------------

// Nothing to show yet: an icon, a short title and hint, and at most one way onward (`action`: a
// button or link node). `testId` marks the title, whose text says what is missing.
export function emptyState({ icon: name = 'inbox', title, hint, action, testId }) {
  return el('div', { class: 'empty' },
    el('span', { class: 'empty-icon' }, icon(name, { size: 'lg' })),
    title && el('p', { class: 'empty-title', 'data-testid': testId }, title),
    hint && el('p', { class: 'empty-hint' }, hint),
    action);
}

// Grey lines where content is about to appear; `avatar` adds a round block to each row.
export function skeleton({ rows = 3, avatar = false } = {}) {
  return el('div', { class: 'skeleton', 'aria-busy': 'true' },
    el('span', { class: 'sr-only', role: 'status' }, t('app.loading')),
    ...Array.from({ length: rows }, () => el('div', { class: 'skeleton-row', 'aria-hidden': 'true' },
      avatar && el('span', { class: 'skeleton-block' }),
      el('span', { class: 'skeleton-lines' }, el('span', { class: 'skeleton-line' }),
        el('span', { class: 'skeleton-line skeleton-line-short' })))));
}

// A failed load, with a way to try again.
export function loadError(error, retry, testId) {
  const again = el('button', { type: 'button', class: 'button button-secondary' }, t('app.retry'));
  again.addEventListener('click', retry);
  return el('div', { class: 'empty' },
    el('span', { class: 'empty-icon empty-icon-bad' }, icon('circle-alert', { size: 'lg' })),
    el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': testId }, errorText(error)), again);
}

// ---- confirm, then act ---------------------------------------------------------------------------------

// A button that asks first ("Deactivate Bo?") and then runs `action` inside the dialog, which stays
// open with the server's message when it fails. `done(result)` runs after it succeeded.
export function confirmButton({ label, aria, testId, kind = 'button-ghost button-small', confirm, action, done }) {
  const button = el('button', { type: 'button', class: `button ${kind}`.trim(), 'aria-label': aria, 'data-testid': testId },
    label);
  button.addEventListener('click', async () => {
    const result = await confirmAction({ ...confirm, action });
    if (result) done?.(result);
  });
  return button;
}

// ---- a list, page by page ----------------------------------------------------------------------------

// Loads `fetch(page)` → {items, total, page, limit} into `area`: a skeleton at first, the error with
// "Try again", `empty()` for no items, `render(items, data)` otherwise; the count (`count` is an
// i18n plural key) in `summary` and the pager under the list. `address(page)` is the path the
// address bar shows. A page emptied by a deletion shows the new last page. `extra(data)` adds a
// node beside the pager (a page size). Answers {area, summary, pager, load, stop, page}.
export function pagedList({ fetch, render, empty, count, address, testId, summaryTestId, errorTestId, page = 1,
  extra, avatar = false }) {
  const area = el('div', { class: 'list-area', 'data-testid': testId }, skeleton({ avatar }));
  const summary = el('p', { class: 'muted', 'data-testid': summaryTestId });
  const pagerSlot = el('div');
  const list = { area, summary, pager: pagerSlot, page, serial: 0 };

  list.load = async function load() {
    const mine = ++list.serial;
    if (address) history.replaceState(null, '', address(list.page));
    area.setAttribute('aria-busy', 'true');
    let data;
    try {
      data = await fetch(list.page);
    } catch (e) {
      if (mine !== list.serial || e.status === 401) return; // 401: already on the way to sign-in
      area.removeAttribute('aria-busy');
      area.replaceChildren(loadError(e, load, errorTestId));
      return;
    }
    if (mine !== list.serial) return;
    const pages = Math.max(1, Math.ceil(data.total / data.limit));
    if (data.items.length === 0 && list.page > pages) {
      list.page = pages;
      load();
      return;
    }
    area.removeAttribute('aria-busy');
    summary.textContent = data.total && count ? tn(count, data.total) : '';
    area.replaceChildren(data.items.length ? render(data.items, data) : empty());
    pagerSlot.replaceChildren(data.total > data.limit || list.page > 1
      ? el('div', { class: 'pager-row' }, pager(data, (n) => {
        list.page = n;
        load();
      }), extra?.(data)) : '');
  };
  // After the page is left: answers still on their way are dropped.
  list.stop = () => {
    list.serial += 1;
  };
  return list;
}
