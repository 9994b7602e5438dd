// /sessions/<id>: the session page. A placeholder for now; a later version
// loads `session.state`, calls socket.subscribeSession(id, { onResync }) and
// renders threads, board and notes from the events.

import { h } from '../dom.js';

export const title = () => 'Sessie';

export function render({ main }) {
  main.append(h('section', { class: 'card narrow' },
    h('h1', {}, 'Sessie'),
    h('p', {}, 'Sessies zijn nog niet beschikbaar in deze versie van Kennislab.'),
    h('p', {}, h('a', { href: '/' }, 'Terug naar de startpagina'))));
  // Returned function runs when the page is left (unsubscribe here later).
  return () => {};
}
