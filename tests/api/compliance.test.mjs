// Compliance with the Cell's advisories, through the real binary: the
// actions an advisory asks, the States' reports (latest is the status,
// earlier ones the history), the States x advisories matrix and its export,
// and that a State reports and sees only for itself.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, Client, assertError, assertStatus } from './lib.mjs';

const OD = 21;
const WB = 19;
let srv, cell, admin, od, wb, advisories;

before(async () => {
  srv = await Server.start({
    setup: (s) => {
      const r = s.cli(['demo']);
      assert.equal(r.status, 0, r.stderr);
      s.addUser('cp-cell', { role: 'cell' });
      s.addUser('cp-admin', { role: 'admin' });
      s.addUser('cp-od', { role: 'state', jurisdiction: `state:${OD}` });
      s.addUser('cp-wb', { role: 'state', jurisdiction: `state:${WB}` });
    },
  });
  [cell, admin, od, wb] = await Promise.all(['cp-cell', 'cp-admin', 'cp-od', 'cp-wb'].map((l) => Client.signedIn(srv, l)));
  const m = await cell.get('/api/v1/advisories/compliance');
  assertStatus(m, 200);
  advisories = m.json.advisories;
});
after(async () => { if (srv) await srv.stop(); });

describe('advisory compliance', () => {
  it('lists the library\'s advisories, newest first, and every State for the Cell', async () => {
    const m = await cell.get('/api/v1/advisories/compliance');
    assert.ok(advisories.length >= 5, 'the demo library has the Cell\'s advisories');
    const lib = await srv.request('GET', '/api/v1/documents?category=advisory&limit=100');
    assert.deepEqual(advisories.map((a) => a.id).sort(), lib.json.items.map((d) => d.id).sort(), 'the advisories are the library\'s');
    const dates = advisories.map((a) => a.issued_on || '0000');
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.equal(m.json.states.length, 36);
    assert.equal(advisories[0].counts.not_reported, 36);
  });
  it('the Cell sets what an advisory asks of the States', async () => {
    const a = advisories[0];
    const r = await cell.put(`/api/v1/advisories/${a.id}/actions`, { actions: ['Set up a missing-children cell in every district', 'Report monthly to the Cell'] });
    assertStatus(r, 200);
    assert.equal(r.json.actions.length, 2);
    assert.equal(assertError(await cell.put(`/api/v1/advisories/${a.id}/actions`, { actions: ['ok', ''] }), 400).field, 'actions');
    assert.equal(assertError(await cell.put(`/api/v1/advisories/${a.id}/actions`, { actions: 'x' }), 400).field, 'actions');
    assertError(await od.put(`/api/v1/advisories/${a.id}/actions`, { actions: [] }), 403);
  });
  it('a State reports for itself; the latest report is its status; the history stays', async () => {
    const a = advisories[0];
    let r = await od.post(`/api/v1/advisories/${a.id}/compliance`, { status: 'in_progress', report: 'Cells set up in 20 of 30 districts.', reported_on: '2026-06-01' });
    assertStatus(r, 201);
    r = await od.post(`/api/v1/advisories/${a.id}/compliance`, { status: 'complied', report: 'All 30 districts.' });
    assertStatus(r, 201);
    assert.deepEqual(r.json.states.map((s) => [s.state_lgd, s.status]), [[OD, 'complied']]);
    assert.deepEqual(r.json.reports.map((x) => x.status), ['complied', 'in_progress']);
    assert.equal(assertError(await od.post(`/api/v1/advisories/${a.id}/compliance`, { status: 'done' }), 400).field, 'status');
    assert.equal(assertError(await od.post(`/api/v1/advisories/${a.id}/compliance`, { status: 'not_applicable' }), 400).field, 'report');
    assert.equal(assertError(await od.post(`/api/v1/advisories/${a.id}/compliance`, { status: 'complied', reported_on: '2099-01-01' }), 400).field, 'reported_on');
    assertError(await cell.post(`/api/v1/advisories/${a.id}/compliance`, { status: 'complied' }), 403);
    await wb.post(`/api/v1/advisories/${a.id}/compliance`, { status: 'not_started' });
  });
  it('only advisories: another document is not one', async () => {
    const docs = await srv.request('GET', '/api/v1/documents?category=minutes&limit=1');
    assertError(await od.post(`/api/v1/advisories/${docs.json.items[0].id}/compliance`, { status: 'complied' }), 404);
  });
  it('the matrix: the Cell sees every State; a State only its own row', async () => {
    const a = advisories[0];
    const m = await cell.get('/api/v1/advisories/compliance');
    const cells = m.json.cells.filter((c) => c.document_id === a.id);
    assert.deepEqual(cells.map((c) => [c.state_lgd, c.status]).sort(), [[WB, 'not_started'], [OD, 'complied']].sort());
    const counts = m.json.advisories.find((x) => x.id === a.id).counts;
    assert.deepEqual(counts, { not_started: 1, in_progress: 0, complied: 1, not_applicable: 0, not_reported: 34 });
    const mine = await od.get('/api/v1/advisories/compliance');
    assert.deepEqual(mine.json.states.map((s) => s.lgd), [OD]);
    assert.ok(mine.json.cells.every((c) => c.state_lgd === OD));
    assert.equal((await od.get(`/api/v1/advisories/compliance?state=${WB}`)).json.cells.length, 0);
    const one = await od.get(`/api/v1/advisories/${a.id}/compliance`);
    assert.ok(one.json.reports.every((x) => x.state_lgd === OD));
    const percell = await cell.get(`/api/v1/advisories/compliance?state=${OD}`);
    assert.deepEqual(percell.json.states.map((s) => s.lgd), [OD]);
  });
  it('a State\'s record: its reports on every advisory, newest first; never another State\'s', async () => {
    const [a, b] = advisories;
    assertStatus(await od.post(`/api/v1/advisories/${b.id}/compliance`, { status: 'not_applicable', report: 'No placement agencies in the State.', reported_on: '2026-05-01' }), 201);
    const r = await cell.get(`/api/v1/advisories/compliance?state=${OD}`);
    assertStatus(r, 200);
    assert.deepEqual(r.json.reports.map((x) => [x.document_id, x.status]),
      [[b.id, 'not_applicable'], [a.id, 'complied'], [a.id, 'in_progress']]);
    const first = r.json.reports[0];
    assert.equal(first.title, b.title);
    assert.equal(first.state_lgd, OD);
    assert.equal(first.report, 'No placement agencies in the State.');
    assert.equal(first.reported_on, '2026-05-01');
    assert.equal(first.submitted_by, 'cp-od');
    assert.match(first.submitted_at, /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(r.json.reports_truncated, false);
    assert.deepEqual(r.json.cells.map((c) => [c.document_id, c.status]).sort(), [[a.id, 'complied'], [b.id, 'not_applicable']].sort());
    // The State reads its own record; West Bengal's is out of its reach, whatever it asks.
    const mine = await od.get(`/api/v1/advisories/compliance?state=${OD}`);
    assert.equal(mine.json.reports.length, 3);
    const other = await od.get(`/api/v1/advisories/compliance?state=${WB}`);
    assertStatus(other, 200);
    assert.deepEqual(other.json.reports, []);
    assert.deepEqual(other.json.states, []);
    assert.deepEqual(other.json.cells, []);
    assert.equal((await wb.get(`/api/v1/advisories/compliance?state=${OD}`)).json.reports.length, 0);
    // Without ?state, the matrix carries no history.
    assert.equal((await cell.get('/api/v1/advisories/compliance')).json.reports, undefined);
    assert.equal(assertError(await cell.get('/api/v1/advisories/compliance?state=999'), 400).field, 'state');
  });
  it('exports the matrix: a row per State, a column per advisory', async () => {
    const r = await cell.get('/api/v1/advisories/compliance?format=csv');
    assertStatus(r, 200);
    const lines = r.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(lines.length, 37);
    assert.ok(lines.some((l) => l.startsWith('"Odisha","Complied (')));
    assert.ok(lines.some((l) => l.startsWith('"Bihar","Not reported"')));
    const x = await fetch(`${srv.base}/api/v1/advisories/compliance?format=xlsx`, { headers: cell.headersFor('GET') });
    assert.equal(x.status, 200);
  });
  it('audits each report', async () => {
    const a = await admin.get('/api/v1/audit?limit=200');
    assert.ok(a.json.items.filter((x) => x.action === 'compliance.report').length >= 3);
    assert.ok(a.json.items.some((x) => x.action === 'advisory.actions'));
  });
});
