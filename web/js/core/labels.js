// Dutch display texts for the enumerations of the contract.

export const ORGANISATION_TYPES = [
  ['gemeente', 'Gemeente'],
  ['ess', 'ESS'],
  ['si', 'SI (SZW)'],
  ['nctv', 'NCTV'],
  ['expert', 'Externe deskundige'],
  ['other', 'Anders'],
];

export const GLOBAL_ROLES = [
  ['staff', 'Medewerker (kan sessies aanmaken)'],
  ['member', 'Deelnemer'],
  ['admin', 'Beheerder'],
];

const SHORT_ROLES = { member: 'Deelnemer', staff: 'Medewerker', admin: 'Beheerder' };

const STATUSES = { active: 'Actief', pending: 'Wacht op activatie', disabled: 'Geblokkeerd' };

function lookup(pairs, value) {
  const found = pairs.find(([v]) => v === value);
  return found ? found[1] : value || '';
}

export const organisationTypeLabel = (type) => lookup(ORGANISATION_TYPES, type);
export const roleLabel = (role) => SHORT_ROLES[role] || role || '';
export const statusLabel = (status) => STATUSES[status] || status || '';

/** "Gemeente Utrecht (Gemeente)" or just the name/type that is there. */
export function organisationText(org) {
  if (!org) return '';
  const type = organisationTypeLabel(org.type);
  // "Gemeente Zandvoort" needs no "(Gemeente)" after it.
  if (org.name && type && !org.name.toLowerCase().includes(type.toLowerCase())) return `${org.name} (${type})`;
  return org.name || type;
}

// Roles inside a session (member.role).
export const SESSION_ROLES = [
  ['participant', 'Deelnemer'],
  ['moderator', 'Moderator'],
  ['expert', 'Deskundige'],
  ['observer', 'Waarnemer'],
];

export const sessionRoleLabel = (role) => lookup(SESSION_ROLES, role);

// How a session's member list is grouped, in this order; unknown types go to 'other'.
export const MEMBER_GROUPS = [
  ['gemeente', 'Gemeente'],
  ['ess', 'ESS'],
  ['si', 'SI'],
  ['nctv', 'NCTV'],
  ['expert', 'Externe deskundigen'],
  ['other', 'Overig'],
];

/** The MEMBER_GROUPS key for an organisation type. */
export function memberGroup(type) {
  return MEMBER_GROUPS.some(([key]) => key === type) ? type : 'other';
}

// Threads and posts.
export const THREAD_KINDS = [
  ['casus', 'Casus'],
  ['vraag', 'Vraag'],
  ['algemeen', 'Algemeen'],
];

export const threadKindLabel = (kind) => lookup(THREAD_KINDS, kind);

const THREAD_STATUSES = { open: 'Open', locked: 'Gesloten', resolved: 'Afgerond' };

export const threadStatusLabel = (status) => THREAD_STATUSES[status] || status || '';

// How a post is attributed (post.attribution).
export const ATTRIBUTIONS = [
  ['named', 'Onder mijn naam'],
  ['organisation', 'Alleen mijn organisatie'],
  ['organisation_type', 'Alleen het soort organisatie'],
];

export const attributionLabel = (value) => lookup(ATTRIBUTIONS, value);

// Slow mode choices for moderators (thread.slow_mode seconds).
export const SLOW_MODES = [
  ['0', 'Uit'],
  ['30', '30 s'],
  ['60', '1 min'],
  ['300', '5 min'],
];

/** "30 seconden", "1 minuut", "5 minuten" for a slow mode. */
export function slowModeText(seconds) {
  const s = Number(seconds) || 0;
  if (s % 60 === 0 && s >= 60) return s === 60 ? '1 minuut' : `${s / 60} minuten`;
  return s === 1 ? '1 seconde' : `${s} seconden`;
}

/** How long to wait, for a person: "40 seconden", "1 minuut", "15 minuten" (rounded up). */
export function waitText(seconds) {
  const s = Math.max(1, Math.ceil(Number(seconds) || 0));
  if (s < 60) return s === 1 ? '1 seconde' : `${s} seconden`;
  const m = Math.ceil(s / 60);
  return m === 1 ? '1 minuut' : `${m} minuten`;
}

// What the personal-data check found (personal-data.js and post.personal_data).
const PERSONAL_DATA = {
  bsn: 'BSN',
  phone: 'telefoonnummer',
  email: 'e-mailadres',
  postcode: 'postcode met huisnummer',
};

export const personalDataLabel = (kind) => PERSONAL_DATA[kind] || kind || '';

/** "BSN", "BSN en telefoonnummer", "BSN, telefoonnummer en e-mailadres". */
export function personalDataText(kinds) {
  const names = (kinds || []).map(personalDataLabel);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} en ${names[names.length - 1]}`;
}

// Invitations (invite.*).
// Roles an invitation can grant; a moderator is never invited by link.
export const INVITE_ROLES = [
  ['expert', 'Deskundige'],
  ['participant', 'Deelnemer'],
  ['observer', 'Waarnemer'],
];

/** How long an invitation link stays valid (expires_in_hours). */
export const INVITE_VALIDITY = [
  ['24', '1 dag'],
  ['72', '3 dagen'],
  ['168', '7 dagen'],
  ['720', '30 dagen'],
];

const INVITATION_STATUSES = { open: 'open', used: 'gebruikt', expired: 'verlopen', revoked: 'ingetrokken' };

export const invitationStatusLabel = (status) => INVITATION_STATUSES[status] || status || '';

// What an invited person sees of what came before (invitation.history).
export const INVITE_HISTORY = [
  ['full', 'Volledige geschiedenis'],
  ['from_join', 'Alleen vanaf deelname'],
];

/** "deskundige", "deelnemer", "waarnemer": a session role inside a sentence. */
export const sessionRoleWord = (role) => sessionRoleLabel(role).toLowerCase();

// Session notes (block.kind), in the order a moderator usually writes them.
export const NOTE_KINDS = [
  ['summary', 'Samenvatting'],
  ['decision', 'Afspraak'],
  ['action', 'Actiepunt'],
  ['insight', 'Inzicht'],
];

export const noteKindLabel = (kind) => lookup(NOTE_KINDS, kind);

// What a search hit is (hit.kind).
const SEARCH_KINDS = { thread: 'Gesprek', post: 'Bericht', card: 'Kaart', note: 'Aantekening', document: 'Document' };

export const searchKindLabel = (kind) => SEARCH_KINDS[kind] || kind || '';

// What an audit log entry records (entry.action, audit.list).
const AUDIT_ACTIONS = {
  setup: 'Kennislab ingericht',
  login: 'Ingelogd',
  login_failed: 'Inloggen mislukt',
  logout: 'Uitgelogd',
  activate: 'Account geactiveerd',
  'user.create': 'Account aangemaakt',
  'user.reset': 'Nieuwe activatielink gemaakt',
  'user.disable': 'Account geblokkeerd',
  'user.erased': 'Persoon verwijderd',
  'audit.erased': 'Oude logboekregels gewist',
  'session.create': 'Sessie aangemaakt',
  'session.archive': 'Sessie gearchiveerd',
  'session.export': 'Verslag gedownload',
  'session.end_guest_access': 'Toegang van alle gasten beëindigd',
  'member.add': 'Lid toegevoegd',
  'member.remove': 'Lid verwijderd',
  'member.set_role': 'Rol gewijzigd',
  'member.mute': 'Lid gedempt',
  'invite.create': 'Uitnodiging gemaakt',
  'invite.accept': 'Uitnodiging geaccepteerd',
  'invite.revoke': 'Uitnodiging ingetrokken',
  'invite.extend': 'Toegang van gast gewijzigd',
  'mod.approve': 'Bericht goedgekeurd',
  'mod.reject': 'Bericht afgewezen',
  'mod.hide': 'Bericht verborgen',
  'mod.restore': 'Bericht hersteld',
  'mod.redact': 'Bericht definitief gewist',
  'mod.dismiss_flag': 'Melding gesloten',
  'thread.lock': 'Gesprek gesloten',
  'thread.unlock': 'Gesprek heropend',
  'thread.pin': 'Gesprek vastgezet',
  'thread.unpin': 'Gesprek losgemaakt',
  'thread.resolve': 'Gesprek afgerond',
  'thread.slow_mode': 'Vertraagde modus ingesteld',
  'thread.retitle': 'Gesprekstitel gewijzigd (oude titel gewist)',
  'notes.publish': 'Aantekeningen vastgesteld',
  'second_factor.added': 'Tweede factor toegevoegd',
  'second_factor.used': 'Tweede factor gebruikt',
  'second_factor.failed': 'Onjuiste code voor de tweede factor',
  'second_factor.removed': 'Tweede factor verwijderd',
  'second_factor.reset': 'Tweede factor gereset',
  'second_factor.recovery_renewed': 'Nieuwe herstelcodes gemaakt',
  'second_factor.policy': 'Beleid tweede factor gewijzigd',
};

/** "Lid toegevoegd" for "member.add"; an action the client does not know yet as it is. */
export const auditActionLabel = (action) => AUDIT_ACTIONS[action] || action || '';

// What an audit entry is about (entry.target.type).
const AUDIT_TARGETS = { user: 'Persoon', session: 'Sessie', post: 'Bericht', thread: 'Gesprek', invitation: 'Uitnodiging' };

export const auditTargetLabel = (type) => AUDIT_TARGETS[type] || type || '';
