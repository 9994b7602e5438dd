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
