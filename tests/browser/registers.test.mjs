// Registers, through the nodal officers: the Cell appoints the nodal officer of Odisha with
// the form drawn from the register's description and finds it in the list; the Odisha State
// user corrects the telephone and sees the change in the record's history; the Cell appoints
// a successor from a later date, which ends the first term ("Show earlier terms" lists it,
// closed and read-only); a visitor finds the successor in the public directory, without the
// mobile number, and downloads its PDF. A wrong e-mail is shown at the E-mail field.
// Screenshots of every register screen at 1280 and 360 px.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser, newPage, signIn, shot, layoutProblems, unexpectedProblems, signedInPage, fieldBox, control } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({
    cell1: { role: 'cell', jurisdiction: 'national', name: 'Meera Iyer' },
    od1: { role: 'state', jurisdiction: 'state:21', name: 'Bikash Sahu' },
    view1: { role: 'viewer', jurisdiction: 'national', name: 'Nita Viewer' },
  });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const FIRST = {
  name: 'Shri Amitabh Kumar Mishra, IPS',
  rank: 'IGP',
  designation: 'Inspector General of Police, CID (Crime Against Women)',
  office: 'Crime Branch, Odisha Police',
  address: 'Buxi Bazar,\nCuttack 753001',
  phone: '0671-2304001',
  mobile: '9437012345',
  email: 'igcaw-cid@odishapolice.gov.in',
};
const SUCCESSOR = {
  name: 'Smt. Sasmita Panda, IPS',
  rank: 'DIG',
  designation: 'Deputy Inspector General of Police, CID (Crime Against Women)',
  phone: '0671-2304099',
  mobile: '9437099999',
  email: 'digcaw-cid@odishapolice.gov.in',
};
const NEW_PHONE = '0671-2305555';

let firstId = null;
let successorId = null;
let goaId = null;

function signedIn(login, width = 1280) {
  return signedInPage(browser, server.base, login, width);
}

/* The id in /registers/officers/ID of the page's URL. */
function recordId(page) {
  const m = /^\/registers\/officers\/(\d+)$/.exec(new URL(page.url()).pathname);
  assert.ok(m, `not a record page: ${page.url()}`);
  return Number(m[1]);
}



async function fillOfficer(page, o) {
  await control(page, 'Name').fill(o.name);
  if (o.rank) await control(page, 'Rank').fill(o.rank);
  await control(page, 'Designation').fill(o.designation);
  if (o.office) await control(page, 'Office').fill(o.office);
  if (o.address) await control(page, 'Address').fill(o.address);
  if (o.phone) await control(page, 'Telephone (office)').fill(o.phone);
  if (o.mobile) await control(page, 'Mobile').fill(o.mobile);
  if (o.email !== undefined) await control(page, 'E-mail').fill(o.email);
}

/* The list's row that links to NAME. */
function row(page, name) {
  return page.locator('tbody tr', { has: page.getByRole('link', { name, exact: true }) });
}

test('the Cell appoints the nodal officer of Odisha and finds it in the list', async () => {
  const page = await signedIn('cell1');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Nodal officers', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Nodal officers' }).waitFor();
  await page.getByText('No nodal officer has been entered yet.').waitFor();

  await page.getByRole('link', { name: 'Appoint a nodal officer' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Appoint a nodal officer' }).waitFor();
  // The form is drawn from the register: types, required marks, hints, limits.
  assert.equal(await control(page, 'From').getAttribute('type'), 'date');
  assert.match(await control(page, 'From').inputValue(), /^\d{4}-\d{2}-\d{2}$/, 'From starts as today');
  assert.equal(await control(page, 'E-mail').getAttribute('type'), 'email');
  assert.equal(await control(page, 'Telephone (office)').getAttribute('type'), 'tel');
  assert.equal(await control(page, 'Address').evaluate((e) => e.tagName), 'TEXTAREA');
  assert.equal(await control(page, 'Name').getAttribute('maxlength'), '120');
  assert.equal(await control(page, 'Name').getAttribute('required'), '');
  assert.equal(await control(page, 'Rank').getAttribute('required'), null);
  await page.getByText('As the officer signs: "Shri A. K. Mishra, IPS".').waitFor();

  // Nothing filled in: the browser says what is missing, at each field, and sends nothing.
  let posts = 0;
  page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/officers') posts++; });
  await page.getByRole('button', { name: 'Appoint a nodal officer' }).click();
  await fieldBox(page, 'Name').locator('.field-msg', { hasText: 'Name is required.' }).waitFor();
  await page.locator('.field-msg', { hasText: 'Choose the State/UT.' }).waitFor();
  assert.equal(posts, 0);

  await control(page, 'State/UT').selectOption({ label: 'Odisha' });
  await control(page, 'From').fill('2025-01-01');
  await fillOfficer(page, FIRST);
  const post = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/officers');
  await page.getByRole('button', { name: 'Appoint a nodal officer' }).click();
  const req = await post;
  const body = JSON.parse(req.postData());
  assert.equal(body.state_lgd, 21);
  assert.equal(body.from, '2025-01-01');
  assert.equal(body.name, FIRST.name);
  assert.equal(body.address, FIRST.address);
  assert.ok(req.headers()['x-csrf-token'], 'the request carries the CSRF token');
  assert.ok(req.headers()['idempotency-key'], 'the request carries an Idempotency-Key');

  await page.getByRole('heading', { level: 1, name: FIRST.name }).waitFor();
  await page.getByText('Nodal officer appointed.').waitFor();
  firstId = recordId(page);
  await page.locator('dd', { hasText: FIRST.mobile }).waitFor();
  await page.locator('dd', { hasText: 'since 1 Jan 2025' }).waitFor();

  // The list: the State, the name linking to the record, the columns the Cell reads.
  await page.getByRole('link', { name: 'All nodal officers' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nodal officers' }).waitFor();
  const r = row(page, FIRST.name);
  await r.waitFor();
  assert.equal(await r.locator('td[data-label="State/UT"]').textContent(), 'Odisha');
  assert.equal(await r.locator('td[data-label="Mobile"]').textContent(), FIRST.mobile);
  assert.equal(await r.locator('td[data-label="From"]').textContent(), '1 Jan 2025');
  // Sorting by a column is the server's, and lives in the URL.
  await page.getByRole('button', { name: /^Name/ }).click();
  await page.waitForURL((u) => u.searchParams.get('sort') === 'name');
  await page.getByRole('button', { name: /^Name/ }).click();
  await page.waitForURL((u) => u.searchParams.get('sort') === '-name');
  await row(page, FIRST.name).waitFor();
  // The downloads carry the same query.
  const csv = await page.getByRole('link', { name: /^CSV/ }).getAttribute('href');
  assert.equal(csv, '/api/v1/officers?sort=-name&format=csv');
  const res = await page.request.get(csv);
  assert.equal(res.status(), 200);
  assert.match(await res.text(), /Amitabh Kumar Mishra/);
  assert.deepEqual(await layoutProblems(page), []);
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test('a wrong e-mail address is shown at the E-mail field', async () => {
  const page = await signedIn('cell1');
  await page.goto('/registers/officers/new');
  await page.getByRole('heading', { level: 1, name: 'Appoint a nodal officer' }).waitFor();
  await control(page, 'State/UT').selectOption({ label: 'Goa' });
  await fillOfficer(page, { name: 'Shri Test Officer', designation: 'SP, CID', email: 'sp-cid.goapolice.gov.in' });
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/officers');
  await page.getByRole('button', { name: 'Appoint a nodal officer' }).click();
  assert.equal((await answer).status(), 400);
  await fieldBox(page, 'E-mail').locator('.field-msg', { hasText: 'E-mail is not an e-mail address' }).waitFor();
  assert.equal(await control(page, 'E-mail').getAttribute('aria-invalid'), 'true');
  await page.getByRole('alert').filter({ hasText: 'Please correct the marked field.' }).waitFor();
  assert.equal(await page.getByText('E-mail is not an e-mail address').count(), 1, 'the message shows once, at the field');
  // Corrected, the same form goes through.
  await control(page, 'E-mail').fill('sp-cid@goapolice.gov.in');
  await page.getByRole('button', { name: 'Appoint a nodal officer' }).click();
  await page.getByRole('heading', { level: 1, name: 'Shri Test Officer' }).waitFor();
  goaId = recordId(page);
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test('the Odisha State user corrects the telephone; the history shows the change', async () => {
  assert.ok(firstId, 'the appointment test ran first');
  const page = await signedIn('od1');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Nodal officers', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Nodal officers' }).waitFor();
  await row(page, FIRST.name).waitFor();
  // A State user sees only their State: no State filter, and not Goa's officer.
  assert.equal(await page.getByLabel('State/UT', { exact: true }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Shri Test Officer' }).count(), 0);

  await page.getByRole('link', { name: FIRST.name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: FIRST.name }).waitFor();
  await page.getByText('No change since this nodal officer was entered.').waitFor();
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Edit the nodal officer' }).waitFor();
  assert.equal(await control(page, 'Telephone (office)').inputValue(), FIRST.phone);
  assert.equal(await control(page, 'Address').inputValue(), FIRST.address);
  await control(page, 'Telephone (office)').fill(NEW_PHONE);
  await control(page, 'Reason for the change (optional)').fill('New office line');
  const patch = page.waitForRequest((r) => r.method() === 'PATCH');
  await page.getByRole('button', { name: 'Save changes' }).click();
  const req = await patch;
  assert.equal(new URL(req.url()).pathname, `/api/v1/officers/${firstId}`);
  assert.deepEqual(JSON.parse(req.postData()), { phone: NEW_PHONE, version: 1, reason: 'New office line' });
  assert.ok(req.headers()['x-csrf-token']);

  await page.getByText('The changes have been saved.').waitFor();
  await page.getByRole('heading', { level: 1, name: FIRST.name }).waitFor();
  await page.locator('dd', { hasText: NEW_PHONE }).waitFor();
  const entry = page.locator('.history-entry').first();
  await entry.waitFor();
  assert.match(await entry.innerText(), /Version 2/);
  assert.match(await entry.innerText(), /by od1/);
  assert.match(await entry.innerText(), /Reason: New office line/);
  // Seen: Telephone (office): “0671-2304001” → “0671-2305555”; heard: "… changed to …".
  const change = (await entry.locator('.history-changes li').first().textContent()).replace(/\s+/g, ' ').trim();
  assert.equal(change, `Telephone (office): ${FIRST.phone} → changed to ${NEW_PHONE}`);
  assert.equal(await page.locator('.history-entry').count(), 1);

  // Saving the form loaded before that change is refused, and says why.
  await page.goto(`/registers/officers/${firstId}/edit`);
  await control(page, 'Rank').waitFor();
  await page.evaluate(async (id) => {
    // Someone else changes it meanwhile (the same user, from another tab).
    const s = await (await fetch('/api/v1/session')).json();
    await fetch(`/api/v1/officers/${id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf },
      body: JSON.stringify({ version: 2, fax: '0671-2304002' }),
    });
  }, firstId);
  await control(page, 'Rank').fill('Inspector General of Police');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('alert').filter({ hasText: 'Someone changed this nodal officer' }).waitFor();
  await page.getByRole('button', { name: 'Load the latest version, keeping my changes' }).click();
  // the latest version arrives from the server: wait for it rather than read the field at once
  for (let i = 0; i < 50 && await control(page, 'Fax').inputValue() !== '0671-2304002'; i++) await page.waitForTimeout(100);
  assert.equal(await control(page, 'Fax').inputValue(), '0671-2304002');
  assert.equal(await control(page, 'Rank').inputValue(), 'Inspector General of Police');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('The changes have been saved.').waitFor();
  await page.locator('dd', { hasText: /^Inspector General of Police$/ }).waitFor();
  await page.locator('.history-entry').nth(2).waitFor();
  assert.equal(await page.locator('.history-entry').count(), 3);
  assert.match(await page.locator('.history-entry').first().innerText(), /Rank: IGP\s*→/);
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test('the Cell appoints a successor from a later date; the first term is closed and kept', async () => {
  assert.ok(firstId, 'the appointment test ran first');
  const page = await signedIn('cell1');
  await page.goto(`/registers/officers/${firstId}`);
  await page.getByRole('heading', { level: 1, name: FIRST.name }).waitFor();
  await page.getByRole('link', { name: 'Appoint a successor' }).click();
  await page.getByRole('heading', { level: 1, name: 'Appoint a nodal officer' }).waitFor();
  assert.equal(await control(page, 'State/UT').inputValue(), '21');
  // The present holder is named, whose term the appointment ends.
  await page.getByRole('note').filter({ hasText: `${FIRST.name} is the present nodal officer of Odisha, since 1 Jan 2025` }).waitFor();
  await control(page, 'From').fill('2025-09-01');
  await control(page, 'Reason for the change (optional)').fill('Transferred to Bhubaneswar');
  await fillOfficer(page, SUCCESSOR);
  await page.getByRole('button', { name: 'Appoint a nodal officer' }).click();
  await page.getByRole('heading', { level: 1, name: SUCCESSOR.name }).waitFor();
  await page.getByText(`The term of ${FIRST.name} ended on the day this one begins.`).waitFor();
  successorId = recordId(page);

  // The list: the successor holds the post; the first officer only among the earlier terms.
  await page.goto('/registers/officers?state=21');
  await row(page, SUCCESSOR.name).waitFor();
  assert.equal(await row(page, FIRST.name).count(), 0);
  assert.equal(await page.locator('tbody tr').count(), 1);
  await page.getByLabel('Show earlier terms').check();
  await page.waitForURL((u) => u.searchParams.get('earlier') === '1' && u.searchParams.get('state') === '21');
  const old = row(page, FIRST.name);
  await old.waitFor();
  assert.equal((await old.locator('td[data-label="From – To"]').innerText()).replace(/\s+/g, ' ').trim(), '1 Jan 2025 – 1 Sep 2025');
  assert.match(await row(page, SUCCESSOR.name).locator('td[data-label="From – To"]').innerText(), /1 Sep 2025 –\s*Current/);
  await shot(page, 'reg-list-earlier');

  // The closed term: read-only, its end in the history with the reason given.
  await page.getByRole('link', { name: FIRST.name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: FIRST.name }).waitFor();
  await page.getByRole('note').filter({ hasText: 'This term ended on 1 Sep 2025.' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Edit', exact: true }).count(), 0);
  assert.equal(await page.getByRole('button', { name: /End the term/ }).count(), 0);
  const ended = page.locator('.history-entry').first();
  assert.match(await ended.innerText(), /Term ended on 1 Sep 2025/);
  assert.match(await ended.innerText(), /Reason: Transferred to Bhubaneswar/);
  await page.goto(`/registers/officers/${firstId}/edit`);
  await page.getByText('This term ended on 1 Sep 2025. Its record is kept as it was and cannot be changed.').waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test('a visitor finds the successor in the public directory, without the mobile number', async () => {
  assert.ok(successorId, 'the successor test ran first');
  const visitor = await newPage(browser, server.base, 1280);
  await visitor.goto('/');
  await visitor.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Directory' }).click();
  await visitor.getByRole('heading', { level: 1, name: 'State/UT nodal officers for anti human trafficking' }).waitFor();
  assert.equal(new URL(visitor.url()).pathname, '/directory');
  const odisha = visitor.locator('tbody tr', { has: visitor.getByRole('rowheader', { name: 'Odisha' }) });
  await odisha.waitFor();
  const text = await odisha.innerText();
  assert.match(text, /Smt\. Sasmita Panda, IPS/);
  assert.match(text, /0671-2304099/);
  assert.match(text, /digcaw-cid@odishapolice\.gov\.in/);
  const page = await visitor.locator('main').innerText();
  assert.ok(!page.includes(SUCCESSOR.mobile), 'the mobile number is not public');
  assert.ok(!page.includes(FIRST.name), 'an earlier term is not in the directory');
  // The search filters the list, and lives in the URL.
  await visitor.getByLabel('Search the directory').fill('goa');
  await visitor.getByRole('button', { name: 'Search', exact: true }).click();
  await visitor.waitForURL((u) => u.searchParams.get('q') === 'goa');
  await visitor.getByRole('rowheader', { name: 'Goa' }).waitFor();
  assert.equal(await visitor.getByRole('rowheader', { name: 'Odisha' }).count(), 0);

  // The printed list.
  const href = await visitor.getByRole('link', { name: 'Download the list (PDF)' }).getAttribute('href');
  assert.equal(href, '/api/v1/officers?format=pdf');
  const res = await visitor.request.get(href);
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['content-type'], 'application/pdf');
  assert.equal((await res.body()).subarray(0, 5).toString('latin1'), '%PDF-');
  const xlsx = await visitor.getByRole('link', { name: 'Spreadsheet (XLSX)' }).getAttribute('href');
  assert.equal(xlsx, '/api/v1/officers?format=xlsx');
  assert.deepEqual(await layoutProblems(visitor), []);
  assert.deepEqual(unexpectedProblems(visitor), []);
  await visitor.context().close();
});

test("a signed-in State user's directory is still the public's, and so is its download", async () => {
  const page = await signedIn('od1');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Directory', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'State/UT nodal officers for anti human trafficking' }).waitFor();
  // Goa's officer too, although the State user's own API view holds only Odisha.
  await page.getByRole('rowheader', { name: 'Goa' }).waitFor();
  await page.getByRole('rowheader', { name: 'Odisha' }).waitFor();
  assert.ok(!(await page.locator('main').innerText()).includes(SUCCESSOR.mobile));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the list (PDF)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^nodal-officers-\d{4}-\d{2}-\d{2}\.pdf$/);
  const pdf = readFileSync(await download.path());
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  // The PDF lists Goa: it is the public's list, not the State user's.
  const own = await page.request.get('/api/v1/officers?format=csv');
  assert.ok(!(await own.text()).includes('Goa'), "the State user's own export holds only Odisha");
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

/* Screens: no unlabelled control, no sideways scrolling, one h1, at both widths. */
for (const width of [1280, 360]) {
  test(`register screens at ${width}px`, async () => {
    assert.ok(successorId, 'the successor test ran first');
    const screens = [
      ['reg-list', '/registers/officers', 'Nodal officers · AHT Cell'],
      ['reg-list-all', '/registers/officers?earlier=1', 'Nodal officers · AHT Cell'],
      ['reg-record-current', `/registers/officers/${successorId}`, `${SUCCESSOR.name} · AHT Cell`],
      ['reg-record-closed', `/registers/officers/${firstId}`, `${FIRST.name} · AHT Cell`],
      ['reg-new', '/registers/officers/new?state=21', 'Appoint a nodal officer · AHT Cell'],
      ['reg-edit', `/registers/officers/${successorId}/edit`, `Edit: ${SUCCESSOR.name} · AHT Cell`],
      ['reg-directory-cell', '/directory', 'Directory of nodal officers · AHT Cell'],
      ['reg-index', '/registers', 'Registers · AHT Cell'],
    ];
    const page = await signedIn('cell1', width);
    for (const [name, path, title] of screens) {
      await page.goto(path);
      await page.waitForFunction((t) => document.title === t, title, { timeout: 5000 });
      await page.waitForLoadState('networkidle');
      await page.waitForFunction(() => !document.querySelector('.loading'));
      await shot(page, name);
      assert.deepEqual(await layoutProblems(page), [], `${path} at ${width}px`);
    }
    // The end-of-term form, open.
    await page.goto(`/registers/officers/${successorId}`);
    await page.getByRole('button', { name: 'End the term…' }).click();
    await page.getByLabel('The term ends on').waitFor();
    await shot(page, 'reg-end-term');
    assert.deepEqual(await layoutProblems(page), []);
    assert.deepEqual(unexpectedProblems(page), []);
    await page.context().close();

    // A viewer reads the public fields only, without history or buttons.
    const viewer = await signedIn('view1', width);
    await viewer.goto(`/registers/officers/${successorId}`);
    await viewer.getByRole('heading', { level: 1, name: SUCCESSOR.name }).waitFor();
    assert.equal(await viewer.getByRole('heading', { name: 'History' }).count(), 0);
    assert.equal(await viewer.getByRole('link', { name: 'Edit', exact: true }).count(), 0);
    assert.ok(!(await viewer.locator('main').innerText()).includes(SUCCESSOR.mobile));
    await viewer.goto('/registers/officers');
    await viewer.getByRole('link', { name: SUCCESSOR.name }).waitFor();
    assert.equal(await viewer.getByRole('link', { name: /^Appoint/ }).count(), 0);
    assert.equal(await viewer.locator('th', { hasText: 'Mobile' }).count(), 0);
    await shot(viewer, 'reg-list-viewer');
    assert.deepEqual(await layoutProblems(viewer), []);
    assert.deepEqual(unexpectedProblems(viewer), []);
    await viewer.context().close();

    const visitor = await newPage(browser, server.base, width);
    await visitor.goto('/directory');
    await visitor.getByRole('rowheader', { name: 'Odisha' }).waitFor();
    await shot(visitor, 'reg-directory');
    assert.deepEqual(await layoutProblems(visitor), []);
    await visitor.goto('/directory?q=nobody-at-all');
    await visitor.getByRole('heading', { name: /No nodal officer matches/ }).waitFor();
    await shot(visitor, 'reg-directory-none');
    assert.deepEqual(await layoutProblems(visitor), []);
    assert.deepEqual(unexpectedProblems(visitor), []);
    await visitor.context().close();
  });
}

test('ending a term leaves the post vacant, and the directory says so', async () => {
  assert.ok(goaId, 'the e-mail test ran first');
  const page = await signedIn('cell1');
  await page.goto(`/registers/officers/${goaId}`);
  await page.getByRole('heading', { level: 1, name: 'Shri Test Officer' }).waitFor();
  await page.getByRole('button', { name: 'End the term…' }).click();
  // Its start is today: an end before it is refused, at the date.
  await page.getByLabel('The term ends on').fill('2020-01-01');
  await page.getByLabel('Reason (optional)').fill('Post abolished');
  await page.getByRole('button', { name: 'End the term', exact: true }).click();
  await fieldBox(page, 'The term ends on').locator('.field-msg', { hasText: 'it cannot end before' }).waitFor();
  await page.getByLabel('The term ends on').fill(await page.getByLabel('The term ends on').getAttribute('min'));
  await page.getByRole('button', { name: 'End the term', exact: true }).click();
  await page.getByRole('note').filter({ hasText: 'This term ended on' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Edit', exact: true }).count(), 0);
  await page.locator('.history-entry', { hasText: 'Reason: Post abolished' }).waitFor();
  await page.goto('/directory');
  await page.getByRole('rowheader', { name: 'Odisha' }).waitFor();
  assert.equal(await page.getByRole('rowheader', { name: 'Goa' }).count(), 0);
  assert.match(await page.locator('.directory-vacant').innerText(), /No nodal officer is listed for: .*Goa/);
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});
