// The list of organisations at `/`, and each organisation's start page, generated from its
// procedure file: the way in for someone who has no organisation's own link.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchBrowser, mainText, reportAxe, startServer, visit } from './helpers.js';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
after(async () => {
  reportAxe('organisations.test.js');
  await browser?.close();
  await server?.stop();
});

const ORGANISATIONS = {
  'kings-park-pp': "King's Park Secondary School Parent Partnership",
  'leeds-pps': 'Leeds Parent Partnership Service',
  'pips-stockport': 'Parents in Partnership Stockport',
  'sendiass-staffordshire': 'SENDIASS Staffordshire Family Partnership',
  'tfc-sunderland': 'Together for Children Sunderland',
};

test('the organisations page leads to each start page, which explains the procedure', async () => {
  const person = await visit(browser, server, { width: 375 });
  await person.goto('/');
  await person.capture('organisations');
  for (const [id, name] of Object.entries(ORGANISATIONS)) {
    await person.follow(person.page.getByRole('link', { name, exact: true }));
    assert.equal(new URL(person.page.url()).pathname, `/${id}`);
    assert.ok((await person.page.locator('header').innerText()).includes(name), `${id}: its own name in the header`);
    const text = await mainText(person.page);
    assert.match(text, /What happens to your complaint/, `${id}: the stages are explained`);
    assert.ok(await person.page.getByRole('button', { name: 'Start now' }).isVisible(), `${id}: a Start now button`);
    await person.checkNarrow(`start-${id}`);
    await person.goto('/');
  }
  await person.close();
});

test('no page shows the crown, the GOV.UK logotype or the Transport font', async () => {
  const person = await visit(browser, server, { width: 1200 });
  await person.goto('/tfc-sunderland');
  const html = await person.page.content();
  assert.doesNotMatch(html, /govuk-logo|govuk-header__logotype(?!-text)|crown/i);
  assert.doesNotMatch(html, /GOV\.UK/);
  const fonts = await person.page.evaluate(() =>
    [...new Set([...document.querySelectorAll('body *')].map((e) => getComputedStyle(e).fontFamily))]);
  assert.ok(fonts.every((f) => !/transport/i.test(f)), `fonts: ${fonts}`);
  assert.doesNotMatch(await person.page.locator('footer').innerText(), /Crown copyright/i);
  await person.close();
});
