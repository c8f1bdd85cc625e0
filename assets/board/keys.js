// The week grid by keyboard: one tab stop, and the arrow keys from there. Up and down walk a day's
// column (each cell, then the shifts in it), left and right go to the same place on the next
// day, Home and End to the week's first and last day. Enter opens a shift or adds one to a cell;
// Delete removes the focused shift (after asking).
const NAV = '[data-nav]';

const cellOf = (item) => (item.dataset.nav === 'cell' ? item : item.closest('.bg-cell'));
const cellAt = (root, user, date) =>
  root.querySelector(`[data-nav="cell"][data-user="${CSS.escape(user)}"][data-date="${CSS.escape(date)}"]`);
const itemsOfCell = (cell) => [cell, ...cell.querySelectorAll('[data-nav="shift"]')];

// A name for a focus stop that survives the grid being drawn again.
export function keyOf(item) {
  if (!item?.dataset?.nav) return null;
  return item.dataset.nav === 'shift' ? `shift:${item.dataset.shiftId}` : `cell:${item.dataset.user}|${item.dataset.date}`;
}

export function findByKey(root, key) {
  if (!key) return null;
  const [kind, rest] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  if (kind === 'shift') return root.querySelector(`[data-nav="shift"][data-shift-id="${CSS.escape(rest)}"]`);
  const [user, date] = rest.split('|');
  return cellAt(root, user, date);
}

export function gridKeys(grid, { onActivate, onDelete }) {
  const all = () => [...grid.querySelectorAll(NAV)];
  const dates = () => [...new Set(all().map((item) => cellOf(item).dataset.date))];

  function activate(item, focus = true) {
    if (!item) return;
    for (const other of grid.querySelectorAll(`${NAV}[tabindex="0"]`)) other.tabIndex = -1;
    item.tabIndex = 0;
    if (focus) item.focus();
  }

  // The same row on another day, at the same depth (the cell, or its n-th shift) where it can.
  function sideways(item, date) {
    const from = cellOf(item);
    const target = cellAt(grid, from.dataset.user, date);
    if (!target) return null;
    const depth = itemsOfCell(from).indexOf(item);
    const there = itemsOfCell(target);
    return there[Math.min(depth, there.length - 1)];
  }

  function next(item, key) {
    const days = dates();
    const day = days.indexOf(cellOf(item).dataset.date);
    if (key === 'ArrowLeft' || key === 'ArrowRight') {
      const to = days[day + (key === 'ArrowLeft' ? -1 : 1)];
      return to ? sideways(item, to) : null;
    }
    if (key === 'Home' || key === 'End') return sideways(cellOf(item), key === 'Home' ? days[0] : days.at(-1));
    const column = all().filter((x) => cellOf(x).dataset.date === days[day]);
    return column[column.indexOf(item) + (key === 'ArrowUp' ? -1 : 1)] || null;
  }

  grid.addEventListener('keydown', (event) => {
    const item = event.target.closest?.(NAV);
    if (!item || event.altKey || event.ctrlKey || event.metaKey) return;
    if (['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) {
      event.preventDefault();
      activate(next(item, event.key));
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onActivate(item);
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && item.dataset.nav === 'shift') {
      event.preventDefault();
      onDelete(item);
    }
  });
  // A click moves the tab stop too, so Tab returns to where one was.
  grid.addEventListener('focusin', (event) => {
    const item = event.target.closest?.(NAV);
    if (item && item.tabIndex !== 0) activate(item, false);
  });

  return {
    // The grid's tab stop: `key`'s item when it is still there, else today's (or the first) cell.
    settle(key, { focus = false } = {}) {
      const item = findByKey(grid, key) || grid.querySelector('.bg-cell.is-today') || grid.querySelector(NAV);
      activate(item, focus);
    },
  };
}
