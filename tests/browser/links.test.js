// Tracking links for everyone: an officer sends a new tracking link from the case page of a
// complaint taken by phone (shown once to write into a letter, or e-mailed), and a person who
// lost their link asks for a new one on the public page, which answers the same whether or not
// the details match.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { daysAgo, launchBrowser, mainText, reportAxe, startServer, visit } from './helpers.js';
import { signIn } from './flow.js';

let server;
let browser;
const officer = { username: 'lee.officer', password: 'a long enough password 2' };
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await server.addUser(officer.username, officer.password,
    { name: 'Lee Officer', org: 'tfc-sunderland', role: 'feedback-officer' });
});
after(async () => {
  reportAxe('links.test.js');
  await browser?.close();
  await server?.stop();
});

const byPhone = {
  kind: 'complaint',
  channel: 'phone',
  complainant: { name: 'Robin Caller', email: 'robin.caller@example.org' },
  what_happened: 'Nobody rang back about the short breaks assessment.',
};

/** The timeline's tracking-link facts of a case, through the staff API. */
async function linksIssued(reference) {
  const view = await server.readCase(reference);
  return view.timeline.filter((event) => event.type === 'tracking-link-issued');
}

test('an officer shows a new tracking link once, then e-mails another from the case page', async () => {
  const { reference, tracking_token: oldToken } = await server.record('tfc-sunderland', byPhone, daysAgo(1));
  const person = await visit(browser, server, { width: 1200 });
  await signIn(person, officer.username, officer.password);
  await person.goto(`/staff/cases/${reference}`);
  await person.page.locator('#issue-tracking-link summary').click();
  await person.page.getByLabel('Show it to me once, to write into a letter').check();
  await person.submit('Issue a new tracking link');
  assert.match(await mainText(person.page), /It is shown only this once/);
  const link = (await person.page.locator('#tracking-link').innerText()).trim();
  await person.capture('tracking-link-shown');
  assert.match(link, /\/track\/[A-Za-z0-9_-]+$/);

  // The link works for the person; the one made at intake no longer does.
  const caller = await visit(browser, server, { width: 375 });
  await caller.goto(new URL(link).pathname);
  assert.match(await mainText(caller.page), new RegExp(`Your complaint: ${reference}`));
  assert.match(await mainText(caller.page), /0191 561 7997/, 'the tracking page says how to contact TfC');
  const old = await caller.goto(`/track/${oldToken}`);
  assert.equal(old.status(), 404);
  await caller.close();

  // By e-mail: back on the case page with a banner, the history saying so without the link.
  await person.follow(person.page.getByRole('link', { name: 'Back to the case' }));
  await person.page.locator('#issue-tracking-link summary').click();
  await person.page.getByLabel('E-mail it to robin.caller@example.org').check();
  await person.submit('Issue a new tracking link');
  const text = await mainText(person.page);
  assert.match(text, /A new tracking link was issued and queued to be e-mailed/);
  assert.match(text, /New tracking link sent by e-mail/);
  assert.doesNotMatch(text, new RegExp(new URL(link).pathname.split('/').pop()));
  const issued = await linksIssued(reference);
  assert.deepEqual(issued.map((e) => e.delivery), ['shown', 'email']);
  assert.equal(issued[1].to, 'robin.caller@example.org');
  await person.close();
});

test('the lost-link page sends a link only to the address on the case and answers the same either way', async () => {
  const { reference } = await server.record('tfc-sunderland', byPhone, daysAgo(2));
  const person = await visit(browser, server, { width: 375 });
  await person.goto('/track/lost');
  await person.capture('lost-link');

  // Sent empty: each field is named.
  await person.submit('Send me a new link');
  const errors = await person.page.locator('.govuk-error-summary__list li').allInnerTexts();
  assert.deepEqual(errors.map((e) => e.trim()), ['Enter your reference number', 'Enter your e-mail address']);

  // Someone else's address: the same answer, and nothing issued.
  await person.page.getByLabel('Reference number').fill(reference);
  await person.page.getByLabel('E-mail address').fill('someone.else@example.org');
  await person.submit('Send me a new link');
  const unmatched = await mainText(person.page);
  assert.match(unmatched, /Check your e-mail/);
  assert.equal((await linksIssued(reference)).length, 0);

  // The address on the case, typed in another case: the same words, and a link is e-mailed.
  await person.goto('/track/lost');
  await person.page.getByLabel('Reference number').fill(reference.toLowerCase());
  await person.page.getByLabel('E-mail address').fill('Robin.Caller@example.org');
  await person.submit('Send me a new link');
  assert.equal(await mainText(person.page), unmatched);
  const issued = await linksIssued(reference);
  assert.equal(issued.length, 1);
  assert.equal(issued[0].requested, true);
  assert.equal(issued[0].to, 'robin.caller@example.org');
  await person.close();
});
