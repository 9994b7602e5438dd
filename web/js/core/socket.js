// The WebSocket connection (subprotocol kennislab.v1): request/answer matching,
// event fan-out to subscribers, reconnect with exponential backoff and jitter,
// and per-session sequence tracking so that session pages can resume with
// `session.subscribe {session, after_seq}` after a reconnect.
//
// Usage:
//   import * as socket from './socket.js';
//   socket.connect();
//   const { users } = await socket.request('user.find', { q: '' });
//   const off = socket.on('event', (frame) => ...);   // also 'presence', 'typing',
//                                                      // 'status', 'hello', 'unauthenticated',
//                                                      // 'second_factor_required'

import { fetchMe } from './api.js';
import { takeAnswer } from './first-view.js';

const PROTOCOL = 'kennislab.v1';
const REQUEST_TIMEOUT_MS = 30_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 30_000;
// Reads answered `rate_limited` are sent again after the server's retry_after (the
// server did nothing with them), a few times and only for short waits; writes are
// not, their callers explain the wait (the composer counts it down).
const RETRIED_READS = new Set([
  'hello', 'session.list', 'session.state', 'session.subscribe', 'thread.posts', 'thread.read', 'post.history',
  'mod.queue', 'search', 'audit.list', 'user.find', 'invite.list', 'mfa.status', 'mfa.policy.get',
]);
const MAX_LIMITED_RETRIES = 3;
const MAX_RETRY_AFTER_S = 10;

let ws = null; // the current WebSocket, or null
let wanted = false; // true between connect() and disconnect()
let status = 'idle'; // idle | connecting | open | reconnecting | closed
let attempt = 0; // failed attempts since the last successful open
let reconnectTimer = null;
let nextId = 1;
let everOpened = false;
let lastHello = null; // the newest hello answer, for modules loaded after it came

const listeners = new Map(); // type -> Set<fn>
const pending = new Map(); // id -> { frame, resolve, reject, timer, sent }
const lastSeqs = new Map(); // session id -> last seq seen
const tracked = new Map(); // session id -> { onResync } (resubscribed on reconnect)

/** Current connection status: idle, connecting, open, reconnecting or closed. */
/**
 * The newest hello answer of this page, or null before the first: a module loaded
 * later (a page, a deferred part) reads what its 'hello' listener would have missed.
 */
export function helloAnswer() {
  return lastHello;
}

export function getStatus() {
  return status;
}

/** Subscribes to a frame type; returns an unsubscribe function. */
export function on(type, fn) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(fn);
  return () => listeners.get(type)?.delete(fn);
}

function emit(type, payload) {
  for (const fn of [...(listeners.get(type) || [])]) {
    try {
      fn(payload);
    } catch (err) {
      console.error(`socket listener for "${type}" failed`, err);
    }
  }
}

function setStatus(next) {
  if (status === next) return;
  status = next;
  emit('status', next);
}

/** Opens the connection (no-op when it is open or being opened). */
export function connect() {
  wanted = true;
  if (ws || reconnectTimer) return;
  open();
}

/** Closes the connection on purpose (no reconnect); pending requests fail. */
export function disconnect() {
  wanted = false;
  clearTimeout(reconnectTimer);
  reconnectTimer = null;
  // A page that needs no login after all (one not found) closes the socket opened at start.
  takeEarlySocket()?.sock.close(1000, 'bye');
  const sock = ws;
  ws = null;
  if (sock) {
    try {
      sock.close(1000, 'bye');
    } catch {
      // already closing
    }
  }
  failAll('disconnected');
  attempt = 0;
  everOpened = false;
  lastSeqs.clear();
  tracked.clear();
  setStatus('idle');
}

function socketUrl() {
  const scheme = location.protocol === 'http:' ? 'ws://' : 'wss://';
  return `${scheme}${location.host}/ws`;
}

// The socket index.html opened while the page loaded, with the frames it received
// so far, once; null when there is none (a page open to everyone) or it was taken.
function takeEarlySocket() {
  const early = window.klEarlySocket;
  window.klEarlySocket = undefined;
  if (!early) return null;
  early.sock.onmessage = null;
  return early;
}

function open() {
  reconnectTimer = null;
  setStatus(everOpened || attempt > 0 ? 'reconnecting' : 'connecting');
  // The first time: the socket index.html opened at start, unless it has closed.
  const early = takeEarlySocket();
  let sock = early && early.sock.readyState <= WebSocket.OPEN ? early.sock : null;
  if (!sock) {
    try {
      sock = new WebSocket(socketUrl(), PROTOCOL);
    } catch (err) {
      console.error('cannot create WebSocket', err);
      scheduleReconnect();
      return;
    }
  }
  ws = sock;
  let opened = false;

  const onOpen = () => {
    if (ws !== sock) return;
    opened = true;
    everOpened = true;
    attempt = 0;
    setStatus('open');
    // hello first, then whatever was queued while we were offline.
    request('hello')
      .then((answer) => {
        lastHello = answer;
        emit('hello', answer);
      })
      .catch((err) => console.warn('hello failed', err));
    for (const [id, entry] of pending) {
      if (!entry.sent) send(id, entry);
    }
    resubscribeAll();
    emit('open');
  };
  if (sock.readyState === WebSocket.OPEN) onOpen();
  else sock.addEventListener('open', onOpen);
  if (sock === early?.sock) for (const data of early.frames) handleFrame(data);

  sock.addEventListener('message', (ev) => {
    if (ws !== sock) return;
    handleFrame(ev.data);
  });

  sock.addEventListener('close', (ev) => {
    if (ws !== sock) return; // a socket we already gave up on
    ws = null;
    failSent('disconnected');
    if (!wanted) {
      setStatus('idle');
      return;
    }
    if (!opened || ev.code === 1008) {
      // The browser hides the HTTP status of a refused upgrade. Ask /api/me
      // whether the cause is a missing or expired login.
      checkLoginThenReconnect();
    } else {
      scheduleReconnect();
    }
  });
}

async function checkLoginThenReconnect() {
  setStatus('reconnecting');
  let user;
  try {
    user = await fetchMe();
  } catch {
    user = undefined; // server unreachable: just retry later
  }
  if (!wanted) return;
  if (user === null) {
    wanted = false;
    failAll('unauthenticated');
    setStatus('closed');
    emit('unauthenticated');
    return;
  }
  scheduleReconnect();
}

function scheduleReconnect() {
  if (!wanted || reconnectTimer) return;
  setStatus('reconnecting');
  // Exponential backoff with "equal jitter": half fixed, half random.
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
  const delay = ceiling / 2 + Math.random() * (ceiling / 2);
  attempt += 1;
  reconnectTimer = setTimeout(open, delay);
}

// Come back quickly when the network or the tab returns.
function reconnectNow() {
  if (!wanted || ws || !reconnectTimer) return;
  clearTimeout(reconnectTimer);
  reconnectTimer = null;
  open();
}
window.addEventListener('online', reconnectNow);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') reconnectNow();
});

function handleFrame(data) {
  let msg;
  try {
    msg = JSON.parse(data);
  } catch {
    console.warn('ignoring a frame that is not JSON');
    return;
  }
  if (!msg || typeof msg !== 'object') return;

  if (msg.re !== undefined) {
    const id = String(msg.re);
    const entry = pending.get(id);
    if (!entry) return;
    if (!msg.ok && retryWhenLimited(id, entry, msg)) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    if (msg.ok) {
      entry.resolve(msg);
    } else {
      const error = msg.error || {};
      entry.reject(makeError(error.code || 'internal', error.message || '', msg));
      // The policy asks for a second factor this login does not have yet: the
      // app as a whole answers that (main.js leads to Beveiliging), not each page.
      if (error.code === 'second_factor_required') emit('second_factor_required', msg);
    }
    return;
  }

  if (msg.type === 'event') {
    const session = msg.session;
    if (typeof msg.seq === 'number' && session !== undefined) {
      const last = lastSeqs.get(session);
      // seq only grows within a session; an older one is a duplicate.
      if (last !== undefined && msg.seq <= last) return;
      lastSeqs.set(session, msg.seq);
    }
  }
  if (typeof msg.type === 'string') emit(msg.type, msg);
}

/** Sends a limited read again after retry_after; false when it is not retried. */
function retryWhenLimited(id, entry, msg) {
  const wait = Number(msg.retry_after ?? msg.error?.retry_after);
  if (msg.error?.code !== 'rate_limited' || !RETRIED_READS.has(entry.frame.type)) return false;
  if (!(wait > 0 && wait <= MAX_RETRY_AFTER_S) || entry.limitedRetries >= MAX_LIMITED_RETRIES) return false;
  entry.limitedRetries += 1;
  entry.sent = false;
  // The request's own timeout keeps running: the wait counts towards it, and a
  // connection that drops meanwhile fails or resends it as any unsent request.
  setTimeout(() => {
    if (pending.get(id) === entry && !entry.sent) send(id, entry);
  }, wait * 1000 + Math.random() * 250);
  return true;
}

function makeError(code, message, answer) {
  const err = new Error(message || code);
  err.code = code;
  err.serverMessage = message || '';
  if (answer) err.answer = answer; // e.g. `conflict` carries the current object
  return err;
}

function send(id, entry) {
  if (!ws || ws.readyState !== WebSocket.OPEN) return;
  try {
    ws.send(JSON.stringify(entry.frame));
    entry.sent = true;
  } catch (err) {
    console.warn('send failed', err);
  }
}

/**
 * Sends a request and resolves with the answer (`{re, ok:true, ...result}`), or
 * rejects with an Error carrying .code and .message. A request made while the
 * connection is down waits for it (up to the timeout). A request already sent
 * when the connection drops fails with code `disconnected`: the server may or
 * may not have applied it, so it is not repeated blindly.
 */
export function request(type, params = {}) {
  const id = String(nextId++);
  const frame = { ...params, id, type };
  return new Promise((resolve, reject) => {
    const entry = { frame, resolve, reject, sent: false, timer: null, limitedRetries: 0 };
    entry.timer = setTimeout(() => {
      if (pending.get(id) === entry) {
        pending.delete(id);
        reject(makeError('timeout', ''));
      }
    }, REQUEST_TIMEOUT_MS);
    if (!wanted) {
      clearTimeout(entry.timer);
      reject(makeError('disconnected', ''));
      return;
    }
    pending.set(id, entry);
    // The page brought this answer (core/first-view.js): taken as if it had arrived.
    const inPage = takeAnswer(type, params);
    if (inPage) {
      handleFrame(JSON.stringify({ ...inPage, re: id }));
      return;
    }
    send(id, entry);
  });
}

function failSent(code) {
  for (const [id, entry] of pending) {
    if (!entry.sent) continue;
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.reject(makeError(code, ''));
  }
}

function failAll(code) {
  for (const [id, entry] of pending) {
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.reject(makeError(code, ''));
  }
}

// ---- Session sequence tracking (used by the session page) ----

/** The last seq seen for a session, or 0. */
export function lastSeq(session) {
  return lastSeqs.get(session) || 0;
}

/** Records a seq (e.g. `head_seq` of a `session.state` snapshot). */
export function setLastSeq(session, seq) {
  if (typeof seq === 'number') lastSeqs.set(session, seq);
}

/**
 * Subscribes to a session's events from the last seq seen, and keeps doing so
 * after every reconnect. `onResync` is called when the server can no longer
 * replay that far (`resync_required`): the page then reloads `session.state`
 * and calls setLastSeq() with its head_seq. `onError` hears about other
 * failures of the automatic resubscribe after a reconnect (for example
 * `forbidden` when the user was removed while offline). Returns the first answer.
 */
export function subscribeSession(session, { onResync, onError } = {}) {
  tracked.set(session, { onResync, onError });
  return subscribeOnce(session);
}

/** Stops following a session. */
export function unsubscribeSession(session) {
  if (!tracked.delete(session)) return Promise.resolve();
  if (status !== 'open') return Promise.resolve();
  return request('session.unsubscribe', { session }).catch(() => {});
}

function subscribeOnce(session) {
  const entry = tracked.get(session);
  if (entry && entry.inflight) return entry.inflight;
  const promise = request('session.subscribe', { session, after_seq: lastSeq(session) })
    .catch((err) => {
      if (err.code === 'resync_required' && entry && entry.onResync) {
        entry.onResync(err);
        return null;
      }
      throw err;
    })
    .finally(() => {
      if (entry && entry.inflight === promise) entry.inflight = null;
    });
  if (entry) entry.inflight = promise;
  return promise;
}

function resubscribeAll() {
  // A subscribe queued while offline is sent by the queue flush; inflight
  // makes sure it is not sent twice.
  for (const [session, entry] of tracked) {
    subscribeOnce(session).catch((err) => {
      if (err.code === 'disconnected') return; // the next reconnect tries again
      if (entry.onError) entry.onError(err);
      else console.warn(`resubscribe to ${session} failed`, err);
    });
  }
}
