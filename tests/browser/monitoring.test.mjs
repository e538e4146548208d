// Monitoring in the browser, on the demo: the Cell records a release to Goa for two units on the
// Funds page; Goa records both units in the AHTU register, both set up and one functional; the
// dashboard shows Goa's progress, and the national total has changed by exactly those figures
// (read from the same API the page reads). Screenshots at 1280 and 360 px.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signedInPage, mainNav, control, shot, shotsBothWidths, assertClean } from './harness.mjs';

let server;
let browser;
const GOA = 30;
let before0; // the dashboard as the Cell read it first

before(async () => {
  server = await startServer({
    cell1: { role: 'cell', jurisdiction: 'national', name: 'Meera Iyer' },
    goa1: { role: 'state', jurisdiction: `state:${GOA}`, name: 'Rohan Naik' },
  }, { demo: true });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

/* The dashboard as the page's own session reads it. */
async function dashboard(page, q = '') {
  return page.evaluate(async (query) => {
    const r = await fetch(`/api/v1/dashboard${query}`, { credentials: 'same-origin' });
    return r.json();
  }, q);
}

test('the Cell opens the dashboard and records a release to Goa for two units', async () => {
  const page = await signedInPage(browser, server.base, 'cell1');
  await mainNav(page).getByRole('link', { name: 'Monitoring' }).click();
  await page.getByRole('heading', { level: 1, name: 'Monitoring' }).waitFor();
  await page.locator('.mon-table tbody tr').first().waitFor();
  assert.equal(await page.locator('.mon-table tbody tr').count(), 36, 'a line for each State/UT');
  assert.equal(await page.locator('.tile-map .tile').count(), 36);
  before0 = await dashboard(page);
  await page.waitForLoadState('networkidle');
  await shotsBothWidths(browser, server.base, page, 'monitoring-dashboard', 'cell1');

  // sorted by the share of units functional, highest last
  await page.getByRole('button', { name: /AHTUs: functional of sanctioned/ }).click();
  await page.waitForURL(/sort=ahtus_functional_pct/);

  await page.getByRole('link', { name: 'Funds', exact: true }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Funds released and accounted for' }).waitFor();
  await page.getByRole('button', { name: 'Record a release' }).click();
  await control(page, 'State/UT').last().selectOption({ label: 'Goa' });
  await control(page, 'Financial year').fill('2025-26');
  await control(page, 'Amount (₹)').fill('15.16 lakh');
  await control(page, 'AHTUs funded').fill('2');
  await control(page, 'Sanction order').fill('F.No. 15011/22/2025-AHT');
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/releases');
  await page.getByRole('button', { name: 'Record the release' }).click();
  assert.equal((await posted).status(), 201);
  await page.getByText('Recorded: ₹ 15.16 lakh to Goa for 2025-26.').waitFor();
  await page.locator('td', { hasText: 'F.No. 15011/22/2025-AHT' }).waitFor();
  // one entered by mistake, then withdrawn with its reason: it counts nowhere (the totals below prove it)
  await page.getByRole('button', { name: 'Record a release' }).click();
  await control(page, 'State/UT').last().selectOption({ label: 'Goa' });
  await control(page, 'Financial year').fill('2025-26');
  await control(page, 'Amount (₹)').fill('99 lakh');
  await control(page, 'Sanction order').fill('MISTAKE-1');
  await page.getByRole('button', { name: 'Record the release' }).click();
  const wrong = page.locator('tr', { hasText: 'MISTAKE-1' });
  await wrong.waitFor();
  await wrong.getByRole('button', { name: /^Withdraw/ }).click();
  await control(page, 'Why it is withdrawn').fill('Entered by mistake: no such order');
  await wrong.getByRole('button', { name: 'Withdraw', exact: true }).click();
  await page.getByText(/^Withdrawn: the release of ₹ 99 lakh to Goa/).waitFor();
  await page.locator('tr', { hasText: 'MISTAKE-1' }).waitFor({ state: 'detached' });
  await page.waitForLoadState('networkidle');
  await shotsBothWidths(browser, server.base, page, 'monitoring-funds', 'cell1');
  await page.context().close();
});

/* Fills and saves the register's form for a new unit. */
async function addUnit(page, unit) {
  await page.goto('/registers/ahtus/new');
  await page.getByRole('heading', { level: 1, name: 'Add an AHTU' }).waitFor();
  await control(page, 'District').selectOption({ label: unit.district });
  await control(page, 'Unit').fill(unit.name);
  await control(page, 'Police station or headquarters').fill(unit.based_at);
  await control(page, 'Sanctioned in').fill('2025-26');
  await control(page, 'Funds received').fill('7.58 lakh');
  await control(page, 'Set up on').fill('2026-06-01');
  for (const [label, v] of Object.entries(unit.more || {})) {
    const c = control(page, label);
    if ((await c.evaluate((e) => e.tagName)) === 'SELECT') await c.selectOption({ label: v });
    else await c.fill(v);
  }
  await control(page, 'Status reported').selectOption({ label: unit.status });
  await page.getByRole('button', { name: 'Add an AHTU' }).click();
  await page.getByRole('heading', { level: 1, name: unit.name }).waitFor();
}

test('Goa records both units, set up and one functional; the dashboard moves by exactly that', async () => {
  assert.ok(before0, 'the Cell read the dashboard first');
  const page = await signedInPage(browser, server.base, 'goa1');
  await addUnit(page, { district: 'North Goa', name: 'AHTU Panaji', based_at: 'Panaji Police Station', status: 'Set up' });
  await page.locator('dd', { hasText: '₹ 7,58,000' }).waitFor();
  await addUnit(page, {
    district: 'South Goa', name: 'AHTU Margao', based_at: 'Margao Town Police Station', status: 'Functional',
    more: { 'Officer in charge': 'Insp. R. Naik', 'Staff posted': '6', Vehicle: 'Yes', Computer: 'Yes' },
  });
  // the status on the record bears the report out
  const checked = page.locator('.field-value, dd').filter({ hasText: /^Functional$/ });
  assert.ok(await checked.count() >= 2, 'both the status reported and the status on the record say Functional');
  await page.waitForLoadState('networkidle');
  await shotsBothWidths(browser, server.base, page, 'monitoring-ahtu', 'goa1');

  // Goa's own dashboard: its districts, and its total
  await mainNav(page).getByRole('link', { name: 'Monitoring' }).click();
  await page.getByRole('heading', { level: 1, name: 'Monitoring: Goa' }).waitFor();
  await page.getByRole('heading', { name: 'Districts of Goa' }).waitFor();
  const rows = page.locator('.mon-table tbody tr');
  assert.equal(await rows.count(), 2);
  const ng = await rows.filter({ hasText: 'North Goa' }).innerText();
  const sg = await rows.filter({ hasText: 'South Goa' }).innerText();
  const goaNow = await dashboard(page);
  const g0 = before0.rows.find((x) => x.lgd === GOA);
  assert.equal(goaNow.total.ahtus_sanctioned, g0.ahtus_sanctioned + 2);
  assert.equal(goaNow.total.ahtus_set_up, g0.ahtus_set_up + 2);
  assert.equal(goaNow.total.ahtus_functional, g0.ahtus_functional + 1);
  assert.equal(goaNow.total.released_paise, g0.released_paise + 151600000);
  const ngRow = goaNow.rows.find((x) => x.name === 'North Goa'), sgRow = goaNow.rows.find((x) => x.name === 'South Goa');
  assert.match(ng, new RegExp(`${ngRow.ahtus_functional} of ${ngRow.ahtus_sanctioned}`));
  assert.match(sg, new RegExp(`${sgRow.ahtus_functional} of ${sgRow.ahtus_sanctioned}`));
  await page.waitForLoadState('networkidle');
  await shotsBothWidths(browser, server.base, page, 'monitoring-state', 'goa1');
  await page.context().close();

  // the Cell: Goa's line and the national total, each moved by exactly these figures
  const cell = await signedInPage(browser, server.base, 'cell1');
  await cell.goto('/monitoring');
  await cell.locator('.mon-table tbody tr').first().waitFor();
  const after1 = await dashboard(cell);
  const g1 = after1.rows.find((x) => x.lgd === GOA);
  assert.deepEqual(
    [g1.ahtus_sanctioned - g0.ahtus_sanctioned, g1.ahtus_set_up - g0.ahtus_set_up, g1.ahtus_functional - g0.ahtus_functional, g1.released_paise - g0.released_paise],
    [2, 2, 1, 151600000]);
  const t0 = before0.total, t1 = after1.total;
  assert.deepEqual(
    [t1.ahtus_sanctioned - t0.ahtus_sanctioned, t1.ahtus_set_up - t0.ahtus_set_up, t1.ahtus_functional - t0.ahtus_functional, t1.released_paise - t0.released_paise],
    [2, 2, 1, 151600000]);
  const goaLine = cell.locator('.mon-table tbody tr').filter({ hasText: 'Goa' }).first();
  assert.match(await goaLine.innerText(), new RegExp(`${g1.ahtus_functional} of ${g1.ahtus_sanctioned}`));
  assert.match(await cell.locator('.mon-table tfoot').innerText(), new RegExp(`${t1.ahtus_functional.toLocaleString('en-IN')} of ${t1.ahtus_sanctioned.toLocaleString('en-IN')}`));
  // clicking Goa drills into its districts
  await goaLine.getByRole('button', { name: 'Goa' }).click();
  await cell.getByRole('heading', { name: 'Districts of Goa' }).waitFor();
  await assertClean(cell, 'the Cell on Goa');
  await cell.context().close();
});

test('Goa records a course its ToT trainees ran, names a trainee, and reads the names', async () => {
  const page = await signedInPage(browser, server.base, 'goa1');
  await page.goto('/monitoring/training');
  await page.getByRole('heading', { level: 1, name: 'Training' }).waitFor();
  await page.getByRole('link', { name: 'Record a course' }).click();
  await page.getByRole('heading', { level: 1, name: 'Record a training course' }).waitFor();
  await control(page, 'Programme').selectOption({ label: 'State-level courses on anti human trafficking' });
  await control(page, 'Course').fill('Panaji course on rescue and victim care');
  await control(page, 'From').fill('2026-09-07');
  await control(page, 'To').fill('2026-09-09');
  await control(page, 'Venue').fill('Goa Police Training School');
  await control(page, 'Rank').fill('Sub-Inspector');
  await control(page, 'How many').fill('25');
  await page.getByRole('button', { name: 'Add a row' }).click();
  await page.locator('#cf-pc-1').selectOption({ label: 'NGOs' });
  await page.locator('#cf-pn-1').fill('4');
  assert.equal(await control(page, 'Held by').isDisabled(), true, 'a State records the courses it holds');
  await page.waitForLoadState('networkidle');
  await shotsBothWidths(browser, server.base, page, 'monitoring-course-form', 'goa1');
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/trainings');
  await page.getByRole('button', { name: 'Record the course' }).click();
  assert.equal((await posted).status(), 201);
  await page.getByRole('heading', { level: 1, name: 'Panaji course on rescue and victim care' }).waitFor();
  await page.getByText('29 (25 police)').waitFor();
  // a name: sealed, shown on asking, the showing audited
  await control(page, 'Name').fill('SI Priya Kamat');
  await control(page, 'Certificate number').fill('GPTS/2026/041');
  await page.getByRole('button', { name: 'Name the trainee' }).click();
  await page.getByText('The trainee is named.').waitFor();
  const read = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/trainees') && r.request().method() === 'GET');
  await page.getByRole('button', { name: 'Show the names' }).click();
  assert.equal((await read).status(), 200);
  await page.locator('.mon-names li', { hasText: 'SI Priya Kamat' }).waitFor();
  await page.waitForLoadState('networkidle');
  await assertClean(page, 'the course');
  await shot(page, 'monitoring-course');
  await page.context().close();
});

test('the Cell defines a scheme with a target and a component, and the dashboard measures against it', async () => {
  const page = await signedInPage(browser, server.base, 'cell1');
  await page.goto('/monitoring/schemes');
  await page.getByRole('heading', { level: 1, name: 'Schemes and targets' }).waitFor();
  await page.getByRole('term').filter({ hasText: 'Establishment of integrated Anti Human Trafficking Units' }).waitFor();
  await page.getByRole('button', { name: 'Define a scheme' }).click();
  await control(page, 'Code').fill('prosecutors_2027');
  await control(page, 'Name').fill('Training of prosecutors, 2027-29');
  await control(page, 'From (financial year)').fill('2027-28');
  await control(page, 'To (financial year)').fill('2028-29');
  await control(page, 'Officers to train').fill('1200');
  await page.getByRole('button', { name: 'Add a component' }).click();
  await page.locator('#sf-cc-0').fill('workshops');
  await page.locator('#sf-cn-0').fill('State workshops for prosecutors');
  await page.waitForLoadState('networkidle');
  await shotsBothWidths(browser, server.base, page, 'monitoring-schemes', 'cell1');
  // a period that ends before it starts is refused at its field
  await control(page, 'To (financial year)').fill('2026-27');
  await page.getByRole('button', { name: 'Save the scheme' }).click();
  await page.locator('.field-msg', { hasText: 'The scheme ends in or after the year it starts.' }).waitFor();
  await control(page, 'To (financial year)').fill('2028-29');
  await page.getByRole('button', { name: 'Save the scheme' }).click();
  await page.getByText('The scheme is saved.').waitFor();
  const card = page.locator('.mon-scheme', { hasText: 'Training of prosecutors, 2027-29' });
  await card.getByText('Officers to train: 1,200').waitFor();
  await card.getByText('State workshops for prosecutors').waitFor();
  await card.getByRole('link', { name: 'Where the States stand against this scheme' }).click();
  await page.waitForURL(/scheme=prosecutors_2027/);
  await page.locator('.mon-summary').getByText(/of 1,200/).waitFor();
  await assertClean(page, 'the dashboard against the new scheme');
  await page.context().close();
});
