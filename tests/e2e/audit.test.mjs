// The audit log ("Logboek") in a real browser against a real server: a staff
// moderator adds a member and finds that in the session's "Logboek" tab, in
// Dutch, newest first, and pages further with "Meer laden"; a participant of
// the same session gets no Logboek (and the server refuses it too); the
// administrator reads the whole log on "Beheer", with a failed login and its
// address, and filters it to one session.
//
// One server for the whole file; the tests run in order and build on each
// other (the pages stay open between tests).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCast } from './lib/cast.mjs';
import { addSessionMember, assertNoProblems, createSession, login, openSession as openSessionAt, socketRequest as request } from './lib/flows.mjs';
import { STAFF as MODERATOR, MEMBER as PARTICIPANT } from './lib/people.mjs';

const SESSION_TITLE = 'Kennislab logboek';
const PAGE_SIZE = 50; // web/js/audit/audit-log.js

let cast;
let admin;
let mod;
let participant;
let sessionPath;

const sessionLog = (page) => page.getByRole('tabpanel', { name: 'Logboek' }).getByRole('list', { name: 'Logboek van deze sessie' });
const entries = (list) => list.getByRole('listitem');

/** Opens the session page and waits for the workspace. */
const openSession = (page) => openSessionAt(page, sessionPath, SESSION_TITLE);

describe('audit log (Logboek)', () => {
  before(async () => {
    cast = await startCast({ mod: MODERATOR, participant: PARTICIPANT });
    ({ admin, mod, participant } = cast);
  });

  after(async () => {
    if (cast) await cast.close();
  });

  test('a moderator finds what they just did in the Logboek and pages with "Meer laden"', async () => {
    const mp = mod.page;
    sessionPath = await createSession(mp, { title: SESSION_TITLE });
    await addSessionMember(mp, PARTICIPANT, 'participant');

    // The tab is reachable from the keyboard like the others (End: the last tab).
    await mp.getByRole('tab', { name: /^Gesprekken/ }).focus();
    await mp.keyboard.press('End');
    await mp.getByRole('heading', { name: 'Logboek', level: 2 }).waitFor();
    assert.equal(await mp.getByRole('tab', { name: 'Logboek' }).getAttribute('aria-selected'), 'true');

    const list = sessionLog(mp);
    const newest = entries(list).first();
    await newest.getByText('Lid toegevoegd', { exact: true }).waitFor();
    await newest.getByText(`Door: ${MODERATOR.name}`).waitFor();
    await newest.getByText(`Persoon: ${PARTICIPANT.name}`).waitFor();
    await newest.getByText('Rol: Deelnemer').waitFor();
    // Dutch local time, with the wire time kept in the element.
    const time = newest.locator('time');
    assert.match(await time.getAttribute('datetime'), /Z$/);
    assert.match(await time.textContent(), /\d{1,2} [a-z]+ \d{4}.*\d{2}:\d{2}/);
    await entries(list).filter({ hasText: 'Sessie aangemaakt' }).waitFor();
    assert.equal(await entries(list).count(), 2);
    // Client addresses are for administrators only.
    assert.equal(await mp.getByRole('tabpanel', { name: 'Logboek' }).getByText('Adres:').count(), 0);
    const more = mp.getByRole('tabpanel', { name: 'Logboek' }).getByRole('button', { name: 'Meer laden' });
    assert.equal(await more.isVisible(), false);

    // More than a page: the participant's role goes back and forth 60 times.
    const session = sessionPath.split('/').pop();
    const memberId = (await request(mp, 'session.state', { session })).members.find((m) => m.user.display_name === PARTICIPANT.name).user.id;
    for (let i = 0; i < 60; i += 1) {
      const answer = await request(mp, 'member.set_role', { session, user: memberId, role: i % 2 === 0 ? 'observer' : 'participant' });
      assert.equal(answer.error, undefined, `member.set_role ${i}`);
    }
    await mp.getByRole('tabpanel', { name: 'Logboek' }).getByRole('button', { name: 'Vernieuwen' }).click();
    await mp.waitForFunction((n) => document.querySelectorAll('.audit-list > li').length === n, PAGE_SIZE);
    await entries(list).first().getByText('Rol gewijzigd', { exact: true }).waitFor();
    await more.waitFor();
    await more.click();
    await mp.waitForFunction(() => document.querySelectorAll('.audit-list > li').length === 62);
    assert.equal(await more.isVisible(), false);
    // Keyboard users continue at the first entry of the new page.
    assert.equal(await mp.evaluate((n) => document.activeElement === document.querySelectorAll('.audit-list > li')[n], PAGE_SIZE), true);
    await entries(list).last().getByText('Sessie aangemaakt', { exact: true }).waitFor();
    assertNoProblems(mod.problems);
  });

  test('a participant has no Logboek, and the server refuses it', async () => {
    const pp = participant.page;
    await openSession(pp);
    await pp.getByRole('tab', { name: 'Verslag' }).waitFor();
    assert.equal(await pp.getByRole('tab', { name: 'Logboek' }).count(), 0);
    assert.equal(await pp.getByRole('tab', { name: 'Moderatie' }).count(), 0);
    const session = sessionPath.split('/').pop();
    assert.deepEqual(await request(pp, 'audit.list', { session }), { error: 'forbidden' });
    assert.deepEqual(await request(pp, 'audit.list', {}), { error: 'forbidden' });
    assertNoProblems(participant.problems);
  });

  test('the administrator reads the whole log on Beheer, with addresses, and per session', async () => {
    const stranger = await cast.freshPage();
    await login(stranger.page, { email: PARTICIPANT.email, password: 'helemaal-niet-goed-1' });
    await stranger.page.getByText('E-mailadres of wachtwoord klopt niet.').waitFor();

    const ap = admin.page;
    await ap.goto('/admin');
    const section = ap.getByRole('region', { name: 'Logboek' });
    const list = section.getByRole('list', { name: 'Logboek' });
    const newest = entries(list).first();
    await newest.getByText('Inloggen mislukt', { exact: true }).waitFor();
    await newest.getByText('Door: niemand ingelogd').waitFor();
    await newest.getByText(`Persoon: ${PARTICIPANT.name}`).waitFor();
    await newest.getByText(/Adres: \d/).waitFor();
    // Entries of a session name it; the accounts made before it are on the next page.
    await entries(list).nth(1).getByText(`Sessie: ${SESSION_TITLE}`).waitFor();
    await section.getByRole('button', { name: 'Meer laden' }).click();
    await entries(list).filter({ hasText: 'Account aangemaakt' }).first().waitFor();

    // One session's part: entries of that session, with its title.
    await section.getByLabel('Sessie', { exact: true }).selectOption({ label: SESSION_TITLE });
    await entries(list).first().getByText('Rol gewijzigd', { exact: true }).waitFor();
    await entries(list).first().getByText(`Sessie: ${SESSION_TITLE}`).waitFor();
    assert.equal(await list.getByText('Inloggen mislukt').count(), 0);
    assertNoProblems(admin.problems);
  });
});
