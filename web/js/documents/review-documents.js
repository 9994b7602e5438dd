// The "Documenten" section of Terugblik: every document the reader may see,
// newest first, with who added it (as they chose to be shown), when and in
// which thread. The rows come from document.list, paged until there are no
// more (a session holds at most 500 documents); the section says so while
// they load and when they could not be loaded.

import { h, replace, setText } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { timeEl } from '../core/time.js';
import { documentItem } from './document-item.js';

const PAGE_SIZE = 100; // the most document.list gives at once

/** All documents the reader may see, newest first; null when the page went away meanwhile. */
async function loadAllDocuments(sessionId, isAlive) {
  const docs = [];
  let before = null;
  for (;;) {
    const params = { session: sessionId, limit: PAGE_SIZE };
    if (before) params.before = before;
    // eslint-disable-next-line no-await-in-loop
    const answer = await socket.request('document.list', params);
    if (!isAlive()) return null;
    docs.push(...(answer.documents || []));
    if (!answer.has_more || !answer.next_before) return docs;
    before = answer.next_before;
  }
}

/**
 * threads: the snapshot's threads (to name a document's thread).
 * Returns { list, status, fill(isAlive) }: the list and its status line for the
 * section, and fill() that loads the rows.
 */
export function reviewDocuments(sessionId, threads) {
  const titles = new Map((threads || []).map((t) => [t.id, t.title]));
  const status = h('p', { class: 'muted small', role: 'status' }, 'De documenten worden geladen…');
  const list = h('ul', { class: 'doc-list review-docs', 'aria-label': 'Documenten' });

  function entry(doc) {
    const thread = doc.thread ? titles.get(doc.thread) : null;
    return h('li', {}, documentItem(doc, {
      extra: h('p', { class: 'doc-by small' },
        doc.uploaded_by?.display_name || 'Onbekend',
        doc.at ? [' · ', timeEl(doc.at)] : null,
        thread ? ` · in “${thread}”` : null),
    }));
  }

  async function fill(isAlive) {
    let docs;
    try {
      docs = await loadAllDocuments(sessionId, isAlive);
    } catch (err) {
      if (isAlive()) setText(status, `De documenten konden niet worden geladen. ${errorText(err)}`);
      return;
    }
    if (!docs) return;
    replace(list, docs.map(entry));
    setText(status, docs.length ? '' : 'Er zijn geen documenten die je kunt zien.', { hideEmpty: true });
  }

  return { list, status, fill };
}
