// Monitoring through the real binary, first part (issue 7): the Comprehensive Scheme as the
// Cell's page gives it (330 AHTUs, 10,000 officers, ₹ 8.72 crore for 115 units in 2010-11) in
// the demo; the Cell records releases to the States in any written form of rupees; a State reads
// its own; totals are exact to the paisa however many releases they add up.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
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
    assert.deepEqual(s.targets, [{ measure: 'ahtus_set_up', state_lgd: 0, target: 330 }, { measure: 'officers_trained', state_lgd: 0, target: 10000 }]);
    assert.equal(s.released_paise, 8720000000);
    assert.equal(s.released, '₹ 8,72,00,000');
    assert.equal(s.released_words, '₹ 8.72 crore');
    assert.equal(s.units_funded, 115);
    assert.match(s.source, /page/);
    const y = await cell.get('/api/v1/releases?year=2010-11');
    assert.equal(y.json.amount_words, '₹ 8.72 crore');
    assert.equal(y.json.units, 115);
    assert.equal(y.json.items[0].state, 'All States/UTs');
  });

  it('the Cell records a release in rupees as people write them; refusals name the field', async () => {
    const r = await cell.post('/api/v1/releases', { scheme: 'ahtu_comprehensive', state_lgd: GOA, financial_year: '2011-12',
      amount: '₹ 15.16 lakh', units: 2, sanction_order: 'F.No. 15011/2011-AHT', released_on: '2011-09-14' });
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
      assertStatus(await cell.post('/api/v1/releases', { scheme: 'ahtu_comprehensive', state_lgd: OD, financial_year: '2012-13', amount_paise: paise, units: 1 }), 201);
    }
    const mine = await od.get('/api/v1/releases?limit=500');
    assertStatus(mine, 200);
    assert.equal(mine.json.total, 300);
    assert.ok(mine.json.items.every((x) => x.state_lgd === OD));
    assert.equal(BigInt(mine.json.amount_paise), want);
    const sum = mine.json.items.reduce((a, x) => a + BigInt(x.amount_paise), 0n);
    assert.equal(sum, want);
    const goas = await goa.get('/api/v1/releases');
    assert.ok(goas.json.items.every((x) => x.state_lgd === GOA) && goas.json.total === 1);
    assertError(await goa.get('/api/v1/releases?year=2011'), 400);
    const csv = await cell.get(`/api/v1/releases?state=${OD}&format=csv`);
    assertStatus(csv, 200);
    assert.match(csv.text, /₹ 12,34,567\.89/);
    assertStatus(await view.get('/api/v1/schemes'), 200);
  });

  it('utilisation certificates: due 12 months after the year, balances exact, overdue with their age', async () => {
    const goaRelease = (await goa.get('/api/v1/releases')).json.items[0];
    let st = await goa.get('/api/v1/utilisation');
    assertStatus(st, 200);
    const row = st.json.items.find((x) => x.release_id === goaRelease.id);
    assert.equal(row.uc_due_on, '2013-03-31');               // released in 2011-12
    assert.equal(row.status, 'overdue');
    assert.ok(row.days_overdue > 4000);
    assert.equal(row.unspent, '₹ 15,16,000');
    // Goa accounts for part, then the rest; more than the balance is refused
    let r = await goa.post('/api/v1/utilisation', { release_id: goaRelease.id, amount: '10.5 lakh', certificate_ref: 'UC/2012/7', certified_on: '2012-06-30' });
    assertStatus(r, 201);
    assert.equal(r.json.unspent, '₹ 4,66,000');
    assert.equal(assertError(await goa.post('/api/v1/utilisation', { release_id: goaRelease.id, amount: '5 lakh', certified_on: '2012-07-01' }), 400).field, 'amount');
    assert.equal(assertError(await goa.post('/api/v1/utilisation', { release_id: goaRelease.id, amount: '1 lakh', certified_on: '2999-01-01' }), 400).field, 'certified_on');
    r = await goa.post('/api/v1/utilisation', { release_id: goaRelease.id, amount_paise: 46600000, certified_on: '2012-09-30' });
    assertStatus(r, 201);
    st = await goa.get('/api/v1/utilisation');
    const done = st.json.items.find((x) => x.release_id === goaRelease.id);
    assert.equal(done.status, 'accounted');
    assert.equal(done.unspent_paise, 0);
    assert.equal(done.certificates, 2);
    // another State's release is not Goa's to account for, nor to see
    const odRelease = (await od.get('/api/v1/releases?limit=1')).json.items[0];
    assertError(await goa.post('/api/v1/utilisation', { release_id: odRelease.id, amount: '1 lakh', certified_on: '2013-01-01' }), 404);
    assert.ok(st.json.items.every((x) => x.state_lgd === GOA));
    // the Cell's overdue list: Odisha's 300 releases of 2012-13, none accounted for
    const late = await cell.get('/api/v1/utilisation?overdue=1');
    assert.ok(late.json.items.every((x) => x.status === 'overdue'));
    assert.equal(late.json.items.filter((x) => x.state_lgd === OD).length, 300);
    assert.equal(late.json.unspent_paise, late.json.released_paise - late.json.utilised_paise);
  });
});
