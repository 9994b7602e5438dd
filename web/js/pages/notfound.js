// Any path without a page.

import { h } from '../core/dom.js';

export const title = () => 'Pagina niet gevonden';

export function render({ main }) {
  main.append(h('section', { class: 'card narrow' },
    h('h1', {}, 'Pagina niet gevonden'),
    h('p', {}, 'Deze pagina bestaat niet.'),
    h('p', {}, h('a', { href: '/' }, 'Naar de startpagina'))));
}
