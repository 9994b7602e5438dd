// The workspace of the session page: the threads (casuïstiek: the thread list,
// one open thread, "Nieuw gesprek"), the shared knowledge board in a
// "Kennisbord" tab, the session notes in a "Verslag" tab, the session's documents
// in a "Documenten" tab (documents/documents-tab.js), for moderators a
// "Moderatie" tab with the queue and a "Logboek" tab with the session's audit
// log (also in an archived session), and above them "Zoeken in deze sessie",
// whose hits open the thread, post, card or note they point to. The session
// page hands it the snapshot, the thread, post, card, column and note events
// and the typing frames; this module keeps the stores current and the views in
// step. The open thread is kept in the address (?gesprek=<id>).

import { h, replace, setText, uid } from '../core/dom.js';
import { announce } from '../core/ui.js';
import { createThreadStore, isPublicVisible, flagPostId } from './thread-store.js';
import { threadList, canStartThread } from './threads.js';
import { threadView } from './thread-view.js';
import { newThreadForm } from './composer.js';
import { createBoardStore } from '../board/board-store.js';
import { applyBoardEvent as applyToBoard } from '../board/board-events.js';
import { canAddCards } from '../board/board-rights.js';
import { searchBox } from './search.js';
import { downloadHref } from '../documents/document-format.js';
import { isShownTo } from '../documents/document-item.js';
import { deferredPart } from '../core/deferred-part.js';

const THREAD_PARAM = 'gesprek';

/**
 * view: the page's state ({ id, me, session, myRole, members, canModerate() }).
 * initialThread: a thread id from the address, opened once the threads are known;
 * initialPost: a post in it to show (the address's `bericht`);
 * initialNote: a note block to show in "Verslag" (`aantekening`);
 * initialTab: 'moderation' to open the queue (`moderatie`, a notification's link).
 * Returns { el, load(state), applyEvent(event), typing(frame), update(), destroy() }.
 */
export function threadsWorkspace(view, { initialThread = null, initialPost = null, initialNote = null, initialTab = null } = {}) {
  view.drafts = view.drafts || new Map();
  view.attribution = view.attribution || 'named';
  const store = createThreadStore();
  const ctx = {
    view,
    store,
    applyPost,
    applyDocument: (doc) => applyDocument(doc),
    board: null, // the boardPanel, set below
    canAddToBoard: (post) => canAddCards(view) && post.state === 'visible' && !post.whisper,
  };

  const headingId = 'workspace-heading';
  const heading = h('h2', { id: headingId, tabindex: '-1' }, 'Gesprekken');

  // Tabs (only moderators get the "Moderatie" and "Logboek" tabs).
  const threadsTabId = uid('tab-threads');
  const boardTabId = uid('tab-board');
  const notesTabId = uid('tab-notes');
  const docsTabId = uid('tab-documents');
  const docsPanelId = uid('panel-documents');
  const modTabId = uid('tab-moderation');
  const auditTabId = uid('tab-audit');
  const threadsPanelId = uid('panel-threads');
  const boardPanelId = uid('panel-board');
  const notesPanelId = uid('panel-notes');
  const modPanelId = uid('panel-moderation');
  const auditPanelId = uid('panel-audit');
  const threadsTab = h('button', { type: 'button', role: 'tab', id: threadsTabId, 'aria-controls': threadsPanelId, 'aria-selected': 'true' }, 'Gesprekken');
  const boardTab = h('button', { type: 'button', role: 'tab', id: boardTabId, 'aria-controls': boardPanelId, 'aria-selected': 'false', tabindex: '-1' }, 'Kennisbord');
  const notesTab = h('button', { type: 'button', role: 'tab', id: notesTabId, 'aria-controls': notesPanelId, 'aria-selected': 'false', tabindex: '-1' }, 'Verslag');
  const docsTab = h('button', { type: 'button', role: 'tab', id: docsTabId, 'aria-controls': docsPanelId, 'aria-selected': 'false', tabindex: '-1' }, 'Documenten');
  const modTab = h('button', { type: 'button', role: 'tab', id: modTabId, 'aria-controls': modPanelId, 'aria-selected': 'false', tabindex: '-1', hidden: true }, 'Moderatie');
  const auditTab = h('button', { type: 'button', role: 'tab', id: auditTabId, 'aria-controls': auditPanelId, 'aria-selected': 'false', tabindex: '-1', hidden: true }, 'Logboek');
  const tablist = h('div', { role: 'tablist', 'aria-label': 'Werkruimte', class: 'tabs' }, threadsTab, boardTab, notesTab, docsTab, modTab, auditTab);
  const threadsPanel = h('div', { role: 'tabpanel', id: threadsPanelId, 'aria-labelledby': threadsTabId, class: 'tab-panel' });
  const boardTabPanel = h('div', { role: 'tabpanel', id: boardPanelId, 'aria-labelledby': boardTabId, class: 'tab-panel', hidden: true });
  const notesTabPanel = h('div', { role: 'tabpanel', id: notesPanelId, 'aria-labelledby': notesTabId, class: 'tab-panel', hidden: true });
  const docsTabPanel = h('div', { role: 'tabpanel', id: docsPanelId, 'aria-labelledby': docsTabId, class: 'tab-panel', hidden: true });
  const modPanel = h('div', { role: 'tabpanel', id: modPanelId, 'aria-labelledby': modTabId, class: 'tab-panel', hidden: true });
  const auditPanel = h('div', { role: 'tabpanel', id: auditPanelId, 'aria-labelledby': auditTabId, class: 'tab-panel', hidden: true });
  const search = searchBox(view, { hrefFor: hitHref, onOpen: openHit });
  const el = h('section', { class: 'card session-workspace', 'aria-labelledby': headingId },
    h('div', { class: 'workspace-head' }, heading, tablist),
    search.el,
    threadsPanel,
    boardTabPanel,
    notesTabPanel,
    docsTabPanel,
    modPanel,
    auditPanel);
  const TAB_TITLES = { threads: 'Gesprekken', board: 'Kennisbord', notes: 'Verslag', documents: 'Documenten', moderation: 'Moderatie', audit: 'Logboek' };

  const list = threadList(ctx, { onOpen: openThread, onNew: openNewThread, threadHref });
  let current = null; // the open threadView
  let creating = null; // the open newThreadForm
  let moderation = null; // the moderationPanel, for moderators
  let audit = null; // the auditLog, for moderators
  let tab = 'threads';
  let wanted = initialThread; // thread to open once known
  let wantedPost = initialPost; // and the post in it to show (a notification's link)
  let wantedNote = initialNote; // a note block to show (a notification's link)
  let wantedTab = initialTab; // or the moderation queue
  let loaded = false;

  replace(threadsPanel, list.el);

  // The board's data is here from the start (the thread view marks posts on the board);
  // its view, like the other tabs that are not open at first, loads after the page
  // shows (deferred-part.js).
  const boardStore = createBoardStore();
  const board = deferredPart(() => import('../board/board.js'), ({ boardPanel }) => boardPanel(view, {
    store: boardStore,
    onOpenThread: (threadId, postId) => openThread(threadId, { focusPost: postId }),
    threadHref,
    knowsThread: (id) => Boolean(store.thread(id)),
    isShown: () => tab === 'board' && document.visibilityState === 'visible',
  }), { methods: ['load', 'tell', 'update'], awaits: ['createFromPost', 'focusCard'] });
  board.store = boardStore;
  ctx.board = board;
  replace(boardTabPanel, board.el);

  const notes = deferredPart(() => import('../notes/notes.js'),
    ({ notesPanel }) => notesPanel(view, { isShown: () => tab === 'notes' && document.visibilityState === 'visible' }),
    { methods: ['load', 'applyEvent', 'update'], awaits: ['focusBlock'] });
  replace(notesTabPanel, notes.el);

  const documents = deferredPart(() => import('../documents/documents-tab.js'), ({ documentsPanel }) => documentsPanel(view, {
    threads: () => store.sortedThreads(),
    threadHref,
    onOpenThread: (id) => openThread(id),
    onDocument: (doc) => applyDocument(doc),
  }), { methods: ['load', 'applyDocument', 'update', 'reset'] });
  replace(docsTabPanel, documents.el);

  function threadHref(id) {
    return `/sessions/${encodeURIComponent(view.id)}?${THREAD_PARAM}=${encodeURIComponent(id)}`;
  }

  function setAddress(threadId) {
    const url = new URL(location.href);
    if (threadId) url.searchParams.set(THREAD_PARAM, threadId);
    else url.searchParams.delete(THREAD_PARAM);
    const next = url.pathname + url.search + url.hash;
    if (next !== location.pathname + location.search + location.hash) history.replaceState(null, '', next);
  }

  // ---- Search hits ----

  /** Where a hit's link points: the thread's address for threads and posts. */
  function hitHref(hit) {
    if (hit.kind === 'thread') return threadHref(hit.id);
    if (hit.kind === 'post' && hit.thread) return threadHref(hit.thread);
    if (hit.kind === 'document') return downloadHref(hit.document?.id ?? hit.id);
    return `#${hit.kind}-${encodeURIComponent(hit.id)}`;
  }

  /** Opens what a hit points to: a thread (at the post), a card on the board, a note block. */
  function openHit(hit) {
    let found = false;
    if (hit.kind === 'thread' || hit.kind === 'post') {
      const threadId = hit.kind === 'thread' ? hit.id : hit.thread;
      if (store.thread(threadId)) {
        openThread(threadId, { focusPost: hit.kind === 'post' ? hit.id : null });
        found = true;
      }
    } else if (hit.kind === 'card') {
      selectTab('board', { focus: false });
      found = board.focusCard(hit.id);
    } else if (hit.kind === 'note') {
      selectTab('notes', { focus: false });
      found = notes.focusBlock(hit.id);
    }
    // The board and the notes may still be loading: their answer can be a promise.
    Promise.resolve(found).then((shown) => {
      if (!shown) announce('Dit is niet (meer) te vinden in de sessie.');
    });
  }

  // ---- Switching between list, thread, new thread and moderation ----

  function closeCurrent() {
    if (current) {
      current.destroy();
      current = null;
    }
    if (creating) {
      creating.destroy();
      creating = null;
    }
  }

  function showList({ focusThread = null } = {}) {
    closeCurrent();
    replace(threadsPanel, list.el);
    list.update();
    setAddress(null);
    if (focusThread) list.focusThread(focusThread);
  }

  function openThread(threadId, { focusPost = null, focus = true } = {}) {
    if (!store.thread(threadId)) return;
    selectTab('threads', { focus: false });
    closeCurrent();
    current = threadView(ctx, threadId, { onBack: () => showList({ focusThread: threadId }) });
    replace(threadsPanel, current.el);
    setAddress(threadId);
    if (focusPost) {
      current.showPost(focusPost);
    } else if (focus) {
      current.focus();
    }
  }

  function openNewThread() {
    if (!canStartThread(view)) return;
    closeCurrent();
    creating = newThreadForm(view, {
      onCreated: (thread, post) => {
        if (thread) store.setThread(thread);
        if (post) applyPost(post);
        announce(thread?.pending
          ? 'Je gesprek is gestart en wacht op goedkeuring door een moderator.'
          : 'Je gesprek is gestart.');
        if (thread) openThread(thread.id);
        else showList();
      },
      onCancel: () => showList(),
    });
    replace(threadsPanel, creating.el);
    setAddress(null);
    creating.focus();
  }

  const tabs = { threads: threadsTab, board: boardTab, notes: notesTab, documents: docsTab, moderation: modTab, audit: auditTab };
  const panels = { threads: threadsPanel, board: boardTabPanel, notes: notesTabPanel, documents: docsTabPanel, moderation: modPanel, audit: auditPanel };

  function tabNames() {
    return ['threads', 'board', 'notes', 'documents', moderation ? 'moderation' : null, audit ? 'audit' : null].filter(Boolean);
  }

  function selectTab(name, { focus = true } = {}) {
    if ((name === 'moderation' && !moderation) || (name === 'audit' && !audit)) name = 'threads';
    tab = name;
    for (const [key, button] of Object.entries(tabs)) {
      button.setAttribute('aria-selected', String(key === name));
      button.tabIndex = key === name ? 0 : -1;
      panels[key].hidden = key !== name;
    }
    setText(heading, TAB_TITLES[name]);
    // The board gets the full width of the page; the member panel goes under it.
    el.parentElement?.classList.toggle('is-board', name === 'board');
    if (name === 'moderation' && moderation) moderation.load();
    // The log is read fresh each time the tab opens: it has no live events.
    if (name === 'audit' && audit) audit.load();
    if (name === 'documents') documents.load();
    if (focus) tabs[name].focus();
  }
  threadsTab.addEventListener('click', () => selectTab('threads'));
  boardTab.addEventListener('click', () => selectTab('board'));
  notesTab.addEventListener('click', () => selectTab('notes'));
  docsTab.addEventListener('click', () => selectTab('documents'));
  modTab.addEventListener('click', () => selectTab('moderation'));
  auditTab.addEventListener('click', () => selectTab('audit'));
  tablist.addEventListener('keydown', (ev) => {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(ev.key)) return;
    ev.preventDefault();
    const names = tabNames();
    const at = Math.max(0, names.indexOf(tab));
    if (ev.key === 'Home') selectTab(names[0]);
    else if (ev.key === 'End') selectTab(names[names.length - 1]);
    else selectTab(names[(at + (ev.key === 'ArrowRight' ? 1 : names.length - 1)) % names.length]);
  });

  /** Empties a moderators-only tab whose part was taken away; focus there goes to the heading. */
  function dropTab(name) {
    const hadFocus = tabs[name] === document.activeElement || panels[name].contains(document.activeElement);
    replace(panels[name]);
    if (tab === name) selectTab('threads', { focus: false });
    if (hadFocus) heading.focus();
  }

  function drawTabs() {
    const moderate = view.canModerate();
    if (moderate && !moderation) {
      moderation = deferredPart(() => import('./moderation.js'),
        ({ moderationPanel }) => moderationPanel(ctx, { onOpenThread: (threadId, postId) => openThread(threadId, { focusPost: postId }) }),
        { methods: ['load', 'update', 'onStoreChange', 'applyDocument', 'waitingDocuments'], answers: { waitingDocuments: 0 } });
      replace(modPanel, moderation.el);
      if (loaded) moderation.load();
    } else if (!moderate && moderation) {
      moderation.destroy();
      moderation = null;
      dropTab('moderation');
    }
    modTab.hidden = !moderation;
    // The log stays readable for moderators once the session is archived.
    const readsAudit = view.myRole === 'moderator';
    if (readsAudit && !audit) {
      audit = deferredPart(() => import('../audit/audit-log.js'),
        ({ auditLog }) => auditLog({ session: view.id, label: 'Logboek van deze sessie' }), { methods: ['load'] });
      replace(auditPanel, audit.el);
    } else if (!readsAudit && audit) {
      audit.destroy();
      audit = null;
      dropTab('audit');
    }
    auditTab.hidden = !audit;
    const size = store.queueSize() + (moderation ? moderation.waitingDocuments() : 0);
    setText(modTab, moderation && size ? `Moderatie (${size})` : 'Moderatie');
    const unread = [...store.threads.values()].reduce((n, t) => n + (t.unread || 0), 0);
    setText(threadsTab, unread ? `Gesprekken (${unread} ongelezen)` : 'Gesprekken');
  }

  // ---- Applying answers and events ----

  /** Applies a post from an answer or an event, keeping thread counters in step. */
  function applyPost(post, { fromEvent = false, actor = null } = {}) {
    if (!post) return;
    // A card on the board quotes this post: say so, even when the post object lags behind.
    if (!post.on_board && ctx.board && ctx.board.store.cardsFromPost(post.id).length) post = { ...post, on_board: true };
    const before = store.post(post.id);
    const wasPublic = before ? isPublicVisible(before) : false;
    const { isNew, known } = store.setPost(post);
    const nowPublic = isPublicVisible(post);
    const thread = store.thread(post.thread);
    if (thread && nowPublic && !wasPublic && (fromEvent || !known)) {
      const mine = post.mine || post.author?.id === view.me.id || (actor && actor.id === view.me.id && !post.author);
      const reading = current && current.threadId === post.thread && document.visibilityState === 'visible';
      const last = thread.last_activity_at && thread.last_activity_at > (post.created_at || '') ? thread.last_activity_at : post.created_at;
      store.setThread({
        ...thread,
        post_count: (thread.post_count || 0) + 1,
        last_activity_at: last,
        unread: (thread.unread || 0) + (!mine && !reading && (isNew || !store.postsOf(post.thread)) ? 1 : 0),
      });
    }
  }

  /** Marks a loaded post as (no longer) on the board, from the board's own cards. */
  function syncOnBoard(postId) {
    const post = postId !== undefined && postId !== null ? store.post(postId) : null;
    if (!post) return;
    const onBoard = board.store.cardsFromPost(postId).length > 0;
    if (Boolean(post.on_board) !== onBoard) store.setPost({ ...post, on_board: onBoard });
  }

  /** Card and column events go to the board; a post made into a card gets its marker. */
  function applyBoardEvent(event) {
    board.tell(applyToBoard(boardStore, event, view.me));
    if (event.kind.startsWith('card.') && event.card?.source_post) syncOnBoard(event.card.source_post.id);
  }

  /** "Op het kennisbord zetten" made a card: the post shows its marker at once. */
  function cardFromPost(post) {
    syncOnBoard(post.id);
  }
  ctx.cardFromPost = cardFromPost;

  function applyEvent(event) {
    const actor = event.actor || {};
    const byOther = actor.id !== view.me.id;
    if (typeof event.kind === 'string' && (event.kind.startsWith('card.') || event.kind.startsWith('column.'))) {
      applyBoardEvent(event);
      return;
    }
    if (typeof event.kind === 'string' && event.kind.startsWith('note.')) {
      notes.applyEvent(event);
      return;
    }
    if (typeof event.kind === 'string' && event.kind.startsWith('document.')) {
      applyDocumentEvent(event);
      return;
    }
    // Cards quoting a post follow its state (hidden, redacted, edited, restored).
    if (event.post) boardStore.updateSourcePost(event.post);
    switch (event.kind) {
      case 'thread.created': {
        const isNew = !store.thread(event.thread?.id);
        store.setThread(event.thread);
        if (event.post) applyPost(event.post, { actor });
        if (isNew && byOther && event.thread) announce(`Nieuw gesprek: ${event.thread.title}.`);
        openWanted();
        break;
      }
      case 'thread.updated':
      case 'thread.slow_mode': {
        const isNew = event.thread && !store.thread(event.thread.id);
        store.setThread(event.thread);
        // Cards quoting a post of the thread name it: a new title (thread.retitle) reaches them too.
        if (event.thread) boardStore.updateSourceThread(event.thread);
        if (isNew && event.thread) announce(`Nieuw gesprek: ${event.thread.title}.`);
        openWanted();
        break;
      }
      case 'post.created':
        applyPost(event.post, { fromEvent: true, actor });
        break;
      case 'post.pending':
        applyPost(event.post, { fromEvent: true, actor });
        if (view.canModerate()) store.addPending(event.post);
        break;
      case 'post.approved':
        applyPost(event.post, { fromEvent: true, actor });
        break;
      case 'post.rejected':
      case 'post.edited':
      case 'post.deleted':
      case 'post.restored':
        applyPost(event.post, { fromEvent: true, actor });
        break;
      case 'post.hidden':
      case 'post.redacted':
        applyPost(event.post, { fromEvent: true, actor });
        if (event.post) store.closeFlagsOf(event.post.id);
        break;
      case 'post.flagged':
        // The event's post carries the new number of open flags (moderators).
        if (event.post) applyPost(event.post, { fromEvent: true, actor });
        else if (event.flag?.post && typeof event.flag.post === 'object') applyPost(event.flag.post, { fromEvent: true, actor });
        else if (event.flag) bumpFlags(flagPostId(event.flag));
        // The flag names its post (as in mod.queue), or the event carries it beside the flag.
        if (event.flag && view.canModerate()) store.addFlag(event.flag.post || !event.post ? event.flag : { ...event.flag, post: event.post });
        break;
      case 'post.flag_dismissed':
      case 'flag.dismissed': {
        if (event.post) applyPost(event.post, { fromEvent: true, actor });
        const id = event.flag && typeof event.flag === 'object' ? event.flag.id : event.flag;
        if (id !== undefined && id !== null) store.removeFlag(id);
        break;
      }
      default:
        break;
    }
  }

  /**
   * document.added | pending | approved | updated carry the document,
   * document.removed | redacted its id and new state (a hidden one stays for
   * moderators): the tab, the queue and the posts carrying it follow.
   */
  function applyDocumentEvent(event) {
    const doc = event.document;
    if (!doc || doc.id === undefined) return;
    const ended = event.kind === 'document.removed' || event.kind === 'document.redacted';
    applyDocument(doc, { gone: ended && !doc.state });
  }

  /** A document from an event or an answer: the tab, the queue and the posts carrying it follow. */
  function applyDocument(doc, { gone = false } = {}) {
    // A state the viewer no longer sees (hidden, for a participant) takes it away.
    gone = gone || !isShownTo(view, { ...doc, mine: doc.mine ?? true });
    documents.applyDocument(doc, { gone });
    if (moderation) {
      moderation.applyDocument(doc, { gone });
      drawTabs();
    }
    const changed = [];
    for (const cache of store.posts.values()) {
      for (const post of cache.byId.values()) {
        if (Array.isArray(post.documents) && post.documents.some((d) => d.id === doc.id)) changed.push(post);
      }
    }
    for (const post of changed) {
      const docs = gone
        ? post.documents.filter((d) => d.id !== doc.id)
        : post.documents.map((d) => (d.id === doc.id ? { ...d, ...doc } : d));
      store.setPost({ ...post, documents: docs });
    }
  }

  function bumpFlags(postId) {
    const post = postId !== null ? store.post(postId) : null;
    if (post && view.canModerate()) store.setPost({ ...post, flags: (post.flags || 0) + 1 });
  }

  function typing(frame) {
    if (current && frame.thread === current.threadId) current.typing(frame.user);
  }

  function openWanted() {
    if (wanted && store.thread(wanted)) {
      const id = wanted;
      const post = wantedPost;
      wanted = null;
      wantedPost = null;
      openThread(id, { focus: false, focusPost: post });
    }
  }

  /**
   * Once, after the first snapshot: the note block or the queue the address names.
   * After the page has shown the workspace (it does so right after loading the
   * snapshot): a hidden element cannot take the focus.
   */
  function openWantedPlace() {
    if (!wantedNote && !wantedTab) return;
    const id = wantedNote;
    const queue = wantedTab === 'moderation';
    wantedNote = null;
    wantedTab = null;
    queueMicrotask(() => {
      if (id) {
        selectTab('notes', { focus: false });
        Promise.resolve(notes.focusBlock(id)).then((shown) => {
          if (!shown) announce('Deze aantekening is niet (meer) te vinden in de sessie.');
        });
      } else if (queue && moderation) {
        selectTab('moderation');
      }
    });
  }

  // ---- Store → views ----

  const offStore = store.on((change) => {
    if (change.type === 'thread' || change.type === 'reset') {
      list.update();
      drawTabs();
      documents.update(); // the thread choice of an upload, the rows' thread links
    }
    if (change.type === 'queue') drawTabs();
    if (current) current.onStoreChange(change);
    if (moderation) moderation.onStoreChange(change);
    if (change.type === 'reset' && current && !store.thread(current.threadId)) showList();
  });

  /** A snapshot (session.state): threads with unread counts; reloads queue and open thread. */
  function load(state) {
    loaded = true;
    store.reset(state.threads || []);
    boardStore.reset(state.board || {});
    board.load();
    notes.load(state);
    documents.reset();
    drawTabs();
    if (moderation) moderation.load();
    if (current && !store.thread(current.threadId)) showList();
    openWanted();
    openWantedPlace();
    if (wanted && !current) {
      // The address named a thread this user cannot see (any more).
      wanted = null;
      setAddress(null);
    }
  }

  function update() {
    drawTabs();
    list.update();
    if (current) current.update();
    if (creating) {
      if (!canStartThread(view)) showList();
      else creating.update();
    }
    if (moderation) moderation.update();
    board.update();
    notes.update();
    documents.update();
  }

  drawTabs();

  return {
    el,
    load,
    applyEvent,
    typing,
    update,
    destroy() {
      offStore();
      closeCurrent();
      if (moderation) moderation.destroy();
      if (audit) audit.destroy();
      board.destroy();
      notes.destroy();
      documents.destroy();
      search.destroy();
    },
    store,
    board,
    notes,
  };
}
