// The knowledge board of one session page, as the client knows it: columns in
// session order and the cards of each column in order. Snapshots, answers and
// events all go through here; the board view listens for changes. Pure (no DOM).
//
// Orders come from the server: the snapshot's positions, and the `order`
// (cards) and `columns` (columns) lists that every board event carries. An
// answer without such a list places the object at the position the server gave
// it, until the event brings the complete order.

import { byPosition, inOrder, insertAt, isOlder } from '../core/ordering.js';
import { createEmitter } from '../core/emitter.js';

/** True when a post's text may be quoted on a card (PROTOCOL.md, Knowledge board). */
export function isQuotable(post) {
  return post.state === 'visible' && !post.whisper && typeof post.body === 'string';
}

export function createBoardStore() {
  const events = createEmitter('board store');
  const store = {
    columns: new Map(), // id -> column
    columnOrder: [], // column ids, left to right
    cards: new Map(), // id -> card
    orders: new Map(), // column id -> [card id…], top to bottom
    loaded: false,

    ...events,

    /**
     * Replaces everything with a snapshot's board: `{columns:[…], cards:[…]}`
     * (columns may also carry their cards as `cards`).
     */
    reset(board) {
      const columns = Array.isArray(board?.columns) ? board.columns : [];
      const cards = Array.isArray(board?.cards) ? [...board.cards] : [];
      for (const column of columns) {
        if (Array.isArray(column.cards)) cards.push(...column.cards.map((c) => ({ column: column.id, ...c })));
      }
      store.columns = new Map();
      for (const column of columns) {
        const { cards: _ignored, ...rest } = column;
        store.columns.set(column.id, rest);
      }
      store.columnOrder = [...store.columns.values()].sort(byPosition).map((c) => c.id);
      store.cards = new Map(cards.filter((c) => c && c.id !== undefined).map((c) => [c.id, { ...c }]));
      store.orders = new Map(store.columnOrder.map((id) => [id, []]));
      for (const card of [...store.cards.values()].sort(byPosition)) {
        if (!store.orders.has(card.column)) store.orders.set(card.column, []);
        store.orders.get(card.column).push(card.id);
      }
      store.loaded = true;
      store.emit({ type: 'reset' });
    },

    // ---- Columns ----

    column(id) {
      return store.columns.get(id) || null;
    },

    /** Columns left to right (columns not named in the order go last, by position). */
    sortedColumns() {
      return inOrder(store.columnOrder, store.columns);
    },

    /**
     * Adds or updates a column (an older version is ignored). `columns` is the
     * complete order from an event or answer.
     */
    setColumn(column, { columns } = {}) {
      if (!column || column.id === undefined) return false;
      const old = store.columns.get(column.id);
      if (isOlder(column, old)) return false;
      store.columns.set(column.id, { ...(old || {}), ...column });
      if (!store.orders.has(column.id)) store.orders.set(column.id, []);
      if (Array.isArray(columns)) store.columnOrder = columns.map(String);
      else if (!store.columnOrder.includes(column.id)) store.columnOrder = insertAt(store.columnOrder, column.id, column.position);
      else if (old && old.position !== column.position) store.columnOrder = insertAt(store.columnOrder, column.id, column.position);
      store.emit({ type: 'column', column: store.columns.get(column.id), isNew: !old });
      return true;
    },

    /** Removes a column (column.deleted); `columns` is the order of those left. */
    removeColumn(id, { columns } = {}) {
      const had = store.columns.delete(id);
      store.orders.delete(id);
      if (Array.isArray(columns)) store.columnOrder = columns.map(String);
      else store.columnOrder = store.columnOrder.filter((x) => x !== id);
      if (had) store.emit({ type: 'column-removed', column: id });
      return had;
    },

    // ---- Cards ----

    card(id) {
      return store.cards.get(id) || null;
    },

    /** The cards of a column, top to bottom. */
    cardsIn(columnId) {
      const ids = store.orders.get(columnId) || [];
      const seen = new Set();
      const result = [];
      for (const id of ids) {
        const card = store.cards.get(id);
        if (card && card.column === columnId && !seen.has(id)) {
          seen.add(id);
          result.push(card);
        }
      }
      // A card whose column says so but whose order has not arrived yet.
      const rest = [...store.cards.values()].filter((c) => c.column === columnId && !seen.has(c.id)).sort(byPosition);
      for (const card of rest) {
        const index = typeof card.position === 'number' ? Math.min(card.position, result.length) : result.length;
        result.splice(index, 0, card);
      }
      return result;
    },

    /** Where a card is: { column, index, count }, or null. */
    placeOf(cardId) {
      const card = store.cards.get(cardId);
      if (!card) return null;
      const cards = store.cardsIn(card.column);
      return { column: card.column, index: cards.findIndex((c) => c.id === cardId), count: cards.length };
    },

    /** Applies `order` ({column id: [card id…]}) from an event or answer. */
    applyOrder(order) {
      if (!order || typeof order !== 'object') return;
      for (const [columnId, ids] of Object.entries(order)) {
        if (Array.isArray(ids)) store.orders.set(String(columnId), ids.map(String));
      }
    },

    /**
     * Adds or updates a card. A card older than the one we have is ignored
     * (with its order); `order` from the same event or answer is applied.
     * Returns true when something changed.
     */
    setCard(card, { order } = {}) {
      if (!card || card.id === undefined) return false;
      const old = store.cards.get(card.id);
      if (isOlder(card, old)) return false;
      const next = { ...(old || {}), ...card };
      store.cards.set(card.id, next);
      if (old && old.column !== next.column && store.orders.has(old.column)) {
        store.orders.set(old.column, store.orders.get(old.column).filter((x) => x !== card.id));
      }
      const list = store.orders.get(next.column) || [];
      if (!list.includes(card.id) || (old && old.position !== next.position)) {
        store.orders.set(next.column, insertAt(list, card.id, next.position));
      }
      store.applyOrder(order);
      store.emit({ type: 'card', card: next, isNew: !old, moved: Boolean(old) && (old.column !== next.column || old.position !== next.position) });
      return true;
    },

    /** Applies an order on its own (an event whose card we already have). */
    setOrder(order) {
      if (!order || typeof order !== 'object') return;
      store.applyOrder(order);
      store.emit({ type: 'order' });
    },

    /** Removes a card (card.deleted, or the answer to one's own delete). */
    removeCard(id, { order } = {}) {
      const old = store.cards.get(id);
      store.cards.delete(id);
      if (old && store.orders.has(old.column)) store.orders.set(old.column, store.orders.get(old.column).filter((x) => x !== id));
      store.applyOrder(order);
      if (old) store.emit({ type: 'card-removed', card: old });
      return Boolean(old);
    },

    /** The cards made from a post. */
    cardsFromPost(postId) {
      return [...store.cards.values()].filter((c) => c.source_post && c.source_post.id === postId);
    },

    /**
     * A post changed (edited, hidden, redacted, restored, deleted): the cards
     * quoting it follow. The quote is there only while the post is visible.
     * Returns true when a card changed.
     */
    updateSourcePost(post) {
      if (!post || post.id === undefined) return false;
      let changed = false;
      for (const card of store.cardsFromPost(post.id)) {
        const source = { ...card.source_post, state: post.state };
        if (post.author_label) source.author_label = post.author_label;
        if (isQuotable(post)) source.quote = post.body;
        else delete source.quote;
        const before = card.source_post;
        if (before.state === source.state && before.quote === source.quote && before.author_label === source.author_label) continue;
        const next = { ...card, source_post: source };
        store.cards.set(card.id, next);
        store.emit({ type: 'card', card: next, isNew: false, moved: false });
        changed = true;
      }
      return changed;
    },

    /**
     * A thread changed (its title, thread.retitle): the cards quoting one of
     * its posts name it as it is now. Returns true when a card changed.
     */
    updateSourceThread(thread) {
      if (!thread || thread.id === undefined || typeof thread.title !== 'string') return false;
      let changed = false;
      for (const card of store.cards.values()) {
        const source = card.source_post;
        if (!source || source.thread !== thread.id || source.thread_title === thread.title) continue;
        const next = { ...card, source_post: { ...source, thread_title: thread.title } };
        store.cards.set(card.id, next);
        store.emit({ type: 'card', card: next, isNew: false, moved: false });
        changed = true;
      }
      return changed;
    },
  };
  return store;
}
