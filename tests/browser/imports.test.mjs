// Import of returns in the browser: Goa's nodal officer opens Import and export from the
// Returns page, downloads this month's template (XLSX and CSV, both real files), fills the
// CSV offline with one value wrong, uploads it — the page follows the import and shows the
// cell to correct by row, cell and reason, with nothing imported — corrects it, uploads
// again, sees it imported, and finds the values in North Goa's return. The Cell sees the
// import in its list and downloads the values. Screenshots at 1280 and 360 px.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, signedInPage, mainNav, shotsBothWidths } from './harness.mjs';

let server;
let browser;
let dir;

before(async () => {
  server = await startServer({
    cell1: { role: 'cell', jurisdiction: 'national', name: 'Meera Iyer' },
    goa1: { role: 'state', jurisdiction: 'state:30', name: 'Savita Naik' },
  });
  browser = await launchBrowser();
  dir = mkdtempSync(path.join(tmpdir(), 'ahtcell-import-'));
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const MONTH = new Date(Date.now() + 330 * 60000).toISOString().slice(0, 7);
const NORTH_GOA = 551;

// The template's rows (RFC 4180; the server quotes only what needs it).
function rowsOf(text) {
  const rows = [];
  let row = [], f = '', q = false;
  text = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) { if (c === '"' && text[i + 1] === '"') { f += '"'; i++; } else if (c === '"') q = false; else f += c; }
    else if (c === '"') q = true; else if (c === ',') { row.push(f); f = ''; } else if (c === '\n') { row.push(f); rows.push(row); row = []; f = ''; } else if (c !== '\r') f += c;
  }
  return rows;
}
const csvOf = (rows) => rows.map((r) => r.map((x) => (/[",\n]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x)).join(',')).join('\n') + '\n';

async function download(page, name) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  const file = path.join(dir, d.suggestedFilename());
  await d.saveAs(file);
  return file;
}

test('Goa downloads the template, imports it with a mistake, reads the report, corrects it and imports it', async () => {
  const page = await signedInPage(browser, server.base, 'goa1');
  await mainNav(page).getByRole('link', { name: 'Returns', exact: true }).click();
  await page.getByRole('link', { name: 'Import from a file, or export' }).click();
  await page.getByRole('heading', { level: 1, name: 'Import and export returns' }).waitFor();
  await page.getByText('No file has been imported yet.').waitFor();

  const xlsx = await download(page, 'XLSX (template)');
  assert.equal(path.basename(xlsx), `aht_monthly-${MONTH}-state-30-template.xlsx`);
  assert.equal(readFileSync(xlsx).subarray(0, 2).toString(), 'PK');
  const csv = await download(page, 'CSV (template)');
  const rows = rowsOf(readFileSync(csv, 'utf8'));
  assert.equal(rows.length - 1, 2 * 55, "Goa's two districts, 55 cells each");

  // filled offline: North Goa's victims rescued, one of them mistyped
  const V = rows[0].indexOf('value');
  const rescued = rows.filter((r) => r[4] === String(NORTH_GOA) && r[6] === 'victims_rescued');
  rescued.forEach((r, i) => { r[V] = String(i + 1); });
  rescued[2][V] = 'seven';
  const at = rows.indexOf(rescued[2]) + 1;
  const filled = path.join(dir, 'goa-filled.csv');
  writeFileSync(filled, csvOf(rows));
  await page.getByLabel('File (XLSX or CSV, at most 50 MB)').setInputFiles(filled);
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await page.getByText('Refused: nothing imported').first().waitFor();
  await page.getByText('1 error: nothing was imported. Correct the rows listed and upload the file again.').waitFor();
  const errors = page.getByRole('region', { name: 'Cells to correct' });
  await errors.getByRole('cell', { name: `K${at}`, exact: true }).waitFor();
  await errors.getByText('The value "seven" is not a number').waitFor();
  assert.match(new URL(page.url()).search, /import=\d+/);
  await shotsBothWidths(browser, server.base, page, 'import-refused', 'goa1');

  // nothing of it landed
  const before = await page.evaluate(async (p) => (await (await fetch(p)).json()).values, `/api/v1/returns/aht_monthly/${MONTH}/${NORTH_GOA}`);
  assert.deepEqual(before, {});

  rescued[2][V] = '7';
  writeFileSync(filled, csvOf(rows));
  await page.getByLabel('File (XLSX or CSV, at most 50 MB)').setInputFiles(filled);
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await page.getByText('6 values imported').waitFor();
  await page.getByText(/into 1 return of 1 district/).waitFor();
  await page.getByText('104 rows were left empty and changed nothing.').waitFor();
  const recent = page.getByRole('region', { name: 'Recent imports' });
  assert.equal(await recent.getByRole('row').count(), 3, 'two imports and the header');
  await shotsBothWidths(browser, server.base, page, 'import-done', 'goa1');

  // the values are in North Goa's return, a draft still
  await page.goto(`/returns/aht_monthly/${MONTH}/${NORTH_GOA}`);
  await page.getByRole('heading', { level: 1, name: 'Monthly AHT return' }).waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Victims rescued: Female, Below 18', exact: true }).inputValue(), '1');
  assert.equal(await page.getByRole('textbox', { name: 'Victims rescued: Male, Below 18', exact: true }).inputValue(), '7');
  await page.context().close();
});

test('the Cell sees the import and downloads the values entered', async () => {
  const page = await signedInPage(browser, server.base, 'cell1');
  await page.goto('/returns/import');
  await page.getByRole('heading', { level: 1, name: 'Import and export returns' }).waitFor();
  assert.equal(await page.getByLabel('File (XLSX or CSV, at most 50 MB)').count(), 0, 'the Cell does not upload');
  await page.getByRole('region', { name: 'Recent imports' }).getByRole('link', { name: 'goa-filled.csv' }).first().waitFor();
  const file = await download(page, 'CSV (values)');
  const rows = rowsOf(readFileSync(file, 'utf8'));
  assert.equal(rows.length - 1, 6);
  assert.ok(rows.slice(1).every((r) => r[3] === 'Goa' && r[5] === 'North Goa' && r[12] === 'draft'));
  await shotsBothWidths(browser, server.base, page, 'import-cell', 'cell1');
  await page.context().close();
});
