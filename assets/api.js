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
  return unwrap(response.status, response.statusText, payload, response.headers.get('Retry-After'));
}

// An answer's data, or its error envelope thrown as ApiError (also for uploads sent by XHR).
export function unwrap(status, statusText, payload, retryAfter = null) {
  if (status < 200 || status >= 300 || !payload || payload.success !== true) {
    const error = payload?.error || {};
    const wait = Number.parseInt(retryAfter, 10);
    throw new ApiError(status, error.code || 'internal', error.message || statusText, error.fields,
      Number.isFinite(wait) ? wait : null, error.conflicts);
  }
  return payload.data;
}
