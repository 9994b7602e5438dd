// One card on the knowledge board: its title, text (the safe markup of posts),
// the quoted post it was made from (with a link to the thread), who added and
// who last changed it, and the actions this user may take: edit (with the
// conflict flow of concurrent edits), move (dialog, Alt+arrow keys, drag and
// drop) and delete. update(card) redraws in place; an open edit form keeps
// what the person typed.

import { h, replace, setText, uid } from '../dom.js';
import * as socket from '../socket.js';
import { errorText } from '../errors.js';
import { announce, confirmDialog } from '../ui.js';
import { formatDateTime, formatTime, parseTime, timeEl } from '../time.js';
import { postBody } from '../session/post-body.js';
import { cardFields, inlineForm } from './card-form.js';
import { keyTarget, moveDialog } from './keyboard-move.js';

export const CARD_DRAG_TYPE = 'application/x-kennislab-card';

const CARD_TEXTS = {
  locked: 'De sessie is gearchiveerd: het kennisbord kan niet meer worden gewijzigd.',
  forbidden: 'Je mag deze kaart niet wijzigen.',
  not_found: 'Deze kaart bestaat niet meer.',
};

function name(user) {
  return (user && typeof user === 'object' && user.display_name) || 'iemand';
}

/** "om 14:05" today, else "op di 1 december 2026 om 14:05", as nodes. */
function whenNodes(iso) {
  const date = parseTime(iso);
  if (!date) return [];
  const today = new Date().toDateString() === date.toDateString();
  return today ? [' om ', timeEl(iso, formatTime(iso))] : [' op ', timeEl(iso, formatDateTime(iso))];
}

/** "toegevoegd door X, gewijzigd door Y om 14:05" (or "toegevoegd door X om 13:00"). */
export function cardMetaNodes(card) {
  // Timestamps have whole seconds: a change in the first second shows in the version.
  const changed = card.updated_by && ((card.version || 1) > 1 || (card.updated_at && card.updated_at !== card.created_at));
  if (!changed) return [`toegevoegd door ${name(card.created_by)}`, ...whenNodes(card.created_at)];
  return [`toegevoegd door ${name(card.created_by)}, gewijzigd door ${name(card.updated_by)}`, ...whenNodes(card.updated_at)];
}

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
  let editing = null; // { base, fields, form, conflict } while the edit form is open
  let moving = false;

  const report = (text) => setText(alert, text, { hideEmpty: true });

  // ---- Drawing ----

  function draw() {
    setText(title, card.title);
    replace(content,
      card.body ? postBody(card.body, { className: 'post-body card-body' }) : null,
      sourceNodes(ctx, card.source_post));
    replace(meta, cardMetaNodes(card));
    const movable = ctx.canEdit(card) && !editing;
    article.draggable = movable;
    if (movable) article.setAttribute('aria-describedby', ctx.hintId);
    else article.removeAttribute('aria-describedby');
    el.classList.toggle('from-post', Boolean(card.source_post));
    drawActions();
  }

  function button(label, action, handler, { danger = false } = {}) {
    const b = h('button', { type: 'button', class: danger ? 'button danger small' : 'button secondary small', dataset: { action } }, label);
    b.addEventListener('click', async () => {
      report('');
      if (b.disabled) return;
      b.disabled = true;
      try {
        await handler(b);
      } finally {
        b.disabled = false;
      }
    });
    return b;
  }

  function drawActions() {
    const focused = actions.contains(document.activeElement) ? document.activeElement.dataset.action : null;
    const buttons = [];
    if (!editing) {
      if (ctx.canEdit(card)) {
        buttons.push(button('Bewerken', 'edit', () => openEditor()));
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

  function openEditor() {
    const fields = cardFields({ title: card.title, body: card.body || '' });
    const conflict = h('div', { class: 'alert alert-warn card-conflict', role: 'alert', hidden: true });
    const formObj = inlineForm({
      label: `Kaart “${card.title}” bewerken`,
      fields: [fields.els, conflict],
      submitLabel: 'Opslaan',
      onSubmit: () => save(),
      onCancel: () => closeEditor(true),
      className: 'board-form card-edit-form',
    });
    editing = { base: card.version, fields, formObj, conflict };
    replace(editSlot, formObj.form);
    editSlot.hidden = false;
    content.hidden = true;
    draw();
    fields.titleField.input.focus();
  }

  function showConflict(current) {
    const { conflict, formObj } = editing;
    const retry = h('button', { type: 'button', class: 'button primary small' }, 'Mijn wijziging opnieuw toepassen');
    const cancel = h('button', { type: 'button', class: 'button secondary small' }, 'Annuleren');
    retry.addEventListener('click', () => save());
    cancel.addEventListener('click', () => closeEditor(true));
    replace(conflict,
      h('p', {}, h('strong', {}, 'Iemand anders heeft deze kaart intussen gewijzigd.'),
        ` Dit is de versie van ${name(current.updated_by)}:`),
      h('div', { class: 'card-other-version' },
        h('p', { class: 'card-title' }, current.title),
        current.body ? postBody(current.body, { className: 'post-body card-body' }) : h('p', { class: 'muted' }, '(geen tekst)')),
      h('p', {}, 'Jouw wijziging staat nog in het formulier. Pas haar opnieuw toe (dan vervangt zij deze versie) of annuleer.'),
      h('div', { class: 'actions' }, retry, cancel));
    conflict.hidden = false;
    formObj.submit.hidden = true;
    formObj.cancel.hidden = true;
    retry.focus();
  }

  function hideConflict() {
    if (!editing) return;
    replace(editing.conflict);
    editing.conflict.hidden = true;
    editing.formObj.submit.hidden = false;
    editing.formObj.cancel.hidden = false;
  }

  async function save() {
    if (!editing || editing.busy) return;
    const values = editing.fields.read();
    if (!values) return;
    const current = editing;
    current.busy = true;
    current.formObj.busy(true);
    current.formObj.alert('');
    let answer;
    try {
      answer = await socket.request('board.card.update', { card: card.id, version: current.base, title: values.title, body: values.body });
    } catch (err) {
      current.busy = false;
      current.formObj.busy(false);
      if (editing !== current) return;
      if (err.code === 'conflict') {
        const latest = err.answer?.card || store.card(card.id) || card;
        if (err.answer?.card) store.setCard(err.answer.card);
        current.base = latest.version;
        showConflict(latest);
        return;
      }
      current.formObj.alert(errorText(err, CARD_TEXTS));
      return;
    }
    current.busy = false;
    current.formObj.busy(false);
    if (editing !== current) return;
    closeEditor(false);
    if (answer.card) store.setCard(answer.card, { order: answer.order });
    announce('De kaart is opgeslagen.');
    const again = actions.querySelector('[data-action="edit"]');
    (again || article).focus();
  }

  function closeEditor(focusBack) {
    hideConflict();
    editing = null;
    replace(editSlot);
    editSlot.hidden = true;
    content.hidden = false;
    draw();
    if (focusBack) {
      const again = actions.querySelector('[data-action="edit"]');
      (again || article).focus();
    }
  }

  // ---- Moving and deleting ----

  async function moveByDialog() {
    const target = await moveDialog(store, card);
    if (target) await ctx.move(card, target, { report });
  }

  article.addEventListener('keydown', (ev) => {
    if (ev.target !== article && !actions.contains(ev.target)) return;
    if (!ev.altKey || !['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(ev.key)) return;
    if (!ctx.canEdit(card) || editing) return;
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
    let answer;
    try {
      answer = await socket.request('board.card.delete', { card: card.id, version: card.version });
    } catch (err) {
      if (err.code === 'conflict' && err.answer?.card) {
        store.setCard(err.answer.card);
        report('Deze kaart is intussen gewijzigd. Bekijk de nieuwe versie en verwijder haar zo nodig opnieuw.');
        return;
      }
      if (err.code === 'not_found') {
        store.removeCard(card.id);
        return;
      }
      report(errorText(err, { ...CARD_TEXTS, forbidden: 'Alleen wie de kaart maakte en moderatoren kunnen haar verwijderen.' }));
      return;
    }
    const title = card.title;
    store.removeCard(card.id, { order: answer.order });
    announce(`De kaart “${title}” is verwijderd.`);
  }

  function update(next) {
    if (next) card = next;
    if (editing && !ctx.canEdit(card)) closeEditor(false);
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
    editing: () => Boolean(editing),
    focus() {
      article.focus();
    },
  };
}
