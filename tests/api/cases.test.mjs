// Case records and their analysis through the real binary: a State's user
// records a case with its victims' routes and accused, every field checked
// and named when wrong; changes need the version read and keep the status
// history; personal data is sealed on disk, opened only by the case's own
// jurisdiction and every opening audited; every analysis counts only the
// cases its caller may read; a viewer and the public never see a count
// under 11, nor a narrowing that could single one out.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Server, Client, assertError, assertStatus } from './lib.mjs';

const WB = 19;
const OD = 21;
const HOWRAH = 313;     // West Bengal
const KOLKATA = 315;    // West Bengal
const GUMLA = 331;      // Jharkhand
const MUMBAI = 482;     // Maharashtra
const KHORDHA = 362;    // Odisha
let srv, cell, wb, wbHowrah, wbKolkata, od, view, admin;

before(async () => {
  srv = await Server.start({
    setup: (s) => {
      // synthetic cases everywhere, so that the analysis has numbers to hide
      const r = s.cli(['demo', '--cases', '1500', '--seed', '11']);
      assert.equal(r.status, 0, r.stderr);
      s.addUser('cs-admin', { role: 'admin' });
      s.addUser('cs-cell', { role: 'cell' });
      s.addUser('cs-wb', { role: 'state', jurisdiction: `state:${WB}` });
      s.addUser('cs-howrah', { role: 'district', jurisdiction: `district:${HOWRAH}` });
      s.addUser('cs-kolkata', { role: 'district', jurisdiction: `district:${KOLKATA}` });
      s.addUser('cs-od', { role: 'state', jurisdiction: `state:${OD}` });
      s.addUser('cs-view', { role: 'viewer' });
    },
  });
  cell = await Client.signedIn(srv, 'cs-cell');
  wb = await Client.signedIn(srv, 'cs-wb');
  wbHowrah = await Client.signedIn(srv, 'cs-howrah');
  wbKolkata = await Client.signedIn(srv, 'cs-kolkata');
  od = await Client.signedIn(srv, 'cs-od');
  view = await Client.signedIn(srv, 'cs-view');
  admin = await Client.signedIn(srv, 'cs-admin');
});

after(async () => { await srv?.stop(); });

let fir = 0;
function aCase(over = {}) {
  return {
    district_lgd: HOWRAH, police_station: 'GRP Howrah', fir_number: `TC-${++fir}-2026`, fir_date: '2026-03-02',
    sections: ['BNS 143'], ahtu: 'AHTU Howrah',
    victims: [{
      gender: 'Female', age: 15, nationality: 'IN', purposes: ['domestic_servitude'],
      methods_of_control: ['FalsePromises', 'WithholdsDocuments'], recruiter_relation: 'Neighbour',
      rescued_on: '2026-03-01', rescue_place: { district_lgd: HOWRAH }, shelter: 'CCI Howrah',
      route: { source: { district_lgd: GUMLA }, transit: [{ district_lgd: HOWRAH }], destination: { district_lgd: MUMBAI } },
      personal: { name: 'Kalpana Oraon-test', address: 'Village Tilaitand', contact: '+91 99999 00000' },
    }],
    accused: [{ roles: ['RecruiterOrIntermediary'], arrested: true, personal: { name: 'Ramesh Accused-test' } }],
    ...over,
  };
}

/* The body of an update from a case as read: its own fields, the version. */
function asBody(c) {
  const place = (p) => (p === null ? null : p.district_lgd ? { district_lgd: p.district_lgd } : { country: p.country });
  return {
    version: c.version, district_lgd: c.district_lgd, police_station: c.police_station, fir_number: c.fir_number,
    fir_date: c.fir_date, sections: c.sections, ahtu: c.ahtu, status: c.status, status_on: c.status_on,
    victims: c.victims.map((v) => ({
      id: v.id, gender: v.gender, age: v.age, age_band: v.age_band, nationality: v.nationality, purposes: v.purposes,
      methods_of_control: v.methods_of_control, recruiter_relation: v.recruiter_relation, rescued_on: v.rescued_on,
      rescue_place: place(v.rescue_place), shelter: v.shelter,
      route: { source: place(v.route.source), transit: v.route.transit.map(place), destination: place(v.route.destination) },
    })),
    accused: c.accused.map((a) => ({ id: a.id, roles: a.roles, arrested: a.arrested, chargesheeted: a.chargesheeted, convicted: a.convicted })),
  };
}

describe('case records', () => {
  let created;

  it('a State user records a case: victims with their routes, accused, codes given by the system', async () => {
    const r = await wb.post('/api/v1/cases', aCase());
    assertStatus(r, 201);
    created = r.json;
    assert.equal(created.state_lgd, WB);
    assert.equal(created.district, 'Howrah');
    assert.equal(created.status, 'under_investigation');
    assert.equal(created.status_on, '2026-03-02');
    assert.deepEqual(created.history.map((h) => [h.status, h.on, h.by]), [['under_investigation', '2026-03-02', 'cs-wb']]);
    const v = created.victims[0];
    assert.match(v.code, /^V-[0-9A-HJKMNP-TV-Z]{12}$/);
    assert.equal(v.age_band, '9--17');
    assert.deepEqual(v.route.source, { district_lgd: GUMLA, district: 'Gumla', state_lgd: 20, state: 'Jharkhand' });
    assert.equal(v.route.transit[0].district, 'Howrah');
    assert.equal(v.route.destination.district, 'Mumbai');
    assert.equal(v.has_personal, true);
    assert.ok(!JSON.stringify(created).includes('Kalpana'), 'the case itself carries no personal data');
    assert.match(created.accused[0].code, /^A-/);
  });

  it('refuses what is wrong, naming the field', async () => {
    const bad = [
      [{ district_lgd: 99999 }, 'district_lgd'],
      [{ district_lgd: KHORDHA }, 'district_lgd'],                      // Odisha: outside West Bengal
      [{ fir_date: '2099-01-01' }, 'fir_date'],
      [{ fir_date: '2026-02-30' }, 'fir_date'],
      [{ police_station: '' }, 'police_station'],
      [{ status: 'solved' }, 'status'],
      [{ sections: 'IPC 370' }, 'sections'],
      [{ victims: [{ gender: 'Female', nationality: 'IN', purposes: ['smuggling'] }] }, 'victims[0].purposes'],
      [{ victims: [{ gender: 'F', nationality: 'IN' }] }, 'victims[0].gender'],
      [{ victims: [{ gender: 'Female', nationality: 'XX' }] }, 'victims[0].nationality'],
      [{ victims: [{ gender: 'Female', nationality: 'IN', age: 15, age_band: '48+' }] }, 'victims[0].age_band'],
      [{ victims: [{ gender: 'Female', nationality: 'IN', route: { source: { country: 'IN' } } }] }, 'victims[0].route.source'],
      [{ victims: [{ gender: 'Female', nationality: 'IN', route: { destination: { district_lgd: 1, country: 'NP' } } }] }, 'victims[0].route.destination'],
      [{ victims: [{ gender: 'Female', nationality: 'IN', route: { transit: Array(9).fill({ district_lgd: HOWRAH }) } }] }, 'victims[0].route.transit'],
      [{ victims: [{ gender: 'Female', nationality: 'IN', personal: { name: 'x'.repeat(201) } }] }, 'victims[0].personal.name'],
      [{ accused: [{ roles: [] }] }, 'accused[0].roles'],
      [{ accused: [{ roles: ['Exploiter'], agency_id: 987654 }] }, 'accused[0].agency_id'],
      [{ accused: [{ roles: ['Exploiter'], code: 'A-bogus' }] }, 'accused[0].code'],
      [{ victims: Array(501).fill({ gender: 'Male', nationality: 'IN' }) }, 'victims'],
    ];
    for (const [over, field] of bad) {
      const r = await wb.post('/api/v1/cases', aCase(over));
      const e = assertError(r, 400);
      assert.equal(e.field, field, `${JSON.stringify(over).slice(0, 80)}: ${r.text}`);
    }
  });

  it('the same FIR of a police station in a year is one case', async () => {
    const r = await wb.post('/api/v1/cases', aCase({ fir_number: created.fir_number, police_station: 'grp howrah' }));
    assertError(r, 409, 'case.duplicate');
  });

  it('a change needs the version read; a new status is dated and kept in the history', async () => {
    const body = asBody(created);
    body.status = 'chargesheeted';
    delete body.status_on;
    assertError(await wb.put(`/api/v1/cases/${created.id}`, body), 400);     // the new status's date is missing
    body.status_on = '2026-01-01';
    assertError(await wb.put(`/api/v1/cases/${created.id}`, body), 400);     // before the FIR
    body.status_on = '2026-05-01';
    body.accused[0].chargesheeted = true;
    const same = asBody(created);
    same.status_on = '2026-03-05';
    assertError(await wb.put(`/api/v1/cases/${created.id}`, same), 400);    // a status's date changes with it only
    const r = await wb.put(`/api/v1/cases/${created.id}`, body);
    assertStatus(r, 200);
    assert.equal(r.json.version, 2);
    assert.deepEqual(r.json.history.map((h) => h.status), ['under_investigation', 'chargesheeted']);
    assert.equal(r.json.victims[0].code, created.victims[0].code, 'a victim keeps its code');
    assert.equal(r.json.victims[0].has_personal, true, 'personal data left out of a change is kept');
    const stale = await wb.put(`/api/v1/cases/${created.id}`, body);
    assertError(stale, 409, 'case.changed');
    created = r.json;
  });

  it('a victim left out of a change is removed; an id from another case is refused', async () => {
    const body = asBody(created);
    body.victims.push({ gender: 'Male', age: 30, nationality: 'NP', purposes: ['forced_labour'], route: { source: { country: 'NP' } } });
    let r = await wb.put(`/api/v1/cases/${created.id}`, body);
    assertStatus(r, 200);
    assert.equal(r.json.victims.length, 2);
    const other = await wb.post('/api/v1/cases', aCase());
    assertStatus(other, 201);
    const b2 = asBody(r.json);
    b2.victims[1].id = other.json.victims[0].id;
    assertError(await wb.put(`/api/v1/cases/${created.id}`, b2), 400);
    const b3 = asBody(r.json);
    b3.victims.pop();
    r = await wb.put(`/api/v1/cases/${created.id}`, b3);
    assertStatus(r, 200);
    assert.equal(r.json.victims.length, 1);
    created = r.json;
  });

  it('who reads which case: the Cell all, a State its own, a district its own, the rest nothing', async () => {
    assertStatus(await cell.get(`/api/v1/cases/${created.id}`), 200);
    assertStatus(await wbHowrah.get(`/api/v1/cases/${created.id}`), 200);
    assertError(await wbKolkata.get(`/api/v1/cases/${created.id}`), 404, 'case.not_found');
    assertError(await od.get(`/api/v1/cases/${created.id}`), 404, 'case.not_found');
    assertError(await view.get(`/api/v1/cases/${created.id}`), 403);
    assertError(await admin.get(`/api/v1/cases/${created.id}`), 403);
    assertError(await srv.request('GET', `/api/v1/cases/${created.id}`), 401);
    const list = await od.get('/api/v1/cases?limit=500');
    assertStatus(list, 200);
    assert.ok(list.json.items.every((c) => c.state_lgd === OD));
    const mine = await wb.get(`/api/v1/cases?q=${encodeURIComponent(created.fir_number)}`);
    assert.equal(mine.json.total, 1);
    assert.equal(mine.json.items[0].victims, 1);
    // a district user cannot record a case of another district
    assertError(await wbKolkata.post('/api/v1/cases', aCase()), 400);
  });

  it('personal data: sealed on disk, opened by the case\'s own jurisdiction only, each opening audited', async () => {
    const db = fs.readFileSync(path.join(srv.dir, 'ahtcell.db'));
    const wal = fs.existsSync(path.join(srv.dir, 'ahtcell.db-wal')) ? fs.readFileSync(path.join(srv.dir, 'ahtcell.db-wal')) : Buffer.alloc(0);
    for (const secret of ['Kalpana Oraon-test', 'Village Tilaitand', 'Ramesh Accused-test']) {
      assert.equal(db.includes(secret), false, `${secret} is stored in the clear`);
      assert.equal(wal.includes(secret), false, `${secret} is in the WAL in the clear`);
    }
    const r = await wbHowrah.get(`/api/v1/cases/${created.id}/personal`);
    assertStatus(r, 200);
    assert.equal(r.json.victims[0].name, 'Kalpana Oraon-test');
    assert.equal(r.json.victims[0].address, 'Village Tilaitand');
    assert.equal(r.json.accused[0].name, 'Ramesh Accused-test');
    assert.match(r.headers.get('cache-control') || '', /no-store/);
    assertError(await cell.get(`/api/v1/cases/${created.id}/personal`), 403);
    assertError(await od.get(`/api/v1/cases/${created.id}/personal`), 404);
    assertError(await wbKolkata.get(`/api/v1/cases/${created.id}/personal`), 404);
    const audit = await admin.get('/api/v1/audit?action=case.personal&limit=50');
    assertStatus(audit, 200);
    const reads = audit.json.items.filter((a) => a.action === 'case.personal.read' && a.object_id === String(created.id));
    assert.equal(reads.length, 1, JSON.stringify(audit.json.items.slice(0, 3)));
    assert.equal(reads[0].login, 'cs-howrah');
    assert.ok(!JSON.stringify(audit.json).includes('Kalpana'), 'the audit holds no personal data');
  });

  it('a victim\'s photo: sealed, its type checked, read by the case\'s jurisdiction only, each reading audited', async () => {
    const v = created.victims[0];
    const url = `/api/v1/cases/${created.id}/victims/${v.id}/photo`;
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082', 'hex');
    const send = (client, bytes, name = 'photo.png') => {
      const form = new FormData();
      form.append('file', new Blob([bytes]), name);
      return srv.request('POST', url, { body: form, headers: client.headersFor('POST') });
    };
    assertError(await send(wb, Buffer.from('%PDF-1.4 not a picture'), 'photo.png'), 415, 'photo.type_refused');
    assertError(await send(od, png), 404);
    assertError(await send(cell, png), 403);
    assertStatus(await send(wbHowrah, png), 201);
    const got = await wb.get(url);
    assertStatus(got, 200);
    assert.equal(got.headers.get('content-type'), 'image/png');
    assert.match(got.headers.get('cache-control') || '', /no-store/);
    const db = fs.readFileSync(path.join(srv.dir, 'ahtcell.db'));
    assert.equal(db.includes(png.subarray(8, 24)), false, 'the photo is not stored in the clear');
    assertError(await cell.get(url), 403);
    assertError(await od.get(url), 404);
    assertError(await wbKolkata.get(url), 404);
    const c = await wb.get(`/api/v1/cases/${created.id}`);
    assert.equal(c.json.victims[0].has_photo, true);
    const audit = await admin.get('/api/v1/audit?action=case.photo&limit=50');
    assert.ok(audit.json.items.some((a) => a.action === 'case.photo.read' && a.login === 'cs-wb'));
    assert.ok(audit.json.items.some((a) => a.action === 'case.photo.upload' && a.login === 'cs-howrah'));
    assertStatus(await wb.del(url), 204);
    assertError(await wb.get(url), 404);
  });

  it('the victims for exchange: de-identified, in the standard\'s names, within the caller\'s jurisdiction', async () => {
    const r = await wb.get('/api/v1/cases/victims');
    assertStatus(r, 200);
    assert.match(r.headers.get('content-type'), /text\/csv/);
    const lines = r.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    const head = lines[0].split(',').map((x) => x.replace(/"/g, ''));
    for (const k of ['cas_Id', 'vic_Id', 'prs_Gender', 'ageBroad', 'prs_Nationality', 'vic_MethodsOfControl', 'recruiterRelation',
      'recruitmentDistrictLGD', 'exploitationCountry', 'rescueMonth']) assert.ok(head.includes(k), `${k} is a column`);
    const rows = lines.slice(1).map((l) => l.split('","').map((x) => x.replace(/"/g, '')));
    assert.ok(rows.length > 100);
    const col = (name) => head.indexOf(name);
    assert.ok(rows.every((x) => x[col('cas_State')] === 'West Bengal'), 'only the State\'s own cases');
    const vocab = (await wb.get('/api/v1/cases/vocabulary')).json;
    const relations = new Set(['', ...vocab.recruiter_relation.map((x) => x.code)]);
    assert.ok(rows.every((x) => relations.has(x[col('recruiterRelation')])), 'relations are codes of the list');
    assert.ok(rows.every((x) => /^(\d{4}-\d{2})?$/.test(x[col('rescueMonth')])), 'rescue dates cut to the month');
    assert.ok(!r.text.includes('Kalpana'), 'no names');
    const mine = await wbHowrah.get('/api/v1/cases/victims?format=xlsx');
    assertStatus(mine, 200);
    assert.match(mine.headers.get('content-type'), /spreadsheetml/);
    assertError(await view.get('/api/v1/cases/victims'), 403);
    assertError(await admin.get('/api/v1/cases/victims'), 403);
    assertError(await wb.get('/api/v1/cases/victims?format=pdf'), 400);
  });

  it('the vocabulary lists the codes the records take', async () => {
    const r = await view.get('/api/v1/cases/vocabulary');
    assertStatus(r, 200);
    assert.ok(r.json.methods_of_control.some((m) => m.code === 'DebtBondage'));
    assert.ok(r.json.purposes.some((m) => m.code === 'forced_labour'));
    assert.ok(r.json.countries.some((m) => m.code === 'NP' && m.label === 'Nepal'));
  });
});

/* Uploads a CSV of cases as client. */
async function importCsv(client, text, name = 'cases.csv') {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'text/csv' }), name);
  return srv.request('POST', '/api/v1/imports/cases', { body: form, headers: client.headersFor('POST') });
}

describe('cases from a CSV file', () => {
  const HEAD = 'district_lgd,police_station,fir_number,fir_date,sections,gender,age,nationality,purposes,source,transit,destination,name';

  it('rows of one FIR make one case; every victim sealed like one sent to the API', async () => {
    const csv = `\uFEFF${HEAD}\r\n`
      + `${HOWRAH},PS Howrah,IM-1-2026,2026-02-01,BNS 143;ITPA 5,Female,14,IN,prostitution,${GUMLA},D339;D${HOWRAH},${MUMBAI},Asha Import-test\r\n`
      + `${HOWRAH},ps howrah,IM-1-2026,2026-02-01,BNS 143; ITPA 5,Male,16,IN,forced_labour,D${GUMLA},,${MUMBAI},\r\n`
      + `${KOLKATA},PS Kolkata,IM-2-2026,2026-02-03,,Female,,NP,forced_marriage,NP,D303,D${KOLKATA},\r\n`;
    const r = await importCsv(wb, csv);
    assertStatus(r, 201);
    assert.equal(r.json.cases, 2);
    assert.equal(r.json.victims, 3);
    const first = await wb.get(`/api/v1/cases/${r.json.ids[0]}`);
    assert.equal(first.json.victims.length, 2);
    assert.deepEqual(first.json.sections, ['BNS 143', 'ITPA 5']);
    assert.deepEqual(first.json.victims[0].route.transit.map((p) => p.district_lgd), [339, HOWRAH]);
    assert.equal(first.json.victims[0].has_personal, true);
    const personal = await wb.get(`/api/v1/cases/${r.json.ids[0]}/personal`);
    assert.equal(personal.json.victims[0].name, 'Asha Import-test');
    const second = await wb.get(`/api/v1/cases/${r.json.ids[1]}`);
    assert.equal(second.json.victims[0].route.source.country, 'NP');
    const audit = await admin.get('/api/v1/audit?action=case.import');
    assert.ok(audit.json.items.some((a) => a.action === 'case.import' && a.login === 'cs-wb'));
  });

  it('every problem named by its row and column; nothing saved', async () => {
    const before = (await wb.get('/api/v1/cases?limit=1')).json.total;
    const csv = `${HEAD}\n`
      + `${HOWRAH},PS Howrah,IM-3-2026,2026-02-01,,Female,,IN,smuggling,,,,\n`          // row 2: an unknown purpose
      + `${HOWRAH},PS Howrah,IM-4-2026,2026-02-01,,Female,,IN,,,,,\n`                    // row 3: fine
      + `${HOWRAH},PS Howrah,IM-4-2026,2026-02-01,BNS 143,Male,,IN,,,,,\n`               // row 4: the case's sections differ
      + `${KHORDHA},PS Khordha,IM-5-2026,2026-02-01,,Female,,IN,,,,,\n`                  // row 5: outside West Bengal
      + `${HOWRAH},PS Howrah,IM-6-2026,2099-02-01,,Female,,IN,,,,,\n`                    // row 6: in the future
      + `${HOWRAH},PS Howrah,IM-7-2026,2026-02-01,,Female,,IN,,D9999,,,\n`               // row 7: no such district
      + `${HOWRAH},PS Howrah,IM-8-2026,2026-02-01,,Female,abc,IN,,,,,\n`                 // row 8: age not a number
      + `${HOWRAH},PS Howrah,IM-9-2026,2026-02-01,,Female,,IN,,,,,\n`                    // row 9: fine
      + `${HOWRAH},PS Howrah,IM-9-2026,2026-03-01,,Female,,IN,,,,,\n`;                   // row 10: the same FIR, another date
    const r = await importCsv(wb, csv);
    assertError(r, 422, 'import.rejected');
    const got = r.json.errors.map((e) => [e.row, e.column]);
    assert.deepEqual(got, [[2, 'purposes'], [4, 'sections'], [5, 'district_lgd'], [6, 'fir_date'], [7, 'source'],
      [8, 'age'], [10, 'fir_number']], JSON.stringify(r.json.errors));
    assert.match(r.json.errors[0].message, /smuggling/);
    assert.equal((await wb.get('/api/v1/cases?limit=1')).json.total, before, 'nothing was saved');
  });

  it('a file that is not a case file is refused at its header or its encoding', async () => {
    let r = await importCsv(wb, 'district,station\n1,2\n');
    assertError(r, 422, 'import.rejected');
    assert.ok(r.json.errors.some((e) => e.row === 1 && e.column === 'district' && /not a column/.test(e.message)));
    assert.ok(r.json.errors.some((e) => e.column === 'fir_number' && /missing/.test(e.message)));
    r = await importCsv(wb, Buffer.from([0x64, 0x69, 0xff, 0xfe, 0x0a]));
    assertError(r, 422, 'import.rejected');
    assert.match(r.json.errors[0].message, /UTF-8/);
    r = await importCsv(wb, `${HEAD}\n`);
    assertError(r, 422, 'import.rejected');
    assertError(await importCsv(cell, `${HEAD}\n`), 403);
    assertError(await importCsv(view, `${HEAD}\n`), 403);
  });
});

/* Every count in an answer for the public or a viewer: a number of 11 or
 * more, or "<11". */
function assertNoSmallCounts(json, where) {
  const COUNT_KEYS = new Set(['victims', 'source', 'transit', 'destination', 'total', 'cells', 'totals', 'before', 'after']);
  const walk = (v, key, trail) => {
    if (Array.isArray(v)) { v.forEach((x, i) => walk(x, key, `${trail}[${i}]`)); return; }
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, k === 'purposes' ? 'victims' : (key === 'purposes' ? 'victims' : k), `${trail}.${k}`);
      return;
    }
    if (COUNT_KEYS.has(key) && typeof v === 'number') assert.ok(v >= 11, `${where}: ${trail} = ${v} is shown`);
  };
  walk(json, '', '');
}

describe('analysis', () => {
  it('the Cell sees every district classified, with the method\'s thresholds', async () => {
    const r = await cell.get('/api/v1/analysis/districts?from=2022&to=2026&limit=all');
    assertStatus(r, 200);
    assert.deepEqual(r.json.thresholds, { min_victims: 10, dominant_share: 0.6 });
    const mumbai = r.json.districts.find((d) => d.district_lgd === MUMBAI);
    assert.equal(mumbai.class, 'destination');
    assert.ok(mumbai.destination > mumbai.source);
    assert.equal(mumbai.total, mumbai.source + mumbai.transit + mumbai.destination);
    assert.ok(mumbai.per_lakh.total > 0);
    assert.ok(Array.isArray(mumbai.years) && mumbai.years.length === 5);
    const ranks = r.json.districts.map((d) => d.total);
    assert.deepEqual(ranks, [...ranks].sort((a, b) => b - a), 'ranked by all roles');
    const sources = await cell.get('/api/v1/analysis/districts?from=2022&to=2026&class=source&limit=all');
    assert.ok(sources.json.districts.length > 0 && sources.json.districts.every((d) => d.class === 'source'));
  });

  it('the Cell sets the thresholds; the classes follow', async () => {
    assertError(await wb.put('/api/v1/analysis/settings', { thresholds: { min_victims: 5, dominant_share: 0.7 } }), 403);
    assertError(await cell.put('/api/v1/analysis/settings', { thresholds: { min_victims: 5, dominant_share: 0.4 } }), 400);
    let r = await cell.put('/api/v1/analysis/settings', { thresholds: { min_victims: 100000, dominant_share: 0.7 } });
    assertError(r, 400);
    r = await cell.put('/api/v1/analysis/settings', { thresholds: { min_victims: 10000, dominant_share: 0.7 } });
    assertStatus(r, 200);
    const all = await cell.get('/api/v1/analysis/districts?from=2022&to=2026&limit=all');
    assert.ok(all.json.districts.every((d) => d.class === 'too_few'));
    assertStatus(await cell.put('/api/v1/analysis/settings', { thresholds: { min_victims: 10, dominant_share: 0.6 } }), 200);
  });

  it('a State user\'s flows count only the cases it may read', async () => {
    const q = 'level=state&from=2020&to=2026&limit=all';
    const everyone = await cell.get(`/api/v1/analysis/flows?${q}`);
    const mine = await wb.get(`/api/v1/analysis/flows?${q}`);
    const theirs = await od.get(`/api/v1/analysis/flows?${q}`);
    for (const r of [everyone, mine, theirs]) assertStatus(r, 200);
    // count the victims of each State's cases with both ends known, from the records themselves
    const count = async (client) => {
      let n = 0;
      for (let offset = 0; ; offset += 500) {
        const page = await client.get(`/api/v1/cases?limit=500&offset=${offset}&sort=fir_date`);
        for (const c of page.json.items) {
          const full = await client.get(`/api/v1/cases/${c.id}`);
          for (const v of full.json.victims) {
            const d = (v.rescued_on || full.json.fir_date).slice(0, 4);
            if (v.route.source && v.route.destination && d >= '2020' && d <= '2026') n++;
          }
        }
        if (offset + 500 >= page.json.total) break;
      }
      return n;
    };
    assert.equal(mine.json.victims, await count(wb));
    assert.ok(mine.json.victims < everyone.json.victims);
    assert.ok(theirs.json.victims + mine.json.victims <= everyone.json.victims);
    const sumLinks = (r) => r.json.links.reduce((s, l) => s + l.victims, 0);
    assert.equal(sumLinks(mine), mine.json.victims);
    // the test's own case: Jharkhand → Maharashtra is among West Bengal's routes, never among Odisha's
    assert.ok(mine.json.links.some((l) => l.source === 'S20' && l.target === 'S27'));
    const oneDistrict = await wbHowrah.get('/api/v1/analysis/districts?from=2020&to=2026&limit=all');
    assertStatus(oneDistrict, 200);
    assertError(await od.get(`/api/v1/analysis/flows?${q}&state=${WB}`), 400);
  });

  it('the district view: into Mumbai, its top sources; purposes on each route', async () => {
    const r = await cell.get(`/api/v1/analysis/flows?level=district&destination=D${MUMBAI}&from=2022&to=2026&limit=5`);
    assertStatus(r, 200);
    assert.ok(r.json.links.length > 0);
    assert.ok(r.json.links.every((l) => l.target === `D${MUMBAI}`));
    const first = r.json.links[0];
    const purposeSum = Object.values(first.purposes).reduce((a, b) => a + b, 0);
    assert.ok(purposeSum >= first.victims, 'each victim has a purpose, some several');
    assert.ok(r.json.nodes.some((n) => n.id === `D${MUMBAI}` && n.name === 'Mumbai'));
    assertError(await cell.get('/api/v1/analysis/flows?level=district&destination=S27'), 400);
  });

  it('trends: months, years, the seasonality of rescues and the fastest-rising districts', async () => {
    const r = await cell.get('/api/v1/analysis/trends?from=2023&to=2025');
    assertStatus(r, 200);
    assert.equal(r.json.series.length, 36);
    assert.equal(r.json.years.length, 3);
    assert.equal(r.json.seasonality.length, 12);
    const sum = (a) => a.reduce((s, x) => s + x.victims, 0);
    assert.equal(sum(r.json.series), sum(r.json.years));
    assert.equal(sum(r.json.seasonality), r.json.victims);
    assert.ok(Array.isArray(r.json.rising) && r.json.rising.length > 0);
    const d = await cell.get(`/api/v1/analysis/trends?from=2023&to=2025&place=D${MUMBAI}&role=destination`);
    assertStatus(d, 200);
    assert.ok(sum(d.json.years) > 0 && sum(d.json.years) < sum(r.json.years));
    const np = await cell.get('/api/v1/analysis/trends?from=2023&to=2025&place=NP&role=source');
    assertStatus(np, 200);
    assertError(await cell.get('/api/v1/analysis/trends?place=NP&role=registered'), 400);
  });

  it('a viewer sees no count under 11, one calendar year at a time, the country\'s trends, no narrowing', async () => {
    for (const p of ['districts?from=2025&to=2025&limit=all', 'flows?from=2025&to=2025&limit=all', 'trends?from=2025&to=2025']) {
      const r = await view.get(`/api/v1/analysis/${p}`);
      assertStatus(r, 200);
      assert.equal(r.json.suppressed, true);
      assertNoSmallCounts(r.json, p);
    }
    const d = await view.get('/api/v1/analysis/districts?from=2025&to=2025&limit=all');
    assert.ok(d.json.districts.some((x) => x.source === '<11'), 'small counts are shown as <11');
    assert.ok(d.json.districts.every((x) => !('total' in x) && !('per_lakh' in x)), 'no totals or rates that give them away');
    assert.ok(d.json.districts.every((x) => x.class === null || [x.source, x.transit, x.destination].every((v) => typeof v === 'number')),
      'a class only where every count is shown');
    const names = d.json.districts.filter((x) => x.source === '<11' && x.transit === '<11' && x.destination === '<11').map((x) => x.district);
    assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), 'districts all hidden are in the order of their names');
    assert.ok(d.json.countries.every((c) => [c.source, c.transit, c.destination].some((v) => typeof v === 'number')));
    const f = await view.get('/api/v1/analysis/flows?from=2025&to=2025&limit=all');
    assert.ok(f.json.links.every((l) => Object.keys(l.purposes).length === 11), 'every purpose, so that none tells 0 from a few');
    assertError(await view.get('/api/v1/analysis/districts?from=2025-03&to=2025'), 400);
    assertError(await view.get('/api/v1/analysis/districts?from=2024&to=2025'), 400);
    assertError(await view.get('/api/v1/analysis/trends?from=2023&to=2025'), 400);
    assertError(await view.get('/api/v1/analysis/districts?from=2025&to=2025&gender=Female'), 403, 'analysis.restricted');
    assertError(await view.get(`/api/v1/analysis/districts?from=2025&to=2025&state=${WB}`), 403, 'analysis.restricted');
    assertError(await view.get('/api/v1/analysis/flows?level=district&from=2025&to=2025'), 403, 'analysis.restricted');
    assertError(await view.get(`/api/v1/analysis/trends?from=2025&to=2025&place=D${HOWRAH}`), 403, 'analysis.restricted');
    // an admin keeps the system, not its cases: no analysis either
    assertError(await admin.get('/api/v1/analysis/districts'), 403);
  });

  it('the public statistics: suppressed, and no hidden cell can be worked out from the totals', async () => {
    assertError(await srv.request('GET', '/api/v1/public/statistics?from=2024&to=2025'), 400);
    // a State user on the public page gets the public's figures, not its own unsuppressed ones
    assertError(await wb.get('/api/v1/public/statistics?from=2025&to=2025&gender=Female'), 403, 'analysis.restricted');
    const r = await srv.request('GET', '/api/v1/public/statistics?from=2025&to=2025');
    assertStatus(r, 200);
    assertNoSmallCounts(r.json, 'public statistics');
    for (const t of [r.json.by_state_sex, r.json.by_state_age]) {
      // the attacker: a row or a column with exactly one hidden value gives it away
      const grid = t.rows.map((row) => [...row.cells, row.total]);
      grid.push([...t.totals, t.victims]);
      for (const line of [...grid, ...grid[0].map((_, j) => grid.map((row) => row[j]))]) {
        const hidden = line.filter((x) => x === '<11' || x === 'x').length;
        assert.notEqual(hidden, 1, `a line with one hidden value: ${JSON.stringify(line)}`);
      }
      assert.ok(grid.flat().includes('<11'), 'something was small enough to hide');
    }
    assert.ok(r.json.routes.every((x) => x.victims >= 11));
    assertError(await srv.request('GET', '/api/v1/public/statistics?from=2025-01&to=2025'), 400);
  });

  it('reports: a State\'s profile for the Cell and the State itself, PDF and XLSX; filed in the library by the Cell', async () => {
    const pdf = await cell.get(`/api/v1/reports/state/${WB}?from=2024&to=2025`);
    assertStatus(pdf, 200);
    assert.match(pdf.headers.get('content-type'), /application\/pdf/);
    assert.match(pdf.headers.get('content-disposition') || '', /state-profile-2024-to-2025\.pdf/);
    assert.ok(pdf.text.startsWith('%PDF-'), 'a PDF');
    const xlsx = await wb.get(`/api/v1/reports/state/${WB}?from=2025&format=xlsx`);
    assertStatus(xlsx, 200);
    assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
    assertError(await wb.get(`/api/v1/reports/state/${OD}?from=2025`), 404);
    assertError(await wb.get('/api/v1/reports/national?from=2025'), 403);
    assertError(await wbHowrah.get(`/api/v1/reports/state/${WB}`), 403);
    assertError(await view.get(`/api/v1/reports/state/${WB}`), 403);
    assertError(await cell.get(`/api/v1/reports/state/${WB}?format=docx`), 400);
    assertError(await cell.get(`/api/v1/reports/state/${WB}?from=2026&to=2024`), 400);
    const nat = await cell.get('/api/v1/reports/national?from=2023&to=2025');
    assertStatus(nat, 200);
    const filed = await cell.post(`/api/v1/reports/state/${WB}/file?from=2025&to=2025`, {});
    assertStatus(filed, 201);
    assert.equal(filed.json.title, 'State profile: West Bengal, 2025 (published figures)');
    assert.equal(filed.json.category, 'report');
    // what is filed is read by viewers and the public: it carries no count under 11
    const file = await srv.request('GET', `/api/v1/documents/${filed.json.id}/file`);
    assertStatus(file, 200);
    const pdfPath = path.join(srv.dir, 'filed.pdf');
    fs.writeFileSync(pdfPath, Buffer.from(await (await fetch(`${srv.base}/api/v1/documents/${filed.json.id}/file`)).arrayBuffer()));
    const text = spawnSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).stdout;
    assert.match(text, /<11/);
    for (const line of text.split('\n').filter((l) => /West Bengal\s/.test(l) && !/State profile/.test(l))) {
      const counts = line.replace(/^.*?West Bengal/, '').trim().split(/\s+/).slice(0, 3);
      for (const c of counts) assert.ok(c === '<11' || c === 'x' || Number(c.replace(/,/g, '')) >= 11, `a small count in the filed profile: ${line}`);
    }
    const assam = await cell.post('/api/v1/reports/state/18/file?from=2025&to=2025', {});
    assertStatus(assam, 201);
    const again = await cell.post(`/api/v1/reports/state/${WB}/file?from=2025&to=2025`, {});
    assertStatus(again, 201);
    assert.equal(again.json.supersedes_id, filed.json.id, 'a State\'s profile replaces its own, not another State\'s');
    const wbOld = await cell.get(`/api/v1/documents/${assam.json.id}`);
    assert.equal(wbOld.json.superseded_by_id ?? null, null, 'Assam\'s stays the latest');
    assertError(await wb.post(`/api/v1/reports/state/${WB}/file`, {}), 403);
  });

  it('a change to the cases shows in the analysis at once', async () => {
    const before = await cell.get('/api/v1/analysis/flows?level=district&source=D1&from=2026&to=2026&limit=all');
    const r = await wb.post('/api/v1/cases', aCase({
      victims: [{ gender: 'Male', age: 25, nationality: 'IN', purposes: ['forced_labour'], rescued_on: '2026-04-01',
        route: { source: { district_lgd: 1 }, destination: { district_lgd: KOLKATA } } }],
    }));
    assertStatus(r, 201);
    const after = await cell.get('/api/v1/analysis/flows?level=district&source=D1&from=2026&to=2026&limit=all');
    assert.equal(after.json.victims, before.json.victims + 1);
  });
});
