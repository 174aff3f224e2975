// Walking the public feedback form and signing in as staff, the way a person does: by the
// fields each page shows. The form's pages depend on the procedure and the answers (a kind
// question only where the organisation takes several kinds, anonymity only where accepted, ...),
// so the walker answers whatever the page in front of it asks, from a table of answers keyed by
// the inputs' names (which the form also uses as their ids).

import assert from 'node:assert/strict';

import { errorSummary } from './helpers.js';

/** The names of the answer inputs a page shows (hidden inputs carry earlier answers). */
export async function askedOnPage(page) {
  return page.evaluate(() => {
    const names = new Set();
    for (const input of document.querySelectorAll('main form input, main form textarea, main form select')) {
      if (input.type !== 'hidden' && input.type !== 'submit' && input.name) names.add(input.name);
    }
    return [...names];
  });
}

/**
 * Fills in the inputs of the page shown from `answers` (by input name): text by typing, radios
 * and checkboxes by value. Returns the names it answered.
 */
export async function answerPage(page, answers) {
  const answered = [];
  for (const name of await askedOnPage(page)) {
    if (!(name in answers)) continue;
    const value = answers[name];
    const input = page.locator(`main form [name="${name}"]:not([type=hidden])`);
    const type = await input.first().getAttribute('type');
    if (type === 'radio') {
      await page.locator(`main form input[type=radio][name="${name}"][value="${value}"]`).check();
    } else if (type === 'checkbox') {
      for (const v of [value].flat()) {
        await page.locator(`main form input[type=checkbox][name="${name}"][value="${v}"]`).check();
      }
    } else if ((await input.first().evaluate((e) => e.tagName)) === 'SELECT') {
      await input.selectOption(String(value));
    } else {
      await input.fill(String(value));
    }
    answered.push(name);
  }
  return answered;
}

/**
 * Which form page is shown: every page of the form posts to `/{org}/feedback` and names itself
 * in the hidden `step` field of its main form. Null when the page is not a form page.
 */
export async function stepOf(page) {
  const step = page.locator('main form input[type=hidden][name=step]');
  return (await step.count()) > 0 ? step.first().getAttribute('value') : null;
}

/**
 * Answers page after page until the check-your-answers page. Every page must be answered
 * without errors; `onPage(step)` runs on each page before it is answered (for screenshots).
 * Returns the steps seen, in order.
 */
export async function walkForm(visitor, answers, { until = 'check', onPage } = {}) {
  const page = visitor.page;
  const seen = [];
  for (let pages = 0; pages < 20; pages += 1) {
    const step = await stepOf(page);
    seen.push(step);
    if (step === until) return seen;
    if (onPage) await onPage(step);
    await answerPage(page, answers);
    await visitor.submit(CONTINUE);
    const errors = await errorSummary(page);
    assert.deepEqual(errors, [], `the ${step} page takes the answers given (steps so far: ${seen.join(', ')})`);
  }
  assert.fail(`the form did not reach "${until}" in 20 pages: ${seen.join(', ')}`);
}

/** The public form's main button. */
export const CONTINUE = /^(Continue|Save and continue)$/;

/** Signs in on the staff sign-in page; lands wherever the server sends the browser next. */
export async function signIn(visitor, username, password) {
  if (!new URL(visitor.page.url()).pathname.startsWith('/staff/login')) await visitor.goto('/staff/login');
  await visitor.page.getByLabel('Username').fill(username);
  await visitor.page.getByLabel('Password').fill(password);
  await visitor.submit('Sign in');
}

/**
 * The staff menu (GOV.UK service navigation). On a narrow screen it is folded behind a "Menu"
 * button, which is pressed first, as a person would.
 */
export async function staffMenu(page) {
  const toggle = page.locator('.govuk-service-navigation__toggle');
  if ((await toggle.count()) > 0 && (await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') {
    await toggle.click();
  }
  return page.locator('.govuk-service-navigation');
}

/** Signs out through the staff menu. */
export async function signOut(visitor) {
  const menu = await staffMenu(visitor.page);
  await visitor.follow(menu.getByRole('button', { name: 'Sign out', exact: true }));
}
