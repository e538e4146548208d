// Analysis of returns in the browser: two years of accepted monthly returns (victims rescued
// in every district, loaded with `ahtcell import returns --accept`), the Cell opens Analysis
// from the Returns page: a bar chart and table by State/UT whose totals are the file's; the
// change on a year before; the trend by period as a line; rates per lakh; the chart
// downloaded as PNG and SVG and the table as CSV, each a real file. Screenshots at 1280 and
// 360 px.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, startServer, launchBrowser, signedInPage, mainNav, shotsBothWidths } from './harness.mjs';

let server;
let browser;
let dir;
const OD = '21';

function month(n) {
  const d = new Date(Date.now() + 330 * 60000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)).toISOString().slice(0, 7);
}
const MONTHS = Array.from({ length: 24 }, (_, i) => month(i - 24));   // the 24 months before this one
const rows = (text) => text.replace(/^\uFEFF/, '').trim().split('\n').map((l) => l.split(','));
const sums = {};   // [state][month] → victims rescued

before(async () => {
  server = await startServer({ cell1: { role: 'cell', jurisdiction: 'national', name: 'Meera Iyer' } });
  browser = await launchBrowser();
  dir = mkdtempSync(path.join(tmpdir(), 'ahtcell-analysis-'));
  // the districts and cells, from the national template of one month (names hold no commas)
  const t = spawnSync(BIN, ['export', 'returns', '--dataset', 'aht_monthly', '--period', MONTHS[0], '--template',
    '--indicator', 'victims_rescued', '--data', server.dataDir], { encoding: 'utf8' });
  assert.equal(t.status, 0, t.stderr);
  const cells = rows(t.stdout).slice(1);
  const out = ['dataset,period,district_lgd,indicator,combo,value'];
  MONTHS.forEach((m, mi) => {
    for (const r of cells) {
      const v = (Number(r[4]) + mi + r[8].length) % 7;
      out.push(`aht_monthly,${m},${r[4]},victims_rescued,${r[8]},${v}`);
      sums[r[2]] = sums[r[2]] || {};
      sums[r[2]][m] = (sums[r[2]][m] || 0) + v;
    }
  });
  const file = path.join(dir, 'two-years.csv');
  writeFileSync(file, out.join('\n') + '\n');
  const imp = spawnSync(BIN, ['import', 'returns', file, '--as', 'cell1', '--accept', '--data', server.dataDir], { encoding: 'utf8' });
  assert.equal(imp.status, 0, imp.stderr);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sumOf = (state, months) => months.reduce((a, m) => a + (sums[state][m] || 0), 0);
const fmt = (n) => n.toLocaleString('en-IN');

async function download(page, action) {
  const [d] = await Promise.all([page.waitForEvent('download'), action()]);
  const file = path.join(dir, d.suggestedFilename());
  await d.saveAs(file);
  return file;
}

test('the Cell analyses victims rescued by State, on a year before, by period, per lakh, and downloads it', async () => {
  const page = await signedInPage(browser, server.base, 'cell1');
  await mainNav(page).getByRole('link', { name: 'Returns', exact: true }).click();
  await page.getByRole('link', { name: 'Analysis of returns', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Analysis of returns' }).waitFor();
  await page.getByLabel('Indicator', { exact: true }).selectOption({ label: 'Victims rescued' });
  await page.getByLabel('To', { exact: true }).selectOption(MONTHS[23]);
  const last12 = MONTHS.slice(12);
  await page.getByLabel('From', { exact: true }).selectOption(last12[0]);

  // by State: Odisha's total is the file's
  const table = page.getByRole('region', { name: 'The figures' });
  const odisha = table.getByRole('row', { name: /^Odisha / });
  await odisha.getByRole('cell', { name: fmt(sumOf(OD, last12)), exact: true }).first().waitFor();
  const chart = page.getByRole('img', { name: /^Victims rescued, .* by State\/UT$/ });
  await chart.locator('svg').first().waitFor();   // drawn as SVG once ECharts' chunk has loaded
  const all = Object.keys(sums).reduce((a, s) => a + sumOf(s, last12), 0);
  await page.getByText(`${fmt(all)} in all`).waitFor();
  await shotsBothWidths(browser, server.base, page, 'analysis-states', 'cell1');

  // on a year before: the change, row by row
  await page.getByLabel('Compare with').selectOption({ label: 'A year before' });
  await table.getByRole('columnheader', { name: /Change/ }).waitFor();
  const now = sumOf(OD, last12), was = sumOf(OD, MONTHS.slice(0, 12));
  const change = Math.round(((now - was) * 1000) / was) / 10;
  const shown = `${change > 0 ? '+' : change < 0 ? '−' : ''}${Math.abs(change).toLocaleString('en-IN', { maximumFractionDigits: 1 })}%`;
  await odisha.getByRole('cell', { name: shown, exact: true }).waitFor();
  await odisha.getByRole('cell', { name: fmt(was), exact: true }).waitFor();

  // by period: a trend line, and the table's rows are the months
  await page.getByLabel('Rows', { exact: true }).selectOption({ label: 'Period' });
  await page.getByRole('img', { name: /^Trend of Victims rescued/ }).waitFor();
  assert.equal(await table.locator('tbody tr').count(), 12);
  await shotsBothWidths(browser, server.base, page, 'analysis-trend', 'cell1');

  // per lakh, by State
  await page.getByLabel('Rows', { exact: true }).selectOption({ label: 'State/UT' });
  await page.getByLabel('Compare with').selectOption({ label: 'No comparison' });
  await page.getByLabel('Rates per lakh (Census 2011)').check();
  await table.getByRole('columnheader', { name: /Per lakh/ }).waitFor();
  await page.getByRole('img', { name: /per lakh population$/ }).waitFor();
  assert.match(new URL(page.url()).search, /rate=1/);

  // downloads: the chart as PNG and SVG, the table as CSV — real files
  const png = await download(page, () => page.getByRole('button', { name: 'PNG' }).click());
  assert.deepEqual([...readFileSync(png).subarray(0, 4)], [0x89, 0x50, 0x4E, 0x47]);
  const svg = await download(page, () => page.getByRole('button', { name: 'SVG' }).click());
  assert.match(readFileSync(svg, 'utf8'), /^<svg[\s\S]*Victims rescued[\s\S]*<\/svg>$/);
  const csv = await download(page, () => page.getByRole('link', { name: 'CSV' }).click());
  const text = readFileSync(csv, 'utf8');
  assert.match(text, /"State\/UT",.*"Total","Per lakh population"/);
  assert.match(text, new RegExp(`"Odisha","${sumOf(OD, last12)}","${sumOf(OD, last12)}",`));
  assert.match(text, /"Total",/);
  await shotsBothWidths(browser, server.base, page, 'analysis-rates', 'cell1');
  await page.context().close();
});
