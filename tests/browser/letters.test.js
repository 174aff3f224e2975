// An officer's letter: draft it from the acknowledgement form, edit it, see the check refuse a
// text that lost the response date, preview it as printed, send it by e-mail, and download its
// PDF from the case page's letters table.

import assert from 'node:assert/strict';
import { mkdir, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { SCREENSHOTS, errorSummary, launchBrowser, mainText, reportAxe, startServer, visit } from './helpers.js';
import { signIn } from './flow.js';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
after(async () => {
  reportAxe('letters.test.js');
  await browser?.close();
  await server?.stop();
});

test('an officer drafts, edits, previews and sends an acknowledgement, and downloads its PDF', async () => {
  const { reference } = await server.record('leeds-pps', {
    kind: 'complaint', channel: 'email',
    complainant: { name: 'Jo Parent', email: 'jo.parent@example.org', address: '4 Mill Lane\nLeeds\nLS1 4AB' },
    what_happened: 'Nobody returned my calls about the tribunal.',
  });
  const expected = await server.readCase(reference);
  const responseDue = expected.deadlines.find((d) => d.clock === 'response').due.date;
  const longDate = new Date(`${responseDue}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

  const person = await visit(browser, server, { width: 1200, height: 1400 });
  const page = person.page;
  await signIn(person, 'admin', server.password);
  await person.goto(`/staff/cases/${reference}`);
  await page.locator('#acknowledge summary').click();
  await page.locator('#acknowledge').getByLabel(/phone number/i).fill('0113 378 5020');
  await page.locator('#acknowledge').getByLabel(/email address/i).fill('pps@example.org');
  await person.follow(page.locator('#acknowledge').getByRole('button', { name: 'Draft letter' }));

  // The draft: the template's text, with everything the acknowledgement must say.
  const body = page.getByLabel('Text of the letter');
  const drafted = await body.inputValue();
  for (const wanted of ['Parent Partnership Service Co-ordinator', '0113 378 5020', 'pps@example.org', longDate]) {
    assert.ok(drafted.includes(wanted), `${wanted} in the draft:\n${drafted}`);
  }
  assert.match(await mainText(page), /Dear Jo Parent,/);

  // Edited without the date, it cannot be sent: the page says which item is missing.
  await body.fill(drafted.replace(longDate, 'soon'));
  await person.submit('Send by e-mail');
  assert.match((await errorSummary(page)).join("\n"), new RegExp(`date of the full response.*${longDate}`, 's'));
  assert.equal((await server.api('GET', `/api/v1/cases/${reference}/letters`)).letters.length, 0, 'nothing was sent');

  // Put right, with a line of the officer's own, and previewed as printed.
  const edited = `${drafted}\n\nI am sorry you had to chase us.`;
  await body.fill(edited);
  await person.submit('Preview');
  const preview = await page.locator('article.redress-letter').innerText();
  for (const wanted of ['Leeds Parent Partnership Service', 'Jo Parent', '4 Mill Lane', reference, 'Dear Jo Parent,', 'I am sorry you had to chase us.', 'Yours sincerely,']) {
    assert.ok(preview.includes(wanted), `${wanted} in the preview:\n${preview}`);
  }
  await page.locator('article.redress-letter').scrollIntoViewIfNeeded();
  await person.capture('letter-preview');
  if (process.env.REDRESS_UPDATE_DOCS_SCREENSHOTS === '1') {
    const docs = path.join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
    await mkdir(docs, { recursive: true });
    await copyFile(path.join(SCREENSHOTS, 'letter-preview-1200-screen.png'), path.join(docs, 'letter-preview.png'));
  }

  // Sent by e-mail: back on the case, the letter is listed as queued, with its PDF.
  await person.submit('Send by e-mail');
  assert.match(await mainText(page), /Acknowledgement recorded/);
  const listed = await server.api('GET', `/api/v1/cases/${reference}/letters`);
  assert.equal(listed.letters.length, 1);
  assert.equal(listed.letters[0].status, 'queued');
  const stored = await server.readCase(reference);
  assert.equal(stored.timeline.at(-1).letter.text.body, edited, 'the text sent is kept unchanged');
  const row = page.locator('#letters + table tbody tr').first();
  assert.match(await row.innerText(), /Acknowledgement[\s\S]*Queued/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('link', { name: /Download PDF/ }).click(),
  ]);
  const pdfPath = path.join(SCREENSHOTS, 'letter.pdf');
  await download.saveAs(pdfPath);
  const { readFile } = await import('node:fs/promises');
  const pdf = await readFile(pdfPath);
  assert.equal(pdf.subarray(0, 4).toString(), '%PDF');

  // The thread: the letter as sent, with its PDF and how it went out, newest first.
  const thread = page.locator('#timeline + p + ol > li').first();
  assert.match(await thread.innerText(), /Letter[\s\S]*Not sent: no mail server configured[\s\S]*I am sorry you had to chase us\.[\s\S]*Download PDF/);
  await page.locator('#timeline').scrollIntoViewIfNeeded();
  await person.capture('case-thread');
  if (process.env.REDRESS_UPDATE_DOCS_SCREENSHOTS === '1') {
    const docs = path.join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
    await copyFile(path.join(SCREENSHOTS, 'case-thread-1200-screen.png'), path.join(docs, 'case-thread.png'));
  }
  await person.close();
});
