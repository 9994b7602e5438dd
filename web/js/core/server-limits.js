// What this server allows, from its newest hello answer (`limits`), so that the UI
// names the server's own limits rather than the defaults. Read when asked, not kept
// from a 'hello' listener: this module may load after the page's hello came (a page
// navigated to later). Until the first hello of a page the defaults stand
// (kennislab serve's own defaults).

import * as socket from './socket.js';

const MB = 1024 * 1024;
const DEFAULT_UPLOAD_BYTES = 25 * MB;

/** The largest upload the server takes, in bytes. */
export function uploadLimitBytes() {
  const bytes = Number(socket.helloAnswer()?.limits?.upload_bytes);
  return Number.isInteger(bytes) && bytes > 0 ? bytes : DEFAULT_UPLOAD_BYTES;
}

/** The upload limit as people say it: "25 MB". */
export function uploadLimitText() {
  return `${(uploadLimitBytes() / MB).toLocaleString('nl-NL', { maximumFractionDigits: 1 })} MB`;
}
