// Shared helpers for the browser tests: a real `redress serve` per test file, Debian's
// headless Chromium through playwright-core, axe-core on every page visited, screenshots, and
// the JSON API for setting up state (with backdated `at` instants instead of sleeping).

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

/** The redress binary: scripts/browser-tests sets REDRESS_BIN after building it. */
export const REDRESS_BIN = process.env.REDRESS_BIN ?? path.join(repo, 'target', 'debug', 'redress');
/** Where screenshots go: scripts/browser-tests sets a fresh temporary directory per run. */
export const SCREENSHOTS = process.env.REDRESS_SCREENSHOTS ?? path.join(tmpdir(), 'redress-screenshots');
const AXE = path.join(here, 'node_modules', 'axe-core', 'axe.min.js');
/** WCAG 2.2 AA, as axe-core tags its rules. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

/**
 * Starts `redress serve --listen 127.0.0.1:0` in a fresh temporary directory (so a fresh SQLite
 * database and a first-start admin). Resolves once it prints the address it listens on.
 */
export async function startServer() {
  const dir = await mkdtemp(path.join(tmpdir(), 'redress-browser-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REDRESS_')));
  env.RUST_LOG ??= 'warn';
  const child = spawn(REDRESS_BIN, ['serve', '--listen', '127.0.0.1:0'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = [];
  child.stderr.setEncoding('utf8').on('data', (chunk) => log.push(chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  let password = null;
  const listening = new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      log.push(line + '\n');
      const pw = line.match(/^\s*password:\s*(\S+)/);
      if (pw) password = pw[1];
      const addr = line.match(/redress is listening on (http:\/\/\S+)/);
      if (addr) resolve(addr[1]);
    });
    exited.then(({ code, signal }) =>
      reject(new Error(`redress serve exited (${code ?? signal}) before listening:\n${log.join('')}`)));
  });
  const url = await listening;
  assert.ok(password, 'the first start prints the admin password');
  const server = new Server({ child, dir, url, password, exited, log, env });
  // The printed password is temporary (it must be changed at the first sign-in, which
  // staff.test.js walks through); the other tests sign in with one the operator set.
  server.password = 'the browser tests admin password';
  await server.cli(['user', 'password', 'admin'], `${server.password}\n`);
  server.firstPassword = password;
  return server;
}

/** A running `redress serve` and the way to reach it. */
export class Server {
  constructor({ child, dir, url, password, exited, log, env }) {
    Object.assign(this, { child, dir, url, password, exited, log, env });
    this.apiToken = null;
  }

  /** Stops the server (SIGTERM, then waits for it to exit) and removes its directory. */
  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Runs the redress CLI against the same database directory, with `input` on its stdin. */
  cli(args, input = '') {
    return new Promise((resolve, reject) => {
      const child = execFile(REDRESS_BIN, args, { cwd: this.dir, env: this.env }, (error, stdout, stderr) => {
        if (error) reject(new Error(`redress ${args.join(' ')}: ${error.message}\n${stderr}`));
        else resolve(stdout);
      });
      child.stdin.end(input);
    });
  }

  /** Adds a member of staff with a role in one organisation (`redress user add`). */
  addUser(username, password, { name, org, role }) {
    return this.cli(['user', 'add', username, '--name', name, '--org', org, '--role', role, '--password-stdin'],
      `${password}\n`);
  }

  /** An API token for the admin, created once with `redress token create --user admin`. */
  async token() {
    this.apiToken ??= (await this.cli(['token', 'create', '--user', 'admin'])).trim().split('\n')[0];
    return this.apiToken;
  }

  /** Calls the JSON API as the admin; throws with the body when the status is not 2xx. */
  async api(method, route, body) {
    const headers = { authorization: `Bearer ${await this.token()}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(this.url + route, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  /** Records feedback received earlier (staff API), returning `{reference, tracking_token}`. */
  record(org, submission, at) {
    return this.api('POST', `/api/v1/orgs/${org}/cases`, { submission, at });
  }

  /** Acts on a case through the staff API, optionally at an earlier instant. */
  act(reference, action, at) {
    return this.api('POST', `/api/v1/cases/${reference}/actions`, at ? { ...action, at } : action);
  }

  /** Reads a case through the staff API. */
  readCase(reference) {
    return this.api('GET', `/api/v1/cases/${reference}`);
  }
}

/** A day as the staff pages write it, from `2026-12-23`: "Wed 23 Dec 2026". */
export function staffDate(iso) {
  const date = new Date(`${iso}T12:00:00Z`);
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][date.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][date.getUTCMonth()];
  return `${weekday} ${date.getUTCDate()} ${month} ${date.getUTCFullYear()}`;
}

/** The instant `days` days before now, as the API takes it (`2026-12-16T11:00:00Z`). */
export function daysAgo(days) {
  return new Date(Date.now() - days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// ---------------------------------------------------------------------------------------------
// The browser
// ---------------------------------------------------------------------------------------------

/** Launches Debian's Chromium, headless. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Opens a new page (its own cookies) `width` px wide, wrapped in a Visitor that runs axe-core
 * on every page it loads.
 */
export async function visit(browser, server, { width = 375, height = 800, javaScript = true } = {}) {
  const options = {
    viewport: { width, height },
    baseURL: server.url,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  };
  const context = await browser.newContext({ ...options, javaScriptEnabled: javaScript });
  await withAxe(context);
  const page = await context.newPage();
  // axe-core cannot run in a page whose scripts are off: such a page's HTML is checked in a
  // second page, with the same styles and without the page's own scripts.
  let checker = null;
  if (!javaScript) {
    const checking = await browser.newContext(options);
    await withAxe(checking);
    checker = await checking.newPage();
  }
  return new Visitor(page, server, width, checker);
}

/**
 * Gives every page of `context` axe-core and a reporter of content security policy violations,
 * as init scripts: the pages' CSP (`script-src 'self'`) blocks an injected <script> tag, but not
 * the browser's own init scripts. A violation is written to the console, where the Visitor
 * counts it as a problem.
 */
async function withAxe(context) {
  await context.addInitScript({ path: AXE });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} ` +
        `(${event.sourceFile || ''}:${event.lineNumber || ''})`);
    });
  });
}

/**
 * A person using the site through one page. Every page it loads is checked with axe-core before
 * the next action (an action on a page that was not checked fails the test), every page must
 * come back without a server error, and the page's own scripts must not throw.
 */
export class Visitor {
  constructor(page, server, width, checker = null) {
    this.page = page;
    this.checker = checker;
    this.server = server;
    this.width = width;
    this.loads = 0;
    this.audited = 0;
    this.problems = [];
    this.layoutProblems = [];
    page.on('load', () => { this.loads += 1; });
    page.on('pageerror', (error) => this.problems.push(`script error on ${page.url()}: ${error.message}`));
    // The reporter added by `withAxe`, and Chromium's own "Refused to ..." messages.
    page.on('console', (message) => {
      const text = message.text();
      if (/CSP violation|Content Security Policy/i.test(text)) {
        this.problems.push(`on ${page.url()}: ${text}`);
      }
    });
    page.on('response', (response) => {
      const request = response.request();
      if (request.isNavigationRequest() && request.frame() === page.mainFrame() && response.status() >= 500) {
        this.problems.push(`${request.method()} ${response.url()} answered ${response.status()}`);
      }
    });
  }

  /**
   * Fails when the page now shown was not checked with axe-core, or something went wrong (a
   * server error, a script error, a content security policy violation).
   */
  assertChecked() {
    assert.deepEqual(this.problems, [], 'no server errors and no script errors');
    assert.equal(this.audited, this.loads, `every page visited is checked with axe-core (now on ${this.page.url()})`);
  }

  /** Goes to a path on the server and checks the page. Returns the response. */
  async goto(route) {
    this.assertChecked();
    const response = await this.page.goto(route);
    await this.check();
    return response;
  }

  /**
   * Activates something that loads a new page (a submit button, a link), waits for the page,
   * and checks it. `target` is a locator; `how` is 'click' (default), 'Enter' or 'Space'.
   */
  async follow(target, how = 'click') {
    this.assertChecked();
    const navigation = this.page.waitForNavigation({ waitUntil: 'load' });
    navigation.catch(() => {}); // awaited below; an action that fails first is the error shown
    if (how === 'click') await target.click();
    else await target.press(how);
    const response = await navigation;
    await this.check();
    return response;
  }

  /** Clicks the button named exactly `name` (or matching a RegExp) and checks the next page. */
  submit(name) {
    return this.follow(this.page.getByRole('button', { name, exact: typeof name === 'string' }));
  }

  /**
   * Loads `body` at `url` in the checking page. The checking page is the harness's, not the
   * product's: once (seen in CI, never here) it waited 30 s for a load that never came, so a
   * load that takes over 15 s is tried once more, and the requests it was waiting for are
   * printed either way, to find the cause.
   */
  async showChecker(url, body) {
    const pending = new Set();
    const started = (request) => pending.add(request);
    const ended = (request) => pending.delete(request);
    this.checker.on('request', started);
    this.checker.on('requestfinished', ended);
    this.checker.on('requestfailed', ended);
    try {
      for (let attempt = 1; ; attempt += 1) {
        await this.checker.route(url, (route) => route.fulfill({ body, contentType: 'text/html; charset=utf-8' }), { times: 1 });
        try {
          await this.checker.goto(url, { timeout: 15_000 });
          return;
        } catch (error) {
          const waiting = [...pending].map((r) => `${r.method()} ${r.url()}`).join(', ') || 'nothing';
          if (attempt === 2) throw new Error(`the checking page did not load ${url} (waiting for ${waiting}): ${error.message}`);
          console.log(`# the checking page did not load ${url} in 15 s (waiting for ${waiting}); once more`);
          await this.checker.unrouteAll({ behavior: 'ignoreErrors' });
          pending.clear();
        }
      }
    } finally {
      this.checker.off('request', started);
      this.checker.off('requestfinished', ended);
      this.checker.off('requestfailed', ended);
    }
  }

  /** Runs axe-core (WCAG 2.2 AA) on the page shown; fails with the violations listed. */
  async check() {
    await this.page.waitForLoadState('load');
    let audited = this.page;
    if (this.checker) {
      // The same HTML at the same address (so its styles load), without the page's scripts.
      const url = this.page.url();
      const body = (await this.page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
      await this.showChecker(url, body);
      audited = this.checker;
    }
    // axe-core is there already (`withAxe`), whatever the page's CSP.
    const violations = await audited.evaluate(async (tags) => {
      const results = await window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
      }));
    }, WCAG_TAGS);
    this.audited = this.loads;
    assert.deepEqual(this.problems, [], 'no server errors, script errors or CSP violations');
    axeLog.push({ url: this.page.url(), violations });
    if (violations.length > 0) {
      const text = violations
        .map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n` +
          v.nodes.map((n) => `    at ${n.target}\n      ${(n.summary ?? '').replace(/\n/g, '\n      ')}`).join('\n'))
        .join('\n');
      console.log(`axe-core violations on ${this.page.url()}:\n${text}`);
    }
    assert.equal(violations.length, 0, `axe-core found ${violations.length} violation(s) on ${this.page.url()}:\n` +
      violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target).join(', ')})`).join('\n'));
  }

  /** The page's width in CSS pixels that would need scrolling sideways. */
  scrollWidth() {
    return this.page.evaluate(() => document.scrollingElement.scrollWidth);
  }

  /**
   * Saves full-page screenshots of the page shown at 375 px and 1200 px as NAME-375.png and
   * NAME-1200.png (and one screen's worth of each as NAME-WIDTH-screen.png), and checks it at
   * 320 px (see `checkNarrow`).
   */
  async capture(name) {
    await mkdir(SCREENSHOTS, { recursive: true });
    const height = this.page.viewportSize().height;
    for (const width of [375, 1200]) {
      await this.page.setViewportSize({ width, height });
      await this.page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
      // What fits on one screen, small enough for the README.
      await this.page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}-screen.png`) });
    }
    await this.checkNarrow(name);
  }

  /**
   * Checks the page shown does not scroll sideways at 320 px. When it does, saves NAME-320.png,
   * names the elements that stick out, and `close()` fails the test (so the rest of the journey
   * is still tested). Leaves the width as it was.
   */
  async checkNarrow(name) {
    const height = this.page.viewportSize().height;
    await this.page.setViewportSize({ width: 320, height });
    const scrollWidth = await this.scrollWidth();
    if (scrollWidth > 320) {
      await mkdir(SCREENSHOTS, { recursive: true });
      await this.page.screenshot({ path: path.join(SCREENSHOTS, `${name}-320.png`), fullPage: true });
      const wide = await this.page.evaluate(() => [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > 320.5 && ![...e.children].some((c) => c.getBoundingClientRect().right > 320.5))
        .slice(0, 5)
        .map((e) => `<${e.tagName.toLowerCase()} class="${e.className}"> right edge ${Math.round(e.getBoundingClientRect().right)} px`));
      this.layoutProblems.push(`${name}: the page scrolls sideways at 320 px (${scrollWidth} px wide):\n  ${wide.join('\n  ')}`);
    }
    await this.page.setViewportSize({ width: this.width, height });
    // Let the page's own scripts react to the width (menus fold and unfold on media queries).
    if (!this.checker) {
      await this.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    }
  }

  /** Closes the page's browser context. Fails if the last page was not checked. */
  async close() {
    try {
      this.assertChecked();
      assert.deepEqual(this.layoutProblems, [], 'every page captured is readable at 320 px without sideways scrolling');
    } finally {
      await this.page.context().close();
      await this.checker?.context().close();
    }
  }
}

/** Every axe-core run in this process: the URL and its violations (for the summary). */
export const axeLog = [];

/** Prints how many pages axe-core checked in this file, and how many had violations. */
export function reportAxe(file) {
  const failed = axeLog.filter((entry) => entry.violations.length > 0);
  const pages = new Set(axeLog.map((entry) => new URL(entry.url).pathname.replace(/\/track\/[^/]+/, '/track/TOKEN')));
  console.log(`axe-core (${file}): ${axeLog.length} page loads checked (${pages.size} addresses), ${failed.length} with violations`);
}

// ---------------------------------------------------------------------------------------------
// Reading pages
// ---------------------------------------------------------------------------------------------

/** The text of the page's main content, whitespace collapsed. */
export async function mainText(page) {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

/** The messages in the error summary, if any. */
export async function errorSummary(page) {
  const items = page.locator('.govuk-error-summary__list li');
  return (await items.allInnerTexts()).map((t) => t.trim());
}
