// Users: jurisdiction (a State user cannot open another State's user by URL), and the
// admin's create form, edit, reset, disable and tokens.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, signIn, shot, layoutProblems, unexpectedProblems } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({
    admin1: { role: 'admin', jurisdiction: 'national', name: 'Asha Rao' },
    od1: { role: 'state', jurisdiction: 'state:21', name: 'Bikash Sahu' },
    odkhordha: { role: 'district', jurisdiction: 'district:362', name: 'Khordha Officer' },
    wb1: { role: 'state', jurisdiction: 'state:19', name: 'Subhas Bengal', email: 'subhas@wb.example' },
  });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

/* The id of a user, asked of the API as admin (the CLI's output is not relied on). */
async function userId(page, login) {
  const r = await page.evaluate((l) => fetch('/api/v1/users?q=' + encodeURIComponent(l), { credentials: 'same-origin' }).then((x) => x.json()), login);
  const u = r.items.find((x) => x.login === login);
  return u && u.id;
}

test('a State user of Odisha cannot open a user of West Bengal by its URL', async () => {
  const admin = await newPage(browser, server.base);
  await signIn(admin, 'admin1');
  await admin.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
  const wbId = await userId(admin, 'wb1');
  const khId = await userId(admin, 'odkhordha');
  assert.ok(wbId && khId);
  await admin.context().close();

  const page = await newPage(browser, server.base);
  await signIn(page, 'od1');
  await page.getByRole('heading', { level: 1, name: 'Welcome, Bikash Sahu' }).waitFor();

  // The list holds Odisha's users only.
  await page.goto('/users');
  await page.getByRole('link', { name: 'odkhordha' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'wb1' }).count(), 0);

  // Typing the address of the West Bengal user: "not found", nothing of the user.
  const answer = page.waitForResponse((r) => r.url().endsWith(`/api/v1/users/${wbId}`));
  await page.goto(`/users/${wbId}`);
  assert.equal((await answer).status(), 404);
  await page.getByRole('heading', { level: 1, name: 'User not found' }).waitFor();
  const text = await page.locator('main').innerText();
  for (const secret of ['wb1', 'Subhas', 'subhas@wb.example', 'West Bengal']) {
    assert.ok(!text.includes(secret), `the page shows "${secret}"`);
  }
  assert.equal(await page.title(), 'User not found · AHT Cell');
  await shot(page, 'user-not-found');

  // An Odisha user opens.
  await page.goto(`/users/${khId}`);
  await page.getByRole('heading', { level: 1, name: 'Khordha Officer (odkhordha)' }).waitFor();
  await page.getByText('Khordha, Odisha').first().waitFor();
  // No tokens for a State user (admin only).
  assert.equal(await page.getByRole('heading', { name: 'API tokens' }).count(), 0);
  // A nonsense id is "not found" too.
  await page.goto('/users/abc');
  await page.getByRole('heading', { level: 1, name: 'User not found' }).waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test('the admin creates a user through the form, once even on a double click', async () => {
  const page = await newPage(browser, server.base);
  await signIn(page, 'admin1');
  await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
  await page.getByRole('link', { name: 'Create user' }).click();
  await page.getByRole('heading', { level: 1, name: 'Create user' }).waitFor();

  await page.getByLabel('Login').fill('priya.state');
  await page.getByLabel('Full name').fill('Priya <b>Mohanty</b>');
  await page.getByLabel('Email').fill('priya@od.example');
  await page.getByLabel('Role').selectOption('state');
  await page.getByLabel('State/UT').selectOption({ label: 'Odisha' });
  await page.getByLabel('District').locator('option', { hasText: 'Khordha' }).waitFor({ state: 'attached' });
  await page.getByLabel('Initial password').fill('Coral-Harbour-Window-58');
  await shot(page, 'user-create');

  const posts = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/v1/users')) posts.push(r.headers()['idempotency-key']);
  });
  await page.getByRole('button', { name: 'Create user' }).dblclick();
  await page.getByRole('heading', { level: 1, name: 'Priya <b>Mohanty</b> (priya.state)' }).waitFor();
  await page.getByText('User priya.state has been created.', { exact: false }).waitFor();
  // Data is text: the name's markup was not turned into an element.
  assert.equal(await page.locator('main b').count(), 0);
  await page.locator('dd', { hasText: 'Odisha' }).waitFor();
  assert.ok(posts.length >= 1);
  assert.ok(posts.every((k) => k && k === posts[0]), 'every POST carries the same Idempotency-Key');

  const list = await page.evaluate(() => fetch('/api/v1/users?q=priya', { credentials: 'same-origin' }).then((x) => x.json()));
  assert.equal(list.total, 1, 'exactly one user was made');
  await shot(page, 'user-page');

  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

// docs/api.md: a login that exists answers 409 user.exists, and the form shows its message.
test('creating a user whose login exists shows the server\'s "exists" message', async () => {
  const page = await newPage(browser, server.base);
  await signIn(page, 'admin1');
  await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
  await page.goto('/users/new');
  await page.getByLabel('Login').fill('od1');
  await page.getByLabel('Full name').fill('Someone Else');
  await page.getByLabel('Initial password').fill('Coral-Harbour-Window-59');
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Create user' }).click();
  const r = await answer;
  const body = await r.json();
  await page.getByRole('alert').filter({ hasText: body.error.message }).first().waitFor();
  assert.equal(r.status(), 409);
  assert.equal(body.error.code, 'user.exists');
  assert.equal(new URL(page.url()).pathname, '/users/new');
  await page.context().close();
});

test('the admin edits, resets, issues a token, and disables a user', async () => {
  const page = await newPage(browser, server.base);
  await signIn(page, 'admin1');
  await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
  const id = await userId(page, 'odkhordha');
  await page.goto(`/users/${id}`);
  await page.getByRole('heading', { level: 1, name: 'Khordha Officer (odkhordha)' }).waitFor();

  await page.getByLabel('Full name').fill('Kalpana Nayak');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('The changes have been saved.').waitFor();
  await page.getByRole('heading', { level: 1, name: 'Kalpana Nayak (odkhordha)' }).waitFor();

  await page.getByLabel('New temporary password').fill('Granite-Meadow-Lamp-314');
  await page.getByRole('button', { name: 'Reset password' }).click();
  await page.getByText('has been reset', { exact: false }).waitFor();

  await page.getByLabel('Name', { exact: true }).fill('Returns upload');
  await page.getByRole('button', { name: 'Create token' }).click();
  await page.getByText('Copy this token now. It will not be shown again.').waitFor();
  const token = await page.getByLabel('Token', { exact: true }).inputValue();
  assert.match(token, /^aht_/);
  await page.getByRole('cell', { name: 'Returns upload', exact: true }).waitFor();
  await shot(page, 'user-token');
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: /Revoke/ }).click();
  await page.getByText('has been revoked', { exact: false }).waitFor();
  await page.getByRole('cell', { name: 'Revoked' }).waitFor();

  await page.getByRole('button', { name: 'Disable account' }).click();
  await page.getByText('The account has been disabled.').waitFor();
  await page.getByRole('button', { name: 'Enable account' }).waitFor();
  assert.deepEqual(await layoutProblems(page), []);
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});
