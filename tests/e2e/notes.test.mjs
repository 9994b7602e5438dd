// Session notes, "Terugblik", the report download and search, in a real
// browser against a real server: a staff moderator keeps the notes of a
// session with a participant, each in their own browser context. Drafts
// ("Concept") stay with the moderators until "Vaststellen"; then the
// participant sees them appear live, reads them back on the "Terugblik" page
// and downloads the HTML report. Moving a block is seen live; two moderators
// editing one block end in the shared conflict flow. Search finds a post by a
// word prefix and marks the hit; a draft's text is not found by the
// participant.
//
// One server for the whole file; the tests run in order and build on each
// other (the pages stay open between tests).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startCast } from './lib/cast.mjs';
import {
  addBoardCard, addSessionMember, assertNoProblems, createSession, openBoard, startThread,
  openSession as openSessionAt,
} from './lib/flows.mjs';
import { ADMIN, STAFF as MODERATOR, MEMBER as PARTICIPANT } from './lib/people.mjs';

const SESSION_TITLE = 'Kennislab verslag en terugblik';
const DECISION = 'We delen signalen voortaan binnen een week met het wijkteam.';
const DECISION_FINAL = 'We delen signalen voortaan binnen drie dagen met het wijkteam.';
const ACTION = 'Een gesprek met de **jongerenwerkers** plannen.';
const ACTION_SHOWN = 'Een gesprek met de jongerenwerkers plannen.';
const OWNER = 'Team Veiligheid, gemeente Zandvoort';
const DUE = '2026-03-31';
const DUE_SHOWN = 'di 31 maart 2026';
const THREAD_TITLE = 'Informatieavond in de wijk';
const POST = 'De buurtvereniging organiseert een informatieavond over polarisatie.';
const CARD = 'Wijkschouw met bewoners';
const DRAFT = 'Vertrouwelijk: de zwaluwstaartaanpak werkt nog niet.';

let cast;
let admin; // { context, page, problems }: a second moderator, for the conflict
let mod;
let participant;
let sessionPath;

const h1 = (page, name) => page.getByRole('heading', { name, level: 1 });
const notesPanel = (page) => page.getByRole('tabpanel', { name: 'Verslag' });
const noteList = (page) => notesPanel(page).getByRole('list', { name: 'Aantekeningen' });
const noteBlock = (page, text) => noteList(page).getByRole('article').filter({ hasText: text });

/** Opens the session page and waits for the workspace. */
const openSession = (page) => openSessionAt(page, sessionPath, SESSION_TITLE);

/** On a session page: opens the "Verslag" tab. */
async function openNotes(page) {
  await page.getByRole('tab', { name: 'Verslag' }).click();
  await page.getByRole('heading', { name: 'Verslag', level: 2 }).waitFor();
}

/** A moderator adds a block through "Aantekening toevoegen"; it shows as a draft. */
async function addNote(page, { kind, text, owner, due }) {
  await notesPanel(page).getByRole('button', { name: 'Aantekening toevoegen' }).click();
  const form = notesPanel(page).getByRole('form', { name: 'Aantekening toevoegen' });
  await form.getByLabel('Soort', { exact: true }).selectOption(kind);
  await form.getByLabel('Tekst', { exact: true }).fill(text);
  if (owner) await form.getByLabel('Eigenaar', { exact: true }).fill(owner);
  if (due) await form.getByLabel('Uiterlijk', { exact: true }).fill(due);
  await form.getByRole('button', { name: 'Toevoegen' }).click();
  await form.waitFor({ state: 'detached' });
}

/** The texts of the blocks in the notes list, top to bottom. */
async function waitForNoteOrder(page, texts) {
  await page.waitForFunction((wanted) => {
    const list = document.querySelector('[role="tabpanel"] .note-list');
    if (!list) return false;
    const shown = [...list.querySelectorAll('.note-text')].map((el) => el.textContent);
    return JSON.stringify(shown) === JSON.stringify(wanted);
  }, texts);
}

/** Searches with "Zoeken in deze sessie" (Enter: at once) and returns the results region. */
async function search(page, q) {
  const box = page.getByRole('search', { name: 'Zoeken in deze sessie' });
  await box.getByLabel('Zoeken in deze sessie').fill(q);
  await box.getByLabel('Zoeken in deze sessie').press('Enter');
  return page.getByRole('list', { name: 'Zoekresultaten' });
}

describe('session notes, terugblik and search', () => {
  before(async () => {
    cast = await startCast({
      mod: MODERATOR,
      participant: PARTICIPANT,
    });
    ({ admin, mod, participant } = cast);
  });

  after(async () => {
    if (cast) await cast.close();
  });

  test('drafts stay with the moderator until "Vaststellen"; then the participant sees them live', async () => {
    const mp = mod.page;
    const pp = participant.page;
    sessionPath = await createSession(mp, { title: SESSION_TITLE });
    await addSessionMember(mp, PARTICIPANT, 'participant');
    await openSession(pp);
    await openNotes(pp);
    await notesPanel(pp).getByText('Er is nog niets vastgesteld.').waitFor();

    await openNotes(mp);
    await notesPanel(mp).getByText('Er zijn nog geen aantekeningen.', { exact: false }).waitFor();
    await addNote(mp, { kind: 'decision', text: DECISION });
    const decision = noteBlock(mp, DECISION);
    await decision.getByRole('heading', { name: 'Afspraak Concept' }).waitFor();
    await addNote(mp, { kind: 'action', text: ACTION, owner: OWNER, due: DUE });
    const action = noteBlock(mp, ACTION_SHOWN);
    await action.getByRole('heading', { name: 'Actiepunt Concept' }).waitFor();
    assert.equal(await action.locator('strong').textContent(), 'jongerenwerkers');
    await action.getByText(OWNER).waitFor();
    await action.getByText(DUE_SHOWN).waitFor();
    await waitForNoteOrder(mp, [DECISION, ACTION_SHOWN]);

    // The participant does not see the drafts, not even in a fresh snapshot.
    await pp.reload();
    await h1(pp, SESSION_TITLE).waitFor();
    await openNotes(pp);
    await notesPanel(pp).getByText('Er is nog niets vastgesteld.').waitFor();
    assert.equal(await notesPanel(pp).getByText(DECISION).count(), 0);

    // "Vaststellen" after a confirmation: both appear live for the participant.
    await notesPanel(mp).getByRole('button', { name: 'Vaststellen (2 concepten)' }).click();
    const dialog = mp.getByRole('dialog', { name: 'Concepten vaststellen?' });
    await dialog.getByText('2 concepten worden zichtbaar', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Vaststellen' }).click();
    await dialog.waitFor({ state: 'detached' });
    await decision.getByRole('heading', { name: 'Afspraak', exact: true }).waitFor();
    await action.getByRole('heading', { name: 'Actiepunt', exact: true }).waitFor();
    assert.equal(await notesPanel(mp).getByRole('button', { name: /^Vaststellen/ }).count(), 0);

    await noteBlock(pp, DECISION).getByRole('heading', { name: 'Afspraak', exact: true }).waitFor();
    const seen = noteBlock(pp, ACTION_SHOWN);
    await seen.getByRole('heading', { name: 'Actiepunt', exact: true }).waitFor();
    await seen.getByText(OWNER).waitFor();
    await seen.getByText(DUE_SHOWN).waitFor();
    await waitForNoteOrder(pp, [DECISION, ACTION_SHOWN]);
    assert.equal(await notesPanel(pp).getByText('Concept', { exact: true }).count(), 0);
    // Only moderators change the notes.
    assert.equal(await notesPanel(pp).getByRole('button').count(), 0);

    assertNoProblems(mod.problems);
    assertNoProblems(participant.problems);
  });

  test('moving a block is seen live; two moderators editing one block meet the conflict flow', async () => {
    const mp = mod.page;
    const pp = participant.page;
    const ap = admin.page;

    // Keyboard: Alt+Pijl omlaag on the focused block.
    const decision = noteBlock(mp, DECISION);
    await decision.focus();
    await decision.press('Alt+ArrowDown');
    await waitForNoteOrder(mp, [ACTION_SHOWN, DECISION]);
    await waitForNoteOrder(pp, [ACTION_SHOWN, DECISION]);
    // A button does the same.
    await noteBlock(mp, DECISION).getByRole('button', { name: 'Omhoog' }).click();
    await waitForNoteOrder(pp, [DECISION, ACTION_SHOWN]);

    // A second moderator opens the same block.
    await addSessionMember(mp, ADMIN, 'moderator');
    await ap.goto(sessionPath);
    await h1(ap, SESSION_TITLE).waitFor();
    await openNotes(ap);

    await noteBlock(mp, DECISION).getByRole('button', { name: 'Bewerken' }).click();
    await noteBlock(ap, DECISION).getByRole('button', { name: 'Bewerken' }).click();
    const modForm = notesPanel(mp).getByRole('form', { name: 'Afspraak bewerken' });
    const adminForm = notesPanel(ap).getByRole('form', { name: 'Afspraak bewerken' });
    await modForm.getByLabel('Tekst', { exact: true }).fill('Versie van de moderator.');
    await adminForm.getByLabel('Tekst', { exact: true }).fill(DECISION_FINAL);
    await modForm.getByRole('button', { name: 'Opslaan' }).click();
    await modForm.waitFor({ state: 'detached' });
    await noteList(pp).getByText('Versie van de moderator.').waitFor();

    await adminForm.getByRole('button', { name: 'Opslaan' }).click();
    const conflict = adminForm.getByRole('alert').filter({ hasText: 'Iemand anders heeft deze aantekening intussen gewijzigd.' });
    await conflict.getByText('Versie van de moderator.').waitFor();
    await conflict.getByText(`Dit is de versie van ${MODERATOR.name}`, { exact: false }).waitFor();
    await conflict.getByRole('button', { name: 'Mijn wijziging opnieuw toepassen' }).click();
    await adminForm.waitFor({ state: 'detached' });
    for (const page of [pp, mp, ap]) {
      await noteList(page).getByText(DECISION_FINAL).waitFor();
      assert.equal(await noteList(page).getByText('Versie van de moderator.').count(), 0);
    }

    assertNoProblems(mod.problems);
    assertNoProblems(admin.problems);
    assertNoProblems(participant.problems);
  });

  test('the participant reads the session back on "Terugblik" and downloads the HTML report', async () => {
    const mp = mod.page;
    const pp = participant.page;

    // A thread with a post and a card, so that every part of the page has something to show.
    await startThread(pp, { title: THREAD_TITLE, kind: 'algemeen', body: POST });

    await pp.getByRole('link', { name: 'Terugblik', exact: true }).click();
    await pp.waitForURL((url) => url.pathname === `${sessionPath}/terugblik`);
    await h1(pp, SESSION_TITLE).waitFor();
    const notes = pp.getByRole('region', { name: 'Verslag', exact: true });
    await notes.getByText(DECISION_FINAL).waitFor();
    await notes.getByText(ACTION_SHOWN).waitFor();
    await notes.getByText(OWNER).waitFor();
    await notes.getByText(DUE_SHOWN).waitFor();
    assert.equal(await notes.getByText('Concept', { exact: true }).count(), 0);
    const board = pp.getByRole('region', { name: 'Kennisbord', exact: true });
    await board.getByRole('heading', { name: 'Achtergrondkennis (0 kaarten)', level: 3 }).waitFor();
    const threads = pp.getByRole('region', { name: 'Gesprekken', exact: true });
    const thread = threads.getByRole('article', { name: THREAD_TITLE });
    await thread.getByRole('list', { name: `Berichten in ${THREAD_TITLE}` }).getByText(POST).waitFor();
    await thread.getByText(PARTICIPANT.name).waitFor();

    // The moderator's own "Terugblik" also shows a new draft, marked as such.
    await openNotes(mp);
    await addNote(mp, { kind: 'insight', text: DRAFT });
    await mp.goto(`${sessionPath}/terugblik`);
    await h1(mp, SESSION_TITLE).waitFor();
    const modNotes = mp.getByRole('region', { name: 'Verslag', exact: true });
    await modNotes.getByRole('listitem').filter({ hasText: DRAFT }).getByText('Concept', { exact: true }).waitFor();
    // … which the participant's fresh page does not.
    await pp.reload();
    await h1(pp, SESSION_TITLE).waitFor();
    await notes.getByText(DECISION_FINAL).waitFor();
    assert.equal(await notes.getByText(DRAFT).count(), 0);

    // The HTML report, through a plain download link.
    const [download] = await Promise.all([
      pp.waitForEvent('download'),
      pp.getByRole('link', { name: 'Verslag downloaden (HTML)' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.html$/);
    const html = await readFile(await download.path(), 'utf8');
    assert.ok(html.includes(SESSION_TITLE), 'the report names the session');
    assert.ok(html.includes(DECISION_FINAL), 'the report holds the decision');
    assert.ok(!html.includes('zwaluwstaart'), 'the report holds no draft for a participant');
    const md = pp.getByRole('link', { name: 'Verslag downloaden (Markdown)' });
    assert.match(await md.getAttribute('href'), /\/export\?format=md$/);

    // Print: the page's chrome goes, the content stays.
    await pp.emulateMedia({ media: 'print' });
    assert.equal(await pp.getByRole('link', { name: 'Verslag downloaden (HTML)' }).isVisible(), false);
    assert.equal(await pp.locator('#app-header').isVisible(), false);
    assert.equal(await notes.getByText(DECISION_FINAL).isVisible(), true);
    await pp.emulateMedia({ media: 'screen' });

    assertNoProblems(mod.problems);
    assertNoProblems(participant.problems);
  });

  test('search finds a post by a word prefix and marks the hit; a draft is found only by moderators', async () => {
    const mp = mod.page;
    const pp = participant.page;
    await openSession(pp);

    const hits = await search(pp, 'buurtver');
    const hit = hits.getByRole('listitem').filter({ has: pp.getByRole('link', { name: new RegExp(`^Bericht\\W+${THREAD_TITLE}$`) }) });
    await hit.waitFor();
    assert.match(await hit.locator('mark').first().textContent(), /^buurtver/i);
    assert.ok((await hit.textContent()).includes('informatieavond'));
    await pp.getByRole('status').filter({ hasText: /(resultaat|resultaten) voor “buurtver”/ }).waitFor();
    // The hit opens the thread at the post.
    await hit.getByRole('link').click();
    await pp.getByRole('heading', { name: THREAD_TITLE, level: 3 }).waitFor();
    await pp.waitForFunction((text) => document.activeElement?.classList.contains('post-item')
      && document.activeElement.textContent.includes(text), POST);

    // The draft's words: nothing for the participant …
    await search(pp, 'zwaluwstaart');
    await pp.getByText('Niets gevonden voor “zwaluwstaart”.').waitFor();
    // One letter matches nearly everything: the page asks for a longer word.
    await search(pp, 'z');
    await pp.getByText('Zoek op een woord van minstens twee tekens.').waitFor();
    // More searches at once than the server's search limit (5 at once, then 2 a
    // second): the client sends the limited ones again after retry_after, so every
    // one of them is answered and none fails with rate_limited.
    const outcomes = await pp.evaluate(async (path) => {
      const socket = await import('/js/core/socket.js');
      const session = path.split('/').filter(Boolean).pop();
      const tries = Array.from({ length: 8 }, () => socket.request('search', { session, q: 'zwaluwstaart' })
        .then(() => 'answered', (err) => err.code));
      return Promise.all(tries);
    }, sessionPath);
    assert.deepEqual(outcomes, Array(8).fill('answered'));
    // … a note for the moderator, which opens in the "Verslag" tab.
    await openSession(mp);
    const modHits = await search(mp, 'zwaluwstaart');
    const noteHit = modHits.getByRole('link', { name: /^Aantekening/ });
    await noteHit.waitFor();
    await noteHit.click();
    await mp.getByRole('heading', { name: 'Verslag', level: 2 }).waitFor();
    await mp.waitForFunction((text) => document.activeElement?.classList.contains('note-block')
      && document.activeElement.textContent.includes(text), 'zwaluwstaartaanpak');

    // A card hit focuses the card on the board.
    await openBoard(pp);
    await addBoardCard(pp, 'Achtergrondkennis', CARD);
    await pp.getByRole('tab', { name: /^Gesprekken/ }).click();
    const cardHits = await search(pp, 'wijksch');
    await cardHits.getByRole('link', { name: /^Kaart/ }).click();
    await pp.getByRole('heading', { name: 'Kennisbord', level: 2 }).waitFor();
    await pp.waitForFunction((title) => document.activeElement?.classList.contains('board-card')
      && document.activeElement.textContent.includes(title), CARD);

    // Typing searches by itself after a pause; the arrow keys walk the hits.
    const box = pp.getByRole('search', { name: 'Zoeken in deze sessie' }).getByLabel('Zoeken in deze sessie');
    await box.fill('');
    await box.pressSequentially('polaris');
    await pp.getByRole('status').filter({ hasText: /voor “polaris”/ }).waitFor();
    await box.press('ArrowDown');
    await pp.waitForFunction(() => document.activeElement?.classList.contains('search-hit'));

    assertNoProblems(mod.problems);
    assertNoProblems(participant.problems);
  });

  test('an archived session: the notes are read-only, and "Terugblik" is linked from the start page', async () => {
    const mp = mod.page;
    const pp = participant.page;
    await openSession(mp);
    await mp.getByRole('button', { name: 'Archiveren' }).click();
    await mp.getByRole('dialog', { name: 'Sessie archiveren?' }).getByRole('button', { name: 'Archiveren' }).click();
    await openNotes(mp);
    await notesPanel(mp).getByText('De sessie is gearchiveerd: het verslag is alleen nog te lezen.').waitFor();
    await noteBlock(mp, DECISION_FINAL).waitFor();
    assert.equal(await notesPanel(mp).getByRole('button').count(), 0);

    await pp.goto('/');
    const mine = pp.getByRole('region', { name: 'Mijn sessies' });
    await mine.getByText('Gearchiveerd (1)').click();
    const archived = mine.getByRole('list', { name: 'Gearchiveerde sessies' });
    await archived.getByRole('link', { name: 'Terugblik', exact: true }).click();
    await h1(pp, SESSION_TITLE).waitFor();
    await pp.getByRole('region', { name: 'Verslag', exact: true }).getByText(DECISION_FINAL).waitFor();
    await pp.getByText('Gearchiveerd op', { exact: false }).waitFor();

    assertNoProblems(mod.problems);
    assertNoProblems(participant.problems);
  });
});
