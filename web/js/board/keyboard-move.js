// Moving cards without a mouse: Alt+arrow keys on a focused card, and the
// "Verplaatsen" dialog (choose a column and a place). Both only work out
// where the person wants the card to go; the board sends board.card.update
// and takes the resulting order from the server.

import { h, uid } from '../core/dom.js';
import { field } from '../core/ui.js';

export const MOVE_HINT = 'Verplaats een kaart met Alt+Pijl links of Alt+Pijl rechts naar een andere kolom, '
  + 'met Alt+Pijl omhoog of Alt+Pijl omlaag binnen de kolom, of met de knop “Verplaatsen”. '
  + 'Slepen met de muis kan ook.';

/**
 * Where Alt+arrow takes a card: { column, position } (position counted
 * without the card itself), or { edge: text } when it cannot go further, or
 * null for other keys.
 */
export function keyTarget(store, cardId, ev) {
  if (!ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return null;
  const place = store.placeOf(cardId);
  if (!place) return null;
  const columns = store.sortedColumns();
  const col = columns.findIndex((c) => c.id === place.column);
  switch (ev.key) {
    case 'ArrowUp':
      if (place.index <= 0) return { edge: 'De kaart staat al bovenaan in deze kolom.' };
      return { column: place.column, position: place.index - 1 };
    case 'ArrowDown':
      if (place.index >= place.count - 1) return { edge: 'De kaart staat al onderaan in deze kolom.' };
      return { column: place.column, position: place.index + 1 };
    case 'ArrowLeft':
    case 'ArrowRight': {
      const next = columns[col + (ev.key === 'ArrowLeft' ? -1 : 1)];
      if (!next) return { edge: ev.key === 'ArrowLeft' ? 'De kaart staat al in de eerste kolom.' : 'De kaart staat al in de laatste kolom.' };
      // Keep the same row where the other column has room for it.
      return { column: next.id, position: Math.min(place.index, store.cardsIn(next.id).length) };
    }
    default:
      return null;
  }
}

/**
 * "Verplaatsen": a dialog with the column and the place in it. Resolves with
 * { column, position } or null when cancelled (or when nothing changes).
 */
export function moveDialog(store, card) {
  return new Promise((resolve) => {
    const place = store.placeOf(card.id);
    const columns = store.sortedColumns();
    const titleId = uid('dialog-title');
    const column = field({ label: 'Naar kolom', name: 'move-column', options: columns.map((c) => [c.id, c.title]), value: card.column });
    const position = field({ label: 'Plaats in de kolom', name: 'move-position', options: [] });
    function fillPositions() {
      const target = column.input.value;
      const others = store.cardsIn(target).filter((c) => c.id !== card.id);
      const options = [];
      for (let i = 0; i <= others.length; i += 1) {
        let text;
        if (i === 0) text = others.length ? `1 (bovenaan, boven “${others[0].title}”)` : '1';
        else if (i === others.length) text = `${i + 1} (onderaan, onder “${others[i - 1].title}”)`;
        else text = `${i + 1} (tussen “${others[i - 1].title}” en “${others[i].title}”)`;
        options.push(h('option', { value: String(i) }, text));
      }
      position.input.replaceChildren(...options);
      const current = target === card.column && place ? place.index : others.length;
      position.input.value = String(Math.min(current, others.length));
    }
    fillPositions();
    column.input.addEventListener('change', fillPositions);
    const cancel = h('button', { type: 'button', class: 'button secondary' }, 'Annuleren');
    const ok = h('button', { type: 'submit', class: 'button primary' }, 'Verplaatsen');
    const form = h('form', { method: 'dialog', novalidate: true },
      column.el,
      position.el,
      h('div', { class: 'actions' }, cancel, ok));
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId },
      h('h2', { id: titleId }, `“${card.title}” verplaatsen`),
      form);
    const opener = document.activeElement;
    let result = null;
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const target = { column: column.input.value, position: Number(position.input.value) };
      if (!(place && target.column === place.column && target.position === place.index)) result = target;
      dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
    column.input.focus();
  });
}
