// The self-assessment page and the case page's ombudsman enquiries: an officer finds
// "Self-assessment" in the staff menu, chooses an organisation, a code and a period, and reads
// each provision's verdict and evidence in a table with PDF, CSV and JSON links; a bad period
// is shown on its field. On a case with an ombudsman's enquiry, the case page lists it with its
// reply date and links to its evidence pack, which download as a PDF and a ZIP.

import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { SCREENSHOTS, errorSummary, launchBrowser, mainText, reportAxe, startServer, visit } from './helpers.js';
import { signIn, staffMenu } from './flow.js';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
after(async () => {
  reportAxe('assess.test.js');
  await browser?.close();
  await server?.stop();
});

const ORG = 'sendiass-staffordshire';
const complaint = { kind: 'complaint', channel: 'email', complainant: { name: 'Jo Parent', email: 'jo@example.org' }, what_happened: 'Nobody called back.' };

test('an officer reads a self-assessment against a code and downloads it', async () => {
  // Mon 2 Feb: acknowledged in 5 working days (within the Code's 5), answered 4 later.
  // Mon 12 Jan: acknowledged in 6 (late).
  const cases = [
    ['2026-02-02T10:00:00Z', '2026-02-09T10:00:00Z', '2026-02-13T15:00:00Z'],
    ['2026-01-12T10:00:00Z', '2026-01-20T10:00:00Z', '2026-01-21T15:00:00Z'],
  ];
  for (const [received, acknowledged, answered] of cases) {
    const { reference } = await server.record(ORG, complaint, received);
    await server.act(reference, { type: 'acknowledge', at: acknowledged });
    await server.act(reference, { type: 'respond', outcome: 'not-upheld', findings: 'Calls were returned.', how_investigated: 'Read the notes.', at: answered });
  }
  const person = await visit(browser, server, { width: 1280, height: 1000 });
  const page = person.page;
  await signIn(person, 'admin', server.password);
  const menu = await staffMenu(page);
  await person.follow(menu.getByRole('link', { name: 'Self-assessment', exact: true }));
  assert.match(await mainText(page), /Self-assessment against a code/);
  await page.getByRole('combobox', { name: 'Organisation' }).selectOption(ORG);
  await page.getByRole('radio', { name: /Housing Ombudsman/ }).check();
  await page.getByRole('textbox', { name: 'Period' }).fill('2026-Q1');
  await person.submit('Show the self-assessment');

  const text = await mainText(page);
  assert.match(text, /Self-assessment against the Housing Ombudsman/);
  assert.match(text, /Evidence from the cases of 2026-Q1: 2026-01-01 to 2026-03-31\./);
  assert.match(text, /\d+ met, \d+ not met, \d+ not evidenced\./);
  const table = page.getByRole('table', { name: 'Each provision of the code' });
  const row = table.getByRole('row', { name: /^6\.2 / });
  assert.match(await row.textContent(), /Not met/);
  assert.match(await row.textContent(), /in 50 % of 2 complaints/);
  assert.doesNotMatch(text, /Jo Parent|SENDIASS-20/, 'no one named, no case listed');
  for (const name of ['PDF (to print or publish)', 'CSV (spreadsheet, to add the commentary)', 'JSON']) {
    assert.ok(await page.getByRole('link', { name, exact: true }).isVisible(), name);
  }
  await mkdir(SCREENSHOTS, { recursive: true });
  // For docs/screenshots: the form's end, the verdicts and the first rows of the table.
  const top = await page.locator('#assessment').evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'assess-page-1280.png'), fullPage: true, clip: { x: 0, y: Math.max(0, top - 120), width: 1280, height: 1300 } });
  await person.capture('assess');

  // The PDF the page links to, kept beside the screenshots.
  const href = await page.getByRole('link', { name: 'PDF (to print or publish)' }).getAttribute('href');
  const pdf = await page.request.get(server.url + href);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  const bytes = await pdf.body();
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  await writeFile(path.join(SCREENSHOTS, 'assessment.pdf'), bytes);

  await page.getByRole('textbox', { name: 'Period' }).fill('2026-Q5');
  await person.submit('Show the self-assessment');
  assert.match((await errorSummary(page)).join(' '), /is not a period/);
  assert.equal(await page.getByRole('table', { name: 'Each provision of the code' }).count(), 0);
  await person.close();
});

test('the case page lists an ombudsman enquiry and gives its evidence pack', async () => {
  const { reference } = await server.record('leeds-pps', complaint, '2026-11-02T10:00:00Z');
  await server.act(reference, { type: 'acknowledge', phone: '0113 378 5020', email: 'pps@example.org', at: '2026-11-03T10:00:00Z' });
  await server.api('POST', `/api/v1/cases/${reference}/enquiries`, {
    ombudsman_reference: 'LGSCO 26 004 321', received_on: '2026-11-24', respond_by: '2026-12-22', summary: 'Please send the complaint file.',
  });
  const person = await visit(browser, server, { width: 1200, height: 1000 });
  const page = person.page;
  await signIn(person, 'admin', server.password);
  await person.goto(`/staff/cases/${reference}`);
  const table = page.getByRole('table', { name: 'Ombudsman enquiries' });
  const text = await table.textContent();
  assert.match(text, /LGSCO 26 004 321/);
  assert.match(text, /Tue 22 Dec 2026/);
  const packs = page.getByRole('listitem').filter({ hasText: 'Enquiry 1 (LGSCO 26 004 321):' });
  for (const [name, type] of [['the evidence pack (PDF)', 'application/pdf'], ['the evidence and e-mail as kept (ZIP)', 'application/zip']]) {
    const link = packs.getByRole('link', { name, exact: true });
    const response = await page.request.get(server.url + await link.getAttribute('href'));
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], type);
  }
  const top = await page.locator('#enquiries').evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'case-enquiries-section-1200.png'), fullPage: true, clip: { x: 0, y: Math.max(0, top - 40), width: 1200, height: 620 } });
  await person.capture('case-enquiries');
  await person.close();
});
