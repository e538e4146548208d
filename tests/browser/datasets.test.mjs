// The data sets of the returns in the browser: the Cell opens Data sets from the Returns page,
// defines a quarterly return of its own — a section, an indicator disaggregated by an existing
// disaggregation (sex × age) and one of a new disaggregation it writes, a check — is told what
// is missing first and what the server refuses (a check naming an indicator the data set does
// not have), corrects it and creates it; the new data set is then a return a district can
// open, with its grid. A State user sees the standard return read-only. Screenshots at 1280
// and 360 px.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signedInPage, mainNav, shotsBothWidths } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({
    cell1: { role: 'cell', jurisdiction: 'national', name: 'Meera Iyer' },
    od1: { role: 'state', jurisdiction: 'state:21', name: 'Bikash Sahu' },
  });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('the Cell defines a quarterly data set with a new disaggregation and a check, without a code change', async () => {
  const page = await signedInPage(browser, server.base, 'cell1');
  await mainNav(page).getByRole('link', { name: 'Returns', exact: true }).click();
  await page.getByRole('link', { name: 'Data sets', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Data sets of the returns' }).waitFor();
  await page.getByRole('link', { name: 'Monthly AHT return' }).waitFor();
  await shotsBothWidths(browser, server.base, page, 'datasets', 'cell1');
  await page.getByRole('link', { name: 'New data set' }).click();
  await page.getByRole('heading', { level: 1, name: 'New data set' }).waitFor();

  // saved empty: what is missing, listed before anything is sent
  await page.getByRole('button', { name: 'Create the data set' }).click();
  await page.getByText('The code is 1 to 40 lower-case letters, digits or _.').waitFor();
  await page.getByText('Section 1 has no indicator.').waitFor();

  await page.getByLabel('Code', { exact: true }).first().fill('shelter_quarterly');
  await page.getByLabel('Name', { exact: true }).first().fill('Quarterly return of shelter homes');
  await page.getByLabel('Periods').selectOption('quarterly');
  await page.getByLabel('Due, days after the period').fill('15');
  await page.getByLabel('Entry locks, days after the period').fill('45');
  await page.getByLabel('Section 1: name').fill('Shelter homes');

  // a new disaggregation: kind of home
  await page.getByRole('button', { name: 'Add a disaggregation' }).click();
  const dis = page.getByRole('group', { name: /^Disaggregation 5/ });
  await dis.getByLabel('Code', { exact: true }).fill('home_kind');
  await dis.getByLabel('Name', { exact: true }).fill('Kind of home');
  await dis.getByLabel('Category 1: code').fill('kind');
  await dis.getByLabel('Category 1: name').fill('Kind');
  await dis.getByLabel(/Category 1: options/).fill('govt = Run by the government\nngo = Run by an NGO');

  await page.getByRole('button', { name: 'Add an indicator to section 1' }).click();
  const i1 = page.getByRole('group', { name: 'Indicator 1' });
  await i1.getByLabel('Code').fill('victims_sheltered');
  await i1.getByLabel('Name').fill('Victims sheltered');
  await i1.getByLabel('Disaggregation').selectOption({ label: 'Sex and age' });
  await page.getByRole('button', { name: 'Add an indicator to section 1' }).click();
  const i2 = page.getByRole('group', { name: 'Indicator 2' });
  await i2.getByLabel('Code').fill('homes_inspected');
  await i2.getByLabel('Name').fill('Homes inspected');
  await i2.getByLabel('Disaggregation').selectOption({ label: 'Kind of home' });

  // a check naming an indicator this data set lacks: the server says so
  await page.getByRole('button', { name: 'Add a check' }).click();
  const r1 = page.getByRole('group', { name: /^Check 1/ });
  await r1.getByLabel('Code').fill('inspected_homes');
  await r1.getByLabel('What it checks').fill('Homes inspected are counted');
  await r1.getByLabel('Left side').fill('#{homes_visited}');
  await r1.getByLabel('Must be').selectOption('>=');
  await r1.getByLabel('Right side').fill('0');
  await page.getByRole('button', { name: 'Create the data set' }).click();
  await page.getByText(/homes_visited is not an indicator of this data set/).waitFor();
  await r1.getByLabel('Left side').fill('#{homes_inspected}');
  await page.getByRole('button', { name: 'Create the data set' }).click();
  await page.getByRole('heading', { level: 1, name: 'Quarterly return of shelter homes' }).waitFor();
  await page.getByText(/is saved \(version 1\)/).waitFor();
  assert.equal(new URL(page.url()).pathname, '/returns/datasets/shelter_quarterly');
  await shotsBothWidths(browser, server.base, page, 'dataset-edit', 'cell1');

  // it is a return like the others: the API has it with its cells
  const def = await page.evaluate(async () => (await fetch('/api/v1/datasets/shelter_quarterly')).json());
  assert.equal(def.period_type, 'quarterly');
  const inds = def.sections[0].indicators;
  assert.deepEqual(inds.map((i) => i.code), ['victims_sheltered', 'homes_inspected']);
  assert.deepEqual(inds[1].cells.map((c) => c.combo), ['govt', 'ngo']);
  assert.equal(inds[0].cells.length, 6);
  assert.equal(def.rules[0].left, '#{homes_inspected}');

  // a saved data set keeps its codes and periods; an indicator shared with another says so
  await page.goto('/returns/datasets/aht_monthly');
  await page.getByRole('heading', { level: 1, name: 'Monthly AHT return' }).waitFor();
  const first = page.getByRole('group', { name: 'Indicator 1', exact: true });
  assert.ok(await first.getByLabel('Code').isDisabled());
  assert.ok(await page.getByLabel('Periods').isDisabled());
  await first.getByText('Shared with Annual AHT return: a change of its name or description shows there too.').waitFor();
  await page.context().close();
});

test('a State user reads a data set, and cannot change it', async () => {
  const page = await signedInPage(browser, server.base, 'od1');
  await page.goto('/returns/datasets/aht_monthly');
  await page.getByRole('heading', { level: 1, name: 'Monthly AHT return' }).waitFor();
  await page.getByText(/Only the Cell changes a data set/).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Save the data set' }).count(), 0);
  assert.ok(await page.getByLabel('Section 1: name').isDisabled());
  assert.equal(await page.getByLabel('Section 1: name').inputValue(), 'Cases registered');
  await page.context().close();
});
