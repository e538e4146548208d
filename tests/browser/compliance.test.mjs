// Compliance of the States/UTs with the Cell's advisories, in the browser, on the demo
// library: the Cell lists two actions of an advisory; Odisha (LGD 21) is told at the field
// that "not applicable" needs a reason, then files "in progress" and "complied"; the
// matrix then shows Odisha's cell as complied and the advisory's counts moved; its cell
// opens the advisory focused on Odisha, whose record lists both reports; a State user sees
// its own row only and not another State's record; the CSV export carries Odisha's status.
// Without advisories the matrix says so. Screenshots of every screen at 1280 and 360 px.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, signIn, shot, layoutProblems, unexpectedProblems, signedInPage, fieldBox, mainNav, dayIST } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({
    cell1: { role: 'cell', jurisdiction: 'national', name: 'Meera Iyer' },
    od1: { role: 'state', jurisdiction: 'state:21', name: 'Bikash Sahu' },
    wb1: { role: 'state', jurisdiction: 'state:19', name: 'Rina Ghosh' },
  }, { demo: true });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const day = dayIST;

const ACTIONS = ['Set up a missing-children cell in every district', 'Report monthly to the Cell'];
const FIRST = 'Cells set up in 20 of 30 districts; the rest by March.';
const SECOND = 'Cells working in all 30 districts: order no. 112/CID of this month.';

let adv = null;         // {id, title} of the matrix's first advisory

function signedIn(login, width = 1280) {
  return signedInPage(browser, server.base, login, width);
}
/* The matrix's cell of a State for the advisory, and the advisory's count of a status. */
function matrixCell(page, state, id) {
  return page.locator('.cm-table tbody tr', { has: page.getByRole('rowheader', { name: state }) })
    .locator(`td a[href="/compliance/advisories/${id}?state=${state === 'Odisha' ? 21 : 19}"]`);
}
async function countOf(page, id, status) {
  const th = page.locator('.cm-table thead th', { has: page.locator(`a[href="/compliance/advisories/${id}"]`) });
  return Number((await th.locator(`.cm-count.cm-${status}`).innerText()).replace(/\D+/g, ''));
}

test('the Cell lists the actions an advisory asks of the States', async () => {
  const page = await signedIn('cell1');
  await mainNav(page).getByRole('link', { name: 'Compliance', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Compliance with the advisories' }).waitFor();
  const rows = page.locator('.cm-table tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 36, 'a row per State/UT');
  const first = page.locator('.cm-table thead th.cm-adv a').first();
  adv = { id: Number(/\/compliance\/advisories\/(\d+)$/.exec(await first.getAttribute('href'))[1]), title: await first.getAttribute('title') };
  assert.ok(adv.title, 'the full title is the header\'s tooltip');
  assert.equal(await countOf(page, adv.id, 'complied'), 0);
  assert.equal(await countOf(page, adv.id, 'not_reported'), 36);
  assert.match(await matrixCell(page, 'Odisha', adv.id).innerText(), /—/);
  // The legend says what each colour means, in words.
  for (const w of ['Not started', 'In progress', 'Complied', 'Not applicable', 'Not reported']) {
    await page.locator('.cm-legend li', { hasText: w }).waitFor();
  }

  await page.getByRole('link', { name: adv.title, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: adv.title }).waitFor();
  await page.getByText('The Cell has not listed the actions this advisory asks yet.').waitFor();
  await page.getByText('No State/UT has reported on this advisory yet.').waitFor();
  await page.getByRole('button', { name: 'List the actions' }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'cm-act-0', 'the first line takes focus');
  await page.getByLabel('Action 1', { exact: true }).fill(ACTIONS[0]);
  await page.getByRole('button', { name: 'Add an action' }).click();
  await page.getByLabel('Action 2', { exact: true }).fill(ACTIONS[1]);
  await page.getByRole('button', { name: 'Add an action' }).click();
  const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith(`/api/v1/advisories/${adv.id}/actions`));
  await page.getByRole('button', { name: 'Save the actions' }).click();
  const req = await put;
  assert.deepEqual(JSON.parse(req.postData()), { actions: ACTIONS }, 'the empty third line is left out');
  assert.ok(req.headers()['x-csrf-token']);
  await page.getByText('The actions have been saved.').waitFor();
  assert.deepEqual(await page.locator('.cm-actions li').allInnerTexts(), ACTIONS);
  assert.equal(await page.getByRole('form').count(), 0, 'a Cell officer files no report');

  // The advisory's page in the library leads here.
  await page.getByRole('link', { name: 'Read the advisory in the library' }).click();
  await page.getByRole('heading', { level: 1, name: adv.title }).waitFor();
  await page.getByRole('link', { name: 'Compliance of the States with this advisory' }).click();
  await page.waitForURL((u) => u.pathname === `/compliance/advisories/${adv.id}`);
  await page.locator('.cm-actions li', { hasText: ACTIONS[1] }).waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test('Odisha files "in progress", then "complied"; "not applicable" needs a reason, at its field', async () => {
  assert.ok(adv, 'the first test ran');
  const page = await signedIn('od1');
  await mainNav(page).getByRole('link', { name: 'Compliance', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Compliance with the advisories' }).waitFor();
  await page.getByText('You see the status of Odisha').waitFor();
  const rows = page.locator('.cm-table tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1, 'a State user sees its own row only');
  assert.equal(await page.locator('.cm-counts').count(), 0, 'no counts of one State');
  await matrixCell(page, 'Odisha', adv.id).click();
  await page.waitForURL((u) => u.pathname === `/compliance/advisories/${adv.id}` && u.searchParams.get('state') === '21');
  await page.getByRole('heading', { level: 1, name: adv.title }).waitFor();
  await page.locator('.cm-focus').getByText('Odisha has not reported on this advisory yet.').waitFor();
  assert.deepEqual(await page.locator('.cm-actions li').allInnerTexts(), ACTIONS);
  await page.getByRole('heading', { name: 'Report the compliance of Odisha' }).waitFor();
  assert.equal(await page.getByLabel('Reported on').inputValue(), day(0), 'today by default');
  assert.equal(await page.getByLabel('Reported on').getAttribute('max'), day(0), 'not after today');

  let posts = 0;
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith(`/advisories/${adv.id}/compliance`)) posts++; });
  await page.getByRole('button', { name: 'File the report' }).click();
  await page.locator('fieldset .field-msg', { hasText: 'Choose the status of the compliance.' }).waitFor();
  await page.getByRole('radio', { name: 'Not applicable' }).check();
  await page.getByRole('button', { name: 'File the report' }).click();
  const why = fieldBox(page, 'Report: why the advisory does not apply');
  await why.locator('.field-msg', { hasText: 'Say why the advisory does not apply to Odisha.' }).waitFor();
  assert.equal(await page.getByLabel(/^Report( \(optional\)|:)/).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'cf-report', 'the field in error takes focus');
  assert.equal(posts, 0, 'nothing is sent');

  // In progress, three days ago.
  await page.getByRole('radio', { name: 'In progress' }).check();
  await page.getByLabel(/^Report( \(optional\)|:)/).fill(FIRST);
  await page.getByLabel('Reported on').fill(day(-3));
  const post = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/api/v1/advisories/${adv.id}/compliance`));
  await page.getByRole('button', { name: 'File the report' }).click();
  const req = await post;
  assert.deepEqual(JSON.parse(req.postData()), { status: 'in_progress', report: FIRST, reported_on: day(-3) });
  assert.ok(req.headers()['idempotency-key'], 'the request carries an Idempotency-Key');
  await page.getByText('Your report has been filed: it is now the status of Odisha.').waitFor();
  await page.locator('.cm-focus .cm-chip', { hasText: 'In progress' }).waitFor();
  assert.equal(await page.getByRole('radio', { name: 'In progress' }).isChecked(), false, 'the form is ready for the next');

  // Complied, today.
  await page.getByRole('radio', { name: 'Complied' }).check();
  await page.getByLabel(/^Report( \(optional\)|:)/).fill(SECOND);
  await page.getByRole('button', { name: 'File the report' }).click();
  await page.locator('.cm-focus .cm-chip', { hasText: 'Complied' }).waitFor();
  const statusRows = page.locator('.cm-states-table tbody tr');
  assert.equal(await statusRows.count(), 1);
  assert.match(await statusRows.first().innerText(), /Complied/);
  const reports = page.locator('.cm-reports > li');
  assert.equal(await reports.count(), 2);
  assert.match(await reports.nth(0).innerText(), /Complied[\s\S]*order no\. 112\/CID/);
  assert.match(await reports.nth(1).innerText(), /In progress[\s\S]*20 of 30 districts/);

  // Its own row, complied; West Bengal's record is not Odisha's to see.
  await page.getByRole('link', { name: 'Compliance matrix' }).click();
  await page.getByRole('heading', { level: 1, name: 'Compliance with the advisories' }).waitFor();
  await matrixCell(page, 'Odisha', adv.id).getByText('Complied').waitFor();
  assert.equal(await page.locator('.cm-table tbody tr').count(), 1);
  assert.equal(await page.getByRole('link', { name: /^CSV/ }).getAttribute('href'), '/api/v1/advisories/compliance?state=21&format=csv');
  await page.goto('/compliance/states/19');
  await page.getByRole('heading', { level: 1, name: 'This State/UT does not exist or is not yours to see' }).waitFor();
  assert.ok(!(await page.locator('main').innerText()).includes('West Bengal'));
  await page.goto(`/compliance/advisories/${adv.id}?state=19`);
  await page.getByRole('heading', { level: 1, name: adv.title }).waitFor();
  assert.equal(await page.locator('.cm-focus').count(), 0, 'no focus on another State');
  assert.ok(!(await page.locator('main').innerText()).includes('West Bengal'));
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test('the Cell\'s matrix: Odisha complied, the counts moved; its cell and its record', async () => {
  assert.ok(adv, 'the first test ran');
  const page = await signedIn('cell1');
  await page.goto('/compliance');
  await page.locator('.cm-table tbody tr').first().waitFor();
  const cell = matrixCell(page, 'Odisha', adv.id);
  assert.match(await cell.innerText(), /Complied/);
  assert.equal(await cell.evaluate((a) => a.closest('td').className), 'cm-cell cm-complied');
  assert.match(await matrixCell(page, 'West Bengal', adv.id).innerText(), /—/);
  assert.equal(await countOf(page, adv.id, 'complied'), 1);
  assert.equal(await countOf(page, adv.id, 'not_reported'), 35);
  // The CSV export: a row per State, Odisha's status in the advisory's column.
  const csv = await page.getByRole('link', { name: /^CSV/ }).getAttribute('href');
  assert.equal(csv, '/api/v1/advisories/compliance?format=csv');
  const res = await page.request.get(csv);
  assert.equal(res.status(), 200);
  const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.ok(lines.some((l) => l.startsWith(`"Odisha","Complied (${day(0)})"`)), lines.find((l) => l.includes('Odisha')));

  await cell.click();
  await page.waitForURL((u) => u.pathname === `/compliance/advisories/${adv.id}` && u.searchParams.get('state') === '21');
  await page.getByRole('heading', { level: 1, name: adv.title }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Odisha', exact: true }).waitFor();
  await page.locator('.cm-states-table tr.row-current', { hasText: 'Odisha' }).waitFor();
  await page.getByRole('heading', { name: 'Reports of Odisha, newest first' }).waitFor();
  assert.equal(await page.locator('.cm-reports > li').count(), 2);
  assert.equal(await page.locator('#cf-h').count(), 0, 'the Cell files no report');
  await page.locator('details.cm-silent summary', { hasText: 'Not reported yet: 35 States/UTs' }).waitFor();

  await page.getByRole('link', { name: 'Compliance record of Odisha' }).click();
  await page.getByRole('heading', { level: 1, name: 'Compliance of Odisha' }).waitFor();
  const row = page.locator('.cm-record-table tbody tr', { has: page.getByRole('link', { name: adv.title, exact: true }) });
  assert.match(await row.locator('td[data-label="Status"]').innerText(), /Complied/);
  const reports = page.locator('.cm-reports > li');
  assert.equal(await reports.count(), 2);
  assert.match(await reports.nth(0).innerText(), /Complied/);
  assert.match(await reports.nth(1).innerText(), /In progress/);
  assert.equal(await reports.nth(0).getByRole('link', { name: adv.title }).getAttribute('href'), `/compliance/advisories/${adv.id}?state=21`);
  assert.equal(await page.getByRole('link', { name: /^CSV/ }).getAttribute('href'), '/api/v1/advisories/compliance?state=21&format=csv');

  // The States' column stays in view when the matrix scrolls sideways on a phone.
  const phone = await signedIn('cell1', 360);
  await phone.goto('/compliance');
  const od = phone.getByRole('rowheader', { name: 'Odisha' });
  await od.waitFor();
  const x0 = (await od.boundingBox()).x;
  await phone.locator('.cm-wrap').evaluate((el) => { el.scrollLeft = 400; });
  assert.ok(await phone.locator('.cm-wrap').evaluate((el) => el.scrollLeft > 0), 'the matrix scrolls inside its frame');
  assert.ok(Math.abs((await od.boundingBox()).x - x0) < 2, 'the State column stays put');
  assert.deepEqual(await layoutProblems(phone), []);
  assert.deepEqual(unexpectedProblems(phone), []);
  await phone.context().close();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test('without advisories the matrix says so', async () => {
  const empty = await startServer({ cell9: { role: 'cell', jurisdiction: 'national' } });
  try {
    for (const width of [1280, 360]) {
      const page = await newPage(browser, empty.base, width);
      await signIn(page, 'cell9');
      await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
      await page.goto('/compliance');
      await page.getByText('There is no advisory in the library yet.').waitFor();
      await page.getByRole('link', { name: 'Upload an advisory to the library' }).waitFor();
      assert.equal(await page.locator('.cm-table').count(), 0);
      await shot(page, 'cm-matrix-empty');
      assert.deepEqual(await layoutProblems(page), []);
      assert.deepEqual(unexpectedProblems(page), []);
      await page.context().close();
    }
  } finally {
    await empty.stop();
  }
});

/* Screens: no unlabelled control, no sideways scrolling, one h1, at both widths. */
for (const width of [1280, 360]) {
  test(`compliance screens at ${width}px`, async () => {
    assert.ok(adv, 'the earlier tests ran first');
    async function visit(page, name, path, title) {
      await page.goto(path);
      await page.waitForFunction((t) => document.title === t, title, { timeout: 5000 });
      await page.waitForLoadState('networkidle');
      await page.waitForFunction(() => !document.querySelector('.loading'));
      await shot(page, name);
      assert.deepEqual(await layoutProblems(page), [], `${path} at ${width}px`);
    }
    const t = `Compliance: ${adv.title} · AHT Cell`;
    const page = await signedIn('cell1', width);
    for (const [name, path, title] of [
      ['cm-matrix', '/compliance', 'Compliance with the advisories · AHT Cell'],
      ['cm-advisory', `/compliance/advisories/${adv.id}`, t],
      ['cm-advisory-odisha', `/compliance/advisories/${adv.id}?state=21`, t],
      ['cm-state', '/compliance/states/21', 'Compliance: Odisha · AHT Cell'],
      ['cm-state-none', '/compliance/states/19', 'Compliance: West Bengal · AHT Cell'],
      ['cm-advisory-missing', '/compliance/advisories/999999', 'Advisory not found · AHT Cell'],
    ]) await visit(page, name, path, title);
    await page.goto(`/compliance/advisories/${adv.id}`);
    await page.getByRole('button', { name: 'Edit the actions' }).click();
    await shot(page, 'cm-advisory-edit');
    assert.deepEqual(await layoutProblems(page), []);
    assert.deepEqual(unexpectedProblems(page), []);
    await page.context().close();

    const od = await signedIn('od1', width);
    for (const [name, path, title] of [
      ['cm-matrix-state', '/compliance', 'Compliance with the advisories · AHT Cell'],
      ['cm-advisory-state', `/compliance/advisories/${adv.id}?state=21`, t],
      ['cm-state-own', '/compliance/states/21', 'Compliance: Odisha · AHT Cell'],
    ]) await visit(od, name, path, title);
    await od.getByRole('link', { name: adv.title, exact: true }).first().click();
    await od.getByRole('radio', { name: 'Not applicable' }).check();
    await od.getByRole('button', { name: 'File the report' }).click();
    await od.locator('.field-msg', { hasText: 'Say why the advisory does not apply to Odisha.' }).waitFor();
    await shot(od, 'cm-advisory-state-error');
    assert.deepEqual(await layoutProblems(od), []);
    assert.deepEqual(unexpectedProblems(od), []);
    await od.context().close();
  });
}
