// Adding files: the "Bestand toevoegen" button (the keyboard path: it opens
// the file picker) and dropping files onto a drop target (the composer), with
// a visible drop zone state. Each file is uploaded at once (upload.js), with a
// <progress> and its percentage, and a Dutch message of its own when it is
// refused. A finished upload can be removed again (document.delete); one in
// progress can be cancelled. What happens is also said in a live region.
// The composer asks ids() for post.create and waits for settled() first.

import { h, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { sizeText } from './document-format.js';
import { uploadDocument, uploadErrorText } from './upload.js';
import { uploadLimitText } from '../core/server-limits.js';

// The extensions the server allows (PROTOCOL.md, "Documents"): a hint to the picker only.
const ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.txt,.csv';
const MAX_BUSY_RETRIES = 3; // 429: tries again after Retry-After, this often at most

/**
 * A file dropped beside a drop target would make the browser open it in place
 * of the page (and lose what was typed): outside the targets a drop does nothing.
 */
function guardPageAgainstDrops() {
  if (guardPageAgainstDrops.done) return;
  guardPageAgainstDrops.done = true;
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (ev) => {
      if (ev.defaultPrevented || ![...(ev.dataTransfer?.types || [])].includes('Files')) return;
      ev.preventDefault();
      ev.dataTransfer.dropEffect = 'none';
    });
  }
}

/** What may be attached, with the server's own size limit. */
export function attachHint() {
  return `PDF, Word, Excel, PowerPoint, OpenDocument, afbeelding (PNG, JPEG), tekst of CSV; maximaal ${uploadLimitText()} per bestand. Je kunt bestanden ook hierheen slepen.`;
}

/**
 * view: { id } (the session). options:
 *   thread() → the thread id to upload into, or null;
 *   attribution() → the attribution chosen for the post;
 *   dropTarget: the element that accepts dropped files (default: el);
 *   maxFiles: at most this many at once (post.create takes 10);
 *   onUploaded(doc): a file is stored (the Documenten tab then lists it and lets go of it);
 *   onChange(): files came or went, or an upload ended.
 * Returns { el, ids(), count(), uploading(), settled(), clear(), setDisabled(bool, note), destroy() }.
 */
export function attachmentList(view, { thread = () => null, attribution = () => null, dropTarget = null, maxFiles = Infinity, onUploaded = null, onChange = () => {} } = {}) {
  const hintId = uid('attach-hint');
  const input = h('input', { type: 'file', multiple: true, accept: ACCEPT, class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true' });
  const button = h('button', { type: 'button', class: 'button secondary small attach-button', 'aria-describedby': hintId }, 'Bestand toevoegen');
  const hint = h('p', { class: 'field-hint', id: hintId }, attachHint());
  // A composer made before the connection's hello answered names the limit again then.
  const offHello = socket.on('hello', () => setText(hint, attachHint()));
  const note = h('p', { class: 'muted small', hidden: true });
  const dropHint = h('p', { class: 'drop-hint', hidden: true }, 'Laat de bestanden los om ze toe te voegen.');
  const live = h('p', { class: 'visually-hidden', role: 'status' });
  const list = h('ul', { class: 'attachments', 'aria-label': 'Bijlagen', hidden: true });
  const el = h('div', { class: 'attach' },
    h('div', { class: 'attach-row' }, button, input),
    hint, note, dropHint, list, live);
  const target = dropTarget || el;
  guardPageAgainstDrops();

  const items = new Set();
  let disabled = false;
  let dragDepth = 0;

  function say(text) {
    setText(live, '');
    // A new text node each time, so the same message twice is read twice.
    queueMicrotask(() => setText(live, text));
  }

  function changed() {
    list.hidden = items.size === 0;
    onChange();
  }

  function itemView(item) {
    const name = item.file.name;
    item.progress = h('progress', { max: '100', value: '0', 'aria-label': `${name} uploaden` });
    item.percent = h('span', { class: 'attachment-percent', 'aria-hidden': 'true' }, '0%');
    item.message = h('p', { class: 'attachment-message' });
    item.actions = h('div', { class: 'attachment-actions' });
    item.li = h('li', { class: 'attachment' },
      h('p', { class: 'attachment-name' }, h('span', { class: 'attachment-file' }, name), ' ', h('span', { class: 'muted small' }, sizeText(item.file.size))),
      h('div', { class: 'attachment-progress' }, item.progress, item.percent),
      item.message,
      item.actions);
  }

  function draw(item) {
    const name = item.file.name;
    item.li.dataset.state = item.state;
    item.progress.parentElement.hidden = item.state !== 'uploading';
    item.message.classList.toggle('is-error', item.state === 'failed');
    const buttons = [];
    if (item.state === 'uploading' || item.state === 'waiting') {
      buttons.push(h('button', { type: 'button', class: 'button secondary small', 'aria-label': `Uploaden van ${name} annuleren`, onclick: () => remove(item) }, 'Annuleren'));
    } else if (item.state === 'failed') {
      if (item.retryable) buttons.push(h('button', { type: 'button', class: 'button secondary small', 'aria-label': `${name} opnieuw uploaden`, onclick: () => start(item) }, 'Opnieuw proberen'));
      buttons.push(h('button', { type: 'button', class: 'button secondary small', 'aria-label': `${name} weghalen`, onclick: () => remove(item) }, 'Weghalen'));
    } else if (item.state === 'done') {
      buttons.push(h('button', { type: 'button', class: 'button secondary small', 'aria-label': `${name} verwijderen`, onclick: () => remove(item) }, 'Verwijderen'));
    }
    replace(item.actions, buttons);
  }

  function setProgress(item, fraction) {
    const pct = Math.min(100, Math.round(fraction * 100));
    item.progress.value = pct;
    setText(item.percent, `${pct}%`);
  }

  function start(item) {
    item.state = 'uploading';
    setText(item.message, '');
    setProgress(item, 0);
    draw(item);
    let settle;
    item.done = new Promise((resolve) => { settle = resolve; });
    const transfer = uploadDocument({
      session: view.id,
      file: item.file,
      thread: item.thread,
      attribution: item.attribution,
      onProgress: (f) => setProgress(item, f),
    });
    item.abort = transfer.abort;
    transfer.promise.then((doc) => {
      item.doc = doc;
      item.state = 'done';
      setText(item.message, doc.state === 'pending' ? 'Toegevoegd; wacht op goedkeuring door een moderator.' : 'Toegevoegd.');
      say(`${item.file.name} is toegevoegd.`);
      draw(item);
      if (onUploaded) {
        onUploaded(doc);
        items.delete(item);
        item.li.remove();
      }
    }, (err) => {
      if (err.code === 'aborted') return;
      if (err.status === 429 && item.busyRetries < MAX_BUSY_RETRIES) {
        // The server's checks are busy: it says when to come back.
        item.busyRetries += 1;
        item.state = 'waiting';
        const wait = err.retryAfter || 5;
        setText(item.message, `Het is even druk op de server: het uploaden wordt over ${wait} ${wait === 1 ? 'seconde' : 'seconden'} opnieuw geprobeerd.`);
        draw(item);
        item.timer = setTimeout(() => { if (items.has(item)) start(item); }, wait * 1000);
        return;
      }
      item.state = 'failed';
      // A refused file stays refused; a broken connection or a busy server may work later.
      item.retryable = err.status === 0 || err.status === 429 || err.status >= 500;
      const text = uploadErrorText(err);
      setText(item.message, text);
      say(`${item.file.name}: ${text}`);
      draw(item);
    }).finally(() => {
      if (item.state !== 'waiting') settle();
      changed();
    });
  }

  function add(files) {
    if (disabled) return;
    let room = maxFiles - items.size;
    for (const file of files) {
      if (room <= 0) {
        say(`Je kunt hoogstens ${maxFiles} bestanden tegelijk toevoegen.`);
        setText(note, `Je kunt hoogstens ${maxFiles} bestanden tegelijk toevoegen.`, { hideEmpty: true });
        break;
      }
      room -= 1;
      // The thread and attribution are fixed when the upload starts: they belong to the stored file.
      const item = { file, state: 'uploading', doc: null, busyRetries: 0, thread: thread(), attribution: attribution() };
      itemView(item);
      items.add(item);
      list.append(item.li);
      say(`${file.name} wordt geüpload.`);
      start(item);
    }
    changed();
  }

  async function remove(item) {
    clearTimeout(item.timer);
    if (item.state === 'uploading' && item.abort) item.abort();
    if (item.state === 'done' && item.doc) {
      try {
        await socket.request('document.delete', { document: item.doc.id });
      } catch (err) {
        if (err.code !== 'not_found') {
          setText(item.message, `Verwijderen lukte niet. ${errorText(err)}`);
          item.message.classList.add('is-error');
          return;
        }
      }
    }
    const next = item.li.nextElementSibling || item.li.previousElementSibling;
    items.delete(item);
    item.li.remove();
    say(`${item.file.name} is weggehaald.`);
    // The focus goes to the next file's button, or back to "Bestand toevoegen".
    const focusTo = next && next.querySelector('button');
    (focusTo || button).focus();
    setText(note, '', { hideEmpty: true });
    changed();
  }

  button.addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    add([...input.files]);
    input.value = '';
  });

  const hasFiles = (ev) => [...(ev.dataTransfer?.types || [])].includes('Files');
  function showDrop(on) {
    target.classList.toggle('is-drop-target', on);
    dropHint.hidden = !on;
  }
  const onDragEnter = (ev) => {
    if (disabled || !hasFiles(ev)) return;
    ev.preventDefault();
    dragDepth += 1;
    showDrop(true);
  };
  const onDragOver = (ev) => {
    if (disabled || !hasFiles(ev)) return;
    ev.preventDefault();
    ev.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (!dragDepth) showDrop(false);
  };
  const onDrop = (ev) => {
    dragDepth = 0;
    showDrop(false);
    if (disabled || !ev.dataTransfer?.files?.length) return;
    ev.preventDefault();
    add([...ev.dataTransfer.files]);
  };
  target.addEventListener('dragenter', onDragEnter);
  target.addEventListener('dragover', onDragOver);
  target.addEventListener('dragleave', onDragLeave);
  target.addEventListener('drop', onDrop);

  const uploading = () => [...items].some((i) => i.state === 'uploading' || i.state === 'waiting');

  return {
    el,
    ids: () => [...items].filter((i) => i.state === 'done' && i.doc).map((i) => i.doc.id),
    count: () => items.size,
    uploading,
    /** Resolves once no file is being uploaded (also files added meanwhile). */
    async settled() {
      while (uploading()) {
        // eslint-disable-next-line no-await-in-loop
        await Promise.race([...items].filter((i) => i.done).map((i) => i.done).concat(new Promise((r) => setTimeout(r, 1000))));
      }
    },
    /** Lets go of every file without deleting them (they now belong to a post). */
    clear() {
      for (const item of items) clearTimeout(item.timer);
      items.clear();
      replace(list);
      setText(note, '', { hideEmpty: true });
      changed();
    },
    setDisabled(off, text = '') {
      disabled = Boolean(off);
      button.disabled = disabled;
      setText(note, disabled ? text : '', { hideEmpty: true });
    },
    destroy() {
      offHello();
      for (const item of items) {
        clearTimeout(item.timer);
        if (item.state === 'uploading' && item.abort) item.abort();
      }
      target.removeEventListener('dragenter', onDragEnter);
      target.removeEventListener('dragover', onDragOver);
      target.removeEventListener('dragleave', onDragLeave);
      target.removeEventListener('drop', onDrop);
    },
  };
}
