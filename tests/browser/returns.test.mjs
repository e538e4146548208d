// Periodic returns in the browser: Khordha (district 362, Odisha) opens this month's return,
// types counts (totals follow as it types; 0 stays apart from blank), is stopped by a rule
// that must hold — its message names the cells — corrects it and submits; Odisha sends it
// back with a comment, which Khordha sees; Khordha corrects and submits again; Odisha
// approves; the Cell accepts; the completeness page shows Khordha submitted on time, for
// Odisha and in the national table. Screenshots at 1280 and 360 px.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signedInPage, mainNav, assertClean, shotsBothWidths } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({
    cell1: { role: 'cell', jurisdiction: 'national', name: 'Meera Iyer' },
    od1: { role: 'state', jurisdiction: 'state:21', name: 'Bikash Sahu' },
    kh1: { role: 'district', jurisdiction: 'district:362', name: 'Khordha AHTU' },
  });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const MONTH = new Date(Date.now() + 330 * 60000).toISOString().slice(0, 7);
const RETURN = `/returns/aht_monthly/${MONTH}/362`;
const COMMENT = 'Give the nationality of every victim rescued.';

function signedIn(login, width = 1280) {
  return signedInPage(browser, server.base, login, width);
}
const clean = assertClean;
function shots(page, name, login) {
  return shotsBothWidths(browser, server.base, page, name, login);
}
const cell = (page, label) => page.getByRole('textbox', { name: label, exact: true });
async function saved(page) {
  await page.getByText(/^All changes saved at/).waitFor();
}

test('Khordha enters this month\'s return; a rule that must hold stops it; corrected, it is submitted', async () => {
  const page = await signedIn('kh1');
  await mainNav(page).getByRole('link', { name: 'Returns', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Returns' }).waitFor();
  assert.equal(await page.getByLabel('District').count(), 0, 'a district user has one district');
  await page.getByRole('button', { name: 'Open the return' }).click();
  await page.getByRole('heading', { level: 1, name: 'Monthly AHT return' }).waitFor();
  assert.equal(new URL(page.url()).pathname, RETURN);
  await page.getByText('Khordha, Odisha').first().waitFor();

  const put = page.waitForRequest((r) => r.method() === 'PUT' && new URL(r.url()).pathname === `/api/v1${RETURN}`);
  await cell(page, 'Victims rescued: Female, Below 18').fill('5');
  await cell(page, 'Victims rescued: Male, Below 18').fill('0');
  await cell(page, 'Victims trafficked: Female, Below 18').fill('5');
  await cell(page, 'Victims rescued, by nationality: India').fill('4');
  await cell(page, 'Cases registered: IPC 370 (trafficking of persons)').fill('2');
  await cell(page, 'Cases registered by AHTUs').fill('1');
  const body = JSON.parse((await put).postData());
  assert.ok(body.values, 'the cells are saved as one types');
  await saved(page);
  // totals as typed: a row, a column; blank stays blank, 0 stays 0
  const rescued = page.locator('.rt-indicator', { has: page.getByRole('heading', { name: 'Victims rescued', exact: true }) });
  assert.equal(await rescued.locator('tfoot .rt-grand').innerText(), '5');
  assert.equal(await cell(page, 'Victims rescued: Male, Below 18').inputValue(), '0');
  assert.equal(await cell(page, 'Victims rescued: Male, 18 and above').inputValue(), '');
  // a text that is not a count is marked and not sent
  await cell(page, 'Persons arrested').fill('3a');
  assert.equal(await cell(page, 'Persons arrested').getAttribute('aria-invalid'), 'true');
  await cell(page, 'Persons arrested').fill('3');
  await saved(page);

  // each cell's history, who and when
  await cell(page, 'Cases registered by AHTUs').focus();
  await page.getByRole('button', { name: 'Show its history' }).click();
  await page.locator('.rt-cellpanel').getByText(/blank → 1 by kh1/).waitFor();

  // the check that must hold, naming the cells and the numbers
  const check = page.getByRole('button', { name: 'Victims rescued, by nationality (4) must be equal to Victims rescued (5).' });
  await check.waitFor();
  await shots(page, 'return-entry', 'kh1');
  await page.getByRole('button', { name: 'Submit the return' }).click();
  await page.getByText('The return cannot go on: correct the cells named under Checks first.').waitFor();
  await check.click();
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Victims rescued, by nationality: India');
  await cell(page, 'Victims rescued, by nationality: India').fill('5');
  await saved(page);
  await page.getByText('Victims rescued, by nationality (4)').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Submit the return' }).click();
  await page.getByText('Done: the return is now submitted.').waitFor();
  await page.locator('.record-kind .tag', { hasText: 'Submitted' }).waitFor();
  assert.equal(await cell(page, 'Persons arrested').getAttribute('readonly'), '', 'a submitted return cannot be typed in');
  await page.context().close();
});

test('Odisha sends it back with a comment; Khordha sees it, corrects and submits again', async () => {
  const od = await signedIn('od1');
  await od.goto('/returns');
  await od.getByLabel('District').selectOption({ label: 'Khordha' });
  await od.getByRole('button', { name: 'Open the return' }).click();
  await od.getByRole('heading', { level: 1, name: 'Monthly AHT return' }).waitFor();
  await od.getByRole('button', { name: 'Send back with a comment…' }).click();
  await od.getByRole('button', { name: 'Send back', exact: true }).click();
  await od.getByText('Write the comment: it goes to the district with the return.').waitFor();
  await od.getByLabel('Comment').fill(COMMENT);
  await od.getByRole('button', { name: 'Send back', exact: true }).click();
  await od.getByText('Done: the return is now returned.').waitFor();
  await od.context().close();

  const kh = await signedIn('kh1');
  await kh.goto(RETURN);
  await kh.getByRole('note').filter({ hasText: COMMENT }).waitFor();
  await kh.locator('.rt-events').getByText(COMMENT).waitFor();
  await shots(kh, 'return-sent-back', 'kh1');
  await cell(kh, 'Victims rescued, by nationality: Nepal').fill('0');
  await saved(kh);
  await kh.getByRole('button', { name: 'Submit the return' }).click();
  await kh.getByText('Done: the return is now submitted.').waitFor();
  await kh.context().close();
});

test('Odisha approves, the Cell accepts, and completeness shows Khordha on time', async () => {
  const od = await signedIn('od1');
  await od.goto(RETURN);
  await od.getByRole('button', { name: 'Approve', exact: true }).click();
  await od.getByText('Done: the return is now approved by the state.').waitFor();
  await od.context().close();

  const cellUser = await signedIn('cell1');
  await cellUser.goto(RETURN);
  await cellUser.getByRole('button', { name: 'Accept', exact: true }).click();
  await cellUser.getByText('Done: the return is now accepted by the cell.').waitFor();
  assert.equal(await cellUser.getByRole('button', { name: 'Reopen with a reason…' }).count(), 1);
  await shots(cellUser, 'return-accepted', 'cell1');

  await mainNav(cellUser).getByRole('link', { name: 'Returns', exact: true }).click();
  await cellUser.getByRole('link', { name: 'Completeness of this period' }).click();
  await cellUser.getByRole('heading', { level: 1, name: 'Completeness of returns' }).waitFor();
  await cellUser.getByText(/1 of \d+ districts have submitted/).waitFor();
  // the map-like grid: Odisha's square says what share has submitted
  const tile = cellUser.getByRole('button', { name: /^Odisha: 1 of \d+ districts submitted \(\d+%\)$/ });
  await tile.waitFor();
  assert.match(await tile.getAttribute('class'), /cp-some/);
  const row = cellUser.locator('.cp-table tbody tr', { has: cellUser.getByRole('button', { name: 'Odisha', exact: true }) });
  const cells = await row.locator('td.num').allInnerTexts();
  assert.deepEqual(cells.slice(1), ['1', '1', '1', '1', '1', '0'], 'entered, submitted, on time, approved, accepted, returned');
  await shots(cellUser, 'completeness-national', 'cell1');
  await row.getByRole('button', { name: 'Odisha' }).click();
  await cellUser.getByRole('heading', { level: 2, name: 'Districts of Odisha' }).waitFor();
  const kh = cellUser.locator('.cp-table tbody tr', { hasText: 'Khordha' });
  await kh.getByText('Accepted by the Cell').waitFor();
  assert.match(await kh.innerText(), /Yes/);
  await shots(cellUser, 'completeness-odisha', 'cell1');
  await cellUser.context().close();
});

test('a period past its lock: the Cell reopens entry for Khordha, which can then enter it', async () => {
  const d = new Date(Date.now() + 330 * 60000);
  const old = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 3, 1)).toISOString().slice(0, 7);
  const next = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 28)).toISOString().slice(0, 10);
  const where = `/returns/aht_monthly/${old}/362`;
  const kh = await signedIn('kh1');
  await kh.goto(where);
  await kh.getByText(/Entry for this period closed after/).waitFor();
  assert.equal(await cell(kh, 'Persons arrested').getAttribute('readonly'), '');
  assert.equal(await kh.getByRole('heading', { name: 'Reopen entry for Khordha' }).count(), 0, 'only the Cell reopens');
  const c = await signedIn('cell1');
  await c.goto(where);
  await c.getByRole('button', { name: 'Reopen entry' }).click();
  await c.getByText('Choose the last day entry stays open.').waitFor();
  await c.getByLabel('Open until').fill(next);
  await c.getByLabel('Reason').fill('Floods closed the district office');
  await c.getByRole('button', { name: 'Reopen entry' }).click();
  await c.getByText(/Entry for this period closed after/).waitFor({ state: 'detached' });
  await c.context().close();
  await kh.reload();
  await cell(kh, 'Persons arrested').fill('2');
  await saved(kh);
  await kh.context().close();
});
