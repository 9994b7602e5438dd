// The first view's data that the server put into index.html for a signed-in visit of
// the start page, a session page or its Terugblik (server/net/first_view.hpp): the
// login (as GET /api/me answers it) and the WebSocket answers the page asks for first
// (as the WebSocket would have sent them). The page renders from them at once and
// then follows over the WebSocket as always (a session page subscribes from the
// head_seq it rendered). Taken once each, and only by the first render: forget()
// drops what that render did not ask for, so no later request gets an old answer.

let data;
try {
  const el = document.getElementById('kl-first-view');
  data = el ? JSON.parse(el.textContent) : null;
  if (el) el.remove();
} catch {
  data = null; // the page asks over the network as without it
}

/** The /api/me answer of the first view, once; undefined when there is none. */
export function takeLogin() {
  if (!data || !data.me) return undefined;
  const me = data.me;
  data.me = undefined;
  return me;
}

/** The answer frame to the request (type, params) of the first view, once; or null. */
export function takeAnswer(type, params) {
  if (!data || !Array.isArray(data.answers)) return null;
  const wanted = JSON.stringify(params || {});
  const at = data.answers.findIndex((entry) => entry.type === type && JSON.stringify(entry.params || {}) === wanted);
  if (at < 0) return null;
  const [entry] = data.answers.splice(at, 1);
  return entry.answer || null;
}

/** Drops what is left: later requests go over the network. */
export function forget() {
  data = null;
}
