// The shared knowledge board in a real browser against a real server: a staff
// moderator and a participant in one session, each in their own browser
// context. The board starts with the five default columns; a card added by one
// appears live for the other; moving by keyboard (Alt+arrows) and by drag and
// drop is seen live; concurrent edits end in the conflict flow ("Mijn wijziging
// opnieuw toepassen"); a post put on the board shows its quote until a
// moderator hides the post (and again once restored); moderators manage
// columns; experts change only their own cards, and none when the session says
// so; observers and archived sessions see the board without edit controls.
//
// One server for the whole file; the tests run in order and build on each
// other (both pages stay open between tests).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCast } from './lib/cast.mjs';
import {
  addBoardCard, addSessionMember, assertNoProblems, boardCard, boardColumn, createSession, openBoard, startThread, waitForCardTitles,
  openSession as openSessionAt,
} from './lib/flows.mjs';
import { STAFF as MODERATOR, MEMBER as PARTICIPANT, EXPERT } from './lib/people.mjs';

const SESSION_TITLE = 'Kennislab kennisbord';
const DEFAULT_COLUMNS = [
  'Achtergrondkennis',
  'Handelingsperspectieven',
  'Interventies',
  'Samenwerking OOV en sociaal domein',
  'Open vragen',
];
const FIRST_CARD = 'Signalen vroeg delen';
const FIRST_TEXT = 'Wijkteam en politie delen **wekelijks** wat ze zien.';
const SECOND_CARD = 'Gesprek met ouders';
const THREAD_TITLE = 'Stickers bij het station';
const QUOTE = 'Bij ons hielp een buurtgesprek met de jongerenwerker erbij.';

let cast;
let mod; // { context, page, problems }
let participant;
let expert;
let sessionPath;

const h1 = (page, name) => page.getByRole('heading', { name, level: 1 });

/** Opens the session page and waits for the workspace. */
const openSession = (page) => openSessionAt(page, sessionPath, SESSION_TITLE);

/**
 * Puts the board at the top of the window, so that a drag's source and target
 * are both on screen (a drag that has to scroll the page first never starts).
 */
async function scrollBoardIntoView(page) {
  await page.getByRole('tabpanel', { name: 'Kennisbord' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
}

/** Waits until the page's live region has said something matching `pattern`. */
async function waitForAnnouncement(page, pattern) {
  await page.waitForFunction((source) => new RegExp(source).test(document.getElementById('live')?.textContent || ''), pattern.source);
}

describe('knowledge board', () => {
  before(async () => {
    cast = await startCast({
      mod: MODERATOR,
      participant: PARTICIPANT,
      expert: EXPERT,
    });
    ({ mod, participant, expert } = cast);
    await cast.admin.context.close();
  });

  after(async () => {
    if (cast) await cast.close();
  });

  test('the five default columns; a participant\'s card appears live for the moderator', async () => {
    const mp = mod.page;
    const pp = participant.page;
    sessionPath = await createSession(mp, { title: SESSION_TITLE });
    await addSessionMember(mp, PARTICIPANT, 'participant');
    await openSession(pp);

    for (const page of [mp, pp]) {
      const board = await openBoard(page);
      const titles = await board.getByRole('region').getByRole('heading', { level: 3 }).allTextContents();
      assert.deepEqual(titles, DEFAULT_COLUMNS);
      await boardColumn(page, 'Achtergrondkennis').getByText('Nog geen kaarten.').waitFor();
    }
    // Only moderators manage columns.
    await mp.getByRole('button', { name: 'Kolom toevoegen' }).waitFor();
    assert.equal(await pp.getByRole('button', { name: 'Kolom toevoegen' }).count(), 0);
    assert.equal(await boardColumn(pp, 'Interventies').getByRole('button', { name: /^Hernoemen/ }).count(), 0);

    await addBoardCard(pp, 'Achtergrondkennis', FIRST_CARD, FIRST_TEXT);
    const seen = boardCard(mp, FIRST_CARD, 'Achtergrondkennis');
    await seen.waitFor();
    assert.equal(await seen.locator('strong').textContent(), 'wekelijks');
    await seen.getByText(`toegevoegd door ${PARTICIPANT.name} om`, { exact: false }).waitFor();
    await boardColumn(mp, 'Achtergrondkennis').getByText('1 kaart', { exact: true }).waitFor();

    assertNoProblems(mod.problems);
    assertNoProblems(participant.problems);
  });

  test('the moderator moves cards by keyboard; the participant sees them move live', async () => {
    const mp = mod.page;
    const pp = participant.page;

    // Alt+Pijl rechts: to the next column. The card keeps the focus and the new place is announced.
    const card = boardCard(mp, FIRST_CARD);
    const hintId = await card.getAttribute('aria-describedby');
    assert.ok(hintId);
    assert.match(await mp.locator(`#${hintId}`).textContent(), /Alt\+Pijl links/);
    await card.focus();
    await card.press('Alt+ArrowRight');
    await boardCard(mp, FIRST_CARD, 'Handelingsperspectieven').waitFor();
    await boardCard(pp, FIRST_CARD, 'Handelingsperspectieven').waitFor();
    assert.equal(await boardCard(pp, FIRST_CARD, 'Achtergrondkennis').count(), 0);
    await waitForAnnouncement(mp, /staat nu in Handelingsperspectieven, plaats 1 van 1/);
    assert.equal(await mp.evaluate(() => document.activeElement?.getAttribute('aria-labelledby')
      && document.getElementById(document.activeElement.getAttribute('aria-labelledby'))?.textContent), FIRST_CARD);
    await boardCard(pp, FIRST_CARD).getByText(`gewijzigd door ${MODERATOR.name}`, { exact: false }).waitFor();

    // Alt+Pijl omhoog / omlaag: within the column.
    await addBoardCard(mp, 'Handelingsperspectieven', SECOND_CARD, 'Ouders vroeg betrekken.');
    await waitForCardTitles(pp, 'Handelingsperspectieven', [FIRST_CARD, SECOND_CARD]);
    const second = boardCard(mp, SECOND_CARD);
    await second.focus();
    await second.press('Alt+ArrowUp');
    await waitForCardTitles(mp, 'Handelingsperspectieven', [SECOND_CARD, FIRST_CARD]);
    await waitForCardTitles(pp, 'Handelingsperspectieven', [SECOND_CARD, FIRST_CARD]);
    await waitForAnnouncement(mp, /plaats 1 van 2/);
    // At the top it cannot go further up: it says so and nothing is sent.
    await boardCard(mp, SECOND_CARD).press('Alt+ArrowUp');
    await waitForAnnouncement(mp, /staat al bovenaan/);

    // "Verplaatsen": the dialog chooses a column and a place.
    await boardCard(pp, SECOND_CARD).getByRole('button', { name: 'Verplaatsen' }).click();
    const dialog = pp.getByRole('dialog', { name: `“${SECOND_CARD}” verplaatsen` });
    await dialog.getByLabel('Naar kolom').selectOption({ label: 'Handelingsperspectieven' });
    await dialog.getByLabel('Plaats in de kolom').selectOption({ index: 1 });
    await dialog.getByRole('button', { name: 'Verplaatsen' }).click();
    await waitForCardTitles(pp, 'Handelingsperspectieven', [FIRST_CARD, SECOND_CARD]);
    await waitForCardTitles(mp, 'Handelingsperspectieven', [FIRST_CARD, SECOND_CARD]);

    assertNoProblems(mod.problems);
    assertNoProblems(participant.problems);
  });

  test('a card dragged to another column moves for the other browser too', async () => {
    const mp = mod.page;
    const pp = participant.page;
    await scrollBoardIntoView(pp);
    await boardCard(pp, SECOND_CARD).dragTo(boardColumn(pp, 'Open vragen'));
    await boardCard(pp, SECOND_CARD, 'Open vragen').waitFor();
    await boardCard(mp, SECOND_CARD, 'Open vragen').waitFor();
    await waitForCardTitles(mp, 'Handelingsperspectieven', [FIRST_CARD]);
    await waitForCardTitles(mp, 'Open vragen', [SECOND_CARD]);

    // Dropping above the first card of a column puts it on top.
    await scrollBoardIntoView(mp);
    await boardCard(mp, FIRST_CARD).dragTo(boardCard(mp, SECOND_CARD), { targetPosition: { x: 20, y: 4 } });
    await waitForCardTitles(mp, 'Open vragen', [FIRST_CARD, SECOND_CARD]);
    await waitForCardTitles(pp, 'Open vragen', [FIRST_CARD, SECOND_CARD]);
    await boardColumn(pp, 'Handelingsperspectieven').getByText('Nog geen kaarten.').waitFor();

    assertNoProblems(mod.problems);
    assertNoProblems(participant.problems);
  });

  test('concurrent edits: the second save sees the other version and re-applies its own', async () => {
    const mp = mod.page;
    const pp = participant.page;
    await boardCard(mp, SECOND_CARD).getByRole('button', { name: 'Bewerken' }).click();
    await boardCard(pp, SECOND_CARD).getByRole('button', { name: 'Bewerken' }).click();
    const modForm = mp.getByRole('form', { name: `Kaart “${SECOND_CARD}” bewerken` });
    const partForm = pp.getByRole('form', { name: `Kaart “${SECOND_CARD}” bewerken` });
    await modForm.getByLabel('Tekst', { exact: true }).fill('Versie van de moderator.');
    await partForm.getByLabel('Tekst', { exact: true }).fill('Versie van de deelnemer.');

    await modForm.getByRole('button', { name: 'Opslaan' }).click();
    await modForm.waitFor({ state: 'detached' });
    await boardCard(mp, SECOND_CARD).getByText('Versie van de moderator.').waitFor();

    // The participant's form stayed open with their own text while the other version came in.
    assert.equal(await partForm.getByLabel('Tekst', { exact: true }).inputValue(), 'Versie van de deelnemer.');
    await partForm.getByRole('button', { name: 'Opslaan' }).click();
    const conflict = partForm.getByRole('alert').filter({ hasText: 'Iemand anders heeft deze kaart intussen gewijzigd.' });
    await conflict.getByText('Versie van de moderator.').waitFor();
    await conflict.getByText(`Dit is de versie van ${MODERATOR.name}`, { exact: false }).waitFor();
    assert.equal(await partForm.getByLabel('Tekst', { exact: true }).inputValue(), 'Versie van de deelnemer.');
    await conflict.getByRole('button', { name: 'Annuleren' }).waitFor();
    await conflict.getByRole('button', { name: 'Mijn wijziging opnieuw toepassen' }).click();
    await partForm.waitFor({ state: 'detached' });

    for (const page of [pp, mp]) {
      const card = boardCard(page, SECOND_CARD);
      await card.getByText('Versie van de deelnemer.').waitFor();
      await card.getByText(`gewijzigd door ${PARTICIPANT.name}`, { exact: false }).waitFor();
      assert.equal(await card.getByText('Versie van de moderator.').count(), 0);
    }

    assertNoProblems(mod.problems);
    assertNoProblems(participant.problems);
  });

  test('a post put on the board shows its quote, links to its thread, and loses the quote when hidden', async () => {
    const mp = mod.page;
    const pp = participant.page;

    // The participant starts a thread and puts its first post on the board.
    const post = await startThread(pp, { title: THREAD_TITLE, kind: 'casus', body: QUOTE });
    assert.equal(await post.getByText('Op het kennisbord', { exact: true }).count(), 0);
    await post.getByRole('button', { name: 'Op het kennisbord zetten' }).click();
    const dialog = pp.getByRole('dialog', { name: 'Op het kennisbord zetten' });
    assert.equal(await dialog.getByLabel('Titel', { exact: true }).inputValue(), THREAD_TITLE);
    await dialog.getByLabel('Kolom').selectOption({ label: 'Interventies' });
    await dialog.getByRole('button', { name: 'Kaart toevoegen' }).click();
    await dialog.waitFor({ state: 'detached' });
    await post.getByText('Op het kennisbord', { exact: true }).waitFor();

    // The moderator, on the board, sees the card with the quote and where it came from.
    const modCard = boardCard(mp, THREAD_TITLE, 'Interventies');
    await modCard.getByRole('blockquote').getByText(QUOTE).waitFor();
    await modCard.getByText(`Uit gesprek: ${THREAD_TITLE} — ${PARTICIPANT.name}`).waitFor();
    await openBoard(pp);
    const partCard = boardCard(pp, THREAD_TITLE, 'Interventies');
    await partCard.getByText(QUOTE).waitFor();

    // The link opens the thread in the "Gesprekken" tab.
    await modCard.getByRole('link', { name: THREAD_TITLE }).click();
    await mp.getByRole('heading', { name: THREAD_TITLE, level: 3 }).waitFor();
    await mp.getByRole('heading', { name: 'Gesprekken', level: 2 }).waitFor();
    const modPost = mp.getByRole('list', { name: 'Berichten' }).getByRole('article').filter({ hasText: QUOTE });
    await modPost.getByText('Op het kennisbord', { exact: true }).waitFor();

    // The moderator hides the post: the participant's card says so, live.
    await modPost.getByRole('button', { name: 'Verbergen' }).click();
    const hide = mp.getByRole('dialog', { name: 'Bericht verbergen?' });
    await hide.getByLabel('Reden').fill('Herleidbaar');
    await hide.getByRole('button', { name: 'Verbergen' }).click();
    await hide.waitFor({ state: 'detached' });
    await partCard.getByText('Het oorspronkelijke bericht is niet meer zichtbaar.').waitFor();
    assert.equal(await partCard.getByText(QUOTE).count(), 0);
    await partCard.getByText(`Uit gesprek: ${THREAD_TITLE}`, { exact: false }).waitFor();
    await openBoard(mp);
    await modCard.getByText('Het oorspronkelijke bericht is niet meer zichtbaar.').waitFor();

    // A fresh load says the same (the snapshot carries no quote either).
    await pp.reload();
    await h1(pp, SESSION_TITLE).waitFor();
    await openBoard(pp);
    await partCard.getByText('Het oorspronkelijke bericht is niet meer zichtbaar.').waitFor();
    assert.equal(await partCard.getByText(QUOTE).count(), 0);

    // Restored, the quote comes back, live.
    await modCard.getByRole('link', { name: THREAD_TITLE }).click();
    await modPost.getByRole('button', { name: 'Herstellen' }).click();
    const restore = mp.getByRole('dialog', { name: 'Bericht herstellen?' });
    await restore.getByLabel('Reden').fill('Toch in orde');
    await restore.getByRole('button', { name: 'Herstellen' }).click();
    await restore.waitFor({ state: 'detached' });
    await partCard.getByText(QUOTE).waitFor();
    await partCard.getByText('Het oorspronkelijke bericht is niet meer zichtbaar.').waitFor({ state: 'detached' });
    await openBoard(mp);

    assertNoProblems(mod.problems);
    assertNoProblems(participant.problems);
  });

  test('the moderator adds, renames, moves and deletes a column; cards are deleted after a confirmation', async () => {
    const mp = mod.page;
    const pp = participant.page;

    await mp.getByRole('button', { name: 'Kolom toevoegen' }).click();
    const add = mp.getByRole('form', { name: 'Kolom toevoegen' });
    await add.getByLabel('Naam van de kolom').fill('Lessen');
    await add.getByRole('button', { name: 'Toevoegen' }).click();
    await boardColumn(pp, 'Lessen').waitFor();

    const column = boardColumn(mp, 'Lessen');
    await column.getByRole('button', { name: 'Hernoemen: Lessen' }).click();
    const rename = mp.getByRole('form', { name: 'Kolom Lessen hernoemen' });
    await rename.getByLabel('Naam van de kolom').fill('Geleerde lessen');
    await rename.getByRole('button', { name: 'Opslaan' }).click();
    await boardColumn(pp, 'Geleerde lessen').waitFor();

    await boardColumn(mp, 'Geleerde lessen').getByRole('button', { name: 'Naar links: Geleerde lessen' }).click();
    const expected = [...DEFAULT_COLUMNS.slice(0, 4), 'Geleerde lessen', 'Open vragen'];
    await pp.waitForFunction((wanted) => JSON.stringify([...document.querySelectorAll('[role="tabpanel"]:not([hidden]) section[data-column] h3')]
      .map((h) => h.textContent)) === JSON.stringify(wanted), expected);

    // A card is deleted after a confirmation; then the empty column can go.
    await addBoardCard(mp, 'Geleerde lessen', 'Tijdelijk', '');
    await boardCard(pp, 'Tijdelijk').waitFor();
    assert.equal(await boardColumn(mp, 'Geleerde lessen').getByRole('button', { name: /^Kolom verwijderen/ }).count(), 0);
    await boardCard(mp, 'Tijdelijk').getByRole('button', { name: 'Verwijderen' }).click();
    await mp.getByRole('dialog', { name: 'Kaart verwijderen?' }).getByRole('button', { name: 'Verwijderen' }).click();
    await boardCard(pp, 'Tijdelijk').waitFor({ state: 'detached' });
    await boardColumn(mp, 'Geleerde lessen').getByRole('button', { name: 'Kolom verwijderen: Geleerde lessen' }).click();
    await mp.getByRole('dialog', { name: 'Kolom verwijderen?' }).getByRole('button', { name: 'Verwijderen' }).click();
    await boardColumn(pp, 'Geleerde lessen').waitFor({ state: 'detached' });
    await boardColumn(mp, 'Geleerde lessen').waitFor({ state: 'detached' });

    // The participant may not delete someone else's card.
    assert.equal(await boardCard(pp, SECOND_CARD).getByRole('button', { name: 'Verwijderen' }).count(), 0);
    await boardCard(pp, FIRST_CARD).getByRole('button', { name: 'Verwijderen' }).waitFor();

    assertNoProblems(mod.problems);
    assertNoProblems(participant.problems);
  });

  test('experts add cards and change only their own, unless the session says no', async () => {
    const mp = mod.page;
    const ep = expert.page;
    await addSessionMember(mp, EXPERT, 'expert');
    await openSession(ep);
    await openBoard(ep);
    await addBoardCard(ep, 'Achtergrondkennis', 'Inzicht van de deskundige', 'Polarisatie begint vaak online.');
    await boardCard(mp, 'Inzicht van de deskundige').waitFor();
    await boardCard(ep, 'Inzicht van de deskundige').getByRole('button', { name: 'Bewerken' }).waitFor();
    await boardCard(ep, 'Inzicht van de deskundige').getByRole('button', { name: 'Verwijderen' }).waitFor();
    // Someone else's card: no edit, move or delete.
    assert.equal(await boardCard(ep, FIRST_CARD).getByRole('button').count(), 0);
    assert.equal(await boardCard(ep, FIRST_CARD).getAttribute('draggable'), 'false');

    // The moderator turns card making off for experts (session.update, as a client would).
    await mp.evaluate(async () => {
      const socket = await import('/js/core/socket.js');
      const session = location.pathname.split('/').pop();
      await socket.request('session.update', { session, experts_add_cards: false });
    });
    const board = ep.getByRole('tabpanel', { name: 'Kennisbord' });
    await board.getByText('In deze sessie kunnen deskundigen geen kaarten toevoegen of wijzigen.').waitFor();
    assert.equal(await board.getByRole('button').count(), 0);
    await mp.evaluate(async () => {
      const socket = await import('/js/core/socket.js');
      const session = location.pathname.split('/').pop();
      await socket.request('session.update', { session, experts_add_cards: true });
    });
    await boardColumn(ep, 'Achtergrondkennis').getByRole('button', { name: 'Kaart toevoegen' }).waitFor();

    assertNoProblems(mod.problems);
    assertNoProblems(expert.problems);
  });

  test('an observer and an archived session see the board without edit controls', async () => {
    const mp = mod.page;
    const pp = participant.page;
    const manage = mp.getByRole('button', { name: `Beheren: ${PARTICIPANT.name}` });
    await manage.click();
    const member = mp.getByRole('region', { name: /^Leden/ }).getByRole('listitem').filter({ hasText: PARTICIPANT.name });
    await member.getByLabel('Rol', { exact: true }).selectOption('observer');
    await member.getByRole('button', { name: 'Rol opslaan' }).click();

    const board = pp.getByRole('tabpanel', { name: 'Kennisbord' });
    await board.getByText('Als waarnemer kun je het kennisbord lezen, maar niet wijzigen.').waitFor();
    await boardCard(pp, FIRST_CARD).waitFor();
    assert.equal(await board.getByRole('button').count(), 0);
    assert.equal(await boardCard(pp, FIRST_CARD).getAttribute('draggable'), 'false');
    assert.equal(await boardCard(pp, FIRST_CARD).getAttribute('aria-describedby'), null);

    await mp.getByRole('button', { name: 'Archiveren' }).click();
    await mp.getByRole('dialog', { name: 'Sessie archiveren?' }).getByRole('button', { name: 'Archiveren' }).click();
    const modBoard = mp.getByRole('tabpanel', { name: 'Kennisbord' });
    await modBoard.getByText('De sessie is gearchiveerd: het kennisbord is alleen nog te lezen.').waitFor();
    assert.equal(await modBoard.getByRole('button').count(), 0);
    await boardCard(mp, THREAD_TITLE).waitFor();
    assert.equal(await boardCard(mp, SECOND_CARD).getAttribute('draggable'), 'false');
    await board.getByText('De sessie is gearchiveerd: het kennisbord is alleen nog te lezen.').waitFor();

    assertNoProblems(mod.problems);
    assertNoProblems(participant.problems);
  });
});
