// Moderated threads (casuïstiek) in a real browser against a real server: a
// staff moderator creates a premoderated session with a participant and an
// expert; the participant starts a casus that appears live for the moderator;
// the expert's reply waits in the moderation queue, unseen by the participant,
// until the moderator approves it. Post markup stays text (no HTML), the
// personal-data warning can be overridden, attribution is shown as chosen,
// and hiding and redacting show their placeholders live.
//
// One server for the whole file; the tests run in order and build on each
// other (the three pages stay open between tests).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCast } from './lib/cast.mjs';
import { addSessionMember, assertNoProblems, createSession, pathOf, startThread, openSession as openSessionAt } from './lib/flows.mjs';
import { proxyWebSockets } from './lib/ws-proxy.mjs';
import { STAFF as MODERATOR, MEMBER as PARTICIPANT, EXPERT } from './lib/people.mjs';

const SESSION_TITLE = 'Kennislab Zandvoort';
const THREAD_TITLE = 'Zorgen over een buurtgroep';
const FIRST_POST = 'Bewoners melden stickers en posters in de wijk. Wat doen jullie in zo’n geval?';
const EXPERT_REPLY = 'Vanuit de praktijk: begin met een gesprek met de wijkagent en het jongerenwerk.';

let cast;
let mod; // { context, page, problems }
let participant; // WebSockets through a proxy
let expert;
let sessionPath;

const h1 = (page, name) => page.getByRole('heading', { name, level: 1 });
const threadHeading = (page) => page.getByRole('heading', { name: THREAD_TITLE, level: 3 });
const posts = (page) => page.getByRole('list', { name: 'Berichten' });
const post = (page, text) => posts(page).getByRole('article').filter({ hasText: text });
const composer = (page) => page.getByRole('form', { name: 'Reageren' });

/** Opens the session page and waits for the workspace. */
const openSession = (page) => openSessionAt(page, sessionPath, SESSION_TITLE);

/** Opens the test thread from the thread list (if it is not open already). */
async function openThread(page) {
  if (await threadHeading(page).isVisible()) return;
  await page.getByRole('link', { name: THREAD_TITLE }).click();
  await threadHeading(page).waitFor();
}

/** Writes a reply and sends it (no personal-data warning expected). */
async function reply(page, text, { attribution } = {}) {
  const form = composer(page);
  await form.getByLabel('Bericht', { exact: true }).fill(text);
  if (attribution) await form.getByLabel('Plaatsen als').selectOption(attribution);
  await form.getByRole('button', { name: 'Versturen' }).click();
  // Sent: the composer is empty again.
  const textarea = await form.getByLabel('Bericht', { exact: true }).elementHandle();
  await page.waitForFunction((el) => el.value === '', textarea);
}

/** The data-post id of a post's list item. */
async function postId(page, text) {
  return post(page, text).locator('xpath=..').getAttribute('data-post');
}

describe('threads', () => {
  before(async () => {
    cast = await startCast({
      mod: MODERATOR,
      participant: { person: PARTICIPANT, prepare: async (actor) => { actor.proxy = await proxyWebSockets(actor.context); } },
      expert: EXPERT,
    });
    ({ mod, participant, expert } = cast);
    await cast.admin.context.close();
  });

  after(async () => {
    if (cast) await cast.close();
  });

  test('a full moderation round: casus, premoderated expert reply, approval, live everywhere', async () => {
    const mp = mod.page;
    sessionPath = await createSession(mp, { title: SESSION_TITLE, premoderation: true });
    await addSessionMember(mp, PARTICIPANT, 'participant');
    await addSessionMember(mp, EXPERT, 'expert');
    await mp.getByRole('heading', { name: 'Gesprekken', level: 2 }).waitFor();
    await mp.getByText('Er zijn nog geen gesprekken.', { exact: false }).waitFor();

    const pp = participant.page;
    const ep = expert.page;
    await openSession(pp);
    await openSession(ep);
    // Experts reply but start no threads.
    assert.equal(await ep.getByRole('button', { name: 'Nieuw gesprek' }).count(), 0);

    // The participant starts a casus.
    await pp.getByRole('button', { name: 'Nieuw gesprek' }).click();
    const form = pp.getByRole('form', { name: 'Nieuw gesprek' });
    await form.getByLabel('Titel', { exact: true }).fill(THREAD_TITLE);
    await form.getByLabel('Soort gesprek').selectOption('casus');
    await form.getByLabel('Eerste bericht').fill(FIRST_POST);
    await form.getByRole('button', { name: 'Gesprek starten' }).click();
    await threadHeading(pp).waitFor();
    await post(pp, FIRST_POST).waitFor();
    assert.match(pathOf(pp), /^\/sessions\/[^/]+$/);
    assert.match(new URL(pp.url()).search, /^\?gesprek=/);

    // It appears live in the moderator's thread list, as a casus.
    const item = mp.getByRole('listitem').filter({ has: mp.getByRole('link', { name: THREAD_TITLE }) });
    await item.filter({ hasText: 'Casus' }).filter({ hasText: 'Open' }).waitFor();
    await openThread(mp);
    await post(mp, FIRST_POST).filter({ hasText: PARTICIPANT.name }).waitFor();

    // The expert replies; the reply waits for approval.
    await openThread(ep);
    await post(ep, FIRST_POST).waitFor();
    await reply(ep, EXPERT_REPLY);
    await post(ep, EXPERT_REPLY).filter({ hasText: 'Wacht op goedkeuring' }).waitFor();

    // The moderator sees it in the thread and in the queue, with how long it waited.
    await post(mp, EXPERT_REPLY).filter({ hasText: 'Wacht op goedkeuring' }).waitFor();
    const modTab = mp.getByRole('tab', { name: /^Moderatie/ });
    await mp.getByRole('tab', { name: 'Moderatie (1)' }).waitFor();
    // The participant does not see it.
    assert.equal(await post(pp, EXPERT_REPLY).count(), 0);

    await modTab.click();
    const queue = mp.getByRole('tabpanel', { name: /^Moderatie/ });
    const waiting = queue.getByRole('list', { name: /^Wacht op goedkeuring/ }).getByRole('listitem').filter({ hasText: EXPERT_REPLY });
    await waiting.filter({ hasText: /wacht (minder dan 1 min|\d+ min)/ }).waitFor();
    await waiting.filter({ hasText: EXPERT.name }).waitFor();
    await waiting.getByRole('button', { name: 'Goedkeuren' }).click();
    await waiting.waitFor({ state: 'detached' });
    await queue.getByText('Er wachten geen berichten op goedkeuring.').waitFor();
    await mp.getByRole('tab', { name: 'Moderatie', exact: true }).waitFor();

    // Approved: the participant sees it appear live; the expert's marker goes.
    await post(pp, EXPERT_REPLY).filter({ hasText: EXPERT.name }).waitFor();
    await post(ep, EXPERT_REPLY).filter({ hasText: 'Wacht op goedkeuring' }).waitFor({ state: 'detached' });
    await post(ep, EXPERT_REPLY).waitFor();

    await mp.getByRole('tab', { name: 'Gesprekken' }).click();
    await threadHeading(mp).waitFor();

    assertNoProblems(mod.problems);
    assertNoProblems(participant.problems);
    assertNoProblems(expert.problems);
  });

  test('post markup is rendered safely: HTML stays text, links open in a new tab', async () => {
    const pp = participant.page;
    const body = '**Let op**: <script>window.klHacked = 1</script> en <img src=x onerror="window.klHacked = 2">\n'
      + '- zie https://example.org/handreiking\n- of [de notitie](https://example.org/notitie)';
    await reply(pp, body);
    for (const page of [pp, mod.page]) {
      const article = post(page, '<script>window.klHacked = 1</script>');
      await article.waitFor();
      await article.getByText('<img src=x onerror="window.klHacked = 2">', { exact: false }).waitFor();
      assert.equal(await article.locator('.post-body strong').textContent(), 'Let op');
      assert.equal(await article.locator('img, script').count(), 0);
      const link = article.getByRole('link', { name: 'https://example.org/handreiking' });
      assert.equal(await link.getAttribute('href'), 'https://example.org/handreiking');
      assert.equal(await link.getAttribute('target'), '_blank');
      assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
      assert.equal(await article.getByRole('link', { name: 'de notitie' }).getAttribute('href'), 'https://example.org/notitie');
      assert.equal(await article.getByRole('listitem').count(), 2);
      assert.equal(await page.evaluate(() => window.klHacked), undefined);
    }
    assertNoProblems(participant.problems);
    assertNoProblems(mod.problems);
  });

  test('the personal-data warning names what it found; the author can adjust or send anyway', async () => {
    const pp = participant.page;
    const form = composer(pp);
    const text = 'De jongere met BSN 111222333 is bekend bij het wijkteam.';
    await form.getByLabel('Bericht', { exact: true }).fill(text);
    await form.getByRole('button', { name: 'Versturen' }).click();
    const warning = form.getByRole('alert').filter({ hasText: 'persoonsgegevens' });
    await warning.filter({ hasText: 'BSN' }).waitFor();
    await warning.getByRole('button', { name: 'Aanpassen' }).click();
    await warning.waitFor({ state: 'hidden' });
    assert.equal(await form.getByLabel('Bericht', { exact: true }).inputValue(), text);
    assert.equal(await post(pp, text).count(), 0);

    await form.getByRole('button', { name: 'Versturen' }).click();
    await warning.getByRole('button', { name: 'Toch versturen' }).click();
    await post(pp, text).waitFor();
    assert.equal(await form.getByLabel('Bericht', { exact: true }).inputValue(), '');
    // Moderators see that the server found it too.
    await post(mod.page, text).filter({ hasText: 'Mogelijk persoonsgegevens: BSN' }).waitFor();
    assert.equal(await post(pp, text).filter({ hasText: 'Mogelijk persoonsgegevens' }).count(), 0);
    assertNoProblems(participant.problems);
  });

  test('attribution: others see only the organisation type, moderators also the author', async () => {
    const pp = participant.page;
    const text = 'Bij ons werkt een vast contactpunt voor signalen goed.';
    await reply(pp, text, { attribution: 'organisation_type' });
    const seenByExpert = post(expert.page, text);
    await seenByExpert.waitFor();
    assert.equal(await seenByExpert.filter({ hasText: PARTICIPANT.name }).count(), 0);
    assert.equal(await seenByExpert.filter({ hasText: PARTICIPANT.orgName }).count(), 0);
    await post(mod.page, text).filter({ hasText: `door ${PARTICIPANT.name}` }).filter({ hasText: 'geplaatst als' }).waitFor();
    // Back to the default for the next tests.
    await composer(pp).getByLabel('Plaatsen als').selectOption('named');
    assertNoProblems(participant.problems);
    assertNoProblems(expert.problems);
  });

  test('the moderator hides one post and redacts another; the participant sees the placeholders live', async () => {
    const mp = mod.page;
    const pp = participant.page;
    const hiddenText = 'De jongere met BSN 111222333 is bekend bij het wijkteam.';
    const redactedText = '<script>window.klHacked = 1</script>';
    const hiddenId = await postId(pp, hiddenText);
    const redactedId = await postId(pp, redactedText);
    assert.ok(hiddenId && redactedId);

    // Hide (a reason is required).
    await post(mp, hiddenText).getByRole('button', { name: 'Verbergen' }).click();
    const hideDialog = mp.getByRole('dialog', { name: 'Bericht verbergen?' });
    await hideDialog.getByRole('button', { name: 'Verbergen' }).click();
    await hideDialog.getByText('Vul een reden in.').waitFor();
    await hideDialog.getByLabel('Reden').fill('Bevat een BSN');
    await hideDialog.getByRole('button', { name: 'Verbergen' }).click();
    await hideDialog.waitFor({ state: 'detached' });

    const hiddenForParticipant = pp.locator(`[data-post="${hiddenId}"]`);
    await hiddenForParticipant.getByText('Verborgen door moderator').waitFor();
    assert.equal(await hiddenForParticipant.getByText('111222333', { exact: false }).count(), 0);
    // The moderator still sees the text, with the reason.
    const hiddenForMod = mp.locator(`[data-post="${hiddenId}"]`);
    await hiddenForMod.getByText('Verborgen door moderator').waitFor();
    await hiddenForMod.getByText('Bevat een BSN', { exact: false }).waitFor();
    await hiddenForMod.getByText('111222333', { exact: false }).waitFor();

    // Redact (reason and confirmation required).
    const redactedForMod = mp.locator(`[data-post="${redactedId}"]`);
    await redactedForMod.getByRole('button', { name: 'Definitief wissen' }).click();
    const redactDialog = mp.getByRole('dialog', { name: 'Bericht definitief wissen?' });
    await redactDialog.getByLabel('Reden').fill('Ongepaste inhoud');
    await redactDialog.getByRole('button', { name: 'Definitief wissen' }).click();
    await redactDialog.getByText('Bevestig dat dit definitief is.').waitFor();
    await redactDialog.getByLabel('Ik begrijp dat dit definitief is').check();
    await redactDialog.getByRole('button', { name: 'Definitief wissen' }).click();
    await redactDialog.waitFor({ state: 'detached' });

    const redactedForParticipant = pp.locator(`[data-post="${redactedId}"]`);
    await redactedForParticipant.getByText('Verwijderd door moderator').waitFor();
    assert.equal(await redactedForParticipant.getByText('window.klHacked', { exact: false }).count(), 0);
    await redactedForMod.getByText('Verwijderd door moderator').waitFor();
    assert.equal(await redactedForMod.getByText('window.klHacked', { exact: false }).count(), 0);

    assertNoProblems(mod.problems);
    assertNoProblems(participant.problems);
  });

  test('replying to a post, editing and deleting one\'s own post, flagging and dismissing a flag', async () => {
    const pp = participant.page;
    const ep = expert.page;
    const mp = mod.page;

    // The participant answers the expert's post specifically.
    await post(pp, EXPERT_REPLY).getByRole('button', { name: 'Reageren' }).click();
    const form = composer(pp);
    await form.getByText(`Reactie op ${EXPERT.name}`).waitFor();
    const answer = 'Dank, dat gesprek met de wijkagent plannen we in.';
    await reply(pp, answer);
    await post(ep, answer).getByText(`Reactie op ${EXPERT.name}`, { exact: false }).waitFor();

    // Edit: others see "bewerkt" and the new text.
    await post(pp, answer).getByRole('button', { name: 'Bewerken' }).click();
    await pp.getByLabel('Bericht bewerken').fill(`${answer} Volgende week.`);
    await pp.getByRole('button', { name: 'Opslaan' }).click();
    await post(ep, `${answer} Volgende week.`).filter({ hasText: 'bewerkt' }).waitFor();
    // The moderator can open the revisions.
    await post(mp, `${answer} Volgende week.`).getByRole('button', { name: 'Eerdere versies' }).click();
    const history = mp.getByRole('dialog', { name: 'Eerdere versies van dit bericht' });
    await history.getByText('Huidige tekst').waitFor();
    await history.getByText(answer, { exact: true }).waitFor();
    await history.getByRole('button', { name: 'Sluiten' }).click();

    // The expert flags the participant's first post; the moderator dismisses the flag.
    await post(ep, FIRST_POST).getByRole('button', { name: 'Melden' }).click();
    const flagDialog = ep.getByRole('dialog', { name: 'Bericht melden' });
    await flagDialog.getByLabel('Waarom meld je dit bericht?').fill('Bevat mogelijk herleidbare details');
    await flagDialog.getByRole('button', { name: 'Melden' }).click();
    await flagDialog.waitFor({ state: 'detached' });
    await mp.getByRole('tab', { name: 'Moderatie (1)' }).click();
    const flags = mp.getByRole('list', { name: /^Meldingen/ }).getByRole('listitem').filter({ hasText: 'Bevat mogelijk herleidbare details' });
    await flags.filter({ hasText: FIRST_POST }).waitFor();
    await flags.getByRole('button', { name: 'Melding sluiten' }).click();
    await flags.waitFor({ state: 'detached' });
    await mp.getByRole('tab', { name: 'Moderatie', exact: true }).waitFor();
    await mp.getByRole('tab', { name: 'Gesprekken' }).click();

    // Delete: everyone sees the placeholder.
    const id = await postId(pp, `${answer} Volgende week.`);
    await post(pp, `${answer} Volgende week.`).getByRole('button', { name: 'Verwijderen' }).click();
    const confirm = pp.getByRole('dialog', { name: 'Bericht verwijderen?' });
    await confirm.getByRole('button', { name: 'Verwijderen' }).click();
    await pp.locator(`[data-post="${id}"]`).getByText('Verwijderd door de auteur').waitFor();
    await ep.locator(`[data-post="${id}"]`).getByText('Verwijderd door de auteur').waitFor();

    assertNoProblems(mod.problems);
    assertNoProblems(participant.problems);
    assertNoProblems(expert.problems);
  });

  test('thread controls: locking hides the composer for participants, live; typing is shown', async () => {
    const mp = mod.page;
    const pp = participant.page;
    const ep = expert.page;

    // Typing under one's own name shows up for the others.
    const typingFrom = participant.proxy.mark('received');
    const typed = participant.proxy.waitFor('received', (f) => f.type === 'typing', typingFrom);
    // The client says "typing" at most every 3 s, and the server passes it on at most
    // as often: an earlier test may still hold that window, so keep typing (as a
    // person would) until the frame reaches the participant.
    for (let i = 0; i < 10; i += 1) {
      await composer(ep).getByLabel('Bericht', { exact: true }).fill(`Ik typ iets${'.'.repeat(i)}`);
      const pace = new Promise((resolve) => setTimeout(() => resolve(false), 1000));
      if (await Promise.race([typed.then(() => true, () => true), pace])) break;
    }
    await typed;
    await pp.getByText(`${EXPERT.name} typt…`).waitFor();
    await composer(ep).getByLabel('Bericht', { exact: true }).fill('');

    const controls = mp.getByRole('group', { name: 'Gespreksbeheer' });
    await controls.getByRole('button', { name: 'Vastzetten' }).click();
    await controls.getByRole('button', { name: 'Losmaken' }).waitFor();
    await pp.getByText('Vastgezet', { exact: true }).first().waitFor();
    await controls.getByLabel('Langzame modus').selectOption('30');
    await pp.getByText('Langzame modus: deelnemers kunnen één bericht per 30 seconden plaatsen.').waitFor();

    // In slow mode a second post within 30 s is refused; the text stays and the wait is shown.
    const form = composer(pp);
    const box = form.getByLabel('Bericht', { exact: true });
    const slowAlert = form.getByRole('alert').filter({ hasText: /Langzame modus: je kunt over \d+ seconden? weer een bericht plaatsen/ });
    for (const text of ['Snel achter elkaar één.', 'Snel achter elkaar twee.']) {
      await box.fill(text);
      await form.getByRole('button', { name: 'Versturen' }).click();
      await post(pp, text).or(slowAlert).first().waitFor();
      if (await slowAlert.isVisible()) break;
    }
    await slowAlert.waitFor();
    assert.match(await box.inputValue(), /^Snel achter elkaar/);
    assert.equal(await form.getByRole('button', { name: 'Versturen' }).isDisabled(), true);
    await box.fill('');

    // Muted: the composer says until when and does not send.
    const manage = mp.getByRole('button', { name: `Beheren: ${PARTICIPANT.name}` });
    await manage.click();
    const member = mp.getByRole('region', { name: /^Leden/ }).getByRole('listitem').filter({ hasText: PARTICIPANT.name });
    await member.getByLabel('Dempen tot', { exact: true }).fill('2030-01-01T09:00');
    await member.getByRole('button', { name: 'Dempen', exact: true }).click();
    await form.getByText('Je bent gedempt tot di 1 januari 2030 om 09:00.', { exact: false }).waitFor();
    await member.getByRole('button', { name: 'Dempen opheffen' }).click();
    await form.getByText('Je bent gedempt tot', { exact: false }).waitFor({ state: 'hidden' });
    await manage.click();
    await controls.getByRole('button', { name: 'Sluiten' }).click();
    await pp.getByText('Dit gesprek is gesloten: er kunnen geen berichten meer bij.').waitFor();
    assert.equal(await composer(pp).count(), 0);
    await threadHeading(pp).waitFor();
    await controls.getByRole('button', { name: 'Heropenen' }).click();
    await composer(pp).waitFor();
    await controls.getByLabel('Langzame modus').selectOption('0');
    await pp.getByText('Langzame modus: deelnemers', { exact: false }).waitFor({ state: 'hidden' });

    assertNoProblems(mod.problems);
    assertNoProblems(participant.problems);
  });
  test('unread counts in the list; opening a thread marks it read; "Oudere berichten" pages back', async () => {
    const ep = expert.page;
    const mp = mod.page;
    await ep.getByRole('button', { name: 'Alle gesprekken' }).click();
    const item = ep.getByRole('listitem').filter({ has: ep.getByRole('link', { name: THREAD_TITLE }) });
    await item.waitFor();
    await item.filter({ hasText: 'ongelezen' }).waitFor({ state: 'detached' });

    // Sixty posts by the moderator (through the page's own connection, to be quick).
    await mp.evaluate(async (threadTitle) => {
      const socket = await import('/js/core/socket.js');
      const session = location.pathname.split('/').pop();
      const state = await socket.request('session.state', { session });
      const thread = state.threads.find((t) => t.title === threadTitle);
      for (let i = 1; i <= 60; i += 1) {
        await socket.request('post.create', { thread: thread.id, body: `Samenvatting punt ${i}`, client_msg_id: `seed-${i}` });
      }
    }, THREAD_TITLE);
    await item.filter({ hasText: '60 ongelezen' }).waitFor();

    // A fresh load of the thread shows the newest 50 and pages back on request.
    await ep.goto(sessionPath);
    await h1(ep, SESSION_TITLE).waitFor();
    await item.filter({ hasText: '60 ongelezen' }).waitFor();
    await ep.getByRole('link', { name: THREAD_TITLE }).click();
    await threadHeading(ep).waitFor();
    await post(ep, 'Samenvatting punt 60').waitFor();
    await post(ep, 'Samenvatting punt 11').waitFor();
    assert.equal(await post(ep, FIRST_POST).count(), 0);
    const older = ep.getByRole('button', { name: 'Oudere berichten' });
    while (await post(ep, FIRST_POST).count() === 0) {
      await older.click();
      await ep.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    }
    await post(ep, FIRST_POST).waitFor();
    await older.waitFor({ state: 'hidden' });

    // Opening it marked it read.
    await ep.getByRole('button', { name: 'Alle gesprekken' }).click();
    await item.waitFor();
    assert.equal(await item.filter({ hasText: 'ongelezen' }).count(), 0);
    await ep.reload();
    await item.waitFor();
    assert.equal(await item.filter({ hasText: 'ongelezen' }).count(), 0);
    await openThread(ep);

    assertNoProblems(expert.problems);
    assertNoProblems(mod.problems);
  });

  test('a post whose answer was lost to a dropped connection is sent again with the same client_msg_id, once', async () => {
    const pp = participant.page;
    const { proxy } = participant;
    const text = 'Dit bericht overleeft een storing.';
    const sentFrom = proxy.mark('sent');
    const droppedFrom = proxy.mark('dropped');
    proxy.blackout = true;
    let first;
    let retryFrom;
    try {
      await composer(pp).getByLabel('Bericht', { exact: true }).fill(text);
      await composer(pp).getByRole('button', { name: 'Versturen' }).click();
      first = await proxy.waitFor('sent', (f) => f.type === 'post.create' && f.body === text, sentFrom);
      await proxy.waitFor('dropped', (f) => f.re === first.id && f.ok === true, droppedFrom);
      retryFrom = proxy.mark('sent');
      await proxy.cut();
    } finally {
      proxy.blackout = false;
    }

    const second = await proxy.waitFor('sent', (f) => f.type === 'post.create' && f.body === text, retryFrom);
    assert.equal(second.client_msg_id, first.client_msg_id);
    await post(pp, text).waitFor();
    const textarea = await composer(pp).getByLabel('Bericht', { exact: true }).elementHandle();
    await pp.waitForFunction((el) => el.value === '', textarea);
    await post(mod.page, text).waitFor();
    assert.equal(await post(pp, text).count(), 1);
    assert.equal(await post(mod.page, text).count(), 1);
    assertNoProblems(participant.problems);
  });

  test('an observer reads without a composer; an archived session is read-only for everyone', async () => {
    const mp = mod.page;
    const pp = participant.page;
    const manage = mp.getByRole('button', { name: `Beheren: ${PARTICIPANT.name}` });
    await manage.click();
    const member = mp.getByRole('region', { name: /^Leden/ }).getByRole('listitem').filter({ hasText: PARTICIPANT.name });
    await member.getByLabel('Rol', { exact: true }).selectOption('observer');
    await member.getByRole('button', { name: 'Rol opslaan' }).click();
    await pp.getByText('Je bent waarnemer in deze sessie: je kunt meelezen, maar niet reageren.').waitFor();
    assert.equal(await composer(pp).count(), 0);
    const recent = 'Samenvatting punt 60';
    assert.equal(await post(pp, recent).getByRole('button', { name: 'Reageren' }).count(), 0);
    await post(pp, recent).getByRole('button', { name: 'Melden' }).waitFor();

    await mp.getByRole('button', { name: 'Archiveren' }).click();
    await mp.getByRole('dialog', { name: 'Sessie archiveren?' }).getByRole('button', { name: 'Archiveren' }).click();
    for (const page of [mp, pp, expert.page]) {
      await page.getByText('De sessie is gearchiveerd: je kunt alles teruglezen, maar niets meer toevoegen.').waitFor();
      assert.equal(await composer(page).count(), 0);
      await post(page, recent).waitFor();
      assert.equal(await post(page, recent).getByRole('button').count(), 0);
    }
    assert.equal(await mp.getByRole('group', { name: 'Gespreksbeheer' }).count(), 0);
    assert.equal(await mp.getByRole('tab', { name: /^Moderatie/ }).count(), 0);

    assertNoProblems(mod.problems);
    assertNoProblems(participant.problems);
    assertNoProblems(expert.problems);
  });

  test('the moderation queue comes 50 at a time; "Oudere items laden" brings the rest', async () => {
    const mp = mod.page;
    const ep = expert.page;
    const title = 'Kennislab Wachtrij';
    const path = await createSession(mp, { title, premoderation: true });
    await addSessionMember(mp, EXPERT, 'expert');
    await startThread(mp, { title: 'Veel reacties', body: 'Reageer hier.' });
    const threadId = new URL(mp.url()).searchParams.get('gesprek');
    assert.ok(threadId);

    // The expert sends 53 replies through the page's own connection (each waits for approval).
    await ep.goto(path);
    await h1(ep, title).waitFor();
    const states = await ep.evaluate(async (thread) => {
      const socket = await import('/js/core/socket.js');
      const made = [];
      for (let i = 0; i < 53; i++) {
        const answer = await socket.request('post.create', { thread, body: `Reactie ${i}`, client_msg_id: `wachtrij-${i}` });
        made.push(answer.post.state);
      }
      return made;
    }, threadId);
    assert.ok(states.every((state) => state === 'pending'));

    // A fresh load of the moderator's page: the newest 50, then the older ones on request.
    await mp.goto(path);
    await h1(mp, title).waitFor();
    await mp.getByRole('tab', { name: /^Moderatie/ }).click();
    const queue = mp.getByRole('tabpanel', { name: /^Moderatie/ });
    await queue.getByRole('heading', { name: 'Wacht op goedkeuring (50)' }).waitFor();
    const older = queue.getByRole('button', { name: 'Oudere items laden' });
    await older.click();
    await queue.getByRole('heading', { name: 'Wacht op goedkeuring (53)' }).waitFor();
    await older.waitFor({ state: 'hidden' });
    await queue.getByRole('listitem').filter({ hasText: 'Reactie 0' }).waitFor();

    assertNoProblems(mod.problems);
    assertNoProblems(expert.problems);
  });
});
