// Line icons from one sprite of vendored Lucide icons (icons/sprite.svg, ISC licence in
// icons/LICENSE). An icon is decoration unless it is given a label.
//
// The sprite is read once and its symbols put into the page, so an icon refers inside the page:
// pages that draw often (chat) cost no request per drawing, and icons drawn while the network
// is away still show. An icon drawn before the sprite arrived shows as soon as it has.
const SVG = 'http://www.w3.org/2000/svg';
const SPRITE = '/assets/icons/sprite.svg';

let sprite = null;

function loadSprite() {
  sprite ??= fetch(SPRITE, { credentials: 'same-origin' })
    .then((response) => (response.ok ? response.text() : Promise.reject(new Error(response.statusText))))
    .then((text) => {
      const parsed = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
      if (parsed.nodeName !== 'svg') throw new Error('not an SVG');
      const holder = document.importNode(parsed, true);
      // Prefixed, so no symbol can meet an element of a page with the same id.
      for (const symbol of holder.querySelectorAll('symbol[id]')) symbol.id = `icon-${symbol.id}`;
      holder.setAttribute('class', 'icon-sprite');
      holder.setAttribute('aria-hidden', 'true');
      holder.setAttribute('focusable', 'false');
      document.body.prepend(holder);
    })
    .catch(() => {
      sprite = null; // the next icon asks again
    });
  return sprite;
}

// `name` is a symbol id in the sprite (house, users, settings, …); `size` 'sm' | 'lg' or none.
export function icon(name, { label, size } = {}) {
  loadSprite();
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', size ? `icon icon-${size}` : 'icon');
  svg.setAttribute('viewBox', '0 0 24 24');
  if (label) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
  } else {
    svg.setAttribute('aria-hidden', 'true');
  }
  svg.setAttribute('focusable', 'false');
  const use = document.createElementNS(SVG, 'use');
  use.setAttribute('href', `#icon-${name}`);
  svg.append(use);
  return svg;
}
