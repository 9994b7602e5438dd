// The other notification kinds and the mail choice in a real browser against a
// real server. In a premoderated session the expert's reply waits: the
// moderator's bell says something waits in the queue and its link opens
// "Moderatie"; the approval notifies the expert, whose bell link opens the
// thread at the post. Editing a post offers the @ picker as the composer does,
// and the person it names anew is notified; published notes notify the
// expert, whose bell link opens the block in "Verslag". Then the expert chooses on their own page how mail
// reaches them; after a reload the choice is shown again. The mail choice is
// checked at 390 px (no sideways scrolling).
//
// One server for the whole file; the tests run in order and build on each other.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser, newPage } from './lib/browser.mjs';
import { addSessionMember, assertNoProblems, createActiveAccount, createSession, pathOf, setupAdmin, socketRequest, startThread, waitForStart } from './lib/flows.mjs';
import { ADMIN, EXPERT } from './lib/people.mjs';

const TITLE = 'Casusoverleg Westrand';
const THREAD = 'Signalen in de wijk';
const REPLY = 'Wij zien hetzelfde bij het jongerenwerk.';
const NOTE = 'We spreken een vaste contactpersoon per school af.';

let server;
let browser;
const contexts = [];
let admin;
let expert;
let threadUrl;

async function freshPage() {
  const result = await newPage(browser, { baseURL: server.url });
  contexts.push(result.context);
  return result;
}

const bell = (page) => page.getByRole('button', { name: /^Meldingen/ });
const panelOf = (page) => page.getByRole('region', { name: 'Meldingen' });
const post = (page, text) => page.getByRole('list', { name: 'Berichten' }).getByRole('article').filter({ hasText: text });

describe('notification kinds and the mail choice', () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await freshPage();
    await setupAdmin(admin.page, server.setupUrl, ADMIN);
    expert = await freshPage();
    await createActiveAccount(admin.page, expert.page, EXPERT);
    await createSession(admin.page, { title: TITLE, premoderation: true });
    await addSessionMember(admin.page, EXPERT, 'expert');
    await startThread(admin.page, { title: THREAD, body: 'Wat zien jullie in de wijk?' });
    threadUrl = new URL(admin.page.url());
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  test('a waiting reply reaches the moderator\'s bell, whose link opens the queue', async () => {
    const ep = expert.page;
    await ep.goto(threadUrl.pathname + threadUrl.search);
    await post(ep, 'Wat zien jullie in de wijk?').waitFor();
    const form = ep.getByRole('form', { name: 'Reageren' });
    await form.getByLabel('Bericht', { exact: true }).fill(REPLY);
    await form.getByRole('button', { name: 'Versturen' }).click();
    await post(ep, REPLY).filter({ hasText: 'Wacht op goedkeuring' }).waitFor();

    const ap = admin.page;
    await ap.getByRole('button', { name: 'Meldingen, 1 ongelezen' }).waitFor();
    await bell(ap).click();
    const link = panelOf(ap).getByRole('link', { name: new RegExp(`Er wacht iets op moderatie in “${TITLE}”`) });
    await link.click();
    const queue = ap.getByRole('tabpanel', { name: /^Moderatie/ });
    await queue.waitFor();
    assert.equal(await ap.getByRole('tab', { name: /^Moderatie/ }).getAttribute('aria-selected'), 'true');
    const waiting = queue.getByRole('list', { name: /^Wacht op goedkeuring/ }).getByRole('listitem').filter({ hasText: REPLY });
    await waiting.getByRole('button', { name: 'Goedkeuren' }).click();
    await waiting.waitFor({ state: 'detached' });
    await ap.getByRole('button', { name: 'Meldingen, geen ongelezen' }).waitFor();
    assertNoProblems(admin.problems);
  });

  test('the approval notifies the expert, and the bell link opens the post', async () => {
    const ep = expert.page;
    await ep.goto('/');
    await waitForStart(ep, EXPERT);
    await ep.getByRole('button', { name: 'Meldingen, 1 ongelezen' }).waitFor();
    await bell(ep).click();
    const link = panelOf(ep).getByRole('link', { name: new RegExp(`Je bericht in “${THREAD}” is goedgekeurd`) });
    await link.waitFor();
    assert.equal(await panelOf(ep).getByText(REPLY).count(), 0, 'no post text in the list');
    await link.click();
    await ep.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    const search = new URL(ep.url()).searchParams;
    assert.equal(search.get('gesprek'), threadUrl.searchParams.get('gesprek'));
    assert.ok(search.get('bericht'), 'the link names the post');
    await post(ep, REPLY).waitFor();
    assert.equal(await post(ep, REPLY).filter({ hasText: 'Wacht op goedkeuring' }).count(), 0);
    await ep.getByRole('button', { name: 'Meldingen, geen ongelezen' }).waitFor();
    assertNoProblems(expert.problems);
  });

  test('editing a post offers the @ picker; the person named anew is notified', async () => {
    const ap = admin.page;
    await ap.goto(threadUrl.pathname + threadUrl.search);
    const first = post(ap, 'Wat zien jullie in de wijk?');
    await first.getByRole('button', { name: 'Bewerken' }).click();
    const field = first.getByLabel('Bericht bewerken');
    await field.press('End');
    await field.pressSequentially(' @Ev');
    const options = ap.getByRole('listbox', { name: 'Leden om te noemen' });
    await options.getByRole('option', { name: EXPERT.name }).waitFor();
    await field.press('Enter');
    assert.equal(await field.inputValue(), `Wat zien jullie in de wijk? @${EXPERT.name} `);
    await first.getByRole('button', { name: 'Opslaan' }).click();
    await post(ap, `@${EXPERT.name}`).waitFor();

    const ep = expert.page;
    await ep.goto('/');
    await waitForStart(ep, EXPERT);
    await ep.getByRole('button', { name: 'Meldingen, 1 ongelezen' }).waitFor();
    await bell(ep).click();
    await panelOf(ep).getByRole('link', { name: new RegExp(`Je bent genoemd in “${THREAD}”`) }).waitFor();
    await ep.keyboard.press('Escape');
    assertNoProblems(admin.problems);
  });

  test('published notes notify the expert, and the bell link opens the block in "Verslag"', async () => {
    const ap = admin.page;
    const sessionId = threadUrl.pathname.split('/').pop();
    const created = await socketRequest(ap, 'notes.block.create', { session: sessionId, kind: 'decision', text: NOTE });
    assert.ok(created.block, JSON.stringify(created));
    assert.ok((await socketRequest(ap, 'notes.publish', { session: sessionId })).blocks);

    const ep = expert.page;
    await ep.getByRole('button', { name: 'Meldingen, 2 ongelezen' }).waitFor();
    await bell(ep).click();
    const link = panelOf(ep).getByRole('link', { name: new RegExp(`Nieuwe aantekeningen in het verslag van “${TITLE}”`) });
    await link.waitFor();
    assert.equal(await panelOf(ep).getByText(NOTE).count(), 0, 'no note text in the list');
    await link.click();
    await ep.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    assert.equal(new URL(ep.url()).searchParams.get('aantekening'), created.block.id);
    assert.equal(await ep.getByRole('tab', { name: 'Verslag' }).getAttribute('aria-selected'), 'true');
    await ep.waitForFunction((text) => document.activeElement?.closest('.note-block')?.textContent.includes(text), NOTE);
    assertNoProblems(expert.problems);
  });

  test('the mail choice is saved and shown again after a reload', async () => {
    const ep = expert.page;
    await ep.goto('/beveiliging#meldingen');
    const section = ep.getByRole('region', { name: 'Meldingen per mail' });
    const every = section.getByRole('radio', { name: 'Bij elke melding' });
    await every.waitFor();
    assert.equal(await every.isChecked(), true, 'every notification, until one chooses');
    // Arriving from a mail's link: the section has the focus.
    await ep.waitForFunction(() => document.activeElement?.textContent === 'Meldingen per mail');

    // With the keyboard: from the chosen one, arrows move the choice.
    await every.focus();
    await ep.keyboard.press('ArrowDown');
    await ep.keyboard.press('ArrowDown');
    const weekly = section.getByRole('radio', { name: 'Wekelijks overzicht (maandag 07:00)' });
    assert.equal(await weekly.isChecked(), true);
    await section.getByRole('button', { name: 'Opslaan' }).click();
    await section.getByRole('status').filter({ hasText: 'Opgeslagen: je krijgt elke maandag om 07:00 een overzicht.' }).waitFor();

    await ep.setViewportSize({ width: 390, height: 844 });
    const width = await ep.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page is ${width} px wide at 390 px`);
    await ep.setViewportSize({ width: 1280, height: 800 });

    await ep.reload();
    await section.getByRole('radio', { name: 'Wekelijks overzicht (maandag 07:00)' }).waitFor();
    await ep.waitForFunction(() => document.querySelector('input[type=radio]:checked') !== null);
    assert.equal(await section.getByRole('radio', { name: 'Wekelijks overzicht (maandag 07:00)' }).isChecked(), true);
    assert.equal(await section.getByRole('radio', { name: 'Geen mail' }).isChecked(), false);

    await section.getByRole('radio', { name: 'Geen mail' }).check();
    await section.getByRole('button', { name: 'Opslaan' }).click();
    await section.getByRole('status').filter({ hasText: 'Opgeslagen: je krijgt geen mail over meldingen.' }).waitFor();
    assert.equal(pathOf(ep), '/beveiliging');
    assertNoProblems(expert.problems);
  });
});
