// /: the start page for a logged-in user. The session list comes here later
// (session.list over the socket); the section is already in place.

import { h } from '../dom.js';
import { organisationText, roleLabel } from '../labels.js';

export const title = () => 'Start';

export function render({ main, user }) {
  const isAdmin = user.global_role === 'admin';
  const org = organisationText(user.organisation);

  main.append(
    h('section', { class: 'intro' },
      h('h1', {}, `Welkom, ${user.display_name}`),
      h('p', { class: 'lead' },
        org ? `${org} · ${roleLabel(user.global_role)}` : roleLabel(user.global_role))),

    h('section', { class: 'card', 'aria-labelledby': 'sessions-heading', id: 'sessions' },
      h('h2', { id: 'sessions-heading' }, 'Sessies'),
      // Filled by session.list in a later version; each item links to /sessions/<id>.
      h('p', { class: 'muted' }, 'Hier verschijnen de kennislabsessies waaraan je deelneemt.')),

    isAdmin
      ? h('section', { class: 'card', 'aria-labelledby': 'admin-heading' },
        h('h2', { id: 'admin-heading' }, 'Beheer'),
        h('p', {}, 'Maak accounts aan voor medewerkers en deelnemers en beheer bestaande accounts.'),
        h('p', {}, h('a', { href: '/admin', class: 'button secondary' }, 'Naar beheer')))
      : null,
  );
}
