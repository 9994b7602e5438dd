// Shared UI building blocks: form fields with labels and error texts, the
// page-wide live region, a message carried over to the next page, busy
// buttons, a confirm dialog.

import { h, uid, setText } from './dom.js';

/** Announces a status message to assistive technology (polite). */
export function announce(text) {
  const live = document.getElementById('live');
  if (!live) return;
  // Clear first so that the same text twice is announced twice.
  live.textContent = '';
  setTimeout(() => {
    live.textContent = text;
  }, 50);
}

let pendingFlash = null;

/** Keeps a message for the next page that renders (e.g. after being sent away). */
export function flash(text) {
  pendingFlash = text;
}

/** The message kept by flash(), once; null when there is none. */
export function takeFlash() {
  const text = pendingFlash;
  pendingFlash = null;
  return text;
}

/**
 * A labelled input (or select, or textarea) with optional hint and an error
 * text, wired with aria-describedby / aria-invalid. Returns { el, input, setError(text) }.
 *   field({ label: 'E-mailadres', type: 'email', name: 'email', autocomplete: 'email' })
 *   field({ label: 'Rol', options: [['member', 'Deelnemer'], ...] })
 *   field({ label: 'Omschrijving', multiline: true, rows: 4 })
 */
export function field({ label, type = 'text', name, autocomplete, required = true, hint, value, options, multiline, rows = 4, readonly, inputmode, minlength, maxlength }) {
  const id = uid(name || 'field');
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  let input;
  if (options) {
    input = h('select', { id, name, required, 'aria-describedby': describedBy },
      options.map(([v, text]) => h('option', { value: v }, text)));
    if (value !== undefined) input.value = value;
  } else if (multiline) {
    input = h('textarea', { id, name, rows, required, readonly, minlength, maxlength, autocomplete, 'aria-describedby': describedBy });
    if (value !== undefined) input.value = value;
  } else {
    input = h('input', {
      id, name, type, autocomplete, required, readonly, inputmode, minlength, maxlength,
      value, 'aria-describedby': describedBy, spellcheck: type === 'text' ? undefined : 'false',
    });
  }
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const el = h('div', { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'field-hint', id: hintId }, hint) : null,
    input,
    error);
  return {
    el,
    input,
    setError(text) {
      setText(error, text, { hideEmpty: true });
      if (text) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
}

/**
 * A field for the 6-digit code of an authenticator app (numeric keyboard,
 * one-time-code autofill). Returns the field plus read(): the digits, or null
 * after showing what is wrong and focusing the field.
 */
export function codeField({ label = 'Code uit je authenticator-app', name = 'code', hint = '6 cijfers; de code verandert elke 30 seconden.' } = {}) {
  const f = field({ label, name, inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 9, hint });
  f.input.classList.add('code-input');
  f.read = () => {
    const digits = f.input.value.replace(/[\s-]+/g, '');
    if (!/^\d{6}$/.test(digits)) {
      f.setError('Vul de 6 cijfers uit je authenticator-app in.');
      f.input.focus();
      return null;
    }
    f.setError('');
    return digits;
  };
  return f;
}

export const RECOVERY_BAD_CODE = 'Deze herstelcode klopt niet of is al gebruikt.';

/** A field for one recovery code, with read() as codeField has. */
export function recoveryCodeField() {
  const f = field({
    label: 'Herstelcode', name: 'recovery_code', autocomplete: 'off', maxlength: 64,
    hint: 'Een van de herstelcodes die je bij het instellen hebt bewaard. Elke code werkt één keer.',
  });
  f.input.classList.add('mono');
  f.input.setAttribute('spellcheck', 'false');
  f.input.setAttribute('autocapitalize', 'off');
  f.read = () => {
    const value = f.input.value.trim();
    f.setError(value ? '' : 'Vul een herstelcode in.');
    if (!value) f.input.focus();
    return value || null;
  };
  return f;
}

/**
 * A checkbox with its label after it and an optional hint. Returns { el, input }.
 *   checkboxField({ label: 'Premoderatie', name: 'premoderation', checked: true })
 */
export function checkboxField({ label, name, checked = false, hint }) {
  const id = uid(name || 'check');
  const hintId = hint ? `${id}-hint` : null;
  const input = h('input', { id, name, type: 'checkbox', checked, 'aria-describedby': hintId });
  const el = h('div', { class: 'field field-check' },
    h('div', { class: 'check-row' }, input, h('label', { for: id }, label)),
    hint ? h('p', { class: 'field-hint', id: hintId }, hint) : null);
  return { el, input };
}

/**
 * A group of radio buttons with a legend; options: [[value, label, hint?], …].
 * Returns { el, value(), set(value), inputs }.
 */
export function radioGroup({ legend, name, options, value }) {
  const groupName = uid(name);
  const inputs = [];
  const rows = options.map(([v, label, hint]) => {
    const id = uid(name);
    const hintId = hint ? `${id}-hint` : null;
    const input = h('input', { id, type: 'radio', name: groupName, value: v, checked: v === value, 'aria-describedby': hintId });
    inputs.push(input);
    return h('div', { class: 'field field-check' },
      h('div', { class: 'check-row' }, input, h('label', { for: id }, label)),
      hint ? h('p', { class: 'field-hint', id: hintId }, hint) : null);
  });
  const el = h('fieldset', { class: 'radio-group' }, h('legend', {}, legend), rows);
  return {
    el,
    inputs,
    value: () => (inputs.find((i) => i.checked) || {}).value,
    set(v) {
      for (const input of inputs) input.checked = input.value === v;
    },
  };
}

/**
 * Shows field errors ({fieldObject: text}) and focuses the first invalid field.
 * Returns true when there were no errors.
 */
export function showFieldErrors(fields, problems) {
  let first = null;
  for (const f of fields) {
    const problem = problems.get(f) || '';
    f.setError(problem);
    if (problem && !first) first = f;
  }
  if (first) first.input.focus();
  return !first;
}

/** A paragraph for a form's overall error (role=alert, hidden while empty). */
export function formAlert() {
  const el = h('p', { class: 'alert alert-error', role: 'alert', hidden: true });
  return {
    el,
    show(text) {
      setText(el, text, { hideEmpty: true });
    },
    clear() {
      setText(el, '', { hideEmpty: true });
    },
  };
}

/** Marks a button busy (disabled, aria-busy) while `work` runs. */
export async function withBusy(button, work) {
  if (button.disabled) return undefined;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/**
 * A small action button of an object (a post, a card, a note block): runs
 * `handler(button)` one at a time, disabled meanwhile; `before()` runs first
 * (to clear an earlier message). `name` is an accessible name when the
 * visible label alone would be ambiguous.
 */
export function actionButton(label, action, handler, { danger = false, name, disabled = false, before = null } = {}) {
  const b = h('button', {
    type: 'button',
    class: danger ? 'button danger small' : 'button secondary small',
    dataset: { action },
    'aria-label': name,
    disabled,
  }, label);
  b.addEventListener('click', async () => {
    if (before) before();
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

/** Password checks shared by setup and activation. Returns a Map of problems. */
export function checkNewPassword(passwordField, repeatField) {
  const problems = new Map();
  const pw = passwordField.input.value;
  if (pw.length < 10) problems.set(passwordField, 'Kies een wachtwoord van minstens 10 tekens.');
  else if (repeatField.input.value !== pw) problems.set(repeatField, 'De wachtwoorden zijn niet gelijk.');
  return problems;
}

/** A simple check of an e-mail address (the server validates for real). */
export function looksLikeEmail(text) {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
}

/**
 * A modal confirmation using <dialog>. Resolves true when confirmed.
 *   await confirmDialog({ title, text, confirmLabel: 'Blokkeren', danger: true })
 */
export function confirmDialog({ title, text, confirmLabel, cancelLabel = 'Annuleren', danger = false }) {
  const titleId = uid('dialog-title');
  const textId = uid('dialog-text');
  const cancel = h('button', { type: 'button', class: 'button secondary', value: 'cancel' }, cancelLabel);
  const ok = h('button', { type: 'button', class: danger ? 'button danger' : 'button primary', value: 'ok' }, confirmLabel);
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId, 'aria-describedby': textId },
    h('h2', { id: titleId }, title),
    h('p', { id: textId }, text),
    h('div', { class: 'actions' }, cancel, ok));
  let result = false;
  cancel.addEventListener('click', () => dialog.close());
  ok.addEventListener('click', () => {
    result = true;
    dialog.close();
  });
  return openModal(dialog, cancel, () => result); // the safe choice has the focus
}

/**
 * Shows dialog modally with the focus on first. When it closes it is removed, the
 * focus goes back to where it was, and the promise resolves with result().
 */
export function openModal(dialog, first, result) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
      resolve(result());
    });
    document.body.append(dialog);
    dialog.showModal();
    first.focus();
  });
}

/** The absolute form of a URL the server gave (it should already be absolute). */
function absoluteUrl(url) {
  try {
    return new URL(url, location.origin).href;
  } catch {
    return url;
  }
}

/** Copies text to the clipboard; false when the browser gives no clipboard access. */
export async function copyToClipboard(text) {
  try {
    if (!navigator.clipboard || !window.isSecureContext) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A text shown once to copy (a link, a key): a readonly field with a copy
 * button and a status line. `copy` is what goes to the clipboard (default: the
 * shown value; `multiline` wraps it, for a long key on a phone). Without clipboard access the text is selected for Ctrl+C.
 * Returns { el, input }.
 */
export function copyableText({ label, name, value, copy = value, hint, multiline = false, copiedText = 'De tekst is gekopieerd.', selectedText = 'De tekst is geselecteerd.' }) {
  const text = field({ label, name, required: false, readonly: true, value, hint, multiline, rows: 2 });
  text.input.classList.add('mono');
  text.input.addEventListener('focus', () => text.input.select());
  const copied = h('p', { class: 'copy-status', role: 'status' });
  const button = h('button', { type: 'button', class: 'button secondary' }, 'Kopiëren');
  button.addEventListener('click', async () => {
    if (await copyToClipboard(copy)) {
      setText(copied, copiedText);
      return;
    }
    // No clipboard access: select the text so that Ctrl+C / Cmd+C copies it.
    text.input.focus();
    text.input.select();
    setText(copied, `${selectedText} Kopieer met Ctrl+C (op een Mac: Cmd+C).`);
  });
  return { el: h('div', {}, h('div', { class: 'copy-row' }, text.el, button), copied), input: text.input };
}

/** A link shown once (activation, invitation), to copy. Returns { el, input }. */
export function copyableLink({ label, name, url }) {
  return copyableText({
    label, name, value: absoluteUrl(url), copiedText: 'De link is gekopieerd.', selectedText: 'De link is geselecteerd.',
  });
}
