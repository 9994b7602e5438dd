// Renders a post body: the tree of markup.js turned into elements and text
// nodes (never innerHTML), links only to http(s) and opening in a new tab with
// rel="noopener noreferrer".

import { h } from '../core/dom.js';
import { parseMarkup, isSafeHref } from '../core/markup.js';

function inlineNodes(nodes) {
  return nodes.map((node) => {
    switch (node.type) {
      case 'text':
        return document.createTextNode(node.text);
      case 'break':
        return h('br');
      case 'strong':
        return h('strong', {}, inlineNodes(node.children));
      case 'em':
        return h('em', {}, inlineNodes(node.children));
      case 'link': {
        const text = node.children.map((c) => c.text || '').join('');
        if (!isSafeHref(node.href)) return document.createTextNode(text);
        return h('a', { href: node.href, target: '_blank', rel: 'noopener noreferrer', class: 'post-link' }, text);
      }
      default:
        return null;
    }
  });
}

/** The nodes for a body's blocks (paragraphs and lists). */
export function markupNodes(body) {
  return parseMarkup(body).map((block) => {
    if (block.type === 'list') {
      const items = block.items.map((item) => h('li', {}, inlineNodes(item)));
      if (!block.ordered) return h('ul', {}, items);
      return h('ol', { start: block.start !== 1 ? block.start : undefined }, items);
    }
    return h('p', {}, inlineNodes(block.children));
  });
}

/** A <div class="post-body"> with the rendered body. */
export function postBody(body, { className = 'post-body' } = {}) {
  return h('div', { class: className }, markupNodes(body));
}
