// /invite/<token>: someone a moderator invited opens their personal link
// (GET /api/invitations/<token>) and accepts it (POST …/accept). Without a
// login they create an account here (name, e-mail, organisation, password);
// logged in, one button is enough. Either way they land in the session.

import { h, replace } from '../core/dom.js';
import { get, post, fetchMe } from '../core/api.js';
import { errorText } from '../core/errors.js';
import { ORGANISATION_TYPES, organisationText, sessionRoleWord } from '../core/labels.js';
import { field, formAlert, withBusy, showFieldErrors, checkNewPassword, looksLikeEmail, announce } from '../core/ui.js';
import { timeEl } from '../core/time.js';

export const title = () => 'Uitnodiging';

const UNKNOWN = 'Deze uitnodiging bestaat niet.';
const GONE = 'Deze uitnodiging is al gebruikt, ingetrokken of verlopen.';
const TOO_MANY = 'Te veel pogingen vanaf dit adres. Probeer het over een kwartier opnieuw.';
const HAS_ACCOUNT = 'Er bestaat al een account met dit e-mailadres. Log eerst in en open de link opnieuw.';

const ROLE_TEXTS = {
  expert: 'Als deskundige lees je mee en reageer je in de gesprekken van deze ene sessie.',
  participant: 'Als deelnemer lees en schrijf je mee, start je gesprekken en werk je mee aan het kennisbord.',
  observer: 'Als waarnemer lees je mee; je plaatst zelf geen berichten.',
};

function inviterName(invitedBy) {
  if (!invitedBy) return '';
  if (typeof invitedBy === 'string') return invitedBy;
  return invitedBy.display_name || '';
}

export function render({ main, params, navigate, isCurrent }) {
  const token = params.token;
  const base = `/api/invitations/${encodeURIComponent(token)}`;
  const here = `/invite/${encodeURIComponent(token)}`;
  const loginHref = `/login?next=${encodeURIComponent(here)}`;
  const section = h('section', { class: 'card narrow invite-page' },
    h('h1', {}, 'Uitnodiging'),
    h('p', { class: 'muted', role: 'status' }, 'De uitnodiging wordt gecontroleerd…'));
  main.append(section);

  Promise.all([get(base), fetchMe().catch(() => null)]).then(
    ([info, user]) => isCurrent() && show(info, user),
    (err) => isCurrent() && showProblem(err));

  function problemText(err) {
    if (err.status === 404) return UNKNOWN;
    if (err.status === 410) return GONE;
    if (err.status === 429) return TOO_MANY;
    return errorText(err);
  }

  function showProblem(err) {
    const final = err.status === 404 || err.status === 410;
    const h1 = h('h1', { tabindex: '-1' }, 'Uitnodiging');
    replace(section,
      h1,
      h('p', { class: 'alert alert-error', role: 'alert' }, problemText(err)),
      final
        ? h('p', {}, 'Vraag degene die je uitnodigde om een nieuwe link. Heb je de uitnodiging al aangenomen? Dan vind je de sessie onder ',
          h('a', { href: '/' }, 'Mijn sessies'), ' (na inloggen).')
        : h('p', {}, h('a', { href: here, class: 'button secondary' }, 'Opnieuw proberen')));
  }

  /** The invitation itself: who, what, until when, the note. */
  function details(info) {
    const inviter = inviterName(info.invited_by);
    const role = sessionRoleWord(info.role);
    const rows = [
      ['Sessie', info.session_title],
      ['Uitgenodigd door', inviter || 'een moderator'],
      ['Rol', role],
    ];
    if (info.access_until) rows.push(['Toegang tot', timeEl(info.access_until)]);
    else if (info.role === 'expert') rows.push(['Toegang tot', 'het einde van de sessie']);
    if (info.expires_at) rows.push(['Link geldig tot', timeEl(info.expires_at)]);
    return [
      h('p', { class: 'lead' },
        inviter ? `${inviter} nodigt je uit` : 'Je bent uitgenodigd',
        ' voor de sessie “', info.session_title || '', `” als ${role}.`),
      h('dl', { class: 'invite-details' }, rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
      ROLE_TEXTS[info.role] ? h('p', {}, ROLE_TEXTS[info.role]) : null,
      info.note
        ? h('figure', { class: 'invite-note-box' },
          h('figcaption', {}, inviter ? `Bericht van ${inviter}:` : 'Bericht:'),
          h('blockquote', { class: 'invite-note' }, info.note))
        : null,
    ];
  }

  function show(info, user) {
    const heading = h('h1', { tabindex: '-1' }, 'Uitnodiging');
    if (user) showLoggedIn(info, user, heading);
    else showSignup(info, heading);
  }

  async function accept(body, alert) {
    let answer;
    try {
      answer = await post(`${base}/accept`, body);
    } catch (err) {
      if (err.status === 404 || err.status === 410) {
        showProblem(err);
        return;
      }
      if (err.status === 409) {
        alert.show(HAS_ACCOUNT, h('a', { href: loginHref }, 'Naar inloggen'));
        return;
      }
      if (err.status === 429) {
        alert.show(TOO_MANY);
        return;
      }
      alert.show(errorText(err, { bad_request: err.serverMessage || 'Controleer de gegevens en probeer het opnieuw.' }));
      return;
    }
    announce('Je hebt de uitnodiging aangenomen. Welkom in de sessie.');
    const session = answer.session && typeof answer.session === 'object' ? answer.session.id : answer.session;
    navigate(session ? `/sessions/${encodeURIComponent(session)}` : '/', { replace: true });
  }

  function showLoggedIn(info, user, heading) {
    const alert = richAlert();
    const submit = h('button', { type: 'button', class: 'button primary' }, 'Uitnodiging aannemen');
    submit.addEventListener('click', () => {
      alert.clear();
      withBusy(submit, () => accept({}, alert));
    });
    const logout = h('button', { type: 'button', class: 'link-button' }, 'Log dan eerst uit');
    logout.addEventListener('click', async () => {
      try {
        await post('/api/logout', {});
      } catch {
        // Logged out anyway, or the server is unreachable: the page shows which.
      }
      navigate(here, { replace: true });
    });
    const org = organisationText(user.organisation);
    replace(section,
      heading,
      details(info),
      h('p', { class: 'invite-me' },
        'Je bent ingelogd als ', h('strong', {}, user.display_name), org ? ` (${org})` : '', '.'),
      alert.el,
      h('div', { class: 'actions' }, submit),
      h('p', { class: 'muted small' }, 'Ben jij dit niet? ', logout, ' en open de link opnieuw.'));
    heading.focus();
  }

  function showSignup(info, heading) {
    const name = field({ label: 'Naam', name: 'display_name', autocomplete: 'name', maxlength: 100, value: info.display_name || '' });
    const email = field({ label: 'E-mailadres', type: 'email', name: 'email', autocomplete: 'email', value: info.email || '' });
    const orgType = field({
      label: 'Soort organisatie', name: 'organisation_type', options: ORGANISATION_TYPES,
      value: info.role === 'expert' ? 'expert' : 'gemeente',
    });
    const orgName = field({
      label: 'Naam van de organisatie', name: 'organisation_name', autocomplete: 'organization', maxlength: 200,
      hint: 'Bijvoorbeeld: Gemeente Utrecht, Kenniscentrum Polarisatie of je eigen bureau.',
    });
    const password = field({ label: 'Wachtwoord', type: 'password', name: 'password', autocomplete: 'new-password', hint: 'Minstens 10 tekens.' });
    const repeat = field({ label: 'Herhaal wachtwoord', type: 'password', name: 'password_repeat', autocomplete: 'new-password' });
    const fields = [name, email, orgType, orgName, password, repeat];
    const alert = richAlert();
    const submit = h('button', { type: 'submit', class: 'button primary' }, 'Account aanmaken en deelnemen');
    const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Account aanmaken' },
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
      withBusy(submit, () => accept({
        display_name: name.input.value.trim(),
        email: emailValue,
        password: password.input.value,
        organisation: { type: orgType.input.value, name: orgName.input.value.trim() },
      }, alert));
    });

    replace(section,
      heading,
      details(info),
      h('h2', {}, 'Maak je account aan'),
      h('p', {}, 'Met dit account en je wachtwoord kom je later terug in de sessie.'),
      form,
      h('p', { class: 'muted small' }, 'Heb je al een Kennislab-account? ',
        h('a', { href: loginHref }, 'Log dan eerst in'), '; daarna kom je hier terug.'));
    heading.focus();
  }
}

/** An error paragraph that may carry a link after its text. */
function richAlert() {
  const el = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  return {
    el,
    show(text, extra = null) {
      replace(el, h('p', {}, text), extra ? h('p', {}, extra) : null);
      el.hidden = false;
    },
    clear() {
      replace(el);
      el.hidden = true;
    },
  };
}
