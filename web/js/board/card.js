// One card on the knowledge board: its title, text (the safe markup of posts),
// the quoted post it was made from (with a link to the thread), who added and
// who last changed it, and the actions this user may take: edit (with the
// conflict flow of concurrent edits), move (dialog, Alt+arrow keys, drag and
// drop) and delete. update(card) redraws in place; an open edit form keeps
// what the person typed.

import { h, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { actionButton, announce, confirmDialog } from '../core/ui.js';
import { postBody } from '../session/post-body.js';
import { cardFields } from './card-form.js';
import { changedByNodes, inlineEditor, sendVersioned } from '../core/inline-edit.js';
import { keyTarget, moveDialog } from './keyboard-move.js';

export const CARD_DRAG_TYPE = 'application/x-kennislab-card';

const CARD_TEXTS = {
  locked: 'De sessie is gearchiveerd: het kennisbord kan niet meer worden gewijzigd.',
  forbidden: 'Je mag deze kaart niet wijzigen.',
  not_found: 'Deze kaart bestaat niet meer.',
};

/** The quoted post of a card made from a post, or its placeholder, and where it came from. */
function sourceNodes(ctx, source) {
  if (!source) return null;
  const quote = typeof source.quote === 'string' && source.quote !== ''
    ? h('blockquote', { class: 'card-quote' }, postBody(source.quote, { className: 'post-body' }))
    : h('p', { class: 'placeholder' }, 'Het oorspronkelijke bericht is niet meer zichtbaar.');
  let thread = source.thread_title || 'een gesprek';
  if (source.thread && ctx.knowsThread(source.thread)) {
    const link = h('a', { href: ctx.threadHref(source.thread), class: 'card-source-link' }, thread);
    link.addEventListener('click', (ev) => {
      if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      ctx.openThread(source.thread, source.id);
    });
    thread = link;
  }
  return h('div', { class: 'card-source' },
    quote,
    h('p', { class: 'card-source-line' }, 'Uit gesprek: ', thread, source.author_label ? ` — ${source.author_label}` : null));
}

/**
 * ctx: { view, store, hintId, canEdit(card), canDelete(card), move(card, target, how),
 *        knowsThread(id), threadHref(id), openThread(threadId, postId), drag }.
 * Returns { el, article, update(card), card, focus(), editing() }.
 */
export function cardView(ctx, initial) {
  const { store } = ctx;
  const titleId = uid('card-title');
  const title = h('h4', { id: titleId, class: 'card-title' });
  const content = h('div', { class: 'card-content' });
  const meta = h('p', { class: 'card-meta' });
  const editSlot = h('div', { class: 'card-edit', hidden: true });
  const alert = h('p', { class: 'alert alert-error', role: 'alert', hidden: true });
  const actions = h('div', { class: 'card-actions' });
  const article = h('article', { class: 'board-card', tabindex: '0', 'aria-labelledby': titleId },
    title, content, meta, editSlot, alert, actions);
  const el = h('li', { class: 'board-card-item', dataset: { card: initial.id } }, article);

  let card = initial;
  let moving = false;

  const report = (text) => setText(alert, text, { hideEmpty: true });

  // ---- Drawing ----

  function draw() {
    setText(title, card.title);
    replace(content,
      card.body ? postBody(card.body, { className: 'post-body card-body' }) : null,
      sourceNodes(ctx, card.source_post));
    replace(meta, changedByNodes(card));
    const movable = ctx.canEdit(card) && !editor.isOpen();
    article.draggable = movable;
    if (movable) article.setAttribute('aria-describedby', ctx.hintId);
    else article.removeAttribute('aria-describedby');
    el.classList.toggle('from-post', Boolean(card.source_post));
    drawActions();
  }

  // Every action first clears the message of the one before.
  const button = (label, action, handler, options = {}) => actionButton(label, action, handler, { ...options, before: () => report('') });

  function drawActions() {
    const focused = actions.contains(document.activeElement) ? document.activeElement.dataset.action : null;
    const buttons = [];
    if (!editor.isOpen()) {
      if (ctx.canEdit(card)) {
        buttons.push(button('Bewerken', 'edit', () => editor.open()));
        buttons.push(button('Verplaatsen', 'move', () => moveByDialog()));
      }
      if (ctx.canDelete(card)) buttons.push(button('Verwijderen', 'delete', () => remove(), { danger: true }));
    }
    replace(actions, buttons);
    actions.hidden = buttons.length === 0;
    if (focused) {
      const again = actions.querySelector(`[data-action="${focused}"]`);
      if (again) again.focus();
      else article.focus();
    }
  }

  // ---- Editing, with the conflict flow ----

  const editor = inlineEditor({
    slot: editSlot,
    content,
    label: () => `Kaart “${card.title}” bewerken`,
    className: 'board-form card-edit-form',
    fields: () => {
      const fields = cardFields({ title: card.title, body: card.body || '' });
      return { els: fields.els, read: fields.read, focus: () => fields.titleField.input.focus() };
    },
    current: () => store.card(card.id) || card,
    send: (values, version) => socket.request('board.card.update', { card: card.id, version, title: values.title, body: values.body }),
    key: 'card',
    onCurrent: (current) => store.setCard(current),
    what: 'deze kaart',
    versionNodes: (current) => [
      h('p', { class: 'card-title' }, current.title),
      current.body ? postBody(current.body, { className: 'post-body card-body' }) : h('p', { class: 'muted' }, '(geen tekst)'),
    ],
    texts: CARD_TEXTS,
    onSaved: (answer) => {
      if (answer.card) store.setCard(answer.card, { order: answer.order });
    },
    savedText: 'De kaart is opgeslagen.',
    redraw: () => draw(),
    focusBack: () => (actions.querySelector('[data-action="edit"]') || article).focus(),
  });

  // ---- Moving and deleting ----

  async function moveByDialog() {
    const target = await moveDialog(store, card);
    if (target) await ctx.move(card, target, { report });
  }

  article.addEventListener('keydown', (ev) => {
    if (ev.target !== article && !actions.contains(ev.target)) return;
    if (!ev.altKey || !['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(ev.key)) return;
    if (!ctx.canEdit(card) || editor.isOpen()) return;
    ev.preventDefault();
    const target = keyTarget(store, card.id, ev);
    if (!target) return;
    if (target.edge) {
      announce(target.edge);
      return;
    }
    if (moving) return;
    moving = true;
    report('');
    Promise.resolve(ctx.move(card, target, { report, keyboard: true })).finally(() => {
      moving = false;
    });
  });

  article.addEventListener('dragstart', (ev) => {
    if (ev.target !== article || !article.draggable) return;
    ev.dataTransfer.effectAllowed = 'move';
    ev.dataTransfer.setData(CARD_DRAG_TYPE, card.id);
    ctx.drag.cardId = card.id;
    el.classList.add('is-dragging');
  });
  article.addEventListener('dragend', () => {
    ctx.drag.cardId = null;
    el.classList.remove('is-dragging');
    ctx.endDrag();
  });

  async function remove() {
    const ok = await confirmDialog({
      title: 'Kaart verwijderen?',
      text: `“${card.title}” verdwijnt voor iedereen van het kennisbord. Dit kan niet ongedaan worden gemaakt.`,
      confirmLabel: 'Verwijderen',
      danger: true,
    });
    if (!ok) return;
    const answer = await sendVersioned('board.card.delete', { card: card.id, version: card.version }, {
      key: 'card',
      onCurrent: (current) => store.setCard(current),
      conflictText: 'Deze kaart is intussen gewijzigd. Bekijk de nieuwe versie en verwijder haar zo nodig opnieuw.',
      onMissing: () => store.removeCard(card.id),
      report,
      texts: { ...CARD_TEXTS, forbidden: 'Alleen wie de kaart maakte en moderatoren kunnen haar verwijderen.' },
    });
    if (!answer) return;
    const title = card.title;
    store.removeCard(card.id, { order: answer.order });
    announce(`De kaart “${title}” is verwijderd.`);
  }

  function update(next) {
    if (next) card = next;
    if (editor.isOpen() && !ctx.canEdit(card)) editor.close(false);
    draw();
  }

  draw();
  return {
    el,
    article,
    update,
    get card() {
      return card;
    },
    editing: () => editor.isOpen(),
    focus() {
      article.focus();
    },
  };
}
