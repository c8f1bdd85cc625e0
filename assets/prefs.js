// The preferences the interface itself honours, kept in the user's server-side preferences and
// remembered on each device (localStorage), so a page load starts right before anyone is signed
// in: `uiLanguage` ('auto' | 'en' | 'nl', see i18n.js) and `compactTables` (tighter list rows).
import { authedApi } from './auth.js';
import { rememberUiLanguage } from './i18n.js';

export const UI_LANGUAGES = ['auto', 'en', 'nl'];
const COMPACT_KEY = 'staffroom.compactTables';

function storedCompact() {
  try {
    return localStorage.getItem(COMPACT_KEY) === 'true';
  } catch {
    return false;
  }
}

export const compactTables = () => document.body.classList.contains('compact');

export function applyCompact(on) {
  document.body.classList.toggle('compact', on);
  try {
    if (on) localStorage.setItem(COMPACT_KEY, 'true');
    else localStorage.removeItem(COMPACT_KEY);
  } catch {
    // Storage blocked: this page still shows it; the next load starts without.
  }
}

// At start-up, before the first page is shown.
export function applyStoredPreferences() {
  document.body.classList.toggle('compact', storedCompact());
}

// Takes over the server's preferences on this device; answers whether the interface language
// changed (the page must load again to speak it).
export function adoptPreferences(preferences) {
  applyCompact(preferences?.compactTables === true);
  const language = UI_LANGUAGES.includes(preferences?.uiLanguage) ? preferences.uiLanguage : 'auto';
  return rememberUiLanguage(language);
}

// After signing in. Without an answer this device keeps what it remembered.
export async function loadPreferences() {
  try {
    return adoptPreferences(await authedApi('/api/v1/auth/me/preferences'));
  } catch {
    return false;
  }
}

// The interface language chosen in the person's menu: saved with the account, then remembered
// here. Answers whether the page must load again to speak it; throws when the server refused.
export async function saveUiLanguage(choice) {
  return adoptPreferences(await authedApi('/api/v1/auth/me/preferences', { method: 'PUT', body: { uiLanguage: choice } }));
}
