// Coordination meetings and the follow-up of their action points: the Cell schedules a
// meeting with Odisha (LGD 21) and West Bengal (19) — a wrong video link is shown at its
// field — and gives both an action point due 10 days ago; Odisha confirms its attendee and
// files an action-taken report (meanwhile the minutes are uploaded with the meeting, and
// the Cell marks it held and invites Goa); the Cell returns it with a comment, which Odisha sees,
// and accepts the next one; the follow-up list then shows West Bengal overdue and Odisha
// closed, and the digest of West Bengal lists it, as e-mail text too.
// Then the second register, placement agencies: a State user adds one, the Cell suspends
// it with a reason, and the status filter and the lapsing-licence toggle find it.
// Screenshots of every screen at 1280 and 360 px.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, signIn, shot, layoutProblems, unexpectedProblems, signedInPage, fieldBox, control, mainNav, dayIST } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({
    cell1: { role: 'cell', jurisdiction: 'national', name: 'Meera Iyer' },
    od1: { role: 'state', jurisdiction: 'state:21', name: 'Bikash Sahu' },
    wb1: { role: 'state', jurisdiction: 'state:19', name: 'Rina Ghosh' },
    view1: { role: 'viewer', jurisdiction: 'national', name: 'Nita Viewer' },
  });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const day = dayIST;
/* "9 Nov 2026" of a YYYY-MM-DD date. */
function shown(d) {
  const [y, m, dd] = d.split('-').map(Number);
  return `${dd} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${y}`;
}

const TITLE = 'Meeting of State nodal officers on AHTUs';
const DUE = day(-10);
const AP_TEXT = 'Send the list of working AHTUs with their notifications';
const FIRST_REPORT = 'The list of 12 AHTUs was sent by letter no. 45/CID of 3 November.';
const COMMENT = 'Attach the notification of each unit, not only the list.';
const SECOND_REPORT = 'The 12 notifications are attached to letter no. 51/CID.';

let meetingId = null;
let apId = null;
let agencyId = null;

function signedIn(login, width = 1280) {
  return signedInPage(browser, server.base, login, width);
}


test('the Cell schedules a meeting with Odisha and West Bengal; a wrong video link is shown at its field', async () => {
  const page = await signedIn('cell1');
  await mainNav(page).getByRole('link', { name: 'Meetings', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Coordination meetings' }).waitFor();
  await page.getByText('No meeting has been scheduled yet.').waitFor();
  await page.getByRole('link', { name: 'Schedule a meeting' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Schedule a meeting' }).waitFor();

  // Nothing filled in: the browser says what is missing, at each field, and sends nothing.
  let posts = 0;
  page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/meetings') posts++; });
  await page.getByRole('button', { name: 'Schedule the meeting' }).click();
  await fieldBox(page, 'Title').locator('.field-msg', { hasText: 'Enter the title of the meeting.' }).waitFor();
  await fieldBox(page, 'Starts').locator('.field-msg', { hasText: 'Enter the day and time the meeting starts.' }).waitFor();
  assert.equal(posts, 0);

  await control(page, 'Title').fill(TITLE);
  await control(page, 'Kind').selectOption('nodal_officers');
  await control(page, 'Starts').fill(`${day(-20)}T10:30`);
  await control(page, 'Ends (optional)').fill(`${day(-20)}T13:00`);
  await control(page, 'Venue (optional)').fill('NDCC-II, Jai Singh Road, New Delhi');
  await control(page, 'Chair (optional)').fill('Joint Secretary (Women Safety)');
  await control(page, 'Video link (optional)').fill('vc.gov.in/aht-nodal');
  await page.getByLabel('Agenda item 1').fill('Review of the AHTUs set up');
  await page.getByRole('button', { name: 'Add an agenda item' }).click();
  await page.getByLabel('Agenda item 2').fill('Training calendar');
  await page.getByRole('checkbox', { name: 'Odisha' }).check();
  await page.getByRole('checkbox', { name: 'West Bengal' }).check();
  await page.getByText('2 of 36 chosen').waitFor();

  // The server refuses the video link: its message is shown at the field.
  await page.getByRole('button', { name: 'Schedule the meeting' }).click();
  await fieldBox(page, 'Video link (optional)').locator('.field-msg', { hasText: 'must be a web address starting with https://' }).waitFor();
  assert.equal(await control(page, 'Video link (optional)').getAttribute('aria-invalid'), 'true');
  await page.getByRole('alert').filter({ hasText: 'Please correct the marked field.' }).waitFor();

  await control(page, 'Video link (optional)').fill('https://vc.gov.in/aht-nodal');
  const post = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/meetings');
  await page.getByRole('button', { name: 'Schedule the meeting' }).click();
  const req = await post;
  const body = JSON.parse(req.postData());
  assert.equal(body.title, TITLE);
  assert.equal(body.kind, 'nodal_officers');
  assert.equal(body.starts_at, `${day(-20)}T10:30`);
  assert.deepEqual(body.agenda, ['Review of the AHTUs set up', 'Training calendar']);
  assert.deepEqual([...body.invited].sort(), [19, 21]);
  assert.ok(req.headers()['x-csrf-token'], 'the request carries the CSRF token');
  assert.ok(req.headers()['idempotency-key'], 'the request carries an Idempotency-Key');

  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await page.getByText('Meeting scheduled, 2 States/UTs invited.').waitFor();
  meetingId = Number(/^\/meetings\/(\d+)$/.exec(new URL(page.url()).pathname)[1]);
  const invitees = page.locator('.invitees-table tbody tr');
  assert.equal(await invitees.count(), 2);
  assert.match(await invitees.filter({ hasText: 'Odisha' }).innerText(), /Not confirmed/);
  await page.locator('.agenda li', { hasText: 'Training calendar' }).waitFor();
  // No minutes yet: the Cell is offered the upload, with this meeting.
  await page.getByText('No minutes in the library yet.').waitFor();
  assert.equal(await page.getByRole('link', { name: 'Upload the minutes of this meeting' }).getAttribute('href'),
    `/library/upload?meeting=${meetingId}`);

  // An action point for every State invited, due ten days ago.
  await page.getByRole('button', { name: 'Add an action point…' }).click();
  await page.getByRole('button', { name: 'Add the action point' }).click();
  await fieldBox(page, 'Action point').locator('.field-msg', { hasText: 'Write the action point.' }).waitFor();
  await control(page, 'Action point').fill(AP_TEXT);
  await control(page, 'Due on').fill(DUE);
  assert.equal(await page.getByRole('radio', { name: 'Every State/UT invited (2)' }).isChecked(), true);
  const apPost = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/api/v1/meetings/${meetingId}/action-points`));
  await page.getByRole('button', { name: 'Add the action point' }).click();
  const apReq = await apPost;
  assert.deepEqual(JSON.parse(apReq.postData()), { text: AP_TEXT, due_on: DUE, states: 'invited' });
  assert.ok(apReq.headers()['idempotency-key']);
  await page.getByText('Action point 1 added, for 2 States/UTs.').waitFor();
  const apRow = page.locator('.ap-table tbody tr', { hasText: AP_TEXT });
  await apRow.locator('.ap-status', { hasText: 'Odisha: Open, overdue' }).waitFor();
  await apRow.locator('.ap-status', { hasText: 'West Bengal: Open, overdue' }).waitFor();
  apId = Number(/\/action-points\/(\d+)$/.exec(await apRow.getByRole('link', { name: AP_TEXT }).getAttribute('href'))[1]);

  // The list: the meeting with its counts; its downloads carry the same query.
  await page.getByRole('link', { name: 'All meetings' }).click();
  const row = page.locator('tbody tr', { has: page.getByRole('link', { name: TITLE }) });
  await row.waitFor();
  assert.equal(await row.locator('td[data-label="States invited"]').innerText(), '2');
  assert.equal(await row.locator('td[data-label="Action points"]').innerText(), '1');
  assert.equal(await row.locator('td[data-label="Open for States"]').innerText(), '2');
  await page.getByLabel('Kind').selectOption('nodal_officers');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('kind') === 'nodal_officers');
  await row.waitFor();
  assert.equal(await page.getByRole('link', { name: /^CSV/ }).getAttribute('href'), '/api/v1/meetings?kind=nodal_officers&format=csv');
  await page.getByLabel('Kind').selectOption('training_planning');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText('No meeting matches this search.').waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test('the Cell uploads the minutes with the meeting; they are listed on its page', async () => {
  assert.ok(meetingId, 'the scheduling test ran first');
  const page = await signedIn('cell1');
  await page.goto(`/meetings/${meetingId}`);
  await page.getByRole('link', { name: 'Upload the minutes of this meeting' }).click();
  await page.getByRole('heading', { level: 1, name: 'Upload the minutes of a meeting' }).waitFor();
  await page.getByRole('note').filter({ hasText: `These minutes will be filed with the meeting ${TITLE}` }).waitFor();
  assert.equal(await page.getByLabel('Category').inputValue(), 'minutes');
  assert.equal(await page.getByLabel('Category').isDisabled(), true);
  assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), `Minutes of the ${TITLE}`);
  await page.getByLabel('File').setInputFiles({
    name: 'minutes.txt', mimeType: 'text/plain', buffer: Buffer.from('Minutes of the meeting of the State nodal officers.\n'),
  });
  const up = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/documents');
  await page.getByRole('button', { name: 'Upload and publish' }).click();
  const res = await up;
  assert.equal(res.status(), 201);
  const doc = await res.json();
  assert.equal(doc.meeting_id, meetingId);
  assert.equal(doc.category, 'minutes');
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await page.getByText('The minutes have been uploaded and filed with the meeting.').waitFor();
  await page.locator('.minutes-list').getByRole('link', { name: `Minutes of the ${TITLE}` }).click();
  await page.getByRole('heading', { level: 1, name: `Minutes of the ${TITLE}` }).waitFor();
  await page.getByRole('link', { name: 'The meeting these minutes record' }).waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test('the Odisha State user confirms its attendee, and sees only its own row', async () => {
  assert.ok(meetingId, 'the scheduling test ran first');
  const page = await signedIn('od1');
  await mainNav(page).getByRole('link', { name: 'Meetings', exact: true }).click();
  await page.getByRole('link', { name: TITLE }).click();
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await page.getByRole('heading', { name: 'Your State/UT' }).waitFor();
  const rows = page.locator('.invitees-table tbody tr');
  assert.equal(await rows.count(), 1);
  assert.ok(!(await page.locator('main').innerText()).includes('West Bengal'), 'another State is not shown');
  assert.equal(await page.getByRole('button', { name: 'Add an action point…' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Record attendance…' }).count(), 0);

  await page.getByRole('heading', { name: 'Confirm your attendee' }).waitFor();
  await page.getByRole('button', { name: 'Confirm the attendee' }).click();
  await fieldBox(page, 'Name of the attendee').locator('.field-msg', { hasText: 'Enter the name of the officer' }).waitFor();
  await control(page, 'Name of the attendee').fill('Shri A. K. Mishra, IPS');
  await control(page, 'Designation (optional)').fill('IGP, CID (CAW)');
  const confirm = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/meetings/${meetingId}/confirm`));
  await page.getByRole('button', { name: 'Confirm the attendee' }).click();
  assert.deepEqual(JSON.parse((await confirm).postData()), { attendee: 'Shri A. K. Mishra, IPS', attendee_designation: 'IGP, CID (CAW)' });
  await page.getByText('Confirmed: Shri A. K. Mishra, IPS will attend for Odisha.').waitFor();
  await page.getByRole('heading', { name: 'Change your attendee' }).waitFor();
  const own = await rows.first().innerText();
  assert.match(own, /Shri A\. K\. Mishra, IPS/);
  assert.ok(!own.includes('Not confirmed'));
  // Its own action point, without the other States' chips.
  await page.locator('.ap-table .ap-status', { hasText: /^Open, overdue$/ }).waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();

  // The Cell sees the confirmation, and records the attendance.
  const cell = await signedIn('cell1');
  await cell.goto(`/meetings/${meetingId}`);
  const od = cell.locator('.invitees-table tbody tr', { hasText: 'Odisha' });
  await od.getByText('Shri A. K. Mishra, IPS').waitFor();
  await cell.getByRole('button', { name: 'Record attendance…' }).click();
  await cell.getByLabel('Attendance of Odisha').selectOption('present');
  await cell.getByLabel('Attendance of West Bengal').selectOption('represented');
  await cell.getByLabel('West Bengal represented by').fill('Shri P. Roy, SP, CID');
  const att = cell.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/meetings/${meetingId}/attendance`));
  await cell.getByRole('button', { name: 'Save the attendance' }).click();
  const sent = JSON.parse((await att).postData()).attendance.sort((a, b) => a.state_lgd - b.state_lgd);
  assert.deepEqual(sent, [
    { state_lgd: 19, attendance: 'represented', represented_by: 'Shri P. Roy, SP, CID' },
    { state_lgd: 21, attendance: 'present' },
  ]);
  await cell.getByText('Attendance recorded for 2 States/UTs.').waitFor();
  await cell.locator('.invitees-table tbody tr', { hasText: 'West Bengal' }).getByText('Represented by Shri P. Roy, SP, CID').waitFor();
  assert.deepEqual(unexpectedProblems(cell), []);
  await cell.context().close();
});

test('the Cell marks the meeting held, adds to the agenda and invites Goa; a change made meanwhile is said', async () => {
  assert.ok(meetingId, 'the scheduling test ran first');
  const page = await signedIn('cell1');
  await page.goto(`/meetings/${meetingId}`);
  await page.getByRole('link', { name: 'Edit the meeting' }).click();
  await page.getByRole('heading', { level: 1, name: 'Edit the meeting' }).waitFor();
  assert.equal(await control(page, 'Title').inputValue(), TITLE);
  assert.equal(await page.getByLabel('Agenda item 2').inputValue(), 'Training calendar');
  assert.equal(await page.getByRole('checkbox', { name: /Odisha/ }).isChecked(), true);
  assert.equal(await page.getByRole('checkbox', { name: /Odisha/ }).isDisabled(), true);
  await page.getByText('2 invited, 0 to add').waitFor();

  // Someone else changes the meeting meanwhile (the same user, from another tab).
  await page.evaluate(async (id) => {
    const s = await (await fetch('/api/v1/session')).json();
    await fetch(`/api/v1/meetings/${id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf },
      body: JSON.stringify({ version: 1, chair: 'Additional Secretary' }),
    });
  }, meetingId);
  await control(page, 'Status').selectOption('held');
  await page.getByRole('button', { name: 'Add an agenda item' }).click();
  await page.getByLabel('Agenda item 3').fill('Any other matter');
  await page.getByRole('checkbox', { name: 'Goa' }).check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('alert').filter({ hasText: 'Someone changed this meeting' }).waitFor();
  await page.getByRole('button', { name: 'Load the latest version, keeping my changes' }).click();
  await page.waitForFunction(() => document.getElementById('mf-chair').value === 'Additional Secretary');
  assert.equal(await control(page, 'Status').inputValue(), 'held');
  const patch = page.waitForRequest((r) => r.method() === 'PATCH');
  await page.getByRole('button', { name: 'Save changes' }).click();
  assert.deepEqual(JSON.parse((await patch).postData()), {
    status: 'held', agenda: ['Review of the AHTUs set up', 'Training calendar', 'Any other matter'], invited: [30], version: 2,
  });
  await page.getByText('The meeting has been saved; 1 State/UT invited.').waitFor();
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await page.locator('.record-kind .tag', { hasText: 'Held' }).waitFor();
  await page.locator('.invitees-table tbody tr', { hasText: 'Goa' }).waitFor();
  await page.locator('.agenda li', { hasText: 'Any other matter' }).waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test('Odisha reports; the Cell returns the report with a comment, Odisha sees it, reports again, the Cell accepts', async () => {
  assert.ok(apId, 'the scheduling test ran first');
  const od = await signedIn('od1');
  await od.goto(`/meetings/${meetingId}`);
  await od.getByRole('link', { name: AP_TEXT }).click();
  await od.getByRole('heading', { level: 1, name: 'Action point 1' }).waitFor();
  await od.locator('.ap-quote', { hasText: AP_TEXT }).waitFor();
  await od.getByRole('heading', { name: 'File an action-taken report' }).waitFor();
  await od.getByRole('button', { name: 'File the report' }).click();
  await fieldBox(od, 'Action taken').locator('.field-msg', { hasText: 'Write what has been done' }).waitFor();
  await control(od, 'Action taken').fill(FIRST_REPORT);
  const rep = od.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/action-points/${apId}/reports`));
  await od.getByRole('button', { name: 'File the report' }).click();
  const repReq = await rep;
  assert.equal(JSON.parse(repReq.postData()).text, FIRST_REPORT);
  assert.ok(repReq.headers()['idempotency-key']);
  await od.getByText('Your report has been filed. The Cell will accept it, or return it with a comment.').waitFor();
  await od.locator('.report', { hasText: FIRST_REPORT }).getByText('Awaiting decision').waitFor();
  assert.equal(await od.getByRole('heading', { name: 'File an action-taken report' }).count(), 0, 'one report waits at a time');
  // A file attached to the report while it waits.
  await od.getByLabel('Attach a file to this report (optional)').setInputFiles({
    name: 'ahtu-list.txt', mimeType: 'text/plain', buffer: Buffer.from('AHTU Cuttack\nAHTU Ganjam\n'),
  });
  await od.getByRole('button', { name: 'Attach', exact: true }).click();
  const attached = od.locator('.report', { hasText: FIRST_REPORT }).getByRole('link', { name: /ahtu-list\.txt/ });
  await attached.waitFor();

  // The Cell: a return needs a comment, said at the comment field.
  const cell = await signedIn('cell1');
  await cell.goto(`/action-points/${apId}`);
  await cell.getByRole('heading', { level: 1, name: 'Action point 1' }).waitFor();
  const thread = cell.locator('#reports-21');
  await thread.locator('.report', { hasText: FIRST_REPORT }).waitFor();
  const file = await cell.request.get(await thread.getByRole('link', { name: /ahtu-list\.txt/ }).getAttribute('href'));
  assert.equal(file.status(), 200);
  assert.equal(await file.text(), 'AHTU Cuttack\nAHTU Ganjam\n');
  assert.equal(await cell.locator('#reports-19 .report').count(), 0);
  await cell.locator('#reports-19').getByText('No report from West Bengal yet.').waitFor();
  await thread.getByRole('button', { name: /^Return with a comment/ }).click();
  await fieldBox(cell, 'Comment of the Cell').locator('.field-msg', { hasText: 'Write a comment' }).waitFor();
  await thread.getByLabel('Comment of the Cell').fill(COMMENT);
  const ret = cell.waitForRequest((r) => r.method() === 'POST' && /\/api\/v1\/action-reports\/\d+\/return$/.test(r.url()));
  await thread.getByRole('button', { name: /^Return with a comment/ }).click();
  assert.deepEqual(JSON.parse((await ret).postData()), { comment: COMMENT });
  await cell.getByText('Report returned to Odisha with your comment.').waitFor();
  await thread.locator('.report-comment', { hasText: COMMENT }).waitFor();
  await thread.locator('h3 .ap-status', { hasText: 'Returned' }).waitFor();

  // Odisha sees the comment and files again.
  await od.reload();
  await od.getByRole('note').filter({ hasText: `The Cell returned the last report: ${COMMENT}` }).waitFor();
  await od.locator('.report-comment', { hasText: COMMENT }).waitFor();
  await control(od, 'Action taken').fill(SECOND_REPORT);
  await od.getByRole('button', { name: 'File the report' }).click();
  await od.getByText('Your report has been filed.', { exact: false }).waitFor();
  await shot(od, 'mtg-ap-state');

  // The Cell accepts it: closed for Odisha, and only for Odisha.
  await cell.reload();
  await thread.locator('.report', { hasText: SECOND_REPORT }).waitFor();
  await thread.getByRole('button', { name: /^Accept/ }).click();
  await cell.getByText('Report accepted: the action point is closed for Odisha.').waitFor();
  await thread.locator('h3 .ap-status', { hasText: 'Closed' }).waitFor();
  await cell.locator('#reports-19 h3 .ap-status', { hasText: 'Open' }).waitFor();
  const wbRow = cell.locator('.ap-states-table tbody tr', { hasText: 'West Bengal' });
  await wbRow.getByText('Overdue 10 days').waitFor();
  assert.match(await cell.locator('.ap-states-table tbody tr', { hasText: 'Odisha' }).innerText(), /Closed/);
  await shot(cell, 'mtg-ap-cell');
  assert.deepEqual(unexpectedProblems(cell), []);
  await cell.context().close();

  await od.reload();
  await od.getByText('the Cell accepted the report of Odisha', { exact: false }).waitFor();
  assert.equal(await od.getByRole('heading', { name: 'File an action-taken report' }).count(), 0);
  assert.deepEqual(unexpectedProblems(od), []);
  await od.context().close();
});

test('the follow-up list shows West Bengal overdue and Odisha closed; the digest lists it', async () => {
  assert.ok(apId, 'the scheduling test ran first');
  const page = await signedIn('cell1');
  await mainNav(page).getByRole('link', { name: 'Follow-up', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Follow-up of action points' }).waitFor();
  // The overdue view first: West Bengal, ten days late; Odisha's is closed, so not here.
  assert.equal(await page.getByRole('link', { name: 'Overdue', exact: true }).getAttribute('aria-current'), 'page');
  const rows = page.locator('.followup-table tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1);
  assert.equal(await rows.first().locator('td[data-label="State/UT"]').innerText(), 'West Bengal');
  await rows.first().getByText('Overdue 10 days').waitFor();
  assert.match(await rows.first().locator('td[data-label="Due"]').innerText(), new RegExp(shown(DUE)));
  assert.match(await rows.first().locator('td[data-label="Last report"]').innerText(), /None yet/);

  // Closed: Odisha, with the day it closed and no overdue mark.
  await page.getByRole('link', { name: 'Closed', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('view') === 'closed');
  const closed = page.locator('.followup-table tbody tr', { hasText: 'Odisha' });
  await closed.waitFor();
  assert.equal(await rows.count(), 1);
  assert.match(await closed.innerText(), /Closed on/);
  assert.equal(await closed.getByText(/Overdue/).count(), 0);

  // All, for West Bengal, sorted by meeting: the filters and the order live in the URL,
  // and the downloads carry them.
  await page.getByRole('link', { name: 'All', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('view') === 'all');
  await page.getByLabel('State/UT').selectOption({ label: 'West Bengal' });
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('state') === '19');
  await page.getByRole('button', { name: /^Meeting/ }).click();
  await page.waitForURL((u) => u.searchParams.get('sort') === 'meeting');
  await page.waitForFunction(() => {
    const trs = document.querySelectorAll('.followup-table tbody tr');
    return trs.length === 1 && trs[0].textContent.includes('West Bengal');
  });
  const csv = await page.getByRole('link', { name: /^CSV/ }).getAttribute('href');
  assert.equal(csv, '/api/v1/action-points?state=19&sort=meeting&format=csv');
  const res = await page.request.get(csv);
  assert.equal(res.status(), 200);
  assert.match(await res.text(), /West Bengal/);
  // Due in 14 days: nothing, and it says what is empty.
  await page.getByRole('link', { name: 'Due in 14 days', exact: true }).click();
  await page.getByText('No action point falls due in the next 14 days for West Bengal.').waitFor();

  // The digest of West Bengal, and its e-mail text.
  await page.getByRole('link', { name: 'Digest for a State/UT' }).click();
  await page.getByRole('heading', { level: 1, name: 'What is due: West Bengal' }).waitFor();
  await page.getByRole('heading', { name: 'Action points overdue (1)' }).waitFor();
  await page.locator('.followup-table', { hasText: AP_TEXT }).getByText('Overdue 10 days').waitFor();
  await page.getByRole('button', { name: 'Show as e-mail text' }).click();
  const mail = page.locator('pre.mail-text');
  await mail.waitFor();
  const text = await mail.innerText();
  assert.match(text, /^Subject: /);
  assert.ok(text.includes(AP_TEXT));
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();

  // West Bengal's own list and digest.
  const wb = await signedIn('wb1');
  await mainNav(wb).getByRole('link', { name: 'Follow-up', exact: true }).click();
  await wb.getByText('You see the action points of West Bengal.').waitFor();
  await wb.locator('.followup-table tbody tr').first().getByText('Overdue 10 days').waitFor();
  assert.equal(await wb.getByLabel('State/UT').count(), 0, 'a State user has no State filter');
  await wb.getByRole('link', { name: 'Digest of your State/UT' }).click();
  await wb.getByRole('heading', { level: 1, name: 'What is due: West Bengal' }).waitFor();
  assert.deepEqual(unexpectedProblems(wb), []);
  await wb.context().close();
});

test('placement agencies: a State user adds one; the Cell suspends it with a reason; the filters find it', async () => {
  const od = await signedIn('od1');
  await mainNav(od).getByRole('link', { name: 'Placement agencies', exact: true }).click();
  await od.getByRole('heading', { level: 1, name: 'Placement agencies' }).waitFor();
  assert.equal(await od.getByLabel('Show earlier terms').count(), 0, 'agencies have no terms');
  await od.getByRole('link', { name: 'Add a placement agency' }).first().click();
  await od.getByRole('heading', { level: 1, name: 'Add a placement agency' }).waitFor();
  assert.equal(await od.getByLabel('From', { exact: true }).count(), 0, 'no term to start');
  assert.equal(await control(od, 'State/UT').inputValue(), '21');
  await control(od, 'Name of the agency').fill('Kalinga Manpower Services');
  await control(od, 'Registration number').fill('OD/PPA/2024/017');
  await control(od, 'Address').fill('Plot 12, Saheed Nagar,\nBhubaneswar 751007');
  await control(od, 'Licence valid to').fill(day(20));
  await control(od, 'Status').selectOption('registered');
  await od.getByRole('button', { name: 'Add a placement agency' }).click();
  await od.getByRole('heading', { level: 1, name: 'Kalinga Manpower Services' }).waitFor();
  await od.getByText('Placement agency added.').waitFor();
  agencyId = Number(/\/registers\/agencies\/(\d+)$/.exec(new URL(od.url()).pathname)[1]);
  assert.equal(await od.getByRole('button', { name: /End the term/ }).count(), 0);
  assert.deepEqual(unexpectedProblems(od), []);
  await od.context().close();

  const page = await signedIn('cell1');
  await page.goto(`/registers/agencies/${agencyId}`);
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Edit the placement agency' }).waitFor();
  await control(page, 'Reason for the change (optional)').waitFor();
  await control(page, 'Status').selectOption('suspended');
  // A change of status needs its reason: the label says so, and the form asks for it.
  let patches = 0;
  page.on('request', (r) => { if (r.method() === 'PATCH') patches++; });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await fieldBox(page, 'Reason for the change').locator('.field-msg', { hasText: 'Give the reason for the change of status' }).waitFor();
  assert.equal(patches, 0);
  await control(page, 'Reason for the change').fill('Complaints of recruitment for forced labour');
  const patch = page.waitForRequest((r) => r.method() === 'PATCH');
  await page.getByRole('button', { name: 'Save changes' }).click();
  assert.deepEqual(JSON.parse((await patch).postData()),
    { status: 'suspended', version: 1, reason: 'Complaints of recruitment for forced labour' });
  await page.getByText('The changes have been saved.').waitFor();
  const entry = page.locator('.history-entry').first();
  await entry.waitFor();
  assert.match(await entry.innerText(), /Reason: Complaints of recruitment for forced labour/);
  assert.match(await entry.innerText(), /Status: Registered\s*→/);

  // The status filter and the lapsing-licence toggle find it; the query is in the URL.
  await mainNav(page).getByRole('link', { name: 'Placement agencies', exact: true }).click();
  await page.getByLabel('Status').selectOption('suspended');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('status') === 'suspended');
  const row = page.locator('tbody tr', { has: page.getByRole('link', { name: 'Kalinga Manpower Services' }) });
  await row.waitFor();
  assert.equal(await row.locator('td[data-label="Status"]').innerText(), 'Suspended');
  await page.getByLabel('Licence lapses within 30 days').check();
  await page.waitForURL((u) => u.searchParams.get('licence_valid_to_within') === '30' && u.searchParams.get('status') === 'suspended');
  await row.waitFor();
  assert.equal(await page.getByRole('link', { name: /^CSV/ }).getAttribute('href'),
    '/api/v1/agencies?status=suspended&licence_valid_to_within=30&format=csv');
  await page.getByLabel('Status').selectOption('cancelled');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText('No placement agency matches this search (Status: Cancelled; licence lapses within 30 days).').waitFor();
  await page.goto('/registers/agencies?status=registered');
  await page.getByText('No placement agency matches this search (Status: Registered).').waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

/* Screens: no unlabelled control, no sideways scrolling, one h1, at both widths. */
for (const width of [1280, 360]) {
  test(`meeting screens at ${width}px`, async () => {
    assert.ok(apId && agencyId, 'the earlier tests ran first');
    async function visit(page, name, path, title) {
      await page.goto(path);
      await page.waitForFunction((t) => document.title === t, title, { timeout: 5000 });
      await page.waitForLoadState('networkidle');
      await page.waitForFunction(() => !document.querySelector('.loading'));
      await shot(page, name);
      assert.deepEqual(await layoutProblems(page), [], `${path} at ${width}px`);
    }
    const page = await signedIn('cell1', width);
    for (const [name, path, title] of [
      ['mtg-list', '/meetings', 'Meetings · AHT Cell'],
      ['mtg-page', `/meetings/${meetingId}`, `${TITLE} · AHT Cell`],
      ['mtg-new', '/meetings/new', 'Schedule a meeting · AHT Cell'],
      ['mtg-edit', `/meetings/${meetingId}/edit`, `Edit: ${TITLE} · AHT Cell`],
      ['mtg-ap', `/action-points/${apId}`, `Action point 1: ${TITLE} · AHT Cell`],
      ['mtg-followup', '/follow-up', 'Follow-up · AHT Cell'],
      ['mtg-followup-all', '/follow-up?view=all', 'Follow-up · AHT Cell'],
      ['mtg-followup-none', '/follow-up?view=soon', 'Follow-up · AHT Cell'],
      ['mtg-digest-choose', '/digest', 'Digest · AHT Cell'],
      ['mtg-digest', '/digest?state=19', 'Digest: West Bengal · AHT Cell'],
      ['mtg-upload-minutes', `/library/upload?meeting=${meetingId}`, 'Upload the minutes of a meeting · AHT Cell'],
      ['agency-list', '/registers/agencies', 'Placement agencies · AHT Cell'],
      ['agency-record', `/registers/agencies/${agencyId}`, 'Kalinga Manpower Services · AHT Cell'],
      ['agency-edit', `/registers/agencies/${agencyId}/edit`, 'Edit: Kalinga Manpower Services · AHT Cell'],
      ['agency-new', '/registers/agencies/new', 'Add a placement agency · AHT Cell'],
    ]) await visit(page, name, path, title);
    // The forms that open in place.
    await page.goto(`/meetings/${meetingId}`);
    await page.getByRole('button', { name: 'Record attendance…' }).click();
    await page.getByRole('button', { name: 'Add an action point…' }).click();
    await page.getByRole('radio', { name: 'Some of the States/UTs invited' }).check();
    await shot(page, 'mtg-page-forms');
    assert.deepEqual(await layoutProblems(page), []);
    await page.goto('/digest?state=19');
    await page.getByRole('button', { name: 'Show as e-mail text' }).click();
    await page.locator('pre.mail-text').waitFor();
    await shot(page, 'mtg-digest-text');
    assert.deepEqual(await layoutProblems(page), []);
    await page.goto(`/meetings/${meetingId}/edit`);
    await page.getByRole('button', { name: 'Add an agenda item' }).click();
    await page.getByLabel('Agenda item 4').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'mf-agenda-3', 'the new agenda line takes focus');
    assert.equal(await page.getByRole('checkbox', { name: /Odisha/ }).isDisabled(), true, 'an invited State stays invited');
    assert.deepEqual(unexpectedProblems(page), []);
    await page.context().close();

    const od = await signedIn('od1', width);
    for (const [name, path, title] of [
      ['mtg-list-state', '/meetings', 'Meetings · AHT Cell'],
      ['mtg-page-state', `/meetings/${meetingId}`, `${TITLE} · AHT Cell`],
      ['mtg-ap-state', `/action-points/${apId}`, `Action point 1: ${TITLE} · AHT Cell`],
      ['mtg-followup-state', '/follow-up?view=all', 'Follow-up · AHT Cell'],
      ['mtg-digest-state', '/digest', 'Digest: Odisha · AHT Cell'],
    ]) await visit(od, name, path, title);
    await od.goto('/meetings/new');
    await od.getByRole('heading', { level: 1, name: 'Not available to your role' }).waitFor();
    assert.deepEqual(unexpectedProblems(od), []);
    await od.context().close();

    // A viewer reads the meetings and the follow-up, without buttons, and has no digest.
    const viewer = await signedIn('view1', width);
    await visit(viewer, 'mtg-list-viewer', '/meetings', 'Meetings · AHT Cell');
    assert.equal(await viewer.getByRole('link', { name: 'Schedule a meeting' }).count(), 0);
    await visit(viewer, 'mtg-page-viewer', `/meetings/${meetingId}`, `${TITLE} · AHT Cell`);
    assert.equal(await viewer.getByRole('button', { name: /Record attendance|Add an action point/ }).count(), 0);
    await visit(viewer, 'mtg-followup-viewer', '/follow-up?view=all', 'Follow-up · AHT Cell');
    assert.equal(await viewer.getByRole('link', { name: /Digest/ }).count(), 0);
    await viewer.goto('/digest');
    await viewer.getByRole('heading', { level: 1, name: 'Not available to your role' }).waitFor();
    assert.deepEqual(unexpectedProblems(viewer), []);
    await viewer.context().close();
  });
}
