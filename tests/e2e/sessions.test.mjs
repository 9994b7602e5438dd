// Closed sessions in a real browser against a real server: a staff member
// creates a session and adds a member; both see the session and each other
// online; changes (title, role) appear live; a stale edit is caught as a
// conflict; after a dropped connection the page resumes from the last seq and
// reloads on resync_required; removing the member sends them away; archiving
// makes the session read-only for everyone, live.
//
// One server for the whole file; the tests run in order and build on each
// other (the moderator and member pages stay open between tests).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCast } from './lib/cast.mjs';
import { assertNoProblems, loginAs, pathOf } from './lib/flows.mjs';
import { proxyWebSockets } from './lib/ws-proxy.mjs';
import { STAFF, MEMBER } from './lib/people.mjs';

const TITLE = 'Casus Zandvoort: zorgen over een buurtgroep';

let cast;
let mod; // { context, page, problems }: STAFF, moderator of the session
let member; // { context, page, problems, proxy }: MEMBER, WebSockets through a proxy
let sessionPath = null;

const h1 = (page, name) => page.getByRole('heading', { name, level: 1 });
const region = (page, name) => page.getByRole('region', { name });
const membersPanel = (page) => region(page, /^Leden/);
const memberItem = (page, name) => membersPanel(page).getByRole('listitem').filter({ hasText: name });

/** Opens the "Beheren" panel of a member on the moderator's page (if closed). */
async function openManage(page, name) {
  const toggle = page.getByRole('button', { name: `Beheren: ${name}` });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return memberItem(page, name);
}

/** Moderator: searches a person and adds them with a role. */
async function addMember(page, person, role) {
  const add = region(page, 'Lid toevoegen');
  await add.getByLabel('Zoek op naam of e-mailadres').fill(person.email);
  await add.getByRole('button', { name: 'Zoeken', exact: true }).click();
  await add.getByRole('button', { name: `Kies ${person.name}` }).click();
  await add.getByLabel('Rol in deze sessie').selectOption(role);
  await add.getByRole('button', { name: 'Toevoegen', exact: true }).click();
  await memberItem(page, person.name).waitFor();
}

/** Moderator: renames the session through "Sessie bewerken". */
async function rename(page, title) {
  await page.getByRole('button', { name: 'Sessie bewerken' }).click();
  const edit = region(page, 'Sessie bewerken');
  await edit.getByLabel('Titel', { exact: true }).fill(title);
  await edit.getByRole('button', { name: 'Opslaan' }).click();
  await edit.waitFor({ state: 'detached' });
  await h1(page, title).waitFor();
}

/** Marks the page so that a full reload would be noticed. */
async function markNoReload(page) {
  await page.evaluate(() => {
    window.klNoReload = true;
  });
}

async function assertNotReloaded(page) {
  assert.equal(await page.evaluate(() => window.klNoReload), true, 'the page should not have been reloaded');
}

describe('sessions', () => {
  before(async () => {
    cast = await startCast({
      mod: STAFF,
      member: { person: MEMBER, prepare: async (actor) => { actor.proxy = await proxyWebSockets(actor.context); } },
    });
    ({ mod, member } = cast);
    await cast.admin.context.close();
  });

  after(async () => {
    if (cast) await cast.close();
  });

  test('staff creates a session and adds a member; both see it, each other online, and live changes', async () => {
    const { page } = mod;
    await page.goto('/');
    const create = region(page, 'Nieuwe sessie');
    await create.getByLabel('Titel', { exact: true }).fill(TITLE);
    await create.getByLabel('Omschrijving', { exact: true }).fill('Bewoners maken zich zorgen.\nWat kan de gemeente doen?');
    await create.getByLabel('Start', { exact: true }).fill('2026-12-01T10:00');
    await create.getByLabel('Einde', { exact: true }).fill('2026-12-01T09:00');
    await create.getByRole('button', { name: 'Sessie aanmaken' }).click();
    await create.getByText('Het einde moet na de start liggen.').waitFor();
    await create.getByLabel('Einde', { exact: true }).fill('2026-12-01T12:30');
    await create.getByLabel('Premoderatie', { exact: true }).check();
    await create.getByRole('button', { name: 'Sessie aanmaken' }).click();

    await h1(page, TITLE).waitFor();
    sessionPath = pathOf(page);
    assert.match(sessionPath, /^\/sessions\/[^/]+$/);
    // Dutch time: 10:00 in Amsterdam, on the day itself.
    await page.getByText('di 1 december 2026 om 10:00', { exact: true }).waitFor();
    await page.getByText('12:30', { exact: true }).waitFor();
    await page.getByText('Jouw rol: Moderator').waitFor();
    await memberItem(page, STAFF.name).filter({ hasText: 'Moderator' }).filter({ hasText: 'online' }).waitFor();
    await membersPanel(page).getByRole('heading', { name: 'NCTV' }).waitFor();

    await addMember(page, MEMBER, 'participant');
    await memberItem(page, MEMBER.name).filter({ hasText: 'Deelnemer' }).waitFor();
    await membersPanel(page).getByRole('heading', { name: 'Gemeente' }).waitFor();

    // The member finds the session under "Mijn sessies" and opens it.
    const mp = member.page;
    await mp.goto('/');
    const mine = region(mp, 'Mijn sessies');
    await mine.getByRole('heading', { name: 'Nu en binnenkort' }).waitFor();
    await mine.getByRole('listitem').filter({ hasText: TITLE }).filter({ hasText: 'Jouw rol: Deelnemer' }).waitFor();
    await mine.getByRole('link', { name: TITLE }).click();
    await h1(mp, TITLE).waitFor();
    assert.equal(pathOf(mp), sessionPath);
    // A participant gets no moderator controls.
    await memberItem(mp, MEMBER.name).waitFor();
    assert.equal(await mp.getByRole('button', { name: 'Sessie bewerken' }).count(), 0);
    assert.equal(await mp.getByRole('button', { name: /^Beheren/ }).count(), 0);
    assert.equal(await region(mp, 'Lid toevoegen').count(), 0);

    // Both are online, on both pages.
    await memberItem(mp, STAFF.name).filter({ hasText: 'online' }).waitFor();
    await memberItem(mp, MEMBER.name).filter({ hasText: 'online' }).waitFor();
    await memberItem(page, MEMBER.name).filter({ hasText: 'online' }).waitFor();

    // Changes by the moderator appear on the member's page without a reload.
    await markNoReload(mp);
    await rename(page, `${TITLE} (bijgewerkt)`);
    await h1(mp, `${TITLE} (bijgewerkt)`).waitFor();

    // Muting shows "gedempt tot …" everywhere; lifting it removes that again.
    const item = await openManage(page, MEMBER.name);
    await item.getByLabel('Dempen tot', { exact: true }).fill('2030-01-01T09:00');
    await item.getByRole('button', { name: 'Dempen', exact: true }).click();
    await memberItem(mp, MEMBER.name).filter({ hasText: 'gedempt tot di 1 januari 2030 om 09:00' }).waitFor();
    await item.getByRole('button', { name: 'Dempen opheffen' }).click();
    await memberItem(mp, MEMBER.name).filter({ hasText: 'gedempt tot' }).waitFor({ state: 'detached' });

    await item.getByLabel('Rol', { exact: true }).selectOption('observer');
    await item.getByRole('button', { name: 'Rol opslaan' }).click();
    await memberItem(mp, MEMBER.name).filter({ hasText: 'Waarnemer' }).waitFor();
    await mp.getByText('Jouw rol: Waarnemer').waitFor();
    await assertNotReloaded(mp);

    assertNoProblems(mod.problems);
    assertNoProblems(member.problems);
  });

  test('a stale edit is caught: the current values are shown and the own input can be re-applied', async () => {
    const { page } = mod;
    const other = await mod.context.newPage(); // the same moderator in a second tab
    await other.goto(sessionPath);
    await h1(other, `${TITLE} (bijgewerkt)`).waitFor();

    await page.getByRole('button', { name: 'Sessie bewerken' }).click();
    const edit = region(page, 'Sessie bewerken');
    await edit.getByLabel('Titel', { exact: true }).fill('Titel uit het eerste tabblad');

    await rename(other, 'Titel uit het tweede tabblad');
    await h1(page, 'Titel uit het tweede tabblad').waitFor(); // live, while the form is open

    await edit.getByRole('button', { name: 'Opslaan' }).click();
    await edit.getByRole('alert').filter({ hasText: 'Iemand anders heeft de sessie intussen gewijzigd; controleer en sla opnieuw op.' }).waitFor();
    assert.equal(await edit.getByLabel('Titel', { exact: true }).inputValue(), 'Titel uit het tweede tabblad');
    await edit.getByText('Titel: “Titel uit het eerste tabblad”').waitFor();

    await edit.getByRole('button', { name: 'Mijn invoer terugzetten' }).click();
    assert.equal(await edit.getByLabel('Titel', { exact: true }).inputValue(), 'Titel uit het eerste tabblad');
    await edit.getByRole('button', { name: 'Opslaan' }).click();
    await h1(page, 'Titel uit het eerste tabblad').waitFor();
    await h1(other, 'Titel uit het eerste tabblad').waitFor();
    await h1(member.page, 'Titel uit het eerste tabblad').waitFor();
    await other.close();

    assertNoProblems(mod.problems);
  });

  test('after a dropped connection the page resumes from the last seq; resync_required reloads the state', async () => {
    const { proxy } = member;
    const mp = member.page;
    await markNoReload(mp);
    const sessionId = decodeURIComponent(sessionPath.split('/').pop());
    const events = proxy.received.filter((f) => f.type === 'event' && f.session === sessionId);
    const lastSeq = events.length ? events[events.length - 1].seq : null;

    // Frames get lost, then the connection drops.
    proxy.blackout = true;
    const droppedFrom = proxy.mark('dropped');
    await rename(mod.page, 'Titel tijdens de storing');
    const lost = await proxy.waitFor('dropped', (f) => f.type === 'event' && f.event?.kind === 'session.updated', droppedFrom);
    assert.equal(await h1(mp, 'Titel tijdens de storing').count(), 0);
    const sentFrom = proxy.mark('sent');
    await proxy.cut();
    proxy.blackout = false;

    // The page reconnects, resubscribes from the last seq it saw and gets the lost event.
    const resubscribe = await proxy.waitFor('sent', (f) => f.type === 'session.subscribe', sentFrom);
    assert.equal(resubscribe.session, sessionId);
    if (lastSeq !== null) assert.equal(resubscribe.after_seq, lastSeq);
    assert.ok(resubscribe.after_seq < lost.seq, `after_seq ${resubscribe.after_seq} should be below the lost event's seq ${lost.seq}`);
    await h1(mp, 'Titel tijdens de storing').waitFor();

    // Now the server "cannot replay that far": the page reloads session.state
    // and subscribes from its head_seq.
    proxy.answerInstead = (frame) => {
      if (frame.type !== 'session.subscribe') return null;
      proxy.answerInstead = null;
      return { re: frame.id, ok: false, error: { code: 'resync_required', message: 'test' } };
    };
    const resyncFrom = proxy.mark('sent');
    await proxy.cut();
    await proxy.waitFor('sent', (f) => f.type === 'session.subscribe', resyncFrom); // answered by us
    const state = await proxy.waitFor('sent', (f) => f.type === 'session.state' && f.session === sessionId, resyncFrom);
    const stateAnswer = await proxy.waitFor('received', (f) => f.re === state.id && f.ok === true);
    const subscribe = await proxy.waitFor('sent', (f) => f.type === 'session.subscribe' && f.id !== undefined && Number(f.id) > Number(state.id), resyncFrom);
    assert.equal(subscribe.after_seq, stateAnswer.head_seq);

    // And live events flow again.
    const item = await openManage(mod.page, MEMBER.name);
    await item.getByLabel('Rol', { exact: true }).selectOption('participant');
    await item.getByRole('button', { name: 'Rol opslaan' }).click();
    await mp.getByText('Jouw rol: Deelnemer').waitFor();
    await assertNotReloaded(mp);

    assertNoProblems(member.problems);
  });

  test('the moderator removes the member: the member is sent away with a message', async () => {
    const item = await openManage(mod.page, MEMBER.name);
    await item.getByRole('button', { name: 'Verwijderen' }).click();
    const dialog = mod.page.getByRole('dialog', { name: `${MEMBER.name} verwijderen?` });
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    await dialog.waitFor({ state: 'detached' });
    await item.getByRole('button', { name: 'Verwijderen' }).click();
    await dialog.getByRole('button', { name: 'Verwijderen' }).click();
    await memberItem(mod.page, MEMBER.name).waitFor({ state: 'detached' });

    const mp = member.page;
    await mp.getByText('Je bent uit deze sessie verwijderd.').waitFor();
    assert.equal(pathOf(mp), '/');
    await region(mp, 'Mijn sessies').getByText('Je neemt nog niet deel aan een sessie.', { exact: false }).waitFor();

    await mp.goto(sessionPath);
    await h1(mp, 'Geen toegang tot deze sessie').waitFor();

    assertNoProblems(mod.problems);
    assertNoProblems(member.problems);
  });

  test('archiving makes the session read-only, live for the member', async () => {
    const { page } = mod;
    await addMember(page, MEMBER, 'participant');
    const mp = member.page;
    await mp.goto(sessionPath);
    await h1(mp, 'Titel tijdens de storing').waitFor();
    await memberItem(mp, STAFF.name).filter({ hasText: 'online' }).waitFor();
    await markNoReload(mp);

    await page.getByRole('button', { name: 'Archiveren' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sessie archiveren?' });
    await dialog.getByRole('button', { name: 'Archiveren' }).click();
    await page.getByText('Gearchiveerd', { exact: true }).waitFor();

    // The member sees it live; the moderator's controls are gone.
    await mp.getByText('Gearchiveerd', { exact: true }).waitFor();
    await assertNotReloaded(mp);
    await page.getByRole('button', { name: 'Sessie bewerken' }).waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('button', { name: 'Archiveren' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: /^Beheren/ }).count(), 0);
    assert.equal(await region(page, 'Lid toevoegen').count(), 0);

    // On the start page it is under "Gearchiveerd", apart from the current ones.
    await mp.getByRole('link', { name: 'Mijn sessies' }).click();
    const mine = region(mp, 'Mijn sessies');
    await mine.getByText('Gearchiveerd (1)').click();
    await mine.getByRole('list', { name: 'Gearchiveerde sessies' }).getByRole('link', { name: 'Titel tijdens de storing' }).waitFor();
    await mine.getByText('Er zijn geen lopende of geplande sessies.').waitFor();

    assertNoProblems(mod.problems);
    assertNoProblems(member.problems);
  });
});
