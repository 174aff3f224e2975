// A person's request about their own data, as an administrator handles it: Leeds' admin finds
// every case holding a parent's address on the subject access page, then carries out their
// erasure request there. The withdrawn (closed) case is erased; the open one is kept, and the
// page says why. Both pages are axe-checked; the erasure answer is kept as a screenshot.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchBrowser, mainText, reportAxe, startServer, visit } from './helpers.js';
import { signIn } from './flow.js';

let server;
let browser;
const admin = { username: 'leeds.admin', password: 'a long enough password 4' };
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await server.addUser(admin.username, admin.password, { name: 'Ada Admin', org: 'leeds-pps', role: 'admin' });
});
after(async () => {
  reportAxe('people.test.js');
  await browser?.close();
  await server?.stop();
});

test('an administrator finds what is held about a parent and erases the closed case at their request', async () => {
  const parent = { name: 'Sam Parent', email: 'sam.parent@example.org' };
  const complaint = (what) => ({ kind: 'complaint', channel: 'email', complainant: parent, what_happened: what });
  const { reference: closed } = await server.record('leeds-pps', complaint('Nobody rang back about the transport form.'));
  const { reference: open } = await server.record('leeds-pps', complaint('The review meeting was cancelled twice.'));
  await server.act(closed, { type: 'withdraw', reason: 'Sorted out by phone.' });

  const person = await visit(browser, server, { width: 1200 });
  const page = person.page;
  await signIn(person, admin.username, admin.password);
  await person.goto('/staff/people');
  await page.getByLabel('Their e-mail address').fill('Sam.Parent@example.org');
  await person.submit('Find what we hold');
  const found = await mainText(page);
  assert.ok(found.includes(closed) && found.includes(open), found);

  // The request's words are needed: without them nothing changes and the field is named.
  await person.submit('Erase their personal data');
  assert.match(await mainText(page), /Enter the request/);
  assert.equal(await page.locator('#reason').getAttribute('aria-describedby'), 'reason-hint reason-error');
  assert.equal((await server.readCase(closed)).case.submission.complainant.email, parent.email);

  await page.getByLabel('The request').fill('Asked by e-mail on 2 December for everything to be deleted.');
  await person.submit('Erase their personal data');
  const answer = await mainText(page);
  assert.match(answer, new RegExp(`Erased\\s+${closed}`));
  assert.match(answer, new RegExp(`${open}\\s+.*open`, 's'));
  await person.capture('person-erased');
  assert.notEqual((await server.readCase(closed)).case.submission.complainant.email, parent.email);
  assert.equal((await server.readCase(open)).case.submission.complainant.email, parent.email);
  await person.close();
});
