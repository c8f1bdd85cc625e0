// Status page: public health for everyone. To the instance owner it speaks plainly — backups,
// database, disk, running since — with the engine's figures (SQLite and schema versions, the
// writer queue, group commits, read connections) behind "Details"; signed-in users with
// health.read see the database's state and those figures. Refreshed every 5 seconds; an open
// "Details" stays open across refreshes.
import { api } from '../api.js';
import { authedApi, currentSession } from '../auth.js';
import { formatDateTime, formatDuration, formatRelative, formatTime } from '../format.js';
import { el } from '../forms.js';
import { byteSize, t } from '../i18n.js';
import { icon } from '../icons.js';
import { pageTitle } from '../shell.js';
import { card, page, skeleton } from '../ui.js';

// Below this the disk is worth a warning: backups and the database grow.
const LOW_DISK = 2 * 1024 ** 3;
// A backup older than this is not "recent".
const STALE_BACKUP_MS = 2 * 86400_000;

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

// One plain-language line: an icon in a tinted square, what it is, how it is, and a detail.
function check({ name, label, value, detail, state = 'ok', testId, link }) {
  return el('li', { class: `check-row check-${state}`, 'data-testid': `check-${name}`, 'data-state': state },
    el('span', { class: 'check-icon', 'aria-hidden': 'true' }, icon(CHECK_ICONS[name] || 'activity')),
    el('div', { class: 'check-text' },
      el('span', { class: 'check-label' }, label),
      detail && el('span', { class: 'check-detail' }, detail)),
    el('span', { class: 'check-value', 'data-testid': testId }, value),
    link || null);
}

const CHECK_ICONS = { backups: 'archive', database: 'database', disk: 'hard-drive', uptime: 'timer', mail: 'mail', version: 'server' };

function ownerChecks(system, services) {
  const rows = [];
  const backup = system.lastGoodBackup;
  const stale = !backup || Date.now() - new Date(backup).getTime() > STALE_BACKUP_MS;
  rows.push(check({ name: 'backups', label: t('status.backups'), testId: 'last-backup', state: stale ? 'warn' : 'ok',
    value: backup ? t('status.backupsLast', { when: formatRelative(backup) }) : t('status.backupsNone'),
    detail: backup ? formatDateTime(backup) : t('status.backupsNoneHint'),
    link: el('a', { href: '/settings/backups', class: 'button button-ghost button-small', 'data-testid': 'status-backups-link' },
      t('status.backupsOpen')) }));
  const dbOk = (services?.storage.status ?? system.status) === 'ok';
  rows.push(check({ name: 'database', label: t('status.database'), testId: 'db-size', state: dbOk ? 'ok' : 'bad',
    value: t(dbOk ? 'status.databaseOk' : 'status.databaseBad', { size: byteSize(system.databaseBytes) }),
    detail: t('status.databaseDetail') }));
  const free = system.freeDiskBytes;
  rows.push(check({ name: 'disk', label: t('status.disk'), testId: 'free-disk',
    state: free == null ? 'warn' : free < LOW_DISK ? 'warn' : 'ok',
    value: free == null ? t('status.diskUnknown') : t('status.diskFree', { size: byteSize(free) }),
    detail: free != null && free < LOW_DISK ? t('status.diskLow') : t('status.diskDetail') }));
  if (services) {
    const { mail } = services;
    rows.push(check({ name: 'mail', label: t('status.mail'), testId: 'mail-state', state: mail.status === 'ok' ? 'ok' : 'warn',
      value: mail.outboxDepth ? t('status.mailWaiting', { n: mail.outboxDepth }) : t('status.mailOk'),
      detail: mail.lastError || (mail.smtpConfigured ? t('status.mailConfigured') : t('status.mailPerWorkplace')) }));
  }
  const since = new Date(Date.now() - system.uptimeSeconds * 1000);
  rows.push(check({ name: 'uptime', label: t('status.runningSince'), testId: 'running-since',
    value: formatDateTime(since), detail: t('status.runningFor', { time: formatDuration(system.uptimeSeconds) }) }));
  rows.push(check({ name: 'version', label: t('status.version'), testId: 'version', value: system.version,
    detail: t('status.versionDetail') }));
  return el('ul', { class: 'checks', 'data-testid': 'status-checks' }, ...rows);
}

function engineFacts(system, services) {
  const facts = el('dl', { class: 'facts' });
  if (system.schemaVersion !== undefined) {
    facts.append(
      row(t('status.uptime'), formatDuration(system.uptimeSeconds), 'uptime'),
      row(t('status.schema'), system.schemaVersion, 'schema-version'),
      row(t('status.sqlite'), system.sqliteVersion, 'sqlite-version'),
      row(t('status.dbSize'), byteSize(system.databaseBytes), 'db-bytes'),
      row(t('status.freeDisk'), byteSize(system.freeDiskBytes), 'free-disk-bytes'));
  }
  if (services) {
    const s = services.storage;
    facts.append(
      row(t('status.storageState'), s.status, 'database'),
      row(t('status.synchronous'), s.synchronous, 'synchronous'),
      row(t('status.queue'), s.queueDepth, 'queue'),
      row(t('status.batches'), s.batches, 'batches'),
      row(t('status.lastBatch'), s.lastBatchJobs, 'last-batch'),
      row(t('status.committed'), s.jobsCommitted, 'committed'),
      row(t('status.failed'), s.jobsFailed, 'failed'),
      row(t('status.aborted'), s.batchesAborted, 'aborted'),
      row(t('status.readers'), `${s.readConnectionsIdle} / ${s.readConnections}`, 'readers'),
      row(t('status.maintenance'), s.maintenanceRuns, 'maintenance'),
      row(t('status.outbox'), services.mail.outboxDepth, 'outbox-depth'));
  }
  return facts;
}

async function refresh() {
  const v = view;
  let data, error;
  try {
    data = await load();
  } catch (e) {
    error = e;
  }
  if (view !== v) return;
  const retry = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': 'status-retry' },
    t('status.retry'));
  retry.addEventListener('click', refresh);
  const updated = el('p', { class: 'muted', 'data-testid': 'status-updated' },
    t('status.updated', { time: formatTime(new Date(), { seconds: true }) }));
  if (error) {
    v.body.replaceChildren(card({ tools: retry }, el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'status-banner' },
      error.status === 0 ? t('status.unreachable') : `${t('status.problem')}: ${error.message}`), updated));
    return;
  }
  const { system, services, session } = data;
  const ok = system.status === 'ok' && (!services || services.status === 'ok');
  const owner = system.schemaVersion !== undefined;
  const banner = el('p', { class: `banner ${ok ? 'banner-ok' : 'banner-bad'}`, 'data-testid': 'status-banner' },
    ok ? t('status.ok') : t('status.problem'));
  // Reading the figures must survive the refresh: an open disclosure stays open.
  const open = v.body.querySelector('details.status-details')?.open ?? false;
  let main;
  if (owner) {
    main = card({ title: t('status.serverTitle'), sub: t('status.serverSub'), tools: retry, testId: 'status-server' },
      ownerChecks(system, services), updated);
  } else if (services) {
    const dbOk = services.storage.status === 'ok';
    main = card({ title: t('status.server'), tools: retry, testId: 'status-server' },
      el('ul', { class: 'checks' },
        check({ name: 'database', label: t('status.database'), testId: 'database-state', state: dbOk ? 'ok' : 'bad',
          value: t(dbOk ? 'status.databaseHealthy' : 'status.databaseUnhealthy') }),
        check({ name: 'version', label: t('status.version'), testId: 'version', value: system.version })),
      updated);
  } else {
    main = card({ title: t('status.server'), tools: retry, testId: 'status-server' },
      el('dl', { class: 'facts' }, row(t('status.version'), system.version, 'version')), updated,
      !session && el('p', { class: 'muted', 'data-testid': 'status-signin-hint' }, t('status.signInForMore')));
  }
  const details = (owner || services) && el('details', { class: 'card status-details', 'data-testid': 'status-details',
    open },
  el('summary', { 'data-testid': 'status-details-toggle' }, el('span', {}, t('status.details')),
    el('span', { class: 'muted' }, t('status.detailsSub'))),
  engineFacts(system, services));
  v.body.replaceChildren(banner, main, details || '');
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
