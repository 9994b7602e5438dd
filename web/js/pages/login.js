// /login: e-mail address and password → POST /api/login.

import { h } from '../core/dom.js';
import { post, fetchMe } from '../core/api.js';
import { errorText, textForCode } from '../core/errors.js';
import { field, formAlert, withBusy, showFieldErrors, looksLikeEmail, announce } from '../core/ui.js';

export const title = () => 'Inloggen';

/** Only same-site paths are allowed as the place to go after logging in. */
export function safeNext(next) {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/login') || next.startsWith('/setup') || next.startsWith('/activate/')) return '/';
  return next;
}

export function render({ main, query, navigate, isCurrent }) {
  const next = safeNext(query.get('next'));
  const email = field({ label: 'E-mailadres', type: 'email', name: 'email', autocomplete: 'username' });
  const password = field({ label: 'Wachtwoord', type: 'password', name: 'password', autocomplete: 'current-password' });
  const alert = formAlert();
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Inloggen');

  const form = h('form', { class: 'form', novalidate: true }, email.el, password.el, alert.el, h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    alert.clear();
    const problems = new Map();
    const emailValue = email.input.value.trim();
    if (!emailValue) problems.set(email, 'Vul je e-mailadres in.');
    else if (!looksLikeEmail(emailValue)) problems.set(email, 'Dit is geen geldig e-mailadres.');
    if (!password.input.value) problems.set(password, 'Vul je wachtwoord in.');
    if (!showFieldErrors([email, password], problems)) return;

    withBusy(submit, async () => {
      try {
        await post('/api/login', { email: emailValue, password: password.input.value });
      } catch (err) {
        alert.show(loginErrorText(err));
        password.input.value = '';
        password.input.focus();
        return;
      }
      announce('Je bent ingelogd.');
      navigate(next);
    });
  });

  main.append(h('section', { class: 'card narrow' },
    h('h1', {}, 'Inloggen'),
    h('p', { class: 'lead' }, 'Log in met het e-mailadres en wachtwoord van je Kennislab-account.'),
    form,
    h('p', { class: 'muted small' }, 'Nog geen account? Een beheerder maakt het voor je aan en stuurt je een activatielink.')));

  // Already logged in (e.g. the login page was bookmarked): go on.
  fetchMe().then((user) => {
    if (user && isCurrent()) navigate(next, { replace: true });
  }).catch(() => {});
}

function loginErrorText(err) {
  if (err.code === 'bad_credentials') return textForCode('bad_credentials');
  // The server says which: too many failures (minutes) or too busy right now (seconds).
  if (err.status === 429 || err.code === 'rate_limited')
    return err.serverMessage || 'Te veel pogingen. Probeer het over enkele minuten opnieuw.';
  if (err.status === 0) return errorText(err);
  // Other refusals: the server's own message says best what is wrong.
  return err.serverMessage || errorText(err);
}
