// Best practices and awards, in the browser as their users meet them.
// Odisha (LGD 21) writes a best practice and attaches a file; it submits it, which locks it;
// the Cell cannot return it without a comment, returns it with one, which Odisha sees; Odisha
// edits and resubmits; the Cell accepts and publishes it, and makes the Compendium, which
// lands in the library. A visitor finds the practice on the portal by a word of its text;
// a practice still in draft is never shown there.
// Awards: the Cell opens a call for 2026 (a register of the national level: no State/UT);
// Odisha nominates an officer from the call (year and award filled in); the Cell shortlists
// and awards; the visitor sees the awardee, and not the evidence.
// Screenshots of every screen at 1280 and 360 px.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, signedInPage, fieldBox, control, mainNav, assertClean, shotsBothWidths,
} from './harness.mjs';

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

const TITLE = 'Rescue of child labourers from the bangle units of Jaipur';
const RESULTS = 'Between April 2024 and March 2025, 142 children were rescued and 37 employers arrested.';
const COMMENT = 'Give the number of cases chargesheeted, not only the arrests.';
const MORE = ' 29 cases were chargesheeted within 60 days.';
const WORD = 'bangle';
const OFFICER = 'Smt. Sasmita Nayak, Inspector';

let practiceId = null;
let nominationId = null;

function signedIn(login, width = 1280) {
  return signedInPage(browser, server.base, login, width);
}

const clean = assertClean;
function shots(page, name, login) {
  return shotsBothWidths(browser, server.base, page, name, login);
}

test('Odisha writes a best practice, attaches a file and submits it; it is then locked', async () => {
  const page = await signedIn('od1');
  await mainNav(page).getByRole('link', { name: 'Best practices', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Best practices' }).waitFor();
  await page.getByRole('link', { name: 'Add a best practice' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Add a best practice' }).waitFor();
  // The workflow's fields are not in the form.
  assert.equal(await page.getByLabel('Status').count(), 0);
  assert.equal(await page.getByLabel('Comments of the Cell').count(), 0);
  await control(page, 'Title').fill(TITLE);
  await control(page, 'Theme').selectOption('rescue');
  await control(page, 'District(s)').fill('Khordha, Cuttack');
  await control(page, 'Period').fill('April 2024 – March 2025');
  await control(page, 'The problem').fill('Children from Odisha were taken to the bangle units of Jaipur.');
  await control(page, 'What was done').fill('A joint team of the AHTU and the Rajasthan police raided 40 units.');
  await control(page, 'Results, with figures').fill(RESULTS);
  await control(page, 'Contact').fill('SP, CID Crime Branch, Cuttack');
  await page.getByRole('button', { name: 'Add a best practice' }).click();
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  practiceId = Number(/\/registers\/practices\/(\d+)$/.exec(new URL(page.url()).pathname)[1]);
  await page.locator('.record-kind .tag', { hasText: 'Draft' }).waitFor();

  // A file, while it is a draft.
  await page.getByText('No file is attached.').waitFor();
  await page.getByLabel('Attach a file to this best practice').setInputFiles({
    name: 'raid-report.txt', mimeType: 'text/plain', buffer: Buffer.from('Report of the joint raid, 12 June 2024.\n'),
  });
  await page.getByRole('button', { name: 'Attach', exact: true }).click();
  await page.getByRole('list', { name: 'Files of this best practice' }).getByRole('link', { name: /raid-report\.txt/ }).waitFor();
  await shots(page, 'practice-draft', 'od1');

  await page.getByRole('button', { name: 'Submit for review' }).click();
  await page.getByText('Done: the best practice is now submitted for review.').waitFor();
  await page.locator('.record-kind .tag', { hasText: 'Submitted for review' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Edit', exact: true }).count(), 0, 'a submitted practice cannot be edited');
  assert.equal(await page.getByLabel('Attach a file to this best practice').count(), 0, 'nor given more files');
  await page.getByText('Nothing for you to do on this best practice while it is submitted for review.').waitFor();
  // The edit page says why, rather than a form the server would refuse.
  await page.goto(`/registers/practices/${practiceId}/edit`);
  await page.getByText('This best practice is submitted for review: it can be changed only while it is draft or returned with comments.').waitFor();
  await clean(page, 'practice locked');
  await page.context().close();
});

test('the Cell returns it with a comment; Odisha sees the comment, edits and resubmits', async () => {
  const cell = await signedIn('cell1');
  await cell.goto(`/registers/practices/${practiceId}`);
  await cell.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await cell.getByRole('heading', { level: 2, name: 'Review' }).waitFor();
  // The Cell reads the State's file too.
  await cell.getByRole('list', { name: 'Files of this best practice' }).getByRole('link', { name: /raid-report\.txt/ }).waitFor();
  await cell.getByRole('button', { name: 'Return with comments…' }).click();
  let sent = 0;
  cell.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/return')) sent++; });
  await cell.getByRole('button', { name: 'Return with comments', exact: true }).click();
  await fieldBox(cell, 'Return with comments: your comment').locator('.field-msg', { hasText: 'Write the comment: it goes back to Odisha.' }).waitFor();
  assert.equal(sent, 0, 'nothing is sent without the comment');
  await control(cell, 'Return with comments: your comment').fill(COMMENT);
  await shots(cell, 'practice-review', 'cell1');
  await cell.getByRole('button', { name: 'Return with comments', exact: true }).click();
  await cell.getByText('Done: the best practice is now returned with comments.').waitFor();
  assert.equal(sent, 1);
  await cell.context().close();

  const od = await signedIn('od1');
  await od.goto(`/registers/practices/${practiceId}`);
  await od.getByRole('note').filter({ hasText: COMMENT }).waitFor();
  await od.locator('.record-kind .tag', { hasText: 'Returned with comments' }).waitFor();
  await shots(od, 'practice-returned', 'od1');
  await od.getByRole('link', { name: 'Edit', exact: true }).click();
  await od.getByRole('heading', { level: 1, name: 'Edit the best practice' }).waitFor();
  await control(od, 'Results, with figures').fill(RESULTS + MORE);
  await od.getByRole('button', { name: /^Save/ }).click();
  await od.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await od.locator('.facts').getByText(MORE.trim()).waitFor();
  await od.getByRole('button', { name: 'Submit for review' }).click();
  await od.locator('.record-kind .tag', { hasText: 'Submitted for review' }).waitFor();
  // The history keeps the Cell's comment as the reason of the return.
  await od.locator('.history-reason', { hasText: COMMENT }).waitFor();
  await od.context().close();
});

test('the Cell accepts and publishes it and makes the Compendium into the library', async () => {
  const cell = await signedIn('cell1');
  await cell.goto(`/registers/practices/${practiceId}`);
  await cell.getByRole('button', { name: 'Accept', exact: true }).click();
  await cell.getByText('Done: the best practice is now accepted.').waitFor();
  await cell.getByRole('button', { name: 'Publish', exact: true }).click();
  await cell.getByText('Done: the best practice is now published.').waitFor();
  await cell.locator('.record-kind .tag', { hasText: 'Published' }).waitFor();
  await shots(cell, 'practice-published', 'cell1');

  await mainNav(cell).getByRole('link', { name: 'Best practices', exact: true }).click();
  await cell.getByRole('heading', { level: 1, name: 'Best practices' }).waitFor();
  // The status filter finds it; a State user cannot add practices for the Cell.
  await cell.getByLabel('Status').selectOption('published');
  await cell.getByRole('button', { name: 'Search' }).click();
  await cell.locator('.register-table tbody tr', { hasText: TITLE }).waitFor();
  assert.equal(await cell.getByRole('link', { name: 'Add a best practice' }).count(), 0);
  await cell.getByRole('button', { name: 'Make the Compendium…' }).click();
  await cell.getByText('Make the Compendium of every published practice as one PDF').waitFor();
  await shots(cell, 'practices-list', 'cell1');
  const made = cell.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/practices/compendium'));
  await cell.getByRole('group', { name: 'Make the Compendium' }).getByRole('button', { name: 'Make the Compendium' }).click();
  const res = await made;
  assert.equal(res.status(), 201);
  const { document: doc, practices } = await res.json();
  assert.equal(practices, 1);
  const link = cell.getByRole('status').getByRole('link', { name: doc.title });
  await link.waitFor();
  await cell.getByText(', with 1 practice, is in the library.').waitFor();
  await link.click();
  await cell.getByRole('heading', { level: 1, name: doc.title }).waitFor();
  // It is the new version of the Cell's compendium in the library.
  await cell.getByText(/Version 2/).first().waitFor();
  await clean(cell, 'compendium document');
  await cell.context().close();
});

test('a visitor finds the published practice on the portal by a word; drafts are never shown', async () => {
  // West Bengal's draft, which must not reach the public.
  const wb = await signedIn('wb1');
  const draft = await wb.evaluate(async () => {
    const s = await (await fetch('/api/v1/session')).json();
    const r = await fetch('/api/v1/practices', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf },
      body: JSON.stringify({ title: 'Draft of the bangle units of Howrah', theme: 'rescue', problem: 'p', action: 'a', results: 'r' }),
    });
    return r.status;
  });
  assert.equal(draft, 201);
  await wb.context().close();

  const page = await newPage(browser, server.base, 1280);
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Best practices' }).click();
  await page.getByRole('heading', { level: 1, name: 'Best practices against human trafficking' }).waitFor();
  await page.getByRole('searchbox', { name: 'Search' }).fill(WORD);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByText('1 practice found').waitFor();
  assert.equal(await page.getByText('Draft of the bangle units of Howrah').count(), 0);
  await page.getByRole('link', { name: TITLE }).waitFor();
  // The compendium is linked from the page.
  await page.locator('.portal-links a', { hasText: /COMPENDIUM/i }).waitFor();
  await shots(page, 'portal-practices', null);
  await page.getByRole('link', { name: TITLE }).click();
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Results, with figures' }).waitFor();
  await page.getByText(RESULTS + MORE).waitFor();
  assert.equal(await page.getByText(COMMENT).count(), 0, 'the Cell\'s comments are not public');
  await shots(page, 'portal-practice', null);
  // Nothing for a theme it is not in.
  await page.goto(`/practices?q=${WORD}&theme=prosecution`);
  await page.getByText('No published practice matches this search.').waitFor();
  await page.context().close();
});

test('awards: the Cell opens a call, Odisha nominates from it, the Cell awards, the public sees the awardee', async () => {
  const cell = await signedIn('cell1');
  await mainNav(cell).getByRole('link', { name: 'Awards', exact: true }).click();
  await cell.getByRole('heading', { level: 1, name: 'Calls for award nominations' }).waitFor();
  await cell.getByRole('link', { name: 'Add a call for nominations' }).first().click();
  await cell.getByRole('heading', { level: 1, name: 'Add a call for nominations' }).waitFor();
  assert.equal(await cell.getByLabel('State/UT').count(), 0, 'a national call has no State/UT');
  await control(cell, 'Year').fill('2026');
  await control(cell, 'Award').fill('Award for outstanding work against human trafficking');
  await control(cell, 'Who may be nominated, and for what').fill('Officers of the AHTUs, for work done in 2025-26.');
  await control(cell, 'Last date for nominations').fill('2026-12-31');
  await control(cell, 'Status').selectOption('open');
  await cell.getByRole('button', { name: 'Add a call for nominations' }).click();
  await cell.getByRole('heading', { level: 1, name: 'Award for outstanding work against human trafficking' }).waitFor();
  const callPath = new URL(cell.url()).pathname;
  await shots(cell, 'award-call', 'cell1');

  const od = await signedIn('od1');
  await od.goto(callPath);
  await od.getByRole('link', { name: 'Nominate an officer' }).click();
  await od.getByRole('heading', { level: 1, name: 'Add a nomination' }).waitFor();
  assert.equal(await control(od, 'Year').inputValue(), '2026');
  assert.equal(await control(od, 'Award').inputValue(), 'Award for outstanding work against human trafficking');
  await control(od, 'Officer nominated').fill(OFFICER);
  await control(od, 'Rank and designation').fill('Inspector, AHTU Cuttack');
  await control(od, 'Unit').fill('AHTU Cuttack');
  await control(od, 'Citation').fill('Led the rescue of 142 children from the bangle units of Jaipur.');
  await control(od, 'Evidence').fill('FIR 112/2024 of Cuttack Sadar PS; chargesheet of 2 Aug 2024.');
  await od.getByRole('button', { name: 'Add a nomination' }).click();
  await od.getByRole('heading', { level: 1, name: OFFICER }).waitFor();
  nominationId = Number(/\/registers\/nominations\/(\d+)$/.exec(new URL(od.url()).pathname)[1]);
  await od.getByRole('button', { name: 'Submit for review' }).click();
  await od.locator('.record-kind .tag', { hasText: 'Nominated' }).waitFor();
  await od.context().close();

  await cell.goto(callPath);
  await cell.getByRole('link', { name: 'Nominations for this call' }).click();
  await cell.getByRole('heading', { level: 1, name: 'Award nominations' }).waitFor();
  assert.equal(await cell.getByLabel('Year').inputValue(), '2026');
  await cell.getByRole('link', { name: OFFICER }).click();
  await cell.getByRole('button', { name: 'Shortlist', exact: true }).click();
  await cell.locator('.record-kind .tag', { hasText: 'Shortlisted' }).waitFor();
  await cell.getByRole('button', { name: 'Award', exact: true }).click();
  await cell.locator('.record-kind .tag', { hasText: 'Awarded' }).waitFor();
  await shots(cell, 'nomination-awarded', 'cell1');
  await cell.context().close();

  const page = await newPage(browser, server.base, 1280);
  await page.goto('/awards');
  await page.getByRole('heading', { level: 1, name: 'Awards for outstanding anti-trafficking work' }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Calls for nominations now open' }).waitFor();
  await page.getByRole('heading', { level: 2, name: '2026' }).waitFor();
  await page.getByRole('rowheader', { name: new RegExp(OFFICER.replace(/[.,]/g, '.')) }).waitFor();
  assert.equal(await page.getByText('FIR 112/2024').count(), 0, 'the evidence is not public');
  await shots(page, 'portal-awards', null);
  await page.context().close();
  assert.ok(nominationId > 0);
});
