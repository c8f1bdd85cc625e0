// Files on the server, for chat's attachments and the profile picture: an upload is announced
// (presign) and its bytes go by one PUT to the signed URL the answer names — by XMLHttpRequest,
// since fetch reports no upload progress; a stored file is read through a signed link.
import { ApiError, unwrap } from './api.js';
import { authedApi } from './auth.js';
import { errorText } from './forms.js';
import { byteSize, lang, t } from './i18n.js';

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];
// What the server takes without an operator's additions (it has the last word).
export const FILE_TYPES = [...IMAGE_TYPES, 'application/pdf', 'text/plain'];
export const isImage = (type) => IMAGE_TYPES.includes(String(type || '').toLowerCase());

// The largest upload the server allows, once an answer has said.
let maxSize = null;

// Sends `file`; `onProgress(fraction)` while its bytes go; `signal` aborts. Answers the stored
// file as a message carries it: {fileId, name, contentType, size}. Throws an ApiError with
// `stage` 'presign' or 'upload'; uploadProblem() says it in words.
export async function uploadFile(file, { onProgress, signal } = {}) {
  const contentType = file.type || 'application/octet-stream';
  if (maxSize !== null && file.size > maxSize) throw stage(new ApiError(413, 'payload_too_large', ''), 'presign');
  let presigned;
  try {
    presigned = await authedApi('/api/v1/files/presign', { method: 'POST',
      body: { key: file.name || 'file', contentType, size: file.size } });
  } catch (e) {
    throw stage(e, 'presign');
  }
  maxSize = presigned.maxSize ?? maxSize;
  if (signal?.aborted) throw stage(new ApiError(0, 'aborted', ''), 'upload');
  const stored = await put(presigned, file, { onProgress, signal });
  return { fileId: presigned.fileId, name: stored.name, contentType: stored.contentType, size: stored.size ?? file.size };
}

function stage(error, name) {
  error.stage = name;
  return error;
}

function put(presigned, file, { onProgress, signal }) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(presigned.method || 'PUT', presigned.uploadUrl);
    for (const [name, value] of Object.entries(presigned.headers || {})) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', lang);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      let payload = null;
      try {
        payload = JSON.parse(xhr.responseText);
      } catch {
        // not the envelope: a proxy's page
      }
      try {
        const stored = unwrap(xhr.status, xhr.statusText, payload);
        onProgress?.(1);
        resolve(stored);
      } catch (e) {
        reject(stage(e, 'upload'));
      }
    });
    xhr.addEventListener('error', () => reject(stage(new ApiError(0, 'network', 'network'), 'upload')));
    xhr.addEventListener('abort', () => reject(stage(new ApiError(0, 'aborted', ''), 'upload')));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

export const aborted = (error) => error?.code === 'aborted';

// What went wrong with an upload, for people. `imagesOnly`: the profile picture's wording.
export function uploadProblem(error, { imagesOnly = false } = {}) {
  if (error.status === 413) return maxSize ? t('upload.tooLargeMax', { max: byteSize(maxSize) }) : t('upload.tooLarge');
  if (error.status === 415) {
    if (error.stage === 'upload') return t('upload.notThatType');
    return imagesOnly ? t('upload.imagesOnly') : t('upload.typeRefused');
  }
  if (error.status === 403 && error.stage === 'upload') return t('upload.expired');
  // 409: the workplace's storage is full, or the file went up already — the server says which.
  return errorText(error);
}

// ---- signed links -------------------------------------------------------------------------------

const EARLY_MS = 60_000;
const links = new Map(); // fileId → {answer, until} of an image

// {url, expiresAt, thumbnailUrl?} of a stored file, for an <img> or a download without the token.
// An image's link lasts a day and is kept here until shortly before then; another file's lasts a
// minute, so it is asked for when it is opened.
export async function fileLink(fileId, { image = false } = {}) {
  const kept = links.get(fileId);
  if (kept && kept.until > Date.now()) return kept.answer;
  const answer = await authedApi(`/api/v1/files/${encodeURIComponent(fileId)}/link`);
  if (image) links.set(fileId, { answer, until: Date.parse(answer.expiresAt) - EARLY_MS });
  return answer;
}

// The image link already at hand (no request), or null.
export function keptLink(fileId) {
  const kept = links.get(fileId);
  return kept && kept.until > Date.now() ? kept.answer : null;
}

// Opens a download of `url` (the server sends non-images as attachments, so the page stays).
export function download(url, name) {
  const a = document.createElement('a');
  a.href = url;
  a.download = name || '';
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}
