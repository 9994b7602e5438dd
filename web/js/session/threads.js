// The thread list of a session: pinned threads first, then by last activity;
// per thread its kind, status, pinned marker, unread count and post count.
// Each title is a link (?gesprek=<id>) that opens the thread in the page.
// Items are kept per thread and updated in place.

import { h, replace, setText, uid } from '../core/dom.js';
import { threadKindLabel, threadStatusLabel } from '../core/labels.js';
import { timeEl, formatTime, parseTime } from '../core/time.js';

/** "10:32" today, else the Dutch date and time. */
export function shortTime(iso) {
  const date = parseTime(iso);
  if (!date) return null;
  const today = new Date().toDateString() === date.toDateString();
  return today ? timeEl(iso, formatTime(iso)) : timeEl(iso);
}

/** Badges describing a thread (kind, status, pinned, slow mode, pending). */
export function threadBadges(thread, { withKind = true } = {}) {
  const badges = [];
  if (withKind) badges.push(h('span', { class: `badge badge-kind kind-${thread.kind}` }, threadKindLabel(thread.kind)));
  if (thread.pinned) badges.push(h('span', { class: 'badge badge-pinned' }, 'Vastgezet'));
  badges.push(h('span', { class: `badge badge-status status-${thread.status}` }, threadStatusLabel(thread.status)));
  if (thread.pending) badges.push(h('span', { class: 'badge badge-pending' }, 'Wacht op goedkeuring'));
  return badges;
}

/**
 * ctx: { view, store }. onOpen(threadId), onNew().
 * Returns { el, update(), focusNew() }.
 */
export function threadList(ctx, { onOpen, onNew, threadHref }) {
  const { view, store } = ctx;
  const headingId = uid('threads-heading');
  const newButton = h('button', { type: 'button', class: 'button primary' }, 'Nieuw gesprek');
  newButton.addEventListener('click', () => onNew());
  const list = h('ul', { class: 'thread-list', 'aria-labelledby': headingId });
  const empty = h('p', { class: 'muted', hidden: true });
  const el = h('div', { class: 'thread-list-panel' },
    h('div', { class: 'panel-head' },
      h('h3', { id: headingId }, 'Alle gesprekken'),
      newButton),
    empty,
    list);

  const items = new Map(); // thread id -> { li, draw(thread) }

  function item(thread) {
    const link = h('a', { class: 'thread-title', href: threadHref(thread.id) });
    link.addEventListener('click', (ev) => {
      if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      onOpen(thread.id);
    });
    const meta = h('p', { class: 'thread-meta' });
    const li = h('li', { class: 'thread-item', dataset: { thread: thread.id } },
      h('p', { class: 'thread-line' }, link), meta);
    return {
      li,
      draw(t) {
        setText(link, t.title);
        li.classList.toggle('is-unread', t.unread > 0);
        li.classList.toggle('is-pinned', Boolean(t.pinned));
        const count = t.post_count || 0;
        replace(meta,
          threadBadges(t),
          t.unread > 0 ? h('span', { class: 'badge badge-unread' }, `${t.unread} ongelezen`) : null,
          h('span', { class: 'thread-count' }, count === 1 ? '1 bericht' : `${count} berichten`),
          t.last_activity_at || t.created_at
            ? h('span', { class: 'thread-activity' }, 'laatste activiteit ', shortTime(t.last_activity_at || t.created_at))
            : null);
      },
    };
  }

  function update() {
    const threads = store.sortedThreads();
    for (const [id, it] of items) {
      if (!store.threads.has(id)) {
        it.li.remove();
        items.delete(id);
      }
    }
    threads.forEach((thread, i) => {
      let it = items.get(thread.id);
      if (!it) {
        it = item(thread);
        items.set(thread.id, it);
      }
      it.draw(thread);
      if (list.children[i] !== it.li) list.insertBefore(it.li, list.children[i] || null);
    });
    const canStart = canStartThread(view);
    newButton.hidden = !canStart;
    if (threads.length === 0) {
      setText(empty, canStart
        ? 'Er zijn nog geen gesprekken. Begin er een met “Nieuw gesprek”.'
        : 'Er zijn nog geen gesprekken.');
      empty.hidden = false;
    } else {
      empty.hidden = true;
    }
    list.hidden = threads.length === 0;
  }

  return {
    el,
    update,
    focusNew() {
      if (!newButton.hidden) newButton.focus();
    },
    focusThread(id) {
      const it = items.get(id);
      const link = it && it.li.querySelector('a');
      if (link) link.focus();
    },
  };
}

/** Starting a thread, as the server allows it (session.my_rights). */
export function canStartThread(view) {
  if (!view.session || view.session.archived) return false;
  return view.may('start_thread');
}

/** Posting in thread: who may post, in an open thread (moderators also in a closed one). */
export function canPostIn(view, thread) {
  if (!view.session || view.session.archived || !thread) return false;
  if (!view.may('post')) return false;
  return view.may('moderate') || thread.status === 'open';
}
