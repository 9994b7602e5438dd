// Foundation flows in a real browser against a real server: first-time setup,
// login/logout, account creation with activation link, blocking, and the
// pages' answers to used or unknown links.
//
// One server for the whole file; the tests run in order and build on each
// other (setup → admin creates a member → admin blocks that member).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser, newPage } from './lib/browser.mjs';
import { activateAccount, assertNoProblems, createAccount, login, pathOf, setupAdmin, waitForStart } from './lib/flows.mjs';
import { ADMIN, MEMBER } from './lib/people.mjs';

let server;
let browser;
const contexts = [];

/** A fresh browser context and page; closed after the test file. */
async function freshPage(options = {}) {
  const result = await newPage(browser, { baseURL: server.url, ...options });
  contexts.push(result.context);
  return result;
}

describe('foundation', () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  test('setup creates the first administrator; logout, wrong password, login', async () => {
    const { page, problems } = await freshPage();

    // A too short password is refused in the page, next to the field.
    await page.goto(server.setupUrl);
    await page.getByRole('heading', { name: 'Kennislab inrichten', level: 1 }).waitFor();
    await page.getByLabel('Naam', { exact: true }).fill(ADMIN.name);
    await page.getByLabel('E-mailadres', { exact: true }).fill(ADMIN.email);
    await page.getByLabel('Naam van de organisatie', { exact: true }).fill(ADMIN.orgName);
    await page.getByLabel('Wachtwoord', { exact: true }).fill('kort');
    await page.getByLabel('Herhaal wachtwoord', { exact: true }).fill('kort');
    await page.getByRole('button', { name: 'Beheerder aanmaken' }).click();
    await page.getByText('Kies een wachtwoord van minstens 10 tekens.').waitFor();

    await setupAdmin(page, server.setupUrl, ADMIN);
    assert.equal(pathOf(page), '/');
    await page.getByText(ADMIN.orgName).first().waitFor();
    // The WebSocket opened and answered hello.
    await page.getByText('verbonden', { exact: true }).waitFor();
    // Administrators get a way to the admin page.
    await page.getByRole('link', { name: 'Beheer', exact: true }).waitFor();

    // The login survives a reload (cookie).
    await page.reload();
    await waitForStart(page, ADMIN);

    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByRole('heading', { name: 'Inloggen', level: 1 }).waitFor();
    assert.equal(pathOf(page), '/login');

    // After logout the start page is closed again.
    await page.goto('/');
    await page.getByRole('heading', { name: 'Inloggen', level: 1 }).waitFor();

    await page.getByLabel('E-mailadres', { exact: true }).fill(ADMIN.email);
    await page.getByLabel('Wachtwoord', { exact: true }).fill('dit-is-het-niet-123');
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'E-mailadres of wachtwoord klopt niet.' }).waitFor();
    assert.equal(pathOf(page), '/login');

    // Keyboard: Enter in the password field submits.
    await page.getByLabel('Wachtwoord', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('Wachtwoord', { exact: true }).press('Enter');
    await waitForStart(page, ADMIN);
    assert.equal(pathOf(page), '/');

    assertNoProblems(problems);
  });

  test('admin creates a member, who activates the account with the link', async () => {
    const { page, problems } = await freshPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    await login(page, ADMIN);
    await waitForStart(page, ADMIN);

    await page.getByRole('link', { name: 'Beheer', exact: true }).click();
    await page.getByRole('heading', { name: 'Beheer', level: 1 }).waitFor();
    assert.equal(pathOf(page), '/admin');

    const link = await createAccount(page, MEMBER);
    assert.ok(link.startsWith(`${server.url}/activate/`), `activation link ${link} should start with ${server.url}/activate/`);

    await page.getByRole('button', { name: 'Kopiëren' }).click();
    const copyStatus = page.getByRole('status').filter({ hasText: /gekopieerd|geselecteerd/ });
    await copyStatus.waitFor();
    if (/gekopieerd/.test(await copyStatus.innerText())) {
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
    }

    // The new account is in the list, waiting for activation; search finds it.
    const memberItem = page.getByRole('listitem').filter({ hasText: MEMBER.email });
    await memberItem.filter({ hasText: 'Wacht op activatie' }).waitFor();
    await page.getByLabel('Zoeken op naam of e-mailadres', { exact: true }).fill(MEMBER.email);
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await page.getByRole('listitem').filter({ hasText: ADMIN.email }).waitFor({ state: 'detached' });
    await memberItem.waitFor();

    // The member opens the link in another browser (no shared cookies).
    const member = await freshPage();
    await member.page.goto(link);
    await member.page.getByRole('heading', { name: 'Wachtwoord instellen', level: 1 }).waitFor();
    assert.equal(await member.page.getByLabel('E-mailadres', { exact: true }).inputValue(), MEMBER.email);
    await activateAccount(member.page, link, MEMBER);
    assert.equal(pathOf(member.page), '/');
    await member.page.getByText('verbonden', { exact: true }).waitFor();
    assert.equal(await member.page.getByRole('link', { name: 'Beheer', exact: true }).count(), 0,
      'a member gets no link to the admin page');

    await member.page.goto('/admin');
    await member.page.getByRole('heading', { name: 'Geen toegang', level: 1 }).waitFor();

    // The link works once.
    await member.page.goto(link);
    await member.page.getByText('Deze link is al gebruikt of verlopen.').waitFor();

    // The admin's list now shows the account as active.
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await memberItem.filter({ hasText: 'Actief' }).waitFor();

    assertNoProblems(problems);
    assertNoProblems(member.problems);
  });

  test('admin blocks the member: the member is logged out and cannot log in', async () => {
    const member = await freshPage();
    await login(member.page, MEMBER);
    await waitForStart(member.page, MEMBER);
    await member.page.getByText('verbonden', { exact: true }).waitFor();

    const { page, problems } = await freshPage();
    await login(page, ADMIN);
    await waitForStart(page, ADMIN);
    await page.goto('/admin');
    await page.getByLabel('Zoeken op naam of e-mailadres', { exact: true }).fill(MEMBER.email);
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    const memberItem = page.getByRole('listitem').filter({ hasText: MEMBER.email });
    await memberItem.getByRole('button', { name: 'Blokkeren' }).click();

    // A real dialog: cancelling changes nothing, confirming blocks.
    const dialog = page.getByRole('dialog', { name: 'Account blokkeren?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await memberItem.filter({ hasText: 'Geblokkeerd' }).count(), 0);

    await memberItem.getByRole('button', { name: 'Blokkeren' }).click();
    await dialog.getByRole('button', { name: 'Blokkeren' }).click();
    await memberItem.filter({ hasText: 'Geblokkeerd' }).waitFor();
    assert.equal(await memberItem.getByRole('button', { name: 'Blokkeren' }).count(), 0);

    // The member's connection is closed; the page finds out the login is gone.
    await member.page.getByRole('heading', { name: 'Inloggen', level: 1 }).waitFor({ timeout: 20_000 });
    assert.equal(pathOf(member.page), '/login');

    await member.page.getByLabel('E-mailadres', { exact: true }).fill(MEMBER.email);
    await member.page.getByLabel('Wachtwoord', { exact: true }).fill(MEMBER.password);
    await member.page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    const alert = member.page.getByRole('alert');
    await alert.waitFor();
    assert.notEqual((await alert.innerText()).trim(), '', 'a failed login shows why');
    assert.equal(pathOf(member.page), '/login');

    assertNoProblems(problems);
    assertNoProblems(member.problems);
  });

  test('setup is closed once done; unknown activation links are refused', async () => {
    const { page, problems } = await freshPage();
    await page.goto(server.setupUrl);
    await page.getByRole('heading', { name: 'Kennislab is al ingericht', level: 1 }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Beheerder aanmaken' }).count(), 0);
    await page.getByRole('link', { name: 'Naar inloggen' }).click();
    await page.getByRole('heading', { name: 'Inloggen', level: 1 }).waitFor();
    assert.equal(pathOf(page), '/login');

    await page.goto('/activate/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    await page.getByText('Deze link is onbekend.').waitFor();

    assertNoProblems(problems);
  });
});
