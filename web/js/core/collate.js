// Sorting names and titles as Dutch readers expect. One collator for the whole page:
// localeCompare(b, 'nl') builds a new one for every comparison, which made sorting a
// session's members a visible part of its first view.

let collator = null;

/** Compares two strings in Dutch alphabetical order (for Array.prototype.sort). */
export function compareDutch(a, b) {
  if (!collator) collator = new Intl.Collator('nl');
  return collator.compare(a, b);
}
