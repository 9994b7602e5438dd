// Mail in a real browser against a real server and a real SMTP server
// (tests/support/smtp_sink.py, Debian's python3-aiosmtpd, on a free loopback
// port): the administrator creates an account on "Beheer", is told the link was
// mailed (and can still copy it), the mail arrives with that link, and
// "Uitgaande mail" lists it as "Verzonden", readable at 390 px without
// sideways scrolling and without the mail's text; a moderator's invitation with
// an email address is mailed too, without its personal note.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib/server.mjs';
import { launchBrowser, newPage } from './lib/browser.mjs';
import { assertNoProblems, createAccount, createSession, inviteToSession, setupAdmin } from './lib/flows.mjs';
import { ADMIN, EXPERT, MEMBER } from './lib/people.mjs';

const SINK = fileURLToPath(new URL('../support/smtp_sink.py', import.meta.url));
const DEADLINE_MS = 20_000;

/** Starts the SMTP sink; resolves to { port, dir, stop() }. */
async function startSink() {
  const dir = await mkdtemp(path.join(tmpdir(), 'kennislab-e2e-mail-'));
  const child = spawn('/usr/bin/python3', [SINK, '--dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(/^port (\d+)$/);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`smtp_sink.py exited (${code}); is python3-aiosmtpd installed?`)));
  });
  return {
    port,
    dir,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Polls the sink's folder until its n-th message (1-based) arrives; resolves to its text. */
async function nthMail(dir, n) {
  const until = Date.now() + DEADLINE_MS;
  for (;;) {
    const names = (await readdir(dir)).filter((name) => name.endsWith('.eml')).sort();
    if (names.length >= n) return readFile(path.join(dir, names[n - 1]), 'utf8');
    if (Date.now() > until) throw new Error('no mail arrived');
    await new Promise((resolve) => setTimeout(resolve, 100)); // polling, with a deadline
  }
}

/** The decoded text/plain part of a message built by server/app/mail/mime_message.cpp. */
function textPart(raw) {
  const at = raw.indexOf('Content-Type: text/plain');
  const start = raw.indexOf('\r\n\r\n', at) + 4;
  const end = raw.indexOf('\r\n--', start);
  return Buffer.from(raw.slice(start, end).replace(/\r\n/g, ''), 'base64').toString('utf8');
}

let sink;
let server;
let browser;
let admin;

describe('mail', () => {
  before(async () => {
    sink = await startSink();
    server = await startServer({ args: ['--smtp', `smtp://127.0.0.1:${sink.port}`, '--mail-from', 'kennislab@ess.example'] });
    browser = await launchBrowser();
    admin = await newPage(browser, { baseURL: server.url });
    await setupAdmin(admin.page, server.setupUrl, ADMIN);
  });

  after(async () => {
    if (admin) await admin.context.close().catch(() => {});
    if (browser) await browser.close();
    if (server) await server.stop();
    if (sink) await sink.stop();
  });

  test('a new account\'s link is mailed, still shown to copy, and listed as sent in "Uitgaande mail"', async () => {
    const { page, problems } = admin;
    const link = await createAccount(page, MEMBER);
    await page.getByText(`De link wordt gemaild naar ${MEMBER.email}`).waitFor();
    assert.match(link, /\/activate\//);

    const raw = await nthMail(sink.dir, 1);
    assert.match(raw, new RegExp(`^To: <${MEMBER.email.replace(/[.+]/g, '\\$&')}>`, 'm'));
    assert.ok(textPart(raw).includes(link), 'the mail carries the activation link');

    const outbox = page.getByRole('region', { name: 'Uitgaande mail' });
    const table = outbox.getByRole('table');
    const sent = table.getByRole('row').filter({ hasText: MEMBER.email }).filter({ hasText: 'Verzonden' });
    const until = Date.now() + DEADLINE_MS;
    while (!(await sent.count())) {
      assert.ok(Date.now() < until, 'the mail is listed as sent');
      await outbox.getByRole('button', { name: 'Vernieuwen' }).click();
    }
    await table.getByRole('columnheader', { name: 'Status' }).waitFor();
    const row = sent.first();
    await row.getByText('Activatie', { exact: true }).waitFor();
    await row.getByText('Je account bij Kennislab').waitFor();
    // The outbox shows no mail text and no link.
    assert.equal(await outbox.getByText(link).count(), 0);
    assert.equal(await outbox.getByText('Wachtwoord kiezen').count(), 0);

    // Readable on a phone: no sideways scrolling, labels beside the values.
    await page.setViewportSize({ width: 390, height: 844 });
    await row.getByText('Verzonden').scrollIntoViewIfNeeded();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (overflow ${overflow} px)`);
    await page.setViewportSize({ width: 1280, height: 800 });
    assertNoProblems(problems);
  });

  test('an invitation with an email address is mailed with its link, and the link is still shown', async () => {
    const { page, problems } = admin;
    await createSession(page, { title: 'Casus mail' });
    const link = await inviteToSession(page, { role: 'expert', email: EXPERT.email, note: 'Een persoonlijke noot' });
    await page.getByText(`De uitnodiging wordt gemaild naar ${EXPERT.email}`).waitFor();
    const raw = await nthMail(sink.dir, 2);
    const text = textPart(raw);
    assert.ok(text.includes(link), 'the mail carries the invitation link');
    assert.ok(text.includes('Casus mail'), 'the mail names the session');
    assert.ok(!raw.includes('persoonlijke noot') && !text.includes('persoonlijke noot'), 'the note stays out of the mail');
    assertNoProblems(problems);
  });
});
