// Where Beveiliging lives, apart from the page itself: the router sends people there
// (a policy that asks for a second factor) without loading the page's modules first.

export const SECURITY_PATH = '/beveiliging';

/** The path of Beveiliging, remembering where the person was going. */
export function pathTo(next) {
  if (!next || next === '/' || next.startsWith(SECURITY_PATH)) return SECURITY_PATH;
  return `${SECURITY_PATH}?next=${encodeURIComponent(next)}`;
}
