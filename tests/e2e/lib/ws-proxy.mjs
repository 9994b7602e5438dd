// A transparent proxy for a browser context's WebSocket connections to /ws
// (Playwright's routeWebSocket), so that tests can watch the frames, cut the
// connection, lose frames on purpose, or answer a request themselves:
//
//   const proxy = await proxyWebSockets(context);
//   proxy.blackout = true;                 // frames from the server are dropped
//   await proxy.waitFor('dropped', (f) => f.type === 'event');
//   await proxy.cut();                     // both sides closed; the page reconnects
//   const sub = await proxy.waitFor('sent', (f) => f.type === 'session.subscribe', mark);
//
// Frame lists: `sent` (page to server), `received` (server to page, delivered)
// and `dropped` (server to page, lost during a blackout). Each holds parsed JSON.

import { EventEmitter } from 'node:events';

const WAIT_MS = 15_000;

export async function proxyWebSockets(context) {
  const emitter = new EventEmitter();
  const lists = { sent: [], received: [], dropped: [] };
  const open = new Set(); // { page, server } routes still connected

  const proxy = {
    ...lists,
    blackout: false,
    /** (frame) => answer object or null: answer a page request instead of the server. */
    answerInstead: null,

    /** The current length of a list, to wait only for frames after this point. */
    mark(list = 'sent') {
      return lists[list].length;
    },

    /** Resolves with the first frame in `list` at index >= from that matches. */
    waitFor(list, predicate, from = 0) {
      const found = lists[list].slice(from).find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const onFrame = (name, frame) => {
          if (name !== list || !predicate(frame)) return;
          clearTimeout(timer);
          emitter.off('frame', onFrame);
          resolve(frame);
        };
        const timer = setTimeout(() => {
          emitter.off('frame', onFrame);
          reject(new Error(`no matching frame in "${list}" within ${WAIT_MS / 1000} s`));
        }, WAIT_MS);
        emitter.on('frame', onFrame);
      });
    },

    /** Closes every proxied connection on both sides, as a network failure would. */
    async cut() {
      const routes = [...open];
      open.clear();
      for (const route of routes) {
        await route.server.close({ code: 4000, reason: 'cut by test' }).catch(() => {});
        await route.page.close({ code: 4000, reason: 'cut by test' }).catch(() => {});
      }
    },
  };

  function record(name, message) {
    let frame;
    try {
      frame = JSON.parse(typeof message === 'string' ? message : message.toString());
    } catch {
      frame = { unparsed: String(message) };
    }
    lists[name].push(frame);
    emitter.emit('frame', name, frame);
    return frame;
  }

  await context.routeWebSocket(/\/ws$/, (page) => {
    const server = page.connectToServer();
    const route = { page, server };
    open.add(route);
    page.onMessage((message) => {
      const frame = record('sent', message);
      const answer = proxy.answerInstead ? proxy.answerInstead(frame) : null;
      if (answer) {
        page.send(JSON.stringify(answer));
        return;
      }
      server.send(message);
    });
    server.onMessage((message) => {
      if (proxy.blackout) {
        record('dropped', message);
        return;
      }
      record('received', message);
      page.send(message);
    });
    page.onClose(() => {
      open.delete(route);
      server.close().catch(() => {});
    });
    server.onClose((code, reason) => {
      open.delete(route);
      // 1005, 1006 and 1015 describe a close but cannot be sent in one.
      const sendable = code && ![1005, 1006, 1015].includes(code);
      page.close(sendable ? { code, reason } : {}).catch(() => {});
    });
  });

  return proxy;
}
