// A part of a page whose modules load after the page has first shown, so that they
// do not hold up its first view (a moderator's invitation list, the moderation queue,
// the audit log, the documents tab). Until its module is there, a stand-in takes the
// part's place and every call the page makes; once the part exists, the calls are
// replayed in order, as if it had been there from the start.

import { h } from './dom.js';

/**
 * Runs fn once the page has painted and the browser has nothing more urgent to do:
 * after the first view's own work (its data, its lists), not in between.
 */
function afterPaint(fn) {
  const idle = window.requestIdleCallback || ((later) => setTimeout(later, 50));
  requestAnimationFrame(() => idle(fn, { timeout: 1000 }));
}

/**
 * A stand-in for the part create(module) makes from the module load() imports.
 * methods: the part's methods the page calls (destroy is always there); answers:
 * what a method returns before the part exists ({ waitingDocuments: 0 }); awaits:
 * methods whose answer the caller needs, which before then return a promise of the
 * part's own answer (a card made from a post, whether a block could be shown).
 */
export function deferredPart(load, create, { methods = [], answers = {}, awaits = [] } = {}) {
  const el = h('div', { class: 'deferred-part' });
  const calls = [];
  let part = null;
  let destroyed = false;
  let arrived;
  const ready = new Promise((resolve) => {
    arrived = resolve;
  });
  const stand = { el };
  for (const name of methods) {
    stand[name] = (...args) => {
      if (part) return part[name](...args);
      if (!destroyed) calls.push([name, args]);
      return answers[name];
    };
  }
  for (const name of awaits) {
    stand[name] = (...args) => (part ? part[name](...args) : ready.then(() => part[name](...args)));
  }
  stand.destroy = () => {
    destroyed = true;
    calls.length = 0;
    if (part && part.destroy) part.destroy();
  };
  afterPaint(() => {
    if (destroyed) return;
    load().then((module) => {
      if (destroyed) return;
      part = create(module);
      el.append(part.el);
      for (const [name, args] of calls.splice(0)) part[name](...args);
      arrived();
    }, () => {
      if (destroyed) return;
      el.append(h('p', { class: 'alert alert-error', role: 'alert' },
        'Dit deel van de pagina kon niet worden geladen. Laad de pagina opnieuw.'));
    });
  });
  return stand;
}
