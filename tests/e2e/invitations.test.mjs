// Invitations in a real browser against a real server: a staff moderator
// invites an outside expert with a note and a limited access period, copies
// the link that is shown once; the expert opens it without an account, sees
// who invited them and in which role, creates an account and lands in the
// session marked "gast tot …"; the moderator sees the invitation as used and
// the guest in the member panel, live. Revoking the used invitation sends the
// expert out; the link then answers "gone", an unknown link "does not exist".
// An existing member accepts a participant invitation with one click; an
// e-mail address that already has an account is told to log in first; the
// moderator changes a guest's access and ends all guests' access at once; the
// session form switches "experts may add cards" off and on.
//
// One server for the whole file; the tests run in order and build on each
// other (the moderator's page stays open between tests).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCast } from './lib/cast.mjs';
import {
  acceptInvitationAsNewUser, assertNoProblems, createSession, inviteToSession, pathOf,
} from './lib/flows.mjs';
import { STAFF as MODERATOR, MEMBER } from './lib/people.mjs';

const EXPERT = {
  name: 'Eva Expert',
  email: 'eva.expert@kennis.example',
  orgName: 'Kenniscentrum Polarisatie',
  password: 'wachtwoord-van-eva-12',
};
const SECOND_EXPERT = {
  name: 'Bram Bureau',
  email: 'bram@bureau.example',
  orgName: 'Bureau Bram',
  password: 'wachtwoord-van-bram-34',
};

const SESSION_TITLE = 'Kennislab met gasten';
const NOTE = 'Fijn dat je meedenkt over de casus.\nWe beginnen om tien uur.';
// 1 January 2030 is a Tuesday; the page shows Dutch time.
const ACCESS_UNTIL_INPUT = '2030-01-01T09:00';
const ACCESS_UNTIL_TEXT = 'di 1 januari 2030 om 09:00';

let cast;
let mod; // { context, page, problems }: MODERATOR
let member; // { context, page, problems }: MEMBER, logged in
let guest; // EXPERT, after accepting
let sessionPath;
let expertLink;

const h1 = (page, name) => page.getByRole('heading', { name, level: 1 });
const region = (page, name) => page.getByRole('region', { name });
const invitationsPanel = (page) => region(page, 'Uitnodigingen');
const invitation = (page, text) => invitationsPanel(page).getByRole('listitem').filter({ hasText: text });
const membersPanel = (page) => region(page, /^Leden/);
const memberItem = (page, name) => membersPanel(page).getByRole('listitem').filter({ hasText: name });
const GONE = 'Deze uitnodiging is al gebruikt, ingetrokken of verlopen.';
const UNKNOWN = 'Deze uitnodiging bestaat niet.';
const NO_ACCESS = 'Je hebt geen toegang meer tot deze sessie.';

describe('invitations', () => {
  before(async () => {
    cast = await startCast({
      mod: { person: MODERATOR, options: { permissions: ['clipboard-read', 'clipboard-write'] } },
      member: MEMBER,
    });
    ({ mod, member } = cast);
    await cast.admin.context.close();
  });

  after(async () => {
    if (cast) await cast.close();
  });

  test('a moderator invites an expert with a note and gets the link once', async () => {
    const mp = mod.page;
    sessionPath = await createSession(mp, { title: SESSION_TITLE });
    const panel = invitationsPanel(mp);
    await panel.getByText('Er zijn nog geen uitnodigingen.').waitFor();

    expertLink = await inviteToSession(mp, {
      role: 'expert', name: EXPERT.name, email: EXPERT.email, note: NOTE, validHours: '72', accessUntil: ACCESS_UNTIL_INPUT,
    });
    assert.ok(expertLink.startsWith(`${cast.server.url}/invite/`), `unexpected link ${expertLink}`);
    await panel.getByText('Deze link wordt alleen nu getoond.', { exact: false }).waitFor();

    // "Kopiëren" puts it on the clipboard.
    await panel.getByRole('button', { name: 'Kopiëren' }).click();
    await panel.getByText('De link is gekopieerd.').waitFor();
    assert.equal(await mp.evaluate(() => navigator.clipboard.readText()), expertLink);

    // The list shows it as open, with its access period; "Klaar" hides the link for good.
    const item = invitation(mp, EXPERT.name);
    await item.filter({ hasText: 'open' }).filter({ hasText: 'Deskundige' }).waitFor();
    await item.filter({ hasText: `Toegang tot ${ACCESS_UNTIL_TEXT}` }).waitFor();
    await item.filter({ hasText: `Uitgenodigd door ${MODERATOR.name}` }).waitFor();
    await panel.getByRole('button', { name: 'Klaar' }).click();
    await panel.getByLabel('Uitnodigingslink', { exact: true }).waitFor({ state: 'detached' });
    assert.equal(await mp.getByText(expertLink).count(), 0);

    assertNoProblems(mod.problems);
  });

  test('the expert opens the link without an account, signs up and lands in the session as a guest', async () => {
    guest = await cast.freshPage();
    const gp = guest.page;
    await gp.goto(expertLink);
    await h1(gp, 'Uitnodiging').waitFor();
    await gp.getByText(`${MODERATOR.name} nodigt je uit voor de sessie “${SESSION_TITLE}” als deskundige.`).waitFor();
    await gp.getByText('Fijn dat je meedenkt over de casus.', { exact: false }).waitFor();
    await gp.getByText(ACCESS_UNTIL_TEXT).waitFor();
    const form = gp.getByRole('form', { name: 'Account aanmaken' });
    assert.equal(await form.getByLabel('Naam', { exact: true }).inputValue(), EXPERT.name);
    assert.equal(await form.getByLabel('E-mailadres', { exact: true }).inputValue(), EXPERT.email);
    assert.equal(await form.getByLabel('Soort organisatie').inputValue(), 'expert');

    // A too short password is caught before anything is sent.
    await form.getByLabel('Naam van de organisatie').fill(EXPERT.orgName);
    await form.getByLabel('Wachtwoord', { exact: true }).fill('kort');
    await form.getByRole('button', { name: 'Account aanmaken en deelnemen' }).click();
    await form.getByText('Kies een wachtwoord van minstens 10 tekens.').waitFor();

    await acceptInvitationAsNewUser(gp, expertLink, EXPERT, SESSION_TITLE);
    assert.equal(pathOf(gp), sessionPath);
    await gp.getByText(`Je bent gast tot ${ACCESS_UNTIL_TEXT}`).waitFor();
    await gp.getByText('Jouw rol: Deskundige').waitFor();
    await memberItem(gp, EXPERT.name).filter({ hasText: `Uitgenodigd door ${MODERATOR.name}` }).waitFor();
    // A guest gets no moderator controls.
    assert.equal(await invitationsPanel(gp).count(), 0);

    // The moderator sees it live: the invitation used, the guest in the member panel.
    const mp = mod.page;
    await invitation(mp, EXPERT.name).filter({ hasText: 'gebruikt' }).waitFor();
    await invitation(mp, EXPERT.name).filter({ hasText: `Aangenomen door ${EXPERT.name}` }).waitFor();
    const item = memberItem(mp, EXPERT.name);
    await item.filter({ hasText: `gast tot ${ACCESS_UNTIL_TEXT}` }).waitFor();
    await item.filter({ hasText: `Uitgenodigd door ${MODERATOR.name}` }).waitFor();
    await membersPanel(mp).getByRole('heading', { name: 'Externe deskundigen' }).waitFor();

    assertNoProblems(guest.problems);
    assertNoProblems(mod.problems);
  });

  test('revoking the used invitation sends the expert out; the link is gone, an unknown link does not exist', async () => {
    const mp = mod.page;
    const item = invitation(mp, EXPERT.name);
    await item.getByRole('button', { name: 'Intrekken' }).click();
    const dialog = mp.getByRole('dialog', { name: 'Uitnodiging intrekken?' });
    await dialog.getByText('Intrekken beëindigt nu de toegang', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Intrekken' }).click();
    await item.filter({ hasText: 'ingetrokken' }).waitFor();
    assert.equal(await item.getByRole('button', { name: 'Intrekken' }).count(), 0);

    const gp = guest.page;
    await gp.getByRole('main').getByText(NO_ACCESS).waitFor();
    await memberItem(mp, EXPERT.name).waitFor({ state: 'detached' });

    await gp.goto(expertLink);
    await gp.getByRole('alert').filter({ hasText: GONE }).waitFor();
    await gp.goto(sessionPath);
    await h1(gp, 'Geen toegang tot deze sessie').waitFor();

    const stranger = await cast.freshPage();
    await stranger.page.goto(`/invite/${'A'.repeat(43)}`);
    await stranger.page.getByRole('alert').filter({ hasText: UNKNOWN }).waitFor();
    await stranger.context.close();

    assertNoProblems(guest.problems);
    assertNoProblems(mod.problems);
  });

  test('a logged-in member accepts a participant invitation with one click', async () => {
    const mp = mod.page;
    // Participants get no access period; the form follows the chosen role.
    await invitationsPanel(mp).getByRole('button', { name: 'Deelnemer uitnodigen' }).click();
    const form = region(mp, 'Deelnemer uitnodigen');
    await form.getByLabel('Link geldig').waitFor();
    assert.equal(await form.getByText('Toegang van de deskundige').isVisible(), false);
    await form.getByLabel('Rol in deze sessie').selectOption('expert');
    await region(mp, 'Deskundige uitnodigen').getByText('Toegang van de deskundige').waitFor();
    await region(mp, 'Deskundige uitnodigen').getByRole('button', { name: 'Annuleren' }).click();
    const link = await inviteToSession(mp, { role: 'participant', note: 'Doe je mee?' });
    await invitationsPanel(mp).getByRole('button', { name: 'Klaar' }).click();

    const pp = member.page;
    await pp.goto(link);
    await pp.getByText(`${MODERATOR.name} nodigt je uit voor de sessie “${SESSION_TITLE}” als deelnemer.`).waitFor();
    await pp.getByText(`Je bent ingelogd als ${MEMBER.name}`).waitFor();
    assert.equal(await pp.getByRole('form', { name: 'Account aanmaken' }).count(), 0);
    await pp.getByRole('button', { name: 'Uitnodiging aannemen' }).click();
    await h1(pp, SESSION_TITLE).waitFor();
    assert.equal(pathOf(pp), sessionPath);
    await pp.getByText('Jouw rol: Deelnemer').waitFor();
    assert.equal(await pp.getByText('Je bent gast tot').count(), 0);

    await memberItem(mp, MEMBER.name).filter({ hasText: 'Deelnemer' }).waitFor();
    await invitation(mp, MEMBER.name).filter({ hasText: 'gebruikt' }).waitFor();

    assertNoProblems(member.problems);
    assertNoProblems(mod.problems);
  });

  test('an existing e-mail address must log in first; access can be changed and ended for all guests', async () => {
    const mp = mod.page;
    const link = await inviteToSession(mp, { role: 'expert', name: SECOND_EXPERT.name, history: 'from_join' });
    await invitationsPanel(mp).getByRole('button', { name: 'Klaar' }).click();
    await invitation(mp, SECOND_EXPERT.name).filter({ hasText: 'Ziet alleen wat er na deelname gebeurt' }).waitFor();

    const second = await cast.freshPage();
    const sp = second.page;
    await sp.goto(link);
    const form = sp.getByRole('form', { name: 'Account aanmaken' });
    await form.getByLabel('E-mailadres', { exact: true }).fill(MEMBER.email);
    await form.getByLabel('Naam van de organisatie').fill(SECOND_EXPERT.orgName);
    await form.getByLabel('Wachtwoord', { exact: true }).fill(SECOND_EXPERT.password);
    await form.getByLabel('Herhaal wachtwoord', { exact: true }).fill(SECOND_EXPERT.password);
    await form.getByRole('button', { name: 'Account aanmaken en deelnemen' }).click();
    const refusal = sp.getByRole('alert').filter({ hasText: 'Er bestaat al een account met dit e-mailadres. Log eerst in en open de link opnieuw.' });
    await refusal.waitFor();
    assert.equal(await refusal.getByRole('link', { name: 'Naar inloggen' }).getAttribute('href'),
      `/login?next=${encodeURIComponent(new URL(link).pathname)}`);

    await acceptInvitationAsNewUser(sp, link, SECOND_EXPERT, SESSION_TITLE);
    await invitation(mp, SECOND_EXPERT.name).filter({ hasText: 'gebruikt' }).waitFor();
    await memberItem(mp, SECOND_EXPERT.name).waitFor();

    // "Toegang wijzigen": the guest's access now has an end.
    const item = invitation(mp, SECOND_EXPERT.name);
    await item.getByRole('button', { name: 'Toegang wijzigen' }).click();
    await item.getByLabel('Toegang tot', { exact: true }).fill('2031-06-03T17:00');
    await item.getByRole('button', { name: 'Opslaan' }).click();
    await item.filter({ hasText: 'Toegang tot di 3 juni 2031 om 17:00' }).waitFor();
    await memberItem(mp, SECOND_EXPERT.name).filter({ hasText: 'gast tot di 3 juni 2031 om 17:00' }).waitFor();

    // Ending all guests' access sends the expert out; the participant stays.
    await invitationsPanel(mp).getByRole('button', { name: 'Toegang van alle gasten beëindigen' }).click();
    const dialog = mp.getByRole('dialog', { name: 'Toegang van alle gasten beëindigen?' });
    await dialog.getByRole('button', { name: 'Toegang beëindigen' }).click();
    await invitationsPanel(mp).getByText(/De toegang van 1 gast is beëindigd\.|gasten is beëindigd/).waitFor();
    await sp.getByRole('main').getByText(NO_ACCESS).waitFor();
    await memberItem(mp, SECOND_EXPERT.name).waitFor({ state: 'detached' });
    await memberItem(mp, MEMBER.name).waitFor();
    await h1(member.page, SESSION_TITLE).waitFor();

    assertNoProblems(second.problems);
    assertNoProblems(mod.problems);
  });

  test('the session form switches "experts may add cards" off and on', async () => {
    const mp = mod.page;
    await mp.getByRole('button', { name: 'Sessie bewerken' }).click();
    const edit = region(mp, 'Sessie bewerken');
    const box = edit.getByLabel('Deskundigen mogen kaarten toevoegen aan het kennisbord');
    assert.equal(await box.isChecked(), true);
    await box.uncheck();
    await edit.getByRole('button', { name: 'Opslaan' }).click();
    await edit.waitFor({ state: 'detached' });
    await mp.getByText('Deskundigen lezen het kennisbord alleen.', { exact: false }).waitFor();
    await member.page.getByText('Deskundigen lezen het kennisbord alleen.', { exact: false }).waitFor();

    await mp.getByRole('button', { name: 'Sessie bewerken' }).click();
    assert.equal(await edit.getByLabel('Deskundigen mogen kaarten toevoegen aan het kennisbord').isChecked(), false);
    await edit.getByLabel('Deskundigen mogen kaarten toevoegen aan het kennisbord').check();
    await edit.getByRole('button', { name: 'Opslaan' }).click();
    await edit.waitFor({ state: 'detached' });
    await mp.getByText('Deskundigen lezen het kennisbord alleen.', { exact: false }).waitFor({ state: 'detached' });

    assertNoProblems(mod.problems);
    assertNoProblems(member.problems);
  });
});
