// Writing posts: the reply composer under a thread and the "Nieuw gesprek"
// form. Both choose an attribution, run the personal-data check before sending
// ("Toch versturen" / "Aanpassen"), send with a client_msg_id and send it again
// with the same id when the connection dropped before the answer came, and
// explain refusals (locked, muted, rate_limited, forbidden). The reply composer
// also says "typing" (at most every 3 s, only under one's own name), can answer
// a specific post, lets moderators write a note for moderators (whisper), and
// mentions members with "@" (mentions.js), and takes files as attachments
// (documents/attachments.js): uploaded at once, sent with the post as `documents`.

import { h, uid, setText, replace } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { ATTRIBUTIONS, THREAD_KINDS, personalDataText } from '../core/labels.js';
import { field, checkboxField, formAlert, announce } from '../core/ui.js';
import { formatDateTime, isFuture, parseTime } from '../core/time.js';
import { findPersonalData } from '../core/personal-data.js';
import { plainExcerpt } from '../core/markup.js';
import { mentionPicker, mentionCandidates } from './mentions.js';
import { attachmentList } from '../documents/attachments.js';

const MAX_ATTACHMENTS = 10; // post.create takes at most 10 documents

export const MAX_BODY = 20000;
const TYPING_INTERVAL_MS = 3000;
const MAX_SEND_ATTEMPTS = 8;

/** A random id for client_msg_id. */
export function newClientMsgId() {
  if (globalThis.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The Dutch text for a refused post. */
export function postErrorText(err, view) {
  switch (err.code) {
    case 'locked':
      return view.session?.archived
        ? 'De sessie is gearchiveerd: er kunnen geen berichten meer bij.'
        : 'Dit gesprek is gesloten of afgerond: er kunnen geen berichten meer bij.';
    case 'muted': {
      const until = err.answer?.muted_until || view.members.get(view.me.id)?.muted_until;
      return until
        ? `Je bent gedempt tot ${formatDateTime(until)}. Tot dan kun je geen berichten plaatsen.`
        : 'Je bent gedempt: je kunt tijdelijk geen berichten plaatsen.';
    }
    case 'forbidden':
      return 'Je mag hier geen berichten plaatsen.';
    case 'too_large':
      return `Het bericht is te lang (maximaal ${MAX_BODY.toLocaleString('nl-NL')} tekens).`;
    case 'bad_request':
      return err.serverMessage || errorText(err);
    default:
      return errorText(err);
  }
}

/** True while the signed-in user is muted in this session (moderators too). */
export function isMuted(view) {
  return isFuture(view.members.get(view.me.id)?.muted_until);
}

/** Calls fn when the user's mute ends (returns the timer, for clearTimeout). */
function whenMuteEnds(view, fn) {
  const until = parseTime(view.members.get(view.me.id)?.muted_until);
  if (!until) return null;
  const ms = until.getTime() - Date.now() + 500;
  return ms > 0 && ms < 2 ** 31 - 1 ? setTimeout(fn, ms) : null;
}

/** True when the user's posts wait for approval in this session (PROTOCOL.md, premoderation). */
export function isPremoderated(view) {
  const session = view.session;
  if (!session || !session.premoderation) return false;
  return view.myRole === 'expert' || (view.myRole === 'participant' && Boolean(session.premoderate_participants));
}

/**
 * Sends a request that creates something, with a client_msg_id kept across
 * attempts: when the connection drops before the answer, the same request
 * (same id) goes again once the connection is back. onRetry() is told.
 */
export async function sendWithRetry(type, params, { onRetry } = {}) {
  let attempt = 0;
  for (;;) {
    try {
      return await socket.request(type, params);
    } catch (err) {
      attempt += 1;
      if ((err.code === 'disconnected' || err.code === 'timeout') && attempt < MAX_SEND_ATTEMPTS) {
        if (onRetry) onRetry(err);
        continue; // request() waits for the connection to come back
      }
      throw err;
    }
  }
}

/**
 * The personal-data warning: a box with "Toch versturen" and "Aanpassen".
 * subject and anywayLabel name what is checked and sent (a thread title:
 * 'Deze titel', 'Toch wijzigen'). Returns { el, show(kinds), hide(), shown() }.
 */
export function personalDataWarning({ onSendAnyway, onEdit, subject = 'Dit bericht', anywayLabel = 'Toch versturen' }) {
  const text = h('p', {});
  const anyway = h('button', { type: 'button', class: 'button secondary small' }, anywayLabel);
  const edit = h('button', { type: 'button', class: 'button primary small' }, 'Aanpassen');
  const el = h('div', { class: 'alert alert-warn pd-warning', role: 'alert', hidden: true },
    text,
    h('p', { class: 'small' }, 'Deel geen gegevens waarmee iemand te herkennen is, tenzij dat echt nodig is.'),
    h('div', { class: 'actions' }, edit, anyway));
  anyway.addEventListener('click', onSendAnyway);
  edit.addEventListener('click', onEdit);
  return {
    el,
    show(kinds) {
      setText(text, `${subject} lijkt persoonsgegevens te bevatten: ${personalDataText(kinds)}.`);
      el.hidden = false;
      edit.focus();
    },
    hide() {
      el.hidden = true;
    },
    shown: () => !el.hidden,
  };
}

/** The "Plaatsen als" select, remembering the choice for the session (view.attribution). */
function attributionField(view) {
  const f = field({
    label: 'Plaatsen als',
    name: 'attribution',
    options: ATTRIBUTIONS,
    value: view.attribution || 'named',
    hint: 'Moderatoren zien altijd wie een bericht plaatste.',
  });
  f.input.addEventListener('change', () => {
    view.attribution = f.input.value;
  });
  return f;
}

export const MARKUP_HINT = 'Opmaak: **vet**, *cursief*, regels met "- " worden een opsomming, links beginnen met https://.';

/**
 * The reply composer of a thread.
 * threadId; getThread() → the thread; onPosted(post).
 * Returns { el, update(), setReplyTo(post), focus(), destroy() }.
 */
export function replyComposer(view, threadId, { getThread, onPosted }) {
  const headingId = uid('composer-heading');
  const alert = formAlert();
  const status = h('p', { class: 'muted small', role: 'status' });
  const body = field({ label: 'Bericht', name: 'body', multiline: true, rows: 4, hint: MARKUP_HINT, maxlength: MAX_BODY });
  body.input.value = view.drafts.get(threadId) || '';
  const attribution = attributionField(view);
  const whisper = checkboxField({
    label: 'Notitie voor moderatoren',
    name: 'whisper',
    hint: 'Alleen moderatoren zien deze notitie.',
  });
  // Who may be mentioned: members who may read the post (see mentions.js).
  const picker = mentionPicker(body.input, {
    candidates: () => mentionCandidates(view, {
      none: isPremoderated(view),
      moderatorsOnly: view.myRole === 'moderator' && whisper.input.checked,
    }),
  });
  body.input.insertAdjacentElement('afterend', picker.el);
  const replySlot = h('div', { class: 'reply-to', hidden: true });
  const muteNote = h('p', { class: 'alert alert-warn', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Versturen');
  const warning = personalDataWarning({
    onSendAnyway: () => send(true),
    onEdit: () => {
      warning.hide();
      body.input.focus();
    },
  });
  const form = h('form', { class: 'composer', novalidate: true, 'aria-labelledby': headingId },
    h('h4', { id: headingId, class: 'composer-heading' }, 'Reageren'),
    replySlot,
    muteNote,
    body.el,
    h('div', { class: 'composer-options' }, attribution.el, whisper.el),
    warning.el,
    alert.el,
    status,
    h('div', { class: 'actions' }, submit));
  // Files go into this thread under the attribution chosen for the post; once
  // files are attached that choice is fixed, as the stored files carry it.
  const attachments = attachmentList(view, {
    thread: () => threadId,
    attribution: () => attribution.input.value,
    dropTarget: form,
    maxFiles: MAX_ATTACHMENTS,
    onChange: () => syncWhisper(),
  });
  form.querySelector('.composer-options').insertAdjacentElement('afterend', attachments.el);
  const fixedNote = h('p', { class: 'field-hint', hidden: true }, 'Vast zolang er bijlagen zijn: die zijn met deze keuze toegevoegd.');
  attribution.input.insertAdjacentElement('afterend', fixedNote);

  let replyTo = null;
  let clientMsgId = null;
  let lastTyping = 0;
  let busy = false;
  let retryTimer = null;
  let retryUntil = 0;
  let muteTimer = null;

  function setReplyTo(post) {
    replyTo = post ? post.id : null;
    if (!post) {
      replace(replySlot);
      replySlot.hidden = true;
      return;
    }
    const cancel = h('button', { type: 'button', class: 'button secondary small' }, 'Reactie annuleren');
    cancel.addEventListener('click', () => {
      setReplyTo(null);
      body.input.focus();
    });
    replace(replySlot,
      h('p', {}, h('span', { class: 'reply-to-label' }, `Reactie op ${post.author_label || 'een bericht'}`),
        post.body ? h('span', { class: 'reply-to-quote' }, `“${plainExcerpt(post.body, 100)}”`) : null),
      cancel);
    replySlot.hidden = false;
    body.input.focus();
  }

  function syncWhisper() {
    const isWhisper = whisper.input.checked;
    const attached = attachments.count() > 0;
    attribution.input.disabled = isWhisper || attached;
    fixedNote.hidden = !attached || isWhisper;
    // A note for moderators carries no files: everyone could otherwise fetch them.
    whisper.input.disabled = attached;
    attachments.setDisabled(isWhisper || isMuted(view), isWhisper ? 'Bij een notitie voor moderatoren kun je geen bestanden voegen.' : '');
    form.classList.toggle('is-whisper', isWhisper);
    setText(submit, isWhisper ? 'Notitie plaatsen' : 'Versturen');
  }
  whisper.input.addEventListener('change', syncWhisper);

  body.input.addEventListener('input', () => {
    view.drafts.set(threadId, body.input.value);
    if (warning.shown()) warning.hide();
    body.setError('');
    maybeSendTyping();
  });

  function maybeSendTyping() {
    if (!body.input.value.trim()) return;
    if (attribution.input.value !== 'named' || whisper.input.checked) return; // would reveal the author
    const now = Date.now();
    if (now - lastTyping < TYPING_INTERVAL_MS) return;
    lastTyping = now;
    if (socket.getStatus() !== 'open') return;
    socket.request('typing', { thread: threadId }).catch(() => {});
  }

  function showRateLimit(seconds) {
    retryUntil = Date.now() + seconds * 1000;
    clearInterval(retryTimer);
    const tick = () => {
      const left = Math.ceil((retryUntil - Date.now()) / 1000);
      if (left <= 0) {
        clearInterval(retryTimer);
        retryTimer = null;
        alert.clear();
        update();
        return;
      }
      alert.show(`Langzame modus: je kunt over ${left} ${left === 1 ? 'seconde' : 'seconden'} weer een bericht plaatsen. Je tekst blijft staan.`);
    };
    tick();
    retryTimer = setInterval(tick, 1000);
    update();
  }

  async function send(force) {
    if (busy) return;
    alert.clear();
    const text = body.input.value.trim();
    if (!text) {
      body.setError('Schrijf eerst een bericht.');
      body.input.focus();
      return;
    }
    if (text.length > MAX_BODY) {
      body.setError(`Het bericht is te lang (maximaal ${MAX_BODY.toLocaleString('nl-NL')} tekens).`);
      body.input.focus();
      return;
    }
    body.setError('');
    if (!force) {
      const kinds = findPersonalData(text);
      if (kinds.length) {
        warning.show(kinds);
        return;
      }
    }
    warning.hide();
    busy = true;
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    if (attachments.uploading()) {
      // The post waits for the files being uploaded; a refused one stays behind, named.
      setText(status, 'Wachten tot de bestanden zijn geüpload…');
      await attachments.settled();
    }
    if (!clientMsgId) clientMsgId = newClientMsgId();
    const isWhisper = view.myRole === 'moderator' && whisper.input.checked;
    const params = { thread: threadId, body: text, client_msg_id: clientMsgId };
    const documents = attachments.ids();
    if (documents.length && !isWhisper) params.documents = documents;
    if (replyTo) params.reply_to = replyTo;
    const mentioned = picker.mentions();
    if (mentioned.length) params.mentions = mentioned;
    if (isWhisper) params.whisper = true;
    else params.attribution = attribution.input.value;
    setText(status, 'Versturen…');
    let answer;
    try {
      answer = await sendWithRetry('post.create', params, {
        onRetry: () => setText(status, 'De verbinding is verbroken. Het bericht wordt opnieuw verstuurd zodra de verbinding terug is…'),
      });
    } catch (err) {
      busy = false;
      submit.removeAttribute('aria-busy');
      setText(status, '');
      if (err.code === 'rate_limited') {
        const wait = Number(err.answer?.retry_after);
        showRateLimit(Number.isFinite(wait) && wait > 0 ? wait : 5);
      } else {
        alert.show(postErrorText(err, view));
        update();
      }
      return;
    }
    busy = false;
    submit.removeAttribute('aria-busy');
    clientMsgId = null;
    body.input.value = '';
    picker.reset();
    attachments.clear();
    view.drafts.delete(threadId);
    setReplyTo(null);
    const post = answer.post;
    if (post?.state === 'pending') {
      setText(status, 'Je bericht is verstuurd en wacht op goedkeuring door een moderator.');
      announce('Je bericht wacht op goedkeuring door een moderator.');
    } else {
      setText(status, '');
      announce(isWhisper ? 'Je notitie voor moderatoren is geplaatst.' : 'Je bericht is geplaatst.');
    }
    update();
    body.input.focus();
    if (post) onPosted(post);
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    send(false);
  });

  function update() {
    const moderator = view.myRole === 'moderator';
    whisper.el.hidden = !moderator;
    if (!moderator && whisper.input.checked) {
      whisper.input.checked = false;
      syncWhisper();
    }
    const muted = isMuted(view);
    clearTimeout(muteTimer);
    if (muted) {
      replace(muteNote, `Je bent gedempt tot ${formatDateTime(view.members.get(view.me.id).muted_until)}. Tot dan kun je geen berichten plaatsen.`);
      muteTimer = whenMuteEnds(view, update);
    }
    muteNote.hidden = !muted;
    const thread = getThread();
    const slow = thread && thread.slow_mode_seconds > 0 && !moderator;
    body.el.querySelector('.field-hint').textContent = slow
      ? `${MARKUP_HINT} Langzame modus staat aan.`
      : MARKUP_HINT;
    submit.disabled = busy || muted || Boolean(retryTimer);
    syncWhisper();
  }

  syncWhisper();
  update();

  return {
    el: form,
    update,
    setReplyTo,
    focus: () => body.input.focus(),
    destroy() {
      clearInterval(retryTimer);
      clearTimeout(muteTimer);
      attachments.destroy();
    },
  };
}

/**
 * The "Nieuw gesprek" form: title, kind, first post, attribution.
 * onCreated(thread, post), onCancel().
 * Returns { el, focus(), update(), destroy() }.
 */
export function newThreadForm(view, { onCreated, onCancel }) {
  const headingId = uid('new-thread-heading');
  const alert = formAlert();
  const status = h('p', { class: 'muted small', role: 'status' });
  const title = field({ label: 'Titel', name: 'title', maxlength: 200 });
  const kind = field({ label: 'Soort gesprek', name: 'kind', options: THREAD_KINDS, value: 'casus' });
  const body = field({ label: 'Eerste bericht', name: 'body', multiline: true, rows: 6, hint: MARKUP_HINT, maxlength: MAX_BODY });
  const attribution = attributionField(view);
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Gesprek starten');
  const cancel = h('button', { type: 'button', class: 'button secondary' }, 'Annuleren');
  const muteNote = h('p', { class: 'alert alert-warn', hidden: true });
  const warning = personalDataWarning({
    onSendAnyway: () => send(true),
    onEdit: () => {
      warning.hide();
      body.input.focus();
    },
  });
  const form = h('form', { class: 'form new-thread', novalidate: true, 'aria-labelledby': headingId },
    h('h3', { id: headingId }, 'Nieuw gesprek'),
    muteNote,
    h('div', { class: 'form-grid' }, title.el, kind.el),
    body.el,
    attribution.el,
    warning.el,
    alert.el,
    status,
    h('div', { class: 'actions' }, submit, cancel));
  cancel.addEventListener('click', () => onCancel());

  let clientMsgId = null;
  let busy = false;
  let muteTimer = null;

  for (const f of [title, body]) {
    f.input.addEventListener('input', () => {
      if (warning.shown()) warning.hide();
      f.setError('');
    });
  }

  async function send(force) {
    if (busy) return;
    alert.clear();
    const t = title.input.value.trim();
    const text = body.input.value.trim();
    let first = null;
    title.setError('');
    body.setError('');
    if (!t) {
      title.setError('Geef het gesprek een titel.');
      first = first || title;
    } else if ([...t].length > 200) {
      title.setError('De titel is te lang (maximaal 200 tekens).');
      first = first || title;
    }
    if (!text) {
      body.setError('Schrijf het eerste bericht.');
      first = first || body;
    } else if (text.length > MAX_BODY) {
      body.setError(`Het bericht is te lang (maximaal ${MAX_BODY.toLocaleString('nl-NL')} tekens).`);
      first = first || body;
    }
    if (first) {
      first.input.focus();
      return;
    }
    if (!force) {
      const kinds = findPersonalData(`${t}\n${text}`);
      if (kinds.length) {
        warning.show(kinds);
        return;
      }
    }
    warning.hide();
    if (!clientMsgId) clientMsgId = newClientMsgId();
    const params = {
      session: view.id, title: t, kind: kind.input.value, body: text,
      attribution: attribution.input.value, client_msg_id: clientMsgId,
    };
    busy = true;
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    setText(status, 'Versturen…');
    let answer;
    try {
      answer = await sendWithRetry('thread.create', params, {
        onRetry: () => setText(status, 'De verbinding is verbroken. Het gesprek wordt opnieuw verstuurd zodra de verbinding terug is…'),
      });
    } catch (err) {
      busy = false;
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
      setText(status, '');
      if (err.code === 'forbidden') alert.show('Je mag in deze sessie geen gesprekken starten.');
      else if (err.code === 'rate_limited') alert.show('Te veel berichten achter elkaar. Wacht even en probeer het opnieuw.');
      else alert.show(postErrorText(err, view));
      return;
    }
    busy = false;
    submit.disabled = false;
    submit.removeAttribute('aria-busy');
    setText(status, '');
    clientMsgId = null;
    onCreated(answer.thread, answer.post);
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    send(false);
  });

  function update() {
    const muted = isMuted(view);
    clearTimeout(muteTimer);
    if (muted) {
      replace(muteNote, `Je bent gedempt tot ${formatDateTime(view.members.get(view.me.id).muted_until)}. Tot dan kun je geen gesprekken starten.`);
      muteTimer = whenMuteEnds(view, update);
    }
    muteNote.hidden = !muted;
    submit.disabled = busy || muted;
  }
  update();

  return {
    el: form,
    update,
    focus: () => title.input.focus(),
    destroy() {
      clearTimeout(muteTimer);
    },
  };
}
