// Shared set-up of the browser tests: a real ahtcell on a free loopback port with a
// temporary data folder, users made with `ahtcell user add`, and Debian's Chromium driven
// by playwright-core (from web/node_modules; it downloads no browser).
//
// Run from the repository root:  node --test tests/browser/
// Environment: AHTCELL_BIN (default build/ahtcell), CHROMIUM (default /usr/bin/chromium),
// SHOTS (screenshot folder, default /tmp/shots).

import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require('../../web/node_modules/playwright-core');

export const BIN = process.env.AHTCELL_BIN || 'build/ahtcell';
export const SHOTS = process.env.SHOTS || '/tmp/shots';
export const PASSWORD = 'Tiger-Lantern-Monsoon-42';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/* Creates a user with the CLI; returns its id when the CLI prints one. */
export function addUser(dataDir, login, { role, jurisdiction, name, email, temporary, password = PASSWORD }) {
  const args = ['user', 'add', login, '--role', role, '--jurisdiction', jurisdiction, '--data', dataDir];
  if (name) args.push('--name', name);
  if (email) args.push('--email', email);
  if (temporary) args.push('--temporary');
  const r = spawnSync(BIN, args, { input: password + '\n', encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ahtcell ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const m = /\d+/.exec(r.stdout);
  return m ? Number(m[0]) : null;
}

/*
 * Starts `ahtcell serve`. users: {login: {role, jurisdiction, ...}} made before the
 * server starts; options.demo loads the demo data first (`ahtcell demo`: the Cell's
 * published documents, among others). Returns {base, dataDir, ids, stop()}.
 */
export async function startServer(users = {}, { demo = false } = {}) {
  if (!existsSync(BIN)) throw new Error(`no ahtcell binary at ${BIN}: run make (or set AHTCELL_BIN)`);
  if (!existsSync('web/dist/index.html')) throw new Error('no web/dist: run (cd web && npm run build)');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ahtcell-browser-'));
  if (demo) {
    const r = spawnSync(BIN, ['demo', '--data', dataDir], { encoding: 'utf8', timeout: 120000 });
    if (r.status !== 0) throw new Error(`ahtcell demo failed (${r.status}): ${r.stderr}`);
  }
  const ids = {};
  for (const [login, opts] of Object.entries(users)) ids[login] = addUser(dataDir, login, opts);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--data', dataDir, '--web', 'web/dist'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  let exited = null;
  child.on('exit', (code, sig) => { exited = { code, sig }; });

  const deadline = Date.now() + 15000;
  for (;;) {
    if (exited) throw new Error(`ahtcell serve exited (${JSON.stringify(exited)}):\n${log}`);
    try {
      const r = await fetch(base + '/api/v1/health');
      if (r.status === 200) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`ahtcell serve did not answer /api/v1/health in 15 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  async function stop() {
    if (!exited) {
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(t);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { base, dataDir, ids, stop, log: () => log };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/*
 * A new page at the given width that records what should never happen: console errors
 * (a CSP refusal shows as one), uncaught exceptions, and requests outside the server.
 */
export async function newPage(browser, base, width = 1280) {
  const context = await browser.newContext({ baseURL: base, viewport: { width, height: width <= 400 ? 780 : 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith('data:')) problems.push('outside request: ' + u);
  });
  page.on('dialog', (d) => d.accept());
  page.problems = problems;
  return page;
}

/*
 * Problems that the browser reported on this page. A refused API call (401, 404…)
 * is logged by Chromium as a console error "Failed to load resource"; those are
 * expected answers, so they are left out.
 */
export function unexpectedProblems(page) {
  return page.problems.filter((p) => !/Failed to load resource: the server responded with a status of (401|403|404|409|422|429|400)/.test(p));
}

export async function signIn(page, login, password = PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/* Screenshot of the whole page into SHOTS/name-WIDTH.png. */
export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  const w = page.viewportSize().width;
  await page.screenshot({ path: path.join(SHOTS, `${name}-${w}.png`), fullPage: true });
}

/* Checks that cannot be seen in a screenshot: labels, horizontal overflow. */
export async function layoutProblems(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (el.type === 'hidden' || el.hidden || el.closest('[hidden]')) continue;
      const labelled = (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) || el.closest('label')
        || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
      if (!labelled) out.push(`unlabelled ${el.tagName.toLowerCase()}#${el.id || '?'}`);
    }
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) out.push(`page scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth}`);
    if (!document.querySelector('header') || !document.querySelector('main')) out.push('missing header or main landmark');
    if (document.querySelectorAll('h1').length !== 1) out.push(`${document.querySelectorAll('h1').length} h1 elements`);
    return out;
  });
}

/* A new page at the given width, signed in as login, on the home page. */
export async function signedInPage(browser, base, login, width = 1280) {
  const page = await newPage(browser, base, width);
  await signIn(page, login);
  await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
  return page;
}

/* A form's field (label, hint, message, control) by its whole label; required ones carry a mark. */
export function fieldBox(page, label) {
  const text = new RegExp('^' + label.replace(/[()?.*+[\]]/g, '\\$&') + '( \\*)?$');
  return page.locator('.field', { has: page.locator('label', { hasText: text }) }).last();
}

/* The control of a field, by its label. */
export function control(page, label) {
  return fieldBox(page, label).locator('input, select, textarea').first();
}

/* The main navigation of a signed-in page. */
export function mainNav(page) {
  return page.getByRole('navigation', { name: 'Main' });
}

/* A day N days from today in India, YYYY-MM-DD. */
export function dayIST(n) {
  return new Date(Date.now() + 330 * 60000 + n * 86400000).toISOString().slice(0, 10);
}

/* Fails the test on anything layoutProblems() or the browser reported on the page. */
export async function assertClean(page, what) {
  const assert = (await import('node:assert/strict')).default;
  assert.deepEqual(await layoutProblems(page), [], `${what}: layout`);
  assert.deepEqual(unexpectedProblems(page), [], `${what}: browser problems`);
}

/*
 * Screenshots of the page's present address at its width and at 360 px (a new page,
 * signed in as login, or a visitor's when login is null), each checked clean.
 */
export async function shotsBothWidths(browser, base, page, name, login) {
  await shot(page, name);
  await assertClean(page, name);
  const narrow = login ? await signedInPage(browser, base, login, 360) : await newPage(browser, base, 360);
  await narrow.goto(new URL(page.url()).pathname + new URL(page.url()).search);
  await narrow.getByRole('heading', { level: 1 }).waitFor();
  await narrow.waitForLoadState('networkidle');
  await shot(narrow, name);
  await assertClean(narrow, `${name} at 360 px`);
  await narrow.context().close();
}
