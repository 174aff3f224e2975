// The staff pages as officers use them: signing in, the dashboard, recording a complaint taken
// by phone last week, acknowledging it, the case list; and the CSRF and session checks.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { daysAgo, launchBrowser, mainText, reportAxe, staffDate, startServer, visit } from './helpers.js';
import { signIn, signOut, staffMenu } from './flow.js';

let server;
let browser;
const officer = { username: 'sam.officer', password: 'a long enough password 1' };
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await server.addUser(officer.username, officer.password,
    { name: 'Sam Officer', org: 'tfc-sunderland', role: 'feedback-officer' });
});
after(async () => {
  reportAxe('staff.test.js');
  await browser?.close();
  await server?.stop();
});

/** The rows of the case page's deadlines table: { what, due, status }. */
async function deadlineRows(page) {
  return page.locator('#deadlines + table tbody tr').evaluateAll((rows) => rows.map((row) => {
    const cells = [...row.querySelectorAll('td')].map((td) => td.innerText.replace(/\s+/g, ' ').trim());
    return { what: cells[0], due: cells[1], status: cells[2] };
  }));
}

/** The value of a row of the case page's first summary list, by its key. */
async function summaryValue(page, key) {
  const row = page.locator('main dl.govuk-summary-list').first()
    .locator('.govuk-summary-list__row', { has: page.locator('dt', { hasText: key }) });
  return (await row.locator('dd').innerText()).trim();
}

/**
 * One of the dashboard's lists (`overdue`, `due_today`, `due_week`, `awaiting`): the count in
 * its heading, and the text of what follows the heading up to the next one.
 */
async function dashboardList(page, id) {
  return page.locator(`h2#${id}`).evaluate((heading) => {
    let text = '';
    for (let e = heading.nextElementSibling; e && e.tagName !== 'H2'; e = e.nextElementSibling) text += ` ${e.innerText}`;
    return { count: Number(heading.innerText.match(/\((\d+)\)/)?.[1]), text };
  });
}

test('an officer records a phone complaint taken last week, acknowledges it, and the deadlines follow', async () => {
  const person = await visit(browser, server, { width: 1200 });
  const page = person.page;
  await person.goto('/staff');
  assert.equal(new URL(page.url()).pathname, '/staff/login', 'signing in comes first');
  await signIn(person, officer.username, 'not the password');
  assert.match(await mainText(page), /The username or password is not right/);
  await signIn(person, officer.username, officer.password);
  assert.equal(new URL(page.url()).pathname, '/staff');
  assert.match(await page.locator('header').innerText(), /Together for Children Sunderland/,
    'an officer of one organisation sees its name in the header');

  // Taken by phone a week ago at 11:00.
  await person.follow((await staffMenu(page)).getByRole('link', { name: 'Record feedback' }));
  const takenOn = daysAgo(7).slice(0, 10);
  await page.getByRole('radio', { name: 'Complaint' }).check();
  await page.getByLabel('How did it arrive?').selectOption('phone');
  await page.getByLabel('Date received').fill(takenOn);
  await page.getByLabel('Time received (optional)').fill('11:00');
  await page.getByLabel('Full name', { exact: true }).fill('Pat Caller');
  await page.getByLabel('Phone number (optional)', { exact: true }).fill('0191 496 0001');
  await page.getByLabel('What happened, in their words').fill('Called to say the school transport was withdrawn with a day’s notice.');
  await page.getByLabel('What they would like to happen (optional)').fill('Transport restored.');
  await person.submit('Record the feedback');
  const reference = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  assert.match(reference, /^TFC-\d{4}-\d{4}$/);
  assert.match(await mainText(page), /Feedback recorded/);

  // The deadlines count from last week, not from today.
  const expected = await server.readCase(reference);
  const due = Object.fromEntries(expected.deadlines.map((d) => [d.clock, d]));
  assert.equal(due.acknowledgement.status.state ?? due.acknowledgement.status, 'overdue');
  assert.match(await summaryValue(page, 'Received'), new RegExp(`^${staffDate(takenOn)}, 11:00`));
  let rows = await deadlineRows(page);
  const row = (what) => rows.find((r) => r.what.startsWith(what));
  assert.ok(row('Acknowledge') || rows.length >= 2, `deadline rows: ${JSON.stringify(rows)}`);
  const acknowledgementRow = rows.find((r) => r.due.includes(staffDate(due.acknowledgement.due.date)));
  const responseRow = rows.find((r) => r.due.includes(staffDate(due.response.due.date)));
  assert.ok(acknowledgementRow, `the acknowledgement is due ${staffDate(due.acknowledgement.due.date)}: ${JSON.stringify(rows)}`);
  assert.ok(responseRow, `the response is due ${staffDate(due.response.due.date)}: ${JSON.stringify(rows)}`);
  assert.equal(acknowledgementRow.status, 'Overdue');
  assert.match(await summaryValue(page, 'Next due'), /overdue/);
  await person.capture('case');

  await person.goto('/staff');
  for (const list of ['overdue', 'awaiting']) {
    const { count, text } = await dashboardList(page, list);
    assert.equal(count, 1, `the dashboard's ${list} list has the case`);
    assert.ok(text.includes(reference), `the dashboard's ${list} list has the case`);
  }
  await person.capture('dashboard');

  // Acknowledged today: the acknowledgement is done (late), and the response is what is due next.
  await person.goto(`/staff/cases/${reference}`);
  await page.locator('#acknowledge summary').click();
  await person.submit('Record the acknowledgement');
  assert.match(await mainText(page), /Acknowledgement recorded/);
  rows = await deadlineRows(page);
  const acknowledged = rows.find((r) => r.due.includes(staffDate(due.acknowledgement.due.date)));
  assert.match(acknowledged.status, /Done late/);
  assert.match(await summaryValue(page, 'Next due'), new RegExp(`by ${staffDate(due.response.due.date)}`));
  await person.capture('case-acknowledged');

  await person.goto('/staff');
  for (const list of ['overdue', 'awaiting']) {
    assert.equal((await dashboardList(page, list)).count, 0, `the ${list} list is empty once acknowledged`);
  }
  await person.close();
});

test('the case list finds a case by words from it and by filters', async () => {
  await server.record('leeds-pps', {
    kind: 'complaint', channel: 'letter', complainant: { name: 'Lee Writer' },
    what_happened: 'The advice line gave me the wrong tribunal deadline.',
  }, daysAgo(3));
  const person = await visit(browser, server, { width: 1200 });
  await signIn(person, 'admin', server.password);
  await person.goto('/staff/cases');
  await person.page.getByLabel('Search').fill('tribunal');
  await person.submit('Apply filters');
  const text = await mainText(person.page);
  assert.match(text, /LPP-\d{4}-\d{4}/);
  assert.doesNotMatch(text, /TFC-/);
  await person.capture('cases');
  await person.close();
});

test('a staff form re-shown with errors keeps what was typed', async () => {
  const person = await visit(browser, server, { width: 375 });
  await signIn(person, officer.username, officer.password);
  await person.goto('/staff/record');
  await person.page.getByLabel('What happened, in their words').fill('Kept after an error.');
  await person.page.getByLabel('How did it arrive?').selectOption('letter');
  await person.submit('Record the feedback');
  const errors = (await person.page.locator('.govuk-error-summary__list li').allInnerTexts()).map((e) => e.trim());
  assert.ok(errors.includes('Choose what kind of feedback it is'), `errors: ${errors}`);
  assert.equal(await person.page.getByLabel('What happened, in their words').inputValue(), 'Kept after an error.');
  assert.equal(await person.page.getByLabel('How did it arrive?').inputValue(), 'letter');
  await person.capture('record-errors');
  await person.close();
});

test('a staff form posted without its CSRF token is refused and changes nothing', async () => {
  const { reference } = await server.record('tfc-sunderland', {
    kind: 'complaint', channel: 'email', complainant: { name: 'Kim Sender', email: 'kim@example.org' },
    what_happened: 'No reply to my e-mails about respite care.',
  }, daysAgo(1));
  const version = (await server.readCase(reference)).version;
  const person = await visit(browser, server, { width: 1200 });
  await signIn(person, officer.username, officer.password);
  await person.goto(`/staff/cases/${reference}`);

  // A forged form: right session cookie, wrong token.
  await person.page.locator('#acknowledge summary').click();
  await person.page.locator('#acknowledge input[name=csrf]').evaluate((input) => { input.value = 'forged'; });
  const response = await person.submit('Record the acknowledgement');
  assert.equal(response.status(), 403);
  assert.match(await mainText(person.page), /This form could not be sent/);

  // A post from elsewhere carries the cookie but no token at all.
  const direct = await person.page.request.post(`/staff/cases/${reference}/actions/acknowledge`, {
    form: { version: String(version), on: daysAgo(0).slice(0, 10) },
    maxRedirects: 0,
  });
  assert.equal(direct.status(), 403);
  assert.equal((await server.readCase(reference)).version, version, 'the case is unchanged');
  await person.close();
});

test('after signing out, the dashboard sends the browser to sign in again', async () => {
  const person = await visit(browser, server, { width: 375 });
  await signIn(person, officer.username, officer.password);
  assert.equal(new URL(person.page.url()).pathname, '/staff');
  await signOut(person);
  assert.equal(new URL(person.page.url()).pathname, '/staff/login');
  assert.match(await mainText(person.page), /You have signed out/);
  await person.goto('/staff');
  assert.equal(new URL(person.page.url()).pathname, '/staff/login');
  await person.goto(`/staff/cases`);
  assert.equal(new URL(person.page.url()).pathname, '/staff/login');
  await person.close();
});

test('the sign-in form refuses a post without its token, and repeated failures lock the username', async () => {
  const person = await visit(browser, server, { width: 375 });
  await person.goto('/staff/login');
  await person.page.locator('input[name=csrf]').evaluate((input) => { input.value = ''; });
  await signIn(person, officer.username, officer.password);
  assert.equal(new URL(person.page.url()).pathname, '/staff/login');
  assert.match(await mainText(person.page), /The sign-in form had expired/);

  for (let attempt = 1; attempt <= 5; attempt += 1) await signIn(person, 'someone.else', `wrong ${attempt}`);
  assert.match(await mainText(person.page), /too many attempts to sign in with this username/);
  await person.close();
});

test('every page of the staff menu works for an admin of every organisation', async () => {
  const person = await visit(browser, server, { width: 1200 });
  const page = person.page;
  await signIn(person, 'admin', server.password);
  const links = await (await staffMenu(page)).getByRole('link').allInnerTexts();
  assert.deepEqual(links.map((l) => l.trim()), ['Dashboard', 'Cases', 'E-mail to check', 'Record feedback', 'Logs', 'Reports', 'Self-assessment', 'Procedure', 'Users', 'E-mail not sent', "People's data", 'Calendar']);
  for (const name of links) {
    const menu = await staffMenu(page);
    const response = await person.follow(menu.getByRole('link', { name: name.trim(), exact: true }));
    assert.equal(response.status(), 200, `${name} opens`);
    assert.equal(await page.locator('nav [aria-current=page]').innerText(), name.trim(), `${name} is marked as the current section`);
    await person.checkNarrow(`staff-${name.trim().toLowerCase().replace(/\W+/g, '-')}`);
  }

  // An admin of several organisations chooses which one before recording feedback.
  await person.goto('/staff/record');
  await page.getByLabel('Parents in Partnership Stockport').check();
  await person.submit('Continue');
  assert.match(await mainText(page), /What kind of feedback is it\?/);
  await person.close();
});

test('a password set for someone must be changed at their first sign-in', async () => {
  const temporary = 'a password set for them 1';
  await server.addUser('tia.temp', temporary, { name: 'Tia Temp', org: 'leeds-pps', role: 'feedback-officer' });
  await server.cli(['user', 'password', 'tia.temp', '--temporary'], `${temporary}\n`);
  const person = await visit(browser, server, { width: 1200 });
  const page = person.page;
  await signIn(person, 'tia.temp', temporary);
  assert.equal(new URL(page.url()).pathname, '/staff/password');
  assert.match(await mainText(page), /Your password was set for you\. Choose a new one before you go on\./);
  await person.capture('change-password');

  // Nothing else opens until it is changed.
  await person.goto('/staff/cases');
  assert.equal(new URL(page.url()).pathname, '/staff/password');

  await page.getByLabel('Current password').fill(temporary);
  await page.getByLabel('New password', { exact: true }).fill('a password only tia knows');
  await page.getByLabel('New password again').fill('a password only tia knows');
  await person.submit('Change password');
  assert.match(await mainText(page), /Your password has been changed\./);
  const response = await person.goto('/staff/cases');
  assert.equal(response.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/staff/cases');
  await person.close();
});
