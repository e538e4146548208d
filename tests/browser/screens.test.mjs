// Every screen at 1280 and 360 px wide: no unlabelled control, no sideways scrolling of
// the page, one h1, header and main landmarks, a title, no console error (a CSP refusal
// would be one) and no request outside the server. Screenshots go to SHOTS (/tmp/shots).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, signIn, shot, layoutProblems, unexpectedProblems } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({
    admin1: { role: 'admin', jurisdiction: 'national', name: 'Asha Rao', email: 'asha@mha.example' },
    od1: { role: 'state', jurisdiction: 'state:21', name: 'Bikash Sahu' },
    odkhordha: { role: 'district', jurisdiction: 'district:362', name: 'Khordha Officer' },
    up1: { role: 'viewer', jurisdiction: 'state:9', name: 'Uttar Pradesh Viewer With A Rather Long Name' },
  });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const PUBLIC = [
  ['home-public', '/', 'AHT Cell'],
  ['about', '/about', 'About · AHT Cell'],
  ['sign-in', '/sign-in', 'Sign in · AHT Cell'],
  ['directory', '/directory', 'Directory of nodal officers · AHT Cell'],
  ['practices-empty', '/practices', 'Best practices · AHT Cell'],
  ['awards-empty', '/awards', 'Awards · AHT Cell'],
];
const ADMIN = [
  ['home', '/', 'Home · AHT Cell'],
  ['module-documents', '/documents', 'Documents · AHT Cell'],
  ['users', '/users', 'Users · AHT Cell'],
  ['user-new', '/users/new', 'Create user · AHT Cell'],
  ['user-1', '/users/1', 'User admin1 · AHT Cell'],
  ['user-3', '/users/3', 'User odkhordha · AHT Cell'],
  ['audit', '/audit', 'Audit log · AHT Cell'],
  ['registers', '/registers', 'Registers · AHT Cell'],
  ['award-calls-empty', '/registers/award-calls', 'Calls for award nominations · AHT Cell'],
  ['compliance-empty', '/compliance', 'Compliance with the advisories · AHT Cell'],
  ['returns', '/returns', 'Returns · AHT Cell'],
  ['completeness', '/completeness', 'Completeness of returns · AHT Cell'],
  ['sessions', '/sessions', 'My sessions · AHT Cell'],
  ['password', '/account/password', 'Change password · AHT Cell'],
  ['not-found', '/no/such/page', 'Page not found · AHT Cell'],
];

async function visit(page, name, path, title) {
  await page.goto(path);
  await page.waitForFunction((t) => document.title === t, title, { timeout: 5000 });
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('.loading'));
  await shot(page, name);
  assert.deepEqual(await layoutProblems(page), [], `${path} at ${page.viewportSize().width}px`);
}

for (const width of [1280, 360]) {
  test(`public screens at ${width}px`, async () => {
    const page = await newPage(browser, server.base, width);
    for (const [name, path, title] of PUBLIC) await visit(page, name, path, title);
    assert.deepEqual(unexpectedProblems(page), []);
    await page.context().close();
  });

  test(`signed-in screens at ${width}px`, async () => {
    const page = await newPage(browser, server.base, width);
    // Some audit rows, and a second session to revoke.
    const other = await newPage(browser, server.base, 1280);
    await signIn(other, 'admin1');
    await other.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
    await other.context().close();
    await signIn(page, 'admin1');
    await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
    for (const [name, path, title] of ADMIN) await visit(page, name, path, title);
    await page.goto('/users?role=district');
    await page.getByRole('link', { name: 'odkhordha' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'od1', exact: true }).count(), 0);
    assert.deepEqual(unexpectedProblems(page), []);
    await page.context().close();
  });

  test(`state user's screens at ${width}px`, async () => {
    const page = await newPage(browser, server.base, width);
    await signIn(page, 'od1');
    await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
    await visit(page, 'state-users', '/users', 'Users · AHT Cell');
    await visit(page, 'state-user-new', '/users/new', 'Create user · AHT Cell');
    assert.deepEqual(unexpectedProblems(page), []);
    await page.context().close();
  });
}

test('at 360px the navigation folds into a menu button', async () => {
  const page = await newPage(browser, server.base, 360);
  await signIn(page, 'admin1');
  await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
  const menu = page.getByRole('button', { name: 'Menu' });
  const nav = page.getByRole('navigation', { name: 'Main' });
  assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  assert.equal(await nav.isVisible(), false);
  await menu.click();
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  await nav.getByRole('link', { name: 'Audit' }).waitFor();
  await shot(page, 'menu-open');
  await nav.getByRole('link', { name: 'Audit' }).click();
  await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
  assert.equal(await nav.isVisible(), false, 'the menu closes after choosing');
  // Keyboard: the menu opens with Enter and the first link takes focus with Tab.
  await menu.focus();
  await page.keyboard.press('Enter');
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Home');
  await page.context().close();
});
