// Documents: a Cell officer uploads a PDF through the form; once its text is indexed, the
// portal's search finds it by a word that is only in the file, highlighted; a visitor finds
// it in the public list and downloads the same bytes. Corrigendum, new version, withdraw and
// restore through the document page; the 50 MB check before sending. Screenshots of the
// portal, a search, a document, the library and the upload form at 1280 and 360 px.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, newPage, signIn, shot, layoutProblems, unexpectedProblems } from './harness.mjs';

let server;
let browser;
let tmp;

before(async () => {
  server = await startServer({
    cell1: { role: 'cell', jurisdiction: 'national', name: 'Meera Iyer' },
  }, { demo: true });
  browser = await launchBrowser();
  tmp = mkdtempSync(path.join(tmpdir(), 'ahtcell-docs-'));
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/*
 * A small, well-formed one-page PDF whose text is `lines` in the standard Type 1 font
 * Helvetica (no font embedded), with a correct cross-reference table so that poppler
 * reads it without repairing it.
 */
function makePdf(lines) {
  const esc = (s) => s.replace(/[\\()]/g, (c) => '\\' + c);
  const text = lines.map((l, i) => (i === 0 ? `(${esc(l)}) Tj` : `T* (${esc(l)}) Tj`)).join('\n');
  const content = `BT\n/F1 12 Tf\n16 TL\n72 720 Td\n${text}\nET\n`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) pdf += `${String(off).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

const WORD = 'zyxqoriander';
const TITLE = 'Advisory on shelter homes for rescued victims dated 14.08.2026';
const PDF = makePdf([
  'Government of India, Ministry of Home Affairs',
  'Anti Trafficking Cell',
  `States shall follow the ${WORD} protocol when rescued victims are moved`,
  'to shelter homes, and report each transfer to the nodal officer.',
]);

async function signedInCell(width = 1280) {
  const page = await newPage(browser, server.base, width);
  await signIn(page, 'cell1');
  await page.getByRole('heading', { level: 1, name: 'Welcome, Meera Iyer' }).waitFor();
  return page;
}

/* Fills the upload form's file and details (the page shows /library/upload already). */
async function fillUpload(page, { file, name, title, category, issued, group }) {
  await page.getByLabel('File', { exact: true }).setInputFiles({ name, mimeType: 'application/pdf', buffer: file });
  await page.getByLabel('Title', { exact: true }).fill(title);
  if (category) await page.getByLabel('Category').selectOption(category);
  if (issued) await page.getByLabel('Date of issue (optional)').fill(issued);
  if (group) await page.getByLabel('Group').fill(group);
}

/* The id in /documents/ID of the page's URL. */
function docId(page) {
  const m = /\/documents\/(\d+)$/.exec(new URL(page.url()).pathname);
  assert.ok(m, `not a document page: ${page.url()}`);
  return Number(m[1]);
}

/* Searches the portal at `base` until a result titled `title` shows (the text is indexed
   off the request path, within seconds); returns that result. */
async function searchUntilFound(page, base, q, title) {
  const deadline = Date.now() + 15000;
  for (;;) {
    await page.goto(`${base}?q=${encodeURIComponent(q)}`);
    await page.locator('.results-heading, .empty-state').first().waitFor();
    const hit = page.locator('.result', { has: page.getByRole('link', { name: title, exact: true }) });
    if (await hit.count()) return hit;
    if (Date.now() > deadline) assert.fail(`searching "${q}" did not find "${title}" within 15 s`);
    await page.waitForTimeout(700);
  }
}

let uploadedId = null;

test('a Cell officer uploads a PDF; search finds a word of its text; a visitor downloads it', async () => {
  const page = await signedInCell();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Manage library' }).click();
  await page.getByRole('heading', { level: 1, name: 'Document library' }).waitFor();
  await page.getByRole('link', { name: 'Upload a document' }).click();
  await page.getByRole('heading', { level: 1, name: 'Upload a document' }).waitFor();

  await fillUpload(page, { file: PDF, name: 'shelter-advisory.pdf', title: TITLE, category: 'advisory', issued: '2026-08-14' });
  await page.getByLabel('Reference number (optional)').fill('F.No. 15011/99/2026-AHT');
  const posts = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/documents') posts.push(r.headers());
  });
  await page.getByRole('button', { name: 'Upload and publish' }).click();
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await page.getByText('The document has been uploaded.').waitFor();
  uploadedId = docId(page);
  assert.equal(posts.length, 1);
  assert.ok(posts[0]['x-csrf-token'], 'the upload carries the CSRF token');
  assert.ok(posts[0]['idempotency-key'], 'the upload carries an Idempotency-Key');
  assert.match(posts[0]['content-type'], /^multipart\/form-data; boundary=/);

  // The document page: details, the file, Open and Download.
  await page.locator('dd', { hasText: 'F.No. 15011/99/2026-AHT' }).waitFor();
  await page.locator('dd', { hasText: '14 Aug 2026' }).waitFor();
  const open = page.getByRole('link', { name: /^Open/ });
  assert.equal(await open.getAttribute('href'), `/api/v1/documents/${uploadedId}/file`);
  assert.equal(await page.getByRole('link', { name: 'Download', exact: true }).getAttribute('href'),
    `/api/v1/documents/${uploadedId}/file?download=1`);
  await page.getByRole('heading', { name: 'Manage' }).waitFor();

  // Search by a word that is only in the file's text (signed in: /documents is the portal).
  assert.ok(!TITLE.toLowerCase().includes(WORD));
  const hit = await searchUntilFound(page, '/documents', WORD, TITLE);
  assert.equal((await hit.locator('mark').first().textContent()).toLowerCase(), WORD);
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();

  // A visitor (a fresh context, no session): the public list, the search, the download.
  const visitor = await newPage(browser, server.base, 1280);
  await visitor.goto('/');
  await visitor.getByRole('heading', { level: 1, name: 'Anti Trafficking Cell — Documents' }).waitFor();
  const row = visitor.locator('tr', { has: visitor.getByRole('link', { name: TITLE, exact: true }) });
  await row.waitFor();
  const dl = row.getByRole('link', { name: /^Download/ });
  // "Download (1.02 KB) pdf" on screen; the document's title is there for screen readers.
  assert.match(await dl.evaluate((a) => [...a.childNodes].filter((n) => n.nodeType === 3).map((n) => n.data).join('')),
    /^Download \(\d+(\.\d+)? (B|KB)\) pdf$/);
  const [download] = await Promise.all([visitor.waitForEvent('download'), dl.click()]);
  assert.match(download.suggestedFilename(), /\.pdf$/);
  const got = readFileSync(await download.path());
  assert.ok(got.equals(PDF), 'the downloaded bytes are the uploaded file');

  // The search box (the text is indexed by now: the Cell's search found it).
  await visitor.getByLabel('Search the documents').fill(WORD);
  await visitor.getByRole('button', { name: 'Search', exact: true }).click();
  await visitor.waitForURL((u) => u.pathname === '/' && u.searchParams.get('q') === WORD);
  const vhit = visitor.locator('.result', { has: visitor.getByRole('link', { name: TITLE, exact: true }) });
  await vhit.waitFor();
  assert.equal((await vhit.locator('mark').first().textContent()).toLowerCase(), WORD);
  assert.equal(await vhit.locator('mark').first().evaluate((m) => m.children.length), 0, 'the hit is text');
  // Back returns to the list; the search lived in the URL.
  await visitor.goBack();
  await visitor.waitForURL((u) => u.pathname === '/' && !u.search);
  await visitor.locator('table.portal-table').first().waitFor();
  // The visitor sees the document's page without the Cell's buttons.
  await visitor.goto(`/documents/${uploadedId}`);
  await visitor.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  assert.equal(await visitor.getByRole('heading', { name: 'Manage' }).count(), 0);
  assert.deepEqual(unexpectedProblems(visitor), []);
  await visitor.context().close();
});

test('corrigendum, new version, withdraw and restore from the document page', async () => {
  assert.ok(uploadedId, 'the upload test ran first');
  const page = await signedInCell();
  await page.goto(`/documents/${uploadedId}`);
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();

  // Edit: a summary added, the reference cleared (PATCH with null).
  await page.getByRole('link', { name: 'Edit details' }).click();
  await page.getByRole('heading', { level: 1, name: "Edit the document's details" }).waitFor();
  assert.equal(await page.getByLabel('Reference number (optional)').inputValue(), 'F.No. 15011/99/2026-AHT');
  await page.getByLabel('Reference number (optional)').fill('');
  await page.getByLabel('Summary (optional)').fill('How States move rescued victims to shelter homes.');
  const patch = page.waitForRequest((r) => r.method() === 'PATCH');
  await page.getByRole('button', { name: 'Save changes' }).click();
  assert.deepEqual(JSON.parse((await patch).postData()),
    { reference: null, summary: 'How States move rescued victims to shelter homes.' });
  await page.getByText('The changes have been saved.').waitFor();
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await page.getByText('How States move rescued victims to shelter homes.').waitFor();
  assert.equal(await page.locator('dt', { hasText: 'Reference' }).locator('xpath=following-sibling::dd[1]').innerText(), '—');

  // A corrigendum: the form knows what it corrects.
  await page.getByRole('link', { name: 'Add corrigendum' }).click();
  await page.getByRole('heading', { level: 1, name: 'Add a corrigendum' }).waitFor();
  assert.equal(await page.getByLabel('Corrects document no.').inputValue(), String(uploadedId));
  assert.equal(await page.getByLabel('Category').inputValue(), 'corrigendum');
  const corrTitle = 'Corrigendum to the advisory on shelter homes';
  await fillUpload(page, { file: makePdf(['Corrigendum: read 30 days for 15 days in para 3.']), name: 'corrigendum.pdf', title: corrTitle });
  await page.getByRole('button', { name: 'Upload and publish' }).click();
  await page.getByRole('heading', { level: 1, name: corrTitle }).waitFor();
  await page.getByText('Corrigendum to:').waitFor();
  await page.getByRole('link', { name: TITLE, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await page.locator('.corrigenda li', { hasText: corrTitle }).waitFor();

  // A new version: the details come from the old one.
  await page.getByRole('link', { name: 'Upload new version' }).click();
  await page.getByRole('heading', { level: 1, name: 'Upload a new version' }).waitFor();
  await page.waitForFunction((t) => document.getElementById('doc-title').value === t, TITLE);
  const v2Title = TITLE.replace('14.08.2026', '01.09.2026');
  await fillUpload(page, { file: makePdf(['Revised advisory on shelter homes.']), name: 'v2.pdf', title: v2Title, issued: '2026-09-01' });
  await page.getByRole('button', { name: 'Upload the new version' }).click();
  await page.getByRole('heading', { level: 1, name: v2Title }).waitFor();
  const v2 = docId(page);
  await page.getByRole('heading', { name: 'Version history' }).waitFor();
  await page.goto(`/documents/${uploadedId}`);
  await page.getByText('A newer version of this document exists.').waitFor();
  await page.getByRole('link', { name: /See the latest version/ }).click();
  await page.waitForURL((u) => u.pathname === `/documents/${v2}`);

  // Withdraw with a reason: the public then gets "not public"; restore brings it back.
  await page.getByRole('heading', { level: 1, name: v2Title }).waitFor();
  await page.getByRole('button', { name: 'Withdraw…' }).click();
  await page.getByRole('button', { name: 'Withdraw the document' }).click();
  await page.getByText('Give the reason for withdrawing the document.').waitFor();
  await page.getByLabel('Reason for withdrawal').fill('Issued by mistake; see the circular of 02.09.2026.');
  await page.getByRole('button', { name: 'Withdraw the document' }).click();
  await page.getByText('This document has been withdrawn').waitFor();
  await page.getByText('Reason: Issued by mistake; see the circular of 02.09.2026.').waitFor();
  await shot(page, 'docs-withdrawn');

  const visitor = await newPage(browser, server.base, 360);
  await visitor.goto(`/documents/${v2}`);
  await visitor.getByRole('heading', { level: 1, name: 'This document does not exist or is not public' }).waitFor();
  assert.equal(await visitor.title(), 'Document not found · AHT Cell');
  assert.ok(!(await visitor.locator('main').innerText()).includes('Issued by mistake'));
  await shot(visitor, 'docs-not-found');

  await page.getByRole('button', { name: 'Restore' }).click();
  await page.getByText('The document has been restored.').waitFor();
  await visitor.reload();
  await visitor.getByRole('heading', { level: 1, name: v2Title }).waitFor();

  // The library lists withdrawn documents on request.
  await page.goto('/library?status=withdrawn');
  await page.getByRole('heading', { level: 1, name: 'Document library' }).waitFor();
  await page.locator('.empty-state, table.library-table').first().waitFor();
  assert.equal(await page.getByRole('link', { name: v2Title }).count(), 0);
  assert.deepEqual(unexpectedProblems(page), []);
  assert.deepEqual(unexpectedProblems(visitor), []);
  await visitor.context().close();
  await page.context().close();
});

test('a file over 50 MB is refused before anything is sent', async () => {
  const page = await signedInCell();
  await page.goto('/library/upload');
  await page.getByRole('heading', { level: 1, name: 'Upload a document' }).waitFor();
  const big = path.join(tmp, 'big.pdf');
  writeFileSync(big, Buffer.alloc(50 * 1024 * 1024 + 1, 0x20));
  let posted = false;
  page.on('request', (r) => { if (r.method() === 'POST') posted = true; });
  await page.getByLabel('File', { exact: true }).setInputFiles(big);
  await page.getByText('the largest file that can be uploaded is 50 MB', { exact: false }).first().waitFor();
  await page.getByLabel('Title', { exact: true }).fill('Too big');
  await page.getByLabel('Category').selectOption('report');
  await page.getByRole('button', { name: 'Upload and publish' }).click();
  await page.getByRole('alert').filter({ hasText: 'Please correct the marked fields.' }).waitFor();
  assert.equal(posted, false);
  assert.equal(await page.getByLabel('File', { exact: true }).getAttribute('aria-invalid'), 'true');
  await page.context().close();
});

async function visit(page, name, url, ready) {
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('.loading'));
  await shot(page, name);
  assert.deepEqual(await layoutProblems(page), [], `${url} at ${page.viewportSize().width}px`);
}

for (const width of [1280, 360]) {
  test(`document screens at ${width}px`, async () => {
    const id = uploadedId || 1;
    const visitor = await newPage(browser, server.base, width);
    await visit(visitor, 'docs-portal', '/', (p) => p.locator('table.portal-table').first().waitFor());
    await visit(visitor, 'docs-search', '/?q=trafficking', (p) => p.locator('.results-heading').waitFor());
    assert.ok(await visitor.locator('.result mark').count() > 0, 'the search highlights its words');
    await visit(visitor, 'docs-search-none', '/?q=qqqqzzzzxxxx', (p) => p.getByText('No documents match').waitFor());
    await visit(visitor, 'docs-document', `/documents/${id}`, (p) => p.getByRole('link', { name: 'Download', exact: true }).waitFor());
    assert.deepEqual(unexpectedProblems(visitor), []);
    await visitor.context().close();

    const page = await signedInCell(width);
    await visit(page, 'docs-document-cell', `/documents/${id}`, (p) => p.getByRole('heading', { name: 'Manage' }).waitFor());
    await visit(page, 'docs-library', '/library', (p) => p.locator('table.library-table').waitFor());
    await visit(page, 'docs-upload', '/library/upload', (p) => p.getByLabel('File', { exact: true }).waitFor());
    await visit(page, 'docs-edit', `/documents/${id}/edit`, (p) => p.getByLabel('Title', { exact: true }).waitFor());
    assert.deepEqual(unexpectedProblems(page), []);
    await page.context().close();
  });
}
