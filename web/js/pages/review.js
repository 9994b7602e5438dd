// /sessions/<id>/terugblik: "Terugblik", one calm page to read a session back
// (also an archived one) and to print: title, dates and description, the
// organisations taking part, the notes (published; moderators also see the
// drafts, marked "Concept"), the knowledge board by column, the documents
// (documents/review-documents.js), and every thread with all the posts this
// member may see and their attachments, attributed as the server sends them.
// The snapshot comes from `session.state`; each thread's posts from
// `thread.posts`, paging back with `before` until there are no more. The page
// does not follow live changes: it is a reading view (reloading refreshes it).
// Two plain download links fetch the server's report (the export endpoint).

import { h, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { organisationText, threadKindLabel, threadStatusLabel } from '../core/labels.js';
import { periodNodes, timeEl } from '../core/time.js';
import { createBoardStore } from '../board/board-store.js';
import { noteContentNodes, noteHeadingNodes } from '../notes/note-block.js';
import { postBody } from '../session/post-body.js';
import { authorLabel, attributionNote } from '../session/post-author.js';
import { comparePosts } from '../session/thread-store.js';
import { showSessionProblem } from '../session/load-problem.js';
import { reviewDocuments } from '../documents/review-documents.js';
import { postAttachments, isShownTo } from '../documents/document-item.js';
import { compareDutch } from '../core/collate.js';

const PAGE_SIZE = 100; // the most thread.posts gives at once

export const title = () => 'Terugblik';

/** The address of the session report download (format: 'html' or 'md'). */
export function exportHref(sessionId, format) {
  return `/api/sessions/${encodeURIComponent(sessionId)}/export?format=${format}`;
}

function countText(n, one, many) {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

/** The organisations of the members, each once, alphabetically. */
function organisations(members) {
  const names = new Set();
  for (const member of members || []) {
    const text = organisationText(member.user?.organisation);
    if (text) names.add(text);
  }
  return [...names].sort(compareDutch);
}

/** Threads as a report reads them: in the order they were started; waiting ones left out. */
function reportThreads(threads) {
  return (threads || []).filter((t) => !t.pending).sort((a, b) => comparePosts(a, b));
}

/** All the posts of a thread this member may see, oldest first. */
async function loadAllPosts(threadId, isAlive) {
  const posts = [];
  let before = null;
  for (;;) {
    const params = { thread: threadId, limit: PAGE_SIZE };
    if (before) params.before = before;
    // eslint-disable-next-line no-await-in-loop
    const answer = await socket.request('thread.posts', params);
    if (!isAlive()) return null;
    const page = Array.isArray(answer.posts) ? answer.posts : [];
    posts.push(...page);
    if (!answer.has_more || page.length === 0) break;
    before = page[page.length - 1].id; // newest first: the last is the oldest
  }
  return posts.filter((p) => p.state === 'visible').sort(comparePosts);
}

export function render({ main, params }) {
  const id = params.id;
  let alive = true;

  const headingId = uid('review-title');
  const heading = h('h1', { id: headingId }, 'Terugblik');
  const status = h('p', { class: 'muted', role: 'status' }, 'De terugblik wordt geladen…');
  const body = h('div', { class: 'review-body', hidden: true });
  main.append(h('div', { class: 'review-page' },
    h('nav', { class: 'page-links', 'aria-label': 'Terugblik' },
      h('p', { class: 'back-link' }, h('a', { href: `/sessions/${encodeURIComponent(id)}` }, 'Terug naar de sessie'))),
    h('article', { class: 'card review', 'aria-labelledby': headingId },
      h('header', { class: 'review-head' }, h('p', { class: 'review-eyebrow' }, 'Terugblik'), heading),
      status,
      body)));

  // ---- Sections ----

  function headSection(state) {
    const session = state.session || {};
    const orgs = organisations(state.members);
    const print = h('button', { type: 'button', class: 'button secondary small' }, 'Afdrukken');
    print.addEventListener('click', () => window.print());
    return h('section', { class: 'review-intro', 'aria-label': 'Over deze sessie' },
      h('p', { class: 'session-period' }, periodNodes(session.starts_at, session.ends_at)),
      session.archived
        ? h('p', { class: 'archived-note' }, 'Gearchiveerd', session.archived_at ? [' op ', timeEl(session.archived_at)] : null, '.')
        : null,
      session.description ? h('p', { class: 'session-description' }, session.description) : null,
      orgs.length
        ? h('p', { class: 'review-orgs' }, h('strong', {}, 'Deelnemende organisaties: '), orgs.join(', '))
        : null,
      h('div', { class: 'review-actions' },
        h('a', { href: exportHref(id, 'html'), download: true, class: 'button primary small' }, 'Verslag downloaden (HTML)'),
        h('a', { href: exportHref(id, 'md'), download: true, class: 'button secondary small' }, 'Verslag downloaden (Markdown)'),
        print),
      h('nav', { class: 'review-toc', 'aria-label': 'Onderdelen' },
        h('ul', {},
          h('li', {}, h('a', { href: '#terugblik-verslag' }, 'Verslag')),
          h('li', {}, h('a', { href: '#terugblik-kennisbord' }, 'Kennisbord')),
          h('li', {}, h('a', { href: '#terugblik-documenten' }, 'Documenten')),
          h('li', {}, h('a', { href: '#terugblik-gesprekken' }, 'Gesprekken')))));
  }

  function section(anchor, title, ...children) {
    const sectionHeadingId = uid('review-section');
    return h('section', { class: 'review-section', id: anchor, 'aria-labelledby': sectionHeadingId },
      h('h2', { id: sectionHeadingId }, title),
      children);
  }

  function notesSection(state) {
    const moderator = state.session?.my_role === 'moderator';
    const blocks = (state.notes || []).filter((b) => b.published || moderator);
    const drafts = blocks.filter((b) => !b.published).length;
    return section('terugblik-verslag', 'Verslag',
      drafts ? h('p', { class: 'muted small review-note' }, `${countText(drafts, 'concept is', 'concepten zijn')} nog niet vastgesteld: alleen moderatoren zien ze.`) : null,
      blocks.length
        ? h('ol', { class: 'review-notes' }, blocks.map((block) => h('li', { class: block.published ? 'review-note-item' : 'review-note-item is-draft', dataset: { kind: block.kind } },
          h('h3', { class: 'note-kind' }, noteHeadingNodes(block)),
          noteContentNodes(block))))
        : h('p', { class: 'muted' }, 'Er is nog niets vastgesteld.'));
  }

  function boardSection(state) {
    const board = createBoardStore();
    board.reset(state.board || {});
    const columns = board.sortedColumns();
    return section('terugblik-kennisbord', 'Kennisbord',
      columns.length
        ? columns.map((column) => {
          const cards = board.cardsIn(column.id);
          return h('section', { class: 'review-column' },
            h('h3', {}, column.title, ' ', h('span', { class: 'muted small' }, `(${countText(cards.length, 'kaart', 'kaarten')})`)),
            cards.length ? h('ul', { class: 'review-cards' }, cards.map(cardItem)) : null);
        })
        : h('p', { class: 'muted' }, 'Het kennisbord is leeg.'));
  }

  function cardItem(card) {
    const source = card.source_post;
    return h('li', { class: 'review-card' },
      h('h4', {}, card.title),
      card.body ? postBody(card.body, { className: 'post-body' }) : null,
      source && typeof source.quote === 'string' && source.quote
        ? h('blockquote', { class: 'card-quote' }, postBody(source.quote))
        : null,
      source
        ? h('p', { class: 'card-source-line' }, `Uit gesprek: ${source.thread_title || 'een gesprek'}`, source.author_label ? ` — ${source.author_label}` : null)
        : null);
  }

  const view = { myRole: null }; // what attributionNote needs to know of the reader

  function postEntry(post) {
    const note = attributionNote(post, view);
    return h('li', { class: post.whisper ? 'review-post is-whisper' : 'review-post', dataset: { post: post.id } },
      h('p', { class: 'review-post-head' },
        h('span', { class: 'post-author' }, authorLabel(post)),
        ' · ',
        timeEl(post.created_at),
        post.edited_at ? ' · bewerkt' : null,
        post.whisper ? [' ', h('span', { class: 'badge badge-whisper' }, 'Notitie voor moderatoren')] : null),
      note ? h('p', { class: 'post-attribution' }, note) : null,
      typeof post.body === 'string' ? postBody(post.body) : null,
      postAttachments((post.documents || []).filter((doc) => isShownTo(view, doc))));
  }

  function threadsSection(state) {
    const threads = reportThreads(state.threads);
    const items = threads.map((thread) => {
      const threadHeadingId = uid('review-thread');
      const posts = h('ol', { class: 'review-posts', 'aria-label': `Berichten in ${thread.title}` });
      const threadStatus = h('p', { class: 'muted small', role: 'status' }, 'Berichten worden geladen…');
      const el = h('article', { class: 'review-thread', 'aria-labelledby': threadHeadingId },
        h('h3', { id: threadHeadingId }, thread.title),
        h('p', { class: 'muted small' },
          threadKindLabel(thread.kind),
          thread.status && thread.status !== 'open' ? ` · ${threadStatusLabel(thread.status)}` : null,
          ' · gestart ', timeEl(thread.created_at)),
        threadStatus,
        posts);
      return { thread, el, posts, threadStatus };
    });
    return {
      el: section('terugblik-gesprekken', 'Gesprekken',
        items.length ? items.map((item) => item.el) : h('p', { class: 'muted' }, 'Er zijn geen gesprekken.')),
      items,
    };
  }

  /** Fills in the threads one after the other (a session may have many posts). */
  async function fillThreads(items, current) {
    for (const item of items) {
      let posts;
      try {
        // eslint-disable-next-line no-await-in-loop
        posts = await loadAllPosts(item.thread.id, current);
      } catch (err) {
        if (!current()) return;
        setText(item.threadStatus, `De berichten konden niet worden geladen. ${errorText(err)}`);
        continue;
      }
      if (!posts) return;
      replace(item.posts, posts.map(postEntry));
      setText(item.threadStatus, posts.length ? '' : 'Geen berichten die je kunt zien.', { hideEmpty: true });
      item.el.classList.add('is-loaded');
    }
    if (current()) setText(status, '', { hideEmpty: true });
  }

  let loading = 0;

  async function load() {
    const ticket = ++loading;
    const current = () => alive && ticket === loading;
    let state;
    try {
      state = await socket.request('session.state', { session: id });
    } catch (err) {
      if (current()) showSessionProblem(main, err);
      return;
    }
    if (!current()) return;
    view.myRole = state.session?.my_role || null;
    const session = state.session || {};
    setText(heading, session.title || 'Sessie');
    document.title = `Terugblik: ${session.title || 'Sessie'} · Kennislab`;
    const threads = threadsSection(state);
    const documents = reviewDocuments(id, state.threads);
    replace(body, headSection(state), notesSection(state), boardSection(state),
      section('terugblik-documenten', 'Documenten', documents.status, documents.list), threads.el);
    body.hidden = false;
    setText(status, threads.items.length ? 'De gesprekken worden geladen…' : '', { hideEmpty: true });
    await documents.fill(current);
    await fillThreads(threads.items, current);
  }

  load();

  return () => {
    alive = false;
  };
}
