// The administrator's dialog for user.erase on Beheer ("Persoon verwijderen"): what
// becomes of the person's posts (anonymiseren or verwijderen), confirmed by typing
// their e-mail address. Resolves with the choice ("anonymise" | "redact") or null.

import { h, uid } from '../core/dom.js';
import { field, openModal, radioGroup } from '../core/ui.js';

const CHOICES = [
  ['anonymise', 'Berichten anonimiseren',
    'Berichten, kaarten en documenten blijven staan, voor iedereen onder de naam “verwijderde deelnemer”.'],
  ['redact', 'Berichten verwijderen',
    'Berichten worden weggelakt zoals bij moderatie; kaarten en documenten van deze persoon worden gewist.'],
];

export function erasePersonDialog(person) {
  const titleId = uid('erase-title');
  const textId = uid('erase-text');
  const choice = radioGroup({ legend: 'Wat gebeurt er met de berichten?', name: 'erase_posts', options: CHOICES, value: 'anonymise' });
  const email = field({
    label: 'Typ ter bevestiging het e-mailadres van deze persoon',
    type: 'email', name: 'erase_email', autocomplete: 'off', hint: person.email,
  });
  const cancel = h('button', { type: 'button', class: 'button secondary' }, 'Annuleren');
  const ok = h('button', { type: 'submit', class: 'button danger' }, 'Persoon verwijderen');
  const form = h('form', { class: 'form', novalidate: true },
    choice.el, email.el, h('div', { class: 'actions' }, cancel, ok));
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId, 'aria-describedby': textId },
    h('h2', { id: titleId }, `${person.display_name} verwijderen?`),
    h('p', { id: textId },
      'Het account, de inloggegevens, tweede factoren, meldingen en lidmaatschappen worden verwijderd. '
      + 'Dit kan niet ongedaan worden gemaakt. Download eerst de gegevens als de persoon erom vroeg.'),
    form);
  let result = null;
  cancel.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (email.input.value.trim().toLowerCase() !== String(person.email || '').toLowerCase()) {
      email.setError('Dit is niet het e-mailadres van deze persoon.');
      email.input.focus();
      return;
    }
    result = choice.value() || 'anonymise';
    dialog.close();
  });
  return openModal(dialog, cancel, () => result); // the safe choice has the focus
}
