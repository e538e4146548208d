// Case records and their analysis in the browser, on the demo's synthetic cases: the Cell opens
// the map, clicks a destination district and sees its top source districts, then a State and
// downloads its profile as a PDF that pdftoppm renders; a State user records a case through the
// form (a victim's route from Gumla to Mumbai), finds it in the list, opens the names (audited),
// imports a file with a mistake (told the row and column) and then a right one; a viewer sees
// the suppressed figures; a visitor the public statistics. Screenshots at 1280 and 360 px.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, signedInPage, newPage, mainNav, shotsBothWidths, assertClean } from './harness.mjs';

let server;
let browser;
let dir;
const MUMBAI = 482;
const WB = 19;

before(async () => {
  server = await startServer({
    cell1: { role: 'cell', jurisdiction: 'national', name: 'Meera Iyer' },
    wb1: { role: 'state', jurisdiction: `state:${WB}`, name: 'Arup Sen' },
    view1: { role: 'viewer', jurisdiction: 'national', name: 'Viewer One' },
  }, { demo: true });
  browser = await launchBrowser();
  dir = mkdtempSync(path.join(tmpdir(), 'ahtcell-cases-'));
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the Cell: the map, a destination district\'s top sources, a State\'s profile as PDF', async () => {
  const page = await signedInPage(browser, server.base, 'cell1');
  await mainNav(page).getByRole('link', { name: 'Analysis' }).click();
  await page.getByRole('heading', { level: 1, name: 'Analysis of the cases' }).waitFor();
  const map = page.locator('.tile-map svg');
  await map.waitFor();
  assert.ok(await page.locator('.tile-map .tile').count() === 36, 'a tile for each State/UT');
  assert.match(await page.locator('.tile-map-note').innerText(), /not as their boundaries/);
  await page.waitForLoadState('networkidle');
  await shotsBothWidths(browser, server.base, page, 'analysis-map', 'cell1');

  // Mumbai, a destination of the demo's routes
  await page.locator(`circle[data-district="${MUMBAI}"]`).click();
  const panel = page.getByTestId('district-panel');
  await panel.getByRole('heading', { name: /^Mumbai, Maharashtra/ }).waitFor();
  assert.match(await panel.locator('.class-chip').innerText(), /destination/i);
  const sources = panel.getByRole('list', { name: 'Top source districts' });
  await sources.waitFor();
  const items = await sources.getByRole('listitem').allInnerTexts();
  assert.ok(items.length >= 3, `top sources listed: ${items}`);
  assert.ok(items.some((t) => /West Bengal|Jharkhand|Bihar|Odisha|Assam|Nepal|Bangladesh/.test(t)), `the source belt among them: ${items}`);
  await page.screenshot({ path: '/tmp/shots/analysis-district-1280.png', fullPage: true });

  // West Bengal's tile, then its profile
  // the tiles answer the keyboard too: focus West Bengal's and press Enter
  await page.locator(`rect[data-state="${WB}"]`).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 2, name: 'West Bengal' }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.profile-links').getByRole('link', { name: 'PDF' }).click(),
  ]);
  const pdf = path.join(dir, 'west-bengal.pdf');
  await download.saveAs(pdf);
  const r = spawnSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '60', '-png', pdf, path.join(dir, 'page')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const png = [path.join(dir, 'page-1.png'), path.join(dir, 'page-01.png')].find(existsSync);
  assert.ok(png && statSync(png).size > 5000, 'page 1 of the profile renders');
  const text = spawnSync('pdftotext', ['-l', '1', pdf, '-'], { encoding: 'utf8' }).stdout;
  assert.match(text, /State profile: West Bengal/);
  assert.match(text, /Recruited here/);

  // the routes and the trends below the map
  await page.getByRole('heading', { level: 2, name: /Routes between States/ }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Trends' }).waitFor();
  await assertClean(page, 'analysis');
  await page.context().close();
});

test('a State user records a case through the form, finds it, opens the names', async () => {
  const page = await signedInPage(browser, server.base, 'wb1');
  await mainNav(page).getByRole('link', { name: 'Cases' }).click();
  await page.getByRole('heading', { level: 1, name: 'Case records' }).waitFor();
  await page.waitForLoadState('networkidle');
  await shotsBothWidths(browser, server.base, page, 'cases-list', 'wb1');
  await page.getByRole('link', { name: 'Record a case' }).click();
  await page.getByRole('heading', { level: 1, name: 'Record a case' }).waitFor();
  await page.locator('#cf-district').selectOption({ label: 'Howrah' });
  await page.locator('#cf-ps').fill('GRP Howrah');
  await page.locator('#cf-fir').fill('BT-7/2026');
  await page.locator('#cf-date').fill('2026-03-02');
  await page.locator('#cf-sections').fill('BNS 143; JJ Act 79');
  await page.locator('#v0-age').fill('15');
  await page.locator('#v0-purposes-domestic_servitude').check();
  await page.locator('#v0-control-FalsePromises').check();
  await page.locator('#v0-src-kind').selectOption('district');
  await page.locator('#v0-src-state').selectOption({ label: 'Jharkhand' });
  await page.locator('#v0-src-district').selectOption({ label: 'Gumla' });
  await page.locator('#v0-dst-kind').selectOption('district');
  await page.locator('#v0-dst-state').selectOption({ label: 'Maharashtra' });
  await page.locator('#v0-dst-district').selectOption({ label: 'Mumbai' });
  await page.locator('#v0-name').fill('Sunita Test-Oraon');
  await page.waitForLoadState('networkidle');
  await shotsBothWidths(browser, server.base, page, 'case-form', 'wb1');
  await page.getByRole('button', { name: 'Record the case' }).click();
  await page.getByRole('heading', { level: 1, name: 'FIR BT-7/2026' }).waitFor();
  const route = await page.locator('.route').first().innerText();
  assert.match(route, /Gumla, Jharkhand.*Mumbai, Maharashtra/s);
  assert.equal(await page.getByText('Sunita Test-Oraon').count(), 0, 'names are not shown until asked for');
  await page.getByRole('button', { name: 'Show names, contacts and photos' }).click();
  await page.getByText('Sunita Test-Oraon').waitFor();
  const photo = path.join(dir, 'photo.png');
  writeFileSync(photo, Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082', 'hex'));
  await page.locator('input[type="file"][id^="ph-"]').first().setInputFiles(photo);
  const img = page.getByRole('img', { name: /^Photo of victim V-/ });
  await img.waitFor();
  assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth === 1), 'the photo is shown');
  await shotsBothWidths(browser, server.base, page, 'case', 'wb1');
  await page.goto('/cases?q=BT-7');
  await page.getByRole('link', { name: 'BT-7/2026' }).waitFor();
  await assertClean(page, 'cases list');
  await page.context().close();
});

test('a State user imports a file: told the row and column of a mistake, then imported', async () => {
  const page = await signedInPage(browser, server.base, 'wb1');
  await page.goto('/cases/import');
  await page.getByRole('heading', { level: 1, name: 'Import cases from a file' }).waitFor();
  const bad = path.join(dir, 'bad.csv');
  writeFileSync(bad, 'district_lgd,police_station,fir_number,fir_date,gender,nationality,purposes\n'
    + '313,PS Howrah,IMP-1/2026,2026-02-01,Female,IN,forced_labour\n313,PS Howrah,IMP-2/2026,2026-02-01,Female,IN,smuggling\n');
  await page.locator('#ci-file').setInputFiles(bad);
  await page.getByRole('button', { name: 'Import' }).click();
  const problems = page.getByRole('region', { name: 'Problems' });
  await problems.waitFor();
  const row = await problems.getByRole('row').nth(1).innerText();
  assert.match(row, /3\s+purposes\s+'smuggling' is not on the list/);
  await shotsBothWidths(browser, server.base, page, 'cases-import', 'wb1');
  const good = path.join(dir, 'good.csv');
  writeFileSync(good, 'district_lgd,police_station,fir_number,fir_date,gender,nationality,purposes\n'
    + '313,PS Howrah,IMP-1/2026,2026-02-01,Female,IN,forced_labour\n313,PS Howrah,IMP-2/2026,2026-02-01,Female,IN,begging\n');
  await page.locator('#ci-file').setInputFiles(good);
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByText('2 cases with 2 victims imported.').waitFor();
  await assertClean(page, 'import');
  await page.context().close();
});

test('a viewer sees the published figures; a visitor the public statistics', async () => {
  const page = await signedInPage(browser, server.base, 'view1');
  await mainNav(page).getByRole('link', { name: 'Analysis' }).click();
  await page.getByRole('heading', { level: 1, name: 'Analysis of the cases' }).waitFor();
  await page.getByText(/As a viewer you see the published figures/).waitFor();
  await page.getByRole('region', { name: 'Problem districts, ranked' }).waitFor();
  const cells = await page.getByRole('region', { name: 'Problem districts, ranked' }).locator('td.num').allInnerTexts();
  assert.ok(cells.includes('<11'), 'small counts shown as <11');
  assert.ok(cells.every((t) => t === '<11' || t === 'x' || /^\d/.test(t) && Number(t.replace(/,/g, '')) >= 11 || /^\d+$/.test(t)), 'nothing under 11 but ranks');
  assert.equal(await mainNav(page).getByRole('link', { name: 'Cases' }).count(), 0, 'no case records for a viewer');
  await page.waitForLoadState('networkidle');
  await shotsBothWidths(browser, server.base, page, 'analysis-viewer', 'view1');
  await page.context().close();

  const visitor = await newPage(browser, server.base);
  await visitor.goto('/');
  await visitor.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Statistics' }).click();
  await visitor.getByRole('heading', { level: 1, name: 'Trafficking statistics' }).waitFor();
  await visitor.getByRole('table', { name: /Victims by State\/UT and sex/ }).waitFor();
  const nums = await visitor.locator('td.num').allInnerTexts();
  assert.ok(nums.some((t) => t === '<11'));
  assert.ok(nums.every((t) => t === '<11' || t === 'x' || Number(t.replace(/,/g, '')) >= 11), `no count under 11: ${nums.filter((t) => !(t === '<11' || t === 'x' || Number(t.replace(/,/g, '')) >= 11))}`);
  await visitor.waitForLoadState('networkidle');
  await shotsBothWidths(browser, server.base, visitor, 'statistics', null);
  await visitor.context().close();
});
