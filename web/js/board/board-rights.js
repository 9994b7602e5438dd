// Who may do what on the knowledge board. The server decides (session.my_rights);
// these only hide what it would refuse. Apart from the board's view (board.js), so
// that the thread view can offer "op het kennisbord" before the board has loaded.

export function writable(view) {
  return Boolean(view.session) && !view.session.archived;
}

export function expertsMayAdd(view) {
  return view.session?.experts_add_cards !== false;
}

function isCreator(view, card) {
  return Boolean(card?.created_by) && card.created_by.id === view.me.id;
}

// The rules are the server's (session.my_rights): "any", "own" or "none" card.
function reaches(view, right, card) {
  const reach = view.rights?.[right];
  return reach === 'any' || (reach === 'own' && isCreator(view, card));
}

/** Adding cards: as the server allows (participants, moderators, experts unless the session forbids it). */
export function canAddCards(view) {
  return writable(view) && view.may('add_card');
}

/** Editing and moving a card. */
export function canEditCard(view, card) {
  return writable(view) && reaches(view, 'edit_cards', card);
}

/** Deleting a card. */
export function canDeleteCard(view, card) {
  return writable(view) && reaches(view, 'delete_cards', card);
}
