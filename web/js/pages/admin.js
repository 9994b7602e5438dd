// /admin: account management for administrators, over the WebSocket
// (user.create, user.find, user.reset, user.disable, user.reset_second_factor,
// user.erase with erase-person.js, and each person's data as a ZIP, /api/users/{id}/export),
// who must have a second factor (mfa.policy.get, mfa.policy.set), the outgoing mail
// ("Uitgaande mail", mail.outbox), the archived sessions with their erase dates and
// legal holds ("Bewaartermijnen", retention.list, session.hold), and the whole audit log ("Logboek", audit.list),
// of every session or of one.

import { h, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { ORGANISATION_TYPES, GLOBAL_ROLES, organisationText, roleLabel, statusLabel } from '../core/labels.js';
import { field, formAlert, withBusy, showFieldErrors, looksLikeEmail, announce, confirmDialog, copyableLink, radioGroup } from '../core/ui.js';
import { auditLog } from '../audit/audit-log.js';
import { timeEl } from '../core/time.js';
import { erasePersonDialog } from './erase-person.js';

export const title = ({ user }) => (user.global_role === 'admin' ? 'Beheer' : 'Geen toegang');

export function render(ctx) {
  const { main, user } = ctx;
  if (user.global_role !== 'admin') {
    main.append(h('section', { class: 'card narrow' },
      h('h1', {}, 'Geen toegang'),
      h('p', {}, 'Deze pagina is alleen voor beheerders.'),
      h('p', {}, h('a', { href: '/' }, 'Naar de startpagina'))));
    return undefined;
  }

  let alive = true;
  const list = userList(user, () => alive);
  const log = logSection(() => alive);
  const policy = policySection(() => alive);
  const outbox = outboxSection(() => alive);
  const retention = retentionSection(() => alive);
  main.append(
    h('h1', {}, 'Beheer'),
    createSection(() => { list.refresh(); outbox.load(); }),
    list.el,
    policy.el,
    outbox.el,
    retention.el,
    log.el);
  list.refresh();
  policy.load();
  outbox.load();
  retention.load();
  log.load();
  return () => {
    alive = false;
    log.destroy();
  };
}

// ---- Account aanmaken ----

function createSection(onCreated) {
  const name = field({ label: 'Naam', name: 'display_name', autocomplete: 'off', maxlength: 100 });
  const email = field({ label: 'E-mailadres', type: 'email', name: 'email', autocomplete: 'off' });
  const orgType = field({ label: 'Soort organisatie', name: 'organisation_type', options: ORGANISATION_TYPES, value: 'gemeente' });
  const orgName = field({ label: 'Naam van de organisatie', name: 'organisation_name', autocomplete: 'off', hint: 'Bijvoorbeeld: Gemeente Utrecht', maxlength: 200 });
  const role = field({ label: 'Rol', name: 'global_role', options: GLOBAL_ROLES, value: 'staff' });
  const fields = [name, email, orgType, orgName, role];
  const alert = formAlert();
  const result = h('div', { class: 'result-slot' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Account aanmaken');

  const form = h('form', { class: 'form form-grid', novalidate: true },
    name.el, email.el, orgType.el, orgName.el, role.el,
    alert.el,
    h('div', { class: 'actions span-all' }, submit));

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    alert.clear();
    const problems = new Map();
    if (!name.input.value.trim()) problems.set(name, 'Vul een naam in.');
    const emailValue = email.input.value.trim();
    if (!looksLikeEmail(emailValue)) problems.set(email, 'Vul een geldig e-mailadres in.');
    if (!orgName.input.value.trim()) problems.set(orgName, 'Vul de naam van de organisatie in.');
    if (!showFieldErrors(fields, problems)) return;

    withBusy(submit, async () => {
      let answer;
      try {
        answer = await socket.request('user.create', {
          email: emailValue,
          display_name: name.input.value.trim(),
          organisation: { type: orgType.input.value, name: orgName.input.value.trim() },
          global_role: role.input.value,
        });
      } catch (err) {
        alert.show(errorText(err, {
          conflict: 'Er bestaat al een account met dit e-mailadres.',
          bad_request: err.serverMessage || 'Controleer de gegevens en probeer het opnieuw.',
        }));
        return;
      }
      name.input.value = '';
      email.input.value = '';
      orgName.input.value = '';
      const panel = linkPanel({
        heading: `Account aangemaakt voor ${answer.user.display_name}`,
        user: answer.user,
        url: answer.activation_url,
        mailed: answer.mail === 'queued',
      });
      replace(result, panel.el);
      panel.focus();
      announce(`Account aangemaakt voor ${answer.user.display_name}.`);
      onCreated();
    });
  });

  const headingId = uid('create-heading');
  return h('section', { class: 'card', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Account aanmaken'),
    h('p', { class: 'muted' }, 'De persoon krijgt een activatielink waarmee hij of zij zelf een wachtwoord instelt.'),
    form,
    result);
}

/**
 * The activation link, shown once: a readonly input with a copy button.
 * Returns { el, focus() }.
 */
function linkPanel({ heading, user, url, mailed = false }) {
  const link = copyableLink({ label: 'Activatielink', name: 'activation_url', url: url || '' });
  const headingEl = h('h3', { tabindex: '-1' }, heading);
  const el = h('div', { class: 'link-panel' },
    headingEl,
    mailed ? h('p', { class: 'mail-note' }, `De link wordt gemaild naar ${user.email}; onder "Uitgaande mail" zie je of dat gelukt is. Je kunt hem hieronder ook zelf kopiëren.`) : null,
    h('p', {}, `${mailed ? 'Of stuur' : 'Stuur'} deze link aan ${user.display_name} (${user.email}). Via de link stelt ${user.display_name} een eigen wachtwoord in. De link is 7 dagen geldig en werkt één keer.`),
    h('p', { class: 'muted small' }, 'De link wordt alleen nu getoond. Kwijt? Maak dan een nieuwe activatielink.'),
    link.el);
  return { el, focus: () => headingEl.focus() };
}

// ---- Accounts (search, list, reset, block) ----

function userList(me, isAlive) {
  const search = h('input', { id: uid('user-search'), type: 'search', name: 'q', autocomplete: 'off', spellcheck: 'false' });
  const searchLabel = h('label', { for: search.id }, 'Zoeken op naam of e-mailadres');
  const searchButton = h('button', { type: 'submit', class: 'button secondary' }, 'Zoeken');
  const searchForm = h('form', { class: 'search-form', role: 'search' },
    searchLabel, h('div', { class: 'search-row' }, search, searchButton));
  const status = h('p', { class: 'muted', role: 'status' });
  const ul = h('ul', { class: 'user-list', 'aria-label': 'Accounts' });

  let latest = 0;
  let debounce = null;

  async function refresh() {
    clearTimeout(debounce);
    const ticket = ++latest;
    const q = search.value.trim();
    setText(status, 'Accounts worden geladen…');
    let answer;
    try {
      answer = await socket.request('user.find', { q });
    } catch (err) {
      if (ticket !== latest || !isAlive()) return;
      setText(status, `De accounts konden niet worden geladen. ${errorText(err)}`);
      return;
    }
    if (ticket !== latest || !isAlive()) return;
    const users = answer.users || [];
    replace(ul, users.map((u) => userItem(u)));
    if (users.length === 0) setText(status, q ? `Geen accounts gevonden voor “${q}”.` : 'Nog geen accounts.');
    else setText(status, users.length === 1 ? '1 account' : `${users.length} accounts`);
  }

  searchForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    refresh();
  });
  search.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(refresh, 300);
  });

  function userItem(u) {
    const li = h('li', { class: 'user-item', dataset: { user: u.id } });
    const slot = h('div', { class: 'result-slot' });
    const alert = formAlert();

    function draw(current) {
      const isMe = current.id === me.id;
      const actions = [];
      if (!isMe && current.status !== 'disabled') {
        const reset = h('button', { type: 'button', class: 'button secondary small', 'aria-label': `Nieuwe activatielink voor ${current.display_name}` }, 'Nieuwe activatielink');
        reset.addEventListener('click', () => onReset(current, reset));
        const block = h('button', { type: 'button', class: 'button danger small', 'aria-label': `Blokkeren: ${current.display_name}` }, 'Blokkeren');
        block.addEventListener('click', () => onBlock(current, block));
        actions.push(reset, block);
      }
      if (!isMe) {
        const download = h('a', { class: 'button secondary small', href: `/api/users/${encodeURIComponent(current.id)}/export`, download: '', 'aria-label': `Gegevens downloaden van ${current.display_name}` }, 'Gegevens downloaden');
        const erase = h('button', { type: 'button', class: 'button danger small', 'aria-label': `Persoon verwijderen: ${current.display_name}` }, 'Persoon verwijderen');
        erase.addEventListener('click', () => onErase(current, erase));
        actions.push(download, erase);
      }
      if (!isMe && current.second_factor === true) {
        const resetFactor = h('button', { type: 'button', class: 'button secondary small', 'aria-label': `Tweede factor resetten van ${current.display_name}` }, 'Tweede factor resetten');
        resetFactor.addEventListener('click', () => onResetFactor(current, resetFactor));
        actions.push(resetFactor);
      }
      replace(li,
        h('div', { class: 'user-info' },
          h('p', { class: 'user-title' },
            h('strong', {}, current.display_name),
            isMe ? h('span', { class: 'muted' }, ' (jij)') : null),
          h('p', { class: 'user-meta' }, current.email),
          h('p', { class: 'user-meta' }, [organisationText(current.organisation), roleLabel(current.global_role)].filter(Boolean).join(' · ')),
          typeof current.second_factor === 'boolean'
            ? h('p', { class: 'user-meta' }, `Tweede factor: ${current.second_factor ? 'ja' : 'nee'}`)
            : null,
          h('p', {}, h('span', { class: `badge badge-${current.status || 'unknown'}` }, statusLabel(current.status)))),
        actions.length ? h('div', { class: 'user-actions' }, actions) : null,
        alert.el,
        slot);
    }

    async function onReset(current, button) {
      alert.clear();
      const ok = await confirmDialog({
        title: 'Nieuwe activatielink maken?',
        text: `${current.display_name} krijgt een nieuwe activatielink. Het huidige wachtwoord en eerdere links werken daarna niet meer.`,
        confirmLabel: 'Nieuwe link maken',
      });
      if (!ok) return;
      await withBusy(button, async () => {
        let answer;
        try {
          answer = await socket.request('user.reset', { user: current.id });
        } catch (err) {
          alert.show(errorText(err));
          return;
        }
        const updated = answer.user || current;
        draw(updated);
        const panel = linkPanel({ heading: `Nieuwe activatielink voor ${updated.display_name}`, user: updated, url: answer.activation_url, mailed: answer.mail === 'queued' });
        replace(slot, panel.el);
        panel.focus();
        announce(`Nieuwe activatielink gemaakt voor ${updated.display_name}.`);
      });
    }

    async function onBlock(current, button) {
      alert.clear();
      const ok = await confirmDialog({
        title: 'Account blokkeren?',
        text: `${current.display_name} kan daarna niet meer inloggen en wordt direct afgemeld.`,
        confirmLabel: 'Blokkeren',
        danger: true,
      });
      if (!ok) return;
      await withBusy(button, async () => {
        let answer;
        try {
          answer = await socket.request('user.disable', { user: current.id });
        } catch (err) {
          alert.show(errorText(err));
          return;
        }
        const updated = answer.user || { ...current, status: 'disabled' };
        draw(updated);
        li.setAttribute('tabindex', '-1');
        li.focus();
        announce(`${updated.display_name} is geblokkeerd.`);
      });
    }

    async function onErase(current, button) {
      alert.clear();
      const posts = await erasePersonDialog(current);
      if (!posts) return;
      await withBusy(button, async () => {
        try {
          await socket.request('user.erase', { user: current.id, posts });
        } catch (err) {
          alert.show(errorText(err));
          return;
        }
        const status = h('p', { class: 'user-meta', role: 'status', tabindex: '-1' },
          posts === 'redact'
            ? 'Deze persoon is verwijderd; de berichten worden op de achtergrond weggelakt.'
            : 'Deze persoon is verwijderd; de berichten staan nu onder “verwijderde deelnemer”.');
        replace(li, status);
        status.focus();
        announce('De persoon is verwijderd.');
      });
    }

    async function onResetFactor(current, button) {
      alert.clear();
      const ok = await confirmDialog({
        title: 'Tweede factor resetten?',
        text: `De authenticator-app, passkeys en herstelcodes van ${current.display_name} worden verwijderd, en ${current.display_name} wordt overal uitgelogd. `
          + 'Doe dit alleen als je zeker weet dat deze persoon erom vraagt, bijvoorbeeld na het verlies van een telefoon.',
        confirmLabel: 'Tweede factor resetten',
        danger: true,
      });
      if (!ok) return;
      await withBusy(button, async () => {
        let answer;
        try {
          answer = await socket.request('user.reset_second_factor', { user: current.id });
        } catch (err) {
          alert.show(errorText(err));
          return;
        }
        const updated = answer.user || { ...current, second_factor: false };
        draw(updated);
        li.setAttribute('tabindex', '-1');
        li.focus();
        announce(`De tweede factor van ${updated.display_name} is gereset. ${updated.display_name} is overal uitgelogd.`);
      });
    }

    draw(u);
    return li;
  }

  const headingId = uid('users-heading');
  const el = h('section', { class: 'card', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Accounts'),
    searchForm,
    status,
    ul);
  return { el, refresh };
}

// ---- Tweede factor (mfa.policy.get, mfa.policy.set) ----

const POLICIES = [
  ['none', 'Niet verplicht', 'Iedereen kiest zelf of een tweede factor wordt ingesteld.'],
  ['staff_and_moderators', 'Verplicht voor beheerders, medewerkers en moderatoren', 'Wie sessies leidt of accounts beheert, moet een tweede factor instellen; deelnemers kiezen zelf.'],
  ['everyone', 'Verplicht voor iedereen', 'Iedereen stelt bij het volgende inloggen een authenticator-app of passkey in voordat Kennislab verder werkt.'],
];

/** Who must have a second factor. Returns { el, load() }. */
function policySection(isAlive) {
  const group = radioGroup({ legend: 'Wie moet een tweede factor gebruiken?', name: 'mfa_policy', options: POLICIES });
  const alert = formAlert();
  const status = h('p', { class: 'policy-status', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'button primary', disabled: true }, 'Beleid opslaan');
  const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Beleid tweede factor' },
    group.el, alert.el, h('div', { class: 'actions' }, submit), status);

  const labelOf = (value) => (POLICIES.find(([v]) => v === value) || [])[1] || value;

  async function load() {
    setText(status, 'Het beleid wordt geladen…');
    let answer;
    try {
      answer = await socket.request('mfa.policy.get', {});
    } catch (err) {
      if (!isAlive()) return;
      setText(status, `Het beleid kon niet worden geladen. ${errorText(err)}`);
      return;
    }
    if (!isAlive()) return;
    group.set(answer.require);
    submit.disabled = false;
    setText(status, '');
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    alert.clear();
    setText(status, '');
    const require = group.value();
    if (!require) return;
    withBusy(submit, async () => {
      let answer;
      try {
        answer = await socket.request('mfa.policy.set', { require });
      } catch (err) {
        alert.show(errorText(err));
        return;
      }
      const saved = answer.require || require;
      group.set(saved);
      setText(status, `Opgeslagen: ${labelOf(saved).toLowerCase()}.`);
    });
  });

  const headingId = uid('policy-heading');
  const el = h('section', { class: 'card', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Tweede factor'),
    h('p', { class: 'muted' }, 'Een tweede factor (een code uit een authenticator-app of een passkey) beschermt een account ook als het wachtwoord uitlekt. '
      + 'Wie verplicht is maar er nog geen heeft, wordt na het inloggen eerst naar de pagina Beveiliging geleid.'),
    form);
  return { el, load };
}

// ---- Uitgaande mail (mail.outbox) ----

const MAIL_STATUS = { queued: 'In de wachtrij', sent: 'Verzonden', failed: 'Mislukt' };
const MAIL_KIND = { activation: 'Activatie', invitation: 'Uitnodiging', notification: 'Melding', digest: 'Overzicht' };

/** The most recent mails with their status, newest first, in pages. Returns { el, load() }. */
function outboxSection(isAlive) {
  const status = h('p', { class: 'muted', role: 'status' });
  const body = h('tbody');
  const table = h('table', { class: 'outbox-table' },
    h('caption', { class: 'visually-hidden' }, 'Uitgaande mail, nieuwste eerst'),
    h('thead', {}, h('tr', {},
      ...['Aan', 'Soort', 'Onderwerp', 'Status', 'Pogingen', 'Aangemaakt', 'Verzonden of volgende poging', 'Laatste fout']
        .map((label) => h('th', { scope: 'col' }, label)))),
    body);
  const more = h('button', { type: 'button', class: 'button', hidden: true }, 'Meer laden');
  const wrap = h('div', { class: 'outbox', hidden: true }, table, more);
  let oldest = null;

  const cell = (label, ...content) => h('td', { 'data-label': label }, ...content);
  const timeOrDash = (iso) => (iso ? timeEl(iso) : '–');

  function row(m) {
    return h('tr', {},
      cell('Aan', m.to),
      cell('Soort', MAIL_KIND[m.kind] || m.kind),
      cell('Onderwerp', m.subject),
      cell('Status', h('span', { class: `mail-status mail-${m.status}` }, MAIL_STATUS[m.status] || m.status)),
      cell('Pogingen', String(m.attempts)),
      cell('Aangemaakt', timeEl(m.created_at)),
      cell('Verzonden of volgende poging', m.status === 'sent' ? timeOrDash(m.sent_at)
        : m.status === 'queued' ? timeOrDash(m.next_attempt_at) : '–'),
      cell('Laatste fout', m.last_error || '–'));
  }

  async function page(before) {
    const answer = await socket.request('mail.outbox', before ? { before, limit: 50 } : { limit: 50 });
    if (!isAlive()) return;
    if (!before) body.replaceChildren();
    for (const m of answer.mails) body.append(row(m));
    oldest = answer.mails.length ? answer.mails[answer.mails.length - 1].id : oldest;
    more.hidden = !answer.has_more;
    const any = body.children.length > 0;
    wrap.hidden = !any;
    if (!answer.configured) {
      setText(status, 'Mail is niet ingesteld (de server is gestart zonder --smtp): er wordt niets gemaild. Kopieer de links en stuur ze zelf.');
    } else {
      setText(status, any ? '' : 'Er is nog geen mail verstuurd.');
    }
  }

  async function load() {
    setText(status, 'De uitgaande mail wordt geladen…');
    try {
      await page(null);
    } catch (err) {
      if (isAlive()) setText(status, `De uitgaande mail kon niet worden geladen. ${errorText(err)}`);
    }
  }

  more.addEventListener('click', () => withBusy(more, async () => {
    try {
      await page(oldest);
    } catch (err) {
      setText(status, `Meer mail laden lukte niet. ${errorText(err)}`);
    }
  }));

  const headingId = uid('outbox-heading');
  const refresh = h('button', { type: 'button', class: 'button' }, 'Vernieuwen');
  refresh.addEventListener('click', () => withBusy(refresh, load));
  const el = h('section', { class: 'card', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Uitgaande mail'),
    h('p', { class: 'muted' }, 'De mails die de server verstuurt (activatielinks, uitnodigingen, meldingen en overzichten), met hun status. De inhoud van verzonden mails wordt niet bewaard.'),
    status,
    wrap,
    h('div', { class: 'actions' }, refresh));
  return { el, load };
}

// ---- Bewaartermijnen (retention.list, session.hold) ----

/** Archived sessions with a term: erase date, and a legal hold placed or lifted with a reason. */
function retentionSection(isAlive) {
  const status = h('p', { class: 'muted', role: 'status' });
  const items = h('ul', { class: 'retention-list' });
  const alert = formAlert();
  // The audit log's own term is the server's (kennislab serve --audit-retention-days): read-only here.
  const auditTerm = h('p', { class: 'audit-retention' });

  function item(s) {
    const when = s.legal_hold
      ? h('span', {}, 'Bewaarplicht: wordt niet gewist', s.hold_reason ? ` (${s.hold_reason})` : '', '.')
      : h('span', {}, 'Wordt gewist op ', s.erase_after ? timeEl(s.erase_after) : '–', '.');
    const reason = field({
      label: s.legal_hold ? 'Reden om de bewaarplicht op te heffen' : 'Reden voor de bewaarplicht',
      name: 'reason', autocomplete: 'off', maxlength: 500,
    });
    const button = h('button', { type: 'submit', class: s.legal_hold ? 'button' : 'button danger' },
      s.legal_hold ? 'Bewaarplicht opheffen' : 'Bewaarplicht instellen');
    const form = h('form', { class: 'form inline-form', novalidate: true }, reason.el, h('div', { class: 'actions' }, button));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      alert.clear();
      const text = reason.input.value.trim();
      if (!showFieldErrors([reason], new Map(text ? [] : [[reason, 'Vul een reden in.']]))) return;
      withBusy(button, async () => {
        try {
          await socket.request('session.hold', { session: s.id, hold: !s.legal_hold, reason: text });
        } catch (err) {
          alert.show(errorText(err));
          return;
        }
        announce(s.legal_hold ? `De bewaarplicht van “${s.title}” is opgeheven.` : `Voor “${s.title}” geldt nu een bewaarplicht.`);
        await load();
      });
    });
    return h('li', { class: 'retention-item' },
      h('h3', {}, h('a', { href: `/sessions/${s.id}` }, s.title)),
      h('p', {}, 'Gearchiveerd op ', timeEl(s.archived_at), '. ', when),
      form);
  }

  async function load() {
    setText(status, 'De bewaartermijnen worden geladen…');
    try {
      const answer = await socket.request('retention.list');
      if (!isAlive()) return;
      replace(items, ...answer.sessions.map(item));
      const days = answer.audit_retention_days || 0;
      setText(auditTerm, days > 0
        ? `Het logboek bewaart elke regel ${days} dagen; oudere regels wist de server.`
        : 'Het logboek wordt voor altijd bewaard.');
      setText(status, answer.sessions.length ? '' : 'Er wacht geen gearchiveerde sessie op wissen.');
    } catch (err) {
      if (isAlive()) setText(status, `De bewaartermijnen konden niet worden geladen. ${errorText(err)}`);
    }
  }

  const headingId = uid('retention-heading');
  const el = h('section', { class: 'card', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Bewaartermijnen'),
    h('p', { class: 'muted' }, 'Gearchiveerde sessies met een bewaartermijn, de eerstvolgende eerst. Na de termijn wordt de inhoud voorgoed gewist; een bewaarplicht houdt dat tegen tot je haar opheft.'),
    auditTerm,
    status,
    items,
    alert.el);
  return { el, load };
}

// ---- Logboek (audit.list) ----

/** The whole audit log, or one session's (chosen from every session). Returns { el, load(), destroy() }. */
function logSection(isAlive) {
  const titles = new Map(); // session id -> title
  const log = auditLog({ sessionTitle: (id) => titles.get(id) || `sessie ${id}`, label: 'Logboek' });
  const choice = field({ label: 'Sessie', name: 'audit_session', required: false, options: [['', 'Alle sessies']] });
  const select = choice.input;
  select.addEventListener('change', () => log.load(select.value || null));

  // The titles first, so that the entries show them.
  async function load() {
    try {
      const answer = await socket.request('session.list', {});
      if (!isAlive()) return;
      for (const s of answer.sessions || []) {
        titles.set(s.id, s.title);
        select.append(h('option', { value: s.id }, s.title));
      }
    } catch {
      // Without titles the log shows session numbers; it says itself when it cannot load.
    }
    if (isAlive()) log.load();
  }

  const headingId = uid('audit-heading');
  const el = h('section', { class: 'card', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Logboek'),
    h('p', { class: 'muted' }, 'Wie wat deed en wanneer: inloggen, accounts, lidmaatschap, uitnodigingen, moderatie en downloads.'),
    h('div', { class: 'audit-filter' }, choice.el),
    log.el);
  return { el, load, destroy: () => log.destroy() };
}
