// The threads, posts and moderation queue of one session page, as the client
// knows them. Snapshots, answers and events all go through here; the views
// listen for changes. Pure (no DOM).
//
// Posts are kept only for threads that were opened (thread.posts); for other
// threads the list shows the counters of the thread object.

import { createEmitter } from '../core/emitter.js';

/** Orders posts oldest first: by creation time, then by id (ids grow). */
export function comparePosts(a, b) {
  const ta = a.created_at || '';
  const tb = b.created_at || '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ia = String(a.id);
  const ib = String(b.id);
  if (ia.length !== ib.length) return ia.length - ib.length;
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

/** Orders threads: pinned first, then by last activity (newest first). */
export function compareThreads(a, b) {
  if (Boolean(a.pinned) !== Boolean(b.pinned)) return a.pinned ? -1 : 1;
  const ta = a.last_activity_at || a.created_at || '';
  const tb = b.last_activity_at || b.created_at || '';
  if (ta !== tb) return ta < tb ? 1 : -1;
  return comparePosts(b, a);
}

/** True when a post counts for everyone (post_count, unread). */
export function isPublicVisible(post) {
  return post.state === 'visible' && !post.whisper;
}

export function createThreadStore() {
  const events = createEmitter('thread store');
  const store = {
    threads: new Map(), // id -> thread
    posts: new Map(), // thread id -> { byId: Map, cursor, hasMore, loaded }
    pending: new Map(), // post id -> post (moderation queue)
    flags: new Map(), // flag id -> flag (moderation queue)
    queueLoaded: false,
    queueMore: null,  // cursor for the older part of the queue not loaded yet

    ...events,

    /** Replaces everything with a snapshot's threads (posts are reloaded by the views). */
    reset(threads) {
      store.threads = new Map((threads || []).map((t) => [t.id, { ...t }]));
      store.posts = new Map();
      store.emit({ type: 'reset' });
    },

    /** Adds or updates a thread; a thread from an event keeps the local unread count. */
    setThread(thread) {
      if (!thread || thread.id === undefined) return null;
      const old = store.threads.get(thread.id);
      const next = { ...(old || {}), ...thread };
      if (thread.unread === undefined || thread.unread === null) next.unread = old ? old.unread || 0 : 0;
      store.threads.set(thread.id, next);
      store.emit({ type: 'thread', thread: next, isNew: !old });
      return next;
    },

    thread(id) {
      return store.threads.get(id) || null;
    },

    sortedThreads() {
      return [...store.threads.values()].sort(compareThreads);
    },

    postsOf(threadId) {
      return store.posts.get(threadId) || null;
    },

    /** Finds a post in any loaded thread or in the queue. */
    post(id) {
      for (const cache of store.posts.values()) {
        const p = cache.byId.get(id);
        if (p) return p;
      }
      return store.pending.get(id) || null;
    },

    /** Starts following a thread's posts before its first page arrives (events are kept). */
    beginLoad(threadId) {
      if (!store.posts.has(threadId)) store.posts.set(threadId, { byId: new Map(), cursor: null, hasMore: false, loaded: false });
    },

    /** Records a page of thread.posts (newest first, as the server sends it). */
    addPage(threadId, posts, hasMore, { replace = false } = {}) {
      let cache = store.posts.get(threadId);
      if (!cache || replace) {
        cache = { byId: new Map(), cursor: null, hasMore: false, loaded: true };
        store.posts.set(threadId, cache);
      }
      for (const post of posts || []) mergePost(cache, post);
      if (posts && posts.length) cache.cursor = posts[posts.length - 1].id;
      cache.hasMore = Boolean(hasMore);
      cache.loaded = true;
      store.emit({ type: 'posts', thread: threadId });
      return cache;
    },

    /** The posts of a loaded thread, oldest first. */
    sortedPosts(threadId) {
      const cache = store.posts.get(threadId);
      return cache ? [...cache.byId.values()].sort(comparePosts) : [];
    },

    /**
     * Applies a post (from an answer or an event). Returns { post, isNew, known }:
     * isNew when the thread's posts are loaded and the post was not among them,
     * known when the post was there before.
     */
    setPost(post) {
      if (!post || post.id === undefined) return { post: null, isNew: false, known: false };
      const cache = store.posts.get(post.thread);
      let result;
      if (cache) {
        const known = cache.byId.has(post.id);
        result = { post: mergePost(cache, post), isNew: !known, known };
      } else {
        result = { post: { ...post }, isNew: false, known: false };
      }
      let queueFlag = false;
      for (const [id, flag] of store.flags) {
        if (flag.post && typeof flag.post === 'object' && flag.post.id === post.id) {
          store.flags.set(id, { ...flag, post: keepMine(flag.post, post) });
          queueFlag = true;
        }
      }
      let queueChanged = false;
      if (store.pending.has(post.id)) {
        if (post.state === 'pending') store.pending.set(post.id, keepMine(store.pending.get(post.id), post));
        else store.pending.delete(post.id);
        queueChanged = true;
      }
      store.emit({ type: 'post', post: result.post, isNew: result.isNew });
      if (queueChanged || queueFlag) store.emit({ type: 'queue' });
      return result;
    },

    // ---- Moderation queue ----

    /** The queue's newest page; nextBefore: the cursor for older items, or null. */
    setQueue(pending, flags, nextBefore = null) {
      store.pending = new Map((pending || []).map((p) => [p.id, p]));
      store.flags = new Map((flags || []).map((f) => [f.id, f]));
      store.queueMore = nextBefore;
      store.queueLoaded = true;
      store.emit({ type: 'queue' });
    },

    /** An older page of the queue (mod.queue with before). */
    addQueuePage(pending, flags, nextBefore = null) {
      for (const p of pending || []) if (!store.pending.has(p.id)) store.pending.set(p.id, p);
      for (const f of flags || []) if (!store.flags.has(f.id)) store.flags.set(f.id, f);
      store.queueMore = nextBefore;
      store.emit({ type: 'queue' });
    },

    addPending(post) {
      if (!post || post.state !== 'pending') return;
      store.pending.set(post.id, keepMine(store.pending.get(post.id), post));
      store.emit({ type: 'queue' });
    },

    addFlag(flag) {
      if (!flag || flag.id === undefined) return;
      store.flags.set(flag.id, flag);
      store.emit({ type: 'queue' });
    },

    removeFlag(flagId) {
      if (store.flags.delete(flagId)) store.emit({ type: 'queue' });
    },

    /** Closes the queue's flags about a post (hiding or redacting closes them). */
    closeFlagsOf(postId) {
      let changed = false;
      for (const [id, flag] of store.flags) {
        if (flagPostId(flag) === postId) {
          store.flags.delete(id);
          changed = true;
        }
      }
      if (changed) store.emit({ type: 'queue' });
    },

    queueSize() {
      return store.pending.size + store.flags.size;
    },
  };
  return store;
}

/** The post id a flag is about (`post` may be an id or a post object). */
export function flagPostId(flag) {
  if (!flag) return null;
  if (flag.post && typeof flag.post === 'object') return flag.post.id;
  return flag.post ?? flag.post_id ?? null;
}

// An event's post lacks `mine`; keep what we knew.
function keepMine(old, post) {
  const next = { ...post };
  if (next.mine === undefined && old && old.mine !== undefined) next.mine = old.mine;
  return next;
}

function mergePost(cache, post) {
  const next = keepMine(cache.byId.get(post.id), post);
  cache.byId.set(post.id, next);
  return next;
}
