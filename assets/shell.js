// The app shell around every page. Signed in: a sidebar (the workplace, the main menu, the
// person's menu) and a top bar with the page title; on a phone the same menu is a tab bar at the
// bottom and the person's menu sits in the top bar. Signed out (sign-in, setup, links from mails):
// just the brand above one centred column.
import { logout } from './auth.js';
import { onUnread, total as unreadTotal, watchUnread } from './chat/unread.js';
import { el, uid } from './forms.js';
import { icon } from './icons.js';
import { lang, t } from './i18n.js';
import { DECIDERS as INBOX_PERMISSIONS, inboxTotal, onInbox, watchInbox } from './inbox/store.js';
import { go } from './nav.js';
import { bell } from './notifications/bell.js';
import { watchNotifications } from './notifications/store.js';
import { saveUiLanguage } from './prefs.js';
import { toast, withPicture } from './ui.js';

const SETTINGS = ['settings.manage', 'profiles.manage', 'clock.manage'];

// The main menu, in order; a feature adds its page with one entry. `permission` (a code, or a list
// of which any one will do) decides who sees it; `short` is the tab bar's label on a phone;
// `badge` names a count shown beside it ('chat': unread messages, 'inbox': decisions waiting);
// `badgeTestId` is its test id when not `${testId}-badge`.
export const NAV = [
  { path: '/', label: 'nav.home', short: 'nav.homeShort', icon: 'house', testId: 'nav-home' },
  { path: '/inbox', label: 'nav.inbox', short: 'nav.inboxShort', icon: 'inbox', permission: INBOX_PERMISSIONS, testId: 'nav-inbox',
    badge: 'inbox', badgeTestId: 'nav-inbox-count' },
  { path: '/schedules', label: 'nav.schedules', short: 'nav.schedulesShort', icon: 'calendar-days',
    permission: 'schedules.write', testId: 'nav-schedules' },
  { path: '/my-shifts', label: 'nav.myShifts', short: 'nav.myShiftsShort', icon: 'calendar-check',
    permission: 'schedules.read', testId: 'nav-my-shifts' },
  { path: '/clock', label: 'nav.clock', short: 'nav.clockShort', icon: 'clock', permission: 'clock.punch', testId: 'nav-clock' },
  { path: '/time-off', label: 'nav.timeOff', short: 'nav.timeOffShort', icon: 'sun', permission: 'clock.punch',
    testId: 'nav-time-off' },
  { path: '/timesheets', label: 'nav.timesheets', short: 'nav.timesheetsShort', icon: 'file-text', permission: 'clock.punch',
    testId: 'nav-timesheets' },
  { path: '/chat', label: 'nav.chat', short: 'nav.chatShort', icon: 'message-square', permission: 'chat.use',
    testId: 'nav-chat', badge: 'chat' },
  { path: '/users', label: 'nav.team', short: 'nav.teamShort', icon: 'users', permission: 'users.read', testId: 'nav-users' },
  { path: '/settings', label: 'nav.settings', short: 'nav.settingsShort', icon: 'settings', permission: SETTINGS,
    testId: 'nav-settings' },
];

export const SETTINGS_PERMISSIONS = SETTINGS;

export const allowed = (session, permission) =>
  !permission || [permission].flat().some((code) => session.permissions.includes(code));

const ROLES = ['owner', 'tenant_admin', 'manager', 'user'];
const LANGUAGES = ['en', 'nl'];
const DESKTOP = window.matchMedia('(min-width: 900px)');

let parts = null;
let workplace = null;
let bare = true;

export const initials = (name) => {
  const words = String(name || '').trim().split(/[\s@._-]+/).filter(Boolean);
  const letters = words.length > 1 ? words[0][0] + words[words.length - 1][0] : (words[0] || '?').slice(0, 2);
  return letters.toUpperCase();
};

const roleLabel = (role) => (ROLES.includes(role) ? t(`role.${role}`) : role);

// Once, at start-up: the static frame from index.html gets its parts.
export function mountShell() {
  const shell = document.getElementById('shell');
  const skip = document.getElementById('skip-link');
  skip.textContent = t('shell.skip');
  skip.addEventListener('click', (event) => {
    event.preventDefault();
    document.getElementById('app').focus();
  });
  const title = el('h1', { id: 'page-title', 'data-testid': 'page-title' });
  const brand = el('a', { class: 'brand', href: '/' }, el('span', { class: 'workplace-mark', 'aria-hidden': 'true' }, 'S'),
    'Staffroom');
  const bellLink = bell();
  const tools = el('div', { class: 'topbar-tools' }, bellLink);
  const topbar = document.getElementById('topbar');
  topbar.replaceChildren(brand, title, tools);

  const mark = el('span', { class: 'workplace-mark', 'aria-hidden': 'true' });
  const name = el('span', { class: 'workplace-name', 'data-testid': 'workplace-name' });
  const head = el('a', { class: 'workplace', href: '/' }, mark,
    el('span', { class: 'workplace-text' }, name, el('span', { class: 'workplace-product' }, 'Staffroom')));
  const nav = el('nav', { class: 'mainnav', 'aria-label': t('nav.label') });
  const foot = el('div', { class: 'sidebar-foot' });
  const sidebar = document.getElementById('sidebar');
  sidebar.replaceChildren(head, nav, foot);

  const menu = userMenu();
  parts = { shell, topbar, title, brand, tools, bell: bellLink, mark, name, nav, foot, sidebar, menu, badges: new Map() };
  onUnread((n) => paintBadge(parts.badges.get('chat'), n));
  onInbox(() => paintBadge(parts.badges.get('inbox'), inboxTotal(), 'nav.waiting'));
  const place = () => (DESKTOP.matches ? foot : tools).append(menu.node);
  DESKTOP.addEventListener('change', place);
  place();
}

// Before a page mounts: signed in (`session`) with the menu, or `bare`.
export function showShell({ session, bare: wanted, path }) {
  const p = parts;
  bare = wanted || !session;
  p.shell.classList.toggle('bare', bare);
  p.sidebar.hidden = bare;
  // Signed out the page's own card carries the one h1; the top bar only shows the brand.
  p.topbar.replaceChildren(...(bare ? [p.brand] : [p.title, p.tools]));
  p.menu.node.hidden = bare;
  p.title.textContent = '';
  if (bare) {
    workplace = null;
    p.nav.replaceChildren();
    p.badges.clear();
    watchUnread(null);
    watchInbox(null);
    watchNotifications(null);
    return;
  }
  const { user, tenant } = session;
  workplace = tenant.name;
  p.name.textContent = tenant.name;
  p.mark.textContent = initials(tenant.name).slice(0, 1);
  p.badges.clear();
  p.nav.replaceChildren(...NAV.filter((item) => allowed(session, item.permission)).map((item) => {
    const current = path === item.path || (item.path !== '/' && path.startsWith(`${item.path}/`));
    const badge = item.badge && el('span', { class: 'nav-badge', 'data-testid': item.badgeTestId || `${item.testId}-badge`,
      hidden: true });
    if (badge) p.badges.set(item.badge, badge);
    // The tab bar's short label comes from CSS (attr), so the link has one text, not two.
    return el('a', { href: item.path, 'aria-current': current ? 'page' : null, 'data-testid': item.testId,
      'data-short': t(item.short) }, icon(item.icon), el('span', { class: 'nav-label' }, t(item.label)), badge);
  }));
  // A tab bar wider than the phone (it scrolls): the current page's entry in view.
  const here = p.nav.querySelector('[aria-current="page"]');
  if (here && p.nav.scrollWidth > p.nav.clientWidth) {
    const offset = here.getBoundingClientRect().left - p.nav.getBoundingClientRect().left;
    p.nav.scrollLeft += offset - (p.nav.clientWidth - here.offsetWidth) / 2;
  }
  watchUnread(session);
  paintBadge(p.badges.get('chat'), unreadTotal());
  watchInbox(session);
  paintBadge(p.badges.get('inbox'), inboxTotal(), 'nav.waiting');
  watchNotifications(session);
  const notifications = path === '/notifications' || path.startsWith('/notifications/');
  if (notifications) p.bell.setAttribute('aria-current', 'page');
  else p.bell.removeAttribute('aria-current');
  p.menu.show(user);
}

// A count beside a menu entry ("3", "99+"), read out as "3 unread" (`label`); hidden at 0.
function paintBadge(badge, n, label = 'nav.unread') {
  if (!badge) return;
  badge.hidden = n <= 0;
  badge.dataset.count = String(n);
  badge.replaceChildren(el('span', { 'aria-hidden': 'true' }, n > 99 ? '99+' : String(n)),
    el('span', { class: 'sr-only' }, t(label, { n })));
}

// My picture in the person's menu, from a page that has it at hand (my profile, chat's people):
// the session's answer does not carry it.
export function showMyPicture(url) {
  parts?.menu.picture(url);
}

// A page that fills the window edge to edge below the menu (chat): no padding around it, and on
// a desktop no top bar (the page carries its own headings).
export function fullBleed(on) {
  parts.shell.classList.toggle('shell-full', on);
}

export const isBare = () => bare;

// The workplace was renamed (business details): the sidebar and the window title follow at once.
export function setWorkplace(name) {
  if (!parts || bare || !name) return;
  workplace = name;
  parts.name.textContent = name;
  parts.mark.textContent = initials(name).slice(0, 1);
  if (parts.title.textContent) document.title = `${parts.title.textContent} · ${name}`;
}

// The page's title, in the top bar and the window's title ("Team · Salon Bella").
export function setTitle(text) {
  parts.title.textContent = text;
  document.title = `${text} · ${workplace || 'Staffroom'}`;
}

// What every page calls first: sets the title, and answers the heading the page shows itself when
// there is no top bar (signed out), else null.
export function pageTitle(text) {
  setTitle(text);
  return bare ? el('h1', { 'data-testid': 'card-title' }, text) : null;
}

// ---- the person's menu ----------------------------------------------------------------------------

function userMenu() {
  const listId = uid('menu');
  const avatar = el('span', { class: 'avatar', 'aria-hidden': 'true' });
  const name = el('span', { class: 'user-name', 'data-testid': 'user-menu-name' });
  const role = el('span', { class: 'user-role', 'data-testid': 'user-menu-role' });
  const button = el('button', { type: 'button', class: 'user-button', 'aria-haspopup': 'menu', 'aria-expanded': 'false',
    'aria-controls': listId, 'data-testid': 'user-menu' },
  avatar, el('span', { class: 'user-text' }, name, role), icon('chevrons-up-down', { size: 'sm' }));

  const account = el('a', { href: '/account', class: 'menu-item', role: 'menuitem', 'data-testid': 'user-menu-account' },
    icon('user'), t('nav.account'));
  const labelId = uid('menu-label');
  const languages = LANGUAGES.map((code) => {
    const b = el('button', { type: 'button', role: 'menuitemradio', 'aria-checked': String(code === lang),
      lang: code, 'data-testid': `user-menu-lang-${code}` }, t(`lang.${code}`));
    b.addEventListener('click', () => chooseLanguage(code, b));
    return b;
  });
  const signOut = el('button', { type: 'button', class: 'menu-item', role: 'menuitem', 'data-testid': 'user-menu-logout' },
    icon('log-out'), t('auth.logout'));
  const list = el('div', { class: 'menu', role: 'menu', id: listId, 'aria-label': t('shell.menu'), hidden: true },
    account,
    el('div', { class: 'menu-sep', role: 'separator' }),
    el('div', { class: 'menu-label', id: labelId }, icon('languages', { size: 'sm' }), ' ', t('shell.language')),
    el('div', { class: 'menu-choice', role: 'group', 'aria-labelledby': labelId }, ...languages),
    el('div', { class: 'menu-sep', role: 'separator' }),
    signOut);
  const node = el('div', { class: 'user-menu', hidden: true }, button, list);
  const items = () => [account, ...languages, signOut];

  function open(focusFirst = true) {
    list.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    if (focusFirst) account.focus();
  }
  function close(refocus = false) {
    if (list.hidden) return;
    list.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (refocus) button.focus();
  }
  button.addEventListener('click', () => (list.hidden ? open() : close()));
  button.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      open(false);
      (event.key === 'ArrowDown' ? items()[0] : items().at(-1)).focus();
    }
  });
  list.addEventListener('keydown', (event) => {
    const all = items();
    const i = all.indexOf(document.activeElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      all[(i + (event.key === 'ArrowDown' ? 1 : all.length - 1)) % all.length].focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      (event.key === 'Home' ? all[0] : all.at(-1)).focus();
    } else if (event.key === 'Tab') {
      close();
    }
  });
  document.addEventListener('click', (event) => {
    if (!node.contains(event.target)) close();
  });
  account.addEventListener('click', () => close());
  signOut.addEventListener('click', async () => {
    signOut.disabled = true;
    await logout();
    signOut.disabled = false;
    close();
    go('/login');
  });

  async function chooseLanguage(code, b) {
    if (code === lang) return close(true);
    b.disabled = true;
    let reload = false;
    try {
      reload = await saveUiLanguage(code);
    } catch (e) {
      if (e.status !== 401) toast(t('shell.languageFailed'), { kind: 'bad' });
    }
    b.disabled = false;
    if (reload) location.reload();
    else close(true);
  }

  let shownFor = null;
  return {
    node,
    picture: (url) => withPicture(avatar, url),
    show(user) {
      const who = user.name || user.email;
      if (shownFor !== user.id) withPicture(avatar, null);
      shownFor = user.id;
      avatar.replaceChildren(...avatar.querySelectorAll('.avatar-img'), initials(who));
      name.textContent = who;
      role.textContent = roleLabel(user.role);
      button.setAttribute('aria-label', t('shell.menuOf', { name: who }));
    },
  };
}
