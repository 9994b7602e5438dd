// Small DOM helpers. Text always goes in as text nodes (never innerHTML), so
// user data cannot turn into markup.

let idCounter = 0;

/** A document-unique id with a readable prefix, for label/aria wiring. */
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/**
 * Creates an element.
 *   h('button', { type: 'button', class: 'primary', onclick: fn }, 'Opslaan')
 * Attributes: `class`, `for`, `on<event>` (function), booleans (true sets, false
 * omits), `dataset` (object); everything else via setAttribute. Children may be
 * strings, numbers, nodes, arrays, or null/undefined/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'value' && 'value' in el) {
      el.value = value;
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends children (same forms as h()) to a node. */
export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Removes all children of a node. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Replaces all children of a node. */
export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

/** Sets the text of a node (and shows/hides it when it is empty). */
export function setText(el, text, { hideEmpty = false } = {}) {
  el.textContent = text || '';
  if (hideEmpty) el.hidden = !text;
  return el;
}
