// The list of organisations at `/`: the way in for someone who does not have an
// organisation's own link.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchBrowser, mainText, startServer, visit } from './helpers.js';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the organisations page lists the five organisations by name', async () => {
  const person = await visit(browser, server);
  await person.goto('/');
  const text = await mainText(person.page);
  for (const name of [
    'Parents in Partnership Stockport',
    'Leeds Parent Partnership Service',
    'Together for Children Sunderland',
    "King's Park Secondary School Parent Partnership",
    'SENDIASS Staffordshire',
  ]) {
    assert.ok(text.includes(name), `lists ${name}`);
  }
  await person.capture('organisations');
  await person.close();
});
