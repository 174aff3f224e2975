// The reports page: an officer chooses an organisation and a period and reads the figures as
// charts (each an image with a text alternative) beside tables, with CSV, JSON and PDF links;
// a bad period is shown as an error on its field.

import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
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
  reportAxe('reports.test.js');
  await browser?.close();
  await server?.stop();
});

const ORG = 'sendiass-staffordshire';
const respond = (outcome, at) => ({
  type: 'respond', outcome, findings: 'Calls were not returned.', how_investigated: 'Read the notes.', at,
});

/** A few complaints and a compliment in 2026, one complaint in 2025. */
async function seed() {
  const cases = [
    ['2026-02-02T10:00:00Z', 'email', [['2026-02-04T10:00:00Z', { type: 'acknowledge' }], ['2026-02-05T10:00:00Z', { type: 'set-themes', themes: ['delay', 'communication'] }], ['2026-02-27T10:00:00Z', respond('partly-upheld')]]],
    ['2026-03-09T10:00:00Z', 'letter', [['2026-03-17T10:00:00Z', { type: 'acknowledge' }], ['2026-03-17T10:05:00Z', { type: 'set-themes', themes: ['delay'] }], ['2026-04-20T10:00:00Z', respond('upheld')]]],
    ['2026-05-11T10:00:00Z', 'web', [['2026-05-12T10:00:00Z', { type: 'acknowledge' }], ['2026-05-12T10:05:00Z', { type: 'set-themes', themes: ['information-given'] }], ['2026-06-05T10:00:00Z', respond('not-upheld')], ['2026-06-05T10:05:00Z', { type: 'add-learning-action', what: 'Check letters before they go', owner: 'Manager', due: '2026-07-01' }]]],
    ['2025-06-02T10:00:00Z', 'email', [['2025-06-04T10:00:00Z', { type: 'acknowledge' }], ['2025-06-20T10:00:00Z', respond('not-upheld')]]],
  ];
  for (const [at, channel, actions] of cases) {
    const { reference } = await server.record(ORG,
      { kind: 'complaint', channel, complainant: { name: 'Jo Parent', email: 'jo@example.org' }, what_happened: 'Nobody called back.' },
      at);
    for (const [when, action] of actions) await server.act(reference, { ...action, at: when });
  }
  await server.record(ORG,
    { kind: 'compliment', channel: 'email', complainant: { name: 'Jo Parent', email: 'jo@example.org' }, what_happened: 'Thank you.' },
    '2026-04-01T10:00:00Z');
}

test('an officer reads a year\'s report with charts, tables and downloads', async () => {
  await seed();
  const person = await visit(browser, server, { width: 1200, height: 1600 });
  const page = person.page;
  await signIn(person, 'admin', server.password);
  await person.goto(`/staff/reports?org=${ORG}&period=2026`);
  const text = await mainText(page);
  assert.match(text, /Feedback report: SENDIASS Staffordshire Family Partnership, 2026/);
  assert.match(text, /Compared with 2025/);
  const charts = page.locator('svg[role="img"]');
  assert.ok((await charts.count()) >= 6, 'a chart per counted section');
  for (const chart of await charts.all()) {
    const labelled = await chart.getAttribute('aria-labelledby');
    const [title, desc] = labelled.split(' ');
    assert.ok((await page.locator(`#${title}`).textContent()).length > 0);
    assert.match(await page.locator(`#${desc}`).textContent(), /this period beside the previous one/);
  }
  assert.ok(await page.getByRole('link', { name: 'CSV (spreadsheet)' }).isVisible());
  assert.ok(await page.getByRole('link', { name: 'PDF' }).isVisible());
  assert.doesNotMatch(text, /Jo Parent|SENDIASS-20/, 'no one named, no case listed');
  await person.capture('reports');
  // The PDF the page links to, kept beside the screenshots (docs/screenshots has its first page).
  const pdf = await page.request.get(`${server.url}/staff/reports.pdf?org=${ORG}&period=2026`);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  const bytes = await pdf.body();
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  await mkdir(SCREENSHOTS, { recursive: true });
  await writeFile(path.join(SCREENSHOTS, 'report.pdf'), bytes);

  await page.getByRole('textbox', { name: 'Period' }).fill('2026-Q5');
  await person.submit('Show the report');
  assert.match((await errorSummary(page)).join(' '), /is not a period/);
  await person.close();
});
