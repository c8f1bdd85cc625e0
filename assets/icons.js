// Line icons from one sprite of vendored Lucide icons (icons/sprite.svg, ISC licence in
// icons/LICENSE). An icon is decoration unless it is given a label.
const SVG = 'http://www.w3.org/2000/svg';
const SPRITE = '/assets/icons/sprite.svg';

// `name` is a symbol id in the sprite (house, users, settings, …); `size` 'sm' | 'lg' or none.
export function icon(name, { label, size } = {}) {
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
  use.setAttribute('href', `${SPRITE}#${name}`);
  svg.append(use);
  return svg;
}
