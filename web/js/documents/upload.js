// Uploading one file: POST /api/sessions/{id}/documents with the file as the
// raw body. XMLHttpRequest rather than fetch, because only it reports upload
// progress. The browser adds the Origin header the server checks.

import { uploadLimitText } from '../core/server-limits.js';

// What the server's network edge answers for a body over --max-upload-mb.
const EDGE_TOO_LARGE = 'Het verzoek is te groot.';

/** A refused or failed upload: .status (0: no answer), .code, .serverMessage, .retryAfter. */
export class UploadError extends Error {
  constructor(status, code, message, retryAfter = null) {
    super(message || code);
    this.name = 'UploadError';
    this.status = status;
    this.code = code;
    this.serverMessage = message || '';
    this.retryAfter = retryAfter;
  }
}

/**
 * Starts an upload. onProgress(fraction 0..1). Returns { promise, abort() };
 * promise resolves with the document, or rejects with an UploadError
 * (code 'aborted' after abort()).
 */
export function uploadDocument({ session, file, thread = null, attribution = null, onProgress = () => {} }) {
  const query = new URLSearchParams({ name: file.name });
  if (thread) query.set('thread', thread);
  if (attribution) query.set('attribution', attribution);
  const xhr = new XMLHttpRequest();
  let sentAll = false;
  const promise = new Promise((resolve, reject) => {
    xhr.open('POST', `/api/sessions/${encodeURIComponent(session)}/documents?${query}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (ev) => {
      if (ev.lengthComputable && ev.total > 0) onProgress(ev.loaded / ev.total);
    });
    xhr.upload.addEventListener('load', () => { sentAll = true; });
    xhr.addEventListener('load', () => {
      let data = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status === 201 || xhr.status === 200) {
        if (data && data.document) resolve(data.document);
        else reject(new UploadError(xhr.status, 'internal', ''));
        return;
      }
      const error = (data && typeof data.error === 'object' && data.error) || {};
      const wait = Number(xhr.getResponseHeader('Retry-After'));
      reject(new UploadError(xhr.status, error.code || String(xhr.status), error.message || '', wait > 0 ? wait : null));
    });
    // A server that refuses a body too large may close the connection before the
    // browser reads its 413: an upload cut off midway is then all the browser sees.
    xhr.addEventListener('error', () => reject(new UploadError(0, sentAll ? 'network' : 'cut_off', '')));
    xhr.addEventListener('abort', () => reject(new UploadError(0, 'aborted', '')));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}

/** The Dutch message for a refused upload (the server's own words where it has them). */
export function uploadErrorText(err) {
  switch (err.status) {
    case 413:
      // The network edge's refusal ("Het verzoek is te groot.") names no limit; ours does.
      return err.serverMessage && err.serverMessage !== EDGE_TOO_LARGE ? err.serverMessage : `Dit bestand is te groot: het maximum is ${uploadLimitText()}.`;
    case 415:
      return err.serverMessage || 'Dit soort bestand is niet toegestaan, of de inhoud past niet bij de naam.';
    case 429:
      return `Het is even druk op de server. Probeer het over ${err.retryAfter || 5} ${err.retryAfter === 1 ? 'seconde' : 'seconden'} opnieuw.`;
    case 401:
      return 'Je bent niet (meer) ingelogd. Log opnieuw in.';
    case 403:
      return 'Je mag hier geen bestanden toevoegen.';
    case 404:
      return 'Deze sessie of dit gesprek bestaat niet (meer).';
    case 423:
      return 'Er kan niets meer bij: het gesprek is gesloten of de sessie is gearchiveerd.';
    case 0:
      if (err.code === 'cut_off') return `Het uploaden brak af voordat het bestand binnen was. Is het groter dan ${uploadLimitText()}, dan is het te groot; anders viel de verbinding weg: probeer het dan opnieuw.`;
      return 'Het uploaden is mislukt: de server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.';
    default:
      return err.serverMessage || 'Het uploaden is mislukt. Probeer het opnieuw.';
  }
}
