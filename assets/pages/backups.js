// Backups, for the instance owner only: whether a good backup exists and when the next one runs,
// a backup by hand, and the history of runs. Each archive is written and read back by the server;
// what is shown here is what it recorded.
import { authedApi } from '../auth.js';
import { busy, el, errorText, notice, pager } from '../forms.js';
import { byteSize, dateTime, t, tn } from '../i18n.js';

const LIMIT = 20;
const POLL_MS = 3000;
// The largest unit that divides the interval evenly names it: "every day", "every 6 hours".
const UNITS = [['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];

let view = null;

export function mount(root) {
  const page = Math.max(1, Number.parseInt(new URLSearchParams(location.search).get('page'), 10) || 1);
  view = { root, page, statusSerial: 0, listSerial: 0, starting: false, reported: null };
  view.notice = notice('backups-notice');
  view.status = el('div', { class: 'list-area', 'data-testid': 'backups-status' },
    el('p', { class: 'muted' }, t('backups.loading')));
  view.start = el('button', { type: 'button', class: 'button', 'data-testid': 'backups-start', disabled: true },
    t('backups.start'));
  view.start.addEventListener('click', start);
  view.list = el('div', { class: 'list-area', 'data-testid': 'backups-list' },
    el('p', { class: 'muted' }, t('backups.historyLoading')));
  view.summary = el('p', { class: 'muted', 'data-testid': 'backups-total' });
  view.pager = el('div');
  root.replaceChildren(
    el('section', { class: 'card', 'data-testid': 'backups-page' },
      el('div', { class: 'page-head' }, el('h1', {}, t('backups.title')), view.start),
      el('p', { class: 'intro', 'data-testid': 'backups-intro' }, t('backups.intro')),
      el('p', { class: 'intro' }, t('backups.restore'), ' ', el('code', { class: 'backup-command' }, t('backups.restoreCommand'))),
      view.notice, view.status),
    el('section', { class: 'card', 'data-testid': 'backups-history' },
      el('h2', {}, t('backups.history')), view.summary, view.list, view.pager));
  loadStatus();
  loadList();
}

export function unmount() {
  clearTimeout(view?.poll);
  view = null;
}

function loadFailed(area, e, again, testId) {
  area.removeAttribute('aria-busy');
  const retry = el('button', { type: 'button', class: 'button' }, t('app.retry'));
  retry.addEventListener('click', again);
  area.replaceChildren(el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': testId }, errorText(e)), retry);
}

async function loadStatus() {
  const v = view;
  const mine = ++v.statusSerial;
  v.status.setAttribute('aria-busy', 'true');
  let status;
  try {
    status = await authedApi('/api/v1/super-admin/backups/status');
  } catch (e) {
    if (view !== v || mine !== v.statusSerial || e.status === 401) return;
    loadFailed(v.status, e, loadStatus, 'backups-status-error');
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
      'data-testid': 'backups-last-failed' }, t('backups.lastFailed', { time: dateTime(last.finishedAt), error: last.error })),
    status.running && el('p', { class: 'banner banner-note', 'data-testid': 'backups-running' }, t('backups.runningNow')),
    el('dl', { class: 'facts' },
      fact(t('backups.lastGood'), status.lastGoodBackup ? dateTime(status.lastGoodBackup) : t('backups.none'), 'backups-last-good'),
      fact(t('backups.schedule'), schedule(status), 'backups-schedule'),
      status.enabled && fact(t('backups.nextRun'), dateTime(status.nextRunAt), 'backups-next'),
      fact(t('backups.folder'), el('code', { class: 'backup-folder' }, status.directory), 'backups-folder')),
  ].filter(Boolean));
}

function schedule({ enabled, intervalSeconds, keep }) {
  if (!enabled) return t('backups.off');
  const [unit, seconds] = UNITS.find(([, s]) => intervalSeconds % s === 0);
  return t('backups.every', { interval: tn(`backups.interval.${unit}`, intervalSeconds / seconds), keeps: tn('backups.keeps', keep) });
}

async function loadList() {
  const v = view;
  const mine = ++v.listSerial;
  history.replaceState(null, '', v.page > 1 ? `/settings/backups?page=${v.page}` : '/settings/backups');
  v.list.setAttribute('aria-busy', 'true');
  let data;
  try {
    data = await authedApi(`/api/v1/super-admin/backups?page=${v.page}&limit=${LIMIT}`);
  } catch (e) {
    if (view !== v || mine !== v.listSerial || e.status === 401) return;
    loadFailed(v.list, e, loadList, 'backups-list-error');
    return;
  }
  if (view !== v || mine !== v.listSerial) return;
  v.list.removeAttribute('aria-busy');
  v.summary.textContent = data.total ? tn('backups.count', data.total) : '';
  v.list.replaceChildren(data.items.length
    ? el('ul', { class: 'entries' }, ...data.items.map(row))
    : el('p', { class: 'empty', 'data-testid': 'backups-empty' }, t('backups.empty')));
  v.pager.replaceChildren(data.total > LIMIT || v.page > 1 ? pager(data, (page) => {
    v.page = page;
    loadList();
  }) : '');
}

// Backs up now. The server answers when the archive is written and verified, or has failed.
async function start() {
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
  v.page = 1;
  loadStatus();
  loadList();
}

function fact(label, value, testId) {
  return el('div', { class: 'row' }, el('dt', {}, label), el('dd', { 'data-testid': testId }, value));
}

// The server signs a one-minute link; the browser's own download then takes over, with its
// progress bar, and the archive never sits in this page's memory.
function downloadButton(run) {
  const button = el('button', { type: 'button', class: 'button button-quiet button-small', 'data-testid': 'backup-download' },
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
    run.prunedAt && t('backups.pruned', { time: dateTime(run.prunedAt) }),
  ].filter(Boolean).join(' · ');
  return el('li', { class: 'entry backup', 'data-testid': 'backup-row', 'data-status': run.status },
    el('div', { class: 'entry-main' },
      el('span', { class: 'entry-name', 'data-testid': 'backup-time' }, dateTime(run.startedAt)),
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
