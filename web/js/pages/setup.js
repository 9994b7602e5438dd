// /setup?token=T: create the first administrator (POST /api/setup).

import { h, replace } from '../core/dom.js';
import { get, post } from '../core/api.js';
import { errorText } from '../core/errors.js';
import { ORGANISATION_TYPES } from '../core/labels.js';
import { field, formAlert, withBusy, showFieldErrors, checkNewPassword, looksLikeEmail, announce } from '../core/ui.js';

export const title = () => 'Kennislab inrichten';

export function render({ main, query, navigate, isCurrent }) {
  const token = query.get('token') || '';
  const section = h('section', { class: 'card narrow' },
    h('h1', {}, 'Kennislab inrichten'),
    h('p', { class: 'muted', role: 'status' }, 'Even controleren of inrichten nog kan…'));
  main.append(section);

  get('/api/setup').then(
    () => isCurrent() && showForm(),
    (err) => {
      if (!isCurrent()) return;
      if (err.status === 410) showDone();
      else if (err.status === 0) showError(err);
      else showForm(); // the POST will tell what is wrong
    });

  function showDone() {
    replace(section,
      h('h1', {}, 'Kennislab is al ingericht'),
      h('p', {}, 'De eerste beheerder is al aangemaakt. Log in met je account.'),
      h('p', {}, h('a', { href: '/login', class: 'button primary' }, 'Naar inloggen')));
  }

  function showError(err) {
    replace(section,
      h('h1', {}, 'Kennislab inrichten'),
      h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
  }

  function showForm() {
    if (!token) {
      replace(section,
        h('h1', {}, 'Kennislab inrichten'),
        h('p', {}, 'Open deze pagina via de inrichtingslink die de server bij de eerste start in zijn log toont (…/setup?token=…).'));
      return;
    }
    const name = field({ label: 'Naam', name: 'display_name', autocomplete: 'name', maxlength: 100 });
    const email = field({ label: 'E-mailadres', type: 'email', name: 'email', autocomplete: 'email' });
    const orgType = field({ label: 'Soort organisatie', name: 'organisation_type', options: ORGANISATION_TYPES, value: 'ess' });
    const orgName = field({ label: 'Naam van de organisatie', name: 'organisation_name', autocomplete: 'organization', hint: 'Bijvoorbeeld: Expertise-unit Sociale Stabiliteit', maxlength: 200 });
    const password = field({ label: 'Wachtwoord', type: 'password', name: 'password', autocomplete: 'new-password', hint: 'Minstens 10 tekens.' });
    const repeat = field({ label: 'Herhaal wachtwoord', type: 'password', name: 'password_repeat', autocomplete: 'new-password' });
    const fields = [name, email, orgType, orgName, password, repeat];
    const alert = formAlert();
    const submit = h('button', { type: 'submit', class: 'button primary' }, 'Beheerder aanmaken');
    const form = h('form', { class: 'form', novalidate: true },
      h('fieldset', {}, h('legend', {}, 'Jouw gegevens'), name.el, email.el),
      h('fieldset', {}, h('legend', {}, 'Organisatie'), orgType.el, orgName.el),
      h('fieldset', {}, h('legend', {}, 'Wachtwoord kiezen'), password.el, repeat.el),
      alert.el,
      h('div', { class: 'actions' }, submit));

    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      alert.clear();
      const problems = checkNewPassword(password, repeat);
      if (!name.input.value.trim()) problems.set(name, 'Vul je naam in.');
      const emailValue = email.input.value.trim();
      if (!looksLikeEmail(emailValue)) problems.set(email, 'Vul een geldig e-mailadres in.');
      if (!orgName.input.value.trim()) problems.set(orgName, 'Vul de naam van je organisatie in.');
      if (!showFieldErrors(fields, problems)) return;

      withBusy(submit, async () => {
        try {
          await post('/api/setup', {
            token,
            email: emailValue,
            display_name: name.input.value.trim(),
            organisation: { type: orgType.input.value, name: orgName.input.value.trim() },
            password: password.input.value,
          });
        } catch (err) {
          if (err.status === 410) {
            showDone();
            return;
          }
          alert.show(errorText(err, {
            unauthenticated: 'De inrichtingslink klopt niet. Gebruik de link uit het serverlog.',
            forbidden: 'De inrichtingslink klopt niet. Gebruik de link uit het serverlog.',
            bad_request: err.serverMessage || 'Controleer de gegevens en probeer het opnieuw.',
          }));
          return;
        }
        announce('Kennislab is ingericht. Je bent ingelogd als beheerder.');
        navigate('/', { replace: true });
      });
    });

    replace(section,
      h('h1', {}, 'Kennislab inrichten'),
      h('p', { class: 'lead' }, 'Maak het eerste beheerdersaccount aan. Daarmee maak je daarna accounts voor anderen aan.'),
      form);
  }
}
