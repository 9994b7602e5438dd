// The fields of a note block: its kind, its text (the safe markup of posts)
// and, for an action ("Actiepunt"), who owns it and when it is due. The owner
// and due date only show for actions; for other kinds they are sent as null,
// as the contract wants.

import { field } from '../core/ui.js';
import { NOTE_KINDS } from '../core/labels.js';
import { SHORT_MARKUP_HINT } from '../board/card-form.js';

export const NOTE_TEXT_MAX = 10000;
export const NOTE_OWNER_MAX = 200;

/**
 * values: { kind, text, owner, due } to start from.
 * Returns { kindField, textField, els, read() → {kind, text, owner, due} | null }.
 */
export function noteFields({ kind = 'summary', text = '', owner = '', due = '' } = {}) {
  const kindField = field({ label: 'Soort', name: 'note-kind', options: NOTE_KINDS, value: kind });
  const textField = field({
    label: 'Tekst', name: 'note-text', multiline: true, rows: 4, maxlength: NOTE_TEXT_MAX, hint: SHORT_MARKUP_HINT, value: text,
  });
  const ownerField = field({
    label: 'Eigenaar', name: 'note-owner', required: false, autocomplete: 'off', maxlength: NOTE_OWNER_MAX,
    hint: 'Een persoon, team of organisatie (niet verplicht).', value: owner || '',
  });
  const dueField = field({ label: 'Uiterlijk', name: 'note-due', type: 'date', required: false, value: due || '' });
  ownerField.el.classList.add('note-action-field');
  dueField.el.classList.add('note-action-field');

  function showActionFields() {
    const action = kindField.input.value === 'action';
    ownerField.el.hidden = !action;
    dueField.el.hidden = !action;
  }
  kindField.input.addEventListener('change', showActionFields);
  showActionFields();

  return {
    kindField,
    textField,
    els: [kindField.el, textField.el, ownerField.el, dueField.el],
    /** The values to send, or null (with the problem shown and focused). */
    read() {
      const kind = kindField.input.value;
      const values = { kind, text: textField.input.value.trim(), owner: null, due: null };
      if (kind === 'action') {
        values.owner = ownerField.input.value.trim() || null;
        values.due = dueField.input.value || null;
      }
      dueField.setError('');
      if (!values.text) {
        textField.setError('Vul een tekst in.');
        textField.input.focus();
        return null;
      }
      textField.setError('');
      // A half-typed date reads as '' in the input, but the browser says it is invalid.
      if (kind === 'action' && dueField.input.validity && dueField.input.validity.badInput) {
        dueField.setError('Vul een geldige datum in, of laat het veld leeg.');
        dueField.input.focus();
        return null;
      }
      return values;
    },
  };
}
