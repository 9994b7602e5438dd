// Editing objects in place that several people may change at the same time
// (board cards, note blocks): the small inline form, the line that says who
// added and who last changed an object, the conflict box that shows the
// other person's version when a save answered `conflict`, so that the person
// can re-apply their own change (it replaces the other version) or cancel,
// the whole edit flow around them (inlineEditor), and sending a change that
// names the version it started from.

import { h, replace } from './dom.js';
import * as socket from './socket.js';
import { errorText } from './errors.js';
import { announce } from './ui.js';
import { formatDateTime, formatTime, parseTime, timeEl } from './time.js';

/** The display name of a user summary, or "iemand". */
export function personName(user) {
  return (user && typeof user === 'object' && user.display_name) || 'iemand';
}

/** "om 14:05" today, else "op di 1 december 2026 om 14:05", as nodes. */
function whenNodes(iso) {
  const date = parseTime(iso);
  if (!date) return [];
  const today = new Date().toDateString() === date.toDateString();
  return today ? [' om ', timeEl(iso, formatTime(iso))] : [' op ', timeEl(iso, formatDateTime(iso))];
}

/**
 * "toegevoegd door X, gewijzigd door Y om 14:05" (or "toegevoegd door X om
 * 13:00") for an object with created_by/at, updated_by/at and version.
 */
export function changedByNodes(obj) {
  // Timestamps have whole seconds: a change in the first second shows in the version.
  const changed = obj.updated_by && ((obj.version || 1) > 1 || (obj.updated_at && obj.updated_at !== obj.created_at));
  if (!changed) return [`toegevoegd door ${personName(obj.created_by)}`, ...whenNodes(obj.created_at)];
  return [`toegevoegd door ${personName(obj.created_by)}, gewijzigd door ${personName(obj.updated_by)}`, ...whenNodes(obj.updated_at)];
}

/**
 * An inline form: fields, an error paragraph and buttons; Escape cancels.
 * Returns { form, submit, cancel, alert(text), busy(on) }. onSubmit(ev) is
 * called after preventDefault.
 */
export function inlineForm({ label, fields, submitLabel, onSubmit, onCancel, className = 'board-form' }) {
  const submit = h('button', { type: 'submit', class: 'button primary small' }, submitLabel);
  const cancel = h('button', { type: 'button', class: 'button secondary small' }, 'Annuleren');
  const alert = h('p', { class: 'alert alert-error', role: 'alert', hidden: true });
  const form = h('form', { class: className, novalidate: true, 'aria-label': label },
    fields,
    alert,
    h('div', { class: 'actions' }, submit, cancel));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (submit.disabled) return;
    onSubmit(ev);
  });
  cancel.addEventListener('click', () => onCancel());
  form.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      ev.stopPropagation();
      onCancel();
    }
  });
  return {
    form,
    submit,
    cancel,
    alert(text) {
      alert.textContent = text || '';
      alert.hidden = !text;
    },
    busy(on) {
      submit.disabled = on;
      if (on) submit.setAttribute('aria-busy', 'true');
      else submit.removeAttribute('aria-busy');
    },
  };
}

/**
 * The conflict box inside an inline edit form. Put `el` among the form's
 * fields; show() replaces the form's own buttons with the two choices while
 * the person decides. The person's own text stays in the form.
 * Returns { el, show({ formObj, what, by, version, onRetry, onCancel }), hide(formObj) }.
 *   what: "deze kaart", "dit blok"; by: the user who changed it; version: nodes.
 */
export function conflictBox({ className = 'card-conflict' } = {}) {
  const el = h('div', { class: `alert alert-warn ${className}`, role: 'alert', hidden: true });
  return {
    el,
    show({ formObj, what, by, version, onRetry, onCancel }) {
      const retry = h('button', { type: 'button', class: 'button primary small' }, 'Mijn wijziging opnieuw toepassen');
      const cancel = h('button', { type: 'button', class: 'button secondary small' }, 'Annuleren');
      retry.addEventListener('click', () => onRetry());
      cancel.addEventListener('click', () => onCancel());
      replace(el,
        h('p', {}, h('strong', {}, `Iemand anders heeft ${what} intussen gewijzigd.`),
          ` Dit is de versie van ${personName(by)}:`),
        h('div', { class: 'card-other-version' }, version),
        h('p', {}, 'Jouw wijziging staat nog in het formulier. Pas haar opnieuw toe (dan vervangt zij deze versie) of annuleer.'),
        h('div', { class: 'actions' }, retry, cancel));
      el.hidden = false;
      formObj.submit.hidden = true;
      formObj.cancel.hidden = true;
      retry.focus();
    },
    hide(formObj) {
      replace(el);
      el.hidden = true;
      if (formObj) {
        formObj.submit.hidden = false;
        formObj.cancel.hidden = false;
      }
    },
  };
}

/**
 * Sends a change to a versioned object (move, delete, …) and resolves with the
 * answer, or null when it failed. On `conflict` the current object (the
 * answer's `key`) goes to onCurrent and `conflictText` is reported; on
 * `not_found`, onMissing (when given) decides, else it is reported like any
 * other error, with `texts` overriding the usual texts.
 */
export async function sendVersioned(verb, params, { key, onCurrent, report, conflictText, texts = {}, onMissing = null }) {
  try {
    return await socket.request(verb, params);
  } catch (err) {
    if (err.code === 'conflict') {
      if (err.answer?.[key]) onCurrent(err.answer[key]);
      report(conflictText);
    } else if (err.code === 'not_found' && onMissing) {
      onMissing();
    } else {
      report(errorText(err, texts));
    }
    return null;
  }
}

/**
 * The edit flow of an object shown in place (a board card, a note block):
 * opens an inline form in `slot` (hiding `content`), saves with the version
 * the edit started from and, when someone else saved in between (`conflict`),
 * shows their version with "Mijn wijziging opnieuw toepassen" (sent again
 * with the newer version) or "Annuleren". What was typed stays in the form.
 *
 * options:
 *   slot, content           elements: where the form goes, what it hides
 *   label()                 the form's accessible name
 *   className               the form's class
 *   fields()                → { els, read() → values | null, focus() }
 *   current()               the object as the store has it now
 *   send(values, version)   → socket answer (rejects with the socket's errors)
 *   key                     the object's name in a `conflict` answer ('card', 'block')
 *   onCurrent(obj)          apply the current object from a `conflict` answer
 *   what                    "deze kaart", "deze aantekening"
 *   versionNodes(obj)       the other person's version, readable
 *   texts                   error texts that override the usual ones
 *   onSaved(answer)         apply the answer
 *   savedText               what is announced after saving
 *   redraw()                the view redraws its buttons (the editor is open or not)
 *   focusBack()             where the keyboard goes after closing
 * Returns { open(), close(focusBack), isOpen() }.
 */
export function inlineEditor(options) {
  const { slot, content, redraw, focusBack } = options;
  let editing = null; // { base, fields, formObj, conflict, busy }

  function open() {
    const fields = options.fields();
    const conflict = conflictBox();
    const formObj = inlineForm({
      label: options.label(),
      fields: [fields.els, conflict.el],
      submitLabel: 'Opslaan',
      onSubmit: () => save(),
      onCancel: () => close(true),
      className: options.className,
    });
    editing = { base: options.current().version, fields, formObj, conflict, busy: false };
    replace(slot, formObj.form);
    slot.hidden = false;
    content.hidden = true;
    redraw();
    fields.focus();
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
      answer = await options.send(values, current.base);
    } catch (err) {
      current.busy = false;
      current.formObj.busy(false);
      if (editing !== current) return;
      if (err.code === 'conflict') {
        const latest = err.answer?.[options.key] || options.current();
        if (err.answer?.[options.key]) options.onCurrent(err.answer[options.key]);
        current.base = latest.version;
        current.conflict.show({
          formObj: current.formObj,
          what: options.what,
          by: latest.updated_by,
          version: options.versionNodes(latest),
          onRetry: () => save(),
          onCancel: () => close(true),
        });
        return;
      }
      // The server's messages are Dutch sentences that name the field at fault.
      const fieldText = err.code === 'bad_request' && err.serverMessage ? { bad_request: err.serverMessage } : {};
      current.formObj.alert(errorText(err, { ...fieldText, ...(options.texts || {}) }));
      return;
    }
    current.busy = false;
    current.formObj.busy(false);
    if (editing !== current) return;
    close(false);
    options.onSaved(answer);
    announce(options.savedText);
    focusBack();
  }

  function close(back) {
    if (editing) editing.conflict.hide(editing.formObj);
    editing = null;
    replace(slot);
    slot.hidden = true;
    content.hidden = false;
    redraw();
    if (back) focusBack();
  }

  return { open, close, isOpen: () => Boolean(editing) };
}
