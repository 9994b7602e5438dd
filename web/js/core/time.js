// Dates and times. The wire carries RFC 3339 in UTC; people see and type Dutch
// local time (Europe/Amsterdam), whatever zone the device itself is set to, so
// that what a form shows and what a page shows always agree.

import { h } from './dom.js';

export const TIME_ZONE = 'Europe/Amsterdam';

const dateTimeFormat = new Intl.DateTimeFormat('nl-NL', {
  timeZone: TIME_ZONE, weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit',
});
const timeFormat = new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' });
const dayKeyFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

/** A Date for an RFC 3339 string, or null for null/empty/unparsable input. */
export function parseTime(iso) {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "di 1 december 2026 om 10:00" (Dutch time), or '' without a valid time. */
export function formatDateTime(iso) {
  const date = parseTime(iso);
  return date ? dateTimeFormat.format(date) : '';
}

const dateOnlyFormat = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'long', year: 'numeric',
});

/**
 * "di 3 maart 2026" for a calendar date "2026-03-03" (a due date: no time, no
 * zone, so it is read and shown as that very day). '' for anything else.
 */
export function formatDate(ymd) {
  const m = typeof ymd === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd) : null;
  if (!m) return '';
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(date.getTime()) ? '' : dateOnlyFormat.format(date);
}

/** "10:00" (Dutch time). */
export function formatTime(iso) {
  const date = parseTime(iso);
  return date ? timeFormat.format(date) : '';
}

/** True when `iso` is a valid time after `now`. */
export function isFuture(iso, now = Date.now()) {
  const date = parseTime(iso);
  return Boolean(date) && date.getTime() > now;
}

/** A <time> element showing the Dutch date and time of `iso`. */
export function timeEl(iso, text = formatDateTime(iso)) {
  return h('time', { datetime: iso }, text);
}

/**
 * A session's period as nodes: "di 1 december 2026 om 10:00 – 12:30",
 * "vanaf …", "tot …", or a calm text when neither is set.
 */
export function periodNodes(startsAt, endsAt) {
  const start = parseTime(startsAt);
  const end = parseTime(endsAt);
  if (start && end) {
    if (dayKeyFormat.format(start) === dayKeyFormat.format(end)) {
      return [timeEl(startsAt), ' – ', timeEl(endsAt, formatTime(endsAt))];
    }
    return [timeEl(startsAt), ' tot ', timeEl(endsAt)];
  }
  if (start) return ['Vanaf ', timeEl(startsAt)];
  if (end) return ['Tot ', timeEl(endsAt)];
  return ['Nog geen datum gepland'];
}

// Milliseconds that Dutch wall-clock time is ahead of UTC at instant `ms`.
function zoneOffset(ms) {
  const parts = {};
  for (const { type, value } of partsFormat.formatToParts(new Date(ms))) parts[type] = Number(value);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The value for an <input type="datetime-local"> ("2026-12-01T10:00"), '' for none. */
export function toLocalInput(iso) {
  const date = parseTime(iso);
  if (!date) return '';
  const wall = new Date(date.getTime() + zoneOffset(date.getTime()));
  return wall.toISOString().slice(0, 16);
}

/**
 * An <input type="datetime-local"> value, read as Dutch time, as RFC 3339 UTC
 * ("2026-12-01T09:00:00Z"). '' gives null; an unreadable value gives undefined.
 */
export function fromLocalInput(value) {
  if (!value) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (!m) return undefined;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] || 0));
  // Two passes get the offset right around the switch to and from summer time.
  let ms = wall - zoneOffset(wall);
  const second = zoneOffset(ms);
  if (wall - second !== ms) ms = wall - second;
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Now plus `minutes`, rounded up to a quarter hour, as a datetime-local value. */
export function localInputFromNow(minutes, now = Date.now()) {
  const rounded = Math.ceil((now + minutes * 60_000) / 900_000) * 900_000; // next quarter hour
  return toLocalInput(new Date(rounded).toISOString());
}
