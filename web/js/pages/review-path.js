// Where a session's Terugblik lives, apart from the page itself: the start page and
// the session page link to it without loading the Terugblik's modules.

/** The address of a session's "Terugblik". */
export function reviewPath(sessionId) {
  return `/sessions/${encodeURIComponent(sessionId)}/terugblik`;
}
