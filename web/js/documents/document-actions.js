// Actions on one document: its uploader deletes it (document.delete); a
// moderator approves or rejects a pending one, hides and restores it
// (mod.approve|reject|hide|restore with `document`), or removes it for good
// (mod.redact_document, with a reason and a confirmation). Each asks what it
// needs and hands the answer's document to onDocument(doc).

import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { announce, confirmDialog } from '../core/ui.js';
import { reasonDialog } from '../session/dialogs.js';

const TEXTS = {
  locked: 'De sessie is gearchiveerd.',
  not_found: 'Dit document bestaat niet (meer).',
  bad_request: 'Dit kan niet (meer) met dit document.',
  forbidden: 'Je mag dit niet met dit document.',
};

const DIALOGS = {
  reject: (doc) => ({
    title: 'Document afwijzen?',
    text: `“${doc.name}” wordt niet gedeeld. De uploader ziet dat het is afgewezen, met de reden als je die geeft.`,
    required: false, confirmLabel: 'Afwijzen', danger: true,
  }),
  hide: (doc) => ({
    title: 'Document verbergen?',
    text: `Deelnemers zien “${doc.name}” dan niet meer. Moderatoren blijven het zien; je kunt het later terugzetten.`,
    required: true, confirmLabel: 'Verbergen', danger: true,
  }),
  restore: (doc) => ({
    title: 'Document terugzetten?',
    text: `“${doc.name}” wordt weer voor iedereen zichtbaar.`,
    required: true, confirmLabel: 'Terugzetten',
  }),
  redact_document: (doc) => ({
    title: 'Document definitief verwijderen?',
    text: `Het bestand “${doc.name}”, de tekst eruit en de zoekgegevens worden voorgoed gewist, ook voor moderatoren. Dit kan niet ongedaan worden gemaakt. De reden blijft in het logboek staan: noem daarin niet wat er in het bestand stond.`,
    required: true, confirmLabel: 'Definitief verwijderen', danger: true,
    permanent: 'Ik begrijp dat dit definitief is',
  }),
};

const DONE = {
  approve: 'Het document is goedgekeurd.',
  reject: 'Het document is afgewezen.',
  hide: 'Het document is verborgen.',
  restore: 'Het document is teruggezet.',
  redact_document: 'Het document is definitief verwijderd.',
  delete: 'Je document is verwijderd.',
};

/**
 * Runs an action on a document: approve | reject | hide | restore |
 * redact_document | delete. report(text) shows a refusal. Returns true when done.
 */
export async function documentAction(action, doc, { report, onDocument }) {
  let reason = '';
  if (DIALOGS[action]) {
    reason = await reasonDialog(DIALOGS[action](doc));
    if (reason === null) return false;
  } else if (action === 'delete') {
    const sure = await confirmDialog({
      title: 'Document verwijderen?',
      text: `“${doc.name}” wordt voorgoed verwijderd, ook bij het bericht waar het bij hoort.`,
      confirmLabel: 'Verwijderen',
      danger: true,
    });
    if (!sure) return false;
  }
  const verb = action === 'delete' ? 'document.delete' : `mod.${action}`;
  const params = { document: doc.id };
  if (reason) params.reason = reason;
  let answer;
  try {
    answer = await socket.request(verb, params);
  } catch (err) {
    report(errorText(err, TEXTS));
    return false;
  }
  onDocument(answer.document ? { ...doc, ...answer.document } : { ...doc, state: action === 'delete' ? 'deleted' : doc.state });
  announce(DONE[action]);
  return true;
}

/** The actions this viewer may take on doc: [{ action, label, danger }]. */
export function documentActions(view, doc) {
  const archived = Boolean(view.session?.archived);
  if (archived) return [];
  const out = [];
  if (view.myRole === 'moderator') {
    if (doc.state === 'pending') {
      out.push({ action: 'approve', label: 'Goedkeuren' }, { action: 'reject', label: 'Afwijzen', danger: true });
    }
    if (doc.state === 'visible') out.push({ action: 'hide', label: 'Verbergen', danger: true });
    if (doc.state === 'hidden') out.push({ action: 'restore', label: 'Terugzetten' });
    out.push({ action: 'redact_document', label: 'Definitief verwijderen', danger: true });
  } else if (doc.mine && ['visible', 'pending'].includes(doc.state) && view.may('post')) {
    out.push({ action: 'delete', label: 'Verwijderen', danger: true });
  }
  return out;
}
