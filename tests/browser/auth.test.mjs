// Sign-in, wrong password, lock-out, forced change of password, sign-out.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, signIn, shot, layoutProblems, unexpectedProblems, PASSWORD } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({
    admin1: { role: 'admin', jurisdiction: 'national', name: 'Asha Rao' },
    od1: { role: 'state', jurisdiction: 'state:21', name: 'Bikash Sahu' },
    newbie: { role: 'district', jurisdiction: 'district:362', name: 'Chitra Das', temporary: true },
    lockme: { role: 'viewer', jurisdiction: 'national', name: 'Locked Out' },
    leaver: { role: 'viewer', jurisdiction: 'national', name: 'Dev Leaver' },
  });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('sign-in succeeds and shows the shell', async () => {
  const page = await newPage(browser, server.base);
  await signIn(page, 'admin1');
  await page.getByRole('heading', { level: 1, name: 'Welcome, Asha Rao' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await page.title(), 'Home · AHT Cell');
  const header = page.getByRole('banner');
  assert.match(await header.innerText(), /AHT Cell/);
  assert.match(await header.innerText(), /admin1/);
  assert.match(await header.innerText(), /Administrator · National/);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['Documents', 'Directory', 'Meetings', 'Returns', 'Users', 'Audit', 'About']) {
    await nav.getByRole('link', { name, exact: true }).waitFor();
  }
  // an administrator keeps the system, not the case records nor the monitoring of the States
  assert.equal(await nav.getByRole('link', { name: 'Cases', exact: true }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'Monitoring', exact: true }).count(), 0);
  // a module the role may not open says so, rather than breaking
  await page.goto('/monitoring');
  await page.getByRole('heading', { level: 1, name: 'Not available to your role' }).waitFor();
  assert.deepEqual(await layoutProblems(page), []);
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test('a State user sees the name of their State, and no Audit', async () => {
  const page = await newPage(browser, server.base);
  await signIn(page, 'od1');
  await page.getByRole('heading', { level: 1, name: 'Welcome, Bikash Sahu' }).waitFor();
  await page.getByRole('banner').getByText('State/UT officer · Odisha').waitFor();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Users', exact: true }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Audit', exact: true }).count(), 0);
  await page.goto('/audit');
  await page.getByRole('heading', { level: 1, name: 'Not available to your role' }).waitFor();
  await page.context().close();
});

test('a wrong password shows the error and does not sign in', async () => {
  const page = await newPage(browser, server.base);
  await signIn(page, 'admin1', 'not-the-password-at-all');
  const alert = page.getByRole('alert').filter({ hasText: /\S/ });
  await alert.waitFor();
  const text = await alert.innerText();
  const r = await page.request.post('/api/v1/session', { data: { login: 'nobody-here', password: 'x' } });
  const body = await r.json();
  assert.equal(r.status(), 401);
  assert.equal(body.error.code, 'auth.invalid_credentials');
  assert.equal(text.trim(), body.error.message, 'the screen shows the server\'s message');
  assert.equal(new URL(page.url()).pathname, '/sign-in');
  assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0);
  const s = await page.evaluate(() => fetch('/api/v1/session', { credentials: 'same-origin' }).then((x) => x.status));
  assert.equal(s, 401);
  await shot(page, 'sign-in-error');
  await page.context().close();
});

test('after repeated failures the account is locked and the screen says how long to wait', async () => {
  const page = await newPage(browser, server.base);
  await page.goto('/sign-in');
  for (let i = 0; i < 6; i++) {
    await page.getByLabel('Login').fill('lockme');
    await page.getByLabel('Password', { exact: true }).fill('wrong-password-' + i);
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/session'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    const r = await answer;
    if (r.status() === 429) break;
  }
  await page.getByText(/You can try again in \d+ seconds?/).waitFor();
  const alert = await page.getByRole('alert').filter({ hasText: /\S/ }).innerText();
  assert.ok(alert.length > 0);
  await shot(page, 'sign-in-locked');
  await page.context().close();
});

test('a user with a temporary password must change it, then reaches the shell', async () => {
  const page = await newPage(browser, server.base);
  await signIn(page, 'newbie');
  await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/account/password');
  // Nowhere else to go.
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0);
  await page.goto('/users');
  await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
  await page.goto('/documents');
  await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/account/password');
  for (const w of [1280, 360]) {
    await page.setViewportSize({ width: w, height: 800 });
    await shot(page, 'password-forced');
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // The two new passwords must agree.
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill('Another-Long-Password-77');
  await page.getByLabel('New password again').fill('Another-Long-Password-78');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('The two new passwords are not the same.').waitFor();

  // A weak one: the server's password.weak message is shown.
  await page.getByLabel('New password', { exact: true }).fill('password1234');
  await page.getByLabel('New password again').fill('password1234');
  const weak = page.waitForResponse((r) => r.url().endsWith('/api/v1/session/password'));
  await page.getByRole('button', { name: 'Change password' }).click();
  const wr = await weak;
  assert.equal(wr.status(), 400);
  const wb = await wr.json();
  assert.equal(wb.error.code, 'password.weak');
  await page.getByRole('alert').filter({ hasText: wb.error.message }).waitFor();
  await shot(page, 'password-weak');

  await page.getByLabel('New password', { exact: true }).fill('Saffron-Kestrel-Quay-2031');
  await page.getByLabel('New password again').fill('Saffron-Kestrel-Quay-2031');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('heading', { level: 1, name: 'Welcome, Chitra Das' }).waitFor();
  await page.getByText('Your password has been changed.', { exact: false }).waitFor();
  await page.getByRole('banner').getByText('District officer · Khordha, Odisha').waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();

  // The new password works from a fresh browser.
  const again = await newPage(browser, server.base);
  await signIn(again, 'newbie', 'Saffron-Kestrel-Quay-2031');
  await again.getByRole('heading', { level: 1, name: 'Welcome, Chitra Das' }).waitFor();
  await again.context().close();
});

test('sign-out ends the session', async () => {
  const page = await newPage(browser, server.base);
  await signIn(page, 'leaver');
  await page.getByRole('heading', { level: 1, name: 'Welcome, Dev Leaver' }).waitFor();
  const del = page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'DELETE');
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  assert.equal((await del).status(), 204);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByText('You have signed out.').waitFor();
  const s = await page.evaluate(() => fetch('/api/v1/session', { credentials: 'same-origin' }).then((x) => x.status));
  assert.equal(s, 401);
  // A page that needs a session sends us to sign in, and back there afterwards.
  await page.goto('/sessions');
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  assert.equal(new URL(page.url()).searchParams.get('next'), '/sessions');
  await page.getByLabel('Login').fill('leaver');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'My sessions' }).waitFor();
  await page.getByText('This session').waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test('a signed-out visitor sees the public home with About and Sign in', async () => {
  const page = await newPage(browser, server.base);
  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: 'Anti Trafficking Cell — Documents' }).waitFor();
  const nav = page.getByRole('navigation', { name: 'Site' });
  await nav.getByRole('link', { name: 'About' }).click();
  await page.getByRole('heading', { level: 1, name: 'About' }).waitFor();
  await page.getByRole('cell', { name: /Local Government Directory/ }).first().waitFor();
  assert.equal(await page.title(), 'About · AHT Cell');
  await page.getByRole('link', { name: 'Sign in' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});
