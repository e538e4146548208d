// Coordination meetings and the follow-up of their action points, through
// the real binary: scheduling and invitations, attendees confirmed by the
// States, attendance, minutes from the library, action points assigned to
// States, action-taken reports accepted or returned by the Cell, the
// follow-up list (overdue, per State, exports) and each State's digest.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, Client, assertError, assertStatus, makePdf, uploadDocument, uploadAttachment } from './lib.mjs';

const OD = 21; // Odisha
const WB = 19; // West Bengal
const MH = 27; // Maharashtra, never invited
let srv, cell, admin, viewer, od, wb, mh;
let meeting, ap1, ap2;

// YYYY-MM-DD, days from today in India Standard Time (the server's day).
function day(days) {
  const t = new Date(Date.now() + 19800e3 + days * 86400e3);
  return t.toISOString().slice(0, 10);
}

before(async () => {
  srv = await Server.start({
    setup: (s) => {
      s.addUser('mt-cell', { role: 'cell' });
      s.addUser('mt-admin', { role: 'admin' });
      s.addUser('mt-viewer', { role: 'viewer' });
      s.addUser('mt-od', { role: 'state', jurisdiction: `state:${OD}` });
      s.addUser('mt-wb', { role: 'state', jurisdiction: `state:${WB}` });
      s.addUser('mt-mh', { role: 'state', jurisdiction: `state:${MH}` });
    },
  });
  [cell, admin, viewer, od, wb, mh] = await Promise.all(['mt-cell', 'mt-admin', 'mt-viewer', 'mt-od', 'mt-wb', 'mt-mh']
    .map((l) => Client.signedIn(srv, l)));
});
after(async () => { if (srv) await srv.stop(); });

const base = () => ({
  title: 'Meeting of State/UT nodal officers on anti human trafficking', kind: 'nodal_officers',
  starts_at: `${day(-40)}T10:30`, ends_at: `${day(-40)}T13:00`, venue: 'North Block, New Delhi',
  chair: 'Joint Secretary (Centre-State)', agenda: ['Review of AHTUs', 'Missing children: tracing'],
  invited: [OD, WB],
});

describe('scheduling', () => {
  it('the Cell schedules a meeting and invites States', async () => {
    const r = await cell.post('/api/v1/meetings', base());
    assertStatus(r, 201);
    meeting = r.json;
    assert.equal(meeting.kind_label, 'Meeting of State/UT nodal officers');
    assert.deepEqual(meeting.agenda, ['Review of AHTUs', 'Missing children: tracing']);
    assert.deepEqual(meeting.invitees.map((i) => i.state).sort(), ['Odisha', 'West Bengal']);
    assert.equal(meeting.status, 'scheduled');
  });
  const bad = [
    [{ kind: 'party' }, 'kind'],
    [{ starts_at: '2026-13-01T10:00' }, 'starts_at'],
    [{ starts_at: '2026-03-01 10:00' }, 'starts_at'],
    [{ starts_at: '2026-03-01T24:00' }, 'starts_at'],
    [{ ends_at: `${day(-41)}T09:00` }, 'ends_at'],
    [{ title: '' }, 'title'],
    [{ video_link: 'ftp://x' }, 'video_link'],
    [{ agenda: 'one item' }, 'agenda'],
    [{ agenda: ['ok', 'x'.repeat(501)] }, 'agenda'],
    [{ agenda: Array(51).fill('item') }, 'agenda'],
    [{ invited: [OD, 999] }, 'invited'],
    [{ invited: 'some' }, 'invited'],
    [{ secret: 1 }, 'secret'],
  ];
  for (const [change, field] of bad) {
    it(`refuses ${JSON.stringify(change).slice(0, 50)} naming ${field}`, async () => {
      const e = assertError(await cell.post('/api/v1/meetings', { ...base(), ...change }), 400, 'request.invalid');
      assert.equal(e.field, field, e.message);
    });
  }
  it('only the Cell schedules', async () => {
    assertError(await od.post('/api/v1/meetings', base()), 403);
    assertError(await srv.request('POST', '/api/v1/meetings', { json: base() }), 401);
  });
});

describe('who sees a meeting', () => {
  it('an invited State sees it, with only its own invitee row', async () => {
    const r = await od.get(`/api/v1/meetings/${meeting.id}`);
    assertStatus(r, 200);
    assert.deepEqual(r.json.invitees.map((i) => i.state_lgd), [OD]);
    assert.equal(r.json.invited, 1, 'counts are of what the State may see: other States are not counted');
    assert.equal((await cell.get(`/api/v1/meetings/${meeting.id}`)).json.invited, 2);
    // filtering by another State's invitation reveals nothing
    assert.equal((await od.get(`/api/v1/meetings?state=${WB}`)).json.total, 0);
    assert.equal((await cell.get(`/api/v1/meetings?state=${WB}`)).json.total, 1);
    const list = await od.get('/api/v1/meetings');
    assert.ok(list.json.items.some((m) => m.id === meeting.id));
  });
  it('a State not invited neither sees nor counts it', async () => {
    assertError(await mh.get(`/api/v1/meetings/${meeting.id}`), 404);
    const list = await mh.get('/api/v1/meetings');
    assert.equal(list.json.total, 0);
    assertError(await mh.post(`/api/v1/meetings/${meeting.id}/confirm`, { attendee: 'X' }), 404);
  });
  it('the public sees nothing', async () => {
    assertError(await srv.request('GET', '/api/v1/meetings'), 401);
  });
});

describe('attendees and attendance', () => {
  it('each State confirms whom it sends; one State cannot confirm for another', async () => {
    let r = await od.post(`/api/v1/meetings/${meeting.id}/confirm`, { attendee: 'Shri A. K. Mishra, IPS', attendee_designation: 'IGP, CID' });
    assertStatus(r, 200);
    assert.equal(r.json.invitees[0].attendee, 'Shri A. K. Mishra, IPS');
    r = await wb.post(`/api/v1/meetings/${meeting.id}/confirm`, { attendee: 'Shri B. Sen' });
    assertStatus(r, 200);
    const full = await cell.get(`/api/v1/meetings/${meeting.id}`);
    const by = Object.fromEntries(full.json.invitees.map((i) => [i.state_lgd, i]));
    assert.equal(by[OD].attendee, 'Shri A. K. Mishra, IPS', 'West Bengal\'s confirmation left Odisha\'s alone');
    assert.equal(by[WB].attendee, 'Shri B. Sen');
    assert.equal(assertError(await od.post(`/api/v1/meetings/${meeting.id}/confirm`, {}), 400).field, 'attendee');
    assertError(await cell.post(`/api/v1/meetings/${meeting.id}/confirm`, { attendee: 'X' }), 403);
  });
  it('the Cell records who came, only for invited States', async () => {
    const r = await cell.post(`/api/v1/meetings/${meeting.id}/attendance`, { attendance: [
      { state_lgd: OD, attendance: 'present' }, { state_lgd: WB, attendance: 'represented', represented_by: 'DIG, CID' }] });
    assertStatus(r, 200);
    const by = Object.fromEntries(r.json.invitees.map((i) => [i.state_lgd, i]));
    assert.equal(by[WB].attendance, 'represented');
    assert.equal(by[WB].represented_by, 'DIG, CID');
    assertError(await cell.post(`/api/v1/meetings/${meeting.id}/attendance`, { attendance: [{ state_lgd: MH, attendance: 'present' }] }), 400);
    assertError(await cell.post(`/api/v1/meetings/${meeting.id}/attendance`, { attendance: [{ state_lgd: OD, attendance: 'late' }] }), 400);
  });
  it('edits keep versions: a stale copy is refused, States can be added', async () => {
    const cur = (await cell.get(`/api/v1/meetings/${meeting.id}`)).json;
    let r = await cell.patch(`/api/v1/meetings/${meeting.id}`, { status: 'held', version: cur.version, invited: [MH] });
    assertStatus(r, 200);
    assert.equal(r.json.status, 'held');
    assert.equal(r.json.invited, 3);
    assert.equal(r.json.title, cur.title, 'fields not sent are kept');
    assertError(await cell.patch(`/api/v1/meetings/${meeting.id}`, { status: 'cancelled', version: cur.version }), 409, 'record.changed');
    // Maharashtra now sees it
    assertStatus(await mh.get(`/api/v1/meetings/${meeting.id}`), 200);
  });
});

describe('minutes from the library', () => {
  it('shows the minutes linked to the meeting, and their corrigendum with them', async () => {
    const m = await uploadDocument(srv, cell, { title: 'Minutes of the nodal officers\' meeting', category: 'minutes', meeting_id: String(meeting.id) },
      makePdf(['minutes of the meeting']));
    assertStatus(m, 201);
    const c = await uploadDocument(srv, cell, { title: 'Corrigendum on the minutes', category: 'corrigendum', corrects_id: String(m.json.id) },
      makePdf(['corrigendum']));
    assertStatus(c, 201);
    const r = await od.get(`/api/v1/meetings/${meeting.id}`);
    assert.equal(r.json.minutes.length, 1);
    assert.equal(r.json.minutes[0].id, m.json.id);
    assert.deepEqual(r.json.minutes[0].corrigenda.map((x) => x.id), [c.json.id]);
  });
});

describe('action points and reports', () => {
  it('the Cell assigns action points to invited States, to some, or to all', async () => {
    let r = await cell.post(`/api/v1/meetings/${meeting.id}/action-points`, { text: 'Set up AHTUs in every district', due_on: day(-10), states: 'invited' });
    assertStatus(r, 201);
    ap1 = r.json;
    assert.equal(ap1.number, 1);
    assert.deepEqual(ap1.states.map((s) => s.state_lgd).sort(), [WB, OD, MH].sort());
    r = await cell.post(`/api/v1/meetings/${meeting.id}/action-points`, { text: 'Send rescue figures for the quarter', due_on: day(7), states: [OD, WB] });
    assertStatus(r, 201);
    ap2 = r.json;
    assert.equal(ap2.number, 2);
    r = await cell.post(`/api/v1/meetings/${meeting.id}/action-points`, { text: 'Advisory compliance', due_on: day(60), states: 'all' });
    assertStatus(r, 201);
    assert.equal(r.json.states.length, 36);
    assert.equal(assertError(await cell.post(`/api/v1/meetings/${meeting.id}/action-points`, { text: 'x', due_on: '2026-02-30', states: [OD] }), 400).field, 'due_on');
    assert.equal(assertError(await cell.post(`/api/v1/meetings/${meeting.id}/action-points`, { text: 'x', due_on: day(1) }), 400).field, 'states');
    assertError(await od.post(`/api/v1/meetings/${meeting.id}/action-points`, { text: 'x', due_on: day(1), states: [OD] }), 403);
  });
  it('a State sees only its own part of an action point', async () => {
    const r = await od.get(`/api/v1/action-points/${ap1.id}`);
    assertStatus(r, 200);
    assert.deepEqual(r.json.states.map((s) => s.state_lgd), [OD]);
  });
  let report1;
  it('a State files a report for itself; one at a time', async () => {
    const r = await od.post(`/api/v1/action-points/${ap1.id}/reports`, { text: 'Ten AHTUs notified; orders attached.', reported_on: day(-2) });
    assertStatus(r, 201);
    report1 = r.json.report_id;
    assert.equal(r.json.states[0].status, 'reported');
    assertError(await od.post(`/api/v1/action-points/${ap1.id}/reports`, { text: 'again' }), 409, 'report.pending');
    assert.equal(assertError(await od.post(`/api/v1/action-points/${ap1.id}/reports`, { text: '' }), 400).field, 'text');
    assert.equal(assertError(await wb.post(`/api/v1/action-points/${ap1.id}/reports`, { text: 'x', reported_on: day(3) }), 400).field, 'reported_on');
    // West Bengal's report is West Bengal's: Odisha's stays as it was
    const w = await wb.post(`/api/v1/action-points/${ap1.id}/reports`, { text: 'Work in progress' });
    assertStatus(w, 201);
    assert.deepEqual(w.json.states.map((s) => s.state_lgd), [WB]);
    assert.deepEqual(w.json.reports.map((x) => x.state_lgd), [WB], 'a State sees only its own reports');
    assertError(await cell.post(`/api/v1/action-points/${ap1.id}/reports`, { text: 'x' }), 403);
  });
  it('a State not assigned cannot file; another State cannot see the report', async () => {
    const other = await cell.post(`/api/v1/meetings/${meeting.id}/action-points`, { text: 'Only West Bengal', due_on: day(5), states: [WB] });
    assertError(await od.post(`/api/v1/action-points/${other.json.id}/reports`, { text: 'x' }), 404);
    assertError(await od.get(`/api/v1/action-points/${other.json.id}`), 404);
    assertError(await wb.post(`/api/v1/action-reports/${report1}/accept`, {}), 403);
  });
  it('the Cell returns a report with a comment; the State files again; the Cell accepts; the point closes for that State only', async () => {
    assert.equal(assertError(await cell.post(`/api/v1/action-reports/${report1}/return`, {}), 400).field, 'comment');
    let r = await cell.post(`/api/v1/action-reports/${report1}/return`, { comment: 'Attach the notification orders.' });
    assertStatus(r, 200);
    assert.equal(r.json.states.find((s) => s.state_lgd === OD).status, 'returned');
    assertError(await cell.post(`/api/v1/action-reports/${report1}/accept`, {}), 409, 'report.decided');
    r = await od.post(`/api/v1/action-points/${ap1.id}/reports`, { text: 'Orders of 12.10 attached.' });
    assertStatus(r, 201);
    const report2 = r.json.report_id;
    r = await cell.post(`/api/v1/action-reports/${report2}/accept`, { comment: 'Thank you.' });
    assertStatus(r, 200);
    const states = Object.fromEntries(r.json.states.map((s) => [s.state_lgd, s]));
    assert.equal(states[OD].status, 'closed');
    assert.equal(states[OD].closed_on, day(0));
    assert.equal(states[WB].status, 'reported');
    assert.equal(states[MH].status, 'open');
    const reps = r.json.reports.filter((x) => x.state_lgd === OD);
    assert.deepEqual(reps.map((x) => x.decision), ['returned', 'accepted']);
    assert.equal(reps[0].comment, 'Attach the notification orders.');
    assert.equal(reps[1].decided_by, 'mt-cell');
    assertError(await od.post(`/api/v1/action-points/${ap1.id}/reports`, { text: 'more' }), 409, 'action.closed');
  });
  it('a retried report with the same key files once', async () => {
    const key = `rep-${Date.now()}`;
    const a = await od.post(`/api/v1/action-points/${ap2.id}/reports`, { text: 'Figures sent by letter.' }, { headers: { 'Idempotency-Key': key } });
    const b = await od.post(`/api/v1/action-points/${ap2.id}/reports`, { text: 'Figures sent by letter.' }, { headers: { 'Idempotency-Key': key } });
    assertStatus(a, 201);
    assertStatus(b, 201);
    assert.equal(b.json.report_id, a.json.report_id);
    const r = await cell.get(`/api/v1/action-points/${ap2.id}`);
    assert.equal(r.json.reports.filter((x) => x.state_lgd === OD).length, 1);
  });
});

describe('files attached to a report', () => {
  let rep;
  it('a State attaches its orders to the report it filed; the Cell and the State read them, another State does not', async () => {
    const r = await od.post(`/api/v1/action-points/${ap2.id}/reports`, { text: 'x' });
    // ap2's Odisha report was filed by the idempotency test above: it waits for a decision
    assertError(r, 409, 'report.pending');
    const ap = await od.get(`/api/v1/action-points/${ap2.id}`);
    rep = ap.json.reports.find((x) => x.state_lgd === OD && !x.decision);
    assert.ok(rep, 'a report of Odisha awaits a decision');
    const pdf = makePdf(['Notification No. 12/2026 of the Home Department']);
    const up = await uploadAttachment(srv, od, 'action_report', rep.id, pdf, { filename: 'notification.pdf' });
    assertStatus(up, 201);
    assert.equal(up.json.file_name, 'notification.pdf');
    assert.equal(up.json.type, 'application/pdf');
    const again = await od.get(`/api/v1/action-points/${ap2.id}`);
    assert.deepEqual(again.json.reports.find((x) => x.id === rep.id).attachments.map((a) => a.id), [up.json.id]);
    const c = await fetch(`${srv.base}${up.json.url}`, { headers: cell.headersFor('GET') });
    assert.equal(c.status, 200);
    assert.match(c.headers.get('content-disposition'), /^attachment; filename="notification.pdf"/);
    assert.deepEqual(Buffer.from(await c.arrayBuffer()), pdf);
    assertError(await wb.get(up.json.url), 404);
    // every reading from the start is audited, whatever the Range header says
    const before = (await admin.get('/api/v1/audit?limit=500')).json.items.filter((x) => x.action === 'attachment.download').length;
    for (const range of ['x', 'bytes=-100000', 'bytes=00-', 'bytes=0-3,4-9']) {
      const g = await fetch(`${srv.base}${up.json.url}`, { headers: { ...cell.headersFor('GET'), Range: range } });
      assert.ok(g.status === 200 || g.status === 206, `${range}: ${g.status}`);
    }
    const viewerRange = await fetch(`${srv.base}${up.json.url}`, { headers: { ...cell.headersFor('GET'), Range: 'bytes=10-' } });
    assert.equal(viewerRange.status, 206);
    const after = (await admin.get('/api/v1/audit?limit=500')).json.items.filter((x) => x.action === 'attachment.download').length;
    assert.equal(after - before, 4, 'four readings from the start audited; the later range is not a new reading');
    assertError(await srv.request('GET', up.json.url), 401);
    assertError(await wb.get(`/api/v1/attachments?owner_type=action_report&owner_id=${rep.id}`), 404);
    const list = await cell.get(`/api/v1/attachments?owner_type=action_report&owner_id=${rep.id}`);
    assert.equal(list.json.items.length, 1);
    assert.match(c.headers.get('content-disposition'), /filename\*=UTF-8''notification\.pdf/);
    const a = await admin.get('/api/v1/audit?limit=100');
    assert.ok(a.json.items.some((x) => x.action === 'attachment.download' && x.login === 'mt-cell'));
  });
  it('refuses another State\'s report, a refused type, and a decided report', async () => {
    assertError(await uploadAttachment(srv, wb, 'action_report', rep.id, makePdf(['x'])), 404);
    const odd = await uploadAttachment(srv, od, 'action_report', rep.id, makePdf(['x']), { filename: `${'अ'.repeat(120)}.pdf` });
    assertStatus(odd, 201);
    assert.ok(Buffer.byteLength(odd.json.file_name) <= 255 && !odd.json.file_name.includes('\uFFFD'), 'cut at a character');
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(512)]);
    assertError(await uploadAttachment(srv, od, 'action_report', rep.id, exe, { filename: 'x.pdf' }), 415);
    assertError(await uploadAttachment(srv, od, 'nonsense', rep.id, makePdf(['x'])), 400);
    assertStatus(await cell.post(`/api/v1/action-reports/${rep.id}/return`, { comment: 'Attach the annexure too.' }), 200);
    assertError(await uploadAttachment(srv, od, 'action_report', rep.id, makePdf(['late'])), 409, 'attachment.closed');
  });
});

describe('the follow-up list', () => {
  it('overdue across the country: what is past due and not closed', async () => {
    const r = await cell.get('/api/v1/action-points?overdue=1&limit=500');
    assertStatus(r, 200);
    const rows = r.json.items.filter((x) => x.meeting_id === meeting.id);
    assert.deepEqual(rows.map((x) => x.state).sort(), ['Maharashtra', 'West Bengal']);
    for (const x of rows) {
      assert.equal(x.days_overdue, 10);
      assert.ok(x.status !== 'closed');
    }
    assert.equal(rows.find((x) => x.state === 'West Bengal').last_report.decision, null);
  });
  it('per State: everything open for Odisha', async () => {
    const r = await cell.get(`/api/v1/action-points?state=${OD}&status=pending&limit=500`);
    assert.ok(r.json.items.every((x) => x.state_lgd === OD && x.status !== 'closed'));
    assert.equal(r.json.total, r.json.items.length, 'the total (from the pending counters) matches the rows');
    const all = await cell.get('/api/v1/action-points?limit=500');
    const pendingRows = all.json.items.filter((x) => x.status !== 'closed');
    assert.equal((await cell.get('/api/v1/action-points?status=pending&limit=1')).json.total, pendingRows.length);
    const overdueRows = pendingRows.filter((x) => x.due_on < day(0));
    assert.equal((await cell.get('/api/v1/action-points?overdue=1&limit=1')).json.total, overdueRows.length);
    assert.ok(r.json.items.some((x) => x.action_point_id === ap2.id));
    assert.ok(!r.json.items.some((x) => x.action_point_id === ap1.id));
  });
  it('a State sees only its own rows, whatever it asks', async () => {
    const r = await od.get('/api/v1/action-points?limit=500');
    assert.ok(r.json.items.length > 0);
    assert.ok(r.json.items.every((x) => x.state_lgd === OD));
    assert.equal(r.json.total, r.json.items.length);
    assert.equal((await od.get(`/api/v1/action-points?state=${WB}`)).json.total, 0);
  });
  it('due soon, sorted and paged', async () => {
    const soon = await cell.get('/api/v1/action-points?due_within=14&limit=500');
    assert.ok(soon.json.items.every((x) => x.due_on >= day(0) && x.due_on <= day(14) && x.status !== 'closed'));
    const all = await cell.get('/api/v1/action-points?limit=500&sort=due');
    const dues = all.json.items.map((x) => x.due_on);
    assert.deepEqual(dues, [...dues].sort());
    // pending by State/UT name, paged across States (the counters' path)
    const byState = await cell.get('/api/v1/action-points?status=pending&sort=state&limit=500');
    const names = byState.json.items.map((x) => x.state);
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'en')));
    assert.equal(byState.json.total, byState.json.items.length);
    const paged = [];
    for (let off = 0; off < byState.json.total; off += 7) {
      paged.push(...(await cell.get(`/api/v1/action-points?status=pending&sort=state&limit=7&offset=${off}`)).json.items);
    }
    assert.deepEqual(paged.map((x) => `${x.action_point_id}/${x.state_lgd}`),
      byState.json.items.map((x) => `${x.action_point_id}/${x.state_lgd}`));
    const p2 = await cell.get('/api/v1/action-points?limit=5&offset=5&sort=due');
    assert.deepEqual(p2.json.items.map((x) => `${x.action_point_id}/${x.state_lgd}`),
      all.json.items.slice(5, 10).map((x) => `${x.action_point_id}/${x.state_lgd}`));
    for (const q of ['sort=name', 'status=late', 'overdue=yes', 'due_within=-1', 'state=x', 'format=doc']) {
      assertError(await cell.get(`/api/v1/action-points?${q}`), 400);
    }
  });
  it('exports the follow-up list', async () => {
    const r = await cell.get('/api/v1/action-points?overdue=1&format=csv');
    assertStatus(r, 200);
    assert.match(r.headers.get('content-disposition'), /action-points-\d{4}-\d{2}-\d{2}\.csv/);
    const lines = r.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.match(lines[0], /"State\/UT","Meeting","Date, item","Action point","Due on","Status","Days overdue","Last report"/);
    assert.ok(lines.some((l) => l.startsWith('"West Bengal"') && l.includes('"awaiting decision"')));
    const x = await fetch(`${srv.base}/api/v1/action-points?format=xlsx`, { headers: cell.headersFor('GET') });
    assert.equal(x.status, 200);
    const p = await fetch(`${srv.base}/api/v1/action-points?format=pdf&overdue=1`, { headers: cell.headersFor('GET') });
    assert.equal(p.status, 200);
    assert.equal(Buffer.from(await p.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
  });
});

describe('the digest', () => {
  it('per State: overdue and due in 14 days, as a page and as an e-mail body', async () => {
    const r = await cell.get(`/api/v1/digest?state=${WB}`);
    assertStatus(r, 200);
    assert.equal(r.json.state, 'West Bengal');
    assert.ok(r.json.overdue.some((x) => x.action_point_id === ap1.id));
    assert.ok(r.json.due_soon.some((x) => x.action_point_id === ap2.id));
    const t = await cell.get(`/api/v1/digest?state=${WB}&format=text`);
    assertStatus(t, 200);
    assert.match(t.headers.get('content-type'), /^text\/plain/);
    assert.match(t.text, /^Subject: Action points of West Bengal: \d+ overdue, \d+ due in 14 days/);
    assert.match(t.text, /Set up AHTUs in every district\n\s+Due \d{4}-\d{2}-\d{2}, overdue by 10 days/);
  });
  it('a State reads its own digest only', async () => {
    const r = await od.get('/api/v1/digest');
    assertStatus(r, 200);
    assert.equal(r.json.state_lgd, OD);
    assertError(await od.get(`/api/v1/digest?state=${WB}`), 403, 'scope.state');
    assertError(await cell.get('/api/v1/digest'), 400);
    assertError(await viewer.get(`/api/v1/digest?state=${WB}`), 403);
  });
});

describe('audit', () => {
  it('every step of the workflow is in the audit log', async () => {
    const a = await admin.get('/api/v1/audit?limit=500');
    const actions = new Set(a.json.items.map((x) => x.action));
    for (const want of ['meeting.create', 'meeting.update', 'meeting.confirm', 'meeting.attendance',
      'action_point.create', 'action_report.submit', 'action_report.return', 'action_report.accept']) {
      assert.ok(actions.has(want), `${want} audited`);
    }
  });
});
