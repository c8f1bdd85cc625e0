// Backups, for the instance owner only: whether a good backup exists and when the next one runs,
// a backup by hand, and the history of runs. Each archive is written and read back by the server;
// what is shown here is what it recorded.
import { authedApi } from '../auth.js';
import { formatDateTime } from '../format.js';
import { busy, el, errorText, notice } from '../forms.js';
import { byteSize, t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { pageTitle } from '../shell.js';
import { emptyState, iconButton, loadError, page, pagedList, skeleton } from '../ui.js';

const LIMIT = 20;
const POLL_MS = 3000;
// The largest unit that divides the interval evenly names it: "every day", "every 6 hours".
const UNITS = [['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];

let view = null;

export function mount(root) {
  const start = Math.max(1, Number.parseInt(new URLSearchParams(location.search).get('page'), 10) || 1);
  view = { root, statusSerial: 0, starting: false, reported: null };
  view.notice = notice('backups-notice');
  view.status = el('div', { class: 'list-area', 'data-testid': 'backups-status' }, skeleton({ rows: 3 }));
  view.start = iconButton('archive', t('backups.start'), { testId: 'backups-start' });
  view.start.disabled = true;
  view.start.addEventListener('click', startBackup);
  view.list = pagedList({
    testId: 'backups-list',
    summaryTestId: 'backups-total',
    errorTestId: 'backups-list-error',
    count: 'backups.count',
    page: start,
    address: (n) => (n > 1 ? `/settings/backups?page=${n}` : '/settings/backups'),
    fetch: (n) => authedApi(`/api/v1/super-admin/backups?page=${n}&limit=${LIMIT}`),
    render: (items) => el('ul', { class: 'entries' }, ...items.map(row)),
    empty: () => emptyState({ icon: 'archive', title: t('backups.empty'), hint: t('backups.emptyHint'), testId: 'backups-empty' }),
  });
  root.replaceChildren(page('wide', pageTitle(t('backups.title')),
    el('a', { href: '/settings', class: 'back-link' }, icon('chevron-left', { size: 'sm' }), t('settings.back')),
    el('div', { class: 'page-head' },
      el('div', { class: 'page-intro stack' }, el('p', { 'data-testid': 'backups-intro' }, t('backups.intro')),
        el('p', {}, t('backups.restore'), ' ', el('code', { class: 'backup-command' }, t('backups.restoreCommand')))),
      view.start),
    view.notice,
    el('section', { class: 'card', 'data-testid': 'backups-page' }, view.status),
    el('section', { class: 'card card-flush', 'data-testid': 'backups-history' },
      el('div', { class: 'card-head' }, el('h2', {}, t('backups.history')), view.list.summary),
      view.list.area, view.list.pager)));
  loadStatus();
  loadList();
}

export function unmount() {
  clearTimeout(view?.poll);
  view?.list.stop();
  view = null;
}

const loadList = () => view?.list.load();

async function loadStatus() {
  const v = view;
  const mine = ++v.statusSerial;
  v.status.setAttribute('aria-busy', 'true');
  let status;
  try {
    status = await authedApi('/api/v1/super-admin/backups/status');
  } catch (e) {
    if (view !== v || mine !== v.statusSerial || e.status === 401) return;
    v.status.removeAttribute('aria-busy');
    v.status.replaceChildren(loadError(e, loadStatus, 'backups-status-error'));
    return;
  }
  if (view !== v || mine !== v.statusSerial) return;
  v.status.removeAttribute('aria-busy');
  // A scheduled backup is being written: look again until it is done, then show it in the list.
  clearTimeout(v.poll);
  if (status.running) v.poll = setTimeout(loadStatus, POLL_MS);
  else if (v.running) loadList();
  v.running = status.running;
  if (!v.starting) v.start.disabled = status.running;
  const last = status.lastRun;
  v.status.replaceChildren(...[
    !status.lastGoodBackup && el('p', { class: 'banner banner-warn', 'data-testid': 'backups-never' }, t('backups.never')),
    last?.status === 'failed' && last.id !== v.reported && el('p', { class: 'banner banner-bad', role: 'alert',
      'data-testid': 'backups-last-failed' }, t('backups.lastFailed', { time: formatDateTime(last.finishedAt), error: last.error })),
    status.running && el('p', { class: 'banner banner-note', 'data-testid': 'backups-running' }, t('backups.runningNow')),
    el('dl', { class: 'facts' },
      fact(t('backups.lastGood'), status.lastGoodBackup ? formatDateTime(status.lastGoodBackup) : t('backups.none'), 'backups-last-good'),
      fact(t('backups.schedule'), schedule(status), 'backups-schedule'),
      status.enabled && fact(t('backups.nextRun'), formatDateTime(status.nextRunAt), 'backups-next'),
      fact(t('backups.folder'), el('code', { class: 'backup-folder' }, status.directory), 'backups-folder')),
  ].filter(Boolean));
}

function schedule({ enabled, intervalSeconds, keep }) {
  if (!enabled) return t('backups.off');
  const [unit, seconds] = UNITS.find(([, s]) => intervalSeconds % s === 0);
  return t('backups.every', { interval: tn(`backups.interval.${unit}`, intervalSeconds / seconds), keeps: tn('backups.keeps', keep) });
}

// Backs up now. The server answers when the archive is written and verified, or has failed.
async function startBackup() {
  const v = view;
  v.starting = true;
  const idle = busy(v.start, t('backups.starting'));
  v.notice.say('note', t('backups.startingText'));
  let run = null;
  let error = null;
  try {
    run = await authedApi('/api/v1/super-admin/backups', { method: 'POST' });
  } catch (e) {
    error = e;
  }
  if (view !== v) return;
  v.starting = false;
  idle();
  if (error?.status === 401) {
    v.notice.clear();
    return;
  }
  if (error?.code === 'conflict') v.notice.say('warn', t('backups.busy'));
  else if (error) v.notice.say('bad', errorText(error));
  else if (run.status === 'ok') {
    v.notice.say('ok', t('backups.done', { file: run.fileName, size: byteSize(run.bytes) }));
  } else {
    v.reported = run.id;
    v.notice.say('bad', t('backups.failed', { error: run.error }));
  }
  v.list.page = 1;
  loadStatus();
  loadList();
}

function fact(label, value, testId) {
  return el('div', { class: 'row' }, el('dt', {}, label), el('dd', { 'data-testid': testId }, value));
}

// The server signs a one-minute link; the browser's own download then takes over, with its
// progress bar, and the archive never sits in this page's memory.
function downloadButton(run) {
  const button = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': 'backup-download' },
    t('backups.download'));
  button.addEventListener('click', async () => {
    const idle = busy(button, t('backups.downloading'));
    try {
      const link = await authedApi(`/api/v1/super-admin/backups/${encodeURIComponent(run.id)}/archive-link`,
        { method: 'POST' });
      const a = el('a', { href: link.url, download: run.fileName });
      a.click();
    } catch (e) {
      if (view && e.status !== 401) view.notice.say('bad', errorText(e));
    } finally {
      idle();
    }
  });
  return button;
}

function row(run) {
  const ok = run.status === 'ok';
  const details = [
    run.bytes != null && byteSize(run.bytes),
    run.prunedAt && t('backups.pruned', { time: formatDateTime(run.prunedAt) }),
  ].filter(Boolean).join(' · ');
  return el('li', { class: 'entry backup', 'data-testid': 'backup-row', 'data-status': run.status },
    el('div', { class: 'entry-main' },
      el('span', { class: 'entry-name', 'data-testid': 'backup-time' }, formatDateTime(run.startedAt)),
      run.fileName && el('code', { class: 'entry-sub', 'data-testid': 'backup-file' }, run.fileName),
      run.error && el('span', { class: 'entry-sub backup-error', 'data-testid': 'backup-error' }, run.error),
      ok && !run.prunedAt && downloadButton(run)),
    el('div', { class: 'entry-tags' },
      el('span', { class: 'tag', 'data-testid': 'backup-trigger' },
        t(run.trigger === 'manual' ? 'backups.trigger.manual' : 'backups.trigger.schedule')),
      el('span', { class: `tag ${ok ? 'tag-active' : 'tag-inactive'}`, 'data-testid': 'backup-status' },
        t(ok ? 'backups.status.ok' : 'backups.status.failed'))),
    details && el('p', { class: 'entry-more muted', 'data-testid': 'backup-details' }, details));
}
