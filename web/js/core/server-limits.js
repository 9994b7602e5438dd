// What this server allows, from its hello answer (`limits`), so that the UI names
// the server's own limits rather than the defaults. Until the first hello of a
// page arrives the defaults stand (kennislab serve's own defaults).

import * as socket from './socket.js';

const MB = 1024 * 1024;
let uploadBytes = 25 * MB;

socket.on('hello', (answer) => {
  const bytes = Number(answer?.limits?.upload_bytes);
  if (Number.isInteger(bytes) && bytes > 0) uploadBytes = bytes;
});

/** The largest upload the server takes, in bytes. */
export function uploadLimitBytes() {
  return uploadBytes;
}

/** The upload limit as people say it: "25 MB". */
export function uploadLimitText() {
  return `${(uploadBytes / MB).toLocaleString('nl-NL', { maximumFractionDigits: 1 })} MB`;
}
