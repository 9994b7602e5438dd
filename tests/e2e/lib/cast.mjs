// The cast of a browser test file: one server, one browser, the first
// administrator made through the setup page, and the people the file needs,
// each with an activated account in a context of their own. Files share this
// so that each one says only who takes part, not how accounts come about.

import { startServer } from './server.mjs';
import { launchBrowser, newPage } from './browser.mjs';
import { createActiveAccount, setupAdmin } from './flows.mjs';
import { ADMIN } from './people.mjs';

/**
 * Starts a server and a browser and creates the accounts.
 * people: { key: person } or { key: { person, options?, prepare? } } in the
 *   order they are to be made; `options` go to newPage (e.g. permissions),
 *   `prepare(actor)` runs on the fresh context before the account is made
 *   (e.g. to route its WebSockets through a proxy).
 * serverArgs: extra `kennislab serve` arguments.
 * Returns { server, browser, admin, freshPage, close, ...people } where each
 * person is { context, page, problems } and freshPage(options) opens another
 * context that close() also closes.
 */
export async function startCast(people = {}, { serverArgs = [] } = {}) {
  const server = await startServer({ args: serverArgs });
  const browser = await launchBrowser();
  const contexts = [];
  const freshPage = async (options = {}) => {
    const actor = await newPage(browser, { baseURL: server.url, ...options });
    contexts.push(actor.context);
    return actor;
  };
  const cast = {
    server,
    browser,
    freshPage,
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await server.stop();
    },
  };
  try {
    cast.admin = await freshPage();
    await setupAdmin(cast.admin.page, server.setupUrl, ADMIN);
    for (const [key, entry] of Object.entries(people)) {
      const { person, options = {}, prepare } = entry.person ? entry : { person: entry };
      const actor = await freshPage(options);
      if (prepare) await prepare(actor);
      await createActiveAccount(cast.admin.page, actor.page, person);
      cast[key] = actor;
    }
  } catch (err) {
    // The caller never gets the cast to close: a server and a browser left
    // running would keep the test file's process alive after its failure.
    await cast.close().catch(() => {});
    throw err;
  }
  return cast;
}
