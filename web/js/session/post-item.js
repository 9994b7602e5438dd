// One post in a thread: who posted it (as they chose to be shown; moderators
// also see the author), when, markers (bewerkt, wacht op goedkeuring, notitie
// voor moderatoren, op het kennisbord, persoonsgegevens, meldingen), a reference to the post it
// answers, the body or a placeholder, its attached documents, and the actions
// this user may take.
// update(post) redraws in place and keeps the keyboard focus on the same action.

import { h, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { personalDataText } from '../core/labels.js';
import { actionButton, announce } from '../core/ui.js';
import { formatDateTime } from '../core/time.js';
import { findPersonalData } from '../core/personal-data.js';
import { plainExcerpt } from '../core/markup.js';
import { postBody } from './post-body.js';
import { authorLabel, attributionNote } from './post-author.js';
import { shortTime } from './threads.js';
import { MAX_BODY, personalDataWarning, isPremoderated } from './composer.js';
import { mentionPicker, mentionCandidates } from './mentions.js';
import { moderatePost, flagPost, deletePost, showHistory, addPostToBoard } from './post-actions.js';
import { postAttachments, isShownTo } from '../documents/document-item.js';

const PLACEHOLDERS = {
  hidden: 'Verborgen door moderator',
  redacted: 'Verwijderd door moderator',
  deleted: 'Verwijderd door de auteur',
};

function userName(user) {
  if (!user) return null;
  if (typeof user === 'object') return user.display_name || null;
  return null;
}

/** Markers for a post: state, whisper, edited, personal data, flags. */
export function postMarkers(post, view) {
  const moderator = view.myRole === 'moderator';
  const markers = [];
  if (post.whisper) markers.push(h('span', { class: 'badge badge-whisper' }, 'Notitie voor moderatoren'));
  if (post.state === 'pending') markers.push(h('span', { class: 'badge badge-pending' }, 'Wacht op goedkeuring'));
  if (post.state === 'rejected') markers.push(h('span', { class: 'badge badge-rejected' }, 'Afgewezen'));
  if (post.edited_at && ['visible', 'pending', 'hidden'].includes(post.state)) {
    markers.push(h('span', { class: 'badge badge-edited', title: `Bewerkt op ${formatDateTime(post.edited_at)}` }, 'bewerkt'));
  }
  if (moderator && Array.isArray(post.personal_data) && post.personal_data.length && post.state !== 'redacted') {
    markers.push(h('span', { class: 'badge badge-pd' }, `Mogelijk persoonsgegevens: ${personalDataText(post.personal_data)}`));
  }
  if (post.on_board && !['redacted', 'deleted'].includes(post.state)) markers.push(h('span', { class: 'badge badge-board' }, 'Op het kennisbord'));
  if (moderator && post.flags > 0) {
    markers.push(h('span', { class: 'badge badge-flags' }, post.flags === 1 ? '1 melding' : `${post.flags} meldingen`));
  }
  return markers;
}

/** The body, or the placeholder for hidden, redacted and deleted posts. */
export function postContent(post, view) {
  const moderator = view.myRole === 'moderator';
  const reason = post.moderation?.reason;
  const by = userName(post.moderation?.by);
  if (post.state in PLACEHOLDERS) {
    const parts = [h('p', { class: 'placeholder' }, PLACEHOLDERS[post.state])];
    if (moderator && post.state !== 'deleted' && reason) {
      parts.push(h('p', { class: 'mod-reason' }, `Reden${by ? ` (${by})` : ''}: ${reason}`));
    }
    if (post.state === 'hidden' && typeof post.body === 'string') {
      parts.push(postBody(post.body, { className: 'post-body is-dimmed' }));
    }
    return parts;
  }
  const parts = [];
  if (post.state === 'rejected') {
    parts.push(h('p', { class: 'placeholder' }, 'Afgewezen door moderator; dit bericht is niet geplaatst.'));
    if (reason) parts.push(h('p', { class: 'mod-reason' }, `Reden: ${reason}`));
  }
  if (typeof post.body === 'string') {
    parts.push(postBody(post.body, { className: post.state === 'rejected' ? 'post-body is-dimmed' : 'post-body' }));
  }
  if (post.state !== 'rejected') parts.push(postAttachments((post.documents || []).filter((doc) => isShownTo(view, doc))));
  return parts;
}

/**
 * ctx: { view, store, applyPost, canPost(), report? }.
 * onReply(post), onJump(postId).
 * Returns { el, update(post), post }.
 */
export function postItem(ctx, initial, { onReply, onJump }) {
  const { view, store } = ctx;
  const headId = uid('post-head');
  const head = h('header', { class: 'post-head', id: headId });
  const reference = h('div', { class: 'post-ref', hidden: true });
  const content = h('div', { class: 'post-content' });
  const editSlot = h('div', { class: 'post-edit', hidden: true });
  const alert = h('p', { class: 'alert alert-error', role: 'alert', hidden: true });
  const actions = h('div', { class: 'post-actions' });
  const article = h('article', { class: 'post', 'aria-labelledby': headId }, head, reference, content, editSlot, alert, actions);
  const el = h('li', { class: 'post-item', tabindex: '-1', dataset: { post: initial.id } }, article);

  let post = initial;
  let editing = null; // { textarea, ... } while the edit form is open

  const report = (text) => {
    setText(alert, text, { hideEmpty: true });
  };

  function isMine() {
    return Boolean(post.mine) || (post.author && post.author.id === view.me.id);
  }

  function drawHead() {
    const note = attributionNote({ ...post, mine: isMine() }, view);
    replace(head,
      h('p', { class: 'post-author' },
        h('strong', {}, authorLabel(post)),
        isMine() && !note ? h('span', { class: 'muted' }, ' (jij)') : null,
        post.created_at ? h('span', { class: 'post-time' }, shortTime(post.created_at)) : null),
      note ? h('p', { class: 'post-attribution' }, note) : null,
      h('p', { class: 'post-markers' }, postMarkers(post, view)));
    el.classList.toggle('is-whisper', Boolean(post.whisper));
    el.classList.toggle('is-mine', isMine());
    el.dataset.state = post.state;
  }

  function drawReference() {
    if (!post.reply_to || typeof post.body !== 'string') { // placeholders show no context
      reference.hidden = true;
      replace(reference);
      return;
    }
    const target = store.post(post.reply_to);
    let text;
    if (!target) text = 'Reactie op een eerder bericht';
    else if (typeof target.body === 'string' && target.state !== 'redacted') text = [`Reactie op ${authorLabel(target)}: `, h('q', {}, plainExcerpt(target.body, 100))];
    else text = `Reactie op ${authorLabel(target)} (${(PLACEHOLDERS[target.state] || 'niet beschikbaar').toLowerCase()})`;
    const jump = target
      ? h('button', { type: 'button', class: 'link-button small' }, 'Naar dat bericht')
      : null;
    if (jump) jump.addEventListener('click', () => onJump(post.reply_to));
    replace(reference, h('p', {}, text), jump);
    reference.hidden = false;
  }

  function drawContent() {
    if (editing) return;
    replace(content, postContent(post, view));
  }

  // Every action first clears the message of the one before.
  const button = (label, action, handler, options = {}) => actionButton(label, action, handler, { ...options, before: () => report('') });

  function drawActions() {
    const focused = actions.contains(document.activeElement) ? document.activeElement.dataset.action : null;
    const moderator = view.myRole === 'moderator';
    const archived = Boolean(view.session?.archived);
    const mine = isMine();
    const own = [];
    const mod = [];
    if (!archived && !editing) {
      if (ctx.canPost() && post.state === 'visible') {
        own.push(button('Reageren', 'reply', () => onReply(post)));
      }
      // A premoderated author cannot change a post once it was approved.
      if (mine && (post.state === 'pending' || (post.state === 'visible' && (!isPremoderated(view) || post.whisper)))) {
        own.push(button('Bewerken', 'edit', () => openEditor()));
      }
      if (mine && ['visible', 'pending'].includes(post.state)) {
        own.push(button('Verwijderen', 'delete', () => deletePost(ctx, post, { report })));
      }
      if (!mine && post.state === 'visible' && !post.whisper) {
        own.push(button('Melden', 'flag', () => flagPost(ctx, post, { report })));
      }
      if (ctx.canAddToBoard && ctx.canAddToBoard(post)) {
        own.push(button('Op het kennisbord zetten', 'to-board', () => addPostToBoard(ctx, post, { report })));
      }
    }
    if ((moderator || mine) && post.state !== 'redacted' && (post.edited_at || (moderator && post.state === 'deleted'))) {
      own.push(button('Eerdere versies', 'history', () => showHistory(ctx, post, { report })));
    }
    if (moderator && !archived) {
      if (post.state === 'pending') {
        mod.push(button('Goedkeuren', 'approve', () => moderatePost(ctx, 'approve', post, { report })));
        mod.push(button('Afwijzen', 'reject', () => moderatePost(ctx, 'reject', post, { report }), { danger: true }));
      }
      if (post.state === 'visible') mod.push(button('Verbergen', 'hide', () => moderatePost(ctx, 'hide', post, { report }), { danger: true }));
      if (post.state === 'hidden') mod.push(button('Herstellen', 'restore', () => moderatePost(ctx, 'restore', post, { report })));
      if (post.state !== 'redacted') mod.push(button('Definitief wissen', 'redact', () => moderatePost(ctx, 'redact', post, { report }), { danger: true }));
    }
    replace(actions,
      own.length ? h('div', { class: 'action-group' }, own) : null,
      mod.length ? h('div', { class: 'action-group mod-actions', role: 'group', 'aria-label': 'Moderatie' }, mod) : null);
    actions.hidden = own.length + mod.length === 0;
    if (focused) {
      const again = actions.querySelector(`[data-action="${focused}"]`);
      if (again) again.focus();
      else el.focus();
    }
  }

  // ---- Editing one's own post ----

  function openEditor() {
    const inputId = uid('edit-body');
    const errorId = `${inputId}-error`;
    const textarea = h('textarea', { id: inputId, rows: 4, maxlength: MAX_BODY, 'aria-describedby': errorId });
    textarea.value = post.body || '';
    // "@" offers the members who may read this post, as in the reply composer: the
    // server notifies only those the edit names anew.
    const picker = mentionPicker(textarea, {
      candidates: () => mentionCandidates(view, { none: post.state === 'pending', moderatorsOnly: Boolean(post.whisper) }),
    });
    const error = h('p', { class: 'field-error', id: errorId, hidden: true });
    const save = h('button', { type: 'submit', class: 'button primary small' }, 'Opslaan');
    const cancel = h('button', { type: 'button', class: 'button secondary small' }, 'Annuleren');
    const warning = personalDataWarning({
      onSendAnyway: () => submit(true),
      onEdit: () => {
        warning.hide();
        textarea.focus();
      },
    });
    const form = h('form', { class: 'edit-form', novalidate: true },
      h('div', { class: 'field' }, h('label', { for: inputId }, 'Bericht bewerken'), textarea, picker.el, error),
      warning.el,
      h('div', { class: 'actions' }, save, cancel));
    textarea.addEventListener('input', () => warning.hide());
    cancel.addEventListener('click', () => closeEditor(true));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      submit(false);
    });
    async function submit(force) {
      const text = textarea.value.trim();
      if (!text) {
        error.textContent = 'Een bericht kan niet leeg zijn. Gebruik “Verwijderen” om het weg te halen.';
        error.hidden = false;
        textarea.focus();
        return;
      }
      error.hidden = true;
      if (!force) {
        const kinds = findPersonalData(text);
        if (kinds.length) {
          warning.show(kinds);
          return;
        }
      }
      warning.hide();
      save.disabled = true;
      let answer;
      try {
        const params = { post: post.id, body: text };
        const mentioned = picker.mentions();
        if (mentioned.length) params.mentions = mentioned;
        answer = await socket.request('post.edit', params);
      } catch (err) {
        save.disabled = false;
        // A refused mention says who may be named (the server's own words).
        error.textContent = errorText(err, {
          forbidden: 'Dit bericht kan niet meer worden bewerkt.',
          locked: 'Dit gesprek is gesloten of de sessie is gearchiveerd.',
          bad_request: err.serverMessage || 'Dit bericht kan niet (meer) worden bewerkt.',
        });
        error.hidden = false;
        return;
      }
      closeEditor(false);
      if (answer.post) ctx.applyPost(answer.post);
      announce('Je bericht is bijgewerkt.');
      const again = actions.querySelector('[data-action="edit"]');
      if (again) again.focus();
      else el.focus();
    }
    editing = { form };
    replace(editSlot, form);
    editSlot.hidden = false;
    content.hidden = true;
    drawActions();
    textarea.focus();
  }

  function closeEditor(focusBack) {
    editing = null;
    replace(editSlot);
    editSlot.hidden = true;
    content.hidden = false;
    drawContent();
    drawActions();
    if (focusBack) {
      const again = actions.querySelector('[data-action="edit"]');
      if (again) again.focus();
    }
  }

  function update(next) {
    if (next) post = next;
    if (editing && !['visible', 'pending'].includes(post.state)) closeEditor(false);
    drawHead();
    drawReference();
    drawContent();
    drawActions();
  }

  update();
  return {
    el,
    update,
    get post() {
      return post;
    },
    refreshReference: drawReference,
  };
}
