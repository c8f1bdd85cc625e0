// "Push on this device" on the notification settings: this browser subscribes to Web Push (the
// instance's VAPID key from the server, the subscription stored there), or stops. Browsers allow
// it only in a secure context (https, or this machine) with the service worker running, and only
// after the person allowed notifications; the card says which of these is missing.
import { authedApi } from '../auth.js';
import { busy, el, errorText } from '../forms.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';

// Which subscription (the server's id) this browser made, to remove it again.
const KEY = 'staffroom.pushSubscription';

function bytes(base64url) {
  const text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

const supported = () => window.isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window
  && 'Notification' in window;

async function registration() {
  const ready = navigator.serviceWorker.ready;
  const late = new Promise((resolve) => { setTimeout(() => resolve(null), 5000); });
  return Promise.race([ready, late]);
}

export function pushCard() {
  const state = el('p', { class: 'hint', 'data-testid': 'push-state', role: 'status' });
  const button = el('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'push-toggle', hidden: true });
  const card = el('section', { class: 'card stack', 'data-testid': 'push-card' },
    el('div', { class: 'notif-dnd-head' }, el('span', { class: 'notif-dnd-icon', 'aria-hidden': 'true' }, icon('smartphone')),
      el('h2', {}, t('push.title'))),
    el('p', { class: 'notif-dnd-intro' }, t('push.intro')),
    state, el('div', { class: 'actions' }, el('span'), button));

  let subscription = null;
  function paint() {
    if (!supported()) {
      state.textContent = t('push.unsupported');
      button.hidden = true;
      return;
    }
    if (Notification.permission === 'denied') {
      state.textContent = t('push.blocked');
      button.hidden = true;
      return;
    }
    state.textContent = subscription ? t('push.on') : t('push.off');
    button.textContent = subscription ? t('push.turnOff') : t('push.turnOn');
    button.hidden = false;
  }

  async function turnOn(reg) {
    if (await Notification.requestPermission() !== 'granted') return paint();
    const { publicKey } = await authedApi('/api/v1/notifications/push/vapid-key');
    const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytes(publicKey) });
    try {
      const saved = await authedApi('/api/v1/notifications/push/subscriptions', { method: 'POST', body: sub.toJSON() });
      localStorage.setItem(KEY, saved.id);
    } catch (e) {
      await sub.unsubscribe().catch(() => {});
      throw e;
    }
    subscription = sub;
  }

  async function turnOff() {
    const id = localStorage.getItem(KEY);
    await subscription.unsubscribe().catch(() => {});
    subscription = null;
    localStorage.removeItem(KEY);
    if (id) await authedApi(`/api/v1/notifications/push/subscriptions/${encodeURIComponent(id)}`, { method: 'DELETE' }).catch(() => {});
  }

  button.addEventListener('click', async () => {
    const restore = busy(button, t('push.working'));
    try {
      const reg = await registration();
      if (!reg) throw new Error(t('push.noWorker'));
      if (subscription) await turnOff();
      else await turnOn(reg);
      restore();
      paint();
    } catch (e) {
      restore();
      paint();
      if (e.status === 401) return;
      state.textContent = t('push.failed', { reason: e.status ? errorText(e) : e.message || String(e) });
    }
  });

  (async () => {
    if (supported()) {
      const reg = await registration();
      subscription = reg ? await reg.pushManager.getSubscription().catch(() => null) : null;
    }
    paint();
  })();
  return card;
}
