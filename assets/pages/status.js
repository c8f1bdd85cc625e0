// Status page: the health figures of /api/v1/health/system and /api/v1/health/services,
// refreshed every 5 seconds.
import { api } from '../api.js';
import { t } from '../i18n.js';

let timer = null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function row(label, value, testId) {
  return el('div', { class: 'row' }, el('dt', {}, label), el('dd', { 'data-testid': testId }, String(value)));
}

async function refresh(root) {
  let system, services, error;
  try {
    [system, services] = await Promise.all([api('/api/v1/health/system'), api('/api/v1/health/services')]);
  } catch (e) {
    error = e;
  }
  const card = el('section', { class: 'card' });
  card.append(el('h1', {}, t('status.title')));
  if (error) {
    const unreachable = error.status === 0;
    card.append(el('p', { class: 'banner banner-bad', 'data-testid': 'status-banner' },
      unreachable ? t('status.unreachable') : `${t('status.problem')}: ${error.message}`));
  } else {
    const ok = system.status === 'ok' && services.status === 'ok';
    card.append(el('p', { class: `banner ${ok ? 'banner-ok' : 'banner-bad'}`, 'data-testid': 'status-banner' },
      ok ? t('status.ok') : t('status.problem')));
    const s = services.storage;
    card.append(
      el('dl', { class: 'facts' },
        row(t('status.version'), system.version, 'version'),
        row(t('status.database'), s.status, 'database'),
        row(t('status.synchronous'), s.synchronous, 'synchronous'),
        row(t('status.queue'), s.queueDepth, 'queue'),
        row(t('status.batches'), s.batches, 'batches'),
        row(t('status.lastBatch'), s.lastBatchJobs, 'last-batch'),
        row(t('status.committed'), s.jobsCommitted, 'committed'),
        row(t('status.failed'), s.jobsFailed, 'failed'),
        row(t('status.aborted'), s.batchesAborted, 'aborted'),
        row(t('status.readers'), `${s.readConnectionsIdle} / ${s.readConnections}`, 'readers'),
      ),
    );
  }
  const retry = el('button', { type: 'button', class: 'button' }, t('status.retry'));
  retry.addEventListener('click', () => refresh(root));
  card.append(el('p', { class: 'muted' }, t('status.updated', { time: new Date().toLocaleTimeString() })), retry);
  root.replaceChildren(card);
}

export function mount(root) {
  root.replaceChildren(el('section', { class: 'card' }, el('p', { class: 'muted' }, t('status.loading'))));
  refresh(root);
  timer = setInterval(() => refresh(root), 5000);
}

export function unmount() {
  clearInterval(timer);
}
