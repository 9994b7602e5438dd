// Starts a fresh kennislab server for a test file:
//   const server = await startServer();
//   ... server.url, server.setupUrl ...
//   await server.stop();
// The binary comes from KL_SERVER_BINARY. The server gets port 0 and a fresh data
// directory; we learn the port and the setup token from its log.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import assert from 'node:assert/strict';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

// spdlog may colour its output; strip ANSI escapes before matching.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const LISTENING = /listening on https:\/\/localhost:(\d+)/;
const SETUP = /\/setup\?token=([A-Za-z0-9_-]+)/;

// port: a fixed port (a restart on the same origin, so the browser's cache applies);
// dataDir: a data directory the caller owns (kept on stop), e.g. to restart on it.
export async function startServer({ binary = process.env.KL_SERVER_BINARY, args = [], port: fixedPort = 0, dataDir: ownDir = null } = {}) {
  if (!binary) {
    throw new Error('KL_SERVER_BINARY is not set: point it at the built kennislab executable (e.g. build/server/kennislab)');
  }
  const dataDir = ownDir ?? (await mkdtemp(path.join(tmpdir(), 'kennislab-e2e-')));
  const removeData = () => (ownDir ? Promise.resolve() : rm(dataDir, { recursive: true, force: true }));
  // --new-connections-per-address 0, as the integration tests' server has it
  // (tests/integration/support/test_server.cpp; the limit has its own test there):
  // every context of a file comes from 127.0.0.1, and since the shell preloads every
  // module a file's fresh page loads passed the 200 new connections per 10 s that one
  // real address gets (pages stayed blank, or ERR_CONNECTION_RESET).
  const limits = ['--new-connections-per-address', '0'];
  const child = spawn(binary, ['serve', '--listen', `127.0.0.1:${fixedPort}`, '--data', dataDir, ...limits, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = []; // every line, stdout and stderr, for error messages
  const verbose = Boolean(process.env.KL_E2E_VERBOSE);

  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let exitInfo = null;
  exited.then((info) => {
    exitInfo = info;
  });

  let port = null;
  let token = null;
  const ready = new Promise((resolve, reject) => {
    const onLine = (stream) => (raw) => {
      const line = raw.replace(ANSI, '');
      output.push(`[${stream}] ${line}`);
      if (verbose) process.stderr.write(`[server ${stream}] ${line}\n`);
      if (port === null) {
        const m = line.match(LISTENING);
        if (m) port = Number(m[1]);
      }
      if (token === null) {
        const m = line.match(SETUP);
        if (m) token = m[1];
      }
      if (port !== null && token !== null) resolve();
    };
    // Keep reading both streams for the server's whole life, so that its pipes never fill up.
    readline.createInterface({ input: child.stdout }).on('line', onLine('stdout'));
    readline.createInterface({ input: child.stderr }).on('line', onLine('stderr'));
    child.once('error', (err) => reject(new Error(`cannot start ${binary}: ${err.message}`)));
    exited.then(({ code, signal }) => reject(new Error(`kennislab exited early (code ${code}, signal ${signal})`)));
  });

  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`kennislab did not print "listening on https://localhost:<port>" and "/setup?token=…" within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
  });

  try {
    await Promise.race([ready, timeout]);
  } catch (err) {
    if (!exitInfo) child.kill('SIGKILL');
    await exited;
    await removeData();
    err.message += `\n--- server output ---\n${output.join('\n')}`;
    throw err;
  } finally {
    clearTimeout(timer);
  }

  const url = `https://localhost:${port}`;
  return {
    url,
    port,
    setupUrl: `${url}/setup?token=${token}`,
    dataDir,
    output: () => output.join('\n'),
    /** SIGTERM, wait for a clean exit (code 0), remove the data directory (unless the caller's). */
    async stop() {
      if (!exitInfo) child.kill('SIGTERM');
      let killTimer;
      const info = await Promise.race([
        exited,
        new Promise((resolve) => {
          killTimer = setTimeout(() => resolve(null), STOP_TIMEOUT_MS);
        }),
      ]);
      clearTimeout(killTimer);
      try {
        if (info === null) {
          child.kill('SIGKILL');
          await exited;
          assert.fail(`kennislab did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM\n--- server output ---\n${output.join('\n')}`);
        }
        assert.equal(info.code, 0,
          `kennislab should exit with code 0 after SIGTERM, got code ${info.code} signal ${info.signal}\n--- server output ---\n${output.join('\n')}`);
      } finally {
        await removeData();
      }
    },
  };
}
