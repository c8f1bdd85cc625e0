// Client-side navigation. Pages and auth.js call go(); app.js listens for the event and renders,
// so nothing needs to import the router (no module cycle).
export const NAVIGATE = 'staffroom:navigate';

export function go(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE));
}
