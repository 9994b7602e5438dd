// The second factor in a real browser against a real server: the administrator
// adds an authenticator app on Beveiliging (the key read from the page, codes
// from `oathtool`), keeps the recovery codes (copy, download, print only them),
// logs out and back in with password and code; a wrong code says so; a
// recovery code works once; removing the app asks for a current code (passkeys
// have their own file, passkeys.test.mjs); policy "everyone" on Beheer leads a
// member without a factor to Beveiliging, where the header cannot lead away,
// until the member adds an app, and then renews the recovery codes; the
// administrator resets that member's factor, which ends the member's logins; an
// expired step leads back to the password, and too many wrong codes say how
// long to wait. Beveiliging is checked at 390 px (no horizontal scrolling) and
// photographed at 390 and 1280 px.
//
// Codes never wait for the clock: each account remembers the last 30-second
// step it used, and the next code is that of the following step (the server
// accepts one step either way, each step once).
//
// One server for the whole file; the tests run in order and build on each other.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from './lib/server.mjs';
import { launchBrowser, newPage } from './lib/browser.mjs';
import { assertNoProblems, createActiveAccount, login, pathOf, setupAdmin, socketRequest, waitForStart } from './lib/flows.mjs';
import { ADMIN, MEMBER, STAFF } from './lib/people.mjs';

const SHOTS = process.env.KL_E2E_SCREENSHOTS || path.join(tmpdir(), 'kennislab-e2e-screenshots');

let server;
let browser;
const contexts = [];
let admin;
let member;
let staff;
const adminTotp = { secret: null, lastStep: 0 };
const memberTotp = { secret: null, lastStep: 0 };
const staffTotp = { secret: null, lastStep: 0 };
let recoveryCodes = [];

async function freshPage(options = {}) {
  const result = await newPage(browser, { baseURL: server.url, ...options });
  contexts.push(result.context);
  return result;
}

/** The TOTP code of a 30-second step (`oathtool -N @seconds`). */
function codeAt(secret, step) {
  return execFileSync('oathtool', ['--totp', '-b', secret, '-N', `@${step * 30}`], { encoding: 'utf8' }).trim();
}

/** A code the server has not seen for this account yet: the current step, or the next one. */
function nextCode(account) {
  const now = Math.floor(Date.now() / 1000 / 30);
  const step = Math.max(now, account.lastStep + 1);
  assert.ok(step <= now + 1, 'the test used more than two codes of one account within 30 seconds');
  account.lastStep = step;
  return codeAt(account.secret, step);
}

/** Six digits that are no valid code of this account right now. */
function wrongCode(account) {
  const now = Math.floor(Date.now() / 1000 / 30);
  const valid = new Set([-1, 0, 1, 2].map((d) => codeAt(account.secret, now + d)));
  return ['123456', '654321', '111111'].find((c) => !valid.has(c));
}

/** The accessible name (its label) of the focused element. */
function focusedLabel(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return (el.labels && el.labels[0]?.textContent) || el.textContent;
  });
}

async function assertNoHorizontalScroll(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width} px wide at 390 px: it scrolls sideways`);
}

async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
}

/** On Beveiliging: adds the authenticator app, returns its secret and ends on the recovery codes. */
async function addAuthenticator(page, account, { shot } = {}) {
  const app = page.getByRole('region', { name: 'Authenticator-app' });
  await app.getByText('Niet ingesteld').waitFor();
  await app.getByRole('button', { name: 'Authenticator-app toevoegen' }).click();
  await app.getByRole('heading', { name: 'Authenticator-app koppelen' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Authenticator-app koppelen', 'focus moves to the new step');
  const qr = app.getByRole('img', { name: /QR-code/ });
  await qr.waitFor();
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR image loads');
  const shown = await app.getByLabel('Sleutel', { exact: true }).inputValue();
  assert.match(shown, /^([A-Z2-7]{4} )*[A-Z2-7]{1,4}$/, 'the key is shown in groups of four');
  account.secret = shown.replace(/ /g, '');
  const codeInput = app.getByLabel('Code uit de app', { exact: true });
  assert.equal(await codeInput.getAttribute('inputmode'), 'numeric');
  assert.equal(await codeInput.getAttribute('autocomplete'), 'one-time-code');
  if (shot) await shot();
  await codeInput.fill(nextCode(account));
  await app.getByRole('button', { name: 'Bevestigen' }).click();
  const panel = page.getByRole('region', { name: 'Je herstelcodes' });
  await panel.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Je herstelcodes', 'focus moves to the recovery codes');
  return panel;
}

describe('second factor (Beveiliging, login step, Beheer)', () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await freshPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    await setupAdmin(admin.page, server.setupUrl, ADMIN);
    member = await freshPage();
    await createActiveAccount(admin.page, member.page, MEMBER);
    staff = await freshPage();
    await createActiveAccount(admin.page, staff.page, STAFF);
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  test('the administrator adds an authenticator app and keeps the recovery codes', async () => {
    const ap = admin.page;
    await ap.goto('/');
    await ap.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beveiliging' }).click();
    await ap.getByRole('heading', { name: 'Beveiliging', level: 1 }).waitFor();
    assert.equal(pathOf(ap), '/beveiliging');
    await ap.getByRole('region', { name: 'Passkeys' }).getByText('Je hebt nog geen passkeys.').waitFor();

    const panel = await addAuthenticator(ap, adminTotp, { shot: () => screenshot(ap, 'beveiliging-koppelen-1280.png') });
    const list = panel.getByRole('list', { name: 'Herstelcodes' });
    recoveryCodes = (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
    assert.equal(recoveryCodes.length, 10);
    assert.equal(new Set(recoveryCodes).size, 10);
    await screenshot(ap, 'beveiliging-herstelcodes-1280.png');

    // Kopiëren: all ten on the clipboard, one a line.
    await panel.getByRole('button', { name: 'Kopiëren' }).click();
    await panel.getByRole('status').getByText('De herstelcodes zijn gekopieerd.').waitFor();
    assert.equal(await ap.evaluate(() => navigator.clipboard.readText()), recoveryCodes.join('\n'));

    // Downloaden: a .txt with every code.
    const [download] = await Promise.all([ap.waitForEvent('download'), panel.getByRole('button', { name: 'Downloaden' }).click()]);
    assert.equal(download.suggestedFilename(), 'kennislab-herstelcodes.txt');
    const text = readFileSync(await download.path(), 'utf8');
    for (const code of recoveryCodes) assert.ok(text.includes(code), `the download holds ${code}`);
    assert.ok(text.includes(ADMIN.email));

    // Afdrukken: the print dialog opens, and print shows only the codes.
    await ap.evaluate(() => {
      window.print = () => {
        window.printed = true;
      };
    });
    await panel.getByRole('button', { name: 'Afdrukken' }).click();
    assert.equal(await ap.evaluate(() => window.printed), true);
    await ap.emulateMedia({ media: 'print' });
    const visibility = (selector) => ap.evaluate((s) => getComputedStyle(document.querySelector(s)).visibility, selector);
    assert.equal(await visibility('h1'), 'hidden');
    assert.equal(await visibility('.app-header'), 'hidden');
    assert.equal(await visibility('.recovery-codes li'), 'visible');
    await ap.emulateMedia({ media: 'screen' });

    await panel.getByRole('button', { name: 'Ik heb ze bewaard' }).click();
    await panel.waitFor({ state: 'detached' });
    const app = ap.getByRole('region', { name: 'Authenticator-app' });
    await app.getByText('Ingesteld', { exact: true }).waitFor();
    await ap.getByRole('region', { name: 'Herstelcodes' }).getByText('Je hebt nog 10 ongebruikte herstelcodes.').waitFor();
    assert.equal(await ap.evaluate(() => document.body.classList.contains('print-recovery-codes')), false);
    await screenshot(ap, 'beveiliging-ingesteld-1280.png');
    assertNoProblems(admin.problems);
  });

  test('log out, then in with password and a code; a wrong code says so', async () => {
    const ap = admin.page;
    await ap.getByRole('button', { name: 'Uitloggen' }).click();
    await ap.getByRole('heading', { name: 'Inloggen', level: 1 }).waitFor();
    assert.equal(await ap.getByRole('button', { name: 'Inloggen met een passkey' }).isVisible(), true);

    await login(ap, ADMIN);
    await ap.getByRole('heading', { name: 'Tweede stap' }).waitFor();
    const code = ap.getByLabel('Code uit je authenticator-app', { exact: true });
    await code.waitFor();
    assert.equal(await focusedLabel(ap), 'Code uit je authenticator-app', 'the code field has the focus');
    assert.equal(await ap.evaluate(() => document.cookie.includes('kl_session')), false);

    await code.fill(wrongCode(adminTotp));
    await ap.getByRole('button', { name: 'Bevestigen' }).click();
    await ap.getByRole('alert').getByText(/Deze code klopt niet/).waitFor();
    assert.equal(pathOf(ap), '/login');
    await screenshot(ap, 'login-tweede-stap-1280.png');
    await ap.setViewportSize({ width: 390, height: 844 });
    await assertNoHorizontalScroll(ap);
    await ap.setViewportSize({ width: 1280, height: 800 });

    await code.fill(nextCode(adminTotp));
    await ap.getByRole('button', { name: 'Bevestigen' }).click();
    await waitForStart(ap, ADMIN);
    assertNoProblems(admin.problems);
  });

  test('a recovery code works once', async () => {
    const first = await freshPage();
    await login(first.page, ADMIN);
    await first.page.getByRole('button', { name: 'Gebruik een herstelcode' }).click();
    const field = first.page.getByLabel('Herstelcode', { exact: true });
    await field.waitFor();
    assert.equal(await focusedLabel(first.page), 'Herstelcode', 'the recovery code field has the focus');
    await field.fill(recoveryCodes[0]);
    await first.page.getByRole('button', { name: 'Bevestigen' }).click();
    await waitForStart(first.page, ADMIN);

    const again = await freshPage();
    await login(again.page, ADMIN);
    await again.page.getByRole('button', { name: 'Gebruik een herstelcode' }).click();
    await again.page.getByLabel('Herstelcode', { exact: true }).fill(recoveryCodes[0]);
    await again.page.getByRole('button', { name: 'Bevestigen' }).click();
    await again.page.getByRole('alert').getByText('Deze herstelcode klopt niet of is al gebruikt.').waitFor();
    // Back to the app's code, and the step still works.
    await again.page.getByRole('button', { name: 'Gebruik je authenticator-app' }).click();
    await again.page.getByLabel('Code uit je authenticator-app', { exact: true }).waitFor();

    await first.page.goto('/beveiliging');
    await first.page.getByRole('region', { name: 'Herstelcodes' }).getByText('Je hebt nog 9 ongebruikte herstelcodes.').waitFor();
    assertNoProblems(first.problems);
    assertNoProblems(again.problems);
  });

  test('removing the authenticator app asks for a current code; Escape cancels', async () => {
    const sp = staff.page;
    await sp.goto('/beveiliging');
    const panel = await addAuthenticator(sp, staffTotp);
    await panel.getByRole('button', { name: 'Ik heb ze bewaard' }).click();
    const app = sp.getByRole('region', { name: 'Authenticator-app' });
    await app.getByText('Ingesteld', { exact: true }).waitFor();

    const remove = app.getByRole('button', { name: 'Authenticator-app verwijderen' });
    await remove.click();
    const step = app.getByRole('form', { name: 'Authenticator-app verwijderen' });
    const code = step.getByLabel('Huidige code uit je authenticator-app', { exact: true });
    await code.waitFor();
    assert.equal(await focusedLabel(sp), 'Huidige code uit je authenticator-app', 'focus moves to the code');
    await sp.keyboard.press('Escape');
    await step.waitFor({ state: 'detached' });
    assert.equal(await remove.evaluate((b) => b === document.activeElement), true, 'focus returns to the button');

    await remove.click();
    await code.fill(wrongCode(staffTotp));
    await step.getByRole('button', { name: 'Verwijderen' }).click();
    await step.getByRole('alert').getByText(/Deze code klopt niet/).waitFor();
    await code.fill(nextCode(staffTotp));
    await step.getByRole('button', { name: 'Verwijderen' }).click();
    await app.getByText('Niet ingesteld').waitFor();
    await sp.getByRole('region', { name: 'Herstelcodes' }).getByText(/Zodra je een authenticator-app of passkey toevoegt/).waitFor();
    assertNoProblems(staff.problems);
  });

  test('without a passkey API the login page offers no passkey', async () => {
    const plain = await freshPage();
    await plain.context.addInitScript(() => {
      delete window.PublicKeyCredential;
    });
    await plain.page.goto('/login');
    await plain.page.getByRole('heading', { name: 'Inloggen', level: 1 }).waitFor();
    assert.equal(await plain.page.getByRole('button', { name: 'Inloggen met een passkey' }).count(), 0);
    assertNoProblems(plain.problems);
  });

  test('policy "everyone" leads a member without a factor to Beveiliging, and the header cannot leave it', async () => {
    const ap = admin.page;
    await ap.goto('/admin');
    const policy = ap.getByRole('region', { name: 'Tweede factor' });
    const none = policy.getByLabel('Niet verplicht');
    await ap.waitForFunction(() => !document.querySelector('form[aria-label="Beleid tweede factor"] button[type=submit]').disabled);
    assert.equal(await none.isChecked(), true);
    await policy.getByLabel('Verplicht voor iedereen').check();
    await policy.getByRole('button', { name: 'Beleid opslaan' }).click();
    await policy.getByRole('status').getByText('Opgeslagen: verplicht voor iedereen.').waitFor();
    await policy.screenshot({ path: path.join(SHOTS, 'beheer-tweede-factor-1280.png') });
    const memberItem = ap.getByRole('list', { name: 'Accounts' }).getByRole('listitem').filter({ hasText: MEMBER.email });
    await memberItem.getByText('Tweede factor: nee').waitFor();
    await ap.getByRole('list', { name: 'Accounts' }).getByRole('listitem').filter({ hasText: ADMIN.email }).getByText('Tweede factor: ja').waitFor();

    // The member's open page: the next refused verb leads to Beveiliging.
    const mp = member.page;
    await waitForStart(mp, MEMBER);
    assert.deepEqual(await socketRequest(mp, 'session.list'), { error: 'second_factor_required' });
    await mp.getByRole('heading', { name: 'Beveiliging', level: 1 }).waitFor();
    await mp.getByText('Stel eerst een tweede factor in.').waitFor();

    // The member logs in anew and lands on Beveiliging, with the reason on top.
    await mp.getByRole('button', { name: 'Uitloggen' }).click();
    await mp.getByRole('heading', { name: 'Inloggen', level: 1 }).waitFor();
    await login(mp, MEMBER);
    await mp.getByRole('heading', { name: 'Beveiliging', level: 1 }).waitFor();
    assert.equal(pathOf(mp), '/beveiliging');
    await mp.getByText('Stel eerst een tweede factor in.').waitFor();

    // Nothing else is reachable: the header's Start, a typed address, a verb.
    // A click changes the address at once and the router sends it back once it has
    // asked the server: wait for the address, not for the heading still on screen.
    const backOnSecurity = async () => {
      await mp.waitForFunction(() => location.pathname === '/beveiliging');
      await mp.getByRole('heading', { name: 'Beveiliging', level: 1 }).waitFor();
    };
    await mp.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Start' }).click();
    await backOnSecurity();
    await mp.getByRole('link', { name: 'Kennislab' }).click();
    await backOnSecurity();
    await mp.goto('/');
    await mp.getByRole('heading', { name: 'Beveiliging', level: 1 }).waitFor();
    assert.equal(pathOf(mp), '/beveiliging');
    assert.deepEqual(await socketRequest(mp, 'session.list'), { error: 'second_factor_required' });

    // At phone width: readable without sideways scrolling.
    await mp.setViewportSize({ width: 390, height: 844 });
    await mp.getByRole('region', { name: 'Authenticator-app' }).getByText('Niet ingesteld').waitFor();
    await assertNoHorizontalScroll(mp);
    await screenshot(mp, 'beveiliging-verplicht-390.png');
    const panel = await addAuthenticator(mp, memberTotp, {
      shot: async () => {
        await assertNoHorizontalScroll(mp);
        await screenshot(mp, 'beveiliging-koppelen-390.png');
      },
    });
    const memberCodes = (await panel.getByRole('list', { name: 'Herstelcodes' }).getByRole('listitem').allTextContents()).map((c) => c.trim());
    assert.equal(memberCodes.length, 10);
    await assertNoHorizontalScroll(mp);
    await screenshot(mp, 'beveiliging-herstelcodes-390.png');
    // Saved: on to where the member was going.
    await panel.getByRole('button', { name: 'Ik heb ze bewaard' }).click();
    await waitForStart(mp, MEMBER);
    assert.equal(pathOf(mp), '/');
    await mp.goto('/beveiliging');
    await mp.getByRole('region', { name: 'Authenticator-app' }).getByText('Ingesteld', { exact: true }).waitFor();

    // New recovery codes after a current code: ten others, shown once.
    const codes = mp.getByRole('region', { name: 'Herstelcodes' });
    await codes.getByRole('button', { name: 'Nieuwe herstelcodes' }).click();
    const renew = codes.getByRole('form', { name: 'Nieuwe herstelcodes maken' });
    await renew.getByLabel('Huidige code uit je authenticator-app', { exact: true }).fill(nextCode(memberTotp));
    await renew.getByRole('button', { name: 'Nieuwe codes maken' }).click();
    const renewed = mp.getByRole('region', { name: 'Je herstelcodes' });
    await renewed.waitFor();
    const fresh = (await renewed.getByRole('list', { name: 'Herstelcodes' }).getByRole('listitem').allTextContents()).map((c) => c.trim());
    assert.equal(fresh.length, 10);
    assert.equal(fresh.filter((c) => memberCodes.includes(c)).length, 0, 'the new codes are others');
    await renewed.getByRole('button', { name: 'Ik heb ze bewaard' }).click();
    await mp.getByRole('region', { name: 'Herstelcodes' }).getByText('Je hebt nog 10 ongebruikte herstelcodes.').waitFor();
    assert.equal(await mp.getByText('Stel eerst een tweede factor in.').isVisible(), false);
    await assertNoHorizontalScroll(mp);
    await screenshot(mp, 'beveiliging-ingesteld-390.png');
    await mp.setViewportSize({ width: 1280, height: 800 });
    assertNoProblems(member.problems);
  });

  test('the administrator resets the member\'s factor, which ends the member\'s logins', async () => {
    const ap = admin.page;
    await ap.goto('/admin');
    const memberItem = ap.getByRole('list', { name: 'Accounts' }).getByRole('listitem').filter({ hasText: MEMBER.email });
    await memberItem.getByText('Tweede factor: ja').waitFor();
    const reset = memberItem.getByRole('button', { name: `Tweede factor resetten van ${MEMBER.name}` });

    // Escape closes the dialog and changes nothing.
    // Beheer with the new flags and buttons fits a phone too.
    await ap.setViewportSize({ width: 390, height: 844 });
    await assertNoHorizontalScroll(ap);
    await ap.setViewportSize({ width: 1280, height: 800 });

    await reset.click();
    const dialog = ap.getByRole('dialog', { name: 'Tweede factor resetten?' });
    await dialog.waitFor();
    await dialog.getByText(/wordt overal uitgelogd/).waitFor();
    await ap.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await reset.evaluate((b) => b === document.activeElement), true, 'focus returns to the button');

    await reset.click();
    await dialog.getByRole('button', { name: 'Tweede factor resetten' }).click();
    await memberItem.getByText('Tweede factor: nee').waitFor();
    assert.equal(await memberItem.getByRole('button', { name: `Tweede factor resetten van ${MEMBER.name}` }).count(), 0);

    // The member's open page loses its login; the next login asks for a new factor.
    const mp = member.page;
    await mp.getByRole('heading', { name: 'Inloggen', level: 1 }).waitFor({ timeout: 20_000 });
    await login(mp, MEMBER);
    await mp.getByRole('heading', { name: 'Beveiliging', level: 1 }).waitFor();
    await mp.getByText('Stel eerst een tweede factor in.').waitFor();
    await mp.getByRole('region', { name: 'Authenticator-app' }).getByText('Niet ingesteld').waitFor();

    await ap.goto('/admin');
    await ap.getByRole('region', { name: 'Logboek' }).getByText('Tweede factor gereset').first().waitFor();
    assertNoProblems(admin.problems);
    assertNoProblems(member.problems);
  });
  test('an expired step goes back to the password; too many wrong codes say how long to wait', async () => {
    const { page, problems } = await freshPage();
    await login(page, ADMIN);
    const code = page.getByLabel('Code uit je authenticator-app', { exact: true });
    await code.waitFor();

    // A step the server no longer knows (as after 5 minutes): the request
    // carries another token, and the real server's answer leads back.
    await page.route('**/api/login/second-factor', (route) => {
      const body = JSON.parse(route.request().postData());
      route.continue({ postData: JSON.stringify({ ...body, token: 'verlopen-token' }) });
    });
    await code.fill(wrongCode(adminTotp));
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await page.getByRole('alert').getByText('Deze inlogpoging is verlopen of al gebruikt. Log opnieuw in met je wachtwoord.').waitFor();
    const password = page.getByLabel('Wachtwoord', { exact: true });
    assert.equal(await page.getByLabel('E-mailadres', { exact: true }).inputValue(), ADMIN.email, 'the e-mail address stays filled in');
    assert.equal(await password.evaluate((el) => el === document.activeElement), true, 'the password field has the focus');
    await page.unroute('**/api/login/second-factor');

    // Wrong codes, one answer at a time, until the server refuses more.
    await password.fill(ADMIN.password);
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    await code.waitFor();
    let status = 0;
    for (let attempt = 0; attempt < 6 && status !== 429; attempt += 1) {
      await code.fill(wrongCode(adminTotp));
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/login/second-factor')),
        page.getByRole('button', { name: 'Bevestigen' }).click(),
      ]);
      status = response.status();
      if (status !== 429) await page.getByRole('alert').getByText(/Deze code klopt niet/).waitFor();
    }
    assert.equal(status, 429, 'at most 5 wrong codes are taken');
    await page.getByRole('alert').getByText(/^Te veel onjuiste codes achter elkaar\. Wacht \d+ (minuten|minuut|seconden) en probeer het dan opnieuw\.$/).waitFor();
    assert.equal(pathOf(page), '/login');
    assertNoProblems(problems);
  });
});
