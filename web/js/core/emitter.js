// The change listeners of the client's stores (threads, board, notes): views
// subscribe with on(fn) and get every change; a listener that throws is
// logged and does not stop the others.

/** Returns { on(fn) → off(), emit(change) }; `name` labels errors in the console. */
export function createEmitter(name) {
  const listeners = new Set();
  return {
    on(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    emit(change) {
      for (const fn of [...listeners]) {
        try {
          fn(change);
        } catch (err) {
          console.error(`${name} listener failed`, err);
        }
      }
    },
  };
}
