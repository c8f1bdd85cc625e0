// The reasons of a shift's conflicts beside it, while the pointer rests on it or it has the
// keyboard's focus: one floating note for the whole board, placed above the block (below when
// there is no room). Touch screens open the shift instead, whose editor lists them.
import { el } from '../forms.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';

const GAP = 8;

export function conflictTooltip(container, shiftOf) {
  const note = el('div', { class: 'board-tooltip', role: 'tooltip', id: 'board-tooltip', 'data-testid': 'board-tooltip',
    hidden: true });
  document.body.append(note);
  let current = null;

  function show(block) {
    const shift = shiftOf(block.dataset.shiftId);
    if (!shift?.conflicts.length) return;
    current = block;
    note.replaceChildren(...shift.conflicts.map((c) => el('p', { class: 'board-tooltip-line' },
      icon('triangle-alert', { size: 'sm' }), el('span', {}, c.message))),
    el('p', { class: 'board-tooltip-hint' }, t('board.conflictHint')));
    note.hidden = false;
    const box = block.getBoundingClientRect();
    const size = note.getBoundingClientRect();
    const left = Math.min(Math.max(GAP, box.left), window.innerWidth - size.width - GAP);
    const above = box.top - size.height - GAP;
    note.style.left = `${left}px`;
    note.style.top = `${above >= GAP ? above : box.bottom + GAP}px`;
  }
  function hide(block) {
    if (block && block !== current) return;
    current = null;
    note.hidden = true;
  }
  const blockOf = (event) => event.target.closest?.('.board-shift.is-conflict');
  container.addEventListener('mouseover', (event) => {
    const block = blockOf(event);
    if (block && block !== current) show(block);
    else if (!block) hide();
  });
  container.addEventListener('mouseleave', () => hide());
  container.addEventListener('focusin', (event) => {
    const block = blockOf(event);
    if (block) show(block);
    else hide();
  });
  container.addEventListener('focusout', (event) => hide(blockOf(event)));
  container.addEventListener('dragstart', () => hide());
  const onScroll = () => hide();
  window.addEventListener('scroll', onScroll, { capture: true, passive: true });
  return {
    hide: () => hide(),
    remove() {
      window.removeEventListener('scroll', onScroll, { capture: true });
      note.remove();
    },
  };
}
