// Status page: public health for everyone; the storage engine's figures for signed-in users
// with health.read, and the server facts only an owner sees. Refreshed every 5 seconds.
import { api } from '../api.js';
import { authedApi, currentSession } from '../auth.js';
import { el } from '../forms.js';
import { byteSize, t } from '../i18n.js';

let timer = null;

function row(label, value, testId) {
  return el('div', { class: 'row' }, el('dt', {}, label), el('dd', { 'data-testid': testId }, String(value)));
}

function duration(seconds) {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : `${m}m ${seconds % 60}s`;
}

async function load() {
  const session = await currentSession().catch(() => null);
  const system = session ? await authedApi('/api/v1/health/system') : await api('/api/v1/health/system');
  const services = session?.permissions.includes('health.read') ? await authedApi('/api/v1/health/services') : null;
  return { system, services, session };
}

async function refresh(root) {
  let data, error;
  try {
    data = await load();
  } catch (e) {
    error = e;
  }
  const card = el('section', { class: 'card' }, el('h1', {}, t('status.title')));
  if (error) {
    card.append(el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'status-banner' },
      error.status === 0 ? t('status.unreachable') : `${t('status.problem')}: ${error.message}`));
  } else {
    const { system, services, session } = data;
    const ok = system.status === 'ok' && (!services || services.status === 'ok');
    card.append(el('p', { class: `banner ${ok ? 'banner-ok' : 'banner-bad'}`, 'data-testid': 'status-banner' },
      ok ? t('status.ok') : t('status.problem')));
    const facts = el('dl', { class: 'facts' }, row(t('status.version'), system.version, 'version'));
    if (system.schemaVersion !== undefined) {
      facts.append(
        row(t('status.uptime'), duration(system.uptimeSeconds), 'uptime'),
        row(t('status.schema'), system.schemaVersion, 'schema-version'),
        row(t('status.sqlite'), system.sqliteVersion, 'sqlite-version'),
        row(t('status.dbSize'), byteSize(system.databaseBytes), 'db-size'),
        row(t('status.freeDisk'), byteSize(system.freeDiskBytes), 'free-disk'),
        row(t('status.lastBackup'), system.lastGoodBackup ? new Date(system.lastGoodBackup).toLocaleString() : t('status.never'), 'last-backup'),
      );
    }
    if (services) {
      const s = services.storage;
      facts.append(
        row(t('status.database'), s.status, 'database'),
        row(t('status.synchronous'), s.synchronous, 'synchronous'),
        row(t('status.queue'), s.queueDepth, 'queue'),
        row(t('status.batches'), s.batches, 'batches'),
        row(t('status.lastBatch'), s.lastBatchJobs, 'last-batch'),
        row(t('status.committed'), s.jobsCommitted, 'committed'),
        row(t('status.failed'), s.jobsFailed, 'failed'),
        row(t('status.aborted'), s.batchesAborted, 'aborted'),
        row(t('status.readers'), `${s.readConnectionsIdle} / ${s.readConnections}`, 'readers'),
      );
    }
    card.append(facts);
    if (!session) card.append(el('p', { class: 'muted', 'data-testid': 'status-signin-hint' }, t('status.signInForMore')));
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
