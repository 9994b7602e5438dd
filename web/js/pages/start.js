// /: the start page for a logged-in user: "Mijn sessies" (session.list over the
// socket) and, for administrators and staff, "Nieuwe sessie" (session.create).

import { h, append, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { organisationText, roleLabel, sessionRoleLabel } from '../core/labels.js';
import { withBusy, announce } from '../core/ui.js';
import { parseTime, periodNodes, timeEl } from '../core/time.js';
import { sessionForm } from '../session/form.js';
import { reviewPath } from './review-path.js';
import { compareDutch } from '../core/collate.js';

export const title = () => 'Start';

export function render({ main, user, navigate }) {
  const isAdmin = user.global_role === 'admin';
  const canCreate = isAdmin || user.global_role === 'staff';
  const org = organisationText(user.organisation);
  let alive = true;
  const list = sessionList(() => alive);

  append(main, [
    h('section', { class: 'intro' },
      h('h1', {}, `Welkom, ${user.display_name}`),
      h('p', { class: 'lead' },
        org ? `${org} · ${roleLabel(user.global_role)}` : roleLabel(user.global_role))),
    list.el,
    canCreate ? createSection(navigate) : null,
    isAdmin
      ? h('section', { class: 'card', 'aria-labelledby': 'admin-heading' },
        h('h2', { id: 'admin-heading' }, 'Beheer'),
        h('p', {}, 'Maak accounts aan voor medewerkers en deelnemers en beheer bestaande accounts.'),
        h('p', {}, h('a', { href: '/admin', class: 'button secondary' }, 'Naar beheer')))
      : null,
  ]);
  list.refresh();
  // After a reconnect the list may be out of date (someone added us meanwhile).
  const offOpen = socket.on('open', () => list.loaded() && list.refresh());
  return () => {
    alive = false;
    offOpen();
  };
}

// ---- Mijn sessies ----

/** Not archived, by start; sessions without a start date last. */
function byStart(a, b) {
  const ta = parseTime(a.starts_at);
  const tb = parseTime(b.starts_at);
  if (ta && tb && ta.getTime() !== tb.getTime()) return ta - tb;
  if (ta && !tb) return -1;
  if (!ta && tb) return 1;
  return compareDutch(a.title || '', b.title || '');
}

/** Archived, most recently archived first. */
function byArchived(a, b) {
  const ta = parseTime(a.archived_at)?.getTime() || 0;
  const tb = parseTime(b.archived_at)?.getTime() || 0;
  return tb - ta || compareDutch(a.title || '', b.title || '');
}

function isRunning(session, now = Date.now()) {
  const start = parseTime(session.starts_at);
  const end = parseTime(session.ends_at);
  return Boolean(start && end && start.getTime() <= now && now < end.getTime());
}

function sessionItem(session) {
  const role = session.my_role
    ? `Jouw rol: ${sessionRoleLabel(session.my_role)}`
    : 'Je bent geen lid van deze sessie';
  const titleId = uid('session-title');
  return h('li', { class: 'session-item', dataset: { session: session.id } },
    h('h4', { class: 'session-title', id: titleId },
      h('a', { href: `/sessions/${encodeURIComponent(session.id)}` }, session.title)),
    h('p', { class: 'session-meta' }, periodNodes(session.starts_at, session.ends_at)),
    h('p', { class: 'session-meta' },
      role,
      isRunning(session) ? [' ', h('span', { class: 'badge badge-active' }, 'Nu bezig')] : null,
      session.archived && session.archived_at ? [' · gearchiveerd op ', timeEl(session.archived_at)] : null),
    // An archived session is mostly read back: its "Terugblik" is one step
    // closer. The session's title describes the link (its name stays short).
    session.archived && session.my_role
      ? h('p', { class: 'session-meta' }, h('a', { href: reviewPath(session.id), 'aria-describedby': titleId }, 'Terugblik'))
      : null);
}

function sessionList(isAlive) {
  const headingId = uid('sessions-heading');
  const status = h('p', { class: 'muted', role: 'status' });
  const currentHeadingId = uid('current-heading');
  const currentList = h('ul', { class: 'session-list', 'aria-labelledby': currentHeadingId });
  const currentEmpty = h('p', { class: 'muted' }, 'Er zijn geen lopende of geplande sessies.');
  const current = h('div', { class: 'session-group', hidden: true },
    h('h3', { id: currentHeadingId }, 'Nu en binnenkort'),
    currentEmpty,
    currentList);
  const archivedSummary = h('summary', {}, 'Gearchiveerd');
  const archivedList = h('ul', { class: 'session-list', 'aria-label': 'Gearchiveerde sessies' });
  const archived = h('details', { class: 'session-group archived-group', hidden: true },
    archivedSummary,
    h('p', { class: 'muted small' }, 'Afgesloten sessies: je kunt ze teruglezen, maar niet meer wijzigen.'),
    archivedList);
  const el = h('section', { class: 'card', 'aria-labelledby': headingId, id: 'sessions' },
    h('h2', { id: headingId }, 'Mijn sessies'),
    status,
    current,
    archived);

  let latest = 0;
  let loaded = false;

  async function refresh() {
    const ticket = ++latest;
    if (!loaded) setText(status, 'Sessies worden geladen…', { hideEmpty: true });
    let answer;
    try {
      answer = await socket.request('session.list');
    } catch (err) {
      if (ticket !== latest || !isAlive()) return;
      setText(status, `De sessies konden niet worden geladen. ${errorText(err)}`, { hideEmpty: true });
      return;
    }
    if (ticket !== latest || !isAlive()) return;
    loaded = true;
    const sessions = answer.sessions || [];
    const open = sessions.filter((s) => !s.archived).sort(byStart);
    const closed = sessions.filter((s) => s.archived).sort(byArchived);
    if (sessions.length === 0) {
      setText(status, 'Je neemt nog niet deel aan een sessie. Een moderator voegt je toe.', { hideEmpty: true });
    } else {
      setText(status, '', { hideEmpty: true });
    }
    current.hidden = sessions.length === 0;
    currentEmpty.hidden = open.length > 0;
    replace(currentList, open.map(sessionItem));
    archived.hidden = closed.length === 0;
    setText(archivedSummary, `Gearchiveerd (${closed.length})`);
    replace(archivedList, closed.map(sessionItem));
  }

  return { el, refresh, loaded: () => loaded };
}

// ---- Nieuwe sessie ----

function createSection(navigate) {
  const headingId = uid('create-session-heading');
  const form = sessionForm({ submitLabel: 'Sessie aanmaken' });

  form.form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    form.alert.clear();
    const values = form.read();
    if (!values) return;
    const params = {
      title: values.title,
      premoderation: values.premoderation,
      premoderate_participants: values.premoderate_participants,
      experts_add_cards: values.experts_add_cards,
    };
    if (values.description) params.description = values.description;
    if (values.starts_at) params.starts_at = values.starts_at;
    if (values.ends_at) params.ends_at = values.ends_at;

    withBusy(form.submit, async () => {
      let answer;
      try {
        answer = await socket.request('session.create', params);
      } catch (err) {
        form.alert.show(errorText(err, {
          forbidden: 'Alleen beheerders en medewerkers kunnen sessies aanmaken.',
          bad_request: err.serverMessage || 'Controleer de gegevens en probeer het opnieuw.',
        }));
        return;
      }
      announce(`Sessie “${answer.session.title}” aangemaakt.`);
      navigate(`/sessions/${encodeURIComponent(answer.session.id)}`);
    });
  });

  return h('section', { class: 'card', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Nieuwe sessie'),
    h('p', { class: 'muted' }, 'Je wordt zelf moderator van de sessie en voegt daarna de leden toe.'),
    form.form);
}
