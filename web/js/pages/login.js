// /login: e-mail address and password → POST /api/login; for an account with a
// second factor, the second step on the same page (POST /api/login/second-factor
// with a code or a recovery code, or a passkey); and "Inloggen met een passkey"
// without a password (POST /api/passkey/options and /api/passkey/login).

import { h, replace } from '../core/dom.js';
import { post, fetchMe } from '../core/api.js';
import { errorText, textForCode, codeErrorText } from '../core/errors.js';
import { field, codeField, recoveryCodeField, RECOVERY_BAD_CODE, formAlert, withBusy, showFieldErrors, looksLikeEmail, announce } from '../core/ui.js';
import { passkeysSupported, getPasskey, passkeyErrorText } from '../core/webauthn.js';

export const title = () => 'Inloggen';

/** Only same-site paths are allowed as the place to go after logging in. */
export function safeNext(next) {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/login') || next.startsWith('/setup') || next.startsWith('/activate/')) return '/';
  return next;
}

const EXPIRED_TEXT = 'Deze inlogpoging is verlopen of al gebruikt. Log opnieuw in met je wachtwoord.';

/** True when the second step's token is no longer valid (expired, used, unknown). */
function stepExpired(err) {
  return err.code === 'second_factor_expired';
}

export function render({ main, query, navigate, isCurrent }) {
  const next = safeNext(query.get('next'));
  const section = h('section', { class: 'card narrow' });
  main.append(section);

  function loggedIn() {
    announce('Je bent ingelogd.');
    navigate(next);
  }

  /**
   * Signs in with a passkey: with `token` as the second step of a password
   * login, without one as a passwordless sign-in. Returns an error text, or
   * null when logged in. `onExpired` handles a second step that ran out.
   */
  async function passkeyLogin(token) {
    const body = token ? { token } : {};
    let options;
    try {
      ({ options } = await post('/api/passkey/options', body));
    } catch (err) {
      if (token && stepExpired(err)) return { err, text: EXPIRED_TEXT, expired: true };
      if (err.status === 429) return { err, text: codeErrorText(err) };
      return { err, text: errorText(err) };
    }
    let credential;
    try {
      credential = await getPasskey(options);
    } catch (err) {
      return { text: passkeyErrorText(err) };
    }
    try {
      await post('/api/passkey/login', { ...body, credential });
    } catch (err) {
      if (token && stepExpired(err)) return { err, text: EXPIRED_TEXT, expired: true };
      if (err.status === 401 || err.status === 400) return { err, text: 'Deze passkey werd niet geaccepteerd. Gebruik een passkey die je in Kennislab hebt toegevoegd, of log in met je wachtwoord.' };
      if (err.status === 429) return { err, text: codeErrorText(err) };
      return { err, text: errorText(err) };
    }
    return null;
  }

  // ---- Step 1: e-mail address and password ----

  function showPasswordStep({ email: emailValue = '', message = '' } = {}) {
    const email = field({ label: 'E-mailadres', type: 'email', name: 'email', autocomplete: 'username webauthn', value: emailValue });
    const password = field({ label: 'Wachtwoord', type: 'password', name: 'password', autocomplete: 'current-password' });
    const alert = formAlert();
    const submit = h('button', { type: 'submit', class: 'button primary' }, 'Inloggen');
    const form = h('form', { class: 'form', novalidate: true }, email.el, password.el, alert.el, h('div', { class: 'actions' }, submit));

    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      alert.clear();
      const problems = new Map();
      const value = email.input.value.trim();
      if (!value) problems.set(email, 'Vul je e-mailadres in.');
      else if (!looksLikeEmail(value)) problems.set(email, 'Dit is geen geldig e-mailadres.');
      if (!password.input.value) problems.set(password, 'Vul je wachtwoord in.');
      if (!showFieldErrors([email, password], problems)) return;

      withBusy(submit, async () => {
        let answer;
        try {
          answer = await post('/api/login', { email: value, password: password.input.value });
        } catch (err) {
          alert.show(loginErrorText(err));
          password.input.value = '';
          password.input.focus();
          return;
        }
        if (answer.second_factor) {
          showSecondStep(answer.second_factor, value);
          return;
        }
        loggedIn();
      });
    });

    let passkeyBlock = null;
    if (passkeysSupported()) {
      const passkeyAlert = formAlert();
      const button = h('button', { type: 'button', class: 'button secondary' }, 'Inloggen met een passkey');
      button.addEventListener('click', () => withBusy(button, async () => {
        passkeyAlert.clear();
        const failed = await passkeyLogin(null);
        if (failed) {
          passkeyAlert.show(failed.text);
          return;
        }
        loggedIn();
      }));
      passkeyBlock = h('div', { class: 'passkey-login' },
        h('p', {}, 'Heb je een passkey voor Kennislab op dit apparaat? Dan heb je geen wachtwoord nodig.'),
        h('div', { class: 'actions' }, button),
        passkeyAlert.el);
    }

    replace(section,
      h('h1', {}, 'Inloggen'),
      h('p', { class: 'lead' }, 'Log in met het e-mailadres en wachtwoord van je Kennislab-account.'),
      form,
      passkeyBlock,
      h('p', { class: 'muted small' }, 'Nog geen account? Een beheerder maakt het voor je aan en stuurt je een activatielink.'));
    if (message) {
      alert.show(message);
      password.input.focus();
    }
  }

  // ---- Step 2: the second factor ----

  function showSecondStep({ token, methods = [] }, emailValue) {
    const hasTotp = methods.includes('totp');
    const hasRecovery = methods.includes('recovery');
    const hasPasskey = methods.includes('passkey') && passkeysSupported();
    const backToStart = (message) => showPasswordStep({ email: emailValue, message });

    const code = codeField({ label: 'Code uit je authenticator-app' });
    const recovery = recoveryCodeField();
    const alert = formAlert();
    const submit = h('button', { type: 'submit', class: 'button primary' }, 'Bevestigen');
    const intro = h('p', {});
    const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Tweede stap' }, code.el, recovery.el, h('div', { class: 'actions' }, submit));

    const useRecovery = h('button', { type: 'button', class: 'link-button' }, 'Gebruik een herstelcode');
    const useTotp = h('button', { type: 'button', class: 'link-button' }, 'Gebruik je authenticator-app');
    const usePasskey = h('button', { type: 'button', class: 'button secondary' }, 'Gebruik je passkey');
    const restart = h('button', { type: 'button', class: 'link-button' }, 'Opnieuw beginnen');
    let mode = null;

    function setMode(next, { focus = true } = {}) {
      mode = next;
      alert.clear();
      code.el.hidden = mode !== 'totp';
      recovery.el.hidden = mode !== 'recovery';
      form.hidden = mode === 'passkey';
      useRecovery.hidden = mode === 'recovery' || !hasRecovery;
      useTotp.hidden = mode === 'totp' || !hasTotp;
      if (mode === 'totp') intro.textContent = 'Je account is extra beveiligd. Vul de code in die je authenticator-app nu toont.';
      else if (mode === 'recovery') intro.textContent = 'Vul een van je herstelcodes in.';
      else intro.textContent = 'Je account is extra beveiligd. Bevestig met je passkey dat jij het bent.';
      if (!focus) return;
      if (mode === 'totp') code.input.focus();
      else if (mode === 'recovery') recovery.input.focus();
      else usePasskey.focus();
    }

    useRecovery.addEventListener('click', () => setMode('recovery'));
    useTotp.addEventListener('click', () => setMode('totp'));
    restart.addEventListener('click', () => backToStart(''));

    usePasskey.addEventListener('click', () => withBusy(usePasskey, async () => {
      alert.clear();
      const failed = await passkeyLogin(token);
      if (!failed) {
        loggedIn();
        return;
      }
      if (failed.expired) {
        backToStart(EXPIRED_TEXT);
        return;
      }
      alert.show(failed.text);
    }));

    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      alert.clear();
      let body;
      if (mode === 'totp') {
        const digits = code.read();
        if (!digits) return;
        body = { token, code: digits };
      } else {
        const value = recovery.read();
        if (!value) return;
        body = { token, recovery_code: value };
      }
      withBusy(submit, async () => {
        try {
          await post('/api/login/second-factor', body);
        } catch (err) {
          if (stepExpired(err)) {
            backToStart(EXPIRED_TEXT);
            return;
          }
          alert.show(codeErrorText(err, { badCode: mode === 'recovery' ? RECOVERY_BAD_CODE : undefined }));
          const input = mode === 'totp' ? code.input : recovery.input;
          input.select();
          input.focus();
          return;
        }
        loggedIn();
      });
    });

    replace(section,
      h('h1', {}, 'Inloggen'),
      h('h2', {}, 'Tweede stap'),
      intro,
      form,
      alert.el,
      h('div', { class: 'second-step-switch' },
        hasPasskey ? usePasskey : null,
        useRecovery,
        useTotp),
      h('p', { class: 'muted small' }, 'Geen toegang tot je app, passkey of herstelcodes? Vraag een beheerder om je tweede factor te resetten. ', restart));
    let first = 'recovery';
    if (hasTotp) first = 'totp';
    else if (hasPasskey) first = 'passkey';
    setMode(first);
    // The passkey button is the main action in passkey mode, a side way otherwise.
    usePasskey.className = first === 'passkey' ? 'button primary' : 'button secondary';
    announce('Tweede stap van het inloggen.');
  }

  showPasswordStep();

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
