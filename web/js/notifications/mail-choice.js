// "Meldingen per mail" on the person's own page (/beveiliging#meldingen, the
// address the mails' List-Unsubscribe link points to): how notifications reach
// them by mail, stored with notifications.settings {email} as "direct",
// "daily", "weekly" or "off". Saving says so calmly in the section itself (a
// status line) and keeps the focus where it was.

import { h, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { radioGroup, withBusy } from '../core/ui.js';

export const MAIL_CHOICE_ID = 'meldingen';

const CHOICES = [
  ['direct', 'Bij elke melding', 'Je krijgt een mail zodra er een melding voor je is.'],
  ['daily', 'Dagelijks overzicht (07:00)', 'Eén mail per dag met de meldingen van de afgelopen dag.'],
  ['weekly', 'Wekelijks overzicht (maandag 07:00)', 'Eén mail per week met de meldingen van de afgelopen week.'],
  ['off', 'Geen mail', 'Je ziet je meldingen alleen bij "Meldingen" bovenaan de pagina.'],
];

const SAVED = {
  direct: 'Opgeslagen: je krijgt een mail bij elke melding.',
  daily: 'Opgeslagen: je krijgt elke dag om 07:00 een overzicht.',
  weekly: 'Opgeslagen: je krijgt elke maandag om 07:00 een overzicht.',
  off: 'Opgeslagen: je krijgt geen mail over meldingen.',
};

/** Returns { el, load() }; load() reads the stored choice. */
export function mailChoiceSection() {
  const headingId = uid('mail-choice-heading');
  const heading = h('h2', { id: headingId, tabindex: '-1' }, 'Meldingen per mail');
  const group = radioGroup({ legend: 'Hoe wil je meldingen per mail ontvangen?', name: 'mail-choice', options: CHOICES, value: null });
  const save = h('button', { type: 'submit', class: 'button primary' }, 'Opslaan');
  const status = h('p', { class: 'muted', role: 'status' });
  const problem = h('p', { class: 'alert alert-error', role: 'alert', hidden: true });
  const form = h('form', { class: 'form', hidden: true, novalidate: true }, group.el, problem, h('div', { class: 'actions' }, save));
  const el = h('section', { class: 'card', id: MAIL_CHOICE_ID, 'aria-labelledby': headingId },
    heading,
    h('p', {}, 'Meldingen zie je altijd bij "Meldingen" bovenaan de pagina. Kies hier of je ze ook per mail wilt krijgen. Een mail noemt de sessie en wat er gebeurde, nooit de tekst van een bericht.'),
    form,
    status);

  function showProblem(text) {
    setText(problem, text);
    problem.hidden = !text;
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const email = group.value();
    if (!email) return;
    showProblem('');
    setText(status, '');
    withBusy(save, async () => {
      try {
        const answer = await socket.request('notifications.settings', { email });
        group.set(answer.email);
        setText(status, SAVED[answer.email] || 'Opgeslagen.');
      } catch (err) {
        showProblem(`Je keuze kon niet worden opgeslagen. ${errorText(err)}`);
      }
    });
  });

  async function load() {
    setText(status, 'Je keuze wordt geladen…');
    try {
      const answer = await socket.request('notifications.settings', {});
      group.set(answer.email);
      form.hidden = false;
      setText(status, '');
      // Arriving from a mail's link: this section is where they wanted to be.
      if (location.hash === `#${MAIL_CHOICE_ID}`) {
        el.scrollIntoView({ block: 'start' });
        heading.focus();
      }
    } catch (err) {
      if (err.code === 'second_factor_required') { el.hidden = true; return; }
      setText(status, `Je keuze kon niet worden geladen. ${errorText(err)}`);
    }
  }

  return { el, load };
}
