// The files a message carries: a picture shows as a preview in the message (a click opens it
// large, with a download link), any other file as a chip that downloads it. Links are signed and
// short-lived, so they are asked for as they are needed: an image's once a day (kept in memory),
// another file's when it is clicked.
import { download, fileLink, isImage, keptLink } from '../files.js';
import { el } from '../forms.js';
import { byteSize, t } from '../i18n.js';
import { icon } from '../icons.js';
import { toast } from '../ui.js';

const PREVIEW_WIDTH = 280;
const PREVIEW_HEIGHT = 240;

// Pictures seen before, by fileId → [width, height]: drawn again (a row redrawn when its message
// settles) at their size at once, so nothing below them moves.
const sizes = new Map();

export function attachmentList(attachments) {
  if (!attachments?.length) return null;
  const images = attachments.filter((a) => isImage(a.contentType));
  const others = attachments.filter((a) => !isImage(a.contentType));
  return el('div', { class: 'chat-attachments', 'data-testid': 'chat-attachments' },
    images.length > 0 && el('div', { class: 'chat-images' }, ...images.map(preview)),
    others.length > 0 && el('div', { class: 'chat-file-chips' }, ...others.map(fileChip)));
}

function fit(img, [width, height]) {
  const scale = Math.min(1, PREVIEW_WIDTH / width, PREVIEW_HEIGHT / height);
  img.style.width = `${Math.max(1, Math.round(width * scale))}px`;
  img.style.aspectRatio = `${width} / ${height}`;
  img.classList.remove('is-loading');
}

function preview(a) {
  const img = el('img', { class: 'chat-image-img is-loading', alt: a.name, loading: 'lazy', decoding: 'async',
    'data-testid': 'chat-image' });
  const button = el('button', { type: 'button', class: 'chat-image', 'data-testid': 'chat-attachment-image',
    'data-file-id': a.fileId, 'aria-label': t('chat.openImage', { name: a.name }), title: a.name }, img);
  if (sizes.has(a.fileId)) fit(img, sizes.get(a.fileId));
  img.addEventListener('load', () => {
    const size = [img.naturalWidth, img.naturalHeight];
    sizes.set(a.fileId, size);
    fit(img, size);
  });
  const broken = () => {
    img.classList.add('is-broken');
    button.disabled = true;
  };
  img.addEventListener('error', broken);
  const show = (link) => {
    img.src = link.thumbnailUrl || link.url;
  };
  const kept = keptLink(a.fileId);
  if (kept) show(kept);
  else fileLink(a.fileId, { image: true }).then(show, broken);
  button.addEventListener('click', () => lightbox(a, button));
  return button;
}

function fileChip(a) {
  const button = el('button', { type: 'button', class: 'chat-attachment-file', 'data-testid': 'chat-attachment-file',
    'data-file-id': a.fileId, 'aria-label': t('chat.downloadFile', { name: a.name, size: byteSize(a.size) }) },
  el('span', { class: 'chat-attachment-icon' }, icon('file-text')),
  el('span', { class: 'chat-attachment-text' },
    el('span', { class: 'chat-attachment-name' }, a.name),
    el('span', { class: 'chat-attachment-size' }, byteSize(a.size))),
  icon('download', { size: 'sm' }));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const link = await fileLink(a.fileId);
      download(link.url, a.name);
    } catch (e) {
      if (e.status !== 401) toast(t('chat.fileUnavailable'), { kind: 'bad', testId: 'chat-toast' });
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

// The picture as large as the window allows; Escape or a click closes it, focus goes back.
async function lightbox(a, from) {
  let link;
  try {
    link = await fileLink(a.fileId, { image: true });
  } catch (e) {
    if (e.status !== 401) toast(t('chat.fileUnavailable'), { kind: 'bad', testId: 'chat-toast' });
    return;
  }
  const close = el('button', { type: 'button', class: 'chat-lightbox-close', 'aria-label': t('chat.close'),
    'data-testid': 'chat-lightbox-close' }, icon('x'));
  const save = el('a', { class: 'button button-secondary button-small', href: link.url, download: a.name,
    'data-testid': 'chat-lightbox-download' }, icon('download', { size: 'sm' }), t('chat.download'));
  const dialog = el('dialog', { class: 'chat-lightbox', 'aria-label': a.name, 'data-testid': 'chat-lightbox' },
    el('img', { class: 'chat-lightbox-img', src: link.url, alt: a.name }),
    el('div', { class: 'chat-lightbox-bar' },
      el('span', { class: 'chat-lightbox-name' }, a.name, el('span', { class: 'chat-lightbox-size' }, byteSize(a.size))),
      save, close));
  dialog.addEventListener('click', (event) => {
    if (!event.target.closest('a')) dialog.close();
  });
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (from.isConnected) from.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}
