// The moderation queue for moderators (mod.queue): posts waiting for approval
// and open flags, oldest first, each with how long it has waited. Kept live by
// the store (post.pending, post.flagged, post.approved, …). Actions: approve,
// reject, hide, redact, close a flag; "Naar gesprek" opens the thread.
// Documents waiting for approval (the queue's `documents`) have a section of
// their own, kept live by the document.* events (applyDocument).

import { h, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { organisationText } from '../core/labels.js';
import { parseTime, timeEl } from '../core/time.js';
import { flagPostId } from './thread-store.js';
import { postMarkers, postContent } from './post-item.js';
import { authorLabel, attributionNote } from './post-author.js';
import { moderatePost, dismissFlag } from './post-actions.js';
import { documentItem } from '../documents/document-item.js';
import { documentAction } from '../documents/document-actions.js';

const REFRESH_MS = 30_000;

/** "wacht minder dan 1 min", "wacht 5 min", "wacht 2 uur 5 min", "wacht 3 dagen". */
export function waitedText(iso, now = Date.now()) {
  const since = parseTime(iso);
  if (!since) return '';
  const minutes = Math.max(0, Math.floor((now - since.getTime()) / 60_000));
  if (minutes < 1) return 'wacht minder dan 1 min';
  if (minutes < 60) return `wacht ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest ? `wacht ${hours} uur ${rest} min` : `wacht ${hours} uur`;
  }
  const days = Math.floor(hours / 24);
  return days === 1 ? 'wacht 1 dag' : `wacht ${days} dagen`;
}

function userText(user) {
  if (!user) return 'iemand';
  if (typeof user !== 'object') return 'iemand';
  const org = organisationText(user.organisation);
  return org ? `${user.display_name} (${org})` : user.display_name || 'iemand';
}

/**
 * ctx: { view, store, applyPost }. onOpenThread(threadId, postId).
 * Returns { el, load(), update(), onStoreChange(change), destroy() }.
 */
export function moderationPanel(ctx, { onOpenThread }) {
  const { view, store } = ctx;
  const pendingHeadingId = uid('pending-heading');
  const flagsHeadingId = uid('flags-heading');
  const docsHeadingId = uid('waiting-docs-heading');
  const waitingDocs = new Map(); // id -> a pending document
  const docsHeading = h('h3', { id: docsHeadingId }, 'Documenten die wachten');
  const docsList = h('ul', { class: 'queue-list', 'aria-labelledby': docsHeadingId });
  const docsEmpty = h('p', { class: 'muted' }, 'Er wachten geen documenten op goedkeuring.');
  const status = h('p', { class: 'muted', role: 'status' });
  const alert = h('p', { class: 'alert alert-error', role: 'alert', hidden: true });
  const pendingHeading = h('h3', { id: pendingHeadingId }, 'Wacht op goedkeuring');
  const flagsHeading = h('h3', { id: flagsHeadingId }, 'Meldingen');
  const pendingList = h('ul', { class: 'queue-list', 'aria-labelledby': pendingHeadingId });
  const flagsList = h('ul', { class: 'queue-list', 'aria-labelledby': flagsHeadingId });
  const pendingEmpty = h('p', { class: 'muted' }, 'Er wachten geen berichten op goedkeuring.');
  const flagsEmpty = h('p', { class: 'muted' }, 'Er zijn geen open meldingen.');
  const refresh = h('button', { type: 'button', class: 'button secondary small' }, 'Vernieuwen');
  // The server sends the queue a page at a time, newest first.
  const more = h('button', { type: 'button', class: 'button secondary small', hidden: true }, 'Oudere items laden');
  const el = h('div', { class: 'moderation-panel' },
    h('div', { class: 'panel-head' }, h('p', { class: 'muted small' }, 'Oudste eerst.'), refresh),
    status,
    alert,
    h('section', { 'aria-labelledby': pendingHeadingId, class: 'queue-section' }, pendingHeading, pendingEmpty, pendingList),
    h('section', { 'aria-labelledby': docsHeadingId, class: 'queue-section' }, docsHeading, docsEmpty, docsList),
    h('section', { 'aria-labelledby': flagsHeadingId, class: 'queue-section' }, flagsHeading, flagsEmpty, flagsList),
    h('div', { class: 'queue-more' }, more));

  let alive = true;
  let loading = null;
  const report = (text) => setText(alert, text, { hideEmpty: true });
  const timer = setInterval(() => {
    if (store.queueSize()) draw();
  }, REFRESH_MS);

  async function load() {
    if (loading) return loading;
    setText(status, store.queueLoaded ? '' : 'De wachtrij wordt geladen…');
    loading = (async () => {
      try {
        const answer = await socket.request('mod.queue', { session: view.id });
        if (!alive) return;
        waitingDocs.clear();
        addDocuments(answer.documents);
        store.setQueue(answer.pending || [], answer.flags || [], answer.has_more ? answer.next_before : null);
        setText(status, '');
      } catch (err) {
        if (!alive) return;
        setText(status, `De wachtrij kon niet worden geladen. ${errorText(err)}`);
      } finally {
        loading = null;
      }
    })();
    return loading;
  }
  refresh.addEventListener('click', () => load());

  async function loadOlder() {
    if (loading || !store.queueMore) return;
    more.disabled = true;
    loading = (async () => {
      try {
        const answer = await socket.request('mod.queue', { session: view.id, before: store.queueMore });
        if (!alive) return;
        addDocuments(answer.documents);
        store.addQueuePage(answer.pending || [], answer.flags || [], answer.has_more ? answer.next_before : null);
      } catch (err) {
        if (alive) report(`Oudere items konden niet worden geladen. ${errorText(err)}`);
      } finally {
        loading = null;
        more.disabled = false;
      }
    })();
    return loading;
  }
  more.addEventListener('click', () => loadOlder());

  function threadTitle(threadId) {
    const t = store.thread(threadId);
    return t ? t.title : 'een gesprek';
  }

  function actionButton(label, action, handler, danger = false, name = undefined) {
    const b = h('button', { type: 'button', class: danger ? 'button danger small' : 'button secondary small', dataset: { action }, 'aria-label': name }, label);
    b.addEventListener('click', async () => {
      report('');
      if (b.disabled) return;
      b.disabled = true;
      try {
        await handler();
      } finally {
        b.disabled = false;
      }
    });
    return b;
  }

  function openButton(post) {
    return actionButton('Naar gesprek', 'open', () => onOpenThread(post.thread, post.id));
  }

  function postSummary(post) {
    const note = attributionNote(post, view);
    const author = post.author ? userText(post.author) : authorLabel(post);
    return [
      h('p', { class: 'queue-where' }, 'In ', h('strong', {}, threadTitle(post.thread))),
      h('p', { class: 'post-author' }, author, post.created_at ? [' · ', timeEl(post.created_at)] : null),
      note ? h('p', { class: 'post-attribution' }, note) : null,
      h('p', { class: 'post-markers' }, postMarkers(post, view)),
      h('div', { class: 'post-content' }, postContent(post, view)),
    ];
  }

  function pendingItem(post) {
    return h('li', { class: 'queue-item', dataset: { post: post.id } },
      h('p', { class: 'waited' }, waitedText(post.created_at)),
      postSummary(post),
      h('div', { class: 'post-actions' },
        h('div', { class: 'action-group' },
          actionButton('Goedkeuren', 'approve', () => moderatePost(ctx, 'approve', post, { report })),
          actionButton('Afwijzen', 'reject', () => moderatePost(ctx, 'reject', post, { report }), true),
          openButton(post))));
  }

  function addDocuments(docs) {
    for (const doc of docs || []) if (doc.state === 'pending') waitingDocs.set(doc.id, doc);
  }

  function documentEntry(doc) {
    const act = (action) => documentAction(action, doc, { report, onDocument: (next) => ctx.applyDocument(next) });
    return h('li', { class: 'queue-item', dataset: { document: doc.id } },
      h('p', { class: 'waited' }, waitedText(doc.at)),
      doc.thread ? h('p', { class: 'queue-where' }, 'In ', h('strong', {}, threadTitle(doc.thread))) : null,
      documentItem(doc, { extra: h('p', { class: 'doc-by small' }, doc.uploaded_by?.display_name || 'Onbekend') }),
      h('div', { class: 'post-actions' },
        h('div', { class: 'action-group' },
          actionButton('Goedkeuren', 'approve', () => act('approve'), false, `Goedkeuren: ${doc.name}`),
          actionButton('Afwijzen', 'reject', () => act('reject'), true, `Afwijzen: ${doc.name}`))));
  }

  function flagItem(flag) {
    const postId = flagPostId(flag);
    const post = (flag.post && typeof flag.post === 'object' ? store.post(postId) || flag.post : store.post(postId));
    const by = typeof flag.flagged_by === 'object' ? flag.flagged_by?.display_name : null;
    const buttons = [];
    if (post && post.state === 'visible') buttons.push(actionButton('Verbergen', 'hide', () => moderatePost(ctx, 'hide', post, { report }), true));
    if (post && post.state !== 'redacted') buttons.push(actionButton('Definitief wissen', 'redact', () => moderatePost(ctx, 'redact', post, { report }), true));
    buttons.push(actionButton('Melding sluiten', 'dismiss', () => dismissFlag(ctx, flag, { report })));
    if (post) buttons.push(openButton(post));
    return h('li', { class: 'queue-item queue-flag', dataset: { flag: flag.id } },
      h('p', { class: 'waited' }, waitedText(flag.at)),
      h('p', { class: 'flag-reason' }, h('strong', {}, 'Gemeld'), by ? ` door ${by}` : '', ': ', flag.reason || ''),
      post ? postSummary(post) : h('p', { class: 'muted' }, 'Het gemelde bericht staat in een gesprek dat je nog niet hebt geopend.'),
      h('div', { class: 'post-actions' }, h('div', { class: 'action-group' }, buttons)));
  }

  function draw() {
    const focusedKey = (() => {
      const active = document.activeElement;
      if (!el.contains(active) || !active.dataset.action) return null;
      const li = active.closest('li');
      return li ? { post: li.dataset.post, flag: li.dataset.flag, document: li.dataset.document, action: active.dataset.action } : null;
    })();
    const byTime = (key) => (a, b) => String(a[key] || '').localeCompare(String(b[key] || ''));
    const pending = [...store.pending.values()].sort(byTime('created_at'));
    const flags = [...store.flags.values()].sort(byTime('at'));
    replace(pendingList, pending.map(pendingItem));
    replace(flagsList, flags.map(flagItem));
    const docs = [...waitingDocs.values()].sort(byTime('at'));
    replace(docsList, docs.map(documentEntry));
    setText(docsHeading, `Documenten die wachten (${docs.length})`);
    docsEmpty.hidden = docs.length > 0;
    docsList.hidden = docs.length === 0;
    setText(pendingHeading, `Wacht op goedkeuring (${pending.length})`);
    setText(flagsHeading, `Meldingen (${flags.length})`);
    pendingEmpty.hidden = pending.length > 0;
    flagsEmpty.hidden = flags.length > 0;
    pendingList.hidden = pending.length === 0;
    flagsList.hidden = flags.length === 0;
    more.hidden = !store.queueMore;
    if (focusedKey) {
      let li;
      if (focusedKey.post) li = pendingList.querySelector(`li[data-post="${CSS.escape(focusedKey.post)}"]`);
      else if (focusedKey.document) li = docsList.querySelector(`li[data-document="${CSS.escape(focusedKey.document)}"]`);
      else li = flagsList.querySelector(`li[data-flag="${CSS.escape(focusedKey.flag || '')}"]`);
      const again = li && li.querySelector(`[data-action="${focusedKey.action}"]`);
      if (again) again.focus();
      else refresh.focus();
    }
  }

  let drawTimer = null;
  function drawSoon() {
    clearTimeout(drawTimer);
    drawTimer = setTimeout(draw, 200);
  }

  function onStoreChange(change) {
    if (!alive) return;
    // Thread changes matter only for the titles shown; the queue itself changes with 'queue'.
    if (change.type === 'queue' || change.type === 'reset') draw();
    else if (change.type === 'thread' && store.queueSize()) drawSoon();
  }

  draw();

  return {
    el,
    load,
    update: draw,
    onStoreChange,
    /** A document from an answer or event: only a pending one waits here. */
    applyDocument(doc, { gone = false } = {}) {
      const had = waitingDocs.has(doc.id);
      if (!gone && doc.state === 'pending') waitingDocs.set(doc.id, { ...(waitingDocs.get(doc.id) || {}), ...doc });
      else waitingDocs.delete(doc.id);
      if (had || waitingDocs.has(doc.id)) draw();
    },
    waitingDocuments: () => waitingDocs.size,
    destroy() {
      alive = false;
      clearInterval(timer);
      clearTimeout(drawTimer);
    },
  };
}
