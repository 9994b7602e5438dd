// "Bewaartermijn wijzigen" for the moderators of an archived session (only their
// session object carries retention_days): session.update with retention_days alone,
// which the server allows once archived (the term counts from the archiving).
// Returns { el, update(session) }; onSession(session) applies the answer.

import { h, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { field, formAlert, withBusy, announce, showFieldErrors } from '../core/ui.js';
import { RETENTION_CHOICES, RETENTION_MAX_DAYS } from './form.js';

export function archivedRetention(view, { onSession }) {
  const choice = field({ label: 'Bewaartermijn na archiveren', name: 'archived_retention', options: RETENTION_CHOICES, value: 'none' });
  const days = field({
    label: 'Aantal dagen na archiveren', type: 'number', name: 'archived_retention_days', inputmode: 'numeric', required: false,
  });
  days.input.min = '0';
  days.input.max = String(RETENTION_MAX_DAYS);
  const sync = () => {
    days.el.hidden = choice.input.value !== 'days';
  };
  choice.input.addEventListener('change', sync);
  const alert = formAlert();
  const save = h('button', { type: 'submit', class: 'button secondary small' }, 'Termijn opslaan');
  const headingId = uid('archived-retention');
  const form = h('form', { class: 'form inline-form archived-retention', novalidate: true, 'aria-labelledby': headingId, hidden: true },
    h('h2', { id: headingId, class: 'small-heading' }, 'Bewaartermijn wijzigen'),
    choice.el, days.el, alert.el, h('div', { class: 'actions' }, save));

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    alert.clear();
    let value = null;
    const picked = choice.input.value;
    if (picked === 'days') {
      const text = days.input.value.trim();
      const n = /^\d+$/.test(text) ? Number(text) : NaN;
      const problem = n >= 0 && n <= RETENTION_MAX_DAYS ? '' : `Vul een aantal dagen in van 0 tot ${RETENTION_MAX_DAYS}.`;
      if (!showFieldErrors([days], new Map(problem ? [[days, problem]] : []))) return;
      value = n;
    } else if (picked !== 'none') {
      value = Number(picked);
    }
    withBusy(save, async () => {
      let answer;
      try {
        answer = await socket.request('session.update', { session: view.id, retention_days: value });
      } catch (err) {
        alert.show(errorText(err));
        return;
      }
      onSession(answer.session);
      announce('De bewaartermijn is opgeslagen.');
    });
  });

  function update(session) {
    const show = Boolean(session && session.archived && 'retention_days' in session && !session.erased_at && view.myRole === 'moderator');
    form.hidden = !show;
    if (!show || form.contains(document.activeElement)) return;
    const d = session.retention_days;
    const known = RETENTION_CHOICES.some(([v]) => v === String(d));
    choice.input.value = d === null || d === undefined ? 'none' : known ? String(d) : 'days';
    days.input.value = typeof d === 'number' ? String(d) : '';
    sync();
  }

  return { el: form, update };
}
