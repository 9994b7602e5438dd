// /beveiliging: the second factor of one's own account, over the WebSocket
// (mfa.status, mfa.totp.*, mfa.passkey.*, mfa.recovery.renew): the
// authenticator app, passkeys and recovery codes. While the policy asks for a
// factor the account does not have (/api/me says second_factor_setup_required),
// main.js shows only this page; once a factor exists it goes on to `next`.
// Under it, "Meldingen per mail" (notifications/mail-choice.js, at
// /beveiliging#meldingen): how notifications reach the person by mail, and
// "Mijn gegevens" (/beveiliging#gegevens): everything stored about them as a ZIP
// (GET /api/me/export).

import { h, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText, codeErrorText } from '../core/errors.js';
import { field, codeField, recoveryCodeField, RECOVERY_BAD_CODE, formAlert, withBusy, announce, confirmDialog, copyableText, copyToClipboard } from '../core/ui.js';
import { formatDateTime, timeEl } from '../core/time.js';
import { passkeysSupported, createPasskey, passkeyErrorText } from '../core/webauthn.js';
import { safeNext } from './login.js';
import { mailChoiceSection } from '../notifications/mail-choice.js';

export const title = () => 'Beveiliging';

const PRINT_CLASS = 'print-recovery-codes';

export function render({ main, user, query, secondFactorSetupRequired, navigate }) {
  let alive = true;
  let setupRequired = secondFactorSetupRequired;
  const next = safeNext(query.get('next'));

  const requiredNote = h('div', { class: 'alert alert-warn', hidden: !setupRequired },
    h('p', {}, h('strong', {}, 'Stel eerst een tweede factor in.')),
    h('p', {}, 'Voor jouw account is naast je wachtwoord een tweede factor verplicht: een authenticator-app op je telefoon of een passkey. '
      + 'Voeg er hieronder één toe. Daarna kun je Kennislab weer gebruiken en ga je verder waar je heen wilde.'));
  const loadStatus = h('p', { class: 'muted', role: 'status' }, 'Je instellingen worden geladen…');
  const codesSlot = h('div', {});
  const totp = totpSection();
  const passkeys = passkeySection();
  const recovery = recoverySection();
  const sections = h('div', { hidden: true }, totp.el, passkeys.el, recovery.el);
  // Not while a first factor is required: the server answers nothing else until then.
  const mailChoice = setupRequired ? null : mailChoiceSection();

  main.append(
    h('section', { class: 'intro' },
      h('h1', {}, 'Beveiliging'),
      h('p', { class: 'lead' }, 'Met een tweede factor komt niemand in je account met alleen je wachtwoord: er is ook je telefoon of je passkey voor nodig.')),
    requiredNote,
    loadStatus,
    codesSlot,
    sections,
    ...(mailChoice ? [mailChoice.el, myDataSection()] : []));
  if (mailChoice) mailChoice.load();

  let status = null;

  async function load() {
    let answer;
    try {
      answer = await socket.request('mfa.status', {});
    } catch (err) {
      if (!alive) return;
      setText(loadStatus, `Je instellingen konden niet worden geladen. ${errorText(err)}`);
      return;
    }
    if (!alive) return;
    status = answer;
    setText(loadStatus, '', { hideEmpty: true });
    totp.draw(status);
    passkeys.draw(status);
    recovery.draw(status);
    if (!codesSlot.firstChild) sections.hidden = false;
  }

  const hasFactor = (s) => Boolean(s && (s.totp || (s.passkeys || []).length > 0));

  /**
   * After a factor was added or codes renewed: shows recovery codes (when the
   * answer has them) in place of the page, else reloads, gives the focus to
   * `focusTarget` (the changed section's heading) and, when this was the
   * required first factor, goes on.
   */
  function afterChange(answer, message, focusTarget) {
    announce(message);
    const codes = answer && Array.isArray(answer.recovery_codes) ? answer.recovery_codes : null;
    if (codes && codes.length) {
      showCodes(codes, focusTarget);
      return;
    }
    finishStep(focusTarget);
  }

  function finishStep(focusTarget) {
    if (setupRequired) {
      setupRequired = false;
      navigate(next, { replace: true });
      return;
    }
    load().then(() => focusTarget?.focus());
  }

  function showCodes(codes, focusTarget) {
    sections.hidden = true;
    const panel = recoveryCodesPanel({
      codes,
      user,
      onDone: () => {
        replace(codesSlot);
        document.body.classList.remove(PRINT_CLASS);
        if (setupRequired) {
          finishStep();
          return;
        }
        sections.hidden = false;
        load().then(() => (focusTarget || totp).focus());
      },
    });
    replace(codesSlot, panel.el);
    // While the codes are on the page, printing prints only them (also Ctrl+P).
    document.body.classList.add(PRINT_CLASS);
    panel.focus();
  }

  // ---- Authenticator-app ----

  function totpSection() {
    const headingId = uid('totp-heading');
    const heading = h('h2', { id: headingId, tabindex: '-1' }, 'Authenticator-app');
    const body = h('div', {});
    const el = h('section', { class: 'card', 'aria-labelledby': headingId }, heading, body);

    function draw(s) {
      if (s.totp) {
        const remove = codeAction({
          label: 'Authenticator-app verwijderen',
          buttonClass: 'button danger small',
          heading: 'Authenticator-app verwijderen',
          intro: 'Vul ter bevestiging een code uit je authenticator-app in. Daarna vraagt Kennislab bij het inloggen geen code uit deze app meer.',
          submitLabel: 'Verwijderen',
          danger: true,
          onSubmit: async (code) => {
            await socket.request('mfa.totp.remove', { code });
            announce('De authenticator-app is verwijderd.');
            await load();
            heading.focus();
          },
        });
        replace(body,
          h('p', {}, h('span', { class: 'badge badge-active' }, 'Ingesteld'), ' Bij het inloggen vraagt Kennislab een code uit je authenticator-app.'),
          h('div', { class: 'actions' }, remove.button),
          remove.slot);
        return;
      }
      const add = h('button', { type: 'button', class: 'button primary' }, 'Authenticator-app toevoegen');
      const alert = formAlert();
      const slot = h('div', {});
      add.addEventListener('click', () => withBusy(add, async () => {
        alert.clear();
        let answer;
        try {
          answer = await socket.request('mfa.totp.begin', {});
        } catch (err) {
          alert.show(errorText(err));
          return;
        }
        add.hidden = true;
        const step = totpSetup(answer, {
          onCancel: () => {
            replace(slot);
            add.hidden = false;
            add.focus();
          },
        });
        replace(slot, step.el);
        step.focus();
      }));
      replace(body,
        h('p', {}, h('span', { class: 'badge' }, 'Niet ingesteld'), ' Een authenticator-app op je telefoon (bijvoorbeeld Microsoft Authenticator, Google Authenticator of FreeOTP) maakt elke 30 seconden een nieuwe code.'),
        h('div', { class: 'actions' }, add),
        alert.el,
        slot);
    }

    /** The steps to link an app: QR code, the key as text, the first code. */
    function totpSetup({ secret, qr_image: qrImage }, { onCancel }) {
      const stepHeading = h('h3', { tabindex: '-1' }, 'Authenticator-app koppelen');
      const grouped = String(secret || '').replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
      const key = copyableText({
        label: 'Sleutel', name: 'totp_secret', value: grouped, multiline: true, copy: String(secret || '').replace(/\s+/g, ''),
        copiedText: 'De sleutel is gekopieerd.', selectedText: 'De sleutel is geselecteerd.',
      });
      const confirm = codeStep({
        label: 'Code uit de app',
        name: 'Authenticator-app bevestigen',
        submitLabel: 'Bevestigen',
        onCancel,
        onSubmit: async (code) => {
          const answer = await socket.request('mfa.totp.confirm', { code });
          afterChange(answer, 'De authenticator-app is toegevoegd.', heading);
        },
      });
      const el = h('div', { class: 'edit-panel setup-panel' },
        stepHeading,
        h('ol', { class: 'setup-steps' },
          h('li', {},
            h('p', {}, 'Open je authenticator-app, kies voor een nieuw account en scan deze QR-code.'),
            qrImage ? h('img', { class: 'qr-image', src: qrImage, alt: 'QR-code om Kennislab toe te voegen aan je authenticator-app', width: 200, height: 200 }) : null),
          h('li', {},
            h('p', {}, 'Lukt scannen niet, bijvoorbeeld omdat je deze pagina op je telefoon bekijkt? Typ dan deze sleutel over in de app (kies voor een op tijd gebaseerde code).'),
            key.el),
          h('li', {},
            h('p', {}, 'Vul de code in die de app nu toont.'),
            confirm.el)));
      return { el, focus: () => stepHeading.focus() };
    }

    return { el, draw, focus: () => heading.focus() };
  }

  // ---- Passkeys ----

  function passkeySection() {
    const headingId = uid('passkeys-heading');
    const heading = h('h2', { id: headingId, tabindex: '-1' }, 'Passkeys');
    const list = h('ul', { class: 'user-list passkey-list', 'aria-label': 'Jouw passkeys' });
    const empty = h('p', { class: 'muted', hidden: true }, 'Je hebt nog geen passkeys.');
    const listAlert = formAlert();
    const supported = passkeysSupported();

    const name = field({ label: 'Naam van de passkey', name: 'passkey_name', autocomplete: 'off', maxlength: 100, hint: 'Zodat je hem later herkent, bijvoorbeeld “Laptop werk” of “Telefoon”.' });
    const alert = formAlert();
    const submit = h('button', { type: 'submit', class: 'button primary' }, 'Passkey toevoegen');
    const form = h('form', { class: 'form passkey-form', novalidate: true, 'aria-label': 'Passkey toevoegen' }, name.el, alert.el, h('div', { class: 'actions' }, submit));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      alert.clear();
      const value = name.input.value.trim();
      if (!value) {
        name.setError('Geef de passkey een naam.');
        name.input.focus();
        return;
      }
      name.setError('');
      withBusy(submit, async () => {
        let options;
        try {
          ({ options } = await socket.request('mfa.passkey.begin', { name: value }));
        } catch (err) {
          // The server's message says what is wrong with the name (or that it has no passkeys).
          alert.show(errorText(err, err.serverMessage ? { bad_request: err.serverMessage } : {}));
          return;
        }
        let credential;
        try {
          credential = await createPasskey(options);
        } catch (err) {
          alert.show(passkeyErrorText(err));
          return;
        }
        let answer;
        try {
          answer = await socket.request('mfa.passkey.finish', { credential });
        } catch (err) {
          alert.show(errorText(err, { bad_request: err.serverMessage || 'De passkey kon niet worden gecontroleerd. Probeer het opnieuw.' }));
          return;
        }
        name.input.value = '';
        afterChange(answer, `De passkey “${answer.passkey?.name || value}” is toegevoegd.`, heading);
      });
    });

    const el = h('section', { class: 'card', 'aria-labelledby': headingId },
      heading,
      h('p', { class: 'muted' }, 'Met een passkey log je in met de vingerafdruk, het gezicht of de pincode van je apparaat, zonder code over te typen.'),
      list,
      empty,
      listAlert.el,
      supported
        ? form
        : h('p', { class: 'alert alert-info' }, 'Deze browser kan geen passkeys maken. Gebruik een recente versie van Edge, Chrome, Firefox of Safari, of voeg een authenticator-app toe.'));

    function draw(s) {
      const items = s.passkeys || [];
      empty.hidden = items.length > 0;
      replace(list, items.map((p) => {
        const remove = h('button', { type: 'button', class: 'button danger small', 'aria-label': `Passkey ${p.name} verwijderen` }, 'Verwijderen');
        remove.addEventListener('click', async () => {
          listAlert.clear();
          const ok = await confirmDialog({
            title: 'Passkey verwijderen?',
            text: `Met de passkey “${p.name}” kun je daarna niet meer inloggen. Verwijder hem ook uit je apparaat als je hem niet meer gebruikt.`,
            confirmLabel: 'Verwijderen',
            danger: true,
          });
          if (!ok) return;
          await withBusy(remove, async () => {
            try {
              await socket.request('mfa.passkey.remove', { passkey: p.id });
            } catch (err) {
              listAlert.show(errorText(err, { forbidden: err.serverMessage || 'Voor jouw account is een tweede factor verplicht: voeg eerst een andere toe voordat je deze verwijdert.' }));
              return;
            }
            announce(`De passkey “${p.name}” is verwijderd.`);
            await load();
            heading.focus();
          });
        });
        return h('li', { class: 'user-item passkey-item' },
          h('div', { class: 'user-info' },
            h('p', { class: 'user-title' }, h('strong', {}, p.name)),
            h('p', { class: 'user-meta' }, 'Toegevoegd: ', timeEl(p.created_at)),
            h('p', { class: 'user-meta' }, 'Laatst gebruikt: ', p.last_used_at ? timeEl(p.last_used_at) : 'nog niet')),
          h('div', { class: 'user-actions' }, remove));
      }));
    }

    return { el, draw };
  }

  // ---- Herstelcodes ----

  function recoverySection() {
    const headingId = uid('recovery-heading');
    const heading = h('h2', { id: headingId, tabindex: '-1' }, 'Herstelcodes');
    const body = h('div', {});
    const el = h('section', { class: 'card', 'aria-labelledby': headingId }, heading, body);

    function draw(s) {
      if (!hasFactor(s)) {
        replace(body, h('p', { class: 'muted' }, 'Zodra je een authenticator-app of passkey toevoegt, krijg je tien herstelcodes. Daarmee kom je binnen als je telefoon of passkey er niet is.'));
        return;
      }
      const left = Number(s.recovery_codes_left) || 0;
      const count = h('p', { class: left <= 3 ? 'alert alert-warn' : '' },
        left === 1 ? 'Je hebt nog 1 ongebruikte herstelcode.' : `Je hebt nog ${left} ongebruikte herstelcodes.`,
        left <= 3 ? ' Maak nieuwe aan voordat ze op zijn.' : '');
      const renew = codeAction({
        label: 'Nieuwe herstelcodes',
        buttonClass: 'button secondary',
        heading: 'Nieuwe herstelcodes maken',
        // Without an app (passkeys only) an unused recovery code confirms it.
        intro: s.totp
          ? 'Je krijgt tien nieuwe codes; de oude werken daarna niet meer. Vul ter bevestiging een code uit je authenticator-app in.'
          : 'Je krijgt tien nieuwe codes; de oude werken daarna niet meer. Vul ter bevestiging een van je huidige herstelcodes in.',
        recovery: !s.totp,
        submitLabel: 'Nieuwe codes maken',
        onSubmit: async (code) => {
          const answer = await socket.request('mfa.recovery.renew', { code });
          afterChange(answer, 'Er zijn nieuwe herstelcodes gemaakt.', heading);
        },
      });
      replace(body, count, h('div', { class: 'actions' }, renew.button), renew.slot);
    }

    return { el, draw };
  }

  load();
  return () => {
    alive = false;
    document.body.classList.remove(PRINT_CLASS);
  };
}

/**
 * A button that opens a small form asking a current code before a change
 * (removing the app, new recovery codes). `onSubmit(code)` throws the socket
 * error when refused. Focus moves to its field; Escape or "Annuleren" closes
 * it and gives the focus back to the button. Returns { button, slot }.
 */
function codeAction({ label, buttonClass, heading, intro, recovery = false, submitLabel, danger = false, onSubmit }) {
  const button = h('button', { type: 'button', class: buttonClass }, label);
  const slot = h('div', {});
  const close = () => {
    replace(slot);
    button.hidden = false;
    button.focus();
  };
  button.addEventListener('click', () => {
    button.hidden = true;
    const step = codeStep({ heading, intro, recovery, submitLabel, danger, onSubmit, onCancel: close });
    replace(slot, step.el);
    step.code.input.focus();
  });
  return { button, slot };
}

/**
 * A form that asks a current code from the authenticator app and hands it to
 * `onSubmit(code)`, which throws the socket error when refused (the form then
 * says why). With a `heading` it is a panel of its own, else `name` names it.
 * Escape cancels. Returns { el, code }.
 */
function codeStep({ label = 'Huidige code uit je authenticator-app', heading, intro, name, recovery = false, submitLabel, danger = false, onSubmit, onCancel }) {
  const headingId = uid('code-step');
  const code = recovery ? recoveryCodeField() : codeField({ label });
  const alert = formAlert();
  const submit = h('button', { type: 'submit', class: danger ? 'button danger' : 'button primary' }, submitLabel);
  const cancel = h('button', { type: 'button', class: 'button secondary', onclick: onCancel }, 'Annuleren');
  const form = h('form', {
    class: heading ? 'form edit-panel' : 'form', novalidate: true, 'aria-labelledby': heading ? headingId : undefined, 'aria-label': heading ? undefined : name,
  },
  heading ? h('h3', { id: headingId }, heading) : null,
  intro ? h('p', {}, intro) : null,
  code.el, alert.el, h('div', { class: 'actions' }, submit, cancel));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    alert.clear();
    const digits = code.read();
    if (!digits) return;
    withBusy(submit, async () => {
      try {
        await onSubmit(digits);
      } catch (err) {
        alert.show(codeErrorText(err, { badCode: recovery ? RECOVERY_BAD_CODE : undefined }));
        code.input.select();
        code.input.focus();
      }
    });
  });
  form.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') onCancel();
  });
  return { el: form, code };
}

/**
 * The recovery codes, shown once: copy, download as .txt, print (only this
 * block), and "Ik heb ze bewaard". Returns { el, focus() }.
 */
function recoveryCodesPanel({ codes, user, onDone }) {
  const headingId = uid('codes-heading');
  const heading = h('h2', { id: headingId, tabindex: '-1' }, 'Je herstelcodes');
  const listEl = h('ol', { class: 'recovery-codes mono', 'aria-label': 'Herstelcodes' }, codes.map((c) => h('li', {}, c)));
  const status = h('p', { class: 'copy-status', role: 'status' });
  const plain = codes.join('\n');

  const copy = h('button', { type: 'button', class: 'button secondary' }, 'Kopiëren');
  copy.addEventListener('click', async () => {
    if (await copyToClipboard(plain)) {
      setText(status, 'De herstelcodes zijn gekopieerd.');
      return;
    }
    const range = document.createRange();
    range.selectNodeContents(listEl);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    setText(status, 'De herstelcodes zijn geselecteerd. Kopieer ze met Ctrl+C (op een Mac: Cmd+C).');
  });

  const download = h('button', { type: 'button', class: 'button secondary' }, 'Downloaden');
  download.addEventListener('click', () => {
    const text = [
      `Kennislab: herstelcodes voor ${user.email}`,
      `Gemaakt: ${formatDateTime(new Date().toISOString())}`,
      'Elke code werkt één keer. Bewaar dit bestand op een veilige plek.',
      '',
      plain,
      '',
    ].join('\n');
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = h('a', { href: url, download: 'kennislab-herstelcodes.txt', hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setText(status, 'De herstelcodes zijn gedownload als kennislab-herstelcodes.txt.');
  });

  const print = h('button', { type: 'button', class: 'button secondary' }, 'Afdrukken');
  print.addEventListener('click', () => window.print());

  const done = h('button', { type: 'button', class: 'button primary' }, 'Ik heb ze bewaard');
  done.addEventListener('click', onDone);

  const el = h('section', { class: 'card recovery-panel', 'aria-labelledby': headingId },
    heading,
    h('p', {}, 'Met een herstelcode kom je binnen als je je telefoon of passkey niet bij de hand hebt. Elke code werkt één keer.'),
    h('p', { class: 'alert alert-warn' }, 'Deze codes zie je alleen nu. Bewaar ze op een veilige plek, bijvoorbeeld in een wachtwoordkluis of afgedrukt in een afgesloten kast.'),
    listEl,
    h('div', { class: 'actions' }, copy, download, print),
    status,
    h('div', { class: 'actions' }, done));
  return { el, focus: () => heading.focus() };
}

/** "Mijn gegevens": a plain download link; the server makes the ZIP on its own threads. */
function myDataSection() {
  const headingId = uid('my-data-heading');
  return h('section', { class: 'card', id: 'gegevens', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Mijn gegevens'),
    h('p', {}, 'Download alles wat de kennislab over jou bewaart: je account, je sessies, je berichten, kaarten en aantekeningen, je meldingen en wat het logboek over jou bijhoudt. Je krijgt één ZIP-bestand met een leesbare pagina (index.html) en dezelfde gegevens voor een computer (data.json). Berichten van anderen staan er niet in; waar je op iemand reageerde, staat alleen “reactie op een bericht”.'),
    h('p', {}, h('a', { class: 'button', href: '/api/me/export', download: 'mijn-gegevens.zip' }, 'Mijn gegevens downloaden')));
}
