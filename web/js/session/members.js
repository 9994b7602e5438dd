// The member panel of the session page: members grouped by organisation type,
// with role, presence ("online"), mute, guest period ("gast tot …") and who
// invited a guest (member.invited_by). Moderators of a
// session that is not archived get per member "Beheren": role (member.set_role),
// "Dempen tot" / "Dempen opheffen" (member.mute) and "Verwijderen" (member.remove).
//
// Items are kept per user and updated in place, so that live events and
// presence changes do not take the keyboard focus or half-typed input away.

import { h, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { MEMBER_GROUPS, SESSION_ROLES, memberGroup, sessionRoleLabel } from '../core/labels.js';
import { field, formAlert, withBusy, announce, confirmDialog } from '../core/ui.js';
import { formatDateTime, fromLocalInput, isFuture, localInputFromNow, parseTime, timeEl } from '../core/time.js';
import { compareDutch } from '../core/collate.js';

const LAST_MODERATOR = 'Een sessie heeft minstens één moderator nodig. Maak eerst iemand anders moderator.';
const MAX_TIMER_MS = 2 ** 31 - 1;

/** "Uitgenodigd door Sara Staf" for a member who came in through an invitation. */
function invitedByText(member) {
  const by = member.invited_by;
  if (!by) return '';
  const name = typeof by === 'object' ? by.display_name : '';
  return name ? `Uitgenodigd door ${name}` : 'Via een uitnodiging';
}

const byName = (a, b) => compareDutch(a.user.display_name || '', b.user.display_name || '');

/**
 * view: the page's state ({ id, me, members: Map, online: Set, canModerate() }).
 * onMember(member) / onRemoved(userId): the page applies an answer.
 * Returns { el, update() }.
 */
export function memberPanel(view, { onMember, onRemoved }) {
  const headingId = uid('members-heading');
  const heading = h('h2', { id: headingId, tabindex: '-1' }, 'Leden');
  const summary = h('p', { class: 'muted small' });
  const groups = new Map(); // group key -> { el, ul }
  const groupEls = MEMBER_GROUPS.map(([key, label]) => {
    const groupHeadingId = uid(`group-${key}`);
    const ul = h('ul', { class: 'member-list', 'aria-labelledby': groupHeadingId });
    const el = h('div', { class: 'member-group', hidden: true },
      h('h3', { id: groupHeadingId }, label),
      ul);
    groups.set(key, { el, ul });
    return el;
  });
  const el = h('section', { class: 'card member-panel', 'aria-labelledby': headingId },
    heading, summary, groupEls);

  const items = new Map(); // user id -> item
  let expiryTimer = null;

  function update() {
    for (const [userId, item] of items) {
      if (!view.members.has(userId)) {
        item.li.remove();
        items.delete(userId);
      }
    }
    for (const member of view.members.values()) {
      let item = items.get(member.user.id);
      if (!item) {
        item = memberItem(member);
        items.set(member.user.id, item);
      }
      item.update(member);
    }
    // Place each item in its group, sorted by name; move nodes only when needed.
    for (const [key, group] of groups) {
      const wanted = [...items.values()]
        .filter((item) => memberGroup(item.member.user.organisation?.type) === key)
        .sort((a, b) => byName(a.member, b.member));
      wanted.forEach((item, i) => {
        if (group.ul.children[i] !== item.li) group.ul.insertBefore(item.li, group.ul.children[i] || null);
      });
      group.el.hidden = wanted.length === 0;
    }
    const total = view.members.size;
    const online = [...view.members.keys()].filter((id) => view.online.has(id)).length;
    setText(heading, `Leden (${total})`);
    setText(summary, `${online} van ${total} online`);
    scheduleExpiry();
  }

  // Redraw when a mute or guest period ends, so "gedempt tot" does not linger.
  function scheduleExpiry() {
    clearTimeout(expiryTimer);
    const now = Date.now();
    let next = Infinity;
    for (const member of view.members.values()) {
      for (const iso of [member.muted_until, member.access_until]) {
        const t = parseTime(iso)?.getTime();
        if (t && t > now && t < next) next = t;
      }
    }
    if (next !== Infinity) {
      expiryTimer = setTimeout(update, Math.min(next - now + 500, MAX_TIMER_MS));
    }
  }

  // ---- One member ----

  function memberItem(initial) {
    const userId = initial.user.id;
    const isMe = userId === view.me.id;
    const info = h('div', { class: 'member-info' });
    const li = h('li', { class: 'member-item', dataset: { user: userId } }, info);
    const item = { li, member: initial, update: null };
    let manage = null; // the moderator controls, while shown

    function drawInfo(member) {
      const online = view.online.has(userId);
      const org = member.user.organisation?.name;
      const flags = [];
      if (isFuture(member.muted_until)) {
        flags.push(h('span', { class: 'badge badge-muted' }, 'gedempt tot ', timeEl(member.muted_until)));
      }
      if (member.access_until) {
        flags.push(h('span', { class: 'badge badge-guest' },
          isFuture(member.access_until) ? 'gast tot ' : 'gast, toegang verlopen op ', timeEl(member.access_until)));
      }
      replace(info,
        h('p', { class: 'member-name' },
          h('strong', {}, member.user.display_name),
          isMe ? h('span', { class: 'muted' }, ' (jij)') : null,
          online ? h('span', { class: 'presence' }, h('span', { class: 'presence-dot', 'aria-hidden': 'true' }), 'online') : null),
        h('p', { class: 'member-meta' }, [org, sessionRoleLabel(member.role)].filter(Boolean).join(' · ')),
        flags.length ? h('p', { class: 'member-flags' }, flags) : null,
        invitedByText(member) ? h('p', { class: 'member-meta member-invited' }, invitedByText(member)) : null);
    }

    item.update = (member) => {
      item.member = member;
      drawInfo(member);
      if (view.canModerate()) {
        if (!manage) {
          manage = manageControls(item, isMe);
          li.append(manage.el);
        }
        manage.sync(member);
      } else if (manage) {
        const hadFocus = manage.el.contains(document.activeElement);
        manage.el.remove();
        manage = null;
        if (hadFocus) heading.focus();
      }
    };
    return item;
  }

  function manageControls(item, isMe) {
    const name = () => item.member.user.display_name;
    const panelId = uid('manage');
    const toggle = h('button', {
      type: 'button', class: 'button secondary small', 'aria-expanded': 'false', 'aria-controls': panelId,
      'aria-label': `Beheren: ${item.member.user.display_name}`,
    }, 'Beheren');
    const alert = formAlert();

    // Role
    const role = field({ label: 'Rol', name: 'role', options: SESSION_ROLES, value: item.member.role });
    const roleSubmit = h('button', { type: 'submit', class: 'button secondary small' }, 'Rol opslaan');
    const roleForm = h('form', { class: 'inline-form', novalidate: true }, role.el, roleSubmit);
    roleForm.addEventListener('submit', (ev) => {
      ev.preventDefault();
      alert.clear();
      const wanted = role.input.value;
      if (wanted === item.member.role) return;
      withBusy(roleSubmit, async () => {
        let answer;
        try {
          answer = await socket.request('member.set_role', { session: view.id, user: item.member.user.id, role: wanted });
        } catch (err) {
          role.input.value = item.member.role;
          alert.show(errorText(err, { conflict: LAST_MODERATOR, locked: 'De sessie is gearchiveerd.' }));
          return;
        }
        onMember(answer.member);
        announce(`${name()} is nu ${sessionRoleLabel(answer.member.role).toLowerCase()}.`);
      });
    });

    // Mute (not for oneself)
    const muteSlot = h('div', { class: 'mute-slot' });
    let mutedShown; // the muted_until the slot shows (undefined: not drawn yet)

    function drawMute(member) {
      const muted = isFuture(member.muted_until) ? member.muted_until : null;
      if (muted === mutedShown) return;
      mutedShown = muted;
      const hadFocus = muteSlot.contains(document.activeElement);
      if (muted) {
        const lift = h('button', { type: 'button', class: 'button secondary small' }, 'Dempen opheffen');
        lift.addEventListener('click', () => mute(lift, null));
        replace(muteSlot, h('div', { class: 'inline-form' },
          h('p', {}, 'Gedempt tot ', timeEl(muted), '.'), lift));
        if (hadFocus) lift.focus();
      } else {
        const until = field({ label: 'Dempen tot', type: 'datetime-local', name: 'muted_until', value: localInputFromNow(60), hint: 'Nederlandse tijd.' });
        const submit = h('button', { type: 'submit', class: 'button secondary small' }, 'Dempen');
        const form = h('form', { class: 'inline-form', novalidate: true }, until.el, submit);
        form.addEventListener('submit', (ev) => {
          ev.preventDefault();
          alert.clear();
          const iso = fromLocalInput(until.input.value);
          if (!iso || !isFuture(iso)) {
            until.setError('Kies een moment in de toekomst.');
            until.input.focus();
            return;
          }
          until.setError('');
          mute(submit, iso);
        });
        replace(muteSlot, form);
        if (hadFocus) until.input.focus();
      }
    }

    function mute(button, until) {
      alert.clear();
      return withBusy(button, async () => {
        let answer;
        try {
          answer = await socket.request('member.mute', { session: view.id, user: item.member.user.id, until });
        } catch (err) {
          alert.show(errorText(err, { locked: 'De sessie is gearchiveerd.' }));
          return;
        }
        onMember(answer.member);
        announce(until ? `${name()} is gedempt tot ${formatDateTime(until)}.` : `De demping van ${name()} is opgeheven.`);
      });
    }

    // Remove
    const remove = h('button', { type: 'button', class: 'button danger small' }, isMe ? 'Mezelf verwijderen' : 'Verwijderen');
    remove.addEventListener('click', async () => {
      alert.clear();
      const ok = await confirmDialog({
        title: isMe ? 'Jezelf uit de sessie verwijderen?' : `${name()} verwijderen?`,
        text: isMe
          ? 'Je hebt daarna geen toegang meer tot deze sessie.'
          : `${name()} heeft daarna geen toegang meer tot deze sessie. Wat ${name()} al heeft bijgedragen, blijft staan.`,
        confirmLabel: 'Verwijderen',
        danger: true,
      });
      if (!ok) return;
      await withBusy(remove, async () => {
        const userId = item.member.user.id;
        try {
          await socket.request('member.remove', { session: view.id, user: userId });
        } catch (err) {
          alert.show(errorText(err, { conflict: LAST_MODERATOR, locked: 'De sessie is gearchiveerd.' }));
          return;
        }
        const who = name();
        onRemoved(userId);
        heading.focus();
        announce(`${who} is uit de sessie verwijderd.`);
      });
    });

    const panelHeadingId = uid('manage-heading');
    const panel = h('div', { id: panelId, class: 'manage-panel', hidden: true, role: 'group', 'aria-labelledby': panelHeadingId },
      h('h4', { id: panelHeadingId, class: 'visually-hidden' }, `Beheren: ${item.member.user.display_name}`),
      roleForm,
      isMe ? null : muteSlot,
      h('div', { class: 'actions' }, remove));
    toggle.addEventListener('click', () => {
      const open = panel.hidden;
      panel.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      if (open) role.input.focus();
    });
    const el = h('div', { class: 'member-manage' }, toggle, alert.el, panel);

    let roleShown = item.member.role;
    return {
      el,
      sync(member) {
        // A role change from elsewhere wins over an unsaved choice in the select.
        if (member.role !== roleShown) {
          roleShown = member.role;
          role.input.value = member.role;
        }
        if (!isMe) drawMute(member);
      },
    };
  }

  return {
    el,
    update,
    destroy() {
      clearTimeout(expiryTimer);
    },
  };
}
