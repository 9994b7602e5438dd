// /sessions/<id>: the session page. Loads `session.state`, then follows the
// session with socket.subscribeSession(id, …) from the snapshot's head_seq, and
// applies events and presence live. socket.js resubscribes from the last seq
// after a reconnect; when the server can no longer replay that far
// (`resync_required`) the page reloads the snapshot.
//
// The workspace column holds the threads, the knowledge board, the notes and
// the search (session/workspace.js, board/board.js, notes/notes.js); the page
// routes thread, post, card, column and note events and typing frames to it.
// Moderators get the invitations panel (session/invitations.js), fed by the
// invite.* events. A guest whose access ends (revoked, expired, all guests
// ended) is sent away with "Je hebt geen toegang meer tot deze sessie."
// "Terugblik" (pages/review.js) is one link away for every member.

import { h, replace } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { sessionRoleLabel } from '../core/labels.js';
import { announce, flash } from '../core/ui.js';
import { formatDateTime, isFuture } from '../core/time.js';
import { sessionSummary } from '../session/summary.js';
import { memberPanel } from '../session/members.js';
import { addMemberSection } from '../session/add-member.js';
import { deferredPart } from '../core/deferred-part.js';
import { threadsWorkspace } from '../session/workspace.js';
import { showSessionProblem } from '../session/load-problem.js';
import { reviewPath } from './review-path.js';

export const title = () => 'Sessie';

const REMOVED = 'Je bent uit deze sessie verwijderd.';
const NO_LONGER = 'Je hebt geen toegang meer tot deze sessie.';

export function render({ main, params, query, user, navigate }) {
  const id = params.id;
  let alive = true;

  // The page's state; the components read it and the handlers below change it.
  const view = {
    id,
    me: user,
    session: null,
    myRole: null,
    // What I may do here, as the server decides it (session.my_rights): the controls
    // follow the server's rules instead of copying them.
    rights: null,
    members: new Map(), // user id -> member
    online: new Set(), // user ids
    may(right) {
      return Boolean(this.rights && this.rights[right] === true);
    },
    canModerate() {
      return this.may('moderate');
    },
  };

  const summary = sessionSummary(view, { onSession: setSession });
  const members = memberPanel(view, { onMember: setMember, onRemoved: removeMember });
  const addMember = addMemberSection(view, { onMember: setMember });
  // Moderators' only, and below the fold on a phone: loaded after the page shows.
  const invitations = deferredPart(() => import('../session/invitations.js'),
    ({ invitationsPanel }) => invitationsPanel(view, { onMember: setMember }),
    { methods: ['update', 'load', 'applyEvent'] });
  const loading = h('p', { class: 'muted', role: 'status' }, 'De sessie wordt geladen…');
  const notice = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  const workspace = threadsWorkspace(view, {
    initialThread: query?.get('gesprek') || null,
    initialPost: query?.get('bericht') || null,
    initialNote: query?.get('aantekening') || null,
    initialTab: query?.has('moderatie') ? 'moderation' : null,
  });
  const layout = h('div', { class: 'session-layout', hidden: true },
    workspace.el,
    h('div', { class: 'session-side' }, members.el, invitations.el, addMember.el));

  main.append(
    h('nav', { class: 'page-links', 'aria-label': 'Sessie' },
      h('p', { class: 'back-link' }, h('a', { href: '/' }, 'Mijn sessies')),
      h('p', { class: 'review-link' }, h('a', { href: reviewPath(id), class: 'button secondary small' }, 'Terugblik'))),
    summary.el,
    loading,
    notice,
    layout);

  function redraw() {
    summary.update();
    members.update();
    addMember.update();
    invitations.update();
    workspace.update();
    if (view.session) document.title = `${view.session.title} · Kennislab`;
  }

  // ---- Changes from snapshots, answers and events ----

  function retentionOf(session) {
    const kept = {};
    for (const key of ['retention_days', 'erase_after', 'legal_hold', 'erased_at']) if (key in session) kept[key] = session[key];
    return kept;
  }

  function setSession(session) {
    if (!session) return;
    // An answer and its event carry the same object; never go back to an older version.
    if (view.session && typeof session.version === 'number' && session.version < view.session.version) return;
    const { my_role: myRole, my_rights: myRights, ...rest } = session;
    const before = view.session;
    // Events carry no retention fields (moderators' only): keep the ones we had.
    view.session = before && !('retention_days' in rest) ? { ...retentionOf(before), ...rest } : rest;
    if (myRole !== undefined && myRole !== null) view.myRole = myRole;
    if (myRights !== undefined) view.rights = myRights;
    else if (before && (before.archived !== rest.archived || before.experts_add_cards !== rest.experts_add_cards)) refreshRights();
    redraw();
  }

  // Events carry the session as everyone sees it, without my rights: when what they
  // depend on changed (my role, archiving, what experts may), ask the server again.
  // Until it answers, nothing is offered: a control shown too late is better than one
  // the server would refuse.
  async function refreshRights() {
    view.rights = null;
    try {
      const state = await socket.request('session.state', { session: id });
      if (!alive || !state.session) return;
      view.rights = state.session.my_rights ?? null;
      if (state.session.my_role) view.myRole = state.session.my_role;
      // Archiving sets the erase date, which events do not carry.
      if (view.session && 'retention_days' in state.session) Object.assign(view.session, retentionOf(state.session));
      redraw();
    } catch {
      // The next reload brings them; until then the server still refuses what is not allowed.
    }
  }

  function setMember(member) {
    if (!member || !member.user) return;
    view.members.set(member.user.id, member);
    if (member.user.id === user.id && view.myRole !== member.role) {
      view.myRole = member.role;
      refreshRights();
    }
    redraw();
  }

  // A guest (invited, with an access period, or an expert): their access ended.
  function amGuest() {
    const me = view.members.get(user.id);
    return Boolean(me && (me.access_until || me.invited_by || me.role === 'expert'));
  }

  function removeMember(userId) {
    const guest = amGuest();
    view.members.delete(userId);
    view.online.delete(userId);
    if (userId === user.id) {
      leave(guest ? NO_LONGER : REMOVED);
      return;
    }
    redraw();
  }

  function applySnapshot(state) {
    view.members = new Map((state.members || []).map((m) => [m.user.id, m]));
    view.online = new Set((state.online || []).map((u) => u.id));
    view.session = null;
    view.myRole = state.session?.my_role ?? view.members.get(user.id)?.role ?? null;
    view.rights = state.session?.my_rights ?? null;
    setSession(state.session);
    workspace.load(state);
    invitations.load();
  }

  function applyEvent(event) {
    const actor = event.actor || {};
    const byOther = actor.id !== user.id;
    const who = actor.display_name || 'Iemand';
    switch (event.kind) {
      case 'session.updated':
        setSession(event.session);
        if (byOther) announce(`${who} heeft de sessie gewijzigd.`);
        break;
      case 'session.archived':
        setSession(event.session);
        if (byOther) announce(`${who} heeft de sessie gearchiveerd. Je kunt alles nog teruglezen.`);
        break;
      case 'member.added':
        setMember(event.member);
        if (byOther && event.member) announce(`${event.member.user.display_name} is aan de sessie toegevoegd.`);
        break;
      case 'member.removed':
        if (!event.user) break;
        if (event.user.id === user.id) {
          leave(event.reason === 'access_ended' || amGuest() ? NO_LONGER : REMOVED);
          return;
        }
        removeMember(event.user.id);
        if (byOther) announce(`${event.user.display_name} is uit de sessie verwijderd.`);
        break;
      case 'member.role_changed':
        setMember(event.member);
        if (byOther && event.member?.user.id === user.id) announce(`Je rol in deze sessie is nu: ${sessionRoleLabel(event.member.role)}.`);
        break;
      case 'member.muted':
        setMember(event.member);
        if (byOther && event.member?.user.id === user.id) {
          announce(isFuture(event.member.muted_until)
            ? `Je bent gedempt tot ${formatDateTime(event.member.muted_until)}.`
            : 'Je demping is opgeheven.');
        }
        break;
      case 'session.erased':
        showErased();
        return;
      case 'user.erased':
        // A person was erased: their name (and, redacted, their posts and cards) changed
        // everywhere in the session without events of their own.
        onResync();
        return;
      case 'invite.created':
      case 'invite.revoked':
      case 'invite.accepted':
      case 'invite.extended':
        invitations.applyEvent(event);
        break;
      default:
        if (typeof event.kind === 'string' && ['thread.', 'post.', 'flag.', 'card.', 'column.', 'note.', 'document.'].some((p) => event.kind.startsWith(p))) {
          workspace.applyEvent(event);
        }
        break;
    }
  }

  // The retention term ran out and the content was erased for good: what is on the
  // screen is gone on the server too, so it makes way for a plain notice.
  function showErased() {
    layout.hidden = true;
    replace(notice, h('p', {}, 'Deze sessie is gewist.'), h('p', {}, h('a', { href: '/' }, 'Naar mijn sessies')));
    notice.className = 'alert alert-info session-erased';
    notice.hidden = false;
    announce('Deze sessie is gewist.');
  }

  // ---- Loading and following ----

  function leave(message) {
    if (!alive) return;
    alive = false;
    flash(message);
    navigate('/', { replace: true });
  }

  function showProblem(err) {
    if (alive) showSessionProblem(main, err);
  }

  async function load() {
    let state;
    try {
      state = await socket.request('session.state', { session: id });
    } catch (err) {
      showProblem(err);
      return;
    }
    if (!alive) return;
    applySnapshot(state);
    loading.remove();
    layout.hidden = false;
    notice.hidden = true;
    socket.setLastSeq(id, state.head_seq);
    try {
      await socket.subscribeSession(id, { onResync, onError: onFollowError });
    } catch (err) {
      onFollowError(err);
    }
  }

  function onResync() {
    if (!alive) return;
    announce('De sessie wordt opnieuw geladen.');
    load();
  }

  // The (re)subscription failed: removed while offline, or something else.
  function onFollowError(err) {
    if (!alive || err.code === 'disconnected') return;
    if (err.code === 'forbidden' || err.code === 'not_found') {
      leave(NO_LONGER);
      return;
    }
    const retry = h('button', { type: 'button', class: 'button secondary small', onclick: () => load() }, 'Opnieuw laden');
    replace(notice, h('p', {}, `Wijzigingen van anderen komen nu niet binnen. ${errorText(err)}`), retry);
    notice.hidden = false;
  }

  const offEvent = socket.on('event', (frame) => {
    if (!alive || frame.session !== id || !frame.event) return;
    applyEvent(frame.event);
  });
  const offPresence = socket.on('presence', (frame) => {
    if (!alive || frame.session !== id) return;
    view.online = new Set((frame.online || []).map((u) => u.id));
    members.update();
  });

  const offTyping = socket.on('typing', (frame) => {
    if (!alive || frame.session !== id) return;
    workspace.typing(frame);
  });

  load();

  return () => {
    alive = false;
    offEvent();
    offPresence();
    offTyping();
    workspace.destroy();
    members.destroy();
    addMember.destroy();
    invitations.destroy();
    socket.unsubscribeSession(id);
  };
}
