// The session notes of one session page, as the client knows them: blocks in
// one ordered list. Snapshots, answers and events all go through here; the
// notes view listens for changes. Pure (no DOM).
//
// The order comes from the server: the snapshot's list order, and the `order`
// (block ids this user may see) that every note event carries. An answer
// without an order places the block at the position the server gave it, until
// the event brings the complete order.

import { inOrder, insertAt, isOlder } from '../core/ordering.js';
import { createEmitter } from '../core/emitter.js';

export function createNotesStore() {
  const events = createEmitter('notes store');
  const store = {
    blocks: new Map(), // id -> block
    order: [], // block ids, top to bottom
    loaded: false,

    ...events,

    /** Replaces everything with a snapshot's `notes` (a list, in order). */
    reset(notes) {
      const list = Array.isArray(notes) ? notes.filter((b) => b && b.id !== undefined) : [];
      store.blocks = new Map(list.map((b) => [b.id, { ...b }]));
      store.order = list.map((b) => b.id);
      store.loaded = true;
      store.emit({ type: 'reset' });
    },

    block(id) {
      return store.blocks.get(id) || null;
    },

    /** The blocks top to bottom (blocks the order does not name yet go last, by position). */
    sorted() {
      return inOrder(store.order, store.blocks);
    },

    /** Where a block is: { index, count }, or null. */
    placeOf(id) {
      const list = store.sorted();
      const index = list.findIndex((b) => b.id === id);
      return index < 0 ? null : { index, count: list.length };
    },

    /** Applies `order` ([block id…]) from an event. */
    applyOrder(order) {
      if (Array.isArray(order)) store.order = order.map(String);
    },

    /**
     * Adds or updates a block; an older version than the one we have is
     * ignored (with its order). Returns true when something changed.
     */
    setBlock(block, { order } = {}) {
      if (!block || block.id === undefined) return false;
      const old = store.blocks.get(block.id);
      if (isOlder(block, old)) return false;
      const next = { ...(old || {}), ...block };
      store.blocks.set(block.id, next);
      if (!store.order.includes(block.id) || (old && old.position !== next.position)) {
        store.order = insertAt(store.order, block.id, next.position);
      }
      store.applyOrder(order);
      store.emit({ type: 'block', block: next, isNew: !old });
      return true;
    },

    /** Removes a block (note.deleted, or the answer to one's own delete). */
    removeBlock(id, { order } = {}) {
      const old = store.blocks.get(id);
      store.blocks.delete(id);
      store.order = store.order.filter((x) => x !== id);
      store.applyOrder(order);
      if (old) store.emit({ type: 'block-removed', block: old });
      return Boolean(old);
    },

    /** note.published or the answer to notes.publish: the blocks published now. */
    publish(blocks, { order } = {}) {
      let count = 0;
      for (const block of Array.isArray(blocks) ? blocks : []) {
        if (!block || block.id === undefined) continue;
        const old = store.blocks.get(block.id);
        if (isOlder(block, old)) continue;
        store.blocks.set(block.id, { ...(old || {}), ...block });
        if (!store.order.includes(block.id)) store.order = insertAt(store.order, block.id, block.position);
        count += 1;
      }
      store.applyOrder(order);
      store.emit({ type: 'published', count });
      return count;
    },

    /** The blocks that are still drafts. */
    drafts() {
      return store.sorted().filter((b) => !b.published);
    },
  };
  return store;
}
