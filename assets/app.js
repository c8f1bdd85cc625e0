// The client router: one module per page, loaded on demand.
import { t } from './i18n.js';

const routes = {
  '/': () => import('./pages/status.js'),
  '/status': () => import('./pages/status.js'),
};

let current = null;

async function render() {
  const root = document.getElementById('app');
  if (current?.unmount) current.unmount();
  const load = routes[location.pathname];
  if (!load) {
    root.replaceChildren(notFound());
    current = null;
    return;
  }
  current = await load();
  current.mount(root);
}

function notFound() {
  const section = document.createElement('section');
  section.className = 'card';
  const h1 = document.createElement('h1');
  h1.textContent = t('notfound.title');
  const a = document.createElement('a');
  a.href = '/';
  a.textContent = t('notfound.back');
  section.append(h1, a);
  return section;
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href^="/"]');
  if (!link || link.target || event.metaKey || event.ctrlKey) return;
  event.preventDefault();
  history.pushState(null, '', link.getAttribute('href'));
  render();
});
window.addEventListener('popstate', render);
render();
