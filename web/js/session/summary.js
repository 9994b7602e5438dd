// The head of the session page: title, badges, description, period and
// moderation settings; for moderators of a session that is not archived also
// "Sessie bewerken" (session.update with version and conflict handling) and
// "Archiveren" (session.archive).

import { h, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { sessionRoleLabel } from '../core/labels.js';
import { formAlert, withBusy, announce, confirmDialog } from '../core/ui.js';
import { periodNodes, timeEl, formatDateTime, isFuture } from '../core/time.js';
import { sessionForm, editableValues, changedKeys, FIELD_LABELS } from './form.js';
import { archivedRetention } from './archived-retention.js';

const CONFLICT_TEXT = 'Iemand anders heeft de sessie intussen gewijzigd; controleer en sla opnieuw op.';

function moderationText(session) {
  let text;
  if (!session.premoderation) text = 'Berichten verschijnen direct.';
  else if (session.premoderate_participants) text = 'Premoderatie: berichten van deelnemers en deskundigen verschijnen na goedkeuring door een moderator.';
  else text = 'Premoderatie: berichten van deskundigen verschijnen na goedkeuring door een moderator.';
  if (session.experts_add_cards === false) text += ' Deskundigen lezen het kennisbord alleen.';
  return text;
}

/** How a value of the session form reads in a sentence. */
function valueText(key, value) {
  if (key === 'retention_days') return value === null || value === undefined ? 'geen termijn' : `${value} dagen`;
  if (key === 'starts_at' || key === 'ends_at') return value ? formatDateTime(value) : '(leeg)';
  if (typeof value === 'boolean') return value ? 'aan' : 'uit';
  return value ? `“${value}”` : '(leeg)';
}

/**
 * view: the page's state ({ id, session, myRole, canModerate() }).
 * onSession(session): the page applies a session object from an answer.
 * Returns { el, heading, update() }.
 */
export function sessionSummary(view, { onSession }) {
  const headingId = uid('session-title');
  const heading = h('h1', { id: headingId }, 'Sessie');
  const badges = h('p', { class: 'session-badges' });
  const description = h('p', { class: 'session-description', hidden: true });
  const period = h('p', { class: 'session-period' });
  const moderation = h('p', { class: 'muted small' });
  const archivedNote = h('p', { class: 'archived-note', hidden: true });
  const alert = formAlert();

  const editSlotId = uid('session-edit');
  const editSlot = h('div', { id: editSlotId, class: 'edit-slot', hidden: true });
  const editButton = h('button', {
    type: 'button', class: 'button secondary', 'aria-expanded': 'false', 'aria-controls': editSlotId,
  }, 'Sessie bewerken');
  const archiveButton = h('button', { type: 'button', class: 'button danger' }, 'Archiveren');
  const actions = h('div', { class: 'actions session-actions', hidden: true }, editButton, archiveButton);

  const retention = archivedRetention(view, { onSession });
  const el = h('section', { class: 'card session-summary', 'aria-labelledby': headingId },
    heading, badges, description, period, moderation, archivedNote, retention.el, actions, alert.el, editSlot);

  // ---- Editing ----

  let editor = null; // { form, baseValues, baseVersion, mine }

  function openEditor() {
    alert.clear();
    const session = view.session;
    const form = sessionForm({ submitLabel: 'Opslaan', values: session, onCancel: () => closeEditor({ focus: true }) });
    const conflictBox = h('div', { class: 'alert alert-warn', role: 'alert', tabindex: '-1', hidden: true });
    editor = { form, conflictBox, baseValues: editableValues(session), baseVersion: session.version, mine: null };
    form.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      save();
    });
    const editHeadingId = uid('edit-heading');
    replace(editSlot, h('section', { 'aria-labelledby': editHeadingId, class: 'edit-panel' },
      h('h2', { id: editHeadingId }, 'Sessie bewerken'),
      conflictBox,
      form.form));
    editSlot.hidden = false;
    editButton.setAttribute('aria-expanded', 'true');
    form.focus();
  }

  function closeEditor({ focus = false } = {}) {
    editor = null;
    replace(editSlot);
    editSlot.hidden = true;
    editButton.setAttribute('aria-expanded', 'false');
    if (focus && !actions.hidden) editButton.focus();
  }

  function showConflict(current, mine) {
    const { form, conflictBox } = editor;
    const currentValues = editableValues(current);
    form.setValues(current);
    editor.baseValues = currentValues;
    editor.baseVersion = current.version;
    editor.mine = mine;
    const differences = changedKeys(currentValues, mine);
    const restore = h('button', { type: 'button', class: 'button secondary small' }, 'Mijn invoer terugzetten');
    restore.addEventListener('click', () => {
      form.setValues(mine);
      conflictBox.hidden = true;
      form.focus();
      announce('Je eigen invoer staat weer in het formulier. Sla op om hem door te voeren.');
    });
    replace(conflictBox,
      h('p', {}, CONFLICT_TEXT),
      h('p', {}, 'Het formulier toont nu de actuele gegevens.'),
      differences.length
        ? [h('p', {}, 'Wat jij had ingevuld:'),
          h('ul', {}, differences.map((key) => h('li', {}, `${FIELD_LABELS[key]}: ${valueText(key, mine[key])}`))),
          h('div', { class: 'actions' }, restore)]
        : null);
    conflictBox.hidden = false;
    conflictBox.focus(); // brings it into view; the keyboard continues from there
  }

  async function save() {
    const { form } = editor;
    form.alert.clear();
    const values = form.read();
    if (!values) return;
    const changes = changedKeys(editor.baseValues, values);
    if (changes.length === 0) {
      closeEditor({ focus: true });
      announce('Er was niets gewijzigd.');
      return;
    }
    const params = { session: view.id, version: editor.baseVersion };
    for (const key of changes) params[key] = values[key];
    const current = editor;
    await withBusy(form.submit, async () => {
      let answer;
      try {
        answer = await socket.request('session.update', params);
      } catch (err) {
        if (editor !== current) return;
        if (err.code === 'conflict') {
          let latest = err.answer && err.answer.session;
          if (!latest) {
            try {
              latest = (await socket.request('session.state', { session: view.id })).session;
            } catch {
              latest = null;
            }
          }
          if (latest && editor === current) {
            onSession(latest);
            showConflict(latest, values);
            return;
          }
        }
        form.alert.show(errorText(err, {
          locked: 'De sessie is gearchiveerd en kan niet meer worden gewijzigd.',
          forbidden: 'Alleen moderatoren kunnen de sessie wijzigen.',
          bad_request: err.serverMessage || 'Controleer de gegevens en probeer het opnieuw.',
        }));
        return;
      }
      onSession(answer.session);
      if (editor === current) closeEditor({ focus: true });
      announce('De sessie is opgeslagen.');
    });
  }

  editButton.addEventListener('click', () => {
    if (editor) closeEditor();
    else openEditor();
  });

  // ---- Archiving ----

  archiveButton.addEventListener('click', async () => {
    alert.clear();
    const ok = await confirmDialog({
      title: 'Sessie archiveren?',
      text: 'De sessie wordt dan alleen-lezen: niemand kan er nog iets aan toevoegen of wijzigen. Leden kunnen alles blijven teruglezen. Archiveren kan niet ongedaan worden gemaakt.',
      confirmLabel: 'Archiveren',
      danger: true,
    });
    if (!ok) return;
    await withBusy(archiveButton, async () => {
      let answer;
      try {
        answer = await socket.request('session.archive', { session: view.id });
      } catch (err) {
        alert.show(errorText(err, { locked: 'De sessie is al gearchiveerd.' }));
        return;
      }
      onSession(answer.session);
      focusHeading();
      announce('De sessie is gearchiveerd.');
    });
  });

  // ---- Rendering ----

  function update() {
    const session = view.session;
    if (!session) return;
    setText(heading, session.title);
    replace(badges,
      session.archived ? h('span', { class: 'badge badge-archived' }, 'Gearchiveerd') : null,
      view.myRole ? h('span', { class: 'badge' }, `Jouw rol: ${sessionRoleLabel(view.myRole)}`) : null,
      guestBadge());
    setText(description, session.description, { hideEmpty: true });
    replace(period, periodNodes(session.starts_at, session.ends_at));
    setText(moderation, moderationText(session));
    if (session.archived) {
      replace(archivedNote,
        'Deze sessie is gearchiveerd',
        session.archived_at ? [' op ', timeEl(session.archived_at)] : null,
        '. Je kunt alles teruglezen, maar niets meer toevoegen of wijzigen.',
        retentionNodes(session));
      archivedNote.hidden = false;
    } else {
      archivedNote.hidden = true;
    }
    retention.update(session);
    const moderate = view.canModerate();
    if (!moderate) {
      // The controls go away; keep the keyboard focus on the page.
      const active = document.activeElement;
      const hadFocus = actions.contains(active) || editSlot.contains(active);
      if (editor) closeEditor();
      if (hadFocus) focusHeading();
    }
    actions.hidden = !moderate;
  }

  /** For moderators (only their session object has the fields): when the content goes. */
  function retentionNodes(session) {
    if (session.erased_at) return [' De inhoud is gewist op ', timeEl(session.erased_at), '.'];
    if (session.legal_hold) return ' Er geldt een bewaarplicht: de inhoud wordt niet gewist zolang die geldt.';
    if (session.erase_after) return [' De inhoud wordt gewist op ', timeEl(session.erase_after), '.'];
    return null;
  }

  /** "Je bent gast tot …" when the own membership is a guest's (access_until). */
  function guestBadge() {
    const me = view.me && view.members ? view.members.get(view.me.id) : null;
    const until = me && me.access_until;
    if (!until) return null;
    return h('span', { class: 'badge badge-guest' },
      isFuture(until) ? 'Je bent gast tot ' : 'Je gasttoegang is verlopen op ', timeEl(until));
  }

  function focusHeading() {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }

  return { el, heading, update };
}
