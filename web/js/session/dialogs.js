// Dialogs of the threads workspace: asking for a reason (moderation actions,
// "Melden"), optionally with a "this is permanent" confirmation, and showing a
// post's revisions (post.history).

import { h, uid, replace } from '../core/dom.js';
import { timeEl } from '../core/time.js';
import { postBody } from './post-body.js';

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

/**
 * Asks for a reason. Resolves with the trimmed reason ('' when optional and
 * left empty), or null when cancelled.
 *   await reasonDialog({ title, text, label: 'Reden', required: true,
 *                        confirmLabel: 'Verbergen', danger, permanent: 'Ik begrijp …' })
 */
export function reasonDialog({ title, text, label = 'Reden', required = false, confirmLabel, danger = false, permanent = null, maxlength = 500 }) {
  return new Promise((resolve) => {
    const titleId = uid('dialog-title');
    const inputId = uid('reason');
    const errorId = `${inputId}-error`;
    const input = h('textarea', { id: inputId, rows: 3, maxlength, 'aria-describedby': errorId, required });
    const error = h('p', { class: 'field-error', id: errorId, hidden: true });
    let check = null;
    let checkError = null;
    if (permanent) {
      const checkId = uid('permanent');
      checkError = h('p', { class: 'field-error', id: `${checkId}-error`, hidden: true });
      check = h('input', { id: checkId, type: 'checkbox', 'aria-describedby': `${checkId}-error` });
      check.wrapper = h('div', { class: 'field field-check' },
        h('div', { class: 'check-row' }, check, h('label', { for: checkId }, permanent)),
        checkError);
    }
    const cancel = h('button', { type: 'button', class: 'button secondary' }, 'Annuleren');
    const ok = h('button', { type: 'submit', class: danger ? 'button danger' : 'button primary' }, confirmLabel);
    const form = h('form', { method: 'dialog', novalidate: true },
      text ? h('p', {}, text) : null,
      h('div', { class: 'field' },
        h('label', { for: inputId }, required ? label : `${label} (niet verplicht)`),
        input,
        error),
      check ? check.wrapper : null,
      h('div', { class: 'actions' }, cancel, ok));
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title),
      form);
    let result = null;
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const reason = input.value.trim();
      let bad = false;
      if (required && !reason) {
        error.textContent = 'Vul een reden in.';
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        bad = true;
      } else {
        error.hidden = true;
        input.removeAttribute('aria-invalid');
      }
      if (check && !check.checked) {
        checkError.textContent = 'Bevestig dat dit definitief is.';
        checkError.hidden = false;
        if (!bad) check.focus();
        bad = true;
      } else if (checkError) {
        checkError.hidden = true;
      }
      if (bad) return;
      result = reason;
      dialog.close();
    });
    openDialog(dialog, () => resolve(result));
    input.focus();
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
