// One thread: title and markers, moderator controls (lock, pin, resolve, slow
// mode, "Titel wijzigen"), the posts oldest first with "Oudere berichten" to page back
// (thread.posts with before), who is typing, and the reply composer. Posts
// follow the store live; the thread is marked read (thread.read) on opening
// and when posts arrive while it is open and the tab is visible.

import { h, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { SLOW_MODES, slowModeText } from '../core/labels.js';
import { announce } from '../core/ui.js';
import { threadBadges, canPostIn } from './threads.js';
import { postItem } from './post-item.js';
import { authorLabel } from './post-author.js';
import { replyComposer } from './composer.js';
import { retitleDialog } from './dialogs.js';

const PAGE_SIZE = 50;
const TYPING_SHOWN_MS = 5000;
const READ_DELAY_MS = 600;

/**
 * ctx: { view, store, applyPost }. threadId. onBack().
 * Returns { el, threadId, update(), onStoreChange(change), typing(user), showPost(id), focus(), destroy() }.
 */
export function threadView(ctx, threadId, { onBack }) {
  const { view, store } = ctx;
  const headingId = uid('thread-heading');
  const back = h('button', { type: 'button', class: 'link-button back-button' }, 'Alle gesprekken');
  back.addEventListener('click', () => onBack());
  const heading = h('h3', { id: headingId, tabindex: '-1', class: 'thread-heading' });
  const badges = h('p', { class: 'thread-badges' });
  const slowNote = h('p', { class: 'muted small', hidden: true });
  const controls = h('div', { class: 'thread-controls', role: 'group', 'aria-label': 'Gespreksbeheer', hidden: true });
  const controlsAlert = h('p', { class: 'alert alert-error', role: 'alert', hidden: true });
  const status = h('p', { class: 'muted', role: 'status' });
  const older = h('button', { type: 'button', class: 'button secondary small', hidden: true }, 'Oudere berichten');
  const list = h('ol', { class: 'post-list', 'aria-label': 'Berichten' });
  const typingLine = h('p', { class: 'typing-line muted small' });
  const readonlyNote = h('p', { class: 'readonly-note', hidden: true });
  const composerSlot = h('div', { class: 'composer-slot' });
  const el = h('section', { class: 'thread-view', 'aria-labelledby': headingId },
    h('p', { class: 'thread-back' }, back),
    heading,
    badges,
    slowNote,
    controls,
    controlsAlert,
    h('div', { class: 'older-slot' }, older),
    status,
    list,
    typingLine,
    readonlyNote,
    composerSlot);

  const items = new Map(); // post id -> postItem
  const typers = new Map(); // user id -> { name, timer }
  let composer = null;
  let alive = true;
  let readTimer = null;
  let loadingOlder = false;

  const postCtx = {
    ...ctx,
    canPost: () => canPostIn(view, store.thread(threadId)),
  };

  const thread = () => store.thread(threadId);

  // ---- Loading posts ----

  async function loadFirst() {
    if (store.postsOf(threadId)?.loaded) {
      drawPosts();
      markRead();
      return;
    }
    store.beginLoad(threadId);
    setText(status, 'Berichten worden geladen…');
    let answer;
    try {
      answer = await socket.request('thread.posts', { thread: threadId, limit: PAGE_SIZE });
    } catch (err) {
      if (!alive) return;
      setText(status, `De berichten konden niet worden geladen. ${errorText(err)}`);
      return;
    }
    if (!alive) return;
    setText(status, '');
    store.addPage(threadId, answer.posts || [], answer.has_more);
    markRead();
  }

  /** Loads the next older page; resolves true when it did. */
  async function loadOlder() {
    const cache = store.postsOf(threadId);
    if (!cache || !cache.cursor || loadingOlder) return false;
    loadingOlder = true;
    older.disabled = true;
    older.setAttribute('aria-busy', 'true');
    const firstBefore = list.firstElementChild;
    let answer;
    try {
      answer = await socket.request('thread.posts', { thread: threadId, before: cache.cursor, limit: PAGE_SIZE });
    } catch (err) {
      setText(status, `Oudere berichten konden niet worden geladen. ${errorText(err)}`);
      return false;
    } finally {
      loadingOlder = false;
      older.disabled = false;
      older.removeAttribute('aria-busy');
    }
    if (!alive) return false;
    const count = (answer.posts || []).length;
    store.addPage(threadId, answer.posts || [], answer.has_more);
    announce(count === 1 ? '1 ouder bericht geladen.' : `${count} oudere berichten geladen.`);
    // Keep the keyboard where it was: on the button, or on the newest of the older posts.
    if (older.hidden && firstBefore) {
      const previous = firstBefore.previousElementSibling;
      (previous || firstBefore).focus();
    }
    return true;
  }
  older.addEventListener('click', () => loadOlder());

  // ---- Drawing ----

  function drawPosts() {
    const posts = store.sortedPosts(threadId);
    const wanted = new Set(posts.map((p) => p.id));
    for (const [id, item] of items) {
      if (!wanted.has(id)) {
        item.el.remove();
        items.delete(id);
      }
    }
    posts.forEach((post, i) => {
      let item = items.get(post.id);
      if (!item) {
        item = postItem(postCtx, post, { onReply: reply, onJump: jump });
        items.set(post.id, item);
      } else if (item.post !== post) {
        item.update(post);
      }
      if (list.children[i] !== item.el) list.insertBefore(item.el, list.children[i] || null);
    });
    const cache = store.postsOf(threadId);
    older.hidden = !(cache && cache.loaded && cache.hasMore);
    if (cache && cache.loaded && posts.length === 0) setText(status, 'Nog geen berichten die je kunt zien.');
    else if (cache && cache.loaded && status.textContent === 'Nog geen berichten die je kunt zien.') setText(status, '');
  }

  function reply(post) {
    if (!composer) return;
    composer.setReplyTo(post);
  }

  /**
   * Brings a post into view and gives it the focus, marked as the one asked
   * for (a link from the board or the queue, a search hit): waits for the
   * first page and pages back with `before` until the post is there. When
   * this user cannot see it, the thread's heading gets the focus.
   */
  async function showPost(postId) {
    await firstLoad;
    while (alive && !items.has(postId)) {
      const cache = store.postsOf(threadId);
      if (!cache || !cache.loaded || !cache.hasMore || !cache.cursor) break;
      if (!(await loadOlder())) break;
    }
    if (!alive) return;
    const item = items.get(postId);
    if (!item) {
      heading.focus();
      return;
    }
    for (const other of items.values()) other.el.classList.remove('is-target');
    item.el.classList.add('is-target');
    item.el.scrollIntoView({ block: 'center' });
    item.el.focus({ preventScroll: true });
  }

  function jump(postId) {
    const item = items.get(postId);
    if (item) {
      item.el.scrollIntoView({ block: 'center' });
      item.el.focus({ preventScroll: true });
    }
  }

  function drawHeader() {
    const t = thread();
    if (!t) return;
    setText(heading, t.title);
    replace(badges, threadBadges(t));
    const slow = t.slow_mode_seconds > 0;
    if (slow) setText(slowNote, `Langzame modus: deelnemers kunnen één bericht per ${slowModeText(t.slow_mode_seconds)} plaatsen.`);
    slowNote.hidden = !slow;
  }

  function drawControls() {
    const t = thread();
    const show = Boolean(t) && view.canModerate();
    if (!show) {
      if (!controls.hidden) {
        const hadFocus = controls.contains(document.activeElement);
        replace(controls);
        controls.hidden = true;
        if (hadFocus) heading.focus();
      }
      return;
    }
    const focused = controls.contains(document.activeElement) ? document.activeElement.dataset.action : null;
    const act = (label, verb, { danger = false } = {}) => {
      const b = h('button', { type: 'button', class: danger ? 'button danger small' : 'button secondary small', dataset: { action: verb } }, label);
      b.addEventListener('click', () => threadAction(b, verb));
      return b;
    };
    const buttons = [];
    if (t.status === 'open') {
      buttons.push(act('Sluiten', 'thread.lock'));
      buttons.push(act('Afronden', 'thread.resolve'));
    } else {
      buttons.push(act('Heropenen', 'thread.unlock'));
    }
    buttons.push(t.pinned ? act('Losmaken', 'thread.unpin') : act('Vastzetten', 'thread.pin'));
    const retitleButton = h('button', { type: 'button', class: 'button secondary small', dataset: { action: 'thread.retitle' } }, 'Titel wijzigen');
    retitleButton.addEventListener('click', () => retitle());
    buttons.push(retitleButton);
    const selectId = uid('slow-mode');
    const select = h('select', { id: selectId, dataset: { action: 'slow' } },
      SLOW_MODES.map(([value, label]) => h('option', { value }, label)));
    const current = String(t.slow_mode_seconds || 0);
    if (!SLOW_MODES.some(([v]) => v === current)) select.append(h('option', { value: current }, slowModeText(current)));
    select.value = current;
    select.addEventListener('change', () => setSlowMode(select));
    replace(controls,
      h('div', { class: 'action-group' }, buttons),
      h('div', { class: 'slow-mode-field' }, h('label', { for: selectId }, 'Langzame modus'), select));
    controls.hidden = false;
    if (focused) {
      const again = controls.querySelector(`[data-action="${focused}"]`) || controls.querySelector('button');
      if (again) again.focus();
    }
  }

  async function threadAction(button, verb) {
    setText(controlsAlert, '', { hideEmpty: true });
    if (button.disabled) return;
    button.disabled = true;
    let answer;
    try {
      answer = await socket.request(verb, { thread: threadId });
    } catch (err) {
      button.disabled = false;
      setText(controlsAlert, errorText(err, { locked: 'De sessie is gearchiveerd.' }), { hideEmpty: true });
      return;
    }
    button.disabled = false;
    if (answer.thread) store.setThread(answer.thread);
    announce({
      'thread.lock': 'Het gesprek is gesloten.',
      'thread.unlock': 'Het gesprek is heropend.',
      'thread.pin': 'Het gesprek is vastgezet.',
      'thread.unpin': 'Het gesprek is losgemaakt.',
      'thread.resolve': 'Het gesprek is afgerond.',
    }[verb]);
  }

  /**
   * Asks for the new title and reason, then thread.retitle; everyone's view
   * follows its event. The button stays enabled (a flag guards against a second
   * request) so that the keyboard stays on it after the dialog closes.
   */
  let retitling = false;
  async function retitle() {
    setText(controlsAlert, '', { hideEmpty: true });
    const t = thread();
    if (!t || retitling) return;
    retitling = true;
    try {
      const chosen = await retitleDialog({ currentTitle: t.title });
      // The controls may have been drawn anew while the dialog was open (the thread
      // was marked read): the keyboard goes back to the button as it is now.
      if (alive && !controls.contains(document.activeElement)) controls.querySelector('[data-action="thread.retitle"]')?.focus();
      if (!chosen || !alive) return;
      const answer = await socket.request('thread.retitle', { thread: threadId, title: chosen.title, reason: chosen.reason });
      if (answer.thread) store.setThread(answer.thread);
      announce('De titel is gewijzigd; de oude titel is gewist.');
    } catch (err) {
      setText(controlsAlert, errorText(err, { locked: 'De sessie is gearchiveerd.' }), { hideEmpty: true });
    } finally {
      retitling = false;
    }
  }

  async function setSlowMode(select) {
    setText(controlsAlert, '', { hideEmpty: true });
    const seconds = Number(select.value);
    select.disabled = true;
    let answer;
    try {
      answer = await socket.request('thread.slow_mode', { thread: threadId, seconds });
    } catch (err) {
      select.disabled = false;
      select.value = String(thread()?.slow_mode_seconds || 0);
      setText(controlsAlert, errorText(err, { locked: 'De sessie is gearchiveerd.' }), { hideEmpty: true });
      return;
    }
    select.disabled = false;
    if (answer.thread) store.setThread(answer.thread);
    announce(seconds > 0 ? `Langzame modus staat aan: één bericht per ${slowModeText(seconds)}.` : 'Langzame modus staat uit.');
  }

  function drawComposer() {
    const t = thread();
    const archived = Boolean(view.session?.archived);
    let note = null;
    if (archived) note = 'De sessie is gearchiveerd: je kunt alles teruglezen, maar niets meer toevoegen.';
    else if (view.myRole === 'observer') note = 'Je bent waarnemer in deze sessie: je kunt meelezen, maar niet reageren.';
    else if (t && t.status !== 'open' && view.myRole !== 'moderator') {
      note = t.status === 'resolved'
        ? 'Dit gesprek is afgerond: er kunnen geen berichten meer bij.'
        : 'Dit gesprek is gesloten: er kunnen geen berichten meer bij.';
    } else if (t && t.status !== 'open') {
      note = 'Dit gesprek is gesloten voor deelnemers; als moderator kun je nog reageren.';
    }
    setText(readonlyNote, note || '', { hideEmpty: true });
    const may = canPostIn(view, t);
    if (may && !composer) {
      composer = replyComposer(view, threadId, {
        getThread: thread,
        onPosted: (post) => {
          ctx.applyPost(post);
          const item = items.get(post.id);
          if (item) item.el.scrollIntoView({ block: 'nearest' });
        },
      });
      replace(composerSlot, composer.el);
    } else if (!may && composer) {
      const hadFocus = composerSlot.contains(document.activeElement);
      composer.destroy();
      composer = null;
      replace(composerSlot);
      if (hadFocus) heading.focus();
    }
    if (composer) composer.update();
  }

  // ---- Typing ----

  function drawTyping() {
    const names = [...typers.values()].map((t) => t.name);
    let text = '';
    if (names.length === 1) text = `${names[0]} typt…`;
    else if (names.length === 2) text = `${names[0]} en ${names[1]} typen…`;
    else if (names.length > 2) text = `${names.length} mensen typen…`;
    setText(typingLine, text);
  }

  function typing(user) {
    if (!user || user.id === view.me.id) return;
    const old = typers.get(user.id);
    if (old) clearTimeout(old.timer);
    const timer = setTimeout(() => {
      typers.delete(user.id);
      drawTyping();
    }, TYPING_SHOWN_MS);
    typers.set(user.id, { name: user.display_name || 'Iemand', timer });
    drawTyping();
  }

  function stopTyping(userId) {
    const old = typers.get(userId);
    if (!old) return;
    clearTimeout(old.timer);
    typers.delete(userId);
    drawTyping();
  }

  // ---- Read marks ----

  let readPending = false;

  function markRead() {
    if (!alive || document.visibilityState !== 'visible') return;
    const t = thread();
    if (t && t.unread) store.setThread({ ...t, unread: 0 }); // shown at once; the server follows
    readPending = true;
    clearTimeout(readTimer);
    readTimer = setTimeout(sendRead, READ_DELAY_MS);
  }

  async function sendRead() {
    clearTimeout(readTimer);
    if (!readPending) return;
    readPending = false;
    try {
      const answer = await socket.request('thread.read', { thread: threadId });
      const t = thread();
      // Posts that arrived meanwhile while the thread is still open stay read.
      if (answer.thread && t) store.setThread({ ...answer.thread, unread: alive ? 0 : answer.thread.unread });
    } catch {
      // Not important enough to bother anyone; the next open tries again.
    }
  }

  const onVisible = () => {
    if (document.visibilityState === 'visible' && (thread()?.unread || 0) > 0) markRead();
  };
  document.addEventListener('visibilitychange', onVisible);

  // ---- Store changes ----

  function onStoreChange(change) {
    if (!alive) return;
    switch (change.type) {
      case 'thread':
        if (change.thread.id !== threadId) return;
        drawHeader();
        drawControls();
        drawComposer();
        break;
      case 'posts':
        if (change.thread === threadId) drawPosts();
        break;
      case 'reset':
        // A new snapshot: the posts are loaded again.
        drawPosts();
        update();
        loadFirst();
        break;
      case 'post': {
        const post = change.post;
        if (!post || post.thread !== threadId) return;
        drawPosts();
        for (const item of items.values()) {
          if (item.post.reply_to === post.id) item.refreshReference();
        }
        if (change.isNew) {
          const mine = post.mine || post.author?.id === view.me.id;
          if (!mine) {
            stopTyping(post.author?.id);
            if (post.state === 'visible') {
              announce(`Nieuw bericht van ${authorLabel(post)}.`);
              markRead();
            }
          }
        }
        break;
      }
      default:
        break;
    }
  }

  function update() {
    drawHeader();
    drawControls();
    drawComposer();
    for (const item of items.values()) item.update();
  }

  update();
  const firstLoad = loadFirst();

  return {
    el,
    threadId,
    update,
    onStoreChange,
    typing,
    markRead,
    showPost,
    focus() {
      heading.focus();
    },
    destroy() {
      alive = false;
      if (readPending) sendRead(); // leaving quickly still marks it read
      clearTimeout(readTimer);
      for (const t of typers.values()) clearTimeout(t.timer);
      document.removeEventListener('visibilitychange', onVisible);
      if (composer) composer.destroy();
    },
  };
}
