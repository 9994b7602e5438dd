// Steps that several browser tests share: first-time setup, logging in,
// creating an account and activating it. They drive the real pages the way a
// person would (labels, roles, auto-waiting) and wait until the step is done.

import assert from 'node:assert/strict';

/** The path of the page's current URL. */
export function pathOf(page) {
  return new URL(page.url()).pathname;
}

/**
 * A request over the page's own connection (the app's socket module):
 * resolves to the answer, or to { error: code } when it is refused.
 */
export function socketRequest(page, type, params = {}) {
  return page.evaluate(async ([t, p]) => {
    const socket = await import('/js/core/socket.js');
    try {
      return await socket.request(t, p);
    } catch (err) {
      return { error: err.code };
    }
  }, [type, params]);
}

/** Fails when the page had uncaught errors or CSP violations (see newPage). */
export function assertNoProblems(problems) {
  assert.deepEqual(problems, [], 'the page had uncaught errors or CSP violations');
}

/** Waits for the start page of a logged-in person. */
export async function waitForStart(page, person) {
  await page.getByRole('heading', { name: `Welkom, ${person.name}`, level: 1 }).waitFor();
}

/**
 * Creates the first administrator through the setup page and ends on the
 * start page, logged in. person: { name, email, orgType, orgName, password }.
 */
export async function setupAdmin(page, setupUrl, person) {
  await page.goto(setupUrl);
  await page.getByRole('heading', { name: 'Kennislab inrichten', level: 1 }).waitFor();
  await page.getByLabel('Naam', { exact: true }).fill(person.name);
  await page.getByLabel('E-mailadres', { exact: true }).fill(person.email);
  await page.getByLabel('Soort organisatie', { exact: true }).selectOption(person.orgType);
  await page.getByLabel('Naam van de organisatie', { exact: true }).fill(person.orgName);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(person.password);
  await page.getByLabel('Herhaal wachtwoord', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Beheerder aanmaken' }).click();
  await waitForStart(page, person);
}

/** Fills in and submits the login form (does not wait for the result). */
export async function login(page, { email, password }) {
  await page.goto('/login');
  await page.getByRole('heading', { name: 'Inloggen', level: 1 }).waitFor();
  await page.getByLabel('E-mailadres', { exact: true }).fill(email);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
}

/** Logs in and waits for the start page. */
export async function loginAs(page, person) {
  await login(page, person);
  await waitForStart(page, person);
}

/**
 * On the admin page (the page must be logged in as an administrator): creates
 * an account and returns its activation link.
 * person: { name, email, orgType, orgName, globalRole ('member' | 'staff' | 'admin') }.
 */
export async function createAccount(page, person) {
  if (pathOf(page) !== '/admin') {
    await page.goto('/admin');
  }
  await page.getByRole('heading', { name: 'Beheer', level: 1 }).waitFor();
  await page.getByLabel('Naam', { exact: true }).fill(person.name);
  await page.getByLabel('E-mailadres', { exact: true }).fill(person.email);
  await page.getByLabel('Soort organisatie', { exact: true }).selectOption(person.orgType);
  await page.getByLabel('Naam van de organisatie', { exact: true }).fill(person.orgName);
  await page.getByLabel('Rol', { exact: true }).selectOption(person.globalRole || 'member');
  await page.getByRole('button', { name: 'Account aanmaken' }).click();
  await page.getByRole('heading', { name: `Account aangemaakt voor ${person.name}` }).waitFor();
  return page.getByLabel('Activatielink', { exact: true }).inputValue();
}

/** Opens an activation link, sets the password and waits for the start page. */
export async function activateAccount(page, link, person) {
  await page.goto(link);
  try {
    await page.getByRole('heading', { name: 'Wachtwoord instellen', level: 1 }).waitFor();
  } catch (err) {
    // What the page shows instead says why (an error, a blank page, another page).
    const shown = await page.locator('body').innerText().catch(() => '(no page)');
    throw new Error(`the activation page did not show at ${pathOf(page)}; the page says: ${shown.slice(0, 300)}`, { cause: err });
  }
  await page.getByLabel('Wachtwoord', { exact: true }).fill(person.password);
  await page.getByLabel('Herhaal wachtwoord', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await waitForStart(page, person);
}

/**
 * Creates and activates an account in one go: `adminPage` is logged in as an
 * administrator, `personPage` is a page in a fresh context that ends logged in
 * as the new person on the start page.
 */
export async function createActiveAccount(adminPage, personPage, person) {
  const link = await createAccount(adminPage, person);
  await activateAccount(personPage, link, person);
  return link;
}

/**
 * On the start page of a staff member or admin: creates a session and waits
 * for its page. Returns the session's path.
 */
export async function createSession(page, { title, premoderation = false }) {
  await page.goto('/');
  const create = page.getByRole('region', { name: 'Nieuwe sessie' });
  await create.getByLabel('Titel', { exact: true }).fill(title);
  if (premoderation) await create.getByLabel('Premoderatie', { exact: true }).check();
  await create.getByRole('button', { name: 'Sessie aanmaken' }).click();
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();
  return pathOf(page);
}

/** Opens a session's page and waits for its workspace (the thread list). */
export async function openSession(page, sessionPath, title) {
  await page.goto(sessionPath);
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'Gesprekken', level: 2 }).waitFor();
}

/** On a session page of a moderator: searches a person and adds them with a role. */
export async function addSessionMember(page, person, role) {
  const add = page.getByRole('region', { name: 'Lid toevoegen' });
  await add.getByLabel('Zoek op naam of e-mailadres').fill(person.email);
  await add.getByRole('button', { name: 'Zoeken', exact: true }).click();
  await add.getByRole('button', { name: `Kies ${person.name}` }).click();
  await add.getByLabel('Rol in deze sessie').selectOption(role);
  await add.getByRole('button', { name: 'Toevoegen', exact: true }).click();
  await page.getByRole('region', { name: /^Leden/ }).getByRole('listitem').filter({ hasText: person.name }).waitFor();
}

/** On a session page: opens the "Kennisbord" tab and returns its panel. */
export async function openBoard(page) {
  await page.getByRole('tab', { name: 'Kennisbord' }).click();
  await page.getByRole('heading', { name: 'Kennisbord', level: 2 }).waitFor();
  const board = page.getByRole('tabpanel', { name: 'Kennisbord' });
  await board.getByRole('region').first().waitFor();
  return board;
}

/** A column of the knowledge board (a region named by its title). */
export function boardColumn(page, title) {
  return page.getByRole('tabpanel', { name: 'Kennisbord' }).getByRole('region', { name: title, exact: true });
}

/** A card of the knowledge board (an article named by its title), optionally within one column. */
export function boardCard(page, title, column = null) {
  const scope = column ? boardColumn(page, column) : page.getByRole('tabpanel', { name: 'Kennisbord' });
  return scope.getByRole('article', { name: title, exact: true });
}

/** Waits until a column shows exactly these card titles, top to bottom. */
export async function waitForCardTitles(page, column, titles) {
  await page.waitForFunction(([name, wanted]) => {
    const panel = document.querySelector('[role="tabpanel"]:not([hidden]) .board-panel');
    if (!panel) return false;
    const section = [...panel.querySelectorAll('section[data-column]')]
      .find((s) => s.querySelector('h3')?.textContent === name);
    if (!section) return false;
    const shown = [...section.querySelectorAll('.card-list > li h4')].map((h) => h.textContent);
    return JSON.stringify(shown) === JSON.stringify(wanted);
  }, [column, titles]);
}

/** Adds a card to a column through the column's own form and waits for it on the board. */
export async function addBoardCard(page, column, title, text) {
  const col = boardColumn(page, column);
  await col.getByRole('button', { name: 'Kaart toevoegen' }).click();
  const form = col.getByRole('form', { name: `Kaart toevoegen aan ${column}` });
  await form.getByLabel('Titel', { exact: true }).fill(title);
  if (text) await form.getByLabel('Tekst', { exact: true }).fill(text);
  await form.getByRole('button', { name: 'Toevoegen' }).click();
  await form.waitFor({ state: 'detached' });
  await boardCard(page, title, column).waitFor();
}

/**
 * On a session page: starts a thread from the "Gesprekken" tab ("Nieuw
 * gesprek") and returns its first post (an article), once it is shown.
 * kind: 'casus' | 'vraag' | 'algemeen'.
 */
export async function startThread(page, { title, kind = 'casus', body }) {
  await page.getByRole('tab', { name: /^Gesprekken/ }).click();
  await page.getByRole('button', { name: 'Nieuw gesprek' }).click();
  const form = page.getByRole('form', { name: 'Nieuw gesprek' });
  await form.getByLabel('Titel', { exact: true }).fill(title);
  await form.getByLabel('Soort gesprek').selectOption(kind);
  await form.getByLabel('Eerste bericht').fill(body);
  await form.getByRole('button', { name: 'Gesprek starten' }).click();
  const post = page.getByRole('list', { name: 'Berichten' }).getByRole('article').filter({ hasText: body });
  await post.waitFor();
  return post;
}

/**
 * On a session page of a moderator: invites someone through "Deskundige
 * uitnodigen" (role 'expert') or "Deelnemer uitnodigen" (other roles) and
 * returns the link shown once. options: { role, name?, email?, note?,
 * validHours? ('24' | '72' | '168' | '720'), accessUntil? (datetime-local
 * value, experts), history? ('full' | 'from_join') }. Leaves the link panel open.
 */
export async function inviteToSession(page, { role = 'expert', name, email, note, validHours, accessUntil, history } = {}) {
  const panel = page.getByRole('region', { name: 'Uitnodigingen' });
  const opener = role === 'expert' ? 'Deskundige uitnodigen' : 'Deelnemer uitnodigen';
  await panel.getByRole('button', { name: opener }).click();
  let form = panel.getByRole('region', { name: opener });
  await form.waitFor();
  if (role !== 'expert' && role !== 'participant') {
    await form.getByLabel('Rol in deze sessie').selectOption(role);
    form = panel.getByRole('region', { name: /uitnodigen$/ });
  }
  if (name) await form.getByLabel('Naam (niet verplicht)').fill(name);
  if (email) await form.getByLabel('E-mailadres (niet verplicht)').fill(email);
  if (note) await form.getByLabel('Persoonlijk bericht (niet verplicht)').fill(note);
  if (validHours) await form.getByLabel('Link geldig').selectOption(String(validHours));
  if (accessUntil) {
    await form.getByLabel('Tot een bepaald moment').check();
    await form.getByLabel('Toegang tot', { exact: true }).fill(accessUntil);
  }
  if (history === 'from_join') await form.getByLabel('Alleen vanaf deelname').check();
  await form.getByRole('button', { name: 'Uitnodiging maken' }).click();
  const link = panel.getByLabel('Uitnodigingslink', { exact: true });
  await link.waitFor();
  return link.inputValue();
}

/**
 * Opens an invitation link in a context without a login, creates the account
 * and waits for the session page (unless sessionTitle is null). person: { name,
 * email, orgType?, orgName, password }.
 */
export async function acceptInvitationAsNewUser(page, link, person, sessionTitle) {
  await page.goto(link);
  await page.getByRole('heading', { name: 'Maak je account aan', level: 2 }).waitFor();
  const form = page.getByRole('form', { name: 'Account aanmaken' });
  await form.getByLabel('Naam', { exact: true }).fill(person.name);
  await form.getByLabel('E-mailadres', { exact: true }).fill(person.email);
  if (person.orgType) await form.getByLabel('Soort organisatie').selectOption(person.orgType);
  await form.getByLabel('Naam van de organisatie').fill(person.orgName);
  await form.getByLabel('Wachtwoord', { exact: true }).fill(person.password);
  await form.getByLabel('Herhaal wachtwoord', { exact: true }).fill(person.password);
  await form.getByRole('button', { name: 'Account aanmaken en deelnemen' }).click();
  if (sessionTitle !== null) await page.getByRole('heading', { name: sessionTitle, level: 1 }).waitFor();
}
