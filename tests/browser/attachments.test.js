// Attachments as people use them: a parent uploads a document on the public feedback form, an
// officer sees it on the case page, downloads it (as an attachment, never shown in the page),
// attaches one of their own, and is told plainly when a file is of a kind not accepted.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { errorSummary, launchBrowser, mainText, reportAxe, startServer, visit } from './helpers.js';
import { CONTINUE, signIn, stepOf, walkForm } from './flow.js';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
after(async () => {
  reportAxe('attachments.test.js');
  await browser?.close();
  await server?.stop();
});

const complaint = {
  kind: 'complaint',
  what: 'The school’s letter about my daughter’s support plan says the review was cancelled, but nobody told us.',
  'happened-day': String(new Date(Date.now() - 2 * 86_400_000).getUTCDate()),
  'happened-month': String(new Date(Date.now() - 2 * 86_400_000).getUTCMonth() + 1),
  'happened-year': String(new Date(Date.now() - 2 * 86_400_000).getUTCFullYear()),
  outcome: 'A new date for the review.',
  'person-1-name': '',
  behalf: 'myself',
  anonymous: 'no',
  prefers: 'email',
  name: 'Jo Parent',
  email: 'jo.parent@example.org',
  phone: '',
  support: '',
};

const letter = {
  name: 'letter from school.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n% a letter from the school\n%%EOF\n'),
};

test('a parent uploads a document on the form and the officer finds it on the case page', async () => {
  const person = await visit(browser, server, { width: 375 });
  await person.goto('/leeds-pps/feedback');
  await walkForm(person, complaint, { until: 'files' });
  assert.match(await mainText(person.page), /Do you have any documents or photos to send\?/);

  // Upload with nothing chosen: told what to do, nothing lost.
  await person.submit('Upload file');
  assert.deepEqual(await errorSummary(person.page), ['Choose a file to upload, or continue without one.']);
  assert.equal(await stepOf(person.page), 'files');

  await person.page.setInputFiles('#file', letter);
  await person.submit('Upload file');
  assert.deepEqual(await errorSummary(person.page), []);
  const uploaded = await mainText(person.page);
  assert.match(uploaded, /letter from school\.pdf has been uploaded/);
  assert.match(uploaded, /Files you have uploaded/);
  await person.capture('form-files');

  // A program dressed as a photo is refused by its content, and the letter stays.
  await person.page.setInputFiles('#file', {
    name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('MZ\x90\x00 this program cannot be run in DOS mode'),
  });
  await person.submit('Upload file');
  const [refusal] = await errorSummary(person.page);
  assert.match(refusal, /This kind of file cannot be attached/);
  assert.match(await mainText(person.page), /letter from school\.pdf/);

  await person.submit(CONTINUE);
  assert.equal(await stepOf(person.page), 'check');
  assert.match(await mainText(person.page), /letter from school\.pdf/);
  await person.submit('Send');
  const panel = person.page.locator('.govuk-panel--confirmation');
  await panel.waitFor();
  const reference = (await panel.locator('strong').innerText()).trim();

  // Later, from the tracking page, a photo of the school's second letter, with no note.
  await person.follow(person.page.locator('main a[href^="/track/"]:not([href="/track/lost"])'));
  await person.follow(person.page.getByRole('button', { name: 'Send more information' }));
  await person.page.setInputFiles('#file', {
    name: 'second letter.png', mimeType: 'image/png',
    buffer: Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'),
  });
  await person.submit('Send');
  assert.equal(new URL(person.page.url()).searchParams.get('done'), 'information');
  await person.close();

  // The officer sees it on the case page and downloads it.
  const officer = await visit(browser, server, { width: 1200 });
  await officer.goto('/staff/login');
  await signIn(officer, 'admin', server.password);
  await officer.goto(`/staff/cases/${reference}`);
  const files = officer.page.locator('#files + dl');
  assert.match(await files.innerText(), /letter from school\.pdf/);
  assert.match(await files.innerText(), /PDF/);
  assert.match(await files.innerText(), /the complainant, with the feedback form/);
  const href = await files.getByRole('link', { name: 'Download letter from school.pdf' }).getAttribute('href');
  const download = await officer.page.request.get(href);
  assert.equal(download.status(), 200);
  assert.equal(download.headers()['content-type'], 'application/pdf');
  assert.equal(download.headers()['x-content-type-options'], 'nosniff');
  assert.match(download.headers()['content-disposition'], /^attachment; filename="letter from school\.pdf"/);
  assert.deepEqual(Buffer.from(await download.body()), letter.buffer);

  // The officer attaches a note of a phone call; a wrong kind of file is refused first.
  await officer.page.locator('#add-attachment summary').click();
  await officer.page.setInputFiles('#add-attachment input[type=file]', {
    name: 'call.exe', mimeType: 'text/plain', buffer: Buffer.from('MZ\x90\x00 not a note'),
  });
  await officer.submit('Attach file');
  const [problem] = await errorSummary(officer.page);
  assert.match(problem, /This kind of file cannot be attached/);
  await officer.page.setInputFiles('#add-attachment input[type=file]', {
    name: 'call note.txt', mimeType: 'text/plain', buffer: Buffer.from('Phoned Ms Parent at 3pm: she will send the letter.\n'),
  });
  await officer.submit('Attach file');
  assert.deepEqual(await errorSummary(officer.page), []);
  const after = await mainText(officer.page);
  assert.match(after, /The file is attached to the case\./);
  assert.match(after, /File attached: call note\.txt/);
  assert.match(await officer.page.locator('#files + dl').innerText(), /call note\.txt/);
  await officer.capture('case-files');

  // The API lists both.
  const listed = await server.api('GET', `/api/v1/cases/${reference}/attachments`);
  assert.deepEqual(listed.attachments.map((a) => [a.name, a.source]),
    [['letter from school.pdf', 'public-form'], ['second letter.png', 'tracking-page'], ['call note.txt', 'staff']]);
  await officer.close();
});
