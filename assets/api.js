// The one API client: JSON in and out, the envelope unwrapped, errors thrown as ApiError.
import { lang } from './i18n.js';

export class ApiError extends Error {
  constructor(status, code, message, fields, retryAfter = null, conflicts = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields || {};
    this.retryAfter = retryAfter; // seconds, from a 429's or 503's Retry-After
    this.conflicts = conflicts || []; // a refused scheduling write: [{code, message}]
  }
}

// `headers` adds to the defaults; auth.js uses it for the Bearer token and the refresh CSRF header.
export async function api(path, { method = 'GET', body, headers: extra = {} } = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': lang, ...extra };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(0, 'network', e.message);
  }
  const payload = await response.json().catch(() => null);
  if (!response.ok || !payload || payload.success !== true) {
    const error = payload?.error || {};
    const wait = Number.parseInt(response.headers.get('Retry-After'), 10);
    throw new ApiError(response.status, error.code || 'internal', error.message || response.statusText, error.fields,
      Number.isFinite(wait) ? wait : null, error.conflicts);
  }
  return payload.data;
}
