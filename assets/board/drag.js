// Dragging a shift to another person or day moves it; holding Alt (or Ctrl / ⌘) at the drop copies
// it instead. The cell under the pointer shows where it will land and whether as a copy.
const wantsCopy = (event) => event.altKey || event.ctrlKey || event.metaKey;

// `onDrop({shiftId, userId, date, copy, block, cell})`: userId null = the open shifts row.
export function shiftDragging(grid, { onDrop }) {
  let dragged = null;
  let target = null;

  function mark(cell, copy) {
    if (target && target !== cell) target.classList.remove('is-drop', 'is-drop-copy');
    target = cell;
    cell?.classList.add('is-drop');
    cell?.classList.toggle('is-drop-copy', Boolean(copy));
  }
  function finish() {
    mark(null);
    dragged?.classList.remove('is-dragging');
    grid.classList.remove('is-dragging');
    dragged = null;
  }

  grid.addEventListener('dragstart', (event) => {
    const block = event.target.closest?.('.board-shift[draggable="true"]');
    if (!block) return;
    dragged = block;
    event.dataTransfer.effectAllowed = 'copyMove';
    event.dataTransfer.setData('text/plain', block.dataset.shiftId);
    // After the browser took its picture of the block: the original fades while it travels.
    requestAnimationFrame(() => block.classList.add('is-dragging'));
    grid.classList.add('is-dragging');
  });
  grid.addEventListener('dragover', (event) => {
    const cell = event.target.closest?.('.bg-cell');
    if (!dragged || !cell) return;
    event.preventDefault();
    const copy = wantsCopy(event);
    event.dataTransfer.dropEffect = copy ? 'copy' : 'move';
    mark(cell, copy);
  });
  grid.addEventListener('dragleave', (event) => {
    if (target && !target.contains(event.relatedTarget)) mark(null);
  });
  grid.addEventListener('drop', (event) => {
    const cell = event.target.closest?.('.bg-cell');
    if (!dragged || !cell) return;
    event.preventDefault();
    const block = dragged;
    const copy = wantsCopy(event);
    finish();
    if (!copy && block.closest('.bg-cell') === cell) return;
    onDrop({ shiftId: block.dataset.shiftId, userId: cell.dataset.user || null, date: cell.dataset.date, copy, block, cell });
  });
  grid.addEventListener('dragend', finish);
}
