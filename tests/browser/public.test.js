// The public pages as parents and carers use them, mostly on a phone: the start page, the
// feedback form, the confirmation and the tracking page. axe-core checks every page visited.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { errorSummary, launchBrowser, mainText, reportAxe, startServer, visit } from './helpers.js';
import { CONTINUE, answerPage, stepOf, walkForm } from './flow.js';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
after(async () => {
  reportAxe('public.test.js');
  await browser?.close();
  await server?.stop();
});

/** A date `days` ago as the form's three boxes take it. */
function dateBoxes(prefix, days) {
  const date = new Date(Date.now() - days * 86_400_000);
  return {
    [`${prefix}-day`]: String(date.getUTCDate()),
    [`${prefix}-month`]: String(date.getUTCMonth() + 1),
    [`${prefix}-year`]: String(date.getUTCFullYear()),
  };
}

/** Sends the form from the check-your-answers page; returns the reference and tracking path. */
async function send(person) {
  assert.equal(await stepOf(person.page), 'check');
  await person.submit('Send');
  const panel = person.page.locator('.govuk-panel--confirmation');
  await panel.waitFor();
  const reference = (await panel.locator('strong').innerText()).trim();
  const link = person.page.locator('main a[href^="/track/"]:not([href="/track/lost"])');
  const tracking = await link.getAttribute('href');
  return { reference, tracking, link };
}

const parentComplaint = {
  kind: 'complaint',
  what: 'I phoned three times about my son’s annual review and nobody called me back.',
  ...dateBoxes('happened', 3),
  outcome: 'A call back, and a date for the review meeting.',
  'person-1-name': '',
  behalf: 'myself',
  anonymous: 'no',
  prefers: 'email',
  name: 'Jo Parent',
  email: 'jo.parent@example.org',
  phone: '',
  support: 'Please call after 3pm, I work mornings.',
};

test('a parent makes a complaint on a 375 px wide phone and then tracks it', async () => {
  const person = await visit(browser, server, { width: 375 });
  await person.goto('/leeds-pps');
  const start = await mainText(person.page);
  assert.match(start, /Leeds Parent Partnership Service/);
  assert.match(start, /What happens to your complaint/);
  await person.capture('start');

  await person.follow(person.page.getByRole('button', { name: 'Start now' }));
  const steps = await walkForm(person, parentComplaint, {
    onPage: async (step) => {
      if (step === 'what') await person.capture('form-what');
    },
  });
  assert.deepEqual(steps.slice(0, 2), ['kind', 'what'], 'Leeds takes several kinds, so the form asks which first');

  const check = await mainText(person.page);
  for (const typed of [parentComplaint.what, parentComplaint.outcome, 'jo.parent@example.org', parentComplaint.support]) {
    assert.ok(check.includes(typed), `the check page shows "${typed}"`);
  }
  await person.capture('check-answers');

  const { reference, tracking, link } = await send(person);
  assert.match(reference, /^LPP-\d{4}-\d{4}$/);
  await person.capture('confirmation');
  const confirmation = await mainText(person.page);
  const expected = (await server.readCase(reference)).deadlines.find((d) => d.clock === 'acknowledgement');
  assert.ok(expected, 'the case has an acknowledgement deadline');

  await person.follow(link);
  assert.equal(new URL(person.page.url()).pathname, tracking);
  const tracked = await mainText(person.page);
  assert.ok(tracked.includes(reference), 'the tracking page shows the reference');
  assert.match(tracked, /Received/);
  assert.match(tracked, /We will let you know we have your complaint by/);
  const day = Number(expected.due.date.slice(8, 10));
  assert.ok(tracked.includes(` ${day} `) && confirmation.includes(` ${day} `),
    `the confirmation and tracking pages give the acknowledgement date (${expected.due.date})`);
  await person.capture('tracking');

  // What the parent typed reached the case.
  const stored = (await server.readCase(reference)).case.submission;
  assert.equal(stored.what_happened, parentComplaint.what);
  assert.equal(stored.complainant.email, 'jo.parent@example.org');
  assert.equal(stored.adjustments, parentComplaint.support);
  await person.close();
});

test('an anonymous compliment to Parents in Partnership Stockport', async () => {
  const person = await visit(browser, server, { width: 375 });
  await person.goto('/pips-stockport/feedback');
  const steps = await walkForm(person, {
    kind: 'compliment',
    what: 'Sam at the drop-in was patient and kind, and explained the EHCP process clearly.',
    behalf: 'myself',
    anonymous: 'yes',
    support: '',
    publish: 'yes',
  });
  assert.ok(steps.includes('anonymous'), 'PIPS accepts anonymous feedback, so the form asks');
  assert.ok(!steps.includes('details') && !steps.includes('method'), 'no contact details are asked of someone anonymous');
  assert.ok(!steps.includes('when') && !steps.includes('outcome'), 'a compliment is not asked complaint questions');
  const { reference } = await send(person);
  assert.match(reference, /^PIPS-/);
  assert.match(await mainText(person.page), /compliment has been sent/i);

  const stored = (await server.readCase(reference)).case.submission;
  assert.equal(stored.kind, 'compliment');
  assert.equal(stored.complainant, null, 'nothing identifies the person');
  await person.close();
});

test('a representative complains to Together for Children for someone else, and is told about written authority', async () => {
  const person = await visit(browser, server, { width: 375 });
  await person.goto('/tfc-sunderland/feedback');
  let representativePage = '';
  const steps = await walkForm(person, {
    what: 'My sister’s request for a needs assessment for her daughter has had no reply for eight weeks.',
    ...dateBoxes('happened', 10),
    outcome: 'A decision on the assessment.',
    behalf: 'someone-else',
    'their-name': 'Alex Sister',
    relationship: 'Aunt, and advocate for the family',
    prefers: 'phone',
    name: 'Robin Helper',
    email: '',
    phone: '0191 496 0000',
    support: '',
  }, {
    onPage: async (step) => {
      if (step === 'representative') representativePage = await mainText(person.page);
    },
  });
  assert.ok(!steps.includes('kind'), 'Together for Children takes complaints only, so the form does not ask');
  assert.ok(steps.includes('representative'));
  assert.ok(!steps.includes('anonymous'), 'someone acting for another is not offered anonymity');
  assert.match(representativePage, /written permission/, 'the written-authority requirement is explained');
  const { reference } = await send(person);
  assert.match(reference, /^TFC-/);

  const stored = (await server.readCase(reference)).case.submission;
  assert.equal(stored.representative.relationship, 'Aunt, and advocate for the family');
  const names = [stored.complainant?.name, stored.representative.contact.name];
  assert.ok(names.includes('Alex Sister') && names.includes('Robin Helper'), `both people are recorded: ${names}`);
  assert.equal(stored.representative.written_authority, false, 'authority is not yet held');
  await person.close();
});

test('a form page re-shown with errors keeps what was typed and says what is wrong', async () => {
  const person = await visit(browser, server, { width: 375 });
  await person.goto('/leeds-pps/feedback');
  await walkForm(person, parentComplaint, { until: 'when' });

  // An impossible date: the error names the field, the boxes keep what was typed.
  await answerPage(person.page, { 'happened-day': '31', 'happened-month': '2', 'happened-year': '2026' });
  await person.submit(CONTINUE);
  assert.equal(await stepOf(person.page), 'when');
  assert.deepEqual(await errorSummary(person.page), ['The date it happened must be a real date']);
  assert.match(await person.page.title(), /^Error: /);
  assert.equal(await person.page.locator('#happened-day').inputValue(), '31');
  assert.equal(await person.page.locator('#happened-month').inputValue(), '2');
  assert.equal(await person.page.locator('#happened-year').inputValue(), '2026');
  await walkForm(person, parentComplaint, { until: 'details' });

  // A mistyped e-mail address on the details page: everything else typed stays.
  await answerPage(person.page, { name: 'Jo Parent', email: 'jo.parent-at-example.org', phone: '07700 900123' });
  await person.submit(CONTINUE);
  assert.equal(await stepOf(person.page), 'details');
  assert.deepEqual(await errorSummary(person.page),
    ['Enter an email address in the correct format, like name@example.com']);
  assert.equal(await person.page.locator('#name').inputValue(), 'Jo Parent');
  assert.equal(await person.page.locator('#email').inputValue(), 'jo.parent-at-example.org');
  assert.equal(await person.page.locator('#phone').inputValue(), '07700 900123');
  const inline = await person.page.locator('.govuk-error-message').allInnerTexts();
  assert.deepEqual(inline.map((t) => t.replace(/^Error:\s*/, '').trim()),
    ['Enter an email address in the correct format, like name@example.com']);
  await person.capture('form-errors');

  // The summary's link takes the person to the field.
  await person.page.locator('.govuk-error-summary a').first().click();
  assert.equal(await person.page.evaluate(() => document.activeElement.id), 'email');

  // Corrected, the form goes on, and the earlier pages' answers are all still there.
  await person.page.locator('#email').fill('jo.parent@example.org');
  await walkForm(person, parentComplaint);
  const check = await mainText(person.page);
  assert.ok(check.includes(parentComplaint.what) && check.includes(parentComplaint.outcome));
  await person.close();
});

test('the feedback form works with the keyboard alone, and the skip link goes to the content', async () => {
  const person = await visit(browser, server, { width: 1200 });
  const page = person.page;
  const focused = () => page.evaluate(() => {
    const e = document.activeElement;
    const style = getComputedStyle(e);
    return {
      tag: e.tagName, id: e.id, name: e.getAttribute('name'), text: e.innerText?.trim() ?? '',
      inMain: Boolean(e.closest('main')),
      visible: style.outlineStyle !== 'none' || style.boxShadow !== 'none',
    };
  });
  /** Presses Tab until the focused element matches, at most 40 times. */
  const tabTo = async (matches, what) => {
    for (let i = 0; i < 40; i += 1) {
      await page.keyboard.press('Tab');
      const now = await focused();
      if (matches(now)) return now;
    }
    assert.fail(`Tab never reached ${what}`);
  };

  await person.goto('/leeds-pps');
  const skip = await tabTo(() => true, 'anything');
  assert.equal(skip.text, 'Skip to main content', 'the first Tab stop is the skip link');
  assert.ok(skip.visible, 'the focused skip link is visibly focused');
  await page.keyboard.press('Enter');
  await page.waitForURL(/#main-content$/);
  const afterSkip = await tabTo(() => true, 'anything');
  assert.ok(afterSkip.inMain, `after the skip link, Tab goes into the main content (got ${afterSkip.tag} ${afterSkip.text})`);

  const start = await tabTo((f) => f.text.startsWith('Start now'), 'the Start now button');
  assert.ok(start.visible, 'the focused Start now button is visibly focused');
  await person.follow(page.getByRole('button', { name: 'Start now' }), 'Enter');

  // The kind question: Tab to the radios, Space chooses, Enter on Continue submits.
  assert.equal(await stepOf(page), 'kind');
  const first = await tabTo((f) => f.name === 'kind', 'the first choice');
  await page.keyboard.press('Space');
  const checked = () => page.locator('input[name=kind]:checked').getAttribute('value');
  assert.equal(await page.locator('input[name=kind]:checked').getAttribute('id'), first.id, 'Space chooses');
  for (let i = 0; i < 4 && (await checked()) !== 'complaint'; i += 1) await page.keyboard.press('ArrowDown');
  assert.equal(await checked(), 'complaint', 'the arrow keys move between the choices');
  await tabTo((f) => f.text === 'Continue', 'the Continue button');
  await person.follow(page.getByRole('button', { name: 'Continue' }), 'Enter');

  // What happened: type into the text box, then Space on Continue submits.
  assert.equal(await stepOf(page), 'what');
  const box = await tabTo((f) => f.name === 'what', 'the text box');
  assert.equal(box.tag, 'TEXTAREA');
  await page.keyboard.type('Typed with the keyboard only.');
  await tabTo((f) => f.text === 'Continue', 'the Continue button');
  await person.follow(page.getByRole('button', { name: 'Continue' }), 'Space');
  assert.equal(await stepOf(page), 'when');
  assert.deepEqual(await errorSummary(page), []);
  await person.close();
});

test('with JavaScript switched off, Back, Change and Send all work', async () => {
  const person = await visit(browser, server, { width: 375, javaScript: false });
  const page = person.page;
  await person.goto('/leeds-pps');
  await person.follow(page.getByRole('button', { name: 'Start now' }));
  await walkForm(person, parentComplaint, { until: 'outcome' });

  // Back is a button that posts the answers, so nothing typed is lost going back.
  await person.submit('Back');
  assert.equal(await stepOf(page), 'when');
  assert.equal(await page.locator('#happened-day').inputValue(), parentComplaint['happened-day']);
  await walkForm(person, parentComplaint);

  // Change goes to the page, keeps its answer, and comes back to the check page.
  await person.follow(page.getByRole('button', { name: /^Change\s+what happened$/i }));
  assert.equal(await stepOf(page), 'what');
  assert.equal(await page.locator('#what').inputValue(), parentComplaint.what);
  await page.locator('#what').fill('Changed: nobody returned my three calls.');
  await person.submit(CONTINUE);
  assert.equal(await stepOf(page), 'check');
  assert.match(await mainText(page), /Changed: nobody returned my three calls\./);

  const { reference, link } = await send(person);
  await person.follow(link);
  assert.ok((await mainText(page)).includes(reference));
  await person.close();
});

test('a form posted without its CSRF token is refused and nothing is sent', async () => {
  const person = await visit(browser, server, { width: 375 });
  await person.goto('/leeds-pps/feedback');
  await walkForm(person, parentComplaint);
  const before = (await server.api('GET', '/api/v1/cases?org=leeds-pps')).cases.length;
  await person.page.evaluate(() => {
    for (const input of document.querySelectorAll('input[name=csrf]')) input.value = 'x'.repeat(43);
  });
  const response = await person.submit('Send');
  assert.equal(response.status(), 403);
  assert.match(await mainText(person.page), /could not accept that form/);
  // A post from another site carries the browser's cookie but cannot know the token.
  const forged = await person.page.request.post('/leeds-pps/feedback', {
    form: { step: 'check', kind: 'complaint', what: 'Forged', behalf: 'myself', anonymous: 'yes' },
    maxRedirects: 0,
  });
  assert.equal(forged.status(), 403);
  const afterwards = (await server.api('GET', '/api/v1/cases?org=leeds-pps')).cases.length;
  assert.equal(afterwards, before, 'no case was created');
  await person.close();
});

test('an unknown organisation and an unknown tracking link get helpful pages', async () => {
  const person = await visit(browser, server, { width: 375 });
  let response = await person.goto('/no-such-organisation');
  assert.equal(response.status(), 404);
  assert.match(await mainText(person.page), /cannot find an organisation/);
  response = await person.goto('/track/' + 'A'.repeat(43));
  assert.equal(response.status(), 404);
  assert.match(await mainText(person.page), /cannot find this tracking link/);
  await person.close();
});
