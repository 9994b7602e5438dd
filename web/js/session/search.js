// "Zoeken in deze sessie": one search box in the session workspace. Typing
// searches after a short pause, Enter at once (`search {session, q}`). Hits
// are listed best first, each labelled with its kind (Gesprek, Bericht, Kaart,
// Aantekening, Document), its title and the snippet the server cut, whose `hit` pieces
// are marked. A document's hit links to its download (the name is the link). The snippet is only ever put in as text. Choosing a hit opens
// what it points to; the list folds away and can be shown again.
// Keyboard: Arrow down from the box into the hits, arrows between them,
// Escape back to the box.

import { h, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { searchKindLabel } from '../core/labels.js';
import { announce } from '../core/ui.js';
import { timeEl } from '../core/time.js';
import { documentSummary } from '../documents/document-format.js';

const DEBOUNCE_MS = 350;
const MIN_TYPED = 2; // shorter words wait for Enter: one letter matches nearly everything
const Q_MAX = 200;

/** The snippet pieces [{text, hit}] as text nodes, the hits inside <mark>. */
export function snippetNodes(snippet) {
  if (typeof snippet === 'string') return [snippet];
  if (!Array.isArray(snippet)) return [];
  return snippet.map((piece) => {
    const text = piece && typeof piece.text === 'string' ? piece.text : '';
    return piece && piece.hit ? h('mark', {}, text) : text;
  });
}

function resultsText(n) {
  return n === 1 ? '1 resultaat' : `${n} resultaten`;
}

/**
 * view: the page's state ({ id }). hrefFor(hit): an address for the hit's
 * link; onOpen(hit): shows what the hit points to.
 * Returns { el, clear(), destroy() }.
 */
export function searchBox(view, { hrefFor, onOpen }) {
  const inputId = uid('search');
  const resultsId = uid('search-results');
  const input = h('input', {
    id: inputId, type: 'search', name: 'q', maxlength: Q_MAX, autocomplete: 'off', spellcheck: 'false',
    'aria-controls': resultsId, 'aria-describedby': `${inputId}-hint`,
  });
  const submit = h('button', { type: 'submit', class: 'button secondary small' }, 'Zoeken');
  const form = h('form', { class: 'search-box', role: 'search', novalidate: true, 'aria-label': 'Zoeken in deze sessie' },
    h('label', { for: inputId }, 'Zoeken in deze sessie'),
    h('div', { class: 'search-row' }, input, submit),
    h('p', { class: 'visually-hidden', id: `${inputId}-hint` }, 'Zoekt in gesprekken, berichten, kaarten, het verslag en de tekst in PDF’s. Met Pijl omlaag ga je naar de resultaten.'));
  const status = h('p', { class: 'search-status', role: 'status' });
  const showAgain = h('button', { type: 'button', class: 'link-button small', hidden: true }, 'Resultaten tonen');
  const closeButton = h('button', { type: 'button', class: 'link-button small', hidden: true }, 'Resultaten sluiten');
  const list = h('ol', { class: 'search-hits', 'aria-label': 'Zoekresultaten' });
  const results = h('div', { class: 'search-results', id: resultsId, hidden: true },
    h('div', { class: 'search-results-head' }, status, showAgain, closeButton),
    list);
  const el = h('div', { class: 'workspace-search' }, form, results);

  let timer = null;
  let ticket = 0; // the newest request; older answers are dropped
  let lastQuery = '';

  function links() {
    return [...list.querySelectorAll('a.search-hit')];
  }

  function hitItem(hit) {
    const doc = hit.kind === 'document' && hit.document ? hit.document : null;
    const link = h('a', { href: hrefFor(hit), class: 'search-hit', dataset: { kind: hit.kind }, download: doc ? doc.name : null },
      h('span', { class: `badge search-kind kind-${hit.kind}` }, searchKindLabel(hit.kind)),
      h('span', { class: 'visually-hidden' }, ': '),
      h('span', { class: 'search-title' }, doc?.name || hit.title || searchKindLabel(hit.kind)),
      doc ? h('span', { class: 'search-doc-meta' }, ` (${documentSummary(doc)}, downloaden)`) : null);
    link.addEventListener('click', (ev) => {
      if (doc) return; // a plain download: the server sends it as an attachment
      if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      fold();
      onOpen(hit);
    });
    const byline = hit.author_label || hit.at
      ? h('p', { class: 'search-meta' }, hit.author_label || null, hit.author_label && hit.at ? ' · ' : null, hit.at ? timeEl(hit.at) : null)
      : null;
    return h('li', { class: 'search-item' },
      link,
      h('p', { class: 'search-snippet' }, snippetNodes(hit.snippet)),
      byline);
  }

  async function run(q) {
    clearTimeout(timer);
    const mine = ++ticket;
    lastQuery = q;
    results.hidden = false;
    showAgain.hidden = true;
    list.hidden = false;
    setText(status, `Zoeken naar “${q}”…`);
    results.setAttribute('aria-busy', 'true');
    let answer;
    try {
      answer = await socket.request('search', { session: view.id, q });
    } catch (err) {
      if (mine !== ticket) return;
      results.removeAttribute('aria-busy');
      replace(list);
      closeButton.hidden = false;
      setText(status, `Zoeken lukte niet. ${errorText(err, { bad_request: err.serverMessage || errorText(err) })}`);
      return;
    }
    if (mine !== ticket) return;
    results.removeAttribute('aria-busy');
    const hits = Array.isArray(answer.hits) ? answer.hits : [];
    replace(list, hits.map(hitItem));
    closeButton.hidden = false;
    setText(status, hits.length ? `${resultsText(hits.length)} voor “${q}”` : `Niets gevonden voor “${q}”.`);
  }

  function clear() {
    clearTimeout(timer);
    ticket += 1;
    lastQuery = '';
    replace(list);
    setText(status, '');
    results.hidden = true;
    results.removeAttribute('aria-busy');
  }

  /** After choosing a hit: only the line "n resultaten voor …" and "Resultaten tonen" stay. */
  function fold() {
    list.hidden = true;
    showAgain.hidden = false;
    closeButton.hidden = false;
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = input.value.trim();
    if (!q) {
      clear();
      return;
    }
    // The server leaves out words of one character (they match nearly everything).
    if (!q.split(/[^\p{L}\p{N}]+/u).some((word) => [...word].length >= MIN_TYPED)) {
      clear();
      results.hidden = false;
      setText(status, 'Zoek op een woord van minstens twee tekens.');
      return;
    }
    run(q);
  });

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) {
      clear();
      return;
    }
    if (q === lastQuery || q.length < MIN_TYPED) return;
    timer = setTimeout(() => run(q), DEBOUNCE_MS);
  });

  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' && !results.hidden && !list.hidden) {
      const first = links()[0];
      if (first) {
        ev.preventDefault();
        first.focus();
      }
    } else if (ev.key === 'Escape' && !results.hidden) {
      // The browser empties a search field on Escape; the results go with it.
      clear();
    }
  });

  list.addEventListener('keydown', (ev) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (at < 0) return;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      const next = at + (ev.key === 'ArrowDown' ? 1 : -1);
      if (next < 0) input.focus();
      else if (next < all.length) all[next].focus();
    } else if (ev.key === 'Home' || ev.key === 'End') {
      ev.preventDefault();
      all[ev.key === 'Home' ? 0 : all.length - 1].focus();
    } else if (ev.key === 'Escape') {
      ev.preventDefault();
      input.focus();
    }
  });

  showAgain.addEventListener('click', () => {
    list.hidden = false;
    showAgain.hidden = true;
    const first = links()[0];
    if (first) first.focus();
  });

  closeButton.addEventListener('click', () => {
    input.value = '';
    clear();
    input.focus();
    announce('De zoekresultaten zijn gesloten.');
  });

  return {
    el,
    clear,
    destroy() {
      clearTimeout(timer);
      ticket += 1;
    },
  };
}
