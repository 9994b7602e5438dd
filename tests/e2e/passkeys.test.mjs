// Passkeys in a real browser against a real server, with Chromium's virtual
// authenticator (CDP WebAuthn domain: CTAP2, internal, resident keys, user
// verification) standing in for the laptop's fingerprint reader. A member adds
// "Laptop werk" on Beveiliging and keeps the recovery codes it brings; logs in
// with the password and then the passkey; logs in without a password through
// "Inloggen met een passkey"; a passkey on another device that was never added
// is refused with a clear text, and so is the removed one, whose credential
// the device still holds. Then the policy: under "beheerders, medewerkers en
// moderatoren" the member, now a moderator without a factor, is led to
// Beveiliging and adds a passkey, while an invited guest goes straight to the session; under "iedereen"
// the next invited guest is led to Beveiliging first, adds a passkey there, and
// goes on to the session. Photographed at 390 and 1280 px.
//
// One server for the whole file; the tests run in order and build on each other.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from './lib/server.mjs';
import { launchBrowser, newPage } from './lib/browser.mjs';
import {
  acceptInvitationAsNewUser, addSessionMember, assertNoProblems, createActiveAccount, createSession, inviteToSession, login, pathOf, setupAdmin, waitForStart,
} from './lib/flows.mjs';
import { ADMIN, EXPERT, MEMBER } from './lib/people.mjs';

const SHOTS = process.env.KL_E2E_SCREENSHOTS || path.join(tmpdir(), 'kennislab-e2e-screenshots');
const NOT_ACCEPTED = /Deze passkey werd niet geaccepteerd/;

let server;
let browser;
const contexts = [];
let admin;
let member;
let device;  // the member's virtual authenticator
const challenges = [];  // every sign-in challenge the member's page was given

async function freshPage(options = {}) {
  const result = await newPage(browser, { baseURL: server.url, ...options });
  contexts.push(result.context);
  return result;
}

/** On Beveiliging: adds a passkey called name and puts the recovery codes away. */
async function addPasskey(page, name) {
  const passkeys = page.getByRole('region', { name: 'Passkeys' });
  await passkeys.getByLabel('Naam van de passkey', { exact: true }).fill(name);
  await passkeys.getByRole('button', { name: 'Passkey toevoegen' }).click();
  const codes = page.getByRole('region', { name: 'Je herstelcodes' });
  await codes.waitFor();
  assert.equal(await codes.getByRole('listitem').count(), 10, 'the first factor brings ten recovery codes');
  await codes.getByRole('button', { name: 'Ik heb ze bewaard' }).click();
}

/** On Beheer: saves the second-factor policy with this label. */
async function setPolicy(page, label) {
  await page.goto('/admin');
  const policy = page.getByRole('region', { name: 'Tweede factor' });
  await page.waitForFunction(() => !document.querySelector('form[aria-label="Beleid tweede factor"] button[type=submit]').disabled);
  await policy.getByLabel(label).check();
  await policy.getByRole('button', { name: 'Beleid opslaan' }).click();
  await policy.getByRole('status').getByText(`Opgeslagen: ${label.toLowerCase()}.`).waitFor();
}

/** A virtual platform authenticator on page that verifies its user, as a laptop's fingerprint reader does. */
async function addAuthenticator(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    cdp,
    async credentials() {
      return (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
    },
  };
}

async function logout(page) {
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.getByRole('heading', { name: 'Inloggen', level: 1 }).waitFor();
}

async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
}

describe('passkeys (Beveiliging, second step, passwordless sign-in)', () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await freshPage();
    await setupAdmin(admin.page, server.setupUrl, ADMIN);
    member = await freshPage();
    await createActiveAccount(admin.page, member.page, MEMBER);
    device = await addAuthenticator(member.page);
    member.page.on('response', async (response) => {
      if (!response.url().endsWith('/api/passkey/options') || response.status() !== 200) return;
      challenges.push((await response.json()).options.challenge);
    });
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  test('a member adds the passkey "Laptop werk" and keeps the recovery codes it brings', async () => {
    const mp = member.page;
    await mp.getByRole('link', { name: 'Beveiliging' }).click();
    const passkeys = mp.getByRole('region', { name: 'Passkeys' });
    await passkeys.getByText('Je hebt nog geen passkeys.').waitFor();

    // A name is asked for first.
    await passkeys.getByRole('button', { name: 'Passkey toevoegen' }).click();
    await passkeys.getByText('Geef de passkey een naam.').waitFor();
    assert.equal(await device.credentials().then((c) => c.length), 0, 'nothing was made without a name');

    await addPasskey(mp, 'Laptop werk');

    const item = passkeys.getByRole('listitem').filter({ hasText: 'Laptop werk' });
    await item.waitFor();
    await item.getByText('Laatst gebruikt: nog niet').waitFor();
    const stored = await device.credentials();
    assert.equal(stored.length, 1, 'the device holds one passkey');
    assert.equal(stored[0].rpId, 'localhost');
    assert.equal(stored[0].isResidentCredential, true, 'a discoverable passkey, for signing in without a password');

    await screenshot(mp, 'beveiliging-passkey-1280.png');
    await mp.setViewportSize({ width: 390, height: 844 });
    const width = await mp.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `Beveiliging is ${width} px wide at 390 px`);
    await screenshot(mp, 'beveiliging-passkey-390.png');
    await mp.setViewportSize({ width: 1280, height: 800 });
    assertNoProblems(member.problems);
  });

  test('after the password, the second step takes the passkey', async () => {
    const mp = member.page;
    await logout(mp);
    await login(mp, MEMBER);
    await mp.getByRole('heading', { name: 'Tweede stap' }).waitFor();
    assert.equal(await mp.evaluate(() => document.cookie.includes('kl_session')), false, 'no login before the second step');
    await mp.getByRole('button', { name: 'Gebruik je passkey' }).click();
    await waitForStart(mp, MEMBER);

    await mp.goto('/beveiliging');
    const item = mp.getByRole('region', { name: 'Passkeys' }).getByRole('listitem').filter({ hasText: 'Laptop werk' });
    await item.waitFor();
    assert.equal(await item.getByText('Laatst gebruikt: nog niet').count(), 0, 'its last use is shown');
    assertNoProblems(member.problems);
  });

  test('"Inloggen met een passkey" signs in without a password', async () => {
    const mp = member.page;
    await logout(mp);
    await mp.getByRole('button', { name: 'Inloggen met een passkey' }).click();
    await waitForStart(mp, MEMBER);
    assertNoProblems(member.problems);
  });

  test('a passkey that was never added to Kennislab is refused', async () => {
    // Another device with its own passkey for this site, made outside Kennislab's Beveiliging page.
    const other = await freshPage();
    const otherDevice = await addAuthenticator(other.page);
    await other.page.goto('/login');
    await other.page.getByRole('heading', { name: 'Inloggen', level: 1 }).waitFor();
    await other.page.evaluate(async () => {
      await navigator.credentials.create({
        publicKey: {
          rp: { id: 'localhost', name: 'Kennislab' },
          user: { id: crypto.getRandomValues(new Uint8Array(32)), name: 'onbekend@example.org', displayName: 'Onbekend' },
          challenge: crypto.getRandomValues(new Uint8Array(32)),
          pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
          authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
        },
      });
    });
    assert.equal((await otherDevice.credentials()).length, 1);
    await other.page.getByRole('button', { name: 'Inloggen met een passkey' }).click();
    await other.page.getByRole('alert').getByText(NOT_ACCEPTED).waitFor();
    assert.equal(pathOf(other.page), '/login');
    assert.equal(await other.page.evaluate(() => document.cookie.includes('kl_session')), false);
    assertNoProblems(other.problems);
  });

  test('a removed passkey no longer signs in, though the device still holds it', async () => {
    const mp = member.page;
    await mp.goto('/beveiliging');
    const passkeys = mp.getByRole('region', { name: 'Passkeys' });
    await passkeys.getByRole('button', { name: 'Passkey Laptop werk verwijderen' }).click();
    const dialog = mp.getByRole('dialog', { name: 'Passkey verwijderen?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Verwijderen' }).click();
    await passkeys.getByText('Je hebt nog geen passkeys.').waitFor();
    await mp.getByRole('region', { name: 'Herstelcodes' }).getByText(/Zodra je een authenticator-app of passkey toevoegt/).waitFor();
    assert.equal((await device.credentials()).length, 1, 'the device keeps its copy');

    await logout(mp);
    await mp.getByRole('button', { name: 'Inloggen met een passkey' }).click();
    await mp.getByRole('alert').getByText(NOT_ACCEPTED).waitFor();
    // Without a factor the password alone signs in again.
    await login(mp, MEMBER);
    await waitForStart(mp, MEMBER);
    assertNoProblems(member.problems);
  });

  test('a policy leads whom it covers (a moderator, then an invited guest) to Beveiliging first, and no one else', async () => {
    const ap = admin.page;
    // The administrator is covered by both policies: a passkey first.
    await addAuthenticator(ap);
    await ap.goto('/beveiliging');
    await addPasskey(ap, 'Werkplek beheer');
    const title = 'Casusoverleg Noordkust';
    const sessionPath = await createSession(ap, { title });
    await addSessionMember(ap, MEMBER, 'moderator');
    await setPolicy(ap, 'Verplicht voor beheerders, medewerkers en moderatoren');

    // The member moderates a session and has no factor any more: Beveiliging first.
    const mp = member.page;
    await mp.goto('/');
    await mp.getByRole('heading', { name: 'Beveiliging', level: 1 }).waitFor();
    await mp.getByText('Stel eerst een tweede factor in.').waitFor();
    await addPasskey(mp, 'Laptop werk');
    await waitForStart(mp, MEMBER);

    // An expert is no moderator: straight into the session.
    await ap.goto(sessionPath);
    const firstLink = await inviteToSession(ap, { role: 'expert', name: EXPERT.name });
    const first = await freshPage();
    await acceptInvitationAsNewUser(first.page, firstLink, EXPERT, title);
    assert.equal(pathOf(first.page), sessionPath);

    // Everyone: the next guest sets up a factor before anything else.
    await setPolicy(ap, 'Verplicht voor iedereen');
    await ap.goto(sessionPath);
    const secondLink = await inviteToSession(ap, { role: 'expert' });
    const second = await freshPage();
    await addAuthenticator(second.page);
    const guest = { ...EXPERT, name: 'Gijs Gast', email: 'gijs.gast@kennis.example' };
    await acceptInvitationAsNewUser(second.page, secondLink, guest, null);
    await second.page.getByRole('heading', { name: 'Beveiliging', level: 1 }).waitFor();
    await second.page.getByText('Stel eerst een tweede factor in.').waitFor();
    await addPasskey(second.page, 'Telefoon');
    await second.page.getByRole('heading', { name: title, level: 1 }).waitFor();
    assert.equal(pathOf(second.page), sessionPath);

    // The first guest, covered now too, is held back at the next step.
    await first.page.reload();
    await first.page.getByRole('heading', { name: 'Beveiliging', level: 1 }).waitFor();
    for (const p of [admin, member, first, second]) assertNoProblems(p.problems);
  });

  test('the server\'s log holds no credential, user handle, challenge or password', async () => {
    const log = server.output();
    const base64url = (b64) => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const secrets = [MEMBER.password, ADMIN.password, ...challenges];
    for (const credential of await device.credentials()) {
      secrets.push(base64url(credential.credentialId), base64url(credential.userHandle));
    }
    assert.ok(challenges.length >= 3, 'the member signed in with passkeys');
    for (const secret of secrets) assert.equal(log.includes(secret), false, 'a secret is in the server log');
  });
});
