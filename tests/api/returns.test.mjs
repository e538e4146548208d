// Periodic returns through the real binary: the standard data sets, a
// district's return for a month (blank is not zero), validation rules that
// block and rules that warn, the workflow draft → submitted → approved
// (or returned with a comment) → accepted → reopened by the Cell, every
// value's history, the locks of a period and the Cell's exception, and every
// refusal of someone reaching past their jurisdiction.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, Client, assertError, assertStatus } from './lib.mjs';

const OD = 21;
const WB = 19;
const KHORDHA = 362;      // Odisha
let srv, cell, od, wb, kh, other, view, districtsOd, districtsWb;

/* A month in India, N months from this one, YYYY-MM. */
function month(n) {
  const d = new Date(Date.now() + 330 * 60000);
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  return m.toISOString().slice(0, 7);
}
const NOW = month(0);
const path = (period, district, tail = '') => `/api/v1/returns/aht_monthly/${period}/${district}${tail}`;

before(async () => {
  srv = await Server.start({
    setup: (s) => {
      s.addUser('rt-cell', { role: 'cell' });
      s.addUser('rt-od', { role: 'state', jurisdiction: `state:${OD}` });
      s.addUser('rt-wb', { role: 'state', jurisdiction: `state:${WB}` });
      s.addUser('rt-kh', { role: 'district', jurisdiction: `district:${KHORDHA}` });
      s.addUser('rt-view', { role: 'viewer', jurisdiction: `state:${OD}` });
    },
  });
  districtsOd = (await srv.request('GET', `/api/v1/states/${OD}/districts`)).json.items.map((d) => d.lgd);
  districtsWb = (await srv.request('GET', `/api/v1/states/${WB}/districts`)).json.items.map((d) => d.lgd);
  srv.addUser('rt-other', { role: 'district', jurisdiction: `district:${districtsOd.find((d) => d !== KHORDHA)}` });
  [cell, od, wb, kh, other, view] = await Promise.all(['rt-cell', 'rt-od', 'rt-wb', 'rt-kh', 'rt-other', 'rt-view']
    .map((l) => Client.signedIn(srv, l)));
});
after(async () => { if (srv) await srv.stop(); });

describe('data sets', () => {
  it('ships the standard monthly and annual returns, modelled on the NCRB tables', async () => {
    const r = await kh.get('/api/v1/datasets');
    assertStatus(r, 200);
    assert.deepEqual(r.json.items.map((d) => d.code).sort(), ['aht_annual', 'aht_monthly']);
    const m = await kh.get('/api/v1/datasets/aht_monthly');
    assertStatus(m, 200);
    assert.equal(m.json.period_type, 'monthly');
    const inds = m.json.sections.flatMap((s) => s.indicators);
    const byCode = Object.fromEntries(inds.map((i) => [i.code, i]));
    // victims rescued by sex (3) x age (2); cases by 14 legal heads; purposes 11; nationality 5
    assert.deepEqual(byCode.victims_rescued.cells.map((c) => c.combo),
      ['female_u18', 'female_adult', 'male_u18', 'male_adult', 'transgender_u18', 'transgender_adult']);
    assert.equal(byCode.cases_registered.cells.length, 14);
    assert.ok(byCode.cases_registered.cells.some((c) => c.combo === 'bns143'), 'the BNS sections that replaced IPC 370');
    assert.equal(byCode.victims_purpose.cells.length, 11);
    assert.equal(byCode.rescued_nationality.cells.length, 5);
    assert.deepEqual(byCode.persons_convicted.cells.map((c) => c.combo), ['']);
    for (const code of ['missing_reported', 'missing_traced', 'missing_untraced_4m', 'missing_to_ahtu', 'ahtu_cases',
      'persons_arrested', 'persons_chargesheeted', 'persons_acquitted', 'cases_chargesheeted', 'cases_final_report',
      'cases_convicted', 'cases_acquitted', 'victims_trafficked']) assert.ok(byCode[code], code);
    assert.ok(m.json.rules.some((x) => x.code === 'nationality_total' && x.importance === 'high'));
    assertError(await kh.get('/api/v1/datasets/no_such'), 404);
    assertError(await srv.request('GET', '/api/v1/datasets'), 401);
  });
});

describe('a district\'s return', () => {
  it('starts as an empty draft with its dates', async () => {
    const r = await kh.get(path(NOW, KHORDHA));
    assertStatus(r, 200);
    assert.equal(r.json.status, 'draft');
    assert.equal('id' in r.json, false, 'the return\'s id would count other districts\' returns');
    assert.deepEqual(r.json.values, {});
    assert.equal(r.json.district, 'Khordha');
    assert.equal(r.json.state, 'Odisha');
    assert.equal(r.json.editable, true);
    assert.equal(r.json.dates.first_day, `${NOW}-01`);
    assert.equal(r.json.dates.locked, false);
  });

  it('keeps blank and zero apart, and says which cells are wrong', async () => {
    let r = await kh.put(path(NOW, KHORDHA), { values: { 'victims_rescued.female_u18': 5, 'victims_rescued.male_u18': 0,
      'rescued_nationality.india': 4, ahtu_cases: 3, 'cases_registered.ipc370': 2 } });
    assertStatus(r, 200);
    assert.equal(r.json.values['victims_rescued.male_u18'], 0, 'zero is kept');
    assert.equal('victims_rescued.female_adult' in r.json.values, false, 'blank is no value');
    const codes = r.json.validation.map((v) => v.code).sort();
    assert.ok(codes.includes('nationality_total') && codes.includes('ahtu_within_cases'), codes.join());
    const nat = r.json.validation.find((v) => v.code === 'nationality_total');
    assert.equal(nat.message, 'Victims rescued, by nationality (4) must be equal to Victims rescued (5).');
    assert.ok(nat.cells.includes('rescued_nationality.india') && nat.cells.includes('victims_rescued.female_u18'));
    // a value made blank again, and refusals of bad values
    r = await kh.put(path(NOW, KHORDHA), { values: { 'victims_rescued.male_u18': null } });
    assertStatus(r, 200);
    assert.equal('victims_rescued.male_u18' in r.json.values, false);
    assert.equal(assertError(await kh.put(path(NOW, KHORDHA), { values: { ahtu_cases: -1 } }), 400).field, 'ahtu_cases');
    assert.equal(assertError(await kh.put(path(NOW, KHORDHA), { values: { ahtu_cases: '3' } }), 400).field, 'ahtu_cases');
    assert.equal(assertError(await kh.put(path(NOW, KHORDHA), { values: { ahtu_cases: 2.5 } }), 400).field, 'ahtu_cases');
    assert.equal(assertError(await kh.put(path(NOW, KHORDHA), { values: { 'victims_rescued.female': 1 } }), 400).field,
      'victims_rescued.female');
    assertError(await kh.put(path(NOW, KHORDHA), { values: [1, 2] }), 400);
  });

  it('cannot be submitted while a rule that must hold is broken; warnings do not block', async () => {
    const r = await kh.post(path(NOW, KHORDHA, '/submit'), {});
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.error.code, 'validation.failed');
    assert.deepEqual(r.json.error.rules.map((x) => x.code).sort(), ['ahtu_within_cases', 'nationality_total']);
    assertStatus(await kh.put(path(NOW, KHORDHA), {
      values: { 'rescued_nationality.nepal': 1, 'cases_registered.itpa': 1 },
      comments: { 'rescued_nationality.nepal': 'A girl from Jhapa, rescued at Puri.' },
    }), 200);
    const ok = await kh.get(path(NOW, KHORDHA));
    assert.deepEqual(ok.json.validation.filter((v) => v.importance === 'high'), []);
    assert.ok(ok.json.validation.some((v) => v.code === 'rescued_within_trafficked' && v.importance === 'medium'));
    assert.equal(ok.json.comments['rescued_nationality.nepal'], 'A girl from Jhapa, rescued at Puri.');
  });

  it('refuses an empty save and an empty submission; a comment of spaces is no comment', async () => {
    const empty = districtsOd.find((d) => d !== KHORDHA && d !== districtsOd[1]);
    assert.equal(assertError(await od.put(path(NOW, empty), {}), 400).field, 'values');
    assert.equal(assertError(await od.post(path(NOW, empty, '/submit'), {}), 422).code, 'return.empty');
  });

  it('is reached only within one\'s jurisdiction', async () => {
    assertError(await other.get(path(NOW, KHORDHA)), 404);
    assertError(await other.put(path(NOW, KHORDHA), { values: { ahtu_cases: 9 } }), 404);
    assertError(await wb.get(path(NOW, KHORDHA)), 404);
    assertError(await wb.put(path(NOW, KHORDHA), { values: { ahtu_cases: 9 } }), 404);
    assertError(await kh.get(path(NOW, districtsWb[0])), 404);
    assertStatus(await view.get(path(NOW, KHORDHA)), 200);
    assertError(await view.put(path(NOW, KHORDHA), { values: { ahtu_cases: 9 } }), 403);
    assertError(await cell.put(path(NOW, KHORDHA), { values: { ahtu_cases: 9 } }), 403);
    assertError(await kh.get(path(NOW, 999999)), 404);
    assert.equal(assertError(await kh.get(`/api/v1/returns/aht_monthly/${NOW.replace('-', 'Q')}/${KHORDHA}`), 400).field, 'period');
    assertError(await kh.get(`/api/v1/returns/no_such/${NOW}/${KHORDHA}`), 404);
  });
});

describe('the workflow', () => {
  it('district submits (twice is once), State returns with a comment, district corrects and resubmits', async () => {
    let r = await kh.post(path(NOW, KHORDHA, '/submit'), {});
    assertStatus(r, 200);
    assert.equal(r.json.status, 'submitted');
    assert.ok(r.json.submitted_at);
    const again = await kh.post(path(NOW, KHORDHA, '/submit'), {});
    assertStatus(again, 200);
    assert.equal(again.json.events.length, 1, 'a second submit makes no second event');
    assert.equal(assertError(await kh.put(path(NOW, KHORDHA), { values: { ahtu_cases: 1 } }), 409).code, 'return.locked');
    assertError(await kh.post(path(NOW, KHORDHA, '/approve'), {}), 403);
    assertError(await wb.post(path(NOW, KHORDHA, '/approve'), {}), 404);
    assert.equal(assertError(await od.post(path(NOW, KHORDHA, '/send-back'), {}), 400).field, 'comment');
    assert.equal(assertError(await od.post(path(NOW, KHORDHA, '/send-back'), { comment: '   ' }), 400).field, 'comment');
    r = await od.post(path(NOW, KHORDHA, '/send-back'), { comment: 'Give the AHTU cases by head too.' });
    assertStatus(r, 200);
    assert.equal(r.json.status, 'returned');
    assert.equal(r.json.comment, 'Give the AHTU cases by head too.');
    r = await kh.put(path(NOW, KHORDHA), { values: { ahtu_cases: 2 } });
    assertStatus(r, 200);
    assertStatus(await kh.post(path(NOW, KHORDHA, '/submit'), {}), 200);
  });

  it('State approves, only the Cell accepts, and an accepted return is locked until the Cell reopens it', async () => {
    assertError(await cell.post(path(NOW, KHORDHA, '/accept'), {}), 409);
    let r = await od.post(path(NOW, KHORDHA, '/approve'), {});
    assertStatus(r, 200);
    assert.equal(r.json.status, 'approved');
    assertError(await od.post(path(NOW, KHORDHA, '/accept'), {}), 403);
    r = await cell.post(path(NOW, KHORDHA, '/accept'), {});
    assertStatus(r, 200);
    assert.equal(r.json.status, 'accepted');
    assert.equal(r.json.editable, false);
    assertError(await od.put(path(NOW, KHORDHA), { values: { ahtu_cases: 1 } }), 409);
    assertError(await od.post(path(NOW, KHORDHA, '/send-back'), { comment: 'x' }), 409);
    assert.equal(assertError(await cell.post(path(NOW, KHORDHA, '/reopen'), {}), 400).field, 'comment');
    r = await cell.post(path(NOW, KHORDHA, '/reopen'), { comment: 'The SP reported a wrong figure.' });
    assertStatus(r, 200);
    assert.equal(r.json.status, 'returned');
    assert.deepEqual(r.json.events.map((e) => e.action),
      ['submit', 'send-back', 'submit', 'approve', 'accept', 'reopen']);
    assert.equal(r.json.events[5].comment, 'The SP reported a wrong figure.');
  });

  it('keeps every value\'s history: who, when, old, new', async () => {
    const r = await kh.get(path(NOW, KHORDHA, '/history?cell=ahtu_cases'));
    assertStatus(r, 200);
    assert.equal(r.json.name, 'Cases registered by AHTUs');
    assert.deepEqual(r.json.items.map((h) => [h.old, h.new, h.by]), [[3, 2, 'rt-kh'], [null, 3, 'rt-kh']]);
    const blanked = await kh.get(path(NOW, KHORDHA, '/history?cell=victims_rescued.male_u18'));
    assert.deepEqual(blanked.json.items.map((h) => [h.old, h.new]), [[0, null], [null, 0]]);
    assert.equal(assertError(await kh.get(path(NOW, KHORDHA, '/history?cell=nope')), 400).field, 'cell');
    assertError(await wb.get(path(NOW, KHORDHA, '/history?cell=ahtu_cases')), 404);
  });
});

describe('periods', () => {
  it('a period not begun takes no entry; a period past its lock takes none until the Cell opens it', async () => {
    assert.equal(assertError(await kh.put(path(month(1), KHORDHA), { values: { ahtu_cases: 1 } }), 409).code, 'period.not_started');
    const old = month(-3);
    const r = await kh.get(path(old, KHORDHA));
    assert.equal(r.json.dates.locked, true);
    assert.equal(r.json.editable, false);
    assert.equal(assertError(await kh.put(path(old, KHORDHA), { values: { ahtu_cases: 1 } }), 409).code, 'period.locked');
    assert.equal(assertError(await kh.post(path(old, KHORDHA, '/submit'), {}), 409).code, 'period.locked');
    assertError(await od.put(path(old, KHORDHA, '/exception'), { open_until: '2099-01-01', reason: 'x' }), 403);
    assert.equal(assertError(await cell.put(path(old, KHORDHA, '/exception'), { open_until: '2020-01-01', reason: 'x' }), 400).field, 'open_until');
    assert.equal(assertError(await cell.put(path(old, KHORDHA, '/exception'), { open_until: month(1) + '-28' }), 400).field, 'reason');
    const open = await cell.put(path(old, KHORDHA, '/exception'), { open_until: `${month(1)}-28`, reason: 'Floods in the district' });
    assertStatus(open, 200);
    assert.equal(open.json.dates.locked, false);
    assertStatus(await kh.put(path(old, KHORDHA), { values: { ahtu_cases: 1, 'cases_registered.ipc370': 1 } }), 200);
    // only for that district
    const another = districtsOd.find((d) => d !== KHORDHA);
    assertError(await od.put(path(old, another), { values: { ahtu_cases: 1 } }), 409);
  });

  it('the annual data set takes years, not months', async () => {
    const year = String(new Date().getUTCFullYear());
    assertStatus(await kh.get(`/api/v1/returns/aht_annual/${year}/${KHORDHA}`), 200);
    assert.equal(assertError(await kh.get(`/api/v1/returns/aht_annual/${NOW}/${KHORDHA}`), 400).field, 'period');
  });
});

describe('completeness and timeliness', () => {
  it('counts, per State and per district, what is expected, submitted on time, approved and accepted', async () => {
    const otherDistrict = districtsOd.find((d) => d !== KHORDHA);
    assertStatus(await other.put(path(NOW, otherDistrict), { values: { persons_arrested: 4 } }), 200);
    assertStatus(await other.post(path(NOW, otherDistrict, '/submit'), {}), 200);
    const q = `/api/v1/completeness?dataset=aht_monthly&period=${NOW}`;
    const nat = await cell.get(q);
    assertStatus(nat, 200);
    assert.equal(nat.json.level, 'state');
    assert.equal(nat.json.states.length, 36);
    const odRow = nat.json.states.find((x) => x.state_lgd === OD);
    assert.deepEqual({ ...odRow, state: undefined, state_lgd: undefined },
      { expected: districtsOd.length, entered: 2, submitted: 1, on_time: 1, approved: 0, accepted: 0, returned: 1,
        state: undefined, state_lgd: undefined });
    assert.equal(nat.json.totals.expected, nat.json.states.reduce((a, x) => a + x.expected, 0));
    assert.equal(nat.json.totals.submitted, 1);
    // the State sees its districts; another State's is not there to see
    const st = await od.get(q);
    assert.equal(st.json.level, 'district');
    assert.equal(st.json.districts.length, districtsOd.length);
    assert.ok(st.json.districts.every((d) => d.state_lgd === OD));
    const mine = st.json.districts.find((d) => d.district_lgd === otherDistrict);
    assert.equal(mine.status, 'submitted');
    assert.equal(mine.on_time, true);
    assert.equal(st.json.districts.find((d) => d.district_lgd === KHORDHA).status, 'returned');
    assertError(await wb.get(`${q}&state=${OD}`), 404);
    const dist = await kh.get(q);
    assert.deepEqual(dist.json.districts.map((d) => d.district_lgd), [KHORDHA]);
    // the Cell narrows to a State; exports as the Cell sees it
    assert.equal((await cell.get(`${q}&state=${OD}`)).json.districts.length, districtsOd.length);
    const csv = await cell.get(`${q}&format=csv`);
    assertStatus(csv, 200);
    assert.match(csv.text, /"Odisha","\d+","2","1","1","0","0","1"/);
    assert.equal(assertError(await cell.get('/api/v1/completeness?dataset=aht_monthly&period=2026'), 400).field, 'period');
    assert.equal(assertError(await cell.get(`/api/v1/completeness?dataset=nope&period=${NOW}`), 400).field, 'dataset');
  });
});

describe('the Cell adds a data set without a code change', () => {
  const def = {
    name: 'Quarterly return on missing children', period_type: 'quarterly', lock_days: 45, due_days: 15,
    disaggregations: [{ code: 'mc_sex', name: 'Sex of the child', categories: [{ code: 'sex', name: 'Sex',
      options: [{ code: 'girl', name: 'Girl' }, { code: 'boy', name: 'Boy' }, { code: 'transgender', name: 'Transgender' }] }] }],
    indicators: [
      { code: 'mc_missing', name: 'Children reported missing', disaggregation: 'mc_sex' },
      { code: 'mc_recovered', name: 'Children recovered', disaggregation: 'mc_sex' },
      { code: 'mc_ahtu', name: 'Cases sent to the AHTU' },
    ],
    sections: [{ name: 'Missing children', indicators: ['mc_missing', 'mc_recovered', 'mc_ahtu'] }],
    rules: [{ code: 'girls_recovered', name: 'Girls recovered are at most girls missing', left: '#{mc_recovered.girl}',
      op: '<=', right: '#{mc_missing.girl}', importance: 'high' }],
  };
  it('defines it with its own disaggregation, indicators and rule; districts report it at once', async () => {
    assertError(await od.put('/api/v1/datasets/mc_quarterly', def), 403);
    const bad = (over, field) => cell.put('/api/v1/datasets/mc_quarterly', { ...def, ...over })
      .then((r) => assert.equal(assertError(r, 400).field, field, r.text));
    await bad({ period_type: 'weekly' }, 'period_type');
    await bad({ lock_days: -1 }, 'lock_days');
    await bad({ sections: [{ name: 'x', indicators: ['mc_missing'] }] }, 'sections');
    await bad({ sections: [{ name: 'x', indicators: ['mc_missing', 'mc_recovered', 'mc_ahtu', 'nope'] }] }, 'sections');
    await bad({ rules: [{ ...def.rules[0], left: '#{mc_recovered.woman}' }] }, 'left');
    await bad({ rules: [{ ...def.rules[0], right: '#{mc_missing.girl' }] }, 'right');
    await bad({ rules: [{ ...def.rules[0], op: '=' }] }, 'op');
    await bad({ indicators: [...def.indicators, { code: 'mc_x', name: 'x', disaggregation: 'nope' }] }, 'disaggregation');
    const r = await cell.put('/api/v1/datasets/mc_quarterly', def);
    assertStatus(r, 200);
    assert.equal(r.json.period_type, 'quarterly');
    assert.deepEqual(r.json.sections[0].indicators[0].cells.map((c) => c.combo), ['girl', 'boy', 'transgender']);
    assert.ok((await kh.get('/api/v1/datasets')).json.items.some((d) => d.code === 'mc_quarterly'));
    // this quarter's return takes the new cells, and the new rule blocks
    const d = new Date(Date.now() + 330 * 60000);
    const quarter = `${d.getUTCFullYear()}Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
    const p = `/api/v1/returns/mc_quarterly/${quarter}/${KHORDHA}`;
    let x = await kh.put(p, { values: { 'mc_missing.girl': 3, 'mc_recovered.girl': 4, mc_ahtu: 1 } });
    assertStatus(x, 200);
    assert.equal(x.json.validation[0].message, 'Children recovered: Girl (4) must be at most Children reported missing: Girl (3).');
    assert.equal(assertError(await kh.post(`${p}/submit`, {}), 422).code, 'validation.failed');
    // a renamed indicator is fine; reshaping what holds values is not
    const renamed = { ...def, indicators: def.indicators.map((i) => (i.code === 'mc_ahtu' ? { ...i, name: 'Cases transferred to the AHTU' } : i)) };
    assertStatus(await cell.put('/api/v1/datasets/mc_quarterly', renamed), 200);
    x = await kh.get(p);
    assert.equal(x.json.values.mc_ahtu, 1, 'values stay');
    assert.equal(assertError(await cell.put('/api/v1/datasets/mc_quarterly', { ...def, period_type: 'monthly' }), 409).code, 'dataset.in_use');
    const reshaped = { ...def, disaggregations: [{ ...def.disaggregations[0], categories: [{ code: 'sex', name: 'Sex',
      options: [{ code: 'girl', name: 'Girl' }, { code: 'boy', name: 'Boy' }] }] }] };
    assert.equal(assertError(await cell.put('/api/v1/datasets/mc_quarterly', reshaped), 409).code, 'dataset.in_use');
    // an option renamed keeps its code, so its cells: a name is not a shape
    const named = { ...renamed, disaggregations: [{ ...def.disaggregations[0], categories: def.disaggregations[0].categories
      .map((c) => ({ ...c, options: c.options.map((o) => (o.code === 'girl' ? { ...o, name: 'Girl child' } : o)) })) }] };
    assertStatus(await cell.put('/api/v1/datasets/mc_quarterly', named), 200);
    x = await kh.get(p);
    assert.equal(x.json.values['mc_missing.girl'], 3);
    // an indicator's description stays when a body leaves it out
    const described = { ...named, indicators: named.indicators.map((i) => (i.code === 'mc_ahtu' ? { ...i, description: 'Cases the AHTU took over' } : i)) };
    assertStatus(await cell.put('/api/v1/datasets/mc_quarterly', described), 200);
    const again = await cell.put('/api/v1/datasets/mc_quarterly', named);
    assert.equal(again.json.sections[0].indicators.find((i) => i.code === 'mc_ahtu').description, 'Cases the AHTU took over');
  });
});

describe('a value belongs to its own return', () => {
  it('a cell shared with another data set cannot change an accepted return', async () => {
    const def = {
      name: 'Monthly AHTU return', period_type: 'monthly', lock_days: 30, due_days: 10,
      indicators: [{ code: 'persons_arrested', name: 'Persons arrested' }],
      sections: [{ name: 'Arrests', indicators: ['persons_arrested'] }],
    };
    assertStatus(await cell.put('/api/v1/datasets/ahtu_monthly', def), 200);
    const d = districtsOd[districtsOd.length - 1];
    assertStatus(await od.put(path(NOW, d), { values: { persons_arrested: 4, 'cases_registered.ipc370': 1 } }), 200);
    for (const [c, step] of [[od, 'submit'], [od, 'approve'], [cell, 'accept']]) assertStatus(await c.post(path(NOW, d, `/${step}`), {}), 200);
    const other = `/api/v1/returns/ahtu_monthly/${NOW}/${d}`;
    let r = await od.put(other, { values: { persons_arrested: 999 } });
    assertStatus(r, 200);
    assert.equal(r.json.values.persons_arrested, 999);
    r = await od.get(path(NOW, d));
    assert.equal(r.json.values.persons_arrested, 4, 'the accepted return keeps its value');
    assert.deepEqual((await od.get(path(NOW, d, '/history?cell=persons_arrested'))).json.items.map((h) => h.new), [4]);
  });
});

describe('values unusual for the district', () => {
  it('flags a value far outside the district\'s last months for a comment, without blocking', async () => {
    const d = districtsOd[2];
    const past = [9, 11, 10, 12, 8, 10, 11];
    for (let i = 1; i <= past.length; i++) {
      const p = month(-i);
      if ((await od.get(path(p, d))).json.dates.locked) {
        assertStatus(await cell.put(path(p, d, '/exception'), { open_until: `${month(1)}-28`, reason: 'Back data' }), 200);
      }
      assertStatus(await od.put(path(p, d), { values: { persons_arrested: past[i - 1] } }), 200);
    }
    let r = await od.put(path(NOW, d), { values: { persons_arrested: 95, persons_chargesheeted: 10 } });
    assertStatus(r, 200);
    assert.equal(r.json.unusual.length, 1, JSON.stringify(r.json.unusual));
    const u = r.json.unusual[0];
    assert.equal(u.cell, 'persons_arrested');
    assert.equal(u.value, 95);
    assert.equal(u.periods, 7);
    assert.ok(u.usual_min <= 8 && u.usual_max >= 12 && u.usual_max < 95, JSON.stringify(u));
    assert.equal(u.comment, null);
    r = await od.put(path(NOW, d), { comments: { persons_arrested: 'A raid on a brick kiln: 80 arrested.' } });
    assert.equal(r.json.unusual[0].comment, 'A raid on a brick kiln: 80 arrested.');
    assert.equal(r.json.values.persons_arrested, 95, 'a comment alone keeps the value');
    assertStatus(await od.post(path(NOW, d, '/submit'), {}), 200);
    // a usual value is not flagged
    r = await od.get(path(month(-1), d));
    assert.deepEqual(r.json.unusual, []);
  });
});

describe('the digest chases the returns', () => {
  it('names, per data set and period still open, the districts that have not submitted', async () => {
    // due on the last day of the month, open for ten years: last month is overdue whatever today is
    assertStatus(await cell.put('/api/v1/datasets/dg_monthly', {
      name: 'Monthly rescue count', period_type: 'monthly', lock_days: 3650, due_days: 0,
      indicators: [{ code: 'dg_rescued', name: 'Victims rescued in raids' }],
      sections: [{ name: 'Rescues', indicators: ['dg_rescued'] }],
    }), 200);
    const done = districtsOd[3];
    const p = `/api/v1/returns/dg_monthly/${month(-1)}/${done}`;
    assertStatus(await od.put(p, { values: { dg_rescued: 2 } }), 200);
    assertStatus(await od.post(`${p}/submit`, {}), 200);
    const doneName = (await od.get(p)).json.district;
    const r = await od.get(`/api/v1/digest?state=${OD}`);
    assertStatus(r, 200);
    const last = r.json.returns_overdue.find((x) => x.dataset === 'dg_monthly' && x.period === month(-1));
    assert.ok(last, JSON.stringify(r.json.returns_overdue.map((x) => [x.dataset, x.period])));
    assert.equal(last.expected, districtsOd.length);
    assert.equal(last.missing, districtsOd.length - 1);
    assert.equal(last.districts.length, last.missing);
    assert.equal(last.districts.includes(doneName), false, 'a district that submitted is not chased');
    assert.ok(last.days_overdue >= 1);
    assert.equal(r.json.returns_due_soon.some((x) => x.dataset === 'dg_monthly' && x.period === month(-1)), false);
    // a period closed for entry is no longer chased (the annual return of years ago)
    assert.equal([...r.json.returns_overdue, ...r.json.returns_due_soon].some((x) => x.dataset === 'aht_annual'
      && Number(x.period) < new Date().getUTCFullYear() - 1), false);
    const text = await od.get(`/api/v1/digest?state=${OD}&format=text`);
    assert.match(text.text, new RegExp(`Monthly rescue count, [A-Z][a-z]+ \\d{4}: due \\d{4}-\\d{2}-\\d{2} \\(\\d+ days? late\\); ${districtsOd.length - 1} of ${districtsOd.length} districts`));
    assertError(await wb.get(`/api/v1/digest?state=${OD}`), 403);
  });
});

describe('the pivot', () => {
  // What the tests above entered for persons_arrested in Odisha's monthly returns:
  // districtsOd[2] 9, 11, 10, 12, 8, 10, 11 over the last seven months and 95 now (submitted);
  // this month 4 in districtsOd[0] (submitted) and 4 in the last district (accepted).
  const q = (over) => `/api/v1/pivot?${new URLSearchParams({ dataset: 'aht_monthly', indicator: 'persons_arrested',
    from: month(-7), to: NOW, ...over })}`;
  it('sums an indicator by State, by period and by district, counting the returns asked for', async () => {
    let r = await cell.get(q({ include: 'entered' }));
    assertStatus(r, 200);
    assert.equal(r.json.rows_dim, 'state');
    assert.equal(r.json.rows.length, 36);
    const odi = r.json.rows.findIndex((x) => x.key === String(OD));
    assert.equal(r.json.row_totals[odi], 174);
    assert.equal(r.json.total, 174);
    assert.equal(r.json.row_totals[r.json.rows.findIndex((x) => x.key === String(WB))], null, 'no data is not 0');
    assert.equal((await cell.get(q({ include: 'accepted' }))).json.total, 4);
    assert.equal((await cell.get(q({}))).json.include, 'approved');
    // by period, one State: months in order, this month's sum
    r = await cell.get(q({ include: 'entered', state: OD, rows: 'period' }));
    assert.deepEqual(r.json.rows.map((x) => x.key), [7, 6, 5, 4, 3, 2, 1, 0].map((n) => month(-n)));
    assert.deepEqual(r.json.row_totals, [11, 10, 8, 12, 10, 11, 9, 103]);
    // by district × period
    r = await cell.get(q({ include: 'entered', state: OD, rows: 'district', cols: 'period' }));
    assert.equal(r.json.rows.length, districtsOd.length);
    const di = r.json.rows.findIndex((x) => x.key === String(districtsOd[2]));
    assert.deepEqual(r.json.values[di], [11, 10, 8, 12, 10, 11, 9, 95]);
    assert.deepEqual(r.json.col_totals, [11, 10, 8, 12, 10, 11, 9, 103]);
    // by State x year: the years the periods fall in
    r = await cell.get(q({ include: 'entered', cols: 'year' }));
    assert.equal(r.json.cols_dim, 'year');
    assert.deepEqual(r.json.cols.map((x) => x.key), [...new Set([month(-7).slice(0, 4), NOW.slice(0, 4)])]);
    assert.equal(r.json.total, 174);
    assert.equal(r.json.col_totals.reduce((a, x) => a + (x ?? 0), 0), 174);
  });

  it('gives rates per lakh of the Census 2011 population', async () => {
    const r = await cell.get(q({ include: 'entered', rate: '1' }));
    const i = r.json.rows.findIndex((x) => x.key === String(OD));
    const pop = r.json.rows[i].population;
    assert.ok(pop > 40000000);
    assert.equal(r.json.rates.rows[i], Math.round((174 * 1e7) / pop) / 100);
    assert.equal(r.json.rates.per, 'lakh');
  });

  it('keeps to the caller\'s jurisdiction', async () => {
    assertError(await wb.get(q({ state: OD })), 404);
    let r = await wb.get(q({ include: 'entered' }));
    assert.deepEqual(r.json.rows.map((x) => Number(x.key)).sort(), [...districtsWb].sort());
    assert.equal(r.json.rows_dim, 'district', 'a State sees its districts');
    assert.ok(r.json.rows.every((x) => x.state === 'West Bengal'));
    assert.equal(r.json.total, null);
    r = await kh.get(q({ include: 'entered' }));
    assert.deepEqual(r.json.rows.map((x) => x.key), [String(KHORDHA)]);
    assertError(await view.get(q({})), 403);
  });

  it('refuses what it cannot answer, and exports as seen', async () => {
    assert.equal(assertError(await cell.get(q({ indicator: 'nope' })), 400).field, 'indicator');
    assert.equal(assertError(await cell.get(q({ combo: 'female' })), 400).field, 'combo');
    assert.equal(assertError(await cell.get(q({ rows: 'district' })), 400).field, 'rows');
    assert.equal(assertError(await cell.get(q({ rows: 'state', cols: 'state' })), 400).field, 'cols');
    assert.equal(assertError(await cell.get(q({ from: NOW, to: month(-1) })), 400).field, 'from');
    assert.equal(assertError(await cell.get(q({ include: 'all' })), 400).field, 'include');
    const csv = await cell.get(q({ include: 'entered', state: OD, rows: 'period', format: 'csv' }));
    assertStatus(csv, 200);
    assert.match(csv.text, /"Period","All","Total"/);
    assert.match(csv.text, /"103","103"/);
    assert.equal(assertError(await cell.get(q({ compare: 'last' })), 400).field, 'compare');
  });

  it('gives the change on the periods before and on a year before, row by row', async () => {
    // persons arrested in Odisha: 10 and 11 two and three months ago, 9 last month, 103 now
    let r = await cell.get(q({ include: 'entered', state: OD, rows: 'period', from: month(-1), compare: 'previous' }));
    assertStatus(r, 200);
    assert.deepEqual(r.json.row_totals, [9, 103]);
    assert.equal(r.json.compare.kind, 'previous');
    assert.deepEqual([r.json.compare.from, r.json.compare.to], [month(-3), month(-2)]);
    assert.deepEqual(r.json.compare.row_totals, [10, 11], 'matched by place in the range');
    assert.deepEqual(r.json.compare.change, [-10, 836.4]);
    assert.equal(r.json.compare.total, 21);
    assert.equal(r.json.compare.total_change, 433.3);
    r = await cell.get(q({ include: 'entered', from: month(-1), compare: 'previous' }));
    const odi = r.json.rows.findIndex((x) => x.key === String(OD));
    assert.equal(r.json.row_totals[odi], 112);
    assert.equal(r.json.compare.row_totals[odi], 21, 'places matched by key');
    assert.equal(r.json.compare.change[r.json.rows.findIndex((x) => x.key === String(WB))], null, 'nothing to compare with');
    r = await cell.get(q({ include: 'entered', state: OD, rows: 'period', from: month(-1), compare: 'year' }));
    assert.deepEqual([r.json.compare.from, r.json.compare.to], [month(-13), month(-12)]);
    assert.deepEqual(r.json.compare.row_totals, [null, null]);
    assert.equal(r.json.compare.total_change, null);
    // nothing now is no change, not -100 %; no periods before 1990; years only whole
    r = await cell.get(q({ include: 'entered', from: month(1), to: month(2), compare: 'previous' }));
    assert.equal(r.json.compare.total_change, null);
    assert.equal(assertError(await cell.get(q({ from: '1990-01', to: '1990-03', compare: 'previous' })), 400).field, 'compare');
    assert.equal(assertError(await cell.get(q({ from: '1990-01', to: '1990-03', compare: 'year' })), 400).field, 'compare');
    assert.equal(assertError(await cell.get(q({ from: '2024-11', to: '2025-02', cols: 'year', compare: 'previous' })), 400).field, 'compare');
    assertStatus(await cell.get(q({ from: '2024-01', to: '2025-12', cols: 'year', compare: 'previous' })), 200);
    const csv = await cell.get(q({ include: 'entered', state: OD, rows: 'period', from: month(-1), compare: 'previous', format: 'csv' }));
    assert.match(csv.text, /"Change \(%\)"/);
    assert.match(csv.text, /"Total","112","112","21","\+433\.3"/);
  });
});
