// The session form, shared by "Nieuwe sessie" on the start page and "Sessie
// bewerken" on the session page: title, description, start and end (Dutch time
// in datetime-local inputs, RFC 3339 UTC on the wire), the premoderation
// switches, whether experts may add cards to the knowledge board, and (for a
// moderator editing a session: only their session object carries it) the
// "Bewaartermijn na archiveren" (retention_days: 6, 12 or 24 months, a number of
// days, or none).

import { h } from '../core/dom.js';
import { field, checkboxField, formAlert, showFieldErrors } from '../core/ui.js';
import { toLocalInput, fromLocalInput } from '../core/time.js';

const TITLE_MAX = 200;
const DESCRIPTION_MAX = 5000;
export const RETENTION_MAX_DAYS = 3650;
// Months as whole days (the server counts days after archiving).
export const RETENTION_CHOICES = [['none', 'Geen termijn (bewaren tot iemand er een kiest)'], ['183', '6 maanden'],
  ['365', '12 maanden'], ['730', '24 maanden'], ['days', 'Een aantal dagen']];

/** The editable fields of a session object, in wire form. */
export function editableValues(session = {}) {
  return {
    title: session.title || '',
    description: session.description || '',
    starts_at: session.starts_at || null,
    ends_at: session.ends_at || null,
    premoderation: Boolean(session.premoderation),
    premoderate_participants: Boolean(session.premoderate_participants),
    // Default true: only an explicit false turns it off.
    experts_add_cards: session.experts_add_cards !== false,
    // Only in a moderator's session object; absent (undefined) when creating.
    ...(session.retention_days !== undefined ? { retention_days: session.retention_days } : {}),
  };
}

/** Dutch field names, for listing differences. */
export const FIELD_LABELS = {
  title: 'Titel',
  description: 'Omschrijving',
  starts_at: 'Start',
  ends_at: 'Einde',
  premoderation: 'Premoderatie',
  premoderate_participants: 'Ook deelnemers premodereren',
  experts_add_cards: 'Deskundigen mogen kaarten toevoegen aan het kennisbord',
  retention_days: 'Bewaartermijn na archiveren',
};

/** Keys whose values differ between two editableValues() objects. */
export function changedKeys(before, after) {
  return Object.keys(after).filter((key) => !sameInstant(before[key], after[key]));
}

function sameInstant(a, b) {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') {
    const ta = Date.parse(a);
    const tb = Date.parse(b);
    if (!Number.isNaN(ta) && !Number.isNaN(tb) && /^\d{4}-/.test(a) && /^\d{4}-/.test(b)) return ta === tb;
  }
  return false;
}

/**
 * Builds the form. The caller handles `submit` (call read() first).
 * Returns { form, alert, submit, read(), setValues(values), focus() }.
 */
export function sessionForm({ submitLabel, values, onCancel }) {
  const title = field({ label: 'Titel', name: 'title', autocomplete: 'off', maxlength: TITLE_MAX });
  const description = field({
    label: 'Omschrijving', name: 'description', multiline: true, rows: 4, required: false, maxlength: DESCRIPTION_MAX,
    hint: 'Waar gaat de sessie over? Alleen leden van de sessie zien dit.',
  });
  const startsAt = field({ label: 'Start', type: 'datetime-local', name: 'starts_at', required: false, hint: 'Nederlandse tijd. Mag leeg blijven.' });
  const endsAt = field({ label: 'Einde', type: 'datetime-local', name: 'ends_at', required: false, hint: 'Nederlandse tijd. Mag leeg blijven.' });
  const premoderation = checkboxField({
    label: 'Premoderatie', name: 'premoderation',
    hint: 'Berichten van deskundigen verschijnen pas nadat een moderator ze heeft goedgekeurd.',
  });
  const participants = checkboxField({
    label: 'Ook deelnemers premodereren', name: 'premoderate_participants',
    hint: 'Kan alleen als premoderatie aan staat.',
  });
  const syncParticipants = () => {
    participants.input.disabled = !premoderation.input.checked;
  };
  premoderation.input.addEventListener('change', syncParticipants);
  const expertsAddCards = checkboxField({
    label: 'Deskundigen mogen kaarten toevoegen aan het kennisbord', name: 'experts_add_cards', checked: true,
    hint: 'Staat dit uit, dan lezen deskundigen het kennisbord alleen.',
  });

  const withRetention = values && values.retention_days !== undefined;
  const retention = field({
    label: 'Bewaartermijn na archiveren', name: 'retention', options: RETENTION_CHOICES, value: 'none',
    hint: 'Zo lang na het archiveren blijft de inhoud bewaard; daarna wordt hij voorgoed gewist. De titel, de data en het logboek blijven.',
  });
  const retentionDays = field({
    label: 'Aantal dagen na archiveren', type: 'number', name: 'retention_days', inputmode: 'numeric', required: false,
    hint: `0 tot ${RETENTION_MAX_DAYS} dagen; 0: direct na het archiveren.`,
  });
  retentionDays.input.min = '0';
  retentionDays.input.max = String(RETENTION_MAX_DAYS);
  const syncRetention = () => {
    retentionDays.el.hidden = retention.input.value !== 'days';
  };
  retention.input.addEventListener('change', syncRetention);

  const alert = formAlert();
  const submit = h('button', { type: 'submit', class: 'button primary' }, submitLabel);
  const cancel = onCancel ? h('button', { type: 'button', class: 'button secondary', onclick: onCancel }, 'Annuleren') : null;
  const form = h('form', { class: 'form form-grid', novalidate: true },
    h('div', { class: 'span-all' }, title.el),
    h('div', { class: 'span-all' }, description.el),
    startsAt.el,
    endsAt.el,
    h('fieldset', { class: 'span-all' }, h('legend', {}, 'Moderatie'), premoderation.el, participants.el),
    h('fieldset', { class: 'span-all' }, h('legend', {}, 'Kennisbord'), expertsAddCards.el),
    withRetention ? h('fieldset', { class: 'span-all' }, h('legend', {}, 'Bewaren'), retention.el, retentionDays.el) : null,
    alert.el,
    h('div', { class: 'actions span-all' }, submit, cancel));

  function setValues(v) {
    const values = editableValues(v);
    title.input.value = values.title;
    description.input.value = values.description;
    startsAt.input.value = toLocalInput(values.starts_at);
    endsAt.input.value = toLocalInput(values.ends_at);
    premoderation.input.checked = values.premoderation;
    participants.input.checked = values.premoderate_participants;
    expertsAddCards.input.checked = values.experts_add_cards;
    syncParticipants();
    const days = values.retention_days;
    const choice = days === null || days === undefined ? 'none' : String(days);
    retention.input.value = RETENTION_CHOICES.some(([v]) => v === choice) ? choice : 'days';
    retentionDays.input.value = typeof days === 'number' ? String(days) : '';
    syncRetention();
    for (const f of [title, description, startsAt, endsAt, retentionDays]) f.setError('');
  }

  /**
   * Checks the input and shows problems next to the fields.
   * Returns the values in wire form (editableValues shape), or null.
   */
  function read() {
    const problems = new Map();
    const values = {
      title: title.input.value.trim(),
      description: description.input.value.trim(),
      starts_at: fromLocalInput(startsAt.input.value),
      ends_at: fromLocalInput(endsAt.input.value),
      premoderation: premoderation.input.checked,
      premoderate_participants: premoderation.input.checked && participants.input.checked,
      experts_add_cards: expertsAddCards.input.checked,
    };
    if (withRetention) {
      const choice = retention.input.value;
      if (choice === 'none') values.retention_days = null;
      else if (choice !== 'days') values.retention_days = Number(choice);
      else {
        const text = retentionDays.input.value.trim();
        const days = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
        if (!(days >= 0 && days <= RETENTION_MAX_DAYS)) problems.set(retentionDays, `Vul een aantal dagen in van 0 tot ${RETENTION_MAX_DAYS}.`);
        else values.retention_days = days;
      }
    }
    if (!values.title) problems.set(title, 'Vul een titel in.');
    if (values.starts_at === undefined || startsAt.input.validity.badInput) problems.set(startsAt, 'Vul een geldige datum en tijd in.');
    if (values.ends_at === undefined || endsAt.input.validity.badInput) problems.set(endsAt, 'Vul een geldige datum en tijd in.');
    if (values.starts_at && values.ends_at && Date.parse(values.ends_at) <= Date.parse(values.starts_at)) {
      problems.set(endsAt, 'Het einde moet na de start liggen.');
    }
    if (!showFieldErrors([title, description, startsAt, endsAt, retentionDays], problems)) return null;
    return values;
  }

  setValues(values || {});
  return { form, alert, submit, read, setValues, focus: () => title.input.focus() };
}
