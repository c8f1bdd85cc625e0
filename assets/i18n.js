// The one i18n function of the UI: t(key, vars) in the browser's language (en or nl).
const catalogs = {
  en: {
    'status.title': 'System status',
    'status.loading': 'Checking the server…',
    'status.ok': 'Everything is running',
    'status.problem': 'The server reports a problem',
    'status.unreachable': 'The server cannot be reached',
    'status.version': 'Version',
    'status.database': 'Database',
    'status.storage': 'Storage engine',
    'status.synchronous': 'Durability (synchronous)',
    'status.queue': 'Writes waiting',
    'status.batches': 'Group commits',
    'status.lastBatch': 'Jobs in last group commit',
    'status.committed': 'Writes committed',
    'status.failed': 'Writes failed',
    'status.aborted': 'Group commits aborted',
    'status.readers': 'Read connections (idle / total)',
    'status.updated': 'Updated {time}',
    'status.retry': 'Check again',
    'notfound.title': 'Page not found',
    'notfound.back': 'Back to the start page',
  },
  nl: {
    'status.title': 'Systeemstatus',
    'status.loading': 'De server wordt gecontroleerd…',
    'status.ok': 'Alles draait',
    'status.problem': 'De server meldt een probleem',
    'status.unreachable': 'De server is niet bereikbaar',
    'status.version': 'Versie',
    'status.database': 'Database',
    'status.storage': 'Opslag',
    'status.synchronous': 'Duurzaamheid (synchronous)',
    'status.queue': 'Wachtende schrijfacties',
    'status.batches': 'Groepscommits',
    'status.lastBatch': 'Taken in laatste groepscommit',
    'status.committed': 'Vastgelegde schrijfacties',
    'status.failed': 'Mislukte schrijfacties',
    'status.aborted': 'Afgebroken groepscommits',
    'status.readers': 'Leesverbindingen (vrij / totaal)',
    'status.updated': 'Bijgewerkt {time}',
    'status.retry': 'Opnieuw controleren',
    'notfound.title': 'Pagina niet gevonden',
    'notfound.back': 'Terug naar de startpagina',
  },
};

export const lang = (navigator.languages || [navigator.language || 'en'])
  .map((l) => l.slice(0, 2).toLowerCase())
  .find((l) => l in catalogs) || 'en';

document.documentElement.lang = lang;

export function t(key, vars = {}) {
  const text = catalogs[lang][key] ?? catalogs.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));
}
