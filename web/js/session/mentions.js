// Mentions in the reply composer and in editing one's post: typing "@" and a few letters opens a list of
// the session's members that filters as one types (arrows, Enter or Tab to
// choose, Escape to close); choosing puts "@Name" in the text and remembers the
// person. Only people who may read the post are offered: in a note for
// moderators only moderators, and nobody while one's posts wait for approval
// (the server refuses such mentions too). mentions() gives the ids of the people
// whose "@Name" is still in the text when sending.

import { h, uid, replace } from '../core/dom.js';
import { compareDutch } from '../core/collate.js';

const MAX_OPTIONS = 8;

/**
 * The members one may mention in a post: everyone but oneself, only moderators
 * in a note for moderators, and nobody while the post waits for approval.
 * Returns [{ id, name }] sorted by name.
 */
export function mentionCandidates(view, { moderatorsOnly = false, none = false } = {}) {
  if (none) return [];
  return [...view.members.values()]
    .filter((m) => m.user.id !== view.me.id && (!moderatorsOnly || m.role === 'moderator'))
    .map((m) => ({ id: m.user.id, name: m.user.display_name }))
    .sort((a, b) => compareDutch(a.name, b.name));
}
const QUERY = /(^|\s)@([^\s@]{0,30})$/;

/**
 * textarea: the composer's field. candidates() → [{ id, name }] of those who
 * may be mentioned now. Returns { el, mentions(), reset() }.
 */
export function mentionPicker(textarea, { candidates }) {
  const listId = uid('mention-list');
  const list = h('ul', { id: listId, class: 'mention-list', role: 'listbox', 'aria-label': 'Leden om te noemen', hidden: true });
  const chosen = new Map(); // id → name
  let options = [];
  let active = -1;
  let start = -1; // where the "@" of the word being typed is

  textarea.setAttribute('aria-autocomplete', 'list');
  textarea.setAttribute('aria-controls', listId);
  textarea.setAttribute('aria-expanded', 'false');

  function close() {
    list.hidden = true;
    options = [];
    active = -1;
    textarea.setAttribute('aria-expanded', 'false');
    textarea.removeAttribute('aria-activedescendant');
  }

  function highlight(index) {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    const li = list.children[active];
    if (li) textarea.setAttribute('aria-activedescendant', li.id);
  }

  function refresh() {
    const caret = textarea.selectionStart;
    const before = textarea.value.slice(0, caret);
    const match = caret === textarea.selectionEnd ? before.match(QUERY) : null;
    if (!match) return close();
    start = caret - match[2].length - 1;
    const query = match[2].toLocaleLowerCase('nl-NL');
    options = candidates()
      .filter((c) => c.name.toLocaleLowerCase('nl-NL').split(/\s+/).some((word) => word.startsWith(query)))
      .slice(0, MAX_OPTIONS);
    if (!options.length) return close();
    replace(list, options.map((c, i) => {
      const li = h('li', { id: `${listId}-${i}`, role: 'option', class: 'mention-option', 'aria-selected': 'false' }, c.name);
      // mousedown, so that the field keeps the focus and the caret.
      li.addEventListener('mousedown', (ev) => {
        ev.preventDefault();
        choose(i);
      });
      return li;
    }));
    list.hidden = false;
    textarea.setAttribute('aria-expanded', 'true');
    highlight(0);
  }

  function choose(index) {
    const option = options[index];
    if (!option) return;
    const caret = textarea.selectionStart;
    const inserted = `@${option.name} `;
    textarea.value = textarea.value.slice(0, start) + inserted + textarea.value.slice(caret);
    const at = start + inserted.length;
    textarea.setSelectionRange(at, at);
    chosen.set(option.id, option.name);
    close();
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }

  textarea.addEventListener('input', refresh);
  textarea.addEventListener('click', refresh);
  textarea.addEventListener('blur', close);
  textarea.addEventListener('keydown', (ev) => {
    if (list.hidden) return;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      const step = ev.key === 'ArrowDown' ? 1 : -1;
      highlight((active + step + options.length) % options.length);
    } else if (ev.key === 'Enter' || ev.key === 'Tab') {
      ev.preventDefault();
      choose(active);
    } else if (ev.key === 'Escape') {
      ev.preventDefault();
      ev.stopPropagation();
      close();
    }
  });

  return {
    el: list,
    /** Ids of the chosen people whose "@Name" is still in the text (at most 20). */
    mentions() {
      const text = textarea.value;
      return [...chosen].filter(([, name]) => text.includes(`@${name}`)).map(([id]) => id).slice(0, 20);
    },
    reset() {
      chosen.clear();
      close();
    },
  };
}
