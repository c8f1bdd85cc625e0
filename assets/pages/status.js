// Status page: public health for everyone; the storage engine's figures for signed-in users
// with health.read, and the server facts only an owner sees. Refreshed every 5 seconds.
import { api } from '../api.js';
import { authedApi, currentSession } from '../auth.js';
import { formatDateTime, formatDuration, formatRelative, formatTime } from '../format.js';
import { el } from '../forms.js';
import { byteSize, t } from '../i18n.js';
import { pageTitle } from '../shell.js';
import { card, page, skeleton } from '../ui.js';

let timer = null;
let view = null;

function row(label, value, testId) {
  return el('div', { class: 'row' }, el('dt', {}, label), el('dd', { 'data-testid': testId }, String(value)));
}

async function load() {
  const session = await currentSession().catch(() => null);
  const system = session ? await authedApi('/api/v1/health/system') : await api('/api/v1/health/system');
  const services = session?.permissions.includes('health.read') ? await authedApi('/api/v1/health/services') : null;
  return { system, services, session };
}

// "12-01-2027 09:00 · 2 h ago"
const when = (iso) => `${formatDateTime(iso)} · ${formatRelative(iso)}`;

async function refresh() {
  const v = view;
  let data, error;
  try {
    data = await load();
  } catch (e) {
    error = e;
  }
  if (view !== v) return;
  const retry = el('button', { type: 'button', class: 'button button-secondary button-small' }, t('status.retry'));
  retry.addEventListener('click', refresh);
  const updated = el('p', { class: 'muted' }, t('status.updated', { time: formatTime(new Date(), { seconds: true }) }));
  if (error) {
    v.body.replaceChildren(card({ tools: retry }, error.status === 0
      ? el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'status-banner' }, t('status.unreachable'))
      : el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'status-banner' },
        `${t('status.problem')}: ${error.message}`), updated));
    return;
  }
  const { system, services, session } = data;
  const ok = system.status === 'ok' && (!services || services.status === 'ok');
  const server = el('dl', { class: 'facts' }, row(t('status.version'), system.version, 'version'));
  if (system.schemaVersion !== undefined) {
    server.append(
      row(t('status.uptime'), formatDuration(system.uptimeSeconds), 'uptime'),
      row(t('status.schema'), system.schemaVersion, 'schema-version'),
      row(t('status.sqlite'), system.sqliteVersion, 'sqlite-version'),
      row(t('status.dbSize'), byteSize(system.databaseBytes), 'db-size'),
      row(t('status.freeDisk'), byteSize(system.freeDiskBytes), 'free-disk'),
      row(t('status.lastBackup'), system.lastGoodBackup ? when(system.lastGoodBackup) : t('status.never'), 'last-backup'),
    );
  }
  let storage = null;
  if (services) {
    const s = services.storage;
    storage = card({ title: t('status.storage') }, el('dl', { class: 'facts' },
      row(t('status.database'), s.status, 'database'),
      row(t('status.synchronous'), s.synchronous, 'synchronous'),
      row(t('status.queue'), s.queueDepth, 'queue'),
      row(t('status.batches'), s.batches, 'batches'),
      row(t('status.lastBatch'), s.lastBatchJobs, 'last-batch'),
      row(t('status.committed'), s.jobsCommitted, 'committed'),
      row(t('status.failed'), s.jobsFailed, 'failed'),
      row(t('status.aborted'), s.batchesAborted, 'aborted'),
      row(t('status.readers'), `${s.readConnectionsIdle} / ${s.readConnections}`, 'readers')));
  }
  v.body.replaceChildren(
    el('p', { class: `banner ${ok ? 'banner-ok' : 'banner-bad'}`, 'data-testid': 'status-banner' },
      ok ? t('status.ok') : t('status.problem')),
    card({ title: t('status.server'), tools: retry }, server, updated,
      !session && el('p', { class: 'muted', 'data-testid': 'status-signin-hint' }, t('status.signInForMore'))),
    ...(storage ? [storage] : []));
}

export function mount(root) {
  view = { body: el('div', { class: 'stack' }, card({}, skeleton({ rows: 4 }))) };
  const heading = pageTitle(t('status.title'));
  root.replaceChildren(page('form', heading, view.body));
  refresh();
  timer = setInterval(refresh, 5000);
}

export function unmount() {
  clearInterval(timer);
  view = null;
}
