// The public compliments page: an officer approves a compliment's wording on the case page
// (the form starts from the giver's words), and a parent finds it from the start page, dated
// by month only, with no name or reference. axe-core checks every page visited.

import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { SCREENSHOTS, launchBrowser, mainText, reportAxe, startServer, visit } from './helpers.js';
import { signIn } from './flow.js';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
after(async () => {
  reportAxe('compliments.test.js');
  await browser?.close();
  await server?.stop();
});

const given = [
  {
    kind: 'compliment',
    what: 'Jo Parent here. The adviser came to the annual review meeting with us and explained every part of the plan. I felt listened to for the first time.',
    approved: 'The adviser came to the annual review meeting with us and explained every part of the plan. I felt listened to for the first time.',
  },
  {
    kind: 'suggestion',
    what: 'Could you hold a drop-in session in the evening? Many of us work during the day.',
    approved: 'Could you hold a drop-in session in the evening? Many of us work during the day.',
  },
  {
    kind: 'compliment',
    what: 'Thank you for the leaflet about tribunals: it was clear and kind.',
    approved: 'Thank you for the leaflet about tribunals: it was clear and kind.',
  },
];

test('an officer approves the wording and a parent reads it on the public page', async () => {
  const references = [];
  for (const item of given) {
    const { reference } = await server.record('leeds-pps', {
      kind: item.kind,
      channel: 'email',
      complainant: { name: 'Jo Parent', email: 'jo.parent@example.org' },
      what_happened: item.what,
      consent_to_publish: true,
    });
    references.push(reference);
  }
  // Two are published through the API; the first through the case page, by an officer.
  for (const index of [1, 2]) {
    await server.act(references[index], { type: 'publish', wording: given[index].approved });
  }
  const officer = await visit(browser, server, { width: 1200 });
  await signIn(officer, 'admin', server.password);
  await officer.goto(`/staff/cases/${references[0]}`);
  const wording = officer.page.locator('#publish-wording');
  assert.equal(await wording.inputValue(), given[0].what, 'the form starts from the giver\'s words');
  // Left as given, the giver's name is refused, on the field.
  await officer.page.locator('#publish summary').click();
  await officer.submit('Publish this wording');
  assert.match(await mainText(officer.page), /The wording still contains the giver's name/);
  await officer.page.locator('#publish-wording').fill(given[0].approved);
  await officer.submit('Publish this wording');
  assert.match(await mainText(officer.page), /Published\. It is on the public compliments page\./);
  await officer.close();

  const parent = await visit(browser, server, { width: 375 });
  await parent.goto('/leeds-pps');
  await parent.follow(parent.page.getByRole('link', { name: 'Read what people have told us' }));
  assert.equal(new URL(parent.page.url()).pathname, '/leeds-pps/compliments');
  const text = await mainText(parent.page);
  assert.match(text, /Compliments and suggestions/);
  for (const item of given) assert.ok(text.includes(item.approved), item.approved);
  assert.ok(!text.includes('Jo Parent'), 'no name');
  assert.ok(!/LPP-\d{4}-\d{4}/.test(text), 'no reference');
  const headings = await parent.page.locator('main article h2').allInnerTexts();
  assert.equal(headings.length, 3);
  for (const heading of headings) assert.match(heading, /^(Compliment|Suggestion), [A-Z][a-z]+ \d{4}$/);
  assert.match(headings[0], /^Compliment/, 'the newest first');
  await parent.capture('compliments');
  if (process.env.REDRESS_UPDATE_DOCS_SCREENSHOTS === '1') {
    const docs = path.join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
    await mkdir(docs, { recursive: true });
    await copyFile(path.join(SCREENSHOTS, 'compliments-375.png'), path.join(docs, 'compliments-375.png'));
  }

  // An organisation that publishes nothing says so.
  const response = await parent.goto('/pips-stockport/compliments');
  assert.equal(response.status(), 404);
  assert.match(await mainText(parent.page), /This organisation does not publish compliments/);
  await parent.close();
});
