// A member of staff named in a complaint sees no trace of it: PIPS' Chair, who is also an
// admin, signs in while a complaint about the Chair is open. The dashboard, the case list, a
// search for the complaint's words, the complaints log and the case's own address show nothing
// of it; the feedback officer beside them sees it everywhere.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchBrowser, mainText, reportAxe, startServer, visit } from './helpers.js';
import { signIn } from './flow.js';

let server;
let browser;
const chair = { username: 'pips.chair', password: 'a long enough password 2' };
const officer = { username: 'pips.officer', password: 'a long enough password 3' };
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await server.addUser(chair.username, chair.password, { name: 'Pat Chair', org: 'pips-stockport', role: 'admin' });
  await server.cli(['user', 'hold', chair.username, '--org', 'pips-stockport', 'chair']);
  await server.addUser(officer.username, officer.password,
    { name: 'Ola Officer', org: 'pips-stockport', role: 'feedback-officer' });
});
after(async () => {
  reportAxe('access.test.js');
  await browser?.close();
  await server?.stop();
});

/** What a signed-in person finds of `reference` and of the word `marker` on each page. */
async function traces(person, reference, marker) {
  const pages = ['/staff', '/staff/cases', `/staff/cases?q=${marker}`, `/staff/logs/complaints?org=pips-stockport&year=${new Date().getFullYear()}`];
  const found = [];
  for (const route of pages) {
    const response = await person.goto(route);
    assert.equal(response.status(), 200, `${route} opens`);
    // The whole page for the reference (links, hidden fields); what is shown for the words, as
    // the search box holds the word searched for.
    const html = await person.page.content();
    const shown = await mainText(person.page);
    if (html.includes(reference) || shown.includes(marker)) found.push(route);
  }
  return found;
}

test('a user named in a complaint sees no trace of it, even as an admin', async () => {
  const marker = 'Trampolinegate';
  const { reference } = await server.record('pips-stockport', {
    kind: 'complaint', channel: 'email',
    complainant: { name: 'Jo Parent', email: 'jo.parent@example.org' },
    what_happened: `${marker}: the Chair shouted at my son at the coffee morning.`,
    people_named: [{ name: 'The Chair', role: 'chair' }],
  });

  const colleague = await visit(browser, server, { width: 1200 });
  await signIn(colleague, officer.username, officer.password);
  assert.deepEqual(await traces(colleague, reference, marker), ['/staff', '/staff/cases', `/staff/cases?q=${marker}`,
    `/staff/logs/complaints?org=pips-stockport&year=${new Date().getFullYear()}`], 'the officer finds it everywhere');
  const shown = await colleague.goto(`/staff/cases/${reference}`);
  assert.equal(shown.status(), 200);
  assert.match(await mainText(colleague.page), /Kept out of this case/);
  await colleague.close();

  const named = await visit(browser, server, { width: 1200 });
  await signIn(named, chair.username, chair.password);
  assert.deepEqual(await traces(named, reference, marker), [], 'the Chair finds it nowhere');
  const refused = await named.goto(`/staff/cases/${reference}`);
  assert.equal(refused.status(), 404, 'the case itself is not found, not forbidden');
  assert.doesNotMatch(await named.page.content(), new RegExp(`${reference}|${marker}`));
  await named.capture('kept-out-not-found');
  await named.close();
});

test('an admin keeps King\'s Park\'s member list and gives a user the Chair\'s role', async () => {
  const person = await visit(browser, server, { width: 1200 });
  const page = person.page;
  await signIn(person, 'admin', server.password);
  await person.goto('/staff/users');
  await person.follow(page.getByRole('link', { name: 'Member lists for panels' }));
  await person.follow(page.getByRole('link', { name: "King's Park Secondary School Parent Partnership" }));
  await person.submit('Save member');
  assert.match(await mainText(page), /There is a problem/);
  await page.getByLabel('Member id').fill('m1');
  await page.getByLabel('Name', { exact: true }).fill('Alex Member');
  await person.submit('Save member');
  assert.match(await mainText(page), /Alex Member was saved\./);
  await person.capture('admin-member-list');

  await person.goto(`/staff/users/${officer.username}/roles`);
  await page.locator('#holds-pips-stockport-chair').check();
  await person.submit('Save roles in the procedure (Parents in Partnership Stockport)');
  await person.goto(`/staff/users/${officer.username}/roles`);
  assert.equal(await page.locator('#holds-pips-stockport-chair').isChecked(), true);
  await person.capture('admin-user-procedure-roles');
  await person.close();
});
