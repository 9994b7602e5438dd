// Card and column events applied to the board's data (board-store.js), apart from
// the board's view: the session page keeps the board's data current from its first
// event, while the view itself loads after the page shows. Says what changed, for
// the people who did not change it themselves (the view announces it when shown).

/** Applies event to store; the text to announce to others, or null. */
export function applyBoardEvent(store, event, me) {
  const actor = event.actor || {};
  const byOther = actor.id !== me.id;
  const who = actor.display_name || 'Iemand';
  let text = null;
  const tell = (said) => {
    if (byOther) text = said;
  };
  switch (event.kind) {
    case 'card.created':
      // An older version than we have (our own answer came first) changes nothing.
      if (store.setCard(event.card, { order: event.order })) tell(`${who} heeft een kaart toegevoegd: ${event.card.title}.`);
      break;
    case 'card.updated': {
      const before = event.card ? store.card(event.card.id) : null;
      if (store.setCard(event.card, { order: event.order })) {
        const moved = before && (before.column !== event.card.column || before.position !== event.card.position);
        const column = store.column(event.card.column);
        if (moved && column) tell(`${who} heeft “${event.card.title}” verplaatst naar ${column.title}.`);
        else if (before && (before.title !== event.card.title || before.body !== event.card.body)) tell(`${who} heeft “${event.card.title}” gewijzigd.`);
      }
      break;
    }
    case 'card.deleted':
      if (event.card && store.removeCard(event.card.id, { order: event.order })) tell(`${who} heeft de kaart “${event.card.title}” verwijderd.`);
      else store.setOrder(event.order);
      break;
    case 'column.created':
    case 'column.updated':
      if (event.column) store.setColumn(event.column, { columns: event.columns });
      if (event.kind === 'column.created' && event.column) tell(`${who} heeft de kolom ${event.column.title} toegevoegd.`);
      break;
    case 'column.deleted':
      if (event.column) store.removeColumn(event.column.id, { columns: event.columns });
      break;
    default:
      break;
  }
  return text;
}
