// /activate/<token>: a person an administrator created sets a password
// (GET and POST /api/activation/<token>).

import { h, replace } from '../core/dom.js';
import { get, post } from '../core/api.js';
import { errorText } from '../core/errors.js';
import { field, formAlert, withBusy, showFieldErrors, checkNewPassword, announce } from '../core/ui.js';

export const title = () => 'Wachtwoord instellen';

const UNKNOWN = 'Deze link is onbekend.';
const GONE = 'Deze link is al gebruikt of verlopen.';

export function render({ main, params, navigate, isCurrent }) {
  const token = params.token;
  const path = `/api/activation/${encodeURIComponent(token)}`;
  const section = h('section', { class: 'card narrow' },
    h('h1', {}, 'Wachtwoord instellen'),
    h('p', { class: 'muted', role: 'status' }, 'De link wordt gecontroleerd…'));
  main.append(section);

  get(path).then(
    (info) => isCurrent() && showForm(info),
    (err) => isCurrent() && showProblem(err));

  function showProblem(err) {
    let text;
    if (err.status === 404) text = UNKNOWN;
    else if (err.status === 410) text = GONE;
    else text = errorText(err);
    replace(section,
      h('h1', {}, 'Wachtwoord instellen'),
      h('p', { class: 'alert alert-error', role: 'alert' }, text),
      h('p', {}, 'Vraag de beheerder om een nieuwe activatielink, of ',
        h('a', { href: '/login' }, 'log in'), ' als je je wachtwoord al hebt ingesteld.'));
  }

  function showForm(info) {
    const email = field({ label: 'E-mailadres', type: 'email', name: 'email', autocomplete: 'username', readonly: true, value: info.email || '' });
    const password = field({ label: 'Wachtwoord', type: 'password', name: 'password', autocomplete: 'new-password', hint: 'Minstens 10 tekens.' });
    const repeat = field({ label: 'Herhaal wachtwoord', type: 'password', name: 'password_repeat', autocomplete: 'new-password' });
    const alert = formAlert();
    const submit = h('button', { type: 'submit', class: 'button primary' }, 'Wachtwoord opslaan');
    const form = h('form', { class: 'form', novalidate: true }, email.el, password.el, repeat.el, alert.el, h('div', { class: 'actions' }, submit));

    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      alert.clear();
      if (!showFieldErrors([password, repeat], checkNewPassword(password, repeat))) return;
      withBusy(submit, async () => {
        try {
          await post(path, { password: password.input.value });
        } catch (err) {
          if (err.status === 404 || err.status === 410) {
            showProblem(err);
            return;
          }
          alert.show(errorText(err, { bad_request: err.serverMessage || 'Dit wachtwoord kan niet worden gebruikt. Kies een ander.' }));
          return;
        }
        announce('Je wachtwoord is ingesteld. Je bent ingelogd.');
        navigate('/', { replace: true });
      });
    });

    replace(section,
      h('h1', {}, 'Wachtwoord instellen'),
      h('p', { class: 'lead' }, `Welkom, ${info.display_name || ''}. Kies een wachtwoord voor je Kennislab-account.`),
      form);
    password.input.focus();
  }
}
