// Retention in a real browser against a real server: a staff moderator sets the
// "Bewaartermijn na archiveren" of a session in its settings, archives it and reads
// when its content will be erased, then changes the term of the archived session; the administrator finds that session with its
// erase date under "Bewaartermijnen" on Beheer and places a legal hold with a
// reason, then lifts it. A participant sees no retention setting and is refused
// retention.list and session.hold by the server, and downloads "Mijn gegevens" as a
// ZIP holding data.json (with their account) and index.html. The privacy statement
// opens from the footer link without a login and shows the server's contact, its
// organisation and the audit log's term, at 390 px without horizontal scrolling. The
// administrator erases a person from Beheer after typing their e-mail address.
//
// One server for the whole file; the tests run in order and build on each other.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startCast } from './lib/cast.mjs';
import { addSessionMember, assertNoProblems, createAccount, createSession, socketRequest as request } from './lib/flows.mjs';
import { ADMIN, EXPERT, STAFF as MODERATOR, MEMBER as PARTICIPANT } from './lib/people.mjs';

const SESSION_TITLE = 'Kennislab bewaren';

let cast;
let admin;
let mod;
let participant;
let sessionPath;

describe('retention (Bewaartermijn)', () => {
  before(async () => {
    cast = await startCast({ mod: MODERATOR, participant: PARTICIPANT }, {
      serverArgs: ['--privacy-contact', 'privacy@ess.example', '--privacy-organisation', 'Expertise-unit Sociale Stabiliteit',
        '--audit-retention-days', '365'],
    });
    ({ admin, mod, participant } = cast);
  });

  after(async () => {
    if (cast) await cast.close();
  });

  test('a moderator sets the retention in the session settings and sees the erase date once archived', async () => {
    const mp = mod.page;
    sessionPath = await createSession(mp, { title: SESSION_TITLE });
    await addSessionMember(mp, PARTICIPANT, 'participant');

    await mp.getByRole('button', { name: 'Sessie bewerken' }).click();
    // (The archived session's own "Bewaartermijn wijzigen" form waits hidden on the page.)
    const keeping = mp.getByRole('group', { name: 'Bewaren' });
    const retention = keeping.getByLabel('Bewaartermijn na archiveren', { exact: true });
    assert.equal(await retention.inputValue(), 'none');
    // A number of days shows its own field, which is checked.
    await retention.selectOption({ label: 'Een aantal dagen' });
    const days = keeping.getByLabel('Aantal dagen na archiveren');
    await days.fill('4000');
    await mp.getByRole('button', { name: 'Opslaan' }).click();
    await mp.getByText('Vul een aantal dagen in van 0 tot 3650.').waitFor();
    await retention.selectOption({ label: '6 maanden' });
    assert.equal(await days.isVisible(), false);
    await mp.getByRole('button', { name: 'Opslaan' }).click();
    await mp.getByRole('button', { name: 'Sessie bewerken' }).waitFor();
    await mp.getByText('De sessie is opgeslagen.').waitFor({ state: 'attached' });

    // Reopened, the form shows the term.
    await mp.getByRole('button', { name: 'Sessie bewerken' }).click();
    assert.equal(await keeping.getByLabel('Bewaartermijn na archiveren', { exact: true }).inputValue(), '183');
    await mp.getByRole('button', { name: 'Annuleren' }).click();

    await mp.getByRole('button', { name: 'Archiveren' }).click();
    await mp.getByRole('dialog', { name: 'Sessie archiveren?' }).getByRole('button', { name: 'Archiveren' }).click();
    const note = mp.locator('.archived-note');
    await note.getByText('De inhoud wordt gewist op', { exact: false }).waitFor();
    const erase = await note.locator('time').last().getAttribute('datetime');
    const expected = Date.now() + 183 * 86400 * 1000;
    assert.ok(Math.abs(Date.parse(erase) - expected) < 10 * 60 * 1000, `erase date ${erase}`);

    // Archived, the term can still change (it counts from the archiving).
    const change = mp.getByRole('form', { name: 'Bewaartermijn wijzigen' });
    assert.equal(await change.getByLabel('Bewaartermijn na archiveren', { exact: true }).inputValue(), '183');
    await change.getByLabel('Bewaartermijn na archiveren', { exact: true }).selectOption({ label: '12 maanden' });
    await change.getByRole('button', { name: 'Termijn opslaan' }).click();
    await mp.waitForFunction((before) => {
      const times = document.querySelectorAll('.archived-note time');
      const last = times[times.length - 1];
      return last && last.getAttribute('datetime') !== before;
    }, erase);
    const later = await note.locator('time').last().getAttribute('datetime');
    assert.ok(Math.abs(Date.parse(later) - (Date.now() + 365 * 86400 * 1000)) < 10 * 60 * 1000, `erase date ${later}`);
  });

  test('a participant sees no retention and is refused what is the administrator\'s', async () => {
    const pp = participant.page;
    await pp.goto(sessionPath);
    await pp.getByRole('heading', { name: SESSION_TITLE, level: 1 }).waitFor();
    await pp.locator('.archived-note').getByText('Deze sessie is gearchiveerd', { exact: false }).waitFor();
    assert.equal(await pp.getByText('De inhoud wordt gewist op').count(), 0);
    assert.equal((await request(pp, 'retention.list', {})).error, 'forbidden');
    const id = sessionPath.split('/').pop();
    assert.equal((await request(pp, 'session.hold', { session: id, hold: true, reason: 'Ik wil het' })).error, 'forbidden');
  });

  test('the administrator sees the erase date on Beheer and places and lifts a legal hold with a reason', async () => {
    const ap = admin.page;
    await ap.goto('/admin');
    const section = ap.getByRole('region', { name: 'Bewaartermijnen' });
    const item = section.getByRole('listitem').filter({ hasText: SESSION_TITLE });
    await item.getByText('Wordt gewist op', { exact: false }).waitFor();

    // A reason is required.
    await item.getByRole('button', { name: 'Bewaarplicht instellen' }).click();
    await item.getByText('Vul een reden in.').waitFor();
    await item.getByLabel('Reden voor de bewaarplicht').fill('Wob-verzoek 2026-17');
    await item.getByRole('button', { name: 'Bewaarplicht instellen' }).click();
    const held = section.getByRole('listitem').filter({ hasText: SESSION_TITLE });
    await held.getByText('Bewaarplicht: wordt niet gewist (Wob-verzoek 2026-17).').waitFor();

    // The moderator reads it on the session.
    await mod.page.reload();
    await mod.page.getByText('Er geldt een bewaarplicht', { exact: false }).waitFor();

    await held.getByLabel('Reden om de bewaarplicht op te heffen').fill('Verzoek afgehandeld');
    await held.getByRole('button', { name: 'Bewaarplicht opheffen' }).click();
    await section.getByRole('listitem').filter({ hasText: SESSION_TITLE }).getByText('Wordt gewist op', { exact: false }).waitFor();
    assertNoProblems(admin.problems);
    assertNoProblems(mod.problems);
  });

  test('a participant downloads "Mijn gegevens" as a ZIP with data.json and index.html', async () => {
    const pp = participant.page;
    await pp.goto('/beveiliging#gegevens');
    const section = pp.getByRole('region', { name: 'Mijn gegevens' });
    const [download] = await Promise.all([
      pp.waitForEvent('download'),
      section.getByRole('link', { name: 'Mijn gegevens downloaden' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'mijn-gegevens.zip');
    // Python's zipfile reads the archive as any unzip tool would.
    const listing = JSON.parse(execFileSync('python3', ['-c',
      'import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(json.dumps({"names": z.namelist(), "data": json.loads(z.read("data.json"))}))',
      await download.path()]).toString());
    assert.deepEqual(listing.names.sort(), ['data.json', 'index.html']);
    assert.equal(listing.data.account.email, PARTICIPANT.email);
    assert.equal(listing.data.memberships[0].session_title, SESSION_TITLE);
    assertNoProblems(participant.problems);
  });

  test('the privacy statement opens from the footer without a login, readable at 390 px', async () => {
    const { page, problems } = await cast.freshPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/login');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Privacyverklaring' }).click();
    await page.getByRole('heading', { name: 'Privacyverklaring', level: 1 }).waitFor();
    await page.getByText('Het logboek bewaart elke regel 365 dagen.').waitFor();
    await page.getByText('Kennislab wordt aangeboden door Expertise-unit Sociale Stabiliteit', { exact: false }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'privacy@ess.example' }).getAttribute('href'), 'mailto:privacy@ess.example');
    assert.equal(await page.getByRole('link', { name: 'Mijn gegevens' }).getAttribute('href'), '/beveiliging#gegevens');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (overflow ${overflow} px)`);
    assertNoProblems(problems);
  });

  test('the administrator erases a person on Beheer after typing their e-mail address', async () => {
    const ap = admin.page;
    await createAccount(ap, EXPERT);
    const accounts = ap.getByRole('region', { name: 'Accounts' });
    const item = accounts.getByRole('listitem').filter({ hasText: EXPERT.email });
    const download = item.getByRole('link', { name: `Gegevens downloaden van ${EXPERT.name}` });
    assert.match(await download.getAttribute('href'), /^\/api\/users\/\d+\/export$/);
    await item.getByRole('button', { name: `Persoon verwijderen: ${EXPERT.name}` }).click();
    const dialog = ap.getByRole('dialog', { name: `${EXPERT.name} verwijderen?` });
    await dialog.getByLabel('Berichten verwijderen').check();
    await dialog.getByLabel('Typ ter bevestiging het e-mailadres van deze persoon').fill('iemand@anders.example');
    await dialog.getByRole('button', { name: 'Persoon verwijderen' }).click();
    await dialog.getByText('Dit is niet het e-mailadres van deze persoon.').waitFor();
    await dialog.getByLabel('Typ ter bevestiging het e-mailadres van deze persoon').fill(EXPERT.email);
    await dialog.getByRole('button', { name: 'Persoon verwijderen' }).click();
    await accounts.getByText('Deze persoon is verwijderd; de berichten worden op de achtergrond weggelakt.').waitFor();
    // Not listed any more.
    await ap.reload();
    await ap.getByRole('region', { name: 'Accounts' }).getByText(ADMIN.email).waitFor();
    assert.equal(await ap.getByText(EXPERT.email).count(), 0);
    assertNoProblems(admin.problems);
  });
});
