// "Lid toevoegen" on the session page (moderators): search people by name or
// e-mail address (user.find), pick one, choose a role, member.add.

import { h, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { SESSION_ROLES, organisationText, sessionRoleLabel } from '../core/labels.js';
import { field, formAlert, withBusy, announce } from '../core/ui.js';

/**
 * view: the page's state ({ id, members: Map, canModerate() }).
 * onMember(member): the page applies the answer.
 * Returns { el, update() }.
 */
export function addMemberSection(view, { onMember }) {
  const headingId = uid('add-member-heading');
  const search = h('input', { id: uid('member-search'), type: 'search', name: 'q', autocomplete: 'off', spellcheck: 'false' });
  const searchButton = h('button', { type: 'submit', class: 'button secondary' }, 'Zoeken');
  const searchForm = h('form', { class: 'search-form', role: 'search', 'aria-label': 'Personen zoeken' },
    h('label', { for: search.id }, 'Zoek op naam of e-mailadres'),
    h('div', { class: 'search-row' }, search, searchButton));
  const status = h('p', { class: 'muted small', role: 'status' });
  const results = h('ul', { class: 'candidate-list', 'aria-label': 'Zoekresultaten' });
  const chosenSlot = h('div', { class: 'chosen-slot' });
  const el = h('section', { class: 'card', 'aria-labelledby': headingId, hidden: true },
    h('h2', { id: headingId }, 'Lid toevoegen'),
    searchForm,
    status,
    results,
    chosenSlot);

  let found = [];
  let membersShown = '';
  let latest = 0;
  let debounce = null;

  async function find() {
    clearTimeout(debounce);
    const q = search.value.trim();
    const ticket = ++latest;
    if (!q) {
      found = [];
      drawResults();
      setText(status, 'Vul een naam of e-mailadres in.');
      return;
    }
    setText(status, 'Zoeken…');
    let answer;
    try {
      answer = await socket.request('user.find', { q });
    } catch (err) {
      if (ticket !== latest) return;
      setText(status, `Zoeken lukte niet. ${errorText(err)}`);
      return;
    }
    if (ticket !== latest) return;
    found = answer.users || [];
    drawResults();
    if (found.length === 0) setText(status, `Niemand gevonden voor “${q}”.`);
    else setText(status, found.length === 1 ? '1 persoon gevonden' : `${found.length} personen gevonden`);
  }

  function drawResults() {
    replace(results, found.map((user) => {
      const member = view.members.get(user.id);
      let action;
      if (member) {
        action = h('span', { class: 'muted small' }, `al lid (${sessionRoleLabel(member.role).toLowerCase()})`);
      } else {
        action = h('button', { type: 'button', class: 'button secondary small', 'aria-label': `Kies ${user.display_name}` }, 'Kiezen');
        action.addEventListener('click', () => choose(user));
      }
      return h('li', { class: 'candidate' },
        h('div', {},
          h('p', { class: 'candidate-name' }, h('strong', {}, user.display_name)),
          h('p', { class: 'user-meta' }, [user.email, organisationText(user.organisation)].filter(Boolean).join(' · '))),
        action);
    }));
  }

  function choose(user) {
    const role = field({ label: 'Rol in deze sessie', name: 'role', options: SESSION_ROLES, value: user.organisation?.type === 'expert' ? 'expert' : 'participant' });
    const alert = formAlert();
    const submit = h('button', { type: 'submit', class: 'button primary' }, 'Toevoegen');
    const cancel = h('button', { type: 'button', class: 'button secondary' }, 'Annuleren');
    const chosenHeadingId = uid('chosen-heading');
    const form = h('form', { class: 'form chosen', novalidate: true, 'aria-labelledby': chosenHeadingId },
      h('h3', { id: chosenHeadingId }, `${user.display_name} toevoegen`),
      h('p', { class: 'user-meta' }, [user.email, organisationText(user.organisation)].filter(Boolean).join(' · ')),
      role.el,
      alert.el,
      h('div', { class: 'actions' }, submit, cancel));
    cancel.addEventListener('click', () => {
      replace(chosenSlot);
      search.focus();
    });
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      alert.clear();
      withBusy(submit, async () => {
        let answer;
        try {
          answer = await socket.request('member.add', { session: view.id, user: user.id, role: role.input.value });
        } catch (err) {
          alert.show(errorText(err, {
            conflict: `${user.display_name} is al lid van deze sessie.`,
            locked: 'De sessie is gearchiveerd.',
          }));
          return;
        }
        onMember(answer.member);
        replace(chosenSlot);
        drawResults();
        search.focus();
        announce(`${user.display_name} is toegevoegd als ${sessionRoleLabel(answer.member.role).toLowerCase()}.`);
      });
    });
    replace(chosenSlot, form);
    role.input.focus();
  }

  searchForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    find();
  });
  search.addEventListener('input', () => {
    clearTimeout(debounce);
    if (search.value.trim().length >= 2) debounce = setTimeout(find, 300);
  });

  return {
    el,
    update() {
      const show = view.canModerate();
      if (!show && !el.hidden) {
        replace(chosenSlot);
        found = [];
        replace(results);
        setText(status, '');
      }
      el.hidden = !show;
      // "al lid" follows the member list; redraw only when that changed.
      const signature = [...view.members.values()].map((m) => `${m.user.id}:${m.role}`).join(',');
      if (show && signature !== membersShown) {
        membersShown = signature;
        drawResults();
      }
    },
    destroy() {
      clearTimeout(debounce);
    },
  };
}
