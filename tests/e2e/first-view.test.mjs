// The first view in the page (server/net/first_view.hpp): a signed-in member opens a
// session page by its URL, and the thread list shows from the data the page brought,
// without a session.state over the WebSocket; the page then follows the session live
// (subscribed from the version it rendered), so a thread another member starts
// arrives, once.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCast } from './lib/cast.mjs';
import { addSessionMember, assertNoProblems, createSession, startThread } from './lib/flows.mjs';
import { MEMBER } from './lib/people.mjs';

const TITLE = 'Casus Bergen: een buurt in onrust';

let cast;

describe('first view in the page', () => {
  before(async () => {
    cast = await startCast({ member: MEMBER });
  });

  after(async () => {
    if (cast) await cast.close();
  });

  test('the session page renders its threads from the page, then stays live', async () => {
    const mod = cast.admin.page;
    const sessionPath = await createSession(mod, { title: TITLE });
    await addSessionMember(mod, MEMBER, 'participant');
    await startThread(mod, { title: 'Eerste gesprek', body: 'Wat weten we al over de buurt?' });

    const { page, problems } = cast.member;
    const sent = [];
    const subscribed = new Promise((resolve) => {
      page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => {
        const frame = JSON.parse(String(payload));
        sent.push(frame);
        if (frame.type === 'session.subscribe') resolve(frame);
      }));
    });
    const response = await page.goto(sessionPath);
    assert.match(await response.text(), /<script type="application\/json" id="kl-first-view">/, 'the page brought its data');
    const threads = page.locator('.thread-list li');
    await threads.filter({ hasText: 'Eerste gesprek' }).waitFor();
    assert.equal(await page.locator('#kl-first-view').count(), 0, 'the data block is read and removed');

    // Live from the version it rendered: it subscribes (after_seq: the snapshot's
    // head_seq) and never asked for the snapshot over the WebSocket.
    const subscribe = await subscribed;
    assert.ok(Number(subscribe.after_seq) > 0, `from the rendered version: ${JSON.stringify(subscribe)}`);
    assert.equal(sent.filter((f) => f.type === 'session.state').length, 0, 'no session.state over the WebSocket');

    // Another member starts a thread (from the session's thread list): it arrives live, once.
    await mod.goto(sessionPath);
    await startThread(mod, { title: 'Tweede gesprek', body: 'Er hangen nieuwe affiches in de wijk.' });
    await threads.filter({ hasText: 'Tweede gesprek' }).waitFor();
    assert.equal(await threads.filter({ hasText: 'Tweede gesprek' }).count(), 1);
    assert.equal(await threads.filter({ hasText: 'Eerste gesprek' }).count(), 1);
    assertNoProblems(problems);
  });
});
