// Mentions and the notification bell in a real browser against a real server.
// The administrator (moderator of a session) mentions the member in a reply by
// typing "@Mo" and choosing from the list with the keyboard; the member's bell
// counts it live, the panel lists it, and its link opens the thread at the post
// and marks it read. In a note for moderators the member is not offered. The
// panel is checked at 390 px (no sideways scrolling) and photographed.
//
// One server for the whole file; the tests run in order and build on each other.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from './lib/server.mjs';
import { launchBrowser, newPage } from './lib/browser.mjs';
import { addSessionMember, assertNoProblems, createActiveAccount, createSession, pathOf, setupAdmin, startThread, waitForStart } from './lib/flows.mjs';
import { ADMIN, MEMBER } from './lib/people.mjs';

const SHOTS = process.env.KL_E2E_SCREENSHOTS || path.join(tmpdir(), 'kennislab-e2e-screenshots');
const TITLE = 'Casusoverleg Zuidrand';
const THREAD = 'Signalen op school';

let server;
let browser;
const contexts = [];
let admin;
let member;
let sessionPath;

async function freshPage() {
  const result = await newPage(browser, { baseURL: server.url });
  contexts.push(result.context);
  return result;
}

const composer = (page) => page.getByRole('form', { name: 'Reageren' });
const bell = (page) => page.getByRole('button', { name: /^Meldingen/ });

describe('mentions and notifications', () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await freshPage();
    await setupAdmin(admin.page, server.setupUrl, ADMIN);
    member = await freshPage();
    await createActiveAccount(admin.page, member.page, MEMBER);
    sessionPath = await createSession(admin.page, { title: TITLE });
    await addSessionMember(admin.page, MEMBER, 'participant');
    await startThread(admin.page, { title: THREAD, body: 'Wat zien jullie op scholen?' });
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  test('a note for moderators offers no participant to mention', async () => {
    const form = composer(admin.page);
    await form.getByLabel('Notitie voor moderatoren').check();
    const body = form.getByLabel('Bericht', { exact: true });
    await body.fill('Even intern: @Mo');
    assert.equal(await admin.page.getByRole('listbox', { name: 'Leden om te noemen' }).isVisible(), false);
    await body.fill('');
    await form.getByLabel('Notitie voor moderatoren').uncheck();
    assertNoProblems(admin.problems);
  });

  test('the moderator mentions the member, whose bell counts it live', async () => {
    const mp = member.page;
    await mp.goto('/');
    await waitForStart(mp, MEMBER);
    await bell(mp).and(mp.getByRole('button', { name: 'Meldingen, geen ongelezen' })).waitFor();

    const form = composer(admin.page);
    const body = form.getByLabel('Bericht', { exact: true });
    await body.click();
    await body.pressSequentially('Kun jij hier iets over zeggen, @Mo');
    const options = admin.page.getByRole('listbox', { name: 'Leden om te noemen' });
    await options.getByRole('option', { name: MEMBER.name }).waitFor();
    assert.equal(await body.getAttribute('aria-expanded'), 'true');
    await body.press('Enter');
    assert.equal(await options.isVisible(), false, 'choosing closes the list');
    assert.equal(await body.inputValue(), `Kun jij hier iets over zeggen, @${MEMBER.name} `);
    await body.pressSequentially('?');
    await form.getByRole('button', { name: 'Versturen' }).click();
    await admin.page.getByRole('list', { name: 'Berichten' }).getByRole('article').filter({ hasText: `@${MEMBER.name}` }).waitFor();

    // Live, without reloading: the bell says one unread.
    await mp.getByRole('button', { name: 'Meldingen, 1 ongelezen' }).waitFor();
    assertNoProblems(admin.problems);
    assertNoProblems(member.problems);
  });

  test('the panel lists it; its link opens the thread at the post and marks it read', async () => {
    const mp = member.page;
    await bell(mp).click();
    const panel = mp.getByRole('region', { name: 'Meldingen' });
    await panel.waitFor();
    assert.equal(await bell(mp).getAttribute('aria-expanded'), 'true');
    const link = panel.getByRole('link', { name: new RegExp(`Je bent genoemd in “${THREAD}”`) });
    await link.waitFor();
    assert.equal(await panel.getByText(/Kun jij hier iets over zeggen/).count(), 0, 'no post text in the list');

    await mp.setViewportSize({ width: 390, height: 844 });
    const width = await mp.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page is ${width} px wide at 390 px with the panel open`);
    mkdirSync(SHOTS, { recursive: true });
    await mp.screenshot({ path: path.join(SHOTS, 'meldingen-390.png') });
    await mp.setViewportSize({ width: 1280, height: 800 });

    // Escape closes it and gives the focus back to the bell.
    await mp.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    assert.equal(await mp.evaluate(() => document.activeElement.getAttribute('aria-controls') !== null), true);

    await bell(mp).click();
    await link.click();
    await mp.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    assert.equal(pathOf(mp), sessionPath);
    await mp.getByRole('list', { name: 'Berichten' }).getByRole('article').filter({ hasText: `@${MEMBER.name}` }).waitFor();
    await mp.getByRole('button', { name: 'Meldingen, geen ongelezen' }).waitFor();
    assertNoProblems(member.problems);
  });
});
