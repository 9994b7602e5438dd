// The `load` scenario of kl-bench (tests/bench/README.md): page loads in real
// Chromium (playwright-core, Debian's /usr/bin/chromium) with the DevTools protocol's
// network emulation, against a server started with --demo.
//
//   node tests/bench/load/page-load.mjs --kennislab build-bench/server/kennislab [--trials 3] [--web DIR]
//
// --web serves another client folder (an older web/, say, to compare a change A/B
// with the same server binary).
//
// For each network (40 and 100 ms latency, 10 Mbit/s each way) and each page (start,
// the demo session, its Terugblik): a cold visit (a fresh browser context: empty
// cache, only the login cookie) and a warm one (the same context, next visit), each
// timed from the start of the navigation until the page's content shows (the session
// list, the thread list, the Terugblik), with the number of responses and the bytes on
// the wire (Network.loadingFinished's encodedDataLength; cache hits count 0).
// Medians over the trials. Prints one JSON object (rows) on stdout, progress on stderr.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startServer } from '../../e2e/lib/server.mjs';
import { launchBrowser, newPage, spkiHash } from '../../e2e/lib/browser.mjs';
import { setupAdmin } from '../../e2e/lib/flows.mjs';
import { ADMIN } from '../../e2e/lib/people.mjs';

const NETWORKS = [
  { name: '100 ms, 10 Mbit/s', latency: 100, targets: { cold: 700, warm: 400, warmKiB: 30 } },
  { name: '40 ms, 10 Mbit/s', latency: 40, targets: { cold: 350 } },
];
const THROUGHPUT = (10 * 1000 * 1000) / 8; // bytes per second

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

// Counts what a page receives: responses (from the network or a cache), and bytes.
async function networkCounter(context, page, latency) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency,
    downloadThroughput: THROUGHPUT,
    uploadThroughput: THROUGHPUT,
  });
  let counts;
  const inFlight = new Set();
  const reset = () => {
    counts = { responses: 0, cached: 0, bytes: 0, urls: [] };
    inFlight.clear();
    started = undefined;
    requests.clear();
    frames = 0;
  };
  // For KL_LOAD_VERBOSE: when each request started and ended, in ms after the first
  // (with its protocol), and the WebSocket's upgrade and first frames.
  let started;
  let frames = 0;
  const requests = new Map();
  const since = (timestamp) => Math.round((timestamp - started) * 1000);
  reset();
  cdp.on('Network.requestWillBeSent', ({ requestId, request, timestamp }) => {
    if (!request.url.startsWith('http') && !request.url.startsWith('ws')) return;
    if (started === undefined) started = timestamp;
    requests.set(requestId, { start: since(timestamp), url: request.url });
    if (request.url.startsWith('http')) inFlight.add(requestId);
  });
  cdp.on('Network.webSocketWillSendHandshakeRequest', ({ timestamp }) => {
    if (started !== undefined) counts.urls.push(`ws upgrade sent +${since(timestamp)}`);
  });
  cdp.on('Network.webSocketHandshakeResponseReceived', ({ timestamp }) => {
    if (started !== undefined) counts.urls.push(`ws upgrade answered +${since(timestamp)}`);
  });
  cdp.on('Network.webSocketFrameSent', ({ timestamp, response }) => {
    if (started !== undefined && frames++ < 12) counts.urls.push(`ws sent ${response.payloadData.slice(0, 40)} +${since(timestamp)}`);
  });
  cdp.on('Network.webSocketFrameReceived', ({ timestamp, response }) => {
    if (started !== undefined && frames++ < 12) counts.urls.push(`ws received ${response.payloadData.slice(0, 40)} +${since(timestamp)}`);
  });
  cdp.on('Network.requestServedFromCache', () => {
    counts.cached += 1;
  });
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    if (!inFlight.has(requestId)) return;
    counts.responses += 1;
    if (response.fromDiskCache) counts.cached += 1;
    const times = requests.get(requestId) || {};
    times.line = `${response.status} ${response.protocol || ''} ${new URL(response.url).pathname}${response.fromDiskCache ? ' (cache)' : ''}`;
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength, timestamp }) => {
    if (!inFlight.delete(requestId)) return;
    counts.bytes += encodedDataLength;
    const times = requests.get(requestId) || {};
    counts.urls.push(`${times.line} +${times.start}..${since(timestamp)}`);
  });
  cdp.on('Network.loadingFailed', ({ requestId }) => inFlight.delete(requestId));
  return {
    reset,
    counts: () => counts,
    // What the page asked for and has not received yet (to explain a visit that hangs).
    pending: () => [...inFlight].map((id) => (requests.get(id) || {}).url),
    // Waits (bounded) until nothing the page asked for has been on its way for half a
    // second: what the page fetches once it shows (the parts it loads after painting,
    // the other pages it preloads when idle) is in its figures and in the cache.
    async settle() {
      const deadline = Date.now() + 5000;
      let quietSince = Date.now();
      while (Date.now() < deadline && Date.now() - quietSince < 500) {
        await new Promise((r) => setTimeout(r, 20));
        if (inFlight.size > 0) quietSince = Date.now();
      }
    },
  };
}

// One visit: milliseconds from the navigation's start until ready shows (measured in
// the page: performance.now() counts from the navigation's start), and what it cost.
async function visit(page, counter, url, ready) {
  counter.reset();
  await page.goto(url, { waitUntil: 'commit' });
  let handle;
  try {
    handle = await page.waitForFunction((selector) => {
      const el = document.querySelector(selector);
      return el && el.getClientRects().length > 0 ? performance.now() : false;
    }, ready, { polling: 'raf', timeout: 15_000 });
  } catch (err) {
    const text = await page.locator('main').innerText().catch(() => '(no page)');
    throw new Error(`${url}: ${ready} did not show; the page says: ${text.slice(0, 300)}; still waiting for: ${counter.pending().join(', ')}`, { cause: err });
  }
  const ms = await handle.jsonValue();
  await counter.settle();
  const counts = counter.counts();
  return { ms, responses: counts.responses, cached: counts.cached, bytes: counts.bytes, urls: counts.urls };
}

async function main() {
  const binary = option('kennislab', process.env.KL_SERVER_BINARY);
  const trials = Number(option('trials', '3'));
  const web = option('web', null);
  const server = await startServer({ binary, args: ['--demo', ...(web ? ['--web', web] : [])] });
  const browser = await launchBrowser({
    trustedSpki: [spkiHash(await readFile(path.join(server.dataDir, 'cert.pem'), 'utf8'))],
  });
  const rows = [];
  try {
    // The administrator made through the setup link moderates the demo session.
    const admin = await newPage(browser, { baseURL: server.url });
    await setupAdmin(admin.page, server.setupUrl, ADMIN);
    const link = admin.page.locator('.session-list a').first();
    await link.waitFor();
    const sessionPath = await link.getAttribute('href');
    const cookies = await admin.context.cookies();
    await admin.context.close();

    const pages = [
      { name: 'start', url: '/', ready: '.session-list li a' },
      { name: 'sessie', url: sessionPath, ready: '.thread-list li' },
      { name: 'terugblik', url: `${sessionPath}/terugblik`, ready: '.review-body:not([hidden])' },
    ];
    for (const network of NETWORKS) {
      for (const target of pages) {
        const cold = [];
        const warm = [];
        const stalls = [];
        for (let trial = 0; trial < trials; trial += 1) {
          const context = await browser.newContext({ ignoreHTTPSErrors: true, baseURL: server.url });
          await context.addCookies(cookies);
          const page = await context.newPage();
          const counter = await networkCounter(context, page, network.latency);
          try {
            const first = await visit(page, counter, target.url, target.ready);
            await page.goto('about:blank');
            const second = await visit(page, counter, target.url, target.ready);
            cold.push(first);
            warm.push(second);
          } catch (err) {
            // Chromium's network emulation now and then never sends some of a page's
            // requests (a server traced meanwhile had answered everything it was
            // sent; see tests/bench/README.md): that trial is counted as stalled and
            // made again, a bounded number of times.
            stalls.push(err.message.slice(0, 300));
            process.stderr.write(`stalled, made again: ${err.message.slice(0, 300)}\n`);
            if (stalls.length > trials) throw err;
            trial -= 1;
          } finally {
            await context.close();
          }
        }
        const summary = (visits) => ({
          ms: Math.round(median(visits.map((v) => v.ms))),
          responses: median(visits.map((v) => v.responses)),
          from_cache: median(visits.map((v) => v.cached)),
          kib: Math.round(median(visits.map((v) => v.bytes)) / 102.4) / 10,
        });
        const row = { network: network.name, latency_ms: network.latency, page: target.name, cold: summary(cold), warm: summary(warm), stalled: stalls.length, targets: network.targets };
        if (process.env.KL_LOAD_VERBOSE) row.urls = { cold: cold[0].urls, warm: warm[0].urls };
        rows.push(row);
        process.stderr.write(`${network.name} ${target.name}: cold ${row.cold.ms} ms (${row.cold.responses} responses, ${row.cold.kib} KiB), warm ${row.warm.ms} ms (${row.warm.responses} responses, ${row.warm.kib} KiB)\n`);
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  process.stdout.write(`${option('print-prefix', '')}${JSON.stringify({ rows })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
