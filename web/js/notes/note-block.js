// One block of the session notes: its kind, a "Concept" marker while it is a
// draft, its text (the safe markup of posts), owner and due date for an
// action, who added and changed it, and for moderators the actions: edit
// (with the conflict flow of concurrent edits, shared with the board's
// cards), move up and down (buttons or Alt+arrow keys) and delete.
// update(block) redraws in place; an open edit form keeps what was typed.

import { h, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { noteKindLabel } from '../core/labels.js';
import { actionButton, announce, confirmDialog } from '../core/ui.js';
import { formatDate } from '../core/time.js';
import { postBody } from '../session/post-body.js';
import { changedByNodes, inlineEditor, sendVersioned } from '../core/inline-edit.js';
import { noteFields } from './note-form.js';

export const NOTE_TEXTS = {
  locked: 'De sessie is gearchiveerd: het verslag kan niet meer worden gewijzigd.',
  forbidden: 'Alleen moderatoren kunnen het verslag wijzigen.',
  not_found: 'Deze aantekening bestaat niet meer.',
};

/** "Eigenaar: …" and "Uiterlijk: …" of an action, or null for other kinds. */
export function actionDetails(block) {
  if (block.kind !== 'action' || (!block.owner && !block.due)) return null;
  return h('dl', { class: 'note-details' },
    block.owner ? h('div', {}, h('dt', {}, 'Eigenaar'), h('dd', {}, block.owner)) : null,
    block.due ? h('div', {}, h('dt', {}, 'Uiterlijk'), h('dd', {}, h('time', { datetime: block.due }, formatDate(block.due) || block.due))) : null);
}

/** The kind label and, for a draft, the "Concept" badge (inside the block's heading). */
export function noteHeadingNodes(block) {
  return [
    noteKindLabel(block.kind),
    block.published ? null : [' ', h('span', { class: 'badge badge-draft' }, 'Concept')],
  ];
}

/** The text and action details of a block (its readable content). */
export function noteContentNodes(block) {
  return [postBody(block.text || '', { className: 'post-body note-text' }), actionDetails(block)];
}

/**
 * ctx: { view, store, hintId, canEdit(), move(block, position, how) }.
 * Returns { el, article, update(block), block, focus(), editing() }.
 */
export function noteBlockView(ctx, initial) {
  const { store } = ctx;
  const headingId = uid('note-heading');
  const heading = h('h4', { id: headingId, class: 'note-kind' });
  const content = h('div', { class: 'note-content' });
  const meta = h('p', { class: 'card-meta' });
  const editSlot = h('div', { class: 'note-edit', hidden: true });
  const alert = h('p', { class: 'alert alert-error', role: 'alert', hidden: true });
  const actions = h('div', { class: 'card-actions note-actions' });
  const article = h('article', { class: 'note-block', tabindex: '-1', 'aria-labelledby': headingId },
    heading, content, meta, editSlot, alert, actions);
  const el = h('li', { class: 'note-item', dataset: { block: initial.id } }, article);

  let block = initial;
  let moving = false;

  const report = (text) => setText(alert, text, { hideEmpty: true });

  // ---- Drawing ----

  function draw() {
    replace(heading, noteHeadingNodes(block));
    el.classList.toggle('is-draft', !block.published);
    el.dataset.kind = block.kind || '';
    replace(content, noteContentNodes(block));
    replace(meta, changedByNodes(block));
    // Moderators move blocks with Alt+arrows on the focused block.
    const movable = ctx.canEdit() && !editor.isOpen();
    article.tabIndex = movable ? 0 : -1;
    if (movable) article.setAttribute('aria-describedby', ctx.hintId);
    else article.removeAttribute('aria-describedby');
    drawActions();
  }

  // Every action first clears the message of the one before.
  const button = (label, action, handler, options = {}) => actionButton(label, action, handler, { ...options, before: () => report('') });

  function drawActions() {
    const focused = actions.contains(document.activeElement) ? document.activeElement.dataset.action : null;
    const buttons = [];
    if (!editor.isOpen() && ctx.canEdit()) {
      const place = store.placeOf(block.id);
      buttons.push(button('Bewerken', 'edit', () => editor.open()));
      buttons.push(button('Omhoog', 'up', () => moveBy(-1), { disabled: !place || place.index === 0 }));
      buttons.push(button('Omlaag', 'down', () => moveBy(1), { disabled: !place || place.index >= place.count - 1 }));
      buttons.push(button('Verwijderen', 'delete', () => remove(), { danger: true }));
    }
    replace(actions, buttons);
    actions.hidden = buttons.length === 0;
    if (focused) {
      const again = actions.querySelector(`[data-action="${focused}"]:not(:disabled)`);
      if (again) again.focus();
      else article.focus();
    }
  }

  // ---- Editing, with the conflict flow (shared with the board's cards) ----

  const editor = inlineEditor({
    slot: editSlot,
    content,
    label: () => `${noteKindLabel(block.kind)} bewerken`,
    className: 'board-form note-form',
    fields: () => {
      const fields = noteFields(block);
      return { els: fields.els, read: fields.read, focus: () => fields.textField.input.focus() };
    },
    current: () => store.block(block.id) || block,
    send: (values, version) => socket.request('notes.block.update', { block: block.id, version, ...values }),
    key: 'block',
    onCurrent: (current) => store.setBlock(current),
    what: 'deze aantekening',
    versionNodes: (current) => [h('p', { class: 'card-title' }, noteHeadingNodes(current)), noteContentNodes(current)],
    texts: NOTE_TEXTS,
    onSaved: (answer) => {
      if (answer.block) store.setBlock(answer.block);
    },
    savedText: 'De aantekening is opgeslagen.',
    redraw: () => draw(),
    focusBack: () => (actions.querySelector('[data-action="edit"]') || article).focus(),
  });

  // ---- Moving and deleting ----

  async function moveBy(delta, { keyboard = false } = {}) {
    const place = store.placeOf(block.id);
    if (!place) return;
    const position = place.index + delta;
    if (position < 0) {
      announce('De aantekening staat al bovenaan.');
      return;
    }
    if (position >= place.count) {
      announce('De aantekening staat al onderaan.');
      return;
    }
    await ctx.move(block, position, { report, keyboard });
  }

  article.addEventListener('keydown', (ev) => {
    if (ev.target !== article && !actions.contains(ev.target)) return;
    if (!ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey || !['ArrowUp', 'ArrowDown'].includes(ev.key)) return;
    if (!ctx.canEdit() || editor.isOpen()) return;
    ev.preventDefault();
    if (moving) return;
    moving = true;
    report('');
    moveBy(ev.key === 'ArrowUp' ? -1 : 1, { keyboard: true }).finally(() => {
      moving = false;
    });
  });

  async function remove() {
    const ok = await confirmDialog({
      title: 'Aantekening verwijderen?',
      text: `Deze ${noteKindLabel(block.kind).toLowerCase()} verdwijnt uit het verslag${block.published ? ', ook voor de leden die haar al zagen' : ''}. Dit kan niet ongedaan worden gemaakt.`,
      confirmLabel: 'Verwijderen',
      danger: true,
    });
    if (!ok) return;
    const answer = await sendVersioned('notes.block.delete', { block: block.id, version: block.version }, {
      key: 'block',
      onCurrent: (current) => store.setBlock(current),
      conflictText: 'Deze aantekening is intussen gewijzigd. Bekijk de nieuwe versie en verwijder haar zo nodig opnieuw.',
      onMissing: () => store.removeBlock(block.id),
      report,
      texts: NOTE_TEXTS,
    });
    if (!answer) return;
    store.removeBlock(block.id, { order: answer.order });
    announce('De aantekening is verwijderd.');
  }

  function update(next) {
    if (next) block = next;
    if (editor.isOpen() && !ctx.canEdit()) editor.close(false);
    draw();
  }

  draw();
  return {
    el,
    article,
    update,
    get block() {
      return block;
    },
    editing: () => editor.isOpen(),
    focus() {
      article.focus();
    },
  };
}
