// Dutch texts for the error codes of the wire contract (PROTOCOL.md), in one
// place. Pages may pass overrides for codes that mean something more specific
// in their context (for example `conflict` when creating an account).

import { waitText } from './labels.js';

const TEXTS = {
  // Contract codes.
  bad_request: 'Dit verzoek klopt niet. Controleer de gegevens en probeer het opnieuw.',
  unauthenticated: 'Je bent niet (meer) ingelogd. Log opnieuw in.',
  forbidden: 'Je hebt hiervoor geen toestemming.',
  not_found: 'Dit bestaat niet (meer).',
  conflict: 'Iemand anders heeft dit intussen gewijzigd. Bekijk de nieuwe versie en probeer het opnieuw.',
  gone: 'Dit is niet meer beschikbaar of verlopen.',
  locked: 'Dit is gesloten: er kan niets meer worden toegevoegd of gewijzigd.',
  muted: 'Je kunt hier tijdelijk geen berichten plaatsen.',
  rate_limited: 'Te veel verzoeken achter elkaar. Wacht even en probeer het opnieuw.',
  // too_large has no text of its own: the server's message says which limit (a full
  // board, the maximum of threads, a post too long).
  resync_required: 'De gegevens worden opnieuw geladen.',
  internal: 'Er ging iets mis op de server. Probeer het later opnieuw.',
  unavailable: 'De server kan nu niets opslaan. Wat er al staat blijft leesbaar; probeer het later opnieuw.',
  bad_credentials: 'E-mailadres of wachtwoord klopt niet.',
  bad_code: 'Deze code klopt niet. Kijk of je de code van dit moment hebt overgenomen en probeer het opnieuw.',
  second_factor_required: 'Stel eerst een tweede factor in: een authenticator-app of een passkey. Daarna kun je verder.',
  // Client-side conditions.
  network: 'De server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.',
  timeout: 'De server reageert niet op tijd. Probeer het opnieuw.',
  disconnected: 'De verbinding werd verbroken voordat er antwoord kwam. Controleer of de actie is uitgevoerd en probeer het zo nodig opnieuw.',
};

/** The Dutch text for an error code, or undefined when there is none. */
export function textForCode(code) {
  return Object.prototype.hasOwnProperty.call(TEXTS, code) ? TEXTS[code] : undefined;
}

/**
 * A readable Dutch message for an error from api.js or socket.js (anything with
 * .code and .message). Order: page-specific override, our own text for the
 * code, the server's message, a generic text.
 */
export function errorText(err, overrides = {}) {
  const code = err && err.code;
  if (code && Object.prototype.hasOwnProperty.call(overrides, code)) return overrides[code];
  const known = code ? textForCode(code) : undefined;
  if (known) return known;
  if (err && err.message) return err.message;
  return 'Er ging iets mis. Probeer het opnieuw.';
}

/** The seconds an answer asks to wait (HTTP Retry-After, or retry_after), or null. */
export function retryAfterOf(err) {
  const seconds = Number(err?.retryAfter ?? err?.answer?.retry_after ?? err?.answer?.error?.retry_after);
  return seconds > 0 ? seconds : null;
}

/**
 * A message for a refused second-factor code (login step, Beveiliging): a
 * wrong code, too many wrong codes (and how long to wait), or anything else.
 */
export function codeErrorText(err, { badCode = TEXTS.bad_code } = {}) {
  if (err && err.code === 'bad_code') return badCode;
  if (err && (err.code === 'rate_limited' || err.status === 429)) {
    const seconds = retryAfterOf(err);
    return seconds
      ? `Te veel onjuiste codes achter elkaar. Wacht ${waitText(seconds)} en probeer het dan opnieuw.`
      : 'Te veel onjuiste codes achter elkaar. Wacht een kwartier en probeer het dan opnieuw.';
  }
  return errorText(err);
}
