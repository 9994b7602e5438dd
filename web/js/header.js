// The page header for logged-in users: app name, navigation, connection
// indicator, the user's name and the logout button.

import { h, replace } from './core/dom.js';
import { post } from './core/api.js';
import { errorText } from './core/errors.js';
import * as socket from './core/socket.js';
import { announce } from './core/ui.js';
import { notificationBell } from './notifications/bell.js';

const header = document.getElementById('app-header');

const STATUS_TEXT = {
  idle: 'niet verbonden',
  connecting: 'verbinden…',
  open: 'verbonden',
  reconnecting: 'opnieuw verbinden…',
  closed: 'niet verbonden',
};

// The bell, made once: its count and list survive re-renders of the header.
const bell = notificationBell();

// One indicator element that survives re-renders of the header.
const connText = h('span', { class: 'conn-text' });
const indicator = h('span', { class: 'conn', title: 'Verbinding met de server' },
  h('span', { class: 'conn-dot', 'aria-hidden': 'true' }),
  h('span', { class: 'visually-hidden' }, 'Verbinding: '),
  connText);

function showStatus(status) {
  indicator.dataset.state = status;
  connText.textContent = STATUS_TEXT[status] || status;
}
showStatus(socket.getStatus());
let lastAnnounced = null;
socket.on('status', (status) => {
  showStatus(status);
  // Tell screen reader users about lost and restored connections, not about the first connect.
  if (status === 'reconnecting' && lastAnnounced !== 'reconnecting') announce('Verbinding verbroken, opnieuw verbinden…');
  if (status === 'open' && lastAnnounced === 'reconnecting') announce('Weer verbonden.');
  if (status === 'reconnecting' || status === 'open') lastAnnounced = status;
});

/** Renders the header for `user`; `path` marks the current navigation item. */
export function renderHeader({ user, path, onLogout }) {
  const links = [['/', 'Start']];
  if (user.global_role === 'admin') links.push(['/admin', 'Beheer']);
  links.push(['/beveiliging', 'Beveiliging']);

  const logout = h('button', { type: 'button', class: 'button secondary small' }, 'Uitloggen');
  logout.addEventListener('click', async () => {
    logout.disabled = true;
    socket.disconnect();
    try {
      await post('/api/logout');
    } catch (err) {
      if (err.status !== 401) {
        logout.disabled = false;
        announce(`Uitloggen is niet gelukt. ${errorText(err)}`);
        socket.connect();
        return;
      }
    }
    announce('Je bent uitgelogd.');
    bell.reset();
    onLogout();
  });

  replace(header,
    h('div', { class: 'header-inner' },
      h('a', { class: 'brand', href: '/' }, 'Kennislab'),
      h('nav', { class: 'main-nav', 'aria-label': 'Hoofdmenu' },
        h('ul', {}, links.map(([href, text]) => h('li', {},
          h('a', { href, 'aria-current': isCurrent(href, path) ? 'page' : undefined }, text))))),
      h('div', { class: 'header-user' },
        indicator,
        bell.el,
        h('span', { class: 'user-name' }, user.display_name),
        logout)));
  header.hidden = false;
}

function isCurrent(href, path) {
  if (href === '/') return path === '/';
  return path === href || path.startsWith(`${href}/`);
}

/** Hides the header (pages for visitors who are not logged in). */
export function hideHeader() {
  header.hidden = true;
  replace(header);
}
