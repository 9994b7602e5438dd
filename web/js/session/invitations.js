// "Uitnodigingen" on the session page (moderators of a session that is not
// archived): invite someone by a personal link (invite.create), see the
// invitations with their status (invite.list, kept live by the invite.created,
// invite.extended, invite.revoked and invite.accepted events), revoke one (invite.revoke: an
// open link stops working, a used one ends that guest's access), change how
// long a guest's access lasts (invite.extend) and end the access of all
// guests at once (session.end_guest_access).
//
// The link itself is shown once, right after creating it: only a hash of the
// token is stored on the server.
//
// Items are kept per invitation and updated in place, so that live events do
// not take the keyboard focus or a half-filled "Toegang wijzigen" form away.

import { h, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import {
  INVITE_HISTORY, INVITE_ROLES, INVITE_VALIDITY, invitationStatusLabel, organisationText, sessionRoleLabel, sessionRoleWord,
} from '../core/labels.js';
import { field, formAlert, withBusy, announce, confirmDialog, looksLikeEmail, copyableLink, radioGroup } from '../core/ui.js';
import { formatDateTime, fromLocalInput, isFuture, localInputFromNow, parseTime, timeEl, toLocalInput } from '../core/time.js';

const NOTE_MAX = 1000;
const NAME_MAX = 100;
const MAX_TIMER_MS = 2 ** 31 - 1;
const LOCKED = 'De sessie is gearchiveerd.';

const FORM_TITLES = {
  expert: 'Deskundige uitnodigen',
  participant: 'Deelnemer uitnodigen',
  observer: 'Waarnemer uitnodigen',
};

/** The status as it is now: an open invitation past its expires_at is expired. */
export function effectiveStatus(invitation, now = Date.now()) {
  if (invitation.status === 'open' && invitation.expires_at && !isFuture(invitation.expires_at, now)) return 'expired';
  return invitation.status;
}

function userName(user) {
  if (!user) return '';
  if (typeof user === 'string') return user;
  return user.display_name || '';
}

/** Who an invitation is for: as the moderator named them, else who used it. */
function inviteeName(invitation) {
  return invitation.display_name || userName(invitation.used_by) || invitation.email || 'iemand zonder naam';
}

/** The same, as the title of a list item. */
function inviteeTitle(invitation) {
  const name = inviteeName(invitation);
  return name === 'iemand zonder naam' ? 'Zonder naam' : name;
}

/** Newest first (created_at, then id). */
function newestFirst(a, b) {
  const ta = parseTime(a.created_at)?.getTime() || 0;
  const tb = parseTime(b.created_at)?.getTime() || 0;
  if (ta !== tb) return tb - ta;
  const ia = String(a.id);
  const ib = String(b.id);
  if (ia.length !== ib.length) return ib.length - ia.length;
  return ib < ia ? -1 : ib > ia ? 1 : 0;
}

/** A datetime-local value a sensible way ahead: the session's end, else in 7 days. */
function defaultAccessInput(session) {
  if (session && isFuture(session.ends_at)) return toLocalInput(session.ends_at);
  return localInputFromNow(7 * 24 * 60);
}

/**
 * view: the page's state ({ id, me, session, members, canModerate() }).
 * onMember(member): the page applies a changed member (after invite.extend).
 * Returns { el, update(), load(), applyEvent(event), destroy() }.
 */
export function invitationsPanel(view, { onMember }) {
  const headingId = uid('invitations-heading');
  const heading = h('h2', { id: headingId, tabindex: '-1' }, 'Uitnodigingen');
  const formSlotId = uid('invite-form');
  const formSlot = h('div', { id: formSlotId, class: 'invite-form-slot' });
  const inviteExpert = h('button', { type: 'button', class: 'button primary small', 'aria-expanded': 'false', 'aria-controls': formSlotId }, 'Deskundige uitnodigen');
  const inviteParticipant = h('button', { type: 'button', class: 'button secondary small', 'aria-expanded': 'false', 'aria-controls': formSlotId }, 'Deelnemer uitnodigen');
  const status = h('p', { class: 'muted small', role: 'status' });
  const alert = formAlert();
  const listHeadingId = uid('invitations-list-heading');
  const list = h('ul', { class: 'invite-list', 'aria-labelledby': listHeadingId });
  const empty = h('p', { class: 'muted small' }, 'Er zijn nog geen uitnodigingen.');
  const endAll = h('button', { type: 'button', class: 'button danger small' }, 'Toegang van alle gasten beëindigen');
  const endStatus = h('p', { class: 'copy-status', role: 'status' });
  const endAlert = formAlert();
  const el = h('section', { class: 'card invitations-panel', 'aria-labelledby': headingId, hidden: true },
    heading,
    h('p', { class: 'muted small' }, 'Nodig iemand uit met een persoonlijke link. Wie de link opent, maakt een account aan (of logt in) en komt direct in deze sessie.'),
    h('div', { class: 'actions invite-buttons' }, inviteExpert, inviteParticipant),
    formSlot,
    alert.el,
    h('h3', { id: listHeadingId }, 'Verstuurde uitnodigingen'),
    status,
    empty,
    list,
    h('div', { class: 'end-guests' },
      endAll,
      h('p', { class: 'field-hint' }, 'Alle deskundigen verliezen direct hun toegang tot deze sessie.'),
      endAlert.el,
      endStatus));

  const invitations = new Map(); // id -> invitation
  const items = new Map(); // id -> item
  let shown = false;
  let loaded = false;
  let loading = null;
  let openForm = null; // { role, destroy() } while the form or the link is shown
  let expiryTimer = null;
  let alive = true;

  // ---- Loading and live changes ----

  async function load() {
    if (!view.canModerate()) return;
    if (loading) return;
    if (!loaded) setText(status, 'De uitnodigingen worden geladen…');
    loading = (async () => {
      try {
        const answer = await socket.request('invite.list', { session: view.id });
        if (!alive) return;
        invitations.clear();
        for (const inv of answer.invitations || []) invitations.set(inv.id, inv);
        loaded = true;
        setText(status, '');
        drawList();
      } catch (err) {
        if (!alive) return;
        setText(status, `De uitnodigingen konden niet worden geladen. ${errorText(err)}`);
      } finally {
        loading = null;
      }
    })();
  }

  function upsert(invitation) {
    if (!invitation || invitation.id === undefined || invitation.id === null) return;
    invitations.set(invitation.id, { ...(invitations.get(invitation.id) || {}), ...invitation });
    drawList();
  }

  function applyEvent(event) {
    if (!event || !event.invitation) return;
    upsert(event.invitation);
    const inv = event.invitation;
    const byOther = (event.actor || {}).id !== view.me.id;
    if (event.kind === 'invite.accepted') {
      const who = userName(inv.used_by) || inviteeName(inv);
      announce(`${who} heeft de uitnodiging als ${sessionRoleWord(inv.role)} aangenomen.`);
    } else if (byOther && event.kind === 'invite.revoked') {
      announce(`De uitnodiging voor ${inviteeName(inv)} is ingetrokken.`);
    }
  }

  // ---- The list ----

  function drawList() {
    const wanted = [...invitations.values()].sort(newestFirst);
    for (const [id, item] of items) {
      if (!invitations.has(id)) {
        item.li.remove();
        items.delete(id);
      }
    }
    wanted.forEach((inv, i) => {
      let item = items.get(inv.id);
      if (!item) {
        item = invitationItem(inv.id);
        items.set(inv.id, item);
      }
      item.update(inv);
      if (list.children[i] !== item.li) list.insertBefore(item.li, list.children[i] || null);
    });
    empty.hidden = !loaded || wanted.length > 0;
    scheduleExpiry();
  }

  // Redraw when an open link expires, so that "open" does not linger.
  function scheduleExpiry() {
    clearTimeout(expiryTimer);
    const now = Date.now();
    let next = Infinity;
    for (const inv of invitations.values()) {
      for (const iso of [inv.status === 'open' ? inv.expires_at : null, inv.access_until]) {
        const t = parseTime(iso)?.getTime();
        if (t && t > now && t < next) next = t;
      }
    }
    if (next !== Infinity) expiryTimer = setTimeout(drawList, Math.min(next - now + 500, MAX_TIMER_MS));
  }

  function invitationItem(id) {
    const titleId = uid('invite-title');
    const info = h('div', { class: 'invite-info' });
    const controls = h('div', { class: 'invite-controls' });
    const extendSlot = h('div', { class: 'invite-extend' });
    const itemAlert = formAlert();
    const li = h('li', { class: 'invite-item', dataset: { invitation: id } }, info, controls, itemAlert.el, extendSlot);
    const item = { li, invitation: null, update: null };
    let controlsFor = null; // the state the controls were drawn for
    let extending = null; // the open "Toegang wijzigen" form

    function drawInfo(inv) {
      const state = effectiveStatus(inv);
      const lines = [];
      lines.push(h('p', { class: 'invite-meta' },
        'Uitgenodigd door ', userName(inv.invited_by) || 'een moderator',
        inv.created_at ? [' op ', timeEl(inv.created_at)] : null));
      if (state === 'open') lines.push(h('p', { class: 'invite-meta' }, 'Link geldig tot ', timeEl(inv.expires_at)));
      if (state === 'expired') lines.push(h('p', { class: 'invite-meta' }, 'Link verlopen op ', timeEl(inv.expires_at)));
      if (inv.used_by || inv.used_at) {
        const organisation = inv.used_by && typeof inv.used_by === 'object' ? inv.used_by.organisation : null;
        const org = organisation ? organisation.name || organisationText(organisation) : '';
        lines.push(h('p', { class: 'invite-meta' },
          'Aangenomen door ', userName(inv.used_by) || 'de genodigde', org ? ` (${org})` : '',
          inv.used_at ? [' op ', timeEl(inv.used_at)] : null));
      }
      if (state !== 'revoked' && state !== 'expired') {
        if (inv.access_until) {
          lines.push(h('p', { class: 'invite-meta' },
            isFuture(inv.access_until) ? 'Toegang tot ' : 'Toegang beëindigd op ', timeEl(inv.access_until)));
        } else if (inv.role === 'expert') {
          lines.push(h('p', { class: 'invite-meta' }, view.session?.ends_at
            ? ['Toegang tot het einde van de sessie (', timeEl(view.session.ends_at), ')']
            : 'Toegang tot het einde van de sessie'));
        }
      }
      lines.push(h('p', { class: 'invite-meta' }, inv.history === 'from_join'
        ? 'Ziet alleen wat er na deelname gebeurt'
        : 'Ziet de volledige geschiedenis'));
      replace(info,
        h('p', { class: 'invite-title', id: titleId },
          h('strong', {}, inviteeTitle(inv)),
          h('span', { class: 'muted' }, ` · ${sessionRoleLabel(inv.role)}`),
          ' ',
          h('span', { class: `badge badge-invite badge-invite-${state}` }, invitationStatusLabel(state))),
        inv.display_name && inv.email ? h('p', { class: 'invite-meta' }, inv.email) : null,
        lines,
        inv.note ? h('p', { class: 'invite-note' }, inv.note) : null);
    }

    function drawControls(inv) {
      const state = effectiveStatus(inv);
      const actionable = view.canModerate() && (state === 'open' || state === 'used');
      const key = actionable ? state : 'none';
      if (key === controlsFor) return;
      controlsFor = key;
      const hadFocus = controls.contains(document.activeElement) || extendSlot.contains(document.activeElement);
      if (!actionable) {
        closeExtend();
        replace(controls);
        if (hadFocus) heading.focus();
        return;
      }
      const extendButton = h('button', {
        type: 'button', class: 'button secondary small', 'aria-expanded': 'false', 'aria-describedby': titleId,
      }, 'Toegang wijzigen');
      const revoke = h('button', { type: 'button', class: 'button danger small', 'aria-describedby': titleId }, 'Intrekken');
      extendButton.addEventListener('click', () => {
        if (extending) closeExtend({ focus: true });
        else openExtend(extendButton);
      });
      revoke.addEventListener('click', () => revokeInvitation(revoke));
      replace(controls, h('div', { class: 'actions' }, extendButton, revoke));
      if (extending) extendButton.setAttribute('aria-expanded', 'true');
      if (hadFocus) revoke.focus();
    }

    async function revokeInvitation(button) {
      itemAlert.clear();
      const inv = item.invitation;
      const used = effectiveStatus(inv) === 'used';
      const who = userName(inv.used_by) || inviteeName(inv);
      const ok = await confirmDialog({
        title: 'Uitnodiging intrekken?',
        text: used
          ? `${who} heeft deze uitnodiging al gebruikt. Intrekken beëindigt nu de toegang van ${who} tot deze sessie. Wat ${who} al heeft bijgedragen, blijft staan.`
          : `De link voor ${who} werkt daarna niet meer. Dit kan niet ongedaan worden gemaakt.`,
        confirmLabel: 'Intrekken',
        danger: true,
      });
      if (!ok) return;
      await withBusy(button, async () => {
        let answer;
        try {
          answer = await socket.request('invite.revoke', { invitation: inv.id });
        } catch (err) {
          itemAlert.show(errorText(err, {
            locked: LOCKED,
            gone: 'Deze uitnodiging is al ingetrokken of verlopen.',
            conflict: 'Deze uitnodiging is al ingetrokken.',
          }));
          return;
        }
        upsert(answer.invitation);
        announce(used ? `De toegang van ${who} is beëindigd.` : `De uitnodiging voor ${who} is ingetrokken.`);
      });
    }

    function openExtend(button) {
      const inv = item.invitation;
      const until = field({
        label: 'Toegang tot', type: 'datetime-local', name: 'access_until',
        value: toLocalInput(inv.access_until) || defaultAccessInput(view.session),
        hint: 'Nederlandse tijd. Mag eerder of later zijn dan nu; de toegang eindigt op dat moment.',
      });
      const save = h('button', { type: 'submit', class: 'button primary small' }, 'Opslaan');
      const cancel = h('button', { type: 'button', class: 'button secondary small' }, 'Annuleren');
      const form = h('form', { class: 'inline-form', novalidate: true, 'aria-label': `Toegang wijzigen: ${inviteeName(inv)}` },
        until.el, h('div', { class: 'actions' }, save, cancel));
      cancel.addEventListener('click', () => closeExtend({ focus: true }));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        itemAlert.clear();
        const iso = fromLocalInput(until.input.value);
        if (!iso || !isFuture(iso)) {
          until.setError('Kies een moment in de toekomst. Wil je de toegang nu beëindigen? Gebruik dan “Intrekken”.');
          until.input.focus();
          return;
        }
        until.setError('');
        withBusy(save, async () => {
          let answer;
          try {
            answer = await socket.request('invite.extend', { invitation: item.invitation.id, access_until: iso });
          } catch (err) {
            itemAlert.show(errorText(err, {
              locked: LOCKED,
              gone: 'Deze uitnodiging is ingetrokken of verlopen; de toegang kan niet meer worden gewijzigd.',
              bad_request: err.serverMessage || 'Kies een geldig moment in de toekomst.',
            }));
            return;
          }
          const changed = answer.invitation;
          upsert(changed);
          // The guest's membership follows (the member panel shows "gast tot …").
          const guestId = changed?.used_by && typeof changed.used_by === 'object' ? changed.used_by.id : null;
          const member = guestId ? view.members.get(guestId) : null;
          if (member && changed.access_until) onMember({ ...member, access_until: changed.access_until });
          closeExtend({ focus: true });
          announce(`De toegang van ${userName(changed?.used_by) || inviteeName(changed || inv)} loopt nu tot ${formatDateTime(iso)}.`);
        });
      });
      extending = { form, button };
      replace(extendSlot, form);
      button.setAttribute('aria-expanded', 'true');
      until.input.focus();
    }

    function closeExtend({ focus = false } = {}) {
      if (!extending) return;
      const { button } = extending;
      extending = null;
      replace(extendSlot);
      if (button.isConnected) {
        button.setAttribute('aria-expanded', 'false');
        if (focus) button.focus();
      }
    }

    item.update = (inv) => {
      item.invitation = inv;
      drawInfo(inv);
      drawControls(inv);
    };
    return item;
  }

  // ---- Inviting ----

  function showForm(role, opener) {
    alert.clear();
    closeForm();
    const form = inviteForm(view, {
      role,
      onCancel: () => {
        closeForm();
        opener.focus();
      },
      onCreated: (answer) => {
        upsert(answer.invitation);
        showLink(answer);
      },
    });
    openForm = { role, opener, destroy: () => {} };
    replace(formSlot, form.el);
    opener.setAttribute('aria-expanded', 'true');
    form.focus();
  }

  function showLink(answer) {
    const inv = answer.invitation || {};
    const link = copyableLink({ label: 'Uitnodigingslink', name: 'invite_url', url: answer.url || '' });
    const done = h('button', { type: 'button', class: 'button secondary small' }, 'Klaar');
    const linkHeading = h('h3', { tabindex: '-1' }, `Uitnodiging voor ${inviteeName(inv)} gemaakt`);
    done.addEventListener('click', () => {
      const opener = openForm?.opener;
      closeForm();
      if (opener) opener.focus();
    });
    replace(formSlot, h('div', { class: 'link-panel invite-link' },
      linkHeading,
      answer.mail === 'queued' ? h('p', { class: 'mail-note' }, `De uitnodiging wordt gemaild naar ${inv.email}. Je kunt de link hieronder ook zelf kopiëren.`) : null,
      h('p', {}, `${answer.mail === 'queued' ? 'Of stuur' : 'Stuur'} deze link zelf naar de genodigde, bijvoorbeeld per e-mail. Via de link komt de genodigde als ${sessionRoleWord(inv.role)} in deze sessie.`,
        inv.expires_at ? [' De link is geldig tot ', timeEl(inv.expires_at), ' en werkt één keer.'] : ' De link werkt één keer.'),
      h('p', { class: 'alert alert-warn' }, 'Deze link wordt alleen nu getoond. Kopieer hem voordat je verdergaat. Kwijt? Trek de uitnodiging in en maak een nieuwe.'),
      link.el,
      h('div', { class: 'actions' }, done)));
    linkHeading.focus();
    announce('De uitnodiging is gemaakt. De link wordt alleen nu getoond.');
  }

  function closeForm() {
    if (!openForm) return;
    openForm.destroy();
    openForm = null;
    replace(formSlot);
    inviteExpert.setAttribute('aria-expanded', 'false');
    inviteParticipant.setAttribute('aria-expanded', 'false');
  }

  inviteExpert.addEventListener('click', () => showForm('expert', inviteExpert));
  inviteParticipant.addEventListener('click', () => showForm('participant', inviteParticipant));

  // ---- Ending all guests' access ----

  endAll.addEventListener('click', async () => {
    endAlert.clear();
    setText(endStatus, '');
    const ok = await confirmDialog({
      title: 'Toegang van alle gasten beëindigen?',
      text: 'Alle deskundigen in deze sessie verliezen nu hun toegang en worden uit de sessie gehaald. Wat ze hebben bijgedragen, blijft staan. Dit kan niet ongedaan worden gemaakt.',
      confirmLabel: 'Toegang beëindigen',
      danger: true,
    });
    if (!ok) return;
    await withBusy(endAll, async () => {
      let answer;
      try {
        answer = await socket.request('session.end_guest_access', { session: view.id });
      } catch (err) {
        endAlert.show(errorText(err, { locked: LOCKED }));
        return;
      }
      const n = Number(answer.ended) || 0;
      const text = n === 0
        ? 'Er waren geen gasten met toegang.'
        : n === 1 ? 'De toegang van 1 gast is beëindigd.' : `De toegang van ${n} gasten is beëindigd.`;
      // The role=status paragraph is announced by itself.
      setText(endStatus, text);
      load();
    });
  });

  // ---- Showing and hiding ----

  function update() {
    const show = view.canModerate();
    if (show !== shown) {
      shown = show;
      if (!show) {
        const hadFocus = el.contains(document.activeElement);
        closeForm();
        if (hadFocus) document.getElementById('main')?.focus();
      }
    }
    el.hidden = !show;
    if (show && !loaded && !loading) load();
    if (show) {
      // Texts that depend on the session (its end) or the role may have changed.
      for (const item of items.values()) item.update(item.invitation);
    }
  }

  return {
    el,
    update,
    load() {
      loaded = false;
      if (view.canModerate()) load();
    },
    applyEvent,
    destroy() {
      alive = false;
      clearTimeout(expiryTimer);
      closeForm();
    },
  };
}

/**
 * The form for invite.create. role: the role chosen up front (the select can
 * change it). onCreated(answer) gets {invitation, token, url}.
 * Returns { el, focus() }.
 */
function inviteForm(view, { role: initialRole, onCreated, onCancel }) {
  const headingId = uid('invite-form-heading');
  const heading = h('h3', { id: headingId }, FORM_TITLES[initialRole] || 'Iemand uitnodigen');
  const role = field({ label: 'Rol in deze sessie', name: 'role', options: INVITE_ROLES, value: initialRole });
  const name = field({ label: 'Naam (niet verplicht)', name: 'display_name', required: false, autocomplete: 'off', maxlength: NAME_MAX });
  const email = field({
    label: 'E-mailadres (niet verplicht)', type: 'email', name: 'email', required: false, autocomplete: 'off',
    hint: 'Naam en e-mailadres staan dan alvast ingevuld als de genodigde de link opent.',
  });
  const note = field({
    label: 'Persoonlijk bericht (niet verplicht)', name: 'note', multiline: true, rows: 3, required: false, maxlength: NOTE_MAX,
    hint: 'De genodigde ziet dit bij het openen van de link. Maximaal 1000 tekens.',
  });
  const validity = field({
    label: 'Link geldig', name: 'expires_in_hours', options: INVITE_VALIDITY, value: '168',
    hint: 'Daarna werkt de link niet meer. De link werkt één keer.',
  });

  const sessionEnd = view.session && view.session.ends_at;
  const access = radioGroup({
    legend: 'Toegang van de deskundige',
    name: 'access',
    value: 'session',
    options: [
      ['session', 'Tot het einde van de sessie', sessionEnd
        ? `Tot ${formatDateTime(sessionEnd)}.`
        : 'De sessie heeft geen einddatum: de toegang loopt dan niet vanzelf af.'],
      ['until', 'Tot een bepaald moment'],
    ],
  });
  const until = field({ label: 'Toegang tot', type: 'datetime-local', name: 'access_until', required: false, value: defaultAccessInput(view.session), hint: 'Nederlandse tijd.' });
  access.el.append(until.el);
  const syncAccess = () => {
    const custom = access.value() === 'until';
    until.input.disabled = !custom;
    until.el.hidden = !custom;
  };
  access.inputs.forEach((input) => input.addEventListener('change', syncAccess));
  syncAccess();

  const history = radioGroup({
    legend: 'Wat ziet de genodigde?',
    name: 'history',
    value: 'full',
    options: [
      ['full', INVITE_HISTORY[0][1], 'Alles wat al in de sessie is besproken en gedeeld.'],
      ['from_join', INVITE_HISTORY[1][1], 'Alleen wat er gebeurt nadat de uitnodiging is aangenomen.'],
    ],
  });

  const syncRole = () => {
    setText(heading, FORM_TITLES[role.input.value] || 'Iemand uitnodigen');
    access.el.hidden = role.input.value !== 'expert';
  };
  role.input.addEventListener('change', syncRole);
  syncRole();

  const alert = formAlert();
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Uitnodiging maken');
  const cancel = h('button', { type: 'button', class: 'button secondary' }, 'Annuleren');
  cancel.addEventListener('click', () => onCancel());
  const form = h('form', { class: 'form invite-form', novalidate: true, 'aria-labelledby': headingId },
    role.el, name.el, email.el, note.el, validity.el, access.el, history.el,
    alert.el,
    h('div', { class: 'actions' }, submit, cancel));
  const el = h('section', { class: 'invite-form-panel', 'aria-labelledby': headingId }, heading, form);

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    alert.clear();
    const problems = new Map();
    const emailValue = email.input.value.trim();
    if (emailValue && !looksLikeEmail(emailValue)) problems.set(email, 'Vul een geldig e-mailadres in, of laat het veld leeg.');
    if (note.input.value.trim().length > NOTE_MAX) problems.set(note, `Het bericht is te lang (maximaal ${NOTE_MAX} tekens).`);
    const isExpert = role.input.value === 'expert';
    let accessUntil = null;
    if (isExpert && access.value() === 'until') {
      accessUntil = fromLocalInput(until.input.value);
      if (!accessUntil || !isFuture(accessUntil)) problems.set(until, 'Kies een moment in de toekomst.');
    }
    const checked = [name, email, note, until];
    let first = null;
    for (const f of checked) {
      const problem = problems.get(f) || '';
      f.setError(problem);
      if (problem && !first) first = f;
    }
    if (first) {
      first.input.focus();
      return;
    }
    const params = {
      session: view.id,
      role: role.input.value,
      expires_in_hours: Number(validity.input.value),
      history: history.value() || 'full',
    };
    const nameValue = name.input.value.trim();
    const noteValue = note.input.value.trim();
    if (nameValue) params.display_name = nameValue;
    if (emailValue) params.email = emailValue;
    if (noteValue) params.note = noteValue;
    if (accessUntil) params.access_until = accessUntil;
    withBusy(submit, async () => {
      let answer;
      try {
        answer = await socket.request('invite.create', params);
      } catch (err) {
        alert.show(errorText(err, {
          locked: LOCKED,
          forbidden: 'Alleen moderatoren kunnen mensen uitnodigen.',
          bad_request: err.serverMessage || 'Controleer de gegevens en probeer het opnieuw.',
        }));
        return;
      }
      onCreated(answer);
    });
  });

  return { el, focus: () => role.input.focus() };
}
