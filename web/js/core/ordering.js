// Ordering helpers shared by the stores of objects that the server keeps in
// numbered positions (board cards and columns, note blocks). Pure (no DOM).

/** Orders objects by `position`, then by id (ids grow). */
export function byPosition(a, b) {
  const pa = typeof a.position === 'number' ? a.position : Number.MAX_SAFE_INTEGER;
  const pb = typeof b.position === 'number' ? b.position : Number.MAX_SAFE_INTEGER;
  if (pa !== pb) return pa - pb;
  const ia = String(a.id);
  const ib = String(b.id);
  if (ia.length !== ib.length) return ia.length - ib.length;
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

/** True when `next` is an older version of an object than `old` (answers and events cross). */
export function isOlder(next, old) {
  return Boolean(old) && typeof next.version === 'number' && typeof old.version === 'number' && next.version < old.version;
}

/** A copy of `list` (ids) with `id` moved to `position` (the end without one). */
export function insertAt(list, id, position) {
  const without = list.filter((x) => x !== id);
  const index = typeof position === 'number' ? Math.max(0, Math.min(position, without.length)) : without.length;
  without.splice(index, 0, id);
  return without;
}

/**
 * The objects of `byId` (a Map) in the order of `ids`, each once; those the
 * order does not name yet (an answer came before its event) go last, by position.
 */
export function inOrder(ids, byId) {
  const seen = new Set();
  const result = [];
  for (const id of ids) {
    const obj = byId.get(id);
    if (obj && !seen.has(id)) {
      seen.add(id);
      result.push(obj);
    }
  }
  const rest = [...byId.values()].filter((o) => !seen.has(o.id)).sort(byPosition);
  return result.concat(rest);
}
