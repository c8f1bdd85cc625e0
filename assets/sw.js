// The service worker (served as /sw.js with VERSION and ASSETS written in front by the server,
// src/ui.rs): the app opens without a network — the shell and every module come from the cache,
// refreshed from the network whenever it answers, so an upgrade is picked up at the next load.
// API answers are never cached: what a page shows offline is its own business (the clock keeps
// its last state and queues punches, assets/punches.js).
/* global VERSION, ASSETS */
const CACHE = `staffroom-${VERSION}`;

self.addEventListener('install', (event) => {
  // One missing file must not keep the rest out of the cache.
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.allSettled(ASSETS.map((url) => cache.add(url)))));
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('staffroom-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// Network first, the cache when the network fails; a good answer refreshes the cache.
async function networkFirst(request, cacheKey) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(cacheKey, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(cacheKey);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  // Every client route is the same shell.
  if (request.mode === 'navigate') event.respondWith(networkFirst(request, '/'));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(networkFirst(request, url.pathname));
});

// Web Push (src/notifications/push.rs): the notification's words, decrypted by the browser, as a
// system notification; a click opens the app (or the tab that has it) at the notification's link.
const inApp = (link) => (typeof link === 'string' && link.startsWith('/') && !link.startsWith('//') ? link : '/');

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  event.waitUntil(self.registration.showNotification(data.title || 'Staffroom', {
    body: data.body || '', tag: data.id, data: { link: inApp(data.link) },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const link = inApp(event.notification.data && event.notification.data.link);
  event.waitUntil((async () => {
    const open = (await self.clients.matchAll({ type: 'window', includeUncontrolled: true }))
      .find((c) => new URL(c.url).origin === self.location.origin);
    if (open) {
      await open.focus();
      return open.navigate(link);
    }
    return self.clients.openWindow(link);
  })());
});
