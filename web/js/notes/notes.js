// The session notes (the "Verslag" tab): an ordered list of blocks (summary,
// decision, action, insight). Moderators add, edit, move and delete blocks;
// new blocks are drafts ("Concept") that only moderators see, until
// "Vaststellen" publishes all drafts at once. Other members see the published
// blocks, live. The order always comes from the server (`order`).

import { h, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { noteKindLabel } from '../core/labels.js';
import { announce, confirmDialog } from '../core/ui.js';
import { inlineForm, sendVersioned } from '../core/inline-edit.js';
import { createNotesStore } from './notes-store.js';
import { noteBlockView, NOTE_TEXTS } from './note-block.js';
import { noteFields } from './note-form.js';

const MOVE_HINT = 'Verplaats een aantekening met Alt+Pijl omhoog of Alt+Pijl omlaag, of met de knoppen “Omhoog” en “Omlaag”.';

function notesText(n) {
  return n === 1 ? '1 aantekening' : `${n} aantekeningen`;
}

function draftsText(n) {
  return n === 1 ? '1 concept' : `${n} concepten`;
}

/**
 * view: the page's state. isShown() says whether the tab is on screen (for
 * announcing others' changes).
 * Returns { el, store, load(state), applyEvent(event), update(), focusBlock(id), destroy() }.
 */
export function notesPanel(view, { isShown = () => true } = {}) {
  const store = createNotesStore();
  const hintId = uid('notes-hint');
  const intro = h('p', { class: 'muted small' });
  const publishButton = h('button', { type: 'button', class: 'button primary', hidden: true }, 'Vaststellen');
  const hint = h('p', { class: 'field-hint board-hint', id: hintId, hidden: true }, MOVE_HINT);
  const readonlyNote = h('p', { class: 'readonly-note', hidden: true });
  const alert = h('p', { class: 'alert alert-error', role: 'alert', hidden: true });
  const empty = h('p', { class: 'muted note-empty', hidden: true });
  const list = h('ol', { class: 'note-list', 'aria-label': 'Aantekeningen' });
  const addButton = h('button', { type: 'button', class: 'button secondary', hidden: true }, 'Aantekening toevoegen');
  const addSlot = h('div', { class: 'note-add', hidden: true });
  const el = h('div', { class: 'notes-panel' },
    h('div', { class: 'panel-head' }, intro, publishButton),
    hint,
    readonlyNote,
    alert,
    empty,
    list,
    addSlot,
    h('p', { class: 'note-add-row' }, addButton));

  const views = new Map(); // block id -> noteBlockView
  let addForm = null;

  const report = (text) => setText(alert, text, { hideEmpty: true });
  const moderator = () => view.canModerate();
  // Someone who stopped being a moderator keeps no drafts on screen.
  const seesDrafts = () => view.myRole === 'moderator';
  const shown = () => store.sorted().filter((b) => b.published || seesDrafts());

  const blockCtx = {
    view,
    store,
    hintId,
    canEdit: () => moderator(),
    move: moveBlock,
  };

  // ---- Requests ----

  async function moveBlock(block, position, { report: say = report, keyboard = false } = {}) {
    const current = store.block(block.id) || block;
    const hadFocus = views.get(current.id)?.el.contains(document.activeElement);
    const answer = await sendVersioned('notes.block.update', { block: current.id, version: current.version, position }, {
      key: 'block',
      onCurrent: (latest) => store.setBlock(latest),
      conflictText: 'Iemand anders heeft deze aantekening intussen gewijzigd of verplaatst. Bekijk waar zij nu staat en probeer het opnieuw.',
      report: say,
      texts: NOTE_TEXTS,
    });
    if (!answer) return false;
    if (answer.block) store.setBlock(answer.block, { order: answer.order });
    // Alt+arrows keep the focus on the block; a button keeps it (draw() gives it back).
    const moved = views.get(current.id);
    if (moved && keyboard) moved.focus();
    if (moved && (keyboard || hadFocus)) moved.el.scrollIntoView({ block: 'nearest' });
    const place = store.placeOf(current.id);
    if (place) announce(`De ${noteKindLabel(current.kind).toLowerCase()} staat nu op plaats ${place.index + 1} van ${place.count}.`);
    return true;
  }

  async function publish() {
    report('');
    const drafts = store.drafts();
    if (!drafts.length) return;
    const ok = await confirmDialog({
      title: 'Concepten vaststellen?',
      text: `${draftsText(drafts.length)} ${drafts.length === 1 ? 'wordt' : 'worden'} zichtbaar voor alle leden van de sessie. Je kunt een vastgestelde aantekening daarna nog wijzigen; de leden zien de wijziging direct.`,
      confirmLabel: 'Vaststellen',
    });
    if (!ok) return;
    publishButton.disabled = true;
    publishButton.setAttribute('aria-busy', 'true');
    let answer;
    try {
      answer = await socket.request('notes.publish', { session: view.id });
    } catch (err) {
      report(errorText(err, NOTE_TEXTS));
      return;
    } finally {
      publishButton.disabled = false;
      publishButton.removeAttribute('aria-busy');
    }
    const count = store.publish(answer.blocks || []);
    announce(count ? `${notesText(count)} vastgesteld: alle leden zien ze nu.` : 'Er waren geen concepten om vast te stellen.');
  }
  publishButton.addEventListener('click', publish);

  function openAdd() {
    const fields = noteFields({ kind: 'summary' });
    const formObj = inlineForm({
      label: 'Aantekening toevoegen',
      fields: fields.els,
      submitLabel: 'Toevoegen',
      onSubmit: async () => {
        const values = fields.read();
        if (!values) return;
        formObj.busy(true);
        formObj.alert('');
        const params = { session: view.id, kind: values.kind, text: values.text };
        if (values.owner) params.owner = values.owner;
        if (values.due) params.due = values.due;
        let answer;
        try {
          answer = await socket.request('notes.block.create', params);
        } catch (err) {
          formObj.busy(false);
          formObj.alert(errorText(err, { ...NOTE_TEXTS, bad_request: err.serverMessage || errorText(err) }));
          return;
        }
        formObj.busy(false);
        closeAdd(false);
        if (answer.block) {
          store.setBlock(answer.block, { order: answer.order });
          announce(`${noteKindLabel(answer.block.kind)} toegevoegd als concept.`);
        }
        addButton.focus();
      },
      onCancel: () => closeAdd(true),
      className: 'board-form note-form',
    });
    addForm = formObj;
    replace(addSlot, formObj.form);
    addSlot.hidden = false;
    addButton.hidden = true;
    fields.kindField.input.focus();
  }

  function closeAdd(focusBack) {
    addForm = null;
    replace(addSlot);
    addSlot.hidden = true;
    addButton.hidden = !moderator();
    if (focusBack && !addButton.hidden) addButton.focus();
  }
  addButton.addEventListener('click', openAdd);

  // ---- Drawing ----

  function draw() {
    const active = el.contains(document.activeElement) ? document.activeElement : null;
    let lostIndex = null;
    const blocks = shown();
    const wanted = new Set(blocks.map((b) => b.id));
    for (const [id, item] of views) {
      if (wanted.has(id)) continue;
      if (active && item.el.contains(active)) lostIndex = [...list.children].indexOf(item.el);
      item.el.remove();
      views.delete(id);
    }
    blocks.forEach((block, i) => {
      let item = views.get(block.id);
      if (!item) {
        item = noteBlockView(blockCtx, block);
        views.set(block.id, item);
      } else {
        item.update(block);
      }
      if (list.children[i] !== item.el) list.insertBefore(item.el, list.children[i] || null);
    });
    drawChrome(blocks);
    // Moving an element loses its focus: give it back, or to a neighbour.
    if (active && active.isConnected && document.activeElement !== active) {
      active.focus({ preventScroll: true });
    } else if (lostIndex !== null) {
      const next = blocks[Math.min(lostIndex, blocks.length - 1)];
      if (next && views.has(next.id)) views.get(next.id).focus();
      else if (!addButton.hidden) addButton.focus();
    }
  }

  function drawChrome(blocks) {
    const moderate = moderator();
    if (!moderate && addForm) closeAdd(false);
    addButton.hidden = !moderate || Boolean(addForm);
    const drafts = seesDrafts() ? store.drafts().length : 0;
    publishButton.hidden = !moderate || drafts === 0;
    setText(publishButton, drafts ? `Vaststellen (${draftsText(drafts)})` : 'Vaststellen');
    hint.hidden = !moderate || blocks.length < 2;
    if (seesDrafts()) {
      setText(intro, 'Samenvatting, afspraken, actiepunten en inzichten. Nieuwe aantekeningen zijn concepten die alleen moderatoren zien, tot je ze vaststelt.');
    } else {
      setText(intro, 'Wat de moderatoren hebben vastgesteld: samenvatting, afspraken, actiepunten en inzichten.');
    }
    let note = '';
    if (view.session?.archived) note = 'De sessie is gearchiveerd: het verslag is alleen nog te lezen.';
    setText(readonlyNote, note, { hideEmpty: true });
    let emptyText = '';
    if (store.loaded && blocks.length === 0) {
      emptyText = moderate ? 'Er zijn nog geen aantekeningen. Voeg de eerste toe.' : 'Er is nog niets vastgesteld.';
    }
    setText(empty, emptyText, { hideEmpty: true });
  }

  const offStore = store.on(() => draw());

  // ---- Snapshots and events ----

  function load(state) {
    sawDrafts = seesDrafts();
    store.reset(state.notes || []);
  }

  function applyEvent(event) {
    const actor = event.actor || {};
    const byOther = actor.id !== view.me.id;
    const who = actor.display_name || 'Iemand';
    const tell = (text) => {
      if (byOther && isShown()) announce(text);
    };
    switch (event.kind) {
      case 'note.created':
        if (store.setBlock(event.block, { order: event.order })) tell(`${who} heeft een ${noteKindLabel(event.block.kind).toLowerCase()} toegevoegd.`);
        break;
      case 'note.updated':
        if (store.setBlock(event.block, { order: event.order })) tell(`${who} heeft een ${noteKindLabel(event.block.kind).toLowerCase()} gewijzigd.`);
        break;
      case 'note.deleted':
        if (event.block && store.removeBlock(event.block.id, { order: event.order })) tell(`${who} heeft een aantekening verwijderd.`);
        break;
      case 'note.published': {
        const count = store.publish(event.blocks, { order: event.order });
        if (count) tell(`${who} heeft ${notesText(count)} vastgesteld.`);
        break;
      }
      default:
        break;
    }
  }

  // Someone who just became a moderator has only the published blocks: the
  // drafts come with a fresh snapshot of the notes.
  let sawDrafts = seesDrafts();
  async function reloadForDrafts() {
    let state;
    try {
      state = await socket.request('session.state', { session: view.id });
    } catch {
      return; // the next snapshot of the page brings them
    }
    if (seesDrafts()) store.reset(state.notes || []);
  }

  function update() {
    const now = seesDrafts();
    if (now && !sawDrafts && store.loaded) reloadForDrafts();
    sawDrafts = now;
    draw();
  }

  draw();

  return {
    el,
    store,
    load,
    applyEvent,
    update,
    /** Brings a block into view and gives it the focus (a search result); false when unknown. */
    focusBlock(id) {
      const item = views.get(id);
      if (!item) return false;
      item.el.scrollIntoView({ block: 'center' });
      item.focus();
      return true;
    },
    destroy() {
      offStore();
    },
  };
}
