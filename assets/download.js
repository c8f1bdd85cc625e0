// A file the API answers only with the access token (a CSV export): fetched with it, then saved
// under the name the server's Content-Disposition gives (else `fallbackName`). Throws an ApiError
// with the server's message when it refuses.
import { ApiError } from './api.js';
import { accessToken } from './auth.js';
import { el } from './forms.js';
import { lang } from './i18n.js';

export async function downloadFile(path, fallbackName) {
  const { token } = await accessToken();
  let response;
  try {
    response = await fetch(path, { headers: { Authorization: `Bearer ${token}`, 'Accept-Language': lang },
      credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'network', e.message);
  }
  if (!response.ok) {
    const error = (await response.json().catch(() => null))?.error || {};
    throw new ApiError(response.status, error.code || 'internal', error.message || response.statusText, error.fields);
  }
  const name = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') || '')?.[1] || fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
