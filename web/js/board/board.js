// The shared knowledge board of a session (the "Kennisbord" tab): columns of
// cards side by side, scrolling sideways where the screen is narrow.
// Moderators add, rename, move and delete (empty) columns; participants and
// moderators (and experts, unless the session says otherwise) add cards, edit
// and move them by drag and drop, the "Verplaatsen" dialog or Alt+arrow keys.
// Every change arrives live through the session's events; the order of cards
// and columns always comes from the server (`order`, `columns`).

import { h, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { announce, confirmDialog } from '../core/ui.js';
import { createBoardStore } from './board-store.js';
import { writable, expertsMayAdd, canAddCards, canEditCard, canDeleteCard } from './board-rights.js';
import { cardView, CARD_DRAG_TYPE } from './card.js';
import { cardFields, columnField } from './card-form.js';
import { inlineForm, sendVersioned } from '../core/inline-edit.js';
import { MOVE_HINT } from './keyboard-move.js';

const BOARD_TEXTS = {
  locked: 'De sessie is gearchiveerd: het kennisbord kan niet meer worden gewijzigd.',
  forbidden: 'Je mag dit op het kennisbord niet doen.',
  not_found: 'Dit staat niet (meer) op het kennisbord.',
};

function cardsText(n) {
  return n === 1 ? '1 kaart' : `${n} kaarten`;
}

/**
 * view: the page's state; store: the board's data (its own when not given).
 * onOpenThread(threadId, postId) opens a thread in the
 * "Gesprekken" tab; threadHref(id) its address; knowsThread(id) whether this
 * user sees that thread; isShown() whether the board tab is on screen.
 * Returns { el, store, load(), tell(text), update(),
 *           createFromPost(post, values), focusCard(id), destroy() }.
 */
export function boardPanel(view, { store = createBoardStore(), onOpenThread, threadHref, knowsThread, isShown = () => true }) {
  const hintId = uid('board-hint');
  const hint = h('p', { class: 'field-hint board-hint', id: hintId }, MOVE_HINT);
  const readonlyNote = h('p', { class: 'readonly-note', hidden: true });
  const alert = h('p', { class: 'alert alert-error', role: 'alert', hidden: true });
  const addColumnButton = h('button', { type: 'button', class: 'button secondary' }, 'Kolom toevoegen');
  const addColumnSlot = h('div', { class: 'board-add-column', hidden: true });
  const empty = h('p', { class: 'muted', hidden: true }, 'Er zijn nog geen kolommen op het kennisbord.');
  const scroller = h('div', { class: 'board-columns' });
  const status = h('p', { class: 'muted', role: 'status' });
  const el = h('div', { class: 'board-panel' },
    h('div', { class: 'panel-head' },
      h('p', { class: 'muted small' }, 'Wat de groep leert, per onderwerp. Iedereen in de sessie ziet het kennisbord.'),
      addColumnButton),
    hint,
    readonlyNote,
    addColumnSlot,
    alert,
    status,
    empty,
    scroller);

  const columnViews = new Map(); // column id -> column view
  const cardViews = new Map(); // card id -> cardView
  const drag = { cardId: null };
  let addColumnForm = null;

  const report = (text) => setText(alert, text, { hideEmpty: true });

  const cardCtx = {
    view,
    store,
    hintId,
    drag,
    canEdit: (card) => canEditCard(view, card),
    canDelete: (card) => canDeleteCard(view, card),
    move: moveCard,
    knowsThread: (id) => knowsThread(id),
    threadHref: (id) => threadHref(id),
    openThread: (threadId, postId) => onOpenThread(threadId, postId),
    endDrag: clearDropMarks,
  };

  // ---- Columns ----

  function columnView(column) {
    const headingId = uid('column-heading');
    const heading = h('h3', { id: headingId, class: 'column-title', tabindex: '-1' });
    const count = h('p', { class: 'column-count' });
    const tools = h('div', { class: 'column-tools', role: 'group', hidden: true });
    const renameSlot = h('div', { class: 'column-rename', hidden: true });
    const list = h('ol', { class: 'card-list' });
    const none = h('p', { class: 'muted small column-empty' }, 'Nog geen kaarten.');
    const addButton = h('button', { type: 'button', class: 'button secondary small add-card' }, 'Kaart toevoegen');
    const addSlot = h('div', { class: 'card-add', hidden: true });
    const section = h('section', { class: 'board-column', 'aria-labelledby': headingId, dataset: { column: column.id } },
      h('div', { class: 'column-head' }, heading, count),
      tools,
      renameSlot,
      list,
      none,
      addSlot,
      addButton);

    const cv = {
      id: column.id,
      column,
      section,
      list,
      heading,
      addButton,
      adding: null, // the open add-card form
      renaming: null,
      update,
      focus: () => heading.focus(),
    };

    function toolButton(label, action, name, handler, { danger = false } = {}) {
      const b = h('button', {
        type: 'button', class: danger ? 'button danger small' : 'button secondary small', dataset: { action }, 'aria-label': name,
      }, label);
      b.addEventListener('click', async () => {
        report('');
        if (b.disabled) return;
        b.disabled = true;
        try {
          await handler();
        } finally {
          b.disabled = false;
        }
      });
      return b;
    }

    function update(col, index, total) {
      cv.column = col;
      setText(heading, col.title);
      list.setAttribute('aria-label', `Kaarten in ${col.title}`);
      tools.setAttribute('aria-label', `Kolom ${col.title} beheren`);
      const n = store.cardsIn(col.id).length;
      setText(count, cardsText(n));
      none.hidden = n > 0;
      const focused = tools.contains(document.activeElement) ? document.activeElement.dataset.action : null;
      const buttons = [];
      if (view.canModerate() && !cv.renaming) {
        buttons.push(toolButton('Hernoemen', 'rename', `Hernoemen: ${col.title}`, () => openRename()));
        if (index > 0) buttons.push(toolButton('Naar links', 'left', `Naar links: ${col.title}`, () => moveColumn(col.id, index - 1)));
        if (index < total - 1) buttons.push(toolButton('Naar rechts', 'right', `Naar rechts: ${col.title}`, () => moveColumn(col.id, index + 1)));
        if (n === 0) buttons.push(toolButton('Kolom verwijderen', 'delete', `Kolom verwijderen: ${col.title}`, () => deleteColumn(col.id), { danger: true }));
      }
      replace(tools, buttons);
      tools.hidden = buttons.length === 0;
      if (focused) {
        const again = tools.querySelector(`[data-action="${focused}"]`) || tools.querySelector('button');
        (again || heading).focus();
      }
      const mayAdd = canAddCards(view);
      if (!mayAdd && cv.adding) closeAdd(false);
      addButton.hidden = !mayAdd || Boolean(cv.adding);
      if (!view.canModerate() && cv.renaming) closeRename(false);
    }

    // Adding a card to this column.
    function openAdd() {
      const fields = cardFields();
      const formObj = inlineForm({
        label: `Kaart toevoegen aan ${cv.column.title}`,
        fields: fields.els,
        submitLabel: 'Toevoegen',
        onSubmit: async () => {
          const values = fields.read();
          if (!values) return;
          formObj.busy(true);
          formObj.alert('');
          let answer;
          try {
            const params = { session: view.id, column: cv.id, title: values.title };
            if (values.body) params.body = values.body;
            answer = await socket.request('board.card.create', params);
          } catch (err) {
            formObj.busy(false);
            formObj.alert(errorText(err, { ...BOARD_TEXTS, forbidden: 'Je mag geen kaarten toevoegen in deze sessie.' }));
            return;
          }
          formObj.busy(false);
          closeAdd(false);
          if (answer.card) {
            store.setCard(answer.card, { order: answer.order });
            announce(`Kaart “${answer.card.title}” toegevoegd aan ${cv.column.title}.`);
            const made = cardViews.get(answer.card.id);
            if (made) made.focus();
            else addButton.focus();
          }
        },
        onCancel: () => closeAdd(true),
      });
      cv.adding = formObj;
      replace(addSlot, formObj.form);
      addSlot.hidden = false;
      addButton.hidden = true;
      fields.titleField.input.focus();
    }

    function closeAdd(focusBack) {
      cv.adding = null;
      replace(addSlot);
      addSlot.hidden = true;
      addButton.hidden = !canAddCards(view);
      if (focusBack && !addButton.hidden) addButton.focus();
    }
    addButton.addEventListener('click', () => openAdd());

    // Renaming (moderators).
    function openRename() {
      const input = columnField(cv.column.title);
      const base = cv.column.version;
      const formObj = inlineForm({
        label: `Kolom ${cv.column.title} hernoemen`,
        fields: input.el,
        submitLabel: 'Opslaan',
        onSubmit: async () => {
          const title = input.input.value.trim();
          if (!title) {
            input.setError('Vul een naam in.');
            input.input.focus();
            return;
          }
          input.setError('');
          formObj.busy(true);
          formObj.alert('');
          let answer;
          try {
            answer = await socket.request('board.column.update', { column: cv.id, version: base, title });
          } catch (err) {
            formObj.busy(false);
            if (err.code === 'conflict' && err.answer?.column) store.setColumn(err.answer.column, { columns: err.answer.columns });
            formObj.alert(errorText(err, {
              ...BOARD_TEXTS,
              conflict: 'Iemand anders heeft deze kolom intussen gewijzigd. Annuleer en probeer het opnieuw.',
            }));
            return;
          }
          formObj.busy(false);
          closeRename(false);
          if (answer.column) store.setColumn(answer.column, { columns: answer.columns });
          announce(`De kolom heet nu ${answer.column?.title || title}.`);
          heading.focus();
        },
        onCancel: () => closeRename(true),
      });
      cv.renaming = formObj;
      replace(renameSlot, formObj.form);
      renameSlot.hidden = false;
      draw();
      input.input.focus();
      input.input.select();
    }

    function closeRename(focusBack) {
      cv.renaming = null;
      replace(renameSlot);
      renameSlot.hidden = true;
      draw();
      if (focusBack) {
        const again = tools.querySelector('[data-action="rename"]');
        (again || heading).focus();
      }
    }

    // Drag and drop: the whole column takes a card.
    section.addEventListener('dragover', (ev) => {
      if (!isCardDrag(ev)) return;
      ev.preventDefault();
      ev.dataTransfer.dropEffect = 'move';
      markDrop(cv, dropIndex(cv, ev.clientY));
    });
    section.addEventListener('dragleave', (ev) => {
      if (!section.contains(ev.relatedTarget)) section.classList.remove('is-drop-target');
    });
    section.addEventListener('drop', (ev) => {
      if (!isCardDrag(ev)) return;
      ev.preventDefault();
      const cardId = drag.cardId || ev.dataTransfer.getData(CARD_DRAG_TYPE);
      const position = dropIndex(cv, ev.clientY);
      clearDropMarks();
      const card = store.card(cardId);
      if (!card || !canEditCard(view, card)) return;
      const place = store.placeOf(cardId);
      if (place && place.column === cv.id && place.index === position) return;
      const item = cardViews.get(cardId);
      moveCard(card, { column: cv.id, position }, { report: (text) => report(text), drop: true, item });
    });

    return cv;
  }

  function isCardDrag(ev) {
    if (drag.cardId) return true;
    return Boolean(ev.dataTransfer && [...ev.dataTransfer.types].includes(CARD_DRAG_TYPE));
  }

  /** Where a drop at clientY lands in a column: the index among the other cards. */
  function dropIndex(cv, clientY) {
    let index = 0;
    for (const li of cv.list.children) {
      if (li.dataset.card === drag.cardId) continue;
      const rect = li.getBoundingClientRect();
      if (clientY < rect.top + rect.height / 2) return index;
      index += 1;
    }
    return index;
  }

  function markDrop(cv, index) {
    for (const other of columnViews.values()) {
      if (other !== cv) other.section.classList.remove('is-drop-target');
    }
    cv.section.classList.add('is-drop-target');
    let seen = 0;
    for (const li of cv.list.children) {
      if (li.dataset.card === drag.cardId) {
        li.classList.remove('drop-before');
        continue;
      }
      li.classList.toggle('drop-before', seen === index);
      seen += 1;
    }
    cv.list.classList.toggle('drop-at-end', index === seen);
  }

  function clearDropMarks() {
    for (const cv of columnViews.values()) {
      cv.section.classList.remove('is-drop-target');
      cv.list.classList.remove('drop-at-end');
      for (const li of cv.list.children) li.classList.remove('drop-before');
    }
  }

  // ---- Requests ----

  /** Moves a card to { column, position }; the order comes back from the server. */
  async function moveCard(card, target, { report: say = report, keyboard = false } = {}) {
    const current = store.card(card.id) || card;
    const params = { card: current.id, version: current.version, position: target.position };
    if (target.column && target.column !== current.column) params.column = target.column;
    const hadFocus = cardViews.get(current.id)?.el.contains(document.activeElement);
    const answer = await sendVersioned('board.card.update', params, {
      key: 'card',
      onCurrent: (current) => store.setCard(current),
      conflictText: 'Iemand anders heeft deze kaart intussen gewijzigd of verplaatst. Bekijk waar zij nu staat en probeer het opnieuw.',
      report: say,
      texts: BOARD_TEXTS,
    });
    if (!answer) return false;
    if (answer.card) store.setCard(answer.card, { order: answer.order });
    const moved = cardViews.get(current.id);
    if (moved && (keyboard || hadFocus)) {
      moved.focus();
      moved.el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
    const place = store.placeOf(current.id);
    const column = place ? store.column(place.column) : null;
    if (place && column) announce(`“${current.title}” staat nu in ${column.title}, plaats ${place.index + 1} van ${place.count}.`);
    return true;
  }

  async function moveColumn(columnId, position) {
    const column = store.column(columnId);
    if (!column) return;
    let answer;
    try {
      answer = await socket.request('board.column.update', { column: columnId, version: column.version, position });
    } catch (err) {
      if (err.code === 'conflict' && err.answer?.column) store.setColumn(err.answer.column, { columns: err.answer.columns });
      report(errorText(err, { ...BOARD_TEXTS, conflict: 'Iemand anders heeft deze kolom intussen gewijzigd. Probeer het opnieuw.' }));
      return;
    }
    if (answer.column) store.setColumn(answer.column, { columns: answer.columns });
    const columns = store.sortedColumns();
    const index = columns.findIndex((c) => c.id === columnId);
    announce(`Kolom ${column.title} staat nu op plaats ${index + 1} van ${columns.length}.`);
  }

  async function deleteColumn(columnId) {
    const column = store.column(columnId);
    if (!column) return;
    const ok = await confirmDialog({
      title: 'Kolom verwijderen?',
      text: `De lege kolom “${column.title}” verdwijnt voor iedereen van het kennisbord.`,
      confirmLabel: 'Verwijderen',
      danger: true,
    });
    if (!ok) return;
    let answer;
    try {
      answer = await socket.request('board.column.delete', { column: columnId, version: store.column(columnId)?.version ?? column.version });
    } catch (err) {
      if (err.code === 'conflict' && err.answer?.column) store.setColumn(err.answer.column, { columns: err.answer.columns });
      report(errorText(err, {
        ...BOARD_TEXTS,
        conflict: 'Deze kolom is intussen gewijzigd of er staan kaarten in. Alleen een lege kolom kan weg.',
        bad_request: 'Alleen een lege kolom kan worden verwijderd.',
      }));
      return;
    }
    store.removeColumn(columnId, { columns: answer.columns });
    announce(`De kolom ${column.title} is verwijderd.`);
  }

  function openAddColumn() {
    const input = columnField('');
    const formObj = inlineForm({
      label: 'Kolom toevoegen',
      fields: input.el,
      submitLabel: 'Toevoegen',
      onSubmit: async () => {
        const title = input.input.value.trim();
        if (!title) {
          input.setError('Vul een naam in.');
          input.input.focus();
          return;
        }
        input.setError('');
        formObj.busy(true);
        formObj.alert('');
        let answer;
        try {
          answer = await socket.request('board.column.create', { session: view.id, title });
        } catch (err) {
          formObj.busy(false);
          formObj.alert(errorText(err, { ...BOARD_TEXTS, bad_request: err.serverMessage || 'Deze kolom kan niet worden toegevoegd.' }));
          return;
        }
        formObj.busy(false);
        closeAddColumn(false);
        if (answer.column) {
          store.setColumn(answer.column, { columns: answer.columns });
          announce(`Kolom ${answer.column.title} toegevoegd.`);
          const cv = columnViews.get(answer.column.id);
          if (cv) {
            cv.section.scrollIntoView({ block: 'nearest', inline: 'nearest' });
            cv.focus();
          }
        }
      },
      onCancel: () => closeAddColumn(true),
    });
    addColumnForm = formObj;
    replace(addColumnSlot, formObj.form);
    addColumnSlot.hidden = false;
    addColumnButton.hidden = true;
    input.input.focus();
  }

  function closeAddColumn(focusBack) {
    addColumnForm = null;
    replace(addColumnSlot);
    addColumnSlot.hidden = true;
    addColumnButton.hidden = !view.canModerate();
    if (focusBack && !addColumnButton.hidden) addColumnButton.focus();
  }
  addColumnButton.addEventListener('click', () => openAddColumn());

  /**
   * "Op het kennisbord zetten" (from a post): creates the card. Resolves with
   * null when done or with an error text.
   */
  async function createFromPost(post, { column, title, body }) {
    const params = { session: view.id, column, title, source_post: post.id };
    if (body) params.body = body;
    let answer;
    try {
      answer = await socket.request('board.card.create', params);
    } catch (err) {
      return errorText(err, {
        ...BOARD_TEXTS,
        forbidden: 'Je mag dit bericht niet op het kennisbord zetten.',
        bad_request: err.serverMessage || 'Dit bericht kan niet op het kennisbord worden gezet.',
      });
    }
    if (answer.card) store.setCard(answer.card, { order: answer.order });
    const col = store.column(column);
    announce(`Het bericht staat op het kennisbord${col ? `, in ${col.title}` : ''}.`);
    return null;
  }

  // ---- Drawing ----

  function draw() {
    const active = el.contains(document.activeElement) ? document.activeElement : null;
    let lostFocus = null; // { column, index } of a removed card that had the focus
    let lostColumn = false;

    const columns = store.sortedColumns();
    for (const [id, cv] of columnViews) {
      if (!store.columns.has(id)) {
        if (active && cv.section.contains(active)) lostColumn = true;
        cv.section.remove();
        columnViews.delete(id);
      }
    }
    columns.forEach((column, i) => {
      let cv = columnViews.get(column.id);
      if (!cv) {
        cv = columnView(column);
        columnViews.set(column.id, cv);
      }
      if (scroller.children[i] !== cv.section) scroller.insertBefore(cv.section, scroller.children[i] || null);
    });

    const wanted = new Set();
    for (const column of columns) {
      const cv = columnViews.get(column.id);
      store.cardsIn(column.id).forEach((card, i) => {
        wanted.add(card.id);
        let item = cardViews.get(card.id);
        if (!item) {
          item = cardView(cardCtx, card);
          cardViews.set(card.id, item);
        } else if (item.card !== card) {
          item.update(card);
        }
        if (cv.list.children[i] !== item.el) cv.list.insertBefore(item.el, cv.list.children[i] || null);
      });
    }
    for (const [id, item] of cardViews) {
      if (wanted.has(id)) continue;
      if (active && item.el.contains(active)) {
        const list = item.el.parentElement;
        const index = list ? [...list.children].indexOf(item.el) : 0;
        const column = list?.closest('[data-column]')?.dataset.column;
        lostFocus = { column, index };
      }
      item.el.remove();
      cardViews.delete(id);
    }
    columns.forEach((column, i) => columnViews.get(column.id).update(column, i, columns.length));

    empty.hidden = columns.length > 0 || !store.loaded;
    drawChrome();

    // Moving an element loses its focus: give it back, or to a neighbour.
    if (active && active.isConnected && document.activeElement !== active) {
      active.focus({ preventScroll: true });
    } else if (lostFocus && lostFocus.column && columnViews.has(lostFocus.column)) {
      const cards = store.cardsIn(lostFocus.column);
      const next = cards[Math.min(lostFocus.index, cards.length - 1)];
      const cv = columnViews.get(lostFocus.column);
      if (next && cardViews.has(next.id)) cardViews.get(next.id).focus();
      else if (!cv.addButton.hidden) cv.addButton.focus();
      else cv.focus();
    } else if (lostColumn) {
      const first = columnViews.values().next().value;
      if (first) first.focus();
      else addColumnButton.focus();
    }
  }

  function drawChrome() {
    const moderate = view.canModerate();
    if (!moderate && addColumnForm) closeAddColumn(false);
    addColumnButton.hidden = !moderate || Boolean(addColumnForm);
    let note = '';
    if (view.session?.archived) note = 'De sessie is gearchiveerd: het kennisbord is alleen nog te lezen.';
    else if (view.myRole === 'observer') note = 'Als waarnemer kun je het kennisbord lezen, maar niet wijzigen.';
    else if (view.myRole === 'expert' && !expertsMayAdd(view)) note = 'In deze sessie kunnen deskundigen geen kaarten toevoegen of wijzigen.';
    setText(readonlyNote, note, { hideEmpty: true });
    const anyMovable = view.may('add_card');
    hint.hidden = !writable(view) || !anyMovable;
  }

  const offStore = store.on(() => draw());

  // ---- Snapshots and events ----

  /** After a snapshot (its data is in the store already). */
  function load() {
    setText(status, '');
  }

  // The data changes in the session page (board-events.js); this view redraws from the
  // store and says what others changed while the board is on screen.
  function tell(text) {
    if (text && isShown()) announce(text);
  }

  function update() {
    draw();
    for (const item of cardViews.values()) item.update();
  }

  draw();

  return {
    el,
    store,
    load,
    tell,
    update,
    createFromPost,
    /** Brings a card into view and gives it the focus (a search result); false when unknown. */
    focusCard(id) {
      const item = cardViews.get(id);
      if (!item) return false;
      item.el.scrollIntoView({ block: 'nearest', inline: 'center' });
      item.focus();
      return true;
    },
    destroy() {
      offStore();
    },
  };
}
