// Forms of the knowledge board: the title and text of a card (adding one to a
// column, editing one; inline-edit.js has the form around them), a column's
// name, and the dialog of "Op het kennisbord zetten" that asks for a column
// and a title for a card made from a post.

import { h, uid } from '../core/dom.js';
import { field } from '../core/ui.js';
import { MARKUP_HINT } from '../session/composer.js';
import { postBody } from '../session/post-body.js';

export const CARD_TITLE_MAX = 200;
export const CARD_BODY_MAX = 10000;
export const COLUMN_TITLE_MAX = 100;

/** The markup hint, short enough for a form inside a narrow column. */
export const SHORT_MARKUP_HINT = 'Opmaak: **vet**, *cursief*, regels met "- " worden een opsomming.';

/**
 * The title and text fields of a card.
 * Returns { titleField, bodyField, els, read() → {title, body} | null, setErrors() }.
 */
export function cardFields({ title = '', body = '', bodyLabel = 'Tekst', hint = SHORT_MARKUP_HINT } = {}) {
  const titleField = field({ label: 'Titel', name: 'card-title', autocomplete: 'off', maxlength: CARD_TITLE_MAX, value: title });
  const bodyField = field({
    label: bodyLabel, name: 'card-body', multiline: true, rows: 4, required: false, maxlength: CARD_BODY_MAX, hint,
  });
  bodyField.input.value = body;
  return {
    titleField,
    bodyField,
    els: [titleField.el, bodyField.el],
    /** The trimmed values, or null (with the problem shown and focused). */
    read() {
      const values = { title: titleField.input.value.trim(), body: bodyField.input.value.trim() };
      bodyField.setError('');
      if (!values.title) {
        titleField.setError('Vul een titel in.');
        titleField.input.focus();
        return null;
      }
      titleField.setError('');
      return values;
    },
  };
}

/** The name field of a column. */
export function columnField(value = '') {
  return field({ label: 'Naam van de kolom', name: 'column-title', autocomplete: 'off', maxlength: COLUMN_TITLE_MAX, value });
}

/**
 * "Op het kennisbord zetten": asks for a column and a title (prefilled with
 * the thread's title) and an optional explanation. Resolves with
 * { column, title, body } or null when cancelled. `send(values)` does the
 * request; it resolves with an error text to show, or null when done.
 */
export function cardFromPostDialog({ columns, title, post, send }) {
  return new Promise((resolve) => {
    const titleId = uid('dialog-title');
    const column = field({ label: 'Kolom', name: 'column', options: columns.map((c) => [c.id, c.title]) });
    const fields = cardFields({ title: (title || '').slice(0, CARD_TITLE_MAX), bodyLabel: 'Toelichting (niet verplicht)', hint: MARKUP_HINT });
    const alert = h('p', { class: 'alert alert-error', role: 'alert', hidden: true });
    const cancel = h('button', { type: 'button', class: 'button secondary' }, 'Annuleren');
    const ok = h('button', { type: 'submit', class: 'button primary' }, 'Kaart toevoegen');
    const form = h('form', { method: 'dialog', novalidate: true },
      h('p', {}, 'Het bericht komt als citaat op een kaart, met een link naar het gesprek.'),
      typeof post.body === 'string' ? h('blockquote', { class: 'card-quote dialog-quote' }, postBody(post.body)) : null,
      column.el,
      fields.els,
      alert,
      h('div', { class: 'actions' }, cancel, ok));
    const dialog = h('dialog', { class: 'dialog dialog-wide', 'aria-labelledby': titleId },
      h('h2', { id: titleId }, 'Op het kennisbord zetten'),
      form);
    const opener = document.activeElement;
    let result = null;
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (ok.disabled) return;
      const values = fields.read();
      if (!values) return;
      const wanted = { column: column.input.value, ...values };
      ok.disabled = true;
      ok.setAttribute('aria-busy', 'true');
      const problem = await send(wanted);
      ok.disabled = false;
      ok.removeAttribute('aria-busy');
      if (problem) {
        alert.textContent = problem;
        alert.hidden = false;
        return;
      }
      result = wanted;
      dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
    fields.titleField.input.focus();
  });
}
