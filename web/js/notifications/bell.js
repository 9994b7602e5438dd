// The bell in the header: the number of unread notifications across all of the
// person's sessions, kept live by the server's "notification" frames, and a
// panel with the list (newest first, "Meer laden"), each item a link to the
// post, thread, note block or moderation queue it is about that marks it read, and "Alles gelezen". The
// server decides what may be shown (PROTOCOL.md, "Notifications and mail");
// this only shows it. Escape or a click outside closes the panel.

import { h, uid, replace, setText } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { announce } from '../core/ui.js';
import { timeEl } from '../core/time.js';

const PAGE = 20;

/** Where an item leads: the post (in its thread), the note block, or the queue. */
function hrefOf(n) {
  const url = new URLSearchParams();
  if (n.thread) url.set('gesprek', n.thread);
  if (n.post) url.set('bericht', n.post);
  if (n.block) url.set('aantekening', n.block);
  if (n.kind === 'queue.waiting') url.set('moderatie', '');
  const query = url.toString().replace(/=$/, '');
  return `/sessions/${encodeURIComponent(n.session)}${query ? `?${query}` : ''}`;
}

function countText(unread) {
  if (!unread) return 'Meldingen, geen ongelezen';
  return `Meldingen, ${unread} ongelezen`;
}

/** Made once; its element survives re-renders of the header. */
export function notificationBell() {
  const panelId = uid('notifications');
  const headingId = uid('notifications-heading');
  const badge = h('span', { class: 'bell-count', 'aria-hidden': 'true', hidden: true });
  const button = h('button', {
    type: 'button', class: 'bell-button', 'aria-expanded': 'false', 'aria-controls': panelId, 'aria-label': countText(0),
  }, h('span', { class: 'bell-label' }, 'Meldingen'), badge);
  const list = h('ol', { class: 'notification-list' });
  const empty = h('p', { class: 'muted', hidden: true }, 'Je hebt geen meldingen.');
  const problem = h('p', { class: 'alert alert-error', role: 'alert', hidden: true });
  const more = h('button', { type: 'button', class: 'button secondary small', hidden: true }, 'Meer laden');
  const allRead = h('button', { type: 'button', class: 'link-button' }, 'Alles gelezen');
  const panel = h('section', { id: panelId, class: 'notification-panel', 'aria-labelledby': headingId, hidden: true },
    h('div', { class: 'notification-panel-head' }, h('h2', { id: headingId, tabindex: '-1' }, 'Meldingen'), allRead),
    problem, list, empty, more);
  const el = h('div', { class: 'bell' }, button, panel);

  let unread = 0;
  let items = [];
  let hasMore = false;

  function showCount(n) {
    unread = Math.max(0, Number(n) || 0);
    setText(badge, unread > 99 ? '99+' : String(unread));
    badge.hidden = unread === 0;
    button.setAttribute('aria-label', countText(unread));
  }

  function item(n) {
    const link = h('a', { href: hrefOf(n), class: 'notification-link' },
      h('span', { class: 'notification-title' }, n.title),
      h('span', { class: 'notification-time' }, timeEl(n.at)),
      n.read ? null : h('span', { class: 'visually-hidden' }, ' (ongelezen)'));
    link.addEventListener('click', () => {
      close({ focus: false });
      if (!n.read) {
        n.read = true;
        socket.request('notifications.read', { ids: [n.id] }).then((a) => showCount(a.unread)).catch(() => {});
      }
    });
    return h('li', { class: n.read ? 'notification' : 'notification unread' }, link);
  }

  function draw() {
    replace(list, items.map(item));
    empty.hidden = items.length > 0;
    more.hidden = !hasMore;
    allRead.hidden = unread === 0;
  }

  async function load({ append = false } = {}) {
    problem.hidden = true;
    const params = { limit: PAGE };
    if (append && items.length) params.before = items[items.length - 1].id;
    try {
      const answer = await socket.request('notifications.list', params);
      items = append ? items.concat(answer.notifications) : answer.notifications;
      hasMore = answer.has_more;
      showCount(answer.unread);
      draw();
    } catch (err) {
      if (err.code === 'second_factor_required') return; // the Beveiliging page says what to do
      setText(problem, `De meldingen konden niet worden geladen. ${errorText(err)}`);
      problem.hidden = false;
    }
  }

  function open() {
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    load();
    panel.querySelector('h2').focus();
  }

  function close({ focus = true } = {}) {
    if (panel.hidden) return;
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (focus) button.focus();
  }

  button.addEventListener('click', () => (panel.hidden ? open() : close()));
  more.addEventListener('click', () => load({ append: true }));
  allRead.addEventListener('click', async () => {
    try {
      const answer = await socket.request('notifications.read', { all: true });
      items.forEach((n) => { n.read = true; });
      showCount(answer.unread);
      draw();
      announce('Alle meldingen zijn gelezen.');
    } catch (err) {
      setText(problem, errorText(err));
      problem.hidden = false;
    }
  });
  el.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && !panel.hidden) {
      ev.preventDefault();
      close();
    }
  });
  document.addEventListener('click', (ev) => {
    if (!panel.hidden && !el.contains(ev.target)) close({ focus: false });
  });

  // On every (re)connect: the count; live: each new notification.
  socket.on('hello', () => load());
  socket.on('notification', (frame) => {
    showCount(frame.unread);
    if (frame.notification) {
      announce(`Nieuwe melding: ${frame.notification.title}`);
      if (!panel.hidden) {
        items = [frame.notification, ...items.filter((n) => n.id !== frame.notification.id)];
        draw();
      }
    }
  });

  return { el, reset: () => { items = []; showCount(0); close({ focus: false }); } };
}
