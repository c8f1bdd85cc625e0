// Client-side navigation. Pages and auth.js call go(); app.js listens for the event and renders,
// so nothing needs to import the router (no module cycle).
export const NAVIGATE = 'staffroom:navigate';

export function go(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE));
}

// Where to go after signing in: `?next=` of the sign-in page, when it is a path on this site
// ("/settings/email", not "//evil.example" or "https://…"); else null.
export function nextPath(search = location.search) {
  const next = new URLSearchParams(search).get('next');
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null;
  try {
    const url = new URL(next, location.origin);
    if (url.origin !== location.origin || url.pathname.startsWith('/login')) return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}
