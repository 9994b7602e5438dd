// Documents in a real browser against a real server: a participant drops a PDF
// (made here, holding a unique word) onto the reply composer and picks a second
// file with "Bestand toevoegen" (the keyboard path), sees each upload's
// progress and then the attachment, removes the second one again and posts;
// an observer sees the document, finds it by the word in the session search
// (once the server indexes PDF text) and downloads the same bytes, but has no
// upload control, and the server refuses an upload from them (403); Terugblik
// lists the document; a ".pdf" that holds HTML is refused with the server's
// Dutch message; a moderator removes the document for good from the
// "Documenten" tab and the participant's view loses it live. At 390 px the composer with two
// attachments and the Documenten tab scroll no wider than the screen.
//
// The page count, thumbnail and text of a PDF come from a child process after
// the upload: the test waits (bounded) until the server's own answers have them.
//
// One server for the whole file; the tests run in order and build on each other.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { startCast } from './lib/cast.mjs';
import { addSessionMember, assertNoProblems, createSession, socketRequest, startThread } from './lib/flows.mjs';
import { STAFF as MODERATOR, MEMBER as PARTICIPANT } from './lib/people.mjs';

const OBSERVER = {
  name: 'Olga Observator',
  email: 'olga.observator@gemeente.example',
  orgType: 'gemeente',
  orgName: 'Gemeente Haarlem',
  globalRole: 'member',
  password: 'wachtwoord-van-olga-1',
};

const SESSION_TITLE = 'Kennislab Documenten';
const THREAD_TITLE = 'Werkwijze bij signalen';
const WORD = 'Kwartelkoning2718'; // one word: the search index keeps it whole
const PDF_NAME = 'werkwijze-signalen.pdf';
const TEXT_NAME = 'aantekeningen.txt';
const POLYGLOT_NAME = 'nep-rapport.pdf';
const POST_TEXT = 'Hierbij onze werkwijze, zie de bijlage.';

/** A valid one-page PDF whose text content stream holds text, with a correct xref table. */
function tinyPdf(text) {
  const content = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const PDF = tinyPdf(`Onze werkwijze ${WORD}`);
// A PDF header with HTML behind it: libmagic calls it a PDF, a browser might render it.
const POLYGLOT = Buffer.from('%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n', 'latin1');

let cast;
let mod;
let participant;
let observer;
let sessionPath;
let sessionId;
let documentId = null;

const composer = (page) => page.locator('form.composer');
const attachment = (page, name) => composer(page).locator('li.attachment').filter({ hasText: name });
const docsTab = (page) => page.getByRole('tabpanel', { name: 'Documenten' });
const docRow = (page, name) => docsTab(page).locator('ul.docs-rows > li').filter({ hasText: name });

// Screenshots for a person to look at, only when asked for (KL_E2E_SCREENSHOTS=folder).
const SHOTS = process.env.KL_E2E_SCREENSHOTS || null;

/** Scroll width of the page at 390 px (then back to the usual size); shot: a screenshot's name. */
// Polls check (an async predicate) until it holds, for at most 15 s.
async function until(check, what) {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within 15 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function widthAt390(page, shot = null) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 800 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (SHOTS && shot) {
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, shot), fullPage: true });
  }
  await page.setViewportSize(size);
  return width;
}

async function openDocumentsTab(page) {
  await page.getByRole('tab', { name: 'Documenten' }).click();
  await page.getByRole('heading', { name: 'Documenten', level: 2 }).waitFor();
  await docsTab(page).getByRole('region', { name: 'Alle documenten' }).getByRole('status').filter({ hasNotText: 'worden geladen' }).waitFor();
}

/** Picks a file through "Bestand toevoegen" (the file chooser, as by keyboard). */
async function pickFile(page, scope, file) {
  const chooser = page.waitForEvent('filechooser');
  await scope.getByRole('button', { name: 'Bestand toevoegen' }).click();
  await (await chooser).setFiles(file);
}

describe('documents', () => {
  before(async () => {
    // A 1 MB upload limit: a file over it is cheap to make.
    cast = await startCast({ mod: MODERATOR, participant: PARTICIPANT, observer: OBSERVER }, { serverArgs: ['--max-upload-mb', '1'] });
    ({ mod, participant, observer } = cast);
    await cast.admin.context.close();
  });

  after(async () => {
    if (cast) await cast.close();
  });

  test('a session with a participant, an observer and a thread', async () => {
    sessionPath = await createSession(mod.page, { title: SESSION_TITLE });
    sessionId = decodeURIComponent(sessionPath.split('/').pop());
    await addSessionMember(mod.page, PARTICIPANT, 'participant');
    await addSessionMember(mod.page, OBSERVER, 'observer');
    await participant.page.goto(sessionPath);
    await participant.page.getByRole('heading', { name: SESSION_TITLE, level: 1 }).waitFor();
    await startThread(participant.page, { title: THREAD_TITLE, kind: 'vraag', body: 'Hoe werken jullie bij signalen?' });
  });

  test('a participant drops a PDF on the composer, adds a second file by keyboard, and posts', async () => {
    const pp = participant.page;
    await composer(pp).waitFor();
    // The drop: a DataTransfer made in the page, as a file dragged from the desktop.
    const seen = await pp.evaluate(([name, bytes]) => {
      const file = new File([new Uint8Array(bytes)], name, { type: 'application/pdf' });
      const data = new DataTransfer();
      data.items.add(file);
      const form = document.querySelector('form.composer');
      form.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true, cancelable: true }));
      const zone = form.classList.contains('is-drop-target') && !form.querySelector('.drop-hint').hidden;
      form.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      const progress = form.querySelector('progress');
      return {
        zone,
        progress: progress ? progress.getAttribute('aria-label') : null,
        after: form.classList.contains('is-drop-target'),
      };
    }, [PDF_NAME, [...PDF]]);
    assert.equal(seen.zone, true, 'dragging files over the composer shows the drop zone');
    assert.equal(seen.after, false, 'the drop zone goes once dropped');
    assert.equal(seen.progress, `${PDF_NAME} uploaden`, 'the upload shows a labelled progress bar at once');
    await attachment(pp, PDF_NAME).getByText('Toegevoegd', { exact: false }).waitFor();
    await attachment(pp, PDF_NAME).getByRole('button', { name: `${PDF_NAME} verwijderen` }).waitFor();

    await pickFile(pp, composer(pp), { name: TEXT_NAME, mimeType: 'text/plain', buffer: Buffer.from('Losse aantekeningen.\n') });
    await attachment(pp, TEXT_NAME).getByText('Toegevoegd', { exact: false }).waitFor();
    // Files fix the attribution they were uploaded under.
    assert.equal(await composer(pp).getByLabel('Plaatsen als').isDisabled(), true);
    assert.ok(await widthAt390(pp, 'documenten-composer-390.png') <= 390, 'the composer with two attachments fits 390 px');

    // The second one goes again (document.delete), the focus stays in the list.
    await attachment(pp, TEXT_NAME).getByRole('button', { name: `${TEXT_NAME} verwijderen` }).click();
    await attachment(pp, TEXT_NAME).waitFor({ state: 'detached' });
    const listed = await socketRequest(pp, 'document.list', { session: sessionId });
    assert.deepEqual(listed.documents.map((d) => d.name), [PDF_NAME]);
    documentId = listed.documents[0].id;
    assert.equal(listed.documents[0].thread !== undefined && listed.documents[0].thread !== null, true, 'uploaded into the thread');

    await composer(pp).getByLabel('Bericht').fill(POST_TEXT);
    await composer(pp).getByRole('button', { name: 'Versturen' }).click();
    const post = pp.getByRole('list', { name: 'Berichten' }).getByRole('article').filter({ hasText: POST_TEXT });
    await post.waitFor();
    await composer(pp).locator('li.attachment').first().waitFor({ state: 'detached' });
  });

  test('an observer sees the document, finds it by a word inside, and downloads it', async () => {
    const op = observer.page;
    await op.goto(sessionPath);
    await op.getByRole('heading', { name: SESSION_TITLE, level: 1 }).waitFor();
    // The thumbnail is made after the upload; the thread shows what the server has then.
    await until(async () => (await socketRequest(op, 'document.list', { session: sessionId })).documents
      .some((d) => d.name === PDF_NAME && d.thumbnail), 'the PDF has a thumbnail');
    await op.getByRole('link', { name: THREAD_TITLE }).click();
    const post = op.getByRole('list', { name: 'Berichten' }).getByRole('article').filter({ hasText: POST_TEXT });
    await post.waitFor();
    // Reads only: no composer, no upload control.
    assert.equal(await op.locator('form.composer').count(), 0);
    const posts = await socketRequest(op, 'thread.posts', { thread: (await socketRequest(op, 'document.list', { session: sessionId })).documents[0].thread });
    const carried = (posts.posts || []).find((p) => p.body === POST_TEXT);
    assert.ok(carried && Array.isArray(carried.documents) && carried.documents.length === 1, 'the post carries the one file left');
    await post.getByRole('link', { name: PDF_NAME }).waitFor();
    await post.getByText(/^PDF · /).waitFor();
    const postThumb = post.locator('img.doc-thumb');
    await postThumb.waitFor();
    await op.waitForFunction((el) => el.complete && el.naturalWidth > 0, await postThumb.elementHandle());

    // The tab is reached by keyboard like the others: Arrow right from Verslag.
    await op.getByRole('tab', { name: 'Verslag' }).click();
    await op.keyboard.press('ArrowRight');
    assert.equal(await op.getByRole('tab', { name: 'Documenten' }).getAttribute('aria-selected'), 'true');
    await openDocumentsTab(op);
    const row = docRow(op, PDF_NAME);
    await row.waitFor();
    assert.equal(await docsTab(op).getByRole('button', { name: 'Bestand toevoegen' }).isVisible(), false);
    assert.equal(await row.getByRole('button').count(), 0, 'an observer has no actions on a document');
    const img = row.locator('img.doc-thumb');
    await img.waitFor();
    assert.equal(await img.getAttribute('alt'), '');
    await op.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());

    const downloading = op.waitForEvent('download');
    await row.getByRole('link', { name: PDF_NAME }).click();
    const download = await downloading;
    assert.equal(download.suggestedFilename(), PDF_NAME);
    assert.ok((await readFile(await download.path())).equals(PDF), 'the same bytes come back');

    // The server refuses an upload from an observer.
    const status = await op.evaluate(async (id) => {
      const res = await fetch(`/api/sessions/${encodeURIComponent(id)}/documents?name=poging.txt`, { method: 'POST', body: 'nee' });
      return res.status;
    }, sessionId);
    assert.equal(status, 403);

    // Terugblik lists it too.
    await op.goto(`${sessionPath}/terugblik`);
    const reviewed = op.getByRole('region', { name: 'Documenten' });
    await reviewed.getByRole('link', { name: PDF_NAME }).waitFor();
    await reviewed.getByText(`${PARTICIPANT.name} · `, { exact: false }).waitFor();
    await op.goto(sessionPath);
    await op.getByRole('heading', { name: SESSION_TITLE, level: 1 }).waitFor();

    await until(async () => ((await socketRequest(op, 'search', { session: sessionId, q: WORD })).hits || [])
      .some((hit) => hit.kind === 'document'), 'the PDF\'s text is in the search index');
    const box = op.getByRole('search', { name: 'Zoeken in deze sessie' });
    await box.getByLabel('Zoeken in deze sessie').fill(WORD);
    await box.getByRole('button', { name: 'Zoeken' }).click();
    const hit = op.locator('a.search-hit[data-kind="document"]').filter({ hasText: PDF_NAME });
    await hit.waitFor();
    assert.equal(await hit.getAttribute('href'), `/api/documents/${encodeURIComponent(documentId)}`);
  });

  test('a .pdf holding HTML is refused with the Dutch message', async () => {
    const pp = participant.page;
    await pickFile(pp, composer(pp), { name: POLYGLOT_NAME, mimeType: 'application/pdf', buffer: POLYGLOT });
    const refused = attachment(pp, POLYGLOT_NAME);
    await refused.getByText('Dit soort bestand kan niet worden toegevoegd', { exact: false }).waitFor();
    assert.equal(await refused.getAttribute('data-state'), 'failed');
    await refused.getByRole('button', { name: `${POLYGLOT_NAME} weghalen` }).click();
    await refused.waitFor({ state: 'detached' });
  });

  test('a file over the limit is refused with the Dutch message', async () => {
    const pp = participant.page;
    // The hint names this server's limit (--max-upload-mb 1), from its hello answer,
    // also when the session page was reached from the start page: its modules load
    // only then, after that hello came.
    await pp.goto('/');
    await pp.getByRole('link', { name: SESSION_TITLE }).click();
    await pp.getByRole('link', { name: THREAD_TITLE }).click();
    await composer(pp).getByText('maximaal 1 MB per bestand', { exact: false }).waitFor();
    await pickFile(pp, composer(pp), { name: 'groot.txt', mimeType: 'text/plain', buffer: Buffer.alloc(1536 * 1024, 'a') });
    const refused = attachment(pp, 'groot.txt');
    // The 413, or (when the server closed the connection before the browser read
    // it) the upload cut off midway: both say the limit.
    await refused.locator('.attachment-message.is-error').getByText('1 MB', { exact: false }).waitFor();
    await refused.getByRole('button', { name: 'groot.txt weghalen' }).click();
    await refused.waitFor({ state: 'detached' });
  });

  test('a moderator removes the document for good and the participant loses it live', async () => {
    const pp = participant.page;
    await openDocumentsTab(pp);
    await docRow(pp, PDF_NAME).waitFor();
    assert.ok(await widthAt390(pp, 'documenten-tab-390.png') <= 390, 'the Documenten tab fits 390 px');

    const mp = mod.page;
    await openDocumentsTab(mp);
    await docRow(mp, PDF_NAME).getByRole('button', { name: `Definitief verwijderen: ${PDF_NAME}` }).click();
    const dialog = mp.getByRole('dialog', { name: 'Document definitief verwijderen?' });
    await dialog.getByLabel('Reden').fill('Bevat gegevens die hier niet horen.');
    await dialog.getByLabel('Ik begrijp dat dit definitief is').check();
    await dialog.getByRole('button', { name: 'Definitief verwijderen' }).click();
    await dialog.waitFor({ state: 'detached' });
    await docRow(mp, PDF_NAME).waitFor({ state: 'detached' });

    await docRow(pp, PDF_NAME).waitFor({ state: 'detached' });
    await docsTab(pp).getByText('Er zijn nog geen documenten in deze sessie.').waitFor();
    // The open thread (no reload) lost the attachment too.
    await pp.getByRole('tab', { name: /^Gesprekken/ }).click();
    const post = pp.getByRole('list', { name: 'Berichten' }).getByRole('article').filter({ hasText: POST_TEXT });
    await post.waitFor();
    assert.equal(await post.getByRole('link', { name: PDF_NAME }).count(), 0);
    const gone = await pp.evaluate(async (id) => (await fetch(`/api/documents/${encodeURIComponent(id)}`)).status, documentId);
    assert.equal(gone, 404);
  });

  test('no page had errors', () => {
    for (const actor of [mod, participant, observer]) assertNoProblems(actor.problems);
  });
});
