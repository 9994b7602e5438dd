// The audit log ("Logboek") read back with audit.list: who did what, when, to
// what; newest first, one page at a time ("Meer laden"). A session's
// moderators see that session's entries in its "Logboek" tab; the
// administrator sees every entry on "Beheer" (with the client address, which
// only administrators get), or one session's. Entries are only ever text.

import { h, replace, setText, uid } from '../core/dom.js';
import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { auditActionLabel, auditTargetLabel, sessionRoleLabel, slowModeText } from '../core/labels.js';
import { formatDateTime, timeEl } from '../core/time.js';

const PAGE_SIZE = 50;

const FORMATS = { md: 'Markdown', html: 'HTML' };

/** The detail members worth showing, as short Dutch lines. */
function detailLines(entry) {
  const d = entry.detail && typeof entry.detail === 'object' ? entry.detail : {};
  const lines = [];
  if (typeof d.role === 'string') lines.push(`Rol: ${sessionRoleLabel(d.role)}`);
  if (typeof d.reason === 'string' && d.reason) lines.push(`Reden: ${d.reason}`);
  else if (d.reason_erased === true) lines.push('Reden: gewist bij het definitief wissen van het bericht');
  if (typeof d.format === 'string') lines.push(`Formaat: ${FORMATS[d.format] || d.format}`);
  if (typeof d.until === 'string') lines.push(`Tot: ${formatDateTime(d.until)}`);
  if (typeof d.access_until === 'string') lines.push(`Toegang tot: ${formatDateTime(d.access_until)}`);
  if (typeof d.expires_at === 'string') lines.push(`Link geldig tot: ${formatDateTime(d.expires_at)}`);
  if (typeof d.ended === 'number') lines.push(`Gasten: ${d.ended}`);
  if (typeof d.blocks === 'number') lines.push(`Aantekeningen: ${d.blocks}`);
  if (entry.action === 'thread.slow_mode' && typeof d.slow_mode_seconds === 'number') {
    lines.push(d.slow_mode_seconds > 0 ? `Wachttijd: ${slowModeText(d.slow_mode_seconds)}` : 'Wachttijd: uit');
  }
  return lines;
}

/** "Persoon: Mo Deelnemer", "Bericht 12"; '' without a target. */
function targetText(target) {
  if (!target || typeof target !== 'object') return '';
  const kind = auditTargetLabel(target.type);
  return target.label ? `${kind}: ${target.label}` : `${kind} ${target.id}`;
}

/**
 * session: a session id (that session's entries) or null (all, administrators).
 * sessionTitle(id): the title to show with an entry of another session, or null
 * (then no session is shown). label: the list's accessible name.
 * Returns { el, load(sessionId?), destroy() }.
 */
export function auditLog({ session = null, sessionTitle = null, label = 'Logboek' } = {}) {
  const status = h('p', { class: 'muted', role: 'status' });
  const ul = h('ul', { class: 'audit-list', 'aria-label': label });
  const more = h('button', { type: 'button', class: 'button secondary small', hidden: true }, 'Meer laden');
  const refresh = h('button', { type: 'button', class: 'button secondary small' }, 'Vernieuwen');
  const el = h('div', { class: 'audit-log' },
    h('div', { class: 'panel-head' }, h('p', { class: 'muted small' }, 'Nieuwste eerst.'), refresh),
    status,
    ul,
    h('div', { class: 'actions' }, more));

  let alive = true;
  let current = session;
  let nextBefore = null;
  let ticket = 0; // answers of an earlier load are ignored

  function item(entry) {
    const actor = entry.actor ? entry.actor.display_name : 'niemand ingelogd';
    const where = sessionTitle && entry.session ? sessionTitle(entry.session) : null;
    const target = targetText(entry.target);
    const headingId = uid('audit-entry');
    // Three calm lines at most: what and when; who and what about; the details.
    const about = [`Door: ${actor}`, target, where ? `Sessie: ${where}` : ''].filter(Boolean);
    const details = [...detailLines(entry), entry.address ? `Adres: ${entry.address}` : ''].filter(Boolean);
    return h('li', { class: 'audit-item', tabindex: '-1', 'aria-labelledby': headingId, dataset: { entry: entry.id } },
      h('p', { class: 'audit-title' },
        h('strong', { id: headingId }, auditActionLabel(entry.action)),
        ' · ', timeEl(entry.at)),
      h('p', { class: 'audit-meta' }, about.join(' · ')),
      details.length ? h('p', { class: 'audit-detail' }, details.join(' · ')) : null);
  }

  async function fetchPage(before) {
    const params = { limit: PAGE_SIZE };
    if (current) params.session = current;
    if (before) params.before = before;
    return socket.request('audit.list', params);
  }

  /** Loads the newest page again (of sessionId, when given). */
  async function load(sessionId = current) {
    current = sessionId;
    const mine = ++ticket;
    setText(status, 'Het logboek wordt geladen…');
    more.hidden = true;
    let answer;
    try {
      answer = await fetchPage(null);
    } catch (err) {
      if (!alive || mine !== ticket) return;
      setText(status, `Het logboek kon niet worden geladen. ${errorText(err)}`);
      return;
    }
    if (!alive || mine !== ticket) return;
    const entries = answer.entries || [];
    replace(ul, entries.map(item));
    setText(status, entries.length ? '' : 'Er staat nog niets in het logboek.');
    nextBefore = answer.has_more ? answer.next_before : null;
    more.hidden = !nextBefore;
  }

  async function loadMore() {
    if (!nextBefore || more.disabled) return;
    const mine = ticket;
    more.disabled = true;
    let answer;
    try {
      answer = await fetchPage(nextBefore);
    } catch (err) {
      if (alive && mine === ticket) setText(status, `Er konden niet meer regels worden geladen. ${errorText(err)}`);
      return;
    } finally {
      more.disabled = false;
    }
    if (!alive || mine !== ticket) return;
    const items = (answer.entries || []).map(item);
    ul.append(...items);
    setText(status, '');
    nextBefore = answer.has_more ? answer.next_before : null;
    more.hidden = !nextBefore;
    // Keyboard users continue reading at the first new entry.
    if (items.length) items[0].focus();
  }

  more.addEventListener('click', loadMore);
  refresh.addEventListener('click', () => load());

  return {
    el,
    load,
    destroy() {
      alive = false;
    },
  };
}
