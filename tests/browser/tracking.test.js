// The complainant's tracking page, reached by the secret link: asking for the next stage inside
// and outside the procedure's window, sending more information, and withdrawing. The cases are
// set up through the staff API with backdated instants, so no test waits for time to pass.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { daysAgo, launchBrowser, mainText, reportAxe, startServer, visit } from './helpers.js';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
after(async () => {
  reportAxe('tracking.test.js');
  await browser?.close();
  await server?.stop();
});

const complaint = (channel) => ({
  kind: 'complaint',
  channel,
  complainant: { name: 'Sam Carer', email: 'sam.carer@example.org' },
  what_happened: 'The transition meeting for my daughter was cancelled twice without notice.',
  outcome_wanted: 'A new date and an explanation.',
});

/** A complaint received `receivedDaysAgo`, acknowledged the next day, answered `answeredDaysAgo`. */
async function answeredComplaint(org, receivedDaysAgo, answeredDaysAgo, respond) {
  const { reference, tracking_token: token } = await server.record(org, complaint('email'), daysAgo(receivedDaysAgo));
  await server.act(reference, { type: 'acknowledge', phone: '0161 000 0000' }, daysAgo(receivedDaysAgo - 1));
  await server.act(reference, { type: 'respond', ...respond }, daysAgo(answeredDaysAgo));
  return { reference, token };
}

test('inside the window, the tracking page offers the next stage and the request is accepted', async () => {
  // Together for Children: 20 working days from the Stage 1 response, with listed grounds.
  const { reference, token } = await answeredComplaint('tfc-sunderland', 12, 2, {
    outcome: 'not-upheld',
    findings: 'The meetings were moved because the school asked for it.',
  });
  const person = await visit(browser, server, { width: 375 });
  await person.goto(`/track/${token}`);
  const before = await mainText(person.page);
  assert.match(before, /We have sent our response/);
  assert.match(before, /Take your complaint further: Stage 2/);
  await person.capture('tracking-escalation-open');

  await person.follow(person.page.getByRole('button', { name: 'Ask for the next stage' }));
  assert.match(await mainText(person.page), /You can ask until/);
  // Sent empty first: errors name each field.
  await person.submit('Send request');
  const errors = await person.page.locator('.govuk-error-summary__list li').allInnerTexts();
  assert.deepEqual(errors.map((e) => e.trim()), [
    'Select at least one reason why you are asking',
    'Enter why you are still unhappy',
    'Enter what you would like to happen now',
  ]);
  await person.page.getByLabel('I am unhappy with the way my complaint was dealt with').check();
  await person.page.getByLabel('Why are you still unhappy?').fill('Nobody asked the school why.');
  await person.page.getByLabel('What would you like to happen now?').fill('An independent look at it.');
  await person.submit('Send request');

  assert.match(await mainText(person.page), /We have your request to take your complaint further/);
  const stored = await server.readCase(reference);
  assert.equal(stored.stage.id, 'stage-2');
  await person.close();
});

test('outside the window, the tracking page has no escalation form and says why', async () => {
  // Parents in Partnership Stockport: 14 working days from the response; answered 30 days ago.
  const { reference, token } = await answeredComplaint('pips-stockport', 45, 30, {
    outcome: 'not-upheld',
    findings: 'The meetings were moved because the school asked for it.',
  });
  const person = await visit(browser, server, { width: 375 });
  await person.goto(`/track/${token}`);
  await person.capture('tracking-escalation-closed');
  const text = await mainText(person.page);
  assert.equal(await person.page.getByRole('button', { name: 'Ask for the next stage' }).count(), 0);
  assert.doesNotMatch(text, /Take your complaint further/);
  assert.match(text, /The time to ask for Stage Two – Independent Review ended on \w+day \d+ \w+ \d{4}/,
    'the page explains that the time to ask for the next stage has passed, and when it ended');

  // The form's own address leads back to the tracking page rather than to a form.
  await person.goto(`/track/${token}/escalate`);
  assert.equal(new URL(person.page.url()).pathname, `/track/${token}`);
  assert.equal((await server.readCase(reference)).stage.id, 'stage-1');
  await person.close();
});

test('a request sent after the window closed while the form was open is refused in words', async () => {
  const { reference, token } = await answeredComplaint('pips-stockport', 20, 1, {
    outcome: 'partly-upheld',
    findings: 'One meeting was cancelled without notice.',
  });
  const person = await visit(browser, server, { width: 375 });
  await person.goto(`/track/${token}/escalate`);
  await person.page.getByLabel('Why are you still unhappy?').fill('The second cancellation was not looked at.');
  await person.page.getByLabel('What would you like to happen now?').fill('A review.');
  // Meanwhile the case is closed by staff, so the next stage is no longer open.
  await server.act(reference, { type: 'close', complainant_satisfied: true, note: 'Agreed by phone.' });
  await person.submit('Send request');
  assert.match(await mainText(person.page), /You cannot ask for the next stage now/);
  assert.equal((await server.readCase(reference)).stage.id, 'stage-1');
  await person.close();
});

test('a complainant sends more information, then withdraws the complaint', async () => {
  const { reference, tracking_token: token } = await server.record('leeds-pps', complaint('phone'), daysAgo(2));
  const person = await visit(browser, server, { width: 375 });
  await person.goto(`/track/${token}`);
  await person.follow(person.page.getByRole('button', { name: 'Send more information' }));
  await person.page.getByLabel('What would you like to add?').fill('The second meeting was on 3 November.');
  await person.submit('Send');
  assert.match(await mainText(person.page), /We have your extra information/);

  await person.follow(person.page.getByRole('button', { name: 'Withdraw my complaint' }));
  await person.capture('tracking-withdraw');
  await person.submit('Yes, withdraw my complaint');
  const text = await mainText(person.page);
  assert.match(text, /Your complaint has been withdrawn/);
  assert.equal(await person.page.getByRole('button', { name: 'Withdraw my complaint' }).count(), 0);
  const stored = await server.readCase(reference);
  assert.match(stored.status, /^closed/);
  await person.close();
});
