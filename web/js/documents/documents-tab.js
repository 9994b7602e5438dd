// The "Documenten" tab of a session: every document the viewer may see,
// newest first (document.list, paged with "Meer laden"), each with its name
// (the download link), who uploaded it as they chose to be shown, when, in
// which thread, type and size, and the actions this viewer may take. A filter
// box narrows the loaded rows by name (search finds the text inside PDFs).
// Members who may post upload here too, with or without a thread. Live
// document.* events keep the list current once it has been loaded.

import { h, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { ATTRIBUTIONS } from '../core/labels.js';
import { actionButton, field, announce } from '../core/ui.js';
import { timeEl } from '../core/time.js';
import { attachmentList } from './attachments.js';
import { documentItem, isShownTo } from './document-item.js';
import { documentAction, documentActions } from './document-actions.js';

const PAGE_SIZE = 50;

function countText(n) {
  return n === 1 ? '1 document' : `${n.toLocaleString('nl-NL')} documenten`;
}

/** Newest first: by upload time, then by id. */
function newestFirst(a, b) {
  if ((a.at || '') !== (b.at || '')) return (a.at || '') < (b.at || '') ? 1 : -1;
  return String(a.id) < String(b.id) ? 1 : -1;
}

/**
 * view: the page's state. threads() → the threads the viewer knows (for the
 * upload's thread choice and the row's link); threadHref(id); onOpenThread(id);
 * onDocument(doc): an action's answer, for every view that shows the document.
 * Returns { el, load(), reset(), applyDocument(doc, { gone }), update(), destroy() }.
 */
export function documentsPanel(view, { threads, threadHref, onOpenThread, onDocument }) {
  const headingId = uid('docs-heading');
  const filterId = uid('docs-filter');
  const docs = new Map(); // id -> document, the loaded ones
  let loaded = false;
  let loading = false;
  let nextBefore = null;
  let hasMore = false;
  let ticket = 0;

  // ---- Uploading ----

  const threadField = field({ label: 'Bij gesprek (niet verplicht)', name: 'thread', options: [['', 'Geen gesprek']], value: '', required: false });
  const attribution = field({ label: 'Plaatsen als', name: 'attribution', options: ATTRIBUTIONS, value: view.attribution || 'named', hint: 'Moderatoren zien altijd wie een document toevoegde.' });
  attribution.input.addEventListener('change', () => {
    view.attribution = attribution.input.value;
  });
  const uploadBox = h('section', { class: 'docs-upload', 'aria-labelledby': `${headingId}-upload` },
    h('h3', { id: `${headingId}-upload` }, 'Document toevoegen'),
    h('div', { class: 'form-grid' }, threadField.el, attribution.el));
  const attachments = attachmentList(view, {
    thread: () => threadField.input.value || null,
    attribution: () => attribution.input.value,
    dropTarget: uploadBox,
    onUploaded: (doc) => {
      if (loaded) put(doc);
    },
  });
  uploadBox.append(attachments.el);

  // ---- The list ----

  const filter = h('input', { id: filterId, type: 'search', name: 'filter', autocomplete: 'off', 'aria-describedby': `${filterId}-hint`, 'aria-controls': `${headingId}-list` });
  const filterBox = h('div', { class: 'field docs-filter' },
    h('label', { for: filterId }, 'Filter op naam'),
    filter,
    h('p', { class: 'field-hint', id: `${filterId}-hint` }, 'Filtert de geladen documenten op hun naam. “Zoeken in deze sessie” vindt ook de tekst in PDF’s.'));
  const status = h('p', { class: 'muted small', role: 'status' });
  const list = h('ul', { class: 'doc-list docs-rows', id: `${headingId}-list`, 'aria-labelledby': headingId });
  const more = h('button', { type: 'button', class: 'button secondary small', hidden: true }, 'Meer laden');
  const el = h('div', { class: 'documents-panel' },
    uploadBox,
    h('section', { class: 'docs-list', 'aria-labelledby': headingId },
      h('h3', { id: headingId }, 'Alle documenten'),
      filterBox, status, list, more));

  function threadOf(id) {
    return threads().find((t) => t.id === id) || null;
  }

  function byline(doc) {
    const thread = doc.thread ? threadOf(doc.thread) : null;
    const threadLink = thread
      ? h('a', {
        href: threadHref(thread.id),
        onclick: (ev) => {
          if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
          ev.preventDefault();
          onOpenThread(thread.id);
        },
      }, thread.title)
      : null;
    return h('p', { class: 'doc-by small' },
      doc.uploaded_by?.display_name || 'Onbekend',
      doc.mine ? h('span', { class: 'muted' }, ' (jij)') : null,
      doc.at ? [' · ', timeEl(doc.at)] : null,
      threadLink ? [' · in ', threadLink] : null);
  }

  function row(doc) {
    const message = h('p', { class: 'alert alert-error small', role: 'alert', hidden: true });
    const report = (text) => setText(message, text, { hideEmpty: true });
    const buttons = documentActions(view, doc).map(({ action, label, danger }) => actionButton(label, action,
      () => documentAction(action, doc, { report, onDocument }),
      { danger, name: `${label}: ${doc.name}`, before: () => report('') }));
    const actions = buttons.length ? h('div', { class: 'doc-actions', role: 'group', 'aria-label': `Acties voor ${doc.name}` }, buttons) : null;
    return h('li', { dataset: { document: doc.id } }, documentItem(doc, { extra: [byline(doc), message], actions }));
  }

  function matches(doc, q) {
    return !q || doc.name.toLocaleLowerCase('nl-NL').includes(q);
  }

  function draw() {
    const focusedRow = list.contains(document.activeElement) ? document.activeElement.closest('li')?.dataset.document : null;
    const focusedAction = focusedRow ? document.activeElement.dataset.action : null;
    const q = filter.value.trim().toLocaleLowerCase('nl-NL');
    const all = [...docs.values()].sort(newestFirst);
    const shown = all.filter((d) => matches(d, q));
    replace(list, shown.map(row));
    if (!loaded) setText(status, 'De documenten worden geladen…');
    else if (!all.length) setText(status, hasMore ? 'Nog geen documenten geladen.' : 'Er zijn nog geen documenten in deze sessie.');
    else if (q) setText(status, shown.length ? `${countText(shown.length)} van de ${countText(all.length)} geladen` : `Geen geladen document heeft “${filter.value.trim()}” in de naam.`);
    else setText(status, hasMore ? `${countText(all.length)} geladen; er zijn er meer.` : countText(all.length));
    more.hidden = !hasMore;
    if (focusedRow) {
      const li = list.querySelector(`li[data-document="${CSS.escape(focusedRow)}"]`);
      const again = li && (li.querySelector(`[data-action="${focusedAction}"]`) || li.querySelector('a, button'));
      if (again) again.focus();
      else filter.focus();
    }
  }

  function put(doc) {
    if (isShownTo(view, doc)) docs.set(doc.id, { ...(docs.get(doc.id) || {}), ...doc });
    else docs.delete(doc.id);
    draw();
  }

  /** A document from an answer or an event; gone: removed or redacted (the event carries only its id). */
  function applyDocument(doc, { gone = false } = {}) {
    if (!doc || doc.id === undefined || !loaded) return;
    if (gone || !['visible', 'pending', 'hidden'].includes(doc.state)) {
      if (docs.delete(doc.id)) draw();
      return;
    }
    put(doc);
  }

  async function loadPage({ first = false } = {}) {
    if (loading && !first) return;
    const mine = ++ticket;
    loading = true;
    more.disabled = true;
    const params = { session: view.id, limit: PAGE_SIZE };
    if (!first && nextBefore) params.before = nextBefore;
    let answer;
    try {
      answer = await socket.request('document.list', params);
    } catch (err) {
      if (mine !== ticket) return;
      loading = false;
      more.disabled = false;
      setText(status, `De documenten konden niet worden geladen. ${errorText(err)}`);
      return;
    }
    if (mine !== ticket) return;
    loading = false;
    more.disabled = false;
    if (first) docs.clear();
    for (const doc of answer.documents || []) docs.set(doc.id, doc);
    hasMore = Boolean(answer.has_more);
    nextBefore = answer.next_before ?? null;
    loaded = true;
    draw();
    if (!first) announce(`${countText((answer.documents || []).length)} meer geladen.`);
  }

  more.addEventListener('click', () => loadPage());
  filter.addEventListener('input', draw);

  function update() {
    const mayUpload = Boolean(view.session && !view.session.archived && view.may('post'));
    uploadBox.hidden = !mayUpload;
    const chosen = threadField.input.value;
    const options = threads()
      .filter((t) => t.status === 'open' || view.myRole === 'moderator')
      .map((t) => h('option', { value: t.id }, t.title));
    replace(threadField.input, h('option', { value: '' }, 'Geen gesprek'), options);
    threadField.input.value = options.some((o) => o.value === chosen) ? chosen : '';
    if (loaded) draw();
  }

  update();
  draw();

  return {
    el,
    /** Loads the first page the first time the tab opens (later: live events keep it current). */
    load() {
      if (!loaded && !loading) loadPage({ first: true });
    },
    /** After a fresh snapshot (a reconnect that lost events): reloads when it was loaded. */
    reset() {
      if (loaded) loadPage({ first: true });
    },
    applyDocument,
    update,
    destroy() {
      ticket += 1;
      attachments.destroy();
    },
  };
}
