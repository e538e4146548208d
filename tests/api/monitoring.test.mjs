// Monitoring through the real binary, first part (issue 7): the Comprehensive Scheme as the
// Cell's page gives it (330 AHTUs, 10,000 officers, ₹ 8.72 crore for 115 units in 2010-11) in
// the demo; the Cell records releases to the States in any written form of rupees; a State reads
// its own; totals are exact to the paisa however many releases they add up.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Server, Client, assertError, assertStatus } from './lib.mjs';

const GOA = 30;
const OD = 21;
let srv, cell, goa, od, view;

before(async () => {
  srv = await Server.start({
    setup: (s) => {
      const r = s.cli(['demo', '--cases', '0']);
      assert.equal(r.status, 0, r.stderr);
      s.addUser('mo-cell', { role: 'cell' });
      s.addUser('mo-goa', { role: 'state', jurisdiction: `state:${GOA}` });
      s.addUser('mo-od', { role: 'state', jurisdiction: `state:${OD}` });
      s.addUser('mo-view', { role: 'viewer' });
    },
  });
  cell = await Client.signedIn(srv, 'mo-cell');
  goa = await Client.signedIn(srv, 'mo-goa');
  od = await Client.signedIn(srv, 'mo-od');
  view = await Client.signedIn(srv, 'mo-view');
});

after(async () => { await srv?.stop(); });

describe('schemes and releases', () => {
  it('the demo holds the Comprehensive Scheme, its targets and the 2010-11 release as the page gives them', async () => {
    const r = await cell.get('/api/v1/schemes');
    assertStatus(r, 200);
    const s = r.json.items.find((x) => x.code === 'ahtu_comprehensive');
    assert.ok(s, 'the scheme is there');
    assert.deepEqual(s.targets.filter((t) => t.state_lgd === 0), [{ measure: 'ahtus_set_up', state_lgd: 0, target: 330 }, { measure: 'officers_trained', state_lgd: 0, target: 10000 }]);
    // the States' shares (the demo's apportionment, said so in the source) add up to the national targets
    for (const [m, want] of [['ahtus_set_up', 330], ['officers_trained', 10000]]) {
      const shares = s.targets.filter((t) => t.measure === m && t.state_lgd !== 0);
      assert.equal(shares.length, 36);
      assert.equal(shares.reduce((a, t) => a + t.target, 0), want);
    }
    assert.ok(s.released_paise > 8720000000, 'the synthetic releases of later years add to the published one');
    assert.deepEqual(s.components.map((c) => c.code), ['ahtus', 'tot']);
    assert.match(s.components[0].description, /85 were set up/);
    assert.match(s.source, /page/);
    assert.match(s.source, /not a published figure/);
    const y = await cell.get('/api/v1/releases?year=2010-11');
    assert.equal(y.json.amount_words, '₹ 8.72 crore');
    assert.equal(y.json.units, 115);
    assert.equal(y.json.items[0].state, 'All States/UTs');
  });

  it('the Cell defines a scheme with its targets and components; refusals name the target', async () => {
    const body = { name: 'Scheme for judicial capacity (test)', period_from: '2026-27', period_to: '2028-29', sanction_ref: 'F.No. 1/2026',
      targets: [{ measure: 'officers_trained', state_lgd: 0, target: 500 }, { measure: 'officers_trained', state_lgd: GOA, target: 20 }],
      components: [{ code: 'colloquia', name: 'Judicial colloquia', description: 'One in every State.' }] };
    assertError(await goa.put('/api/v1/schemes/judicial_test', body), 403);
    for (const [over, field] of [[{ targets: [body.targets[0], { measure: 'nope', state_lgd: 0, target: 1 }] }, 'targets[1]'],
      [{ targets: [body.targets[0], body.targets[0]] }, 'targets[1]'], [{ targets: [{ measure: 'ahtus_set_up', state_lgd: 99, target: 1 }] }, 'targets[0]'],
      [{ components: [{ code: 'A B', name: 'x' }] }, 'components[0]'], [{ period_to: '2025-26' }, 'period_to'], [{ name: '' }, 'name']]) {
      assert.equal(assertError(await cell.put('/api/v1/schemes/judicial_test', { ...body, ...over }), 400).field, field, JSON.stringify(over));
    }
    assert.equal(assertError(await cell.put('/api/v1/schemes/Bad%20Code', body), 400).field, 'code');
    const r = await cell.put('/api/v1/schemes/judicial_test', body);
    assertStatus(r, 200);
    assert.equal(r.json.code, 'judicial_test');
    assert.deepEqual(r.json.targets, [{ measure: 'officers_trained', state_lgd: 0, target: 500 }, { measure: 'officers_trained', state_lgd: GOA, target: 20 }]);
    assert.equal(r.json.components[0].name, 'Judicial colloquia');
    // redefined: the targets are replaced, not added to
    const again = await cell.put('/api/v1/schemes/judicial_test', { ...body, targets: [{ measure: 'officers_trained', state_lgd: 0, target: 600 }] });
    assert.deepEqual(again.json.targets, [{ measure: 'officers_trained', state_lgd: 0, target: 600 }]);
    assert.equal(again.json.id, r.json.id);
    const d = await dashOf(cell, '?scheme=judicial_test');
    assert.equal(d.total.officers_target, 600);
    assert.equal(d.scheme.code, 'judicial_test');
  });

  it('the Cell records a release in rupees as people write them; refusals name the field', async () => {
    // (years before the scheme: the demo's synthetic releases start in 2011-12)
    const r = await cell.post('/api/v1/releases', { scheme: 'ahtu_comprehensive', state_lgd: GOA, financial_year: '1996-97',
      amount: '₹ 15.16 lakh', units: 2, sanction_order: 'F.No. 15011/1996-AHT', released_on: '1996-09-14' });
    assertStatus(r, 201);
    assert.equal(r.json.amount_paise, 151600000);
    assert.equal(r.json.amount, '₹ 15,16,000');
    const bad = [
      [{ amount: '15.16.5 lakh' }, 'amount'], [{ amount: '12,34' }, 'amount'], [{ amount: '-5' }, 'amount'],
      [{ financial_year: '2011-13' }, 'financial_year'], [{ state_lgd: 99 }, 'state_lgd'], [{ scheme: 'nope' }, 'scheme'],
      [{ units: -1 }, 'units'], [{ released_on: '2011-02-30' }, 'released_on'], [{ instalment: 0 }, 'instalment'],
    ];
    for (const [over, field] of bad) {
      const x = await cell.post('/api/v1/releases', { scheme: 'ahtu_comprehensive', state_lgd: GOA, financial_year: '2011-12', amount: '1 lakh', ...over });
      assert.equal(assertError(x, 400).field, field, JSON.stringify(over));
    }
    assertError(await goa.post('/api/v1/releases', { scheme: 'ahtu_comprehensive', state_lgd: GOA, financial_year: '2011-12', amount: '1 lakh' }), 403);
  });

  it('a State reads its own releases only; the totals reconcile to the paisa', async () => {
    // 300 releases to Odisha of amounts with paise that floating point would not add exactly
    let want = 0n;
    for (let i = 0; i < 300; i++) {
      const paise = 123456789 + i * 7;         // ₹ 12,34,567.89 and up
      want += BigInt(paise);
      assertStatus(await cell.post('/api/v1/releases', { scheme: 'ahtu_comprehensive', state_lgd: OD, financial_year: '1995-96', amount_paise: paise, units: 1 }), 201);
    }
    const mine = await od.get('/api/v1/releases?limit=500&year=1995-96');
    assertStatus(mine, 200);
    assert.equal(mine.json.total, 300);
    assert.ok(mine.json.items.every((x) => x.state_lgd === OD));
    assert.equal(BigInt(mine.json.amount_paise), want);
    const sum = mine.json.items.reduce((a, x) => a + BigInt(x.amount_paise), 0n);
    assert.equal(sum, want);
    const goas = await goa.get('/api/v1/releases?limit=500');
    assert.ok(goas.json.items.every((x) => x.state_lgd === GOA));
    assert.equal(goas.json.items.filter((x) => x.financial_year === '1996-97').length, 1);
    assertError(await goa.get('/api/v1/releases?year=2011'), 400);
    const csv = await cell.get(`/api/v1/releases?state=${OD}&year=1995-96&format=csv`);
    assertStatus(csv, 200);
    assert.match(csv.text, /₹ 12,34,567\.89/);
    assertStatus(await view.get('/api/v1/schemes'), 200);
  });

  it('utilisation certificates: due 12 months after the year, balances exact, overdue with their age', async () => {
    const goaRelease = (await goa.get('/api/v1/releases?year=1996-97')).json.items[0];
    let st = await goa.get('/api/v1/utilisation');
    assertStatus(st, 200);
    const row = st.json.items.find((x) => x.release_id === goaRelease.id);
    assert.equal(row.uc_due_on, '1998-03-31');               // released in 1996-97
    assert.equal(row.status, 'overdue');
    assert.ok(row.days_overdue > 10000);
    assert.equal(row.unspent, '₹ 15,16,000');
    // Goa accounts for part, then the rest; more than the balance is refused
    let r = await goa.post('/api/v1/utilisation', { release_id: goaRelease.id, amount: '10.5 lakh', certificate_ref: 'UC/1997/7', certified_on: '1997-06-30' });
    assertStatus(r, 201);
    assert.equal(r.json.unspent, '₹ 4,66,000');
    assert.equal(assertError(await goa.post('/api/v1/utilisation', { release_id: goaRelease.id, amount: '5 lakh', certified_on: '1997-07-01' }), 400).field, 'amount');
    assert.equal(assertError(await goa.post('/api/v1/utilisation', { release_id: goaRelease.id, amount: '1 lakh', certified_on: '2999-01-01' }), 400).field, 'certified_on');
    r = await goa.post('/api/v1/utilisation', { release_id: goaRelease.id, amount_paise: 46600000, certified_on: '1997-09-30' });
    assertStatus(r, 201);
    st = await goa.get('/api/v1/utilisation');
    const done = st.json.items.find((x) => x.release_id === goaRelease.id);
    assert.equal(done.status, 'accounted');
    assert.equal(done.unspent_paise, 0);
    assert.equal(done.certificates, 2);
    // another State's release is not Goa's to account for, nor to see
    const odRelease = (await od.get('/api/v1/releases?limit=1&year=1995-96')).json.items[0];
    assertError(await goa.post('/api/v1/utilisation', { release_id: odRelease.id, amount: '1 lakh', certified_on: '2013-01-01' }), 404);
    assert.ok(st.json.items.every((x) => x.state_lgd === GOA));
    // the Cell's overdue list: Odisha's 300 releases of 1995-96, none accounted for
    const late = await cell.get('/api/v1/utilisation?overdue=1');
    assert.ok(late.json.items.every((x) => x.status === 'overdue'));
    assert.equal(late.json.items.filter((x) => x.state_lgd === OD && x.financial_year === '1995-96').length, 300);
    assert.equal(late.json.unspent_paise, late.json.released_paise - late.json.utilised_paise);
    const x = await cell.get(`/api/v1/utilisation?overdue=1&state=${OD}&format=csv`);
    assertStatus(x, 200);
    assert.equal(x.text.split('\r\n').filter((l) => l.includes('1995-96')).length, 300);
    assertError(await cell.get('/api/v1/utilisation?format=doc'), 400);

    // corrections: a certificate, then the release, withdrawn with a reason; they then count nowhere
    const mine = (await goa.get('/api/v1/utilisation')).json.items.find((x) => x.release_id === goaRelease.id);
    assert.equal(mine.certificates_list.length, 2);
    assert.deepEqual(mine.certificates_list.map((c) => c.amount), ['₹ 10,50,000', '₹ 4,66,000']);
    assertError(await cell.post(`/api/v1/releases/${goaRelease.id}/withdraw`, { reason: 'Entered twice' }), 409, 'release.certified');
    assertError(await od.post(`/api/v1/utilisation/${mine.certificates_list[0].id}/withdraw`, { reason: 'x' }), 404);
    assert.equal(assertError(await goa.post(`/api/v1/utilisation/${mine.certificates_list[0].id}/withdraw`, {}), 400).field, 'reason');
    for (const c of mine.certificates_list)
      assertStatus(await goa.post(`/api/v1/utilisation/${c.id}/withdraw`, { reason: 'Filed against the wrong release' }), 200);
    assertError(await goa.post(`/api/v1/utilisation/${mine.certificates_list[0].id}/withdraw`, { reason: 'again' }), 404);
    const before = (await cell.get(`/api/v1/releases?state=${GOA}&limit=500`)).json;
    assertError(await goa.post(`/api/v1/releases/${goaRelease.id}/withdraw`, { reason: 'x' }), 403);
    assertStatus(await cell.post(`/api/v1/releases/${goaRelease.id}/withdraw`, { reason: 'Entered twice' }), 200);
    const after = (await cell.get(`/api/v1/releases?state=${GOA}&limit=500`)).json;
    assert.equal(after.total, before.total - 1);
    assert.equal(after.amount_paise, before.amount_paise - 151600000);
    assert.ok(!after.items.some((x) => x.id === goaRelease.id));
    assert.ok(!(await goa.get('/api/v1/utilisation')).json.items.some((x) => x.release_id === goaRelease.id));
    const audit = await cell.get('/api/v1/audit?action=release.withdraw&limit=5');
    assert.ok(audit.json.items.some((a) => a.object_id === String(goaRelease.id)));
  });
});

// ---- the AHTU register, its criteria, training and the dashboard ----

const NORTH_GOA = 551;
const SOUTH_GOA = 552;
let dist; // a district user of North Goa
let ngUnit; // a North Goa unit made below

const dashOf = async (c, q = '') => {
  const r = await c.get(`/api/v1/dashboard${q}`);
  assertStatus(r, 200);
  return r.json;
};
const rowOf = (d, lgd) => d.rows.find((x) => x.lgd === lgd);

describe('the AHTU register', () => {
  before(() => {
    srv.addUser('mo-ng', { role: 'district', jurisdiction: `district:${NORTH_GOA}` });
  });

  it('a State records its units; the status on the record is what the record bears out', async () => {
    dist = await Client.signedIn(srv, 'mo-ng');
    const before = await dashOf(cell);
    // marked functional, but no one posted and no vehicle: the checks say set up only
    let r = await goa.post('/api/v1/ahtus', { district_lgd: NORTH_GOA, name: 'AHTU Panaji', based_at: 'Panaji Police Station',
      scheme: 'ahtu_comprehensive', sanction_year: '2011-12', funds_received: '15.16 lakh', set_up_on: '2012-04-02',
      staff_posted: 0, status: 'functional' });
    assertStatus(r, 201);
    ngUnit = r.json;
    assert.equal(r.json.funds_received, 151600000, 'money is kept in paise');
    assert.equal(r.json.status, 'functional');
    assert.equal(r.json.status_checked, 'set_up');
    assert.match(r.json.shortfalls, /Not functional: at least one officer is posted; an officer is in charge; it has a vehicle; it has a computer\./);
    // what is worked out is not set
    assert.equal(assertError(await goa.post('/api/v1/ahtus', { district_lgd: SOUTH_GOA, name: 'X', based_at: 'Y', sanction_year: '2011-12',
      status: 'sanctioned', status_checked: 'functional' }), 400).field, 'status_checked');
    assert.equal(assertError(await goa.post('/api/v1/ahtus', { district_lgd: SOUTH_GOA, name: 'X', based_at: 'Y', sanction_year: '2011-13',
      status: 'sanctioned' }), 400).field, 'sanction_year');
    assert.equal(assertError(await goa.post('/api/v1/ahtus', { district_lgd: SOUTH_GOA, name: 'X', based_at: 'Y', sanction_year: '2011-12',
      status: 'sanctioned', scheme: 'no_such_scheme' }), 400).field, 'scheme');
    assert.equal(assertError(await goa.post('/api/v1/ahtus', { district_lgd: SOUTH_GOA, name: 'X', based_at: 'Y', sanction_year: '2011-12',
      status: 'sanctioned', funds_received: '12,34' }), 400).field, 'funds_received');
    // a second unit, sanctioned in 2020 and never set up: overdue
    r = await goa.post('/api/v1/ahtus', { district_lgd: SOUTH_GOA, name: 'AHTU Margao', based_at: 'Margao', sanction_year: '2019-20',
      sanctioned_on: '2020-01-15', status: 'sanctioned' });
    assertStatus(r, 201);
    const margao = r.json;
    // the unit is staffed and equipped: now functional, with the reason for the change kept
    r = await goa.patch(`/api/v1/ahtus/${ngUnit.id}`, { staff_posted: 6, officer_in_charge: 'Insp. R. Naik', vehicle: 'yes',
      computer: 'yes', version: ngUnit.version });
    assertStatus(r, 200);
    assert.equal(r.json.status_checked, 'functional');
    assert.equal(r.json.shortfalls, null);
    assert.equal(assertError(await goa.patch(`/api/v1/ahtus/${ngUnit.id}`, { status: 'set_up' }), 400).field, 'reason');
    r = await goa.patch(`/api/v1/ahtus/${ngUnit.id}`, { status: 'set_up', reason: 'The vehicle is under repair' });
    assertStatus(r, 200);
    r = await goa.patch(`/api/v1/ahtus/${ngUnit.id}`, { status: 'functional', reason: 'Repaired' });
    assertStatus(r, 200);
    ngUnit = r.json;
    const h = await goa.get(`/api/v1/ahtus/${ngUnit.id}/history`);
    assertStatus(h, 200);
    assert.ok(JSON.stringify(h.json).includes('The vehicle is under repair'), 'the status history keeps its reasons');
    // the dashboard moves by exactly these two units
    const after = await dashOf(cell);
    const g0 = rowOf(before, GOA), g1 = rowOf(after, GOA);
    assert.deepEqual([g1.ahtus_sanctioned - g0.ahtus_sanctioned, g1.ahtus_set_up - g0.ahtus_set_up, g1.ahtus_functional - g0.ahtus_functional], [2, 1, 1]);
    assert.deepEqual([after.total.ahtus_sanctioned - before.total.ahtus_sanctioned, after.total.ahtus_functional - before.total.ahtus_functional], [2, 1]);
    const late = after.overdue.units.find((u) => u.id === margao.id);
    assert.ok(late, 'a unit not set up 12 months after its sanction is overdue');
    assert.equal(late.due_on, '2021-01-15');
    assert.ok(late.days_overdue > 365 * 5);
  });

  it('each sees its own jurisdiction; a viewer sees the units but not their contacts', async () => {
    const mine = await goa.get('/api/v1/ahtus?limit=500');
    assertStatus(mine, 200);
    assert.ok(mine.json.items.length >= 2 && mine.json.items.every((x) => x.state_lgd === GOA));
    const ods = await od.get('/api/v1/ahtus?limit=500');
    assert.ok(ods.json.items.every((x) => x.state_lgd === OD));
    assertError(await od.get(`/api/v1/ahtus/${ngUnit.id}`), 404);
    assertError(await od.patch(`/api/v1/ahtus/${ngUnit.id}`, { phone: '0832-2420000' }), 404);
    const csv = await goa.get('/api/v1/ahtus?format=csv');
    assertStatus(csv, 200);
    assert.match(csv.text, /₹ 15,16,000/, 'money is exported in rupees, not paise');
    assert.ok(!csv.text.includes('151600000'));
    const d = await dist.get('/api/v1/ahtus?limit=500');
    assert.ok(d.json.items.length >= 1 && d.json.items.every((x) => x.district_lgd === NORTH_GOA));
    assertError(await dist.post('/api/v1/ahtus', { district_lgd: SOUTH_GOA, name: 'X', based_at: 'Y',
      sanction_year: '2011-12', status: 'sanctioned' }), [400, 403]);
    // the officer in charge's account: a user of the unit's district or State, no other
    assertStatus(await goa.patch(`/api/v1/ahtus/${ngUnit.id}`, { officer_login: 'mo-ng' }), 200);
    for (const login of ['mo-od', 'no-such-user', 'mo-view'])
      assert.equal(assertError(await goa.patch(`/api/v1/ahtus/${ngUnit.id}`, { officer_login: login }), 400).field, 'officer_login', login);
    const v = await view.get(`/api/v1/ahtus/${ngUnit.id}`);
    assertStatus(v, 200);
    assert.equal(v.json.status_checked, 'functional');
    assert.ok(!('officer_in_charge' in v.json) && !('phone' in v.json) && !('officer_login' in v.json), 'contacts are not shown to viewers');
  });

  it('the Cell sets the criteria as data; every unit is checked against them at once', async () => {
    const c0 = await goa.get('/api/v1/ahtus/criteria');
    assertStatus(c0, 200);
    const stricter = structuredClone(c0.json.criteria);
    stricter.functional.push({ field: 'internet', op: '=', value: 'yes', label: 'it is on the internet' });
    assertError(await goa.put('/api/v1/ahtus/criteria', { criteria: stricter }), 403);
    for (const [rule, where] of [[{ field: 'nope', op: 'present', label: 'x' }, 'functional[4]'],
      [{ field: 'internet', op: '=', value: 'maybe', label: 'x' }, 'functional[4]'],
      [{ field: 'name', op: '>=', value: 1, label: 'x' }, 'functional[4]'],
      [{ field: 'status_checked', op: 'present', label: 'x' }, 'functional[4]']]) {
      const bad = structuredClone(c0.json.criteria);
      bad.functional.push(rule);
      assert.equal(assertError(await cell.put('/api/v1/ahtus/criteria', { criteria: bad }), 400).field, where, JSON.stringify(rule));
    }
    assertStatus(await cell.put('/api/v1/ahtus/criteria', { criteria: stricter }), 200);
    let u = await goa.get(`/api/v1/ahtus/${ngUnit.id}`);
    assert.equal(u.json.status_checked, 'set_up');
    assert.match(u.json.shortfalls, /it is on the internet/);
    assertStatus(await cell.put('/api/v1/ahtus/criteria', { criteria: c0.json.criteria }), 200);
    u = await goa.get(`/api/v1/ahtus/${ngUnit.id}`);
    assert.equal(u.json.status_checked, 'functional');
  });
});

describe('training', () => {
  let tot;

  it('the Cell records a Training of Trainers course; a State the course its trainees ran', async () => {
    const progs = await cell.get('/api/v1/trainings/programmes');
    assertStatus(progs, 200);
    for (const code of ['tot', 'unodc_project', 'ignou_certificate', 'prosecutors', 'judicial_colloquia'])
      assert.ok(progs.json.items.some((p) => p.code === code), code);
    const before = await dashOf(cell);
    let r = await cell.post('/api/v1/trainings', { programme: 'tot', title: 'ToT, Hyderabad, test batch', starts_on: '2026-07-06',
      ends_on: '2026-07-10', venue: 'SVP National Police Academy', certificates: 9,
      participants: [{ state_lgd: GOA, category: 'police', rank: 'Inspector', count: 4 }, { state_lgd: OD, category: 'police', rank: 'DSP', count: 5 }] });
    assertStatus(r, 201);
    tot = r.json;
    assert.equal(tot.participants, 9);
    assert.equal(tot.police, 9);
    // Goa's own course, run by its trainees: its officers only, held by itself
    const mine = { programme: 'state_courses', title: 'Goa course by ToT trainees', starts_on: '2026-08-03', ends_on: '2026-08-05',
      cascade_of: tot.id, participants: [{ state_lgd: GOA, category: 'police', rank: 'Sub-Inspector', count: 30 },
        { state_lgd: GOA, category: 'ngo', count: 3 }] };
    assert.equal(assertError(await goa.post('/api/v1/trainings', { ...mine, participants: [{ state_lgd: OD, category: 'police', count: 1 }] }), 400).field, 'participants[0]');
    assert.equal(assertError(await goa.post('/api/v1/trainings', { ...mine, host_state_lgd: OD }), 400).field, 'host_state_lgd');
    assert.equal(assertError(await goa.post('/api/v1/trainings', { ...mine, ends_on: '2026-08-01' }), 400).field, 'ends_on');
    assert.equal(assertError(await goa.post('/api/v1/trainings', { ...mine, certificates: 34 }), 400).field, 'certificates');
    assert.equal(assertError(await goa.post('/api/v1/trainings', { ...mine, participants: [mine.participants[0], mine.participants[0]] }), 400).field, 'participants[1]');
    r = await goa.post('/api/v1/trainings', mine);
    assertStatus(r, 201);
    const course = r.json;
    assert.equal(course.host_state_lgd, GOA);
    const t = await cell.get(`/api/v1/trainings/${tot.id}`);
    assert.deepEqual(t.json.cascade.map((c) => [c.id, c.participants]), [[course.id, 33]]);
    // exactly these figures on the dashboard
    const after = await dashOf(cell);
    const g0 = rowOf(before, GOA), g1 = rowOf(after, GOA), o0 = rowOf(before, OD), o1 = rowOf(after, OD);
    assert.equal(g1.officers_trained - g0.officers_trained, 34);
    assert.equal(g1.trainers_trained - g0.trainers_trained, 4);
    assert.equal(g1.cascade_trained - g0.cascade_trained, 33);
    assert.equal(o1.officers_trained - o0.officers_trained, 5);
    assert.equal(after.total.officers_trained - before.total.officers_trained, 39);
    assert.equal(after.total.officers_target, 10000);
    // a change needs the version read; a stale one is refused
    assertError(await goa.patch(`/api/v1/trainings/${course.id}`, { venue: 'Panaji' }), 400);
    r = await goa.patch(`/api/v1/trainings/${course.id}`, { venue: 'Panaji', version: course.version });
    assertStatus(r, 200);
    assert.equal(r.json.participants, 33, 'participants kept when not given');
    assertError(await goa.patch(`/api/v1/trainings/${course.id}`, { venue: 'Margao', version: course.version }), 409);
    // Goa may not change the Cell's course, Odisha may not see Goa's
    assertError(await goa.patch(`/api/v1/trainings/${tot.id}`, { venue: 'X', version: tot.version }), 403);
    assertError(await od.get(`/api/v1/trainings/${course.id}`), 404);
    const odList = await od.get('/api/v1/trainings?limit=500');
    assert.ok(!odList.json.items.some((c) => c.id === course.id));
    assert.ok(odList.json.items.some((c) => c.id === tot.id), 'Odisha sees the course its officers attended');
    const csv = await cell.get('/api/v1/trainings?programme=tot&format=csv');
    assertStatus(csv, 200);
    assert.match(csv.text, /ToT, Hyderabad, test batch/);

    // trainees named: personal data, sealed; no more than counted; read by the Cell and their own State
    const named = `/api/v1/trainings/${tot.id}/trainees`;
    for (const n of ['Inspector Anita Desai-test', 'Inspector Vijay Gawas-test']) {
      assertStatus(await goa.post(named, { state_lgd: GOA, category: 'police', rank: 'Inspector', name: n, certificate_no: `ToT/${n.length}` }), 201);
    }
    assertError(await goa.post(named, { state_lgd: OD, category: 'police', name: 'X' }), 403, 'scope.state');
    assert.equal(assertError(await goa.post(named, { state_lgd: GOA, category: 'police', name: 'X', nickname: 'Y' }), 400).field, 'nickname');
    assert.equal(assertError(await goa.post(named, { state_lgd: 4294967326, category: 'police', name: 'X' }), 400).field, 'state_lgd');
    assertStatus(await od.post(named, { state_lgd: OD, category: 'police', rank: 'DSP', name: 'DSP Odisha One-test' }), 201);
    assertStatus(await cell.post(named, { state_lgd: GOA, category: 'police', name: 'Inspector Third-test' }), 201);
    assertStatus(await cell.post(named, { state_lgd: GOA, category: 'police', name: 'Inspector Fourth-test' }), 201);
    // Goa counted 4 police on this course: a fifth name is refused
    assert.equal(assertError(await cell.post(named, { state_lgd: GOA, category: 'police', name: 'One too many' }), 400).field, 'state_lgd');
    assert.equal(assertError(await cell.post(named, { state_lgd: GOA, category: 'judiciary', name: 'Judge' }), 400).field, 'state_lgd');
    const g = await goa.get(named);
    assertStatus(g, 200);
    assert.deepEqual(g.json.items.map((x) => x.name).sort(), ['Inspector Anita Desai-test', 'Inspector Fourth-test', 'Inspector Third-test', 'Inspector Vijay Gawas-test']);
    assert.ok(g.json.items.every((x) => x.state_lgd === GOA && !('name_sealed' in x)));
    const all = await cell.get(named);
    assert.equal(all.json.items.length, 5);
    assertError(await view.get(named), 403);
    assertError(await dist.get(named), 403);
    assertError(await od.get(`/api/v1/trainings/${course.id}/trainees`), 404);
    // a course Goa held with Odisha's officers too: Goa's edits keep Odisha's counts
    let mixed = await cell.post('/api/v1/trainings', { programme: 'state_courses', title: 'Goa course with Odisha guests', host_state_lgd: GOA,
      starts_on: '2026-10-05', ends_on: '2026-10-06', participants: [{ state_lgd: GOA, category: 'police', rank: 'SI', count: 10 },
        { state_lgd: OD, category: 'police', rank: 'SI', count: 3 }] });
    assertStatus(mixed, 201);
    mixed = await goa.patch(`/api/v1/trainings/${mixed.json.id}`, { title: 'Goa course with Odisha guests (renamed)', version: mixed.json.version });
    assertStatus(mixed, 200);
    assert.equal(mixed.json.participants, 13);
    mixed = await goa.patch(`/api/v1/trainings/${mixed.json.id}`, { participants: [{ state_lgd: GOA, category: 'police', rank: 'SI', count: 2 }],
      version: mixed.json.version });
    assertStatus(mixed, 200);
    assert.deepEqual(mixed.json.participants_by.map((p) => [p.state_lgd, p.count]).sort((a, b) => a[0] - b[0]), [[OD, 3], [GOA, 2]]);
    assertStatus(await goa.post(`/api/v1/trainings/${mixed.json.id}/trainees`, { state_lgd: GOA, category: 'police', name: 'SI One-test' }), 201);
    assertStatus(await goa.post(`/api/v1/trainings/${mixed.json.id}/trainees`, { state_lgd: GOA, category: 'police', name: 'SI Two-test' }), 201);
    // the count cannot fall below those named
    assert.equal(assertError(await goa.patch(`/api/v1/trainings/${mixed.json.id}`, { participants: [{ state_lgd: GOA, category: 'police', rank: 'SI', count: 1 }],
      version: mixed.json.version }), 400).field, 'participants');

    const db = fs.readFileSync(path.join(srv.dir, 'ahtcell.db'));
    const wal = fs.existsSync(path.join(srv.dir, 'ahtcell.db-wal')) ? fs.readFileSync(path.join(srv.dir, 'ahtcell.db-wal')) : Buffer.alloc(0);
    assert.ok(!db.includes('Anita Desai-test') && !wal.includes('Anita Desai-test'), 'names are sealed on disk');
    const audit = await cell.get('/api/v1/audit?action=trainee&limit=50');
    assertStatus(audit, 200);
    const reads = audit.json.items.filter((a) => a.action === 'trainee.read' && a.object_id === String(tot.id));
    assert.deepEqual(reads.map((a) => a.login).sort(), ['mo-cell', 'mo-goa']);
    assert.ok(!JSON.stringify(audit.json).includes('Anita'), 'the audit holds no names');
  });
});

describe('the dashboard', () => {
  it('the national totals are the sums of the States, exact to the paisa', async () => {
    const d = await dashOf(cell);
    assert.equal(d.rows.length, 36);
    assert.equal(d.level, 'state');
    for (const k of ['ahtus_sanctioned', 'ahtus_set_up', 'ahtus_functional', 'officers_trained', 'action_points_open', 'returns_expected'])
      assert.equal(d.rows.reduce((a, x) => a + x[k], 0), d.total[k], k);
    // the total is the States' sum; the release to all the States together (2010-11) stands beside it
    const states = d.rows.reduce((a, x) => a + BigInt(x.released_paise), 0n);
    assert.equal(BigInt(d.total.released_paise), states);
    assert.equal(d.total.released_to_all_states_paise, 8720000000);
    assert.equal(d.total.released_to_all_states_words, '₹ 8.72 crore');
    assert.equal(d.total.ahtus_target, 330);
    assert.ok(d.overdue.utilisation.every((u) => u.days_overdue > 0 && u.state !== 'All States/UTs'));
    assert.ok(d.returns === null || d.returns.period);
  });

  it('a State sees itself and its districts; a district itself', async () => {
    const d = await dashOf(goa);
    assert.equal(d.level, 'district');
    assert.deepEqual(d.rows.map((x) => x.lgd).sort(), [NORTH_GOA, SOUTH_GOA]);
    assert.equal(d.total.name, 'Goa');
    assert.ok(d.total.released_paise > 0 && d.rows.every((x) => x.released === null));
    assert.ok(d.overdue.units.every((u) => u.state === 'Goa'));
    assertError(await goa.get(`/api/v1/dashboard?state=${OD}`), 403, 'scope.state');
    assert.equal(assertError(await goa.get('/api/v1/dashboard?dataset=nope'), 400).field, 'dataset');
    const monthly = await dashOf(goa, '?dataset=aht_monthly');
    assert.equal(monthly.returns.dataset, 'aht_monthly');
    assert.match(monthly.returns.period, /^\d{4}-\d{2}$/);
    const n = await dashOf(dist);
    assert.deepEqual(n.rows.map((x) => x.lgd), [NORTH_GOA]);
    const c = await dashOf(cell, `?state=${GOA}`);
    assert.deepEqual(c.total.ahtus_sanctioned, d.total.ahtus_sanctioned);
  });

  it('counts the cases of the AHTUs: from the case records and from the returns', async () => {
    const before = await dashOf(goa);
    const ng0 = rowOf(before, NORTH_GOA);
    // a case naming the Panaji unit
    const c = await goa.post('/api/v1/cases', { district_lgd: NORTH_GOA, police_station: 'Panaji PS', fir_number: 'MO-1/2026',
      fir_date: new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10), ahtu: 'AHTU Panaji',
      victims: [{ gender: 'Female', age_band: '18--20', nationality: 'IN' }] });
    assertStatus(c, 201);
    const named = await goa.get('/api/v1/cases?ahtu=ahtu%20panaji');
    assertStatus(named, 200);
    assert.deepEqual(named.json.items.map((x) => x.id), [c.json.id]);
    assert.equal((await goa.get('/api/v1/cases?ahtu=AHTU%20Margao')).json.total, 0);
    // the returns of the period counted report 7 cases registered by AHTUs in North Goa
    const { dataset, period } = before.returns;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ahtcell-mo-'));
    const file = path.join(dir, 'ng.csv');
    fs.writeFileSync(file, `dataset,period,district_lgd,indicator,combo,value\r\n${dataset},${period},${NORTH_GOA},cases_registered,itpa,9\r\n`
      + `${dataset},${period},${NORTH_GOA},ahtu_cases,,7\r\n`);
    const imp = srv.cli(['import', 'returns', file, '--as', 'mo-cell', '--accept']);
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(imp.status, 0, imp.stderr);
    const after = await dashOf(goa);
    const ng1 = rowOf(after, NORTH_GOA);
    assert.equal(ng1.ahtu_cases_recorded - ng0.ahtu_cases_recorded, 1);
    assert.equal(ng1.ahtu_cases_returned - ng0.ahtu_cases_returned, 7);
    assert.equal(ng1.returns_submitted - ng0.returns_submitted, 1, 'the imported return counts as received');
    const nat = await dashOf(cell);
    assert.equal(rowOf(nat, GOA).ahtu_cases_returned, after.total.ahtu_cases_returned);
    assert.equal(rowOf(nat, GOA).ahtu_cases_recorded, after.total.ahtu_cases_recorded);
  });

  it('exports as CSV, XLSX and a dated PDF, and files the State report in the library', async () => {
    const csv = await cell.get('/api/v1/dashboard?format=csv');
    assertStatus(csv, 200);
    assert.match(csv.text, /State\/UT or district/);
    assert.match(csv.text, /Goa/);
    const x = await cell.get('/api/v1/dashboard?format=xlsx');
    assertStatus(x, 200);
    assert.ok(x.text.startsWith('PK'), 'an XLSX is a zip');
    const p = await goa.get('/api/v1/dashboard?format=pdf');
    assertStatus(p, 200);
    assert.ok(p.text.startsWith('%PDF-'));
    assertError(await goa.post('/api/v1/dashboard/file', { state_lgd: GOA }), 403);
    const f = await cell.post('/api/v1/dashboard/file', { state_lgd: GOA });
    assertStatus(f, 201);
    assert.match(f.json.title, /Goa/);
    const again = await cell.post('/api/v1/dashboard/file', { state_lgd: GOA });
    assertStatus(again, 201);
    assert.equal(again.json.supersedes_id, f.json.id, 'a new version of the same report');
  });
});
