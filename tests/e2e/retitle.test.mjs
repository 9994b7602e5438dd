// "Titel wijzigen" in a real browser against a real server: a participant starts
// a thread whose title names something it should not, and puts its first post
// on the board; the moderator changes the title with a reason through the
// dialog, by keyboard, after reading that the old title is erased for good
// (and after the personal-data warning on a first try at the new title); the
// participant sees the new title arrive live (heading, list, the card's "Uit
// gesprek") and has no such control; and while the server keeps running no
// file in its data folder holds the old title any more. The dialog fits a
// 390 px wide screen without horizontal scrolling.
//
// One server for the whole file; the tests run in order and build on each other.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { startCast } from './lib/cast.mjs';
import { addSessionMember, assertNoProblems, boardCard, createSession, openBoard, startThread } from './lib/flows.mjs';
import { STAFF as MODERATOR, MEMBER as PARTICIPANT } from './lib/people.mjs';

const SESSION_TITLE = 'Kennislab Titels';
const OLD_WORD = 'Blauwborst3141'; // one word: the search index keeps it whole, in lower case
const OLD_TITLE = `Zorgen over ${OLD_WORD} aan de Dorpsstraat`;
const NEW_TITLE = 'Zorgen over een jongere in de wijk';
const REASON = 'De titel maakte een persoon herkenbaar.';
const FIRST_POST = 'Hoe pakken jullie dit aan?';
const CARD_TITLE = 'Aanpak bij zorgen';

let cast;
let mod;
let participant;
let sessionPath;

const threadHeading = (page, title) => page.getByRole('heading', { name: title, level: 3 });
const controls = (page) => page.getByRole('group', { name: 'Gespreksbeheer' });

/** The names of the files in dir (recursively) whose bytes contain text. */
async function filesContaining(dir, text) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    if ((await readFile(file)).includes(Buffer.from(text))) found.push(entry.name);
  }
  return found;
}

describe('changing a thread title', () => {
  before(async () => {
    cast = await startCast({
      mod: MODERATOR,
      participant: PARTICIPANT,
    });
    ({ mod, participant } = cast);
    await cast.admin.context.close();
  });

  after(async () => {
    if (cast) await cast.close();
  });

  test('a participant starts a thread and has no "Titel wijzigen"', async () => {
    sessionPath = await createSession(mod.page, { title: SESSION_TITLE });
    await addSessionMember(mod.page, PARTICIPANT, 'participant');
    const pp = participant.page;
    await pp.goto(sessionPath);
    await pp.getByRole('heading', { name: SESSION_TITLE, level: 1 }).waitFor();
    const first = await startThread(pp, { title: OLD_TITLE, kind: 'vraag', body: FIRST_POST });
    await threadHeading(pp, OLD_TITLE).waitFor();
    // The first post goes on the board: the card names the thread it came from.
    await first.getByRole('button', { name: 'Op het kennisbord zetten' }).click();
    const toBoard = pp.getByRole('dialog', { name: 'Op het kennisbord zetten' });
    await toBoard.getByLabel('Titel', { exact: true }).fill(CARD_TITLE);
    await toBoard.getByLabel('Kolom').selectOption({ label: 'Open vragen' });
    await toBoard.getByRole('button', { name: 'Kaart toevoegen' }).click();
    await toBoard.waitFor({ state: 'detached' });
    await first.getByText('Op het kennisbord', { exact: true }).waitFor();
    assert.equal(await pp.getByRole('button', { name: 'Titel wijzigen' }).count(), 0);
    assert.equal(await controls(pp).count(), 0);
    assert.ok((await filesContaining(cast.server.dataDir, OLD_WORD)).length > 0, 'the title is on disk before');
    assertNoProblems(participant.problems);
  });

  test('the moderator changes the title by keyboard; the participant sees it live and the old title is erased', async () => {
    const mp = mod.page;
    await mp.setViewportSize({ width: 390, height: 844 });
    await mp.goto(sessionPath);
    await mp.getByRole('link', { name: OLD_TITLE }).click();
    await threadHeading(mp, OLD_TITLE).waitFor();

    const open = controls(mp).getByRole('button', { name: 'Titel wijzigen' });
    await open.focus();
    await mp.keyboard.press('Enter');
    const dialog = mp.getByRole('dialog', { name: 'Titel wijzigen' });
    await dialog.waitFor();
    await dialog.getByText('De oude titel wordt voorgoed gewist', { exact: false }).waitFor();
    const fits = await mp.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    assert.ok(fits, 'no horizontal scrolling at 390 px');

    // The title field has the focus with the current title selected: typing replaces it.
    const titleField = dialog.getByLabel('Nieuwe titel');
    assert.equal(await titleField.inputValue(), OLD_TITLE);
    assert.ok(await titleField.evaluate((el) => el === document.activeElement));
    await mp.keyboard.type(`${NEW_TITLE} (06 12345678)`);
    // Without a reason and the confirmation the dialog says what is missing.
    await mp.keyboard.press('Enter');
    await dialog.getByText('Vul een reden in.').waitFor();
    assert.ok(await dialog.getByLabel('Reden').evaluate((el) => el === document.activeElement));
    await mp.keyboard.type(REASON);
    await mp.keyboard.press('Tab');
    await mp.keyboard.press('Space');
    assert.ok(await dialog.getByLabel('Ik begrijp dat de oude titel definitief wordt gewist').isChecked());
    await dialog.getByRole('button', { name: 'Titel wijzigen' }).press('Enter');
    // The personal-data check of "Nieuw gesprek" applies to the new title too.
    const warning = dialog.getByRole('alert').filter({ hasText: 'Deze titel lijkt persoonsgegevens te bevatten' });
    await warning.filter({ hasText: 'telefoonnummer' }).waitFor();
    assert.ok(await warning.getByRole('button', { name: 'Aanpassen' }).evaluate((el) => el === document.activeElement));
    await mp.keyboard.press('Enter');
    assert.ok(await titleField.evaluate((el) => el === document.activeElement));
    await titleField.selectText();
    await mp.keyboard.type(NEW_TITLE);
    await mp.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });

    // Both views follow; the keyboard is back on the button.
    await threadHeading(mp, NEW_TITLE).waitFor();
    await mp.waitForFunction(() => document.activeElement?.dataset?.action === 'thread.retitle', null, { polling: 100 });
    const pp = participant.page;
    await threadHeading(pp, NEW_TITLE).waitFor();
    assert.equal(await pp.getByText(OLD_WORD, { exact: false }).count(), 0);
    // The list of threads names it anew too.
    await pp.getByRole('button', { name: 'Alle gesprekken' }).click();
    await pp.getByRole('link', { name: NEW_TITLE }).waitFor();
    assert.equal(await pp.getByText(OLD_WORD, { exact: false }).count(), 0);

    // The server answered after erasing: no file holds the old title while it runs.
    assert.deepEqual(await filesContaining(cast.server.dataDir, OLD_WORD), []);
    assert.deepEqual(await filesContaining(cast.server.dataDir, OLD_WORD.toLowerCase()), []);

    // The card on the board, loaded before the change, names the new title too.
    await openBoard(pp);
    await boardCard(pp, CARD_TITLE, 'Open vragen').getByText(`Uit gesprek: ${NEW_TITLE}`, { exact: false }).waitFor();
    assert.equal(await pp.getByText(OLD_WORD, { exact: false }).count(), 0);

    // A fresh load shows only the new title.
    await pp.reload();
    await pp.getByRole('tab', { name: /^Gesprekken/ }).click();
    await pp.getByRole('link', { name: NEW_TITLE }).waitFor();
    assert.equal(await pp.getByText(OLD_WORD, { exact: false }).count(), 0);
    assertNoProblems(mod.problems);
    assertNoProblems(participant.problems);
  });
});
