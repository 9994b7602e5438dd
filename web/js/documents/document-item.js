// One document as a member sees it, on a post and in the Documenten tab: the
// thumbnail of a PDF (decorative: the name is the link text), the name as its
// download link, type, pages and size, and a marker while it waits for
// approval or is hidden. The download is a plain link: the server sends the
// file as an attachment, so the browser saves it and never shows it inline.

import { h } from '../core/dom.js';
import { documentSummary, downloadHref, thumbnailHref } from './document-format.js';

/** The markers of a document's state ("wacht op goedkeuring", "verborgen"). */
export function documentMarkers(doc) {
  if (doc.state === 'pending') return [h('span', { class: 'badge badge-pending' }, 'wacht op goedkeuring')];
  if (doc.state === 'hidden') return [h('span', { class: 'badge badge-hidden' }, 'verborgen door moderator')];
  return [];
}

/** The name as a download link, with the thumbnail inside it when there is one. */
export function documentLink(doc) {
  return h('a', { href: downloadHref(doc.id), download: doc.name, class: 'doc-link' },
    doc.thumbnail
      ? h('img', { src: thumbnailHref(doc.id), alt: '', loading: 'lazy', decoding: 'async', class: 'doc-thumb', width: '48', height: '64' })
      : h('span', { class: 'doc-icon', 'aria-hidden': 'true' }),
    h('span', { class: 'doc-name' }, doc.name));
}

/** A document's name, summary and markers; extra: more lines under it (the tab's). */
export function documentItem(doc, { extra = null, actions = null } = {}) {
  const markers = documentMarkers(doc);
  return h('div', { class: 'doc-item', dataset: { document: doc.id, state: doc.state } },
    documentLink(doc),
    h('div', { class: 'doc-details' },
      h('p', { class: 'doc-meta' }, documentSummary(doc), markers.length ? ' ' : null, markers),
      extra),
    actions);
}

/** The attachments of a post: a list of document items (null without any to show). */
export function postAttachments(docs) {
  if (!Array.isArray(docs) || !docs.length) return null;
  return h('ul', { class: 'doc-list post-docs', 'aria-label': docs.length === 1 ? 'Bijlage' : `Bijlagen (${docs.length})` },
    docs.map((doc) => h('li', {}, documentItem(doc))));
}

/** Whether this viewer is to see doc (the server decides; this only drops what a change took away). */
export function isShownTo(view, doc) {
  if (!doc || !['visible', 'pending', 'hidden'].includes(doc.state)) return false;
  const moderator = view.myRole === 'moderator';
  if (doc.state === 'hidden') return moderator;
  if (doc.state === 'pending') return moderator || Boolean(doc.mine);
  return true;
}
