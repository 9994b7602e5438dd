// Loading the client in few round trips and caching it for good: the first load
// fetches every file once (the shell's modulepreloads are used, nothing twice), a
// second load takes the modules from the cache, and a module changed in web/ reaches
// the browser on the next load after a restart, without clearing any cache.
//
// The server runs on a copy of web/ (changed by the test) and is restarted on the same
// port and data directory, so the browser sees the same origin and certificate.
// Chromium trusts that certificate (trustedSpki): it caches nothing from a server whose
// certificate it ignores.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib/server.mjs';
import { launchBrowser, newPage, spkiHash } from './lib/browser.mjs';
import { assertNoProblems } from './lib/flows.mjs';

const WEB = fileURLToPath(new URL('../../web', import.meta.url));
const LOGIN_MODULE = path.join('js', 'pages', 'login.js');

let work;
let server;
let browser;

/** What the page fetched, from the DevTools protocol: per URL, from the network or the cache. */
async function watchNetwork(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const requests = new Map(); // requestId -> { url, cached, status }
  cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
    if (request.url.startsWith('http')) requests.set(requestId, { url: request.url, cached: false, status: 0 });
  });
  cdp.on('Network.requestServedFromCache', ({ requestId }) => {
    if (requests.has(requestId)) requests.get(requestId).cached = true;
  });
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    const entry = requests.get(requestId);
    if (!entry) return;
    entry.status = response.status;
    if (response.fromDiskCache || response.fromPrefetchCache) entry.cached = true;
  });
  return {
    reset: () => requests.clear(),
    all: () => [...requests.values()],
    // The client's files that came from the server (API answers are never cached).
    fromNetwork: () => [...requests.values()]
      .filter((r) => !r.cached)
      .map((r) => new URL(r.url).pathname + new URL(r.url).search)
      .filter((u) => !u.startsWith('/api/')),
  };
}

async function loadLogin(page, heading) {
  await page.goto('/login');
  await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
}

describe('page load', () => {
  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'kennislab-load-'));
    await cp(WEB, path.join(work, 'web'), { recursive: true });
    server = await startServer({ args: ['--web', path.join(work, 'web')], dataDir: path.join(work, 'data') });
    const certificate = await readFile(path.join(work, 'data', 'cert.pem'), 'utf8');
    browser = await launchBrowser({ trustedSpki: [spkiHash(certificate)] });
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
    await rm(work, { recursive: true, force: true });
  });

  test('every file once, then from the cache; a changed module arrives after a restart', async () => {
    const { context, page, problems } = await newPage(browser, { baseURL: server.url });
    const network = await watchNetwork(context, page);

    await loadLogin(page, 'Inloggen');
    const first = network.all();
    const modules = first.filter((r) => new URL(r.url).pathname.endsWith('.js'));
    assert.ok(modules.length > 10, `the modules were loaded: ${modules.length}`);
    for (const r of modules) assert.match(new URL(r.url).search, /^\?v=[A-Za-z0-9_-]+$/, `${r.url} by its versioned URL`);
    const urls = first.map((r) => r.url);
    assert.deepEqual(urls.filter((u, i) => urls.indexOf(u) !== i), [], 'nothing fetched twice (the preloads are used)');

    // A second visit: only the shell (no-cache, revalidated) goes to the server.
    network.reset();
    await loadLogin(page, 'Inloggen');
    assert.deepEqual(network.fromNetwork(), ['/login'], 'the modules come from the cache');

    // A changed module, then a restart on the same origin.
    const file = path.join(work, 'web', LOGIN_MODULE);
    const source = await readFile(file, 'utf8');
    assert.ok(source.includes("h('h1', {}, 'Inloggen')"), 'the login page has its heading');
    await writeFile(file, source.replace("h('h1', {}, 'Inloggen')", "h('h1', {}, 'Inloggen bij Kennislab')"));
    const port = server.port;
    await server.stop();
    server = await startServer({ args: ['--web', path.join(work, 'web')], port, dataDir: path.join(work, 'data') });

    network.reset();
    await loadLogin(page, 'Inloggen bij Kennislab');
    const fetched = network.fromNetwork();
    assert.ok(fetched.includes('/login'));
    assert.ok(fetched.some((u) => u.startsWith('/js/pages/login.js?v=')), `the new module was fetched: ${fetched}`);
    assert.ok(!fetched.some((u) => u.startsWith('/js/core/dom.js')), 'an unchanged module still comes from the cache');
    assertNoProblems(problems);
    await context.close();
  });

  test('each page preloads its own modules; a page module that cannot load says so, in Dutch', async () => {
    const { context, page, problems } = await newPage(browser, { baseURL: server.url });
    const network = await watchNetwork(context, page);
    await loadLogin(page, 'Inloggen bij Kennislab');
    // What the server's page announces (once idle, the page adds the other pages' too).
    const shell = await (await page.request.get('/login')).text();
    const preloaded = [...shell.matchAll(/<link rel="modulepreload" href="([^"?]+)/g)].map((m) => m[1]);
    assert.ok(preloaded.includes('/js/pages/login.js'), `the login page is announced: ${preloaded}`);
    assert.ok(!preloaded.includes('/js/pages/session.js'), 'the session page is not');
    assert.ok(network.all().some((r) => new URL(r.url).pathname === '/js/pages/login.js'));

    // The privacy page's module cannot be fetched (the connection dropped, say).
    await context.route(/\/js\/pages\/privacy\.js/, (route) => route.abort());
    await page.goto('/privacy');
    await page.getByRole('heading', { level: 1, name: 'Kennislab is niet bereikbaar' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'De pagina kon niet worden geladen' }).waitFor();
    await page.getByRole('button', { name: 'Pagina opnieuw laden' }).waitFor();
    assertNoProblems(problems);
    await context.close();
  });
});
