// The kiosk (/kiosk): a location's shared tablet. It holds no one's session, only the kiosk's own
// device token (kept in this browser's storage; a manager sets it up under Settings → Kiosks,
// here or by opening /kiosk#kiosk_… once). Staff tap their name, choose what to punch (what fits
// their state: Clock in; Clock out or Start break; End break or Clock out), enter their PIN on
// the pad, and see the punch confirmed; the kiosk goes back to the names by itself. A wrong PIN
// says how many tries are left; five lock that person here for five minutes (the server tells the
// manager). A revoked token empties the kiosk.
import { api } from '../api.js';
import { formatDate, formatTime } from '../format.js';
import { el } from '../forms.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { newClientId } from '../punches.js';
import { initials } from '../shell.js';
import { weekday } from '../rota-common.js';

export const KIOSK_TOKEN = 'staffroom.kiosk.token';
const CHOICES = { out: ['in'], in: ['out', 'breakStart'], onBreak: ['breakEnd', 'out'] };
const ICONS = { in: 'clock', out: 'log-out', breakStart: 'timer', breakEnd: 'timer' };
const REFRESH_MS = 20_000; // the names' states, while nobody is at the kiosk
const IDLE_MS = 30_000; // someone walked away mid-way: back to the names, the PIN forgotten
const DONE_MS = 4_000;
const PIN = /^[0-9]{4,8}$/;

let view = null;

// The kiosk's token: one handed over in the address (#kiosk_…) is kept and taken out of the
// address at once, so it is neither bookmarked nor seen over a shoulder.
function takeToken() {
  const handed = location.hash.slice(1);
  if (/^kiosk_[A-Za-z0-9_-]+$/.test(handed)) {
    try {
      localStorage.setItem(KIOSK_TOKEN, handed);
    } catch {
      // Storage refused: this visit still works with it.
    }
    history.replaceState(null, '', location.pathname);
    return handed;
  }
  try {
    return localStorage.getItem(KIOSK_TOKEN);
  } catch {
    return null;
  }
}

function forgetToken() {
  try {
    localStorage.removeItem(KIOSK_TOKEN);
  } catch {
    // nothing kept
  }
}

export function mount(root) {
  const token = takeToken();
  view = {
    root, token, kiosk: null, people: [], person: null, action: null, pin: '', busy: false, filter: '',
    clock: el('p', { class: 'kiosk-time', 'data-testid': 'kiosk-time' }),
    date: el('p', { class: 'kiosk-date' }),
    body: el('div', { class: 'kiosk-body' }),
  };
  const v = view;
  v.frame = el('div', { class: 'kiosk', 'data-testid': 'kiosk-page' },
    el('header', { class: 'kiosk-head' },
      el('div', { class: 'kiosk-where' }, v.placeLine = el('p', { class: 'kiosk-place', 'data-testid': 'kiosk-place' }),
        el('p', { class: 'kiosk-hint' }, t('kiosk.hint'))),
      el('div', { class: 'kiosk-now' }, v.clock, v.date)),
    v.body);
  root.replaceChildren(v.frame);
  document.body.classList.add('is-kiosk');
  tick();
  v.ticker = setInterval(tick, 1000);
  v.onKey = (event) => key(event);
  document.addEventListener('keydown', v.onKey);
  if (!token) {
    notSetUp();
    return;
  }
  load();
  v.refresher = setInterval(() => {
    if (!v.person && !v.busy && document.activeElement?.dataset?.testid !== 'kiosk-search') load({ quiet: true });
  }, REFRESH_MS);
}

export function unmount() {
  const v = view;
  if (!v) return;
  clearInterval(v.ticker);
  clearInterval(v.refresher);
  clearTimeout(v.idle);
  clearTimeout(v.done);
  document.removeEventListener('keydown', v.onKey);
  document.body.classList.remove('is-kiosk');
  view = null;
}

function tick() {
  const now = new Date();
  view.clock.textContent = formatTime(now);
  view.date.textContent = `${weekday(now, 'long')} ${formatDate(now)}`;
}

const asKiosk = (path, opts = {}) => api(path, { ...opts, headers: { Authorization: `Bearer ${view.token}` } });

// ---- the names ---------------------------------------------------------------------------------

async function load({ quiet = false } = {}) {
  const v = view;
  if (!quiet) v.body.replaceChildren(el('div', { class: 'kiosk-loading', role: 'status' }, t('kiosk.loading')));
  let answer;
  try {
    answer = await asKiosk('/api/v1/kiosk/people');
  } catch (e) {
    if (view !== v) return;
    if (e.status === 401) {
      forgetToken();
      revoked();
    } else if (!quiet || !v.kiosk) unreachable(e);
    else if (!v.person) names(); // keep the names we have
    return;
  }
  if (view !== v || v.person) return;
  v.kiosk = answer.kiosk;
  v.people = answer.items;
  v.placeLine.replaceChildren(icon('map-pin', { size: 'sm' }), el('span', {}, `${answer.kiosk.locationName} · ${answer.kiosk.name}`));
  names();
}

function names() {
  const v = view;
  v.person = null;
  v.action = null;
  v.pin = '';
  clearTimeout(v.idle);
  const search = el('input', { type: 'search', class: 'kiosk-search', placeholder: t('kiosk.search'), value: v.filter,
    'aria-label': t('kiosk.search'), 'data-testid': 'kiosk-search', autocomplete: 'off' });
  const grid = el('ul', { class: 'kiosk-people', 'data-testid': 'kiosk-people' });
  const paint = () => {
    const words = v.filter.trim().toLowerCase();
    const shown = v.people.filter((p) => !words || p.name.toLowerCase().includes(words));
    grid.replaceChildren(...shown.map(personTile));
    if (!shown.length) {
      grid.append(el('li', { class: 'kiosk-empty', 'data-testid': 'kiosk-nobody' },
        t(v.people.length ? 'kiosk.noMatch' : 'kiosk.nobody')));
    }
  };
  search.addEventListener('input', () => {
    v.filter = search.value;
    paint();
  });
  paint();
  v.body.replaceChildren(el('section', { class: 'kiosk-names', 'aria-label': t('kiosk.namesTitle') },
    el('div', { class: 'kiosk-names-head' }, el('h1', {}, t('kiosk.namesTitle')), v.people.length > 12 && search), grid));
}

const lockedNow = (p) => p.lockedUntil && Date.parse(p.lockedUntil) > Date.now();

function personTile(p) {
  const button = el('button', { type: 'button', class: 'kiosk-person', 'data-testid': 'kiosk-person', 'data-user-id': p.userId,
    'data-status': p.status },
  el('span', { class: 'kiosk-avatar', 'aria-hidden': 'true' }, initials(p.name)),
  el('span', { class: 'kiosk-name' }, p.name),
  el('span', { class: `kiosk-state is-${p.status}` }, lockedNow(p) ? icon('lock', { size: 'sm' }) : el('span', { class: 'clock-dot' }),
    t(lockedNow(p) ? 'kiosk.locked' : `clock.status.${p.status}`)));
  button.addEventListener('click', () => choose(p));
  return button;
}

// ---- one person: what to punch, then the PIN ----------------------------------------------------

function choose(p) {
  const v = view;
  v.person = p;
  v.pin = '';
  v.action = CHOICES[p.status]?.length === 1 ? CHOICES[p.status][0] : null;
  if (lockedNow(p)) {
    message({ kind: 'bad', title: t('kiosk.lockedTitle'), text: t('kiosk.lockedText', { time: formatTime(p.lockedUntil) }) });
    return;
  }
  if (!p.hasPin) {
    message({ kind: 'bad', title: t('kiosk.noPinTitle'), text: t('kiosk.noPinText') });
    return;
  }
  personScreen();
}

function personScreen(problem = null) {
  const v = view;
  const p = v.person;
  awake();
  const back = el('button', { type: 'button', class: 'button button-secondary kiosk-back', 'data-testid': 'kiosk-back' },
    icon('arrow-left', { size: 'sm' }), t('kiosk.notMe'));
  back.addEventListener('click', names);
  const who = el('div', { class: 'kiosk-who' }, el('span', { class: 'kiosk-avatar is-big', 'aria-hidden': 'true' }, initials(p.name)),
    el('div', {}, el('h1', { 'data-testid': 'kiosk-who' }, p.name),
      el('p', { class: `kiosk-state is-${p.status}` }, el('span', { class: 'clock-dot' }), t(`clock.status.${p.status}`))));
  const actions = el('div', { class: 'kiosk-actions', role: 'group', 'aria-label': t('kiosk.whatTitle') },
    ...CHOICES[p.status].map((action) => {
      const button = el('button', { type: 'button', class: 'kiosk-action', 'data-testid': `kiosk-action-${action}`,
        'aria-pressed': String(v.action === action) }, icon(ICONS[action]), el('span', {}, t(`clock.action.${action}`)));
      button.addEventListener('click', () => {
        v.action = action;
        v.pin = '';
        personScreen();
      });
      return button;
    }));
  v.body.replaceChildren(el('section', { class: 'kiosk-card', 'data-testid': 'kiosk-person-screen' },
    el('div', { class: 'kiosk-card-side' }, back, who, actions),
    el('div', { class: 'kiosk-card-main' }, v.action ? pinPad(problem) : el('p', { class: 'kiosk-prompt' }, t('kiosk.whatFirst')))));
}

function pinPad(problem) {
  const v = view;
  const dots = el('div', { class: 'kiosk-dots', 'data-testid': 'kiosk-dots', 'data-length': String(v.pin.length), 'aria-live': 'polite',
    'aria-label': tn('kiosk.digits', v.pin.length) },
  ...Array.from({ length: Math.max(4, v.pin.length) }, (_, i) => el('span', { class: i < v.pin.length ? 'is-set' : '' })));
  const keyButton = (label, onPress, { testId, aria, kind = '' } = {}) => {
    const b = el('button', { type: 'button', class: `kiosk-key ${kind}`, 'data-testid': testId, 'aria-label': aria || null,
      disabled: v.busy }, label);
    b.addEventListener('click', onPress);
    return b;
  };
  const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => keyButton(d, () => type(d), { testId: `kiosk-key-${d}` }));
  const ok = keyButton(t('kiosk.ok'), submit, { testId: 'kiosk-ok', kind: 'is-ok' });
  ok.disabled = v.busy || !PIN.test(v.pin);
  return el('div', { class: 'kiosk-pad' },
    el('p', { class: 'kiosk-prompt', 'data-testid': 'kiosk-prompt' }, t('kiosk.pinFor', { action: t(`clock.action.${v.action}`) })),
    dots,
    el('p', { class: 'kiosk-problem', role: 'alert', 'data-testid': 'kiosk-problem', hidden: !problem }, problem || ''),
    el('div', { class: 'kiosk-keys' }, ...digits,
      keyButton(icon('arrow-left'), erase, { testId: 'kiosk-erase', aria: t('kiosk.erase'), kind: 'is-quiet' }),
      keyButton('0', () => type('0'), { testId: 'kiosk-key-0' }), ok));
}

function type(digit) {
  const v = view;
  if (v.busy || v.pin.length >= 8) return;
  v.pin += digit;
  personScreen();
}

function erase() {
  const v = view;
  if (v.busy) return;
  v.pin = v.pin.slice(0, -1);
  personScreen();
}

// A keyboard works too (a tablet with one, a desktop): digits, Backspace, Enter, Escape.
function key(event) {
  const v = view;
  if (!v?.person || !v.action || event.target.matches?.('input, textarea')) return;
  if (/^[0-9]$/.test(event.key)) type(event.key);
  else if (event.key === 'Backspace') erase();
  else if (event.key === 'Enter' && PIN.test(v.pin)) submit();
  else if (event.key === 'Escape') names();
  else return;
  event.preventDefault();
}

async function submit() {
  const v = view;
  if (v.busy || !PIN.test(v.pin)) return;
  const p = v.person;
  const action = v.action;
  v.busy = true;
  personScreen();
  let answer;
  try {
    answer = await asKiosk('/api/v1/kiosk/punch', { method: 'POST',
      body: { userId: p.userId, pin: v.pin, action, clientId: newClientId() } });
  } catch (e) {
    if (view !== v) return;
    v.busy = false;
    v.pin = '';
    refused(e);
    return;
  }
  if (view !== v) return;
  v.busy = false;
  p.status = answer.state.status;
  message({ kind: 'ok', title: t(`kiosk.done.${action}`, { name: p.name.split(' ')[0] }),
    text: t('kiosk.doneAt', { time: formatTime(answer.punch.at) }), testId: 'kiosk-done' });
}

function refused(e) {
  const v = view;
  if (e.status === 401) {
    forgetToken();
    revoked();
  } else if (e.status === 400 && e.fields?.pin) {
    const left = Number.parseInt(String(e.fields.pin).match(/(\d+) more/)?.[1], 10);
    personScreen(Number.isFinite(left) ? tn('kiosk.wrongPin', left) : t('kiosk.wrongPinPlain'));
  } else if (e.status === 429) {
    v.person.lockedUntil = new Date(Date.now() + (e.retryAfter || 300) * 1000).toISOString();
    message({ kind: 'bad', title: t('kiosk.lockedTitle'), text: t('kiosk.lockedText', { time: formatTime(v.person.lockedUntil) }) });
  } else if (e.status === 0) {
    personScreen(t('kiosk.offline'));
  } else {
    // The punch does not fit (another device punched meanwhile), the PIN is gone, or the person
    // left this location: the server says which; the names are read again behind the message.
    message({ kind: 'bad', title: t('kiosk.notCounted'), text: e.message });
  }
}

// A result on its own screen, back to the names after a few seconds (or a tap).
function message({ kind, title, text, testId = 'kiosk-message' }) {
  const v = view;
  clearTimeout(v.idle);
  const done = el('button', { type: 'button', class: 'button', 'data-testid': 'kiosk-message-done' }, t('kiosk.back'));
  const back = () => {
    clearTimeout(v.done);
    if (view !== v) return;
    v.person = null;
    load({ quiet: true });
  };
  done.addEventListener('click', back);
  v.body.replaceChildren(el('section', { class: `kiosk-message is-${kind}`, role: kind === 'bad' ? 'alert' : 'status', 'data-testid': testId },
    el('span', { class: 'kiosk-message-icon', 'aria-hidden': 'true' }, icon(kind === 'ok' ? 'circle-check' : 'circle-alert', { size: 'lg' })),
    el('h1', {}, title), el('p', {}, text), done));
  v.done = setTimeout(back, kind === 'ok' ? DONE_MS : DONE_MS * 2);
}

// Someone left mid-way: nobody else sees their half-typed PIN.
function awake() {
  const v = view;
  clearTimeout(v.idle);
  v.idle = setTimeout(() => view === v && v.person && !v.busy && names(), IDLE_MS);
}

// ---- the kiosk itself ----------------------------------------------------------------------------

function notSetUp() {
  view.body.replaceChildren(el('section', { class: 'kiosk-message is-note', 'data-testid': 'kiosk-not-set-up' },
    el('span', { class: 'kiosk-message-icon', 'aria-hidden': 'true' }, icon('clock', { size: 'lg' })),
    el('h1', {}, t('kiosk.notSetUpTitle')), el('p', {}, t('kiosk.notSetUpText')),
    el('a', { href: '/settings/kiosks', class: 'button' }, t('kiosk.setUpLink'))));
}

function revoked() {
  const v = view;
  clearInterval(v.refresher);
  v.placeLine.replaceChildren();
  v.body.replaceChildren(el('section', { class: 'kiosk-message is-bad', role: 'alert', 'data-testid': 'kiosk-revoked' },
    el('span', { class: 'kiosk-message-icon', 'aria-hidden': 'true' }, icon('ban', { size: 'lg' })),
    el('h1', {}, t('kiosk.revokedTitle')), el('p', {}, t('kiosk.revokedText')),
    el('a', { href: '/settings/kiosks', class: 'button button-secondary' }, t('kiosk.setUpLink'))));
}

function unreachable(e) {
  const retry = el('button', { type: 'button', class: 'button' }, t('app.retry'));
  retry.addEventListener('click', () => load());
  view.body.replaceChildren(el('section', { class: 'kiosk-message is-bad', role: 'alert', 'data-testid': 'kiosk-error' },
    el('span', { class: 'kiosk-message-icon', 'aria-hidden': 'true' }, icon(e.status === 0 ? 'wifi-off' : 'circle-alert', { size: 'lg' })),
    el('h1', {}, t('kiosk.errorTitle')), el('p', {}, e.status === 0 ? t('app.unreachable') : e.message), retry));
}
