// Dialogs of the threads workspace: asking for a reason (moderation actions,
// "Melden"), optionally with a "this is permanent" confirmation, asking for a
// thread's new title ("Titel wijzigen", which erases the old one), and showing
// a post's revisions (post.history).

import { h, uid, replace } from '../core/dom.js';
import { timeEl } from '../core/time.js';
import { findPersonalData } from '../core/personal-data.js';
import { postBody } from './post-body.js';
import { personalDataWarning } from './composer.js';

function openDialog(dialog, onClose) {
  const opener = document.activeElement;
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
    onClose();
  });
  document.body.append(dialog);
  dialog.showModal();
}

/** Shows message under a field (and marks the field invalid), or clears it with ''. */
function fieldError(field, error, message) {
  error.textContent = message;
  error.hidden = !message;
  if (message) field.setAttribute('aria-invalid', 'true');
  else field.removeAttribute('aria-invalid');
}

/**
 * The "this is permanent" checkbox of an erasing dialog. Returns
 * { el, confirmed(focus) }: confirmed() shows the error (and, with focus,
 * moves the keyboard there) when it is not ticked.
 */
function permanentCheck(label) {
  const checkId = uid('permanent');
  const error = h('p', { class: 'field-error', id: `${checkId}-error`, hidden: true });
  const check = h('input', { id: checkId, type: 'checkbox', 'aria-describedby': `${checkId}-error` });
  const el = h('div', { class: 'field field-check' },
    h('div', { class: 'check-row' }, check, h('label', { for: checkId }, label)),
    error);
  return {
    el,
    confirmed(focus) {
      if (check.checked) {
        fieldError(check, error, '');
        return true;
      }
      fieldError(check, error, 'Bevestig dat dit definitief is.');
      if (focus) check.focus();
      return false;
    },
  };
}

/** A labelled reason textarea, with an optional hint: { el, input, error }. */
function reasonField({ label, required, maxlength, hint = null }) {
  const inputId = uid('reason');
  const error = h('p', { class: 'field-error', id: `${inputId}-error`, hidden: true });
  const hintEl = hint ? h('p', { class: 'field-hint', id: `${inputId}-hint` }, hint) : null;
  const describedBy = hint ? `${inputId}-hint ${inputId}-error` : `${inputId}-error`;
  const input = h('textarea', { id: inputId, rows: 3, maxlength, 'aria-describedby': describedBy, required });
  const el = h('div', { class: 'field' },
    h('label', { for: inputId }, required ? label : `${label} (niet verplicht)`),
    input,
    hintEl,
    error);
  return { el, input, error };
}

/** The dialog element around form, titled title. */
function dialogWith(title, form) {
  const titleId = uid('dialog-title');
  return h('dialog', { class: 'dialog', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, title),
    form);
}

/**
 * Asks for a reason. Resolves with the trimmed reason ('' when optional and
 * left empty), or null when cancelled.
 *   await reasonDialog({ title, text, label: 'Reden', required: true,
 *                        confirmLabel: 'Verbergen', danger, permanent: 'Ik begrijp …' })
 */
export function reasonDialog({ title, text, label = 'Reden', required = false, confirmLabel, danger = false, permanent = null, maxlength = 500 }) {
  return new Promise((resolve) => {
    const reason = reasonField({ label, required, maxlength });
    const check = permanent ? permanentCheck(permanent) : null;
    const cancel = h('button', { type: 'button', class: 'button secondary' }, 'Annuleren');
    const ok = h('button', { type: 'submit', class: danger ? 'button danger' : 'button primary' }, confirmLabel);
    const form = h('form', { method: 'dialog', novalidate: true },
      text ? h('p', {}, text) : null,
      reason.el,
      check ? check.el : null,
      h('div', { class: 'actions' }, cancel, ok));
    const dialog = dialogWith(title, form);
    let result = null;
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const value = reason.input.value.trim();
      const missing = required && !value;
      fieldError(reason.input, reason.error, missing ? 'Vul een reden in.' : '');
      if (missing) reason.input.focus();
      const confirmed = check ? check.confirmed(!missing) : true;
      if (missing || !confirmed) return;
      result = value;
      dialog.close();
    });
    openDialog(dialog, () => resolve(result));
    reason.input.focus();
  });
}

/**
 * Asks a moderator for a thread's new title and the reason (thread.retitle),
 * saying that the old title is erased for good. Resolves with
 * { title, reason } (both trimmed), or null when cancelled.
 */
export function retitleDialog({ currentTitle }) {
  return new Promise((resolve) => {
    const titleInputId = uid('new-title');
    const titleError = h('p', { class: 'field-error', id: `${titleInputId}-error`, hidden: true });
    const titleHint = h('p', { class: 'field-hint', id: `${titleInputId}-hint` }, 'Hooguit 200 tekens.');
    const titleInput = h('input', {
      id: titleInputId, type: 'text', maxlength: 200, required: true, autocomplete: 'off',
      'aria-describedby': `${titleInputId}-hint ${titleInputId}-error`,
    });
    titleInput.value = currentTitle;
    const reason = reasonField({
      label: 'Reden', required: true, maxlength: 500,
      hint: 'De reden blijft in het logboek staan. Noem daarin de oude titel niet.',
    });
    const check = permanentCheck('Ik begrijp dat de oude titel definitief wordt gewist');
    // The same check "Nieuw gesprek" runs on a title before sending.
    let sendAnyway = false;
    const warning = personalDataWarning({
      subject: 'Deze titel',
      anywayLabel: 'Toch wijzigen',
      onSendAnyway: () => {
        sendAnyway = true;
        form.requestSubmit();
      },
      onEdit: () => {
        warning.hide();
        titleInput.focus();
      },
    });
    titleInput.addEventListener('input', () => {
      sendAnyway = false; // a changed title is checked again
    });
    const cancel = h('button', { type: 'button', class: 'button secondary' }, 'Annuleren');
    const ok = h('button', { type: 'submit', class: 'button danger' }, 'Titel wijzigen');
    const form = h('form', { method: 'dialog', novalidate: true },
      h('p', {}, 'De oude titel wordt voorgoed gewist: uit het gesprek, uit alles wat eerder over het gesprek is rondgestuurd, uit de zoekresultaten en van het kennisbord. Ook moderatoren kunnen hem daarna niet meer terugzien. Iedereen ziet meteen de nieuwe titel.'),
      h('div', { class: 'field' },
        h('label', { for: titleInputId }, 'Nieuwe titel'),
        titleInput,
        titleHint,
        titleError),
      reason.el,
      check.el,
      warning.el,
      h('div', { class: 'actions' }, cancel, ok));
    const dialog = dialogWith('Titel wijzigen', form);
    let result = null;
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const title = titleInput.value.trim();
      const value = reason.input.value.trim();
      let titleProblem = '';
      if (!title) titleProblem = 'Vul een titel in.';
      else if (title === currentTitle.trim()) titleProblem = 'De nieuwe titel is gelijk aan de huidige.';
      fieldError(titleInput, titleError, titleProblem);
      fieldError(reason.input, reason.error, value ? '' : 'Vul een reden in.');
      const first = titleProblem ? titleInput : (!value ? reason.input : null);
      if (first) first.focus();
      const confirmed = check.confirmed(!first);
      if (first || !confirmed) return;
      const kinds = sendAnyway ? [] : findPersonalData(title);
      if (kinds.length) {
        warning.show(kinds);
        return;
      }
      result = { title, reason: value };
      dialog.close();
    });
    openDialog(dialog, () => resolve(result));
    titleInput.focus();
    titleInput.select();
  });
}

/** Shows a post's revisions (oldest first, the current text last). */
export function historyDialog({ title = 'Eerdere versies', revisions }) {
  return new Promise((resolve) => {
    const titleId = uid('dialog-title');
    const close = h('button', { type: 'button', class: 'button secondary' }, 'Sluiten');
    const list = h('ol', { class: 'revision-list' });
    const count = revisions.length;
    replace(list, revisions.map((rev, i) => h('li', { class: 'revision' },
      h('p', { class: 'revision-meta' },
        i === count - 1 ? 'Huidige tekst' : `Versie ${i + 1}`,
        rev.at ? [' · ', timeEl(rev.at)] : null),
      typeof rev.body === 'string' ? postBody(rev.body) : h('p', { class: 'muted' }, '(geen tekst)'))));
    const dialog = h('dialog', { class: 'dialog dialog-wide', 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title),
      count ? list : h('p', {}, 'Er zijn geen eerdere versies.'),
      h('div', { class: 'actions' }, close));
    close.addEventListener('click', () => dialog.close());
    openDialog(dialog, () => resolve());
    close.focus();
  });
}
