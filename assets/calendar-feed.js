// "Subscribe to my calendar": my secret iCalendar address (GET /api/v1/me/calendar) to copy, to
// open as webcal:// in a calendar app, or to scan from the screen as a QR code; and a new address
// (POST …/regenerate, after a confirmation) when the old one got out.
import { authedApi } from './auth.js';
import { confirmAction } from './dialog.js';
import { el, uid } from './forms.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { card, loadError, skeleton, toast } from './ui.js';

// The card, loading; it fills itself in.
export function calendarFeedCard() {
  const slot = el('div', { 'data-testid': 'feed-card' }, card({ title: t('feed.title') }, skeleton({ rows: 2 })));
  load(slot);
  return slot;
}

async function load(slot) {
  try {
    show(slot, await authedApi('/api/v1/me/calendar'));
  } catch (e) {
    if (e.status === 401) return;
    slot.replaceChildren(card({ title: t('feed.title') }, loadError(e, () => load(slot), 'feed-error')));
  }
}

function show(slot, feed) {
  const address = el('input', { type: 'text', id: uid('feed'), readonly: true, value: feed.url, class: 'feed-url',
    'data-testid': 'feed-url' });
  address.addEventListener('focus', () => address.select());
  const tools = el('div', { class: 'button-row' },
    el('a', { href: feed.webcalUrl, class: 'button button-primary button-small', 'data-testid': 'feed-webcal' },
      icon('calendar-plus', { size: 'sm' }), t('feed.open')),
    navigator.clipboard ? copyButton(feed.url) : null);
  const qr = qrImage(feed.qrSvg);
  const regenerate = el('button', { type: 'button', class: 'button button-ghost button-small', 'data-testid': 'feed-regenerate' },
    icon('key-round', { size: 'sm' }), t('feed.regenerate'));
  regenerate.addEventListener('click', async () => {
    const fresh = await confirmAction({
      title: t('feed.regenerateTitle'), text: t('feed.regenerateText'), confirmLabel: t('feed.regenerateConfirm'),
      busyLabel: t('feed.regenerating'), testId: 'feed-regenerate-dialog',
      action: () => authedApi('/api/v1/me/calendar/regenerate', { method: 'POST', body: {} }),
    });
    if (!fresh || fresh === true) return;
    show(slot, fresh);
    toast(t('feed.regenerated'), { testId: 'feed-notice' });
  });
  slot.replaceChildren(card({ title: t('feed.title'), sub: t('feed.intro') },
    el('div', { class: 'field' }, el('label', { for: address.id }, t('feed.url')), address),
    tools,
    el('figure', { class: 'feed-qr-box' }, qr, el('figcaption', { class: 'muted' }, t('feed.qr'))),
    el('p', { class: 'muted feed-secret' }, icon('lock', { size: 'sm' }), t('feed.secret')),
    el('div', { class: 'button-row' }, regenerate)));
}

function copyButton(text) {
  const button = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': 'feed-copy' },
    icon('copy', { size: 'sm' }), t('feed.copy'));
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.replaceChildren(icon('check', { size: 'sm' }), t('feed.copied'));
    } catch {
      button.textContent = t('feed.copyFailed');
    }
  });
  return button;
}

// The server draws the QR code as SVG (only rects: no text of anyone's). It is parsed as SVG, not
// HTML, and put in the page as a labelled image; the page's CSP keeps data: URLs out of <img>.
function qrImage(svgText) {
  const parsed = new DOMParser().parseFromString(svgText, 'image/svg+xml').documentElement;
  const box = el('div', { class: 'feed-qr', role: 'img', 'aria-label': t('feed.qrAlt'), 'data-testid': 'feed-qr' });
  if (parsed.nodeName.toLowerCase() !== 'svg') return box;
  for (const node of parsed.querySelectorAll('script, foreignObject')) node.remove();
  const svg = document.importNode(parsed, true);
  svg.setAttribute('width', '100%');
  svg.setAttribute('height', '100%');
  svg.setAttribute('aria-hidden', 'true');
  box.append(svg);
  return box;
}
