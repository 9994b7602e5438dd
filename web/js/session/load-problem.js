// The page shown instead of a session (or its "Terugblik") when it cannot be
// loaded: not a member, no such session, or something else went wrong.

import { h, replace } from '../core/dom.js';
import { errorText } from '../core/errors.js';

/** Replaces the page's content with what went wrong and a way back. */
export function showSessionProblem(main, err) {
  const hadFocus = main.contains(document.activeElement) || document.activeElement === document.body;
  let heading;
  let text;
  if (err.code === 'forbidden') {
    heading = 'Geen toegang tot deze sessie';
    text = 'Je bent geen lid van deze sessie. Vraag een moderator om je toe te voegen.';
  } else if (err.code === 'not_found' || err.code === 'bad_request') {
    heading = 'Sessie niet gevonden';
    text = 'Deze sessie bestaat niet (meer).';
  } else {
    heading = 'De sessie kon niet worden geladen';
    text = errorText(err);
  }
  const h1 = h('h1', { tabindex: '-1' }, heading);
  replace(main, h('section', { class: 'card narrow' },
    h1,
    h('p', {}, text),
    h('p', {}, h('a', { href: '/' }, 'Naar Mijn sessies'))));
  document.title = `${heading} · Kennislab`;
  if (hadFocus) h1.focus();
}
